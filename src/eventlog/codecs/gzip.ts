// gzip (Databricks rollover parts, repository packaging): the web DecompressionStream, a global in
// Node 20 and in browsers, so this layer stays free of node: imports.
import { CorruptStreamError } from '../errors';

export async function* gzipStream(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  // Feeding runs beside the reading: a DecompressionStream applies backpressure both ways.
  const feeding = (async () => {
    try {
      for await (const chunk of input) await writer.write(chunk as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch (e) {
      await writer.abort(e).catch(() => undefined);
    }
  })();
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        throw new CorruptStreamError('gzip', e instanceof Error ? e.message : String(e));
      }
      if (r.done) break;
      yield r.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    await feeding;
  }
}

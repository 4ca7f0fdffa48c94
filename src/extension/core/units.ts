// Display helpers for sizes. Parsing of Spark's time and size strings belongs to the format layer;
// times and plurals are the engine's (src/engine/analysis/format.ts), shared with the CLI.

/** `64 MiB = 67108864 bytes`, `100 bytes`. */
export function fmtBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let unit = '';
  for (const u of units) {
    if (Math.abs(v) < 1024) break;
    v /= 1024;
    unit = u;
  }
  if (!unit) return `${bytes} bytes`;
  return `${trimDecimals(v, 2)} ${unit} = ${bytes} bytes`;
}

/** `125 MiB/s = 131072000 bytes per second` */
export function fmtBandwidth(bytesPerSecond: number): string {
  const [human] = fmtBytes(bytesPerSecond).split(' = ');
  return human.endsWith('bytes') ? `${bytesPerSecond} bytes per second`
    : `${human}/s = ${bytesPerSecond} bytes per second`;
}

function trimDecimals(x: number, digits: number): string {
  return String(Number(x.toFixed(digits)));
}

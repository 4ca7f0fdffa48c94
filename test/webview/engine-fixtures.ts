// Fixture results from the real engine: every examples/*.sparkjob.yaml under `spark` and under
// `reserved-slots`, with the wait spans the editor asks for. Bundled and run by make-fixtures.mjs (--engine); pure apart from the file I/O.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseJobFile } from '../../src/format';
import { simulate } from '../../src/engine';

/** One file through the engine, as the editor's timeline gets it (policy spark, with wait spans). */
export function simulateFile(path: string): ReturnType<typeof simulate> {
  const parsed = parseJobFile(readFileSync(path, 'utf8'));
  if (!parsed.model) throw new Error(`${path}: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  return simulate(parsed.model, { policy: 'spark', withWaitSpans: true });
}

export function engineFixtures(root: string, outDir: string): string[] {
  const written: string[] = [];
  const dir = join(root, 'examples');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.sparkjob.yaml')).sort()) {
    const parsed = parseJobFile(readFileSync(join(dir, f), 'utf8'));
    if (!parsed.model) throw new Error(`${f}: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
    for (const policy of ['spark', 'reserved-slots'] as const) {
      // as `sparkjob simulate --policy reserved-slots` does: no reservation in the file means `all: 1`
      const rs = parsed.model.recovery.reservedSlots;
      const none = rs.all <= 0 && !Object.values(rs.perExecutor).some((n) => n > 0);
      const r = simulate(parsed.model, { policy, withWaitSpans: true, reservedSlots: policy === 'reserved-slots' && none ? { perExecutor: {}, all: 1 } : undefined });
      const name = `${basename(f, '.sparkjob.yaml')}.engine.${policy}.json`;
      writeFileSync(join(outDir, name), `${JSON.stringify(r, null, r.attempts.length > 500 ? 0 : 1)}\n`);
      written.push(`${name}: ${r.attempts.length} attempts, recovery ${r.faults.map((x) => x.recoveryLatency).join(', ')} ms`);
    }
  }
  return written;
}

// `sparkjob sweep`: placeholder until the fault analysis lands; says so plainly.
import type { Diagnostic } from '../format/diagnostics';
import type { Args } from './args';

export function runSweep(_args: Args, _read: (f: string) => string | undefined,
  _format: (file: string, text: string, d: Diagnostic) => string): number {
  process.stderr.write('sparkjob: sweep is not available yet\n');
  return 1;
}

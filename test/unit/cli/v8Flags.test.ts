// The V8 flags the command line sets for itself (src/cli/v8Flags.ts): per command, and only on
// the node major they were measured on.
import { describe, expect, it } from 'vitest';
import { CLI_V8_FLAGS, FLAGS_MEASURED_ON, SWEEP_V8_FLAGS, v8FlagsFor } from '../../../src/cli/v8Flags';

describe('v8FlagsFor', () => {
  const measured = `${FLAGS_MEASURED_ON}.20.2`;
  it('gives sweep and check the later optimizing compiler, the other engine commands the inlining budget alone', () => {
    expect(v8FlagsFor('sweep', measured)).toBe(SWEEP_V8_FLAGS);
    expect(v8FlagsFor('check', measured)).toBe(SWEEP_V8_FLAGS);
    for (const c of ['simulate', 'import', 'replay']) expect(v8FlagsFor(c, measured)).toBe(CLI_V8_FLAGS);
    expect(SWEEP_V8_FLAGS).toContain(CLI_V8_FLAGS);
    expect(SWEEP_V8_FLAGS).toContain('--interrupt-budget=270000');
  });

  it('sets none for help and version, nor on a node it was not measured on', () => {
    expect(v8FlagsFor('help', measured)).toBeUndefined();
    expect(v8FlagsFor('version', measured)).toBeUndefined();
    expect(v8FlagsFor('sweep', '22.11.0')).toBeUndefined();
    expect(v8FlagsFor('simulate', '18.19.1')).toBeUndefined();
  });
});

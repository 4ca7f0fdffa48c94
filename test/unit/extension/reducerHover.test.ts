// Hovers say why a reduce task preferred a host (reduce-side locality, the result's reducerPrefs).
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { runAnalysis } from '../../../src/extension/core/analysis';
import { hoverText } from '../../../src/extension/core/hoverText';

// the map outputs all land on executor 1 (cached input): both reduce tasks prefer node1
const text = `version: 1
cluster:
  executors:
    - { id: "1", host: node1, cores: 1 }
    - { id: "2", host: node2, cores: 1 }
jobs:
  - name: J
    stages:
      - name: map
        tasks:
          - { duration: 100ms, prefer: ["exec:1"] }
          - { duration: 100ms, prefer: ["exec:1"] }
      - name: reduce
        parents: [map]
        tasks:
          - { duration: 1s }
          - { duration: 1s }
`;

describe('hover on a reduce task', () => {
  const parsed = parseJobFile(text);
  const sim = runAnalysis(text, { maxAttempts: 1_000_000, defaultSpark: '3.5' }).primary!;
  it('gives the hosts it preferred and the share of the map output their executors hold', () => {
    const h = hoverText(text, text.lastIndexOf('duration: 1s'), { model: parsed.model, sim })!;
    // map 0-100, 100-200 on executor 1; reduce/1 waits NODE_LOCAL for it: 1200-2200
    expect(h.markdown).toContain('**J/reduce/1** in the last simulation');
    expect(h.markdown).toMatch(/executor 1 \(node1\), \*\*NODE_LOCAL\*\*, 1200–2200 ms, success; preferred node1: executor 1 holds 100 % of its map output/);
  });
  it('the stage hover explains the task set once', () => {
    const stage = hoverText(text, text.lastIndexOf('tasks:') + 2, { model: parsed.model, sim })!;
    expect(stage.markdown).toContain('**J/reduce** in the last simulation: 2 attempts');
    expect(stage.markdown).toContain('- node1: executor 1 holds 100 % of its map output (task set of 200 ms)');
    const map = hoverText(text, text.indexOf('tasks:') + 2, { model: parsed.model, sim })!;
    expect(map.markdown).toContain('**J/map** in the last simulation');
    expect(map.markdown).not.toContain('Reduce-side locality');
  });
});

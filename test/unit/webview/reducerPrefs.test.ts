// The reduce-side locality reason (result extension `reducerPrefs` on attempts) through the typed
// protocol and into the timeline's tooltip.
import { describe, expect, it } from 'vitest';
import { validateHostMessage } from '../../../webview/protocol';
import { attemptRows } from '../../../webview/tooltip';
import type { AttemptResult, ReducerPrefsResult } from '../../../src/engine/result';
import spark from '../../fixtures/results/paper-fig2.spark.json';

const prefs: ReducerPrefsResult = {
  mapStage: 'J/map', at: 400, mapOutputs: 4, hosts: ['node1', 'node2'],
  holders: [{ executor: '1', host: 'node1', outputs: 3, share: 0.75 }, { executor: '2', host: 'node2', outputs: 1, share: 0.25 }],
};
const withPrefs = (p: unknown) => {
  const primary = JSON.parse(JSON.stringify(spark)) as typeof spark;
  (primary.attempts[0] as Record<string, unknown>).reducerPrefs = p;
  return { type: 'show', id: 'a', title: 't', sourceName: 'x.sparkjob.yaml', primary };
};

describe('reducerPrefs on attempts', () => {
  it('passes the protocol when well formed and names the path when not', () => {
    expect(validateHostMessage(withPrefs(prefs))).toBeNull();
    expect(validateHostMessage(withPrefs({ ...prefs, hosts: [1] }))).toBe('primary.attempts[0].reducerPrefs.hosts: expected a list of strings');
    expect(validateHostMessage(withPrefs({ ...prefs, holders: [{ executor: '1' }] })))
      .toBe('primary.attempts[0].reducerPrefs.holders: expected a list of { executor, host, outputs, share }');
  });
  it('the tooltip says which hosts it preferred and why', () => {
    const a = { ...(spark.attempts[0] as AttemptResult), reducerPrefs: prefs };
    expect(attemptRows(a, undefined, false)).toContainEqual(['prefers', 'node1, node2: executor 1 holds 75 %, executor 2 holds 25 % of its map output']);
    expect(attemptRows(spark.attempts[0] as AttemptResult, undefined, false).some(([k]) => k === 'prefers')).toBe(false);
  });
});

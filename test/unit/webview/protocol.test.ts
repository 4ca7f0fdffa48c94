import { describe, expect, it } from 'vitest';
import { isHostMessage, isWebviewMessage, validateHostMessage } from '../../../webview/protocol';
import spark from '../../fixtures/results/paper-fig2.spark.json';
import reserved from '../../fixtures/results/paper-fig2.reserved-slots.json';
import streaming from '../../fixtures/results/streaming-hang.spark.json';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const show = (over: Record<string, unknown> = {}) => ({
  type: 'show', id: 'a', title: 't', sourceName: 'x.sparkjob.yaml', primary: clone(spark), ...over,
});

describe('validateHostMessage', () => {
  it('accepts the fixtures, with and without a comparison', () => {
    expect(validateHostMessage(show())).toBeNull();
    expect(validateHostMessage(show({ comparison: clone(reserved), focusFault: 0 }))).toBeNull();
    expect(validateHostMessage(show({ primary: clone(streaming) }))).toBeNull();
    expect(isHostMessage({ type: 'theme' })).toBe(true);
    expect(isHostMessage({ type: 'failed', message: 'No timeline: the simulation ran past its time budget' })).toBe(true);
    expect(isHostMessage({ type: 'failed' })).toBe(false);
  });

  it('accepts the real-run flag of an imported event log as a boolean only', () => {
    expect(validateHostMessage(show({ real: true, comparison: clone(spark) }))).toBeNull();
    expect(validateHostMessage(show({ real: 'yes' }))).toBe('message.real: expected a boolean');
  });

  it('accepts a result without the extension fields slot and localityWait', () => {
    const m = show();
    for (const a of (m.primary as typeof spark).attempts) {
      delete (a as Partial<typeof a>).slot;
      delete (a as Partial<typeof a>).localityWait;
    }
    expect(validateHostMessage(m)).toBeNull();
  });

  it.each([
    [null, 'message: expected an object'],
    [[], 'message: expected an object'],
    [{ type: 'nope' }, 'message.type: unknown message type "nope"'],
    [{ ...show(), id: 3 }, 'message.id: expected a string'],
    [{ ...show(), focusFault: 0.5 }, 'message.focusFault: expected an integer'],
    [{ ...show(), primary: undefined }, 'primary: expected a simulation result object'],
    [{ ...show(), comparison: { formatVersion: 2 } }, 'comparison.formatVersion: expected 1, got 2'],
  ])('rejects %j', (m, msg) => {
    expect(validateHostMessage(m)).toBe(msg);
    expect(isHostMessage(m)).toBe(false);
  });

  it('names the path of a malformed attempt, executor, fault or batch', () => {
    const cases: [(r: typeof spark) => void, string][] = [
      [(r) => { (r.attempts[1] as Record<string, unknown>).launch = 'soon'; }, 'primary.attempts[1].launch: expected a number'],
      [(r) => { r.attempts[0].end = 1000; }, 'primary.attempts[0].end: ends (1000) before it launches (1100)'],
      [(r) => { (r.attempts[0] as Record<string, unknown>).locality = 'LOCAL'; }, 'primary.attempts[0].locality: expected a locality level'],
      [(r) => { (r.attempts[0] as Record<string, unknown>).status = 'ok'; }, 'primary.attempts[0].status: expected success, lost, failed or killed'],
      [(r) => { r.attempts[2].executor = '9'; }, 'primary.attempts[2].executor: names an unknown executor "9"'],
      [(r) => { r.attempts[2].slot = -1; }, 'primary.attempts[2].slot: expected an integer from 0 to 8191'],
      // bounded: lanes.ts allocates a lane per slot
      [(r) => { r.attempts[2].slot = 1e9; }, 'primary.attempts[2].slot: expected an integer from 0 to 8191'],
      [(r) => { r.executors[1].id = '1'; }, 'primary.executors[1].id: duplicate executor id "1"'],
      [(r) => { r.executors[0].slots = 1e9; }, 'primary.executors[0].slots: expected an integer from 0 to 4096'],
      [(r) => { (r.executors[0] as Record<string, unknown>).lostAt = 'later'; }, 'primary.executors[0].lostAt: expected a number or null'],
      [(r) => { (r.faults[0] as Record<string, unknown>).lostTasks = [1]; }, 'primary.faults[0].lostTasks: expected a list of strings'],
      [(r) => { (r.faults[0] as Record<string, unknown>).kind = 'oom'; }, 'primary.faults[0].kind: expected crash, hang, node or decommission'],
      [(r) => { (r.faults[0] as Record<string, unknown>).disabledAt = 'soon'; }, 'primary.faults[0].disabledAt: expected a number'],
      [(r) => { (r as Record<string, unknown>).batches = [{ time: 1 }]; }, 'primary.batches[0].submission: expected a number'],
      [(r) => { (r.attempts[0] as Record<string, unknown>).launch = Infinity; }, 'primary.attempts[0].launch: expected a number'],
    ];
    for (const [mutate, msg] of cases) {
      const m = show();
      mutate(m.primary as typeof spark);
      expect(validateHostMessage(m)).toBe(msg);
    }
  });

  it('accepts a valid 100 k-attempt result (its speed is measured by the benchmark)', () => {
    const r = clone(spark);
    const a = r.attempts[0];
    r.attempts = Array.from({ length: 100_000 }, (_, i) => ({ ...a, index: i }));
    expect(validateHostMessage(show({ primary: r }))).toBeNull();
  });
});

describe('isWebviewMessage (for the host)', () => {
  it('accepts what the webview sends', () => {
    expect(isWebviewMessage({ type: 'ready' })).toBe(true);
    expect(isWebviewMessage({ type: 'revealTask', task: 'J/s/0', attempt: 1, id: 'a' })).toBe(true);
    expect(isWebviewMessage({ type: 'export', format: 'png', encoding: 'base64', data: 'AAAA', suggestedName: 'x.png' })).toBe(true);
    expect(isWebviewMessage({ type: 'requestComparison', id: 'a', policy: 'reserved-slots' })).toBe(true);
    expect(isWebviewMessage({ type: 'error', message: 'x' })).toBe(true);
  });
  it('rejects anything else', () => {
    expect(isWebviewMessage({ type: 'revealTask' })).toBe(false);
    expect(isWebviewMessage({ type: 'export', format: 'gif', encoding: 'utf8', data: '', suggestedName: 'x' })).toBe(false);
    expect(isWebviewMessage({ type: 'requestComparison', id: 'a', policy: 'fifo' })).toBe(false);
    expect(isWebviewMessage('ready')).toBe(false);
    expect(isWebviewMessage({ type: 'run', command: 'rm' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseJobFile } from '../../../src/format';
import { simulate } from '../../../src/engine';
import { recoveryHeadline } from '../../../src/extension/core/recoveryStatus';

const RECEIVER_ONLY = `version: 1
cluster:
  executors:
    - { id: "1", host: node1, cores: 2 }
    - { id: "2", host: node2, cores: 2 }
    - { id: "3", host: node3, cores: 2 }
streaming:
  batchInterval: 1s
  batches: 10
  inputs:
    - name: events
      kind: receiver
      recordsPerSecond: 5000
  outputs:
    - name: counts
      stages:
        - name: map
          input: events
          costPerRecord: 20us
`;

describe('the status bar headline', () => {
  it('the worst latency of a fault that lost work (paper example: 410 ms)', () => {
    const r = simulate(parseJobFile(readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8')).model!);
    expect(recoveryHeadline(r, null)).toEqual({ text: 'Recovery 410 ms', stalled: true });
  });

  it('a fault that lost only the receiver: its relaunch, not "Recovery 0 ms"', () => {
    const model = parseJobFile(RECEIVER_ONLY).model!;
    // between batches (4.5 s: the 4 s batch's 20 ms tasks are done), fail the receiver's executor
    const receiverExec = simulate(model).attempts.find((a) => a.task.startsWith('receiver:'))!.executor;
    const r = simulate(model, { faults: [{ executor: receiverExec, at: 4500, kind: 'crash' }] });
    const f = r.faults[0];
    expect(f.lostTasks).toEqual([]);
    expect(f.lostReceivers).toHaveLength(1);
    expect(f.recoveryLatency).toBe(0);
    const relaunch = f.lostReceivers![0].relaunchedAt! - f.detectedAt!;
    expect(recoveryHeadline(r, null).text).toBe(`Receiver relaunched in ${relaunch} ms`);
  });

  it('a fault that lost nothing, and no fault at all', () => {
    const model = parseJobFile(RECEIVER_ONLY).model!;
    const receiverExec = simulate(model).attempts.find((a) => a.task.startsWith('receiver:'))!.executor;
    const other = ['1', '2', '3'].find((e) => e !== receiverExec)!;
    expect(recoveryHeadline(simulate(model, { faults: [{ executor: other, at: 4500, kind: 'crash' }] }), null).text).toBe('Recovery: nothing lost');
    expect(recoveryHeadline(simulate(model), null).text).toBe('Recovery: no faults');
    expect(recoveryHeadline(simulate(model), 1234).text).toBe('Recovery 1.234 s');
  });
});

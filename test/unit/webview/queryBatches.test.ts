// Query micro-batches in the timeline: drawn as batch bands and delay points (webview/lib/queryBatches.ts).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { bandLabel, withQueryBands, type Band } from '../../../webview/lib/queryBatches';
import { validateHostMessage } from '../../../webview/protocol';
import { parseJobFile } from '../../../src/format';
import { readFileSync } from 'node:fs';

const example = parseJobFile(readFileSync('examples/stateful-kafka-k8s.sparkjob.yaml', 'utf8')).model!;

describe('query batches as timeline bands', () => {
  const r = simulate(example);
  const withBands = withQueryBands(r);
  it('one band per micro-batch, trigger to end, labelled QUERY#ID with its reloads; the trigger interval kept', () => {
    expect(withBands.batches).toHaveLength(r.queryBatches!.length);
    const hit = r.queryBatches!.find((b) => b.lossOf)!;
    const band = withBands.batches.find((b) => (b as Band).label === `sessions#${hit.batchId}`)! as Band;
    expect([band.time, band.processingStart, band.processingEnd, band.totalDelay, band.interval])
      .toEqual([hit.triggerAt, hit.submittedAt, hit.endedAt, hit.durationMs, 1000]);
    expect(bandLabel(band, String)).toBe(`sessions#${hit.batchId} (${hit.stateReloads} reloads)`);
    // the reloads are on the attempts that paid them
    expect(r.attempts.filter((a) => a.stateReload && a.batch === hit.batchId)).toHaveLength(hit.stateReloads);
  });
  it('the protocol accepts the result and rejects a malformed query batch', () => {
    const msg = { type: 'show', id: 'x', title: 't', sourceName: 's', primary: r };
    expect(validateHostMessage(msg)).toBeNull();
    const bad = { ...msg, primary: { ...r, queryBatches: [{ ...r.queryBatches![0], triggerAt: 'soon' }] } };
    expect(validateHostMessage(bad)).toBe('primary.queryBatches[0].triggerAt: expected a number');
  });
});

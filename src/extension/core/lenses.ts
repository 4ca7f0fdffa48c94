// Code lenses as plain data: on each executor "Simulate fault here" and its worst stall; on
// `faults:` "Open timeline". Ranges come from the format's source map.
import type { JobFile, OffsetRange } from '../../format';
import type { SimulationResult } from '../../engine';
import type { SourceLookup } from './findings';
import type { SweepSummary } from './sweepTypes';
import { fmtMs } from '../../engine/analysis/format';

export interface LensData {
  range: OffsetRange;
  title: string;
  command: 'sparkRecoveryLens.simulateFault' | 'sparkRecoveryLens.openTimeline';
  /** the command's argument (besides the document) */
  executor?: string;
  tooltip?: string;
}

/** Worst stall per executor: the sweep's when it ran, else the file's own faults in the last simulation. */
export function worstStalls(sim?: SimulationResult, sweep?: SweepSummary): Map<string, number> {
  const m = new Map<string, number>();
  if (sweep) {
    for (const [id, ms] of Object.entries(sweep.worstStallByExecutor)) m.set(id, ms);
    return m;
  }
  for (const f of sim?.faults ?? []) m.set(f.executor, Math.max(m.get(f.executor) ?? 0, f.localityWait));
  return m;
}

export function codeLenses(model: JobFile, map: SourceLookup, sim?: SimulationResult, sweep?: SweepSummary): LensData[] {
  const out: LensData[] = [];
  const stalls = worstStalls(sim, sweep);
  const listForm = map.value(['cluster', 'executors', 0]) !== undefined;
  if (listForm) {
    model.cluster.executors.forEach((e, i) => {
      const range = map.value(['cluster', 'executors', i]);
      if (!range) return;
      out.push({ range, title: 'Simulate fault here', command: 'sparkRecoveryLens.simulateFault', executor: e.id,
        tooltip: `Choose a moment and a kind of fault for executor ${e.id} and open the timeline` });
      const s = stalls.get(e.id);
      if (s !== undefined) {
        out.push({ range, title: s > 0 ? `worst stall ${fmtMs(s)}` : 'no stall', command: 'sparkRecoveryLens.openTimeline',
          tooltip: sweep ? `Worst locality wait of a re-run over the fault sweep (${sweep.faultsTried} faults tried)` : 'Locality wait of a re-run in the last simulation' });
      }
    });
  } else {
    const range = map.key(['cluster', 'executors']);
    if (range) {
      out.push({ range, title: 'Simulate fault here', command: 'sparkRecoveryLens.simulateFault' });
      const worst = Math.max(0, ...stalls.values());
      if (stalls.size) out.push({ range, title: worst > 0 ? `worst stall ${fmtMs(worst)}` : 'no stall', command: 'sparkRecoveryLens.openTimeline' });
    }
  }
  const faults = map.key(['faults']);
  if (faults) out.push({ range: faults, title: 'Open timeline', command: 'sparkRecoveryLens.openTimeline' });
  return out;
}

// From the engine's model ids to document paths and source ranges: the CLI and the editor put an
// engine finding about executor "2" on its entry in `cluster.executors` (or on the template), a
// finding about a fault on that fault's entry, and so on. Paths index the document; when a model
// exists its lists have the document's order, so model indices are document indices.

import type { OffsetRange } from './diagnostics';
import type { ParseResult } from './parse';
import type { ModelPath } from './sourceMap';

type Parsed = Pick<ParseResult, 'model' | 'sourceMap'>;

/** `['cluster','executors',i]` for the list form, `['cluster','executors']` for the template. */
export function executorPath(parsed: Parsed, id: string): ModelPath | undefined {
  const executors = parsed.model?.cluster.executors;
  if (!executors) return undefined;
  const i = executors.findIndex((e) => e.id === id);
  if (i < 0) return undefined;
  const listForm = parsed.sourceMap.value(['cluster', 'executors', 0]) !== undefined;
  return listForm ? ['cluster', 'executors', i] : ['cluster', 'executors'];
}

/** The fault entry of `executor` at `at` (ms); with no `at`, the first fault on that executor. */
export function faultPath(parsed: Parsed, executor: string, at?: number): ModelPath | undefined {
  const faults = parsed.model?.faults ?? [];
  const i = faults.findIndex((f) => f.executor === executor && (at === undefined || f.at === at));
  return i < 0 ? undefined : ['faults', i];
}

export function jobPath(parsed: Parsed, job: string): ModelPath | undefined {
  const i = parsed.model?.jobs.findIndex((j) => j.name === job) ?? -1;
  return i < 0 ? undefined : ['jobs', i];
}

/** A stage by its result id `JOB/STAGE`. */
export function stagePath(parsed: Parsed, stageId: string): ModelPath | undefined {
  const slash = stageId.indexOf('/');
  if (slash < 0) return undefined;
  const jp = jobPath(parsed, stageId.slice(0, slash));
  if (!jp) return undefined;
  const stages = parsed.model!.jobs[jp[1] as number].stages;
  const j = stages.findIndex((s) => s.name === stageId.slice(slash + 1));
  return j < 0 ? undefined : [...jp, 'stages', j];
}

/** A task by its result id `JOB/STAGE/INDEX`: its list entry, or the stage's `tasks` in the count form. */
export function taskPath(parsed: Parsed, taskId: string): ModelPath | undefined {
  const last = taskId.lastIndexOf('/');
  const sp = last < 0 ? undefined : stagePath(parsed, taskId.slice(0, last));
  if (!sp) return undefined;
  const stage = parsed.model!.jobs[sp[1] as number].stages[sp[3] as number];
  const index = Number(taskId.slice(last + 1));
  if (Array.isArray(stage.tasks) && Number.isInteger(index) && index >= 0 && index < stage.tasks.length) return [...sp, 'tasks', index];
  return [...sp, 'tasks'];
}

export function confPath(key: string): ModelPath {
  return ['conf', key];
}

/** The range at `path`, else at its nearest ancestor in the document, else 0..0. */
export function rangeAt(parsed: Pick<ParseResult, 'sourceMap'>, path: ModelPath | undefined): OffsetRange {
  return (path && parsed.sourceMap.nearest(path)) ?? { start: 0, end: 0 };
}

/**
 * The innermost document path at `offset` (for hover and completion): `onKey` when the offset is
 * on a mapping key rather than its value.
 */
export function pathAtOffset(parsed: Pick<ParseResult, 'sourceMap'>, offset: number): { path: ModelPath; onKey: boolean } | undefined {
  let best: { path: ModelPath; onKey: boolean; size: number } | undefined;
  for (const e of parsed.sourceMap.all()) {
    for (const [r, onKey] of [[e.key, true], [e.value, false]] as const) {
      if (!r || offset < r.start || offset > r.end) continue;
      const size = r.end - r.start;
      if (!best || size < best.size || (size === best.size && e.path.length > best.path.length)) best = { path: e.path, onKey, size };
    }
  }
  return best && { path: best.path, onKey: best.onKey };
}

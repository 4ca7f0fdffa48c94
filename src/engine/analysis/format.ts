// Durations as people read them in messages: "160 ms", "1.25 s", "2 min 5 s".
export function fmtMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(3)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m} min ${s} s` : `${m} min`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "executor 1", "executors 1 and 3", "executors 1, 2 and 3" */
export function executorList(ids: string[]): string {
  if (ids.length === 1) return `executor ${ids[0]}`;
  return `executors ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

// "Did you mean ...?": optimal-string-alignment distance (Damerau-Levenshtein with adjacent
// transpositions), so `spark.localty.wait` and `replaceAftr` find their key.

export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * The closest candidate within `maxDistance` (default: a third of the word's length, at most 3),
 * comparing case-insensitively first; ties go to the earlier candidate.
 */
export function closest(word: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  // short words get no fuzzy guess: "7" is as close to "1" as to anything
  const limit = maxDistance ?? Math.min(3, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c, limit);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined && word.length >= 3) {
    // a truncated word (`reserved` for `reserved-slots`) when only one candidate continues it
    const prefixed = [...candidates].filter((c) => c.startsWith(word));
    if (prefixed.length === 1) return prefixed[0];
  }
  return best;
}

// `yaml`'s nodes as plain data, to compare two trees: every own property of every node but the
// schema and the comments (the fast path keeps none; nothing in src/format reads them).
const NOT_COMPARED = new Set(['schema', 'comment', 'commentBefore', 'spaceBefore']);

export function nodeData(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'number' && Object.is(v, -0) ? '-0' : v;
  if (Array.isArray(v)) return v.map(nodeData);
  const o: Record<string, unknown> = { class: v.constructor.name };
  for (const k of Object.getOwnPropertyNames(v)) if (!NOT_COMPARED.has(k)) o[k] = nodeData((v as Record<string, unknown>)[k]);
  return o;
}

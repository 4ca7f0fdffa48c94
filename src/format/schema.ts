// The JSON Schema (draft-07) of the format, built from the same tables as the parser's checks and
// the editor's hover (formatKeys.ts, confKeys.ts), so the three never drift apart.
// `schemas/sparkjob.schema.json` is this function's output; test/unit/format/schema.test.ts
// fails when it is stale and rewrites it with UPDATE_SCHEMA=1.
// The schema is the editor-side approximation (yaml-language-server): the parser's diagnostics are
// the reference (cross references such as `exec:ID` or `parents` are checked only there).

import { CONF_KEYS, type ConfKeyInfo } from './confKeys';
import { FORMAT_KEYS } from './formatKeys';

type Schema = Record<string, unknown>;

const TIME_SUFFIX = '(us|ms|s|m|min|h|d|US|MS|S|M|MIN|H|D)';
const SIZE_SUFFIX = '([bB]|[kKmMgGtTpP][bB]?)';

const DEFS: Record<string, Schema> = {
  duration: {
    type: 'string',
    pattern: `^\\s*[0-9]+${TIME_SUFFIX}\\s*$`,
    description: "Spark time string: an integer and a unit us, ms, s, m or min (minutes), h, d (200ms, 3s). No fractions: write 1500ms, not 1.5s.",
  },
  size: {
    type: 'string',
    pattern: `^\\s*[0-9]+${SIZE_SUFFIX}\\s*$`,
    description: 'Spark byte string: an integer and a unit b, k, m, g, t, p (kb, mb... also), binary multiples (64m, 1g).',
  },
  id: { type: ['string', 'integer'], description: 'an id or name (a number is taken as its text)' },
  location: {
    type: 'string',
    pattern: '^(exec|host|rack):.+$',
    description: 'exec:ID (block in that executor\'s memory), host:NAME or rack:NAME; host:off-cluster / rack:off-cluster: data where no executor runs (never matches, no warning)',
  },
  durationSpec: {
    oneOf: [
      { $ref: '#/definitions/duration' },
      {
        type: 'object',
        required: ['dist', 'min', 'max'],
        additionalProperties: false,
        properties: {
          dist: { const: 'uniform' },
          min: { $ref: '#/definitions/duration' },
          max: { $ref: '#/definitions/duration' },
        },
      },
      {
        type: 'object',
        required: ['dist', 'median', 'sigma'],
        additionalProperties: false,
        properties: {
          dist: { const: 'lognormal' },
          median: { $ref: '#/definitions/duration' },
          sigma: { type: 'number', minimum: 0 },
        },
      },
    ],
  },
};

function doc(path: string): string {
  const k = FORMAT_KEYS.find((x) => x.path === path);
  if (!k) throw new Error(`formatKeys has no ${path}`);
  return k.default !== undefined ? `${k.doc} (default ${k.default})` : k.doc;
}

/** Scalar schema of a format key by its table type. */
function leaf(path: string, type: string, values?: string[]): Schema {
  const description = doc(path);
  if (values && path !== 'version' && path !== 'spark') return { enum: values, description };
  switch (type) {
    case 'duration':
      return { allOf: [{ $ref: '#/definitions/duration' }], description };
    case 'duration | none':
      return { anyOf: [{ $ref: '#/definitions/duration' }, { const: 'none' }], description };
    case 'duration | distribution':
      return { allOf: [{ $ref: '#/definitions/durationSpec' }], description };
    case 'size':
      return { allOf: [{ $ref: '#/definitions/size' }], description };
    case 'string':
      return { allOf: [{ $ref: '#/definitions/id' }], description };
    case 'boolean':
      return { type: 'boolean', description };
    case 'integer':
      return { type: 'integer', description };
    case 'integer >= 1':
      return { type: 'integer', minimum: 1, description };
    case 'number >= 0':
      return { type: 'number', minimum: 0, description };
    case 'list of strings':
      return { type: 'array', items: { $ref: '#/definitions/id' }, description };
    case 'mapping':
      return { type: 'object', description };
    case 'list':
      return { type: 'array', description };
    default:
      return { description };
  }
}

const hasChildren = (prefix: string) => FORMAT_KEYS.some((k) => k.path.startsWith(prefix));

/**
 * An object whose properties are the table's children of `parent`, recursively: a key with
 * `key[].x` rows is a list of objects, a mapping with `key.x` rows an object. `nested` overrides
 * a child (the list-or-mapping forms of `cluster.executors` and `tasks`).
 */
function object(parent: string, nested: Record<string, Schema> = {}): Schema {
  const prefix = parent === '' ? '' : `${parent}.`;
  const children = FORMAT_KEYS.filter((k) => k.path.startsWith(prefix) && !/[.[]/.test(k.path.slice(prefix.length)));
  const properties: Record<string, Schema> = {};
  for (const k of children) {
    if (nested[k.key]) properties[k.key] = nested[k.key];
    else if (hasChildren(`${k.path}[].`)) properties[k.key] = { type: 'array', items: object(`${k.path}[]`), description: doc(k.path) };
    else if (k.type === 'mapping' && hasChildren(`${k.path}.`)) properties[k.key] = { ...object(k.path), description: doc(k.path) };
    else properties[k.key] = leaf(k.path, k.type, k.values);
  }
  const required = children.filter((k) => k.required).map((k) => k.key);
  const s: Schema = { type: 'object', properties };
  if (required.length > 0) s.required = required;
  s.additionalProperties = false;
  return s;
}

function confValue(k: ConfKeyInfo): Schema {
  const description = `${k.doc} Default: ${k.default}.${k.versionNote ? ` ${k.versionNote}` : ''}`;
  switch (k.type) {
    case 'time':
      return { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: `^\\s*[0-9]+${TIME_SUFFIX}?\\s*$` }], description };
    case 'size':
      return { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: `^\\s*[0-9]+${SIZE_SUFFIX}?\\s*$` }], description };
    case 'int':
    case 'long':
      return { anyOf: [{ type: 'integer', ...(k.min !== undefined ? { minimum: k.min } : {}) }, { type: 'string', pattern: '^\\s*[+-]?[0-9]+\\s*$' }], description };
    case 'double':
      return { anyOf: [{ type: 'number', ...(k.min !== undefined ? { minimum: k.min } : {}) }, { type: 'string' }], description };
    case 'bool':
      return { anyOf: [{ type: 'boolean' }, { type: 'string', pattern: '^\\s*([tT][rR][uU][eE]|[fF][aA][lL][sS][eE])\\s*$' }], description };
    case 'enum':
      return { enum: [...(k.values ?? []), ...(k.values ?? []).map((v) => v.toLowerCase())], description };
    default:
      return { type: ['string', 'number', 'boolean'], description };
  }
}

export function buildJsonSchema(): Schema {
  const T = 'jobs[].stages[].tasks';
  const countForm = object(T, {
    prefer: {
      description: doc(`${T}.prefer`),
      oneOf: [{ type: 'array', items: { $ref: '#/definitions/location' } }, object(`${T}.prefer`)],
    },
  });
  const taskItem = object(`${T}[]`, {
    prefer: { type: 'array', items: { $ref: '#/definitions/location' }, description: doc(`${T}[].prefer`) },
  });
  const stage = object('jobs[].stages[]', {
    tasks: { description: doc(T), oneOf: [{ type: 'array', minItems: 1, items: taskItem }, countForm] },
  });
  const job = object('jobs[]', { stages: { type: 'array', minItems: 1, items: stage, description: doc('jobs[].stages') } });
  const executors = {
    description: doc('cluster.executors'),
    oneOf: [{ type: 'array', minItems: 1, items: object('cluster.executors[]') }, object('cluster.executors')],
  };
  const conf: Schema = {
    type: 'object',
    description: doc('conf'),
    properties: Object.fromEntries(CONF_KEYS.map((k) => [k.key, confValue(k)])),
    additionalProperties: { type: ['string', 'number', 'boolean'] },
  };
  const top = object('', {
    version: { const: 1, description: doc('version') },
    spark: { enum: ['2.2', '3.5', 2.2, 3.5], description: doc('spark') },
    name: { type: ['string', 'number'], description: doc('name') },
    conf,
    cluster: { ...object('cluster', { executors }), description: doc('cluster') },
    jobs: { type: 'array', items: job, description: doc('jobs') },
    queries: {
      type: 'array',
      description: doc('queries'),
      items: object('queries[]', {
        trigger: {
          description: doc('queries[].trigger'),
          oneOf: [{ $ref: '#/definitions/duration' }, { const: 0 }, { const: 'availableNow' }],
        },
      }),
    },
    pools: {
      type: 'array',
      description: doc('pools'),
      // Spark upper-cases schedulingMode (FairSchedulableBuilder.getSchedulingModeValue)
      items: object('pools[]', { schedulingMode: { enum: ['FIFO', 'FAIR', 'fifo', 'fair'], description: doc('pools[].schedulingMode') } }),
    },
    recovery: {
      ...object('recovery', {
        reservedSlots: {
          type: 'object',
          description: doc('recovery.reservedSlots'),
          additionalProperties: { type: 'integer', minimum: 0 },
        },
      }),
      description: doc('recovery'),
    },
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://spark-recovery-lens/schemas/sparkjob.schema.json',
    title: 'Spark Recovery Lens job definition (*.sparkjob.yaml), version 1',
    description: 'One Spark (Streaming) application on one cluster: executors, Spark configuration, work, injected faults and the recovery policy.',
    ...top,
    anyOf: [{ required: ['jobs'] }, { required: ['streaming'] }, { required: ['queries'] }],
    definitions: DEFS,
  };
}

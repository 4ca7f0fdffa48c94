// Pending lists kept across a query's task sets (issue #14): a micro-batch's stages reuse the
// batch before's preference arrays while the state stores stay put and the Kafka executors are
// the same, so their task sets start with the same lists. TaskSetManager builds them once
// (buildLists) and later task sets share them, copy on write (IntList), as forks do.
import type { Cluster } from './cluster';
import type { PrefCodes } from './workload';

/**
 * The pending lists buildLists made for a task set of all of a stage's tasks, with the preference
 * arrays they came from (building them, two per executor on Kubernetes, was a sixth of a query's
 * run). Valid in any cluster where its keys' executors are on the same hosts and those hosts on
 * the same racks: a fork's cluster (a copy of its base's) uses its base's; an added executor may
 * give a host a rack.
 */
export interface ListsTemplate {
  prefStart: Int32Array;
  /** per execKeys entry: its host; per hostKeys entry: its rack */
  execHosts: Int32Array;
  hostRacks: Int32Array;
  prefData: PrefCodes;
  flags: Uint8Array;
  execKeys: number[];
  hostKeys: number[];
  rackKeys: number[];
  execBufs: Int32Array[];
  hostBufs: Int32Array[];
  /** the no-preference list's entries, or its partitions not stored (TaskSetManager.noPrefsBase) */
  none: Int32Array;
  noPrefsBase: number;
  schedExec: number;
  schedHost: number;
  schedRack: number;
  /** the cluster sameLayout last found it valid in, and that cluster's executor count then (only an added executor changes a host's rack) */
  checkedFor: Cluster | null;
  checkedSize: number;
}

/**
 * The latest templates (a few query stages repeat batch after batch). A small ring rather than a
 * WeakMap by preference array: a WeakMap entry is an ephemeron the collector must revisit, and the
 * sweep's forks, each with new arrays after its loss, made it 1.1x slower.
 */
const templates: ListsTemplate[] = [];
const TEMPLATES = 8;
let nextTemplate = 0;

export function findTemplate(prefStart: Int32Array): ListsTemplate | undefined {
  for (let k = 0; k < templates.length; k++) if (templates[k].prefStart === prefStart) return templates[k];
  return undefined;
}

export function keepTemplate(t: ListsTemplate): void {
  for (let k = 0; k < templates.length; k++) {
    if (templates[k].prefStart === t.prefStart) {
      templates[k] = t;
      return;
    }
  }
  templates[nextTemplate] = t;
  nextTemplate = (nextTemplate + 1) % TEMPLATES;
}

export function hostsOf(execKeys: number[], c: Cluster): Int32Array {
  const out = new Int32Array(execKeys.length);
  for (let k = 0; k < execKeys.length; k++) out[k] = c.executors[execKeys[k]].host;
  return out;
}

export function racksOf(hostKeys: number[], c: Cluster): Int32Array {
  const out = new Int32Array(hostKeys.length);
  for (let k = 0; k < hostKeys.length; k++) out[k] = c.hostRack[hostKeys[k]];
  return out;
}

/** The template's executors are on the same hosts, and its hosts on the same racks, in `cluster`. */
export function sameLayout(t: ListsTemplate, cluster: Cluster): boolean {
  const execs = cluster.executors;
  // An executor's host never changes, and a host's rack only when an executor is added: a
  // cluster found valid stays so while it has as many executors (a pass per task set, issue #17).
  if (t.checkedFor === cluster && t.checkedSize === execs.length) return true;
  for (let k = 0; k < t.execKeys.length; k++) {
    const x = t.execKeys[k];
    if (x >= execs.length || execs[x].host !== t.execHosts[k]) return false;
  }
  for (let k = 0; k < t.hostKeys.length; k++) if (cluster.hostRack[t.hostKeys[k]] !== t.hostRacks[k]) return false;
  t.checkedFor = cluster;
  t.checkedSize = execs.length;
  return true;
}

// TaskLocality, in Spark's order (core/.../scheduler/TaskLocality.scala):
// PROCESS_LOCAL < NODE_LOCAL < NO_PREF < RACK_LOCAL < ANY.
import type { Locality } from './result';

export const PROCESS_LOCAL = 0;
export const NODE_LOCAL = 1;
export const NO_PREF = 2;
export const RACK_LOCAL = 3;
export const ANY = 4;

export const LOCALITY_NAMES: readonly Locality[] = ['PROCESS_LOCAL', 'NODE_LOCAL', 'NO_PREF', 'RACK_LOCAL', 'ANY'];

// Messages between the extension host and the event-log import worker (dist/importWorker.js).
import type { SimulationResult } from '../../engine/result';

/**
 * `cancelFlag`: an Int32Array over a SharedArrayBuffer the host sets to 1 on cancel. The worker's
 * reader checks it between chunks without waiting for its event loop, which a compressed chunk
 * (tens of MB of JSON) keeps busy longer than the host's grace period on a loaded machine.
 */
export type ImportRequest = { type: 'import'; path: string; cancelFlag?: Int32Array } | { type: 'cancel' };

export interface ImportSummary {
  appId: string;
  appName: string;
  sparkVersion: string;
  events: number;
  skippedLines: number;
  complete: boolean;
  codec: string;
  container: string;
  attempts: number;
  executors: number;
  faults: number;
  waits: number;
}

export type ImportReply =
  | { type: 'progress'; bytesRead: number; totalBytes: number }
  | { type: 'done'; yaml: string; real: SimulationResult; summary: ImportSummary; ms: number }
  | { type: 'error'; message: string; cancelled: boolean };

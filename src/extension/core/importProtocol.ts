// Messages between the extension host and the event-log import worker (dist/importWorker.js).
import type { SimulationResult } from '../../engine/result';

export type ImportRequest = { type: 'import'; path: string } | { type: 'cancel' };

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

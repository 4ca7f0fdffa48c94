// Event-log reading (pure: no node: imports here; fsSource.ts is the filesystem side).
export { readEvents, newReadStats, type ReadStats, type ReadOptions, type CancelSignal, type SparkEvent } from './reader';
export { bytesSource, type EventLogSource, type EventLogPart, type Container } from './source';
export { EventLogError, type EventLogErrorKind } from './errors';

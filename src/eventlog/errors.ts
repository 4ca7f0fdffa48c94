/** Why a source could not be read as an event log; `message` is one line, ready to print. */
export type EventLogErrorKind = 'empty' | 'binary' | 'not-a-log' | 'unsupported' | 'no-log-in-directory' | 'io' | 'cancelled';

export class EventLogError extends Error {
  constructor(readonly kind: EventLogErrorKind, message: string) {
    super(message);
    this.name = 'EventLogError';
  }
}

/** Thrown by a codec when its input is corrupt; the reader turns it into a truncated part, never into a crash. */
export class CorruptStreamError extends Error {
  constructor(codec: string, detail: string) {
    super(`${codec}: ${detail}`);
    this.name = 'CorruptStreamError';
  }
}

// Events of a plain JSON-lines text (one SparkListener event a line), in file order. Lines that do
// not parse (a truncated tail, a corrupt line) are skipped and counted. Containers and codecs
// (rolling directories, zstd...) are the streaming reader's job; this is the in-memory form.
import type { LogEvent } from './appLog';

export interface ParsedLines {
  events: LogEvent[];
  skipped: number;
}

export function parseEventLines(text: string): ParsedLines {
  const events: LogEvent[] = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) events.push(v as LogEvent);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { events, skipped };
}

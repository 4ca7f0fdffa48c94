// One-line typed errors for what is not a readable event log, and cancellation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource, EventLogError, newReadStats, readEvents } from '../../../src/eventlog';
import { openEventLog } from '../../../src/eventlog/fsSource';
import { collect, haveLogs, logsRoot } from './helpers';
import { testDir } from '../testDir';

async function failure(p: Promise<unknown>): Promise<EventLogError> {
  const e = await p.then(() => undefined, (x) => x);
  expect(e).toBeInstanceOf(EventLogError);
  expect((e as Error).message).not.toContain('\n');
  return e as EventLogError;
}

const line = (o: object) => JSON.stringify(o) + '\n';
const tiny = line({ Event: 'SparkListenerLogStart', 'Spark Version': '3.5.1' }) + line({ Event: 'SparkListenerApplicationEnd', Timestamp: 5 });

describe('refusals', () => {
  it('an empty file', async () => {
    expect((await failure(collect(bytesSource('e.log', new Uint8Array(0))))).kind).toBe('empty');
    const dir = testDir('srl-el-');
    writeFileSync(join(dir, 'empty'), '');
    expect((await failure(openEventLog(join(dir, 'empty')))).message).toBe('empty is empty');
  });

  it('a binary file of no known codec', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    const e = await failure(collect(bytesSource('core.dump', bytes)));
    expect(e.kind).toBe('binary');
    expect(e.message).toBe('core.dump is not a Spark event log (binary content of no known codec)');
  });

  it('a text file that is not an event log, even a JSON-lines one', async () => {
    const text = Array.from({ length: 100 }, (_, i) => `23/11/07 10:59:24.${i} main INFO Something happened`).join('\n');
    expect((await failure(collect(bytesSource('driver.log', new TextEncoder().encode(text))))).kind).toBe('not-a-log');
    const json = Array.from({ length: 3 }, (_, i) => line({ level: 'info', i })).join('');
    expect((await failure(collect(bytesSource('app.jsonl', new TextEncoder().encode(json))))).kind).toBe('not-a-log');
  });

  it('a directory of non-logs, of empty files only, and a missing path', async () => {
    const dir = testDir('srl-el-');
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    writeFileSync(join(dir, 'data.csv'), 'a,b\n');
    const e = await failure(openEventLog(dir));
    expect(e.kind).toBe('no-log-in-directory');
    expect(e.message).toContain('2 other file(s)');
    const markers = join(dir, 'markers');
    mkdirSync(markers);
    writeFileSync(join(markers, 'APPLICATION_COMPLETE'), '');
    expect((await failure(openEventLog(markers))).message).toBe('markers holds no event log (no non-empty file)');
    expect((await failure(openEventLog(join(dir, 'nope')))).kind).toBe('io');
  });

  it.skipIf(!haveLogs)('a folder of separate logs is not one log', async () => {
    const e = await failure(openEventLog(join(logsRoot, 'spark/spark-events')));
    expect(e.message).toMatch(/^spark-events is not an event-log directory .* open one of them\)$/);
  });

  it('a rolling directory: parts by their number (events_10 after events_2), markers ignored', async () => {
    const dir = join(testDir('srl-el-'), 'eventlog_v2_app-1');
    mkdirSync(dir);
    writeFileSync(join(dir, 'appstatus_app-1.inprogress'), '');
    const ev = (n: number) => line({ Event: 'SparkListenerJobEnd', 'Job ID': n });
    writeFileSync(join(dir, 'events_10_app-1'), ev(10));
    writeFileSync(join(dir, 'events_2_app-1'), ev(2));
    writeFileSync(join(dir, 'events_1_app-1'), ev(1));
    const { events, stats } = await collect(await openEventLog(dir));
    expect(events.map((e) => e['Job ID'])).toEqual([1, 2, 10]);
    expect(stats.container).toBe('rolling');
    expect(stats.complete).toBe(false); // no ApplicationEnd: an in-progress app
  });
  it('a legacy (<= 1.2) directory: EVENT_LOG_N parts, the empty markers left out', async () => {
    const dir = join(testDir('srl-el-'), 'local-1422981759269');
    mkdirSync(dir);
    for (const marker of ['SPARK_VERSION_1.2.0', 'APPLICATION_COMPLETE', 'COMPRESSION_CODEC_lzf']) writeFileSync(join(dir, marker), '');
    writeFileSync(join(dir, 'EVENT_LOG_1'), tiny);
    const { events, stats } = await collect(await openEventLog(dir));
    expect([stats.container, stats.parts, events.length, stats.complete]).toEqual(['legacy', 1, 2, true]);
  });
});

describe('cancellation and completeness', () => {
  it('an aborted signal stops the read with a cancelled error', async () => {
    const text = new TextEncoder().encode(tiny.repeat(5000));
    const ac = new AbortController();
    const stats = newReadStats();
    const run = (async () => {
      for await (const _ of readEvents(bytesSource('big', text, 1024), stats, { signal: ac.signal })) ac.abort();
    })();
    expect((await failure(run)).kind).toBe('cancelled');
    expect(stats.events).toBeLessThan(10000);
  });

  it('complete only with an ApplicationEnd and nothing skipped', async () => {
    expect((await collect(bytesSource('a', new TextEncoder().encode(tiny)))).stats.complete).toBe(true);
    const cut = tiny.slice(0, tiny.length - 10);
    const r = await collect(bytesSource('a', new TextEncoder().encode(cut)));
    expect([r.stats.events, r.stats.skippedLines, r.stats.complete]).toEqual([1, 1, false]);
    const blanks = await collect(bytesSource('a', new TextEncoder().encode('\n\r\n' + tiny + '\n\n')));
    expect([blanks.stats.lines, blanks.stats.skippedLines, blanks.stats.complete]).toEqual([2, 0, true]);
  });
});

// Event-log figures of `npm run bench`: the streaming reader's CPU time as a ratio to the bare
// floor of reading a log (the whole file as one string, split on '\n', JSON.parse per line), on
// plain text and on zstd; and the peak RSS of reading a ~1 GB log in a child process (the reader
// must not hold the file). The big log is a real one's jobs repeated with their ids and times
// shifted, written to os.tmpdir() and deleted afterwards.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newReadStats, readEvents, type SparkEvent } from '../src/eventlog';
import { openEventLog } from '../src/eventlog/fsSource';
import { importAppLog, readAppLog } from '../src/eventlog/importer';
import { decodePart } from '../src/eventlog/reader';

const SHARED = (root: string) => resolve(root, '../shared/eventlogs');
const BASE_LOG = 'spark-rapids-tools/spark-events-profiling/nds_q66_gpu.zstd'; // 12,987 tasks, 39.6 MB decoded
const ZSTD_LOG = 'spark-rapids-tools/spark-events-qualification/nds_q88_photon_db_13_3.zstd'; // 128 MiB window, 142 MB decoded

function cpu<T>(f: () => T): { ms: number; value: T } {
  const c = process.cpuUsage();
  const value = f();
  const d = process.cpuUsage(c);
  return { ms: (d.user + d.system) / 1000, value };
}

async function cpuAsync<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const c = process.cpuUsage();
  const value = await f();
  const d = process.cpuUsage(c);
  return { ms: (d.user + d.system) / 1000, value };
}

/** The floor: the whole file as one string, split into lines, JSON.parse each. */
function bareParse(file: string): number {
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) if (line) { JSON.parse(line); n++; }
  return n;
}

async function readAll(file: string): Promise<number> {
  const stats = newReadStats();
  for await (const _ of readEvents(await openEventLog(file), stats)) { /* count only */ }
  return stats.events;
}

/** The reader and the importer's model building (the AppLog of executors, stages and attempts). */
async function modelAll(file: string): Promise<number> {
  const stats = newReadStats();
  await readAppLog(readEvents(await openEventLog(file), stats), stats);
  return stats.events;
}

/** All of `sparkjob import`: the model, the plan, the YAML and its check (src/eventlog/checkPlan.ts). */
async function importAll(file: string): Promise<number> {
  const stats = newReadStats();
  const log = await readAppLog(readEvents(await openEventLog(file), stats), stats);
  importAppLog(log, { source: file, skippedLines: stats.skippedLines });
  return stats.events;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function ratio(plainFile: string, readerFile: string, repeat: number, read: (file: string) => Promise<number> = readAll) {
  const ratios: number[] = [];
  let bareMs = 0;
  let readerMs = 0;
  for (let r = 0; r < repeat; r++) {
    const bare = cpu(() => bareParse(plainFile));
    const reader = await cpuAsync(() => read(readerFile));
    if (bare.value !== reader.value) throw new Error(`event counts differ: ${bare.value} vs ${reader.value}`);
    ratios.push(reader.ms / bare.ms);
    bareMs = bare.ms;
    readerMs = reader.ms;
  }
  const mb = statSync(plainFile).size / 1e6;
  return { ratio: Math.round(median(ratios) * 100) / 100, mb: Math.round(mb), bareMBps: Math.round(mb / (bareMs / 1000)), readerMBps: Math.round(mb / (readerMs / 1000)) };
}

// ---- the big log ---------------------------------------------------------------------------

const TIME_KEYS = new Set(['Submission Time', 'Completion Time', 'Launch Time', 'Finish Time', 'Getting Result Time', 'Timestamp', 'time']);

/** A copy of a job-related event with ids and times moved past the earlier copies. */
function shifted(v: unknown, k: number, span: Spans, parentKind?: 'stage' | 'rdd'): unknown {
  if (Array.isArray(v)) return v.map((x) => shifted(x, k, span, parentKind));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const kind = 'RDD ID' in o ? 'rdd' : 'Stage ID' in o ? 'stage' : parentKind;
  const out: Record<string, unknown> = {};
  for (const [key, x] of Object.entries(o)) {
    if (typeof x === 'number') {
      if (key === 'Job ID') out[key] = x + k * span.job;
      else if (key === 'Stage ID') out[key] = x + k * span.stage;
      else if (key === 'Task ID') out[key] = x + k * span.task;
      else if (key === 'RDD ID') out[key] = x + k * span.rdd;
      else if (key === 'executionId') out[key] = x + k * span.sql;
      else if (TIME_KEYS.has(key) && x > 0) out[key] = x + k * span.ms;
      else out[key] = x;
    } else if (key === 'Stage IDs' && Array.isArray(x)) out[key] = x.map((s) => (s as number) + k * span.stage);
    else if (key === 'Parent IDs' && Array.isArray(x)) out[key] = x.map((s) => (s as number) + k * (kind === 'rdd' ? span.rdd : span.stage));
    else out[key] = shifted(x, k, span, kind);
  }
  return out;
}

interface Spans { job: number; stage: number; task: number; rdd: number; sql: number; ms: number }

export async function writeBigLog(root: string, file: string, targetBytes: number): Promise<{ bytes: number; events: number }> {
  const stats = newReadStats();
  const events: SparkEvent[] = [];
  for await (const e of readEvents(await openEventLog(join(SHARED(root), BASE_LOG)), stats)) events.push(e);
  const firstJob = events.findIndex((e) => e.Event === 'SparkListenerJobStart');
  const endAt = events.findIndex((e) => e.Event === 'SparkListenerApplicationEnd');
  const prelude = events.slice(0, firstJob);
  const body = events.slice(firstJob, endAt < 0 ? events.length : endAt);
  const max = (f: (e: SparkEvent) => number | undefined) => body.reduce((m, e) => Math.max(m, f(e) ?? 0), 0);
  const span: Spans = {
    job: max((e) => e['Job ID'] as number) + 1,
    stage: max((e) => (e['Stage ID'] as number) ?? ((e['Stage Info'] as { 'Stage ID'?: number })?.['Stage ID'])) + 1,
    task: max((e) => (e['Task Info'] as { 'Task ID'?: number })?.['Task ID']) + 1,
    rdd: 100_000,
    sql: max((e) => e.executionId as number) + 1,
    ms: 0,
  };
  const times = body.map((e) => (e['Submission Time'] ?? e['Completion Time'] ?? e.Timestamp ?? e.time) as number).filter((t) => typeof t === 'number' && t > 0);
  span.ms = Math.max(...times) - Math.min(...times) + 1000;
  const fd = openSync(file, 'w');
  let bytes = 0;
  let n = 0;
  const put = (lines: string[]) => {
    const s = lines.join('\n') + '\n';
    bytes += writeSync(fd, s);
    n += lines.length;
  };
  try {
    put(prelude.map((e) => JSON.stringify(e)));
    let copies = 0;
    for (; bytes < targetBytes; copies++) put(body.map((e) => JSON.stringify(copies ? shifted(e, copies, span) : e)));
    const end = events[endAt] ?? { Event: 'SparkListenerApplicationEnd', Timestamp: 0 };
    put([JSON.stringify({ ...end, Timestamp: (end.Timestamp as number) + (copies - 1) * span.ms })]);
  } finally {
    closeSync(fd);
  }
  return { bytes, events: n };
}

/** Child side of the RSS figure: reads the file and prints its peak RSS and counts as JSON. */
export async function eventlogRssChild(file: string, withImport: boolean): Promise<void> {
  const t = performance.now();
  const events = await (withImport ? importAll : readAll)(file);
  console.log(JSON.stringify({ events, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), wallMs: Math.round(performance.now() - t) }));
}

export async function eventlogFigures(root: string, opts: { bigMB: number; repeat: number; log: (s: string) => void }) {
  const shared = SHARED(root);
  if (!existsSync(shared)) {
    opts.log(`eventlog: ${shared} not found, skipped`);
    return undefined;
  }
  const tmp = join(tmpdir(), `srl-bench-${process.pid}`);
  const plain = `${tmp}-plain.json`;
  const q88 = `${tmp}-q88.json`;
  const big = `${tmp}-big.json`;
  try {
    // plain: 3 copies of the base log's jobs (~120 MB)
    await writeBigLog(root, plain, 100e6);
    const plainFig = await ratio(plain, plain, opts.repeat);
    opts.log(`eventlog reader, plain ${plainFig.mb} MB: ${plainFig.ratio}x the bare split + JSON.parse (${plainFig.readerMBps} vs ${plainFig.bareMBps} MB/s)`);
    const modelFig = await ratio(plain, plain, opts.repeat, modelAll);
    opts.log(`eventlog reader + model (AppLog), plain ${modelFig.mb} MB: ${modelFig.ratio}x the bare split + JSON.parse (${modelFig.readerMBps} vs ${modelFig.bareMBps} MB/s)`);
    const importFig = await ratio(plain, plain, opts.repeat, importAll);
    opts.log(`eventlog full import (model, plan, YAML and its check), plain ${importFig.mb} MB: ${importFig.ratio}x the bare split + JSON.parse (${importFig.readerMBps} vs ${importFig.bareMBps} MB/s)`);
    // zstd: the reader on the compressed file against the bare parse of its decoded text
    const fd = openSync(q88, 'w');
    for await (const c of decodePart((await openEventLog(join(shared, ZSTD_LOG))).parts[0]!, newReadStats())) writeSync(fd, c);
    closeSync(fd);
    const zstdFig = await ratio(q88, join(shared, ZSTD_LOG), opts.repeat);
    opts.log(`eventlog reader, zstd (${zstdFig.mb} MB decoded): ${zstdFig.ratio}x the bare parse of the decoded text (${zstdFig.readerMBps} vs ${zstdFig.bareMBps} MB/s)`);
    rmSync(q88, { force: true });
    rmSync(plain, { force: true });
    // peak RSS on the big log, in a child so nothing else of the bench counts
    const t = performance.now();
    const written = await writeBigLog(root, big, opts.bigMB * 1e6);
    opts.log(`eventlog: wrote ${Math.round(written.bytes / 1e6)} MB (${written.events.toLocaleString('en')} events) in ${Math.round(performance.now() - t)} ms`);
    const rss = (withImport: boolean, events = written.events) => {
      const r = spawnSync(process.execPath, ['--max-old-space-size=8192', process.argv[1]!, '--eventlog-rss', big, ...(withImport ? ['--with-import'] : [])],
        { encoding: 'utf8', maxBuffer: 1 << 26 });
      const last = r.stdout.trim().split('\n').pop() ?? '';
      if (r.status !== 0 || !last.startsWith('{')) throw new Error(`big log child (${withImport ? 'import' : 'reader'}) failed: ${(r.stderr || r.error?.message || '').trim().split('\n').filter((l) => /Error|error/.test(l)).slice(0, 2).join(' | ')}`);
      const child = JSON.parse(last) as { events: number; maxRssMB: number; wallMs: number };
      if (child.events !== events) throw new Error(`big log: read ${child.events} events of ${events}`);
      return child;
    };
    const child = rss(false);
    opts.log(`eventlog reader, ${Math.round(written.bytes / 1e6)} MB log: peak RSS ${child.maxRssMB} MB, ${Math.round(written.bytes / 1e3 / child.wallMs)} MB/s wall`);
    // the full import keeps every attempt and writes one YAML line per task: its own figure, on the
    // big log if its job file stays under the format's size limit (SJ003), else on a 400 MB one
    let imp: { events: number; maxRssMB: number; wallMs: number; logMB: number } | undefined;
    let importError: string | undefined;
    try {
      imp = { ...rss(true), logMB: Math.round(written.bytes / 1e6) };
    } catch (e) {
      importError = e instanceof Error ? e.message : String(e);
      opts.log(`eventlog full import, ${Math.round(written.bytes / 1e6)} MB log: ${importError}`);
      const smaller = await writeBigLog(root, big, 400e6);
      imp = { ...rss(true, smaller.events), logMB: Math.round(smaller.bytes / 1e6) };
    }
    opts.log(`eventlog full import, ${imp.logMB} MB log: peak RSS ${imp.maxRssMB} MB (the model keeps every attempt, one record each), ${Math.round(imp.logMB * 1e3 / imp.wallMs)} MB/s wall`);
    return {
      plainRatio: plainFig.ratio, plainMB: plainFig.mb, plainReaderMBps: plainFig.readerMBps, plainBareMBps: plainFig.bareMBps,
      modelRatio: modelFig.ratio, importRatio: importFig.ratio, importMBps: importFig.readerMBps, importLogMB: imp.logMB, importPeakRssMB: imp.maxRssMB, importWallMs: imp.wallMs, bigLogImportError: importError,
      zstdRatio: zstdFig.ratio, zstdDecodedMB: zstdFig.mb, zstdReaderMBps: zstdFig.readerMBps,
      bigLogMB: Math.round(written.bytes / 1e6), bigLogEvents: written.events, bigLogPeakRssMB: child.maxRssMB, bigLogWallMs: child.wallMs,
    };
  } finally {
    for (const f of [plain, q88, big]) rmSync(f, { force: true });
  }
}

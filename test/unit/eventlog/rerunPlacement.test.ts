// Two rules of the import that decide when a re-run launches, on a small log written as Spark 2.4
// writes it (the shape of application_1538416563558_0014's losses 7 and 8: 1-core YARN executors,
// an input stage whose HDFS blocks have replicas on two hosts, containers that join one by one):
// - every attempt launched NODE_LOCAL names one of its task's preferred hosts (a re-run's too);
// - an attempt launched on a cold executor (before any attempt on it ended) keeps its own overhead,
//   the stage's is the mean of the others.
// Times are ms from the application's start; the expected simulation is derived by hand below.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { readAppLogSync, importAppLog } from '../../../src/eventlog/importer';
import { replay } from '../../../src/eventlog/replay';
import type { LogEvent } from '../../../src/eventlog/appLog';

const T0 = 1_540_000_000_000;
const at = (ms: number) => T0 + ms;

function added(id: string, host: string, ms: number): LogEvent {
  return { Event: 'SparkListenerExecutorAdded', Timestamp: at(ms), 'Executor ID': id, 'Executor Info': { Host: host, 'Total Cores': 1 } };
}
function info(tid: number, index: number, attempt: number, exec: string, host: string, launch: number, finish?: number): Record<string, unknown> {
  return { 'Task ID': tid, Index: index, Attempt: attempt, 'Launch Time': at(launch), 'Executor ID': exec, Host: host, Locality: 'NODE_LOCAL', Speculative: false, ...(finish === undefined ? {} : { 'Finish Time': at(finish) }) };
}
function start(tid: number, index: number, attempt: number, exec: string, host: string, launch: number): LogEvent {
  return { Event: 'SparkListenerTaskStart', 'Stage ID': 0, 'Stage Attempt ID': 0, 'Task Info': info(tid, index, attempt, exec, host, launch) };
}
/** a successful end: `run` ms of run time (run + deserialize), the rest of the slot time is overhead */
function success(tid: number, index: number, attempt: number, exec: string, host: string, launch: number, run: number, overhead: number): LogEvent {
  return {
    Event: 'SparkListenerTaskEnd', 'Stage ID': 0, 'Stage Attempt ID': 0, 'Task End Reason': { Reason: 'Success' },
    'Task Info': info(tid, index, attempt, exec, host, launch, launch + run + overhead),
    'Task Metrics': { 'Executor Run Time': run - 100, 'Executor Deserialize Time': 100, 'Result Serialization Time': 0, 'Input Metrics': { 'Bytes Read': 72 } },
  };
}

const HOST_A = 'hostA';
const HOST_B = 'hostB';
const LOG: LogEvent[] = [
  { Event: 'SparkListenerLogStart', 'Spark Version': '2.4.0' },
  { Event: 'SparkListenerApplicationStart', 'App ID': 'application_1_0001', 'App Name': 'replicas', Timestamp: T0 },
  { Event: 'SparkListenerEnvironmentUpdate', 'Spark Properties': { 'spark.master': 'yarn' } },
  added('1', HOST_A, 1000),
  { Event: 'SparkListenerJobStart', 'Job ID': 0, 'Submission Time': at(2000), 'Stage IDs': [0], 'Stage Infos': [{ 'Stage ID': 0, 'Parent IDs': [] }] },
  { Event: 'SparkListenerStageSubmitted', 'Stage Info': { 'Stage ID': 0, 'Stage Attempt ID': 0, 'Stage Name': 'filter', 'Number of Tasks': 3, 'Parent IDs': [], 'Submission Time': at(2000), 'RDD Info': [] } },
  start(0, 0, 0, '1', HOST_A, 2000),
  {
    Event: 'SparkListenerTaskEnd', 'Stage ID': 0, 'Stage Attempt ID': 0, 'Task End Reason': { Reason: 'ExecutorLostFailure', 'Executor ID': '1', 'Exit Caused By App': true, 'Loss Reason': 'Container marked as failed' },
    'Task Info': info(0, 0, 0, '1', HOST_A, 2000, 2500), 'Task Metrics': {},
  },
  { Event: 'SparkListenerExecutorRemoved', Timestamp: at(2500), 'Executor ID': '1', 'Removed Reason': 'Container marked as failed' },
  // the re-run of task 0 on the first new container, on the other host: NODE_LOCAL there too
  added('2', HOST_B, 5000),
  start(1, 0, 1, '2', HOST_B, 5000),
  added('3', HOST_B, 6000),
  start(2, 1, 0, '3', HOST_B, 6000),
  success(1, 0, 1, '2', HOST_B, 5000, 1000, 300),
  start(3, 2, 0, '2', HOST_B, 6300),
  success(3, 2, 0, '2', HOST_B, 6300, 500, 20),
  success(2, 1, 0, '3', HOST_B, 6000, 2000, 400),
  { Event: 'SparkListenerStageCompleted', 'Stage Info': { 'Stage ID': 0, 'Stage Attempt ID': 0, 'Number of Tasks': 3, 'Parent IDs': [], 'Submission Time': at(2000), 'Completion Time': at(8400) } },
  { Event: 'SparkListenerJobEnd', 'Job ID': 0, 'Completion Time': at(8400), 'Job Result': { Result: 'JobSucceeded' } },
  { Event: 'SparkListenerApplicationEnd', Timestamp: at(8500) },
];

describe('a re-run on another replica\'s host, and the overheads of cold executors', () => {
  const appLog = readAppLogSync(LOG);
  const { model, yaml } = importAppLog(appLog);
  const tasks = model.jobs[0].stages[0].tasks as { prefer: { name?: string }[]; overhead?: number }[];

  it('task 0 prefers both hosts its attempts launched NODE_LOCAL on; the others their one host', () => {
    // TaskSetManager.dequeueTask launches a task NODE_LOCAL on host H only from H's pending list,
    // where addPendingTask put it for each of its preferredLocations (TaskSetManager.scala 3.5
    // :262-300 and :309-321; 2.4's pendingTasksForHost the same)
    expect(tasks.map((t) => t.prefer.map((p) => p.name))).toEqual([[HOST_A, HOST_B], [HOST_B], [HOST_B]]);
  });

  it('the attempts launched on cold executors keep their own overhead; the stage has the warm one\'s', () => {
    // task 0#1 was executor 2's first (5000 -> 6300: 1000 run + 300), task 1#0 executor 3's first
    // (6000 -> 8400: 2000 + 400); task 2 launched on executor 2 at 6300, after its first attempt
    // ended (6300 -> 6820: 500 + 20): the stage's overhead is 20 ms
    expect(tasks.map((t) => t.overhead)).toEqual([300, 400, undefined]);
    expect(model.jobs[0].stages[0].overhead).toBe(20);
    expect(yaml).toContain('{ duration: 1000ms, input: 72b, prefer: ["host:hostA", "host:hostB"], overhead: 300ms }');
  });

  it('the simulation launches the re-run on the new container the moment it registers, as the log shows', () => {
    // 2000: job and stage submitted (submitDelay 0: executor 1 was free); levels [NODE_LOCAL, ANY]
    //   (hostA has an executor and task 0); executor 1 takes task 0 from hostA's list
    // 2500: executor 1 crashes 500 ms into task 0 (the fault tied to 0#0); task 0 is queued again
    //   on hostA's and hostB's lists (addPendingTask appends, without looking for it there: hostB's
    //   list, filled in reverse index order at submission, is [2, 1, 0, 0])
    // 5000: executor 2 registers on hostB: recomputeLocality gives [NODE_LOCAL, ANY], its offer
    //   (makeOffers at RegisterExecutor) takes hostB's list from the end (dequeueTaskFromList):
    //   task 0, NODE_LOCAL, for 1000 + 300 ms -> 6300
    // 6000: executor 3 registers: the next entry, 0, runs; then 1: task 1, 2000 + 400 -> 8400
    // 6300: executor 2 frees (its StatusUpdate frees the core and makes offers,
    //   CoarseGrainedSchedulerBackend.scala:165-176): task 2, 500 + 20 -> 6820
    const r = simulate(model);
    const trace = [...r.attempts].sort((a, b) => a.launch - b.launch)
      .map((a) => `${a.task}#${a.attempt} e${a.executor} ${a.locality} ${a.launch}-${a.end} ${a.status}`);
    expect(trace).toEqual([
      'job0/s0/0#0 e1 NODE_LOCAL 2000-2500 lost',
      'job0/s0/0#1 e2 NODE_LOCAL 5000-6300 success',
      'job0/s0/1#0 e3 NODE_LOCAL 6000-8400 success',
      'job0/s0/2#0 e2 NODE_LOCAL 6300-6820 success',
    ]);
  });

  it('the replay\'s re-run delay is the log\'s: 2500 ms after the failure', () => {
    const out = replay(appLog);
    expect(out.report.actual.faults.map((f) => f.rerunDelayMs)).toEqual([2500]);
    expect(out.report.simulated.faults.map((f) => f.rerunDelayMs)).toEqual([2500]);
    expect(out.report.modelError.makespan).toBe(0);
  });
});

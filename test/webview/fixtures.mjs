// Deterministic fixture results for the timeline, shaped exactly like src/engine/result.ts.
// Used until the engine can produce them from examples/*.sparkjob.yaml (see make-fixtures.mjs).

const base = (over) => ({
  formatVersion: 1, spark: '3.5', policy: 'spark', executors: [], attempts: [], faults: [], batches: [],
  metrics: { makespan: 0, localityCounts: {}, reservedSlotIdleMs: 0, events: 0 }, findings: [], aborted: [],
  ...over,
});

const exec = (id, host, slots, over = {}) => ({
  id, host, slots, reservedSlots: 0, addedAt: 0, lostAt: null, lossDetectedAt: null, ...over,
});

function attempt(task, executor, host, readyAt, launch, end, over = {}) {
  const [job, stage, index] = splitTask(task);
  return {
    task, stage: `${job}/${stage}`, job, batch: null, index, attempt: 0, executor, host,
    readyAt, launch, end, locality: 'NODE_LOCAL', status: 'success', recovery: false, reservedSlot: false,
    slot: 0, localityWait: 0, ...over,
  };
}

function splitTask(task) {
  const m = /^(.*)\/([^/]*)\/(\d+)$/.exec(task);
  return m ? [m[1], m[2], Number(m[3])] : [task, '', 0];
}

function metricsOf(r) {
  const localityCounts = {};
  let makespan = 0;
  for (const a of r.attempts) {
    localityCounts[a.locality] = (localityCounts[a.locality] ?? 0) + 1;
    makespan = Math.max(makespan, a.end);
  }
  r.metrics = { ...r.metrics, makespan, localityCounts };
  return r;
}

/** The seed paper's Fig. 2 under Spark's delay scheduling: the re-run waits 160 ms for node1. */
export function paperSpark() {
  return metricsOf(base({
    spark: '2.2', policy: 'spark',
    executors: [exec('1', 'node1', 1), exec('2', 'node2', 1, { lostAt: 1250, lossDetectedAt: 1250 }), exec('3', 'node3', 1)],
    attempts: [
      attempt('J-alpha/map/0', '1', 'node1', 1100, 1100, 1410),
      attempt('J-alpha/map/1', '2', 'node2', 1100, 1100, 1250, { status: 'lost' }),
      attempt('J-alpha/map/1', '1', 'node1', 1250, 1410, 1660, { attempt: 1, recovery: true, localityWait: 160 }),
    ],
    faults: [{
      executor: '2', at: 1250, kind: 'crash', detectedAt: 1250, lostTasks: ['J-alpha/map/1'], recoveredAt: 1660,
      recoveryLatency: 410, localityWait: 160, stalled: true, lowerBoundMs: 250,
    }],
    metrics: { makespan: 1660, localityCounts: {}, reservedSlotIdleMs: 0, events: 14 },
    findings: [{
      severity: 'warning', executor: '2', faultAt: 1250, stallMs: 160, withReservedSlotMs: 250,
      message: 'The re-run of J-alpha/map/1 waits 160 ms for a slot on node1 while executor 3 is idle '
        + '(spark.locality.wait 3s): recovery takes 410 ms; with a reserved slot it would take 250 ms.',
    }],
  }));
}

/** The same fault with one reserved slot on executor 1: the re-run launches at detection. */
export function paperReserved() {
  return metricsOf(base({
    spark: '2.2', policy: 'reserved-slots',
    executors: [exec('1', 'node1', 1, { reservedSlots: 1 }), exec('2', 'node2', 1, { lostAt: 1250, lossDetectedAt: 1250 }),
      exec('3', 'node3', 1)],
    attempts: [
      attempt('J-alpha/map/0', '1', 'node1', 1100, 1100, 1410),
      attempt('J-alpha/map/1', '2', 'node2', 1100, 1100, 1250, { status: 'lost' }),
      attempt('J-alpha/map/1', '1', 'node1', 1250, 1250, 1500,
        { attempt: 1, recovery: true, reservedSlot: true, slot: 1 }),
    ],
    faults: [{
      executor: '2', at: 1250, kind: 'crash', detectedAt: 1250, lostTasks: ['J-alpha/map/1'], recoveredAt: 1500,
      recoveryLatency: 250, localityWait: 0, stalled: false, lowerBoundMs: 250,
    }],
    metrics: { makespan: 1500, localityCounts: {}, reservedSlotIdleMs: 1250, events: 12 },
  }));
}

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A small streaming run: a receiver on executor 1, a batch every second, and executor 3 hanging at
 * 3100 ms, noticed by the heartbeat check at 4000 ms (its tasks look alive until then). The batch of
 * 3000 ms waits for its re-runs, and the batches after it queue behind it (scheduling delay).
 */
export function streaming() {
  const rand = rng(11);
  const executors = [exec('1', 'node1', 2), exec('2', 'node1', 2), exec('3', 'node2', 2, { lostAt: 3100, lossDetectedAt: 4000 }),
    exec('4', 'node2', 2)];
  const host = { 1: 'node1', 2: 'node1', 3: 'node2', 4: 'node2' };
  const attempts = [attempt('receiver:socket', '1', 'node1', 0, 0, 7400, { job: 'receiver:socket', stage: 'receiver:socket',
    locality: 'PROCESS_LOCAL', index: 0 })];
  const free = { '1/1': 0, '2/0': 0, '2/1': 0, '3/0': 0, '3/1': 0, '4/0': 0, '4/1': 0 };
  const batches = [];
  const lost = [];
  let queueFree = 0; // spark.streaming.concurrentJobs = 1: a batch's job starts when the previous one ends
  const pick = (t) => {
    const lanes = Object.keys(free).filter((k) => !(k.startsWith('3/') && t >= 4000));
    lanes.sort((a, b) => free[a] - free[b] || a.localeCompare(b));
    return lanes[0];
  };
  for (let t = 1000; t <= 6000; t += 1000) {
    const out = `counts@${t}`;
    const start = Math.max(t, queueFree);
    let mapEnd = 0;
    for (let i = 0; i < 5; i++) {
      const k = pick(start);
      const [e, s] = k.split('/');
      const launch = Math.max(start, free[k]);
      const a = attempt(`${out}/map/${i}`, e, host[e], start, launch, launch + 180 + Math.round(rand() * 160), {
        batch: t, job: out, slot: Number(s), index: i,
        locality: e === '1' || e === '2' ? 'PROCESS_LOCAL' : i % 2 ? 'NODE_LOCAL' : 'ANY',
      });
      if (e === '3' && a.end > 3100) { a.status = 'lost'; a.end = 4000; lost.push(a); } else mapEnd = Math.max(mapEnd, a.end);
      free[k] = a.end;
      attempts.push(a);
    }
    lost.forEach((l, j) => {
      // the re-runs prefer node1 (the block's replica): one finds executor 2 free, the other waits
      // for it (260 ms) while executor 4 sits idle (delay scheduling)
      const launch = 4000 + j * 260;
      const end = launch + 260;
      attempts.push(attempt(l.task, '2', 'node1', 4000, launch, end, {
        batch: l.batch, job: l.job, index: l.index, attempt: 1, slot: 0, recovery: true, localityWait: j * 260,
        locality: 'PROCESS_LOCAL',
      }));
      free['2/0'] = end;
      mapEnd = Math.max(mapEnd, end);
    });
    const recovered = lost.length > 0;
    lost.length = 0;
    let stageEnd = 0;
    for (let i = 0; i < 2; i++) {
      const k = pick(mapEnd);
      const [e, s] = k.split('/');
      const launch = Math.max(mapEnd, free[k]);
      const a = attempt(`${out}/reduce/${i}`, e, host[e], mapEnd, launch, launch + 40 + Math.round(rand() * 30), {
        batch: t, job: out, slot: Number(s), index: i, locality: 'PROCESS_LOCAL' });
      free[k] = a.end;
      stageEnd = Math.max(stageEnd, a.end);
      attempts.push(a);
    }
    if (recovered) recoveredAt = mapEnd;
    queueFree = stageEnd;
    batches.push({
      time: t, submission: t, processingStart: start, processingEnd: stageEnd, schedulingDelay: start - t,
      processingDelay: stageEnd - start, totalDelay: stageEnd - t,
    });
  }
  addFailedAndKilled(attempts);
  const rec = attempts.filter((a) => a.recovery);
  return metricsOf(base({
    executors, attempts, batches,
    faults: [{
      executor: '3', at: 3100, kind: 'hang', detectedAt: 4000, lostTasks: rec.map((a) => a.task), recoveredAt,
      recoveryLatency: recoveredAt - 4000, localityWait: Math.max(...rec.map((a) => a.localityWait)), stalled: true,
      lowerBoundMs: 260,
    }],
  }));
}
let recoveredAt = null;

/** A failed attempt with its retry, and a speculative copy killed when the original finished. */
function addFailedAndKilled(attempts) {
  const lanes = ['1/1', '2/0', '2/1', '4/0', '4/1'];
  const freeDuring = (lane, a, b) => !attempts.some((x) => `${x.executor}/${x.slot}` === lane && x.launch < b && x.end > a);
  const f = attempts.find((a) => a.task === 'counts@2000/map/2');
  f.status = 'failed';
  let at = f.end, retryLane;
  while (!(retryLane = lanes.find((l) => freeDuring(l, at, at + 120)))) at += 20;
  const [re, rs] = retryLane.split('/');
  attempts.push({ ...f, attempt: 1, status: 'success', executor: re, host: re <= '2' ? 'node1' : 'node2', slot: Number(rs),
    readyAt: f.end, launch: at, end: at + 120 });
  let o, specLane;
  for (const c of attempts.filter((a) => /^counts@\d+\/map\//.test(a.task) && a.status === 'success' && !a.recovery)) {
    specLane = lanes.find((l) => l !== `${c.executor}/${c.slot}` && freeDuring(l, c.launch + 100, c.end));
    if (specLane) { o = c; break; }
  }
  if (!o) throw new Error('no free lane for the speculative copy');
  const [ke, ks] = specLane.split('/');
  attempts.push({ ...o, attempt: 1, status: 'killed', executor: ke, host: ke <= '2' ? 'node1' : 'node2', slot: Number(ks),
    readyAt: o.launch + 100, launch: o.launch + 100, end: o.end, locality: 'NODE_LOCAL' });
}

/**
 * A large run: `executors` executors x `slots` slots on executors/2 hosts, `perLane` attempts per
 * lane (500 x 4 x 50 = 100 000), with executor 17 crashing in the middle and its tasks re-run on
 * executor 18 after a locality wait.
 */
export function big({ executors = 500, slots = 4, perLane = 50, seed = 5 } = {}) {
  const rand = rng(seed);
  const locs = ['PROCESS_LOCAL', 'NODE_LOCAL', 'NODE_LOCAL', 'RACK_LOCAL', 'ANY', 'NO_PREF'];
  const ex = [];
  for (let i = 1; i <= executors; i++) ex.push(exec(String(i), `node${Math.ceil(i / 2)}`, slots));
  const faultAt = 12_000;
  const dead = ex[16];
  dead.lostAt = faultAt; dead.lossDetectedAt = faultAt;
  const attempts = [];
  const lost = [];
  let n = 0;
  const stageSize = 10_000;
  const name = () => {
    const k = n++;
    return `big/s${Math.floor(k / stageSize)}/${k % stageSize}`;
  };
  for (const e of ex) {
    for (let s = 0; s < slots; s++) {
      let t = Math.round(rand() * 50);
      const rerunsHere = e.id === '18' ? lost.filter((_, i) => i % slots === s) : [];
      for (let k = 0; k < perLane; k++) {
        const dur = 150 + Math.round(rand() * 700);
        const ready = t;
        t += Math.round(rand() * 20);
        if (e === dead && t >= faultAt) break;
        const task = name();
        const a = attempt(task, e.id, e.host, ready, t, t + dur, { slot: s, locality: locs[Math.floor(rand() * locs.length)] });
        if (rand() < 0.001) a.status = 'failed';
        if (e === dead && t + dur > faultAt) { a.status = 'lost'; a.end = faultAt; lost.push(a); }
        attempts.push(a);
        t = a.end;
        const r = rerunsHere[0];
        if (r && t >= faultAt + 300) {
          rerunsHere.shift();
          const d = 400;
          attempts.push(attempt(r.task, e.id, e.host, faultAt, t, t + d, {
            attempt: 1, slot: s, recovery: true, localityWait: t - faultAt, locality: 'NODE_LOCAL',
          }));
          r.rerunEnd = t + d;
          t += d;
        }
        if (e === dead && a.status === 'lost') break;
      }
    }
  }
  const recoveredAt = Math.max(...lost.map((a) => a.rerunEnd ?? 0));
  return metricsOf(base({
    executors: ex, attempts,
    faults: [{
      executor: dead.id, at: faultAt, kind: 'crash', detectedAt: faultAt, lostTasks: lost.map((a) => a.task), recoveredAt,
      recoveryLatency: recoveredAt - faultAt, localityWait: Math.max(...lost.map((a) => a.rerunEnd - 400 - faultAt)),
      stalled: true, lowerBoundMs: 700,
    }],
  }));
}

/** A `show` message as the host sends it. */
export function showMessage(primary, comparison, over = {}) {
  return { type: 'show', id: 'fixture', title: 'Paper Fig. 2 - re-run waits for a local slot', sourceName: 'paper-fig2.sparkjob.yaml',
    primary, ...(comparison ? { comparison } : {}), ...over };
}

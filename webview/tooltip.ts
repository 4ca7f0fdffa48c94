// The hover tooltip. Every string from the job file goes in with textContent, never innerHTML.
import { reducerPrefsText, type AttemptResult, type ExecutorResult } from '../src/engine/result';
import { fmtMs } from './lib/format';

export function attemptRows(a: AttemptResult, e: ExecutorResult | undefined, wait: boolean): [string, string][] {
  const rows: [string, string][] = [
    ['task', a.task],
    ['stage', a.stage],
    a.batch === null || a.batch === undefined ? ['job', a.job] : ['batch', `${fmtMs(a.batch)} (${a.job})`],
    ['attempt', `#${a.attempt}${a.stageAttempt ? ` of stage attempt ${a.stageAttempt}` : ''}${a.recovery ? ' · re-run after executor loss' : ''}${a.reservedSlot ? ' · on a reserved slot' : ''}${a.speculative ? ' · speculative copy' : ''}`],
    ['executor', a.executor],
    ['host', a.host],
    ['ready', fmtMs(a.readyAt)],
    ['launch', fmtMs(a.launch)],
    ['end', `${fmtMs(a.end)} (ran ${fmtMs(a.end - a.launch)})`],
    ['locality', a.locality],
  ];
  // reduce-side locality: why its task set preferred these hosts
  if (a.reducerPrefs) rows.push(['prefers', reducerPrefsText(a.reducerPrefs)]);
  const waited = a.launch - a.readyAt;
  if (waited > 0 || a.recovery) {
    const lw = a.localityWait ?? 0;
    const part = lw >= waited ? 'all of it' : `${fmtMs(lw)} of it`;
    rows.push(['wait', lw > 0 ? `${fmtMs(waited)}, ${part} while a slot was free (delay scheduling)` : `${fmtMs(waited)} (no free slot)`]);
  }
  let status: string = a.status;
  if (a.status === 'lost' && e?.lostAt !== null && e?.lostAt !== undefined) {
    status = `lost: executor died at ${fmtMs(e.lostAt)}`;
    if (e.lossDetectedAt !== null && e.lossDetectedAt > e.lostAt) status += `, driver noticed at ${fmtMs(e.lossDetectedAt)}`;
  }
  rows.push(['status', status]);
  if (wait) rows.unshift(['', 'waiting for a slot']);
  return rows;
}

export class Tooltip {
  readonly el: HTMLDivElement;
  constructor(parent: HTMLElement) {
    this.el = document.createElement('div');
    this.el.id = 'tooltip';
    this.el.className = 'tooltip';
    this.el.setAttribute('role', 'tooltip');
    this.el.hidden = true;
    parent.appendChild(this.el);
  }

  show(rows: [string, string][], clientX: number, clientY: number) {
    const dl = document.createElement('dl');
    for (const [k, v] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      if (!k) dd.className = 'heading';
      dl.append(dt, dd);
    }
    this.el.replaceChildren(dl);
    this.el.hidden = false;
    const r = this.el.getBoundingClientRect();
    const x = clientX + 14 + r.width > window.innerWidth ? clientX - 14 - r.width : clientX + 14;
    const y = clientY + 14 + r.height > window.innerHeight ? Math.max(0, clientY - 14 - r.height) : clientY + 14;
    this.el.style.left = `${Math.max(0, x)}px`;
    this.el.style.top = `${y}px`;
  }

  hide() { this.el.hidden = true; }
}

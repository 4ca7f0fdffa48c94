// Every task attempt of a run, stored column-wise (typed arrays) so a million attempts cost
// tens of bytes each instead of an object apiece; result objects are built only on output.

export const enum Status {
  Running = 0,
  Success = 1,
  Lost = 2,
  Failed = 3,
  Killed = 4,
}
export const STATUS_NAMES = ['running', 'success', 'lost', 'failed', 'killed'] as const;

export class AttemptLog {
  length = 0;
  stage = new Int32Array(256); // index into the run's stage list
  task = new Int32Array(256); // partition index
  attempt = new Int32Array(256);
  exec = new Int32Array(256);
  lane = new Int16Array(256);
  readyAt = new Float64Array(256);
  launch = new Float64Array(256);
  end = new Float64Array(256);
  locality = new Uint8Array(256);
  status = new Uint8Array(256);
  flags = new Uint8Array(256); // 1 recovery, 2 reserved slot

  add(stage: number, task: number, attempt: number, exec: number, lane: number, readyAt: number,
    launch: number, end: number, locality: number, flags: number): number {
    if (this.length === this.stage.length) this.grow();
    const i = this.length++;
    this.stage[i] = stage;
    this.task[i] = task;
    this.attempt[i] = attempt;
    this.exec[i] = exec;
    this.lane[i] = lane;
    this.readyAt[i] = readyAt;
    this.launch[i] = launch;
    this.end[i] = end;
    this.locality[i] = locality;
    this.status[i] = Status.Running;
    this.flags[i] = flags;
    return i;
  }

  private grow(): void {
    const n = this.stage.length * 2;
    const g = <T extends Int32Array | Int16Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.stage = g(this.stage, (k) => new Int32Array(k));
    this.task = g(this.task, (k) => new Int32Array(k));
    this.attempt = g(this.attempt, (k) => new Int32Array(k));
    this.exec = g(this.exec, (k) => new Int32Array(k));
    this.lane = g(this.lane, (k) => new Int16Array(k));
    this.readyAt = g(this.readyAt, (k) => new Float64Array(k));
    this.launch = g(this.launch, (k) => new Float64Array(k));
    this.end = g(this.end, (k) => new Float64Array(k));
    this.locality = g(this.locality, (k) => new Uint8Array(k));
    this.status = g(this.status, (k) => new Uint8Array(k));
    this.flags = g(this.flags, (k) => new Uint8Array(k));
  }
}

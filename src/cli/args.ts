// Command-line arguments of `sparkjob`: plain parsing, every mistake a message (never a throw).
import type { FaultKind, FaultSpec, RecoveryPolicy, SparkVersion } from '../format/model';
import { parseTimeMs } from '../format/values';

export interface Args {
  command: 'check' | 'simulate' | 'sweep' | 'import' | 'replay' | 'help' | 'version';
  files: string[];
  json: boolean;
  stats: boolean;
  policy?: RecoveryPolicy;
  spark?: SparkVersion;
  faults?: FaultSpec[];
  maxEvents?: number;
  maxTimeMs?: number;
  /** import: the output file (`-` for stdout) */
  output?: string;
  /** import: overwrite existing files */
  force?: boolean;
  /** replay's what-if: the same work on N executors of C cores over H hosts */
  executors?: number;
  cores?: number;
  hosts?: number;
  /** import and replay: a dynamic-allocation run's executors as the log shows them, or simulated */
  allocation?: 'log' | 'simulate';
}

export const USAGE = `usage:
  sparkjob check FILE...
  sparkjob simulate FILE [--json | --stats] [--policy spark|reserved-slots] [--spark 2.2|3.5]
                         [--fault EXEC@TIME[:crash|hang|node|decommission[:NOTICE]]]... [--max-events N] [--max-time DURATION]
  sparkjob sweep FILE [--json] [--policy spark|reserved-slots] [--spark 2.2|3.5]
  sparkjob import LOG... [-o FILE] [--force] [--allocation log|simulate]
  sparkjob replay LOG [--json] [--policy spark|reserved-slots] [--executors N] [--cores C] [--hosts H] [--allocation log|simulate]

  check     every diagnostic of the files, as FILE:LINE:COL: SEVERITY: MESSAGE [CODE]; exit 1 on an error
  simulate  runs the simulation: a summary with the faults' recovery, or the result as JSON
  sweep     fails every executor at several moments, under spark and with reserved slots
  import    a Spark event log as a job definition (LOG.sparkjob.yaml in the current directory; -o - prints it)
  replay    imports, simulates and compares with the real run; the waits the real log shows while slots were free
  --fault   replaces the file's faults, e.g. --fault 2@1250ms --fault 3@5s:hang
  --max-events, --max-time  the simulation's limits (default 50000000 events, 30d of simulated time)`;

export function parseArgs(argv: string[]): Args | string {
  const [command, ...rest] = argv;
  // nothing asked is a usage error (exit 1, usage on stderr); help asked for is not
  if (command === undefined) return 'no command given';
  if (command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help', files: [], json: false, stats: false };
  }
  if (command === '--version' || command === 'version') return { command: 'version', files: [], json: false, stats: false };
  if (command !== 'check' && command !== 'simulate' && command !== 'sweep' && command !== 'import' && command !== 'replay') {
    return `unknown command '${command}'`;
  }
  const args: Args = { command, files: [], json: false, stats: false };
  for (let k = 0; k < rest.length; k++) {
    const a = rest[k];
    const value = () => {
      const v = rest[++k];
      if (v === undefined) throw new ArgError(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--json') args.json = true;
      else if (a === '--stats') args.stats = true;
      else if (a === '--policy') {
        const v = value();
        if (v !== 'spark' && v !== 'reserved-slots') return `--policy must be spark or reserved-slots, not '${v}'`;
        args.policy = v;
      } else if (a === '--spark') {
        const v = value();
        if (v !== '2.2' && v !== '3.5') return `--spark must be 2.2 or 3.5, not '${v}'`;
        args.spark = v;
      } else if (a === '--fault') {
        const f = parseFault(value());
        if (typeof f === 'string') return f;
        (args.faults ??= []).push(f);
      } else if (a === '--max-events') {
        const v = value();
        if (!/^[1-9][0-9]*$/.test(v)) return `--max-events must be a positive integer, not '${v}'`;
        args.maxEvents = Number(v);
      } else if (a === '--max-time') {
        const v = value();
        const t = parseTimeMs(v);
        if (!t.ok || t.value <= 0) return `--max-time must be a positive duration such as 1h or 30d, not '${v}'`;
        args.maxTimeMs = t.value;
      } else if (a === '-o' || a === '--output') args.output = value();
      else if (a === '--force') args.force = true;
      else if (a === '--allocation') {
        const v = value();
        if (v !== 'log' && v !== 'simulate') return `--allocation must be log (the executors the log shows join and leave) or simulate (dynamic allocation by the engine), not '${v}'`;
        args.allocation = v;
      }
      else if (a === '--executors' || a === '--cores' || a === '--hosts') {
        const v = value();
        if (!/^[1-9][0-9]*$/.test(v)) return `${a} must be a positive integer, not '${v}'`;
        args[a.slice(2) as 'executors' | 'cores' | 'hosts'] = Number(v);
      } else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
      else args.files.push(a);
    } catch (e) {
      if (e instanceof ArgError) return e.message;
      throw e;
    }
  }
  if (args.files.length === 0) return `${command} needs a ${command === 'import' || command === 'replay' ? 'LOG' : 'FILE'}`;
  if (command !== 'check' && command !== 'import' && args.files.length > 1) return `${command} takes one ${command === 'replay' ? 'LOG' : 'FILE'}`;
  if (command === 'import' && args.output !== undefined && args.files.length > 1) return '-o names one output file: import one LOG with it (several LOGs give one file each)';
  if ((args.output !== undefined || args.force) && command !== 'import') return `${command} does not take -o or --force`;
  if ((args.executors ?? args.cores ?? args.hosts) !== undefined && command !== 'replay') return `--executors, --cores and --hosts are replay options`;
  if (args.allocation !== undefined && command !== 'import' && command !== 'replay') return '--allocation is an import and replay option';
  if (command === 'import' && (args.json || args.stats || args.policy || args.spark || args.faults)) return 'import takes no simulation option';
  if (command === 'replay' && (args.stats || args.spark || args.faults)) return 'replay takes --json, --policy, --allocation and the what-if flags --executors, --cores, --hosts';
  if (args.json && args.stats) return '--json and --stats exclude each other';
  if (command !== 'simulate' && (args.stats || args.policy || args.spark || args.faults)) {
    if (command === 'check' || args.stats) return `${command} does not take simulation options`;
  }
  return args;
}

class ArgError extends Error {}

/** EXEC@TIME[:crash|hang|node|decommission[:NOTICE]], times in Spark's syntax (1250ms, 2s, 2m). */
export function parseFault(text: string): FaultSpec | string {
  const m = /^([^@]+)@([^:]+)(?::(crash|hang|node|decommission)(?::([^:]+))?)?$/.exec(text);
  if (!m || (m[4] !== undefined && m[3] !== 'decommission')) {
    return `--fault '${text}' is not EXEC@TIME[:crash|hang|node|decommission[:NOTICE]] (for example 2@1250ms, 3@5s:hang or 3@70s:decommission:2m)`;
  }
  const t = parseTimeMs(m[2]);
  if (!t.ok) return `--fault '${text}': ${t.message}`;
  if (t.value < 0) return `--fault '${text}': the time cannot be negative`;
  const spec: FaultSpec = { executor: m[1], at: t.value, kind: (m[3] as FaultKind | undefined) ?? 'crash' };
  if (m[4] !== undefined) {
    const n = parseTimeMs(m[4]);
    if (!n.ok) return `--fault '${text}': the notice: ${n.message}`;
    if (n.value < 0) return `--fault '${text}': the notice cannot be negative`;
    spec.notice = n.value;
  }
  return spec;
}

// Display helpers for times and sizes. Parsing of Spark's time and size strings belongs to the
// format layer; these only turn already-parsed numbers into the words the editor shows.

/** `160 ms`, `1.25 s`, `2 min 5 s` is not needed: seconds with up to 3 decimals above 1 s. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  return `${trimDecimals(ms / 1000, 3)} s`;
}

/** `64 MiB = 67108864 bytes`, `100 bytes`. */
export function fmtBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let unit = '';
  for (const u of units) {
    if (Math.abs(v) < 1024) break;
    v /= 1024;
    unit = u;
  }
  if (!unit) return `${bytes} bytes`;
  return `${trimDecimals(v, 2)} ${unit} = ${bytes} bytes`;
}

/** `125 MiB/s = 131072000 bytes per second` */
export function fmtBandwidth(bytesPerSecond: number): string {
  const [human] = fmtBytes(bytesPerSecond).split(' = ');
  return human.endsWith('bytes') ? `${bytesPerSecond} bytes per second`
    : `${human}/s = ${bytesPerSecond} bytes per second`;
}

function trimDecimals(x: number, digits: number): string {
  return String(Number(x.toFixed(digits)));
}

/** English plural: `1 re-run task`, `2 re-run tasks`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

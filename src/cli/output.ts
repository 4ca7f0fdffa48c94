// What `simulate`, `help` and `version` print, and the job file's diagnostics, written to the
// process's file descriptors with fs.writeSync rather than through process.stdout and
// process.stderr (issue #17). On a pipe or a terminal, the first use of either makes a net.Socket
// or a tty.WriteStream, which loads node's net module and its bindings: `sparkjob --version`
// through pipes 7.1 +- 1.6 ms of CPU and 62 page faults less (200 pairs), a small example's
// `simulate --stats` about 20 M instructions (3 %). Writes to a pipe, a file or a terminal are
// synchronous on Linux either way, so the output and its order are the same. On Windows the
// streams stay (a console is written there through WriteConsoleW, which fs.writeSync does not
// use). The other commands (dist/cliCommands.js) write through the streams, with the EPIPE
// handler (quietEpipe, from lazy.ts).
import { writeSync } from 'node:fs';

const STREAMS = process.platform === 'win32';

/** `text` on stdout; a reader that went away (`sparkjob ... | head`) ends the command quietly. */
export function out(text: string): void {
  if (STREAMS) {
    quietEpipe();
    process.stdout.write(text);
  } else if (!writeAll(1, text)) process.exit(process.exitCode ?? 0);
}

/** `text` on stderr; a write that fails is thrown after the command's own work, as the stream's unhandled 'error' was. */
export function err(text: string): void {
  if (STREAMS) process.stderr.write(text);
  else writeAll(2, text);
}

/** Whether all of `text` was written (false: the reader closed the pipe). */
function writeAll(fd: number, text: string): boolean {
  const buf = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < buf.length) {
    try {
      at += writeSync(fd, buf, at, buf.length - at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // a descriptor left non-blocking by whoever started us: wait for the reader
      if (code === 'EAGAIN') wait(1);
      else if (code === 'EPIPE' && fd === 1) return false;
      else {
        process.nextTick(() => {
          throw e;
        });
        return true;
      }
    }
  }
  return true;
}

let quiet = false;

/** For writes through process.stdout: `sparkjob ... | head` closes the pipe early, not an error worth a stack trace. */
export function quietEpipe(): void {
  if (quiet) return;
  quiet = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

/**
 * Whether process.stdout or process.stderr may have been made (by the other commands, a warning of
 * node's): the first of them loads node's net, tty or file stream module. When none is loaded no
 * stream was made, and nothing waits unwritten in one.
 */
export function streamsMade(): boolean {
  const loaded = (process as { moduleLoadList?: unknown }).moduleLoadList;
  if (!Array.isArray(loaded)) return true;
  return loaded.some((m) => m === 'NativeModule net' || m === 'NativeModule tty' || m === 'NativeModule internal/fs/sync_write_stream');
}

let cell: Int32Array | undefined;

function wait(ms: number): void {
  cell ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(cell, 0, 0, ms);
}

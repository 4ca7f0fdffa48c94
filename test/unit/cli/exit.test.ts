// `sparkjob` ends with process.exit when stdout and stderr hold nothing unwritten (main.ts
// exitWhenWritten, issue #17): node's teardown is skipped, the output must not be. A pipe whose
// reader lags takes 64 kB at once; the rest waits in the stream, and exiting then would cut it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine/simulate';
import { parseJobFile } from '../../../src/format';
import { testDir } from '../testDir';

const root = join(__dirname, '../../..');
const bin = join(root, 'dist/cli.js');

beforeAll(() => {
  if (!existsSync(bin)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
});

const text = `version: 1
seed: 3
cluster:
  executors: { count: 8, cores: 4 }
jobs:
  - name: etl
    stages:
      - name: scan
        tasks: { count: 2000, duration: { dist: uniform, min: 50ms, max: 150ms } }
`;

/** stdout of `sparkjob args`, its pipe's reader paused for its first second */
function slowlyRead(args: string[]): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    let code: number | null = null;
    let ended = false;
    const done = () => {
      if (ended && code !== null) resolve({ stdout: Buffer.concat(chunks).toString('utf8'), code });
    };
    child.on('error', reject);
    child.on('exit', (c) => {
      code = c;
      done();
    });
    child.stdout.pause();
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stdout.on('end', () => {
      ended = true;
      done();
    });
    setTimeout(() => child.stdout.resume(), 1000);
  });
}

describe('the command line exits at once', () => {
  it('after the whole output of simulate --json, through a pipe read only from its first second on', async () => {
    const path = join(testDir('sparkjob-exit-'), 'big.sparkjob.yaml');
    writeFileSync(path, text);
    const expected = JSON.stringify(simulate(parseJobFile(text).model!, {})) + '\n';
    expect(expected.length).toBeGreaterThan(4 * 65536); // more than a pipe's buffer holds
    const { stdout, code } = await slowlyRead(['simulate', path, '--json']);
    expect(code).toBe(0);
    expect(stdout.length).toBe(expected.length);
    expect(stdout).toBe(expected);
  });
});

// `sparkjob` as installed (dist/cli.js): sets the command's V8 flags, then runs the command line
// (main.ts, bundled as dist/cliMain.js) from V8's code cache (codeCache.ts, issue #17). Kept
// apart from main.ts so nothing of the command line is compiled before the flags are set and
// the cache is read.
import { join } from 'node:path';
import { cacheKeyFor, loadBundle } from './codeCache';
import { v8FlagsFor } from './v8Flags';

const command = process.argv[2];
const flags = command === undefined ? undefined : v8FlagsFor(command);
// node:v8 only when there are flags to set: it loads 37 of node's modules with it (its streams),
// which `--version` and `help` need no more than the flags: -5.6 +- 2.2 ms of CPU (100 pairs),
// 114 page faults and 38 M instructions (0.575 -> 0.537 G)
if (flags !== undefined) (require('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);
loadBundle(join(__dirname, 'cliMain.js'), cacheKeyFor(command));

// `sparkjob` as installed (dist/cli.js): sets the command's V8 flags, then runs the command line
// (main.ts, bundled as dist/cliMain.js) from V8's code cache (codeCache.ts, issue #17). Kept
// apart from main.ts so nothing of the command line is compiled before the flags are set and
// the cache is read.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { cacheKeyFor, loadBundle } from './codeCache';
import { v8FlagsFor } from './v8Flags';

const command = process.argv[2];
const flags = command === undefined ? undefined : v8FlagsFor(command);
if (flags !== undefined) setFlagsFromString(flags);
loadBundle(join(__dirname, 'cliMain.js'), cacheKeyFor(command));

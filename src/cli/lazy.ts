// Loads the second bundle of the CLI (commands.ts, built as dist/cliCommands.js next to
// dist/cli.js) on first use. The path is computed so that esbuild leaves it out of dist/cli.js;
// run from the sources (a TS-aware runner), the module itself is loaded. The bundle is run from
// V8's code cache as dist/cliMain.js is (codeCache.ts): it is the larger of the two.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheKeyFor, loadBundle } from './codeCache';
import { quietEpipe } from './output';
import type * as Commands from './commands';

let loaded: typeof Commands | undefined;

export function commands(): typeof Commands {
  if (!loaded) {
    // (they write through process.stdout)
    quietEpipe();
    const bundle = join(__dirname, 'cliCommands.js');
    loaded = (existsSync(bundle) ? loadBundle(bundle, cacheKeyFor(process.argv[2]))
      : require(join(__dirname, 'commands'))) as typeof Commands;
  }
  return loaded;
}

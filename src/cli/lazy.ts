// Loads the second bundle of the CLI (commands.ts, built as dist/cliCommands.js next to
// dist/cli.js) on first use. The path is computed so that esbuild leaves it out of dist/cli.js;
// run from the sources (a TS-aware runner), the module itself is loaded.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as Commands from './commands';

let loaded: typeof Commands | undefined;

export function commands(): typeof Commands {
  if (!loaded) {
    const bundle = join(__dirname, 'cliCommands.js');
    const path = existsSync(bundle) ? bundle : join(__dirname, 'commands');
    loaded = require(path) as typeof Commands;
  }
  return loaded;
}

#!/usr/bin/env node
// Sets up a real VS Code for this machine, offline: code-server (VS Code 1.100.3) from the npm
// registry and Debian's Chromium, all under the git-ignored .cache/ folder; then packages the
// extension as .cache/spark-recovery-lens.vsix and installs it into .cache/editor/ext.
// Idempotent: a second run only checks stamp files (well under a second).
//
//   node scripts/setup-editor.mjs                 # everything
//   node scripts/setup-editor.mjs --no-extension  # only the system packages and code-server
//   node scripts/setup-editor.mjs --force-extension  # re-package and re-install the extension
import {
  SetupError, installExtension, packageVsix, say, setupEditor, setupLog, withSetupLock,
} from './editor-lib.mjs';
import { relative } from 'node:path';

const argv = process.argv.slice(2);
const t0 = Date.now();
try {
  if (argv.includes('--force-extension')) {
    setupEditor({ skipExtension: true });
    withSetupLock(() => {
      const { fingerprint, vsix } = packageVsix({ force: true });
      installExtension({ vsix, fingerprint, force: true });
    });
  } else {
    setupEditor({ skipExtension: argv.includes('--no-extension') });
  }
  say(`setup done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (e) {
  if (e instanceof SetupError) {
    console.error(`\n[editor] SETUP FAILED: ${e.message}\n[editor] full log: ${relative(process.cwd(), setupLog)}`);
    process.exit(1);
  }
  throw e;
}

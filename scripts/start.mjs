#!/usr/bin/env node
// `npm start`: a real VS Code (code-server, VS Code 1.100.3) in your browser, with the extension
// installed and examples/ open. Runs the offline setup first (scripts/setup-editor.mjs; the first
// run takes a few minutes, later ones under a second).
//
//   node scripts/start.mjs [--port N] [--folder DIR] [--file FILE]
// Stops code-server (by the process id it started) on Ctrl-C or SIGTERM.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  SetupError, root, say, setupEditor, setupLog, startCodeServer, writeUserSettings,
} from './editor-lib.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const folder = resolve(arg('folder', join(root, 'examples')));
const file = resolve(folder, arg('file', 'paper-fig2.sparkjob.yaml'));
const port = arg('port') ? Number(arg('port')) : undefined;

let server;
let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  if (server) {
    say(`${signal}: stopping code-server (pid ${server.pid})`);
    await server.stop();
  }
  process.exit(0);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGHUP', () => shutdown('SIGHUP'));

try {
  setupEditor();
  writeUserSettings();
  say('starting code-server on 127.0.0.1');
  server = await startCodeServer({ folder, port, logFile: join(root, '.cache', 'editor', 'code-server.log') });
  if (stopping) { await server.stop(); process.exit(0); }
  // The web workbench opens the files listed in its `payload` query parameter.
  let url = server.url;
  if (existsSync(file)) {
    const payload = JSON.stringify([['openFile', `vscode-remote://127.0.0.1:${server.port}${file}`]]);
    url += `&payload=${encodeURIComponent(payload)}`;
  }
  console.log('');
  console.log(`  Spark Recovery Lens in VS Code ${'(code-server)'} is running. Open in your browser:`);
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  console.log(`  Workspace: ${folder}${existsSync(file) ? `   (opens ${basename(file)})` : ''}`);
  console.log(`  Log: .cache/editor/code-server.log        Stop: Ctrl-C`);
  console.log('');
  server.proc.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[editor] code-server exited unexpectedly (code ${code}, signal ${signal}); see .cache/editor/code-server.log`);
    process.exit(1);
  });
} catch (e) {
  if (e instanceof SetupError) {
    console.error(`\n[editor] FAILED: ${e.message}\n[editor] setup log: ${setupLog}`);
    if (server) await server.stop();
    process.exit(1);
  }
  if (server) await server.stop();
  throw e;
}

import { it } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { file, CLUSTER } from './helpers';
const time = (name: string, text: string) => { const t = Date.now(); const r = parseJobFile(text); console.log(name, text.length, Date.now() - t, 'ms', r.diagnostics.slice(0, 3).map(d => d.code + ' ' + d.message.slice(0, 80))); };
it('perf', () => {
  let tasks = ''; for (let i = 0; i < 100000; i++) tasks += `          - { duration: 10ms, input: 64m, prefer: ["host:node${i % 2 + 1}"] }\n`;
  time('100k list tasks', file({ jobs: `jobs:\n  - name: j\n    stages:\n      - name: s\n        tasks:\n${tasks}` }));
  time('dash nesting', 'version: 1\nx: ' + '- '.repeat(50000) + 'a\n');
  let ind = 'version: 1\nx:\n'; for (let i = 1; i < 3000; i++) ind += ' '.repeat(i) + 'k:\n';
  time('indent nesting', ind);
  let big = 'version: 1\n' + CLUSTER + 'big: &b [' + Array(20000).fill('1').join(',') + ']\njobs:\n'; for (let i = 0; i < 300; i++) big += `  - { name: j${i}, stages: [{ name: s, tasks: *b }] }\n`;
  time('alias reuse', big);
  time('many errors', 'version: 1\n' + '}{]['.repeat(20000));
  time('many keys', 'version: 1\n' + Array.from({length: 100000}, (_, i) => `k${i}: ${i}`).join('\n'));
  time('long line', 'version: 1\nname: ' + 'a'.repeat(5_000_000));
  time('quotes', 'version: 1\nname: "' + '\\"'.repeat(100000));
});

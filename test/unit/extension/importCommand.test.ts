// Import Spark Event Log...: where the job file goes. Beside the log when nothing is there; an
// existing file only after a modal question (Replace, Save As..., or nothing written); a folder it
// cannot write to (a mounted, read-only history folder) leads to a save dialog. The worker is
// replaced by its outcome: what it computes is tested in test/unit/eventlog.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('vscode', () => import('./vscodeDouble'));
vi.mock('../../../src/extension/importClient', () => ({
  importInWorker: () => Promise.resolve({
    type: 'done', yaml: 'version: 1\n# the imported job\n', ms: 5,
    real: { formatVersion: 1, spark: '3.5', policy: 'spark', executors: [], attempts: [], faults: [], batches: [], metrics: { makespan: 0, localityCounts: {}, reservedSlotIdleMs: 0, events: 0, remoteReadBytes: 0 }, findings: [], aborted: [] },
    summary: { appId: 'a', appName: 'n', sparkVersion: '3.5.0', events: 10, skippedLines: 0, complete: true, codec: 'zstd', container: 'file', attempts: 0, executors: 0, faults: 0, waits: 0 },
  }),
}));

const vscode = await import('./vscodeDouble');
const { importEventLog } = await import('../../../src/extension/importCommand');

const LOG = vscode.Uri.file('/history/app-1.zstd');
const BESIDE = '/history/app-1.sparkjob.yaml';
const ELSEWHERE = vscode.Uri.file('/home/me/app-1.sparkjob.yaml');

function deps() {
  const opened: string[] = [];
  const d = {
    extensionUri: vscode.Uri.file('/ext'),
    log: () => {},
    timeline: { open: (doc: { uri: { fsPath: string } }) => { opened.push(doc.uri.fsPath); return Promise.resolve(); } },
  };
  return { d: d as never, opened };
}

const text = (path: string) => {
  const b = vscode.written.get(vscode.Uri.file(path).toString());
  return b === undefined ? undefined : Buffer.from(b).toString('utf8');
};

beforeEach(() => vscode.reset());

describe('Import Spark Event Log...: where the job file is written', () => {
  it('beside the log when no file of that name is there, with no question; then it opens with the real run', async () => {
    const { d, opened } = deps();
    await importEventLog(d, LOG);
    expect(text(BESIDE)).toBe('version: 1\n# the imported job\n');
    expect(vscode.questions).toEqual([]);
    expect(vscode.saveDialogs).toEqual([]);
    expect(opened).toEqual([BESIDE]);
  });

  it('an existing file: a modal question with Replace and Save As...; dismissed, nothing is written or opened', async () => {
    vscode.answers.existing.add(BESIDE);
    const { d, opened } = deps();
    await importEventLog(d, LOG);
    expect(vscode.questions).toEqual([{ message: 'app-1.sparkjob.yaml already exists. Replace it with the imported job?', modal: true, items: ['Replace', 'Save As...'] }]);
    expect(vscode.written.size).toBe(0);
    expect(opened).toEqual([]);
  });

  it('an existing file, Replace: written over it', async () => {
    vscode.answers.existing.add(BESIDE);
    vscode.answers.warning = 'Replace';
    const { d, opened } = deps();
    await importEventLog(d, LOG);
    expect(text(BESIDE)).toContain('# the imported job');
    expect(opened).toEqual([BESIDE]);
  });

  it('an existing file, Save As...: the save dialog starts at that file; the file chosen is written and opened, the existing one kept', async () => {
    vscode.answers.existing.add(BESIDE);
    vscode.answers.warning = 'Save As...';
    vscode.answers.saveDialog = ELSEWHERE;
    const { d, opened } = deps();
    await importEventLog(d, LOG);
    expect(vscode.saveDialogs.map((s) => s.defaultUri?.fsPath)).toEqual([BESIDE]);
    expect(text(BESIDE)).toBeUndefined();
    expect(text(ELSEWHERE.fsPath)).toContain('# the imported job');
    expect(opened).toEqual([ELSEWHERE.fsPath]);
  });

  it('an existing file, Save As... then the dialog cancelled: nothing written', async () => {
    vscode.answers.existing.add(BESIDE);
    vscode.answers.warning = 'Save As...';
    const { d, opened } = deps();
    await importEventLog(d, LOG);
    expect(vscode.written.size).toBe(0);
    expect(opened).toEqual([]);
  });

  it('a read-only folder: the write fails and a save dialog says why and asks where; the file chosen is written and opened', async () => {
    vscode.answers.readOnly.add(BESIDE);
    vscode.answers.saveDialog = ELSEWHERE;
    const { d, opened } = deps();
    await importEventLog(d, LOG);
    expect(vscode.saveDialogs.length).toBe(1);
    expect(vscode.saveDialogs[0]!.title).toMatch(/^Cannot write beside the log \(EROFS: read-only file system, open '\/history\/app-1.sparkjob.yaml'\): save the job file as$/);
    expect(text(BESIDE)).toBeUndefined();
    expect(text(ELSEWHERE.fsPath)).toContain('# the imported job');
    expect(opened).toEqual([ELSEWHERE.fsPath]);
  });

  it('a read-only folder and the save dialog cancelled: nothing written, nothing opened', async () => {
    vscode.answers.readOnly.add(BESIDE);
    const { d, opened } = deps();
    await importEventLog(d, LOG);
    expect(vscode.written.size).toBe(0);
    expect(opened).toEqual([]);
  });
});

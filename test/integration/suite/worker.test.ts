// The engine runs on a worker thread, not on the extension host's: checks come from another thread, a worker that
// dies is replaced without losing diagnostics, and a workspace check reports its progress and can be cancelled.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, EXTENSION_ID, open, waitFor, waitForCodes } from './helpers';

interface Api {
  analysis: { threadId(): number | undefined; inProcess(): boolean; terminateWorker(): Promise<number> };
  checkWorkspace(token?: vscode.CancellationToken): Promise<{ files: number; findings: number; cancelled: boolean }>;
  onDidScanProgress: vscode.Event<{ done: number; total: number }>;
  lastCheck(uri: vscode.Uri): { version: number; ms: number; findings: number } | undefined;
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

describe('analysis off the extension host thread', () => {
  afterEach(closeAll);

  it('checks files on the worker thread', async () => {
    const nn = await api();
    const editor = await open('train.py');
    await waitForCodes(editor.document.uri, ['NR204']);
    await waitFor(() => nn.lastCheck(editor.document.uri)?.version === editor.document.version, 'a check of the open version');
    assert.equal(nn.analysis.inProcess(), false);
    const thread = nn.analysis.threadId();
    assert.ok(thread !== undefined && thread !== 0, `answered by thread ${thread}`);
  });

  it('keeps checking when the worker dies: a new one takes over, with the open documents', async () => {
    const nn = await api();
    const editor = await open('train.py');
    await waitForCodes(editor.document.uri, ['NR204']);
    const before = nn.analysis.threadId();
    await nn.analysis.terminateWorker();
    // the fix makes NR204 go: only a check by the new worker can show that
    await editor.edit((b) => b.insert(new vscode.Position(12, 0), '        optimizer.zero_grad()\n'));
    await waitForCodes(editor.document.uri, []);
    const after = nn.analysis.threadId();
    assert.ok(after !== undefined && after !== 0 && after !== before, `threads ${before} → ${after}`);
    assert.equal(nn.analysis.inProcess(), false);
    await vscode.commands.executeCommand('undo');
    await waitForCodes(editor.document.uri, ['NR204']);
  });

  it('reports the progress of a workspace check, and stops it when cancelled', async () => {
    const nn = await api();
    const seen: { done: number; total: number }[] = [];
    const sub = nn.onDidScanProgress((p) => seen.push(p));
    try {
      const full = await nn.checkWorkspace();
      assert.equal(full.cancelled, false);
      assert.ok(seen.length >= 2, `progress events: ${seen.length}`);
      const total = seen[0].total;
      assert.ok(total >= 8, `files found: ${total}`);
      assert.deepEqual(seen.map((p) => p.done), [...Array(total + 1).keys()], 'one event per file, in order');
      assert.ok(full.files <= total && full.files >= 8);

      seen.length = 0;
      const source = new vscode.CancellationTokenSource();
      const cancelAfterTwo = nn.onDidScanProgress((p) => p.done === 2 && source.cancel());
      const cut = await nn.checkWorkspace(source.token);
      cancelAfterTwo.dispose();
      assert.equal(cut.cancelled, true);
      // the files already under way in the other lanes (SCAN_LANES, 4) finish; nothing starts after the cancellation
      assert.ok(seen[seen.length - 1].done <= 2 + 3, `files done after the cancellation: ${seen[seen.length - 1].done}`);
      assert.ok(seen[seen.length - 1].done < total);
      assert.ok(cut.files <= 5);
    } finally {
      sub.dispose();
    }
  });
});

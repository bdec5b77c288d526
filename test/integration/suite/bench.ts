// Editor benchmark, run only with `npm run test:integration -- --bench`: how long a 10,000-line training
// script takes from an edit to updated diagnostics inside VS Code (debounce + analysis on the worker thread), how
// long the extension host's event loop is held up meanwhile, and the same for a workspace check of a generated
// project. Prints figures; asserts only that diagnostics arrive.
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { generateProject } from '../../../scripts/lib/corpus';
import { generateScript } from '../../../scripts/lib/generate';
import { EXTENSION_ID, closeAll, fixture, waitFor } from './helpers';

interface Api {
  lastCheck(uri: vscode.Uri): { version: number; ms: number; findings: number } | undefined;
}

/** The extension host's event loop delay while `fn` runs: how long it was held up at worst. */
async function blocked<T>(fn: () => Promise<T>): Promise<{ value: T; max: number; p99: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const value = await fn();
  h.disable();
  return { value, max: h.max / 1e6, p99: h.percentile(99) / 1e6 };
}

const EDITS = 20;

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms`;
}

describe('editor benchmark', () => {
  after(closeAll);

  it('10,000-line file: edit to diagnostics', async function () {
    this.timeout(300_000);
    const text = generateScript(10_000);
    const uri = fixture('bench_10k.py');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const t0 = performance.now();
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const api = await waitFor(() => vscode.extensions.getExtension<Api>(EXTENSION_ID)?.exports, 'the extension API');
    const checkedAt = (version: number) => waitFor(() => api.lastCheck(uri)?.version === version && api.lastCheck(uri), `a check of version ${version}`, 30_000);
    const first = await checkedAt(doc.version);
    const open = performance.now() - t0;
    assert.ok(first.findings > 0, 'the generated script has findings');

    // One edit at a time: append and remove a space at the end of a line in the middle of the file.
    const line = Math.floor(doc.lineCount / 2);
    const latencies: number[] = [];
    const analysis: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const end = doc.lineAt(line).range.end;
      const t = performance.now();
      await editor.edit((b) => (i % 2 === 0 ? b.insert(end, ' ') : b.delete(new vscode.Range(end.translate(0, -1), end))));
      const r = await checkedAt(doc.version);
      latencies.push(performance.now() - t);
      analysis.push(r.ms);
    }

    // A burst of typing: ten one-character edits back to back, then the time until diagnostics catch up.
    const burstStart = performance.now();
    let afterTyping = 0;
    const typing = await blocked(async () => {
      for (let i = 0; i < 10; i++) {
        const end = doc.lineAt(line).range.end;
        await editor.edit((b) => b.insert(end, '#'));
      }
      afterTyping = performance.now();
      await checkedAt(doc.version);
    });
    const burst = performance.now() - afterTyping;

    console.log(`bench: ${doc.lineCount} lines, ${first.findings} findings`);
    console.log(`bench: open to first diagnostics ${open.toFixed(0)} ms (analysis ${first.ms.toFixed(0)} ms)`);
    console.log(`bench: edit to diagnostics over ${EDITS} edits: ${stats(latencies)}`);
    console.log(`bench: analysis per edit (on the analysis thread): ${stats(analysis)}`);
    console.log(`bench: 10 edits typed in ${(afterTyping - burstStart).toFixed(0)} ms, diagnostics ${burst.toFixed(0)} ms after the last one`);
    console.log(`bench: extension host event loop delay while typing and checking: max ${typing.max.toFixed(1)} ms, p99 ${typing.p99.toFixed(1)} ms`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  it('workspace check of a generated project: the extension host stays responsive', async function () {
    this.timeout(600_000);
    const root = fixture('bench_project');
    const files = generateProject({ lines: 20_000, seed: 4 });
    for (const f of files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, f.path), new TextEncoder().encode(f.text));
    try {
      const t0 = performance.now();
      const scan = await blocked(async () => vscode.commands.executeCommand<{ files: number; findings: number } | undefined>('nnRecipe.checkWorkspace'));
      const ms = performance.now() - t0;
      assert.ok(scan.value && scan.value.files >= files.length, `files checked: ${scan.value?.files}`);
      console.log(`bench: workspace check, ${scan.value.files} files (${files.length} generated, ~20,000 lines): ${ms.toFixed(0)} ms, ${scan.value.findings} findings`);
      console.log(`bench: extension host event loop delay during the check: max ${scan.max.toFixed(1)} ms, p99 ${scan.p99.toFixed(1)} ms`);
    } finally {
      await vscode.workspace.fs.delete(root, { recursive: true });
    }
  });
});

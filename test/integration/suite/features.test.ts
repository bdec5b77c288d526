import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, codes, fixture, open, ours, resetSettings, setSetting, waitFor, waitForCodes } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function markdownPreviewOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('markdown.preview')),
  );
}

describe('hover, commands and docs', () => {
  afterEach(closeAll);

  it('hover on a finding explains the recipe tip and links the docs', async () => {
    const editor = await open('train.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR204']);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, d.range.start.translate(0, 3));
    const text = hoverText(hovers);
    assert.match(text, /NR204/);
    assert.match(text, /recipe stage 2/);
    assert.match(text, /PyTorch adds new gradients/);
    assert.match(text, /\[Rule documentation\]\(command:nnRecipe\.showRuleDocs\?/);
    const outside = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 2));
    assert.doesNotMatch(hoverText(outside), /NR204/);
  });

  it('shows a rule\'s documentation from the files shipped in the extension, offline', async () => {
    assert.equal(await vscode.commands.executeCommand('nnRecipe.showRuleDocs', 'NR204'), true);
    await waitFor(markdownPreviewOpen, 'a markdown preview of docs/rules/NR204.md');
    await closeAll();
    // by rule name too
    assert.equal(await vscode.commands.executeCommand('nnRecipe.showRuleDocs', 'bias-before-batchnorm'), true);
    await waitFor(markdownPreviewOpen, 'a markdown preview of docs/rules/NR209.md');
  });

  it('checks the whole workspace, including files that are not open', async () => {
    const unopened = fixture('scan/unopened.py');
    assert.deepEqual(codes(unopened), []);
    const summary = await vscode.commands.executeCommand<{ files: number; findings: number }>('nnRecipe.checkWorkspace');
    assert.ok(summary && summary.files >= 8, `files checked: ${summary?.files}`);
    assert.ok(summary.findings >= 5, `findings: ${summary.findings}`);
    assert.deepEqual(codes(unopened), ['NR209']);
    assert.deepEqual(codes(fixture('fixall.py')), ['NR204', 'NR204', 'NR209']);
    // a settings change re-checks the files the workspace check found problems in
    await setSetting('severity', { NR209: 'error' });
    await waitFor(() => ours(unopened)[0]?.severity === vscode.DiagnosticSeverity.Error, 'the new severity on a file that is not open');
    await resetSettings();
    await waitFor(() => ours(unopened)[0]?.severity === vscode.DiagnosticSeverity.Warning, 'the default severity again');
    // deleting a checked file clears it
    const copy = fixture('scan/copy.py');
    // Wait for the watcher to report the new file: a creation and deletion reported together cancel out.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(fixture('scan'), 'copy.py'));
    let created = false;
    watcher.onDidCreate(() => (created = true));
    await vscode.workspace.fs.copy(unopened, copy);
    await waitFor(() => created, 'the watcher to see scan/copy.py');
    watcher.dispose();
    await vscode.commands.executeCommand('nnRecipe.checkWorkspace');
    assert.deepEqual(codes(copy), ['NR209']);
    await vscode.workspace.fs.delete(copy);
    await waitForCodes(copy, []);
  });

  it('opens the project file, creating it from a template when missing', async () => {
    const uri = fixture('.nn-recipe.yaml');
    const opened = await vscode.commands.executeCommand<vscode.Uri>('nnRecipe.openProjectFile');
    assert.equal(opened?.toString(), uri.toString());
    const doc = await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() && vscode.window.activeTextEditor.document, 'the project file in an editor');
    assert.match(doc.getText(), /^# NN Recipe project settings/);
    assert.ok(doc.isDirty, 'left unsaved for the user to review');
    await closeAll();
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });
});

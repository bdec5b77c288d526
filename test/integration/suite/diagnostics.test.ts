import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, codeOf, codes, fixture, open, ours, rangeOf, resetSettings, setSetting, waitFor, waitForCodes } from './helpers';

describe('diagnostics', () => {
  afterEach(async () => {
    await resetSettings();
    await closeAll();
  });

  it('reports a finding with its code, range, severity, source, docs link and related information', async () => {
    const editor = await open('train.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR204']);
    assert.deepEqual(rangeOf(d), [14, 8, 14, 24]);
    assert.equal(editor.document.getText(d.range), 'optimizer.step()');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.source, 'nn-recipe');
    assert.ok(typeof d.code === 'object', 'the code carries a link');
    const target = d.code.target;
    assert.equal(target.scheme, 'command');
    assert.equal(target.path, 'nnRecipe.showRuleDocs');
    assert.deepEqual(JSON.parse(decodeURIComponent(target.query)), ['NR204']);
    assert.equal(d.relatedInformation?.length, 1);
    const rel = d.relatedInformation[0];
    assert.equal(rel.location.uri.toString(), editor.document.uri.toString());
    assert.equal(editor.document.getText(rel.location.range), 'loss.backward()');
  });

  it('points related information into the other file (softmax in forward(), loss in the script)', async () => {
    const editor = await open('cross/train_cross.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR208']);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(editor.document.getText(d.range), 'criterion(model(x), y)');
    const rel = d.relatedInformation?.[0];
    assert.ok(rel, 'related information');
    assert.equal(rel.location.uri.toString(), fixture('cross/model.py').toString());
    assert.equal(rel.location.range.start.line, 10);
  });

  it('checks TensorFlow.js training scripts (JavaScript; the analyser is loaded on demand)', async () => {
    const editor = await open('tfjs/train.js');
    const [d] = await waitForCodes(editor.document.uri, ['NR215']);
    assert.equal(editor.document.getText(d.range), 'cost');
  });

  it('re-checks a script when the model it imports is edited', async () => {
    const script = await open('cross/train_cross.py');
    await waitForCodes(script.document.uri, ['NR208']);
    const model = await open('cross/model.py');
    const line = model.document.lineAt(10);
    assert.equal(line.text, '        return F.softmax(self.fc(x), dim=1)');
    await model.edit((b) => b.replace(line.range, '        return self.fc(x)'));
    await waitForCodes(script.document.uri, []);
  });

  it('updates diagnostics as the file is edited', async () => {
    const editor = await open('train.py');
    await waitForCodes(editor.document.uri, ['NR204']);
    await editor.edit((b) => b.insert(new vscode.Position(12, 0), '        optimizer.zero_grad()\n'));
    await waitForCodes(editor.document.uri, []);
    await vscode.commands.executeCommand('undo');
    await waitForCodes(editor.document.uri, ['NR204']);
    // Ranges follow the text: two lines inserted above move the finding down by two.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# one\n# two\n'));
    await waitFor(() => ours(editor.document.uri)[0]?.range.start.line === 16, 'the finding to move to line 16');
  });

  it('keeps the findings of the other functions while a syntax error is typed in one', async () => {
    const fn = (i: number) => `def train_${i}(model, loader, optimizer, criterion):\n    for x, y in loader:\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n\n\n`;
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: `import torch\n\ntorch.manual_seed(0)\n\n\n${fn(1)}${fn(2)}${fn(3)}` });
    const editor = await vscode.window.showTextDocument(doc);
    const lines = (): number[] => ours(doc.uri).filter((d) => codeOf(d) === 'NR204').map((d) => d.range.start.line).sort((a, b) => a - b);
    await waitFor(() => lines().join() === '9,16,23', 'three loops without zero_grad');
    // an f-string with an open brace, typed a character at a time into train_1: it swallows the rest of the file
    // for a parser that recovers over the whole file
    let at = new vscode.Position(8, 0);
    for (const ch of '        print(f"{loss\n') {
      assert.ok(await editor.edit((b) => b.insert(at, ch)), 'edit applied');
      at = ch === '\n' ? new vscode.Position(at.line + 1, 0) : at.translate(0, 1);
    }
    await waitFor(() => lines().includes(17) && lines().includes(24), `train_2's and train_3's findings on their new lines (have ${lines().join()})`);
  });

  it('keeps the finding about the whole file (no seed) while a syntax error is typed below it, instead of flickering', async () => {
    const text = 'import torch\nfrom torch import nn\n\nmodel = nn.Linear(10, 2)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    opt.step()\n';
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: text });
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor(() => codes(doc.uri).join() === 'NR201,NR204', 'the missing seed and the missing zero_grad');
    // typed into the loop: the loop with the error is not reported, the file-wide finding stays where it was
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(8, 0), '    print(loss.\n')), 'edit applied');
    await waitFor(() => !codes(doc.uri).includes('NR204'), 'the loop with the error is no longer reported');
    assert.deepEqual(codes(doc.uri), ['NR201']);
    assert.equal(ours(doc.uri)[0].range.start.line, 5);
  });

  it('follows edits made right after a big file is opened, while its tree is still being built', async function () {
    // three waits of up to a minute each, on a shared machine: the suite's 90 s per test is too short for all three
    this.timeout(240_000);
    // 1,200 loops without zero_grad (8,405 lines): the worker reads the file through the fast path, then builds
    // Lezer's tree in slices of its idle time; the edits below arrive while it does (a version without and one
    // with a syntax error), and the findings must be those of each version
    const n = 1200;
    const fn = (i: number) => `def train_${i}(model, loader, optimizer, criterion):\n    for x, y in loader:\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n\n\n`;
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: `import torch\n\ntorch.manual_seed(0)\n\n\n${Array.from({ length: n }, (_, i) => fn(i + 1)).join('')}` });
    const editor = await vscode.window.showTextDocument(doc);
    const lines = (): number[] => ours(doc.uri).filter((d) => codeOf(d) === 'NR204').map((d) => d.range.start.line).sort((a, b) => a - b);
    const step = (i: number): number => 5 + 7 * (i - 1) + 4; // the line of train_i's optimizer.step()
    await waitFor(() => lines().length === n && lines()[n - 1] === step(n), `${n} loops without zero_grad`, 60_000);
    // train_1 gets its zero_grad: one line more above every other loop
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(7, 0), '        optimizer.zero_grad()\n')), 'edit applied');
    // an f-string with an open brace typed into train_2, before its backward()
    let at = new vscode.Position(step(2) - 1 + 1, 0);
    for (const ch of '        print(f"{loss') {
      assert.ok(await editor.edit((b) => b.insert(at, ch)), 'edit applied');
      at = at.translate(0, 1);
    }
    assert.ok(await editor.edit((b) => b.insert(at, '\n')), 'edit applied');
    const shifted = (i: number): number => step(i) + 2;
    await waitFor(() => !lines().includes(step(1)) && lines().includes(shifted(3)) && lines().includes(shifted(n)), `the loops after the error on their new lines (have ${lines().slice(0, 4).join()}…)`, 60_000);
    // the line finished: every loop but train_1's, train_2's included
    assert.ok(await editor.edit((b) => b.insert(at, '}")')), 'edit applied');
    const want = Array.from({ length: n - 1 }, (_, k) => shifted(k + 2)).join();
    await waitFor(() => lines().join() === want, `${n - 1} loops on their lines (have ${lines().slice(0, 4).join()}…)`, 60_000);
  });

  it('clears diagnostics when the file is closed', async () => {
    const editor = await open('conv_block.py');
    await waitForCodes(editor.document.uri, ['NR209']);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitForCodes(editor.document.uri, []);
  });

  it('clears diagnostics when the file is deleted', async () => {
    // A fixture file, not one created here: the file watcher drops a creation and deletion that arrive together.
    const uri = fixture('to_delete.py');
    await open('to_delete.py');
    await waitForCodes(uri, ['NR204']);
    await vscode.workspace.fs.delete(uri);
    await waitForCodes(uri, []);
  });

  it('checks unsaved (untitled) documents by their language', async () => {
    const text = (await vscode.workspace.openTextDocument(fixture('conv_block.py'))).getText();
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: text });
    await vscode.window.showTextDocument(doc);
    await waitForCodes(doc.uri, ['NR209']);
  });

  it('leaves files matching nnRecipe.exclude alone', async () => {
    const editor = await open('legacy/old_train.py');
    await waitForCodes(editor.document.uri, ['NR204']);
    await setSetting('exclude', ['legacy/**']);
    await waitForCodes(editor.document.uri, []);
    await setSetting('exclude', ['other/**']);
    await waitForCodes(editor.document.uri, ['NR204']);
  });

  it('checks on save only when nnRecipe.run is onSave', async () => {
    await setSetting('run', 'onSave');
    const editor = await open('legacy/old_train.py');
    const uri = editor.document.uri;
    await waitForCodes(uri, ['NR204']); // checked when opened
    const original = editor.document.getText();
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(12, 0), '        optimizer.zero_grad()\n')), 'edit applied');
    // Another file checked meanwhile; the edited one still shows the result of its saved text.
    const other = await open('conv_block.py');
    await waitForCodes(other.document.uri, ['NR209']);
    assert.deepEqual(codes(uri), ['NR204'], 'not re-checked before the save');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor(() => !editor.document.isDirty, 'the save to finish');
    await waitForCodes(uri, []);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(original));
  });

  it('turns off with nnRecipe.enable and comes back', async () => {
    const editor = await open('train.py');
    await waitForCodes(editor.document.uri, ['NR204']);
    await setSetting('enable', false);
    await waitForCodes(editor.document.uri, []);
    await setSetting('enable', true);
    await waitForCodes(editor.document.uri, ['NR204']);
  });
});

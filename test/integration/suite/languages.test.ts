import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, applyAction, closeAll, codeOf, open, ours, quickFixes, waitFor, waitForCodes } from './helpers';

const EXTENSION_ROOT = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';

describe('training configs', () => {
  afterEach(closeAll);

  it('a W&B sweep with method: grid shows NR501, and the fix rewrites it to a random search keeping comments', async () => {
    const editor = await open('sweeps/sweep.yaml');
    const uri = editor.document.uri;
    const [d] = await waitForCodes(uri, ['NR501']);
    assert.equal(editor.document.getText(d.range), 'grid');
    const fix = (await quickFixes(uri, d)).find((a) => /random/i.test(a.title));
    assert.ok(fix, 'a fix to random search is offered');
    await applyAction(fix);
    const text = editor.document.getText();
    assert.match(text, /^method: random {2}# try every combination$/m);
    assert.match(text, /^# W&B sweep for the classifier$/m);
    await waitFor(() => !ours(uri).some((x) => codeOf(x) === 'NR501'), 'NR501 to go away after the fix');
  });

  it('an ordinary YAML file gets no findings', async () => {
    const editor = await open('config.yaml');
    // The file is analysed (language status says so) but nothing is reported: wait for any pending check.
    await waitForCodes(editor.document.uri, []);
  });
});

describe('TensorFlow.js in TypeScript', () => {
  afterEach(closeAll);

  it('a .ts script: softmax into softmaxCrossEntropy shows NR208, and the quick fix switches the loss', async () => {
    const editor = await open('tfjs/classifier.ts');
    const uri = editor.document.uri;
    const [d] = await waitForCodes(uri, ['NR208']);
    assert.equal(editor.document.getText(d.range), 'tf.losses.softmaxCrossEntropy');
    const fix = (await quickFixes(uri, d)).find((a) => a.title.includes("'categoricalCrossentropy'"));
    assert.ok(fix, 'the fix to a loss that expects probabilities is offered');
    await applyAction(fix);
    assert.match(editor.document.lineAt(6).text, /loss: 'categoricalCrossentropy' \}\);$/);
    await waitForCodes(uri, []);
  });
});

describe('snippets', () => {
  afterEach(closeAll);

  it('the contributed nr-seed snippet (found by its prefix) inserts the seeding code into a Python file', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: '' });
    await vscode.window.showTextDocument(doc);
    const snippets = JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'snippets', 'python.json'), 'utf8')) as Record<string, { prefix: string }>;
    const name = Object.keys(snippets).find((k) => snippets[k].prefix === 'nr-seed');
    assert.ok(name, 'a snippet with the prefix nr-seed is contributed');
    // The editor resolves the name against the snippets the extension contributes for Python.
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'python', name });
    await waitFor(() => doc.getText().includes('def seed_everything(seed: int) -> None:'), 'the snippet text in the document');
    const text = doc.getText();
    assert.match(text, /^SEED = 0$/m);
    assert.match(text, /torch\.manual_seed\(seed\)/);
    assert.match(text, /generator=torch\.Generator\(\)\.manual_seed\(SEED\)/);
  });
});

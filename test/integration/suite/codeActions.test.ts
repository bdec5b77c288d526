import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyAction, closeAll, codes, fixture, open, quickFixes, waitFor, waitForCodes } from './helpers';

const FIX_ALL = 'source.fixAll.nn-recipe';

async function fixAllActions(doc: vscode.TextDocument): Promise<vscode.CodeAction[]> {
  const all = new vscode.Range(0, 0, doc.lineCount, 0);
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, all, FIX_ALL)) ?? [];
}

describe('code actions', () => {
  afterEach(closeAll);

  it('offers the safe fix as the preferred quick fix, and applying it fixes the file', async () => {
    const editor = await open('train.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR204']);
    const actions = await quickFixes(editor.document.uri, d);
    const fix = actions.find((a) => a.title.includes('optimizer.zero_grad()'));
    assert.ok(fix, `fix offered among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    await applyAction(fix);
    assert.equal(editor.document.lineAt(12).text, '        optimizer.zero_grad()');
    assert.equal(editor.document.lineAt(13).text, '        loss = criterion(model(x), y)');
    await waitForCodes(editor.document.uri, []);
  });

  it('offers an unsafe fix without making it preferred', async () => {
    const editor = await open('conv_block.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR209']);
    const fix = (await quickFixes(editor.document.uri, d)).find((a) => a.title.startsWith('Set bias=False'));
    assert.ok(fix, 'fix offered');
    assert.match(fix.title, /unsafe/);
    assert.notEqual(fix.isPreferred, true);
    await applyAction(fix);
    assert.equal(editor.document.lineAt(3).text, '    nn.Conv2d(3, 16, 3, padding=1, bias=False),');
    await waitForCodes(editor.document.uri, []);
  });

  it('applies a fix in another file (the model) and re-checks the script', async () => {
    const editor = await open('cross/train_cross.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR208']);
    const fix = (await quickFixes(editor.document.uri, d)).find((a) => a.title.startsWith('Remove the softmax'));
    assert.ok(fix?.edit, 'fix offered');
    assert.deepEqual(fix.edit.entries().map(([uri]) => uri.toString()), [fixture('cross/model.py').toString()]);
    await applyAction(fix);
    const model = await vscode.workspace.openTextDocument(fixture('cross/model.py'));
    assert.equal(model.lineAt(10).text, '        return self.fc(x)');
    await waitForCodes(editor.document.uri, []);
  });

  it('"Ignore on this line" writes the suppression comment and silences the finding', async () => {
    const editor = await open('conv_block.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR209']);
    const ignore = (await quickFixes(editor.document.uri, d)).find((a) => a.title === 'Ignore NR209 on this line');
    assert.ok(ignore, 'ignore action offered');
    await applyAction(ignore);
    assert.match(editor.document.lineAt(3).text, /^ {4}nn\.Conv2d\(3, 16, 3, padding=1\),\s+# nn-recipe: ignore\[NR209\]$/);
    await waitForCodes(editor.document.uri, []);
  });

  it('offers "Show documentation" with the rule code', async () => {
    const editor = await open('train.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR204']);
    const docs = (await quickFixes(editor.document.uri, d)).find((a) => a.title === 'Show documentation for NR204');
    assert.ok(docs?.command, 'docs action offered');
    assert.equal(docs.command.command, 'nnRecipe.showRuleDocs');
    assert.deepEqual(docs.command.arguments, ['NR204']);
  });

  it('source.fixAll applies safe fixes only, and a second run finds nothing to do', async () => {
    const editor = await open('fixall.py');
    await waitForCodes(editor.document.uri, ['NR204', 'NR204', 'NR209']);
    const [action, ...more] = await fixAllActions(editor.document);
    assert.ok(action, 'a fix-all action');
    assert.equal(more.length, 0);
    assert.equal(action.kind?.value, FIX_ALL);
    await applyAction(action);
    const text = editor.document.getText();
    assert.match(text, /for x, y in loader:\n {4}enc_opt\.zero_grad\(\)\n/);
    assert.match(text, /for x, y in loader:\n {4}head_opt\.zero_grad\(\)\n/);
    assert.match(text, /nn\.Linear\(8, 4\), nn\.BatchNorm1d/, 'the unsafe NR209 fix is not applied');
    await waitForCodes(editor.document.uri, ['NR209']);
    assert.deepEqual(await fixAllActions(editor.document), [], 'converged: nothing left to fix');
  });

  it('runs fix-all on save through editor.codeActionsOnSave', async () => {
    const uri = fixture('fixall.py');
    const original = await vscode.workspace.fs.readFile(uri);
    const editor = vscode.workspace.getConfiguration('editor', { languageId: 'python' });
    await editor.update('codeActionsOnSave', { [FIX_ALL]: 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    // The extension host sees a setting once the workbench applied it.
    const applied = () => vscode.workspace.getConfiguration('editor', { languageId: 'python' }).get<Record<string, string>>('codeActionsOnSave')?.[FIX_ALL] === 'explicit';
    await waitFor(applied, 'editor.codeActionsOnSave to apply');
    try {
      const e = await open('fixall.py');
      await waitForCodes(uri, ['NR204', 'NR204', 'NR209']);
      // An explicit save of the document (as Ctrl+S does, without depending on which editor has the focus). On a
      // loaded machine VS Code's save participant was seen, about once in ten runs, to save without applying the
      // action our provider had answered with (the extension's log showed the request on save and the fix-all
      // edit returned for that version). On CI, once, `save()` answered false (the save did not happen). Either way
      // the save is made again, from a new edit, at most three more times; what was saved is asserted below.
      let saved = '';
      for (let attempt = 1; attempt <= 4; attempt++) {
        assert.equal(await e.edit((b) => b.insert(new vscode.Position(0, 0), '# saved\n')), true, 'edited');
        if (!(await e.document.save())) {
          console.log(`fix-all on save: save() answered false (attempt ${attempt}, dirty: ${e.document.isDirty}); saving again`);
          continue;
        }
        await waitFor(() => !e.document.isDirty, 'the save to finish');
        saved = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        assert.match(saved, /^# saved\n/);
        if (saved.includes('zero_grad()')) break;
        console.log(`fix-all on save: VS Code saved without the fix-all action (attempt ${attempt}); saving again`);
      }
      assert.equal(saved.match(/zero_grad\(\)/g)?.length, 2, `saved text:\n${saved}`);
      await waitForCodes(uri, ['NR209']);
    } finally {
      await editor.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
      await vscode.workspace.fs.writeFile(uri, original);
    }
  });

  it('"Fix All Safe Problems in File" command fixes the active file', async () => {
    const editor = await open('train.py');
    await waitForCodes(editor.document.uri, ['NR204']);
    assert.equal(await vscode.commands.executeCommand('nnRecipe.fixAll'), true);
    assert.equal(editor.document.lineAt(12).text, '        optimizer.zero_grad()');
    await waitForCodes(editor.document.uri, []);
    assert.equal(await vscode.commands.executeCommand('nnRecipe.fixAll'), false, 'nothing left');
    assert.deepEqual(codes(editor.document.uri), []);
  });
});

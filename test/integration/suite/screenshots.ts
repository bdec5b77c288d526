// Screenshots for the README, run only when the code-server launcher is started with --screenshots.
// The test puts the workbench in a state, then asks the launcher (through the extension host log) to take a
// screenshot once a selector is visible; the launcher writes `<name>.done` into the handshake folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAll, open, waitFor, waitForCodes } from './helpers';

async function screenshot(name: string, selector: string): Promise<void> {
  const done = path.join(process.env.NN_RECIPE_SCREENSHOT_HANDSHAKE ?? '', `${name}.done`);
  console.log(`[nn-recipe:screenshot] ${name} | ${selector}`);
  await waitFor(() => fs.existsSync(done), `the launcher to take screenshot ${name}`, 20_000);
}

describe('screenshots', () => {
  after(closeAll);

  it('Problems panel', async () => {
    await vscode.commands.executeCommand('nnRecipe.checkWorkspace');
    const editor = await open('softmax_loss.py');
    await waitForCodes(editor.document.uri, ['NR208']);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems-panel', '.markers-panel .monaco-list-row');
  });

  it('hover', async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
    const editor = await open('train.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR204']);
    editor.selection = new vscode.Selection(d.range.start.translate(0, 4), d.range.start.translate(0, 4));
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover', '.monaco-hover .code-link');
  });

  it('quick fix menu', async () => {
    await closeAll(); // closes the hover too
    const editor = await open('train.py');
    const [d] = await waitForCodes(editor.document.uri, ['NR204']);
    editor.selection = new vscode.Selection(d.range.start.translate(0, 4), d.range.start.translate(0, 4));
    await vscode.commands.executeCommand('editor.action.quickFix');
    await screenshot('quick-fix', '.action-widget .monaco-list-row');
  });

  it('stages sidebar', async () => {
    await closeAll(); // closes the quick fix menu too
    await open('stages/skeleton.py');
    // the current stage, revealed and expanded, with a violated tip opened to its finding
    await waitFor(async () => await vscode.commands.executeCommand<boolean>('nnRecipe.showStages'), 'the stages tree with a current stage', 20_000);
    await vscode.commands.executeCommand('nnRecipe.revealTip', '5.1');
    await vscode.commands.executeCommand('nnRecipe.showStages');
    // room for the labels: the editor gives up width to the sidebar
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    for (let i = 0; i < 4; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    await vscode.commands.executeCommand('nnRecipe.showStages');
    await screenshot('sidebar', '.sidebar .monaco-list-row .codicon-target');
  });
});

// The stages sidebar in a real VS Code: the tree shows the stage the engine infers for the fixture workspace,
// pinning and ticking write `.nn-recipe.yaml` keeping the user's comments, a malformed project file is never
// overwritten, the stage decides which stage-aware findings appear, evidence rows open the right range, tip
// docs and snippets work, and the tree follows file changes. Everything is polled, never slept.
// What the engine says about the files on disk comes from the command line (`nn-recipe stage`, `nn-recipe check
// --stage N`): the same engine through another adapter, so the sidebar is checked against an independent reading.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProjectFileEdit } from '../../../src/engine';
import { loadProjectFile, PROJECT_FILE_TEMPLATE } from '../../../src/engine/project-file';
import { stageInfo } from '../../../src/engine/stages/recipe';
import type { NnRecipeApi } from '../../../src/extension/extension';
import type { StageTreeNode } from '../../../src/extension/stages/tree';
import { EXTENSION_ID, closeAll, codeOf, fixture, open, waitFor, workspaceRoot } from './helpers';

const SLOW = 20_000; // an assessment runs after a debounce, on a machine other jobs share

let api: NnRecipeApi;
const projectFile = () => fixture('.nn-recipe.yaml');
const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const writeText = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

const roots = (): StageTreeNode[] => api.stages.tree.getChildren();
const currentStage = () => roots().find((n) => n.stage?.state === 'current');
const stageNode = (id: number) => roots().find((n) => n.stage?.id === id);
const tipNode = (id: string) => api.stages.tree.find((n) => n.kind === 'tip' && n.tip?.id === id);
/** Every nn-recipe diagnostic of a file, stage-aware rules included, once its codes are `expected` (sorted). */
async function waitForAllCodes(uri: vscode.Uri, expected: string[]): Promise<vscode.Diagnostic[]> {
  const all = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nn-recipe');
  const have = () => all().map((d) => codeOf(d) ?? '').sort().join(',');
  const want = [...expected].sort().join(',');
  await waitFor(() => have() === want, `diagnostics [${want}] on ${uri.path}`, SLOW).catch((e: Error) => {
    throw new Error(`${e.message} (have [${have()}])`);
  });
  return all();
}
const label = (n: StageTreeNode) => (typeof n.item.label === 'string' ? n.item.label : n.item.label?.label ?? '');

/** The CLI bundle of this checkout (out/test/integration/suite → dist/cli.js), run by the host's Node. */
function cli<T>(...args: string[]): T {
  const run = spawnSync(process.execPath, [path.resolve(__dirname, '../../../../dist/cli.js'), ...args, '--format', 'json'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, // the desktop host's execPath is Electron
    encoding: 'utf8',
  });
  // `check` exits with 1 when it reports findings
  assert.ok(run.status === 0 || run.status === 1, `nn-recipe ${args.join(' ')} exited with ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** The stage the engine infers for the workspace as it is on disk. */
function inferredOnDisk(): number {
  return cli<{ inferred: number }>('stage', workspaceRoot().fsPath).inferred;
}

/** The codes `nn-recipe check --stage N` reports for a file on disk. */
function codesOnDisk(uri: vscode.Uri, stage?: number): string[] {
  const args = stage === undefined ? ['check', uri.fsPath] : ['check', uri.fsPath, '--stage', String(stage)];
  return cli<{ findings: { code: string }[] }>(...args).findings.map((f) => f.code);
}

async function pin(stage: number): Promise<ProjectFileEdit> {
  const node = stageNode(stage);
  assert.ok(node, `stage ${stage} is in the tree`);
  return (await vscode.commands.executeCommand<ProjectFileEdit>('nnRecipe.pinStage', node));
}

const waitForCurrent = (stage: number, pinned: boolean) =>
  waitFor(() => {
    const n = currentStage();
    return !!n && n.stage?.id === stage && (api.stages.state()?.report.pinned !== undefined) === pinned && n;
  }, `stage ${stage} current${pinned ? ' and pinned' : ''} in the tree (have ${currentStage()?.stage?.id})`, SLOW);

describe('stages sidebar', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension<NnRecipeApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await waitFor(() => api.stages.state(), 'the first assessment of the workspace', SLOW);
  });

  afterEach(async () => {
    await vscode.workspace.fs.delete(projectFile()).then(undefined, () => undefined);
    await closeAll();
    await vscode.commands.executeCommand('notifications.clearAll');
    await waitFor(() => api.stages.state()?.report.pinned === undefined && !tipNode('1.1')?.tip?.tick, 'the tree without pin or ticks', SLOW);
  });

  it('shows the six stages with the inferred one current and expanded, its evidence, and the status bar item', async () => {
    const expected = inferredOnDisk();
    assert.ok(expected >= 3, `the skeleton's essentials in stages/skeleton.py put the workspace past stage 2 (engine says ${expected})`);
    const current = await waitForCurrent(expected, false);
    assert.deepEqual(roots().map((n) => label(n)), [1, 2, 3, 4, 5, 6].map((s) => `${s} · ${stageInfo(s)?.name}`));
    assert.equal(roots().filter((n) => n.stage?.state === 'current').length, 1);
    assert.equal(current.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.equal(current.item.description, 'current');
    for (const n of roots().filter((x) => x.stage && x.stage.id > expected)) assert.equal(n.stage?.state, 'upcoming');
    // the first row under the current stage says why, with the evidence behind it
    const reason = current.children[0];
    assert.equal(reason.kind, 'reason');
    assert.equal(label(reason), api.stages.state()?.report.reason);
    // the skeleton's essentials are done, each with proof
    for (const id of ['2.1', '2.3', '2.8']) {
      const tip = tipNode(id);
      assert.ok(tip?.tip, `tip ${id} is in the tree`);
      assert.equal(tip.tip.state, 'done', `tip ${id}`);
      assert.ok(tip.children.some((c) => c.kind === 'evidence'), `tip ${id} has evidence rows`);
      assert.ok(tip.item.tooltip instanceof vscode.MarkdownString && tip.item.tooltip.value.includes(tip.tip.text), `tip ${id} explains itself`);
    }
    // tips only the user can judge have checkboxes; common mistakes show only when violated
    assert.equal((tipNode('1.1')?.item.checkboxState as { state: vscode.TreeItemCheckboxState }).state, vscode.TreeItemCheckboxState.Unchecked);
    assert.equal(tipNode('2.1')?.item.checkboxState, undefined);
    assert.equal(tipNode('2.M1')?.tip?.state, 'violated', 'train.py never zeroes the gradients');
    assert.equal(tipNode('2.M5'), undefined, 'a mistake nobody makes is not listed');
    assert.equal(api.stages.statusText(), `Recipe: ${expected} · ${stageInfo(expected)?.name}`);
    assert.equal(await vscode.commands.executeCommand('nnRecipe.showStages'), true);
  });

  it('clicking evidence opens the file at its range', async () => {
    const tip = await waitFor(() => tipNode('2.8'), 'tip 2.8 in the tree', SLOW);
    const row = tip.children.find((c) => c.kind === 'evidence' && String(c.item.description).startsWith('stages/skeleton.py:'));
    assert.ok(row?.item.command, 'an evidence row in stages/skeleton.py that opens it');
    await vscode.commands.executeCommand(row.item.command.command, ...(row.item.command.arguments ?? []));
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('/stages/skeleton.py') && vscode.window.activeTextEditor, 'stages/skeleton.py in an editor');
    const start = editor.document.positionAt(editor.document.getText().indexOf('for _ in range(steps)'));
    const want = new vscode.Range(start, start.translate(0, 'for _ in range(steps)'.length));
    await waitFor(() => editor.selection.isEqual(new vscode.Selection(want.start, want.end)), `the selection on the overfit-one-batch loop (have ${JSON.stringify(editor.selection)})`);
  });

  it('pinning and unpinning a stage writes .nn-recipe.yaml, keeping the comments and key order', async () => {
    const inferred = inferredOnDisk();
    await waitForCurrent(inferred, false);
    const original = ['# Shared by the team: keep this comment', 'ignore: [NR216]  # YAML exponents are fine here', '', '# Severity overrides', 'severity:', '  NR209: warning', ''].join('\n');
    await writeText(projectFile(), original);
    await waitFor(() => api.stages.state()?.hasProjectFile, 'the project file to be read', SLOW);

    const result = await pin(2);
    assert.equal(result.ok, true, JSON.stringify(result));
    const pinned = await waitFor(async () => {
      const t = await readText(projectFile());
      return /^stage: 2$/m.test(t) && t;
    }, '`stage: 2` in .nn-recipe.yaml');
    for (const comment of ['# Shared by the team: keep this comment', '# YAML exponents are fine here', '# Severity overrides']) assert.ok(pinned.includes(comment), `kept: ${comment}\n${pinned}`);
    assert.ok(pinned.indexOf('ignore:') < pinned.indexOf('severity:') && pinned.indexOf('severity:') < pinned.indexOf('stage:'), pinned);
    const current = await waitForCurrent(2, true);
    assert.equal(current.item.description, 'current · pinned');
    assert.equal(current.item.contextValue, 'stage-pinned');
    assert.equal(api.stages.statusText(), 'Recipe: 2 · Skeleton');

    const unpinned = await vscode.commands.executeCommand<ProjectFileEdit>('nnRecipe.unpinStage', current);
    assert.equal(unpinned.ok, true);
    const after = await readText(projectFile());
    assert.doesNotMatch(after, /^stage:/m);
    assert.equal(loadProjectFile(after).problems.length, 0);
    assert.ok(after.includes('# Shared by the team: keep this comment') && after.includes('# Severity overrides'), after);
    await waitForCurrent(inferred, false);
  });

  it('ticking a tip writes it with the date, and unticking removes it, keeping comments', async () => {
    await writeText(projectFile(), '# our project\nignore: [NR216]  # keep\n');
    await waitFor(() => api.stages.state()?.hasProjectFile, 'the project file to be read', SLOW);
    const tip = await waitFor(() => tipNode('1.1'), 'tip 1.1', SLOW);
    assert.equal((await api.stages.setChecked(tip, true)).ok, true);
    const ticked = await waitFor(async () => {
      const t = await readText(projectFile());
      return loadProjectFile(t).ticks['1.1'] && t;
    }, 'tip 1.1 ticked in .nn-recipe.yaml');
    assert.match(loadProjectFile(ticked).ticks['1.1'].date ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.match(ticked, /^# our project\nignore: \[NR216\] +# keep\n/);
    const node = await waitFor(() => tipNode('1.1')?.tip?.tick && tipNode('1.1'), 'the tick in the tree', SLOW);
    assert.equal(node.tip?.state, 'ticked');
    assert.equal((node.item.checkboxState as { state: vscode.TreeItemCheckboxState }).state, vscode.TreeItemCheckboxState.Checked);

    assert.equal((await vscode.commands.executeCommand<ProjectFileEdit>('nnRecipe.untickTip', node)).ok, true);
    const unticked = await readText(projectFile());
    assert.equal(loadProjectFile(unticked).ticks['1.1'], undefined);
    assert.ok(unticked.startsWith('# our project\n'), unticked);
    await waitFor(() => tipNode('1.1')?.tip?.state === 'open', 'tip 1.1 open again', SLOW);
  });

  it('with unsaved edits in the project file, the pin goes into the editor next to them and nothing is saved', async () => {
    await writeText(projectFile(), '# team settings\n');
    const editor = await vscode.window.showTextDocument(projectFile());
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'ignore: [NR216]\n'));
    assert.ok(editor.document.isDirty);
    assert.equal((await pin(3)).ok, true);
    assert.match(editor.document.getText(), /^# team settings\nignore: \[NR216\]\nstage: 3\n$/);
    assert.ok(editor.document.isDirty, 'left for the user to save');
    assert.equal(await readText(projectFile()), '# team settings\n');
  });

  it('a malformed project file is never overwritten: pin and tick refuse and say why', async () => {
    const malformed = '# broken on purpose\nseverity: [\n  NR204: error\n';
    await writeText(projectFile(), malformed);
    await waitFor(() => api.stages.state()?.hasProjectFile, 'the project file to be read', SLOW);
    const inferred = inferredOnDisk();
    const result = await pin(Math.max(1, inferred - 1));
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /never overwrites/);
    const tip = tipNode('1.1');
    assert.ok(tip);
    const tick = await api.stages.setChecked(tip, true);
    assert.equal(tick.ok, false);
    assert.equal(await readText(projectFile()), malformed);
    assert.equal(currentStage()?.stage?.id, inferred);
    assert.equal((tipNode('1.1')?.item.checkboxState as { state: vscode.TreeItemCheckboxState }).state, vscode.TreeItemCheckboxState.Unchecked);
  });

  it('the stage decides which stage-aware findings appear: none until pinned, the inferred stage only when opted in', async () => {
    const editor = await open('clean.py');
    const uri = editor.document.uri;
    const inferred = inferredOnDisk();
    const unpinned = codesOnDisk(uri);
    await waitForAllCodes(uri, unpinned);

    assert.equal((await pin(2)).ok, true); // creates the project file from its template
    const [d] = await waitForAllCodes(uri, ['NR301']); // SGD as the first optimizer, while building the skeleton
    assert.match(d.message, /^In stage 2 \(skeleton\)/);
    await waitForCurrent(2, true);
    assert.equal((await pin(4)).ok, true);
    await waitForAllCodes(uri, ['NR404']); // no weight decay, while regularizing
    await waitForCurrent(4, true);
    assert.equal((await pin(1)).ok, true);
    await waitForAllCodes(uri, []);
    await waitForCurrent(1, true);
    assert.equal((await vscode.commands.executeCommand<ProjectFileEdit>('nnRecipe.unpinStage')).ok, true);
    await waitForAllCodes(uri, unpinned);
    await waitForCurrent(inferred, false);
    // nnRecipe.stageAwareRules: inferredStage lets the inferred stage drive them too, as `check --stage auto` does.
    const cfg = vscode.workspace.getConfiguration('nnRecipe');
    await cfg.update('stageAwareRules', 'inferredStage', vscode.ConfigurationTarget.Workspace);
    try {
      await waitForAllCodes(uri, codesOnDisk(uri, inferred));
    } finally {
      await cfg.update('stageAwareRules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForAllCodes(uri, unpinned);
  });

  it('the tree follows file changes: a new data-exploration script ticks 1.1 with evidence, deleting it undoes that', async () => {
    const file = fixture('stages/explore.py');
    await writeText(file, 'import collections\n\nimport numpy as np\n\nlabels = np.load("labels.npy")\nprint(collections.Counter(labels.tolist()))\n');
    try {
      const tip = await waitFor(() => tipNode('1.1')?.tip?.state === 'done' && tipNode('1.1'), 'tip 1.1 done after the new file', SLOW);
      assert.ok(tip.children.some((c) => c.kind === 'evidence' && String(c.item.description) === 'stages/explore.py:6'), tip.children.map((c) => String(c.item.description)).join(', '));
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await waitFor(() => tipNode('1.1')?.tip?.state === 'open', 'tip 1.1 open again after the file is deleted', SLOW);
  });

  it("opens a tip's documentation offline, or the rule's for a violated tip", async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('nn-recipe-tip:/2.7.md'));
    assert.match(doc.getText(), /^# 2\.7 · Input-independent baseline/);
    assert.match(doc.getText(), /`nr-zero-input-baseline`/);
    const previewOf = (name: string) =>
      vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('markdown.preview') && t.label.includes(name)));
    assert.equal(await vscode.commands.executeCommand('nnRecipe.openTipDocs', '2.7'), true);
    await waitFor(() => previewOf('2.7'), 'a markdown preview of tip 2.7');
    const violated = await waitFor(() => tipNode('2.M1'), 'tip 2.M1 (violated by train.py)', SLOW);
    assert.equal(await vscode.commands.executeCommand('nnRecipe.openTipDocs', violated), true);
    await waitFor(() => previewOf('NR204'), 'a markdown preview of NR204.md');
  });

  it("the welcome view's button creates the project file from its template", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const welcome = (ext?.packageJSON.contributes.viewsWelcome as { view: string; contents: string; when: string }[]).find((w) => w.when.includes('nnRecipe.stagesState == empty'));
    assert.match(welcome?.contents ?? '', /\(command:nnRecipe\.createProjectFile\)/);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('nnRecipe.createProjectFile');
    assert.equal(uri?.toString(), projectFile().toString());
    assert.equal(await readText(projectFile()), PROJECT_FILE_TEMPLATE);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === projectFile().toString(), 'the project file in an editor');
    await waitFor(() => api.stages.state()?.hasProjectFile, 'the sidebar to see the project file', SLOW);
  });

  it('ships the media the view container and the walkthrough name', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const c = ext.packageJSON.contributes as { viewsContainers: { activitybar: { icon: string }[] }; walkthroughs: { steps: { media: { markdown: string } }[] }[] };
    const files = [...c.viewsContainers.activitybar.map((v) => v.icon), ...c.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown))];
    assert.ok(files.length >= 7, files.join(', '));
    for (const f of files) assert.ok(fs.existsSync(path.join(ext.extensionPath, f)), `${f} is in the extension`);
  });

  it('inserts the snippet that implements a tip into the active editor', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: '' });
    await vscode.window.showTextDocument(doc);
    const tip = await waitFor(() => tipNode('2.1'), 'tip 2.1', SLOW);
    assert.match(String(tip.item.contextValue), /\bsnippet\b/);
    assert.equal(await vscode.commands.executeCommand('nnRecipe.insertTipSnippet', tip), true);
    await waitFor(() => doc.getText().includes('torch.manual_seed('), 'the nr-seed snippet in the document');
  });
});

// The recipe's stages in the editor: the sidebar tree, its commands (pin, unpin, tick, tip docs, snippets,
// refresh), the welcome view's state, the status bar item, and the stage that stage-aware diagnostics run in.
import * as vscode from 'vscode';
import { detectLanguage, PROJECT_FILE, setPinnedStage, setTipTick, STAGES, TIPS, type ProjectFileEdit } from '../../engine';
import { SNIPPETS, snippetForTip } from '../../engine/snippets';
import type { DiagnosticsController } from '../diagnostics';
import { enginePath } from '../documents';
import type { SettingsService } from '../settings';
import { createProjectFile, editProjectFile, projectFileUri } from './projectFile';
import { type FolderStage, isEmpty, StageService } from './service';
import { StageStatusItem } from './status';
import { TIP_DOCS_SCHEME, TipDocsFileSystem, tipDocsUri } from './tipDocs';
import { type StageTreeNode, StagesTree } from './tree';

export const VIEW_ID = 'nnRecipe.stages';
const WALKTHROUGH = 'gettingStarted';

/** For the integration tests: the tree as the view shows it, and what the view's controls do. */
export interface StagesApi {
  tree: StagesTree;
  /** The assessment of the folder the sidebar shows. */
  state(): FolderStage | undefined;
  /** Re-lists and re-reads the workspace and assesses it again. */
  refresh(): Promise<void>;
  /** What clicking a tip's checkbox does. */
  setChecked(node: StageTreeNode, checked: boolean): Promise<ProjectFileEdit>;
  statusText(): string | undefined;
}

type TipArg = StageTreeNode | string | undefined;

/** "2024-05-01", the local date of a hand tick. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function registerStages(context: vscode.ExtensionContext, diagnostics: DiagnosticsController, settings: SettingsService, log: vscode.LogOutputChannel): StagesApi {
  const service = new StageService(diagnostics, settings, log);
  const tree = new StagesTree();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true, manageCheckboxStateManually: true });
  const status = new StageStatusItem();
  let shown: vscode.WorkspaceFolder | undefined;

  /** The folder of the active editor, else the one shown before, else the first. */
  const currentFolder = (): vscode.WorkspaceFolder | undefined => {
    const active = vscode.window.activeTextEditor?.document.uri;
    const folders = vscode.workspace.workspaceFolders ?? [];
    return (active && vscode.workspace.getWorkspaceFolder(active)) || folders.find((f) => f.uri.toString() === shown?.uri.toString()) || folders[0];
  };
  const update = () => {
    shown = currentFolder();
    const state = shown && service.stateOf(shown);
    tree.show(state);
    status.update(state);
    view.description = state && (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? state.folder.name : undefined;
    const mode = !shown ? 'noFolder' : !state ? 'loading' : isEmpty(state) ? 'empty' : 'ready';
    void vscode.commands.executeCommand('setContext', 'nnRecipe.stagesState', mode);
    void vscode.commands.executeCommand('setContext', 'nnRecipe.stagePinned', state?.report.pinned !== undefined);
  };

  diagnostics.useInferredStage((uri) => service.inferredStageFor(uri));
  context.subscriptions.push(
    service,
    tree,
    view,
    status,
    service.onDidChange(update),
    service.onDidChangeStage(() => diagnostics.recheckAllSoon()),
    vscode.window.onDidChangeActiveTextEditor(() => {
      if (currentFolder()?.uri.toString() !== shown?.uri.toString()) update();
    }),
    view.onDidChangeCheckboxState(async (e) => {
      for (const [n, state] of e.items) if (n.kind === 'tip') await setChecked(n, state === vscode.TreeItemCheckboxState.Checked);
    }),
    vscode.workspace.registerFileSystemProvider(TIP_DOCS_SCHEME, new TipDocsFileSystem(context.extensionUri), { isReadonly: true }),
  );
  update();

  const folderOf = (arg: unknown): vscode.WorkspaceFolder | undefined => (arg && typeof arg === 'object' && 'folder' in arg ? (arg as StageTreeNode).folder : currentFolder());
  const tipIdOf = (arg: TipArg): string | undefined => (typeof arg === 'string' ? arg : arg?.tip?.id);
  const tipStatus = (id: string) => (shown && service.stateOf(shown))?.report.stages.flatMap((s) => s.tips).find((t) => t.id === id);

  /** Writes the project file; when the engine refuses (a malformed file) says why and writes nothing. */
  async function write(folder: vscode.WorkspaceFolder | undefined, change: (text: string) => ProjectFileEdit, create: boolean, what: string): Promise<ProjectFileEdit> {
    if (!folder) return { ok: false, reason: 'no workspace folder is open' };
    const result = await editProjectFile(folder, change, create).catch((e: unknown): ProjectFileEdit => ({ ok: false, reason: e instanceof Error ? e.message : String(e) }));
    if (result.ok) {
      const uri = projectFileUri(folder);
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) {
        // the file had unsaved edits: the change went into the editor, next to them
        vscode.window.setStatusBarMessage(`NN Recipe: ${PROJECT_FILE} has unsaved changes; save it to ${what}`, 8000);
      } else log.info(`stages: ${what}: ${uri.fsPath} updated`);
      service.schedule(0);
    } else {
      log.warn(`stages: could not ${what}: ${result.reason}`);
      tree.redraw(); // a checkbox the user clicked shows what the file says again
      void vscode.window.showErrorMessage(`NN Recipe: could not ${what}: ${result.reason}`, 'Open Project File').then((choice) => {
        if (choice) void vscode.window.showTextDocument(projectFileUri(folder));
      });
    }
    return result;
  }

  function setChecked(n: StageTreeNode, checked: boolean): Promise<ProjectFileEdit> {
    const id = tipIdOf(n);
    if (!id) return Promise.resolve({ ok: false, reason: 'not a tip' });
    return write(n.folder, (text) => setTipTick(text, id, checked ? { date: today() } : undefined), checked, checked ? `tick ${id}` : `untick ${id}`);
  }

  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  /**
   * Reveals the node `find` gives. Right after the tree changed, VS Code may not have read the new nodes yet and
   * rejects with "Data tree node not found" (seen once in the integration tests): asked again, with the node found
   * anew, a few times over about a second; a node that still cannot be revealed is left (the view is shown anyway).
   */
  async function reveal(find: () => StageTreeNode | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const n = find();
      if (!n) return;
      try {
        await view.reveal(n, { select: true, focus: true, expand: true });
        return;
      } catch {
        if (attempt === 5) return;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  register('nnRecipe.showStages', async () => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const current = (): StageTreeNode | undefined => tree.find((n) => n.kind === 'stage' && n.stage?.state === 'current');
    await reveal(current);
    return !!current();
  });

  register('nnRecipe.refreshStages', () => service.refresh());

  register('nnRecipe.pinStage', async (arg?: StageTreeNode | number) => {
    let stage = typeof arg === 'number' ? arg : arg?.stage?.id;
    if (stage === undefined) {
      const picked = await vscode.window.showQuickPick(
        STAGES.map((s) => ({ label: `${s.id} · ${s.name}`, description: s.title, detail: s.summary, stage: s.id })),
        { title: 'NN Recipe: Pin the Recipe Stage', placeHolder: 'The stage stage-aware rules run in, until you unpin it' },
      );
      stage = picked?.stage;
    }
    if (stage === undefined) return undefined;
    const pin = stage;
    return write(folderOf(arg), (text) => setPinnedStage(text, pin), true, `pin stage ${pin}`);
  });

  register('nnRecipe.unpinStage', (arg?: StageTreeNode) => write(folderOf(arg), (text) => setPinnedStage(text, undefined), false, 'unpin the stage'));

  register('nnRecipe.tickTip', (arg: StageTreeNode) => setChecked(arg, true));
  register('nnRecipe.untickTip', (arg: StageTreeNode) => setChecked(arg, false));

  register('nnRecipe.revealTip', (tipId: string) => reveal(() => tree.find((x) => x.kind === 'tip' && x.tip?.id === tipId)));

  register('nnRecipe.openTipDocs', async (arg?: TipArg) => {
    let id = tipIdOf(arg);
    if (!id) {
      const picked = await vscode.window.showQuickPick(
        TIPS.map((t) => ({ label: `${t.id} ${t.title}`, detail: t.text, id: t.id })),
        { title: 'NN Recipe: Open Tip Documentation', matchOnDetail: true },
      );
      id = picked?.id;
    }
    if (!id) return false;
    // A violated tip opens the documentation of the rule that reports it.
    const tip = (typeof arg === 'object' && arg.tip) || tipStatus(id);
    const finding = tip?.state === 'violated' ? tip.findings[0] : undefined;
    if (finding) return vscode.commands.executeCommand('nnRecipe.showRuleDocs', finding.code);
    await vscode.commands.executeCommand('markdown.showPreview', tipDocsUri(id));
    return true;
  });

  register('nnRecipe.insertTipSnippet', async (arg: TipArg) => {
    const id = tipIdOf(arg);
    const editor = vscode.window.activeTextEditor;
    if (!id) return false;
    if (!editor) {
      void vscode.window.showInformationMessage(`NN Recipe: open the file to insert the snippet for tip ${id} into, then try again.`);
      return false;
    }
    const language = detectLanguage(enginePath(editor.document.uri), editor.document.languageId);
    const ref = language && snippetForTip(id, language);
    const snippet = ref && SNIPPETS.find((s) => s.prefix === ref.prefix && s.language === ref.language);
    if (!snippet) {
      const other = snippetForTip(id);
      void vscode.window.showInformationMessage(
        `NN Recipe: no snippet for tip ${id} in ${editor.document.languageId} files${other ? ` (${other.language} has one: ${other.prefix})` : ''}.`,
      );
      return false;
    }
    await vscode.window.showTextDocument(editor.document, editor.viewColumn); // focus it, for the snippet's tab stops
    return editor.insertSnippet(new vscode.SnippetString(snippet.body.join('\n')));
  });

  register('nnRecipe.createProjectFile', async () => {
    const folder = currentFolder();
    const uri = folder && (await createProjectFile(folder));
    if (!uri) {
      void vscode.window.showErrorMessage('NN Recipe: could not create the project file (is a folder open?)');
      return undefined;
    }
    await vscode.window.showTextDocument(uri);
    service.schedule(0);
    return uri;
  });

  register('nnRecipe.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH}`, false));

  return {
    tree,
    state: () => shown && service.stateOf(shown),
    refresh: () => service.refresh(),
    setChecked,
    statusText: () => status.text,
  };
}

// Commands (category "NN Recipe"): check workspace, fix all in file, show rule docs, open the project file.
import * as vscode from 'vscode';
import { allRules, DOCS_BASE, getRule } from '../engine';
import { fixAllEdit } from './codeActions';
import type { DiagnosticsController } from './diagnostics';
import { PROJECT_FILE } from './documents';

const PROJECT_FILE_TEMPLATE = `# NN Recipe project settings: read by the editor extension and the CLI, so a team shares them.
# Which wins over editor settings is set by nnRecipe.configurationPreference (default: this file).
#
# select: [NR2]            # rule codes or prefixes to run (default: all rules)
# ignore: [NR301]          # rule codes or prefixes to turn off
# severity:                # per-rule severity: error, warning, info, hint or off
#   NR204: error
# stage: 2                 # the recipe stage the project is in (1-6)
`;

/** A workspace check still running after this long shows a cancellable notification. */
const NOTIFY_AFTER_MS = 1500;

export function registerCommands(
  context: vscode.ExtensionContext,
  diagnostics: DiagnosticsController,
  log: vscode.LogOutputChannel,
): void {
  const register = (id: string, fn: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('nnRecipe.checkWorkspace', async () => {
    const source = new vscode.CancellationTokenSource();
    const scan = diagnostics.checkWorkspace(source.token);
    // The status bar follows every scan; a scan still running after a moment also gets a notification with a
    // Cancel button (cancelling either stops the scan).
    const follow = (progress: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken) =>
      new Promise<void>((resolve) => {
        token?.onCancellationRequested(() => source.cancel());
        let shown = 0;
        const sub = diagnostics.onDidScanProgress(({ done, total }) => {
          const pct = total ? (100 * done) / total : 100;
          progress.report({ message: `${done}/${total} files`, increment: pct - shown });
          shown = pct;
        });
        void scan.finally(() => {
          sub.dispose();
          resolve();
        });
      });
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'NN Recipe: checking workspace' }, (p) => follow(p));
    const notify = setTimeout(
      () => void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'NN Recipe: checking workspace', cancellable: true }, follow),
      NOTIFY_AFTER_MS,
    );
    try {
      const { files, findings, cancelled } = await scan;
      vscode.window.setStatusBarMessage(`NN Recipe: ${findings} finding(s) in ${files} file(s)${cancelled ? ' (cancelled)' : ''}`, 5000);
      return { files, findings, cancelled };
    } finally {
      clearTimeout(notify);
      source.dispose();
    }
  });

  register('nnRecipe.fixAll', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return false;
    const edit = await fixAllEdit(editor.document, diagnostics);
    if (!edit) {
      vscode.window.setStatusBarMessage('NN Recipe: no safe fixes in this file', 3000);
      return false;
    }
    return editor.edit((b) => b.replace(edit.range, edit.newText));
  });

  register('nnRecipe.showRuleDocs', async (codeOrName?: string) => {
    let code = codeOrName && getRule(codeOrName)?.code;
    if (!codeOrName) {
      const picked = await vscode.window.showQuickPick(
        allRules().map((r) => ({ label: r.code, description: r.name, detail: r.docs.summary })),
        { title: 'NN Recipe: Show Rule Documentation', matchOnDescription: true, matchOnDetail: true },
      );
      code = picked?.label;
      if (!code) return false;
    }
    if (!code) {
      vscode.window.showWarningMessage(`NN Recipe: no rule named ${codeOrName}`);
      return false;
    }
    const uri = vscode.Uri.joinPath(context.extensionUri, DOCS_BASE, `${code}.md`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      log.error(`documentation for ${code} is missing from the extension: ${uri.toString()}`);
      vscode.window.showWarningMessage(`NN Recipe: documentation for ${code} is missing from this build`);
      return false;
    }
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return true;
  });

  register('nnRecipe.openProjectFile', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder for ${PROJECT_FILE}` }) : folders[0];
    if (!folder) return undefined;
    const uri = vscode.Uri.joinPath(folder.uri, PROJECT_FILE);
    let exists = true;
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      exists = false;
    }
    if (!exists) {
      // Created as an unsaved edit: the user reviews it and saves (or undoes) it.
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { ignoreIfExists: true });
      edit.insert(uri, new vscode.Position(0, 0), PROJECT_FILE_TEMPLATE);
      await vscode.workspace.applyEdit(edit);
    }
    await vscode.window.showTextDocument(uri);
    return uri;
  });

  register('nnRecipe.showOutput', () => log.show(true));
}

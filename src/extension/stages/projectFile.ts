// Writes `.nn-recipe.yaml` for the sidebar (pin, unpin, tick): the engine's pure writers compute the new text,
// keeping the user's comments and key order, and refuse a file they cannot read. The change goes in as a
// WorkspaceEdit (undoable): into the editor when the file has unsaved edits of the user's (left for them to
// save), else as the file's new contents on disk.
import * as vscode from 'vscode';
import { PROJECT_FILE, PROJECT_FILE_TEMPLATE, type ProjectFileEdit } from '../../engine';
import { minimalEdit } from '../convert';

export function projectFileUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, PROJECT_FILE);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

/**
 * Applies `change` to the folder's project file. A missing file starts from the template when `create` is set
 * (and is left missing otherwise). Resolves with what the engine said; nothing is written when it refused.
 */
export async function editProjectFile(folder: vscode.WorkspaceFolder, change: (text: string) => ProjectFileEdit, create: boolean): Promise<ProjectFileEdit> {
  const uri = projectFileUri(folder);
  const edit = new vscode.WorkspaceEdit();
  const unsaved = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.isDirty);
  if (unsaved) {
    const result = change(unsaved.getText());
    const replace = result.ok && minimalEdit(unsaved, result.text);
    if (replace) {
      edit.set(uri, [replace]);
      if (!(await vscode.workspace.applyEdit(edit))) return { ok: false, reason: `VS Code could not edit ${PROJECT_FILE}` };
    }
    return result;
  }
  // A document that is loaded but not dirty may not have caught up with the disk yet: the disk is the truth.
  const text = await vscode.workspace.fs.readFile(uri).then(
    (bytes) => new TextDecoder().decode(bytes),
    () => undefined,
  );
  if (text === undefined && !create) return { ok: true, text: '' };
  const result = change(text ?? PROJECT_FILE_TEMPLATE);
  if (!result.ok || result.text === text) return result;
  edit.createFile(uri, { overwrite: true, contents: new TextEncoder().encode(result.text) });
  return (await vscode.workspace.applyEdit(edit)) ? result : { ok: false, reason: `VS Code could not write ${PROJECT_FILE}` };
}

/** Creates the project file from the template if it is missing; resolves with its URI. */
export async function createProjectFile(folder: vscode.WorkspaceFolder): Promise<vscode.Uri | undefined> {
  const uri = projectFileUri(folder);
  if (await exists(uri)) return uri;
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(PROJECT_FILE_TEMPLATE) });
  return (await vscode.workspace.applyEdit(edit)) ? uri : undefined;
}

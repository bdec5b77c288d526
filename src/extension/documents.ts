// Which documents the extension serves, how their URIs map to the engine's paths, and the file host the
// engine uses to read other files of the project (open editors first, then the disk).
import * as vscode from 'vscode';
import { detectLanguage, PROJECT_FILE, type Language, type ProjectHost } from '../engine';
import { readSmallFile } from './files';

export { PROJECT_FILE };
/** Language ids the extension serves: the activation events and provider selectors use the same list. */
export const LANGUAGE_IDS = ['python', 'yaml', 'json', 'typescript', 'javascript'] as const;
export const SELECTOR: vscode.DocumentSelector = LANGUAGE_IDS.map((language) => ({ language }));

/** The path the engine sees for a URI: the file system path on disk, the URI path elsewhere. */
export function enginePath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/** Maps an engine path back to a URI, next to `base` (same scheme and authority). */
export function uriForPath(path: string, base: vscode.Uri): vscode.Uri {
  if (path === enginePath(base)) return base;
  return base.scheme === 'file' ? vscode.Uri.file(path) : base.with({ path });
}

export function isProjectFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${PROJECT_FILE}`);
}

/** Schemes of user files: on disk, unsaved, and those of the workspace folders (virtual workspaces). */
export function isUserScheme(uri: vscode.Uri): boolean {
  if (uri.scheme === 'file' || uri.scheme === 'untitled') return true;
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === uri.scheme);
}

/** The engine language of a document the extension should check, or undefined to leave it alone. */
export function servedLanguage(doc: vscode.TextDocument): Language | undefined {
  if (!isUserScheme(doc.uri) || isProjectFile(doc.uri)) return undefined;
  return detectLanguage(enginePath(doc.uri), doc.languageId);
}

/** Open-document text first (unsaved edits count), else the file on disk; undefined when neither. */
export class DocumentHost implements ProjectHost {
  readFile(absPath: string): string | undefined {
    const doc = vscode.workspace.textDocuments.find((d) => isUserScheme(d.uri) && enginePath(d.uri) === absPath);
    if (doc) return doc.getText();
    // In a virtual workspace engine paths are not local paths: only open documents can be read.
    if (!(vscode.workspace.workspaceFolders ?? []).every((f) => f.uri.scheme === 'file')) return undefined;
    return readSmallFile(absPath);
  }
}

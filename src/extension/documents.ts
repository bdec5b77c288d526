// Which documents the extension serves, how their URIs map to the engine's paths, and the file host the
// engine uses to read other files of the project (open editors first, then the disk).
import { promises as fsp } from 'node:fs';
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

/*
 * Files of the workspace, read for a workspace check or the stages sidebar. Files on disk are read with Node's own
 * file system calls: VS Code's file system API costs a round trip to the workbench per call (a median of 16 ms per
 * file stat and read in code-server, where Node reads the same file in well under 1 ms), and a workspace check reads
 * every file. Other schemes (virtual workspaces) go through VS Code's API.
 */

/** A workspace file's size and modification time (ms), or undefined when it is gone or cannot be read. */
export async function statFile(uri: vscode.Uri): Promise<{ size: number; mtime: number } | undefined> {
  try {
    if (uri.scheme === 'file') {
      const st = await fsp.stat(uri.fsPath);
      return st.isFile() ? { size: st.size, mtime: st.mtimeMs } : undefined;
    }
    const st = await vscode.workspace.fs.stat(uri);
    return st.type & vscode.FileType.File ? { size: st.size, mtime: st.mtime } : undefined;
  } catch {
    return undefined;
  }
}

/** A workspace file's text (UTF-8, invalid bytes replaced), or undefined when it is gone or cannot be read. */
export async function readTextFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const bytes = uri.scheme === 'file' ? await fsp.readFile(uri.fsPath) : await vscode.workspace.fs.readFile(uri);
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

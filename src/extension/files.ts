// Reading project files from disk for cross-file facts, on the extension host and in the analysis worker alike
// (no `vscode` import: the worker thread cannot load it).
import * as fs from 'node:fs';

/** Files the engine reads from disk for cross-file facts stay small; bigger ones are skipped. */
const MAX_DISK_READ = 2 * 1024 * 1024;

/** A file's text, or undefined when it is missing, unreadable or bigger than MAX_DISK_READ. */
export function readSmallFile(absPath: string): string | undefined {
  try {
    if (fs.statSync(absPath).size > MAX_DISK_READ) return undefined;
    return fs.readFileSync(absPath, 'utf8');
  } catch {
    return undefined; // missing or unreadable
  }
}

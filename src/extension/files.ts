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

/**
 * `readSmallFile` that reads a file again only when it changed: the engine reads the files a module imports on every
 * analysis, to see whether they changed, and most never do. A file counts as changed when its size, modification
 * time, status change time or inode changed (a write moves the status change time, even one that puts the
 * modification time back; two writes of the same size within one tick of the file system's clock, a few
 * milliseconds, look alike, as they do to VS Code's own check of size and modification time).
 */
export class DiskReader {
  private readonly known = new Map<string, { stamp: string; text: string }>();

  read(absPath: string): string | undefined {
    let stamp: string;
    try {
      const st = fs.statSync(absPath);
      if (!st.isFile() || st.size > MAX_DISK_READ) {
        this.known.delete(absPath);
        return undefined;
      }
      stamp = `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
    } catch {
      this.known.delete(absPath); // missing or unreadable
      return undefined;
    }
    const k = this.known.get(absPath);
    if (k?.stamp === stamp) return k.text;
    const text = readSmallFile(absPath);
    if (text === undefined) this.known.delete(absPath);
    else this.known.set(absPath, { stamp, text });
    return text;
  }
}

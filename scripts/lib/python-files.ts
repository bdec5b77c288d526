// The .py files under a folder, for the scripts that run the engine over real code (not node_modules or .git).
import { readdirSync, statSync } from 'fs';
import { join } from 'path';

export function* pythonFilesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      continue; // a dangling link
    }
    if (isDir && name !== 'node_modules' && name !== '.git') yield* pythonFilesUnder(p);
    else if (!isDir && name.endsWith('.py')) yield p;
  }
}

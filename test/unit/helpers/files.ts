// Files of the repository the tests read.
import { readdirSync, statSync } from 'fs';
import { join } from 'path';

/** The `.py` files under `dir`, at any depth, in the order the folders list them. */
export function pythonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? pythonFiles(p) : p.endsWith('.py') ? [p] : [];
  });
}

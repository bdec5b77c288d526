// What the Lezer path makes of a Python text: its IR, its comment spans and how many syntax errors it found. The
// reference the fast parse path (src/engine/python/fastparse.ts) is compared with, in its tests and by
// `npm run fastparse:diff`.
import { ModuleIrCache, type Stmt } from '../../src/engine/python/ir';
import { parsePython } from '../../src/engine/python/parse';

export function lezerReading(text: string): { stmts: Stmt[]; comments: { from: number; to: number }[]; errors: number } {
  const p = parsePython(text);
  const comments: { from: number; to: number }[] = [];
  p.tree.iterate({
    enter: (n) => {
      if (n.name === 'Comment') comments.push({ from: n.from, to: n.to });
    },
  });
  return { stmts: new ModuleIrCache().build(p.tree, p.text, p.parsedText), comments, errors: p.errors.length };
}

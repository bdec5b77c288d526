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
  // and the comments filling a line of their own, blanked before Lezer read the text
  comments.push(...p.lineComments);
  comments.sort((a, b) => a.from - b.from);
  return { stmts: new ModuleIrCache().build(p.tree, p.text, p.parsedText), comments, errors: p.errors.length };
}

/** Positions in the IR (see `shiftSpans` in ir.ts). */
const POSITIONS = new Set(['from', 'to', 'attrFrom', 'argsFrom', 'argsTo', 'nameFrom', 'nameTo']);

/** The IR of a CRLF text as it would be of the same text with LF endings: offsets and string values. */
export function withLfOffsets<T>(ir: T, text: string): T {
  const crs: number[] = [];
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) crs.push(i);
  const lf = (o: number): number => {
    let lo = 0;
    let hi = crs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (crs[mid] < o) lo = mid + 1;
      else hi = mid;
    }
    // a block ends after the `\r` of its last line where it ends after the `\n` with LF endings (as Lezer reads both)
    return o - lo + (text.charCodeAt(o) === 10 && text.charCodeAt(o - 1) === 13 ? 1 : 0);
  };
  const map = (v: unknown, key?: string): unknown => {
    if (typeof v === 'number') return key && POSITIONS.has(key) ? lf(v) : v;
    if (typeof v === 'string') return v.replace(/\r\n/g, '\n');
    if (Array.isArray(v)) return v.map((x) => map(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, map(x, k)]));
    return v;
  };
  return map(ir) as T;
}

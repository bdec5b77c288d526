// `npx tsx scripts/edit-reach.ts [files…]`: how much of a file an edit of one function or class can affect, by a
// conservative static rule: a top-level statement T reads a statement E when T names something E binds at module
// level (a function, a class, an import, a variable), or when E names a function or class T defines (the analysis
// follows T's parameters to their call sites). An edit of E can change what the rules find in E and in every
// statement that reads it, transitively. Prints, per file, the size of that set over its functions and classes
// (median, 90th percentile, largest). It leaves out what reads the whole file (facts made of every call site, the
// file-wide rules), which per-statement results would have to make per statement first (docs/performance.md,
// "Next steps"). Without files: the 10,000-line generated script. Prints figures; asserts nothing.
import { readFileSync } from 'fs';
import { walkStmtExprs } from '../src/engine/python/facts-eval';
import { fastParse } from '../src/engine/python/fastparse';
import type { Expr, Stmt } from '../src/engine/python/ir';
import { forEachBlock, walkExpr } from '../src/engine/python/semantic';
import { generateScript } from './lib/generate';

/** The names a statement binds at module level. */
function bindings(s: Stmt): string[] {
  if (s.k === 'def' || s.k === 'class') return [s.name];
  if (s.k === 'import') return s.names.map((x) => (x.alias ?? x.module).split('.')[0]);
  if (s.k === 'from') return s.names.map((x) => x.alias ?? x.name);
  const targets: Expr[] = s.k === 'assign' ? s.targets : s.k === 'augassign' || s.k === 'for' ? [s.target] : s.k === 'with' ? s.items.flatMap((i) => (i.alias ? [i.alias] : [])) : [];
  const out: string[] = [];
  for (const t of targets) walkExpr(t, (e) => e.k === 'name' && out.push(e.id));
  return out;
}

/** Every name a statement mentions, in nested functions and classes too. */
function mentions(stmts: Stmt[], out = new Set<string>()): Set<string> {
  const add = (e: Expr): void => walkExpr(e, (x) => x.k === 'name' && out.add(x.id));
  for (const s of stmts) {
    walkStmtExprs([s], add);
    if (s.k === 'def' || s.k === 'class') {
      s.decorators.forEach(add);
      if (s.k === 'class') s.bases.forEach(add);
      mentions(s.body.stmts, out);
    } else forEachBlock(s, (b) => mentions(b.stmts.filter((x) => x.k === 'def' || x.k === 'class'), out));
  }
  return out;
}

const inputs: [string, string][] = process.argv.length > 2 ? process.argv.slice(2).map((f) => [f, readFileSync(f, 'utf8')]) : [['generated script, 10,000 lines', generateScript(10_000, 10_000)]];
for (const [name, text] of inputs) {
  const tops = fastParse(text)?.stmts;
  if (!tops) {
    console.log(`${name}: not read (syntax the fast path leaves to Lezer)`);
    continue;
  }
  const bound = new Map<string, number[]>();
  tops.forEach((s, i) => bindings(s).forEach((n) => (bound.get(n) ?? bound.set(n, []).get(n)!).push(i)));
  const readers = tops.map(() => new Set<number>());
  tops.forEach((s, t) => {
    for (const n of mentions([s])) {
      for (const e of bound.get(n) ?? []) {
        if (e === t) continue;
        readers[e].add(t);
        const d = tops[e];
        if ((d.k === 'def' || d.k === 'class') && d.name === n) readers[t].add(e);
      }
    }
  });
  const sizes: number[] = [];
  tops.forEach((s, e) => {
    if (s.k !== 'def' && s.k !== 'class') return;
    const seen = new Set([e]);
    for (const stack = [e]; stack.length; ) {
      for (const r of readers[stack.pop()!]) {
        if (seen.has(r)) continue;
        seen.add(r);
        stack.push(r);
      }
    }
    sizes.push(seen.size);
  });
  sizes.sort((a, b) => a - b);
  const at = (q: number): number => sizes[Math.min(sizes.length - 1, Math.floor(sizes.length * q))] ?? 0;
  console.log(`${name}: ${tops.length} top-level statements, ${sizes.length} functions and classes; an edit of one can affect: median ${at(0.5)}, 90th percentile ${at(0.9)}, at most ${sizes[sizes.length - 1] ?? 0}`);
}

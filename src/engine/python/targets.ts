// Code Python rejects that both parsers take, reported as syntax errors, so a broken file is said to be broken and the
// rules skip the statement, as for any other syntax error:
// - assignment targets ("cannot assign to …"): both parsers build assignments with any expression on the left
//   (`a or b = c`, `f() = 1`), where CPython's compiler stops;
// - a positional argument after a keyword argument (`f(a=1, b)`, typed all the time while a call is being written):
//   the rules would read the arguments at the wrong positions; a parameter after `**kwargs`, a second `*args`;
// - a walrus whose target is not a name;
// - a dotted name imported by `from … import`, or a trailing comma there without parentheses (Lezer's IR builder
//   marks them: ir.ts).
import { walkStmtExprs } from './facts-eval';
import type { Expr, Span, Stmt } from './ir';
import { badTargets, isClean, markClean, misorderedArguments as misorderedIn, misorderedParams, walrusTarget } from './rejectable';
import { forEachBlock, walkExpr, walkStmts } from './semantic';

/**
 * What Python rejects in the statements (and their nested blocks, functions and classes included): the targets that
 * cannot be assigned to, and the positional arguments after a keyword argument. Top-level statements known to have
 * none (`isClean`: walked before, or built so by the fast parser) are not walked.
 */
export function pythonRejects(stmts: readonly Stmt[]): Span[] {
  const out: Span[] = [];
  for (const s of stmts) {
    if (isClean(s)) continue;
    const before = out.length;
    walkRejects(s, out);
    if (out.length === before) markClean(s);
  }
  return out.sort((a, b) => a.from - b.from);
}

/** What Python rejects in a statement, walked (`pythonRejects` without the clean marks; the tests compare the two). */
export function walkRejects(s: Stmt, out: Span[]): void {
  collect([s], out);
  misorderedArguments([s], out);
}

const span = (x: { from: number; to: number }): Span => ({ from: x.from, to: x.to });

/** Positional arguments after a keyword argument (`f(a=1, b)`), in calls anywhere in the statements. */
function misorderedArguments(stmts: Stmt[], out: Span[]): void {
  const visit = (e: Expr): void => {
    if (e.k === 'other' && e.params) misorderedParams(e.params, (p) => out.push(span(p))); // a lambda's
    // a walrus assigns to a name only (`(mask*g := x)` is an error)
    const w = walrusTarget(e);
    if (w) out.push(span(w));
    if (e.k === 'call') misorderedIn(e, (a) => out.push(span(a)));
  };
  walkStmtExprs(stmts, visit);
  // (decorators, and the bodies of functions and classes at any depth)
  walkStmts(stmts, (s) => {
    if (s.k !== 'def' && s.k !== 'class') return;
    for (const d of s.decorators) walkExpr(d, visit);
    misorderedArguments(s.body.stmts, out);
  });
}

function collect(stmts: readonly Stmt[], out: Span[]): void {
  for (const s of stmts) {
    badTargets(s, (t) => out.push(span(t)));
    switch (s.k) {
      case 'from':
      case 'other':
        if (s.rejected) out.push(s.rejected);
        break;
      case 'def':
        misorderedParams(s.params, (p) => out.push(span(p)));
        collect(s.body.stmts, out);
        break;
      case 'class':
        collect(s.body.stmts, out);
        break;
      default:
        break;
    }
    // the blocks of compound statements (`forEachBlock` leaves functions and classes to their case above)
    forEachBlock(s, (b) => collect(b.stmts, out));
  }
}

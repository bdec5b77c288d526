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
import type { Expr, Param, Span, Stmt } from './ir';
import { forEachBlock, walkExpr, walkStmts } from './semantic';

/** Whether an expression can be assigned to (`for` and `with` targets too): a name, attribute, subscript, or a tuple or list of those. */
function assignable(e: Expr): boolean {
  switch (e.k) {
    case 'name':
    case 'attr':
    case 'subscript':
      return true;
    case 'seq':
      return e.kind !== 'set' && e.items.every((i) => (i.k === 'other' && i.node === 'starred' ? i.parts.every(assignable) : assignable(i)));
    case 'other':
      return e.node === 'starred' && e.parts.every(assignable);
    default:
      return false;
  }
}

/** A single target: a name, attribute or subscript (annotated and augmented assignments). */
function single(e: Expr): boolean {
  return e.k === 'name' || e.k === 'attr' || e.k === 'subscript';
}

/**
 * Top-level statements known to have none: an edit re-uses the IR objects of the statements it did not touch (only
 * their positions move), so a file being typed in is walked again only where it changed.
 */
const clean = new WeakSet<Stmt>();

/**
 * What Python rejects in the statements (and their nested blocks, functions and classes included): the targets that
 * cannot be assigned to, and the positional arguments after a keyword argument.
 */
export function pythonRejects(stmts: readonly Stmt[]): Span[] {
  const out: Span[] = [];
  for (const s of stmts) {
    if (clean.has(s)) continue;
    const before = out.length;
    collect([s], out);
    misorderedArguments([s], out);
    if (out.length === before) clean.add(s);
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Positional arguments after a keyword argument (`f(a=1, b)`), in calls anywhere in the statements. */
function misorderedArguments(stmts: Stmt[], out: Span[]): void {
  const visit = (e: Expr): void => {
    if (e.k === 'other' && e.params) misorderedParams(e.params, out); // a lambda's
    // a walrus assigns to a name only (`(mask*g := x)` is an error)
    if (e.k === 'other' && e.node === 'NamedExpression' && e.parts[0] && e.parts[0].k !== 'name') out.push({ from: e.parts[0].from, to: e.parts[0].to });
    if (e.k !== 'call' || !e.kwargs.length) return;
    let first = Infinity;
    for (const k of e.kwargs) first = Math.min(first, k.from);
    for (const a of e.args) if (a.from > first) out.push({ from: a.from, to: a.to });
  };
  walkStmtExprs(stmts, visit);
  // (decorators, and the bodies of functions and classes at any depth)
  walkStmts(stmts, (s) => {
    if (s.k !== 'def' && s.k !== 'class') return;
    for (const d of s.decorators) walkExpr(d, visit);
    misorderedArguments(s.body.stmts, out);
  });
}

/** Parameters after `**kwargs`, and a second `*args`: the order Python rejects that both parsers take. */
function misorderedParams(params: readonly Param[], out: Span[]): void {
  let stars = 0;
  let kwstar = false;
  for (const p of params) {
    if (kwstar || (p.kind === 'star' && ++stars > 1)) out.push({ from: p.from, to: p.to });
    if (p.kind === 'kwstar') kwstar = true;
  }
}

function collect(stmts: readonly Stmt[], out: Span[]): void {
  for (const s of stmts) {
    switch (s.k) {
      case 'assign':
        for (const t of s.targets) if (s.annotation ? !single(t) : !assignable(t)) out.push({ from: t.from, to: t.to });
        // an annotation without a value (`x: int`): the target is the statement's only expression
        if (s.annotation && !s.targets.length && s.value && !single(s.value)) out.push({ from: s.value.from, to: s.value.to });
        break;
      case 'augassign':
        if (!single(s.target)) out.push({ from: s.target.from, to: s.target.to });
        break;
      case 'for':
        if (!assignable(s.target)) out.push({ from: s.target.from, to: s.target.to });
        break;
      case 'with':
        for (const i of s.items) if (i.alias && !assignable(i.alias)) out.push({ from: i.alias.from, to: i.alias.to });
        break;
      case 'from':
      case 'other':
        if (s.rejected) out.push(s.rejected);
        break;
      case 'def':
        misorderedParams(s.params, out);
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

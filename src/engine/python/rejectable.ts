// The tests of code Python rejects that both parsers take (see targets.ts, which walks statements with them), kept
// apart so that the fast parser can apply them to each node it builds: a top-level statement in which none of them
// failed is marked clean as it is parsed, and `pythonRejects` does not walk it again.
import type { Expr, Param, Stmt } from './ir';

type CallExpr = Extract<Expr, { k: 'call' }>;

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
 * Each test below says whether the code has what Python rejects, and hands each offending node to `each` when given
 * (the walk of targets.ts reports them; the fast parser only asks, at every node it builds, without a list made).
 */
type Each<T> = ((x: T) => void) | undefined;

/** Parameters after `**kwargs`, and a second `*args`: the order Python rejects that both parsers take. */
export function misorderedParams(params: readonly Param[], each?: Each<Param>): boolean {
  let found = false;
  let stars = 0;
  let kwstar = false;
  for (const p of params) {
    if (kwstar || (p.kind === 'star' && ++stars > 1)) {
      if (!each) return true;
      found = true;
      each(p);
    }
    if (p.kind === 'kwstar') kwstar = true;
  }
  return found;
}

/** Positional arguments after a keyword argument (`f(a=1, b)`). */
export function misorderedArguments(call: CallExpr, each?: Each<Expr>): boolean {
  if (!call.kwargs.length) return false;
  let first = Infinity;
  for (const k of call.kwargs) first = Math.min(first, k.from);
  let found = false;
  for (const a of call.args) {
    if (a.from <= first) continue;
    if (!each) return true;
    found = true;
    each(a);
  }
  return found;
}

/** The target of a walrus when it is not a name (`(mask*g := x)` is an error). */
export function walrusTarget(e: Expr): Expr | undefined {
  return e.k === 'other' && e.node === 'NamedExpression' && e.parts[0] && e.parts[0].k !== 'name' ? e.parts[0] : undefined;
}

/** Targets of a simple statement that cannot be assigned to (an annotated assignment takes a single target only). */
export function badTargets(s: Stmt, each?: Each<Expr>): boolean {
  let found = false;
  const report = (t: Expr): void => {
    found = true;
    each?.(t);
  };
  switch (s.k) {
    case 'assign':
      for (const t of s.targets) if (s.annotation ? !single(t) : !assignable(t)) report(t);
      // an annotation without a value (`x: int`): the target is the statement's only expression
      if (s.annotation && !s.targets.length && s.value && !single(s.value)) report(s.value);
      break;
    case 'augassign':
      if (!single(s.target)) report(s.target);
      break;
    case 'for':
      if (!assignable(s.target)) report(s.target);
      break;
    case 'with':
      for (const i of s.items) if (i.alias && !assignable(i.alias)) report(i.alias);
      break;
    default:
      break;
  }
  return found;
}

/**
 * Top-level statements known to have nothing Python rejects: an edit re-uses the IR objects of the statements it did
 * not touch (only their positions move), so a file being typed in is walked again only where it changed; and the fast
 * parser marks those it built without a node failing the tests above.
 */
const clean = new WeakSet<Stmt>();

export function markClean(s: Stmt): void {
  clean.add(s);
}

export function isClean(s: Stmt): boolean {
  return clean.has(s);
}

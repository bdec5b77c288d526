// The tests of code Python rejects that both parsers take (see targets.ts, which walks statements with them), kept
// apart so that the fast parser can apply them to each node it builds: a top-level statement in which none of them
// failed is marked clean as it is parsed, and `pythonRejects` does not walk it again.
import type { Expr, Param, Stmt } from './ir';

type CallExpr = Extract<Expr, { k: 'call' }>;

/** Whether an expression can be assigned to (`for` and `with` targets too): a name, attribute, subscript, or a tuple or list of those. */
export function assignable(e: Expr): boolean {
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
export function single(e: Expr): boolean {
  return e.k === 'name' || e.k === 'attr' || e.k === 'subscript';
}

/** Parameters after `**kwargs`, and a second `*args`: the order Python rejects that both parsers take. */
export function misorderedParams(params: readonly Param[]): Param[] {
  const out: Param[] = [];
  let stars = 0;
  let kwstar = false;
  for (const p of params) {
    if (kwstar || (p.kind === 'star' && ++stars > 1)) out.push(p);
    if (p.kind === 'kwstar') kwstar = true;
  }
  return out;
}

/** Whether `misorderedParams` finds any (without building the list: the fast parser asks it of every function). */
export function paramsMisordered(params: readonly Param[]): boolean {
  let stars = 0;
  let kwstar = false;
  for (const p of params) {
    if (kwstar || (p.kind === 'star' && ++stars > 1)) return true;
    if (p.kind === 'kwstar') kwstar = true;
  }
  return false;
}

/** Whether `misorderedArguments` finds any (without building the list: the fast parser asks it of every call). */
export function argumentsMisordered(call: CallExpr): boolean {
  const kwargs = call.kwargs;
  if (!kwargs.length || !call.args.length) return false;
  let first = Infinity;
  for (const k of kwargs) if (k.from < first) first = k.from;
  for (const a of call.args) if (a.from > first) return true;
  return false;
}

/** Positional arguments after a keyword argument (`f(a=1, b)`). */
export function misorderedArguments(call: CallExpr): Expr[] {
  if (!call.kwargs.length) return [];
  let first = Infinity;
  for (const k of call.kwargs) first = Math.min(first, k.from);
  return call.args.filter((a) => a.from > first);
}

/** The target of a walrus when it is not a name (`(mask*g := x)` is an error). */
export function walrusTarget(e: Expr): Expr | undefined {
  return e.k === 'other' && e.node === 'NamedExpression' && e.parts[0] && e.parts[0].k !== 'name' ? e.parts[0] : undefined;
}

/** Whether `badTargets` finds any (without building the list: the fast parser asks it of every assignment). */
export function hasBadTargets(s: Stmt): boolean {
  switch (s.k) {
    case 'assign':
      for (const t of s.targets) if (s.annotation ? !single(t) : !assignable(t)) return true;
      return !!s.annotation && !s.targets.length && !!s.value && !single(s.value);
    case 'augassign':
      return !single(s.target);
    case 'for':
      return !assignable(s.target);
    case 'with':
      for (const i of s.items) if (i.alias && !assignable(i.alias)) return true;
      return false;
    default:
      return false;
  }
}

/** The targets of a simple statement that cannot be assigned to (an annotated assignment takes a single target only). */
export function badTargets(s: Stmt): Expr[] {
  switch (s.k) {
    case 'assign': {
      const out = s.targets.filter((t) => (s.annotation ? !single(t) : !assignable(t)));
      // an annotation without a value (`x: int`): the target is the statement's only expression
      if (s.annotation && !s.targets.length && s.value && !single(s.value)) out.push(s.value);
      return out;
    }
    case 'augassign':
      return single(s.target) ? [] : [s.target];
    case 'for':
      return assignable(s.target) ? [] : [s.target];
    case 'with':
      return s.items.flatMap((i) => (i.alias && !assignable(i.alias) ? [i.alias] : []));
    default:
      return [];
  }
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

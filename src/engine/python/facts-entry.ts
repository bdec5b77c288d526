// What running a file executes: its module-level code, and the functions and classes that code names (calls, or hands
// on: `mp.spawn(main_worker, …)`, `fire.Fire(main)`), transitively, into the project files it imports. A module of
// training helpers (`engine.py` with `train_one_epoch`) that nothing in it runs is a library, not a script: its loops run
// when a script calls them, and that script is where a seed belongs.
import type { Expr } from './ir';
import { type ClassInfo, type FunctionInfo, ObjectMemo, type PyModule, type Scope, walkExpr, walkStmts } from './semantic';
import { walkStmtExprs } from './facts-eval';

/** A scope's references to functions and classes: the scopes they make reachable, with the name that names them. */
type Edges = { scope: Scope; name: Expr; remote: boolean }[];

/** Per scope and version of its module (a script's analysis reaches the same library code as the next script's). */
const edgesMemo = new ObjectMemo<Scope, Edges>();

/**
 * The scopes whose code runs when module `m` is run as a script: its module scope, and every function and class method
 * reachable from it by name, in `m` or in a project file it imports. Each maps to the name in `m`'s code through which
 * another file's scope was reached (undefined for `m`'s own scopes).
 */
export function entryReach(m: PyModule): Map<Scope, Expr | undefined> {
  const reached = new Map<Scope, Expr | undefined>([[m.scope, undefined]]);
  const work: Scope[] = [m.scope];
  for (let i = 0; i < work.length; i++) {
    const scope = work[i];
    const via = reached.get(scope);
    for (const edge of edgesMemo.get(scope, scope.module, () => edgesOf(scope))) {
      if (reached.has(edge.scope)) continue;
      reached.set(edge.scope, via ?? (edge.remote ? edge.name : undefined));
      work.push(edge.scope);
    }
  }
  return reached;
}

function edgesOf(scope: Scope): Edges {
  const mod = scope.module;
  const out: Edges = [];
  const addFunction = (f: FunctionInfo, name: Expr, remote: boolean): void => void out.push({ scope: f.scope, name, remote });
  const addClass = (c: ClassInfo, name: Expr, remote: boolean): void => {
    for (const method of c.methods.values()) addFunction(method, name, remote);
    // methods inherited from the project's base classes run too
    for (const b of c.module.baseClasses(c)) if (b.kind === 'local' && b.cls !== c) for (const method of b.cls.methods.values()) addFunction(method, name, remote || b.cls.module !== mod);
  };
  const visit = (e: Expr): void => {
    if (e.k !== 'name') return;
    const local = lookupDefinition(scope, e.id);
    if (local?.kind === 'function') addFunction(local.f, e, false);
    else if (local?.kind === 'class') addClass(local.c, e, false);
    else if (!local) {
      const q = mod.qualify(e, scope);
      const linked = q ? mod.linker?.resolve(mod, q) : undefined;
      if (!linked) return;
      const target = linked.module.scope;
      const f = target.functions.get(linked.name);
      const c = target.classes.get(linked.name);
      if (f) addFunction(f, e, true);
      else if (c) addClass(c, e, true);
    }
  };
  walkStmtExprs(scope.body, visit);
  // decorators are evaluated where the function is defined (`@hydra.main(…)` on `main`)
  walkStmts(scope.body, (s) => {
    if (s.k === 'def' || s.k === 'class') for (const d of s.decorators) walkExpr(d, visit);
  });
  return out;
}

type Definition = { kind: 'function'; f: FunctionInfo } | { kind: 'class'; c: ClassInfo } | { kind: 'other' };

/** What a name is bound to where it is used: a function or class defined in an enclosing scope, or something else. */
function lookupDefinition(scope: Scope, id: string): Definition | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.kind === 'class' && s !== scope) continue;
    const f = s.functions.get(id);
    if (f) return { kind: 'function', f };
    const c = s.classes.get(id);
    if (c) return { kind: 'class', c };
    if (s.imports.has(id)) return undefined; // followed into the project file it names, if any
    if (s.assigns.get(id)?.length) return { kind: 'other' };
  }
  return undefined;
}

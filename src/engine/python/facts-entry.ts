// What running a file executes: its module-level code, and the functions and classes that code calls or hands to a call
// (`mp.spawn(main_worker, …)`, `fire.Fire(main)`), transitively, into the project files it imports. A module of
// training helpers (`engine.py` with `train_one_epoch`) that nothing in it runs is a library, not a script: its loops run
// when a script calls them, and that script is where a seed belongs.
import type { Expr, Stmt } from './ir';
import { canonical, trainingLoops } from './torch';
import { type CallExpr, type CallSite, type ClassInfo, type FunctionInfo, ModuleMemo, ObjectMemo, type PyModule, type Scope, builtinCall, forEachBlock, forEachExprIn, perModule, perStatement, walkExpr, walkStmts } from './semantic';

/**
 * A scope's references to functions and classes: the scopes they make reachable, with the name that names them.
 * `method`: for a method of a plain class of the project (no library base class, which could call any of its methods
 * itself), the method's name: the edge is taken only once code that runs names an attribute so (`client.localUpdate`,
 * `self.localUpdate(…)`), or spells it in a `getattr`. Building an object runs its `__init__`, not every method.
 */
type Edges = { scope: Scope; name: Expr; remote: boolean; method?: string }[];

/** Per scope and version of its module (a script's analysis reaches the same library code as the next script's). */
const localEdgesMemo = new ObjectMemo<Scope, Edges>();
const remoteEdgesMemo = new ObjectMemo<Scope, Edges>();

/**
 * The scopes whose code runs when module `m` is run as a script: its module scope, and every function and class method
 * reachable from it by name, in `m` or, with `links`, in a project file it imports (which may mean reading that file).
 * Each maps to the name in `m`'s code through which another file's scope was reached (undefined for `m`'s own scopes).
 */
export function entryReach(m: PyModule, links = true): ReadonlyMap<Scope, Expr | undefined> {
  let kept = reachMemo.get(m);
  if (!kept) reachMemo.set(m, (kept = {}));
  return links ? (kept.linked ??= reachFrom(m, true)) : (kept.own ??= reachFrom(m, false));
}

/**
 * Per module version (asked for every seed and every helper's call; a version that links to a file changed since is
 * a new module).
 */
const reachMemo = new ModuleMemo<{ own?: ReadonlyMap<Scope, Expr | undefined>; linked?: ReadonlyMap<Scope, Expr | undefined> }>();

function reachFrom(m: PyModule, links: boolean): Map<Scope, Expr | undefined> {
  const reached = new Map<Scope, Expr | undefined>([[m.scope, undefined]]);
  const work: Scope[] = [m.scope];
  // method edges waiting for code that runs to name their method, and the attribute names of the scopes read so far
  // (read only once an edge waits: most files build no plain class)
  const waiting = new Map<string, { scope: Scope; via: Expr | undefined }[]>();
  const named = new Set<string>();
  let scanned = 0;
  const take = (scope: Scope, via: Expr | undefined): void => {
    if (reached.has(scope)) return;
    reached.set(scope, via);
    work.push(scope);
  };
  for (let i = 0; ; i++) {
    if (i === work.length) {
      // every edge followed: read the attribute names of the scopes reached since, and release the methods they name
      if (!waiting.size) break;
      for (; scanned < work.length; scanned++) {
        const scope = work[scanned];
        for (const n of attributeNamesMemo.get(scope, scope.module, () => attributeNames(scope))) named.add(n);
      }
      for (const [n, list] of waiting) {
        if (!named.has(n)) continue;
        waiting.delete(n);
        for (const w of list) take(w.scope, w.via);
      }
      if (i === work.length) break;
    }
    const scope = work[i];
    const via = reached.get(scope);
    const local = localEdgesMemo.get(scope, scope.module, () => edgesOf(scope, false));
    const edges = links ? [...local, ...remoteEdgesMemo.get(scope, scope.module, () => edgesOf(scope, true))] : local;
    for (const edge of edges) {
      if (reached.has(edge.scope)) continue;
      const v = via ?? (edge.remote ? edge.name : undefined);
      if (edge.method !== undefined && !named.has(edge.method)) (waiting.get(edge.method) ?? waiting.set(edge.method, []).get(edge.method)!).push({ scope: edge.scope, via: v });
      else take(edge.scope, v);
    }
  }
  return reached;
}

const attributeNamesMemo = new ObjectMemo<Scope, string[]>();

/** The attribute names a scope's own code reads or calls (`x.localUpdate`), and the names it hands to `getattr`. */
function attributeNames(scope: Scope): string[] {
  const out = new Set<string>();
  for (const site of scope.module.callsIn(scope)) {
    const c = site.call;
    if (c.fn.k === 'name' && c.fn.id === 'getattr' && c.args[1]?.k === 'str') out.add(c.args[1].value);
  }
  walkStmts(scope.body, (st) => forEachExprIn(st, (x) => void (x.k === 'attr' && out.add(x.attr))));
  return [...out];
}

/** The edges of a scope to its own module's functions and classes, or (`remote`) to those of the files it imports. */
function edgesOf(scope: Scope, remote: boolean): Edges {
  const mod = scope.module;
  const out: Edges = [];
  const addFunction = (f: FunctionInfo, name: Expr, crosses: boolean): void => void out.push({ scope: f.scope, name, remote: crosses });
  const addClass = (c: ClassInfo, name: Expr, crosses: boolean): void => {
    // (a class with a library base, `nn.Module`, a Lightning module, a `Thread`: the library may call any method)
    const plain = plainClass(c);
    const addMethod = (f: FunctionInfo, across: boolean): void =>
      void out.push({ scope: f.scope, name, remote: across, ...(plain && !f.name.startsWith('__') ? { method: f.name } : {}) });
    for (const method of c.methods.values()) addMethod(method, crosses);
    // methods inherited from the project's base classes run too
    for (const b of c.module.baseClasses(c)) if (b.kind === 'local' && b.cls !== c) for (const method of b.cls.methods.values()) addMethod(method, crosses || b.cls.module !== mod);
  };
  // `at`: the name in the scope's own code, when `e` is what an alias of it holds (`Exp = Exp_Informer` … `Exp(args)`)
  const visit = (e: Expr, at: Expr = e, depth = 0): void => {
    // `engine.train(…)` with `import engine`, a module of the project: followed into it like a name imported from it
    if (e.k === 'attr' && e.obj.k === 'name' && remote) {
      if (!lookupDefinition(scope, e.obj.id) && scope.module.reachingAssignment(e.obj.id, scope, e.obj.from)?.via === 'import') link(e, at);
      return;
    }
    if (e.k !== 'name') return;
    const local = lookupDefinition(scope, e.id);
    if (local?.kind === 'other' && depth < 3) {
      // a name that only holds another one: followed to that one
      const a = mod.reachingAssignment(e.id, scope, e.from);
      if (a?.via === 'assign' && a.value && a.value !== e && (a.value.k === 'name' || a.value.k === 'attr')) return visit(a.value, at, depth + 1);
    }
    if (!remote) {
      if (local?.kind === 'function') addFunction(local.f, at, false);
      else if (local?.kind === 'class') addClass(local.c, at, false);
      return;
    }
    if (!local) link(e, at);
  };
  const link = (e: Expr, at: Expr): void => {
    const q = mod.qualify(e, scope);
    const linked = q ? mod.linker?.resolve(mod, q) : undefined;
    if (!linked) return;
    const target = linked.module.scope;
    const f = target.functions.get(linked.name);
    const c = target.classes.get(linked.name);
    if (f) addFunction(f, at, true);
    else if (c) addClass(c, at, true);
  };
  // functions registered as commands where they are defined: `@app.command()` (Typer), `@hydra.main(…)`, `@click.command()`
  if (!remote) for (const f of scope.functions.values()) if (f.stmt.decorators.some(registers)) addFunction(f, f.stmt.decorators[0], false);
  // the names a scope calls, and the names it hands to calls (`mp.spawn(main_worker, …)`, `fire.Fire(main)`)
  const dead = unreachable(mod);
  for (const site of mod.callsIn(scope)) {
    // (code after `exit(0)` never runs)
    if (dead.has(site.stmt)) continue;
    visit(site.call.fn);
    for (const a of site.call.args) visit(a);
    for (const k of site.call.kwargs) visit(k.value);
  }
  return out;
}

/** A class whose bases are all classes of the project (or none, or `object`), through its project bases too. */
function plainClass(c: ClassInfo, depth = 0): boolean {
  if (depth > 8) return false;
  return c.module.baseClasses(c).every((b) => (b.kind === 'local' ? b.cls === c || plainClass(b.cls, depth + 1) : b.qname === 'object'));
}

/** A decorator that registers the function as a command-line entry point. */
function registers(d: Expr): boolean {
  const fn = d.k === 'call' ? d.fn : d;
  const name = fn.k === 'attr' ? fn.attr : fn.k === 'name' ? fn.id : '';
  return name === 'command' || (name === 'main' && fn.k === 'attr');
}

type Definition = { kind: 'function'; f: FunctionInfo } | { kind: 'class'; c: ClassInfo } | { kind: 'other' };

/** What a name is bound to where it is used: a function or class defined in an enclosing scope, or something else. */
function lookupDefinition(scope: Scope, id: string): Definition | undefined {
  // every binding is an assignment (`def`, `class` and imports too), in the scope that binds the name
  const bindings = scope.module.assignmentsOf(id, scope);
  if (!bindings.length) return undefined;
  const home = bindings[0].scope;
  const f = home.functions.get(id);
  if (f) return { kind: 'function', f };
  const c = home.classes.get(id);
  if (c) return { kind: 'class', c };
  if (home.imports.has(id)) return undefined; // followed into the project file it names, if any
  return { kind: 'other' };
}

/**
 * The calls a module's own code makes when another file imports it: its module scope's calls, not those under
 * `if __name__ == "__main__":` (they run only when the file is run as a script).
 */
export function importTimeCalls(m: PyModule): CallSite[] {
  const guards = m.stmts.filter((st) => st.k === 'if' && isMainGuard(st.branches[0]?.test));
  return m.callsIn(m.scope).filter((site) => !guards.some((g) => g.from <= site.call.from && site.call.to <= g.to));
}

/** `__name__ == "__main__"` (either way round). */
export function isMainGuard(test: Expr | undefined): boolean {
  if (!test || test.k !== 'binop' || test.op !== '==') return false;
  const is = (e: Expr, l: Expr): boolean => e.k === 'name' && e.id === '__name__' && l.k === 'str' && l.value === '__main__';
  return is(test.left, test.right) || is(test.right, test.left);
}

/** The names and strings a top-level statement mentions, at any depth (kept per statement while a file is edited). */
const mentioned = perStatement((st): ReadonlySet<string> => {
  const out = new Set<string>();
  forEachExprIn(st, (e) => {
    if (e.k === 'name') out.add(e.id);
    else if (e.k === 'str') out.add(e.value);
  });
  return out;
});

/**
 * The function of the file's own top level a call is made in, when nothing in the file names it: not called, not
 * handed to anything, not decorated, not in a string (`getattr(utils, "set_seed")`). A seed fixed there is never
 * fixed by running the file (`def set_seed(seed): …` written and never called).
 */
export function uncalledHelper(m: PyModule, site: CallSite): FunctionInfo | undefined {
  const fn = topLevelFunction(m, site);
  return fn && !fn.stmt.decorators.length && !namedInFile(m, fn.name) ? fn : undefined;
}

/** Whether a statement of the file names something (`mentioned`: a name it reads, or a string). */
function namedInFile(m: PyModule, name: string): boolean {
  for (let i = 0; i < m.stmts.length; i++) if (mentioned(m, i).has(name)) return true;
  return false;
}

/** Names that hold parsed command-line options or settings (`args.weight_decay`, `cfg.lr`). */
export const OPTION_HOLDER = /^(args|opts?|config|cfg|hparams|params)$/;

/** The name `parse_args()` gives the option an `add_argument(…)` call declares: its `dest=`, else the long option with `-` as `_`. */
export function optionDest(call: CallExpr): string | undefined {
  const dest = call.kwargs.find((k) => k.name === 'dest')?.value;
  if (dest?.k === 'str') return dest.value;
  const flag = call.args.find((a): a is Extract<Expr, { k: 'str' }> => a.k === 'str' && a.value.startsWith('--'));
  return flag?.value.slice(2).replace(/-/g, '_');
}

/** What a statement names: names, attributes (`utils.save_checkpoint`), identifier-like strings and the last part of dotted ones. */
const referenced = perStatement((st): ReadonlySet<string> => {
  const out = new Set<string>();
  // (the modules it imports, `import:utils` for `import utils`, `from pkg import utils` or `from .utils import x`)
  const last = (dotted: string): string => dotted.slice(dotted.lastIndexOf('.') + 1);
  if (st.k === 'import') for (const n of st.names) out.add(`import:${last(n.module)}`);
  if (st.k === 'from') {
    if (st.module) out.add(`import:${last(st.module)}`);
    for (const n of st.names) out.add(`import:${n.name}`);
  }
  forEachExprIn(st, (e) => {
    if (e.k === 'name') out.add(e.id);
    else if (e.k === 'attr') out.add(e.attr);
    else if (e.k === 'str' && /^[A-Za-z_][\w.:]*$/.test(e.value) && e.value.length < 200) out.add(e.value.slice(Math.max(e.value.lastIndexOf('.'), e.value.lastIndexOf(':')) + 1));
    // (and what calls pass: `train#1` for `model.train(loader)`, `train:early_stopping` for a keyword, `train#*` for
    // `*args` or `**kwargs`; see `optionalParameterGates`)
    if (e.k === 'call') {
      const callee = e.fn.k === 'name' ? e.fn.id : e.fn.k === 'attr' ? e.fn.attr : undefined;
      // (and the numeric defaults of the command-line options it declares: `option:weight_decay=0`)
      if (callee === 'add_argument') {
        const name = optionDest(e);
        const d = e.kwargs.find((k) => k.name === 'default')?.value;
        const v = d?.k === 'num' ? d.value : d?.k === 'const' && (d.value === 'None' || d.value === 'False') ? 0 : undefined;
        if (name && v !== undefined) out.add(`option:${name}=${v}`);
      }
      if (callee) {
        out.add(`${callee}#${e.starred.length || e.star ? '*' : e.args.length}`);
        for (const k of e.kwargs) {
          out.add(`${callee}:${k.name}`);
          // (what it passes from options: `train:weight_decay@weight_decay` for `train(…, weight_decay=args.weight_decay)`)
          if (k.value.k === 'attr' && k.value.obj.k === 'name' && OPTION_HOLDER.test(k.value.obj.id)) out.add(`${callee}:${k.name}@${k.value.attr}`);
        }
      }
    }
  });
  return out;
});

/**
 * Every name a module refers to (called, handed on, read as an attribute of a module, named in a string), for the
 * functions of other files that nothing in their own file calls: whether some file of the project does.
 */
export const referencedNames = perModule((m: PyModule): string[] => {
  const out = new Set<string>();
  // (what a function nothing in the file runs names of the file's own functions is no call of them: `def
  // process_image(…): tf = default_transforms()` never run does not run `default_transforms`)
  const own = new Set(m.stmts.flatMap((st) => (st.k === 'def' ? [st.name] : [])));
  for (let i = 0; i < m.stmts.length; i++) {
    const st = m.stmts[i];
    const idle = st.k === 'def' && uncalledChain(m, st, new Set()) !== undefined;
    for (const n of referenced(m, i)) if (!idle || !own.has(n.split(/[#:]/)[0])) out.add(n);
  }
  configDefaults(m.stmts, out);
  for (const st of m.stmts) if (st.k === 'def') configDefaults(st.body.stmts, out);
  return [...out];
});

/** Classes whose instances hold a configuration's defaults, set key by key (yacs, ml_collections, easydict). */
const CONFIG_NODE = /^(CN|CfgNode|ConfigNode|ConfigDict|EasyDict|edict|AttrDict)$/;

/**
 * The numeric defaults a configuration built key by key gives its keys, as options' defaults (`option:WD=0` for yacs's
 * `_C = CN()` … `_C.TRAIN.WD = 0.0`, or `config = ml_collections.ConfigDict()` … `config.weight_decay = 0.`): statements
 * of one body, in order, not under a test.
 */
function configDefaults(body: readonly Stmt[], out: Set<string>): void {
  const nodes = new Set<string>();
  for (const s of body) {
    if (s.k !== 'assign' || s.targets.length !== 1 || !s.value) continue;
    const [t, v] = [s.targets[0], s.value];
    const fn = v.k === 'call' ? (v.fn.k === 'name' ? v.fn.id : v.fn.k === 'attr' ? v.fn.attr : undefined) : undefined;
    if (t.k === 'name') {
      if (fn && CONFIG_NODE.test(fn)) nodes.add(t.id);
      else nodes.delete(t.id);
      continue;
    }
    if (t.k !== 'attr') continue;
    let root: Expr = t;
    while (root.k === 'attr') root = root.obj;
    const n = v.k === 'num' ? v.value : v.k === 'const' && (v.value === 'None' || v.value === 'False') ? 0 : undefined;
    if (root.k === 'name' && nodes.has(root.id) && n !== undefined) out.add(`option:${t.attr}=${n}`);
  }
}

/**
 * The function of the file's own top level a span lies in, when nothing in the file names it and it is not decorated
 * (as `uncalledHelper`), as `module/function` (the module by the name imports give it: `utils/save_checkpoint`): what
 * it does runs only if another file calls it. Not `main` (a console script's entry point, named only in the package's
 * metadata). The assessment drops such evidence only when some file imports the module and none names the function:
 * a module no Python file imports may be driven from notebooks, which are not read.
 */
export function uncalledFunctionAt(m: PyModule, span: { from: number; to: number }): string | undefined {
  const st = m.stmts.find((x) => x.from <= span.from && span.to <= x.to);
  if (st?.k !== 'def') return undefined;
  const names = uncalledChain(m, st, new Set());
  if (!names) return undefined;
  const parts = m.path.replace(/\\/g, '/').split('/');
  const file = parts[parts.length - 1] ?? '';
  const module = file === '__init__.py' ? (parts[parts.length - 2] ?? '') : file.replace(/\.pyi?$/, '');
  return `${module}/${names.join('|')}`;
}

/** For each name of a top-level function of the file, the indices of the top-level statements that mention it. */
const mentionsOfDefs = perModule((m: PyModule): Map<string, number[]> => {
  const out = new Map<string, number[]>();
  for (const st of m.stmts) if (st.k === 'def') out.set(st.name, []);
  for (let i = 0; i < m.stmts.length; i++) for (const n of mentioned(m, i)) out.get(n)?.push(i);
  return out;
});

/**
 * The names of a top-level function of the file that nothing in the file runs, and of the functions that name it: none
 * when a statement other than such a function names it (`def default_transforms(): …` named only in `def
 * process_image(…):`, which nothing in the file names: both, and another file must name one of them).
 */
function uncalledChain(m: PyModule, st: Extract<Stmt, { k: 'def' }>, seen: Set<Stmt>): string[] | undefined {
  if (st.decorators.length || st.name === 'main' || seen.size > 4) return undefined;
  seen.add(st);
  const out = [st.name];
  for (const i of mentionsOfDefs(m).get(st.name) ?? []) {
    const other = m.stmts[i];
    if (other === st) continue;
    if (other.k !== 'def' || seen.has(other)) return undefined;
    const more = uncalledChain(m, other, seen);
    if (!more) return undefined;
    out.push(...more.filter((n) => !out.includes(n)));
  }
  return out;
}

/**
 * The function a call is made in (or one around it, nested in a function as well: `def main(): … def worker_init_fn(…):
 * np.random.seed(…)`) when the file names it only to hand it to a `DataLoader` as its `worker_init_fn`
 * (`def seed_worker(worker_id): np.random.seed(…)`): it runs in the loader's worker processes, so what it seeds there
 * is not the training process's generators (the weights' initialisation, the shuffling order).
 */
export function workerInitHelper(m: PyModule, site: CallSite): FunctionInfo | undefined {
  for (let scope: Scope | undefined = site.scope; scope && scope !== m.scope; scope = scope.parent) {
    const fn = m.functionOf(scope);
    if (!fn || fn.stmt.decorators.length) continue;
    let handed = 0;
    let other = 0;
    for (let i = 0; i < m.stmts.length; i++) {
      if (!mentioned(m, i).has(fn.name)) continue;
      forEachExprIn(m.stmts[i], (e) => {
        if ((e.k === 'name' || e.k === 'str') && (e.k === 'name' ? e.id : e.value) === fn.name) other++;
        else if (e.k === 'call') for (const kw of e.kwargs) if (kw.name === 'worker_init_fn' && kw.value.k === 'name' && kw.value.id === fn.name) handed++;
      });
    }
    // each hand-over is also counted as a mention of the name: any mention beyond them is a use of another kind
    if (handed > 0 && other === handed) return fn;
    // (or one of a helper module that nothing in it names, with the signature a DataLoader calls, `def
    // worker_init_fn(worker_id):`, for a training script to hand over: voxceleb_trainer's loader; review 117)
    if (!handed && !other && fn.stmt.params.length === 1 && /^worker_?(id|idx)$/i.test(fn.stmt.params[0].name)) return fn;
  }
  return undefined;
}

/** The function of the file's own top level a call is made in (at any depth within it), if any. */
export function topLevelFunction(m: PyModule, site: CallSite): FunctionInfo | undefined {
  let scope = site.scope;
  while (scope.parent && scope.parent !== m.scope) scope = scope.parent;
  if (scope.kind !== 'function' || scope.parent !== m.scope) return undefined;
  const fn = m.scope.functions.get(scope.name);
  return fn?.scope === scope ? fn : undefined;
}

/**
 * Statements that never run: those after a `return`, a `raise` or a call that ends the program (`exit(0)`,
 * `sys.exit()`, `quit()`, `os._exit(1)`) in the same block (`def test(self): return` above the test loop it switched
 * off; `main(); exit(0); train(epochs=400)` under `if __name__ == "__main__":`), and everything inside them.
 */
export const unreachable = perModule((m: PyModule): Set<Stmt> => {
  const out = new Set<Stmt>();
  const add = (st: Stmt): void => void out.add(st);
  // (a bare name ends the program or not whatever the call's arguments: asked once per name)
  const byName = new Map<string, boolean>();
  const ends = (e: Expr): boolean => {
    if (e.k !== 'call' || e.fn.k !== 'name') return endsProgram(m, e);
    let yes = byName.get(e.fn.id);
    if (yes === undefined) byName.set(e.fn.id, (yes = endsProgram(m, e)));
    return yes;
  };
  let gone = false;
  for (let i = 0; i < m.stmts.length; i++) {
    const st = m.stmts[i];
    if (gone) {
      deadIn([st], true, ends, add);
      continue;
    }
    const part = deadParts(m, i);
    // (a call in it that ends the program leaves the rest of its block dead: rare, and read per version)
    if (part.enders.some(ends)) deadIn([st], false, ends, add);
    else for (const d of part.dead) out.add(d);
    if (endsBlock(st, ends)) gone = true;
  }
  return out;
});

/** Hands `add` the statements of a block that never run (all of them when `dead`), and everything inside those. */
function deadIn(stmts: Stmt[], dead: boolean, ends: (e: Expr) => boolean, add: (st: Stmt) => void): void {
  let gone = dead;
  for (const st of stmts) {
    if (gone) add(st);
    if (st.k === 'def' || st.k === 'class') deadIn(st.body.stmts, gone, ends, add);
    else forEachBlock(st, (b) => deadIn(b.stmts, gone, ends, add));
    if (endsBlock(st, ends)) gone = true;
  }
}

/** Whether the rest of a block after `st` never runs: `st` returns, raises, or is a call that ends the program. */
function endsBlock(st: Stmt, ends: (e: Expr) => boolean): boolean {
  return st.k === 'return' || st.k === 'raise' || (st.k === 'expr' && ends(st.expr));
}

/**
 * What a top-level statement leaves dead inside itself after a `return` or a `raise`, read from its own code (kept
 * with the statement while a file is edited), and its expression statements that may call something that ends the
 * program (a bare name, which the module may bind to `sys.exit`, or `….exit(…)`, `…._exit(…)`): whether one does
 * depends on the module's bindings.
 */
const deadParts = perStatement((st: Stmt): { dead: Stmt[]; enders: Expr[] } => {
  const dead: Stmt[] = [];
  const enders: Expr[] = [];
  // (one walk: `deadIn` asks of every expression statement whether it ends the program; here none does, and those
  // that may are noted)
  const mayEnd = (e: Expr): boolean => {
    const fn = e.k === 'call' ? e.fn : undefined;
    if (fn?.k === 'name' || (fn?.k === 'attr' && (fn.attr === 'exit' || fn.attr === '_exit'))) enders.push(e);
    return false;
  };
  deadIn([st], false, mayEnd, (d) => void dead.push(d));
  return { dead, enders };
});

const EXITS = new Set(['sys.exit', 'os._exit']);

/** `exit(…)`, `quit(…)` (the builtins, not names the file binds), `sys.exit(…)`, `os._exit(…)`. */
function endsProgram(m: PyModule, e: Expr): boolean {
  if (e.k !== 'call') return false;
  return builtinCall(m, e, 'exit', m.scope) || builtinCall(m, e, 'quit', m.scope) || EXITS.has(m.qualify(e.fn, m.scope) ?? '');
}

/** Whether running the file runs a training loop of its own (not only loops its functions run for a caller). */
export function trainsWhenRun(m: PyModule): boolean {
  const own = entryReach(m, false);
  return trainingLoops(m).some((l) => own.has(l.scope));
}

/**
 * Functions and methods of a file nothing names, but from within other such functions: not called, handed over,
 * decorated or spelled in a string from module-level code, a class body or a function that is itself named
 * (`def score(self, X, y): … self.predict(X)` that nothing calls, and the `predict` only `score` calls). Names count
 * wherever they appear (any `x.predict`, any string), so a function is left out only when no spelling of it runs.
 * Methods Python or a framework calls for the file are named: dunder methods, `forward`, and every method of a class
 * with a base from outside the project other than `nn.Module` (a LightningModule's hooks, a Dataset's), or a base the
 * analysis cannot resolve.
 */
export const unnamedFunctions = perModule((m: PyModule): Set<FunctionInfo> => {
  const byName = new Map<string, FunctionInfo[]>();
  for (const f of m.functions) {
    const list = byName.get(f.name);
    if (list) list.push(f);
    else byName.set(f.name, [f]);
  }
  const named = new Set<FunctionInfo>();
  const queue: FunctionInfo[] = [];
  const name = (n: string): void => {
    for (const f of byName.get(n) ?? []) {
      if (named.has(f)) continue;
      named.add(f);
      queue.push(f);
    }
  };
  const visit = (e: Expr): void =>
    walkExpr(e, (x) => {
      if (x.k === 'name') name(x.id);
      else if (x.k === 'attr') name(x.attr);
      else if (x.k === 'str') name(x.value);
    });
  // what runs without a call: module-level code, class bodies, and what a `def` evaluates (decorators, defaults)
  const runs = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (s.k === 'def') {
        s.decorators.forEach(visit);
        for (const p of s.params) if (p.default) visit(p.default);
      } else if (s.k === 'class') {
        s.decorators.forEach(visit);
        s.bases.forEach(visit);
        runs(s.body.stmts);
      } else forEachExprIn(s, visit);
    }
  };
  runs(m.stmts);
  const plainModule = (q: string): boolean => q === 'object' || canonical(q) === 'torch.nn.Module';
  const calledByName = (cls: ClassInfo, depth = 0): boolean => {
    const bases = m.baseClasses(cls);
    if (bases.length !== cls.stmt.bases.length || depth > 8) return true;
    return bases.some((b) => (b.kind === 'external' ? !plainModule(b.qname) : b.cls !== cls && (b.cls.module !== m || calledByName(b.cls, depth + 1))));
  };
  for (const f of m.functions) {
    const hook = f.cls && (/^__\w+__$/.test(f.name) || f.name === 'forward' || calledByName(f.cls));
    if ((hook || f.stmt.decorators.length) && !named.has(f)) {
      named.add(f);
      queue.push(f);
    }
  }
  while (queue.length) for (const s of (queue.pop() as FunctionInfo).stmt.body.stmts) forEachExprIn(s, visit);
  return new Set(m.functions.filter((f) => !named.has(f)));
});

// Value facts: what a constant expression evaluates to (literals, names bound once, class attributes of a settings
// class, simple arithmetic).
import type { Expr } from './ir';
import { type PyModule, type Scope, allStatements, callSitesNamed, perModule, walkExpr } from './semantic';

/**
 * A number a (module-level) constant expression evaluates to: literals, names bound once to one, an attribute of a
 * settings class set once in its body and never written elsewhere (Kaggle's `class CFG: lr = 1e-3` read as `CFG.lr`),
 * + - * / // **.
 */
export function constantNumber(m: PyModule, e: Expr, scope: Scope, depth = 0): number | undefined {
  if (depth > 6) return undefined;
  if (e.k === 'num') return Number.isFinite(e.value) ? e.value : undefined;
  if (e.k === 'unary' && e.op === '-') {
    const v = constantNumber(m, e.arg, scope, depth + 1);
    return v === undefined ? undefined : -v;
  }
  if (e.k === 'binop') {
    const a = constantNumber(m, e.left, scope, depth + 1);
    const b = constantNumber(m, e.right, scope, depth + 1);
    if (a === undefined || b === undefined) return undefined;
    if (e.op === '+') return a + b;
    if (e.op === '-') return a - b;
    if (e.op === '*') return a * b;
    if (e.op === '//' && b !== 0) return Math.floor(a / b);
    if (e.op === '/' && b !== 0) return a / b;
    // `10**-5`, `10 ** -2.5` (a power of a base, not a complex or overflowing result)
    if (e.op === '**') {
      // (a negative whole exponent as a division, as Python computes it: 10**-5 is 1e-05, not 9.999999999999999e-06)
      const v = Number.isInteger(b) && b < 0 ? 1 / a ** -b : a ** b;
      return Number.isFinite(v) ? v : undefined;
    }
    return undefined;
  }
  const v = boundConstant(m, e, scope, depth);
  return v ? constantNumber(m, v.value, v.scope, depth + 1) : undefined;
}

/**
 * The expression a constant name, attribute or item is bound to, one step: a name bound exactly once by a plain
 * assignment, an attribute of a settings class, of an instance of one or of an imported config module
 * (`classConstant`, `instanceConstant`, `moduleConstant`), an entry of a settings dict the file does not change.
 */
function boundConstant(m: PyModule, e: Expr, scope: Scope, depth: number): { value: Expr; scope: Scope } | undefined {
  if (e.k === 'name') {
    const all = m.assignmentsOf(e.id, scope);
    if (all.length !== 1 || all[0].via !== 'assign' || !all[0].value || all[0].index !== undefined) return undefined;
    return { value: all[0].value, scope: all[0].scope };
  }
  if (e.k === 'attr' && e.obj.k === 'name') return classConstant(m, e.obj.id, e.attr, scope) ?? instanceConstant(m, e.obj.id, e.attr, scope) ?? moduleConstant(m, e.obj.id, e.attr, scope);
  if (e.k === 'subscript') return dictEntry(m, e, scope, depth);
  return undefined;
}

/** A string a constant expression holds, read as `constantNumber` reads numbers: `opt.optimizer` with `optimizer = 'sgd'` in `class Config`. */
export function constantString(m: PyModule, e: Expr, scope: Scope, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  if (e.k === 'str') return e.value;
  const v = boundConstant(m, e, scope, depth);
  return v ? constantString(m, v.value, v.scope, depth + 1) : undefined;
}

/**
 * `cfg["model"]["dropout"]` for a name bound once to a dict literal (`cfg = {"model": {"dropout": 0.0}}`) that nothing
 * in the file changes (no item assigned or deleted, no method called on it or its parts, not handed to a call): the
 * literal's entry (review 129).
 */
function dictEntry(m: PyModule, e: Extract<Expr, { k: 'subscript' }>, scope: Scope, depth: number): { value: Expr; scope: Scope } | undefined {
  const key = e.index.length === 1 && !e.slice && e.index[0].k === 'str' ? e.index[0].value : undefined;
  if (key === undefined || depth > 6) return undefined;
  let base: { value: Expr; scope: Scope } | undefined;
  if (e.obj.k === 'subscript') base = dictEntry(m, e.obj, scope, depth + 1);
  else if (e.obj.k === 'name') {
    const all = m.assignmentsOf(e.obj.id, scope);
    const changed = changedDicts(m).get(e.obj.id);
    if (all.length !== 1 || all[0].via !== 'assign' || !all[0].value || all[0].index !== undefined || changed?.has('*') || changed?.has(key)) return undefined;
    base = { value: all[0].value, scope: all[0].scope };
  }
  if (base?.value.k !== 'dict') return undefined;
  const entries = base.value.entries;
  // (a `**other` spread may hold the key too)
  if (entries.some((en) => !en.key)) return undefined;
  const found = entries.filter((en) => en.key?.k === 'str' && en.key.value === key);
  return found.length === 1 ? { value: found[0].value, scope: base.scope } : undefined;
}

/** The root name of a chain of subscripts and attributes: `cfg` of `cfg["model"]["dropout"]`. */
function rootName(e: Expr): string | undefined {
  return e.k === 'name' ? e.id : e.k === 'subscript' || e.k === 'attr' ? rootName(e.obj) : undefined;
}

/** The first key a chain of subscripts takes of its root name: `"model"` of `cfg["model"]["dropout"]` (`*`: not a string key). */
function firstKey(e: Expr): string {
  let x = e;
  while ((x.k === 'subscript' || x.k === 'attr') && x.obj.k !== 'name') x = x.obj;
  return x.k === 'subscript' && x.index.length === 1 && !x.slice && x.index[0].k === 'str' ? x.index[0].value : '*';
}

/**
 * Names whose dict the file may change, with the keys it may change (`*`: any): items assigned (`cfg["lr"] = …`,
 * only that key: review 141's `params["model_file_path"] = …` leaves `params["beta"]` alone), deleted, methods called
 * (`cfg.update(…)`), handed to a call.
 */
const changedDicts = perModule((m: PyModule): Map<string, Set<string>> => {
  const out = new Map<string, Set<string>>();
  const add = (root: string, key: string): void => {
    const keys = out.get(root) ?? new Set<string>();
    keys.add(key);
    out.set(root, keys);
  };
  const written = (x: Expr): void => {
    let hasSubscript = false;
    walkExpr(x, (y) => void (y.k === 'subscript' && (hasSubscript = true)));
    const root = hasSubscript && (x.k === 'subscript' || x.k === 'attr') ? rootName(x) : undefined;
    if (root) add(root, firstKey(x));
    // (anything else with a subscript in it: `(*cfg["a"],) = …`)
    else if (hasSubscript) walkExpr(x, (y) => void (y.k === 'subscript' && rootName(y) && add(rootName(y) as string, '*')));
  };
  allStatements(m.stmts, (st) => {
    const targets = st.k === 'assign' ? st.targets : st.k === 'augassign' || st.k === 'for' ? [st.target] : [];
    // (the outermost subscript of a target is what is written; those inside it are read)
    for (const t of targets) {
      if (t.k === 'seq') for (const i of t.items) written(i);
      else written(t);
    }
    if (st.k === 'other') for (const x of st.exprs ?? []) walkExpr(x, (y) => void (y.k === 'subscript' && rootName(y) && add(rootName(y) as string, '*')));
  });
  for (const site of m.callSites) {
    const c = site.call;
    if (c.fn.k === 'attr' && (c.fn.obj.k === 'name' || c.fn.obj.k === 'subscript')) {
      const root = rootName(c.fn.obj);
      if (root) add(root, '*');
    }
    for (const a of [...c.args, ...c.kwargs.map((k) => k.value)]) if (a.k === 'name') add(a.id, '*');
  }
  return out;
});

/**
 * `Cls.attr` for a class the name is bound to once (`class CFG:`), whose body binds `attr` once by a plain assignment,
 * when nothing in the file writes it (`CFG.lr = args.lr`, `setattr(CFG, …)`, `CFG.__dict__`): the assigned value.
 */
function classConstant(m: PyModule, cls: string, attr: string, scope: Scope, depth = 0): { value: Expr; scope: Scope } | undefined {
  const bound = m.assignmentsOf(cls, scope);
  if (bound.length !== 1) return undefined;
  // (a class of another project file: `from configs.ft import config as cfg`, `cfg.weight_decay`; review 127)
  if (bound[0].via === 'import') {
    const linked = importedClass(m, cls, scope, depth);
    const written = linked && writtenAttributes(m).get(cls);
    if (!linked || (written && (written.has('*') || written.has(attr)))) return undefined;
    return classConstant(linked.module, linked.name, attr, linked.module.scope, depth + 1);
  }
  if (bound[0].via !== 'class') return undefined;
  const info = bound[0].scope.classes.get(cls);
  const list = info?.scope.assigns.get(attr);
  if (!info || list?.length !== 1 || list[0].via !== 'assign' || !list[0].value || list[0].index !== undefined) return undefined;
  const written = writtenAttributes(m).get(cls);
  if (written && (written.has('*') || written.has(attr))) return undefined;
  return { value: list[0].value, scope: info.scope };
}

/**
 * `config.attr` for a name bound once to an instance of such a class built without arguments (`config = Config()`),
 * whose methods do not set `self.attr`, when nothing writes `config.attr` either.
 */
function instanceConstant(m: PyModule, name: string, attr: string, scope: Scope): { value: Expr; scope: Scope } | undefined {
  const bound = m.assignmentsOf(name, scope);
  const v = bound.length === 1 && bound[0].via === 'assign' && bound[0].index === undefined ? bound[0].value : undefined;
  if (v?.k !== 'call' || v.fn.k !== 'name' || v.args.length || v.kwargs.length || v.star) return undefined;
  const made = m.assignmentsOf(v.fn.id, bound[0].scope);
  const linked = made.length === 1 && made[0].via === 'import' ? importedClass(m, v.fn.id, bound[0].scope, 0) : undefined;
  const info = linked ? linked.module.scope.classes.get(linked.name) : made.length === 1 ? bound[0].scope.module.scope.classes.get(v.fn.id) : undefined;
  if (!info || info.attrs.has(attr)) return undefined;
  const written = writtenAttributes(m).get(name);
  if (written && (written.has('*') || written.has(attr))) return undefined;
  return linked ? classConstant(linked.module, linked.name, attr, linked.module.scope, 1) : classConstant(m, v.fn.id, attr, bound[0].scope);
}

/** The module-level class of another project file that an imported name names (`from configs.ft import config`). */
function importedClass(m: PyModule, name: string, scope: Scope, depth: number): { module: PyModule; name: string } | undefined {
  if (depth > 3) return undefined;
  const q = m.qualify({ k: 'name', id: name, from: 0, to: 0 }, scope);
  const linked = q ? m.linker?.resolve(m, q) : undefined;
  return linked && linked.module.scope.classes.has(linked.name) ? linked : undefined;
}

/**
 * `CFG.pretrained` for a project module imported as a name (`import config as CFG`) that binds `pretrained` once at its
 * top level by a plain assignment, when the file does not write `CFG.pretrained` (OpenAI-CLIP's `config.py`; review 142).
 */
function moduleConstant(m: PyModule, name: string, attr: string, scope: Scope): { value: Expr; scope: Scope } | undefined {
  const bound = m.assignmentsOf(name, scope);
  if (bound.length !== 1 || bound[0].via !== 'import') return undefined;
  const q = m.qualify({ k: 'name', id: name, from: 0, to: 0 }, scope);
  const other = q ? m.linker?.moduleOf?.(m, q) : undefined;
  if (!other || other === m) return undefined;
  const written = writtenAttributes(m).get(name);
  if (written && (written.has('*') || written.has(attr))) return undefined;
  const list = other.assignmentsOf(attr, other.scope);
  if (list.length !== 1 || list[0].via !== 'assign' || !list[0].value || list[0].index !== undefined || list[0].scope !== other.scope) return undefined;
  return { value: list[0].value, scope: other.scope };
}

/** `True`, `False` or `None` that a constant expression holds, read as `constantNumber` reads numbers. */
export function constantFlag(m: PyModule, e: Expr, scope: Scope, depth = 0): 'True' | 'False' | 'None' | undefined {
  if (depth > 6) return undefined;
  if (e.k === 'const') return e.value === 'True' || e.value === 'False' || e.value === 'None' ? e.value : undefined;
  const v = boundConstant(m, e, scope, depth);
  return v ? constantFlag(m, v.value, v.scope, depth + 1) : undefined;
}

/** For each name, the attributes the file writes on it (`X.a = …`, `X.a += …`; `*`: `setattr(X, …)` or `X.__dict__`). */
const writtenAttributes = perModule((m: PyModule): Map<string, Set<string>> => {
  const out = new Map<string, Set<string>>();
  const add = (name: string, attr: string): void => void (out.get(name) ?? out.set(name, new Set()).get(name))?.add(attr);
  allStatements(m.stmts, (st) => {
    const targets = st.k === 'assign' ? st.targets : st.k === 'augassign' || st.k === 'for' ? [st.target] : st.k === 'with' ? st.items.flatMap((i) => (i.alias ? [i.alias] : [])) : [];
    for (const t of targets) walkExpr(t, (x) => x.k === 'attr' && x.obj.k === 'name' && add(x.obj.id, x.attr));
    for (const e of st.k === 'expr' ? [st.expr] : st.k === 'assign' && st.value ? [st.value] : [])
      walkExpr(e, (x) => x.k === 'attr' && x.attr === '__dict__' && x.obj.k === 'name' && add(x.obj.id, '*'));
  });
  for (const site of callSitesNamed(m, 'setattr')) {
    const c = site.call;
    if (c.fn.k === 'name' && c.args[0]?.k === 'name') add(c.args[0].id, '*');
  }
  return out;
});

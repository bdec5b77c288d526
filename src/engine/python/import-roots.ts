// The folders a Python file adds to the import path when it runs, read from its code without running it: research
// code often makes a folder importable by hand, at the top of a script (`sys.path.insert(0, os.path.join(this_dir,
// '..', 'lib'))`, YOLOv5's `sys.path.append(str(ROOT))`, `sys.path.insert(0, str(PROJECT_ROOT / "src"))`), or in a
// helper module imported for that alone (`import _init_paths`, as HRNet and many MSRA repositories do). The linker
// (analyze.ts) looks for the project files those imports name in these folders too.
//
// Only what can be worked out for certain is read: paths built from `__file__`, string literals and module-level
// names assigned once, through `os.path` (`join`, `dirname`, `abspath`, `realpath`, `normpath`), `pathlib.Path`
// (`/`, `.parent`, `.parents[i]`, `.resolve()`) and `str()`. A relative path (`sys.path.append('lib')`) is relative
// to the folder the script is run from, which is not known: both the script's folder and the one above it are taken.
import { posix } from 'path';
import type { Expr, Stmt } from './ir';
import { type CallExpr, type PyModule, type Scope, argument, builtinCall, forEachBlock } from './semantic';

/** Calls that add a folder to the import path, with the position and keyword of the folder's argument. */
const ADDS_PATH: Record<string, [number, string]> = {
  'sys.path.insert': [1, 'object'],
  'sys.path.append': [0, 'object'],
  'site.addsitedir': [0, 'sitedir'],
};

/** A path is built from at most this many parts, and a name followed this deep: generated code is not read further. */
const MAX_DEPTH = 8;

/**
 * The folders the module's own top-level code adds to the import path (module-level statements, in `if`/`try`/`with`
 * blocks too, not in function bodies except through a module-level helper it calls with the folder:
 * `def add_path(path): sys.path.insert(0, path)` then `add_path(lib_path)`). Absolute, `/`-separated, normalized.
 */
export function addedImportRoots(m: PyModule): string[] {
  const out = new Set<string>();
  const helpers = pathHelpers(m);
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (s.k === 'def' || s.k === 'class') continue;
      if (s.k === 'expr' && s.expr.k === 'call') {
        for (const p of addedBy(m, s.expr, m.scope, helpers)) out.add(p);
      }
      forEachBlock(s, (b) => visit(b.stmts));
    }
  };
  visit(m.stmts);
  return [...out];
}

/** What one call adds: `sys.path.insert(0, p)` and the like, or a module-level helper that hands a parameter to one. */
function addedBy(m: PyModule, call: CallExpr, scope: Scope, helpers: Map<string, [number, string]>): string[] {
  const q = m.qualify(call.fn, scope);
  const at = (q && ADDS_PATH[q]) || (call.fn.k === 'name' && !q ? helpers.get(call.fn.id) : undefined);
  const arg = at ? argument(call, at[0], at[1]) : undefined;
  if (!arg) return [];
  const here = posix.dirname(m.path);
  // a relative path is relative to the folder the script runs from: its own, or the one above it
  return pathsOf(m, arg, scope, 0).flatMap((p) => (isAbsolute(p) ? [posix.normalize(p)] : [posix.join(here, p), posix.join(posix.dirname(here), p)]));
}

/** Module-level functions that add one of their parameters to the import path, by name: the parameter's position and name. */
function pathHelpers(m: PyModule): Map<string, [number, string]> {
  const out = new Map<string, [number, string]>();
  for (const s of m.stmts) {
    if (s.k !== 'def') continue;
    const params = s.params.map((p) => p.name);
    const find = (stmts: Stmt[]): void => {
      for (const st of stmts) {
        if (st.k === 'expr' && st.expr.k === 'call') {
          const q = m.qualify(st.expr.fn, m.scope);
          const at = q && ADDS_PATH[q];
          const arg = at ? argument(st.expr, at[0], at[1]) : undefined;
          const i = arg?.k === 'name' ? params.indexOf(arg.id) : -1;
          if (i >= 0) out.set(s.name, [i, params[i]]);
        }
        if (st.k !== 'def' && st.k !== 'class') forEachBlock(st, (b) => find(b.stmts));
      }
    };
    find(s.body.stmts);
  }
  return out;
}

/**
 * The paths an expression can hold: absolute, or relative to the folder the script runs from (a string literal, and
 * what is built from one). Empty when not known; several only through `join` of several.
 */
function pathsOf(m: PyModule, e: Expr, scope: Scope, depth: number): string[] {
  if (depth > MAX_DEPTH) return [];
  const sub = (x: Expr): string[] => pathsOf(m, x, scope, depth + 1);
  switch (e.k) {
    case 'str':
      return e.value ? [e.value.replace(/\\/g, '/')] : [];
    case 'name': {
      const list = m.assignmentsOf(e.id, scope);
      if (e.id === '__file__') return list.length ? [] : [m.path];
      // a module-level name assigned once, to itself alone (`ROOT = …`, not `a, b = …`)
      const a = list.length === 1 ? list[0] : undefined;
      return a?.via === 'assign' && a.value && a.index === undefined && a.target?.k === 'name' ? sub(a.value) : [];
    }
    case 'attr':
      // `Path(__file__).parent`
      return e.attr === 'parent' ? sub(e.obj).map((p) => posix.dirname(p)) : [];
    case 'subscript': {
      // `Path(__file__).resolve().parents[1]`
      const i = e.index.length === 1 && e.index[0].k === 'num' && !e.index[0].isFloat ? e.index[0].value : -1;
      if (e.obj.k !== 'attr' || e.obj.attr !== 'parents' || i < 0 || i > MAX_DEPTH) return [];
      return sub(e.obj.obj).map((p) => up(p, i + 1));
    }
    case 'binop':
      return e.op === '/' ? join(sub(e.left), sub(e.right)) : [];
    case 'call':
      return callPaths(m, e, scope, sub);
    default:
      return [];
  }
}

function callPaths(m: PyModule, e: CallExpr, scope: Scope, sub: (x: Expr) => string[]): string[] {
  const q = m.qualify(e.fn, scope);
  const plain = !e.kwargs.length && !e.star;
  if (q === 'os.path.join' && e.args.length && plain) {
    let acc = sub(e.args[0]);
    for (const a of e.args.slice(1)) acc = join(acc, sub(a));
    return acc;
  }
  // `Path(__file__).resolve()`, `.absolute()`: the same path
  if (e.fn.k === 'attr' && !e.args.length && plain && (e.fn.attr === 'resolve' || e.fn.attr === 'absolute')) return sub(e.fn.obj);
  const only = e.args.length === 1 && plain ? e.args[0] : undefined;
  if (!only) return [];
  if (q === 'os.path.dirname') return sub(only).map((p) => posix.dirname(p));
  const same = q === 'os.path.abspath' || q === 'os.path.realpath' || q === 'os.path.normpath' || q === 'os.fspath' || q === 'pathlib.Path' || q === 'pathlib.PurePath';
  // `str(…)`: the builtin, not a name the file binds
  return same || builtinCall(m, e, 'str', scope) ? sub(only) : [];
}

function join(left: string[], right: string[]): string[] {
  const out: string[] = [];
  for (const l of left) for (const r of right) out.push(isAbsolute(r) ? r : posix.join(l, r));
  return out.slice(0, 4);
}

function up(p: string, n: number): string {
  for (let i = 0; i < n; i++) p = posix.dirname(p);
  return p;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

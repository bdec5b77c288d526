// Which YAML files the project loads with plain PyYAML: `yaml.safe_load(open("configs/train.yaml"))`, a loader
// helper called with the path, `with open(path) as f: yaml.safe_load(f)`, a glob over a folder, an argparse
// default, `HfArgumentParser.parse_yaml_file(path)`. Each load's path is turned into glob patterns (unknown parts
// become `*`), followed through names, parameters (their callers, in this and the other scripts), loops over
// globs, `os.path.join`, `pathlib` and f-strings. A config matches a load when one of its patterns names it.
import type { Expr } from '../python/ir';
import { type Assignment, type CallExpr, type PyModule, type Scope, argument, callSitesNamed } from '../python/semantic';
import { canonical } from '../python/torch';
import { dirname } from './python';

export interface YamlLoad {
  module: PyModule;
  call: CallExpr;
  /** What loads: `yaml.safe_load`, `HfArgumentParser.parse_yaml_file`. */
  fn: string;
  /** Glob patterns of the loaded path; absolute ones (from `__file__`) start with `/`. */
  patterns: string[];
}

const YAML_LOADS = new Set(['yaml.safe_load', 'yaml.load', 'yaml.full_load', 'yaml.unsafe_load', 'yaml.safe_load_all', 'yaml.load_all', 'yaml.full_load_all', 'yaml.unsafe_load_all']);
/** PyYAML's own loaders: all resolve scalars with the YAML 1.1 rules (BaseLoader reads everything as strings: not ours). */
const PYYAML_LOADERS = /^yaml\.(loader\.)?C?(Safe|Full|Unsafe)?Loader$/;
const HF_PARSER = /^transformers\.(hf_argparser\.)?HfArgumentParser$/;

/** An unknown path (any number of folders); `*` stands for an unknown part of one name. */
const ANY = '**';
const MAX_ALTERNATIVES = 16;
const MAX_DEPTH = 8;

/** Every PyYAML load in the modules, with the patterns of what it loads. */
export function pyyamlLoads(modules: PyModule[]): YamlLoad[] {
  // A project that patches PyYAML's float resolver (a common fix for this very trap) reads exponents as floats.
  if (modules.some((m) => callSitesNamed(m, 'add_implicit_resolver').some((s) => s.call.fn.k === 'attr'))) return [];
  const out: YamlLoad[] = [];
  for (const m of modules) {
    for (const site of m.callSites) {
      const call = site.call;
      const q = m.calleeName(call, site.scope);
      const ctx: Ctx = { modules, depth: 0 };
      if (q && YAML_LOADS.has(q)) {
        const loader = q === 'yaml.load' || q === 'yaml.load_all' ? argument(call, 1, 'Loader') : undefined;
        if (loader && !PYYAML_LOADERS.test(m.qualify(loader, site.scope) ?? '')) continue;
        const stream = argument(call, 0, 'stream');
        if (stream && !call.star) out.push({ module: m, call, fn: q, patterns: streamPaths(m, stream, site.scope, ctx) });
      } else if (call.fn.k === 'attr' && call.fn.attr === 'parse_yaml_file') {
        const inst = m.instanceOf(call.fn.obj, site.scope);
        const path = argument(call, 0, 'yaml_file');
        if (inst?.ref.kind === 'external' && HF_PARSER.test(inst.ref.qname) && path) {
          out.push({ module: m, call, fn: 'HfArgumentParser.parse_yaml_file', patterns: paths(m, path, site.scope, ctx) });
        }
      }
    }
  }
  return out;
}

/** The loads of a config file, by its absolute path. */
export function loadsOf(configPath: string, loads: YamlLoad[]): YamlLoad[] {
  return loads.filter((l) => l.patterns.some((p) => matches(p, configPath, dirname(l.module.path))));
}

interface Ctx {
  modules: PyModule[];
  depth: number;
}

function deeper(ctx: Ctx): Ctx {
  return { modules: ctx.modules, depth: ctx.depth + 1 };
}

function limit(list: string[]): string[] {
  const u = [...new Set(list)];
  return u.length > MAX_ALTERNATIVES ? [ANY] : u;
}

function cross(a: string[], b: string[], sep: string): string[] {
  return limit(a.flatMap((x) => b.map((y) => (sep === '/' && y.startsWith('/') ? y : x + sep + y))));
}

/** The file a stream reads: `open(p)`, `f` bound by `with open(p) as f`, `f.read()`, `Path(p).read_text()`. */
function streamPaths(m: PyModule, e: Expr, scope: Scope, ctx: Ctx): string[] {
  if (ctx.depth > MAX_DEPTH) return [ANY];
  if (e.k === 'name') {
    const r = m.resolve(e, scope);
    return r && r.expr !== e ? streamPaths(r.scope.module, r.expr, r.scope, deeper(ctx)) : [ANY];
  }
  if (e.k !== 'call') return [ANY];
  const q = m.calleeName(e, scope);
  const fn = e.fn;
  if ((fn.k === 'name' && fn.id === 'open' && !q) || q === 'io.open' || q === 'codecs.open') {
    const p = argument(e, 0, 'file');
    return p ? paths(m, p, scope, deeper(ctx)) : [ANY];
  }
  if (fn.k === 'attr') {
    if (fn.attr === 'read') return streamPaths(m, fn.obj, scope, deeper(ctx));
    if (fn.attr === 'read_text' || fn.attr === 'open' || fn.attr === 'read_bytes') return paths(m, fn.obj, scope, deeper(ctx));
  }
  return [ANY];
}

const JOINS = new Set(['os.path.join', 'posixpath.join', 'pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath']);
const SAME_PATH = new Set(['os.path.abspath', 'os.path.realpath', 'os.path.normpath', 'os.path.expanduser', 'os.fspath']);
const PATH_METHODS_SAME = new Set(['resolve', 'absolute', 'expanduser']);

/** Glob patterns of a path expression. */
function paths(m: PyModule, e: Expr, scope: Scope, ctx: Ctx): string[] {
  if (ctx.depth > MAX_DEPTH) return [ANY];
  const next = deeper(ctx);
  switch (e.k) {
    case 'str':
      return [e.value];
    case 'other':
      return e.node === 'FormatString' ? [fstring(m, e)] : [ANY];
    case 'binop':
      if (e.op === '+') return cross(paths(m, e.left, scope, next), paths(m, e.right, scope, next), '');
      if (e.op === '/') return cross(paths(m, e.left, scope, next), paths(m, e.right, scope, next), '/');
      if (e.op === 'or') return limit([...paths(m, e.left, scope, next), ...paths(m, e.right, scope, next)]);
      if (e.op === '%' && e.left.k === 'str') return [e.left.value.replace(/%[-+ #0-9.]*[sdrif]/g, '*')];
      return [ANY];
    case 'name':
      return namePaths(m, e, scope, next);
    case 'attr': {
      if (e.attr === 'parent') return paths(m, e.obj, scope, next).map(parentOf);
      const r = e.obj.k === 'name' && e.obj.id === 'self' ? m.resolve(e, scope) : undefined;
      if (r && r.expr !== e) return paths(r.scope.module, r.expr, r.scope, next);
      return argparseDefault(m, e.attr, ctx) ?? [ANY];
    }
    case 'call':
      return callPaths(m, e, scope, next);
    default:
      return [ANY];
  }
}

function namePaths(m: PyModule, e: Extract<Expr, { k: 'name' }>, scope: Scope, ctx: Ctx): string[] {
  if (e.id === '__file__') return [m.path];
  const a = m.reachingAssignment(e.id, scope, e.from);
  if (!a) return [ANY];
  if (a.via === 'param') return paramPaths(m, a, ctx);
  if (a.via === 'for') {
    const loop = m.loops.find((l) => l.stmt.k === 'for' && l.stmt.target === a.target);
    return loop?.stmt.k === 'for' ? iterPaths(m, loop.stmt.iter, loop.scope, ctx) : [ANY];
  }
  if ((a.via === 'assign' || a.via === 'with') && a.value) {
    if (a.index === undefined) return paths(m, a.value, a.scope, ctx);
    const item = a.value.k === 'seq' ? a.value.items[a.index] : undefined;
    return item ? paths(m, item, a.scope, ctx) : [ANY];
  }
  return [ANY];
}

/** A parameter's paths: what every caller passes (in this module and the other scripts), or its default. */
function paramPaths(m: PyModule, a: Assignment, ctx: Ctx): string[] {
  const def = a.scope.stmt;
  const param = a.param;
  if (!def || def.k !== 'def' || !param || param.kind !== 'normal') return [ANY];
  const fn = a.scope.parent?.functions.get(def.name);
  if (!fn) return [ANY];
  const idx = def.params.indexOf(param) - (fn.cls ? 1 : 0);
  const callers: { module: PyModule; call: CallExpr; scope: Scope }[] = m.callersOf(fn).map((s) => ({ module: m, call: s.call, scope: s.scope }));
  if (!fn.cls && a.scope.parent === m.scope) {
    for (const other of ctx.modules) {
      if (other === m) continue;
      for (const s of other.callSites) {
        const q = other.qualify(s.call.fn, s.scope);
        const link = q ? other.linker?.resolve(other, q) : undefined;
        if (link && link.module.path === m.path && link.name === fn.name) callers.push({ module: other, call: s.call, scope: s.scope });
      }
    }
  }
  const out: string[] = [];
  for (const c of callers) {
    const kw = c.call.kwargs.find((k) => k.name === param.name);
    const arg = kw ? kw.value : idx >= 0 ? c.call.args[idx] : undefined;
    if (arg) out.push(...paths(c.module, arg, c.scope, ctx));
    else if (param.default) out.push(...paths(m, param.default, a.scope, ctx));
    else out.push(ANY);
  }
  if (!callers.length) out.push(...(param.default ? paths(m, param.default, a.scope, ctx) : [ANY]));
  return limit(out);
}

/** What a loop variable takes: the files of a glob, the names of a folder, the items of a literal list. */
function iterPaths(m: PyModule, it: Expr, scope: Scope, ctx: Ctx): string[] {
  if (it.k === 'seq') return limit(it.items.flatMap((i) => paths(m, i, scope, ctx)));
  if (it.k === 'name') {
    const r = m.resolve(it, scope);
    return r && r.expr !== it ? iterPaths(r.scope.module, r.expr, r.scope, deeper(ctx)) : [ANY];
  }
  if (it.k !== 'call') return [ANY];
  const q = m.calleeName(it, scope);
  const fn = it.fn;
  const arg0 = it.args[0];
  if (fn.k === 'name' && ['sorted', 'list', 'reversed', 'tuple'].includes(fn.id) && arg0) return iterPaths(m, arg0, scope, ctx);
  if ((q === 'glob.glob' || q === 'glob.iglob') && arg0) return paths(m, arg0, scope, ctx);
  if (q === 'os.listdir') return ['*'];
  if (fn.k === 'attr' && (fn.attr === 'glob' || fn.attr === 'rglob') && arg0) {
    return cross(paths(m, fn.obj, scope, ctx), fn.attr === 'rglob' ? cross([ANY], paths(m, arg0, scope, ctx), '/') : paths(m, arg0, scope, ctx), '/');
  }
  return [ANY];
}

function callPaths(m: PyModule, e: CallExpr, scope: Scope, ctx: Ctx): string[] {
  const q = m.calleeName(e, scope);
  const c = q ? canonical(q) : undefined;
  const fn = e.fn;
  if (c && JOINS.has(c)) {
    if (!e.args.length) return ['.'];
    return e.args.map((a) => paths(m, a, scope, ctx)).reduce((acc, p) => cross(acc, p, '/'));
  }
  if ((c && SAME_PATH.has(c)) || (fn.k === 'name' && fn.id === 'str' && !q)) return e.args[0] ? paths(m, e.args[0], scope, ctx) : [ANY];
  if (c === 'os.path.dirname' && e.args[0]) return paths(m, e.args[0], scope, ctx).map(parentOf);
  if (fn.k === 'attr') {
    if (PATH_METHODS_SAME.has(fn.attr)) return paths(m, fn.obj, scope, ctx);
    if (fn.attr === 'joinpath') return [fn.obj, ...e.args].map((a) => paths(m, a, scope, ctx)).reduce((acc, p) => cross(acc, p, '/'));
    if (fn.attr === 'format' && fn.obj.k === 'str') return [fn.obj.value.replace(/\{[^{}]*\}/g, '*')];
    if (fn.attr === 'with_suffix' && e.args[0]?.k === 'str') {
      const suffix = e.args[0].value;
      return paths(m, fn.obj, scope, ctx).map((p) => p.replace(/(\.[^./]*)?$/, suffix));
    }
  }
  return [ANY];
}

/** `f"configs/{name}.yaml"` → `configs/*.yaml`. */
function fstring(m: PyModule, e: Extract<Expr, { k: 'other' }>): string {
  const src = m.text.slice(e.from, e.to);
  const open = /^[a-zA-Z]*("""|'''|"|')/.exec(src);
  if (!open) return ANY;
  const start = e.from + open[0].length;
  const end = e.to - open[1].length;
  let out = '';
  let at = start;
  for (const part of e.parts) {
    if (part.from < at || part.to > end) continue;
    out += m.text.slice(at, part.from) + '*';
    at = part.to;
  }
  out += m.text.slice(at, end);
  return out.replace(/\{\{/g, '{').replace(/\}\}/g, '}').replace(/\*+/g, '*');
}

/** `args.config`: the default of `parser.add_argument("--config", default="configs/train.yaml")` in the scripts. */
function argparseDefault(m: PyModule, attr: string, ctx: Ctx): string[] | undefined {
  const out: string[] = [];
  for (const mod of [m, ...ctx.modules.filter((x) => x !== m)]) {
    for (const s of mod.callSites) {
      const fn = s.call.fn;
      if (fn.k !== 'attr' || fn.attr !== 'add_argument') continue;
      const dest = s.call.kwargs.find((k) => k.name === 'dest')?.value;
      const names = s.call.args.filter((a): a is Extract<Expr, { k: 'str' }> => a.k === 'str').map((a) => a.value.replace(/^-+/, '').replace(/-/g, '_'));
      const matchesAttr = dest?.k === 'str' ? dest.value === attr : names.includes(attr);
      const def = s.call.kwargs.find((k) => k.name === 'default')?.value;
      if (matchesAttr && def) out.push(...paths(mod, def, s.scope, deeper(ctx)));
    }
  }
  return out.length ? limit(out) : undefined;
}

function parentOf(p: string): string {
  if (p === ANY) return ANY;
  const t = p.replace(/\/+$/, '');
  const i = t.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i);
}

// ------------------------------------------------------------------ matching

/** Folders a relative path may be relative to: the script's folder and the folders above it (the project root). */
const BASE_LEVELS = 3;

function normalize(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..' && out[out.length - 1] !== ANY) out.pop();
    else out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/');
}

/** Enough of the path is known to say which file it is: a literal folder, or a literal file name beyond its extension. */
function specific(pattern: string, abs: boolean): boolean {
  const segs = pattern.split('/').filter(Boolean);
  const base = segs[segs.length - 1] ?? '';
  if (!base || base === ANY || base === '*') return false;
  if (/[^*?]/.test(base.replace(/\.(ya?ml)$/i, '').replace(/\*/g, ''))) return true;
  return abs || segs.slice(0, -1).some((s) => !/[*?]/.test(s) && s !== '..');
}

function toRegex(pattern: string): RegExp {
  const body = pattern
    .split('/')
    .map((seg) => (seg === ANY ? '.*' : seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
    .join('/')
    .replace(/\.\*\//g, '(?:.*/)?');
  return new RegExp(`^${body}$`);
}

function matches(pattern: string, configPath: string, scriptDir: string): boolean {
  if (!/\.ya?ml$|\*$/i.test(pattern)) return false;
  const abs = pattern.startsWith('/');
  if (!specific(pattern, abs)) return false;
  if (abs) return toRegex(normalize(pattern)).test(configPath);
  let dir = scriptDir;
  for (let i = 0; i <= BASE_LEVELS; i++) {
    if (toRegex(normalize(`${dir}/${pattern}`)).test(configPath)) return true;
    if (dir === '/' || dir === '.') break;
    dir = parentOf(dir);
  }
  return false;
}

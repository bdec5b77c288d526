// Config values as code sees them: `cfg.optimizer.lr` in a function decorated with
// `@hydra.main(config_path="conf", config_name="config")` is the value at `optimizer.lr` of the composed Hydra
// config — the primary config, or the config-group file its `defaults` list selects (`- optimizer: adam` →
// `conf/optimizer/adam.yaml`), the last one in composition order that sets it.
import type { Expr } from '../python/ir';
import { type FunctionInfo, type PyModule, type Scope, argument } from '../python/semantic';
import { dirname } from './python';
import { type CNode, type ConfigDoc, at, stringOf, valueOf } from './tree';

export interface HydraMain {
  fn: FunctionInfo;
  /** Folder of the configs (`config_path`, relative to the script). */
  configDir: string;
  /** The primary config file. */
  configPath: string;
}

export interface ConfigValue {
  /** The config file that sets the value. */
  path: string;
  doc: ConfigDoc;
  /** Keys of the value within that file. */
  keys: string[];
  node: CNode;
}

/** Reads and parses a project config (the caller keeps the file being analysed as it is in the editor). */
export type ConfigReader = (path: string) => ConfigDoc | undefined;

/** Functions decorated with `@hydra.main(config_path=…, config_name=…)` whose config the analysis can name. */
export function hydraMains(m: PyModule): HydraMain[] {
  const out: HydraMain[] = [];
  for (const fn of m.functions) {
    for (const d of fn.stmt.decorators) {
      if (d.k !== 'call' || m.qualify(d.fn, fn.scope.parent ?? m.scope) !== 'hydra.main') continue;
      const dir = argument(d, 0, 'config_path');
      const name = argument(d, 1, 'config_name');
      if (dir?.k !== 'str' || name?.k !== 'str') continue;
      const configDir = normalize(dir.value.startsWith('/') ? dir.value : `${dirname(m.path)}/${dir.value}`);
      const file = name.value.endsWith('.yaml') ? name.value : `${name.value}.yaml`;
      out.push({ fn, configDir, configPath: `${configDir}/${file}` });
    }
  }
  return out;
}

/** The config keys an expression reads from a Hydra main's `cfg`: `cfg.optimizer.lr`, `cfg["optimizer"]["lr"]`, `cfg.get("lr")`. */
export function configKeys(m: PyModule, e: Expr, scope: Scope, depth = 0): { main: HydraMain; keys: string[] } | undefined {
  if (depth > 6) return undefined;
  if (e.k === 'attr') {
    const inner = configKeys(m, e.obj, scope, depth + 1);
    return inner && { main: inner.main, keys: [...inner.keys, e.attr] };
  }
  if (e.k === 'subscript' && !e.slice && e.index.length === 1 && e.index[0].k === 'str') {
    const inner = configKeys(m, e.obj, scope, depth + 1);
    return inner && { main: inner.main, keys: [...inner.keys, e.index[0].value] };
  }
  if (e.k === 'call' && e.fn.k === 'attr' && e.fn.attr === 'get' && e.args[0]?.k === 'str') {
    const inner = configKeys(m, e.fn.obj, scope, depth + 1);
    return inner && { main: inner.main, keys: [...inner.keys, e.args[0].value] };
  }
  if (e.k !== 'name') return undefined;
  const a = m.reachingAssignment(e.id, scope, e.from);
  if (!a) return undefined;
  if (a.via === 'assign' && a.value && a.index === undefined) return configKeys(m, a.value, a.scope, depth + 1);
  if (a.via !== 'param' || !a.param || a.scope.stmt?.k !== 'def') return undefined;
  const fn = a.scope.parent?.functions.get(a.scope.stmt.name);
  if (!fn) return undefined;
  const main = hydraMains(m).find((h) => h.fn === fn);
  if (main) return fn.stmt.params[0] === a.param ? { main, keys: [] } : undefined;
  // a helper called with (part of) the config: every caller must pass the same keys
  const idx = fn.stmt.params.indexOf(a.param) - (fn.cls ? 1 : 0);
  let found: { main: HydraMain; keys: string[] } | undefined;
  const callers = m.callersOf(fn);
  for (const site of callers) {
    const kw = site.call.kwargs.find((k) => k.name === a.param?.name);
    const arg = kw ? kw.value : idx >= 0 ? site.call.args[idx] : undefined;
    const r = arg && configKeys(m, arg, site.scope, depth + 1);
    if (!r || (found && (found.main !== r.main || found.keys.join('.') !== r.keys.join('.')))) return undefined;
    found = r;
  }
  return found;
}

/** The config files composed for a Hydra main, in order, with the key prefix their content sits under. */
function composition(main: HydraMain, read: ConfigReader): { path: string; prefix: string[] }[] {
  const primary = read(main.configPath);
  const root = primary?.roots[0];
  const own = { path: main.configPath, prefix: [] as string[] };
  const defaults = valueOf(root, 'defaults');
  if (defaults?.k !== 'seq') return [own];
  const out: { path: string; prefix: string[] }[] = [];
  let self = false;
  for (const item of defaults.items) {
    const name = stringOf(item);
    if (name === '_self_') {
      out.push(own);
      self = true;
    } else if (name) out.push({ path: `${main.configDir}/${name}.yaml`, prefix: [] });
    else if (item.k === 'map' && item.pairs.length === 1) {
      const [p] = item.pairs;
      const option = stringOf(p.value);
      const key = p.key.replace(/^(optional|override)\s+/, '');
      if (!option || key.startsWith('hydra/')) continue;
      const [group, pkg] = key.split('@');
      const path = `${main.configDir}/${group}/${option}.yaml`;
      const header = /^#\s*@package\s+(\S+)/m.exec(read(path)?.text.slice(0, 300) ?? '')?.[1];
      const where = pkg ?? header ?? group.replace(/\//g, '.');
      out.push({ path, prefix: where === '_global_' ? [] : where.split('.').filter(Boolean) });
    }
  }
  // Without `_self_` in the list, the primary config is composed last (Hydra 1.1 and later).
  if (!self) out.push(own);
  return out;
}

/** The value of config keys in a Hydra main's composed config: the file that sets it last, and the node. */
export function hydraValue(main: HydraMain, keys: string[], read: ConfigReader): ConfigValue | undefined {
  const files = composition(main, read);
  for (let i = files.length - 1; i >= 0; i--) {
    const f = files[i];
    if (f.prefix.some((k, j) => keys[j] !== k) || keys.length <= f.prefix.length) continue;
    const doc = read(f.path);
    const rest = keys.slice(f.prefix.length);
    const node = doc && at(doc.roots[0], ...rest);
    if (doc && node) return { path: f.path, doc, keys: rest, node };
  }
  return undefined;
}

/** The config value an expression of a Hydra script reads, when the analysis can find it. */
export function hydraConfigValue(m: PyModule, e: Expr, scope: Scope, read: ConfigReader): ConfigValue | undefined {
  const ref = configKeys(m, e, scope);
  return ref && ref.keys.length ? hydraValue(ref.main, ref.keys, read) : undefined;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '.' || (seg === '' && out.length)) continue;
    if (seg === '..' && out.length > 1) out.pop();
    else out.push(seg);
  }
  return out.join('/') || '/';
}

// The Python side of a config: the project's scripts near it, as semantic modules. Configs are read by code
// (`yaml.safe_load(open("configs/train.yaml"))`, `@hydra.main(config_path="conf")`), so some config checks look at
// that code. The host only reads files; when it can also list a folder (`listDir`), every script of the config's
// folder and of the folders above it is a candidate; otherwise the usual entry points are (train.py, main.py, …).
// Modules come from an Analyzer kept per host, so a script is parsed once while its text does not change.
import { Analyzer, type ProjectHost } from '../analyze';
import type { ClassInfo, PyModule } from '../python/semantic';
import { type ConfigDoc, parseConfig } from './tree';

/** A host that can also list a folder's entries (names; folders end with `/`). */
export interface ListingHost extends ProjectHost {
  listDir(absDir: string): string[] | undefined;
}

export function canList(h: ProjectHost): h is ListingHost {
  return typeof (h as Partial<ListingHost>).listDir === 'function';
}

/** Entry points tried when the host cannot list folders. */
const USUAL_SCRIPTS = ['train.py', 'main.py', 'run.py', 'trainer.py', 'utils.py', 'config.py'];
/** Sub-folders of each level that usually hold the scripts. */
const SCRIPT_FOLDERS = ['', 'src/', 'scripts/'];
/** How many folders above the config's are searched. */
const LEVELS = 3;
const MAX_SCRIPTS = 60;

const analyzers = new WeakMap<ProjectHost, Analyzer>();

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

/** The semantic module of a project file, or undefined when it cannot be read. */
export function pythonModule(host: ProjectHost, path: string): PyModule | undefined {
  const text = host.readFile(path);
  if (text === undefined || text.includes('\u0000')) return undefined;
  let a = analyzers.get(host);
  if (!a) analyzers.set(host, (a = new Analyzer({ host, fastParse: true })));
  return a.pythonModule(path, text).module;
}

/** A config of the project read and parsed by its path (undefined when it cannot be read). */
export function readConfig(host: ProjectHost | undefined, path: string): ConfigDoc | undefined {
  const text = host?.readFile(path);
  return text === undefined ? undefined : parseConfig(text, path.endsWith('.json') ? 'json' : 'yaml');
}

/** Candidate script paths near a config: its folder and up to three above, and their src/ and scripts/ folders. */
export function scriptPaths(host: ProjectHost, configPath: string): string[] {
  const out: string[] = [];
  let dir = dirname(configPath.replace(/\\/g, '/'));
  for (let level = 0; level <= LEVELS; level++) {
    for (const sub of SCRIPT_FOLDERS) {
      const folder = sub ? `${dir === '/' ? '' : dir}/${sub.slice(0, -1)}` : dir;
      const names = canList(host) ? (host.listDir(folder) ?? []).filter((n) => n.endsWith('.py')) : USUAL_SCRIPTS;
      for (const n of names) out.push(`${folder === '/' ? '' : folder}/${n}`);
    }
    const up = dirname(dir);
    if (up === dir || up === '.') break;
    dir = up;
  }
  return [...new Set(out)].slice(0, MAX_SCRIPTS);
}

/**
 * The scripts near a config that the host can read, and the project modules they import (a loader in
 * `utils/config.py` called from `train.py`).
 */
export function scriptsNear(host: ProjectHost | undefined, configPath: string): PyModule[] {
  if (!host) return [];
  const modules: PyModule[] = [];
  const seen = new Set<string>();
  const add = (m: PyModule | undefined): void => {
    if (!m || seen.has(m.path)) return;
    seen.add(m.path);
    modules.push(m);
  };
  for (const p of scriptPaths(host, configPath)) add(pythonModule(host, p));
  // the project modules the scripts import, one level deep
  for (const m of [...modules]) for (const q of m.scope.imports.values()) add(m.linker?.resolve(m, q)?.module);
  return modules;
}

/**
 * The project class a config names by its import path (Hydra's `_target_: src.models.diffusion.DiffusionModule`,
 * Lightning CLI's `class_path`), looked for from the config's folder and the folders above it (where the code that
 * instantiates the config runs from), as `src/models/diffusion.py` or `src/models/diffusion/__init__.py`.
 */
export function configTarget(host: ProjectHost | undefined, configPath: string, dotted: string): { module: PyModule; cls: ClassInfo } | undefined {
  const parts = dotted.split('.');
  if (!host || parts.length < 2 || parts.some((x) => !/^[A-Za-z_]\w*$/.test(x))) return undefined;
  const name = parts[parts.length - 1];
  const rel = parts.slice(0, -1).join('/');
  let dir = dirname(configPath.replace(/\\/g, '/'));
  for (let level = 0; level <= LEVELS; level++) {
    const base = dir === '/' ? '' : dir;
    for (const file of [`${base}/${rel}.py`, `${base}/${rel}/__init__.py`]) {
      const cls = pythonModule(host, file)?.classes.find((c) => c.name === name && c.scope.parent?.kind === 'module');
      if (cls) return { module: cls.module, cls };
    }
    const up = dirname(dir);
    if (up === dir || up === '.') break;
    dir = up;
  }
  return undefined;
}

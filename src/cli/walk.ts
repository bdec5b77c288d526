// Finding the files to check under the given paths, skipping what a project never wants checked
// (virtual environments, dependencies, VCS folders, caches) and what its .gitignore files exclude.
import { type Dirent, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, sep } from 'path';
import { detectLanguage } from '../engine';

export const DEFAULT_EXCLUDES = ['node_modules', '.venv', 'venv', '.git', '.hg', '.svn', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.nn-recipe-cache', 'site-packages', '.vscode-test', 'dist', 'build', '.eggs', 'wandb', 'lightning_logs', 'outputs', 'multirun'];

interface IgnoreRule {
  base: string;
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** Converts one .gitignore pattern to a regular expression over paths relative to the .gitignore's folder. */
export function gitignorePattern(pattern: string): { regex: RegExp; negate: boolean; dirOnly: boolean } | undefined {
  let p = pattern.replace(/\s+$/, '');
  if (!p || p.startsWith('#')) return undefined;
  const negate = p.startsWith('!');
  if (negate) p = p.slice(1);
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const slash = p[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += p.slice(i, end + 1).replace(/^\[!/, '[^');
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  const regex = new RegExp(anchored ? `^${re}(?:/.*)?$` : `(?:^|/)${re}(?:/.*)?$`);
  return { regex, negate, dirOnly };
}

function readIgnore(dir: string): IgnoreRule[] {
  let text: string;
  try {
    text = readFileSync(join(dir, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  const out: IgnoreRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    const r = gitignorePattern(line);
    if (r) out.push({ base: dir, ...r });
  }
  return out;
}

function ignored(rules: IgnoreRule[], path: string, isDir: boolean): boolean {
  let result = false;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const rel = relative(r.base, path).split(sep).join('/');
    if (rel.startsWith('..')) continue;
    if (r.regex.test(rel)) result = !r.negate;
  }
  return result;
}

/**
 * Files to check under `root` (a folder): every file of a language nn-recipe reads, minus the default
 * excludes, the .gitignore rules and the user's extra excludes (folder or file names, or gitignore patterns).
 */
export function walk(root: string, extraExcludes: readonly string[] = [], listed?: (dir: string, names: readonly string[]) => void): string[] {
  const out: string[] = [];
  const extra = extraExcludes.map((e) => gitignorePattern(e)).filter((x): x is NonNullable<typeof x> => !!x);
  const visit = (dir: string, rules: IgnoreRule[]): void => {
    const here = [...rules, ...readIgnore(dir)];
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // (every entry, ignored or not: what a listing of the folder gives)
    listed?.(dir, entries.map((e) => e.name));
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(full);
          isDir = false; // do not follow links to folders (cycles)
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir && DEFAULT_EXCLUDES.includes(e.name)) continue;
      if (ignored(here, full, isDir)) continue;
      const rel = relative(root, full).split(sep).join('/');
      if (extra.some((x) => (!x.dirOnly || isDir) && x.regex.test(rel) !== x.negate)) continue;
      if (isDir) visit(full, here);
      else if (isFile && detectLanguage(full)) out.push(full);
    }
  };
  visit(root, []);
  return out;
}

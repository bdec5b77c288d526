// `nn-recipe check --cache`: results kept between runs, as Ruff and ESLint keep theirs. A file is not analysed
// again when its text is as it was, the text of every project file its analysis read is as it was (the files it
// imports and, transitively, what those read; a file that was missing must still be missing), and the settings,
// the stage and the build of nn-recipe are the same. Texts are compared by a hash of their content, not by
// modification times (a CI checkout gives every file a new one).
//
// One file per build and configuration: `<dir>/<build>-<configuration>.json`, and one for the evidence the stage
// inference (`--stage auto`) reads from each file, which no setting changes: `<dir>/<build>-evidence.json`. Files
// of other builds are removed when the cache is written. A cache file that cannot be read or parsed is ignored (the
// check runs in full and writes a new one); a cache that cannot be written costs one warning, never the check.
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { AnalysisResult, Evidence, RuleSettings } from '../engine';

/** The folder a project's cache goes in, beside its project file or in the current folder. */
export const CACHE_DIR = '.nn-recipe-cache';
const FORMAT = 2;

declare const NN_RECIPE_BUILD: string | undefined;

export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

let sourceBuild: string | undefined;
/**
 * What identifies this build of nn-recipe: the bundle carries a hash of the sources and locked dependencies it was
 * built from (scripts/build.mjs; a `--watch` build hashes its own bundle); run from the sources (tests, tsx), a hash
 * of the sources.
 */
export function buildId(): string {
  if (typeof NN_RECIPE_BUILD === 'string' && NN_RECIPE_BUILD !== 'watch') return NN_RECIPE_BUILD;
  if (sourceBuild) return sourceBuild;
  const h = createHash('sha1');
  if (typeof NN_RECIPE_BUILD === 'string') return (sourceBuild = 'watch-' + h.update(readFileSync(__filename)).digest('hex').slice(0, 16));
  const src = join(__dirname, '..');
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (name.endsWith('.ts')) h.update(p.slice(src.length)).update(readFileSync(p));
    }
  };
  visit(src);
  return (sourceBuild = 'src-' + h.digest('hex').slice(0, 16));
}

interface Entry<T> {
  /** Hash of the file's text. */
  hash: string;
  /** Every project file the analysis read: path and hash of its text, or null where there was no file. */
  deps: [string, string | null][];
  result: T;
}

/**
 * On disk, the files' dependencies are indices into one table of (path, hash) pairs: most files of a project import
 * the same few modules, and the table keeps the cache small and quick to read and to check.
 */
interface CacheFile {
  format: number;
  build: string;
  configuration: string;
  deps: [string, string | null][];
  files: Record<string, { hash: string; deps: number[]; result: unknown }>;
}

/** The name of the cache file of a check's findings: the settings and the stage they were found with. */
function checkConfiguration(settings: RuleSettings, stage: number | undefined): string {
  return createHash('sha1').update(JSON.stringify([stage ?? null, sortedSettings(settings)])).digest('hex').slice(0, 16);
}

/** Hashes of the files' current texts (null: unreadable or missing), each file hashed once per run. */
export type CurrentHash = (path: string) => string | null;

/** What a file gave, kept with what it depends on: a check's findings, or the evidence of the stage inference. */
export class KeptResults<T> {
  private readonly entries: Map<string, Entry<T>>;
  private readonly fresh = new Map<string, Entry<T>>();
  /** Dependencies (of the table read) already compared with the files. */
  private readonly checked = new Map<[string, string | null], boolean>();
  readonly file: string;
  private readonly build: string;
  /** The start of the names of this build's cache files. */
  private readonly prefix: string;
  /** Why the previous cache file was not used, when there was one. */
  readonly discarded: string | undefined;

  /** `configuration` names the file (letters, digits, `-`); `valid` tells a kept result of the right shape. */
  constructor(
    readonly dir: string,
    private readonly configuration: string,
    valid: (result: unknown) => result is T,
  ) {
    this.build = buildId();
    this.prefix = `${this.build.replace(/[^A-Za-z0-9_-]/g, '_')}-`;
    this.file = join(dir, `${this.prefix}${this.configuration}.json`);
    const entries = new Map<string, Entry<T>>();
    let discarded: string | undefined;
    if (existsSync(this.file)) {
      try {
        const data = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<CacheFile>;
        if (data.format !== FORMAT || data.build !== this.build || data.configuration !== this.configuration || typeof data.files !== 'object' || !data.files)
          throw new Error('written by another version');
        const table = Array.isArray(data.deps) ? data.deps.filter((d) => Array.isArray(d) && typeof d[0] === 'string' && (typeof d[1] === 'string' || d[1] === null)) : [];
        if (table.length !== data.deps?.length) throw new Error('malformed');
        for (const [path, e] of Object.entries(data.files)) {
          if (!wellFormed(e) || !valid(e.result) || !e.deps.every((i) => Number.isInteger(i) && i >= 0 && i < table.length)) continue;
          entries.set(path, { hash: e.hash, deps: e.deps.map((i) => table[i]), result: e.result });
        }
      } catch (err) {
        entries.clear();
        discarded = err instanceof SyntaxError ? 'not valid JSON' : err instanceof Error ? err.message : String(err);
      }
    }
    this.entries = entries;
    this.discarded = discarded;
  }

  /** The kept result of `path`, when it and everything its analysis read are as they were. */
  lookup(path: string, current: CurrentHash): T | undefined {
    const e = this.entries.get(path);
    if (!e || e.hash !== current(path)) return undefined;
    for (const d of e.deps) {
      let ok = this.checked.get(d);
      if (ok === undefined) this.checked.set(d, (ok = current(d[0]) === d[1]));
      if (!ok) return undefined;
    }
    this.fresh.set(path, e);
    return e.result;
  }

  /** Keeps the result of a file just analysed. */
  store(path: string, hash: string, deps: [string, string | null][], result: T): void {
    this.fresh.set(path, { hash, deps, result });
  }

  /**
   * Writes the cache: the files of this run, and those of earlier runs that were not checked this time but still
   * exist (a check of one folder keeps the others' results). Returns a warning when it cannot be written.
   */
  save(): string | undefined {
    const table: [string, string | null][] = [];
    const index = new Map<string, number>();
    const files: CacheFile['files'] = {};
    const add = (p: string, e: Entry<T>): void => {
      const deps = e.deps.map(([d, h]) => {
        const key = `${h ?? ''}\0${d}`;
        let i = index.get(key);
        if (i === undefined) index.set(key, (i = table.push([d, h]) - 1));
        return i;
      });
      files[p] = { ...e, deps };
    };
    for (const [p, e] of this.entries) if (!this.fresh.has(p) && existsSync(p)) add(p, e);
    for (const [p, e] of this.fresh) add(p, e);
    const data: CacheFile = { format: FORMAT, build: this.build, configuration: this.configuration, deps: table, files };
    try {
      if (!existsSync(this.dir)) {
        mkdirSync(this.dir, { recursive: true });
        writeFileSync(join(this.dir, '.gitignore'), '# written by nn-recipe check --cache\n*\n');
        writeFileSync(join(this.dir, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# nn-recipe\'s result cache (nn-recipe check --cache)\n');
      }
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(data));
      renameSync(tmp, this.file);
      // caches of other builds can never be used again
      for (const name of readdirSync(this.dir)) if (name.endsWith('.json') && !name.startsWith(this.prefix)) rmSync(join(this.dir, name), { force: true });
      return undefined;
    } catch (err) {
      return `cannot write the cache in ${this.dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}); the check is not affected`;
    }
  }
}

function sortedSettings(s: RuleSettings): unknown {
  return JSON.parse(JSON.stringify(s, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v)));
}

function wellFormed(e: unknown): e is CacheFile['files'][string] {
  if (!e || typeof e !== 'object') return false;
  const x = e as Partial<CacheFile['files'][string]>;
  return typeof x.hash === 'string' && Array.isArray(x.deps);
}

/** A check's results, by the settings and the stage. Results with internal errors are not kept: they are checked again. */
export function checkResults(dir: string, settings: RuleSettings, stage: number | undefined): KeptResults<AnalysisResult> {
  return new KeptResults(dir, checkConfiguration(settings, stage), (r): r is AnalysisResult => {
    const x = r as Partial<AnalysisResult> | null;
    return !!x && typeof x === 'object' && Array.isArray(x.findings) && Array.isArray(x.syntaxErrors) && !x.internalErrors?.length;
  });
}

export interface FileEvidence {
  evidence: Evidence[];
  training: boolean;
  /** What a Python file refers to (`withoutUncalled`). */
  references?: string[];
}

/** The evidence `--stage auto` reads from each file: the same whatever the settings. */
export function evidenceResults(dir: string): KeptResults<FileEvidence> {
  return new KeptResults(dir, 'evidence', (r): r is FileEvidence => {
    const x = r as Partial<FileEvidence> | null;
    return !!x && typeof x === 'object' && Array.isArray(x.evidence) && typeof x.training === 'boolean' && (x.references === undefined || Array.isArray(x.references));
  });
}

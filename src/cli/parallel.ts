// Checking many files on several cores: the main thread and worker threads take chunks of the file list from a
// shared counter, each with its own Analyzer (which reads the other project files it needs through its own
// host, so cross-file analysis works whichever thread a file lands on). Outcomes are handed back in the order
// of the file list as soon as each one and all before it are done, so the output streams and is identical to
// a single-threaded run. With `mainThreadWorks: false` the calling thread only collects outcomes (for a caller
// that must stay responsive).
//
// The same module is the worker's entry point: in the bundle, `dist/cli.js` starts itself as a worker; under
// tsx (tests), this file is started with tsx's loader.
import { availableParallelism } from 'os';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { readdirSync, statSync, writeFileSync } from 'fs';
import { sep } from 'path';
import { Analyzer, type AnalysisResult, type FixSafety, type RuleSettings, fixAll } from '../engine';
import { encode, type ReadResult, readText } from './read';
import { textHash } from './cache';
import type { ListingHost } from '../engine/config/python';

export interface CheckFilesOptions {
  settings: RuleSettings;
  stage: number | undefined;
  /** Apply fixes of these safeties and write the files (always on the main thread, one file after another). */
  fix?: readonly FixSafety[];
  /** Threads that check files (default: the number of cores; fewer for few files). */
  jobs?: number;
  /**
   * Whether the calling thread checks files too (default true, the CLI). An editor keeps its thread free: every
   * file then goes to a worker and this thread only collects outcomes.
   */
  mainThreadWorks?: boolean;
  /** The calling thread's analyzer and file cache, when it has read and parsed the files already (stage inference). */
  shared?: { analyzer: Analyzer; cache: FileCache };
  /** Give each outcome the files its analysis depends on (`FileOutcome.deps`), for the result cache. */
  withDeps?: boolean;
}

export interface CheckFilesStats {
  threads: number;
  /** Files checked on worker threads. */
  byWorkers: number;
}

/** What checking one file gave, in the order the CLI reports it. */
export interface FileOutcome {
  /** The file could not be read (the reason); nothing else is set. */
  unreadable?: string;
  /** A note about how the file was decoded. */
  note?: string;
  /** Fixes applied and written. */
  fixed?: number;
  /** The fixes could not be written (the message). */
  fixError?: string;
  result?: AnalysisResult;
  /**
   * With `withDeps`: every other file the result depends on, with a hash of the text read (null: no such file).
   * Absent when that cannot be told (configs, which look for the scripts around them): such a result is not cached.
   */
  deps?: [string, string | null][];
  /** With `withDeps`: a hash of the text the result is of. */
  hash?: string;
}

/**
 * Python source per thread when the thread count is automatic. A worker has fixed costs (its own engine to load
 * and compile to machine code, its own heap) and V8 already runs its compiler and garbage collector on other
 * cores: one core is left to those (`autoThreads`). On 2 cores a second thread was slower on every project measured
 * since the cold check keeps less alive (2026-12-03): 1.9, 5.3 and 14.3 MB of Python. See docs/performance.md.
 */
export const BYTES_PER_THREAD = 4 * 1024 * 1024;
/**
 * Parsed files each thread keeps (least recently used dropped; and of the files checked that fewer than two others
 * import, only the last few: see the Analyzer's `LIGHTLY_USED`): memory stays flat on big projects.
 */
const CACHED_FILES = 256;
/** An analyzer reading through a file cache, as each checking thread uses. */
export function newAnalyzer(): { analyzer: Analyzer; cache: FileCache } {
  const cache = new FileCache();
  return { cache, analyzer: new Analyzer({ host: cache, maxCachedFiles: CACHED_FILES, fastParse: true, stableHost: true }) };
}

/** Files a thread takes at a time: neighbours (a model and the script that imports it) stay together. */
const CHUNK = 4;

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

const MISSING: ReadResult = { ok: false, reason: 'no such file or folder' };

/**
 * A host that reads each file once: a check sees one version of every file. Imports are looked up in several
 * candidate places, most of them absent: a folder's listing answers those without a failing system call each.
 */
export class FileCache implements ListingHost {
  private readonly reads = new Map<string, ReadResult>();
  private readonly folders = new Map<string, Set<string> | undefined>();
  private readonly listings = new Map<string, string[] | undefined>();
  private readonly hashes = new Map<string, { text: string; hash: string }>();

  read(posixPath: string): ReadResult {
    let r = this.reads.get(posixPath);
    if (!r) this.reads.set(posixPath, (r = this.listed(posixPath) === false ? MISSING : readText(posixPath)));
    return r;
  }

  /** Whether the path's folder lists it (undefined when the folder cannot be listed). */
  private listed(posixPath: string): boolean | undefined {
    const slash = posixPath.lastIndexOf('/');
    if (slash < 0 || slash === posixPath.length - 1) return undefined;
    const dir = posixPath.slice(0, slash);
    // a root keeps its slash: `/`, `C:/`
    return this.names(dir.includes('/') ? dir : dir + '/')?.has(posixPath.slice(slash + 1));
  }

  /** A folder's entries; empty when its parent does not list it; undefined when it cannot be read. */
  private names(dir: string): Set<string> | undefined {
    if (this.folders.has(dir)) return this.folders.get(dir);
    let names: Set<string> | undefined;
    if (!dir.endsWith('/') && this.listed(dir) === false) names = new Set();
    else {
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = undefined;
      }
    }
    this.folders.set(dir, names);
    return names;
  }

  /**
   * A folder's entries as a walk of it just listed them (`walk`'s `listed`), so that looking up the files imports name
   * there does not list it again. A folder already known is left as it is.
   */
  knowListing(posixDir: string, names: readonly string[]): void {
    // (the key `listed` asks by: a folder without a slash in its path keeps one, as a root does)
    const key = posixDir.includes('/') ? posixDir : posixDir + '/';
    if (!this.folders.has(key)) this.folders.set(key, new Set(names));
  }

  readFile(posixPath: string): string | undefined {
    const r = this.read(posixPath);
    return r.ok ? r.text : undefined;
  }

  /** A folder's entries, folders ending with `/` (the config analysis looks for the scripts that load a config). */
  listDir(posixDir: string): string[] | undefined {
    if (this.listings.has(posixDir)) return this.listings.get(posixDir);
    let names: string[] | undefined;
    try {
      names = readdirSync(posixDir, { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name));
    } catch {
      names = undefined;
    }
    this.listings.set(posixDir, names);
    return names;
  }

  /** A hash of a file's text (null: unreadable or missing), worked out once. */
  hashOf(posixPath: string, text = this.readFile(posixPath)): string | null {
    if (text === undefined) return null;
    const h = this.hashes.get(posixPath);
    if (h && h.text === text) return h.hash;
    const hash = textHash(text);
    this.hashes.set(posixPath, { text, hash });
    return hash;
  }

  /** Text that does not come from the file system: standard input, read as if it were the file at `posixPath`. */
  provide(posixPath: string, read: ReadResult): void {
    this.reads.set(posixPath, read);
  }

  /** After a fix was written. */
  update(posixPath: string, text: string): void {
    const r = this.read(posixPath);
    if (r.ok) this.reads.set(posixPath, { ...r, text });
  }
}

/** Checks one file with an analyzer whose host is `cache`. */
export function checkFile(file: string, analyzer: Analyzer, cache: FileCache, o: CheckFilesOptions): FileOutcome {
  const path = toPosix(file);
  const read = cache.read(path);
  if (!read.ok) return { unreadable: read.reason };
  const out: FileOutcome = read.note ? { note: read.note } : {};
  let text = read.text;
  const analyse = (t: string): AnalysisResult => analyzer.analyze({ path, text: t, settings: o.settings, stage: o.stage });
  if (o.fix) {
    const fixed = fixAll(text, analyse, o.fix);
    if (fixed.applied > 0 && fixed.text !== text) {
      if (read.encoding !== 'utf-8' || read.note) out.fixError = 'not rewritten: fixes are only written to valid UTF-8 files';
      else {
        try {
          writeFileSync(file, encode(fixed.text, read.bom));
          text = fixed.text;
          cache.update(path, text);
          analyzer.hostChanged();
          out.fixed = fixed.applied;
        } catch (err) {
          out.fixError = `cannot write the fixes (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
        }
      }
    }
  }
  out.result = analyse(text);
  if (o.withDeps && !o.fix) {
    out.deps = dependencies(path, out.result, analyzer, cache);
    out.hash = cache.hashOf(path, text) ?? undefined;
  }
  return out;
}

function dependencies(path: string, result: AnalysisResult, analyzer: Analyzer, cache: FileCache): [string, string | null][] | undefined {
  if (result.skipped !== undefined) return undefined;
  // TensorFlow.js files are analysed on their own
  if (result.language === 'typescript' || result.language === 'javascript') return [];
  if (result.language !== 'python') return undefined;
  return pythonDependencies(path, analyzer, cache);
}

/** The project files the analysis of a Python file read, with hashes of their texts (undefined: not analysed). */
export function pythonDependencies(path: string, analyzer: Analyzer, cache: FileCache): [string, string | null][] | undefined {
  const deps = analyzer.dependencies(path);
  if (!deps) return undefined;
  deps.delete(path);
  return [...deps].map(([p, t]) => [p, cache.hashOf(p, t)]);
}

/** How many threads a check of `files` uses: `jobs` when given, otherwise `autoThreads` of their size. */
export function threadsFor(files: readonly string[], o: Pick<CheckFilesOptions, 'jobs' | 'fix' | 'mainThreadWorks'>): number {
  if (o.fix) return 1;
  if (o.jobs !== undefined || o.mainThreadWorks === false) return Math.max(1, Math.min(o.jobs ?? availableParallelism(), files.length));
  const cores = availableParallelism();
  if (autoThreads(Infinity, cores) === 1) return 1;
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += statSync(f).size;
    } catch {
      // unreadable: reported when it is read
    }
  }
  return autoThreads(bytes, cores);
}

/** The automatic thread count for `bytes` of Python source on `cores` cores: one per BYTES_PER_THREAD, one core left to V8. */
export function autoThreads(bytes: number, cores: number): number {
  return Math.max(1, Math.min(cores - 1, 1 + Math.floor(bytes / BYTES_PER_THREAD)));
}

interface WorkerInit {
  kind: 'nn-recipe-check';
  files: string[];
  settings: RuleSettings;
  stage: number | undefined;
  withDeps: boolean;
  counter: SharedArrayBuffer;
}

type WorkerMessage = { i: number; outcome: FileOutcome } | { done: true };

/** Claims the next chunk of file indices: [start, end). */
function claimer(counter: SharedArrayBuffer, n: number): () => [number, number] | undefined {
  const c = new Int32Array(counter);
  return () => {
    const start = Atomics.add(c, 0, CHUNK);
    return start < n ? [start, Math.min(n, start + CHUNK)] : undefined;
  };
}

/**
 * Checks `files` and calls `onOutcome` for each, in the order of `files`, as soon as it and every file before it
 * are done. Fixes are applied on the calling thread, one file after another.
 */
export async function checkFiles(files: string[], o: CheckFilesOptions, onOutcome: (file: string, outcome: FileOutcome) => void): Promise<CheckFilesStats> {
  const threads = threadsFor(files, o);
  const inline = o.mainThreadWorks !== false || !!o.fix;
  const { cache, analyzer } = o.shared ?? newAnalyzer();
  if (threads === 1 && inline) {
    for (const f of files) onOutcome(f, checkFile(f, analyzer, cache, o));
    return { threads, byWorkers: 0 };
  }

  const outcomes: (FileOutcome | undefined)[] = new Array<FileOutcome | undefined>(files.length);
  let next = 0;
  const flush = (): void => {
    while (next < files.length && outcomes[next]) {
      onOutcome(files[next], outcomes[next] as FileOutcome);
      outcomes[next++] = undefined;
    }
  };
  const counter = new SharedArrayBuffer(4);
  const init: WorkerInit = { kind: 'nn-recipe-check', files, settings: o.settings, stage: o.stage, withDeps: !!o.withDeps, counter };
  const finished: Promise<void>[] = [];
  const workers: Worker[] = [];
  let byWorkers = 0;
  for (let t = inline ? 1 : 0; t < threads; t++) {
    const w = startWorker(init);
    workers.push(w);
    finished.push(
      new Promise<void>((resolveDone) => {
        w.on('message', (m: WorkerMessage) => {
          if ('done' in m) resolveDone();
          else {
            outcomes[m.i] = m.outcome;
            byWorkers++;
            flush();
          }
        });
        // A worker that fails leaves its files to the main thread (below).
        w.on('error', () => resolveDone());
        w.on('exit', () => resolveDone());
      }),
    );
  }
  if (inline) {
    const claim = claimer(counter, files.length);
    for (let chunk = claim(); chunk; chunk = claim()) {
      for (let i = chunk[0]; i < chunk[1]; i++) outcomes[i] = checkFile(files[i], analyzer, cache, o);
      flush();
      await new Promise<void>((r) => setImmediate(r)); // let the workers' outcomes in
    }
  }
  await Promise.all(finished);
  await Promise.all(workers.map((w) => w.terminate()));
  // Files a failed worker had taken.
  for (let i = next; i < files.length; i++) if (!outcomes[i]) outcomes[i] = checkFile(files[i], analyzer, cache, o);
  flush();
  return { threads, byWorkers };
}

function startWorker(init: WorkerInit): Worker {
  if (__filename.endsWith('.ts')) {
    // Running from source (tests): load this file through tsx, as the main thread was.
    const loader = 'tsx/cjs'; // a variable: the bundler must not try to resolve it
    const tsx = require.resolve(loader);
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(__filename)});`, { eval: true, workerData: init });
  }
  return new Worker(__filename, { workerData: init });
}

function runWorker(init: WorkerInit): void {
  const port = parentPort;
  if (!port) return;
  const cache = new FileCache();
  const analyzer = new Analyzer({ host: cache, maxCachedFiles: CACHED_FILES, fastParse: true, stableHost: true });
  const o: CheckFilesOptions = { settings: init.settings, stage: init.stage, withDeps: init.withDeps };
  const claim = claimer(init.counter, init.files.length);
  for (let chunk = claim(); chunk; chunk = claim()) {
    for (let i = chunk[0]; i < chunk[1]; i++) port.postMessage({ i, outcome: checkFile(init.files[i], analyzer, cache, o) } satisfies WorkerMessage);
  }
  port.postMessage({ done: true } satisfies WorkerMessage);
}

/** Whether this thread is a check worker (the CLI's entry point must then stay quiet). */
export const isCheckWorker = !isMainThread && (workerData as Partial<WorkerInit> | null)?.kind === 'nn-recipe-check';
if (isCheckWorker) runWorker(workerData as WorkerInit);

// Text + path → findings. Detects the language, parses once (incrementally when the file was seen before),
// builds the semantic layer, runs the enabled rules, applies suppressions and severities.
import { detectLanguage, isJsTestFile } from './language';
import { isTestModule } from './python/facts-eval';
import { fastParse } from './python/fastparse';
import { ModuleIrCache, type Span, type Stmt, shiftSpans } from './python/ir';
import { type LexicalError, lexicalError } from './python/lexical';
import { addedImportRoots } from './python/import-roots';
import { pythonRejects } from './python/targets';
import { type ParsedPython, ParseJob, type SplicedParse, commentAt, continuedAt, diffRange, isUnreadable, parsePython, readInPieces, spliceIfBroken, spliceParse, stretchAround } from './python/parse';
import { type ModuleLinker, ModuleMemo, PyModule, memoByName, starName } from './python/semantic';
import { runConfig } from './config';
import { RULES } from './rules';
import { runTfjs } from './tfjs';
import type { PythonRuleContext, ReportInput, Rule } from './rules/rule';
import { effectiveSeverity } from './settings';
import { findSuppressions } from './suppressions';
import { LineIndex, inSpans } from './text';
import type { AnalysisResult, Finding, Fix, Language, ParseProblem, Range, RelatedLocation, RuleSettings, Severity, TextEdit } from './types';

/** Reads other files of the project (for `from model import Net`). Paths are absolute, with `/` separators. */
export interface ProjectHost {
  readFile(absPath: string): string | undefined;
}

export interface AnalyzeOptions {
  path: string;
  text: string;
  settings?: RuleSettings;
  /** The project's stage (1-6), pinned or inferred. Stage-aware rules run only when it is known. */
  stage?: number;
  /** The editor's language id, when there is one. */
  languageId?: string;
  /**
   * The text is open in an editor and will be edited: its versions are parsed with Lezer, whose tree makes the next
   * version cheap to parse. With `AnalyzerOptions.fastParse`, a file's first version still goes through the fast
   * path (its findings come sooner) and `prepareForEdits` builds Lezer's tree afterwards, when the caller is idle.
   */
  editing?: boolean;
}

export interface AnalyzerOptions {
  host?: ProjectHost;
  /** Files longer than this many characters are skipped with a message (default 2,000,000). */
  maxLength?: number;
  /**
   * How many Python files to keep parsed (least recently used go first; default: all until `forget`). A check of
   * a whole project sets it to keep memory flat: a dropped file is parsed again if it is needed again.
   */
  maxCachedFiles?: number;
  /**
   * Parse a file seen for the first time with the fast path (python/fastparse.ts: the same IR, several times
   * faster, for files without syntax errors), unless the call says it is `editing`. For checks of files that are
   * not edited (the CLI, a workspace scan); without it every file goes through Lezer, whose tree makes the next
   * version of an edited file cheap to parse.
   */
  fastParse?: boolean;
  /**
   * The host's files do not change while the analyzer is used, except where `hostChanged()` says so (the CLI: a
   * check reads one version of every file). The files a module imports, and the checks that they did not change,
   * are then worked out once for the analyzer instead of once per call.
   */
  stableHost?: boolean;
}

export const DEFAULT_MAX_LENGTH = 2_000_000;

/**
 * With a bounded cache (`maxCachedFiles`), how many analysed files that at most one other file imports are kept: the
 * last few, so that a script finds the model file checked just before it. Each file of a check is analysed once,
 * and such a file is rarely read again; kept among the least recently used it lived through a few young-generation
 * collections of V8 and was copied into the old generation (its IR and semantic layer, ~80 KB a file), which made
 * ~15% of a cold check. A file two others import (a package module) is kept as before.
 */
const LIGHTLY_USED = 4;

/** Why a file whose analysis recursed deeper than the stack is skipped. */
const TOO_DEEP = 'the file nests too deeply to analyse: an expression or value thousands of levels deep, as only generated files have';

/**
 * Libraries whose imports never lead to project files: no file look-ups for them. (Not Hugging Face's `datasets`: a
 * project's own datasets.py, which Python imports first, is as common; review 150.)
 */
const LIBRARIES = new Set(['torch', 'torchvision', 'torchaudio', 'torchtext', 'numpy', 'lightning', 'pytorch_lightning', 'transformers', 'timm', 'accelerate', 'sklearn', 'scipy', 'pandas', 'matplotlib', 'os', 'sys', 're', 'math', 'random', 'json', 'typing', 'collections', 'functools', 'itertools', 'pathlib', 'argparse', 'logging', 'time', 'dataclasses', 'hydra', 'omegaconf', 'wandb', 'optuna', 'ray', 'tqdm', 'PIL', 'cv2', 'yaml', 'jax', 'tensorflow', 'keras', 'einops', '__future__']);

type SyntaxSpan = Span & { message?: string };

interface PythonState {
  text: string;
  /** Lezer's parse, kept for the next incremental parse (none when the fast path parsed the file). */
  parsed: ParsedPython | undefined;
  /**
   * The last error-free Lezer parse of the file, kept while its versions have syntax errors: the next version is
   * parsed from it, so what a version with errors gives depends on that version and this one only.
   */
  good: ParsedPython | undefined;
  ir: ModuleIrCache;
  module: PyModule;
  /** Syntax errors, with CPython's message where it is known (python/lexical.ts). */
  errors: SyntaxSpan[];
  /** Whether an offset is inside a comment (for suppression comments). */
  isComment: (offset: number) => boolean;
  /** Whether the fast parse path parsed this version. */
  fast: boolean;
  /**
   * `parsed` and `good` are parses of an earlier text: the versions since were read by the stretch path (the
   * statements an edit touched parsed alone by the fast path, see `Analyzer.stretchEdit`). `catchUp` brings them to
   * this text before a version needs Lezer (one with a syntax error), or when the caller is idle.
   */
  behind?: true;
  /** The generation in which the module's imported files were last compared with the host. */
  checked: number;
  /** The last analysis of this version: its options, and the module and linked modules its rules saw. */
  kept?: KeptAnalysis;
}

/**
 * What a Python analysis depends on besides its options: the module (a new one is built when the text or a file it
 * imports changes) and the modules its rules reached through links, at any depth (including those reached from the
 * linked modules' own analyses). While all of them are the ones a new analysis would see, its findings are the same.
 */
interface KeptAnalysis {
  key: string;
  module: PyModule;
  linked: PyModule[];
  result: AnalysisResult;
}

/** An edited file's last analysis without syntax errors (see `carried`). */
interface CleanAnalysis {
  text: string;
  /** The options it was made with (`analyzePython`'s key). */
  key: string;
  linked: PyModule[];
  findings: Finding[];
}

/** What `prepareForEdits` did: built a file's tree, had nothing to do, or left a file on the fast path. */
export type PrepareOutcome = 'prepared' | 'idle' | 'kept-fast' | 'working';

type Link = { module: PyModule; name: string } | undefined;

/**
 * Each module's links (`resolve`'s and `moduleOf`'s answers) and the folders it adds to the import path
 * (`addedRoots`), for the generation they were made in; kept in the module (a module is linked by the analyzer that
 * built it; see `ModuleMemo` for why not in a WeakMap).
 */
const LINKS = new ModuleMemo<{ generation: number; byName: Map<string, Link> }>();
const ROOTS = new ModuleMemo<{ generation: number; roots: string[] }>();

/**
 * A Map whose values are let go of when deleted or replaced. V8 keeps a Map's old hash table after the Map grows or
 * rehashes (for iterators), entries included; once that table is in the old generation, every value it held is kept
 * alive by the young-generation collections (scavenges) until a full collection, and copied into the old generation
 * too. The files a check drops from its cache stayed alive so. Here each value sits in a box of its own, emptied when
 * the value leaves.
 */
class BoxedMap<K, V> {
  private readonly boxes = new Map<K, { v: V | undefined }>();
  get size(): number {
    return this.boxes.size;
  }
  get(key: K): V | undefined {
    return this.boxes.get(key)?.v;
  }
  set(key: K, v: V): void {
    const box = this.boxes.get(key);
    if (box) box.v = v;
    else this.boxes.set(key, { v });
  }
  delete(key: K): void {
    const box = this.boxes.get(key);
    if (!box) return;
    box.v = undefined;
    this.boxes.delete(key);
  }
  keys(): IterableIterator<K> {
    return this.boxes.keys();
  }
}

export class Analyzer implements ModuleLinker {
  private readonly python = new BoxedMap<string, PythonState>();
  /** Edited files' last analyses without syntax errors, by path: their file-wide findings outlast a typed error. */
  private readonly clean = new Map<string, CleanAnalysis>();
  private readonly host: ProjectHost | undefined;
  private readonly maxLength: number;
  private readonly maxCachedFiles: number;
  private readonly fastParse: boolean;
  private readonly stableHost: boolean;
  /**
   * Each public call (analyze, pythonModule) is one generation: the host's files are taken not to change during
   * it, so the imports a module resolved and the dependency checks are cached for the rest of that call only.
   * With `stableHost`, one generation lasts until `hostChanged()`.
   */
  private generation = 0;
  /**
   * Files being edited whose versions so far the fast path parsed: Lezer's tree is still to build (`prepareForEdits`),
   * with the parse under way when it was started.
   */
  private readonly treeWanted = new Map<string, ParseJob | undefined>();
  /** With a bounded cache: the analysed files that fewer than two files import, oldest first (`LIGHTLY_USED`). */
  private readonly lightlyUsed = new Set<string>();
  /** With a bounded cache: the files that imported each file, up to two. */
  private readonly importers = new Map<string, string[]>();

  constructor(options: AnalyzerOptions | ProjectHost = {}) {
    const o: AnalyzerOptions = 'readFile' in options ? { host: options } : options;
    this.host = o.host;
    this.maxLength = o.maxLength ?? DEFAULT_MAX_LENGTH;
    this.maxCachedFiles = o.maxCachedFiles ?? Infinity;
    this.fastParse = o.fastParse ?? false;
    this.stableHost = o.stableHost ?? false;
  }

  /** A new generation for a public call; with a stable host, only the first call and `hostChanged()` start one. */
  private nextGeneration(): void {
    if (!this.stableHost || this.generation === 0) this.generation++;
  }

  /** With `stableHost`: the host's files changed (a fix was written); links and dependencies are checked again. */
  hostChanged(): void {
    this.generation++;
  }

  /** ModuleLinker: the generation (the links are the same within one). */
  get linkGeneration(): number {
    return this.generation;
  }

  /** Drops what is cached for a file (closed or deleted). */
  forget(path: string): void {
    this.python.delete(normalize(path));
    this.clean.delete(normalize(path));
    this.treeWanted.delete(normalize(path));
  }

  /** Whether `prepareForEdits` has work left. */
  get hasEditsToPrepare(): boolean {
    return this.treeWanted.size > 0;
  }

  /**
   * Builds Lezer's tree for one file being edited whose versions so far went through the fast path (see
   * `AnalyzeOptions.editing`), so that its next version is parsed incrementally. Call it when idle, until it answers
   * `idle`. With a budget (milliseconds), it parses for about that long and answers `working` when the tree is not
   * done yet; the next call goes on from there, and versions analysed in between still take the fast path. The
   * file's findings do not change: the statements the fast path built are kept and become those the next version
   * reuses (both parsers give the same IR, test/unit/fastparse-*.ts). A file in which Lezer 1.1.19 reports errors
   * although the fast path read it stays on the fast path.
   */
  prepareForEdits(budgetMs = Infinity): PrepareOutcome {
    const deadline = performance.now() + budgetMs;
    for (const key of this.treeWanted.keys()) {
      const st = this.python.get(key);
      if (st?.behind) return this.readable(key, st, () => this.catchUpSliced(key, st, deadline)) ?? 'kept-fast';
      if (!st || st.parsed || !st.fast) {
        this.treeWanted.delete(key);
        continue;
      }
      return this.readable(key, st, () => this.buildTree(key, st, deadline)) ?? 'kept-fast';
    }
    return 'idle';
  }

  /** `prepareForEdits` for one file, until `deadline` (a `performance.now()` time). */
  private buildTree(key: string, st: PythonState, deadline: number): PrepareOutcome {
    const job = this.treeWanted.get(key) ?? new ParseJob(st.text);
    const done = job.advance(deadline);
    if (!done || (done.text !== st.text && done.recovered)) {
      // not done; or done for a version edited since, in a tree that cannot be parsed on from: again for this one
      this.treeWanted.set(key, done ? undefined : job);
      return 'working';
    }
    this.treeWanted.delete(key);
    // edited (through the fast path) while the tree was built: brought up to date incrementally
    const parsed = done.text === st.text ? done : parsePython(st.text, done);
    if (parsed.errors.length) return 'kept-fast';
    // the fast path's statements become the cache's; where they do not line up with the tree's, the IR and the
    // semantic layer are built again from the tree
    if (parsed.recovered || !st.ir.seed(parsed.tree, parsed.parsedText, st.module.stmts)) {
      const stmts = st.ir.build(parsed.tree, st.text, parsed.parsedText, parsed.recovered);
      const old = st.module;
      st.module = new PyModule(key, stmts, st.text, this, old);
      // the modules that linked to the old one build their facts again from the new one's objects
      old.retired = true;
    }
    st.parsed = parsed;
    // the last error-free version, as `moduleFor` counts one: nothing Python rejects either (`st.errors`)
    st.good = parsed.recovered || st.errors.length ? undefined : parsed;
    st.fast = false;
    if (!parsed.recovered) st.isComment = (at) => commentAt(parsed, at);
    return 'prepared';
  }

  analyze(o: AnalyzeOptions): AnalysisResult {
    this.nextGeneration();
    const path = normalize(o.path);
    const language = detectLanguage(path, o.languageId);
    const result: AnalysisResult = { path: o.path, language, findings: [], syntaxErrors: [] };
    if (!language) return { ...result, skipped: 'not a file type nn-recipe analyses' };
    if (o.text.length > this.maxLength) {
      return { ...result, skipped: `the file is ${Math.round(o.text.length / 1e6)} MB, above the ${Math.round(this.maxLength / 1e6)} MB limit; such files are usually generated, not training code` };
    }
    if (looksBinary(o.text)) return { ...result, skipped: 'the file looks binary (it contains NUL bytes), not text' };
    if (language === 'python') {
      try {
        return this.analyzePython(path, o, result);
      } catch (err) {
        // recursion deeper than the stack (an expression nested thousands of levels, as only generated code has; Python
        // itself stops compiling at a few thousand): the file is skipped with a reason, and nothing of it is kept
        if (!isStackOverflow(err)) throw err;
        this.forget(path);
        return { ...result, skipped: TOO_DEEP };
      }
    }
    return this.analyzeOther(language, o, result);
  }

  /** TypeScript/JavaScript and YAML/JSON go to their own runners over the same rule settings. */
  private analyzeOther(language: Language, o: AnalyzeOptions, result: AnalysisResult): AnalysisResult {
    const runner = language === 'yaml' || language === 'json' ? runConfig : runTfjs;
    const lines = new LineIndex(o.text);
    const findings: Finding[] = [];
    const internalErrors: string[] = [];
    const severities = new Map<string, Severity | 'off'>();
    const testFile = isTestFile(o.path, language);
    const severityOf = (code: string): Severity | 'off' => {
      let s = severities.get(code);
      if (s === undefined) {
        const rule = RULES.find((r) => r.code === code);
        s = !rule || !rule.languages.includes(language) || !activeIn(rule, o.stage, testFile) ? 'off' : effectiveSeverity(rule, o.settings);
        severities.set(code, s);
      }
      return s;
    };
    let out;
    try {
      out = runner({
        path: o.path,
        language,
        text: o.text,
        lines,
        stage: o.stage,
        host: this.host,
        isEnabled: (code) => severityOf(code) !== 'off',
        report: (code, r) => {
          const rule = RULES.find((x) => x.code === code);
          const sev = severityOf(code);
          if (rule && sev !== 'off') findings.push(toFinding(rule, sev, r, o.path, lines));
        },
        internalError: (code, err) => internalErrors.push(`${code}: ${err instanceof Error ? err.message : String(err)}`),
      });
    } catch (err) {
      // recursion deeper than the stack: a value nested thousands of levels (generated files), not a fault of ours
      if (isStackOverflow(err)) return { ...result, skipped: TOO_DEEP };
      return { ...result, skipped: `internal error while analysing: ${err instanceof Error ? err.message : String(err)}`, internalErrors: [String(err)] };
    }
    const syntax = out.syntaxErrors.map((e) => ({ range: lines.range(e.from, e.to), message: e.message }));
    const isComment = out.isComment;
    const suppressions = findSuppressions(o.text, lines, (at) => isComment(at));
    const kept = reportable(findings, suppressions);
    return { ...result, findings: kept, syntaxErrors: syntax, ...(out.notApplicable ? { notApplicable: out.notApplicable } : {}), ...(internalErrors.length ? { internalErrors } : {}) };
  }

  /** The semantic model of a Python file: from the cache when its text did not change. */
  pythonModule(path: string, text: string): { module: PyModule; errors: { from: number; to: number }[] } {
    this.nextGeneration();
    return this.moduleFor(path, text);
  }

  private moduleFor(path: string, text: string, editing = false): PythonState {
    const key = normalize(path);
    const prev = this.python.get(key);
    if (prev && this.maxCachedFiles !== Infinity) {
      // most recently used last
      this.python.delete(key);
      this.python.set(key, prev);
    }
    if (prev && prev.text === text) {
      if (prev.checked === this.generation || this.depsUnchanged(prev.module)) {
        prev.checked = this.generation;
        return prev;
      }
      // A file it imports changed: rebuild the semantic layer (the parse and IR stay).
      prev.module = new PyModule(key, prev.module.stmts, text, this, prev.module);
      prev.checked = this.generation;
      return prev;
    }
    if (prev && this.fastParse) {
      const stretched = this.stretchEdit(key, prev, text);
      if (stretched) return stretched;
      // a version the stretch path does not take is parsed on from the last version's parse: brought up to date first
      if (prev.behind) {
        this.treeWanted.delete(key);
        this.readable(key, prev, () => this.catchUp(prev));
      }
    }
    const ir = prev?.ir ?? new ModuleIrCache();
    let parsed: ParsedPython | undefined;
    let stmts: Stmt[] | undefined;
    let errors: SyntaxSpan[] = [];
    let isComment: (offset: number) => boolean;
    // The fast path first for a file that is only checked (see AnalyzerOptions.fastParse); Lezer for text being
    // edited (its tree makes the next version cheap) and for what the fast path does not take. Where Lezer reports
    // errors, the fast path has the last word: Lezer 1.1.19 also reports some in valid code (long files of
    // docstrings), and the fast path takes only valid code.
    // An edited file's first version too: its findings come sooner, and `prepareForEdits` builds the tree later.
    // And an edited file's later versions while its tree is not built yet (they would cost a whole parse by Lezer).
    const fastFirst = this.fastParse && !prev?.parsed && (!editing || !prev || this.treeWanted.has(key));
    let fast = fastFirst ? fastParse(text) : undefined;
    // A syntax error typed before the tree of the last version was done: the tree is finished first (about what a
    // parse of this version would cost), so that the error is read against it and stays in its statements, below.
    if (fastFirst && !fast && editing && prev?.fast && this.treeWanted.has(key)) this.readable(key, prev, () => this.buildTree(key, prev, Infinity));
    let spliced: SplicedParse | undefined;
    try {
      // A syntax error typed in a document with an error-free version: read around it at once where the text is known
      // to have one (python/parse.ts, spliceIfBroken), without Lezer's parse of the whole file first
      if (!fast && editing && prev?.good) spliced = spliceIfBroken(prev.good, text);
      if (!fast && !spliced) {
        const from = prev?.good ?? prev?.parsed;
        parsed = parsePython(text, from, editing);
        // Where Lezer reports errors, try the fast path on a file's first version, and on later ones while it keeps
        // taking them: the errors of text being typed are real, and a failed try costs a pass over the file.
        // (and on every version of a file Lezer never read without errors: the errors may all be its own misreading)
        if (parsed.errors.length && !fastFirst && (!prev || prev.fast || !prev.good)) fast = fastParse(text);
        // An edit of a document that broke its syntax: the error is confined to the statements the text changed in
        // since its last error-free version (python/parse.ts, spliceParse); where that does not apply, a fresh parse.
        if (!fast && parsed.unverified) {
          spliced = from ? spliceParse(from, text) : undefined;
          // the stretch is valid Python that Lezer 1.1.19 misreads (`print = pprint`): the whole file through the fast
          // path, as a check of it reads it (a failed try costs a pass over the file, only here)
          if (spliced && fastParse(spliced.slice.text)) {
            fast = fastParse(text);
            if (fast) spliced = undefined;
          }
          if (!spliced && !fast) parsed = parsePython(text);
        }
      }
      if (fast) {
        stmts = fast.stmts;
        const { comments } = fast;
        isComment = (at) => inSpans(comments, at);
      } else if (spliced) {
        stmts = ir.buildSpliced(spliced.good, spliced.start, spliced.endOld, spliced.delta, spliced.slice);
        errors = spliced.errors;
        isComment = spliced.isComment;
        // the next version is parsed from the last error-free one
        parsed = spliced.good;
      } else {
        const p = parsed as ParsedPython;
        stmts = ir.build(p.tree, text, p.parsedText, p.recovered, p.builtIr);
        errors = p.errors;
        isComment = (at) => commentAt(p, at);
      }
    } catch (err) {
      // a text with errors Lezer cannot read whole (its tree of the whole file is corrupt or too deep): a piece at a
      // time, each error in its piece; the next version is parsed from the last error-free one
      if (!isUnreadable(err)) throw err;
      ({ stmts, errors, isComment } = readInPieces(text));
      fast = undefined;
      spliced = undefined;
      parsed = undefined;
    }
    // code both parsers take and CPython does not (`a or b = c`, `f(a=1, b)`: python/targets.ts)
    const rejected: SyntaxSpan[] = pythonRejects(stmts);
    // what CPython's tokenizer rejects and Lezer read without an error (an unterminated string, an unexpected indent:
    // python/lexical.ts); the fast parser takes none of it
    const lexical: LexicalError | undefined = fast || errors.length || rejected.length ? undefined : lexicalError(text);
    if (lexical) rejected.push(lexical);
    if (rejected.length) errors = [...errors, ...rejected].sort((a, b) => a.from - b.from);
    const module = new PyModule(key, stmts, text, this, prev?.module);
    // the last error-free version: no error node in Lezer's tree and nothing else Python rejects
    const good = fast ? undefined : spliced ? spliced.good : parsed && !parsed.recovered && !rejected.length ? parsed : prev?.good;
    const state: PythonState = { text, parsed, good, ir, module, errors, isComment, fast: fast !== undefined, checked: this.generation };
    this.python.set(key, state);
    if (editing && fastFirst && fast) {
      if (!this.treeWanted.has(key)) this.treeWanted.set(key, undefined);
    } else this.treeWanted.delete(key);
    for (const old of this.python.keys()) {
      if (this.python.size <= this.maxCachedFiles) break;
      this.drop(old);
    }
    return state;
  }

  /** Drops a file from the cache (`maxCachedFiles`, `LIGHTLY_USED`). */
  private drop(key: string): void {
    this.python.delete(key);
    this.clean.delete(key);
    this.lightlyUsed.delete(key);
  }

  /** A file analysed: with a bounded cache, the newest lightly used file; the oldest beyond `LIGHTLY_USED` are dropped. */
  private checked(key: string): void {
    if (this.maxCachedFiles === Infinity || (this.importers.get(key)?.length ?? 0) >= 2) return;
    this.lightlyUsed.delete(key);
    this.lightlyUsed.add(key);
    for (const old of this.lightlyUsed) {
      if (this.lightlyUsed.size <= LIGHTLY_USED) break;
      if (old !== key) this.drop(old);
    }
  }

  /** A file imported: with a bounded cache, a second importer keeps it among the least recently used. */
  private importedBy(key: string, importer: string): void {
    if (this.maxCachedFiles === Infinity) return;
    let importers = this.importers.get(key);
    if (!importers) this.importers.set(key, (importers = []));
    if (importers.length < 2 && !importers.includes(importer)) importers.push(importer);
    if (importers.length >= 2) this.lightlyUsed.delete(key);
  }

  /**
   * A new version of an error-free file read by its last version and the fast path, without Lezer: the top-level
   * statements the change touches (see `stretchAround`) are parsed alone, the others are the last version's, those
   * after the change moved where they are now (as `ModuleIrCache` moves them). Undefined when that does not apply:
   * the last version had errors, or its IR is Lezer's reading of a tree with errors; the fast path does not take the
   * stretch (a syntax error being typed, code it leaves to Lezer); something Python rejects is in it; mixed line
   * endings; the change spans the whole file.
   *
   * The stretch is read as a parse of the whole text would read it: the statements before it end before it and are
   * unchanged; it starts a line, at no indentation and not in a statement's body (else it starts earlier); the text
   * from its end on is the last version's, and a stretch whose end would run on into it (an open bracket or string, a
   * line continuation, a decorator or a header without its body) is not valid alone, so not taken. The fast path and
   * Lezer give the same IR (test/unit/fastparse*.test.ts), and the next version Lezer reads is parsed on from its last
   * parse (`catchUp`).
   */
  private stretchEdit(key: string, prev: PythonState, text: string): PythonState | undefined {
    if (prev.errors.length || (!prev.fast && (!prev.parsed || prev.parsed.recovered))) return undefined;
    // the fast path takes a file with CRLF endings only when every line ends so
    if (text.includes('\r') && /\r(?!\n)|(?<!\r)\n/.test(text)) return undefined;
    const change = diffRange(prev.text, text);
    const tops = prev.module.stmts;
    const at = change && stretchAround(tops, prev.text, text, change);
    if (!at) return undefined;
    // a line continuation at either end joins the stretch to the statement before or after it (both parsers take a
    // text that ends in one, as if the line after it were blank)
    if (continuedAt(text, at.start) || continuedAt(text, at.endNew)) return undefined;
    const fast = fastParse(text.slice(at.start, at.endNew));
    if (!fast || pythonRejects(fast.stmts).length) return undefined;
    const stmts: Stmt[] = [];
    const moved = new Set<Stmt>();
    let i = 0;
    for (; i < tops.length && tops[i].from < at.start; i++) stmts.push(tops[i]);
    for (const s of fast.stmts) {
      shiftSpans(s, at.start);
      stmts.push(s);
    }
    while (i < tops.length && tops[i].from < at.endOld) i++;
    for (; i < tops.length; i++) {
      const s = tops[i];
      if (at.delta) shiftSpans(s, at.delta);
      moved.add(s);
      stmts.push(s);
    }
    prev.ir.moved(moved, at.delta);
    const module = new PyModule(key, stmts, text, this, prev.module);
    const isComment = splicedComments(prev.isComment, at, fast.comments);
    const state: PythonState = { text, parsed: prev.parsed, good: prev.good, ir: prev.ir, module, errors: [], isComment, fast: prev.fast, checked: this.generation };
    // Lezer's tree, when the file has one, is brought up to date when the caller is idle (a parse under way for an
    // earlier version goes on, and then the rest of the way)
    if (prev.parsed && !prev.parsed.recovered) {
      state.behind = true;
      if (!this.treeWanted.has(key)) this.treeWanted.set(key, undefined);
    }
    this.python.set(key, state);
    return state;
  }

  /**
   * Runs work that builds Lezer's tree of a version without errors (`buildTree`, `catchUp`). Where Lezer cannot read
   * that text (its tree after a misreading recovery is corrupt or too deep, see `readInPieces`), the version stays on
   * the fast path's reading, with no tree to parse on from: undefined.
   */
  private readable<T>(key: string, st: PythonState, work: () => T): T | undefined {
    try {
      return work();
    } catch (err) {
      if (!isUnreadable(err)) throw err;
      this.treeWanted.delete(key);
      st.behind = undefined;
      st.parsed = undefined;
      st.good = undefined;
      st.fast = true;
      return undefined;
    }
  }

  /** `catchUp` as idle work: Lezer's parse run until `deadline`, and on from there by the next call. */
  private catchUpSliced(key: string, st: PythonState, deadline: number): PrepareOutcome {
    const from = st.good ?? st.parsed;
    const kept = this.treeWanted.get(key);
    const job = kept && kept.previous === from ? kept : new ParseJob(st.text, from);
    const done = job.advance(deadline);
    if (!done) {
      this.treeWanted.set(key, job);
      return 'working';
    }
    this.treeWanted.delete(key);
    // edited (through the stretch path) while it ran: on from this parse, the rest of the way
    this.catchUp(st, done.text === st.text ? done : parsePython(st.text, done.recovered ? from : done));
    return 'prepared';
  }

  /**
   * Brings a version read by the stretch path to what the last version's path would have made of it: Lezer's parse
   * of its text, parsed on from the earlier one (a tree with errors in this error-free text is Lezer misreading it:
   * the fast path's reading stays, as `moduleFor` keeps it).
   */
  private catchUp(st: PythonState, done?: ParsedPython): void {
    const from = st.good ?? st.parsed;
    st.behind = undefined;
    if (!from) return;
    const parsed = done ?? parsePython(st.text, from);
    st.parsed = parsed;
    if (parsed.recovered) {
      // as `moduleFor` keeps such a version: no error-free parse of it to read the next version with errors from
      st.fast = true;
      st.good = undefined;
      return;
    }
    st.good = parsed;
    st.fast = false;
    st.isComment = (at) => commentAt(parsed, at);
    st.ir.seed(parsed.tree, parsed.parsedText, st.module.stmts);
  }

  /**
   * Whether every file a module's analysis read is as it was, and, transitively, every file those modules read
   * (a base class in blocks.py seen through model.py): a module's memos hold facts from all of them.
   */
  private depsUnchanged(m: PyModule, seen = new Set<PyModule>()): boolean {
    if (!this.host || seen.has(m)) return true;
    seen.add(m);
    // a module it linked to was superseded (its objects, which this module's memos may hold, moved to the new one)
    for (const t of m.linked) if (t.retired) return false;
    for (const [p, t] of m.deps) {
      if (this.host.readFile(p) !== t) return false;
      const dep = t === undefined ? undefined : this.python.get(p);
      if (dep && dep.text === t && !this.depsUnchanged(dep.module, seen)) return false;
    }
    return true;
  }

  /**
   * The project files the analysis of a Python file read through the host, with the text read (undefined: no such
   * file): the files it imports and, transitively, the files those read. With its own text, the settings and the
   * stage, they are everything the file's findings depend on. Undefined when the file is not a Python file this
   * analyzer holds (not analysed, or dropped from its cache).
   */
  dependencies(path: string): Map<string, string | undefined> | undefined {
    const st = this.python.get(normalize(path));
    if (!st) return undefined;
    const out = new Map<string, string | undefined>();
    for (const m of [st.module, ...linkedClosure(st.module)]) for (const [p, t] of m.deps) if (!out.has(p)) out.set(p, t);
    return out;
  }

  // ModuleLinker: find the project file a dotted import names, and the definition in it. Rules ask for the same
  // names many times: the answers are kept for the current generation.
  /** Whether a module of the project this Analyzer parsed has a syntax error within a span (for facts read across files). */
  syntaxErrorIn(m: PyModule, span: { from: number; to: number }): boolean {
    const st = this.python.get(normalize(m.path));
    return !st || st.module !== m || st.errors.some((e) => e.from < span.to && e.to > span.from);
  }

  /** ModuleLinker: a library's names never lead to a project file (see `link`). */
  neverLinks(qname: string): boolean {
    const { level, parts } = dotted(qname);
    return level === 0 && (parts.length < 2 || LIBRARIES.has(parts[0]));
  }

  resolve(from: PyModule, qname: string): Link {
    const cache = this.linkCache(from);
    if (cache.has(qname)) return cache.get(qname);
    const link = this.link(from, qname, 0, from);
    cache.set(qname, link);
    return link;
  }

  /** The links a module asked for in this generation, by what it asked (`resolve`'s names, `moduleOf`'s modules). */
  private linkCache(from: PyModule): Map<string, Link> {
    let cache = LINKS.get(from);
    if (!cache || cache.generation !== this.generation) LINKS.set(from, (cache = { generation: this.generation, byName: new Map() }));
    return cache.byName;
  }

  /** `owner` is the module whose analysis asked: every file read on the way is one of its dependencies. */
  private link(from: PyModule, qname: string, depth: number, owner: PyModule): Link {
    if (!this.host || depth > 4) return undefined;
    const { level, parts } = dotted(qname);
    if (parts.length < 2 && level === 0) return undefined;
    if (level === 0 && LIBRARIES.has(parts[0])) return undefined;
    const name = parts[parts.length - 1];
    const target = this.findModule(from, level, parts.slice(0, -1), owner);
    if (!target) return undefined;
    if (target.scope.classes.has(name) || target.scope.functions.has(name)) return { module: target, name };
    // a package re-exporting the name: `from .resnet import ResNet` in __init__.py
    const reexport = target.scope.imports.get(name);
    if (reexport) return this.link(target, reexport, depth + 1, owner);
    // … or re-exporting all of a module of its own: `from .modeling import *` (the last one first, as Python binds)
    const stars = target.starImports();
    for (let i = stars.length - 1; i >= 0; i--) {
      const found = this.link(target, starName(stars[i], name), depth + 1, owner);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * ModuleLinker: the project module a dotted module name names from `from` (`.unet_parts`, `models.resnet`), for a
   * star import; kept for the generation, as `resolve`'s answers.
   */
  moduleOf(from: PyModule, name: string): PyModule | undefined {
    const cache = this.linkCache(from);
    const key = `module ${name}`;
    if (cache.has(key)) return cache.get(key)?.module;
    const { level, parts } = dotted(name);
    const found = level > 0 || (parts.length && !LIBRARIES.has(parts[0])) ? this.findModule(from, level, parts, from) : undefined;
    cache.set(key, found && { module: found, name: '' });
    return found;
  }

  /**
   * The project file a module name (its parts after `level` leading dots) names from `from`: the first readable one of
   * the candidates, as Python's import would take it. Every file read is a dependency of `from` and of `owner`.
   */
  private findModule(from: PyModule, level: number, modParts: readonly string[], owner: PyModule): PyModule | undefined {
    if (!this.host) return undefined;
    const dir = dirname(from.path);
    const roots: string[] = [];
    if (level > 0) {
      let d = dir;
      for (let i = 1; i < level; i++) d = dirname(d);
      roots.push(d);
    } else {
      // the importing file's folder and its ancestors (a script run from the project root)
      let d = dir;
      for (let i = 0; i < 4 && d; i++) {
        roots.push(d);
        const up = dirname(d);
        if (up === d) break;
        d = up;
      }
      // and the folders the file adds to the import path itself (`sys.path.insert(0, …)`, `import _init_paths`)
      for (const r of this.addedRoots(from, owner)) if (!roots.includes(r)) roots.push(r);
    }
    for (const root of roots) {
      const base = [root, ...modParts].join('/');
      for (const candidate of modParts.length ? [base + '.py', base + '/__init__.py'] : [root + '/__init__.py']) {
        const target = this.readModule(from, owner, candidate);
        if (target) return target;
      }
    }
    return undefined;
  }

  /**
   * The module of a project file `from` looks for (undefined: none, or not Python text to analyse; `wanted` can turn
   * a text down before it is parsed). The file is a dependency of `from` and of `owner` either way.
   */
  private readModule(from: PyModule, owner: PyModule, path: string, wanted?: (text: string) => boolean): PyModule | undefined {
    if (!this.host || path === from.path) return undefined;
    const text = this.host.readFile(path);
    from.deps.set(path, text);
    if (owner !== from) owner.deps.set(path, text);
    if (text === undefined || text.length > this.maxLength || looksBinary(text) || (wanted && !wanted(text))) return undefined;
    const target = this.moduleFor(path, text).module;
    this.importedBy(path, from.path);
    from.linked.add(target);
    if (owner !== from) owner.linked.add(target);
    return target;
  }

  /**
   * The folders a module adds to the import path when it runs (python/import-roots.ts): by its own code, and by the
   * modules of its folder it imports for that (`import _init_paths`, whose code does it when imported). Kept for the
   * generation; the files read on the way are dependencies of the module and of `owner`.
   */
  private addedRoots(from: PyModule, owner: PyModule): string[] {
    const kept = ROOTS.get(from);
    if (kept && kept.generation === this.generation) return kept.roots;
    // (reading the file's code may link again, through a star import: those links see no added folders)
    ROOTS.set(from, { generation: this.generation, roots: [] });
    const roots = addedImportRoots(from);
    const dir = dirname(from.path);
    for (const s of from.stmts) {
      if (s.k !== 'import') continue;
      for (const n of s.names) {
        if (n.alias || n.module.includes('.') || LIBRARIES.has(n.module)) continue;
        const helper = this.readModule(from, owner, `${dir}/${n.module}.py`, (text) => /sys\.path|addsitedir/.test(text));
        if (helper) for (const r of addedImportRoots(helper)) if (!roots.includes(r)) roots.push(r);
      }
    }
    ROOTS.set(from, { generation: this.generation, roots });
    return roots;
  }

  private analyzePython(path: string, o: AnalyzeOptions, result: AnalysisResult): AnalysisResult {
    const state = this.moduleFor(path, o.text, o.editing);
    this.checked(normalize(path));
    // The same version analysed again with the same options (the editor re-checks every open file when one is
    // edited; the stages sidebar assesses every file after a save): the last findings, when nothing they depend on
    // changed.
    const key = JSON.stringify([o.path, o.languageId ?? null, o.stage ?? null, o.settings ?? null]);
    const kept = state.kept;
    if (kept && kept.key === key && kept.module === state.module && this.linksCurrent(kept.linked)) return copyResult(kept.result);
    const out = this.runPythonRules(state, o, result, o.editing ? this.cleanFor(path, key) : undefined);
    state.kept = { key, module: state.module, linked: linkedClosure(state.module), result: out };
    if (o.editing && !state.errors.length) this.clean.set(path, { text: o.text, key, linked: state.kept.linked, findings: out.findings });
    return copyResult(out);
  }

  /** The file's last analysis without syntax errors, if it was made with these options and what it linked to is current. */
  private cleanFor(path: string, key: string): CleanAnalysis | undefined {
    const clean = this.clean.get(path);
    return clean && clean.key === key && this.linksCurrent(clean.linked) ? clean : undefined;
  }

  /**
   * Whether modules reached through links are still the ones a new analysis would reach: the file at each path has
   * the same text, and nothing it imports changed (`moduleFor`, as the links themselves ask, keeps the module then).
   */
  private linksCurrent(linked: PyModule[]): boolean {
    for (const t of linked) {
      if (t.retired) return false;
      const text = this.host?.readFile(t.path);
      if (text === undefined || text !== t.text || this.moduleFor(t.path, text).module !== t) return false;
    }
    return true;
  }

  private runPythonRules(state: PythonState, o: AnalyzeOptions, result: AnalysisResult, clean?: CleanAnalysis): AnalysisResult {
    const { module, errors } = state;
    const testFile = isTestModule(module);
    /** The rules that stayed quiet because the file has a syntax error somewhere (`hasSyntaxErrorIn()`). */
    const quiet = new Set<string>();
    const lines = new LineIndex(o.text);
    const syntax: ParseProblem[] = errors.map((e) => ({ range: lines.range(e.from, Math.max(e.to, e.from)), message: e.message ?? 'syntax error' }));
    const findings: Finding[] = [];
    const internalErrors: string[] = [];
    for (const rule of RULES) {
      if (!rule.checkPython || !rule.languages.includes('python')) continue;
      const severity = effectiveSeverity(rule, o.settings);
      if (severity === 'off') continue;
      if (!activeIn(rule, o.stage, testFile)) continue;
      const ctx: PythonRuleContext = {
        path: o.path,
        text: o.text,
        lines,
        stage: o.stage,
        module,
        source: (e) => o.text.slice(e.from, e.to),
        hasSyntaxErrorIn: (span) => {
          if (span) return errors.some((e) => e.from < span.to && e.to >= span.from);
          if (errors.length) quiet.add(rule.code);
          return errors.length > 0;
        },
        report: (r) => findings.push(toFinding(rule, severity, r, o.path, lines)),
      };
      try {
        rule.checkPython(ctx);
      } catch (err) {
        internalErrors.push(`${rule.code}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (clean && quiet.size) findings.push(...carried(clean, o.text, quiet));
    const suppressions = findSuppressions(o.text, lines, state.isComment);
    const kept = reportable(findings, suppressions);
    return { ...result, findings: kept, syntaxErrors: syntax, ...(internalErrors.length ? { internalErrors } : {}) };
  }
}

/**
 * While a file being edited has a syntax error, the rules about the whole file (NR201 and the like: is a seed set
 * anywhere) stay quiet, as the part that cannot be read might hold what they look for. Without more, each of their
 * findings would go away at every keystroke that leaves an error (`x.` on the way to `x.train()`) and come back at
 * the next: a flicker far from where the user types. So the findings those rules gave the file's last version
 * without errors are kept, as they were, until it parses again, where every part of them (range, fixes, related
 * locations in the file) lies before where the text changed since, and stays where it was, or on a line after the
 * last line the change touched, and moves by whole lines; and whose fixes edit this file only. The rest go, as before.
 */
function carried(clean: CleanAnalysis, text: string, quiet: ReadonlySet<string>): Finding[] {
  const change = diffRange(clean.text, text);
  if (!change) return [];
  const old = new LineIndex(clean.text);
  const at = old.position(change.fromA);
  const lastLine = old.position(change.toA).line;
  // the old text from this offset on is on the lines after the change, in the new text `delta` later
  const after = lastLine + 1 < old.lineCount ? old.lineStart(lastLine + 1) : Infinity;
  const delta = change.toB - change.toA;
  const now = new LineIndex(text);
  const lines = now.position(change.toB).line - lastLine;
  const offset = (from: number, to: number): number | undefined => (to <= change.fromA ? 0 : from >= after ? delta : undefined);
  const range = (r: Range): Range | undefined => {
    if (r.end.line < at.line || (r.end.line === at.line && r.end.character <= at.character)) return r;
    if (r.start.line <= lastLine) return undefined;
    return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
  };
  const out: Finding[] = [];
  for (const f of clean.findings) {
    if (!quiet.has(f.code)) continue;
    const moved = offset(f.offsets.start, f.offsets.end);
    if (moved === undefined) continue;
    const fixes = f.fixes.map((x) => {
      if (x.path !== undefined) return undefined;
      const edits: TextEdit[] = [];
      for (const e of x.edits) {
        const d = offset(e.start, e.end);
        if (d === undefined) return undefined;
        edits.push({ ...e, start: e.start + d, end: e.end + d });
      }
      return { ...x, edits };
    });
    const related = f.related.map((x) => {
      if (x.path !== f.path) return x;
      const rr = range(x.range);
      return rr ? { ...x, range: rr } : undefined;
    });
    if (fixes.some((x) => x === undefined) || related.some((x) => x === undefined)) continue;
    const offsets = { start: f.offsets.start + moved, end: f.offsets.end + moved };
    out.push(structuredClone({ ...f, range: now.range(offsets.start, offsets.end), offsets, fixes: fixes as Fix[], related: related as RelatedLocation[] }));
  }
  return out;
}

/**
 * The findings to report, in the order of the file: those not suppressed, each once (two paths of a rule to the same
 * mistake, such as an epoch loop and its batch loop reaching one helper, give one diagnostic, not two alike).
 */
function reportable(findings: Finding[], suppressions: ReturnType<typeof findSuppressions>): Finding[] {
  const seen = new Set<string>();
  const kept = findings.filter((f) => {
    if (suppressions.isSuppressed(f.code, f.range.start.line)) return false;
    const key = `${f.code}\0${f.offsets.start}\0${f.offsets.end}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return kept.sort((a, b) => a.offsets.start - b.offsets.start || a.code.localeCompare(b.code));
}

/** Recursion deeper than the stack (V8's `RangeError`; not its other range errors, which are faults). */
function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

/**
 * `isComment` of a version read by the stretch path: the last version's before and after the stretch (moved), the
 * stretch's own comments inside it. Made here, not in `stretchEdit`, so that the function holds nothing else (the
 * texts of the versions before); each version's holds the last one's, until `catchUp` or the tree's build replaces it.
 */
function splicedComments(before: (at: number) => boolean, at: { start: number; endNew: number; delta: number }, comments: readonly Span[]): (at: number) => boolean {
  const { start, endNew, delta } = at;
  return (p) => (p < start ? before(p) : p < endNew ? inSpans(comments, p - start) : before(p - delta));
}

function toFinding(rule: Rule, severity: Severity, r: ReportInput, path: string, lines: LineIndex): Finding {
  const otherLines = new Map<string, LineIndex>();
  const linesFor = (text: string, p: string): LineIndex => {
    let li = otherLines.get(p);
    if (!li) otherLines.set(p, (li = new LineIndex(text)));
    return li;
  };
  return {
    code: rule.code,
    name: rule.name,
    message: r.message,
    severity,
    path,
    range: lines.range(r.span.from, r.span.to),
    offsets: { start: r.span.from, end: r.span.to },
    fixes: (r.fixes ?? []).map((f) => ({
      title: f.title,
      safety: f.safety ?? (rule.fixSafety === 'none' ? 'suggestion' : rule.fixSafety),
      edits: f.edits,
      ...(f.path ? { path: f.path } : {}),
    })),
    related: (r.related ?? []).map((rel) => ({
      path: rel.module?.path ?? path,
      range: (rel.module ? linesFor(rel.module.text, rel.module.path) : lines).range(rel.span.from, rel.span.to),
      message: rel.message,
    })),
    tags: r.tags ?? [],
    stage: rule.stage,
    tip: rule.tip,
  };
}

/** Stage-aware rules run only when the project's stage is known and is one of theirs. */
function activeIn(rule: Rule, stage: number | undefined, testFile: boolean): boolean {
  if (rule.activeInStages && testFile) return false;
  return !rule.activeInStages || (stage !== undefined && rule.activeInStages.includes(stage));
}

/**
 * Test files (`*.test.ts`, `__tests__/`; for Python, `isTestModule`: pytest's `test_*.py`, `tests/`): a test that fits
 * a model is not a training run, so the stage-aware rules, the recipe's advice for the run (weight decay, early
 * stopping, a baseline learning rate, a longer budget), leave them alone, as the stage assessment does.
 */
function isTestFile(path: string, language: Language): boolean {
  return (language === 'typescript' || language === 'javascript') && isJsTestFile(path);
}

/** Every module reached from `m` through links, at any depth (`m` itself not included). */
function linkedClosure(m: PyModule): PyModule[] {
  const seen = new Set<PyModule>([m]);
  const out: PyModule[] = [];
  const visit = (x: PyModule): void => {
    for (const t of x.linked) {
      if (seen.has(t)) continue;
      seen.add(t);
      out.push(t);
      visit(t);
    }
  };
  visit(m);
  return out;
}

/** A result handed out: its own lists (the kept one is not changed by whoever gets it). */
function copyResult(r: AnalysisResult): AnalysisResult {
  return { ...r, findings: r.findings.slice(), syntaxErrors: r.syntaxErrors.slice() };
}

/** A dotted module name (`..models.resnet`): its leading dots and its parts (kept: every file asks for the same few). */
const dotted = memoByName(10_000, (name): { level: number; parts: readonly string[] } => {
  let level = 0;
  while (name.charCodeAt(level) === 46) level++; // leading dots
  return { level, parts: name.slice(level).split('.').filter(Boolean) };
});

function normalize(p: string): string {
  return p.replace(/\\/g, '/');
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

/** NUL characters in the first 8 KB: a binary file decoded as text. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

/** One-shot analysis with a fresh analyzer. */
export function analyze(o: AnalyzeOptions & { host?: ProjectHost }): AnalysisResult {
  return new Analyzer({ host: o.host }).analyze(o);
}

export type { Language };

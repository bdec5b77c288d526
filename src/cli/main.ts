// The `nn-recipe` command line: the same engine as the editor, for terminals and CI.
//   nn-recipe check [paths…] [--format text|json|sarif] [--select …] [--ignore …] [--fix] [--unsafe-fixes] [--stage N]
//   nn-recipe rule NR204
//   nn-recipe stage [path] [--format text|json]
import { existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'path';
import {
  type AnalysisResult,
  type Evidence,
  type Finding,
  type FixSafety,
  PROJECT_FILE,
  RULES,
  type RuleSettings,
  detectLanguage,
  effectiveSeverity,
  fileEvidence,
  withoutUncalled,
  fixAll,
  getRule,
  inferStage,
  loadProjectFile,
  mergeSettings,
  ruleHelpMarkdown,
  unknownSelectors,
} from '../engine';
import { type FileOutcome, checkFiles, isCheckWorker, newAnalyzer, pythonDependencies } from './parallel';
import { CACHE_DIR, type FileEvidence, type KeptResults, checkResults, evidenceResults } from './cache';
import { UsageError, forEachArg } from './args';
import { type ReadResult, decode, readText } from './read';
import { toSarif } from './sarif';
import { runStage } from './stage';
import { walk } from './walk';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Standard input, read whole (`check -`). */
  stdin?: () => Buffer;
}

declare const NN_RECIPE_VERSION: string | undefined;
const VERSION = typeof NN_RECIPE_VERSION === 'string' ? NN_RECIPE_VERSION : '0.0.0-dev';

const USAGE = `nn-recipe ${VERSION}: checks neural-network training code against the training recipe.

Usage:
  nn-recipe check [paths…]     check files and folders (default: the current folder); - reads standard input
  nn-recipe rule <code|name>   print a rule's documentation
  nn-recipe rules              list every rule
  nn-recipe stage [path]       where the project stands in the recipe

Options for check:
  --format text|json|sarif     output format (default text)
  --select CODES               only these rules (codes or prefixes, comma-separated: NR2,NR101)
  --ignore CODES               turn these rules off
  --stage N|auto               check as if the project were in stage N (1-6), or in the stage inferred
                               from the code; default: the stage pinned in ${PROJECT_FILE}, if any
  --fix                        apply safe fixes
  --unsafe-fixes               with --fix, also apply unsafe fixes
  --exclude PATTERNS           extra excludes (folder names or .gitignore patterns, comma-separated)
  --no-project-file            do not read ${PROJECT_FILE}
  --output FILE                write the report to FILE instead of standard output
  --jobs N                     threads to check on (default: by project size, all cores but one at most)
  --stdin-filename PATH        with -: the path of the text read from standard input (its language, the folder
                               its imports are looked up from, the name in the report; default: Python, shown as -)
                               With - and --fix, the fixed text goes to standard output and the report to
                               standard error.
  --cache                      keep results between runs in ${CACHE_DIR}/ (beside ${PROJECT_FILE}, or in the
                               current folder): an unchanged file whose imports are unchanged is not analysed again
  --cache-dir DIR              keep them in DIR (implies --cache)
Exit codes: 0 no findings, 1 findings, 2 usage or I/O error.`;

interface CheckOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  select?: string[];
  ignore?: string[];
  stage?: number;
  /** `--stage auto`: infer the stage from the files, as the sidebar does. */
  inferStage?: boolean;
  fix: boolean;
  unsafeFixes: boolean;
  exclude: string[];
  projectFile: boolean;
  output?: string;
  jobs?: number;
  /** `--cache`/`--cache-dir`: where to keep results between runs ('' = the default place). */
  cacheDir?: string;
  stdinFilename?: string;
}

function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseCheckArgs(args: string[]): CheckOptions {
  const o: CheckOptions = { paths: [], format: 'text', fix: false, unsafeFixes: false, exclude: [], projectFile: true };
  forEachArg(args, (flag, value, a) => {
    switch (flag) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}" (text, json or sarif)`);
        o.format = f;
        break;
      }
      case '--select':
        o.select = [...(o.select ?? []), ...list(value())];
        break;
      case '--ignore':
        o.ignore = [...(o.ignore ?? []), ...list(value())];
        break;
      case '--exclude':
        o.exclude.push(...list(value()));
        break;
      case '--stage': {
        const v = value();
        if (v === 'auto') {
          o.inferStage = true;
          break;
        }
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 6) throw new UsageError(`--stage takes a stage from 1 to 6 or auto, not "${v}"`);
        o.stage = n;
        break;
      }
      case '--fix':
        o.fix = true;
        break;
      case '--unsafe-fixes':
        o.unsafeFixes = true;
        break;
      case '--no-project-file':
        o.projectFile = false;
        break;
      case '--output':
        o.output = value();
        break;
      case '--jobs': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs takes a number of threads (1 or more), not "${v}"`);
        o.jobs = n;
        break;
      }
      case '--cache':
        o.cacheDir ??= '';
        break;
      case '--stdin-filename':
        o.stdinFilename = value();
        break;
      case '--cache-dir': {
        const v = value();
        if (!v) throw new UsageError('--cache-dir takes a folder');
        o.cacheDir = v;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        o.paths.push(a);
    }
  });
  if (o.unsafeFixes && !o.fix) throw new UsageError('--unsafe-fixes goes with --fix');
  if (o.paths.includes('-')) {
    if (o.paths.length > 1) throw new UsageError('- (standard input) is checked on its own, not with other paths');
    if (o.output) throw new UsageError('--output goes with files, not with - (standard input)');
  } else if (o.stdinFilename !== undefined) throw new UsageError('--stdin-filename goes with - (standard input)');
  const bad = unknownSelectors([...(o.select ?? []), ...(o.ignore ?? [])], RULES);
  if (bad.length) throw new UsageError(`unknown rule code or prefix: ${bad.join(', ')} (see \`nn-recipe rules\`)`);
  return o;
}

/** The nearest folder at or above `start` that holds the project file. */
export function findProjectRoot(start: string): string | undefined {
  let d = start;
  for (;;) {
    if (existsSync(join(d, PROJECT_FILE))) return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

async function check(args: string[], io: CliIO): Promise<number> {
  const o = parseCheckArgs(args);
  // `check -`: the text comes from standard input, as if it were the file `--stdin-filename` names
  const stdinPath = o.paths[0] === '-' ? resolve(io.cwd, o.stdinFilename ?? 'stdin.py') : undefined;
  const roots = stdinPath ? [stdinPath] : (o.paths.length ? o.paths : ['.']).map((p) => (isAbsolute(p) ? p : resolve(io.cwd, p)));
  let exit = 0;
  const errors: string[] = [];
  const fail = (msg: string): void => {
    errors.push(msg);
    io.stderr(msg + '\n');
    exit = 2;
  };
  const display = (abs: string): string => {
    if (abs === stdinPath && o.stdinFilename === undefined) return '-';
    const r = relative(io.cwd, abs);
    return toPosix(r && !r.startsWith('..') ? r : abs);
  };

  // Project settings: the project file, then the command line.
  let projectSettings: RuleSettings | undefined;
  let projectStage: number | undefined;
  let ticks: Record<string, unknown> = {};
  let projectRoot: string | undefined;
  if (o.projectFile) {
    const first = roots[0];
    const start = existsSync(first) && statSync(first).isDirectory() ? first : dirname(first);
    const root = (projectRoot = findProjectRoot(start));
    if (root) {
      const path = join(root, PROJECT_FILE);
      const read = readText(path);
      if (!read.ok) fail(`${display(path)}: ${read.reason}`);
      else {
        const pf = loadProjectFile(read.text);
        for (const p of pf.problems) fail(`${display(path)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`);
        if (!pf.problems.length) {
          projectSettings = pf.settings;
          projectStage = pf.stage;
          ticks = pf.ticks;
        }
      }
    }
  }
  const settings = mergeSettings(projectSettings, { select: o.select, ignore: o.ignore });
  let stage = o.stage ?? projectStage;

  // Files: named files always; folders walked.
  const files: string[] = [];
  let shared: ReturnType<typeof newAnalyzer> | undefined;
  if (stdinPath) {
    let read: ReadResult;
    try {
      read = decode((io.stdin ?? (() => readFileSync(0)))());
    } catch (err) {
      read = { ok: false, reason: `standard input cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
    if (!read.ok) fail(`${display(stdinPath)}: ${read.reason}`);
    else {
      shared = newAnalyzer();
      shared.cache.provide(toPosix(stdinPath), read);
      files.push(stdinPath);
    }
  }
  // (the folders the walk lists are handed to the file cache: imports are looked up in them without listing them again)
  const listings: [string, readonly string[]][] = [];
  for (const r of stdinPath ? [] : roots) {
    if (!existsSync(r)) {
      fail(`${display(r)}: no such file or folder`);
      continue;
    }
    if (statSync(r).isDirectory()) files.push(...walk(r, o.exclude, (dir, names) => listings.push([dir, names])));
    else files.push(r);
  }
  if (listings.length) {
    shared ??= newAnalyzer();
    for (const [dir, names] of listings) shared.cache.knowListing(toPosix(dir), names);
  }

  // `--stage auto` with no pinned stage: infer it from the files' evidence, as the sidebar does. Without it,
  // stage-aware rules run only in a pinned or given stage (the inference is a guess). The files are read and
  // parsed once: the check reuses this analyzer.
  let inferred = false;
  // The result cache (--cache): files whose kept result still holds are not analysed again. `--fix` checks every
  // file (a fix changes the files it is computed from).
  const cacheDir = o.cacheDir !== undefined && !o.fix && !stdinPath ? resolve(io.cwd, o.cacheDir || join(projectRoot ?? io.cwd, CACHE_DIR)) : undefined;
  const cacheWarnings = new Set<string>();
  const noteDiscarded = (kept: KeptResults<unknown> | undefined): void => {
    if (kept?.discarded) io.stderr(`nn-recipe: the cache ${display(kept.file)} was not used (${kept.discarded}); it is written anew\n`);
  };
  if (stage === undefined && o.inferStage && files.length && RULES.some((r) => r.activeInStages && effectiveSeverity(r, settings) !== 'off')) {
    const keptEvidence = cacheDir === undefined ? undefined : evidenceResults(cacheDir);
    noteDiscarded(keptEvidence);
    const { evidence, training } = projectEvidence(files, (shared ??= newAnalyzer()), keptEvidence);
    stage = inferStage(evidence, ticks, training).stage;
    inferred = true;
    const warning = keptEvidence?.save();
    if (warning) cacheWarnings.add(warning);
  }

  const results: { path: string; result: AnalysisResult }[] = [];
  const allowed: FixSafety[] = o.unsafeFixes ? ['safe', 'unsafe'] : ['safe'];
  let fixedCount = 0;
  let fixedFiles = 0;
  // `check - --fix`: the fixed text goes to standard output, the report to standard error (as Ruff does it).
  const stdinFix = !!stdinPath && o.fix;
  const print = (t: string): void => (stdinFix ? io.stderr(t) : io.stdout(t));
  // Text reports stream: each file's findings are printed as soon as it and the files before it are checked.
  const stream = o.format === 'text' && !o.output;
  const textLine = (f: Finding, file: string): string =>
    `${display(file)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.code} ${f.message}${f.fixes.some((x) => x.safety === 'safe') ? ' [*]' : ''}`;
  const report = (file: string, r: FileOutcome): void => {
    if (r.unreadable !== undefined) return fail(`${display(file)}: ${r.unreadable}`);
    if (r.note) io.stderr(`${display(file)}: ${r.note}\n`);
    if (r.fixError) fail(`${display(file)}: ${r.fixError}`);
    if (r.fixed) {
      fixedCount += r.fixed;
      fixedFiles++;
    }
    const result = r.result as AnalysisResult;
    if (result.skipped) {
      // A file the user named explicitly that we cannot analyse is worth a line; walked files are skipped quietly
      // unless they were meant to be checked (binary or huge Python files).
      if (result.language) io.stderr(`${display(file)}: skipped: ${result.skipped}\n`);
      return;
    }
    if (result.internalErrors?.length) io.stderr(`${display(file)}: internal error in ${result.internalErrors.join('; ')} (please report it)\n`);
    if (result.syntaxErrors.length) {
      const first = result.syntaxErrors[0];
      const what = first.message === 'syntax error' ? '' : ` (${first.message})`;
      io.stderr(`${display(file)}:${first.range.start.line + 1}:${first.range.start.character + 1}: has syntax errors${what}; analysed as far as the parser recovered\n`);
    }
    results.push({ path: file, result });
    if (stream && result.findings.length) print(result.findings.map((f) => textLine(f, file) + '\n').join(''));
  };

  const cache = cacheDir === undefined ? undefined : checkResults(cacheDir, settings, stage);
  noteDiscarded(cache);
  const kept = new Map<string, FileOutcome>();
  if (cache) {
    const { cache: reader } = (shared ??= newAnalyzer());
    for (const f of files) {
      const read = reader.read(toPosix(f));
      if (!read.ok) continue;
      const result = cache.lookup(toPosix(f), (p) => reader.hashOf(p));
      if (result) kept.set(f, read.note ? { note: read.note, result } : { result });
    }
  }
  let next = 0;
  const upTo = (file?: string): void => {
    while (next < files.length && files[next] !== file) report(files[next], kept.get(files[next++]) as FileOutcome);
    if (file !== undefined) next++;
  };
  const todo = kept.size ? files.filter((f) => !kept.has(f)) : files;
  if (stdinFix && shared && stdinPath && files.length) {
    const fixed = fixStdin(toPosix(stdinPath), shared, { settings, stage, fix: allowed });
    io.stdout(fixed.text);
    report(stdinPath, fixed.outcome);
  } else {
    await checkFiles(todo, { settings, stage, fix: o.fix ? allowed : undefined, jobs: o.jobs, shared, withDeps: !!cache }, (file, r) => {
      upTo(file);
      if (cache && r.result && r.deps && r.hash && !r.result.internalErrors?.length) cache.store(toPosix(file), r.hash, r.deps, r.result);
      report(file, r);
    });
    upTo();
  }
  const warning = cache?.save();
  if (warning) cacheWarnings.add(warning);
  for (const w of cacheWarnings) io.stderr(`nn-recipe: ${w}\n`);

  const findings = results.flatMap((r) => r.result.findings.map((f) => ({ finding: f, file: r.path })));
  const out: string[] = [];
  if (o.format === 'text') {
    if (!stream) for (const { finding: f, file } of findings) out.push(textLine(f, file));
    const n = findings.length;
    const safe = findings.filter((x) => x.finding.fixes.some((fx) => fx.safety === 'safe')).length;
    if (o.fix && fixedCount) out.push(`Fixed ${fixedCount} finding${fixedCount === 1 ? '' : 's'} in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'}.`);
    const stageNote = stage === undefined ? '' : ` Stage ${stage} (${inferred ? 'inferred; pin it in .nn-recipe.yaml or pass --stage' : o.stage !== undefined ? '--stage' : 'pinned'}).`;
    if (results.length === 0) out.push(exit === 2 ? 'Nothing was checked.' : 'No files to check: nn-recipe checks Python, TypeScript/JavaScript, YAML and JSON files.');
    else if (n === 0) out.push(`All checks passed (${results.length} file${results.length === 1 ? '' : 's'} checked).${stageNote}`);
    else out.push(`Found ${n} finding${n === 1 ? '' : 's'} in ${results.length} file${results.length === 1 ? '' : 's'} checked.` + (safe && !o.fix ? ` ${safe} fixable with --fix ([*]).` : '') + stageNote);
  } else if (o.format === 'json') {
    out.push(
      JSON.stringify(
        {
          version: VERSION,
          stage: stage ?? null,
          stageSource: stage === undefined ? null : inferred ? 'inferred' : o.stage !== undefined ? 'option' : 'pinned',
          files: results.map((r) => ({ path: display(r.path), language: r.result.language, syntaxErrors: r.result.syntaxErrors.length })),
          findings: findings.map(({ finding: f, file }) => jsonFinding(f, display(file), display)),
          errors,
        },
        null,
        2,
      ),
    );
  } else {
    const base = io.cwd;
    const uriFor = (abs: string): string => encodeURI(toPosix(relative(base, abs)));
    out.push(JSON.stringify(toSarif(findings.map(({ finding, file }) => ({ finding, uri: uriFor(file) })), [...RULES], VERSION, uriFor), null, 2));
  }
  const text = out.join('\n') + '\n';
  if (o.output) {
    try {
      writeFileSync(resolve(io.cwd, o.output), text);
    } catch (err) {
      io.stderr(`${o.output}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`);
      return 2;
    }
  } else print(text);
  if (exit === 2) return 2;
  return findings.length ? 1 : 0;
}

/**
 * `check - --fix`: the safe (or allowed) fixes applied to the text read from standard input, which is given back
 * with them (as it came, when it is not valid UTF-8: fixes are only written to such text, as to files).
 */
function fixStdin(path: string, { analyzer, cache }: ReturnType<typeof newAnalyzer>, o: { settings: RuleSettings; stage: number | undefined; fix: readonly FixSafety[] }): { text: string; outcome: FileOutcome } {
  const read = cache.read(path);
  if (!read.ok) return { text: '', outcome: { unreadable: read.reason } };
  const analyse = (t: string): AnalysisResult => analyzer.analyze({ path, text: t, settings: o.settings, stage: o.stage });
  const bom = read.bom ? '\uFEFF' : '';
  if (read.encoding !== 'utf-8' || read.note) {
    return { text: bom + read.text, outcome: { note: read.note, fixError: 'not fixed: fixes are only applied to valid UTF-8 text', result: analyse(read.text) } };
  }
  const fixed = fixAll(read.text, analyse, o.fix);
  if (fixed.text !== read.text) cache.provide(path, { ...read, text: fixed.text });
  return { text: bom + fixed.text, outcome: { fixed: fixed.applied, result: analyse(fixed.text) } };
}

/** The stage inference's evidence from every file, each file's taken from the cache when it still holds. */
function projectEvidence(files: readonly string[], { analyzer, cache: reader }: ReturnType<typeof newAnalyzer>, kept: KeptResults<FileEvidence> | undefined): FileEvidence {
  const evidence: Evidence[] = [];
  const references = new Set<string>();
  let training = false;
  for (const f of files) {
    const path = toPosix(f);
    const text = reader.readFile(path);
    if (text === undefined) continue;
    let fe = kept?.lookup(path, (p) => reader.hashOf(p));
    if (!fe) {
      fe = fileEvidence({ path, text }, analyzer);
      // evidence from TensorFlow.js files and configs comes from their text alone
      const deps = detectLanguage(path) === 'python' ? pythonDependencies(path, analyzer, reader) : [];
      if (kept && deps) kept.store(path, reader.hashOf(path, text) as string, deps, fe);
    }
    evidence.push(...fe.evidence);
    for (const r of fe.references ?? []) references.add(r);
    training ||= fe.training;
  }
  return { evidence: withoutUncalled(evidence, references), training };
}

function jsonFinding(f: Finding, file: string, display: (p: string) => string): object {
  return {
    code: f.code,
    name: f.name,
    severity: f.severity,
    message: f.message,
    file,
    // 1-based, as editors show them; columns count UTF-16 code units
    location: { line: f.range.start.line + 1, column: f.range.start.character + 1 },
    endLocation: { line: f.range.end.line + 1, column: f.range.end.character + 1 },
    stage: f.stage,
    tip: f.tip,
    related: f.related.map((r) => ({ file: display(r.path), line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })),
    fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety, ...(x.path ? { file: display(x.path) } : {}), edits: x.edits })),
  };
}

function ruleCommand(args: string[], io: CliIO): number {
  if (args.length !== 1) throw new UsageError('usage: nn-recipe rule <code or name>');
  const rule = getRule(args[0]);
  if (!rule) {
    io.stderr(`unknown rule "${args[0]}" (see \`nn-recipe rules\`)\n`);
    return 2;
  }
  io.stdout(ruleHelpMarkdown(rule));
  return 0;
}

function rulesCommand(io: CliIO): number {
  for (const r of RULES) io.stdout(`${r.code}  ${r.name.padEnd(40)} ${r.defaultSeverity.padEnd(8)} ${r.docs.summary}\n`);
  return 0;
}

export type SubcommandRunner = (args: string[], io: CliIO) => Promise<number> | number;
/** Subcommands added by other modules (the stage report). */
export const extraCommands = new Map<string, SubcommandRunner>([['stage', runStage]]);

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.stdout(USAGE + '\n');
      return cmd ? 0 : 2;
    }
    if (cmd === '--version' || cmd === '-V') {
      io.stdout(VERSION + '\n');
      return 0;
    }
    if (cmd === 'check') return await check(rest, io);
    if (cmd === 'rule') return ruleCommand(rest, io);
    if (cmd === 'rules') return rulesCommand(io);
    const extra = extraCommands.get(cmd);
    if (extra) return await extra(rest, io);
    throw new UsageError(`unknown command "${cmd}"`);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`nn-recipe: ${err.message}\nRun \`nn-recipe --help\` for usage.\n`);
      return 2;
    }
    io.stderr(`nn-recipe: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

if (require.main === module && !isCheckWorker) {
  // `nn-recipe check . | head`: when the reader goes away, stop writing (no EPIPE stack trace) and finish with the
  // exit code the check has, as if the rest had been read
  let readerGone = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    readerGone = true;
  });
  void runCli(process.argv.slice(2), {
    stdout: (s) => {
      if (!readerGone) process.stdout.write(s);
    },
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}


// `nn-recipe stage [path]`: where the project stands in the recipe, the same report the sidebar shows.
//   nn-recipe stage [path] [--format text|json] [--exclude PATTERNS] [--no-project-file]
//   nn-recipe stage [path] --pin N | --unpin | --tick TIP [--note TEXT] [--date YYYY-MM-DD] | --untick TIP
// The pin and tick options write the project file (comments and key order kept); a malformed one is never
// overwritten. Exit codes: 0 report printed or file written, 1 the project file was not written, 2 usage or I/O error.
import { existsSync, statSync, writeFileSync } from 'fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'path';
import { type Finding, PROJECT_FILE } from '../engine';
import { PROJECT_FILE_TEMPLATE, type ProjectFile, type ProjectFileEdit, loadProjectFile, setPinnedStage, setTipTick } from '../engine/project-file';
import { type Evidence, type StageReport, type TipStatus, assessProject, isStage, stageInfo, stageMark, tipInfo } from '../engine/stages';
import { UsageError, forEachArg } from './args';
import { readText } from './read';
import { walk } from './walk';

export interface StageIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

interface StageOptions {
  path: string;
  format: 'text' | 'json';
  exclude: string[];
  projectFile: boolean;
  pin?: number;
  unpin: boolean;
  tick?: string;
  untick?: string;
  note?: string;
  date?: string;
}

function parseArgs(args: string[]): StageOptions {
  const o: StageOptions = { path: '.', format: 'text', exclude: [], projectFile: true, unpin: false };
  let path: string | undefined;
  forEachArg(args, (flag, value, a) => {
    switch (flag) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format "${f}" (text or json)`);
        o.format = f;
        break;
      }
      case '--exclude':
        o.exclude.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
        break;
      case '--no-project-file':
        o.projectFile = false;
        break;
      case '--pin': {
        const v = value();
        const n = Number(v);
        if (!isStage(n)) throw new UsageError(`--pin takes a stage from 1 to 6, not "${v}"`);
        o.pin = n;
        break;
      }
      case '--unpin':
        o.unpin = true;
        break;
      case '--tick':
      case '--untick': {
        const v = value();
        if (!tipInfo(v)) throw new UsageError(`unknown tip "${v}": tips are numbered as in the recipe (1.1 … 6.2, 2.M1 … 2.M7)`);
        if (flag === '--tick') o.tick = v;
        else o.untick = v;
        break;
      }
      case '--note':
        o.note = value();
        break;
      case '--date': {
        const v = value();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--date takes YYYY-MM-DD, not "${v}"`);
        o.date = v;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        if (path !== undefined) throw new UsageError('nn-recipe stage takes one path (the project folder)');
        path = a;
    }
  });
  if (path !== undefined) o.path = path;
  const writes = [o.pin !== undefined, o.unpin, o.tick !== undefined, o.untick !== undefined].filter(Boolean).length;
  if (writes > 1) throw new UsageError('use one of --pin, --unpin, --tick and --untick at a time');
  if ((o.note !== undefined || o.date !== undefined) && o.tick === undefined) throw new UsageError('--note and --date go with --tick');
  if (writes && !o.projectFile) throw new UsageError(`--no-project-file cannot be combined with writing ${PROJECT_FILE}`);
  return o;
}

const toPosix = (p: string): string => p.split(sep).join('/');

/** The nearest folder at or above `start` that holds the project file. */
function projectRoot(start: string): string | undefined {
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, PROJECT_FILE))) return d;
    if (dirname(d) === d) return undefined;
  }
}

export function runStage(args: string[], io: StageIO): number {
  let o: StageOptions;
  try {
    o = parseArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`nn-recipe stage: ${err.message}\n`);
    return 2;
  }
  const target = isAbsolute(o.path) ? o.path : resolve(io.cwd, o.path);
  const display = (abs: string): string => {
    const r = relative(io.cwd, abs);
    return toPosix(r && !r.startsWith('..') ? r : abs);
  };
  if (!existsSync(target)) {
    io.stderr(`${display(target)}: no such file or folder\n`);
    return 2;
  }
  const isDir = statSync(target).isDirectory();
  const folder = isDir ? target : dirname(target);
  const root = o.projectFile ? projectRoot(folder) : undefined;
  const projectPath = join(root ?? folder, PROJECT_FILE);

  if (o.pin !== undefined || o.unpin || o.tick !== undefined || o.untick !== undefined) {
    return writeProjectFile(o, projectPath, root !== undefined, display, io);
  }

  let projectFile: ProjectFile | undefined;
  if (root) {
    const read = readText(projectPath);
    if (!read.ok) io.stderr(`${display(projectPath)}: ${read.reason}\n`);
    else {
      projectFile = loadProjectFile(read.text);
      for (const p of projectFile.problems) io.stderr(`${display(projectPath)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}\n`);
    }
  }
  const files: { path: string; text: string }[] = [];
  for (const file of isDir ? walk(target, o.exclude) : [target]) {
    const read = readText(file);
    if (read.ok) files.push({ path: toPosix(file), text: read.text });
  }
  const report = assessProject(files, projectFile);
  const show = (p: string): string => display(p);
  io.stdout(o.format === 'json' ? JSON.stringify(toJson(report, show, projectFile ? display(projectPath) : undefined), null, 2) + '\n' : toText(report, show));
  return 0;
}

function writeProjectFile(o: StageOptions, path: string, exists: boolean, display: (p: string) => string, io: StageIO): number {
  let text = PROJECT_FILE_TEMPLATE;
  if (exists) {
    const read = readText(path);
    if (!read.ok) {
      io.stderr(`${display(path)}: ${read.reason}\n`);
      return 2;
    }
    text = read.text;
  }
  let result: ProjectFileEdit;
  let done: string;
  if (o.pin !== undefined) {
    result = setPinnedStage(text, o.pin);
    done = `Pinned stage ${o.pin} (${stageInfo(o.pin)?.name}) in ${display(path)}.`;
  } else if (o.unpin) {
    result = setPinnedStage(text, undefined);
    done = `Removed the pinned stage from ${display(path)}: the stage is inferred from the code again.`;
  } else if (o.tick !== undefined) {
    result = setTipTick(text, o.tick, { ...(o.note !== undefined ? { note: o.note } : {}), date: o.date ?? new Date().toISOString().slice(0, 10) });
    done = `Ticked ${o.tick} (${tipInfo(o.tick)?.title}) in ${display(path)}.`;
  } else {
    result = setTipTick(text, o.untick as string, undefined);
    done = `Unticked ${o.untick} in ${display(path)}.`;
  }
  if (!result.ok) {
    io.stderr(`${display(path)}: ${result.reason}\n`);
    return 1;
  }
  if (result.text !== text || !exists) {
    try {
      writeFileSync(path, result.text);
    } catch (err) {
      io.stderr(`${display(path)}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`);
      return 2;
    }
  }
  io.stdout(done + '\n');
  return 0;
}

// ------------------------------------------------------------------ output

const at = (path: string, line: number, character: number, show: (p: string) => string): string => `${show(path)}:${line + 1}:${character + 1}`;
const evidenceAt = (e: Evidence, show: (p: string) => string): string => at(e.path, e.range.start.line, e.range.start.character, show);
const findingAt = (f: Finding, show: (p: string) => string): string => at(f.path, f.range.start.line, f.range.start.character, show);

const MARK: Record<TipStatus['state'], string> = { done: '[x]', ticked: '[x]', violated: '[!]', open: '[ ]' };
export function toText(r: StageReport, show: (p: string) => string): string {
  const out: string[] = [];
  const name = stageInfo(r.stage)?.name ?? '';
  const how = r.pinned !== undefined ? `pinned in ${PROJECT_FILE}${r.inferred !== r.pinned ? `; the code shows stage ${r.inferred}` : ''}` : 'inferred from the code';
  out.push(`Recipe stage ${r.stage} · ${name} (${how})`);
  out.push(`  ${r.reason}`);
  for (const e of r.because.slice(0, 5)) out.push(`    ${evidenceAt(e, show)}  ${e.message}`);
  if (r.because.length > 5) out.push(`    … and ${r.because.length - 5} more`);
  // (not again after a reason that already says so: "No training code found yet: …")
  if (!r.trainingFiles.length && !/^No training code found/.test(r.reason)) out.push('  No training code found (training loops, trainer.fit, training_step).');
  if (r.gaps.length) {
    out.push('', 'Gaps');
    for (const g of r.gaps) out.push(`  ! ${g.message}`);
  }
  out.push('', 'Checklist');
  for (const s of r.stages) {
    const mark = stageMark(s);
    out.push(`  ${s.id} ${s.title}${mark ? ` [${mark}]` : ''}`);
    for (const t of s.tips) {
      // a common mistake not found is no news: list it only when it is found; a later stage's tips only when a rule
      // reports them (NR203's partial evaluation while the project is still in stage 1; review 126)
      if ((t.mistake || s.state === 'upcoming') && t.state !== 'violated') continue;
      out.push(`    ${MARK[t.state]} ${t.id} ${t.title}${t.state === 'ticked' || (t.tick && t.state === 'done') ? ` (ticked${t.tick?.note ? `: ${t.tick.note}` : ''}${t.tick?.date ? `, ${t.tick.date}` : ''})` : ''}`);
      for (const f of t.findings.slice(0, 3)) out.push(`          ${findingAt(f, show)}  ${f.code} ${f.message}`);
      if (t.findings.length > 3) out.push(`          … and ${t.findings.length - 3} more findings`);
      if (t.state === 'done') {
        const e = t.evidence[0];
        out.push(`          ${evidenceAt(e, show)}  ${e.message}${t.evidence.length > 1 ? ` (+${t.evidence.length - 1} more)` : ''}`);
      }
    }
  }
  if (r.pinned === undefined) out.push('', `Pin the stage with \`nn-recipe stage --pin N\` (or \`stage: N\` in ${PROJECT_FILE}); tick tips done by hand with \`--tick 1.1\`.`);
  return out.join('\n') + '\n';
}

function toJson(r: StageReport, show: (p: string) => string, projectFile: string | undefined): object {
  const loc = (path: string, range: Evidence['range']): object => ({ file: show(path), line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 });
  const ev = (e: Evidence): object => ({ kind: e.kind, tips: e.tips, ...(e.stage ? { stage: e.stage } : {}), message: e.message, ...loc(e.path, e.range) });
  const fi = (f: Finding): object => ({ code: f.code, name: f.name, severity: f.severity, message: f.message, ...loc(f.path, f.range) });
  return {
    stage: r.stage,
    pinned: r.pinned ?? null,
    inferred: r.inferred,
    reason: r.reason,
    because: r.because.map(ev),
    gaps: r.gaps,
    stages: r.stages.map((s) => ({
      id: s.id,
      name: s.name,
      title: s.title,
      state: s.state,
      tips: s.tips.map((t) => ({
        id: t.id,
        title: t.title,
        kind: t.kind,
        essential: t.essential,
        mistake: t.mistake,
        checkable: t.checkable,
        state: t.state,
        ...(t.tick ? { tick: t.tick } : {}),
        evidence: t.evidence.map(ev),
        findings: t.findings.map(fi),
      })),
    })),
    trainingFiles: r.trainingFiles.map(show),
    files: r.files,
    projectFile: projectFile ? { file: projectFile, problems: r.projectFileProblems.map((p) => ({ line: p.range.start.line + 1, column: p.range.start.character + 1, message: p.message })) } : null,
  };
}

// `npm run edit:stress -- <folders…>`: the editor's incremental path against a fresh check, over real code. Each .py
// file under the folders is opened as the extension's worker opens a document (fast path, then Lezer's tree built
// when idle) and edited at random positions a dozen times (characters that break the syntax: brackets, quotes,
// colons, f-string braces, newlines and indentation; now and then the last error-free text comes back, as when a line
// is finished). After each edit it checks what the unit tests check on generated code:
// - an error-free version: the editor's analysis equals a fresh check's (the CLI's: the fast path, no history);
// - a version with errors: the editor reports errors, and its analysis equals a replay that saw only the last
//   error-free version and then this one (nothing carried over from the versions typed in between);
// - never an internal error.
// Prints each mismatch with the file and the edit number, and counts. The edits are seeded (`--seed N`, default 1).
// `--sliced`: the tree is built in slices, as the worker builds it between requests, a random number of them before
// each edit (so edits also land before it is done).
// `--cross`: the files are analysed where they are, each seeing the folder's other files (imports link), and one edit
// in three is made to a file the edited one read, directly or through the files it linked to (a typing edit or a
// top-level definition renamed, kept in the host the analyzers read from; half the time, once that file was edited,
// its edits undone): the
// editor's analysis of the edited file after it must equal a fresh check over the same files (error-free versions;
// the others are counted), and so must what each of its calls calls (`siteCallee`, `siteClass`, `siteProjectCallee`,
// `siteLocalCallee`): the carried answers of a file being edited must not outlive a change of a file it read.
// `--typing`: most edits keep the file valid, as typing inside code mostly does (a character added to or taken from
// a name or a number, a space after a space, a blank line, a comment line, a statement line), so that runs of
// error-free versions follow each other (the editor reads those without Lezer, `Analyzer`'s stretch path); one edit
// in four is one of the edits above.
import { existsSync, readFileSync, statSync } from 'fs';
import { isDeepStrictEqual } from 'util';
import { Analyzer } from '../src/engine';
import type { AnalysisResult } from '../src/engine/types';
import type { PyModule } from '../src/engine/python/semantic';
import { pythonFilesUnder } from './lib/python-files';
import { BREAKING_EDITS, seedArgument, seededRandom } from './lib/random-edits';

const args = process.argv.slice(2);
const rand = seededRandom(seedArgument(args));
const slicedAt = args.indexOf('--sliced');
const sliced = slicedAt >= 0;
if (sliced) args.splice(slicedAt, 1);
const typingAt = args.indexOf('--typing');
const typing = typingAt >= 0;
if (typing) args.splice(typingAt, 1);
const crossAt = args.indexOf('--cross');
const cross = crossAt >= 0;
if (cross) args.splice(crossAt, 1);
if (!args.length) {
  console.error('usage: npm run edit:stress -- <folder…> [--seed N] [--sliced] [--typing] [--cross]');
  process.exit(2);
}
for (const root of args) {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    console.error(`not a folder: ${root}`);
    process.exit(2);
  }
}

const EDITS_PER_FILE = 12;

/** An edit that keeps most texts valid, near a random offset: the new text, or undefined when none fits there. */
function typingEdit(text: string): string | undefined {
  const at = rand(text.length + 1);
  const word = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  switch (rand(6)) {
    case 0: // a character added to a name or a number
      return word(text[at - 1]) ? text.slice(0, at) + (/[0-9]/.test(text[at - 1]) ? '7' : 'q') + text.slice(at) : undefined;
    case 1: // a character taken from the middle of a name or a number
      return word(text[at - 1]) && word(text[at]) && word(text[at + 1]) ? text.slice(0, at) + text.slice(at + 1) : undefined;
    case 2: // a space after a space, past the line's indentation
      return text[at - 1] === ' ' && at > lineStart + indent.length ? text.slice(0, at) + ' ' + text.slice(at) : undefined;
    case 3: // a blank line
      return text.slice(0, lineStart) + '\n' + text.slice(lineStart);
    case 4: // a comment line
      return text.slice(0, lineStart) + indent + '# note\n' + text.slice(lineStart);
    default: // a statement line, as indented as the line it goes before
      return text.slice(0, lineStart) + indent + 'optimizer.zero_grad()\n' + text.slice(lineStart);
  }
}
const STAGE = 4;

const opened = (path: string, text: string, prepare = true): Analyzer => {
  const a = new Analyzer({ fastParse: true });
  a.analyze({ path, text, stage: STAGE, editing: true });
  if (prepare) a.prepareForEdits();
  return a;
};
const fresh = (path: string, text: string): AnalysisResult => new Analyzer({ fastParse: true }).analyze({ path, text, stage: STAGE });

const counts = { files: 0, versions: 0, withErrors: 0, mismatches: 0 };

/** A top-level `def` or `class` of a file given another name (`Net` → `NetX`), or undefined when it has none. */
function renameDefinition(text: string): string | undefined {
  const defs = [...text.matchAll(/^(?:def|class) (\w+)/gm)];
  if (!defs.length) return undefined;
  const d = defs[rand(defs.length)];
  const end = (d.index ?? 0) + d[0].length;
  return text.slice(0, end) + 'X' + text.slice(end);
}

/**
 * The files an analysis of a module read: those it linked to and, through theirs, the files those read (the base class
 * in another file of a model class of an imported file), as a new analysis would read them again.
 */
function filesRead(m: PyModule): Set<string> {
  const out = new Set<string>();
  const seen = new Set<PyModule>();
  const visit = (x: PyModule): void => {
    if (seen.has(x)) return;
    seen.add(x);
    for (const p of x.deps.keys()) out.add(p);
    for (const t of x.linked) visit(t);
  };
  visit(m);
  return out;
}

/** `--cross`: every file of the folders edited in turn, next to the others, with edits of the files it reads. */
function crossFiles(): void {
  const files = new Map<string, string>();
  for (const root of args) for (const file of pythonFilesUnder(root)) files.set(file, readFileSync(file, 'utf8'));
  const host = { readFile: (p: string): string | undefined => files.get(p) };
  const originals = new Map(files);
  let others = 0;
  for (const file of originals.keys()) {
    let text = files.get(file) as string;
    if (text.length > 200_000) continue;
    counts.files++;
    const editor = new Analyzer({ fastParse: true, host });
    editor.analyze({ path: file, text, stage: STAGE, editing: true });
    editor.prepareForEdits();
    for (let i = 0; i < EDITS_PER_FILE; i++) {
      const read = [...filesRead(editor.pythonModule(file, text).module)].filter((p) => files.has(p) && p !== file);
      if (read.length && rand(3) === 0) {
        const other = read[rand(read.length)];
        const before = files.get(other) as string;
        const original = originals.get(other) as string;
        // (a typing edit, or a top-level definition renamed: what the edited file imports from there may go away; or,
        // once that file was edited, every other time its edits undone: what was gone is back)
        const edited = before !== original && rand(2) ? original : rand(2) ? typingEdit(before) : renameDefinition(before);
        if (edited !== undefined) {
          files.set(other, edited);
          others++;
        }
      } else text = typingEdit(text) ?? text;
      counts.versions++;
      const got = editor.analyze({ path: file, text, stage: STAGE, editing: true });
      const freshAnalyzer = new Analyzer({ fastParse: true, host });
      const want = freshAnalyzer.analyze({ path: file, text, stage: STAGE });
      if (got.internalErrors?.length) {
        counts.mismatches++;
        console.log(`${file}, edit ${i}: internal errors: ${got.internalErrors.join('; ')}`);
      }
      if (want.syntaxErrors.length) {
        counts.withErrors++;
        continue;
      }
      // (and what the file's call sites call, as the rules ask it: carried answers against fresh ones)
      const answers = (m: PyModule): string[] =>
        m.callSites.map((site) => {
          const cls = m.siteClass(site);
          const fn = m.siteProjectCallee(site);
          const local = m.siteLocalCallee(site);
          const where = (f: typeof fn): string => (f ? `${f.scope.module.path}:${f.name}@${f.stmt.from}` : '-');
          return `${site.call.from} ${m.siteCallee(site) ?? '-'} ${cls ? (cls.kind === 'local' ? `${cls.cls.module.path}:${cls.cls.name}` : cls.qname) : '-'} ${where(fn)} ${where(local)}`;
        });
      const gotAnswers = answers(editor.pythonModule(file, text).module);
      const wantAnswers = answers(freshAnalyzer.pythonModule(file, text).module);
      if (!isDeepStrictEqual(gotAnswers, wantAnswers)) {
        counts.mismatches++;
        const diff = gotAnswers.filter((x, k) => x !== wantAnswers[k]).slice(0, 3);
        console.log(`${file}, edit ${i}: call sites answered otherwise than by a fresh check: ${diff.join(' | ')}`);
      }
      if (!isDeepStrictEqual(got, want)) {
        counts.mismatches++;
        const sum = (r: AnalysisResult): string => r.findings.map((f) => `${f.code}@${f.range.start.line + 1}`).join(',') || '-';
        console.log(`${file}, edit ${i}: differs from a fresh check over the same files\n  editor: ${sum(got)}\n  fresh:  ${sum(want)}`);
      }
    }
    // (the next file starts from the folder as it is on disk)
    for (const [p, t] of originals) files.set(p, t);
  }
  console.log({ ...counts, editsOfFilesRead: others });
}

if (cross) {
  crossFiles();
  process.exit(counts.mismatches ? 1 : 0);
}

for (const root of args) {
  for (const file of pythonFilesUnder(root)) {
    let text = readFileSync(file, 'utf8');
    if (text.length > 200_000) continue;
    counts.files++;
    const path = `/stress/${counts.files}.py`;
    const editor = opened(path, text, !sliced);
    let lastGood = fresh(path, text).syntaxErrors.length ? undefined : text;
    for (let i = 0; i < EDITS_PER_FILE; i++) {
      const typed = typing && rand(4) !== 0 ? typingEdit(text) : undefined;
      if (typed !== undefined) text = typed;
      else {
        const at = rand(text.length + 1);
        text = text.slice(0, at) + BREAKING_EDITS[rand(BREAKING_EDITS.length)] + text.slice(at + rand(4));
      }
      if (i % 5 === 4 && lastGood !== undefined) text = lastGood;
      counts.versions++;
      if (sliced) for (let n = rand(40); n > 0 && editor.prepareForEdits(0) === 'working'; n--);
      const got = editor.analyze({ path, text, stage: STAGE, editing: true });
      const bad = (what: string, other?: AnalysisResult): void => {
        counts.mismatches++;
        const sum = (r: AnalysisResult): string => `errors at ${r.syntaxErrors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1}`).join(',') || '-'}, findings ${r.findings.map((f) => `${f.code}@${f.range.start.line + 1}`).join(',') || '-'}`;
        console.log(`${file}, edit ${i}: ${what}${other ? `\n  editor: ${sum(got)}\n  other:  ${sum(other)}` : ''}`);
      };
      if (got.internalErrors?.length) bad(`internal errors: ${got.internalErrors.join('; ')}`);
      const want = fresh(path, text);
      if (!want.syntaxErrors.length) {
        if (!isDeepStrictEqual(got, want)) bad('an error-free version differs from a fresh check', want);
        lastGood = text;
        continue;
      }
      counts.withErrors++;
      if (!got.syntaxErrors.length) bad('a version with errors is reported without them');
      const replay = lastGood === undefined ? undefined : opened(path, lastGood).analyze({ path, text, stage: STAGE, editing: true });
      if (replay && !isDeepStrictEqual(got, replay)) bad('differs from a replay from the last error-free version', replay);
    }
  }
}
console.log(counts);
process.exitCode = counts.mismatches ? 1 : 0;

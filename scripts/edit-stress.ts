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
import { existsSync, readFileSync, statSync } from 'fs';
import { isDeepStrictEqual } from 'util';
import { Analyzer } from '../src/engine';
import type { AnalysisResult } from '../src/engine/types';
import { pythonFilesUnder } from './lib/python-files';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
let seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 1;
const slicedAt = args.indexOf('--sliced');
const sliced = slicedAt >= 0;
if (sliced) args.splice(slicedAt, 1);
const rand = (n: number): number => ((seed = (seed * 16807) % 2147483647) % n);
if (!args.length) {
  console.error('usage: npm run edit:stress -- <folder…> [--seed N]');
  process.exit(2);
}
for (const root of args) {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    console.error(`not a folder: ${root}`);
    process.exit(2);
  }
}

const EDITS = ['', 'x', ' ', '\n', '(', ')', '"""', "'", ':', '\n    ', 'def f(', '[', '{', '#', '\\', 'optimizer.zero_grad()\n', 'print(f"{x', '\t'];
const EDITS_PER_FILE = 12;
const STAGE = 4;

const opened = (path: string, text: string, prepare = true): Analyzer => {
  const a = new Analyzer({ fastParse: true });
  a.analyze({ path, text, stage: STAGE, editing: true });
  if (prepare) a.prepareForEdits();
  return a;
};
const fresh = (path: string, text: string): AnalysisResult => new Analyzer({ fastParse: true }).analyze({ path, text, stage: STAGE });

const counts = { files: 0, versions: 0, withErrors: 0, mismatches: 0 };
for (const root of args) {
  for (const file of pythonFilesUnder(root)) {
    let text = readFileSync(file, 'utf8');
    if (text.length > 200_000) continue;
    counts.files++;
    const path = `/stress/${counts.files}.py`;
    const editor = opened(path, text, !sliced);
    let lastGood = fresh(path, text).syntaxErrors.length ? undefined : text;
    for (let i = 0; i < EDITS_PER_FILE; i++) {
      const at = rand(text.length + 1);
      text = text.slice(0, at) + EDITS[rand(EDITS.length)] + text.slice(at + rand(4));
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

// `npm run fastparse:diff -- <folders…>`: the fast parse path (src/engine/python/fastparse.ts) against the Lezer
// path on every .py file under the folders (default: the generated 50,000-line corpus). Prints the files whose IR
// differs (with the first difference), the files the fast path took although Lezer reports errors (Lezer 1.1.19
// reports some in valid code), and counts. Run it over real code (the Python standard library, torch, …) after
// changing either parser; the unit tests (test/unit/fastparse.test.ts) hold the same check over smaller inputs.
// `--crlf` compares the files with CRLF line endings, `--tabs` with tabs for indentation.
import { readFileSync } from 'fs';
import { isDeepStrictEqual } from 'util';
import { fastParse } from '../src/engine/python/fastparse';
import { generateProject } from './lib/corpus';
import { lezerReading, withLfOffsets } from './lib/lezer-reading';
import { pythonFilesUnder } from './lib/python-files';

/** The path to the first difference between two IR values, with both sides. */
function firstDiff(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const d = firstDiff(x[k], y[k], `${path}.${k}`);
    if (d) return d;
  }
  return `${path}: different keys`;
}

const args = process.argv.slice(2);
// `--crlf`: every file with its line endings made CRLF, as on Windows; `--tabs`: indented with tabs (each group of
// four spaces at the start of a line made a tab)
const crlf = args.includes('--crlf');
const tabs = args.includes('--tabs');
const roots = args.filter((a) => a !== '--crlf' && a !== '--tabs');
const tabbed = (t: string): string => t.replace(/^(?: {4})+/gm, (m) => '\t'.repeat(m.length / 4));
const files = (roots.length ? roots.flatMap((r) => [...pythonFilesUnder(r)].map((p) => ({ path: p, text: readFileSync(p, 'utf8') }))) : generateProject())
  .map((f) => (tabs ? { ...f, text: tabbed(f.text) } : f))
  .map((f) => (crlf ? { ...f, text: f.text.replace(/\r?\n/g, '\r\n') } : f));
const counts = { files: files.length, same: 0, gaveUp: 0, differ: 0, lezerErrors: 0, takenDespiteLezerErrors: 0, crlfOnlyErrorsSameAsLf: 0 };
for (const f of files) {
  const lezer = lezerReading(f.text);
  const fast = fastParse(f.text);
  if (lezer.errors) {
    counts.lezerErrors++;
    if (fast) {
      counts.takenDespiteLezerErrors++;
      // Lezer 1.1.19 also misreads some CRLF files it reads without errors with LF endings: the fast path's reading
      // must then be the LF file's
      const lf = crlf ? lezerReading(f.text.replace(/\r\n/g, '\n')) : undefined;
      const d = lf && !lf.errors ? firstDiff(withLfOffsets(fast.stmts, f.text), lf.stmts) : 'Lezer reports errors';
      if (d) console.log(`taken although Lezer reports errors: ${f.path} (${d})`);
      else counts.crlfOnlyErrorsSameAsLf++;
    }
    continue;
  }
  if (!fast) {
    counts.gaveUp++;
    continue;
  }
  const d = firstDiff(fast.stmts, lezer.stmts);
  if (d || !isDeepStrictEqual(lezer.comments, fast.comments)) {
    counts.differ++;
    console.log(`DIFFERS ${f.path} ${d ?? 'comments'}`);
  } else counts.same++;
}
console.log(counts);

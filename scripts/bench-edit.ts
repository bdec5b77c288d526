// `npx tsx scripts/bench-edit.ts`: the two figures of issue 2 with more samples than `npm run bench`, for
// before/after comparisons on a shared machine (run it in both trees, interleaved). Prints figures; asserts nothing.
// - One-character edit, as the editor calls the engine: one Analyzer, the same path, the text alternating between
//   two versions; `pythonModule` (parse, IR, semantic layer) then `analyze` (the rules), medians over many edits.
// - Whole analysis against Lezer's bare parse: all timed alternately in one process, medians and their ratios; the
//   analysis through Lezer, and as the editor opens a file (the fast path; the tree is built later, when idle).
import { performance } from 'perf_hooks';
import { Analyzer } from '../src/engine';
import { parsePython } from '../src/engine/python/parse';
import { generateScript } from './lib/generate';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));

const edits: string[] = [];
for (const [lines, n] of [
  [1_000, 200],
  [10_000, 40],
] as const) {
  const text = generateScript(lines, lines);
  const path = `/bench/train_${lines}.py`;
  // as the extension's worker: opened through the fast path, Lezer's tree built when idle, then the edits
  const a = new Analyzer({ fastParse: true });
  a.analyze({ path, text, stage: 2, editing: true });
  a.prepareForEdits();
  const at = text.indexOf('lr=', Math.floor(text.length / 2));
  const edited = text.slice(0, at) + 'lr =' + text.slice(at + 3);
  const before: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = i % 2 ? text : edited;
    const t0 = performance.now();
    a.pythonModule(path, t);
    const t1 = performance.now();
    a.analyze({ path, text: t, stage: 2, editing: true });
    before.push(t1 - t0);
    total.push(performance.now() - t0);
  }
  edits.push(`${lines} lines: ${ms(median(total))} ms (parse + IR + semantic layer ${ms(median(before))} ms)`);
}
console.log(`one-character edit, median: ${edits.join('; ')}`);

const ratios: string[] = [];
for (const [lines, runs] of [
  [1_000, 31],
  [10_000, 11],
  [50_000, 5],
] as const) {
  const text = generateScript(lines, lines);
  const path = `/bench/train_${lines}.py`;
  new Analyzer().analyze({ path, text, stage: 2 });
  const parse: number[] = [];
  const full: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    parsePython(text);
    parse.push(performance.now() - t);
    t = performance.now();
    new Analyzer().analyze({ path, text, stage: 2 });
    full.push(performance.now() - t);
    t = performance.now();
    new Analyzer({ fastParse: true }).analyze({ path, text, stage: 2, editing: true });
    open.push(performance.now() - t);
  }
  const r = (x: number[]): string => `${ms(median(x))} ms, ${(median(x) / median(parse)).toFixed(2)}x`;
  ratios.push(`${lines} lines: parse ${ms(median(parse))} ms, full through Lezer ${r(full)}, opened in the editor (fast path) ${r(open)}`);
}
console.log(`whole analysis / bare parse, medians: ${ratios.join('; ')}`);

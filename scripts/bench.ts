// `npm run bench`: analysis time per file for generated training scripts of about 1,000, 10,000 and 50,000
// lines (median of several runs): bare parse, semantic layer, rules; re-analysis after a one-character edit
// (incremental path, as the editor calls it), with the part of it spent before the rules; peak memory. Prints figures; asserts nothing.
import { performance } from 'perf_hooks';
import { Analyzer } from '../src/engine';
import { parsePython } from '../src/engine/python/parse';
import { fastParse } from '../src/engine/python/fastparse';
import { ModuleIrCache } from '../src/engine/python/ir';
import { PyModule } from '../src/engine/python/semantic';
import { generateProject } from './lib/corpus';
import { generateScript } from './lib/generate';
import { IDLE_SLICE_MS } from '../src/extension/worker/analysis-worker';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs = RUNS): number {
  fn(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(8);

let peak = 0;
const sample = (): void => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 5);

// Warm-up: V8 compiles the hot code while it runs. Without this the first size measured (1,000 lines) paid for it:
// its edit figure was the first edits ever made in the process. The editor is a long-running process.
{
  const text = generateScript(2_000, 1);
  const a = new Analyzer();
  for (let i = 0; i < 3; i++) new Analyzer().analyze({ path: '/bench/warmup.py', text, stage: 2 });
  const at = text.indexOf('lr=');
  for (let i = 0; i < 30; i++) a.analyze({ path: '/bench/warmup.py', text: i % 2 ? text : text.slice(0, at) + 'lr =' + text.slice(at + 3), stage: 2 });
}

console.log(`nn-recipe benchmark — node ${process.version}, ${RUNS} runs per figure (median) after a warm-up, times in ms\n`);
console.log('Lezer path (every file through Lezer, kept for incremental parsing)');
console.log('lines    bare parse  parse+semantic   full analysis   rules only   ratio to parse   edit→findings (of which parse+IR+semantic)');
const rows: { lines: number; parse: number; full: number }[] = [];
for (const target of [1_000, 10_000, 50_000]) {
  const text = generateScript(target, target);
  const lines = text.split('\n').length;
  const path = `/bench/train_${target}.py`;
  const parse = time(() => void parsePython(text));
  const semantic = time(() => {
    const p = parsePython(text);
    new PyModule(path, new ModuleIrCache().build(p.tree, p.text, p.parsedText), text);
  });
  const full = time(() => void new Analyzer().analyze({ path, text, stage: 2 }));
  // Incremental, as the extension's worker does it: the file opened through the fast path, Lezer's tree built
  // when idle (prepareForEdits), then a one-character edit in the middle of the file, back and forth.
  const a = new Analyzer({ fastParse: true });
  a.analyze({ path, text, stage: 2, editing: true });
  a.prepareForEdits();
  const mid = text.indexOf('lr=', Math.floor(text.length / 2));
  const edited = text.slice(0, mid) + 'lr =' + text.slice(mid + 3);
  let flip = false;
  const modules: number[] = [];
  const edit = time(() => {
    flip = !flip;
    const t = performance.now();
    a.pythonModule(path, flip ? edited : text); // parse, IR and semantic layer, reused by the analysis below (an error-free edit: the stretch path, no Lezer)
    modules.push(performance.now() - t);
    a.analyze({ path, text: flip ? edited : text, stage: 2, editing: true });
  }, RUNS * 3);
  sample();
  rows.push({ lines, parse, full });
  console.log(`${String(lines).padStart(6)} ${fmt(parse)}    ${fmt(semantic)}        ${fmt(full)}     ${fmt(full - semantic)}        ${(full / parse).toFixed(2).padStart(5)}x     ${fmt(edit)} (${fmt(median(modules)).trim()})`);
}
// The check path (the CLI, a workspace scan): files parsed by the fast path (python/fastparse.ts, the same IR),
// no incremental state kept. Its whole analysis against Lezer's bare parse above, and against its own parse.
// A file opened in the editor goes the same way first (its findings), and Lezer's tree is built afterwards, when the
// worker is idle (Analyzer.prepareForEdits): that column is what the idle step costs, not part of the open.
console.log("\ncheck path (as the CLI checks a file, and as the editor opens one: the fast parse path)");
console.log('lines    fast parse   full analysis   ratio to Lezer\'s parse   ratio to the fast parse   editor: tree built when idle   in slices: longest, count');
for (const [i, target] of [1_000, 10_000, 50_000].entries()) {
  const text = generateScript(target, target);
  const path = `/bench/check_${target}.py`;
  const fast = time(() => void fastParse(text));
  const full = time(() => void new Analyzer({ fastParse: true }).analyze({ path, text, stage: 2 }));
  const prepares: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const editor = new Analyzer({ fastParse: true });
    editor.analyze({ path, text, stage: 2, editing: true });
    const t = performance.now();
    editor.prepareForEdits();
    prepares.push(performance.now() - t);
  }
  const prepare = median(prepares);
  // as the extension's worker builds it: slices of IDLE_SLICE_MS, each timed (a request waits for one at most)
  const longest: number[] = [];
  let slices = 0;
  for (let r = 0; r < RUNS; r++) {
    const editor = new Analyzer({ fastParse: true });
    editor.analyze({ path, text, stage: 2, editing: true });
    let worst = 0;
    slices = 0;
    for (let more = true; more; slices++) {
      const t = performance.now();
      more = editor.prepareForEdits(IDLE_SLICE_MS) === 'working';
      worst = Math.max(worst, performance.now() - t);
    }
    longest.push(worst);
  }
  console.log(`${String(rows[i].lines).padStart(6)} ${fmt(fast)}     ${fmt(full)}          ${(full / rows[i].parse).toFixed(2).padStart(5)}x                 ${(full / fast).toFixed(2).padStart(5)}x                ${fmt(prepare)}                 ${fmt(median(longest))}, ${slices}`);
}
clearInterval(timer);
sample();
const perLine = rows.map((r) => (r.full / r.lines) * 1000);
console.log(`\nanalysis per 1,000 lines: ${perLine.map((x) => x.toFixed(2)).join(' / ')} ms (1k / 10k / 50k: flat means linear)`);
console.log(`peak memory (RSS): ${(peak / 1048576).toFixed(0)} MB`);

// Workspace: a generated project (scripts/lib/corpus.ts) of about 500 files, checked the way the editor does it —
// one Analyzer over an in-memory project; then one file changes and only it is checked again (the others stay
// cached; their parses are reused through the host for cross-file look-ups).
{
  let files = generateProject({ lines: 32_000, seed: 7 }).filter((f) => f.path.endsWith('.py'));
  files = files.slice(0, 500);
  const texts = new Map<string, string>(files.map((f) => [`/ws/${f.path}`, f.text]));
  const host = { readFile: (p: string): string | undefined => texts.get(p) };
  const totalLines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  const colds: number[] = [];
  let analyzer = new Analyzer({ host });
  for (let run = 0; run < Math.max(3, Math.floor(RUNS / 2)); run++) {
    analyzer = new Analyzer({ host });
    const t = performance.now();
    for (const [path, text] of texts) analyzer.analyze({ path, text });
    colds.push(performance.now() - t);
  }
  // Re-check one changed file: a training script that imports from other files of the project.
  const target = [...texts.keys()].find((p) => p.endsWith('/train.py')) ?? [...texts.keys()][0];
  const original = texts.get(target) as string;
  const at = original.indexOf('\n', Math.floor(original.length / 2));
  const edited = original.slice(0, at) + '  # edited' + original.slice(at);
  let flip = false;
  const recheck = time(() => {
    flip = !flip;
    texts.set(target, flip ? edited : original);
    analyzer.analyze({ path: target, text: flip ? edited : original });
  }, RUNS * 3);
  sample();
  console.log(`\nworkspace: ${files.length} files, ${totalLines} lines — cold scan ${median(colds).toFixed(0)} ms (one thread, in memory), re-check of one changed file (${target.slice(4)}, ${original.split('\n').length} lines) ${recheck.toFixed(2)} ms`);
  console.log(`peak memory (RSS) including the workspace: ${(peak / 1048576).toFixed(0)} MB`);
}

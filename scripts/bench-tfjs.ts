// Benchmark of the TensorFlow.js path: cold load of the analyser chunk (with the TypeScript compiler), parse
// and analysis of a generated 5,000-line tfjs training file, re-analysis after a one-character edit, and
// whether a Python-only workload loads the compiler at all. Prints figures; asserts nothing.
// Run: npx tsx scripts/bench-tfjs.ts
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { Analyzer } from '../src/engine';
import { parseFile } from '../src/engine/tfjs/parse';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

/** Median and minimum of timings: on a shared machine the minimum is the cost, the median what one waits. */
function stats(xs: number[]): string {
  return `${ms(median(xs))} (min ${ms(Math.min(...xs))})`;
}

/** A training script of about `lines` lines: models, compiles, fits, pipelines and hand-written loops. */
export function generateTfjsFile(lines: number): string {
  const out = ["import * as tf from '@tensorflow/tfjs-node';", ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `function buildModel${i}(inputs: number) {`,
      '  const model = tf.sequential();',
      `  model.add(tf.layers.dense({ inputShape: [inputs], units: ${16 + (i % 7)}, activation: 'relu' }));`,
      `  model.add(tf.layers.dropout({ rate: 0.${(i % 5) + 1} }));`,
      `  model.add(tf.layers.dense({ units: ${2 + (i % 9)}${i % 3 ? ", activation: 'softmax'" : ''} }));`,
      `  model.compile({ optimizer: tf.train.adam(${i % 4 ? '3e-4' : '0.01'}), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });`,
      '  return model;',
      '}',
      `async function train${i}(xs: tf.Tensor, ys: tf.Tensor, rows: number[][]) {`,
      `  const model = buildModel${i}(xs.shape[1] as number);`,
      `  const ds = tf.data.array(rows).batch(${32 + i});`,
      `  await model.fit(xs, ys, { epochs: 10, batchSize: 32, shuffle: ${i % 2 ? 'true' : 'false'}, validationSplit: 0.2 });`,
      `  await model.fitDataset(ds, { epochs: 3, validationData: ds, validationBatches: ${i % 20} });`,
      '  const optimizer = tf.train.adam(3e-4);',
      '  for (let step = 0; step < 100; step++) {',
      '    const cost = optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor), true);',
      `    if (step % 10 === ${i % 10}) console.log(step, cost.dataSync()[0]);`,
      '  }',
      '  return model;',
      '}',
      '',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** Builds the engine and the tfjs chunk the way scripts/build.mjs does, into a temporary folder. */
async function bundles(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-recipe-bench-'));
  // the options of scripts/build.mjs that matter here
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] as string[], minify: true, logLevel: 'silent' } as const;
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/engine/index.ts')], outfile: path.join(dir, 'engine.js') });
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/engine/tfjs/analyzer.ts')], outfile: path.join(dir, 'tfjs.js') });
  return dir;
}

/** In a fresh process: Python-only work, then the first tfjs file (cold), timed. */
const COLD = `
const { performance } = require('perf_hooks');
const engine = require(process.env.ENGINE);
const loaded = () => Object.keys(require.cache).some((k) => /[\\\\/]tfjs\\.js$|[\\\\/]node_modules[\\\\/]typescript[\\\\/]/.test(k));
const a = new engine.Analyzer();
for (let i = 0; i < 20; i++) a.analyze({ path: '/p/train' + i + '.py', text: 'import torch\\nfor x, y in loader:\\n    opt.zero_grad()\\n    loss = model(x).sum()\\n    loss.backward()\\n    opt.step()\\n' });
a.analyze({ path: '/p/util.ts', text: 'export const add = (a: number, b: number) => a + b;\\n' });
const pythonOnly = loaded();
let t = performance.now();
require(require('path').join(require('path').dirname(process.env.ENGINE), 'tfjs.js'));
const load = performance.now() - t;
t = performance.now();
a.analyze({ path: '/p/train.ts', text: "import * as tf from '@tensorflow/tfjs';\\nconst m = tf.sequential({ layers: [tf.layers.dense({ units: 3 })] });\\nm.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });\\n" });
const first = performance.now() - t;
console.log(JSON.stringify({ pythonOnly, afterTfjs: loaded(), load, first }));
`;

async function main(): Promise<void> {
  const dir = await bundles();
  try {
    const sizes = ['engine.js', 'tfjs.js'].map((f) => `${f} ${(fs.statSync(path.join(dir, f)).size / 1e6).toFixed(2)} MB`).join(', ');
    const colds = Array.from({ length: 5 }, () => JSON.parse(execFileSync(process.execPath, ['-e', COLD], { env: { ...process.env, ENGINE: path.join(dir, 'engine.js') } }).toString()) as { pythonOnly: boolean; afterTfjs: boolean; load: number; first: number });
    console.log(`bundles (minified): ${sizes}`);
    console.log(`compiler loaded after Python-only (and non-tfjs TS) files: ${colds.some((c) => c.pythonOnly) ? 'YES' : 'no'}; after a tfjs file: ${colds.every((c) => c.afterTfjs) ? 'yes' : 'NO'}`);
    console.log(`cold load of dist/tfjs.js (TypeScript compiler + analyser), ${colds.length} fresh processes: ${stats(colds.map((c) => c.load))}`);
    console.log(`first tfjs file analysed after the load: ${stats(colds.map((c) => c.first))}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const text = generateTfjsFile(5000);
  const lineCount = text.split('\n').length - 1;
  const parse: number[] = [];
  const full: number[] = [];
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    ts.createSourceFile('/bench/parse.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    parse.push(performance.now() - t);
    t = performance.now();
    findings = new Analyzer().analyze({ path: `/bench/fresh${i}.ts`, text, stage: 2 }).findings.length;
    full.push(performance.now() - t);
  }
  console.log(`${lineCount}-line tfjs file (${(text.length / 1e3).toFixed(0)} KB, ${findings} findings in stage 2), ${RUNS} runs:`);
  console.log(`  parse only (ts.createSourceFile): ${stats(parse)}`);
  console.log(`  parse + semantic layer + checks: ${stats(full)}`);

  // one-character edits in the middle of the file: the kept tree is updated (incremental parse), the semantic
  // layer and the checks run again
  const analyzer = new Analyzer();
  analyzer.analyze({ path: '/bench/edit.ts', text, stage: 2 });
  parseFile('/bench/parse-edit.ts', text, 'typescript');
  const edited: number[] = [];
  const fresh: number[] = [];
  const parsedEdit: number[] = [];
  const parsedFresh: number[] = [];
  let current = text;
  const at = current.indexOf('units: ', Math.floor(current.length / 2)) + 'units: '.length;
  for (let i = 0; i < RUNS; i++) {
    current = current.slice(0, at) + String((i % 9) + 1) + current.slice(at + 1);
    let t = performance.now();
    parseFile('/bench/parse-edit.ts', current, 'typescript');
    parsedEdit.push(performance.now() - t);
    t = performance.now();
    parseFile(`/bench/parse-fresh${i}.ts`, current, 'typescript');
    parsedFresh.push(performance.now() - t);
    t = performance.now();
    analyzer.analyze({ path: '/bench/edit.ts', text: current, stage: 2 });
    edited.push(performance.now() - t);
    t = performance.now();
    new Analyzer().analyze({ path: `/bench/edit-fresh${i}.ts`, text: current, stage: 2 });
    fresh.push(performance.now() - t);
  }
  console.log(`after a one-character edit, ${RUNS} runs:`);
  console.log(`  parse: ${stats(parsedEdit)} updating the kept tree (ts.updateSourceFile), ${stats(parsedFresh)} from scratch`);
  console.log(`  whole re-analysis: ${stats(edited)} with the kept tree, ${stats(fresh)} from scratch`);
}

if (require.main === module) void main();

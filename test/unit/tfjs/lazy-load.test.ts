// The TypeScript compiler is loaded only when a file imports TensorFlow.js: Python-only workspaces never pay
// for it. Checked in fresh Node processes, from sources (tsx) and from bundles built the way
// scripts/build.mjs builds them (the engine bundle without the compiler, the analyser in its own tfjs.js).
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

/** Analyses Python and non-tfjs files, reports whether the compiler is loaded, then does the same after a tfjs file. */
const PROBE = `
const engine = require(process.env.ENGINE);
const loaded = () => Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/]typescript[\\\\/]|[\\\\/]tfjs[\\\\/]analyzer\\.ts$|[\\\\/]tfjs\\.js$/.test(k));
const a = new engine.Analyzer();
a.analyze({ path: '/p/train.py', text: 'import torch\\nfor x, y in loader:\\n    loss = model(x).sum()\\n' });
a.analyze({ path: '/p/util.ts', text: 'export const add = (a: number, b: number) => a + b;\\n' });
a.analyze({ path: '/p/sweep.yaml', text: 'lr: 0.1\\n' });
engine.assessProject([{ path: '/p/train.py', text: 'import torch\\n' }, { path: '/p/util.ts', text: 'export const x = 1;\\n' }]);
const before = loaded();
const r = a.analyze({ path: '/p/train.ts', text: "import * as tf from '@tensorflow/tfjs';\\nconst m = tf.sequential({ layers: [tf.layers.dense({ units: 3 })] });\\nm.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });\\n" });
console.log(JSON.stringify({ before, after: loaded(), codes: r.findings.map((f) => f.code) }));
`;

async function probe(engine: string, nodeArgs: string[]): Promise<{ before: string[]; after: string[]; codes: string[] }> {
  const { stdout } = await run(process.execPath, [...nodeArgs, '-e', PROBE], { cwd: ROOT, env: { ...process.env, ENGINE: engine } });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as { before: string[]; after: string[]; codes: string[] };
}

describe('tfjs: lazy loading of the TypeScript compiler', function () {
  this.timeout(120_000);

  it('from sources: not loaded for Python, YAML and non-tfjs TypeScript files, loaded for a tfjs file', async () => {
    const r = await probe(path.join(ROOT, 'src/engine'), ['-r', 'tsx/cjs']);
    assert.deepEqual(r.before, []);
    assert.ok(r.after.some((k) => k.includes('typescript')), `compiler not loaded after a tfjs file: ${r.after.join(', ')}`);
    assert.ok(r.codes.includes('NR208'), 'the tfjs file was analysed');
  });

  describe('from bundles', () => {
    let dir: string;
    let inputs: { engine: string[]; chunk: string[] };
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-recipe-tfjs-'));
      // the options of scripts/build.mjs that matter here
      const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] as string[], metafile: true, logLevel: 'silent' } as const;
      const [engine, chunk] = await Promise.all([
        esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/engine/index.ts')], outfile: path.join(dir, 'engine.js') }),
        esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/engine/tfjs/analyzer.ts')], outfile: path.join(dir, 'tfjs.js') }),
      ]);
      inputs = { engine: Object.keys(engine.metafile.inputs), chunk: Object.keys(chunk.metafile.inputs) };
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('the engine bundle does not contain the compiler; the tfjs chunk does', () => {
      assert.deepEqual(inputs.engine.filter((f) => f.includes('node_modules/typescript/')), []);
      assert.ok(!inputs.engine.some((f) => f.endsWith('tfjs/analyzer.ts')), 'the analyser is inlined into the engine bundle');
      assert.ok(inputs.chunk.some((f) => f.includes('node_modules/typescript/')));
    });

    it('the bundled engine loads tfjs.js only for a tfjs file', async () => {
      const r = await probe(path.join(dir, 'engine.js'), []);
      assert.deepEqual(r.before, []);
      assert.deepEqual(r.after, [path.join(dir, 'tfjs.js')]);
      assert.ok(r.codes.includes('NR208'));
    });
  });
});

// Bundles the extension, its analysis worker, the CLI and the lazily loaded TensorFlow.js analyser with esbuild. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readFileSync } from 'fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: !watch,
  logLevel: 'info',
  legalComments: 'none',
  // jsonc-parser's `main` is a UMD build whose internal requires esbuild cannot follow: prefer ES modules.
  mainFields: ['module', 'main'],
  define: { NN_RECIPE_VERSION: JSON.stringify(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version) },
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The extension's analysis worker thread: the engine runs there, off the extension host's thread.
  { ...common, entryPoints: ['src/extension/worker/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' },
  // The TensorFlow.js analyser with the TypeScript compiler, in its own chunk: the extension and the CLI
  // require it from beside them only when a file imports TensorFlow.js (src/engine/tfjs/index.ts).
  { ...common, entryPoints: ['src/engine/tfjs/analyzer.ts'], outfile: 'dist/tfjs.js' },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

// Bundles the extension, its analysis worker, the CLI and the lazily loaded TensorFlow.js analyser with esbuild. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { createHash } from 'crypto';
import { readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

const watch = process.argv.includes('--watch');

/** What identifies this build (the CLI's result cache, src/cli/cache.ts): the sources and the locked dependencies. */
function buildId() {
  const h = createHash('sha1');
  const visit = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else h.update(p).update(readFileSync(p));
    }
  };
  visit('src');
  h.update(readFileSync('package-lock.json'));
  return h.digest('hex').slice(0, 16);
}

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
  define: {
    NN_RECIPE_VERSION: JSON.stringify(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version),
    // `--watch` rebuilds without a new id: the CLI then hashes its own bundle
    NN_RECIPE_BUILD: JSON.stringify(watch ? 'watch' : buildId()),
  },
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

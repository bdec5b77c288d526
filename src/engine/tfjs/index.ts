// TensorFlow.js analysis (TypeScript/JavaScript). The analyser needs the TypeScript compiler (~200 ms to load,
// 3.5 MB), so it lives in its own bundle and is loaded on first use, only for files that import TensorFlow.js:
// Python-only workspaces never load it. A cheap look for the package names decides first; the analyser then
// confirms the import on the syntax tree.
import * as fs from 'fs';
import * as path from 'path';
import type { LanguageRunner } from '../language-runner';
import type * as Analyzer from './analyzer';

type AnalyzerModule = typeof Analyzer;

/** `'@tensorflow/tfjs'`, `"@tensorflow/tfjs-node"`, `'@tensorflow/tfjs-node-gpu'` as a module specifier. */
const TFJS_SPECIFIER = /['"`]@tensorflow\/tfjs(?:-node(?:-gpu)?)?['"`]/;

export const NOT_TFJS = 'the file does not import TensorFlow.js (@tensorflow/tfjs, -node or -node-gpu) or use its global tf';

let analyzer: AnalyzerModule | undefined;

/**
 * Loads the analyser: in a bundle (dist/extension.js, dist/cli.js) the separate chunk dist/tfjs.js beside it;
 * from sources (tsx, mocha) or compiled files, the analyzer module beside this one. The path is computed so
 * that esbuild leaves the require alone instead of inlining the compiler into the main bundle.
 */
export function loadTfjsAnalyzer(): AnalyzerModule {
  if (!analyzer) {
    const chunk = path.join(__dirname, 'tfjs.js');
    const file = !__filename.endsWith('.ts') && fs.existsSync(chunk) ? chunk : path.join(__dirname, 'analyzer');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    analyzer = require(file) as AnalyzerModule;
  }
  return analyzer;
}

/** Whether the analyser (and with it the TypeScript compiler) has been loaded in this process. */
export function tfjsAnalyzerLoaded(): boolean {
  return analyzer !== undefined;
}

/** A page script's use of the global `tf` to build or train a model (confirmed on the syntax tree). */
const GLOBAL_TF_MODEL = /\btf\.(?:sequential|model|layers|train|loadLayersModel)\b/;

/**
 * Whether a text names the TensorFlow.js package, or builds a model with the global `tf` of a page that loads
 * TensorFlow.js from a `<script>` tag (a cheap look before loading the analyser).
 */
export function mayImportTfjs(text: string): boolean {
  return TFJS_SPECIFIER.test(text) || GLOBAL_TF_MODEL.test(text);
}

export const runTfjs: LanguageRunner = (run) => {
  if (!mayImportTfjs(run.text)) return { syntaxErrors: [], isComment: () => false, notApplicable: NOT_TFJS };
  return loadTfjsAnalyzer().analyzeTfjs(run);
};

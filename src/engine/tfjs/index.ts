// TensorFlow.js analysis (TypeScript/JavaScript). Placeholder until the tfjs analyser lands: no findings.
import type { LanguageRunner } from '../language-runner';

export const runTfjs: LanguageRunner = () => ({ syntaxErrors: [], isComment: () => false });

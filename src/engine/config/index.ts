// Training-config analysis (YAML/JSON). Placeholder until the config analyser lands: no findings.
import type { LanguageRunner } from '../language-runner';

export const runConfig: LanguageRunner = () => ({ syntaxErrors: [], isComment: () => false });

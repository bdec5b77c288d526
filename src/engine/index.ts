// The engine's public API, shared by the CLI and the VS Code extension. Pure: no vscode, no writes.
export * from './types';
export { Analyzer, analyze, looksBinary, DEFAULT_MAX_LENGTH, type AnalyzeOptions, type AnalyzerOptions, type PrepareOutcome, type ProjectHost } from './analyze';
export { applyEdits } from './fix';
export { fixAll, type FixAllResult } from './fixer';
export { detectLanguage, lineCommentPrefix } from './language';
export { loadProjectFile, setPinnedStage, setTipTick, PROJECT_FILE, PROJECT_FILE_TEMPLATE, type ProjectFile, type ProjectFileEdit, type Tick } from './project-file';
export * from './stages';
export { RULES } from './rules';
export type { RuleMeta, RuleDocs } from './rules/rule';
export { effectiveSeverity, mergeSettings, unknownSelectors } from './settings';
export { LineIndex } from './text';
export { RECIPE_URL, DOCS_URL_BASE, ruleDocsUrl, ruleHelpMarkdown, stageName } from './docs';
import { suppressionEdit as suppressionEditAt } from './suppressions';
import { RULES } from './rules';
import type { RuleMeta } from './rules/rule';
import { LineIndex } from './text';
import type { Language, TextEdit } from './types';

/** Where the generated rule docs live, relative to the package root: `docs/rules/NR204.md`. */
export const DOCS_BASE = 'docs/rules';

export function allRules(): RuleMeta[] {
  return [...RULES];
}

export function getRule(codeOrName: string): RuleMeta | undefined {
  const k = codeOrName.trim();
  return RULES.find((r) => r.code === k.toUpperCase() || r.name === k);
}

/** The edit for "Ignore NRxxx on this line". */
export function suppressionEdit(text: string, language: Language, line: number, code: string): TextEdit | undefined {
  return suppressionEditAt(new LineIndex(text), language, line, code);
}

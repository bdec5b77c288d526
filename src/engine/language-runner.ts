// The contract between analyze.ts and a language's analyser (Python lives in analyze.ts; TensorFlow.js in
// tfjs/, configs in config/). A runner parses the text once, runs the checks of the enabled rules and
// reports through `run.report`; analyze.ts turns reports into findings and applies suppressions.
import type { ProjectHost } from './analyze';
import type { ReportInput } from './rules/rule';
import type { LineIndex } from './text';
import type { Language } from './types';

export interface LanguageRun {
  path: string;
  language: Language;
  text: string;
  lines: LineIndex;
  stage: number | undefined;
  host: ProjectHost | undefined;
  /** Whether the rule runs in this analysis (selected, not ignored, and active in the stage). */
  isEnabled(code: string): boolean;
  report(code: string, r: ReportInput): void;
  /** A check threw: recorded as an internal error, the other checks go on. */
  internalError(code: string, err: unknown): void;
}

export interface LanguageRunResult {
  syntaxErrors: { from: number; to: number; message: string }[];
  /** Whether the character at an offset is inside a comment (for suppression comments). */
  isComment: (offset: number) => boolean;
  /** Set when the file is of the language but not a kind nn-recipe checks (a YAML file that is no training config). */
  notApplicable?: string;
}

export type LanguageRunner = (run: LanguageRun) => LanguageRunResult;

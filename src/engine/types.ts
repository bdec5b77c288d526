// Core types shared by the engine, the CLI and the extension. Pure: no I/O, no vscode.

/** Severity of a finding. `off` is only valid in settings. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/**
 * How much a fix can be trusted:
 * - `safe`: keeps the program's meaning apart from the mistake; applied by `--fix` and fix-all on save.
 * - `unsafe`: correct in the usual case but may change behaviour; applied only with `--unsafe-fixes`.
 * - `suggestion`: an edit shown to the user as an option; never applied in bulk.
 */
export type FixSafety = 'safe' | 'unsafe' | 'suggestion';

export type Language = 'python' | 'typescript' | 'javascript' | 'yaml' | 'json';

/** 0-based line and character; character counts UTF-16 code units (what VS Code uses). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A replacement of a span of the original text. `start`/`end` are UTF-16 offsets into the text. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
  /** Path of the file the edits apply to, when it is not the file of the finding (cross-file fix). */
  path?: string;
}

export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

export type FindingTag = 'unnecessary' | 'deprecated';

export interface Finding {
  code: string;
  /** kebab-case rule name */
  name: string;
  message: string;
  severity: Severity;
  path: string;
  range: Range;
  /** UTF-16 offsets of the range, for applying fixes and suppressions. */
  offsets: { start: number; end: number };
  fixes: Fix[];
  related: RelatedLocation[];
  tags: FindingTag[];
  /** Recipe stage (1-6) and tip id ("2.1") behind the rule. */
  stage: number;
  tip: string;
}

export interface ParseProblem {
  range: Range;
  message: string;
}

export interface AnalysisResult {
  path: string;
  language: Language | undefined;
  findings: Finding[];
  /** Syntax errors the parser recovered from. The analysis went on around them. */
  syntaxErrors: ParseProblem[];
  /** Set when the file was not analysed at all (binary, too large, unknown type), with the reason. */
  skipped?: string;
  /** Rules that failed with an internal error (a bug in nn-recipe); their findings are missing, nothing else is. */
  internalErrors?: string[];
  /** Set when the file is of a known language but not a kind nn-recipe checks (a YAML file that is no training config). */
  notApplicable?: string;
}

/** Rule selection and severity settings, the same vocabulary for CLI flags, editor settings and project file. */
export interface RuleSettings {
  /** Codes or prefixes ("NR2", "NR204"); when non-empty only these rules run. `ALL` selects everything. */
  select?: string[];
  /** Codes or prefixes to turn off. Wins over `select` for the same or a longer prefix. */
  ignore?: string[];
  /** Per-rule severity overrides, keyed by code or name. */
  severity?: Record<string, SeveritySetting>;
}

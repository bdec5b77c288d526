// The rule contract. One rule per file, declared with `defineRule`: its code, name, recipe stage and tip,
// languages, default severity, fix safety and documentation. Docs under docs/rules/ and the README's rule
// table are generated from this metadata (scripts/gen-docs.ts); a test keeps them in sync.
import type { Expr, Span } from '../python/ir';
import type { PyModule } from '../python/semantic';
import type { LineIndex } from '../text';
import type { FindingTag, FixSafety, Language, Severity, TextEdit } from '../types';

export interface RuleDocs {
  /** One sentence: what the rule reports. */
  summary: string;
  /** Why it matters, in the recipe's terms (Markdown, a short paragraph). */
  why: string;
  /** A small example that the rule reports, and the same code written well. */
  bad: string;
  good: string;
  /** Language of the examples (defaults to the rule's first language). */
  exampleLanguage?: Language;
  /** What the fix does, when there is one. */
  fix?: string;
  /** Path of the examples, when the rule looks at file names or kinds (e.g. "train.py", "sweep.yaml"). */
  examplePath?: string;
  /** Stage to analyse the examples in, for stage-aware rules. */
  exampleStage?: number;
  /** Other project files the examples need (path relative to the example's folder → text), e.g. the script that loads a config. */
  exampleFiles?: Record<string, string>;
}

export interface RuleMeta {
  /** `NR<stage><nn>` */
  code: string;
  /** kebab-case */
  name: string;
  /** Recipe stage 1-6, the hundreds digit of the code. */
  stage: number;
  /** Recipe tip id from the domain reference, e.g. "2.1". */
  tip: string;
  languages: Language[];
  defaultSeverity: Severity;
  fixSafety: FixSafety | 'none';
  docs: RuleDocs;
  /** For stage-aware rules: the project stages in which the rule applies. Absent: every stage. */
  activeInStages?: number[];
}

export interface Related {
  /** Defaults to the file being analysed. */
  module?: { path: string; text: string };
  span: Span;
  message: string;
}

export interface FixInput {
  title: string;
  /** Defaults to the rule's fix safety. */
  safety?: FixSafety;
  edits: TextEdit[];
  /** For a fix in another file (the model file of a cross-file finding). */
  path?: string;
}

export interface ReportInput {
  span: Span;
  message: string;
  fixes?: FixInput[];
  related?: Related[];
  tags?: FindingTag[];
}

export interface BaseRuleContext {
  path: string;
  text: string;
  lines: LineIndex;
  /** The stage the project is in (pinned or inferred), when known. */
  stage: number | undefined;
  report(r: ReportInput): void;
  /** Whether the parser had to recover from a syntax error within a span (or anywhere, without one). */
  hasSyntaxErrorIn(span?: Span): boolean;
}

export interface PythonRuleContext extends BaseRuleContext {
  module: PyModule;
  /** Source text of any IR node. */
  source(e: Expr | Span): string;
}

export interface Rule extends RuleMeta {
  checkPython?: (ctx: PythonRuleContext) => void;
}

const CODE = /^NR([1-6])\d\d$/;
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Declares a rule; checks the contract so a malformed rule fails at load time, in tests. */
export function defineRule<R extends Rule>(rule: R): R {
  const m = CODE.exec(rule.code);
  if (!m) throw new Error(`rule code ${rule.code} is not NR<stage><nn>`);
  if (Number(m[1]) !== rule.stage) throw new Error(`rule ${rule.code}: stage ${rule.stage} does not match its code`);
  if (!NAME.test(rule.name)) throw new Error(`rule ${rule.code}: name ${rule.name} is not kebab-case`);
  if (!rule.docs.summary || !rule.docs.why || !rule.docs.bad || !rule.docs.good) throw new Error(`rule ${rule.code}: docs incomplete`);
  if (rule.fixSafety !== 'none' && !rule.docs.fix) throw new Error(`rule ${rule.code}: a fixable rule documents its fix`);
  return rule;
}

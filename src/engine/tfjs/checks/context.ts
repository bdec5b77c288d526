// What a TensorFlow.js check sees: the tree, the semantic layer, the tfjs facts, and a way to report.
// The checks live here, apart from the rule files, because they need the TypeScript compiler, which is loaded
// only for files that import TensorFlow.js; the rule files (metadata and docs) stay in the main bundle.
import type ts from 'typescript';
import type { ReportInput } from '../../rules/rule';
import type { LineIndex } from '../../text';
import type { TfFacts } from '../facts';
import type { Span, TfModule } from '../semantic';

export interface TfjsCheckContext {
  path: string;
  text: string;
  lines: LineIndex;
  /** The project's stage, when known. */
  stage: number | undefined;
  sf: ts.SourceFile;
  m: TfModule;
  tf: TfFacts;
  report(r: ReportInput): void;
  /** Whether the parser recovered from a syntax error within a node or span (or anywhere, without one). */
  hasSyntaxErrorIn(at?: ts.Node | Span): boolean;
}

export type TfjsCheck = (ctx: TfjsCheckContext) => void;

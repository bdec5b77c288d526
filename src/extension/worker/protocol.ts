// Messages between the extension host and its analysis worker thread. Plain data only (structured clone).
import type { AnalysisResult, AnalyzeOptions, FixAllResult, ProjectFile, RuleSettings, StageReport } from '../../engine';

/** Changes to the worker's copy of the open documents (their unsaved text wins over the disk). */
export interface DocsUpdate {
  set?: [path: string, text: string][];
  drop?: string[];
}

export type Request =
  /** `forget`: drop the parse afterwards (a file checked from disk that nobody edits). */
  | { kind: 'analyze'; options: AnalyzeOptions; forget?: boolean }
  /**
   * A project's (`scope`'s) files: a file without `text` has the text sent for it last time in the same scope. The
   * worker assesses them a step at a time: an answer `more` asks for `{ kind: 'assess', scope, resume: true }` (no
   * files), which takes the next step, so that other requests are answered in between.
   */
  | { kind: 'assess'; scope: string; files: { path: string; text?: string }[]; projectFile?: ProjectFile; settings?: RuleSettings }
  | { kind: 'assess'; scope: string; resume: true }
  /** Every safe fix applied round after round: the resulting text. */
  | { kind: 'fixAll'; options: AnalyzeOptions }
  | { kind: 'forget'; path: string };

export interface Results {
  analyze: { result: AnalysisResult; ms: number };
  /**
   * `missing`: the worker lacks the text of a file sent without one, or the assessment to resume (a new worker): send
   * them all again. `more`: resume it.
   */
  assess: { report: StageReport } | { missing: true } | { more: true };
  fixAll: FixAllResult;
  forget: null;
}

export interface WorkerInit {
  kind: 'nn-recipe-analysis';
  /** Whether files that are not open may be read from disk (false in virtual workspaces). */
  disk: boolean;
}

export interface Envelope {
  id: number;
  docs?: DocsUpdate;
  /** The disk setting changed (workspace folders changed). */
  disk?: boolean;
  /** More requests are queued behind this one: no idle work after it. */
  more?: boolean;
  request: Request;
}

export type Reply = { id: number; ok: true; value: Results[Request['kind']]; threadId: number } | { id: number; ok: false; error: string };

// The stage report: where a project stands in the recipe, tip by tip, with the proof. Shared by the CLI's
// `nn-recipe stage` and the sidebar (a tree view is a thin adapter over `StageReport`).
import type { Finding, ParseProblem, Range } from '../types';
import type { StageInfo, TipInfo } from './recipe';

export type EvidenceKind =
  | 'data-exploration'
  | 'training'
  | 'seed'
  | 'full-eval'
  | 'loss-at-init'
  | 'zero-input-baseline'
  | 'overfit-one-batch'
  | 'library-model'
  | 'adam-baseline'
  | 'augmentation'
  | 'dropout'
  | 'weight-decay'
  | 'early-stopping'
  | 'pretrained'
  /** Inputs prepared as the pretrained network expects them (its normalisation statistics, its own transforms). */
  | 'preprocessing'
  | 'patience'
  | 'hparam-search'
  | 'ensemble'
  /** Training outside supervised learning (a GAN, a diffusion model, RL, self-supervised views): no validation split to judge it on. */
  | 'paradigm';

/** Proof found in the workspace that some work of the recipe was done. */
export interface Evidence {
  kind: EvidenceKind;
  /** Tips it shows done (may be empty: the training loop itself proves no tip but shows stage-2 work). */
  tips: string[];
  /** Set when the evidence shows the project has reached this stage (it drives the inferred stage). */
  stage?: number;
  /** What was found, one short line: "torch.manual_seed(0)", "Dropout2d in Net". */
  message: string;
  path: string;
  range: Range;
  offsets: { start: number; end: number };
  /**
   * `module/function` of its file it lies in, when nothing in that file calls it (`module/f|g` when only `g`, itself
   * uncalled, names `f`): the evidence holds only if another file of the project names one of them, or none imports
   * the module (`withoutUncalled`). Not in a report.
   */
  needsCaller?: string;
  /** Arguments a call of the project must pass for it to hold (`callee:param:index`; `withoutUncalled`). Not in a report. */
  needsArguments?: string[];
  /** Holds only in a project that shows a pretrained network (`withoutUncalled`). Not in a report. */
  needsPretrained?: true;
  /** An option it reads: dropped when every parser of the project defaults it to 0 (`withoutUncalled`). Not in a report. */
  needsOption?: string;
  /** A configuration key that switches it on, off by default: dropped unless a config file sets it to something other than `off` (`withoutUncalled`). Not in a report. */
  needsConfig?: string;
  /** The project class it lies in: dropped when no optimizer of the project trains that class (`withoutUncalled`). Not in a report. */
  needsTrained?: string;
}

/**
 * - `done`: evidence shows the tip is followed (see `evidence`);
 * - `violated`: a rule mapped to the tip reports a finding (see `findings`);
 * - `ticked`: the user ticked it by hand in the project file;
 * - `open`: none of these.
 * A violation wins over evidence and ticks; evidence wins over a tick (the tick is still in `tick`).
 */
export type TipState = 'done' | 'violated' | 'ticked' | 'open';

export interface TipStatus extends TipInfo {
  state: TipState;
  evidence: Evidence[];
  findings: Finding[];
  /** The hand tick from the project file, when there is one (whatever the state). */
  tick?: { note?: string; date?: string };
}

/**
 * - `current`: the stage the project is in (pinned or inferred);
 * - `done`: an earlier stage with no gap left;
 * - `incomplete`: an earlier stage with gaps (open essentials or violations);
 * - `upcoming`: a later stage.
 */
export type StageState = 'current' | 'done' | 'incomplete' | 'upcoming';

export interface StageStatus extends StageInfo {
  state: StageState;
  tips: TipStatus[];
}

/** Something an earlier stage still needs: an essential tip left open, or a violated tip. */
export interface Gap {
  tip: string;
  stage: number;
  state: 'open' | 'violated';
  /** "You are regularizing (stage 4), but the seed is not fixed (2.1)." */
  message: string;
}

export interface StageReport {
  /** The stage the project is in: the pinned one, else the inferred one. */
  stage: number;
  /** The stage pinned in the project file, if any. */
  pinned?: number;
  /** The stage the evidence shows. */
  inferred: number;
  /** Why the stage was inferred, one sentence. */
  reason: string;
  /** The evidence behind the inferred stage. */
  because: Evidence[];
  stages: StageStatus[];
  gaps: Gap[];
  /** Every piece of evidence, by file and position. */
  evidence: Evidence[];
  /** Findings of every rule, as analysed in the current stage (the violations come from these). */
  findings: Finding[];
  /** Files that train a model (training loops, trainer.fit, training_step). Empty: show the welcome view. */
  trainingFiles: string[];
  /** Files looked at. */
  files: number;
  /** Problems of the project file (malformed YAML, unknown keys); the report ignored what it could not read. */
  projectFileProblems: ParseProblem[];
}

// Where a project stands in the recipe: evidence from every file, the inferred stage (or the pinned one), each
// tip's state, and the gaps earlier stages left. Pure and deterministic: the same files give the same report.
import { Analyzer, DEFAULT_MAX_LENGTH, looksBinary } from '../analyze';
import { detectLanguage, isJsTestFile } from '../language';
import { isTestModule } from '../python/facts-eval';
import { referencedNames } from '../python/facts-entry';
import { namedForLoss } from '../python/facts-pretrained';
import { trainsSomehow } from '../python/facts-recipe';
import { loadTfjsAnalyzer, mayImportTfjs } from '../tfjs';
import type { ProjectFile } from '../project-file';
import { LineIndex, sentence } from '../text';
import type { Finding, RuleSettings } from '../types';
import { configFacts, isConfigCandidate } from './config-evidence';
import { type RawEvidence, pythonEvidence, trainedClassReferences } from './python-evidence';
import { STAGES, TIPS, type TipInfo, stageInfo, stageLabel, tipInfo, tipsOfStage } from './recipe';
import type { Evidence, Gap, StageReport, StageStatus, TipState, TipStatus } from './types';

export interface SourceFile {
  /** Absolute or workspace-relative; reported back as given. Use `/` separators. */
  path: string;
  text: string;
}

export interface AssessOptions {
  /** Rule settings for the violations; defaults to the project file's. */
  settings?: RuleSettings;
}

/** Evidence found in one file (no rules run): what the detectors see, and whether the file trains a model. */
export function fileEvidence(file: SourceFile, analyzer: Analyzer): { evidence: Evidence[]; training: boolean; references?: string[] } {
  const language = detectLanguage(file.path);
  if (!language || file.text.length > DEFAULT_MAX_LENGTH || looksBinary(file.text)) return { evidence: [], training: false };
  let raw: RawEvidence[] = [];
  let training = false;
  let references: string[] | undefined;
  if (language === 'python') {
    // tests seed, loop over test loaders and build models for their own reasons: no evidence of the project's work
    const { module } = analyzer.pythonModule(file.path, file.text);
    if (isTestModule(module)) return { evidence: [], training: false };
    raw = pythonEvidence(module);
    training = trainsSomehow(module);
    references = [...referencedNames(module), ...trainedClassReferences(module)];
  } else if (language === 'typescript' || language === 'javascript') {
    // TensorFlow.js scripts; their tests train tiny models for their own reasons
    if (isJsTestFile(file.path.replace(/\\/g, '/')) || !mayImportTfjs(file.text)) return { evidence: [], training: false };
    ({ evidence: raw, training } = loadTfjsAnalyzer().tfjsEvidence(file.path, file.text, language));
  } else if ((language === 'yaml' || language === 'json') && isConfigCandidate(file.path)) {
    ({ evidence: raw, references } = configFacts(file.text));
  }
  if (!raw.length) return { evidence: [], training, ...(references ? { references } : {}) };
  const lines = new LineIndex(file.text);
  const evidence = raw.map(
    (r): Evidence => ({
      kind: r.kind,
      tips: r.tips,
      ...(r.stage ? { stage: r.stage } : {}),
      message: r.message,
      path: file.path,
      range: lines.range(r.span.from, r.span.to),
      offsets: { start: r.span.from, end: r.span.to },
      ...(r.needsCaller ? { needsCaller: r.needsCaller } : {}),
      ...(r.needsArguments ? { needsArguments: r.needsArguments } : {}),
      ...(r.needsPretrained ? { needsPretrained: r.needsPretrained } : {}),
      ...(r.needsOption ? { needsOption: r.needsOption } : {}),
      ...(r.needsTrained ? { needsTrained: r.needsTrained } : {}),
      ...(r.needsConfig ? { needsConfig: r.needsConfig } : {}),
    }),
  );
  return { evidence, training, ...(references ? { references } : {}) };
}

/**
 * The evidence that holds in a project whose Python files refer to `references`: not what lies in a function that
 * nothing in its file calls, when files import its module and none names the function (`needsCaller`), nor under a
 * switch the calls of its function never pass (`needsArguments`), nor inputs prepared for a pretrained network in a
 * project that shows none (`needsPretrained`). Functions no Python file names may be run from notebooks: kept.
 */
export function withoutUncalled(evidence: readonly Evidence[], references: ReadonlySet<string>): Evidence[] {
  // what the calls of each function pass: how many arguments by position, which keywords, `*args`/`**kwargs`
  const calls = new Map<string, { positional: number[]; keywords: Set<string>; star: boolean }>();
  for (const r of references) {
    const at = r.search(/[#:]/);
    if (at <= 0 || r.startsWith('import:')) continue;
    const callee = r.slice(0, at);
    const c = calls.get(callee) ?? { positional: [], keywords: new Set<string>(), star: false };
    calls.set(callee, c);
    const rest = r.slice(at + 1);
    if (r[at] === ':') c.keywords.add(rest);
    else if (rest === '*') c.star = true;
    else c.positional.push(Number(rest));
  }
  // (an argument passed by keyword, by position, `train#5` for a parameter at index 4, or maybe through `*args`; a
  // function no Python file calls with arguments, `model.train()` being a mode switch, may be run from a notebook,
  // which is not read: what its callers pass is unknown)
  const passed = (gate: string): boolean => {
    const [callee, param, at] = gate.split(':');
    const c = calls.get(callee);
    if (!c || c.star || (!c.keywords.size && !c.positional.some((n) => n > 0))) return true;
    return c.keywords.has(param) || c.positional.some((n) => n > Number(at));
  };
  // the defaults the project's parsers give each option (`option:weight_decay=0`)
  const optionDefaults = new Map<string, number[]>();
  for (const r of references) {
    const m = /^option:(\w+)=(.+)$/.exec(r);
    if (m) optionDefaults.set(m[1], [...(optionDefaults.get(m[1]) ?? []), Number(m[2])]);
  }
  // an option every parser defaults to 0; or `@train:weight_decay`, a parameter every call passes such options for
  const zero = (option: string): boolean => optionDefaults.get(option)?.every((v) => v === 0) ?? false;
  const optionOff = (needs: string): boolean => {
    if (!needs.startsWith('@')) return zero(needs);
    const passed = [...references].filter((r) => r.startsWith(`${needs.slice(1)}@`)).map((r) => r.slice(needs.length));
    return passed.length > 0 && passed.every(zero);
  };
  // the classes the project's optimizers train, and the classes those build (`has:D>C`), when every optimizer is known
  const optimized = [...references].filter((r) => r.startsWith('optimizes:')).map((r) => r.slice('optimizes:'.length));
  const trained = new Set(optimized);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of references) {
      const m = /^has:(\w+)>(\w+)$/.exec(r);
      if (m && trained.has(m[1]) && !trained.has(m[2])) {
        trained.add(m[2]);
        grew = true;
      }
    }
  }
  // a configuration key some config file of the project sets to something other than `off` (`config:monitor=min val_loss`)
  const switchedOn = (key: string): boolean => [...references].some((r) => r.startsWith(`config:${key}=`) && r !== `config:${key}=off`);
  // (an optimizer over an object of a class no file tells, `optimizes:?generator`, may train any class; but not a loss's
  // class, `VGGPerceptualLoss`, when its name is all there is to go by and says generator or discriminator)
  const unknown = optimized.filter((o) => o.startsWith('?')).map((o) => o.slice(1).toLowerCase());
  const mayBe = (cls: string): boolean =>
    unknown.some((hint) => !hint || !namedForLoss(cls) || cls.toLowerCase().includes(hint) || /loss|vgg|perceptual|feat|criterion/.test(hint));
  const untrained = (cls: string): boolean => optimized.length > 0 && !mayBe(cls) && !trained.has(cls);
  const out: Evidence[] = [];
  const waiting: Evidence[] = [];
  for (const e of evidence) {
    if (e.needsCaller !== undefined) {
      // (`transforms/default_transforms|process_image`: a function and the uncalled ones of its file that name it)
      const [module, fns] = e.needsCaller.split('/');
      if (references.has(`import:${module}`) && !fns.split('|').some((fn) => references.has(fn))) continue;
    }
    if (e.needsArguments && !e.needsArguments.every(passed)) continue;
    if (e.needsOption && optionOff(e.needsOption)) continue;
    if (e.needsTrained && untrained(e.needsTrained)) continue;
    if (e.needsConfig && !switchedOn(e.needsConfig)) continue;
    const { needsCaller: _, needsArguments: __, needsOption: ___, needsTrained: ____, needsConfig: _____, needsPretrained, ...kept } = e;
    (needsPretrained ? waiting : out).push(kept);
  }
  // (what prepares inputs for a pretrained network, where another file of the project builds one)
  if (out.some((e) => e.kind === 'pretrained')) out.push(...waiting);
  return out;
}

/** An analyzer whose project host reads the given files, for cross-file imports. */
function analyzerFor(files: readonly SourceFile[]): Analyzer {
  const byPath = new Map(files.map((f) => [f.path.replace(/\\/g, '/'), f.text]));
  return new Analyzer({ host: { readFile: (p) => byPath.get(p) }, fastParse: true });
}

/**
 * Assesses a project. Pass the analyzer the editor already uses so every file is parsed once (its cache is
 * reused by the evidence detectors and the rules alike). The stage-aware rules run in the report's stage.
 */
export function assessProject(files: readonly SourceFile[], projectFile?: ProjectFile, analyzer?: Analyzer, options: AssessOptions = {}): StageReport {
  return new Assessment(files, projectFile, analyzer, options).step(Infinity) as StageReport;
}

type Inference = ReturnType<typeof inferStage>;

/**
 * `assessProject` done a step at a time, so that its caller can do other work in between (the editor's analysis
 * worker answers a keystroke's check between two steps instead of after the whole project). Two passes over the
 * files: their evidence, which gives the stage, then their findings in that stage. The report is the one
 * `assessProject` gives for the same files, whatever the steps.
 */
export class Assessment {
  private readonly sorted: SourceFile[];
  private readonly an: Analyzer;
  private evidence: Evidence[] = [];
  /** What the Python files refer to (`withoutUncalled`). */
  private readonly references = new Set<string>();
  private readonly trainingFiles: string[] = [];
  private readonly findings: Finding[] = [];
  /** The stage the findings are computed in, once the evidence pass is done. */
  private inference: Inference | undefined;
  /** The next file of the current pass. */
  private next = 0;
  private report: StageReport | undefined;

  constructor(
    files: readonly SourceFile[],
    private readonly projectFile?: ProjectFile,
    analyzer?: Analyzer,
    private readonly options: AssessOptions = {},
  ) {
    this.sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.an = analyzer ?? analyzerFor(this.sorted);
  }

  /**
   * Works through files until about `budgetMs` have passed (at least one file per call; a file is never split), and
   * returns the report once every file is done (undefined while some are left).
   */
  step(budgetMs: number): StageReport | undefined {
    const start = performance.now();
    const { sorted, an } = this;
    const ticks = this.projectFile?.ticks ?? {};
    while (!this.report) {
      if (!this.inference && this.next < sorted.length) {
        const fe = fileEvidence(sorted[this.next++], an);
        this.evidence.push(...fe.evidence);
        for (const r of fe.references ?? []) this.references.add(r);
        if (fe.training) this.trainingFiles.push(sorted[this.next - 1].path);
      } else if (!this.inference) {
        this.evidence = withoutUncalled(this.evidence, this.references);
        this.inference = inferStage(this.evidence, ticks, this.trainingFiles.length > 0);
        this.next = 0;
        continue;
      } else if (this.next < sorted.length) {
        const f = sorted[this.next++];
        const r = an.analyze({ path: f.path, text: f.text, settings: this.options.settings ?? this.projectFile?.settings, stage: this.stage });
        if (!r.skipped) this.findings.push(...r.findings);
      } else {
        this.report = this.finish(this.inference);
        break;
      }
      // the report is cheap: made in the step of the last file
      if (this.inference && this.next >= sorted.length) continue;
      if (performance.now() - start >= budgetMs) break;
    }
    return this.report;
  }

  /** The stage the findings are computed in: the pinned one, else the inferred one (once the evidence is in). */
  private get stage(): number {
    return this.projectFile?.stage ?? (this.inference as Inference).stage;
  }

  private finish(inference: Inference): StageReport {
    const { projectFile, evidence, findings, trainingFiles, stage } = this;
    const ticks = projectFile?.ticks ?? {};
    const pinned = projectFile?.stage;
    const tips = new Map<string, TipStatus>(TIPS.map((t) => [t.id, tipStatus(t, evidence, findings, ticks[t.id])]));
    const gaps: Gap[] = [];
    // every training file trains a GAN, a diffusion model, an agent or self-supervised views: there is no validation
    // split of the supervised kind to evaluate on whole, nor one batch whose loss to drive to its minimum
    const noValidation = trainsOutsideSupervised(evidence);
    const stages: StageStatus[] = STAGES.map((s) => {
      const own = tipsOfStage(s.id).map((t) => tips.get(t.id) as TipStatus);
      if (s.id >= stage) return { ...s, state: s.id === stage ? 'current' : 'upcoming', tips: own };
      const mine = own.filter((t) => t.state === 'violated' || (t.essential && t.state === 'open' && !(noValidation && SUPERVISED_ONLY.has(t.id)))).map((t) => gapOf(t, stage));
      gaps.push(...mine);
      return { ...s, state: mine.length ? 'incomplete' : 'done', tips: own };
    });
    // the essentials' evidence moved the project on, but a rule reports one of them as broken (a trainer's
    // `limit_val_batches: 100` beside Lightning's own validation loop): not "done"
    const broken = inference.essentials ? SKELETON_ESSENTIALS.filter((t) => tips.get(t.id)?.state === 'violated') : [];
    // (nor does the reason name what a rule reports as broken when other evidence shows the stage: `seed: 1111` in a
    // config the script never reads, beside NR201's finding, is not "a fixed seed"; review 128)
    const standing = inference.shows ? inference.because.filter((e) => !e.tips.length || e.tips.some((id) => tips.get(id)?.state !== 'violated')) : inference.because;
    const because = standing.length ? standing : inference.because;
    const reason = broken.length
      ? `The skeleton's essential checks all show evidence, but ${sentence(broken.map((t) => `${t.title.toLowerCase()} (${t.id})`))} also ${broken.length === 1 ? 'has findings' : 'have findings'} (see the gaps): the next step is ${stageLabel(3)} once they are fixed.`
      : because !== inference.because ? showsReason(inference.stage, because) : inference.reason;
    return {
      stage,
      ...(pinned !== undefined ? { pinned } : {}),
      inferred: inference.stage,
      reason,
      because,
      stages,
      gaps,
      evidence,
      findings,
      trainingFiles,
      files: this.sorted.length,
      projectFileProblems: projectFile?.problems ?? [],
    };
  }
}

/**
 * How a stage before the current one reads: `gaps`, or `done` when enough of it shows (every essential tip done or
 * ticked; for a stage without essentials, two tips, or its one checkable tip), else `no gaps`: nothing of it is missing,
 * but too little shows to say it was done (stage 3 has no essential tip: one Adam at 3e-4 does not make it; review 153).
 */
export function stageMark(s: StageStatus): string {
  if (s.state !== 'done') return s.state === 'incomplete' ? 'gaps' : s.state === 'current' ? 'current' : '';
  const shown = s.tips.filter((t) => t.state === 'done' || t.state === 'ticked');
  const essentials = s.tips.filter((t) => t.essential);
  const checkable = s.tips.filter((t) => t.kind === 'S' || t.kind === 'S/P').length;
  const enough = essentials.length ? essentials.every((t) => shown.includes(t)) : shown.length >= Math.min(2, Math.max(1, checkable));
  return shown.length && enough ? 'done' : 'no gaps';
}

function tipStatus(t: TipInfo, evidence: Evidence[], findings: Finding[], tick: { note?: string; date?: string } | undefined): TipStatus {
  const ev = evidence.filter((e) => e.tips.includes(t.id));
  const fs = findings.filter((f) => f.tip === t.id);
  const state: TipState = fs.length ? 'violated' : ev.length ? 'done' : tick ? 'ticked' : 'open';
  return { ...t, state, evidence: ev, findings: fs, ...(tick ? { tick } : {}) };
}

function gapOf(t: TipStatus, stage: number): Gap {
  const doing = `You are ${stageInfo(stage)?.doing ?? 'past it'} (stage ${stage})`;
  const n = t.findings.length;
  const codes = [...new Set(t.findings.map((f) => f.code))].sort();
  const count = `${n} ${codes.length ? `${codes.join('/')} ` : ''}finding${n === 1 ? '' : 's'}`;
  // A statically decided essential reads the same open or violated ("the random seed is not fixed"); other
  // violations are counted, by the rules that report them: a tip's title speaks for one of its rules only (2.M1,
  // "zero the gradients before backward", is also the tip of NR213's scheduler order and NR211's accumulated loss)
  const rules = [...new Map(t.findings.map((f) => [f.code, `${f.code} (${f.name})`])).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r);
  const reported = `${rules.length > 1 ? `${rules.slice(0, -1).join(', ')} and ${rules[rules.length - 1]} report` : `${rules[0]} reports`} ${n} finding${n === 1 ? '' : 's'} (tip ${t.id})`;
  const what =
    t.state === 'violated'
      ? t.gap && t.kind === 'S'
        ? `${t.gap} (${t.id}: ${count})`
        : reported
      : `${t.gap ?? `${t.title.toLowerCase()} is still open`} (${t.id})`;
  return { tip: t.id, stage: t.stage, state: t.state === 'violated' ? 'violated' : 'open', message: `${doing}, but ${what}.` };
}

/** Tips the skeleton must have before the project counts as past stage 2. */
/** Evidence of regularising, which shows stage 4 in supervised training only. */
const REGULARISERS: ReadonlySet<Evidence['kind']> = new Set(['dropout', 'weight-decay', 'augmentation']);

/**
 * Whether every file with a training loop trains outside supervised learning (a GAN, a diffusion model, an agent,
 * self-supervised views): the evidence of its training loops and of its paradigm are in the same files.
 */
function trainsOutsideSupervised(evidence: readonly Evidence[]): boolean {
  const training = new Set(evidence.filter((e) => e.kind === 'training').map((e) => e.path));
  const outside = new Set(evidence.filter((e) => e.kind === 'paradigm').map((e) => e.path));
  return training.size > 0 && [...training].every((p) => outside.has(p));
}

/** Essential tips of supervised training only: not listed as gaps of a project that trains outside it. */
const SUPERVISED_ONLY = new Set(['2.3', '2.8']);

const SKELETON_ESSENTIALS = tipsOfStage(2).filter((t) => t.essential);

/**
 * The furthest stage the work shows evidence of (hand ticks count as evidence of their stage). A skeleton whose
 * essential checks are all done has moved on to stage 3: overfitting has no code signature of its own.
 */
export function inferStage(evidence: readonly Evidence[], ticks: Record<string, unknown>, hasTraining: boolean): { stage: number; reason: string; because: Evidence[]; essentials?: boolean; shows?: boolean } {
  let furthest = 1;
  // (a GAN's or a diffusion model's dropout, weight decay and flips, in any file of the project, are its method)
  const outside = trainsOutsideSupervised(evidence);
  // (and a pretrained network in a project with no training code is used, not fine-tuned: PaDiM's feature extractor;
  // nor is a dropout layer of a model definition work on regularising there: 3d_pose_baseline's model.py beside its
  // test script; review 147)
  const counts = (e: Evidence): boolean => !(outside && REGULARISERS.has(e.kind)) && !((e.kind === 'pretrained' || e.kind === 'dropout') && !hasTraining);
  for (const e of evidence) if (e.stage && e.stage > furthest && counts(e)) furthest = e.stage;
  const tickedStages = Object.keys(ticks)
    .map((id) => tipInfo(id)?.stage ?? 0)
    .filter((s) => s > 0);
  const tickFurthest = Math.max(0, ...tickedStages);
  if (tickFurthest > furthest) furthest = tickFurthest;
  const driving = (s: number): Evidence[] => evidence.filter((e) => e.stage === s && counts(e));
  if (furthest === 2) {
    const done = (t: TipInfo): boolean => evidence.some((e) => e.tips.includes(t.id)) || t.id in ticks;
    if (hasTraining && SKELETON_ESSENTIALS.every(done)) {
      const because = evidence.filter((e) => SKELETON_ESSENTIALS.some((t) => e.tips.includes(t.id)));
      const names = SKELETON_ESSENTIALS.map((t) => t.title.toLowerCase());
      return { stage: 3, reason: `The skeleton's essential checks are done (${sentence(names)}): the next step is ${stageLabel(3)}.`, because, essentials: true };
    }
  }
  const because = driving(furthest);
  // training code the detectors give no evidence for (a TensorFlow.js policy trained by `optimizer.minimize`): the
  // skeleton is being built
  if (furthest === 1 && hasTraining) return { stage: 2, reason: `${capitalize(stageLabel(2))}: the code trains a model.`, because: [] };
  if (furthest === 1) {
    if (because.length) return { stage: 1, reason: 'The code explores the data and does not train a model yet.', because };
    return { stage: 1, reason: 'No training code found yet: the recipe starts by becoming one with the data.', because: [] };
  }
  if (!because.length) return { stage: furthest, reason: `Tips of ${stageLabel(furthest)} are ticked in the project file.`, because: [] };
  return { stage: furthest, reason: showsReason(furthest, because), because, shows: true };
}

function showsReason(stage: number, because: readonly Evidence[]): string {
  // (a best checkpoint alone, `ModelCheckpoint(monitor="val_loss")`, is not early stopping, though it serves tip 4.11;
  // vocos, review 133)
  const checkpointsOnly = because.filter((e) => e.kind === 'early-stopping').every((e) => e.message.startsWith('best checkpoint'));
  const label = (e: Evidence): string => (e.kind === 'early-stopping' && checkpointsOnly ? 'a best checkpoint' : KIND_LABEL[e.kind]);
  const shown = [...new Set(because.map(label))];
  return `${capitalize(stageLabel(stage))}: the code shows ${sentence(shown)}.`;
}

const KIND_LABEL: Record<Evidence['kind'], string> = {
  'data-exploration': 'data exploration',
  training: 'a training loop',
  seed: 'a fixed seed',
  'full-eval': 'a full-set evaluation',
  'loss-at-init': 'a loss-at-init check',
  'zero-input-baseline': 'an input-independent baseline',
  'overfit-one-batch': 'an overfit-one-batch run',
  'library-model': 'a standard architecture',
  'adam-baseline': 'Adam at a safe learning rate',
  augmentation: 'augmentation',
  dropout: 'dropout',
  'weight-decay': 'weight decay',
  'early-stopping': 'early stopping',
  pretrained: 'a pretrained network',
  preprocessing: "the pretrained network's preprocessing",
  patience: 'patient early stopping',
  'hparam-search': 'a hyper-parameter search',
  ensemble: 'an ensemble',
  paradigm: 'training outside supervised learning',
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

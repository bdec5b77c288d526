// Evidence detectors for Python files: each recipe fact of python/facts-recipe.ts becomes a piece of evidence
// with the tips it proves and, when it shows the project reached a stage, that stage.
import type { Expr, Span, Stmt } from '../python/ir';
import type { CallExpr, CallSite, PyModule, Scope } from '../python/semantic';
import {
  optionalParameterGates,
  behindFlagOffByDefault,
  HF_TRAINING_ARGUMENTS,
  onlyWithoutCuda,
  constValue,
  dataExploration,
  partialSeed,
  mentions,
  dropouts,
  earlyStopping,
  ensembles,
  fullSetEvaluations,
  groupRates,
  pickedAmongOptimizers,
  replacedBeforeUse,
  handWrittenAugmentations,
  hyperparameterSearches,
  libraryModels,
  lossAtInitChecks,
  numberValue,
  optionOffByDefault,
  optimizerBuilds,
  overfitOneBatch,
  seedCalls,
  seedDrawnAtRandom,
  trainerRuns,
  drawsBeforeTrainer,
  singleGroupRate,
  onlyDemonstrated,
  trainingAugmentations,
  trainingSpans,
  weightDecayOf,
  type WeightDecay,
  optionDefault,
  zeroByDefault,
  wordsOf,
  zeroInputBaselines,
  lastSegment,
} from '../python/facts-recipe';
import { allStatements, argument, callSitesNamed, contains, kwarg, walkExpr, walkStmts } from '../python/semantic';
import { OPTION_HOLDER, topLevelFunction, trainsWhenRun, uncalledFunctionAt, uncalledHelper, unreachable, workerInitHelper } from '../python/facts-entry';
import { canonical, lastName } from '../python/torch';
import { type Paradigm, SUPERVISED_ELSEWHERE, outsideSupervised, paradigms } from '../python/facts-paradigm';

const PARADIGM_LABEL: Record<Paradigm, string> = {
  reinforcement: 'reinforcement learning',
  adversarial: 'adversarial training (a GAN)',
  'multi-view': 'self-supervised multi-view training',
  diffusion: 'a diffusion model',
  reconstruction: 'an autoencoder',
};
import { objectKey } from '../python/facts-eval';
import { ZOO_LOAD, importedModules, preprocessingCalls, pretrainedPreprocessing } from '../python/facts-pretrained';
import { snippet } from '../text';
import type { EvidenceKind } from './types';

export interface RawEvidence {
  kind: EvidenceKind;
  tips: string[];
  stage?: number;
  message: string;
  span: Span;
  /** `module/function` it lies in, when nothing in the file calls the function (`withoutUncalled`). */
  needsCaller?: string;
  /**
   * Arguments some call in the project must pass for it to run (`callee:param:index`, `optionalParameterGates`): under
   * `if early_stopping:` of a method whose callers are in other files.
   */
  needsArguments?: string[];
  /** Holds only in a project that shows a pretrained network (`pretrained` evidence of another file). */
  needsPretrained?: true;
  /** A command-line option it reads (`weight_decay` of `args.weight_decay`): not when every parser of the project defaults it to 0. */
  needsOption?: string;
  /** A configuration key that switches it on, off by default (`monitor`): holds only when a config file of the project sets it to something other than `off`. */
  needsConfig?: string;
  /**
   * The class of the project it lies in (`VGGLoss` of a perceptual loss's `vgg19(pretrained=True)`): not when the
   * project's optimizers are all known and none trains an object of that class, or of a class that builds one
   * (`trainedClassReferences`).
   */
  needsTrained?: string;
}


/** What a piece of evidence needs of the rest of the project to hold (`withoutUncalled`), as `pythonEvidence`'s detectors give it. */
type Needs = Pick<RawEvidence, 'needsPretrained' | 'needsOption' | 'needsTrained' | 'needsConfig'>;

export function pythonEvidence(m: PyModule): RawEvidence[] {
  const out: RawEvidence[] = [];
  // statements that never run (after `return`, `raise`, `exit(0)` in their block) show nothing of the project
  const dead = [...unreachable(m)];
  const add = (kind: EvidenceKind, tips: string[], stage: number | undefined, message: string, span: Span, needs: Needs = {}): void => {
    if (dead.length && dead.some((st) => st.from <= span.from && span.to <= st.to)) return;
    // (in a function of the file that nothing in it calls, `def save_checkpoint(…, best=True): … if best:` in utils.py,
    // a tip is shown only if another file of the project calls it; pytorch-ewc, review 143)
    const needsCaller = tips.length ? uncalledFunctionAt(m, span) : undefined;
    // (under a switch that is a parameter off by default, `if early_stopping:` of a `train(…, early_stopping=None)` that
    // other files call: only if one of them passes it; diabetic_retinopathy_detection's Model.train, review 141)
    const needsArguments = tips.length ? optionalParameterGates(m, span).map((g) => `${g.callee}:${g.param}:${g.index}`) : [];
    // (one line, whatever source text the message quotes: `[\n ('tval', tval_loader), …]`)
    const e: RawEvidence = { kind, tips, ...(stage ? { stage } : {}), message: message.replace(/\s*\n\s*/g, ' '), span, ...(needsCaller ? { needsCaller } : {}), ...(needsArguments.length ? { needsArguments } : {}) };
    for (const [k, v] of Object.entries(needs)) if (v) Object.assign(e, { [k]: v });
    out.push(e);
  };
  const code = (span: Span): string => snippet(m.text, span);

  for (const e of dataExploration(m)) add('data-exploration', e.histogram ? ['1.1', '1.3'] : ['1.1'], 1, `data exploration: ${code(e.span)}`, e.span);
  const spans = trainingSpans(m);
  for (const t of spans) add('training', [], 2, t.what, t.span);
  // a GAN, a diffusion model, an agent or self-supervised views: judged on what it generates or earns, not on a
  // validation split, and what regularises a classifier is part of its method (the paper's augmentation and dropout)
  const elsewhere = outsideSupervised(m);
  if (elsewhere && spans.length) add('paradigm', [], undefined, `${[...paradigms(m)].filter((p) => SUPERVISED_ELSEWHERE.includes(p)).map((p) => PARADIGM_LABEL[p]).join(', ')}: no validation split of the supervised kind`, spans[0].span);
  // a seed drawn at random on each run seeds the run, but does not fix it
  // (nor does one behind `if args.seed is not None:` when `--seed` has no default)
  // `random.seed(1)`, `np.random.seed(1)` or `torch.cuda.manual_seed(1)` alone leave PyTorch's CPU generator, which
  // draws the weights and the shuffling, unseeded
  const partial = (s: CallSite): boolean => partialSeed(m, s) !== undefined;
  // (and in a module of the project that trains nothing itself, a data module's `random.seed(0)` that the training
  // script imports, NCF; review 120: a PyTorch seed of the project is evidence of its own, wherever it is)
  // (also when the torch model lives in a project module the script imports, `from ddpg_torch import Agent` with
  // `np.random.seed(0)` alone in the script: philtabor's DDPG, review 137)
  const usesTorch = (x: PyModule): boolean => [...x.scope.imports.values()].includes('torch');
  // (PyTorch's CPU generator seeded only when there is no GPU, `else: torch.manual_seed(42)` after `if
  // torch.cuda.is_available(): torch.cuda.manual_seed(42)`: on a GPU the weights it draws differ on every run; review 135)
  const cpuOnly = (s: CallSite): boolean => !partial(s) && onlyWithoutCuda(m, s.call);
  const torchUnseeded = seedCalls(m).every((s) => partial(s) || cpuOnly(s)) && (usesTorch(m) || (trainsWhenRun(m) && importedModules(m).some(usesTorch)));
  for (const s of seedCalls(m)) {
    if (seedDrawnAtRandom(m, s) || behindFlagOffByDefault(m, s.call) || torchUnseeded) continue;
    if (cpuOnly(s)) continue;
    // Python's or NumPy's seed fixed in a method of a class is the class's own (a dataset's `random.seed(1234)` before
    // it shuffles its file list, MelGAN; review 117), not the run's
    if (s.scope.cls && partial(s)) continue;
    // a seeding helper a file defines and never calls (NR201 reports a script that trains); in a module of helpers
    // the call that runs it is the evidence, in the file that makes it (`seed_fn(0)` in main.py; an uncalled
    // `def seed_fn(seed): L.seed_everything(seed)` beside `def train(…)` seeds nothing; review 133)
    if (uncalledHelper(m, s)) continue;
    // … nor one a DataLoader's `worker_init_fn` makes in its worker processes
    if (workerInitHelper(m, s)) continue;
    // … or one the file calls only behind a flag that is off by default (`if args.seed is not None: set_seed(args)`)
    if (calledBehindOffFlags(m, s)) continue;
    add('seed', ['2.1'], 2, `seed fixed: ${code(s.call)}`, s.call);
  }
  // (the message says where the seed is: the line cited is the call, `main(args)`; protonets' run_train.py, review 145)
  for (const { site: s, seed, module } of seedingHelperCalls(m))
    if (!behindFlagOffByDefault(m, s.call) && !uncalledHelper(m, s)) add('seed', ['2.1'], 2, `seed fixed: ${code(s.call)}, which runs ${snippet(module.text, seed.call)} (${module.path.slice(module.path.lastIndexOf('/') + 1)})`, s.call);
  // the Hugging Face Trainer seeds every run itself (`TrainingArguments.seed`, 42 by default)
  // (not when a head, adapters or the data order are drawn before the Trainer is built, which seeds too late for them)
  for (const s of trainerRuns(m)) if (s.call.fn.k === 'attr' && s.call.fn.attr === 'train' && !drawsBeforeTrainer(m, s)) add('seed', ['2.1'], 2, `seed fixed: the Hugging Face Trainer seeds each run (TrainingArguments.seed, 42 by default): ${code(s.call)}`, s.call);
  for (const e of fullSetEvaluations(m)) add('full-eval', ['2.3'], 2, `full-set evaluation: ${e.what}`, e.span);
  for (const e of lossAtInitChecks(m)) add('loss-at-init', ['2.4'], 2, `loss-at-init check: ${e.what}`, e.span);
  for (const e of zeroInputBaselines(m)) add('zero-input-baseline', ['2.7'], 2, `input-independent baseline: ${e.what}`, e.span);
  for (const e of overfitOneBatch(m)) add('overfit-one-batch', ['2.8', '2.M6'], 2, `overfit one batch: ${e.what}`, e.span);

  const builds = optimizerBuilds(m);
  for (const o of builds) {
    // an optimizer replaced before anything uses it (`self.optimizer = AdamW(…)` in `__init__`, then `Adam(…)` where it
    // trains): its settings never apply
    if (replacedBeforeUse(m, o)) continue;
    // Adam picked by an option next to another optimizer (`if args.optimizer == "adam":` … `else: SGD(…)`): which one
    // runs is the option's choice, so it shows no Adam baseline
    if ((o.qname === 'torch.optim.Adam' || o.qname === 'torch.optim.AdamW') && !pickedAmongOptimizers(m, o.site.call, o.qname)) {
      // (the rate of the one parameter group the call builds, `Adam([dict(params=…, lr=1e-4)])`; review 129)
      const group = singleGroupRate(o);
      const lr = argument(o.site.call, 1, 'lr') ?? group;
      // the default rate only when nothing else can set it: not through `**opt_args`, nor per parameter group
      const rates = groupRates(m, o);
      const v = rates === 'all' && !group ? undefined : lr ? numberValue(m, lr, o.site.scope) : o.site.call.star || rates !== 'none' ? undefined : 1e-3;
      if (v !== undefined && v >= 1e-4 && v <= 1e-3) add('adam-baseline', ['3.2'], undefined, `${lastSegment(o.qname)} at lr=${v}`, o.site.call);
    }
    const read = weightDecayOf(m, o);
    // (parameter groups the analysis cannot read, `SGD(policies, lr, weight_decay=args.weight_decay)` with the groups of
    // TSM's `get_optim_policies`: the call's own decay applies to every group that sets none; review 122)
    // (a value it can read: the number, or the default of the command-line option it reads)
    const callDecay = read.kind === 'unknown' && !o.site.call.star ? kwarg(o.site.call, 'weight_decay')?.value : undefined;
    const callValue = callDecay && (numberValue(m, callDecay, o.site.scope) ?? optionDefault(m, callDecay, o.site.scope)?.value);
    // (or groups a helper of another module builds, handed the decay: MAE's `param_groups_lrd(model, args.weight_decay,
    // …)`, timm's `add_weight_decay(model, args.weight_decay)`; review 149)
    const handed = read.kind === 'unknown' && !callDecay ? decayHandedToGroups(m, o.site.call, o.site.scope) : undefined;
    const wd: WeightDecay = callDecay && callValue !== undefined ? { kind: 'explicit', value: callValue, span: callDecay } : handed ? { kind: 'explicit', value: numberValue(m, handed.expr, handed.scope), span: handed.expr, scope: handed.scope } : read;
    // `weight_decay=weight_decay`, a parameter that is 0 unless a caller of the file says otherwise (GRU4REC's
    // `Optimizer(…, weight_decay=0)`)
    // (read where it is written: a group of a helper's, `get_optimizer_params(…)`, in the helper)
    const at = (wd.kind === 'explicit' && wd.scope) || o.site.scope;
    if (wd.kind === 'explicit' && wd.value === undefined && zeroByDefault(m, wd.span as Expr, at)) continue;
    // `weight_decay=args.weight_decay` whose command-line default is 0 decays nothing unless asked to
    if (wd.kind === 'explicit' && wd.value === undefined && optionOffByDefault(m, m.resolve(wd.span as Expr, at)?.expr ?? (wd.span as Expr))) continue;
    // … nor does one read from a config file the script loads (`params['weight_decay']` of `yaml.safe_load(file)`): the
    // config's own `weight_decay:` is the evidence when it is above 0 (PyTorch-VAE's configs set 0.0; review 115)
    if (wd.kind === 'explicit' && wd.value === undefined && readFromLoadedConfig(m, wd.span as Expr, at)) continue;
    // (a decay of 1e-8 is there to be there: it regularises nothing; also the default of the option it reads, `--weight_decay`
    // with `default=1e-16`: review 148)
    const option = wd.kind === 'explicit' && wd.value === undefined ? optionDefault(m, wd.span as Expr, at)?.value : undefined;
    if (option !== undefined && option < 1e-6) continue;
    // (`args.weight_decay` of an `args` handed in from another file, whose parser declares the option: evidence unless
    // every declaration defaults it to 0; brevitas's Trainer(args), review 146)
    const attr = wd.kind === 'explicit' && wd.value === undefined && (wd.span as Expr).k === 'attr' ? (wd.span as Extract<Expr, { k: 'attr' }>) : undefined;
    // (`args.weight_decay`, or kept in the object, `self.args.weight_decay`)
    // (or a key of a nested configuration, `cfg.SOLVER.WEIGHT_DECAY`, whose defaults may be set key by key: yacs's
    // `_C.SOLVER.WEIGHT_DECAY = 0.0`, review 147)
    const holder = attr ? optionHolder(attr.obj) : undefined;
    // (or a parameter of a function only other files call, `def train(…, weight_decay=1e-5)` called with
    // `weight_decay=args.weight_decay`: `@train:weight_decay`, judged by the options the calls pass; review 143)
    const span = wd.kind === 'explicit' ? (wd.span as Expr) : undefined;
    const param = span?.k === 'name' ? m.reachingAssignment(span.id, at, span.from) : undefined;
    const paramFn = param?.via === 'param' && param.param ? m.functionOf(param.scope) : undefined;
    const forwarded = paramFn && param?.param && !paramFn.cls && !m.callersOf(paramFn).length ? `@${paramFn.name}:${param.param.name}` : undefined;
    const needsOption = attr && holder && OPTION_HOLDER.test(holder) ? attr.attr : forwarded;
    if (wd.kind === 'explicit' && wd.value !== 0 && !(typeof wd.value === 'number' && wd.value < 1e-6)) add('weight-decay', ['4.10'], elsewhere ? undefined : 4, `weight decay: ${code(wd.span)}`, wd.span, { needsOption });
    else if (wd.kind === 'default' && wd.value > 0) add('weight-decay', ['4.10'], undefined, `weight decay: ${lastSegment(o.qname)}'s default of ${wd.value}`, o.site.call);
  }
  // Hugging Face's training arguments with a decay (`TrainingArguments(…, weight_decay=0.01)`, trl's configs): the
  // Trainer's AdamW decays by it (review 139)
  for (const s of m.callSites) {
    if (!HF_TRAINING_ARGUMENTS.test(canonical(m.siteCallee(s) ?? ''))) continue;
    const wd = kwarg(s.call, 'weight_decay')?.value;
    const v = wd && (numberValue(m, wd, s.scope) ?? optionDefault(m, wd, s.scope)?.value);
    if (wd && v !== undefined && v >= 1e-6) add('weight-decay', ['4.10'], elsewhere ? undefined : 4, `weight decay: ${code(wd)}`, wd);
  }
  for (const md of libraryModels(m)) {
    // a distillation teacher, a reference or reward model is used, not trained
    if (md.pretrained === 'yes' && (auxiliaryModel(md.site) || frozenWhole(m, md.site))) continue;
    // `if args.init_from_pretrained:` with the option off unless given: the run trains from scratch by default
    // (built in a class of the project: only if an optimizer may train it, not a perceptual loss's network that no
    // optimizer is handed, `class VGGLoss(nn.Module): … vgg19(pretrained=True)`; review 152)
    if (md.pretrained === 'yes' && !behindFlagOffByDefault(m, md.site.call)) add('pretrained', ['3.1', '4.4'], 4, `pretrained ${md.name} (${md.library})`, md.site.call, { needsTrained: md.site.scope.cls?.name });
    else add('library-model', ['3.1'], undefined, `${md.name} from ${md.library}`, md.site.call);
  }
  // a model class of another project file built with `pretrained=True` (`SkinModel(model_name=…, pretrained=True)`),
  // whose class hands it to a library model (`timm.create_model(model_name, pretrained=pretrained)`): that file cannot
  // tell, this call can (isic-skincancer, rice-disease; review 131)
  // (or a builder function of another file that loads weights from a model zoo when told to, RetinaNet's
  // `model.resnet50(num_classes, pretrained=True)` with `if pretrained: model.load_state_dict(model_zoo.load_url(…))`;
  // review 135)
  for (const s of m.callSites) {
    const flag = kwarg(s.call, 'pretrained');
    if (!flag || constValue(m, flag.value, s.scope) !== 'True' || auxiliaryModel(s) || frozenWhole(m, s) || behindFlagOffByDefault(m, s.call)) continue;
    const ref = m.siteClass(s);
    const fn = ref?.kind === 'local' ? undefined : m.siteProjectCallee(s);
    const body = ref?.kind === 'local' ? { module: ref.cls.module, stmt: ref.cls.stmt, name: ref.cls.name } : fn ? { module: fn.scope.module, stmt: fn.stmt, name: fn.name } : undefined;
    if (!body || body.module === m) continue;
    const inside = libraryModels(body.module).find((md) => md.pretrained !== 'no' && contains(body.stmt, md.site.call));
    if (inside) add('pretrained', ['3.1', '4.4'], 4, `pretrained ${inside.name} (${inside.library}) in ${body.name}: ${code(s.call)}`, s.call);
    else if (body.module.callsWithin(body.stmt.from, body.stmt.to).some((x) => ZOO_LOAD.test(canonical(body.module.siteCallee(x) ?? '')))) add('pretrained', ['3.1', '4.4'], 4, `pretrained weights from a model zoo in ${body.name}: ${code(s.call)}`, s.call);
  }
  // inputs prepared as the pretrained network expects them (ImageNet's statistics for torchvision's weights)
  const own = pretrainedPreprocessing(m);
  for (const s of own) add('preprocessing', ['1.4'], undefined, `preprocessing of the pretrained network: ${code(s.call)}`, s.call);
  // (in a file of transforms whose pretrained model another file builds, `models.vgg19(pretrained=True)` in models.py
  // and ImageNet's `Normalize` in data_loader.py: evidence when the project shows a pretrained network; review 142)
  if (!own.length) for (const s of preprocessingCalls(m)) add('preprocessing', ['1.4'], undefined, `preprocessing of a pretrained network: ${code(s.call)}`, s.call, { needsPretrained: true });
  const augmented = new Set<unknown>();
  // in self-supervised multi-view training the augmented views are the task, not a regulariser (as NR202 judges it);
  // a GAN's or a diffusion model's flips and crops are the paper's data pipeline, no sign of regularising
  for (const a of elsewhere ? [] : trainingAugmentations(m)) {
    // `if args.augment:` with `--augment` off unless given: the run does not augment by default
    if (behindFlagOffByDefault(m, a.call) || (a.pipeline && behindFlagOffByDefault(m, a.pipeline.call))) continue;
    // an augmentation demo (albumentations' tutorial) shows what a pipeline does, not what the project trains with
    if (a.pipeline && onlyDemonstrated(m, a.pipeline)) continue;
    const key = a.pipeline ?? a.call;
    if (augmented.has(key)) continue;
    augmented.add(key);
    const names = a.pipeline ? [...new Set(a.pipeline.augmentations.map((x) => x.name))].join(', ') : a.name;
    add('augmentation', ['4.2'], 4, `augmentation: ${names}`, a.call);
  }
  // flips and quarter turns written by hand on a random draw (restoration models' paired flips of input and target)
  if (!elsewhere && !augmented.size)
    for (const a of handWrittenAugmentations(m)) if (!behindFlagOffByDefault(m, a.span)) add('augmentation', ['4.2'], 4, `augmentation: ${a.what}`, a.span);
  // (a GAN's or a diffusion model's dropout is part of the architecture it copies: a tick, not a stage)
  for (const d of dropouts(m)) add('dropout', ['4.9'], elsewhere ? undefined : 4, `dropout: ${code(d.call)}`, d.call);
  for (const e of earlyStopping(m)) {
    if (e.notValidation) continue;
    // an RL agent's, a GAN's or a self-supervised run's best kept by hand is on a return or a sample score, not a
    // validation loss (NR405 leaves such files alone for the same reason)
    if (e.handWritten && outsideSupervised(m)) continue;
    add('early-stopping', ['4.11'], 4, `${e.kind === 'checkpoint' ? 'best checkpoint' : 'early stopping'}: ${e.what}`, e.span, { needsConfig: e.needsConfig });
    if (e.patience && e.patience.value >= 10) add('patience', ['6.2'], undefined, `patient early stopping (patience ${e.patience.value})`, e.patience.span);
  }
  for (const s of hyperparameterSearches(m)) {
    const tips = s.method === 'random' ? ['5.1'] : s.method === 'bayesian' ? ['5.2'] : [];
    add('hparam-search', tips, 5, `hyper-parameter search: ${s.tool}${s.method === 'unknown' ? '' : ` (${s.method})`}`, s.span);
  }
  for (const e of ensembles(m)) add('ensemble', ['6.1'], 6, e.what, e.span);
  return out;
}

/**
 * A call in a function of the file's top level that the file calls, and only behind flags that are off by default
 * (`if args.seed is not None: set_seed(args)` with `--seed` defaulting to None): by default it does not run.
 */
function calledBehindOffFlags(m: PyModule, site: CallSite): boolean {
  const fn = topLevelFunction(m, site);
  if (!fn) return false;
  const callers = m.callersOf(fn);
  return callers.length > 0 && callers.every((c) => behindFlagOffByDefault(m, c.call));
}

/** `for p in E.parameters(): p.requires_grad = False` or `E.requires_grad_(False)`: the expression `E` frozen. */
function frozenBy(st: Stmt): Expr | undefined {
  // (`getattr(self, 'enc_{:d}'.format(i + 1)).parameters()` in a loop over the attributes: the object's own layers,
  // as the partial-convolution inpainting's VGG16FeatureExtractor freezes them)
  const owner = (e: Expr): Expr => (e.k === 'call' && e.fn.k === 'name' && e.fn.id === 'getattr' && e.args.length === 2 && e.args[0].k === 'name' && e.args[0].id === 'self' ? e.args[0] : e);
  const params = (e: Expr): Expr | undefined => (e.k === 'call' && e.fn.k === 'attr' && e.fn.attr === 'parameters' && !e.args.length ? owner(e.fn.obj) : undefined);
  const isFalse = (e: Expr | undefined): boolean => e?.k === 'const' && e.value === 'False';
  if (st.k === 'for' && st.target.k === 'name') {
    const of = params(st.iter);
    const p = st.target.id;
    const freezes = st.body.stmts.some((b) => b.k === 'assign' && isFalse(b.value) && b.targets.some((t) => t.k === 'attr' && t.attr === 'requires_grad' && t.obj.k === 'name' && t.obj.id === p));
    return of && freezes ? of : undefined;
  }
  if (st.k === 'expr' && st.expr.k === 'call' && st.expr.fn.k === 'attr' && st.expr.fn.attr === 'requires_grad_' && isFalse(st.expr.args[0])) return st.expr.fn.obj;
  return undefined;
}

/** Whether a file sets `requires_grad` to True anywhere (`p.requires_grad = True`, `m.requires_grad_()`). */
function unfreezes(m: PyModule): boolean {
  let found = false;
  allStatements(m.stmts, (st) => {
    if (st.k === 'assign' && st.targets.some((t) => t.k === 'attr' && t.attr === 'requires_grad') && !(st.value?.k === 'const' && st.value.value === 'False')) found = true;
  });
  return found || callSitesNamed(m, 'requires_grad_').some((c) => c.call.fn.k === 'attr' && !(c.call.args[0]?.k === 'const' && c.call.args[0].value === 'False'));
}

/**
 * A pretrained network frozen whole, so nothing of it is trained: a perceptual-loss network (fast neural style's
 * `Vgg16`, whose `__init__` ends by freezing `self.parameters()`), or a variable whose parameters are all frozen with
 * nothing added to it afterwards (not `model.fc = nn.Linear(…)` after the freeze: that fine-tunes a new head).
 */
function frozenWhole(m: PyModule, site: CallSite): boolean {
  const scope = site.scope;
  const st = site.stmt;
  let target: Expr | undefined;
  if (st.k === 'assign' && st.value && contains(st.value, site.call) && st.targets.length === 1) target = st.targets[0];
  // in a method: the class freezes `self.parameters()` and sets no attribute of itself after that (the objects are
  // compared by their keys: `self`, `vgg`, `self.vgg`)
  const key = target && objectKey(target);
  const candidates: [string, Stmt[]][] = [];
  if (scope.cls && scope.kind === 'function' && scope.stmt?.k === 'def') candidates.push(['self', scope.stmt.body.stmts]);
  if (key && scope.stmt?.k === 'def') candidates.push([key, scope.stmt.body.stmts]);
  else if (key && target?.k === 'name' && scope === m.scope) candidates.push([key, m.stmts]);
  // … or a network made of its layers (`vgg_conv4_3 = nn.Sequential(*list(vgg16.children())[0][:22])`, Super-SloMo's
  // perceptual loss; review 122), when no optimizer is handed the pretrained one itself
  if (key && target?.k === 'name') {
    const body = scope.stmt?.k === 'def' ? scope.stmt.body.stmts : scope === m.scope ? m.stmts : [];
    const named = (e: Expr): boolean => mentions(e, key);
    if (!optimizerBuilds(m).some((o) => o.site.call.args.some(named) || o.site.call.kwargs.some((k) => named(k.value))))
      walkStmts(body, (x) => {
        if (x.k === 'assign' && x.from > site.call.to && x.value && x.targets.length === 1 && x.targets[0].k === 'name' && named(x.value)) candidates.push([x.targets[0].id, body]);
      });
  }
  // (a file that unfreezes parameters somewhere, `p.requires_grad = True`, may fine-tune what it froze)
  if (!candidates.length || unfreezes(m)) return false;
  return candidates.some(([what, body]) => {
    let frozenAt = -1;
    let changedAfter = false;
    walkStmts(body, (x) => {
      const f = frozenBy(x);
      if (f && objectKey(f) === what && x.from > site.call.from) frozenAt = Math.max(frozenAt, x.to);
    });
    if (frozenAt < 0) return false;
    walkStmts(body, (x) => {
      if (x.from < frozenAt || x.k !== 'assign') return;
      for (const t of x.targets) if (t.k === 'attr' && objectKey(t.obj) === what) changedAfter = true;
    });
    return !changedAfter;
  });
}

/** Names a decay is handed under: `weight_decay=…`, `wd=…`, `args.weight_decay`. */
const DECAY_NAME = /^(weight_decay|wd)$/;

/**
 * The decay handed to the call that builds an optimizer's parameter groups (`param_groups = lrd.param_groups_lrd(model,
 * args.weight_decay, …)` then `AdamW(param_groups, lr=…)`): a keyword `weight_decay=`/`wd=`, or an argument read from
 * such a name, with the scope it is read in.
 */
function decayHandedToGroups(m: PyModule, call: CallExpr, scope: Scope): { expr: Expr; scope: Scope } | undefined {
  const g = call.args[0] ?? kwarg(call, 'params')?.value;
  if (!g) return undefined;
  const r = g.k === 'call' ? { expr: g, scope } : g.k === 'name' ? m.resolve(g, scope) : undefined;
  if (r?.expr.k !== 'call' || r.expr.star) return undefined;
  const kw = r.expr.kwargs.find((k) => DECAY_NAME.test(k.name));
  if (kw) return { expr: kw.value, scope: r.scope };
  const pos = r.expr.args.find((a) => (a.k === 'name' || a.k === 'attr') && DECAY_NAME.test(lastName(a) ?? ''));
  return pos ? { expr: pos, scope: r.scope } : undefined;
}

/** A model built for another role than being trained: a distillation teacher, a reference or reward model. */
function auxiliaryModel(site: CallSite): boolean {
  const st = site.stmt;
  if (st.k !== 'assign' || st.value !== site.call) return false;
  return st.targets.some((t) => {
    const words = wordsOf(t);
    return words.some((w) => w === 'teacher' || w === 'reward' || w === 'reference' || w === 'ref' || w === 'critic' || w === 'frozen');
  });
}

/** Functions that read a config file (not `vars(parser.parse_args())`, whose keys are command-line options with defaults). */
const CONFIG_LOADERS = /^(yaml\.(safe_|full_|unsafe_)?load|json\.loads?|toml\.load|tomllib\.load|omegaconf\.OmegaConf\.load)$/;

/**
 * A value read by key from what a config loader returned, through names and further keys (`params['weight_decay']` with
 * `params = config['exp_params']` and `config = yaml.safe_load(file)`): a loaded config, whose values the file does not show.
 */
function readFromLoadedConfig(m: PyModule, e: Expr, scope: Scope): boolean {
  let x: Expr = e;
  let keyed = false;
  for (let i = 0; i < 8; i++) {
    if (x.k === 'subscript' && !x.slice && x.index.length === 1 && x.index[0].k === 'str') {
      x = x.obj;
      keyed = true;
    } else if (x.k === 'name') {
      const r = m.resolve(x, scope);
      // (a settings dict handed in by a caller the file does not hold, `def fit(params): … params["weight_decay"]`)
      if (!r) return keyed && m.reachingAssignment(x.id, scope, x.from)?.via === 'param';
      if (r.expr === x) return false;
      if (r.expr.k === 'call') return keyed && CONFIG_LOADERS.test(m.qualify(r.expr.fn, r.scope) ?? '');
      x = r.expr;
      scope = r.scope;
    } else if (keyed && x.k === 'attr' && x.obj.k === 'name' && x.obj.id === 'self' && scope.cls) {
      // … or kept in `self` from such a parameter (PyTorch-VAE's `self.params = params`, then
      // `weight_decay=self.params['weight_decay']`, the config's `exp_params` handed in by run.py; review 136)
      const cls = scope.cls;
      const kept = m.attrAssignments(cls, x.attr);
      const r = m.resolve(x, scope);
      const unread = !r || (r.expr.k === 'name' && r.scope.module.reachingAssignment(r.expr.id, r.scope, r.expr.from)?.via === 'param');
      return unread && kept.length > 0 && kept.every((a) => a.value?.k === 'name' && a.scope.module.reachingAssignment(a.value.id, a.scope, a.value.from)?.via === 'param');
    } else return false;
  }
  return false;
}

/**
 * Calls of a function of another project file that fixes a seed in its own body (`seed_fn(0)`, with `def seed_fn(seed):
 * L.seed_everything(seed, workers=True)` in `funcs.py`), not already seeding calls by their name (`set_seed(42)`).
 */
function seedingHelperCalls(m: PyModule): { site: CallSite; seed: CallSite; module: PyModule }[] {
  const named = new Set(seedCalls(m));
  const out: { site: CallSite; seed: CallSite; module: PyModule }[] = [];
  for (const s of m.callSites) {
    if (named.has(s) || (s.call.fn.k !== 'name' && s.call.fn.k !== 'attr')) continue;
    const f = m.siteProjectCallee(s);
    if (!f || f.scope.module === m) continue;
    const mod = f.scope.module;
    const seed = seedCalls(mod).find((x) => x.scope === f.scope && partialSeed(mod, x) === undefined && !seedDrawnAtRandom(mod, x));
    if (seed) out.push({ site: s, seed, module: mod });
  }
  return out;
}

/** The name that holds the options an attribute is read from: `args` of `args.wd`, `cfg` of `self.cfg.TRAIN.WD`. */
function optionHolder(obj: Expr): string | undefined {
  const chain: Expr[] = [];
  let e = obj;
  while (e.k === 'attr') {
    chain.push(e);
    e = e.obj;
  }
  if (e.k !== 'name') return undefined;
  if (e.id !== 'self') return e.id;
  const first = chain[chain.length - 1];
  return first?.k === 'attr' ? first.attr : undefined;
}

/**
 * What the project's optimizers train, for `needsTrained`: `optimizes:SRNet` for `Adam(model.parameters())` with `model =
 * SRNet()` (the class of the object whose parameters an optimizer is handed: of `self.generator`, or of `model` for
 * `model.fc`), `optimizes:?` when an optimizer's parameters cannot be followed; and `has:D>C` for each class `C` a class
 * `D` of the file builds (`self.backbone = Backbone()`).
 */
export function trainedClassReferences(m: PyModule): string[] {
  const out = new Set<string>();
  for (const o of optimizerBuilds(m)) {
    const params = argument(o.site.call, 0, 'params');
    const owners: Expr[] = [];
    const collect = (e: Expr, scope: Scope, depth: number): void =>
      walkExpr(e, (x) => {
        if (x.k === 'call' && x.fn.k === 'attr' && /^(named_)?parameters$/.test(x.fn.attr)) owners.push(x.fn.obj);
        else if (x.k === 'name' && depth < 2) {
          const r = m.resolve(x, scope);
          if (r && r.expr !== x) collect(r.expr, r.scope, depth + 1);
        }
      });
    if (params) collect(params, o.site.scope, 0);
    if (!params || !owners.length) out.add('optimizes:?');
    for (const owner of owners) {
      // (`self.generator` is the generator's; `model.fc` is the model's, whose forward runs the rest)
      let x = owner;
      while (x.k === 'attr' && !(x.obj.k === 'name' && x.obj.id === 'self')) x = x.obj;
      // (`self.parameters()` in a method: the class's own)
      const own = x.k === 'name' && x.id === 'self' ? o.site.scope.cls?.name : undefined;
      const inst = own ? undefined : m.instanceOf(x, o.site.scope);
      const name = own ?? (inst?.ref.kind === 'local' ? inst.ref.cls.name : inst?.ref.kind === 'external' ? lastSegment(inst.ref.qname) : undefined);
      // (an object of a class the analysis cannot tell, handed in from another file, keeps its name as a hint:
      // `optimizes:?generator` for `self.generator.parameters()` with `self.generator = generator`)
      out.add(`optimizes:${name ?? `?${lastName(x) ?? ''}`}`);
    }
  }
  for (const c of m.classes)
    for (const s of m.callsWithin(c.stmt.from, c.stmt.to)) {
      const name = s.call.fn.k === 'name' ? s.call.fn.id : s.call.fn.k === 'attr' ? s.call.fn.attr : undefined;
      if (name && /^[A-Z]/.test(name) && name !== c.name) out.add(`has:${c.name}>${name}`);
    }
  return [...out];
}

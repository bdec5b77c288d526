import { replace } from '../../python/edits';
import { pretrainedWeights } from '../../python/facts-pretrained';
import { outsideSupervised } from '../../python/facts-paradigm';
import { branchTaken, calleeShortName, drivesRangeTest, fullBatchTraining, groupRates, hyperparameterSearches, isConditional, libraryModels, loadsCheckpoint, numberValue, optimizerBuilds, neverSteps, optimizesLoss, optimizesTensors, optionDefault, pickedAmongOptimizers, rateSetElsewhere, replacedBeforeUse, singleGroupRate, sparseGradients, staysUntrained, lastSegment } from '../../python/facts-recipe';
import type { Expr } from '../../python/ir';
import { sourceKey } from '../../python/facts-autograd';
import { type CallExpr, type PyModule, type Scope, argument, kwarg, sitesWhere } from '../../python/semantic';
import { canonical } from '../../python/torch';
import { stageLabel } from '../../stages/recipe';
import { defineRule } from '../rule';

const LOW = 1e-4;
const HIGH = 1e-3;
/** The highest Adam rate a full-batch run (one step per epoch) is left alone at. */
const FULL_BATCH_HIGH = 1e-2;
/** Hugging Face's training arguments, and TRL's that extend them (their optimizer is AdamW unless `optim` says otherwise). */
const HF_ARGUMENTS = new Set([
  'transformers.TrainingArguments',
  'transformers.Seq2SeqTrainingArguments',
  'transformers.training_args.TrainingArguments',
  'transformers.training_args_seq2seq.Seq2SeqTrainingArguments',
  ...['SFTConfig', 'DPOConfig', 'ORPOConfig', 'KTOConfig', 'CPOConfig', 'RewardConfig'].map((n) => `trl.${n}`),
]);

/** The Hugging Face `TrainingArguments(…)` calls of a module (see `sitesWhere`). */
const hfArguments = sitesWhere((m, site) => {
  const q = m.siteCallee(site);
  return q !== undefined && HF_ARGUMENTS.has(canonical(q));
});

export default defineRule({
  code: 'NR301',
  name: 'adam-baseline-learning-rate',
  stage: 3,
  tip: '3.2',
  languages: ['python', 'typescript', 'javascript', 'yaml', 'json'],
  defaultSeverity: 'info',
  fixSafety: 'unsafe',
  activeInStages: [2, 3],
  docs: {
    summary: 'While building the skeleton and overfitting (stages 2-3), the baseline optimizer is Adam/AdamW (`tf.train.adam` in TensorFlow.js) with a learning rate outside [1e-4, 1e-3], or (in PyTorch) SGD.',
    why:
      'The recipe\'s advice for baselines is "Adam is safe": Adam with a learning rate of 3e-4 forgives a lot and trains ' +
      'almost anything reasonably, so a failure means a bug, not a badly tuned rate. SGD can win later for ConvNets, ' +
      'but only with a tuned rate and schedule, which is stage 5 work. An Adam over one parameter group that sets its own rate and no constructor `lr` (`Adam([dict(params=model.parameters(), lr=1e-5)])`) is judged by that rate. An Adam rate read from a command-line option is ' +
      'judged by the option\'s default (`lr=args.lr` with `default=1e-6`: what a run gets unless told otherwise), but not ' +
      'when an option picks Adam among other optimizers (the default rate is then the default optimizer\'s), nor a rate read from a config and shared by the optimizers a setting picks from, unless the config\'s own choice is Adam (`if opt.optimizer == "sgd": SGD(…, lr=opt.lr) else: Adam(…, lr=opt.lr)` with `optimizer = "sgd"` in its `Config`). ' +
      'Learning rates from a config or a variable the ' +
      'analysis cannot read, SGD in a file that also builds or defines an Adam (a project\'s own `class AdamW(Optimizer)` next to an SGD helper), SGD built under a condition (a choice of the run: `if args.optim == "sgd":`, `if use_momentum:`, or from a name bound to one of several classes, `optim_class = Adam if … else SGD`, a block run every few iterations; not the body of `if __name__ == "__main__":`, which is what running the script runs), rates below the range in a file that fine-tunes ' +
      'pretrained weights (1e-5 to 5e-5 is the usual rate for a transformer), SGD fine-tuning pretrained weights (a ' +
      'library model\'s, OpenAI\'s `clip.load(…)`, a model built with `pretrained=True`, `model.load_from(np.load(path))` or `load_from(weights=…)`, ' +
      'weights a function of the project copies into the model from what it is handed (`load_weights_into_gpt(model, params)`), ' +
      'a state dict loaded from a pretrained or ImageNet path (or from a command-line option whose help says so: ssd.pytorch\'s `--basenet`, "Pretrained base model"; also by a method of a project class handed such a path that loads a state dict, or is named for loading when the model\'s class is unknown, `net.init_from_base_net(args.base_net)`), or weights the analysis cannot read, `weights=args.weights`, a `pretrained=args.pretrained` given to a model of a registry or a factory, or a model loaded whole with `torch.load(path)`; ' +
      'weights downloaded from a model zoo, `model_zoo.load_url(…)`, `load_state_dict_from_url(…)`; ' +
      'in the file, or in a project file it takes names from, three imports deep (PSPNet\'s model class building its ResNet backbone `pretrained=True` by default): ' +
      'ViT\'s recipe), ' +
      'an Adam rate up to 1e-2 in full-batch training (each epoch one optimizer step over the whole graph, the loss ' +
      'on `output[idx_train]`, `out[data.train_mask]`, or the outputs and labels picked by one index set before the loop, `logp[mask], labels[mask]`, or the whole graph handed to the model, `model.encode(train_data.x, train_data.edge_index)`, as full-batch link prediction does: pygcn, pyGAT, PyG\'s Cora examples run a few hundred steps, and ' +
      'at 3e-4 the model stays undertrained), ' +
      'an optimizer a file with no training code builds in a function or its `__main__` block only to look at (plotting an LR schedule over an untrained network, SimSiam\'s `lr_scheduler.py`), ' +
      'reinforcement learning (a file ' +
      'importing an environment library such as gymnasium), whose rates follow its algorithm, and self-supervised pre-training on augmented views (MoCo, SimSiam, BYOL), whose optimizer is its paper\'s, are left alone, and so are ' +
      'rates that are not the training rate (`lr=0` as a placeholder, rates written into the parameter groups by the file ' +
      'or by a warm-up wrapper the optimizer is handed to, a `LambdaLR` multiplying them, a `OneCycleLR` or `CyclicLR` setting them from its own), optimizers over an input or a ' +
      'perturbation (`optim.SGD([x_adv], lr=1e-3)` in an adversarial attack), optimizers of a loss\'s own parameters (`SGD(center_criterion.parameters(), lr=0.5)`: center loss\'s class centers, Proxy-NCA\'s proxies), optimizers that only drive an LR range test (handed to ' +
      'torch_lr_finder\'s `LRFinder`, which sweeps the rate itself), models with sparse gradients, and SGD whose rate the file searches for (`lr=config["lr"]` in a Ray Tune trainable or an Optuna objective). Hugging ' +
      'Face `TrainingArguments(…)` (and TRL\'s `SFTConfig(…)`, `DPOConfig(…)`, …; AdamW by default) are reported for `optim="sgd"` when the file builds its model from scratch (`from_config`; the Trainer is there to fine-tune) and for a `learning_rate` above 1e-3 ' +
      'with an Adam optimizer: they fine-tune pretrained models, where rates below 1e-4 are right. In TensorFlow.js, an ' +
      'optimizer that is a parameter\'s default every call of its function replaces (`buildModel(shape, optimizer = ' +
      'tf.train.adam(0.01))`) is never built and is left alone.',
    bad: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=0.01)\n`,
    good: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n`,
    fix: 'Sets `lr=3e-4` (unsafe: it changes how the model trains). For SGD, a suggestion rewrites the call to `Adam(params, lr=3e-4)`, or to `AdamW(params, lr=3e-4, weight_decay=…)` when it decays its weights (Adam\'s `weight_decay` is coupled, NR403); none when its parameter groups set rates of their own or the file writes rates into them.',
    exampleStage: 2,
  },
  checkPython(ctx) {
    const m = ctx.module;
    const stage = stageLabel(ctx.stage ?? 3);
    // an RL agent's rates follow its algorithm (policy gradients, DQN), not a supervised baseline's
    // (and self-supervised pre-training with augmented views, MoCo, SimSiam, BYOL: their papers' optimizer, SGD with
    // momentum and a schedule, is the method's, as the other rules leave their views and architectures alone; review 136)
    // (asked only of a finding: most files have none, and the question reads every statement)
    const report = (f: Parameters<typeof ctx.report>[0]): void => {
      if (!outsideSupervised(m, ['reinforcement', 'multi-view'])) ctx.report(f);
    };
    const builds = optimizerBuilds(m);
    // pretrained weights, in this file or in a project file it takes its model from (`PSPNet` of `model/pspnet.py`,
    // which builds its ImageNet backbone with `pretrained=True` by default)
    // (asked only when a finding depends on it: following the imports reads the files they name)
    let pretrained: 'yes' | 'unknown' | 'no' | undefined;
    const weights = (): 'yes' | 'unknown' | 'no' => {
      if (pretrained) return pretrained;
      return (pretrained = pretrainedWeights(m));
    };
    const loadsPretrained = (): boolean => weights() === 'yes';
    const weightsUnread = (): boolean => weights() === 'unknown';
    // fine-tuning pretrained weights takes rates below a from-scratch baseline's (1e-5 to 5e-5 for a transformer)
    const fineTunes = (): boolean => loadsPretrained() || loadsCheckpoint(m);
    // (or an Adam of the project's own, `class AdamW(Optimizer)` next to an SGD helper: microsoft/LoRA's optimizer.py)
    const usesAdam =
      builds.some((o) => o.qname === 'torch.optim.Adam' || o.qname === 'torch.optim.AdamW') ||
      m.classes.some((c) => /adam/i.test(c.name) && m.derivesFrom(c, (q) => /^torch\.optim\.(optimizer\.)?Optimizer$/.test(canonical(q))));
    for (const o of builds) {
      const call = o.site.call;
      // an optimizer over an input or a perturbation (an adversarial attack, style transfer) is not the training's, and
      // one that only drives an LR range test (torch_lr_finder's `LRFinder`) sweeps the rate itself
      // … nor one over a loss's own parameters (center loss's class centers at its paper's SGD rate, Proxy-NCA's
      // proxies: reid-strong-baseline's `SGD(center_criterion.parameters(), lr=cfg.SOLVER.CENTER_LR)`; review 145)
      if (optimizesTensors(o) || drivesRangeTest(m, o) || neverSteps(o) || replacedBeforeUse(m, o) || staysUntrained(m, o.site) || optimizesLoss(m, o)) continue;
      const short = lastSegment(o.qname);
      // (Hugging Face's own AdamW is there to fine-tune pretrained transformers, at rates below a baseline's)
      if ((short === 'Adam' || short === 'AdamW') && o.qname.startsWith('torch.optim.')) {
        // (or the rate of the one parameter group the call builds: `Adam([dict(params=…, lr=1e-5)])`; review 129)
        const group = singleGroupRate(o);
        const lr = argument(call, 1, 'lr') ?? group;
        if (!lr || call.star) continue; // the default, 1e-3, is inside the range
        if (!group && groupRates(m, o) === 'all') continue; // every parameter group sets its own rate: this one sets none
        // a number of the code, or the default of the command-line option it reads (`lr=args.lr`, `default=1e-6`)
        const literal = numberValue(m, lr, o.site.scope);
        // (not for an Adam one of several optimizers an option picks from: torchvision's references default `--lr` to
        // SGD's 0.1, and whoever picks `--opt adamw` passes a rate with it)
        const picked = pickedAmongOptimizers(m, call, o.qname);
        const option = literal === undefined && lr.k === 'attr' && !picked ? optionDefault(m, lr, o.site.scope) : undefined;
        // (… nor a setting of a config the file reads, shared by the optimizers it picks from, unless the config's own
        // choice is this Adam: arcface-pytorch's `if opt.optimizer == 'sgd':` with `optimizer = 'sgd'` and `lr = 1e-1`
        // in its `Config`; review 145)
        if (picked && lr.k !== 'num' && branchTaken(m, call) !== true) continue;
        const v = literal ?? option?.value;
        if (v === undefined || (v >= LOW && v <= HIGH) || (v < LOW && fineTunes()) || rateSetElsewhere(m, o, v)) continue;
        // full-batch training makes one step per epoch, a few hundred in all: Adam at 1e-2 (pygcn, PyG's Cora) is its
        // baseline, and 3e-4 would leave the model undertrained
        if (v > HIGH && v <= FULL_BATCH_HIGH && fullBatchTraining(m)) continue;
        const shown = lr.k === 'num' ? '' : option ? ` (${option.text} by default)` : ` (${Number(v.toPrecision(3))})`;
        report({
          span: lr,
          message: `In ${stage}, start from ${short} at lr=3e-4: lr=${ctx.source(lr)}${shown} is outside the safe range [1e-4, 1e-3] for a baseline (recipe 3.2).`,
          fixes: lr.k === 'num' ? [{ title: 'Use lr=3e-4', edits: [replace(lr, '3e-4')] }] : [],
        });
      } else if (short === 'SGD' && !usesAdam && !isConditional(m, call) && !classChosen(m, call, o.site.scope) && !loadsPretrained() && !weightsUnread() && !sparseGradients(m, o) && !rateSearched(m, call, o.site.scope) && !overLoadedModel(m, call, o.site.scope)) {
        // (sparse gradients, from an embedding built with sparse=True: Adam does not take them; fine-tuning pretrained
        // weights with SGD and a schedule is a published recipe of its own, ViT's)
        const params = call.args[0];
        const wd = argument(call, 4, 'weight_decay');
        // Adam's weight_decay is an L2 penalty scaled by its adaptive rates (NR403): a decay goes to AdamW
        const decays = !!wd && numberValue(m, wd, o.site.scope) !== 0;
        const adam = decays ? 'AdamW' : 'Adam';
        const fn = call.fn;
        // parameter groups with rates of their own would override the lr=3e-4 the rewrite sets
        // … and so would rates the file writes into the groups (`adjust_learning_rate` every epoch)
        const sgdLr = argument(call, 1, 'lr');
        const rewritten = rateSetElsewhere(m, o, (sgdLr && numberValue(m, sgdLr, o.site.scope)) ?? Number.NaN);
        const fixes =
          fn.k === 'attr' && params && !call.star && groupRates(m, o) === 'none' && !rewritten
            ? [
                {
                  title: `Use ${adam} with lr=3e-4`,
                  safety: 'suggestion' as const,
                  edits: [replace(call, `${ctx.source(fn.obj)}.${adam}(${ctx.source(params)}, lr=3e-4${decays && wd ? `, weight_decay=${ctx.source(wd)}` : ''})`)],
                },
              ]
            : [];
        report({
          span: fn,
          message: `In ${stage}, use Adam at lr=3e-4 for the baseline: SGD only works well with a tuned learning rate and schedule, which comes later (recipe 3.2).`,
          fixes,
        });
      }
    }
    for (const site of hfArguments(m)) {
      const call: CallExpr = site.call;
      if (call.star) continue; // `TrainingArguments(**config)` may set either
      const optimArg = kwarg(call, 'optim')?.value;
      const optim = optimArg && stringValue(m, optimArg, site.scope);
      if (optimArg && optim === undefined) continue; // an optimizer the analysis cannot read
      if (optimArg && optim?.toLowerCase() === 'sgd') {
        // SGD fine-tuning pretrained weights is a published recipe of its own (ViT's), as for torch.optim.SGD; and
        // the Trainer fine-tunes pretrained models unless the file shows one built from scratch (`from_config`)
        if (loadsPretrained() || !libraryModels(m).some((x) => x.pretrained === 'no')) continue;
        report({
          span: optimArg,
          message: `In ${stage}, use Adam for the baseline: SGD only works well with a tuned learning rate and schedule, which comes later (recipe 3.2).`,
          fixes: optimArg.k === 'str' ? [{ title: 'Use AdamW (optim="adamw_torch")', safety: 'suggestion', edits: [replace(optimArg, '"adamw_torch"')] }] : [],
        });
        continue;
      }
      // Adafactor, Lion, … take rates of their own
      if (optim !== undefined && !optim.toLowerCase().includes('adam')) continue;
      const lr = kwarg(call, 'learning_rate')?.value;
      const v = numberValue(m, lr, site.scope);
      if (!lr || v === undefined || v <= HIGH) continue;
      report({
        span: lr,
        message: `In ${stage}, lower the learning rate: learning_rate=${ctx.source(lr)}${lr.k === 'num' ? '' : ` (${v})`} is above 1e-3, more than Adam-style optimizers tolerate for a baseline; start at 3e-4 or below (recipe 3.2).`,
      });
    }
  },
});

/**
 * An SGD whose rate the file is searching for: a hyper-parameter search in the file (a Ray Tune trainable, an Optuna
 * objective) and a rate the analysis cannot read (`lr=config["lr"]`). Tuning SGD's rate is stage 5's work, which the
 * message says is when SGD does well.
 */
function rateSearched(m: PyModule, call: CallExpr, scope: Scope): boolean {
  const lr = argument(call, 1, 'lr');
  return !!lr && numberValue(m, lr, scope) === undefined && hyperparameterSearches(m).length > 0;
}

/**
 * An optimizer over the parameters of a model loaded whole (`model_ft = torch.load(path)`, then
 * `SGD(model_ft.parameters(), …)`): weights another step of the project saved, which the analysis cannot read (a
 * transfer-learning model fine-tuned further).
 */
function overLoadedModel(m: PyModule, call: CallExpr, scope: Scope): boolean {
  let params = call.args[0] ?? kwarg(call, 'params')?.value;
  // `filter(lambda p: p.requires_grad, model.parameters())`
  if (params?.k === 'call' && calleeShortName(params) === 'filter' && params.args[1]) params = params.args[1];
  if (params?.k !== 'call' || params.fn.k !== 'attr' || !/^(named_)?parameters$/.test(params.fn.attr)) return false;
  // what built the model, through `.to(device)` and the like
  const built = m.instanceOf(params.fn.obj, scope);
  return built?.ref.kind === 'external' && /^torch\.(jit\.)?load$/.test(canonical(built.ref.qname));
}


/**
 * Whether the class an optimizer is built from is a name the code binds to more than one class: a choice of the run
 * (`optim_class = Adam` under `if cfg.optim_name == "adam":`, `SGD` otherwise), as an SGD built under a condition is.
 */
function classChosen(m: PyModule, call: CallExpr, scope: Scope): boolean {
  if (call.fn.k !== 'name') return false;
  const classes = m.assignmentsOf(call.fn.id, scope).flatMap((a) => (a.via === 'assign' && a.value && a.value.k !== 'const' ? [m.qualify(a.value, a.scope) ?? sourceKey(m, a.value)] : []));
  return new Set(classes).size >= 2;
}


/** A string constant, directly or through a name bound once. */
function stringValue(m: PyModule, e: Expr, scope: Scope): string | undefined {
  const v = m.resolve(e, scope)?.expr ?? e;
  return v.k === 'str' ? v.value : undefined;
}

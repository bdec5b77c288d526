import type { Expr, Span } from '../../python/ir';
import { outsideSupervised } from '../../python/facts-paradigm';
import { calleeShortName, constValue, countedRange, wordsOf, earlyStopping, epochValidation, fitValidates, isCountedLoop, lightningTrainers, loopHeader, mentionsEarlyStopping, numberValue, optimizerBuilds, savesCheckpoint, selectsOnValidation, trainerRuns, trainingLoops } from '../../python/facts-recipe';
import { type CallExpr, type CallSite, type LoopInfo, type PyModule, type Scope, contains, kwarg, walkExpr, walkStmts } from '../../python/semantic';
import { stmtExprs } from '../../python/facts-autograd';
import { modelOf, nameTokens, rangeCounts } from '../../python/facts-eval';

import { stageLabel } from '../../stages/recipe';
import { defineRule } from '../rule';

/**
 * A loop of one epoch: `range(1)`, or `range(num_epochs)` where every caller of the function passes 1
 * (`train(num_epochs=1, …)`). Early stopping has no later epoch to skip, and the last weights are the only ones.
 */
function singleEpoch(m: PyModule, loop: LoopInfo): boolean {
  const range = countedRange(loop.stmt);
  return (range && rangeCounts(m, range, loop.scope)?.every((n) => n <= 1)) ?? false;
}

/**
 * The name a fitted LightningModule logs its validation loss under: the first `self.log("…", …)` key of its
 * `validation_step` (or `on_validation_epoch_end`) that names a loss (`"validation_loss"`, `"val/loss"`).
 */
function loggedValidationLoss(m: PyModule, fit: CallSite): string | undefined {
  const model = fit.call.args[0] ?? kwarg(fit.call, 'model')?.value;
  const inst = model && m.instanceOf(model, fit.scope);
  if (inst?.ref.kind !== 'local') return undefined;
  const cls = inst.ref.cls;
  const mod = cls.module;
  for (const name of ['validation_step', 'on_validation_epoch_end', 'validation_epoch_end']) {
    const fn = mod.method(cls, name);
    if (!fn) continue;
    for (const s of mod.callsIn(fn.scope)) {
      const f = s.call.fn;
      const key = s.call.args[0];
      if (f.k === 'attr' && f.attr === 'log' && f.obj.k === 'name' && f.obj.id === 'self' && key?.k === 'str' && /loss/i.test(key.value)) return key.value;
    }
  }
  return undefined;
}

/** Words of a loop that repeats whole trainings: over folds, tasks, seeds, trials, runs, clients, settings. */
const REPETITION_WORDS = new Set(['fold', 'folds', 'kfold', 'task', 'tasks', 'trial', 'trials', 'seed', 'seeds', 'run', 'runs', 'repeat', 'repeats', 'repetition', 'repetitions', 'experiment', 'experiments', 'client', 'clients', 'lr', 'lrs']);

/**
 * A loop over whole trainings, not over epochs: its target or what it iterates names folds, tasks, seeds, … (`for
 * fold in range(5)`, `for task_id in range(n_tasks)`, `for i, (tr, va) in enumerate(kf.split(X))`). A continual-learning
 * script cannot stop before its later tasks, and a k-fold loop's epochs are the loop inside it.
 */
function repeatsTrainings(loop: LoopInfo): boolean {
  const s = loop.stmt;
  if (s.k !== 'for') return false;
  let found = false;
  // (what it iterates, by its own names: `range(args.n_tasks)`, not the object they are read from, `config.epochs`)
  const bases = new Set<object>();
  for (const e of [s.target, s.iter])
    walkExpr(e, (x) => {
      if (x.k === 'attr' && e === s.iter) bases.add(x.obj);
      const id = x.k === 'name' && !bases.has(x) ? x.id : x.k === 'attr' ? x.attr : undefined;
      if (id && nameTokens(id).some((t) => REPETITION_WORDS.has(t))) found = true;
    });
  return found;
}

/**
 * The epoch loops of a file: the outermost training loops, looking inside loops that repeat whole trainings, and the
 * counted loops that run an epoch of training written in another file of the project (`train_one_epoch(…)` imported
 * from `engine.py`, as DETR's and DeiT's `main.py` do).
 */
function epochLoops(m: PyModule): LoopInfo[] {
  const training = trainingLoops(m);
  const loops = [...training, ...m.loops.filter((l) => !training.includes(l) && isCountedLoop(l.stmt) && runsImportedEpoch(m, l))].filter((l) => !repeatsTrainings(l) && !retrainsEachIteration(m, l));
  return loops.filter((l) => !loops.some((o) => o !== l && contains(o.stmt, l.stmt)) && !callsEpochLoop(m, l.stmt));
}

/**
 * Whether a training loop runs whole passes of training (an epoch loop): a training loop inside it, or a call of a
 * project function with one (`train_epoch(…)`); not a counted loop of steps (`for step in range(steps): x, y = next(it)`).
 */
function aroundTraining(m: PyModule, loop: LoopInfo): boolean {
  const training = trainingLoops(m);
  if (training.some((o) => o !== loop && contains(loop.stmt, o.stmt))) return true;
  return m.callsInLoop(loop.stmt).some((s) => {
    const fn = m.siteProjectCallee(s);
    return !!fn && trainingLoops(fn.scope.module).some((o) => contains(fn.stmt, o.stmt));
  });
}

/**
 * Whether a loop calls a function of the project that runs an epoch loop itself (a counted loop around training),
 * directly or through the functions it calls (two deep): a loop of pruning rounds around `train(model, …, n_epochs)`
 * repeats whole trainings, whose own epoch loop is the one judged (review 81's lottery-ticket script).
 */
function callsEpochLoop(m: PyModule, region: Span, depth = 0): boolean {
  return m.callsWithin(region.from, region.to).some((s) => {
    const fn = m.siteProjectCallee(s);
    if (!fn || contains(fn.stmt, region)) return false;
    const fm = fn.scope.module;
    if (trainingLoops(fm).some((l) => isCountedLoop(l.stmt) && contains(fn.stmt, l.stmt) && aroundTraining(fm, l))) return true;
    return depth < 2 && callsEpochLoop(fm, fn.stmt, depth + 1);
  });
}

/**
 * Whether each iteration of a loop trains a new model from scratch: the loop, or a function of the project it calls,
 * builds an optimizer over a model it builds there too (`model = Net()`, then `Adam(model.parameters())`). An active-
 * learning loop's acquisition rounds do (each round retrains on the grown labelled set), and so does a sweep written
 * by hand; epochs reuse the model they are handed.
 */
function retrainsEachIteration(m: PyModule, loop: LoopInfo): boolean {
  const regions: { mod: PyModule; from: number; to: number }[] = [{ mod: m, from: loop.stmt.from, to: loop.stmt.to }];
  for (const s of m.callsInLoop(loop.stmt)) {
    const fn = m.siteProjectCallee(s);
    if (fn) regions.push({ mod: fn.scope.module, from: fn.stmt.from, to: fn.stmt.to });
  }
  return regions.some(({ mod, from, to }) =>
    optimizerBuilds(mod).some(({ site }) => {
      if (site.call.from < from || site.call.to > to) return false;
      // Adam(model.parameters(), …): `model` bound in the region to a model built there
      const params = site.call.args[0];
      const owner = params?.k === 'call' && params.fn.k === 'attr' && params.fn.attr === 'parameters' ? params.fn.obj : undefined;
      if (owner?.k !== 'name') return false;
      const a = mod.reachingAssignment(owner.id, site.scope, owner.from);
      return a?.via === 'assign' && a.value?.k === 'call' && a.value.from >= from && a.value.to <= to && modelOf(mod, a.value, a.scope)?.initial === 'train';
    }),
  );
}

/**
 * Whether a loop calls a function of another project file that trains one epoch: its training loops iterate data
 * (`for x, y in loader`), none of them a count (`for epoch in range(…)`: that function runs a whole training, and
 * a loop around it repeats trainings).
 */
function runsImportedEpoch(m: PyModule, loop: LoopInfo): boolean {
  return m.callsInLoop(loop.stmt).some((s) => {
    const fn = m.siteProjectCallee(s);
    if (!fn || fn.scope.module === m) return false;
    const fm = fn.scope.module;
    const inside = trainingLoops(fm).filter((l) => contains(fn.stmt, l.stmt));
    return inside.length > 0 && inside.every((l) => l.stmt.k === 'for' && !isCountedLoop(l.stmt));
  });
}

/** Words that name a held-out split's score. */
const HELD_OUT_WORDS = new Set(['val', 'vali', 'valid', 'validation', 'dev', 'eval']);

/** The names an expression reads (`sum(e) / len(e) for e in zip(*all_lists)` reads `e` and `all_lists`). */
function namesRead(e: Expr): string[] {
  const out: string[] = [];
  walkExpr(e, (x) => x.k === 'name' && out.push(x.id));
  return out;
}

/**
 * Whether the function of an epoch loop hands the scores it keeps each epoch to a caller of the file that picks the
 * best epoch from them: the loop appends a held-out score to a list (`loss_list.append(val_loss)`, not a training loss), the
 * function returns it (`return model, loss_list`), and the caller, following what it returns through its own
 * assignments, loops and appends (`all_lists.append(val_list)`, `for e in zip(*all_lists): average_list.append(…)`), takes its
 * best (`min(average_list)`, `average_list.index(min_value)`, `np.argmin(curve)`): the recipe's best validation epoch,
 * picked one function up (review 78's speech-enhancement script).
 */
function curvePickedByCaller(m: PyModule, loop: LoopInfo): boolean {
  const fn = m.functionOf(loop.scope);
  if (!fn) return false;
  // a held-out score: named so (`val_loss`, `sum(val_list) / len(val_list)`), or a name assigned so in the function
  const heldOut = (e: Expr, scope: CallSite['scope']): boolean => {
    const words = wordsOf(e);
    if (words.some((w) => w === 'train' || w === 'training')) return false;
    if (words.some((w) => HELD_OUT_WORDS.has(w))) return true;
    const a = e.k === 'name' ? m.reachingAssignment(e.id, scope, e.from) : undefined;
    return a?.via === 'assign' && !!a.value && a.value.from >= loop.stmt.from && a.value.to <= loop.stmt.to && heldOut(a.value, scope);
  };
  const kept = new Set<string>();
  for (const s of m.callsInLoop(loop.stmt)) {
    const f = s.call.fn;
    if (f.k === 'attr' && f.attr === 'append' && f.obj.k === 'name' && s.call.args.length === 1 && (heldOut(f.obj, s.scope) || (!wordsOf(f.obj).includes('train') && heldOut(s.call.args[0], s.scope)))) kept.add(f.obj.id);
  }
  // where a returned value holds a kept list: the whole value (`return losses`) or an item of the tuple (`return model, losses`)
  const positions = new Set<number | 'all'>();
  for (const r of m.returns(fn)) {
    if (r.k === 'name' && kept.has(r.id)) positions.add('all');
    else if (r.k === 'seq' && r.kind === 'tuple') r.items.forEach((i, n) => i.k === 'name' && kept.has(i.id) && positions.add(n));
  }
  if (!positions.size) return false;
  return m.callersOf(fn).some((site) => {
    const st = site.stmt;
    if (st.k !== 'assign' || st.value !== site.call || st.targets.length !== 1) return false;
    const target = st.targets[0];
    const tainted = new Set<string>();
    if (target.k === 'name' && positions.has('all')) tainted.add(target.id);
    else if (target.k === 'seq') target.items.forEach((t, n) => t.k === 'name' && positions.has(n) && tainted.add(t.id));
    if (!tainted.size) return false;
    const caller = m.functionOf(site.scope);
    const stmts = caller ? caller.stmt.body.stmts : m.stmts;
    const reads = (e: Expr): boolean => namesRead(e).some((id) => tainted.has(id));
    // what the caller makes of them: names assigned from them, lists they are appended to (to a fixed point)
    for (let grew = true, rounds = 0; grew && rounds < 6; rounds++) {
      grew = false;
      const add = (id: string): void => {
        if (tainted.has(id)) return;
        tainted.add(id);
        grew = true;
      };
      walkStmts(stmts, (s) => {
        if (s.k === 'assign' && s.value && s !== st && reads(s.value)) for (const t of s.targets) for (const id of namesRead(t)) add(id);
        else if (s.k === 'for' && reads(s.iter)) for (const id of namesRead(s.target)) add(id);
        else if (s.k === 'expr' && s.expr.k === 'call' && s.expr.fn.k === 'attr' && /^(append|extend)$/.test(s.expr.fn.attr) && s.expr.fn.obj.k === 'name' && s.expr.args.some(reads)) add(s.expr.fn.obj.id);
      });
    }
    let picked = false;
    walkStmts(stmts, (s) => {
      for (const e of stmtExprs(s))
        walkExpr(e, (c) => {
          if (picked || c.k !== 'call') return;
          const name = calleeShortName(c) ?? '';
          if (/^(nan)?arg(max|min)$/.test(name) && c.args.some(reads)) picked = true;
          else if (/^(max|min)$/.test(name) && c.fn.k === 'name' && c.args.length === 1 && !c.kwargs.length && reads(c.args[0])) picked = true;
          else if (name === 'index' && c.fn.k === 'attr' && c.fn.obj.k === 'name' && tainted.has(c.fn.obj.id)) picked = true;
        });
    });
    return picked;
  });
}

/** `Trainer(fast_dev_run=True)` (or a number of batches): Lightning runs a few batches as a smoke test. */
function smokeTest(m: PyModule, call: CallExpr, scope: Scope): boolean {
  const v = kwarg(call, 'fast_dev_run')?.value;
  return !!v && (constValue(m, v, scope) === 'True' || (numberValue(m, v, scope) ?? 0) > 0);
}

export default defineRule({
  code: 'NR405',
  name: 'no-early-stopping',
  stage: 4,
  tip: '4.11',
  languages: ['python', 'typescript', 'javascript', 'yaml', 'json'],
  defaultSeverity: 'info',
  fixSafety: 'none',
  activeInStages: [4, 5, 6],
  docs: {
    summary: 'From stage 4 (regularize) on, a training script runs a fixed number of epochs with no early stopping and no best checkpoint on a validation metric.',
    why:
      'Early stopping on the validation loss is the recipe\'s cheapest regulariser: train while validation improves and ' +
      'keep the weights of the best epoch, not the last. A loop that evaluates on the test split only ' +
      '(`test(model, test_loader)` every epoch, no validation split) is told to hold out a validation split first: ' +
      'stopping on the test set would pick the model on it; so is a file whose only best checkpoint is kept on the test ' +
      'split (`if acc > best_acc:` in a `test()` over the test loader), or whose patience stop counts the epochs without ' +
      'improvement on the test split (`if test_loss < best_loss: … bad_epochs = 0 else: bad_epochs += 1`), reported once, at the stop; so is a best checkpoint or a patience stop on a score computed on the training data, whatever the score is called (`val_loss = run_epoch(train_loader, False)` then `if val_loss < best_loss:`): a score every argument of whose call that names a split names the training data; the split is the one named closest to the score (`test_loss = eval_fn(valid_data_loader, model)` scores the validation loader), or the one the data handed to the function is built from (`test_BMN(test_loader)` with `VideoDataSet(subset="validation")` scores the validation subset); a Hugging Face Trainer that keeps its best checkpoint (`load_best_model_at_end=True`) on a dataset library\'s test split (`eval_dataset=ds["test"]` with `ds = load_dataset("imdb")`, not the `"test"` part of a split the script makes, with the `train_test_split` of `datasets` or of sklearn) is reported the same way. A loop over whole trainings (folds, continual-learning ' +
      'tasks, seeds, trials, or a loop each of whose iterations builds a new model and its optimizer, as an active-learning loop\'s acquisition rounds do, or that calls a function of the project with an epoch loop of its own, as iterative pruning\'s rounds do) is not an epoch loop: the epoch loop inside it is the one judged; a counted loop that runs an epoch of training written in another file of the project (`train_one_epoch(…)` imported from `engine.py`, as in DETR) is one, and so is a step made by a loss scaler (timm\'s `NativeScaler`, `loss_scaler(loss, optimizer, …)` in MAE and Swin). Loops that break on a patience counter, best-checkpoint saving ' +
      '(also through a function of the file, `model_save(path)`; not a save in a training loop that a flag runs, `if not val_only: for epoch in …: torch.save(…)`), ' +
      'Lightning `EarlyStopping` or a monitored `ModelCheckpoint` (also a subclass of the project\'s) count, and so does keeping the best validation ' +
      "epoch's result (`if val_acc > best_val_acc:` that records that epoch's score or its test accuracy, or the best validation epoch " +
      'picked after the loop from the scores kept each epoch, `np.argmax(valid_curve)`, or its score, `max(val_accs)`, also by a caller in the file from the validation scores the training function returns, `model, val_losses = train(…)` then `val_losses.index(min(val_losses))`, or a table of scores kept per epoch read at the row of its best validation column, OGB\'s Logger: `result[result[:, 1].argmax(), 2]`, also in a method of a project class the file calls); in TensorFlow.js, `model.fit` with validation data (`validationData`, `validationSplit`) but without ' +
      '`tf.callbacks.earlyStopping` is reported, unless it runs a single epoch or its callbacks array is added to later (`callbacks.push(…)`); ' +
      'a fit that holds nothing out has no validation loss to stop on and is left alone, ' +
      'and so is an epoch loop written around one-epoch fits with validation data that never breaks out (`for (let i = 0; i < numEpochs; ++i) ' +
      'await model.fit(xs, ys, {epochs: 1, validationSplit})`). Trainers configured from objects the analysis ' +
      'cannot read (`Trainer(**cfg)`, callbacks built elsewhere), files that mention patience or a best checkpoint in ' +
      'some other way (not the patience of a scheduler that lowers the rate on a plateau: `ReduceLROnPlateau(opt, patience=5)`, timm\'s `--patience-epochs`), Stochastic Weight Averaging (which keeps an average of the last epochs by design), a Trainer whose ' +
      'model never validates (a notebook with several models), and files with syntax errors are left alone, and so is a ' +
      'hand-written epoch loop that does not validate each epoch (validation under an `if` in the loop: every few ' +
      'epochs, only after the last, behind a flag, after an `if …: continue` that skips it on some epochs, or under a test of its arguments at the top of the helper the loop calls, 3DGS\'s `if iteration in testing_iterations:`; a pass over held-out data that only renders pictures and computes no score, a NeRF\'s `test()` writing novel views, is no validation), and training outside supervised learning (a GAN\'s, an RL agent\'s or a diffusion model\'s ' +
      'loop has no validation loss to stop on), and a Lightning Trainer for a single epoch (`max_epochs=1`: its last weights are the only ones; `max_epochs=-1` is no limit) or a smoke test (`fast_dev_run=True`, which switches the callbacks off). In configs, Hugging Face ' +
      'arguments are reported only when the Trainer evaluates during training (an `eval_strategy` other than `no`, over ' +
      'more than one epoch), and a Hydra config that composes a `callbacks` group is left alone (its callbacks are there), ' +
      'as is a `trainer:` section of a project\'s own trainer class (no script around the config imports Lightning and the section names no Lightning `_target_`: BYOL\'s `BYOLTrainer(**config["trainer"])`), ' +
      'as is a config whose model (`_target_`, `class_path`, or the class a script hands to `LightningCLI(Model, …)`) is a class of the project that has no validation loss to ' +
      'stop on, judged as in Python (a diffusion model, a GAN, a LightningModule without `validation_step`).',
    bad: `for epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    print(epoch, evaluate(model, val_loader))\n`,
    good: `best, bad_epochs = float("inf"), 0\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_loss = evaluate(model, val_loader)\n    if val_loss < best:\n        best, bad_epochs = val_loss, 0\n        torch.save(model.state_dict(), "best.pt")\n    else:\n        bad_epochs += 1\n    if bad_epochs >= 10:\n        break\n`,
    exampleStage: 4,
  },
  checkPython(ctx) {
    const m = ctx.module;
    if (ctx.hasSyntaxErrorIn()) return;
    const stage = stageLabel(ctx.stage ?? 4);
    // the only best kept is the best on the test split (pytorch-cifar's `if acc > best_acc:` in `test(epoch)`), or on a
    // score computed on the training data (`val_loss = run_epoch(train_loader, False)`; review 153)
    const stops = earlyStopping(m);
    const misplaced = stops.filter((e) => e.onTest || e.onTrainingData);
    if (misplaced.length && misplaced.length === stops.length && !outsideSupervised(m)) {
      // a best checkpoint kept in the loop a patience stop on the same split ends is the same mistake: reported once
      const stopsIn = (e: (typeof misplaced)[number]): boolean =>
        e.kind !== 'loop' && misplaced.some((o) => o.kind === 'loop' && !o.onTest === !e.onTest && m.loops.some((l) => contains(l.stmt, o.span) && contains(l.stmt, e.span)));
      for (const e of misplaced.filter((x) => !stopsIn(x)))
        ctx.report({
          span: e.span,
          message: e.onTest
            ? e.kind === 'loop'
              ? `In ${stage}, stop on a validation split: this loop stops when the score on the test split stops improving, which picks the model on the test set and leaves no honest estimate. Hold out a validation split and stop (and keep the best checkpoint) on it (recipe 4.11).`
              : `In ${stage}, pick the best epoch on a validation split: this keeps the checkpoint with the best score on the test split, which tunes the model to the test set and leaves no honest estimate. Hold out a validation split and keep the best checkpoint on it (recipe 4.11).`
            : e.kind === 'loop'
              ? `In ${stage}, stop on a validation split: this loop stops when a score computed on the training data stops improving, and that score keeps improving while the model overfits. Compute the score on a held-out validation split (recipe 4.11).`
              : `In ${stage}, pick the best epoch on a validation split: this keeps the checkpoint with the best score computed on the training data, which says nothing about overfitting. Compute the score on a held-out validation split (recipe 4.11).`,
        });
      return;
    }
    if (stops.length || mentionsEarlyStopping(m)) return;
    // an RL agent, a GAN or self-supervised training has no validation loss to stop on (a policy's `evaluate()` is not one)
    if (outsideSupervised(m)) return;
    // Hand-written epoch loops: an outer training loop over a fixed count (range or while) around the data loop,
    // in a file that does not select the best validation epoch's result either.
    // (Stochastic Weight Averaging keeps the average of the last epochs' weights by design)
    const swa = (s: CallSite): boolean => /swa_utils\.(AveragedModel|SWALR)$|StochasticWeightAveraging$/.test(s.scope.module.qualify(s.call.fn, s.scope) ?? '');
    const averages = m.callSites.some(swa);
    for (const loop of selectsOnValidation(m) || averages ? [] : epochLoops(m)) {
      const s = loop.stmt;
      const validation = isCountedLoop(s) ? epochValidation(m, loop) : undefined;
      if ((validation !== 'every' && validation !== 'test') || singleEpoch(m, loop)) continue;
      // (the scores of each epoch returned to a caller that picks the best of them; not when they are the test split's)
      if (validation === 'every' && curvePickedByCaller(m, loop)) continue;
      // checkpoints saved every epoch (or every few) keep those weights, but nothing picks the best one
      const kept = savesCheckpoint(m, s.body) ? 'saves checkpoints without picking the best one on the validation loss' : 'keeps the last weights';
      ctx.report({
        span: loopHeader(s),
        message:
          validation === 'every'
            ? `In ${stage}, stop on the validation loss: this loop always runs every epoch and ${kept}. Add early stopping with a patience and save the best checkpoint (recipe 4.11).`
            : // evaluated on the test split only: stopping on it would pick the model on the test set
              `In ${stage}, stop on a validation loss: this loop always runs every epoch and ${kept.replace(' on the validation loss', '')}, and it evaluates on the test split only. Hold out a validation split (picking epochs on the test set overfits to it), then add early stopping with a patience and save the best checkpoint (recipe 4.11).`,
      });
    }
    // Lightning: a Trainer whose callbacks we can read, none of them stopping or keeping the best checkpoint, that
    // validates (validation data given to `fit`, or a LightningModule with a validation step).
    const fits = trainerRuns(m).filter((r) => r.call.fn.k === 'attr' && r.call.fn.attr === 'fit');
    if (!trainerRuns(m).length || (fits.length && !fits.some((r) => fitValidates(m, r)))) return;
    for (const t of lightningTrainers(m)) {
      if (t.call.star) continue;
      // the fits of this trainer (a notebook builds several): none validates, nothing to stop on
      const own = fits.filter((r) => r.call.fn.k === 'attr' && m.instanceOf(r.call.fn.obj, r.scope)?.call === t.call);
      if (own.length && !own.some((r) => fitValidates(m, r))) continue;
      // a model that averages its weights itself (`self.swa_model = AveragedModel(self.model)`)
      const averaging = own.some((r) => {
        const model = r.call.args[0] ?? kwarg(r.call, 'model')?.value;
        const inst = model && m.instanceOf(model, r.scope);
        return inst?.ref.kind === 'local' && inst.ref.cls.module.callsWithin(inst.ref.cls.stmt.from, inst.ref.cls.stmt.to).some(swa);
      });
      if (averaging) continue;
      // one epoch (`Trainer(max_epochs=1)`): its last weights are the only ones, there is nothing to stop (`-1` is no
      // limit at all); a smoke test (`fast_dev_run=True`, or a number of batches) runs a few batches with Lightning's
      // checkpoint and early-stopping callbacks switched off
      const epochs = numberValue(m, kwarg(t.call, 'max_epochs')?.value, t.scope) ?? Infinity;
      if ((epochs >= 0 && epochs <= 1) || smokeTest(m, t.call, t.scope)) continue;
      const cb = kwarg(t.call, 'callbacks')?.value;
      const list: Expr | undefined = cb && (m.resolve(cb, t.scope)?.expr ?? cb);
      if (cb && (!list || list.k !== 'seq')) continue;
      // Stochastic Weight Averaging keeps the average of the last epochs' weights by design, not the last ones
      if (list?.k === 'seq' && list.items.some((i) => i.k === 'call' && /StochasticWeightAveraging$/.test(calleeShortName(i) ?? ''))) continue;
      // the key the fitted model logs its validation loss under (`self.log("validation_loss", …)`), when it says so
      const key = own.map((r) => loggedValidationLoss(m, r)).find((k) => k !== undefined) ?? 'val_loss';
      ctx.report({
        span: t.call.fn,
        message: `In ${stage}, stop on the validation loss: add \`EarlyStopping(monitor="${key}")\` and a \`ModelCheckpoint(monitor="${key}")\` to this Trainer's callbacks; it keeps the last epoch's weights, not the best (recipe 4.11).`,
      });
    }
  },
});

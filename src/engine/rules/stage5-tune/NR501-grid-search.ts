import { isTestModule } from '../../python/facts-eval';
import { gridLoops, gridSearchCall } from '../../python/facts-search';
import { defineRule } from '../rule';

export default defineRule({
  code: 'NR501',
  name: 'grid-search',
  stage: 5,
  tip: '5.1',
  languages: ['python', 'yaml', 'json'],
  defaultSeverity: 'info',
  fixSafety: 'suggestion',
  docs: {
    summary: 'A grid search over hyper-parameters: `GridSearchCV`, Optuna `GridSampler`, Ray Tune `grid_search`, a W&B grid sweep, or nested loops over value lists that each train a model.',
    why:
      'Usually only a few hyper-parameters matter. A grid of n values per hyper-parameter tries only n distinct values ' +
      'of the one that matters, however many runs it spends on the others; random search tries a new value of every ' +
      'hyper-parameter in every run (Bergstra & Bengio, 2012). The recipe recommends random over grid search (5.1). ' +
      'A single loop over one hyper-parameter (`for lr in [...]`) is not reported: in one dimension a grid and random ' +
      'samples cover the same line; nor is a grid of choices only (optimizers, flags, model names), where random ' +
      'search would try the same few values. Loops over seeds, folds or repeats are not hyper-parameters, and test files ' +
      '(`tests/`, and `test_*.py` or `*_test.py` that read as tests) are not tuning runs.',
    bad: `program: train.py\nmethod: grid\nmetric:\n  name: val_loss\n  goal: minimize\nparameters:\n  lr:\n    values: [0.01, 0.001, 0.0001]\n  batch_size:\n    values: [32, 64, 128]\n`,
    good: `program: train.py\nmethod: random\nmetric:\n  name: val_loss\n  goal: minimize\nparameters:\n  lr:\n    distribution: log_uniform_values\n    min: 0.0001\n    max: 0.01\n  batch_size:\n    values: [32, 64, 128]\nrun_cap: 9\n`,
    exampleLanguage: 'yaml',
    examplePath: 'sweep.yaml',
    fix: 'In W&B sweep configs, suggests `method: random` (with lists of numbers turned into distributions where that is unambiguous, and a `run_cap` the size of the grid); Hydra sweeper comma lists and Python loops get no fix (the rewrite depends on the code).',
  },
  checkPython(ctx) {
    const m = ctx.module;
    // a test suite's grid searches exercise an integration (`GridSearchCV(net, …)` in skorch's tests), not a tuning
    if (isTestModule(m)) return;
    for (const site of m.callSites) {
      const api = gridSearchCall(m, site);
      if (!api) continue;
      ctx.report({
        span: site.call,
        message: `${api} tries every combination of the listed values: random search covers each hyper-parameter with more distinct values for the same number of runs. Prefer a random or Bayesian search.`,
      });
    }
    for (const g of gridLoops(m)) {
      const s = g.outer.stmt;
      ctx.report({
        span: { from: s.from, to: Math.max(s.from, s.body.from) },
        message: `These nested loops train a model on every combination of ${g.dims} hyper-parameters (a grid search). Sample the values at random instead: the same number of runs tries more distinct values of the ones that matter.`,
      });
    }
  },
});

import { stmtExprs } from '../../python/facts-autograd';
import { isTestModule } from '../../python/facts-eval';
import { allStatements } from '../../python/semantic';
import { gridLoops, gridSearchCall } from '../../python/facts-search';
import type { Expr } from '../../python/ir';
import { type CallSite, type PyModule, type Scope, kwarg, walkExpr } from '../../python/semantic';
import { defineRule } from '../rule';

const RAY = "Ray Tune's grid_search";
const OPTUNA = "Optuna's GridSampler";

/**
 * The first `tune.grid_search(…)` of each search space (a dict literal) that has two of them or more; a single
 * grid axis next to values sampled at random (`tune.loguniform`, `tune.choice`) is no grid over combinations.
 */
function rayGridSpaces(m: PyModule): Set<Expr> {
  const sites = new Map<Expr, CallSite>();
  for (const s of m.callSites) sites.set(s.call, s);
  const out = new Set<Expr>();
  allStatements(m.stmts, (st) => {
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        if (x.k !== 'dict') return;
        const axes = x.entries.map((en) => en.value).filter((v) => v.k === 'call' && sites.has(v) && gridSearchCall(m, sites.get(v) as CallSite) === RAY);
        if (axes.length >= 2) out.add(axes[0]);
      });
  });
  return out;
}

/** A search space of one hyper-parameter: a dict with one key (or a list of such dicts, each one grid of one axis). */
function oneAxis(m: PyModule, space: Expr, scope: Scope): boolean {
  const v = m.resolve(space, scope)?.expr ?? space;
  if (v.k === 'dict') return v.entries.length < 2 && v.entries.every((e) => e.key !== undefined);
  return v.k === 'seq' && v.items.length > 0 && v.items.every((i) => oneAxis(m, i, scope));
}

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
      'search would try the same few values; nor is a Ray Tune search space with a single `tune.grid_search` axis (the ' +
      'other values sampled at random), while one with two axes or more is reported once, nor an Optuna `GridSampler` ' +
      'or a scikit-learn `GridSearchCV` over one hyper-parameter. Loops over seeds, folds or repeats are not hyper-parameters, ' +
      'nor, in a W&B or Hydra sweep, are seeds, datasets and the lists of experiments, methods or models a benchmark table ' +
      'compares (`seed` × `data` × `+experiment` with one learning rate list is not reported), and test files ' +
      '(`tests/`, and `test_*.py` or `*_test.py` that read as tests) are not tuning runs; nor is a W&B sweep whose `program` ' +
      'trains nothing, itself or through the project modules it imports (a saved checkpoint quantised at each bit width: ' +
      'an ablation table to fill, not a training to tune).',
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
    // Ray Tune's `grid_search` marks one axis of a search space: a grid only with two axes or more in the same space,
    // reported once, at its first axis
    let rayFirstAxes: Set<Expr> | undefined;
    for (const site of m.callSites) {
      const api = gridSearchCall(m, site);
      if (!api) continue;
      if (api === RAY && !(rayFirstAxes ??= rayGridSpaces(m)).has(site.call)) continue;
      // Optuna's GridSampler, or scikit-learn's GridSearchCV, over one hyper-parameter is a line, like a loop over one
      // (`GridSearchCV(LogisticRegression(), param_grid={"C": c_values})`, a linear probe's regularisation)
      const space = api === OPTUNA ? (site.call.args[0] ?? kwarg(site.call, 'search_space')?.value) : api.endsWith('GridSearchCV') ? (site.call.args[1] ?? kwarg(site.call, 'param_grid')?.value) : undefined;
      if (space && oneAxis(m, space, site.scope)) continue;
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

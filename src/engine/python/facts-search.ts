// Hyper-parameter search facts: grid-search APIs (scikit-learn, Optuna, Ray Tune, W&B sweeps) and loops
// over hand-written lists of hyper-parameter values whose body trains a model.
import type { Expr } from './ir';
import { type CallSite, type LoopInfo, type PyModule, type Scope } from './semantic';
import { canonical, gradCall, lastName, loopContents, scaledStep } from './torch';

const GRID_APIS: Record<string, string> = {
  'sklearn.model_selection.GridSearchCV': 'GridSearchCV',
  'sklearn.model_selection.HalvingGridSearchCV': 'HalvingGridSearchCV',
  'sklearn.grid_search.GridSearchCV': 'GridSearchCV',
  'optuna.samplers.GridSampler': "Optuna's GridSampler",
  'optuna.samplers._grid.GridSampler': "Optuna's GridSampler",
  'ray.tune.grid_search': "Ray Tune's grid_search",
  'ray.tune.search.grid_search': "Ray Tune's grid_search",
};

/** A call to a grid-search API, with a label for messages; also `wandb.sweep({'method': 'grid', …})`. */
export function gridSearchCall(m: PyModule, site: CallSite): string | undefined {
  const q = m.siteCallee(site);
  if (!q) return undefined;
  const c = canonical(q);
  if (GRID_APIS[c]) return GRID_APIS[c];
  if (c === 'wandb.sweep') {
    const arg = site.call.args[0] ?? site.call.kwargs.find((k) => k.name === 'sweep')?.value;
    const r = arg && m.resolve(arg, site.scope);
    const cfg = r?.expr;
    if (cfg?.k === 'dict') {
      const method = cfg.entries.find((e) => e.key?.k === 'str' && e.key.value === 'method')?.value;
      if (method?.k === 'str' && method.value === 'grid') return 'a W&B grid sweep';
    }
  }
  return undefined;
}

/** Loop variables that repeat an experiment or pick what to run it on, rather than vary a hyper-parameter. */
const NOT_HYPER = /seed|fold|split|run|trial|repeat|^reps?$|data|task|env|bench|domain|lang|subject|file|path|dir|name|device|gpu|^(i|j|k|n|_|idx|index)$/i;

/** Whether a swept name repeats an experiment or picks what to run it on (`seed`, `fold`, `data`), not a hyper-parameter. */
export function repeatsOrPicksData(name: string): boolean {
  return NOT_HYPER.test(name);
}

/** Names of hyper-parameters (learning rate, decay, batch size, widths, regularisation, optimizer choice...). */
const HYPER = /lr|learn|rate|decay|wd|batch|^bs$|drop|momentum|beta|alpha|gamma|lambda|^lam|temp|tau|eps|clip|warmup|hidden|width|depth|layer|units|dim|emb|head|kernel|filter|channel|optim|activation|^act$|reg|penalty|^c$|smooth|patience|sched|init|norm|size/i;
const SPACES = new Set(['numpy.logspace', 'numpy.linspace', 'numpy.geomspace']);

/** A hand-written list of values (or a numpy space); `floats` tells whether it holds fractional numbers. */
function valueList(m: PyModule, e: Expr, scope: Scope): { floats: boolean } | undefined {
  const r = e.k === 'name' ? m.resolve(e, scope) : { expr: e, scope };
  const v = r?.expr;
  if (!v || !r) return undefined;
  if (v.k === 'seq' && v.kind !== 'set') {
    const num = (i: Expr): i is Extract<Expr, { k: 'num' }> => i.k === 'num';
    const items = v.items.map((i) => (i.k === 'unary' && i.op === '-' ? i.arg : i));
    const literal = items.every((i) => i.k === 'num' || i.k === 'str' || (i.k === 'const' && i.value !== 'Ellipsis'));
    return v.items.length >= 2 && literal ? { floats: items.some((i) => num(i) && i.isFloat) } : undefined;
  }
  if (v.k === 'call') {
    const q = m.qualify(v.fn, r.scope);
    return q !== undefined && SPACES.has(q) ? { floats: true } : undefined;
  }
  return undefined;
}

/** Whether a loop variable over a list of values is a hyper-parameter: named like one, or fractional values. */
function hyperParameter(name: string, values: { floats: boolean } | undefined): boolean {
  return !!values && !!name && !NOT_HYPER.test(name) && (HYPER.test(name) || values.floats);
}

/** How many hyper-parameters a `for` loop varies: 1 for `for lr in [..]`, n for `for a, b in product(l1, l2)`. */
export function hyperParameterDims(m: PyModule, loop: LoopInfo): number {
  const s = loop.stmt;
  if (s.k !== 'for') return 0;
  const names = s.target.k === 'name' ? [s.target.id] : s.target.k === 'seq' ? s.target.items.map((i) => (i.k === 'name' ? i.id : '')) : [];
  const it = s.iter;
  if (it.k === 'call' && m.qualify(it.fn, loop.scope) === 'itertools.product') {
    if (it.args.length !== names.length || it.args.length < 2) return 0;
    return it.args.every((a, i) => hyperParameter(names[i], valueList(m, a, loop.scope))) ? it.args.length : 0;
  }
  return names.length === 1 && hyperParameter(names[0], valueList(m, it, loop.scope)) ? 1 : 0;
}

const TRAINS = /^(train|fit)([_A-Z]|$)/;

/** Whether each iteration of a loop trains a model: a backward pass and an optimizer step, or a `train…()`/`fit()` call. */
export function trainsEachIteration(m: PyModule, loop: LoopInfo): boolean {
  let backward = false;
  let step = false;
  for (const { site } of loopContents(m, loop).calls) {
    const n = lastName(site.call.fn);
    if (n && TRAINS.test(n) && n !== 'train_test_split') return true;
    const g = gradCall(site.scope.module, site);
    if (g?.kind === 'backward') backward = true;
    if (g?.kind === 'step') step = true;
    if (!g && scaledStep(site.scope.module, site)) backward = step = true;
  }
  return backward && step;
}

export interface GridLoops {
  /** The outermost loop of the grid. */
  outer: LoopInfo;
  /** How many hyper-parameters the nested loops vary together. */
  dims: number;
}

/**
 * Nested loops (in one function) over lists of hyper-parameter values, two or more in all, whose innermost one
 * trains a model. Loops in between that vary no hyper-parameter (seeds, folds) are looked through.
 */
export function gridLoops(m: PyModule): GridLoops[] {
  const dims = new Map<LoopInfo['stmt'], number>();
  for (const l of m.loops) dims.set(l.stmt, hyperParameterDims(m, l));
  const hyper = m.loops.filter((l) => (dims.get(l.stmt) ?? 0) > 0);
  const chain = (l: LoopInfo): LoopInfo[] => (l.parent ? [...chain(l.parent), l] : [l]);
  const best = new Map<LoopInfo['stmt'], GridLoops>();
  for (const inner of hyper) {
    const hp = chain(inner).filter((l) => (dims.get(l.stmt) ?? 0) > 0);
    const total = hp.reduce((n, l) => n + (dims.get(l.stmt) ?? 0), 0);
    if (total < 2 || !trainsEachIteration(m, inner)) continue;
    const outer = hp[0];
    const prev = best.get(outer.stmt);
    if (!prev || prev.dims < total) best.set(outer.stmt, { outer, dims: total });
  }
  return [...best.values()];
}

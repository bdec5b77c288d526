// Hyper-parameter search facts: grid-search APIs (scikit-learn, Optuna, Ray Tune, W&B sweeps) and loops
// over hand-written lists of hyper-parameter values whose body trains a model.
import type { Expr } from './ir';
import { type CallSite, type LoopInfo, type PyModule, type Scope } from './semantic';
import { canonical, gradCall, lastName, loopContents } from './torch';

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
  const q = m.calleeName(site.call, site.scope);
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

/** Loop variables that repeat an experiment rather than vary a hyper-parameter. */
const REPEAT_NAME = /(^|_)(seed|fold|split|run|trial|rep|repeat|repetition)s?(_|$)|^(i|j|k|n|_|idx|index)$/i;
const SPACES = new Set(['numpy.logspace', 'numpy.linspace', 'numpy.geomspace']);

function valueList(m: PyModule, e: Expr, scope: Scope): boolean {
  const r = e.k === 'name' ? m.resolve(e, scope) : { expr: e, scope };
  const v = r?.expr;
  if (!v) return false;
  if (v.k === 'seq' && v.kind !== 'set') return v.items.length >= 2 && v.items.every((i) => i.k === 'num' || i.k === 'str' || (i.k === 'unary' && i.arg.k === 'num') || (i.k === 'const' && i.value !== 'Ellipsis'));
  if (v.k === 'call') {
    const q = r && m.qualify(v.fn, r.scope);
    return q !== undefined && SPACES.has(q);
  }
  return false;
}

/** How many hyper-parameters a `for` loop varies: 1 for `for lr in [..]`, n for `for a, b in product(l1, l2)`. */
export function hyperParameterDims(m: PyModule, loop: LoopInfo): number {
  const s = loop.stmt;
  if (s.k !== 'for') return 0;
  const names = s.target.k === 'name' ? [s.target.id] : s.target.k === 'seq' ? s.target.items.map((i) => (i.k === 'name' ? i.id : '')) : [];
  if (!names.length || names.some((n) => !n || REPEAT_NAME.test(n))) return 0;
  const it = s.iter;
  if (it.k === 'call' && m.qualify(it.fn, loop.scope) === 'itertools.product') {
    return it.args.length === names.length && it.args.length >= 2 && it.args.every((a) => valueList(m, a, loop.scope)) ? it.args.length : 0;
  }
  return names.length === 1 && valueList(m, it, loop.scope) ? 1 : 0;
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
  }
  return backward && step;
}

export interface GridLoops {
  /** The outermost loop of the grid. */
  outer: LoopInfo;
  /** How many hyper-parameters the nested loops vary together. */
  dims: number;
}

/** Nested loops (in one function) over lists of hyper-parameter values, two or more in all, that train a model. */
export function gridLoops(m: PyModule): GridLoops[] {
  const out: GridLoops[] = [];
  for (const loop of m.loops) {
    const d = hyperParameterDims(m, loop);
    if (!d) continue;
    // start at the outermost hyper-parameter loop only
    let parent = loop.parent;
    while (parent && !hyperParameterDims(m, parent)) parent = parent.parent;
    if (parent) continue;
    // follow nested hyper-parameter loops down to the innermost, adding their dimensions
    let dims = d;
    let inner = loop;
    for (;;) {
      const next = m.loops.find((l) => l.parent?.stmt === inner.stmt && hyperParameterDims(m, l) > 0);
      if (!next) break;
      dims += hyperParameterDims(m, next);
      inner = next;
    }
    if (dims >= 2 && trainsEachIteration(m, inner)) out.push({ outer: loop, dims });
  }
  return out;
}

// NR501 in configs: grid search. A W&B sweep with `method: grid` over two or more hyper-parameters (fix:
// `method: random`, a `run_cap` that keeps the grid's number of runs — a random sweep runs until stopped — and
// value lists that span orders of magnitude turned into log-uniform ranges), and a Hydra basic-sweeper config
// that sweeps two or more hyper-parameters with comma lists (`lr: 1e-3,1e-4`), which runs every combination.
// One swept hyper-parameter is not reported: in one dimension a grid and random samples cover the same line; nor is a
// grid of choices only (optimizers, flags, model names), where random search would try the same few values.
import { trainsSomehow } from '../../python/facts-recipe';
import { repeatsOrPicksData } from '../../python/facts-search';
import type { PyModule } from '../../python/semantic';
import type { TextEdit } from '../../types';
import type { ConfigCheck, ConfigCheckContext } from '../context';
import { insertPairAfter, numberText, replacePair, replaceScalar, stringText } from '../edits';
import { pythonModule } from '../python';
import { type CMap, type CNode, type CPair, numberOf, pairOf, stringOf, valueOf } from '../tree';

export const checkNR501: ConfigCheck = (ctx) => {
  if (ctx.kinds.has('sweep')) wandbGrid(ctx);
  if (ctx.kinds.has('hydra')) hydraBasicSweep(ctx);
};

/**
 * Whether the script a W&B sweep runs (`program:`, next to the sweep or in a folder above it, where the agent is
 * started) can be read and trains nothing, neither itself nor through the project modules it imports.
 */
function programTrainsNothing(ctx: ConfigCheckContext, program: string | undefined): boolean {
  if (!ctx.host || !program || !/^[\w./-]+\.py$/.test(program) || program.startsWith('/')) return false;
  let dir = ctx.path.slice(0, Math.max(0, ctx.path.lastIndexOf('/')));
  for (let level = 0; level < 4 && dir; level++) {
    const m = pythonModule(ctx.host, `${dir}/${program.replace(/^\.\//, '')}`);
    if (m) {
      const imported = [...m.scope.imports.values()].map((q) => m.linker?.resolve(m, q)?.module).filter((x): x is PyModule => !!x && x !== m);
      return ![m, ...imported].some(trainsSomehow);
    }
    const up = dir.slice(0, Math.max(0, dir.lastIndexOf('/')));
    if (up === dir) break;
    dir = up;
  }
  return false;
}

/** Number of values a W&B parameter takes, or undefined when it is a distribution (no fixed count). */
function valueCount(spec: CNode | undefined): number | undefined {
  if (spec?.k !== 'map') return undefined;
  const values = valueOf(spec, 'values');
  if (values?.k === 'seq') return values.items.length;
  if (pairOf(spec, 'value')) return 1;
  const nested = valueOf(spec, 'parameters');
  if (nested?.k === 'map') return product(nested);
  return undefined;
}

function product(params: CMap): number | undefined {
  let n = 1;
  for (const p of params.pairs) {
    const c = valueCount(p.value);
    if (c === undefined) return undefined;
    n *= c;
  }
  return n;
}

/** `values: [1e-4, 1e-3, 1e-2]` → `distribution: log_uniform_values`, `min`, `max`: positive floats spanning 10x or more. */
function logRange(ctx: ConfigCheckContext, spec: CNode | undefined): TextEdit | undefined {
  const values = pairOf(spec, 'values');
  const seq = values?.value;
  if (!values || seq?.k !== 'seq' || seq.items.length < 2) return undefined;
  const items = seq.items.filter((i): i is Extract<CNode, { k: 'scalar' }> => i.k === 'scalar');
  const nums = items.map(numberOf);
  if (items.length !== seq.items.length || nums.some((n) => n === undefined || n <= 0) || items.some((i) => !/[.eE]/.test(i.source))) return undefined;
  const sorted = items.map((item, i) => ({ item, n: nums[i] as number })).sort((a, b) => a.n - b.n);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  if (hi.n / lo.n < 10) return undefined;
  const lang = ctx.doc.language;
  return replacePair(ctx.doc, ctx.lines, values, [
    ['distribution', stringText(lang, 'log_uniform_values')],
    ['min', numberText(lang, lo.item.source)],
    ['max', numberText(lang, hi.item.source)],
  ]);
}

function wandbGrid(ctx: ConfigCheckContext): void {
  for (const root of ctx.doc.roots) {
    const method = pairOf(root, 'method');
    const params = valueOf(root, 'parameters');
    if (!method?.value || method.value.k !== 'scalar' || stringOf(method.value) !== 'grid' || params?.k !== 'map') continue;
    // seeds, datasets and the methods of a benchmark table (`seed: [7, 42]` × `data: [CMNIST, …]` × `+experiment`) are
    // what a run repeats or is run on, not hyper-parameters: a grid over them fills a table that random draws would not
    const swept = params.pairs.filter((p) => (valueCount(p.value) ?? 2) > 1 && hyperParameter(p.key, numericValues(p.value)));
    // a grid of choices only (`optimizer: [sgd, adam]`, booleans) is what random search would try too
    if (swept.length < 2 || !swept.some((p) => numericValues(p.value))) continue;
    // a sweep over a script that trains nothing (`program: test.py` quantising a saved checkpoint at each bit width):
    // an ablation table to fill, not hyper-parameters of a training to tune
    if (programTrainsNothing(ctx, stringOf(valueOf(root, 'program')))) continue;
    const edits: TextEdit[] = [replaceScalar(method.value, stringText(ctx.doc.language, 'random'))];
    const runs = product(params);
    if (runs !== undefined && !pairOf(root, 'run_cap')) edits.push(...(insertPairAfter(ctx.doc, ctx.lines, method, 'run_cap', String(runs)) ?? []));
    for (const p of swept) {
      const e = logRange(ctx, p.value);
      if (e) edits.push(e);
    }
    ctx.report({
      span: method.value,
      message: `This W&B sweep tries every combination of the listed values of ${swept.length} hyper-parameters (a grid search): random search covers each hyper-parameter with more distinct values for the same number of runs. Use \`method: random\` (or \`bayes\`).`,
      fixes: [{ title: `Sample at random (method: random${runs !== undefined ? `, run_cap: ${runs}` : ''})`, safety: 'suggestion', edits }],
    });
  }
}

/** A Hydra sweep value: `1e-3,1e-4` (a comma list), `choice(…)`, `range(…)`. */
function swept(v: CNode | undefined): boolean {
  const s = stringOf(v);
  if (s === undefined) return v?.k === 'seq' && v.items.length > 1;
  if (/^\s*(choice|range)\s*\(/.test(s)) return true;
  let depth = 0;
  for (const c of s) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) return true;
  }
  return false;
}

/** Whether a W&B parameter is a list of two or more numbers, or a distribution (numbers by definition). */
function numericValues(spec: CNode | undefined): boolean {
  if (spec?.k !== 'map') return false;
  const values = valueOf(spec, 'values');
  if (values?.k === 'seq') return values.items.length > 1 && values.items.every((i) => numberOf(i) !== undefined);
  return pairOf(spec, 'distribution') !== undefined || pairOf(spec, 'min') !== undefined;
}

/** Whether a Hydra sweep lists numbers: `1e-3,1e-4`, `range(…)`, `choice(0.1, 0.2)`. */
function numericSweep(v: CNode | undefined): boolean {
  if (v?.k === 'seq') return v.items.every((i) => numberOf(i) !== undefined);
  const s = stringOf(v);
  if (s === undefined) return false;
  const inner = /^\s*(choice|range)\s*\((.*)\)\s*$/.exec(s);
  if (inner?.[1] === 'range') return true;
  const items = (inner ? inner[2] : s).split(',').map((x) => x.trim());
  return items.length > 1 && items.every((x) => x !== '' && Number.isFinite(Number(x)));
}

/**
 * Whether a swept key (`lr`, `params.batch_size`, Hydra's `+experiment`) is a hyper-parameter: not a seed, fold or
 * dataset, and, for a list of names, not the experiment, method or model a benchmark table compares.
 */
function hyperParameter(key: string, numeric: boolean): boolean {
  const name = key.replace(/^[+~]+/, '').split(/[./]/).pop() ?? key;
  return !repeatsOrPicksData(name) && (numeric || !/experiment|method|model|algo|arch|baseline/i.test(name));
}

function hydraBasicSweep(ctx: ConfigCheckContext): void {
  for (const root of ctx.doc.roots) {
    const defaults = valueOf(root, 'defaults');
    const plugin = defaults?.k === 'seq' ? defaults.items.map((i) => (i.k === 'map' ? i.pairs[0] : undefined)).find((p): p is CPair => !!p && /hydra\/sweeper$/.test(p.key)) : undefined;
    if (plugin && stringOf(plugin.value) !== 'basic') continue;
    const params = pairOf(valueOf(valueOf(root, 'hydra'), 'sweeper'), 'params');
    if (params?.value?.k !== 'map') continue;
    const lists = params.value.pairs.filter((p) => swept(p.value) && hyperParameter(p.key, numericSweep(p.value)));
    const n = lists.length;
    if (n < 2 || !lists.some((p) => numericSweep(p.value))) continue;
    ctx.report({
      span: params.keySpan,
      message: `Hydra's basic sweeper runs every combination of these ${n} value lists (a grid search): random search covers each hyper-parameter with more distinct values for the same number of runs. Use a sampling sweeper (Optuna's random or TPE sampler).`,
    });
  }
}

import { addKeyword } from '../../python/edits';
import type { Expr, Stmt } from '../../python/ir';
import { stmtExprs } from '../../python/facts-autograd';
import { type CallExpr, type PyModule, type Scope, allStatements, argument, kwarg, walkExpr } from '../../python/semantic';
import { dataLoaders, datasetStyle, iterableOf, randomSplitPart, stepLoops, valuesOf } from '../../python/facts-eval';
import { constantNumber } from '../../python/facts-values';
import { canonical, trainingLoops } from '../../python/torch';
import { calleeShortName, constValue, isComprehension, lightningTrainers, optimizerBuilds } from '../../python/facts-recipe';
import { defineRule } from '../rule';

/** Distributed strategies, by name (`"ddp"`, `"ddp_spawn"`, `"horovod"`) or class (`DDPStrategy(...)`). */
const DISTRIBUTED = /ddp|fsdp|deepspeed|horovod|tpu|xla/i;

/**
 * Whether a Lightning Trainer of the file always trains distributed (a distributed `strategy`, `accelerator` or
 * `distributed_backend`, or `num_nodes` above 1) with Lightning's default of replacing the training loader's sampler
 * by a `DistributedSampler` that shuffles (`use_distributed_sampler`, formerly `replace_sampler_ddp`, not False).
 */
function trainsDistributed(m: PyModule): boolean {
  return lightningTrainers(m).some((s) => {
    if (['use_distributed_sampler', 'replace_sampler_ddp'].some((k) => constValue(m, kwarg(s.call, k)?.value, s.scope) === 'False')) return false;
    const value = (k: string): Expr | undefined => {
      const arg = kwarg(s.call, k)?.value;
      return arg && (m.resolve(arg, s.scope)?.expr ?? arg);
    };
    const nodes = value('num_nodes');
    if (nodes?.k === 'num' && nodes.value > 1) return true;
    return ['strategy', 'accelerator', 'distributed_backend'].some((k) => {
      const v = value(k);
      if (v?.k === 'str') return DISTRIBUTED.test(v.value);
      return v?.k === 'call' && DISTRIBUTED.test(calleeShortName(v) ?? '');
    });
  });
}

/** Calls that make a tensor or array of a given length, with the argument that gives it. */
const SIZED: Record<string, number> = {
  'torch.rand': 0,
  'torch.randn': 0,
  'torch.zeros': 0,
  'torch.ones': 0,
  'torch.empty': 0,
  'torch.linspace': 2,
  'numpy.random.rand': 0,
  'numpy.random.randn': 0,
  'numpy.zeros': 0,
  'numpy.ones': 0,
  'numpy.linspace': 2,
};

/**
 * The numbers an expression can hold: constants, followed through assignments and the call sites of a parameter; a
 * parameter of a function that nothing in the file calls holds its default.
 */
function numbersOf(m: PyModule, e: Expr, scope: Scope): number[] | undefined {
  let values = valuesOf(m, e, scope);
  if (!values.length && e.k === 'name') {
    const a = m.reachingAssignment(e.id, scope, e.from);
    const fn = a?.via === 'param' ? m.functionOf(a.scope) : undefined;
    if (fn && a?.param?.default && !m.callersOf(fn).length) values = [{ expr: a.param.default, scope: a.scope }];
  }
  const out = values.map((v) => constantNumber(m, v.expr, v.scope));
  const known = out.filter((x): x is number => x !== undefined);
  return out.length && known.length === out.length ? known : undefined;
}

/**
 * A full-batch loader: its batch holds the whole dataset, so the order cannot matter. `batch_size=len(x)` (or
 * `x.shape[0]`, `x.size(0)`) of the dataset or a tensor it is made of, or a number at least the length of the tensors
 * a `TensorDataset` is made of (`TensorDataset(X, y)` with `X = torch.rand(n_data)`, batch size and `n_data` both 150).
 */
function fullBatch(m: PyModule, call: CallExpr, dataset: Expr, scope: Scope): boolean {
  const bs = argument(call, 1, 'batch_size');
  if (!bs) return false;
  const ds = m.resolve(dataset, scope)?.expr ?? dataset;
  const parts = ds.k === 'call' && /TensorDataset$/.test(calleeShortName(ds) ?? '') ? ds.args : [];
  const named = new Set([dataset, ...parts].flatMap((x) => (x.k === 'name' ? [x.id] : [])));
  const held = m.resolve(bs, scope)?.expr ?? bs;
  // len(x), x.shape[0], x.size(0) of the dataset or of one of its tensors
  const of =
    held.k === 'call' && held.fn.k === 'name' && held.fn.id === 'len'
      ? held.args[0]
      : held.k === 'subscript' && held.obj.k === 'attr' && held.obj.attr === 'shape' && held.index.length === 1 && held.index[0].k === 'num' && held.index[0].value === 0
        ? held.obj.obj
        : held.k === 'call' && held.fn.k === 'attr' && held.fn.attr === 'size' && held.args[0]?.k === 'num' && held.args[0].value === 0
          ? held.fn.obj
          : undefined;
  if (of?.k === 'name' && named.has(of.id)) return true;
  const batch = numbersOf(m, bs, scope);
  if (!batch || !parts.length) return false;
  // the length of the first tensor: the size argument of the call that makes it (`torch.rand(n_data)`)
  const first = m.resolve(parts[0], scope);
  if (!first) return false;
  let size: Expr | undefined;
  walkExpr(first.expr, (x) => {
    if (size || x.k !== 'call') return;
    const q = m.qualify(x.fn, first.scope);
    const at = q === undefined ? undefined : SIZED[canonical(q)];
    if (at !== undefined) size = x.args[at];
  });
  const n = size && numbersOf(m, size, first.scope);
  return !!n && batch.every((b) => n.every((k) => b >= k));
}

/**
 * A dataset of a class of the project whose `__getitem__` never reads the index it is handed: each item is drawn at
 * random (a window at a random offset of a token stream, PaLM-rlhf's and lucidrains' `TextSamplerDataset`), so there
 * is no order for the loader to shuffle.
 */
function drawsAtRandom(m: PyModule, dataset: Expr, scope: Scope): boolean {
  const inst = m.instanceOf(dataset, scope);
  if (inst?.ref.kind !== 'local') return false;
  const cls = inst.ref.cls;
  const getitem = cls.module.method(cls, '__getitem__');
  const index = getitem?.stmt.params[1];
  if (!getitem || !index || index.kind !== 'normal' || !getitem.stmt.body.stmts.length) return false;
  let read = false;
  allStatements(getitem.stmt.body.stmts, (st) => {
    for (const e of stmtExprs(st)) walkExpr(e, (x) => (read ||= x.k === 'name' && x.id === index.name));
  });
  return !read;
}

/**
 * A loader built where a comprehension iterates it, to read the data once (`torch.cat([d[0] for d in
 * DataLoader(train_set)])` for the per-channel mean and std, davda54's SAM): the order cannot matter. Only when the
 * element computes nothing but with the comprehension's own variables and torch or NumPy functions.
 */
function readOnceInComprehension(m: PyModule, call: CallExpr, stmt: Stmt, scope: Scope): boolean {
  let found = false;
  for (const e of stmtExprs(stmt))
    walkExpr(e, (x) => {
      if (found || x.k !== 'other' || !isComprehension(x.node) || x.parts.length < 3 || !x.parts.slice(2).includes(call)) return;
      const own = new Set<string>();
      walkExpr(x.parts[1], (n) => void (n.k === 'name' && own.add(n.id)));
      let plain = true;
      walkExpr(x.parts[0], (n) => {
        if (n.k !== 'call') return;
        let base: Expr = n.fn;
        while (base.k === 'attr' || base.k === 'subscript' || base.k === 'call') base = base.k === 'call' ? base.fn : base.obj;
        const q = canonical(m.qualify(n.fn, scope) ?? '');
        if (!(base.k === 'name' && own.has(base.id)) && !q.startsWith('torch.') && !q.startsWith('numpy.')) plain = false;
      });
      found = plain;
    });
  return found;
}

export default defineRule({
  code: 'NR101',
  name: 'unshuffled-training-data',
  stage: 1,
  tip: '1.1',
  languages: ['python', 'typescript', 'javascript'],
  defaultSeverity: 'warning',
  fixSafety: 'safe',
  docs: {
    summary: 'A training `DataLoader` neither shuffles nor uses a sampler, so every epoch sees the data in the same order.',
    why:
      'Stage 1 of the recipe is about knowing how your data is distributed and biased (tip 1.1). Datasets on disk are ' +
      'usually ordered: by class (ImageFolder), by source, by time or by length. A training loader that does not shuffle ' +
      'feeds that order to the optimizer: batches of a single class, the same batch boundaries every epoch, gradients ' +
      'biased towards whatever comes last. The model still trains, just worse, with nothing to warn you. The rule ' +
      'reports loaders it knows are for training (by their names, the split they load such as `train=True`, ' +
      "`split='train'` or `phase='train'`, or because a training loop iterates them; when these disagree, as for a " +
      "`trainloader` over a dataset built with `phase='test'`, it stays quiet) over datasets it knows are indexable (also one unpacked " +
      'from the tuple a function of the project returns, `train_set, _ = load_data()`). Validation and ' +
      'test loaders, loaders with a `sampler`/`batch_sampler` (e.g. `DistributedSampler`), a Lightning ' +
      '`train_dataloader()` in a file whose Trainer always trains distributed (Lightning then puts a shuffling ' +
      '`DistributedSampler` in), an explicit `shuffle=` of any ' +
      'value, `**kwargs`, a loader built where a comprehension reads the data once (`torch.cat([d[0] for d in DataLoader(train_set)])`, ' +
      'for the mean and standard deviation), a loader the file only evaluates or predicts on (in a loop under `torch.no_grad()` or of an evaluation function, a `prediction_loader` over the training set for a confusion matrix), a loader only iterated by its own loops in a file that trains nothing (PaDiM\'s one no-grad pass collecting features), full-batch loaders (`batch_size=len(X_train)`, or a number at least the length of the tensors of ' +
      'a `TensorDataset`: one batch holds all the data, in whatever order), datasets whose `__getitem__` ignores the index and draws an item at random (a window at a random offset) and iterable datasets (`IterableDataset`, webdataset, streaming) are not reported.',
    bad: `from torch.utils.data import DataLoader\nfrom torchvision import datasets, transforms\n\ntrain_set = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())\ntrain_loader = DataLoader(train_set, batch_size=64)\n`,
    good: `from torch.utils.data import DataLoader\nfrom torchvision import datasets, transforms\n\ntrain_set = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())\ntrain_loader = DataLoader(train_set, batch_size=64, shuffle=True)\n`,
    fix: 'Adds `shuffle=True` to the loader. Safe: only the order of the training examples changes. Only offered (never applied in bulk) when a loop that trains nothing iterates the same loader, whose results may be matched to labels by their order.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const l of dataLoaders(m)) {
      const call = l.call;
      if (l.role !== 'train' || call.star || ctx.hasSyntaxErrorIn(call)) continue;
      // DataLoader(dataset, batch_size, shuffle, sampler, batch_sampler, ...): anything given explicitly is a choice
      if (call.args.length > 2 || ['shuffle', 'sampler', 'batch_sampler'].some((k) => kwarg(call, k))) continue;
      if (!l.dataset || datasetStyle(m, l.dataset, l.site.scope) !== 'map' || fullBatch(m, call, l.dataset, l.site.scope)) continue;
      if (readOnceInComprehension(m, call, l.site.stmt, l.site.scope) || drawsAtRandom(m, l.dataset, l.site.scope)) continue;
      // a file that trains nothing and only runs the loader through its own loop (PaDiM's one no-grad pass collecting
      // features for a mean and a covariance, which do not depend on the order)
      if (onlyIteratedUntrained(m, l.site.stmt, l.site.scope)) continue;
      // … nor a loader the file only evaluates or predicts on, in a loop under `no_grad` or an evaluation function
      // (DeepLizard's `prediction_loader` over the training set, for a confusion matrix whose order must stay the
      // dataset's; review 140)
      if (l.uses.size && !l.uses.has('train')) continue;
      // a LightningModule's or LightningDataModule's loader, trained distributed: Lightning shuffles it
      if (l.site.scope.kind === 'function' && l.site.scope.name === 'train_dataloader' && l.site.scope.cls && trainsDistributed(m)) continue;
      // (a loader that a loop training nothing iterates too, scores matched to labels by their order, TranAD's shared
      // loader: shuffling it would reorder those results, so the fix is only offered; review 150)
      const shared = m.loops.some((loop) => loop.stmt.k === 'for' && !stepLoops(m).has(loop.stmt) && valuesOf(m, iterableOf(m, loop.stmt.iter, loop.scope).expr, loop.scope).some((v) => v.expr === call));
      ctx.report({
        span: call.fn,
        message: `${l.name ? `The training DataLoader \`${l.name}\`` : 'This training DataLoader'} does not shuffle: every epoch feeds the examples in the same order (${
          randomSplitPart(m, l.dataset, l.site.scope) ? '`random_split` shuffles once, not every epoch: the same batches come back each epoch' : 'often grouped by class or source'
        }). ${shared ? 'Pass `shuffle=True`, or, where a pass that trains nothing over the same loader needs the order, give the training its own shuffled loader.' : 'Pass `shuffle=True`.'}`,
        fixes: [{ title: 'Add `shuffle=True`', edits: [addKeyword(ctx.lines, call, 'shuffle', 'True')], ...(shared ? { safety: 'suggestion' as const } : {}) }],
      });
    }
  },
});

/**
 * Whether a loader bound to a name is only iterated by `for` loops of its scope, in a file that builds no optimizer
 * and has no training loop: nothing is trained on it, so no epoch sees its order.
 */
function onlyIteratedUntrained(m: PyModule, st: Stmt, scope: Scope): boolean {
  if (st.k !== 'assign' || st.targets.length !== 1 || st.targets[0].k !== 'name') return false;
  if (optimizerBuilds(m).length || trainingLoops(m).length || lightningTrainers(m).length) return false;
  const id = st.targets[0].id;
  const iterated = new Set<Expr>();
  let reads = 0;
  allStatements(scope.body, (x) => {
    if (x.k === 'for') walkExpr(x.iter, (e) => void (e.k === 'name' && e.id === id && iterated.add(e)));
    for (const e of stmtExprs(x)) walkExpr(e, (n) => void (n.k === 'name' && n.id === id && n.from > st.to && reads++));
  });
  return iterated.size > 0 && reads === iterated.size;
}
import { addKeyword } from '../../python/edits';
import type { Expr } from '../../python/ir';
import { type PyModule, kwarg } from '../../python/semantic';
import { dataLoaders, datasetStyle, randomSplitPart } from '../../python/facts-eval';
import { calleeShortName, constValue, lightningTrainers } from '../../python/facts-recipe';
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
      'value, `**kwargs`, and iterable datasets (`IterableDataset`, webdataset, streaming) are not reported.',
    bad: `from torch.utils.data import DataLoader\nfrom torchvision import datasets, transforms\n\ntrain_set = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())\ntrain_loader = DataLoader(train_set, batch_size=64)\n`,
    good: `from torch.utils.data import DataLoader\nfrom torchvision import datasets, transforms\n\ntrain_set = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())\ntrain_loader = DataLoader(train_set, batch_size=64, shuffle=True)\n`,
    fix: 'Adds `shuffle=True` to the loader. Safe: only the order of the training examples changes.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const l of dataLoaders(m)) {
      const call = l.call;
      if (l.role !== 'train' || call.star || ctx.hasSyntaxErrorIn(call)) continue;
      // DataLoader(dataset, batch_size, shuffle, sampler, batch_sampler, ...): anything given explicitly is a choice
      if (call.args.length > 2 || ['shuffle', 'sampler', 'batch_sampler'].some((k) => kwarg(call, k))) continue;
      if (!l.dataset || datasetStyle(m, l.dataset, l.site.scope) !== 'map') continue;
      // a LightningModule's or LightningDataModule's loader, trained distributed: Lightning shuffles it
      if (l.site.scope.kind === 'function' && l.site.scope.name === 'train_dataloader' && l.site.scope.cls && trainsDistributed(m)) continue;
      ctx.report({
        span: call.fn,
        message: `${l.name ? `The training DataLoader \`${l.name}\`` : 'This training DataLoader'} does not shuffle: every epoch feeds the examples in the same order (${
          randomSplitPart(m, l.dataset, l.site.scope) ? '`random_split` shuffles once, not every epoch: the same batches come back each epoch' : 'often grouped by class or source'
        }). Pass \`shuffle=True\`.`,
        fixes: [{ title: 'Add `shuffle=True`', edits: [addKeyword(ctx.lines, call, 'shuffle', 'True')] }],
      });
    }
  },
});

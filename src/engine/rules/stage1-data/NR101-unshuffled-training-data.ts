import { addKeyword } from '../../python/edits';
import { kwarg } from '../../python/semantic';
import { dataLoaders, datasetStyle } from '../../python/facts-eval';
import { defineRule } from '../rule';

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
      'reports loaders it knows are for training (by their names, the split they load such as `train=True` or ' +
      "`split='train'`, or because a training loop iterates them) over datasets it knows are indexable. Validation and " +
      'test loaders, loaders with a `sampler`/`batch_sampler` (e.g. `DistributedSampler`), an explicit `shuffle=` of any ' +
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
      ctx.report({
        span: call.fn,
        message: `${l.name ? `The training DataLoader \`${l.name}\`` : 'This training DataLoader'} does not shuffle: every epoch feeds the examples in the same order (often grouped by class or source). Pass \`shuffle=True\`.`,
        fixes: [{ title: 'Add `shuffle=True`', edits: [addKeyword(ctx.lines, call, 'shuffle', 'True')] }],
      });
    }
  },
});

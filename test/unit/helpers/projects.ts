// Two-file PyTorch projects for the tests that follow a model across files: a model class whose forward() ends
// in `ret`, and a training script that imports it (`imp`) and trains `cls` with CrossEntropyLoss.
import { strict as assert } from 'assert';
import { Analyzer, type Finding } from '../../../src/engine';

/** Analyses `file` of a project held in memory (path relative to `root` → text), as the editor does with a host. */
export function analyzeIn(project: Record<string, string>, file: string, root = '/project'): Finding[] {
  const host = { readFile: (p: string) => (p.startsWith(root + '/') ? project[p.slice(root.length + 1)] : undefined) };
  const res = new Analyzer({ host }).analyze({ path: `${root}/${file}`, text: project[file] });
  assert.deepEqual(res.internalErrors ?? [], []);
  return res.findings;
}

export const NET = (ret: string, cls = 'Net'): string =>
  `import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass ${cls}(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 3)\n\n    def forward(self, x):\n        ${ret}\n`;

export const TRAIN = (imp: string, cls = 'Net'): string =>
  `import torch\nimport torch.nn as nn\n${imp}\n\ntorch.manual_seed(0)\nmodel = ${cls}()\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n`;

/**
 * A notebook exported as a script: `cells` cells at module level, each building its own model and training and
 * evaluating it. `omit` takes a statement out of one cell (`train`: its `model.train()`, `eval`: its `model.eval()`);
 * `raiseBefore` puts a top-level `raise SystemExit` before that cell.
 */
export function notebook(cells: number, change?: { cell: number; omit?: 'train' | 'eval'; raiseBefore?: boolean }): string {
  let out = 'import torch\nfrom torch import nn\n';
  for (let i = 0; i < cells; i++) {
    const c = change?.cell === i ? change : undefined;
    if (c?.raiseBefore) out += '\nraise SystemExit\n';
    out +=
      `\n# %% experiment ${i}\n` +
      `model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.${(i % 8) + 1}), nn.Linear(8, 2))\n` +
      'opt = torch.optim.Adam(model.parameters(), lr=3e-4)\n' +
      'for epoch in range(3):\n' +
      (c?.omit === 'train' ? '' : '    model.train()\n') +
      '    for x, y in train_loader:\n' +
      '        opt.zero_grad()\n' +
      '        nn.functional.cross_entropy(model(x), y).backward()\n' +
      '        opt.step()\n' +
      (c?.omit === 'eval' ? '' : '    model.eval()\n') +
      '    with torch.no_grad():\n' +
      '        acc = sum((model(x).argmax(1) == y).sum().item() for x, y in val_loader)\n';
  }
  return out;
}

/** The 1-based line of the `n`-th occurrence (0-based; -1: the last) of `text` in `code`. */
export function lineOf(code: string, text: string, n = -1): number {
  const at: number[] = [];
  for (let i = code.indexOf(text); i >= 0; i = code.indexOf(text, i + 1)) at.push(i);
  const i = at[n < 0 ? at.length + n : n];
  return code.slice(0, i).split('\n').length;
}

import { addKeyword } from '../../python/edits';
import { forwardPath, isModuleClass } from '../../python/facts-layers';
import { kwarg } from '../../python/semantic';
import { canonical } from '../../python/torch';
import { defineRule } from '../rule';

/** Functional dropouts whose `training` argument defaults to True, with its position. */
const ALWAYS_ON: Record<string, number> = {
  'torch.nn.functional.dropout': 2,
  'torch.nn.functional.dropout1d': 2,
  'torch.nn.functional.dropout2d': 2,
  'torch.nn.functional.dropout3d': 2,
};

export default defineRule({
  code: 'NR212',
  name: 'functional-dropout-always-on',
  stage: 2,
  tip: '2.M2',
  languages: ['python'],
  defaultSeverity: 'error',
  fixSafety: 'safe',
  docs: {
    summary: '`F.dropout(...)` in a module\'s `forward()` without `training=self.training`: it keeps dropping at evaluation.',
    why:
      'Unlike the `nn.Dropout` module, the functional `F.dropout` does not know whether the model is in train or eval ' +
      'mode: its `training` argument defaults to `True`. Called in `forward()` without `training=self.training`, it ' +
      'keeps zeroing activations after `model.eval()`, so validation and test numbers are noisy and too low, and ' +
      'nothing fails. It is the functional form of a mistake the recipe lists among the common ones: forgetting ' +
      'train/eval mode (2.M2). Plain functions outside a module, and calls that pass `training` (also `training=True` ' +
      'for Monte Carlo dropout), are left alone.',
    bad: `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 256)\n        self.fc2 = nn.Linear(256, 10)\n\n    def forward(self, x):\n        x = F.relu(self.fc1(x))\n        x = F.dropout(x, p=0.5)\n        return self.fc2(x)\n`,
    good: `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 256)\n        self.fc2 = nn.Linear(256, 10)\n\n    def forward(self, x):\n        x = F.relu(self.fc1(x))\n        x = F.dropout(x, p=0.5, training=self.training)\n        return self.fc2(x)\n`,
    fix: 'Adds `training=self.training`, so dropout follows `model.train()` / `model.eval()`. In training mode nothing changes.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const cls of m.classes) {
      if (!isModuleClass(cls)) continue;
      for (const fn of forwardPath(cls)) {
        const self = fn.stmt.params[0];
        const unbound = fn.stmt.decorators.some((d) => d.k === 'name' && (d.id === 'staticmethod' || d.id === 'classmethod'));
        if (!self || self.kind !== 'normal' || unbound) continue;
        for (const site of m.callsIn(fn.scope)) {
          const q = m.qualify(site.call.fn, site.scope);
          const pos = q === undefined ? undefined : ALWAYS_ON[canonical(q)];
          if (pos === undefined || site.call.star || kwarg(site.call, 'training') || site.call.args.length > pos) continue;
          ctx.report({
            span: site.call,
            message: `\`${ctx.source(site.call.fn)}\` defaults to \`training=True\`, so this dropout stays on after \`model.eval()\`. Pass \`training=${self.name}.training\`.`,
            fixes: [{ title: `Add training=${self.name}.training`, edits: [addKeyword(ctx.lines, site.call, 'training', `${self.name}.training`)] }],
          });
        }
      }
    }
  },
});

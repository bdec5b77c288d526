import { BATCH_NORMS, DROPOUT_FUNCTIONS, DROPOUT_MODULES, forwardPath, isModuleClass, layerStep, producerOf, sequentialLayers, sequentialSites } from '../../python/facts-layers';
import type { Expr } from '../../python/ir';
import { defineRule } from '../rule';

function isDropout(qname: string | undefined): boolean {
  return qname !== undefined && (DROPOUT_MODULES.has(qname) || DROPOUT_FUNCTIONS.has(qname));
}

export default defineRule({
  code: 'NR402',
  name: 'dropout-before-batchnorm',
  stage: 4,
  tip: '4.9',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'none',
  docs: {
    summary: 'Dropout directly followed by a BatchNorm layer.',
    why:
      'Dropout scales the surviving activations during training and not at evaluation, so the variance BatchNorm ' +
      'measures in training differs from the one it sees at test time ("variance shift"): its running statistics ' +
      'are wrong exactly when the model is evaluated, and test accuracy drops for no visible reason. The recipe ' +
      'advises using dropout sparingly next to BatchNorm (4.9). Put dropout after the last BatchNorm (before the ' +
      'classifier), or drop one of the two.',
    bad: `import torch.nn as nn\n\nblock = nn.Sequential(\n    nn.Linear(256, 256),\n    nn.ReLU(),\n    nn.Dropout(0.5),\n    nn.BatchNorm1d(256),\n)\n`,
    good: `import torch.nn as nn\n\nblock = nn.Sequential(\n    nn.Linear(256, 256),\n    nn.BatchNorm1d(256),\n    nn.ReLU(),\n    nn.Dropout(0.5),\n)\n`,
  },
  checkPython(ctx) {
    const m = ctx.module;
    const report = (dropout: Expr, bn: Expr): void =>
      ctx.report({
        span: dropout,
        message: 'This dropout feeds a BatchNorm directly: BatchNorm learns statistics of dropped-out activations in training that it never sees at evaluation (variance shift). Move the dropout after the BatchNorm layers.',
        related: [{ span: bn, message: 'BatchNorm right after the dropout' }],
      });
    for (const site of sequentialSites(m)) {
      const layers = sequentialLayers(m, site.call, site.scope, site);
      if (!layers) continue;
      for (let i = 0; i + 1 < layers.length; i++) {
        if (isDropout(layers[i].qname) && BATCH_NORMS.has(layers[i + 1].qname ?? '')) report(layers[i].expr, layers[i + 1].expr);
      }
    }
    for (const cls of m.classes) {
      if (!isModuleClass(cls)) continue;
      for (const fn of forwardPath(cls)) {
        for (const s of m.callsIn(fn.scope)) {
          const bn = layerStep(m, s.call, s.scope);
          if (!bn || bn.kind !== 'module' || !BATCH_NORMS.has(bn.qname) || !bn.input) continue;
          const prev = producerOf(m, bn.input, s.scope);
          if (prev && isDropout(prev.qname) && prev.scope.module === m) report(prev.call, s.call);
        }
      }
    }
  },
});

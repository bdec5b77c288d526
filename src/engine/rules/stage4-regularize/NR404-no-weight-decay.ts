import { isTrainingCode, mentionsWeightDecay, optimizerBuilds, weightDecayOf } from '../../python/facts-recipe';
import { stageLabel } from '../../stages/recipe';
import { defineRule } from '../rule';

export default defineRule({
  code: 'NR404',
  name: 'no-weight-decay',
  stage: 4,
  tip: '4.10',
  languages: ['python', 'yaml', 'json'],
  defaultSeverity: 'info',
  fixSafety: 'none',
  activeInStages: [4, 5, 6],
  docs: {
    summary: 'From stage 4 (regularize) on, the training script builds its optimizer without weight decay.',
    why:
      'Weight decay is one of the recipe\'s standard regularisers: a small penalty on the weights trades a little ' +
      'training loss for validation loss. Once the model overfits (stage 3 done), turn it on and increase it. AdamW ' +
      'decays by default and is left alone; so are optimizers whose settings come from a config the analysis cannot ' +
      'read (`**cfg`), parameter groups built elsewhere, files that set `weight_decay` some other way, and files ' +
      'with syntax errors.',
    bad: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`,
    good: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`,
    exampleStage: 4,
  },
  checkPython(ctx) {
    const m = ctx.module;
    // absence: only where it can be sure, in a file that trains and that the parser read completely
    if (ctx.hasSyntaxErrorIn() || !isTrainingCode(m) || mentionsWeightDecay(m)) return;
    const stage = stageLabel(ctx.stage ?? 4);
    for (const o of optimizerBuilds(m)) {
      const wd = weightDecayOf(m, o);
      const short = o.qname.slice('torch.optim.'.length);
      if (wd.kind === 'default' && wd.value === 0) {
        ctx.report({
          span: o.site.call.fn,
          message: `In ${stage}, add weight decay: this ${short} optimizer has none. Set \`weight_decay\` (or use AdamW) and increase it while validation improves (recipe 4.10).`,
        });
      } else if (wd.kind === 'explicit' && wd.value === 0) {
        ctx.report({
          span: wd.span,
          message: `In ${stage}, add weight decay: it is set to 0 here. Increase it while validation improves (recipe 4.10).`,
        });
      }
    }
  },
});

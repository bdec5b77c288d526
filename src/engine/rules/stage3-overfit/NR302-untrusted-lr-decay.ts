import { siteQName, numberValue } from '../../python/facts-recipe';
import { argument } from '../../python/semantic';
import { stageLabel } from '../../stages/recipe';
import { defineRule } from '../rule';
import { snippet } from '../../text';

/** [30, 60], [30, 60, 90], …: the ImageNet ResNet schedule, copied everywhere. */
function imagenetMilestones(values: (number | undefined)[]): boolean {
  return values.length >= 2 && values.every((v, i) => v === 30 * (i + 1));
}

export default defineRule({
  code: 'NR302',
  name: 'untrusted-lr-decay',
  stage: 3,
  tip: '3.4',
  languages: ['python', 'yaml', 'json'],
  defaultSeverity: 'info',
  fixSafety: 'none',
  activeInStages: [2, 3],
  docs: {
    summary: 'While building the skeleton and overfitting (stages 2-3), a learning-rate decay with default-looking milestones: StepLR every 30 epochs, MultiStepLR at [30, 60, 90].',
    why:
      'Decaying the rate by 10 every 30 epochs is the ImageNet ResNet schedule. Copied into another project it decays at ' +
      'the wrong time (often never, or before the model has learnt anything) and makes the loss curve harder to read. ' +
      'The recipe keeps the learning rate constant while building the baseline and adds a decay later, tuned for this ' +
      'problem. Other step sizes and milestones are left alone. In a file of Hugging Face TrainingArguments (one that ' +
      'names its `output_dir`), `lr_scheduler_type: linear`, or no `lr_scheduler_type` beside a `learning_rate` (the ' +
      'Trainer then decays linearly to zero), is reported the same way.',
    bad: `import torch\n\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)\n`,
    good: `import torch\n\n# a constant learning rate for the baseline; no scheduler yet\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n`,
    exampleStage: 3,
  },
  checkPython(ctx) {
    const m = ctx.module;
    const stage = stageLabel(ctx.stage ?? 3);
    for (const site of m.callSites) {
      const q = siteQName(m, site);
      if (q === 'torch.optim.lr_scheduler.StepLR') {
        const step = argument(site.call, 1, 'step_size');
        if (!step || numberValue(m, step, site.scope) !== 30) continue;
        ctx.report({
          span: site.call,
          message: `In ${stage}, keep the learning rate constant: StepLR(step_size=30) is ImageNet's schedule copied from another setup. Add a decay later, tuned for this problem (recipe 3.4).`,
        });
      } else if (q === 'torch.optim.lr_scheduler.MultiStepLR') {
        const ms = argument(site.call, 1, 'milestones');
        const list = ms && (m.resolve(ms, site.scope)?.expr ?? ms);
        if (!list || list.k !== 'seq' || !imagenetMilestones(list.items.map((i) => numberValue(m, i, site.scope)))) continue;
        ctx.report({
          span: site.call,
          message: `In ${stage}, keep the learning rate constant: milestones ${snippet(ctx.text, list)} are ImageNet's schedule copied from another setup. Add a decay later, tuned for this problem (recipe 3.4).`,
        });
      }
    }
  },
});

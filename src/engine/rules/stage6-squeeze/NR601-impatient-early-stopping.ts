import { pretrainedWeights } from '../../python/facts-pretrained';
import { earlyStopping, lightningTrainers, loopHeader, numberValue, outerTrainingLoops } from '../../python/facts-recipe';
import { constantIterations } from '../../python/facts-schedulers';
import { kwarg } from '../../python/semantic';
import { stageLabel } from '../../stages/recipe';
import { defineRule } from '../rule';

/** Patience of 2 or less stops on noise; an epoch budget of 3 or less leaves no time to keep improving. */
const MAX_IMPATIENT = 2;
const SMALL_BUDGET = 3;

export default defineRule({
  code: 'NR601',
  name: 'impatient-early-stopping',
  stage: 6,
  tip: '6.2',
  languages: ['python', 'yaml', 'json'],
  defaultSeverity: 'info',
  fixSafety: 'none',
  activeInStages: [6],
  docs: {
    summary: 'In stage 6 (squeeze out the juice), early stopping with a patience of 2 or less, or an epoch budget of 3 or less.',
    why:
      'Networks keep improving long after they seem to plateau: validation loss is noisy, and a run stopped after one ' +
      'or two flat epochs leaves accuracy on the table. When you squeeze out the last percent, leave it training: a ' +
      'patience of 10 or more, and an epoch budget that early stopping, not the budget, ends. Patience and budgets from ' +
      'variables the analysis cannot read are left alone, and so are the budgets of a file that fine-tunes pretrained ' +
      'weights (`from_pretrained`, torchvision or timm weights, a model zoo\'s backbone loaded by a project module the file ' +
      'takes its model from), which a few epochs suit; in configs, also when the config, the model class it names (in ' +
      'the file or in a Hydra tree\'s `model/` group) or the scripts around it load pretrained weights. A debugging override ' +
      'a run opts into (a Hydra `debug/` group file, `debug.yaml`) is a smoke test, not the run\'s budget.',
    bad: `from lightning.pytorch import Trainer\nfrom lightning.pytorch.callbacks import EarlyStopping\n\ntrainer = Trainer(max_epochs=200, callbacks=[EarlyStopping(monitor="val_loss", patience=2)])\ntrainer.fit(model, datamodule=data)\n`,
    good: `from lightning.pytorch import Trainer\nfrom lightning.pytorch.callbacks import EarlyStopping\n\ntrainer = Trainer(max_epochs=200, callbacks=[EarlyStopping(monitor="val_loss", patience=20)])\ntrainer.fit(model, datamodule=data)\n`,
    exampleStage: 6,
  },
  checkPython(ctx) {
    const m = ctx.module;
    const stage = stageLabel(ctx.stage ?? 6);
    for (const e of earlyStopping(m)) {
      if (e.kind !== 'callback' || !e.patience || e.patience.value > MAX_IMPATIENT) continue;
      ctx.report({
        span: e.patience.span,
        message: `In ${stage}, be patient: stopping after ${e.patience.value} epoch${e.patience.value === 1 ? '' : 's'} without improvement ends training on noise, long before it has plateaued. Use a patience of 10 or more (recipe 6.2).`,
      });
    }
    // fine-tuning pretrained weights (a transformer's 2-4 epochs) takes few epochs by design: more overfit (also a
    // backbone of a model zoo loaded by a project module the file takes its model from)
    let finetunes: boolean | undefined;
    const budget = (n: number | undefined): boolean => n !== undefined && n >= 1 && n <= SMALL_BUDGET && !(finetunes ??= pretrainedWeights(m) === 'yes');
    for (const t of lightningTrainers(m)) {
      const max = kwarg(t.call, 'max_epochs');
      if (!max || kwarg(t.call, 'max_steps') || !budget(numberValue(m, max.value, t.scope))) continue;
      ctx.report({ span: max, message: `In ${stage}, leave it training: ${ctx.source(max)} is a small budget, and networks keep improving long after they seem to plateau (recipe 6.2).` });
    }
    for (const loop of outerTrainingLoops(m)) {
      const n = constantIterations(m, loop);
      if (!budget(n) || !m.loops.some((l) => l.parent?.stmt === loop.stmt)) continue;
      ctx.report({ span: loopHeader(loop.stmt), message: `In ${stage}, leave it training: ${n} epoch${n === 1 ? '' : 's'} is a small budget, and networks keep improving long after they seem to plateau (recipe 6.2).` });
    }
  },
});

// NR404 in configs (stages 4-6): an optimizer without weight decay. `weight_decay: 0` set explicitly (optimizer
// maps, Hugging Face arguments), or an optimizer whose default is no decay (Adam, SGD, RMSprop, …; not AdamW)
// built without `weight_decay` in a config that mentions weight decay nowhere.
import { outsideSupervised } from '../../python/facts-paradigm';
import { trainsSomehow } from '../../python/facts-recipe';
import { stageLabel } from '../../stages/recipe';
import type { ConfigCheck, ConfigCheckContext } from '../context';
import { argOf, hfArguments, optimizers } from '../facts';
import { maps, numberOf, pairOf } from '../tree';

/** Optimizers whose default weight decay is not zero. */
const DECAYS_BY_DEFAULT = new Set(['torch.optim.AdamW']);

export const checkNR404: ConfigCheck = (ctx) => {
  const stage = stageLabel(ctx.stage ?? 4);
  const increase = 'Increase it while validation improves (recipe 4.10).';
  if (trainsOutsideSupervised(ctx)) return;
  const mentions = ctx.doc.roots.some((r) => maps(r).some((m) => m.pairs.some((p) => /weight_decay|^wd$/.test(p.key))));
  for (const o of optimizers(ctx.doc)) {
    const wd = argOf(o, 'weight_decay');
    const short = o.qname.slice('torch.optim.'.length);
    // (Adam's own `weight_decay` is an L2 penalty its adaptive scaling weakens, NR403: the advice is AdamW, as in Python)
    const adam = o.qname === 'torch.optim.Adam';
    if (wd?.k === 'scalar' && numberOf(wd) === 0) {
      ctx.report({ span: wd, message: `In ${stage}, regularize with weight decay: it is set to 0 for this ${short} optimizer. ${adam ? 'Switch to AdamW with a `weight_decay` (Adam\'s own is an L2 penalty its scaling weakens) and increase it while validation improves (recipe 4.10).' : increase}` });
    } else if (!wd && !mentions && !DECAYS_BY_DEFAULT.has(o.qname)) {
      ctx.report({ span: o.cls, message: `In ${stage}, regularize with weight decay: this ${short} optimizer has none. ${adam ? 'Switch to AdamW with a `weight_decay`' : 'Set `weight_decay` (or use AdamW)'} and increase it while validation improves (recipe 4.10).` });
    }
  }
  const wd = pairOf(hfArguments(ctx.doc, ctx.kinds), 'weight_decay')?.value;
  if (wd?.k === 'scalar' && numberOf(wd) === 0) {
    ctx.report({ span: wd, message: `In ${stage}, regularize with weight decay: \`weight_decay\` is 0 for the Trainer's optimizer. ${increase}` });
  }
};

/**
 * Whether every script around the config that trains is a GAN's, an RL agent's or a diffusion model's (as in Python,
 * NR404 leaves them alone: no validation loss to regularize against; a Lightning `GaussianDDPM` whose optimizer
 * group config names Adam, DDPMs-Pytorch; review 128).
 */
function trainsOutsideSupervised(ctx: ConfigCheckContext): boolean {
  const training = ctx.scripts().filter(trainsSomehow);
  return training.length > 0 && training.every((m) => outsideSupervised(m, ['reinforcement', 'adversarial', 'diffusion']));
}

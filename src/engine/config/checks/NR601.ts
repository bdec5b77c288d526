// NR601 in configs (stage 6): impatient early stopping — an EarlyStopping callback (Hydra `_target_`, Lightning
// CLI `class_path`) with a patience of 2 or less, an `early_stopping_patience` of 2 or less — and a Lightning
// trainer with an epoch budget of 3 or less (`max_epochs`, without `max_steps`, not a fast dev run).
import { stageLabel } from '../../stages/recipe';
import type { ConfigCheck } from '../context';
import { debugOverride } from '../kinds';
import { argOf, callbacksNamed, trainerSettings } from '../facts';
import { type CNode, boolOf, maps, numberOf, valueOf } from '../tree';

const MAX_IMPATIENT = 2;
const SMALL_BUDGET = 3;

export const checkNR601: ConfigCheck = (ctx) => {
  const stage = stageLabel(ctx.stage ?? 6);
  const impatient = (v: CNode): void => {
    const n = numberOf(v);
    if (v.k !== 'scalar' || n === undefined || n > MAX_IMPATIENT) return;
    ctx.report({
      span: v,
      message: `In ${stage}, be patient: stopping after ${n} epoch${n === 1 ? '' : 's'} without improvement ends training on noise, long before it has plateaued. Use a patience of 10 or more (recipe 6.2).`,
    });
  };
  for (const c of callbacksNamed(ctx.doc, 'EarlyStopping')) {
    const p = argOf(c, 'patience');
    if (p) impatient(p);
  }
  for (const root of ctx.doc.roots) for (const m of maps(root)) for (const p of m.pairs) if (p.key === 'early_stopping_patience' && p.value) impatient(p.value);
  // a debugging override's epoch (`configs/debug/default.yaml`: `max_epochs: 1`) is a smoke test's, not the run's budget
  if (debugOverride(ctx.path)) return;
  for (const t of trainerSettings(ctx.doc, ctx.kinds, ctx.path)) {
    const max = valueOf(t, 'max_epochs');
    const n = numberOf(max);
    if (!max || n === undefined || n < 1 || n > SMALL_BUDGET || (numberOf(valueOf(t, 'max_steps')) ?? -1) > 0 || boolOf(valueOf(t, 'fast_dev_run')) === true || (numberOf(valueOf(t, 'overfit_batches')) ?? 0) > 0) continue;
    ctx.report({ span: max, message: `In ${stage}, leave it training: max_epochs=${n} is a small budget, and networks keep improving long after they seem to plateau (recipe 6.2).` });
  }
};

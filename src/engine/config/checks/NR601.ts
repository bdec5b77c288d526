// NR601 in configs (stage 6): impatient early stopping — an EarlyStopping callback (Hydra `_target_`, Lightning
// CLI `class_path`) with a patience of 2 or less, an `early_stopping_patience` of 2 or less — and a Lightning
// trainer with an epoch budget of 3 or less (`max_epochs`, without `max_steps`, not a fast dev run).
import { stageLabel } from '../../stages/recipe';
import { pretrainedWeights } from '../../python/facts-pretrained';
import type { PyModule } from '../../python/semantic';
import type { ConfigCheck, ConfigCheckContext } from '../context';
import { debugOverride } from '../kinds';
import { argOf, callbacksNamed, components, loadsPretrained, trainerSettings } from '../facts';
import { canList, configTarget, dirname, readConfig } from '../python';
import { type CNode, type ConfigDoc, boolOf, maps, numberOf, valueOf } from '../tree';

const MAX_IMPATIENT = 2;
/** How many configs of a Hydra tree's `model/` group are read for the model a trainer config trains. */
const MAX_MODEL_CONFIGS = 20;
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
  let finetunes: boolean | undefined;
  for (const t of trainerSettings(ctx.doc, ctx.kinds, ctx.path)) {
    const max = valueOf(t, 'max_epochs');
    const n = numberOf(max);
    if (!max || n === undefined || n < 1 || n > SMALL_BUDGET || (numberOf(valueOf(t, 'max_steps')) ?? -1) > 0 || boolOf(valueOf(t, 'fast_dev_run')) === true || (numberOf(valueOf(t, 'overfit_batches')) ?? 0) > 0) continue;
    // fine-tuning pretrained weights takes few epochs by design, as in Python
    finetunes ??= finetunesPretrained(ctx);
    if (finetunes) continue;
    ctx.report({ span: max, message: `In ${stage}, leave it training: max_epochs=${n} is a small budget, and networks keep improving long after they seem to plateau (recipe 6.2).` });
  }
};

/**
 * Whether the model a trainer config trains starts from pretrained weights (a backbone of a model zoo, `from_pretrained`),
 * as far as the config shows it: the config itself says so (`pretrained: true`, `model_name_or_path: …`), or a class of
 * the project it names (`_target_`, `class_path`) loads them, or, for a file of a Hydra group (`configs/trainer/
 * default.yaml`), a config of the tree's `model/` group does, or the scripts around the config do.
 */
function finetunesPretrained(ctx: ConfigCheckContext): boolean {
  const docs = [ctx.doc, ...modelGroup(ctx)];
  if (docs.some(loadsPretrained)) return true;
  const modules = new Set<PyModule>(ctx.scripts());
  for (const doc of docs)
    for (const c of components(doc)) {
      const found = typeof c.cls.value === 'string' ? configTarget(ctx.host, ctx.path, c.cls.value) : undefined;
      if (found) modules.add(found.module);
    }
  return [...modules].some((m) => pretrainedWeights(m) === 'yes');
}

/** The configs of the `model/` group next to the group folder a config is in (Hydra's `configs/trainer/x.yaml` → `configs/model/*.yaml`). */
function modelGroup(ctx: ConfigCheckContext): ConfigDoc[] {
  const host = ctx.host;
  const dir = dirname(ctx.path);
  if (!host || !canList(host) || dir === '.' || dir === '/' || /(^|\/)model$/.test(dir)) return [];
  const folder = `${dirname(dir)}/model`;
  const out: ConfigDoc[] = [];
  for (const name of (host.listDir(folder) ?? []).filter((n) => /\.ya?ml$/.test(n)).slice(0, MAX_MODEL_CONFIGS)) {
    const doc = readConfig(host, `${folder}/${name}`);
    if (doc) out.push(doc);
  }
  return out;
}

// NR405 in configs (stages 4-6): training for a fixed number of epochs with no early stopping and no best
// checkpoint. A Lightning CLI trainer whose callbacks (or, without callbacks, its `max_epochs`) show neither an
// EarlyStopping nor a ModelCheckpoint that monitors a metric; Hugging Face arguments that train for a number of
// epochs without `load_best_model_at_end` (which the Trainer's EarlyStoppingCallback also needs). Configs that
// mention early stopping, patience or a best checkpoint in any way are left alone.
import { stageLabel } from '../../stages/recipe';
import { importsFrom, outsideSupervised } from '../../python/facts-paradigm';
import { hasValidation, lightningModules } from '../../python/facts-recipe';
import { type ClassInfo, type PyModule, kwarg } from '../../python/semantic';
import type { ConfigCheck, ConfigCheckContext } from '../context';
import { configTarget, readConfig } from '../python';
import { hfArguments, mentionsEarlyStopping, monitoredCheckpoints } from '../facts';
import { type CNode, type ConfigDoc, boolOf, numberOf, pairOf, stringOf, valueOf } from '../tree';

/** Whether a Hydra defaults list selects a `callbacks` config group (not `null`). */
function composesCallbacks(defaults: CNode | undefined): boolean {
  if (defaults?.k !== 'seq') return false;
  return defaults.items.some((i) => i.k === 'map' && i.pairs.some((p) => /(^|[\s/])callbacks$/.test(p.key) && p.value !== undefined && !(p.value.k === 'scalar' && p.value.value === null)));
}

/** The (group, option) pairs of a Hydra defaults list: `- trainer: default`, `- override /trainer: base`. */
function defaultsEntries(defaults: CNode | undefined): { group: string; option: string | null; override: boolean }[] {
  if (defaults?.k !== 'seq') return [];
  const out: { group: string; option: string | null; override: boolean }[] = [];
  for (const i of defaults.items) {
    if (i.k !== 'map') continue;
    for (const p of i.pairs) {
      const m = /^(override\s+)?\/?([\w./-]+)$/.exec(p.key.trim());
      if (!m || p.value?.k !== 'scalar') continue;
      const v = p.value.value;
      if (typeof v === 'string' || v === null) out.push({ group: m[2], option: v, override: !!m[1] });
    }
  }
  return out;
}

const withCallbacks = (doc: ConfigDoc | undefined): boolean => !!doc && (mentionsEarlyStopping(doc) || monitoredCheckpoints(doc).length > 0);

/**
 * Whether Hydra composes early stopping or a monitored checkpoint into a config from other files: an option of a
 * group its defaults list picks (`- override /trainer: base`, `configs/trainer/base.yaml` holding the callbacks), or,
 * for an experiment (`override` entries, in a group folder such as `configs/experiment/`), the primary config it is
 * applied over (`config.yaml`, `train.yaml`, or the `config_name` of a script's `@hydra.main`), when that composes a
 * callbacks group the experiment does not switch off.
 */
function composedCallbacks(ctx: ConfigCheckContext, root: CNode): boolean {
  const entries = defaultsEntries(valueOf(root, 'defaults'));
  if (!entries.length) return false;
  const dir = ctx.path.slice(0, ctx.path.lastIndexOf('/'));
  const experiment = entries.some((e) => e.override);
  const configRoot = experiment ? dir.slice(0, dir.lastIndexOf('/')) : dir;
  const file = (group: string, option: string): string => `${configRoot}/${group}/${/\.(ya?ml|json)$/.test(option) ? option : `${option}.yaml`}`;
  if (entries.some((e) => e.option !== null && withCallbacks(readConfig(ctx.host, file(e.group, e.option))))) return true;
  if (!experiment || entries.some((e) => /(^|\/)callbacks$/.test(e.group))) return false;
  const names = new Set(['config.yaml', 'train.yaml', 'main.yaml', 'default.yaml']);
  for (const m of ctx.scripts())
    for (const f of m.functions)
      for (const d of f.stmt.decorators) {
        const name = d.k === 'call' ? kwarg(d, 'config_name')?.value : undefined;
        if (name?.k === 'str') names.add(/\.ya?ml$/.test(name.value) ? name.value : `${name.value}.yaml`);
      }
  return [...names].some((n) => {
    const primary = readConfig(ctx.host, `${configRoot}/${n}`);
    return !!primary && primary.roots.some((r) => composesCallbacks(valueOf(r, 'defaults')));
  });
}

/**
 * Whether the config's model (`_target_` or `class_path`, a class of the project) has no validation loss to stop on,
 * as the rule judges it in Python: a diffusion model, a GAN, an RL agent or self-supervised training (by its module),
 * or a LightningModule without a `validation_step`.
 */
function trainsWithoutValidation(ctx: ConfigCheckContext, model: CNode | undefined): boolean {
  const target = stringOf(valueOf(model, '_target_') ?? valueOf(model, 'class_path'));
  const found = target ? configTarget(ctx.host, ctx.path, target) : undefined;
  const withoutValidation = (x: { module: PyModule; cls: ClassInfo }): boolean =>
    outsideSupervised(x.module) || (lightningModules(x.module).includes(x.cls) && !hasValidation(x.module, x.cls));
  if (found) return withoutValidation(found);
  // the model given to the CLI in the script (`LightningCLI(Reg, DM)`), the config setting only its arguments
  if (target) return false;
  const models = cliModels(ctx);
  return models.length > 0 && models.every(withoutValidation);
}

/** The model classes of the project that scripts around the config hand to Lightning's CLI (`LightningCLI(Reg, DM)`). */
function cliModels(ctx: ConfigCheckContext): { module: PyModule; cls: ClassInfo }[] {
  const out: { module: PyModule; cls: ClassInfo }[] = [];
  for (const m of ctx.scripts()) {
    for (const site of m.callSites) {
      const model = site.call.args[0] ?? kwarg(site.call, 'model_class')?.value;
      if (!/(^|\.)LightningCLI$/.test(m.siteCallee(site) ?? '') || !model) continue;
      const ref = m.classOf(model, site.scope);
      if (ref?.kind === 'local') out.push({ module: ref.cls.module, cls: ref.cls });
    }
  }
  return out;
}

/** Lightning's packages: a script importing one of them runs a Lightning Trainer. */
const LIGHTNING_PACKAGES = new Set(['lightning', 'pytorch_lightning', 'lightning_fabric']);

/**
 * Whether the scripts around the config show that its `trainer:` is not a Lightning Trainer's: there are some, and
 * none of them (nor a module they import) imports Lightning (BYOL's `trainer:` section, spread into a trainer class
 * of its own: `BYOLTrainer(**config['trainer'])`).
 */
function notLightning(ctx: ConfigCheckContext): boolean {
  const scripts = ctx.scripts();
  return scripts.length > 0 && !scripts.some((m) => importsFrom(m, LIGHTNING_PACKAGES));
}

export const checkNR405: ConfigCheck = (ctx) => {
  if (mentionsEarlyStopping(ctx.doc) || monitoredCheckpoints(ctx.doc).length) return;
  const stage = stageLabel(ctx.stage ?? 4);
  if (ctx.kinds.has('lightning')) {
    for (const root of ctx.doc.roots) {
      // a Hydra config that composes a callbacks group (`- override /callbacks: default`): the callbacks are there
      if (composesCallbacks(valueOf(root, 'defaults'))) continue;
      // … or a group option it composes holds them (`- override /trainer: base`, whose `callbacks:` has an
      // EarlyStopping), or it is an experiment over a primary config that composes a callbacks group
      if (ctx.host && composedCallbacks(ctx, root)) continue;
      const trainer = valueOf(root, 'trainer');
      // a trainer of the project's own (no Lightning in the scripts around), unless the config names Lightning's
      if (notLightning(ctx) && !LIGHTNING_PACKAGES.has((stringOf(valueOf(trainer, '_target_')) ?? '').split('.')[0])) continue;
      const at = pairOf(trainer, 'callbacks') ?? pairOf(trainer, 'max_epochs');
      if (!at || trainsWithoutValidation(ctx, valueOf(root, 'model'))) continue;
      // one epoch: its last weights are the only ones, there is nothing to stop
      // (`max_epochs: -1` is no limit at all), nor a smoke test (`fast_dev_run: true`: a few batches, callbacks off)
      const epochs = numberOf(valueOf(trainer, 'max_epochs')) ?? Infinity;
      const smoke = valueOf(trainer, 'fast_dev_run');
      if ((epochs >= 0 && epochs <= 1) || boolOf(smoke) === true || (numberOf(smoke) ?? 0) > 0) continue;
      ctx.report({
        span: at.keySpan,
        message: `In ${stage}, stop on the validation loss: add an \`EarlyStopping\` callback (monitor: val_loss) and a \`ModelCheckpoint\` that monitors it to this trainer; it keeps the last epoch's weights, not the best (recipe 4.11).`,
      });
    }
  }
  const hf = hfArguments(ctx.doc, ctx.kinds);
  const best = pairOf(hf, 'load_best_model_at_end');
  const epochs = pairOf(hf, 'num_train_epochs') ?? pairOf(hf, 'max_steps');
  // Only a Trainer that evaluates during training has a validation loss to stop on: not with `eval_strategy: no`
  // (the default); and only over several epochs: a single pass (a one-epoch LoRA fine-tune evaluated every few
  // steps) does not revisit the data it could overfit.
  const strategy = stringOf(valueOf(hf, 'eval_strategy') ?? valueOf(hf, 'evaluation_strategy'));
  const evaluates = strategy !== undefined && strategy !== 'no' && (numberOf(valueOf(hf, 'num_train_epochs')) ?? 3) > 1;
  // (a missing key is the Trainer's default only in a file of TrainingArguments, which always names its output_dir)
  if (evaluates && (best ? boolOf(best.value) === false : epochs && pairOf(hf, 'output_dir'))) {
    const span = best?.value ?? epochs?.keySpan;
    if (span) {
      ctx.report({
        span,
        message: `In ${stage}, stop on the validation loss: set \`load_best_model_at_end: true\` with a \`metric_for_best_model\` (and add the EarlyStoppingCallback); the Trainer keeps the last step's weights, not the best (recipe 4.11).`,
      });
    }
  }
};

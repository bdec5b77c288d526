// NR302 in configs (stages 2-3): a learning-rate decay with default-looking milestones — StepLR every 30 epochs,
// MultiStepLR at [30, 60, 90] (Hydra `_target_`, Lightning CLI `lr_scheduler`) — and Hugging Face's default
// schedule, a linear decay to zero (`lr_scheduler_type: linear`, or no `lr_scheduler_type` at all). Other step
// sizes, milestones and schedule types are left alone.
import type { PyModule } from '../../python/semantic';
import { stageLabel } from '../../stages/recipe';
import type { ConfigCheck, ConfigCheckContext } from '../context';
import { argOf, hfArguments, schedulers } from '../facts';
import { numberOf, pairOf, stringOf } from '../tree';

export const checkNR302: ConfigCheck = (ctx) => {
  const stage = stageLabel(ctx.stage ?? 3);
  const later = 'Add a decay later, tuned for this problem (recipe 3.4).';
  for (const s of schedulers(ctx.doc)) {
    if (s.qname === 'torch.optim.lr_scheduler.StepLR') {
      const step = argOf(s, 'step_size');
      if (step && numberOf(step) === 30) {
        ctx.report({ span: step, message: `In ${stage}, keep the learning rate constant: StepLR every 30 epochs is ImageNet's schedule copied from another setup. ${later}` });
      }
    } else if (s.qname === 'torch.optim.lr_scheduler.MultiStepLR') {
      const ms = argOf(s, 'milestones');
      const values = ms?.k === 'seq' ? ms.items.map(numberOf) : [];
      if (ms && values.length >= 2 && values.every((v, i) => v === 30 * (i + 1))) {
        ctx.report({ span: ms, message: `In ${stage}, keep the learning rate constant: milestones [${values.join(', ')}] are ImageNet's schedule copied from another setup. ${later}` });
      }
    }
  }
  const hf = hfArguments(ctx.doc, ctx.kinds);
  if (!hf) return;
  const type = pairOf(hf, 'lr_scheduler_type');
  const decay = 'decays the learning rate linearly to zero over the run, so the loss curve flattens because of the schedule, not the model';
  if (type?.value && stringOf(type.value) === 'linear') {
    ctx.report({ span: type.value, message: `In ${stage}, keep the learning rate constant: \`lr_scheduler_type: linear\` ${decay}. Use \`constant\` (or \`constant_with_warmup\`) while building the baseline. ${later}` });
  } else if (!type && pairOf(hf, 'output_dir') && !ownSchedule(hf) && !trainerless(ctx)) {
    // (what a file leaves out is the Trainer's default only in a file of TrainingArguments, which always names its
    // output_dir; a project's own JSON with some of the same keys is read key by key by its script)
    const lr = pairOf(hf, 'learning_rate');
    if (lr) ctx.report({ span: lr, message: `In ${stage}, keep the learning rate constant: without \`lr_scheduler_type\`, the Hugging Face Trainer ${decay}. Set \`lr_scheduler_type: constant\` while building the baseline. ${later}` });
  }
};

/**
 * A schedule named under a key TrainingArguments does not have (diffusers' DreamBooth and LoRA configs:
 * `lr_scheduler: "constant"`, read by the script's own `get_scheduler(config.lr_scheduler, …)`): the file is the
 * project's own, HfArgumentParser would refuse it (review 128).
 */
function ownSchedule(hf: NonNullable<ReturnType<typeof hfArguments>>): boolean {
  return ['lr_scheduler', 'scheduler', 'lr_schedule'].some((k) => pairOf(hf, k) !== undefined);
}

/** Names of the Hugging Face classes that take TrainingArguments (or parse them from a file). */
const HF_TRAINING = /^(transformers|trl|setfit|optimum|sentence_transformers)\.(.*\.)?(\w*Trainer|\w*TrainingArguments|HfArgumentParser|TrlParser|\w*Config)$/;

function usesHfTraining(m: PyModule): boolean {
  const scopes = [m.scope, ...m.functions.map((f) => f.scope)];
  return scopes.some((s) => [...s.imports.values()].some((q) => HF_TRAINING.test(q) || /^(transformers|trl)$/.test(q)));
}

/**
 * Whether the scripts around the config show that no Hugging Face Trainer reads it: there are some, and none of them
 * (nor a module they import) imports a Trainer, TrainingArguments or HfArgumentParser (a diffusers training loop of
 * its own with `accelerate`, whose config has `output_dir`, `learning_rate`, `num_train_epochs`; review 128). A module
 * imported whole (`import transformers`) may use any of them.
 */
function trainerless(ctx: ConfigCheckContext): boolean {
  const scripts = ctx.scripts();
  return scripts.length > 0 && !scripts.some(usesHfTraining);
}

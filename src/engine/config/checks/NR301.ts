// NR301 in configs (stages 2-3): the baseline optimizer. Adam/AdamW with a learning rate outside [1e-4, 1e-3]
// (Hydra `_target_`, Lightning CLI `class_path`/`init_args`), SGD as the optimizer (except in a config-group
// folder of optimizer options, where it is one choice among others), Hugging Face `optim: sgd` and a
// `learning_rate` above 1e-3 with an Adam-style `optim` or none (Hugging Face arguments fine-tune pretrained models, where rates below 1e-4 — the
// default is 5e-5 — are right). And a value a Hydra script reads: `torch.optim.Adam(params, lr=cfg.optimizer.lr)`
// is judged on the config's value and reported on the config line, with the use site as related information.
import type { ProjectHost } from '../../analyze';
import { numberValue, optimizerBuilds } from '../../python/facts-recipe';
import { argument } from '../../python/semantic';
import { stageLabel } from '../../stages/recipe';
import type { ConfigCheck, ConfigCheckContext } from '../context';
import { numberText, replaceScalar, stringText } from '../edits';
import { argOf, hfArguments, loadsPretrained, optimizers } from '../facts';
import { type ConfigDoc, type CNode, at, numberOf, parseConfig, pairOf, stringOf } from '../tree';
import { type ConfigReader, hydraConfigValue } from '../values';

const LOW = 1e-4;
const HIGH = 1e-3;
const ADAM = new Set(['torch.optim.Adam', 'torch.optim.AdamW']);
const SGD_ONLY = ['momentum', 'dampening', 'nesterov'];
const OPTION_FOLDERS = new Set(['optimizer', 'optimizers', 'optim', 'opt']);

export const checkNR301: ConfigCheck = (ctx) => {
  const stage = stageLabel(ctx.stage ?? 3);
  const lr = numberText(ctx.doc.language, '3e-4');
  const opts = optimizers(ctx.doc);
  const usesAdam = opts.some((o) => ADAM.has(o.qname));
  const folder = ctx.path.split('/').slice(-2)[0];
  for (const o of opts) {
    const short = o.qname.slice('torch.optim.'.length);
    if (ADAM.has(o.qname)) {
      const v = argOf(o, 'lr');
      const n = numberOf(v);
      if (v?.k !== 'scalar' || n === undefined || (n >= LOW && n <= HIGH)) continue;
      // fine-tuning pretrained weights: rates below the range are right there
      if (n < LOW && loadsPretrained(ctx.doc)) continue;
      ctx.report({
        span: v,
        message: `In ${stage}, start from ${short} at lr=3e-4: lr=${v.source} is outside the safe range [1e-4, 1e-3] for a baseline (recipe 3.2).`,
        fixes: [{ title: 'Use lr=3e-4', edits: [replaceScalar(v, lr)] }],
      });
    } else if (o.qname === 'torch.optim.SGD' && !usesAdam && !OPTION_FOLDERS.has(folder)) {
      const sgdOnly = SGD_ONLY.some((k) => argOf(o, k) !== undefined);
      const v = argOf(o, 'lr');
      const edits = [replaceScalar(o.cls, o.cls.source.replace(/SGD(["']?)$/, 'Adam$1'))];
      if (v?.k === 'scalar' && numberOf(v) !== undefined) edits.push(replaceScalar(v, lr));
      ctx.report({
        span: o.cls,
        message: `In ${stage}, use Adam at lr=3e-4 for the baseline: SGD only works well with a tuned learning rate and schedule, which comes later (recipe 3.2).`,
        fixes: sgdOnly ? [] : [{ title: 'Use Adam with lr=3e-4', safety: 'suggestion', edits }],
      });
    }
  }
  const hf = hfArguments(ctx.doc, ctx.kinds);
  const optim = pairOf(hf, 'optim')?.value;
  // (SGD fine-tuning pretrained weights is a recipe of its own, ViT's: left alone as in Python)
  if (optim?.k === 'scalar' && stringOf(optim) === 'sgd' && !loadsPretrained(ctx.doc)) {
    ctx.report({
      span: optim,
      message: `In ${stage}, use Adam for the baseline: SGD only works well with a tuned learning rate and schedule, which comes later (recipe 3.2).`,
      fixes: [{ title: 'Use AdamW (optim: adamw_torch)', safety: 'suggestion', edits: [replaceScalar(optim, stringText(ctx.doc.language, 'adamw_torch'))] }],
    });
  }
  const hfLr = pairOf(hf, 'learning_rate')?.value;
  const n = numberOf(hfLr);
  // (AdamW unless `optim` names another: Adafactor, Lion, … take rates of their own)
  const adamStyle = optim === undefined || !!stringOf(optim)?.toLowerCase().includes('adam');
  if (hfLr?.k === 'scalar' && n !== undefined && n > HIGH && adamStyle) {
    ctx.report({
      span: hfLr,
      message: `In ${stage}, lower the learning rate: learning_rate=${hfLr.source} is above 1e-3, more than Adam-style optimizers tolerate for a baseline; start at 3e-4 or below (recipe 3.2).`,
    });
  }
  checkValuesReadByCode(ctx, stage, lr);
};

/** Reads configs for the Hydra lookup: the analysed file as it is now, others through the host. */
function reader(ctx: ConfigCheckContext, host: ProjectHost): ConfigReader {
  const docs = new Map<string, ConfigDoc | undefined>([[ctx.path, ctx.doc]]);
  return (path) => {
    if (!docs.has(path)) {
      const text = host.readFile(path);
      docs.set(path, text === undefined ? undefined : parseConfig(text, 'yaml'));
    }
    return docs.get(path);
  };
}

/** `torch.optim.Adam(params, lr=cfg.optimizer.lr)` in a Hydra script, with this config setting the value. */
function checkValuesReadByCode(ctx: ConfigCheckContext, stage: string, lr: string): void {
  const host = ctx.host;
  if (!host || ctx.doc.language !== 'yaml') return;
  const read = reader(ctx, host);
  for (const m of ctx.scripts()) {
    for (const o of optimizerBuilds(m)) {
      if (!ADAM.has(o.qname)) continue;
      const arg = argument(o.site.call, 1, 'lr');
      if (!arg || numberValue(m, arg, o.site.scope) !== undefined) continue;
      const v = hydraConfigValue(m, arg, o.site.scope, read);
      if (!v || v.path !== ctx.path) continue;
      const node: CNode | undefined = at(ctx.doc.roots[0], ...v.keys);
      const n = numberOf(node);
      if (node?.k !== 'scalar' || n === undefined || (n >= LOW && n <= HIGH)) continue;
      const short = o.qname.slice('torch.optim.'.length);
      const script = m.path.slice(m.path.lastIndexOf('/') + 1);
      ctx.report({
        span: node,
        message: `In ${stage}, start from ${short} at lr=3e-4: \`${script}\` builds ${short} with this learning rate, ${node.source}, outside the safe range [1e-4, 1e-3] for a baseline (recipe 3.2).`,
        fixes: [{ title: 'Use lr=3e-4', edits: [replaceScalar(node, lr)] }],
        related: [{ module: { path: m.path, text: m.text }, span: arg, message: `${short} reads its learning rate from the config here` }],
      });
    }
  }
}

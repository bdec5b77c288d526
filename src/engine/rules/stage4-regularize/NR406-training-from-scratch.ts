import { addKeyword, replace } from '../../python/edits';
import { SUPERVISED_ELSEWHERE, outsideSupervised } from '../../python/facts-paradigm';
import { isConditional, libraryModels, loadsCheckpoint, numberValue, staysUntrained } from '../../python/facts-recipe';
import { kwarg } from '../../python/semantic';
import { stageLabel } from '../../stages/recipe';
import type { TextEdit } from '../../types';
import { defineRule } from '../rule';

export default defineRule({
  code: 'NR406',
  name: 'training-from-scratch',
  stage: 4,
  tip: '4.4',
  languages: ['python'],
  defaultSeverity: 'info',
  fixSafety: 'unsafe',
  activeInStages: [4, 5, 6],
  docs: {
    summary: 'From stage 4 (regularize) on, a torchvision, timm, Hugging Face or segmentation_models_pytorch model is built without pretrained weights.',
    why:
      'A network pretrained on a large dataset is one of the strongest regularisers there is: it starts from features ' +
      'that already generalise. When a pretrained version of the architecture exists, the recipe says use it. Files ' +
      'that load weights from a checkpoint, models chosen behind a flag, weights passed from a variable the ' +
      'analysis cannot read, and training that starts from scratch by design (self-supervised pre-training such as ' +
      'SimCLR or BYOL, GANs, RL agents, diffusion models, autoencoders and VAEs) are left alone, as is the backbone a ' +
      '`BertPreTrainedModel` subclass declares from its config (`self.bert = BertModel(config)`): the subclass\'s ' +
      '`from_pretrained` loads it, as Hugging Face\'s own heads are written. So is a network a file with no training code ' +
      'builds in a function or its `if __name__ == "__main__":` block only to look at it (print it, count its parameters, ' +
      'plot an LR schedule over it) and never hands on.',
    bad: `import torchvision\n\nmodel = torchvision.models.resnet50()\n`,
    good: `import torchvision\n\nmodel = torchvision.models.resnet50(weights="DEFAULT")\n`,
    fix: 'Passes `weights="DEFAULT"` (torchvision), `pretrained=True` (timm) or `encoder_weights="imagenet"` (segmentation_models_pytorch, whose `encoder_weights` defaults to "imagenet": only an explicit `None` is reported). Unsafe: the model changes and its weights are downloaded. Not offered when `num_classes` differs from the pretrained head: load the weights, then replace the head.',
    exampleStage: 4,
  },
  checkPython(ctx) {
    const m = ctx.module;
    // self-supervised pre-training, GANs and RL agents train their networks from scratch by design
    if (loadsCheckpoint(m) || outsideSupervised(m, [...SUPERVISED_ELSEWHERE, 'reconstruction'])) return;
    const stage = stageLabel(ctx.stage ?? 4);
    for (const md of libraryModels(m)) {
      if (md.pretrained !== 'no' || isConditional(m, md.site.call) || staysUntrained(m, md.site)) continue;
      const call = md.site.call;
      let edit: TextEdit | undefined;
      let advice: string;
      if (md.library === 'torchvision') {
        const classes = kwarg(call, 'num_classes');
        const headFits = !classes || numberValue(m, classes.value, md.site.scope) === 1000;
        if (headFits) {
          if (md.off?.kwarg === 'weights') edit = replace(md.off.value, '"DEFAULT"');
          else if (md.off) edit = replace(md.off.span, 'weights="DEFAULT"');
          else edit = addKeyword(ctx.lines, call, 'weights', '"DEFAULT"');
          advice = 'pass `weights="DEFAULT"`';
        } else advice = 'load the pretrained weights, then replace the classifier head for your classes';
      } else if (md.library === 'timm') {
        edit = md.off ? replace(md.off.value, 'True') : addKeyword(ctx.lines, call, 'pretrained', 'True');
        advice = 'pass `pretrained=True`';
      } else if (md.library === 'segmentation_models_pytorch') {
        if (md.off) edit = replace(md.off.value, '"imagenet"');
        advice = 'pass `encoder_weights="imagenet"`';
      } else if (md.library === 'transformers') advice = 'build it with `from_pretrained(...)` from a checkpoint of the same architecture';
      else advice = 'load it with pretrained weights';
      ctx.report({
        span: call,
        message: `In ${stage}, start from pretrained weights: ${md.name} is built without them and trains from scratch; ${advice} (recipe 4.4).`,
        fixes: edit ? [{ title: md.library === 'timm' ? 'Use pretrained=True' : md.library === 'segmentation_models_pytorch' ? 'Use encoder_weights="imagenet"' : 'Use weights="DEFAULT"', edits: [edit] }] : [],
      });
    }
  },
});

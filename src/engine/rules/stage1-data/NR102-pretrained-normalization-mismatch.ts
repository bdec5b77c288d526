import { replace } from '../../python/edits';
import { outsideSupervised } from '../../python/facts-paradigm';
import type { Expr, Stmt } from '../../python/ir';
import { type CallExpr, type CallSite, type PyModule, type Scope, argument, kwarg, sitesWhere, walkStmts } from '../../python/semantic';
import { walkStmtExprs } from '../../python/facts-eval';
import { IMAGENET_MEAN, IMAGENET_STD, sameStats, statNumbers } from '../../python/facts-pretrained';
import { canonical, lastName } from '../../python/torch';
import type { TextEdit } from '../../types';
import { type FixInput, defineRule } from '../rule';

const MEAN = IMAGENET_MEAN;
const STD = IMAGENET_STD;
const STATS = 'mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225)';

/** torchvision classification builders: all their ImageNet weights use the statistics above. */
const TV_CLASSIFIER =
  /^(alexnet|vgg\d+(_bn)?|resnet\d+|resnext\d+_\w+|wide_resnet\d+_\d|squeezenet1_[01]|densenet\d+|inception_v3|googlenet|shufflenet_v2_x\d_\d|mobilenet_v2|mobilenet_v3_(large|small)|mnasnet\d_\d+|efficientnet_b\d|efficientnet_v2_[sml]|regnet_[xy]_\w+|vit_[bhl]_\d+|swin_(v2_)?[tsb]|convnext_(tiny|small|base|large)|maxvit_t)$/;
/** torchvision sub-packages whose models expect other inputs (detection normalises inside, video uses Kinetics statistics). */
const TV_OTHER = new Set(['detection', 'segmentation', 'video', 'optical_flow', 'quantization']);
/** timm families whose pretrained weights use the ImageNet statistics (ViTs, Inception, BiT, CLIP backbones use others). */
const TIMM_IMAGENET = /^(resnet\d+[a-z]?|resnext\d+_\w+|seresnext?\d+\w*|wide_resnet\d+_\d|densenet\d+|efficientnet_b\d|efficientnetv2_\w+|convnext_(atto|femto|pico|nano|tiny|small|base|large|xlarge)|regnet[xyz]_\w+|mobilenetv[23]_\w+|vgg\d+(_bn)?|deit_\w+)$/;

interface Pretrained {
  site: CallSite;
  name: string;
}

/**
 * Whether a `weights=` value surely names pretrained ImageNet weights: `ResNet50_Weights.DEFAULT`, `"IMAGENET1K_V2"`,
 * `"ResNet34_Weights.DEFAULT"` (torchvision takes the enum's name as text too).
 */
function imagenetWeights(m: PyModule, e: Expr, scope: Scope): boolean {
  const r = m.resolve(e, scope);
  const v = r?.expr ?? e;
  if (v.k === 'str') return /^(\w+_Weights\.)?(DEFAULT|IMAGENET1K_\w+)$/.test(v.value);
  return v.k === 'attr' && /^(DEFAULT|IMAGENET1K_\w+)$/.test(v.attr) && /_Weights$/.test(lastName(v.obj) ?? '');
}

/** The calls of a module that build a model of torchvision's or timm's (see `sitesWhere`). */
const modelBuilds = sitesWhere((m, site) => {
  const q = m.siteCallee(site);
  const c = q && canonical(q);
  return !!c && (c.startsWith('torchvision.models.') || c === 'timm.create_model' || c === 'timm.models.create_model');
});

/** Pretrained ImageNet classifiers built in this file, from torchvision or timm. */
function pretrainedModels(m: PyModule): Pretrained[] {
  const out: Pretrained[] = [];
  for (const site of modelBuilds(m)) {
    const c = canonical(m.siteCallee(site) as string);
    const call = site.call;
    const parts = c.startsWith('torchvision.models.') ? c.split('.') : undefined;
    if (parts && (parts.length === 3 || (parts.length === 4 && !TV_OTHER.has(parts[2])))) {
      let name = parts[parts.length - 1];
      if (name === 'get_model') {
        const n = argument(call, 0, 'name');
        name = n?.k === 'str' ? n.value : '';
      }
      if (!TV_CLASSIFIER.test(name)) continue;
      const pretrained = argument(call, 0, 'pretrained');
      const weights = kwarg(call, 'weights')?.value;
      const yes = (pretrained?.k === 'const' && pretrained.value === 'True') || (weights !== undefined && imagenetWeights(m, weights, site.scope));
      if (yes) out.push({ site, name });
    } else if (c === 'timm.create_model' || c === 'timm.models.create_model') {
      const n = argument(call, 0, 'model_name');
      const p = kwarg(call, 'pretrained')?.value;
      if (n?.k !== 'str' || p?.k !== 'const' || p.value !== 'True') continue;
      const [arch, tag] = n.value.split('.');
      if (!TIMM_IMAGENET.test(arch) || /clip|laion|openai|siglip|dino/i.test(n.value)) continue;
      if (tag !== undefined && !/in1k|in22k|in12k/.test(tag)) continue;
      out.push({ site, name: n.value });
    }
  }
  return out;
}

/** Every expression of the file, in functions and methods too. */
function eachExpr(m: PyModule, fn: (e: Expr) => void): void {
  walkStmtExprs(m.stmts, fn);
  for (const f of m.functions) walkStmtExprs(f.stmt.body.stmts, fn);
}

const MEAN_STD = /mean|std/i;

/** Normalisation that does not go through a torchvision `Normalize` in a `Compose`: then the rule cannot tell and stays quiet. */
function normalisesElsewhere(m: PyModule): boolean {
  let found = false;
  eachExpr(m, (e) => {
    if (found) return;
    if (e.k === 'call') {
      const n = lastName(e.fn) ?? '';
      const q = canonical(m.qualify(e.fn, m.scope) ?? '');
      if (/^normali[sz]e$/i.test(n) && !/^torchvision\.transforms\.(v2\.)?Normalize$/.test(q)) found = true; // F.normalize, A.Normalize, kornia, own helpers
      else if (n === 'transforms' && e.args.length === 0) found = true; // weights.transforms()
      else if (/^(resolve_data_config|resolve_model_data_config|create_transform)$/.test(n)) found = true; // timm
      else if (/ImageProcessor|FeatureExtractor/.test(q) || /ImageProcessor|FeatureExtractor/.test(e.fn.k === 'attr' ? (lastName(e.fn.obj) ?? '') : '')) found = true;
      else if (/^(sub_?|div_?)$/.test(n) && e.args.some((a) => MEAN_STD.test(lastName(a) ?? ''))) found = true;
    } else if (e.k === 'binop' && (e.op === '-' || e.op === '/') && [e.left, e.right].some((x) => MEAN_STD.test(lastName(x) ?? ''))) found = true;
  });
  return found;
}

/** albumentations' pipeline and its `Normalize` (whose defaults are the ImageNet statistics, on images scaled by 255). */
const ALBU_COMPOSE = /^albumentations\.(core\.composition\.)?(Compose|ReplayCompose)$/;
const ALBU_NORMALIZE = /^albumentations\.(augmentations\.(transforms\.)?)?Normalize$/;

/** `unknown`: an item given by a name or attribute the analysis cannot follow to its call (it may normalise). */
type ItemKind = 'normalize' | 'to_float' | 'other' | 'unknown';

/** A `Compose` item as the call that makes it: written in the list, or through a variable (`normalize = T.Normalize(…)`). */
function itemCall(m: PyModule, item: Expr, scope: Scope): { call: CallExpr; scope: Scope } | undefined {
  if (item.k === 'call') return { call: item, scope };
  if (item.k !== 'name' && item.k !== 'attr') return undefined;
  const r = m.resolve(item, scope);
  return r?.expr.k === 'call' ? { call: r.expr, scope: r.scope } : undefined;
}

function itemKind(m: PyModule, e: Expr, at: Scope): ItemKind {
  const c = itemCall(m, e, at);
  if (!c) return e.k === 'name' || e.k === 'attr' ? 'unknown' : 'other';
  const { call: item, scope } = c;
  const q = canonical(m.calleeName(item, scope) ?? '');
  if (ALBU_NORMALIZE.test(q)) return 'normalize';
  if (!/^torchvision\.transforms\.(v2\.)?/.test(q)) return 'other';
  const n = q.slice(q.lastIndexOf('.') + 1);
  if (n === 'Normalize') return 'normalize';
  if (n === 'ToTensor' || n === 'ConvertImageDtype') return 'to_float';
  if (n === 'ToDtype') {
    const s = kwarg(item, 'scale')?.value;
    return s?.k === 'const' && s.value === 'True' ? 'to_float' : 'other';
  }
  return 'other';
}

/** Whether an expression leads to `target`: directly, through a variable, or as a value of a dict (`data_transforms[x]`). */
function leadsTo(m: PyModule, e: Expr, scope: Scope, target: CallExpr): boolean {
  const r = m.resolve(e, scope);
  if (r?.expr === target) return true;
  if (e.k === 'subscript') {
    const d = m.resolve(e.obj, scope)?.expr;
    return d?.k === 'dict' && d.entries.some((en) => en.value === target || m.resolve(en.value, scope)?.expr === target);
  }
  return false;
}

/** Whether a `Compose` prepares the data of a dataset: passed as `transform=`, to a dataset, or set as `ds.transform`. */
function preparesData(m: PyModule, compose: CallExpr): boolean {
  const used = m.callSites.some((s) => {
    if (s.call.kwargs.some((k) => /transform/i.test(k.name) && leadsTo(m, k.value, s.scope, compose))) return true;
    const q = canonical(m.siteCallee(s) ?? '');
    const ref = m.siteClass(s);
    const dataset = q.startsWith('torchvision.datasets.') || ref?.kind === 'local';
    return dataset && s.call.args.some((a) => leadsTo(m, a, s.scope, compose));
  });
  if (used) return true;
  const bodies: [Stmt[], Scope][] = [[m.stmts, m.scope], ...m.functions.map((f): [Stmt[], Scope] => [f.stmt.body.stmts, f.scope])];
  return bodies.some(([stmts, scope]) => {
    let assigned = false;
    walkStmts(stmts, (s) => {
      if (s.k === 'assign' && s.value && s.targets.some((t) => t.k === 'attr' && /transform/i.test(t.attr)) && leadsTo(m, s.value, scope, compose)) assigned = true;
    });
    return assigned;
  });
}

function literal(like: Expr | undefined, values: number[], m: PyModule, scope: Scope): string {
  const v = like && (m.resolve(like, scope)?.expr ?? like);
  const inner = values.join(', ');
  return v?.k === 'seq' && v.kind === 'list' ? `[${inner}]` : `(${inner})`;
}

export default defineRule({
  code: 'NR102',
  name: 'pretrained-normalization-mismatch',
  stage: 1,
  tip: '1.4',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'suggestion',
  docs: {
    summary: 'Pretrained ImageNet weights, but the input transforms do not normalise, or normalise with other statistics than the weights were trained with.',
    why:
      'A pretrained network learned its features on inputs normalised in one way; the recipe (tip 1.4) asks that your ' +
      'preprocessing matches it. torchvision classifiers and the ImageNet-trained timm models expect ' +
      `${STATS}. Without \`Normalize\`, or with the statistics of your own dataset or \`(0.5, 0.5, 0.5)\`, the first ` +
      'layers see shifted, rescaled inputs: fine-tuning still works, just worse, and nothing reports it. The rule only ' +
      'looks at weights whose statistics it knows (torchvision ImageNet classifiers, timm ResNet/EfficientNet/ConvNeXt-' +
      'style ImageNet weights; not ViT, Inception, CLIP or video models) and at `Compose` pipelines that prepare a ' +
      "dataset (torchvision's, and albumentations', whose `Normalize` it checks for other statistics than its ImageNet " +
      "defaults). It stays quiet when normalisation may happen elsewhere: the weights' `transforms()`, timm's " +
      '`resolve_data_config`/`create_transform`, an image processor, another `normalize`, arithmetic with a mean and std, or a ' +
      'pipeline item it cannot follow (a transform handed in as a parameter); a `Normalize` put into the list through a variable ' +
      '(`normalize = transforms.Normalize(…)`, as in torchvision\'s ImageNet example) is read where it is built; ' +
      'and in self-supervised multi-view training (BYOL, DINO, MoCo, SimCLR), whose method builds the views the network sees.',
    bad: `from torchvision import datasets, models, transforms\n\nmodel = models.resnet50(weights=models.ResNet50_Weights.DEFAULT)\ntf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor()])\ntrain_set = datasets.ImageFolder("data/train", transform=tf)\n`,
    good: `from torchvision import datasets, models, transforms\n\nmodel = models.resnet50(weights=models.ResNet50_Weights.DEFAULT)\ntf = transforms.Compose([\n    transforms.Resize(256),\n    transforms.CenterCrop(224),\n    transforms.ToTensor(),\n    transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),\n])\ntrain_set = datasets.ImageFolder("data/train", transform=tf)\n`,
    fix: "Suggests adding `Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])` after the tensor conversion, or replacing the mean and std with those values.",
  },
  checkPython(ctx) {
    const m = ctx.module;
    const models = pretrainedModels(m);
    // self-supervised methods bring their own view pipeline, normalisation included (BYOL, DINO): the dataset's
    // transform is not what the network sees
    if (!models.length || outsideSupervised(m, ['multi-view'])) return;
    const model = models[0];
    const related = [{ span: model.site.call, message: 'pretrained ImageNet weights loaded here' }];
    let elsewhere: boolean | undefined;
    for (const site of m.callSites) {
      const q = canonical(m.siteCallee(site) ?? '');
      // albumentations' pipelines are checked for the statistics of their `Normalize` only: they often end without a
      // tensor conversion the rule could place a missing one after
      if (!(/^torchvision\.transforms\.(v2\.)?Compose$/.test(q) || ALBU_COMPOSE.test(q)) || ctx.hasSyntaxErrorIn(site.call)) continue;
      const list = argument(site.call, 0, 'transforms');
      if (list?.k !== 'seq' || !preparesData(m, site.call)) continue;
      const kinds = list.items.map((i) => itemKind(m, i, site.scope));
      const normItem = list.items.find((_, i) => kinds[i] === 'normalize');
      const normCall = normItem && itemCall(m, normItem, site.scope);
      if (normCall) {
        const { call: norm, scope } = normCall;
        const meanArg = argument(norm, 0, 'mean');
        const stdArg = argument(norm, 1, 'std');
        const mean = statNumbers(m, meanArg, scope);
        const std = statNumbers(m, stdArg, scope);
        if (!mean || !std || [...mean, ...std].some((v) => v > 1)) continue; // unknown, or statistics on the 0-255 scale
        if (sameStats(mean, MEAN) && sameStats(std, STD)) continue;
        const edits: TextEdit[] = meanArg && stdArg ? [replace(meanArg, literal(meanArg, MEAN, m, scope)), replace(stdArg, literal(stdArg, STD, m, scope))] : [];
        ctx.report({
          span: norm,
          message: `This \`Normalize\` does not match the statistics the pretrained \`${model.name}\` weights were trained with (${STATS}): the network sees shifted, rescaled inputs. Use those values (or the weights' own \`transforms()\`).`,
          related,
          fixes: edits.length ? [{ title: 'Use the ImageNet mean and std', edits }] : [],
        });
        continue;
      }
      // an item the analysis cannot follow may be the normalisation (`normalize` handed in as a parameter)
      if (kinds.includes('unknown')) continue;
      const toFloat = list.items.find((_, i) => kinds[i] === 'to_float');
      if (!toFloat || toFloat.k !== 'call') continue;
      elsewhere ??= normalisesElsewhere(m);
      if (elsewhere) continue;
      const fixes: FixInput[] = [];
      if (toFloat.fn.k === 'attr') {
        const prefix = ctx.source(toFloat.fn.obj);
        const line = ctx.lines.position(toFloat.from).line;
        const multiline = ctx.lines.position(list.from).line !== line;
        const sep = multiline ? `,${ctx.lines.eol()}${ctx.lines.indentOf(line)}` : ', ';
        fixes.push({
          title: 'Add the ImageNet `Normalize`',
          edits: [{ start: toFloat.to, end: toFloat.to, newText: `${sep}${prefix}.Normalize(mean=[${MEAN.join(', ')}], std=[${STD.join(', ')}])` }],
        });
      }
      ctx.report({
        span: toFloat,
        message: `The images reach the pretrained \`${model.name}\` without \`Normalize\`: its weights were trained on inputs normalised with ${STATS}. Add that \`Normalize\` after \`${ctx.source(toFloat.fn)}\` (or use the weights' own \`transforms()\`).`,
        related,
        fixes,
      });
    }
  },
});

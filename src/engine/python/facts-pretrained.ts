// Pretrained weights: whether a module loads them (a library model's, a model zoo's, a state dict from a path that
// says so), in the file or in the project files it takes names from. NR301 and NR601 (in Python and in configs) ask it:
// fine-tuning pretrained weights takes rates and epoch budgets of its own.
import type { Expr } from './ir';
import { calleeShortName, commandLineOptions, constValue, libraryModels, splitWords, wordsOf } from './facts-recipe';
import { stmtExprs } from './facts-autograd';
import { type CallExpr, type CallSite, type FunctionInfo, ObjectMemo, type PyModule, type Scope, allStatements, argument, kwarg, perModule, walkExpr } from './semantic';
import { canonical, lastName, siteInstanceMethod } from './torch';

/**
 * Whether a module loads pretrained weights, or a project module it takes names from (three imports deep): `yes`,
 * `unknown` (weights the analysis cannot read) or `no`; see `pretrainedIn`.
 */
export function pretrainedWeights(m: PyModule): 'yes' | 'unknown' | 'no' {
  const all = [m, ...importedModules(m)].map((x) => pretrainedIn(x));
  return all.includes('yes') ? 'yes' : all.includes('unknown') ? 'unknown' : 'no';
}

/** Downloads of pretrained weights from a model zoo (`model_zoo.load_url`, `load_state_dict_from_url`). */
export const ZOO_LOAD = /^torch\.(utils\.model_zoo\.load_url|hub\.load_state_dict_from_url)$|^torchvision\.models\.utils\.load_state_dict_from_url$/;

/**
 * Whether a module loads pretrained weights: `yes`, not just a checkpoint resumed (a library model's, OpenAI's
 * `clip.load(…)`, a model of the project built with `pretrained=True`, `model.load_from(np.load(path))`, a method of a
 * project class that loads a state dict handed such a path (`net.init_from_base_net(args.base_net)`), or a state
 * dict loaded from a path that says so: `torch.load(args.pretrained)`, `torch.load("models/rgb_imagenet.pt")`, or
 * `torch.load(args.basenet)` where the option's help says "Pretrained base model"); `unknown`, weights the analysis
 * cannot read (a library model's `weights=args.weights`, the torchvision references; any model built with a
 * `pretrained=` it cannot read, `MODEL_GETTERS[args.model](pretrained=args.pretrained)`, `factory(**dict(pretrained=
 * args.pretrained))`: a model of a registry or a factory may load weights); `no`.
 */
export const pretrainedIn = perModule((m: PyModule): 'yes' | 'unknown' | 'no' => {
  const yes =
    libraryModels(m).some((x) => x.pretrained === 'yes' && !inLossClass(x.site)) ||
    m.callSites.some((s) => {
      if (inLossClass(s)) return false;
      const name = calleeShortName(s.call);
      // (also `net.load_from(weights=np.load(path))`, TransUNet; review 116)
      if (name === 'load_from') return s.call.args.length > 0 || s.call.kwargs.length > 0;
      // `Cls.from_pretrained(…)` of any library (Hugging Face's, diffusers', a class whose import the file lost), but a
      // configuration's, a tokenizer's or a processor's, which hold no weights
      if (name === 'from_pretrained' && s.call.fn.k === 'attr' && !/(Config|Tokenizer\w*|Processor|FeatureExtractor)$/.test(lastName(s.call.fn.obj) ?? '')) return true;
      if (/^(clip\.load|open_clip\.create_model(_and_transforms)?)$/.test(m.siteCallee(s) ?? '')) return true;
      // weights downloaded from a model zoo (`model_zoo.load_url(model_urls['resnet101'])`, `load_state_dict_from_url`)
      if (ZOO_LOAD.test(canonical(m.siteCallee(s) ?? ''))) return true;
      // (also through a parameter: `pretrained=pretrained_backbone` with `pretrained_backbone=True`)
      const pretrained = kwarg(s.call, 'pretrained')?.value;
      if (pretrained && constValue(m, pretrained, s.scope) === 'True') return true;
      // `getattr(torchvision.models, arch)(True)`: a torchvision model picked by name, pretrained (TSN)
      const f = s.call.fn;
      if (f.k === 'call' && f.fn.k === 'name' && f.fn.id === 'getattr' && f.args[0] && m.qualify(f.args[0], s.scope) === 'torchvision.models') {
        const first = s.call.args[0];
        if (first?.k === 'const' && first.value === 'True') return true;
      }
      if (copiesWeightsInto(m, s)) return true;
      // (or weights to fine-tune: "path to the pruned model to be fine tuned", network-slimming's `--refine`; review 146)
      const said = (ws: string[]): boolean => ws.some((w, i) => w.startsWith('pretrain') || w === 'imagenet' || w === 'pruned' || w.startsWith('finetun') || (w === 'fine' && /^tun/.test(ws[i + 1] ?? '')));
      const saysPretrained = (): boolean => [...s.call.args, ...s.call.kwargs.map((k) => k.value)].some((a) => said(wordsOf(a)) || said(optionWords(m, a)));
      // a method of a project class that loads a state dict, handed a path that says it holds pretrained weights (SSD's
      // `net.init_from_base_net(args.base_net)`, whose option's help says "Pretrained base model"; review 118)
      // (a method of an object the analysis cannot follow to its class, a model from one of several factories: named
      // for loading, `init_from_*`, `load_*`)
      if (s.call.fn.k === 'attr' && name !== 'load_state_dict' && name !== 'load') {
        const method = siteInstanceMethod(m, s);
        const loads = method ? method.scope.module.callsIn(method.scope).some((x) => /^(load_state_dict|load)$/.test(calleeShortName(x.call) ?? '')) : /^(init_from|load)_/.test(name ?? '');
        return loads && saysPretrained();
      }
      if (name !== 'load_state_dict' && name !== 'load') return false;
      return saysPretrained();
    });
  if (yes) return 'yes';
  const unknown =
    libraryModels(m).some((x) => x.pretrained === 'unknown') ||
    m.callSites.some((s) => {
      const flag = pretrainedFlag(s.call);
      return !!flag && constValue(m, flag, s.scope) === undefined;
    });
  return unknown ? 'unknown' : 'no';
});

/**
 * Whether a call is made in a class of the project named for a loss (`VGGLoss`, `PerceptualLoss`, `ContentLoss`): a
 * pretrained network there measures the outputs (a perceptual loss's VGG); the model trained is not fine-tuned from it.
 */
function inLossClass(s: CallSite): boolean {
  const cls = s.scope.cls;
  return !!cls && namedForLoss(cls.name);
}

/** Whether a class's name says it is a loss (`VGGLoss`, `PerceptualLoss`, `ContentLoss`). */
export function namedForLoss(name: string): boolean {
  return /loss|perceptual/i.test(name);
}

const copiesWeights = new ObjectMemo<FunctionInfo, boolean>();

/**
 * Whether a call hands a model to a function of the project that writes what another argument holds into the
 * model's parameters: weights loaded from elsewhere (rasbt's `load_weights_into_gpt(model, params)`, whose
 * `gpt.tok_emb.weight = assign(gpt.tok_emb.weight, params["wte"])` copies the GPT-2 weights it downloaded). Not an
 * initialisation, which writes values of its own (`m.weight.data.normal_(0, 0.02)`, `m.bias = nn.Parameter(torch.zeros(n))`).
 */
function copiesWeightsInto(m: PyModule, s: CallSite): boolean {
  if (s.call.args.length + s.call.kwargs.length < 2) return false;
  const fn = m.siteProjectCallee(s);
  return !!fn && copiesWeights.get(fn, fn.scope.module, () => writesArgumentIntoParameters(fn));
}

function writesArgumentIntoParameters(fn: FunctionInfo): boolean {
  const params = new Set(fn.stmt.params.filter((p) => p.kind === 'normal').map((p) => p.name));
  if (params.size < 2) return false;
  /** The parameter an attribute or item chain starts from (`gpt.trf_blocks[b].att.weight` → `gpt`). */
  const root = (e: Expr): string | undefined => {
    let x = e;
    while (x.k === 'attr' || x.k === 'subscript') x = x.obj;
    return x.k === 'name' && params.has(x.id) ? x.id : undefined;
  };
  const other = (e: Expr, target: string): boolean => e.k === 'name' && e.id !== target && params.has(e.id);
  /**
   * Whether a value is read from another parameter: an item or attribute of it (`params["wte"]`, `src.fc.weight`),
   * or, for a copy or a whole value, the parameter itself (`p.copy_(embeddings)`, `nn.Parameter(w)`); not a size
   * (`torch.zeros(n)`).
   */
  const readsOther = (e: Expr, target: string, whole: boolean): boolean => {
    if (whole && (other(e, target) || (e.k === 'call' && e.args.length === 1 && other(e.args[0], target)))) return true;
    let read = false;
    walkExpr(e, (x) => (read ||= (x.k === 'attr' || x.k === 'subscript') && other(x.obj, target)));
    return read;
  };
  let found = false;
  allStatements(fn.stmt.body.stmts, (st) => {
    if (found) return;
    if (st.k === 'assign' && st.value) {
      for (const t of st.targets) {
        const r = t.k === 'attr' && /^(weight|bias|data)$/.test(t.attr) ? root(t) : undefined;
        if (r && readsOther(st.value, r, true)) found = true;
      }
    }
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        if (found || x.k !== 'call' || x.fn.k !== 'attr' || (x.fn.attr !== 'copy_' && x.fn.attr !== 'load_state_dict')) return;
        const r = root(x.fn.obj);
        if (r && x.args.some((a) => readsOther(a, r, true))) found = true;
      });
  });
  return found;
}

/**
 * The project modules a file takes names from (`from model.pspnet import PSPNet`, `import network`, `from .parts
 * import *`), and the ones those take names from, three steps deep: a model file builds its backbone from another
 * (or through a package's `__init__.py`: pytorch-deeplab-xception's `train.py` → `deeplab.py` → `backbone/__init__.py`
 * → `backbone/resnet.py`).
 */
export function importedModules(m: PyModule): PyModule[] {
  const out: PyModule[] = [];
  let frontier = [m];
  for (let step = 0; step < 3; step++) {
    const next: PyModule[] = [];
    for (const x of frontier) {
      for (const t of directImports(x)) {
        if (t === m || out.includes(t)) continue;
        out.push(t);
        next.push(t);
      }
    }
    frontier = next;
  }
  return out;
}

/** The project modules a module's imports link to. */
function directImports(m: PyModule): PyModule[] {
  const out = new Set<PyModule>();
  const link = (qname: string): void => {
    const l = m.linker?.resolve(m, qname);
    if (l) {
      if (l.module !== m) out.add(l.module);
      return;
    }
    // `from modeling.backbone import resnet`: a module of the package, not a name in it
    const sub = m.linker?.moduleOf?.(m, qname);
    if (sub && sub !== m) out.add(sub);
  };
  const module = (dotted: string): void => {
    const t = m.linker?.moduleOf?.(m, dotted);
    if (t && t !== m) out.add(t);
  };
  for (const s of m.stmts) {
    if (s.k === 'from') {
      for (const n of s.names) {
        if (n.name === '*') module('.'.repeat(s.level) + s.module);
        else link(`${'.'.repeat(s.level)}${s.module ? s.module + '.' : ''}${n.name}`);
      }
    }
    // `import network`: a package of the project (its __init__.py, and what that star-imports, the next step)
    if (s.k === 'import') for (const n of s.names) module(n.module);
  }
  // `import network` … `network.deeplabv3_resnet50(…)`, `model_map = {"x": network.deeplabv3_resnet50}`
  for (const site of m.callSites) {
    const ref = m.siteClass(site);
    if (ref?.kind === 'local' && ref.cls.module !== m) out.add(ref.cls.module);
  }
  return [...out];
}

/** The words of the help and default texts of the command-line options an expression reads (`args.basenet`: "Pretrained base model"). */
function optionWords(m: PyModule, e: Expr): string[] {
  const out: string[] = [];
  walkExpr(e, (x) => {
    if (x.k === 'attr' && x.obj.k === 'name') for (const t of optionTexts(m).get(x.attr) ?? []) out.push(...splitWords(t.slice(0, 200)));
  });
  return out;
}

/** The `help=` and string `default=` of each `add_argument` of the file, by its destination. */
const optionTexts = perModule((m: PyModule): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (const { name, site } of commandLineOptions(m)) {
    const texts = ['help', 'default'].flatMap((k) => {
      const v = kwarg(site.call, k)?.value;
      return v?.k === 'str' ? [v.value] : [];
    });
    if (texts.length) out.set(name, texts);
  }
  return out;
});

/** The `pretrained=` a call is given, also inside `**dict(pretrained=…)`. */
function pretrainedFlag(call: CallExpr): Expr | undefined {
  const direct = kwarg(call, 'pretrained')?.value;
  if (direct) return direct;
  for (const x of call.starred) if (x.k === 'call' && calleeShortName(x) === 'dict') return kwarg(x, 'pretrained')?.value;
  return undefined;
}

/** ImageNet's statistics, which torchvision's classifiers and most timm weights were trained with. */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];

/** The numbers of a mean/std argument, through a variable. */
export function statNumbers(m: PyModule, e: Expr | undefined, scope: Scope): number[] | undefined {
  if (!e) return undefined;
  const v = m.resolve(e, scope)?.expr ?? e;
  if (v.k !== 'seq' || !v.items.length || !v.items.every((i) => i.k === 'num')) return undefined;
  return v.items.map((i) => (i.k === 'num' ? i.value : NaN));
}

/** Whether statistics match the expected ones (to the third decimal). */
export function sameStats(values: number[] | undefined, expected: number[]): boolean {
  return !!values && values.length === expected.length && values.every((v, i) => Math.abs(v - expected[i]) <= 0.005);
}

/**
 * The calls that prepare inputs as a pretrained network expects them (recipe 1.4): torchvision's or albumentations'
 * `Normalize` with ImageNet's statistics (albumentations' defaults are those), the weights' own `transforms()`, timm's
 * `resolve_data_config` / `create_transform`, a Hugging Face image processor of the checkpoint. Only in a file that
 * builds a pretrained model of torchvision, timm or Hugging Face: elsewhere ImageNet's statistics are a habit.
 */
export const pretrainedPreprocessing = perModule((m: PyModule): CallSite[] => (libraryModels(m).some((x) => x.pretrained === 'yes') ? preprocessingCalls(m) : []));

/**
 * Inputs prepared as a pretrained network expects them, whatever the file builds: ImageNet's statistics in a
 * `Normalize`, timm's or a Hugging Face image processor's transforms, a weights enum's `transforms()`. Evidence of 1.4
 * where the file builds a pretrained model (`pretrainedPreprocessing`), or another file of the project does.
 */
export const preprocessingCalls = perModule((m: PyModule): CallSite[] => {
  return m.callSites.filter((s) => {
    const q = canonical(m.siteCallee(s) ?? '');
    const name = q.slice(q.lastIndexOf('.') + 1);
    if (/^torchvision\.transforms\.(v2\.)?Normalize$/.test(q) || /^albumentations\.(augmentations\.(transforms\.)?)?Normalize$/.test(q)) {
      const mean = argument(s.call, 0, 'mean');
      const std = argument(s.call, 1, 'std');
      if (!mean && !std) return q.startsWith('albumentations.');
      return sameStats(statNumbers(m, mean, s.scope), IMAGENET_MEAN) && sameStats(statNumbers(m, std, s.scope), IMAGENET_STD);
    }
    if (/^timm\.(data\.)?(resolve_data_config|resolve_model_data_config|create_transform)$/.test(q)) return true;
    // segmentation_models_pytorch's preprocessing of the encoder's weights (`smp.encoders.get_preprocessing_fn(ENCODER, "imagenet")`)
    if (/^segmentation_models_pytorch\.encoders(\._preprocessing)?\.get_preprocessing_fn$/.test(q)) return true;
    if (/^transformers\.\w*(ImageProcessor|FeatureExtractor)\w*\.from_pretrained$/.test(q)) return true;
    // `weights.transforms()`, `ResNet50_Weights.DEFAULT.transforms()`
    return name === 'transforms' && s.call.args.length === 0 && s.call.fn.k === 'attr' && /weights|_Weights|DEFAULT|IMAGENET/i.test(m.text.slice(s.call.fn.obj.from, s.call.fn.obj.to));
  });
});

// Evaluation facts: which data loaders feed training and which evaluation (by their names, the split they
// load, and where they are iterated), which code evaluates a model, and the train/eval mode a model is in at
// a call, followed along the path: through the helpers called before it and up into the callers of the
// function it is in (`model.eval()` in the caller before `evaluate(model, loader)` counts).
import type { Expr, Param, Stmt } from './ir';
import { isNoGradContext, stmtExprs, underNoGrad } from './facts-autograd';
import {
  type CallExpr,
  type Assignment,
  type CallSite,
  type ClassRef,
  type ClassInfo,
  type FunctionInfo,
  type KeptParam,
  type LoopInfo,
  type PyModule,
  type ResolvedValue,
  type Scope,
  type WithInfo,
  ObjectMemo,
  argument,
  argumentFor,
  assignedValue,
  forEachBlock,
  movesItself,
  perModule,
  ModuleMemo,
  Carried,
  kwarg,
  siteSlot,
  takesSelf,
  unpackedFrom,
  liveFunction,
  perStatement,
  perObject,
  walkExpr,
  walkStmts,
  callSitesNamed,
  sitesWhere,
} from './semantic';
import { canonical, gradCall, isModuleBase, lastName, mayHoldInstance, perLoop, scaledStep } from './torch';
import { constantNumber } from './facts-values';
import { firstStartingAt } from '../text';

// ------------------------------------------------------------------ names

export type SplitRole = 'train' | 'eval';

/** Lower-case word parts of an identifier or path: `valLoader` → val, loader; `data/train_2017` → data, train. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** Words for a split's data, after its name in one word (`testset`, `valloader`) or next to it (`X_test`'s `x`). */
export const SPLIT_DATA = 'loader|dataloader|set|data|dataset|ds|dl|iter|split|images|imgs|x|y';
const SUFFIX = `(${SPLIT_DATA})?s?`;
const TRAIN_WORD = new RegExp(`^(train|training|trn)${SUFFIX}$`);
const EVAL_WORD = new RegExp(`^(val|vali|valid|validation|test|testing|eval|evaluation|dev|holdout|tst)${SUFFIX}$`);

/** The split a name stands for: `train_loader` → train, `val_ds`/`testloader`/`'validation'` → eval; both or neither → undefined. */
export function roleOfName(name: string): SplitRole | undefined {
  // (asked of every loader's and loop's names at each version of a file: kept per name, as `isEvaluationName` is)
  const known = nameRoles.get(name);
  if (known !== undefined) return known === 'none' ? undefined : known;
  const t = nameTokens(name);
  const train = t.some((x) => TRAIN_WORD.test(x));
  const ev = t.some((x) => EVAL_WORD.test(x));
  const role = train === ev ? undefined : train ? 'train' : 'eval';
  if (nameRoles.size >= 10000) nameRoles.clear(); // names come from user code: stay bounded
  nameRoles.set(name, role ?? 'none');
  return role;
}

const nameRoles = new Map<string, SplitRole | 'none'>();

const EVAL_FN_WORDS = new Set(['eval', 'evaluate', 'evaluation', 'validate', 'validation', 'val', 'vali', 'valid', 'test', 'testing', 'inference', 'infer', 'predict', 'prediction', 'predictions']);

/**
 * Words that make `valid` mean validity, not validation: `fraction_valid_smiles` (REINVENT), `is_valid`,
 * `count_valid_molecules`, `valid_mask`. Chemistry and sequence code speaks of valid molecules all the time.
 */
const VALIDITY_WORDS = new Set(['fraction', 'ratio', 'percent', 'pct', 'rate', 'num', 'count', 'is', 'check', 'smiles', 'mol', 'mols', 'molecule', 'molecules', 'mask']);

const evaluationNames = new Map<string, boolean>();

/** Whether a function name says it evaluates: `evaluate`, `validate`, `run_validation`, `test_epoch`, `predict`. */
export function isEvaluationName(name: string): boolean {
  let yes = evaluationNames.get(name);
  if (yes === undefined) {
    const t = nameTokens(name);
    yes = t.some((x) => EVAL_FN_WORDS.has(x) && !(x === 'valid' && t.some((w) => VALIDITY_WORDS.has(w)))) && !t.some((x) => TRAIN_WORD.test(x));
    if (evaluationNames.size >= 10000) evaluationNames.clear(); // names come from user code: stay bounded
    evaluationNames.set(name, yes);
  }
  return yes;
}

/**
 * Whether a module is a test suite: a file pytest collects (`isPytestFile`) that, when only its name says so
 * (`test_*.py`, `*_test.py` outside a tests folder), also reads as one: `test_*` functions or `Test*` classes, or pytest
 * or unittest imported. Training scripts are named so too (TCN's `add_test.py`, `vae_train_test.py`).
 */
export function isTestModule(m: PyModule): boolean {
  const kind = pytestKind(m.path.replace(/\\/g, '/'));
  if (kind !== 'name') return kind === 'folder';
  return (
    m.functions.some((f) => f.name.startsWith('test_')) ||
    m.classes.some((c) => c.name.startsWith('Test')) ||
    [...m.scope.imports.values()].some((q) => q === 'pytest' || q.startsWith('pytest.') || q === 'unittest' || q.startsWith('unittest.'))
  );
}

/** Files pytest collects, where `test_*` functions are tests, not evaluation. */
export function isPytestFile(path: string): boolean {
  return pytestKind(path) !== undefined;
}

/** Why pytest collects a file: its folder (`tests/`, or `conftest.py`), or only its name (`test_*.py`, `*_test.py`). */
function pytestKind(path: string): 'folder' | 'name' | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  // Only the file's own folder counts: a project that happens to live under ~/tests/ is not a test suite.
  const parent = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  const dir = parent.slice(parent.lastIndexOf('/') + 1);
  if (base === 'conftest.py' || dir === 'test' || dir === 'tests') return 'folder';
  return /^test_.*\.py$/.test(base) || /_test\.py$/.test(base) ? 'name' : undefined;
}

const FRAMEWORKS = ['lightning.', 'transformers.', 'ignite.', 'accelerate.', 'keras.', 'fastai.'];

/** A class of a training framework (LightningModule, callbacks, a HF Trainer subclass): the framework sets the modes. */
export function isFrameworkClass(cls: ClassInfo): boolean {
  return cls.module.derivesFrom(cls, (q) => FRAMEWORKS.some((p) => canonical(q).startsWith(p)));
}

/** A function that evaluates by its name, outside pytest files, framework hooks and model classes. */
export function isEvaluationFunction(fn: FunctionInfo): boolean {
  if (!isEvaluationName(fn.name)) return false;
  if (fn.name.startsWith('test') && isTestModule(fn.scope.module)) return false;
  if (fn.cls && (isFrameworkClass(fn.cls) || fn.cls.module.derivesFrom(fn.cls, isModuleBase))) return false;
  return true;
}

// ------------------------------------------------------------------ small helpers

/** Call sites by their call expression. */
const siteIndex = new ModuleMemo<Map<CallExpr, CallSite>>();
export function siteOf(m: PyModule, call: CallExpr): CallSite | undefined {
  let idx = siteIndex.get(m);
  if (!idx) {
    idx = new Map(m.callSites.map((s) => [s.call, s]));
    siteIndex.set(m, idx);
  }
  return idx.get(call);
}

/**
 * The expressions a statement evaluates itself, without the names it binds (loop targets, `as` aliases), the
 * assigned value before its targets: `stmtExprs` minus bindings.
 */
function ownExprs(s: Stmt): Expr[] {
  if (s.k === 'for') return [s.iter];
  if (s.k === 'with') return s.items.map((i) => i.expr);
  if (s.k === 'assign') return s.value ? [s.value, ...s.targets] : s.targets;
  return stmtExprs(s);
}

/** Every expression node in a list of statements and their nested blocks (not in nested functions). */
export function walkStmtExprs(stmts: Stmt[], fn: (e: Expr) => void): void {
  walkStmts(stmts, (s) => {
    for (const e of ownExprs(s)) walkExpr(e, fn);
  });
}

function isConst(e: Expr | undefined, value: 'True' | 'False' | 'None'): boolean {
  return e?.k === 'const' && e.value === value;
}

/** Builtins that never change a module's mode, nor train it, when handed one. */
const BUILTINS = new Set(['print', 'len', 'str', 'repr', 'isinstance', 'type', 'id', 'hasattr', 'getattr', 'vars', 'dir', 'sum', 'list', 'tuple', 'sorted', 'format', 'hash', 'iter', 'next', 'enumerate', 'zip', 'range']);

export function isBuiltin(m: PyModule, fn: Expr, scope: Scope): boolean {
  return fn.k === 'name' && BUILTINS.has(fn.id) && m.assignmentsOf(fn.id, scope).length === 0;
}

// ------------------------------------------------------------------ models

export type Mode = 'train' | 'eval' | 'unknown';

export interface ModelFacts {
  /** The mode the object is in when built: modules start in training mode, HF `from_pretrained` returns eval mode. */
  initial: Mode;
  /** Whether it has layers that behave differently in training and evaluation (dropout, batch norm, …). */
  modeDependent: boolean;
  call: CallExpr;
  scope: Scope;
}

/** Methods that return the module itself (`model.to(device)`, `net.cuda().eval()`). */
const SELF_RETURNING = new Set(['to', 'cuda', 'cpu', 'float', 'half', 'double', 'bfloat16', 'eval', 'train', 'requires_grad_', 'type', 'share_memory', 'to_empty']);

/** Calls that wrap a module and keep its mode: `DDP(model)`, `torch.compile(model)`. */
const WRAPPERS = new Set([
  'torch.nn.DataParallel',
  'torch.nn.parallel.DataParallel',
  'torch.nn.parallel.DistributedDataParallel',
  'torch.compile',
  'torch.jit.script',
  'torch.nn.SyncBatchNorm.convert_sync_batchnorm',
]);

/** Layers whose behaviour depends on the mode. */
const MODE_LAYERS = new Set(
  ['Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout', 'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'LazyBatchNorm1d', 'LazyBatchNorm2d', 'LazyBatchNorm3d', 'SyncBatchNorm', 'RReLU'].map((n) => 'torch.nn.' + n),
);
/** Layers with a `dropout` argument: mode-dependent when it is not 0 (the default is given). */
const DROPOUT_ARG: Record<string, number> = {
  'torch.nn.Transformer': 0.1,
  'torch.nn.TransformerEncoderLayer': 0.1,
  'torch.nn.TransformerDecoderLayer': 0.1,
  'torch.nn.MultiheadAttention': 0,
  'torch.nn.LSTM': 0,
  'torch.nn.GRU': 0,
  'torch.nn.RNN': 0,
};
const FUNCTIONAL_MODE = new Set(['torch.nn.functional.dropout', 'torch.nn.functional.dropout1d', 'torch.nn.functional.dropout2d', 'torch.nn.functional.dropout3d', 'torch.nn.functional.alpha_dropout', 'torch.nn.functional.feature_alpha_dropout', 'torch.nn.functional.batch_norm']);
/** timm families built with batch norm (others, ViTs and ConvNeXts, are mode-independent by default). */
const TIMM_BN = /^(resnet\d|resnext|seresnext?\d|wide_resnet|densenet|efficientnet_|tf_efficientnet_|mobilenetv[23]|regnet[xyz]|inception_v3|xception)/;

function stringArg(call: CallExpr, index: number, name: string, s?: Scope): string | undefined {
  const a = argument(call, index, name);
  if (a?.k === 'str') return a.value;
  // a name or parameter whose value is one string (`timm.create_model(arch, …)` in a wrapper built with
  // `Clf("resnet18", 5)`, the Kaggle pattern)
  const v = a && s && (a.k === 'name' || a.k === 'attr') ? s.module.resolve(a, s)?.expr : undefined;
  return v?.k === 'str' ? v.value : undefined;
}

/** For a library callable: whether what it builds is a model (undefined: not a model), and whether it is mode-dependent. */
function externalModel(q: string, call: CallExpr | undefined, s: Scope, depth: number): boolean | undefined {
  const name = q.slice(q.lastIndexOf('.') + 1);
  if (q.startsWith('torchvision.models.')) {
    if (/_Weights$|^get_weight$|^list_models$|^get_model_weights$/.test(name)) return undefined;
    if (name === 'get_model') {
      const n = call && stringArg(call, 0, 'name', s);
      return n !== undefined && !/^vit_/.test(n);
    }
    return !/^vit_/i.test(name) && name !== 'VisionTransformer';
  }
  if (q === 'timm.create_model' || q === 'timm.models.create_model') {
    const n = call && stringArg(call, 0, 'model_name', s);
    const drop = call?.kwargs.some((k) => /^drop(_path)?_rate$/.test(k.name) && !(k.value.k === 'num' && k.value.value === 0));
    return (n !== undefined && TIMM_BN.test(n)) || !!drop;
  }
  if (MODE_LAYERS.has(q)) return true;
  if (q in DROPOUT_ARG) {
    const d = call && kwarg(call, 'dropout')?.value;
    if (!d) return DROPOUT_ARG[q] > 0;
    return d.k === 'num' ? d.value > 0 : true;
  }
  if (q === 'torch.nn.Sequential') return !!call?.args.some((a) => a.k === 'call' && modelFromCall(a, s, depth + 1)?.modeDependent);
  if (q.startsWith('torch.nn.') && /^[A-Z]/.test(name)) return false;
  if (q.startsWith('transformers.') && /(Model|For[A-Z]\w*)$/.test(name)) return true;
  return undefined;
}

const classDependence = new ObjectMemo<ClassInfo, boolean>();

/** Whether a project module class has layers that behave differently in training and evaluation. */
export function classModeDependent(cls: ClassInfo, depth = 0): boolean {
  const m = cls.module;
  const known = classDependence.peek(cls, m);
  if (known) {
    // (not a whole answer kept for this version: still being worked out, a cycle; or worked out from deeper down,
    // where the depth may have cut it short)
    if (dependenceKept.get(cls)?.m !== m.id) dependenceCut++;
    return known.v;
  }
  if (depth > 6) {
    dependenceCut++;
    return false;
  }
  // (the class's statement unchanged, the module binding the same way, the classes nested in functions the same (a
  // layer a subclass uses, `unusedLayer`) and nothing read beyond them: the answer of the version it was worked out in)
  const kept = dependenceKept.get(cls);
  if (kept && m.carries(kept.m) && m.nestedClassesKept) {
    kept.m = m.id;
    classDependence.set(cls, m, kept.v);
    return kept.v;
  }
  classDependence.set(cls, m, false); // cycles
  const cut = dependenceCut;
  const before = m.outsideReadCount;
  let dep = false;
  for (const b of m.baseClasses(cls)) {
    if (b.kind === 'local' && b.cls !== cls) dep ||= classModeDependent(b.cls, depth + 1);
    else if (b.kind === 'external' && !isModuleBase(b.qname) && externalModel(canonical(b.qname), undefined, cls.scope, depth + 1)) dep = true;
  }
  for (const fn of cls.methods.values()) {
    if (dep) break;
    for (const site of m.callsIn(fn.scope)) {
      const q = m.siteCallee(site);
      if (q && FUNCTIONAL_MODE.has(canonical(q)) && kwarg(site.call, 'training')) dep = true;
      else {
        const f = modelFromCall(site.call, site.scope, depth + 1);
        if (f?.modeDependent && f.call === site.call && !unusedLayer(cls, site)) dep = true;
      }
      if (dep) break;
    }
    if (!dep) walkStmtExprs(fn.stmt.body.stmts, (e) => {
      if (e.k === 'attr' && e.attr === 'training' && e.obj.k === 'name' && e.obj.id === 'self') dep = true;
    });
  }
  const outside = m.outsideReadCount !== before;
  classDependence.set(cls, m, dep, outside);
  // (not an answer cut short by a cycle or the depth, or made of one: those depend on what asked first)
  if (!outside && dependenceCut === cut && depth === 0) dependenceKept.set(cls, { m: m.id, v: dep });
  return dep;
}

/**
 * `classModeDependent`'s answers carried into the next version of a file being edited (see there); `m` is the latest
 * version an answer holds in, so one for this version is a whole answer, not one cut short.
 */
const dependenceKept = new Carried<ClassInfo, { m: number; v: boolean }>();
/** How many answers `classModeDependent` cut short (a cycle, the depth), or made of one. */
let dependenceCut = 0;

/**
 * Whether a layer a class builds into an attribute of its own is never used: `self.bn0 = nn.BatchNorm3d(width)` that
 * no method of the class, or of a class of the file built on it, reads (PDEBench's FNO3d declares four and calls none
 * in `forward`; review 148), in classes that do not reach their layers another way (`self.children()`,
 * `self.modules()`, `getattr(self, …)`, `self._modules`).
 */
function unusedLayer(cls: ClassInfo, site: CallSite): boolean {
  const st = site.stmt;
  if (st.k !== 'assign' || st.value !== site.call || st.targets.length !== 1) return false;
  const t = st.targets[0];
  if (t.k !== 'attr' || t.obj.k !== 'name' || t.obj.id !== 'self') return false;
  for (const c of [cls, ...(subclassesInFile(cls.module).get(cls) ?? [])]) {
    const reads = selfReads(c);
    if (reads.reflective.some((e) => e !== t) || (reads.attrs.get(t.attr) ?? []).some((e) => e !== t)) return false;
  }
  return true;
}

const selfReadsMemo = new Carried<Stmt, { reflective: Expr[]; attrs: Map<string, Expr[]> }>();

/**
 * The `self.x` expressions of a class's own methods, by attribute, and those that reach its layers another way
 * (`self.children()`, `self.modules()`, `getattr(self, …)`, `self._modules`). Kept per class statement: an unchanged
 * class is the same IR object in the next version of the file (its expressions move with it).
 */
function selfReads(cls: ClassInfo): { reflective: Expr[]; attrs: Map<string, Expr[]> } {
  let v = selfReadsMemo.get(cls.stmt);
  if (v) return v;
  const attrs = new Map<string, Expr[]>();
  const reflective: Expr[] = [];
  for (const fn of cls.methods.values())
    walkStmtExprs(fn.stmt.body.stmts, (e) => {
      if (e.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'self') {
        const l = attrs.get(e.attr);
        if (l) l.push(e);
        else attrs.set(e.attr, [e]);
        if (/^(children|modules|named_children|named_modules|_modules|__dict__)$/.test(e.attr)) reflective.push(e);
      } else if (e.k === 'call' && e.fn.k === 'name' && (e.fn.id === 'getattr' || e.fn.id === 'vars') && e.args[0]?.k === 'name' && e.args[0].id === 'self') reflective.push(e);
    });
  selfReadsMemo.set(cls.stmt, (v = { reflective, attrs }));
  return v;
}

const subclassesMemo = new ModuleMemo<{ subclasses: Map<ClassInfo, ClassInfo[]>; outside: boolean }>();

/** The classes of a file built directly on each class of the file (by the bases the file names). */
function subclassesInFile(m: PyModule): Map<ClassInfo, ClassInfo[]> {
  const kept = subclassesMemo.get(m);
  if (kept) {
    // (what working it out read, counted again for each asker: see `PyModule.outsideReadCount`)
    if (kept.outside) m.noteOutsideRead();
    return kept.subclasses;
  }
  const before = m.outsideReadCount;
  const out = new Map<ClassInfo, ClassInfo[]>();
  for (const c of m.classes) {
    const seen = new Set<ClassInfo>();
    for (const b of m.baseClasses(c)) {
      if (b.kind !== 'local' || b.cls === c || seen.has(b.cls)) continue;
      seen.add(b.cls);
      const l = out.get(b.cls);
      if (l) l.push(c);
      else out.set(b.cls, [c]);
    }
  }
  subclassesMemo.set(m, { subclasses: out, outside: m.outsideReadCount !== before });
  return out;
}

/**
 * Whether a module class of the project is handed a mode-dependent model to hold: `Classifier(backbone, 10)` whose
 * `__init__` keeps the parameter as an attribute (`self.backbone = backbone`), `backbone` a ResNet.
 */
function holdsModeDependent(cls: ClassInfo, call: CallExpr, s: Scope, depth: number): boolean {
  const cm = cls.module;
  const init = cm.method(cls, '__init__');
  if (!init || depth > 4 || init.scope.module !== cm) return false;
  const kept = new Set<string>();
  walkStmts(init.stmt.body.stmts, (st) => {
    if (st.k === 'assign' && st.value?.k === 'name' && st.targets.some((t) => t.k === 'attr' && t.obj.k === 'name' && t.obj.id === 'self')) kept.add(st.value.id);
  });
  return init.stmt.params.some((p) => {
    if (!kept.has(p.name)) return false;
    const arg = argumentFor(init, p, call);
    return !!arg && !!modelOf(s.module, arg, s, depth + 1)?.modeDependent;
  });
}

/** What a call builds, when it builds a model (a module of the project or a library model). */
function modelFromCall(call: CallExpr, s: Scope, depth: number): ModelFacts | undefined {
  if (depth > 6) return undefined;
  const mod = s.module;
  const fn = call.fn;
  if (fn.k === 'attr') {
    if (SELF_RETURNING.has(fn.attr)) {
      const inner = modelOf(mod, fn.obj, s, depth + 1);
      if (!inner) return undefined;
      if (fn.attr === 'eval') return { ...inner, initial: 'eval' };
      if (fn.attr === 'train') return { ...inner, initial: trainArgMode(call) };
      return inner;
    }
    if (fn.attr === 'from_pretrained') {
      // AutoModelForSequenceClassification, BertModel, GPT2LMHeadModel: not tokenizers, configs or processors
      const q = mod.qualify(fn.obj, s);
      const ref = mod.classOf(fn.obj, s);
      const local = ref?.kind === 'local' && ref.cls.module.derivesFrom(ref.cls, (b) => canonical(b).startsWith('transformers.'));
      const hf = q !== undefined && canonical(q).startsWith('transformers.') && /(Model|For[A-Z]\w*)$/.test(q);
      if (hf || local) return { initial: 'eval', modeDependent: true, call, scope: s };
      return undefined;
    }
    if (acceleratePrepare(mod, call, s)) return call.args[0] ? modelOf(mod, call.args[0], s, depth + 1) : undefined;
    if (fn.attr === 'load_from_checkpoint') {
      const ref = mod.classOf(fn.obj, s);
      if (ref?.kind === 'local' && ref.cls.module.derivesFrom(ref.cls, isModuleBase)) return { initial: 'train', modeDependent: classModeDependent(ref.cls), call, scope: s };
      return undefined;
    }
  }
  // a registry of model classes of the project: `model_dict[self.args.model](…)` (Informer), or of modules each
  // defining `Model`, `model_dict[self.args.model].Model(self.args)` (Autoformer, Time-Series-Library)
  const registered = registeredClasses(mod, fn, s);
  if (registered) {
    const models = registered.every((c) => c.module.derivesFrom(c, isModuleBase));
    return models ? { initial: 'train', modeDependent: registered.some(classModeDependent), call, scope: s } : undefined;
  }
  const ref = mod.classOf(fn, s);
  if (ref?.kind === 'local') {
    if (!ref.cls.module.derivesFrom(ref.cls, isModuleBase)) return undefined;
    return { initial: 'train', modeDependent: classModeDependent(ref.cls) || holdsModeDependent(ref.cls, call, s, depth), call, scope: s };
  }
  if (ref?.kind === 'external') {
    const q = canonical(ref.qname);
    if (WRAPPERS.has(q)) return call.args[0] ? modelOf(mod, call.args[0], s, depth + 1) : undefined;
    if (q === 'copy.deepcopy') {
      const inner = call.args[0] ? modelOf(mod, call.args[0], s, depth + 1) : undefined;
      return inner ? { ...inner, initial: 'unknown', call, scope: s } : undefined;
    }
    const dep = externalModel(q, call, s, depth);
    if (dep !== undefined) return { initial: 'train', modeDependent: dep, call, scope: s };
    // (a function of another file of the project is no class of a library: followed below)
  }
  // a project function that builds the model: `model = build_model(cfg)`, here or in another file (`from
  // models.resnet import resnet18`, then `net = resnet18()`)
  const callee = mod.projectCallee(call, s);
  if (callee && depth < 4) {
    const cm = callee.scope.module;
    const returned = cm.returns(callee);
    const first = alike(returned.map((r) => modelOf(cm, r, callee.scope, depth + 1)));
    if (first) {
      // a factory that switches the mode before it hands the model back (`model.eval(); return model`): the mode the
      // caller gets is not the constructor's
      const name = returned[0]?.k === 'name' ? returned[0].id : undefined;
      const same = !!name && returned.every((r) => r.k === 'name' && r.id === name);
      return same && switchesModes(callee.stmt.body.stmts) ? { ...first, initial: modeOnReturn(callee, name) } : first;
    }
  }
  return undefined;
}

const walkingFactories = new Set<FunctionInfo>();

/**
 * The mode of the model a factory of the project hands back when it switches modes before (`model.eval(); return
 * model`, every `return` giving that name): its body walked for the name; `unknown` unless every path ends in one mode
 * (`if frozen: model.eval()` may hand back either).
 */
function modeOnReturn(callee: FunctionInfo, name: string): Mode {
  if (walkingFactories.has(callee)) return 'unknown';
  const scope = callee.scope;
  const w: Walker = {
    m: scope.module,
    scope,
    obj: { key: name, expr: undefined, scope },
    recorded: undefined,
    tag: { scope, key: name, helper: undefined },
    depth: 1,
    stack: [callee],
    budget: { left: 2000 },
    loops: [],
    returns: NONE,
    holders: new Set(),
    built: undefined,
  };
  walkingFactories.add(callee);
  try {
    walkBlock(w, callee.stmt.body.stmts, only('entry'));
  } finally {
    walkingFactories.delete(callee);
  }
  const modes = [...w.returns.keys()];
  return w.budget.left >= 0 && modes.length === 1 && (modes[0] === 'train' || modes[0] === 'eval') ? modes[0] : 'unknown';
}

/** `accelerator.prepare(model, …)`: Accelerate hands back the objects it is given, wrapped. */
function acceleratePrepare(m: PyModule, call: CallExpr, scope: Scope): boolean {
  if (call.fn.k !== 'attr' || !/^prepare(_model)?$/.test(call.fn.attr)) return false;
  const inst = m.instanceOf(call.fn.obj, scope);
  return inst?.ref.kind === 'external' && canonical(inst.ref.qname).startsWith('accelerate.');
}

/** The model an expression holds, when the analysis can see what built it. */
export function modelOf(m: PyModule, e: Expr, scope: Scope, depth = 0): ModelFacts | undefined {
  if (e.k === 'name' && depth < 6) {
    // model, opt, loader = accelerator.prepare(model, opt, loader)
    const a = m.reachingAssignment(e.id, scope, e.from);
    // `model = model.module`: the model a DataParallel wrapper holds
    if (a?.via === 'assign' && a.value?.k === 'attr' && a.value.attr === 'module' && a.value.obj.k === 'name' && a.value.obj.id === e.id) return modelOf(m, a.value.obj, a.scope, depth + 1);
    if (a?.via === 'assign' && a.index !== undefined && a.value?.k === 'call' && acceleratePrepare(m, a.value, a.scope)) {
      const arg = a.value.args[a.index];
      return arg ? modelOf(m, arg, a.scope, depth + 1) : undefined;
    }
  }
  if (e.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'self' && scope.cls && depth < 6) {
    const built = modelFromOverride(scope.cls, e.attr, depth) ?? modelFromBranches(scope.cls, e.attr, depth);
    if (built) return built;
  }
  const r = m.resolve(e, scope);
  if (!r || r.expr.k !== 'call') return undefined;
  return modelFromCall(r.expr, r.scope, depth);
}

/**
 * The classes of the project a callee picks from a dict by a key (`model_dict[name]`, or `model_dict[name].Model` over
 * a dict of modules), when every value of the dict literal is one of them.
 */
function registeredClasses(m: PyModule, fn: Expr, scope: Scope): ClassInfo[] | undefined {
  const member = fn.k === 'attr' ? fn.attr : undefined;
  const sub = fn.k === 'attr' ? fn.obj : fn;
  if (sub.k !== 'subscript' || sub.slice || sub.index.length !== 1) return undefined;
  const r = m.resolve(sub.obj, scope);
  if (r?.expr.k !== 'dict' || !r.expr.entries.length) return undefined;
  const dm = r.scope.module;
  const out: ClassInfo[] = [];
  for (const { key, value } of r.expr.entries) {
    if (!key || (value.k !== 'name' && value.k !== 'attr')) return undefined;
    let ref: ClassRef | undefined;
    if (member === undefined) ref = dm.classOf(value, r.scope);
    else {
      const q = dm.qualify(value, r.scope);
      ref = q ? dm.classNamed(`${q}.${member}`) : undefined;
    }
    if (ref?.kind !== 'local') return undefined;
    out.push(ref.cls);
  }
  return out;
}

/**
 * The model an attribute holds when the class builds one of several in branches (`if model_type == "U_Net":
 * self.unet = U_Net(…)` / `elif …: self.unet = R2U_Net(…)`, as segmentation solvers pick their architecture): a
 * model when every branch builds one, each in the same mode and alike in having mode-dependent layers or not.
 */
function modelFromBranches(cls: ClassInfo, attr: string, depth: number): ModelFacts | undefined {
  const list = cls.module.attrAssignments(cls, attr);
  // (`self.unet.to(self.device)` moves the model another assignment builds; `self.unet = None` in `__init__` holds
  // its place until `build_model()` runs)
  const builds = list.filter((a) => {
    const v = assignedValue(a);
    return !(v && (movesItself(v, attr) || (v.k === 'const' && v.value === 'None')));
  });
  if (builds.length < 2) return undefined;
  return alike(
    builds.map((a) => {
      const v = assignedValue(a);
      const r = v && (a.scope.module.resolve(v, a.scope) ?? { expr: v, scope: a.scope });
      return r?.expr.k === 'call' ? modelFromCall(r.expr, r.scope, depth + 1) : undefined;
    }),
  );
}

/**
 * The model a base class builds through a method its subclass overrides: Informer's and Time-Series-Library's
 * `Exp_Basic.__init__` sets `self.model = self._build_model().to(self.device)`, and each `Exp_*` subclass defines
 * `_build_model()` to return its network. Seen from the subclass, `self.model` is what the override returns.
 */
function modelFromOverride(cls: ClassInfo, attr: string, depth: number): ModelFacts | undefined {
  if (cls.attrs.get(attr)?.length) return undefined; // set by the class itself: followed as any assignment
  const list = cls.module.attrAssignments(cls, attr);
  if (list.length !== 1) return undefined;
  let v = assignedValue(list[0]);
  let initial: Mode | undefined;
  while (v?.k === 'call' && v.fn.k === 'attr' && SELF_RETURNING.has(v.fn.attr) && v.fn.obj.k === 'call') {
    if (initial === undefined && (v.fn.attr === 'eval' || v.fn.attr === 'train')) initial = v.fn.attr === 'eval' ? 'eval' : trainArgMode(v);
    v = v.fn.obj;
  }
  if (v?.k !== 'call' || v.fn.k !== 'attr' || v.fn.obj.k !== 'name' || v.fn.obj.id !== 'self') return undefined;
  const override = cls.module.method(cls, v.fn.attr);
  const base = list[0].scope.cls;
  // (the method the assigning class itself has: resolved the ordinary way)
  if (!override || !base || override === base.module.method(base, v.fn.attr)) return undefined;
  const om = override.scope.module;
  const first = alike(om.returns(override).map((r) => modelOf(om, r, override.scope, depth + 1)));
  return first && initial ? { ...first, initial } : first;
}

/** The first of several ways a model is built, when every one is a model in the same mode, alike in depending on it. */
function alike(facts: (ModelFacts | undefined)[]): ModelFacts | undefined {
  const first = facts[0];
  return first && facts.every((f) => f && f.initial === first.initial && f.modeDependent === first.modeDependent) ? first : undefined;
}

/** `model.train()`, `model.train(False)`, `model.train(mode=False)`, `model.eval()`: the mode it sets. */
function trainArgMode(call: CallExpr): Mode {
  const a = argument(call, 0, 'mode');
  if (!a || isConst(a, 'True')) return 'train';
  if (isConst(a, 'False')) return 'eval';
  return 'unknown';
}

type Forward = { obj: Expr; model: ModelFacts };

/** The forward passes of a module (`forwardOf`), in order (see `sitesWhere`). */
export const forwardSites = sitesWhere((m, site) => forwardOf(m, site) !== undefined);

/** A call that runs a model's forward pass (`model(x)`, `self.net(x)`), outside the model's own code. */
export function forwardOf(m: PyModule, site: CallSite): Forward | undefined {
  if (site.scope.module !== m) return forwardOfUncached(m, site);
  return m.siteFact(site, FORWARD, forwardOfUncached);
}

// (carried into the next version when it read only the site's statement and the module scope, and the classes nested
// in functions are the same: a class's subclasses in the file decide whether a layer it builds is used; see `siteSlot`)
const FORWARD = siteSlot((m) => m.nestedClassesKept, true);

const moduleClasses = new ObjectMemo<ClassInfo, boolean>();

function forwardOfUncached(m: PyModule, site: CallSite): Forward | undefined {
  let fn = site.call.fn;
  // `model.forward(x)` runs the forward pass as `model(x)` does (without the hooks)
  if (fn.k === 'attr' && fn.attr === 'forward' && (fn.obj.k === 'name' || fn.obj.k === 'attr')) fn = fn.obj;
  if (fn.k !== 'name' && fn.k !== 'attr') return undefined;
  const cls = site.scope.cls;
  // exact pre-filter: `modelOf` resolves an attribute callee only when it is `self.x` in a class (`x.view`, `F.relu`
  // and `torch.zeros` resolve to themselves, not to a call that built them)
  if (fn.k === 'attr' && !(fn.obj.k === 'name' && fn.obj.id === 'self' && cls)) return undefined;
  // (a function, class, import or builtin called: no model, which `modelOf` finds only through assignments and parameters)
  if (!mayHoldInstance(m, fn, site.scope)) return undefined;
  if (cls) {
    if (moduleClasses.get(cls, cls.module, () => cls.module.derivesFrom(cls, isModuleBase))) return undefined; // a layer inside a model
  }
  const model = modelOf(m, fn, site.scope);
  return model ? { obj: fn, model } : undefined;
}

// ------------------------------------------------------------------ object identity

/** A stable text for an object expression: `model`, `self.model`, `model.backbone` (through `.to()`, `.cuda()`). */
export function objectKey(e: Expr): string | undefined {
  // (a name is its own key; other expressions than attributes and calls have none)
  if (e.k === 'name') return e.id;
  if (e.k !== 'attr' && e.k !== 'call') return undefined;
  // memoised per expression (the text of an IR node never changes; reused nodes only move)
  const known = objectKeys.get(e);
  if (known !== undefined) return known === NO_KEY ? undefined : known;
  const k = objectKeyUncached(e);
  objectKeys.set(e, k ?? NO_KEY);
  return k;
}

const objectKeys = new WeakMap<Expr, string>();
/** What `objectKeys` holds for an expression without a key (no key has a NUL in it). */
const NO_KEY = '\0';

function objectKeyUncached(e: Expr): string | undefined {
  const x = stripSelfReturning(e);
  if (x.k === 'name') return x.id;
  if (x.k === 'attr') {
    const b = objectKey(x.obj);
    return b ? `${b}.${x.attr}` : undefined;
  }
  return undefined;
}

function stripSelfReturning(e: Expr): Expr {
  let x = e;
  while (x.k === 'call' && x.fn.k === 'attr' && SELF_RETURNING.has(x.fn.attr)) x = x.fn.obj;
  return x;
}

/** The object the mode analysis follows, named as in `scope`; `expr` (when known) resolves to what built it. */
export interface ObjRef {
  key: string;
  expr: Expr | undefined;
  scope: Scope;
}

type Relation = 'same' | 'parent' | 'child' | 'different' | 'maybe';

/** What `relation` reads of a resolved value: the expression (its kind and which one it is), not its scope. */
const resolvedUsed = (a: ResolvedValue | undefined): unknown => a?.expr;

function relation(w: Walker, x: Expr): Relation {
  const obj = w.obj;
  const xk = objectKey(x);
  if (!xk) return 'maybe';
  if (xk === obj.key) return 'same';
  if (obj.key.startsWith(xk + '.')) return 'parent';
  if (xk.startsWith(obj.key + '.')) return 'child';
  const sx = stripSelfReturning(x);
  const scope = w.scope;
  const rx = w.reads ? ask(w, (m) => m.resolve(sx, scope), resolvedUsed) : w.m.resolve(sx, scope);
  // (what built the followed object: the same for every call of the walk)
  const oe = obj.expr;
  const os = obj.scope;
  const rk = (w.built ??= { v: !oe ? undefined : w.reads ? ask(w, () => os.module.resolve(oe, os), resolvedUsed) : os.module.resolve(oe, os) }).v;
  if (rx?.expr.k === 'call' && rk?.expr.k === 'call') return rx.expr === rk.expr ? 'same' : 'different';
  return 'maybe';
}

// ------------------------------------------------------------------ the mode along a path

/** Where a mode comes from, named in the function where it happened (`scope`), for messages and fixes. */
export interface ModeOrigin {
  mode: Mode;
  /** `call`: a `.eval()`/`.train()` call; `helper`: a call of a function that switches the mode inside; `built`: the constructor. */
  kind: 'call' | 'helper' | 'built';
  /** The call in `scope`: the mode call, the helper call, or the constructor. */
  call: CallExpr;
  scope: Scope;
  /** The mode call or constructor itself (inside the helper for `helper`). */
  inner: { call: CallExpr; scope: Scope };
  /** The call in `scope` that leads to the analysed site (the site itself, or the call of the function it is in). */
  probe: CallExpr;
  /** The object's name in `scope`. */
  key: string;
}

type Slot = Mode | 'entry';
type State = Map<Slot, ModeOrigin | undefined>;
export type ModeSet = Map<Mode, ModeOrigin | undefined>;

const NONE: State = new Map();

function join(a: State, b: State): State {
  if (!a.size) return b;
  if (!b.size || a === b) return a;
  // (states are never changed once made: when `b` adds nothing, `a` itself; a loop's second pass mostly adds nothing)
  let adds = false;
  for (const [k, v] of b)
    if (!a.has(k) || (a.get(k) === undefined && v)) {
      adds = true;
      break;
    }
  if (!adds) return a;
  const out = new Map(a);
  for (const [k, v] of b) if (!out.has(k) || (out.get(k) === undefined && v)) out.set(k, v);
  return out;
}

function only(mode: Slot, origin?: ModeOrigin): State {
  if (origin) return new Map([[mode, origin]]);
  // (a state without an origin is one of four, shared: states are never changed once made)
  let shared = ORIGINLESS.get(mode);
  if (!shared) ORIGINLESS.set(mode, (shared = new Map([[mode, undefined]])));
  return shared;
}

const ORIGINLESS = new Map<Slot, State>();

interface Tag {
  scope: Scope;
  key: string;
  helper: CallExpr | undefined;
}

interface Walker {
  m: PyModule;
  scope: Scope;
  obj: ObjRef;
  /** The state at every call of the walked scope (only for the top-level walk, not inside helpers). */
  recorded: Map<CallExpr, State> | undefined;
  tag: Tag;
  depth: number;
  stack: FunctionInfo[];
  budget: { left: number };
  loops: { breaks: State; continues: State }[];
  returns: State;
  /** Objects that were handed the model (`trainer = Trainer(model)`): their methods may switch it. */
  holders: Set<string>;
  /** What `obj` resolves to, once asked (`relation`). */
  built: { v: ResolvedValue | undefined } | undefined;
  /** What a walk that may be carried into the next version read (see `WalkReads`); shared with its helpers' walks. */
  reads?: WalkReads;
}

/**
 * What a walk of a function read beyond the function's own statement and the module scope's bindings, so that the next
 * version of the module can tell whether the walk still holds there (see `walkScope`): the functions whose bodies it
 * read (helpers entered, a function a helper was looked into for a global), and the questions to the semantic layer
 * whose answers read beyond their own statement (`outsideReadCount`), each with a test that asks it again in another
 * version and compares the answer.
 */
interface WalkReads {
  m: PyModule;
  fns: Set<FunctionInfo>;
  asked: ((m: PyModule) => boolean)[];
  /** The outside reads (`outsideReadCount`) the questions in `asked` made: all of the walk's, or it is not carried. */
  counted: number;
  /** Inside a question being recorded (a question it asks is part of it). */
  inQuestion: number;
  /** It entered a function of another module (whose own links may change while its objects stay): not carried. */
  foreign: boolean;
}

/**
 * Asks the semantic layer a question during a walk: `q` in the walk's module. When the walk is recorded and the
 * answer read beyond its own statement, the question is kept to be asked again, with what the walk used of the answer
 * (`used`: a value or an array of values compared one by one; not the answer itself, which may hold the module scope
 * of its version and with it the whole version, for as long as the walk is kept).
 */
function ask<T>(w: Walker, q: (m: PyModule) => T, used: (a: T) => unknown = same): T {
  const r = w.reads;
  if (!r || r.inQuestion || w.m !== r.m) return q(w.m);
  const before = r.m.outsideReadCount;
  r.inQuestion++;
  let v: T;
  try {
    v = q(r.m);
  } finally {
    r.inQuestion--;
  }
  const d = r.m.outsideReadCount - before;
  if (d) {
    r.counted += d;
    const kept = used(v);
    r.asked.push((m) => sameUse(used(q(m)), kept));
  }
  return v;
}

const same = <T>(a: T): unknown => a;

function sameUse(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `helperOf` for a walk: the function's body is read (its object changes when it is edited). */
function helperIn(w: Walker, call: CallExpr, scope: Scope): FunctionInfo | undefined {
  const h = w.reads ? ask(w, (m) => helperOf(m, call, scope)) : helperOf(w.m, call, scope);
  if (h && w.reads) readsBodyOf(w, h);
  return h;
}

function readsBodyOf(w: Walker, fn: FunctionInfo): void {
  const r = w.reads;
  if (!r) return;
  r.fns.add(fn);
  if (fn.scope.module !== r.m) r.foreign = true;
}

/** What a walk reads of an instance: the class of the project it is (the object), or the library class's name. */
const instanceUsed = (a: ReturnType<PyModule['instanceOf']>): unknown => (a ? (a.ref.kind === 'local' ? a.ref.cls : 'external ' + a.ref.qname) : undefined);

function instanceIn(w: Walker, e: Expr): ReturnType<PyModule['instanceOf']> {
  const scope = w.scope;
  if (!w.reads) return w.m.instanceOf(e, scope);
  return ask(w, (m) => m.instanceOf(e, scope), instanceUsed);
}

const MAX_HELPER_DEPTH = 3;
const MAX_CALLER_DEPTH = 4;

function origin(w: Walker, kind: ModeOrigin['kind'], mode: Mode, call: CallExpr): ModeOrigin {
  const helper = w.tag.helper;
  // `probe` is filled in per site by modeAtKey
  return { mode, kind: helper ? 'helper' : kind, call: helper ?? call, scope: w.tag.scope, inner: { call, scope: w.scope }, probe: call, key: w.tag.key };
}

function set(st: State, mode: Mode, o?: ModeOrigin): State {
  return st.size ? only(mode, o) : st;
}

function walkBlock(w: Walker, stmts: Stmt[], st: State): State {
  for (const s of stmts) {
    if (!st.size) return st;
    if (--w.budget.left < 0) return NONE;
    st = walkStmt(w, s, st);
  }
  return st;
}

function applyExprs(w: Walker, es: Expr[], st: State): State {
  for (const e of es) for (const c of callsInOrder(e)) st = applyCall(w, c, st);
  return st;
}

const callsInOrderMemo = new Carried<Expr, CallExpr[]>();

/** Calls of an expression in the order Python runs them: a call ends after its arguments (not inside lambdas). */
function callsInOrder(e: Expr): CallExpr[] {
  let out = callsInOrderMemo.get(e);
  if (!out) callsInOrderMemo.set(e, (out = callsInOrderUncached(e)));
  return out;
}

function callsInOrderUncached(e: Expr): CallExpr[] {
  const calls: CallExpr[] = [];
  const lambdas: Expr[] = [];
  walkExpr(e, (x) => {
    if (x.k === 'call') calls.push(x);
    else if (x.k === 'other' && x.node === 'lambda') lambdas.push(x);
  });
  return calls.filter((c) => !lambdas.some((l) => l.from <= c.from && c.to <= l.to)).sort((a, b) => a.to - b.to);
}

/**
 * Whether a `for` runs its body at least once: over `range(n)` with `n` a positive number on every path (`epochs = 5`,
 * `range(epochs)`), `range(a, b)` of numbers with `b > a`, or a non-empty list or tuple written out.
 */
function runsOnce(m: PyModule, iter: Expr, scope: Scope): boolean {
  if (iter.k === 'seq') return iter.kind !== 'set' && iter.items.length > 0 && !iter.items.some((i) => i.k === 'other' && i.node === 'starred');
  if (iter.k !== 'call' || iter.fn.k !== 'name' || iter.fn.id !== 'range' || iter.star || iter.kwargs.length) return false;
  return rangeCounts(m, iter, scope)?.every((n) => n >= 1) ?? false;
}

/**
 * The counts `range(n)` may run, when `n` is a number on every path (`epochs = 5`, a parameter every caller sets), and
 * `range(start, stop[, step])` runs when each is a constant of the file (`range(1, n_epoch + 1)`): undefined when one
 * of them cannot be read.
 */
export function rangeCounts(m: PyModule, call: CallExpr, scope: Scope): number[] | undefined {
  // `range(1, n_epoch + 1)`, `range(0, 100, 10)`: constants of the file
  if ((call.args.length === 2 || call.args.length === 3) && !call.kwargs.length && !call.star) {
    const [start, stop, step] = call.args.map((a) => constantNumber(m, a, scope));
    const by = call.args.length === 3 ? step : 1;
    if (start === undefined || stop === undefined || by === undefined || by === 0) return undefined;
    return [Math.max(0, Math.ceil((stop - start) / by))];
  }
  if (call.args.length !== 1) return undefined;
  const values = valuesOf(m, call.args[0], scope);
  const counts = values.flatMap((v) => (v.expr.k === 'num' ? [v.expr.value] : []));
  return values.length && counts.length === values.length ? counts : undefined;
}

function runsOnceIn(w: Walker, iter: Expr): boolean {
  const scope = w.scope;
  return w.reads ? ask(w, (m) => runsOnce(m, iter, scope)) : runsOnce(w.m, iter, scope);
}

function walkLoop(w: Walker, body: Stmt[], orelse: Stmt[] | undefined, st: State, infinite: boolean, atLeastOnce = false): State {
  const frame = { breaks: NONE, continues: NONE };
  w.loops.push(frame);
  let entry = st;
  // the states at the end of an iteration: after the loop when it runs at least once (no path skips the body)
  let ends = NONE;
  for (let pass = 0; pass < 2; pass++) {
    const end = join(walkBlock(w, body, entry), frame.continues);
    ends = join(ends, end);
    entry = join(entry, end);
  }
  w.loops.pop();
  let out = infinite ? NONE : atLeastOnce ? ends : entry;
  if (orelse && !infinite) out = walkBlock(w, orelse, out);
  return join(out, frame.breaks);
}

function walkStmt(w: Walker, s: Stmt, st: State): State {
  switch (s.k) {
    case 'assign': {
      if (s.value) st = applyExprs(w, [s.value], st);
      for (const t of s.targets) st = assignTarget(w, t, s.value, undefined, st);
      return st;
    }
    case 'augassign':
      return applyExprs(w, [s.value], st);
    case 'expr':
      return applyExprs(w, [s.expr], st);
    case 'return':
      st = applyExprs(w, s.value ? [s.value] : [], st);
      w.returns = join(w.returns, st);
      return NONE;
    case 'raise':
      applyExprs(w, s.exprs, st);
      return NONE;
    case 'break': {
      const f = w.loops[w.loops.length - 1];
      if (f) f.breaks = join(f.breaks, st);
      return NONE;
    }
    case 'continue': {
      const f = w.loops[w.loops.length - 1];
      if (f) f.continues = join(f.continues, st);
      return NONE;
    }
    case 'if': {
      let cur = st;
      let out = NONE;
      let hasElse = false;
      for (const b of s.branches) {
        if (b.test) cur = applyExprs(w, [b.test], cur);
        else hasElse = true;
        out = join(out, walkBlock(w, b.body.stmts, cur));
      }
      return hasElse ? out : join(out, cur);
    }
    case 'for':
      st = applyExprs(w, [s.iter], st);
      st = assignTarget(w, s.target, undefined, undefined, st);
      return walkLoop(w, s.body.stmts, s.orelse?.stmts, st, false, runsOnceIn(w, s.iter));
    case 'while': {
      st = applyExprs(w, [s.test], st);
      return walkLoop(w, s.body.stmts, s.orelse?.stmts, st, isConst(s.test, 'True') || (s.test.k === 'num' && s.test.value !== 0));
    }
    case 'with': {
      st = applyExprs(
        w,
        s.items.map((i) => i.expr),
        st,
      );
      for (const i of s.items) if (i.alias) st = assignTarget(w, i.alias, undefined, undefined, st);
      return walkBlock(w, s.body.stmts, st);
    }
    case 'try': {
      const [body, ...rest] = s.blocks;
      let out = body ? walkBlock(w, body.stmts, st) : st;
      for (const b of rest) out = join(out, walkBlock(w, b.stmts, join(st, out)));
      return out;
    }
    case 'pass':
    case 'other':
      return applyExprs(w, s.exprs, st);
    default:
      return st; // def, class, import
  }
}

/** Whether a rebinding of the object keeps its mode: `model = model.to(dev)`, `model = DDP(model)`, `accelerator.prepare(model, …)`. */
function keepsMode(w: Walker, value: Expr, index: number | undefined): boolean {
  const related = (e: Expr | undefined): boolean => {
    if (!e) return false;
    const r = relation(w, e);
    return r === 'same' || r === 'parent';
  };
  if (index === undefined && related(value)) return true;
  // `model = model.module`: the model a DataParallel wrapper holds, whose mode the wrapper's `eval()` set
  if (index === undefined && value.k === 'attr' && value.attr === 'module' && related(value.obj)) return true;
  if (value.k !== 'call') return false;
  const q = calleeNameIn(w, value);
  if (q && WRAPPERS.has(canonical(q))) return related(value.args[0]);
  if (acceleratePrepareIn(w, value)) return related(index === undefined ? value.args[0] : value.args[index]);
  // `model = train(model, …)`, where every `return` of the project function hands back the parameter the object went
  // in as (`return model`, or `return model, history` unpacked): the call's walk left the state that object is in
  const helper = helperIn(w, value, w.scope);
  return !!helper && returnsItsArgument(w, value, helper, index);
}

function calleeNameIn(w: Walker, call: CallExpr): string | undefined {
  const scope = w.scope;
  return w.reads ? ask(w, (m) => m.calleeName(call, scope)) : w.m.calleeName(call, scope);
}

function acceleratePrepareIn(w: Walker, call: CallExpr): boolean {
  const scope = w.scope;
  return w.reads ? ask(w, (m) => acceleratePrepare(m, call, scope)) : acceleratePrepare(w.m, call, scope);
}

/** Whether every `return` of a project function gives back the followed object, passed to it as a plain parameter. */
function returnsItsArgument(w: Walker, c: CallExpr, callee: FunctionInfo, index: number | undefined): boolean {
  const obj = keyInCallee(w, c, callee);
  if (!obj || obj.key.includes('.') || obj.key === 'self' || !callee.stmt.params.some((p) => p.name === obj.key)) return false;
  const returned: (Expr | undefined)[] = [];
  const visit = (stmts: Stmt[]): void => {
    for (const st of stmts) {
      if (st.k === 'return') returned.push(st.value);
      else forEachBlock(st, (b) => visit(b.stmts));
    }
  };
  visit(callee.stmt.body.stmts);
  return (
    returned.length > 0 &&
    returned.every((e) => {
      const item = index === undefined ? e : e?.k === 'seq' ? e.items[index] : undefined;
      return item?.k === 'name' && item.id === obj.key;
    })
  );
}

function assignTarget(w: Walker, t: Expr, value: Expr | undefined, index: number | undefined, st: State): State {
  if (t.k === 'seq') {
    t.items.forEach((item, i) => {
      const v = value?.k === 'seq' ? value.items[i] : value;
      st = assignTarget(w, item, v, value?.k === 'seq' ? undefined : i, st);
    });
    return st;
  }
  const tk = objectKey(t);
  if (!tk) return st;
  // `trainer = Trainer(model)`: later calls on `trainer` may switch the model (not the other results of `accelerator.prepare`)
  if (value?.k === 'call' && hasObjectArgument(w, value) && !keepsMode(w, value, index) && !(index !== undefined && acceleratePrepareIn(w, value))) w.holders.add(tk);
  if (tk !== w.obj.key && !w.obj.key.startsWith(tk + '.')) return st;
  if (!st.size) return st;
  if (!value || tk !== w.obj.key) return only('unknown');
  if (keepsMode(w, value, index)) return st;
  if (index !== undefined) return only('unknown');
  const scope = w.scope;
  const facts = w.reads ? ask(w, (m) => modelOf(m, value, scope), (a) => (a ? [a.initial, a.call] : undefined)) : modelOf(w.m, value, scope);
  if (facts && facts.initial !== 'unknown') return only(facts.initial, origin(w, 'built', facts.initial, facts.call));
  return only('unknown');
}

/** Whether a call hands the followed object (or a part of it) to its callee as an argument. */
function hasObjectArgument(w: Walker, c: CallExpr): boolean {
  const key = w.obj.key;
  for (const a of c.args) if (relatedKey(objectKey(a), key)) return true;
  for (const k of c.kwargs) if (relatedKey(objectKey(k.value), key)) return true;
  return false;
}

/** Whether an argument's object key is the followed object, a part of it, or contains it. */
function relatedKey(ak: string | undefined, key: string): boolean {
  return ak !== undefined && (ak === key || key.startsWith(ak + '.') || ak.startsWith(key + '.'));
}

const NEUTRAL_MODULES = ['torch.', 'copy.', 'logging.', 'wandb.', 'pickle.', 'json.', 'numpy.', 'os.', 'time.'];

/** Library code that receives the object without switching its mode (`torch.save(model, p)`, `print(model)`). */
function neutralCallee(w: Walker, c: CallExpr): boolean {
  const scope = w.scope;
  if (w.reads ? ask(w, (m) => isBuiltin(m, c.fn, scope)) : isBuiltin(w.m, c.fn, scope)) return true;
  const q = calleeNameIn(w, c);
  if (q) {
    const cq = canonical(q);
    if (NEUTRAL_MODULES.some((p) => cq.startsWith(p))) return true;
  }
  // Accelerate's methods (prepare, accumulate, unwrap_model, autocast, …) wrap the model without switching it
  if (c.fn.k === 'attr') {
    const inst = instanceIn(w, c.fn.obj);
    return inst?.ref.kind === 'external' && canonical(inst.ref.qname).startsWith('accelerate.');
  }
  return false;
}

/** A function of the project a call runs: same file, or imported from another file of the project. */
export function helperOf(m: PyModule, call: CallExpr, scope: Scope): FunctionInfo | undefined {
  // (the mode walks ask it of every call they pass, for each object and each rule: kept per call, for the module's
  // version and the links of the analysis, as the call sites' own answers are; and, as `siteProjectCallee`'s, into a
  // later analysis or the next version when it asked the linker nothing and names a function the module still has)
  const gen = m.linker?.linkGeneration ?? 0;
  // (a kept answer that read a function's body or another file counts that read again: `outsideReadCount`)
  const kept = helpers.get(call);
  if (kept && kept.scope === scope) {
    if (kept.m === m.id && kept.gen === gen) {
      if (kept.outside) m.noteOutsideRead();
      return kept.v;
    }
    if (kept.local && m.carries(kept.m) && liveFunction(m, kept.v)) {
      kept.m = m.id;
      kept.gen = gen;
      if (kept.outside) m.noteOutsideRead();
      return kept.v;
    }
  }
  const reads = m.linkReadCount;
  const outside = m.outsideReadCount;
  const v = m.projectCallee(call, scope);
  const local = m.linkReadCount === reads;
  if (kept) {
    kept.m = m.id;
    kept.gen = gen;
    kept.scope = scope;
    kept.v = v;
    kept.local = local;
    kept.outside = m.outsideReadCount !== outside;
  } else helpers.set(call, { m: m.id, gen, scope, v, local, outside: m.outsideReadCount !== outside });
  return v;
}

const helpers = new Carried<CallExpr, { m: number; gen: number; scope: Scope; v: FunctionInfo | undefined; local: boolean; outside: boolean }>();

/** Whether code (a function body or a lambda) switches some module's mode itself. */
function switchesModes(code: Stmt[] | Expr): boolean {
  // (asked for the same bodies over and over: every build through a factory of the project asks about its body; an
  // unchanged body is the same IR in the next version)
  const known = switching.get(code);
  if (known !== undefined) return known;
  let found = false;
  const visit = (e: Expr): void => {
    if (e.k === 'call' && e.fn.k === 'attr' && (e.fn.attr === 'eval' || e.fn.attr === 'train')) found = true;
  };
  if (Array.isArray(code)) walkStmtExprs(code, visit);
  else walkExpr(code, visit);
  switching.set(code, found);
  return found;
}

const switching = new WeakMap<Stmt[] | Expr, boolean>();

/** `model.apply(init_weights)` keeps the mode; `model.apply(freeze_bn)` (which calls `m.eval()`) or unknown code may not. */
function applyKeepsMode(w: Walker, c: CallExpr): boolean {
  const f = c.args[0];
  if (f?.k === 'other' && f.node === 'lambda') return !switchesModes(f);
  if (f?.k !== 'name' && f?.k !== 'attr') return false;
  const applied = helperIn(w, { ...c, fn: f, args: [] }, w.scope);
  return !!applied && !switchesModes(applied.stmt.body.stmts);
}

function applyCall(w: Walker, c: CallExpr, st: State): State {
  if (w.recorded) {
    const prev = w.recorded.get(c);
    w.recorded.set(c, prev ? join(prev, st) : st);
  }
  if (!st.size) return st;
  const helper = helperIn(w, c, w.scope);
  if (helper) return applyHelper(w, c, helper, st);
  const fn = c.fn;
  if (fn.k === 'attr') {
    const base = objectKey(fn.obj);
    if (base && w.holders.size && heldBy(w.holders, base)) return set(st, 'unknown');
    const rel = relation(w, fn.obj);
    if ((fn.attr === 'eval' && c.args.length === 0) || fn.attr === 'train') {
      const mode = fn.attr === 'eval' ? 'eval' : trainArgMode(c);
      if (rel === 'same' || rel === 'parent') return set(st, mode, mode === 'unknown' ? undefined : origin(w, 'call', mode, c));
      return rel === 'different' ? st : set(st, 'unknown');
    }
    if (rel !== 'different') {
      if (fn.attr === 'freeze' || fn.attr === 'unfreeze') return set(st, 'unknown');
      if (fn.attr === 'apply') return applyKeepsMode(w, c) ? st : set(st, 'unknown');
      if (rel === 'same' || rel === 'parent') {
        // a method of the project's model class that switches modes inside (`model.freeze_backbone()`)
        const inst = instanceIn(w, fn.obj);
        const method = inst?.ref.kind === 'local' ? inst.ref.cls.module.method(inst.ref.cls, fn.attr) : undefined;
        if (method) readsBodyOf(w, method);
        if (method && switchesModes(method.stmt.body.stmts)) return set(st, 'unknown');
      }
    }
  }
  if (hasObjectArgument(w, c) && !neutralCallee(w, c)) return set(st, 'unknown');
  return st;
}

/** Whether an object is one of the holders or a part of one (`trainer`, `trainer.model`). */
function heldBy(holders: Set<string>, base: string): boolean {
  for (const h of holders) if (base === h || base.startsWith(h + '.')) return true;
  return false;
}

/** The object's name inside a helper it reaches: the parameter it is passed as, `self.x` in a method, or a global. */
function keyInCallee(w: Walker, c: CallExpr, callee: FunctionInfo): ObjRef | undefined {
  const params = callee.stmt.params;
  const offset = callee.cls && params[0]?.name === 'self' ? 1 : 0;
  const paramRef = (p: Param | undefined, argKey: string): ObjRef | undefined => {
    if (!p || p.kind !== 'normal') return undefined;
    const rest = w.obj.key.slice(argKey.length);
    return { key: p.name + rest, expr: rest ? undefined : { k: 'name', id: p.name, from: p.to, to: p.to }, scope: callee.scope };
  };
  const covers = (a: Expr): string | undefined => {
    const ak = objectKey(a);
    return ak !== undefined && (ak === w.obj.key || w.obj.key.startsWith(ak + '.')) ? ak : undefined;
  };
  if (!c.star) {
    for (let i = 0; i < c.args.length; i++) {
      const ak = covers(c.args[i]);
      if (ak) return paramRef(params[i + offset], ak);
    }
  }
  for (const k of c.kwargs) {
    const ak = covers(k.value);
    if (ak) return paramRef(params.find((p) => p.name === k.name), ak);
  }
  const base = w.obj.key.split('.')[0];
  if (base === 'self') return callee.cls && callee.cls === w.scope.cls && callee.scope.module === w.m ? { ...w.obj, scope: callee.scope } : undefined;
  const scope = w.scope;
  const global = w.reads ? ask(w, (m) => m.assignmentsOf(base, scope)[0]?.scope.kind === 'module') : w.m.assignmentsOf(base, scope)[0]?.scope.kind === 'module';
  if (!global || callee.scope.module !== w.m || callee.scope.assigns.has(base)) return undefined;
  // (the functions it looks into are read as helpers are)
  let read: boolean;
  if (w.reads) {
    const seen = new Set<FunctionInfo>();
    read = ask(w, () => reads(callee, base, 0, new Set(), seen));
    for (const f of seen) readsBodyOf(w, f);
  } else read = reads(callee, base);
  if (read) return { ...w.obj, scope: callee.scope };
  return undefined;
}

const namesRead = new WeakMap<FunctionInfo, Set<string>>();

/** Whether a function (or a project function it calls) reads a name: only then can it touch that global. */
function reads(fn: FunctionInfo, name: string, depth = 0, seen = new Set<FunctionInfo>(), looked?: Set<FunctionInfo>): boolean {
  looked?.add(fn);
  let names = namesRead.get(fn);
  if (!names) {
    const found = new Set<string>();
    walkStmtExprs(fn.stmt.body.stmts, (e) => {
      if (e.k === 'name') found.add(e.id);
    });
    namesRead.set(fn, (names = found));
  }
  if (names.has(name)) return true;
  if (depth > 3 || seen.has(fn)) return false;
  seen.add(fn);
  const m = fn.scope.module;
  return m.callsIn(fn.scope).some((c) => {
    const h = helperOf(m, c.call, c.scope);
    return !!h && h.scope.module === m && reads(h, name, depth + 1, seen, looked);
  });
}

function applyHelper(w: Walker, c: CallExpr, callee: FunctionInfo, st: State): State {
  const obj = keyInCallee(w, c, callee);
  if (!obj) return hasObjectArgument(w, c) ? set(st, 'unknown') : st;
  if (w.depth >= MAX_HELPER_DEPTH || w.stack.includes(callee)) return set(st, 'unknown');
  const sub: Walker = {
    m: callee.scope.module,
    scope: callee.scope,
    obj,
    recorded: undefined,
    tag: w.tag.helper ? w.tag : { ...w.tag, helper: c },
    depth: w.depth + 1,
    stack: [...w.stack, callee],
    budget: w.budget,
    loops: [],
    returns: NONE,
    holders: new Set(),
    built: undefined,
    reads: w.reads,
  };
  readsBodyOf(w, callee);
  const end = walkBlock(sub, callee.stmt.body.stmts, st);
  return join(end, sub.returns);
}

/** How the object is named at a call of the function the analysis started in. */
function keyInCaller(fn: FunctionInfo, obj: ObjRef, caller: CallSite): ObjRef | undefined {
  const base = obj.key.split('.')[0];
  const rest = obj.key.slice(base.length);
  const params = fn.stmt.params;
  const pi = params.findIndex((p) => p.name === base);
  if (pi >= 0) {
    if (takesSelf(fn) && pi === 0) return { ...obj, scope: caller.scope }; // self: the caller is a method of the same class
    const p = params[pi];
    if (p.kind !== 'normal') return undefined;
    if (!kwarg(caller.call, p.name) && caller.call.star) return undefined;
    const arg = argumentFor(fn, p, caller.call);
    const ak = arg && objectKey(arg);
    if (!arg || !ak) return undefined;
    return { key: ak + rest, expr: rest ? undefined : stripSelfReturning(arg), scope: caller.scope };
  }
  if (fn.scope.assigns.has(base)) return undefined; // a local variable, unbound on some path
  return { ...obj, scope: caller.scope };
}

/**
 * Walks of a scope for an object, shared by the queries of one rule run: one walk records the state at every
 * call of the scope. Make one per `checkPython` (other files may change between runs).
 */
export class ModeMemo {
  readonly walks = new Map<Scope, Map<string, Map<CallExpr, State> | undefined>>();
  readonly ids = new Map<object, number>();
  /** Statements all walks of a run may visit; past it every answer is `unknown` (huge generated files stay fast). */
  readonly budget = { left: 20000 };
  /** Per scope: where its body stops flowing (see `flowEnd`) and, per name, the statements that rebind it afresh. */
  readonly rebinds = new Map<Scope, { flowEnd: number; byName: Map<string, number[]> }>();
}

/** The index of the first statement of a block after which nothing runs (a `raise`, a `while True`, …), or its length. */
function flowEnd(stmts: Stmt[]): number {
  const i = stmts.findIndex(endsFlow);
  return i < 0 ? stmts.length : i;
}

/** Whether nothing after a statement runs, as the walk sees it (`walkStmt` gives no state); when unsure, true. */
function endsFlow(s: Stmt): boolean {
  switch (s.k) {
    case 'raise':
    case 'return':
    case 'break':
    case 'continue':
      return true;
    case 'while':
      return isConst(s.test, 'True') || s.test.k === 'num';
    case 'if':
      return s.branches.some((b) => !b.test) && s.branches.every((b) => flowEnd(b.body.stmts) < b.body.stmts.length);
    case 'with':
      return flowEnd(s.body.stmts) < s.body.stmts.length;
    case 'try':
      return s.blocks.some((b) => flowEnd(b.stmts) < b.stmts.length);
    default:
      return false;
  }
}

/**
 * Whether a statement of a scope's body rebinds a plain name afresh, so that the mode of what the name holds after it
 * does not depend on anything before it: `model = Net()`, a call that is not handed the name (or anything of it), is
 * not a wrapper that keeps the mode (`DDP(model)`, `accelerator.prepare(…)`, `model.to(dev)`), and runs no project
 * function that could end the flow or touch the name.
 */
function rebindsAfresh(w: Walker, s: Stmt): boolean {
  if (s.k !== 'assign' || s.targets.length !== 1 || s.targets[0].k !== 'name' || s.targets[0].id !== w.obj.key) return false;
  const value = s.value;
  // (what follows does not depend on which object of that name the walk follows: `keepsMode` is false for such a call)
  if (value?.k !== 'call' || objectKey(value) !== undefined || acceleratePrepare(w.m, value, w.scope)) return false;
  const q = w.m.calleeName(value, w.scope);
  if (q && WRAPPERS.has(canonical(q))) return false;
  return callsInOrder(value).every((c) => !hasObjectArgument(w, c) && !helperOf(w.m, c, w.scope));
}

/**
 * Where a walk of `scope` for a plain name can start and stop for the queries at `at`: from the last statement of the
 * body before `at` that rebinds the name afresh (the state after it is the same whatever came before, and nothing
 * before it can stop the flow), to the next such statement (queries after it start from there). A script (or a
 * notebook exported as one) that builds a model in every cell is then walked once, cell by cell, instead of from its
 * first line for every cell's model. The objects handed the old model before (`trainer = Trainer(model)`) are not
 * holders of the new one, and are not carried over. `[0, body.length]` when there is no such statement.
 */
function walkRange(scope: Scope, key: string, walker: () => Walker, at: number, memo: ModeMemo): [number, number] {
  const body = scope.body;
  if (key.includes('.') || !body.length) return [0, body.length];
  let info = memo.rebinds.get(scope);
  if (!info) memo.rebinds.set(scope, (info = { flowEnd: flowEnd(body), byName: new Map() }));
  let rebinds = info.byName.get(key);
  if (!rebinds) {
    rebinds = [];
    const w = walker();
    for (let i = 0; i < info.flowEnd; i++) if (rebindsAfresh(w, body[i])) rebinds.push(i);
    info.byName.set(key, rebinds);
  }
  // the statement holding `at`: the last one starting at or before it
  const holding = firstStartingAt(body, (s) => s.from, at + 1) - 1;
  let start = 0;
  let end = body.length;
  for (const i of rebinds) {
    if (i < holding) start = i;
    else {
      end = i + 1;
      break;
    }
  }
  return [start, end];
}

function walkScope(m: PyModule, scope: Scope, obj: ObjRef, memo: ModeMemo, at: number): Map<CallExpr, State> | undefined {
  let perScope = memo.walks.get(scope);
  if (!perScope) memo.walks.set(scope, (perScope = new Map<string, Map<CallExpr, State> | undefined>()));
  const built = obj.expr && obj.scope.module.resolve(obj.expr, obj.scope)?.expr;
  let id = built ? memo.ids.get(built) : 0;
  if (built && id === undefined) memo.ids.set(built, (id = memo.ids.size + 1));
  // (the walker is made when a walk is to be made: most calls find theirs kept)
  let made: Walker | undefined;
  const walker = (): Walker => (made ??= {
    m,
    scope,
    obj,
    recorded: new Map(),
    tag: { scope, key: obj.key, helper: undefined },
    depth: 0,
    stack: [],
    budget: memo.budget,
    loops: [],
    returns: NONE,
    holders: new Set(),
    built: undefined,
  });
  const [start, end] = walkRange(scope, obj.key, walker, at, memo);
  const cacheKey = `${obj.key}|${id ?? 0}|${start}`;
  if (perScope.has(cacheKey)) return perScope.get(cacheKey);
  if (memo.budget.left <= 0) return undefined;
  const gen = m.linker?.linkGeneration ?? 0;
  // a walk of a function made for an earlier rule run, analysis or version of the module (see `walksKept`)
  const carriable = scope.kind === 'function' && scope.module === m && m.keepsForNext;
  const keptKey = `${obj.key}|${start}|${end}`;
  const keptHere = carriable ? walksKept.get(scope) : undefined;
  const kept = keptHere?.get(keptKey);
  if (kept && kept.built === built && (kept.m === m.id && kept.gen === gen ? true : m.carries(kept.m) && kept.fns.every((f) => f.scope.module === m) && kept.asked.every((a) => a(m)))) {
    kept.m = m.id;
    kept.gen = gen;
    // (what walking would cost: a walk's cost does not depend on the budget left, only whether it completes does)
    memo.budget.left -= kept.cost;
    const out = memo.budget.left < 0 ? undefined : kept.recorded;
    perScope.set(cacheKey, out);
    return out;
  }
  const w = walker();
  const reads: WalkReads | undefined = carriable ? { m, fns: new Set(), asked: [], counted: 0, inQuestion: 0, foreign: false } : undefined;
  w.reads = reads;
  const outside = m.outsideReadCount;
  const budget = w.budget.left;
  walkBlock(w, start === 0 && end === scope.body.length ? scope.body : scope.body.slice(start, end), only('entry'));
  const out = w.budget.left < 0 ? undefined : w.recorded;
  perScope.set(cacheKey, out);
  if (reads && out) {
    // carried only when every read beyond the function's statement was one of the questions kept
    const whole = !reads.foreign && m.outsideReadCount - outside === reads.counted;
    const entry: KeptWalk | undefined = whole ? { m: m.id, gen, built, recorded: out, cost: budget - w.budget.left, fns: [...reads.fns], asked: reads.asked } : undefined;
    if (entry) {
      if (keptHere) keptHere.set(keptKey, entry);
      else walksKept.set(scope, new Map([[keptKey, entry]]));
    } else keptHere?.delete(keptKey);
  }
  return out;
}

/**
 * Walks of a function's scope, kept with the scope (the same object in the next version while the function's statement
 * is unchanged), per object and range of the body: for the version and analysis they were made in (another rule's run
 * takes them over), and carried into a later analysis or the next version when the module scope binds the same way
 * (`PyModule.carries`), the functions whose bodies the walk read are still the module's (an edited one is another
 * object), and each question it asked that read beyond its own statement gets the same answer again (`WalkReads`).
 * A walk with a read it did not keep, or into another file, is not carried. Whoever takes one over pays its cost from
 * the run's budget, so that a rule's answers are those walking again would give.
 */
const walksKept = new Carried<Scope, Map<string, KeptWalk>>();

interface KeptWalk {
  m: number;
  gen: number;
  /** What built the followed object, as `walkScope` resolved it: part of what the walk is for. */
  built: Expr | undefined;
  recorded: Map<CallExpr, State>;
  cost: number;
  fns: FunctionInfo[];
  asked: ((m: PyModule) => boolean)[];
}

function modeAtKey(m: PyModule, site: { call: CallExpr; scope: Scope }, obj: ObjRef, level: number, memo: ModeMemo): State {
  const scope = site.scope;
  if (scope.kind === 'class') return only('unknown');
  const recorded = walkScope(m, scope, obj, memo, site.call.from);
  if (!recorded) return only('unknown');
  let out: State = new Map();
  for (const [k, o] of recorded.get(site.call) ?? NONE) out.set(k, o && { ...o, probe: site.call });
  if (!out.has('entry')) return out;
  out.delete('entry');
  const fn = m.functionOf(scope);
  const callers = fn ? m.callersOf(fn) : [];
  if (!fn || !callers.length || level >= MAX_CALLER_DEPTH) return join(out, only('unknown'));
  for (const caller of callers) {
    const mapped = keyInCaller(fn, obj, caller);
    out = join(out, mapped ? modeAtKey(m, caller, mapped, level + 1, memo) : only('unknown'));
  }
  return out;
}

/**
 * The modes `obj` can be in when `site` runs, each with where it was set. Follows the function the site is in
 * from its start (helpers it calls before are entered, loops run twice so a mode set late in one iteration
 * reaches the next), and where the mode comes from outside, every caller of the function. `unknown` stands for
 * a path the analysis cannot follow (code it cannot see got the object, a mode from a variable). Empty when the
 * site is unreachable. Pass one `memo` for the queries of a rule run.
 */
export function modeAt(m: PyModule, site: { call: CallExpr; scope: Scope }, obj: Expr, memo = new ModeMemo()): ModeSet {
  const key = objectKey(obj);
  const out: ModeSet = new Map();
  if (!key) return out.set('unknown', undefined);
  const st = modeAtKey(m, site, { key, expr: stripSelfReturning(obj), scope: site.scope }, 0, memo);
  for (const [k, v] of st) if (k !== 'entry') out.set(k, v);
  return out;
}

// ------------------------------------------------------------------ gradients and training

const stepLoopCache = new ModuleMemo<Set<LoopInfo['stmt']>>();

/** The innermost loop around a call site. */
export function innermost(s: CallSite): LoopInfo['stmt'] | undefined {
  return s.loops[s.loops.length - 1]?.stmt;
}

/**
 * Loops that run a training step on each of their own iterations: backward and an optimizer step, possibly in helpers.
 * (A question about every loop of the file: counted as a read beyond any statement, `outsideReadCount`.)
 */
export function stepLoops(m: PyModule): Set<LoopInfo['stmt']> {
  m.noteOutsideRead();
  let set = stepLoopCache.get(m);
  if (set) return set;
  set = new Set();
  for (const loop of m.loops) if (stepsEach(m, loop)) set.add(loop.stmt);
  stepLoopCache.set(m, set);
  return set;
}

/**
 * Whether a loop runs backward and an optimizer step on each of its own iterations. Kept per loop and carried into the
 * next version (or a later analysis) with its contents (`perLoop`).
 */
const stepsEach = perLoop((_m, loop, contents): boolean => {
  let backward = false;
  let step = false;
  for (const { site, via } of contents.calls) {
    const own = via ? innermost(via) === loop.stmt && site.loops.length === 0 : innermost(site) === loop.stmt;
    if (!own) continue;
    const g = gradCall(site.scope.module, site);
    if (g?.kind === 'backward') backward = true;
    else if (g?.kind === 'step') step = true;
    else if (!g && scaledStep(site.scope.module, site)) backward = step = true;
  }
  return backward && step;
});

/** Whether code of a scope between two offsets trains: a step loop, a backward call, or a project helper that trains. */
export function trainsBetween(m: PyModule, scope: Scope, from: number, to: number): boolean {
  const loops = stepLoops(m);
  if (m.loopsIn(scope).some((l) => loops.has(l.stmt) && l.stmt.from >= from && l.stmt.to <= to)) return true;
  return m.callsIn(scope).some((s) => {
    if (s.call.from < from || s.call.to > to) return false;
    if (gradCall(m, s)?.kind === 'backward') return true;
    const h = helperOf(m, s.call, s.scope);
    const hm = h?.scope.module;
    return !!h && !!hm && (hm.callsIn(h.scope).some((c) => gradCall(hm, c)?.kind === 'backward') || hm.loopsIn(h.scope).some((l) => stepLoops(hm).has(l.stmt)));
  });
}

/** Whether a call runs as part of a training step: in a step loop, or in a function called from one. */
export function inTraining(m: PyModule, site: CallSite, depth = 0): boolean {
  const loops = stepLoops(m);
  if (site.loops.some((l) => loops.has(l.stmt))) return true;
  const fn = m.functionOf(site.scope);
  if (!fn || depth > 3) return false;
  // an evaluation the training loop calls (`for epoch …: train(…); test(…)`, PyG's and DGL's layout, or a validation
  // every few steps): a function named for it that switches a model to eval mode and runs no backward pass
  if (isEvaluationFunction(fn) && switchesToEval(fn) && !runsBackward(fn)) return false;
  return m.callersOf(fn).some((c) => inTraining(m, c, depth + 1));
}

/** Whether a function switches some model to eval mode itself (`model.eval()`). */
function switchesToEval(fn: FunctionInfo): boolean {
  return fn.scope.module.callsIn(fn.scope).some((s) => s.call.fn.k === 'attr' && s.call.fn.attr === 'eval' && !s.call.args.length && !s.call.kwargs.length);
}

/** Whether a statement of the module switches gradients with `torch.set_grad_enabled(…)`. */
const setsGradEnabled = perModule((m) => m.callSites.some((s) => s.stmt.k === 'expr' && s.call === s.stmt.expr && /set_grad_enabled$/.test(m.siteCallee(s) ?? '')));

/**
 * Whether gradients are off where a call runs: `yes` (a no-grad `with` or decorator, or every caller runs it so),
 * `no` (some path runs it with gradients on), `unknown` (no callers to look at, or `set_grad_enabled` somewhere).
 */
export function gradDisabledAt(m: PyModule, site: CallSite, depth = 0): 'yes' | 'no' | 'unknown' {
  if (underNoGrad(site)) return 'yes';
  const fn = m.functionOf(site.scope);
  if (fn?.stmt.decorators.some((d) => isNoGradContext(m, d, fn.scope.parent ?? m.scope))) return 'yes';
  if (setsGradEnabled(m)) return 'unknown';
  if (!fn) return site.scope.kind === 'module' ? 'no' : 'unknown';
  // a function that runs a backward pass outside no-grad blocks runs with autograd on (or the pass would fail): a
  // trainer's `train()` method whose callers are not in the file
  if (runsBackward(fn)) return 'no';
  // … and so does one that calls a function of the file running one, outside no-grad blocks (an agent's `train()`
  // calling `self.train_one_epoch()` and then `self.validate()`)
  if (m.callsIn(fn.scope).some((c) => !underNoGrad(c) && trainsThrough(m, c))) return 'no';
  const callers = m.callersOf(fn);
  if (!callers.length || depth > 3) return 'unknown';
  const rs = callers.map((c) => gradDisabledAt(m, c, depth + 1));
  return rs.includes('no') ? 'no' : rs.includes('unknown') ? 'unknown' : 'yes';
}

/** Whether a call runs a function of the file that runs a backward pass. */
function trainsThrough(m: PyModule, c: CallSite): boolean {
  const callee = m.siteLocalCallee(c);
  return !!callee && callee.scope.module === m && runsBackward(callee);
}

/** Whether a function calls `backward()` itself, not inside a no-grad block. */
export function runsBackward(fn: FunctionInfo): boolean {
  const m = fn.scope.module;
  return m.callsIn(fn.scope).some((s) => gradCall(m, s)?.kind === 'backward' && !underNoGrad(s));
}

// ------------------------------------------------------------------ data loaders

/**
 * PyTorch's `DataLoader`, and the subclasses of libraries that keep its arguments and its default of no shuffling:
 * PyTorch Geometric's (graph batches), DGL's `GraphDataLoader`, MONAI's.
 */
const LOADERS: ReadonlySet<string> = new Set([
  'torch.utils.data.DataLoader',
  'torch.utils.data.dataloader.DataLoader',
  'torch_geometric.loader.DataLoader',
  'torch_geometric.loader.dataloader.DataLoader',
  'torch_geometric.data.DataLoader',
  'dgl.dataloading.GraphDataLoader',
  'monai.data.DataLoader',
  'monai.data.dataloader.DataLoader',
]);
const isLoaderName = (q: string | undefined): boolean => q !== undefined && LOADERS.has(q);

/** What a `for` loop iterates, without the wrappers: `enumerate(tqdm(loader))` → `loader`; notes `islice`/`zip(range(n), …)` limits. */
export function iterableOf(m: PyModule, iter: Expr, scope: Scope): { expr: Expr; limit: CallExpr | undefined } {
  let e = iter;
  let limit: CallExpr | undefined;
  for (let i = 0; i < 6 && e.k === 'call'; i++) {
    const q = m.calleeName(e, scope) ?? (e.fn.k === 'name' ? e.fn.id : '');
    const name = q.slice(q.lastIndexOf('.') + 1);
    if ((q === 'enumerate' || q === 'iter' || name === 'tqdm' || name === 'track' || q === 'progress_bar') && e.args[0]) e = e.args[0];
    else if (q === 'itertools.islice' && e.args[0]) {
      limit ??= e;
      e = e.args[0];
    } else if (q === 'zip' && e.args.length === 2 && isRangeCall(m, e.args[0], scope)) {
      limit ??= e;
      e = e.args[1];
    } else break;
  }
  return { expr: e, limit };
}

export function isRangeCall(m: PyModule, e: Expr, scope: Scope): boolean {
  return e.k === 'call' && e.fn.k === 'name' && e.fn.id === 'range' && isBuiltin(m, e.fn, scope);
}

/** `valuesOf`'s answers for a parameter, kept with its binding (see `PyModule.paramFact`). Not to be changed by the caller. */
const paramValues = new Carried<Assignment, (KeptParam<readonly Value[]> | undefined)[]>();

type Value = { expr: Expr; scope: Scope };

/**
 * Every value an expression may hold: through assignments and, for parameters, every caller's argument (or the
 * default). Not to be changed by the caller (a parameter's are kept: `paramValues`).
 */
export function valuesOf(m: PyModule, e: Expr, scope: Scope, depth = 0): readonly Value[] {
  if (depth > 5) return [];
  if (e.k === 'name') {
    const a = m.reachingAssignment(e.id, scope, e.from);
    if (!a) return [];
    if (a.via === 'param' && a.param) {
      const fn = m.functionOf(a.scope);
      if (!fn) return [];
      const p = a.param;
      // (every call of the function in the file: beyond the expression's statement)
      m.noteOutsideRead();
      return m.paramFact(paramValues, a, depth, () => {
        const callers = m.callersOf(fn);
        const value = callers.flatMap((c) => {
          const arg = argumentFor(fn, p, c.call);
          if (arg) return valuesOf(m, arg, c.scope, depth + 1);
          return p.default ? valuesOf(m, p.default, a.scope, depth + 1) : [];
        });
        return { value, callers };
      }, (vs) => vs.some((v) => v.scope.kind === 'module'));
    }
    if ((a.via === 'assign' || a.via === 'with') && a.value) {
      const v = assignedValue(a);
      return v ? valuesOf(m, v, a.scope, depth + 1) : [];
    }
    return [];
  }
  if (e.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'self' && scope.cls) {
    return m.attrAssignments(scope.cls, e.attr).flatMap((a) => {
      const v = assignedValue(a);
      return v ? valuesOf(a.scope.module, v, a.scope, depth + 1) : [];
    });
  }
  return [{ expr: e, scope }];
}

/** Whether a loop is an evaluation loop by where it runs: under no-grad, or in an evaluation function (not a step loop). */
export function evaluatesByContext(m: PyModule, loop: LoopInfo): boolean {
  if (stepLoops(m).has(loop.stmt)) return false;
  const fn = m.functionOf(loop.scope);
  if (fn && isEvaluationFunction(fn)) return true;
  if (fn?.stmt.decorators.some((d) => isNoGradContext(m, d, fn.scope.parent ?? m.scope))) return true;
  return m.withsIn(loop.scope).some((w) => w.stmt.body.from <= loop.stmt.from && loop.stmt.to <= w.stmt.body.to && w.stmt.items.some((i) => isNoGradContext(m, i.expr, w.scope)));
}

export interface LoaderFacts {
  call: CallExpr;
  site: CallSite;
  /** The dataset argument. */
  dataset: Expr | undefined;
  /** train / eval when the names, the split and the uses agree; undefined otherwise. */
  role: SplitRole | undefined;
  /** The loader's own name, for messages. */
  name: string | undefined;
  /** What the file's loops and evaluation calls do with it: trained on, evaluated on (empty when unknown). */
  uses: ReadonlySet<SplitRole>;
}

const loaderCache = new ModuleMemo<LoaderFacts[]>();

/**
 * Every `DataLoader(...)` of a module, with the split it serves. The file-wide part is which loops train or evaluate
 * (`stepLoops`, `evaluatesByContext`); what each loop iterates, what each evaluation call is handed and each
 * loader's own name and dataset are facts of their statements, carried into the next version of a file being edited
 * when they read nothing beyond them (`loopIterates`, `evalUses`, `LOADER`).
 */
export function dataLoaders(m: PyModule): LoaderFacts[] {
  const cached = loaderCache.get(m);
  if (cached) return cached;
  const usage = new Map<CallExpr, Set<SplitRole>>();
  const use = (calls: readonly CallExpr[], role: SplitRole): void => {
    for (const c of calls) {
      let s = usage.get(c);
      if (!s) usage.set(c, (s = new Set()));
      s.add(role);
    }
  };
  for (const loop of m.loops) {
    if (loop.stmt.k !== 'for') continue;
    const role: SplitRole | undefined = stepLoops(m).has(loop.stmt) ? 'train' : evaluatesByContext(m, loop) ? 'eval' : undefined;
    if (role) use(loopIterates(m, loop), role);
  }
  const out: LoaderFacts[] = [];
  const n = m.stmts.length;
  // handed to an evaluation function: `evaluate(model, loader)`, `trainer.validate(loader)`
  for (let i = 0; i < n; i++) for (const site of evaluationCalls(m, i)) use(evalUses(m, site), 'eval');
  for (const site of loaderCalls(m)) {
    const own = m.siteFact(site, LOADER, loaderOwn);
    if (!own) continue;
    const used = usage.get(site.call) ?? new Set<SplitRole>();
    const pick = (s: ReadonlySet<SplitRole>): SplitRole | undefined => (s.size === 1 ? [...s][0] : undefined);
    const role = own.roles.size ? pick(own.roles) : pick(used);
    out.push({ call: site.call, site, dataset: own.dataset, role, name: own.name, uses: used });
  }
  loaderCache.set(m, out);
  return out;
}

/**
 * The call sites of a top-level statement that `dataLoaders` reads for what a loader is handed to, by their syntax:
 * calls of a function named for evaluation handed a name or an attribute.
 */
const evaluationCalls = perStatement((_st, sites): CallSite[] =>
  sites.filter((site) => {
    const n = lastName(site.call.fn);
    return n !== undefined && isEvaluationName(n) && (site.call.args.some(isNameOrAttr) || site.call.kwargs.some((k) => isNameOrAttr(k.value)));
  }),
);

const isNameOrAttr = (e: Expr): boolean => e.k === 'name' || e.k === 'attr';

/**
 * The calls of a module that build a loader (`loaderOwn`), in order: of the calls that may (a bare name, or
 * `….DataLoader`: exact, the qualified name of `a.b.X` ends in `.X`), the few that do. See `sitesWhere`.
 */
const loaderCalls = sitesWhere((m, site) => {
  const fn = site.call.fn;
  const n = lastName(fn);
  return n !== undefined && (fn.k === 'name' || n === 'DataLoader' || n === 'GraphDataLoader') && !!m.siteFact(site, LOADER, loaderOwn);
});

/** What a loader call says of itself: its dataset, its name and the splits those name; null for no loader call. */
interface LoaderOwn {
  dataset: Expr | undefined;
  name: string | undefined;
  roles: ReadonlySet<SplitRole>;
}

// (kept with the call site and carried into the next version when it read only the site's statement and the module
// scope: the callee's qualified name, the statement, the dataset's assignments in its function; see `siteSlot`)
const LOADER = siteSlot(() => true, true);

function loaderOwn(m: PyModule, site: CallSite): LoaderOwn | null {
  if (!isLoaderName(m.siteCallee(site))) return null;
  const dataset = argument(site.call, 0, 'dataset');
  const name = loaderName(m, site);
  const roles = new Set<SplitRole>();
  const add = (r: SplitRole | undefined): void => {
    if (r) roles.add(r);
  };
  if (name) add(roleOfName(name));
  if (dataset) for (const r of datasetRoles(m, dataset, site.scope)) add(r);
  return { dataset, name, roles };
}

/**
 * The calls an evaluation call's arguments may hold. Kept per call site and carried into the next version with the
 * values of the arguments that read nothing beyond the site's statement and the module scope; an argument whose values
 * did (a parameter, through its function's callers) is followed again in each version.
 */
function evalUses(m: PyModule, site: CallSite): CallExpr[] {
  const kept = evalArgs.get(site);
  if (kept && (kept.m === m.id || m.carries(kept.m))) {
    kept.m = m.id;
    if (!kept.again.length) return kept.local;
    const out = [...kept.local];
    for (const a of kept.again) for (const v of valuesOf(m, a, site.scope)) if (v.expr.k === 'call') out.push(v.expr);
    return out;
  }
  const local: CallExpr[] = [];
  const again: Expr[] = [];
  const out: CallExpr[] = [];
  for (const a of [...site.call.args, ...site.call.kwargs.map((k) => k.value)]) {
    if (!isNameOrAttr(a)) continue;
    const before = m.outsideReadCount;
    const calls = valuesOf(m, a, site.scope).flatMap((v) => (v.expr.k === 'call' ? [v.expr] : []));
    if (m.outsideReadCount === before) local.push(...calls);
    else again.push(a);
    out.push(...calls);
  }
  evalArgs.set(site, { m: m.id, local, again });
  return out;
}

const evalArgs = new Carried<CallSite, { m: number; local: CallExpr[]; again: Expr[] }>();

/**
 * The calls a `for` loop's iterable may hold (through `enumerate`, `tqdm` and the like, and assignments). Kept with the
 * loop and carried into the next version when working it out read nothing beyond the loop's statement and the module
 * scope (`perObject`).
 */
const loopIterates = perObject((m: PyModule, loop: LoopInfo): readonly CallExpr[] => {
  const calls: CallExpr[] = [];
  if (loop.stmt.k === 'for') for (const v of valuesOf(m, iterableOf(m, loop.stmt.iter, loop.scope).expr, loop.scope)) if (v.expr.k === 'call') calls.push(v.expr);
  return calls;
});

/** The name a loader is known by: its variable, the function that returns it, or its dict key. */
function loaderName(m: PyModule, site: CallSite): string | undefined {
  const s = site.stmt;
  if (s.k === 'assign' && s.value) {
    if (s.value === site.call) return s.targets.map(lastName).find((n) => n !== undefined);
    if (s.value.k === 'dict') {
      const entry = s.value.entries.find((en) => en.value === site.call);
      if (entry?.key?.k === 'str') return entry.key.value;
    }
  }
  if (s.k === 'return' && s.value === site.call) return m.functionOf(site.scope)?.name;
  return undefined;
}

/** The split a dataset expression names: its variable names, `train=False`, `split='val'`, `phase='test'`, `ds['test']`, a path `…/train`. */
function datasetRoles(m: PyModule, e: Expr, scope: Scope, depth = 0): SplitRole[] {
  const out: SplitRole[] = [];
  const push = (r: SplitRole | undefined): void => {
    if (r) out.push(r);
  };
  if (depth > 4) return out;
  const n = lastName(e);
  if (n) push(roleOfName(n));
  if (e.k === 'name') {
    const a = m.reachingAssignment(e.id, scope, e.from);
    if (a && (a.via === 'assign' || a.via === 'with') && a.value) {
      const v = assignedValue(a);
      if (v) out.push(...datasetRoles(m, v, a.scope, depth + 1));
    }
    return out;
  }
  if (e.k === 'subscript') {
    const key = e.index[0];
    if (key?.k === 'str') push(roleOfName(key.value));
    return out;
  }
  if (e.k === 'call') {
    const train = kwarg(e, 'train')?.value;
    if (isConst(train, 'True')) push('train');
    if (isConst(train, 'False')) push('eval');
    for (const k of ['split', 'image_set', 'subset', 'mode', 'phase']) {
      const v = kwarg(e, k)?.value;
      if (v?.k === 'str') push(roleOfName(v.value));
    }
    // a path argument: ImageFolder('data/train'), ImageFolder(os.path.join(root, 'val'))
    for (const a of e.args) {
      const strs = a.k === 'str' ? [a] : a.k === 'call' ? a.args.filter((x) => x.k === 'str') : a.k === 'binop' && a.op === '/' && a.right.k === 'str' ? [a.right] : [];
      for (const s of strs) if (s.k === 'str') push(roleOfName(s.value));
    }
  }
  return out;
}

export type DatasetStyle = 'map' | 'iterable' | 'unknown';

const MAP_STYLE = new Set(['torch.utils.data.TensorDataset', 'torch.utils.data.Subset', 'torch.utils.data.ConcatDataset', 'torch.utils.data.random_split', 'torch.utils.data.dataset.TensorDataset', 'torch.utils.data.dataset.Subset', 'torch.utils.data.dataset.ConcatDataset', 'torch.utils.data.dataset.random_split']);
const MAP_BASES = new Set(['torch.utils.data.Dataset', 'torch.utils.data.dataset.Dataset']);
const ITERABLE_BASES = /^(torch\.utils\.data\.(dataset\.)?IterableDataset|torch\.utils\.data\.(datapipes\.)?.*IterDataPipe|torchdata\.|webdataset\.)/;

/**
 * Whether a dataset is a part of `random_split(...)`: unpacked (`train_ds, val_ds = random_split(full, [n, k])`, also
 * into `self.x` attributes) or indexed (`parts[0]`). Each part is a `Subset`, in an order shuffled once.
 */
export function randomSplitPart(m: PyModule, e: Expr, scope: Scope): boolean {
  const isSplit = (call: CallExpr, s: Scope): boolean => !!s.module.calleeName(call, s)?.endsWith('random_split');
  const parts = unpackedFrom(m, e, scope);
  if (parts.length) return parts.every((p) => isSplit(p.call, p.scope));
  const r = m.resolve(e, scope);
  if (r?.expr.k !== 'subscript') return false;
  const base = r.scope.module.resolve(r.expr.obj, r.scope);
  return base?.expr.k === 'call' && isSplit(base.expr, base.scope);
}

/** Whether a dataset is map-style (indexable, so `shuffle=True` works), iterable, or unknown. */
export function datasetStyle(m: PyModule, e: Expr, scope: Scope, depth = 0): DatasetStyle {
  if (depth > 4) return 'unknown';
  if (randomSplitPart(m, e, scope)) return 'map';
  const r = m.resolve(e, scope);
  if (!r) {
    // `train_set, _ = corrupt_mnist()`: that element of every tuple the project's function returns
    const parts = returnedElements(m, e, scope);
    const styles = parts?.map((x) => datasetStyle(x.scope.module, x.expr, x.scope, depth + 1));
    return styles?.length && styles.every((x) => x === styles[0]) ? styles[0] : 'unknown';
  }
  const v = r.expr;
  const s = r.scope;
  const mod = s.module;
  if (v.k === 'subscript') {
    // load_dataset(...)['train']
    const base = mod.resolve(v.obj, s);
    if (base?.expr.k === 'call' && isHfLoad(mod, base.expr, base.scope)) return hfStyle(base.expr);
    // a PyTorch Geometric dataset sliced (`dataset[:n // 10]`) is a dataset of that class
    return base && isPygDataset(base.scope.module, base.expr, base.scope) ? 'map' : 'unknown';
  }
  if (v.k !== 'call') return 'unknown';
  // `TUDataset(path, name='MUTAG').shuffle()`: a PyTorch Geometric dataset shuffled once is one still
  if (v.fn.k === 'attr' && v.fn.attr === 'shuffle' && isPygDataset(mod, v.fn.obj, s)) return 'map';
  if (isHfLoad(mod, v, s)) return kwarg(v, 'split') ? hfStyle(v) : 'unknown';
  const ref = mod.classOf(v.fn, s);
  if (ref?.kind === 'external') {
    const q = canonical(ref.qname);
    if (q.startsWith('torchvision.datasets.') || q.startsWith('torchaudio.datasets.') || q.startsWith('torch_geometric.datasets.') || MAP_STYLE.has(q) || MONAI_MAP_STYLE.has(q)) return 'map';
    if (ITERABLE_BASES.test(q) || q.startsWith('webdataset.') || q.startsWith('wds.')) return 'iterable';
    if (/^datasets\.Dataset\.from_/.test(q)) return 'map';
    // (an imported name of the project that is no class, `make_dataset` from `data.py`: its builder below)
  } else if (ref?.kind === 'local') return classStyle(ref.cls);
  // a builder of this file or of another file of the project (`train_ds = make_dataset(n)` from `data.py`)
  const callee = mod.projectCallee(v, s);
  if (callee) {
    const styles = callee.scope.module.returns(callee).map((x) => datasetStyle(callee.scope.module, x, callee.scope, depth + 1));
    return styles.length && styles.every((x) => x === styles[0]) ? styles[0] : 'unknown';
  }
  return 'unknown';
}

/**
 * The expressions a name unpacked from a call of a project function (`a, b = f()`) takes: the element at its index of
 * each tuple the function returns; undefined when a return is not a tuple (or the callee is not known).
 */
function returnedElements(m: PyModule, e: Expr, scope: Scope): { expr: Expr; scope: Scope }[] | undefined {
  if (e.k !== 'name') return undefined;
  const a = m.reachingAssignment(e.id, scope, e.from);
  if (a?.via !== 'assign' || a.index === undefined || a.value?.k !== 'call') return undefined;
  const callee = m.projectCallee(a.value, a.scope);
  if (!callee) return undefined;
  const index = a.index;
  const out: { expr: Expr; scope: Scope }[] = [];
  for (const ret of callee.scope.module.returns(callee)) {
    const item = ret.k === 'seq' && !ret.items.some((i) => i.k === 'other') ? ret.items[index] : undefined;
    if (!item) return undefined;
    out.push({ expr: item, scope: callee.scope });
  }
  return out;
}

/** A dataset of PyTorch Geometric's (`TUDataset(…)`, `Planetoid(…)`), shuffled (`.shuffle()`) or sliced. */
function isPygDataset(m: PyModule, e: Expr, scope: Scope, depth = 0): boolean {
  if (depth > 4) return false;
  const r = m.resolve(e, scope);
  if (!r) return false;
  const v = r.expr;
  const mod = r.scope.module;
  if (v.k === 'subscript') return isPygDataset(mod, v.obj, r.scope, depth + 1);
  if (v.k !== 'call') return false;
  if (v.fn.k === 'attr' && v.fn.attr === 'shuffle') return isPygDataset(mod, v.fn.obj, r.scope, depth + 1);
  const ref = mod.classOf(v.fn, r.scope);
  return ref?.kind === 'external' && canonical(ref.qname).startsWith('torch_geometric.datasets.');
}

/** MONAI's map-style datasets (its `IterableDataset`, `GridPatchDataset` and `ShuffleBuffer` iterate). */
const MONAI_MAP_STYLE = new Set(
  ['Dataset', 'CacheDataset', 'PersistentDataset', 'CacheNTransDataset', 'LMDBDataset', 'ArrayDataset', 'ImageDataset', 'ZipDataset', 'SmartCacheDataset'].flatMap((n) => [`monai.data.${n}`, `monai.data.dataset.${n}`]),
);

function isHfLoad(m: PyModule, call: CallExpr, scope: Scope): boolean {
  return m.calleeName(call, scope) === 'datasets.load_dataset';
}

function hfStyle(call: CallExpr): DatasetStyle {
  const streaming = kwarg(call, 'streaming')?.value;
  if (!streaming || isConst(streaming, 'False')) return 'map';
  return isConst(streaming, 'True') ? 'iterable' : 'unknown';
}

function classStyle(cls: ClassInfo): DatasetStyle {
  const m = cls.module;
  if (m.derivesFrom(cls, (q) => ITERABLE_BASES.test(canonical(q)))) return 'iterable';
  if (m.method(cls, '__iter__')) return 'iterable';
  const mapBase = m.derivesFrom(cls, (q) => MAP_BASES.has(canonical(q)) || canonical(q).startsWith('torchvision.datasets.'));
  // any other library base class could be iterable: only trust what we can see
  const otherBase = m.baseClasses(cls).some((b) => b.kind === 'external' && !MAP_BASES.has(canonical(b.qname)) && !canonical(b.qname).startsWith('torchvision.datasets.') && b.qname !== 'object');
  if (otherBase && !mapBase) return 'unknown';
  return m.method(cls, '__getitem__') || mapBase ? 'map' : 'unknown';
}

// ------------------------------------------------------------------ evaluation contexts

export interface EvalContext {
  kind: 'no_grad' | 'function' | 'loader' | 'checkpoint';
  /** The no-grad block, evaluation function, or loop over an evaluation loader. */
  with?: WithInfo;
  fn?: FunctionInfo;
  loop?: LoopInfo;
}

/** The role of the data a `for` loop iterates, from the loaders it may iterate. */
export function loopRole(m: PyModule, loop: LoopInfo): SplitRole | undefined {
  if (loop.stmt.k !== 'for') return undefined;
  const it = iterableOf(m, loop.stmt.iter, loop.scope).expr;
  // `for k in range(len(dataset_val)):` indexing `dataset_val[k]` in its body: a loop over that dataset (DnCNN's
  // `Dataset(train=False)`), whose split its name or its arguments say
  const over = indexedOver(m, loop);
  if (over) {
    const roles = new Set(datasetRoles(m, over, loop.scope));
    return roles.size === 1 ? [...roles][0] : undefined;
  }
  const loaders = dataLoaders(m);
  // `for i in range(n): x = next(val_iter)` with `val_iter = iter(val_loader)`: the loader it draws from
  const drawn = drawnFrom(m, loop);
  if (drawn) {
    const roles = new Set(valuesOf(m, drawn.data, drawn.scope).map((v) => loaders.find((l) => l.call === v.expr)?.role));
    if (roles.size === 1 && !roles.has(undefined)) return [...roles][0];
    const n = lastName(drawn.data);
    return n && /loader|dl|batches|data|ds|set/i.test(n) ? roleOfName(n) : undefined;
  }
  const roles = new Set<SplitRole | undefined>();
  // (through a name that holds an iterator over the loader: `val_iter = iter(val_dataloader)`, then `for batch in val_iter`)
  let named = it;
  const values = valuesOf(m, it, loop.scope).flatMap((v) => {
    const inner = iterableOf(m, v.expr, v.scope).expr;
    if (inner === v.expr) return [v];
    named = inner;
    return valuesOf(m, inner, v.scope);
  });
  for (const v of values) roles.add(loaders.find((l) => l.call === v.expr)?.role);
  if (roles.size === 1 && values.length) return [...roles][0];
  if (!values.length) {
    const n = lastName(named);
    return n && /loader|dl|batches|data|ds|set/i.test(n) ? roleOfName(n) : undefined;
  }
  return undefined;
}

/**
 * The collection a `for i in range(len(x)):` loop goes through, when its body indexes `x` with the loop variable
 * (`x[i]`); undefined for other loops.
 */
export function indexedOver(m: PyModule, loop: LoopInfo): Expr | undefined {
  const st = loop.stmt;
  if (st.k !== 'for' || st.target.k !== 'name' || !isRangeCall(m, st.iter, loop.scope) || st.iter.k !== 'call' || st.iter.args.length !== 1) return undefined;
  const len = st.iter.args[0];
  if (len.k !== 'call' || len.fn.k !== 'name' || len.fn.id !== 'len' || len.args.length !== 1 || !isBuiltin(m, len.fn, loop.scope)) return undefined;
  const x = len.args[0];
  const key = objectKey(x);
  const index = st.target.id;
  let indexed = false;
  walkStmtExprs(st.body.stmts, (e) => {
    if (!indexed && e.k === 'subscript' && objectKey(e.obj) === key && e.index.length === 1 && e.index[0].k === 'name' && e.index[0].id === index) indexed = true;
  });
  return indexed ? x : undefined;
}

/**
 * The data a `for i in range(n):` loop draws its batches from with `next()`: `val_iter = iter(val_loader)` before the
 * loop, `images, labels = next(val_iter)` (or `val_iter.next()`) in its body (crnn.pytorch's `val()`; review 121).
 * Undefined for other loops.
 */
export function drawnFrom(m: PyModule, loop: LoopInfo): { data: Expr; scope: Scope; count: Expr } | undefined {
  const st = loop.stmt;
  if (st.k !== 'for' || !isRangeCall(m, st.iter, loop.scope) || st.iter.k !== 'call' || st.iter.args.length !== 1) return undefined;
  let found: { data: Expr; scope: Scope } | undefined;
  walkStmtExprs(st.body.stmts, (e) => {
    if (found || e.k !== 'call') return;
    // `next(val_iter)`, or the iterator's own `val_iter.next()` (older PyTorch, Python 2)
    const drawnIter = e.fn.k === 'name' && e.fn.id === 'next' && e.args.length === 1 && isBuiltin(m, e.fn, loop.scope) ? e.args[0] : e.fn.k === 'attr' && e.fn.attr === 'next' && !e.args.length ? e.fn.obj : undefined;
    if (!drawnIter) return;
    const it = m.resolve(drawnIter, loop.scope);
    const v = it?.expr;
    if (it && v?.k === 'call' && v.fn.k === 'name' && v.fn.id === 'iter' && v.args.length === 1 && isBuiltin(m, v.fn, it.scope)) found = { data: v.args[0], scope: it.scope };
  });
  return found && { ...found, count: st.iter.args[0] };
}

/** Signs that a no-grad block evaluates (a loss or a metric, evaluation data), not samples or updates a target net. */
function blockEvaluates(m: PyModule, w: WithInfo, site: CallSite): boolean {
  if (withEvaluates.get(w, m, () => blockShowsEvaluation(m, w))) return true;
  return [...site.call.args, ...site.call.kwargs.map((k) => k.value)].some((a) => {
    const n = lastName(a);
    return n !== undefined && roleOfName(n) === 'eval';
  });
}

const withEvaluates = new ObjectMemo<WithInfo, boolean>();

/** The part of `blockEvaluates` that depends on the block only (asked for every forward pass in it). */
function blockShowsEvaluation(m: PyModule, w: WithInfo): boolean {
  for (const s of m.callsWithin(w.stmt.from, w.stmt.to)) {
    if (!s.withs.includes(w)) continue;
    const fn = s.call.fn;
    if (fn.k === 'attr' && (fn.attr === 'argmax' || fn.attr === 'topk')) return true;
    const q = m.siteCallee(s) ?? '';
    if (/^torch\.(argmax|topk)$|^torch\.nn\.functional\.(cross_entropy|nll_loss|mse_loss|l1_loss|binary_cross_entropy(_with_logits)?)$|(^|\.)(accuracy|f1_score|compute_metrics?)$/.test(q)) return true;
    if (fn.k === 'name' || fn.k === 'attr') {
      const n = lastName(fn) ?? '';
      if (/^(criterion|loss_fn|loss_func|lossfn|criterion_\w+)$/.test(n)) return true;
      const h = helperOf(m, s.call, s.scope);
      if (h && isEvaluationFunction(h)) return true;
    }
  }
  return m.loopsWithin(w.stmt.body.from, w.stmt.body.to).some((l) => l.scope === w.scope && loopRole(m, l) === 'eval');
}

/** A `model.load_state_dict(...)` (or `Model.load_from_checkpoint`) for the object before `at` in `scope`, and no training after it. */
function loadedCheckpoint(m: PyModule, scope: Scope, key: string, at: number): boolean {
  const calls = m.callsIn(scope);
  const load = calls.find((s) => {
    if (s.call.from >= at || s.call.fn.k !== 'attr') return false;
    if (s.call.fn.attr === 'load_state_dict') return objectKey(s.call.fn.obj) === key;
    if (s.call.fn.attr === 'load_from_checkpoint' && s.stmt.k === 'assign') return s.stmt.targets.some((t) => objectKey(t) === key);
    return false;
  });
  return !!load && !trainsBetween(m, scope, load.call.to, Number.MAX_SAFE_INTEGER);
}

/** Where a forward pass evaluates: a no-grad block that evaluates, an evaluation function, a loop over evaluation data, inference after loading weights. */
export function evaluationContext(m: PyModule, site: CallSite, key: string): EvalContext | undefined {
  if (inTraining(m, site)) return undefined;
  const fn = m.functionOf(site.scope);
  if (fn?.cls && isFrameworkClass(fn.cls)) return undefined;
  if (fn && fn.name.startsWith('test') && isTestModule(m)) return undefined;
  const w = site.withs.find((x) => x.stmt.items.some((i) => isNoGradContext(m, i.expr, x.scope)));
  if (w && blockEvaluates(m, w, site)) return { kind: 'no_grad', with: w };
  if (fn && isEvaluationFunction(fn)) return { kind: 'function', fn };
  const loop = site.loops.find((l) => loopRole(m, l) === 'eval');
  if (loop) return { kind: 'loader', loop };
  if (loadedCheckpoint(m, site.scope, key, site.call.from)) return { kind: 'checkpoint' };
  return undefined;
}

/** The statements after `stmt` in the block that holds it (searching nested blocks). */
export function statementsAfter(body: Stmt[], stmt: Stmt): Stmt[] | undefined {
  const i = body.indexOf(stmt);
  if (i >= 0) return body.slice(i + 1);
  for (const s of body) {
    let found: Stmt[] | undefined;
    forEachBlock(s, (b) => {
      found ??= statementsAfter(b.stmts, stmt);
    });
    if (found) return found;
  }
  return undefined;
}

/**
 * Where a model's weights are frozen (`model.requires_grad_(False)`, or `p.requires_grad = False` for each of its
 * parameters) and unfrozen (`requires_grad_()`, `= True`), in the file or, given `scope`, in that scope only.
 */
export function requiresGradSwitches(m: PyModule, key: string, scope?: Scope): { off: boolean; on: boolean } {
  let off = false;
  let on = false;
  for (const s of callSitesNamed(m, 'requires_grad_')) {
    const fn = s.call.fn;
    if ((scope && s.scope !== scope) || fn.k !== 'attr' || objectKey(fn.obj) !== key) continue;
    const arg = argument(s.call, 0, 'requires_grad');
    if (arg?.k === 'const' && arg.value === 'False') off = true;
    else on = true;
  }
  for (const { stmt: st, scope: loopScope } of m.loops) {
    // for p in model.parameters(): p.requires_grad = False
    if (scope && loopScope !== scope) continue;
    if (st.k !== 'for' || st.target.k !== 'name' || st.iter.k !== 'call' || st.iter.fn.k !== 'attr' || st.iter.fn.attr !== 'parameters' || objectKey(st.iter.fn.obj) !== key) continue;
    const param = st.target.id;
    walkStmts(st.body.stmts, (b) => {
      if (b.k !== 'assign' || b.value?.k !== 'const' || (b.value.value !== 'False' && b.value.value !== 'True')) return;
      if (b.targets.some((t) => t.k === 'attr' && t.attr === 'requires_grad' && t.obj.k === 'name' && t.obj.id === param)) {
        if (b.value.value === 'False') off = true;
        else on = true;
      }
    });
  }
  return { off, on };
}

// TensorFlow.js facts the rules read: layers and their configs, models (`tf.sequential` + `model.add`,
// `tf.model`), losses, `model.fit`/`fitDataset` calls, tf.data pipelines, tensors and training loops.
// Built on the semantic layer; every query answers `undefined` when the analysis cannot be sure.
import ts from 'typescript';
import { type Binding, type FunctionNode, type TfModule, isFunctionNode, methodOf, numberLiteral, property, strip, within } from './semantic';

export interface LayerFact {
  call: ts.CallExpression;
  /** `dense` for `tf.layers.dense(...)`. */
  kind: string;
  /** The config object literal, when there is one the analysis can read. */
  config: ts.ObjectLiteralExpression | undefined;
  /** Whether the whole config is known (an unmodified object literal, or no config at all). */
  known: boolean;
  /** Whether the config literal is written in the call itself, so an edit there changes this layer only. */
  inline: boolean;
}

export interface ActivationFact {
  /** 'softmax', 'sigmoid', 'linear' (also for no activation), 'relu', … */
  name: string;
  /** The value of the `activation: …` property, when written. */
  value?: ts.Expression;
}

export interface ModelFact {
  /** `tf.sequential(...)` or `tf.model(...)`. */
  creation: ts.CallExpression;
  /** The layer that produces the model's output, when the analysis knows it. */
  last: LayerFact | undefined;
  /** Every layer in order, when all are known (sequential models only). */
  layers: LayerFact[] | undefined;
}

export interface LossFact {
  /** How the file names it: `'categoricalCrossentropy'`, `tf.losses.softmaxCrossEntropy`. */
  label: string;
  expects: 'logits' | 'probabilities';
  family: 'softmax' | 'sigmoid';
}

export interface FitCall {
  call: ts.CallExpression;
  kind: 'fit' | 'fitDataset';
  /** The training inputs (`x` of fit, the dataset of fitDataset). */
  data: ts.Expression | undefined;
  /** The config: an object literal, absent, or something the analysis cannot read. */
  config: ts.ObjectLiteralExpression | 'absent' | 'unknown';
}

/** Layers with an `activation` option that defaults to linear (no activation). */
const LINEAR_BY_DEFAULT = new Set(['dense', 'conv1d', 'conv2d', 'conv3d', 'conv2dTranspose', 'conv3dTranspose', 'separableConv2d', 'depthwiseConv2d']);

/** Losses by the string names model.compile accepts, and by the functions tf exports. */
const LOSSES: Record<string, { expects: 'logits' | 'probabilities'; family: 'softmax' | 'sigmoid' }> = {
  categoricalCrossentropy: { expects: 'probabilities', family: 'softmax' },
  sparseCategoricalCrossentropy: { expects: 'probabilities', family: 'softmax' },
  binaryCrossentropy: { expects: 'probabilities', family: 'sigmoid' },
  'tf.metrics.categoricalCrossentropy': { expects: 'probabilities', family: 'softmax' },
  'tf.metrics.sparseCategoricalCrossentropy': { expects: 'probabilities', family: 'softmax' },
  'tf.metrics.binaryCrossentropy': { expects: 'probabilities', family: 'sigmoid' },
  'tf.losses.logLoss': { expects: 'probabilities', family: 'sigmoid' },
  'tf.losses.softmaxCrossEntropy': { expects: 'logits', family: 'softmax' },
  'tf.losses.sigmoidCrossEntropy': { expects: 'logits', family: 'sigmoid' },
};

/** tf functions that return a new tensor. */
const TENSOR_FUNCTIONS = new Set(
  (
    'tensor tensor1d tensor2d tensor3d tensor4d tensor5d tensor6d scalar zeros ones zerosLike onesLike fill eye linspace range oneHot clone ' +
    'randomNormal randomUniform randomUniformInt truncatedNormal randomGamma randomStandardNormal multinomial ' +
    'add addN sub mul div divNoNan floorDiv mod pow squaredDifference maximum minimum matMul dot outerProduct ' +
    'square sqrt rsqrt exp expm1 log log1p abs neg sign round floor ceil sin cos tan tanh sigmoid relu relu6 elu selu leakyRelu prelu softplus ' +
    'softmax logSoftmax mean sum prod max min argMax argMin all any logSumExp norm concat stack reshape squeeze expandDims transpose tile pad ' +
    'slice gather gatherND reverse cast clipByValue where equal notEqual greater greaterEqual less lessEqual logicalAnd logicalOr logicalNot ' +
    'cumsum conv1d conv2d maxPool avgPool batchNorm dropout einsum stridedSlice broadcastTo mirrorPad'
  ).split(' '),
);
/** tf namespaces whose functions return tensors. */
const TENSOR_NAMESPACES = ['tf.losses.', 'tf.metrics.', 'tf.image.', 'tf.linalg.', 'tf.signal.', 'tf.browser.fromPixels', 'tf.node.decode'];
/** Tensor methods that return a new tensor. */
const TENSOR_METHODS = new Set(
  (
    'add sub mul div matMul square sqrt exp log abs neg mean sum prod max min argMax argMin reshape squeeze expandDims transpose cast clone ' +
    'flatten asScalar as1D as2D as3D as4D slice gather concat softmax logSoftmax sigmoid relu tanh pow mod minimum maximum equal greater less ' +
    'clipByValue toFloat toInt toBool round floor ceil sign norm tile pad reverse dot squaredDifference mulStrict addStrict'
  ).split(' '),
);
/** Tensor methods that read values and return no tensor. */
const READ_METHODS = new Set(['dataSync', 'data', 'arraySync', 'array', 'print', 'bufferSync', 'buffer']);
/** Calls whose callback's intermediate tensors are disposed by tf. */
const MANAGED_CALLEES = new Set(['tf.tidy', 'tf.grad', 'tf.grads', 'tf.valueAndGrad', 'tf.valueAndGrads', 'tf.variableGrads', 'tf.customGrad']);
const MANAGED_METHODS = new Set(['minimize', 'computeGradients']);
/** Model methods that train. */
const TRAIN_METHODS = new Set(['fit', 'fitDataset', 'trainOnBatch']);
/** Model methods that read tensors without taking ownership of them. */
const MODEL_TENSOR_METHODS = new Set(['fit', 'trainOnBatch', 'predict', 'predictOnBatch', 'evaluate', 'apply', 'execute']);
const MODEL_CREATORS = new Set(['tf.sequential', 'tf.model', 'tf.loadLayersModel', 'tf.loadGraphModel']);

export class TfFacts {
  private aliasCache: Map<ts.Expression, Binding[]> | undefined;
  private addCache: Map<ts.CallExpression, ts.CallExpression[]> | undefined;
  private readonly modelCache = new Map<ts.CallExpression, { fact: ModelFact; escapes: ts.Node[] }>();
  private readonly functionTrains = new Map<ts.Node, boolean>();
  private trainingLoopCache: ts.IterationStatement[] | undefined;
  private fitCache: FitCall[] | undefined;
  private layerCache: LayerFact[] | undefined;
  private tfBindings: Binding[] | undefined;

  constructor(readonly m: TfModule) {}

  /** A string an expression evaluates to (a literal, or a variable holding one). */
  stringOf(e: ts.Expression | undefined): string | undefined {
    const v = e && this.m.valueOf(e);
    return v && ts.isStringLiteralLike(v) ? v.text : undefined;
  }

  numberOf(e: ts.Expression | undefined): { value: number; literal: ts.Expression } | undefined {
    const v = e && this.m.valueOf(e);
    const n = numberLiteral(v);
    return n === undefined || !v ? undefined : { value: n, literal: v };
  }

  /** The object literal an expression evaluates to, if it is one that nothing modifies. */
  objectOf(e: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
    const v = e && this.m.valueOf(e);
    return v && ts.isObjectLiteralExpression(v) && !this.m.isMutated(e) ? v : undefined;
  }

  /** The config argument of a call: the object literal, absent, or unknown. */
  config(call: ts.CallExpression, index: number): ts.ObjectLiteralExpression | 'absent' | 'unknown' {
    const a = call.arguments[index];
    if (!a) return call.arguments.some(ts.isSpreadElement) ? 'unknown' : 'absent';
    return this.objectOf(a) ?? 'unknown';
  }

  // ---- layers and models ----

  layerOf(e: ts.Expression | undefined): LayerFact | undefined {
    const v = e && this.m.valueOf(e);
    if (!v || !ts.isCallExpression(v)) return undefined;
    const q = this.m.tfCallee(v);
    if (!q?.startsWith('tf.layers.')) return undefined;
    const kind = q.slice('tf.layers.'.length);
    if (kind.includes('.')) return undefined;
    const arg = v.arguments[0];
    if (!arg) return { call: v, kind, config: undefined, known: true, inline: false };
    const config = this.objectOf(arg);
    return { call: v, kind, config, known: !!config, inline: !!config && strip(arg) === config };
  }

  /** Every `tf.layers.*(...)` call of the file. */
  layers(): LayerFact[] {
    this.layerCache ??= this.m.calls.flatMap((s) => (this.m.tfCallee(s.call)?.startsWith('tf.layers.') ? (this.layerOf(s.call) ?? []) : []));
    return this.layerCache;
  }

  activationOf(layer: LayerFact): ActivationFact | undefined {
    if (layer.kind === 'softmax') return { name: 'softmax' };
    if (!layer.known) return undefined;
    const p = layer.config ? property(layer.config, 'activation') : { kind: 'absent' as const };
    if (p.kind === 'unknown') return undefined;
    if (p.kind === 'absent') return LINEAR_BY_DEFAULT.has(layer.kind) ? { name: 'linear' } : undefined;
    const name = this.stringOf(p.value);
    if (name === undefined || (layer.kind !== 'activation' && !LINEAR_BY_DEFAULT.has(layer.kind))) return undefined;
    return { name, value: p.value };
  }

  /**
   * Whether an expression is a model built in this file (`tf.sequential`, `tf.model`), with what is known of it
   * when it is used at `at` (a compile call): code the analysis does not see may change the model only if the
   * model reaches it before that point.
   */
  modelOf(e: ts.Expression | undefined, at?: ts.Node): ModelFact | undefined {
    const v = e && this.m.valueOf(e);
    if (!v || !ts.isCallExpression(v)) return undefined;
    const q = this.m.tfCallee(v);
    if (q !== 'tf.sequential' && q !== 'tf.model') return undefined;
    let entry = this.modelCache.get(v);
    if (!entry) {
      entry = { fact: q === 'tf.sequential' ? this.sequential(v) : this.functional(v), escapes: this.escapeSites(v) };
      this.modelCache.set(v, entry);
    }
    const seen = entry.escapes.filter((site) => !(at && this.runsAfter(site, at)));
    return seen.length ? { creation: v, last: undefined, layers: undefined } : entry.fact;
  }

  private sequential(creation: ts.CallExpression): ModelFact {
    const unknown: ModelFact = { creation, last: undefined, layers: undefined };
    const cfg = this.config(creation, 0);
    if (cfg === 'unknown') return unknown;
    let initial: (LayerFact | undefined)[] = [];
    if (cfg !== 'absent') {
      const p = property(cfg, 'layers');
      if (p.kind === 'unknown') return unknown;
      if (p.kind === 'found') {
        const list = this.m.valueOf(p.value);
        if (!list || !ts.isArrayLiteralExpression(list) || list.elements.some(ts.isSpreadElement)) return unknown;
        initial = list.elements.map((el) => this.layerOf(el));
      }
    }
    const adds = this.addsTo(creation);
    const added = adds.map((a) => this.layerOf(a.arguments[0]));
    const all = [...initial, ...added];
    // adds in several functions: their order in the file need not be the order they run in
    if (new Set(adds.map((a) => this.m.callSite(a)?.fn)).size > 1) return unknown;
    const lastAdd = adds[adds.length - 1];
    const last = lastAdd && isConditional(lastAdd) ? undefined : all[all.length - 1];
    const layers = all.every((l): l is LayerFact => !!l) && !adds.some(isConditional) ? all : undefined;
    return { creation, last, layers };
  }

  private functional(creation: ts.CallExpression): ModelFact {
    const cfg = this.config(creation, 0);
    const out = cfg !== 'absent' && cfg !== 'unknown' ? property(cfg, 'outputs') : undefined;
    const v = out?.kind === 'found' ? this.m.valueOf(out.value) : undefined;
    const apply = v && ts.isCallExpression(v) ? methodOf(v) : undefined;
    const last = apply?.name === 'apply' ? this.layerOf(apply.receiver) : undefined;
    return { creation, last, layers: undefined };
  }

  /** `model.add(layer)` calls on a model, in source order. */
  private addsTo(creation: ts.CallExpression): ts.CallExpression[] {
    if (!this.addCache) {
      this.addCache = new Map();
      for (const site of this.m.calls) {
        const mo = methodOf(site.call);
        if (mo?.name !== 'add') continue;
        const target = this.m.valueOf(mo.receiver);
        if (!target || !ts.isCallExpression(target)) continue;
        const list = this.addCache.get(target) ?? [];
        list.push(site.call);
        this.addCache.set(target, list);
      }
    }
    return this.addCache.get(creation) ?? [];
  }

  /** Variables whose value is this expression (`const model = tf.sequential()` and its aliases). */
  aliasesOf(value: ts.Expression): Binding[] {
    if (!this.aliasCache) {
      this.aliasCache = new Map();
      for (const b of this.m.bindings()) {
        const bv = this.m.bindingValue(b);
        const v = bv && this.m.valueOf(bv);
        if (!v) continue;
        const list = this.aliasCache.get(v) ?? [];
        list.push(b);
        this.aliasCache.set(v, list);
      }
    }
    return this.aliasCache.get(value) ?? [];
  }

  /**
   * Where a model may reach code the analysis does not follow: stored in a property or a collection, returned
   * from a function whose callers are not followed, or passed to a function that may add layers.
   */
  private escapeSites(value: ts.Expression): ts.Node[] {
    const sites: ts.Expression[] = [value, ...this.aliasesOf(value).flatMap((b) => b.refs)];
    return sites.filter((site) => {
      const { node, parent } = context(site);
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return false;
      if (ts.isVariableDeclaration(parent) && parent.initializer === node) return !ts.isIdentifier(parent.name);
      if (ts.isBinaryExpression(parent) && parent.right === node) return parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(strip(parent.left));
      if (ts.isExpressionStatement(parent)) return false;
      if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) {
        const fn = ts.isArrowFunction(parent) ? parent : enclosingFunctionNode(parent);
        return !fn || !this.m.calledOnce(fn);
      }
      if (ts.isCallExpression(parent) && isArgument(parent, node)) {
        if (this.m.tfCallee(parent)) return false;
        const callee = strip(parent.expression);
        if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'console') return false;
        const fn = this.m.functionOf(parent.expression);
        return !fn || this.addsLayers(fn);
      }
      return true;
    });
  }

  /**
   * Whether `site` surely runs after `at`, once: later in the same function, or later than the call of the
   * function (called once) that `at` is in.
   */
  private runsAfter(site: ts.Node, at: ts.Node, depth = 0): boolean {
    if (depth > 4 || repeats(at)) return false;
    const fn = enclosingFunctionNode(at);
    if (fn === enclosingFunctionNode(site)) return site.pos >= at.end;
    const ref = fn && this.m.calledOnce(fn) ? this.m.functionBinding(fn)?.refs[0] : undefined;
    return !!ref && this.runsAfter(site, ref.parent, depth + 1);
  }

  /** Whether a same-file function adds layers to something. */
  private addsLayers(fn: FunctionNode): boolean {
    return this.m.callsWithin(fn).some((c) => methodOf(c.call)?.name === 'add' && !!this.layerOf(c.call.arguments[0]));
  }

  /** Whether an expression may be a model: false only for values that clearly are something else. */
  mayBeModel(e: ts.Expression): boolean {
    const v = this.m.valueOf(e);
    if (!v) return true;
    if (ts.isCallExpression(v)) {
      const q = this.m.tfCallee(v);
      return !q || MODEL_CREATORS.has(q);
    }
    return !(ts.isNewExpression(v) || ts.isObjectLiteralExpression(v) || ts.isArrayLiteralExpression(v) || ts.isLiteralExpression(v) || ts.isFunctionLike(v));
  }

  /**
   * Whether code at a node runs once per run of the script: not in a loop or a callback, and inside functions
   * called once (or, with `uncalledOk`, never called in this file, like an exported `buildModel`).
   */
  runsOnce(node: ts.Node, uncalledOk: boolean, depth = 0): boolean {
    if (depth > 4) return false;
    let child: ts.Node = node;
    for (let n = node.parent; n; child = n, n = n.parent) {
      if (ts.isIterationStatement(n, false)) {
        const onceInHeader = (ts.isForOfStatement(n) || ts.isForInStatement(n)) ? child === n.expression || child === n.initializer : ts.isForStatement(n) && child === n.initializer;
        if (!onceInHeader) return false;
      }
      if (!ts.isFunctionLike(n)) continue;
      if (!isFunctionNode(n)) return false;
      const { node: fnExpr, parent } = context(n);
      if (ts.isCallExpression(parent) && parent.expression === fnExpr) return this.runsOnce(parent, uncalledOk, depth + 1); // an IIFE
      // `window.onload = () => …`, `document.addEventListener('DOMContentLoaded', async () => …)`: once per page
      if (isReadyHook(n, true)) return this.runsOnce(parent, uncalledOk, depth + 1);
      const b = this.m.functionBinding(n);
      if (!b) return false;
      // (naming it in an export, `export default train;`, `module.exports = { buildModel }`, exports it, not a call)
      const refs = b.refs.filter((r) => !exportReference(r));
      // never called here: an exported builder runs when its importer calls it; anything else is dead code
      if (refs.length === 0) return uncalledOk && (isExported(n) || refs.length < b.refs.length);
      if (refs.length === 1 && isReadyHook(refs[0], true)) return this.runsOnce(context(refs[0]).parent, uncalledOk, depth + 1);
      const call = refs.length === 1 ? refs[0].parent : readyIdiom(refs);
      return !!call && ts.isCallExpression(call) && refs.includes(call.expression as ts.Identifier) && this.runsOnce(call, uncalledOk, depth + 1);
    }
    return true;
  }

  // ---- losses ----

  /** The loss an expression names: a string for model.compile, a tf loss function, or a wrapper `(y, p) => tf.losses.x(y, p)`. */
  lossOf(e: ts.Expression | undefined): LossFact | undefined {
    if (!e) return undefined;
    const v = this.m.valueOf(e) ?? strip(e);
    if (ts.isStringLiteralLike(v)) {
      const info = LOSSES[v.text];
      return info && !v.text.includes('.') ? { label: `'${v.text}'`, ...info } : undefined;
    }
    const q = this.m.qualify(v);
    if (q && LOSSES[q]) return { label: q, ...LOSSES[q] };
    const fn = this.m.functionOf(v);
    if (!fn || fn.parameters.length !== 2) return undefined;
    const returned = this.m.returned(fn);
    const call = returned.length === 1 ? strip(returned[0]) : undefined;
    if (!call || !ts.isCallExpression(call)) return undefined;
    const inner = this.m.tfCallee(call);
    const pred = call.arguments[1] && strip(call.arguments[1]);
    const param = fn.parameters[1].name;
    if (!inner || !LOSSES[inner] || !pred || !ts.isIdentifier(pred) || !ts.isIdentifier(param) || this.m.bindingOf(pred)?.id !== param) return undefined;
    return { label: inner, ...LOSSES[inner] };
  }

  // ---- training ----

  /** `model.fit(x, y, config)` and `model.fitDataset(ds, config)` calls. */
  fitCalls(): FitCall[] {
    if (this.fitCache) return this.fitCache;
    const out: FitCall[] = (this.fitCache = []);
    for (const site of this.m.calls) {
      const mo = methodOf(site.call);
      if (!mo || (mo.name !== 'fit' && mo.name !== 'fitDataset') || !this.mayBeModel(mo.receiver)) continue;
      const kind = mo.name;
      out.push({ call: site.call, kind, data: site.call.arguments[0], config: this.config(site.call, kind === 'fit' ? 2 : 1) });
    }
    return out;
  }

  /** A call that trains: fit/fitDataset/trainOnBatch on a model, minimize/applyGradients on an optimizer. */
  isTrainingStep(call: ts.CallExpression): boolean {
    const mo = methodOf(call);
    if (!mo) return false;
    if (TRAIN_METHODS.has(mo.name)) return this.mayBeModel(mo.receiver);
    if (mo.name === 'minimize' || mo.name === 'applyGradients') {
      const v = this.m.valueOf(mo.receiver);
      return !v || !ts.isCallExpression(v) || !this.m.tfCallee(v) || this.m.tfCallee(v)?.startsWith('tf.train.') === true;
    }
    return false;
  }

  /** Whether the file trains a model (or builds one for training: compile, an optimizer). */
  isTrainingScript(): boolean {
    return this.m.calls.some((s) => this.isTrainingStep(s.call) || methodOf(s.call)?.name === 'compile' || this.m.tfCallee(s.call)?.startsWith('tf.train.'));
  }

  /** Loops that run a training step each iteration (directly, in a callback, or through same-file functions). */
  trainingLoops(): ts.IterationStatement[] {
    this.trainingLoopCache ??= this.m.loops.filter((loop) => this.trainsIn(loop.statement, 0));
    return this.trainingLoopCache;
  }

  private trainsIn(node: ts.Node, depth: number): boolean {
    return this.m.callsWithin(node).some((c) => {
      if (this.isTrainingStep(c.call)) return true;
      const fn = depth < 2 ? this.m.functionOf(c.call.expression) : undefined;
      if (!fn || within(fn, node)) return false;
      let trains = this.functionTrains.get(fn);
      if (trains === undefined) {
        this.functionTrains.set(fn, false); // recursion
        trains = this.trainsIn(fn, depth + 1);
        this.functionTrains.set(fn, trains);
      }
      return trains;
    });
  }

  // ---- tensors ----

  /** Whether a call returns a new tensor that its caller owns. */
  createsTensor(call: ts.CallExpression): boolean {
    const q = this.m.tfCallee(call);
    if (q) {
      if (TENSOR_FUNCTIONS.has(q.slice(3)) || TENSOR_NAMESPACES.some((ns) => q.startsWith(ns))) return true;
      if (q === 'tf.tidy') {
        const fn = this.m.functionOf(call.arguments[call.arguments.length - 1] ?? call.expression);
        const ret = fn ? this.m.returned(fn) : [];
        return ret.length > 0 && ret.every((r) => this.isTensor(r));
      }
      return false;
    }
    const mo = methodOf(call);
    if (!mo) return false;
    if (TENSOR_METHODS.has(mo.name)) return this.isTensor(mo.receiver);
    if (mo.name === 'predict' || mo.name === 'evaluate') return this.mayBeModel(mo.receiver) && !this.isDataset(mo.receiver);
    // `optimizer.minimize(f, true)` returns the cost; also through a constant (`const returnCost = true`)
    if (mo.name === 'minimize') {
      const flag = call.arguments[1];
      return !!flag && (flag.kind === ts.SyntaxKind.TrueKeyword || this.m.valueOf(flag)?.kind === ts.SyntaxKind.TrueKeyword) && this.isTrainingStep(call);
    }
    return false;
  }

  isTensor(e: ts.Expression): boolean {
    const v = this.m.valueOf(e);
    return !!v && ts.isCallExpression(v) && this.createsTensor(v);
  }

  /** Whether a function is a callback whose intermediate tensors tf disposes (tf.tidy, optimizer.minimize, tf.grad…). */
  isManagedCallback(fn: ts.Node): boolean {
    const { node, parent } = context(fn);
    if (!ts.isCallExpression(parent) || !isArgument(parent, node)) return false;
    const q = this.m.tfCallee(parent);
    if (q) return MANAGED_CALLEES.has(q);
    const mo = methodOf(parent);
    return !!mo && MANAGED_METHODS.has(mo.name);
  }

  /** Whether a node runs inside a managed callback. */
  inManagedCallback(node: ts.Node): boolean {
    for (let n = node.parent; n; n = n.parent) if (isFunctionNode(n) && this.isManagedCallback(n)) return true;
    return false;
  }

  /** How a tensor-valued expression is used by its parent. */
  tensorUse(e: ts.Expression): 'disposes' | 'keeps' | 'reads' | 'binds' | 'unknown' {
    const { node, parent } = context(e);
    if (ts.isExpressionStatement(parent)) return 'reads';
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) return ts.isIdentifier(parent.name) ? 'binds' : 'unknown';
    if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return ts.isIdentifier(strip(parent.left)) ? 'binds' : 'unknown';
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      const call = parent.parent;
      const name = parent.name.text;
      if (!ts.isCallExpression(call) || call.expression !== parent) return name === 'shape' || name === 'dtype' || name === 'size' || name === 'rank' ? 'reads' : 'unknown';
      if (name === 'dispose') return 'disposes';
      return TENSOR_METHODS.has(name) || READ_METHODS.has(name) ? 'reads' : 'unknown';
    }
    // inside an array or object literal handed to tf.dispose / tf.keep
    let arg: ts.Node = node;
    let host: ts.Node = parent;
    while ((ts.isArrayLiteralExpression(host) || ts.isPropertyAssignment(host) || ts.isShorthandPropertyAssignment(host) || ts.isObjectLiteralExpression(host)) && host.parent) {
      arg = host;
      host = host.parent;
    }
    if (ts.isCallExpression(host) && isArgument(host, arg)) {
      const q = this.m.tfCallee(host);
      if (q === 'tf.dispose') return 'disposes';
      if (q === 'tf.keep') return 'keeps';
      if (arg !== node) return 'unknown';
      if (q) return MANAGED_CALLEES.has(q) ? 'unknown' : 'reads';
      const mo = methodOf(host);
      if (mo && TENSOR_METHODS.has(mo.name) && this.isTensor(mo.receiver)) return 'reads';
      if (mo && MODEL_TENSOR_METHODS.has(mo.name) && this.mayBeModel(mo.receiver)) return 'reads';
      if (mo && (mo.name === 'log' || mo.name === 'info') && ts.isIdentifier(mo.receiver) && mo.receiver.text === 'console') return 'reads';
      return 'unknown';
    }
    if (ts.isBinaryExpression(parent) || ts.isTemplateSpan(parent) || ts.isElementAccessExpression(parent) || ts.isIfStatement(parent) || ts.isPrefixUnaryExpression(parent)) return 'reads';
    return 'unknown';
  }

  // ---- tf.data ----

  /** The steps of a tf.data pipeline, from its source (`tf.data.array(...)`) to the expression: undefined if not one. */
  datasetChain(e: ts.Expression | undefined, depth = 0): { source: ts.CallExpression; sourceKind: string; steps: { name: string; call: ts.CallExpression }[] } | undefined {
    const v = e && this.m.valueOf(e);
    if (!v || !ts.isCallExpression(v) || depth > 20) return undefined;
    const q = this.m.tfCallee(v);
    if (q?.startsWith('tf.data.')) return { source: v, sourceKind: q.slice('tf.data.'.length), steps: [] };
    const mo = methodOf(v);
    if (!mo || !DATASET_METHODS.has(mo.name)) return undefined;
    const inner = this.datasetChain(mo.receiver, depth + 1);
    return inner && { ...inner, steps: [...inner.steps, { name: mo.name, call: v }] };
  }

  isDataset(e: ts.Expression): boolean {
    return !!this.datasetChain(e);
  }

  /** The source text that names `tf.<path>` at a node (`tf.callbacks.earlyStopping`, or `callbacks.earlyStopping` with a named import). */
  tfRef(path: string, at: ts.Node): string | undefined {
    const first = path.split('.')[0];
    this.tfBindings ??= this.m.bindings().filter((b) => b.tf);
    for (const b of this.tfBindings) {
      if (this.m.lookupAt(at, b.name) !== b) continue;
      if (b.tf === 'tf') return `${b.name}.${path}`;
      if (b.tf === `tf.${first}`) return [b.name, ...path.split('.').slice(1)].join('.');
      if (b.tf === `tf.${path}`) return b.name;
    }
    // a page script's global `tf`, where nothing of the file's named `tf` is in scope
    return this.m.usesGlobalTf && !this.m.lookupAt(at, 'tf') ? `tf.${path}` : undefined;
  }
}

const DATASET_METHODS = new Set(['batch', 'shuffle', 'map', 'mapAsync', 'filter', 'take', 'skip', 'repeat', 'prefetch', 'concatenate', 'unbatch']);

/** Whether a function is exported where it is declared (`export function f`, `export const f = () => …`). */
function isExported(fn: FunctionNode): boolean {
  const decl = ts.isFunctionDeclaration(fn) ? fn : fn.parent && ts.isVariableDeclaration(fn.parent) ? fn.parent : undefined;
  return !!decl && (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Export) !== 0;
}

/** `module.exports` or `exports`, or a property of either (`module.exports.train`, `exports.train`). */
function isExportsObject(e: ts.Expression): boolean {
  if (ts.isIdentifier(e)) return e.text === 'exports';
  if (!ts.isPropertyAccessExpression(e)) return false;
  if (ts.isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports') return true;
  return isExportsObject(e.expression);
}

/**
 * A name in an export of the module: `export default train;`, `export { train }`, `module.exports = train`,
 * `module.exports = { train }` (or `{ train: train }`), `exports.train = train`.
 */
function exportReference(ref: ts.Identifier): boolean {
  const { node, parent } = context(ref);
  if (ts.isExportAssignment(parent) || ts.isExportSpecifier(parent)) return true;
  let value: ts.Node = node;
  let at: ts.Node = parent;
  if ((ts.isShorthandPropertyAssignment(at) && at.name === ref) || (ts.isPropertyAssignment(at) && at.initializer === node)) {
    const obj = context(at.parent);
    value = obj.node;
    at = obj.parent;
  }
  return ts.isBinaryExpression(at) && at.operatorToken.kind === ts.SyntaxKind.EqualsToken && at.right === value && isExportsObject(at.left);
}

/** The page's own objects, whose load events fire once (an image's `load` fires for every new `src`). */
const PAGE_OBJECTS = new Set(['window', 'document', 'self', 'globalThis']);

/**
 * `document.addEventListener('DOMContentLoaded', run)`, `window.addEventListener('load', run)`, `window.onload = run`
 * (`run` a function's name or the function itself). With `pageOnly`, only on the page's own objects (`window`,
 * `document`): what is handed there runs once per page load.
 */
function isReadyHook(ref: ts.Node, pageOnly = false): boolean {
  const { node, parent } = context(ref);
  const onPage = (target: ts.Expression): boolean => !pageOnly || (ts.isIdentifier(target) && PAGE_OBJECTS.has(target.text));
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return ts.isPropertyAccessExpression(parent.left) && parent.left.name.text === 'onload' && onPage(parent.left.expression);
  }
  if (!ts.isCallExpression(parent) || parent.arguments[1] !== node || !ts.isPropertyAccessExpression(parent.expression)) return false;
  const event = parent.arguments[0];
  return parent.expression.name.text === 'addEventListener' && ts.isStringLiteralLike(event) && (event.text === 'DOMContentLoaded' || event.text === 'load') && onPage(parent.expression.expression);
}

/**
 * The page-ready idiom: the function is called in one branch of an `if` and handed to a page-ready hook in the other
 * (`if (document.readyState !== 'loading') run(); else document.addEventListener('DOMContentLoaded', run);`), so it
 * runs once. The call, when the two references are that.
 */
function readyIdiom(refs: ts.Identifier[]): ts.CallExpression | undefined {
  if (refs.length !== 2) return undefined;
  const called = refs.find((r) => ts.isCallExpression(r.parent) && r.parent.expression === r);
  const hook = refs.find((r) => r !== called && isReadyHook(r));
  if (!called || !hook) return undefined;
  const inside = (outer: ts.Node | undefined, inner: ts.Node): boolean => !!outer && within(inner, outer);
  for (let n: ts.Node | undefined = called.parent; n && !ts.isFunctionLike(n); n = n.parent) {
    if (!ts.isIfStatement(n)) continue;
    const apart = (inside(n.thenStatement, called) && inside(n.elseStatement, hook)) || (inside(n.elseStatement, called) && inside(n.thenStatement, hook));
    if (apart) return called.parent as ts.CallExpression;
  }
  return undefined;
}

export function context(e: ts.Node): { node: ts.Node; parent: ts.Node } {
  let node = e;
  let parent = e.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isTypeAssertionExpression(parent) || ts.isAwaitExpression(parent))) {
    node = parent;
    parent = parent.parent;
  }
  return { node, parent };
}

/** Whether a node runs only under a condition or a variable number of times within its function. */
export function isConditional(node: ts.Node): boolean {
  for (let n = node; n.parent && !ts.isFunctionLike(n.parent) && !ts.isSourceFile(n.parent); n = n.parent) {
    const p = n.parent;
    if (ts.isIfStatement(p) && p.expression !== n) return true;
    if (ts.isConditionalExpression(p) && p.condition !== n) return true;
    if (ts.isBinaryExpression(p) && p.right === n && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(p.operatorToken.kind)) return true;
    if (ts.isIterationStatement(p, false) || ts.isCaseClause(p) || ts.isDefaultClause(p) || ts.isCatchClause(p) || ts.isTryStatement(p)) return true;
  }
  return false;
}

function enclosingFunctionNode(node: ts.Node): FunctionNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionNode(n)) return n;
  return undefined;
}

function isArgument(call: ts.CallExpression, node: ts.Node): boolean {
  return (call.arguments as readonly ts.Node[]).includes(node);
}

/** Whether a node may run several times within one run of its function (it is in a loop there). */
function repeats(node: ts.Node): boolean {
  for (let n = node.parent; n && !ts.isFunctionLike(n); n = n.parent) if (ts.isIterationStatement(n, false)) return true;
  return false;
}

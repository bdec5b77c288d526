// Layer facts: which library layer a module expression is, the layers of an nn.Sequential, which layer or
// function produced a tensor inside forward() (`x = self.drop(F.relu(self.conv(x)))`), and which methods of
// an nn.Module run on its forward path. Rules about layer order (dropout after conv, dropout before
// BatchNorm) and about forward-time behaviour ask these questions.
import type { Expr } from './ir';
import { type CallExpr, type CallSite, type ClassInfo, type FunctionInfo, type PyModule, type Scope, sitesWhere } from './semantic';
import { canonical, isModuleBase } from './torch';

export const BATCH_NORMS = new Set([
  'torch.nn.BatchNorm1d',
  'torch.nn.BatchNorm2d',
  'torch.nn.BatchNorm3d',
  'torch.nn.SyncBatchNorm',
  'torch.nn.LazyBatchNorm1d',
  'torch.nn.LazyBatchNorm2d',
  'torch.nn.LazyBatchNorm3d',
]);

/** Element-wise dropout modules and functions (not the channel-wise Dropout2d/3d). */
export const ELEMENTWISE_DROPOUT_MODULES = new Set(['torch.nn.Dropout', 'torch.nn.AlphaDropout']);
export const DROPOUT_MODULES = new Set(['torch.nn.Dropout', 'torch.nn.Dropout1d', 'torch.nn.Dropout2d', 'torch.nn.Dropout3d', 'torch.nn.AlphaDropout', 'torch.nn.FeatureAlphaDropout']);
export const DROPOUT_FUNCTIONS = new Set([
  'torch.nn.functional.dropout',
  'torch.nn.functional.dropout1d',
  'torch.nn.functional.dropout2d',
  'torch.nn.functional.dropout3d',
  'torch.nn.functional.alpha_dropout',
  'torch.nn.functional.feature_alpha_dropout',
  'torch.dropout',
]);

/** Convolutions whose outputs are spatial feature maps, and the channel-wise dropout that fits them. */
export const SPATIAL_CONVS: Record<string, string> = {
  'torch.nn.Conv2d': 'Dropout2d',
  'torch.nn.Conv3d': 'Dropout3d',
  'torch.nn.ConvTranspose2d': 'Dropout2d',
  'torch.nn.ConvTranspose3d': 'Dropout3d',
  'torch.nn.LazyConv2d': 'Dropout2d',
  'torch.nn.LazyConv3d': 'Dropout3d',
};

/** Layers and functions that keep a feature map's spatial layout (activations, norms, fixed-size pooling). */
const SPATIAL_KEEPING = new Set([
  ...['ReLU', 'ReLU6', 'LeakyReLU', 'ELU', 'SELU', 'CELU', 'GELU', 'SiLU', 'Mish', 'PReLU', 'Hardswish', 'Hardsigmoid', 'Sigmoid', 'Tanh', 'Softplus', 'Identity'].map((n) => 'torch.nn.' + n),
  ...['BatchNorm2d', 'BatchNorm3d', 'SyncBatchNorm', 'InstanceNorm2d', 'InstanceNorm3d', 'GroupNorm', 'LocalResponseNorm', 'MaxPool2d', 'MaxPool3d', 'AvgPool2d', 'AvgPool3d'].map((n) => 'torch.nn.' + n),
  ...['relu', 'relu6', 'leaky_relu', 'elu', 'selu', 'celu', 'gelu', 'silu', 'mish', 'hardswish', 'sigmoid', 'tanh', 'max_pool2d', 'max_pool3d', 'avg_pool2d', 'avg_pool3d', 'batch_norm', 'group_norm', 'instance_norm', 'local_response_norm'].map((n) => 'torch.nn.functional.' + n),
  'torch.relu',
  'torch.sigmoid',
  'torch.tanh',
  'Tensor.relu',
  'Tensor.relu_',
  'Tensor.sigmoid',
  'Tensor.tanh',
  'Tensor.contiguous',
]);

export function keepsSpatialLayout(qname: string): boolean {
  return SPATIAL_KEEPING.has(qname);
}

/** Whether a project class is an nn.Module (directly or through other project classes or torch.nn layers). */
export function isModuleClass(cls: ClassInfo): boolean {
  return cls.module.derivesFrom(cls, (q) => {
    const c = canonical(q);
    return isModuleBase(c) || (c.startsWith('torch.nn.') && /^[A-Z]/.test(c.slice(c.lastIndexOf('.') + 1)));
  });
}

/** `forward()` of a module class and the methods of the class it calls, transitively (`self._block(x)`). */
export function forwardPath(cls: ClassInfo): FunctionInfo[] {
  const fwd = cls.methods.get('forward');
  if (!fwd) return [];
  const out: FunctionInfo[] = [];
  const visit = (fn: FunctionInfo): void => {
    if (out.includes(fn) || fn.cls !== cls) return;
    out.push(fn);
    const m = fn.scope.module;
    for (const s of m.callsIn(fn.scope)) {
      const callee = m.siteLocalCallee(s);
      if (callee) visit(callee);
    }
  };
  visit(fwd);
  return out;
}

/** The library layer class a module expression was built from: `self.conv`, `nn.ReLU()`, a Sequential item. */
export function layerClass(m: PyModule, e: Expr, scope: Scope): { qname: string; ctor: CallExpr; scope: Scope } | undefined {
  if (e.k === 'call') {
    const ref = m.classOf(e.fn, scope);
    return ref?.kind === 'external' ? { qname: canonical(ref.qname), ctor: e, scope } : undefined;
  }
  const inst = m.instanceOf(e, scope);
  if (!inst || inst.ref.kind !== 'external') return undefined;
  return { qname: canonical(inst.ref.qname), ctor: inst.call, scope: inst.scope };
}

export interface LayerStep {
  /** The call that applies the layer or function to a tensor. */
  call: CallExpr;
  scope: Scope;
  /** `torch.nn.Conv2d` for modules, `torch.nn.functional.relu` for functions, `Tensor.relu` for tensor methods. */
  qname: string;
  kind: 'module' | 'function' | 'method';
  /** For modules: where the layer was built. */
  ctor?: CallExpr;
  ctorScope?: Scope;
  /** The tensor the step was applied to. */
  input: Expr | undefined;
}

/** What a call does to a tensor: apply a library layer (`self.conv(x)`), a torch function, or a tensor method. */
export function layerStep(m: PyModule, call: CallExpr, scope: Scope): LayerStep | undefined {
  const fn = call.fn;
  const q = m.qualify(fn, scope);
  if (q && q.startsWith('torch.')) return { call, scope, qname: canonical(q), kind: 'function', input: call.args[0] };
  const layer = layerClass(m, fn, scope);
  if (layer) return { call, scope, qname: layer.qname, kind: 'module', ctor: layer.ctor, ctorScope: layer.scope, input: call.args[0] };
  if (fn.k === 'attr' && !q && !(fn.obj.k === 'name' && fn.obj.id === 'self') && m.instanceOf(fn.obj, scope) === undefined) {
    return { call, scope, qname: 'Tensor.' + fn.attr, kind: 'method', input: fn.obj };
  }
  return undefined;
}

/** The step that produced a tensor: follows the name to the call it was assigned from. */
export function producerOf(m: PyModule, tensor: Expr, scope: Scope): LayerStep | undefined {
  const r = m.resolve(tensor, scope);
  if (!r || r.expr.k !== 'call') return undefined;
  return layerStep(r.scope.module, r.expr, r.scope);
}

export interface SequentialLayer {
  expr: Expr;
  /** The library class of the item, when it is one. */
  qname: string | undefined;
}

/** The `nn.Sequential(…)` calls of a module, in order (the sites `sequentialLayers` reads; see `sitesWhere`). */
export const sequentialSites = sitesWhere((m, site) => {
  const ref = m.siteClass(site);
  return ref?.kind === 'external' && canonical(ref.qname) === 'torch.nn.Sequential';
});

/** The layers of `nn.Sequential(a, b, c)` (also `nn.Sequential(OrderedDict([('a', a), …]))`), in order. */
export function sequentialLayers(m: PyModule, call: CallExpr, scope: Scope, site?: CallSite): SequentialLayer[] | undefined {
  // `site`: the call site of `call` (its class is then asked once per site for all rules)
  const ref = site ? m.siteClass(site) : m.classOf(call.fn, scope);
  if (ref?.kind !== 'external' || canonical(ref.qname) !== 'torch.nn.Sequential' || call.star) return undefined;
  let items = call.args;
  const only = items.length === 1 ? items[0] : undefined;
  if (only?.k === 'call' && only.args.length === 1 && only.args[0].k === 'seq' && /(^|\.)OrderedDict$/.test(m.qualify(only.fn, scope) ?? '')) {
    const pairs = only.args[0].items;
    if (!pairs.every((p) => p.k === 'seq' && p.items.length === 2)) return undefined;
    items = pairs.map((p) => (p.k === 'seq' ? p.items[1] : p));
  }
  return items.map((expr) => ({ expr, qname: expr.k === 'call' ? layerClass(m, expr, scope)?.qname : undefined }));
}

/** How many times a class's methods call `self.<attr>(…)`: a layer applied once can be changed alone. */
export function selfCallCount(cls: ClassInfo, attr: string): number {
  let n = 0;
  for (const f of cls.methods.values())
    for (const s of cls.module.callsIn(f.scope)) {
      const fn = s.call.fn;
      if (fn.k === 'attr' && fn.attr === attr && fn.obj.k === 'name' && fn.obj.id === 'self') n++;
    }
  return n;
}

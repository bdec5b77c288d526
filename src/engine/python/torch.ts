// PyTorch facts over the semantic layer: what a value is (optimizer, loss, model, layer), what activation a
// tensor went through, where the training loops are. Rules ask these questions; they never walk syntax.
import type { Expr, Span, Stmt } from './ir';
import {
  type CallExpr,
  type CallSite,
  type ClassInfo,
  type ClassRef,
  type FunctionInfo,
  type LoopInfo,
  type PyModule,
  type Scope,
  liveFunction,
  argument,
  kwarg,
  memoByName,
  perModule,
  Carried,
  siteSlot,
  walkStmts,
  lastName,
} from './semantic';

// ------------------------------------------------------------------ names

/** Normalises library aliases so rules compare one spelling: `pytorch_lightning` → `lightning.pytorch`. */
export function canonical(qname: string): string {
  // (asked for the same few hundred names hundreds of thousands of times a check: kept, up to a bound)
  return canonicalMemo(qname);
}

const canonicalMemo = memoByName(50_000, canonicalUncached);

function canonicalUncached(qname: string): string {
  if (qname.startsWith('pytorch_lightning.')) return canonical('lightning.pytorch.' + qname.slice('pytorch_lightning.'.length));
  // the module a LightningModule is defined in, by release (`pytorch_lightning.core.lightning.LightningModule` before
  // 1.7, `lightning.pytorch.core.module.LightningModule` after)
  if (qname.endsWith('.LightningModule') && /^lightning\.pytorch\.core(\.lightning|\.module)?\.LightningModule$/.test(qname)) return 'lightning.pytorch.LightningModule';
  if (qname.startsWith('torch.nn.modules.')) {
    // torch.nn.modules.loss.CrossEntropyLoss → torch.nn.CrossEntropyLoss
    const parts = qname.split('.');
    return 'torch.nn.' + parts[parts.length - 1];
  }
  if (qname.startsWith('torch.optim.') && qname.split('.').length === 4 && !qname.startsWith('torch.optim.lr_scheduler.')) {
    // torch.optim.adam.Adam → torch.optim.Adam
    const parts = qname.split('.');
    return 'torch.optim.' + parts[3];
  }
  return qname;
}

export function isModuleBase(qname: string): boolean {
  const q = canonical(qname);
  return q === 'torch.nn.Module' || q === 'lightning.pytorch.LightningModule' || q === 'lightning.LightningModule';
}

const OPTIMIZER_MODULES = [
  'torch.optim.', 'transformers.optimization.', 'bitsandbytes.optim.', 'timm.optim.', 'apex.optimizers.',
  // optimizer packages from PyPI (torch-optimizer, lion-pytorch, adabelief-pytorch, …)
  'torch_optimizer.', 'pytorch_optimizer.', 'lion_pytorch.', 'adabelief_pytorch.', 'adabound.', 'schedulefree.', 'prodigyopt.', 'dadaptation.', 'madgrad.', 'deepspeed.ops.',
];
const NOT_OPTIMIZERS = ['torch.optim.lr_scheduler.', 'torch.optim.swa_utils.'];

export function isOptimizerClass(qname: string): boolean {
  const q = canonical(qname);
  if (NOT_OPTIMIZERS.some((p) => q.startsWith(p))) return false;
  if (q === 'transformers.AdamW' || q === 'timm.optim.create_optimizer_v2' || q === 'timm.optim.create_optimizer') return true;
  return OPTIMIZER_MODULES.some((p) => q.startsWith(p)) && /^[A-Z]/.test(q.slice(q.lastIndexOf('.') + 1));
}

// ------------------------------------------------------------------ values

export interface Fact {
  module: PyModule;
  scope: Scope;
  span: Span;
}

/** The qualified class a value was built from (library classes only), e.g. `torch.optim.Adam`. */
export function externalClassOf(m: PyModule, e: Expr, scope: Scope): { qname: string; call: CallExpr; scope: Scope } | undefined {
  const inst = m.instanceOf(e, scope);
  if (!inst || inst.ref.kind !== 'external') return undefined;
  return { qname: canonical(inst.ref.qname), call: inst.call, scope: inst.scope };
}

/** The last identifier of an expression (`semantic.ts`, which indexes call sites by it). */
export { lastName };

/** Methods named for building an optimizer (`get_optimizer()`, `build_optimizer(cfg)`). */
const OPTIMIZER_BUILDER = /^(get|build|make|create|init|setup)_optimi[sz]er$/i;
const OPTIMIZER_NAME = /^(opt|optim|optimizer|optimiser)([_A-Za-z0-9]*)$|^[A-Za-z0-9]*_?(opt|optim|optimizer|optimiser)$/i;

/** Whether an expression holds an optimizer: built from an optimizer class, or named like one when unknown. */
export function isOptimizer(m: PyModule, e: Expr, scope: Scope, depth = 0): boolean {
  // built by a call of a factory of the project (`build_optimizer(model, cfg)`, here or in another file): an
  // optimizer when its every return value is one
  const inst = m.instanceOf(e, scope);
  if (inst) {
    if (inst.ref.kind === 'external') return isOptimizerClass(inst.ref.qname) || builtOverParameters(inst.call, inst.ref.qname) || returnsOptimizer(inst.scope.module, inst.call, inst.scope, depth);
    return m.derivesFrom(inst.ref.cls, (q) => canonical(q) === 'torch.optim.Optimizer') || wrapsOptimizer(inst.ref.cls, depth);
  }
  const r = m.resolve(e, scope);
  // any other call we cannot read: do not guess
  if (r && r.expr.k === 'call') return returnsOptimizer(r.scope.module, r.expr, r.scope, depth);
  const n = lastName(e);
  return n !== undefined && OPTIMIZER_NAME.test(n) && !/sched/i.test(n);
}

/**
 * A class of another library built over a model's parameters (`Lion(model.parameters(), lr=1e-4)` from a package not
 * listed above): an optimizer, unless its name says it is something else that takes parameters (an average of the
 * weights, `ExponentialMovingAverage(model.parameters())`, a scheduler, a loss).
 */
function builtOverParameters(call: CallExpr, qname: string): boolean {
  const name = qname.slice(qname.lastIndexOf('.') + 1);
  if (!/^[A-Z]/.test(name) || /(sched|lr$|loss|average|ema|swa|clip|norm|module|model|wrapper)/i.test(name) || canonical(qname).startsWith('torch.')) return false;
  const first = call.args[0] ?? kwarg(call, 'params')?.value;
  return first?.k === 'call' && first.fn.k === 'attr' && first.fn.attr === 'parameters' && first.args.length === 0;
}

/**
 * A class of the project that wraps an optimizer (`AdamOptimWrapper`, the Annotated Transformer's `NoamOpt`): its
 * `step()` steps an optimizer it holds (`self.optim.step()`) and clears no gradients itself (a wrapper that also
 * zeroes them is another kind of step, left unknown).
 */
function wrapsOptimizer(cls: ClassInfo, depth: number): boolean {
  const step = cls.methods.get('step');
  if (!step || depth >= 3) return false;
  const mod = cls.module;
  const calls = mod.callsIn(step.scope);
  if (calls.some((c) => c.call.fn.k === 'attr' && c.call.fn.attr === 'zero_grad')) return false;
  return calls.some((c) => c.call.fn.k === 'attr' && c.call.fn.attr === 'step' && !c.call.args.length && c.call.fn.obj.k === 'attr' && isOptimizer(mod, c.call.fn.obj, c.scope, depth + 1));
}

function returnsOptimizer(m: PyModule, call: CallExpr, scope: Scope, depth: number): boolean {
  // (a function of the project, or a method of an object of a class of the project: nanoGPT's
  // `model.configure_optimizers(weight_decay, learning_rate, …)`)
  const fn = depth < 3 ? (m.projectCallee(call, scope) ?? instanceMethod(m, call, scope)) : undefined;
  // (a method the analysis cannot follow, of an object held in a parameter, named for building the optimizer:
  // simple-faster-rcnn's `self.optimizer = self.faster_rcnn.get_optimizer()`; review 118)
  if (!fn) return call.fn.k === 'attr' && OPTIMIZER_BUILDER.test(call.fn.attr);
  const mod = fn.scope.module;
  const values = mod.returns(fn);
  return values.length > 0 && values.every((v) => (v.k === 'call' || v.k === 'name') && isOptimizer(mod, v, fn.scope, depth + 1));
}

// ------------------------------------------------------------------ activations

export type Activation = 'softmax' | 'log_softmax' | 'sigmoid';

export interface ActivationFact extends Fact {
  kind: Activation;
  /** The call that applies the activation, and its input, for fixes that remove it. */
  call: CallExpr | undefined;
  input: Expr | undefined;
  /** Set when the activation is an element of an nn.Sequential. */
  sequentialItem?: { list: CallExpr; index: number };
  /** Describes where the activation is, for messages ("in Net.forward()"). */
  where: string;
  /**
   * Applied through a module (`self.softmax(x)` with `self.softmax = nn.Softmax(dim=1)`, `nn.Softmax(dim=1)(x)`):
   * `call` is the application, whose callee is the module, not an activation function (no rename to `log_softmax`).
   */
  viaModule?: true;
}

const FUNCTIONAL_ACTIVATIONS: Record<string, Activation> = {
  'torch.nn.functional.softmax': 'softmax',
  'torch.softmax': 'softmax',
  'torch.special.softmax': 'softmax',
  'torch.nn.functional.log_softmax': 'log_softmax',
  'torch.log_softmax': 'log_softmax',
  'torch.special.log_softmax': 'log_softmax',
  'torch.sigmoid': 'sigmoid',
  'torch.nn.functional.sigmoid': 'sigmoid',
  'torch.special.expit': 'sigmoid',
};

const MODULE_ACTIVATIONS: Record<string, Activation> = {
  'torch.nn.Softmax': 'softmax',
  'torch.nn.LogSoftmax': 'log_softmax',
  'torch.nn.Sigmoid': 'sigmoid',
};

/** Tensor methods that keep what the values mean (shape and dtype changes). */
const SHAPE_METHODS = new Set(['squeeze', 'unsqueeze', 'view', 'reshape', 'float', 'double', 'half', 'to', 'contiguous', 'flatten', 'permute', 'transpose', 'cpu', 'cuda', 'type']);
const SHAPE_FUNCTIONS = new Set(['torch.squeeze', 'torch.unsqueeze', 'torch.reshape', 'torch.flatten', 'torch.permute', 'torch.transpose']);

/**
 * The activation a tensor expression went through last, if it is certain: a softmax/log_softmax/sigmoid
 * call, a module of those, a model whose forward() returns one on every path, or nn.Sequential ending in one.
 */
export function activationOf(m: PyModule, e: Expr, scope: Scope, depth = 0): ActivationFact | undefined {
  if (depth > 8) return undefined;
  const r = m.resolve(e, scope);
  if (!r || r.expr.k !== 'call') return undefined;
  const call = r.expr;
  const s = r.scope;
  const mod = s.module;
  const here = (kind: Activation, input: Expr | undefined): ActivationFact => ({ kind, module: mod, scope: s, span: call, call, input, where: describeScope(s) });

  // functional forms: F.softmax(x, dim=1), torch.sigmoid(x)
  const q = mod.qualify(call.fn, s);
  if (q) {
    const cq = canonical(q);
    const f = FUNCTIONAL_ACTIVATIONS[cq];
    if (f) return here(f, argument(call, 0, 'input'));
    if (cq === 'torch.log') {
      const inner = call.args[0] && activationOf(mod, call.args[0], s, depth + 1);
      return inner?.kind === 'softmax' ? { ...inner, kind: 'log_softmax' } : undefined;
    }
    if (SHAPE_FUNCTIONS.has(cq) && call.args[0]) return activationOf(mod, call.args[0], s, depth + 1);
  }
  if (call.fn.k === 'attr') {
    const obj = call.fn.obj;
    const attr = call.fn.attr;
    // a module attribute called like a function: self.softmax(x), self.head(x)
    const inst = mod.instanceOf(call.fn, s);
    if (inst) return moduleActivation(mod, inst.ref, inst.call, inst.scope, depth, { call, scope: s });
    if (obj.k === 'name' && obj.id === 'self' && s.cls && mod.method(s.cls, attr)) return undefined;
    // tensor methods: logits.softmax(dim=1), x.sigmoid(), probs.view(-1)
    if (!q || !isLibraryName(q)) {
      if (attr === 'softmax' || attr === 'log_softmax' || attr === 'sigmoid') {
        if (isTensorLike(mod, obj, s)) return here(attr, obj);
        return undefined;
      }
      if (SHAPE_METHODS.has(attr)) return activationOf(mod, obj, s, depth + 1);
    }
    return undefined;
  }
  if (call.fn.k === 'call') {
    // nn.Softmax(dim=1)(x)
    const ref = mod.classOf(call.fn.fn, s);
    if (ref) return moduleActivation(mod, ref, call.fn, s, depth, { call, scope: s });
    return undefined;
  }
  // model(x): the instance's class decides
  const inst = mod.instanceOf(call.fn, s);
  if (inst) return moduleActivation(mod, inst.ref, inst.call, inst.scope, depth);
  return undefined;
}

function isLibraryName(q: string): boolean {
  return q.startsWith('torch.') || q.startsWith('numpy.') || q.startsWith('scipy.') || q.startsWith('jax.');
}

/** Whether an object is plausibly a tensor (not a module, not a class instance of the project). */
function isTensorLike(m: PyModule, e: Expr, scope: Scope): boolean {
  if (e.k === 'name' && e.id === 'self') return false;
  const inst = m.instanceOf(e, scope);
  if (inst) return false;
  return true;
}

/**
 * An activation module: built by `ctor` in `ctorScope`, and `applied` to its input where that call is known
 * (`self.softmax(x)` in `forward()`, the module built in `__init__`; `nn.Softmax(dim=1)(x)`).
 */
function moduleActivation(m: PyModule, ref: ClassRef, ctor: CallExpr, ctorScope: Scope, depth: number, applied?: { call: CallExpr; scope: Scope }): ActivationFact | undefined {
  if (ref.kind === 'external') {
    const q = canonical(ref.qname);
    const k = MODULE_ACTIVATIONS[q];
    if (k) {
      if (applied) {
        const { call, scope } = applied;
        return { kind: k, module: scope.module, scope, span: call, call, input: call.args[0], where: describeScope(scope), viaModule: true };
      }
      return { kind: k, module: ctorScope.module, scope: ctorScope, span: ctor, call: undefined, input: undefined, where: describeScope(ctorScope) };
    }
    if (q === 'torch.nn.Sequential') {
      const last = ctor.args[ctor.args.length - 1];
      if (!last || last.k !== 'call') return undefined;
      const lastRef = ctorScope.module.classOf(last.fn, ctorScope);
      if (lastRef?.kind === 'external') {
        const k2 = MODULE_ACTIVATIONS[canonical(lastRef.qname)];
        if (k2) {
          return {
            kind: k2,
            module: ctorScope.module,
            scope: ctorScope,
            span: last,
            call: undefined,
            input: undefined,
            sequentialItem: { list: ctor, index: ctor.args.length - 1 },
            where: 'the last layer of nn.Sequential',
          };
        }
      }
      if (lastRef) return moduleActivation(ctorScope.module, lastRef, last, ctorScope, depth + 1);
    }
    return undefined;
  }
  void m;
  return forwardActivation(ref.cls, depth + 1);
}

/** The activation a model's forward() applies on every return path. */
export function forwardActivation(cls: ClassInfo, depth = 0): ActivationFact | undefined {
  const m = cls.module;
  const fwd = m.method(cls, 'forward');
  if (!fwd) return undefined;
  const rets = fwd.scope.module.returns(fwd);
  if (!rets.length) return undefined;
  let first: ActivationFact | undefined;
  for (const r of rets) {
    const a = activationOf(fwd.scope.module, r, fwd.scope, depth + 1);
    if (!a) return undefined;
    if (first && first.kind !== a.kind) return undefined;
    first ??= a;
  }
  return first;
}

function describeScope(s: Scope): string {
  if (s.kind === 'function' && s.stmt?.k === 'def') return s.cls ? `${s.cls.name}.${s.stmt.name}()` : `${s.stmt.name}()`;
  return 'module level';
}

// ------------------------------------------------------------------ losses

export type LossKind = 'cross_entropy' | 'nll' | 'bce_with_logits' | 'bce' | 'ctc';

const FUNCTIONAL_LOSSES: Record<string, LossKind> = {
  'torch.nn.functional.cross_entropy': 'cross_entropy',
  'torch.nn.functional.nll_loss': 'nll',
  'torch.nn.functional.binary_cross_entropy_with_logits': 'bce_with_logits',
  'torch.nn.functional.binary_cross_entropy': 'bce',
  'torch.nn.functional.ctc_loss': 'ctc',
};
const MODULE_LOSSES: Record<string, LossKind> = {
  'torch.nn.CrossEntropyLoss': 'cross_entropy',
  'torch.nn.NLLLoss': 'nll',
  'torch.nn.BCEWithLogitsLoss': 'bce_with_logits',
  'torch.nn.BCELoss': 'bce',
  'torch.nn.CTCLoss': 'ctc',
};

export interface LossCall {
  kind: LossKind;
  call: CallExpr;
  /** The prediction argument. */
  input: Expr | undefined;
  /** Where the loss object was built (for module losses), or the functional's callee. */
  ctor: CallExpr | undefined;
  ctorScope: Scope | undefined;
  /** The callee expression naming the loss class or function, for fixes that switch it. */
  calleeName: Expr | undefined;
}

/**
 * False for a name `instanceOf` surely answers nothing for: bound only by a `def`, a `class`, an import or a loop where
 * it is used, or not bound in the file (`print`, `train_one_epoch`, `np`); `instanceOf` follows assignments and
 * parameters only. Asked before it by the questions put to every call of a file, most of whose callees are such names.
 */
export function mayHoldInstance(m: PyModule, e: Expr, scope: Scope): boolean {
  if (e.k !== 'name') return true;
  const a = m.reachingAssignment(e.id, scope, e.from);
  return !!a && (a.via === 'assign' || a.via === 'with' || a.via === 'param');
}

/**
 * `lossCall` of a call site, kept with the site's other answers for the version (the rules ask it of every site) and
 * carried into the next when it read only the site's statement and the module scope (see `siteSlot`).
 */
export function siteLossCall(m: PyModule, site: CallSite): LossCall | undefined {
  return m === site.scope.module ? m.siteFact(site, LOSS_CALL, lossCallOfSite) : lossCall(m, site.call, site.scope);
}

const lossCallOfSite = (m: PyModule, site: CallSite): LossCall | undefined => lossCall(m, site.call, site.scope);
const LOSS_CALL = siteSlot(() => true, true);

/** Whether a call computes a loss, and which. */
export function lossCall(m: PyModule, call: CallExpr, scope: Scope): LossCall | undefined {
  const q = m.qualify(call.fn, scope);
  if (q) {
    const k = FUNCTIONAL_LOSSES[canonical(q)];
    if (k) return { kind: k, call, input: argument(call, 0, k === 'ctc' ? 'log_probs' : 'input'), ctor: undefined, ctorScope: undefined, calleeName: call.fn };
  }
  // criterion(out, y) or nn.CrossEntropyLoss()(out, y)
  let ctor: CallExpr | undefined;
  let ctorScope: Scope | undefined;
  let qname: string | undefined;
  if (call.fn.k === 'call') {
    const ref = m.classOf(call.fn.fn, scope);
    if (ref?.kind === 'external') {
      qname = canonical(ref.qname);
      ctor = call.fn;
      ctorScope = scope;
    }
  } else if (call.fn.k === 'name' || (call.fn.k === 'attr' && call.fn.obj.k === 'name' && call.fn.obj.id === 'self' && scope.cls)) {
    // other callees (`x.view(…)`, `torch.zeros(…)`) never resolve to an object built by a class call
    if (!mayHoldInstance(m, call.fn, scope)) return undefined;
    const inst = externalClassOf(m, call.fn, scope);
    if (inst) {
      qname = inst.qname;
      ctor = inst.call;
      ctorScope = inst.scope;
    }
  }
  const k = qname ? MODULE_LOSSES[qname] : undefined;
  if (!k || !ctor) return undefined;
  return { kind: k, call, input: argument(call, 0, k === 'ctc' ? 'log_probs' : 'input'), ctor, ctorScope, calleeName: ctor.fn };
}

// ------------------------------------------------------------------ training loops

export interface GradCall {
  site: CallSite;
  kind: 'backward' | 'step' | 'zero_grad' | 'grad_none';
  /** For step/zero_grad: the optimizer (or model) expression. */
  target: Expr | undefined;
}

/** Statements like `p.grad = None` or `p.grad.zero_()` that clear gradients by hand. */
function clearsGradByHand(site: CallSite): boolean {
  const fn = site.call.fn;
  return fn.k === 'attr' && (fn.attr === 'zero_' || fn.attr === 'detach_') && fn.obj.k === 'attr' && fn.obj.attr === 'grad';
}

/** Method names a gradient call can have (the qualified name of `a.b.x` ends in `.x`, whatever `canonical` does). */
const GRAD_METHODS = new Set(['backward', 'manual_backward', 'step', 'zero_grad', 'zero_']);

/** Classifies a call as backward / optimizer step / gradient clearing. */
export function gradCall(m: PyModule, site: CallSite): GradCall | undefined {
  // exact pre-filter: other methods and callees that are neither names nor attributes are never gradient calls
  const fn = site.call.fn;
  if (fn.k === 'attr' ? !GRAD_METHODS.has(fn.attr) : fn.k !== 'name') return undefined;
  // (kept per site and version of its module)
  return m === site.scope.module ? m.siteFact(site, GRAD_CALL, gradCallUncached) : gradCallUncached(m, site);
}

// (carried into the next version when it read only the site's statement and the module scope: see `siteSlot`)
const GRAD_CALL = siteSlot(() => true, true);

function gradCallUncached(m: PyModule, site: CallSite): GradCall | undefined {
  const call = site.call;
  const fn = call.fn;
  const q = m.qualify(fn, site.scope);
  if (q && canonical(q) === 'torch.autograd.backward') return { site, kind: 'backward', target: undefined };
  if (fn.k !== 'attr') return undefined;
  switch (fn.attr) {
    case 'backward':
    case 'manual_backward':
      return { site, kind: 'backward', target: fn.obj };
    case 'step': {
      // scaler.step(optimizer) steps the optimizer it is given
      const scaler = externalClassOf(m, fn.obj, site.scope);
      if (scaler && /GradScaler$/.test(scaler.qname)) return { site, kind: 'step', target: call.args[0] };
      // (a scaler the analysis cannot follow, named for one: `scaler`, `grad_scaler`, `ampScaler`; review 129)
      if (/scaler$/i.test(lastName(fn.obj) ?? '') && call.args[0]) return { site, kind: 'step', target: call.args[0] };
      if (!isOptimizer(m, fn.obj, site.scope)) return undefined;
      // optimizer.step(closure) (LBFGS and friends): the closure clears and recomputes the gradients itself
      if (call.args.length || kwarg(call, 'closure')) return undefined;
      return { site, kind: 'step', target: fn.obj };
    }
    case 'zero_grad':
      return { site, kind: 'zero_grad', target: fn.obj };
    case 'zero_':
      return clearsGradByHand(site) ? { site, kind: 'grad_none', target: undefined } : undefined;
    default:
      return undefined;
  }
}

export interface LoopContents {
  /** Calls in the loop body, including those in same-file functions it calls (with the call that led there). */
  calls: { site: CallSite; via: CallSite | undefined }[];
  /** `x.grad = None` assignments seen in the body. */
  clearsByAssignment: boolean;
}

/** Everything a loop executes per iteration, following calls into functions of the same module. */
export function loopContents(m: PyModule, loop: LoopInfo, followDepth = 2): LoopContents {
  if (followDepth !== 2 || m !== loop.scope.module) return contentsOf(m, m.callsInLoop(loop.stmt), loop.stmt.body.stmts, followDepth).contents;
  const gen = m.linker?.linkGeneration ?? 0;
  const kept = contentsKept.get(loop);
  if (kept) {
    if (kept.m === m.id && kept.gen === gen) {
      if (!kept.local) m.noteOutsideRead();
      return kept.contents;
    }
    // (the next version of the file, or a later analysis of this one: see `contentsKept`)
    if (kept.local && m.carries(kept.m) && kept.fns.every((f) => liveFunction(m, f)) && sameNames(methodNames(m), kept.names)) {
      kept.m = m.id;
      kept.gen = gen;
      kept.names = methodNames(m);
      return kept.contents;
    }
  }
  const before = m.outsideReadCount;
  const names = methodNames(m);
  const { contents, fns } = contentsOf(m, m.callsInLoop(loop.stmt), loop.stmt.body.stmts, followDepth);
  const local = m.outsideReadCount === before && fns.every((f) => f.scope.module === m);
  contentsKept.set(loop, { m: m.id, gen, contents, fns, names, local });
  return contents;
}

/**
 * `loopContents`' answers, per loop: for the module's version (its `id`) and analysis (the links' generation), and
 * carried into a later analysis or the next version when working them out read nothing beyond the statements it
 * walked and the module scope (`outsideReadCount`): the loop's own statement (the same object, so unchanged), the
 * functions its calls were followed into (`fns`, all of the module: still its own, so unchanged), and the names of
 * the methods of the module's classes (`names`: a call of a library method, `x.append(…)`, is followed only when a
 * class of the file has a method of that name; a nested class may come with an edit of another function).
 */
const contentsKept = new Carried<LoopInfo, { m: number; gen: number; contents: LoopContents; fns: FunctionInfo[]; names: Set<string>; local: boolean }>();

function sameNames(a: Set<string>, b: Set<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * Everything one call of a function executes: the calls of its body (not of functions nested in it), following calls
 * into functions of the project as `loopContents` does (a `train(epoch)` that steps the scheduler and then runs the
 * batch loop).
 */
export function functionContents(m: PyModule, fn: FunctionInfo, followDepth = 2): LoopContents {
  return contentsOf(m, m.callsIn(fn.scope), fn.stmt.body.stmts, followDepth).contents;
}

/** The contents, and the functions followed into. */
function contentsOf(m: PyModule, direct: CallSite[], stmts: Stmt[], followDepth: number): { contents: LoopContents; fns: FunctionInfo[] } {
  const calls: { site: CallSite; via: CallSite | undefined }[] = [];
  let clearsByAssignment = false;
  const seen = new Set<FunctionInfo>();
  const visitFn = (fn: FunctionInfo, via: CallSite, depth: number): void => {
    if (seen.has(fn) || depth > followDepth) return;
    seen.add(fn);
    const fm = fn.scope.module;
    if (assignsGradNone(fn.stmt.body.stmts)) clearsByAssignment = true;
    for (const s of fm.callsIn(fn.scope)) {
      calls.push({ site: s, via });
      const callee = followedCallee(fm, s);
      if (callee) visitFn(callee, via, depth + 1);
    }
  };
  if (assignsGradNone(stmts)) clearsByAssignment = true;
  for (const s of direct) {
    calls.push({ site: s, via: undefined });
    const callee = followedCallee(m, s);
    if (callee) visitFn(callee, s, 1);
  }
  return { contents: { calls, clearsByAssignment }, fns: [...seen] };
}

/**
 * The function of the project a loop's contents follow a call into: a function of the file, a method of `self`
 * (`localCallee`), or a method of an object built from a class of the project, in this file or another
 * (`trainer.fit_step(x, y)`, `agent.update(batch)`). Not the methods through which nn.Module runs or configures a model (`model.forward(x)`,
 * an override of `train(mode)`): those are no training step of their own; nor an optimizer wrapper's `step()`.
 */
function followedCallee(m: PyModule, s: CallSite): FunctionInfo | undefined {
  const local = m.siteLocalCallee(s);
  if (local) return local;
  const fn = s.call.fn;
  // a function another file of the project defines, imported by name (`from utils import push_and_pull`) or called
  // through its module (`utils.push_and_pull(…)` after `import utils`)
  if (fn.k === 'name' || (fn.k === 'attr' && fn.obj.k === 'name' && fn.obj.id !== 'self' && m.reachingAssignment(fn.obj.id, s.scope, fn.obj.from)?.via === 'import')) {
    const other = m.siteProjectCallee(s);
    if (other || fn.k === 'name') return other;
  }
  if (fn.k !== 'attr' || fn.attr.startsWith('__') || (fn.obj.k === 'name' && fn.obj.id === 'self')) return undefined;
  // (the methods of tensors, containers and loggers every loop calls are not asked about, unless a class of the file
  // has a method of that name)
  if (LIBRARY_METHODS.has(fn.attr) && !methodNames(m).has(fn.attr)) return undefined;
  // a wrapper of an optimizer (`optim.step()`, `optim.zero_grad()` of a class holding one): the call is the step or
  // the clear, as the rules read it, not a helper to look into
  if (gradCall(m, s)) return undefined;
  // (an object built where the call can see it: a name assigned in the scope or the module, `trainer = Trainer(…)`,
  // or an attribute of `self`; not a module, `torch.cuda.synchronize()`, nor a parameter, whose callers would have to
  // be read for every `model.train()` of every loop)
  const base = fn.obj.k === 'attr' ? fn.obj.obj : fn.obj;
  if (base.k !== 'name' || (base.id !== 'self' && m.reachingAssignment(base.id, s.scope, base.from)?.via !== 'assign')) return undefined;
  const method = siteInstanceMethod(m, s);
  if (!method?.cls) return undefined;
  const cls = method.cls;
  if (MODULE_API.has(fn.attr) && cls.module.derivesFrom(cls, (q) => isModuleBase(canonical(q)))) return undefined;
  return method;
}

/** The method a call runs on an object built from a class of the project (`trainer.fit_step(x, y)`), not through `self`. */
export function instanceMethod(m: PyModule, call: CallExpr, scope: Scope): FunctionInfo | undefined {
  const fn = call.fn;
  if (fn.k !== 'attr' || (fn.obj.k === 'name' && fn.obj.id === 'self') || !mayHoldInstance(m, fn.obj, scope)) return undefined;
  const inst = m.instanceOf(fn.obj, scope);
  if (inst?.ref.kind !== 'local') return undefined;
  return inst.ref.cls.module.method(inst.ref.cls, fn.attr);
}

/**
 * `instanceMethod` of a call site: kept with the site's other answers for the version (several rules and facts ask it
 * of every method call), and carried into the next when it read only the site's statement and the module scope and
 * the method is still one of the module's (see `siteSlot`).
 */
export function siteInstanceMethod(m: PyModule, site: CallSite): FunctionInfo | undefined {
  if (site.call.fn.k !== 'attr') return undefined;
  return m === site.scope.module ? m.siteFact(site, INSTANCE_METHOD, instanceMethodOfSite) : instanceMethod(m, site.call, site.scope);
}

const instanceMethodOfSite = (m: PyModule, site: CallSite): FunctionInfo | undefined => instanceMethod(m, site.call, site.scope);
const INSTANCE_METHOD = siteSlot(liveFunction, true);

/** Methods of nn.Module a model class may override without making them a training step. */
const MODULE_API = new Set(['forward', 'train', 'eval', 'to', 'cuda', 'cpu', 'parameters', 'named_parameters', 'state_dict', 'load_state_dict', 'zero_grad', 'requires_grad_', 'apply', 'modules', 'children', 'reset_parameters', 'extra_repr']);

/** Methods of tensors, optimizers, containers, strings and loggers that loops call on every iteration. */
const LIBRARY_METHODS = new Set(['backward', 'zero_grad', 'item', 'to', 'cuda', 'cpu', 'size', 'view', 'reshape', 'append', 'extend', 'format', 'detach', 'numpy', 'mean', 'sum', 'float', 'long', 'add_scalar', 'write', 'info', 'join', 'keys', 'values', 'items', 'get', 'unsqueeze', 'squeeze', 'permute', 'transpose', 'contiguous', 'argmax', 'max', 'min', 'eq', 'tolist', 'clone', 'flatten', 'set_description', 'set_postfix', 'flush']);

/** The names of the methods of a module's classes (a cheap test before asking what an object's class is). */
const methodNames = perModule((m: PyModule): Set<string> => {
  const names = new Set<string>();
  for (const c of m.classes) for (const k of c.methods.keys()) names.add(k);
  return names;
});


function assignsGradNone(stmts: Stmt[]): boolean {
  let found = false;
  walkStmts(stmts, (s) => {
    if (s.k === 'assign' && s.value?.k === 'const' && s.value.value === 'None' && s.targets.some((t) => t.k === 'attr' && t.attr === 'grad')) found = true;
  });
  return found;
}

/** Loops of a module that run a training step (backward and an optimizer step per iteration). */
export const trainingLoops = perModule((m: PyModule): LoopInfo[] => m.loops.filter((loop) => trains(m, loop)));

/** Whether a loop's contents run a backward pass and an optimizer step (`stepTally`). */
const trains = perLoop((_m, _loop, contents): boolean => {
  const t = stepTally(contents);
  return t.backward && t.step;
});

/**
 * A fact of a loop of `m` worked out from what it runs (`loopContents`). Kept per loop and carried into the next
 * version (or a later analysis) with the contents: when they are the same object (carried, see `loopContents`) and
 * working the fact out read nothing beyond the statements of those calls and the module scope (`outsideReadCount`).
 * `compute` must read nothing else: no positions but those of the contents' statements, no other loops.
 */
export function perLoop<T>(compute: (m: PyModule, loop: LoopInfo, contents: LoopContents) => T): (m: PyModule, loop: LoopInfo) => T {
  const kept = new Carried<LoopInfo, { m: number; contents: LoopContents; v: T; local: boolean }>();
  return (m, loop) => {
    if (loop.scope.module !== m) return compute(m, loop, loopContents(m, loop));
    const before = m.outsideReadCount;
    const contents = loopContents(m, loop);
    const k = kept.get(loop);
    if (k && k.contents === contents && k.local && m.carries(k.m) && m.outsideReadCount === before) {
      k.m = m.id;
      return k.v;
    }
    const v = compute(m, loop, contents);
    // (the calls of another file's functions are read through that module's counts: not kept)
    const local = m.outsideReadCount === before && contents.calls.every(({ site }) => site.scope.module === m);
    kept.set(loop, { m: m.id, contents, v, local });
    return v;
  };
}

/**
 * Whether some code (a loop's or a function's contents) runs a backward pass and an optimizer step: the calls
 * themselves, or one that makes both (a loss scaler's `loss_scaler(loss, optimizer)`, an optimizer's `step(closure)`).
 */
export function stepTally(contents: LoopContents): { backward: boolean; step: boolean } {
  let backward = false;
  let step = false;
  for (const { site } of contents.calls) {
    const g = gradCall(site.scope.module, site);
    if (g?.kind === 'backward') backward = true;
    if (g?.kind === 'step') step = true;
    if (!g && (scaledStep(site.scope.module, site) || closureStep(site.scope.module, site))) backward = step = true;
  }
  return { backward, step };
}

/**
 * `optimizer.step(closure)`: L-BFGS and the other optimizers that re-evaluate the loss call the closure, a function of
 * the project that runs the backward pass (`def closure(): optimizer.zero_grad(); loss = …; loss.backward(); return
 * loss`), themselves, once or up to `max_iter` times per call. A training step, or a whole training run, even with no
 * loop around it (a PINN's single `optimizer.step(closure)`). Not a step whose closure runs no backward pass.
 */
export function closureStep(m: PyModule, s: CallSite): boolean {
  const fn = s.call.fn;
  if (fn.k !== 'attr' || fn.attr !== 'step') return false;
  const arg = s.call.args[0] ?? kwarg(s.call, 'closure')?.value;
  if (!arg || !isOptimizer(m, fn.obj, s.scope)) return false;
  // (or a method of an object of the project: `optimizer.step(model.closure)`, a PINN class's own closure; review 148)
  let closure = m.localFunction(arg, s.scope);
  if (!closure && arg.k === 'attr' && !(arg.obj.k === 'name' && arg.obj.id === 'self')) {
    const inst = m.instanceOf(arg.obj, s.scope);
    if (inst?.ref.kind === 'local') closure = inst.ref.cls.module.method(inst.ref.cls, arg.attr);
  }
  return !!closure && functionContents(closure.scope.module, closure).calls.some(({ site }) => gradCall(site.scope.module, site)?.kind === 'backward');
}

/**
 * A loss scaler that runs the backward pass and the optimizer step itself: timm's `NativeScaler` as MAE, DeiT,
 * ConvNeXt and Swin call it, `loss_scaler(loss, optimizer, clip_grad=…, parameters=…)`, or a scaler of the project
 * called the same way (a callee named for a scaler, handed the optimizer second).
 */
export function scaledStep(m: PyModule, s: CallSite): boolean {
  const n = lastName(s.call.fn);
  return !!n && /scaler/i.test(n) && s.call.args.length >= 2 && isOptimizer(m, s.call.args[1], s.scope);
}

/** Whether a call is `kwarg`-free of a name or passes it explicitly. */
export function hasKwarg(call: CallExpr, name: string): boolean {
  return kwarg(call, name) !== undefined;
}

// Learning-rate scheduler facts: which objects are schedulers (and of which class, over which optimizer),
// where `scheduler.step()` is called, and how the loops around it run: per batch (inside a loop that steps
// the optimizer, itself inside an epoch loop) or per epoch, and how many times when that is a constant.
import type { Expr } from './ir';
import { type CallExpr, type CallSite, type LoopInfo, type PyModule, type Scope, argument } from './semantic';
import { constantNumber } from './facts-values';
import { canonical, gradCall, lastName, loopContents } from './torch';

const LR_SCHEDULER = 'torch.optim.lr_scheduler.';
/** Library functions that build a scheduler (all per-batch schedules with warm-up) and take the optimizer first. */
const SCHEDULER_FACTORIES = new Set([
  'transformers.get_scheduler',
  'transformers.get_linear_schedule_with_warmup',
  'transformers.get_cosine_schedule_with_warmup',
  'transformers.get_cosine_with_hard_restarts_schedule_with_warmup',
  'transformers.get_polynomial_decay_schedule_with_warmup',
  'transformers.get_constant_schedule_with_warmup',
  'transformers.get_constant_schedule',
  'transformers.optimization.get_scheduler',
  'transformers.optimization.get_linear_schedule_with_warmup',
  'transformers.optimization.get_cosine_schedule_with_warmup',
  'diffusers.optimization.get_scheduler',
]);

export interface SchedulerInfo {
  /** `torch.optim.lr_scheduler.StepLR`, a factory's name, or undefined when only the variable's name says so. */
  qname: string | undefined;
  ctor: CallExpr | undefined;
  ctorScope: Scope | undefined;
  /** The optimizer the scheduler drives, when it can be read from the constructor. */
  optimizer: Expr | undefined;
}

/** Whether an expression holds a learning-rate scheduler; `byName` also accepts unknown objects named `*sched*`. */
export function schedulerOf(m: PyModule, e: Expr, scope: Scope, byName = false): SchedulerInfo | undefined {
  const r = m.resolve(e, scope);
  if (r && r.expr.k === 'call') {
    const call = r.expr;
    const ref = r.scope.module.classOf(call.fn, r.scope);
    const q = ref?.kind === 'external' ? canonical(ref.qname) : r.scope.module.qualify(call.fn, r.scope);
    if (q && ((q.startsWith(LR_SCHEDULER) && /^[A-Z]/.test(q.slice(LR_SCHEDULER.length))) || SCHEDULER_FACTORIES.has(q))) {
      return { qname: q, ctor: call, ctorScope: r.scope, optimizer: argument(call, 0, 'optimizer') };
    }
    if (ref?.kind === 'local' || (q && /^(torch|timm|transformers|lightning)\./.test(q))) return undefined;
  }
  const n = lastName(e);
  // (not a schedule of something else than the rate, by the variable's or the class's name: VoteNet's
  // `bnm_scheduler = BNMomentumScheduler(net, …)` of etw_pytorch_utils schedules BatchNorm's momentum; review 125)
  const built = r?.expr.k === 'call' ? lastName(r.expr.fn) : undefined;
  if ([n, built].some((x) => x !== undefined && otherSchedule(x))) return undefined;
  if (byName && n !== undefined && /sched/i.test(n)) return { qname: undefined, ctor: r?.expr.k === 'call' ? r.expr : undefined, ctorScope: r?.scope, optimizer: undefined };
  return undefined;
}

/** A name of a schedule of something else than the learning rate: BatchNorm's momentum, a temperature, a loss weight. */
function otherSchedule(name: string): boolean {
  return /momentum|bnm|(^|_)bn(_|$)|^BN|temperature|beta|ema|teacher|dropout|noise|margin|alpha|tau|kl_?weight|loss_?weight/i.test(name) && !/lr|learning_?rate/i.test(name);
}

export interface SchedulerStep {
  site: CallSite;
  scheduler: SchedulerInfo;
}

/** `scheduler.step()` calls; `byName` as in `schedulerOf`, for steps without arguments only. */
export function schedulerStep(m: PyModule, site: CallSite, byName = false): SchedulerStep | undefined {
  const fn = site.call.fn;
  if (fn.k !== 'attr' || fn.attr !== 'step') return undefined;
  const noArgs = !site.call.args.length && !site.call.kwargs.length && !site.call.star;
  const s = schedulerOf(m, fn.obj, site.scope, byName && noArgs);
  return s ? { site, scheduler: s } : undefined;
}

/**
 * Whether a loop steps an optimizer on each of its own iterations (a batch or iteration loop), directly or in
 * a function it calls, and not only inside a nested loop (which would make it an epoch loop).
 */
export function stepsOptimizer(m: PyModule, loop: LoopInfo): boolean {
  for (const { site, via } of loopContents(m, loop).calls) {
    const own = via ? site.loops.length === 0 : site.loops[site.loops.length - 1]?.stmt === loop.stmt;
    if (own && gradCall(site.scope.module, site)?.kind === 'step') return true;
  }
  return false;
}

/** The loop that runs around a loop: the enclosing loop in the same function, or a loop calling its function. */
export function outerLoop(m: PyModule, loop: LoopInfo): LoopInfo | undefined {
  if (loop.parent) return loop.parent;
  const fn = m.functionOf(loop.scope);
  if (!fn) return undefined;
  for (const caller of m.callersOf(fn)) {
    const l = caller.loops[caller.loops.length - 1];
    if (l) return l;
  }
  return undefined;
}

/** Whether anything runs a loop more than once: an enclosing loop, or a caller of its function inside a loop. */
export function runsOnce(m: PyModule, loop: LoopInfo): boolean {
  if (loop.parent) return false;
  const fn = m.functionOf(loop.scope);
  if (!fn) return loop.scope.kind === 'module';
  const callers = m.callersOf(fn);
  return callers.length === 1 && callers[0].loops.length === 0 && runsOnceScope(m, callers[0].scope);
}

function runsOnceScope(m: PyModule, scope: Scope): boolean {
  if (scope.kind === 'module') return true;
  const fn = m.functionOf(scope);
  if (!fn) return false;
  if (fn.name === 'main' && fn.cls === undefined) return true;
  const callers = m.callersOf(fn);
  return callers.length === 1 && callers[0].loops.length === 0 && callers[0].scope !== scope && runsOnceScope(m, callers[0].scope);
}

/** How many times a `for` loop runs, when it iterates over `range(n)`/`range(a, b)` of constants (also in tqdm). */
export function constantIterations(m: PyModule, loop: LoopInfo): number | undefined {
  if (loop.stmt.k !== 'for') return undefined;
  let it: Expr = loop.stmt.iter;
  const scope = loop.scope;
  // tqdm(range(n)), enumerate(range(n))
  if (it.k === 'call' && it.args.length >= 1 && /(^|\.)(tqdm|enumerate)$/.test(m.qualify(it.fn, scope) ?? (it.fn.k === 'name' ? it.fn.id : ''))) it = it.args[0];
  if (it.k !== 'call' || it.fn.k !== 'name' || it.fn.id !== 'range' || m.reachingAssignment('range', scope, it.from)) return undefined;
  const nums = it.args.map((a) => constantNumber(m, a, scope));
  if (it.args.length === 1 && nums[0] !== undefined) return Math.max(0, nums[0]);
  if (it.args.length === 2 && nums[0] !== undefined && nums[1] !== undefined) return Math.max(0, nums[1] - nums[0]);
  return undefined;
}

/**
 * Whether an expression is written in epochs: every quantity in it names an epoch count (`args.epochs`,
 * `int(0.5 * num_epochs)`); `epochs * len(loader)` or `epochs * n` are not.
 */
export function mentionsEpochs(e: Expr): boolean {
  let epochs = false;
  let other = false;
  const visit = (x: Expr): void => {
    if (x.k === 'name' || x.k === 'attr') {
      // the quantity is the last name of an attribute chain: `cfg.train.epochs` → epochs
      if (/epoch/i.test(x.k === 'name' ? x.id : x.attr)) epochs = true;
      else other = true;
    } else if (x.k === 'call') x.args.forEach(visit); // int(...), round(...), math.ceil(...)
    else if (x.k === 'binop') [x.left, x.right].forEach(visit);
    else if (x.k === 'unary') visit(x.arg);
    else if (x.k !== 'num') other = true;
  };
  visit(e);
  return epochs && !other;
}

/** The bound of a `for … in range(…)` loop, the expression, for comparing with a scheduler's arguments. */
export function rangeBound(loop: LoopInfo): Expr | undefined {
  if (loop.stmt.k !== 'for') return undefined;
  let it = loop.stmt.iter;
  if (it.k === 'call' && it.fn.k === 'name' && (it.fn.id === 'tqdm' || it.fn.id === 'trange' || it.fn.id === 'enumerate') && it.args[0]) {
    if (it.fn.id === 'trange') return it.args[it.args.length - 1];
    it = it.args[0];
  }
  if (it.k === 'call' && it.fn.k === 'name' && it.fn.id === 'range' && (it.args.length === 1 || it.args.length === 2)) return it.args[it.args.length - 1];
  return undefined;
}

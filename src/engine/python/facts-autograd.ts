// Autograd facts: where gradients are off (`torch.no_grad()`, `inference_mode`, decorators), and which
// tensors a loop calls backward on every iteration (`loss.backward()`, `scaler.scale(loss).backward()`,
// `accelerator.backward(loss)`), so rules know a name holds a tensor with an autograd graph.
import type { Expr, Span, Stmt } from './ir';
import { type CallExpr, type CallSite, type LoopInfo, type LoopStmt, type PyModule, type Scope, contains, forEachBlock, kwarg, walkExpr, walkStmts } from './semantic';
import { canonical, externalClassOf, lastName } from './torch';

const NO_GRAD = new Set(['torch.no_grad', 'torch.inference_mode', 'torch.autograd.no_grad', 'torch.autograd.grad_mode.no_grad', 'torch.autograd.grad_mode.inference_mode']);

/** Whether an expression turns gradients off: `torch.no_grad()`, `torch.inference_mode()`, `torch.set_grad_enabled(False)`. */
export function isNoGradContext(m: PyModule, e: Expr, scope: Scope): boolean {
  const call = e.k === 'call' ? e : undefined;
  const q = m.qualify(call ? call.fn : e, scope);
  if (!q) return false;
  const c = canonical(q);
  if (NO_GRAD.has(c)) {
    // inference_mode(False) turns it back on
    const mode = call ? (call.args[0] ?? kwarg(call, 'mode')?.value) : undefined;
    return !(mode?.k === 'const' && mode.value === 'False');
  }
  if (c === 'torch.set_grad_enabled' || c === 'torch.autograd.set_grad_enabled') {
    const v = call?.args[0] ?? (call && kwarg(call, 'mode')?.value);
    return v?.k === 'const' && v.value === 'False';
  }
  return false;
}

/** Whether a call site is inside a no-grad `with` block (`with torch.no_grad():`) of its own function. */
export function underNoGrad(site: CallSite): boolean {
  return site.withs.some((w) => w.stmt.items.some((i) => isNoGradContext(w.scope.module, i.expr, w.scope)));
}

/**
 * The source text of an expression without its spaces: two items of a container compare equal by it
 * (`ldic['teloss'][0]`, `ldic[ 'teloss' ][0]`) where `objectKey`, for names and attributes, does not reach.
 */
export function sourceKey(m: PyModule, e: Expr): string {
  return m.text.slice(e.from, e.to).replace(/\s+/g, '');
}

/** Whether a span of code in `scope` runs with gradients off: inside a no-grad `with`, or a decorated function. */
export function runsWithoutGrad(m: PyModule, span: Span, scope: Scope): boolean {
  for (const w of m.withs) {
    if (w.scope !== scope || !contains(w.stmt.body, span)) continue;
    if (w.stmt.items.some((i) => isNoGradContext(m, i.expr, scope))) return true;
  }
  for (let s: Scope | undefined = scope; s && s.kind === 'function'; s = s.parent) {
    const fn = s.stmt?.k === 'def' ? s.stmt : undefined;
    if (fn?.decorators.some((d) => isNoGradContext(m, d, s.parent ?? m.scope))) return true;
  }
  return false;
}

export interface BackwardCall {
  site: CallSite;
  /** The tensor gradients flow back from (`loss` in `scaler.scale(loss).backward()`). */
  tensor: Expr;
  /** `retain_graph=` was passed: the graph is kept on purpose. */
  retainsGraph: boolean;
}

/** A keyword argument given and not `False`/`None`. */
function flagOn(call: CallExpr, name: string): boolean {
  const v = kwarg(call, name)?.value;
  return v !== undefined && !(v.k === 'const' && (v.value === 'False' || v.value === 'None'));
}

/** A call that runs backward from a tensor, and which tensor. */
export function backwardCall(m: PyModule, site: CallSite): BackwardCall | undefined {
  const call = site.call;
  const fn = call.fn;
  const retainsGraph = flagOn(call, 'retain_graph') || flagOn(call, 'create_graph');
  const q = m.qualify(fn, site.scope);
  if (q && canonical(q) === 'torch.autograd.backward') return call.args[0] ? { site, tensor: call.args[0], retainsGraph } : undefined;
  if (fn.k !== 'attr') return undefined;
  if (fn.attr === 'backward' && !q) {
    // accelerator.backward(loss), fabric.backward(loss)
    if (call.args[0] && isAcceleratorLike(m, fn.obj, site.scope)) return { site, tensor: call.args[0], retainsGraph };
    let t = fn.obj;
    // scaler.scale(loss).backward()
    if (t.k === 'call' && t.fn.k === 'attr' && t.fn.attr === 'scale' && t.args.length === 1) t = t.args[0];
    // tensor.backward(gradient, retain_graph)
    return { site, tensor: t, retainsGraph: retainsGraph || call.args.length > 1 };
  }
  if (fn.attr === 'manual_backward' && call.args[0]) return { site, tensor: call.args[0], retainsGraph };
  return undefined;
}

/** Backward calls made in a loop's own function on each iteration (at any nesting depth inside the loop). */
export function backwardCallsIn(m: PyModule, loop: LoopInfo): BackwardCall[] {
  const out: BackwardCall[] = [];
  for (const site of m.callsInLoop(loop.stmt)) {
    const b = backwardCall(m, site);
    if (b) out.push(b);
  }
  return out;
}

function isAcceleratorLike(m: PyModule, e: Expr, scope: Scope): boolean {
  const inst = externalClassOf(m, e, scope);
  if (inst) return /(^accelerate\.|\.)(Accelerator|Fabric)$/.test(inst.qname);
  const n = lastName(e);
  return n === 'accelerator' || n === 'fabric';
}

// ------------------------------------------------------------------ running totals

export interface GraphAccumulation {
  /** The statement that accumulates (`total += loss`, `total = total + loss`, `losses.append(loss)`). */
  stmt: Stmt;
  kind: 'sum' | 'append';
  /** The running total or list: a plain name, or an item of one (`ldic['teloss'][0] += loss`, MBRNN). */
  total: Extract<Expr, { k: 'name' }> | Extract<Expr, { k: 'subscript' }>;
  /** The name the total is, or is an item of. */
  root: Extract<Expr, { k: 'name' }>;
  /** The reference to the graph tensor inside the accumulated value (`loss` in `loss * n`). */
  tensor: Extract<Expr, { k: 'name' }>;
  backward: BackwardCall;
}

/** Statements of a loop body on each iteration, not descending into nested loops, functions or classes. */
function ownStatements(stmts: Stmt[], fn: (s: Stmt) => void): void {
  for (const s of stmts) {
    fn(s);
    if (s.k !== 'for' && s.k !== 'while') forEachBlock(s, (b) => ownStatements(b.stmts, fn));
  }
}

/** Conversions that leave no graph behind. */
const DETACHING = new Set(['item', 'detach', 'tolist', 'numpy', 'data']);

function detached(m: PyModule, name: Extract<Expr, { k: 'name' }>, scope: Scope): boolean {
  const a = m.reachingAssignment(name.id, scope, name.from);
  const v = a?.via === 'assign' ? a.value : undefined;
  if (!v) return false;
  if (v.k === 'attr' && DETACHING.has(v.attr)) return true;
  if (v.k === 'call' && v.fn.k === 'attr' && DETACHING.has(v.fn.attr)) return true;
  if (v.k === 'call' && v.fn.k === 'name' && (v.fn.id === 'float' || v.fn.id === 'int')) return true;
  return false;
}

/** The graph-tensor name an accumulated value is made of: `loss`, `loss * x.size(0)`, `loss / n`. */
function tensorOperand(v: Expr, depth = 0): Extract<Expr, { k: 'name' }> | undefined {
  if (v.k === 'name') return v;
  if (v.k !== 'binop' || depth > 3) return undefined;
  if (v.op === '*' || v.op === '/') return tensorOperand(v.left, depth + 1) ?? (v.op === '*' ? tensorOperand(v.right, depth + 1) : undefined);
  // a running mean: `running += (loss - running) * (1 / step)`
  if (v.op === '-' && v.left.k === 'name') return v.left;
  return undefined;
}

/**
 * Running totals and lists a loop builds from a tensor it also calls backward on (so the tensor carries an
 * autograd graph): each iteration's graph stays reachable from the total. Totals reset inside the loop,
 * accumulations with gradients off, and graphs kept on purpose (`retain_graph=True`) are left out.
 */
export function graphAccumulations(m: PyModule, loop: LoopInfo): GraphAccumulation[] {
  const backs = backwardCallsIn(m, loop);
  if (!backs.length || backs.some((b) => b.retainsGraph)) return [];
  const scope = loop.scope;
  const out: GraphAccumulation[] = [];
  ownStatements(loop.stmt.body.stmts, (s) => {
    let total: Expr | undefined;
    let value: Expr | undefined;
    let kind: GraphAccumulation['kind'] = 'sum';
    if (s.k === 'augassign' && s.op === '+=') [total, value] = [s.target, s.value];
    else if (s.k === 'assign' && s.targets.length === 1 && s.value?.k === 'binop' && s.value.op === '+') {
      const t = s.targets[0];
      const { left, right } = s.value;
      if (t.k === 'name' && left.k === 'name' && left.id === t.id) [total, value] = [t, right];
      else if (t.k === 'name' && right.k === 'name' && right.id === t.id) [total, value] = [t, left];
    } else if (s.k === 'expr' && s.expr.k === 'call' && s.expr.fn.k === 'attr' && s.expr.fn.attr === 'append' && s.expr.args.length === 1) {
      [total, value, kind] = [s.expr.fn.obj, s.expr.args[0], 'append'];
    }
    if (!total || !value || (total.k !== 'name' && !(total.k === 'subscript' && kind === 'sum'))) return;
    const root = rootName(total);
    if (!root) return;
    const tensor = tensorOperand(value);
    if (!tensor) return;
    const backward = backs.find((b) => b.tensor.k === 'name' && b.tensor.id === tensor.id);
    if (!backward || detached(m, tensor, scope)) return;
    // reset inside the loop: a per-iteration value, not a running total (for an item, the name or the item rebound:
    // `ldic['teloss'] = [0., 0.]` in the loop)
    // or reset by the loop around a loop that repeats the step on one batch (`for _ in range(n_critic):`, MelGAN's
    // discriminator): a per-batch total, whose few graphs go when the outer iteration ends
    const resetIn = (outer: LoopStmt): boolean =>
      (scope.assigns.get(root.id) ?? []).some((a) => a.via === 'assign' && a.target !== undefined && a.target !== total && contains(outer, a.target));
    const resets =
      total.k === 'name'
        ? resetIn(loop.stmt) || (loop.parent !== undefined && repeatsOneBatch(m, loop) && walksData(m, loop.parent) && resetIn(loop.parent.stmt))
        : rebindsItem(m, loop.stmt.body.stmts, total, s);
    if (resets || runsWithoutGrad(m, s, scope)) return;
    out.push({ stmt: s, kind, total, root, tensor, backward });
  });
  return out;
}

/**
 * Whether a loop repeats its body a number of times without reading which time it is: `for _ in range(k):` (a
 * loop variable the body never reads), and fetches no batch itself. It walks no data; the data comes from the loop around it.
 */
function repeatsOneBatch(m: PyModule, loop: LoopInfo): boolean {
  const s = loop.stmt;
  if (s.k !== 'for' || s.target.k !== 'name') return false;
  const fn = s.iter.k === 'call' ? s.iter.fn : undefined;
  if (fn?.k !== 'name' || fn.id !== 'range' || m.assignmentsOf('range', loop.scope).length) return false;
  // the body reads neither the counter nor fetches a batch of its own (`x, y = next(it)`)
  const id = s.target.id;
  let reads = false;
  walkStmts(s.body.stmts, (st) => {
    for (const e of stmtExprs(st)) walkExpr(e, (x) => (reads ||= (x.k === 'name' && x.id === id && id !== '_') || (x.k === 'call' && x.fn.k === 'name' && x.fn.id === 'next')));
  });
  return !reads;
}

const COUNTING = new Set(['range', 'itertools.count', 'tqdm.trange', 'tqdm.auto.trange']);
const ITER_WRAPPERS = new Set(['enumerate', 'tqdm', 'track']);

/**
 * Whether a loop walks data rather than counting: a `for` over something other than `range(...)`/`itertools.count()`
 * (also wrapped: `tqdm(range(n))`, `enumerate(range(n))`). An epoch loop counts; a loop over a loader walks data.
 */
function walksData(m: PyModule, loop: LoopInfo): boolean {
  const s = loop.stmt;
  if (s.k !== 'for') return false;
  let it: Expr = s.iter;
  for (let i = 0; i < 4 && it.k === 'call'; i++) {
    const q = m.calleeName(it, loop.scope) ?? (it.fn.k === 'name' ? it.fn.id : '');
    if (COUNTING.has(q)) return false;
    if (!ITER_WRAPPERS.has(q.slice(q.lastIndexOf('.') + 1)) || !it.args[0]) break;
    it = it.args[0];
  }
  return true;
}

/** The name an expression is, or is an item of (`ldic['teloss'][0]` → `ldic`). */
function rootName(e: Expr): Extract<Expr, { k: 'name' }> | undefined {
  let x = e;
  while (x.k === 'subscript') x = x.obj;
  return x.k === 'name' ? x : undefined;
}

/**
 * Whether statements of a loop (other than the accumulation) assign the item, or what holds it: the name itself or a
 * shorter item (`ldic['teloss'] = [0., 0.]`, `ldic = {}` for `ldic['teloss'][0]`), compared by their source text.
 */
function rebindsItem(m: PyModule, stmts: Stmt[], item: Expr, acc: Stmt): boolean {
  const text = (e: Expr): string => sourceKey(m, e);
  const chain: string[] = [];
  for (let x: Expr = item; x.k === 'subscript'; x = x.obj) chain.push(text(x.obj));
  chain.push(text(item));
  let found = false;
  walkStmts(stmts, (st) => {
    if (found || st === acc || st.k !== 'assign') return;
    if (st.targets.some((t) => (t.k === 'name' || t.k === 'subscript') && chain.includes(text(t)))) found = true;
  });
  return found;
}

/**
 * Whether a name is used as a tensor somewhere in a scope: a method or attribute read on it (other than list
 * building), an index, an argument to a `torch.*` function, or a returned value (the caller may use it as one).
 */
export function usedAsTensor(m: PyModule, id: string, scope: Scope): boolean {
  const LIST_METHODS = new Set(['append', 'extend', 'clear']);
  let found = false;
  const isIt = (e: Expr): boolean => e.k === 'name' && e.id === id;
  // the total itself, or arithmetic on it (`(train_loss_val * 1.0 / len(loader)).item()`, SpaceNet 8): still a tensor
  const holdsIt = (e: Expr): boolean => isIt(e) || (e.k === 'binop' && (holdsIt(e.left) || holdsIt(e.right))) || (e.k === 'unary' && holdsIt(e.arg));
  const visit = (e: Expr, returned: boolean): void =>
    walkExpr(e, (x) => {
      if (found) return;
      if (returned && isIt(x)) found = true;
      else if (x.k === 'attr' && holdsIt(x.obj) && !(isIt(x.obj) && LIST_METHODS.has(x.attr))) found = true;
      else if (x.k === 'subscript' && holdsIt(x.obj)) found = true;
      else if (x.k === 'call' && x.args.some(holdsIt)) {
        const q = m.qualify(x.fn, scope);
        if (q?.startsWith('torch.')) found = true;
      }
    });
  walkStmts(scope.body, (s) => {
    for (const e of stmtExprs(s)) visit(e, s.k === 'return');
  });
  return found;
}

/** The expressions a statement evaluates itself (not those of nested blocks). */
export function stmtExprs(s: Stmt): Expr[] {
  switch (s.k) {
    case 'assign':
      return s.value ? [...s.targets, s.value] : s.targets;
    case 'augassign':
      return [s.target, s.value];
    case 'expr':
      return [s.expr];
    case 'return':
      return s.value ? [s.value] : [];
    case 'for':
      return [s.target, s.iter];
    case 'while':
      return [s.test];
    case 'if':
      return s.branches.flatMap((b) => (b.test ? [b.test] : []));
    case 'with':
      return s.items.flatMap((i) => (i.alias ? [i.expr, i.alias] : [i.expr]));
    case 'def':
    case 'class':
    case 'import':
    case 'from':
    case 'try':
      return [];
    default:
      return s.exprs;
  }
}

// Tensor shape facts: which dimension of which tensor a size expression names (`x.size(1)`, `x.shape[0]`,
// `h` after `b, h, w = x.shape`), and `.view()`/`.reshape()` calls whose target shape only reorders the
// tensor's own dimensions. A tensor is identified by the binding of its name that reaches the use, so a
// tensor reassigned in between (`x = x.transpose(1, 2)`) counts as a different one.
import type { Expr, Stmt } from './ir';
import { type Assignment, type CallExpr, type PyModule, type Scope, sitesWhere, walkStmts } from './semantic';

export interface DimRef {
  /** The binding of the tensor's name that the size was read from. */
  tensor: Assignment;
  /** The dimension index as written (may be negative). */
  index: number;
  /** The tensor's number of dimensions, when the whole shape was unpacked (`b, c, h, w = x.shape`). */
  rank?: number;
}

/** An integer written as a literal, negative ones too (`3`, `-1`). */
export function intLiteral(e: Expr | undefined): number | undefined {
  if (!e) return undefined;
  if (e.k === 'num' && !e.isFloat && Number.isInteger(e.value)) return e.value;
  if (e.k === 'unary' && e.op === '-' && e.arg.k === 'num' && !e.arg.isFloat && Number.isInteger(e.arg.value)) return -e.arg.value;
  return undefined;
}

/** The binding of a tensor name at a position (params, assignments, loop targets). */
function tensorBinding(m: PyModule, e: Expr, scope: Scope, at: number): Assignment | undefined {
  if (e.k !== 'name') return undefined;
  const a = m.reachingAssignment(e.id, scope, at);
  if (!a || a.via === 'import' || a.via === 'def' || a.via === 'class') return undefined;
  return a;
}

/** `x.shape` or `x.size()`: the whole shape of `x`. */
function wholeShapeOf(e: Expr): Expr | undefined {
  if (e.k === 'attr' && e.attr === 'shape') return e.obj;
  if (e.k === 'call' && e.fn.k === 'attr' && e.fn.attr === 'size' && !e.args.length && !e.kwargs.length && !e.star) return e.fn.obj;
  return undefined;
}

/** The assignment statement whose tuple target holds `target`, and that tuple's length. */
function unpackArity(scope: Scope, target: Expr): number | undefined {
  let arity: number | undefined;
  walkStmts(scope.body, (s: Stmt) => {
    if (arity !== undefined || s.k !== 'assign') return;
    for (const t of s.targets)
      if (t.k === 'seq' && t.items.includes(target)) {
        // `b, *rest = x.shape` has no fixed arity
        arity = t.items.every((i) => i.k === 'name') ? t.items.length : -1;
      }
  });
  return arity !== undefined && arity >= 0 ? arity : undefined;
}

/** Which dimension of which tensor a size expression names. */
export function dimRef(m: PyModule, e: Expr, scope: Scope, depth = 0): DimRef | undefined {
  if (depth > 4) return undefined;
  // x.size(1)
  if (e.k === 'call' && e.fn.k === 'attr' && e.fn.attr === 'size' && e.args.length === 1 && !e.kwargs.length && !e.star) {
    const index = intLiteral(e.args[0]);
    const tensor = tensorBinding(m, e.fn.obj, scope, e.from);
    return index !== undefined && tensor ? { tensor, index } : undefined;
  }
  // x.shape[1], x.size()[1]
  if (e.k === 'subscript' && !e.slice && e.index.length === 1) {
    const whole = wholeShapeOf(e.obj);
    const index = intLiteral(e.index[0]);
    const tensor = whole && tensorBinding(m, whole, scope, e.from);
    return index !== undefined && tensor ? { tensor, index } : undefined;
  }
  // h, after `b, h, w = x.shape` or `h = x.size(1)`
  if (e.k === 'name') {
    const a = m.reachingAssignment(e.id, scope, e.from);
    if (!a || a.via !== 'assign' || !a.value) return undefined;
    if (a.index === undefined) return dimRef(m, a.value, a.scope, depth + 1);
    const whole = wholeShapeOf(a.value);
    const tensor = whole && tensorBinding(m, whole, a.scope, a.value.from);
    const rank = a.target ? unpackArity(a.scope, a.target) : undefined;
    return tensor && rank !== undefined ? { tensor, index: a.index, rank } : undefined;
  }
  return undefined;
}

/** In-place methods that change a tensor's shape without rebinding its name. */
const IN_PLACE_SHAPE = new Set(['transpose_', 't_', 'swapaxes_', 'swapdims_', 'squeeze_', 'unsqueeze_', 'resize_', 'resize_as_', 'as_strided_', 'set_']);

/** Whether a tensor binding's shape is changed in place before a position (`x.transpose_(1, 2)`). */
function reshapedInPlace(m: PyModule, tensor: Assignment, scope: Scope, before: number): boolean {
  return m.callsIn(scope).some((s) => {
    const fn = s.call.fn;
    return s.call.from < before && fn.k === 'attr' && IN_PLACE_SHAPE.has(fn.attr) && tensorBinding(m, fn.obj, scope, s.call.from) === tensor;
  });
}

export interface ReorderingView {
  call: CallExpr;
  /** The tensor being viewed. */
  tensor: Expr;
  /** `perm[i]` is the source dimension placed at position `i`, as `permute` takes it. */
  perm: number[];
  /** `view`, `reshape` (methods) or `torch.reshape`. */
  method: 'view' | 'reshape' | 'torch.reshape';
}

/** `x.view((a, b))` → `[a, b]`. */
function unwrap(args: Expr[]): Expr[] {
  return args.length === 1 && args[0].k === 'seq' && args[0].kind !== 'set' ? args[0].items : args;
}

/** The target shape of `x.view(…)`, `x.reshape(…)` or `torch.reshape(x, …)`, and the tensor. */
function viewParts(m: PyModule, call: CallExpr, scope: Scope): { tensor: Expr; shape: Expr[]; method: ReorderingView['method'] } | undefined {
  if (call.star || call.kwargs.length) return undefined;
  const fn = call.fn;
  if (fn.k === 'attr' && (fn.attr === 'view' || fn.attr === 'reshape')) {
    const q = m.qualify(fn, scope);
    if (q === 'torch.reshape') return call.args.length === 2 ? { tensor: call.args[0], shape: unwrap([call.args[1]]), method: 'torch.reshape' } : undefined;
    if (q) return undefined; // some library's view(), not a tensor method
    return { tensor: fn.obj, shape: unwrap(call.args), method: fn.attr };
  }
  if (fn.k === 'name' && m.qualify(fn, scope) === 'torch.reshape' && call.args.length === 2) {
    return { tensor: call.args[0], shape: unwrap([call.args[1]]), method: 'torch.reshape' };
  }
  return undefined;
}

/** The calls of a module that view or reshape a tensor (those `reorderingView` reads; see `sitesWhere`). */
export const viewSites = sitesWhere((m, site) => viewParts(m, site.call, site.scope) !== undefined);

/**
 * A view/reshape whose target is exactly the tensor's own dimensions in another order
 * (`x.view(x.size(1), x.size(0))`, `x.view(b, w, h)` after `b, h, w = x.shape`). Flattening, `-1`,
 * products of sizes and sizes of other tensors are not reorderings.
 */
export function reorderingView(m: PyModule, call: CallExpr, scope: Scope): ReorderingView | undefined {
  const parts = viewParts(m, call, scope);
  if (!parts || parts.shape.length < 2) return undefined;
  const tensor = tensorBinding(m, parts.tensor, scope, call.from);
  if (!tensor || reshapedInPlace(m, tensor, scope, call.from)) return undefined;
  const refs: DimRef[] = [];
  for (const d of parts.shape) {
    const r = dimRef(m, d, scope);
    if (!r || r.tensor !== tensor) return undefined;
    refs.push(r);
  }
  const ranks = new Set(refs.map((r) => r.rank).filter((r): r is number => r !== undefined));
  if (ranks.size > 1) return undefined;
  const rank = ranks.size ? [...ranks][0] : undefined;
  const perm: number[] = [];
  for (const r of refs) {
    const i = r.index < 0 ? (rank === undefined ? NaN : rank + r.index) : r.index;
    if (Number.isNaN(i) || i < 0 || (rank !== undefined && i >= rank)) return undefined;
    perm.push(i);
  }
  const n = rank ?? perm.length;
  if (perm.length !== n || new Set(perm).size !== n || perm.some((i) => i >= n)) return undefined;
  if (perm.every((p, i) => p === i)) return undefined;
  // moving dimensions of size 1 moves no data: SiamFC's grouped cross-correlation turns its `(1, B, H, W)` output
  // into `(B, 1, H, W)` with a reshape, which is what permute gives
  const unit = unitDims(m, tensor, 0);
  const moved = perm.filter((p) => !unit.has(p));
  if (unit.size && moved.every((p, i) => i === 0 || moved[i - 1] < p)) return undefined;
  return { call, tensor: parts.tensor, perm, method: parts.method };
}

/** Functions that keep their input's batch dimension (dimension 0) as theirs. */
const BATCH_KEEPING = /^torch\.nn\.functional\.(conv[123]d|conv_transpose[123]d|relu|gelu|leaky_relu|sigmoid|tanh|softmax|log_softmax|dropout|pad|interpolate|max_pool[123]d|avg_pool[123]d)$/;

/**
 * Dimensions of a tensor known to be of size 1: a literal 1 in the shape it was viewed or reshaped to (`x =
 * torch.reshape(x, (1, b * c, h, w))`), or the batch dimension of a convolution (or another function that keeps
 * it) of such a tensor (`out = F.conv2d(x, z, groups=b)`).
 */
function unitDims(m: PyModule, tensor: Assignment, depth: number): Set<number> {
  const out = new Set<number>();
  const v = tensor.via === 'assign' && tensor.index === undefined ? tensor.value : undefined;
  if (!v || v.k !== 'call' || depth > 3) return out;
  const view = viewParts(m, v, tensor.scope);
  if (view) {
    view.shape.forEach((d, i) => intLiteral(d) === 1 && out.add(i));
    return out;
  }
  const input = v.args[0];
  if (input && BATCH_KEEPING.test(m.qualify(v.fn, tensor.scope) ?? '')) {
    const inner = tensorBinding(m, input, tensor.scope, v.from);
    if (inner && unitDims(m, inner, depth + 1).has(0)) out.add(0);
  }
  return out;
}

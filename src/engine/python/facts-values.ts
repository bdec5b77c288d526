// Value facts: what a constant expression evaluates to (literals, names bound once, simple arithmetic).
import type { Expr } from './ir';
import type { PyModule, Scope } from './semantic';

/** A number a (module-level) constant expression evaluates to: literals, names bound once to one, + - * //. */
export function constantNumber(m: PyModule, e: Expr, scope: Scope, depth = 0): number | undefined {
  if (depth > 6) return undefined;
  if (e.k === 'num') return Number.isFinite(e.value) ? e.value : undefined;
  if (e.k === 'unary' && e.op === '-') {
    const v = constantNumber(m, e.arg, scope, depth + 1);
    return v === undefined ? undefined : -v;
  }
  if (e.k === 'binop') {
    const a = constantNumber(m, e.left, scope, depth + 1);
    const b = constantNumber(m, e.right, scope, depth + 1);
    if (a === undefined || b === undefined) return undefined;
    if (e.op === '+') return a + b;
    if (e.op === '-') return a - b;
    if (e.op === '*') return a * b;
    if (e.op === '//' && b !== 0) return Math.floor(a / b);
    return undefined;
  }
  if (e.k === 'name') {
    const all = m.assignmentsOf(e.id, scope);
    // a constant: bound exactly once, by a plain assignment
    if (all.length !== 1 || all[0].via !== 'assign' || !all[0].value || all[0].index !== undefined) return undefined;
    return constantNumber(m, all[0].value, all[0].scope, depth + 1);
  }
  return undefined;
}

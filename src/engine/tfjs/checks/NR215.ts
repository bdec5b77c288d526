// NR215: tensors created on every iteration of a training loop, outside tf.tidy, and never disposed. tf.js
// frees tensor memory only on dispose() (WebGL and native backends do not garbage-collect it), so memory grows
// with every step until the tab or process runs out. Tensors inside tf.tidy, optimizer.minimize and tf.grad
// callbacks are freed by tf; values the analysis loses track of (returned, stored, passed to unknown code)
// are left alone.
import ts from 'typescript';
import type { FixInput } from '../../rules/rule';
import { appendStatement } from '../edits';
import { context } from '../facts';
import { enclosingFunction, isFunctionNode, methodOf, within } from '../semantic';
import type { TfjsCheck, TfjsCheckContext } from './context';

export const checkNR215: TfjsCheck = (ctx) => {
  const { m, tf } = ctx;
  const training = new Set(tf.trainingLoops());
  if (!training.size) return;
  for (const site of m.calls) {
    const loop = site.loops[site.loops.length - 1];
    if (!loop || !site.loops.some((l) => training.has(l)) || !tf.createsTensor(site.call)) continue;
    if (tf.inManagedCallback(loop) || site.loops.some((l) => managesScope(ctx, l)) || ctx.hasSyntaxErrorIn(site.call)) continue;
    checkTensor(ctx, site.call, loop);
  }
};

/** `tf.engine().startScope()` in the loop: the scope frees the step's tensors. */
function managesScope(ctx: TfjsCheckContext, loop: ts.IterationStatement): boolean {
  return ctx.m.callsWithin(loop).some((c) => methodOf(c.call)?.name === 'startScope');
}

function checkTensor(ctx: TfjsCheckContext, call: ts.CallExpression, loop: ts.IterationStatement): void {
  const { m, tf } = ctx;
  const callee = m.source(call.expression);
  const use = tf.tensorUse(call);
  if (use === 'reads') {
    ctx.report({
      span: m.span(call),
      message: `${callee}(…) creates a tensor on every iteration of this training loop that is never disposed, so memory grows with every step. Keep it in a variable and dispose() it, or run the step inside tf.tidy.`,
    });
    return;
  }
  if (use !== 'binds') return;
  const { parent } = context(call);
  const id = ts.isVariableDeclaration(parent) ? parent.name : ts.isBinaryExpression(parent) ? parent.left : undefined;
  if (!id || !ts.isIdentifier(id)) return;
  const b = ts.isVariableDeclaration(parent) ? m.bindingOf(id) : m.lookupAt(id, id.text);
  if (!b || (b.kind !== 'const' && b.kind !== 'let' && b.kind !== 'var')) return;
  const declaredInLoop = ts.isVariableDeclaration(parent) && within(parent, loop.statement);
  if (declaredInLoop && b.writes.length) return;
  let disposed = false;
  const loopFn = enclosingFunction(loop);
  for (const r of b.refs) {
    if (enclosingFunction(r) !== loopFn) {
      // read inside a callback: fine in a tidy/minimize callback inside the loop, otherwise it may live on
      if (!within(r, loop) || !isInManagedCallbackWithin(ctx, r, loop)) return;
      continue;
    }
    const u = tf.tensorUse(r);
    if (u === 'disposes') disposed ||= within(r, loop);
    else if (u !== 'reads') return;
  }
  if (disposed) return;
  const fixes: FixInput[] = [];
  const stmt = parent.parent?.parent;
  if (declaredInLoop && stmt && ts.isVariableStatement(stmt) && ts.isBlock(loop.statement) && stmt.parent === loop.statement && !continues(loop.statement))
    fixes.push({ title: `Dispose ${id.text} at the end of the iteration`, edits: [appendStatement(ctx.sf, ctx.lines, loop.statement, stmt, `${id.text}.dispose();`)] });
  ctx.report({
    span: m.span(id),
    message: `${id.text} (from ${callee}) is a new tensor on every iteration of this training loop, created outside tf.tidy and never disposed${declaredInLoop ? '' : ' before it is replaced'}, so memory grows with every step. Call ${id.text}.dispose() when done with it, or create it inside tf.tidy.`,
    fixes,
  });
}

function isInManagedCallbackWithin(ctx: TfjsCheckContext, node: ts.Node, loop: ts.Node): boolean {
  for (let n = node.parent; n && n !== loop; n = n.parent) if (isFunctionNode(n) && ctx.tf.isManagedCallback(n)) return true;
  return false;
}

/** Whether a loop body has a `continue` (which would skip a dispose at its end). */
function continues(body: ts.Node): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isContinueStatement(n)) found = true;
    else ts.forEachChild(n, walk);
  };
  ts.forEachChild(body, walk);
  return found;
}

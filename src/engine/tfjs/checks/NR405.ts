// NR405 for TensorFlow.js (stage-aware, stages 4+): `model.fit`/`fitDataset` without
// `tf.callbacks.earlyStopping`. Training loops written by hand, fits inside loops and callbacks the analysis
// cannot read are left alone, as are files that stop training themselves (`model.stopTraining = true`).
import ts from 'typescript';
import { stageName } from '../../docs';
import type { FixInput } from '../../rules/rule';
import { addElement, addProperty, quoteOf } from '../edits';
import { property, propertyName, strip } from '../semantic';
import type { TfjsCheck, TfjsCheckContext } from './context';

export const checkNR405: TfjsCheck = (ctx) => {
  const { m, tf, sf } = ctx;
  if (stopsTrainingItself(ctx)) return;
  for (const fit of tf.fitCalls()) {
    const site = m.callSite(fit.call);
    if (!site || site.loops.length || fit.config === 'unknown' || ctx.hasSyntaxErrorIn(fit.call)) continue;
    const cfg = fit.config === 'absent' ? undefined : fit.config;
    const callbacks = cfg ? property(cfg, 'callbacks') : ({ kind: 'absent' } as const);
    if (callbacks.kind === 'unknown') continue;
    let list: ts.ArrayLiteralExpression | undefined;
    if (callbacks.kind === 'found') {
      const v = m.valueOf(callbacks.value);
      if (!v) continue;
      const items = ts.isArrayLiteralExpression(v) ? [...v.elements] : [v];
      if (items.some((i) => ts.isSpreadElement(i) || !isKnownCallback(ctx, i) || isEarlyStopping(ctx, i))) continue;
      list = ts.isArrayLiteralExpression(v) && strip(callbacks.value) === v ? v : undefined;
    }
    const validated = !!cfg && ['validationData', 'validationSplit'].some((k) => property(cfg, k).kind === 'found');
    const ref = tf.tfRef('callbacks.earlyStopping', fit.call);
    const q = quoteOf(sf);
    const es = `${ref}({ monitor: ${q}val_loss${q}, patience: 10 })`;
    const fixes: FixInput[] = [];
    if (validated && ref && cfg && callbacks.kind === 'absent') fixes.push({ title: 'Stop early on the validation loss', edits: [addProperty(sf, ctx.lines, cfg, `callbacks: [${es}]`)] });
    else if (validated && ref && list) fixes.push({ title: 'Stop early on the validation loss', edits: [addElement(sf, ctx.lines, list, es)] });
    const stage = ctx.stage !== undefined ? `in stage ${ctx.stage} (${stageName(ctx.stage)})` : 'while regularizing';
    ctx.report({
      span: m.span(fit.call.expression),
      message: `model.${fit.kind} trains without early stopping: ${stage}, stop when the validation loss stops improving with tf.callbacks.earlyStopping (recipe 4.11)${validated ? '' : '; it needs validation data (validationData or validationSplit) to watch'}.`,
      fixes,
    });
  }
};

/** A callback the analysis can read: a tf.callbacks.* call or an object of hooks. */
function isKnownCallback(ctx: TfjsCheckContext, e: ts.Expression): boolean {
  const v = ctx.m.valueOf(e);
  if (!v) return false;
  if (ts.isObjectLiteralExpression(v)) return true;
  return ts.isCallExpression(v) && ctx.m.tfCallee(v)?.startsWith('tf.callbacks.') === true;
}

function isEarlyStopping(ctx: TfjsCheckContext, e: ts.Expression): boolean {
  const v = ctx.m.valueOf(e);
  return !!v && ts.isCallExpression(v) && ctx.m.tfCallee(v) === 'tf.callbacks.earlyStopping';
}

/** `model.stopTraining = true` anywhere: the file implements its own stopping rule. */
function stopsTrainingItself(ctx: TfjsCheckContext): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && propertyName(strip(n.left)) === 'stopTraining') found = true;
    else ts.forEachChild(n, walk);
  };
  walk(ctx.sf);
  return found;
}

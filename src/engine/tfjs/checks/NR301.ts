// NR301 for TensorFlow.js (stage-aware, stages 2-3): `tf.train.adam(lr)` with a learning rate outside
// [1e-4, 1e-3]. The recipe's safe baseline is Adam at 3e-4 while building the skeleton and overfitting.
import ts from 'typescript';
import { stageLabel } from '../../stages/recipe';
import { replaceNode } from '../edits';
import { strip } from '../semantic';
import type { TfjsCheck } from './context';

const LOW = 1e-4;
const HIGH = 1e-3;

export const checkNR301: TfjsCheck = (ctx) => {
  const { m, tf, sf } = ctx;
  for (const site of m.calls) {
    if (m.tfCallee(site.call) !== 'tf.train.adam' || defaultNeverUsed(m.calls, site.call)) continue;
    const arg = site.call.arguments[0];
    const lr = tf.numberOf(arg);
    if (!arg || !lr || (lr.value >= LOW && lr.value <= HIGH)) continue;
    // a constant defined elsewhere is edited only when the optimizer is its one use
    const a = strip(arg);
    const fixable = lr.literal === a || (ts.isIdentifier(a) && m.bindingOf(a)?.refs.length === 1);
    ctx.report({
      span: m.span(arg),
      message: `In ${stageLabel(ctx.stage ?? 3)}, start from Adam at 3e-4: a learning rate of ${m.source(lr.literal)} is outside the safe range [1e-4, 1e-3] for a baseline (recipe 3.2).`,
      fixes: fixable ? [{ title: 'Use Adam at 3e-4', edits: [replaceNode(sf, lr.literal, '3e-4')] }] : [],
      ...(lr.literal !== arg ? { related: [{ span: m.span(lr.literal), message: 'learning rate set here' }] } : {}),
    });
  }
};

/**
 * Whether an optimizer is a parameter's default that no call of its function uses: `buildModel(shape, optimizer =
 * tf.train.adam(0.01))` where every call of `buildModel` in the file passes its own optimizer (tfjs-arima; review 124).
 */
function defaultNeverUsed(calls: readonly { call: ts.CallExpression }[], call: ts.CallExpression): boolean {
  const param = call.parent;
  if (!ts.isParameter(param) || param.initializer !== call) return false;
  const fn = param.parent;
  const index = fn.parameters.indexOf(param);
  const name =
    (ts.isMethodDeclaration(fn) || ts.isFunctionDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)
      ? fn.name.text
      : (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
        ? fn.parent.name.text
        : undefined;
  if (!name) return false;
  const callers = calls.filter(({ call: c }) => (ts.isIdentifier(c.expression) ? c.expression.text : ts.isPropertyAccessExpression(c.expression) ? c.expression.name.text : undefined) === name);
  return callers.length > 0 && callers.every(({ call: c }) => c.arguments.length > index && !c.arguments.slice(0, index + 1).some(ts.isSpreadElement) && !isUndefined(c.arguments[index]));
}

function isUndefined(e: ts.Expression): boolean {
  return ts.isIdentifier(e) && e.text === 'undefined';
}

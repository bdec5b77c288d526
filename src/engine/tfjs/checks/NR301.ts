// NR301 for TensorFlow.js (stage-aware, stages 2-3): `tf.train.adam(lr)` with a learning rate outside
// [1e-4, 1e-3]. The recipe's safe baseline is Adam at 3e-4 while building the skeleton and overfitting.
import { stageName } from '../../docs';
import { replaceNode } from '../edits';
import type { TfjsCheck } from './context';

const LOW = 1e-4;
const HIGH = 1e-3;

export const checkNR301: TfjsCheck = (ctx) => {
  const { m, tf, sf } = ctx;
  for (const site of m.calls) {
    if (m.tfCallee(site.call) !== 'tf.train.adam') continue;
    const arg = site.call.arguments[0];
    const lr = tf.numberOf(arg);
    if (!arg || !lr || (lr.value >= LOW && lr.value <= HIGH)) continue;
    const stage = ctx.stage !== undefined ? `in stage ${ctx.stage} (${stageName(ctx.stage)})` : 'while building the skeleton and overfitting';
    ctx.report({
      span: m.span(arg),
      message: `Adam with learning rate ${lr.value} is outside [1e-4, 1e-3]: ${stage} start from the safe baseline 3e-4 and tune later (recipe 3.2).`,
      fixes: [{ title: 'Use Adam at 3e-4', edits: [replaceNode(sf, lr.literal, '3e-4')] }],
      ...(lr.literal !== arg ? { related: [{ span: m.span(lr.literal), message: 'learning rate set here' }] } : {}),
    });
  }
};

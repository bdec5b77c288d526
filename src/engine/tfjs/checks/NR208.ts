// NR208 for TensorFlow.js: probabilities fed to a loss that expects logits, and the mirror mistake tf.js makes
// easy: its 'categoricalCrossentropy' (and 'binaryCrossentropy') expect probabilities, so a last layer
// without an activation feeds them logits.
import ts from 'typescript';
import type { FixInput } from '../../rules/rule';
import { addProperty, quoteOf, quoted, replaceNode } from '../edits';
import type { ActivationFact, LossFact } from '../facts';
import { methodOf, property, strip } from '../semantic';
import type { TfjsCheck, TfjsCheckContext } from './context';

const PROBABILITY_LOSS = { softmax: 'categoricalCrossentropy', sigmoid: 'binaryCrossentropy' } as const;

export const checkNR208: TfjsCheck = (ctx) => {
  for (const site of ctx.m.calls) {
    const mo = methodOf(site.call);
    if (mo?.name === 'compile') checkCompile(ctx, site.call, mo.receiver);
    else checkLossCall(ctx, site.call);
  }
};

/** `model.compile({loss})` against the model's last layer. */
function checkCompile(ctx: TfjsCheckContext, call: ts.CallExpression, receiver: ts.Expression): void {
  const { tf, m, sf } = ctx;
  const model = tf.modelOf(receiver, call);
  const last = model?.last;
  const cfg = tf.config(call, 0);
  if (!last || typeof cfg === 'string' || ctx.hasSyntaxErrorIn(call) || ctx.hasSyntaxErrorIn(last.call)) return;
  const p = property(cfg, 'loss');
  if (p.kind !== 'found') return;
  const loss = tf.lossOf(p.value);
  const act = loss && tf.activationOf(last);
  if (!loss || !act) return;
  const lastLayer = { span: m.span(last.call), message: act.name === 'linear' ? 'last layer: no activation, it outputs logits' : `last layer: ${act.name} activation` };
  const quote = quoteOf(sf, act.value && strip(act.value));
  if (loss.expects === 'logits' && (act.name === 'softmax' || act.name === 'sigmoid')) {
    const fixes: FixInput[] = [];
    if (act.name === loss.family) fixes.push({ title: `Use '${PROBABILITY_LOSS[act.name]}', which expects probabilities`, edits: [replaceNode(sf, p.value, quoted(PROBABILITY_LOSS[act.name], quote))] });
    if (act.value && last.inline) fixes.push({ title: `Remove the ${act.name} so the loss receives logits`, edits: [replaceNode(sf, act.value, quoted('linear', quote))] });
    ctx.report({
      span: m.span(p.value),
      message: `${loss.label} expects logits and applies ${loss.family} itself, but the model's last layer already applies ${act.name}: the values are squashed twice and training slows as predictions get confident.`,
      related: [lastLayer],
      fixes,
    });
  } else if (loss.expects === 'probabilities' && act.name === 'linear') {
    const units = last.config && property(last.config, 'units');
    if (loss.family === 'softmax' && units?.kind === 'found' && tf.numberOf(units.value)?.value === 1) return; // a different mistake
    const fixes: FixInput[] = [];
    if (last.inline && last.config)
      fixes.push({
        title: `Add activation: '${loss.family}' to the last layer`,
        edits: [act.value ? replaceNode(sf, act.value, quoted(loss.family, quote)) : addProperty(sf, ctx.lines, last.config, `activation: ${quoted(loss.family, quote)}`)],
      });
    ctx.report({
      span: m.span(p.value),
      message: `${loss.label} expects probabilities, but the model's last layer has no activation and outputs logits: the loss reads raw scores as probabilities and the model trains wrong without an error. Add activation: '${loss.family}' to the last layer${loss.family === 'softmax' ? ', or use tf.losses.softmaxCrossEntropy' : ''}.`,
      related: [lastLayer],
      fixes,
    });
  }
}

/** `tf.losses.softmaxCrossEntropy(labels, x)` where x went through softmax (or sigmoid). */
function checkLossCall(ctx: TfjsCheckContext, call: ts.CallExpression): void {
  const { tf, m, sf } = ctx;
  const q = m.tfCallee(call);
  if (q !== 'tf.losses.softmaxCrossEntropy' && q !== 'tf.losses.sigmoidCrossEntropy') return;
  const loss = tf.lossOf(call.expression) as LossFact;
  const arg = call.arguments[1];
  const origin = arg && probabilityOrigin(ctx, arg);
  if (!origin) return;
  const fixes: FixInput[] = [];
  if (origin.input) {
    const input = strip(origin.input);
    const inline = strip(arg) === origin.node;
    const sameName = ts.isIdentifier(input) && m.lookupAt(call, input.text) === m.bindingOf(input);
    if (inline || sameName) fixes.push({ title: `Pass the logits, before the ${origin.act.name}`, edits: [replaceNode(sf, arg, m.source(input))] });
  }
  ctx.report({
    span: m.span(call),
    message: `${loss.label} expects logits and applies ${loss.family} itself, but receives the output of ${origin.act.name}: the values are squashed twice and training slows as predictions get confident.`,
    related: [{ span: m.span(origin.node), message: `${origin.act.name} applied here` }],
    fixes,
  });
}

/** Where a value got its softmax/sigmoid: a tf op (with its input), a model whose last layer applies it, or a layer. */
function probabilityOrigin(ctx: TfjsCheckContext, e: ts.Expression): { node: ts.Node; act: ActivationFact; input?: ts.Expression } | undefined {
  const { tf, m } = ctx;
  const v = m.valueOf(e);
  if (!v || !ts.isCallExpression(v)) return undefined;
  const q = m.tfCallee(v);
  if (q === 'tf.softmax' || q === 'tf.sigmoid') return v.arguments[0] ? { node: v, act: { name: q.slice(3) }, input: v.arguments[0] } : undefined;
  const mo = methodOf(v);
  if (!mo || q) return undefined;
  if ((mo.name === 'softmax' || mo.name === 'sigmoid') && v.arguments.length <= 1) return { node: v, act: { name: mo.name }, input: mo.receiver };
  if (mo.name !== 'predict' && mo.name !== 'apply') return undefined;
  const layer = tf.modelOf(mo.receiver)?.last ?? (mo.name === 'apply' ? tf.layerOf(mo.receiver) : undefined);
  const act = layer && tf.activationOf(layer);
  return act && (act.name === 'softmax' || act.name === 'sigmoid') ? { node: v, act } : undefined;
}

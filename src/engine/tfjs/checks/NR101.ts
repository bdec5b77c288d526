// NR101 for TensorFlow.js: training data that is never shuffled. `model.fit(x, y, {shuffle: false})`, and a
// tf.data pipeline from an array or CSV file that reaches `model.fitDataset` without `.shuffle()`.
import ts from 'typescript';
import type { FixInput } from '../../rules/rule';
import { replaceNode } from '../edits';
import type { FitCall } from '../facts';
import { methodOf, property, strip } from '../semantic';
import type { TfjsCheck, TfjsCheckContext } from './context';

/** Sources whose examples come in file order. */
const ORDERED_SOURCES = new Set(['array', 'csv']);

export const checkNR101: TfjsCheck = (ctx) => {
  // stateful RNNs need their batches in order
  let stateful: boolean | undefined;
  const hasStatefulLayer = (): boolean => (stateful ??= ctx.tf.layers().some((l) => isTrue(ctx, l.config, 'stateful')));
  for (const fit of ctx.tf.fitCalls()) {
    if (fit.kind === 'fit') shuffleOff(ctx, fit, hasStatefulLayer);
    else unshuffledPipeline(ctx, fit);
  }
};

function shuffleOff(ctx: TfjsCheckContext, fit: FitCall, hasStatefulLayer: () => boolean): void {
  const { m, sf } = ctx;
  if (typeof fit.config === 'string') return;
  const p = property(fit.config, 'shuffle');
  if (p.kind !== 'found') return;
  const v = m.valueOf(p.value);
  if (v?.kind !== ts.SyntaxKind.FalseKeyword || hasStatefulLayer()) return;
  ctx.report({
    span: m.span(p.node),
    message: 'model.fit with shuffle: false shows the training examples in the same order every epoch, so batches are not random samples and the model can learn the order. Leave shuffling on.',
    // unsafe: `false` was written on purpose, maybe for a reason the analysis cannot see
    fixes: [{ title: 'Shuffle the training data every epoch', safety: 'unsafe', edits: [replaceNode(sf, strip(p.value) === v ? v : p.value, 'true')] }],
  });
}

function isTrue(ctx: TfjsCheckContext, obj: ts.ObjectLiteralExpression | undefined, name: string): boolean {
  const p = obj && property(obj, name);
  return p?.kind === 'found' && ctx.m.valueOf(p.value)?.kind === ts.SyntaxKind.TrueKeyword;
}

function unshuffledPipeline(ctx: TfjsCheckContext, fit: FitCall): void {
  const { tf, m } = ctx;
  const chain = tf.datasetChain(fit.data);
  if (!chain || !fit.data || chain.steps.some((s) => s.name === 'shuffle')) return;
  if (!orderedSource(ctx, chain.source, 0)) return;
  if (ctx.hasSyntaxErrorIn(fit.call)) return;
  const fixes: FixInput[] = [];
  const batch = chain.steps.find((s) => s.name === 'batch');
  const batchOn = batch && methodOf(batch.call)?.receiver;
  if (batchOn) {
    const arr = chain.sourceKind === 'array' ? chain.source.arguments[0] : undefined;
    const name = arr && ts.isIdentifier(strip(arr)) ? (strip(arr) as ts.Identifier) : undefined;
    const visible = name && m.lookupAt(batch.call, name.text) === m.bindingOf(name);
    const size = visible && name ? `${name.text}.length` : '1000';
    fixes.push({ title: `Shuffle before batching (.shuffle(${size}))`, edits: [{ start: batchOn.end, end: batchOn.end, newText: `.shuffle(${size})` }] });
  }
  ctx.report({
    span: m.span(fit.data),
    message: `This tf.data pipeline feeds model.fitDataset without .shuffle(): every epoch sees the examples in the order of the ${chain.sourceKind === 'csv' ? 'file' : 'array'}, so batches are not random samples. Add .shuffle(bufferSize) before .batch().`,
    related: [{ span: m.span(chain.source), message: 'the pipeline starts here' }],
    fixes,
  });
}

/** Whether a pipeline source gives its examples in a fixed order that nothing shuffled beforehand. */
function orderedSource(ctx: TfjsCheckContext, source: ts.CallExpression, depth: number): boolean {
  const { tf, m } = ctx;
  const kind = m.tfCallee(source)?.slice('tf.data.'.length);
  if (kind === 'zip') {
    const arg = source.arguments[0] && m.valueOf(source.arguments[0]);
    const parts = arg && ts.isObjectLiteralExpression(arg) ? arg.properties.map((p) => (ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined)) : arg && ts.isArrayLiteralExpression(arg) ? [...arg.elements] : [];
    return (
      depth < 3 &&
      parts.length > 0 &&
      parts.every((p) => {
        const c = p && !ts.isSpreadElement(p) ? tf.datasetChain(p) : undefined;
        return !!c && !c.steps.some((s) => s.name === 'shuffle') && orderedSource(ctx, c.source, depth + 1);
      })
    );
  }
  if (!kind || !ORDERED_SOURCES.has(kind)) return false;
  return kind === 'csv' || !shuffledBefore(ctx, source.arguments[0]);
}

/** Whether an array was shuffled before it became a dataset (`tf.util.shuffle(examples)`, `_.shuffle(rows)`). */
function shuffledBefore(ctx: TfjsCheckContext, arr: ts.Expression | undefined): boolean {
  if (!arr) return true;
  const { m } = ctx;
  const named = (call: ts.Node): boolean => ts.isCallExpression(call) && /shuffle/i.test(calleeName(call.expression));
  const v = m.valueOf(arr);
  if (!v || named(v)) return true;
  const s = strip(arr);
  const b = ts.isIdentifier(s) ? m.bindingOf(s) : undefined;
  return !!b && b.refs.some((r) => named(r.parent) && (r.parent as ts.CallExpression).arguments.includes(r));
}

/** The last name of a callee: `shuffle` for `tf.util.shuffle` or `shuffle`. */
function calleeName(e: ts.Expression): string {
  const s = strip(e);
  return ts.isPropertyAccessExpression(s) ? s.name.text : ts.isIdentifier(s) ? s.text : '';
}

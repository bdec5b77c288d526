// NR203 for TensorFlow.js: validation on a few batches instead of the whole validation set.
// `fitDataset(ds, {validationBatches: 2})`, `validationData: valDs.take(2)` after `.batch()`, and
// `fit(x, y, {validationData: [xVal.slice(0, 64), yVal.slice(0, 64)]})`.
import ts from 'typescript';
import type { FixInput } from '../../rules/rule';
import type { TextEdit } from '../../types';
import { removeProperty, replaceNode } from '../edits';
import type { FitCall } from '../facts';
import { methodOf, numberLiteral, property, strip } from '../semantic';
import type { TfjsCheck, TfjsCheckContext } from './context';

/** At most this many batches is "a few". */
const FEW_BATCHES = 10;
const DEFAULT_BATCH_SIZE = 32;

export const checkNR203: TfjsCheck = (ctx) => {
  for (const fit of ctx.tf.fitCalls()) {
    if (typeof fit.config === 'string' || ctx.hasSyntaxErrorIn(fit.call)) continue;
    if (fit.kind === 'fitDataset') {
      validationBatches(ctx, fit.config);
      takenBatches(ctx, fit.config);
    } else slicedTensors(ctx, fit, fit.config);
  }
};

const MESSAGE = 'so the validation metrics rest on a few batches and are too noisy to compare runs. Evaluate on the whole validation set (recipe 2.3).';

function validationBatches(ctx: TfjsCheckContext, cfg: ts.ObjectLiteralExpression): void {
  const { tf, m, sf } = ctx;
  const p = property(cfg, 'validationBatches');
  const n = p.kind === 'found' ? tf.numberOf(p.value)?.value : undefined;
  if (p.kind !== 'found' || n === undefined || n > FEW_BATCHES) return;
  const data = property(cfg, 'validationData');
  const chain = data.kind === 'found' ? tf.datasetChain(data.value) : undefined;
  // an endless (repeated) validation set needs the limit: no fix then
  const fixes: FixInput[] = chain && !chain.steps.some((s) => s.name === 'repeat') ? [{ title: 'Validate on the whole validation dataset', edits: [removeProperty(sf, cfg, p.node)] }] : [];
  ctx.report({ span: m.span(p.node), message: `validationBatches: ${n} stops validation after ${n} batch${n === 1 ? '' : 'es'}, ${MESSAGE}`, fixes });
}

function takenBatches(ctx: TfjsCheckContext, cfg: ts.ObjectLiteralExpression): void {
  const { tf, m } = ctx;
  const data = property(cfg, 'validationData');
  const chain = data.kind === 'found' ? tf.datasetChain(data.value) : undefined;
  if (!chain) return;
  const batchAt = chain.steps.findIndex((s) => s.name === 'batch');
  const take = chain.steps.find((s, i) => s.name === 'take' && batchAt >= 0 && i > batchAt);
  const arg = take?.call.arguments[0];
  const n = arg && numberLiteral(m.valueOf(arg));
  if (!take || n === undefined || n > FEW_BATCHES || n < 0) return;
  const recv = methodOf(take.call)?.receiver as ts.Expression;
  // (a split of one dataset, `validation = ds.take(n)` and `train = ds.skip(n)`: the n batches are the whole
  // validation set, and removing `.take(n)` would validate on the training batches too; review 138)
  if (skippedElsewhere(ctx.sf, recv)) return;
  ctx.report({
    span: m.span(take.call),
    message: `.take(${n}) after .batch() keeps ${n} validation batch${n === 1 ? '' : 'es'}, ${MESSAGE}`,
    fixes: [{ title: 'Validate on the whole validation dataset', edits: [{ start: recv.end, end: take.call.end, newText: '' }] }],
  });
}

/** Whether the file also calls `.skip(…)` on the same receiver as a `.take(…)` (`ds.take(2)` and `ds.skip(2)`). */
function skippedElsewhere(sf: ts.SourceFile, recv: ts.Expression): boolean {
  const text = recv.getText(sf);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'skip' && node.expression.expression.getText(sf) === text) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function slicedTensors(ctx: TfjsCheckContext, fit: FitCall, cfg: ts.ObjectLiteralExpression): void {
  const { tf, m, sf } = ctx;
  const data = property(cfg, 'validationData');
  const list = data.kind === 'found' ? m.valueOf(data.value) : undefined;
  if (!list || !ts.isArrayLiteralExpression(list) || list.elements.length < 2) return;
  const bs = property(cfg, 'batchSize');
  const batchSize = bs.kind === 'found' ? tf.numberOf(bs.value)?.value : bs.kind === 'absent' ? DEFAULT_BATCH_SIZE : undefined;
  if (!batchSize) return;
  const training = [fit.call.arguments[0], fit.call.arguments[1]].map((a) => a && rootOf(ctx, a));
  const slices = list.elements.slice(0, 2).map((el) => headSlice(ctx, el));
  if (slices.some((s) => !s || s.count > FEW_BATCHES * batchSize || training.includes(rootOf(ctx, s.source)))) return;
  const edits: TextEdit[] = [];
  for (const [i, s] of slices.entries()) if (s && strip(list.elements[i]) === s.call) edits.push(replaceNode(sf, s.call, m.source(s.source)));
  const count = (slices[0] as { count: number }).count;
  ctx.report({
    span: m.span(data.kind === 'found' ? data.node : list),
    message: `validationData keeps the first ${count} examples of the validation set (${Math.ceil(count / batchSize)} batch${count > batchSize ? 'es' : ''}), ${MESSAGE}`,
    fixes: edits.length === 2 ? [{ title: 'Validate on the whole validation set', edits }] : [],
  });
}

/** `x.slice(0, n)` / `tf.slice(x, 0, n)` / `x.slice([0, 0], [n, -1])`: the first n examples of x. */
function headSlice(ctx: TfjsCheckContext, e: ts.Expression): { call: ts.CallExpression; source: ts.Expression; count: number } | undefined {
  const { m } = ctx;
  const v = m.valueOf(e);
  if (!v || !ts.isCallExpression(v)) return undefined;
  const q = m.tfCallee(v);
  const mo = methodOf(v);
  const [source, begin, size] = q === 'tf.slice' ? v.arguments : !q && mo?.name === 'slice' ? [mo.receiver, ...v.arguments] : [];
  if (!source || !begin || !size) return undefined;
  const first = (x: ts.Expression): number | undefined => {
    const s = m.valueOf(x);
    return s && ts.isArrayLiteralExpression(s) ? numberLiteral(s.elements[0]) : numberLiteral(s);
  };
  const count = first(size);
  return first(begin) === 0 && count !== undefined && count > 0 ? { call: v, source, count } : undefined;
}

/** The variable or expression a tensor comes from, to compare validation with training data. */
function rootOf(ctx: TfjsCheckContext, e: ts.Expression): ts.Node {
  const s = strip(e);
  if (ts.isIdentifier(s)) {
    const b = ctx.m.bindingOf(s);
    if (b) return b.id;
  }
  return ctx.m.valueOf(e) ?? s;
}

// NR405 for TensorFlow.js (stage-aware, stages 4+): `model.fit`/`fitDataset` without
// `tf.callbacks.earlyStopping`, and epoch loops written around one-epoch fits that never stop early. Training loops
// written by hand, other fits inside loops and callbacks the analysis cannot read are left alone, as are files that
// stop training themselves (`model.stopTraining = true`).
import ts from 'typescript';
import { stageLabel } from '../../stages/recipe';
import { property } from '../semantic';
import type { TfjsCheck, TfjsCheckContext } from './context';

export const checkNR405: TfjsCheck = (ctx) => {
  const { m, tf } = ctx;
  if (m.writtenProperties.has('stopTraining')) return; // the file implements its own stopping rule
  for (const fit of tf.fitCalls()) {
    const site = m.callSite(fit.call);
    if (!site || fit.config === 'unknown' || ctx.hasSyntaxErrorIn(fit.call)) continue;
    const cfg = fit.config === 'absent' ? undefined : fit.config;
    // a fit that holds nothing out has no validation loss to stop on, as a Python fit without validation data: an XOR
    // network fitted to its four points, an autoencoder fitted to reproduce its inputs (`fit(everyWord, everyWord, …)`,
    // tfjs-text-experiment; review 124)
    if (!cfg || !['validationData', 'validationSplit'].some((k) => property(cfg, k).kind === 'found')) continue;
    if (site.loops.length) {
      // an epoch loop written around one-epoch fits (`for (let i = 0; i < numEpochs; ++i) await model.fit(xs, ys,
      // {epochs: 1, validationSplit})`, tfjs-examples' lstm-text-generation): it runs every epoch, validated, and never
      // leaves early; other fits in loops (over folds, datasets, rounds) are left alone
      const loop = epochLoopAround(ctx, site.loops, cfg);
      if (loop)
        ctx.report({
          // the loop's header, `for (let i = 0; i < numEpochs; ++i)`
          span: { from: m.span(loop).from, to: loop.statement.pos },
          message: `In ${stageLabel(ctx.stage ?? 4)}, stop on the validation loss: this loop fits one epoch at a time and always runs every epoch, though each fit reports a validation loss. Break out of the loop when the validation loss (\`history.history.val_loss\`) has not improved for a few epochs, and keep the best weights (recipe 4.11).`,
        });
      continue;
    }
    const callbacks = property(cfg, 'callbacks');
    if (callbacks.kind === 'unknown') continue;
    if (callbacks.kind === 'found') {
      const v = m.valueOf(callbacks.value);
      // `callbacks.push(tf.callbacks.earlyStopping(...))` after the array was declared: its literal is not the whole list
      if (!v || m.isMutated(callbacks.value)) continue;
      const items = ts.isArrayLiteralExpression(v) ? [...v.elements] : [v];
      if (items.some((i) => ts.isSpreadElement(i) || !isKnownCallback(ctx, i) || isEarlyStopping(ctx, i))) continue;
    }
    // one epoch (the literal, or `fit`'s default): there is no later epoch for early stopping to skip
    const epochs = property(cfg, 'epochs');
    if (epochs.kind === 'absent' ? fit.kind === 'fit' : epochs.kind === 'found' && epochCount(ctx, epochs.value) <= 1) continue;
    // No fix: NR405 declares none (adding a callback changes how long training runs; the message says what to add).
    ctx.report({
      span: m.span(fit.call.expression),
      message: `In ${stageLabel(ctx.stage ?? 4)}, stop on the validation loss: this ${fit.kind} always runs every epoch it is given. Add tf.callbacks.earlyStopping({monitor: 'val_loss'}) (recipe 4.11).`,
    });
  }
};

/**
 * The loop a one-epoch fit with validation data is the epoch loop of: the innermost loop around it, a counting
 * `for (…; i < n; …)` with no `break` or `return` in its body (nothing stops it early), nor a write of
 * `stopTraining` (checked for the whole file above).
 */
function epochLoopAround(ctx: TfjsCheckContext, loops: ts.IterationStatement[], cfg: ts.ObjectLiteralExpression): ts.ForStatement | undefined {
  const loop = loops[loops.length - 1];
  if (!loop || !ts.isForStatement(loop) || !loop.condition || !ts.isBinaryExpression(loop.condition)) return undefined;
  const op = loop.condition.operatorToken.kind;
  if (op !== ts.SyntaxKind.LessThanToken && op !== ts.SyntaxKind.LessThanEqualsToken) return undefined;
  const epochs = property(cfg, 'epochs');
  if (epochs.kind !== 'found' || epochCount(ctx, epochs.value) !== 1) return undefined;
  let leaves = false;
  const visit = (n: ts.Node): void => {
    if (leaves || ts.isFunctionLike(n)) return;
    if (ts.isBreakStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n)) leaves = true;
    else ts.forEachChild(n, visit);
  };
  visit(loop.statement);
  return leaves ? undefined : loop;
}

/** The number of epochs when it is a literal (through constants), else Infinity. */
function epochCount(ctx: TfjsCheckContext, e: ts.Expression): number {
  const v = ctx.m.valueOf(e);
  return v && ts.isNumericLiteral(v) ? Number(v.text) : Infinity;
}

/** A callback the analysis can read: a tf.callbacks.* call or an object of hooks. */
function isKnownCallback(ctx: TfjsCheckContext, e: ts.Expression): boolean {
  const v = ctx.m.valueOf(e);
  if (!v) return false;
  if (ts.isObjectLiteralExpression(v)) return true;
  return ts.isCallExpression(v) && ctx.m.tfCallee(v)?.startsWith('tf.callbacks.') === true;
}

/**
 * A callback that stops early or keeps the best weights: `tf.callbacks.earlyStopping(…)`, or hooks that compare a
 * validation metric of the logs and save the model under it (`onEpochEnd: … if (logs.val_loss < best) { …
 * model.save(…) }`), the way Python keeps a best checkpoint.
 */
function isEarlyStopping(ctx: TfjsCheckContext, e: ts.Expression): boolean {
  const v = ctx.m.valueOf(e);
  if (!v) return false;
  if (ts.isCallExpression(v)) return ctx.m.tfCallee(v) === 'tf.callbacks.earlyStopping';
  if (!ts.isObjectLiteralExpression(v)) return false;
  let keepsBest = false;
  const visit = (n: ts.Node): void => {
    if (keepsBest) return;
    if (ts.isIfStatement(n) && namesValidation(n.expression) && savesModel(n.thenStatement)) keepsBest = true;
    else ts.forEachChild(n, visit);
  };
  visit(v);
  return keepsBest;
}

/** Whether an expression reads a validation metric: `logs.val_loss`, `valLoss`, `logs['val_acc']`. */
function namesValidation(e: ts.Node): boolean {
  if ((ts.isIdentifier(e) || ts.isStringLiteralLike(e)) && /^(val_|val[A-Z]|validation)/.test(e.text)) return true;
  return ts.forEachChild(e, namesValidation) ?? false;
}

/** Whether code saves a model (`model.save(…)`, `await tf.io…`-style saves through `.save(`). */
function savesModel(n: ts.Node): boolean {
  let found = false;
  const visit = (x: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && x.expression.name.text === 'save') found = true;
    else ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

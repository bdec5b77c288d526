// Evidence of the recipe's stages in TensorFlow.js training scripts, for the stage report (stages/assess.ts):
// what trains (model.fit, fitDataset, hand-written training loops), early stopping and its patience, dropout
// layers, weight regularizers, and Adam at the baseline learning rate. Read from the same facts the rules use.
import ts from 'typescript';
import type { RawEvidence } from '../stages/python-evidence';
import { snippet } from '../text';
import type { EvidenceKind } from '../stages/types';
import type { TfFacts } from './facts';
import { methodOf, numberLiteral, property, type TfModule, writtenProperty } from './semantic';
import { RANDOM_OPS, seedDrawnEachRun, seedsMathRandom } from './checks/NR201';

/** Regularizer factories: all have a positive default strength, so a regularizer that is built regularizes. */
const REGULARIZERS = new Set(['tf.regularizers.l1', 'tf.regularizers.l2', 'tf.regularizers.l1l2']);

export function tfjsEvidenceOf(m: TfModule, tf: TfFacts, text: string): { training: boolean; evidence: RawEvidence[] } {
  const evidence: RawEvidence[] = [];
  const add = (kind: EvidenceKind, tips: string[], stage: number | undefined, message: string, node: ts.Node): void => {
    evidence.push({ kind, tips, ...(stage ? { stage } : {}), message, span: m.span(node) });
  };
  const code = (node: ts.Node): string => snippet(text, m.span(node));
  if (!m.importsTfjs) return { training: false, evidence };

  for (const fit of tf.fitCalls()) add('training', [], 2, `trains: ${code(fit.call.expression)}()`, fit.call);
  for (const loop of tf.trainingLoops()) add('training', [], 2, 'training loop', loop);

  // 2.3: validation over the whole held-out split each epoch (`validationSplit`, or `validationData` unless
  // `validationBatches` cuts it short), and a model's `evaluate(xs, ys)` (every example of the tensors it is handed)
  for (const fit of tf.fitCalls()) {
    if (typeof fit.config !== 'object') continue;
    // (as the literal writes them: a trailing `...options` of a helper's callers does not hide them; review 138)
    const split = writtenProperty(fit.config, 'validationSplit');
    const data = writtenProperty(fit.config, 'validationData');
    const cut = writtenProperty(fit.config, 'validationBatches');
    const held = split.kind === 'found' ? split : data.kind === 'found' && cut.kind !== 'found' ? data : undefined;
    if (held?.kind === 'found') add('full-eval', ['2.3'], 2, `full-set evaluation: every epoch validates on ${held === split ? `the held-out fraction (validationSplit: ${code(held.value)})` : code(held.value)}`, held.value);
  }
  // 2.1: a seed fixed for tf.js's random draws (`Math.seedrandom(…)`, a random op or an initializer handed its seed)
  for (const site of m.calls) {
    const call = site.call;
    const callee = m.tfCallee(call);
    // (not a seed drawn on every run: `heNormal({ seed: Math.random() })`)
    const fixed = (e: ts.Expression | undefined): boolean => e !== undefined && !seedDrawnEachRun(e);
    const seeded =
      seedsMathRandom(m, call) ||
      (callee !== undefined && callee in RANDOM_OPS && fixed(call.arguments[RANDOM_OPS[callee]])) ||
      (callee?.startsWith('tf.initializers.') === true &&
        call.arguments.some((a) => {
          const seed = ts.isObjectLiteralExpression(a) ? property(a, 'seed') : undefined;
          return seed?.kind === 'found' && fixed(seed.value);
        }));
    if (seeded) add('seed', ['2.1'], 2, `seed fixed: ${code(call)}`, call);
    const mo = methodOf(call);
    if (mo?.name === 'evaluate' && call.arguments.length >= 2 && tf.mayBeModel(mo.receiver)) add('full-eval', ['2.3'], 2, `full-set evaluation: ${code(call)}`, call);
  }
  for (const site of m.calls) {
    const call = site.call;
    const callee = m.tfCallee(call);
    if (callee === 'tf.callbacks.earlyStopping') {
      add('early-stopping', ['4.11'], 4, `early stopping: ${code(call)}`, call);
      const cfg = call.arguments[0] && m.valueOf(call.arguments[0]);
      const patience = cfg && ts.isObjectLiteralExpression(cfg) ? property(cfg, 'patience') : undefined;
      const value = patience?.kind === 'found' ? numberLiteral(m.valueOf(patience.value) ?? patience.value) : undefined;
      if (patience?.kind === 'found' && value !== undefined && value >= 10) add('patience', ['6.2'], undefined, `patient early stopping (patience ${value})`, patience.value);
    } else if (callee && REGULARIZERS.has(callee)) {
      add('weight-decay', ['4.10'], 4, `weight regularizer: ${code(call)}`, call);
    } else if (callee === 'tf.train.adam') {
      const lr = call.arguments[0] ? numberLiteral(m.valueOf(call.arguments[0]) ?? call.arguments[0]) : 0.001;
      if (lr !== undefined && lr >= 1e-4 && lr <= 1e-3) add('adam-baseline', ['3.2'], undefined, `Adam at lr=${lr}`, call);
    } else if (methodOf(call)?.name === 'compile' && call.arguments[0]) {
      // model.compile({optimizer: 'adam', …}): Adam at its default learning rate, 1e-3
      const cfg = m.valueOf(call.arguments[0]);
      const opt = cfg && ts.isObjectLiteralExpression(cfg) ? property(cfg, 'optimizer') : undefined;
      const name = opt?.kind === 'found' ? m.valueOf(opt.value) : undefined;
      if (name && ts.isStringLiteralLike(name) && name.text.toLowerCase() === 'adam') add('adam-baseline', ['3.2'], undefined, "Adam at its default lr=0.001 (optimizer: 'adam')", name);
    }
  }
  for (const layer of tf.layers()) {
    if (layer.kind === 'dropout' || layer.kind === 'spatialDropout1d' || layer.kind === 'alphaDropout' || layer.kind === 'gaussianDropout') add('dropout', ['4.9'], 4, `dropout: ${code(layer.call)}`, layer.call);
  }
  evidence.sort((a, b) => a.span.from - b.span.from);
  return { training: tf.isTrainingScript(), evidence };
}

// NR203 in configs: evaluation on part of the data. Lightning's `limit_val_batches`/`limit_test_batches` below 1.0,
// or a small integer (an int is a number of batches: `1` is one batch, `1.0` all of them), and the Hugging Face
// example scripts' `max_eval_samples`. 0 (evaluation switched off) is left alone, and so are trainers that
// overfit a batch or make a fast dev run on purpose.
import type { ConfigCheck } from '../context';
import { debugOverride } from '../kinds';
import { replaceScalar } from '../edits';
import { hfArguments, trainerSettings } from '../facts';
import { boolOf, isIntLiteral, numberOf, pairOf, valueOf } from '../tree';

/** Batch counts up to this many are reported; larger caps are usually a deliberate budget for huge sets. */
const SMALL_COUNT = 100;

export const checkNR203: ConfigCheck = (ctx) => {
  // a debugging override (`configs/debug/limit.yaml`: `limit_val_batches: 0.05`) cuts the evaluation on purpose
  for (const t of debugOverride(ctx.path) ? [] : trainerSettings(ctx.doc, ctx.kinds, ctx.path)) {
    if ((numberOf(valueOf(t, 'overfit_batches')) ?? 0) > 0 || boolOf(valueOf(t, 'fast_dev_run')) === true || (numberOf(valueOf(t, 'fast_dev_run')) ?? 0) > 0) continue;
    for (const key of ['limit_val_batches', 'limit_test_batches']) {
      const v = valueOf(t, key);
      const n = numberOf(v);
      if (!v || v.k !== 'scalar' || n === undefined || n <= 0) continue;
      const int = isIntLiteral(v);
      if (int ? n > SMALL_COUNT : n >= 1) continue;
      const set = key === 'limit_val_batches' ? 'validation' : 'test';
      const what = int ? (n === 1 ? `\`${key}: 1\` is an integer: Lightning evaluates one batch, not the whole ${set} set (\`1.0\` is all of it)` : `\`${key}: ${v.source}\` evaluates only ${n} batches of the ${set} set`) : `\`${key}: ${v.source}\` evaluates only ${Math.round(n * 100)}% of the ${set} set`;
      ctx.report({
        span: v,
        message: `${what}: the metric covers part of the data and is noisier than it looks. Evaluate on the whole set.`,
        fixes: [{ title: `Evaluate on the whole ${set} set (${key}: 1.0)`, edits: [replaceScalar(v, '1.0')] }],
      });
    }
  }
  const hf = hfArguments(ctx.doc, ctx.kinds);
  const p = pairOf(hf, 'max_eval_samples');
  const n = numberOf(p?.value);
  if (p?.value?.k === 'scalar' && n !== undefined && n > 0) {
    ctx.report({
      span: p.value,
      message: `\`max_eval_samples: ${p.value.source}\` evaluates only the first ${n} examples: the metric covers part of the data and is noisier than it looks. Evaluate on the whole set.`,
      fixes: [{ title: 'Evaluate on the whole set (max_eval_samples: null)', edits: [replaceScalar(p.value, 'null')] }],
    });
  }
};

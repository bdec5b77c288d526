import { outsideSupervised } from '../../python/facts-paradigm';
import { afterImports, replace } from '../../python/edits';
import { constantNumber } from '../../python/facts-values';
import { branchTaken, isConditional, optionDefault, pickedAmongOptimizers } from '../../python/facts-recipe';
import type { Expr } from '../../python/ir';
import { type CallExpr, type PyModule, type Scope, argument, callSitesNamed, kwarg, perModule } from '../../python/semantic';
import { canonical } from '../../python/torch';
import type { TextEdit } from '../../types';
import { type PythonRuleContext, defineRule } from '../rule';

/** The `weight_decay` that is certainly above zero: the argument, or a parameter group's entry. */
function positiveDecay(ctx: PythonRuleContext, call: CallExpr, scope: Scope): Expr | undefined {
  const m = ctx.module;
  // (a command-line option's default too: `weight_decay=args.weight_decay` with `default=1e-4`)
  const positive = (e: Expr | undefined): boolean => {
    const v = e && (constantNumber(m, e, scope) ?? optionDefault(m, e, scope)?.value);
    // (a decay under 1e-6, MPRNet's `weight_decay=1e-8`, is there to be there: it regularises nothing, coupled or not)
    return v !== undefined && v >= 1e-6;
  };
  const wd = argument(call, 4, 'weight_decay');
  if (wd && positive(wd)) return wd;
  const groups = call.args[0] ?? kwarg(call, 'params')?.value;
  if (groups?.k === 'seq') {
    for (const g of groups.items) {
      if (g.k !== 'dict') continue;
      const entry = g.entries.find((en) => en.key?.k === 'str' && en.key.value === 'weight_decay');
      if (entry && positive(entry.value)) return entry.value;
    }
  }
  return undefined;
}

/** ` (1e-4 by default)` when the decay is a command-line option's default, not a number of the code. */
function defaultNote(ctx: PythonRuleContext, wd: Expr, scope: Scope): string {
  if (constantNumber(ctx.module, wd, scope) !== undefined) return '';
  const d = optionDefault(ctx.module, wd, scope);
  return d ? ` (${d.text} by default)` : '';
}

/** Edits that switch the callee to AdamW, importing it when the call used a bare `Adam`. */
function toAdamW(ctx: PythonRuleContext, call: CallExpr): TextEdit[] | undefined {
  const fn = call.fn;
  if (fn.k === 'attr') return [replace({ from: fn.attrFrom, to: fn.to }, 'AdamW')];
  if (fn.k !== 'name') return undefined;
  const edits = [replace(fn, 'AdamW')];
  const imported = ctx.module.scope.imports.get('AdamW');
  if (imported === undefined) {
    const at = afterImports(ctx.lines, ctx.module.stmts);
    edits.push({ start: at, end: at, newText: 'from torch.optim import AdamW' + ctx.lines.eol() });
  } else if (canonical(imported) !== 'torch.optim.AdamW') return undefined;
  return edits;
}

/**
 * Whether the file builds an `AdamW` other than torch's: the project's own class (AdaBelief's experiments, reached
 * through `from optimizers import *`), or another library's; decoupled decay all the same.
 */
const buildsOtherAdamW = perModule((m: PyModule): boolean => callSitesNamed(m, 'AdamW').length > 0);

export default defineRule({
  code: 'NR403',
  name: 'coupled-weight-decay',
  stage: 4,
  tip: '4.10',
  languages: ['python'],
  defaultSeverity: 'info',
  fixSafety: 'unsafe',
  docs: {
    summary: '`torch.optim.Adam` with `weight_decay` above zero: an L2 penalty that Adam\'s scaling weakens, not true weight decay.',
    why:
      "Adam's `weight_decay` adds `wd * w` to the gradient, and Adam then divides it by the running gradient scale: " +
      'weights with large or noisy gradients are barely decayed, so the penalty does not regularise the way weight ' +
      'decay should (Loshchilov & Hutter, "Decoupled Weight Decay Regularization"). `AdamW` applies the decay to ' +
      'the weights directly. The recipe\'s regularisation stage relies on weight decay (4.10): make it the real ' +
      'thing. `AdamW`, and Adam with `weight_decay=0` or a decay under 1e-6 (`1e-8`, which regularises nothing), are not reported, ' +
      'nor are the optimizers of a reinforcement-learning agent, which follow its algorithm\'s paper (DDPG\'s critic: Adam with an L2 penalty of 1e-2). A decay read from a command-line option ' +
      '(`weight_decay=args.weight_decay`) is judged by the option\'s default (`add_argument("--weight_decay", default=1e-4)`), ' +
      'the value a run gets unless told otherwise; an option without a numeric default, or declared twice, is left alone. ' +
      'So is a settings class read the way Kaggle notebooks do (`class CFG: weight_decay = 1e-5`, then `CFG.weight_decay` or ' +
      '`config = CFG()` and `config.weight_decay`), unless the file writes that attribute somewhere (`CFG.weight_decay = …`, `setattr`). ' +
      'An Adam built in one branch of a choice, in a file that builds AdamW too (`if args.optim_name == "adam": Adam(…) elif … "adamw": ' +
      'AdamW(…)`, torch\'s or another one, the project\'s own class too), is left alone: decoupled decay is already the file\'s other choice; so is an Adam in a branch the file\'s own config does not take (`else:` of `if opt.optimizer == "sgd":` with `optimizer = "sgd"` in its `Config`).',
    bad: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)\n`,
    good: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\n`,
    fix: 'Switches to `AdamW` with the same arguments (importing it when `Adam` was imported by name). Unsafe: decoupled decay acts differently, so the `weight_decay` value usually needs retuning (typical AdamW values are 0.01 to 0.1).',
  },
  checkPython(ctx) {
    const m = ctx.module;
    // an RL agent's optimizers follow the algorithm's paper (DDPG's critic: Adam with an L2 penalty of 1e-2); AdamW
    // would change the algorithm being reproduced, and there is no validation loss to retune the decay on (asked below,
    // only of a finding: most files have none, and the question reads every statement)
    for (const site of m.callSites) {
      const ref = m.siteClass(site);
      if (ref?.kind !== 'external' || canonical(ref.qname) !== 'torch.optim.Adam' || site.call.star) continue;
      const decoupled = kwarg(site.call, 'decoupled_weight_decay')?.value;
      if (decoupled && !(decoupled.k === 'const' && decoupled.value === 'False')) continue;
      // (also Adam one of the optimizers an option picks from, next to AdamW: UNETR's `--optim_name`, AdamW by default;
      // the decoupled decay is already the file's other choice)
      const wd = positiveDecay(ctx, site.call, site.scope);
      if (!wd || pickedAmongOptimizers(m, site.call, 'torch.optim.Adam', 'torch.optim.AdamW') || (isConditional(m, site.call) && buildsOtherAdamW(m))) continue;
      // (an Adam in the branch the file's own config does not take: `else:` of `if opt.optimizer == 'sgd':` with
      // `optimizer = 'sgd'` in its `Config`, arcface-pytorch; review 145)
      if (branchTaken(m, site.call) === false) continue;
      if (outsideSupervised(m, ['reinforcement'])) return;
      const edits = toAdamW(ctx, site.call);
      ctx.report({
        span: site.call,
        message: `Adam with \`weight_decay=${ctx.source(wd)}\`${defaultNote(ctx, wd, site.scope)} adds an L2 term to the gradient, which Adam's scaling weakens for weights with large gradients. Use AdamW for decoupled weight decay (and retune the value).`,
        fixes: edits ? [{ title: 'Switch to AdamW', edits }] : [],
      });
    }
  },
});

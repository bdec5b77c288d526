import { removeArgument, replace } from '../../python/edits';
import type { Expr } from '../../python/ir';
import { type Assignment, beforeSelfReturning, sitesWhere } from '../../python/semantic';
import { type ActivationFact, type LossCall, type LossKind, activationOf, siteLossCall } from '../../python/torch';
import type { TextEdit } from '../../types';
import { type FixInput, defineRule } from '../rule';

const LOSS_LABEL: Record<LossKind, string> = {
  cross_entropy: 'CrossEntropyLoss',
  nll: 'NLLLoss',
  bce_with_logits: 'BCEWithLogitsLoss',
  bce: 'BCELoss',
  ctc: 'CTCLoss',
};

/** Which activation/loss pairs are wrong, and why. */
function mismatch(loss: LossKind, act: ActivationFact['kind']): string | undefined {
  if (loss === 'cross_entropy' && act === 'softmax')
    return 'expects raw logits and applies log_softmax itself; on softmax probabilities the gradients vanish as predictions get confident';
  // (log_softmax into CrossEntropyLoss is redundant, not wrong: log_softmax of log-probabilities gives them back, so
  // the loss and its gradients are exactly NLLLoss's; review 153)
  if (loss === 'bce_with_logits' && act === 'sigmoid') return 'applies the sigmoid itself; after a sigmoid it squashes the values twice and learns slowly';
  if ((loss === 'nll' || loss === 'ctc') && act === 'softmax') return 'expects log-probabilities (log_softmax), not probabilities';
  return undefined;
}

/** The edit that removes the activation, leaving its input. */
function removeActivation(a: ActivationFact, source: (e: Expr) => string): TextEdit | undefined {
  if (a.sequentialItem) return removeArgument(a.module.text, a.sequentialItem.list, a.sequentialItem.index);
  if (a.call && a.input) return replace(a.call, source(a.input));
  return undefined;
}

/** Rename the last part of a callee: `nn.CrossEntropyLoss` → `nn.NLLLoss`, `F.softmax` → `F.log_softmax`. */
function renameCallee(callee: Expr | undefined, from: string, to: string): TextEdit | undefined {
  if (!callee) return undefined;
  if (callee.k === 'attr' && callee.attr === from) return { start: callee.attrFrom, end: callee.to, newText: to };
  if (callee.k === 'name' && callee.id === from) return { start: callee.from, end: callee.to, newText: to };
  return undefined;
}

function activationCallee(a: ActivationFact): Expr | undefined {
  // `self.softmax(x)` names a module instance: renaming it would call an attribute that does not exist
  if (a.call && !a.viaModule) return a.call.fn.k === 'attr' || a.call.fn.k === 'name' ? a.call.fn : undefined;
  return undefined;
}

/**
 * Whether the loss object is one of several the code chooses between: the name it is bound to is also bound to
 * another class (`criterion = nn.CTCLoss()` if the model predicts with CTC, `nn.CrossEntropyLoss()` otherwise,
 * deep-text-recognition-benchmark). Which one a call receives depends on the run, and the CTC branch's
 * `log_softmax` is exactly what `CTCLoss` needs: reporting the other loss's mismatch there, and removing it, is wrong.
 */
function chosenAmongOthers(loss: LossCall): boolean {
  const { ctor, ctorScope } = loss;
  if (!ctor || !ctorScope) return false;
  const mod = ctorScope.module;
  const holds = (a: Assignment): boolean => !!a.value && a.value.from <= ctor.from && ctor.to <= a.value.to;
  const qname = mod.qualify(ctor.fn, ctorScope);
  for (const list of ctorScope.assigns.values()) {
    if (!list.some(holds)) continue;
    return list.some((a) => {
      if (holds(a) || a.via !== 'assign') return false;
      // (what built it, through `.to(device)`, `.cuda()`)
      const other = a.value && beforeSelfReturning(a.value);
      return other?.k === 'call' && mod.qualify(other.fn, a.scope) !== qname;
    });
  }
  return false;
}

/** The calls of a module that compute a loss from an input (see `siteLossCall`, `sitesWhere`). */
const lossSites = sitesWhere((m, site) => siteLossCall(m, site)?.input !== undefined);

export default defineRule({
  code: 'NR208',
  name: 'probabilities-into-logit-loss',
  stage: 2,
  tip: '2.M3',
  languages: ['python', 'typescript', 'javascript'],
  defaultSeverity: 'error',
  fixSafety: 'unsafe',
  docs: {
    summary: 'Softmax or sigmoid outputs fed to a loss that expects logits (or softmax fed to NLLLoss or CTCLoss).',
    why:
      '`CrossEntropyLoss` and `BCEWithLogitsLoss` apply (log-)softmax or sigmoid themselves. Feeding them probabilities ' +
      'squashes the values twice: the loss still decreases, but gradients shrink as predictions get confident, and the ' +
      'model trains worse without any error. `NLLLoss` and `CTCLoss` want log-probabilities, so they need `log_softmax`, not `softmax`. ' +
      '`log_softmax` into `CrossEntropyLoss` is left alone: it is redundant, not wrong (log_softmax of log-probabilities gives them back, so the loss and its gradients are exactly `NLLLoss`\'s). ' +
      'The rule follows the value through variables and into the model\'s `forward()`, also across files. A loss ' +
      'object the code chooses between classes (`criterion = nn.CTCLoss()` for a CTC model, `nn.CrossEntropyLoss()` ' +
      'otherwise) is left alone: which one a call receives depends on the run. ' +
      'In TensorFlow.js the names mean the opposite: `\'categoricalCrossentropy\'` expects probabilities, so softmax + it ' +
      'is right, and a last layer with no activation + it is the mirror mistake.',
    bad: `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 3)\n\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n\nmodel = Net()\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(model(x), y)\n`,
    good: `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 3)\n\n    def forward(self, x):\n        return self.fc(x)  # logits\n\nmodel = Net()\ncriterion = nn.CrossEntropyLoss()\nlogits = model(x)\nloss = criterion(logits, y)\nprobs = F.softmax(logits, dim=1)  # for metrics only: fine\n`,
    fix: 'Removes the activation so the loss receives logits; before `NLLLoss` or `CTCLoss`, switches the activation instead (`softmax` → `log_softmax`). Unsafe: code that reads the model output as probabilities changes too.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const site of lossSites(m)) {
      const loss: LossCall | undefined = siteLossCall(m, site);
      if (!loss?.input || chosenAmongOthers(loss)) continue;
      const act = activationOf(m, loss.input, site.scope);
      if (!act) continue;
      const why = mismatch(loss.kind, act.kind);
      if (!why) continue;
      const elsewhere = act.module !== m;
      const fixes: FixInput[] = [];
      const src = (e: Expr): string => act.module.text.slice(e.from, e.to);
      if (act.kind === 'softmax' && (loss.kind === 'nll' || loss.kind === 'ctc')) {
        const e = renameCallee(activationCallee(act), 'softmax', 'log_softmax');
        if (e) fixes.push({ title: `Use log_softmax before ${LOSS_LABEL[loss.kind]}`, edits: [e], path: elsewhere ? act.module.path : undefined });
      } else {
        const e = removeActivation(act, src);
        if (e) fixes.push({ title: `Remove the ${act.kind} so the loss receives logits`, edits: [e], path: elsewhere ? act.module.path : undefined });
      }
      ctx.report({
        span: site.call,
        message: `${LOSS_LABEL[loss.kind]} receives the output of ${act.kind} (${act.where}): it ${why}.`,
        related: [{ module: elsewhere ? { path: act.module.path, text: act.module.text } : undefined, span: act.span, message: `${act.kind} applied here` }],
        fixes,
      });
    }
  },
});

import { addKeyword, replace } from '../../python/edits';
import { forwardPath, isModuleClass } from '../../python/facts-layers';
import { conditionsAround, numberValue } from '../../python/facts-recipe';
import type { Expr, Span } from '../../python/ir';
import { type CallExpr, type CallSite, type PyModule, type Scope, argument, argumentFor, kwarg, walkExpr } from '../../python/semantic';
import { canonical } from '../../python/torch';
import { defineRule } from '../rule';

/** Whether an expression reads a training flag: `self.training`, `model.training`, `training`. */
function readsTraining(e: Expr | undefined): boolean {
  let found = false;
  if (e)
    walkExpr(e, (x) => {
      if ((x.k === 'attr' && x.attr === 'training') || (x.k === 'name' && x.id === 'training')) found = true;
    });
  return found;
}

/** Whether code at `span` runs only under a condition on the training flag (`if self.training:`). */
function underTrainingTest(m: PyModule, span: Span): boolean {
  return conditionsAround(m, span).some(readsTraining);
}

/**
 * Whether a dropout probability follows the mode: it reads the training flag (`p if self.training else 0.0`), or is
 * a variable set under a test of it, or a parameter that such a value is passed to (torch's own attention code:
 * `dropout_p = 0.0` when `not self.training`, handed to a helper that calls `F.dropout(attn, p=dropout_p)`).
 */
function followsMode(m: PyModule, e: Expr | undefined, scope: Scope, depth = 0): boolean {
  if (!e || depth > 3) return false;
  if (readsTraining(e)) return true;
  if (e.k !== 'name') return false;
  for (const a of m.assignmentsOf(e.id, scope)) {
    if (readsTraining(a.value) || (a.target && underTrainingTest(a.scope.module, a.target))) return true;
    if (a.via !== 'param' || !a.param) continue;
    const fn = a.scope.module.functionOf(a.scope);
    if (!fn) continue;
    const param = a.param;
    for (const site of a.scope.module.callersOf(fn)) {
      const arg = argumentFor(fn, param, site.call);
      if (underTrainingTest(site.scope.module, site.call) || followsMode(site.scope.module, arg, site.scope, depth + 1)) return true;
    }
  }
  return false;
}

/** Functional dropouts whose `training` argument defaults to True, with its position. */
const ALWAYS_ON: Record<string, number> = {
  'torch.nn.functional.dropout': 2,
  'torch.nn.functional.dropout1d': 2,
  'torch.nn.functional.dropout2d': 2,
  'torch.nn.functional.dropout3d': 2,
};

/** Dropout modules, with the functional form that takes the mode as an argument. */
const FUNCTIONAL_FORM: Record<string, string> = {
  'torch.nn.Dropout': 'dropout',
  'torch.nn.Dropout1d': 'dropout1d',
  'torch.nn.Dropout2d': 'dropout2d',
  'torch.nn.Dropout3d': 'dropout3d',
};

/**
 * A dropout module built where `forward()` runs and then called (`nn.Dropout(p)(x)`, or `drop = nn.Dropout(p)` in the
 * function or at module level, then `drop(x)`): a module built there is in training mode and no `model.eval()` reaches
 * it, as it is no submodule. Returns the constructor call, and whether it is called where it is built. A name that the
 * function also switches (`drop.eval()`, `drop.train(self.training)`) follows a mode; so does a rate of 0.
 */
function freshDropout(m: PyModule, site: CallSite): { ctor: CallExpr; direct: boolean } | undefined {
  const fn = site.call.fn;
  let ctor: Expr | undefined;
  if (fn.k === 'call') ctor = fn;
  else if (fn.k === 'name') {
    const a = m.reachingAssignment(fn.id, site.scope, fn.from);
    if (a?.via !== 'assign' || a.value?.k !== 'call' || a.target?.k !== 'name') return undefined;
    ctor = a.value;
    const switched = m.callsIn(site.scope).some(
      (s) => s.call.fn.k === 'attr' && s.call.fn.obj.k === 'name' && s.call.fn.obj.id === fn.id && (s.call.fn.attr === 'eval' || s.call.fn.attr === 'train'),
    );
    if (switched) return undefined;
  }
  if (ctor?.k !== 'call' || ctor.star) return undefined;
  const q = m.qualify(ctor.fn, site.scope);
  if (!q || !FUNCTIONAL_FORM[canonical(q)]) return undefined;
  const p = argument(ctor, 0, 'p');
  if (p && numberValue(m, p, site.scope) === 0) return undefined;
  return { ctor, direct: fn.k === 'call' };
}

/**
 * `nn.Dropout(p)(x)` as the functional call that follows the mode: `nn.functional.dropout(x, p, training=self.training)`,
 * with the module's own prefix (`nn.`, `torch.nn.`). Only for the plain forms: the module named through an attribute
 * of torch.nn, one input, and the module's own arguments `p` and `inplace`.
 */
function functionalForm(m: PyModule, src: (e: Expr) => string, call: CallExpr, ctor: CallExpr, scope: Scope, self: string): string | undefined {
  if (ctor.fn.k !== 'attr' || call.args.length !== 1 || call.kwargs.length || call.star || ctor.args.length > 2) return undefined;
  const prefix = m.qualify(ctor.fn.obj, scope);
  const fn = FUNCTIONAL_FORM[canonical(m.qualify(ctor.fn, scope) ?? '')];
  if (!fn || !prefix || canonical(prefix) !== 'torch.nn' || ctor.kwargs.some((k) => k.name !== 'p' && k.name !== 'inplace')) return undefined;
  const args = [src(call.args[0])];
  if (ctor.args[0]) args.push(src(ctor.args[0]));
  if (ctor.args[1]) args.push(`inplace=${src(ctor.args[1])}`);
  for (const k of ctor.kwargs) args.push(`${k.name}=${src(k.value)}`);
  args.push(`training=${self}.training`);
  return `${src(ctor.fn.obj)}.functional.${fn}(${args.join(', ')})`;
}

export default defineRule({
  code: 'NR212',
  name: 'functional-dropout-always-on',
  stage: 2,
  tip: '2.M2',
  languages: ['python'],
  defaultSeverity: 'error',
  fixSafety: 'safe',
  docs: {
    summary: '`F.dropout(...)` in a module\'s `forward()` without `training=self.training`, or an `nn.Dropout` built in `forward()`: it keeps dropping at evaluation.',
    why:
      'Unlike the `nn.Dropout` module, the functional `F.dropout` does not know whether the model is in train or eval ' +
      'mode: its `training` argument defaults to `True`. Called in `forward()` without `training=self.training`, it ' +
      'keeps zeroing activations after `model.eval()`, so validation and test numbers are noisy and too low, and ' +
      'nothing fails. It is the functional form of a mistake the recipe lists among the common ones: forgetting ' +
      'train/eval mode (2.M2). Plain functions outside a module, and calls that pass `training` (also `training=True` ' +
      'for Monte Carlo dropout), are left alone, and so is dropout that already follows the mode: under ' +
      '`if self.training:`, or with a probability that is zero in eval mode (`p if self.training else 0.0`, or set to ' +
      '`0.0` when `not self.training` and handed to a helper, as in PyTorch\'s own attention code). The same mistake ' +
      'in module form: an `nn.Dropout(p)` built inside `forward()` (`x = nn.Dropout(p)(x)`, as NGCF does) is a new module, in ' +
      'training mode, on every call, and is no submodule that `model.eval()` could switch; the same holds for one kept ' +
      'in a plain variable, of `forward()` or of the file, and called there. A module switched by hand (`drop.train(self.training)`) and rate 0 are left alone.',
    bad: `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 256)\n        self.fc2 = nn.Linear(256, 10)\n\n    def forward(self, x):\n        x = F.relu(self.fc1(x))\n        x = F.dropout(x, p=0.5)\n        return self.fc2(x)\n`,
    good: `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 256)\n        self.fc2 = nn.Linear(256, 10)\n\n    def forward(self, x):\n        x = F.relu(self.fc1(x))\n        x = F.dropout(x, p=0.5, training=self.training)\n        return self.fc2(x)\n`,
    fix: 'Adds `training=self.training`, so dropout follows `model.train()` / `model.eval()`; an `nn.Dropout(p)(x)` built in `forward()` becomes `nn.functional.dropout(x, p, training=self.training)`. In training mode nothing changes.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    const seen = new Set<CallExpr>();
    for (const cls of m.classes) {
      if (!isModuleClass(cls)) continue;
      for (const fn of forwardPath(cls)) {
        const self = fn.stmt.params[0];
        const unbound = fn.stmt.decorators.some((d) => d.k === 'name' && (d.id === 'staticmethod' || d.id === 'classmethod'));
        if (!self || self.kind !== 'normal' || unbound) continue;
        for (const site of m.callsIn(fn.scope)) {
          const fresh = freshDropout(m, site);
          if (fresh) {
            // one finding per module built (`drop = nn.Dropout(p)`, then `drop(a)`, `drop(b)`)
            if (underTrainingTest(m, site.call) || seen.has(fresh.ctor)) continue;
            seen.add(fresh.ctor);
            const what = ctx.source(fresh.ctor.fn);
            const form = fresh.direct ? functionalForm(m, (e) => ctx.source(e), site.call, fresh.ctor, site.scope, self.name) : undefined;
            ctx.report({
              span: fresh.direct ? site.call : site.call.fn,
              message: `This \`${what}\` is built in \`forward()\`, so it is a new module in training mode on every call and no \`model.eval()\` reaches it: this dropout stays on at evaluation. Build it in \`__init__\` as \`${self.name}.dropout\`, or call the functional form with \`training=${self.name}.training\`.`,
              fixes: form ? [{ title: `Use ${form.slice(0, form.indexOf('('))} with training=${self.name}.training`, edits: [replace(site.call, form)] }] : [],
            });
            continue;
          }
          const q = m.qualify(site.call.fn, site.scope);
          const pos = q === undefined ? undefined : ALWAYS_ON[canonical(q)];
          if (pos === undefined || site.call.star || kwarg(site.call, 'training') || site.call.args.length > pos) continue;
          // dropout that already follows the mode: under `if self.training:`, or with a probability that is 0 in eval
          if (underTrainingTest(m, site.call) || followsMode(m, argument(site.call, 1, 'p'), site.scope)) continue;
          ctx.report({
            span: site.call,
            message: `\`${ctx.source(site.call.fn)}\` defaults to \`training=True\`, so this dropout stays on after \`model.eval()\`. Pass \`training=${self.name}.training\`.`,
            fixes: [{ title: `Add training=${self.name}.training`, edits: [addKeyword(ctx.lines, site.call, 'training', `${self.name}.training`)] }],
          });
        }
      }
    }
  },
});

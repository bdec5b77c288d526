import { insertAtBlockStart, insertBefore } from '../../python/edits';
import type { Block, Span, Stmt } from '../../python/ir';
import { type CallSite, type PyModule, walkExpr } from '../../python/semantic';
import { calleeShortName } from '../../python/facts-recipe';
import { type EvalContext, type ModeOrigin, ModeMemo, evaluationContext, forwardOf, forwardSites, isEvaluationFunction, modeAt, objectKey, stepLoops, trainsBetween } from '../../python/facts-eval';
import { type FixInput, type Related, defineRule } from '../rule';

/**
 * An explicit `model.train()` right before the evaluation, with no training in between, is deliberate
 * (Monte Carlo dropout): not a forgotten switch.
 */
function deliberate(m: PyModule, site: CallSite, o: ModeOrigin | undefined): boolean {
  if (!o || o.kind !== 'call' || o.scope !== site.scope) return false;
  return o.call.to <= site.call.from && !trainsBetween(m, site.scope, o.call.to, site.call.from);
}

/**
 * A fresh model run once in a function only by its name an evaluation (`def test(): net = ResNet18(); net(torch.randn(…))`
 * at the bottom of a model file): built there and never given weights, it is a shape check, not an evaluation.
 */
function shapeCheck(m: PyModule, site: CallSite, o: ModeOrigin | undefined, ec: EvalContext): boolean {
  if (!o || o.kind !== 'built' || o.scope !== site.scope || ec.kind !== 'function') return false;
  return !m.callsIn(site.scope).some((s) => s.call.fn.k === 'attr' && WEIGHT_LOADS.has(s.call.fn.attr));
}

/**
 * Monte Carlo dropout: the same input run through the model again and again in a counted loop (`for i in range(50):
 * preds.append(net(x))`) and the passes averaged. Dropout is kept on on purpose: the spread of the passes is the
 * uncertainty estimate.
 */
const SPREAD = new Set(['mean', 'std', 'var']);

function monteCarlo(m: PyModule, site: CallSite): boolean {
  const loop = site.loops[site.loops.length - 1];
  const s = loop?.stmt;
  if (!s || s.k !== 'for' || s.iter.k !== 'call' || s.iter.fn.k !== 'name' || s.iter.fn.id !== 'range') return false;
  const counters = new Set<string>();
  walkExpr(s.target, (x) => x.k === 'name' && counters.add(x.id));
  // the same input each time: no argument mentions the loop's counter
  let varies = false;
  for (const a of [...site.call.args, ...site.call.kwargs.map((k) => k.value)]) walkExpr(a, (x) => (varies ||= x.k === 'name' && counters.has(x.id)));
  if (varies || !site.call.args.length) return false;
  // and the passes are averaged after the loop
  return m.callsWithin(s.to, site.scope.stmt?.to ?? m.text.length).some((c) => c.scope === site.scope && SPREAD.has(calleeShortName(c.call) ?? ''));
}

const WEIGHT_LOADS = new Set(['load_state_dict', 'load_from_checkpoint', 'from_pretrained', 'load_weights', 'load']);

/** The statement of `body` (a function's or the module's) that holds a span. */
function topStatement(body: Stmt[], span: Span): Stmt | undefined {
  return body.find((s) => s.from <= span.from && span.to <= s.to);
}

function skipDocstring(block: Block): Block {
  const first = block.stmts[0];
  if (first && first.k === 'expr' && first.expr.k === 'str' && block.stmts.length > 1) return { ...block, stmts: block.stmts.slice(1) };
  return block;
}

function where(ctx: EvalContext, source: (s: Span) => string): string {
  switch (ctx.kind) {
    case 'no_grad':
      return ctx.with ? `under \`${source(ctx.with.stmt.items[0].expr)}\`` : 'with gradients off';
    case 'function':
      return `in \`${ctx.fn?.name}()\``;
    case 'loader':
      return ctx.loop?.stmt.k === 'for' ? `over \`${source(ctx.loop.stmt.iter)}\`` : 'over evaluation data';
    default:
      return 'after loading its weights';
  }
}

export default defineRule({
  code: 'NR205',
  name: 'missing-eval-mode',
  stage: 2,
  tip: '2.M2',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'unsafe',
  docs: {
    summary: 'A model with dropout or batch norm is evaluated while still in training mode: no `model.eval()` on the path, in the function or in its callers.',
    why:
      'In training mode dropout drops units at random and batch norm normalises with the statistics of the current batch ' +
      '(and keeps updating its running averages). Evaluating that way gives noisy, pessimistic metrics and can even change ' +
      'the model, and nothing fails: one of the common mistakes the recipe lists. The rule follows the path to the ' +
      'evaluation: `model.eval()` in the evaluation function, or in the caller before it calls `evaluate(model, loader)`, ' +
      'counts, and so does `model.train(False)`. It looks at `torch.no_grad()`/`inference_mode()` blocks that compute a ' +
      'loss or metric, functions named like `evaluate`/`validate`/`test`, loops over validation data, and inference after ' +
      '`load_state_dict`. Models without dropout or batch norm (a layer a class builds into an attribute that none of its methods uses counts as none: PDEBench\'s FNO3d declares `self.bn0` and never calls it), Lightning and Hugging Face Trainer hooks (the framework ' +
      'switches modes), Hugging Face `from_pretrained` models (returned in eval mode) and an explicit `model.train()` right ' +
      'before the evaluation, or the same input run through the model in a counted loop and the passes averaged (Monte ' +
      'Carlo dropout) are not reported, and neither is a shape check: a model built in a ' +
      'function named like an evaluation and run there without loading weights (`def test(): net = ResNet18(); ' +
      'net(torch.randn(1, 3, 32, 32))`).',
    bad: `import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\n\ndef evaluate(model, loader):\n    correct = 0\n    with torch.no_grad():\n        for x, y in loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\nprint(evaluate(model, val_loader))\n`,
    good: `import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\n\ndef evaluate(model, loader):\n    model.eval()\n    correct = 0\n    with torch.no_grad():\n        for x, y in loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\nprint(evaluate(model, val_loader))\n`,
    fix: 'Inserts `model.eval()` (with the model\'s own name) at the top of the evaluation function, or just before the no-grad block, evaluation loop or inference statement. Safe in files that do not train; unsafe otherwise, because training that follows and relies on the mode left behind would then run in eval mode (NR206 reports that). No fix inside a loop that also trains and never calls `model.train()`: its next iterations would train in eval mode.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    const memo = new ModeMemo();
    const done = new Set<string>();
    for (const site of forwardSites(m)) {
      const f = forwardOf(m, site);
      if (!f?.model.modeDependent) continue;
      const key = objectKey(f.obj);
      if (!key || ctx.hasSyntaxErrorIn(site.call)) continue;
      const ec = evaluationContext(m, site, key);
      if (!ec) continue;
      const modes = modeAt(m, site, f.obj, memo);
      if (!modes.has('train')) continue;
      const o = modes.get('train');
      if (deliberate(m, site, o) || shapeCheck(m, site, o, ec) || monteCarlo(m, site)) continue;
      const container = ec.with?.stmt ?? ec.fn?.stmt ?? ec.loop?.stmt ?? site.stmt;
      const id = `${container.from}:${key}`;
      if (done.has(id)) continue;
      done.add(id);
      // the fix: at the top of the evaluation function, else before the block / loop / statement
      const originHere = o !== undefined && o.scope === site.scope;
      const fn = m.functionOf(site.scope);
      const fnBody = fn && isEvaluationFunction(fn) && !originHere ? fn.stmt.body : undefined;
      const before = ec.with?.stmt ?? ec.loop?.stmt ?? topStatement(site.scope.body, site.call);
      // not inside a loop that also trains and never calls `model.train()` (pix2pix's epoch loop, which tests a sample
      // between its batches): the next iteration would train in eval mode
      const switchesBack = (from: number, to: number): boolean => m.callsWithin(from, to).some((c) => c.call.fn.k === 'attr' && c.call.fn.attr === 'train' && objectKey(c.call.fn.obj) === key);
      const inTrainingLoop =
        !fnBody && !!before && m.loops.some((l) => l.stmt.from <= before.from && before.to <= l.stmt.to && trainsBetween(m, l.scope, l.stmt.from, l.stmt.to) && !switchesBack(l.stmt.from, l.stmt.to));
      const edit = fnBody ? insertAtBlockStart(ctx.lines, skipDocstring(fnBody), `${key}.eval()`) : before && !inTrainingLoop && (!originHere || o.call.to <= before.from) ? insertBefore(ctx.lines, before, `${key}.eval()`) : undefined;
      const safety = stepLoops(m).size === 0 ? 'safe' : 'unsafe';
      const fixes: FixInput[] = edit ? [{ title: `Call \`${key}.eval()\` before evaluating`, edits: [edit], safety }] : [];
      const related: Related[] = [];
      if (o && o.scope.module === m) related.push({ span: o.call, message: o.kind === 'built' ? 'built here, in training mode' : o.kind === 'call' ? 'switched to training mode here' : 'leaves it in training mode' });
      ctx.report({
        span: site.call,
        message: `\`${key}\` is evaluated ${where(ec, (x) => ctx.source(x))} while still in training mode: dropout stays active and batch norm uses batch statistics. Call \`${key}.eval()\` before evaluating.`,
        related,
        fixes,
      });
    }
  },
});

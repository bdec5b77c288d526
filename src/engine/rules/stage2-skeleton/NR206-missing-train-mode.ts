import { insertAtBlockStart, insertBefore } from '../../python/edits';
import { conditionsAround, tensorParams } from '../../python/facts-recipe';
import type { Expr, Stmt } from '../../python/ir';
import { type CallSite, type PyModule, allStatements, argumentFor, walkExpr, walkStmts } from '../../python/semantic';
import {
  type ModeOrigin,
  forwardOf,
  gradDisabledAt,
  helperOf,
  innermost,
  isEvaluationFunction,
  isEvaluationName,
  loopRole,
  ModeMemo,
  modeAt,
  objectKey,
  requiresGradSwitches,
  siteOf,
  stepLoops,
  statementsAfter,
} from '../../python/facts-eval';
import { isNoGradContext, underNoGrad } from '../../python/facts-autograd';
import { gradCall, loopContents, perLoop } from '../../python/torch';
import { type FixInput, defineRule } from '../rule';

/** Whether statements evaluate: a no-grad block, a call of an evaluation function, a loop over evaluation data. */
function evaluates(m: PyModule, stmts: Stmt[]): boolean {
  let found = false;
  walkStmts(stmts, (s) => {
    const w = s.k === 'with' ? m.withOf(s) : undefined;
    if (w && w.stmt.items.some((i) => isNoGradContext(m, i.expr, w.scope))) found = true;
  });
  if (found) return true;
  const spans = stmts.length ? { from: stmts[0].from, to: stmts[stmts.length - 1].to } : undefined;
  if (!spans) return false;
  return (
    m.callsWithin(spans.from, spans.to).some((s) => (s.call.fn.k === 'name' || s.call.fn.k === 'attr') && isEvaluationName(s.call.fn.k === 'name' ? s.call.fn.id : s.call.fn.attr)) ||
    m.loopsWithin(spans.from, spans.to).some((l) => loopRole(m, l) === 'eval')
  );
}

/** Whether a switch to eval mode belongs to an evaluation (not a deliberate `model.eval()` before training, e.g. to freeze batch norm). */
function fromEvaluation(o: ModeOrigin): boolean {
  const { call, scope } = o.inner;
  const m = scope.module;
  if (o.kind === 'built') return call.fn.k === 'attr' && call.fn.attr === 'from_pretrained';
  if (o.kind === 'helper') {
    const h = helperOf(o.scope.module, o.call, o.scope);
    if (h && isEvaluationName(h.name)) return true;
  }
  const fn = m.functionOf(scope);
  if (fn && isEvaluationFunction(fn)) return true;
  if (fn?.stmt.decorators.some((d) => isNoGradContext(m, d, fn.scope.parent ?? m.scope))) return true;
  const site = siteOf(m, call);
  // a switch inside a no-grad block belongs to what the block evaluates (`with torch.no_grad(): model.eval(); …`, a
  // training accuracy measured in the batch loop)
  if (site && underNoGrad(site)) return true;
  const after = site && statementsAfter(scope.body, site.stmt);
  return !!after && evaluates(m, after);
}

/**
 * Whether every optimizer a loop steps optimizes tensors, not a model's parameters (`z_optimizer =
 * torch.optim.Adam([z])`: AnoGAN's search of the latent code for an image, the generator kept in eval mode on purpose).
 */
const stepsTensorsOnly = perLoop((_m, _loop, contents): boolean => {
  let steps = 0;
  let tensors = 0;
  for (const { site } of contents.calls) {
    const g = gradCall(site.scope.module, site);
    if (g?.kind !== 'step') continue;
    steps++;
    const built = g.target && site.scope.module.resolve(g.target, site.scope)?.expr;
    if (built?.k === 'call' && tensorParams(built.args[0])) tensors++;
  }
  return steps > 0 && tensors === steps;
});

/** Forward passes a step loop runs on its own iterations (directly, or in a helper it calls: `via`, the loop's call). */
function trainingForwards(m: PyModule): { site: CallSite; via: CallSite | undefined }[] {
  const out: { site: CallSite; via: CallSite | undefined }[] = [];
  const loops = stepLoops(m);
  for (const loop of m.loops) {
    if (!loops.has(loop.stmt) || stepsTensorsOnly(m, loop)) continue;
    for (const { site, via } of loopContents(m, loop).calls) {
      const own = via ? innermost(via) === loop.stmt && site.loops.length === 0 : innermost(site) === loop.stmt;
      if (!own || underNoGrad(site)) continue;
      const f = forwardOf(site.scope.module, site);
      if (f?.model.modeDependent) {
        out.push({ site, via });
        break;
      }
    }
  }
  return out;
}

/**
 * Where to ask, too, for the model's mode: at the training loop's call of the helper that runs the forward pass
 * (`loss = self.compute_batch_loss(x, y)`), with the model as named there, when the helper is called directly and
 * the model is `self.x`, a name of the module, or a parameter the call hands it. A helper shared by the training and
 * the validation loops (dlwpt's `computeBatchLoss`) is in eval mode when validation calls it, not when training does.
 * Otherwise only at the forward pass itself.
 */
function probeOf(m: PyModule, site: CallSite, via: CallSite | undefined, obj: Expr): { site: CallSite; obj: Expr } {
  const here = { site, obj };
  if (!via || site.scope.module !== m || via.scope.module !== m) return here;
  const fn = m.functionOf(site.scope);
  if (!fn || m.siteLocalCallee(via) !== fn) return here;
  if (obj.k === 'attr' && obj.obj.k === 'name' && obj.obj.id === 'self') return fn.cls && via.scope.cls === fn.cls ? { site: via, obj } : here;
  if (obj.k !== 'name') return here;
  const a = m.reachingAssignment(obj.id, site.scope, obj.from);
  if (a?.via === 'param' && a.param && a.scope === fn.scope) {
    const arg = argumentFor(fn, a.param, via.call);
    return arg ? { site: via, obj: arg } : here;
  }
  // a name of the module (not bound in the helper)
  return a && a.scope === m.scope ? { site: via, obj } : here;
}

/**
 * Whether the training loops around a forward pass leave (`break`, `return`, `continue`) under one of the very tests
 * a mode switch is made under, before the statement that trains: `if args.inference_only: break`. The test's names
 * must be settings the file does not rebind (no assignment to them anywhere in the file's functions).
 */
function leftWhenSwitched(m: PyModule, switchCall: Expr, forward: CallSite): boolean {
  const text = (e: Expr): string => m.text.slice(e.from, e.to).replace(/\s+/g, ' ');
  const tests = conditionsAround(m, switchCall).flatMap((c) => (c ? [text(c)] : []));
  if (!tests.length) return false;
  return forward.loops.some((l) =>
    l.stmt.body.stmts.some((st) => {
      if (st.to > forward.call.from || st.k !== 'if') return false;
      const first = st.branches[0];
      const last = first.body.stmts[first.body.stmts.length - 1];
      return !!first.test && tests.includes(text(first.test)) && (last?.k === 'break' || last?.k === 'return' || last?.k === 'continue') && !rebinds(m, first.test);
    }),
  );
}

/** Whether a test's names are assigned anywhere in the file after their first binding (a flag the code flips). */
function rebinds(m: PyModule, test: Expr): boolean {
  const names = new Set<string>();
  walkExpr(test, (x) => void (x.k === 'name' && names.add(x.id)));
  let count = 0;
  allStatements(m.stmts, (st) => {
    if (st.k === 'assign') for (const t of st.targets) walkExpr(t, (x) => void (x.k === 'name' && names.has(x.id) && count++));
    else if (st.k === 'augassign' && st.target.k === 'name' && names.has(st.target.id)) count += 2;
  });
  return count > names.size;
}

export default defineRule({
  code: 'NR206',
  name: 'missing-train-mode',
  stage: 2,
  tip: '2.M2',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'safe',
  docs: {
    summary: 'A training loop runs again after an evaluation switched the model to eval mode, and nothing calls `model.train()`.',
    why:
      'The classic shape: each epoch trains, then calls an `evaluate()` that does `model.eval()`; from the second epoch on ' +
      'the model trains in eval mode: dropout is off and batch norm neither uses batch statistics nor updates its running ' +
      'averages. Training still runs, just worse: the silent kind of failure the recipe is about, and one of its common ' +
      'mistakes. The rule follows the mode along the path (into helpers such as `train_one_epoch(model, …)` and ' +
      '`evaluate(model, …)`, and into their callers) and only reports a switch that belongs to an evaluation (a no-grad ' +
      'block or an evaluation function follows it, or it is inside one), or a Hugging Face `from_pretrained` model, which starts in eval mode. ' +
      'A deliberate `model.eval()` before training (to freeze batch norm), models without dropout or batch norm, and ' +
      'frozen models (`requires_grad_(False)`, or `requires_grad = False` on each parameter: a text encoder, a VAE, a ' +
      'teacher, which should run in eval mode) are not reported, nor is a switch made under a setting that also makes the ' +
      'epoch loop leave before it trains (`if args.inference_only: model.eval()`, then `if args.inference_only: break`), nor a ' +
      'loop whose optimizers step tensors only (`Adam([z])`: AnoGAN searching a latent code through a generator kept in eval mode).',
    bad: `import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n\ndef evaluate(model, loader):\n    model.eval()\n    with torch.no_grad():\n        return sum(nn.functional.cross_entropy(model(x), y).item() for x, y in loader)\n\nfor epoch in range(10):\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    print(evaluate(model, val_loader))\n`,
    good: `import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n\ndef evaluate(model, loader):\n    model.eval()\n    with torch.no_grad():\n        return sum(nn.functional.cross_entropy(model(x), y).item() for x, y in loader)\n\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    print(evaluate(model, val_loader))\n`,
    fix: 'Inserts `model.train()` (with the model\'s own name) as the first statement of the epoch loop, the loop that runs both the training and the evaluation (the batch loop, when the evaluation runs every few steps inside it). Unsafe when that loop evaluates the model before training in it (the evaluation may rely on the mode left by the previous iteration).',
  },
  checkPython(ctx) {
    const m = ctx.module;
    const memo = new ModeMemo();
    const done = new Set<number>();
    for (const forward of trainingForwards(m)) {
      const f = forwardOf(m, forward.site);
      if (!f || ctx.hasSyntaxErrorIn(forward.site.call)) continue;
      // eval mode must reach the forward pass itself (the helper may switch to train mode first, pyg's `train()`)
      // and come through the training loop's call of the helper, not only through another caller (validation)
      const inner = modeAt(m, forward.site, f.obj, memo).get('eval');
      const at = probeOf(m, forward.site, forward.via, f.obj);
      const o = inner && at.site !== forward.site ? modeAt(m, at.site, at.obj, memo).get('eval') : inner;
      if (!o || o.scope.module !== m || !fromEvaluation(o)) continue;
      // a frozen model (a text encoder, a VAE, a teacher) is not trained: eval mode is what it should run in
      const grads = requiresGradSwitches(m, o.key);
      if (grads.off && !grads.on) continue;
      const probe = siteOf(m, o.probe);
      if (!probe) continue;
      // the switch runs only when a setting holds that stops the training loop before it trains (SASRec's `if
      // args.inference_only: model.eval()`, then `if args.inference_only: break` at the top of the epoch loop)
      if (o.kind !== 'built' && leftWhenSwitched(m, o.call, probe)) continue;
      // the epoch loop: the innermost loop around both the training and the switch, else the outermost around the training
      const originSite = o.kind === 'built' ? undefined : siteOf(m, o.call);
      const common = probe.loops.filter((l) => originSite?.loops.includes(l));
      const loop = common[common.length - 1] ?? probe.loops[0];
      if (done.has(loop?.stmt.from ?? probe.call.from)) continue;
      done.add(loop?.stmt.from ?? probe.call.from);
      const code = `${o.key}.train()`;
      // an evaluation inside the batch loop (every n steps) leaves the rest of the epoch in eval mode: the fix goes
      // into that loop, not at the start of the epoch
      const place = loop && probe.loops.indexOf(loop) > 0 ? 'at the start of each step of the loop that runs the evaluation' : 'at the start of each epoch';
      const edit = loop ? insertAtBlockStart(ctx.lines, loop.stmt.body, code) : insertBefore(ctx.lines, probe.stmt, code);
      // an evaluation of the same model earlier in that loop may rely on the eval mode left by the previous iteration
      const from = loop?.stmt.body.from ?? probe.call.from;
      const evaluatesFirst = m.callsWithin(from, probe.call.from).some((s) => s.scope === probe.scope && objectKey(s.call.fn) === o.key && forwardOf(m, s) && gradDisabledAt(m, s) === 'yes');
      const fixes: FixInput[] = edit ? [{ title: `Call \`${code}\` ${place}`, edits: [edit], safety: evaluatesFirst ? 'unsafe' : 'safe' }] : [];
      const switched = o.kind === 'built' ? '`from_pretrained()` returns it in eval mode' : `\`${ctx.source(o.call)}\` switches it to eval mode`;
      ctx.report({
        span: probe.call,
        message: `\`${o.key}\` can be in eval mode when this training runs: ${switched} and nothing calls \`${code}\` before training again, so dropout is off and batch norm stops learning. Call \`${code}\` ${place}.`,
        related: [{ span: o.call, message: o.kind === 'built' ? 'loaded in eval mode here' : 'switched to eval mode here' }],
        fixes,
      });
    }
  },
});

import { insertAtBlockStart } from '../../python/edits';
import type { Block, Expr } from '../../python/ir';
import type { CallSite, ClassInfo, PyModule } from '../../python/semantic';
import { type GradCall, gradCall, isOptimizer, perLoop } from '../../python/torch';
import { defineRule } from '../rule';

interface PerIteration {
  backward: GradCall[];
  /** With the loop's call that runs the step, when the step is in a helper. */
  steps: { g: GradCall; via: CallSite | undefined }[];
  clears: GradCall[];
  clearsByAssignment: boolean;
}

/** Gradient calls a loop makes on each of its own iterations (not only inside a nested loop). */
const perIteration = perLoop((_m, loop, c): PerIteration => {
  const out: PerIteration = { backward: [], steps: [], clears: [], clearsByAssignment: c.clearsByAssignment };
  for (const { site, via } of c.calls) {
    const g = gradCall(site.scope.module, site);
    if (!g) continue;
    if (g.kind === 'zero_grad' || g.kind === 'grad_none') {
      out.clears.push(g); // a clear anywhere in the iteration counts, even in a nested block or loop
      continue;
    }
    const own = via ? site.loops.length === 0 : site.loops[site.loops.length - 1]?.stmt === loop.stmt;
    if (!own) continue;
    if (g.kind === 'backward') out.backward.push(g);
    else if (g.kind === 'step') out.steps.push({ g, via });
  }
  return out;
});

/** Whether two calls' receivers are the same object: the same spelling in the same scope's module, or the same value. */
function sameObject(a: Expr, aSite: CallSite, b: Expr, bSite: CallSite): boolean {
  const am = aSite.scope.module;
  const bm = bSite.scope.module;
  if (am === bm && am.text.slice(a.from, a.to) === bm.text.slice(b.from, b.to)) return true;
  // `self.optimizer` in a method of a base class (in another file) and in the subclass: the same attribute of `self`
  if (isSelfAttr(a) && isSelfAttr(b) && a.attr === b.attr && related(aSite.scope.cls, bSite.scope.cls)) return true;
  const ra = am.resolve(a, aSite.scope);
  const rb = bm.resolve(b, bSite.scope);
  return !!ra && !!rb && ra.expr === rb.expr;
}

function isSelfAttr(e: Expr): e is Expr & { k: 'attr' } {
  return e.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'self';
}

/** Whether two classes are one, or one derives from the other through classes of the project. */
function related(a: ClassInfo | undefined, b: ClassInfo | undefined): boolean {
  return !!a && !!b && (derivesOrIs(a, b) || derivesOrIs(b, a));
}

function derivesOrIs(cls: ClassInfo, base: ClassInfo, depth = 0): boolean {
  if (cls === base) return true;
  if (depth > 8) return false;
  return cls.module.baseClasses(cls).some((r) => r.kind === 'local' && r.cls !== cls && derivesOrIs(r.cls, base, depth + 1));
}

export default defineRule({
  code: 'NR204',
  name: 'missing-zero-grad',
  stage: 2,
  tip: '2.M1',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'safe',
  docs: {
    summary: 'A loop calls `backward()` and `optimizer.step()` but never clears the gradients.',
    why:
      'PyTorch adds new gradients to the ones already in `.grad`. Without `optimizer.zero_grad()` every step uses the ' +
      'sum of all gradients so far: training still runs, just worse, which is exactly the silent failure the recipe ' +
      'warns about. Gradient accumulation is fine: clearing every k steps is recognised. Optimizers are those of ' +
      '`torch.optim` and of the usual packages (transformers, timm, bitsandbytes, apex, torch-optimizer, lion-pytorch, ' +
      'adabelief-pytorch, …), a class of another library built over a model\'s parameters (`Sophia(model.parameters())`), ' +
      'and project classes that derive from `torch.optim.Optimizer` or wrap one.',
    bad: `for x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n`,
    good: `for x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n`,
    fix: "Inserts `<optimizer>.zero_grad()` at the top of the loop body, before the forward pass, using the optimizer's own name.",
  },
  checkPython(ctx) {
    const m = ctx.module;
    // a step in a helper that the epoch loop and its batch loop both reach is reported once
    const reported = new Set<CallSite>();
    for (const loop of m.loops) {
      if (ctx.hasSyntaxErrorIn(loop.stmt)) continue;
      const it = perIteration(m, loop);
      if (!it.backward.length || !it.steps.length) continue;
      if (it.clearsByAssignment || it.clears.some((c) => c.kind === 'grad_none')) continue;
      // model.zero_grad() (anything that is not an optimizer) clears every parameter's gradient
      if (it.clears.some((c) => c.target && !isOptimizer(c.site.scope.module, c.target, c.site.scope))) continue;
      for (const { g: step, via } of it.steps) {
        const target = step.target;
        if (!target || reported.has(step.site)) continue;
        const cleared = it.clears.some((c) => c.target && sameObject(c.target, c.site, target, step.site));
        if (cleared) continue;
        // The clear goes at the top of the loop body, or of the helper function the step is in.
        const stepModule = step.site.scope.module;
        let block: Block | undefined;
        if (stepModule === m && step.site.loops[step.site.loops.length - 1]?.stmt === loop.stmt) block = loop.stmt.body;
        else if (stepModule === m) block = m.functionOf(step.site.scope)?.stmt.body;
        const name = stepModule.text.slice(target.from, target.to);
        const edit = block ? insertAtBlockStart(ctx.lines, skipDocstring(block), `${name}.zero_grad()`) : undefined;
        const bw = it.backward[0];
        // A step in a method of a base class in another file: reported at this file's call that runs it.
        const at = stepModule === m ? step.site : via?.scope.module === m ? via : undefined;
        if (!at) continue;
        reported.add(step.site);
        const runs = at === step.site ? '' : ` (in \`${ctx.source(at.call.fn)}()\`)`;
        ctx.report({
          span: at.call,
          message: `\`${name}.step()\`${runs} runs every iteration but the gradients are never cleared, so they accumulate across steps. Call \`${name}.zero_grad()\` before the forward pass.`,
          related: [
            ...(at === step.site ? [] : [{ ...where(m, stepModule), span: step.site.call, message: 'the optimizer steps here' }]),
            { ...where(m, bw.site.scope.module), span: bw.site.call, message: 'gradients are added to .grad here' },
          ],
          fixes: edit ? [{ title: `Insert \`${name}.zero_grad()\` before the forward pass`, edits: [edit] }] : [],
        });
        break;
      }
    }
  },
});

/** A related location's file, when it is not the file being checked. */
function where(m: PyModule, owner: PyModule): { module?: { path: string; text: string } } {
  return owner === m ? {} : { module: { path: owner.path, text: owner.text } };
}

function skipDocstring(block: Block): Block {
  const first = block.stmts[0];
  if (first && first.k === 'expr' && first.expr.k === 'str' && block.stmts.length > 1) return { ...block, stmts: block.stmts.slice(1) };
  return block;
}

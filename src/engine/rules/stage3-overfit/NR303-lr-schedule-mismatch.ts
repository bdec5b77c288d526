import type { Expr } from '../../python/ir';
import { constantNumber } from '../../python/facts-values';
import { constantIterations, mentionsEpochs, outerLoop, rangeBound, runsOnce, schedulerStep, stepsOptimizer } from '../../python/facts-schedulers';
import { type CallExpr, type LoopInfo, type PyModule, type Scope, argument, callSitesNamed } from '../../python/semantic';
import { defineRule } from '../rule';

/** Schedulers whose arguments are usually counted in epochs, and the argument that counts. */
const EPOCH_SCALE: Record<string, { arg: string; index: number }> = {
  StepLR: { arg: 'step_size', index: 1 },
  MultiStepLR: { arg: 'milestones', index: 1 },
  CosineAnnealingLR: { arg: 'T_max', index: 1 },
  ExponentialLR: { arg: 'gamma', index: 1 },
};

/** Per-step decays this strong only make sense once per epoch: 0.99 per batch is near zero after an epoch. */
const PER_EPOCH_GAMMA = 0.99;

function epochScale(m: PyModule, e: Expr, scope: Scope, epochLoop: LoopInfo): boolean {
  if (e.k === 'seq') return e.items.length > 0 && e.items.every((i) => epochScale(m, i, scope, epochLoop));
  if (mentionsEpochs(e)) return true;
  const bound = rangeBound(epochLoop);
  const lm = epochLoop.scope.module;
  if (bound && lm === m && m.text.slice(bound.from, bound.to) === m.text.slice(e.from, e.to) && e.k !== 'num') return true;
  const v = constantNumber(m, e, scope);
  const epochs = constantIterations(lm, epochLoop);
  return v !== undefined && epochs !== undefined && v <= epochs;
}

function numbers(m: PyModule, e: Expr, scope: Scope): number[] | undefined {
  const r = e.k === 'name' ? m.resolve(e, scope) : { expr: e, scope };
  const v = r?.expr;
  if (!v || !r) return undefined;
  const items = v.k === 'seq' ? v.items : [v];
  const out = items.map((i) => constantNumber(m, i, r.scope));
  return out.every((n): n is number => n !== undefined) && out.length ? out : undefined;
}

export default defineRule({
  code: 'NR303',
  name: 'lr-schedule-mismatch',
  stage: 3,
  tip: '3.4',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'none',
  docs: {
    summary: 'A learning-rate schedule counted in epochs but stepped every batch, or one whose decay never comes within the run.',
    why:
      'StepLR, MultiStepLR, ExponentialLR and CosineAnnealingLR count `step()` calls. Written in epochs (`T_max=epochs`, ' +
      '`step_size=30`, `gamma=0.9`) but stepped inside the batch loop, the schedule runs hundreds of times too fast: ' +
      'the rate collapses (or the cosine restarts) within the first epoch. The opposite mistake, milestones or a step ' +
      'size beyond the number of epochs, leaves the rate constant while you believe it decays. The recipe advises ' +
      'against trusting decay defaults copied from another setup (3.4). OneCycleLR, warm-up schedules and ' +
      'schedules sized in steps (`T_max=epochs * len(loader)`) are not reported.',
    bad: `from torch.optim.lr_scheduler import CosineAnnealingLR\n\nepochs = 20\nscheduler = CosineAnnealingLR(optimizer, T_max=epochs)\nfor epoch in range(epochs):\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n        scheduler.step()\n`,
    good: `from torch.optim.lr_scheduler import CosineAnnealingLR\n\nepochs = 20\nscheduler = CosineAnnealingLR(optimizer, T_max=epochs)\nfor epoch in range(epochs):\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    scheduler.step()\n`,
  },
  checkPython(ctx) {
    const m = ctx.module;
    // (a scheduler's step is a call of a method named `step`)
    for (const site of callSitesNamed(m, 'step')) {
      const step = schedulerStep(m, site);
      const ctor: CallExpr | undefined = step?.scheduler.ctor;
      const ctorScope = step?.scheduler.ctorScope;
      const q = step?.scheduler.qname;
      if (!step || !ctor || !ctorScope || !q?.startsWith('torch.optim.lr_scheduler.')) continue;
      const cls = q.slice('torch.optim.lr_scheduler.'.length);
      const spec = EPOCH_SCALE[cls];
      const loop = site.loops[site.loops.length - 1];
      if (!spec || !loop) continue;
      const cm = ctorScope.module;
      const arg = argument(ctor, spec.index, spec.arg);
      if (!arg) continue;
      const ctorHere = cm === m;
      const outer = outerLoop(m, loop);
      const unconditional = loop.stmt.body.stmts.includes(site.stmt);
      if (outer && unconditional && stepsOptimizer(m, loop)) {
        // stepped once per batch, inside an epoch loop
        let scaled: boolean;
        if (cls === 'ExponentialLR') {
          const g = constantNumber(cm, arg, ctorScope);
          scaled = g !== undefined && g > 0 && g < PER_EPOCH_GAMMA;
        } else {
          const r = arg.k === 'name' ? cm.resolve(arg, ctorScope) : undefined;
          scaled = epochScale(cm, r?.expr.k === 'seq' ? r.expr : arg, r?.scope ?? ctorScope, outer);
        }
        if (!scaled) continue;
        ctx.report({
          span: site.call,
          message: `${cls} is stepped every batch here, but its \`${spec.arg}\` (${cm.text.slice(arg.from, arg.to)}) is ${cls === 'ExponentialLR' ? 'a per-epoch decay' : 'counted in epochs'}: the schedule runs once per batch, far too fast. Step it once per epoch, after the batch loop, or size it in steps.`,
          related: ctorHere ? [{ span: ctor, message: 'the scheduler is built here' }] : [],
        });
        continue;
      }
      if ((cls !== 'StepLR' && cls !== 'MultiStepLR') || !runsOnce(m, loop)) continue;
      const n = constantIterations(m, loop);
      const values = numbers(cm, arg, ctorScope);
      if (n === undefined || !values || Math.min(...values) < n) continue;
      const what = cls === 'StepLR' ? `its step size (${values[0]})` : `every milestone (${values.join(', ')})`;
      ctx.report({
        span: ctorHere ? arg : site.call,
        message: `${cls} decays after ${cls === 'StepLR' ? values[0] : Math.min(...values)} steps, but it is stepped only ${n} times: ${what} is at or beyond the end of the run, so the learning rate never decays.`,
        related: ctorHere ? [{ span: site.call, message: `stepped once per iteration of a loop that runs ${n} times` }] : [],
      });
    }
  },
});

import type { Expr, Stmt } from '../../python/ir';
import { schedulerStep } from '../../python/facts-schedulers';
import { stmtExprs } from '../../python/facts-autograd';
import { type CallSite, type PyModule, type Scope, argumentFor, contains, forEachBlock, walkExpr, walkStmts } from '../../python/semantic';
import { type LoopContents, functionContents, gradCall, loopContents } from '../../python/torch';
import type { LineIndex } from '../../text';
import type { TextEdit } from '../../types';
import { type PythonRuleContext, defineRule } from '../rule';

interface OptimizerStep {
  /** The statement of the loop body the step runs in (directly, nested, or through a helper it calls). */
  stmt: Stmt;
  target: Expr | undefined;
  site: CallSite;
  /** The call of the loop that makes the step: the step itself, or the helper call it runs in. */
  anchor: CallSite;
}

/**
 * Optimizer steps one run of a block makes (an iteration of a loop, a call of a function), each with the statement of
 * the block it runs in: in the block, in functions of the file it calls, and in functions of other project files it
 * calls (`train(model, optimizer, …)` imported from `core/function.py`, HRNet), whose optimizer parameter is read as
 * the argument the block hands it. `direct` are the calls the block makes itself, `contents` what it executes.
 */
function optimizerSteps(m: PyModule, stmts: Stmt[], direct: CallSite[], contents: LoopContents): OptimizerStep[] {
  const out: OptimizerStep[] = [];
  const stmtOf = (anchor: CallSite): Stmt | undefined => stmts.find((s) => contains(s, anchor.call));
  for (const { site, via } of contents.calls) {
    const g = gradCall(site.scope.module, site);
    if (g?.kind !== 'step') continue;
    const anchor = via ?? site;
    const stmt = stmtOf(anchor);
    if (stmt) out.push({ stmt, target: g.target, site, anchor });
  }
  for (const call of direct) {
    const fn = m.siteProjectCallee(call);
    const fm = fn?.scope.module;
    if (!fn || !fm || fm === m) continue;
    const stmt = stmtOf(call);
    if (!stmt) continue;
    for (const site of fm.callsWithin(fn.stmt.from, fn.stmt.to)) {
      const g = gradCall(fm, site);
      if (g?.kind !== 'step') continue;
      // the optimizer the function steps, as the loop names it: the argument it hands the parameter
      const a = g.target?.k === 'name' ? fm.reachingAssignment(g.target.id, site.scope, g.target.from) : undefined;
      const arg = a?.via === 'param' && a.param && fm.functionOf(a.scope) === fn ? argumentFor(fn, a.param, call.call) : undefined;
      out.push(arg ? { stmt, target: arg, site: call, anchor: call } : { stmt, target: undefined, site, anchor: call });
    }
  }
  return out;
}

/**
 * The block of a loop's body a statement sits in directly: the body itself, or the body of an `if`/`with`/`try` in it
 * (`if (step + 1) % accum == 0:` around a gradient-accumulation step), not of a nested loop or function.
 */
function blockOf(stmts: Stmt[], stmt: Stmt): Stmt[] | undefined {
  if (stmts.includes(stmt)) return stmts;
  for (const s of stmts) {
    if (!contains(s, stmt)) continue;
    const inner = s.k === 'if' ? s.branches.map((b) => b.body.stmts) : s.k === 'with' ? [s.body.stmts] : s.k === 'try' ? s.blocks.map((b) => b.stmts) : [];
    for (const b of inner) {
      const found = blockOf(b, stmt);
      if (found) return found;
    }
  }
  return undefined;
}

/** Whether two expressions hold the same object: the same text in one module, or the same resolved value. */
function same(a: Expr, aScope: Scope, b: Expr, bScope: Scope): boolean {
  const am = aScope.module;
  const bm = bScope.module;
  if (am === bm && am.text.slice(a.from, a.to) === bm.text.slice(b.from, b.to)) return true;
  const ra = am.resolve(a, aScope);
  return !!ra && bm.resolve(b, bScope)?.expr === ra.expr;
}

/** Moves a statement (its whole lines) to just after another statement of the same block. */
function moveAfter(lines: LineIndex, stmt: Stmt, after: Stmt): TextEdit[] | undefined {
  const text = lines.text;
  const first = lines.position(stmt.from).line;
  const last = lines.position(stmt.to).line;
  if (text.slice(lines.lineStart(first), stmt.from).trim() !== '') return undefined; // `a; b` on one line
  if (text.slice(stmt.to, lines.lineEnd(last)).trim() !== '' && !text.slice(stmt.to, lines.lineEnd(last)).trim().startsWith('#')) return undefined;
  const afterLine = lines.position(Math.max(after.from, after.to - 1)).line;
  const moved = text.slice(lines.lineStart(first), lines.lineEnd(last));
  const eol = lines.eol();
  const del: TextEdit = { start: lines.lineStart(first), end: last + 1 < lines.lineCount ? lines.lineStart(last + 1) : lines.lineEnd(last), newText: '' };
  if (afterLine + 1 < lines.lineCount) return [del, { start: lines.lineStart(afterLine + 1), end: lines.lineStart(afterLine + 1), newText: moved + eol }];
  return [del, { start: text.length, end: text.length, newText: eol + moved }];
}

export default defineRule({
  code: 'NR213',
  name: 'scheduler-before-optimizer-step',
  stage: 2,
  tip: '2.M7',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'unsafe',
  docs: {
    summary: '`scheduler.step()` runs before `optimizer.step()` in the same iteration.',
    why:
      'Since PyTorch 1.1 a learning-rate scheduler must step after the optimizer. Stepping it first skips the first ' +
      'value of the schedule: the first epoch (or batch) already trains with the decayed rate, and every milestone ' +
      'comes one step early. Training runs, a little differently than planned, and PyTorch only prints a warning. ' +
      'The closest item of the recipe is its first common mistake (2.M1): the order of the optimizer calls in the ' +
      'training step matters. Both steps under one condition (`if (step + 1) % accum == 0:` in gradient accumulation) ' +
      'are held to the same order, and so is a scheduler under a setting the loop never changes (`if scheduler is not ' +
      'None:`) or under the test the optimizer steps under too (`if phase == \'train\':` in a loop over the phases); ' +
      'a scheduler step guarded by a condition of its own (`if epoch > 0:`), or after an optimizer step of the same ' +
      'iteration, is left alone, and so is a schedule of something else named so (`bnm_scheduler = BNMomentumScheduler(net, …)`, ' +
      'BatchNorm\'s momentum; a temperature, a loss weight). The optimizer may step in a function the loop calls, of the file or of ' +
      'another project file (`train(model, optimizer)` from `function.py`): there it counts for the scheduler of the ' +
      'optimizer the loop hands it. A function that steps the scheduler and then trains (`def train(epoch):` with ' +
      '`scheduler.step()` before its batch loop, called once per epoch, or a training-step function) is held to the ' +
      'same order: its first call already skips the first rate.',
    bad: `for epoch in range(epochs):\n    scheduler.step()\n    for x, y in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n`,
    good: `for epoch in range(epochs):\n    for x, y in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n    scheduler.step()\n`,
    fix: 'Moves the `scheduler.step()` line to just after the statement that steps the optimizer. Unsafe: the learning rate of every step shifts by one position of the schedule (which is the point).',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const loop of m.loops) {
      if (ctx.hasSyntaxErrorIn(loop.stmt)) continue;
      const body = loop.stmt.body.stmts;
      const direct = m.callsInLoop(loop.stmt);
      // (a scheduler's step is a `….step()` of the loop's own body: without one, nothing to report here)
      if (!direct.some((site) => site.loops[site.loops.length - 1]?.stmt === loop.stmt && site.call.fn.k === 'attr' && site.call.fn.attr === 'step')) continue;
      const steps = optimizerSteps(m, body, direct, loopContents(m, loop));
      if (!steps.length) continue;
      for (const site of direct) {
        // a statement of this loop's own body, or of a block in it (below)
        if (site.loops[site.loops.length - 1]?.stmt === loop.stmt) checkScheduler(ctx, body, site, steps, loop.stmt);
      }
    }
    // a function that steps the scheduler and then trains (`def train(epoch): scheduler.step()` followed by its batch
    // loop, called once per epoch): its first call already skips the first rate, as at the top of an epoch loop
    for (const fn of m.functions) {
      const own = m.callsIn(fn.scope).filter((site) => !site.loops.length && site.call.fn.k === 'attr' && site.call.fn.attr === 'step');
      if (!own.length || ctx.hasSyntaxErrorIn(fn.stmt)) continue;
      const body = fn.stmt.body.stmts;
      const direct = m.callsIn(fn.scope);
      let steps: OptimizerStep[] | undefined;
      for (const site of own) {
        if (gradCall(m, site)) continue;
        steps ??= optimizerSteps(m, body, direct, functionContents(m, fn));
        if (!steps.length) break;
        checkScheduler(ctx, body, site, steps);
      }
    }
  },
});

/**
 * Reports a scheduler step that runs before the optimizer steps of the same run of a block: `site` is a statement
 * of `body` (a loop's body, a function's), or of a block in it that the optimizer steps in too (both under one
 * gradient-accumulation `if`); a scheduler alone under a condition is left alone.
 */
function checkScheduler(ctx: PythonRuleContext, body: Stmt[], site: CallSite, steps: OptimizerStep[], loop?: Stmt): void {
  const m = ctx.module;
  if (site.stmt.k !== 'expr' || site.stmt.expr !== site.call) return;
  const block = blockOf(body, site.stmt);
  if (!block) return;
  // `scheduler.step(epoch)` computes the rate of that epoch in closed form: at the top of the loop it is right
  if (site.call.args.length || site.call.kwargs.length) return;
  const sched = schedulerStep(m, site, true);
  // ReduceLROnPlateau steps on a metric: where it runs in the iteration does not shift a schedule
  if (!sched || sched.scheduler.qname?.endsWith('.ReduceLROnPlateau')) return;
  const opt = sched.scheduler.optimizer;
  const optScope = sched.scheduler.ctorScope ?? site.scope;
  const mine = opt ? steps.filter((s) => s.target && same(opt, optScope, s.target, s.site.scope)) : steps;
  // without the scheduler's optimizer, only a block that steps one optimizer is clear
  if (!opt && steps.some((s) => !s.target || !same(s.target, s.site.scope, steps[0].target as Expr, steps[0].site.scope))) return;
  // in a block of the body, the steps of that block, each by the statement of the block it runs in
  const inBlock =
    block === body
      ? mine.map((s) => s.stmt)
      : mine.flatMap((s) => {
          const st = block.find((b) => contains(b, s.anchor.call));
          return st ? [st] : [];
        });
  // (a step outside the block, before it, has run already: the scheduler's place in the block does not matter)
  if (block !== body && inBlock.length !== mine.length) {
    // unless the scheduler's condition holds for the whole iteration and the optimizer steps later in it: a setting
    // the loop never changes (`if scheduler is not None:`), or the condition the step is under too (`if phase ==
    // 'train':` in the old transfer-learning tutorial's loop over the phases)
    const top = loop && guardedAlike(m, body, site, mine, loop);
    if (!top) return;
    const index = body.indexOf(top);
    const later = mine.map((s) => s.stmt);
    if (!later.length || later.some((st) => body.indexOf(st) <= index)) return;
    report(ctx, site, sched.scheduler.qname, later.reduce((a, b) => (body.indexOf(a) <= body.indexOf(b) ? a : b)), undefined);
    return;
  }
  const index = block.indexOf(site.stmt);
  if (!inBlock.length || inBlock.some((st) => block.indexOf(st) < index)) return;
  const after = inBlock.reduce((a, b) => (block.indexOf(a) <= block.indexOf(b) ? a : b));
  if (after === site.stmt) return;
  report(ctx, site, sched.scheduler.qname, after, moveAfter(ctx.lines, site.stmt, after));
}

function report(ctx: PythonRuleContext, site: CallSite, qname: string | undefined, after: Stmt, edits: TextEdit[] | undefined): void {
  const name = ctx.source(site.call.fn);
  // a step schedule keeps its first rate until the first milestone: what shifts is each decay
  const effect = /\.(Multi)?StepLR$/.test(qname ?? '') ? 'each decay comes one step early' : 'the first learning rate is skipped';
  ctx.report({
    span: site.call,
    message: `\`${name}()\` runs before the optimizer steps in this ${site.loops.length ? 'iteration' : 'call'}, so the schedule is one step ahead (${effect}). Call it after \`optimizer.step()\`.`,
    related: [{ span: after, message: 'the optimizer steps here' }],
    fixes: edits ? [{ title: `Move \`${name}()\` after the optimizer step`, edits }] : [],
  });
}

/**
 * The statement of a loop's body that holds a scheduler step guarded by conditions (`if`s, through `with` and `try`
 * blocks) when those conditions hold for the whole iteration and the optimizer steps later in it under them: each
 * test is a setting the loop never changes (`if scheduler is not None:`, `if args.use_sched:`: no name of it bound
 * in the loop, by it or in its body), or the very test the optimizer steps under (`if phase == 'train':` around the
 * scheduler and again around `optimizer.step()` in the batch loop), whose names the body does not bind. Undefined
 * when the scheduler is in a branch after another (`else:`), or a condition may change within the iteration.
 */
function guardedAlike(m: PyModule, body: Stmt[], site: CallSite, steps: OptimizerStep[], loop: Stmt): Stmt | undefined {
  const top = body.find((s) => contains(s, site.stmt));
  if (!top || top === site.stmt || !steps.length) return undefined;
  const bound = boundIn(loop);
  const tests: Expr[] = [];
  let stmts = [top];
  for (;;) {
    const st = stmts.find((s) => contains(s, site.stmt));
    if (!st || st === site.stmt) break;
    if (st.k === 'if') {
      const at = st.branches.findIndex((b) => contains(b.body, site.stmt));
      const test = st.branches[at]?.test;
      if (at !== 0 || !test) return undefined;
      tests.push(test);
      stmts = st.branches[0].body.stmts;
    } else if (st.k === 'with') stmts = st.body.stmts;
    else if (st.k === 'try' && contains(st.blocks[0], site.stmt)) stmts = st.blocks[0].stmts;
    else return undefined;
  }
  if (!tests.length) return undefined;
  const text = (e: Expr): string => m.text.slice(e.from, e.to).replace(/\s+/g, ' ');
  return tests.every((t) => {
    const names = settingNames(t);
    if (!names || names.some((n) => bound.body.has(n))) return false;
    if (!names.some((n) => bound.target.has(n))) return true;
    // a test on the loop's own variable: the optimizer's steps are under the same test, in this function
    return steps.every((s) => s.site.scope === site.scope && conditionsOf(s.site.stmt, s.stmt).some((c) => text(c) === text(t)));
  })
    ? top
    : undefined;
}

/** The tests of the `if` branches around a statement within another statement (each `if` whose first branch holds it). */
function conditionsOf(stmt: Stmt, within: Stmt): Expr[] {
  const out: Expr[] = [];
  const visit = (st: Stmt): void => {
    if (!contains(st, stmt) || st === stmt) return;
    if (st.k === 'if') {
      const b = st.branches.find((x) => contains(x.body, stmt));
      if (b && b === st.branches[0] && b.test) out.push(b.test);
    }
    forEachBlock(st, (b) => b.stmts.forEach(visit));
  };
  visit(within);
  return out;
}

/** The names a test reads when it is made of names, attributes, constants, comparisons and `and`/`or`/`not` only. */
function settingNames(e: Expr): string[] | undefined {
  const out: string[] = [];
  const ok = (x: Expr): boolean => {
    switch (x.k) {
      case 'name':
        out.push(x.id);
        return true;
      case 'attr':
        return ok(x.obj);
      case 'const':
      case 'num':
      case 'str':
        return true;
      case 'binop':
        return ok(x.left) && ok(x.right);
      case 'unary':
        return ok(x.arg);
      case 'other':
        return x.node === 'BinaryExpression' && x.parts.every(ok);
      default:
        return false;
    }
  };
  return ok(e) ? out : undefined;
}

/** The names a loop binds: by its own target, and by any statement of its body (at any depth, attributes' roots too). */
function boundIn(loop: Stmt): { target: Set<string>; body: Set<string> } {
  const target = new Set<string>();
  const body = new Set<string>();
  const bind = (into: Set<string>, e: Expr): void => {
    if (e.k === 'name') into.add(e.id);
    else if (e.k === 'attr' || e.k === 'subscript') bind(into, e.obj);
    else if (e.k === 'seq') e.items.forEach((x) => bind(into, x));
    else if (e.k === 'other') e.parts.forEach((x) => bind(into, x));
  };
  if (loop.k === 'for') bind(target, loop.target);
  if (loop.k !== 'for' && loop.k !== 'while') return { target, body };
  walkStmts(loop.body.stmts, (s) => {
    if (s.k === 'assign') s.targets.forEach((t) => bind(body, t));
    else if (s.k === 'augassign') bind(body, s.target);
    else if (s.k === 'for') bind(body, s.target);
    else if (s.k === 'with') s.items.forEach((i) => i.alias && bind(body, i.alias));
    else if (s.k === 'def' || s.k === 'class') body.add(s.name);
    for (const e of stmtExprs(s))
      walkExpr(e, (x) => {
        if (x.k === 'other' && x.node === 'NamedExpression' && x.parts[0]) bind(body, x.parts[0]);
      });
  });
  return { target, body };
}

import { graphAccumulations, sourceKey, stmtExprs, usedAsTensor } from '../../python/facts-autograd';
import type { Expr } from '../../python/ir';
import { type PyModule, type Scope, walkExpr, walkStmts } from '../../python/semantic';
import { defineRule } from '../rule';

export default defineRule({
  code: 'NR211',
  name: 'loss-accumulated-with-graph',
  stage: 2,
  tip: '2.M1',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'safe',
  docs: {
    summary: 'A running total (or list) of the loss built from the loss tensor itself, across training iterations.',
    why:
      '`total += loss` adds the tensor, not its value: the total keeps a reference to every iteration\'s autograd graph, ' +
      'so memory grows with each step until the epoch ends (or the GPU runs out), and the logged number is a tensor ' +
      'with history. Like un-zeroed gradients (the closest item of the recipe\'s common mistakes, 2.M1), it is state ' +
      'from earlier iterations silently leaking into later ones. Accumulate `loss.item()` (or `loss.detach()`). The rule ' +
      'only reports tensors the loop calls `backward()` on, so totals computed under `torch.no_grad()` and graphs kept ' +
      'on purpose (`retain_graph=True`) are left alone.',
    bad: `total_loss = 0.0\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n    total_loss += loss\nprint(total_loss / len(loader))\n`,
    good: `total_loss = 0.0\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n    total_loss += loss.item()\nprint(total_loss / len(loader))\n`,
    fix: 'Adds `.item()` to the loss in the accumulation, so the total is a plain number. When the total is used as a tensor later (a method called on it, passed to a `torch` function, returned), it adds `.detach()` instead, which keeps the tensor but drops the graph.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const loop of m.loops) {
      if (ctx.hasSyntaxErrorIn(loop.stmt)) continue;
      for (const acc of graphAccumulations(m, loop)) {
        const total = ctx.source(acc.total);
        const loss = acc.tensor.id;
        const method = (acc.total.k === 'name' ? usedAsTensor(m, acc.root.id, loop.scope) : itemUsedAsTensor(m, acc.total, loop.scope)) ? 'detach' : 'item';
        const what = acc.kind === 'append' ? `The list \`${total}\` collects` : `\`${total}\` adds up`;
        ctx.report({
          span: acc.stmt,
          message: `${what} the tensor \`${loss}\` itself, which keeps every iteration's autograd graph alive and grows memory each step. Use \`${loss}.${method}()\`.`,
          related: [{ span: acc.backward.site.call, message: `\`${loss}\` has a graph: backward runs on it here` }],
          fixes: [{ title: `Accumulate \`${loss}.${method}()\``, edits: [{ start: acc.tensor.to, end: acc.tensor.to, newText: `.${method}()` }] }],
        });
      }
    }
  },
});

/**
 * Whether an item that holds a total (`ldic['teloss'][0]`) has a method or attribute read on it in the scope
 * (`ldic['teloss'][0].item()`): it is used as a tensor, and `.item()` in the sum would break that.
 */
function itemUsedAsTensor(m: PyModule, item: Expr, scope: Scope): boolean {
  const it = sourceKey(m, item);
  let found = false;
  walkStmts(scope.body, (s) => {
    for (const e of stmtExprs(s)) walkExpr(e, (x) => (found ||= x.k === 'attr' && sourceKey(m, x.obj) === it));
  });
  return found;
}

import type { Stmt } from '../../python/ir';
import type { CallSite, LoopInfo, PyModule } from '../../python/semantic';
import { evaluationContext, forwardOf, gradDisabledAt, ModeMemo, modeAt, objectKey, requiresGradSwitches, walkStmtExprs } from '../../python/facts-eval';
import { gradCall, lastName, loopContents } from '../../python/torch';
import { type LineIndex, snippet } from '../../text';
import type { TextEdit } from '../../types';
import { defineRule } from '../rule';

/** Code that wants gradients in evaluation mode: saliency maps, adversarial examples, gradient penalties. */
function usesGradients(stmts: Stmt[]): boolean {
  let found = false;
  walkStmtExprs(stmts, (e) => {
    if (e.k === 'attr' && /^(backward|requires_grad_?|grad|retain_grad)$/.test(e.attr)) found = true;
  });
  return found;
}

function loopTrains(m: PyModule, loop: LoopInfo): boolean {
  return loopContents(m, loop).calls.some(({ site }) => gradCall(site.scope.module, site)?.kind === 'backward');
}

/** The name `torch` is imported under at module level, if any. */
function torchName(m: PyModule): string | undefined {
  for (const [alias, q] of m.scope.imports) if (q === 'torch') return alias;
  return undefined;
}

/** Re-indents a whole statement one level deeper under a new `with` header. */
function wrapIn(lines: LineIndex, stmt: Stmt, header: string): TextEdit | undefined {
  const text = lines.text;
  let end = stmt.to;
  while (end > stmt.from && /\s/.test(text[end - 1])) end--; // a block's span runs past its last line break
  const first = lines.position(stmt.from).line;
  const last = lines.position(end).line;
  const start = lines.lineStart(first);
  const indent = text.slice(start, stmt.from);
  if (indent.trim() !== '') return undefined;
  const tail = text.slice(end, lines.lineEnd(last)).trim();
  if (tail !== '' && !tail.startsWith('#')) return undefined;
  // a string literal spanning lines would change if re-indented
  let multiline = false;
  walkStmtExprs([stmt], (e) => {
    if ((e.k === 'str' || (e.k === 'other' && e.node === 'FormatString')) && text.slice(e.from, e.to).includes('\n')) multiline = true;
  });
  if (multiline) return undefined;
  let unit = '    ';
  if (indent.includes('\t')) unit = '\t';
  else if (stmt.k === 'for' || stmt.k === 'while' || stmt.k === 'with' || stmt.k === 'if' || stmt.k === 'try') {
    const inner = lines.indentOf(lines.position(stmt.from).line + 1);
    if (inner.startsWith(indent) && inner.length > indent.length) unit = inner.slice(indent.length);
  }
  const eol = lines.eol();
  const body: string[] = [];
  for (let l = first; l <= last; l++) {
    const t = lines.lineText(l);
    body.push(t.trim() ? unit + t : t);
  }
  return { start, end: lines.lineEnd(last), newText: `${indent}${header}${eol}${body.join(eol)}` };
}

/** The statement to wrap: the outermost loop around the forward pass that does not train, else its own statement. */
function blockToWrap(m: PyModule, site: CallSite): Stmt | undefined {
  const loop = site.loops.find((l) => !loopTrains(m, l));
  if (loop) return loop.stmt;
  const s = site.stmt;
  return s.k === 'assign' || s.k === 'expr' || s.k === 'return' || s.k === 'augassign' ? s : undefined;
}

export default defineRule({
  code: 'NR207',
  name: 'eval-without-no-grad',
  stage: 2,
  tip: '2.M2',
  languages: ['python'],
  defaultSeverity: 'info',
  fixSafety: 'unsafe',
  docs: {
    summary: 'An evaluation runs the model in eval mode but with autograd on: no `torch.no_grad()` or `torch.inference_mode()`.',
    why:
      'Switching a model to evaluation has two halves in PyTorch: `model.eval()` for the layers (the train/eval-mode ' +
      'mistake of the recipe, tip 2.M2) and `torch.no_grad()` for autograd. Without the second, every forward pass keeps ' +
      'its activations for a backward pass that never comes: evaluation is slower and uses far more memory, which pushes ' +
      'people to evaluate on fewer or smaller batches. The rule reports forward passes that are surely evaluation (in ' +
      'eval mode, in an evaluation function or over validation data, also a loop over the indices of a validation set, ' +
      '`for k in range(len(dataset_val)): dataset_val[k]`, or after loading weights) with gradients on along ' +
      'some path; `@torch.no_grad()` on the function, or a caller that wraps the call, counts, and so does a model frozen ' +
      'where it is evaluated (`p.requires_grad = False` for each parameter). Code that computes gradients on purpose ' +
      '(saliency maps, adversarial examples) is not reported.',
    bad: `import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\n\ndef evaluate(model, loader):\n    model.eval()\n    correct = 0\n    for x, y in loader:\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\nprint(evaluate(model, val_loader))\n`,
    good: `import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\n\n@torch.no_grad()\ndef evaluate(model, loader):\n    model.eval()\n    correct = 0\n    for x, y in loader:\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\nprint(evaluate(model, val_loader))\n`,
    fix: 'Wraps the evaluation loop (or the statement) in `with torch.no_grad():`, re-indenting it. Unsafe: code that later needs gradients of those outputs would lose them.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    const memo = new ModeMemo();
    const done = new Set<Stmt>();
    const torch = torchName(m);
    for (const site of m.callSites) {
      const f = forwardOf(m, site);
      const key = f && objectKey(f.obj);
      if (!f || !key || ctx.hasSyntaxErrorIn(site.call)) continue;
      const ec = evaluationContext(m, site, key);
      if (!ec || ec.kind === 'no_grad') continue;
      if (gradDisabledAt(m, site) !== 'no') continue;
      // the model frozen where it is evaluated (`p.requires_grad = False` for each parameter): no graph is recorded
      if (requiresGradSwitches(m, key, site.scope).off) continue;
      const modes = modeAt(m, site, f.obj, memo);
      if (modes.size !== 1 || !modes.has('eval')) continue;
      const fn = m.functionOf(site.scope);
      const block = blockToWrap(m, site);
      if (usesGradients(ec.kind === 'function' && fn ? fn.stmt.body.stmts : [block ?? site.stmt])) continue;
      if (block && done.has(block)) continue;
      if (block) done.add(block);
      const edit = block && torch ? wrapIn(ctx.lines, block, `with ${torch}.no_grad():`) : undefined;
      // PyTorch 0.3's `Variable(x, volatile=True)` turned autograd off; since 0.4 it does nothing
      const volatile = m.callsIn(site.scope).some((c) => lastName(c.call.fn) === 'Variable' && c.call.kwargs.some((k) => k.name === 'volatile'));
      ctx.report({
        span: site.call,
        message: `\`${snippet(ctx.text, site.call)}\` evaluates with autograd on: each forward pass keeps its activations for a backward pass that never comes. Wrap the evaluation in \`with torch.no_grad():\` (or decorate the function with \`@torch.no_grad()\`)${volatile ? '; `Variable(…, volatile=True)` has done nothing since PyTorch 0.4' : ''}.`,
        fixes: edit ? [{ title: 'Wrap the evaluation in `with torch.no_grad():`', edits: [edit] }] : [],
      });
    }
  },
});

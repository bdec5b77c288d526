import type { Expr, Stmt } from '../../python/ir';
import { type CallExpr, type CallSite, type FunctionInfo, type LoopInfo, ObjectMemo, type PyModule, argumentFor, sitesWhere } from '../../python/semantic';
import { evaluationContext, forwardOf, forwardSites, gradDisabledAt, inTraining, isEvaluationFunction, isEvaluationName, loopRole, ModeMemo, modeAt, objectKey, requiresGradSwitches, runsBackward, walkStmtExprs } from '../../python/facts-eval';
import { isNoGradContext, underNoGrad } from '../../python/facts-autograd';
import { gradCall, lastName, loopContents, siteInstanceMethod } from '../../python/torch';
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
      'where it is evaluated (`p.requires_grad = False` for each parameter). A helper of the file that runs the forward ' +
      'pass for training and evaluation alike (`self._process_one_batch(…)` in Informer-style `Exp` classes) is reported ' +
      'where the evaluation calls it. An evaluation function the training loop calls (`for epoch …: train(…); test(…)`, ' +
      'PyG\'s and DGL\'s layout, or a validation every few steps) is still an evaluation when it switches the model to ' +
      'eval mode itself and runs no backward pass. An evaluation function of another project file (`from evaluate ' +
      'import evaluate`), or an evaluation method of an object of a project class (`local_model.inference(model=…)`), is reported at this file\'s call, which the fix wraps in `torch.no_grad()`, when it switches the ' +
      'model to eval mode itself, or loops over held-out data with a model this file put in eval mode. Code that computes gradients on purpose ' +
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
    // functions a forward pass of which is reported: their callers are not reported again
    const reportedIn = new Set<FunctionInfo>();
    /** Reports `site` (a forward pass, or a call of a helper that runs one on `obj`) when it surely evaluates with autograd on. */
    const check = (site: CallSite, obj: Expr, helper?: { fn: FunctionInfo; forward: CallExpr }): boolean => {
      const key = objectKey(obj);
      if (!key || ctx.hasSyntaxErrorIn(site.call)) return false;
      const ec = evaluationContext(m, site, key);
      if (!ec || ec.kind === 'no_grad') return false;
      if (gradDisabledAt(m, site) !== 'no') return false;
      // the model frozen where it is evaluated (`p.requires_grad = False` for each parameter): no graph is recorded
      if (requiresGradSwitches(m, key, site.scope).off) return false;
      const modes = modeAt(m, site, obj, memo);
      if (modes.size !== 1 || !modes.has('eval')) return false;
      const fn = m.functionOf(site.scope);
      const block = blockToWrap(m, site);
      if (usesGradients(ec.kind === 'function' && fn ? fn.stmt.body.stmts : [block ?? site.stmt])) return false;
      return emit(site, block, helper);
    };
    /** Reports an evaluation's forward pass (or its helper's call) with autograd on, wrapping `block` in the fix. */
    const emit = (site: CallSite, block: Stmt | undefined, helper?: { fn: FunctionInfo; forward: CallExpr }): boolean => {
      if (block && done.has(block)) return false;
      if (block) done.add(block);
      const edit = block && torch ? wrapIn(ctx.lines, block, `with ${torch}.no_grad():`) : undefined;
      // PyTorch 0.3's `Variable(x, volatile=True)` turned autograd off; since 0.4 it does nothing
      const volatile = m.callsIn(site.scope).some((c) => lastName(c.call.fn) === 'Variable' && c.call.kwargs.some((k) => k.name === 'volatile'));
      const what = helper
        ? `\`${snippet(ctx.text, site.call)}\` runs the model's forward pass (\`${snippet(helper.fn.scope.module.text, helper.forward)}\` in \`${helper.fn.name}\`) and evaluates with autograd on`
        : `\`${snippet(ctx.text, site.call)}\` evaluates with autograd on`;
      ctx.report({
        span: site.call,
        message: `${what}: each forward pass keeps its activations for a backward pass that never comes. Wrap the evaluation in \`with torch.no_grad():\` (or decorate the function with \`@torch.no_grad()\`)${volatile ? '; `Variable(…, volatile=True)` has done nothing since PyTorch 0.4' : ''}.`,
        related: helper
          ? [helper.fn.scope.module === m ? { span: helper.forward, message: 'the forward pass runs here' } : { module: { path: helper.fn.scope.module.path, text: helper.fn.scope.module.text }, span: helper.forward, message: 'the forward pass runs here' }]
          : undefined,
        fixes: edit ? [{ title: 'Wrap the evaluation in `with torch.no_grad():`', edits: [edit] }] : [],
      });
      return true;
    };
    for (const site of forwardSites(m)) {
      const f = forwardOf(m, site);
      if (!f || !check(site, f.obj)) continue;
      const fn = m.functionOf(site.scope);
      if (fn) reportedIn.add(fn);
    }
    // a helper of the file that runs the forward pass for training and evaluation alike (Informer's and
    // Time-Series-Library's `self._process_one_batch(…)`, called from `train()` and from `vali()`): the evaluation's
    // call of it is what runs with autograd on
    const forwards = new Map<FunctionInfo, { call: CallExpr; obj: Expr } | undefined>();
    for (const site of localCallSites(m)) {
      const fn = m.siteLocalCallee(site);
      if (!fn || fn.scope.module !== m || reportedIn.has(fn) || m.functionOf(site.scope) === fn) continue;
      if (!forwards.has(fn)) forwards.set(fn, helperForward(m, fn));
      const forward = forwards.get(fn);
      const obj = forward && modelAsCalled(m, fn, forward.obj, site);
      if (forward && obj) check(site, obj, { fn, forward: forward.call });
    }
    // a function of another project file that runs the model it is handed over the data with autograd on: reported
    // at this file's call, which runs with autograd on too (the fix wraps the call). Either the function switches
    // the model to eval mode itself (an evaluation function: haitongli's `evaluate.py`, imported by `train.py`), or
    // the model is in eval mode where this file calls it (NCF's `evaluate.metrics(model, test_loader, top_k)`)
    for (const site of forwardingCalls(m)) {
      const fn = forwardingCallee(m, site);
      const fm = fn?.scope.module;
      if (!fn || !fm) continue;
      const forwards = paramForwardsMemo.get(fn, fm, () => paramForwards(fm, fn));
      if (!forwards.length || ctx.hasSyntaxErrorIn(site.call) || (m.linker?.syntaxErrorIn?.(fm, fn.stmt) ?? true) || underNoGrad(site) || gradDisabledAt(m, site) !== 'no') continue;
      for (const forward of forwards) {
        const helper = { fn, forward: forward.site.call };
        if (forward.switched) {
          if (isEvaluationFunction(fn) && emit(site, blockToWrap(m, site), helper)) break;
          continue;
        }
        // (the function evaluates: by its name, or its loop is over held-out data, `for user, item in test_loader`)
        const evaluates = isEvaluationFunction(fn) || forward.site.loops.some((l) => loopRole(fm, l) === 'eval');
        const param = fn.stmt.params.find((p) => p.name === forward.param);
        const obj = param && argumentFor(fn, param, site.call);
        const key = obj && objectKey(obj);
        if (!evaluates || !obj || !key || inTraining(m, site) || requiresGradSwitches(m, key, site.scope).off) continue;
        const modes = modeAt(m, site, obj, memo);
        if (modes.size === 1 && modes.has('eval') && emit(site, blockToWrap(m, site), helper)) break;
      }
    }
  },
});

/** The calls of a module's own functions, but a function's calls of itself (see `sitesWhere`). */
const localCallSites = sitesWhere((m, site) => {
  const fn = m.siteLocalCallee(site);
  return !!fn && fn.scope.module === m && m.functionOf(site.scope) !== fn;
});

/**
 * The function of another project file, or the method of an object of a project class (`local.inference(model=
 * global_model)`), that a call runs, when it could be reported: not a function of the file itself, nor one the parser
 * could not read whole (Python 2's `cuda(async=True)`).
 */
function forwardingCallee(m: PyModule, site: CallSite): FunctionInfo | undefined {
  if (site.call.fn.k !== 'name' && site.call.fn.k !== 'attr') return undefined;
  const fn = m.siteProjectCallee(site) ?? (mayReachMethod(site.call) ? siteInstanceMethod(m, site) : undefined);
  const fm = fn?.scope.module;
  return !fn || !fm || (fm === m && !fn.cls) ? undefined : fn;
}

/**
 * The calls of a module that run a function of the project which runs the model it is handed (`paramForwards`; most
 * functions run no forward pass of a parameter: asked once per function). See `sitesWhere`.
 */
const forwardingCalls = sitesWhere((m, site) => {
  const fn = forwardingCallee(m, site);
  const fm = fn?.scope.module;
  return !!fn && !!fm && paramForwardsMemo.get(fn, fm, () => paramForwards(fm, fn)).length > 0;
});

/**
 * Whether a call of a method could be reported below, before asking what class its object is (most calls of a file
 * are of library objects' methods, and the question is not cheap): a method is found by its own name, so without
 * arguments it can only be an evaluation by its name (`trainer.validate()`); a forward pass of a parameter needs the
 * argument that parameter gets.
 */
function mayReachMethod(call: CallExpr): boolean {
  return call.args.length > 0 || call.kwargs.length > 0 || (call.fn.k === 'attr' && isEvaluationName(call.fn.attr));
}

/** `paramForwards` per function and version of its module (the functions of a package every script of a project calls). */
const paramForwardsMemo = new ObjectMemo<FunctionInfo, ParamForward[]>();

interface ParamForward {
  /** The forward pass: a call of the parameter in a loop. */
  site: CallSite;
  param: string;
  /** Whether the function switches the parameter to eval mode first (`model.eval()`, never back to training). */
  switched: boolean;
}

/**
 * The forward passes over data of a function's parameters that run with autograd on as the function stands: the first
 * call of each parameter (`model(x)`, also `loss_fn(…)`: the caller's arguments tell which is a model) in a loop,
 * with no no-grad block or decorator around, no backward pass, no gradients used, the parameter not rebound; and
 * whether the function switches it to eval mode first (then it is surely a module).
 */
function paramForwards(m: PyModule, fn: FunctionInfo): ParamForward[] {
  if (runsBackward(fn) || usesGradients(fn.stmt.body.stmts)) return [];
  if (fn.stmt.decorators.some((d) => isNoGradContext(m, d, fn.scope.parent ?? m.scope))) return [];
  const params = new Set(fn.stmt.params.map((p) => p.name));
  const own = m.callsIn(fn.scope);
  const out: ParamForward[] = [];
  for (const site of own) {
    const param = site.call.fn.k === 'name' ? site.call.fn.id : undefined;
    if (!param || !params.has(param) || out.some((f) => f.param === param) || !site.loops.length || underNoGrad(site) || gradDisabledAt(m, site) === 'yes') continue;
    if (m.assignmentsOf(param, fn.scope).some((a) => a.via !== 'param')) continue;
    const switches = (attr: string): CallSite[] => own.filter((s) => s.call.fn.k === 'attr' && s.call.fn.attr === attr && s.call.fn.obj.k === 'name' && s.call.fn.obj.id === param);
    // (a function that switches it to training mode trains, or leaves the mode to its caller: not an evaluation)
    if (switches('train').length) continue;
    out.push({ site, param, switched: switches('eval').some((s) => !s.call.args.length && s.call.from < site.call.from) });
  }
  return out;
}

/**
 * The forward pass a function of this file (or a method of the class) runs with autograd on as it stands, when it is
 * no evaluation by its name: no no-grad block or decorator of its own, no backward pass, no gradients used.
 */
function helperForward(m: PyModule, fn: FunctionInfo): { call: CallExpr; obj: Expr } | undefined {
  if (isEvaluationFunction(fn) || runsBackward(fn) || usesGradients(fn.stmt.body.stmts)) return undefined;
  if (fn.stmt.decorators.some((d) => isNoGradContext(m, d, fn.scope.parent ?? m.scope))) return undefined;
  for (const inner of m.callsIn(fn.scope)) {
    if (underNoGrad(inner)) continue;
    const f = forwardOf(m, inner);
    if (f) return { call: inner.call, obj: f.obj };
  }
  return undefined;
}

/**
 * The model a helper's forward pass runs, as its caller names it: `self.model` from a method of the same class, or
 * the argument the caller gives the helper's model parameter.
 */
function modelAsCalled(m: PyModule, fn: FunctionInfo, obj: Expr, site: CallSite): Expr | undefined {
  if (obj.k === 'attr' && obj.obj.k === 'name' && obj.obj.id === 'self') return fn.cls && site.scope.cls === fn.cls ? obj : undefined;
  if (obj.k !== 'name') return undefined;
  const param = fn.stmt.params.find((p) => p.name === obj.id);
  if (!param || m.reachingAssignment(obj.id, fn.scope, obj.from)?.via !== 'param') return undefined;
  const arg = argumentFor(fn, param, site.call);
  return arg && objectKey(arg) ? arg : undefined;
}

import { addKeyword } from '../../python/edits';
import { objectKey } from '../../python/facts-eval';
import { stmtExprs } from '../../python/facts-autograd';
import { calleeShortName, isComprehension } from '../../python/facts-recipe';
import { BATCH_NORMS, sequentialSites } from '../../python/facts-layers';
import type { Expr, Stmt } from '../../python/ir';
import { type CallExpr, type ClassInfo, type ClassRef, type PyModule, type Scope, callSitesNamed, forEachBlock, kwarg, perObject, walkExpr, walkStmts } from '../../python/semantic';
import { canonical, externalClassOf, isModuleBase } from '../../python/torch';
import { LineIndex } from '../../text';
import { type PythonRuleContext, defineRule } from '../rule';

/** Layers with a bias argument, and the position of `bias` among their positional parameters. */
const BIASED_LAYERS: Record<string, number> = {
  'torch.nn.Linear': 2,
  'torch.nn.Conv1d': 7,
  'torch.nn.Conv2d': 7,
  'torch.nn.Conv3d': 7,
  'torch.nn.ConvTranspose1d': 7,
  'torch.nn.ConvTranspose2d': 7,
  'torch.nn.ConvTranspose3d': 7,
  'torch.nn.LazyLinear': 1,
  'torch.nn.LazyConv1d': 6,
  'torch.nn.LazyConv2d': 6,
  'torch.nn.LazyConv3d': 6,
};
function ctorName(m: PyModule, call: Expr, scope: Scope): string | undefined {
  if (call.k !== 'call') return undefined;
  const ref = m.classOf(call.fn, scope);
  return ref?.kind === 'external' ? canonical(ref.qname) : undefined;
}

/**
 * Whether a class normalises as BatchNorm: one of torch's, or a project's subclass of one that keeps its forward
 * (`class MyBN(nn.BatchNorm2d)` setting a momentum; a `forward` of its own that calls `super().forward(…)`).
 */
function isBatchNormClass(ref: ClassRef | undefined): boolean {
  if (!ref) return false;
  if (ref.kind === 'external') return BATCH_NORMS.has(canonical(ref.qname));
  const cm = ref.cls.module;
  if (!cm.derivesFrom(ref.cls, (b) => BATCH_NORMS.has(canonical(b)))) return false;
  const fwd = ref.cls.methods.get('forward');
  return !fwd || cm.callsIn(fwd.scope).some((s) => s.call.fn.k === 'attr' && s.call.fn.attr === 'forward' && s.call.fn.obj.k === 'call' && calleeShortName(s.call.fn.obj) === 'super');
}

/** A layer built with its default bias (no `bias=` and not enough positional arguments to set it). */
function hasDefaultBias(m: PyModule, call: Expr, scope: Scope): call is CallExpr {
  const name = ctorName(m, call, scope);
  if (!name || !(name in BIASED_LAYERS) || call.k !== 'call') return false;
  if (kwarg(call, 'bias') || call.star) return false;
  return call.args.length <= BIASED_LAYERS[name];
}

/**
 * Reports a biased layer followed by BatchNorm. When the layer is built in another file (a base class in
 * blocks.py), the finding goes on the layer's call in this file, pointing to and fixing the other file.
 */
function report(ctx: PythonRuleContext, layer: CallExpr, bn: Expr, where: string, built?: { scope: Scope; applied: Expr }): void {
  const owner = built?.scope.module ?? ctx.module;
  const elsewhere = owner !== ctx.module;
  const name = ctorName(owner, layer, built?.scope ?? owner.scope) ?? 'layer';
  ctx.report({
    span: elsewhere && built ? built.applied : layer,
    message: `This ${name.replace('torch.nn.', '')} has a bias, but the BatchNorm right after it subtracts the mean and cancels it: the bias is dead weight. Pass \`bias=False\`.`,
    related: [
      ...(elsewhere ? [{ module: { path: owner.path, text: owner.text }, span: layer, message: 'the layer is built here' }] : []),
      { span: bn, message: `BatchNorm follows ${where}` },
    ],
    fixes: [{ title: 'Set bias=False', edits: [addKeyword(elsewhere ? new LineIndex(owner.text) : ctx.lines, layer, 'bias', 'False')], path: elsewhere ? owner.path : undefined }],
  });
}

/**
 * The items a list gets one right after the other, in the statements of a function that build it: within one
 * `name += […]` / `name.extend([…])` / `name = […]`, and from one `name.append(x)` (or those) to the next in the same
 * block. A statement with blocks of its own in between (an `if`, a loop) breaks the chain: what it adds, if anything,
 * is not known.
 */
function adjacentItems(stmts: Stmt[], name: string): [Expr, Expr][] {
  const isList = (e: Expr): boolean => e.k === 'name' && e.id === name;
  return chained(stmts, (st) => {
    if (st.k === 'assign' && st.value?.k === 'seq' && st.value.kind === 'list' && st.targets.length === 1 && isList(st.targets[0])) return st.value.items;
    if (st.k === 'augassign' && st.op === '+=' && isList(st.target) && st.value.k === 'seq') return st.value.items;
    if (st.k !== 'expr' || st.expr.k !== 'call' || st.expr.fn.k !== 'attr' || !isList(st.expr.fn.obj) || st.expr.star) return undefined;
    const arg = st.expr.args[0];
    if (st.expr.fn.attr === 'append' && st.expr.args.length === 1) return [arg];
    if (st.expr.fn.attr === 'extend' && arg?.k === 'seq') return arg.items;
    return undefined;
  });
}

/**
 * The layers an `nn.Sequential` gets one right after the other through `add_module` in the statements of a function
 * (`self.feature.add_module('f_conv1', nn.Conv2d(…))` then `self.feature.add_module('f_bn1', nn.BatchNorm2d(…))`, as
 * DANN builds its networks), `key` naming the Sequential (`self.feature`).
 */
function addedModules(stmts: Stmt[], key: string): [Expr, Expr][] {
  return chained(stmts, (st) => {
    if (st.k !== 'expr' || st.expr.k !== 'call' || st.expr.fn.k !== 'attr' || st.expr.fn.attr !== 'add_module' || st.expr.star) return undefined;
    const layer = st.expr.args[1] ?? kwarg(st.expr, 'module')?.value;
    return objectKey(st.expr.fn.obj) === key && layer ? [layer] : undefined;
  });
}

/**
 * Pairs of items added one right after the other by the statements `added` reads, in order: within one statement,
 * and from one such statement to the next in the same block. A statement with blocks of its own in between (an `if`,
 * a loop) breaks the chain: what it adds, if anything, is not known.
 */
function chained(stmts: Stmt[], added: (st: Stmt) => Expr[] | undefined): [Expr, Expr][] {
  const out: [Expr, Expr][] = [];
  const block = (list: Stmt[]): void => {
    let prev: Expr | undefined;
    for (const st of list) {
      if (st.k === 'def' || st.k === 'class') continue;
      const items = added(st);
      if (items) {
        if (items.some((i) => i.k === 'other')) {
          prev = undefined; // `*more` in the list: what comes between is not known
          continue;
        }
        if (prev && items.length) out.push([prev, items[0]]);
        for (let i = 0; i + 1 < items.length; i++) out.push([items[i], items[i + 1]]);
        prev = items.length ? items[items.length - 1] : prev;
        continue;
      }
      let nested = false;
      forEachBlock(st, (b) => {
        nested = true;
        block(b.stmts);
      });
      if (nested) prev = undefined;
    }
  };
  block(stmts);
  return out;
}

/** `compute`'s value, worked out the first time it is asked for (most classes never need it). */
function whenAsked<T extends object>(compute: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= compute());
}

/** A layer with a bias that a BatchNorm follows, where, and (built in another file) where it is applied. */
interface Pair {
  layer: CallExpr;
  bn: Expr;
  where: string;
  built?: { scope: Scope; applied: Expr };
}

/**
 * The layers with a bias that forward() of a model class (or a method of the class it calls) hands straight to a
 * BatchNorm: `self.bn(self.conv(x))`, `x = self.conv(x); x = self.bn(x)`, parallel lists zipped. Kept with the class
 * (`perObject`): most classes of a file are not edited between two versions.
 */
const forwardPairs = perObject(
  (m: PyModule, cls: ClassInfo): Pair[] => {
    const found: Pair[] = [];
    if (!m.derivesFrom(cls, isModuleBase)) return found;
    const fwd = cls.methods.get('forward');
    if (!fwd) return found;
    // (how often the class's methods call each `self.x(…)`: counted once a BatchNorm call asks)
    const callsOf = whenAsked(() => {
      const out = new Map<string, number>();
      for (const f of cls.methods.values())
        for (const s of m.callsIn(f.scope)) {
          const fn = s.call.fn;
          if (fn.k === 'attr' && fn.obj.k === 'name' && fn.obj.id === 'self') out.set(fn.attr, (out.get(fn.attr) ?? 0) + 1);
        }
      return out;
    });
    // forward() and the methods of the class it calls (`x = self._forward_features(x)`)
    const scopes = [fwd.scope];
    for (const s of m.callsIn(fwd.scope)) {
      const fn = s.call.fn;
      const helper = fn.k === 'attr' && fn.obj.k === 'name' && fn.obj.id === 'self' ? m.method(cls, fn.attr) : undefined;
      if (helper && helper !== fwd && !scopes.includes(helper.scope)) scopes.push(helper.scope);
    }
    for (const site of scopes.flatMap((sc) => m.callsIn(sc))) {
      if (!site.call.args[0] || !isBatchNormClass(m.instanceOf(site.call.fn, site.scope)?.ref)) continue;
      const input = m.resolve(site.call.args[0], site.scope);
      if (!input || input.expr.k !== 'call') continue;
      const layerCall = input.expr;
      if (layerCall.fn.k !== 'attr' || callsOf().get(layerCall.fn.attr) !== 1) continue; // a layer used once, here
      const layer = m.instanceOf(layerCall.fn, input.scope);
      if (!layer || layer.ref.kind !== 'external') continue;
      if (!hasDefaultBias(layer.scope.module, layer.call, layer.scope)) continue;
      const where = site.scope === fwd.scope ? 'forward()' : `${site.scope.name}(), which forward() calls`;
      found.push({ layer: layer.call, bn: site.call, where: `in ${cls.name}.${where}`, built: { scope: layer.scope, applied: layerCall } });
    }
    // parallel lists of layers: `for conv, bn in zip(self.convs, self.bns): x = bn(conv(x))`
    // (how often the methods but `__init__` name each `self.x`: counted once a zip loop asks)
    const uses = whenAsked(() => {
      const out = new Map<string, number>();
      for (const f of cls.methods.values())
        if (f.stmt.name !== '__init__')
          walkStmts(f.stmt.body.stmts, (st) => {
            for (const e of stmtExprs(st)) walkExpr(e, (x) => void (x.k === 'attr' && x.obj.k === 'name' && x.obj.id === 'self' && out.set(x.attr, (out.get(x.attr) ?? 0) + 1)));
          });
      return out;
    });
    for (const sc of scopes)
      walkStmts(sc.body, (loop) => {
        if (loop.k !== 'for' || loop.target.k !== 'seq' || loop.iter.k !== 'call' || calleeShortName(loop.iter) !== 'zip' || loop.iter.args.length !== loop.target.items.length) return;
        const zipped = new Map<string, Expr>();
        loop.target.items.forEach((t, i) => {
          const list = (loop.iter as CallExpr).args[i];
          // (each list used in this loop only)
          if (t.k === 'name' && list.k === 'attr' && list.obj.k === 'name' && list.obj.id === 'self' && uses().get(list.attr) === 1) zipped.set(t.id, list);
        });
        for (const site of m.callsWithin(loop.body.from, loop.body.to)) {
          if (site.call.fn.k !== 'name' || !site.call.args[0]) continue;
          const norms = zipped.get(site.call.fn.id);
          const input = m.resolve(site.call.args[0], site.scope)?.expr;
          const layers = input?.k === 'call' && input.fn.k === 'name' ? zipped.get(input.fn.id) : undefined;
          if (!norms || !layers || !input) continue;
          const bnItems = moduleListItems(m, norms, site.scope);
          const layerItems = moduleListItems(m, layers, site.scope);
          if (!bnItems || !layerItems || bnItems.scope.module !== m || layerItems.scope.module !== m) continue;
          const norm = (e: Expr): boolean => e.k === 'call' && isBatchNormClass(m.classOf(e.fn, bnItems.scope));
          if (!bnItems.items.every(norm) || !layerItems.items.every((e) => hasDefaultBias(m, e, layerItems.scope))) continue;
          for (const layer of layerItems.items) if (layer.k === 'call') found.push({ layer, bn: site.call, where: `in ${cls.name}.forward(), zipped with ${m.text.slice(norms.from, norms.to)}` });
        }
      });
    return found;
  },
  (pairs) => pairs.some((p) => p.built?.scope.kind === 'module'),
);

export default defineRule({
  code: 'NR209',
  name: 'bias-before-batchnorm',
  stage: 2,
  tip: '2.M4',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'unsafe',
  docs: {
    summary: 'A `Conv`/`Linear` layer with a bias directly followed by BatchNorm.',
    why:
      'BatchNorm subtracts the per-channel mean, so a bias added just before it is cancelled: it costs parameters and ' +
      'memory and never learns anything useful. It is one of the common mistakes the recipe lists. Layers with an ' +
      'explicit `bias=True`, or an activation between the layer and the BatchNorm, are left alone. The layers are read ' +
      'in an `nn.Sequential(…)` (also a layer built into a variable first, `conv = nn.Conv2d(…)` then `nn.Sequential(conv, nn.BatchNorm2d(c))`), in `forward()` and the methods of the class it calls, and in a list the same function builds for `nn.Sequential(*layers)` ' +
      '(`layers.append(conv)` then `layers.append(bn)`, or `layers += [conv, nn.BatchNorm2d(v), …]`), and in an `nn.Sequential` filled with `add_module` (`seq.add_module("conv", conv)` then ' +
      '`seq.add_module("bn", bn)`, as DANN builds its networks); a BatchNorm added under an `if` after the layer is not known to follow it, and one layer object that is followed by ' +
      'a BatchNorm in one branch and by something else in the other (torchvision\'s VGG `make_layers`, `[conv2d, ' +
      'nn.BatchNorm2d(v), …]` if `batch_norm` else `[conv2d, nn.ReLU()]`) is left alone: its bias works on the path ' +
      'without BatchNorm, and the pretrained VGG checkpoints, with BatchNorm or not, hold it. Parallel `nn.ModuleList`s ' +
      'zipped in `forward()` (`for conv, bn in zip(self.convs, self.bns): x = bn(conv(x))`) count when every layer of ' +
      'one list has its bias and every item of the other is a BatchNorm, and neither list is used elsewhere; a ' +
      'project\'s subclass of a BatchNorm counts as one unless its own `forward` does something else.',
    bad: `import torch.nn as nn\n\nblock = nn.Sequential(\n    nn.Conv2d(3, 16, 3, padding=1),\n    nn.BatchNorm2d(16),\n    nn.ReLU(),\n)\n`,
    good: `import torch.nn as nn\n\nblock = nn.Sequential(\n    nn.Conv2d(3, 16, 3, padding=1, bias=False),\n    nn.BatchNorm2d(16),\n    nn.ReLU(),\n)\n`,
    fix: 'Adds `bias=False` to the layer. Unsafe: the layer loses its bias parameter, so checkpoints saved before no longer load with `strict=True`.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    const reported = new Set<CallExpr>();
    // layers one right after the other (each through a variable, or written in place): a conv with a bias, then a BatchNorm
    const isNorm = (e: Expr, scope: Scope): boolean => {
      const call = e.k === 'call' ? e : (m.resolve(e, scope)?.expr ?? e);
      return call.k === 'call' && isBatchNormClass(m.classOf(call.fn, scope));
    };
    const reportPairs = (pairs: [Expr, Expr][], scope: Scope, where: string): void => {
      for (const [a, b] of pairs) {
        // (a layer written in place is its own value)
        const layer = a.k === 'call' ? a : (m.resolve(a, scope)?.expr ?? a);
        if (!hasDefaultBias(m, layer, scope)) continue;
        // one layer object followed by a BatchNorm in one branch and by something else in the other (torchvision's
        // VGG `make_layers`: `[conv2d, nn.BatchNorm2d(v), …]` if batch_norm, else `[conv2d, nn.ReLU()]`): its bias
        // works on the path without BatchNorm, and `vgg16`'s and `vgg16_bn`'s checkpoints both hold it
        if (a.k === 'name' && pairs.some(([a2, b2]) => a2.k === 'name' && a2.id === a.id && !isNorm(b2, scope))) continue;
        if (isNorm(b, scope) && !reported.has(layer)) {
          reported.add(layer);
          report(ctx, layer, b, where);
        }
      }
    };
    // the nn.Sequential(…) calls of the file
    const sequentials = sequentialSites(m);
    // nn.Sequential(conv, bn, …), also with a layer built into a variable first (`conv = nn.Conv2d(…)`, then
    // `nn.Sequential(…, conv, nn.BatchNorm2d(c))`, BC-ResNet)
    for (const site of sequentials) {
      const items = site.call.args;
      reportPairs(items.slice(0, -1).map((a, i): [Expr, Expr] => [a, items[i + 1]]), site.scope, 'in the same nn.Sequential');
    }
    // nn.Sequential(*layers), the list built in the same function: `layers.append(conv)` then `layers.append(bn)`,
    // or `layers += [conv2d, nn.BatchNorm2d(v), …]` (torchvision's VGG `make_layers`)
    for (const site of sequentials) {
      const list = site.call.starred[0];
      if (site.call.args.length || site.call.starred.length !== 1 || list?.k !== 'name') continue;
      reportPairs(adjacentItems(site.scope.body, list.id), site.scope, `in the list given to nn.Sequential(*${list.id})`);
    }
    // layers added to an nn.Sequential one after the other: `seq.add_module('conv', conv)` then `seq.add_module('bn', bn)`
    const chains = new Map<Scope, Set<string>>();
    for (const site of callSitesNamed(m, 'add_module')) {
      const fn = site.call.fn;
      if (fn.k !== 'attr') continue;
      const key = objectKey(fn.obj);
      const done = chains.get(site.scope) ?? chains.set(site.scope, new Set()).get(site.scope);
      if (!key || !done || done.has(key) || externalClassOf(m, fn.obj, site.scope)?.qname !== 'torch.nn.Sequential') continue;
      done.add(key);
      reportPairs(addedModules(site.scope.body, key), site.scope, `in ${key}, added with add_module right after it`);
    }
    // forward(): self.bn(self.conv(x)), or x = self.conv(x); x = self.bn(x)
    for (const cls of m.classes)
      for (const p of forwardPairs(m, cls)) {
        if (reported.has(p.layer)) continue;
        reported.add(p.layer);
        report(ctx, p.layer, p.bn, p.where, p.built);
      }
  },
});

/**
 * The layers of an `nn.ModuleList` of the project: the items of a literal list (`nn.ModuleList([nn.Conv2d(…), …])`),
 * or the element of a comprehension (`nn.ModuleList([nn.Conv2d(c, c, 3) for c in chans])`), with the scope they are
 * built in.
 */
function moduleListItems(m: PyModule, e: Expr, scope: Scope): { items: Expr[]; scope: Scope } | undefined {
  const inst = m.instanceOf(e, scope);
  if (inst?.ref.kind !== 'external' || canonical(inst.ref.qname) !== 'torch.nn.ModuleList') return undefined;
  const arg = inst.call.args[0];
  if (arg?.k === 'seq' && arg.kind === 'list' && arg.items.length) return { items: arg.items, scope: inst.scope };
  if (arg?.k === 'other' && isComprehension(arg.node) && arg.parts[0]) return { items: [arg.parts[0]], scope: inst.scope };
  return undefined;
}

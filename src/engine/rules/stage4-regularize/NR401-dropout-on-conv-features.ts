import { replace } from '../../python/edits';
import type { Expr } from '../../python/ir';
import {
  type LayerStep,
  type SequentialLayer,
  SPATIAL_CONVS,
  forwardPath,
  isModuleClass,
  keepsSpatialLayout,
  layerStep,
  producerOf,
  selfCallCount,
  sequentialLayers,
  sequentialSites,
} from '../../python/facts-layers';
import { type CallExpr, type PyModule, type Scope, argument } from '../../python/semantic';
import { intLiteral } from '../../python/facts-shapes';
import { numberValue, zeroByDefault } from '../../python/facts-recipe';
import type { TextEdit } from '../../types';
import { type PythonRuleContext, defineRule } from '../rule';

const DROPOUT = 'torch.nn.Dropout';

/** The convolution a list of layers ends with, looking back over activations, norms and pooling. */
function convBefore(layers: SequentialLayer[], end: number): SequentialLayer | undefined {
  for (let j = end; j >= 0; j--) {
    const q = layers[j].qname;
    if (q && q in SPATIAL_CONVS) return layers[j];
    if (!q || !keepsSpatialLayout(q)) return undefined;
  }
  return undefined;
}

/** The convolution that produced a tensor in forward(), through activations, norms, pooling and Sequentials. */
function convProducing(m: PyModule, tensor: Expr | undefined, scope: Scope): { span: Expr; qname: string } | undefined {
  let step: LayerStep | undefined = tensor ? producerOf(m, tensor, scope) : undefined;
  for (let i = 0; step && i < 12; i++) {
    if (step.scope.module !== m) return undefined; // built in another file: no location here to point at
    if (step.qname in SPATIAL_CONVS) return { span: step.call, qname: step.qname };
    if (step.qname === 'torch.nn.Sequential' && step.ctor && step.ctorScope) {
      const layers = sequentialLayers(step.ctorScope.module, step.ctor, step.ctorScope);
      const conv = layers && convBefore(layers, layers.length - 1);
      return conv?.qname ? { span: step.call, qname: conv.qname } : undefined;
    }
    if (!keepsSpatialLayout(step.qname) || !step.input) return undefined;
    step = producerOf(step.scope.module, step.input, step.scope);
  }
  return undefined;
}

/**
 * Whether a dropout's rate is 0 on every path: `nn.Dropout(0.0)`, or a parameter whose default is 0 that no call in
 * the file sets to anything else (Social-STGCNN's `st_gcn(…, dropout=0)`, built without a rate): it drops nothing.
 */
function dropsNothing(m: PyModule, ctor: CallExpr, scope: Scope): boolean {
  const p = argument(ctor, 0, 'p');
  return !!p && (numberValue(m, p, scope) === 0 || zeroByDefault(m, p, scope));
}

/** Whether a literal dimension index names a spatial axis of a 2-D feature map (N, C, H, W). */
function spatialAxis(e: Expr | undefined): boolean {
  if (!e) return true; // `squeeze()`: some axis is 1, and it is not the channels of a conv map
  const i = intLiteral(e);
  return i !== undefined && [2, 3, -1, -2].includes(i);
}

/**
 * Whether forward() squeezes a spatial axis out of what a dropout call gave back (`c = self.dropout(c)`, then
 * `torch.squeeze(c, 3)` or `c.squeeze(-1)`): the 2-D convolution's kernel spans the whole width (LSTNet's
 * `Conv2d(1, hidC, kernel_size=(Ck, m))` over the m series, a TextCNN over the embedding), so its maps are 1-D
 * sequences, the features of a Conv1d, which this rule leaves alone.
 */
function squeezedToSequence(m: PyModule, dropout: CallExpr, scope: Scope): boolean {
  const fromDropout = (t: Expr | undefined): boolean => {
    if (t === dropout) return true;
    if (t?.k !== 'name') return false;
    return m.reachingAssignment(t.id, scope, t.from)?.value === dropout;
  };
  for (const s of m.callsIn(scope)) {
    const c = s.call;
    if (c.to <= dropout.to || c.fn.k !== 'attr' || c.fn.attr !== 'squeeze') continue;
    if (m.qualify(c.fn, scope) === 'torch.squeeze' ? fromDropout(argument(c, 0, 'input')) && spatialAxis(argument(c, 1, 'dim')) : fromDropout(c.fn.obj) && spatialAxis(argument(c, 0, 'dim')))
      return true;
  }
  return false;
}

/** Renames `nn.Dropout(...)` to `nn.Dropout2d(...)` when the constructor is spelled through a module alias. */
function renameEdit(ctor: CallExpr, to: string): TextEdit | undefined {
  return ctor.fn.k === 'attr' && ctor.fn.attr === 'Dropout' ? replace({ from: ctor.fn.attrFrom, to: ctor.fn.to }, to) : undefined;
}

function report(ctx: PythonRuleContext, span: Expr, conv: { span: Expr; qname: string }, edit: TextEdit | undefined): void {
  const to = SPATIAL_CONVS[conv.qname];
  ctx.report({
    span,
    message: `nn.Dropout here drops single pixels of convolutional feature maps; neighbouring pixels are correlated, so it barely regularises. Use nn.${to}, which drops whole channels.`,
    related: [{ span: conv.span, message: `the feature maps come from ${conv.qname.replace('torch.nn.', 'nn.')}` }],
    fixes: edit ? [{ title: `Use nn.${to}`, edits: [edit] }] : [],
  });
}

export default defineRule({
  code: 'NR401',
  name: 'dropout-on-conv-features',
  stage: 4,
  tip: '4.9',
  languages: ['python'],
  defaultSeverity: 'info',
  fixSafety: 'unsafe',
  docs: {
    summary: 'Element-wise `nn.Dropout` applied to convolutional feature maps.',
    why:
      'Neighbouring pixels of a feature map are strongly correlated, so zeroing single activations removes little ' +
      'information: the network fills the holes from the neighbours and the regulariser does little. For ConvNets ' +
      'the recipe recommends spatial dropout (4.9): `nn.Dropout2d`/`nn.Dropout3d` drop whole channels. Dropout after ' +
      '`Flatten`, on the features of `Linear` layers or after global pooling is not reported, nor a 2-D ' +
      'convolution whose maps forward() squeezes to 1-D sequences (a kernel spanning the whole width, `torch.squeeze(c, 3)`), nor a dropout whose rate is 0 ' +
      '(`nn.Dropout(0.0)`, or a parameter that defaults to 0 and that no call in the file sets).',
    bad: `import torch.nn as nn\n\nfeatures = nn.Sequential(\n    nn.Conv2d(3, 32, 3),\n    nn.ReLU(),\n    nn.MaxPool2d(2),\n    nn.Dropout(0.25),\n)\n`,
    good: `import torch.nn as nn\n\nfeatures = nn.Sequential(\n    nn.Conv2d(3, 32, 3),\n    nn.ReLU(),\n    nn.MaxPool2d(2),\n    nn.Dropout2d(0.25),\n)\n`,
    fix: 'Switches to `nn.Dropout2d` (or `nn.Dropout3d` after 3-D convolutions). Unsafe: dropping whole channels regularises more strongly at the same `p`, so the rate may need tuning.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const site of sequentialSites(m)) {
      const layers = sequentialLayers(m, site.call, site.scope, site);
      if (!layers) continue;
      layers.forEach((layer, i) => {
        if (layer.qname !== DROPOUT || layer.expr.k !== 'call' || dropsNothing(m, layer.expr, site.scope)) return;
        const conv = convBefore(layers, i - 1);
        if (conv?.qname) report(ctx, layer.expr, { span: conv.expr, qname: conv.qname }, renameEdit(layer.expr, SPATIAL_CONVS[conv.qname]));
      });
    }
    for (const cls of m.classes) {
      if (!isModuleClass(cls)) continue;
      for (const fn of forwardPath(cls)) {
        for (const s of m.callsIn(fn.scope)) {
          const step = layerStep(m, s.call, s.scope);
          if (!step || step.kind !== 'module' || step.qname !== DROPOUT || !step.ctor || dropsNothing(step.ctorScope?.module ?? m, step.ctor, step.ctorScope ?? s.scope)) continue;
          const conv = convProducing(m, step.input, s.scope);
          if (!conv || (SPATIAL_CONVS[conv.qname] === 'Dropout2d' && squeezedToSequence(m, s.call, s.scope))) continue;
          const f = s.call.fn;
          const once = f.k === 'attr' && f.obj.k === 'name' && f.obj.id === 'self' && selfCallCount(cls, f.attr) === 1;
          const edit = once && step.ctorScope?.module === m ? renameEdit(step.ctor, SPATIAL_CONVS[conv.qname]) : undefined;
          report(ctx, s.call, conv, edit);
        }
      }
    }
  },
});

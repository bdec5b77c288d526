import { addKeyword } from '../../python/edits';
import { type CallSite, type PyModule, kwarg, sitesWhere } from '../../python/semantic';
import { canonical } from '../../python/torch';
import { defineRule } from '../rule';

/** Softmax-like functions and modules whose `dim` is optional (an implicit choice), with its position. */
const IMPLICIT_DIM: Record<string, number> = {
  'torch.nn.functional.softmax': 1,
  'torch.nn.functional.log_softmax': 1,
  'torch.nn.functional.softmin': 1,
  'torch.nn.Softmax': 0,
  'torch.nn.LogSoftmax': 0,
  'torch.nn.Softmin': 0,
};

/**
 * The softmax-like function an attribute of the object holds when every assignment of it in the class puts one there
 * (vnet: `self.softmax = F.log_softmax` or, in the other branch, `F.softmax`; then `self.softmax(out)`): the first's
 * name, the position of `dim` being the same for all of them.
 */
function heldFunction(m: PyModule, site: CallSite): string | undefined {
  const fn = site.call.fn;
  const cls = fn.k === 'attr' && fn.obj.k === 'name' && fn.obj.id === 'self' ? site.scope.cls : undefined;
  if (!cls || fn.k !== 'attr') return undefined;
  const set = m.attrAssignments(cls, fn.attr);
  const names = set.map((a) => {
    const v = a.via === 'assign' && a.index === undefined ? a.value : undefined;
    const q = v && (v.k === 'name' || v.k === 'attr') ? cls.module.qualify(v, a.scope) : undefined;
    return q === undefined ? undefined : canonical(q);
  });
  return names.length && names.every((n) => n !== undefined && IMPLICIT_DIM[n] === 1) ? names[0] : undefined;
}

/** The softmax-like function or module a call runs, by its canonical name. */
function softmaxOf(m: PyModule, site: CallSite): string | undefined {
  const ref = m.siteClass(site);
  return ref?.kind === 'external' ? canonical(ref.qname) : heldFunction(m, site);
}

/** The calls of softmax-like functions and modules that leave `dim` to PyTorch (see `sitesWhere`). */
const implicitDimSites = sitesWhere((m, site) => {
  const call = site.call;
  const q = softmaxOf(m, site);
  const pos = q === undefined ? undefined : IMPLICIT_DIM[q];
  return !(pos === undefined || call.star || kwarg(call, 'dim') || call.args.length > pos);
});

export default defineRule({
  code: 'NR214',
  name: 'softmax-without-dim',
  stage: 2,
  tip: '2.12',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'suggestion',
  docs: {
    summary: '`F.softmax`/`F.log_softmax` or `nn.Softmax`/`nn.LogSoftmax` without `dim`.',
    why:
      'Without `dim`, PyTorch guesses the dimension from the number of dimensions: dimension 0 for 0-, 1- and 3-D inputs, ' +
      'dimension 1 otherwise. For a `(batch, sequence, classes)` tensor that is the batch: the probabilities are ' +
      'normalised across examples, so each prediction depends on the rest of the batch. Nothing fails (only a ' +
      'deprecation warning is printed). The recipe suggests charting dependencies with backprop to catch exactly this ' +
      'kind of batch mixing (2.12); naming the dimension prevents it. A softmax held in an attribute of the model ' +
      '(`self.softmax = F.log_softmax`, or `F.softmax` in another branch, then `self.softmax(out)`) is read as one.',
    bad: `import torch.nn as nn\nimport torch.nn.functional as F\n\nhead = nn.Sequential(nn.Linear(128, 10), nn.LogSoftmax())\nprobs = F.softmax(logits)\n`,
    good: `import torch.nn as nn\nimport torch.nn.functional as F\n\nhead = nn.Sequential(nn.Linear(128, 10), nn.LogSoftmax(dim=-1))\nprobs = F.softmax(logits, dim=-1)\n`,
    fix: 'Suggests `dim=-1`, the class dimension in the usual layouts. Check it is the dimension you normalise over (`dim=1` for `(N, C, H, W)` segmentation maps).',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const site of implicitDimSites(m)) {
      const call = site.call;
      const q = softmaxOf(m, site);
      const name = q?.slice(q.lastIndexOf('.') + 1);
      ctx.report({
        span: call,
        message: `\`${ctx.source(call.fn)}\` without \`dim\` lets PyTorch guess the dimension (the batch dimension for 3-D inputs). Name it, usually \`dim=-1\`.`,
        fixes: [{ title: `Add dim=-1 to ${name}`, edits: [addKeyword(ctx.lines, call, 'dim', '-1')] }],
      });
    }
  },
});

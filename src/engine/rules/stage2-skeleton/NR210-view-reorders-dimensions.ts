import { replace } from '../../python/edits';
import { reorderingView, viewSites } from '../../python/facts-shapes';
import type { TextEdit } from '../../types';
import { defineRule } from '../rule';
import { snippet } from '../../text';

export default defineRule({
  code: 'NR210',
  name: 'view-reorders-dimensions',
  stage: 2,
  tip: '2.M5',
  languages: ['python'],
  defaultSeverity: 'warning',
  fixSafety: 'suggestion',
  docs: {
    summary: "`.view()`/`.reshape()` whose target shape is the tensor's own dimensions in another order.",
    why:
      '`view` and `reshape` only reinterpret the memory in row-major order: `x.view(b, w, h)` on a `(b, h, w)` tensor ' +
      'does not swap the last two dimensions, it cuts the same numbers into rows of another length, mixing values ' +
      'across rows (and, for the batch dimension, across examples). The shapes fit, so nothing fails: the model just ' +
      'learns from scrambled inputs. The recipe lists "view where permute was meant" among the common mistakes (2.M5) ' +
      'and suggests charting dependencies with backprop to catch this kind of batch mixing (2.12). Flattening ' +
      '(`x.view(x.size(0), -1)`), merging dimensions (`x.view(b, h * w, c)`) and sizes taken from another tensor are ' +
      'not reported: only a pure reordering is, and not one that only moves dimensions known to be of size 1 (a literal ' +
      '1 in the shape the tensor was reshaped to, kept by a convolution: SiamFC\'s `(1, B, H, W)` cross-correlation ' +
      'reshaped to `(B, 1, H, W)` moves no data).',
    bad: `def to_columns(x):\n    b, h, w = x.shape\n    return x.view(b, w, h)\n`,
    good: `def to_columns(x):\n    return x.permute(0, 2, 1)  # or x.transpose(1, 2)\n`,
    fix: 'Suggests `permute` with the same order of dimensions (`x.permute(0, 2, 1)`). The result is not contiguous: add `.contiguous()` if a later `view` needs it.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const site of viewSites(m)) {
      const v = reorderingView(m, site.call, site.scope);
      if (!v) continue;
      const order = v.perm.join(', ');
      const fn = v.call.fn;
      const edits: TextEdit[] = [];
      if (v.method === 'torch.reshape') {
        const name = fn.k === 'attr' ? { from: fn.attrFrom, to: fn.to } : fn;
        edits.push(replace(name, 'permute'), replace(v.call.args[1], `(${order})`));
      } else if (fn.k === 'attr') {
        edits.push({ start: fn.attrFrom, end: v.call.argsTo, newText: `permute(${order})` });
      }
      const tensor = ctx.source(v.tensor);
      ctx.report({
        span: v.call,
        message: `\`${snippet(ctx.text, v.call)}\` reorders the dimensions of \`${tensor}\`, but ${v.method === 'view' ? 'view' : 'reshape'} does not move the data: values get mixed across rows. Use \`${tensor}.permute(${order})\` to reorder dimensions.`,
        fixes: edits.length ? [{ title: `Use permute(${order})`, edits }] : [],
      });
    }
  },
});

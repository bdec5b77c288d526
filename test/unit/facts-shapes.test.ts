import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { dimRef, reorderingView } from '../../src/engine/python/facts-shapes';
import type { CallSite, PyModule } from '../../src/engine/python/semantic';

const mod = (text: string): PyModule => new Analyzer().pythonModule('/p/m.py', text).module;
const site = (m: PyModule, src: string): CallSite => {
  const s = m.callSites.filter((c) => m.text.slice(c.call.from, c.call.to) === src).pop();
  assert.ok(s, `no call ${src}`);
  return s;
};

describe('facts: tensor shapes', () => {
  it('dimRef reads x.size(i), x.shape[i] and unpacked shapes, with the rank when the whole shape is unpacked', () => {
    const m = mod('def f(x):\n    b, c, h, w = x.shape\n    k = x.size(1)\n    g(b, k, x.shape[-1], h)\n');
    const call = site(m, 'g(b, k, x.shape[-1], h)');
    const refs = call.call.args.map((a) => dimRef(m, a, call.scope));
    assert.deepEqual(refs.map((r) => r && [r.index, r.rank]), [[0, 4], [1, undefined], [-1, undefined], [2, 4]]);
    assert.ok(refs.every((r) => r?.tensor === refs[0]?.tensor), 'all from the same binding of x');
  });
  it('dimRef gives up on slices, star unpacking and non-literal indices', () => {
    const m = mod('def f(x, i):\n    *a, w = x.shape\n    s = x.shape[1:]\n    g(w, s, x.size(i))\n');
    const call = site(m, 'g(w, s, x.size(i))');
    assert.deepEqual(call.call.args.map((a) => dimRef(m, a, call.scope)), [undefined, undefined, undefined]);
  });
  it('reorderingView gives the permutation, for view, reshape and torch.reshape', () => {
    const m = mod('import torch\ndef f(x):\n    b, t, d = x.shape\n    p = x.view(t, b, d)\n    q = torch.reshape(x, [b, d, t])\n    r = x.reshape(b, t, d)\n');
    assert.deepEqual(reorderingView(m, site(m, 'x.view(t, b, d)').call, site(m, 'x.view(t, b, d)').scope)?.perm, [1, 0, 2]);
    const q = site(m, 'torch.reshape(x, [b, d, t])');
    assert.deepEqual(reorderingView(m, q.call, q.scope)?.perm, [0, 2, 1]);
    assert.equal(reorderingView(m, q.call, q.scope)?.method, 'torch.reshape');
    const r = site(m, 'x.reshape(b, t, d)');
    assert.equal(reorderingView(m, r.call, r.scope), undefined);
  });
  it('a subset of a known rank is not a pure reordering', () => {
    const m = mod('def f(x):\n    b, c, h, w = x.shape\n    return x.view(c, b)\n');
    const s = site(m, 'x.view(c, b)');
    assert.equal(reorderingView(m, s.call, s.scope), undefined);
  });
});

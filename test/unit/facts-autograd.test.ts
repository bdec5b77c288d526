import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { backwardCall, graphAccumulations, isNoGradContext, runsWithoutGrad, usedAsTensor } from '../../src/engine/python/facts-autograd';
import type { PyModule } from '../../src/engine/python/semantic';

const mod = (text: string): PyModule => new Analyzer().pythonModule('/p/m.py', text).module;
const src = (m: PyModule, e: { from: number; to: number }): string => m.text.slice(e.from, e.to);

describe('facts: autograd', () => {
  it('no-grad contexts: no_grad, inference_mode, set_grad_enabled(False), but not inference_mode(False)', () => {
    const m = mod('import torch\nwith torch.no_grad():\n    a()\nwith torch.inference_mode(False):\n    b()\nwith torch.set_grad_enabled(False):\n    c()\n@torch.inference_mode()\ndef f():\n    d()\n');
    const off = (name: string): boolean => {
      const s = m.callSites.find((c) => c.call.fn.k === 'name' && c.call.fn.id === name);
      assert.ok(s);
      return runsWithoutGrad(m, s.call, s.scope);
    };
    assert.deepEqual(['a', 'b', 'c', 'd'].map(off), [true, false, true, true]);
    assert.equal(isNoGradContext(m, m.withs[0].stmt.items[0].expr, m.scope), true);
  });
  it('backwardCall finds the tensor for loss.backward(), scaler.scale(loss).backward(), accelerator.backward(loss)', () => {
    const m = mod('loss.backward()\nscaler.scale(l2).backward()\naccelerator.backward(l3)\nl4.backward(retain_graph=True)\nx.step()\n');
    const got = m.callSites.map((s) => backwardCall(m, s)).filter((b) => b !== undefined).map((b) => `${src(m, b.tensor)}${b.retainsGraph ? '!' : ''}`);
    assert.deepEqual(got, ['loss', 'l2', 'l3', 'l4!']);
  });
  it('graphAccumulations: a running sum and a list of the backward tensor, not values or per-iteration totals', () => {
    const m = mod('t = 0\nfor x in d:\n    s = 0\n    loss = f(x)\n    loss.backward()\n    t += loss\n    s += loss\n    v += loss.item()\n    hist.append(loss)\n');
    const acc = graphAccumulations(m, m.loops[0]);
    assert.deepEqual(acc.map((a) => `${a.kind}:${a.root.id}`), ['sum:t', 'append:hist']);
  });
  it('usedAsTensor: methods, indexing, torch functions and returns count; arithmetic and printing do not', () => {
    const m = mod('import torch\nprint(a / 2)\nb.item()\nc[0]\ntorch.stack(d)\ne.append(1)\ndef g():\n    return f\n');
    assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map((n) => usedAsTensor(m, n, m.scope)), [false, true, true, true, false]);
    assert.equal(usedAsTensor(m, 'f', m.functions[0].scope), true);
  });
});

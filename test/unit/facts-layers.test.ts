import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { forwardPath, isModuleClass, layerStep, producerOf, sequentialLayers } from '../../src/engine/python/facts-layers';
import type { PyModule } from '../../src/engine/python/semantic';

const mod = (text: string): PyModule => new Analyzer().pythonModule('/p/m.py', text).module;

const NET = `import torch.nn as nn
import torch.nn.functional as F
from collections import OrderedDict

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.body = nn.Sequential(OrderedDict([('c', nn.Conv2d(8, 8, 3)), ('r', nn.ReLU())]))

    def forward(self, x):
        x = F.relu(self.conv(x))
        return self._pool(x)

    def _pool(self, x):
        return x.relu().mean((2, 3))

    def unused(self, x):
        return x

class Plain:
    def forward(self, x):
        return x
`;

describe('facts: layers', () => {
  const m = mod(NET);
  it('module classes and the methods forward() runs', () => {
    assert.deepEqual(m.classes.map((c) => isModuleClass(c)), [true, false]);
    assert.deepEqual(forwardPath(m.classes[0]).map((f) => f.name), ['forward', '_pool']);
  });
  it('layerStep classifies modules, torch functions and tensor methods; producerOf follows names', () => {
    const fwd = m.classes[0].methods.get('forward');
    assert.ok(fwd);
    const relu = m.callsIn(fwd.scope).find((s) => m.text.slice(s.call.from, s.call.to) === 'F.relu(self.conv(x))');
    assert.ok(relu);
    const step = layerStep(m, relu.call, relu.scope);
    assert.equal(step?.qname, 'torch.nn.functional.relu');
    assert.equal(step?.input && producerOf(m, step.input, relu.scope)?.qname, 'torch.nn.Conv2d');
    const pool = m.classes[0].methods.get('_pool');
    assert.ok(pool);
    const mean = m.callsIn(pool.scope).find((s) => s.call.fn.k === 'attr' && s.call.fn.attr === 'mean');
    assert.equal(mean && layerStep(m, mean.call, mean.scope)?.qname, 'Tensor.mean');
  });
  it('sequentialLayers reads plain and OrderedDict Sequentials', () => {
    const seq = m.callSites.find((s) => m.text.slice(s.call.from, s.call.to).startsWith('nn.Sequential('));
    assert.ok(seq);
    assert.deepEqual(sequentialLayers(m, seq.call, seq.scope)?.map((l) => l.qname), ['torch.nn.Conv2d', 'torch.nn.ReLU']);
    const m2 = mod('from torch import nn\ns = nn.Sequential(nn.Linear(2, 2), block, nn.Dropout())\n');
    const s2 = m2.callSites.find((s) => s.call.args.length === 3);
    assert.ok(s2);
    assert.deepEqual(sequentialLayers(m2, s2.call, s2.scope)?.map((l) => l.qname), ['torch.nn.Linear', undefined, 'torch.nn.Dropout']);
  });
});

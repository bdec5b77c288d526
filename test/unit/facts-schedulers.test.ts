import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { constantIterations, mentionsEpochs, outerLoop, runsOnce, schedulerOf, stepsOptimizer } from '../../src/engine/python/facts-schedulers';
import { constantNumber } from '../../src/engine/python/facts-values';
import type { PyModule } from '../../src/engine/python/semantic';

const mod = (text: string): PyModule => new Analyzer().pythonModule('/p/m.py', text).module;

const SCRIPT = `import torch
from torch.optim.lr_scheduler import StepLR
from transformers import get_scheduler

E = 10
opt = torch.optim.SGD(params, lr=0.1)
s1 = StepLR(opt, 3)
s2 = get_scheduler('linear', optimizer=opt, num_warmup_steps=0, num_training_steps=100)
my_sched = build(opt)
other = build(opt)

def train_one(loader):
    for x in loader:
        opt.zero_grad()
        f(x).backward()
        opt.step()

for epoch in range(2, E + 3):
    train_one(loader)
    s1.step()
`;

describe('facts: schedulers', () => {
  const m = mod(SCRIPT);
  const name = (id: string) => ({ k: 'name' as const, id, from: m.text.length, to: m.text.length });
  it('schedulerOf knows torch classes and factories, and names only when asked', () => {
    assert.equal(schedulerOf(m, name('s1'), m.scope)?.qname, 'torch.optim.lr_scheduler.StepLR');
    const s2 = schedulerOf(m, name('s2'), m.scope);
    assert.equal(s2?.qname, 'transformers.get_scheduler');
    assert.equal(s2?.optimizer && m.text.slice(s2.optimizer.from, s2.optimizer.to), 'opt');
    assert.equal(schedulerOf(m, name('my_sched'), m.scope), undefined);
    assert.equal(schedulerOf(m, name('my_sched'), m.scope, true)?.qname, undefined);
    assert.ok(schedulerOf(m, name('my_sched'), m.scope, true));
    assert.equal(schedulerOf(m, name('other'), m.scope, true), undefined);
  });
  it('loop structure: batch loop in a function called from the epoch loop', () => {
    const [batch, epoch] = [m.loops.find((l) => l.scope.kind === 'function'), m.loops.find((l) => l.scope.kind === 'module')];
    assert.ok(batch && epoch);
    assert.equal(stepsOptimizer(m, batch), true);
    assert.equal(stepsOptimizer(m, epoch), false, 'the epoch loop steps only inside a nested loop');
    assert.equal(outerLoop(m, batch)?.stmt, epoch.stmt);
    assert.equal(runsOnce(m, epoch), true);
    assert.equal(runsOnce(m, batch), false);
    assert.equal(constantIterations(m, epoch), 11);
  });
  it('constants and epoch-valued expressions', () => {
    const c = mod('A = 4\nB = A * 3 - 2\nC = 1\nC = 2\n');
    assert.equal(constantNumber(c, { k: 'name', id: 'B', from: c.text.length, to: c.text.length }, c.scope), 10);
    const b = c.scope.assigns.get('B')?.[0].value;
    assert.ok(b);
    assert.equal(constantNumber(c, b, c.scope), 10);
    assert.equal(constantNumber(c, { k: 'name', id: 'C', from: 0, to: 1 }, c.scope), undefined, 'bound twice: not a constant');
    const e = (t: string) => {
      const x = mod(`v = ${t}\n`).scope.assigns.get('v')?.[0].value;
      assert.ok(x);
      return mentionsEpochs(x);
    };
    assert.deepEqual(['args.epochs', 'int(0.75 * num_epochs)', 'epochs * len(loader)', 'epochs * n', '30'].map(e), [true, true, false, false, false]);
  });
  it('powers and divisions of constants: 10**-5, 10 ** -2.5, 0.1 * 256 / 256; not an overflow or a complex power', () => {
    const v = (t: string): number | undefined => {
      const c = mod(`v = ${t}\n`);
      const x = c.scope.assigns.get('v')?.[0].value;
      assert.ok(x);
      return constantNumber(c, x, c.scope);
    };
    assert.equal(v('10**-5'), 1e-5);
    assert.ok(Math.abs((v('10 ** -2.5') ?? 0) - 0.0031622776601683794) < 1e-15);
    assert.equal(v('0.1 * 256 / 256'), 0.1);
    assert.equal(v('1 / 0'), undefined);
    assert.equal(v('10 ** 400'), undefined);
    assert.equal(v('(-8) ** 0.5'), undefined);
  });
});

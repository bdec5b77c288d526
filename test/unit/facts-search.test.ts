import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { gridLoops, gridSearchCall, hyperParameterDims, trainsEachIteration } from '../../src/engine/python/facts-search';
import type { PyModule } from '../../src/engine/python/semantic';

const mod = (text: string): PyModule => new Analyzer().pythonModule('/p/m.py', text).module;

describe('facts: hyper-parameter search', () => {
  it('hyperParameterDims: value lists named like hyper-parameters or holding fractions; not seeds or datasets', () => {
    const m = mod('import itertools\nimport numpy as np\nfor lr in [0.1, 0.01]: pass\nfor seed in [1, 2]: pass\nfor width in [64, 128]: pass\nfor x in [1e-3, 1e-4]: pass\nfor dataset in ["a", "b"]: pass\nfor a, b in itertools.product([0.1, 0.2], np.linspace(0, 1, 5)): pass\nfor k in range(3): pass\n');
    assert.deepEqual(m.loops.map((l) => hyperParameterDims(m, l)), [1, 0, 1, 1, 0, 2, 0]);
  });
  it('trainsEachIteration: a train/fit call, or backward and step', () => {
    const m = mod('for lr in [1.0, 2.0]:\n    trainer.fit(m)\nfor lr in [1.0, 2.0]:\n    train_test_split(x)\nfor lr in [1.0, 2.0]:\n    loss.backward()\n    opt.step()\n');
    assert.deepEqual(m.loops.map((l) => trainsEachIteration(m, l)), [true, false, true]);
  });
  it('gridLoops reports the outermost loop once with the number of hyper-parameters', () => {
    const m = mod('for lr in [0.1, 0.01]:\n    for seed in [0, 1]:\n        for wd in [0.0, 1e-4]:\n            train(lr, wd, seed)\n');
    assert.deepEqual(gridLoops(m).map((g) => [g.outer.stmt.from, g.dims]), [[0, 2]]);
  });
  it('gridSearchCall names the API', () => {
    const m = mod('from sklearn.model_selection import GridSearchCV\nimport wandb\nGridSearchCV(est, grid)\nwandb.sweep(dict(method="grid"))\n');
    assert.deepEqual(m.callSites.map((s) => gridSearchCall(m, s) ?? '-'), ['GridSearchCV', '-', '-']);
  });
});

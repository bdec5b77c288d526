// NR501 in configs: W&B grid sweeps (fix: random sampling with the same run budget, log-scale ranges for value
// lists spanning orders of magnitude) and Hydra basic-sweeper grids.
import { strict as assert } from 'assert';
import { Analyzer, applyEdits } from '../../../src/engine';
import { parseConfig } from '../../../src/engine/config/tree';
import { ruleTester } from '../../support/rule-tester';

/** A quantisation ablation (Anurag9Dhiman's MobileNet-v2 compression): bit widths over a saved checkpoint. */
const QUANT_SWEEP = 'program: evaluate.py\nmethod: grid\nmetric:\n  name: quantized_acc\n  goal: maximize\nparameters:\n  weight_bits:\n    values: [2, 4, 8]\n  act_bits:\n    values: [2, 4, 8]\n';
const QUANT_EVAL = 'import argparse\nimport torch\nfrom torch import nn\n\nap = argparse.ArgumentParser()\nap.add_argument("--weight_bits", type=int, default=8)\nap.add_argument("--act_bits", type=int, default=8)\nargs = ap.parse_args()\nmodel = nn.Linear(10, 2)\nmodel.load_state_dict(torch.load("best.pth"))\nmodel.eval()\nwith torch.no_grad():\n    scale = 2 ** (args.weight_bits - 1) - 1\n    model.weight.copy_(torch.round(model.weight * scale) / scale)\n    print(model(torch.randn(4, 10)))\n';

const SWEEP = `program: train.py
method: grid  # try everything
metric:
  name: val_loss
  goal: minimize
parameters:
  lr:
    values: [1e-4, 1e-3, 1e-2]  # log scale
  batch_size:
    values: [32, 64]
  epochs:
    value: 10
`;

const SWEEP_FIXED = `program: train.py
method: random  # try everything
run_cap: 6
metric:
  name: val_loss
  goal: minimize
parameters:
  lr:
    distribution: log_uniform_values
    min: 1.0e-4
    max: 1.0e-2  # log scale
  batch_size:
    values: [32, 64]
  epochs:
    value: 10
`;

const JSON_SWEEP = `{
  "method": "grid",
  "parameters": {
    "lr": {"values": [0.1, 0.01, 0.001]},
    "dropout": {"values": [0.1, 0.3]}
  }
}
`;

const JSON_FIXED = `{
  "method": "random",
  "run_cap": 6,
  "parameters": {
    "lr": {"distribution": "log_uniform_values", "min": 0.001, "max": 0.1},
    "dropout": {"values": [0.1, 0.3]}
  }
}
`;

describe('configs', () => {
  ruleTester('NR501', {
    valid: [
      { name: 'random search', path: 'sweep.yaml', code: SWEEP.replace('method: grid', 'method: random') },
      { name: 'Bayesian search', path: 'sweep.yaml', code: SWEEP.replace('method: grid', 'method: bayes') },
      { name: 'a grid over one hyper-parameter covers the same line as random samples', path: 'sweep.yaml', code: 'method: grid\nparameters:\n  lr:\n    values: [0.1, 0.01]\n  epochs:\n    value: 5\n' },
      {
        name: 'a grid of choices only (optimizers and flags): random search would try the same few values',
        path: 'sweep.yaml',
        code: 'program: train.py\nmethod: grid\nparameters:\n  optimizer:\n    values: ["sgd", "adam"]\n  flag1:\n    values:\n    - false\n    - true\n',
      },
      { name: 'Hydra basic sweeper over choices only', path: 'conf/config.yaml', code: 'hydra:\n  sweeper:\n    params:\n      model: resnet18,resnet50\n      optimizer: choice(adam, sgd)\n' },
      { name: 'Hydra with the Optuna sweeper', path: 'conf/config.yaml', code: 'defaults:\n  - override hydra/sweeper: optuna\nhydra:\n  sweeper:\n    params:\n      lr: 1e-3,1e-4\n      batch_size: 32,64\n' },
      { name: 'Hydra basic sweeper over one list', path: 'conf/config.yaml', code: 'hydra:\n  sweeper:\n    params:\n      lr: 1e-3,1e-4\n      seed: 0\n' },
      { name: 'a comma inside an interpolation is not a list', path: 'conf/config.yaml', code: 'hydra:\n  sweeper:\n    params:\n      name: ${oc.env:A,b}\n      lr: 1e-3,1e-4\n' },
      {
        name: 'a W&B grid over a script that trains nothing (a saved checkpoint quantised at each bit width: an ablation table)',
        path: 'sweeps/sweep.yaml',
        code: QUANT_SWEEP,
        files: { 'evaluate.py': QUANT_EVAL },
      },
      {
        name: "a benchmark table: seeds × datasets × methods, one numeric hyper-parameter (dsit's sweep_batch.yml)",
        path: 'sweeps/sweep_batch.yml',
        code: 'program: train.py\nmethod: grid\nparameters:\n  params.batch_size:\n    values: [64, 128, 256]\n  seed:\n    values: [7, 42, 1024]\n  data:\n    values: [CMNIST, d-CMNIST, y-CMNIST]\n  +experiment:\n    values: [IRM, VREx, CDANN]\n',
      },
      { name: 'seeds and datasets only', path: 'sweep.yml', code: 'method: grid\nparameters:\n  seed:\n    values: [7, 42, 1024]\n  data:\n    values: [CMNIST, d-CMNIST]\n' },
      { name: 'Hydra basic sweeper over seeds and one learning rate list', path: 'conf/config.yaml', code: 'hydra:\n  sweeper:\n    params:\n      seed: 1,2,3\n      optimizer.lr: 1e-3,1e-4\n' },
    ],
    invalid: [
      {
        name: 'hard negative: the same sweep over a script that trains',
        path: 'sweeps/sweep.yaml',
        code: QUANT_SWEEP,
        files: { 'evaluate.py': QUANT_EVAL.replace('model.eval()\n', 'model.train()\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\nmodel.eval()\n') },
        errors: [{ line: 2, text: 'grid' }],
        output: QUANT_SWEEP.replace('method: grid', 'method: random\nrun_cap: 9'),
      },
      {
        name: 'hard negative: a script that trains through a project module it imports (`from engine import train`)',
        path: 'sweep.yaml',
        code: QUANT_SWEEP.replace('evaluate.py', 'main.py'),
        files: { 'main.py': 'import argparse\nfrom engine import train\n\nargs = argparse.ArgumentParser().parse_args()\ntrain(args)\n', 'engine.py': 'import torch\n\n\ndef train(args):\n    opt = torch.optim.Adam(model.parameters(), lr=3e-4)\n    for x, y in loader:\n        opt.zero_grad()\n        loss_fn(model(x), y).backward()\n        opt.step()\n' },
        errors: [{ line: 2, text: 'grid' }],
        output: QUANT_SWEEP.replace('evaluate.py', 'main.py').replace('method: grid', 'method: random\nrun_cap: 9'),
      },
      {
        name: 'W&B grid (YAML): random, the same number of runs, a log-uniform lr; comments kept',
        path: 'sweep.yaml',
        code: SWEEP,
        errors: [{ line: 2, text: 'grid', message: 'tries every combination of the listed values of 2 hyper-parameters' }],
        output: SWEEP_FIXED,
      },
      {
        name: 'W&B grid (JSON)',
        path: 'sweep.json',
        code: JSON_SWEEP,
        errors: [{ line: 2, text: '"grid"' }],
        output: JSON_FIXED,
      },
      {
        name: 'an existing run_cap and integer lists stay as they are',
        path: 'sweeps/grid.yaml',
        code: 'method: grid\nrun_cap: 4\nparameters:\n  layers: {values: [2, 4]}\n  width: {values: [64, 256]}\n',
        errors: [{ line: 1 }],
        output: 'method: random\nrun_cap: 4\nparameters:\n  layers: {values: [2, 4]}\n  width: {values: [64, 256]}\n',
      },
      {
        name: 'hard negative: two hyper-parameters beside the seeds and datasets are still a grid of 2',
        path: 'sweep.yml',
        code: 'method: grid\nparameters:\n  lr:\n    values: [0.1, 0.01]\n  batch_size:\n    values: [64, 128]\n  seed:\n    values: [7, 42]\n  data:\n    values: [CMNIST, d-CMNIST]\n',
        errors: [{ line: 1, text: 'grid', message: 'listed values of 2 hyper-parameters' }],
        output: 'method: random\nrun_cap: 16\nparameters:\n  lr:\n    distribution: log_uniform_values\n    min: 0.01\n    max: 0.1\n  batch_size:\n    values: [64, 128]\n  seed:\n    values: [7, 42]\n  data:\n    values: [CMNIST, d-CMNIST]\n',
      },
      {
        name: 'Hydra basic sweeper over two comma lists (no fix: the basic sweeper cannot sample)',
        path: 'conf/config.yaml',
        code: 'hydra:\n  mode: MULTIRUN\n  sweeper:\n    params:\n      optimizer.lr: 1e-3,3e-4,1e-4\n      data.batch_size: choice(32, 64)\n',
        errors: [{ line: 4, text: 'params', message: "Hydra's basic sweeper runs every combination of these 2 value lists" }],
      },
      {
        name: 'one numeric hyper-parameter and a choice: random search still tries more learning rates',
        path: 'sweep.yaml',
        code: 'method: grid\nparameters:\n  optimizer:\n    values: [sgd, adam]\n  lr:\n    values: [0.1, 0.01, 0.001]\n',
        errors: [{ line: 1, message: 'listed values of 2 hyper-parameters' }],
        output: 'method: random\nrun_cap: 6\nparameters:\n  optimizer:\n    values: [sgd, adam]\n  lr:\n    distribution: log_uniform_values\n    min: 0.001\n    max: 0.1\n',
      },
    ],
  });

  it('the fixed sweep is a valid random sweep that every YAML loader reads with numbers', () => {
    const fixed = parseConfig(SWEEP_FIXED, 'yaml');
    assert.deepEqual(fixed.errors, []);
    const r = new Analyzer().analyze({ path: '/p/sweep.yaml', text: SWEEP });
    const edits = r.findings[0].fixes[0].edits;
    assert.equal(r.findings[0].fixes[0].safety, 'suggestion');
    assert.equal(applyEdits(SWEEP, edits), SWEEP_FIXED);
    assert.deepEqual(new Analyzer().analyze({ path: '/p/sweep.yaml', text: SWEEP_FIXED }).findings, []);
  });
});

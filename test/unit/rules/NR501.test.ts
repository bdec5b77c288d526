import { ruleTester } from '../../support/rule-tester';

const train = `import torch\n\ndef train(lr, bs):\n    model = Net()\n    opt = torch.optim.SGD(model.parameters(), lr=lr)\n    for x, y in make_loader(bs):\n        opt.zero_grad()\n        loss_fn(model(x), y).backward()\n        opt.step()\n\n`;

ruleTester('NR501', {
  valid: [
    {
      name: "GridSearchCV over one hyper-parameter (a linear probe's C, through a name; and a list of one-axis grids): a line, like a loop over one",
      code: "import numpy as np\nfrom sklearn.linear_model import LogisticRegression\nfrom sklearn.model_selection import GridSearchCV\n\ntrain_features = np.load(\"train.npz\")[\"features\"]\ntrain_labels = np.load(\"train.npz\")[\"labels\"]\n\nc_values = [15.0, 17.5, 20.0, 22.5]\nclf = GridSearchCV(LogisticRegression(max_iter=1200), param_grid={\"C\": c_values}, cv=5)\nclf.fit(train_features, train_labels)\nprint(clf.best_params_)\nclf2 = GridSearchCV(LogisticRegression(), [{'C': [1, 10]}, {'tol': [1e-4, 1e-3]}])\n",
    },
    {
      name: "one grid axis only: Ray Tune's grid_search next to values sampled at random, Optuna's GridSampler over one hyper-parameter",
      code: `import optuna\nfrom ray import tune\n\nsampler = optuna.samplers.GridSampler({'lr': [1e-3, 1e-2]})\nconfig = {'lr': tune.grid_search([1e-3, 1e-2]), 'wd': tune.loguniform(1e-5, 1e-2), 'bs': tune.choice([32, 64])}\nsingle = {'lr': tune.grid_search([1e-3, 1e-2])}\n`,
    },
    {
      name: 'a test suite exercising a grid search (skorch-style)',
      path: 'tests/test_search.py',
      code: 'from sklearn.model_selection import GridSearchCV\n\ndef test_grid_search_works(net, X, y):\n    gs = GridSearchCV(net, {"lr": [0.01, 0.02], "max_epochs": [1, 2]}, cv=2)\n    gs.fit(X, y)\n',
    },
    { name: 'one hyper-parameter: a 1-D sweep', code: `${train}for lr in [1e-2, 1e-3, 1e-4]:\n    train(lr, 64)\n` },
    { name: 'a learning-rate loop repeated over seeds', code: `${train}for seed in [0, 1, 2]:\n    for lr in [1e-2, 1e-3]:\n        torch.manual_seed(seed)\n        train(lr, 64)\n` },
    { name: 'nested value loops that do not train (a plot)', code: `for lr in [1e-2, 1e-3]:\n    for bs in [32, 64]:\n        plot_curve(results[lr, bs])\n` },
    { name: 'random search', code: `${train}import random\nfor trial in range(20):\n    train(10 ** random.uniform(-4, -1), random.choice([32, 64]))\n` },
    {
      name: 'a benchmark over datasets and architectures is not a hyper-parameter search',
      code: `for dataset in ['cifar10', 'cifar100']:\n    for model_name in ['resnet18', 'resnet50']:\n        train_model(dataset, model_name)\n`,
    },
    { name: 'a list of hand-picked configurations', code: `${train}for lr, bs in [(1e-3, 32), (1e-4, 128)]:\n    train(lr, bs)\n` },
    { name: 'RandomizedSearchCV', code: `from sklearn.model_selection import RandomizedSearchCV\n\nsearch = RandomizedSearchCV(clf, {'C': dist}, n_iter=20)\n` },
    { name: 'a W&B random sweep', code: `import wandb\n\nsweep_id = wandb.sweep({'method': 'random', 'parameters': params})\n` },
  ],
  invalid: [
    {
      name: 'two nested loops around a train() call',
      code: `${train}for lr in [1e-2, 1e-3, 1e-4]:\n    for bs in [32, 64, 128]:\n        train(lr, bs)\n`,
      errors: [{ line: 11, text: 'for lr in [1e-2, 1e-3, 1e-4]', message: 'every combination of 2 hyper-parameters' }],
    },
    {
      name: 'itertools.product with lists from variables, training inline',
      code: `import itertools\nimport torch\n\nlrs = [0.1, 0.01]\nwds = [0.0, 5e-4]\nfor lr, wd in itertools.product(lrs, wds):\n    opt = torch.optim.SGD(model.parameters(), lr=lr, weight_decay=wd)\n    for x, y in loader:\n        opt.zero_grad()\n        crit(model(x), y).backward()\n        opt.step()\n`,
      errors: [{ line: 6 }],
    },
    {
      name: 'GridSearchCV over two hyper-parameters',
      code: `from sklearn.model_selection import GridSearchCV\n\nsearch = GridSearchCV(clf, {'C': [0.1, 1, 10], 'gamma': [0.01, 0.1]}, cv=5)\n`,
      errors: [{ line: 3, message: 'GridSearchCV tries every combination' }],
    },
    {
      name: "Optuna's GridSampler and Ray Tune's grid_search over two hyper-parameters (one finding per search space)",
      code: `import optuna\nfrom ray import tune\n\nsampler = optuna.samplers.GridSampler({'lr': [1e-3, 1e-2], 'bs': [32, 64]})\nconfig = {'lr': tune.grid_search([1e-3, 1e-2]), 'bs': tune.grid_search([32, 64])}\n`,
      errors: [{ line: 4 }, { line: 5, text: 'tune.grid_search([1e-3, 1e-2])' }],
    },
    {
      name: 'a W&B grid sweep config',
      code: `import wandb\n\ncfg = {'method': 'grid', 'parameters': {'lr': {'values': [1e-3, 1e-2]}}}\nsweep_id = wandb.sweep(cfg, project='x')\n`,
      errors: [{ line: 4, message: 'W&B grid sweep' }],
    },
    {
      name: 'three loops with numpy spaces, trainer.fit inside',
      code: `import numpy as np\n\nfor lr in np.logspace(-4, -1, 4):\n    for dropout in [0.1, 0.3]:\n        for depth in [2, 4]:\n            trainer.fit(build(lr, dropout, depth))\n`,
      errors: [{ line: 3, message: '3 hyper-parameters' }],
    },
  ],
});

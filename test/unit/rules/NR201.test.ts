import { ruleTester } from '../../support/rule-tester';

/** A script that seeds only under `test` (`option` declares the command-line option, if any). */
const OPTIONAL_SEED = (option: string, test: string, pre = ''): string =>
  `import argparse\nimport torch\nfrom torch import nn\n\nparser = argparse.ArgumentParser()\n${option}args = parser.parse_args()\n${pre}if ${test}:\n    torch.manual_seed(args.seed)\n${SETUP}${LOOP}`;
const SEEDED_BLOCK = (code: string): string => code.replace('from torch import nn\n', 'from torch import nn\n\ntorch.manual_seed(0)\n');
/** An agent's script that seeds its gym environment (`extra` seeds more). */
const ENV_SEED = (extra = ''): string => `import gym\nimport torch\nfrom torch import nn\n\nenv = gym.make("CartPole-v1")\nenv.seed(0)\n${extra}${SETUP}${LOOP}`;
/** A3C's worker loop: the training step made by `push_and_pull` of `utils.py` (`seed` seeds the script, or not). */
const A3C = (seed: string): string =>
  `import torch\nfrom utils import push_and_pull\n${seed}\nnet = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(net.parameters(), lr=1e-4)\nfor episode in range(3000):\n    loss = net(torch.randn(1, 4)).sum()\n    push_and_pull(opt, net, loss)\n`;
const A3C_UTILS = { 'utils.py': 'def push_and_pull(opt, lnet, loss):\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n' };
/** pointnet.pytorch's seed: `draw` assigns `manualSeed`, then `random.seed` and `torch.manual_seed` take it. */
const DRAWN = (draw: string): string =>
  `import random\nimport torch\nfrom torch import nn\n\n${draw}\nrandom.seed(manualSeed)\ntorch.manual_seed(manualSeed)\n${SETUP}${LOOP}`;
/** A DataLoader whose `worker_init_fn` is a lambda that seeds NumPy from the clock (Pointnet_Pointnet2's semseg). */
const LAMBDA_WORKERS = (extra = ''): string =>
  `import time\nimport numpy as np\nimport torch\nfrom torch import nn\n\n${extra}loader = torch.utils.data.DataLoader(ds, batch_size=16, worker_init_fn=lambda x: np.random.seed(x + int(time.time())))\n${SETUP}${LOOP}`;
/** nerf-pytorch: NumPy seeded at the top, and again under `if pytest:` in a helper. */
const NERF = (fixed: string): string =>
  `import numpy as np\nimport torch\nfrom torch import nn\n\nnp.random.seed(0)\n${fixed}\n\ndef render_rays(rays, pytest=False):\n    if pytest:\n        np.random.seed(0)\n    return rays\n\n\n${SETUP}${LOOP}`;
/** kuc2477's EWC: `main.py` seeds (`seeds`) and runs `train()` of `train.py`. */
const EWC = (seeds: string): string =>
  `import numpy as np\nimport torch\nfrom train import train\n\nif __name__ == '__main__':\n    ${seeds}\n    train(torch.nn.Linear(4, 2), loaders)\n`;
const EWC_TRAIN = { 'train.py': 'import torch\n\n\ndef train(model, loaders):\n    opt = torch.optim.Adam(model.parameters(), lr=1e-3)\n    for loader in loaders:\n        for x, y in loader:\n            opt.zero_grad()\n            torch.nn.functional.cross_entropy(model(x), y).backward()\n            opt.step()\n' };
/** A PINN trained by L-BFGS: `optimizer.step(closure)` once (`run`), its closure running the backward pass or not (`body`). */
const PINN = (seed: string, run = 'optimizer.step(closure)\n', body = '    loss.backward()\n'): string =>
  `import torch\nfrom torch import nn\n${seed}\nmodel = nn.Sequential(nn.Linear(2, 20), nn.Tanh(), nn.Linear(20, 1))\noptimizer = torch.optim.LBFGS(model.parameters(), lr=1.0, max_iter=50000)\n\n\ndef closure():\n    optimizer.zero_grad()\n    loss = (model(x) ** 2).mean()\n${body}    return loss\n\n\n${run}`;
/** simple-faster-rcnn: `train.py` runs `Trainer.train_step`, whose optimizer is `self.model.<method>()` (`FRCNN_TRAINER`). */
const FRCNN = 'import torch\nfrom trainer import Trainer\n\n\ndef train(model):\n    trainer = Trainer(model)\n    for epoch in range(10):\n        for x, y in train_loader:\n            trainer.train_step(x, y)\n\n\nif __name__ == "__main__":\n    train(model)\n';
const FRCNN_TRAINER = (method: string): Record<string, string> => ({
  'trainer.py': `class Trainer:\n    def __init__(self, model):\n        self.model = model\n        self.optimizer = self.model.${method}()\n\n    def train_step(self, x, y):\n        self.optimizer.zero_grad()\n        loss = self.model(x, y)\n        loss.backward()\n        self.optimizer.step()\n`,
});
/** MelGAN: `dataset.py`'s `AudioDataset.__init__` seeds with `seed` before it shuffles its files; the script trains. */
const MELGAN_DATASET = (seed: string): Record<string, string> => ({
  'dataset.py': `import random\nimport torch\n\n\nclass AudioDataset(torch.utils.data.Dataset):\n    def __init__(self, files):\n        self.files = list(files)\n        ${seed}\n        random.shuffle(self.files)\n`,
});
const MELGAN = 'import torch\nfrom dataset import AudioDataset\n\ntrain_loader = torch.utils.data.DataLoader(AudioDataset(["a.wav"]), batch_size=16, shuffle=True)\nnet = torch.nn.Linear(8, 8)\nopt = torch.optim.Adam(net.parameters(), lr=1e-4)\nfor x in train_loader:\n    opt.zero_grad()\n    torch.nn.functional.l1_loss(net(x), x).backward()\n    opt.step()\n';
/** voxceleb_trainer: `loader.py` defines the workers' seeding, `def worker_init_fn(<param>):`, the script hands it over. */
const VOX_LOADER = (param: string): Record<string, string> => ({
  'loader.py': `import numpy\n\n\ndef worker_init_fn(${param}):\n    numpy.random.seed(numpy.random.get_state()[1][0] + 1)\n`,
});
const VOX = 'import torch\nfrom torch import nn\nfrom loader import worker_init_fn\n\ntrain_loader = torch.utils.data.DataLoader(ds, batch_size=32, shuffle=True, worker_init_fn=worker_init_fn)\nmodel = nn.Linear(40, 10)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in train_loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n';
const LOOP = 'for epoch in range(10):\n    for x, y in loader:\n        opt.zero_grad()\n        loss = crit(model(x), y)\n        loss.backward()\n        opt.step()\n';
const SETUP = 'model = nn.Linear(4, 2)\ncrit = nn.CrossEntropyLoss()\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n';
/** A module of training helpers: loops in functions, nothing run at import. */
const ENGINE =
  'import torch\nfrom torch import nn\n\n\ndef train_one_epoch(model, loader, opt, crit):\n    model.train()\n    for x, y in loader:\n        opt.zero_grad()\n        loss = crit(model(x), y)\n        loss.backward()\n        opt.step()\n\n\n' +
  'def fit(model, loader, epochs):\n    opt = torch.optim.Adam(model.parameters(), lr=3e-4)\n    crit = nn.CrossEntropyLoss()\n    for epoch in range(epochs):\n        train_one_epoch(model, loader, opt, crit)\n';
const MAIN = 'import torch\nfrom torch import nn\n\n\ndef main():\n    ' + SETUP.replace(/\n(?=.)/g, '\n    ') + '    ' + LOOP.replace(/\n(?=.)/g, '\n    ');

/** MAIN's training, run only after a call that ends the program (`end`), behind a seeded Lightning CLI entry point. */
const afterExit = (end: string, imports = ''): string =>
  `${imports}import lightning as L\nfrom lightning.pytorch.cli import LightningCLI\n` + MAIN.slice('import torch\nfrom torch import nn\n'.length).replace('def main():', 'def train():') + `\n\ndef cli():\n    LightningCLI(Clf)\n\n\nif __name__ == "__main__":\n    cli()\n    ${end}\n    train()\n`;

const WORKER =
  'import random\nimport numpy as np\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\n\n\ndef seed_worker(worker_id):\n    worker_seed = torch.initial_seed() % 2**32\n    np.random.seed(worker_seed)\n    random.seed(worker_seed)\n\n\n';

/** A script of a framework without torch imported: `imports`, then `rest`; `seeded` is it as NR201's fix leaves it. */
const framework = (imports: string, rest: string, seeded = false): string => `${imports}${seeded ? 'import torch\n\ntorch.manual_seed(0)\n' : ''}\n${rest}`;

/** ignite's MNIST example, trimmed: a trainer built by create_supervised_trainer and run. */
const IGNITE = 'import torch\nfrom torch import nn\nfrom ignite.engine import create_supervised_trainer\n\nmodel = nn.Linear(784, 10)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.01)\ntrainer = create_supervised_trainer(model, optimizer, nn.functional.cross_entropy)\ntrainer.run(train_loader, max_epochs=10)\n';

/** graphsage-simple's run (review 92): `seeds` at its top, a PyTorch model trained on random batches of nodes. */
const SAGE = (seeds: string): string =>
  `import random\n\nimport numpy as np\nimport torch\nimport torch.nn as nn\n\n\ndef run():\n${seeds}    feats, labels = torch.load('data.pt')\n    model = nn.Linear(feats.size(1), 7)\n    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n    train = list(np.random.permutation(len(labels)))\n    for batch in range(100):\n        random.shuffle(train)\n        optimizer.zero_grad()\n        loss = nn.functional.cross_entropy(model(feats[train[:256]]), labels[train[:256]])\n        loss.backward()\n        optimizer.step()\n\n\nif __name__ == "__main__":\n    run()\n`;

/** SASRec's layout: batches drawn by sampler processes of `utils.py`, each seeding its own generator. */
const SAMPLER = (seed: string): string => `import numpy as np\nimport torch\nfrom multiprocessing import Process\n\n\ndef sample_function(n, result_queue, SEED):\n    ${seed}\n    while True:\n        result_queue.put(np.random.randint(1, n, size=64))\n\n\nclass WarpSampler(object):\n    def __init__(self, n):\n        self.p = Process(target=sample_function, args=(n, self.queue, np.random.randint(2e9)))\n        self.p.start()\n`;
const SAMPLER_MAIN = `import numpy as np\nimport torch\nfrom utils import *\n\nsampler = WarpSampler(1000)\nmodel = torch.nn.Embedding(1001, 50)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(10):\n    for step in range(100):\n        loss = model(torch.LongTensor(sampler.next_batch())).sum()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n`;

ruleTester('NR201', {
  valid: [
    { name: 'hard negative: the guard over a seed the file sets too (`seed = None`, then `seed = 42` under a flag)', code: OPTIONAL_SEED('', 'seed != None', 'seed = None\nif args.fixed:\n    seed = 42\n') },
    { name: 'hard negative: the helper module seeds PyTorch too', code: SAMPLER_MAIN, files: { 'utils.py': SAMPLER('np.random.seed(SEED)\n    torch.manual_seed(SEED)') } },
    {
      name: 'hard negative: a seeding helper of another module with another signature, called by the script (seeding PyTorch too)',
      code: VOX.replace('train_loader = ', 'worker_init_fn(0)\ntrain_loader = '),
      path: 'train.py',
      files: { 'loader.py': 'import numpy\nimport torch\n\n\ndef worker_init_fn(seed):\n    numpy.random.seed(seed)\n    torch.manual_seed(seed)\n' },
    },
    { name: "hard negative: the dataset's `__init__` seeds PyTorch", code: MELGAN, path: 'train.py', files: MELGAN_DATASET('torch.manual_seed(1234)') },
    { name: "hard negative: the same with a method named for something else, whose result is not known to be an optimizer", code: FRCNN, path: 'train.py', files: FRCNN_TRAINER('get_scheduler') },
    { name: 'a PINN trained by one L-BFGS step(closure), seeded', code: PINN('torch.manual_seed(0)\n') },
    { name: "hard negative: a step(closure) whose closure runs no backward pass is no training", code: PINN('', 'optimizer.step(closure)\n', '') },
    { name: 'hard negative: the script running training in another file seeds PyTorch too', code: EWC('np.random.seed(0)\n    torch.manual_seed(0)'), path: 'main.py', files: EWC_TRAIN },
    { name: "libzero's `zero.set_randomness(seed)` seeds random, NumPy and PyTorch (the yandex-research tabular repos; review 103)", code: `import torch\nfrom torch import nn\nimport zero\n\nzero.set_randomness(0)\n${SETUP}${LOOP}` },
    { name: 'hard negative: a seed drawn only when the option is unset (`if manualSeed is None:`, the DCGAN example)', code: DRAWN('manualSeed = args.manualSeed\nif manualSeed is None:\n    manualSeed = random.randint(1, 10000)') },
    { name: 'hard negative: a lambda worker_init_fn next to a seed of the run', code: LAMBDA_WORKERS('torch.manual_seed(0)\n') },
    { name: "a seed behind a command-line option (`--seed` defaulting to None; PyTorch's ImageNet example) is the user's choice at each run", code: OPTIONAL_SEED("parser.add_argument('--seed', type=int, default=None)\n", 'args.seed is not None') },
    { name: '… also `args.seed > 0` with `--seed` defaulting to -1 (pytorch-ddpg)', code: OPTIONAL_SEED("parser.add_argument('--seed', type=int, default=-1)\n", 'args.seed > 0') },
    { name: 'hard negative: `args.seed > 0` with a positive default seed', code: OPTIONAL_SEED("parser.add_argument('--seed', type=int, default=7)\n", 'args.seed > 0') },
    { name: "hard negative: A3C's loop seeded", code: A3C('torch.manual_seed(0)\n'), files: A3C_UTILS },
    { name: 'hard negative: a seed option with a default seed', code: OPTIONAL_SEED("parser.add_argument('--seed', type=int, default=42)\n", 'args.seed is not None') },
    { name: 'hard negative: a seed constant that is set (`random_seed = 1`, then `if random_seed:`)', code: OPTIONAL_SEED('', 'random_seed', 'random_seed = 1\n') },
    { name: "hard negative: the environment's seed next to PyTorch's", code: ENV_SEED('torch.manual_seed(0)\n') },
    { name: "hard negative: Python's, NumPy's and PyTorch's generators all seeded", code: SAGE('    np.random.seed(1)\n    random.seed(1)\n    torch.manual_seed(1)\n') },
    { name: 'hard negative: a seeding helper of a library (transformers.set_seed seeds torch too)', code: SAGE('    np.random.seed(1)\n    random.seed(1)\n').replace('import torch\n', 'import torch\nfrom transformers import set_seed\n').replace('    random.seed(1)\n', '    random.seed(1)\n    set_seed(1)\n') },
    {
      name: "a module of client classes whose __main__ only builds them, and never calls the method that trains (FedAvg's clients.py)",
      code: "import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\nclass client(object):\n    def __init__(self, train_ds):\n        self.train_ds = train_ds\n\n    def localUpdate(self, localEpoch, Net, lossFun, opti):\n        train_dl = DataLoader(self.train_ds, batch_size=10, shuffle=True)\n        for epoch in range(localEpoch):\n            for data, label in train_dl:\n                loss = lossFun(Net(data), label)\n                loss.backward()\n                opti.step()\n                opti.zero_grad()\n        return Net.state_dict()\n\n\nclass ClientsGroup(object):\n    def __init__(self, n):\n        self.clients_set = {i: client(TensorDataset(torch.zeros(4, 2), torch.zeros(4))) for i in range(n)}\n\n\nif __name__ == \"__main__\":\n    # a data-split demo: builds the clients, trains nothing\n    MyClients = ClientsGroup(10)\n    print(MyClients.clients_set[0].train_ds[0:2])\n",
    },
    { name: "ignite seeded with its own helper (ignite.utils.manual_seed), the run by create_supervised_trainer", code: IGNITE.replace('from ignite.engine import', 'from ignite.utils import manual_seed\nfrom ignite.engine import').replace('trainer = ', 'manual_seed(0)\ntrainer = ') },
    { name: "torchtnt seeded with torchtnt.utils.seed, trained by torchtnt's fit", code: 'from torchtnt.framework.fit import fit\nfrom torchtnt.utils import seed\n\nseed(1)\nfit(unit, train_dataloader=train_dl, max_epochs=14)\n' },
    { name: 'hard negative: an ignite Engine whose step only evaluates runs no training', code: 'import torch\nfrom ignite.engine import Engine\n\n\ndef step(engine, batch):\n    with torch.no_grad():\n        return model(batch[0]), batch[1]\n\n\nEngine(step).run(val_loader)\n' },
    { name: "hard negative: a scikit-learn fit in a file that star-imports fastai", code: 'from fastai.vision.all import *\nfrom sklearn.linear_model import LogisticRegression\n\nclf = LogisticRegression()\nclf.fit(X, y)\n' },
    {
      name: 'hard negative: the same alias, and the training class seeds in its constructor',
      code: 'from exp.exp_informer import Exp_Informer\n\nExp = Exp_Informer\nexp = Exp(args)\nexp.train("s")\n',
      files: { 'exp/exp_informer.py': 'import torch\nfrom torch import nn\n\n\nclass Exp_Informer:\n    def __init__(self, args):\n        torch.manual_seed(args.seed)\\n        self.model = nn.Linear(4, 2)\n\n    def train(self, setting):\n        opt = torch.optim.Adam(self.model.parameters(), lr=1e-4)\n        for epoch in range(10):\n            for x, y in self.loader:\n                opt.zero_grad()\n                nn.functional.mse_loss(self.model(x), y).backward()\n                opt.step()\n', 'exp/__init__.py': '' },
    },
    {
      name: "hard negative: PyTorch's reproducibility recipe, worker_init_fn next to a seeded generator for the loader",
      code: WORKER + 'g = torch.Generator()\ng.manual_seed(0)\nloader = DataLoader(ds, shuffle=True, worker_init_fn=seed_worker, generator=g)\n' + SETUP + LOOP,
    },
    { name: 'hard negative: a worker_init_fn that the script also calls itself', code: WORKER + 'seed_worker(0)\nloader = DataLoader(ds, shuffle=True, worker_init_fn=seed_worker)\n' + SETUP + LOOP },
    { name: 'hard negative: workers seeded, and the main process too', code: WORKER + 'torch.manual_seed(0)\nloader = DataLoader(ds, shuffle=True, worker_init_fn=seed_worker)\n' + SETUP + LOOP },
    { name: 'the training runs only after `exit(0)`: it never runs (the Lightning CLI before it seeds)', code: 'import torch\nfrom torch import nn\n' + afterExit('exit(0)') },
    { name: 'the same after `sys.exit(0)`', code: 'import torch\nfrom torch import nn\n' + afterExit('sys.exit(0)', 'import sys\n') },
    {
      name: 'hard negatives for an uncalled seed helper: called under the main guard, handed to a call, named in a string, decorated, called from a method',
      code: 'import torch\nfrom torch import nn\n\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n\n\n' + SETUP + LOOP + 'if __name__ == "__main__":\n    set_seed(0)\n',
    },
    { name: 'a seed helper handed to a call (an atexit hook, a launcher)', code: 'import torch\nfrom torch import nn\n\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n\n\n' + 'setup(set_seed)\n' + SETUP + LOOP },
    { name: 'a seed helper looked up by its name', code: 'import torch\nfrom torch import nn\n\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n\n\n' + 'getattr(sys.modules[__name__], "set_seed")(0)\n' + SETUP + LOOP },
    { name: 'a seed helper registered by a decorator', code: 'import torch\nfrom torch import nn\n\n\n@register\ndef set_seed(seed):\n    torch.manual_seed(seed)\n\n\n' + SETUP + LOOP },
    {
      name: 'a seed in a method of a class (called through its objects)',
      code: 'import torch\nfrom torch import nn\n\n\nclass Run:\n    def seed(self):\n        torch.manual_seed(0)\n\n\n' + SETUP + LOOP,
    },
    { name: 'torch.manual_seed', code: 'import torch\nfrom torch import nn\ntorch.manual_seed(0)\n' + SETUP + LOOP },
    { name: "MONAI's set_determinism, with a seed and with its default one", code: 'import torch\nfrom torch import nn\nfrom monai.utils import set_determinism\nimport monai\nset_determinism(seed=0)\nmonai.utils.set_determinism()\n' + SETUP + LOOP },
    { name: 'random.seed, numpy.random.seed and torch.manual_seed', code: 'import random\nimport numpy as np\nimport torch\nfrom torch import nn\nrandom.seed(1)\nnp.random.seed(1)\ntorch.manual_seed(1)\n' + SETUP + LOOP },
    { name: 'a local helper that seeds', code: 'import torch\nfrom torch import nn\n\ndef set_everything(s):\n    torch.manual_seed(s)\n\nset_everything(3)\n' + SETUP + LOOP },
    {
      name: 'a seed four helpers deep, one of them recursive',
      code: 'import torch\nfrom torch import nn\n\ndef d(s):\n    torch.manual_seed(s)\n\ndef c(s, again=False):\n    if again:\n        c(s)\n    d(s)\n\ndef b(s):\n    c(s)\n\ndef setup(s):\n    b(s)\n\nsetup(3)\n' + SETUP + LOOP,
    },
    { name: 'an imported seeding helper (name says so)', code: 'import torch\nfrom torch import nn\nfrom utils import seed_all\nseed_all(42)\n' + SETUP + LOOP },
    { name: 'Lightning seed_everything through pytorch_lightning alias', code: 'import pytorch_lightning as pl\npl.seed_everything(7)\ntrainer = pl.Trainer()\ntrainer.fit(model)\n' },
    { name: "hard negative: Lightning's seed_everything with a seed, through its trainer module", code: 'import pytorch_lightning\n\npytorch_lightning.trainer.seed_everything(42)\ntrainer = pytorch_lightning.Trainer(max_epochs=5)\ntrainer.fit(model)\n' },
    { name: 'a seed set inside star arguments (`f(*…)`, `f(**…)`)', code: 'import random\nimport torch\nfrom torch import nn\nconfigure(*[random.seed(0)], **dict(generator=torch.manual_seed(0)))\n' + SETUP + LOOP },
    { name: 'transformers.set_seed', code: 'import torch\nfrom torch import nn\nfrom transformers import set_seed\nset_seed(42)\n' + SETUP + LOOP },
    { name: 'not a training script (inference only)', code: 'import torch\nmodel = torch.load("m.pt")\nwith torch.no_grad():\n    for x in loader:\n        print(model(x))\n' },
    { name: 'syntax error elsewhere: stay quiet', code: 'import torch\nfrom torch import nn\n' + SETUP + LOOP + 'def broken(:\n' },
    { name: 'a module of training helpers that nothing in it runs (a library: the script that calls them seeds)', path: 'pkg/engine.py', code: ENGINE },
    { name: 'a training function only defined, never called', code: MAIN },
    { name: 'a training class never used in the file', code: 'import torch\n\n\nclass Trainer:\n    def fit(self, loader):\n        for x, y in loader:\n            self.opt.zero_grad()\n            self.model(x).sum().backward()\n            self.opt.step()\n' },
    {
      name: 'the script seeds and calls the training code of another file',
      code: 'import torch\nfrom torch import nn\nfrom pkg.engine import fit\n\ntorch.manual_seed(0)\nfit(nn.Linear(4, 2), loader, 10)\n',
      files: { 'pkg/engine.py': ENGINE, 'pkg/__init__.py': '' },
    },
    {
      name: 'hard negative: `import engine` then `engine.fit(…)`, whose training seeds itself',
      code: 'from torch import nn\nimport engine\n\nengine.fit(nn.Linear(4, 2), loader, 10)\n',
      files: { 'engine.py': ENGINE.replace('    opt = torch.optim.Adam', '    torch.manual_seed(0)\n    opt = torch.optim.Adam') },
    },
    {
      name: 'the training code of another file seeds itself',
      code: 'from torch import nn\nfrom pkg.engine import fit\n\nfit(nn.Linear(4, 2), loader, 10)\n',
      files: { 'pkg/engine.py': ENGINE.replace('    opt = torch.optim.Adam', '    torch.manual_seed(0)\n    opt = torch.optim.Adam'), 'pkg/__init__.py': '' },
    },
    {
      name: 'a file that only imports the training helpers without running them',
      code: 'from pkg.engine import fit\n\n__all__ = ["fit"]\n',
      files: { 'pkg/engine.py': ENGINE, 'pkg/__init__.py': '' },
    },
    {
      name: 'a module the script imports seeds when it is imported (SimCLR: torch.manual_seed(0) at the top of simclr.py)',
      code: 'import torch\nfrom torch import nn\nfrom simclr import SimCLR\n\n' + SETUP + LOOP,
      files: { 'simclr.py': 'import torch\n\ntorch.manual_seed(0)\n\n\nclass SimCLR:\n    pass\n' },
    },
    {
      name: 'a variable imported from a module that seeds on import (from setup_run import data)',
      code: 'import torch\nfrom torch import nn\nfrom setup_run import data\n\n' + SETUP + LOOP,
      files: { 'setup_run.py': 'import torch\n\ntorch.manual_seed(0)\ndata = [(torch.randn(4, 8), torch.randint(0, 2, (4,)))]\n' },
    },
    {
      name: "a module star-imported for its names seeds on import (Junpliu's BiLSTM-CRF: `from model import *`, model.py calls torch.manual_seed(1))",
      code: 'from model import *\n\n' + SETUP + LOOP,
      files: { 'model.py': 'import torch\nfrom torch import nn\n\ntorch.manual_seed(1)\n\n\nclass Net(nn.Module):\n    pass\n' },
    },
    {
      name: 'a package module imported whole seeds on import (import common.seeding)',
      code: 'import torch\nfrom torch import nn\nimport common.seeding\n\n' + SETUP + LOOP,
      files: { 'common/seeding.py': 'import random\nimport torch\n\nrandom.seed(0)\ntorch.manual_seed(0)\n', 'common/__init__.py': '' },
    },
    {
      name: 'seeded on import two files away (the imported module imports the one that seeds)',
      code: 'import torch\nfrom torch import nn\nfrom models import Net\n\n' + SETUP + LOOP,
      files: { 'models.py': 'from common import seed_all\n\n\nclass Net:\n    pass\n', 'common.py': 'import random\nimport torch\n\n\ndef seed_all(s):\n    random.seed(s)\n\n\ntorch.manual_seed(0)\n' },
    },
  ],
  invalid: [
    {
      name: 'a Lightning Trainer returned with the model by a builder of another file and unpacked (`trainer, tft = build_tft(config, ds)`; m5-comp, review 130)',
      code: 'from build import build_tft\nfrom data import make_loaders\n\nconfig = {"trainer_params": {"max_epochs": 100}, "tft_params": {}}\n\n\ndef train_model(config):\n    train_dl, val_dl, ds_train = make_loaders(config)\n    trainer, tft = build_tft(config, ds_train)\n    trainer.fit(tft, train_dl, val_dl)\n\n\nif __name__ == "__main__":\n    train_model(config)\n',
      files: { 'build.py': 'import lightning.pytorch as pl\nfrom pytorch_forecasting import TemporalFusionTransformer\n\n\ndef build_tft(config, ds_train):\n    trainer = pl.Trainer(**config["trainer_params"])\n    tft = TemporalFusionTransformer.from_dataset(ds_train, **config["tft_params"])\n    return trainer, tft\n' },
      errors: [{ line: 10, text: 'trainer.fit(tft, train_dl, val_dl)', message: 'never fixes a random seed' }],
      output: 'from build import build_tft\nfrom data import make_loaders\nfrom lightning.pytorch import seed_everything\n\nseed_everything(0, workers=True)\n\nconfig = {"trainer_params": {"max_epochs": 100}, "tft_params": {}}\n\n\ndef train_model(config):\n    train_dl, val_dl, ds_train = make_loaders(config)\n    trainer, tft = build_tft(config, ds_train)\n    trainer.fit(tft, train_dl, val_dl)\n\n\nif __name__ == "__main__":\n    train_model(config)\n',
    },
    {
      name: "training in a helper of another file that steps through a scaler named for one (`grad_scaler.step(optimizer)`, a parameter; clouds-smp-deeplab, review 129)",
      code: 'import torch\nfrom helper import train_fun\n\nmodel = torch.nn.Conv2d(3, 1, 1)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(5):\n    train_fun(model, torch.nn.BCEWithLogitsLoss(), optimizer, torch.cuda.amp.GradScaler(), train_loader)\n',
      files: { 'helper.py': 'def train_fun(model, criterion, optimizer, grad_scaler, train_loader):\n    model.train()\n    for images, masks in train_loader:\n        loss = criterion(model(images), masks)\n        optimizer.zero_grad()\n        grad_scaler.scale(loss).backward()\n        grad_scaler.step(optimizer)\n        grad_scaler.update()\n' },
      errors: [{ line: 6, text: 'for epoch in range(5)', message: 'never fixes a random seed' }],
      output: 'import torch\nfrom helper import train_fun\n\ntorch.manual_seed(0)\n\nmodel = torch.nn.Conv2d(3, 1, 1)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(5):\n    train_fun(model, torch.nn.BCEWithLogitsLoss(), optimizer, torch.cuda.amp.GradScaler(), train_loader)\n',
    },
    {
      name: "a flag set True or False from the config is no switch off by default: the message says NumPy is seeded, not PyTorch (few-shot-meta-baseline; review 126)",
      code: `import numpy as np\nimport torch\n\n\ndef main(config):\n    if config.get('fs_dataset'):\n        eval_fs = True\n    else:\n        eval_fs = False\n    for epoch in range(100):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        if eval_fs and epoch % 5 == 0:\n            np.random.seed(0)\n            evaluate(model, fs_loader)\n\n\nmain(load_config())\n`,
      errors: [{ line: 16, message: "seeds NumPy's generator but never PyTorch's CPU generator" }],
      output: `import numpy as np\nimport torch\n\n\ndef main(config):\n    if config.get('fs_dataset'):\n        eval_fs = True\n    else:\n        eval_fs = False\n    for epoch in range(100):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        if eval_fs and epoch % 5 == 0:\n            np.random.seed(0)\n            torch.manual_seed(0)\n            evaluate(model, fs_loader)\n\n\nmain(load_config())\n`,
    },
    {
      name: "a sampler process of a helper module that seeds only NumPy leaves PyTorch unseeded (SASRec; review 120)",
      code: SAMPLER_MAIN,
      files: { 'utils.py': SAMPLER('np.random.seed(SEED)') },
      errors: [{ line: 8, message: 'never fixes a random seed' }],
      output: SAMPLER_MAIN.replace('from utils import *\n', 'from utils import *\n\nnp.random.seed(0)\ntorch.manual_seed(0)\n'),
    },
    {
      name: "a data module that seeds only Python's generator when imported leaves PyTorch unseeded (NCF; review 120)",
      code: 'import torch\nfrom data import make_loader\n\nmodel = torch.nn.Linear(8, 1)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(10):\n    for x, y in make_loader(4):\n        opt.zero_grad()\n        loss_fn(model(x), y).backward()\n        opt.step()\n',
      files: { 'data.py': 'import random\nimport torch\n\nrandom.seed(0)\n\n\ndef make_loader(n):\n    return torch.utils.data.DataLoader(list(range(n)), shuffle=True)\n' },
      errors: [{ line: 6, message: 'never fixes a random seed' }],
      output: 'import torch\nfrom data import make_loader\n\ntorch.manual_seed(0)\n\nmodel = torch.nn.Linear(8, 1)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(10):\n    for x, y in make_loader(4):\n        opt.zero_grad()\n        loss_fn(model(x), y).backward()\n        opt.step()\n',
    },
    {
      name: "Lightning's seed_everything() without a seed draws one on every run (the PyTorchVideo tutorial; review 122)",
      code: 'import pytorch_lightning\n\n\ndef main():\n    pytorch_lightning.trainer.seed_everything()\n    trainer = pytorch_lightning.Trainer(max_epochs=5)\n    trainer.fit(model)\n\n\nmain()\n',
      errors: [{ line: 7, message: '`pytorch_lightning.trainer.seed_everything()` without a seed draws one at random on every run' }],
      output: 'import pytorch_lightning\n\n\ndef main():\n    pytorch_lightning.trainer.seed_everything(0, workers=True)\n    trainer = pytorch_lightning.Trainer(max_epochs=5)\n    trainer.fit(model)\n\n\nmain()\n',
    },
    {
      name: 'seed_everything(seed=None): the fix gives it the seed',
      code: 'from lightning.pytorch import seed_everything, Trainer\n\nseed_everything(seed=None, workers=True)\nTrainer(max_epochs=5).fit(model)\n',
      errors: [{ line: 4 }],
      output: 'from lightning.pytorch import seed_everything, Trainer\n\nseed_everything(seed=0, workers=True)\nTrainer(max_epochs=5).fit(model)\n',
    },
    {
      name: "a worker_init_fn of a helper module seeds the DataLoader's workers only (voxceleb_trainer; review 117)",
      code: VOX,
      path: 'train.py',
      files: VOX_LOADER('worker_id'),
      errors: [{ line: 8, text: 'for x, y in train_loader', message: 'never fixes a random seed' }],
      output: VOX.replace('from loader import worker_init_fn\n', 'from loader import worker_init_fn\n\ntorch.manual_seed(0)\n'),
    },
    {
      name: "Python's seed fixed only in a dataset's `__init__` of another file is the dataset's own (MelGAN; review 117)",
      code: MELGAN,
      path: 'train.py',
      files: MELGAN_DATASET('random.seed(1234)'),
      errors: [{ line: 7, text: 'for x in train_loader', message: 'never fixes a random seed' }],
      output: MELGAN.replace('from dataset import AudioDataset\n', 'from dataset import AudioDataset\n\ntorch.manual_seed(0)\n'),
    },
    {
      name: "training through a trainer whose optimizer comes from a method of the model it is handed (simple-faster-rcnn's `get_optimizer()`; review 118)",
      code: FRCNN,
      path: 'train.py',
      files: FRCNN_TRAINER('get_optimizer'),
      errors: [{ line: 7, text: 'for epoch in range(10)' }],
      output: FRCNN.replace('from trainer import Trainer\n', 'from trainer import Trainer\n\ntorch.manual_seed(0)\n'),
    },
    {
      name: "a PINN trained by one L-BFGS `optimizer.step(closure)`, no loop around it, reported at the step",
      code: PINN(''),
      errors: [{ line: 15, text: 'optimizer.step(closure)', message: 'never fixes a random seed' }],
      output: PINN('\ntorch.manual_seed(0)\n'),
    },
    {
      name: 'L-BFGS steps in a loop: the loop trains, reported at the loop',
      code: PINN('', 'for i in range(100):\n    optimizer.step(closure)\n'),
      errors: [{ line: 15, text: 'for i in range(100)' }],
      output: PINN('\ntorch.manual_seed(0)\n', 'for i in range(100):\n    optimizer.step(closure)\n'),
    },
    {
      name: "NumPy alone seeded by a script whose training runs in another file (kuc2477's EWC; review 107)",
      code: EWC('np.random.seed(0)'),
      path: 'main.py',
      files: EWC_TRAIN,
      errors: [{ line: 6, text: 'np.random.seed(0)', message: "seeds NumPy's generator but never PyTorch's" }],
      output: EWC('np.random.seed(0)\n    torch.manual_seed(0)'),
    },
    {
      name: "partial seeds reported at the last that always runs, not one under `if pytest:` in a helper (nerf-pytorch; review 104)",
      code: NERF(''),
      errors: [{ line: 5, text: 'np.random.seed(0)', message: "seeds NumPy's generator" }],
      output: NERF('torch.manual_seed(0)\n'),
    },
    {
      name: 'a seed drawn at random on every run (`manualSeed = random.randint(1, 10000)  # fix seed`, pointnet.pytorch; reviews 102, 104)',
      code: DRAWN('manualSeed = random.randint(1, 10000)  # fix seed'),
      errors: [{ message: 'seeds with a number drawn at random on every run (`manualSeed = random.randint(1, 10000)`)' }],
      // (seeding `random` first makes the draw, and so the run, the same each time)
      output: DRAWN('manualSeed = random.randint(1, 10000)  # fix seed').replace('from torch import nn\n', 'from torch import nn\n\nrandom.seed(0)\ntorch.manual_seed(0)\n'),
    },
    {
      name: "a lambda `worker_init_fn` seeds the loader's workers only (review 104)",
      code: LAMBDA_WORKERS(),
      errors: [{ message: '`np.random.seed(x + int(time.time()))`, in a lambda, seeds only the DataLoader\'s worker processes' }],
      output: LAMBDA_WORKERS().replace('from torch import nn\n', 'from torch import nn\n\nnp.random.seed(0)\ntorch.manual_seed(0)\n'),
    },
    {
      name: "a loop whose training step is a helper of another file (MorvanZhou's A3C `push_and_pull`; review 100)",
      code: A3C(''),
      files: A3C_UTILS,
      errors: [{ line: 6, text: 'for episode in range(3000)', message: 'never fixes a random seed' }],
      output: A3C('').replace('from utils import push_and_pull\n', 'from utils import push_and_pull\n\ntorch.manual_seed(0)\n'),
    },
    {
      name: 'a seed the file switches off (`random_seed = 0`, then `if random_seed:`; PPO-PyTorch, review 100): by default the run draws its own',
      code: OPTIONAL_SEED('', 'random_seed', 'random_seed = 0\n'),
      errors: [{ message: 'fixes a seed only when `random_seed` holds' }],
      output: SEEDED_BLOCK(OPTIONAL_SEED('', 'random_seed', 'random_seed = 0\n')),
    },
    {
      name: 'a seed guarded by a None the file never changes (`seed = None`, then `if seed != None:`; PPO-for-Beginners, review 137)',
      code: OPTIONAL_SEED('', 'seed != None', 'seed = None\n'),
      errors: [{ message: 'fixes a seed only when `seed != None` holds' }],
      output: SEEDED_BLOCK(OPTIONAL_SEED('', 'seed != None', 'seed = None\n')),
    },
    {
      name: 'the same as `seed is not None`',
      code: OPTIONAL_SEED('', 'seed is not None', 'seed = None\n'),
      errors: [{ message: 'fixes a seed only when `seed is not None` holds' }],
      output: SEEDED_BLOCK(OPTIONAL_SEED('', 'seed is not None', 'seed = None\n')),
    },
    {
      name: "an environment's seed (`env.seed(0)`) seeds its episodes, not PyTorch (minimalRL's a2c; review 100)",
      code: ENV_SEED(),
      errors: [{ message: '`env.seed(0)` seeds the environment' }],
      output: SEEDED_BLOCK(ENV_SEED()),
    },
    {
      name: "only the CUDA generators seeded (a ReID baseline's torch.cuda.manual_seed; review 95): the weights are drawn on the CPU",
      code: SAGE('    torch.cuda.manual_seed(1)\n'),
      errors: [{ line: 9, text: 'torch.cuda.manual_seed(1)', message: 'This training script seeds the CUDA generators but never' }],
      output: SAGE('    torch.cuda.manual_seed(1)\n    torch.manual_seed(1)\n'),
    },
    {
      name: 'random.seed and numpy.random.seed at the top of a script that trains a PyTorch model: PyTorch is seeded after them',
      code: 'import random\nimport numpy as np\nimport torch\nfrom torch import nn\nrandom.seed(1)\nnp.random.seed(1)\n' + SETUP + LOOP,
      errors: [{ line: 6, text: 'np.random.seed(1)' }],
      output: 'import random\nimport numpy as np\nimport torch\nfrom torch import nn\nrandom.seed(1)\nnp.random.seed(1)\ntorch.manual_seed(1)\n' + SETUP + LOOP,
    },
    {
      name: "Python's and NumPy's generators seeded, PyTorch's never (graphsage-simple; review 92): the weights differ on every run",
      code: SAGE('    np.random.seed(1)\n    random.seed(1)\n'),
      errors: [{ line: 10, text: 'random.seed(1)', message: "seeds NumPy's and Python's generators but never PyTorch's CPU generator" }],
      output: SAGE('    np.random.seed(1)\n    random.seed(1)\n    torch.manual_seed(1)\n'),
    },
    {
      name: 'hard negative: the same module, whose __main__ calls the method that trains',
      code: "import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\nclass client(object):\n    def __init__(self, train_ds):\n        self.train_ds = train_ds\n\n    def localUpdate(self, localEpoch, Net, lossFun, opti):\n        train_dl = DataLoader(self.train_ds, batch_size=10, shuffle=True)\n        for epoch in range(localEpoch):\n            for data, label in train_dl:\n                loss = lossFun(Net(data), label)\n                loss.backward()\n                opti.step()\n                opti.zero_grad()\n        return Net.state_dict()\n\n\nclass ClientsGroup(object):\n    def __init__(self, n):\n        self.clients_set = {i: client(TensorDataset(torch.zeros(4, 2), torch.zeros(4))) for i in range(n)}\n\n\nif __name__ == \"__main__\":\n    # a data-split demo: builds the clients, trains nothing\n    MyClients = ClientsGroup(10)\n    print(MyClients.clients_set[0].localUpdate(1, Net, lossFun, opti))\n",
      errors: [{ line: 11, text: 'for epoch in range(localEpoch)' }],
      output: "import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\ntorch.manual_seed(0)\n\n\nclass client(object):\n    def __init__(self, train_ds):\n        self.train_ds = train_ds\n\n    def localUpdate(self, localEpoch, Net, lossFun, opti):\n        train_dl = DataLoader(self.train_ds, batch_size=10, shuffle=True)\n        for epoch in range(localEpoch):\n            for data, label in train_dl:\n                loss = lossFun(Net(data), label)\n                loss.backward()\n                opti.step()\n                opti.zero_grad()\n        return Net.state_dict()\n\n\nclass ClientsGroup(object):\n    def __init__(self, n):\n        self.clients_set = {i: client(TensorDataset(torch.zeros(4, 2), torch.zeros(4))) for i in range(n)}\n\n\nif __name__ == \"__main__\":\n    # a data-split demo: builds the clients, trains nothing\n    MyClients = ClientsGroup(10)\n    print(MyClients.clients_set[0].localUpdate(1, Net, lossFun, opti))\n",
    },
    {
      name: 'a Lightning Trainer built from parsed options (`pl.Trainer.from_argparse_args(args)`), nothing seeds',
      code: "import pytorch_lightning as pl\nimport argparse\n\nparser = argparse.ArgumentParser()\nparser = pl.Trainer.add_argparse_args(parser)\nargs = parser.parse_args()\n\nmodel = Model()\ntrainer = pl.Trainer.from_argparse_args(args)\ntrainer.fit(model, dm)\n",
      errors: [{ line: 10, text: 'trainer.fit(model, dm)' }],
      output: "import pytorch_lightning as pl\nimport argparse\n\npl.seed_everything(0, workers=True)\n\nparser = argparse.ArgumentParser()\nparser = pl.Trainer.add_argparse_args(parser)\nargs = parser.parse_args()\n\nmodel = Model()\ntrainer = pl.Trainer.from_argparse_args(args)\ntrainer.fit(model, dm)\n",
    },
    {
      name: "an optimizer built by a method of the model (nanoGPT's model.configure_optimizers(…), tinyesm), the model compiled with torch.compile; nothing seeds",
      code: 'import torch\n\nfrom model import ESM\n\nmodel = ESM()\nmodel = torch.compile(model)\noptimizer = model.configure_optimizers(weight_decay=0.01, learning_rate=4e-4)\nstep = 0\nwhile step < 200_000:\n    optimizer.zero_grad()\n    _, loss = model(*next(train_iter))\n    loss.backward()\n    optimizer.step()\n    step += 1\n',
      files: { 'model.py': 'import torch\nimport torch.nn as nn\n\n\nclass ESM(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.lm_head = nn.Linear(32, 33)\n\n    def forward(self, x, targets):\n        logits = self.lm_head(x)\n        return logits, nn.functional.cross_entropy(logits, targets)\n\n    def configure_optimizers(self, weight_decay, learning_rate):\n        return torch.optim.AdamW(self.parameters(), lr=learning_rate, weight_decay=weight_decay)\n' },
      errors: [{ line: 9, text: 'while step < 200_000' }],
      output: 'import torch\n\nfrom model import ESM\n\ntorch.manual_seed(0)\n\nmodel = ESM()\nmodel = torch.compile(model)\noptimizer = model.configure_optimizers(weight_decay=0.01, learning_rate=4e-4)\nstep = 0\nwhile step < 200_000:\n    optimizer.zero_grad()\n    _, loss = model(*next(train_iter))\n    loss.backward()\n    optimizer.step()\n    step += 1\n',
    },
    {
      name: 'training only through a method of a class of the file (`trainer.fit_step(x, y)` per batch), nothing seeds',
      code: 'import torch\nfrom torch import nn\n\n\nclass Trainer:\n    def __init__(self, model):\n        self.model = model\n        self.opt = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n    def fit_step(self, x, y):\n        self.opt.zero_grad()\n        nn.functional.cross_entropy(self.model(x), y).backward()\n        self.opt.step()\n\n\ntrainer = Trainer(nn.Linear(10, 2))\nfor x, y in train_loader:\n    trainer.fit_step(x, y)\n',
      errors: [{ line: 17, text: 'for x, y in train_loader' }],
      output: 'import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\n\n\nclass Trainer:\n    def __init__(self, model):\n        self.model = model\n        self.opt = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n    def fit_step(self, x, y):\n        self.opt.zero_grad()\n        nn.functional.cross_entropy(self.model(x), y).backward()\n        self.opt.step()\n\n\ntrainer = Trainer(nn.Linear(10, 2))\nfor x, y in train_loader:\n    trainer.fit_step(x, y)\n',
    },
    {
      name: "seeds drawn from the system on every run (`random.seed(a=None)`, `np.random.seed(seed=None)`, `random.seed()`; mygo)",
      code: 'import random\nimport numpy as np\nimport torch\nfrom torch import nn\n\nrandom.seed(a=None, version=2)\nnp.random.seed(seed=None)\nrandom.seed()\n' + SETUP + LOOP,
      errors: [{ text: 'for epoch in range(10)' }],
      output: 'import random\nimport numpy as np\nimport torch\nfrom torch import nn\n\nrandom.seed(0)\nnp.random.seed(0)\ntorch.manual_seed(0)\n\nrandom.seed(a=None, version=2)\nnp.random.seed(seed=None)\nrandom.seed()\n' + SETUP + LOOP,
    },
    {
      name: 'a training loop stepping an optimizer of a PyPI package (lion_pytorch.Lion), nothing seeds',
      code: 'import torch\nfrom torch import nn\nfrom lion_pytorch import Lion\n\nmodel = nn.Linear(10, 2)\nopt = Lion(model.parameters(), lr=1e-4)\nfor x, y in train_loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n',
      errors: [{ line: 7, text: 'for x, y in train_loader' }],
      output: 'import torch\nfrom torch import nn\nfrom lion_pytorch import Lion\n\ntorch.manual_seed(0)\n\nmodel = nn.Linear(10, 2)\nopt = Lion(model.parameters(), lr=1e-4)\nfor x, y in train_loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n',
    },
    {
      name: "training run by a framework: ignite's trainer.run, reported at the run, fixed with torch's seed",
      code: IGNITE,
      errors: [{ line: 8, text: 'trainer.run(train_loader, max_epochs=10)' }],
      output: IGNITE.replace('from ignite.engine import create_supervised_trainer\n', 'from ignite.engine import create_supervised_trainer\n\ntorch.manual_seed(0)\n'),
    },
    ...(
      [
        ["Poutyne's fit on a model built in place", 'from poutyne import Model\n', 'Model(network, "sgd", "cross_entropy").fit(x, y, epochs=5)\n', 3, 'Model(network, "sgd", "cross_entropy").fit(x, y, epochs=5)'],
        ["torchbearer's trial with methods chained on it", 'from torchbearer import Trial\n', 'trial = Trial(model, optimizer, loss).to("cuda").with_generators(train_generator=traingen)\ntrial.run(epochs=10)\n', 4, 'trial.run(epochs=10)'],
        ['fastai through a star import, and skorch', 'from fastai.vision.all import *\nfrom skorch import NeuralNetClassifier\n', 'learn = vision_learner(dls, resnet34, metrics=error_rate)\nlearn.fine_tune(1)\nNeuralNetClassifier(Module, max_epochs=10).fit(X, y)\n', 5, 'learn.fine_tune(1)'],
      ] as [string, string, string, number, string][]
    ).map(([name, imports, rest, line, text]) => ({
      name: `training run by a framework: ${name}`,
      code: framework(imports, rest),
      errors: [{ line, text }],
      output: framework(imports, rest, true),
    })),
    {
      name: "the same worker_init_fn nested in main() (brain-segmentation-pytorch)",
      code: 'import numpy as np\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\n\n\ndef main():\n    def worker_init(worker_id):\n        np.random.seed(42 + worker_id)\n\n    loader = DataLoader(ds, shuffle=True, num_workers=4, worker_init_fn=worker_init)\n    ' + SETUP.replace(/\n(?=.)/g, '\n    ') + '    ' + LOOP.replace(/\n(?=.)/g, '\n    ') + '\n\nmain()\n',
      errors: [{ message: "`worker_init()` seeds only the DataLoader's worker processes" }],
      output: 'import numpy as np\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\n\nnp.random.seed(0)\ntorch.manual_seed(0)\n\n\ndef main():\n    def worker_init(worker_id):\n        np.random.seed(42 + worker_id)\n\n    loader = DataLoader(ds, shuffle=True, num_workers=4, worker_init_fn=worker_init)\n    ' + SETUP.replace(/\n(?=.)/g, '\n    ') + '    ' + LOOP.replace(/\n(?=.)/g, '\n    ') + '\n\nmain()\n',
    },
    {
      name: "the only seeding is a DataLoader's worker_init_fn: it seeds the worker processes, not the training process",
      code: WORKER + 'loader = DataLoader(ds, shuffle=True, num_workers=4, worker_init_fn=seed_worker)\n' + SETUP + LOOP,
      errors: [{ line: 18, text: 'for epoch in range(10)', message: "`seed_worker()` seeds only the DataLoader's worker processes" }],
      output: WORKER.replace('from torch.utils.data import DataLoader\n', 'from torch.utils.data import DataLoader\n\nrandom.seed(0)\nnp.random.seed(0)\ntorch.manual_seed(0)\n') + 'loader = DataLoader(ds, shuffle=True, num_workers=4, worker_init_fn=seed_worker)\n' + SETUP + LOOP,
    },
    {
      name: 'hard negative: `exit` is a function of the file, not the builtin: the training after it runs',
      code: 'import torch\nfrom torch import nn\n' + afterExit('exit(0)').replace('\n\ndef cli():', '\n\ndef exit(code):\n    print(code)\n\n\ndef cli():'),
      errors: [{ message: 'never fixes a random seed' }],
      output: 'import torch\nfrom torch import nn\n' + afterExit('exit(0)').replace('\n\ndef cli():', '\n\ndef exit(code):\n    print(code)\n\n\ndef cli():').replace('from lightning.pytorch.cli import LightningCLI\n', 'from lightning.pytorch.cli import LightningCLI\n\ntorch.manual_seed(0)\n'),
    },
    {
      name: 'a seed helper the file defines and never calls: the training runs unseeded',
      code: 'import torch\nfrom torch import nn\n\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n\n\n' + SETUP + LOOP,
      errors: [{ line: 12, text: 'for epoch in range(10)', message: '`set_seed()` would, but nothing in the file calls it' }],
      output: 'import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\n\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n\n\n' + SETUP + LOOP,
    },
    {
      name: "hard negative: MONAI's set_determinism(seed=None) turns determinism off",
      code: 'import torch\nfrom torch import nn\nfrom monai.utils import set_determinism\nset_determinism(seed=None)\n' + SETUP + LOOP,
      errors: [{ line: 8, text: 'for epoch in range(10)' }],
      output: 'import torch\nfrom torch import nn\nfrom monai.utils import set_determinism\n\ntorch.manual_seed(0)\nset_determinism(seed=None)\n' + SETUP + LOOP,
    },
    {
      name: "hard negative: the imported module seeds only under its own `if __name__ == '__main__':` (not on import)",
      code: 'import torch\nfrom torch import nn\nfrom simclr import SimCLR\n\n' + SETUP + LOOP,
      files: { 'simclr.py': 'import torch\n\n\nclass SimCLR:\n    pass\n\n\nif __name__ == "__main__":\n    torch.manual_seed(0)\n' },
      errors: [{ line: 8, text: 'for epoch in range(10)' }],
      output: 'import torch\nfrom torch import nn\nfrom simclr import SimCLR\n\ntorch.manual_seed(0)\n\n' + SETUP + LOOP,
    },
    {
      name: 'hard negative: a variable imported from a module that seeds only in a function nothing calls on import',
      code: 'import torch\nfrom torch import nn\nfrom setup_run import data\n\n' + SETUP + LOOP,
      files: { 'setup_run.py': 'import torch\n\n\ndef seed():\n    torch.manual_seed(0)\n\n\ndata = [(torch.randn(4, 8), torch.randint(0, 2, (4,)))]\n' },
      errors: [{ line: 8, text: 'for epoch in range(10)' }],
      output: 'import torch\nfrom torch import nn\nfrom setup_run import data\n\ntorch.manual_seed(0)\n\n' + SETUP + LOOP,
    },
    {
      name: 'hard negative: the imported module only seeds a generator of its own on import (not the global state)',
      code: 'import torch\nfrom torch import nn\nfrom data import split\n\n' + SETUP + LOOP,
      files: { 'data.py': 'import torch\n\ng = torch.Generator().manual_seed(0)\n\n\ndef split(ds):\n    return ds\n' },
      errors: [{ line: 8, text: 'for epoch in range(10)' }],
      output: 'import torch\nfrom torch import nn\nfrom data import split\n\ntorch.manual_seed(0)\n\n' + SETUP + LOOP,
    },
    {
      name: 'plain training loop',
      code: 'import torch\nfrom torch import nn\n' + SETUP + LOOP,
      errors: [{ line: 6, column: 1, text: 'for epoch in range(10)' }],
      output: 'import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\n' + SETUP + LOOP,
    },
    {
      name: 'numpy and random imported: seeds all three, aliases kept',
      code: 'import random\nimport numpy as onp\nimport torch as T\nfrom torch import nn\nmodel = nn.Linear(4, 2)\nopt = T.optim.SGD(model.parameters(), lr=0.1)\n' + LOOP.replace(/crit\(/g, 'T.nn.functional.mse_loss('),
      errors: [{ line: 7 }],
      output:
        'import random\nimport numpy as onp\nimport torch as T\nfrom torch import nn\n\nrandom.seed(0)\nonp.random.seed(0)\nT.manual_seed(0)\nmodel = nn.Linear(4, 2)\nopt = T.optim.SGD(model.parameters(), lr=0.1)\n' +
        LOOP.replace(/crit\(/g, 'T.nn.functional.mse_loss('),
    },
    {
      name: 'Lightning Trainer.fit without seed_everything',
      code: 'import lightning as L\n\ntrainer = L.Trainer(max_epochs=3)\ntrainer.fit(model, dm)\n',
      errors: [{ text: 'trainer.fit(model, dm)' }],
      output: 'import lightning as L\n\nL.seed_everything(0, workers=True)\n\ntrainer = L.Trainer(max_epochs=3)\ntrainer.fit(model, dm)\n',
    },
    {
      name: 'the training loop in main(), run under `if __name__ == "__main__"`',
      code: MAIN + '\n\nif __name__ == "__main__":\n    main()\n',
      errors: [{ line: 9, text: 'for epoch in range(10)' }],
      output: MAIN.replace('from torch import nn\n', 'from torch import nn\n\ntorch.manual_seed(0)\n') + '\n\nif __name__ == "__main__":\n    main()\n',
    },
    {
      name: 'the training function handed to a launcher (`mp.spawn(main, …)`)',
      code: MAIN + '\n\nimport torch.multiprocessing as mp\nmp.spawn(main, nprocs=2)\n',
      errors: [{ line: 9 }],
      output: MAIN.replace('from torch import nn\n', 'from torch import nn\n\ntorch.manual_seed(0)\n') + '\n\nimport torch.multiprocessing as mp\nmp.spawn(main, nprocs=2)\n',
    },
    {
      name: 'a training command registered with a decorator (Typer), run through the app',
      code: 'import typer\n' + MAIN.replace('\n\n\ndef main():', '\n\napp = typer.Typer()\n\n\n@app.command()\ndef main():') + '\n\nif __name__ == "__main__":\n    app()\n',
      errors: [{ line: 13 }],
      output: 'import typer\n' + MAIN.replace('from torch import nn\n', 'from torch import nn\n\ntorch.manual_seed(0)\n').replace('\n\n\ndef main():', '\n\napp = typer.Typer()\n\n\n@app.command()\ndef main():') + '\n\nif __name__ == "__main__":\n    app()\n',
    },
    {
      name: 'a trainer class of the file, built and run',
      code: 'import torch\n\n\nclass Trainer:\n    def __init__(self, model):\n        self.model = model\n        self.opt = torch.optim.SGD(model.parameters(), lr=0.1)\n\n    def fit(self, loader):\n        for x, y in loader:\n            self.opt.zero_grad()\n            self.model(x).sum().backward()\n            self.opt.step()\n\n\nTrainer(net).fit(loader)\n',
      errors: [{ line: 10 }],
      output: 'import torch\n\ntorch.manual_seed(0)\n\n\nclass Trainer:\n    def __init__(self, model):\n        self.model = model\n        self.opt = torch.optim.SGD(model.parameters(), lr=0.1)\n\n    def fit(self, loader):\n        for x, y in loader:\n            self.opt.zero_grad()\n            self.model(x).sum().backward()\n            self.opt.step()\n\n\nTrainer(net).fit(loader)\n',
    },
    {
      name: 'the training class of another file run through an alias (`Exp = Exp_Informer` then `Exp(args).train(…)`, Informer): reported at the loop that runs its training',
      code: 'from exp.exp_informer import Exp_Informer\n\nExp = Exp_Informer\nfor ii in range(3):\n    exp = Exp(args)\n    exp.train(str(ii))\n',
      files: { 'exp/exp_informer.py': 'import torch\nfrom torch import nn\n\n\nclass Exp_Informer:\n    def __init__(self, args):\n        self.model = nn.Linear(4, 2)\n\n    def train(self, setting):\n        opt = torch.optim.Adam(self.model.parameters(), lr=1e-4)\n        for epoch in range(10):\n            for x, y in self.loader:\n                opt.zero_grad()\n                nn.functional.mse_loss(self.model(x), y).backward()\n                opt.step()\n', 'exp/__init__.py': '' },
      errors: [{ line: 4, text: 'for ii in range(3)' }],
      output: 'from exp.exp_informer import Exp_Informer\nimport torch\n\ntorch.manual_seed(0)\n\nExp = Exp_Informer\nfor ii in range(3):\n    exp = Exp(args)\n    exp.train(str(ii))\n',
    },
    {
      name: "a training loop stepping a project class that wraps an optimizer (triplet-reid's AdamOptimWrapper), nothing seeds",
      code: 'from torch import nn\nfrom optimizer import AdamOptimWrapper\n\nnet = nn.Linear(4, 2)\noptim = AdamOptimWrapper(net.parameters(), 3e-4)\nwhile True:\n    x, y = next(diter)\n    optim.zero_grad()\n    nn.functional.cross_entropy(net(x), y).backward()\n    optim.step()\n',
      files: { 'optimizer.py': 'import torch\n\n\nclass AdamOptimWrapper(object):\n    def __init__(self, params, lr):\n        self.optim = torch.optim.Adam(params, lr=lr)\n\n    def step(self):\n        self.optim.step()\n\n    def zero_grad(self):\n        self.optim.zero_grad()\n' },
      errors: [{ line: 6, text: 'while True' }],
      output: 'from torch import nn\nfrom optimizer import AdamOptimWrapper\nimport torch\n\ntorch.manual_seed(0)\n\nnet = nn.Linear(4, 2)\noptim = AdamOptimWrapper(net.parameters(), 3e-4)\nwhile True:\n    x, y = next(diter)\n    optim.zero_grad()\n    nn.functional.cross_entropy(net(x), y).backward()\n    optim.step()\n',
    },
    {
      name: 'the script runs the training code of another file and nothing seeds: reported at the call',
      code: 'from torch import nn\nfrom pkg.engine import fit\n\nfit(nn.Linear(4, 2), loader, 10)\n',
      files: { 'pkg/engine.py': ENGINE, 'pkg/__init__.py': '' },
      errors: [{ line: 4, text: 'fit(nn.Linear(4, 2), loader, 10)' }],
      output: 'from torch import nn\nfrom pkg.engine import fit\nimport torch\n\ntorch.manual_seed(0)\n\nfit(nn.Linear(4, 2), loader, 10)\n',
    },
    {
      name: 'the script runs `engine.fit(…)` of a module it imports whole (`import engine`, going_modular), nothing seeds',
      code: 'from torch import nn\nimport engine\n\nengine.fit(nn.Linear(4, 2), loader, 10)\n',
      files: { 'engine.py': ENGINE },
      errors: [{ line: 4, text: 'engine.fit(nn.Linear(4, 2), loader, 10)' }],
      output: 'from torch import nn\nimport engine\nimport torch\n\ntorch.manual_seed(0)\n\nengine.fit(nn.Linear(4, 2), loader, 10)\n',
    },
    {
      name: "another file's generator seed (`torch.Generator().manual_seed`, for a split) is not a global seed",
      code: 'from torch import nn\nfrom pkg.engine import fit\nfrom pkg.data import loaders\n\nfit(nn.Linear(4, 2), loaders(), 10)\n',
      files: { 'pkg/engine.py': ENGINE, 'pkg/__init__.py': '', 'pkg/data.py': 'import torch\n\n\ndef loaders(seed=0):\n    g = torch.Generator().manual_seed(seed)\n    return torch.utils.data.random_split(ds, [0.9, 0.1], generator=g)\n' },
      errors: [{ line: 5 }],
      output: 'from torch import nn\nfrom pkg.engine import fit\nfrom pkg.data import loaders\nimport torch\n\ntorch.manual_seed(0)\n\nfit(nn.Linear(4, 2), loaders(), 10)\n',
    },
    {
      name: 'torch not imported as a module: the fix imports it; docstring first',
      code: '"""Train."""\nfrom torch import nn, optim\nmodel = nn.Linear(4, 2)\nopt = optim.Adam(model.parameters())\nfor x, y in loader:\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()',
      errors: [{ line: 5 }],
      output: '"""Train."""\nfrom torch import nn, optim\nimport torch\n\ntorch.manual_seed(0)\nmodel = nn.Linear(4, 2)\nopt = optim.Adam(model.parameters())\nfor x, y in loader:\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()',
    },
  ],
});

import { ruleTester } from '../../support/rule-tester';

const HEAD = 'import torch\nfrom torch import nn, optim\n\nmodel = nn.Linear(4, 2)\ncriterion = nn.CrossEntropyLoss()\noptimizer = optim.SGD(model.parameters(), lr=0.1)\n';

/** A project class wrapping an optimizer (triplet-reid's AdamOptimWrapper): its step() steps the Adam it holds. */
const WRAPPER =
  'import torch\n\n\nclass AdamOptimWrapper(object):\n    def __init__(self, params, lr):\n        self.step_count = 0\n        self.optim = torch.optim.Adam(params, lr=lr)\n\n    def step(self):\n        self.step_count += 1\n        self.optim.step()\n\n    def zero_grad(self):\n        self.optim.zero_grad()\n';

/** An optimizer from a package of PyPI (lion-pytorch), held in `opt`; `body` is the batch loop's body. */
const lion = (body: string, build = 'Lion(model.parameters(), lr=1e-4)'): string =>
  `import torch\nfrom torch import nn\nfrom lion_pytorch import Lion\n\nmodel = nn.Linear(10, 2)\nopt = ${build}\nfor x, y in train_loader:\n${body}`;

/** A base class of another file whose `fit_step` runs a training step; `clear` is its first line, or nothing. */
const baseTrainer = (clear: string): string =>
  `import torch\n\n\nclass BaseTrainer:\n    def fit_step(self, x, y):\n${clear}        loss = self.criterion(self.model(x), y)\n        loss.backward()\n        self.optimizer.step()\n        return loss.item()\n`;

/** A subclass whose `run` calls the inherited `fit_step` from its batch loop. */
const SUBCLASS =
  'import torch\nfrom torch import nn\nfrom base import BaseTrainer\n\n\nclass Trainer(BaseTrainer):\n    def __init__(self, model, loader):\n        self.model = model\n        self.loader = loader\n        self.criterion = nn.CrossEntropyLoss()\n        self.optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n    def run(self, epochs):\n        for epoch in range(epochs):\n            for x, y in self.loader:\n                self.fit_step(x, y)\n';

/** A class whose batch loop, inside its epoch loop, calls a method of its own that steps; `clear` as above. */
const ownStep = (clear: string): string =>
  `import torch\n\n\nclass Trainer:\n    def __init__(self, model, loader):\n        self.model = model\n        self.loader = loader\n        self.optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n    def fit_step(self, x, y):\n${clear}        loss = self.model(x).sum()\n        loss.backward()\n        self.optimizer.step()\n\n    def run(self, epochs):\n        for epoch in range(epochs):\n            for x, y in self.loader:\n                self.fit_step(x, y)\n`;

/** A loop that hands its loss to a helper of another file (`utils.py`), as MorvanZhou's A3C does with `push_and_pull`. */
const PUSH = (helper: string): string =>
  `import torch\nfrom utils import ${helper}\n\ntorch.manual_seed(0)\nnet = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(net.parameters(), lr=1e-4)\nfor x, y in loader:\n    loss = ((net(x) - y) ** 2).mean()\n    ${helper}(opt, net, loss)\n`;
const UTILS = { 'utils.py': 'def push(opt, lnet, loss):\n    loss.backward()\n    opt.step()\n\n\ndef push_ok(opt, lnet, loss):\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n' };

ruleTester('NR204', {
  valid: [
    { name: 'hard negative: the helper of another file clears the gradients before its step', code: PUSH('push_ok'), files: UTILS },
    {
      name: 'hard negative: a wrapper of an optimizer in another file built by a factory and handed to the training function, cleared and stepped through it (MBRNN)',
      code: 'import torch\nfrom optim import Optimizer\n\n\ndef prepare_optim(model):\n    return Optimizer(torch.optim.Adam(model.parameters(), lr=8e-4), max_grad_norm=5)\n\n\ndef train(model, optim, loader):\n    for epoch in range(10):\n        for x, y in loader:\n            optim.zero_grad()\n            loss = torch.nn.functional.cross_entropy(model(x), y)\n            loss.backward()\n            optim.step()\n\n\nmodel = build_model()\ntrain(model, prepare_optim(model), loader)\n',
      files: {
        'optim.py': 'import torch\n\n\nclass Optimizer():\n    def __init__(self, optim, max_grad_norm=-1):\n        self.optimizer = optim\n        self.max_grad_norm = max_grad_norm\n\n    def step(self):\n        if self.max_grad_norm > 0:\n            torch.nn.utils.clip_grad_norm_(self.optimizer.param_groups[0]["params"], self.max_grad_norm)\n        self.optimizer.step()\n\n    def zero_grad(self):\n        self.optimizer.zero_grad()\n',
      },
    },
    {
      name: 'hard negative: a method of an object of a class of another file that clears the gradients itself',
      code: 'from torch import nn\nfrom trainer import Trainer\n\ntrainer = Trainer(nn.Linear(10, 2))\nfor x, y in loader:\n    trainer.fit_step(x, y)\n',
      files: { 'trainer.py': ownStep('        self.optimizer.zero_grad()\n').replace(/\n {4}def run[^]*$/, '\n') },
    },
    {
      name: 'a method of an object of a class of the file that clears the gradients itself, called per batch',
      code: ownStep('        self.optimizer.zero_grad()\n') + '\ntrainer = Trainer(model, loader)\nfor x, y in loader:\n    trainer.fit_step(x, y)\n',
    },
    {
      name: 'hard negative: a method of a base class in another file that clears the gradients itself (`self.optimizer` there, set in the subclass)',
      code: SUBCLASS,
      files: { 'base.py': baseTrainer('        self.optimizer.zero_grad()\n') },
    },
    { name: 'an optimizer of a PyPI package (lion_pytorch.Lion) whose gradients are cleared', code: lion('    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n') },
    {
      name: "hard negative: a class of another library built over the parameters whose name says it is an average (torch_ema's ExponentialMovingAverage), stepped",
      code: lion('    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n', 'ExponentialMovingAverage(model.parameters(), decay=0.995)').replace('from lion_pytorch import Lion', 'from torch_ema import ExponentialMovingAverage'),
    },
    {
      name: 'hard negative: a wrapper whose step() also clears the gradients (not taken for a plain optimizer)',
      code: 'from torch import nn\nfrom optimizer import AdamOptimWrapper\n\nmodel = nn.Linear(4, 2)\nopt = AdamOptimWrapper(model.parameters(), 3e-4)\nfor x, y in loader:\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n',
      files: { 'optimizer.py': WRAPPER.replace('        self.optim.step()\n', '        self.optim.step()\n        self.optim.zero_grad()\n') },
    },
    {
      name: 'hard negative: the wrapper of an optimizer, cleared through it',
      code: 'from torch import nn\nfrom optimizer import AdamOptimWrapper\n\nmodel = nn.Linear(4, 2)\nopt = AdamOptimWrapper(model.parameters(), 3e-4)\nfor x, y in loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n',
      files: { 'optimizer.py': WRAPPER },
    },
    { name: 'zero_grad before the forward pass', code: HEAD + 'for x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n' },
    { name: 'zero_grad at the end of the loop body', code: HEAD + 'for x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n    optimizer.zero_grad()\n' },
    {
      name: 'gradient accumulation: step and zero every k iterations',
      code: HEAD + 'for i, (x, y) in enumerate(loader):\n    loss = criterion(model(x), y) / 4\n    loss.backward()\n    if (i + 1) % 4 == 0:\n        optimizer.step()\n        optimizer.zero_grad(set_to_none=True)\n',
    },
    { name: 'model.zero_grad()', code: HEAD + 'for x, y in loader:\n    model.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n' },
    { name: 'param.grad = None', code: HEAD + 'for x, y in loader:\n    for p in model.parameters():\n        p.grad = None\n    criterion(model(x), y).backward()\n    optimizer.step()\n' },
    {
      name: 'LBFGS closure clears inside the closure',
      code: HEAD + 'lbfgs = optim.LBFGS(model.parameters())\nfor x, y in loader:\n    def closure():\n        lbfgs.zero_grad()\n        loss = criterion(model(x), y)\n        loss.backward()\n        return loss\n    lbfgs.step(closure)\n',
    },
    { name: 'scheduler.step() is not an optimizer step', code: HEAD + 'sched = optim.lr_scheduler.StepLR(optimizer, 10)\nfor epoch in range(3):\n    loss = criterion(model(x), y)\n    loss.backward()\n    sched.step()\n' },
    {
      name: 'zero_grad in a helper called per batch',
      code: HEAD + 'def train_step(x, y):\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n\nfor x, y in loader:\n    train_step(x, y)\n',
    },
    {
      name: 'GradScaler: scaler.step(optimizer) with zero_grad',
      code: HEAD + 'scaler = torch.cuda.amp.GradScaler()\nfor x, y in loader:\n    optimizer.zero_grad()\n    scaler.scale(criterion(model(x), y)).backward()\n    scaler.step(optimizer)\n    scaler.update()\n',
    },
    { name: 'no loop: a Lightning-style training_step', code: HEAD + 'def training_step(batch):\n    loss = criterion(model(batch[0]), batch[1])\n    loss.backward()\n    optimizer.step()\n' },
    { name: 'step on something that is not an optimizer', code: HEAD + 'env = make_env()\nfor t in range(10):\n    loss = criterion(model(x), y)\n    loss.backward()\n    env.step(0)\n' },
    {
      name: 'named like an optimizer, built by a factory of the project that does not always return one',
      code: HEAD + 'def build(name):\n    if name == "env":\n        return make_env()\n    return optim.SGD(model.parameters(), lr=0.1)\n\nopt2 = build("env")\nfor x, y in loader:\n    criterion(model(x), y).backward()\n    opt2.step()\n',
    },
    {
      name: 'named like an optimizer, built by a factory of another file that returns a scheduler',
      code: HEAD + 'from sched import build_scheduler\nopt2 = build_scheduler(optimizer)\nfor x, y in loader:\n    criterion(model(x), y).backward()\n    opt2.step()\n',
      files: { 'sched.py': 'from torch import optim\n\n\ndef build_scheduler(opt):\n    return optim.lr_scheduler.StepLR(opt, 10)\n' },
    },
  ],
  invalid: [
    {
      name: 'the step made by a helper of another file the loop calls (`from utils import push`; review 100)',
      code: PUSH('push'),
      files: UTILS,
      errors: [{ line: 9, message: '`opt.step()` (in `push()`) runs every iteration' }],
    },
    {
      name: "a step in a method of an object of a class of another file (`trainer.fit_step(x, y)`), never cleared: reported at this file's call",
      code: 'from torch import nn\nfrom trainer import Trainer\n\ntrainer = Trainer(nn.Linear(10, 2))\nfor epoch in range(10):\n    for x, y in loader:\n        trainer.fit_step(x, y)\n',
      files: { 'trainer.py': ownStep('').replace(/\n {4}def run[^]*$/, '\n') },
      errors: [{ line: 7, text: 'trainer.fit_step(x, y)', message: '(in `trainer.fit_step()`)' }],
    },
    {
      name: 'a step in a method of an object of a class of the file, called per batch (`trainer.fit_step(x, y)`), never cleared',
      code: ownStep('').replace('    def run(self, epochs):\n        for epoch in range(epochs):\n            for x, y in self.loader:\n                self.fit_step(x, y)\n', '\ntrainer = Trainer(model, loader)\nfor epoch in range(10):\n    for x, y in loader:\n        trainer.fit_step(x, y)\n'),
      errors: [{ line: 13, text: 'self.optimizer.step()' }],
      output: ownStep('        self.optimizer.zero_grad()\n').replace('    def run(self, epochs):\n        for epoch in range(epochs):\n            for x, y in self.loader:\n                self.fit_step(x, y)\n', '\ntrainer = Trainer(model, loader)\nfor epoch in range(10):\n    for x, y in loader:\n        trainer.fit_step(x, y)\n'),
    },
    {
      name: "a step in a method of a base class in another file, never cleared: reported at this file's call that runs it, once for the epoch and the batch loop",
      code: SUBCLASS,
      files: { 'base.py': baseTrainer('') },
      errors: [{ line: 16, text: 'self.fit_step(x, y)', message: '`self.optimizer.step()` (in `self.fit_step()`) runs every iteration' }],
    },
    {
      name: 'a method of the class reached from the epoch loop and from its batch loop: one finding, one fix',
      code: ownStep(''),
      errors: [{ line: 13, text: 'self.optimizer.step()' }],
      output: ownStep('        self.optimizer.zero_grad()\n'),
    },
    {
      name: 'an optimizer of a PyPI package (lion_pytorch.Lion, named opt) that never clears the gradients',
      code: lion('    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n'),
      errors: [{ line: 9, text: 'opt.step()' }],
      output: lion('    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n'),
    },
    {
      name: 'an optimizer of a package not listed, built over the parameters (Sophia(model.parameters()))',
      code: lion('    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n', 'Sophia(model.parameters(), lr=1e-4)').replace('from lion_pytorch import Lion', 'from sophia import Sophia'),
      errors: [{ line: 9, text: 'opt.step()' }],
      output: lion('    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n', 'Sophia(model.parameters(), lr=1e-4)').replace('from lion_pytorch import Lion', 'from sophia import Sophia'),
    },
    {
      name: "a project class wrapping an optimizer (its step() steps the Adam it holds), never cleared",
      code: 'from torch import nn\nfrom optimizer import AdamOptimWrapper\n\nmodel = nn.Linear(4, 2)\noptim = AdamOptimWrapper(model.parameters(), 3e-4)\nfor x, y in loader:\n    nn.functional.cross_entropy(model(x), y).backward()\n    optim.step()\n',
      files: { 'optimizer.py': WRAPPER },
      errors: [{ line: 8, text: 'optim.step()' }],
      output: 'from torch import nn\nfrom optimizer import AdamOptimWrapper\n\nmodel = nn.Linear(4, 2)\noptim = AdamOptimWrapper(model.parameters(), 3e-4)\nfor x, y in loader:\n    optim.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    optim.step()\n',
    },
    {
      name: 'an optimizer built by a factory of another project file (`build_optimizer(model, cfg)`)',
      code: 'from torch import nn\nfrom optim_utils import build_optimizer\n\nmodel = nn.Linear(4, 2)\nopt = build_optimizer(model, "adam")\nfor x, y in loader:\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n',
      files: {
        'optim_utils.py':
          'from torch import optim\n\n\ndef build_optimizer(model, name, lr=3e-4):\n    if name == "sgd":\n        opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)\n        return opt\n    return optim.AdamW(model.parameters(), lr=lr)\n',
      },
      errors: [{ line: 8, text: 'opt.step()' }],
      output: 'from torch import nn\nfrom optim_utils import build_optimizer\n\nmodel = nn.Linear(4, 2)\nopt = build_optimizer(model, "adam")\nfor x, y in loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n',
    },
    {
      name: 'an optimizer built by a factory of the same file',
      code: HEAD + 'def make_opt(m):\n    return optim.Adam(m.parameters())\n\nopt2 = make_opt(model)\nfor x, y in loader:\n    criterion(model(x), y).backward()\n    opt2.step()\n',
      errors: [{ text: 'opt2.step()' }],
      output: HEAD + 'def make_opt(m):\n    return optim.Adam(m.parameters())\n\nopt2 = make_opt(model)\nfor x, y in loader:\n    opt2.zero_grad()\n    criterion(model(x), y).backward()\n    opt2.step()\n',
    },
    {
      name: 'no zero_grad at all',
      code: HEAD + 'for x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n',
      errors: [{ line: 10, column: 5, text: 'optimizer.step()', message: 'optimizer.zero_grad()' }],
      output: HEAD + 'for x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n',
    },
    {
      name: 'zero_grad only once, before the loop',
      code: HEAD + 'optimizer.zero_grad()\nfor x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n',
      errors: [{ text: 'optimizer.step()' }],
      output: HEAD + 'optimizer.zero_grad()\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n',
    },
    {
      name: 'zero_grad only in the epoch loop, steps in the batch loop',
      code: HEAD + 'for epoch in range(10):\n    optimizer.zero_grad()\n    for x, y in loader:\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n',
      errors: [{ line: 12, column: 9 }],
      output: HEAD + 'for epoch in range(10):\n    optimizer.zero_grad()\n    for x, y in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n',
    },
    {
      name: 'through a helper function called from the epoch loop, optimizer as self attribute',
      code:
        'import torch\n\nclass Trainer:\n    def __init__(self, model):\n        self.model = model\n        self.opt = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n    def train_one_epoch(self, loader):\n        """One pass."""\n        for x, y in loader:\n            loss = self.model(x).sum()\n            loss.backward()\n            self.opt.step()\n',
      errors: [{ text: 'self.opt.step()', message: '`self.opt.zero_grad()`' }],
      output:
        'import torch\n\nclass Trainer:\n    def __init__(self, model):\n        self.model = model\n        self.opt = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n    def train_one_epoch(self, loader):\n        """One pass."""\n        for x, y in loader:\n            self.opt.zero_grad()\n            loss = self.model(x).sum()\n            loss.backward()\n            self.opt.step()\n',
    },
    {
      name: 'backward and step in a helper called per batch',
      code: HEAD + 'def train_step(x, y):\n    """Step."""\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n\nwhile True:\n    train_step(*next(it))\n',
      errors: [{ text: 'optimizer.step()' }],
      output: HEAD + 'def train_step(x, y):\n    """Step."""\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n\nwhile True:\n    train_step(*next(it))\n',
    },
    {
      name: 'two optimizers (GAN), one never cleared; CRLF line endings',
      code: 'from torch import optim\r\nopt_d = optim.Adam(d.parameters())\r\nopt_g = optim.Adam(g.parameters())\r\nfor x in loader:\r\n    opt_d.zero_grad()\r\n    d_loss(x).backward()\r\n    opt_d.step()\r\n    g_loss(x).backward()\r\n    opt_g.step()\r\n',
      errors: [{ line: 9, text: 'opt_g.step()' }],
      output: 'from torch import optim\r\nopt_d = optim.Adam(d.parameters())\r\nopt_g = optim.Adam(g.parameters())\r\nfor x in loader:\r\n    opt_g.zero_grad()\r\n    opt_d.zero_grad()\r\n    d_loss(x).backward()\r\n    opt_d.step()\r\n    g_loss(x).backward()\r\n    opt_g.step()\r\n',
    },
  ],
});

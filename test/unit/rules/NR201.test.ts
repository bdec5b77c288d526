import { ruleTester } from '../../support/rule-tester';

const LOOP = 'for epoch in range(10):\n    for x, y in loader:\n        opt.zero_grad()\n        loss = crit(model(x), y)\n        loss.backward()\n        opt.step()\n';
const SETUP = 'model = nn.Linear(4, 2)\ncrit = nn.CrossEntropyLoss()\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n';

ruleTester('NR201', {
  valid: [
    { name: 'torch.manual_seed', code: 'import torch\nfrom torch import nn\ntorch.manual_seed(0)\n' + SETUP + LOOP },
    { name: 'random.seed and numpy.random.seed', code: 'import random\nimport numpy as np\nimport torch\nfrom torch import nn\nrandom.seed(1)\nnp.random.seed(1)\n' + SETUP + LOOP },
    { name: 'a local helper that seeds', code: 'import torch\nfrom torch import nn\n\ndef set_everything(s):\n    torch.manual_seed(s)\n\nset_everything(3)\n' + SETUP + LOOP },
    { name: 'an imported seeding helper (name says so)', code: 'import torch\nfrom torch import nn\nfrom utils import seed_all\nseed_all(42)\n' + SETUP + LOOP },
    { name: 'Lightning seed_everything through pytorch_lightning alias', code: 'import pytorch_lightning as pl\npl.seed_everything(7)\ntrainer = pl.Trainer()\ntrainer.fit(model)\n' },
    { name: 'transformers.set_seed', code: 'import torch\nfrom torch import nn\nfrom transformers import set_seed\nset_seed(42)\n' + SETUP + LOOP },
    { name: 'not a training script (inference only)', code: 'import torch\nmodel = torch.load("m.pt")\nwith torch.no_grad():\n    for x in loader:\n        print(model(x))\n' },
    { name: 'syntax error elsewhere: stay quiet', code: 'import torch\nfrom torch import nn\n' + SETUP + LOOP + 'def broken(:\n' },
  ],
  invalid: [
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
      name: 'torch not imported as a module: the fix imports it; docstring first',
      code: '"""Train."""\nfrom torch import nn, optim\nmodel = nn.Linear(4, 2)\nopt = optim.Adam(model.parameters())\nfor x, y in loader:\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()',
      errors: [{ line: 5 }],
      output: '"""Train."""\nfrom torch import nn, optim\nimport torch\n\ntorch.manual_seed(0)\nmodel = nn.Linear(4, 2)\nopt = optim.Adam(model.parameters())\nfor x, y in loader:\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()',
    },
  ],
});

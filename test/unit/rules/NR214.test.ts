import { ruleTester } from '../../support/rule-tester';

const h = `import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n`;

/** A model holding a function in an attribute (vnet: `self.softmax = F.log_softmax` or `F.softmax`) and calling it in forward(). */
const held = (init: string, call = 'self.softmax(self.fc(x))'): string =>
  `${h}class Net(nn.Module):\n    def __init__(self, nll=True, act=None):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n${init}\n    def forward(self, x):\n        return ${call}\n`;

ruleTester('NR214', {
  valid: [
    { name: 'a softmax held in an attribute, called with dim', code: held('        if nll:\n            self.softmax = F.log_softmax\n        else:\n            self.softmax = F.softmax\n', 'self.softmax(self.fc(x), dim=1)') },
    { name: 'hard negative: one branch holds another function (`torch.sigmoid`)', code: held('        if nll:\n            self.softmax = F.log_softmax\n        else:\n            self.softmax = F.softmax\n'.replace('F.softmax', 'torch.sigmoid')) },
    { name: 'hard negative: the attribute holds what a parameter gives', code: held('        self.softmax = act\n') },
    { name: 'module with dim', code: `${h}act = nn.Softmax(dim=1)\n` },
    { name: 'functional with a positional dim', code: `${h}p = F.softmax(x, 1)\n` },
    { name: 'log_softmax with a keyword dim', code: `${h}p = F.log_softmax(logits, dim=-1)\n` },
    { name: 'module with a positional dim', code: `${h}act = nn.LogSoftmax(1)\n` },
    { name: 'a tensor method (dim is required there)', code: `${h}p = logits.softmax(-1)\n` },
    { name: "someone else's softmax", code: `import numpy as np\nfrom scipy.special import softmax\n\np = softmax(x)\n` },
    { name: 'dim passed through **kwargs', code: `${h}p = F.softmax(x, **kw)\n` },
  ],
  invalid: [
    {
      name: 'an attribute holding log_softmax or softmax depending on a flag (vnet), called without dim in forward()',
      code: held('        if nll:\n            self.softmax = F.log_softmax\n        else:\n            self.softmax = F.softmax\n'),
      errors: [{ line: 15, text: 'self.softmax(self.fc(x))' }],
      output: held('        if nll:\n            self.softmax = F.log_softmax\n        else:\n            self.softmax = F.softmax\n', 'self.softmax(self.fc(x), dim=-1)'),
    },
    {
      name: 'functional softmax',
      code: `${h}probs = F.softmax(logits)\n`,
      errors: [{ line: 5, text: 'F.softmax(logits)', message: 'usually `dim=-1`' }],
      output: `${h}probs = F.softmax(logits, dim=-1)\n`,
    },
    {
      name: 'LogSoftmax module in a Sequential',
      code: `${h}head = nn.Sequential(nn.Linear(4, 2), nn.LogSoftmax())\n`,
      errors: [{ text: 'nn.LogSoftmax()' }],
      output: `${h}head = nn.Sequential(nn.Linear(4, 2), nn.LogSoftmax(dim=-1))\n`,
    },
    {
      name: 'imported by name, dtype given',
      code: `from torch.nn.functional import log_softmax\nimport torch\n\nout = log_softmax(scores, dtype=torch.float32)\n`,
      errors: [{ line: 4 }],
      output: `from torch.nn.functional import log_softmax\nimport torch\n\nout = log_softmax(scores, dtype=torch.float32, dim=-1)\n`,
    },
    {
      name: 'torch.nn.Softmax built in __init__',
      code: `import torch\n\nclass Head(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.act = torch.nn.Softmax()\n`,
      errors: [{ line: 6 }],
      output: `import torch\n\nclass Head(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.act = torch.nn.Softmax(dim=-1)\n`,
    },
  ],
});

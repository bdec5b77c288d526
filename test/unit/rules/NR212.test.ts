import { ruleTester } from '../../support/rule-tester';

const net = (body: string, extra = ''): string =>
  `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 2)\n\n    def forward(self, x):\n${body}\n${extra}`;

ruleTester('NR212', {
  valid: [
    { name: 'training passed by keyword', code: net('        return self.fc(F.dropout(x, p=0.5, training=self.training))') },
    { name: 'training passed by position', code: net('        return self.fc(F.dropout(x, 0.5, self.training))') },
    { name: 'Monte Carlo dropout, on on purpose', code: net('        return self.fc(F.dropout(x, 0.1, training=True))') },
    { name: 'the nn.Dropout module follows the mode itself', code: net('        return self.fc(self.drop(x))').replace('self.fc = nn.Linear(8, 2)', 'self.fc = nn.Linear(8, 2)\n        self.drop = nn.Dropout(0.5)') },
    { name: 'a plain function, not a module', code: `import torch.nn.functional as F\n\ndef augment(x):\n    return F.dropout(x, 0.1)\n` },
    { name: 'alpha_dropout defaults to training=False', code: net('        return self.fc(F.alpha_dropout(x, 0.5))') },
    {
      name: 'a method of a module that forward() never calls',
      code: net('        return self.fc(x)', `\n    def noisy(self, x):\n        return F.dropout(x, 0.5)\n`),
    },
    {
      name: 'a static helper of the module (no self to read the mode from)',
      code: net('        return self.fc(Net.noise(x))', `\n    @staticmethod\n    def noise(x):\n        return F.dropout(x, 0.1)\n`).replace('return self.fc(Net.noise(x))', 'return self.fc(self.noise(x))'),
    },
    { name: 'a class that is not an nn.Module', code: `import torch.nn.functional as F\n\nclass Aug:\n    def forward(self, x):\n        return F.dropout(x, 0.1)\n` },
    { name: 'under `if self.training:`', code: net('        if self.training:\n            x = F.dropout(x, 0.1)\n        return self.fc(x)') },
    { name: 'a probability that is 0 in eval mode', code: net('        p = 0.1 if self.training else 0.0\n        return self.fc(F.dropout(x, p))') },
    {
      name: "set to 0 when not training and handed to a helper (PyTorch's and torchtext's attention code)",
      code: net(
        '        if not self.training:\n            dropout_p = 0.0\n        else:\n            dropout_p = 0.1\n        return self.fc(self.attend(x, dropout_p))',
        `\n    def attend(self, x, dropout_p: float = 0.0):\n        if dropout_p > 0.0:\n            x = F.dropout(x, p=dropout_p)\n        return x\n`,
      ),
    },
    { name: 'module form: an nn.Dropout built in __init__ and kept as an attribute (a submodule)', code: net('        return self.fc(self.drop(x))').replace('self.fc = nn.Linear(8, 2)', 'self.fc = nn.Linear(8, 2)\n        self.drop = nn.Dropout(p=0.5)') },
    { name: 'module form: built in forward() under `if self.training:`', code: net('        if self.training:\n            x = nn.Dropout(0.5)(x)\n        return self.fc(x)') },
    { name: 'module form: built in forward() with rate 0', code: net('        return self.fc(nn.Dropout(0.0)(x))') },
    { name: 'module form: built in forward() and switched by hand to the mode', code: net('        drop = nn.Dropout(0.5)\n        drop.train(self.training)\n        return self.fc(drop(x))') },
    { name: 'module form: built in a plain function, not a module', code: 'import torch.nn as nn\n\ndef noisy(x):\n    return nn.Dropout(0.1)(x)\n' },
    { name: 'module form: another layer built and called in forward() (not dropout)', code: net('        return self.fc(nn.ReLU()(x))') },
  ],
  invalid: [
    {
      name: "module form: nn.Dropout(p)(x) built in forward() (NGCF's message dropout), fixed to the functional form",
      code: net('        x = nn.Dropout(self.p)(x)\n        return self.fc(x)'),
      errors: [{ line: 10, text: 'nn.Dropout(self.p)(x)', message: 'is built in `forward()`' }],
      output: net('        x = nn.functional.dropout(x, self.p, training=self.training)\n        return self.fc(x)'),
    },
    {
      name: 'module form: torch.nn.Dropout2d with inplace given by position and by keyword',
      code: 'import torch\n\nclass Net(torch.nn.Module):\n    def forward(self, x):\n        x = torch.nn.Dropout2d(0.2, True)(x)\n        return torch.nn.Dropout2d(p=0.2, inplace=True)(x)\n',
      errors: [{ line: 5 }, { line: 6 }],
      output: 'import torch\n\nclass Net(torch.nn.Module):\n    def forward(self, x):\n        x = torch.nn.functional.dropout2d(x, 0.2, inplace=True, training=self.training)\n        return torch.nn.functional.dropout2d(x, p=0.2, inplace=True, training=self.training)\n',
    },
    {
      name: 'module form: kept in a variable of forward() and called twice (one finding, no fix), or imported by name (no fix)',
      code: net('        drop = nn.Dropout(0.5)\n        x = drop(x)\n        return self.fc(drop(x))', '\nfrom torch.nn import Dropout as D\n\nclass Other(nn.Module):\n    def forward(self, x):\n        return D(0.3)(x)\n'),
      errors: [{ line: 11, text: 'drop' }, { line: 18, text: 'D(0.3)(x)' }],
    },
    {
      name: 'module form: kept in a variable of the file and called in forward()',
      code: 'import torch.nn as nn\n\ndrop = nn.Dropout(0.5)\n\nclass Net(nn.Module):\n    def forward(self, x):\n        return drop(x)\n',
      errors: [{ line: 7, text: 'drop' }],
    },
    {
      name: 'guarded by a test that is not about the mode',
      code: net('        if self.fc.in_features > 4:\n            x = F.dropout(x, 0.1)\n        return self.fc(x)'),
      errors: [{ line: 11 }],
      output: net('        if self.fc.in_features > 4:\n            x = F.dropout(x, 0.1, training=self.training)\n        return self.fc(x)'),
    },
    {
      name: 'a helper handed a probability that does not follow the mode',
      code: net('        dropout_p = 0.1\n        return self.fc(self.attend(x, dropout_p))', `\n    def attend(self, x, dropout_p: float = 0.0):\n        if dropout_p > 0.0:\n            x = F.dropout(x, p=dropout_p)\n        return x\n`),
      errors: [{ line: 15 }],
      output: net('        dropout_p = 0.1\n        return self.fc(self.attend(x, dropout_p))', `\n    def attend(self, x, dropout_p: float = 0.0):\n        if dropout_p > 0.0:\n            x = F.dropout(x, p=dropout_p, training=self.training)\n        return x\n`),
    },
    {
      name: 'keyword p, no training',
      code: net('        x = F.dropout(x, p=0.5)\n        return self.fc(x)'),
      errors: [{ line: 10, text: 'F.dropout(x, p=0.5)', message: 'Pass `training=self.training`' }],
      output: net('        x = F.dropout(x, p=0.5, training=self.training)\n        return self.fc(x)'),
    },
    {
      name: 'dropout2d imported by name, in a helper forward() calls',
      code: `import torch.nn as nn\nfrom torch.nn.functional import dropout2d\n\nclass Block(nn.Module):\n    def forward(self, x):\n        return self._drop(x)\n\n    def _drop(self, x):\n        return dropout2d(x, 0.2)\n`,
      errors: [{ line: 9, text: 'dropout2d(x, 0.2)' }],
      output: `import torch.nn as nn\nfrom torch.nn.functional import dropout2d\n\nclass Block(nn.Module):\n    def forward(self, x):\n        return self._drop(x)\n\n    def _drop(self, x):\n        return dropout2d(x, 0.2, training=self.training)\n`,
    },
    {
      name: 'Lightning module, multi-line call with a trailing comma',
      code: `import lightning as L\nimport torch\n\nclass Lit(L.LightningModule):\n    def forward(me, x):\n        return torch.nn.functional.dropout(\n            x,\n            0.3,\n        )\n`,
      errors: [{ line: 6, message: 'training=me.training' }],
      output: `import lightning as L\nimport torch\n\nclass Lit(L.LightningModule):\n    def forward(me, x):\n        return torch.nn.functional.dropout(\n            x,\n            0.3,\n            training=me.training,\n        )\n`,
    },
    {
      name: 'a decorated forward (autocast) is still checked',
      code: `import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\nclass M(nn.Module):\n    @torch.autocast('cuda')\n    def forward(self, x):\n        return F.dropout(x, 0.5)\n`,
      errors: [{ line: 8 }],
      output: `import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\nclass M(nn.Module):\n    @torch.autocast('cuda')\n    def forward(self, x):\n        return F.dropout(x, 0.5, training=self.training)\n`,
    },
    {
      name: 'a subclass of a project module, no arguments but the input',
      code: `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Base(nn.Module):\n    pass\n\nclass Head(Base):\n    def forward(self, x):\n        return F.dropout(x)\n`,
      errors: [{ line: 9 }],
      output: `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Base(nn.Module):\n    pass\n\nclass Head(Base):\n    def forward(self, x):\n        return F.dropout(x, training=self.training)\n`,
    },
  ],
});

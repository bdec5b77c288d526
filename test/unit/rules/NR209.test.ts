import { ruleTester } from '../../support/rule-tester';

ruleTester('NR209', {
  valid: [
    { name: 'bias=False before BatchNorm', code: 'import torch.nn as nn\nb = nn.Sequential(nn.Conv2d(3, 8, 3, bias=False), nn.BatchNorm2d(8))\n' },
    { name: 'an activation between conv and BatchNorm', code: 'import torch.nn as nn\nb = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.BatchNorm2d(8))\n' },
    { name: 'explicit bias=True is a deliberate choice', code: 'import torch.nn as nn\nb = nn.Sequential(nn.Linear(3, 8, bias=True), nn.BatchNorm1d(8))\n' },
    { name: 'bias given positionally', code: 'import torch.nn as nn\nb = nn.Sequential(nn.Linear(3, 8, False), nn.BatchNorm1d(8))\n' },
    {
      name: 'forward(): ReLU between conv and bn',
      code: 'import torch.nn as nn\nimport torch.nn.functional as F\nclass B(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n        self.bn = nn.BatchNorm2d(8)\n    def forward(self, x):\n        x = F.relu(self.conv(x))\n        return self.bn(x)\n',
    },
    { name: 'a LayerNorm is not a BatchNorm', code: 'import torch.nn as nn\nb = nn.Sequential(nn.Linear(3, 8), nn.LayerNorm(8))\n' },
    {
      name: 'the conv layer is also used without BatchNorm elsewhere',
      code: 'import torch.nn as nn\nclass B(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n        self.bn = nn.BatchNorm2d(8)\n    def forward(self, x):\n        return self.bn(self.conv(x))\n    def raw(self, x):\n        return self.conv(x)\n',
    },
  ],
  invalid: [
    {
      name: 'Sequential, multi-line with trailing comma',
      code: 'import torch.nn as nn\nblock = nn.Sequential(\n    nn.Conv2d(3, 16, 3, padding=1),\n    nn.BatchNorm2d(16),\n)\n',
      errors: [{ line: 3, column: 5, text: 'nn.Conv2d(3, 16, 3, padding=1)', message: 'bias=False' }],
      output: 'import torch.nn as nn\nblock = nn.Sequential(\n    nn.Conv2d(3, 16, 3, padding=1, bias=False),\n    nn.BatchNorm2d(16),\n)\n',
    },
    {
      name: 'Linear + BatchNorm1d with from-import aliases',
      code: 'from torch.nn import Linear as L, BatchNorm1d, Sequential\nhead = Sequential(L(128, 64), BatchNorm1d(64))\n',
      errors: [{ text: 'L(128, 64)' }],
      output: 'from torch.nn import Linear as L, BatchNorm1d, Sequential\nhead = Sequential(L(128, 64, bias=False), BatchNorm1d(64))\n',
    },
    {
      name: 'forward(): conv then bn through a variable',
      code: 'import torch\nclass B(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv1 = torch.nn.Conv2d(\n            3, 8, kernel_size=3,\n        )\n        self.bn1 = torch.nn.BatchNorm2d(8)\n    def forward(self, x):\n        x = self.conv1(x)\n        x = self.bn1(x)\n        return x.relu()\n',
      errors: [{ line: 5 }],
      output: 'import torch\nclass B(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv1 = torch.nn.Conv2d(\n            3, 8, kernel_size=3,\n            bias=False,\n        )\n        self.bn1 = torch.nn.BatchNorm2d(8)\n    def forward(self, x):\n        x = self.conv1(x)\n        x = self.bn1(x)\n        return x.relu()\n',
    },
    {
      name: 'forward(): nested call self.bn(self.conv(x)), subclass of a project base class',
      code: 'import torch.nn as nn\nclass Base(nn.Module):\n    pass\nclass B(Base):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv1d(3, 8, 3)\n        self.bn = nn.BatchNorm1d(8)\n    def forward(self, x):\n        return self.bn(self.conv(x))\n',
      errors: [{ text: 'nn.Conv1d(3, 8, 3)' }],
      output: 'import torch.nn as nn\nclass Base(nn.Module):\n    pass\nclass B(Base):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv1d(3, 8, 3, bias=False)\n        self.bn = nn.BatchNorm1d(8)\n    def forward(self, x):\n        return self.bn(self.conv(x))\n',
    },
  ],
});

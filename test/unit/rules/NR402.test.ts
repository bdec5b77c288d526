import { ruleTester } from '../../support/rule-tester';

const h = `import torch.nn as nn\nimport torch.nn.functional as F\n\n`;

ruleTester('NR402', {
  valid: [
    { name: 'dropout after BatchNorm and the activation', code: `${h}b = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.5))\n` },
    { name: 'a layer between dropout and BatchNorm', code: `${h}b = nn.Sequential(nn.Dropout(0.2), nn.Linear(8, 8), nn.BatchNorm1d(8))\n` },
    { name: 'dropout at the end of a block, before the classifier', code: `${h}b = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.Dropout2d(0.1), nn.Flatten(), nn.LazyLinear(10))\n` },
    {
      name: 'forward(): the BatchNorm input is the linear output',
      code: `${h}class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 8)\n        self.bn = nn.BatchNorm1d(8)\n        self.drop = nn.Dropout(0.5)\n\n    def forward(self, x):\n        x = self.drop(x)\n        x = self.fc(x)\n        return self.bn(x)\n`,
    },
    { name: 'LayerNorm after dropout (no running statistics)', code: `${h}b = nn.Sequential(nn.Dropout(0.1), nn.LayerNorm(8))\n` },
  ],
  invalid: [
    {
      name: 'in a Sequential',
      code: `${h}block = nn.Sequential(\n    nn.Linear(256, 256),\n    nn.ReLU(),\n    nn.Dropout(0.5),\n    nn.BatchNorm1d(256),\n)\n`,
      errors: [{ line: 7, text: 'nn.Dropout(0.5)', message: 'variance shift' }],
    },
    {
      name: 'Dropout2d before BatchNorm2d in a Sequential',
      code: `${h}block = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Dropout2d(0.1), nn.BatchNorm2d(8))\n`,
      errors: [{ text: 'nn.Dropout2d(0.1)' }],
    },
    {
      name: 'forward(): the dropout module output goes into BatchNorm',
      code: `${h}class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.bn = nn.BatchNorm1d(8)\n        self.drop = nn.Dropout(0.5)\n\n    def forward(self, x):\n        x = self.drop(F.relu(x))\n        return self.bn(x)\n`,
      errors: [{ line: 11, text: 'self.drop(F.relu(x))' }],
    },
    {
      name: 'forward(): functional dropout nested in the BatchNorm call',
      code: `${h}class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.bn = nn.BatchNorm2d(8)\n\n    def forward(self, x):\n        return self.bn(F.dropout(x, 0.2, self.training))\n`,
      errors: [{ line: 10, text: 'F.dropout(x, 0.2, self.training)' }],
    },
  ],
});

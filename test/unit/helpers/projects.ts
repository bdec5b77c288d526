// Two-file PyTorch projects for the tests that follow a model across files: a model class whose forward() ends
// in `ret`, and a training script that imports it (`imp`) and trains `cls` with CrossEntropyLoss.

export const NET = (ret: string, cls = 'Net'): string =>
  `import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass ${cls}(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 3)\n\n    def forward(self, x):\n        ${ret}\n`;

export const TRAIN = (imp: string, cls = 'Net'): string =>
  `import torch\nimport torch.nn as nn\n${imp}\n\ntorch.manual_seed(0)\nmodel = ${cls}()\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n`;

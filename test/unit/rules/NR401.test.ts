import { ruleTester } from '../../support/rule-tester';

const h = `import torch.nn as nn\nimport torch.nn.functional as F\n\n`;
const net = (init: string, forward: string): string =>
  `${h}class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n${init
    .split('\n')
    .map((l) => '        ' + l)
    .join('\n')}\n\n    def forward(self, x):\n${forward
    .split('\n')
    .map((l) => '        ' + l)
    .join('\n')}\n`;

ruleTester('NR401', {
  valid: [
    {
      name: "a 2-D convolution whose kernel spans every series, its maps squeezed to 1-D sequences after the dropout (LSTNet, review 88)",
      code: 'import torch\n' + net(
        `self.conv1 = nn.Conv2d(1, 100, kernel_size=(6, 8))\nself.gru = nn.GRU(100, 100)\nself.dropout = nn.Dropout(p=0.2)\nself.linear = nn.Linear(100, 8)`,
        `c = x.view(-1, 1, 24, 8)\nc = F.relu(self.conv1(c))\nc = self.dropout(c)\nc = torch.squeeze(c, 3)\n_, r = self.gru(c.permute(2, 0, 1).contiguous())\nr = self.dropout(torch.squeeze(r, 0))\nreturn self.linear(r)`,
      ),
    },
    {
      name: 'the same 1-D maps squeezed by the tensor method on the last axis, straight off the dropout',
      code: 'import torch\n' + net(`self.conv1 = nn.Conv2d(1, 100, kernel_size=(6, 8))\nself.gru = nn.GRU(100, 100)\nself.dropout = nn.Dropout(p=0.2)\nself.linear = nn.Linear(100, 8)`, `c = F.relu(self.conv1(x.view(-1, 1, 24, 8)))\nreturn self.dropout(c).squeeze(-1).mean(2)`),
    },
    {
      name: "a dropout whose rate is a parameter defaulting to 0 that no call in the file sets (Social-STGCNN's st_gcn), and nn.Dropout(0.0)",
      code: "import torch.nn as nn\n\n\nclass st_gcn(nn.Module):\n    def __init__(self, in_channels, out_channels, dropout=0):\n        super(st_gcn, self).__init__()\n        self.tcn = nn.Sequential(\n            nn.BatchNorm2d(in_channels),\n            nn.PReLU(),\n            nn.Conv2d(in_channels, out_channels, (3, 1), (1, 1), (1, 0), bias=False),\n            nn.BatchNorm2d(out_channels),\n            nn.Dropout(dropout, inplace=True),\n        )\n\n    def forward(self, x):\n        return self.tcn(x)\n\n\nclass social_stgcnn(nn.Module):\n    def __init__(self, input_feat=2, output_feat=5):\n        super(social_stgcnn, self).__init__()\n        self.st_gcn = st_gcn(input_feat, output_feat)\n\n    def forward(self, v):\n        return self.st_gcn(v)\n\n\nfeatures = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Dropout(0.0))\n",
      stage: 4,
    },
    { name: 'Dropout2d on feature maps', code: `${h}f = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Dropout2d(0.2))\n` },
    { name: 'Dropout on the features of a Linear layer', code: `${h}head = nn.Sequential(nn.Flatten(), nn.Linear(512, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))\n` },
    { name: 'Dropout after Flatten', code: `${h}m = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Dropout(0.5))\n` },
    { name: 'Dropout after global pooling', code: `${h}m = nn.Sequential(nn.Conv2d(3, 8, 3), nn.AdaptiveAvgPool2d(1), nn.Dropout(0.2))\n` },
    { name: 'Dropout after a 1-D convolution (sequence features)', code: `${h}m = nn.Sequential(nn.Conv1d(64, 64, 3), nn.ReLU(), nn.Dropout(0.1))\n` },
    {
      name: 'forward(): dropout after flatten, as in the MNIST head',
      code: net(
        `self.conv = nn.Conv2d(1, 32, 3)\nself.fc = nn.Linear(5408, 10)\nself.drop = nn.Dropout(0.5)`,
        `x = F.relu(self.conv(x))\nx = x.flatten(1)\nx = self.drop(x)\nreturn self.fc(x)`,
      ),
    },
    { name: 'a dropout of unknown input', code: net(`self.drop = nn.Dropout(0.5)\nself.block = Block()`, `return self.drop(self.block(x))`) },
  ],
  invalid: [
    {
      name: 'hard negative: a squeeze of another tensor after the dropout (the maps themselves stay 2-D)',
      code: 'import torch\n' + net(
        `self.conv1 = nn.Conv2d(1, 100, kernel_size=(6, 8))\nself.gru = nn.GRU(100, 100)\nself.dropout = nn.Dropout(p=0.2)\nself.linear = nn.Linear(100, 8)`,
        `c = F.relu(self.conv1(x))\nc = self.dropout(c)\nh = torch.squeeze(x, 3)\nreturn c.mean((2, 3)) + h.sum()`,
      ),
      errors: [{ text: 'self.dropout(c)' }],
      output: 'import torch\n' + net(
        `self.conv1 = nn.Conv2d(1, 100, kernel_size=(6, 8))\nself.gru = nn.GRU(100, 100)\nself.dropout = nn.Dropout2d(p=0.2)\nself.linear = nn.Linear(100, 8)`,
        `c = F.relu(self.conv1(x))\nc = self.dropout(c)\nh = torch.squeeze(x, 3)\nreturn c.mean((2, 3)) + h.sum()`,
      ),
    },
    {
      name: 'hard negative: the channel axis squeezed, not a spatial one',
      code: 'import torch\n' + net(`self.conv1 = nn.Conv2d(1, 100, kernel_size=(6, 8))\nself.gru = nn.GRU(100, 100)\nself.dropout = nn.Dropout(p=0.2)\nself.linear = nn.Linear(100, 8)`, `c = F.relu(self.conv1(x))\nc = self.dropout(c)\nreturn c.squeeze(1)`),
      errors: [{ text: 'self.dropout(c)' }],
      output: 'import torch\n' + net(
        `self.conv1 = nn.Conv2d(1, 100, kernel_size=(6, 8))\nself.gru = nn.GRU(100, 100)\nself.dropout = nn.Dropout2d(p=0.2)\nself.linear = nn.Linear(100, 8)`,
        `c = F.relu(self.conv1(x))\nc = self.dropout(c)\nreturn c.squeeze(1)`,
      ),
    },
    {
      name: 'hard negative: the same layer, built with dropout=0.1 by a call in the file',
      code: "import torch.nn as nn\n\n\nclass st_gcn(nn.Module):\n    def __init__(self, in_channels, out_channels, dropout=0):\n        super(st_gcn, self).__init__()\n        self.tcn = nn.Sequential(\n            nn.BatchNorm2d(in_channels),\n            nn.PReLU(),\n            nn.Conv2d(in_channels, out_channels, (3, 1), (1, 1), (1, 0), bias=False),\n            nn.BatchNorm2d(out_channels),\n            nn.Dropout(dropout, inplace=True),\n        )\n\n    def forward(self, x):\n        return self.tcn(x)\n\n\nclass social_stgcnn(nn.Module):\n    def __init__(self, input_feat=2, output_feat=5):\n        super(social_stgcnn, self).__init__()\n        self.st_gcn = st_gcn(input_feat, output_feat, dropout=0.1)\n\n    def forward(self, v):\n        return self.st_gcn(v)\n",
      stage: 4,
      errors: [{ line: 12, text: 'nn.Dropout(dropout, inplace=True)' }],
      output: "import torch.nn as nn\n\n\nclass st_gcn(nn.Module):\n    def __init__(self, in_channels, out_channels, dropout=0):\n        super(st_gcn, self).__init__()\n        self.tcn = nn.Sequential(\n            nn.BatchNorm2d(in_channels),\n            nn.PReLU(),\n            nn.Conv2d(in_channels, out_channels, (3, 1), (1, 1), (1, 0), bias=False),\n            nn.BatchNorm2d(out_channels),\n            nn.Dropout2d(dropout, inplace=True),\n        )\n\n    def forward(self, x):\n        return self.tcn(x)\n\n\nclass social_stgcnn(nn.Module):\n    def __init__(self, input_feat=2, output_feat=5):\n        super(social_stgcnn, self).__init__()\n        self.st_gcn = st_gcn(input_feat, output_feat, dropout=0.1)\n\n    def forward(self, v):\n        return self.st_gcn(v)\n",
    },
    {
      name: 'in a Sequential, through ReLU and pooling',
      code: `${h}features = nn.Sequential(\n    nn.Conv2d(3, 32, 3),\n    nn.ReLU(),\n    nn.MaxPool2d(2),\n    nn.Dropout(0.25),\n)\n`,
      errors: [{ line: 8, text: 'nn.Dropout(0.25)', message: 'Use nn.Dropout2d' }],
      output: `${h}features = nn.Sequential(\n    nn.Conv2d(3, 32, 3),\n    nn.ReLU(),\n    nn.MaxPool2d(2),\n    nn.Dropout2d(0.25),\n)\n`,
    },
    {
      name: 'forward() as in the MNIST example: conv, relu, max_pool2d, dropout',
      code: net(
        `self.conv1 = nn.Conv2d(1, 32, 3, 1)\nself.conv2 = nn.Conv2d(32, 64, 3, 1)\nself.dropout1 = nn.Dropout(0.25)`,
        `x = self.conv1(x)\nx = F.relu(x)\nx = self.conv2(x)\nx = F.relu(x)\nx = F.max_pool2d(x, 2)\nx = self.dropout1(x)\nreturn x`,
      ),
      errors: [{ line: 17, text: 'self.dropout1(x)' }],
      output: net(
        `self.conv1 = nn.Conv2d(1, 32, 3, 1)\nself.conv2 = nn.Conv2d(32, 64, 3, 1)\nself.dropout1 = nn.Dropout2d(0.25)`,
        `x = self.conv1(x)\nx = F.relu(x)\nx = self.conv2(x)\nx = F.relu(x)\nx = F.max_pool2d(x, 2)\nx = self.dropout1(x)\nreturn x`,
      ),
    },
    {
      name: 'a 3-D conv, nested calls; the dropout module is reused, so no fix',
      code: net(
        `self.conv = nn.Conv3d(1, 8, 3)\nself.bn = nn.BatchNorm3d(8)\nself.drop = nn.Dropout(0.2)\nself.fc = nn.Linear(8, 2)`,
        `x = self.drop(F.relu(self.bn(self.conv(x))))\nx = x.mean((2, 3, 4))\nreturn self.fc(self.drop(x))`,
      ),
      errors: [{ line: 13, message: 'nn.Dropout3d' }],
    },
    {
      name: 'after a Sequential of convolutions',
      code: net(`self.features = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU())\nself.drop = nn.Dropout(0.1)`, `return self.drop(self.features(x))`),
      errors: [{ line: 11, text: 'self.drop(self.features(x))' }],
      output: net(`self.features = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU())\nself.drop = nn.Dropout2d(0.1)`, `return self.drop(self.features(x))`),
    },
  ],
});

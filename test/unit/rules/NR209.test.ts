import { ruleTester } from '../../support/rule-tester';

/** A decoder whose layers go into a list first, then `nn.Sequential(*layers)` (CenterNet, ESRGAN); `body` adds them. */
const listBuilt = (body: string): string =>
  `import torch.nn as nn\n\n\nclass Decoder(nn.Module):\n    def __init__(self, cin):\n        super().__init__()\n        layers = []\n        for plane in [256, 128, 64]:\n${body}            cin = plane\n        self.decoder = nn.Sequential(*layers)\n`;
/** torchvision's VGG `make_layers`: the conv in a variable, then `layers += [conv2d, nn.BatchNorm2d(v), …]`. */
const VGG = (conv: string): string =>
  `import torch.nn as nn\n\n\ndef make_layers(cfg, batch_norm=False):\n    layers = []\n    in_channels = 3\n    for v in cfg:\n        if v == "M":\n            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]\n        else:\n            conv2d = ${conv}\n            if batch_norm:\n                layers += [conv2d, nn.BatchNorm2d(v), nn.ReLU(inplace=True)]\n            else:\n                layers += [conv2d, nn.ReLU(inplace=True)]\n            in_channels = v\n    return nn.Sequential(*layers)\n`;

/** A model whose forward() hands the input to a method of its own that applies conv then BatchNorm. */
const HELPER = (conv: string, call = 'x = self._forward_features(x)'): string =>
  `import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        ${conv}\n        self.bn = nn.BatchNorm2d(64)\n\n    def _forward_features(self, x):\n        return self.bn(self.conv(x))\n\n    def forward(self, x):\n        ${call}\n        return x\n`;

/** DANN's networks: an empty `nn.Sequential()` filled with `add_module`; `lines` are the calls. */
const DANN = (lines: string): string =>
  `import torch.nn as nn\n\n\nclass CNNModel(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.feature = nn.Sequential()\n${lines}`;

/** The same builder with BatchNorm always on: the conv in a variable, then `layers += [conv2d, nn.BatchNorm2d(v), …]`. */
const VGG_BN = (conv: string): string =>
  `import torch.nn as nn\n\n\ndef make_layers(cfg):\n    layers = []\n    in_channels = 3\n    for v in cfg:\n        if v == "M":\n            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]\n        else:\n            conv2d = ${conv}\n            layers += [conv2d, nn.BatchNorm2d(v), nn.ReLU(inplace=True)]\n            in_channels = v\n    return nn.Sequential(*layers)\n`;
/** A builder whose branches each build their own conv (`batch_norm` picks which). */
const VGG_OWN = (conv: string): string =>
  `import torch.nn as nn\n\n\ndef make_layers(cfg, batch_norm=False):\n    layers = []\n    in_channels = 3\n    for v in cfg:\n        if batch_norm:\n            layers += [nn.MaxPool2d(2)]\n            layers += [${conv}, nn.BatchNorm2d(v), nn.ReLU(inplace=True)]\n        else:\n            layers += [nn.Conv2d(in_channels, v, 3, padding=1), nn.ReLU(inplace=True)]\n        in_channels = v\n    return nn.Sequential(*layers)\n`;

/** Parallel lists of convs and BatchNorms zipped in forward() (`convs` and `bns` are the two lists, `apply` the body). */
const ZIPPED = (convs: string, bns: string, apply = 'x = bn(conv(x)).relu()', extra = ''): string =>
  `import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self, chans):\n        super().__init__()\n        self.convs = nn.ModuleList(${convs})\n        self.bns = nn.ModuleList(${bns})\n\n    def forward(self, x):\n        for conv, bn in zip(self.convs, self.bns):\n            ${apply}\n        return x\n${extra}`;
/** A project's subclass of BatchNorm2d after a conv in nn.Sequential; `forward` is the subclass's own, if any. */
const SUBCLASS = (forward: string, bias = ''): string =>
  `import torch.nn as nn\n\n\nclass MyBN(nn.BatchNorm2d):\n    def __init__(self, c):\n        super().__init__(c, momentum=0.01)\n${forward}\n\nblock = nn.Sequential(nn.Conv2d(3, 16, 3${bias}), MyBN(16), nn.ReLU())\n`;

ruleTester('NR209', {
  valid: [
    {
      name: "torchvision's VGG make_layers: one conv object, BatchNorm after it if batch_norm, ReLU after it otherwise (FCN-pytorch loads vgg16's weights; review 90)",
      code: VGG('nn.Conv2d(in_channels, v, kernel_size=3, padding=1)'),
    },
    { name: 'a layer built into a variable without a bias, then put before BatchNorm in an nn.Sequential', code: 'from torch import nn\n\n\nclass TransitionBlock(nn.Module):\n    def __init__(self, c):\n        super().__init__()\n        conv = nn.Conv2d(c, c, kernel_size=(3, 1), groups=c, padding=(1, 0), bias=False)\n        self.f2 = nn.Sequential(nn.ReLU(), conv, nn.BatchNorm2d(c))\n' },
    {
      name: 'hard negative: add_module with an activation between the layer and the BatchNorm, and a BatchNorm added under an if',
      code: DANN(`        self.feature.add_module('f_conv1', nn.Conv2d(3, 64, kernel_size=5))\n        self.feature.add_module('f_relu1', nn.ReLU(True))\n        self.feature.add_module('f_bn1', nn.BatchNorm2d(64))\n        self.feature.add_module('f_conv2', nn.Conv2d(64, 50, kernel_size=5))\n        if use_bn:\n            self.feature.add_module('f_bn2', nn.BatchNorm2d(50))\n`),
    },
    {
      name: 'hard negative: add_module on two different Sequentials, and on a module that is not a Sequential',
      code: DANN(`        self.other = nn.Sequential()\n        self.feature.add_module('f_conv1', nn.Conv2d(3, 64, kernel_size=5))\n        self.other.add_module('o_bn1', nn.BatchNorm2d(64))\n        self.block = Block()\n        self.block.add_module('conv', nn.Conv2d(3, 64, 3))\n        self.block.add_module('bn', nn.BatchNorm2d(64))\n`),
    },
    { name: 'hard negative: the helper method is not what forward() calls', code: HELPER('self.conv = nn.Conv2d(3, 64, kernel_size=7, padding=3)', 'x = self.conv(x)') },
    { name: 'hard negative: BatchNorm appended only under a flag (what comes between is not known)', code: listBuilt('            layers.append(nn.Conv2d(cin, plane, 3))\n            if use_bn:\n                layers.append(nn.BatchNorm2d(plane))\n') },
    { name: 'hard negative: an activation appended between conv and BatchNorm', code: listBuilt('            layers.append(nn.Conv2d(cin, plane, 3))\n            layers.append(nn.ReLU())\n            layers.append(nn.BatchNorm2d(plane))\n') },
    { name: 'hard negative: the conv appended without a bias', code: listBuilt('            layers.append(nn.Conv2d(cin, plane, 3, bias=False))\n            layers.append(nn.BatchNorm2d(plane))\n') },
    { name: 'hard negative: BatchNorm appended to another list', code: listBuilt('            layers.append(nn.Conv2d(cin, plane, 3))\n            norms.append(nn.BatchNorm2d(plane))\n') },
    { name: 'hard negative: VGG without BatchNorm', code: VGG('nn.Conv2d(in_channels, v, kernel_size=3, padding=1)').replace('                layers += [conv2d, nn.BatchNorm2d(v), nn.ReLU(inplace=True)]\n', '                layers += [conv2d, nn.GroupNorm(8, v), nn.ReLU(inplace=True)]\n') },
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
    { name: "hard negative: a BatchNorm subclass whose forward does not normalise", code: SUBCLASS('\n    def forward(self, x):\n        return x * self.weight[None, :, None, None]\n') },
    { name: 'hard negative: the subclass after a conv without bias', code: SUBCLASS('', ', bias=False') },
    { name: 'hard negative: zipped lists with an activation between the conv and the BatchNorm', code: ZIPPED('[nn.Conv2d(3, 8, 3), nn.Conv2d(8, 8, 3)]', '[nn.BatchNorm2d(8), nn.BatchNorm2d(8)]', 'x = bn(conv(x).relu())') },
    { name: 'hard negative: zipped lists where one conv has no bias', code: ZIPPED('[nn.Conv2d(3, 8, 3), nn.Conv2d(8, 8, 3, bias=False)]', '[nn.BatchNorm2d(8), nn.BatchNorm2d(8)]') },
    { name: 'hard negative: the conv list also used without its BatchNorms elsewhere', code: ZIPPED('[nn.Conv2d(3, 8, 3)]', '[nn.BatchNorm2d(8)]', 'x = bn(conv(x))', '\n    def features(self, x):\n        return [c(x) for c in self.convs]\n') },
    { name: 'hard negative: zipped with a list of other norms', code: ZIPPED('[nn.Conv2d(3, 8, 3)]', '[nn.GroupNorm(2, 8)]') },
  ],
  invalid: [
    {
      name: 'a subclass of BatchNorm2d of the project (a momentum of its own) normalises like BatchNorm2d',
      code: SUBCLASS(''),
      errors: [{ line: 9, text: 'nn.Conv2d(3, 16, 3)' }],
      output: SUBCLASS('', ', bias=False'),
    },
    {
      name: 'parallel ModuleLists of convs and BatchNorms zipped in forward(): each conv of the list',
      code: ZIPPED('[nn.Conv2d(3, 8, 3), nn.Conv2d(8, 8, 3)]', '[nn.BatchNorm2d(8), nn.BatchNorm2d(8)]'),
      errors: [{ line: 7, text: 'nn.Conv2d(3, 8, 3)', relatedLines: [12] }, { line: 7, text: 'nn.Conv2d(8, 8, 3)' }],
      output: ZIPPED('[nn.Conv2d(3, 8, 3, bias=False), nn.Conv2d(8, 8, 3, bias=False)]', '[nn.BatchNorm2d(8), nn.BatchNorm2d(8)]'),
    },
    {
      name: 'the lists built by comprehensions, the conv applied on a line of its own',
      code: ZIPPED('[nn.Conv2d(c, c, 3, padding=1) for c in chans]', '[nn.BatchNorm2d(c) for c in chans]', 'x = conv(x)\n            x = bn(x)'),
      errors: [{ line: 7, text: 'nn.Conv2d(c, c, 3, padding=1)' }],
      output: ZIPPED('[nn.Conv2d(c, c, 3, padding=1, bias=False) for c in chans]', '[nn.BatchNorm2d(c) for c in chans]', 'x = conv(x)\n            x = bn(x)'),
    },
    {
      name: 'a layer built into a variable first, then put before BatchNorm in an nn.Sequential (BC-ResNet)',
      code: 'from torch import nn\n\n\nclass TransitionBlock(nn.Module):\n    def __init__(self, c):\n        super().__init__()\n        conv = nn.Conv2d(c, c, kernel_size=(3, 1), groups=c, padding=(1, 0))\n        self.f2 = nn.Sequential(nn.ReLU(), conv, nn.BatchNorm2d(c))\n',
      errors: [{ line: 7, text: 'nn.Conv2d(c, c, kernel_size=(3, 1), groups=c, padding=(1, 0))' }],
      output: 'from torch import nn\n\n\nclass TransitionBlock(nn.Module):\n    def __init__(self, c):\n        super().__init__()\n        conv = nn.Conv2d(c, c, kernel_size=(3, 1), groups=c, padding=(1, 0), bias=False)\n        self.f2 = nn.Sequential(nn.ReLU(), conv, nn.BatchNorm2d(c))\n',
    },
    {
      name: "layers added to an nn.Sequential with add_module, the BatchNorm right after the conv (DANN's CNNModel)",
      code: DANN(`        self.feature.add_module('f_conv1', nn.Conv2d(3, 64, kernel_size=5))\n        self.feature.add_module('f_bn1', nn.BatchNorm2d(64))\n        self.feature.add_module('f_pool1', nn.MaxPool2d(2))\n`),
      errors: [{ line: 8, text: 'nn.Conv2d(3, 64, kernel_size=5)', message: 'has a bias' }],
      output: DANN(`        self.feature.add_module('f_conv1', nn.Conv2d(3, 64, kernel_size=5, bias=False))\n        self.feature.add_module('f_bn1', nn.BatchNorm2d(64))\n        self.feature.add_module('f_pool1', nn.MaxPool2d(2))\n`),
    },
    {
      name: 'conv then BatchNorm in a method forward() calls (`x = self._forward_features(x)`)',
      code: HELPER('self.conv = nn.Conv2d(3, 64, kernel_size=7, padding=3)'),
      errors: [{ line: 7, text: 'nn.Conv2d(3, 64, kernel_size=7, padding=3)' }],
      output: HELPER('self.conv = nn.Conv2d(3, 64, kernel_size=7, padding=3, bias=False)'),
    },
    {
      name: 'layers appended to a list one after the other, then nn.Sequential(*layers) (CenterNet)',
      code: listBuilt('            layers.append(nn.ConvTranspose2d(cin, plane, 4, 2, 1))\n            layers.append(nn.BatchNorm2d(plane))\n            layers.append(nn.ReLU(inplace=True))\n'),
      errors: [{ line: 9, text: 'nn.ConvTranspose2d(cin, plane, 4, 2, 1)', message: 'ConvTranspose2d has a bias' }],
      output: listBuilt('            layers.append(nn.ConvTranspose2d(cin, plane, 4, 2, 1, bias=False))\n            layers.append(nn.BatchNorm2d(plane))\n            layers.append(nn.ReLU(inplace=True))\n'),
    },
    {
      name: 'the conv through a variable, BatchNorm right after it in `layers += […]`, with no branch without BatchNorm',
      code: VGG_BN('nn.Conv2d(in_channels, v, kernel_size=3, padding=1)'),
      errors: [{ line: 11, text: 'nn.Conv2d(in_channels, v, kernel_size=3, padding=1)' }],
      output: VGG_BN('nn.Conv2d(in_channels, v, kernel_size=3, padding=1, bias=False)'),
    },
    {
      name: 'hard negative: the branches of make_layers each build a conv of their own: the one BatchNorm follows is reported',
      code: VGG_OWN('nn.Conv2d(in_channels, v, kernel_size=3, padding=1)'),
      errors: [{ line: 10, text: 'nn.Conv2d(in_channels, v, kernel_size=3, padding=1)' }],
      output: VGG_OWN('nn.Conv2d(in_channels, v, kernel_size=3, padding=1, bias=False)'),
    },
    {
      name: '`layers.extend([…])` and an append after it',
      code: listBuilt('            layers.extend([nn.ReLU(), nn.Conv2d(cin, plane, 3)])\n            layers.append(nn.BatchNorm2d(plane))\n'),
      errors: [{ line: 9, text: 'nn.Conv2d(cin, plane, 3)' }],
      output: listBuilt('            layers.extend([nn.ReLU(), nn.Conv2d(cin, plane, 3, bias=False)])\n            layers.append(nn.BatchNorm2d(plane))\n'),
    },
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

import { strict as assert } from 'assert';
import { analyzeCase, ruleTester } from '../../support/rule-tester';
import { lineOf, notebook } from '../helpers/projects';

const NET =
  'import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n        self.drop = nn.Dropout(0.5)\n\n    def forward(self, x):\n        return self.fc(self.drop(x))\n\n';
/** A classifier of the project holding the backbone it is handed (`init` is its `__init__` body's first line). */
const HOLDER = (backbone: string, init = 'self.backbone = backbone'): string =>
  `import torch\nimport torchvision\nfrom torch import nn\n\n\nclass Classifier(nn.Module):\n    def __init__(self, backbone, num_classes):\n        super().__init__()\n        ${init}\n        self.head = nn.Linear(512, num_classes)\n\n    def forward(self, x):\n        return self.head(x)\n\n\nbackbone = ${backbone}\nmodel = Classifier(backbone, 10)\nwith torch.no_grad():\n    for x, y in val_loader:\n        correct += (model(x).argmax(1) == y).sum().item()\n`;
const TRAIN =
  'def train(model, loader, opt):\n    model.train()\n    for x, y in loader:\n        opt.zero_grad()\n        loss = nn.functional.cross_entropy(model(x), y)\n        loss.backward()\n        opt.step()\n\n';
const EVALUATE = 'def evaluate(model, loader):\n    correct = 0\n    with torch.no_grad():\n        for x, y in loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\n';
const EVALUATE_FIXED = 'def evaluate(model, loader):\n    model.eval()\n    correct = 0\n    with torch.no_grad():\n        for x, y in loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\n';
const SETUP = 'model = Net()\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n';
/** A training function that hands the model back; `end` is its last lines before the return (skorch's benchmark). */
const fitReturning = (end: string, ret = 'return model'): string =>
  `def fit(model, loader, opt):\n    for epoch in range(10):\n        model.train()\n        for x, y in loader:\n            opt.zero_grad()\n            nn.functional.cross_entropy(model(x), y).backward()\n            opt.step()\n${end}    ${ret}\n\n`;
const PREDICT = 'with torch.no_grad():\n    pred = model(x_test).argmax(1)\n';
/** conformal_classification's `get_model()`: a factory that builds the model; `end` is what it does before returning it. */
const factory = (end: string): string => NET + `def get_model():\n    model = Net()\n    model.load_state_dict(torch.load("net.pt"))\n${end}    return model\n\n\nmodel = get_model()\n` + PREDICT;

/** A solver that picks its architecture in branches (LeeJunHyun/Image_Segmentation's build_model, review 90); `before` precedes its validation. */
const SOLVER = (before: string): string =>
  `import torch\nfrom torch import nn, optim\n\n\nclass U_Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 1, 1))\n\n    def forward(self, x):\n        return self.conv(x)\n\n\nclass R2U_Net(U_Net):\n    pass\n\n\nclass Solver(object):\n    def __init__(self, config, train_loader, valid_loader):\n        self.train_loader = train_loader\n        self.valid_loader = valid_loader\n        if config.model_type == 'U_Net':\n            self.unet = U_Net()\n        else:\n            self.unet = R2U_Net()\n        self.optimizer = optim.Adam(self.unet.parameters(), 1e-4)\n\n    def train(self):\n        for epoch in range(10):\n            self.unet.train()\n            for images, GT in self.train_loader:\n                loss = nn.functional.binary_cross_entropy_with_logits(self.unet(images), GT)\n                self.optimizer.zero_grad()\n                loss.backward()\n                self.optimizer.step()\n${before}            with torch.no_grad():\n                for images, GT in self.valid_loader:\n                    print((self.unet(images) > 0).float().mean().item())\n`;

ruleTester('NR205', {
  valid: [
    {
      name: "batch norm declared but never used in forward (PDEBench's FNO3d `self.bn0 … self.bn3`; review 148)",
      code: 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\ntorch.manual_seed(0)\n\n\nclass FNOBlock(nn.Module):\n    def __init__(self, width):\n        super().__init__()\n        self.w0 = nn.Conv1d(width, width, 1)\n        self.bn0 = nn.BatchNorm1d(width)\n\n    def forward(self, x):\n        x = self.w0(x)\n        x = F.gelu(x)\n        return x\n\n\nmodel = FNOBlock(16)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntrain_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(64, 16, 32), torch.rand(64, 16, 32)), batch_size=8, shuffle=True)\nval_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(16, 16, 32), torch.rand(16, 16, 32)), batch_size=8)\n\nfor ep in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = F.mse_loss(model(x), y)\n        loss.backward()\n        optimizer.step()\n    val = 0.0\n    with torch.no_grad():\n        for x, y in val_loader:\n            val += F.mse_loss(model(x), y).item()\n    print(ep, val)\n',
    },
    {
      name: 'hard negative: the training step runs its forward pass through a function named for prediction, inside the epoch loop (training, not an evaluation in training mode)',
      code: 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 2))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n\ndef predict(net, x):\n    return net(x)\n\n\nfor epoch in range(10):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(predict(model, x), y).backward()\n        optimizer.step()\n',
    },
    { name: 'hard negative: a model picked in branches, switched to eval mode before its validation', code: SOLVER('            self.unet.eval()\n') },
    { name: "a factory of the file that calls model.eval() before it returns the model (conformal_classification's get_model)", code: factory('    model.eval()\n    model = torch.nn.DataParallel(model)\n') },
    { name: 'a factory that calls model.eval() on one path only (`if frozen:`): either mode may come back, nothing is said', code: factory('    if frozen:\n        model.eval()\n') },
    {
      name: "rebound from a training function that returns the model after evaluating it in eval mode (model = fit(model, …), skorch's benchmark)",
      code: NET + fitReturning('        model.eval()\n        with torch.no_grad():\n            val = sum(model(x).sum() for x, _ in val_loader)\n') + SETUP + 'model = fit(model, train_loader, opt)\n' + PREDICT,
    },
    {
      name: 'rebound from a function that calls model.eval() before returning it, also unpacked from a tuple (model, history = fit(…))',
      code: NET + fitReturning('    model.eval()\n', 'return model, [1.0]') + SETUP + 'model, history = fit(model, train_loader, opt)\n' + PREDICT,
    },
    {
      name: 'an epoch loop over range(1, n_epoch + 1) with constants runs: the evaluation it ends with leaves eval mode for predict() (torchaudio tutorial)',
      code: NET + 'model = Net()\n\n\ndef test(model):\n    model.eval()\n    for x, y in test_loader:\n        pass\n\n\nn_epoch = 2\nfor epoch in range(1, n_epoch + 1):\n    model.train()\n    test(model)\n\n\ndef predict(x):\n    return model(x)\n\n\nprint(predict(x))\n',
    },
    {
      name: 'Monte Carlo dropout: the same input through the model 50 times, the passes averaged',
      code: NET + 'net = Net()\nnet.load_state_dict(torch.load(\'model.pt\'))\npredictions = []\nfor i in range(50):\n    predictions.append(net(x_test))\nprediction = torch.mean(torch.stack(predictions), dim=0)\n',
    },
    {
      name: 'every epoch of a loop that runs (range of a positive count) ends in eval mode: the test after it is in eval mode',
      code: NET + SETUP + 'EPOCHS = 5\nfor epoch in range(EPOCHS):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    model.eval()\n    with torch.no_grad():\n        for x, y in val_loader:\n            val = (model(x).argmax(1) == y).float().mean()\n\nwith torch.no_grad():\n    for x, y in test_loader:\n        correct = (model(x).argmax(1) == y).sum()\n',
    },
    { name: 'hard negative: a notebook of 60 cells, each building its own model and calling model.eval() before evaluating', code: notebook(60) },
    { name: 'model.eval() inside the evaluation function', code: NET + TRAIN + EVALUATE_FIXED + SETUP + 'for epoch in range(3):\n    train(model, train_loader, opt)\n    evaluate(model, val_loader)\n' },
    {
      name: 'model.eval() in the caller before evaluate(model, loader)',
      code: NET + TRAIN + EVALUATE + SETUP + 'for epoch in range(3):\n    train(model, train_loader, opt)\n    model.eval()\n    evaluate(model, val_loader)\n',
    },
    {
      name: 'model.train(False) and model.train(mode=False)',
      code: NET + TRAIN + SETUP + 'for epoch in range(3):\n    train(model, train_loader, opt)\n    model.train(False)\n    with torch.no_grad():\n        acc = [(model(x).argmax(1) == y).float().mean() for x, y in val_loader]\n    model.train(mode=False)\n    with torch.no_grad():\n        acc = [(model(x).argmax(1) == y).float().mean() for x, y in test_loader]\n',
    },
    { name: 'inference_mode after eval()', code: NET + SETUP + 'model.load_state_dict(torch.load("ckpt.pt"))\nmodel.eval()\nwith torch.inference_mode():\n    preds = model(x).argmax(1)\n' },
    {
      name: 'hard negative: model without dropout or batch norm (mode does not matter)',
      code: 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))\n\ndef evaluate(model, loader):\n    with torch.no_grad():\n        return sum((model(x).argmax(1) == y).sum() for x, y in loader)\n\nevaluate(model, val_loader)\n',
    },
    {
      name: 'hard negative: Lightning validation_step (the Trainer switches to eval mode)',
      code: 'import torch\nimport lightning as L\nfrom torch import nn\n\nclass Lit(L.LightningModule):\n    def __init__(self):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.1))\n\n    def validation_step(self, batch, batch_idx):\n        x, y = batch\n        with torch.no_grad():\n            loss = nn.functional.cross_entropy(self.net(x), y)\n        self.log("val_loss", loss)\n',
    },
    {
      name: 'hard negative: Hugging Face from_pretrained returns the model in eval mode',
      code: 'import torch\nfrom transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\n\ndef evaluate(model, loader):\n    with torch.no_grad():\n        for batch in loader:\n            preds = model(**batch).logits.argmax(-1)\n\nevaluate(model, eval_loader)\n',
    },
    {
      name: 'hard negative: Monte Carlo dropout (explicit train() right before the no-grad predictions)',
      code: NET + SETUP + 'model.load_state_dict(torch.load("ckpt.pt"))\nmodel.train()  # keep dropout on\nwith torch.no_grad():\n    samples = torch.stack([model(x).softmax(-1) for _ in range(20)])\n    preds = samples.mean(0).argmax(-1)\n',
    },
    {
      name: 'hard negative: no_grad forward inside the training step (target network, teacher)',
      code: NET + 'policy = Net()\ntarget = Net()\nopt = torch.optim.Adam(policy.parameters())\nfor x, y in loader:\n    with torch.no_grad():\n        t = target(x).argmax(1)\n    loss = nn.functional.cross_entropy(policy(x), t)\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n',
    },
    {
      name: 'hard negative: sampling a generator under no_grad is not an evaluation',
      code: NET + TRAIN + 'netG = Net()\nopt = torch.optim.Adam(netG.parameters())\ntrain(netG, loader, opt)\nwith torch.no_grad():\n    fake = netG(fixed_noise)\nsave_image(fake, "samples.png")\n',
    },
    {
      name: 'hard negative: a forward right after resuming from a checkpoint, before training goes on',
      code: NET + TRAIN + SETUP + 'model.load_state_dict(torch.load("last.pt"))\nprint(model(torch.zeros(2, 4)).argmax(1))  # sanity check\nfor epoch in range(3):\n    train(model, train_loader, opt)\n',
    },
    {
      name: 'unknown: evaluate() is never called in this file (the caller may switch modes)',
      code: NET + EVALUATE,
    },
    {
      name: 'unknown: the model went to code we cannot see before the evaluation',
      code: NET + EVALUATE + SETUP + 'trainer = Trainer(model)\ntrainer.fit()\nevaluate(model, val_loader)\n',
    },
    {
      name: 'pytest test functions are not evaluations',
      path: 'tests/test_model.py',
      code: NET + 'def test_forward_shape():\n    model = Net()\n    with torch.no_grad():\n        assert model(torch.zeros(2, 4)).argmax(1).shape == (2,)\n',
    },
    {
      name: 'a shape check at the bottom of a model file: a fresh model run once in test() (kuangliu/pytorch-cifar)',
      code: NET + 'def test():\n    net = Net()\n    y = net(torch.randn(1, 4))\n    print(y.size())\n',
    },
    { name: 'hard negative: the held backbone has no mode-dependent layers (a torchvision ViT)', code: HOLDER('torchvision.models.vit_b_16()') },
    { name: 'hard negative: the class does not keep what it is handed', code: HOLDER('torchvision.models.resnet18()', 'self.n = num_classes') },
  ],
  invalid: [
    {
      name: 'hard negative: the same batch norm used in forward',
      code: 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\ntorch.manual_seed(0)\n\n\nclass FNOBlock(nn.Module):\n    def __init__(self, width):\n        super().__init__()\n        self.w0 = nn.Conv1d(width, width, 1)\n        self.bn0 = nn.BatchNorm1d(width)\n\n    def forward(self, x):\n        x = self.w0(x)\n        x = F.gelu(self.bn0(x))\n        return x\n\n\nmodel = FNOBlock(16)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntrain_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(64, 16, 32), torch.rand(64, 16, 32)), batch_size=8, shuffle=True)\nval_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(16, 16, 32), torch.rand(16, 16, 32)), batch_size=8)\n\nfor ep in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = F.mse_loss(model(x), y)\n        loss.backward()\n        optimizer.step()\n    val = 0.0\n    with torch.no_grad():\n        for x, y in val_loader:\n            val += F.mse_loss(model(x), y).item()\n    print(ep, val)\n',
      errors: [{ line: 35, text: 'model(x)' }],
      output: 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\ntorch.manual_seed(0)\n\n\nclass FNOBlock(nn.Module):\n    def __init__(self, width):\n        super().__init__()\n        self.w0 = nn.Conv1d(width, width, 1)\n        self.bn0 = nn.BatchNorm1d(width)\n\n    def forward(self, x):\n        x = self.w0(x)\n        x = F.gelu(self.bn0(x))\n        return x\n\n\nmodel = FNOBlock(16)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntrain_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(64, 16, 32), torch.rand(64, 16, 32)), batch_size=8, shuffle=True)\nval_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(16, 16, 32), torch.rand(16, 16, 32)), batch_size=8)\n\nfor ep in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = F.mse_loss(model(x), y)\n        loss.backward()\n        optimizer.step()\n    val = 0.0\n    model.eval()\n    with torch.no_grad():\n        for x, y in val_loader:\n            val += F.mse_loss(model(x), y).item()\n    print(ep, val)\n',
    },
    {
      name: "hard negative: the base class's batch norm used by a subclass's forward",
      code: 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\ntorch.manual_seed(0)\n\n\nclass Base(nn.Module):\n    def __init__(self, width):\n        super().__init__()\n        self.w0 = nn.Conv1d(width, width, 1)\n        self.bn0 = nn.BatchNorm1d(width)\n\n\n\nclass FNOBlock(Base):\n    def forward(self, x):\n        return F.gelu(self.bn0(self.w0(x)))\n\n\nmodel = FNOBlock(16)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntrain_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(64, 16, 32), torch.rand(64, 16, 32)), batch_size=8, shuffle=True)\nval_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(16, 16, 32), torch.rand(16, 16, 32)), batch_size=8)\n\nfor ep in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = F.mse_loss(model(x), y)\n        loss.backward()\n        optimizer.step()\n    val = 0.0\n    with torch.no_grad():\n        for x, y in val_loader:\n            val += F.mse_loss(model(x), y).item()\n    print(ep, val)\n',
      errors: [{ text: 'model(x)' }],
      output: 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\ntorch.manual_seed(0)\n\n\nclass Base(nn.Module):\n    def __init__(self, width):\n        super().__init__()\n        self.w0 = nn.Conv1d(width, width, 1)\n        self.bn0 = nn.BatchNorm1d(width)\n\n\n\nclass FNOBlock(Base):\n    def forward(self, x):\n        return F.gelu(self.bn0(self.w0(x)))\n\n\nmodel = FNOBlock(16)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntrain_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(64, 16, 32), torch.rand(64, 16, 32)), batch_size=8, shuffle=True)\nval_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.rand(16, 16, 32), torch.rand(16, 16, 32)), batch_size=8)\n\nfor ep in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = F.mse_loss(model(x), y)\n        loss.backward()\n        optimizer.step()\n    val = 0.0\n    model.eval()\n    with torch.no_grad():\n        for x, y in val_loader:\n            val += F.mse_loss(model(x), y).item()\n    print(ep, val)\n',
    },
    {
      name: 'a classifier of the project holding the ResNet it is handed (`self.backbone = backbone`) has its batch norm',
      code: HOLDER('torchvision.models.resnet18(weights=None)'),
      errors: [{ line: 20, text: 'model(x)' }],
      output: HOLDER('torchvision.models.resnet18(weights=None)').replace('model = Classifier(backbone, 10)\n', 'model = Classifier(backbone, 10)\nmodel.eval()\n'),
    },
    {
      name: 'a model attribute built in if/else branches (U_Net or R2U_Net), validated in training mode (review 90)',
      code: SOLVER(''),
      errors: [{ line: 38, text: 'self.unet(images)' }],
      output: SOLVER('            self.unet.eval()\n'),
    },
    {
      name: 'hard negative: a factory that calls model.eval() and then model.train() before it returns the model',
      code: factory('    model.eval()\n    model.train()\n'),
      errors: [{ text: 'model(x_test)' }],
      output: factory('    model.eval()\n    model.train()\n').replace(PREDICT, 'model.eval()\n' + PREDICT),
    },
    {
      name: 'hard negative: rebound from a training function that returns the model still in training mode',
      code: NET + fitReturning('') + SETUP + 'model = fit(model, train_loader, opt)\n' + PREDICT,
      errors: [{ text: 'model(x_test)' }],
      output: NET + fitReturning('') + SETUP + 'model = fit(model, train_loader, opt)\n' + 'model.eval()\n' + PREDICT,
    },
    {
      name: 'hard negative: rebound from a function that evaluates the model it is given but returns a new one',
      code: NET + fitReturning('    model.eval()\n', 'return Net()') + SETUP + 'model = fit(model, train_loader, opt)\n' + PREDICT,
      errors: [{ text: 'model(x_test)' }],
      output: NET + fitReturning('    model.eval()\n', 'return Net()') + SETUP + 'model = fit(model, train_loader, opt)\n' + 'model.eval()\n' + PREDICT,
    },
    {
      name: 'hard negative: rebound from a function that returns the model on one path only',
      code: NET + fitReturning('    model.eval()\n    if loader is None:\n        return Net()\n') + SETUP + 'model = fit(model, train_loader, opt)\n' + PREDICT,
      errors: [{ text: 'model(x_test)' }],
      output: NET + fitReturning('    model.eval()\n    if loader is None:\n        return Net()\n') + SETUP + 'model = fit(model, train_loader, opt)\n' + 'model.eval()\n' + PREDICT,
    },
    {
      name: 'an evaluation inside an epoch loop that trains and never calls model.train() (pix2pix): reported with no fix, since eval() there would leave the next epochs training in eval mode',
      code: NET + SETUP + 'for epoch in range(3):\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    with torch.no_grad():\n        for x, y in val_loader:\n            print(model(x).argmax(1))\n',
      errors: [{ text: 'model(x)', message: 'Call `model.eval()`' }],
    },
    {
      name: 'hard negative: range(1, n_epoch + 1) over a count the file does not fix may run no epoch',
      code: NET + 'model = Net()\n\n\ndef test(model):\n    model.eval()\n    for x, y in test_loader:\n        pass\n\n\nfor epoch in range(1, args.epochs + 1):\n    model.train()\n    test(model)\n\n\ndef predict(x):\n    return model(x)\n\n\nprint(predict(x))\n',
      errors: [{ text: 'model(x)' }],
      output: NET + 'model = Net()\n\n\ndef test(model):\n    model.eval()\n    for x, y in test_loader:\n        pass\n\n\nfor epoch in range(1, args.epochs + 1):\n    model.train()\n    test(model)\n\n\ndef predict(x):\n    model.eval()\n    return model(x)\n\n\nprint(predict(x))\n',
    },
    {
      name: 'a trainer class handed the model by its constructor (self.model = model; Trainer(Net(), …))',
      code: NET + 'class Trainer:\n    def __init__(self, model, loader, val_loader):\n        self.model = model\n        self.loader = loader\n        self.val_loader = val_loader\n        self.opt = torch.optim.Adam(model.parameters(), lr=1e-3)\n\n    def train_epoch(self):\n        self.model.train()\n        for x, y in self.loader:\n            self.opt.zero_grad()\n            nn.functional.cross_entropy(self.model(x), y).backward()\n            self.opt.step()\n\n    def evaluate(self):\n        correct = 0\n        with torch.no_grad():\n            for x, y in self.val_loader:\n                correct += (self.model(x).argmax(1) == y).sum().item()\n        return correct\n\n    def fit(self, epochs):\n        for _ in range(epochs):\n            self.train_epoch()\n            print(self.evaluate())\n\n' + "Trainer(Net(), train_loader, val_loader).fit(10)\n",
      errors: [{ text: 'self.model(x)', line: 31 }],
      output: NET + 'class Trainer:\n    def __init__(self, model, loader, val_loader):\n        self.model = model\n        self.loader = loader\n        self.val_loader = val_loader\n        self.opt = torch.optim.Adam(model.parameters(), lr=1e-3)\n\n    def train_epoch(self):\n        self.model.train()\n        for x, y in self.loader:\n            self.opt.zero_grad()\n            nn.functional.cross_entropy(self.model(x), y).backward()\n            self.opt.step()\n\n    def evaluate(self):\n        self.model.eval()\n        correct = 0\n        with torch.no_grad():\n            for x, y in self.val_loader:\n                correct += (self.model(x).argmax(1) == y).sum().item()\n        return correct\n\n    def fit(self, epochs):\n        for _ in range(epochs):\n            self.train_epoch()\n            print(self.evaluate())\n\n' + "Trainer(Net(), train_loader, val_loader).fit(10)\n",
    },
    {
      name: 'model.forward(x) over a test set: a forward pass like model(x)',
      code: NET + "net = Net()\nnet.load_state_dict(torch.load('model.pt'))\nwith torch.no_grad():\n    for x, y in test_loader:\n        print(net.forward(x).argmax(1))\n",
      errors: [{ text: 'net.forward(x)' }],
      output: NET + "net = Net()\nnet.load_state_dict(torch.load('model.pt'))\nnet.eval()\nwith torch.no_grad():\n    for x, y in test_loader:\n        print(net.forward(x).argmax(1))\n",
    },
    {
      name: 'hard negative: a counted loop over different inputs (x_test[i]) is an evaluation, averaged or not',
      code: NET + 'net = Net()\nnet.load_state_dict(torch.load(\'model.pt\'))\npredictions = []\nfor i in range(50):\n    predictions.append(net(x_test[i]))\nprediction = torch.mean(torch.stack(predictions), dim=0)\n',
      errors: [{ text: 'net(x_test[i])' }],
      output: NET + 'net = Net()\nnet.load_state_dict(torch.load(\'model.pt\'))\npredictions = []\nnet.eval()\nfor i in range(50):\n    predictions.append(net(x_test[i]))\nprediction = torch.mean(torch.stack(predictions), dim=0)\n',
    },
    {
      name: 'hard negative: an epoch count the analysis cannot read may be 0, and the model is then still in training mode',
      code: NET + SETUP + 'EPOCHS = args.epochs\nfor epoch in range(EPOCHS):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    model.eval()\n    with torch.no_grad():\n        for x, y in val_loader:\n            val = (model(x).argmax(1) == y).float().mean()\n\nwith torch.no_grad():\n    for x, y in test_loader:\n        correct = (model(x).argmax(1) == y).sum()\n',
      errors: [{ text: 'model(x)', line: 29 }],
      output: NET + SETUP + 'EPOCHS = args.epochs\nfor epoch in range(EPOCHS):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    model.eval()\n    with torch.no_grad():\n        for x, y in val_loader:\n            val = (model(x).argmax(1) == y).float().mean()\n\nmodel.eval()\nwith torch.no_grad():\n    for x, y in test_loader:\n        correct = (model(x).argmax(1) == y).sum()\n',
    },
    (() => {
      const code = notebook(60, { cell: 59, omit: 'eval' });
      const at = code.lastIndexOf('    with torch.no_grad():\n');
      return {
        name: 'a notebook exported as a script, 60 cells each building a model: the last cell evaluates in training mode',
        code,
        errors: [{ text: 'model(x)', line: lineOf(code, '(model(x).argmax(1)') }],
        output: code.slice(0, at) + '    model.eval()\n' + code.slice(at),
      };
    })(),
    {
      name: 'an evaluation function that builds the model and loads its weights, then evaluates in training mode',
      code: NET + 'def test(path, loader):\n    net = Net()\n    net.load_state_dict(torch.load(path))\n    for x, y in loader:\n        print((net(x).argmax(1) == y).float().mean())\n',
      errors: [{ line: 17, text: 'net(x)' }],
      output: NET + 'def test(path, loader):\n    net = Net()\n    net.load_state_dict(torch.load(path))\n    net.eval()\n    for x, y in loader:\n        print((net(x).argmax(1) == y).float().mean())\n',
    },
    {
      name: 'evaluation function without model.eval(); the fix goes at its top',
      code: NET + TRAIN + EVALUATE + SETUP + 'for epoch in range(3):\n    train(model, train_loader, opt)\n    evaluate(model, val_loader)\n',
      errors: [{ text: 'model(x)', message: 'under `torch.no_grad()` while still in training mode' }],
      output: NET + TRAIN + EVALUATE_FIXED + SETUP + 'for epoch in range(3):\n    train(model, train_loader, opt)\n    evaluate(model, val_loader)\n',
    },
    {
      name: 'inline validation block after the training loop of each epoch',
      code:
        NET + SETUP +
        'for epoch in range(3):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    with torch.no_grad():\n        val_loss = sum(nn.functional.cross_entropy(model(x), y) for x, y in val_loader)\n',
      errors: [{ line: 22, message: 'Call `model.eval()`' }],
      output:
        NET + SETUP +
        'for epoch in range(3):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    model.eval()\n    with torch.no_grad():\n        val_loss = sum(nn.functional.cross_entropy(model(x), y) for x, y in val_loader)\n',
    },
    {
      name: 'called twice: once after eval(), once without',
      code: NET + EVALUATE + SETUP + 'model.eval()\nevaluate(model, val_loader)\nmodel.train()\nevaluate(model, test_loader)\n',
      errors: [{ text: 'model(x)' }],
      output: NET + EVALUATE_FIXED + SETUP + 'model.eval()\nevaluate(model, val_loader)\nmodel.train()\nevaluate(model, test_loader)\n',
    },
    {
      name: 'inference after load_state_dict',
      code: NET + 'model = Net()\nmodel.load_state_dict(torch.load("ckpt.pt"))\npreds = model(images).argmax(1)\n',
      errors: [{ text: 'model(images)', message: 'after loading its weights' }],
      output: NET + 'model = Net()\nmodel.load_state_dict(torch.load("ckpt.pt"))\nmodel.eval()\npreds = model(images).argmax(1)\n',
    },
    {
      name: 'a trainer class: self.model left in training mode by the epoch method, then validate()',
      code:
        NET +
        'class Trainer:\n    def __init__(self):\n        self.model = Net()\n        self.opt = torch.optim.Adam(self.model.parameters())\n\n    def train_epoch(self):\n        self.model.train()\n        for x, y in self.loader:\n            self.opt.zero_grad()\n            nn.functional.cross_entropy(self.model(x), y).backward()\n            self.opt.step()\n\n    def validate(self):\n        """Validation loss."""\n        return sum(nn.functional.cross_entropy(self.model(x), y) for x, y in self.val_loader)\n\n    def fit(self):\n        for epoch in range(3):\n            self.train_epoch()\n            self.validate()\n',
      errors: [{ text: 'self.model(x)', message: 'in `validate()`' }],
      output:
        NET +
        'class Trainer:\n    def __init__(self):\n        self.model = Net()\n        self.opt = torch.optim.Adam(self.model.parameters())\n\n    def train_epoch(self):\n        self.model.train()\n        for x, y in self.loader:\n            self.opt.zero_grad()\n            nn.functional.cross_entropy(self.model(x), y).backward()\n            self.opt.step()\n\n    def validate(self):\n        """Validation loss."""\n        self.model.eval()\n        return sum(nn.functional.cross_entropy(self.model(x), y) for x, y in self.val_loader)\n\n    def fit(self):\n        for epoch in range(3):\n            self.train_epoch()\n            self.validate()\n',
    },
    {
      name: 'across files: the model class with batch norm lives in model.py',
      files: { 'model.py': 'from torch import nn\n\nclass ConvNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n        self.bn = nn.BatchNorm2d(8)\n\n    def forward(self, x):\n        return self.bn(self.conv(x)).mean((2, 3))\n' },
      code: 'import torch\nfrom model import ConvNet\n\nnet = ConvNet()\nnet.load_state_dict(torch.load("best.pt"))\nwith torch.no_grad():\n    for x, y in test_loader:\n        acc = (net(x).argmax(1) == y).float().mean()\n',
      errors: [{ text: 'net(x)' }],
      output: 'import torch\nfrom model import ConvNet\n\nnet = ConvNet()\nnet.load_state_dict(torch.load("best.pt"))\nnet.eval()\nwith torch.no_grad():\n    for x, y in test_loader:\n        acc = (net(x).argmax(1) == y).float().mean()\n',
    },
  ],
});

describe('NR205 fix safety', () => {
  const safety = (code: string): string[] => analyzeCase({ code }).result.findings.filter((f) => f.code === 'NR205').flatMap((f) => f.fixes.map((x) => x.safety));
  it('safe in a file that only evaluates', () => {
    assert.deepEqual(safety(NET + 'model = Net()\nmodel.load_state_dict(torch.load("ckpt.pt"))\npreds = model(images).argmax(1)\n'), ['safe']);
  });
  it('unsafe when the file also trains (training may rely on the mode left behind)', () => {
    assert.deepEqual(safety(NET + TRAIN + EVALUATE + SETUP + 'for epoch in range(3):\n    train(model, train_loader, opt)\n    evaluate(model, val_loader)\n'), ['unsafe']);
  });
});

import { ruleTester } from '../../support/rule-tester';

/** DnCNN's validation: a loop over the indices of the validation set, `dataset_val[k]` in its body (`body` is its last line). */
const dncnn = (iter: string, item: string, body = '        psnr_val += psnr(net(img_val), img_val)\n'): string =>
  `import torch\nfrom torch import nn\n\nnet = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.Conv2d(8, 1, 3, padding=1))\nfor epoch in range(50):\n    net.train()\n    for data in loader_train:\n        optimizer.zero_grad()\n        nn.functional.mse_loss(net(data), data).backward()\n        optimizer.step()\n    net.eval()\n    psnr_val = 0\n    for k in ${iter}:\n        img_val = torch.unsqueeze(${item}, 0)\n${body}    print(psnr_val / len(dataset_val))\n`;

const HEAD = 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.2), nn.Linear(8, 2))\n\n';
const EVALUATE = 'def evaluate(model, loader):\n    model.eval()\n    correct = 0\n    for x, y in loader:\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\n';
const EVALUATE_WRAPPED = 'def evaluate(model, loader):\n    model.eval()\n    correct = 0\n    with torch.no_grad():\n        for x, y in loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\n';

/** hyunwoongko's transformer: torch reached through two star imports (train.py ← data.py ← conf.py). */
const STARRED = { 'data.py': 'from conf import *\n', 'conf.py': 'import torch\nfrom torch import nn\n' };
const starred = (evaluate: string): string => `from data import *\n\n${evaluate}model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.2), nn.Linear(8, 2))\nevaluate(model, val_loader)\n`;
/** A model built by a factory in another file of the project (pytorch-cifar100's get_network → resnet18()). */
const FACTORY = { 'nets.py': 'from torch import nn\n\n\ndef build():\n    return nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.2), nn.Linear(8, 2))\n' };
const factoryBuilt = (evaluate: string): string => `import torch\nfrom nets import build\n\n${evaluate}model = build()\nevaluate(model, val_loader)\n`;

/**
 * Informer's and Time-Series-Library's Exp class: `_process_one_batch` runs the forward pass for `train()` and for
 * `vali()` alike; `vali` is how `vali(…)` evaluates (`body` is its loop, `deco` a decorator line).
 */
const EXP = (vali: string, deco = ''): string =>
  `import numpy as np\nimport torch\nimport torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.proj = nn.Linear(4, 4)\n        self.drop = nn.Dropout(0.1)\n\n    def forward(self, x):\n        return self.proj(self.drop(x))\n\n\nclass Exp:\n    def __init__(self):\n        self.model = Net()\n\n    def _process_one_batch(self, batch_x, batch_y):\n        outputs = self.model(batch_x.float())\n        return outputs, batch_y.float()\n\n    ${deco}def vali(self, vali_loader, criterion):\n        self.model.eval()\n        total_loss = []\n${vali}        self.model.train()\n        return np.average(total_loss)\n\n    def train(self, train_loader, vali_loader, optimizer):\n        criterion = nn.MSELoss()\n        for epoch in range(10):\n            self.model.train()\n            for batch_x, batch_y in train_loader:\n                optimizer.zero_grad()\n                pred, true = self._process_one_batch(batch_x, batch_y)\n                criterion(pred, true).backward()\n                optimizer.step()\n            print(self.vali(vali_loader, criterion))\n`;
const VALI_LOOP = '        for i, (batch_x, batch_y) in enumerate(vali_loader):\n            pred, true = self._process_one_batch(batch_x, batch_y)\n            total_loss.append(criterion(pred.detach().cpu(), true.detach().cpu()))\n';
const indent = (t: string): string => t.replace(/^(?=.)/gm, '    ');
/** Exp_Basic builds `self.model` through `self._build_model()`, which each Exp_* subclass overrides. */
const EXP_BASIC = { 'exp/exp_basic.py': "import torch\n\n\nclass Exp_Basic(object):\n    def __init__(self, args):\n        self.args = args\n        self.model = self._build_model().to(torch.device('cuda'))\n\n    def _build_model(self):\n        raise NotImplementedError\n" };
const expInformer = (vali: string): string =>
  `import torch\nimport torch.nn as nn\n\nfrom exp.exp_basic import Exp_Basic\n\n\nclass Informer(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.proj = nn.Linear(4, 4)\n        self.drop = nn.Dropout(0.1)\n\n    def forward(self, x):\n        return self.proj(self.drop(x))\n\n\nclass Exp_Informer(Exp_Basic):\n    def _build_model(self):\n        return Informer().float()\n\n    def vali(self, vali_loader, criterion):\n        self.model.eval()\n        total_loss = []\n${vali}        self.model.train()\n        return total_loss\n\n    def train(self, loader, vali_loader, optimizer):\n        for x, y in loader:\n            optimizer.zero_grad()\n            nn.functional.mse_loss(self.model(x), y).backward()\n            optimizer.step()\n        print(self.vali(vali_loader, nn.MSELoss()))\n`;
const BASIC_VALI = '        for batch_x, batch_y in vali_loader:\n            pred = self.model(batch_x)\n            total_loss.append(criterion(pred, batch_y).item())\n';

/** A segmentation solver that picks its architecture in branches (LeeJunHyun/Image_Segmentation's build_model, review 90). */
const SOLVER = (second: string, validation: string): string =>
  `import torch\nfrom torch import nn, optim\n\n\nclass U_Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 1, 1))\n\n    def forward(self, x):\n        return self.conv(x)\n\n\nclass R2U_Net(U_Net):\n    pass\n\n\nclass Solver(object):\n    def __init__(self, config, train_loader, valid_loader):\n        self.train_loader = train_loader\n        self.valid_loader = valid_loader\n        self.model_type = config.model_type\n        self.unet = None\n        if self.model_type == 'U_Net':\n            self.unet = U_Net()\n        elif self.model_type == 'R2U_Net':\n            self.unet = ${second}\n        self.unet.to('cuda')\n        self.optimizer = optim.Adam(list(self.unet.parameters()), 1e-4)\n\n    def train(self):\n        for epoch in range(10):\n            self.unet.train(True)\n            for images, GT in self.train_loader:\n                loss = nn.functional.binary_cross_entropy_with_logits(self.unet(images), GT)\n                self.unet.zero_grad()\n                loss.backward()\n                self.optimizer.step()\n            self.unet.eval()\n${validation}`;
const SOLVER_LOOP = '            for images, GT in self.valid_loader:\n                SR = self.unet(images)\n                dice += (SR > 0.5).float().mean().item()\n';
const SOLVER_VALIDATION = `            dice = 0.0\n${SOLVER_LOOP}            print(dice)\n`;
const SOLVER_WRAPPED = `            dice = 0.0\n            with torch.no_grad():\n${SOLVER_LOOP.replace(/^(?=.)/gm, '    ')}            print(dice)\n`;

/** Time-Series-Library's Exp classes: the model picked from a dict by name, of classes (`pick`) or of modules. */
const TSLIB_MODELS = { 'models/Informer.py': 'import torch.nn as nn\n\n\nclass Model(nn.Module):\n    def __init__(self, configs):\n        super().__init__()\n        self.proj = nn.Linear(4, 4)\n        self.drop = nn.Dropout(configs.dropout)\n\n    def forward(self, x):\n        return self.proj(self.drop(x))\n', 'models/__init__.py': '' };
const tslib = (imports: string, dict: string, pick: string, vali: string): string =>
  `import numpy as np\nimport torch\nimport torch.nn as nn\n${imports}\n\n\nclass Exp_Main:\n    def __init__(self, args):\n        self.args = args\n        self.model_dict = ${dict}\n        self.model = self.model_dict[self.args.model]${pick}(self.args).float()\n\n    def vali(self, vali_loader, criterion):\n        self.model.eval()\n        total_loss = []\n${vali}        self.model.train()\n        return np.average(total_loss)\n\n    def train(self, train_loader, vali_loader, optimizer):\n        for epoch in range(10):\n            self.model.train()\n            for x, y in train_loader:\n                optimizer.zero_grad()\n                nn.functional.mse_loss(self.model(x), y).backward()\n                optimizer.step()\n            print(self.vali(vali_loader, nn.MSELoss()))\n`;
const TSLIB_VALI = '        for batch_x, batch_y in vali_loader:\n            outputs = self.model(batch_x.float())\n            total_loss.append(criterion(outputs.detach().cpu(), batch_y))\n';
const TSLIB_WRAPPED = `        with torch.no_grad():\n${TSLIB_VALI.replace(/^(?=.)/gm, '    ')}`;

/** PyG's layout (GPRGNN, review 92): `train()` then `test()` in every epoch; `evaluate` is test()'s body. */
const PYG = (evaluate: string): string =>
  `import torch\nimport torch.nn.functional as F\nfrom torch import nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.lin = nn.Linear(16, 7)\n        self.drop = nn.Dropout(0.5)\n\n    def forward(self, data):\n        return F.log_softmax(self.lin(self.drop(data.x)), dim=1)\n\n\ndef train(model, optimizer, data):\n    model.train()\n    optimizer.zero_grad()\n    F.nll_loss(model(data)[data.train_mask], data.y[data.train_mask]).backward()\n    optimizer.step()\n\n\ndef test(model, data):\n${evaluate}\n\nmodel = Net()\noptimizer = torch.optim.Adam(model.parameters(), lr=0.01)\nfor epoch in range(200):\n    train(model, optimizer, data)\n    print(test(model, data))\n`;

/** A class-based trainer (DETTracker's agent, review 95): `train()` runs an epoch method, then `validate()`. */
const AGENT = (validate: string): string =>
  `import torch\nimport torch.nn as nn\n\n\nclass Agent:\n    def __init__(self, train_loader, query_loader):\n        self.model = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.5), nn.Linear(8, 4))\n        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=3e-4)\n        self.train_loader = train_loader\n        self.query_loader = query_loader\n\n    def train(self):\n        for epoch in range(10):\n            self.train_one_epoch()\n            self.validate()\n\n    def train_one_epoch(self):\n        self.model.train()\n        for x, y in self.train_loader:\n            self.optimizer.zero_grad()\n            nn.functional.cross_entropy(self.model(x), y).backward()\n            self.optimizer.step()\n\n    def validate(self):\n        self.model.eval()\n        embeds = []\n${validate}        return embeds\n`;
const AGENT_LOOP = '        for x, y in self.query_loader:\n            embeds.append(self.model(x).cpu())\n';

/** haitongli's layout: `evaluate()` of `evaluate.py` switches the model to eval mode and runs it over the loader. */
const EVAL_FILE = (decorator = ''): Record<string, string> => ({
  'evaluate.py': `import torch\n\n\n${decorator}def evaluate(model, loss_fn, dataloader):\n    model.eval()\n    total = 0.0\n    for x, y in dataloader:\n        total += loss_fn(model(x), y).item()\n    return total\n`,
});
/** NCF's layout: `metrics()` of `evaluate.py` runs the model it is handed over the test loader. */
const METRICS_FILE = { 'evaluate.py': 'import torch\n\n\ndef metrics(model, test_loader, top_k):\n    hits = []\n    for user, item in test_loader:\n        hits.append(torch.topk(model(user, item), top_k)[1])\n    return hits\n' };
/** The training script calling the other file's function each epoch (`call` is its evaluation statement). */
const CALLER = (imports: string, call: string, mode = '    model.eval()\n'): string =>
  `import torch\nfrom torch import nn\n${imports}\n\nmodel = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.1), nn.Linear(8, 1))\nopt = torch.optim.Adam(model.parameters(), lr=1e-3)\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.mse_loss(model(x), y).backward()\n        opt.step()\n${mode}    ${call}\n`;

/** ProtoNet's validation: an iterator over the validation loader (`iter(…)`), after `model.eval()`, with autograd on. */
const PROTO = (loader: string): string =>
  `import torch\nfrom torch import nn\n\n\ndef train(model, optim, tr_dataloader, val_dataloader):\n    for epoch in range(10):\n        model.train()\n        for x, y in tr_dataloader:\n            optim.zero_grad()\n            model(x).pow(2).mean().backward()\n            optim.step()\n        val_iter = iter(${loader})\n        model.eval()\n        for x, y in val_iter:\n            print(model(x).pow(2).mean().item())\n\n\nmodel = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))\ntrain(model, torch.optim.Adam(model.parameters(), lr=1e-3), tr_dl, val_dl)\n`;

/** Federated averaging's evaluation: `LocalUpdate.inference(model)` of `update.py`, called on a client object. */
const UPDATE_FILE = { 'update.py': 'import torch\n\n\nclass LocalUpdate(object):\n    def __init__(self, loader):\n        self.testloader = loader\n\n    def inference(self, model):\n        model.eval()\n        correct = 0\n        for images, labels in self.testloader:\n            correct += (model(images).argmax(1) == labels).sum().item()\n        return correct\n' };
const FEDERATED = (call: string): string =>
  `import torch\nfrom torch import nn\nfrom update import LocalUpdate\n\nglobal_model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))\nfor c in range(10):\n    local_model = LocalUpdate(loaders[c])\n    ${call}\n`;

ruleTester('NR207', {
  valid: [
    { name: 'hard negative: the method called under no_grad', code: FEDERATED('with torch.no_grad():\n        acc = local_model.inference(model=global_model)'), files: UPDATE_FILE },
    { name: 'hard negative: an iterator over the training loader after `model.eval()` (a statistic of the training data)', code: PROTO('tr_dataloader') },
    { name: "hard negative: the other file's evaluate() has a syntax error the parser recovered from (Python 2's `cuda(async=True)`)", code: CALLER('from evaluate import evaluate', 'print(evaluate(model, nn.functional.mse_loss, val_loader))', ''), files: { 'evaluate.py': EVAL_FILE()['evaluate.py'].replace('    for x, y in dataloader:\n', '    for x, y in dataloader:\n        x = x.cuda(async=True)\n') } },
    { name: "hard negative: the other file's evaluate() decorated with @torch.no_grad()", code: CALLER('from evaluate import evaluate', 'print(evaluate(model, nn.functional.mse_loss, val_loader))', ''), files: EVAL_FILE('@torch.no_grad()\n') },
    { name: 'hard negative: the call of the other file\'s evaluate() wrapped in no_grad', code: CALLER('from evaluate import evaluate', 'with torch.no_grad():\n        print(evaluate(model, nn.functional.mse_loss, val_loader))', ''), files: EVAL_FILE() },
    { name: "hard negative: the other file's metrics() called on a model in training mode (no `model.eval()` before)", code: CALLER('import evaluate', 'hits = evaluate.metrics(model, test_loader, 10)', ''), files: METRICS_FILE },
    { name: 'hard negative: the agent validating under no_grad', code: AGENT(`        with torch.no_grad():\n${AGENT_LOOP.replace(/^(?=.)/gm, '    ')}`) },
    {
      name: 'hard negative: a function named for prediction that the training step runs its forward pass through (no eval mode of its own: training)',
      code: PYG('    model.eval()\n    with torch.no_grad():\n        return model(data).argmax(1)').replace("F.nll_loss(model(data)[data.train_mask]", "F.nll_loss(predict(model, data)[data.train_mask]") + '\n\ndef predict(net, data):\n    return net(data)\n',
    },
    {
      name: 'hard negative: a dict of models by name, evaluated under no_grad',
      code: tslib('from models import Informer', "{'Informer': Informer}", '.Model', TSLIB_WRAPPED),
      files: TSLIB_MODELS,
    },
    {
      name: "hard negative: a dict whose values are not all models of the project (a library's class among them): not known",
      code: tslib('from models import Informer\nfrom sklearn.linear_model import Ridge', "{'Informer': Informer.Model, 'ridge': Ridge}", '', TSLIB_VALI),
      files: TSLIB_MODELS,
    },
    {
      name: 'hard negative: a model picked in branches, evaluated under no_grad',
      code: SOLVER('R2U_Net()', SOLVER_WRAPPED),
    },
    {
      name: "hard negative: one branch builds something that is no model of the file's (not known to be a model in eval mode)",
      code: SOLVER('load_anything()', SOLVER_VALIDATION),
    },
    {
      name: 'hard negative: the helper that runs the forward pass called under no_grad in vali()',
      code: EXP('        with torch.no_grad():\n' + indent(VALI_LOOP)),
    },
    {
      name: 'hard negative: vali() decorated with @torch.no_grad()',
      code: EXP(VALI_LOOP, '@torch.no_grad()\n    '),
    },
    {
      name: 'hard negative: the helper itself runs its forward pass under no_grad',
      code: EXP(VALI_LOOP).replace('        outputs = self.model(batch_x.float())\n', '        with torch.no_grad():\n            outputs = self.model(batch_x.float())\n'),
    },
    {
      name: 'hard negative: a helper that runs the backward pass (a training step) called from an evaluation loop',
      code: EXP(VALI_LOOP).replace('        return outputs, batch_y.float()\n', '        outputs.sum().backward()\n        return outputs, batch_y.float()\n'),
    },
    {
      name: 'hard negative: a model of a base class built by an override, evaluated under no_grad',
      code: expInformer('        with torch.no_grad():\n' + indent(BASIC_VALI)),
      files: EXP_BASIC,
    },
    {
      name: 'hard negative: the same evaluation method, called under torch.no_grad() by the method that trains',
      code: "import torch\nimport torch.nn as nn\n\n\nclass FCN(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.dense = nn.Linear(64, 50)\n        self.dropout = nn.Dropout(0.5)\n\n    def forward(self, x):\n        return self.dense(self.dropout(x))\n\n\nclass Solver(object):\n    def __init__(self, data_loader, valid_loader):\n        self.data_loader = data_loader\n        self.valid_loader = valid_loader\n        self.model = FCN()\n        self.model = self.model.cuda()\n        self.optimizer = torch.optim.Adam(self.model.parameters(), 1e-4)\n\n    def train(self):\n        for epoch in range(10):\n            self.model.train()\n            for x, y in self.data_loader:\n                loss = nn.functional.mse_loss(self.model(x), y)\n                self.optimizer.zero_grad()\n                loss.backward()\n                self.optimizer.step()\n            with torch.no_grad():\n                self.validation(epoch)\n\n    def validation(self, epoch):\n        self.model.eval()\n        losses = []\n        for x, y in self.valid_loader:\n            out = self.model(x)\n            losses.append(nn.functional.mse_loss(out, y).item())\n        return losses\n",
    },
    { name: 'torch reached through two star imports: `with torch.no_grad():` is read (hyunwoongko/transformer)', code: starred(EVALUATE_WRAPPED), files: STARRED },
    { name: "hard negative: the indexed set is the training split (`Dataset(train=True)`)", code: dncnn('range(len(images))', 'images[k]').replace('    net.eval()\n', '    net.eval()\n    images = Dataset(train=True)\n') },
    { name: 'hard negative: a loop over range(len(x)) that does not index x with its variable says nothing of x', code: dncnn('range(len(dataset_val))', 'noisy[k]') },
    { name: 'the indexed validation loop under no_grad', code: dncnn('range(len(dataset_val))', 'dataset_val[k]').replace('    for k in range', '    with torch.no_grad():\n      for k in range').replace('        img_val = torch', '          img_val = torch').replace('        psnr_val +=', '          psnr_val +=') },
    {
      name: "hard negative: a submodule's forward called inside a model's own forward is a layer, not an evaluation",
      code: 'import torch\nfrom torch import nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.encoder = nn.Linear(4, 4)\n\n    def forward(self, x):\n        return super().forward(self.encoder.forward(x))\n\n\nmodel = Net()\nmodel.eval()\nwith torch.no_grad():\n    out = model.forward(x)\n',
    },
    {
      name: 'the model frozen parameter by parameter before it is validated: no graph is recorded (Bag of Tricks)',
      code: 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\nfor epoch in range(10):\n    model.train()\n    for param in model.parameters():\n        param.requires_grad = True\n    for x, y in train_loader:\n        opt.zero_grad()\n        criterion(model(x), y).backward()\n        opt.step()\n    model.eval()\n    for param in model.parameters():\n        param.requires_grad = False\n    for x, y in val_loader:\n        correct += (model(x).argmax(1) == y).sum().item()\n',
    },
    { name: '@torch.no_grad() on the evaluation function', code: HEAD + '@torch.no_grad()\n' + EVALUATE + 'evaluate(model, val_loader)\n' },
    { name: 'inference_mode block', code: HEAD + 'model.eval()\nwith torch.inference_mode():\n    for x, y in test_loader:\n        preds = model(x).argmax(1)\n' },
    { name: 'the caller wraps the call in no_grad', code: HEAD + EVALUATE + 'with torch.no_grad():\n    acc = evaluate(model, val_loader)\n' },
    { name: '@torch.no_grad without parentheses', code: HEAD + '@torch.no_grad\n' + EVALUATE + 'evaluate(model, val_loader)\n' },
    {
      name: 'no_grad among parenthesized context managers (Python 3.10), one of them with a target',
      code: HEAD + EVALUATE_WRAPPED.replace('    with torch.no_grad():\n', '    with (\n        torch.autocast("cpu"),\n        torch.no_grad(),\n        open("log.txt", "w") as log,\n    ):\n') + 'evaluate(model, val_loader)\n',
    },
    {
      name: 'hard negative: a saliency map needs the gradients',
      code: HEAD + 'def predict_saliency(model, x):\n    model.eval()\n    x.requires_grad_()\n    out = model(x)\n    out[0, out.argmax()].backward()\n    return x.grad.abs()\n\npredict_saliency(model, image)\n',
    },
    { name: 'hard negative: the model is not in eval mode (NR205 reports that)', code: HEAD + 'def evaluate(model, loader):\n    return [model(x).argmax(1) for x, y in loader]\n\nevaluate(model, val_loader)\n' },
    { name: 'unknown: evaluate() has no caller in this file', code: HEAD + EVALUATE },
    { name: 'torch.set_grad_enabled(False) for the whole script', code: HEAD + 'torch.set_grad_enabled(False)\n' + EVALUATE + 'evaluate(model, val_loader)\n' },
    {
      name: 'hard negative: eval mode during fine-tuning (frozen batch norm) is training, not evaluation',
      code: HEAD + 'opt = torch.optim.SGD(model.parameters(), lr=0.01)\nmodel.eval()\nfor x, y in train_loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n',
    },
  ],
  invalid: [
    {
      name: "an evaluation method of a project class of another file, called on an object (`local_model.inference(model=global_model)`; review 111)",
      code: FEDERATED('acc = local_model.inference(model=global_model)'),
      files: UPDATE_FILE,
      errors: [{ line: 8, text: 'local_model.inference(model=global_model)', message: '(`model(images)` in `inference`)' }],
      // (the loop only evaluates: the fix wraps it whole)
      output: FEDERATED('acc = local_model.inference(model=global_model)').replace('for c in range(10):\n    local_model = LocalUpdate(loaders[c])\n    acc = local_model.inference(model=global_model)\n', 'with torch.no_grad():\n    for c in range(10):\n        local_model = LocalUpdate(loaders[c])\n        acc = local_model.inference(model=global_model)\n'),
    },
    {
      name: "a loop over an iterator of the validation loader (`val_iter = iter(val_dataloader)`, ProtoNet; review 107)",
      code: PROTO('val_dataloader'),
      errors: [{ line: 15, text: 'model(x)' }],
      output: PROTO('val_dataloader').replace('        for x, y in val_iter:\n            print(model(x).pow(2).mean().item())\n', '        with torch.no_grad():\n            for x, y in val_iter:\n                print(model(x).pow(2).mean().item())\n'),
    },
    {
      name: "an evaluation function of another file that switches the model to eval mode and runs it with autograd on, called here (haitongli's evaluate.py; reviews 100, 101)",
      code: CALLER('from evaluate import evaluate', 'print(evaluate(model, nn.functional.mse_loss, val_loader))', ''),
      files: EVAL_FILE(),
      errors: [{ line: 13, text: 'evaluate(model, nn.functional.mse_loss, val_loader)', message: 'runs the model\'s forward pass (`model(x)` in `evaluate`)' }],
      output: CALLER('from evaluate import evaluate', 'with torch.no_grad():\n        print(evaluate(model, nn.functional.mse_loss, val_loader))', ''),
    },
    {
      name: "a function of another file looping over the test loader, handed the model in eval mode (NCF's evaluate.metrics; review 103)",
      code: CALLER('import evaluate', 'hits = evaluate.metrics(model, test_loader, 10)'),
      files: METRICS_FILE,
      errors: [{ line: 14, text: 'evaluate.metrics(model, test_loader, 10)' }],
      output: CALLER('import evaluate', 'with torch.no_grad():\n        hits = evaluate.metrics(model, test_loader, 10)'),
    },
    {
      name: "a class-based trainer's validate(), called by a train() whose epoch method runs the backward pass (review 95)",
      code: AGENT(AGENT_LOOP),
      errors: [{ line: 28, text: 'self.model(x)' }],
      output: AGENT(`        with torch.no_grad():\n${AGENT_LOOP.replace(/^(?=.)/gm, '    ')}`),
    },
    {
      name: "an evaluation function the epoch loop calls after train() (PyG's and DGL's layout; review 92)",
      code: PYG('    model.eval()\n    logits = model(data)\n    return [(logits[m].argmax(1) == data.y[m]).float().mean().item() for m in (data.val_mask, data.test_mask)]'),
      errors: [{ line: 25, text: 'model(data)' }],
      output: PYG('    model.eval()\n    with torch.no_grad():\n        logits = model(data)\n    return [(logits[m].argmax(1) == data.y[m]).float().mean().item() for m in (data.val_mask, data.test_mask)]'),
    },
    {
      name: "a model picked from a dict of the project's model modules by name (Time-Series-Library: self.model_dict[self.args.model].Model(self.args); review 93)",
      code: tslib('from models import Informer', "{'Informer': Informer}", '.Model', TSLIB_VALI),
      files: TSLIB_MODELS,
      errors: [{ line: 17, text: 'self.model(batch_x.float())' }],
      output: tslib('from models import Informer', "{'Informer': Informer}", '.Model', TSLIB_WRAPPED),
    },
    {
      name: "a model picked from a dict of the project's model classes by name (Informer: model_dict[self.args.model](…))",
      code: tslib('from models.Informer import Model', "{'informer': Model}", '', TSLIB_VALI),
      files: TSLIB_MODELS,
      errors: [{ line: 17, text: 'self.model(batch_x.float())' }],
      output: tslib('from models.Informer import Model', "{'informer': Model}", '', TSLIB_WRAPPED),
    },
    {
      name: 'a model attribute built in if/elif branches, one class or another, after `self.unet = None` (a segmentation solver picking U_Net or R2U_Net; review 90)',
      code: SOLVER('R2U_Net()', SOLVER_VALIDATION),
      errors: [{ line: 42, text: 'self.unet(images)' }],
      output: SOLVER('R2U_Net()', SOLVER_WRAPPED),
    },
    {
      name: "the evaluation's call of the helper that runs the forward pass for training and evaluation alike (Informer's _process_one_batch)",
      code: EXP(VALI_LOOP),
      errors: [{ line: 28, text: 'self._process_one_batch(batch_x, batch_y)', message: 'runs the model\'s forward pass (`self.model(batch_x.float())` in `_process_one_batch`) and evaluates with autograd on', relatedLines: [21] }],
      output: EXP('        with torch.no_grad():\n' + indent(VALI_LOOP)),
    },
    {
      name: 'a helper function of the file handed the model: the model as the caller names it',
      code: `${HEAD}def run_batch(net, x):\n    return net(x)\n\n\ndef evaluate(model, loader):\n    model.eval()\n    total = 0\n    for x, y in loader:\n        total += (run_batch(model, x).argmax(1) == y).sum().item()\n    return total\n\n\nprint(evaluate(model, val_loader))\n`,
      errors: [{ line: 14, text: 'run_batch(model, x)', relatedLines: [7] }],
      output: `${HEAD}def run_batch(net, x):\n    return net(x)\n\n\ndef evaluate(model, loader):\n    model.eval()\n    total = 0\n    with torch.no_grad():\n        for x, y in loader:\n            total += (run_batch(model, x).argmax(1) == y).sum().item()\n    return total\n\n\nprint(evaluate(model, val_loader))\n`,
    },
    {
      name: "a model a base class of another file builds through a method the subclass overrides (Exp_Basic's self._build_model())",
      code: expInformer(BASIC_VALI),
      files: EXP_BASIC,
      errors: [{ line: 25, text: 'self.model(batch_x)' }],
      output: expInformer('        with torch.no_grad():\n' + indent(BASIC_VALI)),
    },
    {
      name: 'the evaluation unwraps a DataParallel model first (`model = model.module`, capsule-net; review 70)',
      code: "import torch\nfrom torch import nn\nfrom torch.autograd import Variable\n\ntorch.manual_seed(0)\n\n\ndef test(model, data_loader, cuda):\n    model.eval()\n    if cuda:\n        model = model.module\n    correct = 0\n    for data, target in data_loader:\n        data = Variable(data, volatile=True)\n        output = model(data)\n        correct += (output.argmax(1) == target).sum().item()\n    return correct\n\n\ndef train(model, data_loader, optimizer):\n    model.train()\n    for data, target in data_loader:\n        optimizer.zero_grad()\n        loss = nn.functional.cross_entropy(model(data), target)\n        loss.backward()\n        optimizer.step()\n\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(10):\n    train(model, train_loader, optimizer)\n    test(model, test_loader, False)\n",
      errors: [{ line: 15, text: 'model(data)' }],
      output: "import torch\nfrom torch import nn\nfrom torch.autograd import Variable\n\ntorch.manual_seed(0)\n\n\ndef test(model, data_loader, cuda):\n    model.eval()\n    if cuda:\n        model = model.module\n    correct = 0\n    with torch.no_grad():\n        for data, target in data_loader:\n            data = Variable(data, volatile=True)\n            output = model(data)\n            correct += (output.argmax(1) == target).sum().item()\n    return correct\n\n\ndef train(model, data_loader, optimizer):\n    model.train()\n    for data, target in data_loader:\n        optimizer.zero_grad()\n        loss = nn.functional.cross_entropy(model(data), target)\n        loss.backward()\n        optimizer.step()\n\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(10):\n    train(model, train_loader, optimizer)\n    test(model, test_loader, False)\n",
    },
    {
      name: "an evaluation method of a trainer class on self.model (moved with self.model = self.model.cuda()), called from the method that trains (sota-music-tagging, Noise2Noise)",
      code: "import torch\nimport torch.nn as nn\n\n\nclass FCN(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.dense = nn.Linear(64, 50)\n        self.dropout = nn.Dropout(0.5)\n\n    def forward(self, x):\n        return self.dense(self.dropout(x))\n\n\nclass Solver(object):\n    def __init__(self, data_loader, valid_loader):\n        self.data_loader = data_loader\n        self.valid_loader = valid_loader\n        self.model = FCN()\n        self.model = self.model.cuda()\n        self.optimizer = torch.optim.Adam(self.model.parameters(), 1e-4)\n\n    def train(self):\n        for epoch in range(10):\n            self.model.train()\n            for x, y in self.data_loader:\n                loss = nn.functional.mse_loss(self.model(x), y)\n                self.optimizer.zero_grad()\n                loss.backward()\n                self.optimizer.step()\n            self.validation(epoch)\n\n    def validation(self, epoch):\n        self.model.eval()\n        losses = []\n        for x, y in self.valid_loader:\n            out = self.model(x)\n            losses.append(nn.functional.mse_loss(out, y).item())\n        return losses\n",
      errors: [{ line: 37, text: 'self.model(x)' }],
      output: "import torch\nimport torch.nn as nn\n\n\nclass FCN(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.dense = nn.Linear(64, 50)\n        self.dropout = nn.Dropout(0.5)\n\n    def forward(self, x):\n        return self.dense(self.dropout(x))\n\n\nclass Solver(object):\n    def __init__(self, data_loader, valid_loader):\n        self.data_loader = data_loader\n        self.valid_loader = valid_loader\n        self.model = FCN()\n        self.model = self.model.cuda()\n        self.optimizer = torch.optim.Adam(self.model.parameters(), 1e-4)\n\n    def train(self):\n        for epoch in range(10):\n            self.model.train()\n            for x, y in self.data_loader:\n                loss = nn.functional.mse_loss(self.model(x), y)\n                self.optimizer.zero_grad()\n                loss.backward()\n                self.optimizer.step()\n            self.validation(epoch)\n\n    def validation(self, epoch):\n        self.model.eval()\n        losses = []\n        with torch.no_grad():\n            for x, y in self.valid_loader:\n                out = self.model(x)\n                losses.append(nn.functional.mse_loss(out, y).item())\n        return losses\n",
    },
    {
      name: 'hard negative: the same evaluation through two star imports without no_grad (no fix: the file binds no name for torch)',
      code: starred(EVALUATE),
      files: STARRED,
      errors: [{ text: 'model(x)' }],
    },
    {
      name: 'a model built by a factory of another file of the project (`from nets import build`, `model = build()`)',
      code: factoryBuilt(EVALUATE),
      files: FACTORY,
      errors: [{ text: 'model(x)' }],
      output: factoryBuilt(EVALUATE_WRAPPED),
    },
    {
      name: "the indexed set's split read from how it is built (`images = Dataset(train=False)`)",
      code: dncnn('range(len(images))', 'images[k]').replace('    net.eval()\n', '    net.eval()\n    images = Dataset(train=False)\n'),
      errors: [{ line: 16, text: 'net(img_val)' }],
      output: dncnn('range(len(images))', 'images[k]').replace('    net.eval()\n', '    net.eval()\n    images = Dataset(train=False)\n').replace('    for k in range(len(images)):\n        img_val = torch.unsqueeze(images[k], 0)\n        psnr_val += psnr(net(img_val), img_val)\n', '    with torch.no_grad():\n        for k in range(len(images)):\n            img_val = torch.unsqueeze(images[k], 0)\n            psnr_val += psnr(net(img_val), img_val)\n'),
    },
    {
      name: "DnCNN: the validation goes through the indices of the validation set (`for k in range(len(dataset_val)): dataset_val[k]`)",
      code: dncnn('range(len(dataset_val))', 'dataset_val[k]'),
      errors: [{ line: 15, text: 'net(img_val)' }],
      output: dncnn('range(len(dataset_val))', 'dataset_val[k]').replace('    for k in range(len(dataset_val)):\n        img_val = torch.unsqueeze(dataset_val[k], 0)\n        psnr_val += psnr(net(img_val), img_val)\n', '    with torch.no_grad():\n        for k in range(len(dataset_val)):\n            img_val = torch.unsqueeze(dataset_val[k], 0)\n            psnr_val += psnr(net(img_val), img_val)\n'),
    },
    {
      name: "PyTorch 0.3's Variable(x, volatile=True) evaluation: the message says that volatile does nothing since 0.4",
      code: HEAD + 'from torch.autograd import Variable\n\n\ndef evaluate(model, loader):\n    model.eval()\n    correct = 0\n    for x, y in loader:\n        x = Variable(x, volatile=True)\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\n\nprint(evaluate(model, val_loader))\n',
      errors: [{ text: 'model(x)', message: '`Variable(…, volatile=True)` has done nothing since PyTorch 0.4' }],
      output: HEAD + 'from torch.autograd import Variable\n\n\ndef evaluate(model, loader):\n    model.eval()\n    correct = 0\n    with torch.no_grad():\n        for x, y in loader:\n            x = Variable(x, volatile=True)\n            correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n\n\nprint(evaluate(model, val_loader))\n',
    },
    {
      name: 'model.forward(x) is a forward pass like model(x)',
      code: 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        criterion(model.forward(x), y).backward()\n        opt.step()\n    model.eval()\n    for x, y in val_loader:\n        correct += (model.forward(x).argmax(1) == y).sum().item()\n',
      errors: [{ line: 13, text: 'model.forward(x)', message: 'evaluates with autograd on' }],
      output: 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        criterion(model.forward(x), y).backward()\n        opt.step()\n    model.eval()\n    with torch.no_grad():\n        for x, y in val_loader:\n            correct += (model.forward(x).argmax(1) == y).sum().item()\n',
    },
    {
      name: 'the same loop without the freezing before validation: reported',
      code: 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        criterion(model(x), y).backward()\n        opt.step()\n    model.eval()\n    for x, y in val_loader:\n        correct += (model(x).argmax(1) == y).sum().item()\n',
      errors: [{ text: 'model(x)', message: 'evaluates with autograd on' }],
      output: 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        criterion(model(x), y).backward()\n        opt.step()\n    model.eval()\n    with torch.no_grad():\n        for x, y in val_loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n',
    },
    {
      name: 'a forward pass written over several lines is quoted on one line in the message',
      code: HEAD + EVALUATE.replace('model(x)', 'model(\n            x,\n        )') + 'print(evaluate(model, val_loader))\n',
      errors: [{ line: 10, message: '`model( x, )` evaluates with autograd on' }],
      output: HEAD + EVALUATE_WRAPPED.replace('model(x)', 'model(\n                x,\n            )') + 'print(evaluate(model, val_loader))\n',
    },
    {
      name: 'evaluation function in eval mode without no_grad: the loop is wrapped',
      code: HEAD + EVALUATE + 'print(evaluate(model, val_loader))\n',
      errors: [{ text: 'model(x)', message: 'evaluates with autograd on' }],
      output: HEAD + EVALUATE_WRAPPED + 'print(evaluate(model, val_loader))\n',
    },
    {
      name: 'called once under no_grad and once without',
      code: HEAD + EVALUATE + 'with torch.no_grad():\n    evaluate(model, val_loader)\nevaluate(model, test_loader)\n',
      errors: [{ text: 'model(x)' }],
      output: HEAD + EVALUATE_WRAPPED + 'with torch.no_grad():\n    evaluate(model, val_loader)\nevaluate(model, test_loader)\n',
    },
    {
      name: 'inline validation loop in the epoch loop: only the validation loop is wrapped',
      code:
        HEAD +
        'opt = torch.optim.Adam(model.parameters())\nfor epoch in range(5):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    model.eval()\n    for x, y in val_loader:\n        val_loss = nn.functional.cross_entropy(model(x), y)  # per batch\n',
      errors: [{ line: 15, text: 'model(x)' }],
      output:
        HEAD +
        'opt = torch.optim.Adam(model.parameters())\nfor epoch in range(5):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n    model.eval()\n    with torch.no_grad():\n        for x, y in val_loader:\n            val_loss = nn.functional.cross_entropy(model(x), y)  # per batch\n',
    },
    {
      name: 'inference after loading weights, one statement; `import torch as T`',
      code: 'import torch as T\nfrom torch import nn\n\nnet = nn.Sequential(nn.Linear(4, 2))\nnet.load_state_dict(T.load("w.pt"))\nnet.eval()\npreds = net(images).argmax(1)\n',
      errors: [{ text: 'net(images)' }],
      output: 'import torch as T\nfrom torch import nn\n\nnet = nn.Sequential(nn.Linear(4, 2))\nnet.load_state_dict(T.load("w.pt"))\nnet.eval()\nwith T.no_grad():\n    preds = net(images).argmax(1)\n',
    },
    {
      name: 'Hugging Face model (eval mode from from_pretrained) over the evaluation loader',
      code: 'import torch\nfrom torch.utils.data import DataLoader\nfrom transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\neval_loader = DataLoader(eval_ds, batch_size=64)\nfor batch in eval_loader:\n    preds = model(**batch).logits.argmax(-1)\n',
      errors: [{ text: 'model(**batch)' }],
      output: 'import torch\nfrom torch.utils.data import DataLoader\nfrom transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\neval_loader = DataLoader(eval_ds, batch_size=64)\nwith torch.no_grad():\n    for batch in eval_loader:\n        preds = model(**batch).logits.argmax(-1)\n',
    },
  ],
});

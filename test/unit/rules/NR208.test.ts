import { ruleTester } from '../../support/rule-tester';

const NET = (ret: string): string =>
  `import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 3)\n\n    def forward(self, x):\n        ${ret}\n`;

const SOFTMAX_MODULE = (loss: string): string =>
  `import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 3)\n        self.softmax = nn.Softmax(dim=1)\n\n    def forward(self, x):\n        return self.softmax(self.fc(x))\n\nmodel = Net()\ncriterion = nn.${loss}()\nloss = criterion(model(x), y)\n`;

/** NET's model built by a factory function of the file (`get_net(cfg, is_train)`, HRNet's way), then trained with CrossEntropyLoss. */
const FACTORY = (ret: string): string =>
  NET(ret) + '\n\ndef get_net(cfg, is_train):\n    model = Net()\n    return model\n\n\nmodel = get_net(None, is_train=True)\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(model(x), y)\n';

/** deep-text-recognition-benchmark's loss: CTC or attention, chosen by `--Prediction` (the first branch's loss is given). */
const CTC_OR_ATTN = (ctc: string): string =>
  `import torch\n\ndevice = torch.device("cpu")\nif 'CTC' in opt.Prediction:\n    criterion = ${ctc}\nelse:\n    criterion = torch.nn.CrossEntropyLoss(ignore_index=0).to(device)\n\n\ndef train(loader):\n    for image, text, length in loader:\n        if 'CTC' in opt.Prediction:\n            preds = model(image).log_softmax(2)\n            preds_size = torch.IntTensor([preds.size(1)] * image.size(0))\n            cost = criterion(preds, text, preds_size, length)\n        else:\n            preds = model(image)\n            cost = criterion(preds.view(-1, preds.shape[-1]), text.view(-1))\n        cost.backward()\n`;
const VALIDATION = `def validation(model, criterion, loader):\n    for image, text, length in loader:\n        preds = model(image).log_softmax(2)\n        cost = criterion(preds, text, length, length)\n`;

ruleTester('NR208', {
  valid: [
    {
      name: 'hard negative: log_softmax into CrossEntropyLoss, redundant but exact (log_softmax of log-probabilities gives them back; review 153)',
      code: 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 3)\n\n    def forward(self, x):\n        return F.log_softmax(self.fc(x), dim=1)\n\n\nmodel = Net()\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(model(x), y)\nloss2 = F.cross_entropy(torch.log_softmax(out, 1), y)\n',
    },
    { name: 'hard negative: log_softmax into a CrossEntropyLoss built in either branch', code: CTC_OR_ATTN('torch.nn.CrossEntropyLoss(label_smoothing=0.1)') },
    { name: 'hard negative: log_softmax into CTCLoss, as it expects', code: `import torch\nfrom torch import nn\n\nmodel = nn.Conv2d(3, 78, 1)\ncriterion = nn.CTCLoss()\nfor x, y, n, t in loader:\n    out = model(x).squeeze(2).permute(2, 0, 1)\n    preds = out.log_softmax(2)\n    loss = criterion(preds, y, n, t)\n    loss.backward()\n` },
    {
      name: "a criterion chosen between CTCLoss and CrossEntropyLoss, log_softmax in the CTC branch (deep-text-recognition-benchmark; review 121)",
      code: CTC_OR_ATTN('torch.nn.CTCLoss(zero_infinity=True).to(device)'),
    },
    {
      name: 'the same criterion handed to an evaluation function (its parameter)',
      code: CTC_OR_ATTN('torch.nn.CTCLoss(zero_infinity=True).to(device)') + '\n\n' + VALIDATION + '\n\nvalidation(model, criterion, loader)\n',
    },
    { name: 'logits into CrossEntropyLoss', code: NET('return self.fc(x)') + '\nmodel = Net()\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(model(x), y)\n' },
    {
      name: 'softmax only for metrics after a loss on logits',
      code: NET('return self.fc(x)') + '\nmodel = Net()\ncriterion = nn.CrossEntropyLoss()\nlogits = model(x)\nloss = criterion(logits, y)\nprobs = F.softmax(logits, dim=1)\nacc = (probs.argmax(1) == y).float().mean()\n',
    },
    { name: 'log_softmax into NLLLoss', code: 'import torch.nn.functional as F\nloss = F.nll_loss(F.log_softmax(out, dim=1), y)\n' },
    { name: 'sigmoid into BCELoss', code: 'import torch\nfrom torch import nn\nloss = nn.BCELoss()(torch.sigmoid(out), y)\n' },
    {
      name: 'forward returns softmax only in eval mode',
      code: NET('if self.training:\n            return self.fc(x)\n        return F.softmax(self.fc(x), dim=1)') + '\nmodel = Net()\nloss = nn.CrossEntropyLoss()(model(x), y)\n',
    },
    { name: 'a variable reassigned to logits before the loss', code: 'import torch.nn.functional as F\np = F.softmax(out, dim=1)\np = head(x)\nloss = F.cross_entropy(p, y)\n' },
    { name: 'a user-defined softmax method on the model is not torch softmax', code: 'import torch.nn.functional as F\nclass Head:\n    def softmax(self, x):\n        return x\nh = Head()\nloss = F.cross_entropy(h.softmax(out), y)\n' },
  ],
  invalid: [
    {
      name: 'softmax probabilities into CTCLoss, which takes log-probabilities (crnn_plate_recognition; review 121)',
      code: `import torch\nfrom torch import nn\n\nmodel = nn.Conv2d(3, 78, 1)\ncriterion = nn.CTCLoss()\nfor x, y, n, t in loader:\n    out = model(x).squeeze(2).permute(2, 0, 1)\n    preds = torch.softmax(out, dim=2)\n    loss = criterion(preds, y, n, t)\n    loss.backward()\n`,
      errors: [{ line: 9, text: 'criterion(preds, y, n, t)', message: 'CTCLoss receives the output of softmax' }],
      output: `import torch\nfrom torch import nn\n\nmodel = nn.Conv2d(3, 78, 1)\ncriterion = nn.CTCLoss()\nfor x, y, n, t in loader:\n    out = model(x).squeeze(2).permute(2, 0, 1)\n    preds = torch.log_softmax(out, dim=2)\n    loss = criterion(preds, y, n, t)\n    loss.backward()\n`,
    },
    {
      name: "F.ctc_loss's log_probs given softmax",
      code: 'import torch.nn.functional as F\n\nloss = F.ctc_loss(log_probs=F.softmax(out, dim=2), targets=y, input_lengths=n, target_lengths=t)\n',
      errors: [{ line: 3, message: 'CTCLoss receives the output of softmax' }],
      output: 'import torch.nn.functional as F\n\nloss = F.ctc_loss(log_probs=F.log_softmax(out, dim=2), targets=y, input_lengths=n, target_lengths=t)\n',
    },
    {
      name: 'hard negative: both branches build a CrossEntropyLoss (with other arguments)',
      code: CTC_OR_ATTN('torch.nn.CrossEntropyLoss(label_smoothing=0.1)').replace('log_softmax(2)', 'softmax(2)'),
      errors: [{ line: 15, text: 'criterion(preds, text, preds_size, length)', message: 'CrossEntropyLoss receives the output of softmax' }],
      output: CTC_OR_ATTN('torch.nn.CrossEntropyLoss(label_smoothing=0.1)').replace('model(image).log_softmax(2)', 'model(image)'),
    },
    {
      name: 'a model built by a factory function of the file (`model = get_net(cfg, is_train=True)`)',
      code: FACTORY('return F.softmax(self.fc(x), dim=1)'),
      errors: [{ line: 20, message: 'softmax (Net.forward())' }],
      output: FACTORY('return self.fc(x)'),
    },
    {
      name: 'softmax in forward(), loss through a variable',
      code: NET('return F.softmax(self.fc(x), dim=1)') + '\nmodel = Net()\ncriterion = nn.CrossEntropyLoss()\nout = model(x)\nloss = criterion(out, y)\n',
      errors: [{ text: 'criterion(out, y)', message: 'CrossEntropyLoss receives the output of softmax (Net.forward())' }],
      output: NET('return self.fc(x)') + '\nmodel = Net()\ncriterion = nn.CrossEntropyLoss()\nout = model(x)\nloss = criterion(out, y)\n',
    },
    {
      name: 'functional softmax straight into F.cross_entropy, aliased import',
      code: 'from torch.nn import functional as Fn\nloss = Fn.cross_entropy(Fn.softmax(logits, dim=-1), y)\n',
      errors: [{ text: 'Fn.cross_entropy(Fn.softmax(logits, dim=-1), y)' }],
      output: 'from torch.nn import functional as Fn\nloss = Fn.cross_entropy(logits, y)\n',
    },
    {
      name: 'sigmoid into BCEWithLogitsLoss via tensor method',
      code: 'from torch.nn import BCEWithLogitsLoss as BL\ncrit = BL()\nprobs = logits.sigmoid()\nloss = crit(probs, target)\n',
      errors: [{ text: 'crit(probs, target)', message: 'BCEWithLogitsLoss' }],
      output: 'from torch.nn import BCEWithLogitsLoss as BL\ncrit = BL()\nprobs = logits\nloss = crit(probs, target)\n',
    },
    {
      name: 'an nn.Softmax built in __init__ and applied in forward(): the message and the fix are where it is applied',
      code: SOFTMAX_MODULE('CrossEntropyLoss'),
      errors: [{ text: 'criterion(model(x), y)', message: 'CrossEntropyLoss receives the output of softmax (Net.forward())' }],
      output: SOFTMAX_MODULE('CrossEntropyLoss').replace('return self.softmax(self.fc(x))', 'return self.fc(x)'),
    },
    {
      name: 'an nn.Softmax module into NLLLoss: no fix (renaming self.softmax would call an attribute that does not exist)',
      code: SOFTMAX_MODULE('NLLLoss'),
      errors: [{ text: 'criterion(model(x), y)', message: 'NLLLoss receives the output of softmax (Net.forward())' }],
    },
    {
      name: 'softmax into NLLLoss: fix uses log_softmax',
      code: 'import torch\nimport torch.nn as nn\nloss = nn.NLLLoss()(torch.softmax(out, 1), y)\n',
      errors: [{ message: 'log-probabilities' }],
      output: 'import torch\nimport torch.nn as nn\nloss = nn.NLLLoss()(torch.log_softmax(out, 1), y)\n',
    },
    {
      name: 'nn.Sequential ending in nn.Softmax',
      code: 'import torch.nn as nn\nmodel = nn.Sequential(\n    nn.Linear(10, 3),\n    nn.Softmax(dim=1),\n)\nloss = nn.CrossEntropyLoss()(model(x), y)\n',
      errors: [{ line: 6, message: 'last layer of nn.Sequential' }],
      output: 'import torch.nn as nn\nmodel = nn.Sequential(\n    nn.Linear(10, 3),\n)\nloss = nn.CrossEntropyLoss()(model(x), y)\n',
    },
    {
      name: 'model passed into a training function (parameter bound at the call site)',
      code: NET('return self.fc(x).softmax(dim=1)') + '\ndef train(model, loader):\n    crit = nn.CrossEntropyLoss()\n    for x, y in loader:\n        loss = crit(model(x), y)\n\ntrain(Net(), loader)\n',
      errors: [{ text: 'crit(model(x), y)' }],
      output: NET('return self.fc(x)') + '\ndef train(model, loader):\n    crit = nn.CrossEntropyLoss()\n    for x, y in loader:\n        loss = crit(model(x), y)\n\ntrain(Net(), loader)\n',
    },
    {
      name: 'softmax in model.py, loss in train.py (cross-file fix)',
      files: { 'model.py': NET('return F.softmax(self.fc(x), dim=1)') },
      code: 'from torch import nn\nfrom model import Net\nnet = Net()\nloss = nn.CrossEntropyLoss()(net(x), y)\n',
      errors: [{ line: 4 }],
      outputFiles: { 'model.py': NET('return self.fc(x)') },
    },
  ],
});

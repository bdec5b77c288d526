import { strict as assert } from 'assert';
import { analyzeCase, ruleTester } from '../../support/rule-tester';
import { lineOf, notebook } from '../helpers/projects';

const HEAD = 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n';
const EVALUATE = 'def evaluate(model, loader):\n    model.eval()\n    with torch.no_grad():\n        return sum(nn.functional.cross_entropy(model(x), y).item() for x, y in loader)\n\n';
const STEP = 'opt.zero_grad()\nnn.functional.cross_entropy(model(x), y).backward()\nopt.step()\n';
const indent = (code: string, n: number): string => code.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
const TRAIN_FN = 'def train(model, loader, opt):\n    for x, y in loader:\n' + indent(STEP, 8) + '\n';

/** A frozen text encoder used in a LoRA fine-tuning loop (diffusers): it runs in eval mode on purpose. */
const FROZEN_ENCODER =
  'import torch\nfrom transformers import CLIPTextModel\n\ntext_encoder = CLIPTextModel.from_pretrained("openai/clip-vit-large-patch14")\ntext_encoder.requires_grad_(False)\n' +
  'opt = torch.optim.AdamW(lora_params, lr=1e-4)\nfor step in range(1000):\n    emb = text_encoder(ids)[0]\n    loss = diffusion_loss(unet, latents, emb)\n    loss.backward()\n    opt.step()\n    opt.zero_grad()\n';

/** The Kaggle wrapper around timm (review 96): `Clf(arch, 5)` builds `timm.create_model(arch, …)`. */
const TIMM_WRAPPER = (arch: string): string =>
  `import torch\nimport timm\nfrom torch import nn\n\n\nclass Clf(nn.Module):\n    def __init__(self, arch, n_class, pretrained=False):\n        super().__init__()\n        self.model = timm.create_model(arch, pretrained=pretrained, num_classes=n_class)\n\n    def forward(self, x):\n        return self.model(x)\n\n\ndef evaluate(model, loader):\n    model.eval()\n    with torch.no_grad():\n        return sum(nn.functional.cross_entropy(model(x), y).item() for x, y in loader)\n\n\ndef train_one_epoch(model, loader, opt):\n    for x, y in loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n\n\ntorch.manual_seed(0)\nmodel = Clf("${arch}", 5, pretrained=True)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(10):\n    train_one_epoch(model, train_loader, opt)\n    print(evaluate(model, val_loader))\n`;

/** SASRec's main: `model.eval()` under `if args.inference_only:`, and the epoch loop's first statement `leave`. */
const SASREC = (leave: string): string =>
  `import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.2))\nopt = torch.optim.Adam(model.parameters(), lr=1e-3)\nargs = parser.parse_args()\nif args.inference_only:\n    model.eval()\n    with torch.no_grad():\n        print(model(x_test).mean())\nfor epoch in range(10):\n    ${leave}\n    for x, y in batches:\n        opt.zero_grad()\n        nn.functional.mse_loss(model(x), y).backward()\n        opt.step()\n`;

/** AnoGAN's anomaly score: the generator in eval mode, an optimizer over `params` searching its latent code. */
const ANOGAN = (params: string): string =>
  `import torch\nfrom torch import nn\n\nG = nn.Sequential(nn.ConvTranspose2d(20, 8, 4), nn.BatchNorm2d(8), nn.Tanh())\nG.load_state_dict(torch.load('G.pth'))\nG.eval()\nfor x, _ in test_dataloader:\n    z = torch.randn(x.size(0), 20, 1, 1).requires_grad_()\n    z_optimizer = torch.optim.Adam(${params}, lr=1e-3)\n    for it in range(500):\n        loss = torch.sum(torch.abs(x - G(z)))\n        z_optimizer.zero_grad()\n        loss.backward()\n        z_optimizer.step()\n`;

ruleTester('NR206', {
  valid: [
    { name: "an optimizer over a latent code, the generator kept in eval mode on purpose (AnoGAN's anomaly score; review 111)", code: ANOGAN('[z]') },
    { name: "an evaluation under a setting that also stops the epoch loop before it trains (SASRec's `if args.inference_only: break`; review 103)", code: SASREC('if args.inference_only: break') },
    { name: 'hard negative: the same wrapper around a timm ViT (no batch norm, no dropout by default)', code: TIMM_WRAPPER('vit_base_patch16_224') },
    {
      name: 'hard negative: the same, switched back to training mode after the no-grad block',
      code: "import torch\nimport torch.nn as nn\n\ntorch.manual_seed(123)\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.1), nn.Linear(10, 100))\n\n\ndef train(epochs, optimizer, model, train_data_loader, val_data_loader):\n    criterion = nn.CrossEntropyLoss()\n    for epoch in range(epochs):\n        model.train()\n        for train_batch, (data, target) in enumerate(train_data_loader):\n            scores = model(data)\n            loss = criterion(scores, target)\n            optimizer.zero_grad()\n            loss.backward()\n            optimizer.step()\n            with torch.no_grad():\n                model.eval()\n                scores = model(data)\n            model.train()\n        for val_batch, (data, target) in enumerate(val_data_loader):\n            model.eval()\n            with torch.no_grad():\n                scores = model(data)\n\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntrain(10, optimizer, model, trainloader, validloader)\n",
    },
    {
      name: "a training function that switches to train mode itself, called by the epoch loop after an evaluation (pyg's gcn.py)",
      code: HEAD + 'def train():\n    model.train()\n    opt.zero_grad()\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    opt.step()\n\n\n@torch.no_grad()\ndef test():\n    model.eval()\n    return model(x).argmax(-1)\n\n\nfor epoch in range(10):\n    loss = train()\n    print(test())\n',
    },
    {
      name: "a loss helper shared by the training and the validation loops (dlwpt's computeBatchLoss): training calls it in train mode",
      code: 'import torch\nfrom torch import nn\n\n\nclass App:\n    def __init__(self):\n        self.model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))\n        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.01)\n\n    def main(self, train_dl, val_dl):\n        for epoch in range(10):\n            self.do_training(train_dl)\n            self.do_validation(val_dl)\n\n    def do_training(self, train_dl):\n        self.model.train()\n        for x, y in train_dl:\n            self.opt.zero_grad()\n            loss = self.compute_batch_loss(x, y)\n            loss.backward()\n            self.opt.step()\n\n    def do_validation(self, val_dl):\n        with torch.no_grad():\n            self.model.eval()\n            for x, y in val_dl:\n                self.compute_batch_loss(x, y)\n\n    def compute_batch_loss(self, x, y):\n        return nn.functional.cross_entropy(self.model(x), y)\n',
    },
    { name: 'a frozen text encoder (requires_grad_(False)) in eval mode while LoRA weights train', code: FROZEN_ENCODER },
    {
      name: "a teacher frozen parameter by parameter (distillation)",
      code: 'import torch\nfrom transformers import AutoModel\n\nteacher = AutoModel.from_pretrained("bert-large-uncased")\nfor p in teacher.parameters():\n    p.requires_grad = False\nopt = torch.optim.AdamW(student.parameters(), lr=1e-4)\nfor batch in loader:\n    with_t = teacher(**batch).logits\n    loss = kd_loss(student(**batch).logits, with_t)\n    loss.backward()\n    opt.step()\n    opt.zero_grad()\n',
    },
    { name: 'hard negative: a notebook of 60 cells, each building its own model and calling model.train() in its epoch loop', code: notebook(60) },
    { name: 'hard negative: a cell after a top-level raise never runs (60 cells, the last one without model.train())', code: notebook(60, { cell: 59, omit: 'train', raiseBefore: true }) },
    { name: 'model.train() at the top of the epoch', code: HEAD + EVALUATE + 'for epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    evaluate(model, val_loader)\n' },
    { name: 'model.train() inside the training helper', code: HEAD + EVALUATE + 'def train(model, loader, opt):\n    model.train()\n    for x, y in loader:\n' + indent(STEP, 8) + '\nfor epoch in range(10):\n    train(model, train_loader, opt)\n    evaluate(model, val_loader)\n' },
    {
      name: 'the evaluation restores training mode at its end',
      code: HEAD + 'def evaluate(model, loader):\n    model.eval()\n    with torch.no_grad():\n        loss = sum(nn.functional.cross_entropy(model(x), y).item() for x, y in loader)\n    model.train()\n    return loss\n\n' + TRAIN_FN + 'for epoch in range(10):\n    train(model, train_loader, opt)\n    evaluate(model, val_loader)\n',
    },
    { name: 'model.train(True) and model.train(mode=True)', code: HEAD + EVALUATE + 'for epoch in range(10):\n    model.train(mode=True)\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    evaluate(model, val_loader)\n    model.train(True)\n' },
    {
      name: 'hard negative: a deliberate model.eval() before training (frozen batch norm), no evaluation',
      code: HEAD + 'model.eval()  # keep BN statistics frozen while fine-tuning\nfor epoch in range(10):\n    for x, y in train_loader:\n' + indent(STEP, 8),
    },
    { name: 'hard negative: evaluation only after the last epoch', code: HEAD + EVALUATE + 'for epoch in range(10):\n    for x, y in train_loader:\n' + indent(STEP, 8) + 'evaluate(model, val_loader)\n' },
    {
      name: 'hard negative: a model without dropout or batch norm',
      code: 'import torch\nfrom torch import nn\n\nmodel = nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n\n' + EVALUATE + 'for epoch in range(10):\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    evaluate(model, val_loader)\n',
    },
    {
      name: 'unknown: the evaluation helper comes from a file we cannot read',
      code: HEAD + 'from helpers import evaluate\n\nfor epoch in range(10):\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    evaluate(model, val_loader)\n',
    },
    {
      name: "hard negative: the transfer-learning tutorial's phase loop (train/eval chosen per phase)",
      code:
        HEAD +
        'for epoch in range(25):\n    for phase in ["train", "val"]:\n        if phase == "train":\n            model.train()\n        else:\n            model.eval()\n        for inputs, labels in dataloaders[phase]:\n            opt.zero_grad()\n            with torch.set_grad_enabled(phase == "train"):\n                loss = nn.functional.cross_entropy(model(inputs), labels)\n                if phase == "train":\n                    loss.backward()\n                    opt.step()\n',
    },
    { name: 'Lightning: the Trainer switches modes', code: 'import lightning as L\n\ntrainer = L.Trainer(max_epochs=10)\ntrainer.fit(LitModel(), train_loader, val_loader)\n' },
  ],
  invalid: [
    {
      name: "hard negative: the same loop stepping the generator's parameters",
      code: ANOGAN('G.parameters()'),
      errors: [{ line: 11, text: 'G(z)' }],
      output: ANOGAN('G.parameters()').replace('for x, _ in test_dataloader:\n', 'for x, _ in test_dataloader:\n    G.train()\n'),
    },
    {
      name: 'hard negative: the epoch loop leaves under another test',
      code: SASREC('if args.dry_run: break'),
      errors: [{ line: 15, text: 'model(x)' }],
      output: SASREC('if args.dry_run: break').replace('for epoch in range(10):\n', 'for epoch in range(10):\n    model.train()\n'),
    },
    {
      name: "a module wrapping timm.create_model(arch) built with a batch-norm architecture's name (the Kaggle pattern; review 96)",
      code: TIMM_WRAPPER('efficientnet_b0'),
      errors: [{ line: 32, text: 'train_one_epoch(model, train_loader, opt)' }],
      output: TIMM_WRAPPER('efficientnet_b0').replace('for epoch in range(10):\n', 'for epoch in range(10):\n    model.train()\n'),
    },
    {
      name: 'model.eval() inside a no-grad block of the batch loop (a training accuracy), never switched back (review 76)',
      code: "import torch\nimport torch.nn as nn\n\ntorch.manual_seed(123)\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.1), nn.Linear(10, 100))\n\n\ndef train(epochs, optimizer, model, train_data_loader, val_data_loader):\n    criterion = nn.CrossEntropyLoss()\n    for epoch in range(epochs):\n        model.train()\n        for train_batch, (data, target) in enumerate(train_data_loader):\n            scores = model(data)\n            loss = criterion(scores, target)\n            optimizer.zero_grad()\n            loss.backward()\n            optimizer.step()\n            with torch.no_grad():\n                model.eval()\n                scores = model(data)\n        for val_batch, (data, target) in enumerate(val_data_loader):\n            model.eval()\n            with torch.no_grad():\n                scores = model(data)\n\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntrain(10, optimizer, model, trainloader, validloader)\n",
      errors: [{ line: 13, text: 'model(data)' }],
      output: "import torch\nimport torch.nn as nn\n\ntorch.manual_seed(123)\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.1), nn.Linear(10, 100))\n\n\ndef train(epochs, optimizer, model, train_data_loader, val_data_loader):\n    criterion = nn.CrossEntropyLoss()\n    for epoch in range(epochs):\n        model.train()\n        for train_batch, (data, target) in enumerate(train_data_loader):\n            model.train()\n            scores = model(data)\n            loss = criterion(scores, target)\n            optimizer.zero_grad()\n            loss.backward()\n            optimizer.step()\n            with torch.no_grad():\n                model.eval()\n                scores = model(data)\n        for val_batch, (data, target) in enumerate(val_data_loader):\n            model.eval()\n            with torch.no_grad():\n                scores = model(data)\n\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntrain(10, optimizer, model, trainloader, validloader)\n",
    },
    {
      name: 'hard negative: the same shared helper, and nothing switches back to train mode after validation',
      code: 'import torch\nfrom torch import nn\n\n\nclass App:\n    def __init__(self):\n        self.model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))\n        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.01)\n\n    def main(self, train_dl, val_dl):\n        for epoch in range(10):\n            self.do_training(train_dl)\n            self.do_validation(val_dl)\n\n    def do_training(self, train_dl):\n        for x, y in train_dl:\n            self.opt.zero_grad()\n            loss = self.compute_batch_loss(x, y)\n            loss.backward()\n            self.opt.step()\n\n    def do_validation(self, val_dl):\n        with torch.no_grad():\n            self.model.eval()\n            for x, y in val_dl:\n                self.compute_batch_loss(x, y)\n\n    def compute_batch_loss(self, x, y):\n        return nn.functional.cross_entropy(self.model(x), y)\n',
      errors: [{ line: 12, text: 'self.do_training(train_dl)' }],
      output: 'import torch\nfrom torch import nn\n\n\nclass App:\n    def __init__(self):\n        self.model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))\n        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.01)\n\n    def main(self, train_dl, val_dl):\n        for epoch in range(10):\n            self.model.train()\n            self.do_training(train_dl)\n            self.do_validation(val_dl)\n\n    def do_training(self, train_dl):\n        for x, y in train_dl:\n            self.opt.zero_grad()\n            loss = self.compute_batch_loss(x, y)\n            loss.backward()\n            self.opt.step()\n\n    def do_validation(self, val_dl):\n        with torch.no_grad():\n            self.model.eval()\n            for x, y in val_dl:\n                self.compute_batch_loss(x, y)\n\n    def compute_batch_loss(self, x, y):\n        return nn.functional.cross_entropy(self.model(x), y)\n',
    },
    {
      name: 'an evaluation every 100 steps inside the batch loop, model.train() only at the start of the epoch (milesial U-Net): the fix goes into the batch loop',
      code: HEAD + EVALUATE + 'step = 0\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n' + indent(STEP, 8) + '\n        step += 1\n        if step % 100 == 0:\n            print(evaluate(model, val_loader))\n',
      errors: [{ line: 17, text: 'model(x)', message: 'Call `model.train()` at the start of each step of the loop that runs the evaluation.' }],
      output: HEAD + EVALUATE + 'step = 0\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        model.train()\n' + indent(STEP, 8) + '\n        step += 1\n        if step % 100 == 0:\n            print(evaluate(model, val_loader))\n',
    },
    (() => {
      // each cell's model is walked from where the cell builds it: the last of 60 cells is as well followed as the first
      const code = notebook(60, { cell: 59, omit: 'train' });
      return {
        name: 'a notebook exported as a script, 60 cells each building a model: the last cell never calls model.train()',
        code,
        errors: [{ text: 'model(x)', line: lineOf(code, 'cross_entropy(model(x)') }],
        output: code.slice(0, code.lastIndexOf('for epoch in range(3):\n') + 'for epoch in range(3):\n'.length) + '    model.train()\n' + code.slice(code.lastIndexOf('for epoch in range(3):\n') + 'for epoch in range(3):\n'.length),
      };
    })(),
    {
      name: 'the evaluation runs inside a star argument (`print(*evaluate(…))`): it still switches the mode',
      code: HEAD + EVALUATE + 'for epoch in range(10):\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    print("val", *evaluate(model, val_loader))\n',
      errors: [{ text: 'model(x)', line: 15, message: '`evaluate(model, val_loader)` switches it to eval mode' }],
      output: HEAD + EVALUATE + 'for epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    print("val", *evaluate(model, val_loader))\n',
    },
    {
      name: 'classic: evaluate() switches to eval mode, the next epoch trains in it',
      code: HEAD + EVALUATE + 'for epoch in range(10):\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    evaluate(model, val_loader)\n',
      errors: [{ text: 'model(x)', line: 15, message: '`evaluate(model, val_loader)` switches it to eval mode' }],
      output: HEAD + EVALUATE + 'for epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    evaluate(model, val_loader)\n',
    },
    {
      name: 'training and evaluation in helpers, called from the epoch loop',
      code: HEAD + EVALUATE + TRAIN_FN + 'for epoch in range(10):\n    train(model, train_loader, opt)\n    evaluate(model, val_loader)\n',
      errors: [{ text: 'train(model, train_loader, opt)' }],
      output: HEAD + EVALUATE + TRAIN_FN + 'for epoch in range(10):\n    model.train()\n    train(model, train_loader, opt)\n    evaluate(model, val_loader)\n',
    },
    {
      name: 'evaluation every N steps inside the only loop, inline',
      code: HEAD + 'for it in range(1000):\n    if it % 100 == 0:\n        model.eval()\n        with torch.no_grad():\n            val = nn.functional.cross_entropy(model(xv), yv)\n    x, y = next(batches)\n' + indent(STEP, 4),
      errors: [{ line: 14, text: 'model(x)', message: '`model.eval()` switches it to eval mode' }],
      output: HEAD + 'for it in range(1000):\n    model.train()\n    if it % 100 == 0:\n        model.eval()\n        with torch.no_grad():\n            val = nn.functional.cross_entropy(model(xv), yv)\n    x, y = next(batches)\n' + indent(STEP, 4),
    },
    {
      name: 'a validation before training starts, in main()',
      code: HEAD.replace('model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n', '') + EVALUATE + 'def main():\n    net = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.2), nn.Linear(8, 2))\n    opt = torch.optim.Adam(net.parameters())\n    print("initial", evaluate(net, val_loader))\n    for epoch in range(10):\n        for x, y in train_loader:\n            opt.zero_grad()\n            nn.functional.cross_entropy(net(x), y).backward()\n            opt.step()\n',
      errors: [{ text: 'net(x)', message: '`evaluate(net, val_loader)` switches it to eval mode' }],
      output: HEAD.replace('model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n', '') + EVALUATE + 'def main():\n    net = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.2), nn.Linear(8, 2))\n    opt = torch.optim.Adam(net.parameters())\n    print("initial", evaluate(net, val_loader))\n    for epoch in range(10):\n        net.train()\n        for x, y in train_loader:\n            opt.zero_grad()\n            nn.functional.cross_entropy(net(x), y).backward()\n            opt.step()\n',
    },
    {
      name: 'Accelerate: the prepared model, evaluated inline after each epoch',
      code:
        HEAD +
        'from accelerate import Accelerator\n\ndef main():\n    accelerator = Accelerator()\n    net, optimizer, loader = accelerator.prepare(model, opt, train_loader)\n    for epoch in range(3):\n        for x, y in loader:\n            with accelerator.accumulate(net):\n                loss = nn.functional.cross_entropy(net(x), y)\n                accelerator.backward(loss)\n                optimizer.step()\n                optimizer.zero_grad()\n        net.eval()\n        for x, y in eval_loader:\n            with torch.no_grad():\n                preds = net(x).argmax(-1)\n',
      errors: [{ text: 'net(x)', line: 15, message: '`net.eval()` switches it to eval mode' }],
      output:
        HEAD +
        'from accelerate import Accelerator\n\ndef main():\n    accelerator = Accelerator()\n    net, optimizer, loader = accelerator.prepare(model, opt, train_loader)\n    for epoch in range(3):\n        net.train()\n        for x, y in loader:\n            with accelerator.accumulate(net):\n                loss = nn.functional.cross_entropy(net(x), y)\n                accelerator.backward(loss)\n                optimizer.step()\n                optimizer.zero_grad()\n        net.eval()\n        for x, y in eval_loader:\n            with torch.no_grad():\n                preds = net(x).argmax(-1)\n',
    },
    {
      name: 'a frozen model, unfrozen later, is trained again: reported',
      code: FROZEN_ENCODER.replace('text_encoder.requires_grad_(False)\n', 'text_encoder.requires_grad_(False)\ntext_encoder.requires_grad_(True)\n'),
      errors: [{ text: 'text_encoder(ids)', message: '`from_pretrained()` returns it in eval mode' }],
      output: FROZEN_ENCODER.replace('text_encoder.requires_grad_(False)\n', 'text_encoder.requires_grad_(False)\ntext_encoder.requires_grad_(True)\n').replace('for step in range(1000):\n', 'for step in range(1000):\n    text_encoder.train()\n'),
    },
    {
      name: 'Hugging Face from_pretrained starts in eval mode and the custom loop never calls train()',
      code: 'import torch\nfrom transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\nopt = torch.optim.AdamW(model.parameters(), lr=2e-5)\nfor epoch in range(3):\n    for batch in train_loader:\n        loss = model(**batch).loss\n        loss.backward()\n        opt.step()\n        opt.zero_grad()\n',
      errors: [{ text: 'model(**batch)', message: '`from_pretrained()` returns it in eval mode' }],
      output: 'import torch\nfrom transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\nopt = torch.optim.AdamW(model.parameters(), lr=2e-5)\nfor epoch in range(3):\n    model.train()\n    for batch in train_loader:\n        loss = model(**batch).loss\n        loss.backward()\n        opt.step()\n        opt.zero_grad()\n',
    },
  ],
});

describe('NR206 fix safety', () => {
  const safety = (code: string): string[] => analyzeCase({ code }).result.findings.filter((f) => f.code === 'NR206').flatMap((f) => f.fixes.map((x) => x.safety));
  it('safe when the epoch trains first', () => {
    assert.deepEqual(safety(HEAD + EVALUATE + 'for epoch in range(10):\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    evaluate(model, val_loader)\n'), ['safe']);
  });
  it('unsafe when the epoch evaluates first, relying on the mode of the previous iteration', () => {
    assert.deepEqual(
      safety(HEAD + 'for epoch in range(10):\n    with torch.no_grad():\n        val = nn.functional.cross_entropy(model(xv), yv)\n    for x, y in train_loader:\n' + indent(STEP, 8) + '    model.eval()\n    with torch.no_grad():\n        print(model(xv).argmax(1))\n'),
      ['unsafe'],
    );
  });
});

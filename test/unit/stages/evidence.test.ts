import { strict as assert } from 'assert';
import { Analyzer } from '../../../src/engine';
import { type Evidence, type EvidenceKind, fileEvidence, withoutUncalled } from '../../../src/engine/stages';

/** The evidence of a project of one file: what the file shows, as the assessment keeps it (`withoutUncalled`). */
function evidence(code: string, path = '/p/train.py'): Evidence[] {
  const fe = fileEvidence({ path, text: code }, new Analyzer());
  return withoutUncalled(fe.evidence, new Set(fe.references));
}

interface Case {
  name: string;
  code: string;
  path?: string;
  /** Evidence of this kind must be found (with this text under its range), or must not be. */
  kind: EvidenceKind;
  found: boolean;
  text?: string;
  tips?: string[];
  /** How many pieces of evidence of this kind, when it matters. */
  count?: number;
}

/** TRADES' WideResNet: a block keeps its rate in `self.droprate`; `build` builds the network. */
const WRN = (build: string): string =>
  `import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass BasicBlock(nn.Module):\n    def __init__(self, n, dropRate=0.0):\n        super().__init__()\n        self.conv = nn.Conv2d(n, n, 3)\n        self.droprate = dropRate\n\n    def forward(self, x):\n        out = self.conv(x)\n        if self.droprate > 0:\n            out = F.dropout(out, p=self.droprate, training=self.training)\n        return out\n\n\nclass WideResNet(nn.Module):\n    def __init__(self, dropRate=0.0):\n        super().__init__()\n        self.block = BasicBlock(16, dropRate)\n\n\nmodel = ${build}\n`;
/** SGC's GCN: the rate handed from the `--dropout` option (default `dflt`) and kept in `self.dropout`. */
const SGC_DROPOUT = (dflt: string): string =>
  `import argparse\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass GCN(nn.Module):\n    def __init__(self, nfeat, dropout):\n        super().__init__()\n        self.fc = nn.Linear(nfeat, 2)\n        self.dropout = dropout\n\n    def forward(self, x):\n        x = F.dropout(x, self.dropout, training=self.training)\n        return self.fc(x)\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--dropout', type=float, default=${dflt})\nargs = parser.parse_args()\nmodel = GCN(16, args.dropout)\n`;
const BUDGET = (cond: string): string =>
  `import torch\n\n\ndef _train(model, loader, optimizer, num_steps_to_finish=90000, patience=5):\n    step, bad_epochs = 0, 0\n    should_stop = False\n    while not should_stop:\n        for x, y in loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n            step += 1\n            if ${cond}:\n                should_stop = True\n            if should_stop:\n                break\n`;
const ENGINE_EVAL = (tail: string): string =>
  `import torch\nfrom tqdm import tqdm\n\n\ndef eval_fn(data_loader, model, device):\n    model.eval()\n    outputs = []\n    with torch.no_grad():\n        for d in tqdm(data_loader, total=len(data_loader)):\n            outputs.extend(torch.sigmoid(model(d["ids"].to(device))).cpu().tolist())\n    return outputs\n${tail}`;
const LSTNET = (arrays: string): string =>
  `import torch\n\n\ndef evaluate(data, X, Y, model, batch_size):\n    model.eval()\n    total = 0.0\n    with torch.no_grad():\n        for X, Y in data.get_batches(X, Y, batch_size, False):\n            total += criterion(model(X), Y).item()\n    return total\n\n\nfor epoch in range(100):\n    print(evaluate(Data, ${arrays}, model, 128))\n`;
const STOPPER = (fed: string): string =>
  `import numpy as np\nimport torch\n\n\nclass EarlyStopper:\n    def __init__(self, patience):\n        self.patience = patience\n        self.counter = 0\n        self.min_loss = float('inf')\n\n    def early_stop(self, current_loss):\n        if current_loss < self.min_loss:\n            self.min_loss = current_loss\n            self.counter = 0\n        else:\n            self.counter += 1\n        return self.counter >= self.patience\n\n\ndef train_model(model, train_loader, val_loader, epochs):\n    es = EarlyStopper(patience=3)\n    for epoch in range(epochs):\n        train_loss = []\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            loss = criterion(model(x), y)\n            train_loss.append(loss.item())\n            loss.backward()\n            optimizer.step()\n        val_loss = evaluate(model, val_loader)\n        stop = es.early_stop(current_loss=${fed})\n        if stop:\n            break\n`;
const SHARED_RUN = (evalCall: string): string =>
  `import torch\nimport torch.nn.functional as F\n\n\ndef run(net, loader, optimizer=None, train=True):\n    net.train(train)\n    total, correct = 0, 0\n    with torch.set_grad_enabled(train):\n        for x, y in loader:\n            out = net(x)\n            loss = F.cross_entropy(out, y)\n            if train:\n                optimizer.zero_grad()\n                loss.backward()\n                optimizer.step()\n            correct += (out.argmax(1) == y).sum().item()\n            total += x.size(0)\n    return correct / total\n\n\nfor epoch in range(10):\n    tr = run(net, train_loader, optimizer, train=True)\n    te = ${evalCall}\n    print(epoch, tr, te)\n`;
const PRETRAINED_BEHIND = (option: string): string =>
  `import argparse\nfrom transformers import BertConfig, BertModel\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--init_from_pretrained', ${option})\nargs = parser.parse_args()\nif args.init_from_pretrained:\n    model = BertModel.from_pretrained('bert-base-uncased')\nelse:\n    model = BertModel(BertConfig())\n`;
const RAISES = (tail: string): string =>
  `import torch\n\n\ndef test(snet):\n    snet.eval()\n    total = 0.0\n    with torch.no_grad():\n        for img, target in test_loader:\n            out = snet(img)\n            if args.kd_mode == "logits":\n                total += criterion(out, target).item()\n            ${tail}\n    return total\n`;
const GETATTR_FROZEN = (grad: string): string =>
  `import torch.nn as nn\nfrom torchvision import models\n\n\nclass VGG16FeatureExtractor(nn.Module):\n    def __init__(self):\n        super().__init__()\n        vgg16 = models.vgg16(pretrained=True)\n        self.enc_1 = nn.Sequential(*vgg16.features[:5])\n        self.enc_2 = nn.Sequential(*vgg16.features[5:10])\n        for i in range(2):\n            for param in getattr(self, 'enc_{:d}'.format(i + 1)).parameters():\n                param.requires_grad = ${grad}\n`;
const DENOISE = (header: string): string =>
  `import torch\n\n\ndef validate(model):\n    psnr_val = 0\n    with torch.no_grad():\n        ${header}\n            imgn_val = img_val + torch.randn_like(img_val) * 0.1\n            out_val = torch.clamp(imgn_val - model(imgn_val), 0., 1.)\n            psnr_val += batch_PSNR(out_val, img_val, 1.)\n    return psnr_val\n`;
const RENDER_PATH = (score: string): string =>
  `import imageio\nimport numpy as np\nfrom tqdm import tqdm\n\n\ndef render_path(model, test_poses, gt_imgs, savedir):\n    psnrs = []\n    for i, c2w in enumerate(tqdm(test_poses)):\n        rgb = render(model, c2w)\n        ${score || 'pass'}\n        imageio.imwrite(savedir + str(i) + '.png', rgb)\n    return psnrs\n`;
const HF_SUBCLASS = (base: string): string =>
  `from transformers import Trainer\n\n\nclass BaseTrainer(${base}):\n    pass\n\n\nclass ExtractionTrainer(BaseTrainer):\n    pass\n\n\ndef run_task(task_name, model, args, train_dataset, eval_dataset):\n    trainer_cls = ExtractionTrainer\n    if task_name.endswith("cls"):\n        trainer_cls = BaseTrainer\n    trainer = trainer_cls(model=model, args=args, train_dataset=train_dataset, eval_dataset=eval_dataset)\n    trainer.train()\n    metrics = trainer.evaluate(eval_dataset=eval_dataset)\n`;
const ACCEL_STOP = (inBatch: string, afterEpoch: string): string =>
  `import torch\n\n\nclass EarlyStoppingCallback:\n    def __init__(self, min_delta=0, patience=5):\n        self.patience = patience\n        self.counter = 0\n        self.lowest_loss = float("inf")\n\n    def check_early_stopping(self, eval_loss):\n        if eval_loss < self.lowest_loss:\n            self.lowest_loss = eval_loss\n            self.counter = 0\n        else:\n            self.counter += 1\n        return self.counter >= self.patience\n\n\ncallback = EarlyStoppingCallback()\n\n\ndef training_function(model, optimizer, train_dataloader, eval_dataloader):\n    stop = False\n    for epoch in range(3):\n        for batch in train_dataloader:\n            loss = model(**batch).loss\n            loss.backward()\n            optimizer.step()\n            optimizer.zero_grad()\n            ${inBatch}\n${afterEpoch}`;
const LOOP = `for x, y in train_loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`;

const CASES: Case[] = [
  // 1: data exploration, only in files that do not train
  { name: 'class counts and a histogram', kind: 'data-exploration', found: true, code: `from collections import Counter\nimport matplotlib.pyplot as plt\n\nprint(Counter(labels))\nplt.hist(sizes)\n`, text: 'Counter(labels)', tips: ['1.1'] },
  { name: "a vocabulary's word counts, only used to keep the frequent words (sgrvinod's captioning `create_input_files`; review 142)", kind: 'data-exploration', found: false, code: `import json\nfrom collections import Counter\n\n\ndef build_vocab(captions, min_freq=5):\n    word_freq = Counter()\n    for caption in captions:\n        word_freq.update(caption.lower().split())\n    words = [w for w in word_freq if word_freq[w] > min_freq]\n    return {w: i + 1 for i, w in enumerate(words)}\n` },
  ...['    print(word_freq.most_common(20))\n', '    logger.info("%d words", len(word_freq))\n'].map((show): Case => ({ name: `hard negative: the same counts shown (\`${show.trim()}\`)`, kind: 'data-exploration', found: true, code: `import json\nfrom collections import Counter\n\n\ndef build_vocab(captions, min_freq=5):\n    word_freq = Counter()\n    for caption in captions:\n        word_freq.update(caption.lower().split())\n${show}    words = [w for w in word_freq if word_freq[w] > min_freq]\n    return {w: i + 1 for i, w in enumerate(words)}\n`, text: 'Counter()' })),
  { name: 'hard negative: counts a cell of an exported notebook shows', kind: 'data-exploration', found: true, code: `from collections import Counter\n\ncounts = Counter(labels)\ncounts.most_common(10)\n`, text: 'Counter(labels)' },
  { name: "a grid of labelled samples drawn with the Axes' imshow (`ax.imshow(img)` over `plt.subplots`; review 143)", kind: 'data-exploration', found: true, code: `import matplotlib.pyplot as plt\nimport torchvision.datasets as datasets\n\ntrainset = datasets.MNIST(root='./data', train=True, download=True)\nfig, axes = plt.subplots(4, 5)\nfor i, ax in enumerate(axes.flat):\n    img, label = trainset[i]\n    ax.imshow(img, cmap='gray')\n    ax.set_title(label)\nplt.show()\n`, text: "ax.imshow(img, cmap='gray')" },
  { name: "hard negative: the same grid of the model's predictions", kind: 'data-exploration', found: false, code: `import matplotlib.pyplot as plt\nimport torchvision.datasets as datasets\n\ntrainset = datasets.MNIST(root='./data', train=True, download=True)\nfig, axes = plt.subplots(4, 5)\nfor i, ax in enumerate(axes.flat):\n    img, label = trainset[i]\n    ax.imshow(pred, cmap='gray')\n    ax.set_title(label)\nplt.show()\n` },
  { name: 'hard negative: an imshow method of something else in a file without matplotlib', kind: 'data-exploration', found: false, code: `import cv2\n\nviewer.imshow(frame)\n` },
  { name: "a histogram of a model's prediction errors is no exploration of the data", kind: 'data-exploration', found: false, code: `import matplotlib.pyplot as plt\n\nplt.hist(errors, bins=50)\nplt.imshow(cam_overlay)\nCounter(predictions)\n` },
  { name: "a utilities module's plots of what it is handed, which running it never runs, show whatever its callers hand them (generated samples; Diffusion-Models-pytorch, abarankab's DDPM; review 128)", kind: 'data-exploration', found: false, path: '/p/ddpm/utils.py', code: `import matplotlib.pyplot as plt\nimport torch\n\n\ndef show(img):\n    plt.imshow(((img + 1) / 2).permute(1, 2, 0))\n\n\ndef plot_images(images):\n    for img in images:\n        show(img)\n` },
  { name: 'hard negative: the same helpers run on a dataset sample by the file', kind: 'data-exploration', found: true, path: '/p/ddpm/utils.py', code: `import matplotlib.pyplot as plt\nimport torch\n\n\ndef show(img):\n    plt.imshow(((img + 1) / 2).permute(1, 2, 0))\n\n\ndef plot_images(images):\n    for img in images:\n        show(img)\n\n\nplot_images(next(iter(train_loader))[0])\n`, text: 'plt.imshow(((img + 1) / 2).permute(1, 2, 0))' },
  { name: "an ensemble's majority vote (`Counter(result).most_common(1)` over the models' predictions) is no look at the data (luopeixiang's NER; review 134)", kind: 'data-exploration', found: false, code: `from collections import Counter\n\npred_tags = []\nfor result in zip(*results):\n    pred_tags.append(Counter(result).most_common(1)[0][0])\n` },
  { name: "a training script's look at a batch drawn from its training loader (`next(iter(train_loader))`, the tutorials' way; review 140)", kind: 'data-exploration', found: true, code: `import matplotlib.pyplot as plt\nimport torch\nimport torchvision\nimport torchvision.transforms as transforms\n\ntorch.manual_seed(0)\ntrain_dataset = torchvision.datasets.MNIST('./data', train=True, download=True, transform=transforms.ToTensor())\ntrain_loader = torch.utils.data.DataLoader(train_dataset, batch_size=100, shuffle=True)\n\n# look at a batch of training images before building the model\nimages, labels = next(iter(train_loader))\nplt.imshow(torchvision.utils.make_grid(images[:64]).permute(1, 2, 0))\nplt.title(' '.join(str(int(l)) for l in labels[:64]))\nplt.show()\n\nmodel = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ncriterion = torch.nn.CrossEntropyLoss()\nfor epoch in range(2):\n    for x, y in train_loader:\n        loss = criterion(model(x), y)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n`, text: 'plt.imshow(torchvision.utils.make_grid(images[:64]).permute(1, 2, 0))' },
  { name: 'hard negative: the same plot of random tensors in a training script', kind: 'data-exploration', found: false, code: `import matplotlib.pyplot as plt\nimport torch\nimport torchvision\nimport torchvision.transforms as transforms\n\ntorch.manual_seed(0)\ntrain_dataset = torchvision.datasets.MNIST('./data', train=True, download=True, transform=transforms.ToTensor())\ntrain_loader = torch.utils.data.DataLoader(train_dataset, batch_size=100, shuffle=True)\n\n# look at a batch of training images before building the model\nimages = torch.rand(64, 1, 28, 28)\nplt.imshow(torchvision.utils.make_grid(images[:64]).permute(1, 2, 0))\nplt.title(' '.join(str(int(l)) for l in labels[:64]))\nplt.show()\n\nmodel = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ncriterion = torch.nn.CrossEntropyLoss()\nfor epoch in range(2):\n    for x, y in train_loader:\n        loss = criterion(model(x), y)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n` },
  { name: 'plots in a script that loads trained weights show results', kind: 'data-exploration', found: false, code: `import torch\nimport matplotlib.pyplot as plt\n\nmodel.load_state_dict(torch.load("best.pt"))\nplt.imshow(images[0])\n` },
  { name: 'counting inside a model definition is no exploration', kind: 'data-exploration', found: false, code: `import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n    def forward(self, x):\n        return torch.bincount(x)\n` },
  {
    name: 'LightningCLI with seed_everything_default=42 seeds the run; with True (a seed drawn at random) it does not fix one',
    kind: 'seed',
    found: true,
    code: `from lightning.pytorch.cli import LightningCLI\n\nLightningCLI(Model, seed_everything_default=42)\nLightningCLI(Model, seed_everything_default=True)\n`,
    text: 'LightningCLI(Model, seed_everything_default=42)',
    count: 1,
  },
  {
    name: 'the Hugging Face Trainer seeds each run (TrainingArguments.seed, 42 by default)',
    kind: 'seed',
    found: true,
    code: `from transformers import Trainer, TrainingArguments\n\nargs = TrainingArguments(output_dir="o")\ntrainer = Trainer(model=model, args=args, train_dataset=ds)\ntrainer.train()\n`,
    text: 'trainer.train()',
  },
  {
    name: "a head, LoRA adapters and a shuffle drawn before the Trainer is built: its seed comes too late for them (alpaca-lora; review 127)",
    kind: 'seed',
    found: false,
    code: `from peft import LoraConfig, get_peft_model\nfrom transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments\n\nmodel = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=2)\nmodel = get_peft_model(model, LoraConfig(r=8))\ntrain_ds = ds["train"].shuffle()\nargs = TrainingArguments(output_dir="out")\ntrainer = Trainer(model=model, args=args, train_dataset=train_ds)\ntrainer.train()\n`,
  },
  ...[
    'model = get_peft_model(model, LoraConfig(r=8))\n',
    'ds = ds.shuffle()\n',
    'split = ds.train_test_split(test_size=0.1)\n',
    'model = AutoModelForCausalLM.from_config(config)\n',
  ].map((draw): Case => ({ name: `one draw before the Trainer is built: ${draw.trim()}`, kind: 'seed', found: false, code: `from peft import LoraConfig, get_peft_model\nfrom transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\n\ndef main():\n    ${draw}    trainer = Trainer(model=model, args=TrainingArguments(output_dir="o"), train_dataset=ds)\n    trainer.train()\n` })),
  {
    name: 'hard negative: a pretrained model loaded whole, a seeded shuffle and split, and adapters added after the Trainer is built',
    kind: 'seed',
    found: true,
    code: `from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2")\nds = ds.shuffle(seed=42)\nsplit = ds.train_test_split(test_size=0.1, seed=42)\ntrainer = Trainer(model=model, args=TrainingArguments(output_dir="o"), train_dataset=ds)\nx = get_peft_model(model, cfg)\ntrainer.train()\n`,
    text: 'trainer.train()',
  },
  { name: 'hard negative: a Trainer of the project (no Hugging Face) is no seed', kind: 'seed', found: false, code: `class Trainer:\n    def train(self):\n        pass\n\n\nTrainer().train()\n` },
  { name: '`if args.seed > 0:` with `--seed` defaulting to -1 fixes no seed by default (pytorch-ddpg; review 100)', kind: 'seed', found: false, code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--seed', default=-1, type=int)\nargs = parser.parse_args()\nif args.seed > 0:\n    torch.manual_seed(args.seed)\n` },
  { name: 'hard negative: the same test with a positive default', kind: 'seed', found: true, code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--seed', default=3, type=int)\nargs = parser.parse_args()\nif args.seed > 0:\n    torch.manual_seed(args.seed)\n`, text: 'torch.manual_seed(args.seed)' },
  { name: 'tests seed for their own reasons', kind: 'seed', found: false, path: '/p/tests/test_model.py', code: `import torch\n\ntorch.manual_seed(0)\n` },
  {
    name: 'a test file by its name that reads as one (test_ functions) is a test suite',
    kind: 'seed',
    found: false,
    path: '/p/model_test.py',
    code: `import torch\n\n\ndef test_forward_shape():\n    torch.manual_seed(0)\n    assert Net()(torch.randn(2, 4)).shape == (2, 1)\n`,
  },
  {
    name: 'a training script named like a test (TCN add_test.py: no test_ functions, no pytest) is the project\'s',
    kind: 'seed',
    found: true,
    path: '/p/TCN/adding_problem/add_test.py',
    code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--seed', type=int, default=1111)\nargs = parser.parse_args()\ntorch.manual_seed(args.seed)\n\n\ndef train(epoch):\n    model.train()\n`,
    text: 'torch.manual_seed(args.seed)',
  },
  { name: 'exploration calls inside a training script do not count', kind: 'data-exploration', found: false, code: `import torch\nfrom collections import Counter\n\nprint(Counter(labels))\n${LOOP}` },
  // training code
  {
    name: "timm's NativeScaler runs the backward pass and the step: loss_scaler(loss, optimizer) (DeiT, MAE)",
    kind: 'training',
    found: true,
    code: `def train_one_epoch(model, loader, optimizer, loss_scaler):\n    for x, y in loader:\n        loss = criterion(model(x), y)\n        optimizer.zero_grad()\n        loss_scaler(loss, optimizer, parameters=model.parameters())\n`,
    text: 'for x, y in loader',
  },
  { name: 'a scaler called on what is not an optimizer', kind: 'training', found: false, code: `for x in batches:\n    out = feature_scaler(x, stats)\n` },
  // 2.1 seed
  { name: 'a seed after `sys.exit()` never runs: no evidence', kind: 'seed', found: false, code: `import sys\nimport torch\n\nif __name__ == "__main__":\n    main()\n    sys.exit(0)\n    torch.manual_seed(0)\n` },
  { name: 'torch.manual_seed', kind: 'seed', found: true, code: `import torch\n\ntorch.manual_seed(0)\n`, text: 'torch.manual_seed(0)', tips: ['2.1'] },
  { name: "a generator's own seed through a name (`g = torch.Generator()` then `g.manual_seed(seed)`, for a DataLoader) fixes no global seed", kind: 'seed', found: false, code: `import torch\n\ng = torch.Generator()\ng.manual_seed(0)\nloader = torch.utils.data.DataLoader(ds, shuffle=True, generator=g)\n` },
  { name: 'hard negative: torch.cuda.manual_seed through the module is a global seed (beside the CPU one)', kind: 'seed', found: true, code: `import torch\n\ntorch.cuda.manual_seed(0)\ntorch.manual_seed(0)\n`, text: 'torch.cuda.manual_seed(0)' },
  {
    name: 'a seed drawn at random when none is given (the DCGAN example) seeds the run but does not fix it',
    kind: 'seed',
    found: false,
    code: `import random\nimport torch\n\nif opt.manualSeed is None:\n    opt.manualSeed = random.randint(1, 10000)\nrandom.seed(opt.manualSeed)\ntorch.manual_seed(opt.manualSeed)\n`,
  },
  { name: 'a seed from the clock, in a function', kind: 'seed', found: false, code: `import time\nimport torch\n\ndef main():\n    seed = int(time.time()) % 1000\n    torch.manual_seed(seed)\n` },
  {
    name: 'a seed behind `if args.seed is not None:` with no default (the PyTorch ImageNet example) is not fixed by default',
    kind: 'seed',
    found: false,
    code: `import argparse\nimport random\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--seed', default=None, type=int)\nargs = parser.parse_args()\nif args.seed is not None:\n    random.seed(args.seed)\n    torch.manual_seed(args.seed)\n`,
  },
  {
    name: 'hard negative: the same with a default seed is fixed',
    kind: 'seed',
    found: true,
    code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--seed', default=42, type=int)\nargs = parser.parse_args()\nif args.seed is not None:\n    torch.manual_seed(args.seed)\n`,
    text: 'torch.manual_seed(args.seed)',
  },
  {
    name: 'hard negative: a seed from the command line, also assigned a constant, is fixed',
    kind: 'seed',
    found: true,
    code: `import torch\n\nif args.seed is None:\n    args.seed = 42\ntorch.manual_seed(args.seed)\n`,
    text: 'torch.manual_seed(args.seed)',
  },
  { name: 'Lightning seed_everything', kind: 'seed', found: true, code: `import lightning as L\n\nL.seed_everything(42, workers=True)\n`, text: 'L.seed_everything(42, workers=True)' },
  { name: 'a seed drawn from the system on every run is not a fixed seed (`random.seed(None)`, `np.random.seed()`)', kind: 'seed', found: false, code: `import random\nimport numpy as np\n\nrandom.seed(None)\nnp.random.seed()\n` },
  {
    name: "Python's seed fixed in a method of a class is the class's own (a dataset shuffling its files, MelGAN; review 117)",
    kind: 'seed',
    found: false,
    code: `import random\nimport torch\n\n\nclass AudioDataset(torch.utils.data.Dataset):\n    def __init__(self, files):\n        random.seed(1234)\n        random.shuffle(files)\n`,
  },
  {
    name: "a helper module's `worker_init_fn(worker_id)` that nothing in it names seeds a DataLoader's workers (voxceleb_trainer; review 117)",
    kind: 'seed',
    found: false,
    code: `import numpy\n\n\ndef worker_init_fn(worker_id):\n    numpy.random.seed(numpy.random.get_state()[1][0] + worker_id)\n`,
  },
  { name: 'hard negative: a seeding helper with another signature, called', kind: 'seed', found: true, code: `import numpy\n\n\ndef set_seed(seed):\n    numpy.random.seed(seed)\n\n\nset_seed(0)\n`, text: 'numpy.random.seed(seed)' },
  { name: 'hard negative: PyTorch seeded in a method of a class', kind: 'seed', found: true, code: `import torch\n\n\nclass Trainer:\n    def __init__(self, seed):\n        torch.manual_seed(1234)\n`, text: 'torch.manual_seed(1234)' },
  { name: 'hard negative: `random.seed(0)` and `np.random.seed(seed=1)` fix seeds', kind: 'seed', found: true, code: `import random\nimport numpy as np\n\nrandom.seed(0)\nnp.random.seed(seed=1)\n`, text: 'random.seed(0)' },
  {
    name: "PyTorch's CPU generator seeded only when there is no GPU (`else: torch.manual_seed(42)` after `torch.cuda.manual_seed(42)`; zylo117's EfficientDet, review 135)",
    kind: 'seed',
    found: false,
    code: `import torch\n\nif torch.cuda.is_available():\n    torch.cuda.manual_seed(42)\nelse:\n    torch.manual_seed(42)\n`,
  },
  { name: 'hard negative: the CPU generator seeded whatever the device', kind: 'seed', found: true, code: `import torch\n\ntorch.manual_seed(42)\nif torch.cuda.is_available():\n    torch.cuda.manual_seed(42)\n`, text: 'torch.manual_seed(42)' },
  { name: 'a generator seeded for a DataLoader is not a global seed', kind: 'seed', found: false, code: `import torch\n\ng = DataLoader(ds, generator=torch.Generator().manual_seed(0))\n` },
  // 2.3 full-set evaluation
  {
    name: "a data prefetcher's cap on the batches it yields (pytorch-segmentation: count > self.stop_after) is no early stopping",
    kind: 'early-stopping',
    found: false,
    code: `class DataPrefetcher(object):\n    def __init__(self, loader, stop_after=None):\n        self.loader = loader\n        self.stop_after = stop_after\n\n    def __iter__(self):\n        count = 0\n        for batch in self.loader:\n            count += 1\n            yield batch\n            if type(self.stop_after) is int and (count > self.stop_after):\n                break\n`,
  },
  {
    name: 'hard negative: a count of bad epochs compared with a limit named stop_after is a patience stop',
    kind: 'early-stopping',
    found: true,
    code: `bad_epochs = 0\nfor epoch in range(100):\n    train(model)\n    if validate(model, val_loader) > best:\n        bad_epochs += 1\n    if bad_epochs >= stop_after:\n        break\n`,
    text: 'bad_epochs >= stop_after',
  },
  {
    name: "an RL agent's best return kept by hand (Rainbow's best test-episode reward) is no early stopping on validation",
    kind: 'early-stopping',
    found: false,
    code: `import gym\nimport torch\n\nenv = gym.make('CartPole-v1')\nbest_avg_reward = -float('inf')\nfor T in range(100000):\n    loss = q(torch.randn(32, 4)).pow(2).mean()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n    if T % 1000 == 0:\n        avg_reward = test(q)\n        if avg_reward > best_avg_reward:\n            best_avg_reward = avg_reward\n            torch.save(q.state_dict(), 'model.pth')\n`,
  },
  {
    name: 'hard negative: the same best kept on a validation accuracy in supervised training',
    kind: 'early-stopping',
    found: true,
    code: `import torch\n\nbest_val_acc = -float('inf')\nfor T in range(100000):\n    loss = q(torch.randn(32, 4)).pow(2).mean()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n    if T % 1000 == 0:\n        val_acc = test(q)\n        if val_acc > best_val_acc:\n            best_val_acc = val_acc\n            torch.save(q.state_dict(), 'model.pth')\n`,
  },
  {
    name: 'a patience stop on the test loss picks the model on the test set: no early stopping on validation (deep-forecasting)',
    kind: 'early-stopping',
    found: false,
    code: `import torch\n\nbest_loss, bad = float('inf'), 0\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    test_loss = evaluate(model, test_loader)\n    if test_loss < best_loss:\n        best_loss, bad = test_loss, 0\n    else:\n        bad += 1\n    if bad >= 5:\n        break\n`,
  },
  {
    name: 'hard negative: the same stop on the validation loss',
    kind: 'early-stopping',
    found: true,
    code: `import torch\n\nbest_loss, bad = float('inf'), 0\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    val_loss = evaluate(model, val_loader)\n    if val_loss < best_loss:\n        best_loss, bad = val_loss, 0\n    else:\n        bad += 1\n    if bad >= 5:\n        break\n`,
  },
  {
    name: 'a checkpoint that monitors the training loss keeps the best fit of the training data: no early stopping on validation',
    kind: 'early-stopping',
    found: false,
    code: `import lightning as L\nfrom lightning.pytorch.callbacks import ModelCheckpoint\n\ntrainer = L.Trainer(max_epochs=10, callbacks=[ModelCheckpoint(save_top_k=1, monitor="train_loss", mode="min")])\ntrainer.fit(model, data)\n`,
  },
  {
    name: 'hard negative: the same checkpoint on the validation loss',
    kind: 'early-stopping',
    found: true,
    code: `import lightning as L\nfrom lightning.pytorch.callbacks import ModelCheckpoint\n\ntrainer = L.Trainer(max_epochs=10, callbacks=[ModelCheckpoint(save_top_k=1, monitor="val_loss", mode="min")])\ntrainer.fit(model, data)\n`,
    text: 'ModelCheckpoint(save_top_k=1, monitor="val_loss", mode="min")',
  },
  {
    name: "a language model's evaluation over every BPTT window, sliced by a helper (`get_batch(data_source, i)`, PyTorch's word LM; review 134)",
    kind: 'full-eval',
    found: true,
    code: `import torch\nfrom torch import nn\n\ntorch.manual_seed(1111)\nbptt = 35\nmodel = nn.LSTM(200, 200)\ndecoder = nn.Linear(200, 10000)\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.Adam(list(model.parameters()) + list(decoder.parameters()), lr=3e-4)\n\n\ndef get_batch(source, i):\n    seq_len = min(bptt, len(source) - 1 - i)\n    return source[i:i + seq_len], source[i + 1:i + 1 + seq_len].view(-1)\n\n\ndef evaluate(data_source):\n    model.eval()\n    total_loss = 0.\n    with torch.no_grad():\n        for i in range(0, data_source.size(0) - 1, bptt):\n            data, targets = get_batch(data_source, i)\n            output, _ = model(data)\n            total_loss += len(data) * criterion(decoder(output).view(-1, 10000), targets).item()\n    return total_loss / (len(data_source) - 1)\n\n\nfor epoch in range(1, 41):\n    model.train()\n    for batch, i in enumerate(range(0, train_data.size(0) - 1, bptt)):\n        data, targets = get_batch(train_data, i)\n        optimizer.zero_grad()\n        output, _ = model(data)\n        criterion(decoder(output).view(-1, 10000), targets).backward()\n        optimizer.step()\n    val_loss = evaluate(val_data)\n    print(epoch, val_loss)\n`,
    text: 'for i in range(0, data_source.size(0) - 1, bptt)',
  },
  {
    name: "a loop over a loader of a dict by its split's key (`loaders['valid']`, Udacity's layout; review 140)",
    kind: 'full-eval',
    found: true,
    code: `import numpy as np\nimport torch\nimport torch.nn as nn\nfrom torchvision import datasets, transforms\n\ntorch.manual_seed(0)\ntf = transforms.ToTensor()\ntrain_data = datasets.ImageFolder('data/train', transform=tf)\nvalid_data = datasets.ImageFolder('data/valid', transform=tf)\nloaders = {\n    'train': torch.utils.data.DataLoader(train_data, batch_size=64, shuffle=True),\n    'valid': torch.utils.data.DataLoader(valid_data, batch_size=64),\n}\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(3 * 128 * 128, 500), nn.Dropout(0.25), nn.Linear(500, 133))\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n\ndef train(n_epochs, loaders, model, optimizer, criterion, save_path):\n    valid_loss_min = np.Inf\n    for epoch in range(1, n_epochs + 1):\n        valid_loss = 0.0\n        model.train()\n        for batch_idx, (data, target) in enumerate(loaders['train']):\n            optimizer.zero_grad()\n            loss = criterion(model(data), target)\n            loss.backward()\n            optimizer.step()\n        model.eval()\n        for batch_idx, (data, target) in enumerate(loaders['valid']):\n            output = model(data)\n            loss = criterion(output, target)\n            valid_loss += loss.item() * data.size(0)\n        valid_loss = valid_loss / len(loaders['valid'].dataset)\n        if valid_loss <= valid_loss_min:\n            torch.save(model.state_dict(), save_path)\n            valid_loss_min = valid_loss\n    return model\n\n\nmodel = train(20, loaders, model, optimizer, criterion, 'model.pt')\n`,
    text: "for batch_idx, (data, target) in enumerate(loaders['valid'])",
  },
  {
    name: "the model run on a whole held-out tensor at once under no_grad, and scored (small tabular data; review 153)",
    kind: 'full-eval',
    found: true,
    code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_train, y_train = torch.randn(800, 8), torch.randn(800, 1)\nX_val, y_val = torch.randn(200, 8), torch.randn(200, 1)\nloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))\ncriterion = nn.MSELoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)\n\nfor epoch in range(20):\n    model.train()\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n\nmodel.eval()\nwith torch.no_grad():\n    val_loss = criterion(model(X_val), y_val).item()\nprint(val_loss)\n",
    text: "model(X_val)",
  },
  {
    name: "a whole test tensor handed to a scoring function by every call (`reconstruction_errors(model, X_test)`; review 150)",
    kind: 'full-eval',
    found: true,
    code: "import numpy as np\nimport torch\nimport torch.nn as nn\nfrom sklearn.metrics import roc_auc_score\nfrom torch.utils.data import DataLoader, TensorDataset\n\ntorch.manual_seed(0)\nX_train = torch.rand(6000, 784)\nX_test = torch.rand(10000, 784)           # the whole test set\ny_test = np.random.randint(0, 2, 10000)\ntrain_loader = DataLoader(TensorDataset(X_train), batch_size=128, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 784), nn.Sigmoid())\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(10):\n    model.train()\n    for (x,) in train_loader:\n        optimizer.zero_grad()\n        loss = ((model(x) - x) ** 2).mean()\n        loss.backward()\n        optimizer.step()\n\n\n@torch.no_grad()\ndef reconstruction_errors(model, X):\n    model.eval()\n    return ((model(X) - X) ** 2).mean(dim=1).numpy()\n\n\nerrors = reconstruction_errors(model, X_test)\nprint(\"test AUROC\", roc_auc_score(y_test, errors))\n",
    text: "model(X)",
  },
  {
    name: "a parameter named for the test split that only other files pass, in a function that switches the model to eval (pytorch-titanic's evaluate.py; review 153)",
    kind: 'full-eval',
    found: true,
    code: "import torch\nfrom sklearn.metrics import accuracy_score\n\n\ndef evaluate(model, X_test, y_test):\n    model.eval()\n    with torch.no_grad():\n        preds = model(X_test)\n        preds = (preds > 0.5).float()\n        acc = accuracy_score(y_test, preds)\n        print(acc)\n",
    text: "model(X_test)",
  },
  {
    name: "hard negative: a slice of the held-out tensor (`model(X_val[:64])`)",
    kind: 'full-eval',
    found: false,
    code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_train, y_train = torch.randn(800, 8), torch.randn(800, 1)\nX_val, y_val = torch.randn(200, 8), torch.randn(200, 1)\nloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))\ncriterion = nn.MSELoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)\n\nfor epoch in range(20):\n    model.train()\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n\nmodel.eval()\nwith torch.no_grad():\n    val_loss = criterion(model(X_val[:64]), y_val).item()\nprint(val_loss)\n",
  },
  {
    name: "hard negative: the held-out tensor cut down under its own name (`X_val = X_val[:64]`)",
    kind: 'full-eval',
    found: false,
    code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_train, y_train = torch.randn(800, 8), torch.randn(800, 1)\nX_val, y_val = torch.randn(200, 8), torch.randn(200, 1)\nloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))\ncriterion = nn.MSELoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)\n\nfor epoch in range(20):\n    model.train()\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n\nX_val, y_val = X_val[:64], y_val[:64]\nmodel.eval()\nwith torch.no_grad():\n    val_loss = criterion(model(X_val), y_val).item()\nprint(val_loss)\n",
  },
  {
    name: "hard negative: with gradients on",
    kind: 'full-eval',
    found: false,
    code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_train, y_train = torch.randn(800, 8), torch.randn(800, 1)\nX_val, y_val = torch.randn(200, 8), torch.randn(200, 1)\nloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))\ncriterion = nn.MSELoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)\n\nfor epoch in range(20):\n    model.train()\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n\nmodel.eval()\nval_loss = criterion(model(X_val), y_val).item()\nprint(val_loss)\n",
  },
  {
    name: "hard negative: predictions printed, nothing scored",
    kind: 'full-eval',
    found: false,
    code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_train, y_train = torch.randn(800, 8), torch.randn(800, 1)\nX_val, y_val = torch.randn(200, 8), torch.randn(200, 1)\nloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))\ncriterion = nn.MSELoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)\n\nfor epoch in range(20):\n    model.train()\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n\nmodel.eval()\nwith torch.no_grad():\n    print(model(X_val))\n",
  },
  {
    name: "hard negative: a batch bound by a loop, whatever it is called",
    kind: 'full-eval',
    found: false,
    code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_train, y_train = torch.randn(800, 8), torch.randn(800, 1)\nX_val, y_val = torch.randn(200, 8), torch.randn(200, 1)\nloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))\ncriterion = nn.MSELoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)\n\nfor epoch in range(20):\n    model.train()\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n\nmodel.eval()\nwith torch.no_grad():\n    for X_val, y_val in chunks:\n        val_loss = criterion(model(X_val), y_val).item()\nprint(val_loss)\n",
  },
  {
    name: "hard negative: no model runs on it (a scaler)",
    kind: 'full-eval',
    found: false,
    code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_train, y_train = torch.randn(800, 8), torch.randn(800, 1)\nX_val, y_val = torch.randn(200, 8), torch.randn(200, 1)\nloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))\ncriterion = nn.MSELoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)\n\nfor epoch in range(20):\n    model.train()\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n\nmodel.eval()\nwith torch.no_grad():\n    val_loss = criterion(scale(X_val), y_val).item()\nprint(val_loss)\n",
  },
  {
    name: "a perceptual loss's pretrained VGG that no optimizer is handed (`class VGGLoss` around `vgg19(pretrained=True)`; review 152)",
    kind: 'pretrained',
    found: false,
    code: "import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom torchvision.models import vgg19\n\ntorch.manual_seed(0)\n\n\nclass VGGLoss(nn.Module):\n    \"\"\"Perceptual loss: a VGG19 feature extractor. Not in the optimizer, never trained.\"\"\"\n\n    def __init__(self):\n        super().__init__()\n        self.vgg = vgg19(pretrained=True).features[:36].eval()\n\n    def forward(self, sr, hr):\n        return nn.functional.mse_loss(self.vgg(sr), self.vgg(hr).detach())\n\n\nclass SRNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 12, 3, padding=1))\n        self.up = nn.PixelShuffle(2)\n\n    def forward(self, x):\n        return self.up(self.body(x))\n\n\nmodel = SRNet()  # the only trained network, built from scratch\nperceptual = VGGLoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nloader = DataLoader(TensorDataset(torch.rand(64, 3, 24, 24), torch.rand(64, 3, 48, 48)), batch_size=8, shuffle=True)\n\nfor epoch in range(10):\n    for lr_img, hr_img in loader:\n        optimizer.zero_grad()\n        sr = model(lr_img)\n        loss = nn.functional.l1_loss(sr, hr_img) + perceptual(sr, hr_img)\n        loss.backward()\n        optimizer.step()\n",
  },
  {
    name: "hard negative: the same network built inside the model the optimizer trains",
    kind: 'pretrained',
    found: true,
    code: "import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom torchvision.models import vgg19\n\ntorch.manual_seed(0)\n\n\nclass VGGLoss(nn.Module):\n    \"\"\"Perceptual loss: a VGG19 feature extractor. Not in the optimizer, never trained.\"\"\"\n\n    def __init__(self):\n        super().__init__()\n        self.vgg = vgg19(pretrained=True).features[:36].eval()\n\n    def forward(self, sr, hr):\n        return nn.functional.mse_loss(self.vgg(sr), self.vgg(hr).detach())\n\n\nclass SRNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 12, 3, padding=1))\n        self.up = nn.PixelShuffle(2)\n        self.loss = VGGLoss()\n\n    def forward(self, x):\n        return self.up(self.body(x))\n\n\nmodel = SRNet()  # the only trained network, built from scratch\nperceptual = VGGLoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nloader = DataLoader(TensorDataset(torch.rand(64, 3, 24, 24), torch.rand(64, 3, 48, 48)), batch_size=8, shuffle=True)\n\nfor epoch in range(10):\n    for lr_img, hr_img in loader:\n        optimizer.zero_grad()\n        sr = model(lr_img)\n        loss = nn.functional.l1_loss(sr, hr_img) + perceptual(sr, hr_img)\n        loss.backward()\n        optimizer.step()\n",
    text: "vgg19(pretrained=True)",
  },
  {
    name: "hard negative: the optimizer handed the loss network's parameters too",
    kind: 'pretrained',
    found: true,
    code: "import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom torchvision.models import vgg19\n\ntorch.manual_seed(0)\n\n\nclass VGGLoss(nn.Module):\n    \"\"\"Perceptual loss: a VGG19 feature extractor. Not in the optimizer, never trained.\"\"\"\n\n    def __init__(self):\n        super().__init__()\n        self.vgg = vgg19(pretrained=True).features[:36].eval()\n\n    def forward(self, sr, hr):\n        return nn.functional.mse_loss(self.vgg(sr), self.vgg(hr).detach())\n\n\nclass SRNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 12, 3, padding=1))\n        self.up = nn.PixelShuffle(2)\n\n    def forward(self, x):\n        return self.up(self.body(x))\n\n\nmodel = SRNet()  # the only trained network, built from scratch\nperceptual = VGGLoss()\noptimizer = torch.optim.Adam(list(model.parameters()) + list(perceptual.parameters()), lr=3e-4)\nloader = DataLoader(TensorDataset(torch.rand(64, 3, 24, 24), torch.rand(64, 3, 48, 48)), batch_size=8, shuffle=True)\n\nfor epoch in range(10):\n    for lr_img, hr_img in loader:\n        optimizer.zero_grad()\n        sr = model(lr_img)\n        loss = nn.functional.l1_loss(sr, hr_img) + perceptual(sr, hr_img)\n        loss.backward()\n        optimizer.step()\n",
    text: "vgg19(pretrained=True)",
  },
  {
    name: "hard negative: an optimizer whose parameters cannot be followed (a helper of another module)",
    kind: 'pretrained',
    found: true,
    code: "import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom torchvision.models import vgg19\n\ntorch.manual_seed(0)\n\n\nclass VGGLoss(nn.Module):\n    \"\"\"Perceptual loss: a VGG19 feature extractor. Not in the optimizer, never trained.\"\"\"\n\n    def __init__(self):\n        super().__init__()\n        self.vgg = vgg19(pretrained=True).features[:36].eval()\n\n    def forward(self, sr, hr):\n        return nn.functional.mse_loss(self.vgg(sr), self.vgg(hr).detach())\n\n\nclass SRNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 12, 3, padding=1))\n        self.up = nn.PixelShuffle(2)\n\n    def forward(self, x):\n        return self.up(self.body(x))\n\n\nmodel = SRNet()  # the only trained network, built from scratch\nperceptual = VGGLoss()\noptimizer = torch.optim.Adam(trainable_parameters(), lr=3e-4)\nloader = DataLoader(TensorDataset(torch.rand(64, 3, 24, 24), torch.rand(64, 3, 48, 48)), batch_size=8, shuffle=True)\n\nfor epoch in range(10):\n    for lr_img, hr_img in loader:\n        optimizer.zero_grad()\n        sr = model(lr_img)\n        loss = nn.functional.l1_loss(sr, hr_img) + perceptual(sr, hr_img)\n        loss.backward()\n        optimizer.step()\n",
    text: "vgg19(pretrained=True)",
  },
  {
    name: 'an evaluation that skips batches by their index (`if idx % 10 != 0: continue`; review 134)',
    kind: 'full-eval',
    found: false,
    code: `import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n\ndef eval_model(model, val_iter):\n    total_acc = 0\n    model.eval()\n    with torch.no_grad():\n        for idx, (x, y) in enumerate(val_iter):\n            if idx % 10 != 0:\n                continue\n            total_acc += (model(x).argmax(1) == y).float().mean().item()\n    return total_acc / len(val_iter)\n\n\nfor epoch in range(10):\n    model.train()\n    for x, y in train_iter:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n    print(eval_model(model, valid_iter))\n`,
  },
  { name: 'hard negative: the same loop skipping nothing', kind: 'full-eval', found: true, code: `import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n\ndef eval_model(model, val_iter):\n    total_acc = 0\n    model.eval()\n    with torch.no_grad():\n        for idx, (x, y) in enumerate(val_iter):\n            total_acc += (model(x).argmax(1) == y).float().mean().item()\n    return total_acc / len(val_iter)\n\n\nfor epoch in range(10):\n    model.train()\n    for x, y in train_iter:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n    print(eval_model(model, valid_iter))\n`, text: 'for idx, (x, y) in enumerate(val_iter)' },
  {
    name: "a loop over the lines of a score file read into a list (`eval_lines = [l.rstrip() for l in open('score.txt')]`; zhixiuye's NER, review 134)",
    kind: 'full-eval',
    found: false,
    code: `import os\nimport torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 3))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n\ndef evaluating(model, datas, best_F):\n    prediction = []\n    save = False\n    new_F = 0.0\n    for data in datas[:50]:\n        out = model(data['x']).argmax(-1)\n        prediction.append(str(int(out)))\n    with open('pred.txt', 'w') as f:\n        f.write('\\n'.join(prediction))\n    os.system('conlleval < pred.txt > score.txt')\n    eval_lines = [l.rstrip() for l in open('score.txt')]\n    for i, line in enumerate(eval_lines):\n        print(line)\n        if i == 1:\n            new_F = float(line.strip().split()[-1])\n            if new_F > best_F:\n                best_F = new_F\n                save = True\n    return best_F, new_F, save\n\n\nbest_dev_F = -1.0\nmodel.train(True)\nfor epoch in range(10):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n    model.train(False)\n    best_dev_F, new_dev_F, save = evaluating(model, dev_data, best_dev_F)\n    if save:\n        torch.save(model, 'best.pt')\n    model.train(True)\n`,
  },
  {
    name: "Lightning's validation over a `val_dataloader()` that drops its last batch leaves some of the set out (seti's baseline; review 131)",
    kind: 'full-eval',
    found: false,
    code: `import pytorch_lightning as pl\nimport timm\nimport torch\nfrom torch.utils.data import DataLoader\n\n\nclass DM(pl.LightningDataModule):\n    def train_dataloader(self):\n        return DataLoader(self.train_dataset, batch_size=8, shuffle=True, drop_last=True)\n\n    def val_dataloader(self):\n        return DataLoader(self.valid_dataset, batch_size=8, shuffle=False, drop_last=True)\n\n\nclass Lit(pl.LightningModule):\n    def __init__(self):\n        super().__init__()\n        self.model = timm.create_model('efficientnet_b0', pretrained=True, num_classes=1)\n        self.criteria = torch.nn.BCEWithLogitsLoss()\n\n    def training_step(self, batch, batch_idx):\n        x, y = batch\n        return self.criteria(self.model(x), y)\n\n    def validation_step(self, batch, batch_idx):\n        x, y = batch\n        self.log('val_loss', self.criteria(self.model(x), y))\n\n    def configure_optimizers(self):\n        return torch.optim.AdamW(self.model.parameters(), lr=3e-4)\n\n\npl.seed_everything(2021)\npl.Trainer(max_epochs=30).fit(Lit(), DM())\n`,
  },
  { name: 'hard negative: the same without drop_last', kind: 'full-eval', found: true, code: `import pytorch_lightning as pl\nimport timm\nimport torch\nfrom torch.utils.data import DataLoader\n\n\nclass DM(pl.LightningDataModule):\n    def train_dataloader(self):\n        return DataLoader(self.train_dataset, batch_size=8, shuffle=True, drop_last=True)\n\n    def val_dataloader(self):\n        return DataLoader(self.valid_dataset, batch_size=8, shuffle=False)\n\n\nclass Lit(pl.LightningModule):\n    def __init__(self):\n        super().__init__()\n        self.model = timm.create_model('efficientnet_b0', pretrained=True, num_classes=1)\n        self.criteria = torch.nn.BCEWithLogitsLoss()\n\n    def training_step(self, batch, batch_idx):\n        x, y = batch\n        return self.criteria(self.model(x), y)\n\n    def validation_step(self, batch, batch_idx):\n        x, y = batch\n        self.log('val_loss', self.criteria(self.model(x), y))\n\n    def configure_optimizers(self):\n        return torch.optim.AdamW(self.model.parameters(), lr=3e-4)\n\n\npl.seed_everything(2021)\npl.Trainer(max_epochs=30).fit(Lit(), DM())\n`, text: 'validation_step' },
  { name: 'a loop over a validation loader that drops its last batch', kind: 'full-eval', found: false, code: `import torch\nfrom torch.utils.data import DataLoader\n\nvalid_loader = DataLoader(valid_ds, batch_size=8, drop_last=True)\nmodel.eval()\ntotal = 0.0\nwith torch.no_grad():\n    for x, y in valid_loader:\n        total += criterion(model(x), y).item()\n` },
  { name: 'hard negative: the same loader keeping its last batch', kind: 'full-eval', found: true, code: `import torch\nfrom torch.utils.data import DataLoader\n\nvalid_loader = DataLoader(valid_ds, batch_size=8, drop_last=False)\nmodel.eval()\ntotal = 0.0\nwith torch.no_grad():\n    for x, y in valid_loader:\n        total += criterion(model(x), y).item()\n`, text: 'for x, y in valid_loader' },
  {
    name: 'an evaluation over a progress bar held in a name (`bar = tqdm(enumerate(dataloader))`; isic-skincancer, review 131)',
    kind: 'full-eval',
    found: true,
    code: `import torch\nfrom tqdm import tqdm\n\n\n@torch.inference_mode()\ndef valid_one_epoch(model, dataloader, criterion):\n    model.eval()\n    total = 0.0\n    bar = tqdm(enumerate(dataloader), total=len(dataloader))\n    for step, data in bar:\n        images, targets = data\n        total += criterion(model(images), targets).item()\n    return total / len(dataloader)\n`,
    text: 'for step, data in bar',
  },
  {
    name: 'an evaluation over a progress bar chosen by a condition, both branches over the same loader (kozodoi; review 131)',
    kind: 'full-eval',
    found: true,
    code: `import torch\nfrom tqdm import tqdm\n\n\n@torch.inference_mode()\ndef valid_one_epoch(model, dataloader, criterion):\n    model.eval()\n    total = 0.0\n    for step, data in (tqdm(enumerate(dataloader)) if show_bar else enumerate(dataloader)):\n        images, targets = data\n        total += criterion(model(images), targets).item()\n    return total / len(dataloader)\n`,
  },
  { name: 'hard negative: the branches iterate different loaders', kind: 'full-eval', found: false, code: `import torch\nfrom tqdm import tqdm\n\n\n@torch.inference_mode()\ndef valid_one_epoch(model, dataloader, criterion):\n    model.eval()\n    total = 0.0\n    for step, data in (tqdm(enumerate(dataloader)) if show_bar else enumerate(other_loader)):\n        images, targets = data\n        total += criterion(model(images), targets).item()\n    return total / len(dataloader)\n` },
  {
    name: 'predictions over the test set gathered for a submission, nothing judged in the loop or its function (cassava-kqu7; review 131)',
    kind: 'full-eval',
    found: false,
    code: `import pandas as pd\nimport timm\nimport torch\nfrom torch.utils.data import DataLoader\n\ntorch.manual_seed(0)\n\n\ndef get_test_dataloader():\n    return DataLoader(test_ds, batch_size=32, shuffle=False)\n\n\ndef train():\n    model = timm.create_model('resnet18', pretrained=True, num_classes=5)\n    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\n    criterion = torch.nn.CrossEntropyLoss()\n    train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)\n    for epoch in range(10):\n        model.train()\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            loss = criterion(model(x), y)\n            loss.backward()\n            optimizer.step()\n    return model\n\n\ndef infer(model):\n    test_dataloader = get_test_dataloader()\n    preds = []\n    model.eval()\n    with torch.no_grad():\n        for img, img_filename in test_dataloader:\n            preds.append(model(img).argmax(dim=1))\n    pd.DataFrame({'label': torch.cat(preds).numpy()}).to_csv('submission.csv', index=False)\n\n\nif __name__ == '__main__':\n    infer(train())\n`,
  },
  {
    name: 'hard negative: a validation pass that prints an accuracy',
    kind: 'full-eval',
    found: true,
    code: `import pandas as pd\nimport timm\nimport torch\nfrom torch.utils.data import DataLoader\n\ntorch.manual_seed(0)\n\n\ndef get_valid_dataloader():\n    return DataLoader(valid_ds, batch_size=32, shuffle=False)\n\n\ndef train():\n    model = timm.create_model('resnet18', pretrained=True, num_classes=5)\n    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\n    criterion = torch.nn.CrossEntropyLoss()\n    train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)\n    for epoch in range(10):\n        model.train()\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            loss = criterion(model(x), y)\n            loss.backward()\n            optimizer.step()\n    return model\n\n\ndef validate(model):\n    valid_dataloader = get_valid_dataloader()\n    correct = 0\n    model.eval()\n    with torch.no_grad():\n        for img, label in valid_dataloader:\n            correct += (model(img).argmax(dim=1) == label).sum().item()\n    print(correct / len(valid_dataloader.dataset))\n\n\nif __name__ == '__main__':\n    validate(train())\n`,
    text: 'for img, label in valid_dataloader',
  },
  {
    name: 'an evaluation helper called on the training split and on the validation split (kronfluence; review 127)',
    kind: 'full-eval',
    found: true,
    code: `import torch\nimport torch.nn.functional as F\nfrom torch.utils import data\n\ntorch.manual_seed(0)\n\n\ndef evaluate_model(model, dataset):\n    dataloader = data.DataLoader(dataset, batch_size=8, shuffle=False)\n    model.eval()\n    total = 0.0\n    with torch.no_grad():\n        for x, y in dataloader:\n            total += F.cross_entropy(model(x), y, reduction="sum").item()\n    return total / len(dataset)\n\n\ndef main(model, train_ds, valid_ds):\n    loader = data.DataLoader(train_ds, batch_size=8, shuffle=True)\n    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)\n    for epoch in range(3):\n        model.train()\n        for x, y in loader:\n            opt.zero_grad()\n            F.cross_entropy(model(x), y).backward()\n            opt.step()\n    print("train loss", evaluate_model(model, train_ds))\n    print("valid loss", evaluate_model(model, valid_ds))\n`,
    text: 'for x, y in dataloader',
  },
  { name: 'hard negative: the same helper called on the training split only', kind: 'full-eval', found: false, code: `import torch\nimport torch.nn.functional as F\nfrom torch.utils import data\n\ntorch.manual_seed(0)\n\n\ndef evaluate_model(model, dataset):\n    dataloader = data.DataLoader(dataset, batch_size=8, shuffle=False)\n    model.eval()\n    total = 0.0\n    with torch.no_grad():\n        for x, y in dataloader:\n            total += F.cross_entropy(model(x), y, reduction="sum").item()\n    return total / len(dataset)\n\n\ndef main(model, train_ds, valid_ds):\n    loader = data.DataLoader(train_ds, batch_size=8, shuffle=True)\n    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)\n    for epoch in range(3):\n        model.train()\n        for x, y in loader:\n            opt.zero_grad()\n            F.cross_entropy(model(x), y).backward()\n            opt.step()\n    print("train loss", evaluate_model(model, train_ds))\n` },
  {
    name: 'a Hugging Face Trainer handed an eval_dataset, with arguments that evaluate during training (alpaca-lora; review 127)',
    kind: 'full-eval',
    found: true,
    code: `from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2")\nargs = TrainingArguments(output_dir="out", num_train_epochs=3, evaluation_strategy="steps" if val_set_size > 0 else "no", eval_steps=200)\ntrainer = Trainer(model=model, args=args, train_dataset=train_data, eval_dataset=val_data)\ntrainer.train()\n`,
    text: 'evaluation_strategy="steps" if val_set_size > 0 else "no"',
  },
  { name: 'hard negative: the same with `eval_strategy="no"`', kind: 'full-eval', found: false, code: `from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2")\nargs = TrainingArguments(output_dir="out", num_train_epochs=3, eval_strategy="no")\ntrainer = Trainer(model=model, args=args, train_dataset=train_data, eval_dataset=val_data)\ntrainer.train()\n` },
  { name: 'hard negative: the same with no eval_dataset', kind: 'full-eval', found: false, code: `from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2")\nargs = TrainingArguments(output_dir="out", num_train_epochs=3, eval_strategy="epoch")\ntrainer = Trainer(model=model, args=args, train_dataset=train_data)\ntrainer.train()\n` },
  {
    name: 'a pass over the validation set that only saves thresholded masks as pictures computes no score (a threshold is no judgement; review 129)',
    kind: 'full-eval',
    found: false,
    code: `import torch\nimport torchvision\n\n\ndef save_predictions(loader, model):\n    model.eval()\n    for idx, (x, y) in enumerate(loader):\n        with torch.no_grad():\n            preds = (torch.sigmoid(model(x)) > 0.5).float()\n        torchvision.utils.save_image(preds, f"preds/pred_{idx}.png")\n    model.train()\n\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss_fn(model(x), y).backward()\n        optimizer.step()\n    save_predictions(val_loader, model)\n`,
  },
  {
    name: 'hard negative: the same pass adding up a Dice score',
    kind: 'full-eval',
    found: true,
    code: `import torch\nimport torchvision\n\n\ndef check_accuracy(loader, model):\n    model.eval()\n    dice = 0\n    with torch.no_grad():\n        for x, y in loader:\n            preds = (torch.sigmoid(model(x)) > 0.5).float()\n            dice += (2 * (preds * y).sum()) / ((preds + y).sum() + 1e-8)\n    print(dice / len(loader))\n    model.train()\n\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss_fn(model(x), y).backward()\n        optimizer.step()\n    check_accuracy(val_loader, model)\n`,
    text: 'for x, y in loader',
  },
  {
    name: "a conversion of each item of a list named for validity is no evaluation (`[x.item() for x in is_valid_list]`, SwinUNETR's distributed gather; review 116)",
    kind: 'full-eval',
    found: false,
    code: `import torch\n\n\ndef distributed_all_gather(tensors, world_size, is_valid):\n    is_valid_list = [torch.zeros_like(is_valid) for _ in range(world_size)]\n    torch.distributed.all_gather(is_valid_list, is_valid)\n    return [x.item() for x in is_valid_list]\n`,
  },
  {
    name: 'hard negative: a loss of each batch of a validation loader, in a comprehension',
    kind: 'full-eval',
    found: true,
    code: `import torch\n\nwith torch.no_grad():\n    val_loss = sum(criterion(model(x), y).item() for x, y in val_loader)\n`,
  },
  {
    name: "a pass over a validation loader unpacked with the other splits' from one call (PyTorch-BayesianCNN: train_loader, valid_loader, test_loader = getDataloader(trainset, testset, …))",
    kind: 'full-eval',
    found: true,
    code: `def validate(net, validloader):\n    total = 0.0\n    for x, y in validloader:\n        total += criterion(net(x), y).item()\n    return total\n\n\ntrain_loader, valid_loader, test_loader = data.getDataloader(trainset, testset, valid_size, batch_size)\nfor epoch in range(10):\n    validate(net, valid_loader)\n`,
    text: 'for x, y in validloader',
  },
  {
    name: 'a pass over the validation loader through a progress bar bound by `with` (`with tqdm(val_loader) as pbar: for x, y in pbar:`; review 82)',
    kind: 'full-eval',
    found: true,
    code: `import torch\nfrom tqdm import tqdm\n\n\n@torch.no_grad()\ndef evaluate(net, val_loader):\n    total = 0.0\n    with tqdm(val_loader, desc="val") as pbar:\n        for x, y in pbar:\n            total += criterion(net(x), y).item()\n    return total\n`,
    text: 'for x, y in pbar',
  },
  {
    name: 'hard negative: the same progress bar over the training loader',
    kind: 'full-eval',
    found: false,
    code: `import torch\nfrom tqdm import tqdm\n\n\n@torch.no_grad()\ndef evaluate(net, train_loader):\n    total = 0.0\n    with tqdm(train_loader) as pbar:\n        for x, y in pbar:\n            total += criterion(net(x), y).item()\n    return total\n`,
  },
  {
    name: "full-batch training scoring the validation mask's accuracy (PyG's gat.py; review 132)",
    kind: 'full-eval',
    found: true,
    code: `import torch\nimport torch.nn.functional as F\n\nfor epoch in range(200):\n    model.train()\n    optimizer.zero_grad()\n    out = model(data.x, data.edge_index)\n    F.nll_loss(out[data.train_mask], data.y[data.train_mask]).backward()\n    optimizer.step()\n    model.eval()\n    out = model(data.x, data.edge_index)\n    val_acc = (out[data.val_mask].argmax(-1) == data.y[data.val_mask]).float().mean()\n`,
    text: 'out[data.val_mask].argmax(-1)',
  },
  {
    name: "full-batch training scoring the validation split with an OGB Evaluator (ogbn-arxiv; review 132)",
    kind: 'full-eval',
    found: true,
    code: `import torch\nimport torch.nn.functional as F\n\nfor epoch in range(200):\n    model.train()\n    optimizer.zero_grad()\n    out = model(data.x, data.edge_index)\n    F.nll_loss(out[data.train_mask], data.y[data.train_mask]).backward()\n    optimizer.step()\n    model.eval()\n    out = model(data.x, data.edge_index)\n    valid_acc = evaluator.eval({"y_true": data.y[split_idx["valid"]], "y_pred": out[split_idx["valid"]]})["acc"]\n`,
  },
  {
    name: 'full-batch node classification scores every validation node at once each epoch (pygcn: `accuracy(output[idx_val], labels[idx_val])`; review 92)',
    kind: 'full-eval',
    found: true,
    code: `import torch\nimport torch.nn.functional as F\n\nfor epoch in range(200):\n    model.train()\n    optimizer.zero_grad()\n    output = model(features, adj)\n    loss_train = F.nll_loss(output[idx_train], labels[idx_train])\n    loss_train.backward()\n    optimizer.step()\n    model.eval()\n    output = model(features, adj)\n    acc_val = accuracy(output[idx_val], labels[idx_val])\n`,
    text: 'accuracy(output[idx_val], labels[idx_val])',
  },
  {
    name: 'hard negative: the same scoring in mini-batch training (a batch drawn each step) is no pass over every node',
    kind: 'full-eval',
    found: false,
    code: `import torch\nimport torch.nn.functional as F\n\nfor epoch in range(200):\n    idx = torch.randint(0, 2708, (64,))\n    optimizer.zero_grad()\n    output = model(features[idx], adj)\n    loss_train = F.nll_loss(output[idx_train], labels[idx_train])\n    loss_train.backward()\n    optimizer.step()\n    acc_val = accuracy(output[idx_val], labels[idx_val])\n`,
  },
  {
    name: "a stopping helper of the file fed the training loss is no early stopping on validation (Autoformer-forecasting's EarlyStopper; review 93)",
    kind: 'early-stopping',
    found: false,
    code: STOPPER('np.mean(train_loss)'),
  },
  {
    name: 'hard negative: the same helper fed the validation loss',
    kind: 'early-stopping',
    found: true,
    code: STOPPER('val_loss'),
    text: 'EarlyStopper(patience=3)',
  },
  {
    name: "Python's and NumPy's seeds alone, in a file that trains a PyTorch model, do not fix the run (review 92)",
    kind: 'seed',
    found: false,
    code: `import random\nimport numpy as np\nimport torch\n\nrandom.seed(1)\nnp.random.seed(1)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`,
  },
  {
    name: 'the CUDA generators seeded alone, in a file that trains a PyTorch model (review 95)',
    kind: 'seed',
    found: false,
    code: `import torch\n\ntorch.cuda.manual_seed(1)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`,
  },
  {
    name: 'hard negative: the same seeds with torch.manual_seed',
    kind: 'seed',
    found: true,
    code: `import random\nimport numpy as np\nimport torch\n\nrandom.seed(1)\nnp.random.seed(1)\ntorch.manual_seed(1)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`,
    text: 'random.seed(1)',
  },
  {
    name: "a batch generator handed the validation arrays through the evaluation's parameters (LSTNet's data.get_batches(X, Y, batch_size, False); review 93)",
    kind: 'full-eval',
    found: true,
    code: LSTNET('Data.valid[0], Data.valid[1]'),
    text: 'for X, Y in data.get_batches(X, Y, batch_size, False)',
  },
  { name: 'hard negative: the same generator handed the training arrays', kind: 'full-eval', found: false, code: LSTNET('Data.train[0], Data.train[1]') },
  {
    name: 'a graph of the dataset drawn in an exploration module (`nx.draw(to_networkx(dataset[0]))`; review 92)',
    kind: 'data-exploration',
    found: true,
    code: `import matplotlib.pyplot as plt\nimport networkx as nx\nfrom torch_geometric.utils import to_networkx\n\n\ndef visualize_graph(graph):\n    nx.draw(to_networkx(graph, to_undirected=True), node_size=30)\n    plt.show()\n`,
    text: 'nx.draw(to_networkx(graph, to_undirected=True), node_size=30)',
  },
  {
    name: "an engine module's evaluation function over the loader it is handed, called from the training script (bert-sentiment's engine.eval_fn; review 91)",
    kind: 'full-eval',
    found: true,
    code: ENGINE_EVAL(''),
    text: 'for d in tqdm(data_loader, total=len(data_loader))',
  },
  { name: 'hard negative: the same function called in its file with the training loader', kind: 'full-eval', found: false, code: ENGINE_EVAL('\n\nprint(eval_fn(train_loader, model, "cpu"))\n') },
  { name: 'hard negative: a training function of the engine over the loader it is handed', kind: 'full-eval', found: false, code: ENGINE_EVAL('').replace('def eval_fn', 'def train_fn') },
  { name: "a test loader normalised by the training set's statistics (TRAIN_MEAN) is the test split", kind: 'full-eval', found: true, code: `import torch\n\ntest_loader = torch.utils.data.DataLoader(CIFAR10('data', train=False, transform=Normalize(TRAIN_MEAN, TRAIN_STD)), batch_size=256)\nwith torch.no_grad():\n    for x, y in test_loader:\n        correct += (net(x).argmax(1) == y).sum().item()\n`, text: 'for x, y in test_loader' },
  { name: 'hard negative: a loader named for training, built with validation statistics, scored without training', kind: 'full-eval', found: false, code: `import torch\n\ntrain_loader = torch.utils.data.DataLoader(CIFAR10('data', train=True, transform=Normalize(VAL_MEAN, VAL_STD)), batch_size=256)\nwith torch.no_grad():\n    for x, y in train_loader:\n        correct += (net(x).argmax(1) == y).sum().item()\n` },
  { name: "a loop over the test loader whose `else: raise` guards a setting still passes over every batch (AberHu's KD zoo; review 101)", kind: 'full-eval', found: true, code: RAISES('else:\n                raise Exception("Invalid kd mode")'), text: 'for img, target in test_loader' },
  { name: 'hard negative: a loop over the test loader that raises on its first batch', kind: 'full-eval', found: false, code: RAISES('raise StopIteration') },
  { name: 'every item of a validation list by its index (`for k in range(len(dataset_val)): img_val = dataset_val[k]`, DnCNN; review 102)', kind: 'full-eval', found: true, code: DENOISE('for k in range(len(dataset_val)):\n            img_val = dataset_val[k]'), text: 'for k in range(len(dataset_val))' },
  { name: 'a denoiser scored against the clean batch itself (`batch_PSNR(out_val, img_val)`)', kind: 'full-eval', found: true, code: DENOISE('for img_val in val_loader:'), text: 'for img_val in val_loader' },
  { name: 'hard negative: an index loop over test predictions that runs no model', kind: 'full-eval', found: false, code: `rows = []\nfor k in range(len(test_preds)):\n    rows.append(format_row(test_preds[k]))\n` },
  { name: 'hard negative: a loop over unlabelled test images that only saves what the model makes', kind: 'full-eval', found: false, code: `import torch\n\nwith torch.no_grad():\n    for img in test_loader:\n        out = model(img)\n        save_image(out, "out.png")\n` },
  { name: "a JSON helper mapping itself over a log's items is no evaluation (`[ensure_serializable(item) for item in obj]`; review 105)", kind: 'full-eval', found: false, code: `def ensure_serializable(obj):\n    if isinstance(obj, list):\n        return [ensure_serializable(item) for item in obj]\n    return obj\n\n\ndef log_eval_to_file(path, log_object):\n    dump(ensure_serializable(log_object), path)\n` },
  { name: 'a loop over a list of metric objects, each called, is no pass over data (`for valid_add_metric in self.valid_add_metrics`)', kind: 'full-eval', found: false, code: `class Module:\n    def validation_step(self, batch, i):\n        preds, targets = self.step(batch)\n        for valid_add_metric in self.valid_add_metrics:\n            self.log("m", valid_add_metric(preds, targets))\n` },
  { name: "a loop copying test items into a dict is no evaluation (LightGCN's test dict; review 103)", kind: 'full-eval', found: false, code: `class Loader:\n    def build_test(self):\n        test_data = {}\n        for i, item in enumerate(self.testItem):\n            user = self.testUser[i]\n            if test_data.get(user):\n                test_data[user].append(item)\n            else:\n                test_data[user] = [item]\n        return test_data\n` },
  { name: "a NeRF's render_path over the test poses that only writes frames is no evaluation (review 104)", kind: 'full-eval', found: false, code: RENDER_PATH('') },
  { name: 'hard negative: the same render_path scoring each frame (PSNR)', kind: 'full-eval', found: true, code: RENDER_PATH('psnrs.append(-10. * np.log10(np.mean(np.square(rgb - gt_imgs[i]))))'), text: 'for i, c2w in enumerate(tqdm(test_poses))' },
  { name: "trainer.evaluate() of a project's Trainer subclass picked through a name (`trainer_cls = ExtractionTrainer`; FastIE, review 105)", kind: 'full-eval', found: true, code: HF_SUBCLASS('Trainer'), text: 'trainer.evaluate(eval_dataset=eval_dataset)' },
  { name: 'hard negative: the same with a class that is no Trainer', kind: 'full-eval', found: false, code: HF_SUBCLASS('object') },
  { name: 'a held-out array read in slices (`for i in range(0, len(X_val), bs): xb = X_val[i:i + bs]`; review 103)', kind: 'full-eval', found: true, code: `import torch\n\nwith torch.no_grad():\n    for i in range(0, len(X_val), bs):\n        xb = torch.tensor(X_val[i:i + bs])\n        total += criterion(model(xb), torch.tensor(y_val[i:i + bs])).item()\n`, text: 'for i in range(0, len(X_val), bs)' },
  { name: 'hard negative: the training array read in slices', kind: 'full-eval', found: false, code: `import torch\n\nwith torch.no_grad():\n    for i in range(0, len(X_train), bs):\n        xb = torch.tensor(X_train[i:i + bs])\n        total += criterion(model(xb), torch.tensor(y_train[i:i + bs])).item()\n` },
  { name: "a stopper fed the training batch's loss in the loop that steps (accelerate's early-stopping example; review 108)", kind: 'early-stopping', found: false, code: ACCEL_STOP('if callback.check_early_stopping(loss.item()):\n                return', '') },
  { name: '… also through a flag the epoch loop breaks on', kind: 'early-stopping', found: false, code: ACCEL_STOP('if callback.check_early_stopping(loss.item()):\n                stop = True\n                break', '        if stop:\n            break\n') },
  { name: 'hard negative: the same stopper fed the validation loss after the epoch', kind: 'early-stopping', found: true, code: ACCEL_STOP('pass', '        if callback.check_early_stopping(evaluate(model, eval_dataloader)):\n            break\n'), text: 'EarlyStoppingCallback()' },
  { name: 'a generator over the validation loader weighting each batch (`sum(criterion(model(xb), yb).item() * len(xb) for xb, yb in val_loader)`; review 109)', kind: 'full-eval', found: true, code: `import torch\n\nwith torch.no_grad():\n    val = sum(criterion(model(xb), yb).item() * len(xb) for xb, yb in val_loader) / n_val\n`, text: '(criterion(model(xb), yb).item() * len(xb) for xb, yb in val_loader)' },
  ...[
    ['        best_state = copy.deepcopy(model.state_dict())\n', "MoleDetector's `best_model_weights`; review 141"],
    ['        best_ckpt_info = (epoch, min_val_loss, copy.deepcopy(model.state_dict()))\n', "ACT's `best_ckpt_info`; review 144"],
    ['        best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}\n', 'cloned tensors'],
  ].map(([keep, what]): Case => ({ name: `the best epoch's weights kept in memory (${what})`, kind: 'early-stopping', found: true, code: `import copy\nimport torch\n\nmin_val_loss = float("inf")\nfor epoch in range(30):\n    train_epoch(model, train_loader)\n    val_loss = evaluate(model, val_loader)\n    if val_loss < min_val_loss:\n        min_val_loss = val_loss\n${keep}`, text: 'val_loss < min_val_loss' })),
  { name: 'hard negative: the state dict read but not copied (a reference to weights that keep training)', kind: 'early-stopping', found: false, code: `import copy\nimport torch\n\nmin_val_loss = float("inf")\nfor epoch in range(30):\n    train_epoch(model, train_loader)\n    val_loss = evaluate(model, val_loader)\n    if val_loss < min_val_loss:\n        min_val_loss = val_loss\n        best_state = model.state_dict()\n` },
  { name: "a best checkpoint kept on the loss the loop trains on (`if loss.item() < best_loss:` after `loss.backward()`, a PINN; review 148)", kind: 'early-stopping', found: false, code: `import torch\nimport torch.nn as nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 1))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nx_train, y_train = torch.rand(512, 2), torch.rand(512, 1)\n\nbest_loss = 1.e10\nfor epoch in range(1000):\n    optimizer.zero_grad()\n    loss = ((model(x_train) - y_train) ** 2).mean()\n    loss.backward()\n    optimizer.step()\n    if loss.item() < best_loss:\n        best_loss = loss.item()\n        torch.save(model.state_dict(), "best.pth")\n` },
  { name: 'the same through a flag (`is_best = loss < best_loss`)', kind: 'early-stopping', found: false, code: `import torch\nimport torch.nn as nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 1))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nx_train, y_train = torch.rand(512, 2), torch.rand(512, 1)\n\nbest_loss = 1.e10\nfor epoch in range(1000):\n    optimizer.zero_grad()\n    loss = ((model(x_train) - y_train) ** 2).mean()\n    loss.backward()\n    optimizer.step()\n    is_best = loss < best_loss\n    best_loss = loss if is_best else best_loss\n    if is_best:\n        torch.save(model.state_dict(), "best.pth")\n` },
  { name: "hard negative: a validation loss under the training loss's name, computed after the steps (EfficientDet's `loss = cls_loss + reg_loss`)", kind: 'early-stopping', found: true, code: `import torch\n\nbest_loss = 1e5\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n    model.eval()\n    with torch.no_grad():\n        loss = sum(criterion(model(x), y).item() for x, y in val_loader)\n    if loss < best_loss:\n        best_loss = loss\n        torch.save(model.state_dict(), 'best.pth')\n`, text: 'loss < best_loss' },
  { name: 'hard negative: the same kept on a validation loss', kind: 'early-stopping', found: true, code: `import torch\nimport torch.nn as nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 1))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nx_train, y_train = torch.rand(512, 2), torch.rand(512, 1)\nx_val, y_val = torch.rand(128, 2), torch.rand(128, 1)\n\nbest_loss = 1.e10\nfor epoch in range(1000):\n    optimizer.zero_grad()\n    loss = ((model(x_train) - y_train) ** 2).mean()\n    loss.backward()\n    optimizer.step()\n    with torch.no_grad():\n        val_loss = ((model(x_val) - y_val) ** 2).mean()\n    if val_loss.item() < best_loss:\n        best_loss = val_loss.item()\n        torch.save(model.state_dict(), "best.pth")\n`, text: 'val_loss.item() < best_loss' },
  { name: "a checkpoint helper's best flag every caller passes as False (pytorch_stacked_hourglass; review 147)", kind: 'early-stopping', found: false, code: `import shutil\nimport torch\nfrom torch import nn\n\n\ndef save_checkpoint(state, is_best, filename='checkpoint.pt'):\n    torch.save(state, filename)\n    if is_best:\n        shutil.copyfile(filename, 'model_best.pt')\n\n\ndef main(train_loader, val_loader):\n    torch.manual_seed(0)\n    model = nn.Linear(10, 2)\n    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-2)\n    criterion = nn.CrossEntropyLoss()\n    for epoch in range(100):\n        model.train()\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        model.eval()\n        val_loss = 0.0\n        with torch.no_grad():\n            for x, y in val_loader:\n                val_loss += criterion(model(x), y).item()\n        print(epoch, val_loss)\n        save_checkpoint({'state_dict': model.state_dict()}, False)\n` },
  { name: 'hard negative: the same helper handed a comparison of the validation loss', kind: 'early-stopping', found: true, code: `import shutil\nimport torch\nfrom torch import nn\n\n\ndef save_checkpoint(state, is_best, filename='checkpoint.pt'):\n    torch.save(state, filename)\n    if is_best:\n        shutil.copyfile(filename, 'model_best.pt')\n\n\ndef main(train_loader, val_loader):\n    torch.manual_seed(0)\n    model = nn.Linear(10, 2)\n    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-2)\n    criterion = nn.CrossEntropyLoss()\n    best = float("inf")\n    for epoch in range(100):\n        model.train()\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            criterion(model(x), y).backward()\n            optimizer.step()\n        model.eval()\n        val_loss = 0.0\n        with torch.no_grad():\n            for x, y in val_loader:\n                val_loss += criterion(model(x), y).item()\n        print(epoch, val_loss)\n        is_best = val_loss < best\n        best = min(val_loss, best)\n        save_checkpoint({"state_dict": model.state_dict()}, is_best)\n`, text: 'is_best' },
  { name: "a best score never updated after its `= 0`: every epoch that scores saves (bottom-up-attention-vqa; review 142)", kind: 'early-stopping', found: false, code: `import torch\n\nbest_eval_score = 0\nfor epoch in range(30):\n    train_epoch(model, train_loader)\n    eval_score = evaluate(model, eval_loader)\n    if eval_score > best_eval_score:\n        torch.save(model.state_dict(), 'model.pth')\n` },
  ...['        best_eval_score = eval_score\n', '        best_eval_score = max(best_eval_score, eval_score)\n'].map((keep): Case => ({ name: `hard negative: the best updated (\`${keep.trim()}\`)`, kind: 'early-stopping', found: true, code: `import torch\n\nbest_eval_score = 0\nfor epoch in range(30):\n    train_epoch(model, train_loader)\n    eval_score = evaluate(model, eval_loader)\n    if eval_score > best_eval_score:\n${keep}        torch.save(model.state_dict(), 'model.pth')\n`, text: 'eval_score > best_eval_score' })),
  { name: "a server's validation over the loader its constructor keeps, built by another file (fedavg.pytorch's `self.dataloader`; review 143)", kind: 'full-eval', found: true, code: `import torch\n\n\nclass Server:\n    def __init__(self, model, dataloader):\n        self.model = model\n        self.dataloader = dataloader\n\n    def validation(self, loss_fn):\n        self.model.eval()\n        test_loss = 0\n        with torch.no_grad():\n            for img, target in self.dataloader:\n                test_loss += loss_fn(self.model(img), target).item()\n        return test_loss / len(self.dataloader)\n`, text: 'for img, target in self.dataloader' },
  { name: 'hard negative: the same class also trains on that loader (a client scoring its own data)', kind: 'full-eval', found: false, code: `import torch\n\n\nclass Server:\n    def __init__(self, model, dataloader):\n        self.model = model\n        self.dataloader = dataloader\n\n    def validation(self, loss_fn):\n        self.model.eval()\n        test_loss = 0\n        with torch.no_grad():\n            for img, target in self.dataloader:\n                test_loss += loss_fn(self.model(img), target).item()\n        return test_loss / len(self.dataloader)\n\n    def train(self, opt, loss_fn):\n        for img, target in self.dataloader:\n            opt.zero_grad()\n            loss_fn(self.model(img), target).backward()\n            opt.step()\n` },
  { name: 'hard negative: the same class built in the file with the training loader', kind: 'full-eval', found: false, code: `import torch\n\n\nclass Server:\n    def __init__(self, model, dataloader):\n        self.model = model\n        self.dataloader = dataloader\n\n    def validation(self, loss_fn):\n        self.model.eval()\n        test_loss = 0\n        with torch.no_grad():\n            for img, target in self.dataloader:\n                test_loss += loss_fn(self.model(img), target).item()\n        return test_loss / len(self.dataloader)\n\n\nserver = Server(model, train_loader)\nprint(server.validation(loss_fn))\n` },
  { name: "a total overwritten by each batch (`total_mae = …` where `+=` was meant: the last batch's score; PyG's qm9_dimenet, review 148)", kind: 'full-eval', found: false, code: `import torch\n\n\n@torch.no_grad()\ndef test(loader):\n    model.eval()\n    total_mae = 0\n    for x, y in val_loader:\n        out = model(x)\n        total_mae = (out.squeeze(-1) - y).abs().sum()\n    return total_mae / len(loader.dataset)\n` },
  { name: 'hard negative: the same total added to', kind: 'full-eval', found: true, code: `import torch\n\n\n@torch.no_grad()\ndef test(loader):\n    model.eval()\n    total_mae = 0\n    for x, y in val_loader:\n        out = model(x)\n        total_mae += (out.squeeze(-1) - y).abs().sum()\n    return total_mae / len(loader.dataset)\n`, text: 'for x, y in val_loader' },
  { name: "a while loop slicing the held-out array batch by batch, then its rest (InsightFace's `Learner.evaluate`; review 145)", kind: 'full-eval', found: true, code: `import numpy as np\nimport torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-2)\ntrain_loader = torch.utils.data.DataLoader(\n    torch.utils.data.TensorDataset(torch.randn(64, 10), torch.randint(0, 2, (64,))),\n    batch_size=16, shuffle=True)\nval_x = np.random.randn(100, 10).astype(np.float32)\nval_y = np.random.randint(0, 2, 100)\nbatch_size = 16\n\n\ndef evaluate(model, carray, labels):\n    model.eval()\n    idx = 0\n    preds = np.zeros(len(carray), dtype=np.int64)\n    with torch.no_grad():\n        while idx + batch_size <= len(carray):\n            batch = torch.tensor(carray[idx:idx + batch_size])\n            preds[idx:idx + batch_size] = model(batch).argmax(1).numpy()\n            idx += batch_size\n        if idx < len(carray):\n            batch = torch.tensor(carray[idx:])\n            preds[idx:] = model(batch).argmax(1).numpy()\n    return (preds == labels).mean()\n\n\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = nn.functional.cross_entropy(model(x), y)\n        loss.backward()\n        optimizer.step()\n    print(epoch, evaluate(model, val_x, val_y))\n`, text: 'while idx + batch_size <= len(carray)' },
  { name: 'the same loop running to the end (`while idx < len(carray):`)', kind: 'full-eval', found: true, code: `import numpy as np\nimport torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-2)\ntrain_loader = torch.utils.data.DataLoader(\n    torch.utils.data.TensorDataset(torch.randn(64, 10), torch.randint(0, 2, (64,))),\n    batch_size=16, shuffle=True)\nval_x = np.random.randn(100, 10).astype(np.float32)\nval_y = np.random.randint(0, 2, 100)\nbatch_size = 16\n\n\ndef evaluate(model, carray, labels):\n    model.eval()\n    idx = 0\n    preds = np.zeros(len(carray), dtype=np.int64)\n    with torch.no_grad():\n        while idx < len(carray):\n            batch = torch.tensor(carray[idx:idx + batch_size])\n            preds[idx:idx + batch_size] = model(batch).argmax(1).numpy()\n            idx += batch_size\n    return (preds == labels).mean()\n\n\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = nn.functional.cross_entropy(model(x), y)\n        loss.backward()\n        optimizer.step()\n    print(epoch, evaluate(model, val_x, val_y))\n`, text: 'while idx < len(carray)' },
  { name: 'hard negative: the same loop without its rest (the last partial batch is dropped)', kind: 'full-eval', found: false, code: `import numpy as np\nimport torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-2)\ntrain_loader = torch.utils.data.DataLoader(\n    torch.utils.data.TensorDataset(torch.randn(64, 10), torch.randint(0, 2, (64,))),\n    batch_size=16, shuffle=True)\nval_x = np.random.randn(100, 10).astype(np.float32)\nval_y = np.random.randint(0, 2, 100)\nbatch_size = 16\n\n\ndef evaluate(model, carray, labels):\n    model.eval()\n    idx = 0\n    preds = np.zeros(len(carray), dtype=np.int64)\n    with torch.no_grad():\n        while idx + batch_size <= len(carray):\n            batch = torch.tensor(carray[idx:idx + batch_size])\n            preds[idx:idx + batch_size] = model(batch).argmax(1).numpy()\n            idx += batch_size\n    return (preds == labels).mean()\n\n\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = nn.functional.cross_entropy(model(x), y)\n        loss.backward()\n        optimizer.step()\n    print(epoch, evaluate(model, val_x, val_y))\n` },
  { name: 'hard negative: the same loop handed the training arrays', kind: 'full-eval', found: false, code: `import numpy as np\nimport torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-2)\ntrain_loader = torch.utils.data.DataLoader(\n    torch.utils.data.TensorDataset(torch.randn(64, 10), torch.randint(0, 2, (64,))),\n    batch_size=16, shuffle=True)\nval_x = np.random.randn(100, 10).astype(np.float32)\nval_y = np.random.randint(0, 2, 100)\nbatch_size = 16\n\n\ndef evaluate(model, carray, labels):\n    model.eval()\n    idx = 0\n    preds = np.zeros(len(carray), dtype=np.int64)\n    with torch.no_grad():\n        while idx + batch_size <= len(carray):\n            batch = torch.tensor(carray[idx:idx + batch_size])\n            preds[idx:idx + batch_size] = model(batch).argmax(1).numpy()\n            idx += batch_size\n        if idx < len(carray):\n            batch = torch.tensor(carray[idx:])\n            preds[idx:] = model(batch).argmax(1).numpy()\n    return (preds == labels).mean()\n\n\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = nn.functional.cross_entropy(model(x), y)\n        loss.backward()\n        optimizer.step()\n    print(epoch, evaluate(model, train_x, train_y))\n` },
  { name: "loaders built for each held-out split, evaluating nothing (`[DataLoader(ds, batch_size=10) for ds in test_splits]`, FedAvg; review 143)", kind: 'full-eval', found: false, code: `import torch\nfrom torch.utils.data import DataLoader, random_split\n\ntest_splits = random_split(test_set, [100, 100, 100])\ntest_dls = [DataLoader(ds, batch_size=10) for ds in test_splits]\n` },
  { name: "an item's answer words mapped to ids (`entry['valid_answers']` in a VQA dataset; review 142)", kind: 'full-eval', found: false, code: `class VqaDataset:\n    def __getitem__(self, idx):\n        entry = self.entries[idx]\n        return [self.vocab.word2idx(w) for w in entry['valid_answers']]\n` },
  { name: "hard negative: a pass over the loader a dict holds under a split's key (`loaders['valid']`)", kind: 'full-eval', found: true, code: `import torch\n\nwith torch.no_grad():\n    val_loss = sum(criterion(model(x), y).item() for x, y in loaders['valid'])\n`, text: "(criterion(model(x), y).item() for x, y in loaders['valid'])" },
  { name: 'hard negative: the same over the training loader', kind: 'full-eval', found: false, code: `import torch\n\nwith torch.no_grad():\n    tr = sum(criterion(model(xb), yb).item() * len(xb) for xb, yb in train_loader) / n_train\n` },
  // a helper shared by training and evaluation, called on the test split with its training switched off
  { name: 'a shared run(net, loader, train=False) called on the test loader evaluates the whole set', kind: 'full-eval', found: true, code: SHARED_RUN('run(net, test_loader, train=False)'), text: 'for x, y in loader', tips: ['2.3'] },
  { name: 'the shared helper called on the validation loader without the optimizer', kind: 'full-eval', found: true, code: SHARED_RUN('run(net, val_loader)'), text: 'for x, y in loader' },
  { name: 'the shared helper told its phase by a string', kind: 'full-eval', found: true, code: SHARED_RUN("run(net, val_loader, optimizer, 'val')"), text: 'for x, y in loader' },
  { name: 'hard negative: the shared helper training on the validation loader (its optimizer, train=True)', kind: 'full-eval', found: false, code: SHARED_RUN('run(net, val_loader, optimizer, train=True)') },
  { name: 'hard negative: the shared helper only ever called on the training loader', kind: 'full-eval', found: false, code: SHARED_RUN('run(net, train_loader, optimizer, train=False)') },
  { name: 'hard negative: the shared helper stops after its first batches', kind: 'full-eval', found: false, code: SHARED_RUN('run(net, test_loader, train=False)').replace('total += x.size(0)', 'total += x.size(0)\n            if total > 512:\n                break') },
  {
    name: 'a stop flag set when a step budget runs out is no early stopping (easy-faster-rcnn; review 97)',
    kind: 'early-stopping',
    found: false,
    code: BUDGET('step == num_steps_to_finish'),
  },
  {
    name: 'hard negative: the same flag set when the validation loss stops improving',
    kind: 'early-stopping',
    found: true,
    code: BUDGET('bad_epochs > patience'),
    text: 'should_stop',
  },
  {
    name: "a Dataset's vocabulary built with Counter is no look through the data (captioning, VQA; review 99)",
    kind: 'data-exploration',
    found: false,
    code: `from collections import Counter\nfrom torch.utils.data import Dataset\n\n\nclass Captions(Dataset):\n    def __init__(self, captions):\n        counts = Counter(w for c in captions for w in c.split())\n        self.vocab = [w for w, n in counts.items() if n >= 5]\n`,
  },
  {
    name: 'hard negative: the same loop over a loader unpacked from a call, named for the training split',
    kind: 'full-eval',
    found: false,
    code: `def validate(net, loader):\n    total = 0.0\n    for x, y in loader:\n        total += criterion(net(x), y).item()\n    return total\n\n\ntrain_loader, valid_loader = data.getDataloader(trainset, validset, batch_size)\nfor epoch in range(10):\n    validate(net, train_loader)\n`,
  },
  {
    name: "a validation_step that never runs: the file's only fit() gets a training loader alone",
    kind: 'full-eval',
    found: false,
    code: `import lightning as L\nfrom torch.utils.data import DataLoader\n\n\nclass Lit(L.LightningModule):\n    def training_step(self, batch, i):\n        return self.loss(batch)\n\n    def validation_step(self, batch, i):\n        self.log("val_loss", self.loss(batch))\n\n\ntrain_loader = DataLoader(train_ds, batch_size=32, shuffle=True)\nL.Trainer(max_epochs=3).fit(Lit(), train_loader)\n`,
  },
  {
    name: 'hard negative: the same with validation data given to fit()',
    kind: 'full-eval',
    found: true,
    code: `import lightning as L\n\n\nclass Lit(L.LightningModule):\n    def training_step(self, batch, i):\n        return self.loss(batch)\n\n    def validation_step(self, batch, i):\n        self.log("val_loss", self.loss(batch))\n\n\nL.Trainer(max_epochs=3).fit(Lit(), train_loader, val_loader)\n`,
    text: 'validation_step',
  },
  { name: '`trainer.test()` of a Trainer built with `limit_test_batches` covers part of the test set', kind: 'full-eval', found: false, code: `import lightning as L\n\ntester = L.Trainer(limit_test_batches=config.num_test_batches, logger=False)\ntester.test(model=lit_model, dataloaders=data)\n` },
  { name: 'hard negative: `trainer.test()` without a limit covers the whole test set', kind: 'full-eval', found: true, code: `import lightning as L\n\ntester = L.Trainer(logger=False)\ntester.test(model=lit_model, dataloaders=data)\n`, text: 'tester.test(model=lit_model, dataloaders=data)' },
  {
    name: "validation data handed to a Lightning Trainer's fit() for a library model (pytorch-forecasting's N-BEATS)",
    kind: 'full-eval',
    found: true,
    code: `import lightning.pytorch as pl\nfrom pytorch_forecasting import NBeats\n\nnet = NBeats.from_dataset(training, learning_rate=3e-2)\ntrainer = pl.Trainer(max_epochs=3)\ntrainer.fit(net, train_dataloaders=train_dataloader, val_dataloaders=val_dataloader)\n`,
    text: 'trainer.fit(net, train_dataloaders=train_dataloader, val_dataloaders=val_dataloader)',
  },
  {
    name: 'hard negative: the same fit without validation data, and one capped by limit_val_batches',
    kind: 'full-eval',
    found: false,
    code: `import lightning.pytorch as pl\nfrom pytorch_forecasting import NBeats\n\nnet = NBeats.from_dataset(training, learning_rate=3e-2)\ntrainer = pl.Trainer(max_epochs=3)\ntrainer.fit(net, train_dataloaders=train_dataloader)\nquick = pl.Trainer(limit_val_batches=30)\nquick.fit(net, train_dataloader, val_dataloader)\n`,
  },
  { name: 'a loop over the whole validation loader', kind: 'full-eval', found: true, code: `for x, y in val_loader:\n    total += criterion(model(x), y).item()\n`, text: 'for x, y in val_loader', tips: ['2.3'] },
  {
    name: "the lines of a label file named for validation (`val_f = open(val_file)`) are no pass over the validation set",
    kind: 'full-eval',
    found: false,
    code: `class Flowers(Dataset):\n    def __init__(self, val_file):\n        self.val_labels = {}\n        val_f = open(val_file, "r")\n        for i, line in enumerate(val_f):\n            self.val_labels[i] = parse(line)\n        for row in csv.reader(open("val.csv")):\n            self.rows.append(parse(row))\n`,
  },
  { name: 'hard negative: a function named open of the file is not the builtin', kind: 'full-eval', found: true, code: `def open(split):\n    return DataLoader(ds[split])\n\n\nval_loader = open("val")\nfor x, y in val_loader:\n    total += criterion(model(x), y).item()\n`, text: 'for x, y in val_loader' },
  {
    name: "the evaluation phase of a loop over dataloaders[phase] (PyTorch's transfer-learning tutorial: for phase in ['train', 'val'])",
    kind: 'full-eval',
    found: true,
    code: `for epoch in range(3):\n    for phase in ['train', 'val']:\n        for inputs, labels in dataloaders[phase]:\n            optimizer.zero_grad()\n            loss = criterion(model(inputs), labels)\n            if phase == 'train':\n                loss.backward()\n                optimizer.step()\n`,
    text: 'for inputs, labels in dataloaders[phase]',
  },
  {
    name: 'hard negative: the same loop over phases that name no held-out split, or over phases the analysis cannot read',
    kind: 'full-eval',
    found: false,
    code: `for phase in ['train', 'train_aug']:\n    for inputs, labels in dataloaders[phase]:\n        optimizer.zero_grad()\n        criterion(model(inputs), labels).backward()\n        optimizer.step()\nfor phase in phases:\n    for inputs, labels in dataloaders[phase]:\n        optimizer.zero_grad()\n        criterion(model(inputs), labels).backward()\n        optimizer.step()\n`,
  },
  {
    name: "a loop over a metric logger's batches, its header a name for the test text (DETR's and MAE's evaluate(): header = 'Test:')",
    kind: 'full-eval',
    found: true,
    code: `@torch.no_grad()\ndef evaluate(model, criterion, data_loader):\n    model.eval()\n    header = "Test:"\n    for images, target in metric_logger.log_every(data_loader, 10, header):\n        metric_logger.update(loss=criterion(model(images), target).item())\n`,
    text: 'for images, target in metric_logger.log_every(data_loader, 10, header)',
  },
  {
    name: 'hard negative: the same loop with a header naming an epoch of training, not held-out data',
    kind: 'full-eval',
    found: false,
    code: `def show(model, data_loader, epoch):\n    header = "Epoch"\n    for images, target in metric_logger.log_every(data_loader, 10, header):\n        metric_logger.update(out=model(images).sum().item())\n`,
  },
  { name: 'through a function parameter', kind: 'full-eval', found: true, code: `def evaluate(loader):\n    for x, y in loader:\n        metric.update(model(x), y)\n\nevaluate(test_loader)\n`, text: 'for x, y in loader' },
  { name: 'a generator over the validation loader', kind: 'full-eval', found: true, code: `val_loss = sum(criterion(model(x), y).item() for x, y in val_loader)\n` },
  {
    name: "hard negative: a list of paths built from the test list (arcface's `[os.path.join(root, each) for each in test_list]`), and of stripped names",
    kind: 'full-eval',
    found: false,
    code: `import os\n\nimg_paths = [os.path.join(opt.lfw_root, each) for each in test_list]\nnames = [line.strip() for line in val_lines]\n`,
  },
  { name: 'the model applied in a comprehension over the test images', kind: 'full-eval', found: true, code: `import os\n\nfeatures = [model(load(each)) for each in test_list]\n` },
  {
    name: "a generator over the validation loader inside the epoch loop is a full pass (`val_loss = sum(… for x, y in val_loader)` each epoch)",
    kind: 'full-eval',
    found: true,
    code: `for epoch in range(200):\n    train_one_epoch(model, train_loader)\n    with torch.no_grad():\n        val_loss = sum(criterion(model(x), y).item() for x, y in val_loader) / len(val_loader)\n`,
  },
  {
    name: "hard negative: comprehensions over what a loop makes on each iteration go through one batch's items (MONAI's `[post_label(x) for x in val_labels_list]`, the loop's own batch), and a comprehension's own variable named val over a dict's values",
    kind: 'full-eval',
    found: false,
    code: `for step, val_batch in enumerate(loader):\n    val_labels_list = decollate_batch(val_batch["label"])\n    val_labels_convert = [post_label(x) for x in val_labels_list]\n    val_images = [load(p) for p in val_batch["path"]]\nstate = [val.tolist() for val in list(observation.values())]\n`,
  },
  {
    name: 'a loop over a literal list of task names or guidance strengths is not data',
    kind: 'full-eval',
    found: false,
    code: `all_tasks = ["ARC-Easy", "MMLU", "HumanEval"]\nfor task_name in all_tasks:\n    run_task(model, task_name)\nws_test = [0.0, 0.5, 2.0]\nfor w in ws_test:\n    samples.append(sample(model, w))\n`,
  },
  { name: 'a walk over the keys of one eval batch', kind: 'full-eval', found: false, code: `def concat(local_eval_batch):\n    for k in local_eval_batch:\n        out[k] = pad(local_eval_batch[k])\n` },
  {
    name: 'a loop over the results an evaluation returned',
    kind: 'full-eval',
    found: false,
    code: `name_values, perf = val_dataset.evaluate(config, all_preds, output_dir)\nfor name_value in name_values:\n    writer.add_scalars("valid", dict(name_value), step)\n`,
  },
  {
    name: 'a loop that returns from its first batch (a throughput benchmark), and a loop after a return (switched off)',
    kind: 'full-eval',
    found: false,
    code: `def throughput(val_loader, model):\n    for images, _ in val_loader:\n        for i in range(50):\n            model(images)\n        return\n\n\ndef test(model, test_loader):\n    return\n    for x, y in test_loader:\n        correct += (model(x).argmax(1) == y).sum()\n`,
  },
  {
    name: 'hard negative: a loop over a loader an evaluation helper builds, that returns after the loop',
    kind: 'full-eval',
    found: true,
    code: `def evaluate(model):\n    val_loader = get_eval_loader(cfg)\n    for x, y in val_loader:\n        total += criterion(model(x), y).item()\n    return total\n`,
    text: 'for x, y in val_loader',
  },
  {
    name: 'predictions over an unlabelled test set for a submission: no label to score against',
    kind: 'full-eval',
    found: false,
    code: `for pic in loader_test:\n    pic = pic[0].cuda()\n    labels.append(torch.argmax(model(pic), dim=1))\n`,
  },
  { name: 'hard negative: a batch unpacked into inputs and labels', kind: 'full-eval', found: true, code: `for batch in val_loader:\n    x, y = batch\n    total += criterion(model(x), y).item()\n`, text: 'for batch in val_loader' },
  { name: 'hard negative: a Hugging Face batch handed whole to the model', kind: 'full-eval', found: true, code: `for batch in eval_dataloader:\n    outputs = model(**batch)\n    metric.add_batch(predictions=outputs.logits.argmax(-1))\n`, text: 'for batch in eval_dataloader' },
  { name: 'a loop that stops after a few batches', kind: 'full-eval', found: false, code: `for i, (x, y) in enumerate(val_loader):\n    if i == 10:\n        break\n    total += criterion(model(x), y).item()\n` },
  { name: 'a slice of the validation set', kind: 'full-eval', found: false, code: `from itertools import islice\n\nfor x, y in islice(val_loader, 5):\n    total += criterion(model(x), y).item()\n` },
  {
    name: 'a fixed number of random evaluation batches is not the whole set (nanoGPT estimate_loss)',
    kind: 'full-eval',
    found: false,
    code: `def estimate_loss():\n    losses = []\n    for k in range(eval_iters):\n        X, Y = get_batch("val")\n        losses.append(model(X, Y)[1].item())\n    return sum(losses) / len(losses)\n`,
  },
  { name: "a loop over the validation metrics' entries, to log them", kind: 'full-eval', found: false, code: `for name, value in val_metrics.items():\n    writer.add_scalar(f"val/{name}", value, epoch)\n` },
  { name: 'test images copied into lists, nothing evaluated', kind: 'full-eval', found: false, code: `test_images, test_labels = [], []\nfor x, y in test_loader:\n    test_images.append(x)\n    test_labels.append(y)\n` },
  { name: 'random indices drawn as many times as the test set is long', kind: 'full-eval', found: false, code: `import random\n\ntrain_eval_indices = [random.randint(0, len(train_dataset) - 1) for i in range(len(test_dataset))]\n` },
  { name: 'a loop over the training data', kind: 'full-eval', found: false, code: `for x, y in train_loader:\n    total += criterion(model(x), y).item()\n` },
  { name: 'Lightning validation_step', kind: 'full-eval', found: true, code: `import lightning as L\n\nclass M(L.LightningModule):\n    def validation_step(self, batch, i):\n        return self.loss(batch)\n`, text: 'validation_step' },
  { name: 'Lightning validation limited to a few batches', kind: 'full-eval', found: false, code: `import lightning as L\n\nclass M(L.LightningModule):\n    def validation_step(self, batch, i):\n        return self.loss(batch)\n\ntrainer = L.Trainer(limit_val_batches=0.1)\n` },
  // 2.4 loss at init
  { name: 'the loss compared with ln(C)', kind: 'loss-at-init', found: true, code: `import math\n\nloss = criterion(model(x), y)\nprint(loss.item(), math.log(num_classes))\n`, text: 'math.log(num_classes)', tips: ['2.4'] },
  { name: 'a function named for the check', kind: 'loss-at-init', found: true, code: `def check_loss_at_init(model, x, y):\n    pass\n`, text: 'check_loss_at_init' },
  ...['verify_initial_loss', 'init_loss_sanity', 'test_init_loss'].map((name): Case => ({ name: `a function named for the check (\`${name}\`)`, kind: 'loss-at-init', found: true, code: `def ${name}(model, x, y):\n    pass\n`, text: name })),
  ...['__init_loss', '_init_loss', 'init_loss', 'initial_loss', 'check_init'].map(
    (name): Case => ({ name: `hard negative: a method that builds the criterion (\`${name}\`; MoleDetector, review 141)`, kind: 'loss-at-init', found: false, code: `from torch import nn\n\n\nclass Trainer:\n    def ${name}(self, loss):\n        if loss == "crossentropyloss":\n            return nn.CrossEntropyLoss()\n        return nn.NLLLoss()\n` }),
  ),
  { name: 'a log of something else', kind: 'loss-at-init', found: false, code: `import math\n\nloss = criterion(model(x), y)\nscale = math.log(batch_size)\n` },
  // 2.7 input-independent baseline
  { name: 'inputs zeroed behind a flag', kind: 'zero-input-baseline', found: true, code: `import torch\n\nZERO_INPUTS = False\ndef model_inputs(x):\n    return torch.zeros_like(x) if ZERO_INPUTS else x\n`, text: 'torch.zeros_like(x)', tips: ['2.7'] },
  { name: 'in an if block on a baseline option', kind: 'zero-input-baseline', found: true, code: `import torch\n\nif args.input_independent_baseline:\n    x = torch.zeros_like(x)\n` },
  { name: 'zeros behind an unrelated condition (a padding mask)', kind: 'zero-input-baseline', found: false, code: `import torch\n\nmask = torch.zeros_like(x) if mask is None else mask\n` },
  { name: 'zeros without a flag', kind: 'zero-input-baseline', found: false, code: `import torch\n\nbuf = torch.zeros_like(x)\n` },
  // 2.8 overfit one batch
  { name: 'Lightning overfit_batches', kind: 'overfit-one-batch', found: true, code: `import lightning as L\n\ntrainer = L.Trainer(overfit_batches=1)\n`, text: 'overfit_batches=1', tips: ['2.8', '2.M6'] },
  { name: 'overfit_batches=0 is off', kind: 'overfit-one-batch', found: false, code: `import lightning as L\n\ntrainer = L.Trainer(overfit_batches=0)\n` },
  { name: 'a loop over one fixed batch', kind: 'overfit-one-batch', found: true, code: `x, y = next(iter(train_loader))\nx, y = x[:4].to(device), y[:4].to(device)\nfor step in range(500):\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`, text: 'for step in range(500)' },
  {
    name: 'a batch drawn from a new iterator inside the loop, every step (a new batch each time: VQ-VAE)',
    kind: 'overfit-one-batch',
    found: false,
    code: `for step in range(500):\n    (x, _) = next(iter(train_loader))\n    optimizer.zero_grad()\n    criterion(model(x), x).backward()\n    optimizer.step()\n`,
  },
  {
    name: 'fixed images handed only to a sampling helper of the file, which trains nothing (pytorch-vqvae)',
    kind: 'overfit-one-batch',
    found: false,
    code: `fixed_images, _ = next(iter(test_loader))\n\n\ndef generate_samples(images, model):\n    return model(images)\n\n\ndef train(loader, model):\n    for x, _ in loader:\n        optimizer.zero_grad()\n        criterion(model(x), x).backward()\n        optimizer.step()\n\n\nfor epoch in range(10):\n    train(train_loader, model)\n    generate_samples(fixed_images, model)\n`,
  },
  { name: 'an ordinary epoch loop', kind: 'overfit-one-batch', found: false, code: `fixed = next(iter(val_loader))\nfor epoch in range(10):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    show(model(fixed[0]))\n` },
  // 3.1 / 4.4 library models
  { name: 'a model from torch.hub is a standard architecture', kind: 'library-model', found: true, code: `import torch\n\nmodel = torch.hub.load("pytorch/vision", "resnet18", weights=None)\n`, text: 'torch.hub.load("pytorch/vision", "resnet18", weights=None)', tips: ['3.1'] },
  ...[
    'criterion = torch.hub.load("adeelh/pytorch-multi-class-focal-loss", model="focal_loss", alpha=None, gamma=2)',
    'crit = torch.hub.load("someone/losses", "focal")',
    'criterion = torch.hub.load("someone/modules", "focal")',
  ].map((line): Case => ({ name: `a loss from torch.hub is no model (\`${line.split(' = ')[0]}\`; MoleDetector, review 141)`, kind: 'library-model', found: false, code: `import torch\n\n${line}\n` })),
  { name: 'a torchvision model from scratch is a standard architecture', kind: 'library-model', found: true, code: `import torchvision\n\nmodel = torchvision.models.resnet18(num_classes=10)\n`, tips: ['3.1'] },
  { name: 'pretrained weights', kind: 'pretrained', found: true, code: `import torchvision\n\nmodel = torchvision.models.resnet18(weights="DEFAULT")\n`, tips: ['3.1', '4.4'] },
  { name: 'timm pretrained', kind: 'pretrained', found: true, code: `import timm\n\nmodel = timm.create_model("vit_small_patch16_224", pretrained=True)\n` },
  { name: 'Hugging Face from_pretrained', kind: 'pretrained', found: true, code: `from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("bert-base-uncased")\n` },
  { name: 'pretrained weights behind an option off unless given (`--init_from_pretrained`) are not what a run trains', kind: 'pretrained', found: false, code: PRETRAINED_BEHIND("action='store_true'") },
  { name: 'hard negative: the same option on by default', kind: 'pretrained', found: true, code: PRETRAINED_BEHIND("type=int, default=1"), text: "BertModel.from_pretrained('bert-base-uncased')" },
  { name: "a VGG whose slices the class freezes through getattr(self, 'enc_{:d}'…) is a loss network (partial-conv inpainting; review 102)", kind: 'pretrained', found: false, code: GETATTR_FROZEN('False') },
  { name: 'hard negative: the same slices left trainable', kind: 'pretrained', found: true, code: GETATTR_FROZEN('True'), text: 'models.vgg16(pretrained=True)' },
  { name: 'a tokenizer is no model', kind: 'pretrained', found: false, code: `from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("bert-base-uncased")\n` },
  { name: 'weights=None is no pretraining', kind: 'pretrained', found: false, code: `import torchvision\n\nmodel = torchvision.models.resnet18(weights=None)\n` },
  {
    name: "a pretrained network frozen whole is a loss network, not one being trained (fast neural style's Vgg16, a frozen VGG variable)",
    kind: 'pretrained',
    found: false,
    code: `import torch\nfrom torchvision import models\n\n\nclass Vgg16(torch.nn.Module):\n    def __init__(self, requires_grad=False):\n        super().__init__()\n        features = models.vgg16(pretrained=True).features\n        self.slice1 = torch.nn.Sequential()\n        for x in range(4):\n            self.slice1.add_module(str(x), features[x])\n        if not requires_grad:\n            for param in self.parameters():\n                param.requires_grad = False\n\n\nvgg = models.vgg19(pretrained=True).features.eval()\nvgg.requires_grad_(False)\n`,
  },
  {
    name: 'hard negative: frozen, then given a new head (transfer learning)',
    kind: 'pretrained',
    found: true,
    code: `import torch\nfrom torchvision import models\n\nmodel = models.resnet18(pretrained=True)\nfor param in model.parameters():\n    param.requires_grad = False\nmodel.fc = torch.nn.Linear(512, 10)\n`,
  },
  {
    name: 'hard negative: the class adds a trainable layer after freezing',
    kind: 'pretrained',
    found: true,
    code: `import torch\nfrom torchvision import models\n\n\nclass Vgg16(torch.nn.Module):\n    def __init__(self, requires_grad=False):\n        super().__init__()\n        features = models.vgg16(pretrained=True).features\n        self.slice1 = torch.nn.Sequential()\n        for x in range(4):\n            self.slice1.add_module(str(x), features[x])\n        if not requires_grad:\n            for param in self.parameters():\n                param.requires_grad = False\n        self.head = torch.nn.Linear(512, 10)\n`,
  },
  {
    name: 'hard negative: the file unfreezes parameters later (gradual unfreezing)',
    kind: 'pretrained',
    found: true,
    code: `import torch\nfrom torchvision import models\n\n\nclass Vgg16(torch.nn.Module):\n    def __init__(self, requires_grad=False):\n        super().__init__()\n        features = models.vgg16(pretrained=True).features\n        self.slice1 = torch.nn.Sequential()\n        for x in range(4):\n            self.slice1.add_module(str(x), features[x])\n        if not requires_grad:\n            for param in self.parameters():\n                param.requires_grad = False\n\n\ndef unfreeze(model):\n    for p in model.parameters():\n        p.requires_grad = True\n`,
  },
  // 3.2 Adam at a safe rate
  { name: "Adam over one parameter group at a rate outside the range is no baseline rate (not Adam's default 1e-3; review 129)", kind: 'adam-baseline', found: false, code: `import torch\n\nopt = torch.optim.Adam([dict(params=model.parameters(), lr=1e-5)])\n` },
  { name: 'hard negative: one parameter group at 1e-4', kind: 'adam-baseline', found: true, code: `import torch\n\nopt = torch.optim.Adam([dict(params=model.parameters(), lr=1e-4)])\n`, text: 'torch.optim.Adam([dict(params=model.parameters(), lr=1e-4)])' },
  { name: 'Adam at 3e-4', kind: 'adam-baseline', found: true, code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n`, tips: ['3.2'] },
  {
    name: 'Adam picked by an option next to SGD (faster-rcnn.pytorch: `if args.optimizer == "adam":`): which runs is the option\'s choice',
    kind: 'adam-baseline',
    found: false,
    code: `import torch\n\nif args.optimizer == "adam":\n    opt = torch.optim.Adam(params, lr=1e-3)\nelif args.optimizer == "sgd":\n    opt = torch.optim.SGD(params, lr=0.01, momentum=0.9)\n`,
  },
  {
    name: 'hard negative: Adam under a condition with no other optimizer in the file',
    kind: 'adam-baseline',
    found: true,
    code: `import torch\n\nif train:\n    opt = torch.optim.Adam(params, lr=1e-3)\n`,
    text: 'torch.optim.Adam(params, lr=1e-3)',
  },
  { name: 'Adam at 0.1', kind: 'adam-baseline', found: false, code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=0.1)\n` },
  { name: 'Adam with its rate from **opt_args (not the default)', kind: 'adam-baseline', found: false, code: `import torch\n\nopt = torch.optim.AdamW(params, **opt_args)\n` },
  { name: 'Adam with rates per parameter group', kind: 'adam-baseline', found: false, code: `import torch\n\nopt = torch.optim.Adam([{"params": enc.parameters(), "lr": 1e-5}, {"params": head.parameters(), "lr": 1e-4}])\n` },
  // 4.2 augmentation
  { name: 'random crops in a training pipeline', kind: 'augmentation', found: true, code: `from torchvision import transforms as T\n\ntrain_tf = T.Compose([T.RandomCrop(32), T.ToTensor()])\n`, text: 'T.RandomCrop(32)', tips: ['4.2'] },
  {
    name: 'augmentation behind a command-line flag that is off by default (store_true) is not the run\'s',
    kind: 'augmentation',
    found: false,
    code: `import argparse\nfrom torchvision import transforms as T\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--data_augmentation', action='store_true', default=False)\nparser.add_argument('--crop-aug', action='store_true')\nargs = parser.parse_args()\ntrain_tf = T.Compose([T.ToTensor()])\nif args.data_augmentation:\n    train_tf.transforms.append(T.RandomHorizontalFlip())\nif args.crop_aug and args.size > 0:\n    train_tf = T.Compose([T.RandomCrop(32), T.ToTensor()])\n`,
  },
  {
    name: 'augmentation behind a constant of the file set to False (`AUGMENT = False`, `if AUGMENT:`, `if AUGMENT == True:`)',
    kind: 'augmentation',
    found: false,
    code: `from torchvision import transforms as T\n\nAUGMENT = False\ntrain_tf = T.Compose([T.ToTensor()])\nif AUGMENT:\n    train_tf.transforms.append(T.RandomHorizontalFlip())\nelif AUGMENT == True:\n    train_tf.transforms.append(T.RandomCrop(32))\n`,
  },
  {
    name: "seeding helpers known by their names: timm's random_seed through a star import, YOLOv5's init_seeds, setup_seed, same_seeds",
    kind: 'seed',
    found: true,
    code: `from timm.utils import *\nfrom utils.general import init_seeds\n\nrandom_seed(args.seed, 0)\ninit_seeds(1 + RANK)\nsetup_seed(0)\nsame_seeds(0)\n`,
    text: 'random_seed(args.seed, 0)',
  },
  {
    name: "hard negative: a generator's own seed() method, a function that reads a seed, a seed drawn at random",
    kind: 'seed',
    found: false,
    code: `rng.seed(0)\nseed = get_seed()\nseeds = generate_seeds(4)\nsampler.set_epoch(3)\n`,
  },
  {
    name: 'a seeding helper a training script defines and never calls (NR201 reports the script) is not a seed',
    kind: 'seed',
    found: false,
    code: `import torch\n\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n\n\nfor epoch in range(10):\n    for x, y in loader:\n        opt.zero_grad()\n        crit(model(x), y).backward()\n        opt.step()\n`,
  },
  {
    name: "a DataLoader's worker_init_fn seeds the worker processes, not the run (NR201 reports the script)",
    kind: 'seed',
    found: false,
    code: `import numpy as np\nfrom torch.utils.data import DataLoader\n\n\ndef seed_worker(worker_id):\n    np.random.seed(worker_id)\n\n\nloader = DataLoader(ds, shuffle=True, worker_init_fn=seed_worker)\n`,
  },
  {
    name: 'hard negative: the same helper, also called by the script itself',
    kind: 'seed',
    found: true,
    code: `import numpy as np\nfrom torch.utils.data import DataLoader\n\n\ndef seed_worker(worker_id):\n    np.random.seed(worker_id)\n\n\nseed_worker(0)\nloader = DataLoader(ds, shuffle=True, worker_init_fn=seed_worker)\n`,
    text: 'np.random.seed(worker_id)',
  },
  {
    name: "a seeding helper called only behind a flag that is off by default (`if args.seed is not None: set_seed(args)`, FixMatch's --seed defaulting to None)",
    kind: 'seed',
    found: false,
    code: `import argparse\nimport random\nimport torch\n\n\ndef set_seed(args):\n    random.seed(args.seed)\n    torch.manual_seed(args.seed)\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=None)\nargs = parser.parse_args()\nif args.seed is not None:\n    set_seed(args)\n`,
  },
  {
    name: 'hard negative: the same helper behind a flag whose default is a seed (--seed 42)',
    kind: 'seed',
    found: true,
    code: `import argparse\nimport random\nimport torch\n\n\ndef set_seed(args):\n    random.seed(args.seed)\n    torch.manual_seed(args.seed)\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--seed", type=int, default=42)\nargs = parser.parse_args()\nif args.seed is not None:\n    set_seed(args)\n`,
    text: 'random.seed(args.seed)',
  },
  {
    name: 'the same helper in a module of helpers that nothing in it calls: the call of a script that imports it is the evidence, in that script (review 133)',
    kind: 'seed',
    found: false,
    code: `import torch\n\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n`,
  },
  {
    name: 'a seed behind a constant of the file that is None or 0 (`random_seed = None`, `if random_seed:`; PPO-PyTorch)',
    kind: 'seed',
    found: false,
    code: `import torch\n\nrandom_seed = None\nSEED = 0\nif random_seed:\n    torch.manual_seed(random_seed)\nif SEED:\n    torch.manual_seed(SEED)\n`,
  },
  {
    name: "an augmentation demo (albumentations' tutorial: a dataset of the file only iterated and printed) is not the project's augmentation",
    kind: 'augmentation',
    found: false,
    code: `import albumentations as A\nfrom torch.utils.data import Dataset\n\n\nclass Images(Dataset):\n    def __init__(self, files, transform=None):\n        self.files = files\n        self.transform = transform\n\n    def __getitem__(self, i):\n        return self.transform(image=load(self.files[i]))["image"]\n\n\ntransform = A.Compose([A.HorizontalFlip(p=0.5)])\ndataset = Images(files, transform=transform)\nfor x in dataset:\n    print(x.shape)\n`,
  },
  {
    name: 'hard negative: the same pipeline and dataset handed to a DataLoader',
    kind: 'augmentation',
    found: true,
    code: `import albumentations as A\nfrom torch.utils.data import DataLoader, Dataset\n\n\nclass Images(Dataset):\n    def __init__(self, files, transform=None):\n        self.files = files\n        self.transform = transform\n\n    def __getitem__(self, i):\n        return self.transform(image=load(self.files[i]))["image"]\n\n\ntransform = A.Compose([A.HorizontalFlip(p=0.5)])\ndataset = Images(files, transform=transform)\nloader = DataLoader(dataset, batch_size=8, shuffle=True)\nfor x in dataset:\n    print(x.shape)\n`,
    text: 'A.HorizontalFlip(p=0.5)',
  },
  {
    name: 'hard negative: the same constant set to True, or set twice',
    kind: 'augmentation',
    found: true,
    code: `from torchvision import transforms as T\n\nAUGMENT = True\nCROP = False\nif args.crop:\n    CROP = True\ntrain_tf = T.Compose([T.ToTensor()])\nif AUGMENT:\n    train_tf.transforms.append(T.RandomHorizontalFlip())\nif CROP:\n    train_tf.transforms.append(T.RandomCrop(32))\n`,
    text: 'T.RandomHorizontalFlip()',
  },
  {
    name: 'augmentation behind a parameter that is False unless a caller passes it, and no caller does (DreamBooth h_flip)',
    kind: 'augmentation',
    found: false,
    code: `from torchvision import transforms as T\nfrom torch.utils.data import Dataset\n\n\nclass DreamBoothDataset(Dataset):\n    def __init__(self, root, size=512, h_flip=False):\n        tfs = [T.Resize(size)]\n        if h_flip:\n            tfs.append(T.RandomHorizontalFlip())\n        self.train_tf = T.Compose(tfs)\n\n    def __getitem__(self, i):\n        return self.train_tf(load(i))\n\n\ntrain_dataset = DreamBoothDataset("data", size=256)\n`,
  },
  {
    name: 'hard negative: the same parameter passed True by a caller',
    kind: 'augmentation',
    found: true,
    code: `from torchvision import transforms as T\nfrom torch.utils.data import Dataset\n\n\nclass DreamBoothDataset(Dataset):\n    def __init__(self, root, size=512, h_flip=False):\n        tfs = [T.Resize(size)]\n        if h_flip:\n            tfs.append(T.RandomHorizontalFlip())\n        self.train_tf = T.Compose(tfs)\n\n    def __getitem__(self, i):\n        return self.train_tf(load(i))\n\n\ntrain_dataset = DreamBoothDataset("data", size=256, h_flip=True)\n`,
    text: 'T.RandomHorizontalFlip()',
  },
  {
    name: 'hard negative: a flag on by default, or the branch taken when the flag is off',
    kind: 'augmentation',
    found: true,
    code: `import argparse\nfrom torchvision import transforms as T\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--augment', type=int, default=1)\nparser.add_argument('--plain', action='store_true')\nargs = parser.parse_args()\nif args.augment:\n    train_tf = T.Compose([T.RandomHorizontalFlip(), T.ToTensor()])\nif args.plain:\n    train_tf = T.Compose([T.ToTensor()])\nelse:\n    train_tf = T.Compose([T.RandomCrop(32), T.ToTensor()])\n`,
    text: 'T.RandomHorizontalFlip()',
  },
  { name: 'a random transform for evaluation is no augmentation', kind: 'augmentation', found: false, code: `from torchvision import transforms as T\n\ntest_tf = T.Compose([T.RandomCrop(32), T.ToTensor()])\n` },
  {
    name: "segmentation_models_pytorch's architectures load an ImageNet encoder by default (review 129)",
    kind: 'pretrained',
    found: true,
    code: `import segmentation_models_pytorch as smp\n\nmodel = smp.FPN(encoder_name="resnet34", classes=1)\n`,
    text: 'smp.FPN(encoder_name="resnet34", classes=1)',
    tips: ['3.1', '4.4'],
  },
  { name: 'hard negative: segmentation_models_pytorch with `encoder_weights=None`', kind: 'pretrained', found: false, code: `import segmentation_models_pytorch as smp\n\nmodel = smp.FPN(encoder_name="resnet34", encoder_weights=None)\n` },
  {
    name: "segmentation_models_pytorch's preprocessing of its encoder's weights (`get_preprocessing_fn`; review 129)",
    kind: 'preprocessing',
    found: true,
    code: `import segmentation_models_pytorch as smp\n\nmodel = smp.FPN(encoder_name="se_resnext50_32x4d", encoder_weights="imagenet")\npreprocess = smp.encoders.get_preprocessing_fn("se_resnext50_32x4d", "imagenet")\n`,
    text: 'smp.encoders.get_preprocessing_fn("se_resnext50_32x4d", "imagenet")',
  },
  {
    name: "a BERT of Hugging Face's earlier package, `pytorch_pretrained_bert` (kamalkraj's BERT-NER; review 134)",
    kind: 'pretrained',
    found: true,
    code: `from pytorch_pretrained_bert.modeling import BertForSequenceClassification\n\nmodel = BertForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)\n`,
    text: 'BertForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)',
  },
  // 4.9 dropout
  { name: "a Dropout layer built in `__init__` that `forward` never calls is no dropout (review 153)", kind: 'dropout', found: false, code: "import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 128)\n        self.dropout = nn.Dropout(0.5)\n        self.fc2 = nn.Linear(128, 10)\n\n    def forward(self, x):\n        x = F.relu(self.fc1(x))\n        return self.fc2(x)\n" },
  { name: "hard negative: the same layer called in `forward`", kind: 'dropout', found: true, code: "import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 128)\n        self.dropout = nn.Dropout(0.5)\n        self.fc2 = nn.Linear(128, 10)\n\n    def forward(self, x):\n        x = F.relu(self.fc1(x))\n        return self.fc2(self.dropout(x))\n", text: "nn.Dropout(0.5)" },
  { name: "hard negative: the same layer reached by name (`getattr(self, \"dropout\")`)", kind: 'dropout', found: true, code: "import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 128)\n        self.dropout = nn.Dropout(0.5)\n        self.fc2 = nn.Linear(128, 10)\n\n    def forward(self, x):\n        x = F.relu(self.fc1(x))\n        return self.fc2(getattr(self, \"dropout\")(x))\n", text: "nn.Dropout(0.5)" },
  { name: "the best weights kept in the solver on the validation loss through a copy helper (`self.best_state = copy_state(state)`, Demucs; review 151)", kind: 'early-stopping', found: true, code: "import torch\nfrom torch import nn\n\n\ndef copy_state(state):\n    return {k: v.cpu().clone() for k, v in state.items()}\n\n\nclass Solver:\n    def __init__(self, model, optimizer, loaders, args):\n        self.model = model\n        self.optimizer = optimizer\n        self.loaders = loaders\n        self.args = args\n        self.history = []\n        self.best_state = None\n\n    def train(self):\n        for epoch in range(self.args.epochs):\n            self.model.train()\n            for x, y in self.loaders[\"train\"]:\n                self.optimizer.zero_grad()\n                nn.functional.l1_loss(self.model(x), y).backward()\n                self.optimizer.step()\n            self.model.eval()\n            with torch.no_grad():\n                valid_loss = sum(nn.functional.l1_loss(self.model(x), y).item() for x, y in self.loaders[\"valid\"])\n            self.history.append(valid_loss)\n            best_loss = min(self.history)\n            state = self.model.state_dict()\n            if valid_loss == best_loss or self.args.train_valid:\n                self.best_state = copy_state(state)\n", text: "valid_loss == best_loss or self.args.train_valid" },
  { name: "hard negative: the same branch keeping the state without copying it (it changes with the model)", kind: 'early-stopping', found: false, code: "import torch\nfrom torch import nn\n\n\ndef copy_state(state):\n    return {k: v.cpu().clone() for k, v in state.items()}\n\n\nclass Solver:\n    def __init__(self, model, optimizer, loaders, args):\n        self.model = model\n        self.optimizer = optimizer\n        self.loaders = loaders\n        self.args = args\n        self.history = []\n        self.best_state = None\n\n    def train(self):\n        for epoch in range(self.args.epochs):\n            self.model.train()\n            for x, y in self.loaders[\"train\"]:\n                self.optimizer.zero_grad()\n                nn.functional.l1_loss(self.model(x), y).backward()\n                self.optimizer.step()\n            self.model.eval()\n            with torch.no_grad():\n                valid_loss = sum(nn.functional.l1_loss(self.model(x), y).item() for x, y in self.loaders[\"valid\"])\n            self.history.append(valid_loss)\n            best_loss = min(self.history)\n            state = self.model.state_dict()\n            if valid_loss == best_loss or self.args.train_valid:\n                self.best_state = state\n" },
  { name: "random flips and quarter turns written by hand on a drawn number, paired (`aug = random.randint(0, 8)`, MPRNet; review 152)", kind: 'augmentation', found: true, code: "import random\nimport torch\nfrom torch.utils.data import Dataset\n\n\nclass DataLoaderTrain(Dataset):\n    def __init__(self, pairs):\n        self.pairs = pairs\n\n    def __len__(self):\n        return len(self.pairs)\n\n    def __getitem__(self, index):\n        inp_img, tar_img = self.pairs[index]\n        aug = random.randint(0, 8)\n        if aug == 1:\n            inp_img = inp_img.flip(1)\n            tar_img = tar_img.flip(1)\n        elif aug == 2:\n            inp_img = torch.rot90(inp_img, dims=(1, 2))\n            tar_img = torch.rot90(tar_img, dims=(1, 2))\n        return inp_img, tar_img\n", text: "aug == 1" },
  { name: "random flips by reversed axes under flags drawn at random (`hflip = hflip and random.random() < 0.5`, RDN's `augment`)", kind: 'augmentation', found: true, code: "import random\n\n\ndef augment(*args, hflip=True, rot=True):\n    hflip = hflip and random.random() < 0.5\n    vflip = rot and random.random() < 0.5\n\n    def _augment(img):\n        if hflip:\n            img = img[:, ::-1, :]\n        if vflip:\n            img = img[::-1, :, :]\n        return img\n\n    return [_augment(a) for a in args]\n\n\npatches = augment(lr, hr)\n", text: "hflip" },
  { name: "hard negative: test-time flips, drawn from nothing (a self-ensemble)", kind: 'augmentation', found: false, code: "import torch\n\n\ndef forward_x8(model, x):\n    outs = [model(x), model(x.flip(-1)).flip(-1), model(x.flip(-2)).flip(-2)]\n    return torch.stack(outs).mean(0)\n" },
  { name: "hard negative: a random crop written by hand (no flip)", kind: 'augmentation', found: false, code: "import random\n\n\ndef get_patch(img, size):\n    if random.random() < 0.5:\n        x = random.randint(0, img.shape[1] - size)\n        img = img[:, x:x + size]\n    return img\n" },
  { name: "layer-wise decay groups a helper of another module builds, handed the decay option (MAE's `param_groups_lrd(model, args.weight_decay, \u2026)`; review 149)", kind: 'weight-decay', found: true, code: "import argparse\nimport torch\nimport util.lr_decay as lrd\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--weight_decay', type=float, default=0.05)\nparser.add_argument('--layer_decay', type=float, default=0.75)\nargs = parser.parse_args()\nparam_groups = lrd.param_groups_lrd(model, args.weight_decay, no_weight_decay_list=model.no_weight_decay(), layer_decay=args.layer_decay)\noptimizer = torch.optim.AdamW(param_groups, lr=1e-3)\n", text: "args.weight_decay" },
  { name: "hard negative: the same option 0 by default", kind: 'weight-decay', found: false, code: "import argparse\nimport torch\nimport util.lr_decay as lrd\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--weight_decay', type=float, default=0)\nparser.add_argument('--layer_decay', type=float, default=0.75)\nargs = parser.parse_args()\nparam_groups = lrd.param_groups_lrd(model, args.weight_decay, no_weight_decay_list=model.no_weight_decay(), layer_decay=args.layer_decay)\noptimizer = torch.optim.AdamW(param_groups, lr=1e-3)\n" },
  { name: "the decay handed by keyword to the helper (`add_weight_decay(model, weight_decay=0.05)`)", kind: 'weight-decay', found: true, code: "import torch\nfrom timm.optim import optim_factory\n\nparams = optim_factory.add_weight_decay(model, weight_decay=0.05)\noptimizer = torch.optim.AdamW(params, lr=1.5e-4, betas=(0.9, 0.95))\n", text: "0.05" },
  { name: "the average over the validation set computed and thrown away, the last batch's loss reported (Tacotron 2's validate; review 151)", kind: 'full-eval', found: false, code: "import torch\nfrom torch.utils.data import DataLoader\n\n\ndef validate(model, criterion, valset, iteration, logger):\n    model.eval()\n    with torch.no_grad():\n        val_loader = DataLoader(valset, shuffle=False, batch_size=32)\n        val_loss = 0.0\n        for i, batch in enumerate(val_loader):\n            x, y = model.parse_batch(batch)\n            y_pred = model(x)\n            loss = criterion(y_pred, y)\n            reduced_val_loss = loss.item()\n            val_loss += reduced_val_loss\n        val_loss = val_loss / (i + 1)\n    model.train()\n    print(\"Validation loss {}: {:9f}\".format(iteration, reduced_val_loss))\n    logger.log_validation(reduced_val_loss, model, y, y_pred, iteration)\n" },
  { name: "hard negative: the same average reported", kind: 'full-eval', found: true, code: "import torch\nfrom torch.utils.data import DataLoader\n\n\ndef validate(model, criterion, valset, iteration, logger):\n    model.eval()\n    with torch.no_grad():\n        val_loader = DataLoader(valset, shuffle=False, batch_size=32)\n        val_loss = 0.0\n        for i, batch in enumerate(val_loader):\n            x, y = model.parse_batch(batch)\n            y_pred = model(x)\n            loss = criterion(y_pred, y)\n            reduced_val_loss = loss.item()\n            val_loss += reduced_val_loss\n        val_loss = val_loss / (i + 1)\n    model.train()\n    print(\"Validation loss {}: {:9f}\".format(iteration, val_loss))\n    logger.log_validation(val_loss, model, y, y_pred, iteration)\n", text: "for i, batch in enumerate(val_loader)" },
  { name: 'a Dropout layer', kind: 'dropout', found: true, code: `from torch import nn\n\nhead = nn.Sequential(nn.Dropout(0.5), nn.Linear(512, 10))\n`, text: 'nn.Dropout(0.5)', tips: ['4.9'] },
  { name: 'a dropout rate passed to a library model', kind: 'dropout', found: true, code: `import timm\n\nmodel = timm.create_model("resnet50", drop_rate=0.2)\n` },
  {
    name: 'a dropout rate that is 0 unless a caller sets it, handed on to a helper (RL-Snake)',
    kind: 'dropout',
    found: false,
    code: `from torch import nn\n\n\nclass QNet(nn.Module):\n    def __init__(self, n_in, n_out, dropout: float = 0.0):\n        super().__init__()\n        self.net = self._build(n_in, n_out, dropout)\n\n    def _build(self, n_in, n_out, dropout):\n        layers = [nn.Linear(n_in, 64)]\n        if dropout > 0.0:\n            layers.append(nn.Dropout(p=dropout))\n        return nn.Sequential(*layers)\n`,
  },
  {
    name: 'a dropout rate that defaults to 0 in a class the file builds with a rate (`Block(16, dropout=0.1)`)',
    kind: 'dropout',
    found: true,
    code: "from torch import nn\n\n\nclass Block(nn.Module):\n    def __init__(self, n, dropout=0):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(n, n), nn.Dropout(dropout))\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.block = Block(16, dropout=0.1)\n",
  },
  {
    name: 'the same through a static method (no self among its parameters)',
    kind: 'dropout',
    found: false,
    code: `from torch import nn\n\n\nclass QNet(nn.Module):\n    def __init__(self, n_in, n_out, dropout: float = 0.0):\n        super().__init__()\n        self.net = self._build(n_in, n_out, dropout)\n\n    @staticmethod\n    def _build(n_in, n_out, dropout):\n        layers = [nn.Linear(n_in, 64)]\n        if dropout > 0.0:\n            layers.append(nn.Dropout(p=dropout))\n        return nn.Sequential(*layers)\n`,
  },
  {
    name: 'a dropout rate with a default above 0, or passed one by a caller',
    kind: 'dropout',
    found: true,
    code: `from torch import nn\n\n\ndef head(n, p=0.0):\n    return nn.Sequential(nn.Dropout(p), nn.Linear(n, 10))\n\n\nh = head(512, p=0.3)\n`,
    text: 'nn.Dropout(p)',
  },
  {
    name: "a rate kept in `self` whose every assignment is 0 by default (TRADES' WideResNet: `self.droprate = dropRate`, `dropRate=0.0`; review 115)",
    kind: 'dropout',
    found: false,
    code: WRN('WideResNet()'),
  },
  { name: 'hard negative: the same built with a rate in the file', kind: 'dropout', found: true, code: WRN('WideResNet(dropRate=0.3)'), text: 'F.dropout(out, p=self.droprate, training=self.training)' },
  {
    name: "a rate from a command-line option whose default is 0 (SGC's `--dropout`, `default=0`; review 112)",
    kind: 'dropout',
    found: false,
    code: SGC_DROPOUT('0'),
  },
  { name: 'hard negative: the option defaults to 0.5', kind: 'dropout', found: true, code: SGC_DROPOUT('0.5'), text: 'F.dropout(x, self.dropout, training=self.training)' },
  {
    name: "a recurrent layer's dropout with one layer: PyTorch drops nothing (`nn.GRU(32, 64, dropout=0.3)`)",
    kind: 'dropout',
    found: false,
    code: `from torch import nn\n\nrnn = nn.GRU(32, 64, batch_first=True, dropout=0.3)\nlstm = nn.LSTM(32, 64, 1, dropout=0.5)\n`,
  },
  {
    name: 'hard negative: a stacked recurrent layer drops between its layers',
    kind: 'dropout',
    found: true,
    code: `from torch import nn\n\nrnn = nn.LSTM(32, 64, num_layers=2, dropout=0.3)\n`,
    text: 'nn.LSTM(32, 64, num_layers=2, dropout=0.3)',
  },
  {
    name: "a rate of 0.0 in a settings dict the file never changes, handed down through the builders (clouds' `cfg['model']['dropout']`; review 129)",
    kind: 'dropout',
    found: false,
    code: "from torch import nn\n\ncfg = {\"model\": {\"dropout\": 0.0}}\n\n\nclass Decoder(nn.Module):\n    def __init__(self, dropout):\n        super().__init__()\n        self.drop = nn.Dropout(p=dropout)\n\n    def forward(self, x):\n        return self.drop(x)\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        dropout = cfg[\"model\"][\"dropout\"]\n        self.decoder = Decoder(dropout=dropout)\n",
  },
  ...['cfg["model"]["dropout"] = args.dropout', 'cfg.update(load(path))', 'override(cfg)'].map(
    (change): Case => ({ name: `hard negative: the same dict changed by the file (\`${change}\`)`, kind: 'dropout', found: true, code: "from torch import nn\n\ncfg = {\"model\": {\"dropout\": 0.0}}\nCHANGE\n\nclass Decoder(nn.Module):\n    def __init__(self, dropout):\n        super().__init__()\n        self.drop = nn.Dropout(p=dropout)\n\n    def forward(self, x):\n        return self.drop(x)\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        dropout = cfg[\"model\"][\"dropout\"]\n        self.decoder = Decoder(dropout=dropout)\n".replace('CHANGE', change), text: 'nn.Dropout(p=dropout)' }),
  ),
  { name: "parameter groups reading options, one of them with a decay by default (FlowNetPytorch's `--bias-decay 0` and `--weight-decay 4e-4`; review 147)", kind: 'weight-decay', found: true, code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--weight-decay', '--wd', default=4e-4, type=float)\nparser.add_argument('--bias-decay', default=0, type=float)\nargs = parser.parse_args()\nparam_groups = [{'params': [model.bias], 'weight_decay': args.bias_decay}, {'params': [model.weight], 'weight_decay': args.weight_decay}]\noptimizer = torch.optim.SGD(param_groups, 0.01, momentum=0.9)\n`, text: 'args.weight_decay' },
  { name: 'hard negative: the same groups with both options 0 by default', kind: 'weight-decay', found: false, code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--weight-decay', '--wd', default=0, type=float)\nparser.add_argument('--bias-decay', default=0, type=float)\nargs = parser.parse_args()\nparam_groups = [{'params': [model.bias], 'weight_decay': args.bias_decay}, {'params': [model.weight], 'weight_decay': args.weight_decay}]\noptimizer = torch.optim.SGD(param_groups, 0.01, momentum=0.9)\n` },
  { name: "an AdamW built in `__init__` and replaced by Adam at the top of the method that trains, before its step: its default decay never applies (review 149)", kind: 'weight-decay', found: false, code: "import torch\nfrom torch import nn\n\n\nclass Trainer:\n    def __init__(self, model, loader):\n        self.model = model\n        self.loader = loader\n        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)\n\n    def train(self, epochs):\n        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=3e-4)\n        for epoch in range(epochs):\n            for x, y in self.loader:\n                self.optimizer.zero_grad()\n                nn.functional.cross_entropy(self.model(x), y).backward()\n                self.optimizer.step()\n" },
  { name: "hard negative: replaced only under a condition", kind: 'weight-decay', found: true, code: "import torch\nfrom torch import nn\n\n\nclass Trainer:\n    def __init__(self, model, loader):\n        self.model = model\n        self.loader = loader\n        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)\n\n    def train(self, epochs):\n        if epochs > 100:\n            self.optimizer = torch.optim.Adam(self.model.parameters(), lr=3e-4)\n        for epoch in range(epochs):\n            for x, y in self.loader:\n                self.optimizer.zero_grad()\n                nn.functional.cross_entropy(self.model(x), y).backward()\n                self.optimizer.step()\n", text: "torch.optim.AdamW(model.parameters(), lr=1e-3)" },
  { name: "hard negative: a scheduler built on it in `__init__` before it is replaced", kind: 'weight-decay', found: true, code: "import torch\nfrom torch import nn\n\n\nclass Trainer:\n    def __init__(self, model, loader):\n        self.model = model\n        self.loader = loader\n        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)\n        self.scheduler = torch.optim.lr_scheduler.StepLR(self.optimizer, 10)\n\n    def train(self, epochs):\n        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=3e-4)\n        for epoch in range(epochs):\n            for x, y in self.loader:\n                self.optimizer.zero_grad()\n                nn.functional.cross_entropy(self.model(x), y).backward()\n                self.optimizer.step()\n", text: "torch.optim.AdamW(model.parameters(), lr=1e-3)" },
  { name: "a local AdamW rebound to SGD before the loop", kind: 'weight-decay', found: false, code: "import torch\n\ndef fit(model, loader):\n    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    for x, y in loader:\n        opt.zero_grad()\n        model(x).sum().backward()\n        opt.step()\n" },
  { name: "hard negative: the optimizer that replaces it keeps its own decay (the replaced one's is not cited)", kind: 'weight-decay', found: true, code: "import torch\n\ndef fit(model, loader):\n    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-4)\n    for x, y in loader:\n        opt.zero_grad()\n        model(x).sum().backward()\n        opt.step()\n", text: '5e-4' },
  { name: "a decay read from an option whose default regularises nothing (`default=1e-16`; review 148)", kind: 'weight-decay', found: false, code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--weight_decay', type=float, default=1e-16)\nargs = parser.parse_args()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=args.weight_decay)\n` },
  { name: 'hard negative: the same option with a default of 1e-4', kind: 'weight-decay', found: true, code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--weight_decay', type=float, default=1e-4)\nargs = parser.parse_args()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=args.weight_decay)\n`, text: 'args.weight_decay' },
  ...['params["model_file_path"] = os.path.join(params["base_dir"], "epoch-%d.pkl")', 'params["run"]["name"] = "x"', 'params["lr"] *= 0.1'].map(
    (change): Case => ({ name: `a decay of 0 in a settings dict whose other keys the file writes (\`${change}\`; CheXNet's \`params["beta"]\`, review 141)`, kind: 'weight-decay', found: false, code: "import os\nimport torch\n\nparams = {\"lr\": 1e-4, \"beta\": 0, \"base_dir\": \"./run\"}\nCHANGE\noptimizer = torch.optim.Adam(model.parameters(), lr=params[\"lr\"], weight_decay=params[\"beta\"])\n".replace('CHANGE', change) }),
  ),
  ...['params["beta"] = args.beta', 'params["beta"] += 1e-4', 'del params["beta"]', 'params[key] = value', 'params.update(overrides)'].map(
    (change): Case => ({ name: `hard negative: the same dict with its decay changed by the file (\`${change}\`)`, kind: 'weight-decay', found: true, code: "import os\nimport torch\n\nparams = {\"lr\": 1e-4, \"beta\": 0, \"base_dir\": \"./run\"}\nCHANGE\noptimizer = torch.optim.Adam(model.parameters(), lr=params[\"lr\"], weight_decay=params[\"beta\"])\n".replace('CHANGE', change), text: 'params["beta"]' }),
  ),
  { name: 'hard negative: a rate of 0.2 in the settings dict', kind: 'dropout', found: true, code: "from torch import nn\n\ncfg = {\"model\": {\"dropout\": 0.2}}\n\n\nclass Decoder(nn.Module):\n    def __init__(self, dropout):\n        super().__init__()\n        self.drop = nn.Dropout(p=dropout)\n\n    def forward(self, x):\n        return self.drop(x)\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        dropout = cfg[\"model\"][\"dropout\"]\n        self.decoder = Decoder(dropout=dropout)\n", text: 'nn.Dropout(p=dropout)' },
  { name: "DGL's `GATConv(feat_drop=0.6, attn_drop=0.6)` (review 132)", kind: 'dropout', found: true, code: `import dgl.nn as dglnn\n\nconv = dglnn.GATConv(16, 8, 8, feat_drop=0.6, attn_drop=0.6)\n`, text: 'dglnn.GATConv(16, 8, 8, feat_drop=0.6, attn_drop=0.6)' },
  { name: 'dropout of zero', kind: 'dropout', found: false, code: `from torch import nn\n\ndrop = nn.Dropout(p=0.0)\nlayer = nn.TransformerEncoderLayer(512, 8, dropout=0)\n` },
  // 4.10 weight decay
  {
    name: "Hugging Face's training arguments with a decay (`TrainingArguments(…, weight_decay=0.01)`; review 139)",
    kind: 'weight-decay',
    found: true,
    code: `from transformers import Trainer, TrainingArguments\n\nargs = TrainingArguments(output_dir="out", num_train_epochs=3, weight_decay=0.01)\nTrainer(model=model, args=args, train_dataset=train_ds).train()\n`,
    text: '0.01',
  },
  { name: 'hard negative: training arguments with a decay of 0', kind: 'weight-decay', found: false, code: `from transformers import TrainingArguments\n\nargs = TrainingArguments(output_dir="out", weight_decay=0.0)\n` },
  {
    name: "a decay read from a settings dict a caller of another file hands in (PyTorch-VAE's `self.params['weight_decay']`, 0.0 in its config): the config's own value is the evidence (review 136)",
    kind: 'weight-decay',
    found: false,
    code: `import torch\n\n\nclass Experiment:\n    def __init__(self, model, params):\n        self.model = model\n        self.params = params\n\n    def configure_optimizer(self):\n        return torch.optim.Adam(self.model.parameters(), lr=3e-4, weight_decay=self.params["weight_decay"])\n`,
  },
  { name: 'hard negative: the same class built in the file with a decay', kind: 'weight-decay', found: true, code: `import torch\n\n\nclass Experiment:\n    def __init__(self, model, params):\n        self.model = model\n        self.params = params\n\n    def configure_optimizer(self):\n        return torch.optim.Adam(self.model.parameters(), lr=3e-4, weight_decay=self.params["weight_decay"])\n\n\nexp = Experiment(model, {"weight_decay": 1e-4})\n`, text: 'self.params["weight_decay"]' },
  {
    name: "the groups a helper of the file builds, handed the decay by its caller (`get_optimizer_params(model, lr=CFG.lr, weight_decay=CFG.weight_decay)`; review 131)",
    kind: 'weight-decay',
    found: true,
    code: `import torch\nfrom torch.optim import AdamW\nfrom transformers import AutoModel\n\n\nclass CFG:\n    weight_decay = 0.01\n    lr = 2e-5\n\n\ndef get_optimizer_params(model, lr, weight_decay=0.0):\n    no_decay = ["bias", "LayerNorm.bias", "LayerNorm.weight"]\n    return [\n        {'params': [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)],\n         'lr': lr, 'weight_decay': weight_decay},\n        {'params': [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)],\n         'lr': lr, 'weight_decay': 0.0},\n    ]\n\n\ntorch.manual_seed(0)\nmodel = AutoModel.from_pretrained('microsoft/deberta-v3-large')\noptimizer_parameters = get_optimizer_params(model, lr=CFG.lr, weight_decay=CFG.weight_decay)\noptimizer = AdamW(optimizer_parameters, lr=CFG.lr, eps=1e-6, betas=(0.9, 0.999))\n`,
    text: 'weight_decay',
  },
  { name: 'hard negative: the same helper handed a decay of 0.0', kind: 'weight-decay', found: false, code: `import torch\nfrom torch.optim import AdamW\nfrom transformers import AutoModel\n\n\nclass CFG:\n    weight_decay = 0.0\n    lr = 2e-5\n\n\ndef get_optimizer_params(model, lr, weight_decay=0.0):\n    no_decay = ["bias", "LayerNorm.bias", "LayerNorm.weight"]\n    return [\n        {'params': [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)],\n         'lr': lr, 'weight_decay': weight_decay},\n        {'params': [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)],\n         'lr': lr, 'weight_decay': 0.0},\n    ]\n\n\ntorch.manual_seed(0)\nmodel = AutoModel.from_pretrained('microsoft/deberta-v3-large')\noptimizer_parameters = get_optimizer_params(model, lr=CFG.lr, weight_decay=CFG.weight_decay)\noptimizer = AdamW(optimizer_parameters, lr=CFG.lr, eps=1e-6, betas=(0.9, 0.999))\n` },
  { name: 'weight decay on the optimizer', kind: 'weight-decay', found: true, code: `import torch\n\nopt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-4)\n`, text: '5e-4', tips: ['4.10'] },
  { name: "AdamW's default decay", kind: 'weight-decay', found: true, code: `import torch\n\nopt = torch.optim.AdamW(model.parameters())\n` },
  {
    name: "a decay read by key from a config the script loads is the config's to show (PyTorch-VAE's `params['weight_decay']`, 0.0 in every config; review 115)",
    kind: 'weight-decay',
    found: false,
    code: `import yaml\nimport torch\n\nwith open('configs/vae.yaml') as f:\n    config = yaml.safe_load(f)\nparams = config['exp_params']\nwd = params['weight_decay']\nopt = torch.optim.Adam(model.parameters(), lr=params['LR'], weight_decay=params['weight_decay'])\nopt2 = torch.optim.Adam(model.parameters(), weight_decay=wd)\n`,
  },
  {
    name: 'hard negative: a decay from a function of the file, or from a parameter, is still a decay set',
    kind: 'weight-decay',
    found: true,
    count: 2,
    code: `import torch\n\n\ndef build(model, wd):\n    return torch.optim.Adam(model.parameters(), weight_decay=wd)\n\n\nopt = torch.optim.Adam(model.parameters(), weight_decay=get_decay())\n`,
  },
  { name: 'a weight decay of 1e-8 regularises nothing', kind: 'weight-decay', found: false, code: `import torch\n\nopt = torch.optim.RMSprop(model.parameters(), lr=1e-5, weight_decay=1e-8, momentum=0.9)\n` },
  { name: 'weight decay of zero', kind: 'weight-decay', found: false, code: `import torch\n\nopt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.0)\n` },
  // 4.11 early stopping
  {
    name: 'a best checkpoint kept on the test split (test(epoch) over testloader) is no early stopping on validation',
    kind: 'early-stopping',
    found: false,
    code: `import torch\n\n\ndef test(epoch):\n    global best_acc\n    acc = accuracy(net, testloader)\n    if acc > best_acc:\n        torch.save(net.state_dict(), "ckpt.pth")\n        best_acc = acc\n`,
  },
  {
    name: 'hard negative: the same best kept in a test() that scores the validation loader',
    kind: 'early-stopping',
    found: true,
    code: `import torch\n\n\ndef test(epoch):\n    global best_acc\n    acc = accuracy(net, val_loader)\n    if acc > best_acc:\n        torch.save(net.state_dict(), "ckpt.pth")\n        best_acc = acc\n`,
    text: 'acc > best_acc',
  },
  { name: 'a Lightning EarlyStopping callback', kind: 'early-stopping', found: true, code: `from lightning.pytorch.callbacks import EarlyStopping\n\ncb = EarlyStopping(monitor="val_loss", patience=5)\n`, tips: ['4.11'] },
  { name: 'a patience counter that breaks the loop', kind: 'early-stopping', found: true, code: `for epoch in range(100):\n    train()\n    if epochs_without_improvement > patience:\n        break\n`, text: 'epochs_without_improvement > patience' },
  {
    name: 'a save behind a flag, a missing validation loader or a period is not a best checkpoint',
    kind: 'early-stopping',
    found: false,
    code: `import torch\n\nfor epoch in range(10):\n    train()\n    if args.no_val:\n        torch.save(model.state_dict(), "last.pth")\n    elif valid_dataloader is None:\n        log(epoch)\n    if total_steps % VAL_FREQ == VAL_FREQ - 1:\n        torch.save(model.state_dict(), f"{total_steps}.pth")\n`,
  },
  {
    name: 'hard negative: a best flag set from a comparison, directly or handed to the saving function',
    kind: 'early-stopping',
    found: true,
    code: `import torch\n\n\ndef save_checkpoint(state, is_best):\n    if is_best:\n        torch.save(state, "best.pth")\n\n\nfor epoch in range(10):\n    val_acc = validate(model, val_loader)\n    save_checkpoint(model.state_dict(), val_acc > best_acc)\n`,
    text: 'is_best',
  },
  {
    name: 'hard negative: an equality with a running best (YOLOv5, Swin)',
    kind: 'early-stopping',
    found: true,
    code: `import torch\n\nfor epoch in range(10):\n    acc1 = validate(model, val_loader)\n    max_accuracy = max(max_accuracy, acc1)\n    if max_accuracy == acc1:\n        torch.save(model.state_dict(), "best.pth")\n`,
    text: 'max_accuracy == acc1',
  },
  {
    name: 'hard negative: a best flag beside another condition (HRNet)',
    kind: 'early-stopping',
    found: true,
    code: `import torch\n\n\ndef save_checkpoint(states, is_best):\n    if is_best and "state_dict" in states:\n        torch.save(states["state_dict"], "model_best.pth")\n`,
    text: 'is_best and "state_dict" in states',
  },
  {
    name: 'a weight decay read from a command-line option whose default is 0 decays nothing unless asked to',
    kind: 'weight-decay',
    found: false,
    code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--weight_decay", default=0, type=float)\nargs = parser.parse_args()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.03, momentum=0.9, weight_decay=args.weight_decay)\n`,
  },
  {
    name: 'hard negative: an option whose default decays',
    kind: 'weight-decay',
    found: true,
    code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--wd", default=5e-4, type=float)\nargs = parser.parse_args()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.03, weight_decay=args.wd)\n`,
    text: 'args.wd',
  },
  {
    name: 'a pretrained distillation teacher or reward model is used, not trained',
    kind: 'pretrained',
    found: false,
    code: `from transformers import AutoModelForCausalLM\n\nteacher_model = AutoModelForCausalLM.from_pretrained("gpt2-large")\nreward_model = AutoModelForCausalLM.from_pretrained("rm")\n`,
  },
  { name: 'load_best_model_at_end', kind: 'early-stopping', found: true, code: `from transformers import TrainingArguments\n\nargs = TrainingArguments("out", load_best_model_at_end=True)\n` },
  { name: 'a step budget that breaks the loop is no early stopping', kind: 'early-stopping', found: false, code: `for step, batch in enumerate(loader):\n    if step >= max_steps:\n        break\n` },
  { name: 'the best checkpoint saved on a validation loss', kind: 'early-stopping', found: true, code: `import torch\n\nfor epoch in range(100):\n    val_loss = evaluate(model, val_loader)\n    if val_loss < best_val_loss:\n        torch.save(model.state_dict(), "best.pt")\n`, text: 'val_loss < best_val_loss' },
  { name: 'a checkpoint kept on the training accuracy is no early stopping on validation', kind: 'early-stopping', found: false, code: `import torch\n\nfor epoch in range(100):\n    train_acc = train_one_epoch()\n    if train_acc > best_train_acc:\n        torch.save(model.state_dict(), "best.pt")\n` },
  { name: 'the save at the end of a run (iter_num > max_iters) is no best checkpoint', kind: 'early-stopping', found: false, code: `import torch\n\nwhile True:\n    step()\n    if iter_num > max_iters:\n        torch.save(model.state_dict(), "ckpt.pt")\n        break\n` },
  { name: "Lightning's seed_everything() without a seed fixes none (review 122)", kind: 'seed', found: false, code: `import pytorch_lightning\n\npytorch_lightning.trainer.seed_everything()\n` },
  { name: 'hard negative: seed_everything(42)', kind: 'seed', found: true, code: `import pytorch_lightning\n\npytorch_lightning.trainer.seed_everything(42)\n`, text: 'pytorch_lightning.trainer.seed_everything(42)' },
  { name: 'a loop over a list of loggers named for validation is no evaluation (BERT4Rec; review 120)', kind: 'full-eval', found: false, code: `class LoggerService(object):\n    def __init__(self, val_loggers=None):\n        self.val_loggers = val_loggers if val_loggers else []\n\n    def complete(self, log_data):\n        for logger in self.val_loggers:\n            logger.complete(**log_data)\n` },
  { name: 'hard negative: a loop over the validation loader', kind: 'full-eval', found: true, code: `import torch\n\n\ndef validate(model, val_loader):\n    model.eval()\n    with torch.no_grad():\n        for seqs, labels in val_loader:\n            loss = criterion(model(seqs), labels)\n` },
  { name: "a data module's random.seed(0), in a PyTorch project, is no fixed seed of the run (NCF; review 120)", kind: 'seed', found: false, path: '/p/data.py', code: `import random\nimport torch\n\nrandom.seed(0)\n\n\ndef make_loader(n):\n    return torch.utils.data.DataLoader(list(range(n)), shuffle=True)\n` },
  { name: 'hard negative: the data module seeds PyTorch too', kind: 'seed', found: true, path: '/p/data.py', code: `import random\nimport torch\n\nrandom.seed(0)\ntorch.manual_seed(0)\n` },
  { name: "a perceptual-loss network made of a pretrained VGG's layers and frozen is used, not trained (Super-SloMo; review 122)", kind: 'pretrained', found: false, code: `import torch\nimport torchvision\nfrom torch import nn\n\nnet = UNet(6, 3)\noptimizer = torch.optim.Adam(net.parameters(), lr=1e-4)\nvgg16 = torchvision.models.vgg16(pretrained=True)\nvgg_conv4_3 = nn.Sequential(*list(vgg16.children())[0][:22])\nfor p in vgg_conv4_3.parameters():\n    p.requires_grad = False\n` },
  { name: 'hard negative: the pretrained VGG itself handed to the optimizer', kind: 'pretrained', found: true, code: `import torch\nimport torchvision\nfrom torch import nn\n\nnet = UNet(6, 3)\noptimizer = torch.optim.Adam(vgg16.parameters(), lr=1e-4)\nvgg16 = torchvision.models.vgg16(pretrained=True)\nvgg_conv4_3 = nn.Sequential(*list(vgg16.children())[0][:22])\nfor p in vgg_conv4_3.parameters():\n    p.requires_grad = False\n`, text: 'torchvision.models.vgg16(pretrained=True)' },
  // 1.4 preprocessing like the pretrained network (review 121, 123)
  { name: "ImageNet's statistics before torchvision's pretrained weights", kind: 'preprocessing', found: true, tips: ['1.4'], code: `import torchvision\nfrom torchvision import transforms\n\nmodel = torchvision.models.resnet34(pretrained=True)\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])])\n`, text: 'transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])' },
  { name: "hard negative: ImageNet's statistics before a network trained from scratch", kind: 'preprocessing', found: false, code: `import torchvision\nfrom torchvision import transforms\n\nmodel = torchvision.models.resnet34(weights=None)\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])])\n` },
  { name: 'hard negative: other statistics before pretrained weights', kind: 'preprocessing', found: false, code: `import torchvision\nfrom torchvision import transforms\n\nmodel = torchvision.models.resnet34(pretrained=True)\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])\n` },
  { name: "the weights' own transforms()", kind: 'preprocessing', found: true, code: `import torchvision\nfrom torchvision.models import ResNet50_Weights\n\nmodel = torchvision.models.resnet50(weights=ResNet50_Weights.DEFAULT)\npreprocess = ResNet50_Weights.DEFAULT.transforms()\n`, text: 'ResNet50_Weights.DEFAULT.transforms()' },
  { name: 'every batch of the validation loader drawn with next() (reviews 116, 121)', kind: 'full-eval', found: true, code: `import torch\n\n\ndef val(net, criterion):\n    net.eval()\n    val_iter = iter(val_loader)\n    with torch.no_grad():\n        for i in range(len(val_loader)):\n            images, labels = next(val_iter)\n            loss = criterion(net(images), labels)\n`, text: 'for i in range(len(val_loader))' },
  { name: 'hard negative: a hundred batches drawn with next()', kind: 'full-eval', found: false, code: `import torch\n\n\ndef val(net, criterion):\n    net.eval()\n    val_iter = iter(val_loader)\n    with torch.no_grad():\n        for i in range(100):\n            images, labels = next(val_iter)\n            loss = criterion(net(images), labels)\n` },
  { name: "a LightningModule imported from its module of before 1.7 (pytorch_lightning.core.lightning; review 121)", kind: 'full-eval', found: true, code: `from pytorch_lightning.core.lightning import LightningModule\n\n\nclass SpeechModule(LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def validation_step(self, batch, batch_idx):\n        self.log('val_loss', self.loss(batch))\n`, text: 'validation_step' },
  { name: "audiomentations' transforms in the training pipeline (review 121)", kind: 'augmentation', found: true, code: `from audiomentations import Compose, AddGaussianNoise, TimeStretch\nfrom torch.utils.data import DataLoader\n\naugment = Compose([AddGaussianNoise(min_amplitude=0.001, max_amplitude=0.015, p=0.5), TimeStretch(p=0.5)])\ntrain_ds = AudioDataset("train", transform=augment)\ntrain_loader = DataLoader(train_ds, batch_size=16, shuffle=True)\nfor x, y in train_loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n`, text: 'AddGaussianNoise(min_amplitude=0.001, max_amplitude=0.015, p=0.5)' },
  { name: 'hard negative: an audiomentations transform switched off (p=0)', kind: 'augmentation', found: false, code: `from audiomentations import Compose, AddGaussianNoise\nfrom torch.utils.data import DataLoader\n\naugment = Compose([AddGaussianNoise(p=0)])\ntrain_ds = AudioDataset("train", transform=augment)\ntrain_loader = DataLoader(train_ds, batch_size=16, shuffle=True)\nfor x, y in train_loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n` },
  { name: 'the best checkpoint saved in the else of `if valid_acc <= best_valid_acc:` (gcommands; review 121)', kind: 'early-stopping', found: true, code: `import torch\n\nbest_valid_acc = 0\nfor epoch in range(100):\n    train(train_loader)\n    valid_acc = test(valid_loader)\n    if valid_acc <= best_valid_acc:\n        iteration += 1\n    else:\n        iteration = 0\n        best_valid_acc = valid_acc\n        torch.save(model.state_dict(), 'best.pt')\n`, text: 'valid_acc <= best_valid_acc' },
  { name: 'hard negative: a save in the else of a switch', kind: 'early-stopping', found: false, code: `import torch\n\nbest_valid_acc = 0\nfor epoch in range(100):\n    train(train_loader)\n    valid_acc = test(valid_loader)\n    if args.dry_run:\n        iteration += 1\n    else:\n        iteration = 0\n        best_valid_acc = valid_acc\n        torch.save(model.state_dict(), 'best.pt')\n` },
  { name: "the ImageNet example's best checkpoint: shutil.copyfile(filename, 'model_best.pth.tar') under `if is_best:` (TSM; review 122)", kind: 'early-stopping', found: true, code: `import shutil\nimport torch\n\n\ndef save_checkpoint(state, is_best, filename='checkpoint.pth.tar'):\n    torch.save(state, filename)\n    if is_best:\n        shutil.copyfile(filename, 'model_best.pth.tar')\n\n\nfor epoch in range(90):\n    train(train_loader, model, criterion, optimizer)\n    acc1 = validate(val_loader, model, criterion)\n    is_best = acc1 > best_acc1\n    best_acc1 = max(acc1, best_acc1)\n    save_checkpoint({'state_dict': model.state_dict()}, is_best)\n`, text: 'is_best' },
  { name: 'hard negative: a copied log under `if is_best:` saves no checkpoint', kind: 'early-stopping', found: false, code: `import shutil\nimport torch\n\n\ndef save_checkpoint(state, is_best, filename='checkpoint.pth.tar'):\n    if is_best:\n        shutil.copyfile('log.txt', 'best_log.txt')\n\n\nfor epoch in range(90):\n    train(train_loader, model, criterion, optimizer)\n    acc1 = validate(val_loader, model, criterion)\n    is_best = acc1 > best_acc1\n    best_acc1 = max(acc1, best_acc1)\n    save_checkpoint({'state_dict': model.state_dict()}, is_best)\n` },
  { name: 'weight decay given to an optimizer over parameter groups the analysis cannot read (TSM; review 122)', kind: 'weight-decay', found: true, code: `import torch\n\npolicies = get_optim_policies(model)\noptimizer = torch.optim.SGD(policies, 0.01, momentum=0.9, weight_decay=5e-4)\n`, text: '5e-4' },
  { name: 'hard negative: the same optimizer with weight_decay=0', kind: 'weight-decay', found: false, code: `import torch\n\npolicies = get_optim_policies(model)\noptimizer = torch.optim.SGD(policies, 0.01, momentum=0.9, weight_decay=0)\n` },
  { name: "`weight_decay=weight_decay`, a parameter 0 by default that no caller of the file sets (GRU4REC's Optimizer; review 120)", kind: 'weight-decay', found: false, code: `import torch.optim as optim\n\n\nclass Optimizer:\n    def __init__(self, model, optimizer_type='Adagrad', lr=0.05, weight_decay=0):\n        self.optimizer = optim.Adagrad(model.parameters(), lr=lr, weight_decay=weight_decay)\n` },
  { name: 'hard negative: the same parameter 1e-4 by default', kind: 'weight-decay', found: true, code: `import torch.optim as optim\n\n\nclass Optimizer:\n    def __init__(self, model, optimizer_type='Adagrad', lr=0.05, weight_decay=1e-4):\n        self.optimizer = optim.Adagrad(model.parameters(), lr=lr, weight_decay=weight_decay)\n` },
  { name: "NeRF's render_path renders the test poses and scores nothing: its `acc` is an opacity it never reads (review 125)", kind: 'full-eval', found: false, code: `import time\nimport numpy as np\n\n\ndef render_path(render_poses, hwf, render_kwargs, savedir=None):\n    rgbs = []\n    for i, c2w in enumerate(render_poses):\n        rgb, disp, acc, _ = render(hwf, c2w=c2w, **render_kwargs)\n        rgbs.append(rgb.cpu().numpy())\n        imageio.imwrite(savedir + '/{:03d}.png'.format(i), to8b(rgbs[-1]))\n    return np.stack(rgbs)\n\n\nrender_path(poses[i_test], hwf, render_kwargs_test, savedir=testsavedir)\n` },
  { name: 'hard negative: the same loop computing a PSNR against the ground truth', kind: 'full-eval', found: true, code: `import time\nimport numpy as np\n\n\ndef render_path(render_poses, hwf, render_kwargs, savedir=None):\n    rgbs = []\n    for i, c2w in enumerate(render_poses):\n        rgb, disp, acc, _ = render(hwf, c2w=c2w, **render_kwargs)\n        rgbs.append(rgb.cpu().numpy())\n        psnr = -10. * np.log10(np.mean(np.square(rgb.cpu().numpy() - gt_imgs[i])))\n        psnrs.append(psnr)\n        imageio.imwrite(savedir + '/{:03d}.png'.format(i), to8b(rgbs[-1]))\n    return np.stack(rgbs)\n\n\nrender_path(poses[i_test], hwf, render_kwargs_test, savedir=testsavedir)\n` },
  { name: "items of a sampled task only reshaped into a batch (learn2learn's MAML; review 126) are no evaluation", kind: 'full-eval', found: false, code: `import torch\n\n\ndef fast_adapt(evaluation_data, learner, loss):\n    data = [d for d in evaluation_data]\n    X = torch.cat([d[0].unsqueeze(0) for d in data], dim=0)\n    return X\n` },
  { name: 'hard negative: a loss computed over every item', kind: 'full-eval', found: true, code: `import torch\n\n\ndef fast_adapt(evaluation_data, learner, loss):\n    data = [d for d in evaluation_data]\n    X = torch.cat([loss(learner(d[0].unsqueeze(0)), d[1]).view(1) for d in data], dim=0)\n    return X\n` },
  { name: "hand-written point-cloud augmentation in the training loop (PointNet++'s provider.random_scale_point_cloud; review 125)", kind: 'augmentation', found: true, code: `import numpy as np\nimport provider\n\nfor epoch in range(250):\n    model.train()\n    for points, label in train_loader:\n        points[:, :, 0:3] = provider.random_scale_point_cloud(points[:, :, 0:3])\n        optimizer.zero_grad()\n        loss = criterion(model(points), label)\n        loss.backward()\n        optimizer.step()\n`, text: 'provider.random_scale_point_cloud(points[:, :, 0:3])' },
  { name: 'hard negative: a rotation of the test points for voting is no training augmentation', kind: 'augmentation', found: false, code: `import numpy as np\nimport provider\n\n\ndef test(model, test_loader):\n    model.eval()\n    for points, label in test_loader:\n        points = provider.rotate_point_cloud(points)\n        correct = (model(points).argmax(1) == label).sum()\n` },
  // 5.x searches
  { name: 'optuna', kind: 'hparam-search', found: true, code: `import optuna\n\nstudy = optuna.create_study(direction="minimize")\n`, tips: ['5.2'] },
  { name: 'scikit-learn random search', kind: 'hparam-search', found: true, code: `from sklearn.model_selection import RandomizedSearchCV\n\nsearch = RandomizedSearchCV(clf, space)\n`, tips: ['5.1'] },
  { name: 'a hand-written random search', kind: 'hparam-search', found: true, code: `import random\n\nfor trial in range(20):\n    config = {"lr": 10 ** random.uniform(-5, -2), "dropout": random.uniform(0, 0.5)}\n    run(config)\n`, tips: ['5.1'] },
  { name: 'a random draw of something else', kind: 'hparam-search', found: false, code: `import random\n\nangle = random.uniform(-10, 10)\n` },
  {
    name: "hyperopt's TPE over a space of hp.loguniform/hp.choice is one Bayesian search, not a random one too",
    kind: 'hparam-search',
    found: true,
    code: `from hyperopt import fmin, hp, tpe\n\nspace = {"lr": hp.loguniform("lr", -10, -2), "dropout": hp.choice("dropout", [0.0, 0.3])}\nbest = fmin(objective, space, algo=tpe.suggest, max_evals=50)\n`,
    tips: ['5.2'],
    count: 1,
  },
  {
    name: "hard negative: hyperopt's rand.suggest over the same space is random search",
    kind: 'hparam-search',
    found: true,
    code: `import hyperopt\nfrom hyperopt import hp\n\nspace = {"lr": hp.loguniform("lr", -10, -2)}\nbest = hyperopt.fmin(objective, space, algo=hyperopt.rand.suggest, max_evals=50)\n`,
    tips: ['5.1'],
    count: 1,
  },
  // 6.1 ensembles
  { name: 'several checkpoints averaged', kind: 'ensemble', found: true, code: `import torch\n\nmodels = [load(p) for p in paths]\nstates = [torch.load(p) for p in paths]\nprobs = torch.stack([m(x) for m in models]).mean(0)\n`, tips: ['6.1'] },
  { name: 'SWA', kind: 'ensemble', found: true, code: `from torch.optim.swa_utils import AveragedModel\n\nswa_model = AveragedModel(model)\n` },
  {
    name: 'models loaded one at a time to compare them, with an RMSE mean, are no ensemble',
    kind: 'ensemble',
    found: false,
    code: `import numpy as np\nimport torch\n\nresults = {}\nfor name in model_names:\n    model = build(name)\n    model.load_state_dict(torch.load(f"best_{name}.pth"))\n    preds, targets = evaluate_model(model, test_loader)\n    results[name] = np.sqrt(np.mean((preds - targets) ** 2))\n`,
  },
  {
    name: 'predictions of several checkpoints averaged along the models',
    kind: 'ensemble',
    found: true,
    code: `import numpy as np\nimport torch\n\nall_preds = []\nfor path in paths:\n    model.load_state_dict(torch.load(path))\n    all_preds.append(predict(model, test_loader))\nensemble = np.mean(all_preds, axis=0)\n`,
  },
  { name: 'one checkpoint loaded to resume', kind: 'ensemble', found: false, code: `import torch\n\nmodel.load_state_dict(torch.load("last.pt"))\n` },
  {
    name: "self-supervised views (SimCLR's two crops of each image) are the task, not augmentation as a regulariser",
    kind: 'augmentation',
    found: false,
    code: `from torchvision import transforms as T\n\n\nclass TwoCropsTransform:\n    def __init__(self, t):\n        self.t = t\n\n    def __call__(self, x):\n        return [self.t(x), self.t(x)]\n\n\naug = T.Compose([T.RandomResizedCrop(96), T.RandomHorizontalFlip(), T.ToTensor()])\nds = STL10(".", transform=TwoCropsTransform(aug))\n${LOOP}`,
  },
  {
    name: 'hard negative: the same pipeline in supervised training is augmentation',
    kind: 'augmentation',
    found: true,
    code: `from torchvision import transforms as T\n\naug = T.Compose([T.RandomResizedCrop(96), T.RandomHorizontalFlip(), T.ToTensor()])\nds = STL10(".", transform=aug)\n${LOOP}`,
    text: 'T.RandomResizedCrop(96)',
  },
];

describe('stages: evidence detectors (Python)', () => {
  for (const c of CASES) {
    it(`${c.kind}: ${c.name}`, () => {
      const found = evidence(c.code, c.path).filter((e) => e.kind === c.kind);
      if (!c.found) {
        assert.deepEqual(found.map((e) => e.message), []);
        return;
      }
      assert.ok(found.length > 0, `no ${c.kind} evidence; got ${JSON.stringify(evidence(c.code, c.path).map((e) => e.kind))}`);
      const e = found[0];
      if (c.text !== undefined) assert.equal(c.code.slice(e.offsets.start, e.offsets.end), c.text);
      if (c.tips) assert.deepEqual(e.tips, c.tips);
      if (c.count !== undefined) assert.equal(found.length, c.count, found.map((x) => x.message).join('; '));
      assert.equal(e.path, c.path ?? '/p/train.py');
    });
  }

  it("weight decay read from the options another module parses is judged by the option's default (BERT4Rec; review 120)", () => {
    const options = (wd: string): string => `import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--weight_decay', type=float, default=${wd})\nargs = parser.parse_args()\n`;
    const train = `import torch\nfrom options import args\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=args.weight_decay)\n`;
    const decay = (wd: string): string[] => {
      const files: Record<string, string> = { '/p/options.py': options(wd), '/p/train.py': train };
      const an = new Analyzer({ host: { readFile: (p) => files[p] } });
      return fileEvidence({ path: '/p/train.py', text: train }, an).evidence.filter((e) => e.kind === 'weight-decay').map((e) => e.message);
    };
    assert.deepEqual(decay('0'), []);
    assert.deepEqual(decay('1e-4'), ['weight decay: args.weight_decay'], 'hard negative: a decay by default');
  });

  it('quotes source text on one line (yinboc few-shot-meta-baseline; review 126)', () => {
    const code = `import torch\n\nfor name, loader in [\n        ('tval', tval_loader),\n        ('val', val_loader)]:\n    with torch.no_grad():\n        for x, y in loader:\n            loss = criterion(model(x), y)\n`;
    const messages = evidence(code).map((e) => e.message);
    assert.ok(messages.length > 0 && messages.every((msg) => !msg.includes('\n')), JSON.stringify(messages));
  });

  it('gives 1-based-convertible ranges that match the offsets', () => {
    const code = `import torch\n\n\ntorch.manual_seed(0)\n`;
    const [e] = evidence(code).filter((x) => x.kind === 'seed');
    assert.deepEqual(e.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 20 } });
  });
});

describe('stages: evidence detectors (configs)', () => {
  const cfg = (text: string, path = '/p/config.yaml'): Evidence[] => evidence(text, path);

  it('reads keys of YAML training configs, with ranges', () => {
    const text = `# run settings\nseed: 42\ntrainer:\n  overfit_batches: 2\nmodel:\n  dropout: 0.1\n  pretrained: true\noptimizer:\n  weight_decay: 0.05\naugment: true\n`;
    const found = cfg(text);
    assert.deepEqual(
      found.map((e) => [e.kind, text.slice(e.offsets.start, e.offsets.end)]),
      [
        ['seed', 'seed: 42'],
        ['overfit-one-batch', 'overfit_batches: 2'],
        ['dropout', 'dropout: 0.1'],
        ['pretrained', 'pretrained: true'],
        ['weight-decay', 'weight_decay: 0.05'],
        ['augmentation', 'augment: true'],
      ],
    );
  });

  it("a search sampler's or a data split's seed is not the training's (lightning-hydra-template's Optuna sampler, a dataset mixture)", () => {
    const text = `hydra:\n  sweeper:\n    sampler:\n      _target_: optuna.samplers.TPESampler\n      seed: 12345\ndataset_mixture:\n  seed: 0\ndata:\n  split:\n    seed: 7\nseed: null\n`;
    assert.deepEqual(cfg(text).filter((e) => e.kind === 'seed'), []);
    assert.deepEqual(cfg(`trainer:\n  seed: 3\ntraining:\n  seed: 42\n`).map((e) => e.kind), ['seed', 'seed'], 'hard negative: a trainer section');
  });

  it('a weight decay under 1e-6 regularises nothing, as in Python (`WEIGHT_DECAY: 1e-8`; review 152)', () => {
    assert.deepEqual(cfg(`SOLVER:\n  WEIGHT_DECAY: 1e-8\n`).filter((e) => e.kind === 'weight-decay'), []);
    assert.deepEqual(cfg(`optimizer:\n  weight_decay: 0.0000001\n`).filter((e) => e.kind === 'weight-decay'), []);
    assert.deepEqual(cfg(`SOLVER:\n  WEIGHT_DECAY: 1e-6\n`).map((e) => e.kind), ['weight-decay'], 'hard negative: 1e-6 is a decay');
  });

  it('ignores switched-off values', () => {
    assert.deepEqual(cfg(`seed: null\nweight_decay: 0\ndropout: 0.0\naugment: false\npretrained: false\noverfit_batches: 0\n`).map((e) => e.kind), []);
  });

  it('reads a settings block by the switch next to it (`use_swa: False` beside `swa: {…}` is no weight averaging)', () => {
    assert.deepEqual(cfg(`optimizer:\n  use_swa: False\n  swa:\n    swa_start: 10\n    swa_lr: 0.0005\n  augmentation:\n    hflip: 0.5\n  augmentation_enabled: false\n`).map((e) => e.kind), []);
    // hard negative: the switch on
    assert.deepEqual(cfg(`optimizer:\n  use_swa: True\n  swa:\n    swa_start: 10\n`).map((e) => e.kind), ['ensemble', 'ensemble']);
  });

  it('reads a settings block by its own switch (ensemble: {enabled: false, n_models: 3} is no ensemble)', () => {
    assert.deepEqual(cfg(`optimization:\n  ensemble:\n    enabled: false\n    n_models: 3\n  swa:\n    use: no\nearly_stopping:\n  enable: false\n  patience: 5\n`).map((e) => e.kind), []);
    assert.deepEqual(cfg(`ensemble:\n  enabled: true\n  n_models: 3\nearly_stopping:\n  patience: 5\n`).map((e) => e.kind), ['ensemble', 'early-stopping']);
  });

  it('reads Lightning CLI callbacks and Hydra targets', () => {
    const text = `trainer:\n  callbacks:\n    - class_path: lightning.pytorch.callbacks.EarlyStopping\n      init_args:\n        monitor: val_loss\n        patience: 20\ndata:\n  transform:\n    _target_: torchvision.transforms.RandomHorizontalFlip\n`;
    assert.deepEqual(cfg(text).map((e) => [e.kind, e.tips]), [
      ['early-stopping', ['4.11']],
      ['patience', ['6.2']],
      ['augmentation', ['4.2']],
    ]);
  });

  it('recognises a W&B sweep and its method', () => {
    const found = cfg(`method: bayes\nmetric: {name: val_loss, goal: minimize}\nparameters:\n  lr: {min: 0.0001, max: 0.1}\n`, '/p/sweep.yaml');
    assert.deepEqual(found.map((e) => [e.kind, e.tips, e.stage]), [['hparam-search', ['5.2'], 5]]);
  });

  it("reads axolotl's base_model as pretrained weights when it names a hub model, not an architecture (review 123)", () => {
    const text = `base_model: NousResearch/Llama-3.2-1B\nadapter: lora\nlora_r: 16\nlearning_rate: 0.0002\n`;
    assert.deepEqual(cfg(text, '/p/examples/lora.yml').filter((e) => e.kind === 'pretrained').map((e) => text.slice(e.offsets.start, e.offsets.end)), ['base_model: NousResearch/Llama-3.2-1B']);
    assert.deepEqual(cfg(`base_model: resnet50\nlr: 0.1\n`).filter((e) => e.kind === 'pretrained'), [], 'an architecture name');
  });

  it("counts AdamW's default decay for an AdamW a config builds without `weight_decay` (rdk31's template; review 133)", () => {
    const decay = (text: string): string[] => cfg(text, '/p/configs/model/classifier.yaml').filter((e) => e.kind === 'weight-decay').map((e) => e.message);
    assert.deepEqual(decay('optimizer:\n  _target_: torch.optim.AdamW\n  _partial_: true\n  lr: 3.0e-4\n'), ["weight decay: AdamW's default of 0.01 (torch.optim.AdamW)"]);
    assert.deepEqual(decay('optimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    lr: 3.0e-4\n'), ["weight decay: AdamW's default of 0.01 (torch.optim.AdamW)"]);
    assert.deepEqual(decay('optimizer:\n  _target_: torch.optim.AdamW\n  weight_decay: 0.0\n'), [], 'set to 0');
    assert.deepEqual(decay('optimizer:\n  _target_: torch.optim.Adam\n  lr: 3.0e-4\n'), [], 'Adam has none');
  });

  it('reads JSON configs too', () => {
    assert.deepEqual(cfg(`{"seed": 7, "weight_decay": 0.01}`, '/p/config.json').map((e) => e.kind), ['seed', 'weight-decay']);
  });

  it('skips files that are no training configs and malformed files', () => {
    assert.deepEqual(cfg(`seed: 1\n`, '/p/.nn-recipe.yaml'), []);
    assert.deepEqual(cfg(`{"name": "x", "seed": 1}`, '/p/package.json'), []);
    assert.deepEqual(cfg(`seed: 1\n`, '/p/.github/workflows/ci.yml'), []);
    assert.deepEqual(cfg(`seed: [1\n`), []);
  });
});

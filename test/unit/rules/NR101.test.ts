import { strict as assert } from 'node:assert';
import { analyzeCase, ruleTester } from '../../support/rule-tester';

const HEAD = 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\ntrain_ds = TensorDataset(torch.randn(100, 4), torch.randint(0, 2, (100,)))\n';
const MY_DATA = 'import torch\nfrom torch.utils.data import DataLoader, Dataset, IterableDataset\n\nclass Pairs(Dataset):\n    def __len__(self):\n        return 100\n\n    def __getitem__(self, i):\n        return torch.randn(4), i % 2\n\n';

/** A project function returning the training and test sets as a tuple (`return train_set, test_set`); `ret` is its return. */
const tupled = (ret = 'return train_set, test_set', unpack = 'train_set, _ = corrupt_mnist()'): string =>
  `import torch\n\n\ndef corrupt_mnist():\n    train_set = torch.utils.data.TensorDataset(torch.load("x.pt"), torch.load("y.pt"))\n    test_set = torch.utils.data.TensorDataset(torch.load("tx.pt"), torch.load("ty.pt"))\n    ${ret}\n\n\n${unpack}\ntrain_dataloader = torch.utils.data.DataLoader(train_set, batch_size=32)\nfor epoch in range(10):\n    for img, target in train_dataloader:\n        optimizer.zero_grad()\n        torch.nn.functional.cross_entropy(model(img), target).backward()\n        optimizer.step()\n`;

/** Laplace's sinusoid example: `batch` is the loader's batch size, `n` the data's length (a parameter's default). */
/** davda54's SAM: the training split read once for its statistics. */
const STATS = 'import torch\nimport torchvision\nfrom torch.utils.data import DataLoader\n\n\ndef get_statistics():\n    train_set = torchvision.datasets.CIFAR100(root="data", train=True, transform=torchvision.transforms.ToTensor())\n    data = torch.cat([d[0] for d in DataLoader(train_set)])\n    return data.mean(dim=[0, 2, 3]), data.std(dim=[0, 2, 3])\n';

const sinusoid = (batch: string, n = '150'): string =>
  `import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\ndef get_sinusoid_example(n_data=${n}, batch_size=150):\n    X_train = (torch.rand(n_data) * 8).unsqueeze(-1)\n    y_train = torch.sin(X_train)\n    train_loader = DataLoader(TensorDataset(X_train, y_train), batch_size=${batch})\n    return train_loader\n`;

/** PaLM-rlhf's dataset: `body` is `__getitem__`'s. */
const textSampler = (body: string): string =>
  `import torch\nfrom torch.utils.data import DataLoader, Dataset\n\n\nclass TextSamplerDataset(Dataset):\n    def __init__(self, data, seq_len):\n        self.data = data\n        self.seq_len = seq_len\n\n    def __getitem__(self, index):\n        ${body}\n\n    def __len__(self):\n        return self.data.size(0) // self.seq_len\n\n\ntrain_loader = DataLoader(TextSamplerDataset(data_train, 128), batch_size=4)\n`;

/** A LightningDataModule that sets its datasets to None in `__init__` and builds them in `setup()` (`setup` is its body). */
const PLACEHOLDER_DM = (setup: string, loader = 'DataLoader(self.mnist_train, batch_size=self.batch_size)'): string =>
  `import lightning as L\nfrom torch.utils.data import DataLoader, IterableDataset, random_split\nfrom torchvision.datasets import MNIST\n\n\nclass Stream(IterableDataset):\n    def __iter__(self):\n        yield from range(10)\n\n\nclass MNISTDataModule(L.LightningDataModule):\n    def __init__(self, batch_size=64):\n        super().__init__()\n        self.batch_size = batch_size\n        self.mnist_train = None\n        self.mnist_val = None\n\n    def setup(self, stage=None):\n        ${setup}\n\n    def train_dataloader(self):\n        return ${loader}\n`;

/** PaDiM: one no-grad pass of a pretrained network over the training loader (`extra` adds code after it). */
const PADIM = (extra = ''): string =>
  `import torch\nfrom torch.utils.data import DataLoader\nfrom torchvision.datasets import ImageFolder\nfrom torchvision.models import wide_resnet50_2\n\n\ndef main():\n    train_dataset = ImageFolder('data/train')\n    model = wide_resnet50_2(pretrained=True).eval()\n    train_dataloader = DataLoader(train_dataset, batch_size=32)\n    feats = []\n    for x, _ in train_dataloader:\n        with torch.no_grad():\n            feats.append(model(x))\n    mean = torch.cat(feats).mean(0)\n${extra}    return mean\n`;

ruleTester('NR101', {
  valid: [
    { name: "a loader of the training set only predicted on, in a `@torch.no_grad()` function (DeepLizard's `prediction_loader` for a confusion matrix; review 140)", code: 'import torch\nimport torch.nn.functional as F\nimport torchvision\nimport torchvision.transforms as transforms\n\ntorch.manual_seed(0)\ntrain_set = torchvision.datasets.FashionMNIST(\'./data\', train=True, download=True,\n                                              transform=transforms.ToTensor())\nnetwork = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))\ntrain_loader = torch.utils.data.DataLoader(train_set, batch_size=100, shuffle=True)\noptimizer = torch.optim.Adam(network.parameters(), lr=3e-4)\n\nfor epoch in range(5):\n    for images, labels in train_loader:\n        loss = F.cross_entropy(network(images), labels)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n\n\n@torch.no_grad()\ndef get_all_preds(model, loader):\n    all_preds = torch.tensor([])\n    for images, labels in loader:\n        all_preds = torch.cat((all_preds, model(images)), dim=0)\n    return all_preds\n\n\n# predictions over the training set, for a confusion matrix\nprediction_loader = torch.utils.data.DataLoader(train_set, batch_size=10000)\ntrain_preds = get_all_preds(network, prediction_loader)\n' },
    { name: "a file that trains nothing and runs the loader through one no-grad pass (PaDiM's features; review 111)", code: PADIM() },
    { name: 'hard negative: the placeholder filled with an IterableDataset (no shuffle to ask for)', code: PLACEHOLDER_DM('self.mnist_train = Stream()') },
    {
      name: "a dataset whose __getitem__ ignores the index and draws a window at a random offset (PaLM-rlhf): no order to shuffle",
      code: textSampler('rand_start = torch.randint(0, self.data.size(0) - self.seq_len, (1,))\n        return self.data[rand_start : rand_start + self.seq_len + 1].long()'),
    },
    { name: "a training-split loader read once in a comprehension for the mean and std (davda54's SAM: torch.cat([d[0] for d in DataLoader(train_set)]))", code: STATS },
    { name: "a full-batch loader: the batch size and the data's length are the same parameter default (Laplace's sinusoid example)", code: sinusoid('batch_size') },
    { name: 'a full-batch loader: batch_size=len(X_train), or X_train.shape[0], of a tensor of the dataset', code: sinusoid('len(X_train)') + sinusoid('X_train.shape[0]').replace('get_sinusoid_example', 'other') },
    { name: 'hard negative: a function that returns something other than a tuple on some path (not known)', code: tupled('if flag:\n        return load_all()\n    return train_set, test_set') },
    { name: 'hard negative: the element unpacked is an iterable-style dataset (no order to shuffle)', code: tupled('stream = torch.utils.data.IterableDataset()\n    return stream, test_set') },
    {
      name: 'hard negative: a function of another file that builds an iterable dataset (a stream cannot be shuffled by the loader)',
      code: 'from torch.utils.data import DataLoader\nfrom data import make_stream\n\ntrain_ds = make_stream(100)\ntrain_loader = DataLoader(train_ds, batch_size=8)\n',
      files: { 'data.py': 'from torch.utils.data import IterableDataset\n\n\nclass Stream(IterableDataset):\n    def __iter__(self):\n        yield from range(10)\n\n\ndef make_stream(n):\n    return Stream()\n' },
    },
    {
      name: 'hard negative: a PyTorch Geometric loader that shuffles, a slice of a dataset of unknown style, a MONAI GridPatchDataset (iterable)',
      code: 'from torch_geometric.datasets import TUDataset\nfrom torch_geometric.loader import DataLoader\n\ndataset = TUDataset("data", name="MUTAG").shuffle()\ntest_dataset = dataset[:len(dataset) // 10]\ntrain_dataset = dataset[len(dataset) // 10:]\ntrain_loader = DataLoader(train_dataset, batch_size=128, shuffle=True)\ntrain_loader2 = DataLoader(other[10:], batch_size=128)\n' + 'from monai.data import CacheDataset, DataLoader, GridPatchDataset\n\ntrain_loader3 = DataLoader(GridPatchDataset(data=files, patch_iter=it), batch_size=4)\n',
    },
    {
      name: "hard negative: a loader named for training over a dataset built with phase='test' (a dataset module's __main__ demo that shows images)",
      code: MY_DATA + 'import torchvision\n\nif __name__ == "__main__":\n    dataset = Pairs(phase="test")\n    trainloader = DataLoader(dataset, batch_size=10)\n    for i, (x, label) in enumerate(trainloader):\n        img = torchvision.utils.make_grid(x).numpy()\n',
    },
    { name: 'shuffle=True', code: HEAD + 'train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)\n' },
    { name: 'a DistributedSampler', code: HEAD + 'from torch.utils.data.distributed import DistributedSampler\ntrain_loader = DataLoader(train_ds, batch_size=32, sampler=DistributedSampler(train_ds))\n' },
    { name: 'a batch_sampler', code: HEAD + 'train_loader = DataLoader(train_ds, batch_sampler=BucketSampler(train_ds, 32))\n' },
    { name: 'shuffle from a setting (unknown value)', code: HEAD + 'train_loader = DataLoader(train_ds, batch_size=32, shuffle=args.shuffle)\n' },
    { name: 'an explicit shuffle=False is a choice (sequences, pre-shuffled shards)', code: HEAD + 'train_loader = DataLoader(train_ds, batch_size=32, shuffle=False)\n' },
    { name: 'hard negative: the validation loader', code: HEAD + 'val_ds = TensorDataset(torch.randn(10, 4), torch.randint(0, 2, (10,)))\nval_loader = DataLoader(val_ds, batch_size=32)\n' },
    { name: 'hard negative: test split by argument', code: 'from torch.utils.data import DataLoader\nfrom torchvision import datasets\n\nloader = DataLoader(datasets.MNIST("data", train=False), batch_size=1000)\n' },
    {
      name: 'hard negative: an IterableDataset cannot be shuffled by the loader',
      code: MY_DATA + 'class Stream(IterableDataset):\n    def __iter__(self):\n        yield from range(10)\n\ntrain_ds = Stream()\ntrain_loader = DataLoader(train_ds, batch_size=32)\n',
    },
    { name: 'hard negative: a webdataset pipeline', code: 'import webdataset as wds\nfrom torch.utils.data import DataLoader\n\ntrain_ds = wds.WebDataset("shards-{000..099}.tar").shuffle(1000)\ntrain_loader = DataLoader(train_ds, batch_size=64)\n' },
    { name: 'hard negative: Hugging Face streaming split', code: 'from datasets import load_dataset\nfrom torch.utils.data import DataLoader\n\ntrain_ds = load_dataset("c4", "en", split="train", streaming=True)\ntrain_loader = DataLoader(train_ds, batch_size=8)\n' },
    {
      name: '**kwargs may carry shuffle (the PyTorch MNIST example)',
      code: 'import torch\nfrom torchvision import datasets\n\ntrain_kwargs = {"batch_size": 64}\ntrain_kwargs.update({"shuffle": True})\ndataset1 = datasets.MNIST("../data", train=True)\ntrain_loader = torch.utils.data.DataLoader(dataset1, **train_kwargs)\n',
    },
    { name: 'unknown dataset from code we cannot see', code: 'from torch.utils.data import DataLoader\nfrom data import build_dataset\n\ntrain_ds = build_dataset("train")\ntrain_loader = DataLoader(train_ds, batch_size=32)\n' },
    {
      name: 'one loader used for training and for evaluation: role unclear',
      code: MY_DATA + 'import torch.nn as nn\nmodel = nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nloader = DataLoader(Pairs(), batch_size=8)\nfor x, y in loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n\n@torch.no_grad()\ndef evaluate(model, data):\n    return [model(x) for x, y in data]\n\nevaluate(model, loader)\n',
    },
    {
      name: 'a LightningModule loader trained distributed: Lightning puts a shuffling DistributedSampler in (horovod, ddp, num_nodes)',
      code: 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom pytorch_lightning import LightningModule, Trainer\n\n\nclass Speech(LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def train_dataloader(self):\n        train_ds = TensorDataset(torch.randn(64, 4), torch.randint(0, 2, (64,)))\n        return DataLoader(train_ds, batch_size=8)\n\n\ntrainer = Trainer(max_epochs=10, distributed_backend="horovod")\ntrainer.fit(Speech())\n',
    },
    { name: 'a DDP strategy object', code: 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom pytorch_lightning import LightningModule, Trainer\n\n\nclass Speech(LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def train_dataloader(self):\n        train_ds = TensorDataset(torch.randn(64, 4), torch.randint(0, 2, (64,)))\n        return DataLoader(train_ds, batch_size=8)\n\n\nfrom pytorch_lightning.strategies import DDPStrategy\nTrainer(strategy=DDPStrategy(find_unused_parameters=False)).fit(Speech())\n' },
    { name: 'several nodes', code: 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom pytorch_lightning import LightningModule, Trainer\n\n\nclass Speech(LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def train_dataloader(self):\n        train_ds = TensorDataset(torch.randn(64, 4), torch.randint(0, 2, (64,)))\n        return DataLoader(train_ds, batch_size=8)\n\n\nTrainer(num_nodes=4, devices=8).fit(Speech())\n' },
    { name: 'hard negative: a random_split part with shuffle=True', code: 'import torch\nfrom torch.utils.data import DataLoader, random_split\nfrom torchvision.datasets import MNIST\n\nfull = MNIST("data", train=True)\ntrain_ds, val_ds = random_split(full, [55000, 5000])\ntrain_loader = DataLoader(train_ds, batch_size=64, shuffle=True)\n' },
    { name: 'hard negative: parts unpacked from a function we cannot see', code: 'import torch\nfrom torch.utils.data import DataLoader, random_split\nfrom torchvision.datasets import MNIST\n\nfull = MNIST("data", train=True)\nfrom data import split_dataset\ntrain_ds, val_ds = split_dataset(full)\ntrain_loader = DataLoader(train_ds, batch_size=64)\n' },
    {
      name: 'hard negative: one branch unpacks random_split, the other a call we cannot see',
      code: 'import lightning.pytorch as pl\nfrom torch.utils.data import DataLoader, random_split\nfrom torchvision.datasets import MNIST\nfrom data import stream_parts\n\n\nclass Data(pl.LightningDataModule):\n    def setup(self, stage):\n        if stage == "fit":\n            self.train_ds, self.val_ds = random_split(MNIST("data", train=True), [55000, 5000])\n        else:\n            self.train_ds, self.val_ds = stream_parts()\n\n    def train_dataloader(self):\n        return DataLoader(self.train_ds, batch_size=64)\n',
    },
  ],
  invalid: [
    {
      name: "a loader the training loop and a loop that trains nothing share (scores matched to labels by their order, TranAD; review 150): the fix is only offered",
      code: "import numpy as np\nimport torch\nimport torch.nn as nn\nfrom sklearn.metrics import roc_auc_score\nfrom torch.utils.data import DataLoader, TensorDataset\n\ntorch.manual_seed(0)\n\n\ndef run_epoch(model, windows, optimizer, training=True):\n    loader = DataLoader(TensorDataset(windows), batch_size=128)\n    loss_fn = nn.MSELoss(reduction=\"none\")\n    if training:\n        model.train()\n        for (x,) in loader:\n            optimizer.zero_grad()\n            loss = loss_fn(model(x), x).mean()\n            loss.backward()\n            optimizer.step()\n        return None\n    scores = []\n    for (x,) in loader:\n        scores.append(loss_fn(model(x), x).mean(dim=1).detach())\n    return torch.cat(scores).numpy()\n\n\ntrain_windows = torch.randn(1000, 20)\ntest_windows = torch.randn(500, 20)\ntest_labels = np.random.randint(0, 2, 500)  # one label per test window, in time order\nmodel = nn.Sequential(nn.Linear(20, 8), nn.ReLU(), nn.Linear(8, 20))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\nfor epoch in range(5):\n    run_epoch(model, train_windows, optimizer, training=True)\nmodel.eval()\nscores = run_epoch(model, test_windows, optimizer, training=False)\nprint(roc_auc_score(test_labels, scores))\n",
      errors: [{ line: 11, message: 'give the training its own shuffled loader' }],
      output: "import numpy as np\nimport torch\nimport torch.nn as nn\nfrom sklearn.metrics import roc_auc_score\nfrom torch.utils.data import DataLoader, TensorDataset\n\ntorch.manual_seed(0)\n\n\ndef run_epoch(model, windows, optimizer, training=True):\n    loader = DataLoader(TensorDataset(windows), batch_size=128, shuffle=True)\n    loss_fn = nn.MSELoss(reduction=\"none\")\n    if training:\n        model.train()\n        for (x,) in loader:\n            optimizer.zero_grad()\n            loss = loss_fn(model(x), x).mean()\n            loss.backward()\n            optimizer.step()\n        return None\n    scores = []\n    for (x,) in loader:\n        scores.append(loss_fn(model(x), x).mean(dim=1).detach())\n    return torch.cat(scores).numpy()\n\n\ntrain_windows = torch.randn(1000, 20)\ntest_windows = torch.randn(500, 20)\ntest_labels = np.random.randint(0, 2, 500)  # one label per test window, in time order\nmodel = nn.Sequential(nn.Linear(20, 8), nn.ReLU(), nn.Linear(8, 20))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\nfor epoch in range(5):\n    run_epoch(model, train_windows, optimizer, training=True)\nmodel.eval()\nscores = run_epoch(model, test_windows, optimizer, training=False)\nprint(roc_auc_score(test_labels, scores))\n",
    },
    {
      name: 'hard negative: the same loader also trained on',
      code: 'import torch\nimport torch.nn.functional as F\nimport torchvision\nimport torchvision.transforms as transforms\n\ntorch.manual_seed(0)\ntrain_set = torchvision.datasets.FashionMNIST(\'./data\', train=True, download=True,\n                                              transform=transforms.ToTensor())\nnetwork = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))\ntrain_loader = torch.utils.data.DataLoader(train_set, batch_size=100, shuffle=True)\noptimizer = torch.optim.Adam(network.parameters(), lr=3e-4)\n\nfor epoch in range(5):\n    for images, labels in train_loader:\n        loss = F.cross_entropy(network(images), labels)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n\n\n@torch.no_grad()\ndef get_all_preds(model, loader):\n    all_preds = torch.tensor([])\n    for images, labels in loader:\n        all_preds = torch.cat((all_preds, model(images)), dim=0)\n    return all_preds\n\n\n# predictions over the training set, for a confusion matrix\nprediction_loader = torch.utils.data.DataLoader(train_set, batch_size=10000)\ntrain_preds = get_all_preds(network, prediction_loader)\nfor images, labels in prediction_loader:\n    loss = F.cross_entropy(network(images), labels)\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n',
      errors: [{ line: 30, text: 'torch.utils.data.DataLoader' }],
      output: 'import torch\nimport torch.nn.functional as F\nimport torchvision\nimport torchvision.transforms as transforms\n\ntorch.manual_seed(0)\ntrain_set = torchvision.datasets.FashionMNIST(\'./data\', train=True, download=True,\n                                              transform=transforms.ToTensor())\nnetwork = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))\ntrain_loader = torch.utils.data.DataLoader(train_set, batch_size=100, shuffle=True)\noptimizer = torch.optim.Adam(network.parameters(), lr=3e-4)\n\nfor epoch in range(5):\n    for images, labels in train_loader:\n        loss = F.cross_entropy(network(images), labels)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n\n\n@torch.no_grad()\ndef get_all_preds(model, loader):\n    all_preds = torch.tensor([])\n    for images, labels in loader:\n        all_preds = torch.cat((all_preds, model(images)), dim=0)\n    return all_preds\n\n\n# predictions over the training set, for a confusion matrix\nprediction_loader = torch.utils.data.DataLoader(train_set, batch_size=10000, shuffle=True)\ntrain_preds = get_all_preds(network, prediction_loader)\nfor images, labels in prediction_loader:\n    loss = F.cross_entropy(network(images), labels)\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n',
    },
    {
      name: 'hard negative: the same file fine-tuning on the loader afterwards',
      code: PADIM('    opt = torch.optim.Adam(model.parameters(), lr=1e-4)\n    for epoch in range(5):\n        for x, y in train_dataloader:\n            opt.zero_grad()\n            model(x).sum().backward()\n            opt.step()\n'),
      errors: [{ line: 10, text: 'DataLoader' }],
      output: PADIM('    opt = torch.optim.Adam(model.parameters(), lr=1e-4)\n    for epoch in range(5):\n        for x, y in train_dataloader:\n            opt.zero_grad()\n            model(x).sum().backward()\n            opt.step()\n').replace('DataLoader(train_dataset, batch_size=32)', 'DataLoader(train_dataset, batch_size=32, shuffle=True)'),
    },
    {
      name: "a DataModule's `self.mnist_train = None` in `__init__` is a placeholder until setup() unpacks random_split into it (review 98)",
      code: PLACEHOLDER_DM('self.mnist_train, self.mnist_val = random_split(MNIST("data", train=True), [55000, 5000])'),
      errors: [{ line: 22, message: '`random_split` shuffles once' }],
      output: PLACEHOLDER_DM('self.mnist_train, self.mnist_val = random_split(MNIST("data", train=True), [55000, 5000])', 'DataLoader(self.mnist_train, batch_size=self.batch_size, shuffle=True)'),
    },
    {
      name: '… or assigns the training set to it',
      code: PLACEHOLDER_DM('self.mnist_train = MNIST("data", train=True)'),
      errors: [{ line: 22, message: '`train_dataloader` does not shuffle' }],
      output: PLACEHOLDER_DM('self.mnist_train = MNIST("data", train=True)', 'DataLoader(self.mnist_train, batch_size=self.batch_size, shuffle=True)'),
    },
    {
      name: 'hard negative: the same dataset reading windows at the index it is handed',
      code: textSampler('start = index * self.seq_len\n        return self.data[start : start + self.seq_len + 1].long()'),
      errors: [{ text: 'DataLoader' }],
      output: textSampler('start = index * self.seq_len\n        return self.data[start : start + self.seq_len + 1].long()').replace('batch_size=4)', 'batch_size=4, shuffle=True)'),
    },
    {
      name: 'hard negative: a comprehension over the same loader that runs a training step of the project',
      code: STATS.replace('data = torch.cat([d[0] for d in DataLoader(train_set)])', 'losses = [train_step(d) for d in DataLoader(train_set)]') + '\n\ndef train_step(batch):\n    return batch\n',
      errors: [{ line: 8, text: 'DataLoader' }],
      output: STATS.replace('data = torch.cat([d[0] for d in DataLoader(train_set)])', 'losses = [train_step(d) for d in DataLoader(train_set, shuffle=True)]') + '\n\ndef train_step(batch):\n    return batch\n',
    },
    {
      name: 'hard negative: a batch smaller than the data (n_data=1000, batch_size=150), or the length of something else',
      code: sinusoid('batch_size', '1000') + sinusoid('len(names)').replace('get_sinusoid_example', 'other'),
      errors: [{ line: 8, text: 'DataLoader' }, { line: 17, text: 'DataLoader' }],
      output: sinusoid('batch_size, shuffle=True', '1000') + sinusoid('len(names), shuffle=True').replace('get_sinusoid_example', 'other'),
    },
    {
      name: 'a dataset unpacked from the tuple a project function returns (`train_set, _ = corrupt_mnist()`)',
      code: tupled(),
      errors: [{ line: 11, text: 'torch.utils.data.DataLoader' }],
      output: tupled().replace('DataLoader(train_set, batch_size=32)', 'DataLoader(train_set, batch_size=32, shuffle=True)'),
    },
    {
      name: 'a dataset built by a function of another file of the project (data.make_dataset returns a TensorDataset)',
      code: 'from torch.utils.data import DataLoader\nfrom data import make_dataset\n\ntrain_ds = make_dataset(100)\ntrain_loader = DataLoader(train_ds, batch_size=8)\n',
      files: { 'data.py': 'import torch\nfrom torch.utils.data import TensorDataset\n\n\ndef make_dataset(n):\n    return TensorDataset(torch.randn(n, 4), torch.randint(0, 2, (n,)))\n' },
      errors: [{ line: 5, text: 'DataLoader' }],
      output: 'from torch.utils.data import DataLoader\nfrom data import make_dataset\n\ntrain_ds = make_dataset(100)\ntrain_loader = DataLoader(train_ds, batch_size=8, shuffle=True)\n',
    },
    {
      name: "PyTorch Geometric's DataLoader over a slice of a TUDataset shuffled once (mutag_gin), MONAI's over a CacheDataset",
      code: 'from torch_geometric.datasets import TUDataset\nfrom torch_geometric.loader import DataLoader\n\ndataset = TUDataset("data", name="MUTAG").shuffle()\ntest_dataset = dataset[:len(dataset) // 10]\ntrain_dataset = dataset[len(dataset) // 10:]\ntrain_loader = DataLoader(train_dataset, batch_size=128)\n' + 'from monai.data import CacheDataset, DataLoader\n\ntrain_ds = CacheDataset(data=train_files, transform=train_transforms)\ntrain_loader2 = DataLoader(train_ds, batch_size=1)\n',
      errors: [{ line: 7, text: 'DataLoader' }, { line: 11, text: 'DataLoader' }],
      output: 'from torch_geometric.datasets import TUDataset\nfrom torch_geometric.loader import DataLoader\n\ndataset = TUDataset("data", name="MUTAG").shuffle()\ntest_dataset = dataset[:len(dataset) // 10]\ntrain_dataset = dataset[len(dataset) // 10:]\ntrain_loader = DataLoader(train_dataset, batch_size=128, shuffle=True)\n' + 'from monai.data import CacheDataset, DataLoader\n\ntrain_ds = CacheDataset(data=train_files, transform=train_transforms)\ntrain_loader2 = DataLoader(train_ds, batch_size=1, shuffle=True)\n',
    },
    {
      name: 'hard negative: a Lightning loader on one device, or with the sampler replacement off',
      code: 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom pytorch_lightning import LightningModule, Trainer\n\n\nclass Speech(LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def train_dataloader(self):\n        train_ds = TensorDataset(torch.randn(64, 4), torch.randint(0, 2, (64,)))\n        return DataLoader(train_ds, batch_size=8)\n\n\nTrainer(max_epochs=10, accelerator="gpu", devices=1).fit(Speech())\nTrainer(strategy="ddp", use_distributed_sampler=False).fit(Speech())\n',
      errors: [{ line: 12, text: 'DataLoader' }],
      output: 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom pytorch_lightning import LightningModule, Trainer\n\n\nclass Speech(LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def train_dataloader(self):\n        train_ds = TensorDataset(torch.randn(64, 4), torch.randint(0, 2, (64,)))\n        return DataLoader(train_ds, batch_size=8, shuffle=True)\n\n\nTrainer(max_epochs=10, accelerator="gpu", devices=1).fit(Speech())\nTrainer(strategy="ddp", use_distributed_sampler=False).fit(Speech())\n',
    },
    {
      name: 'MNIST train=True without shuffle',
      code: 'from torch.utils.data import DataLoader\nfrom torchvision import datasets, transforms\n\ntrain_set = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())\nloader = DataLoader(train_set, batch_size=64)\n',
      errors: [{ text: 'DataLoader', line: 5, message: '`loader` does not shuffle' }],
      output: 'from torch.utils.data import DataLoader\nfrom torchvision import datasets, transforms\n\ntrain_set = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())\nloader = DataLoader(train_set, batch_size=64, shuffle=True)\n',
    },
    {
      name: 'named train_loader over a TensorDataset; multi-line call with a trailing comma',
      code: HEAD + 'train_loader = DataLoader(\n    train_ds,\n    batch_size=32,\n    num_workers=2,\n)\n',
      errors: [{ line: 5 }],
      output: HEAD + 'train_loader = DataLoader(\n    train_ds,\n    batch_size=32,\n    num_workers=2,\n    shuffle=True,\n)\n',
    },
    {
      name: 'role from use: a training loop iterates it; a project Dataset with __getitem__',
      code: MY_DATA + 'import torch.nn as nn\nmodel = nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nloader = DataLoader(Pairs(), batch_size=8)\nfor epoch in range(3):\n    for x, y in loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n',
      errors: [{ text: 'DataLoader' }],
      output: MY_DATA + 'import torch.nn as nn\nmodel = nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nloader = DataLoader(Pairs(), batch_size=8, shuffle=True)\nfor epoch in range(3):\n    for x, y in loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n',
    },
    {
      name: "a project dataset built with phase='train'",
      code: MY_DATA + 'loader = DataLoader(Pairs(phase="train"), batch_size=8)\n',
      errors: [{ text: 'DataLoader' }],
      output: MY_DATA + 'loader = DataLoader(Pairs(phase="train"), batch_size=8, shuffle=True)\n',
    },
    {
      name: "Hugging Face split='train'",
      code: 'from datasets import load_dataset\nfrom torch.utils.data import DataLoader\n\nds = load_dataset("imdb", split="train")\ndl = DataLoader(ds, batch_size=16)\n',
      errors: [{ message: '`dl` does not shuffle' }],
      output: 'from datasets import load_dataset\nfrom torch.utils.data import DataLoader\n\nds = load_dataset("imdb", split="train")\ndl = DataLoader(ds, batch_size=16, shuffle=True)\n',
    },
    {
      name: "ImageFolder on a 'train' directory, returned by a Lightning-style train_dataloader()",
      code: 'import os\nfrom torch.utils.data import DataLoader\nfrom torchvision.datasets import ImageFolder\n\nclass Data:\n    def train_dataloader(self):\n        return DataLoader(ImageFolder(os.path.join(self.root, "train")), batch_size=32, num_workers=4)\n',
      errors: [{ message: '`train_dataloader` does not shuffle' }],
      output: 'import os\nfrom torch.utils.data import DataLoader\nfrom torchvision.datasets import ImageFolder\n\nclass Data:\n    def train_dataloader(self):\n        return DataLoader(ImageFolder(os.path.join(self.root, "train")), batch_size=32, num_workers=4, shuffle=True)\n',
    },
    {
      name: 'parts unpacked from random_split: the split shuffles once, not every epoch',
      code: 'import torch\nfrom torch.utils.data import DataLoader, random_split\nfrom torchvision.datasets import MNIST\n\nfull = MNIST("data", train=True)\ntrain_ds, val_ds = random_split(full, [55000, 5000])\ntrain_loader = DataLoader(train_ds, batch_size=64)\nval_loader = DataLoader(val_ds, batch_size=64)\n',
      errors: [{ line: 7, text: 'DataLoader', message: '`random_split` shuffles once, not every epoch' }],
      output: 'import torch\nfrom torch.utils.data import DataLoader, random_split\nfrom torchvision.datasets import MNIST\n\nfull = MNIST("data", train=True)\ntrain_ds, val_ds = random_split(full, [55000, 5000])\ntrain_loader = DataLoader(train_ds, batch_size=64, shuffle=True)\nval_loader = DataLoader(val_ds, batch_size=64)\n',
    },
    {
      name: 'a LightningDataModule unpacking random_split into attributes (the Lightning MNIST template)',
      code: 'import lightning.pytorch as pl\nfrom torch import utils\nfrom torchvision.datasets import MNIST\n\n\nclass Data(pl.LightningDataModule):\n    def setup(self, stage):\n        if stage == "fit":\n            full = MNIST("data", train=True)\n            self.mnist_train, self.mnist_val = utils.data.random_split(full, [55000, 5000])\n\n    def train_dataloader(self):\n        return utils.data.DataLoader(self.mnist_train, batch_size=32)\n\n    def val_dataloader(self):\n        return utils.data.DataLoader(self.mnist_val, batch_size=32)\n',
      errors: [{ line: 13, message: '`train_dataloader` does not shuffle' }],
      output: 'import lightning.pytorch as pl\nfrom torch import utils\nfrom torchvision.datasets import MNIST\n\n\nclass Data(pl.LightningDataModule):\n    def setup(self, stage):\n        if stage == "fit":\n            full = MNIST("data", train=True)\n            self.mnist_train, self.mnist_val = utils.data.random_split(full, [55000, 5000])\n\n    def train_dataloader(self):\n        return utils.data.DataLoader(self.mnist_train, batch_size=32, shuffle=True)\n\n    def val_dataloader(self):\n        return utils.data.DataLoader(self.mnist_val, batch_size=32)\n',
    },
    {
      name: 'a part taken by index from random_split',
      code: 'import torch\nfrom torch.utils.data import DataLoader, random_split\nfrom torchvision.datasets import MNIST\n\nfull = MNIST("data", train=True)\nparts = random_split(full, [0.9, 0.1])\ntrain_loader = DataLoader(parts[0], batch_size=64)\n',
      errors: [{ line: 7, message: '`random_split` shuffles once' }],
      output: 'import torch\nfrom torch.utils.data import DataLoader, random_split\nfrom torchvision.datasets import MNIST\n\nfull = MNIST("data", train=True)\nparts = random_split(full, [0.9, 0.1])\ntrain_loader = DataLoader(parts[0], batch_size=64, shuffle=True)\n',
    },
  ],
});

describe('NR101 fix safety', () => {
  const shared = "import numpy as np\nimport torch\nimport torch.nn as nn\nfrom sklearn.metrics import roc_auc_score\nfrom torch.utils.data import DataLoader, TensorDataset\n\ntorch.manual_seed(0)\n\n\ndef run_epoch(model, windows, optimizer, training=True):\n    loader = DataLoader(TensorDataset(windows), batch_size=128)\n    loss_fn = nn.MSELoss(reduction=\"none\")\n    if training:\n        model.train()\n        for (x,) in loader:\n            optimizer.zero_grad()\n            loss = loss_fn(model(x), x).mean()\n            loss.backward()\n            optimizer.step()\n        return None\n    scores = []\n    for (x,) in loader:\n        scores.append(loss_fn(model(x), x).mean(dim=1).detach())\n    return torch.cat(scores).numpy()\n\n\ntrain_windows = torch.randn(1000, 20)\ntest_windows = torch.randn(500, 20)\ntest_labels = np.random.randint(0, 2, 500)  # one label per test window, in time order\nmodel = nn.Sequential(nn.Linear(20, 8), nn.ReLU(), nn.Linear(8, 20))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\nfor epoch in range(5):\n    run_epoch(model, train_windows, optimizer, training=True)\nmodel.eval()\nscores = run_epoch(model, test_windows, optimizer, training=False)\nprint(roc_auc_score(test_labels, scores))\n";
  const safety = (code: string): string[] => analyzeCase({ code }).result.findings.filter((f) => f.code === 'NR101').flatMap((f) => f.fixes.map((x) => x.safety));
  it("is only a suggestion for a loader a loop that trains nothing iterates too (review 150)", () => {
    assert.deepEqual(safety(shared), ['suggestion']);
  });
  it('is safe for a loader only the training iterates', () => {
    const alone = shared.replace('    scores = []\n    for (x,) in loader:\n', '    scores = []\n    for (x,) in DataLoader(TensorDataset(windows), batch_size=128):\n');
    assert.notEqual(alone, shared);
    assert.deepEqual(safety(alone), ['safe']);
  });
});

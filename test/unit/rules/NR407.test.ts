import { ruleTester } from '../../support/rule-tester';

const LOOP = `for x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`;
const BAD = `from torchvision import datasets, transforms\n\ntrain_transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])\n${LOOP}`;

/** A dataset class of the project; `flip` is the body's first lines of `__getitem__`. */
const faces = (flip: string): string =>
  `import numpy as np\nimport cv2\nimport torch\nfrom torch.utils.data import Dataset, DataLoader\nfrom torchvision import transforms\n\n\nclass Faces(Dataset):\n    def __init__(self, imgs, labels, transform):\n        self.imgs, self.labels, self.transform = imgs, labels, transform\n\n    def __getitem__(self, i):\n        img = self.imgs[i]\n${flip}        return self.transform(img), self.labels[i]\n\n    def __len__(self):\n        return len(self.imgs)\n\n\n`;
const FACES_TRAIN = `transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])\ntrainset = Faces(IMGS, LABELS, transform)\nloader = DataLoader(trainset, batch_size=64, shuffle=True)\n`;

ruleTester('NR407', {
  valid: [
    {
      name: "a dataset that applies its one transform to both halves of a pair (a clean image and its noisy copy from disk): random crops or flips there would no longer match (review 150)",
      code: "import glob\nimport cv2\nimport torch\nimport torch.nn as nn\nfrom torch.utils.data import Dataset, DataLoader\nfrom torchvision import transforms\n\n\nclass PairDataset(Dataset):\n    def __init__(self, root, transform):\n        self.clean = sorted(glob.glob(root + \"/imgs/*\"))\n        self.noisy = sorted(glob.glob(root + \"/noisy/*\"))\n        self.transform = transform\n\n    def __getitem__(self, i):\n        img = self.transform(cv2.imread(self.clean[i], 0))\n        noisy = self.transform(cv2.imread(self.noisy[i], 0))\n        return img, noisy\n\n    def __len__(self):\n        return len(self.clean)\n\n\ntorch.manual_seed(0)\ntransform = transforms.Compose([transforms.ToPILImage(), transforms.ToTensor()])\ntrain_loader = DataLoader(PairDataset(\"data/train\", transform), batch_size=32, shuffle=True)\nval_loader = DataLoader(PairDataset(\"data/val\", transform), batch_size=32, shuffle=False)\n\nmodel = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 1, 3, padding=1))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\nloss_fn = nn.MSELoss()\nbest = float(\"inf\")\nfor epoch in range(20):\n    model.train()\n    for imgs, noisy in train_loader:\n        optimizer.zero_grad()\n        loss = loss_fn(model(noisy), imgs)\n        loss.backward()\n        optimizer.step()\n    model.eval()\n    with torch.no_grad():\n        val = sum(loss_fn(model(n), c).item() for c, n in val_loader)\n    if val < best:\n        best = val\n        torch.save(model.state_dict(), \"best.pt\")\n",
      stage: 4,
    },
    {
      name: "the same paired dataset in the project's datasets.py (not Hugging Face's `datasets`)",
      code: "import torch\nimport torch.nn as nn\nfrom torch.utils.data import DataLoader\nfrom torchvision import transforms\n\n\nfrom datasets import PairDataset\n\n\ntorch.manual_seed(0)\ntransform = transforms.Compose([transforms.ToPILImage(), transforms.ToTensor()])\ntrain_loader = DataLoader(PairDataset(\"data/train\", transform), batch_size=32, shuffle=True)\nval_loader = DataLoader(PairDataset(\"data/val\", transform), batch_size=32, shuffle=False)\n\nmodel = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 1, 3, padding=1))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\nloss_fn = nn.MSELoss()\nbest = float(\"inf\")\nfor epoch in range(20):\n    model.train()\n    for imgs, noisy in train_loader:\n        optimizer.zero_grad()\n        loss = loss_fn(model(noisy), imgs)\n        loss.backward()\n        optimizer.step()\n    model.eval()\n    with torch.no_grad():\n        val = sum(loss_fn(model(n), c).item() for c, n in val_loader)\n    if val < best:\n        best = val\n        torch.save(model.state_dict(), \"best.pt\")\n",
      files: { 'datasets.py': "import glob\nimport cv2\nfrom torch.utils.data import Dataset\n\n\nclass PairDataset(Dataset):\n    def __init__(self, root, transform):\n        self.clean = sorted(glob.glob(root + \"/imgs/*\"))\n        self.noisy = sorted(glob.glob(root + \"/noisy/*\"))\n        self.transform = transform\n\n    def __getitem__(self, i):\n        img = self.transform(cv2.imread(self.clean[i], 0))\n        noisy = self.transform(cv2.imread(self.noisy[i], 0))\n        return img, noisy\n\n    def __len__(self):\n        return len(self.clean)\n" },
      stage: 4,
    },
    {
      name: "a deterministic pipeline over the training split in an evaluation function (test() measures the training accuracy), the training's pipelines chosen by --aug (a siamese network)",
      code: "import argparse\nimport torch\nimport torch.nn.functional as F\nfrom torch.utils.data import DataLoader\nfrom torchvision import transforms\nfrom LFWDataset import LFWDataset\nfrom SiameseNet import SiameseNet\nfrom ContrastiveLoss import ContrastiveLoss\nfrom augmentation import augmentation\n\n\ndef train(aug):\n    torch.manual_seed(0)\n    net = SiameseNet()\n    if aug:\n        trainset = LFWDataset(train=True, transform=transforms.Compose([augmentation, transforms.Resize((128, 128)), transforms.ToTensor()]))\n    else:\n        trainset = LFWDataset(train=True, transform=transforms.Compose([transforms.Resize((128, 128)), transforms.ToTensor()]))\n    trainloader = DataLoader(trainset, batch_size=64, shuffle=True)\n    criterion = ContrastiveLoss()\n    optimizer = torch.optim.AdamW(net.parameters(), lr=3e-4)\n    for epoch in range(10):\n        for img0, img1, label in trainloader:\n            optimizer.zero_grad()\n            out1, out2 = net(img0, img1)\n            loss = criterion(out1, out2, label)\n            loss.backward()\n            optimizer.step()\n    torch.save(net.state_dict(), \"model\")\n\n\ndef test():\n    net = SiameseNet()\n    net.load_state_dict(torch.load(\"model\"))\n    net.eval()\n    # accuracy on the train set\n    trainset = LFWDataset(train=True, transform=transforms.Compose([transforms.Resize((128, 128)), transforms.ToTensor()]))\n    trainloader = DataLoader(trainset, batch_size=64)\n    right = 0\n    with torch.no_grad():\n        for img0, img1, label in trainloader:\n            out1, out2 = net(img0, img1)\n            dist = F.pairwise_distance(out1, out2)\n            right += ((dist < 10).long() == label).sum().item()\n    print(right)\n\n\nif __name__ == \"__main__\":\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--aug', action='store_true')\n    parser.add_argument('--save', action='store_true')\n    args = parser.parse_args()\n    if args.save:\n        train(args.aug)\n    else:\n        test()\n",
      stage: 4,
    },
    {
      name: 'a MONAI training pipeline without random transforms: MONAI pipelines are not checked (its transforms are not all known)',
      code: 'import torch\nfrom monai.transforms import Compose, LoadImaged, ScaleIntensityd\nfrom monai.data import Dataset, DataLoader\n\ntrain_transforms = Compose([LoadImaged(keys="image"), ScaleIntensityd(keys="image")])\ntrain_ds = Dataset(data=files, transform=train_transforms)\nloader = DataLoader(train_ds, batch_size=2, shuffle=True)\n' + LOOP,
      stage: 4,
    },
    {
      name: 'a dataset class of the file that flips at random in __getitem__ (Face_Pytorch: np.random.choice(2), cv2.flip)',
      code: faces('        if np.random.choice(2) == 1:\n            img = cv2.flip(img, 1)\n') + FACES_TRAIN + LOOP,
      stage: 4,
    },
    {
      name: 'the same dataset class in another file of the project, with random.random()',
      code: `import torch\nfrom torch.utils.data import DataLoader\nfrom torchvision import transforms\nfrom data.faces import Faces\n\n${FACES_TRAIN}${LOOP}`,
      files: { 'data/faces.py': faces('        if random.random() < 0.5:\n            img = img[:, ::-1]\n').replace('import numpy as np\n', 'import random\n') },
      stage: 4,
    },
    {
      name: 'hard negative: a single random transform, a Lambda, or a test dataset, handed without a Compose',
      code: `import torch\nfrom torchvision import datasets, transforms\n\ntrain_set = datasets.CIFAR10("data", train=True, transform=transforms.RandomCrop(32, padding=4))\nother = datasets.MNIST("data", train=True, transform=transforms.Lambda(lambda x: x))\ntest_set = datasets.MNIST("data", train=False, transform=transforms.ToTensor())\n${LOOP}`,
      stage: 4,
    },
    {
      name: 'a VAE on MNIST (labels thrown away; the model built from another file, and its latent statistics unpacked)',
      code: `import torch\nfrom torchvision import datasets, transforms\nfrom model import VAE\n\ntrain_transform = transforms.Compose([transforms.ToTensor()])\nvae = VAE(784, 512, 20)\nfor x, _ in loader:\n    optimizer.zero_grad()\n    recon, mu, log_var = vae(x)\n    loss_fn(recon, x, mu, log_var).backward()\n    optimizer.step()\n`,
      stage: 4,
    },
    {
      name: 'an autoencoder class of the file',
      code: `import torch\nfrom torch import nn\nfrom torchvision import transforms\n\n\nclass ConvAutoencoder(nn.Module):\n    pass\n\n\ntrain_transform = transforms.Compose([transforms.ToTensor()])\n${LOOP}`,
      stage: 4,
    },
    {
      name: 'a denoising autoencoder: fresh noise added to the inputs in the training loop is the task',
      code: `import torch\nfrom torchvision import datasets, transforms\n\ntrain_transform = transforms.Compose([transforms.ToTensor()])\nfor x, _ in loader:\n    noisy = (x + 0.5 * torch.randn_like(x)).clamp(0, 1)\n    optimizer.zero_grad()\n    criterion(model(noisy), x).backward()\n    optimizer.step()\n`,
      stage: 4,
    },
    {
      name: "a score model's denoising score matching: the noise drawn in the loss function the loop calls (NCSN; review 115)",
      code: `import torch\nimport torch.nn.functional as F\nfrom torchvision import datasets, transforms\n\n\ndef score_matching_loss(model, x, sigmas):\n    idx = torch.randint(0, len(sigmas), (x.shape[0],))\n    sigma = sigmas[idx].view(-1, 1, 1, 1)\n    noise = torch.randn_like(x)\n    return F.mse_loss(sigma * model(x + sigma * noise, idx), -noise)\n\n\ntrain_transform = transforms.Compose([transforms.ToTensor()])\nfor x, _ in loader:\n    optimizer.zero_grad()\n    score_matching_loss(model, x, sigmas).backward()\n    optimizer.step()\n`,
      stage: 4,
    },
    {
      name: 'a GAN: augmenting the real images would teach the generator the augmentations (WGAN-GP)',
      code: `from torchvision import datasets, transforms\n\ndataloader = DataLoader(datasets.MNIST("data", train=True, transform=transforms.Compose([transforms.Resize(28), transforms.ToTensor()])), batch_size=64, shuffle=True)\ngenerator = Generator()\ndiscriminator = Discriminator()\nfor imgs, _ in dataloader:\n    optimizer_D.zero_grad()\n    d_loss = -torch.mean(discriminator(imgs)) + torch.mean(discriminator(generator(z)))\n    d_loss.backward()\n    optimizer_D.step()\n`,
      stage: 4,
    },
    {
      name: 'random crops and flips',
      code: `from torchvision import transforms\n\ntrain_transform = transforms.Compose([transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip(), transforms.ToTensor()])\n${LOOP}`,
      stage: 4,
    },
    { name: 'an evaluation pipeline needs no augmentation', code: `from torchvision import transforms\n\nval_transform = transforms.Compose([transforms.ToTensor()])\n${LOOP}`, stage: 4 },
    {
      name: 'a custom transform may augment',
      code: `from torchvision import transforms\n\ntrain_transform = transforms.Compose([MyJitter(), transforms.ToTensor()])\n${LOOP}`,
      stage: 4,
    },
    {
      name: 'augmentation on the batch elsewhere in the file (kornia)',
      code: `import kornia.augmentation as K\nfrom torchvision import transforms\n\ntrain_transform = transforms.Compose([transforms.ToTensor()])\naug = K.RandomHorizontalFlip()\n${LOOP}`,
      stage: 4,
    },
    { name: 'not a training script', code: `from torchvision import transforms\n\ntrain_transform = transforms.Compose([transforms.ToTensor()])\n`, stage: 4 },
    { name: 'a file with a syntax error', code: BAD + 'x = (\n', stage: 4 },
    {
      name: 'random flips written by hand in the training loop (`if random.random() < 0.5: x = x.flip(3)`): it augments',
      code: BAD.replace('for x, y in loader:\n', 'import random\nfor x, y in loader:\n    if random.random() < 0.5:\n        x = x.flip(3)\n'),
      stage: 4,
    },
    { name: 'stage 3: no augmentation yet is right', code: BAD, stage: 3 },
    { name: 'stage 2', code: BAD, stage: 2 },
    { name: 'stage unknown', code: BAD },
  ],
  invalid: [
    { name: 'hard negative: a flip with no random draw (the same every time) does not count', code: BAD.replace('for x, y in loader:\n', 'for x, y in loader:\n    if x.shape[0] > 1:\n        x = x.flip(3)\n'), stage: 4, errors: [{ line: 3, text: 'transforms.Compose' }] },
    {
      name: 'hard negative of the paired dataset: the transform applied to the image alone, with a label (review 150)',
      code: "import glob\nimport cv2\nimport torch\nimport torch.nn as nn\nfrom torch.utils.data import Dataset, DataLoader\nfrom torchvision import transforms\n\n\nclass PairDataset(Dataset):\n    def __init__(self, root, transform):\n        self.clean = sorted(glob.glob(root + \"/imgs/*\"))\n        self.noisy = sorted(glob.glob(root + \"/noisy/*\"))\n        self.transform = transform\n\n    def __getitem__(self, i):\n        img = self.transform(cv2.imread(self.clean[i], 0))\n        return img, int(self.noisy[i].endswith('1.png'))\n\n    def __len__(self):\n        return len(self.clean)\n\n\ntorch.manual_seed(0)\ntransform = transforms.Compose([transforms.ToPILImage(), transforms.ToTensor()])\ntrain_loader = DataLoader(PairDataset(\"data/train\", transform), batch_size=32, shuffle=True)\nval_loader = DataLoader(PairDataset(\"data/val\", transform), batch_size=32, shuffle=False)\n\nmodel = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 1, 3, padding=1))\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\nloss_fn = nn.CrossEntropyLoss()\nbest = float(\"inf\")\nfor epoch in range(20):\n    model.train()\n    for imgs, noisy in train_loader:\n        optimizer.zero_grad()\n        loss = loss_fn(model(noisy), imgs)\n        loss.backward()\n        optimizer.step()\n    model.eval()\n    with torch.no_grad():\n        val = sum(loss_fn(model(n), c).item() for c, n in val_loader)\n    if val < best:\n        best = val\n        torch.save(model.state_dict(), \"best.pt\")\n",
      stage: 4,
      errors: [{ line: 24, message: 'these training transforms are all deterministic' }],
    },
    {
      name: 'hard negative: the same pipeline in a function that is no evaluation',
      code: "import argparse\nimport torch\nimport torch.nn.functional as F\nfrom torch.utils.data import DataLoader\nfrom torchvision import transforms\nfrom LFWDataset import LFWDataset\nfrom SiameseNet import SiameseNet\nfrom ContrastiveLoss import ContrastiveLoss\nfrom augmentation import augmentation\n\n\ndef train(aug):\n    torch.manual_seed(0)\n    net = SiameseNet()\n    if aug:\n        trainset = LFWDataset(train=True, transform=transforms.Compose([augmentation, transforms.Resize((128, 128)), transforms.ToTensor()]))\n    else:\n        trainset = LFWDataset(train=True, transform=transforms.Compose([transforms.Resize((128, 128)), transforms.ToTensor()]))\n    trainloader = DataLoader(trainset, batch_size=64, shuffle=True)\n    criterion = ContrastiveLoss()\n    optimizer = torch.optim.AdamW(net.parameters(), lr=3e-4)\n    for epoch in range(10):\n        for img0, img1, label in trainloader:\n            optimizer.zero_grad()\n            out1, out2 = net(img0, img1)\n            loss = criterion(out1, out2, label)\n            loss.backward()\n            optimizer.step()\n    torch.save(net.state_dict(), \"model\")\n\n\ndef build():\n    net = SiameseNet()\n    net.load_state_dict(torch.load(\"model\"))\n    net.eval()\n    # accuracy on the train set\n    trainset = LFWDataset(train=True, transform=transforms.Compose([transforms.Resize((128, 128)), transforms.ToTensor()]))\n    trainloader = DataLoader(trainset, batch_size=64)\n    right = 0\n    with torch.no_grad():\n        for img0, img1, label in trainloader:\n            out1, out2 = net(img0, img1)\n            dist = F.pairwise_distance(out1, out2)\n            right += ((dist < 10).long() == label).sum().item()\n    print(right)\n\n\nif __name__ == \"__main__\":\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--aug', action='store_true')\n    parser.add_argument('--save', action='store_true')\n    args = parser.parse_args()\n    if args.save:\n        train(args.aug)\n    else:\n        build()\n",
      stage: 4,
      errors: [{ line: 37, text: 'transforms.Compose' }],
    },
    {
      name: 'one transform default read by two datasets of two branches (SSDSNN): one finding, not one per dataset',
      code: 'import torch\nfrom torch import nn\nfrom torchvision import datasets, transforms\n\ntorch.manual_seed(0)\n\n\ndef dataset_loader(name, Trans=transforms.ToTensor()):\n    if name == \'mnist\':\n        train_set = datasets.MNIST(root=\'.\', train=True, transform=Trans, download=True)\n        test_set = datasets.MNIST(root=\'.\', train=False, transform=Trans, download=True)\n    elif name == \'fmnist\':\n        train_set = datasets.FashionMNIST(root=\'.\', train=True, transform=Trans, download=True)\n        test_set = datasets.FashionMNIST(root=\'.\', train=False, transform=Trans, download=True)\n    train_iter = torch.utils.data.DataLoader(train_set, batch_size=100, shuffle=True)\n    test_iter = torch.utils.data.DataLoader(test_set, batch_size=100, shuffle=False)\n    return train_iter, test_iter\n\n\ntrain_data, test_data = dataset_loader(\'mnist\')\nnet = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))\nopt = torch.optim.AdamW(net.parameters(), lr=1e-3)\nfor epoch in range(3):\n    net.train()\n    for x, y in train_data:\n        opt.zero_grad()\n        loss = nn.functional.cross_entropy(net(x), y)\n        loss.backward()\n        opt.step()\n',
      stage: 4,
      errors: [{ line: 8, text: 'transforms.ToTensor' }],
    },
    {
      name: 'hard negative: a dataset class whose items are made without drawing anything; a random draw outside any dataset',
      code: faces('') + FACES_TRAIN + 'noise_level = np.random.uniform(0, 1)\n' + LOOP,
      stage: 4,
      errors: [{ line: 20, text: 'transforms.Compose', message: 'these training transforms are all deterministic' }],
    },
    {
      name: 'a single deterministic transform handed to a torchvision training dataset, no Compose (yunjey, rasbt)',
      code: `import torch\nfrom torchvision import datasets, transforms\n\ntrain_set = datasets.MNIST("data", train=True, transform=transforms.ToTensor(), download=True)\ntest_set = datasets.MNIST("data", train=False, transform=transforms.ToTensor())\n${LOOP}`,
      stage: 4,
      errors: [{ line: 4, text: 'transforms.ToTensor', message: 'its only transform is deterministic' }],
    },
    {
      name: 'hard negative: a classifier whose file saves its model (a name with "ave" in it is no VAE)',
      code: `import torch\nfrom torchvision import transforms\n\ntrain_transform = transforms.Compose([transforms.ToTensor()])\n${LOOP}save_model(model)\nmu = x.mean()\n`,
      stage: 4,
      errors: [{ line: 4, text: 'transforms.Compose' }],
    },
    {
      name: 'hard negative: a loss function the loop calls that draws no noise',
      code: `import torch\nimport torch.nn.functional as F\nfrom torchvision import datasets, transforms\n\n\ndef loss_fn(model, x, y):\n    return F.cross_entropy(model(x), y)\n\n\ntrain_transform = transforms.Compose([transforms.ToTensor()])\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss_fn(model, x, y).backward()\n    optimizer.step()\n`,
      stage: 4,
      errors: [{ line: 10, text: 'transforms.Compose' }],
    },
    {
      name: 'hard negative: noise drawn outside the training loop (fixed noise for sampling)',
      code: `import torch\nfrom torchvision import datasets, transforms\n\ntrain_transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])\nfixed = torch.randn(16, 100)\n${LOOP}`,
      stage: 4,
      errors: [{ line: 4, text: 'transforms.Compose' }],
    },
    { name: 'deterministic training transforms, stage 4', code: BAD, stage: 4, errors: [{ line: 3, text: 'transforms.Compose', message: 'In stage 4 (regularize), augment the training data' }] },
    {
      name: 'one transform for both splits, used with train=True, stage 5',
      code: `import torchvision\nimport torchvision.transforms as T\n\ntf = T.Compose([T.Resize(32), T.ToTensor()])\ntrain_set = torchvision.datasets.CIFAR10("data", train=True, transform=tf)\ntest_set = torchvision.datasets.CIFAR10("data", train=False, transform=tf)\n${LOOP}`,
      stage: 5,
      errors: [{ line: 4, message: 'In stage 5 (tune)' }],
    },
    {
      name: 'albumentations without random transforms',
      code: `import albumentations as A\n\ntrain_aug = A.Compose([A.Resize(224, 224), A.Normalize()])\n${LOOP}`,
      stage: 6,
      errors: [{ text: 'A.Compose' }],
    },
  ],
});

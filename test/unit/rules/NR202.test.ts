import { ruleTester } from '../../support/rule-tester';

/** albumentations' tutorial: a pipeline handed to a dataset of the file, which module-level code then builds. */
const DEMO_HEAD = `import os
import albumentations as A
from torch.utils.data import Dataset


class ImageFolder(Dataset):
    def __init__(self, root, transform=None):
        self.files = os.listdir(root)
        self.transform = transform

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        return self.transform(image=load(self.files[i]))["image"], 0


transform = A.Compose([A.RandomCrop(width=128, height=128), A.HorizontalFlip(p=0.5)])
dataset = ImageFolder("cat_dogs", transform=transform)
`;

/** The pipeline UDA applies to unlabelled batches, built at the top of a file. */
const STRONG = 'import torch\nfrom torch import nn\nfrom torchvision import transforms\n\nstrong = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.ColorJitter(0.4, 0.4, 0.4)])\n';

/** Hard negatives for the demo (DEMO_HEAD, then what the file does with the dataset): reported at the pipeline. */
const DEMO_REPORTED: [string, string][] = [
  ['the same dataset handed to a DataLoader', 'loader = DataLoader(dataset, batch_size=4)\nfor x, y in dataset:\n    print(x.shape)\n'],
  ['a data module that builds the dataset for another file (not iterated here)', ''],
  ['the dataset handed to a function of the project (train(dataset))', 'train(dataset)\nfor x, y in dataset:\n    print(x.shape)\n'],
  ['the file trains on the dataset it iterates', 'import torch\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(model.parameters())\nfor x, y in dataset:\n    loss = torch.nn.functional.cross_entropy(model(x), y)\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n'],
  ['the dataset iterated inside a function the file calls', 'def show():\n    for x, y in dataset:\n        print(x.shape)\n\n\nshow()\n'],
];

/** Hard negatives for the second view (STRONG, then the training): reported at the pipeline. */
const VIEW_REPORTED: [string, string][] = [
  ['handed to a function of the file that trains on the augmented batch only', '\n\ndef train(model, loader, tf):\n    for x, y in loader:\n        out = model(tf(x))\n        nn.functional.cross_entropy(out, y).backward()\n        opt.step()\n\n\ntrain(model, loader, strong)\n'],
  ['a batch augmented in the loop and trained on (x = strong(x)), or read nowhere else', 'for x, y in loader:\n    opt.zero_grad()\n    x = strong(x)\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\nfor x, y in loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(strong(x)), y).backward()\n    opt.step()\n'],
  ['the same pipeline also handed to a training dataset', 'train_set = datasets.CIFAR10("data", train=True, transform=strong)\nfor (x, y), (u, _) in zip(sup_loader, unsup_loader):\n    p_clean = model(u)\n    p_aug = model(strong(u))\n'],
];

/** MONAI's dictionary transforms, as its BraTS tutorial builds them. */
const MONAI_HEAD = 'from monai.transforms import Compose, LoadImaged, RandSpatialCropd, RandCropByPosNegLabeld, RandFlipd, RandScaleIntensityd, NormalizeIntensityd\n\n';

/** Laplace's CIFAR helper: a pipeline picked by a conditional expression (`test`); `extra` reads it again. */
const picked = (test: string, extra = ''): string =>
  `from torchvision import datasets, transforms\n\n\ndef cifar10(train=True, augm_flag=True):\n    base = [transforms.ToTensor()]\n    transform_train = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.RandomCrop(32, padding=4)] + base)\n    transform_test = transforms.Compose(base)\n    transform_train = transforms.RandomChoice([transform_train, transform_test])\n    transform = transform_train if ${test} else transform_test\n${extra}    return datasets.CIFAR10("data", train=train, transform=transform)\n`;

const TRAIN_TF = `from torchvision import transforms as T

train_transform = T.Compose([
    T.RandomResizedCrop(224),
    T.RandomHorizontalFlip(),
    T.ToTensor(),
])
`;

/** Random crops and flips in a list of transforms, in a file that builds `build` from `models`. */
const FLIPS = (models: string, build: string): string =>
  `import torch\nimport torchvision.transforms as transforms\nfrom models import ${models}\n\n${build}\ntransforms_ = [transforms.Resize(286), transforms.RandomCrop(256), transforms.RandomHorizontalFlip(), transforms.ToTensor()]\n`;
const flipErrors = (line: number, advice: string) => [
  { line, text: 'transforms.RandomCrop(256)', message: `hides bugs in the noise. ${advice} (recipe 2.2).` },
  { line, text: 'transforms.RandomHorizontalFlip()', message: advice },
];

/** Kaggle's transform module (review 96): a pipeline of random crops and flips returned by `def ${name}()`. */
const KAGGLE_TF = (name: string): string =>
  `from albumentations import Compose, RandomResizedCrop, HorizontalFlip, Normalize\nfrom albumentations.pytorch import ToTensorV2\n\n\ndef ${name}():\n    return Compose([\n        RandomResizedCrop(512, 512),\n        HorizontalFlip(p=0.5),\n        Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),\n        ToTensorV2(),\n    ])\n`;

/** SRGAN's `data_utils.py`: the low-resolution input made from the random crop of the target (`ret` is the return). */
const SR_PAIRS = (hr: string, ret = 'return lr_image, hr_image'): string =>
  `from PIL import Image\nfrom torch.utils.data import Dataset\nfrom torchvision.transforms import Compose, RandomCrop, RandomHorizontalFlip, Resize, ToTensor\n\n\nclass TrainDatasetFromFolder(Dataset):\n    def __init__(self, files, crop_size, upscale_factor):\n        self.files = files\n        self.hr_transform = Compose([${hr}ToTensor()])\n        self.lr_transform = Compose([Resize(crop_size // upscale_factor), ToTensor()])\n\n    def __getitem__(self, index):\n        hr_image = self.hr_transform(Image.open(self.files[index]))\n        lr_image = self.lr_transform(hr_image)\n        ${ret}\n\n    def __len__(self):\n        return len(self.files)\n`;

/** lsq-net's `load_data`: the pipeline built under `test`, a choice of dataset or a switch. */
const BRANCHED = (test: string): string =>
  `import torchvision as tv\n\n\ndef load_data(dataset, data_dir, args):\n    if ${test}:\n        train_transform = tv.transforms.Compose([\n            tv.transforms.RandomHorizontalFlip(),\n            tv.transforms.ToTensor(),\n        ])\n        train_folder = tv.datasets.CIFAR10(data_dir, train=True, transform=train_transform)\n    else:\n        raise ValueError(dataset)\n    return train_folder\n`;

ruleTester('NR202', {
  valid: [
    { name: 'a MixUp collator class the file builds only behind its flag (`MixupCollator(10) if args.mixup else None`)', code: "import argparse\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, default_collate\nfrom torchvision import datasets\nfrom torchvision.transforms import v2\n\n\nclass MixupCollator:\n    def __init__(self, num_classes):\n        self.mix = v2.MixUp(alpha=0.2, num_classes=num_classes)\n\n    def __call__(self, batch):\n        return self.mix(*default_collate(batch))\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--mixup', action='store_true')\nargs = parser.parse_args()\ntorch.manual_seed(0)\ntrain_set = datasets.CIFAR10('data', train=True, transform=v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]))\ncollate = MixupCollator(10) if args.mixup else None\nloader = DataLoader(train_set, batch_size=128, shuffle=True, collate_fn=collate)\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    optimizer.step()\n", stage: 2 },
    { name: 'the same, built under `if args.mixup:`', code: "import argparse\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, default_collate\nfrom torchvision import datasets\nfrom torchvision.transforms import v2\n\n\nclass MixupCollator:\n    def __init__(self, num_classes):\n        self.mix = v2.MixUp(alpha=0.2, num_classes=num_classes)\n\n    def __call__(self, batch):\n        return self.mix(*default_collate(batch))\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--mixup', action='store_true')\nargs = parser.parse_args()\ntorch.manual_seed(0)\ntrain_set = datasets.CIFAR10('data', train=True, transform=v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]))\ncollate = None\nif args.mixup:\n    collate = MixupCollator(10)\nloader = DataLoader(train_set, batch_size=128, shuffle=True, collate_fn=collate)\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    optimizer.step()\n", stage: 2 },
    { name: 'the same inside `main(args)`', code: "import argparse\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, default_collate\nfrom torchvision import datasets\nfrom torchvision.transforms import v2\n\n\nclass MixupCollator:\n    def __init__(self, num_classes):\n        self.mix = v2.MixUp(alpha=0.2, num_classes=num_classes)\n\n    def __call__(self, batch):\n        return self.mix(*default_collate(batch))\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--mixup', action='store_true')\ntorch.manual_seed(0)\ntrain_set = datasets.CIFAR10('data', train=True, transform=v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]))\n\n\ndef main(args):\n    collate = None\n    if args.mixup:\n        collate = MixupCollator(10)\n    loader = DataLoader(train_set, batch_size=128, shuffle=True, collate_fn=collate)\n    model = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))\n    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n    for x, y in loader:\n        optimizer.zero_grad()\n        loss = nn.functional.cross_entropy(model(x), y)\n        loss.backward()\n        optimizer.step()\n\nmain(parser.parse_args())\n", stage: 2 },
    {
      name: 'a post-training quantization that only calibrates on the loader its pipeline feeds, under no_grad (review 146)',
      code: 'import torch\nimport torch.nn as nn\nfrom torchvision import datasets, transforms\n\ntorch.manual_seed(0)\n\ntrain_tf = transforms.Compose([\n    transforms.RandomResizedCrop(224),\n    transforms.RandomHorizontalFlip(),\n    transforms.ToTensor(),\n    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),\n])\ncalib_set = datasets.ImageFolder(\'data/train\', transform=train_tf)\ncalib_loader = torch.utils.data.DataLoader(calib_set, batch_size=32, shuffle=True)\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.quant = torch.quantization.QuantStub()\n        self.conv = nn.Conv2d(3, 8, 3, bias=False)\n        self.bn = nn.BatchNorm2d(8)\n        self.pool = nn.AdaptiveAvgPool2d(1)\n        self.fc = nn.Linear(8, 10)\n        self.dequant = torch.quantization.DeQuantStub()\n\n    def forward(self, x):\n        x = self.pool(torch.relu(self.bn(self.conv(self.quant(x)))))\n        return self.dequant(self.fc(x.flatten(1)))\n\n\nmodel = Net()\nmodel.load_state_dict(torch.load(\'float_model.pth\'))\nmodel.eval()\nmodel.qconfig = torch.quantization.get_default_qconfig(\'fbgemm\')\ntorch.quantization.prepare(model, inplace=True)\n\n# calibration: feed a few batches so the observers record activation ranges\nwith torch.no_grad():\n    for i, (images, _) in enumerate(calib_loader):\n        model(images)\n        if i >= 10:\n            break\n\ntorch.quantization.convert(model, inplace=True)\ntorch.jit.save(torch.jit.script(model), \'quantized.pth\')\n',
      stage: 2,
    },
    { name: 'hard negative: the same pipeline behind a switch of its own (`if args.augment:`)', code: BRANCHED('args.augment'), stage: 2 },
    { name: "hard negative: behind a string option that is no dataset's name (`args.aug == 'flip'`)", code: BRANCHED("args.aug == 'flip'"), stage: 2 },
    { name: "a random crop of the target that the input is made from samples patches (SRGAN's hr/lr pair; review 102)", code: SR_PAIRS('RandomCrop(crop_size), '), stage: 2 },
    { name: "a test-time augmentation for the submission's predictions (`get_inference_transforms()`; review 96)", code: KAGGLE_TF('get_inference_transforms'), stage: 2 },
    { name: 'a TTA pipeline named so', code: KAGGLE_TF('tta_transforms'), stage: 2 },
    {
      name: "the weak and strong pipelines of semi-supervised consistency training built in one file (FixMatch's config.py, review 82)",
      code: "from torchvision import transforms\n\nweak_transforms = transforms.Compose([\n    transforms.RandomHorizontalFlip(p=0.5),\n    transforms.ToTensor(),\n])\n\nstrong_transforms = transforms.Compose([\n    transforms.RandomHorizontalFlip(p=0.5),\n    transforms.ColorJitter(0.4, 0.4, 0.4, 0.1),\n    transforms.ToTensor(),\n])\n",
      stage: 2,
    },
    { name: "a pipeline read only behind a flag in a conditional expression, through RandomChoice (Laplace's `if (augm_flag and train)`)", code: picked('(augm_flag and train)'), stage: 2 },
    {
      name: 'the same through a parameter of a function of the file it is handed to (UDA: train(…, unsuptransform))',
      code: 'import torch\nfrom torch import nn\nfrom torchvision import transforms\n\nstrong = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.ColorJitter(0.4, 0.4, 0.4)])\n\n\ndef train(model, loader, unsuptransform):\n    for u, _ in loader:\n        clean = model(u.cuda())\n        aug = model(unsuptransform(u).cuda())\n        loss = kl(aug, clean)\n        loss.backward()\n        opt.step()\n\n\ntrain(model, unsup_loader, strong)\n',
      stage: 2,
    },
    {
      name: "the second view of an unlabelled batch for a consistency loss (UDA): the batch is also used as it is",
      code: 'import torch\nfrom torch import nn\nfrom torchvision import transforms\n\nstrong = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.ColorJitter(0.4, 0.4, 0.4)])\nfor (x, y), (u, _) in zip(sup_loader, unsup_loader):\n    opt.zero_grad()\n    with torch.no_grad():\n        p_clean = torch.softmax(model(u), dim=1)\n    p_aug = torch.log_softmax(model(strong(u)), dim=1)\n    loss = nn.functional.cross_entropy(model(x), y) + kl(p_aug, p_clean)\n    loss.backward()\n    opt.step()\n',
      stage: 2,
    },
    {
      name: "an augmentation demo with its own Dataset class: the dataset only iterated and printed by module-level code (albumentations' tutorial)",
      code: DEMO_HEAD + 'print(len(dataset))\nfor x, y in dataset:\n    print(x.shape)\n',
      stage: 2,
    },
    {
      name: 'the same demo iterating enumerate(dataset)',
      code: DEMO_HEAD + 'for i, (x, y) in enumerate(dataset):\n    print(i, x.shape)\n',
      stage: 2,
    },
    {
      name: 'an augmentation demo: the pipeline applied to a sample, nothing trained, no data loaded',
      code: 'import numpy as np\nimport albumentations as A\n\ntransform = A.Compose([A.HorizontalFlip(p=0.5)])\nimage = np.zeros((64, 64, 3), dtype=np.uint8)\nfor _ in range(3):\n    print(transform(image=image)["image"].shape)\n',
      stage: 2,
    },
    {
      name: "a module named for the transform it is (torchvision detection's RandomPhotometricDistort(nn.Module)): a building block",
      code: 'import torch\nfrom torch import nn\nimport torchvision.transforms as T\n\n\nclass RandomPhotometricDistort(nn.Module):\n    def __init__(self, p=0.5):\n        super().__init__()\n        self._brightness = T.ColorJitter(brightness=(0.875, 1.125))\n\n    def forward(self, image):\n        return self._brightness(image)\n',
      stage: 2,
    },
    {
      name: "hard negative: behind a flag, or a split test joined with one, or in the branch for the other splits",
      code: 'from albumentations import Compose, HorizontalFlip, RandomResizedCrop, Resize\n\n\ndef get_transform(is_train=True):\n    if is_train and args.augment:\n        return Compose([RandomResizedCrop(384, 384), HorizontalFlip(p=0.5)])\n    if args.augment:\n        return Compose([HorizontalFlip(p=0.5)])\n    if split == "train":\n        return Compose([Resize(384, 384)])\n    else:\n        return Compose([RandomResizedCrop(384, 384)])\n',
      stage: 2,
    },
    {
      name: 'a fixed rotation per task (rotated MNIST: RandomRotation(degrees=(r, r)), RandomAffine((30, 30))) is not augmentation',
      code: 'from torchvision import transforms as T\n\ntrain_tasks = []\nfor r in [0, 45, 90]:\n    train_transform = T.Compose([T.RandomRotation(degrees=(r, r)), T.ToTensor()])\n    train_tasks.append(train_transform)\ntrain_transform = T.Compose([T.RandomAffine((30, 30)), T.ToTensor()])\n',
      stage: 2,
    },
    {
      name: "a transform class of the project wrapping a library augmentation (class ColourJitter(T2.Transform)): a building block, not a pipeline",
      code: 'import torchvision.transforms.v2 as T2\n\n\nclass ColourJitter(T2.Transform):\n    def __init__(self, brightness=0.1):\n        super().__init__()\n        self._t = T2.ColorJitter(brightness, brightness, brightness)\n\n    def forward(self, img, target):\n        return self._t(img), target\n',
      stage: 2,
    },
    {
      name: 'a pipeline named for neither split, handed by name only to a test set (train=False)',
      code: `import torchvision\nimport torchvision.transforms as T\n\ntf = T.Compose([T.RandomCrop(32, padding=4), T.ToTensor()])\ntest_set = torchvision.datasets.CIFAR10("data", train=False, transform=tf)\n`,
      stage: 2,
    },
    {
      name: 'self-supervised multi-view training (DINO): the augmentations are the task',
      code: `from torchvision import transforms as T\n\n\nclass DataAugmentationDINO:\n    def __init__(self):\n        self.global_crop = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor()])\n        self.local_crop = T.Compose([T.RandomResizedCrop(96), T.RandomHorizontalFlip(), T.ToTensor()])\n\n    def __call__(self, image):\n        return [self.global_crop(image), self.local_crop(image)]\n\n\ndataset = ImageFolder("data/train", transform=DataAugmentationDINO())\n`,
      stage: 2,
    },
    // stage gating: the same pipeline is welcome from stage 3 on, and nothing runs when the stage is unknown
    { name: 'stage 4 (regularize): augmentation is the point', code: TRAIN_TF, stage: 4 },
    { name: 'stage 3 (overfit)', code: TRAIN_TF, stage: 3 },
    { name: 'stage unknown', code: TRAIN_TF },
    {
      name: 'an evaluation pipeline may use a random transform (test-time augmentation)',
      code: `from torchvision import transforms as T\n\nval_transform = T.Compose([T.RandomCrop(32), T.ToTensor()])\n`,
      stage: 2,
    },
    {
      name: 'deterministic transforms only',
      code: `from torchvision import transforms as T\n\ntrain_transform = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor()])\n`,
      stage: 2,
    },
    {
      name: 'p=0 switches the augmentation off',
      code: `from torchvision import transforms as T\n\ntrain_transform = T.Compose([T.RandomHorizontalFlip(p=0.0), T.ToTensor()])\n`,
      stage: 2,
    },
    {
      name: 'behind a flag it is one switch away from off',
      code: `from torchvision import transforms as T\n\nsteps = [T.ToTensor()]\nif args.augment:\n    steps.insert(0, T.RandomCrop(32, padding=4))\ntrain_transform = T.Compose(steps)\n`,
      stage: 2,
    },
    {
      name: 'ColorJitter() without arguments changes nothing',
      code: `from torchvision import transforms as T\n\ntrain_transform = T.Compose([T.ColorJitter(), T.ToTensor()])\n`,
      stage: 2,
    },
    {
      name: 'a class named like a transform but not from a transform library',
      code: `class RandomCrop:\n    pass\n\ntrain_transform = [RandomCrop()]\n`,
      stage: 2,
    },
    {
      name: "MONAI: a training pipeline whose only random transforms sample patches (RandSpatialCropd, RandCropByPosNegLabeld)",
      code: MONAI_HEAD + 'train_transform = Compose([\n    LoadImaged(keys=["image", "label"]),\n    RandSpatialCropd(keys=["image", "label"], roi_size=[128, 128, 64], random_size=False),\n    RandCropByPosNegLabeld(keys=["image", "label"], label_key="label", spatial_size=(96, 96, 96), pos=1, neg=1, num_samples=4),\n    NormalizeIntensityd(keys="image", nonzero=True),\n])\n',
      stage: 2,
    },
    {
      name: 'MONAI: random transforms switched off (prob=0), or in the validation pipeline',
      code: MONAI_HEAD + 'train_transform = Compose([LoadImaged(keys="image"), RandFlipd(keys="image", prob=0.0, spatial_axis=0)])\nval_transform = Compose([LoadImaged(keys="image"), RandFlipd(keys="image", prob=0.5, spatial_axis=0)])\n',
      stage: 2,
    },
    {
      name: "MONAI: a project's own transform class deriving from MONAI's base builds a random transform inside it",
      code: 'from monai.transforms import MapTransform, RandFlipd\n\n\nclass FlipBoth(MapTransform):\n    def __init__(self, keys):\n        super().__init__(keys)\n        self.flip = RandFlipd(keys=keys, prob=0.5)\n\n    def __call__(self, data):\n        return self.flip(data)\n',
      stage: 2,
    },
    {
      name: 'hard negative: a class of another library named like a MONAI random transform',
      code: 'from mylib.transforms import RandFlipd\n\ntrain_transform = [RandFlipd(keys="image", prob=0.5)]\n',
      stage: 2,
    },
    {
      name: "a test-time augmentation where predictions are made: under `torch.no_grad()` in `infer()` (MONAI's challenge baseline; review 129)",
      code: 'import torch\nfrom monai.transforms import RandGaussianNoised\n\n\ndef infer(net, infer_loader):\n    net.eval()\n    with torch.no_grad():\n        for infer_data in infer_loader:\n            preds = net(infer_data["image"])\n            for _ in range(4):\n                _img = RandGaussianNoised("image", prob=1.0, std=0.01)(infer_data)["image"]\n                preds = preds + net(_img)\n',
      stage: 2,
    },
    {
      name: 'a test-time augmentation in a function named for prediction, with gradients on',
      code: 'import torchvision.transforms as T\n\n\ndef predict_tta(model, image):\n    flipped = T.RandomHorizontalFlip(p=1.0)(image)\n    return (model(image) + model(flipped)) / 2\n',
      stage: 2,
    },
    {
      name: "a pipeline a helper builds, asked for only where predictions are made (`get_heavy_transforms()` in `def infer()` under `torch.no_grad()`: a TTA; cassava-kqu7, review 131)",
      code: 'import albumentations as A\n\n\ndef get_valid_transforms():\n    return A.Compose([A.Resize(224, 224), A.Normalize()])\n\n\ndef get_heavy_transforms():\n    return A.Compose([A.HorizontalFlip(p=0.5), A.VerticalFlip(p=0.5), A.Normalize()])\nimport numpy as np\nimport torch\n\n\ndef infer(models, test_loader):\n    preds = []\n    with torch.no_grad():\n        for img in test_loader:\n            heavy_transforms = get_heavy_transforms()\n            x = torch.from_numpy(heavy_transforms(image=img.numpy())[\'image\'])\n            preds.append(np.mean([m(x).softmax(dim=-1).numpy() for m in models], axis=0))\n    return preds\n',
      stage: 2,
    },
  ],
  invalid: [
    { name: 'hard case: the class also handed on as a class object in the function', code: "import argparse\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, default_collate\nfrom torchvision import datasets\nfrom torchvision.transforms import v2\n\n\nclass MixupCollator:\n    def __init__(self, num_classes):\n        self.mix = v2.MixUp(alpha=0.2, num_classes=num_classes)\n\n    def __call__(self, batch):\n        return self.mix(*default_collate(batch))\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--mixup', action='store_true')\ntorch.manual_seed(0)\ntrain_set = datasets.CIFAR10('data', train=True, transform=v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]))\n\n\ndef main(args):\n    collate = MixupCollator(10) if args.mixup else None\n    plain = MixupCollator\n    loader = DataLoader(train_set, batch_size=128, shuffle=True, collate_fn=collate)\n    model = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))\n    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n    for x, y in loader:\n        optimizer.zero_grad()\n        loss = nn.functional.cross_entropy(model(x), y)\n        loss.backward()\n        optimizer.step()\n\nmain(parser.parse_args())\n", stage: 2, errors: [{ line: 11 }] },
    { name: 'hard case: the MixUp collator class built unconditionally', code: "import argparse\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, default_collate\nfrom torchvision import datasets\nfrom torchvision.transforms import v2\n\n\nclass MixupCollator:\n    def __init__(self, num_classes):\n        self.mix = v2.MixUp(alpha=0.2, num_classes=num_classes)\n\n    def __call__(self, batch):\n        return self.mix(*default_collate(batch))\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--mixup', action='store_true')\nargs = parser.parse_args()\ntorch.manual_seed(0)\ntrain_set = datasets.CIFAR10('data', train=True, transform=v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]))\ncollate = MixupCollator(10)\nloader = DataLoader(train_set, batch_size=128, shuffle=True, collate_fn=collate)\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    optimizer.step()\n", stage: 2, errors: [{ line: 11, text: 'v2.MixUp(alpha=0.2, num_classes=num_classes)' }] },
    { name: 'hard case: the collator class built behind the flag and once more without it', code: "import argparse\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, default_collate\nfrom torchvision import datasets\nfrom torchvision.transforms import v2\n\n\nclass MixupCollator:\n    def __init__(self, num_classes):\n        self.mix = v2.MixUp(alpha=0.2, num_classes=num_classes)\n\n    def __call__(self, batch):\n        return self.mix(*default_collate(batch))\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--mixup', action='store_true')\nargs = parser.parse_args()\ntorch.manual_seed(0)\ntrain_set = datasets.CIFAR10('data', train=True, transform=v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]))\ncollate = MixupCollator(10) if args.mixup else None\nplain = MixupCollator(10)\nloader = DataLoader(train_set, batch_size=128, shuffle=True, collate_fn=collate)\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    optimizer.step()\n", stage: 2, errors: [{ line: 11 }] },
    {
      name: 'hard negative: the same script fine-tuning on that loader (quantization-aware training)',
      code: 'import torch\nimport torch.nn as nn\nfrom torchvision import datasets, transforms\n\ntorch.manual_seed(0)\n\ntrain_tf = transforms.Compose([\n    transforms.RandomResizedCrop(224),\n    transforms.RandomHorizontalFlip(),\n    transforms.ToTensor(),\n    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),\n])\ncalib_set = datasets.ImageFolder(\'data/train\', transform=train_tf)\ncalib_loader = torch.utils.data.DataLoader(calib_set, batch_size=32, shuffle=True)\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.quant = torch.quantization.QuantStub()\n        self.conv = nn.Conv2d(3, 8, 3, bias=False)\n        self.bn = nn.BatchNorm2d(8)\n        self.pool = nn.AdaptiveAvgPool2d(1)\n        self.fc = nn.Linear(8, 10)\n        self.dequant = torch.quantization.DeQuantStub()\n\n    def forward(self, x):\n        x = self.pool(torch.relu(self.bn(self.conv(self.quant(x)))))\n        return self.dequant(self.fc(x.flatten(1)))\n\n\nmodel = Net()\nmodel.load_state_dict(torch.load(\'float_model.pth\'))\nmodel.eval()\nmodel.qconfig = torch.quantization.get_default_qconfig(\'fbgemm\')\ntorch.quantization.prepare(model, inplace=True)\n\noptimizer = torch.optim.SGD(model.parameters(), lr=1e-3)\nfor images, labels in calib_loader:\n    optimizer.zero_grad()\n    torch.nn.functional.cross_entropy(model(images), labels).backward()\n    optimizer.step()\n\ntorch.quantization.convert(model, inplace=True)\ntorch.jit.save(torch.jit.script(model), \'quantized.pth\')\n',
      stage: 2,
      errors: [{ line: 8, message: 'RandomResizedCrop, RandomHorizontalFlip' }],
    },
    {
      name: 'hard negative: the same helper also builds a training dataset\'s transform',
      code: 'import albumentations as A\n\n\ndef get_valid_transforms():\n    return A.Compose([A.Resize(224, 224), A.Normalize()])\n\n\ndef get_heavy_transforms():\n    return A.Compose([A.HorizontalFlip(p=0.5), A.VerticalFlip(p=0.5), A.Normalize()])\nimport numpy as np\nimport torch\n\n\ntrain_ds = ImageDataset(files, transform=get_heavy_transforms())\n\n\ndef infer(models, test_loader):\n    preds = []\n    with torch.no_grad():\n        for img in test_loader:\n            heavy_transforms = get_heavy_transforms()\n            x = torch.from_numpy(heavy_transforms(image=img.numpy())[\'image\'])\n            preds.append(np.mean([m(x).softmax(dim=-1).numpy() for m in models], axis=0))\n    return preds\n',
      stage: 2,
      errors: [{ line: 9, text: 'A.HorizontalFlip(p=0.5)' }],
    },
    {
      name: 'hard negative: a GPU augmentation under `torch.no_grad()` in the training loop is the training data\'s',
      code: 'import kornia.augmentation as K\nimport torch\n\nfor epoch in range(10):\n    for x, y in train_loader:\n        with torch.no_grad():\n            x = K.RandomHorizontalFlip()(x)\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n',
      stage: 2,
      errors: [{ line: 7, text: 'K.RandomHorizontalFlip()' }],
    },
    {
      name: 'hard negative: the same in a `training_step`',
      code: 'import kornia.augmentation as K\nimport torch\nimport pytorch_lightning as pl\n\n\nclass Model(pl.LightningModule):\n    def training_step(self, batch, i):\n        x, y = batch\n        with torch.no_grad():\n            x = K.RandomHorizontalFlip()(x)\n        return torch.nn.functional.cross_entropy(self(x), y)\n',
      stage: 2,
      errors: [{ line: 10, text: 'K.RandomHorizontalFlip()' }],
    },
    {
      name: "hand-written point-cloud augmentation in the training loop (PointNet++'s provider; review 125)",
      code: 'import provider\n\nfor epoch in range(250):\n    model.train()\n    for points, label in train_loader:\n        points[:, :, 0:3] = provider.random_scale_point_cloud(points[:, :, 0:3])\n        optimizer.zero_grad()\n        loss = criterion(model(points), label)\n        loss.backward()\n        optimizer.step()\n',
      stage: 2,
      errors: [{ line: 6, text: 'provider.random_scale_point_cloud(points[:, :, 0:3])', message: 'random_scale_point_cloud makes every epoch see different data' }],
    },
    {
      name: "a pipeline built in a branch that picks the dataset (`if dataset == 'cifar10':`) is every such run's (lsq-net; review 101)",
      code: BRANCHED("dataset == 'cifar10'"),
      stage: 2,
      errors: [{ line: 7, text: 'tv.transforms.RandomHorizontalFlip()' }],
    },
    {
      name: "… also `args.dataset in ('cifar10', 'cifar100')`",
      code: BRANCHED("args.dataset in ('cifar10', 'cifar100')"),
      stage: 2,
      errors: [{ line: 7 }],
    },
    {
      name: "the pair's flip is augmentation; the patch crop is not named",
      code: SR_PAIRS('RandomCrop(crop_size), RandomHorizontalFlip(), '),
      stage: 2,
      errors: [{ line: 9, text: 'RandomHorizontalFlip()', message: ': RandomHorizontalFlip makes every epoch' }],
    },
    {
      name: 'hard negative: a random crop of an image returned with its label (classification) is augmentation',
      code: SR_PAIRS('RandomCrop(crop_size), ', 'return hr_image, self.labels[index]'),
      stage: 2,
      errors: [{ line: 9, text: 'RandomCrop(crop_size)' }],
    },
    {
      name: 'hard negative: the same pipeline named for training',
      code: KAGGLE_TF('get_train_transforms'),
      stage: 2,
      errors: [{ line: 7, text: 'RandomResizedCrop(512, 512)' }],
    },
    {
      name: "a CycleGAN's training flips: turned off while building the skeleton, brought back once it trains, not to regularize (review 89)",
      code: FLIPS('Generator, Discriminator', 'netG_A2B = Generator(3, 3)\nnetD_A = Discriminator(3)'),
      stage: 2,
      errors: flipErrors(7, 'Bring it back once the skeleton trains'),
    },
    {
      name: 'hard negative: the same flips in supervised training are brought back to regularize',
      code: FLIPS('Classifier', 'net = Classifier(3)'),
      stage: 2,
      errors: flipErrors(6, 'Bring it back to regularize'),
    },
    {
      name: 'hard negative: a pipeline named strong with no weak one beside it (a strong augmentation of supervised training)',
      code: "from torchvision import transforms\n\ntest_transforms = transforms.Compose([\n    transforms.ToTensor(),\n])\n\nstrong_transforms = transforms.Compose([\n    transforms.RandomHorizontalFlip(p=0.5),\n    transforms.ColorJitter(0.4, 0.4, 0.4, 0.1),\n    transforms.ToTensor(),\n])\n",
      stage: 2,
      errors: [{ line: 8, text: 'transforms.RandomHorizontalFlip(p=0.5)' }],
    },
    {
      name: 'hard negative: the conditional expression selects the training split, not a flag (`if train`)',
      code: picked('train'),
      stage: 2,
      errors: [{ line: 6, text: 'transforms.RandomHorizontalFlip()' }, { line: 8, text: 'transforms.RandomChoice([transform_train, transform_test])' }],
    },
    {
      name: 'hard negative: a pipeline handed on in both branches of an if statement (RepDistiller: `if is_instance:` … `else:`), or in the branch of a dataset choice',
      code: TRAIN_TF + 'if is_instance:\n    train_set = CIFAR100Instance("data", transform=train_transform)\nelse:\n    train_set = datasets.CIFAR100("data", train=True, transform=train_transform)\nif dataset == "CIFAR10":\n    other = datasets.CIFAR10("data", train=True, transform=train_transform)\n',
      stage: 2,
      errors: [{ line: 4, text: 'T.RandomResizedCrop(224)' }],
    },
    {
      name: 'hard negative: the pipeline is also read outside the switch',
      code: picked('augm_flag', '    preview = transform_train(sample)\n'),
      stage: 2,
      errors: [{ line: 6, text: 'transforms.RandomHorizontalFlip()' }, { line: 8 }],
    },
    {
      name: "MONAI's random dictionary transforms in a training pipeline (its BraTS tutorial), crops left out of the names",
      code: MONAI_HEAD + 'train_transform = Compose([\n    LoadImaged(keys=["image", "label"]),\n    RandSpatialCropd(keys=["image", "label"], roi_size=[224, 224, 144], random_size=False),\n    RandFlipd(keys=["image", "label"], prob=0.5, spatial_axis=0),\n    RandScaleIntensityd(keys="image", factors=0.1, prob=1.0),\n])\n',
      stage: 2,
      errors: [{ line: 6, text: 'RandFlipd(keys=["image", "label"], prob=0.5, spatial_axis=0)', message: 'RandFlipd, RandScaleIntensityd make every epoch see different data' }],
    },
    {
      name: 'MONAI: array transforms through the package name (monai.transforms.RandRotate90)',
      code: 'import monai\n\ntrain_transforms = monai.transforms.Compose([monai.transforms.ScaleIntensity(), monai.transforms.RandRotate90()])\n',
      stage: 2,
      errors: [{ line: 3, text: 'monai.transforms.RandRotate90()' }],
    },
    {
      name: "albumentations' ReplayCompose is one pipeline: one finding for it, naming its augmentations",
      code: 'import albumentations as A\n\ntrain_augs = A.ReplayCompose([\n    A.Resize(384, 384),\n    A.HorizontalFlip(p=0.5),\n    A.VerticalFlip(p=0.5),\n    A.Rotate(p=0.5, limit=(-25, 25)),\n])\ntrain_loader = DataLoader(Volumes(train_files, train_augs), batch_size=2, shuffle=True)\n',
      stage: 2,
      errors: [{ line: 5, message: 'HorizontalFlip, VerticalFlip, Rotate make every epoch see different data' }],
    },
    ...DEMO_REPORTED.map(([name, rest]) => ({
      name: `hard negative for the demo: ${name}`,
      code: DEMO_HEAD + rest,
      stage: 2,
      errors: [{ line: 18, text: 'A.RandomCrop(width=128, height=128)', message: 'RandomCrop, HorizontalFlip make' }],
    })),
    ...VIEW_REPORTED.map(([name, rest]) => ({
      name: `hard negative for the second view: ${name}`,
      code: STRONG + rest,
      stage: 2,
      errors: [{ line: 5, text: 'transforms.RandomHorizontalFlip()' }],
    })),
    {
      name: 'hard negative: the same pipeline in a file with a Dataset class, or handed to a dataset',
      code: 'import numpy as np\nimport albumentations as A\nfrom torchvision import datasets\n\ntransform = A.Compose([A.HorizontalFlip(p=0.5)])\nprint(transform(image=np.zeros((64, 64, 3), dtype=np.uint8))["image"].shape)\ntrain_set = datasets.ImageFolder("data/train", transform=transform)\n',
      stage: 2,
      errors: [{ line: 5, text: 'A.HorizontalFlip(p=0.5)' }],
    },
    {
      name: 'hard negative: a model that augments inside its forward (kornia on the GPU) is named for the model',
      code: 'import torch\nfrom torch import nn\nimport kornia.augmentation as K\n\n\nclass Classifier(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.aug = K.RandomHorizontalFlip()\n        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n        if self.training:\n            x = self.aug(x)\n        return self.fc(x)\n',
      stage: 2,
      errors: [{ line: 9, text: 'K.RandomHorizontalFlip()' }],
    },
    {
      name: 'the training pipeline built in the branch that selects the training split (`if is_train:`, `if mode == "train":`)',
      code: 'from albumentations import Compose, HorizontalFlip, RandomResizedCrop, Resize\n\n\ndef get_transform(is_train=True):\n    if is_train:\n        return Compose([RandomResizedCrop(384, 384), HorizontalFlip(p=0.5)])\n    else:\n        return Compose([Resize(384, 384)])\n\n\ndef build(mode):\n    if mode == "train":\n        return Compose([HorizontalFlip(p=0.5)])\n    return Compose([Resize(384, 384)])\n',
      stage: 2,
      errors: [{ line: 6, text: 'RandomResizedCrop(384, 384)', message: 'RandomResizedCrop, HorizontalFlip make' }, { line: 13, text: 'HorizontalFlip(p=0.5)' }],
    },
    {
      name: 'hard negative: rotations over a range, and a fixed angle with a random shift, are augmentation',
      code: 'from torchvision import transforms as T\n\ntrain_transform = T.Compose([T.RandomRotation(degrees=(r, r + 10)), T.RandomAffine((30, 30), translate=(0.1, 0.1)), T.ToTensor()])\n',
      stage: 2,
      errors: [{ line: 3, text: 'T.RandomRotation(degrees=(r, r + 10))', message: 'RandomRotation, RandomAffine make every epoch see different data' }],
    },
    {
      name: 'hard negative: a plain callable class that builds the training pipeline is the pipeline',
      code: 'from torchvision import transforms as T\n\n\nclass TrainTransform:\n    def __init__(self):\n        self.t = T.Compose([T.RandomHorizontalFlip(), T.ToTensor()])\n\n    def __call__(self, x):\n        return self.t(x)\n',
      stage: 2,
      errors: [{ line: 6, text: 'T.RandomHorizontalFlip()' }],
    },
    {
      name: 'hard negative: a dataset deriving from a transform-free base that builds its augmentation in __init__',
      code: 'from torch.utils.data import Dataset\nfrom torchvision import transforms as T\n\n\nclass TrainSet(Dataset):\n    def __init__(self, items):\n        self.items = items\n        self.aug = T.RandomCrop(32, padding=4)\n\n    def __getitem__(self, i):\n        return self.aug(self.items[i])\n',
      stage: 2,
      errors: [{ line: 8, text: 'T.RandomCrop(32, padding=4)' }],
    },
    {
      name: 'a pipeline named for neither split, handed by name to a test set and to a training set: training wins',
      code: `import torchvision\nimport torchvision.transforms as T\n\ntf = T.Compose([T.RandomCrop(32, padding=4), T.ToTensor()])\ntest_set = torchvision.datasets.CIFAR10("data", train=False, transform=tf)\ntrain_set = torchvision.datasets.CIFAR10("data", train=True, transform=tf)\n`,
      stage: 2,
      errors: [{ line: 4, text: 'T.RandomCrop(32, padding=4)' }],
    },
    {
      name: 'a training pipeline with random crops and flips, stage 2',
      code: TRAIN_TF,
      stage: 2,
      errors: [{ line: 4, text: 'T.RandomResizedCrop(224)', message: 'In stage 2 (skeleton), turn augmentation off' }],
    },
    {
      name: 'stage 1 names its stage',
      code: TRAIN_TF,
      stage: 1,
      errors: [{ message: 'In stage 1 (data)' }],
    },
    {
      name: 'albumentations',
      code: `import albumentations as A\n\ntrain_aug = A.Compose([A.HorizontalFlip(p=0.5), A.Normalize()])\n`,
      stage: 2,
      errors: [{ text: 'A.HorizontalFlip(p=0.5)', message: 'HorizontalFlip makes every epoch' }],
    },
    {
      name: 'inline in the training dataset, found through train=True',
      code: `import torchvision\nfrom torchvision import transforms\n\ndata = torchvision.datasets.CIFAR10("data", train=True, transform=transforms.Compose([transforms.RandomCrop(32, padding=4), transforms.ToTensor()]))\n`,
      stage: 2,
      errors: [{ text: 'transforms.RandomCrop(32, padding=4)' }],
    },
    {
      name: 'one finding per pipeline, plus a timm training transform',
      code: `import timm.data\nfrom torchvision.transforms import v2\n\ntf = v2.Compose([v2.RandomResizedCrop(224), v2.RandAugment(), v2.ToTensor()])\ntimm_tf = timm.data.create_transform(224, is_training=True)\n`,
      stage: 2,
      errors: [{ text: 'v2.RandomResizedCrop(224)', message: 'RandomResizedCrop, RandAugment make' }, { text: 'timm.data.create_transform(224, is_training=True)' }],
    },
  ],
});

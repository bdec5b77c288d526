import { ruleTester } from '../../support/rule-tester';

const TV = 'import torch\nfrom torchvision import datasets, models, transforms\n\n';
const ALB =
  'import albumentations as A\nfrom albumentations.pytorch import ToTensorV2\nfrom torch.utils.data import Dataset\nfrom torchvision import models\n\n\nclass Leaves(Dataset):\n    def __init__(self, df, transforms=None):\n        self.df = df\n        self.transforms = transforms\n\n\n';
const NORM = 'transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])';

ruleTester('NR102', {
  valid: [
    {
      name: 'self-supervised BYOL: the method builds (and normalises) the views the network sees',
      code: TV + 'from byol_pytorch import BYOL\n\nresnet = models.resnet50(weights=models.ResNet50_Weights.DEFAULT)\nlearner = BYOL(resnet, image_size=256)\ntf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(256), transforms.ToTensor()])\ntrain_set = datasets.ImageFolder("data/train", transform=tf)\n',
    },
    { name: 'ImageNet Normalize after ToTensor', code: TV + 'model = models.resnet50(weights=models.ResNet50_Weights.DEFAULT)\ntf = transforms.Compose([transforms.ToTensor(), ' + NORM + '])\nds = datasets.ImageFolder("data/train", transform=tf)\n' },
    {
      name: "the weights' own transforms() are used",
      code: TV + 'weights = models.ResNet50_Weights.IMAGENET1K_V2\nmodel = models.resnet50(weights=weights)\npreprocess = weights.transforms()\naug = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.ToTensor()])\nds = datasets.ImageFolder("data/train", transform=aug)\n',
    },
    {
      name: 'timm resolve_data_config / create_transform',
      code: 'import timm\nfrom timm.data import resolve_data_config, create_transform\nfrom torchvision import datasets, transforms\n\nmodel = timm.create_model("resnet50", pretrained=True)\ncfg = resolve_data_config({}, model=model)\nval_tf = create_transform(**cfg)\ntrain_tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor()])\nds = datasets.ImageFolder("train", transform=train_tf)\n',
    },
    {
      name: 'hard negative: CLIP weights use other statistics',
      code: 'import timm\nfrom torchvision import datasets, transforms\n\nmodel = timm.create_model("vit_base_patch16_clip_224.openai", pretrained=True)\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.4815, 0.4578, 0.4082), (0.2686, 0.2613, 0.2758))])\nds = datasets.ImageFolder("train", transform=tf)\n',
    },
    {
      name: 'hard negative: timm ViT (its weights use 0.5/0.5)',
      code: 'import timm\nfrom torchvision import datasets, transforms\n\nmodel = timm.create_model("vit_base_patch16_224", pretrained=True)\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])\nds = datasets.ImageFolder("train", transform=tf)\n',
    },
    { name: 'not pretrained (weights=None)', code: TV + 'model = models.resnet18(weights=None)\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])\nds = datasets.MNIST("data", transform=tf)\n' },
    { name: 'weights from a setting (unknown)', code: TV + 'model = models.resnet18(weights=args.weights)\ntf = transforms.Compose([transforms.ToTensor()])\nds = datasets.CIFAR10("data", transform=tf)\n' },
    {
      name: 'hard negative: the model normalises in forward()',
      code: TV + 'class Wrapped(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.net = models.resnet18(pretrained=True)\n        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))\n        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))\n\n    def forward(self, x):\n        return self.net((x - self.mean) / self.std)\n\ntf = transforms.Compose([transforms.ToTensor()])\nds = datasets.CIFAR10("data", transform=tf)\n',
    },
    { name: 'hard negative: detection models normalise inside', code: TV + 'model = models.detection.fasterrcnn_resnet50_fpn(weights="DEFAULT")\ntf = transforms.Compose([transforms.ToTensor()])\nds = datasets.CocoDetection("img", "ann.json", transform=tf)\n' },
    { name: 'a Compose that prepares no dataset (visualisation)', code: TV + 'model = models.resnet18(pretrained=True)\nshow = transforms.Compose([transforms.Resize(64), transforms.ToTensor()])\nsave_image(show(img), "x.png")\n' },
    { name: 'statistics on the 0-255 scale', code: TV + 'model = models.resnet18(pretrained=True)\ntf = transforms.Compose([transforms.PILToTensor(), transforms.Normalize(mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375])])\nds = datasets.ImageFolder("train", transform=tf)\n' },
    { name: 'albumentations Normalize elsewhere in the file', code: TV + 'import albumentations as A\nmodel = models.resnet18(pretrained=True)\nalb = A.Compose([A.Normalize()])\ntf = transforms.Compose([transforms.ToTensor()])\nds = datasets.ImageFolder("train", transform=tf)\n' },
    {
      name: "the ImageNet Normalize put into the list by name (torchvision's ImageNet example: `normalize = transforms.Normalize(…)`)",
      code: TV + 'model = models.resnet152(pretrained=True)\nnormalize = ' + NORM + '\ntf = transforms.Compose([\n    transforms.RandomResizedCrop(224),\n    transforms.ToTensor(),\n    normalize,\n])\ntrain_dataset = datasets.ImageFolder("data/train", tf)\n',
    },
    {
      name: 'the same inside a function, the Compose given straight to the dataset',
      code: TV + 'def loaders(root):\n    normalize = ' + NORM + '\n    return datasets.ImageFolder(root, transforms.Compose([transforms.ToTensor(), normalize]))\n\n\nmodel = models.resnet50(pretrained=True)\n',
    },
    {
      name: 'hard negative: an item handed in as a parameter may be the normalisation',
      code: TV + 'def build(root, normalize):\n    return datasets.ImageFolder(root, transform=transforms.Compose([transforms.ToTensor(), normalize]))\n\n\nmodel = models.resnet50(pretrained=True)\n',
    },
    {
      name: 'albumentations: Normalize with its defaults (the ImageNet statistics)',
      code: ALB + 'model = models.resnet34(pretrained=True)\ntrain_ds = Leaves(df, transforms=A.Compose([A.Resize(224, 224), A.Normalize(), ToTensorV2()]))\n',
    },
    {
      name: 'hard negative: albumentations pipeline without Normalize (no tensor conversion the rule knows to place one after)',
      code: ALB + 'model = models.resnet34(pretrained=True)\ntrain_ds = Leaves(df, transforms=A.Compose([A.Resize(224, 224), ToTensorV2()]))\n',
    },
    {
      name: 'hard negative: albumentations Normalize on the 0-255 scale (max_pixel_value=1)',
      code: ALB + 'model = models.resnet34(pretrained=True)\ntrain_ds = Leaves(df, transforms=A.Compose([A.Normalize(mean=(123.675, 116.28, 103.53), std=(58.395, 57.12, 57.375), max_pixel_value=1.0), ToTensorV2()]))\n',
    },
    {
      name: 'hard negative: albumentations 0.5 statistics with a ViT (its weights use 0.5)',
      code: 'import albumentations as A\nimport timm\nfrom torchvision import datasets\n\nmodel = timm.create_model("vit_base_patch16_224", pretrained=True)\nds = datasets.ImageFolder("train", transform=A.Compose([A.Normalize(mean=(0.5, 0.5, 0.5), std=(0.5, 0.5, 0.5))]))\n',
    },
  ],
  invalid: [
    {
      name: 'albumentations Normalize with 0.5 statistics (constants assigned together) for a pretrained ResNet, pipeline given to a project Dataset',
      code: ALB + 'MEAN = STD = [0.5, 0.5, 0.5]\nmodel = models.resnet34(weights="ResNet34_Weights.DEFAULT")\ntrain_tf = A.Compose([A.HorizontalFlip(), A.Normalize(mean=MEAN, std=STD), ToTensorV2()])\ntrain_ds = Leaves(df, transforms=train_tf)\n',
      errors: [{ text: 'A.Normalize(mean=MEAN, std=STD)', message: 'does not match the statistics' }],
      output: ALB + 'MEAN = STD = [0.5, 0.5, 0.5]\nmodel = models.resnet34(weights="ResNet34_Weights.DEFAULT")\ntrain_tf = A.Compose([A.HorizontalFlip(), A.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]), ToTensorV2()])\ntrain_ds = Leaves(df, transforms=train_tf)\n',
    },
    {
      name: 'a Normalize with CIFAR statistics put into the list by name: reported where it is built, the fix there',
      code: TV + 'model = models.resnet18(pretrained=True)\nnormalize = transforms.Normalize(mean=[0.4914, 0.4822, 0.4465], std=[0.247, 0.243, 0.261])\ntf = transforms.Compose([transforms.ToTensor(), normalize])\nds = datasets.CIFAR10("data", transform=tf)\n',
      errors: [{ line: 5, message: 'does not match the statistics' }],
      output: TV + 'model = models.resnet18(pretrained=True)\nnormalize = ' + NORM + '\ntf = transforms.Compose([transforms.ToTensor(), normalize])\nds = datasets.CIFAR10("data", transform=tf)\n',
    },
    {
      name: 'no Normalize at all; the fix inserts it after ToTensor',
      code: TV + 'model = models.resnet50(weights=models.ResNet50_Weights.DEFAULT)\ntf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor()])\ntrain_set = datasets.ImageFolder("data/train", transform=tf)\n',
      errors: [{ text: 'transforms.ToTensor()', message: 'without `Normalize`' }],
      output: TV + 'model = models.resnet50(weights=models.ResNet50_Weights.DEFAULT)\ntf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), ' + NORM + '])\ntrain_set = datasets.ImageFolder("data/train", transform=tf)\n',
    },
    {
      name: 'the transfer-learning tutorial shape without Normalize: a dict of pipelines, used positionally',
      code:
        'import os\nfrom torchvision import datasets, models\nfrom torchvision import transforms as T\n\ndata_transforms = {\n    "train": T.Compose([\n        T.RandomResizedCrop(224),\n        T.ToTensor(),\n    ]),\n}\nimage_datasets = {x: datasets.ImageFolder(os.path.join(data_dir, x), data_transforms[x]) for x in ["train"]}\nmodel_ft = models.resnet18(pretrained=True)\n',
      errors: [{ text: 'T.ToTensor()', line: 8 }],
      output:
        'import os\nfrom torchvision import datasets, models\nfrom torchvision import transforms as T\n\ndata_transforms = {\n    "train": T.Compose([\n        T.RandomResizedCrop(224),\n        T.ToTensor(),\n        T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),\n    ]),\n}\nimage_datasets = {x: datasets.ImageFolder(os.path.join(data_dir, x), data_transforms[x]) for x in ["train"]}\nmodel_ft = models.resnet18(pretrained=True)\n',
    },
    {
      name: 'weights named by the enum\'s name as text ("ResNet34_Weights.DEFAULT"), next to a model given no weights it knows',
      code: TV + 'model = models.resnet34(weights="ResNet34_Weights.DEFAULT")\nother = models.resnet34(weights="ResNet34_Weights")\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])\nds = datasets.CIFAR10("data", train=True, transform=tf)\n',
      errors: [{ text: 'transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))', message: 'pretrained `resnet34` weights' }],
      output: TV + 'model = models.resnet34(weights="ResNet34_Weights.DEFAULT")\nother = models.resnet34(weights="ResNet34_Weights")\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])\nds = datasets.CIFAR10("data", train=True, transform=tf)\n',
    },
    {
      name: 'Normalize with 0.5 statistics on a torchvision ImageNet model',
      code: TV + 'model = models.resnet18(weights="IMAGENET1K_V1")\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])\nds = datasets.CIFAR10("data", train=True, transform=tf)\n',
      errors: [{ text: 'transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))', message: 'does not match the statistics' }],
      output: TV + 'model = models.resnet18(weights="IMAGENET1K_V1")\ntf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])\nds = datasets.CIFAR10("data", train=True, transform=tf)\n',
    },
    {
      name: 'dataset statistics from constants with a timm ResNet; set as ds.transform',
      code: 'import timm\nfrom torchvision import datasets, transforms\n\nCIFAR_MEAN = [0.4914, 0.4822, 0.4465]\nCIFAR_STD = [0.2470, 0.2435, 0.2616]\nmodel = timm.create_model("resnet50.a1_in1k", pretrained=True, num_classes=10)\nds = datasets.CIFAR10("data")\nds.transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize(CIFAR_MEAN, CIFAR_STD)])\n',
      errors: [{ text: 'transforms.Normalize(CIFAR_MEAN, CIFAR_STD)' }],
      output: 'import timm\nfrom torchvision import datasets, transforms\n\nCIFAR_MEAN = [0.4914, 0.4822, 0.4465]\nCIFAR_STD = [0.2470, 0.2435, 0.2616]\nmodel = timm.create_model("resnet50.a1_in1k", pretrained=True, num_classes=10)\nds = datasets.CIFAR10("data")\nds.transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])\n',
    },
    {
      name: 'transforms v2 with ToDtype(scale=True), builder imported by name',
      code: 'import torch\nfrom torchvision.models import efficientnet_b0, EfficientNet_B0_Weights\nfrom torchvision.transforms import v2\nfrom torchvision.datasets import Food101\n\nmodel = efficientnet_b0(weights=EfficientNet_B0_Weights.IMAGENET1K_V1)\ntrain_ds = Food101("data", transform=v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]))\n',
      errors: [{ text: 'v2.ToDtype(torch.float32, scale=True)' }],
      output: 'import torch\nfrom torchvision.models import efficientnet_b0, EfficientNet_B0_Weights\nfrom torchvision.transforms import v2\nfrom torchvision.datasets import Food101\n\nmodel = efficientnet_b0(weights=EfficientNet_B0_Weights.IMAGENET1K_V1)\ntrain_ds = Food101("data", transform=v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])]))\n',
    },
  ],
});

import { strict as assert } from 'assert';
import { applyEdits } from '../../../src/engine/fix';
import { analyzeCase, ruleTester } from '../../support/rule-tester';

const BAD = `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=0.01)\n`;
/** A segmentation model of the project whose backbone is a torchvision ResNet, `pretrained` as given (PSPNet, DeepLab). */
const segNet = (backbone: string): string => `import torch.nn as nn\nimport torchvision\n\n\nclass SegNet(nn.Module):\n    def __init__(self, classes=21):\n        super().__init__()\n        self.backbone = ${backbone}\n        self.head = nn.Conv2d(2048, classes, 1)\n`;
const SGD_SEG = `import torch\nfrom model.net import SegNet\n\nmodel = SegNet(classes=21)\nopt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)\n`;
/** ssd.pytorch: the VGG base loaded from `args.basenet`, an option whose help is given. */
const basenet = (help: string): string => `import argparse\nimport torch\nfrom torch import optim\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--basenet", default="vgg16_reducedfc.pth", help="${help}")\nargs = parser.parse_args()\nnet = SSD()\nnet.vgg.load_state_dict(torch.load(args.save_folder + args.basenet))\nopt = optim.SGD(net.parameters(), lr=1e-3, momentum=0.9)\n`;

/** pytorch-lr-finder's example: an SGD handed to the range test (`use` is what the file does with it). */
const RANGE_TEST = 'import torch.nn as nn\nimport torch.optim as optim\nfrom torch_lr_finder import LRFinder\n\nmodel = nn.Linear(784, 10)\noptimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.5)\n';

/** pygcn's full-batch training (review 92): `loss` is its loss line, `lr` Adam's rate, `loop` what the epoch loop iterates. */
const GCN = (loss: string, lr = '0.01', body = ''): string =>
  `import torch\nimport torch.nn.functional as F\nimport torch.optim as optim\n\ntorch.manual_seed(42)\nadj, features, labels, idx_train, idx_val = torch.load('cora.pt')\nmodel = GCN(features.shape[1], 16, int(labels.max()) + 1)\noptimizer = optim.Adam(model.parameters(), lr=${lr}, weight_decay=5e-4)\n\nfor epoch in range(200):\n    model.train()\n${body}    optimizer.zero_grad()\n    output = model(features, adj)\n    loss = ${loss}\n    loss.backward()\n    optimizer.step()\n`;

/** SimSiam's lr_scheduler.py: a scheduler class, and a `__main__` block over an untrained network (`use` of its optimizer). */
const SCHEDULE_DEMO = (use: string, imports = ''): string =>
  `import torch\nimport torchvision\n${imports}\n\nclass LR_Scheduler(object):\n    def __init__(self, optimizer):\n        self.optimizer = optimizer\n\n    def step(self):\n        for g in self.optimizer.param_groups:\n            g['lr'] *= 0.9\n\n\nif __name__ == "__main__":\n    model = torchvision.models.resnet50()\n    optimizer = torch.optim.SGD(model.parameters(), lr=999)\n${use}`;

/** qfgaohao's pytorch-ssd: the base net's weights loaded by a method of the model's class, handed `args.base_net` (`help`). */
const SSD_METHOD = (help: string): string =>
  `import argparse\nimport torch\nfrom torch import nn\n\n\nclass SSD(nn.Module):\n    def init_from_base_net(self, model):\n        self.base_net.load_state_dict(torch.load(model), strict=True)\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--base_net', default='models/vgg16_reducedfc.pth', help='${help}')\nargs = parser.parse_args()\nnet = SSD()\noptimizer = torch.optim.SGD(net.parameters(), lr=1e-3, momentum=0.9)\nnet.init_from_base_net(args.base_net)\n`;

/** microsoft/LoRA's optimizer.py: an SGD helper next to (or without) an Adam class of the project's own. */
const OPTIMIZERS = (adam: string): string =>
  `import torch\nfrom torch.optim import Optimizer\n\n\n${adam}def create_sgd_optimizer(model, lr):\n    return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.0)\n`;

ruleTester('NR301', {
  valid: [
    { name: "hard negative: the same VGG in a class of the model (an encoder the optimizer fine-tunes)", code: "import torch\nfrom torch import nn\nfrom torchvision.models import vgg19\n\n\nclass VGGEncoder(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.vgg = vgg19(pretrained=True).features[:35]\n\n    def forward(self, sr, hr):\n        return nn.functional.l1_loss(self.vgg(sr), self.vgg(hr))\n\n\ngenerator = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 3, 3, padding=1))\ncriterion = VGGEncoder()\noptimizer = torch.optim.Adam(criterion.parameters(), lr=1e-5)\nfor lr_img, hr_img in loader:\n    optimizer.zero_grad()\n    criterion(generator(lr_img), hr_img).backward()\n    optimizer.step()\n", stage: 3 },
    { name: "an Adam built in `__init__` and replaced by SGD before anything uses it (its rate never applies)", code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_val, y_val = torch.randn(200, 8), torch.randint(0, 2, (200,))\n\n\nclass Trainer:\n    def __init__(self, model, loader):\n        self.model = model\n        self.loader = loader\n        self.optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)\n\n    def train(self, epochs):\n        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.1, momentum=0.9)\n        for epoch in range(epochs):\n            self.model.train()\n            for x, y in self.loader:\n                self.optimizer.zero_grad()\n                nn.functional.cross_entropy(self.model(x), y).backward()\n                self.optimizer.step()\n            self.model.eval()\n            with torch.no_grad():\n                print(nn.functional.cross_entropy(self.model(X_val), y_val).item())\n", stage: 3 },
    { name: 'SGD fine-tuning the weights an option says are a pruned model to fine-tune (network-slimming\'s `--refine`; review 146)', code: 'import argparse\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torch.utils.data import DataLoader, TensorDataset\n\nparser = argparse.ArgumentParser()\nparser.add_argument(\'--refine\', default=\'pruned.pth.tar\', type=str, help=\'path to the pruned model to be fine tuned\')\nparser.add_argument(\'--lr\', type=float, default=0.001)\nargs = parser.parse_args()\n\ntorch.manual_seed(0)\ntrain_loader = DataLoader(TensorDataset(torch.randn(256, 10), torch.randint(0, 2, (256,))), batch_size=32, shuffle=True)\n\ncheckpoint = torch.load(args.refine)\nmodel = nn.Sequential(nn.Linear(10, checkpoint[\'cfg\'][0]), nn.ReLU(), nn.Linear(checkpoint[\'cfg\'][0], 2))\nmodel.load_state_dict(checkpoint[\'state_dict\'])\n\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=1e-4)\n\nfor epoch in range(40):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        F.cross_entropy(model(x), y).backward()\n        optimizer.step()\n', path: 'finetune.py', stage: 2 },
    { name: 'hard negative: the same constant written by the script (`CFG.lr = args.lr`)', code: 'import torch\nimport config as CFG\n\nCFG.lr = args.lr\n\noptimizer = torch.optim.Adam(model.parameters(), lr=CFG.lr)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n', files: { 'config.py': 'lr = 1e-2\nepochs = 10\n' }, stage: 2 },
    {
      name: "Adam in the branch its config class does not take (arcface-pytorch: `optimizer = 'sgd'`, `lr = 1e-1`, SGD's rate; review 145)",
      code: "import torch\nfrom torch import nn\n\n\nclass Config(object):\n    optimizer = 'sgd'\n    lr = 1e-1\n    weight_decay = 5e-4\n\n\nopt = Config()\nmodel = nn.Linear(10, 2)\n\nif opt.optimizer == 'sgd':\n    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr)\nelse:\n    optimizer = torch.optim.Adam(model.parameters(), lr=opt.lr)\n",
      stage: 2,
    },
    {
      name: 'Adam picked among optimizers by a setting of unknown value, with a shared rate read from the config',
      code: "import torch\nfrom torch import nn\n\n\nclass Config(object):\n    lr = 1e-1\n    weight_decay = 5e-4\n\n\nopt = Config()\nmodel = nn.Linear(10, 2)\n\nif args.optimizer == 'sgd':\n    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr)\nelse:\n    optimizer = torch.optim.Adam(model.parameters(), lr=opt.lr)\n",
      stage: 2,
    },
    {
      name: "an SGD over a loss's own parameters, the center loss's class centers (reid-strong-baseline's `optimizer_center`; review 145)",
      code: 'import torch\n\n\ndef make_optimizer_with_center(cfg, model, center_criterion):\n    params = [{"params": [p], "lr": cfg.SOLVER.BASE_LR} for p in model.parameters()]\n    optimizer = getattr(torch.optim, cfg.SOLVER.OPTIMIZER_NAME)(params)\n    optimizer_center = torch.optim.SGD(center_criterion.parameters(), lr=cfg.SOLVER.CENTER_LR)\n    return optimizer, optimizer_center\n',
      stage: 2,
    },
    { name: "self-supervised pre-training on two augmented views (MoCo's `TwoCropsTransform`): SGD is the method's optimizer (review 136)", code: 'import torch\nfrom torchvision import transforms as T\n\n\nclass TwoCropsTransform:\n    def __init__(self, base):\n        self.base = base\n\n    def __call__(self, x):\n        return [self.base(x), self.base(x)]\n\n\ndataset = ImageFolder("data/train", transform=TwoCropsTransform(T.Compose([T.RandomResizedCrop(224), T.ToTensor()])))\noptimizer = torch.optim.SGD(model.parameters(), lr=0.03, momentum=0.9, weight_decay=1e-4)\nfor epoch in range(200):\n    for images, _ in loader:\n        loss = model(images[0], images[1])\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n', stage: 2 },
    { name: "an SGD helper next to an Adam class of the project's own (microsoft/LoRA's optimizer.py; review 108)", code: OPTIMIZERS('class AdamW(Optimizer):\n    def step(self, closure=None):\n        pass\n\n\n'), stage: 3 },
    { name: "full-batch node classification at Adam's 1e-2 (pygcn; one step per epoch, 200 in all; review 92)", code: GCN('F.nll_loss(output[idx_train], labels[idx_train])'), stage: 3 },
    { name: "full-batch link prediction at Adam's 1e-2: the whole graph to the model, every training edge and sampled negatives in the loss (PyG's link_pred.py; review 132)", code: 'import torch\nfrom torch_geometric.datasets import Planetoid\nfrom torch_geometric.nn import GCNConv\nfrom torch_geometric.utils import negative_sampling\nimport torch_geometric.transforms as T\n\ntorch.manual_seed(0)\nsplit = T.RandomLinkSplit(num_val=0.05, num_test=0.1, add_negative_train_samples=False)\ntrain_data, val_data, test_data = Planetoid(\'data\', \'Cora\', transform=split)[0]\n\n\nclass Net(torch.nn.Module):\n    def __init__(self, i):\n        super().__init__()\n        self.conv1 = GCNConv(i, 128)\n        self.conv2 = GCNConv(128, 64)\n\n    def encode(self, x, edge_index):\n        return self.conv2(self.conv1(x, edge_index).relu(), edge_index)\n\n    def decode(self, z, edge_label_index):\n        return (z[edge_label_index[0]] * z[edge_label_index[1]]).sum(dim=-1)\n\n\nmodel = Net(train_data.num_features)\noptimizer = torch.optim.Adam(model.parameters(), lr=0.01)\ncriterion = torch.nn.BCEWithLogitsLoss()\n\n\ndef train():\n    model.train()\n    optimizer.zero_grad()\n    z = model.encode(train_data.x, train_data.edge_index)\n    neg = negative_sampling(train_data.edge_index, num_nodes=train_data.num_nodes,\n                            num_neg_samples=train_data.edge_label_index.size(1))\n    edge_label_index = torch.cat([train_data.edge_label_index, neg], dim=-1)\n    edge_label = torch.cat([train_data.edge_label, train_data.edge_label.new_zeros(neg.size(1))])\n    loss = criterion(model.decode(z, edge_label_index), edge_label)\n    loss.backward()\n    optimizer.step()\n    return loss.item()\n\n\nfor epoch in range(100):\n    print(epoch, train())\n', stage: 2 },
    { name: "full-batch over PyG's masks (`out[data.train_mask]`)", code: GCN('F.cross_entropy(output[data.train_mask], data.y[data.train_mask])'), stage: 3 },
    {
      name: "an optimizer built in a model file's `__main__` block only to plot an LR schedule (SimSiam's lr_scheduler.py; review 113)",
      code: SCHEDULE_DEMO('    scheduler = LR_Scheduler(optimizer)\n    print([scheduler.step() for _ in range(10)])\n'),
      stage: 3,
    },
    {
      name: "full-batch with the training mask under another name, set before the loop (DGL's GAT: `mask = torch.ByteTensor(data.train_mask)`; review 112)",
      code: GCN('F.nll_loss(output[mask], labels[mask])').replace('for epoch', 'mask = torch.ByteTensor(data.train_mask)\nfor epoch'),
      stage: 3,
    },
    {
      name: "Hugging Face's AdamW at 1e-5, the model imported from another module that builds it with from_pretrained (its import lost)",
      code: 'from transformers import AdamW\nfrom pretrained_model import model\n\noptimizer = AdamW(model.parameters(), lr=1e-5, eps=1e-8)\n',
      files: { 'pretrained_model.py': '\nmodel = BertForSequenceClassification.from_pretrained("bert-base-cased", num_labels=3)\n' },
      stage: 2,
    },
    {
      name: 'SGD as one of the classes a config picks, bound to a name then built (`optim_class = Adam` or `SGD`)',
      code: "import torch\nimport torch.nn.functional as F\nfrom torch.optim import SGD, Adam\n\n\ndef get_optimizer(cfg, model):\n    optim_class = None\n    if cfg.optim_name.lower() == \"adam\":\n        optim_class = Adam\n    # Default to SGD\n    else:\n        optim_class = SGD\n\n    return optim_class(model.parameters(), **cfg.optim[cfg.optim_name])\n\n\ndef main(cfg, train_dl):\n    torch.manual_seed(cfg.seed)\n    model = torch.nn.Linear(1024, 1000)\n    optim = get_optimizer(cfg, model)\n    for epoch in range(cfg.num_epochs):\n        model.train()\n        for embeddings, labels in train_dl:\n            optim.zero_grad()\n            loss = F.cross_entropy(model(embeddings), labels)\n            loss.backward()\n            optim.step()\n",
      stage: 2,
    },
    {
      name: "an SGD built only to clear gradients, never stepped (PyCIL's EWC Fisher information)",
      code: "import torch\nfrom torch import optim\n\n\nclass EWC:\n    def __init__(self, network, device):\n        self._network = network\n        self._device = device\n\n    def getFisherDiagonal(self, train_loader):\n        fisher = {n: torch.zeros(p.shape) for n, p in self._network.named_parameters()}\n        self._network.train()\n        # only used to clear the gradients, never stepped\n        optimizer = optim.SGD(self._network.parameters(), lr=0.1)\n        for i, (inputs, targets) in enumerate(train_loader):\n            logits = self._network(inputs)\n            loss = torch.nn.functional.cross_entropy(logits, targets)\n            optimizer.zero_grad()\n            loss.backward()\n            for n, p in self._network.named_parameters():\n                if p.grad is not None:\n                    fisher[n] += p.grad.pow(2).clone()\n        return fisher\n",
      stage: 2,
    },
    {
      name: "fine-tuning at 5e-5 a model whose weights a function of the project copies from what it is handed (rasbt's load_weights_into_gpt(model, params))",
      code: 'import torch\nfrom previous_chapters import GPTModel, load_weights_into_gpt\n\nmodel = GPTModel(BASE_CONFIG)\nload_weights_into_gpt(model, params)\noptimizer = torch.optim.AdamW(model.parameters(), lr=0.00005, weight_decay=0.1)\n',
      files: { 'previous_chapters.py': 'import torch\nfrom torch import nn\n\n\nclass GPTModel(nn.Module):\n    def __init__(self, cfg):\n        super().__init__()\n        self.tok_emb = nn.Embedding(cfg["vocab_size"], cfg["emb_dim"])\n        self.out_head = nn.Linear(cfg["emb_dim"], cfg["vocab_size"], bias=False)\n\n\ndef assign(left, right):\n    return torch.nn.Parameter(torch.tensor(right))\n\n\ndef load_weights_into_gpt(gpt, params):\n    gpt.tok_emb.weight = assign(gpt.tok_emb.weight, params["wte"])\n    gpt.out_head.weight = assign(gpt.out_head.weight, params["wte"])\n\n\ndef init_weights(gpt, n):\n    gpt.out_head.bias = nn.Parameter(torch.zeros(n))\n    gpt.tok_emb.weight.data.normal_(0, 0.02)\n' },
      stage: 2,
    },
    { name: 'SGD built under a condition of the run (`if use_momentum:`): a choice, left alone', code: 'import torch\n\nmodel = torch.nn.Linear(4, 2)\nif use_momentum:\n    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n', stage: 2 },
    {
      name: "an SGD that only drives an LR range test (pytorch-lr-finder's examples): the finder sweeps the rate",
      code: RANGE_TEST + 'lr_finder = LRFinder(model, optimizer, nn.CrossEntropyLoss(), device="cuda")\nlr_finder.range_test(trainloader, end_lr=10, num_iter=100)\n',
      stage: 2,
    },
    {
      name: "an Adam at a rate off the range handed to the project's own copy of the finder (class LRFinder in lr_finder.py)",
      code: RANGE_TEST.replace('from torch_lr_finder import LRFinder', 'from lr_finder import LRFinder').replace('optim.SGD(model.parameters(), lr=0.001, momentum=0.5)', 'optim.Adam(model.parameters(), lr=1e-7)') + 'LRFinder(model, optimizer, criterion).range_test(trainloader)\n',
      files: { 'lr_finder.py': 'class LRFinder:\n    def __init__(self, model, optimizer, criterion):\n        self.optimizer = optimizer\n' },
      stage: 2,
    },
    { name: 'hard negative: the option defaults to a rate in the range (`--lr` default 3e-4)', code: 'import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float, default=3e-4)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(model.parameters(), lr=args.lr)\n', stage: 3 },
    {
      name: "hard negative: AdamW one of the optimizers an option picks, the rate option defaulting to SGD's 0.1 (torchvision's references)",
      code: 'import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--opt", default="sgd")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nif args.opt == "sgd":\n    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)\nelif args.opt == "adamw":\n    opt = torch.optim.AdamW(model.parameters(), lr=args.lr)\n',
      stage: 3,
    },
    { name: 'hard negative: an option with no default', code: 'import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(model.parameters(), lr=args.lr)\n', stage: 3 },
    {
      name: 'SGD over a model loaded whole with torch.load (a transfer-learning model saved by another step of the project)',
      code: `import torch\nfrom torch import optim\n\nmodel_ft = torch.load("trained-models/transfer-learning-model.pth")\noptimizer_ft = optim.SGD(model_ft.parameters(), lr=0.001, momentum=0.9)\nnet = torch.load(path).to(device)\nopt2 = optim.SGD(filter(lambda p: p.requires_grad, net.parameters()), lr=0.01)\n`,
      stage: 2,
    },
    {
      name: 'SGD for a model of a registry or a factory built with a pretrained flag the analysis cannot read (FixMatch, mean-teacher)',
      code: `import torch\nimport torchvision\n\nmodel = MODEL_GETTERS[args.model](num_classes=10, pretrained=args.pretrained)\nopt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\nfactory = torchvision.models.__dict__[args.arch]\nnet = factory(**dict(pretrained=args.pretrained, num_classes=10))\nopt2 = torch.optim.SGD(net.parameters(), lr=0.1)\n`,
      stage: 2,
    },
    {
      name: 'SGD whose rate the file searches for (a Ray Tune trainable reading config["lr"]): the tuning the message asks for',
      code: `import torch.optim as optim\nfrom ray import tune\n\n\ndef train_mnist(config):\n    model = ConvNet()\n    optimizer = optim.SGD(model.parameters(), lr=config["lr"], momentum=0.9)\n    for i in range(10):\n        train(model, optimizer, train_loader)\n\n\nanalysis = tune.run(train_mnist, config={"lr": tune.grid_search([0.001, 0.01, 0.1])})\n`,
      stage: 2,
    },
    {
      name: 'the same in an Optuna objective',
      code: `import optuna\nimport torch\n\n\ndef objective(trial):\n    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)\n    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n    return fit(optimizer)\n\n\nstudy = optuna.create_study()\nstudy.optimize(objective, n_trials=20)\n`,
      stage: 2,
    },
    {
      name: 'SGD on a torchvision model whose weights come from the command line (weights=args.weights): maybe pretrained, as in the references',
      code: `import torch\nimport torchvision\n\nmodel = torchvision.models.get_model(args.model, weights=args.weights, num_classes=21)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)\n`,
      stage: 2,
    },
    {
      name: "fine-tuning pretrained weights the rule learns from the code: OpenAI's clip.load (Adam at 1e-7), a model of the project built with pretrained=True, a state dict from an ImageNet path, getattr(torchvision.models, arch)(True) (SGD)",
      code: `import clip\nimport torch\nimport torchvision\n\nmodel, preprocess = clip.load("ViT-B/32", jit=False)\nopt = torch.optim.Adam(model.parameters(), lr=1e-7)\nnet = C3D(num_classes=101, pretrained=True)\nsgd = torch.optim.SGD(net.parameters(), lr=1e-3, momentum=0.9)\ni3d = InceptionI3d(400)\ni3d.load_state_dict(torch.load("models/rgb_imagenet.pt"))\nsgd2 = torch.optim.SGD(i3d.parameters(), lr=0.1)\nbackbone = getattr(torchvision.models, arch)(True)\nsgd3 = torch.optim.SGD(backbone.parameters(), 0.001, momentum=0.9)\n`,
      stage: 2,
    },
    {
      name: 'Hugging Face TrainingArguments fine-tuning at 2e-5, at 1e-3, from a command-line value, and with Adafactor at 1e-2',
      code: `from transformers import TrainingArguments, Seq2SeqTrainingArguments as S2S\n\nLR = 2e-5\na = TrainingArguments(output_dir="o", learning_rate=LR)\nb = TrainingArguments(output_dir="o", learning_rate=1e-3)\nc = S2S(output_dir="o", learning_rate=args.lr)\nd = S2S(output_dir="o", optim="adafactor", learning_rate=1e-2)\ne = TrainingArguments(output_dir="o", optim=args.optim, learning_rate=1e-2)\nf = TrainingArguments(**config, learning_rate=1e-2)\n`,
      stage: 2,
    },
    {
      name: 'Hugging Face TrainingArguments with optim="sgd" fine-tuning a pretrained model (ViT\'s recipe)',
      code: `from transformers import AutoModelForImageClassification, TrainingArguments\n\nmodel = AutoModelForImageClassification.from_pretrained("google/vit-base-patch16-224-in21k", num_labels=10)\nargs = TrainingArguments(output_dir="out", learning_rate=0.01, optim="sgd", seed=42)\n`,
      stage: 2,
    },
    {
      name: 'Hugging Face TrainingArguments with optim="sgd" and a model from another file (the Trainer fine-tunes)',
      code: `from transformers import Trainer, TrainingArguments\nfrom Load_Pretrained_Weights import model\n\nargs = TrainingArguments(output_dir="out", learning_rate=0.01, optim="sgd")\nTrainer(model=model, args=args).train()\n`,
      stage: 2,
    },
    {
      name: 'hard negative: a class of the project named TrainingArguments is not Hugging Face\'s',
      code: `class TrainingArguments:\n    def __init__(self, learning_rate, optim):\n        pass\n\nargs = TrainingArguments(learning_rate=0.1, optim="sgd")\n`,
      stage: 2,
    },
    {
      name: 'SGD fine-tuning pretrained weights loaded with load_from (ViT-pytorch, TransFG): a published recipe of its own',
      code: `import numpy as np\nimport torch\n\nmodel = VisionTransformer(config, 448, zero_head=True, num_classes=200)\nmodel.load_from(np.load(args.pretrained_dir))\noptimizer = torch.optim.SGD(model.parameters(), lr=3e-2, momentum=0.9, weight_decay=0)\n`,
      stage: 2,
    },
    {
      name: 'SGD fine-tuning a state dict loaded from a pretrained path',
      code: `import torch\n\nmodel = Net()\nmodel.load_state_dict(torch.load(args.pretrained_path))\noptimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)\n`,
      stage: 3,
    },
    {
      name: 'Adam whose every parameter group sets its own rate: the constructor rate sets none',
      code: `import torch\n\ngroups = [{"params": body.parameters(), "lr": 1e-4}, {"params": head.parameters(), "lr": 1e-3}]\nopt = torch.optim.Adam(groups, lr=1e-2)\n`,
      stage: 2,
    },
    { name: "Adam over one parameter group whose rate is in the range (`dict(params=…, lr=1e-4)`, SMP's examples; review 129)", code: `import torch\n\noptimizer = torch.optim.Adam([\n    dict(params=model.parameters(), lr=1e-4),\n])\n`, stage: 2 },
    { name: 'Adam over two groups with rates of their own and no constructor rate (differential rates are a choice)', code: `import torch\n\nopt = torch.optim.Adam([dict(params=body.parameters(), lr=1e-5), dict(params=head.parameters(), lr=1e-3)])\n`, stage: 2 },
    { name: 'a rate written into the first parameter group directly', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=1e-2)\nopt.param_groups[0]["lr"] = warmup(0)\n`, stage: 2 },
    { name: 'lr=0 as a placeholder for a warm-up wrapper in another file (MusicTransformer)', code: `import torch.optim as optim\nfrom custom.criterion import CustomSchedule\n\nopt = optim.Adam(model.parameters(), lr=0, betas=(0.9, 0.98))\nscheduler = CustomSchedule(512, optimizer=opt)\n`, files: { 'custom/criterion.py': `class CustomSchedule:\n    def __init__(self, d_model, optimizer=None):\n        self.optimizer = optimizer\n\n    def step(self):\n        rate = self._rate()\n        for p in self.optimizer.param_groups:\n            p['lr'] = rate\n        self.optimizer.step()\n` }, stage: 2 },
    {
      name: "a OneCycleLR or CyclicLR built over the optimizer sets its groups' rates from its own: the constructor's lr is never used",
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=5e-3)\nscheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer=optimizer, max_lr=1e-3, epochs=5, steps_per_epoch=8)\nopt2 = torch.optim.Adam(net.parameters(), lr=1e-2)\nsched2 = torch.optim.lr_scheduler.CyclicLR(opt2, base_lr=1e-4, max_lr=1e-3, cycle_momentum=False)\n`,
      stage: 2,
    },
    { name: 'a Noam schedule: Adam at lr=1.0 multiplied by a LambdaLR', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=1.0, betas=(0.9, 0.98))\nsched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 512 ** -0.5 * min((s + 1) ** -0.5, (s + 1) * 4000 ** -1.5))\n`, stage: 3 },
    { name: 'rates written into the parameter groups by the file', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=1e-2)\nfor step in range(1000):\n    for g in opt.param_groups:\n        g["lr"] = warmup(step)\n`, stage: 2 },
    { name: "an optimizer over an adversarial input (a PGD attack zeroing its gradient)", code: `import torch.optim as optim\n\nX_pgd = X.clone().requires_grad_(True)\nopt = optim.SGD([X_pgd], lr=1e-3)\nopt.zero_grad()\n`, stage: 2 },
    {
      name: 'SGD for a model with sparse gradients (EmbeddingBag(sparse=True), in a model of another file): Adam does not take them',
      code: `import torch\nfrom models import TextModel\n\nmodel = TextModel(vocab_size, 64, 4)\noptimizer = torch.optim.SGD(model.parameters(), lr=5.0)\n`,
      files: { 'models.py': `from torch import nn\n\n\nclass TextModel(nn.Module):\n    def __init__(self, vocab_size, embed_dim, num_class):\n        super().__init__()\n        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, sparse=True)\n        self.fc = nn.Linear(embed_dim, num_class)\n` },
      stage: 2,
    },
    {
      name: 'fine-tuning a pretrained transformer at 5e-5 (below a from-scratch baseline, as fine-tuning should be)',
      code: `import torch\nfrom transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)\noptimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)\n`,
      stage: 2,
    },
    {
      name: "an RL agent's rate follows its algorithm (REINFORCE at 1e-2 on gymnasium)",
      code: `import gymnasium as gym\nimport torch\n\nenv = gym.make("CartPole-v1")\npolicy = Policy()\noptimizer = torch.optim.Adam(policy.parameters(), lr=1e-2)\n`,
      stage: 2,
    },
    { name: 'Adam at 3e-4', code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n`, stage: 2 },
    { name: 'the bounds are inside: 1e-3', code: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)\n`, stage: 3 },
    { name: 'the bounds are inside: 1e-4', code: `from torch.optim import Adam\n\noptimizer = Adam(model.parameters(), lr=1e-4)\n`, stage: 3 },
    { name: "Adam's default rate (1e-3) is fine", code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters())\n`, stage: 2 },
    { name: 'a rate from the command line cannot be read', code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=args.lr)\n`, stage: 2 },
    { name: 'stage 4: tuning the rate is fair game', code: BAD, stage: 4 },
    { name: 'stage unknown', code: BAD },
    {
      name: 'SGD chosen behind a flag next to Adam',
      code: `import torch\n\nif args.optimizer == "sgd":\n    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\nelse:\n    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n`,
      stage: 2,
    },
    { name: 'not torch.optim', code: `from mylib import Adam\n\noptimizer = Adam(model.parameters(), lr=0.1)\n`, stage: 2 },
    // SGD fine-tuning pretrained weights that enter through another file of the project, or an option's help
    { name: 'the model class of another file builds its backbone pretrained (pretrained=True)', code: SGD_SEG, files: { 'model/net.py': segNet('torchvision.models.resnet50(pretrained=True)') }, stage: 2 },
    {
      name: "PSPNet: the model class takes `pretrained=True` by default and hands it to the project's own ResNet builder",
      code: SGD_SEG,
      files: { 'model/net.py': 'import torch.nn as nn\nimport model.resnet as models\n\n\nclass SegNet(nn.Module):\n    def __init__(self, classes=21, pretrained=True):\n        super().__init__()\n        self.backbone = models.resnet50(pretrained=pretrained)\n' },
      stage: 2,
    },
    {
      name: 'two files away: the model file takes its backbone from backbone.py, which loads ImageNet weights',
      code: SGD_SEG,
      files: { 'model/net.py': 'import torch.nn as nn\nfrom model.backbone import build_backbone\n\n\nclass SegNet(nn.Module):\n    def __init__(self, classes=21):\n        super().__init__()\n        self.backbone = build_backbone()\n', 'model/backbone.py': 'import torchvision\n\n\ndef build_backbone():\n    return torchvision.models.resnet50(weights="IMAGENET1K_V2")\n' },
      stage: 2,
    },
    { name: 'ssd.pytorch: a state dict loaded from an option whose help says "Pretrained base model"', code: basenet('Pretrained base model'), stage: 2 },
    { name: 'the same through a method of the model\'s class, `net.init_from_base_net(args.base_net)` (qfgaohao\'s pytorch-ssd; review 118)', code: SSD_METHOD('Pretrained base model'), stage: 2 },
    { name: 'the same on a model from a factory the analysis cannot read (`create_vgg_ssd(…)`): the method is named for loading', code: SSD_METHOD('Pretrained base model').replace('net = SSD()', 'net = create_vgg_ssd(21)'), stage: 2 },
    {
      name: 'SGD fine-tuning weights loaded with load_from(weights=…) (TransUNet; review 116)',
      code: `import numpy as np\nimport torch\nfrom torch import nn\n\n\nclass ViTSeg(nn.Module):\n    def load_from(self, weights):\n        with torch.no_grad():\n            self.embed.weight.copy_(torch.from_numpy(weights["embedding/kernel"]))\n\n\nnet = ViTSeg()\nnet.load_from(weights=np.load('../model/vit_checkpoint/imagenet21k/R50+ViT-B_16.npz'))\noptimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=0.0001)\nfor x, y in trainloader:\n    optimizer.zero_grad()\n    nn.functional.cross_entropy(net(x), y).backward()\n    optimizer.step()\n`,
      stage: 2,
    },
    {
      name: "pytorch-deeplab-xception: a backbone's state dict downloaded from the model zoo (`model_zoo.load_url`)",
      code: 'import torch\nimport torch.utils.model_zoo as model_zoo\n\n\nclass Backbone(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.load_state_dict(model_zoo.load_url("https://download.pytorch.org/models/resnet101-5d3b4d8f.pth"), strict=False)\n\n\nmodel = Backbone()\nopt = torch.optim.SGD(model.parameters(), lr=0.007, momentum=0.9)\n',
      stage: 2,
    },
    {
      name: 'three files away, through `from modeling.backbone import resnet` (a module of the package, not a name in it)',
      code: 'import torch\nfrom modeling.deeplab import *\n\nmodel = DeepLab()\nopt = torch.optim.SGD(model.parameters(), lr=0.007, momentum=0.9)\n',
      files: {
        'modeling/__init__.py': '',
        'modeling/deeplab.py': 'import torch.nn as nn\nfrom modeling.backbone import build_backbone\n\n\nclass DeepLab(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.backbone = build_backbone("resnet")\n',
        'modeling/backbone/__init__.py': 'from modeling.backbone import resnet\n\n\ndef build_backbone(name):\n    return resnet.ResNet101()\n',
        'modeling/backbone/resnet.py': 'import torchvision\n\n\ndef ResNet101(pretrained=True):\n    return torchvision.models.resnet101(pretrained=pretrained)\n',
      },
      stage: 2,
    },
    {
      name: "DeepLabV3Plus-Pytorch: `import network`, whose __init__.py star-imports the module that builds the backbone with `pretrained=pretrained_backbone` (True by default)",
      code: 'import torch\nimport network\n\nmodel_map = {"deeplabv3_resnet50": network.deeplabv3_resnet50}\nmodel = model_map[opts.model](num_classes=21)\nopt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)\n',
      files: {
        'network/__init__.py': 'from .modeling import *\n',
        'network/modeling.py': 'import torchvision\n\n\ndef _segm_resnet(num_classes, pretrained_backbone=True):\n    return torchvision.models.resnet50(pretrained=pretrained_backbone)\n\n\ndef deeplabv3_resnet50(num_classes=21, pretrained_backbone=True):\n    return _segm_resnet(num_classes, pretrained_backbone=pretrained_backbone)\n',
      },
      stage: 2,
    },
  ],
  invalid: [
    {
      name: "a pretrained VGG in a perceptual loss's class is no fine-tuning: the generator's Adam at 1e-5 is judged (review 152)",
      code: "import torch\nfrom torch import nn\nfrom torchvision.models import vgg19\n\n\nclass VGGPerceptualLoss(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.vgg = vgg19(pretrained=True).features[:35]\n\n    def forward(self, sr, hr):\n        return nn.functional.l1_loss(self.vgg(sr), self.vgg(hr))\n\n\ngenerator = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 3, 3, padding=1))\ncriterion = VGGPerceptualLoss()\noptimizer = torch.optim.Adam(generator.parameters(), lr=1e-5)\nfor lr_img, hr_img in loader:\n    optimizer.zero_grad()\n    criterion(generator(lr_img), hr_img).backward()\n    optimizer.step()\n",
      stage: 3,
      errors: [{ text: '1e-5' }],
      output: "import torch\nfrom torch import nn\nfrom torchvision.models import vgg19\n\n\nclass VGGPerceptualLoss(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.vgg = vgg19(pretrained=True).features[:35]\n\n    def forward(self, sr, hr):\n        return nn.functional.l1_loss(self.vgg(sr), self.vgg(hr))\n\n\ngenerator = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 3, 3, padding=1))\ncriterion = VGGPerceptualLoss()\noptimizer = torch.optim.Adam(generator.parameters(), lr=3e-4)\nfor lr_img, hr_img in loader:\n    optimizer.zero_grad()\n    criterion(generator(lr_img), hr_img).backward()\n    optimizer.step()\n",
    },
    {
      name: 'hard negative: the same option said to hold a checkpoint to resume from',
      code: 'import argparse\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torch.utils.data import DataLoader, TensorDataset\n\nparser = argparse.ArgumentParser()\nparser.add_argument(\'--refine\', default=\'last.pth.tar\', type=str, help=\'path to the checkpoint to resume from\')\nparser.add_argument(\'--lr\', type=float, default=0.001)\nargs = parser.parse_args()\n\ntorch.manual_seed(0)\ntrain_loader = DataLoader(TensorDataset(torch.randn(256, 10), torch.randint(0, 2, (256,))), batch_size=32, shuffle=True)\n\ncheckpoint = torch.load(args.refine)\nmodel = nn.Sequential(nn.Linear(10, checkpoint[\'cfg\'][0]), nn.ReLU(), nn.Linear(checkpoint[\'cfg\'][0], 2))\nmodel.load_state_dict(checkpoint[\'state_dict\'])\n\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=1e-4)\n\nfor epoch in range(40):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        F.cross_entropy(model(x), y).backward()\n        optimizer.step()\n',
      path: 'finetune.py',
      stage: 2,
      errors: [{ text: 'torch.optim.SGD' }],
      output: 'import argparse\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torch.utils.data import DataLoader, TensorDataset\n\nparser = argparse.ArgumentParser()\nparser.add_argument(\'--refine\', default=\'last.pth.tar\', type=str, help=\'path to the checkpoint to resume from\')\nparser.add_argument(\'--lr\', type=float, default=0.001)\nargs = parser.parse_args()\n\ntorch.manual_seed(0)\ntrain_loader = DataLoader(TensorDataset(torch.randn(256, 10), torch.randint(0, 2, (256,))), batch_size=32, shuffle=True)\n\ncheckpoint = torch.load(args.refine)\nmodel = nn.Sequential(nn.Linear(10, checkpoint[\'cfg\'][0]), nn.ReLU(), nn.Linear(checkpoint[\'cfg\'][0], 2))\nmodel.load_state_dict(checkpoint[\'state_dict\'])\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-4)\n\nfor epoch in range(40):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        F.cross_entropy(model(x), y).backward()\n        optimizer.step()\n',
    },
    {
      name: 'a rate read from a constant of the config module the script imports (`import config as CFG`, `lr = 1e-2` there; review 142)',
      code: 'import torch\nimport config as CFG\n\noptimizer = torch.optim.Adam(model.parameters(), lr=CFG.lr)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n',
      files: { 'config.py': 'lr = 1e-2\nepochs = 10\n' },
      stage: 2,
      errors: [{ line: 4, text: 'CFG.lr', message: '(0.01)' }],
    },
    {
      name: "hard negative: the same config choosing Adam (`optimizer = 'adam'`) at SGD's rate",
      code: "import torch\nfrom torch import nn\n\n\nclass Config(object):\n    optimizer = 'adam'\n    lr = 1e-1\n    weight_decay = 5e-4\n\n\nopt = Config()\nmodel = nn.Linear(10, 2)\n\nif opt.optimizer == 'sgd':\n    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr)\nelse:\n    optimizer = torch.optim.Adam(model.parameters(), lr=opt.lr)\n",
      stage: 2,
      errors: [{ line: 17, text: 'opt.lr', message: '(0.1)' }],
    },
    {
      name: 'hard negative: the same SGD over the model',
      code: 'import torch\n\n\ndef make_optimizer_with_center(cfg, model, center_criterion):\n    params = [{"params": [p], "lr": cfg.SOLVER.BASE_LR} for p in model.parameters()]\n    optimizer = getattr(torch.optim, cfg.SOLVER.OPTIMIZER_NAME)(params)\n    optimizer_center = torch.optim.SGD(model.parameters(), lr=cfg.SOLVER.CENTER_LR)\n    return optimizer, optimizer_center\n',
      stage: 2,
      errors: [{ line: 7, text: 'torch.optim.SGD' }],
      output: 'import torch\n\n\ndef make_optimizer_with_center(cfg, model, center_criterion):\n    params = [{"params": [p], "lr": cfg.SOLVER.BASE_LR} for p in model.parameters()]\n    optimizer = getattr(torch.optim, cfg.SOLVER.OPTIMIZER_NAME)(params)\n    optimizer_center = torch.optim.SGD(model.parameters(), lr=cfg.SOLVER.CENTER_LR)\n    return optimizer, optimizer_center\n'.replace('torch.optim.SGD(model.parameters(), lr=cfg.SOLVER.CENTER_LR)', 'torch.optim.Adam(model.parameters(), lr=3e-4)'),
    },
    {
      name: 'hard negative: link prediction over mini-batches of edges drawn from a loader',
      code: 'import torch\nfrom torch.utils.data import DataLoader\nfrom torch_geometric.datasets import Planetoid\nfrom torch_geometric.nn import GCNConv\nfrom torch_geometric.utils import negative_sampling\nimport torch_geometric.transforms as T\n\ntorch.manual_seed(0)\nsplit = T.RandomLinkSplit(num_val=0.05, num_test=0.1, add_negative_train_samples=False)\ntrain_data, val_data, test_data = Planetoid(\'data\', \'Cora\', transform=split)[0]\n\n\nclass Net(torch.nn.Module):\n    def __init__(self, i):\n        super().__init__()\n        self.conv1 = GCNConv(i, 128)\n        self.conv2 = GCNConv(128, 64)\n\n    def encode(self, x, edge_index):\n        return self.conv2(self.conv1(x, edge_index).relu(), edge_index)\n\n    def decode(self, z, edge_label_index):\n        return (z[edge_label_index[0]] * z[edge_label_index[1]]).sum(dim=-1)\n\n\nmodel = Net(train_data.num_features)\noptimizer = torch.optim.Adam(model.parameters(), lr=0.01)\ncriterion = torch.nn.BCEWithLogitsLoss()\n\n\ndef train():\n    model.train()\n    for perm in DataLoader(range(train_data.edge_label_index.size(1)), 512, shuffle=True):\n        optimizer.zero_grad()\n        z = model.encode(train_data.x, train_data.edge_index)\n        pos = train_data.edge_label_index[:, perm]\n        neg = negative_sampling(train_data.edge_index, num_nodes=train_data.num_nodes,\n                                num_neg_samples=pos.size(1))\n        edge_label_index = torch.cat([pos, neg], dim=-1)\n        edge_label = torch.cat([torch.ones(pos.size(1)), torch.zeros(neg.size(1))])\n        loss = criterion(model.decode(z, edge_label_index), edge_label)\n        loss.backward()\n        optimizer.step()\n    return loss.item()\n\n\nfor epoch in range(100):\n    print(epoch, train())\n',
      stage: 2,
      errors: [{ line: 27, text: '0.01' }],
      output: 'import torch\nfrom torch.utils.data import DataLoader\nfrom torch_geometric.datasets import Planetoid\nfrom torch_geometric.nn import GCNConv\nfrom torch_geometric.utils import negative_sampling\nimport torch_geometric.transforms as T\n\ntorch.manual_seed(0)\nsplit = T.RandomLinkSplit(num_val=0.05, num_test=0.1, add_negative_train_samples=False)\ntrain_data, val_data, test_data = Planetoid(\'data\', \'Cora\', transform=split)[0]\n\n\nclass Net(torch.nn.Module):\n    def __init__(self, i):\n        super().__init__()\n        self.conv1 = GCNConv(i, 128)\n        self.conv2 = GCNConv(128, 64)\n\n    def encode(self, x, edge_index):\n        return self.conv2(self.conv1(x, edge_index).relu(), edge_index)\n\n    def decode(self, z, edge_label_index):\n        return (z[edge_label_index[0]] * z[edge_label_index[1]]).sum(dim=-1)\n\n\nmodel = Net(train_data.num_features)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ncriterion = torch.nn.BCEWithLogitsLoss()\n\n\ndef train():\n    model.train()\n    for perm in DataLoader(range(train_data.edge_label_index.size(1)), 512, shuffle=True):\n        optimizer.zero_grad()\n        z = model.encode(train_data.x, train_data.edge_index)\n        pos = train_data.edge_label_index[:, perm]\n        neg = negative_sampling(train_data.edge_index, num_nodes=train_data.num_nodes,\n                                num_neg_samples=pos.size(1))\n        edge_label_index = torch.cat([pos, neg], dim=-1)\n        edge_label = torch.cat([torch.ones(pos.size(1)), torch.zeros(neg.size(1))])\n        loss = criterion(model.decode(z, edge_label_index), edge_label)\n        loss.backward()\n        optimizer.step()\n    return loss.item()\n\n\nfor epoch in range(100):\n    print(epoch, train())\n',
    },
    {
      name: "Adam over one parameter group whose own rate is outside the range: it is the training's rate (review 129)",
      code: `import torch\n\noptimizer = torch.optim.Adam([\n    dict(params=model.parameters(), lr=1e-5),\n])\n`,
      stage: 2,
      errors: [{ line: 4, text: '1e-5', message: 'lr=1e-5 is outside the safe range' }],
      output: `import torch\n\noptimizer = torch.optim.Adam([\n    dict(params=model.parameters(), lr=3e-4),\n])\n`,
    },
    {
      name: 'the same written as a dict literal',
      code: `import torch\n\nopt = torch.optim.AdamW([{"params": model.parameters(), "lr": 1e-2}])\n`,
      stage: 2,
      errors: [{ line: 3, text: '1e-2' }],
      output: `import torch\n\nopt = torch.optim.AdamW([{"params": model.parameters(), "lr": 3e-4}])\n`,
    },
    {
      name: 'hard negative: a method of a model from a factory, named for something else than loading, handed the pretrained path',
      code: SSD_METHOD('Pretrained base model').replace('net = SSD()', 'net = create_vgg_ssd(21)').replace('net.init_from_base_net(args.base_net)', 'net.describe(args.base_net)'),
      stage: 2,
      errors: [{ line: 15, message: 'use Adam at lr=3e-4 for the baseline' }],
      output: SSD_METHOD('Pretrained base model').replace('net = SSD()', 'net = create_vgg_ssd(21)').replace('net.init_from_base_net(args.base_net)', 'net.describe(args.base_net)').replace('torch.optim.SGD(net.parameters(), lr=1e-3, momentum=0.9)', 'torch.optim.Adam(net.parameters(), lr=3e-4)'),
    },
    {
      name: 'hard negative: the base net loaded by the model\'s method from a checkpoint to resume',
      code: SSD_METHOD('checkpoint to resume from'),
      stage: 2,
      errors: [{ line: 15, message: 'use Adam at lr=3e-4 for the baseline' }],
      output: SSD_METHOD('checkpoint to resume from').replace('torch.optim.SGD(net.parameters(), lr=1e-3, momentum=0.9)', 'torch.optim.Adam(net.parameters(), lr=3e-4)'),
    },
    {
      name: "hard negative: the schedule demo's optimizer handed to another project file's training function",
      code: SCHEDULE_DEMO('    train(model, optimizer)\n', 'from engine import train\n'),
      files: { 'engine.py': 'def train(model, optimizer):\n    pass\n' },
      stage: 3,
      errors: [{ line: 17, message: 'use Adam at lr=3e-4 for the baseline' }],
      output: SCHEDULE_DEMO('    train(model, optimizer)\n', 'from engine import train\n').replace('torch.optim.SGD(model.parameters(), lr=999)', 'torch.optim.Adam(model.parameters(), lr=3e-4)'),
    },
    {
      name: 'hard negative: the SGD helper alone',
      code: OPTIMIZERS(''),
      stage: 3,
      errors: [{ line: 6, message: 'use Adam at lr=3e-4 for the baseline' }],
      output: OPTIMIZERS('').replace('torch.optim.SGD(model.parameters(), lr=lr, momentum=0.0)', 'torch.optim.Adam(model.parameters(), lr=3e-4)'),
    },
    {
      name: 'hard negative: the same loop drawing a random batch each step is mini-batch training',
      code: GCN('F.nll_loss(output[idx_train], labels[idx_train])', '0.01', '    idx_train = torch.randint(0, 2708, (64,))\n'),
      stage: 3,
      errors: [{ line: 8, text: '0.01' }],
      output: GCN('F.nll_loss(output[idx_train], labels[idx_train])', '3e-4', '    idx_train = torch.randint(0, 2708, (64,))\n'),
    },
    {
      name: 'hard negative: an index under another name drawn anew in each step is mini-batch training',
      code: GCN('F.nll_loss(output[mask], labels[mask])', '0.01', '    mask = batches[epoch]\n'),
      stage: 3,
      errors: [{ line: 8, text: '0.01' }],
      output: GCN('F.nll_loss(output[mask], labels[mask])', '3e-4', '    mask = batches[epoch]\n'),
    },
    {
      name: 'hard negative: the outputs and the labels picked by different indices',
      code: GCN('F.nll_loss(output[mask], labels[other])'),
      stage: 3,
      errors: [{ line: 8, text: '0.01' }],
      output: GCN('F.nll_loss(output[mask], labels[other])', '3e-4'),
    },
    {
      name: 'hard negative: full-batch, but a rate above 1e-2',
      code: GCN('F.nll_loss(output[idx_train], labels[idx_train])', '0.05'),
      stage: 3,
      errors: [{ line: 8, text: '0.05' }],
      output: GCN('F.nll_loss(output[idx_train], labels[idx_train])', '3e-4'),
    },
    {
      name: 'hard negative: a loss on the whole output, no training index (not known to be full-batch node classification)',
      code: GCN('F.nll_loss(output, labels)'),
      stage: 3,
      errors: [{ line: 8, text: '0.01' }],
      output: GCN('F.nll_loss(output, labels)', '3e-4'),
    },
    {
      name: 'hard negative: SGD bound to the name with no choice',
      code: "import torch\nimport torch.nn.functional as F\nfrom torch.optim import SGD, Adam\n\n\ndef get_optimizer(cfg, model):\n    optim_class = SGD\n\n    return optim_class(model.parameters(), **cfg.optim[cfg.optim_name])\n\n\ndef main(cfg, train_dl):\n    torch.manual_seed(cfg.seed)\n    model = torch.nn.Linear(1024, 1000)\n    optim = get_optimizer(cfg, model)\n    for epoch in range(cfg.num_epochs):\n        model.train()\n        for embeddings, labels in train_dl:\n            optim.zero_grad()\n            loss = F.cross_entropy(model(embeddings), labels)\n            loss.backward()\n            optim.step()\n",
      stage: 2,
      errors: [{ line: 9, text: 'optim_class' }],
    },
    {
      name: 'hard negative: the same SGD, stepped',
      code: "import torch\nfrom torch import optim\n\n\nclass EWC:\n    def __init__(self, network, device):\n        self._network = network\n        self._device = device\n\n    def getFisherDiagonal(self, train_loader):\n        fisher = {n: torch.zeros(p.shape) for n, p in self._network.named_parameters()}\n        self._network.train()\n        # only used to clear the gradients, never stepped\n        optimizer = optim.SGD(self._network.parameters(), lr=0.1)\n        for i, (inputs, targets) in enumerate(train_loader):\n            logits = self._network(inputs)\n            loss = torch.nn.functional.cross_entropy(logits, targets)\n            optimizer.zero_grad()\n            loss.backward()\n            optimizer.step()\n            for n, p in self._network.named_parameters():\n                if p.grad is not None:\n                    fisher[n] += p.grad.pow(2).clone()\n        return fisher\n",
      stage: 2,
      errors: [{ line: 14, text: 'optim.SGD' }],
      output: "import torch\nfrom torch import optim\n\n\nclass EWC:\n    def __init__(self, network, device):\n        self._network = network\n        self._device = device\n\n    def getFisherDiagonal(self, train_loader):\n        fisher = {n: torch.zeros(p.shape) for n, p in self._network.named_parameters()}\n        self._network.train()\n        # only used to clear the gradients, never stepped\n        optimizer = optim.Adam(self._network.parameters(), lr=3e-4)\n        for i, (inputs, targets) in enumerate(train_loader):\n            logits = self._network(inputs)\n            loss = torch.nn.functional.cross_entropy(logits, targets)\n            optimizer.zero_grad()\n            loss.backward()\n            optimizer.step()\n            for n, p in self._network.named_parameters():\n                if p.grad is not None:\n                    fisher[n] += p.grad.pow(2).clone()\n        return fisher\n",
    },
    {
      name: 'hard negative: 5e-5 for a model a function of the project initialises (sizes and random values, nothing copied in)',
      code: 'import torch\nfrom previous_chapters import GPTModel, init_weights\n\nmodel = GPTModel(BASE_CONFIG)\ninit_weights(model, 50257)\noptimizer = torch.optim.AdamW(model.parameters(), lr=0.00005, weight_decay=0.1)\n',
      files: { 'previous_chapters.py': 'import torch\nfrom torch import nn\n\n\nclass GPTModel(nn.Module):\n    def __init__(self, cfg):\n        super().__init__()\n        self.tok_emb = nn.Embedding(cfg["vocab_size"], cfg["emb_dim"])\n        self.out_head = nn.Linear(cfg["emb_dim"], cfg["vocab_size"], bias=False)\n\n\ndef assign(left, right):\n    return torch.nn.Parameter(torch.tensor(right))\n\n\ndef load_weights_into_gpt(gpt, params):\n    gpt.tok_emb.weight = assign(gpt.tok_emb.weight, params["wte"])\n    gpt.out_head.weight = assign(gpt.out_head.weight, params["wte"])\n\n\ndef init_weights(gpt, n):\n    gpt.out_head.bias = nn.Parameter(torch.zeros(n))\n    gpt.tok_emb.weight.data.normal_(0, 0.02)\n' },
      stage: 2,
      errors: [{ text: '0.00005' }],
      output: 'import torch\nfrom previous_chapters import GPTModel, init_weights\n\nmodel = GPTModel(BASE_CONFIG)\ninit_weights(model, 50257)\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)\n',
    },
    {
      name: "SGD built under `if __name__ == '__main__':` is what the script runs, not a choice behind a flag (pytorch-cifar100's train.py)",
      code: "import torch\n\nif __name__ == '__main__':\n    model = torch.nn.Linear(4, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n",
      stage: 2,
      errors: [{ line: 5, text: 'torch.optim.SGD' }],
      output: "import torch\n\nif __name__ == '__main__':\n    model = torch.nn.Linear(4, 2)\n    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n",
    },
    {
      name: 'hard negative: an SGD handed to a class of another library that happens to take an optimizer (not a range test)',
      code: RANGE_TEST.replace('from torch_lr_finder import LRFinder', 'from mylib import Trainer') + 'Trainer(model, optimizer).fit(trainloader)\n',
      stage: 2,
      errors: [{ line: 6, text: 'optim.SGD' }],
      output: RANGE_TEST.replace('from torch_lr_finder import LRFinder', 'from mylib import Trainer').replace('optim.SGD(model.parameters(), lr=0.001, momentum=0.5)', 'optim.Adam(model.parameters(), lr=3e-4)') + 'Trainer(model, optimizer).fit(trainloader)\n',
    },
    {
      name: 'Adam at a rate written as a power of ten (`lr=10**-2.5`, PyG AttentiveFP): the value shown to three digits',
      code: 'import torch\n\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(model.parameters(), lr=10**-2.5)\n',
      stage: 3,
      errors: [{ line: 4, text: '10**-2.5', message: 'lr=10**-2.5 (0.00316) is outside the safe range' }],
    },
    {
      name: 'Adam at the default of a command-line option far below the range (`--lr` default 1e-6): the message gives the default, no fix',
      code: 'import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float, default=1e-6)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(model.parameters(), lr=args.lr)\n',
      stage: 3,
      errors: [{ line: 8, text: 'args.lr', message: 'lr=args.lr (1e-6 by default) is outside the safe range' }],
    },
    {
      name: 'the same default in the options another module parses (`from config import args`): the message gives its text',
      code: 'import torch\nfrom config import args\n\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(model.parameters(), lr=args.lr)\n',
      files: { 'config.py': 'import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float, default=1e-6)\nargs = parser.parse_args()\n' },
      stage: 3,
      errors: [{ line: 5, text: 'args.lr', message: 'lr=args.lr (1e-6 by default) is outside the safe range' }],
    },
    {
      name: 'hard negative: the model class of another file builds its backbone without weights',
      code: SGD_SEG,
      files: { 'model/net.py': segNet('torchvision.models.resnet50(weights=None)') },
      stage: 2,
      errors: [{ line: 5, text: 'torch.optim.SGD' }],
      output: SGD_SEG.replace('torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)', 'torch.optim.Adam(model.parameters(), lr=3e-4)'),
    },
    {
      name: 'hard negative: a state dict loaded from an option whose help speaks of resuming, not of pretrained weights',
      code: basenet('checkpoint to resume from'),
      stage: 2,
      errors: [{ line: 10, text: 'optim.SGD' }],
      output: basenet('checkpoint to resume from').replace('optim.SGD(net.parameters(), lr=1e-3, momentum=0.9)', 'optim.Adam(net.parameters(), lr=3e-4)'),
    },
    {
      name: "hard negative: a model built here that loads a state dict resumed from the project's own checkpoint",
      code: `import torch\nfrom torch import optim\n\nmodel = Net()\nmodel.load_state_dict(torch.load("runs/last.pt"))\nopt = optim.SGD(model.parameters(), lr=0.1)\n`,
      stage: 2,
      errors: [{ line: 6, text: 'optim.SGD' }],
      output: `import torch\nfrom torch import optim\n\nmodel = Net()\nmodel.load_state_dict(torch.load("runs/last.pt"))\nopt = optim.Adam(model.parameters(), lr=3e-4)\n`,
    },
    {
      name: 'hard negative: the same registry with pretrained=False',
      code: `import torch\n\nmodel = MODEL_GETTERS[args.model](num_classes=10, pretrained=False)\nopt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n`,
      stage: 2,
      errors: [{ line: 4, text: 'torch.optim.SGD' }],
      output: `import torch\n\nmodel = MODEL_GETTERS[args.model](num_classes=10, pretrained=False)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n`,
    },
    {
      name: 'hard negative: a StepLR keeps the rate it is given; a OneCycleLR over another optimizer says nothing of this one',
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=5e-3)\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10)\nd_opt = torch.optim.Adam(disc.parameters(), lr=3e-4)\ng_opt = torch.optim.Adam(gen.parameters(), lr=1e-2)\nsched = torch.optim.lr_scheduler.OneCycleLR(d_opt, max_lr=1e-3, total_steps=100)\n`,
      stage: 2,
      errors: [{ line: 3, text: '5e-3' }, { line: 6, text: '1e-2' }],
      output: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10)\nd_opt = torch.optim.Adam(disc.parameters(), lr=3e-4)\ng_opt = torch.optim.Adam(gen.parameters(), lr=3e-4)\nsched = torch.optim.lr_scheduler.OneCycleLR(d_opt, max_lr=1e-3, total_steps=100)\n`,
    },
    {
      name: 'hard negative: SGD at a fixed rate in a file that searches other hyper-parameters, or a rate from a config with no search',
      code: `import torch.optim as optim\nfrom ray import tune\n\n\ndef train_mnist(config):\n    model = ConvNet(config["width"])\n    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n\n\nanalysis = tune.run(train_mnist, config={"width": tune.grid_search([32, 64])})\n`,
      stage: 2,
      errors: [{ line: 7, text: 'optim.SGD' }],
      output: `import torch.optim as optim\nfrom ray import tune\n\n\ndef train_mnist(config):\n    model = ConvNet(config["width"])\n    optimizer = optim.Adam(model.parameters(), lr=3e-4)\n\n\nanalysis = tune.run(train_mnist, config={"width": tune.grid_search([32, 64])})\n`,
    },
    {
      name: 'hard negative: a rate read from a config in a file that runs no search',
      code: `import torch\n\n\ndef train(config):\n    optimizer = torch.optim.SGD(model.parameters(), lr=config["lr"], momentum=0.9)\n`,
      stage: 2,
      errors: [{ line: 5, text: 'torch.optim.SGD' }],
      output: `import torch\n\n\ndef train(config):\n    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n`,
    },
    {
      name: 'hard negative: pretrained=False, a state dict from a path of its own, getattr(torchvision.models, arch)(False)',
      code: `import torch\nimport torchvision\n\nnet = C3D(num_classes=101, pretrained=False)\ni3d = InceptionI3d(400)\ni3d.load_state_dict(torch.load("runs/last.pt"))\nbackbone = getattr(torchvision.models, arch)(False)\nsgd = torch.optim.SGD(net.parameters(), lr=1e-3, momentum=0.9)\n`,
      stage: 2,
      errors: [{ line: 8, text: 'torch.optim.SGD' }],
      output: `import torch\nimport torchvision\n\nnet = C3D(num_classes=101, pretrained=False)\ni3d = InceptionI3d(400)\ni3d.load_state_dict(torch.load("runs/last.pt"))\nbackbone = getattr(torchvision.models, arch)(False)\nsgd = torch.optim.Adam(net.parameters(), lr=3e-4)\n`,
    },
    {
      name: "TRL's SFTConfig (TrainingArguments for supervised fine-tuning) with a learning_rate above 1e-3",
      code: `from trl import SFTConfig, SFTTrainer\n\nconfig = SFTConfig(output_dir="o", learning_rate=5e-3)\n`,
      stage: 2,
      errors: [{ line: 3, text: '5e-3', message: 'learning_rate=5e-3 is above 1e-3' }],
    },
    {
      name: 'Hugging Face TrainingArguments: optim="sgd" with a model built from scratch (a suggestion switches to AdamW), a learning_rate above 1e-3 (no fix)',
      code: `from transformers import AutoConfig, AutoModelForSequenceClassification, TrainingArguments, Seq2SeqTrainingArguments as S2S\n\nmodel = AutoModelForSequenceClassification.from_config(AutoConfig.from_pretrained("bert-base-uncased"))\nLR = 0.01\na = TrainingArguments(output_dir="o", optim="sgd", learning_rate=0.1)\nb = S2S(output_dir="o", learning_rate=LR)\nc = TrainingArguments(output_dir="o", optim="adamw_torch", learning_rate=5e6)\n`,
      stage: 2,
      errors: [
        { line: 5, text: '"sgd"', message: 'use Adam for the baseline' },
        { line: 6, text: 'LR', message: 'learning_rate=LR (0.01) is above 1e-3' },
        { line: 7, text: '5e6', message: 'learning_rate=5e6 is above 1e-3' },
      ],
      output: `from transformers import AutoConfig, AutoModelForSequenceClassification, TrainingArguments, Seq2SeqTrainingArguments as S2S\n\nmodel = AutoModelForSequenceClassification.from_config(AutoConfig.from_pretrained("bert-base-uncased"))\nLR = 0.01\na = TrainingArguments(output_dir="o", optim="adamw_torch", learning_rate=0.1)\nb = S2S(output_dir="o", learning_rate=LR)\nc = TrainingArguments(output_dir="o", optim="adamw_torch", learning_rate=5e6)\n`,
    },
    {
      name: 'hard negative: SGD that resumes its own checkpoint is not fine-tuning pretrained weights',
      code: `import torch\n\nmodel = Net()\nif args.resume:\n    model.load_state_dict(torch.load(args.resume)["state_dict"])\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n`,
      stage: 2,
      errors: [{ line: 6, text: 'torch.optim.SGD' }],
      output: `import torch\n\nmodel = Net()\nif args.resume:\n    model.load_state_dict(torch.load(args.resume)["state_dict"])\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n`,
    },
    {
      name: 'SGD whose rate the file writes into the parameter groups every epoch: reported without a fix (lr=3e-4 would be overwritten)',
      code: `import torch\n\n\ndef adjust_learning_rate(optimizer, epoch):\n    lr = 0.1 * (0.1 ** (epoch // 30))\n    for param_group in optimizer.param_groups:\n        param_group["lr"] = lr\n\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n`,
      stage: 2,
      errors: [{ line: 10, text: 'torch.optim.SGD' }],
    },
    {
      name: "hard negative: a settings dict's lr key is not the optimizer's rate",
      code: `import torch\n\ncfg = {}\ncfg["lr"] = 0.1\nopt = torch.optim.Adam(model.parameters(), lr=1e-2)\n`,
      stage: 2,
      errors: [{ line: 5, text: '1e-2' }],
      output: `import torch\n\ncfg = {}\ncfg["lr"] = 0.1\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n`,
    },
    {
      name: 'hard negative: a class the optimizer is handed to that does not set rates, and a model optimizer beside a tensor one',
      code: `import torch\n\n\nclass Logger:\n    def __init__(self, opt):\n        self.opt = opt\n\n\nopt = torch.optim.Adam(model.parameters(), lr=1e-2)\nlog = Logger(opt)\nopt2 = torch.optim.Adam([w], lr=1e-2)\n`,
      stage: 2,
      errors: [{ line: 9, text: '1e-2' }],
      output: `import torch\n\n\nclass Logger:\n    def __init__(self, opt):\n        self.opt = opt\n\n\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nlog = Logger(opt)\nopt2 = torch.optim.Adam([w], lr=1e-2)\n`,
    },
    {
      name: 'hard negative: fine-tuning, but at a rate above the range (still reported)',
      code: `import torch\nfrom transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)\noptimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)\n`,
      stage: 2,
      errors: [{ line: 5, text: '1e-2' }],
      output: `import torch\nfrom transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\n`,
    },
    {
      name: 'hard negative: a low rate for a model trained from scratch (still reported)',
      code: `import torch\nimport torchvision\n\nmodel = torchvision.models.resnet18(num_classes=10)\noptimizer = torch.optim.Adam(model.parameters(), lr=1e-5)\n`,
      stage: 2,
      errors: [{ line: 5, text: '1e-5' }],
      output: `import torch\nimport torchvision\n\nmodel = torchvision.models.resnet18(num_classes=10)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n`,
    },
    {
      name: 'Adam at 0.01, stage 2',
      code: BAD,
      stage: 2,
      errors: [{ line: 3, text: '0.01', message: 'In stage 2 (skeleton), start from Adam at lr=3e-4: lr=0.01 is outside' }],
      output: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n`,
    },
    {
      name: 'AdamW at 1e-5, positional, stage 3',
      code: `import torch.optim as optim\n\nopt = optim.AdamW(net.parameters(), 1e-5)\n`,
      stage: 3,
      errors: [{ text: '1e-5', message: 'In stage 3 (overfit)' }],
      output: `import torch.optim as optim\n\nopt = optim.AdamW(net.parameters(), 3e-4)\n`,
    },
    {
      name: 'a rate from a module constant: reported, no fix (the constant may be used elsewhere)',
      code: `import torch\n\nLR = 0.1\noptimizer = torch.optim.Adam(model.parameters(), lr=LR)\n`,
      stage: 2,
      errors: [{ text: 'LR', message: 'lr=LR (0.1) is outside' }],
    },
    {
      name: 'SGD with weight decay: a suggestion rewrites it to AdamW, keeping the decay (Adam would couple it, NR403)',
      code: `import torch\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)\n`,
      stage: 2,
      errors: [{ text: 'torch.optim.SGD', message: 'use Adam at lr=3e-4 for the baseline' }],
      output: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=5e-4)\n`,
    },
    {
      name: 'SGD without weight decay (or with none, weight_decay=0): a suggestion rewrites it to Adam',
      code: `import torch\n\nopt_a = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\nopt_b = torch.optim.SGD(head.parameters(), lr=0.1, weight_decay=0)\n`,
      stage: 2,
      errors: [{ line: 3 }, { line: 4 }],
      output: `import torch\n\nopt_a = torch.optim.Adam(model.parameters(), lr=3e-4)\nopt_b = torch.optim.Adam(head.parameters(), lr=3e-4)\n`,
    },
    {
      name: 'SGD over parameter groups with rates of their own: reported without a fix (the groups would override lr=3e-4)',
      code: `import torch\n\nlr = 1e-2\ntrain_params = [{"params": body.parameters(), "lr": lr}, {"params": head.parameters(), "lr": lr * 10}]\noptimizer = torch.optim.SGD(train_params, lr=lr, momentum=0.9, weight_decay=5e-4)\n`,
      stage: 2,
      errors: [{ line: 5, text: 'torch.optim.SGD' }],
    },
    {
      name: 'hard negative: Adam whose groups set a rate for some parameters only: the constructor rate applies to the rest',
      code: `import torch\n\noptimizer = torch.optim.Adam([{"params": body.parameters()}, {"params": head.parameters(), "lr": 1e-3}], lr=1e-2)\n`,
      stage: 2,
      errors: [{ text: '1e-2', message: 'lr=1e-2 is outside' }],
      output: `import torch\n\noptimizer = torch.optim.Adam([{"params": body.parameters()}, {"params": head.parameters(), "lr": 1e-3}], lr=3e-4)\n`,
    },
    {
      name: 'SGD imported by name: reported without a fix (Adam is not imported)',
      code: `from torch.optim import SGD\n\noptimizer = SGD(model.parameters(), lr=0.1)\n`,
      stage: 3,
      errors: [{ text: 'SGD' }],
    },
  ],
});

describe('NR301 suggestion', () => {
  it('the rewrite of SGD with weight decay is not reported again (NR403, NR301)', () => {
    const code = `import torch\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)\n`;
    const first = analyzeCase({ code, stage: 2 }).result.findings.find((f) => f.code === 'NR301');
    assert.ok(first?.fixes[0]);
    const fixed = applyEdits(code, first.fixes[0].edits);
    const again = analyzeCase({ code: fixed, stage: 4 }).result.findings.filter((f) => f.code === 'NR403' || f.code === 'NR301');
    assert.deepEqual(again.map((f) => f.code), []);
    assert.deepEqual(analyzeCase({ code: fixed, stage: 2 }).result.findings.filter((f) => f.code === 'NR301').map((f) => f.message), []);
  });
});

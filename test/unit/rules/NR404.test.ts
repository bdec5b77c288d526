import { ruleTester } from '../../support/rule-tester';

const LOOP = `for x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\nval_loss = evaluate(model, val_loader)\n`;
const BAD = `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n${LOOP}`;

/** A Kaggle-style script handing everything to a Trainer class of engine.py (the Leaf competition solution). */
const TRAINER_SCRIPT = 'import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\nfrom engine import Trainer\n\nmodel = nn.Linear(4, 2)\ntrain_dl = DataLoader(train_ds, batch_size=32, shuffle=True)\nvalid_dl = DataLoader(valid_ds, batch_size=32)\noptimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\nTrainer(model, train_dl, valid_dl, optimizer, nn.CrossEntropyLoss()).fit(10)\n';
const TRAINER_ENGINE = 'import torch\n\n\nclass Trainer:\n    def __init__(self, model, train_dl, valid_dl, optimizer, loss_fn):\n        self.model, self.train_dl, self.valid_dl, self.optimizer, self.loss_fn = model, train_dl, valid_dl, optimizer, loss_fn\n\n    def fit(self, epochs):\n        for epoch in range(epochs):\n            self.one_epoch()\n\n    def one_epoch(self):\n        self.model.train()\n        for xb, yb in self.train_dl:\n            self.optimizer.zero_grad()\n            self.loss_fn(self.model(xb), yb).backward()\n            self.optimizer.step()\n';

const ROSSMAN =
  'import pandas as pd\nimport torch\nfrom torch import nn\n\ntorch.manual_seed(0)\ntrain_df = pd.read_pickle("train_clean")\ntest_df = pd.read_pickle("test_clean")\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.loss_fn = nn.MSELoss()\n        self.seq = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 1))\n\n    def forward(self, x):\n        return self.seq(x)\n\n    def fit(self, X, y):\n        opt = torch.optim.Adam(self.parameters(), lr=1e-3)\n        for epoch in range(20):\n            for xb, yb in zip(X, y):\n                loss = self.loss_fn(self(xb).squeeze(), yb)\n                opt.zero_grad()\n                loss.backward()\n                opt.step()\n\n    def predict(self, X):\n        return self(torch.tensor(X)).squeeze()\n\n    def score(self, X, y):\n        return self.loss_fn(y, self.predict(X))\n\n\nmodel = Net()\nmodel.fit(train_df.values, train_df.values)\n';

/** Conv-TasNet's optimizer: its decay read from `--l2`, whose default is `dflt`. */
const l2 = (dflt: string): string =>
  `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--l2", default=${dflt}, type=float)\nargs = parser.parse_args()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=args.l2)\n${LOOP}`;

/** BERT4Rec's layout: the options parsed at the top of `options.py`, imported by the trainer. */
const OPTIONS = (wd: string): string => `import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--lr', type=float, default=0.001)\nparser.add_argument('--weight_decay', type=float, default=${wd})\nargs = parser.parse_args()\n`;
const OPTIONS_TRAIN = `import torch\nfrom options import args\n\nmodel = Net()\noptimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)\nfor epoch in range(100):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    validate(model, val_loader)\n`;

ruleTester('NR404', {
  valid: [
    { name: 'hard negative: a small decay that still regularises (1e-6)', code: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-6)\n${LOOP}`, stage: 4 },
    { name: 'hard negative: the same options module with a decay by default', code: OPTIONS_TRAIN, files: { 'options.py': OPTIONS('1e-4') }, stage: 4 },
    {
      name: "a held-out pass that only renders the model's output (a NeRF's test() writing novel views to PNG, review 83): no validation to judge decay by",
      code: "import torch\nimport torch.nn as nn\nimport matplotlib.pyplot as plt\nfrom torch.utils.data import DataLoader\n\n\n@torch.no_grad()\ndef test(dataset, img_index=0):\n    # renders a held-out view for viewing; compares nothing with ground truth\n    rays = dataset[img_index * 100: (img_index + 1) * 100, :6].to(device)\n    img = model(rays).cpu().numpy()\n    plt.imsave(f'novel_views/img_{img_index}.png', img)\n\n\ndef train(nerf_model, optimizer, data_loader, nb_epochs=16):\n    for _ in range(nb_epochs):\n        for batch in data_loader:\n            pred = nerf_model(batch[:, :6].to(device))\n            loss = ((batch[:, 6:].to(device) - pred) ** 2).sum()\n            optimizer.zero_grad()\n            loss.backward()\n            optimizer.step()\n        for img_index in range(200):\n            test(testing_dataset, img_index=img_index)\n\n\nif __name__ == '__main__':\n    device = 'cuda'\n    torch.manual_seed(0)\n    training_dataset = torch.load('training_data.pt')\n    testing_dataset = torch.load('testing_data.pt')\n    model = nn.Sequential(nn.Linear(6, 128), nn.ReLU(), nn.Linear(128, 3)).to(device)\n    optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)\n    data_loader = DataLoader(training_dataset, batch_size=1024, shuffle=True)\n    train(model, optimizer, data_loader)\n",
      stage: 4,
    },
    {
      name: 'a test loader built and never used: the training is never judged on held-out data (BERT_FineTune.py; review 127)',
      code: "import torch\nfrom torch.utils.data import DataLoader\nfrom transformers import AdamW\n\ntorch.manual_seed(0)\n\n\ndef run(model, train_dataset, test_dataset):\n    train_loader = DataLoader(train_dataset, batch_size=8, shuffle=True)\n    test_loader = DataLoader(test_dataset, batch_size=8)\n    optimizer = AdamW(model.parameters(), lr=2e-5)\n    for epoch in range(3):\n        model.train()\n        for batch in train_loader:\n            optimizer.zero_grad()\n            model(**batch).loss.backward()\n            optimizer.step()\n    model.save_pretrained('./out')\n",
      stage: 4,
    },
    {
      name: "a LightningModule named for a diffusion model anywhere in its name (`GaussianDDPM`, DDPMs-Pytorch; review 128)",
      code: 'import pytorch_lightning as pl\nimport torch\n\n\nclass GaussianDDPM(pl.LightningModule):\n    def training_step(self, batch, i):\n        x, _ = batch\n        eps = torch.randn_like(x)\n        return torch.nn.functional.mse_loss(self(x + eps), eps)\n\n    def validation_step(self, batch, i):\n        x, _ = batch\n        eps = torch.randn_like(x)\n        self.log("val_loss", torch.nn.functional.mse_loss(self(x + eps), eps))\n\n    def configure_optimizers(self):\n        return torch.optim.Adam(params=self.parameters())\n\n\npl.Trainer(max_epochs=10).fit(GaussianDDPM(), train_dl, val_dl)\n',
      stage: 4,
    },
    {
      name: "a diffusion model built by a factory of another module (`utils.get_diffusion_from_args(args)`, abarankab's DDPM): no validation loss to regularize against",
      code: "import torch\nfrom ddpm import utils\n\n\ndef main(args, train_loader, test_loader):\n    torch.manual_seed(0)\n    diffusion = utils.get_diffusion_from_args(args)\n    optimizer = torch.optim.Adam(diffusion.parameters(), lr=2e-4)\n\n    for iteration in range(1, args.iterations + 1):\n        diffusion.train()\n        x, y = next(train_loader)\n        loss = diffusion(x)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n\n        if iteration % args.log_rate == 0:\n            test_loss = 0\n            with torch.no_grad():\n                diffusion.eval()\n                for x, y in test_loader:\n                    test_loss += diffusion(x).item()\n            samples = diffusion.sample(10, \"cpu\")\n\n\nif __name__ == \"__main__\":\n    main(None, None, None)\n",
      stage: 4,
    },
    {
      name: "Hugging Face's AdamW given a weight decay",
      code: "import torch\nimport torch.nn.functional as F\nfrom torch.utils.data import DataLoader\nfrom transformers import AdamW\n\ntorch.manual_seed(1)\nmodel = torch.nn.Linear(8, 2)\ntrain_set = torch.utils.data.TensorDataset(torch.randn(64, 8), torch.randint(0, 2, (64,)))\nvalid_set = torch.utils.data.TensorDataset(torch.randn(64, 8), torch.randint(0, 2, (64,)))\ntrain_loader = DataLoader(train_set, batch_size=8, shuffle=True)\nvalid_loader = DataLoader(valid_set, batch_size=8, shuffle=False)\noptimizer = AdamW(model.parameters(), lr=2e-5, weight_decay=0.01)  # transformers.AdamW: weight_decay defaults to 0.0\nbest = -1\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = F.cross_entropy(model(x), y)\n        loss.backward()\n        optimizer.step()\n    model.eval()\n    correct = 0\n    with torch.no_grad():\n        for x, y in valid_loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n    if correct > best:\n        best = correct\n        torch.save(model.state_dict(), \"best.pt\")\n",
      stage: 4,
    },
    { name: 'a decay read from a command-line option whose default decays (--l2 default 1e-4)', code: l2('1e-4'), stage: 4 },
    { name: 'a decay read from a command-line option without a default: unknown, left alone', code: l2('None').replace(', default=None', ''), stage: 4 },
    {
      name: 'Bayes by Backprop: the loss is an ELBO whose KL term to the prior penalises the weights (PyTorch-BayesianCNN: metrics.ELBO)',
      code: BAD.replace('import torch\n', 'import torch\nimport metrics\n\ncriterion = metrics.ELBO(60000)\n'),
      stage: 4,
    },
    { name: 'a library of Bayesian layers imported (torchbnn)', code: BAD.replace('import torch\n', 'import torch\nimport torchbnn as bnn\n'), stage: 4 },
    {
      name: 'hard negative: evaluation helpers nothing calls (score() and the predict() only score() calls), next to an unused test split: the training is never judged',
      code: ROSSMAN,
      stage: 4,
    },
    {
      name: "hard negative: the project class's fit() trains nothing (a wrapper that only logs)",
      code: TRAINER_SCRIPT,
      files: { 'engine.py': 'class Trainer:\n    def __init__(self, *parts):\n        self.parts = parts\n\n    def fit(self, epochs):\n        print("would train", epochs)\n' },
      stage: 4,
    },
    {
      name: 'hard negative for the phase loop: phases that name no held-out split (nothing validates)',
      code: "import torch\nfrom torch import nn, optim\n\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.1), nn.Linear(8, 2))\noptimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)\nfor epoch in range(25):\n    for phase in ['train', 'train_aug']:\n        if phase == 'train':\n            model.train()\n        else:\n            model.eval()\n        for inputs, labels in dataloaders[phase]:\n            optimizer.zero_grad()\n            with torch.set_grad_enabled(phase == 'train'):\n                loss = criterion(model(inputs), labels)\n                if phase == 'train':\n                    loss.backward()\n                    optimizer.step()\n",
      stage: 4,
    },
    {
      name: "an evaluate() that decodes a random training pair for display, and no held-out data anywhere, only a model kept for a smoke test (practical-pytorch's seq2seq)",
      code: `import random\nimport torch\nfrom torch import nn, optim\n\nencoder_test = nn.Linear(4, 4)\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.1), nn.Linear(8, 2))\noptimizer = optim.Adam(model.parameters(), lr=3e-4)\n\n\ndef evaluate(x):\n    return model(x.unsqueeze(0)).argmax(-1)\n\n\nfor step in range(1000):\n    x, y = random.choice(pairs)\n    optimizer.zero_grad()\n    nn.functional.cross_entropy(model(x.unsqueeze(0)), y.unsqueeze(0)).backward()\n    optimizer.step()\n    if step % 100 == 0:\n        print(evaluate(random.choice(pairs)[0]))\n`,
      stage: 4,
    },
    {
      name: "another optimizer of the file decays (Reptile's test-time adaptation: a few SGD steps before measuring)",
      code: `import torch\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-4)\n${LOOP}if iteration % 100 == 0:\n    opt = torch.optim.SGD(model.parameters(), lr=0.02)\n    for _ in range(8):\n        opt.zero_grad()\n        criterion(model(x_support), y_support).backward()\n        opt.step()\n`,
      stage: 4,
    },
    {
      name: 'self-supervised pre-training with a prediction head (BYOL, SimSiam): a layer named for what it computes is not an evaluation',
      code: `import torch\nfrom torch import nn\nfrom lightly.models.modules import BYOLPredictionHead\n\n\nclass BYOL(nn.Module):\n    def __init__(self, backbone):\n        super().__init__()\n        self.backbone = backbone\n        self.prediction_head = BYOLPredictionHead(256, 4096, 256)\n\n    def forward(self, x):\n        return self.prediction_head(self.backbone(x))\n\n\nmodel = BYOL(backbone)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.06)\nfor epoch in range(10):\n    for (x0, x1), _ in dataloader:\n        loss = criterion(model(x0), model(x1))\n        loss.backward()\n        optimizer.step()\n        optimizer.zero_grad()\n`,
      stage: 4,
    },
    {
      name: "an L2 penalty by its shape, in the model's loss method in another file (NGCF: torch.norm(u) ** 2 times a decay)",
      code: `import torch\nfrom NGCF import NGCF\n\nmodel = NGCF(n_user, n_item, norm_adj, args)\noptimizer = torch.optim.Adam(model.parameters(), lr=args.lr)\nfor epoch in range(400):\n    for batch in loader:\n        loss, mf_loss, emb_loss = model.create_bpr_loss(*batch)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n    val_loss = evaluate(model, val_loader)\n`,
      files: { 'NGCF.py': `import torch\nfrom torch import nn\n\n\nclass NGCF(nn.Module):\n    def create_bpr_loss(self, users, pos_items, neg_items):\n        mf_loss = -torch.mean(nn.LogSigmoid()((users * pos_items).sum(1) - (users * neg_items).sum(1)))\n        regularizer = (torch.norm(users) ** 2 + torch.norm(pos_items) ** 2 + torch.norm(neg_items) ** 2) / 2\n        emb_loss = self.decay * regularizer / self.batch_size\n        return mf_loss + emb_loss, mf_loss, emb_loss\n` },
      stage: 4,
    },
    {
      name: "the N3 penalty of knowledge-graph embeddings (norm(p=3) ** 3) in the model class's static train_step, in another file, run per step (RotatE)",
      code: `import torch\nfrom model import KGEModel\n\nkge_model = KGEModel(args.model, nentity, nrelation)\noptimizer = torch.optim.Adam(kge_model.parameters(), lr=args.learning_rate)\nfor step in range(args.max_steps):\n    log = kge_model.train_step(kge_model, optimizer, train_iterator, args)\n    if step % args.valid_steps == 0:\n        metrics = kge_model.test_step(kge_model, valid_triples, all_true_triples, args)\n        log_metrics('Valid', step, metrics)\n`,
      files: {
        'model.py': `import torch\nfrom torch import nn\n\n\nclass KGEModel(nn.Module):\n    @staticmethod\n    def train_step(model, optimizer, train_iterator, args):\n        model.train()\n        optimizer.zero_grad()\n        loss = model(next(train_iterator)).mean()\n        if args.regularization != 0.0:\n            regularization = args.regularization * (\n                model.entity_embedding.norm(p=3) ** 3 + model.relation_embedding.norm(p=3).norm(p=3) ** 3\n            )\n            loss = loss + regularization\n        loss.backward()\n        optimizer.step()\n        return {'loss': loss.item()}\n\n    @staticmethod\n    def test_step(model, test_triples, all_true_triples, args):\n        model.eval()\n        return {}\n`,
      },
      stage: 4,
    },
    {
      name: 'sparse gradients (an Embedding built with sparse=True in the file): weight decay would fail on them',
      code: `import torch\nfrom torch import nn\n\nemb = nn.Embedding(10000, 64, sparse=True)\nmodel = nn.Sequential(emb, nn.Flatten(), nn.Linear(64, 2))\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n${LOOP}`,
      stage: 4,
    },
    {
      name: "a GAN's optimizers, even when the file samples a 'validation' batch (CycleGAN)",
      code: `import torch\nfrom torch.utils.data import DataLoader\n\nG = GeneratorResNet()\nD = Discriminator()\noptimizer_G = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))\noptimizer_D = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))\nval_dataloader = DataLoader(ImageDataset(root, mode="val"), batch_size=5)\nfor epoch in range(200):\n    for batch in dataloader:\n        optimizer_G.zero_grad()\n        loss_G = criterion(D(G(batch)), valid)\n        loss_G.backward()\n        optimizer_G.step()\n    sample_images()\n\n\ndef sample_images():\n    imgs = next(iter(val_dataloader))\n    G.eval()\n    save_image(G(imgs), "sample.png")\n    G.train()\n`,
      stage: 4,
    },
    {
      name: 'an RL agent evaluated on episodes (cleanrl DQN)',
      code: `import gymnasium as gym\nimport torch\n\nenvs = gym.vector.SyncVectorEnv([make_env(i) for i in range(4)])\nq_network = QNetwork(envs)\noptimizer = torch.optim.Adam(q_network.parameters(), lr=2.5e-4)\nfor global_step in range(total_timesteps):\n    loss = td_loss(q_network, rb.sample(128))\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\nepisodic_returns = evaluate(q_network, val_envs)\n`,
      stage: 4,
    },
    { name: 'AdamW decays by default', code: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\n${LOOP}`, stage: 4 },
    { name: 'a test file (pytest): a test that trains a few steps is not a training run', code: BAD, path: 'tests/test_training.py', stage: 4 },
    { name: 'a pytest module beside the code', code: `import pytest\n${BAD}`, path: 'test_train.py', stage: 5 },
    { name: 'weight decay set', code: `import torch\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-4)\n${LOOP}`, stage: 4 },
    { name: 'weight decay from a config still counts as set', code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=cfg.wd)\n${LOOP}`, stage: 5 },
    { name: 'settings from a config object that cannot be read', code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), **cfg.optimizer)\n${LOOP}`, stage: 4 },
    {
      name: 'parameter groups with their own decay',
      code: `import torch\n\noptimizer = torch.optim.SGD([{"params": decay, "weight_decay": 1e-4}, {"params": no_decay}], lr=0.1)\n${LOOP}`,
      stage: 4,
    },
    { name: 'parameter groups built by a helper', code: `import torch\n\noptimizer = torch.optim.Adam(param_groups(model), lr=3e-4)\n${LOOP}`, stage: 4 },
    {
      name: 'decay set on the groups after construction',
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor group in optimizer.param_groups:\n    group["weight_decay"] = 1e-4\n${LOOP}`,
      stage: 4,
    },
    {
      name: 'decoupled decay applied by hand after each step (MixMatch, FixMatch)',
      code: `import torch\n\nweight_decay = 0.02\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\n@torch.no_grad()\ndef do_weight_decay(model, decay):\n    for p in model.parameters():\n        p.copy_(p * decay)\n\n${LOOP}do_weight_decay(model, 1 - weight_decay * 3e-4)\n`,
      stage: 4,
    },
    {
      name: 'an L2 penalty added to the loss by hand (SASRec)',
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\nfor x, y in loader:\n    loss = criterion(model(x), y)\n    for p in model.item_emb.parameters():\n        loss += args.l2_emb * torch.norm(p)\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\nval_loss = evaluate(model, val_loader)\n`,
      stage: 4,
    },
    { name: 'a decay setting passed to a builder', code: `import torch\n\noptimizer = build_optimizer(model, lr=3e-4, wd=cfg.decay)\nopt2 = torch.optim.Adam(model.parameters(), lr=3e-4)\n${LOOP}`, stage: 4 },
    { name: 'not a training script: a helper that only builds the optimizer', code: `import torch\n\ndef make_optimizer(model):\n    return torch.optim.Adam(model.parameters(), lr=3e-4)\n`, stage: 4 },
    { name: 'a file with a syntax error: the decay may be in the part that was not read', code: BAD + 'def broken(:\n', stage: 4 },
    { name: 'stage 3: no regularization yet', code: BAD, stage: 3 },
    { name: 'stage unknown', code: BAD },
    {
      name: 'a GAN that never validates: no validation to regularize against (pytorch/examples dcgan)',
      code: `import torch\n\noptD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))\noptG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))\nfor epoch in range(25):\n    for real, _ in loader:\n        optD.zero_grad()\n        d_loss(netD(real), netD(netG(noise()))).backward()\n        optD.step()\n        optG.zero_grad()\n        g_loss(netD(netG(noise()))).backward()\n        optG.step()\n`,
      stage: 4,
    },
    {
      name: 'hard negative: the same training whose held-out tensor is only printed through the model, never scored',
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_train, y_train = torch.randn(800, 8), torch.randn(800, 1)\nX_val, y_val = torch.randn(200, 8), torch.randn(200, 1)\nloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))\ncriterion = nn.MSELoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\nfor epoch in range(20):\n    model.train()\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n\nmodel.eval()\nwith torch.no_grad():\n    print(model(X_val))\n",
      stage: 4,
    },
  ],
  invalid: [
    {
      name: "an AdamW built in `__init__` whose decay never applies: the Adam that replaces it before the first step has none (review 149)",
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_val, y_val = torch.randn(200, 8), torch.randint(0, 2, (200,))\n\n\nclass Trainer:\n    def __init__(self, model, loader):\n        self.model = model\n        self.loader = loader\n        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)\n\n    def train(self, epochs):\n        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=3e-4)\n        for epoch in range(epochs):\n            self.model.train()\n            for x, y in self.loader:\n                self.optimizer.zero_grad()\n                nn.functional.cross_entropy(self.model(x), y).backward()\n                self.optimizer.step()\n            self.model.eval()\n            with torch.no_grad():\n                print(nn.functional.cross_entropy(self.model(X_val), y_val).item())\n",
      stage: 4,
      errors: [{ line: 15, text: 'torch.optim.Adam', message: 'this Adam optimizer has none' }],
    },
    {
      name: 'training judged on the whole held-out tensor at once (`criterion(model(X_val), y_val)` under no_grad; review 153)',
      code: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX_train, y_train = torch.randn(800, 8), torch.randn(800, 1)\nX_val, y_val = torch.randn(200, 8), torch.randn(200, 1)\nloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_train, y_train), batch_size=64, shuffle=True)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))\ncriterion = nn.MSELoss()\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n\nfor epoch in range(20):\n    model.train()\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n\nmodel.eval()\nwith torch.no_grad():\n    val_loss = criterion(model(X_val), y_val).item()\nprint(val_loss)\n",
      stage: 4,
      errors: [{ line: 11, message: 'this Adam optimizer has none' }],
    },
    {
      name: "an Adam over the parameters of two modules joined (`list(model.parameters()) + list(predictor.parameters())`, OGB's link prediction; review 132)",
      code: 'import torch\n\noptimizer = torch.optim.Adam(list(model.parameters()) + list(predictor.parameters()), lr=1e-3)\nfor epoch in range(50):\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(predictor(model(x)), y).backward()\n        optimizer.step()\n    print(evaluate(model, val_loader))\n',
      stage: 4,
      errors: [{ line: 3, text: 'torch.optim.Adam', message: 'this Adam optimizer has none' }],
    },
    {
      name: 'hard negative: the same test loader iterated for an evaluation',
      code: "import torch\nfrom torch.utils.data import DataLoader\nfrom transformers import AdamW\n\ntorch.manual_seed(0)\n\n\ndef run(model, train_dataset, test_dataset):\n    train_loader = DataLoader(train_dataset, batch_size=8, shuffle=True)\n    test_loader = DataLoader(test_dataset, batch_size=8)\n    optimizer = AdamW(model.parameters(), lr=2e-5)\n    for epoch in range(3):\n        model.train()\n        for batch in train_loader:\n            optimizer.zero_grad()\n            model(**batch).loss.backward()\n            optimizer.step()\n        model.eval()\n        for batch in test_loader:\n            print(model(**batch).loss.item())\n",
      stage: 4,
      errors: [{ line: 11, text: 'AdamW', message: "Hugging Face's AdamW defaults to 0" }],
    },
    {
      name: 'a decay read from options parsed here by a parser another module builds (`from opts import parser`, TSM; review 122)',
      code: OPTIONS_TRAIN.replace('from options import args\n', 'from opts import parser\n\nargs = parser.parse_args()\n'),
      files: { 'opts.py': 'import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float, default=0.001)\nparser.add_argument("--weight_decay", type=float, default=0)\n' },
      stage: 4,
      errors: [{ line: 7, text: 'args.weight_decay', message: '`args.weight_decay` is 0 by default' }],
    },
    {
      name: 'a decay read from the options another module parses, 0 by default (`from options import args`, BERT4Rec; review 120)',
      code: OPTIONS_TRAIN,
      files: { 'options.py': OPTIONS('0') },
      stage: 4,
      errors: [{ line: 5, text: 'args.weight_decay', message: '`args.weight_decay` is 0 by default' }],
    },
    {
      name: "center loss: the model's optimizer is reported, not the one of the loss's class centers, which decay would pull to the origin (review 95)",
      code: "import torch\nimport torch.nn as nn\n\n\nclass CenterLoss(nn.Module):\n    def __init__(self, num_classes=10, feat_dim=2):\n        super().__init__()\n        self.centers = nn.Parameter(torch.randn(num_classes, feat_dim))\n\n    def forward(self, x, labels):\n        return ((x - self.centers[labels]) ** 2).sum(dim=1).mean()\n\n\ntorch.manual_seed(1)\nmodel = nn.Sequential(nn.Linear(784, 2), nn.Linear(2, 10))\ncriterion_cent = CenterLoss()\noptimizer_model = torch.optim.RMSprop(model.parameters(), lr=0.001)\noptimizer_centloss = torch.optim.RMSprop(criterion_cent.parameters(), lr=0.0005)\nfor epoch in range(50):\n    for data, labels in trainloader:\n        outputs = model(data)\n        loss = nn.functional.cross_entropy(outputs, labels) + 0.01 * criterion_cent(model[0](data), labels)\n        optimizer_model.zero_grad()\n        optimizer_centloss.zero_grad()\n        loss.backward()\n        optimizer_model.step()\n        optimizer_centloss.step()\n    print(evaluate(model, val_loader))\n",
      stage: 4,
      errors: [{ line: 17, text: 'torch.optim.RMSprop' }],
    },
    {
      name: 'hard negative: the same pass also computes a score against the held-out pixels (PSNR)',
      code: "import torch\nimport torch.nn as nn\nimport matplotlib.pyplot as plt\nimport numpy as np\nfrom torch.utils.data import DataLoader\n\n\n@torch.no_grad()\ndef test(dataset, img_index=0):\n    # renders a held-out view for viewing; compares nothing with ground truth\n    rays = dataset[img_index * 100: (img_index + 1) * 100, :6].to(device)\n    img = model(rays).cpu().numpy()\n    plt.imsave(f'novel_views/img_{img_index}.png', img)\n    mse = ((img - dataset[img_index * 100: (img_index + 1) * 100, 6:].numpy()) ** 2).mean()\n    print(f'PSNR {-10 * np.log10(mse):.2f}')\n\n\ndef train(nerf_model, optimizer, data_loader, nb_epochs=16):\n    for _ in range(nb_epochs):\n        for batch in data_loader:\n            pred = nerf_model(batch[:, :6].to(device))\n            loss = ((batch[:, 6:].to(device) - pred) ** 2).sum()\n            optimizer.zero_grad()\n            loss.backward()\n            optimizer.step()\n        for img_index in range(200):\n            test(testing_dataset, img_index=img_index)\n\n\nif __name__ == '__main__':\n    device = 'cuda'\n    torch.manual_seed(0)\n    training_dataset = torch.load('training_data.pt')\n    testing_dataset = torch.load('testing_data.pt')\n    model = nn.Sequential(nn.Linear(6, 128), nn.ReLU(), nn.Linear(128, 3)).to(device)\n    optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)\n    data_loader = DataLoader(training_dataset, batch_size=1024, shuffle=True)\n    train(model, optimizer, data_loader)\n",
      stage: 4,
      errors: [{ line: 36, text: 'torch.optim.Adam' }],
    },
    {
      name: 'hard negative: the same loop over a model a factory builds whose name says nothing of diffusion',
      code: "import torch\nfrom ddpm import utils\n\n\ndef main(args, train_loader, test_loader):\n    torch.manual_seed(0)\n    net = utils.get_model_from_args(args)\n    optimizer = torch.optim.Adam(net.parameters(), lr=2e-4)\n\n    for iteration in range(1, args.iterations + 1):\n        net.train()\n        x, y = next(train_loader)\n        loss = net(x)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n\n        if iteration % args.log_rate == 0:\n            test_loss = 0\n            with torch.no_grad():\n                net.eval()\n                for x, y in test_loader:\n                    test_loss += net(x).item()\n            samples = net.sample(10, \"cpu\")\n\n\nif __name__ == \"__main__\":\n    main(None, None, None)\n",
      stage: 4,
      errors: [{ line: 8, text: 'torch.optim.Adam' }],
    },
    {
      name: "Hugging Face's AdamW (`from transformers import AdamW`), whose weight_decay defaults to 0 (review 78)",
      code: "import torch\nimport torch.nn.functional as F\nfrom torch.utils.data import DataLoader\nfrom transformers import AdamW\n\ntorch.manual_seed(1)\nmodel = torch.nn.Linear(8, 2)\ntrain_set = torch.utils.data.TensorDataset(torch.randn(64, 8), torch.randint(0, 2, (64,)))\nvalid_set = torch.utils.data.TensorDataset(torch.randn(64, 8), torch.randint(0, 2, (64,)))\ntrain_loader = DataLoader(train_set, batch_size=8, shuffle=True)\nvalid_loader = DataLoader(valid_set, batch_size=8, shuffle=False)\noptimizer = AdamW(model.parameters(), lr=2e-5)  # transformers.AdamW: weight_decay defaults to 0.0\nbest = -1\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = F.cross_entropy(model(x), y)\n        loss.backward()\n        optimizer.step()\n    model.eval()\n    correct = 0\n    with torch.no_grad():\n        for x, y in valid_loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n    if correct > best:\n        best = correct\n        torch.save(model.state_dict(), \"best.pt\")\n",
      stage: 4,
      errors: [{ line: 12, text: 'AdamW', message: "(Hugging Face's AdamW defaults to 0)" }],
    },
    {
      name: "a decay read from a command-line option whose default is 0 (Conv-TasNet's --l2): the message names the default",
      code: l2('0.0'),
      stage: 4,
      errors: [{ text: 'args.l2', message: '`args.l2` is 0.0 by default, so a run has none' }],
    },
    {
      name: "hard negative: a loss with a KL term that is not an ELBO over the weights (a distillation loss's kl_div)",
      code: BAD.replace('import torch\n', 'import torch\n\nkl = torch.nn.KLDivLoss(reduction="batchmean")\n'),
      stage: 4,
      errors: [{ text: 'torch.optim.Adam' }],
    },
    {
      name: 'the same script scoring the model on the test split: its training is judged',
      code: ROSSMAN + 'print(model.score(test_df.values, test_df.values))\n',
      stage: 4,
      errors: [{ line: 20, text: 'torch.optim.Adam' }],
    },
    {
      name: 'the evaluation helper looked up by its name',
      code: ROSSMAN + 'print(getattr(model, "score")(test_df.values, test_df.values))\n',
      stage: 4,
      errors: [{ line: 20, text: 'torch.optim.Adam' }],
    },
    {
      name: "the training runs in a Trainer class of another file (`Trainer(model, train_dl, valid_dl, …).fit(10)`, its epoch in a method fit() calls)",
      code: TRAINER_SCRIPT,
      files: { 'engine.py': TRAINER_ENGINE },
      stage: 4,
      errors: [{ line: 9, message: 'add weight decay' }],
    },
    {
      name: "validated by the evaluation phase of a loop over dataloaders[phase] (PyTorch's transfer-learning tutorial)",
      code: "import torch\nfrom torch import nn, optim\n\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.1), nn.Linear(8, 2))\noptimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)\nfor epoch in range(25):\n    for phase in ['train', 'val']:\n        if phase == 'train':\n            model.train()\n        else:\n            model.eval()\n        for inputs, labels in dataloaders[phase]:\n            optimizer.zero_grad()\n            with torch.set_grad_enabled(phase == 'train'):\n                loss = criterion(model(inputs), labels)\n                if phase == 'train':\n                    loss.backward()\n                    optimizer.step()\n",
      stage: 4,
      errors: [{ line: 5, text: 'optim.SGD' }],
    },
    {
      name: 'hard negative: the same evaluate() on held-out pairs',
      code: `import random\nimport torch\nfrom torch import nn, optim\n\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.1), nn.Linear(8, 2))\noptimizer = optim.Adam(model.parameters(), lr=3e-4)\n\n\ndef evaluate(x):\n    return model(x.unsqueeze(0)).argmax(-1)\n\n\nfor step in range(1000):\n    x, y = random.choice(pairs)\n    optimizer.zero_grad()\n    nn.functional.cross_entropy(model(x.unsqueeze(0)), y.unsqueeze(0)).backward()\n    optimizer.step()\n    if step % 100 == 0:\n        print(evaluate(random.choice(val_pairs)[0]))\n`,
      stage: 4,
      errors: [{ line: 6, text: 'optim.Adam' }],
    },
    {
      name: 'hard negative: two optimizers, neither decays: both reported',
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nhead_opt = torch.optim.Adam(head.parameters(), lr=3e-4, weight_decay=0)\n${LOOP}`,
      stage: 4,
      errors: [{ line: 3, text: 'torch.optim.Adam' }, { line: 4, text: '0' }],
    },
    {
      name: 'hard negative: a training script only named like a test (TCN add_test.py: no test_ functions, no pytest)',
      code: BAD,
      path: 'TCN/adding_problem/add_test.py',
      stage: 4,
      errors: [{ line: 3, text: 'torch.optim.Adam' }],
    },
    {
      name: 'hard negative: the same model evaluated on a validation loader by a predict() function',
      code: `import torch\nfrom torch import nn\nfrom lightly.models.modules import BYOLPredictionHead\n\n\nclass BYOL(nn.Module):\n    def __init__(self, backbone):\n        super().__init__()\n        self.backbone = backbone\n        self.prediction_head = BYOLPredictionHead(256, 4096, 256)\n\n    def forward(self, x):\n        return self.prediction_head(self.backbone(x))\n\n\nmodel = BYOL(backbone)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.06)\nfor epoch in range(10):\n    for (x0, x1), _ in dataloader:\n        loss = criterion(model(x0), model(x1))\n        loss.backward()\n        optimizer.step()\n        optimizer.zero_grad()\n\n\ndef predict(model, loader):\n    return [model(x) for x, _ in loader]\n\n\npredict(model, val_loader)\n`,
      stage: 4,
      errors: [{ line: 17, text: 'torch.optim.SGD' }],
    },
    {
      name: 'a notebook with two LightningModules: only the one that validates is asked for weight decay',
      code: `import lightning as L\nimport torch\n\n\nclass Plain(L.LightningModule):\n    def training_step(self, batch, i):\n        return self.loss(batch)\n\n    def configure_optimizers(self):\n        return torch.optim.Adam(self.parameters(), lr=3e-4)\n\n\nclass Validated(L.LightningModule):\n    def training_step(self, batch, i):\n        return self.loss(batch)\n\n    def validation_step(self, batch, i):\n        self.log('val_loss', self.loss(batch))\n\n    def configure_optimizers(self):\n        return torch.optim.Adam(self.parameters(), lr=3e-4)\n\n\ntrainer = L.Trainer(max_epochs=3)\ntrainer.fit(Plain(), train_loader)\n\ntrainer2 = L.Trainer(max_epochs=30)\ntrainer2.fit(Validated(), train_loader, val_loader)\n`,
      stage: 4,
      errors: [{ line: 21, text: 'torch.optim.Adam' }],
    },
    {
      name: 'hard negative: a squared difference, and a gradient norm summed for logging, are no L2 penalty',
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = ((model(x) - y) ** 2).mean()\n    loss.backward()\n    total = sum(p.grad.norm() ** 2 for p in model.parameters())\n    optimizer.step()\nval_loss = evaluate(model, val_loader)\n`,
      stage: 4,
      errors: [{ line: 3, text: 'torch.optim.Adam' }],
    },
    { name: "Adam without weight decay, stage 4: the advice is AdamW's decay, not Adam's L2 penalty that NR403 reports (review 91)", code: BAD, stage: 4, errors: [{ line: 3, text: 'torch.optim.Adam', message: 'In stage 4 (regularize), add weight decay: this Adam optimizer has none. Switch to AdamW with a `weight_decay`' }] },
    { name: 'hard negative: SGD without weight decay is told to set it', code: BAD.replace('torch.optim.Adam(model.parameters(), lr=3e-4)', 'torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)'), stage: 4, errors: [{ line: 3, text: 'torch.optim.SGD', message: 'this SGD optimizer has none. Set `weight_decay` (or use AdamW)' }] },
    {
      name: 'hard negative: names that only contain the letters (a learning-rate decay, an L2 loss, a window)',
      code: `import torch\n\nlr_decay = 0.5\nl2_loss = torch.nn.MSELoss()\nwdw = 3\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n${LOOP}`,
      stage: 4,
      errors: [{ line: 6, text: 'torch.optim.Adam' }],
    },
    {
      name: "the optimizer's own weight_decay=0 is read as set to zero, not as decay set some other way",
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=0.0)\n${LOOP}`,
      stage: 4,
      errors: [{ text: '0.0', message: 'it is set to 0' }],
    },
    {
      name: 'a decay of 0 in a settings dict whose other keys the file writes (CheXNet\'s `params["beta"]`; review 141)',
      code: `import os\nimport torch\n\nparams = {"lr": 1e-4, "beta": 0, "base_dir": "./run"}\nparams["model_file_path"] = os.path.join(params["base_dir"], "epoch-%d.pkl")\noptimizer = torch.optim.Adam(model.parameters(), lr=params["lr"], weight_decay=params["beta"])\n${LOOP}`,
      stage: 4,
      errors: [{ text: 'params["beta"]', message: 'it is set to 0' }],
    },
    {
      name: 'a decay that regularises nothing (`weight_decay=1e-8`)',
      code: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-8)\n${LOOP}`,
      stage: 4,
      errors: [{ text: '1e-8', message: '1e-8 regularises nothing' }],
    },
    {
      name: "an option's negligible default (`--weight_decay` with `default=1e-16`; review 148)",
      code: `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--weight_decay', type=float, default=1e-16)\nargs = parser.parse_args()\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=args.weight_decay)\n${LOOP}`,
      stage: 4,
      errors: [{ text: 'args.weight_decay', message: '`args.weight_decay` is 1e-16 by default, which regularises nothing' }],
    },
    {
      name: 'a training script in a folder only named like tests (`test_lr/`, `contest/`)',
      code: BAD,
      path: 'experiments/test_lr/train.py',
      stage: 4,
      errors: [{ line: 3, text: 'torch.optim.Adam', message: 'In stage 4 (regularize)' }],
    },
    {
      name: 'weight decay set to zero, stage 5',
      code: `import torch\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0)\n${LOOP}`,
      stage: 5,
      errors: [{ text: '0', message: 'In stage 5 (tune), add weight decay: it is set to 0' }],
    },
    {
      name: "a LightningModule's configure_optimizers",
      code: `import lightning as L\nimport torch\n\n\nclass Model(L.LightningModule):\n    def training_step(self, batch, batch_idx):\n        return self.loss(batch)\n\n    def validation_step(self, batch, batch_idx):\n        self.log("val_loss", self.loss(batch))\n\n    def configure_optimizers(self):\n        return torch.optim.RMSprop(self.parameters(), lr=1e-3)\n`,
      stage: 6,
      errors: [{ text: 'torch.optim.RMSprop' }],
    },
  ],
});

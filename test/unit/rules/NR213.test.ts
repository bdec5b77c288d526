import { ruleTester } from '../../support/rule-tester';

const head = `import torch\nfrom torch.optim.lr_scheduler import StepLR, OneCycleLR\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n`;
const batch = `        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()\n`;

ruleTester('NR213', {
  valid: [
    { name: "a schedule of BatchNorm's momentum stepped first is no learning-rate schedule (VoteNet's BNMomentumScheduler; review 125)", code: 'import torch\nfrom etw_pytorch_utils import BNMomentumScheduler\n\noptimizer = torch.optim.Adam(net.parameters(), lr=1e-3)\nbnm_scheduler = BNMomentumScheduler(net, bn_lambda=bn_lbmd, last_epoch=-1)\nfor epoch in range(180):\n    bnm_scheduler.step()\n    for batch in loader:\n        optimizer.zero_grad()\n        loss = criterion(net(batch), batch)\n        loss.backward()\n        optimizer.step()\n' },
    {
      name: 'hard negatives across files: the function steps another optimizer than the scheduler\'s, or the scheduler steps after the call',
      code: 'import torch\nfrom function import train_one\n\noptimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\nscheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, [10, 20])\nother = torch.optim.SGD(head.parameters(), lr=0.1)\nfor epoch in range(30):\n    scheduler.step()\n    train_one(head, other)\nfor epoch in range(30):\n    train_one(model, optimizer)\n    scheduler.step()\n',
      files: { 'function.py': 'def train_one(model, optimizer, loader=()):\n    model.train()\n    for x, y in loader:\n        loss = ((model(x) - y) ** 2).mean()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n' },
    },
    {
      name: 'under one accumulation guard, the optimizer first: the right order',
      code: head + `scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)\nfor step, (x, y) in enumerate(loader):\n    (criterion(model(x), y) / accum).backward()\n    if (step + 1) % accum == 0:\n        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n        optimizer.step()\n        scheduler.step()\n        optimizer.zero_grad()\n`,
    },
    {
      name: 'hard negative: a scheduler under a condition of its own, the optimizer stepping outside it',
      code: head + `scheduler = StepLR(optimizer, 30)\nfor step, (x, y) in enumerate(loader):\n    if step % 100 == 0:\n        scheduler.step()\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`,
    },
    {
      name: 'stepped once per epoch, after the batch loop',
      code: `${head}scheduler = StepLR(optimizer, step_size=30)\nfor epoch in range(90):\n    for x, y in loader:\n${batch}    scheduler.step()\n`,
    },
    {
      name: 'OneCycleLR per batch, after the optimizer',
      code: `${head}scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n    scheduler.step()\n`,
    },
    {
      name: 'guarded by a condition on the epoch (the first epoch keeps its rate)',
      code: `${head}scheduler = StepLR(optimizer, step_size=30)\nfor epoch in range(90):\n    if epoch > 0:\n        scheduler.step()\n    for x, y in loader:\n${batch}`,
    },
    {
      name: "hard negative: the phase loop's scheduler under the validation phase runs after the training phase's steps",
      code: "import torch\nfrom torch.optim import lr_scheduler\n\n\ndef train_model(model, criterion, optimizer, scheduler, dataloaders, num_epochs=25):\n    for epoch in range(num_epochs):\n        for phase in ['train', 'val']:\n            if phase == 'val':\n                scheduler.step()\n                model.train()\n            else:\n                model.eval()\n            for inputs, labels in dataloaders[phase]:\n                optimizer.zero_grad()\n                with torch.set_grad_enabled(phase == 'train'):\n                    loss = criterion(model(inputs), labels)\n                    if phase == 'train':\n                        loss.backward()\n                        optimizer.step()\n    return model\n\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)\nexp_lr_scheduler = lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)\ntrain_model(model, criterion, optimizer, exp_lr_scheduler, dataloaders)\n",
    },
    {
      name: 'hard negative: a guard the loop itself sets (`started = True` in the batch loop)',
      code: `${head}scheduler = StepLR(optimizer, step_size=30)\nstarted = False\nfor epoch in range(90):\n    if started:\n        scheduler.step()\n    for x, y in loader:\n${batch}        started = True\n`,
    },
    {
      name: 'hard negative: a guard calling a function, which may change from one iteration to the next',
      code: `${head}scheduler = StepLR(optimizer, step_size=30)\nfor epoch in range(90):\n    if warmed_up():\n        scheduler.step()\n    for x, y in loader:\n${batch}`,
    },
    {
      name: 'ReduceLROnPlateau is stepped with a metric, not by position',
      code: `${head}from torch.optim.lr_scheduler import ReduceLROnPlateau\nscheduler = ReduceLROnPlateau(optimizer)\nfor epoch in range(90):\n    scheduler.step(val_loss)\n    for x, y in loader:\n${batch}`,
    },
    {
      name: 'a scheduler of another optimizer (GAN)',
      code: `${head}opt_d = torch.optim.Adam(d.parameters())\nsched_d = StepLR(opt_d, 10)\nfor x in loader:\n    opt_d.zero_grad()\n    d_loss(x).backward()\n    opt_d.step()\n    sched_d.step()\n    optimizer.zero_grad()\n    g_loss(x).backward()\n    optimizer.step()\n`,
    },
    {
      name: 'step(epoch) at the top of the epoch (closed-form rate of that epoch)',
      code: `${head}scheduler = StepLR(optimizer, step_size=30)\nfor epoch in range(90):\n    scheduler.step(epoch)\n    for x, y in loader:\n${batch}`,
    },
    {
      name: 'an object with a step() that is no scheduler',
      code: `${head}for x, y in loader:\n    env.step()\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`,
    },
    {
      name: 'hard negatives in a per-epoch function: a condition of its own, step(epoch), the scheduler after the batch loop, a helper that only steps the scheduler',
      code: `${head}scheduler = StepLR(optimizer, step_size=30)\n\ndef train_a(epoch):\n    if epoch > 0:\n        scheduler.step()\n    for x, y in loader:\n${batch}\ndef train_b(epoch):\n    scheduler.step(epoch)\n    for x, y in loader:\n${batch}\ndef train_c(epoch):\n    model.train()\n    for x, y in loader:\n${batch}    scheduler.step()\n    return epoch\n\ndef adjust_lr():\n    scheduler.step()\n    print(optimizer.param_groups[0]['lr'])\n\nfor epoch in range(90):\n    train_a(epoch)\n    train_b(epoch)\n    train_c(epoch)\n    adjust_lr()\n`,
    },
    {
      name: "hard negative: a function that steps one optimizer's scheduler before training another (GAN)",
      code: `${head}opt_d = torch.optim.Adam(d.parameters())\nsched_g = StepLR(optimizer, 10)\n\ndef train_d(loader):\n    sched_g.step()\n    for x in loader:\n        opt_d.zero_grad()\n        d_loss(x).backward()\n        opt_d.step()\n`,
    },
  ],
  invalid: [
    {
      name: "the old transfer-learning tutorial: the scheduler under `if phase == 'train':`, the optimizer under the same test in the batch loop",
      code: "import torch\nfrom torch.optim import lr_scheduler\n\n\ndef train_model(model, criterion, optimizer, scheduler, dataloaders, num_epochs=25):\n    for epoch in range(num_epochs):\n        for phase in ['train', 'val']:\n            if phase == 'train':\n                scheduler.step()\n                model.train()\n            else:\n                model.eval()\n            for inputs, labels in dataloaders[phase]:\n                optimizer.zero_grad()\n                with torch.set_grad_enabled(phase == 'train'):\n                    loss = criterion(model(inputs), labels)\n                    if phase == 'train':\n                        loss.backward()\n                        optimizer.step()\n    return model\n\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)\nexp_lr_scheduler = lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)\ntrain_model(model, criterion, optimizer, exp_lr_scheduler, dataloaders)\n",
      errors: [{ line: 9, text: 'scheduler.step()', message: 'each decay comes one step early', relatedLines: [13] }],
    },
    {
      name: 'under a setting the loop never changes (`if scheduler is not None:`, `if args.use_sched:`)',
      code: `${head}scheduler = StepLR(optimizer, step_size=30) if use_sched else None\nfor epoch in range(90):\n    if scheduler is not None:\n        scheduler.step()\n    for x, y in loader:\n${batch}for epoch in range(90):\n    if args.use_sched and not args.debug:\n        scheduler.step()\n    for x, y in loader:\n${batch}`,
      errors: [{ line: 8, text: 'scheduler.step()', relatedLines: [9] }, { line: 16, text: 'scheduler.step()', relatedLines: [17] }],
    },
    {
      name: "at the top of a per-epoch train() that runs the batch loop (pytorch-cifar's older train(epoch))",
      code: `${head}scheduler = StepLR(optimizer, step_size=30)\n\ndef train(epoch):\n    scheduler.step()\n    model.train()\n    for x, y in loader:\n${batch}    return epoch\n\nfor epoch in range(90):\n    train(epoch)\n`,
      errors: [{ line: 8, text: 'scheduler.step()', message: 'runs before the optimizer steps in this call', relatedLines: [10] }],
      output: `${head}scheduler = StepLR(optimizer, step_size=30)\n\ndef train(epoch):\n    model.train()\n    for x, y in loader:\n${batch}    scheduler.step()\n    return epoch\n\nfor epoch in range(90):\n    train(epoch)\n`,
    },
    {
      name: "a trainer's epoch method: self.scheduler stepped before the batch loop steps self.optimizer",
      code: 'import torch\nfrom torch import optim\n\nclass Trainer:\n    def __init__(self, model, loader):\n        self.model = model\n        self.loader = loader\n        self.optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n        self.scheduler = optim.lr_scheduler.CosineAnnealingLR(self.optimizer, T_max=200)\n\n    def train_epoch(self):\n        self.scheduler.step()\n        self.model.train()\n        for x, y in self.loader:\n            self.optimizer.zero_grad()\n            loss = torch.nn.functional.cross_entropy(self.model(x), y)\n            loss.backward()\n            self.optimizer.step()\n',
      errors: [{ line: 12, text: 'self.scheduler.step()' }],
      output: 'import torch\nfrom torch import optim\n\nclass Trainer:\n    def __init__(self, model, loader):\n        self.model = model\n        self.loader = loader\n        self.optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n        self.scheduler = optim.lr_scheduler.CosineAnnealingLR(self.optimizer, T_max=200)\n\n    def train_epoch(self):\n        self.model.train()\n        for x, y in self.loader:\n            self.optimizer.zero_grad()\n            loss = torch.nn.functional.cross_entropy(self.model(x), y)\n            loss.backward()\n            self.optimizer.step()\n        self.scheduler.step()\n',
    },
    {
      name: 'a training-step function that steps the scheduler before the optimizer',
      code: `${head}scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)\n\ndef train_step(x, y):\n    scheduler.step()\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n    return loss.item()\n\nfor x, y in loader:\n    train_step(x, y)\n`,
      errors: [{ line: 8, text: 'scheduler.step()' }],
      output: `${head}scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)\n\ndef train_step(x, y):\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n    scheduler.step()\n    return loss.item()\n\nfor x, y in loader:\n    train_step(x, y)\n`,
    },
    {
      name: "the optimizer stepped in a function of another project file the loop hands it to (HRNet's train() from core/function.py)",
      code: 'import torch\nfrom function import train_one\n\noptimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\nscheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, [10, 20])\nfor epoch in range(30):\n    scheduler.step()\n    train_one(model, optimizer)\n',
      files: { 'function.py': 'def train_one(model, optimizer, loader=()):\n    model.train()\n    for x, y in loader:\n        loss = ((model(x) - y) ** 2).mean()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n' },
      errors: [{ line: 7, text: 'scheduler.step()', relatedLines: [8] }],
      output: 'import torch\nfrom function import train_one\n\noptimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\nscheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, [10, 20])\nfor epoch in range(30):\n    train_one(model, optimizer)\n    scheduler.step()\n',
    },
    {
      name: 'both under one gradient-accumulation guard, the scheduler first (ViT-pytorch, TransFG)',
      code: head + `scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)\nfor step, (x, y) in enumerate(loader):\n    (criterion(model(x), y) / accum).backward()\n    if (step + 1) % accum == 0:\n        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n        scheduler.step()\n        optimizer.step()\n        optimizer.zero_grad()\n`,
      errors: [{ line: 10, text: 'scheduler.step()', message: 'so the schedule is one step ahead (the first learning rate is skipped)' }],
      output: head + `scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)\nfor step, (x, y) in enumerate(loader):\n    (criterion(model(x), y) / accum).backward()\n    if (step + 1) % accum == 0:\n        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n        optimizer.step()\n        scheduler.step()\n        optimizer.zero_grad()\n`,
    },
    {
      name: 'at the top of the epoch loop (pre-1.1 style)',
      code: `${head}scheduler = StepLR(optimizer, step_size=30)\nfor epoch in range(90):\n    scheduler.step()\n    for x, y in loader:\n${batch}    validate(model)\n`,
      errors: [{ line: 7, text: 'scheduler.step()', message: 'runs before the optimizer steps in this iteration, so the schedule is one step ahead (each decay comes one step early)' }],
      output: `${head}scheduler = StepLR(optimizer, step_size=30)\nfor epoch in range(90):\n    for x, y in loader:\n${batch}    scheduler.step()\n    validate(model)\n`,
    },
    {
      name: 'per batch, before the backward pass',
      code: `${head}scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)\nfor x, y in loader:\n    optimizer.zero_grad()\n    scheduler.step()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()  # update\n    log(loss)\n`,
      errors: [{ line: 8 }],
      output: `${head}scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()  # update\n    scheduler.step()\n    log(loss)\n`,
    },
    {
      name: 'the optimizer steps in a train function called after the scheduler',
      code: `${head}scheduler = StepLR(optimizer, step_size=30)\n\ndef train(model, loader):\n    for x, y in loader:\n${batch.replace(/^ {8}/gm, '        ')}\nfor epoch in range(90):\n    scheduler.step()\n    train(model, loader)\n`,
      errors: [{ line: 15 }],
      output: `${head}scheduler = StepLR(optimizer, step_size=30)\n\ndef train(model, loader):\n    for x, y in loader:\n${batch}\nfor epoch in range(90):\n    train(model, loader)\n    scheduler.step()\n`,
    },
    {
      name: 'a scheduler from a helper, known by its name; last statement of the file',
      code: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters())\nlr_scheduler = build_scheduler(cfg, optimizer)\nfor batch in loader:\n    lr_scheduler.step()\n    model(batch).loss.backward()\n    optimizer.step()\n    optimizer.zero_grad()`,
      errors: [{ line: 6 }],
      output: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters())\nlr_scheduler = build_scheduler(cfg, optimizer)\nfor batch in loader:\n    model(batch).loss.backward()\n    optimizer.step()\n    lr_scheduler.step()\n    optimizer.zero_grad()`,
    },
  ],
});

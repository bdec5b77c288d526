import { ruleTester } from '../../support/rule-tester';

const STEP = `import torch\n\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)\n`;

ruleTester('NR302', {
  valid: [
    { name: 'another step size', code: `import torch\n\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10)\n`, stage: 2 },
    { name: 'milestones of this problem', code: `from torch.optim.lr_scheduler import MultiStepLR\n\nscheduler = MultiStepLR(optimizer, milestones=[50, 75])\n`, stage: 3 },
    { name: 'milestones from a config cannot be read', code: `from torch.optim.lr_scheduler import MultiStepLR\n\nscheduler = MultiStepLR(optimizer, milestones=cfg.milestones)\n`, stage: 3 },
    { name: 'one milestone at 30 is not the ImageNet schedule', code: `from torch.optim.lr_scheduler import MultiStepLR\n\nscheduler = MultiStepLR(optimizer, milestones=[30])\n`, stage: 3 },
    { name: 'stage 4: a decay is welcome', code: STEP, stage: 4 },
    { name: 'stage 5', code: STEP, stage: 5 },
    { name: 'stage unknown', code: STEP },
    { name: 'a cosine schedule over 30 epochs', code: `import torch\n\nscheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=30)\n`, stage: 2 },
  ],
  invalid: [
    { name: 'StepLR every 30 epochs, stage 2', code: STEP, stage: 2, errors: [{ line: 3, message: 'In stage 2 (skeleton), keep the learning rate constant: StepLR(step_size=30)' }] },
    {
      name: 'positional step size, stage 3',
      code: `from torch.optim import lr_scheduler\n\nsched = lr_scheduler.StepLR(opt, 30, 0.1)\n`,
      stage: 3,
      errors: [{ text: 'lr_scheduler.StepLR(opt, 30, 0.1)', message: 'In stage 3 (overfit)' }],
    },
    {
      name: 'MultiStepLR at [30, 60, 90]',
      code: `import torch\n\nsched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[30, 60, 90], gamma=0.1)\n`,
      stage: 3,
      errors: [{ message: 'milestones [30, 60, 90] are ImageNet' }],
    },
    {
      name: 'milestones through a constant',
      code: `from torch.optim.lr_scheduler import MultiStepLR\n\nMILESTONES = [30, 60]\nsched = MultiStepLR(opt, MILESTONES)\n`,
      stage: 2,
      errors: [{ text: 'MultiStepLR(opt, MILESTONES)' }],
    },
  ],
});

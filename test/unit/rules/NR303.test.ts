import { ruleTester } from '../../support/rule-tester';

const head = `import torch\nfrom torch.optim import lr_scheduler\n\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n`;
const batch = (indent: string): string =>
  [`optimizer.zero_grad()`, `criterion(model(x), y).backward()`, `optimizer.step()`].map((l) => indent + l + '\n').join('');
/** An epoch loop over a batch loop; `perBatch` puts scheduler.step() inside the batch loop. */
const loops = (sched: string, epochs: string, perBatch: boolean): string =>
  `${head}scheduler = ${sched}\nfor epoch in range(${epochs}):\n    for x, y in loader:\n${batch('        ')}` +
  (perBatch ? `        scheduler.step()\n` : `    scheduler.step()\n`);

ruleTester('NR303', {
  valid: [
    { name: 'cosine over the epochs, stepped per epoch', code: loops('lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)', 'args.epochs', false) },
    { name: 'cosine sized in steps, stepped per batch', code: loops('lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs * len(loader))', 'args.epochs', true) },
    { name: 'cosine over epochs times some per-epoch count, per batch', code: loops('lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs * n)', 'args.epochs', true) },
    { name: 'OneCycleLR per batch', code: loops('lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, epochs=args.epochs, steps_per_epoch=len(loader))', 'args.epochs', true) },
    { name: 'StepLR decays within the run', code: loops('lr_scheduler.StepLR(optimizer, step_size=30)', '90', false) },
    { name: 'milestones within the run', code: loops('lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60])', '100', false) },
    { name: 'an epoch count only known at run time', code: loops('lr_scheduler.StepLR(optimizer, step_size=300)', 'args.epochs', false) },
    { name: 'a gentle per-step exponential decay', code: loops('lr_scheduler.ExponentialLR(optimizer, gamma=0.9999)', '10', true) },
    { name: 'a step size in batches, larger than the epoch count', code: loops('lr_scheduler.StepLR(optimizer, step_size=2000)', '90', true) },
    {
      name: 'one loop of iterations: the step size counts iterations',
      code: `${head}scheduler = lr_scheduler.StepLR(optimizer, step_size=args.lr_step)\nfor it in range(args.max_iters):\n    x, y = next(data)\n${batch('    ')}    scheduler.step()\n`,
    },
    {
      name: 'per batch but only at the end of the epoch',
      code: `${head}scheduler = lr_scheduler.StepLR(optimizer, step_size=30)\nfor epoch in range(90):\n    for i, (x, y) in enumerate(loader):\n${batch('        ')}        if i == len(loader) - 1:\n            scheduler.step()\n`,
    },
  ],
  invalid: [
    {
      name: 'cosine over the epochs, stepped per batch',
      code: loops('lr_scheduler.CosineAnnealingLR(optimizer, T_max=num_epochs)', 'num_epochs', true),
      errors: [{ line: 11, text: 'scheduler.step()', message: 'CosineAnnealingLR is stepped every batch' }],
    },
    {
      name: 'StepLR per batch in a train function called from the epoch loop',
      code: `${head}scheduler = lr_scheduler.StepLR(optimizer, 30, gamma=0.1)\n\ndef train(loader):\n    for x, y in loader:\n${batch('        ')}        scheduler.step()\n\nfor epoch in range(90):\n    train(loader)\n`,
      errors: [{ line: 12, message: '`step_size` (30) is counted in epochs' }],
    },
    {
      name: 'a strong exponential decay per batch',
      code: loops('lr_scheduler.ExponentialLR(optimizer, gamma=0.95)', 'args.epochs', true),
      errors: [{ line: 11, message: 'a per-epoch decay' }],
    },
    {
      name: 'milestones computed from the epoch count, per batch',
      code: loops('lr_scheduler.MultiStepLR(optimizer, [int(0.5 * args.epochs), int(0.75 * args.epochs)])', 'args.epochs', true),
      errors: [{ line: 11 }],
    },
    {
      name: 'milestones beyond the end of the run',
      code: loops('lr_scheduler.MultiStepLR(optimizer, milestones=[100, 150])', '90', false),
      errors: [{ line: 5, text: '[100, 150]', message: 'never decays' }],
    },
    {
      name: 'a step size equal to the epoch count, from constants',
      code: `${head}EPOCHS = 40\nscheduler = lr_scheduler.StepLR(optimizer, 40)\n\ndef main():\n    for epoch in range(EPOCHS):\n        for x, y in loader:\n${batch('            ')}        scheduler.step()\n\nmain()\n`,
      errors: [{ line: 6, text: '40', message: 'stepped only 40 times' }],
    },
  ],
});

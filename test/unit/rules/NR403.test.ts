import { ruleTester } from '../../support/rule-tester';

ruleTester('NR403', {
  valid: [
    { name: 'AdamW with weight decay', code: `import torch\n\nopt = torch.optim.AdamW(model.parameters(), weight_decay=0.01)\n` },
    { name: 'Adam without weight decay', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n` },
    { name: 'Adam with weight_decay=0', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=0)\n` },
    { name: 'a decay only known at run time', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), weight_decay=args.wd)\n` },
    { name: 'SGD with weight decay is plain L2 and fine', code: `import torch\n\nopt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)\n` },
    { name: 'Adam with decoupled decay switched on', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), weight_decay=0.01, decoupled_weight_decay=True)\n` },
    { name: "a project's own Adam", code: `from myopt import Adam\n\nopt = Adam(model.parameters(), weight_decay=0.01)\n` },
  ],
  invalid: [
    {
      name: 'torch.optim.Adam with a keyword',
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-4)\n`,
      errors: [{ line: 3, message: 'Use AdamW' }],
      output: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-4)\n`,
    },
    {
      name: 'imported by name, a constant decay',
      code: `from torch.optim import Adam\n\nWD = 5e-4\nopt = Adam(net.parameters(), lr=1e-3, weight_decay=WD)\n`,
      errors: [{ line: 4, message: '`weight_decay=WD`' }],
      output: `from torch.optim import Adam\nfrom torch.optim import AdamW\n\nWD = 5e-4\nopt = AdamW(net.parameters(), lr=1e-3, weight_decay=WD)\n`,
    },
    {
      name: 'positional weight decay through an alias',
      code: `import torch.optim as optim\n\nopt = optim.Adam(params, 1e-3, (0.9, 0.999), 1e-8, 1e-2)\n`,
      errors: [{ line: 3 }],
      output: `import torch.optim as optim\n\nopt = optim.AdamW(params, 1e-3, (0.9, 0.999), 1e-8, 1e-2)\n`,
    },
    {
      name: 'a parameter group with weight decay',
      code: `import torch\n\nopt = torch.optim.Adam([{'params': decay, 'weight_decay': 0.05}, {'params': no_decay, 'weight_decay': 0.0}], lr=1e-3)\n`,
      errors: [{ line: 3, message: '`weight_decay=0.05`' }],
      output: `import torch\n\nopt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.05}, {'params': no_decay, 'weight_decay': 0.0}], lr=1e-3)\n`,
    },
  ],
});

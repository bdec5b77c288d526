import { ruleTester } from '../../support/rule-tester';

/** A script whose Adam takes its decay from a command-line option (`add` declares it). */
const cli = (add: string, build = 'torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=args.weight_decay)'): string =>
  `import argparse\nimport torch\n\nparser = argparse.ArgumentParser()\n${add}\nargs = parser.parse_args()\nopt = ${build}\n`;

/** Kaggle's settings class (`class CFG: weight_decay = 1e-5`), read through the class or an instance of it (`use`). */
const settings = (use: string, extra = ''): string =>
  `import torch\n\n\nclass CFG:\n    lr = 3e-4\n    weight_decay = 1e-5\n${extra}\n\n${use}\n`;

/** Adam (or `picked`) in one branch of an option's choice, `other` in the next (UNETR's `--optim_name`). */
const choice = (other: string, picked = 'Adam'): string =>
  `import torch\n\nif args.optim_name == "adam":\n    opt = torch.optim.${picked}(model.parameters(), lr=1e-4, weight_decay=1e-5)\nelif args.optim_name == "${other.toLowerCase()}":\n    opt = torch.optim.${other}(model.parameters(), lr=1e-4, weight_decay=1e-5)\n`;

ruleTester('NR403', {
  valid: [
    {
      name: "Adam with weight_decay in the branch its config class does not take (arcface-pytorch; review 145)",
      code: "import torch\nfrom torch import nn\n\n\nclass Config(object):\n    optimizer = 'sgd'\n    lr = 1e-1\n    weight_decay = 5e-4\n\n\nopt = Config()\nmodel = nn.Linear(10, 2)\n\nif opt.optimizer == 'sgd':\n    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr, weight_decay=opt.weight_decay)\nelse:\n    optimizer = torch.optim.Adam(model.parameters(), lr=opt.lr, weight_decay=opt.weight_decay)\n",
    },
    { name: "a DDPG agent module that imports no environment library: its critic's target Q-values and target network say RL (TD3's DDPG.py; review 137)", code: 'import copy\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass Critic(nn.Module):\n    def __init__(self, state_dim, action_dim):\n        super().__init__()\n        self.l1 = nn.Linear(state_dim + action_dim, 64)\n        self.l2 = nn.Linear(64, 1)\n\n    def forward(self, state, action):\n        return self.l2(F.relu(self.l1(torch.cat([state, action], 1))))\n\n\nclass DDPG:\n    def __init__(self, state_dim, action_dim, discount=0.99):\n        self.critic = Critic(state_dim, action_dim)\n        self.critic_target = copy.deepcopy(self.critic)\n        self.critic_optimizer = torch.optim.Adam(self.critic.parameters(), weight_decay=1e-2)\n        self.discount = discount\n\n    def train(self, state, action, next_state, next_action, reward, not_done):\n        target_Q = self.critic_target(next_state, next_action)\n        target_Q = reward + (not_done * self.discount * target_Q).detach()\n        critic_loss = F.mse_loss(self.critic(state, action), target_Q)\n        self.critic_optimizer.zero_grad()\n        critic_loss.backward()\n        self.critic_optimizer.step()\n' },
    {
      name: "an RL agent's critic with the paper's L2 penalty (DDPG: Adam, weight_decay=1e-2; review 100)",
      code: `import copy\nimport gym\nimport torch\n\n\nclass DDPG:\n    def __init__(self, critic):\n        self.critic = critic\n        self.critic_target = copy.deepcopy(critic)\n        self.critic_optimizer = torch.optim.Adam(self.critic.parameters(), weight_decay=1e-2)\n\n\nenv = gym.make("Pendulum-v1")\nstate = env.reset()\nnext_state, reward, done, info = env.step(env.action_space.sample())\n`,
    },
    { name: "a decay under 1e-6 regularises nothing (MPRNet's `weight_decay=1e-8`; review 102)", code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=2e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-8)\n` },
    { name: "Adam picked by an option next to AdamW (UNETR's --optim_name): the file already offers decoupled decay", code: choice('AdamW') },
    {
      name: "Adam picked by an option next to the project's own AdamW class (AdaBelief's experiments, `from optimizers import *`)",
      code: choice('AdamW').replace('opt = torch.optim.AdamW(', 'opt = AdamW(').replace('import torch\n', 'import torch\nfrom optimizers import *\n'),
      files: { 'optimizers/__init__.py': 'from .AdamW import *\n', 'optimizers/AdamW.py': 'from torch.optim.optimizer import Optimizer\n\n\nclass AdamW(Optimizer):\n    pass\n' },
    },
    { name: 'hard negative: a decay of zero written as arithmetic (`weight_decay=0 * 10**-5`)', code: 'import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=0 * 10**-5)\n' },
    { name: 'hard negative: the attribute is written elsewhere (`CFG.weight_decay = args.wd`)', code: settings('CFG.weight_decay = args.wd\nopt = torch.optim.Adam(model.parameters(), weight_decay=CFG.weight_decay)') },
    { name: 'hard negative: the class is filled in with setattr', code: settings('for k, v in vars(args).items():\n    setattr(CFG, k, v)\nopt = torch.optim.Adam(model.parameters(), weight_decay=CFG.weight_decay)') },
    { name: 'hard negative: the instance sets its own value in __init__', code: settings('config = CFG()\nopt = torch.optim.Adam(model.parameters(), weight_decay=config.weight_decay)', '\n    def __init__(self):\n        self.weight_decay = 0.0\n') },
    { name: 'hard negative: an instance built with arguments', code: settings('config = CFG(args)\nopt = torch.optim.Adam(model.parameters(), weight_decay=config.weight_decay)') },
    { name: 'AdamW with weight decay', code: `import torch\n\nopt = torch.optim.AdamW(model.parameters(), weight_decay=0.01)\n` },
    { name: 'Adam without weight decay', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n` },
    { name: 'Adam with weight_decay=0', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=0)\n` },
    { name: 'a decay only known at run time', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), weight_decay=args.wd)\n` },
    { name: 'SGD with weight decay is plain L2 and fine', code: `import torch\n\nopt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)\n` },
    { name: 'Adam with decoupled decay switched on', code: `import torch\n\nopt = torch.optim.Adam(model.parameters(), weight_decay=0.01, decoupled_weight_decay=True)\n` },
    { name: "a project's own Adam", code: `from myopt import Adam\n\nopt = Adam(model.parameters(), weight_decay=0.01)\n` },
    { name: "an option's default of 0", code: cli("parser.add_argument('--weight_decay', type=float, default=0.0)") },
    { name: 'an option without a default (None: no decay unless given)', code: cli("parser.add_argument('--weight_decay', type=float)") },
    { name: 'an option declared twice (two parsers): which one is read is not known', code: cli("parser.add_argument('--weight_decay', type=float, default=1e-4)\nother.add_argument('--weight_decay', type=float, default=0.0)") },
    {
      name: "hard negative: an attribute of a config object named like an option (not what parse_args returned)",
      code: cli("parser.add_argument('--weight_decay', type=float, default=1e-4)", 'torch.optim.Adam(model.parameters(), weight_decay=cfg.weight_decay)').replace('args = parser.parse_args()', 'args = parser.parse_args()\ncfg = load_config(args.config)'),
    },
  ],
  invalid: [
    {
      name: "hard negative: the same config choosing Adam (`optimizer = 'adam'`)",
      code: "import torch\nfrom torch import nn\n\n\nclass Config(object):\n    optimizer = 'adam'\n    lr = 1e-1\n    weight_decay = 5e-4\n\n\nopt = Config()\nmodel = nn.Linear(10, 2)\n\nif opt.optimizer == 'sgd':\n    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr, weight_decay=opt.weight_decay)\nelse:\n    optimizer = torch.optim.Adam(model.parameters(), lr=opt.lr, weight_decay=opt.weight_decay)\n",
      errors: [{ line: 17, text: 'torch.optim.Adam(model.parameters(), lr=opt.lr, weight_decay=opt.weight_decay)' }],
      output: "import torch\nfrom torch import nn\n\n\nclass Config(object):\n    optimizer = 'adam'\n    lr = 1e-1\n    weight_decay = 5e-4\n\n\nopt = Config()\nmodel = nn.Linear(10, 2)\n\nif opt.optimizer == 'sgd':\n    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr, weight_decay=opt.weight_decay)\nelse:\n    optimizer = torch.optim.Adam(model.parameters(), lr=opt.lr, weight_decay=opt.weight_decay)\n".replace('optimizer = torch.optim.Adam(', 'optimizer = torch.optim.AdamW('),
    },
    {
      name: 'hard negative: the same Adam in a supervised script',
      code: `import copy\nimport torch\n\n\nclass Regressor:\n    def __init__(self, net):\n        self.net = net\n        self.optimizer = torch.optim.Adam(self.net.parameters(), weight_decay=1e-2)\n`,
      errors: [{ line: 8 }],
      output: `import copy\nimport torch\n\n\nclass Regressor:\n    def __init__(self, net):\n        self.net = net\n        self.optimizer = torch.optim.AdamW(self.net.parameters(), weight_decay=1e-2)\n`,
    },
    {
      name: 'hard negative: a small decay that still regularises (1e-6)',
      code: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=2e-4, weight_decay=1e-6)\n`,
      errors: [{ line: 3 }],
      output: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=2e-4, weight_decay=1e-6)\n`,
    },
    {
      name: 'hard negative: Adam picked by an option next to SGD (no AdamW in the file)',
      code: choice('SGD'),
      errors: [{ line: 4, text: 'torch.optim.Adam(model.parameters(), lr=1e-4, weight_decay=1e-5)' }],
      output: choice('SGD', 'AdamW'),
    },
    {
      name: 'hard negative: an Adam that no option picks, in a file that also builds an AdamW of its own',
      code: 'import torch\nfrom optimizers import AdamW\n\nopt = torch.optim.Adam(model.parameters(), lr=1e-4, weight_decay=1e-5)\nprobe = AdamW(head.parameters(), lr=1e-4)\n',
      errors: [{ line: 4 }],
      output: 'import torch\nfrom optimizers import AdamW\n\nopt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=1e-5)\nprobe = AdamW(head.parameters(), lr=1e-4)\n',
    },
    {
      name: 'a decay written as a power of ten (`weight_decay=10**-5`, powerful-gnns)',
      code: 'import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=10**-5)\n',
      errors: [{ line: 3, message: '`weight_decay=10**-5`' }],
      output: 'import torch\n\nopt = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=10**-5)\n',
    },
    {
      name: "a settings class's attribute (`weight_decay=CFG.weight_decay`)",
      code: settings('opt = torch.optim.Adam(model.parameters(), lr=CFG.lr, weight_decay=CFG.weight_decay)'),
      errors: [{ line: 9, message: '`weight_decay=CFG.weight_decay`' }],
      output: settings('opt = torch.optim.AdamW(model.parameters(), lr=CFG.lr, weight_decay=CFG.weight_decay)'),
    },
    {
      name: 'the same through an instance built without arguments (`config = CFG()`)',
      code: settings('config = CFG()\nopt = torch.optim.Adam(model.parameters(), weight_decay=config.weight_decay)'),
      errors: [{ line: 10 }],
      output: settings('config = CFG()\nopt = torch.optim.AdamW(model.parameters(), weight_decay=config.weight_decay)'),
    },
    {
      name: "a command-line option's default (`weight_decay=args.weight_decay`, `default=1e-4`)",
      code: cli("parser.add_argument('--weight-decay', type=float, default=1e-4)"),
      errors: [{ line: 7, message: '`weight_decay=args.weight_decay` (1e-4 by default)' }],
      output: cli("parser.add_argument('--weight-decay', type=float, default=1e-4)").replace('torch.optim.Adam(', 'torch.optim.AdamW('),
    },
    {
      name: "the option's default, with args handed to a function as `args`",
      code: "import argparse\nimport torch\n\n\ndef build(args, model):\n    return torch.optim.Adam(model.parameters(), weight_decay=args.wd)\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--wd', type=float, default=5e-4)\n",
      errors: [{ line: 6, message: '(5e-4 by default)' }],
      output: "import argparse\nimport torch\n\n\ndef build(args, model):\n    return torch.optim.AdamW(model.parameters(), weight_decay=args.wd)\n\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--wd', type=float, default=5e-4)\n",
    },
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

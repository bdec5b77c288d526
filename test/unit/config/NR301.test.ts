// NR301 in configs (stages 2-3): Adam/AdamW learning rates outside [1e-4, 1e-3] and SGD as the baseline optimizer,
// in Hydra, Lightning CLI and Hugging Face configs.
import { ruleTester } from '../../support/rule-tester';

describe('configs', () => {
  ruleTester('NR301', {
    valid: [
      { name: 'Hydra Adam at 3e-4', path: 'conf/optimizer/adam.yaml', code: '_target_: torch.optim.Adam\nlr: 3e-4\n', stage: 2 },
      { name: 'Lightning AdamW at 1e-3 (the bound)', path: 'config.yaml', code: 'trainer:\n  max_epochs: 5\noptimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    lr: 1.0e-3\n', stage: 3 },
      { name: 'Adam without lr: the default 1e-3 is fine', path: 'conf/config.yaml', code: 'optimizer:\n  _target_: torch.optim.Adam\n  _partial_: true\n', stage: 2 },
      { name: 'stage 4: tuning the rate is fair game', path: 'conf/config.yaml', code: 'optimizer:\n  _target_: torch.optim.Adam\n  lr: 0.01\n', stage: 4 },
      { name: 'stage unknown', path: 'conf/config.yaml', code: 'optimizer:\n  _target_: torch.optim.Adam\n  lr: 0.01\n' },
      { name: 'SGD as one option of an optimizer config group', path: 'conf/optimizer/sgd.yaml', code: '_target_: torch.optim.SGD\nlr: 0.1\nmomentum: 0.9\n', stage: 2 },
      { name: 'SGD next to Adam in the same config', path: 'conf/config.yaml', code: 'optimizers:\n  adam:\n    _target_: torch.optim.Adam\n    lr: 3e-4\n  sgd:\n    _target_: torch.optim.SGD\n    lr: 0.1\n', stage: 2 },
      { name: 'an interpolated lr cannot be read', path: 'conf/config.yaml', code: 'base_lr: 0.01\noptimizer:\n  _target_: torch.optim.Adam\n  lr: ${base_lr}\n', stage: 2 },
      { name: 'Hugging Face fine-tuning at 5e-5 (the default) is right', path: 'args.json', code: '{"output_dir": "o", "num_train_epochs": 3, "learning_rate": 5e-5, "per_device_train_batch_size": 16}', stage: 2 },
      { name: 'not torch.optim', path: 'conf/config.yaml', code: 'optimizer:\n  _target_: mylib.Adam\n  lr: 0.1\n', stage: 2 },
      { name: 'a plain config naming an optimizer for its own code (not a Lightning CLI short form)', path: 'configs/train.yaml', code: 'optimizer: SGD\nlr: 0.1\nbatch_size: 64\n', stage: 2 },
    ],
    invalid: [
      {
        name: 'Hydra Adam at 0.01: the scalar is replaced, the comment kept',
        path: 'conf/config.yaml',
        code: 'optimizer:\n  _target_: torch.optim.Adam\n  lr: 0.01  # tried 0.1 first\n',
        stage: 2,
        errors: [{ line: 3, text: '0.01', message: 'In stage 2 (skeleton), start from Adam at lr=3e-4: lr=0.01 is outside' }],
        output: 'optimizer:\n  _target_: torch.optim.Adam\n  lr: 3.0e-4  # tried 0.1 first\n',
      },
      {
        name: 'Lightning CLI AdamW at 1e-5',
        path: 'config.yaml',
        code: 'trainer:\n  max_epochs: 5\noptimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    lr: 1e-5\n    weight_decay: 0.05\n',
        stage: 3,
        errors: [{ line: 6, text: '1e-5', message: 'In stage 3 (overfit)' }],
        output: 'trainer:\n  max_epochs: 5\noptimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    lr: 3.0e-4\n    weight_decay: 0.05\n',
      },
      {
        name: 'Lightning CLI short form: SGD → Adam (a suggestion)',
        path: 'config.yaml',
        code: 'trainer:\n  max_epochs: 5\nmodel:\n  hidden: 8\noptimizer: SGD\n',
        stage: 2,
        errors: [{ line: 5, text: 'SGD', message: 'use Adam at lr=3e-4 for the baseline' }],
        output: 'trainer:\n  max_epochs: 5\nmodel:\n  hidden: 8\noptimizer: Adam\n',
      },
      {
        name: 'Hydra SGD with momentum: reported, no fix (momentum is not an Adam argument)',
        path: 'conf/config.yaml',
        code: 'optimizer:\n  _target_: torch.optim.SGD\n  lr: 0.1\n  momentum: 0.9\n',
        stage: 2,
        errors: [{ line: 2, text: 'torch.optim.SGD' }],
      },
      {
        name: 'Hydra SGD in JSON: class and rate',
        path: 'conf/config.json',
        code: '{"optimizer": {"_target_": "torch.optim.SGD", "lr": 0.1}}',
        stage: 2,
        errors: [{ text: '"torch.optim.SGD"' }],
        output: '{"optimizer": {"_target_": "torch.optim.Adam", "lr": 3e-4}}',
      },
      {
        name: 'Hugging Face optim: sgd',
        path: 'args.json',
        code: '{\n  "output_dir": "o",\n  "num_train_epochs": 3,\n  "per_device_train_batch_size": 16,\n  "optim": "sgd"\n}\n',
        stage: 2,
        errors: [{ line: 5, text: '"sgd"' }],
        output: '{\n  "output_dir": "o",\n  "num_train_epochs": 3,\n  "per_device_train_batch_size": 16,\n  "optim": "adamw_torch"\n}\n',
      },
      {
        name: 'Hugging Face learning_rate above 1e-3: reported without a fix',
        path: 'args.yaml',
        code: 'output_dir: o\nnum_train_epochs: 3\nper_device_train_batch_size: 16\nlearning_rate: 0.01\n',
        stage: 3,
        errors: [{ line: 4, text: '0.01', message: 'learning_rate=0.01 is above 1e-3' }],
      },
    ],
  });
});

// NR404 in configs (stages 4-6): weight decay set to 0, or an optimizer without decay by default and no
// `weight_decay` anywhere in the config.
import { ruleTester } from '../../support/rule-tester';

/** DDPMs-Pytorch (review 128): a Lightning module that trains a diffusion model (`kind`) and the script that fits it. */
const LIGHTNING = (cls: string): Record<string, string> => ({
  'model.py': `import pytorch_lightning as pl\nimport torch\n\n\nclass ${cls}(pl.LightningModule):\n    def training_step(self, batch, i):\n        x, y = batch\n        return torch.nn.functional.mse_loss(self(x), y)\n\n    def validation_step(self, batch, i):\n        x, y = batch\n        self.log("val_loss", torch.nn.functional.mse_loss(self(x), y))\n`,
  'train.py': `import pytorch_lightning as pl\nfrom model import ${cls}\n\npl.seed_everything(0)\ntrainer = pl.Trainer(max_epochs=100)\ntrainer.fit(${cls}(), train_dl, val_dl)\n`,
});

describe('configs', () => {
  ruleTester('NR404', {
    valid: [
      { name: 'AdamW decays by default', path: 'conf/optimizer/adamw.yaml', code: '_target_: torch.optim.AdamW\nlr: 3.0e-4\n', stage: 4 },
      { name: 'Adam with weight decay', path: 'conf/optimizer/adam.yaml', code: '_target_: torch.optim.Adam\nlr: 3.0e-4\nweight_decay: 1.0e-4\n', stage: 5 },
      { name: 'Hugging Face weight_decay 0.01', path: 'args.json', code: '{"output_dir": "o", "num_train_epochs": 3, "weight_decay": 0.01}', stage: 4 },
      { name: 'stage 3: no regularization yet', path: 'conf/config.yaml', code: 'optimizer:\n  _target_: torch.optim.Adam\n  weight_decay: 0.0\n', stage: 3 },
      { name: 'weight decay set elsewhere in the config (a model argument)', path: 'config.yaml', code: 'trainer:\n  max_epochs: 5\nmodel:\n  weight_decay: 0.05\noptimizer: Adam\n', stage: 4 },
      { name: 'Hugging Face without weight_decay: not reported (only an explicit 0 is)', path: 'args.yaml', code: 'output_dir: o\nnum_train_epochs: 3\nper_device_train_batch_size: 8\n', stage: 4 },
      {
        name: "every script around the config trains a diffusion model (a Lightning `GaussianDDPM`, DDPMs-Pytorch; review 128)",
        path: 'config/optimizer/adam_paper.yaml',
        code: '_target_: torch.optim.Adam\nlr: 2.0e-4\n',
        files: LIGHTNING('GaussianDDPM'),
        listing: true,
        stage: 4,
      },
    ],
    invalid: [
      {
        name: 'hard negative: the same scripts train a classifier',
        path: 'config/optimizer/adam_paper.yaml',
        code: '_target_: torch.optim.Adam\nlr: 2.0e-4\n',
        files: LIGHTNING('Classifier'),
        listing: true,
        stage: 4,
        errors: [{ line: 1, text: 'torch.optim.Adam', message: 'this Adam optimizer has none' }],
      },
      {
        name: 'Hydra Adam with weight_decay 0.0',
        path: 'conf/config.yaml',
        code: 'optimizer:\n  _target_: torch.optim.Adam\n  lr: 3.0e-4\n  weight_decay: 0.0\n',
        stage: 4,
        errors: [{ line: 4, text: '0.0', message: 'In stage 4 (regularize), regularize with weight decay: it is set to 0 for this Adam optimizer. Switch to AdamW with a `weight_decay`' }],
      },
      {
        name: 'Lightning CLI SGD without weight decay',
        path: 'config.yaml',
        code: 'trainer:\n  max_epochs: 5\noptimizer:\n  class_path: torch.optim.SGD\n  init_args:\n    lr: 0.1\n    momentum: 0.9\n',
        stage: 5,
        errors: [{ line: 4, text: 'torch.optim.SGD', message: 'this SGD optimizer has none. Set `weight_decay` (or use AdamW)' }],
      },
      {
        name: 'Hugging Face weight_decay 0',
        path: 'args.yaml',
        code: 'output_dir: o\nnum_train_epochs: 3\nper_device_train_batch_size: 8\nweight_decay: 0\n',
        stage: 6,
        errors: [{ line: 4, text: '0' }],
      },
    ],
  });
});

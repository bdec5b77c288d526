// NR601 in configs (stage 6): early stopping with a patience of 2 or less, a Lightning epoch budget of 3 or less.
import { ruleTester } from '../../support/rule-tester';

const es = (patience: string): string => `trainer:\n  max_epochs: 200\n  callbacks:\n    - class_path: lightning.pytorch.callbacks.EarlyStopping\n      init_args:\n        monitor: val_loss\n${patience}model:\n  hidden: 8\n`;

const TRAINER = '_target_: lightning.pytorch.Trainer\nmax_epochs: 3\n';
const MODEL_CFG = '_target_: src.models.lit.LitModel\nlr: 0.0003\n';
const LIT = (weights: string): string =>
  `import lightning as L\nimport torchvision\nfrom torch import nn\n\n\nclass LitModel(L.LightningModule):\n    def __init__(self, lr=3e-4):\n        super().__init__()\n        self.net = torchvision.models.mobilenet_v2(weights=${weights})\n        self.net.classifier = nn.Linear(1280, 102)\n`;

describe('configs', () => {
  ruleTester('NR601', {
    valid: [
      { name: 'a patience of 10', path: 'config.yaml', code: es('        patience: 10\n'), stage: 6 },
      { name: "Lightning's default patience (3)", path: 'config.yaml', code: es(''), stage: 6 },
      { name: 'a budget set by steps', path: 'config.yaml', code: 'trainer:\n  max_epochs: 2\n  max_steps: 100000\nmodel:\n  hidden: 8\n', stage: 6 },
      { name: 'a fast dev run', path: 'config.yaml', code: 'trainer:\n  max_epochs: 1\n  fast_dev_run: true\nmodel:\n  hidden: 8\n', stage: 6 },
      { name: 'stage 5', path: 'config.yaml', code: es('        patience: 1\n'), stage: 5 },
      {
        name: "a Hydra trainer of a tree whose model group names a class fine-tuning torchvision weights (review 123)",
        path: 'configs/trainer/default.yaml',
        code: TRAINER,
        files: { 'configs/model/default.yaml': MODEL_CFG, 'src/models/lit.py': LIT('"IMAGENET1K_V1"') },
        listing: true,
        stage: 6,
      },
      {
        name: 'a Lightning CLI config whose model says it is pretrained',
        path: 'config.yaml',
        code: 'trainer:\n  max_epochs: 2\nmodel:\n  class_path: src.models.lit.LitModel\n  init_args:\n    pretrained: true\n',
        stage: 6,
      },
      {
        name: "a debugging override of lightning-hydra-template (configs/debug/default.yaml, opted into with debug=default)",
        path: 'configs/debug/default.yaml',
        code: '# @package _global_\n# default debugging setup, runs 1 full epoch\ntrainer:\n  max_epochs: 1\n  detect_anomaly: true\n',
        stage: 6,
      },
      { name: 'early_stopping_patience 5', path: 'args.json', code: '{"output_dir": "o", "num_train_epochs": 20, "per_device_train_batch_size": 8, "early_stopping_patience": 5}', stage: 6 },
    ],
    invalid: [
      {
        name: 'Lightning EarlyStopping patience 2',
        path: 'config.yaml',
        code: es('        patience: 2\n'),
        stage: 6,
        errors: [{ line: 7, text: '2', message: 'In stage 6 (squeeze), be patient: stopping after 2 epochs' }],
      },
      {
        name: 'Hydra EarlyStopping patience 1',
        path: 'conf/callbacks/early_stopping.yaml',
        code: 'early_stopping:\n  _target_: lightning.pytorch.callbacks.EarlyStopping\n  monitor: val/loss\n  patience: 1\n',
        stage: 6,
        errors: [{ line: 4, message: 'stopping after 1 epoch without' }],
      },
      {
        name: 'early_stopping_patience 1',
        path: 'args.json',
        code: '{"output_dir": "o", "num_train_epochs": 20, "per_device_train_batch_size": 8, "early_stopping_patience": 1}',
        stage: 6,
        errors: [{ text: '1' }],
      },
      {
        name: 'hard negative: a Hydra trainer whose model group names a model built from scratch',
        path: 'configs/trainer/default.yaml',
        code: TRAINER,
        files: { 'configs/model/default.yaml': MODEL_CFG, 'src/models/lit.py': LIT('None') },
        listing: true,
        stage: 6,
        errors: [{ line: 2, text: '3', message: 'max_epochs=3 is a small budget' }],
      },
      {
        name: 'hard negative: a project folder named debug above the config tree is no debugging override',
        path: 'debug/configs/trainer/default.yaml',
        code: '_target_: lightning.pytorch.Trainer\nmax_epochs: 1\n',
        stage: 6,
        errors: [{ line: 2, text: '1', message: 'max_epochs=1 is a small budget' }],
      },
      {
        name: 'a budget of 3 epochs',
        path: 'conf/trainer/default.yaml',
        code: '_target_: lightning.pytorch.Trainer\nmax_epochs: 3\n',
        stage: 6,
        errors: [{ line: 2, text: '3', message: 'max_epochs=3 is a small budget' }],
      },
    ],
  });
});

// NR405 in configs (stages 4-6): a fixed number of epochs without early stopping or a best checkpoint.
import { ruleTester } from '../../support/rule-tester';

const HF = 'output_dir: o\nper_device_train_batch_size: 8\n';
/** BYOL's config: a `trainer:` section of the project's own trainer class, and the script that reads it. */
/** A script handing its LightningModule to the CLI (`LightningCLI(Reg, DM)`); `extra` adds methods to it. */
const cliScript = (extra = ''): string =>
  `import lightning as L\nimport torch\nfrom lightning.pytorch.cli import LightningCLI\n\n\nclass Reg(L.LightningModule):\n    def training_step(self, batch, batch_idx):\n        x, y = batch\n        return torch.nn.functional.mse_loss(self.lin(x), y)\n${extra}\n\ndef main():\n    LightningCLI(Reg, DM)\n\n\nif __name__ == "__main__":\n    main()\n`;
const CLI_CONFIG = 'seed_everything: 0\ntrainer:\n  max_epochs: 200\nmodel:\n  lr: 0.001\n';
const BYOL_CONFIG = 'trainer:\n  batch_size: 64\n  m: 0.996\n  max_epochs: 40\noptimizer:\n  params:\n    lr: 0.03\n';
const byolMain = (imports: string): string => `${imports}import yaml\nimport torch\nfrom trainer import BYOLTrainer\n\nconfig = yaml.load(open("./config/config.yaml"), Loader=yaml.FullLoader)\noptimizer = torch.optim.SGD(model.parameters(), **config["optimizer"]["params"])\ntrainer = BYOLTrainer(online_network=model, optimizer=optimizer, **config["trainer"])\ntrainer.train(train_dataset)\n`;

/** liif-lightning-hydra's experiment: overrides trainer and model, not callbacks; `primary` is `configs/config.yaml`. */
const EXPERIMENT = '# @package _global_\ndefaults:\n  - override /trainer: default_trainer.yaml\n  - override /model: liif.yaml\n\ntrainer:\n  max_epochs: 1000\nmodel:\n  lr: 0.002\n';
const PRIMARY = (callbacks: string): Record<string, string> => ({
  'configs/config.yaml': `defaults:\n  - trainer: default_trainer.yaml\n  - model: liif.yaml\n  - callbacks: ${callbacks}\n`,
  'configs/callbacks/default_callbacks.yaml': 'early_stopping:\n  _target_: pytorch_lightning.callbacks.EarlyStopping\n  monitor: val/loss\n  patience: 100\n',
  'configs/trainer/default_trainer.yaml': 'max_epochs: 10\n',
  'run.py': 'import hydra\nimport pytorch_lightning as pl\n\n\n@hydra.main(config_path="configs", config_name="config")\ndef main(config):\n    pass\n',
});
/** lightning-hydra-boilerplate: the experiment picks `trainer: base`, whose callbacks hold the early stopping (or not). */
const TRAINER_GROUP = '# @package _global_\ndefaults:\n  - override /model: example_classification_model\n  - override /trainer: base\n\ntrainer:\n  max_epochs: 20\n  callbacks:\n    metric_evaluator:\n      _target_: src.callbacks.metric_evaluator.MetricEvaluator\nmodel:\n  optimizer:\n    lr: 0.001\n';
const BASE_TRAINER = (callbacks: string): Record<string, string> => ({
  'configs/trainer/base.yaml': `accelerator: auto\ncallbacks:\n${callbacks}`,
  'configs/train.yaml': 'defaults:\n  - _self_\n  - model: ???\n  - trainer: default\n',
  'train.py': 'import lightning as L\n',
});

describe('configs', () => {
  ruleTester('NR405', {
    valid: [
      { name: 'a smoke-test trainer (`fast_dev_run: true`)', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\n  fast_dev_run: true\nmodel:\n  hidden: 8\n', stage: 4 },
      { name: 'a Hydra experiment over a primary config that composes a callbacks group it does not override (liif-lightning-hydra; review 105)', path: 'configs/experiment/train_on_DIV2K.yaml', code: EXPERIMENT, files: PRIMARY('default_callbacks.yaml'), stage: 4 },
      { name: 'a Hydra experiment picking a trainer option whose callbacks hold the early stopping (lightning-hydra-boilerplate; review 105)', path: 'configs/experiment/example_experiment.yaml', code: TRAINER_GROUP, files: BASE_TRAINER('  early_stopping:\n    _target_: lightning.pytorch.callbacks.EarlyStopping\n    monitor: val_loss\n    patience: 10\n'), stage: 4 },
      { name: 'Lightning EarlyStopping callback', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\n  callbacks:\n    - class_path: lightning.pytorch.callbacks.EarlyStopping\n      init_args:\n        monitor: val_loss\nmodel:\n  hidden: 8\n', stage: 4 },
      { name: 'a ModelCheckpoint that monitors the validation loss', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\n  callbacks:\n    - class_path: ModelCheckpoint\n      init_args:\n        monitor: val_loss\n        mode: min\nmodel:\n  hidden: 8\n', stage: 5 },
      { name: 'Hugging Face best checkpoint', path: 'args.yaml', code: HF + 'num_train_epochs: 10\nload_best_model_at_end: true\nmetric_for_best_model: eval_loss\n', stage: 4 },
      { name: 'stage 3: overfitting, not regularizing', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\nmodel:\n  hidden: 8\n', stage: 3 },
      { name: 'early stopping mentioned elsewhere (a model argument)', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\nmodel:\n  early_stopping_patience: 10\n', stage: 4 },
      { name: 'a Lightning config without an epoch count or callbacks: nothing to point at', path: 'config.yaml', code: 'trainer:\n  accelerator: gpu\nmodel:\n  hidden: 8\n', stage: 4 },
      { name: 'Hugging Face without evaluation during training (eval_strategy defaults to no): nothing to stop on', path: 'args.yaml', code: HF + 'num_train_epochs: 3\n', stage: 4 },
      {
        name: "a project's own config with some of the Trainer's keys (no output_dir): a missing key is not the Trainer's default",
        path: 'configs/train.yaml',
        code: 'per_device_train_batch_size: 8\nnum_train_epochs: 10\neval_strategy: epoch\n',
        stage: 4,
      },
      { name: 'Hugging Face evaluating once, after a single epoch (alignment-handbook SFT recipes)', path: 'args.yaml', code: HF + 'do_eval: true\neval_strategy: epoch\nnum_train_epochs: 1\n', stage: 4 },
      {
        name: 'Hugging Face evaluating every few steps of a single epoch (a one-pass LoRA fine-tune), even with the best checkpoint off',
        path: 'args.yaml',
        code: HF + 'num_train_epochs: 1\neval_strategy: steps\neval_steps: 5\nload_best_model_at_end: false\nmetric_for_best_model: eval_loss\n',
        stage: 4,
      },
      {
        name: 'a Hydra experiment that composes a callbacks group (lightning-hydra-template): the callbacks are in the group',
        path: 'configs/experiment/example.yaml',
        code: '# @package _global_\ndefaults:\n  - override /model: mnist.yaml\n  - override /callbacks: default.yaml\n  - override /trainer: default.yaml\n\ntrainer:\n  min_epochs: 10\n  max_epochs: 10\nmodel:\n  lr: 0.002\n',
        stage: 4,
      },
      {
        name: 'a Hydra model whose _target_ is a diffusion model of the project (it never logs a val_loss to stop on)',
        path: 'config/config.yaml',
        code: 'model:\n  _target_: src.modules.diffusion_module.DiffusionModule\n  t_max: 1000\ntrainer:\n  _target_: pytorch_lightning.Trainer\n  max_epochs: 10\n',
        files: { 'src/modules/diffusion_module.py': 'import pytorch_lightning as pl\nimport torch\n\n\nclass DiffusionModule(pl.LightningModule):\n    def training_step(self, batch, i):\n        x0 = batch[0]\n        t = torch.randint(0, 1000, (x0.shape[0],))\n        noise = torch.randn_like(x0)\n        xt = self.scheduler.add_noise(x0, noise, t)\n        return torch.nn.functional.mse_loss(self.unet(xt, t), noise)\n\n    def validation_step(self, batch, i):\n        self.log_fid(self.sample(16))\n' },
        stage: 4,
      },
      {
        name: 'a Lightning CLI class_path to a LightningModule without validation_step (a package folder, __init__.py)',
        path: 'configs/pretrain.yaml',
        code: 'model:\n  class_path: models.pretrain.Pretrain\ntrainer:\n  max_epochs: 50\n',
        files: { 'models/pretrain/__init__.py': 'import pytorch_lightning as pl\nimport torch\n\n\nclass Pretrain(pl.LightningModule):\n    def training_step(self, batch, i):\n        x, y = batch\n        return torch.nn.functional.cross_entropy(self(x), y)\n' },
        stage: 4,
      },
      { name: "a `trainer:` section of the project's own trainer (BYOL): no script around the config imports Lightning", path: 'config/config.yaml', code: BYOL_CONFIG, files: { 'main.py': byolMain('') }, stage: 4 },
      { name: 'the model handed to LightningCLI in the script has no validation_step (the config sets only its arguments)', path: 'config.yaml', code: CLI_CONFIG, files: { 'train.py': cliScript() }, stage: 4 },
      { name: 'a Lightning trainer for one epoch: its last weights are the only ones', path: 'config.yaml', code: 'trainer:\n  max_epochs: 1\nmodel:\n  hidden: 8\n', stage: 4 },
    ],
    invalid: [
      {
        name: 'a trainer without an epoch limit (`max_epochs: -1`, `callbacks: null`; review 105)',
        path: 'config.yaml',
        code: 'trainer:\n  max_epochs: -1\n  callbacks: null\nmodel:\n  hidden: 8\n',
        stage: 4,
        errors: [{ line: 3, text: 'callbacks' }],
      },
      {
        name: 'hard negative: the primary config switches the callbacks group off (`callbacks: null`)',
        path: 'configs/experiment/train_on_DIV2K.yaml',
        code: EXPERIMENT,
        files: PRIMARY('null'),
        stage: 4,
        errors: [{ line: 7, text: 'max_epochs' }],
      },
      {
        name: "hard negative: the trainer option's callbacks hold no early stopping",
        path: 'configs/experiment/example_experiment.yaml',
        code: TRAINER_GROUP,
        files: BASE_TRAINER('  lr_monitor:\n    _target_: lightning.pytorch.callbacks.LearningRateMonitor\n'),
        stage: 4,
        errors: [{ line: 8, text: 'callbacks' }],
      },
      {
        name: 'hard negative: the same `trainer:` section with a script that imports Lightning',
        path: 'config/config.yaml',
        code: BYOL_CONFIG,
        files: { 'main.py': byolMain('import pytorch_lightning as pl\n') },
        stage: 4,
        errors: [{ line: 4, text: 'max_epochs' }],
      },
      {
        name: "hard negative: a trainer whose _target_ is Lightning's, built by hydra.utils.instantiate in a script that does not import Lightning",
        path: 'configs/train.yaml',
        code: 'trainer:\n  _target_: lightning.pytorch.Trainer\n  max_epochs: 20\nmodel:\n  hidden: 8\n',
        files: { 'train.py': 'import hydra\nfrom hydra.utils import instantiate\n\n\n@hydra.main(config_path="configs", config_name="train")\ndef main(cfg):\n    trainer = instantiate(cfg.trainer)\n    trainer.fit(instantiate(cfg.model))\n' },
        stage: 4,
        errors: [{ line: 3, text: 'max_epochs' }],
      },
      {
        name: 'hard negative: the model handed to LightningCLI validates',
        path: 'config.yaml',
        code: CLI_CONFIG,
        files: { 'train.py': cliScript('\n    def validation_step(self, batch, batch_idx):\n        x, y = batch\n        self.log("val_loss", torch.nn.functional.mse_loss(self.lin(x), y))\n') },
        stage: 4,
        errors: [{ line: 3, text: 'max_epochs' }],
      },
      { name: 'hard negative: a Lightning trainer for two epochs', path: 'config.yaml', code: 'trainer:\n  max_epochs: 2\nmodel:\n  hidden: 8\n', stage: 4, errors: [{ line: 2, text: 'max_epochs' }] },
      {
        name: 'hard negative: a Hydra _target_ that is a classifier validating on val_loss is still reported',
        path: 'config/config.yaml',
        code: 'model:\n  _target_: src.modules.classifier.Classifier\ntrainer:\n  _target_: pytorch_lightning.Trainer\n  max_epochs: 10\n',
        files: { 'src/modules/classifier.py': 'import pytorch_lightning as pl\nimport torch\n\n\nclass Classifier(pl.LightningModule):\n    def training_step(self, batch, i):\n        x, y = batch\n        return torch.nn.functional.cross_entropy(self(x), y)\n\n    def validation_step(self, batch, i):\n        x, y = batch\n        self.log("val_loss", torch.nn.functional.cross_entropy(self(x), y))\n' },
        stage: 4,
        errors: [{ line: 5, text: 'max_epochs' }],
      },
      {
        name: 'hard negative: a _target_ the project does not have (a library class) is still reported',
        path: 'config/config.yaml',
        code: 'model:\n  _target_: torchvision.models.resnet18\ntrainer:\n  max_epochs: 10\n',
        stage: 4,
        errors: [{ line: 4, text: 'max_epochs' }],
      },
      {
        name: 'callbacks without early stopping',
        path: 'config.yaml',
        code: 'trainer:\n  max_epochs: 100\n  callbacks:\n    - class_path: lightning.pytorch.callbacks.LearningRateMonitor\nmodel:\n  hidden: 8\n',
        stage: 4,
        errors: [{ line: 3, text: 'callbacks', message: 'In stage 4 (regularize), stop on the validation loss' }],
      },
      {
        name: 'a Hydra experiment that turns the callbacks group off',
        path: 'configs/experiment/fast.yaml',
        code: '# @package _global_\ndefaults:\n  - override /callbacks: null\n\ntrainer:\n  max_epochs: 10\nmodel:\n  lr: 0.01\n',
        stage: 4,
        errors: [{ line: 6, text: 'max_epochs' }],
      },
      {
        name: 'no callbacks, a fixed number of epochs',
        path: 'config.json',
        code: '{\n  "trainer": {\n    "max_epochs": 100\n  },\n  "model": {"hidden": 8}\n}\n',
        stage: 6,
        errors: [{ line: 3, text: '"max_epochs"' }],
      },
      {
        name: 'Hugging Face load_best_model_at_end: false',
        path: 'args.yaml',
        code: HF + 'eval_strategy: epoch\nnum_train_epochs: 10\nload_best_model_at_end: false\n',
        stage: 4,
        errors: [{ line: 5, text: 'false', message: 'load_best_model_at_end: true' }],
      },
      {
        name: 'Hugging Face without a best checkpoint',
        path: 'args.yaml',
        code: HF + 'evaluation_strategy: steps\nnum_train_epochs: 10\n',
        stage: 5,
        errors: [{ line: 4, text: 'num_train_epochs' }],
      },
    ],
  });
});

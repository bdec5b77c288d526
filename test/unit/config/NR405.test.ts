// NR405 in configs (stages 4-6): a fixed number of epochs without early stopping or a best checkpoint.
import { ruleTester } from '../../support/rule-tester';

const HF = 'output_dir: o\nper_device_train_batch_size: 8\n';

describe('configs', () => {
  ruleTester('NR405', {
    valid: [
      { name: 'Lightning EarlyStopping callback', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\n  callbacks:\n    - class_path: lightning.pytorch.callbacks.EarlyStopping\n      init_args:\n        monitor: val_loss\nmodel:\n  hidden: 8\n', stage: 4 },
      { name: 'a ModelCheckpoint that monitors the validation loss', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\n  callbacks:\n    - class_path: ModelCheckpoint\n      init_args:\n        monitor: val_loss\n        mode: min\nmodel:\n  hidden: 8\n', stage: 5 },
      { name: 'Hugging Face best checkpoint', path: 'args.yaml', code: HF + 'num_train_epochs: 10\nload_best_model_at_end: true\nmetric_for_best_model: eval_loss\n', stage: 4 },
      { name: 'stage 3: overfitting, not regularizing', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\nmodel:\n  hidden: 8\n', stage: 3 },
      { name: 'early stopping mentioned elsewhere (a model argument)', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\nmodel:\n  early_stopping_patience: 10\n', stage: 4 },
      { name: 'a Lightning config without an epoch count or callbacks: nothing to point at', path: 'config.yaml', code: 'trainer:\n  accelerator: gpu\nmodel:\n  hidden: 8\n', stage: 4 },
    ],
    invalid: [
      {
        name: 'callbacks without early stopping',
        path: 'config.yaml',
        code: 'trainer:\n  max_epochs: 100\n  callbacks:\n    - class_path: lightning.pytorch.callbacks.LearningRateMonitor\nmodel:\n  hidden: 8\n',
        stage: 4,
        errors: [{ line: 3, text: 'callbacks', message: 'In stage 4 (regularize), stop on the validation loss' }],
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
        code: HF + 'num_train_epochs: 10\nload_best_model_at_end: false\n',
        stage: 4,
        errors: [{ line: 4, text: 'false', message: 'load_best_model_at_end: true' }],
      },
      {
        name: 'Hugging Face without a best checkpoint',
        path: 'args.yaml',
        code: HF + 'num_train_epochs: 10\n',
        stage: 5,
        errors: [{ line: 3, text: 'num_train_epochs' }],
      },
    ],
  });
});

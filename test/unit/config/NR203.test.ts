// NR203 in configs: Lightning `limit_val_batches`/`limit_test_batches` below 1.0 or a small integer, Hugging Face
// `max_eval_samples`.
import { ruleTester } from '../../support/rule-tester';

const lightning = (trainer: string): string => `trainer:\n${trainer}model:\n  hidden: 64\n`;

describe('configs', () => {
  ruleTester('NR203', {
    valid: [
      { name: '1.0 is the whole set', path: 'config.yaml', code: lightning('  limit_val_batches: 1.0\n') },
      { name: '0 switches validation off (deliberate, not partial)', path: 'config.yaml', code: lightning('  limit_val_batches: 0\n') },
      { name: 'overfitting a batch limits validation on purpose', path: 'config.yaml', code: lightning('  overfit_batches: 1\n  limit_val_batches: 0.1\n') },
      { name: 'a fast dev run', path: 'config.yaml', code: lightning('  fast_dev_run: true\n  limit_val_batches: 2\n') },
      { name: 'a large batch cap is a budget for a huge set', path: 'config.yaml', code: lightning('  limit_val_batches: 500\n') },
      { name: 'limiting training batches is not evaluation', path: 'config.yaml', code: lightning('  limit_train_batches: 0.1\n') },
      { name: 'Hugging Face: max_eval_samples null', path: 'args.yaml', code: 'output_dir: out\nnum_train_epochs: 3\ndo_eval: true\nmax_eval_samples: null\n' },
      { name: 'a key of the same name outside a trainer', path: 'conf/data/mnist.yaml', code: 'batch_size: 64\nlimit_val_batches: 0.1\n' },
      { name: 'a trainer group file named debug (trainer=debug)', path: 'conf/trainer/debug.yaml', code: 'defaults:\n  - default\nmax_epochs: 5\nlimit_val_batches: 0.05\n' },
      {
        name: "a debugging override (lightning-hydra-template's configs/debug/limit.yaml) cuts evaluation on purpose",
        path: 'configs/debug/limit.yaml',
        code: '# @package _global_\ndefaults:\n  - default\ntrainer:\n  max_epochs: 3\n  limit_train_batches: 0.01\n  limit_val_batches: 0.05\n  limit_test_batches: 0.05\n',
      },
    ],
    invalid: [
      {
        name: 'an integer 1 is one batch',
        path: 'config.yaml',
        code: lightning('  limit_val_batches: 1  # full set?\n'),
        errors: [{ line: 2, text: '1', message: 'is an integer: Lightning evaluates one batch' }],
        output: lightning('  limit_val_batches: 1.0  # full set?\n'),
      },
      {
        name: 'a fraction of the test set',
        path: 'config.yaml',
        code: lightning('  limit_test_batches: 0.1\n'),
        errors: [{ text: '0.1', message: 'evaluates only 10% of the test set' }],
        output: lightning('  limit_test_batches: 1.0\n'),
      },
      {
        name: 'a Hydra trainer (_target_)',
        path: 'conf/config.yaml',
        code: 'trainer:\n  _target_: lightning.pytorch.Trainer\n  max_epochs: 20\n  limit_val_batches: 10\n',
        errors: [{ line: 4, message: 'evaluates only 10 batches' }],
        output: 'trainer:\n  _target_: lightning.pytorch.Trainer\n  max_epochs: 20\n  limit_val_batches: 1.0\n',
      },
      {
        name: 'a Hydra trainer config-group file',
        path: 'conf/trainer/quick.yaml',
        code: 'defaults:\n  - default\nmax_epochs: 5\nlimit_val_batches: 0.05\n',
        errors: [{ line: 4, text: '0.05' }],
        output: 'defaults:\n  - default\nmax_epochs: 5\nlimit_val_batches: 1.0\n',
      },
      {
        name: 'Hugging Face max_eval_samples (JSON)',
        path: 'args.json',
        code: '{\n  "output_dir": "out",\n  "do_eval": true,\n  "max_eval_samples": 200\n}\n',
        errors: [{ line: 4, text: '200', message: 'evaluates only the first 200 examples' }],
        output: '{\n  "output_dir": "out",\n  "do_eval": true,\n  "max_eval_samples": null\n}\n',
      },
    ],
  });
});

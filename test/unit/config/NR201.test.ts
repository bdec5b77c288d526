// NR201 in Lightning CLI configs: `seed_everything: false`. Absent, `true` and integers seed (the CLI's default is
// `true`, a fixed seed 0 since Lightning 2.2); Hugging Face arguments always seed (default 42).
import { ruleTester } from '../../support/rule-tester';

const CLI = `from lightning.pytorch.cli import LightningCLI\n\nLightningCLI()\n`;

describe('configs', () => {
  ruleTester('NR201', {
    valid: [
      { name: 'a fixed seed', path: 'config.yaml', code: 'seed_everything: 42\ntrainer:\n  max_epochs: 10\nmodel:\n  hidden: 64\n' },
      { name: 'true: the CLI seeds (0 since Lightning 2.2)', path: 'config.yaml', code: 'seed_everything: true\ntrainer:\n  max_epochs: 10\nmodel:\n  hidden: 64\n' },
      { name: 'absent: the CLI default seeds', path: 'config.yaml', code: 'trainer:\n  max_epochs: 10\nmodel:\n  hidden: 64\n' },
      { name: 'Hugging Face arguments without seed: the Trainer seeds with 42', path: 'args.json', code: '{"output_dir": "out", "num_train_epochs": 3, "per_device_train_batch_size": 8}' },
      { name: 'false, but the script seeds before starting the CLI', path: 'config.yaml', code: 'seed_everything: false\ntrainer:\n  max_epochs: 10\nmodel:\n  hidden: 64\n', files: { 'main.py': `import lightning as L\nfrom lightning.pytorch.cli import LightningCLI\n\nL.seed_everything(7, workers=True)\nLightningCLI()\n` } },
      { name: 'not a Lightning CLI config (no trainer/model/data)', path: 'flags.yaml', code: 'seed_everything: false\nverbose: true\n' },
    ],
    invalid: [
      {
        name: 'false: comments and layout kept',
        path: 'config.yaml',
        code: '# lightning.pytorch==2.3.0\nseed_everything: false  # TODO\ntrainer:\n  max_epochs: 10\nmodel:\n  hidden: 64\n',
        errors: [{ line: 2, text: 'false', message: 'turns off the seed Lightning CLI sets by default' }],
        output: '# lightning.pytorch==2.3.0\nseed_everything: 0  # TODO\ntrainer:\n  max_epochs: 10\nmodel:\n  hidden: 64\n',
      },
      {
        name: 'JSON config',
        path: 'config.json',
        code: '{\n  "seed_everything": false,\n  "trainer": {"max_epochs": 10},\n  "data": {"batch_size": 32}\n}\n',
        errors: [{ line: 2, text: 'false' }],
        output: '{\n  "seed_everything": 0,\n  "trainer": {"max_epochs": 10},\n  "data": {"batch_size": 32}\n}\n',
      },
      {
        name: 'false, and the CLI script does not seed',
        path: 'configs/fit.yaml',
        code: 'seed_everything: false\ntrainer:\n  max_epochs: 10\ndata:\n  batch_size: 32\n',
        files: { 'main.py': CLI },
        errors: [{ line: 1 }],
        output: 'seed_everything: 0\ntrainer:\n  max_epochs: 10\ndata:\n  batch_size: 32\n',
      },
    ],
  });
});

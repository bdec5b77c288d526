// NR302 in configs (stages 2-3): ImageNet's StepLR/MultiStepLR milestones and Hugging Face's default linear decay.
import { ruleTester } from '../../support/rule-tester';

const HF = 'output_dir: o\nnum_train_epochs: 3\nper_device_train_batch_size: 16\n';

describe('configs', () => {
  ruleTester('NR302', {
    valid: [
      { name: 'another step size', path: 'conf/config.yaml', code: 'scheduler:\n  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 10\n', stage: 3 },
      { name: 'other milestones', path: 'config.yaml', code: 'trainer:\n  max_epochs: 100\nlr_scheduler:\n  class_path: torch.optim.lr_scheduler.MultiStepLR\n  init_args:\n    milestones: [50, 80]\n', stage: 3 },
      { name: 'Hugging Face: a constant rate', path: 'args.yaml', code: HF + 'learning_rate: 2.0e-5\nlr_scheduler_type: constant\n', stage: 2 },
      { name: 'Hugging Face: cosine chosen on purpose', path: 'args.yaml', code: HF + 'lr_scheduler_type: cosine\n', stage: 3 },
      { name: 'stage 4', path: 'conf/config.yaml', code: 'scheduler:\n  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 30\n', stage: 4 },
      { name: 'Hugging Face without a learning rate or schedule key: nothing to point at', path: 'args.yaml', code: HF, stage: 2 },
      {
        name: "a project's own JSON with some of the Trainer's keys, read key by key by its script (no output_dir): what it leaves out is not the Trainer's default",
        path: 'configs/train_config.json',
        code: '{\n  "model_checkpoint": "distilbert-base-multilingual-cased",\n  "learning_rate": 2e-5,\n  "per_device_train_batch_size": 128,\n  "num_train_epochs": 3,\n  "warmup_ratio": 0.05\n}\n',
        stage: 2,
      },
    ],
    invalid: [
      {
        name: 'Hydra StepLR every 30 epochs',
        path: 'conf/scheduler/step.yaml',
        code: '_target_: torch.optim.lr_scheduler.StepLR\nstep_size: 30\ngamma: 0.1\n',
        stage: 3,
        errors: [{ line: 2, text: '30', message: "In stage 3 (overfit), keep the learning rate constant: StepLR every 30 epochs is ImageNet's schedule" }],
      },
      {
        name: 'Lightning CLI MultiStepLR [30, 60, 90]',
        path: 'config.yaml',
        code: 'trainer:\n  max_epochs: 100\nlr_scheduler:\n  class_path: torch.optim.lr_scheduler.MultiStepLR\n  init_args:\n    milestones: [30, 60, 90]\n',
        stage: 2,
        errors: [{ line: 6, text: '[30, 60, 90]' }],
      },
      {
        name: 'Hugging Face linear (the default) spelt out',
        path: 'args.json',
        code: '{"output_dir": "o", "num_train_epochs": 3, "lr_scheduler_type": "linear"}',
        stage: 3,
        errors: [{ text: '"linear"', message: 'decays the learning rate linearly to zero' }],
      },
      {
        name: 'Hugging Face without lr_scheduler_type: the default linear decay',
        path: 'args.yaml',
        code: HF + 'learning_rate: 2.0e-5\n',
        stage: 2,
        errors: [{ line: 4, text: 'learning_rate: 2.0e-5', message: 'without `lr_scheduler_type`' }],
      },
    ],
  });
});

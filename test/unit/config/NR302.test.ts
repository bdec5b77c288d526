// NR302 in configs (stages 2-3): ImageNet's StepLR/MultiStepLR milestones and Hugging Face's default linear decay.
import { ruleTester } from '../../support/rule-tester';

const HF = 'output_dir: o\nnum_train_epochs: 3\nper_device_train_batch_size: 16\n';
/** dreambooth_diffusers' config (review 128): the keys of TrainingArguments, read by a diffusers loop of its own. */
const DREAMBOOTH = (schedule: string): string => `output_dir: "out"\nlearning_rate: 5e-6\n${schedule}num_train_epochs: 1\ngradient_accumulation_steps: 1\nmax_train_steps: 1000\n`;
const DIFFUSERS_LOOP =
  'import torch\nfrom omegaconf import OmegaConf\nfrom diffusers.optimization import get_scheduler\nfrom transformers import CLIPTextModel\n\nconfig = OmegaConf.load("configs/config.yaml")\nmodel = torch.nn.Linear(4, 4)\noptimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate)\nlr_scheduler = get_scheduler("constant", optimizer=optimizer, num_warmup_steps=0, num_training_steps=config.max_train_steps)\nfor step in range(config.max_train_steps):\n    loss = model(torch.randn(2, 4)).pow(2).mean()\n    loss.backward()\n    optimizer.step()\n    lr_scheduler.step()\n    optimizer.zero_grad()\n';
const HF_SCRIPT = 'from transformers import HfArgumentParser, TrainingArguments, Trainer\n\n(args,) = HfArgumentParser(TrainingArguments).parse_yaml_file("configs/config.yaml")\nTrainer(model=model, args=args, train_dataset=train_ds).train()\n';

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
      {
        name: "a schedule under a key TrainingArguments does not have (diffusers' `lr_scheduler: \"constant\"`): the project's own config (review 128)",
        path: 'configs/config.yaml',
        code: DREAMBOOTH('lr_scheduler: "constant"\n'),
        stage: 2,
      },
      {
        name: 'the scripts around the config train with a loop of their own: no Trainer, TrainingArguments or HfArgumentParser (review 128)',
        path: 'configs/config.yaml',
        code: DREAMBOOTH(''),
        files: { 'train.py': DIFFUSERS_LOOP },
        listing: true,
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
      {
        name: 'hard negative: the same keys parsed into TrainingArguments by a script around the config',
        path: 'configs/config.yaml',
        code: DREAMBOOTH(''),
        files: { 'train.py': HF_SCRIPT },
        listing: true,
        stage: 2,
        errors: [{ line: 2, text: 'learning_rate: 5e-6', message: 'without `lr_scheduler_type`' }],
      },
    ],
  });
});

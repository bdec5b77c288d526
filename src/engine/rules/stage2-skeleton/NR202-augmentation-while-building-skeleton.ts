import { outsideSupervised } from '../../python/facts-paradigm';
import { behindSwitch, classBuiltOnlyBehindSwitch, inputMadeFromTarget, onlyDemonstrated, onlyUsedBehindSwitch, secondView, trainingAugmentations, weakStrongView } from '../../python/facts-recipe';
import { stageLabel } from '../../stages/recipe';
import { defineRule } from '../rule';

export default defineRule({
  code: 'NR202',
  name: 'augmentation-while-building-skeleton',
  stage: 2,
  tip: '2.2',
  languages: ['python'],
  defaultSeverity: 'info',
  fixSafety: 'none',
  activeInStages: [1, 2],
  docs: {
    summary: 'Random data augmentation in the training pipeline while the training skeleton is being built (stages 1-2).',
    why:
      'While you build the skeleton you want every run to be comparable and every bug to show. Random crops, flips and ' +
      'colour jitter make each epoch see different data, add noise to the loss curve and hide mistakes in the input ' +
      'pipeline. The recipe switches augmentation off until the model can overfit (stage 3) and brings it back to ' +
      'regularize (stage 4). The random transforms of torchvision, albumentations, kornia, audiomentations, torchaudio\'s ' +
      'masking, MONAI (`RandFlipd`, ' +
      '`RandRotate90`; not MONAI\'s random crops, which sample patches of volumes too large to train on whole, nor a ' +
      '`RandomCrop` of a target that a dataset makes its input from, as super-resolution and denoising sample their ' +
      'patches: `lr_image = self.lr_transform(hr_image)`) and point clouds\' hand-written augmentation in training (`provider.rotate_point_cloud(batch)`, `random_point_dropout`, ' +
      '`translate_pointcloud` under `if self.partition == \'train\':`) are recognised. Transforms of evaluation pipelines (also a test-time augmentation for predictions, `get_inference_transforms()`, `tta_transforms`, a random transform applied under `torch.no_grad()` outside the training loop or in a function named for inference, `def infer(…)`; the pipelines of a file that trains nothing and only evaluates the loaders it builds, a post-training quantization\'s calibration pass), transforms with `p=0` (MONAI\'s `prob=0`), the transforms a project defines ' +
      '(a class deriving from a library\'s transform base, `class ColourJitter(T2.Transform)`: where it is used decides) and augmentation behind a flag ' +
      '(`if args.augment:`, or a pipeline read only behind one: `tf = train_tf if args.augment else test_tf`, or built by a class of the file that the file builds only behind one: a MixUp collator under `if args.mixup:`; a branch that picks the dataset, `if dataset == \'cifar10\':`, is no flag) are left alone, and so is self-supervised training on several augmented views of each image ' +
      '(a transform whose `__call__` returns several views, as in DINO, MoCo or SimCLR, also after a step on its input such as BYOL\'s ' +
      'optional consistent flip; a file with a function named for such a method, `get_simclr_data_transforms`; or a dataset whose `__getitem__` ' +
      'applies its transform twice to each image, or a pipeline applied in the training loop to a batch that the loop also ' +
      'uses as it is, for a consistency loss, as UDA does; or the weak and strong pipelines of semi-supervised consistency training, ' +
      '`weak_transforms` and `strong_transforms` built in one file, or a dataset whose `__getitem__` returns `self.weak(img), self.strong(img)`, as FixMatch does): there the augmentations are the task. So is an augmentation demo: a ' +
      'file that trains nothing and loads no batches, and only applies its pipeline to a sample or iterates and prints a ' +
      'dataset built with it.',
    bad: `from torchvision import transforms\n\ntrain_transform = transforms.Compose([\n    transforms.RandomResizedCrop(224),\n    transforms.RandomHorizontalFlip(),\n    transforms.ToTensor(),\n])\n`,
    good: `from torchvision import transforms\n\ntrain_transform = transforms.Compose([\n    transforms.Resize(256),\n    transforms.CenterCrop(224),\n    transforms.ToTensor(),\n])\n`,
    exampleStage: 2,
  },
  checkPython(ctx) {
    const m = ctx.module;
    const stage = stageLabel(ctx.stage ?? 2);
    const reported = new Set<unknown>();
    for (const a of trainingAugmentations(m)) {
      // behind a flag it is already one switch away from off (the branch that selects the training split is no flag)
      if (behindSwitch(m, a.call) || (a.pipeline && behindSwitch(m, a.pipeline.call))) continue;
      // … or held in a name read only behind a flag (`tf = train_tf if args.augment else test_tf`)
      if (onlyUsedBehindSwitch(m, a.pipeline?.call ?? a.call)) continue;
      // … or built by a class of the file that the file builds only behind a flag (a MixUp collator under `if args.mixup:`)
      if (classBuiltOnlyBehindSwitch(m, a.pipeline?.call ?? a.call)) continue;
      // a demo that applies the pipeline to a sample, or only looks at a dataset built with it, and trains nothing
      if (a.pipeline && onlyDemonstrated(m, a.pipeline)) continue;
      // the second view of a batch for a consistency loss (UDA): the augmentation is the method
      if (a.pipeline && secondView(m, a.pipeline)) continue;
      // … or the weak or strong view of a semi-supervised consistency pair (FixMatch's weak/strong pipelines)
      if (a.pipeline && weakStrongView(m, a.pipeline)) continue;
      const key = a.pipeline ?? a.call;
      if (reported.has(key)) continue;
      reported.add(key);
      // a random crop of the target that the input is made from samples training patches (super-resolution, denoising)
      const patches = inputMadeFromTarget(m);
      const names = (a.pipeline ? [...new Set(a.pipeline.augmentations.filter((x) => !behindSwitch(m, x.call)).map((x) => x.name))] : [a.name]).filter((n) => !(patches && n === 'RandomCrop'));
      if (!names.length) continue;
      const list = names.length > 3 ? `${names.slice(0, 3).join(', ')}…` : names.join(', ');
      // self-supervised multi-view training (DINO, MoCo, SimCLR): the augmentations are the learning signal
      // (asked only of a finding: most files have none, and the question reads every statement)
      if (outsideSupervised(m, ['multi-view'])) return;
      // a GAN's or a diffusion model's flips and crops shape the distribution it learns: no regulariser to bring back later
      const elsewhere = outsideSupervised(m);
      ctx.report({
        span: (patches && a.pipeline?.augmentations.find((x) => names.includes(x.name))?.call) || a.call,
        message: `In ${stage}, turn augmentation off while you build the skeleton: ${list} make${names.length === 1 ? 's' : ''} every epoch see different data, which hides bugs in the noise. ${elsewhere ? 'Bring it back once the skeleton trains' : 'Bring it back to regularize'} (recipe 2.2).`,
      });
    }
  },
});

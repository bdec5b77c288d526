import { SUPERVISED_ELSEWHERE, outsideSupervised } from '../../python/facts-paradigm';
import { bareTrainingTransforms, handWrittenAugmentations, isConditional, isTrainingCode, trainingAugmentations, transformPipelines } from '../../python/facts-recipe';
import { type CallExpr, type ClassInfo, ObjectMemo, type PyModule } from '../../python/semantic';
import { isEvaluationFunction, siteOf } from '../../python/facts-eval';
import { sourceKey } from '../../python/facts-autograd';
import { canonical, loopContents, trainingLoops } from '../../python/torch';
import { stageLabel } from '../../stages/recipe';
import { defineRule } from '../rule';

/**
 * Random noise drawn in a training loop (`x + 0.3 * torch.randn_like(x)`): inputs corrupted on the fly, as a denoising
 * autoencoder's are; also in a loss function of the project the loop calls (a score model's denoising score matching,
 * `score_matching_loss(model, x, sigmas)` drawing `torch.randn_like(x)`; review 115).
 */
const NOISE = new Set(['torch.randn_like', 'torch.rand_like', 'torch.randn', 'torch.normal', 'numpy.random.normal', 'numpy.random.randn']);

function noisesInputs(m: PyModule): boolean {
  return trainingLoops(m).some((l) => loopContents(m, l).calls.some(({ site: s }) => NOISE.has(canonical(s.scope.module.qualify(s.call.fn, s.scope) ?? ''))));
}

/** Random draws: the modules whose every function draws (`random.random()`, `np.random.choice(2)`) and torch's samplers. */
const RANDOM_MODULES = ['random.', 'numpy.random.'];
const TORCH_DRAWS = new Set(['torch.rand', 'torch.randint', 'torch.randn', 'torch.randperm', 'torch.bernoulli', 'torch.normal', 'torch.multinomial', 'torch.rand_like', 'torch.randn_like', 'torch.randint_like']);

const drawsMemo = new ObjectMemo<ClassInfo, boolean>();

/**
 * A dataset class of the project that draws random numbers where it makes its items (`if np.random.choice(2) == 1:
 * img = cv2.flip(img, 1)` in `__getitem__`): it augments by hand, with no transform the pipelines show.
 */
function augmentsByHand(cls: ClassInfo): boolean {
  const m = cls.module;
  return drawsMemo.get(cls, m, () => {
    if (!m.method(cls, '__getitem__')) return false;
    return m.callsWithin(cls.stmt.from, cls.stmt.to).some((s) => {
      const q = canonical(m.qualify(s.call.fn, s.scope) ?? '');
      return RANDOM_MODULES.some((p) => q.startsWith(p)) || TORCH_DRAWS.has(q);
    });
  });
}

/** Whether the file defines or builds a dataset class of the project that augments by hand. */
function datasetAugmentsByHand(m: PyModule): boolean {
  if (m.classes.some(augmentsByHand)) return true;
  return m.callSites.some((s) => {
    const ref = m.siteClass(s);
    return ref?.kind === 'local' && ref.cls.module !== m && augmentsByHand(ref.cls);
  });
}

const pairedMemo = new ObjectMemo<ClassInfo, boolean>();

/**
 * A dataset class of the project whose `__getitem__` applies one transform of its own to two different things
 * (`img = self.transform(clean)` and `noisy = self.transform(noisy)`: a clean image and its noisy copy, an image and its
 * mask): a random crop or flip added there would be drawn for each on its own, and the pair would no longer match
 * (a denoising autoencoder trained on pairs from disk; review 150).
 */
function transformsPairs(cls: ClassInfo): boolean {
  const m = cls.module;
  return pairedMemo.get(cls, m, () => {
    const get = m.method(cls, '__getitem__');
    if (!get) return false;
    const inputs = new Map<string, Set<string>>();
    for (const s of m.callsIn(get.scope)) {
      const fn = s.call.fn;
      if (fn.k !== 'attr' || fn.obj.k !== 'name' || fn.obj.id !== 'self' || !/transform/i.test(fn.attr) || s.call.args.length !== 1) continue;
      inputs.set(fn.attr, (inputs.get(fn.attr) ?? new Set<string>()).add(sourceKey(m, s.call.args[0])));
    }
    return [...inputs.values()].some((args) => args.size >= 2);
  });
}

/** Whether the file defines or builds a dataset class of the project that transforms pairs (`transformsPairs`). */
function datasetTransformsPairs(m: PyModule): boolean {
  if (m.classes.some(transformsPairs)) return true;
  return m.callSites.some((s) => {
    const ref = m.siteClass(s);
    return ref?.kind === 'local' && ref.cls.module !== m && transformsPairs(ref.cls);
  });
}

/**
 * Whether a call is in an evaluation function (`def test():` that measures the accuracy on the training split, with
 * a pipeline of its own): the training split read there is not what trains.
 */
function inEvaluation(m: PyModule, call: CallExpr): boolean {
  const site = siteOf(m, call);
  const fn = site && m.functionOf(site.scope);
  return !!fn && isEvaluationFunction(fn);
}

export default defineRule({
  code: 'NR407',
  name: 'no-augmentation',
  stage: 4,
  tip: '4.2',
  languages: ['python'],
  defaultSeverity: 'info',
  fixSafety: 'none',
  activeInStages: [4, 5, 6],
  docs: {
    summary: 'From stage 4 (regularize) on, the training transforms of a training script contain no data augmentation.',
    why:
      'Augmentation is "half-fake data": random crops, flips and colour changes show the model variations it must be ' +
      'invariant to, and after more real data it is the most reliable regulariser. Only training pipelines whose every ' +
      'transform is a known library transform are checked (and a single such transform handed to a torchvision training ' +
      'dataset, `datasets.MNIST(root, train=True, transform=transforms.ToTensor())`); pipelines with custom transforms, evaluation pipelines, ' +
      'pipelines built behind a flag, files that augment elsewhere (mixup, kornia, noise added to the inputs in the training ' +
      'loop or in a loss function of the project it calls, as a denoising autoencoder or a score model\'s denoising score matching does; a dataset class of the project that draws random numbers where it makes its items, ' +
      '`if np.random.choice(2) == 1: img = cv2.flip(img, 1)` in `__getitem__`; random flips or quarter turns written by hand anywhere in the file, `if random.random() < 0.5: x = x.flip(3)`; a dataset class of the project that applies its transform to two different things, `clean = self.transform(clean)` and `noisy = self.transform(noisy)`, as a denoiser\'s or a restoration model\'s paired data does), pipelines built in an evaluation function (`def test():` measuring the accuracy on the training split) and files with syntax errors are left alone, ' +
      'and so is training outside supervised learning: GANs (augmenting real images teaches the generator the ' +
      'augmentations), RL agents, self-supervised multi-view training, diffusion models and autoencoders and VAEs ' +
      '(which learn the distribution of the images they are shown, or to reconstruct them).',
    bad: `from torchvision import datasets, transforms\n\ntrain_transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])\ntrain_set = datasets.CIFAR10("data", train=True, transform=train_transform)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`,
    good: `from torchvision import datasets, transforms\n\ntrain_transform = transforms.Compose([\n    transforms.RandomCrop(32, padding=4),\n    transforms.RandomHorizontalFlip(),\n    transforms.ToTensor(),\n    transforms.Normalize((0.5,), (0.5,)),\n])\ntrain_set = datasets.CIFAR10("data", train=True, transform=train_transform)\nfor x, y in loader:\n    optimizer.zero_grad()\n    criterion(model(x), y).backward()\n    optimizer.step()\n`,
    exampleStage: 4,
  },
  checkPython(ctx) {
    const m = ctx.module;
    if (ctx.hasSyntaxErrorIn() || !isTrainingCode(m) || trainingAugmentations(m).length || outsideSupervised(m, [...SUPERVISED_ELSEWHERE, 'reconstruction']) || noisesInputs(m) || datasetAugmentsByHand(m) || datasetTransformsPairs(m) || handWrittenAugmentations(m).length) return;
    const stage = stageLabel(ctx.stage ?? 4);
    for (const p of transformPipelines(m)) {
      if (p.role !== 'train' || !p.allKnown || p.augmentations.length || isConditional(m, p.call) || inEvaluation(m, p.call)) continue;
      ctx.report({
        span: p.call.fn,
        message: `In ${stage}, augment the training data: these training transforms are all deterministic. Add random crops, flips or colour jitter; augmentation is the most reliable regulariser after more data (recipe 4.2).`,
      });
    }
    // `datasets.MNIST(root, train=True, transform=transforms.ToTensor())`: one transform, no pipeline
    for (const t of bareTrainingTransforms(m)) {
      if (isConditional(m, t) || inEvaluation(m, t)) continue;
      ctx.report({
        span: t.fn,
        message: `In ${stage}, augment the training data: its only transform is deterministic. Wrap it in a \`Compose\` with random crops, flips or colour jitter; augmentation is the most reliable regulariser after more data (recipe 4.2).`,
      });
    }
  },
});

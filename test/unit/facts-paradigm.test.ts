// Training outside supervised learning (python/facts-paradigm.ts): the evidence each paradigm needs, and the code a
// naive matcher would take for it.
import { strict as assert } from 'assert';
import { Analyzer, type ProjectHost } from '../../src/engine';
import { paradigms } from '../../src/engine/python/facts-paradigm';
import type { PyModule } from '../../src/engine/python/semantic';

const mod = (text: string, host?: ProjectHost): PyModule => new Analyzer({ host }).pythonModule('/p/main.py', text).module;
const of = (text: string, host?: ProjectHost): string[] => [...paradigms(mod(text, host))].sort();

const DINO_VIEWS = `class DataAugmentationDINO(object):\n    def __init__(self, n):\n        self.global1 = make(224)\n        self.global2 = make(224)\n        self.local = make(96)\n        self.n = n\n\n    def __call__(self, image):\n        crops = []\n        crops.append(self.global1(image))\n        crops.append(self.global2(image))\n        for _ in range(self.n):\n            crops.append(self.local(image))\n        return crops\n`;

describe('facts: training paradigms', () => {
  it('reinforcement learning: an environment library imported, in any import form, also inside a function', () => {
    assert.deepEqual(of('import gymnasium as gym\nenv = gym.make("CartPole-v1")\n'), ['reinforcement']);
    assert.deepEqual(of('from stable_baselines3 import PPO\n'), ['reinforcement']);
    assert.deepEqual(of('def make_env(env_id):\n    import gym\n    return gym.make(env_id)\n'), ['reinforcement']);
  });

  it('reinforcement learning: an environment passed in and stepped, its result unpacked (no library imported)', () => {
    const agent = 'class Agent:\n    def train(self, env):\n        state = env.reset()\n        while True:\n            next_state, reward, done, _ = env.step(self.act(state))\n            if done:\n                break\n';
    assert.deepEqual(of(agent), ['reinforcement']);
    assert.deepEqual(of('obs, rew, terminated, truncated, info = envs.step(actions)\n'), ['reinforcement']);
  });

  it("reinforcement learning: an agent's update step, given its rollouts by the script that steps (PPO's update)", () => {
    const ppo = 'import torch\nimport torch.optim as optim\n\n\nclass PPO:\n    def __init__(self, actor_critic, clip_param, lr):\n        self.actor_critic = actor_critic\n        self.optimizer = optim.Adam(actor_critic.parameters(), lr=lr)\n\n    def update(self, rollouts):\n        advantages = rollouts.returns[:-1] - rollouts.value_preds[:-1]\n        for e in range(4):\n            ratio = torch.exp(lp - old_lp)\n            loss = -torch.min(ratio * advantages, torch.clamp(ratio, 0.8, 1.2) * advantages).mean()\n            self.optimizer.zero_grad()\n            loss.backward()\n            self.optimizer.step()\n';
    assert.deepEqual(of(ppo), ['reinforcement']);
    assert.deepEqual(of('def learn(replay_buffer, q_net):\n    q_values = q_net(replay_buffer.sample().obs)\n'), ['reinforcement'], 'a DQN update');
  });

  it('hard negatives for RL names: one of them alone, names that only contain them', () => {
    assert.deepEqual(of('value_loss = mse(v, target)\nloss = ce(logits, y) + value_loss\n'), [], 'one RL name');
    assert.deepEqual(of('advantages_table = load()\nrollout_plot(x)\nmy_q_values_cache = {}\n'), []);
  });

  it('hard negatives for an environment stepped: an optimizer, a scheduler, a step unpacked into two', () => {
    assert.deepEqual(of('optimizer.step()\nscheduler.step()\nloss = trainer.step(batch)\nx, y = self.step(a)\nres = env.step(a)\n'), []);
    assert.deepEqual(of('a, b, c = model.forward(x)\na, b, c = step(x)\n'), []);
  });

  it('diffusion models: a DDPM or diffusion class defined or built, or a diffusion library imported', () => {
    assert.deepEqual(of('import torch.nn as nn\n\nclass DDPM(nn.Module):\n    pass\n'), ['diffusion']);
    assert.deepEqual(of('from model import GaussianDiffusion, Unet\ndiffusion = GaussianDiffusion(Unet(64), timesteps=1000)\n'), ['diffusion']);
    assert.deepEqual(of('from diffusers import DDPMScheduler, UNet2DModel\n'), ['diffusion']);
  });

  it('hard negatives for diffusion: names that only contain the letters, a diffusion-MRI dataset variable', () => {
    assert.deepEqual(of('class AddPMixer(nn.Module):\n    pass\nddpm_steps = 10\ndiffusion_weighted = load()\n'), []);
  });

  it('hard negatives for reinforcement learning: names that only look like it', () => {
    assert.deepEqual(of('import gymnasium_utils_for_plots\nfrom my_gym import Trainer\nenv = {"step": 1}\nstate = model.step(x)\n'), []);
    assert.deepEqual(of('import torch\nreward = compute_reward(pred, y)\nagent = "a"\n'), []);
  });

  it('adversarial training: a discriminator class defined or built, or the DCGAN pair netD / netG', () => {
    assert.deepEqual(of('import torch.nn as nn\n\nclass Discriminator(nn.Module):\n    pass\n'), ['adversarial']);
    assert.deepEqual(of('from models import NLayerDiscriminator\nD = NLayerDiscriminator(3)\n'), ['adversarial']);
    assert.deepEqual(of('netG = Generator(ngpu)\nnetD = make_critic(ngpu)\n'), ['adversarial']);
  });

  it('hard negatives for adversarial training: a generator alone (a language model), netD without netG', () => {
    assert.deepEqual(of('class Generator:\n    pass\n\ngen = Generator()\nnetD = build()\n'), []);
    assert.deepEqual(of('tokens = model.generate(x)\n'), []);
  });

  it("multi-view training: a transform whose __call__ returns several views of its input (DINO's, MoCo's, SimCLR's)", () => {
    assert.deepEqual(of(DINO_VIEWS), ['multi-view']);
    assert.deepEqual(of('class TwoCropsTransform:\n    def __init__(self, t):\n        self.t = t\n\n    def __call__(self, x):\n        q = self.t(x)\n        k = self.t(x)\n        return [q, k]\n'), ['multi-view']);
    assert.deepEqual(of('class Views:\n    def __call__(self, x):\n        return [self.base(x) for i in range(self.n_views)]\n'), ['multi-view']);
    assert.deepEqual(of('from byol_pytorch import BYOL\nlearner = BYOL(resnet, image_size=256)\n'), ['multi-view'], 'a self-supervised library');
    assert.deepEqual(of('from .moco import builder\n'), [], 'a relative import is a file of the project, not the library');
    assert.deepEqual(of('from util import TwoCropTransform\ntransform = TwoCropTransform(train_transform)\n'), ['multi-view'], 'a view transform the analysis cannot see into, by its name');
    assert.deepEqual(of('import torch.nn as nn\n\nclass ResNetSimCLR(nn.Module):\n    pass\n'), ['multi-view'], 'a model named for a self-supervised method');
    assert.deepEqual(of('from data import MocoDataset, TwoTowerModel\nds = MocoDataset()\nm = TwoTowerModel()\n'), [], 'names that only resemble them');
  });

  it('multi-view training: the transform class defined in another file of the project and built here', () => {
    const files = new Map([['/p/loader.py', DINO_VIEWS]]);
    const host: ProjectHost = { readFile: (p) => files.get(p) };
    assert.deepEqual(of('from loader import DataAugmentationDINO\n\ntransform = DataAugmentationDINO(8)\n', host), ['multi-view']);
    assert.deepEqual(of('from loader import DataAugmentationDINO\n', host), [], 'imported but not built');
  });

  it("multi-view training: a dataset whose __getitem__ applies its transform twice to one image (SimCLR's CIFAR10Pair)", () => {
    const pair = (body: string): string => `from torchvision.datasets import CIFAR10\n\nclass CIFAR10Pair(CIFAR10):\n    def __getitem__(self, index):\n        img, target = self.data[index], self.targets[index]\n        img = Image.fromarray(img)\n${body}`;
    assert.deepEqual(of(pair('        if self.transform is not None:\n            pos_1 = self.transform(img)\n            pos_2 = self.transform(img)\n        return pos_1, pos_2, target\n')), ['multi-view']);
    assert.deepEqual(of(pair('        views = [self.transform(img) for _ in range(self.n_views)]\n        return views, target\n')), ['multi-view'], 'in a comprehension');
    // hard negatives: an image and its mask, two different transforms, one transform applied in steps, views mixed into one tensor
    assert.deepEqual(of(pair('        mask = self.masks[index]\n        return self.transform(img), self.transform(mask)\n')), []);
    assert.deepEqual(of(pair('        return self.transform(img), self.to_tensor(img), target\n')), []);
    assert.deepEqual(of(pair('        img = self.transform(img)\n        img = self.transform(img)\n        return img, target\n')), []);
    assert.deepEqual(of(pair('        return 0.5 * self.transform(img) + 0.5 * self.transform(img)\n')), []);
    assert.deepEqual(of(pair('        img = self.transform(img)\n        return img, target\n')), []);
    // FixMatch's pair (review 82): a weak and a strong transform of its own, to the same image
    assert.deepEqual(of(pair('        return self.weak_transforms(img), self.strong_transforms(img)\n')), ['multi-view']);
    assert.deepEqual(of(pair('        return self.weak(img), self.strong(img), target\n')), ['multi-view']);
    // hard negatives: two weak ones, or weak and strong of different inputs (an image and its mask)
    assert.deepEqual(of(pair('        return self.weak(img), self.weak_flip(img)\n')), []);
    assert.deepEqual(of(pair('        mask = self.masks[index]\n        return self.weak(img), self.strong(mask)\n')), []);
  });

  it("multi-view training: a step on the input before the views (BYOL's optional consistent flip), views in a comprehension", () => {
    const byol = 'class MultiViewDataInjector(object):\n    def __init__(self, *args):\n        self.transforms = args[0]\n        self.random_flip = transforms.RandomHorizontalFlip()\n\n    def __call__(self, sample, *with_consistent_flipping):\n        if with_consistent_flipping:\n            sample = self.random_flip(sample)\n        output = [transform(sample) for transform in self.transforms]\n        return output\n';
    assert.deepEqual(of(byol), ['multi-view']);
    assert.deepEqual(of('class TwoViews:\n    def __call__(self, x):\n        x = self.to_tensor(x)\n        return [self.a(x), self.b(x)]\n'), ['multi-view'], 'a step, then two views');
  });

  it("multi-view training: a function of the file named for a self-supervised method (BYOL's get_simclr_data_transforms)", () => {
    assert.deepEqual(of('from torchvision import transforms\n\n\ndef get_simclr_data_transforms(size):\n    return transforms.Compose([transforms.RandomResizedCrop(size), transforms.ToTensor()])\n'), ['multi-view']);
    assert.deepEqual(of('class Trainer:\n    def simclr_loss(self, z):\n        return z\n'), [], 'a method is not a module-level function');
    assert.deepEqual(of('from torchvision import transforms\n\n\ndef get_train_transforms(size):\n    return transforms.Compose([transforms.RandomResizedCrop(size), transforms.ToTensor()])\n'), [], 'a generic name');
  });

  it('hard negatives for multi-view: a pipeline that re-assigns its input, one view, views combined into one tensor', () => {
    assert.deepEqual(of('class Pipeline:\n    def __call__(self, x):\n        x = self.resize(x)\n        x = self.crop(x)\n        return x\n'), []);
    assert.deepEqual(of('class Steps:\n    def __call__(self, x):\n        x = self.resize(x)\n        x = self.crop(x)\n        out = [x]\n        return out\n'), [], 'steps, then the one result in a list');
    assert.deepEqual(of('class StepsAndOne:\n    def __call__(self, x):\n        x = self.resize(x)\n        y = self.crop(x)\n        return [y]\n'), [], 'steps, then one view');
    assert.deepEqual(of('class Once:\n    def __call__(self, img):\n        out = self.t(img)\n        return out\n'), []);
    assert.deepEqual(of('class Mix:\n    def __call__(self, x):\n        return 0.5 * self.a(x) + 0.5 * self.b(x)\n'), []);
    assert.deepEqual(of('class Model(nn.Module):\n    def forward(self, x):\n        return [self.a(x), self.b(x)]\n'), [], 'forward() is a model, not a transform');
  });
  it('a file being edited: the evidence of several statements is put together, and follows each edit as a fresh analysis does', () => {
    const a = new Analyzer();
    const versions: [string, string[]][] = [
      ['def a(rollouts):\n    pass\n\n\ndef b(x):\n    return x\n', []],
      ['def a(rollouts):\n    pass\n\n\ndef b(x):\n    return x.advantages\n', ['reinforcement']],
      ['def a(batches):\n    pass\n\n\ndef b(x):\n    return x.advantages\n', []],
      ['def a(rollouts):\n    pass\n\n\ndef b(x):\n    return x.advantages\n', ['reinforcement']],
      ['netD = D()\n\n\ndef b(x):\n    return x\n\n\nnetG = G()\n', ['adversarial']],
      ['netD = D()\n\n\ndef b(x):\n    return x\n\n\nnet = G()\n', []],
      ['recon, mu, log_var = vae(x)\n\n\ndef b(x):\n    return x\n', ['reconstruction']],
      ['recon, mu = vae(x)\n\n\ndef b(x):\n    return x\n', []],
      ['x = TwoCropTransform(t)\n\n\ndef b(x):\n    return x\n', ['multi-view']],
    ];
    for (const [text, expected] of versions) {
      assert.deepEqual([...paradigms(a.pythonModule('/p/main.py', text).module)].sort(), expected, text);
      assert.deepEqual(of(text), expected, `fresh: ${text}`);
    }
  });
});

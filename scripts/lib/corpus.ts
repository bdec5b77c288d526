// A generated PyTorch training project for benchmarks and multi-file tests: a package of models, data,
// training and utility modules, experiment folders (model.py + train.py importing each other) and entry
// scripts that import across packages. A fixed seed gives the same project on every machine.
//
// The code uses the usual idioms (nn.Module classes with residual blocks and attention, Dataset classes,
// DataLoaders, AMP with GradScaler, gradient clipping and accumulation, schedulers, checkpoints, argparse
// entry points) and, at a low rate, the mistakes the rules look for, so the analysis does real work.
import { rng } from './generate';

export interface CorpusFile {
  /** Relative path with `/` separators. */
  path: string;
  text: string;
}

export interface CorpusOptions {
  /** Stop adding experiments once the project has at least this many lines (default 50,000). */
  lines?: number;
  seed?: number;
  /**
   * The experiments' models derive from base classes of another file (`visionlab/models/base.py`), whose methods
   * their training scripts call: the mode switches of a fine-tuning freeze and a prediction helper, a training step
   * (off by default: the benchmark project is the same with or without this option's code).
   */
  inherit?: boolean;
}

type R = () => number;

const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: R, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const chance = (r: R, p: number): boolean => r() < p;
const lineCount = (t: string): number => t.split('\n').length - 1;
const indent = (s: string, n: number): string =>
  s
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');
const camel = (s: string): string => s.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

const STD_HEADER = `import math
import os
import random
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
`;

// ------------------------------------------------------------------ shared package modules

function layersModule(): string {
  return `"""Building blocks shared by the model zoo."""
${STD_HEADER}

class ConvBNAct(nn.Sequential):
    """Conv -> BatchNorm -> activation, the conv without bias since BatchNorm has its own."""

    def __init__(self, in_ch: int, out_ch: int, kernel_size: int = 3, stride: int = 1, groups: int = 1, act: bool = True):
        padding = kernel_size // 2
        layers = [
            nn.Conv2d(in_ch, out_ch, kernel_size, stride=stride, padding=padding, groups=groups, bias=False),
            nn.BatchNorm2d(out_ch),
        ]
        if act:
            layers.append(nn.ReLU(inplace=True))
        super().__init__(*layers)


class SqueezeExcite(nn.Module):
    def __init__(self, channels: int, reduction: int = 4):
        super().__init__()
        hidden = max(8, channels // reduction)
        self.fc1 = nn.Conv2d(channels, hidden, 1)
        self.fc2 = nn.Conv2d(hidden, channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = F.adaptive_avg_pool2d(x, 1)
        s = F.relu(self.fc1(s), inplace=True)
        s = torch.sigmoid(self.fc2(s))
        return x * s


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_ch: int, out_ch: int, stride: int = 1, se: bool = False):
        super().__init__()
        self.conv1 = ConvBNAct(in_ch, out_ch, 3, stride=stride)
        self.conv2 = ConvBNAct(out_ch, out_ch, 3, act=False)
        self.se = SqueezeExcite(out_ch) if se else nn.Identity()
        self.downsample = None
        if stride != 1 or in_ch != out_ch:
            self.downsample = ConvBNAct(in_ch, out_ch, 1, stride=stride, act=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x if self.downsample is None else self.downsample(x)
        out = self.conv2(self.conv1(x))
        out = self.se(out)
        return F.relu(out + identity, inplace=True)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, in_ch: int, width: int, stride: int = 1):
        super().__init__()
        out_ch = width * self.expansion
        self.reduce = ConvBNAct(in_ch, width, 1)
        self.conv = ConvBNAct(width, width, 3, stride=stride)
        self.expand = ConvBNAct(width, out_ch, 1, act=False)
        self.shortcut = nn.Identity()
        if stride != 1 or in_ch != out_ch:
            self.shortcut = ConvBNAct(in_ch, out_ch, 1, stride=stride, act=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.expand(self.conv(self.reduce(x)))
        return F.relu(y + self.shortcut(x))


class MLP(nn.Module):
    def __init__(self, dim: int, hidden: int, dropout: float = 0.0):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(self.fc2(self.drop(self.act(self.fc1(x)))))


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int = 8, dropout: float = 0.0):
        super().__init__()
        assert dim % heads == 0, "dim must be divisible by heads"
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)) * self.scale
        if mask is not None:
            attn = attn.masked_fill(mask == 0, float("-inf"))
        attn = attn.softmax(dim=-1)
        attn = self.drop(attn)
        out = (attn @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(out)


class TransformerBlock(nn.Module):
    def __init__(self, dim: int, heads: int, mlp_ratio: float = 4.0, dropout: float = 0.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads, dropout)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = MLP(dim, int(dim * mlp_ratio), dropout)

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        x = x + self.attn(self.norm1(x), mask)
        x = x + self.mlp(self.norm2(x))
        return x


def init_weights(module: nn.Module) -> None:
    """Kaiming for convs, truncated normal for linear layers, ones/zeros for norms."""
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.trunc_normal_(m.weight, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, (nn.BatchNorm2d, nn.LayerNorm, nn.GroupNorm)):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
`;
}

type Family = 'resnet' | 'vit' | 'cnn' | 'mlp' | 'unet' | 'lstm';
const FAMILIES: Family[] = ['resnet', 'vit', 'cnn', 'mlp', 'unet', 'lstm'];

interface ModelDef {
  family: Family;
  cls: string;
  /** Module name inside visionlab/models. */
  mod: string;
  /** Whether forward() ends in a softmax (a mistake when trained with CrossEntropyLoss). */
  softmax: boolean;
}

function modelClass(r: R, d: ModelDef, layersImport: string): string {
  const c = pick(r, [16, 24, 32, 48, 64]);
  const nc = pick(r, [10, 100, 1000]);
  const head = d.softmax ? 'F.softmax(self.head(x), dim=-1)' : 'self.head(x)';
  const drop = (r() * 0.4).toFixed(2);
  switch (d.family) {
    case 'resnet': {
      const depths = [int(r, 1, 3), int(r, 1, 4), int(r, 1, 6), int(r, 1, 3)];
      return `
class ${d.cls}(nn.Module):
    """ResNet-style network with ${depths.join('-')} blocks per stage."""

    def __init__(self, num_classes: int = ${nc}, in_ch: int = 3, width: int = ${c}, se: bool = ${pick(r, ['True', 'False'])}):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(in_ch, width, kernel_size=7, stride=2, padding=3, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
        )
        stages = []
        ch = width
        for i, depth in enumerate([${depths.join(', ')}]):
            out_ch = width * (2 ** i)
            blocks = []
            for j in range(depth):
                stride = 2 if j == 0 and i > 0 else 1
                blocks.append(${layersImport}BasicBlock(ch, out_ch, stride=stride, se=se))
                ch = out_ch
            stages.append(nn.Sequential(*blocks))
        self.stages = nn.ModuleList(stages)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(p=${drop})
        self.head = nn.Linear(ch, num_classes)
        ${layersImport}init_weights(self)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem(x)
        for stage in self.stages:
            x = stage(x)
        return torch.flatten(self.pool(x), 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = self.dropout(x)
        return ${head}
`;
    }
    case 'vit': {
      const dim = pick(r, [128, 192, 256, 384]);
      const depth = int(r, 2, 8);
      return `
class ${d.cls}(nn.Module):
    """A small vision transformer: patch embedding, ${depth} blocks, class token."""

    def __init__(self, num_classes: int = ${nc}, image_size: int = 32, patch: int = 4, dim: int = ${dim}, depth: int = ${depth}, heads: int = ${pick(r, [4, 8])}):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)
        num_patches = (image_size // patch) ** 2
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, num_patches + 1, dim))
        self.blocks = nn.ModuleList([${layersImport}TransformerBlock(dim, heads, dropout=${drop}) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        ${layersImport}init_weights(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.patch_embed(x).flatten(2).transpose(1, 2)
        cls = self.cls_token.expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)[:, 0]
        return ${head}
`;
    }
    case 'cnn': {
      const bias = chance(r, 0.3) ? '' : ', bias=False';
      return `
class ${d.cls}(nn.Module):
    """A plain convolutional classifier."""

    def __init__(self, num_classes: int = ${nc}, in_ch: int = 3):
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, ${c}, kernel_size=3, padding=1${bias})
        self.bn1 = nn.BatchNorm2d(${c})
        self.conv2 = nn.Conv2d(${c}, ${c * 2}, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(${c * 2})
        self.conv3 = nn.Conv2d(${c * 2}, ${c * 4}, 3, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(${c * 4})
        self.drop = nn.Dropout(p=${drop})
        self.head = nn.Linear(${c * 4}, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(x, 2)
        x = F.relu(self.bn2(self.conv2(x)))
        x = F.max_pool2d(x, 2)
        x = F.relu(self.bn3(self.conv3(x)))
        x = x.mean(dim=(2, 3))
        x = self.drop(x)
        return ${head}
`;
    }
    case 'mlp': {
      const hidden = pick(r, [256, 512, 1024]);
      return `
class ${d.cls}(nn.Module):
    """An MLP over flattened inputs."""

    def __init__(self, in_features: int = ${pick(r, [784, 3072])}, num_classes: int = ${nc}, hidden: int = ${hidden}, layers: int = ${int(r, 2, 5)}):
        super().__init__()
        dims = [in_features] + [hidden] * layers
        blocks = []
        for a, b in zip(dims[:-1], dims[1:]):
            blocks += [nn.Linear(a, b), nn.LayerNorm(b), nn.GELU(), nn.Dropout(${drop})]
        self.body = nn.Sequential(*blocks)
        self.head = nn.Linear(hidden, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.body(x.view(x.size(0), -1))
        return ${head}
`;
    }
    case 'unet':
      return `
class ${d.cls}(nn.Module):
    """A small U-Net for segmentation."""

    def __init__(self, num_classes: int = ${pick(r, [2, 21])}, in_ch: int = 3, base: int = ${c}):
        super().__init__()
        self.enc1 = nn.Sequential(${layersImport}ConvBNAct(in_ch, base), ${layersImport}ConvBNAct(base, base))
        self.enc2 = nn.Sequential(${layersImport}ConvBNAct(base, base * 2, stride=2), ${layersImport}ConvBNAct(base * 2, base * 2))
        self.enc3 = nn.Sequential(${layersImport}ConvBNAct(base * 2, base * 4, stride=2), ${layersImport}ConvBNAct(base * 4, base * 4))
        self.up2 = nn.ConvTranspose2d(base * 4, base * 2, kernel_size=2, stride=2)
        self.dec2 = ${layersImport}ConvBNAct(base * 4, base * 2)
        self.up1 = nn.ConvTranspose2d(base * 2, base, kernel_size=2, stride=2)
        self.dec1 = ${layersImport}ConvBNAct(base * 2, base)
        self.head = nn.Conv2d(base, num_classes, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e1 = self.enc1(x)
        e2 = self.enc2(e1)
        e3 = self.enc3(e2)
        d2 = self.dec2(torch.cat([self.up2(e3), e2], dim=1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], dim=1))
        x = d1
        return ${head}
`;
    case 'lstm':
      return `
class ${d.cls}(nn.Module):
    """A bidirectional LSTM text classifier over padded token ids."""

    def __init__(self, vocab_size: int = 30000, num_classes: int = ${pick(r, [2, 5, 20])}, embed_dim: int = ${pick(r, [128, 300])}, hidden: int = ${pick(r, [128, 256])}):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(embed_dim, hidden, num_layers=2, batch_first=True, bidirectional=True, dropout=${drop})
        self.drop = nn.Dropout(${drop})
        self.head = nn.Linear(hidden * 2, num_classes)

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        emb = self.drop(self.embedding(tokens))
        packed = nn.utils.rnn.pack_padded_sequence(emb, lengths.cpu(), batch_first=True, enforce_sorted=False)
        _, (h, _) = self.lstm(packed)
        x = torch.cat([h[-2], h[-1]], dim=-1)
        x = self.drop(x)
        return ${head}
`;
  }
}

function modelModule(r: R, defs: ModelDef[]): string {
  const body = defs.map((d) => modelClass(r, d, 'layers.')).join('\n');
  const reg = defs.map((d) => `    "${d.mod}_${d.cls.toLowerCase()}": ${d.cls},`).join('\n');
  return `"""${camel(defs[0].family)} models."""
${STD_HEADER}
from . import layers

${body}

REGISTRY = {
${reg}
}


def create(name: str, **kwargs) -> nn.Module:
    if name not in REGISTRY:
        raise KeyError(f"unknown model {name!r}; known: {sorted(REGISTRY)}")
    return REGISTRY[name](**kwargs)
`;
}

function datasetModule(r: R, i: number): string {
  const name = pick(r, ['Images', 'Tiles', 'Crops', 'Scans', 'Frames', 'Patches']) + i;
  const normalize = chance(r, 0.8);
  return `"""Dataset ${i}: arrays on disk, one sample per file."""
${STD_HEADER}
from torch.utils.data import DataLoader, Dataset, random_split

from .transforms import Compose, RandomCrop, RandomFlip, Normalize


class ${name}Dataset(Dataset):
    def __init__(self, root: str, split: str = "train", transform=None, limit: Optional[int] = None):
        self.root = root
        self.split = split
        self.transform = transform
        folder = os.path.join(root, split)
        self.files = sorted(f for f in os.listdir(folder) if f.endswith(".npz")) if os.path.isdir(folder) else []
        if limit is not None:
            self.files = self.files[:limit]
        self.labels = [int(f.split("_")[0]) for f in self.files]

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Tuple[torch.Tensor, int]:
        data = np.load(os.path.join(self.root, self.split, self.files[index]))
        image = torch.from_numpy(data["image"]).float() / 255.0
        if self.transform is not None:
            image = self.transform(image)
        return image, self.labels[index]

    def class_counts(self) -> Dict[int, int]:
        counts: Dict[int, int] = {}
        for y in self.labels:
            counts[y] = counts.get(y, 0) + 1
        return counts


def collate(batch):
    images, labels = zip(*batch)
    return torch.stack(images), torch.tensor(labels, dtype=torch.long)


def build_loaders_${i}(root: str, batch_size: int = ${pick(r, [32, 64, 128, 256])}, num_workers: int = ${pick(r, [2, 4, 8])}, val_fraction: float = 0.1, seed: int = 0):
    train_tf = Compose([RandomCrop(${pick(r, [28, 32, 224])}, padding=4), RandomFlip()${normalize ? ', Normalize()' : ''}])
    full = ${name}Dataset(root, "train", transform=train_tf)
    n_val = int(len(full) * val_fraction)
    generator = torch.Generator().manual_seed(seed)
    train_set, val_set = random_split(full, [len(full) - n_val, n_val], generator=generator)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True, num_workers=num_workers, pin_memory=True, drop_last=True, collate_fn=collate)
    val_loader = DataLoader(val_set, batch_size=batch_size * 2, shuffle=False, num_workers=num_workers, collate_fn=collate)
    return train_loader, val_loader
`;
}

function transformsModule(): string {
  return `"""Tensor transforms (no torchvision needed)."""
${STD_HEADER}

class Compose:
    def __init__(self, transforms):
        self.transforms = list(transforms)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        for t in self.transforms:
            x = t(x)
        return x


class RandomCrop:
    def __init__(self, size: int, padding: int = 0):
        self.size = size
        self.padding = padding

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if self.padding:
            x = F.pad(x, [self.padding] * 4, mode="reflect")
        h, w = x.shape[-2:]
        top = random.randint(0, max(0, h - self.size))
        left = random.randint(0, max(0, w - self.size))
        return x[..., top:top + self.size, left:left + self.size]


class RandomFlip:
    def __init__(self, p: float = 0.5):
        self.p = p

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return torch.flip(x, dims=[-1]) if random.random() < self.p else x


class Normalize:
    def __init__(self, mean=(0.485, 0.456, 0.406), std=(0.229, 0.224, 0.225)):
        self.mean = torch.tensor(mean).view(-1, 1, 1)
        self.std = torch.tensor(std).view(-1, 1, 1)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mean) / self.std


def mixup(x: torch.Tensor, y: torch.Tensor, alpha: float = 0.2):
    lam = float(np.random.beta(alpha, alpha))
    index = torch.randperm(x.size(0), device=x.device)
    return lam * x + (1 - lam) * x[index], y, y[index], lam
`;
}

function utilsModules(): CorpusFile[] {
  return [
    {
      path: 'visionlab/utils/seed.py',
      text: `"""Reproducibility."""
import os
import random

import numpy as np
import torch


def seed_everything(seed: int = 0, deterministic: bool = False) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    if deterministic:
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
`,
    },
    {
      path: 'visionlab/utils/metrics.py',
      text: `"""Running averages and accuracy."""
from typing import List, Sequence

import torch


class AverageMeter:
    def __init__(self, name: str = ""):
        self.name = name
        self.reset()

    def reset(self) -> None:
        self.sum = 0.0
        self.count = 0

    def update(self, value: float, n: int = 1) -> None:
        self.sum += value * n
        self.count += n

    @property
    def avg(self) -> float:
        return self.sum / max(1, self.count)

    def __repr__(self) -> str:
        return f"{self.name}: {self.avg:.4f}"


def accuracy(output: torch.Tensor, target: torch.Tensor, topk: Sequence[int] = (1,)) -> List[float]:
    maxk = max(topk)
    _, pred = output.topk(maxk, dim=1)
    correct = pred.eq(target.view(-1, 1).expand_as(pred))
    return [correct[:, :k].any(dim=1).float().mean().item() for k in topk]


def confusion_matrix(pred: torch.Tensor, target: torch.Tensor, num_classes: int) -> torch.Tensor:
    idx = target * num_classes + pred
    return torch.bincount(idx, minlength=num_classes ** 2).view(num_classes, num_classes)
`,
    },
    {
      path: 'visionlab/utils/checkpoint.py',
      text: `"""Saving and restoring training state."""
import os
from typing import Any, Dict, Optional

import torch


def save_checkpoint(path: str, model, optimizer=None, scheduler=None, epoch: int = 0, **extra: Any) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    state: Dict[str, Any] = {"model": model.state_dict(), "epoch": epoch, **extra}
    if optimizer is not None:
        state["optimizer"] = optimizer.state_dict()
    if scheduler is not None:
        state["scheduler"] = scheduler.state_dict()
    torch.save(state, path + ".tmp")
    os.replace(path + ".tmp", path)


def load_checkpoint(path: str, model, optimizer=None, scheduler=None, map_location: Optional[str] = "cpu") -> int:
    state = torch.load(path, map_location=map_location)
    model.load_state_dict(state["model"])
    if optimizer is not None and "optimizer" in state:
        optimizer.load_state_dict(state["optimizer"])
    if scheduler is not None and "scheduler" in state:
        scheduler.load_state_dict(state["scheduler"])
    return int(state.get("epoch", 0))
`,
    },
    {
      path: 'visionlab/utils/log.py',
      text: `"""Logging to the console and a JSON-lines file."""
import json
import logging
import time


def get_logger(name: str = "visionlab", level: int = logging.INFO) -> logging.Logger:
    logger = logging.getLogger(name)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
    return logger


class JsonlWriter:
    def __init__(self, path: str):
        self.path = path
        self.start = time.time()

    def write(self, **fields) -> None:
        fields["elapsed"] = round(time.time() - self.start, 3)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(fields) + "\\n")
`,
    },
    { path: 'visionlab/utils/__init__.py', text: 'from .seed import seed_everything\nfrom .metrics import AverageMeter, accuracy\n' },
  ];
}

function optimModule(): string {
  return `"""Optimizers and learning-rate schedules."""
import math

import torch
from torch import optim


def param_groups(model: torch.nn.Module, weight_decay: float):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if p.ndim <= 1 or name.endswith(".bias") else decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def build_optimizer(model: torch.nn.Module, name: str = "adamw", lr: float = 3e-4, weight_decay: float = 0.05):
    groups = param_groups(model, weight_decay)
    if name == "sgd":
        return optim.SGD(groups, lr=lr, momentum=0.9, nesterov=True)
    if name == "adam":
        return optim.Adam(groups, lr=lr)
    return optim.AdamW(groups, lr=lr, betas=(0.9, 0.999))


def warmup_cosine(optimizer, warmup_steps: int, total_steps: int, min_ratio: float = 0.0):
    def factor(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / max(1, warmup_steps)
        progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
        return min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * progress))

    return optim.lr_scheduler.LambdaLR(optimizer, factor)


def build_scheduler(optimizer, name: str, epochs: int, steps_per_epoch: int):
    if name == "onecycle":
        return optim.lr_scheduler.OneCycleLR(optimizer, max_lr=optimizer.param_groups[0]["lr"], epochs=epochs, steps_per_epoch=steps_per_epoch)
    if name == "step":
        return optim.lr_scheduler.StepLR(optimizer, step_size=max(1, epochs // 3), gamma=0.1)
    return warmup_cosine(optimizer, warmup_steps=steps_per_epoch, total_steps=epochs * steps_per_epoch)
`;
}

function lossesModule(): string {
  return `"""Losses beyond torch.nn."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class LabelSmoothingCrossEntropy(nn.Module):
    def __init__(self, smoothing: float = 0.1):
        super().__init__()
        self.smoothing = smoothing

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        logp = F.log_softmax(logits, dim=-1)
        nll = -logp.gather(dim=-1, index=target.unsqueeze(1)).squeeze(1)
        smooth = -logp.mean(dim=-1)
        return ((1 - self.smoothing) * nll + self.smoothing * smooth).mean()


class FocalLoss(nn.Module):
    def __init__(self, gamma: float = 2.0, alpha: float = 0.25):
        super().__init__()
        self.gamma = gamma
        self.alpha = alpha

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        bce = F.binary_cross_entropy_with_logits(logits, target.float(), reduction="none")
        p = torch.sigmoid(logits)
        pt = p * target + (1 - p) * (1 - target)
        return (self.alpha * (1 - pt) ** self.gamma * bce).mean()


def dice_loss(logits: torch.Tensor, target: torch.Tensor, eps: float = 1.0) -> torch.Tensor:
    probs = logits.softmax(dim=1)
    onehot = F.one_hot(target, probs.shape[1]).permute(0, 3, 1, 2).float()
    inter = (probs * onehot).sum(dim=(2, 3))
    union = probs.sum(dim=(2, 3)) + onehot.sum(dim=(2, 3))
    return 1 - ((2 * inter + eps) / (union + eps)).mean()
`;
}

function engineModule(r: R, i: number): string {
  const accumulate = chance(r, 0.3);
  const amp = chance(r, 0.6);
  const clip = chance(r, 0.5);
  const zeroLine = accumulate
    ? ''
    : chance(r, 0.1)
      ? ''
      : '        optimizer.zero_grad(set_to_none=True)\n';
  const forward = amp
    ? `        with torch.autocast(device_type=device.type, enabled=scaler is not None):
            logits = model(images)
            loss = criterion(logits, targets)${accumulate ? ' / accum_steps' : ''}
        if scaler is not None:
            scaler.scale(loss).backward()
        else:
            loss.backward()
`
    : `        logits = model(images)
        loss = criterion(logits, targets)${accumulate ? ' / accum_steps' : ''}
        loss.backward()
`;
  const clipLines = clip
    ? amp
      ? `        if scaler is not None:
            scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=clip_norm)
`
      : '        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=clip_norm)\n'
    : '';
  const stepLines = amp
    ? `        if scaler is not None:
            scaler.step(optimizer)
            scaler.update()
        else:
            optimizer.step()
`
    : '        optimizer.step()\n';
  const body = accumulate
    ? `${forward}        if (step + 1) % accum_steps == 0:
${indent(clipLines + stepLines, 4)}            optimizer.zero_grad(set_to_none=True)
            if scheduler is not None:
                scheduler.step()
`
    : `${zeroLine}${forward}${clipLines}${stepLines}        if scheduler is not None:
            scheduler.step()
`;
  return `"""Training and evaluation loops (variant ${i})."""
${STD_HEADER}
from ..utils.metrics import AverageMeter, accuracy
from ..utils.checkpoint import save_checkpoint


def train_one_epoch(model: nn.Module, loader, optimizer, criterion, device: torch.device, scheduler=None, scaler=None, clip_norm: float = 1.0, accum_steps: int = ${accumulate ? int(r, 2, 8) : 1}, log_every: int = 50):
    model.train()
    loss_meter = AverageMeter("loss")
    acc_meter = AverageMeter("acc")
    for step, (images, targets) in enumerate(loader):
        images = images.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True)
${body}        loss_meter.update(loss.item(), images.size(0))
        acc_meter.update(accuracy(logits.detach(), targets)[0], images.size(0))
        if step % log_every == 0:
            print(f"step {step:5d} loss {loss_meter.avg:.4f} acc {acc_meter.avg:.3f}")
    return loss_meter.avg, acc_meter.avg


@torch.no_grad()
def evaluate(model: nn.Module, loader, criterion, device: torch.device):
    model.eval()
    loss_meter = AverageMeter("val_loss")
    correct = 0
    seen = 0
    for images, targets in loader:
        images, targets = images.to(device), targets.to(device)
        logits = model(images)
        loss_meter.update(criterion(logits, targets).item(), images.size(0))
        correct += (logits.argmax(dim=1) == targets).sum().item()
        seen += targets.numel()
    return loss_meter.avg, correct / max(1, seen)


class Trainer:
    """Runs epochs, keeps the best checkpoint, stops early when validation stops improving."""

    def __init__(self, model: nn.Module, optimizer, criterion, device: torch.device, scheduler=None, patience: int = ${int(r, 3, 10)}, out_dir: str = "runs"):
        self.model = model
        self.optimizer = optimizer
        self.criterion = criterion
        self.device = device
        self.scheduler = scheduler
        self.patience = patience
        self.out_dir = out_dir
        self.scaler = torch.cuda.amp.GradScaler() if device.type == "cuda" else None
        self.best = -math.inf
        self.history: List[Dict[str, float]] = []

    def fit(self, train_loader, val_loader, epochs: int) -> Dict[str, float]:
        bad_epochs = 0
        for epoch in range(epochs):
            train_loss, train_acc = train_one_epoch(self.model, train_loader, self.optimizer, self.criterion, self.device, self.scheduler, self.scaler)
            val_loss, val_acc = evaluate(self.model, val_loader, self.criterion, self.device)
            record = {"epoch": epoch, "train_loss": train_loss, "train_acc": train_acc, "val_loss": val_loss, "val_acc": val_acc}
            self.history.append(record)
            print(record)
            if val_acc > self.best:
                self.best = val_acc
                bad_epochs = 0
                save_checkpoint(os.path.join(self.out_dir, "best.pt"), self.model, self.optimizer, self.scheduler, epoch, val_acc=val_acc)
            else:
                bad_epochs += 1
                if bad_epochs >= self.patience:
                    print(f"early stop at epoch {epoch}")
                    break
        return {"best_val_acc": self.best, "epochs": len(self.history)}
`;
}

// ------------------------------------------------------------------ experiments

interface Project {
  models: ModelDef[];
  datasets: number;
  engines: number;
}

/** Base classes in another file than the models built on them (`inherit`): methods that switch modes, a training step. */
const BASE_MODULE = `"""Base classes of the experiments' models."""
import torch
import torch.nn as nn


class Backbone(nn.Module):
    """A network whose feature extractor can be frozen for fine-tuning."""

    def freeze_backbone(self):
        for p in self.parameters():
            p.requires_grad = False
        self.eval()

    def unfreeze(self):
        for p in self.parameters():
            p.requires_grad = True
        self.train()

    def training_step(self, x, y, criterion):
        out = self(x)
        return criterion(out, y)


class Classifier(Backbone):
    """A backbone with a prediction helper."""

    def predict(self, x):
        self.eval()
        with torch.no_grad():
            return self(x).argmax(dim=1)
`;

/** Experiment `i`'s model class derived from a class of base.py instead of `nn.Module` (`inherit`). */
function inheriting(text: string, cls: string, i: number): string {
  // (a method of its own calling inherited ones through `self`, before `__init__`: the class's first method)
  const own = '\n    def finetune(self):\n        self.freeze_backbone()\n        self.unfreeze()\n\n    def __init__(';
  return text
    .replace(`class ${cls}(nn.Module):`, `class ${cls}(base.${i % 2 ? 'Classifier' : 'Backbone'}):`)
    .replace('from visionlab.models import layers', 'from visionlab.models import base, layers')
    .replace('\n    def __init__(', own);
}

/** Experiment `i`'s training script calling the methods its model inherits from base.py (`inherit`). */
function callingInherited(text: string, i: number): string {
  let out = text;
  if (i % 3 === 0) out = out.replace('    best = 0.0\n', '    best = 0.0\n    if args.epochs > 100:\n        model.freeze_backbone()\n');
  if (i % 3 === 1) out = out.replace(/( +)out = model\(x\)\n +loss = criterion\(out, y\)\n/, '$1loss = model.training_step(x, y, criterion)\n');
  if (i % 2) out = out.replace('\n\nif __name__ == "__main__":', '    x, _ = next(iter(val_loader))\n    print(model.predict(x.to(device)).shape)\n\n\nif __name__ == "__main__":');
  return out;
}

function experimentModel(r: R, i: number): { text: string; cls: string; family: Family } {
  const family = pick(r, FAMILIES);
  const cls = `Exp${i}${camel(family)}`;
  const softmax = chance(r, 0.08);
  const def: ModelDef = { family, cls, mod: 'model', softmax };
  const extra = chance(r, 0.5)
    ? `

class ${cls}Head(nn.Module):
    """Auxiliary head used for deep supervision."""

    def __init__(self, in_features: int, num_classes: int):
        super().__init__()
        self.proj = nn.Sequential(nn.Linear(in_features, in_features // 2), nn.ReLU(), nn.Linear(in_features // 2, num_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x)
`
    : '';
  return {
    cls,
    family,
    text: `"""Model for experiment ${i}."""
${STD_HEADER}
from visionlab.models import layers
${modelClass(r, def, 'layers.')}${extra}

def build(num_classes: int = 10) -> nn.Module:
    return ${cls}(num_classes=num_classes)
`,
  };
}

function experimentTrain(r: R, i: number, p: Project, cls: string, family: string): string {
  const seeded = chance(r, 0.9);
  const ds = int(r, 0, p.datasets - 1);
  const eng = int(r, 0, p.engines - 1);
  const lr = pick(r, ['3e-4', '1.e-3', '1e-3', '0.1', '5e-4', '2e-4']);
  const useTrainer = chance(r, 0.4);
  const missingZero = chance(r, 0.06);
  const bs = pick(r, [32, 64, 128]);
  const loop = useTrainer
    ? `    trainer = Trainer(model, optimizer, criterion, device, scheduler=scheduler, out_dir=args.out)
    summary = trainer.fit(train_loader, val_loader, args.epochs)
    print(summary)`
    : `    best = 0.0
    for epoch in range(args.epochs):
        model.train()
        running = 0.0
        for step, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
${missingZero ? '' : '            optimizer.zero_grad()\n'}            out = model(x)
            loss = criterion(out, y)
            loss.backward()
            optimizer.step()
            scheduler.step()
            running += loss.item()
            if step % args.log_every == 0:
                print(f"epoch {epoch} step {step} loss {running / (step + 1):.4f}")
        val_loss, val_acc = evaluate(model, val_loader, criterion, device)
        print(f"epoch {epoch}: val_loss {val_loss:.4f} val_acc {val_acc:.3f}")
        if val_acc > best:
            best = val_acc
            save_checkpoint(os.path.join(args.out, "best.pt"), model, optimizer, scheduler, epoch)`;
  const overfit = chance(r, 0.5)
    ? `


def overfit_one_batch(model: nn.Module, loader, device: torch.device, steps: int = 200) -> float:
    """Sanity check: the model must drive the loss on a single batch to ~0."""
    model.train()
    x, y = next(iter(loader))
    x, y = x.to(device), y.to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    loss = torch.tensor(0.0)
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return loss.item()`
    : '';
  return `"""Experiment ${i}: ${family} on dataset ${ds}."""
import argparse
import os

import torch
import torch.nn as nn

from model import ${cls}, build
from visionlab.data.datasets_${ds} import build_loaders_${ds}
from visionlab.training.engine_${eng} import Trainer, evaluate
from visionlab.training.optim import build_optimizer, build_scheduler
from visionlab.utils.checkpoint import save_checkpoint
${seeded ? 'from visionlab.utils.seed import seed_everything\n' : ''}

def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="experiment ${i}")
    parser.add_argument("--data", default="data/ds${ds}")
    parser.add_argument("--epochs", type=int, default=${int(r, 5, 300)})
    parser.add_argument("--batch-size", type=int, default=${bs})
    parser.add_argument("--lr", type=float, default=${lr})
    parser.add_argument("--weight-decay", type=float, default=${pick(r, ['0.05', '1e-4', '0.0'])})
    parser.add_argument("--seed", type=int, default=${int(r, 0, 9999)})
    parser.add_argument("--out", default="runs/exp${i}")
    parser.add_argument("--log-every", type=int, default=50)
    return parser.parse_args(argv)${overfit}


def main(argv=None):
    args = parse_args(argv)
${seeded ? '    seed_everything(args.seed)\n' : ''}    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader = build_loaders_${ds}(args.data, batch_size=args.batch_size)
    model = ${chance(r, 0.5) ? `${cls}(num_classes=10)` : 'build(10)'}.to(device)
    criterion = nn.CrossEntropyLoss(label_smoothing=${pick(r, ['0.0', '0.1'])})
    optimizer = build_optimizer(model, lr=args.lr, weight_decay=args.weight_decay)
    scheduler = build_scheduler(optimizer, "${pick(r, ['cosine', 'onecycle', 'step'])}", args.epochs, len(train_loader))
${loop}


if __name__ == "__main__":
    main()
`;
}

/** A long single-file script (people do write these): several models and loops in one file. */
function monolith(r: R, i: number): string {
  const parts: string[] = [`"""Notebook export ${i}: everything in one file."""\n${STD_HEADER}from torch import optim\nfrom torch.utils.data import DataLoader, TensorDataset\n\ntorch.manual_seed(${i})\n`];
  const n = int(r, 4, 9);
  for (let k = 0; k < n; k++) {
    const family = pick(r, ['cnn', 'mlp'] as Family[]);
    const cls = `Net${k}`;
    parts.push(modelClass(r, { family, cls, mod: 'x', softmax: chance(r, 0.05) }, ''));
    const zero = chance(r, 0.9) ? '            optimizer.zero_grad()\n' : '';
    parts.push(`

def run_${k}(epochs: int = ${int(r, 2, 20)}, device: str = "cpu"):
    xs = torch.randn(${int(r, 128, 1024)}, 3, 32, 32)
    ys = torch.randint(0, 10, (xs.shape[0],))
    loader = DataLoader(TensorDataset(xs, ys), batch_size=${pick(r, [16, 32, 64])}, shuffle=True)
    model = ${cls}(num_classes=10).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.${pick(r, ['Adam', 'AdamW', 'SGD'])}(model.parameters(), lr=${pick(r, ['3e-4', '1.e-3', '0.01'])})
    for epoch in range(epochs):
        model.train()
        for x, y in loader:
            x, y = x.to(device), y.to(device)
${zero}            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            acc = (model(xs[:256].to(device)).argmax(1) == ys[:256].to(device)).float().mean().item()
        print(f"[{${k}}] epoch {epoch}: loss {loss.item():.4f} acc {acc:.3f}")
    return model
`);
  }
  parts.push(`\n\nif __name__ == "__main__":\n${Array.from({ length: n }, (_, k) => `    run_${k}()`).join('\n')}\n`);
  return parts.join('');
}

function entryScript(r: R, i: number, p: Project): string {
  const m = pick(r, p.models);
  const ds = int(r, 0, p.datasets - 1);
  const eng = int(r, 0, p.engines - 1);
  return `"""Entry point ${i}: train ${m.cls} from the model zoo."""
import argparse

import torch
from torch import nn

from visionlab.models import ${m.cls}
from visionlab.data.datasets_${ds} import build_loaders_${ds}
from visionlab.training.engine_${eng} import train_one_epoch, evaluate
from visionlab.training.losses import LabelSmoothingCrossEntropy
from visionlab.training.optim import build_optimizer, warmup_cosine
from visionlab.utils import seed_everything


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=${int(r, 10, 200)})
    parser.add_argument("--lr", type=float, default=${pick(r, ['3e-4', '1e-3', '0.05'])})
    parser.add_argument("--seed", type=int, default=${int(r, 0, 100)})
    args = parser.parse_args()
    seed_everything(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader = build_loaders_${ds}("data/ds${ds}")
    model = ${m.cls}(num_classes=10).to(device)
    criterion = ${chance(r, 0.5) ? 'LabelSmoothingCrossEntropy(0.1)' : 'nn.CrossEntropyLoss()'}
    optimizer = build_optimizer(model, "${pick(r, ['adamw', 'sgd', 'adam'])}", lr=args.lr)
    scheduler = warmup_cosine(optimizer, len(train_loader), args.epochs * len(train_loader))
    for epoch in range(args.epochs):
        train_loss, train_acc = train_one_epoch(model, train_loader, optimizer, criterion, device, scheduler)
        val_loss, val_acc = evaluate(model, val_loader, criterion, device)
        print(f"{epoch:3d} train {train_loss:.4f}/{train_acc:.3f} val {val_loss:.4f}/{val_acc:.3f}")


if __name__ == "__main__":
    main()
`;
}

/** Generates the project. Files come sorted by path. */
export function generateProject(options: CorpusOptions = {}): CorpusFile[] {
  const target = options.lines ?? 50_000;
  const r = rng(options.seed ?? 20240601);
  const files: CorpusFile[] = [];
  let lines = 0;
  const add = (path: string, text: string): void => {
    files.push({ path, text });
    lines += lineCount(text);
  };
  // Scale the shared package with the project: about one model module, dataset and engine per 2,500 lines.
  const units = Math.max(1, Math.round(target / 2500));
  const p: Project = { models: [], datasets: units, engines: Math.max(1, Math.ceil(units / 2)) };
  add('visionlab/__init__.py', '"""visionlab: a training codebase."""\n__version__ = "0.3.0"\n');
  add('visionlab/models/layers.py', layersModule());
  if (options.inherit) add('visionlab/models/base.py', BASE_MODULE);
  const exports: string[] = [];
  for (let i = 0; i < units; i++) {
    const family = FAMILIES[i % FAMILIES.length];
    const mod = `${family}_${i}`;
    const defs: ModelDef[] = Array.from({ length: int(r, 2, 4) }, (_, k) => ({ family, cls: `${camel(family)}${i}${String.fromCharCode(65 + k)}`, mod, softmax: chance(r, 0.05) }));
    p.models.push(...defs);
    add(`visionlab/models/${mod}.py`, modelModule(r, defs));
    exports.push(`from .${mod} import ${defs.map((d) => d.cls).join(', ')}`);
  }
  add('visionlab/models/__init__.py', `"""The model zoo."""\nfrom . import layers\n${exports.join('\n')}\n`);
  add('visionlab/data/__init__.py', '');
  add('visionlab/data/transforms.py', transformsModule());
  for (let i = 0; i < p.datasets; i++) add(`visionlab/data/datasets_${i}.py`, datasetModule(r, i));
  add('visionlab/training/__init__.py', '');
  add('visionlab/training/optim.py', optimModule());
  add('visionlab/training/losses.py', lossesModule());
  for (let i = 0; i < p.engines; i++) add(`visionlab/training/engine_${i}.py`, engineModule(r, i));
  for (const f of utilsModules()) add(f.path, f.text);
  // Entry scripts, experiments and the odd long script until the project is big enough.
  for (let i = 0; i < units; i++) add(`scripts/train_${i}.py`, entryScript(r, i, p));
  let exp = 0;
  while (lines < target) {
    if (exp % 15 === 14) add(`notebooks/export_${exp}.py`, monolith(r, exp));
    else {
      const m = experimentModel(r, exp);
      const train = experimentTrain(r, exp, p, m.cls, m.family);
      const dir = `experiments/exp_${String(exp).padStart(3, '0')}`;
      add(`${dir}/model.py`, options.inherit ? inheriting(m.text, m.cls, exp) : m.text);
      add(`${dir}/train.py`, options.inherit ? callingInherited(train, exp) : train);
    }
    exp++;
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

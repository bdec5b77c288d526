// Deterministic generator of realistic PyTorch training code, for benchmarks. A seeded PRNG picks among
// model classes, data loading, training and evaluation functions with the usual idioms (and some of the
// mistakes the rules look for), so the analysis does real work on every block.

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = `import math
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim
from torch.utils.data import DataLoader, TensorDataset
`;

function modelBlock(i: number, r: () => number): string {
  const c = 8 + Math.floor(r() * 56);
  const act = r() < 0.2 ? 'F.softmax(self.head(x), dim=1)' : 'self.head(x)';
  const bias = r() < 0.5 ? ', bias=False' : '';
  return `
class Net${i}(nn.Module):
    """Model variant ${i}."""

    def __init__(self, in_ch: int = 3, num_classes: int = 10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, ${c}, kernel_size=3, padding=1${bias})
        self.bn1 = nn.BatchNorm2d(${c})
        self.conv2 = nn.Conv2d(${c}, ${c * 2}, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(${c * 2})
        self.drop = nn.Dropout(p=${(r() * 0.5).toFixed(2)})
        self.head = nn.Linear(${c * 2}, num_classes)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(self.bn1(x))
        x = F.max_pool2d(x, 2)
        x = F.relu(self.bn2(self.conv2(x)))
        x = x.mean(dim=(2, 3))
        x = self.drop(x)
        return ${act}
`;
}

function trainBlock(i: number, r: () => number): string {
  const zero = r() < 0.85 ? `        optimizer.zero_grad()\n` : '';
  const lr = ['3e-4', '1.e-3', '1e-2', '0.1'][Math.floor(r() * 4)];
  return `
def make_loader_${i}(n: int = 256, batch_size: int = 32):
    xs = torch.randn(n, 3, 16, 16)
    ys = torch.randint(0, 10, (n,))
    return DataLoader(TensorDataset(xs, ys), batch_size=batch_size, shuffle=True)


def train_${i}(epochs: int = 3, device: str = "cpu"):
    model = Net${i}().to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=${lr})
    loader = make_loader_${i}()
    history = []
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for step, (x, y) in enumerate(loader):
            x, y = x.to(device), y.to(device)
${zero}        out = model(x)
        loss = criterion(out, y)
        loss.backward()
        optimizer.step()
        total += loss.item()
        if step % 10 == 0:
            print(f"epoch {epoch} step {step}: {loss.item():.4f}")
        history.append(total / max(1, len(loader)))
        acc = evaluate_${i}(model, loader, device)
        print(f"epoch {epoch}: acc {acc:.3f}")
    return model, history


def evaluate_${i}(model, loader, device):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            pred = model(x.to(device)).argmax(dim=1)
            correct += (pred == y.to(device)).sum().item()
            total += y.numel()
    model.train()
    return correct / max(1, total)
`;
}

/** A training script of about `lines` lines. */
export function generateScript(lines: number, seed = 1): string {
  const r = rng(seed);
  let out = HEADER + '\ntorch.manual_seed(0)\n';
  let i = 0;
  while (out.split('\n').length < lines) {
    out += modelBlock(i, r) + trainBlock(i, r);
    i++;
  }
  return out;
}

"""Tiny synthetic data and models the snippet tests run the snippets on (CPU, a fraction of a second each)."""

import torch
from torch import nn
from torch.utils.data import TensorDataset

NUM_FEATURES = 8


def blobs(n: int, num_classes: int, seed: int, class_weights: list[float] | None = None) -> TensorDataset:
    """Standardised Gaussian blobs, one per class; the same class centres for every seed."""
    centres = torch.randn(num_classes, NUM_FEATURES, generator=torch.Generator().manual_seed(1234))
    generator = torch.Generator().manual_seed(seed)
    weights = torch.ones(num_classes) if class_weights is None else torch.tensor(class_weights)
    targets = torch.multinomial(weights, n, replacement=True, generator=generator)
    inputs = centres[targets] + 0.5 * torch.randn(n, NUM_FEATURES, generator=generator)
    return TensorDataset(inputs, targets)


class MLP(nn.Module):
    """A two-layer classifier with PyTorch's default initialisation; `classifier` is the final layer."""

    def __init__(self, num_classes: int = 3, hidden: int = 32) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(NUM_FEATURES, hidden), nn.ReLU())
        self.classifier = nn.Linear(hidden, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.body(x))

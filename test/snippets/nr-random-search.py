# nr-random-search: twenty trials of a real (tiny) training run, each with new values of every
# hyper-parameter inside its range, and the best trial reported.
import math

import torch
import torch.nn.functional as F
from fixtures import NUM_FEATURES, blobs
from torch import nn

train_inputs, train_targets = blobs(256, 3, seed=1).tensors
val_inputs, val_targets = blobs(128, 3, seed=2).tensors


def train_and_evaluate(lr: float, weight_decay: float, dropout: float) -> float:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(NUM_FEATURES, 16), nn.ReLU(), nn.Dropout(dropout), nn.Linear(16, 3))
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    for _ in range(20):
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(train_inputs), train_targets).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        return F.cross_entropy(model(val_inputs), val_targets).item()


# {{snippet}}

assert len(results) == 20
for name, low, high in (("lr", 1e-5, 1e-2), ("weight_decay", 1e-6, 1e-1), ("dropout", 0.0, 0.5)):
    values = [config[name] for _, config in results]
    assert len(set(values)) == len(values), f"{name} repeats values: that is a grid, not random search"
    assert all(low <= v <= high for v in values), f"{name} left its range: {values}"
decades = {math.floor(math.log10(config["lr"])) for _, config in results}
assert len(decades) >= 3, f"lr is not sampled log-uniformly: decades {decades}"
assert best_loss == min(loss for loss, _ in results) and best_config in [c for _, c in results]

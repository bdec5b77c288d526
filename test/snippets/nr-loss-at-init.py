# nr-loss-at-init: passes on a freshly initialised model, measures exactly ln(C) for uniform predictions,
# and catches an over-confident initialisation.
import math

import torch
from fixtures import MLP, blobs
from torch import nn
from torch.utils.data import DataLoader

torch.manual_seed(0)
train_loader = DataLoader(blobs(256, 10, seed=1), batch_size=256, shuffle=True)
device = torch.device("cpu")


def run(model: nn.Module):
    # {{snippet}}
    return check_loss_at_init


check_loss_at_init = run(MLP(num_classes=10))  # the snippet's own call on a fresh model
inputs, targets = next(iter(train_loader))


class Uniform(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.zeros(len(x), 10)


measured = check_loss_at_init(Uniform(), inputs, targets, num_classes=10)
assert math.isclose(measured, math.log(10), rel_tol=1e-6), f"uniform predictions measured {measured}, not ln(10)"

overconfident = MLP(num_classes=10)
with torch.no_grad():
    overconfident.classifier.weight.mul_(30)
try:
    check_loss_at_init(overconfident, inputs, targets, num_classes=10)
except AssertionError as error:
    assert "far from ln(10)" in str(error), error
else:
    raise AssertionError("the check missed an over-confident initialisation")

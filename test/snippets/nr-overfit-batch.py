# nr-overfit-batch: a real model overfits four examples to near-zero loss; a model that cannot see its
# inputs cannot, and the snippet's assertion says so.
import torch
import torch.nn.functional as F
from fixtures import MLP, blobs
from torch import nn
from torch.utils.data import DataLoader

torch.manual_seed(0)
train_loader = DataLoader(blobs(64, 3, seed=3), batch_size=16, shuffle=True)
device = torch.device("cpu")
model = MLP(num_classes=3)


def run(model: nn.Module):
    # {{snippet}}
    return overfit_one_batch, inputs, targets


overfit_one_batch, inputs, targets = run(model)  # the snippet's own call must reach the tolerance
assert len(inputs) == 4, inputs.shape
with torch.no_grad():
    final = F.cross_entropy(model(inputs), targets).item()
assert final <= 1e-2, f"the model was not overfitted: loss {final:.4f}"


class Blind(nn.Module):
    """Ignores its inputs: can only learn the label frequencies of the batch."""

    def __init__(self) -> None:
        super().__init__()
        self.logits = nn.Parameter(torch.zeros(3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.logits.expand(len(x), 3)


assert len(set(targets.tolist())) > 1, "the batch needs two classes for this test"
try:
    overfit_one_batch(Blind(), inputs, targets, nn.CrossEntropyLoss(), steps=200)
except AssertionError as error:
    assert "could not overfit one batch" in str(error), error
else:
    raise AssertionError("overfit_one_batch passed on a model that cannot see its inputs")

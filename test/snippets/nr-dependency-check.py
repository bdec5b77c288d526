# nr-dependency-check: passes on a sequence model that uses permute to go time-major, and catches the same
# model with `view` in place of `permute`, which silently mixes examples of the batch.
import torch
from torch import nn


class TimeMajor(nn.Module):
    """(batch, time, features) -> time-major -> per-step layer -> pool over time -> logits."""

    def __init__(self, mix_batch: bool) -> None:
        super().__init__()
        self.mix_batch = mix_batch
        self.step = nn.Linear(6, 16)
        self.norm = nn.BatchNorm1d(16)
        self.head = nn.Linear(16, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, time, features = x.shape
        if self.mix_batch:
            x = x.view(time, batch, features)  # the bug: reinterprets memory, mixing examples
        else:
            x = x.permute(1, 0, 2)
        hidden = torch.relu(self.step(x)).mean(dim=0)
        return self.head(self.norm(hidden))


torch.manual_seed(0)
inputs = torch.randn(4, 5, 6)
model = TimeMajor(mix_batch=False)

# {{snippet}}

assert model.training, "the check must restore training mode"
for index in range(len(inputs)):
    check_batch_independence(model, inputs, index)
try:
    check_batch_independence(TimeMajor(mix_batch=True), inputs)
except AssertionError as error:
    assert "mixes examples" in str(error), error
else:
    raise AssertionError("the check missed a batch-mixing view")

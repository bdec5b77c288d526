# nr-zero-input-baseline: with the flag on, the model can only learn the label statistics; the real model
# beats that baseline by far.
import math

import torch
import torch.nn.functional as F
from fixtures import MLP, blobs

# {{snippet}}

assert ZERO_INPUTS is False, "the default must train the real model"
train_inputs, train_targets = blobs(512, 3, seed=1).tensors
val_inputs, val_targets = blobs(256, 3, seed=2).tensors


def train(zero_inputs: bool) -> float:
    global ZERO_INPUTS
    ZERO_INPUTS = zero_inputs
    torch.manual_seed(0)
    model = MLP(num_classes=3)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(100):
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(model_inputs(train_inputs)), train_targets).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        return F.cross_entropy(model(model_inputs(val_inputs)), val_targets).item()


baseline, real = train(True), train(False)
assert baseline > 0.9 * math.log(3), f"the zero-input baseline learnt from its inputs: loss {baseline:.4f}"
assert real < 0.25 * baseline, f"the real model ({real:.4f}) does not beat the baseline ({baseline:.4f})"

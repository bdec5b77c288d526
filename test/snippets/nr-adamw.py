# nr-adamw: weights are decayed, biases and BatchNorm parameters are not, frozen parameters are left out;
# a step with zero gradients applies exactly the decoupled decay.
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))
embedding = nn.Embedding(10, 4)
embedding.weight.requires_grad_(False)
model.add_module("frozen", embedding)

# {{snippet}}

decay, no_decay = optimizer.param_groups
assert isinstance(optimizer, torch.optim.AdamW)
assert decay["weight_decay"] == 0.1 and no_decay["weight_decay"] == 0.0
assert decay["lr"] == no_decay["lr"] == 3e-4
assert [tuple(p.shape) for p in decay["params"]] == [(8, 4), (2, 8)], "decayed: the two Linear weights"
assert [tuple(p.shape) for p in no_decay["params"]] == [(8,), (8,), (8,), (2,)], "not decayed: biases and BN"

before = [p.detach().clone() for p in model.parameters()]
for p in model.parameters():
    p.grad = torch.zeros_like(p)
optimizer.step()
for p, old in zip(model.parameters(), before):
    if not p.requires_grad:
        assert torch.equal(p, old)
    elif p.ndim >= 2:
        assert torch.allclose(p, old * (1 - 3e-4 * 0.1)), "weights must shrink by lr * weight_decay"
    else:
        assert torch.equal(p, old), "biases and norm parameters must not decay"

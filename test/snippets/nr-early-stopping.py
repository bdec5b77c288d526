# nr-early-stopping: with a scripted validation curve (best at epoch 1, then a plateau) training stops
# `patience` epochs after the best one and the model ends up with the weights it had at its best epoch.
import torch
from fixtures import MLP, NUM_FEATURES

torch.manual_seed(0)
model = MLP(num_classes=3)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
train_loader = val_loader = None  # the scripted functions below do not read data
max_epochs = 100
val_curve = [1.0, 0.5] + [0.6] * max_epochs
snapshots: list[dict[str, torch.Tensor]] = []
batch = torch.randn(16, NUM_FEATURES)


def train_one_epoch(model, train_loader, optimizer) -> None:
    optimizer.zero_grad(set_to_none=True)
    model(batch).pow(2).mean().backward()
    optimizer.step()


def evaluate(model, val_loader) -> float:
    snapshots.append({name: value.clone() for name, value in model.state_dict().items()})
    return val_curve[len(snapshots) - 1]


# {{snippet}}

assert epoch == 1 + 10, f"stopped at epoch {epoch}, not patience (10) epochs after the best one"
assert early_stopping.best_loss == 0.5
restored = model.state_dict()
assert all(torch.equal(restored[name], value) for name, value in snapshots[1].items()), "best weights not restored"
assert not torch.equal(restored["classifier.weight"], snapshots[-1]["classifier.weight"])

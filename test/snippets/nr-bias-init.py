# nr-bias-init: on imbalanced data the bias becomes log(class frequency), the untrained model predicts
# roughly the base rates and its loss drops towards their entropy.
import torch
import torch.nn.functional as F
from fixtures import MLP, blobs

dataset = blobs(2000, 3, seed=1, class_weights=[0.7, 0.2, 0.1])
inputs, train_targets = dataset.tensors
num_classes = 3
torch.manual_seed(0)
model = MLP(num_classes=3)
with torch.no_grad():
    loss_before = F.cross_entropy(model(inputs), train_targets).item()

# {{snippet}}

freqs = torch.bincount(train_targets, minlength=3).float() / len(train_targets)
assert torch.allclose(model.classifier.bias, freqs.log()), model.classifier.bias
with torch.no_grad():
    probs = F.softmax(model(inputs), dim=1)
    loss_after = F.cross_entropy(model(inputs), train_targets).item()
assert torch.allclose(probs.mean(dim=0), freqs, atol=0.1), f"initial predictions {probs.mean(dim=0)} vs {freqs}"
assert loss_after < loss_before, f"loss at init {loss_after:.4f} did not improve on {loss_before:.4f}"

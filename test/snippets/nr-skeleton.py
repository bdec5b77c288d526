# nr-skeleton: the skeleton trains a tiny classifier on synthetic blobs and evaluates the whole validation set.
import math

import torch
from fixtures import MLP, blobs

train_dataset = blobs(2048, 3, seed=1)
val_dataset = blobs(300, 3, seed=2)  # not a multiple of the batch size: the last, short batch counts too
Model = MLP

# {{snippet}}

assert model.training, "evaluate() must put the model back in training mode"
final = evaluate(model, val_loader)
with torch.no_grad():
    inputs, targets = val_dataset.tensors
    model.eval()
    full_set = criterion(model(inputs), targets).item()
    model.train()
assert math.isclose(final, full_set, rel_tol=1e-5), f"evaluate() gave {final}, the whole set gives {full_set}"
assert final < 0.5 * math.log(3), f"the skeleton did not learn: validation loss {final:.4f}"

# nr-seed: two seeded runs load the same data in the same order, and DataLoader workers draw distinct
# NumPy/`random` noise, as an augmentation would.
import random

import numpy as np
import torch
from torch.utils.data import Dataset


class NoisyDataset(Dataset):
    """Index plus "augmentation" noise from NumPy and `random`, as a random crop or flip would draw."""

    def __len__(self) -> int:
        return 256

    def __getitem__(self, i: int) -> torch.Tensor:
        return torch.tensor([float(i), np.random.rand(), random.random()], dtype=torch.float64)


train_dataset = NoisyDataset()


def one_run() -> torch.Tensor:
    # {{snippet}}
    assert torch.are_deterministic_algorithms_enabled()
    assert torch.backends.cudnn.deterministic and not torch.backends.cudnn.benchmark
    assert train_loader.num_workers == 2
    return torch.cat(list(train_loader))


first, second = one_run(), one_run()
assert torch.equal(first, second), "two runs with the same seed loaded different data"
assert not torch.equal(first[:, 0], torch.arange(256, dtype=torch.float64)), "the loader did not shuffle"
for column, source in ((1, "NumPy"), (2, "random")):
    noise = first[:, column].tolist()
    assert len(set(noise)) == len(noise), f"DataLoader workers repeat each other's {source} noise"

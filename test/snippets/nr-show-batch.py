# nr-show-batch: an image batch is printed and saved as a picture grid, with the normalisation undone;
# any other batch is printed only.
import os

import torch
from matplotlib.image import imread

mean, std = torch.tensor([0.485, 0.456, 0.406]), torch.tensor([0.229, 0.224, 0.225])
pixels = torch.rand(6, 3, 8, 8)
inputs = (pixels - mean[:, None, None]) / std[:, None, None]  # what a Normalize transform produces
targets = torch.arange(6)

# {{snippet}}

picture = imread("batch.png")
assert picture.ndim == 3 and picture.shape[0] > 0 and picture.shape[1] > picture.shape[0], picture.shape
os.remove("batch.png")
show_batch(torch.randn(5, 8), torch.zeros(5))
assert not os.path.exists("batch.png"), "a non-image batch was drawn as images"

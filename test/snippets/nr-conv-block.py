# nr-conv-block: the conv has no bias, BatchNorm follows it, the spatial size is kept, and Dropout2d
# drops whole feature maps.
import torch
from torch import nn

# {{snippet}}

torch.manual_seed(0)
block = conv_block(3, 8)
conv, norm, activation, dropout = block
assert isinstance(conv, nn.Conv2d) and conv.bias is None, "the conv must have no bias: BatchNorm follows"
assert isinstance(norm, nn.BatchNorm2d) and isinstance(activation, nn.ReLU), block
assert isinstance(dropout, nn.Dropout2d), "spatial dropout (Dropout2d) for feature maps"
x = torch.randn(4, 3, 16, 16)
out = block(x)
assert out.shape == (4, 8, 16, 16), out.shape
out.sum().backward()
assert conv.weight.grad is not None

heavy = conv_block(3, 16, dropout=0.5)
maps = heavy(x).flatten(2)
dropped = (maps == 0).all(dim=2)
assert dropped.any(), "no feature map was dropped as a whole"
heavy.eval()
assert not (heavy(x).flatten(2) == 0).all(dim=2).any(), "eval mode must not drop feature maps"

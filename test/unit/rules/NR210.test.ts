import { ruleTester } from '../../support/rule-tester';

/** SiamFC's batched cross-correlation (review 95): `lead` is the first dimension the search images are reshaped to. */
const XCORR = (lead: string, reshape = 'torch.reshape'): string =>
  `import torch\nimport torch.nn.functional as F\n\n\ndef xcorr(z, x):\n    b, c, w, h = x.shape\n    x = torch.reshape(x, (${lead}, b * c, w, h))\n    out = F.conv2d(x, z, groups=b)\n    n, k, wo, ho = out.shape\n    return ${reshape}(out, (k, n, wo, ho))\n`;

ruleTester('NR210', {
  valid: [
    { name: "moving a dimension of size 1: the (1, B, H, W) output of SiamFC's grouped cross-correlation reshaped to (B, 1, H, W) (review 95)", code: XCORR('1') },
    { name: 'flattening keeps the batch dimension first', code: `def f(x):\n    return x.view(x.size(0), -1)\n` },
    { name: 'merging dimensions is not a pure reordering', code: `def f(x):\n    b, c, h, w = x.shape\n    return x.view(b, h * w, c)\n` },
    { name: 'the same order is a no-op, not a reordering', code: `def f(x):\n    b, c, h, w = x.size()\n    return x.reshape(b, c, h, w)\n` },
    { name: 'sizes of another tensor', code: `def f(x, y):\n    b, h, w = y.shape\n    return x.view(b, w, h)\n` },
    {
      name: 'the tensor was transposed after its shape was read',
      code: `def f(x):\n    b, h, w = x.shape\n    x = x.transpose(1, 2).contiguous()\n    return x.view(b, w, h)\n`,
    },
    { name: 'transposed in place after its shape was read', code: `def f(x):\n    b, h, w = x.shape\n    x.transpose_(1, 2)\n    return x.reshape(b, w, h)\n` },
    { name: 'part of the shape unpacked with a star', code: `def f(x):\n    b, *rest, w = x.shape\n    return x.view(b, w, rest[0])\n` },
    { name: 'a slice of the shape is not one dimension', code: `def f(x):\n    n = x.shape[1:]\n    m = x.shape[0]\n    return x.view(n, m)\n` },
    { name: 'an unknown view() of a library object', code: `import numpy as np\n\ndef f(a):\n    return np.view(a.size(1), a.size(0))\n` },
    { name: 'the permute it should be', code: `def f(x):\n    return x.permute(1, 0)\n` },
  ],
  invalid: [
    {
      name: 'hard negative: the same reshape when the first dimension is not known to be 1',
      code: XCORR('2'),
      errors: [{ line: 10, text: 'torch.reshape(out, (k, n, wo, ho))' }],
      output: XCORR('2', 'torch.permute').replace('(k, n, wo, ho))', '(1, 0, 2, 3))'),
    },
    {
      name: 'swapping two sizes read inline',
      code: `def f(x):\n    return x.view(x.size(1), x.size(0))\n`,
      errors: [{ line: 2, text: 'x.view(x.size(1), x.size(0))', message: 'x.permute(1, 0)' }],
      output: `def f(x):\n    return x.permute(1, 0)\n`,
    },
    {
      name: 'unpacked shape, last two swapped',
      code: `def f(x):\n    b, h, w = x.shape\n    return x.view(b, w, h)\n`,
      errors: [{ line: 3, message: 'reorders the dimensions of `x`' }],
      output: `def f(x):\n    b, h, w = x.shape\n    return x.permute(0, 2, 1)\n`,
    },
    {
      name: 'reshape with a tuple and shape subscripts',
      code: `def f(feats):\n    out = feats.reshape((feats.shape[2], feats.shape[0], feats.shape[1]))\n    return out\n`,
      errors: [{ line: 2 }],
      output: `def f(feats):\n    out = feats.permute(2, 0, 1)\n    return out\n`,
    },
    {
      name: 'channels-first to channels-last with view, sizes in separate assignments',
      code: `def forward(self, x):\n    n = x.size(0)\n    c = x.size(1)\n    h = x.size(2)\n    w = x.size(3)\n    return x.view(n, h, w, c)\n`,
      errors: [{ line: 6 }],
      output: `def forward(self, x):\n    n = x.size(0)\n    c = x.size(1)\n    h = x.size(2)\n    w = x.size(3)\n    return x.permute(0, 2, 3, 1)\n`,
    },
    {
      name: 'torch.reshape, negative index with a known rank',
      code: `import torch\n\ndef f(x):\n    b, t, d = x.shape\n    return torch.reshape(x, (b, x.size(-1), t))\n`,
      errors: [{ line: 5 }],
      output: `import torch\n\ndef f(x):\n    b, t, d = x.shape\n    return torch.permute(x, (0, 2, 1))\n`,
    },
  ],
});

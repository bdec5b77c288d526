import { Analyzer } from '../src/engine';
const cases = [
'import torch; import torch.nn as nn\n\ntorch.manual_seed(0)\nmodel = nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    opt.zero_grad()\n    loss = nn.functional.mse_loss(model(x), y)\n    loss.backward()\n    opt.step()\n',
'import torch\nimport torch.nn as nn\n\ntorch.manual_seed(0); model = nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    opt.zero_grad()\n    loss = nn.functional.mse_loss(model(x), y)\n    loss.backward()\n    opt.step()\n',
'import torch\nimport torch.nn as nn\n\ntorch.manual_seed(0)\nmodel = nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    loss = nn.functional.mse_loss(model(x), y); opt.zero_grad()\n    loss.backward()\n    opt.step()\n',
];
for (const t of cases) console.log(new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text: t, stage: 2 }).findings.map((f) => `${f.code}@${f.range.start.line}: ${f.message.slice(0, 80)}`));

import { ruleTester } from '../../support/rule-tester';

const head = `import torch\n\n`;
const step = (acc: string, extra = ''): string =>
  `${head}total = 0.0\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n${extra}    ${acc}\n`;

/** A per-batch total a repeat loop inside the data loop adds up (`header`: the repeat loop's), MelGAN's discriminator steps. */
const criticSteps = (header: string): string =>
  `${head}for x, y in loader:\n    d_sum = 0.0\n    ${header}\n        d_opt.zero_grad()\n        loss_d = critic(x, y)\n        loss_d.backward()\n        d_opt.step()\n        d_sum += loss_d\n    log(d_sum / 5)\n`;
/** A total reset each epoch around an inner loop (`inner`: its header and the lines that draw the batch; `data`: the model's input and target). */
const perEpoch = (inner: string, data: string, acc = 'total += loss'): string =>
  `${head}for epoch in range(10):\n    total = 0.0\n    ${inner}\n        optimizer.zero_grad()\n        loss = criterion(${data})\n        loss.backward()\n        optimizer.step()\n        ${acc}\n    print(total)\n`;

ruleTester('NR211', {
  valid: [
    {
      name: 'hard negative: the same item, rebound in each iteration before it adds the loss (a per-iteration value)',
      code: "import torch\nimport torch.nn as nn\n\nmodel = nn.Linear(10, 2)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ncriterion = nn.CrossEntropyLoss()\nldic = {}\nldic['teloss'] = [0., 0.]\nfor epoch in range(10):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        ldic['teloss'] = [0., 0.]\n        ldic['teloss'][0] += loss\n        ldic['teloss'][1] += 1\n        loss.backward()\n        optimizer.step()\n    avg = ldic['teloss'][0] / ldic['teloss'][1]\n    ldic['teloss'] = [0., 0.]\n",
    },
    { name: 'hard negative: a running mean of the loss as a number', code: step('total += (loss.item() - total) * (1 / n)') },
    { name: 'hard negative: the total on the left of the difference (not the loss tensor added)', code: step('total += (total - baseline) * 0.1') },
    { name: 'the value, with item()', code: step('total += loss.item()') },
    { name: 'a detached tensor', code: step('total += loss.detach()') },
    { name: 'a list of values', code: step('losses.append(loss.item())') },
    { name: 'the name rebound to a number first', code: step('total += loss', '    loss = loss.item()\n') },
    { name: 'accumulated with gradients off', code: step('with torch.no_grad():\n        total += loss') },
    {
      name: 'an evaluation total: no backward in the loop',
      code: `${head}val_loss = 0.0\nwith torch.no_grad():\n    for x, y in val_loader:\n        val_loss += criterion(model(x), y)\nprint(val_loss / len(val_loader))\n`,
    },
    {
      name: 'a sum built to call backward on once (the graph is wanted)',
      code: `${head}for batch in loader:\n    total = 0\n    for chunk in batch:\n        total = total + model(chunk).loss\n    total.backward()\n    optimizer.step()\n`,
    },
    {
      name: 'a total reset on every iteration',
      code: `${head}for x, y in loader:\n    batch_loss = 0.0\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n    batch_loss += loss\n`,
    },
    { name: 'the graph retained on purpose', code: step('total += loss').replace('loss.backward()', 'loss.backward(retain_graph=True)') },
    {
      name: 'a per-batch total: reset by the data loop around a loop that repeats the step on one batch (`for _ in range(k)`, MelGAN)',
      code: criticSteps('for _ in range(5):'),
    },
    {
      name: 'the same with a named repeat counter the body never reads',
      code: criticSteps('for k in range(n_critic):'),
    },
  ],
  invalid: [
    {
      name: "hard case: an epoch loop resets it around a `for _ in range(steps)` that fetches its own batches (`next(it)`)",
      code: perEpoch('for _ in range(steps_per_epoch):\n        x, y = next(it)', 'model(x), y'),
      errors: [{ line: 11, text: 'total += loss' }],
      output: perEpoch('for _ in range(steps_per_epoch):\n        x, y = next(it)', 'model(x), y', 'total += loss.item()'),
    },
    {
      name: "hard case: reset per epoch by a counting loop (`for epoch in range(10)`), not per batch",
      code: perEpoch('for _ in range(steps_per_epoch):', 'model(X), Y'),
      errors: [{ line: 10, text: 'total += loss' }],
      output: perEpoch('for _ in range(steps_per_epoch):', 'model(X), Y', 'total += loss.item()'),
    },
    {
      name: 'hard case: a total reset per epoch around a loop whose counter picks the batch (`X[i * bs:...]`)',
      code: perEpoch('for i in range(n_batches):\n        x, y = X[i * bs:(i + 1) * bs], Y[i * bs:(i + 1) * bs]', 'model(x), y'),
      errors: [{ line: 11, text: 'total += loss' }],
      output: perEpoch('for i in range(n_batches):\n        x, y = X[i * bs:(i + 1) * bs], Y[i * bs:(i + 1) * bs]', 'model(x), y', 'total += loss.item()'),
    },
    {
      name: "an item of a dict of lists adds up the loss tensor (`ldic['teloss'][0] += loss`, MBRNN), reset only per epoch",
      code: "import torch\nimport torch.nn as nn\n\nmodel = nn.Linear(10, 2)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ncriterion = nn.CrossEntropyLoss()\nldic = {}\nldic['teloss'] = [0., 0.]\nfor epoch in range(10):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        ldic['teloss'][0] += loss\n        ldic['teloss'][1] += 1\n        loss.backward()\n        optimizer.step()\n    avg = ldic['teloss'][0] / ldic['teloss'][1]\n    ldic['teloss'] = [0., 0.]\n",
      errors: [{ line: 13, text: "ldic['teloss'][0] += loss", message: "`ldic['teloss'][0]` adds up the tensor `loss` itself" }],
      output: "import torch\nimport torch.nn as nn\n\nmodel = nn.Linear(10, 2)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ncriterion = nn.CrossEntropyLoss()\nldic = {}\nldic['teloss'] = [0., 0.]\nfor epoch in range(10):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        ldic['teloss'][0] += loss.item()\n        ldic['teloss'][1] += 1\n        loss.backward()\n        optimizer.step()\n    avg = ldic['teloss'][0] / ldic['teloss'][1]\n    ldic['teloss'] = [0., 0.]\n",
    },
    {
      name: 'a running mean of the loss (`total += (loss - total) * (1 / n)`, RSNA 1st place)',
      code: step('total += (loss - total) * (1 / n)'),
      errors: [{ line: 9, message: '`total` adds up the tensor `loss` itself' }],
      output: step('total += (loss.item() - total) * (1 / n)'),
    },
    {
      name: 'the common case',
      code: step('total += loss'),
      errors: [{ line: 9, text: 'total += loss', message: 'Use `loss.item()`' }],
      output: step('total += loss.item()'),
    },
    {
      name: 'weighted by the batch size, as an assignment',
      code: step('total = total + loss * x.size(0)'),
      errors: [{ line: 9 }],
      output: step('total = total + loss.item() * x.size(0)'),
    },
    {
      name: "a total whose mean has a method called on it later (SpaceNet 8: `(total * 1.0 / len(loader)).item()`): detach, not item",
      code: step('total += loss') + 'mean = (total * 1.0 / len(loader)).item()\n',
      errors: [{ line: 9, message: 'Use `loss.detach()`' }],
      output: step('total += loss.detach()') + 'mean = (total * 1.0 / len(loader)).item()\n',
    },
    {
      name: 'a list of tensors stacked later: detach keeps it a tensor',
      code: `${head}losses = []\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n    losses.append(loss)\nprint(torch.stack(losses).mean())\n`,
      errors: [{ line: 9, message: 'The list `losses` collects' }],
      output: `${head}losses = []\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n    losses.append(loss.detach())\nprint(torch.stack(losses).mean())\n`,
    },
    {
      name: 'AMP in a train function whose total is returned',
      code: `${head}def train_epoch(model, loader, optimizer, scaler):\n    running = 0.0\n    for x, y in loader:\n        optimizer.zero_grad()\n        with torch.autocast('cuda'):\n            loss = model(x, y)\n        scaler.scale(loss).backward()\n        scaler.step(optimizer)\n        scaler.update()\n        running += loss\n    return running / len(loader)\n`,
      errors: [{ line: 12, message: 'Use `loss.detach()`' }],
      output: `${head}def train_epoch(model, loader, optimizer, scaler):\n    running = 0.0\n    for x, y in loader:\n        optimizer.zero_grad()\n        with torch.autocast('cuda'):\n            loss = model(x, y)\n        scaler.scale(loss).backward()\n        scaler.step(optimizer)\n        scaler.update()\n        running += loss.detach()\n    return running / len(loader)\n`,
    },
    {
      name: 'accelerate',
      code: `from accelerate import Accelerator\n\naccelerator = Accelerator()\ntr_loss = 0\nfor step, batch in enumerate(dataloader):\n    outputs = model(**batch)\n    loss = outputs.loss\n    tr_loss += loss\n    accelerator.backward(loss)\n    optimizer.step()\n    optimizer.zero_grad()\n`,
      errors: [{ line: 8 }],
      output: `from accelerate import Accelerator\n\naccelerator = Accelerator()\ntr_loss = 0\nfor step, batch in enumerate(dataloader):\n    outputs = model(**batch)\n    loss = outputs.loss\n    tr_loss += loss.item()\n    accelerator.backward(loss)\n    optimizer.step()\n    optimizer.zero_grad()\n`,
    },
  ],
});

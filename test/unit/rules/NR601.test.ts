import { ruleTester } from '../../support/rule-tester';

const BAD = `from lightning.pytorch import Trainer\nfrom lightning.pytorch.callbacks import EarlyStopping\n\ntrainer = Trainer(max_epochs=200, callbacks=[EarlyStopping(monitor="val_loss", patience=2)])\ntrainer.fit(model, datamodule=data)\n`;

/** A model whose backbone a project helper downloads from a model zoo (large-scale-pest-recognition), or builds afresh. */
const HELPER_NET = (zoo: boolean): string =>
  `import lightning as L\nfrom torch import nn\nfrom torch.hub import load_state_dict_from_url\n\n\ndef mobilenet(pretrained=False):\n    net = nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU())\n${zoo ? '    if pretrained:\n        net.load_state_dict(load_state_dict_from_url("https://example.org/mobilenet.pth"))\n' : ''}    return net\n\n\nclass PestNet(L.LightningModule):\n    def __init__(self):\n        super().__init__()\n        self.backbone = mobilenet(pretrained=${zoo ? 'True' : 'False'})\n        self.head = nn.Linear(32, 102)\n`;

ruleTester('NR601', {
  valid: [
    { name: 'a patient early stopping', code: BAD.replace('patience=2', 'patience=20'), stage: 6 },
    { name: 'Lightning default patience (3)', code: BAD.replace(', patience=2', ''), stage: 6 },
    { name: 'patience from a config', code: BAD.replace('patience=2', 'patience=cfg.patience'), stage: 6 },
    { name: 'a learning-rate scheduler patience is not early stopping', code: `import torch\n\nsched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1)\n`, stage: 6 },
    {
      name: 'a long epoch budget',
      code: `for epoch in range(300):\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n`,
      stage: 6,
    },
    {
      name: 'fine-tuning a pretrained GPT-2 for 3 epochs, by hand and with Lightning (a few epochs suit fine-tuning)',
      code: `import lightning as L\nfrom transformers import GPT2LMHeadModel\n\nmodel = GPT2LMHeadModel.from_pretrained("gpt2")\nfor epoch in range(3):\n    for batch in loader:\n        optimizer.zero_grad()\n        model(**batch).loss.backward()\n        optimizer.step()\ntrainer = L.Trainer(max_epochs=3)\n`,
      stage: 6,
    },
    {
      name: 'a backbone of a model zoo loaded by a project module the script takes its model from (review 123)',
      code: `import lightning as L\nfrom models.net import PestNet\n\nmodel = PestNet()\ntrainer = L.Trainer(max_epochs=3)\ntrainer.fit(model)\n`,
      files: { 'models/net.py': HELPER_NET(true), 'models/__init__.py': '' },
      stage: 6,
    },
    { name: 'max_epochs with a step budget', code: `import lightning as L\n\ntrainer = L.Trainer(max_epochs=1, max_steps=500000)\ntrainer.fit(model)\n`, stage: 6 },
    { name: 'stage 4: a short patience is a regularization choice', code: BAD, stage: 4 },
    { name: 'stage 5', code: BAD, stage: 5 },
    { name: 'stage unknown', code: BAD },
  ],
  invalid: [
    {
      name: 'hard negative: a GPT-2 built from its config (no pretrained weights) for 3 epochs, with a patience of 2',
      code: `import lightning as L\nfrom lightning.pytorch.callbacks import EarlyStopping\nfrom transformers import GPT2Config, GPT2LMHeadModel\n\nmodel = GPT2LMHeadModel(GPT2Config())\ntrainer = L.Trainer(max_epochs=3, callbacks=[EarlyStopping(monitor="val_loss", patience=2)])\n`,
      stage: 6,
      errors: [{ line: 6, text: 'max_epochs=3' }, { line: 6, text: 'patience=2' }],
    },
    {
      name: 'fine-tuning a pretrained GPT-2: its 3 epochs are left alone, its patience of 2 is not',
      code: `import lightning as L\nfrom lightning.pytorch.callbacks import EarlyStopping\nfrom transformers import GPT2LMHeadModel\n\nmodel = GPT2LMHeadModel.from_pretrained("gpt2")\ntrainer = L.Trainer(max_epochs=3, callbacks=[EarlyStopping(monitor="val_loss", patience=2)])\n`,
      stage: 6,
      errors: [{ line: 6, text: 'patience=2' }],
    },
    { name: 'Lightning EarlyStopping with patience 2, stage 6', code: BAD, stage: 6, errors: [{ line: 4, text: 'patience=2', message: 'In stage 6 (squeeze), be patient: stopping after 2 epochs' }] },
    {
      name: 'Keras and Hugging Face callbacks',
      code: `from tensorflow import keras\nfrom transformers import EarlyStoppingCallback\n\nstop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1)\nhf = EarlyStoppingCallback(early_stopping_patience=2)\n`,
      stage: 6,
      errors: [{ text: 'patience=1', message: 'after 1 epoch without' }, { text: 'early_stopping_patience=2' }],
    },
    {
      name: "the project's own class, with an impatient default",
      code: `class EarlyStopping:\n    def __init__(self, patience=1):\n        self.patience = patience\n\n\nstopper = EarlyStopping()\n`,
      stage: 6,
      errors: [{ text: 'EarlyStopping()' }],
    },
    {
      name: 'hard negative: the same project model built without pretrained weights',
      code: `import lightning as L\nfrom models.net import PestNet\n\nmodel = PestNet()\ntrainer = L.Trainer(max_epochs=3)\ntrainer.fit(model)\n`,
      files: { 'models/net.py': HELPER_NET(false), 'models/__init__.py': '' },
      stage: 6,
      errors: [{ text: 'max_epochs=3', message: 'leave it training' }],
    },
    { name: 'a small Lightning epoch budget', code: `import lightning as L\n\ntrainer = L.Trainer(max_epochs=3)\ntrainer.fit(model)\n`, stage: 6, errors: [{ text: 'max_epochs=3', message: 'leave it training' }] },
    {
      name: 'a two-epoch training loop',
      code: `for epoch in range(2):\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n`,
      stage: 6,
      errors: [{ line: 1, message: '2 epochs is a small budget' }],
    },
  ],
});

import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Analyzer, type ProjectFile } from '../../../src/engine';
import { loadProjectFile } from '../../../src/engine/project-file';
import { Assessment, type SourceFile, type StageReport, assessProject, fileEvidence, withoutUncalled } from '../../../src/engine/stages';
import { generateProject } from '../../../scripts/lib/corpus';

const FIXTURES = join(__dirname, '../../fixtures/stages');

function fixture(name: string): SourceFile[] {
  const dir = join(FIXTURES, name);
  return readdirSync(dir)
    .sort()
    .map((f) => ({ path: `/project/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

function pf(yaml: string): ProjectFile {
  const p = loadProjectFile(yaml);
  assert.deepEqual(p.problems, []);
  return p;
}

const tip = (r: StageReport, id: string) => {
  const t = r.stages.flatMap((s) => s.tips).find((x) => x.id === id);
  assert.ok(t, id);
  return t;
};

describe('stages: inference on fixture projects', () => {
  const expected: [string, number][] = [
    ['stage1-data', 1],
    ['stage2-skeleton', 2],
    ['stage3-overfit', 3],
    ['stage4-regularize', 4],
    ['stage5-tune', 5],
    ['stage6-squeeze', 6],
  ];
  for (const [name, stage] of expected) {
    it(`${name} is in stage ${stage}`, () => {
      const r = assessProject(fixture(name));
      assert.equal(r.inferred, stage, r.reason);
      assert.equal(r.stage, stage);
      assert.equal(r.pinned, undefined);
      assert.equal(r.stages.find((s) => s.state === 'current')?.id, stage);
      assert.ok(r.stages.filter((s) => s.id > stage).every((s) => s.state === 'upcoming'));
    });
  }

  it('stage 1: data exploration and no training code', () => {
    const r = assessProject(fixture('stage1-data'));
    assert.deepEqual(r.trainingFiles, []);
    assert.match(r.reason, /explores the data/);
    assert.equal(tip(r, '1.1').state, 'done');
    assert.deepEqual(tip(r, '1.3').evidence.map((e) => [e.path, e.range.start.line + 1]), [['/project/explore.py', 11]]);
    assert.deepEqual(r.gaps, []);
  });

  it("a pretrained network in a project with no training code is used, not fine-tuned: no stage 4 (PaDiM's features; review 111)", () => {
    const extractor = `import torch\nfrom torchvision.models import wide_resnet50_2\n\nmodel = wide_resnet50_2(pretrained=True).eval()\nwith torch.no_grad():\n    feats = [model(x) for x, _ in train_dataloader]\n`;
    const r = assessProject([{ path: '/p/main.py', text: extractor }]);
    assert.deepEqual(r.trainingFiles, []);
    assert.equal(r.inferred, 1, r.reason);
    // hard negative: the same network fine-tuned is stage 4
    const tuned = `${extractor}opt = torch.optim.AdamW(model.parameters(), lr=1e-4)\nfor x, y in train_dataloader:\n    opt.zero_grad()\n    torch.nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n`;
    assert.equal(assessProject([{ path: '/p/main.py', text: tuned }]).inferred, 4);
  });

  it("evidence in a helper nothing calls holds only when another file of the project names it (pytorch-ewc's save_checkpoint; review 143)", () => {
    const utils = 'import shutil\nimport torch\n\n\ndef save_checkpoint(model, path, best=True):\n    torch.save(model.state_dict(), path)\n    if best:\n        shutil.copy(path, path + "-best")\n';
    const train = (tail: string): string =>
      `import torch\nfrom torch import nn\nimport utils\n\ntorch.manual_seed(0)\nmodel = nn.Linear(10, 2)\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(20):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n${tail}`;
    const files = (tail: string): SourceFile[] => [
      { path: '/p/utils.py', text: utils },
      { path: '/p/train.py', text: train(tail) },
    ];
    const alone = assessProject(files(''));
    assert.equal(tip(alone, '4.11').state, 'open');
    assert.ok(alone.inferred < 4, alone.reason);
    // and the same evidence through the CLI's path, the evidence of each file filtered for the project
    const an = new Analyzer();
    const each = files('').map((f) => fileEvidence(f, an));
    const refs = new Set(each.flatMap((f) => f.references ?? []));
    assert.deepEqual(withoutUncalled(each.flatMap((f) => f.evidence), refs).filter((e) => e.kind === 'early-stopping'), []);
    // hard negatives: no Python file imports the module (a notebook, which is not read, may call it); called by the
    // training script (as an attribute of the module, or imported by name), or in its own file
    for (const called of [
      [{ path: '/p/utils.py', text: utils }, { path: '/p/train.py', text: train('').replace('import utils\n', '') }],
      files('    utils.save_checkpoint(model, "model.pt", best=True)\n'),
      [{ path: '/p/utils.py', text: utils }, { path: '/p/train.py', text: train('    save_checkpoint(model, "model.pt")\n').replace('import utils', 'from utils import save_checkpoint') }],
      [{ path: '/p/utils.py', text: `${utils}\n\nsave_checkpoint(model, "m.pt")\n` }, { path: '/p/train.py', text: train('') }],
    ]) {
      const r = assessProject(called);
      assert.equal(tip(r, '4.11').state, 'done', r.reason);
      assert.ok(tip(r, '4.11').evidence.every((e) => !('needsCaller' in e)), 'no needsCaller in a report');
    }
  });

  it("evidence in a helper named only by another helper nothing calls holds only when another file names one of them (PaDiM's default_transforms; review 111)", () => {
    const utils = "from torchvision import transforms\nfrom PIL import Image\n\n\ndef process_image(path, tf=None):\n    if tf is None:\n        tf = default_transforms()\n    return tf(Image.open(path))\n\n\ndef default_transforms(size=(128, 128)):\n    return transforms.Compose([\n        transforms.ToTensor(),\n        transforms.Resize(size),\n        transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),\n    ])\n";
    const main = (use: string): SourceFile => ({ path: '/p/main.py', text: `import torch\nfrom torchvision import models\nimport imutils\n\nbackbone = models.resnet18(pretrained=True)\nbackbone.eval()\n${use}` });
    const files = (use: string): SourceFile[] => [{ path: '/p/imutils.py', text: utils }, main(use)];
    assert.deepEqual(tip(assessProject(files('')), '1.4').evidence, []);
    // hard negatives: another file names the helper, or the function that names it
    for (const use of ['x = imutils.process_image("a.png")\n', 'tf = imutils.default_transforms()\n']) {
      assert.deepEqual(tip(assessProject(files(use)), '1.4').evidence.map((e) => e.path), ['/p/imutils.py'], use);
    }
  });

  it("a pretrained branch switched off by a constant of the project's config module is no pretraining (OpenAI-CLIP's `CFG.pretrained`; review 142)", () => {
    const modules = 'from torch import nn\nfrom transformers import DistilBertConfig, DistilBertModel\nimport config as CFG\n\n\nclass TextEncoder(nn.Module):\n    def __init__(self, pretrained=CFG.pretrained):\n        super().__init__()\n        if pretrained:\n            self.model = DistilBertModel.from_pretrained("distilbert-base-uncased")\n        else:\n            self.model = DistilBertModel(config=DistilBertConfig())\n';
    const train = 'import torch\nfrom torch import nn\nimport config as CFG\nfrom modules import TextEncoder\n\ntorch.manual_seed(0)\nmodel = TextEncoder()\noptimizer = torch.optim.AdamW(model.parameters(), lr=CFG.lr)\nfor epoch in range(CFG.epochs):\n    for batch in loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(model(batch["x"]), batch["y"]).backward()\n        optimizer.step()\n';
    const project = (flag: string): SourceFile[] => [
      { path: '/p/config.py', text: `pretrained = ${flag}\nlr = 3e-4\nepochs = 10\n` },
      { path: '/p/modules.py', text: modules },
      { path: '/p/train.py', text: train },
    ];
    assert.equal(tip(assessProject(project('False')), '4.4').state, 'open');
    assert.equal(tip(assessProject(project('None')), '4.4').state, 'open');
    // hard negatives: switched on, or a config the code changes
    assert.equal(tip(assessProject(project('True')), '4.4').state, 'done');
    const changed = project('False');
    changed[1] = { ...changed[1], text: changed[1].text.replace('import config as CFG\n', 'import config as CFG\n\nCFG.pretrained = True\n') };
    assert.equal(tip(assessProject(changed), '4.4').state, 'done');
  });

  describe('evidence under a switch that is a parameter off by default, of a method other files call (review 141)', () => {
    const model = 'class Model:\n    def __init__(self, net, optimizer, criterion):\n        self.net, self.optimizer, self.criterion = net, optimizer, criterion\n\n    def train(self, train_loader, epochs, val_loader=None, early_stopping=None):\n        for epoch in range(epochs):\n            self.net.train()\n            for x, y in train_loader:\n                self.optimizer.zero_grad()\n                self.criterion(self.net(x), y).backward()\n                self.optimizer.step()\n            if val_loader:\n                val_loss = self.test(val_loader)\n                if early_stopping is not None:\n                    if early_stopping(val_loss):\n                        break\n\n    def test(self, loader):\n        return sum(self.criterion(self.net(x), y).item() for x, y in loader)\n';
    const project = (call: string): SourceFile[] => [
      { path: '/r/model.py', text: model },
      { path: '/r/main.py', text: `import torch\nfrom model import Model\nfrom stopping import EarlyStopping\n\ntorch.manual_seed(0)\nmodel = Model(net, optimizer, criterion)\n${call}\n` },
    ];
    const stops = (r: StageReport): string[] => tip(r, '4.11').evidence.map((e) => `${e.path.slice(3)}:${e.range.start.line + 1}`);
    it('no caller passes it: no early stopping', () => {
      assert.deepEqual(stops(assessProject(project('model.train(train_loader, epochs=10)'))), []);
      // (nor when the call passes the other switch only)
      assert.deepEqual(stops(assessProject(project('model.train(train_loader, 10, val_loader)'))), []);
    });
    it('hard negative: no Python file calls the method (a notebook may): kept', () => {
      assert.ok(stops(assessProject(project('print(model)'))).includes('model.py:15'));
    });
    it('hard negatives: passed by keyword, by position, or through **kwargs', () => {
      for (const call of ['model.train(train_loader, epochs=10, val_loader=val_loader, early_stopping=EarlyStopping(5))', 'model.train(train_loader, 10, val_loader, EarlyStopping(5))', 'model.train(train_loader, **train_args)'])
        assert.ok(stops(assessProject(project(call))).includes('model.py:15'), call);
    });
  });

  it("ImageNet's statistics in a file of transforms, where another file builds the pretrained network (captioning, VQA; review 142)", () => {
    const models = (flag: string): SourceFile => ({ path: '/q/models.py', text: `import torchvision\nfrom torch import nn\n\n\nclass Encoder(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.cnn = torchvision.models.vgg19(${flag})\n` });
    const data: SourceFile = { path: '/q/data_loader.py', text: 'from torchvision import transforms\n\ntransform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])\n' };
    const r = assessProject([models('pretrained=True'), data]);
    assert.deepEqual(tip(r, '1.4').evidence.map((e) => [e.path, e.message.slice(0, 40)]), [['/q/data_loader.py', 'preprocessing of a pretrained network: t']]);
    // hard negative: no pretrained network anywhere
    assert.equal(tip(assessProject([models('weights=None'), data]), '1.4').state, 'open');
  });

  it("a dropout layer of a model definition in a project with no training code is no regularising: no stage 4 (3d_pose_baseline; review 147)", () => {
    const model = { path: '/d/model.py', text: 'import torch.nn as nn\n\n\nclass LinearModel(nn.Module):\n    def __init__(self, p_dropout=0.5):\n        super().__init__()\n        self.w1 = nn.Linear(32, 1024)\n        self.dropout = nn.Dropout(p_dropout)\n\n    def forward(self, x):\n        return self.dropout(self.w1(x))\n' };
    const r = assessProject([model]);
    assert.deepEqual(r.trainingFiles, []);
    assert.equal(r.inferred, 1, r.reason);
    assert.equal(tip(r, '4.9').state, 'done');
    // hard negative: the same model trained
    const train = { path: '/d/train.py', text: 'import torch\nfrom model import LinearModel\n\nmodel = LinearModel()\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3)\nfor x, y in loader:\n    opt.zero_grad()\n    (model(x) - y).pow(2).mean().backward()\n    opt.step()\n' };
    assert.equal(assessProject([model, train]).inferred, 4);
  });

  it("a decay read from options another file parses, 0 by default there, is no weight decay (brevitas's Trainer(args); review 146)", () => {
    const trainer = { path: '/b/trainer.py', text: 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\nclass Trainer(object):\n\n    def __init__(self, args):\n        torch.manual_seed(0)\n        self.train_loader = DataLoader(TensorDataset(torch.randn(256, 10), torch.randint(0, 2, (256,))), batch_size=32, shuffle=True)\n        self.val_loader = DataLoader(TensorDataset(torch.randn(64, 10), torch.randint(0, 2, (64,))), batch_size=32)\n        self.model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))\n        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=args.lr, momentum=0.9, weight_decay=args.weight_decay)\n\n    def train_model(self):\n        for epoch in range(10):\n            self.model.train()\n            for x, y in self.train_loader:\n                self.optimizer.zero_grad()\n                F.cross_entropy(self.model(x), y).backward()\n                self.optimizer.step()\n            self.model.eval()\n            with torch.no_grad():\n                val_loss = sum(F.cross_entropy(self.model(x), y).item() for x, y in self.val_loader)\n            print(epoch, val_loss)\n' };
    const main = (dflt: string): SourceFile => ({ path: '/b/main.py', text: 'import argparse\nimport sys\n\nfrom trainer import Trainer\n\n\ndef parse_args(argv):\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", default=0.01, type=float)\n    parser.add_argument("--weight_decay", default=0, type=float, help="Weight decay")\n    return parser.parse_args(argv)\n\n\ndef main():\n    args = parse_args(sys.argv[1:])\n    trainer = Trainer(args)\n    trainer.train_model()\n\n\nif __name__ == "__main__":\n    main()\n'.replace('"--weight_decay", default=0,', `"--weight_decay", default=${dflt},`) });
    assert.equal(tip(assessProject([trainer, main('0')]), '4.10').state, 'open');
    // (also kept in the object first, `self.args = args` then `self.args.weight_decay`)
    const kept = { ...trainer, text: trainer.text.replace('def __init__(self, args):\n', 'def __init__(self, args):\n        self.args = args\n').replace('weight_decay=args.weight_decay', 'weight_decay=self.args.weight_decay') };
    assert.notEqual(kept.text, trainer.text);
    assert.equal(tip(assessProject([kept, main('0')]), '4.10').state, 'open');
    assert.equal(tip(assessProject([kept, main('5e-4')]), '4.10').state, 'done');
    assert.equal(tip(assessProject([trainer, main('None')]), '4.10').state, 'open');
    // hard negatives: a decay by default, or no parser of the option in the project (a launcher passes it)
    assert.equal(tip(assessProject([trainer, main('5e-4')]), '4.10').state, 'done');
    assert.equal(tip(assessProject([trainer]), '4.10').state, 'done');
  });

  it("a decay parameter another file passes an option for, 0 by default there, is no weight decay (pytorch-ewc's train(…, weight_decay=args.weight_decay); review 143)", () => {
    const train = { path: '/e/train.py', text: 'import torch\nfrom torch import optim\n\n\ndef train(model, loader, val_loader, epochs=10, lr=1e-3, weight_decay=1e-5):\n    optimizer = optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)\n    for epoch in range(epochs):\n        model.train()\n        for x, y in loader:\n            optimizer.zero_grad()\n            torch.nn.functional.cross_entropy(model(x), y).backward()\n            optimizer.step()\n        model.eval()\n        with torch.no_grad():\n            print(sum((model(x).argmax(1) == y).sum().item() for x, y in val_loader))\n' };
    const main = (dflt: string): SourceFile => ({ path: '/e/main.py', text: 'from argparse import ArgumentParser\nimport torch\nfrom torch.utils.data import DataLoader\nfrom train import train\n\nparser = ArgumentParser()\nparser.add_argument(\'--lr\', type=float, default=3e-4)\nparser.add_argument(\'--weight-decay\', type=float, default=0)\n\nif __name__ == \'__main__\':\n    args = parser.parse_args()\n    torch.manual_seed(0)\n    model = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))\n    loader = DataLoader(train_set, batch_size=32, shuffle=True)\n    val_loader = DataLoader(val_set, batch_size=32)\n    train(model, loader, val_loader, lr=args.lr, weight_decay=args.weight_decay)\n'.replace("'--weight-decay', type=float, default=0)", `'--weight-decay', type=float, default=${dflt})`) });
    assert.notEqual(main('1').text, main('0').text);
    assert.equal(tip(assessProject([train, main('0')]), '4.10').state, 'open');
    // hard negatives: a decay by default; the parameter's own default when no file calls the function
    assert.equal(tip(assessProject([train, main('5e-4')]), '4.10').state, 'done');
    assert.equal(tip(assessProject([train]), '4.10').state, 'done');
  });

  it("a decay read from a configuration whose defaults set it to 0 key by key is no weight decay (yacs's `_C.TRAIN.WD = 0.0`, ml_collections; review 147)", () => {
    const defaults = (wd: string): SourceFile => ({ path: '/y/defaults.py', text: 'from yacs.config import CfgNode as CN\n\n_C = CN()\n_C.TRAIN = CN()\n_C.TRAIN.LR = 0.1\n_C.TRAIN.WD = 0.0\n_C.TRAIN.EPOCHS = 90\n\n\ndef get_cfg_defaults():\n    return _C.clone()\n'.replace('_C.TRAIN.WD = 0.0', `_C.TRAIN.WD = ${wd}`) });
    const train = { path: '/y/train.py', text: 'import torch\nimport torch.nn as nn\nfrom torch.utils.data import DataLoader\nfrom defaults import get_cfg_defaults\n\n\ndef main():\n    cfg = get_cfg_defaults()\n    cfg.merge_from_file(\'configs/r50.yaml\')\n    torch.manual_seed(0)\n    model = nn.Sequential(nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 2))\n    opt = torch.optim.SGD(model.parameters(), lr=cfg.TRAIN.LR, momentum=0.9, weight_decay=cfg.TRAIN.WD)\n    loader = DataLoader(train_set, batch_size=2, shuffle=True)\n    crit = nn.CrossEntropyLoss()\n    for epoch in range(cfg.TRAIN.EPOCHS):\n        model.train()\n        for x, y in loader:\n            opt.zero_grad()\n            crit(model(x), y).backward()\n            opt.step()\n\n\nif __name__ == \'__main__\':\n    main()\n' };
    assert.notEqual(defaults('5e-4').text, defaults('0.0').text);
    assert.equal(tip(assessProject([train, defaults('0.0')]), '4.10').state, 'open');
    assert.equal(tip(assessProject([train, defaults('None')]), '4.10').state, 'open');
    // (ml_collections's ConfigDict, read through the object's own `self.config`)
    const mlc = (wd: string): SourceFile => ({ path: '/y/configs/default.py', text: 'import ml_collections\n\n\ndef get_config():\n    config = ml_collections.ConfigDict()\n    config.learning_rate = 0.1\n    config.weight_decay = 0.\n    return config\n'.replace('config.weight_decay = 0.', `config.weight_decay = ${wd}`) });
    const mltrain = { path: '/y/trainer.py', text: 'import torch\nimport torch.nn as nn\nfrom configs.default import get_config\n\n\nclass Trainer:\n    def __init__(self, config):\n        self.config = config\n        self.model = nn.Linear(10, 2)\n        self.opt = torch.optim.SGD(self.model.parameters(), lr=self.config.learning_rate, weight_decay=self.config.weight_decay)\n\n    def fit(self, loader):\n        for x, y in loader:\n            self.opt.zero_grad()\n            nn.functional.cross_entropy(self.model(x), y).backward()\n            self.opt.step()\n' };
    assert.equal(tip(assessProject([mltrain, mlc('0.')]), '4.10').state, 'open');
    // hard negatives: a decay by default; a config file of the project that sets one; the key set to 0 only under a
    // test (a variant), or on an object that is no configuration; no defaults in the project at all
    assert.equal(tip(assessProject([train, defaults('5e-4')]), '4.10').state, 'done');
    assert.equal(tip(assessProject([mltrain, mlc('1e-4')]), '4.10').state, 'done');
    const yaml = { path: '/y/configs/r50.yaml', text: 'TRAIN:\n  LR: 0.1\n  WD: 0.0005\n' };
    const report = assessProject([train, defaults('0.0'), yaml]);
    assert.equal(tip(report, '4.10').state, 'done');
    assert.deepEqual(tip(report, '4.10').evidence.map((e) => e.path), ['/y/configs/r50.yaml']);
    const variant = { ...defaults('5e-4'), text: defaults('5e-4').text.replace('_C.TRAIN.EPOCHS = 90\n', '_C.TRAIN.EPOCHS = 90\nif _C.TRAIN.LR < 0.05:\n    _C.TRAIN.WD = 0.0\n') };
    assert.notEqual(variant.text, defaults('5e-4').text);
    assert.equal(tip(assessProject([train, variant]), '4.10').state, 'done');
    const plain = { ...defaults('0.0'), text: defaults('0.0').text.replace('_C = CN()', '_C = Settings()') };
    assert.equal(tip(assessProject([train, plain]), '4.10').state, 'done');
    assert.equal(tip(assessProject([train]), '4.10').state, 'done');
  });

  it("a best checkpoint and a patience stop on a score computed on the training loader are no early stopping (kefth's fashion-mnist; review 153)", () => {
    const file = (loader: string): SourceFile => ({ path: '/k/train.py', text: "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\ntrain_set = torch.utils.data.TensorDataset(torch.randn(800, 8), torch.randint(0, 2, (800,)))\nval_set = torch.utils.data.TensorDataset(torch.randn(200, 8), torch.randint(0, 2, (200,)))\ntrain_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)\nval_loader = torch.utils.data.DataLoader(val_set, batch_size=64)\n\nmodel = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 2))\ncriterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)\n\n\ndef run_epoch(loader, train=True):\n    model.train() if train else model.eval()\n    total = 0.0\n    for x, y in loader:\n        optimizer.zero_grad()\n        with torch.set_grad_enabled(train):\n            loss = criterion(model(x), y)\n        if train:\n            loss.backward()\n            optimizer.step()\n        total += loss.item()\n    return total / len(loader)\n\n\nbest_loss, patience = 1e4, 5\nfor epoch in range(200):\n    train_loss = run_epoch(train_loader)\n    val_loss = run_epoch(train_loader, False)   # scores the TRAINING split\n    if val_loss < best_loss:\n        best_loss, patience = val_loss, 5\n        torch.save(model.state_dict(), \"best.pt\")\n    else:\n        patience -= 1\n        if patience == 0:\n            break\n".replace('val_loss = run_epoch(train_loader, False)', `val_loss = run_epoch(${loader}, False)`) });
    assert.notEqual(file('val_loader').text, file('train_loader').text);
    // (no evidence of early stopping; NR405 says what is wrong with the stop instead)
    const report = assessProject([file('train_loader')]);
    assert.equal(tip(report, '4.11').state, 'violated');
    assert.deepEqual(tip(report, '4.11').evidence, []);
    assert.equal(tip(assessProject([file('val_loader')]), '4.11').state, 'done');
  });

  it("a trainer's stop under a `monitor` setting that is off unless a config sets it is early stopping only where one does (pytorch-template's BaseTrainer; review 151)", () => {
    const trainer: SourceFile = { path: '/h/trainer/base_trainer.py', text: `import torch\nfrom numpy import inf\n\n\nclass BaseTrainer:\n    def __init__(self, model, optimizer, config):\n        self.model = model\n        self.optimizer = optimizer\n        cfg_trainer = config["trainer"]\n        self.epochs = cfg_trainer["epochs"]\n        self.monitor = cfg_trainer.get("monitor", "off")\n        if self.monitor == "off":\n            self.mnt_mode = "off"\n            self.mnt_best = 0\n        else:\n            self.mnt_mode, self.mnt_metric = self.monitor.split()\n            self.mnt_best = inf if self.mnt_mode == "min" else -inf\n            self.early_stop = cfg_trainer.get("early_stop", inf)\n\n    def train(self):\n        not_improved_count = 0\n        for epoch in range(1, self.epochs + 1):\n            log = self._train_epoch(epoch)\n            best = False\n            if self.mnt_mode != "off":\n                improved = log[self.mnt_metric] <= self.mnt_best\n                if improved:\n                    self.mnt_best = log[self.mnt_metric]\n                    not_improved_count = 0\n                    best = True\n                else:\n                    not_improved_count += 1\n                if not_improved_count > self.early_stop:\n                    break\n            if best:\n                torch.save(self.model.state_dict(), "model_best.pth")\n` };
    const config = (trainerKeys: string): SourceFile => ({ path: '/h/configs/train.json', text: `{\n  "optimizer": {"type": "AdamW", "args": {"lr": 2e-4}},\n  "trainer": {\n    "epochs": 100${trainerKeys}\n  }\n}\n` });
    for (const files of [[trainer], [trainer, config('')], [trainer, config(',\n    "monitor": "off"')]]) {
      const t = tip(assessProject(files), '4.11');
      assert.notEqual(t.state, 'done', files.map((f) => f.text).join('\n'));
      assert.deepEqual(t.evidence.map((e) => e.message), []);
    }
    // hard negative: a config that turns it on
    assert.equal(tip(assessProject([trainer, config(',\n    "monitor": "min val_loss",\n    "early_stop": 10')]), '4.11').state, 'done');
    // hard negative: the same stop with no switch read from a config is early stopping
    const unswitched = { ...trainer, text: trainer.text.replace('cfg_trainer.get("monitor", "off")', 'cfg_trainer["monitor"]') };
    assert.notEqual(unswitched.text, trainer.text);
    assert.equal(tip(assessProject([unswitched]), '4.11').state, 'done');
  });

  it("a pretrained network in a loss's class of another file that no optimizer trains is no pretraining, frozen or not (pconv inpainting's VGG16FeatureExtractor, the SR tutorial's TruncatedVGG19; review 152)", () => {
    const net = { path: '/i/net.py', text: "import torch\nfrom torch import nn\nfrom torchvision import models\n\n\nclass VGG16FeatureExtractor(nn.Module):\n    def __init__(self):\n        super().__init__()\n        vgg16 = models.vgg16(pretrained=True)\n        self.enc_1 = nn.Sequential(*vgg16.features[:5])\n\n    def forward(self, image):\n        return [self.enc_1(image)]\n\n\nclass PConvUNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.enc = nn.Conv2d(3, 3, 3, padding=1)\n\n    def forward(self, x):\n        return self.enc(x)\n" };
    const train = (model: string): SourceFile => ({ path: '/i/train.py', text: "import torch\nfrom net import PConvUNet, VGG16FeatureExtractor\nfrom loss import InpaintingLoss\n\ntorch.manual_seed(0)\nmodel = PConvUNet()\noptimizer = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=2e-4)\ncriterion = InpaintingLoss(VGG16FeatureExtractor())\nfor i in range(1000):\n    image, gt = next(iterator_train)\n    output = model(image)\n    loss = criterion(output, gt)\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n".replace('model = PConvUNet()', `model = ${model}()`) });
    assert.equal(tip(assessProject([net, train('PConvUNet')]), '4.4').state, 'open');
    // hard negative: the optimizer trains the extractor itself (a fine-tuned backbone)
    assert.equal(tip(assessProject([net, train('VGG16FeatureExtractor')]), '4.4').state, 'done');
  });

  it("a perceptual loss's pretrained VGG where the optimizers train objects handed in from another file, named generator and discriminator (an ESRGAN trainer)", () => {
    const loss: SourceFile = { path: '/e/losses.py', text: 'from torch import nn\nfrom torchvision.models import vgg19\n\n\nclass VGGPerceptualLoss(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.vgg = vgg19(pretrained=True).features[:35].eval()\n\n    def forward(self, sr, hr):\n        return nn.functional.l1_loss(self.vgg(sr), self.vgg(hr))\n' };
    const trainer = (owner: string): SourceFile => ({ path: '/e/trainer.py', text: `import torch\nfrom losses import VGGPerceptualLoss\n\n\nclass Trainer:\n    def __init__(self, generator, discriminator, loader):\n        self.generator = generator\n        self.discriminator = discriminator\n        self.loader = loader\n        self.perceptual = VGGPerceptualLoss()\n        self.opt_g = torch.optim.Adam(self.${owner}.parameters(), lr=1e-4)\n        self.opt_d = torch.optim.Adam(self.discriminator.parameters(), lr=1e-4)\n\n    def train(self):\n        torch.manual_seed(0)\n        for lr_img, hr_img in self.loader:\n            self.opt_g.zero_grad()\n            self.perceptual(self.generator(lr_img), hr_img).backward()\n            self.opt_g.step()\n` });
    assert.equal(tip(assessProject([loss, trainer('generator')]), '4.4').state, 'open');
    // hard negative: an optimizer over an object named for the loss (it may be trained)
    assert.equal(tip(assessProject([loss, trainer('perceptual_net')]), '4.4').state, 'done');
  });

  it('training the rules cannot follow step by step is still training code: listed, and the skeleton is being built', () => {
    const files = [
      // minGPT: the optimizer comes from a helper of the model, the backward pass runs in a loop
      { path: '/p/trainer.py', text: 'class Trainer:\n    def run(self):\n        self.optimizer = self.model.configure_optimizers(self.config)\n        while True:\n            logits, loss = self.model(x, y)\n            self.model.zero_grad(set_to_none=True)\n            loss.backward()\n            self.optimizer.step()\n' },
      // a trainer built by Hydra, and Lightning's CLI
      { path: '/p/run.py', text: 'import hydra\n\n\n@hydra.main(config_path="conf")\ndef main(cfg):\n    hydra.utils.instantiate(cfg.trainer).fit(model=hydra.utils.instantiate(cfg.model))\n' },
      { path: '/p/cli.py', text: 'from lightning.pytorch.cli import LightningCLI\n\nLightningCLI(Model, DataModule)\n' },
      // fastai through a star import, a fastai Learner's fit, skorch's net and Catalyst's runner
      { path: '/p/pets.py', text: 'from fastai.vision.all import *\n\nlearn = vision_learner(dls, resnet34, metrics=error_rate)\nlearn.fine_tune(1)\n' },
      { path: '/p/imagenette.py', text: 'from fastai.vision.all import *\n\nlearn = Learner(dls, resnet50(), metrics=accuracy)\nlearn.fit(1, 1e-3)\n' },
      { path: '/p/net.py', text: 'from skorch import NeuralNetClassifier\n\nnet = NeuralNetClassifier(Module, max_epochs=10)\nnet.fit(X, y)\n' },
      { path: '/p/runner.py', text: 'from catalyst import dl\n\nrunner = dl.SupervisedRunner()\nrunner.train(model=model, loaders=loaders, num_epochs=1)\n' },
      // Poutyne's model, torchbearer's trial (methods chained on it), torchtnt's fit, an ignite Engine whose step trains
      { path: '/p/poutyne_run.py', text: 'from poutyne import Model\n\nmodel = Model(network, "sgd", "cross_entropy")\nmodel.fit_dataset(train_ds, valid_ds, epochs=5)\n' },
      { path: '/p/bearer.py', text: 'from torchbearer import Trial\n\ntrial = Trial(model, optimizer, loss).to("cuda").with_generators(train_generator=traingen)\ntrial.run(epochs=10)\n' },
      { path: '/p/tnt.py', text: 'from torchtnt.framework.fit import fit\n\nfit(unit, train_dataloader=train_dl, eval_dataloader=eval_dl, max_epochs=14)\n' },
      { path: '/p/engine.py', text: 'from ignite.engine import Engine\n\n\ndef step(engine, batch):\n    optimizer.zero_grad()\n    loss = criterion(model(batch[0]), batch[1])\n    loss.backward()\n    optimizer.step()\n\n\nEngine(step).run(loader, max_epochs=3)\n' },
      // tsai's forecaster through its star import (review 114), and OpenMMLab's runner (mmdetection's tools/train.py; review 118)
      { path: '/p/tsai_run.py', text: 'from tsai.all import *\n\nfcst = TSForecaster(X, y, splits=splits, arch=TSTPlus, metrics=mae)\nfcst.fit_one_cycle(50, 1e-3)\n' },
      { path: '/p/mm.py', text: 'from mmengine.config import Config\nfrom mmengine.runner import Runner\n\ncfg = Config.fromfile(args.config)\nrunner = Runner.from_cfg(cfg)\nrunner.train()\n' },
      // (not a runner of another library, nor a model's train() switch)
      { path: '/p/other_runner.py', text: 'from mylib import Runner\n\nrunner = Runner.from_cfg(cfg)\nrunner.train()\nmodel.train()\n' },
      // not training: a model's train() switch, a test's backward pass outside any loop, a scikit-learn fit, and a
      // `fit` in a file that imports fastai on something else
      { path: '/p/eval.py', text: 'model.train()\nloss = model(x).sum()\nloss.backward()\n' },
      { path: '/p/sk.py', text: 'from fastai.vision.all import *\nfrom sklearn.linear_model import LogisticRegression\n\nclf = LogisticRegression()\nclf.fit(X, y)\n' },
      // … nor an ignite Engine whose step only evaluates
      { path: '/p/evaluator.py', text: 'from ignite.engine import Engine\n\n\ndef step(engine, batch):\n    with torch.no_grad():\n        return model(batch[0]), batch[1]\n\n\nEngine(step).run(val_loader)\n' },
      // SGD written out with `torch.autograd.grad` (Per-FedAvg, MAML; review 143), its step in a method the loop calls
      { path: '/p/perfedavg.py', text: 'import torch\n\n\nclass Client:\n    def compute_grad(self, model, batch):\n        x, y = batch\n        loss = self.criterion(model(x), y)\n        return torch.autograd.grad(loss, model.parameters())\n\n    def train(self, epochs):\n        for _ in range(epochs):\n            grads = self.compute_grad(self.model, next(self.iter))\n            for param, grad in zip(self.model.parameters(), grads):\n                param.data.sub_(self.alpha * grad)\n' },
      // … not gradients only looked at (a saliency map), nor weights changed without gradients (an EMA)
      { path: '/p/saliency.py', text: 'import torch\n\nfor x in images:\n    g = torch.autograd.grad(model(x).max(), x)[0]\n    maps.append(g.abs())\n' },
      { path: '/p/ema.py', text: 'for step in range(100):\n    for e, p in zip(ema.parameters(), model.parameters()):\n        e.data.mul_(0.99).add_(p.data, alpha=0.01)\n' },
    ];
    const r = assessProject(files);
    assert.deepEqual(r.trainingFiles, ['/p/bearer.py', '/p/cli.py', '/p/engine.py', '/p/imagenette.py', '/p/mm.py', '/p/net.py', '/p/perfedavg.py', '/p/pets.py', '/p/poutyne_run.py', '/p/run.py', '/p/runner.py', '/p/tnt.py', '/p/trainer.py', '/p/tsai_run.py']);
    assert.equal(r.inferred, 2, r.reason);
    assert.match(r.reason, /the code trains a model|the code shows a training loop/);
  });

  it("an optimizer's step(closure) whose closure runs the backward pass trains, with or without a loop around it (L-BFGS PINNs)", () => {
    const closure = 'def closure():\n    optimizer.zero_grad()\n    loss = (model(x) ** 2).mean()\n    loss.backward()\n    return loss\n\n\n';
    const head = 'import torch\n\nmodel = torch.nn.Linear(2, 1)\noptimizer = torch.optim.LBFGS(model.parameters(), max_iter=50000)\n\n\n';
    const files = [
      { path: '/p/once.py', text: `${head}${closure}optimizer.step(closure)\n` },
      { path: '/p/loop.py', text: `${head}${closure}for i in range(100):\n    optimizer.step(closure)\n` },
      // the closure a method of the model's class (`optimizer.step(model.closure)`; review 148)
      { path: '/p/method.py', text: 'import torch\nfrom torch import nn\n\n\nclass PINN(nn.Module):\n    def __init__(self, x):\n        super().__init__()\n        self.net = nn.Linear(1, 1)\n        self.x = x\n\n    def closure(self):\n        optimizer.zero_grad()\n        loss = (self.net(self.x) ** 2).mean()\n        loss.backward()\n        return loss\n\n\nmodel = PINN(x)\noptimizer = torch.optim.LBFGS(model.parameters(), max_iter=5000)\noptimizer.step(model.closure)\n' },
      // not training: a closure that only evaluates, and a scheduler's step handed a value
      { path: '/p/evaluates.py', text: `${head}def closure():\n    with torch.no_grad():\n        return (model(x) ** 2).mean()\n\n\noptimizer.step(closure)\n` },
      { path: '/p/sched.py', text: 'import torch\n\nscheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n\n\ndef closure():\n    loss.backward()\n\n\nscheduler.step(closure)\n' },
    ];
    const r = assessProject(files);
    assert.deepEqual(r.trainingFiles, ['/p/loop.py', '/p/method.py', '/p/once.py']);
    assert.equal(r.inferred, 2, r.reason);
  });

  it("a method that runs one training step is training code, whoever calls it (LightGCN's BPRLoss.stageOne, reached through a parameter)", () => {
    const utils = 'from torch import optim\n\n\nclass BPRLoss:\n    def __init__(self, recmodel, config):\n        self.model = recmodel\n        self.opt = optim.Adam(recmodel.parameters(), lr=config["lr"])\n\n    def stageOne(self, users, pos, neg):\n        loss = self.model.bpr_loss(users, pos, neg)\n        self.opt.zero_grad()\n        loss.backward()\n        self.opt.step()\n        return loss.item()\n';
    const procedure = 'import utils\n\n\ndef BPR_train_original(dataset, recmodel, loss_class, epoch):\n    bpr: utils.BPRLoss = loss_class\n    for users, pos, neg in utils.minibatch(dataset):\n        bpr.stageOne(users, pos, neg)\n';
    const files = [
      { path: '/p/utils.py', text: utils },
      { path: '/p/Procedure.py', text: procedure },
      // not training: a saliency map's backward pass with no optimizer step, and a scheduler stepped in a method
      { path: '/p/saliency.py', text: 'class Saliency:\n    def explain(self, x):\n        x.requires_grad_()\n        self.model(x).max().backward()\n        return x.grad.abs()\n\n    def tick(self):\n        self.scheduler.step()\n' },
    ];
    const r = assessProject(files);
    assert.deepEqual(r.trainingFiles, ['/p/utils.py']);
    // … also one that updates the parameters by hand from their gradients (the PyTorch char-RNN tutorial; review 119)
    const charRnn = 'def train(category_tensor, line_tensor):\n    rnn.zero_grad()\n    loss = criterion(rnn(line_tensor), category_tensor)\n    loss.backward()\n    for p in rnn.parameters():\n        p.data.add_(p.grad.data, alpha=-learning_rate)\n    return loss.item()\n';
    assert.deepEqual(assessProject([{ path: '/p/rnn.py', text: charRnn }]).trainingFiles, ['/p/rnn.py']);
    // hard negative: a gradient read for a saliency map, no update
    assert.deepEqual(assessProject([{ path: '/p/rnn.py', text: charRnn.replace('p.data.add_(p.grad.data, alpha=-learning_rate)', 'print(p.grad.norm())') }]).trainingFiles, []);
    assert.equal(r.inferred, 2, r.reason);
    assert.deepEqual(assessProject(files.slice(1)).trainingFiles, []);
  });

  it("NumPy seeded alone by a script whose training runs in another file is no fixed seed (kuc2477's EWC; review 107)", () => {
    const train = { path: '/p/train.py', text: 'import torch\n\n\ndef train(model, loaders):\n    opt = torch.optim.Adam(model.parameters(), lr=1e-3)\n    for loader in loaders:\n        for x, y in loader:\n            opt.zero_grad()\n            torch.nn.functional.cross_entropy(model(x), y).backward()\n            opt.step()\n' };
    const main = (seeds: string) => ({ path: '/p/main.py', text: `import numpy as np\nimport torch\nfrom train import train\n\nif __name__ == "__main__":\n    ${seeds}\n    train(torch.nn.Linear(4, 2), loaders)\n` });
    const seedEvidence = (r: StageReport) => r.evidence.filter((e) => e.kind === 'seed').map((e) => e.message);
    assert.deepEqual(seedEvidence(assessProject([main('np.random.seed(0)'), train])), []);
    // hard negative: PyTorch seeded too
    assert.deepEqual(seedEvidence(assessProject([main('np.random.seed(0)\n    torch.manual_seed(0)'), train])), ['seed fixed: np.random.seed(0)', 'seed fixed: torch.manual_seed(0)']);
  });

  it("the scheduler's order has a tip of its own (2.M7), not the zeroing of gradients' (review 95); the gap names the rule", () => {
    const text = 'import torch\n\ntorch.manual_seed(0)\nfor epoch in range(10):\n    for x, y in loader:\n        scheduler.step()\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n';
    const setup = 'import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, 5)\n';
    const r = assessProject([{ path: '/p/train.py', text: setup + text.replace('import torch\n\n', '') }], pf('stage: 4\n'));
    const t = tip(r, '2.M7');
    assert.equal(t.state, 'violated');
    assert.deepEqual(t.findings.map((f) => f.code), ['NR213']);
    assert.notEqual(tip(r, '2.M1').state, 'violated');
    const gap = r.gaps.find((g) => g.tip === '2.M7');
    assert.equal(gap?.message, 'You are regularizing (stage 4), but NR213 (scheduler-before-optimizer-step) reports 1 finding (tip 2.M7).');
  });

  it('an empty workspace is in stage 1 with nothing to show', () => {
    const r = assessProject([]);
    assert.equal(r.stage, 1);
    assert.match(r.reason, /No training code/);
    assert.deepEqual([r.evidence, r.findings, r.gaps, r.trainingFiles], [[], [], [], []]);
  });

  it('stage 2: the skeleton shows its seed and full-set evaluation; overfitting one batch is still open', () => {
    const r = assessProject(fixture('stage2-skeleton'));
    assert.deepEqual(r.trainingFiles, ['/project/train.py']);
    assert.equal(tip(r, '2.1').state, 'done');
    assert.deepEqual(tip(r, '2.1').evidence.map((e) => [e.path, e.range.start.line + 1, e.message]), [['/project/train.py', 8, 'seed fixed: torch.manual_seed(0)']]);
    assert.equal(tip(r, '2.3').state, 'done');
    assert.equal(tip(r, '2.8').state, 'open');
    assert.deepEqual(r.gaps.map((g) => g.tip), ['1.1']);
    assert.equal(r.gaps[0].message, 'You are building the skeleton (stage 2), but nothing shows you looked through the data (1.1).');
  });

  it('stage 3: inferred when the skeleton essentials are all done', () => {
    const r = assessProject(fixture('stage3-overfit'));
    assert.match(r.reason, /essential checks are done/);
    assert.deepEqual([...new Set(r.because.map((e) => e.kind))].sort(), ['full-eval', 'overfit-one-batch', 'seed']);
    assert.equal(tip(r, '2.8').state, 'done');
    assert.equal(tip(r, '3.1').state, 'done');
    assert.equal(r.stages[1].state, 'done');
  });

  it('stage 3 with an essential a rule reports broken does not say the essentials are done (review 123)', () => {
    const quick = `import torch\n\n\n@torch.no_grad()\ndef quick_eval(model, val_loader, criterion):\n    model.eval()\n    total = 0.0\n    for i, (x, y) in enumerate(val_loader):\n        if i >= 10:\n            break\n        total += criterion(model(x), y).item()\n    model.train()\n    return total / 10\n`;
    const r = assessProject([...fixture('stage3-overfit'), { path: '/project/quick_eval.py', text: quick }]);
    assert.equal(tip(r, '2.3').state, 'violated');
    assert.equal(r.stage, 3);
    assert.equal(r.reason, "The skeleton's essential checks all show evidence, but evaluate on the whole validation set (2.3) also has findings (see the gaps): the next step is stage 3 (overfit) once they are fixed.");
    assert.ok(r.gaps.some((g) => g.tip === '2.3' && g.state === 'violated'));
  });

  describe("the reason names no evidence of a tip a rule reports broken (an unread `seed:` of a config beside NR201; review 128)", () => {
    const project = (seeds: string): SourceFile[] => [
      { path: '/s/config/default.yaml', text: 'train_params:\n  seed : 1111\n  lr: 0.0001\n' },
      {
        path: '/s/train.py',
        text: `import torch\nimport yaml\n\nwith open("config/default.yaml") as f:\n    config = yaml.safe_load(f)\ntrain_config = config["train_params"]\n${seeds}model = torch.nn.Linear(4, 1)\nopt = torch.optim.Adam(model.parameters(), lr=train_config["lr"])\nfor x, y in loader:\n    opt.zero_grad()\n    torch.nn.functional.mse_loss(model(x), y).backward()\n    opt.step()\n`,
      },
    ];
    it('the seed evidence stays on its tip, not in the reason', () => {
      const r = assessProject(project(''));
      assert.equal(tip(r, '2.1').state, 'violated');
      assert.equal(r.reason, 'Stage 2 (skeleton): the code shows a training loop.');
      assert.deepEqual(r.because.map((e) => e.kind), ['training']);
    });
    it('hard negative: seeded from the config, the seed is in the reason', () => {
      const r = assessProject(project('torch.manual_seed(train_config["seed"])\n'));
      assert.equal(tip(r, '2.1').state, 'done');
      assert.equal(r.reason, 'Stage 2 (skeleton): the code shows a fixed seed and a training loop.');
    });
  });

  describe('a seeding helper of a module of helpers seeds the run where a script calls it (lightning-hydra-zen; review 133)', () => {
    const project = (main: string): SourceFile[] => [
      { path: '/z/pkg/funcs.py', text: `import lightning as L\n\n\ndef train(model, data, trainer):\n    trainer.fit(model=model, datamodule=data)\n    return trainer.checkpoint_callback.best_model_score\n\n\ndef seed_fn(seed: int) -> None:\n    L.seed_everything(seed, workers=True)\n` },
      { path: '/z/pkg/main.py', text: main },
    ];
    it('nothing calls it: no seed', () => {
      const r = assessProject(project(`import lightning as L\n\nfrom pkg.funcs import train\nfrom pkg.model import Model\n\n\ndef main():\n    trainer = L.Trainer(max_epochs=5)\n    train(Model(), None, trainer)\n\n\nif __name__ == "__main__":\n    main()\n`));
      assert.equal(tip(r, '2.1').state, 'open');
    });
    it('hard negative: the script calls it, and the call is the evidence', () => {
      const r = assessProject(project(`import lightning as L\n\nfrom pkg.funcs import seed_fn, train\nfrom pkg.model import Model\n\n\ndef main():\n    seed_fn(0)\n    trainer = L.Trainer(max_epochs=5)\n    train(Model(), None, trainer)\n\n\nif __name__ == "__main__":\n    main()\n`));
      assert.deepEqual(tip(r, '2.1').evidence.map((e) => [e.path, e.message]), [['/z/pkg/main.py', 'seed fixed: seed_fn(0), which runs L.seed_everything(seed, workers=True) (funcs.py)']]);
    });
  });

  describe('a model class of another file built with `pretrained=True` (isic-skincancer; review 131)', () => {
    const project = (flag: string): SourceFile[] => [
      { path: '/k/model.py', text: `import timm\nimport torch.nn as nn\n\n\nclass SkinModel(nn.Module):\n    def __init__(self, model_name, num_classes=1, pretrained=False):\n        super().__init__()\n        self.model = timm.create_model(model_name, pretrained=pretrained)\n        self.model.reset_classifier(num_classes)\n\n    def forward(self, images):\n        return self.model(images)\n` },
      { path: '/k/train.py', text: `import torch\nfrom model import SkinModel\n\ntorch.manual_seed(0)\nmodel = SkinModel(model_name='efficientnet_b0', ${flag})\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)\nfor x, y in train_loader:\n    optimizer.zero_grad()\n    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x).squeeze(1), y)\n    loss.backward()\n    optimizer.step()\n` },
    ];
    it('the call is the evidence of pretraining', () => {
      const r = assessProject(project('pretrained=True'));
      assert.deepEqual(tip(r, '4.4').evidence.map((e) => [e.path, e.range.start.line + 1]), [['/k/train.py', 5]]);
    });
    it('hard negative: built with `pretrained=False`', () => {
      assert.equal(tip(assessProject(project('pretrained=False')), '4.4').state, 'open');
    });
  });

  it('a best checkpoint alone is named as one in the reason, not as early stopping (vocos; review 133)', () => {
    const callbacks = (extra: string): SourceFile[] => [
      { path: '/v/configs/callbacks/default.yaml', text: `model_checkpoint:\n  _target_: lightning.pytorch.callbacks.ModelCheckpoint\n  monitor: val/loss\n  mode: min\n${extra}` },
    ];
    assert.equal(assessProject(callbacks('')).reason, 'Stage 4 (regularize): the code shows a best checkpoint.');
    const both = assessProject(callbacks('early_stopping:\n  _target_: lightning.pytorch.callbacks.EarlyStopping\n  monitor: val/loss\n'));
    assert.equal(both.reason, 'Stage 4 (regularize): the code shows early stopping.');
  });

  describe("NumPy's seed alone in a script whose PyTorch model is a project module's (philtabor's DDPG; review 137)", () => {
    const project = (script: string): SourceFile[] => [
      { path: '/d/agent.py', text: `import torch\nfrom torch import nn\n\n\nclass Agent:\n    def __init__(self):\n        self.model = nn.Linear(4, 2)\n        self.opt = torch.optim.Adam(self.model.parameters(), lr=3e-4)\n\n    def learn(self, x, y):\n        self.opt.zero_grad()\n        loss = nn.functional.mse_loss(self.model(x), y)\n        loss.backward()\n        self.opt.step()\n` },
      { path: '/d/main.py', text: script },
    ];
    it('the weights torch draws are not seeded: no evidence of a fixed seed', () => {
      assert.deepEqual(tip(assessProject(project(`import numpy as np\nfrom agent import Agent\n\nnp.random.seed(0)\nagent = Agent()\nfor x, y in loader:\n    agent.learn(x, y)\n`)), '2.1').evidence, []);
    });
    it('hard negative: the script seeds PyTorch too', () => {
      const r = assessProject(project(`import numpy as np\nfrom agent import Agent\n\nnp.random.seed(0)\nimport torch\ntorch.manual_seed(0)\nagent = Agent()\nfor x, y in loader:\n    agent.learn(x, y)\n`));
      assert.equal(tip(r, '2.1').state, 'done');
    });
  });

  describe("a builder of another file that loads a model zoo's weights when told to (RetinaNet's `resnet50(…, pretrained=True)`; review 135)", () => {
    const project = (flag: string): SourceFile[] => [
      { path: '/r/model.py', text: `import torch.utils.model_zoo as model_zoo\nfrom torch import nn\nfrom torchvision.models.resnet import ResNet, Bottleneck\n\nmodel_urls = {'resnet50': 'https://download.pytorch.org/models/resnet50-19c8e357.pth'}\n\n\ndef resnet50(num_classes, pretrained=False):\n    model = ResNet(Bottleneck, [3, 4, 6, 3])\n    if pretrained:\n        model.load_state_dict(model_zoo.load_url(model_urls['resnet50'], model_dir='.'), strict=False)\n    model.fc = nn.Linear(2048, num_classes)\n    return model\n` },
      { path: '/r/train.py', text: `import torch\nfrom torch import nn\nimport model\n\ntorch.manual_seed(0)\nnet = model.resnet50(num_classes=10, ${flag})\noptimizer = torch.optim.AdamW(net.parameters(), lr=1e-4, weight_decay=0.05)\nfor epoch in range(10):\n    net.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        nn.functional.cross_entropy(net(x), y).backward()\n        optimizer.step()\n` },
    ];
    it('the call is the evidence of pretraining', () => {
      assert.deepEqual(tip(assessProject(project('pretrained=True')), '4.4').evidence.map((e) => [e.path, e.range.start.line + 1]), [['/r/train.py', 6]]);
    });
    it('hard negative: told not to', () => {
      assert.equal(tip(assessProject(project('pretrained=False')), '4.4').state, 'open');
    });
  });

  it('stage 4: "you are regularizing, but the seed is not fixed"', () => {
    const r = assessProject(fixture('stage4-regularize'));
    assert.deepEqual([...new Set(r.because.map((e) => e.kind))].sort(), ['augmentation', 'dropout', 'early-stopping', 'pretrained', 'weight-decay']);
    const seed = tip(r, '2.1');
    assert.equal(seed.state, 'violated');
    assert.deepEqual(seed.findings.map((f) => f.code), ['NR201']);
    const gap = r.gaps.find((g) => g.tip === '2.1');
    assert.equal(gap?.message, 'You are regularizing (stage 4), but the random seed is not fixed (2.1: 1 NR201 finding).');
    assert.deepEqual(r.gaps.map((g) => [g.tip, g.state]), [['1.1', 'open'], ['2.1', 'violated'], ['2.8', 'open']]);
    assert.equal(r.stages[1].state, 'incomplete');
    for (const id of ['4.2', '4.4', '4.9', '4.10', '4.11']) assert.equal(tip(r, id).state, 'done', id);
  });

  describe('a project that trains outside supervised learning (a GAN, a diffusion model; review 89)', () => {
    const models = (extra: string): SourceFile => ({
      path: '/g/models.py',
      text: `import torch.nn as nn\n\n\nclass Generator(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(100, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 784))\n\n    def forward(self, z):\n        return self.net(z)\n\n\nclass ${extra}(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(784, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1))\n\n    def forward(self, x):\n        return self.net(x)\n`,
    });
    const gan = (critic: string, build: string): SourceFile[] => [
      models(critic),
      {
        path: '/g/train.py',
        text: `import torch\nimport torchvision.transforms as T\nfrom torchvision.datasets import MNIST\nfrom models import Generator, ${critic}\n\ndata = MNIST(".", transform=T.Compose([T.RandomHorizontalFlip(), T.ToTensor()]))\nloader = torch.utils.data.DataLoader(data, batch_size=64, shuffle=True)\nG, D = Generator(), ${build}\nopt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))\nopt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))\nbce = torch.nn.BCEWithLogitsLoss()\nfor epoch in range(200):\n    for x, _ in loader:\n        z = torch.randn(x.size(0), 100)\n        opt_d.zero_grad()\n        d_loss = bce(D(x.view(x.size(0), -1)), torch.ones(x.size(0), 1)) + bce(D(G(z).detach()), torch.zeros(x.size(0), 1))\n        d_loss.backward()\n        opt_d.step()\n        opt_g.zero_grad()\n        g_loss = bce(D(G(z)), torch.ones(x.size(0), 1))\n        g_loss.backward()\n        opt_g.step()\n`,
      },
    ];
    it('its flips and dropout do not show regularising: the skeleton is being built', () => {
      const r = assessProject(gan('Discriminator', 'Discriminator()'));
      assert.equal(r.stage, 2);
      assert.deepEqual(r.evidence.filter((e) => e.kind === 'paradigm').map((e) => [e.path, e.message]), [['/g/train.py', 'adversarial training (a GAN): no validation split of the supervised kind']]);
      assert.ok(!r.evidence.some((e) => e.kind === 'augmentation'));
      assert.equal(tip(r, '4.9').state, 'done'); // the dropout is there, it just shows no stage
    });
    it('past the skeleton, no validation split to evaluate on whole nor one batch to overfit is asked for', () => {
      const r = assessProject(gan('Discriminator', 'Discriminator()'), pf('stage: 4\n'));
      assert.deepEqual(r.gaps.map((g) => g.tip), ['1.1', '2.1']);
    });
    it('hard negative: the same code with nothing that names it a GAN (a `Critic`, `G` and `D`) is read as supervised training: stage 4 and its gaps', () => {
      const r = assessProject(gan('Critic', 'Critic()'));
      assert.equal(r.stage, 4);
      assert.ok(r.evidence.some((e) => e.kind === 'augmentation'));
      assert.deepEqual(r.gaps.map((g) => g.tip), ['1.1', '2.1', '2.3', '2.8']);
    });
  });

  describe("a decay read from a config class of another file (InstructLLaMA's dataclass; review 127)", () => {
    const project = (decay: string): SourceFile[] => [
      { path: '/c/configs/ft.py', text: `from dataclasses import dataclass\n\n\n@dataclass\nclass config:\n    lr: float = 3e-4\n    weight_decay: float = ${decay}\n` },
      {
        path: '/c/train.py',
        text: `import torch\nfrom torch import nn\n\nfrom configs.ft import config as cfg\n\n\ndef create_optimizer(model, lr, weight_decay):\n    groups = [{"params": model.parameters(), "weight_decay": weight_decay}]\n    return torch.optim.AdamW(groups, lr=lr)\n\n\nmodel = nn.Linear(10, 2)\nopt = create_optimizer(model, lr=cfg.lr, weight_decay=cfg.weight_decay)\nsgd = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=cfg.weight_decay)\nfor x, y in loader:\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n`,
      },
    ];
    it('a decay of 0.0 there decays nothing: no 4.10, and no stage 4 from it', () => {
      const r = assessProject(project('0.0'));
      assert.equal(tip(r, '4.10').state, 'open');
      assert.ok(r.stage < 4);
    });
    it('hard negative: a decay of 0.1 there is weight decay', () => {
      const r = assessProject(project('0.1'));
      assert.deepEqual(tip(r, '4.10').evidence.map((e) => e.message), ['weight decay: weight_decay', 'weight decay: cfg.weight_decay']);
    });
  });

  it('stage 5 and 6: stage-aware rules run in the inferred stage (no early stopping from stage 4 on)', () => {
    const r = assessProject(fixture('stage5-tune'));
    assert.deepEqual(tip(r, '5.1').evidence.map((e) => [e.path, e.message]), [['/project/sweep.yaml', 'hyper-parameter search: W&B sweep (random)']]);
    assert.deepEqual(tip(r, '4.11').findings.map((f) => [f.code, f.path]), [['NR405', '/project/train.py']]);
    const six = assessProject(fixture('stage6-squeeze'));
    assert.equal(tip(six, '6.1').state, 'done');
  });
});

describe('stages: pin and hand ticks', () => {
  it('the pinned stage wins; the stage-aware rules follow it', () => {
    const r = assessProject(fixture('stage2-skeleton'), pf('stage: 4\n'));
    assert.equal(r.stage, 4);
    assert.equal(r.pinned, 4);
    assert.equal(r.inferred, 2);
    assert.equal(r.stages[3].state, 'current');
    // pinned in stage 4: NR404 (no weight decay) and NR405 (no early stopping) run on the skeleton
    assert.deepEqual(tip(r, '4.10').findings.map((f) => f.code), ['NR404']);
    assert.deepEqual(tip(r, '4.11').findings.map((f) => f.code), ['NR405']);
    assert.ok(r.gaps.some((g) => g.message === 'You are regularizing (stage 4), but nothing shows you overfitted one batch (2.8).'));
  });

  it('pinning an earlier stage turns the skeleton rules on: augmentation while building the skeleton', () => {
    const r = assessProject(fixture('stage4-regularize'), pf('stage: 2\n'));
    assert.equal(r.stage, 2);
    assert.equal(r.inferred, 4);
    const aug = tip(r, '2.2');
    assert.equal(aug.state, 'violated');
    assert.deepEqual(aug.findings.map((f) => [f.code, f.path, f.range.start.line + 1]), [['NR202', '/project/data.py', 6]]);
    assert.equal(r.stages[3].state, 'upcoming');
    assert.deepEqual(r.gaps.map((g) => g.tip), ['1.1']);
  });

  it('hand ticks: a ticked tip is ticked, keeps its note and date, and counts for the inference', () => {
    const files = fixture('stage2-skeleton');
    const r = assessProject(files, pf('ticks:\n  "2.8": {note: ran overfit.py, date: 2024-05-01}\n  "1.1": true\n'));
    const t = tip(r, '2.8');
    assert.equal(t.state, 'ticked');
    assert.deepEqual(t.tick, { note: 'ran overfit.py', date: '2024-05-01' });
    assert.equal(r.inferred, 3, 'every skeleton essential is done or ticked');
    assert.deepEqual(r.gaps, []);
  });

  it('evidence wins over a tick, which is kept; a violation wins over both', () => {
    const r = assessProject(fixture('stage4-regularize'), pf('ticks:\n  "2.3": true\n  "2.1": {note: seeded in the shell}\n'));
    assert.equal(tip(r, '2.3').state, 'done');
    assert.deepEqual(tip(r, '2.3').tick, {});
    assert.equal(tip(r, '2.1').state, 'violated');
    assert.deepEqual(tip(r, '2.1').tick, { note: 'seeded in the shell' });
  });

  it('a tick of a later stage is evidence of that stage', () => {
    const r = assessProject(fixture('stage2-skeleton'), pf('ticks:\n  "4.1": {note: labelled 2000 more images}\n'));
    assert.equal(r.stage, 4);
    assert.match(r.reason, /ticked/);
  });

  it("the project file's rule settings apply to the violations", () => {
    const r = assessProject(fixture('stage4-regularize'), pf('ignore: [NR201]\n'));
    assert.equal(tip(r, '2.1').state, 'open');
    assert.equal(r.gaps.find((g) => g.tip === '2.1')?.message, 'You are regularizing (stage 4), but the random seed is not fixed (2.1).');
  });

  it("passes the project file's problems on", () => {
    const p = loadProjectFile('stage: 9\n');
    const r = assessProject(fixture('stage2-skeleton'), p);
    assert.equal(r.stage, 2);
    assert.deepEqual(r.projectFileProblems.map((x) => x.message), ['`stage` must be a whole number from 1 to 6']);
  });
});

describe('stages: the report is pure and reuses the analyzer', () => {
  it('is deterministic: the order of the files does not matter', () => {
    const files = fixture('stage4-regularize');
    assert.deepEqual(assessProject([...files].reverse()), assessProject(files));
  });

  it('parses every file once: evidence detectors and rules share the analyzer', () => {
    const files = fixture('stage4-regularize');
    const byPath = new Map(files.map((f) => [f.path, f.text]));
    const analyzer = new Analyzer({ host: { readFile: (p) => byPath.get(p) } });
    const modules = new Map<string, Set<unknown>>();
    const original = analyzer.pythonModule.bind(analyzer);
    analyzer.pythonModule = (path: string, text: string) => {
      const state = original(path, text);
      if (!modules.has(path)) modules.set(path, new Set());
      modules.get(path)?.add(state.module);
      return state;
    };
    const r = assessProject(files, undefined, analyzer);
    assert.equal(r.stage, 4);
    assert.deepEqual([...modules.keys()].sort(), ['/project/data.py', '/project/model.py', '/project/train.py']);
    for (const [path, set] of modules) assert.equal(set.size, 1, `${path} was parsed more than once`);
  });
});

describe('stages: an assessment a step at a time', () => {
  const projects: [string, SourceFile[], ProjectFile | undefined][] = [
    ...['stage1-data', 'stage2-skeleton', 'stage4-regularize', 'stage6-squeeze'].map((n): [string, SourceFile[], undefined] => [n, fixture(n), undefined]),
    ['stage2-skeleton, pinned to stage 4, with a tick', fixture('stage2-skeleton'), pf('stage: 4\nticks:\n  "4.1": true\n')],
    ['a generated project', generateProject({ lines: 3_000, seed: 11 }).map((f) => ({ path: `/g/${f.path}`, text: f.text })), undefined],
    ['no files', [], undefined],
  ];
  for (const [name, files, projectFile] of projects) {
    it(`gives assessProject's report, one file per step: ${name}`, () => {
      const job = new Assessment(files, projectFile);
      let report: StageReport | undefined;
      let steps = 0;
      while (!(report = job.step(0))) steps++;
      assert.deepEqual(report, assessProject(files, projectFile));
      // two passes over the files (evidence, then findings in the stage it gives), one file per step; the report
      // comes with the last one
      assert.equal(steps + 1, Math.max(1, 2 * files.length));
      assert.deepEqual(job.step(0), report, 'a finished assessment keeps its report');
    });
  }

  it('uses its budget: a long budget takes the whole project in one step, with the same report', () => {
    const files = fixture('stage4-regularize');
    assert.deepEqual(new Assessment(files).step(60_000), assessProject(files));
  });
});


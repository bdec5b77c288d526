import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import type { CallSite, PyModule } from '../../src/engine/python/semantic';
import {
  classModeDependent,
  dataLoaders,
  datasetStyle,
  evaluationContext,
  forwardOf,
  gradDisabledAt,
  inTraining,
  isEvaluationFunction,
  isEvaluationName,
  iterableOf,
  modeAt,
  modelOf,
  objectKey,
  roleOfName,
  stepLoops,
  valuesOf,
} from '../../src/engine/python/facts-eval';

function mod(text: string, path = '/p/train.py', files: Record<string, string> = {}): PyModule {
  const all: Record<string, string> = { [path]: text };
  for (const [k, v] of Object.entries(files)) all[`/p/${k}`] = v;
  return new Analyzer({ host: { readFile: (p) => all[p] } }).pythonModule(path, text).module;
}

/** The call site whose source is exactly `src` (the `nth` one, default the last). */
function site(m: PyModule, src: string, nth = -1): CallSite {
  const found = m.callSites.filter((s) => m.text.slice(s.call.from, s.call.to) === src);
  assert.ok(found.length, `no call ${src}`);
  return found[nth < 0 ? found.length + nth : nth];
}

/** Modes of the object a forward call runs, as sorted names (`eval`, `train`, `unknown`). */
function modes(m: PyModule, s: CallSite): string[] {
  const f = forwardOf(m, s);
  assert.ok(f, 'not a forward pass');
  return [...modeAt(m, s, f.obj).keys()].sort();
}

const NET = 'import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n        self.bn = nn.BatchNorm1d(2)\n\n    def forward(self, x):\n        return self.bn(self.fc(x))\n\n';

describe('evaluation facts', () => {
  describe('names', () => {
    const roles: [string, string | undefined][] = [
      ['train_loader', 'train'],
      ['trainloader', 'train'],
      ['dl_train', 'train'],
      ['X_train', 'train'],
      ['val_loader', 'eval'],
      ['validLoader', 'eval'],
      ['testset', 'eval'],
      ['eval_dataloader', 'eval'],
      ['data/val2017', 'eval'],
      ['vali_loader', 'eval'],
      ['vali_data', 'eval'],
      ['validity', undefined],
      ['train_val_loader', undefined],
      ['interval', undefined],
      ['retrieval_loader', undefined],
      ['pretrain_loader', undefined],
      ['loader', undefined],
    ];
    for (const [name, role] of roles) it(`${name} → ${role}`, () => assert.equal(roleOfName(name), role));
    it('evaluation function names', () => {
      for (const n of ['evaluate', 'validate', 'run_validation', 'test_epoch', 'eval_model', 'predict', 'vali']) assert.ok(isEvaluationName(n), n);
      for (const n of ['train', 'train_and_evaluate', 'forward', 'interval_step', 'retrieve']) assert.ok(!isEvaluationName(n), n);
    });
    it('valid as validity is no evaluation (fraction_valid_smiles, is_valid); valid as validation is', () => {
      for (const n of ['valid', 'run_valid', 'valid_epoch', 'evaluate_valid']) assert.ok(isEvaluationName(n), n);
      for (const n of ['fraction_valid_smiles', 'is_valid', 'count_valid_molecules', 'valid_mask', 'validRate']) assert.ok(!isEvaluationName(n), n);
    });
    it('pytest tests and Lightning hooks are not evaluation functions', () => {
      const t = mod('def test_model():\n    pass\n', '/p/tests/test_model.py');
      assert.ok(!isEvaluationFunction(t.functions[0]));
      const l = mod('import lightning as L\n\nclass M(L.LightningModule):\n    def validation_step(self, batch, i):\n        pass\n');
      assert.ok(!isEvaluationFunction(l.functions[0]));
      const plain = mod('def test(model, device, test_loader):\n    pass\n');
      assert.ok(isEvaluationFunction(plain.functions[0]));
    });
  });

  describe('models', () => {
    it('a project module with batch norm starts in training mode and depends on the mode', () => {
      const m = mod(NET + 'model = Net().to("cuda")\nmodel(x)\n');
      const f = forwardOf(m, site(m, 'model(x)'));
      assert.equal(f?.model.initial, 'train');
      assert.equal(f?.model.modeDependent, true);
    });
    it('layers decide mode dependence', () => {
      const m = mod('from torch import nn\nimport torchvision\n\na = nn.Sequential(nn.Linear(2, 2), nn.ReLU())\nb = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.1))\nc = nn.LSTM(4, 4, num_layers=2, dropout=0.2)\nd = torchvision.models.resnet18()\ne = nn.TransformerEncoderLayer(16, 2, dropout=0.0)\na(x); b(x); c(x); d(x); e(x)\n');
      const dep = (n: string): boolean | undefined => forwardOf(m, site(m, `${n}(x)`))?.model.modeDependent;
      assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map(dep), [false, true, true, true, false]);
    });
    it('Hugging Face from_pretrained returns eval mode; Lightning load_from_checkpoint training mode', () => {
      const m = mod('from transformers import AutoModel\nimport lightning as L\nfrom torch import nn\n\nclass Lit(L.LightningModule):\n    def __init__(self):\n        super().__init__()\n        self.d = nn.Dropout(0.1)\n\nhf = AutoModel.from_pretrained("bert-base-uncased")\nlit = Lit.load_from_checkpoint("x.ckpt")\n');
      assert.equal(modelOf(m, { k: 'name', id: 'hf', from: m.text.length, to: m.text.length }, m.scope)?.initial, 'eval');
      assert.equal(modelOf(m, { k: 'name', id: 'lit', from: m.text.length, to: m.text.length }, m.scope)?.initial, 'train');
    });
    it('a model built by a project function', () => {
      const m = mod(NET + 'def build():\n    return Net()\n\nmodel = build()\nmodel(x)\n');
      assert.equal(forwardOf(m, site(m, 'model(x)'))?.model.initial, 'train');
    });
    it('layers inside a model are not forward passes of a model', () => {
      const m = mod(NET);
      assert.equal(forwardOf(m, site(m, 'self.fc(x)')), undefined);
    });
    it('objectKey goes through .to()/.cuda()', () => {
      const m = mod('model.cuda().eval()\n');
      const s = site(m, 'model.cuda().eval()');
      assert.equal(s.call.fn.k === 'attr' ? objectKey(s.call.fn.obj) : undefined, 'model');
    });
  });

  describe('the mode along the path', () => {
    it('module level: built in training mode, switched by eval() and train(False)', () => {
      const m = mod(NET + 'model = Net()\nmodel(a)\nmodel.eval()\nmodel(b)\nmodel.train()\nmodel(c)\nmodel.train(mode=False)\nmodel(d)\nmodel.train(flag)\nmodel(e)\n');
      assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map((v) => modes(m, site(m, `model(${v})`)).join()), ['train', 'eval', 'train', 'eval', 'unknown']);
    });
    it('loops carry a mode into the next iteration', () => {
      const m = mod(NET + 'model = Net()\nfor epoch in range(3):\n    model(x)\n    model.eval()\n');
      assert.deepEqual(modes(m, site(m, 'model(x)')), ['eval', 'train']);
    });
    it('branches join', () => {
      const m = mod(NET + 'model = Net()\nif cond:\n    model.eval()\nmodel(x)\n');
      assert.deepEqual(modes(m, site(m, 'model(x)')), ['eval', 'train']);
    });
    it('into helpers called before, with the parameter mapped', () => {
      const m = mod(NET + 'def prepare(net):\n    net.eval()\n\nmodel = Net()\nprepare(model)\nmodel(x)\n');
      const ms = modeAt(m, site(m, 'model(x)'), site(m, 'model(x)').call.fn);
      assert.deepEqual([...ms.keys()], ['eval']);
      const o = ms.get('eval');
      assert.equal(o?.kind, 'helper');
      assert.equal(m.text.slice(o?.call.from, o?.call.to), 'prepare(model)');
      assert.equal(m.text.slice(o?.inner.call.from, o?.inner.call.to), 'net.eval()');
    });
    it('up into the callers of the function the call is in', () => {
      const m = mod(NET + 'def evaluate(m, loader):\n    return [m(x) for x in loader]\n\nmodel = Net()\nmodel.eval()\nevaluate(model, a)\nmodel.train()\nevaluate(model, b)\n');
      const ms = modeAt(m, site(m, 'm(x)'), site(m, 'm(x)').call.fn);
      assert.deepEqual([...ms.keys()].sort(), ['eval', 'train']);
      assert.equal(m.text.slice(ms.get('train')?.probe.from, ms.get('train')?.probe.to), 'evaluate(model, b)');
    });
    it('self attributes through methods of the same class', () => {
      const m = mod(NET + 'class T:\n    def __init__(self):\n        self.model = Net()\n\n    def val(self):\n        return self.model(x)\n\n    def run(self):\n        self.model.eval()\n        self.val()\n');
      assert.deepEqual(modes(m, site(m, 'self.model(x)')), ['eval']);
    });
    it('a parent module switch covers its submodules; a child switch is unknown', () => {
      const m = mod(NET + 'class Two(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = Net()\n\nmodel = Two()\nmodel.eval()\nmodel.a(x)\nmodel.a.train()\nmodel(y)\n');
      const a = site(m, 'model.a(x)');
      assert.deepEqual([...modeAt(m, a, a.call.fn).keys()], ['eval']);
      assert.deepEqual(modes(m, site(m, 'model(y)')), ['unknown']);
    });
    it('other models do not interfere; unresolvable ones make it unknown', () => {
      const m = mod(NET + 'g = Net()\nd = Net()\nd.eval()\ng(a)\nfor sub in parts:\n    sub.eval()\ng(b)\n');
      assert.deepEqual(modes(m, site(m, 'g(a)')), ['train']);
      assert.deepEqual(modes(m, site(m, 'g(b)')), ['train', 'unknown']); // the loop may run zero times
    });
    it('code that receives the model may switch it (unknown); wrappers and torch functions do not', () => {
      const m = mod(NET + 'import copy\nmodel = Net()\nmodel = torch.nn.DataParallel(model)\ntorch.save(model, "m.pt")\nema = copy.deepcopy(model)\nmodel(a)\nsetup(model)\nmodel(b)\n');
      assert.deepEqual(modes(m, site(m, 'model(a)')), ['train']);
      assert.deepEqual(modes(m, site(m, 'model(b)')), ['unknown']);
    });
    it('a function without callers starts in an unknown mode', () => {
      const m = mod(NET + 'def evaluate(model, x):\n    return model(x)\n');
      assert.deepEqual([...modeAt(m, site(m, 'model(x)'), site(m, 'model(x)').call.fn).keys()], ['unknown']);
    });
    it('across files: a helper imported from another project file', () => {
      const m = mod(NET + 'from engine import run_eval\nmodel = Net()\nrun_eval(model)\nmodel(x)\n', '/p/train.py', { 'engine.py': 'def run_eval(net):\n    net.eval()\n' });
      assert.deepEqual(modes(m, site(m, 'model(x)')), ['eval']);
    });
  });

  describe('gradients and training', () => {
    const SRC = NET + 'model = Net()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n\ndef step(x, y):\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n\nfor epoch in range(3):\n    for x, y in train_loader:\n        step(x, y)\n    with torch.no_grad():\n        model(v)\n\n@torch.no_grad()\ndef evaluate():\n    return model(w)\n\nevaluate()\n';
    it('step loops: the batch loop, not the epoch loop', () => {
      const m = mod(SRC);
      const loops = stepLoops(m);
      assert.equal(loops.size, 1);
      assert.equal(m.text.slice([...loops][0].from, [...loops][0].from + 20), 'for x, y in train_lo');
    });
    it('inTraining follows the callers of a step helper', () => {
      const m = mod(SRC);
      assert.ok(inTraining(m, site(m, 'model(x)')));
      assert.ok(!inTraining(m, site(m, 'model(v)')));
    });
    it('gradients off: with-block, decorator, callers', () => {
      const m = mod(SRC + 'def plain():\n    return model(z)\n\nplain()\nwith torch.no_grad():\n    plain()\n');
      assert.equal(gradDisabledAt(m, site(m, 'model(v)')), 'yes');
      assert.equal(gradDisabledAt(m, site(m, 'model(w)')), 'yes');
      assert.equal(gradDisabledAt(m, site(m, 'model(z)')), 'no');
    });
    it('evaluation contexts', () => {
      const m = mod(NET + 'model = Net()\nwith torch.no_grad():\n    acc = model(a).argmax(1)\nwith torch.no_grad():\n    fake = model(noise)\nfor x, y in val_loader:\n    out = model(x)\nmodel.load_state_dict(torch.load("m.pt"))\npred = model(img)\n');
      const kind = (src: string): string | undefined => evaluationContext(m, site(m, src), 'model')?.kind;
      assert.deepEqual(['model(a)', 'model(noise)', 'model(x)', 'model(img)'].map(kind), ['no_grad', undefined, 'loader', 'checkpoint']);
    });
  });

  describe('data loaders', () => {
    it('roles from names, split arguments and uses', () => {
      const m = mod(
        'import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\nfrom torchvision import datasets\n\n' +
          'a = DataLoader(datasets.MNIST("d", train=False))\nb = DataLoader(ds_train)\nc = DataLoader(load_dataset("x", split="validation"))\nloaders = {"train": DataLoader(x), "val": DataLoader(y)}\nd = DataLoader(anything)\nmodel = nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in d:\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()\n\ndef make_val():\n    return DataLoader(z)\n',
      );
      assert.deepEqual(
        dataLoaders(m).map((l) => `${l.name}:${l.role}`),
        ['a:eval', 'b:train', 'c:eval', 'train:train', 'val:eval', 'd:train', 'make_val:eval'],
      );
    });
    it('dataset styles', () => {
      const m = mod(
        'import torch\nimport webdataset as wds\nfrom datasets import load_dataset\nfrom torch.utils.data import Dataset, IterableDataset, TensorDataset, random_split\nfrom torchvision import datasets\n\n' +
          'class A(Dataset):\n    def __getitem__(self, i):\n        return i\n\nclass B(IterableDataset):\n    def __iter__(self):\n        yield 1\n\nclass C:\n    def __getitem__(self, i):\n        return i\n\n' +
          'tv = datasets.CIFAR10("d")\nt = TensorDataset(x)\nhf = load_dataset("imdb", split="train")\nhs = load_dataset("c4", split="train", streaming=True)\nw = wds.WebDataset("s.tar")\ntr, va = random_split(tv, [0.9, 0.1])\nu = make()\nobjs = [tv, t, hf, hs, w, A(), B(), C(), tr, u]\n',
      );
      const list = m.stmts[m.stmts.length - 1];
      assert.ok(list.k === 'assign' && list.value?.k === 'seq');
      const items = list.k === 'assign' && list.value?.k === 'seq' ? list.value.items : [];
      assert.deepEqual(
        items.map((e) => datasetStyle(m, e, m.scope)),
        ['map', 'map', 'map', 'iterable', 'iterable', 'map', 'iterable', 'map', 'map', 'unknown'],
      );
    });
    it('iterables: wrappers are removed and limits noted', () => {
      const m = mod('import itertools\nfor i, b in enumerate(tqdm(itertools.islice(loader, 5))):\n    pass\nfor i, b in zip(range(3), loader):\n    pass\n');
      const its = m.loops.map((l) => (l.stmt.k === 'for' ? iterableOf(m, l.stmt.iter, l.scope) : undefined));
      assert.deepEqual(its.map((x) => x && m.text.slice(x.expr.from, x.expr.to)), ['loader', 'loader']);
      assert.deepEqual(its.map((x) => x?.limit && m.text.slice(x.limit.from, x.limit.to)), ['itertools.islice(loader, 5)', 'zip(range(3), loader)']);
    });
    it('values of a parameter: every caller', () => {
      const m = mod('from torch.utils.data import DataLoader\n\ndef run(loader):\n    for b in loader:\n        pass\n\nfirst = DataLoader(a)\nrun(first)\nrun(loader=DataLoader(b))\n');
      const loop = m.loops[0];
      const it = loop.stmt.k === 'for' ? loop.stmt.iter : undefined;
      assert.ok(it);
      assert.deepEqual(valuesOf(m, it, loop.scope).map((v) => m.text.slice(v.expr.from, v.expr.to)), ['DataLoader(a)', 'DataLoader(b)']);
    });
  });

  describe('classModeDependent: layers a class builds and never uses', () => {
    const BASE = 'import torch.nn as nn\n\n\nclass Base(nn.Module):\n    def __init__(self, w):\n        super().__init__()\n        self.fc = nn.Linear(w, w)\n        self.bn0 = nn.BatchNorm1d(w)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n';
    const SUB = 'class Sub(Base):\n    def forward(self, x):\n        return self.fc(x)\n';
    const dependent = (m: PyModule, name: string): boolean => {
      const cls = m.classes.find((c) => c.name === name);
      assert.ok(cls, name);
      return classModeDependent(cls);
    };
    it('an unread batch norm is no mode dependence; a read of it, one by a subclass of the file, or the layers reached another way are', () => {
      assert.equal(dependent(mod(BASE + SUB), 'Base'), false);
      assert.equal(dependent(mod(BASE.replace('return self.fc(x)', 'return self.bn0(self.fc(x))') + SUB), 'Base'), true);
      assert.equal(dependent(mod(BASE + SUB.replace('return self.fc(x)', 'return self.bn0(self.fc(x))')), 'Base'), true);
      for (const reach of ['for layer in self.children():\n            x = layer(x)\n        return x', 'return getattr(self, "bn0")(x)', 'return self._modules["bn0"](x)'])
        assert.equal(dependent(mod(BASE.replace('return self.fc(x)', reach)), 'Base'), true, reach);
      // (a class of another hierarchy reading an attribute of the same name does not use this one's)
      assert.equal(dependent(mod(BASE + 'class Other(nn.Module):\n    def forward(self, x):\n        return self.bn0(x)\n'), 'Base'), false);
    });
    it('follows edits of a subclass in another statement (the answer is made once per class and version of the file)', () => {
      const a = new Analyzer();
      const path = '/p/model.py';
      const uses = BASE + SUB.replace('return self.fc(x)', 'return self.bn0(self.fc(x))');
      const seen: boolean[] = [];
      for (const text of [BASE + SUB, BASE + SUB + '\n', uses, BASE + SUB, uses]) {
        const m = a.pythonModule(path, text).module;
        seen.push(dependent(m, 'Base'));
        assert.equal(seen[seen.length - 1], dependent(new Analyzer().pythonModule(path, text).module, 'Base'));
      }
      assert.deepEqual(seen, [false, false, true, false, true]);
    });
  });
});

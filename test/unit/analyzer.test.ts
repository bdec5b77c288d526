// The Analyzer's caches must never change results: incremental re-analysis equals a fresh analysis, and a
// change in an imported file is seen by the files that import it.
import { strict as assert } from 'assert';
import { Analyzer, type AnalysisResult } from '../../src/engine';
import { generateScript, rng } from '../../scripts/lib/generate';

const summary = (r: AnalysisResult): string[] => r.findings.map((f) => `${f.code}@${f.offsets.start}-${f.offsets.end}:${f.message}`);

describe('Analyzer caching', () => {
  it('incremental re-analysis after random edits equals a fresh analysis', function () {
    this.timeout(120_000);
    const base = generateScript(600, 7);
    const random = rng(42);
    const inc = new Analyzer();
    let text = base;
    inc.analyze({ path: '/p/train.py', text, stage: 2 });
    const inserts = ['x', '(', ')', '\n', '    ', '1.e-3', ':', '#', '"', 'optimizer.zero_grad()\n', 'F.softmax(out, dim=1)'];
    for (let i = 0; i < 100; i++) {
      const at = Math.floor(random() * text.length);
      if (random() < 0.5) text = text.slice(0, at) + inserts[Math.floor(random() * inserts.length)] + text.slice(at);
      else text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 20));
      const a = inc.analyze({ path: '/p/train.py', text, stage: 2 });
      const b = new Analyzer().analyze({ path: '/p/train.py', text, stage: 2 });
      assert.deepEqual(summary(a), summary(b), `after edit ${i}`);
      assert.deepEqual(a.syntaxErrors, b.syntaxErrors, `syntax errors after edit ${i}`);
    }
  });

  it('undoing an edit gives the original findings back', () => {
    const text = generateScript(300, 3);
    const a = new Analyzer();
    const first = summary(a.analyze({ path: '/p/t.py', text }));
    a.analyze({ path: '/p/t.py', text: text.replace('optimizer.zero_grad()', 'pass') });
    assert.deepEqual(summary(a.analyze({ path: '/p/t.py', text })), first);
  });

  it('a change in an imported file is seen by the importer (same importer text)', () => {
    const files: Record<string, string> = {
      '/p/model.py': 'import torch.nn as nn\nimport torch.nn.functional as F\nclass Net(nn.Module):\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n',
      '/p/train.py': 'from torch import nn\nfrom model import Net\nnet = Net()\nloss = nn.CrossEntropyLoss()(net(x), y)\n',
    };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const codes = (): string[] => a.analyze({ path: '/p/train.py', text: files['/p/train.py'] }).findings.map((f) => f.code);
    assert.deepEqual(codes(), ['NR208']);
    files['/p/model.py'] = files['/p/model.py'].replace('F.softmax(self.fc(x), dim=1)', 'self.fc(x)');
    assert.deepEqual(codes(), []);
    delete files['/p/model.py'];
    assert.deepEqual(codes(), []);
  });
});

describe('Analyzer dependencies', () => {
  const NET = 'import torch.nn as nn\nimport torch.nn.functional as F\nclass Net(nn.Module):\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n';
  const TRAIN = 'from torch import nn\nfrom models import Net\nnet = Net()\nloss = nn.CrossEntropyLoss()(net(x), y)\n';
  it('a change behind a package re-export is seen (models/__init__.py → models/net.py)', () => {
    const files: Record<string, string> = { '/p/models/__init__.py': 'from .net import Net\n', '/p/models/net.py': NET, '/p/train.py': TRAIN };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const codes = (): string[] => a.analyze({ path: '/p/train.py', text: TRAIN }).findings.map((f) => f.code);
    assert.deepEqual(codes(), ['NR208']);
    files['/p/models/net.py'] = NET.replace('F.softmax(self.fc(x), dim=1)', 'self.fc(x)');
    assert.deepEqual(codes(), []);
  });
  it('a change two imports away is seen (train.py → model.py → base.py)', () => {
    const BASE = NET.replace('class Net(', 'class Base(');
    const files: Record<string, string> = {
      '/p/base.py': BASE,
      '/p/model.py': 'from base import Base\nclass Net(Base):\n    pass\n',
      '/p/train.py': TRAIN.replace('from models import Net', 'from model import Net'),
    };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const codes = (): string[] => a.analyze({ path: '/p/train.py', text: files['/p/train.py'] }).findings.map((f) => f.code);
    assert.deepEqual(codes(), ['NR208']);
    files['/p/base.py'] = BASE.replace('F.softmax(self.fc(x), dim=1)', 'self.fc(x)');
    assert.deepEqual(codes(), []);
  });
});

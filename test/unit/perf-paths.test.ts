// The shortcuts taken for speed must not change results: the text diff that drives incremental parsing, an
// Analyzer that keeps only a few files parsed (the CLI's setting on big projects), and one told its host is stable.
import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { diffRange } from '../../src/engine/python/parse';
import { generateProject } from '../../scripts/lib/corpus';
import { rng } from '../../scripts/lib/generate';

/** The plain definition: longest common prefix, then longest common suffix of what is left. */
function referenceDiff(a: string, b: string): ReturnType<typeof diffRange> {
  if (a === b) return undefined;
  const max = Math.min(a.length, b.length);
  let s = 0;
  while (s < max && a[s] === b[s]) s++;
  let ea = a.length;
  let eb = b.length;
  while (ea > s && eb > s && a[ea - 1] === b[eb - 1]) {
    ea--;
    eb--;
  }
  return { fromA: s, toA: ea, fromB: s, toB: eb };
}

describe('performance shortcuts', () => {
  it('diffRange finds the same changed span as a character-by-character scan', () => {
    const r = rng(5);
    const alphabet = 'ab\n (';
    const word = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const a = word(Math.floor(r() * 24));
      const at = Math.floor(r() * (a.length + 1));
      const op = r();
      const b = op < 0.4 ? a.slice(0, at) + word(1 + Math.floor(r() * 3)) + a.slice(at) : op < 0.8 ? a.slice(0, at) + a.slice(at + 1 + Math.floor(r() * 3)) : word(Math.floor(r() * 24));
      assert.deepEqual(diffRange(a, b), referenceDiff(a, b), `${JSON.stringify(a)} → ${JSON.stringify(b)}`);
    }
  });

  it('an Analyzer that keeps two files parsed finds what one that keeps all finds, cross-file included', () => {
    const files = generateProject({ lines: 4000, seed: 5 }).map((f) => ({ path: '/p/' + f.path, text: f.text }));
    const byPath = new Map(files.map((f) => [f.path, f.text]));
    const host = { readFile: (p: string): string | undefined => byPath.get(p) };
    const all = new Analyzer({ host });
    const few = new Analyzer({ host, maxCachedFiles: 2 });
    let crossFile = 0;
    for (const f of files) {
      const a = all.analyze({ path: f.path, text: f.text, stage: 2 }).findings.map((x) => `${x.code}@${x.offsets.start}`);
      const b = few.analyze({ path: f.path, text: f.text, stage: 2 }).findings.map((x) => `${x.code}@${x.offsets.start}`);
      assert.deepEqual(b, a, f.path);
      if (new Analyzer().analyze({ path: f.path, text: f.text, stage: 2 }).findings.length !== a.length) crossFile++;
    }
    assert.ok(crossFile > 0, 'the project has findings that need other files');
  });

  it('an Analyzer told its host is stable (the CLI) finds what one that checks the host on every call finds', () => {
    const files = generateProject({ lines: 4000, seed: 9 }).map((f) => ({ path: '/p/' + f.path, text: f.text }));
    const byPath = new Map(files.map((f) => [f.path, f.text]));
    const host = { readFile: (p: string): string | undefined => byPath.get(p) };
    const checking = new Analyzer({ host, fastParse: true });
    const stable = new Analyzer({ host, fastParse: true, stableHost: true, maxCachedFiles: 8 });
    let findings = 0;
    for (const f of files) {
      const a = checking.analyze({ path: f.path, text: f.text, stage: 2 });
      assert.deepStrictEqual(stable.analyze({ path: f.path, text: f.text, stage: 2 }), a, f.path);
      findings += a.findings.length;
    }
    assert.ok(findings > 0);
  });

  it('a stable host that changed (a fix written by the CLI): hostChanged() and the files that import it see the change', () => {
    const model = 'import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass SoftNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 2)\n\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n';
    const train = 'import torch\nfrom torch import nn\nfrom model import SoftNet\n\ntorch.manual_seed(0)\nmodel = SoftNet()\ncriterion = nn.CrossEntropyLoss()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    opt.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    opt.step()\n';
    const files = new Map([['/p/model.py', model], ['/p/train.py', train]]);
    const a = new Analyzer({ host: { readFile: (p) => files.get(p) }, fastParse: true, stableHost: true });
    const codes = (): string[] => a.analyze({ path: '/p/train.py', text: train, stage: 2 }).findings.map((f) => f.code);
    assert.ok(codes().includes('NR208'), 'softmax into CrossEntropyLoss, through model.py');
    files.set('/p/model.py', model.replace('F.softmax(self.fc(x), dim=1)', 'self.fc(x)'));
    assert.ok(codes().includes('NR208'), 'stable: the first reading of model.py holds until told');
    a.hostChanged();
    assert.ok(!codes().includes('NR208'), 'after hostChanged(), the new model.py');
  });
});

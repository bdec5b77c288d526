// The Analyzer's caches must never change results: incremental re-analysis equals a fresh analysis, and a
// change in an imported file is seen by the files that import it.
import { strict as assert } from 'assert';
import { Analyzer, type AnalysisResult, type AnalyzeOptions } from '../../src/engine';
import { RULES } from '../../src/engine/rules';
import { generateScript, rng } from '../../scripts/lib/generate';
import { NET, TRAIN } from './helpers/projects';

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
  const PKG_NET = 'import torch.nn as nn\nimport torch.nn.functional as F\nclass Net(nn.Module):\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n';
  const PKG_TRAIN = 'from torch import nn\nfrom models import Net\nnet = Net()\nloss = nn.CrossEntropyLoss()(net(x), y)\n';
  it('a change behind a package re-export is seen (models/__init__.py → models/net.py)', () => {
    const files: Record<string, string> = { '/p/models/__init__.py': 'from .net import Net\n', '/p/models/net.py': PKG_NET, '/p/train.py': PKG_TRAIN };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const codes = (): string[] => a.analyze({ path: '/p/train.py', text: PKG_TRAIN }).findings.map((f) => f.code);
    assert.deepEqual(codes(), ['NR208']);
    files['/p/models/net.py'] = PKG_NET.replace('F.softmax(self.fc(x), dim=1)', 'self.fc(x)');
    assert.deepEqual(codes(), []);
  });
  it('a change two imports away is seen (train.py → model.py → base.py)', () => {
    const BASE = PKG_NET.replace('class Net(', 'class Base(');
    const files: Record<string, string> = {
      '/p/base.py': BASE,
      '/p/model.py': 'from base import Base\nclass Net(Base):\n    pass\n',
      '/p/train.py': PKG_TRAIN.replace('from models import Net', 'from model import Net'),
    };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const codes = (): string[] => a.analyze({ path: '/p/train.py', text: files['/p/train.py'] }).findings.map((f) => f.code);
    assert.deepEqual(codes(), ['NR208']);
    files['/p/base.py'] = BASE.replace('F.softmax(self.fc(x), dim=1)', 'self.fc(x)');
    assert.deepEqual(codes(), []);
  });
});

describe('Analyzer: the same version analysed again', () => {
  const SOFTMAX = 'return F.softmax(self.fc(x), dim=1)';
  const LOGITS = 'return self.fc(x)';

  // how often NR208 ran: a kept result does not run it
  let runs = 0;
  const rule = RULES.find((r) => r.code === 'NR208');
  const check = rule?.checkPython;
  before(() => {
    assert.ok(rule && check);
    rule.checkPython = (ctx) => {
      runs++;
      check(ctx);
    };
  });
  after(() => {
    if (rule) rule.checkPython = check;
  });

  /** A project in memory (its files can change, appear and go) and one analyzer over it. */
  function project(files: Record<string, string>) {
    const texts = new Map(Object.entries(files).map(([k, v]) => [`/p/${k}`, v]));
    const analyzer = new Analyzer({ host: { readFile: (p) => texts.get(p) } });
    const analyze = (path: string, options: Partial<AnalyzeOptions> = {}): string[] => {
      const text = texts.get(`/p/${path}`) as string;
      const fresh = new Analyzer({ host: { readFile: (p) => texts.get(p) } }).analyze({ path: `/p/${path}`, text, ...options });
      const again = analyzer.analyze({ path: `/p/${path}`, text, ...options });
      // whatever the analyzer kept, the findings of a fresh one
      assert.deepEqual(summary(again), summary(fresh));
      return again.findings.map((f) => f.code);
    };
    return { texts, analyze, set: (path: string, text: string | undefined) => (text === undefined ? texts.delete(`/p/${path}`) : texts.set(`/p/${path}`, text)) };
  }

  it('gives the last findings without running the rules again while nothing they depend on changed', () => {
    const p = project({ 'model.py': NET(SOFTMAX), 'train.py': TRAIN('from model import Net') });
    assert.ok(p.analyze('train.py').includes('NR208'));
    const before = runs;
    assert.ok(p.analyze('train.py').includes('NR208'));
    assert.ok(p.analyze('train.py').includes('NR208'));
    // (the fresh analyzer of each call ran the rule once; the kept result did not)
    assert.equal(runs, before + 2);
  });

  it('runs them again with other settings, another stage or another language id, and when a file it imports changes', () => {
    const p = project({ 'model.py': NET(SOFTMAX), 'train.py': TRAIN('from model import Net') });
    assert.ok(p.analyze('train.py').includes('NR208'));
    assert.ok(!p.analyze('train.py', { settings: { ignore: ['NR208'] } }).includes('NR208'));
    assert.ok(p.analyze('train.py', { stage: 4 }).includes('NR208'));
    assert.ok(p.analyze('train.py', { languageId: 'python' }).includes('NR208'));
    p.set('model.py', NET(LOGITS));
    assert.ok(!p.analyze('train.py').includes('NR208'));
    p.set('model.py', NET(SOFTMAX));
    assert.ok(p.analyze('train.py').includes('NR208'));
  });

  it('sees a change two imports away: the forward() of a base class in another file', () => {
    const p = project({ 'blocks.py': NET(SOFTMAX, 'Base'), 'model.py': 'from blocks import Base\n\n\nclass Net(Base):\n    pass\n', 'train.py': TRAIN('from model import Net') });
    assert.ok(p.analyze('train.py').includes('NR208'));
    p.set('blocks.py', NET(LOGITS, 'Base'));
    assert.ok(!p.analyze('train.py').includes('NR208'));
    p.set('blocks.py', NET(SOFTMAX, 'Base'));
    assert.ok(p.analyze('train.py').includes('NR208'));
  });

  it('sees it when the file in between was analysed first (its module built again, the old one still linked)', () => {
    const p = project({ 'blocks.py': NET(SOFTMAX, 'Base'), 'model.py': 'from blocks import Base\n\n\nclass Net(Base):\n    pass\n', 'train.py': TRAIN('from model import Net') });
    assert.ok(p.analyze('train.py').includes('NR208'));
    p.set('blocks.py', NET(LOGITS, 'Base'));
    p.analyze('model.py');
    assert.ok(!p.analyze('train.py').includes('NR208'));
    p.set('blocks.py', NET(SOFTMAX, 'Base'));
    p.analyze('model.py');
    assert.ok(p.analyze('train.py').includes('NR208'));
  });

  it('sees a file appear where an import found none, and go away', () => {
    const p = project({ 'train.py': TRAIN('from model import Net') });
    assert.ok(!p.analyze('train.py').includes('NR208'));
    p.set('model.py', NET(SOFTMAX));
    assert.ok(p.analyze('train.py').includes('NR208'));
    p.set('model.py', undefined);
    assert.ok(!p.analyze('train.py').includes('NR208'));
  });

  it('a result handed out can be changed without changing the next one', () => {
    const p = project({ 'model.py': NET(SOFTMAX), 'train.py': TRAIN('from model import Net') });
    const analyzer = new Analyzer({ host: { readFile: (x) => p.texts.get(x) } });
    const text = p.texts.get('/p/train.py') as string;
    const first = analyzer.analyze({ path: '/p/train.py', text });
    first.findings.length = 0;
    first.syntaxErrors.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x' });
    const second = analyzer.analyze({ path: '/p/train.py', text });
    assert.ok(second.findings.some((f) => f.code === 'NR208'));
    assert.deepEqual(second.syntaxErrors, []);
  });
});

describe('Analyzer: the file-wide findings while a syntax error is typed', () => {
  const base =
    'import torch\nfrom torch import nn\n\nmodel = nn.Linear(10, 2)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n' +
    'for x, y in loader:\n    opt.zero_grad()\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    opt.step()\n';
  const typing = base.replace('    opt.step()\n', '    opt.\n'); // on the way to opt.step()
  const path = '/p/train.py';
  const edited = (...texts: string[]): AnalysisResult[] => {
    const a = new Analyzer({ fastParse: true });
    return texts.map((text) => a.analyze({ path, text, stage: 2, editing: true }));
  };
  const nr201 = (r: AnalysisResult) => r.findings.filter((f) => f.code === 'NR201');

  it('premise: a check of the text with the error has no NR201 (the seed might be in what cannot be read)', () => {
    const r = new Analyzer({ fastParse: true }).analyze({ path, text: typing, stage: 2 });
    assert.equal(r.syntaxErrors.length, 1);
    assert.deepEqual(nr201(r), []);
  });

  it('an error typed after the finding: the finding of the last version without errors stays, as it was, until the file parses again', () => {
    const [clean, broken, again, done] = edited(base, typing, typing.replace('opt.\n', 'opt.step(\n'), base);
    assert.equal(nr201(clean).length, 1);
    assert.equal(broken.syntaxErrors.length, 1);
    assert.deepEqual(nr201(broken), nr201(clean));
    assert.deepEqual(nr201(again), nr201(clean));
    assert.deepEqual(done, clean);
    // its fix still applies where it did: the edits lie before the change
    const [edit] = nr201(broken)[0].fixes[0].edits;
    const fixed = typing.slice(0, edit.start) + edit.newText + typing.slice(edit.end);
    assert.deepEqual(nr201(edited(fixed.replace('opt.\n', 'opt.step()\n'))[0]), []);
  });

  it('the same as a replay that saw only the last version without errors (as edit:stress checks)', () => {
    const live = edited(base, base.replace('opt.zero_grad()', 'opt.zero_grad('), typing)[2];
    const replay = edited(base, typing)[1];
    assert.deepEqual(live, replay);
  });

  it('an error typed on lines above the finding: kept, moved with its lines; its fix still applies', () => {
    const [clean] = edited(base);
    const [finding] = nr201(clean);
    // on a line above, the same number of lines: the finding is where it was, its offsets one character earlier
    const unclosed = base.replace('model = nn.Linear(10, 2)', 'model = nn.Linear(10, 2');
    const [same] = nr201(edited(base, unclosed)[1]);
    assert.deepEqual(same.range, finding.range);
    assert.equal(unclosed.slice(same.offsets.start, same.offsets.end), base.slice(finding.offsets.start, finding.offsets.end));
    // a line break typed above: one line further down
    const opened = base.replace('model = nn.Linear(10, 2)', 'model = nn.Linear(\n    10, 2');
    const [down] = nr201(edited(base, opened)[1]);
    assert.equal(down.range.start.line, finding.range.start.line + 1);
    assert.equal(opened.slice(down.offsets.start, down.offsets.end), base.slice(finding.offsets.start, finding.offsets.end));
    // the fix applied to the text with the error, then the error finished: seeded, no finding
    const [edit] = down.fixes[0].edits;
    const fixed = opened.slice(0, edit.start) + edit.newText + opened.slice(edit.end);
    const done = edited(fixed.replace('10, 2\n', '10, 2)\n'))[0];
    assert.deepEqual(done.syntaxErrors, []);
    assert.deepEqual(nr201(done), []);
  });

  it('an error typed on the finding\'s own line, a file checked (not edited), other options: not kept', () => {
    const onIt = base.replace('for x, y in loader:', 'for x, y in load(er:');
    assert.deepEqual(nr201(edited(base, onIt)[1]), []);
    const a = new Analyzer({ fastParse: true });
    a.analyze({ path, text: base, stage: 2, editing: true });
    assert.deepEqual(nr201(a.analyze({ path, text: typing, stage: 2 })), [], 'checked, not edited');
    const b = new Analyzer({ fastParse: true });
    b.analyze({ path, text: base, stage: 2, editing: true });
    assert.deepEqual(nr201(b.analyze({ path, text: typing, stage: 3, editing: true })), [], 'another stage');
  });

  it('the rules that read the broken part keep no findings from before: only the file-wide ones that stayed quiet', () => {
    const loop = 'import torch\ntorch.manual_seed(0)\nfor x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    opt.step()\n';
    const [clean, broken] = edited(loop, loop.replace('    opt.step()\n', '    opt.step(\n'));
    assert.ok(clean.findings.some((f) => f.code === 'NR204'), 'premise: the loop misses zero_grad');
    assert.deepEqual(broken.findings.filter((f) => f.code === 'NR204'), [], 'the loop with the error is not reported');
  });
});

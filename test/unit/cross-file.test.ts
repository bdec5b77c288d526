// Analysis across the files of a project: the model in model.py (or a package), the training in train.py.
// The engine follows `from model import Net`, package re-exports and relative imports, and the CLI checking a
// folder reports the same findings as analysing each file on its own with a project host (the editor's way).
import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { runCli } from '../../src/cli/main';
import { Analyzer, type Finding, applyEdits } from '../../src/engine';
import { NET, TRAIN, analyzeIn } from './helpers/projects';

/** A project in memory: relative path → text. */
type Project = Record<string, string>;

const brief = (fs: Finding[]): string[] => fs.map((f) => `${f.code}:${f.range.start.line + 1}`);

describe('cross-file analysis', () => {
  it('softmax in model.py, CrossEntropyLoss in train.py (NR208), with the fix in model.py', () => {
    const project = { 'model.py': NET('return F.softmax(self.fc(x), dim=1)'), 'train.py': TRAIN('from model import Net') };
    const found = analyzeIn(project, 'train.py');
    assert.deepEqual(brief(found), ['NR208:11']);
    const f = found[0];
    assert.equal(f.related[0].path, '/project/model.py');
    assert.equal(f.related[0].range.start.line + 1, 11);
    const fix = f.fixes[0];
    assert.equal(fix.path, '/project/model.py');
    assert.equal(applyEdits(project['model.py'], fix.edits), NET('return self.fc(x)'));
    // model.py on its own has nothing to report: the mistake is in how train.py uses it
    assert.deepEqual(brief(analyzeIn(project, 'model.py')), []);
  });

  it('logits in model.py: quiet (the import is followed, not guessed)', () => {
    const project = { 'model.py': NET('return self.fc(x)'), 'train.py': TRAIN('from model import Net') };
    assert.deepEqual(brief(analyzeIn(project, 'train.py')), []);
  });

  it('conv in a base class in blocks.py, BatchNorm applied in model.py (NR209): reported in model.py, fixed in blocks.py', () => {
    const blocks = `import torch.nn as nn\n\n\nclass Stem(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 16, 3, padding=1)\n        self.bn = nn.BatchNorm2d(16)\n`;
    const model = `from blocks import Stem\n\n\nclass Net(Stem):\n    def forward(self, x):\n        return self.bn(self.conv(x)).relu()\n`;
    const project = { 'blocks.py': blocks, 'model.py': model };
    const found = analyzeIn(project, 'model.py');
    assert.deepEqual(brief(found), ['NR209:6']);
    assert.equal(model.slice(found[0].offsets.start, found[0].offsets.end), 'self.conv(x)');
    assert.equal(found[0].related[0].path, '/project/blocks.py');
    const fix = found[0].fixes[0];
    assert.equal(fix.path, '/project/blocks.py');
    assert.equal(applyEdits(blocks, fix.edits), blocks.replace('nn.Conv2d(3, 16, 3, padding=1)', 'nn.Conv2d(3, 16, 3, padding=1, bias=False)'));
    assert.deepEqual(brief(analyzeIn(project, 'blocks.py')), []);
  });

  it('a package folder re-exporting the model: models/__init__.py with `from .resnet import ResNet`', () => {
    const project = {
      'models/__init__.py': 'from .resnet import ResNet\n\n__all__ = ["ResNet"]\n',
      'models/resnet.py': NET('return F.softmax(self.fc(x), dim=1)', 'ResNet'),
      'train.py': TRAIN('from models import ResNet', 'ResNet'),
    };
    const found = analyzeIn(project, 'train.py');
    assert.deepEqual(brief(found), ['NR208:11']);
    assert.equal(found[0].related[0].path, '/project/models/resnet.py');
    assert.match(found[0].message, /softmax \(ResNet\.forward\(\)\)/);
  });

  it('a relative import inside a package: `from .models import Net`', () => {
    const project = {
      'pkg/__init__.py': '',
      'pkg/models.py': NET('return torch.softmax(self.fc(x), dim=-1)').replace('import torch.nn as nn\n', 'import torch\nimport torch.nn as nn\n'),
      'pkg/train.py': TRAIN('from .models import Net'),
    };
    const found = analyzeIn(project, 'pkg/train.py');
    assert.deepEqual(brief(found), ['NR208:11']);
    assert.equal(found[0].related[0].path, '/project/pkg/models.py');
  });

  describe('star imports of project modules', () => {
    const PARTS = 'import torch.nn as nn\n\n\nclass DoubleConv(nn.Module):\n    def __init__(self, cin, cout):\n        super().__init__()\n        self.conv = nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())\n\n    def forward(self, x):\n        return self.conv(x)\n';
    const UNET = (extra = ''): string => `from .parts import *\n${extra}\n\nclass UNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.inc = DoubleConv(3, 64)\n        self.outc = nn.Conv2d(64, 1, 1)\n\n    def forward(self, x):\n        return self.outc(self.inc(x))\n`;
    const TRAIN_UNET = 'import torch\nimport torch.nn as nn\nfrom unet.model import UNet\n\n\ndef eval_net(net, loader):\n    net.eval()\n    with torch.no_grad():\n        return sum(nn.functional.binary_cross_entropy_with_logits(net(x), y).item() for x, y in loader)\n\n\ntorch.manual_seed(0)\nnet = UNet()\noptimizer = torch.optim.Adam(net.parameters(), lr=3e-4)\nfor epoch in range(5):\n    net.train()\n    for x, y in train_loader:\n        loss = nn.functional.binary_cross_entropy_with_logits(net(x), y)\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        val_score = eval_net(net, val_loader)\n';

    it("milesial's U-Net: `from .parts import *` brings the blocks (with BatchNorm) and `nn` itself (NR206 in train.py)", () => {
      const project = { 'unet/__init__.py': '', 'unet/parts.py': PARTS, 'unet/model.py': UNET(), 'train.py': TRAIN_UNET };
      assert.deepEqual(brief(analyzeIn(project, 'train.py')), ['NR206:18']);
    });

    it('hard negative: a block the model file defines itself shadows the star-imported one (no BatchNorm: nothing to report)', () => {
      const own = 'class DoubleConv(nn.Module):\n    def __init__(self, cin, cout):\n        super().__init__()\n        self.conv = nn.Conv2d(cin, cout, 3)\n\n    def forward(self, x):\n        return self.conv(x)\n';
      const project = { 'unet/__init__.py': '', 'unet/parts.py': PARTS, 'unet/model.py': UNET('\n\n' + own), 'train.py': TRAIN_UNET };
      assert.deepEqual(brief(analyzeIn(project, 'train.py')), []);
    });

    it("a package's __init__.py re-exporting a module whole: `from .resnet import *` (NR208 through models/resnet.py)", () => {
      const project = {
        'models/__init__.py': 'from .resnet import *\n',
        'models/resnet.py': NET('return F.softmax(self.fc(x), dim=1)', 'ResNet'),
        'train.py': TRAIN('from models import ResNet', 'ResNet'),
      };
      const found = analyzeIn(project, 'train.py');
      assert.deepEqual(brief(found), ['NR208:11']);
      assert.equal(found[0].related[0].path, '/project/models/resnet.py');
    });

    it('the editor: a star-imported module changes while the file is edited; its names are qualified afresh', () => {
      const files: Record<string, string> = { '/project/parts.py': 'import torch.nn as nn\n' };
      const a = new Analyzer({ host: { readFile: (p) => files[p] } });
      // the class is not edited (its statement is kept with what was worked out for it); a function after it is
      const model = (body: string): string => `from parts import *\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n        self.bn = nn.BatchNorm2d(8)\n\n    def forward(self, x):\n        return self.bn(self.conv(x))\n\n\ndef helper():\n    ${body}\n`;
      const codes = (text: string): string[] => a.analyze({ path: '/project/model.py', text, editing: true }).findings.map((f) => f.code);
      assert.deepEqual(codes(model('return 1')), ['NR209']);
      assert.deepEqual(codes(model('return 2')), ['NR209']);
      // parts.py no longer gives `nn`: nothing in model.py is known to be torch's
      files['/project/parts.py'] = 'import torch.nn as tnn\n';
      assert.deepEqual(codes(model('return 3')), []);
      assert.deepEqual(new Analyzer({ host: { readFile: (p) => files[p] } }).analyze({ path: '/project/model.py', text: model('return 3') }).findings.map((f) => f.code), [], 'fresh');
    });

    it('hard negative: a name the star-imported module does not have stays unknown (quiet)', () => {
      const project = { 'models/__init__.py': 'from .resnet import *\n', 'models/resnet.py': NET('return F.softmax(self.fc(x), dim=1)', 'ResNet'), 'train.py': TRAIN('from models import Net') };
      assert.deepEqual(brief(analyzeIn(project, 'train.py')), []);
    });
  });

  it('a model module that does not exist: quiet, no crash', () => {
    assert.deepEqual(brief(analyzeIn({ 'train.py': TRAIN('from model import Net') }, 'train.py')), []);
  });

  describe('the CLI on a folder and single-file analysis with a host agree', () => {
    let dir: string;
    const project: Project = {
      'model.py': NET('return F.softmax(self.fc(x), dim=1)'),
      'train.py': TRAIN('from model import Net'),
      'blocks.py': `import torch.nn as nn\n\n\nclass Stem(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 16, 3)\n        self.bn = nn.BatchNorm2d(16)\n`,
      'nets/__init__.py': 'from .cnn import Cnn\n',
      'nets/cnn.py': `from blocks import Stem\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass Cnn(Stem):\n    def forward(self, x):\n        x = self.bn(self.conv(x))\n        return F.softmax(x.mean((2, 3)))\n`,
      'nets/train_cnn.py': TRAIN('from . import Cnn', 'Cnn').replace('for x, y in loader:\n    optimizer.zero_grad()\n', 'for x, y in loader:\n'),
    };
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'nnr-xfile-'));
      for (const [p, t] of Object.entries(project)) {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), t);
      }
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('gives the same findings', async () => {
      let out = '';
      const code = await runCli(['check', '.', '--format', 'json', '--no-project-file'], { stdout: (s) => (out += s), stderr: () => undefined, cwd: dir });
      assert.equal(code, 1);
      const cli = (JSON.parse(out) as { findings: { file: string; code: string; location: { line: number; column: number } }[] }).findings
        .map((f) => `${f.file}:${f.location.line}:${f.location.column}:${f.code}`)
        .sort();
      // The editor's way: each file analysed on its own, other files read from disk through the host.
      const host = { readFile: (p: string): string | undefined => (p.startsWith(dir) ? safeRead(p) : undefined) };
      const single = Object.keys(project)
        .flatMap((p) => {
          const res = new Analyzer({ host }).analyze({ path: join(dir, p).replace(/\\/g, '/'), text: project[p] });
          return res.findings.map((f) => `${p}:${f.range.start.line + 1}:${f.range.start.character + 1}:${f.code}`);
        })
        .sort();
      assert.deepEqual(cli, single);
      // and the findings are the cross-file ones we expect
      assert.deepEqual(
        single.filter((s) => /NR20[4-9]|NR214/.test(s)),
        ['nets/cnn.py:8:21:NR209', 'nets/cnn.py:9:16:NR214', 'nets/train_cnn.py:12:5:NR204', 'nets/train_cnn.py:10:12:NR208', 'train.py:11:12:NR208'].sort(),
      );
    });
  });
});

function safeRead(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

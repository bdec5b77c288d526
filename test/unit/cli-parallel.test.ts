// Checking on worker threads gives what a single thread gives: the same output in every format, in the same
// order, and cross-file findings still found when the importing file and the imported one are checked by
// different threads (each worker's Analyzer reads the other project files through its own host).
import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { runCli } from '../../src/cli/main';
import { BYTES_PER_THREAD, FileCache, type FileOutcome, autoThreads, checkFiles, threadsFor } from '../../src/cli/parallel';
import { walk } from '../../src/cli/walk';
import { generateProject } from '../../scripts/lib/corpus';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd });
  return { code, out, err };
}

// A model whose forward() ends in a softmax, first in the file order, and the script that trains it with
// CrossEntropyLoss, last: NR208 in the script needs the model file.
const MODEL = 'import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass SoftNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 2)\n\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n';
const TRAIN = 'import torch\nfrom torch import nn\nfrom aaa_models.net import SoftNet\n\ntorch.manual_seed(0)\nmodel = SoftNet()\ncriterion = nn.CrossEntropyLoss()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    opt.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    opt.step()\n';

const summary = (o: FileOutcome): string[] => (o.result?.findings ?? []).map((f) => `${f.code}@${f.offsets.start}:${f.message}`);

describe('CLI on worker threads', function () {
  this.timeout(120_000);
  let dir: string;
  let files: string[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nnr-par-'));
    const project = [...generateProject({ lines: 3000, seed: 11 }), { path: 'aaa_models/net.py', text: MODEL }, { path: 'zzz_train/train.py', text: TRAIN }];
    for (const f of project) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
    files = walk(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the project is big enough for several threads', () => {
    assert.ok(files.length >= 50, `${files.length} files`);
    assert.ok(threadsFor(files, { jobs: 3 }) >= 2);
    assert.equal(threadsFor(files, { jobs: 3, fix: ['safe'] }), 1, '--fix stays on one thread');
    assert.equal(threadsFor(files, {}), 1, 'a project this small is checked on one thread unless --jobs says otherwise');
  });

  it('the automatic thread count: one per BYTES_PER_THREAD of source, one core left to V8', () => {
    const mb = 1024 * 1024;
    assert.equal(autoThreads(14 * mb, 2), 1, 'on 2 cores one thread, however big the project');
    assert.equal(autoThreads(14 * mb, 1), 1);
    assert.equal(autoThreads(1 * mb, 8), 1, 'a small project on one thread');
    assert.equal(autoThreads(BYTES_PER_THREAD, 8), 2);
    assert.equal(autoThreads(100 * mb, 8), 7, 'at most one thread per core but one');
  });

  it('prints the same report with one thread and with several, in every format', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const one = await cli(['check', '.', '--format', format, '--jobs', '1'], dir);
      const many = await cli(['check', '.', '--format', format, '--jobs', '3'], dir);
      assert.equal(one.code, 1, one.err);
      assert.equal(many.code, one.code);
      assert.equal(many.out, one.out, format);
      assert.equal(many.err, one.err, format);
    }
    const text = (await cli(['check', '.', '--jobs', '3'], dir)).out;
    assert.match(text, /^zzz_train\/train\.py:11:\d+: NR208 /m);
    assert.match(text, new RegExp(`Found \\d+ findings in ${files.length} files checked`));
  });

  it('workers alone: every file checked off the main thread, outcomes in file order, cross-file findings kept', async () => {
    const settings = {};
    const sequential: FileOutcome[] = [];
    await checkFiles(files, { settings, stage: undefined, jobs: 1 }, (_f, o) => sequential.push(o));
    const order: string[] = [];
    const outcomes: FileOutcome[] = [];
    const stats = await checkFiles(files, { settings, stage: undefined, jobs: 2, mainThreadWorks: false }, (f, o) => {
      order.push(f);
      outcomes.push(o);
    });
    assert.equal(stats.threads, 2);
    assert.equal(stats.byWorkers, files.length);
    assert.deepEqual(order, files);
    assert.deepEqual(outcomes.map(summary), sequential.map(summary));
    const train = outcomes[files.findIndex((f) => f.endsWith('train.py') && f.includes('zzz_train'))];
    assert.ok(summary(train).some((s) => s.startsWith('NR208@')), summary(train).join('\n'));
  });
});

describe('the CLI\'s file cache', () => {
  it('looks files up in the folder listings a walk hands it, without listing those folders again', () => {
    const d = mkdtempSync(join(tmpdir(), 'nnr-fc-'));
    try {
      mkdirSync(join(d, 'pkg'));
      writeFileSync(join(d, 'pkg', 'a.py'), 'x = 1\n');
      writeFileSync(join(d, '.gitignore'), 'pkg/ignored.py\n');
      writeFileSync(join(d, 'pkg', 'ignored.py'), 'y = 2\n');
      const listed: [string, readonly string[]][] = [];
      assert.deepEqual(walk(d, [], (dir, names) => listed.push([dir, names])), [join(d, 'pkg', 'a.py')]);
      // every entry of each folder walked, ignored ones too: what listing the folder gives
      assert.deepEqual(
        listed.map(([dir, names]) => [dir, [...names].sort()]),
        [
          [d, ['.gitignore', 'pkg']],
          [join(d, 'pkg'), ['a.py', 'ignored.py']],
        ],
      );
      const path = join(d, 'pkg', 'a.py');
      // a listing handed over is what the cache answers by (here one that leaves the file out)
      const seeded = new FileCache();
      seeded.knowListing(join(d, 'pkg'), ['ignored.py']);
      assert.equal(seeded.readFile(path), undefined);
      assert.equal(seeded.readFile(join(d, 'pkg', 'ignored.py')), 'y = 2\n');
      const walked = new FileCache();
      for (const [dir, names] of listed) walked.knowListing(dir, names);
      assert.equal(walked.readFile(path), 'x = 1\n');
      assert.equal(walked.readFile(join(d, 'pkg', 'missing.py')), undefined);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

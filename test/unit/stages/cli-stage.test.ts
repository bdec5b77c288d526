import { strict as assert } from 'assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runStage } from '../../../src/cli/stage';

const FIXTURES = join(__dirname, '../../fixtures/stages');

function run(args: string[], cwd: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runStage(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd });
  return { code, out, err };
}

describe('cli: nn-recipe stage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nn-recipe-stage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const copy = (name: string): string => {
    const to = join(dir, name);
    cpSync(join(FIXTURES, name), to, { recursive: true });
    return to;
  };

  it('prints the stage, its reason, the gaps and the checklist with file:line:column', () => {
    copy('stage4-regularize');
    const r = run(['stage4-regularize'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'Recipe stage 4 · Regularize (inferred from the code)');
    assert.ok(lines.includes('  ! You are regularizing (stage 4), but the random seed is not fixed (2.1: 1 NR201 finding).'), r.out);
    assert.ok(lines.includes('    [!] 2.1 Fix the random seed'), r.out);
    assert.ok(lines.some((l) => l.trim().startsWith('stage4-regularize/train.py:15:1  NR201 ')), r.out);
    assert.ok(lines.includes('    [x] 4.10 Weight decay'), r.out);
    assert.ok(lines.includes('  5 Tune'), 'later stages are listed without their tips');
    // a passed stage with a tip done (3.1, the pretrained network) is done
    assert.ok(lines.includes('  3 Overfit [done]'), r.out);
    assert.ok(lines.includes('  2 End-to-end training/evaluation skeleton + dumb baselines [gaps]'), r.out);
    assert.ok(!lines.some((l) => l.includes('5.1 Random search')), r.out);
  });

  it('a passed stage whose tips show nothing reads "no gaps", not "done" (reviews 120, 121, 124, 125)', () => {
    const root = join(dir, 'p');
    mkdirSync(root);
    writeFileSync(join(root, 'train.py'), 'import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 2))\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor epoch in range(10):\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n');
    const r = run([], root);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'Recipe stage 4 · Regularize (inferred from the code)', r.out);
    assert.ok(lines.includes('  3 Overfit [no gaps]'), r.out);
  });

  it('a passed stage with no essential tips is done only when two of its tips show: one Adam at 3e-4 is "no gaps" (review 153)', () => {
    const root = join(dir, 'p3');
    mkdirSync(root);
    const script = (opt: string): string => `import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 2))\nopt = ${opt}\nfor epoch in range(10):\n    for x, y in train_loader:\n        opt.zero_grad()\n        nn.functional.cross_entropy(model(x), y).backward()\n        opt.step()\n`;
    writeFileSync(join(root, 'train.py'), script('torch.optim.Adam(model.parameters(), lr=3e-4)'));
    const one = run([], root);
    assert.equal(one.out.split('\n')[0], 'Recipe stage 4 · Regularize (inferred from the code)', one.out);
    assert.ok(one.out.split('\n').includes('  3 Overfit [no gaps]'), one.out);
    // hard negative: the rate and the architecture copied from a library (3.2 and 3.1)
    writeFileSync(join(root, 'train.py'), `import torchvision\n${script('torch.optim.Adam(model.parameters(), lr=3e-4)').replace('nn.Linear(10, 64), nn.ReLU()', 'torchvision.models.resnet18(num_classes=64)')}`);
    const two = run([], root);
    assert.ok(two.out.split('\n').includes('  3 Overfit [done]'), two.out);
  });

  it('says once that no training code was found, and names what it looked for when the stage is inferred from other evidence', () => {
    const root = join(dir, 'q');
    mkdirSync(root);
    writeFileSync(join(root, 'model.py'), 'import torch.nn as nn\n\nmodel = nn.Linear(4, 2)\n');
    const lines = run([], root).out.split('\n');
    assert.equal(lines.filter((l) => l.includes('No training code found')).length, 1, lines.join('\n'));
    // a project whose stage comes from other evidence (data exploration) still says what it looked for
    writeFileSync(join(root, 'explore.py'), 'from collections import Counter\n\nprint(Counter(labels))\n');
    const again = run([], root).out.split('\n');
    assert.ok(again.includes('  No training code found (training loops, trainer.fit, training_step).'), again.join('\n'));
  });

  it("lists a later stage's tips only when a rule reports them (review 126)", () => {
    const root = join(dir, 'p');
    mkdirSync(root);
    // a data exploration notebook (stage 1) and an evaluation helper that stops after ten batches (NR203, tip 2.3)
    writeFileSync(join(root, 'explore.py'), 'import matplotlib.pyplot as plt\nfrom torchvision import datasets\n\nds = datasets.CIFAR10("data", download=True)\nfor i in range(16):\n    img, label = ds[i]\n    plt.subplot(4, 4, i + 1)\n    plt.imshow(img)\nplt.show()\n');
    writeFileSync(join(root, 'evaluate.py'), 'import torch\n\n\n@torch.no_grad()\ndef evaluate(model, val_loader):\n    correct = 0\n    for i, (x, y) in enumerate(val_loader):\n        if i >= 10:\n            break\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n');
    const r = run([], root);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'Recipe stage 1 · Data (inferred from the code)', r.out);
    assert.ok(lines.includes('    [!] 2.3 Evaluate on the whole validation set'), r.out);
    assert.ok(!lines.some((l) => l.includes('2.1 Fix the random seed')), 'open tips of a later stage stay hidden');
  });

  it('prints JSON with relative files and 1-based positions', () => {
    const root = copy('stage2-skeleton');
    const r = run(['--format', 'json'], root);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.stage, 2);
    assert.equal(j.pinned, null);
    assert.deepEqual(j.trainingFiles, ['train.py']);
    const seed = j.stages[1].tips.find((t: { id: string }) => t.id === '2.1');
    assert.equal(seed.state, 'done');
    assert.deepEqual(seed.evidence.map((e: { file: string; line: number; column: number }) => [e.file, e.line, e.column]), [['train.py', 8, 1]]);
    assert.equal(j.projectFile, null);
  });

  it('--pin writes the project file from the template, the report follows it, --unpin removes it', () => {
    const root = copy('stage2-skeleton');
    const pin = run(['--pin', '4'], root);
    assert.deepEqual([pin.code, pin.out, pin.err], [0, 'Pinned stage 4 (Regularize) in .nn-recipe.yaml.\n', '']);
    const text = readFileSync(join(root, '.nn-recipe.yaml'), 'utf8');
    assert.ok(text.startsWith('# nn-recipe project file'), 'the new file explains itself');
    assert.ok(text.endsWith('stage: 4\n'), text);
    const report = run([], root);
    assert.equal(report.out.split('\n')[0], 'Recipe stage 4 · Regularize (pinned in .nn-recipe.yaml; the code shows stage 2)');
    assert.match(report.out, /NR404/);
    assert.equal(run(['--unpin'], root).code, 0);
    assert.equal(run([], root).out.split('\n')[0], 'Recipe stage 2 · Skeleton (inferred from the code)');
  });

  it('--tick writes a tick with note and date, found from a sub-folder', () => {
    const root = copy('stage2-skeleton');
    writeFileSync(join(root, '.nn-recipe.yaml'), '# team settings\nselect: [ALL]\n');
    mkdirSync(join(root, 'scripts'));
    const r = run(['scripts', '--tick', '2.8', '--note', 'ran overfit.py', '--date', '2024-05-01'], root);
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(join(root, '.nn-recipe.yaml'), 'utf8'), '# team settings\nselect: [ALL]\nticks:\n  "2.8": {note: ran overfit.py, date: 2024-05-01}\n');
    const report = run([], root);
    assert.match(report.out, /\[x\] 2\.8 Overfit one batch \(ticked: ran overfit\.py, 2024-05-01\)/);
    assert.equal(run(['--untick', '2.8'], root).code, 0);
    assert.equal(readFileSync(join(root, '.nn-recipe.yaml'), 'utf8'), '# team settings\nselect: [ALL]\n');
  });

  it('never overwrites a malformed project file; the report still runs and names the problem', () => {
    const root = copy('stage2-skeleton');
    const bad = 'stage: [4\n# keep me\n';
    writeFileSync(join(root, '.nn-recipe.yaml'), bad);
    const r = run(['--pin', '3'], root);
    assert.equal(r.code, 1);
    assert.match(r.err, /^\.nn-recipe\.yaml: the project file has a problem \(line \d+: .*\); fix it first: nn-recipe never overwrites a file it cannot read\n$/);
    assert.equal(readFileSync(join(root, '.nn-recipe.yaml'), 'utf8'), bad);
    const report = run([], root);
    assert.equal(report.code, 0);
    assert.match(report.err, /^\.nn-recipe\.yaml:\d+:\d+: /);
    assert.equal(report.out.split('\n')[0], 'Recipe stage 2 · Skeleton (inferred from the code)');
  });

  it('usage errors exit with 2', () => {
    const cases: [string[], RegExp][] = [
      [['--format', 'xml'], /unknown format "xml"/],
      [['--pin', '9'], /--pin takes a stage from 1 to 6/],
      [['--tick', '9.9'], /unknown tip "9\.9"/],
      [['--note', 'x'], /--note and --date go with --tick/],
      [['--pin', '2', '--unpin'], /one of --pin, --unpin/],
      [['a', 'b'], /one path/],
      [['--frobnicate'], /unknown option --frobnicate/],
      [['missing-folder'], /missing-folder: no such file or folder/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.equal(r.out, '');
    }
  });
});

import { strict as assert } from 'assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from '../../src/cli/main';
import { gitignorePattern } from '../../src/cli/walk';

const TRAIN = 'import torch\nfrom torch import nn\ntorch.manual_seed(0)\nmodel = nn.Linear(4, 2)\nopt = torch.optim.Adam(model.parameters())\nfor x, y in loader:\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    opt.step()\n';
const CLEAN = TRAIN.replace('for x, y in loader:\n', 'for x, y in loader:\n    opt.zero_grad()\n');

async function cli(args: string[], cwd: string, stdin?: string | Buffer): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const input = stdin === undefined ? undefined : () => (typeof stdin === 'string' ? Buffer.from(stdin) : stdin);
  const code = await runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd, ...(input ? { stdin: input } : {}) });
  return { code, out, err };
}

describe('CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nnr-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints findings like a compiler and exits 1', async () => {
    writeFileSync(join(dir, 'train.py'), TRAIN);
    const r = await cli(['check', '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /^train\.py:9:5: NR204 /m);
    assert.match(r.out, /\[\*\]/);
    assert.match(r.out, /Found 1 finding in 1 file checked\. 1 fixable with --fix/);
  });
  it('a run that checks nothing does not say that all checks passed', async () => {
    const missing = await cli(['check', 'nope.py'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^nope\.py: no such file or folder$/m);
    assert.equal(missing.out, 'Nothing was checked.\n');
    writeFileSync(join(dir, 'notes.txt'), 'not code');
    const none = await cli(['check', '.'], dir);
    assert.equal(none.code, 0);
    assert.match(none.out, /^No files to check/);
  });
  it('- checks standard input: as Python shown as -, or as the file --stdin-filename names (its imports followed from there)', async () => {
    const piped = await cli(['check', '-'], dir, TRAIN);
    assert.equal(piped.code, 1, piped.err);
    assert.match(piped.out, /^-:9:5: NR204 /m);
    assert.match(piped.out, /Found 1 finding in 1 file checked/);
    assert.equal((await cli(['check', '-'], dir, CLEAN)).code, 0);
    // named: the model file beside it is read from disk, the text itself from standard input (not the file there)
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp', 'model.py'), 'import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def forward(self, x):\n        return F.softmax(x, dim=1)\n');
    writeFileSync(join(dir, 'exp', 'train.py'), '# the version on disk\n');
    const uses = CLEAN.replace('model = nn.Linear(4, 2)', 'from model import Net\nmodel = Net()').replace('nn.functional.cross_entropy(model(x), y)', 'nn.CrossEntropyLoss()(model(x), y)');
    const named = await cli(['check', '-', '--stdin-filename', 'exp/train.py', '--format', 'json'], dir, uses);
    assert.equal(named.code, 1, named.err);
    const report = JSON.parse(named.out) as { files: { path: string }[]; findings: { code: string; file: string }[] };
    assert.deepEqual(report.files.map((f) => f.path), ['exp/train.py']);
    assert.deepEqual(report.findings.map((f) => `${f.code} ${f.file}`), ['NR208 exp/train.py']);
    // the language follows the name
    const yaml = await cli(['check', '-', '--stdin-filename', 'conf/sweep.yaml'], dir, 'method: grid\nparameters:\n  lr:\n    values: [0.1, 0.01]\n');
    assert.equal(yaml.code, 0, yaml.err);
    assert.match(yaml.out, /All checks passed \(1 file checked\)/);
    // bad input and misuse
    const binary = await cli(['check', '-'], dir, Buffer.from([0x89, 0x50, 0x00, 0x01]));
    assert.equal(binary.code, 2);
    assert.match(binary.err, /^-: binary file, not text/m);
    for (const args of [['check', '-', 'train.py'], ['check', '-', '--output', 'r.txt'], ['check', '.', '--stdin-filename', 'x.py']]) {
      const r = await cli(args, dir, TRAIN);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^nn-recipe: .*(standard input|stdin)/m, args.join(' '));
    }
    assert.equal(readFileSync(join(dir, 'exp', 'train.py'), 'utf8'), '# the version on disk\n', 'nothing written');
  });
  it('- with --fix: the fixed text on standard output, the report on standard error, nothing written', async () => {
    writeFileSync(join(dir, 'train.py'), TRAIN);
    const fixed = await cli(['check', '-', '--fix', '--stdin-filename', 'train.py'], dir, TRAIN);
    assert.equal(fixed.code, 0, fixed.err);
    assert.equal(fixed.out, CLEAN);
    assert.match(fixed.err, /Fixed 1 finding in 1 file\./);
    assert.equal(readFileSync(join(dir, 'train.py'), 'utf8'), TRAIN, 'the file on disk is not touched');
    // what is left after the safe fixes is reported, with exit code 1
    const unsafe = 'import torch.nn as nn\n\nblock = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8))\n';
    const left = await cli(['check', '-', '--fix', '--format', 'json'], dir, TRAIN + unsafe);
    assert.equal(left.code, 1);
    assert.equal(left.out, CLEAN + unsafe);
    assert.deepEqual((JSON.parse(left.err) as { findings: { code: string; file: string }[] }).findings.map((f) => `${f.code} ${f.file}`), ['NR209 -']);
    assert.equal((await cli(['check', '-', '--fix', '--unsafe-fixes'], dir, TRAIN + unsafe)).out, CLEAN + unsafe.replace('nn.Conv2d(3, 8, 3)', 'nn.Conv2d(3, 8, 3, bias=False)'));
    // nothing to fix: the text comes back as it was, a BOM and CRLF line endings included
    const crlf = '\uFEFF' + CLEAN.replace(/\n/g, '\r\n');
    const same = await cli(['check', '-', '--fix'], dir, crlf);
    assert.equal(same.code, 0, same.err);
    assert.equal(same.out, crlf);
    assert.equal((await cli(['check', '-', '--fix'], dir, '\uFEFF' + TRAIN.replace(/\n/g, '\r\n'))).out, crlf, 'fixed, with the BOM and CRLF kept');
    // text that is not valid UTF-8 is given back unchanged, with a clear error
    const latin = Buffer.concat([Buffer.from(TRAIN), Buffer.from([0xe9, 0x0a])]);
    const bad = await cli(['check', '-', '--fix'], dir, latin);
    assert.equal(bad.code, 2);
    assert.equal(Buffer.from(bad.out).includes(Buffer.from('opt.zero_grad()')), false);
    assert.match(bad.err, /^-: not fixed: fixes are only applied to valid UTF-8 text$/m);
  });
  it('exits 0 on a clean project', async () => {
    writeFileSync(join(dir, 'train.py'), CLEAN);
    const r = await cli(['check'], dir);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /All checks passed \(1 file checked\)/);
  });
  it('--format json gives 1-based locations and fixes', async () => {
    writeFileSync(join(dir, 'train.py'), TRAIN);
    const r = await cli(['check', 'train.py', '--format', 'json'], dir);
    const j = JSON.parse(r.out);
    assert.equal(j.findings.length, 1);
    assert.deepEqual(j.findings[0].location, { line: 9, column: 5 });
    assert.equal(j.findings[0].file, 'train.py');
    assert.equal(j.findings[0].fixes[0].safety, 'safe');
  });
  it('--format sarif gives SARIF 2.1.0 with rule metadata and help links', async () => {
    writeFileSync(join(dir, 'train.py'), TRAIN);
    const r = await cli(['check', '.', '--format=sarif'], dir);
    const s = JSON.parse(r.out);
    assert.equal(s.version, '2.1.0');
    const run = s.runs[0];
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'NR204');
    assert.ok(rule.helpUri.endsWith('docs/rules/NR204.md'));
    assert.ok(rule.help.markdown.includes('# NR204'));
    assert.equal(run.results[0].ruleId, 'NR204');
    assert.equal(run.tool.driver.rules[run.results[0].ruleIndex].id, 'NR204');
    assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 9, startColumn: 5, endLine: 9, endColumn: 15 });
    assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'train.py');
    assert.equal(run.columnKind, 'utf16CodeUnits');
  });
  it('--select and --ignore by code or prefix', async () => {
    writeFileSync(join(dir, 'train.py'), TRAIN);
    assert.equal((await cli(['check', '.', '--ignore', 'NR204'], dir)).code, 0);
    assert.equal((await cli(['check', '.', '--ignore', 'NR2'], dir)).code, 0);
    assert.equal((await cli(['check', '.', '--select', 'NR209'], dir)).code, 0);
    assert.equal((await cli(['check', '.', '--select', 'NR2', '--ignore', 'NR209'], dir)).code, 1);
    const bad = await cli(['check', '.', '--select', 'XX9'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown rule code or prefix: XX9/);
  });
  it('--fix applies safe fixes and writes the file; the result is clean', async () => {
    const p = join(dir, 'train.py');
    writeFileSync(p, TRAIN);
    const r = await cli(['check', '.', '--fix'], dir);
    assert.equal(r.code, 0, r.out);
    assert.equal(readFileSync(p, 'utf8'), CLEAN);
    assert.match(r.out, /Fixed 1 finding in 1 file/);
  });
  it('--fix leaves unsafe fixes alone; --unsafe-fixes applies them', async () => {
    const p = join(dir, 'm.py');
    const src = 'import torch.nn as nn\nb = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8))\n';
    writeFileSync(p, src);
    assert.equal((await cli(['check', 'm.py', '--fix'], dir)).code, 1);
    assert.equal(readFileSync(p, 'utf8'), src);
    assert.equal((await cli(['check', 'm.py', '--fix', '--unsafe-fixes'], dir)).code, 0);
    assert.match(readFileSync(p, 'utf8'), /bias=False/);
  });
  it('--fix keeps a UTF-8 BOM and CRLF line endings', async () => {
    const p = join(dir, 'train.py');
    writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TRAIN.replace(/\n/g, '\r\n'))]));
    await cli(['check', '.', '--fix'], dir);
    const out = readFileSync(p);
    assert.deepEqual([...out.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(out.subarray(3).toString('utf8'), CLEAN.replace(/\n/g, '\r\n'));
  });
  it('a missing path, a binary file and an unreadable file: one clear line each, exit 2, no stack trace', async () => {
    writeFileSync(join(dir, 'weights.py'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff]));
    const r1 = await cli(['check', 'weights.py'], dir);
    assert.equal(r1.code, 2);
    assert.match(r1.err, /^weights\.py: binary file, not text/m);
    const r2 = await cli(['check', 'nope.py'], dir);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /nope\.py: no such file or folder/);
    if (process.getuid && process.getuid() !== 0) {
      writeFileSync(join(dir, 'secret.py'), 'x = 1\n');
      chmodSync(join(dir, 'secret.py'), 0);
      const r3 = await cli(['check', 'secret.py'], dir);
      assert.equal(r3.code, 2);
      assert.match(r3.err, /permission denied/);
    }
    for (const r of [r1, r2]) assert.doesNotMatch(r.err, /\n\s+at /);
  });
  it('a file with syntax errors is analysed as far as possible and the CLI says so', async () => {
    writeFileSync(join(dir, 'm.py'), 'import torch.nn as nn\nx = foo(1,\nb = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8))\n');
    const r = await cli(['check', 'm.py'], dir);
    assert.match(r.err, /m\.py:\d+:\d+: has syntax errors; analysed as far as the parser recovered/);
    assert.match(r.out, /NR209/);
    assert.equal(r.code, 1);
  });
  it("says what the syntax error is where CPython's tokenizer would say it (python/lexical.ts)", async () => {
    writeFileSync(join(dir, 'm.py'), "import torch.nn as nn\nname = 'resnet\nb = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8))\n");
    const r = await cli(['check', 'm.py'], dir);
    assert.match(r.err, /m\.py:2:8: has syntax errors \(unterminated string literal\); analysed as far as the parser recovered/);
  });
  it('non-UTF-8 files are analysed with a note', async () => {
    writeFileSync(join(dir, 'train.py'), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n' + CLEAN)]));
    const r = await cli(['check', '.'], dir);
    assert.equal(r.code, 0);
    assert.match(r.err, /not valid UTF-8/);
  });
  it('a latin-1 file with a coding cookie is decoded by it', async () => {
    writeFileSync(join(dir, 'train.py'), Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\n# caf'), Buffer.from([0xe9]), Buffer.from('\n' + CLEAN)]));
    const r = await cli(['check', '.'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
  });
  it('walks folders, skipping node_modules, virtual envs and .gitignore patterns', async () => {
    for (const d of ['node_modules/pkg', '.venv/lib', 'gen', 'src']) mkdirSync(join(dir, d), { recursive: true });
    for (const f of ['node_modules/pkg/train.py', '.venv/lib/train.py', 'gen/train.py', 'src/train.py', 'src/skip_me.py']) writeFileSync(join(dir, f), TRAIN);
    writeFileSync(join(dir, '.gitignore'), 'gen/\n*skip*\n');
    const r = await cli(['check', '.', '--format', 'json'], dir);
    assert.deepEqual(JSON.parse(r.out).files.map((f: { path: string }) => f.path), ['src/train.py']);
  });
  it('reads select/ignore/severity from .nn-recipe.yaml; flags win over it', async () => {
    writeFileSync(join(dir, 'train.py'), TRAIN);
    writeFileSync(join(dir, '.nn-recipe.yaml'), '# team settings\nignore: [NR204]\n');
    assert.equal((await cli(['check', '.'], dir)).code, 0);
    assert.equal((await cli(['check', '.', '--ignore', 'NR209'], dir)).code, 1);
    writeFileSync(join(dir, '.nn-recipe.yaml'), 'severity:\n  NR204: error\n');
    assert.equal(JSON.parse((await cli(['check', '.', '--format', 'json'], dir)).out).findings[0].severity, 'error');
    assert.equal((await cli(['check', '.', '--no-project-file', '--format', 'json'], dir)).code, 1);
  });
  it('a malformed project file is a clear error (exit 2)', async () => {
    writeFileSync(join(dir, 'train.py'), CLEAN);
    writeFileSync(join(dir, '.nn-recipe.yaml'), 'select: [NR2\n');
    const r = await cli(['check', '.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /^\.nn-recipe\.yaml:\d+:\d+: /m);
  });
  it('stage-aware rules run in a pinned or given stage, or the inferred one with --stage auto, never on a guess by default', async () => {
    // A training script with SGD as its first optimizer (NR301 in stages 2-3) and a W&B sweep: the code shows stage 5.
    writeFileSync(join(dir, 'train.py'), CLEAN.replace('torch.optim.Adam(model.parameters())', 'torch.optim.SGD(model.parameters(), lr=0.1)'));
    writeFileSync(join(dir, 'sweep.yaml'), 'program: train.py\nmethod: random\nmetric:\n  name: val_loss\n  goal: minimize\nparameters:\n  lr:\n    distribution: log_uniform_values\n    min: 0.0001\n    max: 0.1\nrun_cap: 20\n');
    const codesOf = async (...args: string[]): Promise<string[]> => (JSON.parse((await cli(['check', '.', '--format', 'json', ...args], dir)).out) as { findings: { code: string }[] }).findings.map((f) => f.code);
    assert.deepEqual(await codesOf(), []);
    assert.deepEqual(await codesOf('--stage', '2'), ['NR301']);
    const auto = JSON.parse((await cli(['check', '.', '--format', 'json', '--stage', 'auto'], dir)).out) as { stage: number; stageSource: string; findings: { code: string }[] };
    assert.equal(auto.stage, 5);
    assert.equal(auto.stageSource, 'inferred');
    assert.ok(!auto.findings.some((f) => f.code === 'NR301'), 'NR301 is for stages 2-3 only');
    writeFileSync(join(dir, '.nn-recipe.yaml'), 'stage: 3  # pinned\n');
    assert.deepEqual(await codesOf(), ['NR301']);
    assert.match((await cli(['check', '.'], dir)).out, /Stage 3 \(pinned\)\.$/m);
  });
  it('usage errors exit 2 with a hint', async () => {
    for (const args of [['check', '--format', 'xml'], ['frobnicate'], ['check', '--stage', '9'], ['check', '--unsafe-fixes'], []]) {
      const r = await cli(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.err.length > 0 || r.out.includes('Usage'), args.join(' '));
    }
  });
  it('`rule` prints a rule\'s docs by code or name; unknown rules exit 2', async () => {
    const r = await cli(['rule', 'NR204'], dir);
    assert.equal(r.code, 0);
    assert.match(r.out, /# NR204: missing-zero-grad/);
    assert.match((await cli(['rule', 'missing-zero-grad'], dir)).out, /NR204/);
    assert.equal((await cli(['rule', 'NR999'], dir)).code, 2);
  });
  it('--output writes the report to a file', async () => {
    writeFileSync(join(dir, 'train.py'), TRAIN);
    const r = await cli(['check', '.', '--format', 'sarif', '--output', 'out.sarif'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).version, '2.1.0');
  });
  it('gitignore patterns', () => {
    const t = (p: string, path: string): boolean => gitignorePattern(p)?.regex.test(path) ?? false;
    assert.ok(t('*.pyc', 'a/b/c.pyc'));
    assert.ok(t('/build', 'build/x.py'));
    assert.ok(!t('/build', 'src/build/x.py'));
    assert.ok(t('docs/**/*.py', 'docs/a/b/c.py'));
    assert.ok(!t('# comment', 'x'));
  });
});

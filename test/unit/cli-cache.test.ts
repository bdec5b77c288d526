// `nn-recipe check --cache`: a run with the cache reports exactly what a run without it reports, whatever changed
// in between (the file, a file it imports, a file it imports through a package, a file appearing where an import
// found none), and a file whose result is kept is not analysed again.
import { strict as assert } from 'assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { runCli } from '../../src/cli/main';
import { generateProject } from '../../scripts/lib/corpus';
import { NET, TRAIN } from './helpers/projects';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd });
  return { code, out, err };
}

/** The cache files in `dir` (one per build and configuration, and the stage inference's evidence). */
function cacheFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')) : [];
}
interface CacheData {
  deps: [string, string | null][];
  files: Record<string, { hash: string; deps: number[]; result: { findings: { message: string }[] } }>;
}
function readCache(dir: string): CacheData {
  const [name] = cacheFiles(dir).filter((n) => !n.endsWith('-evidence.json'));
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as CacheData;
}
/** A file's dependencies as (path, hash) pairs: the cache keeps indices into one table. */
const depsOf = (data: CacheData, path: string): [string, string | null][] => data.files[path].deps.map((i) => data.deps[i]);

describe('CLI result cache (--cache)', function () {
  this.timeout(60_000);
  let dir: string;
  const write = (rel: string, text: string): void => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  /** A run with the cache and one without: the same output, in text and JSON. */
  async function same(args: string[] = []): Promise<{ code: number; out: string; err: string }> {
    let cached = { code: 0, out: '', err: '' };
    for (const format of ['json', 'text']) {
      cached = await cli(['check', '.', '--cache', '--format', format, ...args], dir);
      const fresh = await cli(['check', '.', '--format', format, ...args], dir);
      assert.equal(cached.out, fresh.out, format);
      assert.equal(cached.err, fresh.err, format);
      assert.equal(cached.code, fresh.code, format);
    }
    return cached;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nnr-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps results in .nn-recipe-cache/, marked as a cache and ignored by git; a kept result is not analysed again', async () => {
    write('train.py', TRAIN('from model import Net'));
    write('model.py', NET('return F.softmax(self.fc(x), dim=1)'));
    const first = await same();
    assert.match(first.out, /^train\.py:11:\d+: NR208 /m);
    const cacheDir = join(dir, '.nn-recipe-cache');
    assert.equal(readFileSync(join(cacheDir, '.gitignore'), 'utf8').split('\n').includes('*'), true);
    assert.match(readFileSync(join(cacheDir, 'CACHEDIR.TAG'), 'utf8'), /^Signature: 8a477f597d28d172789f06886806bc55/);
    assert.equal(cacheFiles(cacheDir).length, 1);
    assert.match((await cli(['check', '.', '--cache'], dir)).out, /in 2 files checked/, 'the cache is not checked');
    // a cache folder elsewhere is not checked either: it ignores itself for git, and so for the walk
    await cli(['check', '.', '--cache-dir', 'sub/cache'], dir);
    assert.match((await cli(['check', '.'], dir)).out, /in 2 files checked/);
    rmSync(join(dir, 'sub'), { recursive: true });
    const data = readCache(cacheDir);
    const train = data.files[join(dir, 'train.py')];
    assert.ok(train, Object.keys(data.files).join());
    assert.deepEqual(
      depsOf(data, join(dir, 'train.py'))
        .filter(([, h]) => h !== null)
        .map(([p]) => p),
      [join(dir, 'model.py')],
      'train.py depends on the model file it imports',
    );
    // The kept result is what the next run reports: changed in the cache, the change shows.
    train.result.findings[0].message = 'FROM THE CACHE';
    writeFileSync(join(cacheDir, cacheFiles(cacheDir)[0]), JSON.stringify(data));
    const again = await cli(['check', '.', '--cache'], dir);
    assert.match(again.out, /^train\.py:11:\d+: NR208 FROM THE CACHE$/m);
    // Without --cache the cache is not read
    assert.doesNotMatch((await cli(['check', '.'], dir)).out, /FROM THE CACHE/);
  });

  it('a change in the file, in a file it imports, or through a package re-export is seen', async () => {
    write('models/__init__.py', 'from .resnet import ResNet\n');
    write('models/resnet.py', NET('return F.softmax(self.fc(x), dim=1)', 'ResNet'));
    write('train.py', TRAIN('from models import ResNet', 'ResNet'));
    assert.match((await same()).out, /^train\.py:11:\d+: NR208 /m);
    // the model behind the package's re-export now returns logits
    write('models/resnet.py', NET('return self.fc(x)', 'ResNet'));
    assert.doesNotMatch((await same()).out, /NR208/);
    // and back
    write('models/resnet.py', NET('return F.softmax(self.fc(x), dim=1)', 'ResNet'));
    assert.match((await same()).out, /^train\.py:11:\d+: NR208 /m);
    // the package stops re-exporting it
    write('models/__init__.py', '');
    assert.doesNotMatch((await same()).out, /NR208/);
    // the training file itself: zero_grad removed
    write('models/__init__.py', 'from .resnet import ResNet\n');
    write('train.py', TRAIN('from models import ResNet', 'ResNet').replace('    optimizer.zero_grad()\n', ''));
    const out = (await same()).out;
    assert.match(out, /NR204/);
    assert.match(out, /NR208/);
  });

  it('a change two imports away is seen: the forward() of a base class in blocks.py, the model in model.py, the loss in train.py', async () => {
    const blocks = (ret: string): string => NET(ret, 'Base');
    write('blocks.py', blocks('return F.softmax(self.fc(x), dim=1)'));
    write('model.py', 'from blocks import Base\n\n\nclass Net(Base):\n    pass\n');
    write('train.py', TRAIN('from model import Net'));
    assert.match((await same()).out, /^train\.py:11:\d+: NR208 /m);
    write('blocks.py', blocks('return self.fc(x)'));
    assert.doesNotMatch((await same()).out, /NR208/);
    write('blocks.py', blocks('return F.softmax(self.fc(x), dim=1)'));
    assert.match((await same()).out, /^train\.py:11:\d+: NR208 /m);
  });

  it('a file appearing where an import found none, or going away, is seen', async () => {
    write('train.py', TRAIN('from model import Net'));
    assert.doesNotMatch((await same()).out, /NR208/);
    write('model.py', NET('return F.softmax(self.fc(x), dim=1)'));
    assert.match((await same()).out, /^train\.py:11:\d+: NR208 /m);
    rmSync(join(dir, 'model.py'));
    assert.doesNotMatch((await same()).out, /NR208/);
    // and the deleted file's own entry is dropped when the cache is written
    assert.deepEqual(Object.keys(readCache(join(dir, '.nn-recipe-cache')).files), [join(dir, 'train.py')]);
  });

  it('other settings and another stage are kept apart; a check of one folder keeps the others\' results', async () => {
    write('a/train.py', TRAIN('from model import Net'));
    write('a/model.py', NET('return F.softmax(self.fc(x), dim=1)'));
    write('b/train.py', TRAIN('from model import Net').replace('    optimizer.zero_grad()\n', ''));
    const all = await same();
    assert.match(all.out, /^a\/train\.py:11:\d+: NR208 /m);
    assert.match(all.out, /^b\/train\.py:\d+:\d+: NR204 /m);
    const ignored = await same(['--ignore', 'NR208']);
    assert.doesNotMatch(ignored.out, /NR208/);
    await same(['--stage', '4']);
    assert.equal(cacheFiles(join(dir, '.nn-recipe-cache')).length, 3, 'one file per configuration');
    assert.match((await same()).out, /^a\/train\.py:11:\d+: NR208 /m);
    // a check of a/ alone keeps b/'s result
    const sub = await cli(['check', 'a', '--cache'], dir);
    assert.equal(sub.code, 1, sub.err);
    const cacheDir = join(dir, '.nn-recipe-cache');
    const keys = cacheFiles(cacheDir).map((n) => Object.keys((JSON.parse(readFileSync(join(cacheDir, n), 'utf8')) as { files: object }).files).length);
    assert.ok(keys.every((n) => n === 3), String(keys));
  });

  it('a damaged cache is ignored and written anew; one that cannot be written costs a warning, not the check', async () => {
    write('train.py', TRAIN('from model import Net').replace('    optimizer.zero_grad()\n', ''));
    await same();
    const cacheDir = join(dir, '.nn-recipe-cache');
    const [name] = cacheFiles(cacheDir);
    writeFileSync(join(cacheDir, name), '{"format": 1, "files": {');
    const damaged = await cli(['check', '.', '--cache'], dir);
    assert.equal(damaged.code, 1);
    assert.match(damaged.out, /NR204/);
    assert.match(damaged.err, /the cache .*\.json was not used \(not valid JSON\); it is written anew/);
    assert.ok(readCache(cacheDir).files[join(dir, 'train.py')], 'written anew');
    // entries of the wrong shape are dropped, not trusted
    writeFileSync(join(cacheDir, name), JSON.stringify({ ...JSON.parse(readFileSync(join(cacheDir, name), 'utf8')), files: { [join(dir, 'train.py')]: { hash: 'x' } } }));
    assert.match((await same()).out, /NR204/);
    // an entry naming a dependency the table does not have is dropped, not trusted
    const data = readCache(cacheDir);
    const entry = data.files[join(dir, 'train.py')];
    entry.result.findings[0].message = 'FROM THE CACHE';
    writeFileSync(join(cacheDir, name), JSON.stringify(data));
    assert.match((await cli(['check', '.', '--cache'], dir)).out, /FROM THE CACHE/, 'the entry as it is is used');
    entry.deps.push(data.deps.length + 5);
    writeFileSync(join(cacheDir, name), JSON.stringify(data));
    const dropped = await cli(['check', '.', '--cache'], dir);
    assert.doesNotMatch(dropped.out, /FROM THE CACHE/);
    assert.match(dropped.out, /NR204/);
    // a file where the cache folder should be
    writeFileSync(join(dir, 'blocked'), '');
    const blocked = await cli(['check', 'train.py', '--cache-dir', 'blocked/cache'], dir);
    assert.equal(blocked.code, 1);
    assert.match(blocked.out, /NR204/);
    assert.match(blocked.err, /^nn-recipe: cannot write the cache in .*blocked\/cache \(\w+\); the check is not affected$/m);
  });

  it('caches of another build are removed; --fix checks every file and keeps nothing', async () => {
    write('train.py', TRAIN('from model import Net').replace('    optimizer.zero_grad()\n', ''));
    const cacheDir = join(dir, 'cache');
    mkdirSync(cacheDir);
    writeFileSync(join(cacheDir, 'oldbuild-0123456789abcdef.json'), '{}');
    await cli(['check', '.', '--cache-dir', 'cache'], dir);
    const names = cacheFiles(cacheDir);
    assert.equal(names.length, 1);
    assert.ok(!names.includes('oldbuild-0123456789abcdef.json'));
    const before = readFileSync(join(cacheDir, names[0]), 'utf8');
    const fixed = await cli(['check', '.', '--cache-dir', 'cache', '--fix'], dir);
    assert.equal(fixed.code, 0, fixed.out + fixed.err);
    assert.match(readFileSync(join(dir, 'train.py'), 'utf8'), /optimizer\.zero_grad\(\)/);
    assert.equal(readFileSync(join(cacheDir, names[0]), 'utf8'), before, '--fix leaves the cache alone');
    // the next run sees the fixed file
    assert.match((await cli(['check', '.', '--cache-dir', 'cache'], dir)).out, /All checks passed/);
  });

  it('--stage auto: the evidence of each file is kept too, and the stage inferred from it is the one inferred without the cache', async () => {
    // SGD as the first optimizer: NR301 in stages 2-3; a W&B sweep shows stage 5
    write('train.py', TRAIN('from model import Net').replace('torch.optim.SGD(model.parameters(), lr=0.1)', 'torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)'));
    write('model.py', NET('return self.fc(x)'));
    const stageOf = (out: string): number => (JSON.parse(out) as { stage: number }).stage;
    const before = await same(['--stage', 'auto']);
    assert.match(before.out, /NR301/);
    const cacheDir = join(dir, '.nn-recipe-cache');
    assert.ok(cacheFiles(cacheDir).some((n) => n.endsWith('-evidence.json')), cacheFiles(cacheDir).join());
    const evidence = JSON.parse(readFileSync(join(cacheDir, cacheFiles(cacheDir).find((n) => n.endsWith('-evidence.json')) as string), 'utf8')) as CacheData;
    assert.deepEqual(Object.keys(evidence.files).sort(), [join(dir, 'model.py'), join(dir, 'train.py')]);
    write('sweep.yaml', 'program: train.py\nmethod: random\nmetric:\n  name: val_loss\n  goal: minimize\nparameters:\n  lr:\n    distribution: log_uniform_values\n    min: 0.0001\n    max: 0.1\nrun_cap: 20\n');
    const sweep = await same(['--stage', 'auto']);
    assert.doesNotMatch(sweep.out, /NR301/);
    assert.equal(stageOf((await cli(['check', '.', '--cache', '--stage', 'auto', '--format', 'json'], dir)).out), 5);
    // the kept evidence is what the next run reads: the sweep's taken away in the cache, the stage falls back
    const evidenceFile = join(cacheDir, cacheFiles(cacheDir).find((n) => n.endsWith('-evidence.json')) as string);
    const kept = JSON.parse(readFileSync(evidenceFile, 'utf8')) as { files: Record<string, { result: { evidence: unknown[] } }> };
    kept.files[join(dir, 'sweep.yaml')].result.evidence = [];
    writeFileSync(evidenceFile, JSON.stringify(kept));
    assert.ok(stageOf((await cli(['check', '.', '--cache', '--stage', 'auto', '--format', 'json'], dir)).out) < 5);
    assert.equal(stageOf((await cli(['check', '.', '--stage', 'auto', '--format', 'json'], dir)).out), 5);
    rmSync(join(dir, 'sweep.yaml'));
    write('model.py', NET('return F.dropout(self.fc(x), p=0.5, training=self.training)'));
    await same(['--stage', 'auto']);
  });

  it('configs are not kept (they depend on the scripts around them); usage errors', async () => {
    write('train.py', 'import hydra\n\n\n@hydra.main(config_path=".", config_name="config")\ndef main(cfg):\n    pass\n');
    write('config.yaml', 'optimizer:\n  lr: 1e-3\n');
    await same();
    assert.deepEqual(Object.keys(readCache(join(dir, '.nn-recipe-cache')).files), [join(dir, 'train.py')]);
    const usage = await cli(['check', '--cache-dir'], dir);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--cache-dir/);
  });

  it('a generated project on several threads: the same report as without the cache, before and after a shared module changes', async () => {
    for (const f of generateProject({ lines: 3000, seed: 5 })) write(f.path, f.text);
    const first = await same(['--jobs', '3']);
    assert.equal(first.code, 1, first.err);
    const data = readCache(join(dir, '.nn-recipe-cache'));
    const kept = data.files;
    assert.ok(Object.keys(kept).length >= 50, String(Object.keys(kept).length));
    // A module many files import: a change there reaches them.
    const counts = new Map<string, number>();
    for (const path of Object.keys(kept)) for (const [p, h] of depsOf(data, path)) if (h !== null) counts.set(p, (counts.get(p) ?? 0) + 1);
    const [shared, users] = [...counts].sort((a, b) => b[1] - a[1])[0];
    assert.ok(users >= 3, `${shared}: ${users}`);
    writeFileSync(shared, readFileSync(shared, 'utf8') + '\n\ndef _added_helper():\n    return 1\n');
    await same(['--jobs', '3']);
    await same(['--jobs', '1']);
  });
});

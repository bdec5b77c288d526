// The shipped bundle, not just the sources: `node dist/cli.js` must run on the example project (bundling
// problems such as a dependency esbuild cannot follow show up only here).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '../..');

describe('the bundled CLI', function () {
  this.timeout(120_000);
  before(() => {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  });
  it('checks the example project: findings and exit code 1', () => {
    const r = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples/', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const codes = new Set((JSON.parse(r.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code));
    for (const c of ['NR201', 'NR204', 'NR208', 'NR209']) assert.ok(codes.has(c), `${c} missing from the example's findings`);
  });
  it('output piped into a reader that stops early (`check … | head -1`): no stack trace, the exit code of the check', () => {
    // more output than a pipe holds (1,000 findings), so that writes go on after the reader has gone
    const script = 'import torch\n' + Array.from({ length: 1000 }, (_, i) => `m${i} = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3), torch.nn.BatchNorm2d(8))\n`).join('');
    const r = spawnSync('bash', ['-c', 'set -o pipefail; node dist/cli.js check - | head -c 1 >/dev/null'], { cwd: ROOT, encoding: 'utf8', input: script });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
  });
  it('reads standard input (`check -`), and keeps a cache whose build is the bundle\'s', () => {
    const script = 'import torch\nmodel = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3), torch.nn.BatchNorm2d(8))\n';
    const r = spawnSync(process.execPath, ['dist/cli.js', 'check', '-'], { cwd: ROOT, encoding: 'utf8', input: script });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^-:2:\d+: NR209 /m);
    const cache = mkdtempSync(join(tmpdir(), 'nnr-bundle-cache-'));
    try {
      for (let i = 0; i < 2; i++) {
        const c = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples/', '--cache-dir', cache], { cwd: ROOT, encoding: 'utf8' });
        assert.equal(c.status, 1, c.stderr);
      }
      const names = readdirSync(cache).filter((n) => n.endsWith('.json'));
      assert.equal(names.length, 1);
      assert.match(names[0], /^[0-9a-f]{16}-[0-9a-f]{16}\.json$/, 'the build id comes from scripts/build.mjs, not from the sources');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
  it('prints its version and usage', () => {
    const v = spawnSync(process.execPath, ['dist/cli.js', '--version'], { cwd: ROOT, encoding: 'utf8' });
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
    const h = spawnSync(process.execPath, ['dist/cli.js', '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(h.status, 0);
    assert.match(h.stdout, /Usage:/);
  });
});

// The shipped bundle, not just the sources: `node dist/cli.js` must run on the example project (bundling
// problems such as a dependency esbuild cannot follow show up only here).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
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
  it('prints its version and usage', () => {
    const v = spawnSync(process.execPath, ['dist/cli.js', '--version'], { cwd: ROOT, encoding: 'utf8' });
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
    const h = spawnSync(process.execPath, ['dist/cli.js', '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(h.status, 0);
    assert.match(h.stdout, /Usage:/);
  });
});

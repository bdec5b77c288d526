// The hosts that read a project from disk (the CLI's file cache, the extension's analysis worker) can list folders,
// so a config is matched with the script that loads it whatever that script is called (not only train.py, main.py…).
import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from '../../../src/cli/main';
import { FileCache } from '../../../src/cli/parallel';
import { AnalysisService } from '../../../src/extension/worker/analysis-worker';

const CONFIG = 'optimizer:\n  lr: 3e-4\n';
const LOADER = 'import yaml\n\nwith open("conf/config.yaml") as f:\n    cfg = yaml.safe_load(f)\n';

describe('configs: hosts that list folders', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nnr-list-')).replace(/\\/g, '/');
    mkdirSync(join(dir, 'conf'));
    mkdirSync(join(dir, 'tools'));
    writeFileSync(join(dir, 'conf', 'config.yaml'), CONFIG);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the CLI file cache lists entries, folders with a slash', () => {
    writeFileSync(join(dir, 'hyd.py'), LOADER);
    const names = new FileCache().listDir(dir)?.sort();
    assert.deepEqual(names, ['conf/', 'hyd.py', 'tools/']);
    assert.equal(new FileCache().listDir(`${dir}/missing`), undefined);
  });

  it('the CLI finds the loading script under any name', async () => {
    writeFileSync(join(dir, 'hyd.py'), LOADER);
    let out = '';
    const code = await runCli(['check', 'conf/config.yaml', '--select', 'NR216'], { stdout: (s) => (out += s), stderr: () => undefined, cwd: dir });
    assert.equal(code, 1, out);
    assert.match(out, /config\.yaml:2:\d+: NR216 .*`hyd\.py` loads this file with PyYAML/);
  });

  it('nothing is reported when no script near the config loads it, whatever the names', async () => {
    writeFileSync(join(dir, 'hyd.py'), 'print("hello")\n');
    let out = '';
    const code = await runCli(['check', 'conf/config.yaml', '--select', 'NR216'], { stdout: (s) => (out += s), stderr: () => undefined, cwd: dir });
    assert.equal(code, 0, out);
  });

  it("the extension's analysis worker host lists folders only when it may read the disk", () => {
    writeFileSync(join(dir, 'hyd.py'), LOADER);
    const options = { path: `${dir}/conf/config.yaml`, text: CONFIG, settings: { select: ['NR216'] } };
    const onDisk = new AnalysisService({ kind: 'nn-recipe-analysis', disk: true });
    assert.deepEqual(onDisk.host.listDir(dir)?.sort(), ['conf/', 'hyd.py', 'tools/']);
    const found = onDisk.handle({ id: 1, request: { kind: 'analyze', options } });
    assert.ok(found && 'result' in found);
    assert.deepEqual(found.result.findings.map((f) => f.code), ['NR216']);
    const virtual = new AnalysisService({ kind: 'nn-recipe-analysis', disk: false });
    assert.equal(virtual.host.listDir(dir), undefined);
    const none = virtual.handle({ id: 1, request: { kind: 'analyze', options } });
    assert.ok(none && 'result' in none);
    assert.deepEqual(none.result.findings, []);
  });
});

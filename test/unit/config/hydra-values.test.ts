// Config values feed code rules: a Hydra script that builds Adam with `lr=cfg.optimizer.lr` gets NR301 judged on
// the config's value, reported on the config line with the use site as related information. And the lookup
// itself (src/engine/config/values.ts): `@hydra.main` configs, config groups, `_self_` order, packages.
import { strict as assert } from 'assert';
import { Analyzer } from '../../../src/engine';
import type { Expr } from '../../../src/engine/python/ir';
import { type ConfigReader, hydraConfigValue, hydraMains } from '../../../src/engine/config/values';
import { parseConfig } from '../../../src/engine/config/tree';
import { ruleTester } from '../../support/rule-tester';
import { analyzeIn } from './support';

const TRAIN = `import hydra
import torch
from model import Net


@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg):
    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.optimizer.lr)
    train(model, optimizer, cfg.trainer.epochs)


if __name__ == "__main__":
    main()
`;

describe('Hydra config values read by code (NR301)', () => {
  ruleTester('NR301', {
    valid: [
      { name: 'the config sets 3e-4', path: 'conf/config.yaml', code: 'optimizer:\n  lr: 3.0e-4\ntrainer:\n  epochs: 10\n', files: { 'train.py': TRAIN }, stage: 2 },
      { name: 'stage 4', path: 'conf/config.yaml', code: 'optimizer:\n  lr: 0.01\n', files: { 'train.py': TRAIN }, stage: 4 },
      { name: 'another config of the folder (not the one the script names)', path: 'conf/other.yaml', code: 'optimizer:\n  lr: 0.01\n', files: { 'train.py': TRAIN }, stage: 2 },
      { name: 'SGD built in code is the Python rule’s business, not the config’s', path: 'conf/config.yaml', code: 'optimizer:\n  lr: 0.1\n', files: { 'train.py': TRAIN.replace('torch.optim.Adam', 'torch.optim.SGD') }, stage: 2 },
      { name: 'the primary config sets it, but a group file composed after it wins', path: 'conf/config.yaml', code: 'defaults:\n  - _self_\n  - optimizer: adam\noptimizer:\n  lr: 0.01\n', files: { 'train.py': TRAIN, 'conf/optimizer/adam.yaml': 'lr: 3.0e-4\n' }, stage: 2 },
    ],
    invalid: [
      {
        name: 'cfg.optimizer.lr from the primary config',
        path: 'conf/config.yaml',
        code: 'optimizer:\n  lr: 0.01  # from the paper\ntrainer:\n  epochs: 10\n',
        files: { 'train.py': TRAIN },
        stage: 2,
        errors: [{ line: 2, text: '0.01', message: '`train.py` builds Adam with this learning rate, 0.01, outside the safe range' }],
        output: 'optimizer:\n  lr: 3.0e-4  # from the paper\ntrainer:\n  epochs: 10\n',
      },
      {
        name: 'a config-group file selected in the defaults list',
        path: 'conf/optimizer/fast.yaml',
        code: '# aggressive\nlr: 1e-2\n',
        files: { 'train.py': TRAIN, 'conf/config.yaml': 'defaults:\n  - optimizer: fast\n  - _self_\ntrainer:\n  epochs: 10\n' },
        stage: 3,
        errors: [{ line: 2, text: '1e-2' }],
        output: '# aggressive\nlr: 3.0e-4\n',
      },
      {
        name: 'through a helper and a local variable',
        path: 'conf/config.yaml',
        code: 'optim:\n  lr: 5e-6\n',
        files: { 'train.py': 'import hydra\nimport torch\n\ndef build(model, ocfg):\n    return torch.optim.AdamW(model.parameters(), lr=ocfg["lr"])\n\n@hydra.main(config_path="conf", config_name="config")\ndef main(cfg):\n    opt_cfg = cfg.optim\n    build(Net(), opt_cfg)\n' },
        stage: 2,
        errors: [{ text: '5e-6', message: 'builds AdamW' }],
        output: 'optim:\n  lr: 3.0e-4\n',
      },
    ],
  });

  it('the finding sits on the config line, the use site is related information', () => {
    const r = analyzeIn({ 'conf/config.yaml': 'optimizer:\n  lr: 0.01\n', 'train.py': TRAIN }, 'conf/config.yaml', { stage: 2 });
    const [f] = r.findings;
    assert.equal(f.code, 'NR301');
    assert.equal(f.path, '/project/conf/config.yaml');
    assert.deepEqual(f.related.map((x) => [x.path, x.range.start.line, x.message]), [['/project/train.py', 8, 'Adam reads its learning rate from the config here']]);
  });

  it('the Python file itself stays quiet: the config is where the value lives', () => {
    const r = analyzeIn({ 'conf/config.yaml': 'optimizer:\n  lr: 0.01\n', 'train.py': TRAIN }, 'train.py', { stage: 2 });
    assert.deepEqual(r.findings.filter((f) => f.code === 'NR301'), []);
  });
});

describe('hydraConfigValue', () => {
  const files: Record<string, string> = {
    '/p/conf/config.yaml': '# @package _global_\ndefaults:\n  - model: resnet\n  - optimizer@optim: adam\n  - _self_\ntrainer:\n  epochs: 10\n',
    '/p/conf/model/resnet.yaml': 'depth: 18\nwidth: 64\n',
    '/p/conf/optimizer/adam.yaml': 'lr: 0.001\n',
    '/p/conf/extra/global.yaml': '# @package _global_\nseed: 3\n',
  };
  const read: ConfigReader = (p) => (files[p] === undefined ? undefined : parseConfig(files[p], 'yaml'));
  const script = (body: string): { value: ReturnType<typeof hydraConfigValue> } => {
    const text = `import hydra\n\n@hydra.main(version_base="1.3", config_path="conf", config_name="config")\ndef main(cfg):\n    x = ${body}\n`;
    const { module } = new Analyzer().pythonModule('/p/train.py', text);
    const fn = module.functions[0];
    const assign = fn.stmt.body.stmts[0];
    const e = assign.k === 'assign' ? (assign.value as Expr) : undefined;
    assert.ok(e);
    return { value: hydraConfigValue(module, e, fn.scope, read) };
  };

  it('finds the main and its config', () => {
    const { module } = new Analyzer().pythonModule('/p/src/train.py', 'import hydra\n@hydra.main(config_path="../conf", config_name="config.yaml")\ndef main(cfg): ...\n');
    assert.deepEqual(hydraMains(module).map((h) => h.configPath), ['/p/conf/config.yaml']);
  });
  it('attribute chains into the primary config', () => {
    const v = script('cfg.trainer.epochs').value;
    assert.equal(v?.path, '/p/conf/config.yaml');
    assert.deepEqual(v?.keys, ['trainer', 'epochs']);
  });
  it('a config group in its default package', () => assert.equal(script('cfg.model.depth').value?.path, '/p/conf/model/resnet.yaml'));
  it('a group with a package override (`optimizer@optim`) and subscripts', () => {
    const v = script('cfg["optim"]["lr"]').value;
    assert.equal(v?.path, '/p/conf/optimizer/adam.yaml');
    assert.deepEqual(v?.keys, ['lr']);
  });
  it('.get("key")', () => assert.equal(script('cfg.model.get("width")').value?.path, '/p/conf/model/resnet.yaml'));
  it('a key nobody sets', () => assert.equal(script('cfg.model.dropout').value, undefined));
  it('not the config', () => assert.equal(script('other.model.depth').value, undefined));
});

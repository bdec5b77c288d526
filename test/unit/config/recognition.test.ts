// Which YAML/JSON files are training configs: recognised by content and location; everything else is not
// applicable and gets no findings (and no syntax errors), in every stage.
import { strict as assert } from 'assert';
import { join } from 'path';
import { Analyzer, type ProjectHost } from '../../../src/engine';
import { recognise } from '../../../src/engine/config/kinds';
import { parseConfig } from '../../../src/engine/config/tree';
import { FIXTURES, fixtureFiles, readFixture } from './support';

function analyzeFixture(dir: string, rel: string, stage?: number) {
  // analysed as /project/<rel>: the fixtures' own folder (test/fixtures/config) must not count as a config folder
  const host: ProjectHost = { readFile: () => undefined };
  return new Analyzer({ host }).analyze({ path: `/project/${rel}`, text: readFixture(dir, rel), stage });
}

describe('config recognition', () => {
  describe('files that are not training configs', () => {
    const dir = join(FIXTURES, 'not-applicable');
    const files = fixtureFiles(dir);
    it('covers the usual suspects', () => {
      for (const f of ['package.json', 'tsconfig.json', '.vscode/settings.json', '.vscode/launch.json', '.github/workflows/ci.yml', 'docker-compose.yml', 'k8s/train-job.yaml', 'environment.yml', '.pre-commit-config.yaml', 'mkdocs.yml', 'model/config.json']) {
        assert.ok(files.includes(f), `fixture ${f} missing`);
      }
    });
    for (const f of files) {
      it(`${f}: not applicable, no findings in any stage`, () => {
        for (const stage of [undefined, 1, 2, 3, 4, 5, 6]) {
          const r = analyzeFixture(dir, f, stage);
          assert.ok(r.notApplicable, `${f} should be not applicable`);
          assert.deepEqual(r.findings.map((x) => x.code), []);
          assert.deepEqual(r.syntaxErrors, []);
          assert.equal(r.internalErrors, undefined);
        }
      });
    }
  });

  describe('training configs', () => {
    const dir = join(FIXTURES, 'applicable');
    const expected: Record<string, string[]> = {
      'hydra/conf/config.yaml': ['hydra'],
      'hydra/conf/optimizer/adam.yaml': ['hydra'],
      'hydra/conf/trainer/default.yaml': ['hydra'],
      'lightning/config.yaml': ['lightning'],
      'hf/training_args.json': ['hf'],
      'hf/args.yaml': ['hf'],
      'sweeps/sweep.yaml': ['sweep'],
    };
    it('the fixture list is complete', () => assert.deepEqual(fixtureFiles(dir), Object.keys(expected).sort()));
    for (const [f, kinds] of Object.entries(expected)) {
      it(`${f}: recognised as ${kinds.join(', ')}; well configured, so no findings in any stage`, () => {
        const text = readFixture(dir, f);
        const doc = parseConfig(text, f.endsWith('.json') ? 'json' : 'yaml');
        assert.deepEqual([...recognise(doc, `/p/${f}`).kinds].sort(), kinds);
        for (const stage of [undefined, 1, 2, 3, 4, 5, 6]) {
          const r = analyzeFixture(dir, f, stage);
          assert.equal(r.notApplicable, undefined);
          assert.deepEqual(r.findings.map((x) => `${x.code} ${x.message}`), []);
          assert.deepEqual(r.syntaxErrors, []);
        }
      });
    }
  });

  describe('content beats the name', () => {
    const kindsOf = (path: string, text: string) => [...recognise(parseConfig(text, path.endsWith('.json') ? 'json' : 'yaml'), path).kinds].sort();
    it('a Lightning CLI config named anything', () => assert.deepEqual(kindsOf('/p/exp/run-7.yml', 'trainer:\n  max_epochs: 3\nmodel:\n  hidden: 8\n'), ['lightning']));
    it('a W&B sweep in JSON', () => assert.deepEqual(kindsOf('/p/s.json', '{"method": "grid", "parameters": {"lr": {"values": [0.1, 0.01]}}}'), ['sweep']));
    it('Hydra by `_target_` anywhere', () => assert.deepEqual(kindsOf('/p/x.yaml', 'model:\n  net:\n    _target_: src.models.Net\n'), ['hydra']));
    it('Hydra by a `# @package` header', () => assert.deepEqual(kindsOf('/p/x.yaml', '# @package _global_\nfoo: 1\n'), ['hydra']));
    it('a plain config in conf/', () => assert.deepEqual(kindsOf('/p/conf/db.yaml', 'driver: mysql\nport: 3306\n'), ['training']));
    it('plain training keys', () => assert.deepEqual(kindsOf('/p/params.yaml', 'lr: 0.001\nbatch_size: 64\nepochs: 10\n'), ['training']));
    it('a conda environment in conf/ is still a conda environment', () => {
      const doc = parseConfig('name: x\nchannels: [conda-forge]\ndependencies: [python]\n', 'yaml');
      assert.equal(recognise(doc, '/p/conf/env.yaml').other, 'a conda environment');
    });
    it('configs that runs wrote (Hydra .hydra/, Lightning hparams) are not checked', () => {
      for (const path of ['/p/outputs/2024-01-01/12-00-00/.hydra/config.yaml', '/p/lightning_logs/version_0/hparams.yaml']) {
        const r = new Analyzer().analyze({ path, text: 'optimizer:\n  _target_: torch.optim.SGD\n  lr: 0.1\n', stage: 2 });
        assert.ok(r.notApplicable, path);
        assert.deepEqual(r.findings, []);
      }
    });
    it('a HF model config.json (architectures, dropout) is not TrainingArguments', () => assert.deepEqual(kindsOf('/p/config.json', '{"architectures": ["Bert"], "hidden_dropout_prob": 0.1, "hidden_size": 768}'), []));
    it('a parent folder outside the project that starts with a dot does not hide the project', () => {
      const r = new Analyzer().analyze({ path: '/home/me/.work/proj/sweep.yaml', text: 'method: grid\nparameters:\n  a: {values: [1, 2]}\n  b: {values: [3, 4]}\n' });
      assert.equal(r.notApplicable, undefined);
    });
  });
});

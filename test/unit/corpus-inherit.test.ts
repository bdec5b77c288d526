// The generated project's `inherit` option (scripts/lib/corpus.ts, `npm run corpus -- --inherit`): models deriving from
// classes of another file whose methods the training scripts and the models themselves call, so that
// `edit:stress --cross` meets answers that read a base class in another file. Without the option the project is
// the benchmark's, unchanged.
import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { type CorpusFile, generateProject } from '../../scripts/lib/corpus';

const SEED = 11;
const byPath = (files: CorpusFile[]): Map<string, string> => new Map(files.map((f) => [f.path, f.text]));

describe('generated project: models deriving from base classes of another file (inherit)', () => {
  const plain = byPath(generateProject({ lines: 6000, seed: SEED }));
  const inherit = byPath(generateProject({ lines: 6000, seed: SEED, inherit: true }));
  const experiments = [...inherit.keys()].filter((p) => /^experiments\/exp_\d+\/model\.py$/.test(p));

  it('adds base.py and derives every experiment model from one of its classes; the benchmark project has neither', () => {
    assert.ok(inherit.has('visionlab/models/base.py'));
    assert.ok(!plain.has('visionlab/models/base.py'));
    assert.ok(experiments.length >= 10, `${experiments.length} experiments`);
    for (const p of experiments) assert.match(inherit.get(p) as string, /^class Exp\d+\w+\(base\.(Backbone|Classifier)\):$/m, p);
    assert.ok(![...plain.values()].some((t) => /\bbase\.(Backbone|Classifier)\b/.test(t)));
  });

  it('draws nothing more at random: an experiment is the benchmark project\'s with the inheritance added', () => {
    let compared = 0;
    for (const p of experiments) {
      const before = plain.get(p);
      if (before === undefined) continue; // (the line budget ends the list of experiments a little earlier)
      compared++;
      const undone = (inherit.get(p) as string)
        .replace(/\(base\.(Backbone|Classifier)\):/, '(nn.Module):')
        .replace('from visionlab.models import base, layers', 'from visionlab.models import layers')
        .replace('\n    def finetune(self):\n        self.freeze_backbone()\n        self.unfreeze()\n', '');
      assert.equal(undone, before, p);
      const train = p.replace('model.py', 'train.py');
      const calls = /model\.(training_step|freeze_backbone|predict)\(/.test(inherit.get(train) as string);
      const i = Number(/exp_(\d+)/.exec(p)?.[1]);
      // (the loop with a freeze or a training step is the one without a Trainer; every other script predicts)
      if (i % 2 === 1) assert.ok(calls, train);
    }
    assert.ok(compared >= 10, `${compared} compared`);
  });

  it('reads as the option means: an inherited method found through the base class in base.py, with no syntax error', () => {
    const files = new Map([...inherit].map(([p, t]) => [`/proj/${p}`, t]));
    const a = new Analyzer({ host: { readFile: (p: string) => files.get(p) }, fastParse: true });
    for (const p of experiments.slice(0, 6)) {
      const path = `/proj/${p}`;
      const text = files.get(path) as string;
      assert.deepEqual(a.analyze({ path, text }).syntaxErrors, [], p);
      const m = a.pythonModule(path, text).module;
      const freeze = m.callSites.find((s) => s.call.fn.k === 'attr' && s.call.fn.attr === 'freeze_backbone');
      assert.ok(freeze, p);
      const callee = m.siteLocalCallee(freeze);
      assert.equal(callee?.scope.module.path, '/proj/visionlab/models/base.py', p);
      assert.equal(callee?.name, 'freeze_backbone');
    }
  });
});

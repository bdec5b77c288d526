// TensorFlow.js scripts count in the stage report: a file that trains is training code (a tfjs-only project gets
// a stage, not the welcome view), and early stopping, patience, dropout, regularizers and Adam at the baseline
// learning rate are evidence like their Python counterparts. Tests and files without tfjs are not.
import { strict as assert } from 'assert';
import { type Evidence, assessProject } from '../../../src/engine/stages';

const HEAD = "import * as tf from '@tensorflow/tfjs-node';\n\n";
const MODEL = `const model = tf.sequential();
model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [10], kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }) }));
model.add(tf.layers.dropout({ rate: 0.3 }));
model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
`;
const FIT = `model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
await model.fit(xs, ys, { epochs: 50, validationSplit: 0.2, callbacks: [tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 10 })] });
`;

const kinds = (ev: Evidence[]): string[] => ev.map((e) => e.kind);

describe('stages: TensorFlow.js evidence', () => {
  it('a tfjs-only project that trains is training code, with its evidence', () => {
    const r = assessProject([{ path: '/p/train.ts', text: HEAD + MODEL + FIT }]);
    assert.deepEqual(r.trainingFiles, ['/p/train.ts']);
    assert.deepEqual(kinds(r.evidence), ['weight-decay', 'dropout', 'adam-baseline', 'training', 'full-eval', 'early-stopping', 'patience']);
    const text = HEAD + MODEL + FIT;
    const stop = r.evidence.find((e) => e.kind === 'early-stopping');
    assert.ok(stop);
    assert.equal(text.slice(stop.offsets.start, stop.offsets.end), "tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 10 })");
    assert.ok(stop.tips.includes('4.11'));
    assert.equal(r.inferred, 4, r.reason);
  });

  it('whole-split validation and evaluation are evidence of 2.3; validationBatches is not (review 106)', () => {
    const at = (text: string, kind: string): string[] => {
      const r = assessProject([{ path: '/p/train.ts', text }]);
      return r.evidence.filter((e) => e.kind === kind).map((e) => text.slice(e.offsets.start, e.offsets.end));
    };
    const fit = (cfg: string): string => `${HEAD}${MODEL}model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });\nawait model.fit(xs, ys, { epochs: 20, ${cfg} });\n`;
    assert.deepEqual(at(fit('validationSplit: 0.2'), 'full-eval'), ['0.2']);
    assert.deepEqual(at(fit('validationData: [xVal, yVal]'), 'full-eval'), ['[xVal, yVal]']);
    assert.deepEqual(at(fit('validationData: valDs, validationBatches: 2'), 'full-eval'), []);
    // (as the literal writes it, a trailing spread of a helper's options aside: credit-risk's `...options`; review 138)
    assert.deepEqual(at(fit('validationSplit: 0.2, ...options'), 'full-eval'), ['0.2']);
    assert.deepEqual(at(fit('batchSize: 32') + 'const [loss] = model.evaluate(xTest, yTest);\n', 'full-eval'), ['model.evaluate(xTest, yTest)']);
    // (a prediction is no evaluation)
    assert.deepEqual(at(fit('batchSize: 32') + 'model.predict(xTest);\n', 'full-eval'), []);
  });

  it('a seed fixed for tf.js draws is evidence of 2.1 (Math.seedrandom, a seeded initializer or random op; review 106)', () => {
    const seeds = (extra: string): string[] => {
      const text = `${HEAD}${extra}${MODEL}model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });\nawait model.fit(xs, ys, { epochs: 5 });\n`;
      return assessProject([{ path: '/p/train.ts', text }]).evidence.filter((e) => e.kind === 'seed').map((e) => text.slice(e.offsets.start, e.offsets.end));
    };
    assert.deepEqual(seeds("Math.seedrandom('42');\n"), ["Math.seedrandom('42')"]);
    assert.deepEqual(seeds('const init = tf.initializers.glorotUniform({ seed: 7 });\n'), ['tf.initializers.glorotUniform({ seed: 7 })']);
    assert.deepEqual(seeds('const noise = tf.randomNormal([4, 10], 0, 1, "float32", 3);\n'), ['tf.randomNormal([4, 10], 0, 1, "float32", 3)']);
    assert.deepEqual(seeds('const noise = tf.randomNormal([4, 10]);\nconst init = tf.initializers.glorotUniform({});\n'), []);
    // a seed drawn on every run seeds nothing fixed (tfjs-grid-search; review 124)
    assert.deepEqual(seeds('const init = tf.initializers.heNormal({ seed: Math.random() });\nconst noise = tf.randomNormal([4, 10], 0, 1, "float32", Date.now());\n'), []);
  });

  it('a hand-written training loop trains; Adam outside the baseline range is no evidence', () => {
    const text = `${HEAD}const opt = tf.train.adam(0.01);\nfor (let i = 0; i < 100; i++) {\n  opt.minimize(() => loss(model.predict(xs), ys));\n}\n`;
    const r = assessProject([{ path: '/p/loop.js', text }]);
    assert.deepEqual(r.trainingFiles, ['/p/loop.js']);
    assert.deepEqual(kinds(r.evidence), ['training']);
    const baseline = assessProject([{ path: '/p/loop.js', text: text.replace('tf.train.adam(0.01)', 'tf.train.adam(3e-4)') }]);
    assert.deepEqual(kinds(baseline.evidence), ['adam-baseline', 'training']);
  });

  it('short patience is early stopping without the patience evidence', () => {
    const r = assessProject([{ path: '/p/train.ts', text: HEAD + MODEL + FIT.replace('patience: 10', 'patience: 3') }]);
    assert.ok(kinds(r.evidence).includes('early-stopping'));
    assert.ok(!kinds(r.evidence).includes('patience'));
  });

  it('tests, files that do not import tfjs, and tfjs files that do not train are not training code', () => {
    const r = assessProject([
      { path: '/p/train.test.ts', text: HEAD + MODEL + FIT },
      { path: '/p/__tests__/model.ts', text: HEAD + MODEL + FIT },
      { path: '/p/other.ts', text: "import * as tf from 'some-other-lib';\nmodel.fit(xs, ys);\n" },
      { path: '/p/predict.ts', text: `${HEAD}const model = await tf.loadLayersModel('file://model.json');\nmodel.predict(x).print();\n` },
    ]);
    assert.deepEqual(r.trainingFiles, []);
    assert.deepEqual(r.evidence, []);
  });
});

// NR201 on TensorFlow.js: random ops, initializers, layers and dataset shuffles without a seed (tf.js has no
// global seed), reported only where a constant seed is right: code that runs once per training run.
import { tfjsRuleTester } from './tester';

const TF = "import * as tf from '@tensorflow/tfjs';\n";
const TRAIN = "model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });\n";

/** `run` is called in one branch and handed to the page-ready hook in the other; `trainBig` is never called. */
const PAGE_READY =
  TF +
  `const trainSmall = async () => {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 2, inputShape: [1] }));
  ${TRAIN.trim()}
};
const trainBig = async () => {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 12, inputShape: [4] }));
};
const run = async () => {
  await trainSmall();
};
if (document.readyState !== 'loading') {
  run();
} else {
  document.addEventListener('DOMContentLoaded', run);
}
`;

tfjsRuleTester('NR201', {
  valid: [
    {
      name: 'a layer given its weights (`weights: [gloveMatrix]`, pretrained vectors) starts from them, not from its initializer (review 138)',
      code: TF + `const model = tf.sequential();\nmodel.add(tf.layers.embedding({ inputDim: 1000, outputDim: 50, weights: [gloveMatrix], trainable: false }));\n` + TRAIN,
    },
    { name: 'hard negative: the same initializer with a fixed seed', code: TF + "const model = tf.sequential();\nmodel.add(tf.layers.dense({ inputShape: [4], units: 16, kernelInitializer: tf.initializers.heNormal({ seed: 7 }) }));\n" + TRAIN },
    {
      name: "hard negative: a model built in an image's load handler (it fires for every new src) or a click handler is not code that runs once",
      code: TF + "function build() {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ inputShape: [4], units: 1 }));\n  " + TRAIN.trim() + "\n}\nimg.addEventListener('load', build);\nbutton.onclick = () => {\n  const m2 = tf.sequential();\n  m2.add(tf.layers.dense({ inputShape: [4], units: 1 }));\n};\n",
    },
    {
      name: "Math.seedrandom (the seedrandom library): tf.js seeds its unseeded ops and initializers from Math.random",
      code: TF + "import 'seedrandom';\nMath.seedrandom('42');\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ inputShape: [4], units: 8 }));\nconst xs = tf.randomNormal([100, 4]);\n" + TRAIN,
    },
    {
      name: 'seedrandom made global',
      code: TF + "import seedrandom from 'seedrandom';\nseedrandom('42', { global: true });\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ inputShape: [4], units: 8 }));\n" + TRAIN,
    },
    {
      name: 'every initializer and the shuffle seeded',
      code:
        TF +
        `const SEED = 42;
const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 8, kernelInitializer: tf.initializers.heNormal({ seed: SEED }) }));
model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: SEED + 1 }) }));
const ds = tf.data.array(examples).shuffle(100, 'seven').batch(32);
` +
        TRAIN,
    },
    {
      name: 'a test file that fits a model on random data (__tests__/fit.js)',
      path: '__tests__/fit.js',
      code: "const tf = require('@tensorflow/tfjs');\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 1, inputShape: [10] }));\nmodel.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });\nmodel.fit(tf.randomNormal([100, 10]), tf.randomNormal([100, 1]));\n",
    },
    {
      name: 'not a training script: random data in a utility file',
      code: TF + `export const noise = tf.randomNormal([10, 10]);\nexport const layer = tf.layers.dense({ units: 4 });\n`,
    },
    {
      name: 'noise drawn every step: a constant seed would repeat it, so quiet',
      code:
        TF +
        `for (let step = 0; step < 100; step++) {
  const noisy = tf.tidy(() => xs.add(tf.randomNormal(xs.shape, 0, 0.1)));
  await model.fit(noisy, ys, { epochs: 1 });
}
`,
    },
    {
      name: 'a random op in a function called from a loop or a callback',
      code:
        TF +
        `function jitter(x: tf.Tensor) {
  return x.add(tf.randomUniform(x.shape, -0.1, 0.1));
}
const batches = images.map((img) => jitter(img));
` +
        TRAIN,
    },
    {
      name: 'layers without random initializers, or with deterministic ones',
      code:
        TF +
        `const model = tf.sequential({ layers: [
  tf.layers.flatten({ inputShape: [28, 28] }),
  tf.layers.dense({ units: 10, kernelInitializer: 'zeros' }),
  tf.layers.dropout({ rate: 0.5 }),
] });
` +
        TRAIN,
    },
    {
      name: 'a config the analysis cannot read',
      code: TF + `export function head(cfg: tf.layers.DenseLayerArgs) {\n  return tf.layers.dense(cfg);\n}\n` + TRAIN,
    },
    {
      name: 'the model builder runs twice (an ensemble): a constant seed would make the members identical',
      code:
        TF +
        `function build() {
  return tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1 })] });
}
const members = [build(), build()];
` +
        TRAIN,
    },
    {
      name: 'layers built in a loop: one seed for all would correlate them',
      code: TF + `const model = tf.sequential();\nfor (const units of [64, 32]) model.add(tf.layers.dense({ units }));\n` + TRAIN,
    },
    {
      name: 'tf.util.shuffle cannot be seeded: nothing to fix',
      code: TF + `tf.util.shuffle(examples);\n` + TRAIN,
    },
    {
      name: 'hard negative: exported by name, and called in a loop of the file (it runs many times)',
      code: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n  return model;\n};\nfor (let i = 0; i < 3; i++) build();\nmodule.exports = { build };\n` + TRAIN,
    },
    {
      name: 'hard negative: a property named like the builder, exported, holding another value',
      code: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n  return model;\n};\nmodule.exports = { build: 42 };\n` + TRAIN,
    },
    {
      name: 'hard negative: layers in a function nothing calls and nothing exports (dead code)',
      code: TF + `const trainBig = async (xs, ys) => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 12, inputShape: [4] }));\n  ${TRAIN.trim()}\n};\n// await trainBig(xs, ys);\n`,
    },
  ],
  invalid: [
    {
      name: 'an initializer seeded with Math.random(): a new seed on every run (tfjs-grid-search; review 124)',
      code: TF + "const model = tf.sequential();\nmodel.add(tf.layers.dense({ inputShape: [4], units: 16, kernelInitializer: tf.initializers.heNormal({ seed: Math.random() }) }));\n" + TRAIN,
      errors: [{ line: 3, text: 'Math.random()', message: 'heNormal is seeded with `Math.random()`, a new seed on every run' }],
      output: TF + "const model = tf.sequential();\nmodel.add(tf.layers.dense({ inputShape: [4], units: 16, kernelInitializer: tf.initializers.heNormal({ seed: 42 }) }));\n" + TRAIN,
    },
    {
      name: 'a model built in window.onload (the page loads once)',
      code: TF + "window.onload = async () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ inputShape: [4], units: 1 }));\n  " + TRAIN.trim() + "\n};\n",
      errors: [{ line: 4, text: 'tf.layers.dense' }],
      output: TF + "window.onload = async () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ inputShape: [4], units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }));\n  " + TRAIN.trim() + "\n};\n",
    },
    {
      name: 'a page script using the global tf of a <script> tag: reported, and the fix names the global',
      path: 'script.js',
      code: "async function run() {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ inputShape: [4], units: 1 }));\n  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });\n}\ndocument.addEventListener('DOMContentLoaded', run);\n",
      errors: [{ line: 3, text: 'tf.layers.dense' }],
      output: "async function run() {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ inputShape: [4], units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }));\n  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });\n}\ndocument.addEventListener('DOMContentLoaded', run);\n",
    },
    {
      name: "hard negative: Math.seedrandom does not seed a dataset's shuffle (it seeds itself from the clock), nor does a local seedrandom generator",
      code: TF + "import seedrandom from 'seedrandom';\nMath.seedrandom('42');\nconst rng = seedrandom('7');\nconst ds = tf.data.array(examples).shuffle(100).batch(32);\n" + TRAIN,
      errors: [{ line: 5, text: 'tf.data.array(examples).shuffle(100)' }],
      output: TF + "import seedrandom from 'seedrandom';\nMath.seedrandom('42');\nconst rng = seedrandom('7');\nconst ds = tf.data.array(examples).shuffle(100, '42').batch(32);\n" + TRAIN,
    },
    {
      name: 'dense layers with the default initializer',
      code:
        TF +
        `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }));
model.add(tf.layers.dense({
  units: 1,
}));
` +
        TRAIN,
      errors: [{ line: 3, text: 'tf.layers.dense', message: '2 layers of this file (2 dense) start from unseeded initializers', relatedLines: [4] }],
      output:
        TF +
        `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }));
model.add(tf.layers.dense({
  units: 1,
  kernelInitializer: tf.initializers.glorotUniform({ seed: 43 }),
}));
` +
        TRAIN,
    },
    {
      name: 'one unseeded layer: its own message',
      code: TF + `const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1 })] });
` + TRAIN,
      errors: [{ line: 2, text: 'tf.layers.dense', message: 'This dense layer starts from an unseeded kernelInitializer (default glorotUniform)' }],
      output: TF + `const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) })] });
` + TRAIN,
    },
    {
      name: 'random data at the top level of a training script',
      code: TF + `const xs = tf.randomNormal([100, 4]);\nconst w = tf.randomUniform([4, 1], -1, 1);\nconst t = tf.truncatedNormal([4], 0, 1, 'float32', 42);\n` + TRAIN,
      errors: [
        { line: 2, text: 'tf.randomNormal', message: 'argument 5' },
        { line: 3, text: 'tf.randomUniform' },
      ],
      output: TF + `const xs = tf.randomNormal([100, 4], undefined, undefined, undefined, 43);\nconst w = tf.randomUniform([4, 1], -1, 1, undefined, 44);\nconst t = tf.truncatedNormal([4], 0, 1, 'float32', 42);\n` + TRAIN,
    },
    {
      name: 'initializers without a seed',
      code: TF + `const a = tf.initializers.heNormal();\nconst b = tf.initializers.varianceScaling({ scale: 2 });\nconst c = tf.initializers.zeros();\n` + TRAIN,
      errors: [{ line: 2, text: 'tf.initializers.heNormal' }, { line: 3, text: 'tf.initializers.varianceScaling' }],
      output: TF + `const a = tf.initializers.heNormal({ seed: 42 });\nconst b = tf.initializers.varianceScaling({ scale: 2, seed: 43 });\nconst c = tf.initializers.zeros();\n` + TRAIN,
    },
    {
      name: 'initializers named by strings, camelCase and snake_case; an LSTM has two',
      code:
        TF +
        `const conv = tf.layers.conv2d({ filters: 8, kernelSize: 3, kernelInitializer: 'heNormal' });
const rnn = tf.layers.lstm({ units: 16, kernelInitializer: 'glorot_uniform' });
const gru = tf.layers.gru({ units: 16, kernelInitializer: 'zeros', recurrentInitializer: 'GlorotNormal' });
` +
        TRAIN,
      errors: [{ line: 2, message: '3 layers of this file (1 conv2d, 1 lstm, 1 gru) start from unseeded initializers, so their initial weights differ on every run: tf.js has no global seed, so seed each layer\'s initializer (recipe 2.1). This one: unseeded kernelInitializer (heNormal).', relatedLines: [3, 4] }],
      output:
        TF +
        `const conv = tf.layers.conv2d({ filters: 8, kernelSize: 3, kernelInitializer: tf.initializers.heNormal({ seed: 42 }) });
const rnn = tf.layers.lstm({ units: 16, kernelInitializer: tf.initializers.glorotUniform({ seed: 43 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 44 }) });
const gru = tf.layers.gru({ units: 16, kernelInitializer: 'zeros', recurrentInitializer: tf.initializers.glorotNormal({ seed: 45 }) });
` +
        TRAIN,
    },
    {
      name: 'a dataset shuffle without a seed (in an IIFE, fitDataset)',
      code: TF + `(async () => {\n  const ds = tf.data.array(examples).shuffle(1000).batch(32);\n  await model.fitDataset(ds, { epochs: 5 });\n})();\n`,
      errors: [{ line: 3, text: 'tf.data.array(examples).shuffle(1000)' }],
      output: TF + `(async () => {\n  const ds = tf.data.array(examples).shuffle(1000, '42').batch(32);\n  await model.fitDataset(ds, { epochs: 5 });\n})();\n`,
    },
    {
      name: 'named imports without the initializers namespace: reported without a fix',
      code: `import { layers, sequential } from '@tensorflow/tfjs-node';\nconst model = sequential({ layers: [layers.dense({ inputShape: [3], units: 1 })] });\n` + TRAIN,
      errors: [{ line: 2, text: 'layers.dense' }],
    },
    {
      name: 'named import of initializers is used by the fix',
      code: `import { initializers, layers } from '@tensorflow/tfjs-node';\nconst d = layers.dense({ units: 1 });\n` + TRAIN,
      errors: [{ line: 2 }],
      output: `import { initializers, layers } from '@tensorflow/tfjs-node';\nconst d = layers.dense({ units: 1, kernelInitializer: initializers.glorotUniform({ seed: 42 }) });\n` + TRAIN,
    },
    {
      name: 'the page-ready idiom runs once; a function nothing calls or exports is dead code and not reported',
      code: PAGE_READY,
      errors: [{ line: 4, text: 'tf.layers.dense', message: 'This dense layer starts from an unseeded kernelInitializer' }],
      output: PAGE_READY.replace("inputShape: [1] }", "inputShape: [1], kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }"),
    },
    {
      name: 'an exported builder nothing in the file calls: its importer runs it once',
      code: TF + `export const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n  return model;\n};\n` + TRAIN,
      errors: [{ line: 4, text: 'tf.layers.dense' }],
      output: TF + `export const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }));\n  return model;\n};\n` + TRAIN,
    },
    {
      name: 'a builder exported by name (`export default build;`), nothing in the file calls it: its importer runs it once',
      code: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n  return model;\n};\nexport default build;\n` + TRAIN,
      errors: [{ line: 4, text: 'tf.layers.dense' }],
      output: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }));\n  return model;\n};\nexport default build;\n` + TRAIN,
    },
    {
      name: 'a builder exported by name (`export { build }`), nothing in the file calls it: its importer runs it once',
      code: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n  return model;\n};\nexport { build };\n` + TRAIN,
      errors: [{ line: 4, text: 'tf.layers.dense' }],
      output: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }));\n  return model;\n};\nexport { build };\n` + TRAIN,
    },
    {
      name: 'a builder exported by name (CommonJS `module.exports = { build }`), nothing in the file calls it: its importer runs it once',
      code: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n  return model;\n};\nmodule.exports = { build };\n` + TRAIN,
      errors: [{ line: 4, text: 'tf.layers.dense' }],
      output: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }));\n  return model;\n};\nmodule.exports = { build };\n` + TRAIN,
    },
    {
      name: 'a builder exported by name (CommonJS `exports.build = build`), nothing in the file calls it: its importer runs it once',
      code: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n  return model;\n};\nexports.build = build;\n` + TRAIN,
      errors: [{ line: 4, text: 'tf.layers.dense' }],
      output: TF + `const build = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }));\n  return model;\n};\nexports.build = build;\n` + TRAIN,
    },
    {
      name: 'hard negative: called directly and also from a page-ready hook, not in exclusive branches, it runs twice',
      code: TF + `const run = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n};\nrun();\nwindow.addEventListener('load', run);\nconst xs = tf.randomNormal([4, 3]);\n` + TRAIN,
      errors: [{ line: 8, text: 'tf.randomNormal' }],
      output: TF + `const run = () => {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n};\nrun();\nwindow.addEventListener('load', run);\nconst xs = tf.randomNormal([4, 3], undefined, undefined, undefined, 42);\n` + TRAIN,
    },
  ],
});

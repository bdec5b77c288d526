// NR101 on TensorFlow.js: training data that is never shuffled.
import { tfjsRuleTester } from './tester';

const TF = "import * as tf from '@tensorflow/tfjs';\n";

tfjsRuleTester('NR101', {
  valid: [
    TF + `await model.fit(xs, ys, { epochs: 10, batchSize: 32 });\n`,
    TF + `await model.fit(xs, ys, { epochs: 10, shuffle: true });\n`,
    TF + `const ds = tf.data.array(examples).shuffle(examples.length).batch(32);\nawait model.fitDataset(ds, { epochs: 5 });\n`,
    {
      name: 'a stateful RNN needs its batches in order',
      code: TF + `const model = tf.sequential({ layers: [tf.layers.lstm({ units: 8, stateful: true, batchInputShape: [1, 10, 1] })] });\nawait model.fit(xs, ys, { shuffle: false });\n`,
    },
    {
      name: 'the validation pipeline needs no shuffle; the training one is shuffled',
      code: TF + `const train = tf.data.csv('train.csv').shuffle(1000).batch(32);\nconst val = tf.data.csv('val.csv').batch(32);\nawait model.fitDataset(train, { validationData: val });\n`,
    },
    {
      name: 'examples shuffled before they become a dataset',
      code: TF + `const examples = await loadExamples();\ntf.util.shuffle(examples);\nconst ds = tf.data.array(examples).batch(32);\nawait model.fitDataset(ds, { epochs: 5 });\n`,
    },
    {
      name: 'examples from a parameter: the caller may have shuffled them',
      code: TF + `export async function train(examples: number[][]) {\n  await model.fitDataset(tf.data.array(examples).batch(32), { epochs: 5 });\n}\n`,
    },
    {
      name: 'a generator decides its own order',
      code: TF + `const ds = tf.data.generator(sample).batch(32);\nawait model.fitDataset(ds, { epochs: 5 });\n`,
    },
    {
      name: 'shuffle from a setting the analysis cannot read',
      code: TF + `await model.fit(xs, ys, { shuffle: opts.shuffle });\n`,
    },
  ],
  invalid: [
    {
      name: 'fit with shuffle: false',
      code: TF + `await model.fit(xs, ys, {\n  epochs: 10,\n  shuffle: false,\n});\n`,
      errors: [{ line: 4, text: 'shuffle: false', message: 'same order every epoch' }],
      output: TF + `await model.fit(xs, ys, {\n  epochs: 10,\n  shuffle: true,\n});\n`,
    },
    {
      name: 'shuffle: false through a config variable (JavaScript, require)',
      path: 'train.js',
      code: `const tf = require('@tensorflow/tfjs-node');\nconst cfg = { epochs: 3, shuffle: false };\nmodel.fit(xs, ys, cfg);\n`,
      errors: [{ line: 2, text: 'shuffle: false' }],
      output: `const tf = require('@tensorflow/tfjs-node');\nconst cfg = { epochs: 3, shuffle: true };\nmodel.fit(xs, ys, cfg);\n`,
    },
    {
      name: 'a pipeline from an array without shuffle',
      code: TF + `const examples = await loadExamples();\nconst ds = tf.data.array(examples).batch(32);\nawait model.fitDataset(ds, { epochs: 5 });\n`,
      errors: [{ line: 4, text: 'ds', message: 'without .shuffle()' }],
      output: TF + `const examples = await loadExamples();\nconst ds = tf.data.array(examples).shuffle(examples.length).batch(32);\nawait model.fitDataset(ds, { epochs: 5 });\n`,
    },
    {
      name: 'zipped CSV columns batched without shuffle',
      code: TF + `const xs = tf.data.csv('x.csv');\nconst ys = tf.data.csv('y.csv');\nawait model.fitDataset(tf.data.zip({ xs, ys }).batch(64), { epochs: 5 });\n`,
      errors: [{ line: 4, text: 'tf.data.zip({ xs, ys }).batch(64)' }],
      output: TF + `const xs = tf.data.csv('x.csv');\nconst ys = tf.data.csv('y.csv');\nawait model.fitDataset(tf.data.zip({ xs, ys }).shuffle(1000).batch(64), { epochs: 5 });\n`,
    },
  ],
});

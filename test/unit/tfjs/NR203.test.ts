// NR203 on TensorFlow.js: validation on a few batches.
import { tfjsRuleTester } from './tester';

const TF = "import * as tf from '@tensorflow/tfjs';\n";

tfjsRuleTester('NR203', {
  valid: [
    TF + `await model.fitDataset(trainDs, { epochs: 5, validationData: valDs });\n`,
    TF + `await model.fit(xs, ys, { epochs: 5, validationData: [xVal, yVal] });\n`,
    {
      name: 'a train/validation split taken from the training tensors is not a subsample',
      code: TF + `const n = 8000;\nawait model.fit(xs.slice(0, n), ys.slice(0, n), { validationData: [xs.slice(n), ys.slice(n)] });\n`,
    },
    {
      name: 'many validation batches',
      code: TF + `await model.fitDataset(trainDs, { validationData: valDs, validationBatches: 200 });\n`,
    },
    {
      name: 'a large head of the validation set (more than ten batches)',
      code: TF + `await model.fit(xs, ys, { batchSize: 32, validationData: [xVal.slice(0, 5000), yVal.slice(0, 5000)] });\n`,
    },
    {
      name: 'take() before batch() is a dataset size, not a batch count',
      code: TF + `const val = tf.data.array(valRows).take(2000).batch(32);\nawait model.fitDataset(trainDs, { validationData: val });\n`,
    },
    {
      name: 'a split of one batched dataset: `validation = ds.take(2)`, `train = ds.skip(2)` (the two batches are the whole validation set; review 138)',
      code: TF + `const ds = tf.data.array(rows).shuffle(1000, 'split', false).batch(32);\nconst validationDataset = ds.take(2);\nconst trainDataset = ds.skip(2);\nawait model.fitDataset(trainDataset, { epochs: 5, validationData: validationDataset });\n`,
    },
  ],
  invalid: [
    {
      name: 'validationBatches: 2',
      code: TF + `const val = tf.data.array(valRows).batch(32);\nawait model.fitDataset(trainDs, { epochs: 5, validationData: val, validationBatches: 2 });\n`,
      errors: [{ line: 3, text: 'validationBatches: 2', message: 'stops validation after 2 batches' }],
      output: TF + `const val = tf.data.array(valRows).batch(32);\nawait model.fitDataset(trainDs, { epochs: 5, validationData: val });\n`,
    },
    {
      name: 'an endless validation set needs its limit: reported without a fix',
      code: TF + `const val = tf.data.array(valRows).batch(32).repeat();\nawait model.fitDataset(trainDs, { validationData: val, validationBatches: 1 });\n`,
      errors: [{ line: 3, text: 'validationBatches: 1' }],
    },
    {
      name: '.take(3) after .batch()',
      code: TF + `const val = tf.data.csv('val.csv').batch(64);\nawait model.fitDataset(trainDs, { validationData: val.take(3) });\n`,
      errors: [{ line: 3, text: 'val.take(3)' }],
      output: TF + `const val = tf.data.csv('val.csv').batch(64);\nawait model.fitDataset(trainDs, { validationData: val });\n`,
    },
    {
      name: 'the first 64 validation examples',
      code: TF + `await model.fit(xs, ys, {\n  batchSize: 32,\n  validationData: [xVal.slice(0, 64), yVal.slice(0, 64)],\n});\n`,
      errors: [{ line: 4, text: 'validationData: [xVal.slice(0, 64), yVal.slice(0, 64)]', message: 'first 64 examples' }],
      output: TF + `await model.fit(xs, ys, {\n  batchSize: 32,\n  validationData: [xVal, yVal],\n});\n`,
    },
    {
      name: 'tf.slice with shapes',
      code: TF + `const vx = tf.slice(xVal, [0, 0], [100, -1]);\nconst vy = tf.slice(yVal, [0, 0], [100, -1]);\nawait model.fit(xs, ys, { validationData: [vx, vy] });\n`,
      errors: [{ line: 4, text: 'validationData: [vx, vy]' }],
    },
  ],
});

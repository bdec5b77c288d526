// NR215: tensors created every iteration of a training loop, outside tf.tidy, never disposed.
import { tfjsRuleTester } from './tester';

const TF = "import * as tf from '@tensorflow/tfjs';\nconst optimizer = tf.train.adam(3e-4);\n";
const STEP = 'optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor), true)';

tfjsRuleTester('NR215', {
  valid: [
    { name: 'hard negative: a named flag that is false returns no cost', code: TF + `const returnCost = false;\nfor (let i = 0; i < 100; i++) {\n  const cost = optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor), returnCost);\n}\n` },
    { name: 'the cost is disposed', code: TF + `for (let i = 0; i < 100; i++) {\n  const cost = ${STEP};\n  console.log(cost.dataSync()[0]);\n  cost.dispose();\n}\n` },
    { name: 'tf.dispose with an array', code: TF + `for (let i = 0; i < 100; i++) {\n  const xb = tf.tensor2d(batches[i]);\n  const cost = ${STEP};\n  tf.dispose([xb, cost]);\n}\n` },
    {
      name: 'tensors inside tf.tidy and minimize callbacks are freed by tf',
      code: TF + `for (let i = 0; i < 100; i++) {\n  optimizer.minimize(() => {\n    const preds = model.predict(xs) as tf.Tensor;\n    return tf.losses.meanSquaredError(ys, preds);\n  });\n  tf.tidy(() => console.log(tf.mean(xs).dataSync()));\n}\n`,
    },
    { name: 'the cost is not returned (no returnCost): nothing to dispose', code: TF + `for (let i = 0; i < 100; i++) {\n  optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor));\n}\n` },
    {
      name: 'a loop that does not train',
      code: TF + `for (const row of rows) {\n  const t = tf.tensor1d(row);\n  console.log(t.sum().dataSync());\n}\n`,
    },
    {
      name: 'a tensor handed to code the analysis does not follow',
      code: TF + `const history: tf.Scalar[] = [];\nfor (let i = 0; i < 100; i++) {\n  const cost = ${STEP};\n  history.push(cost as tf.Scalar);\n}\n`,
    },
    {
      name: 'engine scopes around the step',
      code: TF + `for (let i = 0; i < 100; i++) {\n  tf.engine().startScope();\n  const cost = ${STEP};\n  console.log(cost.dataSync());\n  tf.engine().endScope();\n}\n`,
    },
    {
      name: 'the whole loop runs inside tf.tidy',
      code: TF + `tf.tidy(() => {\n  for (let i = 0; i < 10; i++) {\n    const cost = ${STEP};\n    console.log(cost.dataSync());\n  }\n});\n`,
    },
    {
      name: 'the previous value is disposed before it is replaced',
      code: TF + `let cost: tf.Scalar | null = null;\nfor (let i = 0; i < 100; i++) {\n  if (cost) cost.dispose();\n  cost = ${STEP};\n}\n`,
    },
  ],
  invalid: [
    {
      name: 'the cost returned through a named flag (tfjs-examples mnist-core: const returnCost = true) is never disposed',
      code: TF + `const returnCost = true;\nfor (let i = 0; i < 100; i++) {\n  const cost = optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor), returnCost);\n  console.log(i, cost.dataSync()[0]);\n}\n`,
      errors: [{ line: 5, text: 'cost', message: 'never disposed' }],
      output: TF + `const returnCost = true;\nfor (let i = 0; i < 100; i++) {\n  const cost = optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor), returnCost);\n  console.log(i, cost.dataSync()[0]);\n  cost.dispose();\n}\n`,
    },
    {
      name: 'the returned cost is never disposed',
      code: TF + `for (let i = 0; i < 100; i++) {\n  const cost = ${STEP};\n  console.log(i, cost.dataSync()[0]);\n}\n`,
      errors: [{ line: 4, text: 'cost', message: 'never disposed' }],
      output: TF + `for (let i = 0; i < 100; i++) {\n  const cost = ${STEP};\n  console.log(i, cost.dataSync()[0]);\n  cost.dispose();\n}\n`,
    },
    {
      name: 'batches built per step and passed straight to fit',
      code: TF + `for (const batch of batches) {\n  await model.fit(tf.tensor2d(batch.x), tf.tensor2d(batch.y), { epochs: 1 });\n}\n`,
      errors: [{ line: 4, text: 'tf.tensor2d(batch.x)' }, { line: 4, text: 'tf.tensor2d(batch.y)' }],
    },
    {
      name: 'read and dropped: the value of minimize in a while loop',
      code: TF + `let step = 0;\nwhile (step++ < 100) {\n  console.log(${STEP}.dataSync());\n}\n`,
      errors: [{ line: 5, message: 'optimizer.minimize(…) creates a tensor' }],
    },
    {
      name: 'replaced every iteration, disposed only after the loop',
      code: TF + `let cost;\nfor (let i = 0; i < 100; i++) {\n  cost = ${STEP};\n}\ncost.print();\ncost.dispose();\n`,
      errors: [{ line: 5, text: 'cost', message: 'before it is replaced' }],
    },
    {
      name: 'a continue in the loop: no fix (it would skip the dispose)',
      path: 'train.js',
      code: `const tf = require('@tensorflow/tfjs-node');\nconst optimizer = tf.train.sgd(0.1);\nfor (let i = 0; i < 100; i++) {\n  const preds = model.predict(xs);\n  if (i % 10) continue;\n  await model.trainOnBatch(xs, ys);\n  preds.print();\n}\n`,
      errors: [{ line: 4, text: 'preds' }],
    },
    {
      name: 'a training loop over epochs with a helper that trains',
      code:
        TF +
        `function trainStep() {\n  optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor));\n}\nfor (let epoch = 0; epoch < 10; epoch++) {\n  trainStep();\n  const evalLoss = tf.losses.meanSquaredError(valYs, model.predict(valXs) as tf.Tensor);\n  console.log(evalLoss.dataSync());\n}\n`,
      errors: [
        { line: 8, text: 'evalLoss' },
        { line: 8, text: 'model.predict(valXs)' },
      ],
      output:
        TF +
        `function trainStep() {\n  optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor));\n}\nfor (let epoch = 0; epoch < 10; epoch++) {\n  trainStep();\n  const evalLoss = tf.losses.meanSquaredError(valYs, model.predict(valXs) as tf.Tensor);\n  console.log(evalLoss.dataSync());\n  evalLoss.dispose();\n}\n`,
    },
  ],
});

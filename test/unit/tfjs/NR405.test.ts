// NR405 on TensorFlow.js (stages 4+): model.fit without tf.callbacks.earlyStopping.
import { tfjsRuleTester } from './tester';

const TF = "import * as tf from '@tensorflow/tfjs';\n";

/** A fit whose onEpochEnd keeps the best model under `test` (`model.save`). */
const BEST = (test: string): string =>
  TF + `let bestValLoss = Infinity;\nawait model.fit(xs, ys, {\n  epochs: 50,\n  validationSplit: 0.2,\n  callbacks: {\n    onEpochEnd: async (epoch, logs) => {\n      if (${test}) {\n        bestValLoss = logs.val_loss;\n        await model.save('file://./best-model');\n      }\n    },\n  },\n});\n`;

tfjsRuleTester('NR405', {
  valid: [
    {
      name: 'no validation data: nothing to stop on (an XOR network fitted to its four points; review 152)',
      code: TF + `const xs = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);\nconst ys = tf.tensor2d([[0], [1], [1], [0]]);\nawait model.fit(xs, ys, { epochs: 100 });\n`,
      stage: 4,
    },
    { name: 'fitDataset without validation data', code: TF + `const EPOCHS = 20;\nawait model.fitDataset(ds, { epochs: EPOCHS });\n`, stage: 4 },
    { name: 'an autoencoder fitted to reproduce its inputs, with no data held out (tfjs-text-experiment; review 124)', code: TF + `await encoderDecoder.fit(everyWord, everyWord, { epochs: 100, batchSize: 64, shuffle: true });\n`, stage: 4 },
    { name: "an onEpochEnd hook keeping the best model on the validation loss (review 106)", code: BEST('logs.val_loss < bestValLoss'), stage: 4 },
    { code: TF + `await model.fit(xs, ys, { validationSplit: 0.2, callbacks: [tf.callbacks.earlyStopping({ monitor: 'val_loss' })] });\n`, stage: 4 },
    { name: 'a single callback, not a list', code: TF + `await model.fit(xs, ys, { validationSplit: 0.2, callbacks: tf.callbacks.earlyStopping() });\n`, stage: 5 },
    { name: 'callbacks the analysis cannot read', code: TF + `await model.fit(xs, ys, { validationSplit: 0.2, callbacks: tfvis.show.fitCallbacks(container, ['val_loss']) });\n`, stage: 4 },
    {
      name: 'a hand-written stopping rule',
      code: TF + `await model.fit(xs, ys, { validationSplit: 0.2, callbacks: { onEpochEnd: async (epoch, logs) => { if (logs.val_loss < 0.1) model.stopTraining = true; } } });\n`,
      stage: 4,
    },
    { name: 'fit called one epoch at a time from a loop, with no validation data (nothing to stop on)', code: TF + `for (let e = 0; e < 50; e++) {\n  await model.fit(xs, ys, { epochs: 1 });\n}\n`, stage: 4 },
    {
      name: 'hard negative: the epoch loop around one-epoch fits breaks out when the validation loss stops improving',
      code: TF + `let best = Infinity;\nfor (let i = 0; i < numEpochs; ++i) {\n  const h = await model.fit(xs, ys, { epochs: 1, validationSplit: 0.1 });\n  const v = h.history.val_loss[0];\n  if (v >= best) break;\n  best = v;\n}\n`,
      stage: 4,
    },
    { name: 'hard negative: one-epoch fits in a loop over datasets (for-of), not over epochs', code: TF + `for (const part of parts) {\n  await model.fit(part.xs, part.ys, { epochs: 1, validationSplit: 0.1 });\n}\n`, stage: 4 },
    { name: 'hard negative: fits of several epochs in a loop (rounds, folds): left alone', code: TF + `for (let k = 0; k < 5; k++) {\n  await model.fit(xs, ys, { epochs: 20, validationSplit: 0.1 });\n}\n`, stage: 4 },
    { name: 'one epoch: nothing for early stopping to skip', code: TF + `await model.fitDataset(ds, { epochs: 1, callbacks: { onEpochEnd: (e, logs) => console.log(logs) } });\n`, stage: 4 },
    { name: "fit's default of one epoch", code: TF + `await model.fit(xs, ys, { batchSize: 32 });\nawait model.fit(xs, ys);\n`, stage: 4 },
    { name: 'one epoch through a constant', code: TF + `const EPOCHS = 1;\nawait model.fit(xs, ys, { epochs: EPOCHS });\n`, stage: 4 },
    { name: 'a config the analysis cannot read', code: TF + `await model.fit(xs, ys, fitArgs);\n`, stage: 4 },
    { name: 'a test file: a test that fits a model is not a training run', code: TF + `await model.fit(xs, ys, { epochs: 100, validationSplit: 0.2 });\n`, path: '__tests__/fit.js', stage: 4 },
    { name: 'a spec file', code: TF + `await model.fit(xs, ys, { epochs: 100, validationSplit: 0.2 });\n`, path: 'src/model.spec.ts', stage: 5 },
    {
      name: 'early stopping pushed onto the callbacks array after it is declared',
      code: TF + `const callbacks = [];\nif (patience !== undefined) callbacks.push(tf.callbacks.earlyStopping({ patience }));\nawait model.fitDataset(ds, { epochs: 1000, validationData: val, callbacks });\n`,
      stage: 4,
    },
    {
      name: 'a hooks object first, early stopping pushed when configured',
      code: TF + `const hooks = { onEpochEnd: (e, logs) => console.log(e, logs.loss) };\nconst list = [hooks];\nif (cfg.earlyStopping) list.push(tf.callbacks.earlyStopping({ monitor: 'val_loss' }));\nawait model.fit(xs, ys, { epochs: 200, validationSplit: 0.2, callbacks: list });\n`,
      stage: 4,
    },
  ],
  invalid: [
    {
      name: 'hard negative: the same autoencoder with a validation split',
      code: TF + `await encoderDecoder.fit(everyWord, everyWord, { epochs: 100, validationSplit: 0.2 });\n`,
      stage: 4,
      errors: [{ line: 2, message: 'stop on the validation loss' }],
    },
    {
      name: 'hard negative: the hook saves on the training loss',
      code: BEST('logs.loss < bestValLoss'),
      stage: 4,
      errors: [{ line: 3, message: 'stop on the validation loss' }],
    },
    {
      name: "an epoch loop written around one-epoch fits with validation data (tfjs-examples' lstm-text-generation): reported at the loop",
      code: TF + `export async function fitModel(model, xs, ys, numEpochs) {\n  for (let i = 0; i < numEpochs; ++i) {\n    await model.fit(xs, ys, { epochs: 1, batchSize: 128, validationSplit: 0.0625 });\n  }\n}\n`,
      stage: 4,
      errors: [{ line: 3, text: 'for (let i = 0; i < numEpochs; ++i)', message: 'fits one epoch at a time' }],
    },
    {
      name: 'no callbacks, validation split present',
      code: TF + `await model.fit(xs, ys, {\n  epochs: 100,\n  validationSplit: 0.2,\n});\n`,
      stage: 4,
      errors: [{ line: 2, text: 'model.fit', message: 'In stage 4' }],
    },
    {
      name: 'other callbacks only',
      code: TF + `await model.fitDataset(ds, { epochs: 100, validationData: val, callbacks: [{ onEpochEnd: (e: number) => console.log(e) }] });\n`,
      stage: 5,
      errors: [{ line: 2, text: 'model.fitDataset' }],
    },
    {
      name: 'epochs from a setting the analysis cannot read',
      code: TF + `await model.fit(xs, ys, { epochs: opts.epochs, validationSplit: 0.1 });\n`,
      stage: 4,
      errors: [{ line: 2, text: 'model.fit' }],
    },
    {
      name: 'fitDataset with a validation dataset',
      code: TF + `const EPOCHS = 20;\nawait model.fitDataset(ds, { epochs: EPOCHS, validationData: valDs });\n`,
      stage: 4,
      errors: [{ line: 3, text: 'model.fitDataset', message: "Add tf.callbacks.earlyStopping({monitor: 'val_loss'})" }],
    },
    {
      name: 'hard negative: early stopping pushed onto another array',
      code: TF + `const callbacks = [{ onEpochEnd: (e) => console.log(e) }];\nconst unused = [];\nunused.push(tf.callbacks.earlyStopping());\nawait model.fit(xs, ys, { epochs: 50, validationSplit: 0.2, callbacks });\n`,
      stage: 4,
      errors: [{ line: 5, text: 'model.fit' }],
    },
  ],
});

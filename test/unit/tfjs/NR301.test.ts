// NR301 on TensorFlow.js (stages 2-3): tf.train.adam with a learning rate outside [1e-4, 1e-3].
import { tfjsRuleTester } from './tester';

const TF = "import * as tf from '@tensorflow/tfjs';\n";

tfjsRuleTester('NR301', {
  valid: [
    { code: TF + `const opt = tf.train.adam(3e-4);\n`, stage: 2 },
    { name: 'the default rate, 1e-3', code: TF + `model.compile({ optimizer: tf.train.adam(), loss: 'meanSquaredError' });\n`, stage: 3 },
    { name: 'a rate the analysis cannot read', code: TF + `const opt = tf.train.adam(args.lr);\n`, stage: 2 },
    { name: 'not Adam', code: TF + `const opt = tf.train.sgd(0.1);\n`, stage: 2 },
    { name: 'a local function named adam', code: `import * as tf from '@tensorflow/tfjs';\nconst train = { adam: (lr: number) => lr };\ntrain.adam(0.1);\n`, stage: 2 },
    { name: "a parameter's default optimizer that every call of its method replaces (tfjs-arima; review 124)", code: TF + `class AR {\n  buildModel(shape, optimizer = tf.train.adam(0.01)) {\n    this.model = tf.sequential();\n    this.model.compile({ optimizer, loss: 'meanSquaredError' });\n  }\n\n  fit(xs) {\n    this.buildModel([xs.shape[1]], tf.train.adam(3e-4));\n  }\n}\n`, stage: 3 },
    { name: 'the range ends are inside', code: TF + `const a = tf.train.adam(1e-4);\nconst b = tf.train.adam(0.001);\n`, stage: 3 },
  ],
  invalid: [
    {
      name: 'hard negative: a call relies on the default',
      code: TF + `class AR {\n  buildModel(shape, optimizer = tf.train.adam(0.01)) {\n    this.model = tf.sequential();\n    this.model.compile({ optimizer, loss: 'meanSquaredError' });\n  }\n\n  fit(xs) {\n    this.buildModel([xs.shape[1]]);\n  }\n}\n`,
      stage: 3,
      errors: [{ line: 3, text: '0.01' }],
      output: TF + `class AR {\n  buildModel(shape, optimizer = tf.train.adam(3e-4)) {\n    this.model = tf.sequential();\n    this.model.compile({ optimizer, loss: 'meanSquaredError' });\n  }\n\n  fit(xs) {\n    this.buildModel([xs.shape[1]]);\n  }\n}\n`,
    },
    {
      code: TF + `model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });\n`,
      stage: 2,
      errors: [{ line: 2, text: '0.01', message: 'In stage 2' }],
      output: TF + `model.compile({ optimizer: tf.train.adam(3e-4), loss: 'meanSquaredError' });\n`,
    },
    {
      name: 'a constant used only by the optimizer',
      code: `const { train } = require('@tensorflow/tfjs-node');\nconst LR = 1e-5;\nconst opt = train.adam(LR);\n`,
      path: 'train.js',
      stage: 3,
      errors: [{ line: 3, text: 'LR', message: 'a learning rate of 1e-5' }],
      output: `const { train } = require('@tensorflow/tfjs-node');\nconst LR = 3e-4;\nconst opt = train.adam(LR);\n`,
    },
    {
      name: 'a config property used elsewhere too: reported without a fix',
      code: TF + `const config = { lr: 0.05, epochs: 3 };\nconst opt = tf.train.adam(config.lr);\nconsole.log(config.lr);\n`,
      stage: 2,
      errors: [{ line: 3, text: 'config.lr' }],
    },
  ],
});

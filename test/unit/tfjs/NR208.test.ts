// NR208 on TensorFlow.js: probabilities into a loss that expects logits, and the mirror mistake (logits into
// tf.js's 'categoricalCrossentropy', which expects probabilities).
import { tfjsRuleTester } from './tester';

const TF = "import * as tf from '@tensorflow/tfjs';\n";

tfjsRuleTester('NR208', {
  valid: [
    // tf.js's categoricalCrossentropy expects probabilities: softmax + categoricalCrossentropy is right
    TF +
      `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }));
model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
model.compile({ optimizer: tf.train.adam(3e-4), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
`,
    // logits into the logit loss
    TF +
      `const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] });
model.compile({ optimizer: 'adam', loss: tf.losses.softmaxCrossEntropy });
`,
    TF +
      `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [8], units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
`,
    {
      name: 'the model goes to code that may add layers before compile: quiet',
      code:
        TF +
        `import { addHead } from './heads';
const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'softmax' }));
addHead(model);
model.compile({ optimizer: 'adam', loss: tf.losses.softmaxCrossEntropy });
`,
    },
    {
      name: 'the last layer is added under a condition: quiet',
      code:
        TF +
        `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }));
if (useLogits) model.add(tf.layers.dense({ units: 3 }));
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
`,
    },
    {
      name: 'the last layer has no activation option (reshape after softmax): quiet',
      code:
        TF +
        `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' }));
model.add(tf.layers.reshape({ targetShape: [3, 1] }));
model.compile({ optimizer: 'adam', loss: tf.losses.softmaxCrossEntropy });
`,
    },
    {
      name: 'softmax for metrics, logits into the loss',
      code:
        TF +
        `const logits = model.apply(xs) as tf.Tensor;
const probs = tf.softmax(logits);
const loss = tf.losses.softmaxCrossEntropy(ys, logits);
const acc = tf.metrics.categoricalAccuracy(ys, probs);
`,
    },
    {
      name: 'one unit and categoricalCrossentropy is another mistake, not this one',
      code:
        TF +
        `const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
`,
    },
    {
      name: 'a config modified later is not trusted',
      code:
        TF +
        `const head = { units: 3, activation: 'softmax' };
head.activation = 'linear';
const model = tf.sequential({ layers: [tf.layers.dense(head)] });
model.compile({ optimizer: 'adam', loss: tf.losses.softmaxCrossEntropy });
`,
    },
    {
      name: 'a relu output with categoricalCrossentropy is not the logits mistake',
      code: TF + `const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'relu' })] });\nmodel.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });\n`,
    },
    {
      name: 'suppressed with a comment',
      code:
        TF +
        `const model = tf.sequential({ layers: [tf.layers.dense({ units: 3 })] });
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' }); // nn-recipe: ignore[NR208]
`,
    },
    {
      name: 'not TensorFlow.js: a same-named local function',
      code: `const tf = { sequential: (c: unknown) => c, layers: { dense: (c: unknown) => c } };\nconst model: any = tf.sequential({ layers: [tf.layers.dense({ units: 3 })] });\nmodel.compile({ loss: 'categoricalCrossentropy' });\n`,
    },
  ],
  invalid: [
    {
      name: 'softmax + tf.losses.softmaxCrossEntropy',
      code:
        TF +
        `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }));
model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: tf.losses.softmaxCrossEntropy });
`,
      errors: [{ line: 5, text: 'tf.losses.softmaxCrossEntropy', message: 'expects logits' }],
      output:
        TF +
        `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }));
model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
`,
    },
    {
      name: 'mirror: no activation + categoricalCrossentropy (multi-line config)',
      code:
        TF +
        `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }));
model.add(tf.layers.dense({
  units: 3,
}));
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
`,
      errors: [{ line: 7, text: "'categoricalCrossentropy'", message: 'expects probabilities' }],
      output:
        TF +
        `const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }));
model.add(tf.layers.dense({
  units: 3,
  activation: 'softmax',
}));
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
`,
    },
    {
      name: "mirror: activation 'linear' + binaryCrossentropy, double quotes",
      code: TF.replace(/'/g, '"') + `const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 1, activation: "linear" })] });\nmodel.compile({ optimizer: "adam", loss: "binaryCrossentropy" });\n`,
      errors: [{ line: 3, text: '"binaryCrossentropy"' }],
      output: TF.replace(/'/g, '"') + `const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 1, activation: "sigmoid" })] });\nmodel.compile({ optimizer: "adam", loss: "binaryCrossentropy" });\n`,
    },
    {
      name: 'require() in JavaScript, sigmoid + sigmoidCrossEntropy',
      path: 'train.js',
      code: `const tf = require('@tensorflow/tfjs-node');\nconst model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 1, activation: 'sigmoid' })] });\nmodel.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });\n`,
      errors: [{ line: 3, text: 'tf.losses.sigmoidCrossEntropy' }],
      output: `const tf = require('@tensorflow/tfjs-node');\nconst model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 1, activation: 'sigmoid' })] });\nmodel.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });\n`,
    },
    {
      name: 'named imports and a namespace alias',
      code: `import { sequential, losses, layers } from '@tensorflow/tfjs-node-gpu';\nconst L = layers;\nconst model = sequential();\nmodel.add(L.dense({ units: 10, activation: 'softmax' }));\nmodel.compile({ optimizer: 'sgd', loss: losses.softmaxCrossEntropy });\n`,
      errors: [{ line: 5, text: 'losses.softmaxCrossEntropy' }],
      output: `import { sequential, losses, layers } from '@tensorflow/tfjs-node-gpu';\nconst L = layers;\nconst model = sequential();\nmodel.add(L.dense({ units: 10, activation: 'softmax' }));\nmodel.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });\n`,
    },
    {
      name: 'model built in a function, loss in a constant',
      code:
        TF +
        `const LOSS = 'categoricalCrossentropy';
function buildModel() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 10 }));
  return m;
}
const model = buildModel();
model.compile({ optimizer: 'adam', loss: LOSS });
`,
      errors: [{ line: 9, text: 'LOSS' }],
      output:
        TF +
        `const LOSS = 'categoricalCrossentropy';
function buildModel() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 10, activation: 'softmax' }));
  return m;
}
const model = buildModel();
model.compile({ optimizer: 'adam', loss: LOSS });
`,
    },
    {
      name: 'functional model without an output activation',
      code: TF + `const input = tf.input({ shape: [4] });\nconst out = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;\nconst model = tf.model({ inputs: input, outputs: out });\nmodel.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });\n`,
      errors: [{ line: 5, text: "'sparseCategoricalCrossentropy'" }],
      output: TF + `const input = tf.input({ shape: [4] });\nconst out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(input) as tf.SymbolicTensor;\nconst model = tf.model({ inputs: input, outputs: out });\nmodel.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });\n`,
    },
    {
      name: 'default import and a wrapper loss function',
      code: `import tf from '@tensorflow/tfjs-node';\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'softmax' })] });\nmodel.compile({ optimizer: 'adam', loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });\n`,
      errors: [{ line: 3, message: 'tf.losses.softmaxCrossEntropy expects logits' }],
      output: `import tf from '@tensorflow/tfjs-node';\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'softmax' })] });\nmodel.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });\n`,
    },
    {
      name: 'a custom loop: softmax op into softmaxCrossEntropy',
      code: TF + `const loss = tf.losses.softmaxCrossEntropy(ys, tf.softmax(logits));\n`,
      errors: [{ line: 2, message: 'receives the output of softmax' }],
      output: TF + `const loss = tf.losses.softmaxCrossEntropy(ys, logits);\n`,
    },
    {
      name: 'through a variable: the logits are still in scope',
      code: TF + `const probs = logits.softmax();\nconst loss = tf.losses.softmaxCrossEntropy(ys, probs);\n`,
      errors: [{ line: 3 }],
      output: TF + `const probs = logits.softmax();\nconst loss = tf.losses.softmaxCrossEntropy(ys, logits);\n`,
    },
    {
      name: 'predictions of a softmax model into softmaxCrossEntropy (no fix)',
      code: TF + `const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'softmax' })] });\nconst preds = model.predict(xs) as tf.Tensor;\nconst loss = tf.losses.softmaxCrossEntropy(ys, preds);\n`,
      errors: [{ line: 4, message: 'receives the output of softmax' }],
    },
  ],
});

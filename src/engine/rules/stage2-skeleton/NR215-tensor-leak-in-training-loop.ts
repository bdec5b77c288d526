import { defineRule } from '../rule';

// The check itself is TensorFlow.js-only and lives with the tfjs analyser (src/engine/tfjs/checks/NR215.ts),
// which is loaded only for files that import TensorFlow.js.
export default defineRule({
  code: 'NR215',
  name: 'tensor-leak-in-training-loop',
  stage: 2,
  tip: '2.M1',
  languages: ['typescript', 'javascript'],
  defaultSeverity: 'warning',
  fixSafety: 'unsafe',
  docs: {
    summary: 'A TensorFlow.js tensor created on every iteration of a training loop, outside `tf.tidy`, and never disposed.',
    why:
      'TensorFlow.js does not garbage-collect tensor memory: the WebGL, WebGPU and native backends free a tensor only ' +
      'when it is disposed. A tensor created in each step of a training loop and never disposed (the cost returned by ' +
      '`optimizer.minimize(f, true)`, a batch built with `tf.tensor2d`, a `model.predict` result) adds its memory every ' +
      'step, until the tab or the process slows down and runs out. Like gradients that are never cleared (common mistake ' +
      '2.M1), it is state that piles up across steps. Tensors created inside `tf.tidy`, `optimizer.minimize` and `tf.grad` ' +
      'callbacks are freed by tf.js and are not reported, nor are tensors the code hands to something the analysis cannot ' +
      'follow (returned, stored, kept with `tf.keep`).',
    bad:
      "import * as tf from '@tensorflow/tfjs';\n\nconst optimizer = tf.train.adam(3e-4);\nfor (let step = 0; step < 1000; step++) {\n" +
      '  const cost = optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor), true);\n' +
      '  console.log(step, cost.dataSync()[0]);\n}\n',
    good:
      "import * as tf from '@tensorflow/tfjs';\n\nconst optimizer = tf.train.adam(3e-4);\nfor (let step = 0; step < 1000; step++) {\n" +
      '  const cost = optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor), true);\n' +
      '  console.log(step, cost.dataSync()[0]);\n  cost.dispose();\n}\n',
    exampleLanguage: 'typescript',
    examplePath: 'train.ts',
    fix: 'For a tensor held in a variable declared in the loop body, adds `name.dispose();` at the end of the iteration. Unsafe: code that still uses the tensor later (an un-awaited `model.fit`, a callback) would then read a disposed tensor.',
  },
});

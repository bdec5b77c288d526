// The tfjs parsing and semantic layers: qualified names through every import form, values through variables,
// comments for suppressions, incremental re-parsing, syntax errors mid-edit, UTF-16 ranges.
import { strict as assert } from 'assert';
import ts from 'typescript';
import { Analyzer } from '../../../src/engine';
import { TfFacts } from '../../../src/engine/tfjs/facts';
import { changeRange, isComment, parseFile, syntaxProblems } from '../../../src/engine/tfjs/parse';
import { TfModule, methodOf } from '../../../src/engine/tfjs/semantic';

let counter = 0;
function moduleOf(text: string, path = `/sem/${counter++}.ts`): TfModule {
  return new TfModule(parseFile(path, text, path.endsWith('.js') ? 'javascript' : 'typescript'));
}

/** Qualified names of every call's callee, in order. */
function callees(text: string): (string | undefined)[] {
  const m = moduleOf(text);
  return m.calls.map((c) => m.qualify(c.call.expression));
}

describe('tfjs semantic layer', () => {
  describe('qualify: the tf namespace through every import form', () => {
    const cases: [string, string][] = [
      ["import * as tf from '@tensorflow/tfjs';\ntf.layers.dense({});", 'namespace import'],
      ["import tf from '@tensorflow/tfjs-node';\ntf.layers.dense({});", 'default import'],
      ["import { layers } from '@tensorflow/tfjs';\nlayers.dense({});", 'named import'],
      ["import { layers as L } from '@tensorflow/tfjs-node-gpu';\nL.dense({});", 'renamed named import'],
      ["const tf = require('@tensorflow/tfjs-node');\ntf.layers.dense({});", 'require'],
      ["const { layers } = require('@tensorflow/tfjs');\nlayers.dense({});", 'destructured require'],
      ["const { layers: { dense } } = require('@tensorflow/tfjs');\ndense({});", 'nested destructuring'],
      ["import tf = require('@tensorflow/tfjs');\ntf.layers.dense({});", 'import = require'],
      ["const tf = await import('@tensorflow/tfjs');\ntf.layers.dense({});", 'dynamic import'],
      ["import * as tf from '@tensorflow/tfjs';\nconst L = tf.layers;\nconst d = L.dense;\nd({});", 'aliases'],
      ["import * as tf from '@tensorflow/tfjs';\ntf['layers'].dense({});", 'element access'],
    ];
    for (const [code, name] of cases)
      it(name, () => {
        assert.equal(callees(code).pop(), 'tf.layers.dense');
      });

    it('not tfjs: other packages, shadowing parameters, reassigned variables', () => {
      assert.deepEqual(callees("import * as tf from '@tensorflow/tfjs-core';\ntf.layers.dense({});"), [undefined]);
      assert.deepEqual(callees("import * as tf from '@tensorflow/tfjs';\nfunction f(tf: any) { tf.layers.dense({}); }"), [undefined]);
      assert.deepEqual(callees("import * as tf from '@tensorflow/tfjs';\nlet L = tf.layers;\nL = other;\nL.dense({});"), [undefined]);
      const m = moduleOf("const tf = { layers: { dense: () => 1 } };\ntf.layers.dense();");
      assert.equal(m.importsTfjs, false);
    });
  });

  describe('valueOf: following variables within their scope', () => {
    const valueText = (code: string): string | undefined => {
      const m = moduleOf(code);
      const f = m.calls.find((c) => m.source(c.call.expression) === 'f')?.call;
      const v = f && m.valueOf(f.arguments[0]);
      return v && m.source(v);
    };
    it('const, single assignment, object properties, functions called once', () => {
      assert.equal(valueText('const a = 0.1;\nf(a);'), '0.1');
      assert.equal(valueText('let a;\na = 0.1;\nf(a);'), '0.1');
      assert.equal(valueText('const cfg = { opt: { lr: 0.1 } };\nf(cfg.opt.lr);'), '0.1');
      assert.equal(valueText("const [a, b] = [1, 2];\nf(b);"), '2');
      assert.equal(valueText('function make() { return 0.1; }\nf(make());'), '0.1');
      assert.equal(valueText('const make = () => g(1);\nf(make());'), 'g(1)');
    });
    it('unknown: reassigned, parameters, loop variables, modified objects, functions called twice', () => {
      assert.equal(valueText('let a = 0.1;\na = 0.2;\nf(a);'), undefined);
      assert.equal(valueText('function h(a: number) { f(a); }'), undefined);
      assert.equal(valueText('for (const a of xs) f(a);'), undefined);
      assert.equal(valueText('const cfg = { lr: 0.1 };\ncfg.lr = 1;\nf(cfg.lr);'), undefined);
      assert.equal(valueText('let a = 0.1;\na++;\nf(a);'), undefined);
      assert.equal(valueText('function make() { return 0.1; }\nmake();\nf(make());'), 'make()');
    });
    it('block scopes: the inner declaration shadows the outer one', () => {
      assert.equal(valueText('const a = 1;\n{\n  const a = 2;\n  f(a);\n}'), '2');
      assert.equal(valueText('const a = 1;\n{\n  const a = 2;\n}\nf(a);'), '1');
    });
  });

  describe('tfjs facts', () => {
    it('a sequential model: layers in order, the last one, through a builder function', () => {
      const m = moduleOf(
        "import * as tf from '@tensorflow/tfjs';\nfunction build() {\n  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4] })] });\n  model.add(tf.layers.dense({ units: 8 }));\n  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));\n  return model;\n}\nconst net = build();\nnet.compile({ loss: 'categoricalCrossentropy' });\n",
      );
      const tf = new TfFacts(m);
      const compile = m.calls.find((c) => methodOf(c.call)?.name === 'compile');
      const model = tf.modelOf(methodOf(compile!.call)!.receiver);
      assert.deepEqual(model?.layers?.map((l) => l.kind), ['flatten', 'dense', 'dense']);
      assert.equal(model?.last && tf.activationOf(model.last)?.name, 'softmax');
    });
    it('a model stored in a property or passed to unknown code has no known last layer', () => {
      for (const code of [
        "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 2 }));\nstate.model = model;\nmodel.compile({});",
        "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 2 }));\ncustomize(model);\nmodel.compile({});",
      ]) {
        const m = moduleOf(code);
        const compile = m.calls.find((c) => methodOf(c.call)?.name === 'compile');
        assert.equal(new TfFacts(m).modelOf(methodOf(compile!.call)!.receiver)?.last, undefined, code);
      }
    });
    it('tensors: creating calls, through variables and methods', () => {
      const m = moduleOf("import * as tf from '@tensorflow/tfjs';\nconst a = tf.tensor([1]);\nconst b = a.add(1);\nconst c = other.add(1);\nconst d = tf.tidy(() => tf.ones([2]));\n");
      const tf = new TfFacts(m);
      assert.deepEqual(
        m.calls.map((c) => [m.source(c.call.expression), tf.createsTensor(c.call)]),
        [
          ['tf.tensor', true],
          ['a.add', true],
          ['other.add', false],
          ['tf.tidy', true],
          ['tf.ones', true],
        ],
      );
    });
  });

  describe('comments (for suppressions)', () => {
    const text = "// nn-recipe: a\nconst s = '// nn-recipe: b';\nconst t = `/* nn-recipe: c */`;\n/* nn-recipe: d */ f(); // nn-recipe: e\n/** nn-recipe: f */\nfunction g() {}\n// nn-recipe: g";
    const sf = parseFile('/sem/comments.ts', text, 'typescript');
    const at = (label: string): number => text.indexOf(`nn-recipe: ${label}`);
    it('line, block and doc comments, also at the end of the file', () => {
      for (const l of ['a', 'd', 'e', 'f', 'g']) assert.equal(isComment(sf, at(l)), true, l);
    });
    it('not strings or templates', () => {
      for (const l of ['b', 'c']) assert.equal(isComment(sf, at(l)), false, l);
    });
  });

  describe('parsing', () => {
    it('re-parses incrementally to the same tree as a fresh parse', () => {
      const base = "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 3, activation: 'softmax' }));\nfor (let i = 0; i < 10; i++) {\n  const cost = opt.minimize(() => loss(), true);\n}\n";
      const path = '/sem/incremental.ts';
      let text = base;
      parseFile(path, text, 'typescript');
      let seed = 7;
      const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
      for (let i = 0; i < 60; i++) {
        const at = rnd(text.length);
        const edit = ['x', '(', '}', ' ', '\n', "'", ''][rnd(7)];
        text = text.slice(0, at) + edit + text.slice(at + (edit ? 0 : 1));
        const incremental = parseFile(path, text, 'typescript');
        const fresh = ts.createSourceFile('/fresh.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
        assert.equal(dump(incremental), dump(fresh), `after edit ${i} at ${at}`);
        assert.deepEqual(syntaxProblems(incremental).map((e) => e.from), (fresh as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => d.start));
      }
    });

    it('the change between two texts', () => {
      const r = changeRange('abcdef', 'abXdef');
      assert.deepEqual([r.span.start, r.span.length, r.newLength], [2, 1, 1]);
    });

    it('every prefix of a training script (typing it from the start) analyses without crashing', () => {
      const full =
        "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' }));\nmodel.compile({ optimizer: tf.train.adam(0.01), loss: tf.losses.softmaxCrossEntropy });\nconst opt = tf.train.adam(3e-4);\nfor (let i = 0; i < 10; i++) {\n  const cost = opt.minimize(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor), true);\n  console.log(cost.dataSync());\n}\nawait model.fit(xs, ys, { shuffle: false, validationData: [xv.slice(0, 10), yv.slice(0, 10)] });\n";
      const analyzer = new Analyzer();
      let withErrors = 0;
      for (let end = 40; end <= full.length; end += 3) {
        const r = analyzer.analyze({ path: '/sem/typing.ts', text: full.slice(0, end), stage: 4, settings: { select: ['ALL'] } });
        assert.deepEqual(r.internalErrors ?? [], [], `prefix of ${end} characters`);
        if (r.syntaxErrors.length) withErrors++;
      }
      assert.ok(withErrors > 10, 'the prefixes have syntax errors');
      const done = analyzer.analyze({ path: '/sem/typing.ts', text: full, stage: 2 });
      assert.deepEqual(done.syntaxErrors, []);
      assert.ok(done.findings.some((f) => f.code === 'NR208'));
    });

    it('reports syntax errors with their messages', () => {
      const r = new Analyzer().analyze({ path: '/sem/broken.ts', text: "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential(;\n" });
      assert.equal(r.syntaxErrors.length, 1);
      assert.match(r.syntaxErrors[0].message, /expected/);
      assert.deepEqual(r.syntaxErrors[0].range.start, { line: 1, character: 24 });
    });
  });

  describe('the runner', () => {
    it('a file that does not import TensorFlow.js is not applicable, even when it mentions it', () => {
      const a = new Analyzer();
      const plain = a.analyze({ path: '/sem/util.ts', text: 'export const x = (1 +;\n' });
      assert.ok(plain.notApplicable);
      assert.deepEqual([plain.findings, plain.syntaxErrors], [[], []]);
      const mention = a.analyze({ path: '/sem/readme.ts', text: "// see '@tensorflow/tfjs'\nconst tf = loadLibrary();\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 3 })] });\nmodel.compile({ loss: 'categoricalCrossentropy' });\n" });
      assert.ok(mention.notApplicable);
      assert.deepEqual(mention.findings, []);
    });

    describe("a page script's global tf (TensorFlow.js loaded by a <script> tag)", () => {
      const PAGE = "async function run() {\n  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });\n  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });\n  await model.fit(xs, ys, { epochs: 5 });\n}\nrun();\n";
      it('a free tf used for its API is TensorFlow.js: names qualify, the rules run, fixes name the global', () => {
        const m = moduleOf(PAGE, '/sem/page.js');
        assert.equal(m.usesGlobalTf, true);
        assert.equal(m.importsTfjs, true);
        assert.deepEqual(m.calls.map((c) => m.qualify(c.call.expression)), ['tf.sequential', 'tf.layers.dense', undefined, 'tf.train.adam', undefined, undefined]);
        const r = new Analyzer().analyze({ path: '/sem/page.js', text: PAGE, stage: 2 });
        assert.equal(r.notApplicable, undefined);
        const seed = r.findings.find((f) => f.code === 'NR201');
        assert.ok(seed, 'the unseeded dense layer');
        const edit = seed.fixes?.[0]?.edits[0];
        assert.match(edit?.newText ?? '', /kernelInitializer: tf\.initializers\.glorotUniform\(\{ seed: 42 \}\)/);
      });
      it('not when tf is declared in the file (a parameter, a variable) or only used for other members', () => {
        for (const text of [
          'function build(tf) {\n  return tf.sequential({ layers: [tf.layers.dense({ units: 3 })] });\n}\n',
          'let tf;\ntf = makeFeedback();\ntf.train(3);\nconst model = tf.sequential();\n',
          'const n = tf.version + tf.memory().numTensors;\nconst model = tf2.sequential();\n',
        ]) {
          const m = moduleOf(text, '/sem/other.js');
          assert.equal(m.usesGlobalTf, false, text);
          assert.ok(new Analyzer().analyze({ path: '/sem/other.js', text }).notApplicable, text);
        }
      });
      it('a parameter named tf inside a page script is not the global', () => {
        const m = moduleOf("const model = tf.sequential();\nfunction f(tf) {\n  return tf.layers.dense({});\n}\n", '/sem/shadow.js');
        assert.equal(m.usesGlobalTf, true);
        assert.deepEqual(m.calls.map((c) => m.qualify(c.call.expression)), ['tf.sequential', undefined]);
      });
    });

    it('ranges are UTF-16: characters outside the BMP count twice', () => {
      const text = "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 3 })] });\nconst label = '🚀'; model.compile({ loss: 'categoricalCrossentropy' });\n";
      const f = new Analyzer().analyze({ path: '/sem/utf16.ts', text }).findings.find((x) => x.code === 'NR208');
      assert.ok(f);
      assert.equal(text.slice(f.offsets.start, f.offsets.end), "'categoricalCrossentropy'");
      assert.deepEqual(f.range.start, { line: 2, character: "const label = '🚀'; model.compile({ loss: ".length });
    });

    it('a suppression comment works, the same text in a string does not', () => {
      const code = (tail: string): string => `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 3 })] });\nmodel.compile({ loss: 'categoricalCrossentropy' }); ${tail}\n`;
      const codes = (text: string): string[] => new Analyzer().analyze({ path: '/sem/suppress.ts', text }).findings.map((f) => f.code);
      assert.ok(!codes(code('// nn-recipe: ignore[NR208]')).includes('NR208'));
      assert.ok(!codes(code('/* nn-recipe: ignore */')).includes('NR208'));
      assert.ok(codes(code("const note = '// nn-recipe: ignore[NR208]';")).includes('NR208'));
      assert.ok(codes(code('// nn-recipe: ignore[NR201]')).includes('NR208'));
    });
  });
});

/** Kinds and spans of every node, to compare trees. */
function dump(sf: ts.SourceFile): string {
  const out: string[] = [];
  const walk = (n: ts.Node, depth: number): void => {
    out.push(`${depth}:${ts.SyntaxKind[n.kind]}@${n.pos}-${n.end}`);
    ts.forEachChild(n, (c) => walk(c, depth + 1));
  };
  walk(sf, 0);
  return out.join('\n');
}

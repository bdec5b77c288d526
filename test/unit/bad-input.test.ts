// Broken, odd and huge inputs: no crash, no false finding from the broken part, a clear message where the
// file cannot be analysed.
import { strict as assert } from 'assert';
import { parser } from '@lezer/python';
import { Analyzer } from '../../src/engine';
import { topLevelStarts } from '../../src/engine/python/parse';
import type { AnalysisResult } from '../../src/engine/types';
import { generateScript } from '../../scripts/lib/generate';

const GOOD = 'import torch\nfrom torch import nn\ntorch.manual_seed(0)\nmodel = nn.Linear(4, 2)\nopt = torch.optim.Adam(model.parameters())\nfor x, y in loader:\n    opt.zero_grad()\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    opt.step()\n';

const analyse = (text: string, path = '/p/train.py') => new Analyzer().analyze({ path, text });

describe('bad input', () => {
  it('every truncation of a clean file: no crash, no finding', () => {
    for (let i = 0; i <= GOOD.length; i += 3) {
      const r = analyse(GOOD.slice(0, i));
      assert.deepEqual(r.internalErrors ?? [], [], `crash at ${i}`);
      assert.deepEqual(r.findings.map((f) => f.code), [], `false finding when cut at ${i}: ${JSON.stringify(GOOD.slice(0, i))}`);
    }
  });
  it('a file in the middle of an edit (unclosed bracket) still reports the rest, and says it has syntax errors', () => {
    const text = 'import torch.nn as nn\nx = foo(1,\n\nb = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8))\n';
    const r = analyse(text);
    assert.ok(r.syntaxErrors.length > 0);
    assert.ok(r.findings.some((f) => f.code === 'NR209'));
  });
  it('the seed call inside a broken statement does not produce a false NR201', () => {
    const text = GOOD.replace('torch.manual_seed(0)', 'torch.manual_seed(0 if (')
    const r = analyse(text);
    assert.ok(r.syntaxErrors.length > 0);
    assert.deepEqual(r.findings.filter((f) => f.code === 'NR201'), []);
  });
  it('empty and whitespace-only files', () => {
    for (const t of ['', '\n', '   \n\t\n', '\r\n\r\n']) assert.deepEqual(analyse(t).findings, []);
  });
  it('CRLF line endings and tabs give the same findings as LF', () => {
    const lf = 'import torch.nn as nn\nif True:\n\tb = nn.Sequential(nn.Linear(3, 8), nn.BatchNorm1d(8))\n';
    const a = analyse(lf).findings.map((f) => [f.code, f.range.start.line, f.range.start.character]);
    const b = analyse(lf.replace(/\n/g, '\r\n')).findings.map((f) => [f.code, f.range.start.line, f.range.start.character]);
    assert.deepEqual(b, a);
    assert.equal(a.length, 1);
  });
  it('binary content is skipped with a reason', () => {
    const r = analyse('\u0000\u0001\u0002PK\u0003\u0004');
    assert.match(r.skipped ?? '', /binary/);
    assert.deepEqual(r.findings, []);
  });
  it('replacement characters from non-UTF-8 bytes do not break the analysis', () => {
    const r = analyse('# caf\uFFFD\n' + GOOD);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.internalErrors ?? [], []);
  });
  it('a 5 MB generated file is skipped with a clear message, and one under the limit is analysed', () => {
    const line = 'x_0000 = torch.zeros(10) + 1.e-3 * y\n';
    const huge = 'import torch\n' + line.repeat(Math.ceil(5_000_000 / line.length));
    const r = analyse(huge);
    assert.match(r.skipped ?? '', /MB/);
    const big = 'import torch\n' + line.repeat(20_000);
    const r2 = analyse(big);
    assert.equal(r2.skipped, undefined);
    assert.deepEqual(r2.findings, []);
  });
  it('files of unknown type are skipped', () => {
    assert.ok(analyse('hello', '/p/readme.txt').skipped);
  });
  it('deeply nested expressions do not overflow the stack', () => {
    const text = 'x = ' + '('.repeat(500) + '1' + ')'.repeat(500) + '\n';
    assert.deepEqual(analyse(text).internalErrors ?? [], []);
  });

  describe('an unclosed bracket typed in the middle of a 10,000-line script', function () {
    this.timeout(60_000);
    const clean = generateScript(10_000, 10_000);
    const at = clean.indexOf('\n', clean.length >> 1) + 1;
    const indent = /^[ \t]*/.exec(clean.slice(at))?.[0] ?? '';
    const typed = indent + 'print(loss.item(';
    const text = clean.slice(0, at) + typed + clean.slice(at);
    const line = clean.slice(0, at).split('\n').length - 1;
    // the function the bracket is typed in: from its `def` to the next one
    const fnStart = clean.lastIndexOf('\ndef ', at) + 1;
    const fnEnd = clean.indexOf('\ndef ', at) + 1;
    const [first, last] = [clean.slice(0, fnStart).split('\n').length - 1, clean.slice(0, fnEnd).split('\n').length - 1];
    const outside = (r: AnalysisResult) => r.findings.filter((f) => f.range.start.line < first || f.range.start.line >= last).map((f) => `${f.code}@${f.range.start.line}`);

    it("premise: Lezer 1.1.19's tree of the whole text cannot be walked (its recovery nests the rest of the file)", () => {
      assert.throws(() => parser.parse(text).iterate({ enter: () => undefined }));
    });

    it('checked (as by the CLI): no internal error; the errors are in that function, the other functions keep their findings', () => {
      const r = new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text, stage: 2 });
      assert.deepEqual(r.internalErrors ?? [], []);
      assert.ok(r.syntaxErrors.length > 0);
      for (const e of r.syntaxErrors) assert.ok(e.range.start.line >= line && e.range.start.line < last, `error at line ${e.range.start.line + 1}`);
      const before = new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text: clean, stage: 2 });
      assert.ok(outside(before).length > 100);
      assert.deepEqual(outside(r), outside(before));
    });

    it('typed in the editor, a character at a time: no internal error, every version with its errors', () => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path: '/p/train.py', text: clean, stage: 2, editing: true });
      a.prepareForEdits();
      for (let i = typed.length - 3; i <= typed.length; i++) {
        const t = clean.slice(0, at) + typed.slice(0, i) + clean.slice(at);
        const r = a.analyze({ path: '/p/train.py', text: t, stage: 2, editing: true });
        assert.deepEqual(r.internalErrors ?? [], []);
        assert.ok(r.syntaxErrors.length > 0, `version ${i}`);
      }
    });
  });
});

describe('topLevelStarts: where a file read a piece at a time is cut', () => {
  const cut = (text: string) => topLevelStarts(text).map((i) => text.slice(i, text.indexOf('\n', i)));
  it('statements at no indentation; not indented lines, comments, closing brackets or `else:`', () => {
    const text = 'import torch\n# note\nif a:\n    x = 1\nelse:\n    x = 2\n@dec\ndef f():\n    return (\n1)\nclass K:\n    pass\n';
    assert.deepEqual(cut(text), ['import torch', 'if a:', '@dec', 'class K:']);
    // a decorator's function, and decorators after a decorator, are the same statement
    assert.deepEqual(cut('@a\n@b(\n  1)\nclass C:\n    pass\nx = 1\n'), ['@a', 'x = 1']);
  });
  it('not inside strings (a docstring with `def` at the start of a line) or after a line continuation', () => {
    const text = 'x = """\ndef not_code():\n"""\ny = 1 + \\\nz\nw = 2\n';
    assert.deepEqual(cut(text), ['x = """', 'y = 1 + \\', 'w = 2']);
  });
  it('inside brackets only at what no bracket holds: a def, a class, a decorator, an import (where an unclosed one is typed)', () => {
    const text = 'x = f(\na,\nb)\ny = g(\nz = 1\ndef h():\n    pass\n';
    assert.deepEqual(cut(text), ['x = f(', 'y = g(', 'def h():']);
  });
});

describe('expressions nested or chained thousands of levels deep (generated code)', () => {
  const deep: [string, string][] = [
    ['3,000 nested parentheses', 'x = ' + '('.repeat(3000) + '1' + ')'.repeat(3000) + '\n'],
    ['3,000 nested lists', 'x = ' + '['.repeat(3000) + ']'.repeat(3000) + '\n'],
    ['an attribute chain of 20,000', 'x = a' + '.b'.repeat(20_000) + '\n'],
    ['a sum of 100,000 terms', 'x = 1' + ' + 1'.repeat(100_000) + '\n'],
    ['5,000 nested lambdas', 'f = ' + 'lambda: '.repeat(5000) + '1\n'],
    ['5,000 nested conditional expressions', 'x = ' + '1 if a else '.repeat(5000) + '2\n'],
  ];
  for (const [what, text] of deep) {
    it(`${what}: checked or edited, no exception; skipped with a reason, or analysed`, () => {
      for (const fastParse of [true, false]) {
        const r = new Analyzer({ fastParse }).analyze({ path: '/p/gen.py', text, stage: 2 });
        assert.deepEqual(r.internalErrors ?? [], []);
        if (r.skipped) assert.match(r.skipped, /nests too deeply/);
        assert.deepEqual(r.findings, []);
      }
    });
  }
  it('a file edited into such an expression and back: the same analysis as a fresh check', () => {
    const a = new Analyzer({ fastParse: true });
    a.analyze({ path: '/p/train.py', text: GOOD, stage: 2, editing: true });
    a.prepareForEdits();
    const deepText = GOOD + 'x = ' + '('.repeat(3000) + '1' + ')'.repeat(3000) + '\n';
    const r = a.analyze({ path: '/p/train.py', text: deepText, stage: 2, editing: true });
    assert.match(r.skipped ?? '', /nests too deeply/);
    assert.deepStrictEqual(a.analyze({ path: '/p/train.py', text: GOOD, stage: 2, editing: true }), new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text: GOOD, stage: 2 }));
  });
});

describe('configs and TensorFlow.js scripts nested thousands of levels deep', () => {
  for (const [what, path, text] of [
    ['JSON, 20,000 nested lists', '/p/config.json', '['.repeat(20_000) + ']'.repeat(20_000)],
    ['YAML, 5,000 nested flow lists', '/p/config.yaml', 'x: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n'],
    ['TypeScript, 5,000 nested parentheses', '/p/train.ts', "import * as tf from '@tensorflow/tfjs';\nconst x = " + '('.repeat(5000) + '1' + ')'.repeat(5000) + ';\n'],
  ]) {
    it(`${what}: skipped with a reason, not an internal error`, () => {
      const r = new Analyzer({ fastParse: true }).analyze({ path, text, stage: 2 });
      assert.deepEqual(r.internalErrors ?? [], []);
      assert.match(r.skipped ?? '', /nests too deeply/);
    });
  }
});

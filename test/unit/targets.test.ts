// Code CPython rejects that both parsers take is a syntax error (python/targets.ts: assignment targets, positional
// arguments after keyword arguments), in the CLI's path and the editor's alike;
// every target Python accepts is left alone; `print = pprint` (Python 3 rebinding the builtin) is valid.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Analyzer } from '../../src/engine';
import { fastParse } from '../../src/engine/python/fastparse';
import type { Span } from '../../src/engine/python/ir';
import { isClean } from '../../src/engine/python/rejectable';
import { walkRejects } from '../../src/engine/python/targets';
import { pythonFilesUnder } from '../../scripts/lib/python-files';
import { generateScript } from '../../scripts/lib/generate';

const check = (text: string, editing: boolean) => new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text, editing });
const errorTexts = (text: string, editing: boolean): string[] =>
  check(text, editing).syntaxErrors.map((e) => text.split('\n')[e.range.start.line].slice(e.range.start.character, e.range.end.line === e.range.start.line ? e.range.end.character : undefined));

/** Every invalid code of the tables below (for the fast parser's clean marks, at the end). */
const invalidCodes: string[] = [];

/** Each invalid code's error on the text given, and no error in each valid code, in the CLI's path and the editor's. */
function reportedAndTaken(invalid: [code: string, error: string][], valid: string[]): void {
  for (const [code] of invalid) invalidCodes.push(code);
  for (const [code, error] of invalid) {
    it(`reports \`${error}\` as a syntax error, in both paths: ${JSON.stringify(code)}`, () => {
      for (const editing of [false, true]) assert.deepEqual(errorTexts(code, editing), [error], editing ? 'editor' : 'CLI');
    });
  }
  for (const code of valid) {
    it(`takes ${JSON.stringify(code)}`, () => {
      for (const editing of [false, true]) assert.deepEqual(check(code, editing).syntaxErrors, [], editing ? 'editor' : 'CLI');
    });
  }
}

describe('assignment targets', () => {
  const invalid: [string, string][] = [
    ['self.t = t or t = t\n', 't or t'],
    ['f() = 1\n', 'f()'],
    ['1 = x\n', '1'],
    ['a if b else c = 1\n', 'a if b else c'],
    ['not a = 1\n', 'not a'],
    ['{a} = 1\n', '{a}'],
    ['x() += 1\n', 'x()'],
    ['_, preds @= torch.max(out, 1)\n', '_, preds'],
    ['y = (mask*g := x)\n', 'mask*g'],
    ['if (self.n := 3):\n    pass\n', 'self.n'],
    ['for f(i) in x:\n    pass\n', 'f(i)'],
    ['with open(p) as f():\n    pass\n', 'f()'],
    ['a, b: int = 1, 2\n', 'a, b'],
    ['logits, labels : eval_pred\n', 'logits, labels'],
    ['def g():\n    if x:\n        y + 1 = 2\n', 'y + 1'],
  ];
  const valid = ['(a) = 1\n', 'if (n := len(x)) > 3:\n    pass\n', '[y for x in z if (y := f(x))]\n', '[a, *b] = x\n', 'a.b[c] = 1\n', '(a, b) = 1, 2\n', 'x: int = 1\n', 'self.x: int = 1\n', 'a[0]: int\n', 'for (i, *j) in x:\n    pass\n', 'with open(p) as (a, b):\n    pass\n', 'x += 1\n', 'a.b += 1\n', 'a[i] -= 1\n', '() = []\n', 'a = b = c\n', 'print = pprint.pprint\n', 'print += 1\n'];
  reportedAndTaken(invalid, valid);

  it('a file with an invalid target is "analysed as far as the parser recovered": the file-wide rules stay quiet', () => {
    const loop = 'for x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n';
    const ok = check(`import torch\n${loop}`, false);
    assert.ok(ok.findings.some((f) => f.code === 'NR201'), 'premise: the valid script is reported for its seed');
    const broken = check(`import torch\ncfg = a or b = c\n${loop}`, false);
    assert.equal(broken.syntaxErrors.length, 1);
    assert.ok(!broken.findings.some((f) => f.code === 'NR201'));
  });
});

describe('positional arguments after keyword arguments', () => {
  const invalid: [string, string][] = [
    ['f(a=1, b)\n', 'b'],
    ['optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, 0.9)\n', '0.9'],
    ['x = [g(k=1, h(2)) for _ in y]\n', 'h(2)'],
    ['class A:\n    def f(self):\n        for x in y:\n            if x:\n                def g():\n                    return f(a=1, b)\n', 'b'],
    ['@dec(a=1, b)\ndef f():\n    pass\n', 'b'],
    ['f(a=1, b := 2)\n', 'b := 2'],
  ];
  const valid = ['f(a, b=1)\n', 'f(a=1, *b)\n', 'f(*a, b=1)\n', 'f(a, *b, c=1, **d)\n', 'f(x for x in y)\n', 'dict(a=1, **b)\n', 'print(x, end="")\n', 'f(a)(b=1)(c)\n', 'f(a=g(1, 2), b=h(3))\n', 'print(n := len(x), sep="")\n'];
  reportedAndTaken(invalid, valid);
  it('typed in an edited document: the version is one with errors, the next valid one a fresh check', () => {
    const text = 'import torch\nopt = torch.optim.Adam(p, lr=3e-4)\n';
    const a = new Analyzer({ fastParse: true });
    a.analyze({ path: '/p/train.py', text, editing: true });
    a.prepareForEdits();
    const broken = text.replace('lr=3e-4)', 'lr=3e-4, 0.9)');
    assert.equal(a.analyze({ path: '/p/train.py', text: broken, editing: true }).syntaxErrors.length, 1);
    const fixed = text.replace('lr=3e-4)', 'lr=3e-4, betas=(0.9, 0.99))');
    assert.deepStrictEqual(a.analyze({ path: '/p/train.py', text: fixed, editing: true }), check(fixed, false));
  });
});

describe('parameters in an order Python rejects', () => {
  const invalid: [string, string][] = [
    ['def f(a, **kw, b):\n    pass\n', 'b'],
    ['def f(*a, *b):\n    pass\n', 'b'],
    ['class A:\n    def forward(self, **kw, x):\n        return x\n', 'x'],
    ['g = lambda **k, x: 0\n', 'x'],
  ];
  const valid = ['def f(a, /, b=1, *c, d, e=2, **f):\n    pass\n', 'def f(*, a):\n    pass\n', 'def f(*args, **kwargs):\n    pass\n', 'g = lambda *a, b=1, **k: 0\n', 'g = lambda: 0\n'];
  reportedAndTaken(invalid, valid);
});

describe('imports Python rejects that Lezer reads without an error', () => {
  const invalid: [string, string][] = [
    ['from torchvision import mo.dels\n', '.'],
    ['from transformers import AutoModel,\n', ','],
    ['def f():\n    from a import (b.c)\n', '.'],
  ];
  const valid = ['from a import (b,)\n', 'from . import x\n', 'from .a.b import c as d, e\n', 'from a import *\n', 'from a import (\n    b,\n    c,\n)\n', 'from a import b, \\\n    c\n', 'from a import b  # c,\n'];
  reportedAndTaken(invalid, valid);
});

describe("Python 2's print statement", () => {
  reportedAndTaken(
    [
      ['x = 1\nprint "epoch %d" % x\n', 'print "epoch %d" % x'],
      ["print 'done'\n", "print 'done'"],
      ['def f(loss):\n    print loss.item()\n', 'print loss.item()'],
    ],
    // Python 3 expressions that begin with the name print (`print -1` subtracts; nothing runs them, but they parse)
    ['print -1\n', 'print [0]\n', 'print(x)\n', 'print (x)\n', 'print\n', 'print.__doc__\n', 'print = pprint\n'],
  );

  it("says CPython's message", () => {
    const r = check("print 'done'\n", false);
    assert.equal(r.syntaxErrors.length, 1);
    assert.match(JSON.stringify(r.syntaxErrors[0]), /Missing parentheses in call to 'print'/);
  });
});

describe("the fast parser's clean marks (pythonRejects does not walk a statement the parser built without a rejected node)", () => {
  const walked = (s: Parameters<typeof walkRejects>[0]): Span[] => {
    const out: Span[] = [];
    walkRejects(s, out);
    return out;
  };

  it('leaves unmarked every top-level statement in which walking finds code Python rejects', () => {
    let parsed = 0;
    for (const code of invalidCodes) {
      const fast = fastParse(code);
      if (!fast) continue; // left to Lezer (the print statement, dotted names imported)
      parsed++;
      const rejected = fast.stmts.filter((s) => walked(s).length);
      assert.ok(rejected.length, `premise: the walk finds the error of ${JSON.stringify(code)}`);
      for (const s of rejected) assert.ok(!isClean(s), `marked clean: ${JSON.stringify(code)}`);
    }
    assert.ok(parsed >= 20, `the fast parser read ${parsed} of the invalid codes`);
  });

  it('marks every top-level statement of valid files, each of which the walk finds clean', () => {
    const ROOT = join(__dirname, '../..');
    const texts = [...pythonFilesUnder(join(ROOT, 'examples')), ...pythonFilesUnder(join(ROOT, 'test/fixtures'))].map((f) => readFileSync(f, 'utf8'));
    texts.push(generateScript(3000, 7), generateScript(3000, 99));
    let statements = 0;
    for (const text of texts) {
      const fast = fastParse(text);
      if (!fast) continue;
      for (const s of fast.stmts) {
        if (walked(s).length) continue; // (the fixtures of this very check have errors on purpose)
        statements++;
        assert.ok(isClean(s), `not marked: ${text.slice(s.from, Math.min(s.to, s.from + 80))}`);
      }
    }
    assert.ok(statements > 500, `${statements} statements`);
  });
});

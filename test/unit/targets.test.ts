// Assignment targets CPython rejects are syntax errors (python/targets.ts), in the CLI's path and the editor's alike;
// every target Python accepts is left alone; `print = pprint` (Python 3 rebinding the builtin) is valid.
import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';

const check = (text: string, editing: boolean) => new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text, editing });
const errorTexts = (text: string, editing: boolean): string[] =>
  check(text, editing).syntaxErrors.map((e) => text.split('\n')[e.range.start.line].slice(e.range.start.character, e.range.end.line === e.range.start.line ? e.range.end.character : undefined));

describe('assignment targets', () => {
  const invalid: [string, string][] = [
    ['self.t = t or t = t\n', 't or t'],
    ['f() = 1\n', 'f()'],
    ['1 = x\n', '1'],
    ['a if b else c = 1\n', 'a if b else c'],
    ['not a = 1\n', 'not a'],
    ['{a} = 1\n', '{a}'],
    ['x() += 1\n', 'x()'],
    ['for f(i) in x:\n    pass\n', 'f(i)'],
    ['with open(p) as f():\n    pass\n', 'f()'],
    ['a, b: int = 1, 2\n', 'a, b'],
    ['def g():\n    if x:\n        y + 1 = 2\n', 'y + 1'],
  ];
  for (const [code, target] of invalid) {
    it(`reports \`${target}\` as a syntax error, in both paths: ${JSON.stringify(code)}`, () => {
      for (const editing of [false, true]) assert.deepEqual(errorTexts(code, editing), [target], editing ? 'editor' : 'CLI');
    });
  }

  const valid = ['(a) = 1\n', '[a, *b] = x\n', 'a.b[c] = 1\n', '(a, b) = 1, 2\n', 'x: int = 1\n', 'self.x: int = 1\n', 'a[0]: int\n', 'for (i, *j) in x:\n    pass\n', 'with open(p) as (a, b):\n    pass\n', 'x += 1\n', 'a.b += 1\n', 'a[i] -= 1\n', '() = []\n', 'a = b = c\n', 'print = pprint.pprint\n', 'print += 1\n'];
  for (const code of valid) {
    it(`takes ${JSON.stringify(code)}`, () => {
      for (const editing of [false, true]) assert.deepEqual(check(code, editing).syntaxErrors, [], editing ? 'editor' : 'CLI');
    });
  }

  it('a file with an invalid target is "analysed as far as the parser recovered": the file-wide rules stay quiet', () => {
    const loop = 'for x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n';
    const ok = check(`import torch\n${loop}`, false);
    assert.ok(ok.findings.some((f) => f.code === 'NR201'), 'premise: the valid script is reported for its seed');
    const broken = check(`import torch\ncfg = a or b = c\n${loop}`, false);
    assert.equal(broken.syntaxErrors.length, 1);
    assert.ok(!broken.findings.some((f) => f.code === 'NR201'));
  });
});

// Broken, odd and huge inputs: no crash, no false finding from the broken part, a clear message where the
// file cannot be analysed.
import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';

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
});

import { strict as assert } from 'assert';
import { Analyzer, LineIndex } from '../../src/engine';

describe('ranges are 0-based UTF-16 positions (what VS Code uses)', () => {
  it('CJK text and an emoji before the call on the same line', () => {
    const text = 'import torch.nn as nn\nb = "日本語🙂"; c = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8))\n';
    const f = new Analyzer().analyze({ path: '/p/m.py', text }).findings[0];
    const line = text.split('\n')[1];
    // "🙂" is two UTF-16 code units: the column counts both
    assert.equal(f.range.start.line, 1);
    assert.equal(f.range.start.character, line.indexOf('nn.Conv2d'));
    assert.equal(f.range.start.character, 31); // b = "日本語🙂"; c = nn.Sequential( : the emoji counts 2
    assert.equal(text.slice(f.offsets.start, f.offsets.end), 'nn.Conv2d(3, 8, 3)');
  });
  it('CRLF and lone CR line breaks count as one line break', () => {
    const li = new LineIndex('a\r\nb\rc\nd');
    assert.deepEqual(li.position(3), { line: 1, character: 0 });
    assert.deepEqual(li.position(5), { line: 2, character: 0 });
    assert.deepEqual(li.position(7), { line: 3, character: 0 });
    assert.equal(li.lineText(0), 'a');
    assert.equal(li.offset({ line: 2, character: 1 }), 6);
  });
  it('tabs count as one character', () => {
    const text = 'import torch.nn as nn\nif True:\n\tb = nn.Sequential(nn.Linear(3, 8), nn.BatchNorm1d(8))\n';
    const f = new Analyzer().analyze({ path: '/p/m.py', text }).findings[0];
    assert.deepEqual(f.range.start, { line: 2, character: 19 });
  });
});

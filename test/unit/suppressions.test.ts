import { strict as assert } from 'assert';
import { Analyzer, applyEdits, suppressionEdit } from '../../src/engine';

const BAD = 'import torch.nn as nn\nb = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8))';
const codes = (text: string): string[] => new Analyzer().analyze({ path: '/p/m.py', text }).findings.map((f) => f.code);

describe('suppression comments', () => {
  it('the unsuppressed line is reported', () => assert.deepEqual(codes(BAD + '\n'), ['NR209']));
  it('# nn-recipe: ignore[NR209]', () => assert.deepEqual(codes(BAD + '  # nn-recipe: ignore[NR209]\n'), []));
  it('several codes, comma-separated', () => assert.deepEqual(codes(BAD + '  # nn-recipe: ignore[NR204, NR209]\n'), []));
  it('bare # nn-recipe: ignore silences every rule on the line', () => assert.deepEqual(codes(BAD + '  # nn-recipe: ignore\n'), []));
  it('another code does not silence this one', () => assert.deepEqual(codes(BAD + '  # nn-recipe: ignore[NR204]\n'), ['NR209']));
  it('# noqa: NR209 and bare # noqa', () => {
    assert.deepEqual(codes(BAD + '  # noqa: NR209\n'), []);
    assert.deepEqual(codes(BAD + '  # noqa\n'), []);
    assert.deepEqual(codes(BAD + '  # noqa: E501\n'), ['NR209']);
  });
  it('ignore-file anywhere in the file', () => {
    assert.deepEqual(codes('# nn-recipe: ignore-file[NR209]\n' + BAD + '\n'), []);
    assert.deepEqual(codes(BAD + '\n# nn-recipe: ignore-file[NR201]\n'), ['NR209']);
  });
  it('a suppression inside a string is not a comment', () => {
    assert.deepEqual(codes(BAD + '; s = "# nn-recipe: ignore[NR209]"\n'), ['NR209']);
    assert.deepEqual(codes('s = """\n# nn-recipe: ignore-file\n"""\n' + BAD + '\n'), ['NR209']);
  });
  it('a suppression on another line does not apply', () => assert.deepEqual(codes('# nn-recipe: ignore[NR209]\n' + BAD + '\n'), ['NR209']));

  describe('the "ignore on this line" edit', () => {
    it('appends a comment in the language of the file and silences the finding', () => {
      const text = BAD + '\n';
      const e = suppressionEdit(text, 'python', 1, 'NR209');
      assert.ok(e);
      const out = applyEdits(text, [e]);
      assert.equal(out, BAD + '  # nn-recipe: ignore[NR209]\n');
      assert.deepEqual(codes(out), []);
    });
    it('adds to an existing list instead of a second comment', () => {
      const text = BAD + '  # nn-recipe: ignore[NR204]\n';
      const e = suppressionEdit(text, 'python', 1, 'NR209');
      assert.ok(e);
      assert.equal(applyEdits(text, [e]), BAD + '  # nn-recipe: ignore[NR204, NR209]\n');
    });
    it('uses // in TypeScript and offers nothing in JSON', () => {
      const e = suppressionEdit('const x = 1;\n', 'typescript', 0, 'NR208');
      assert.equal(e && applyEdits('const x = 1;\n', [e]), 'const x = 1;  // nn-recipe: ignore[NR208]\n');
      assert.equal(suppressionEdit('{}\n', 'json', 0, 'NR501'), undefined);
    });
  });
});

// A string literal's value (`stringValue`), read by hand for speed: the same answers as the regular expression it
// replaced, for literals of every shape and for text that is not one.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { stringValue } from '../../src/engine/python/ir';
import { fastParse } from '../../src/engine/python/fastparse';
import { forEachExprIn } from '../../src/engine/python/semantic';
import { rng } from '../../scripts/lib/generate';
import { generateProject } from '../../scripts/lib/corpus';
import { pythonFilesUnder } from '../../scripts/lib/python-files';

/** The reading before: a regular expression. */
function byRegex(src: string): string {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")([\s\S]*?)(?:\2)?$/.exec(src);
  if (!m) return src;
  const raw = /[rR]/.test(m[1]);
  const body = m[3];
  if (raw) return body;
  return body.replace(/\\(n|t|r|\\|'|"|\r?\n)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '\n' || c === '\r\n' ? '' : c));
}

describe('stringValue', () => {
  it('reads what the regular expression read, for hand-picked literals', () => {
    const cases = ["'a'", '"a"', "'''a'''", '"""doc\nstring"""', "r'\\d+'", "Rb'\\n'", "f'{x}'", "rf'{x}\\n'", "u'x'", "b'\\x00'", "'it\\'s'", '"a\\\\b"', "'a\\\nb'", "'a\\\r\nb'", "''", '""', "''''''", "'", '"""', "'''a''''", 'abc', "xy'a'", "rbf'a'", "'unterminated", '"""open'];
    for (const c of cases) assert.equal(stringValue(c), byRegex(c), JSON.stringify(c));
  });

  it('reads what the regular expression read, for 20,000 random texts of quotes, prefixes, backslashes and line breaks', () => {
    const r = rng(21);
    const alphabet = ['r', 'R', 'b', 'B', 'f', 'u', 'x', "'", '"', "'''", '"""', '\\', 'n', 't', '\n', '\r', '\r\n', ' '];
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      const n = Math.floor(r() * 12);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(r() * alphabet.length)];
      assert.equal(stringValue(s), byRegex(s), JSON.stringify(s));
    }
  });

  it('reads every string literal of the fixtures, the example and a generated project as the regular expression did', () => {
    let strings = 0;
    const files = [...pythonFilesUnder('test/fixtures'), ...pythonFilesUnder('examples')].map((p) => ({ p, text: readFileSync(p, 'utf8') }));
    for (const f of generateProject({ lines: 3000, seed: 5 })) if (f.path.endsWith('.py')) files.push({ p: f.path, text: f.text });
    for (const { p, text } of files) {
      const parsed = fastParse(text);
      if (!parsed) continue;
      for (const st of parsed.stmts)
        forEachExprIn(st, (e) => {
          if (e.k !== 'str') return;
          const src = text.slice(e.from, e.to);
          assert.equal(stringValue(src), byRegex(src), `${p}: ${src.slice(0, 40)}`);
          strings++;
        });
    }
    assert.ok(strings > 500, `${strings} literals read`);
  });
});

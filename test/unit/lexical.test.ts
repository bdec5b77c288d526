// What CPython's tokenizer rejects is a syntax error (python/lexical.ts), with its message, where Lezer 1.1.19 reads
// the text without an error node: an unterminated string, an unexpected indent, a dedent to no enclosing column, a
// `try:` without its `except`, a character no name may hold. Every text below was checked against CPython 3.12 and
// 3.13 (`ast.parse`): the invalid ones are rejected with the message given, the valid ones are taken. A false syntax
// error is worse than a missed one: where the reader is not sure (tabs and spaces mixed, f-strings that only 3.12
// reads, `x²`), it reports nothing.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { generateProject } from '../../scripts/lib/corpus';
import { generateScript } from '../../scripts/lib/generate';
import { pythonFilesUnder } from '../../scripts/lib/python-files';
import { Analyzer } from '../../src/engine';
import { fastParse } from '../../src/engine/python/fastparse';
import { isPythonIdentifier, lexicalError } from '../../src/engine/python/lexical';
import { parsePython } from '../../src/engine/python/parse';

describe('lexical errors (python/lexical.ts)', () => {
  const invalid: [code: string, message: string | undefined][] = [
    ["x = 1\n    y = 2\n", "unexpected indent"],
    ["    x = 1\n", "unexpected indent"],
    ["if x: pass\n    y = 2\n", "unexpected indent"],
    ["def f():\n        a = 1\n    b = 2\n", "unindent does not match any outer indentation level"],
    ["if x:\ny = 1\n", "expected an indented block"],
    ["class A:\n", "expected an indented block"],
    ["for i in x:  # loop\n\n# c\nprint(i)\n", "expected an indented block"],
    ["s = 'abc\nt = 1\n", "unterminated string literal"],
    ["s = \"abc\\\"\nt = 1\n", "unterminated string literal"],
    ["s = f'a {x} b\n", "unterminated f-string literal"],
    ["x² = 1\n", undefined],
    ["＿x = 1\n", "invalid character '＿' (U+FF3F)"],
    ["s = '''abc\n", "unterminated triple-quoted string literal"],
    ["s = rb'x\n", "unterminated string literal"],
    ["print(x\ny = 2\n", "'(' was never closed"],
    ["x = [1, (2, 3]\n", "closing parenthesis ']' does not match opening parenthesis '('"],
    ["x = 1)\n", "unmatched ')'"],
    ["x = 1 \\ + 2\n", "unexpected character after line continuation character"],
    ["print（x）\n", "invalid character '（' (U+FF08)"],
    ["x = 1，2\n", "invalid character '，' (U+FF0C)"],
    ["x = 1 + 2\n", "invalid non-printable character U+00A0"],
    ["loss = 🔥\n", "invalid character '🔥' (U+1F525)"],
    ["try:\n    x = 1\ny = 2\n", "expected 'except' or 'finally' block"],
    ["try:\n    x = 1\n", "expected 'except' or 'finally' block"],
    ["def f():\n    try:\n        x = 1\n    return x\n", "expected 'except' or 'finally' block"],
    ["try: x = 1\nelse: pass\n", "expected 'except' or 'finally' block"],
    ["print(f\"Epoch {epoch}/{epochs}} done\")\n", "f-string: single '}' is not allowed"],
    ["s = f'a}b'\n", "f-string: single '}' is not allowed"],
    ["root = \"C:\\Users\\me\\data\"\n", "(unicode error) truncated \\UXXXXXXXX escape"],
    ["s = '\\x4'\n", "(unicode error) truncated \\xXX escape"],
    ["s = b'\\x4g'\n", "(value error) invalid \\x escape"],
    ["s = f'{x}\\u12'\n", "(unicode error) truncated \\uXXXX escape"],
    ["s = '\\U0011FFFF'\n", "(unicode error) illegal Unicode character"],
    ["s = '\\N'\n", "(unicode error) malformed \\N character escape"],
  ];
  const valid = [
    "x = (1,\n      2,\n  3)\n",
    "x = 1 + \\\n        2\n",
    "def f():\n    x = 1\n# a comment at column 0\n    return x\n",
    "if x:\n    pass\n        # a comment indented deeper\n",
    "s = '''\n  a\n b\n'''\n",
    "s = 'a\\\nb'\n",
    "s = r'\\''\n",
    "s = f\"{x['a']}\"\n",
    "s = f'{x[\"a\"]:>{w}} {{literal}}'\n",
    "s = f'{x['a']}'\n",
    "s = f'{\n1}'\n",
    "s = f\"\"\"{\n  x  # comment\n}\"\"\"\n",
    "s = f'{x:%H:%M}'\n",
    "s = f'{{{x}}} {y:{w}}}}'\n",
    "s = rf'\\{x}'\n",
    "s = f'\\N{EM DASH} {x}'\n",
    "s = b'\\u12 \\N'\n",
    "s = '\\U0010FFFF \\N{EM DASH} \\q \\d'\n",
    "s = r'C:\\Users\\N' + rb'\\x'\n",
    "s = '\\\\Users'\n",
    "ﬁle = 1\n",
    "数据 = 1\n",
    "café = 1\n",
    "try:\n    x = 1\nexcept* ValueError:\n    pass\n",
    "try: x = 1\nfinally: pass\n",
    "try:\n    x = 1\n\n# comment\nexcept E:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
    "x = 1\r\nif x:\r\n    y = 2\r\n",
    "x = 1\ry = 2\r",
    "\fdef f():\n    pass\n",
    "if x:\n\tpass\n",
    "class A: x: int = 1\n",
    "d = {\n  'a':\n     1,\n}\n",
    "f = lambda: 0\n",
    "x = 1 \\\n\ny = 2\n",
    "match x:\n    case 1:\n        pass\n",
    "print(\"a\" 'b' u'f' F\"g\" fR'h' rF'i')\nprint(rb\"c\" Rb'd' BR\"e\" b'')\n",
    "x = 0x1F + 1e-3 + 1.e-3 + 2j + 1_000\n",
    "",
    "\n\n   \n",
    "# only a comment",
  ];
  for (const [code, message] of invalid) {
    it(`${message ? `reports "${message}" in` : 'reports nothing it is unsure of in'} ${JSON.stringify(code)}`, () => {
      assert.equal(lexicalError(code)?.message, message);
    });
  }
  for (const code of valid) {
    it(`takes ${JSON.stringify(code)}`, () => assert.equal(lexicalError(code), undefined));
  }

  it('ranges: the character, the string to the end of its line, the line indented', () => {
    const at = (code: string): string => {
      const e = lexicalError(code);
      assert.ok(e, code);
      return code.slice(e.from, e.to);
    };
    assert.equal(at('print（x）\n'), '（');
    assert.equal(at('loss = 🔥 + 1\n'), '🔥');
    assert.equal(at("x = 1\ns = 'abc\nt = 1\n"), "'abc");
    assert.equal(at('x = 1\n    y = 2\n'), 'y = 2');
    assert.equal(at("s = '''abc\n"), "'''");
    assert.equal(at('f(a, [b, c)\n'), ')');
  });

  it('is unsure, and says nothing, where Python versions or settings read the text differently', () => {
    // tabs and spaces mixed (a TabError in Python 3, whatever the columns look like)
    assert.equal(lexicalError('if x:\n        a = 1\n\tb = 2\n'), undefined);
    // a replacement field with a backslash, a comment or a quote of its own string (3.12 reads them, 3.11 does not)
    assert.equal(lexicalError("s = f'{\"\\n\".join(x)}'\ny = 1\n"), undefined);
    assert.equal(lexicalError("s = f'{x['a']}\ny = (\n"), undefined);
    // a file's byte order mark
    assert.equal(lexicalError('\ufeffx = 1\n'), undefined);
  });

  it('names: checked as written, as CPython checks them before normalizing', () => {
    for (const name of ['数据', 'café', 'ﬁle', 'x_1', 'Δt', '_']) assert.ok(isPythonIdentifier(name), name);
    for (const name of ['x²', '＿x', 'print（x）', 'a b', '1x']) assert.ok(!isPythonIdentifier(name), name);
  });
});

describe('the analysis of texts Lezer reads without an error', () => {
  const check = (text: string, editing: boolean) => new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text, editing });
  const loop = 'import torch\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n';
  const cases: [text: string, message: string][] = [
    [`${loop}name = 'resnet\n`, 'unterminated string literal'],
    [`${loop}    print(loss)\n  print(x)\n`, 'unindent does not match any outer indentation level'],
    [`${loop}x = 1\n    y = 2\n`, 'unexpected indent'],
    [`${loop}try:\n    x = 1\nelse:\n    pass\n`, "expected 'except' or 'finally' block"],
    [`${loop}print（loss）\n`, "invalid character '（' (U+FF08)"],
  ];
  for (const [text, message] of cases) {
    it(`reports "${message}", in both paths, and the file-wide rules stay quiet`, () => {
      assert.deepEqual(parsePython(text).errors, [], 'premise: Lezer reads it without an error node');
      assert.equal(fastParse(text), undefined, 'premise: the fast parser gives it up');
      for (const editing of [false, true]) {
        const r = check(text, editing);
        assert.deepEqual(r.syntaxErrors.map((e) => e.message), [message]);
        assert.ok(!r.findings.some((f) => f.code === 'NR201'), 'the seed might be in what Python cannot read');
      }
      assert.ok(check(loop, false).findings.some((f) => f.code === 'NR201'), 'premise: the valid script is reported for its seed');
    });
  }

  it('while typing: an unterminated string typed into a valid file is an error until it is closed', () => {
    const a = new Analyzer({ fastParse: true });
    const path = '/p/typing.py';
    const base = `${loop}name = 'resnet'\ndepth = 50\n`;
    const versions = [base, base.replace("'resnet'", "'resnet"), base];
    const errors = versions.map((text) => a.analyze({ path, text, editing: true }).syntaxErrors.map((e) => e.message));
    assert.deepEqual(errors, [[], ['unterminated string literal'], []]);
  });
});

describe('lexical errors: none in valid code', () => {
  it("the repository's example and fixture code, generated scripts and a generated project", () => {
    const root = join(__dirname, '..', '..');
    const texts = [...pythonFilesUnder(join(root, 'examples')), ...pythonFilesUnder(join(root, 'test/fixtures'))].map((f) => ({ what: f, text: readFileSync(f, 'utf8') }));
    assert.ok(texts.length > 10);
    for (const seed of [1, 2, 3]) texts.push({ what: `script ${seed}`, text: generateScript(1500, seed) });
    for (const f of generateProject({ lines: 6000, seed: 7 })) texts.push({ what: f.path, text: f.text });
    for (const { what, text } of texts) assert.equal(lexicalError(text), undefined, what);
    // and with Windows line endings
    for (const { what, text } of texts) assert.equal(lexicalError(text.replace(/\r?\n/g, '\r\n')), undefined, `${what} (CRLF)`);
  });
});

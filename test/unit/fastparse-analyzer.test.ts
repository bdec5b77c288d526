// The Analyzer with the fast parse path (the CLI's: `fastParse: true`) gives exactly the analysis of the Lezer
// path (the editor's), and the editor's analyzer falls back to the fast path where Lezer 1.1.19 reports errors in
// valid code, so both say the same about such files.
import { strict as assert } from 'assert';
import { parser } from '@lezer/python';
import { Analyzer, type ProjectHost } from '../../src/engine';
import { generateProject } from '../../scripts/lib/corpus';

/** A long file of docstring calls: valid Python in which Lezer 1.1.19 finds errors. */
function docstringFile(n: number): string {
  let t = 'import torch\nfrom torch._C import _add_docstr as add_docstr\n\n';
  for (let i = 0; i < n; i++) t += `add_docstr_all(\n    "op${i}",\n    r"""\nop${i}(value) -> Tensor\n\nSee :func:\`torch.op${i}\`.\n""",\n)\n\n`;
  return t;
}

function lezerErrors(text: string): number {
  let n = 0;
  parser.parse(text).iterate({
    enter: (x) => {
      if (x.type.isError) n++;
    },
  });
  return n;
}

describe('analyzer: fast parse path', function () {
  this.timeout(120_000);

  it('the same findings, syntax errors and messages as the Lezer path, over a generated project', () => {
    const files = generateProject({ lines: 5000, seed: 21 });
    const byPath = new Map(files.map((f) => [`/p/${f.path}`, f.text]));
    const host: ProjectHost = { readFile: (p) => byPath.get(p) };
    const fast = new Analyzer({ host, fastParse: true });
    const slow = new Analyzer({ host });
    let findings = 0;
    for (const [path, text] of byPath) {
      const a = fast.analyze({ path, text, stage: 2 });
      const b = slow.analyze({ path, text, stage: 2 });
      assert.deepStrictEqual(a, b, path);
      findings += a.findings.length;
    }
    assert.ok(findings > 10, `the project should have findings (${findings})`);
  });

  it('suppression comments are read from the fast path’s comments, not from strings', () => {
    const loop = (step: string) => `for x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    ${step}\n`;
    const text = `import torch\n\nNOTE = "# nn-recipe: ignore-file[NR204]"\n${loop('opt.step()  # nn-recipe: ignore[NR204]')}${loop('opt.step()')}`;
    for (const analyzer of [new Analyzer({ fastParse: true }), new Analyzer()]) {
      const r = analyzer.analyze({ path: '/p/train.py', text, settings: { select: ['NR204'] } });
      assert.deepEqual(
        r.findings.map((f) => f.range.start.line),
        [10],
      );
    }
  });

  it("where Lezer reports errors in valid code, the editor's analyzer and the CLI's report none, alike", () => {
    const text = docstringFile(600);
    assert.ok(lezerErrors(text) > 0, 'premise: Lezer 1.1.19 reports an error in this valid file');
    const editor = new Analyzer().analyze({ path: '/p/docs.py', text });
    const cli = new Analyzer({ fastParse: true }).analyze({ path: '/p/docs.py', text });
    assert.deepEqual(editor.syntaxErrors, []);
    assert.deepStrictEqual(editor, cli);
  });

  it('a file with a real syntax error still goes through Lezer, with its errors, in both', () => {
    const text = 'import torch\n\ndef f(:\n    pass\n\ntorch.manual_seed(0)\n';
    const editor = new Analyzer().analyze({ path: '/p/bad.py', text });
    const cli = new Analyzer({ fastParse: true }).analyze({ path: '/p/bad.py', text });
    assert.ok(editor.syntaxErrors.length > 0);
    assert.deepStrictEqual(editor, cli);
  });
});

// The Analyzer's two parse paths give exactly the same analysis: the fast path (`fastParse`: files checked, as by
// the CLI or a workspace scan) and Lezer (`editing`: a document open in the editor, re-parsed incrementally).
// Where Lezer 1.1.19 reports errors in valid code the editing path falls back to the fast one, so both agree.
import { strict as assert } from 'assert';
import { parser } from '@lezer/python';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { Analyzer, type ProjectHost } from '../../src/engine';
import { generateProject } from '../../scripts/lib/corpus';
import { generateScript } from '../../scripts/lib/generate';
import { AnalysisService } from '../../src/extension/worker/analysis-worker';

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

/** Counts Lezer's parses (whole or incremental, at once or in slices) while `run` runs. */
function lezerParses(run: () => void): number {
  let n = 0;
  let inParse = false;
  withLezer(
    ({ parse, startParse }) => ({
      parse: (...args) => {
        n++;
        inParse = true;
        try {
          return parse.apply(parser, args);
        } finally {
          inParse = false;
        }
      },
      // (`parse` starts its parse with `startParse`: counted once)
      startParse: (...args) => {
        if (!inParse) n++;
        return startParse.apply(parser, args);
      },
    }),
    run,
  );
  return n;
}

type LezerEntry = (...args: unknown[]) => unknown;

/** Runs `run` with Lezer's `parse` and `startParse` replaced (`replace` gets the originals), then restores them. */
function withLezer(replace: (original: Record<'parse' | 'startParse', LezerEntry>) => Record<'parse' | 'startParse', LezerEntry>, run: () => void): void {
  const p = parser as unknown as Record<'parse' | 'startParse', LezerEntry>;
  const stubs = replace({ parse: p.parse, startParse: p.startParse });
  p.parse = stubs.parse;
  p.startParse = stubs.startParse;
  try {
    run();
  } finally {
    delete (parser as unknown as Record<string, unknown>).parse;
    delete (parser as unknown as Record<string, unknown>).startParse;
  }
}

/** Lezer failing as it does on the trees of a deep recovery: every parse throws. */
function lezerThrowing(run: () => void): void {
  const broken = (): never => {
    throw new TypeError("Cannot read properties of undefined (reading 'isAnonymous')");
  };
  withLezer(() => ({ parse: broken, startParse: broken }), run);
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
      const b = slow.analyze({ path, text, stage: 2, editing: true });
      assert.deepStrictEqual(a, b, path);
      findings += a.findings.length;
    }
    assert.ok(findings > 10, `the project should have findings (${findings})`);
  });

  it('a document edited in an analyzer that checks others with the fast path: every error-free version equals a fresh check, every other one a replay from the last error-free version', () => {
    const base = generateProject({ lines: 1500, seed: 5 }).find((f) => f.path.endsWith('train.py'));
    assert.ok(base);
    const path = '/p/train.py';
    const editor = new Analyzer({ fastParse: true });
    let text = base.text;
    editor.analyze({ path, text, stage: 2, editing: true });
    editor.prepareForEdits();
    let lastGood = text;
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 16807) % 2147483647) % n);
    let broken = 0;
    for (let i = 0; i < 60; i++) {
      const at = rand(text.length);
      const edits = ['', 'x', ' ', '\n', '(', 'optimizer.zero_grad()\n', '"""', '):'];
      text = text.slice(0, at) + edits[rand(edits.length)] + text.slice(at + rand(3));
      // a broken file is repaired now and then, as when typing goes on
      if (i % 7 === 6) text = lastGood;
      const edited = editor.analyze({ path, text, stage: 2, editing: true });
      const fresh = new Analyzer({ fastParse: true }).analyze({ path, text, stage: 2 });
      if (!fresh.syntaxErrors.length) {
        assert.deepStrictEqual(edited, fresh, `edit ${i}`);
        lastGood = text;
        continue;
      }
      // with syntax errors the result depends on the last error-free version and this text only, not on the
      // versions typed in between (nothing carried over from them)
      broken++;
      assert.ok(edited.syntaxErrors.length > 0, `edit ${i}: the errors are reported`);
      const replay = new Analyzer({ fastParse: true });
      replay.analyze({ path, text: lastGood, stage: 2, editing: true });
      replay.prepareForEdits();
      assert.deepStrictEqual(edited, replay.analyze({ path, text, stage: 2, editing: true }), `edit ${i}`);
    }
    assert.ok(broken > 5, `the edits should break the file often (${broken})`);
  });

  it('suppression comments are read from the fast path’s comments, not from strings', () => {
    const loop = (step: string) => `for x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    ${step}\n`;
    const text = `import torch\n\nNOTE = "# nn-recipe: ignore-file[NR204]"\n${loop('opt.step()  # nn-recipe: ignore[NR204]')}${loop('opt.step()')}`;
    for (const editing of [false, true]) {
      const r = new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text, settings: { select: ['NR204'] }, editing });
      assert.deepEqual(
        r.findings.map((f) => f.range.start.line),
        [10],
      );
    }
  });

  it('where Lezer reports errors in valid code, an edited document and a checked file report none, alike', () => {
    const text = docstringFile(600);
    assert.ok(lezerErrors(text) > 0, 'premise: Lezer 1.1.19 reports an error in this valid file');
    const analyzer = new Analyzer({ fastParse: true });
    const editor = analyzer.analyze({ path: '/p/docs.py', text, editing: true });
    const cli = new Analyzer({ fastParse: true }).analyze({ path: '/p/docs.py', text });
    assert.deepEqual(editor.syntaxErrors, []);
    assert.deepStrictEqual(editor, cli);
    // and stays so while it is edited and remains valid
    const edited = text + 'add_docstr_all("extra", r"""doc""")\n';
    assert.ok(lezerErrors(edited) > 0);
    assert.deepEqual(analyzer.analyze({ path: '/p/docs.py', text: edited, editing: true }).syntaxErrors, []);
  });

  it('valid code Lezer marks (a bare `yield`, a form-feed line) has no syntax errors, and the file-wide rules still run', () => {
    const text =
      'import torch\nfrom contextlib import contextmanager\nfrom torch import nn\n\n\n@contextmanager\ndef main_process_first(rank):\n' +
      '    if rank != 0:\n        torch.distributed.barrier()\n    yield\n    if rank == 0:\n        torch.distributed.barrier()\n\f\n\n' +
      'model = nn.Linear(10, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\ncriterion = nn.CrossEntropyLoss()\n' +
      'for epoch in range(10):\n    for x, y in loader:\n        opt.zero_grad()\n        loss = criterion(model(x), y)\n        loss.backward()\n        opt.step()\n';
    assert.ok(lezerErrors(text) > 0, 'premise: Lezer 1.1.19 puts error nodes in this valid file');
    const editor = new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text, stage: 2, editing: true });
    const cli = new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text, stage: 2 });
    assert.deepEqual(editor.syntaxErrors, []);
    assert.ok(editor.findings.some((f) => f.code === 'NR201'), 'the unseeded script is reported (a file with syntax errors would not be)');
    assert.deepStrictEqual(editor, cli);
    // edits around the bare yield: every version as a fresh check
    const analyzer = new Analyzer({ fastParse: true });
    let current = text;
    for (const [from, to] of [['    yield\n', '    yield  # go\n'], ['    yield  # go\n', '    x = yield\n'], ['    x = yield\n', '    yield rank\n'], ['    yield rank\n', '    yield\n']]) {
      current = current.replace(from, to);
      const edited = analyzer.analyze({ path: '/p/train.py', text: current, stage: 2, editing: true });
      assert.deepStrictEqual(edited, new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text: current, stage: 2 }), to);
      assert.deepEqual(edited.syntaxErrors, [], to);
    }
  });

  for (const [what, line] of [
    ['a starred target in a comprehension', 'ids = [i for i, *_ in pairs]\n'],
    ["a starred index (Python 3.11's `tuple[*Ts]`)", 'shape: tuple[*dims] = (1, 2)\n'],
    ["a lambda's positional-only parameters", 'key = lambda a, /, b=1: a + b\n'],
    ["an f-string's format spec that starts with `=` (not a walrus)", 'print(f"{loss:=^20}")\n'],
    ["a generic class's type parameters with a default (Python 3.13)", 'class Box[T: (int, float), *Ts, **P, U = int](nn.Module):\n    pass\n'],
  ]) {
    it(`valid code Lezer 1.1.19 reports an error in, ${what}: no syntax error in either path, the file-wide rules still run`, () => {
      const text = `import torch\n${line}for x, y in loader:\n    opt.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    opt.step()\n`;
      assert.ok(lezerErrors(text) > 0, 'premise: Lezer 1.1.19 puts error nodes in this valid file');
      for (const editing of [false, true]) {
        const r = new Analyzer({ fastParse: true }).analyze({ path: '/p/train.py', text, stage: 2, editing });
        assert.deepEqual(r.syntaxErrors, []);
        assert.ok(r.findings.some((f) => f.code === 'NR201'));
      }
    });
  }

  it('type parameter lists Python rejects are still syntax errors, in both paths', () => {
    for (const code of ['def f[](x):\n    pass\n', 'def f[*T: int](x):\n    pass\n', 'def f[T = int, U](x):\n    pass\n', 'type Alias\n']) {
      for (const editing of [false, true]) assert.ok(new Analyzer({ fastParse: true }).analyze({ path: '/p/t.py', text: code, editing }).syntaxErrors.length > 0, code);
    }
  });

  it('parenthesized context managers with targets: no syntax errors, the same analysis in both paths, while edited', () => {
    const text =
      'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.2), nn.Linear(8, 2))\n\n\n' +
      'def evaluate(model, loader):\n    model.eval()\n    with (\n        torch.no_grad(),\n        open("log.txt", "w") as log,\n    ):\n' +
      '        for x, y in loader:\n            log.write(str(model(x).argmax(1)))\n\n\nevaluate(model, val_loader)\n';
    assert.ok(lezerErrors(text) > 0, 'premise: Lezer 1.1.19 cannot read this valid header');
    const analyzer = new Analyzer({ fastParse: true });
    const fresh = (t: string) => new Analyzer({ fastParse: true }).analyze({ path: '/p/eval.py', text: t, stage: 2 });
    let current = text;
    for (const [from, to] of [
      ['', ''],
      ['"w") as log', '"w") as (log)'],
      ['as (log)', 'as self_log'],
      ['torch.no_grad(),', 'torch.no_grad(), torch.autocast("cpu"),'],
      ['    ):\n', '    ) :\n'],
    ]) {
      current = current.replace(from, to);
      const edited = analyzer.analyze({ path: '/p/eval.py', text: current, stage: 2, editing: true });
      assert.deepEqual(edited.syntaxErrors, [], to);
      assert.deepStrictEqual(edited, fresh(current), to);
      assert.ok(!edited.findings.some((f) => f.code === 'NR207'), `${to}: the evaluation is under no_grad`);
    }
  });

  it('a file with a real syntax error still goes through Lezer, with its errors, in both', () => {
    const text = 'import torch\n\ndef f(:\n    pass\n\ntorch.manual_seed(0)\n';
    const editor = new Analyzer({ fastParse: true }).analyze({ path: '/p/bad.py', text, editing: true });
    const cli = new Analyzer({ fastParse: true }).analyze({ path: '/p/bad.py', text });
    assert.ok(editor.syntaxErrors.length > 0);
    assert.deepStrictEqual(editor, cli);
  });

  describe('a document opened for editing in an analyzer with the fast path', () => {
    const text = generateScript(800, 11);
    const path = '/p/train.py';
    const at = text.indexOf('lr=', Math.floor(text.length / 2)) + 3;
    const edited = text.slice(0, at) + '9' + text.slice(at);
    const fresh = (t: string) => new Analyzer({ fastParse: true }).analyze({ path, text: t, stage: 2 });

    it('is read by the fast path first; prepareForEdits builds the tree, and the next edit re-uses it', () => {
      const a = new Analyzer({ fastParse: true });
      const opened = a.analyze({ path, text, stage: 2, editing: true });
      assert.deepStrictEqual(opened, fresh(text));
      assert.equal(a.hasEditsToPrepare, true);
      const fastModule = a.pythonModule(path, text).module;
      assert.equal(a.prepareForEdits(), 'prepared');
      assert.equal(a.hasEditsToPrepare, false);
      assert.equal(a.prepareForEdits(), 'idle');
      const primed = a.pythonModule(path, text).module;
      assert.equal(primed, fastModule, "the fast path's statements and semantic layer are kept: they line up with the tree's");
      // the same analysis from the prepared state
      assert.deepStrictEqual(a.analyze({ path, text, stage: 2, editing: true }), opened);
      // the edit re-uses the IR of every top-level statement it did not touch: the incremental path
      const next = a.pythonModule(path, edited).module;
      const touched = next.stmts.filter((s, i) => s !== primed.stmts[i]);
      assert.equal(next.stmts.length, primed.stmts.length);
      assert.equal(touched.length, 1, 'only the edited statement is new');
      assert.ok(touched[0].from <= at && at <= touched[0].to);
      assert.deepStrictEqual(a.analyze({ path, text: edited, stage: 2, editing: true }), fresh(edited));
    });

    /** Statements of `next` that are not objects of `prev` (by position): what an edit built anew. */
    const rebuilt = (prev: { stmts: readonly object[] }, next: { stmts: readonly object[] }): number => next.stmts.filter((s, i) => s !== prev.stmts[i]).length;

    it('edited before the tree was built: the fast path again, then the tree is built for the latest version', () => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path, text, stage: 2, editing: true });
      assert.deepStrictEqual(a.analyze({ path, text: edited, stage: 2, editing: true }), fresh(edited));
      assert.equal(a.hasEditsToPrepare, true, 'valid text: the fast path read it, the tree is still to build');
      assert.equal(a.prepareForEdits(), 'prepared');
      assert.equal(a.prepareForEdits(), 'idle');
      // the next edit is parsed incrementally: one statement built anew
      const before = a.pythonModule(path, edited).module;
      const after = a.pythonModule(path, text).module;
      assert.equal(rebuilt(before, after), 1);
      assert.deepStrictEqual(a.analyze({ path, text, stage: 2, editing: true }), fresh(text));
    });

    it('a syntax error typed before the tree was built: the tree is finished first, and the error read against it', () => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path, text, stage: 2, editing: true });
      assert.equal(a.prepareForEdits(0), 'working');
      a.analyze({ path, text: edited, stage: 2, editing: true });
      const broken = edited.slice(0, at) + '(' + edited.slice(at);
      const result = a.analyze({ path, text: broken, stage: 2, editing: true });
      assert.ok(result.syntaxErrors.length > 0);
      // as in an editor whose tree was built before the error was typed: the error stays in its statement
      const prepared = new Analyzer({ fastParse: true });
      prepared.analyze({ path, text: edited, stage: 2, editing: true });
      prepared.prepareForEdits();
      assert.deepStrictEqual(result, prepared.analyze({ path, text: broken, stage: 2, editing: true }));
      assert.ok(result.findings.length > 0 && result.findings.length === fresh(edited).findings.length, 'the findings of the other functions stay');
      assert.equal(a.hasEditsToPrepare, false, 'the tree is built');
      assert.equal(a.prepareForEdits(), 'idle');
      assert.deepStrictEqual(a.analyze({ path, text: edited, stage: 2, editing: true }), fresh(edited));
    });

    it('built in slices, with edits in between: each version as a fresh analysis, then edits reuse the tree', () => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path, text, stage: 2, editing: true });
      // a budget of 0: Lezer's parse stops at its first look at the clock
      let slices = 0;
      let outcome = a.prepareForEdits(0);
      for (let i = 0; outcome === 'working'; i++, slices++) {
        if (i === 3 || i === 9) {
          const t = i === 3 ? edited : text;
          assert.deepStrictEqual(a.analyze({ path, text: t, stage: 2, editing: true }), fresh(t));
        }
        outcome = a.prepareForEdits(0);
      }
      assert.equal(outcome, 'prepared');
      assert.ok(slices > 10, `the parse took ${slices} slices`);
      assert.equal(a.hasEditsToPrepare, false);
      const before = a.pythonModule(path, text).module;
      const after = a.pythonModule(path, edited).module;
      assert.equal(rebuilt(before, after), 1, 'incremental: one statement built anew');
      assert.deepStrictEqual(a.analyze({ path, text: edited, stage: 2, editing: true }), fresh(edited));
    });

    it('the tree finished for a version edited since: brought up to date, and the next edit is incremental', () => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path, text, stage: 2, editing: true });
      assert.equal(a.prepareForEdits(0), 'working');
      assert.deepStrictEqual(a.analyze({ path, text: edited, stage: 2, editing: true }), fresh(edited));
      assert.equal(a.prepareForEdits(), 'prepared', 'the parse of the first version went on, then caught up');
      const third = edited.replace('lr=', 'lr =');
      const before = a.pythonModule(path, edited).module;
      const after = a.pythonModule(path, third).module;
      assert.equal(rebuilt(before, after), 1);
      assert.deepStrictEqual(a.analyze({ path, text: third, stage: 2, editing: true }), fresh(third));
    });

    it('closed before the tree was built: nothing left to do', () => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path, text, stage: 2, editing: true });
      a.forget(path);
      assert.equal(a.hasEditsToPrepare, false);
      assert.equal(a.prepareForEdits(), 'idle');
    });

    it('a valid file Lezer 1.1.19 mis-reads stays on the fast path, without syntax errors', () => {
      const docs = docstringFile(600);
      const a = new Analyzer({ fastParse: true });
      const opened = a.analyze({ path: '/p/docs.py', text: docs, editing: true });
      assert.equal(a.prepareForEdits(), 'kept-fast');
      assert.equal(a.prepareForEdits(), 'idle');
      assert.deepStrictEqual(a.analyze({ path: '/p/docs.py', text: docs, editing: true }), opened);
      assert.deepEqual(a.analyze({ path: '/p/docs.py', text: docs + 'add_docstr_all("x", r"""doc""")\n', editing: true }).syntaxErrors, []);
    });

    it('a file checked from disk (not editing) is not prepared', () => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path, text, stage: 2 });
      assert.equal(a.hasEditsToPrepare, false);
    });

    it('a file that imports it is analysed again from the prepared module, with the same findings', () => {
      const model = 'import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass SoftNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 2)\n\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n';
      const train = 'import torch\nfrom torch import nn\nfrom model import SoftNet\n\ntorch.manual_seed(0)\nmodel = SoftNet()\ncriterion = nn.CrossEntropyLoss()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    opt.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    opt.step()\n';
      const files = new Map([['/p/model.py', model], ['/p/train.py', train]]);
      const a = new Analyzer({ host: { readFile: (p) => files.get(p) }, fastParse: true });
      a.analyze({ path: '/p/model.py', text: model, stage: 2, editing: true });
      const before = a.analyze({ path: '/p/train.py', text: train, stage: 2, editing: true });
      assert.ok(before.findings.some((f) => f.code === 'NR208'), 'softmax output into CrossEntropyLoss, through the model file');
      while (a.prepareForEdits() !== 'idle');
      assert.deepStrictEqual(a.analyze({ path: '/p/train.py', text: train, stage: 2, editing: true }), before);
      // the model file edited after its tree was built: the training script sees the change
      const plain = model.replace('F.softmax(self.fc(x), dim=1)', 'self.fc(x)');
      files.set('/p/model.py', plain);
      a.analyze({ path: '/p/model.py', text: plain, stage: 2, editing: true });
      const after = a.analyze({ path: '/p/train.py', text: train, stage: 2, editing: true });
      assert.ok(!after.findings.some((f) => f.code === 'NR208'));
      assert.deepStrictEqual(after, new Analyzer({ host: { readFile: (p) => files.get(p) }, fastParse: true }).analyze({ path: '/p/train.py', text: train, stage: 2 }));
    });

    it('the extension worker builds the tree in its idle time, a slice per call', () => {
      const service = new AnalysisService({ kind: 'nn-recipe-analysis', disk: false });
      const options = { path, text, stage: 2, editing: true };
      const first = service.handle({ id: 1, request: { kind: 'analyze', options } });
      let calls = 1;
      while (service.idle()) calls++;
      assert.ok(calls < 10_000, 'it ends');
      const second = service.handle({ id: 2, request: { kind: 'analyze', options: { ...options, text: edited } } });
      assert.deepStrictEqual((first as { result: unknown }).result, fresh(text));
      assert.deepStrictEqual((second as { result: unknown }).result, fresh(edited));
    });
  });

  it('a file Lezer never reads without errors (`print = pprint`): back to valid after a real error, no false error', () => {
    const text = 'import pprint\nimport torch\n\nprint = pprint.pprint\n\n\ndef main():\n    print(torch.zeros(2))\n';
    const path = '/p/show.py';
    const a = new Analyzer({ fastParse: true });
    assert.deepEqual(a.analyze({ path, text, editing: true }).syntaxErrors, []);
    assert.equal(a.prepareForEdits(), 'kept-fast', 'premise: Lezer 1.1.19 reports an error at `print =`');
    const broken = text.replace('print(torch.zeros(2))', 'print(torch.zeros(2)');
    assert.equal(a.analyze({ path, text: broken, editing: true }).syntaxErrors.length > 0, true);
    // and back: as a check of the file reads it
    assert.deepStrictEqual(a.analyze({ path, text, editing: true }), new Analyzer({ fastParse: true }).analyze({ path, text }));
    assert.deepEqual(a.analyze({ path, text: text + '# more\n', editing: true }).syntaxErrors, []);
  });

  describe('typing: a syntax error is confined to the statements being edited', () => {
    const fn = (i: number, stepLine = '') => `def train_${i}(model, loader, optimizer, criterion):\n    for x, y in loader:\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()${stepLine}\n\n\n`;
    const text = `import torch\n\ntorch.manual_seed(0)\n\n\n${fn(1)}${fn(2)}${fn(3, '  # nn-recipe: ignore[NR204]')}${fn(4)}`;
    const path = '/p/train.py';
    const at = text.indexOf('        loss.backward()', text.indexOf('train_1'));
    const opened = (): Analyzer => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path, text, stage: 2, editing: true });
      a.prepareForEdits();
      return a;
    };
    const where = (r: { findings: { code: string; range: { start: { line: number } } }[] }) => r.findings.map((f) => `${f.code}@${f.range.start.line}`);
    const good = new Analyzer().analyze({ path, text, stage: 2 });
    /** The module of a version typed after the opened text. */
    const a2 = (next: string) => {
      const a = opened();
      a.analyze({ path, text: next, stage: 2, editing: true });
      return a.pythonModule(path, next).module;
    };

    it('premise: four loops without zero_grad, one suppressed on its line', () => {
      assert.deepEqual(where(good), ['NR204@9', 'NR204@16', 'NR204@30']);
    });

    for (const [what, typed] of [
      ['an f-string with an open brace', '        print(f"loss {loss.item():.4f\n'],
      ['an unterminated docstring', '        """\n'],
      ['an unclosed bracket', '        log(loss,\n'],
    ] as const) {
      it(`${what} in one function: the other functions keep their findings and the suppression holds`, () => {
        const next = text.slice(0, at) + typed + text.slice(at);
        const r = opened().analyze({ path, text: next, stage: 2, editing: true });
        // the error is reported in the edited function (lines 5-10 now), not at the end of the file
        assert.ok(r.syntaxErrors.length > 0);
        for (const e of r.syntaxErrors) assert.ok(e.range.start.line >= 5 && e.range.start.line <= 10, `error at line ${e.range.start.line}`);
        // the functions after it: their findings, one line further down; the suppressed one stays suppressed
        assert.deepEqual(where(r).filter((x) => !x.endsWith('@10')), ['NR204@17', 'NR204@31']);
      });
    }

    it('typed in an error-free version: read around it at once, Lezer parsing the edited function alone', () => {
      const a = opened();
      const next = text.slice(0, at) + '        log(loss,\n' + text.slice(at);
      let r: ReturnType<Analyzer['analyze']> | undefined;
      assert.equal(lezerParses(() => (r = a.analyze({ path, text: next, stage: 2, editing: true }))), 1);
      assert.ok(r && r.syntaxErrors.length > 0);
      for (const e of r.syntaxErrors) assert.ok(e.range.start.line >= 5 && e.range.start.line <= 10, `error at line ${e.range.start.line}`);
      assert.deepEqual(where(r).filter((x) => !x.endsWith('@10')), ['NR204@17', 'NR204@31']);
      // a decorator typed above blank lines before a function is not valid alone, but is in the file: no error
      const decorated = text.replace('\n\n\ndef train_2', '\n@torch.no_grad()\n\ndef train_2');
      const d = opened().analyze({ path, text: decorated, stage: 2, editing: true });
      assert.deepStrictEqual(d, new Analyzer().analyze({ path, text: decorated, stage: 2 }));
      assert.equal(d.syntaxErrors.length, 0);
    });

    it("Lezer's recovery of the whole file loses those findings (the reason for the splice)", () => {
      const next = text.slice(0, at) + '        print(f"loss {loss.item():.4f\n' + text.slice(at);
      const fresh = new Analyzer().analyze({ path, text: next, stage: 2 });
      assert.deepEqual(where(fresh), []);
      assert.ok(fresh.syntaxErrors.every((e) => e.range.start.line > 31), 'Lezer reports the error at the end of the file');
    });

    it('the error repaired: the same analysis as a fresh check, and the statements around it were reused', () => {
      const a = opened();
      const before = a.pythonModule(path, text).module.stmts;
      let current = text;
      for (const ch of '        print(f"{loss}")\n') {
        const i = current.indexOf('        loss.backward()', current.indexOf('train_1'));
        current = current.slice(0, i) + (current.slice(at, i) + ch).slice(i - at) + current.slice(i);
        a.analyze({ path, text: current, stage: 2, editing: true });
      }
      const done = text.slice(0, at) + '        print(f"{loss}")\n' + text.slice(at);
      assert.equal(current, done);
      assert.deepStrictEqual(a.analyze({ path, text: done, stage: 2, editing: true }), new Analyzer().analyze({ path, text: done, stage: 2 }));
      const after = a.pythonModule(path, done).module.stmts;
      assert.equal(after.filter((s) => before.includes(s)).length, before.length - 1, 'every statement but the edited function is the same IR object');
    });

    it('code typed indented right after a function belongs to it: no false "unexpected indent"', () => {
      // after the function's blank line: still its body for Python
      const end = text.indexOf('\n\n\ndef train_2');
      const next = text.slice(0, end + 2) + '    total = (\n' + text.slice(end + 2);
      const r = opened().analyze({ path, text: next, stage: 2, editing: true });
      // one error, on the typed line (11): its unclosed bracket; none for its indentation
      assert.ok(r.syntaxErrors.length > 0);
      assert.deepEqual([...new Set(r.syntaxErrors.map((e) => e.range.start.line))], [11]);
      // and the function has the statement (the stretch parsed alone began at the function, not at the typed line)
      const train1 = a2(next).stmts.find((s) => s.k === 'def' && s.name === 'train_1');
      assert.ok(train1 && train1.k === 'def' && train1.to > next.indexOf('total = ('));
    });

    it('an edit that breaks the first statement, or every statement: parsed afresh, as a fresh check', () => {
      for (const next of ['import (torch\n' + text.slice('import torch\n'.length), text.replace(/:\n/g, '\n')]) {
        const r = opened().analyze({ path, text: next, stage: 2, editing: true });
        assert.ok(r.syntaxErrors.length > 0);
        if (next.startsWith('import (')) assert.ok(r.syntaxErrors.every((e) => e.range.start.line === 0));
        else assert.deepStrictEqual(r, new Analyzer().analyze({ path, text: next, stage: 2 }));
      }
    });
  });

  describe('typing valid code: the statements an edit touches are read by the fast path alone, without Lezer', () => {
    const fn = (i: number, stepLine = '') => `def train_${i}(model, loader, optimizer, criterion):\n    for x, y in loader:\n        loss = criterion(model(x), y)\n        loss.backward()\n        optimizer.step()${stepLine}\n\n\n`;
    const text = `import torch\n\ntorch.manual_seed(0)\n\n\n${fn(1)}${fn(2)}${fn(3, '  # nn-recipe: ignore[NR204]')}${fn(4)}note = "# nn-recipe: ignore[NR204]"  # noqa\n`;
    const path = '/p/train.py';
    const fresh = (t: string) => new Analyzer({ fastParse: true }).analyze({ path, text: t, stage: 2 });
    const opened = (t = text): Analyzer => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path, text: t, stage: 2, editing: true });
      a.prepareForEdits();
      return a;
    };
    /** Types `typed` at `at`, a character at a time: every version's analysis, as the editor gets them. */
    const type = (a: Analyzer, from: string, at: number, typed: string) => {
      let t = from;
      const results = [];
      for (let i = 0; i < typed.length; i++) {
        t = t.slice(0, at + i) + typed[i] + t.slice(at + i);
        results.push({ text: t, result: a.analyze({ path, text: t, stage: 2, editing: true }) });
      }
      return results;
    };

    it('a name typed inside a function: no Lezer parse, every version as a fresh check, the other statements kept', () => {
      const a = opened();
      const before = a.pythonModule(path, text).module.stmts;
      const at = text.indexOf('loss.backward()', text.indexOf('train_2')) + 'loss'.length;
      let versions: ReturnType<typeof type> = [];
      assert.equal(lezerParses(() => (versions = type(a, text, at, '_total'))), 0);
      for (const v of versions) assert.deepStrictEqual(v.result, fresh(v.text));
      const last = versions[versions.length - 1].text;
      const after = a.pythonModule(path, last).module.stmts;
      assert.equal(after.filter((s) => before.includes(s)).length, before.length - 1, 'every statement but the edited function is the same IR object');
      // the suppression after the edit still holds (train_3, line 23); the one in a string does not count
      const lines = versions[versions.length - 1].result.findings.map((f) => `${f.code}@${f.range.start.line}`);
      assert.ok(lines.includes('NR204@30') && !lines.includes('NR204@23'), lines.join());
    });

    it('a syntax error typed after a run of them: Lezer catches up once, and the error is read as from the last valid version', () => {
      const a = opened();
      const at = text.indexOf('optimizer.step()', text.indexOf('train_2')) + 'optimizer.step()'.length;
      let typed: ReturnType<typeof type> = [];
      assert.equal(lezerParses(() => (typed = type(a, text, at, '\n        x1'))), 0);
      const valid = typed[typed.length - 1].text;
      const broken = valid.slice(0, at) + '(' + valid.slice(at);
      const got = a.analyze({ path, text: broken, stage: 2, editing: true });
      assert.ok(got.syntaxErrors.length > 0);
      assert.deepStrictEqual(got, opened(valid).analyze({ path, text: broken, stage: 2, editing: true }));
      // and back to valid: a fresh check's analysis
      assert.deepStrictEqual(a.analyze({ path, text: valid, stage: 2, editing: true }), fresh(valid));
    });

    it('the tree is brought up to date when idle, once', () => {
      const a = opened();
      const at = text.indexOf('optimizer.step()', text.indexOf('train_4')) + 'optimizer.step()'.length;
      type(a, text, at, '\n        x1');
      assert.equal(a.hasEditsToPrepare, true);
      assert.equal(a.prepareForEdits(), 'prepared');
      assert.equal(a.prepareForEdits(), 'idle');
      // the next edit is an incremental parse of the caught-up tree (it has a syntax error: Lezer reads it)
      const valid = text.slice(0, at) + '\n        x1' + text.slice(at);
      const broken = valid.replace('x1', 'x1 = (1');
      assert.deepStrictEqual(a.analyze({ path, text: broken, stage: 2, editing: true }), opened(valid).analyze({ path, text: broken, stage: 2, editing: true }));
    });

    it('brought up to date in slices, with typed versions in between: the last one caught up, its error read against it', () => {
      const big = generateScript(3000, 5);
      const a = opened(big);
      const at = big.indexOf('optimizer.step()', big.length >> 1) + 'optimizer.step()'.length;
      const far = big.indexOf('loss.backward()', 2000) + 'loss'.length;
      // typed at two places far apart: the parse catching up re-reads what lies between them
      let t = type(a, big, far, '_a')[1].text;
      t = type(a, t, at + 2, '\n        x1')[10].text;
      let slices = 0;
      for (let outcome = a.prepareForEdits(0); outcome === 'working'; outcome = a.prepareForEdits(0), slices++) {
        // typed while the parse runs, far after the place of the error below
        if (slices === 2) t = type(a, t, t.indexOf('loss.backward()', t.length - 3000) + 'loss'.length, '_b')[1].text;
      }
      assert.ok(slices > 2, `caught up in ${slices} slices`);
      assert.equal(a.prepareForEdits(), 'idle');
      assert.deepStrictEqual(a.analyze({ path, text: t, stage: 2, editing: true }), fresh(t));
      // an unterminated docstring: read around as from the last version (caught up with the edit typed far after it;
      // from an earlier version, the stretch read alone would reach that edit, and the docstring swallow it all)
      const broken = t.replace('x1', 'x1 = """');
      assert.deepStrictEqual(a.analyze({ path, text: broken, stage: 2, editing: true }), opened(t).analyze({ path, text: broken, stage: 2, editing: true }));
    });

    it('a long run of typed versions with no idle time between them keeps no earlier text alive', () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const big = generateScript(1_000, 3) + 'x = 1  # noqa\n';
      const a = new Analyzer({ fastParse: true });
      let t = big;
      const at = big.indexOf('lr=', big.length >> 1) + 3;
      const heapAfter = (versions: number): number => {
        for (let v = 0; v < versions; v++) {
          t = t.slice(0, at) + String(v % 10) + t.slice(at);
          a.analyze({ path, text: t, stage: 2, editing: true });
        }
        gc();
        return process.memoryUsage().heapUsed;
      };
      const start = heapAfter(100);
      const grown = heapAfter(1000) - start;
      // each version's text is ~35 KB: kept alive, 1,000 of them would be ~35 MB
      assert.ok(grown < 8e6, `the heap grew by ${(grown / 1e6).toFixed(1)} MB`);
      assert.deepStrictEqual(a.analyze({ path, text: t, stage: 2, editing: true }), fresh(t));
    });

    it('a typed version Lezer misreads (valid code it finds errors in): the next version with an error reads as a replay', () => {
      const start = 'import torch\n\nx = 1\n';
      const a = opened(start);
      // valid code Lezer 1.1.19 reports errors in, pasted in one edit (read by the stretch path)
      const valid = start + docstringFile(400).slice('import torch\nfrom torch._C import _add_docstr as add_docstr\n\n'.length);
      assert.ok(lezerErrors(valid) > 0, 'premise: Lezer finds errors in it');
      assert.deepStrictEqual(a.analyze({ path, text: valid, stage: 2, editing: true }), fresh(valid));
      assert.equal(a.prepareForEdits(), 'prepared');
      const broken = valid + 'y = (\n';
      const replay = new Analyzer({ fastParse: true });
      replay.analyze({ path, text: valid, stage: 2, editing: true });
      replay.prepareForEdits();
      assert.deepStrictEqual(a.analyze({ path, text: broken, stage: 2, editing: true }), replay.analyze({ path, text: broken, stage: 2, editing: true }));
    });

    it('where Lezer cannot read a text at all (it throws), the tree is not built and nothing throws into the caller', () => {
      const a = opened();
      const at = text.indexOf('optimizer.step()', text.indexOf('train_2')) + 'optimizer.step()'.length;
      const typed = type(a, text, at, '\n        x1');
      const valid = typed[typed.length - 1].text;
      lezerThrowing(() => {
        // the idle catch-up, then a version with a syntax error, then a valid one
        assert.equal(a.prepareForEdits(), 'kept-fast');
        assert.equal(a.hasEditsToPrepare, false);
        const r = a.analyze({ path, text: valid.replace('x1', 'x1 = ('), stage: 2, editing: true });
        assert.deepEqual(r.internalErrors ?? [], []);
        assert.ok(r.syntaxErrors.length > 0);
        assert.deepStrictEqual(a.analyze({ path, text: valid, stage: 2, editing: true }), fresh(valid));
      });
      // and with no idle time before the version with the error: caught up at once, which fails the same way
      const b = opened();
      type(b, text, at, '\n        x1');
      lezerThrowing(() => {
        const rb = b.analyze({ path, text: valid.replace('x1', 'x1 = ('), stage: 2, editing: true });
        assert.deepEqual(rb.internalErrors ?? [], []);
        assert.ok(rb.syntaxErrors.length > 0);
      });
      assert.deepStrictEqual(a.analyze({ path, text: valid + '\n', stage: 2, editing: true }), fresh(valid + '\n'));
    });

    // Edits whose stretch, read alone, would not read as the whole text reads it: each version as a fresh check.
    const train2 = text.indexOf('def train_2');
    const hard: [string, string][] = [
      ['a line continuation typed at the end of a statement, before the next one', text.slice(0, train2 - 3) + '\\' + text.slice(train2 - 3)],
      ['an `else:` typed after a top-level `if`', text.replace('torch.manual_seed(0)\n', 'if torch.cuda.is_available():\n    torch.manual_seed(0)\n') + 'else:\n    pass\n'],
      ['code typed indented after a function: its body', text.slice(0, train2) + '    optimizer.zero_grad()\n' + text.slice(train2)],
      ['a decorator typed above a function', text.slice(0, train2) + '@torch.no_grad()\n' + text.slice(train2)],
      ['an assignment to what cannot be assigned to', text.replace('        loss.backward()\n', '        loss.item() = 0\n        loss.backward()\n')],
      ['a function turned into a method of a class typed above it', text.slice(0, train2) + 'class Loop:\n' + text.slice(train2).replace(/\n(?= {4})/, '\n    ')],
      ['an unterminated docstring typed before a function', text.slice(0, train2) + '"""\n' + text.slice(train2)],
      ['the first line changed', 'import torch as T\nimport torch\n' + text.slice('import torch\n'.length)],
      ['a line added at the end', text + 'print(note)\n'],
      ['everything deleted', ''],
    ];
    for (const [what, next] of hard) {
      it(what, () => {
        const a = opened();
        // the version before, as typed, and the one after: both as a fresh check
        const prior = a.analyze({ path, text, stage: 2, editing: true });
        assert.deepStrictEqual(prior, fresh(text));
        const got = a.analyze({ path, text: next, stage: 2, editing: true });
        const want = fresh(next);
        // a version with a syntax error is read around it (see "typing: a syntax error is confined …"): it has errors
        if (want.syntaxErrors.length) assert.ok(got.syntaxErrors.length > 0, 'the syntax error is reported');
        else assert.deepStrictEqual(got, want);
        assert.deepStrictEqual(a.analyze({ path, text, stage: 2, editing: true }), fresh(text));
      });
    }

    it('a line continuation before a blank line taken out: the statements join (an error), as in a fresh check', () => {
      const cont = text.replace('torch.manual_seed(0)\n\n\n', 'torch.manual_seed(0) \\\n\n\n');
      assert.equal(fresh(cont).syntaxErrors.length, 0, 'premise: a continuation before a blank line ends the statement');
      const joined = cont.replace('(0) \\\n\n\n', '(0) \\\n');
      const a = opened(cont);
      assert.deepStrictEqual(a.analyze({ path, text: joined, stage: 2, editing: true }), fresh(joined));
      assert.ok(fresh(joined).syntaxErrors.length > 0);
    });

    it('CRLF line endings: typed valid code read alone; a line with LF typed in: as a fresh check', () => {
      const crlf = text.replace(/\n/g, '\r\n');
      const a = opened(crlf);
      const at = crlf.indexOf('optimizer.step()', crlf.indexOf('train_2')) + 'optimizer.step()'.length;
      // the line break typed as the editor types it, in one edit
      const broke = crlf.slice(0, at) + '\r\n' + crlf.slice(at);
      let versions: ReturnType<typeof type> = [];
      assert.equal(
        lezerParses(() => (versions = [{ text: broke, result: a.analyze({ path, text: broke, stage: 2, editing: true }) }, ...type(a, broke, at + 2, '        x1')])),
        0,
      );
      for (const v of versions) assert.deepStrictEqual(v.result, fresh(v.text));
      const mixed = versions[versions.length - 1].text.replace('x1\r\n', 'x1\n');
      assert.deepStrictEqual(a.analyze({ path, text: mixed, stage: 2, editing: true }), fresh(mixed));
    });

    it('before the tree is built: typed versions read alone too, then the tree is built for the latest', () => {
      const a = new Analyzer({ fastParse: true });
      a.analyze({ path, text, stage: 2, editing: true });
      const at = text.indexOf('optimizer.step()', text.indexOf('train_1')) + 'optimizer.step()'.length;
      let versions: ReturnType<typeof type> = [];
      assert.equal(lezerParses(() => (versions = type(a, text, at, '\n        x1'))), 0);
      for (const v of versions) assert.deepStrictEqual(v.result, fresh(v.text));
      assert.equal(a.prepareForEdits(), 'prepared');
      const last = versions[versions.length - 1].text;
      assert.deepStrictEqual(a.analyze({ path, text: last, stage: 2, editing: true }), fresh(last));
    });
  });
});

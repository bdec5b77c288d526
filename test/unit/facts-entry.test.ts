import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { unnamedFunctions, unreachable } from '../../src/engine/python/facts-entry';
import type { PyModule } from '../../src/engine/python/semantic';

function mod(text: string): PyModule {
  return new Analyzer({ host: { readFile: () => undefined } }).pythonModule('/p/train.py', text).module;
}

const unnamed = (text: string): string[] =>
  [...unnamedFunctions(mod(text))].map((f) => (f.cls ? `${f.cls.name}.${f.name}` : f.name)).sort();

describe('facts-entry: unnamedFunctions', () => {
  it('a function nothing names, and the one only it names; not what module-level code calls', () => {
    const code = 'def score(x):\n    return predict(x)\n\n\ndef predict(x):\n    return x\n\n\ndef main():\n    helper()\n\n\ndef helper():\n    pass\n\n\nmain()\n';
    assert.deepEqual(unnamed(code), ['predict', 'score']);
  });

  it('named by an attribute, a string, a decorator, a default or a class body: kept', () => {
    const code =
      'import atexit\n\n\ndef by_attr():\n    pass\n\n\ndef by_string():\n    pass\n\n\ndef deco(f):\n    return f\n\n\n@deco\ndef decorated():\n    pass\n\n\ndef default():\n    return 1\n\n\ndef uses(n=default()):\n    pass\n\n\nclass K:\n    hook = staticmethod(in_body)\n\n\ndef in_body():\n    pass\n\n\nobj.by_attr()\ngetattr(obj, "by_string")\n';
    // `uses` itself is named by nothing; `deco`, `decorated` (decorated: a registry may call it), `default` and the rest are
    assert.deepEqual(unnamed(code), ['uses']);
  });

  it("methods Python or a framework calls: dunders, forward, and every method of a class with another library's base", () => {
    const code =
      'import torch\nfrom torch import nn\nimport lightning as L\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n\n    def forward(self, x):\n        return self.head(x)\n\n    def head(self, x):\n        return x\n\n    def unused(self):\n        pass\n\n\nclass Lit(L.LightningModule):\n    def validation_step(self, batch, i):\n        pass\n\n\nclass Odd(UnknownBase):\n    def hook(self):\n        pass\n';
    assert.deepEqual(unnamed(code), ['Net.unused']);
  });

  it('recursion does not name a function', () => {
    assert.deepEqual(unnamed('def loop(n):\n    return loop(n - 1)\n'), ['loop']);
  });
});

describe('facts-entry: unreachable', () => {
  /** The first line of each statement that never runs. */
  const deadLines = (m: PyModule): string[] => [...unreachable(m)].map((st) => m.text.slice(st.from, m.text.indexOf('\n', st.from)).trim());

  it('after a return, a raise, exit(), quit(), sys.exit() or os._exit() in the same block, and everything inside those', () => {
    const code =
      'import os\nimport sys\n\n\ndef a():\n    return 1\n    print("a")\n\n\ndef b(x):\n    if x:\n        raise ValueError()\n        print("b1")\n    print("b2")\n\n\ndef c():\n    exit(0)\n    for i in range(3):\n        print("c")\n\n\ndef d():\n    os._exit(1)\n    def inner():\n        print("d")\n\n\nmain()\nsys.exit(0)\nclass Late:\n    x = 1\n';
    assert.deepEqual(deadLines(mod(code)), ['print("a")', 'print("b1")', 'for i in range(3):', 'print("c")', 'def inner():', 'print("d")', 'class Late:', 'x = 1']);
  });

  it('hard negatives: `exit` the file defines, `quit` it assigns, a method named exit, a return in another branch', () => {
    const code =
      'def exit(code):\n    print(code)\n\n\nquit = print\n\n\ndef a(x):\n    exit(0)\n    print("a")\n\n\ndef b(ctx):\n    ctx.exit()\n    quit()\n    print("b")\n\n\ndef c(x):\n    if x:\n        return 1\n    else:\n        print("c1")\n    print("c2")\n';
    assert.deepEqual(deadLines(mod(code)), []);
  });

  it('across edits: a name the module comes to bind to sys.exit ends the program from then on; an edit elsewhere keeps the answer', () => {
    const a = new Analyzer({ host: { readFile: () => undefined } });
    const text = (imp: string, other: string): string => `${imp}\n\n\ndef run():\n    stop(1)\n    print("after")\n\n\ndef other():\n    return ${other}\n`;
    const check = (t: string): string[] => {
      const got = deadLines(a.pythonModule('/p/train.py', t).module);
      assert.deepEqual(got, deadLines(mod(t)), t);
      return got;
    };
    assert.deepEqual(check(text('import os', '0')), []);
    assert.deepEqual(check(text('import os', '1')), []);
    assert.deepEqual(check(text('from sys import exit as stop', '1')), ['print("after")']);
    assert.deepEqual(check(text('from sys import exit as stop', '2')), ['print("after")']);
    assert.deepEqual(check(text('from os import _exit as stop', '2')), ['print("after")']);
    assert.deepEqual(check(text('from os import getcwd as stop', '2')), []);
  });
});

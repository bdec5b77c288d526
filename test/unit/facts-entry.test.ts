import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { unnamedFunctions } from '../../src/engine/python/facts-entry';
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

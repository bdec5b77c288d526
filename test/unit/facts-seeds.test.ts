// The assignment that draws a seeding call's seed at random (python/facts-recipe.ts `seedDraw`): found through an index
// of the file's assignments by target, made once per module version. It must be the one the scan of the call's scope,
// then of the whole file, finds first.
import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { isRandomDraw, seedDraw } from '../../src/engine/python/facts-recipe';
import { type CallSite, type PyModule, allStatements, argument } from '../../src/engine/python/semantic';
import { objectKey } from '../../src/engine/python/facts-eval';
import type { Stmt } from '../../src/engine/python/ir';

const mod = (text: string): PyModule => new Analyzer().pythonModule('/p/main.py', text).module;

/** What `seedDraw` answered before its index: the call's scope scanned in statement order, then the whole file. */
function scan(m: PyModule, site: CallSite): Stmt | undefined {
  const arg = argument(site.call, 0, 'seed');
  if (!arg || (arg.k !== 'name' && arg.k !== 'attr')) return undefined;
  const key = objectKey(arg);
  let drawn: Stmt | undefined;
  const look = (stmts: Stmt[]): void =>
    allStatements(stmts, (st) => {
      if (!drawn && st.k === 'assign' && st.value && st.targets.some((t) => objectKey(t) === key) && isRandomDraw(m, st.value, site.scope)) drawn = st;
    });
  look(site.scope.body);
  if (site.scope !== m.scope && !drawn) look(m.scope.body);
  return drawn;
}

const SEEDS = /^(manual_seed|seed|set_seed)$/;

describe('seedDraw', () => {
  const cases: { name: string; code: string; drawn: (string | undefined)[] }[] = [
    {
      name: 'a draw in the function, after one at module level: the function\'s',
      code: 'import random, torch\nseed = random.randint(0, 9)\ndef main():\n    seed = 1\n    seed = random.randint(1, 99)\n    torch.manual_seed(seed)\n',
      drawn: ['seed = random.randint(1, 99)'],
    },
    {
      name: 'no draw in the function: the first of the file, in statement order (nested bodies included)',
      code: 'import random, time, torch\nclass C:\n    def f(self):\n        seed = int(time.time())\nseed = random.randint(0, 9)\ndef main(seed):\n    torch.manual_seed(seed)\n',
      drawn: ['seed = int(time.time())'],
    },
    {
      name: 'attributes, chained assignments and a draw behind an option',
      code: 'import random, torch\nopt = parse()\nif opt.manualSeed is None:\n    opt.manualSeed = x = random.randint(1, 10000)\ntorch.manual_seed(opt.manualSeed)\nrandom.seed(x)\n',
      drawn: ['opt.manualSeed = x = random.randint(1, 10000)', 'opt.manualSeed = x = random.randint(1, 10000)'],
    },
    {
      name: 'a key assigned only values that are not draws, and seeds that are no names',
      code: 'import random, torch\nseed = 3\ndef main():\n    seed = cfg.seed\n    torch.manual_seed(seed)\n    torch.manual_seed(7)\n    torch.manual_seed(f().seed)\n',
      drawn: [undefined, undefined, undefined],
    },
    {
      name: 'a seeding call in a class body and in a nested function',
      code: 'import random, torch\nclass T:\n    s = random.random()\n    torch.manual_seed(s)\n    def run(self):\n        def inner():\n            k = random.randint(0, 5)\n            torch.manual_seed(k)\n        inner()\n',
      drawn: ['s = random.random()', 'k = random.randint(0, 5)'],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const m = mod(c.code);
      const sites = m.callSites.filter((s) => SEEDS.test(s.call.fn.k === 'attr' ? s.call.fn.attr : s.call.fn.k === 'name' ? s.call.fn.id : ''));
      assert.equal(sites.length, c.drawn.length, 'seeding calls');
      sites.forEach((s, i) => {
        const got = seedDraw(m, s);
        assert.equal(got && m.text.slice(got.from, got.to), c.drawn[i], `call ${i + 1}`);
        assert.equal(got, scan(m, s), `call ${i + 1}: the scan's answer`);
      });
    });
});

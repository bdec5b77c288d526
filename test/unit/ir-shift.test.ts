// shiftSpans moves the IR of an unchanged statement after an edit before it. It follows the node types; this checks
// it against a walk that moves every position field of every object, over the IR of generated scripts and of a
// generated project (every kind of statement and expression the generators write), and of hand-written edge cases.
import { strict as assert } from 'assert';
import { ModuleIrCache, type Stmt, shiftSpans } from '../../src/engine/python/ir';
import { parsePython } from '../../src/engine/python/parse';
import { generateScript } from '../../scripts/lib/generate';
import { generateProject } from '../../scripts/lib/corpus';

const POS = new Set(['from', 'to', 'attrFrom', 'argsFrom', 'argsTo', 'nameFrom', 'nameTo']);

function shiftEverything(value: unknown, delta: number): void {
  if (Array.isArray(value)) return value.forEach((v) => shiftEverything(v, delta));
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (typeof v === 'number' && POS.has(key)) obj[key] = v + delta;
    else shiftEverything(v, delta);
  }
}

const EDGE = `
x: int = 1
a, (b, c) = f(*args, **kw)[1:2, ::3]
y += -x ** 2 if x else not y
lambda p, q=1, *r, s=2, **t: p + q
d = {1: 2, **e, 'k': [i for i in range(3) if i]}
s = {1, 2}; t = ()
with open(p) as fh, ctx():
    pass
try:
    raise E("m") from None
except (A, B) as err:
    del x
else:
    global g
finally:
    assert x, "msg"
while True:
    break
else:
    continue
@dec(1)
class K(Base, metaclass=M):
    @property
    def f(self, a: int = 3, *args, b, **kw) -> int:
        yield from g()
        return await h()
async def main():
    async for i in it: print(i)
    async with lock: pass
if a: pass
elif b: pass
else: pass
print(f"{x!r:>{w}}", 1.e-3, 0., 0x1F, 1j, ...)
`;

describe('shiftSpans', () => {
  it('moves every position of the IR, as a walk over all fields does', () => {
    const texts = [EDGE, generateScript(800, 2), generateScript(800, 9), ...generateProject({ lines: 3000, seed: 1 }).filter((f) => f.path.endsWith('.py')).map((f) => f.text)];
    let stmts = 0;
    for (const text of texts) {
      const p = parsePython(text);
      for (const s of new ModuleIrCache().build(p.tree, p.text, p.parsedText)) {
        const expected = JSON.parse(JSON.stringify(s)) as Stmt;
        shiftEverything(expected, 37);
        shiftSpans(s, 37);
        assert.deepEqual(JSON.parse(JSON.stringify(s)), expected);
        stmts++;
      }
    }
    assert.ok(stmts > 500, `${stmts} statements`);
  });
});

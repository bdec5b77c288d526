// The conditional regions around a span (python/facts-recipe.ts `regionsAround`): looked up among the parts of the
// top-level statement the span is in, they must be exactly what a scan of every region of the file answers, in the
// same order (also for spans between statements and across them, which take the scan).
import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { regions, regionsAround } from '../../src/engine/python/facts-recipe';
import { type PyModule, allStatements, walkExpr } from '../../src/engine/python/semantic';
import { stmtExprs } from '../../src/engine/python/facts-autograd';
import { generateScript } from '../../scripts/lib/generate';
import type { Span } from '../../src/engine/python/ir';

const mod = (text: string): PyModule => new Analyzer().pythonModule('/p/main.py', text).module;

/** Every statement, expression and region of a module, and spans that straddle them. */
function spansOf(m: PyModule): Span[] {
  const out: Span[] = [{ from: 0, to: m.text.length }];
  allStatements(m.stmts, (st) => {
    // (and the spans just after it and just before it: between statements, or across two)
    out.push(st, { from: st.to, to: st.to + 1 }, { from: Math.max(0, st.from - 1), to: st.from });
    for (const e of stmtExprs(st)) walkExpr(e, (x) => void out.push(x));
  });
  for (const r of regions(m)) out.push(r, { from: r.from, to: r.from }, { from: r.to, to: r.to }, { from: Math.max(0, r.from - 1), to: r.to }, { from: r.from, to: r.to + 1 });
  return out;
}

function assertSameAsScan(m: PyModule): number {
  const all = regions(m);
  let around = 0;
  for (const span of spansOf(m)) {
    const scan = all.filter((r) => r.from <= span.from && span.to <= r.to);
    assert.deepEqual(regionsAround(m, span), scan, `regions around ${span.from}-${span.to}`);
    around += scan.length;
  }
  return around;
}

const NESTED = [
  'import torch',
  'x = a if c else (b if d else e)',
  'w = a if b else c if d else e',
  'def train(args, seed=None):',
  '    if args.seed is not None:',
  '        if seed:',
  '            torch.manual_seed(seed if seed > 0 else 1)',
  '        elif args.deterministic:',
  '            torch.manual_seed(0)',
  '        else:',
  '            pass',
  '    for epoch in range(3):',
  '        if epoch % 2 == 0: continue',
  '        y = [f(i) if i else g(i) for i in range(3)]',
  '        z = (h(1) if (k(2) if q else 3) else 4)',
  '    if __name__ == "__main__":',
  '        run(lambda v: v if v else 0)',
  'class Net:',
  '    def forward(self, x):',
  '        if self.training:',
  '            x = self.drop(x) if self.p else x',
  '        return x',
  'if __name__ == "__main__":',
  '    train(None) if ok else None',
  '',
].join('\n');

describe('facts: conditional regions around a span', () => {
  it('answer as a scan of every region does, in its order, over nested branches and conditional expressions', () => {
    const m = mod(NESTED);
    assert.ok(regions(m).length >= 14, `${regions(m).length} regions`);
    // spans inside two, three and four regions are among those checked
    assert.ok(assertSameAsScan(m) > 100);
    const seed = m.callSites.find((s) => m.text.slice(s.call.from, s.call.to).startsWith('torch.manual_seed(seed'));
    assert.ok(seed);
    assert.deepEqual(regionsAround(m, seed.call).map((r) => m.text.slice(r.test?.from, r.test?.to)), ['args.seed is not None', 'seed']);
  });

  it('over generated training scripts and a file with syntax errors', () => {
    for (const text of [generateScript(1500, 3), generateScript(800, 11), NESTED.replace('else:', 'else').replace('(b if d', '(b if d if')]) assertSameAsScan(mod(text));
  });

  it('follow edits: after each edit (statements moved, added, changed) they are a fresh module\'s', () => {
    const dumpOf = (m: PyModule): string[] => regions(m).map((r) => `${r.from}-${r.to}:${r.test ? m.text.slice(r.test.from, r.test.to) : '-'}:${r.whenTrue}`);
    const a = new Analyzer();
    const path = '/p/main.py';
    const versions = [
      NESTED,
      '# a comment that moves everything\n' + NESTED,
      NESTED.replace('    for epoch in range(3):', '    if args.fast:\n        lr = 1 if args.big else 2\n    for epoch in range(3):'),
      NESTED.replace('z = (h(1)', 'z = (h(11)').replace('if self.training:', 'if not self.training:'),
      NESTED.replace('x = a if c else (b if d else e)\n', ''),
      NESTED,
    ];
    let moved = 0;
    for (const text of versions) {
      const m = a.pythonModule(path, text).module;
      const fresh = new Analyzer().pythonModule(path, text).module;
      assert.deepEqual(dumpOf(m), dumpOf(fresh));
      assertSameAsScan(m);
      moved += regions(m).length;
    }
    assert.ok(moved > 60);
  });
});

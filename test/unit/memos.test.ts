// Where answers are kept: with the module version (`ModuleMemo`, `ObjectMemo`), with the object they are about
// (`Carried`), and which parsed files a check keeps (the Analyzer's bounded cache). None of these may change a result;
// they decide what stays alive (docs/performance.md, "Checked again on 2026-12-03 (fourth session)").
import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { execFileSync } from 'child_process';
import { own } from '../../src/engine/python/ir';
import { Carried, ModuleMemo, ObjectMemo, type ClassInfo } from '../../src/engine/python/semantic';

const NET = 'import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def forward(self, x):\n        return x\n';

describe('memos', () => {
  it('Carried: an answer kept with its object, per memo, invisible to copies, keys and JSON', () => {
    const a = new Carried<object, number>();
    const b = new Carried<object, string>();
    const call = { k: 'call', from: 0, to: 3 };
    const other = { k: 'call', from: 0, to: 3 };
    assert.equal(a.get(call), undefined);
    a.set(call, 1);
    b.set(call, 'x');
    assert.equal(a.get(call), 1);
    assert.equal(b.get(call), 'x');
    assert.equal(a.get(other), undefined, 'an equal object is another object');
    a.set(call, 2);
    assert.equal(a.get(call), 2);
    assert.deepEqual(Object.keys(call), ['k', 'from', 'to']);
    assert.equal(JSON.stringify(call), '{"k":"call","from":0,"to":3}');
    assert.equal(a.get({ ...call }), undefined, 'a copy (`{ ...call, fn }`, as a walk makes) has no answers');
    const sites: number[] = [1, 2];
    a.set(sites, 3);
    assert.equal(a.get(sites), 3);
    assert.deepEqual([...sites], [1, 2], 'an array keeps its items');
  });

  it('ModuleMemo: per module version, a new version starts empty', () => {
    const an = new Analyzer();
    const m1 = an.pythonModule('/p/net.py', NET).module;
    const memo = new ModuleMemo<string[]>();
    const other = new ModuleMemo<string[]>();
    assert.equal(memo.get(m1), undefined);
    const v = ['a'];
    memo.set(m1, v);
    assert.equal(memo.get(m1), v);
    assert.equal(other.get(m1), undefined);
    assert.equal(an.pythonModule('/p/net.py', NET).module, m1, 'the same text: the same version');
    const m2 = an.pythonModule('/p/net.py', NET + '\nx = 1\n').module;
    assert.notEqual(m2, m1);
    assert.equal(memo.get(m2), undefined);
    assert.equal(memo.get(m1), v);
  });

  it('ObjectMemo: an entry is for the module version it was made in, also for an object the next version adopted', () => {
    const an = new Analyzer();
    an.pythonModule('/p/net.py', NET);
    // (a version keeps its statements' summaries for the next one when it has a last version itself)
    const m1 = an.pythonModule('/p/net.py', NET + '\nx = 1\n').module;
    const m2 = an.pythonModule('/p/net.py', NET + '\nx = 2\n').module;
    const cls: ClassInfo = m2.classes[0];
    assert.equal(cls, m1.classes[0], 'the next version adopted the class of the statement the edit did not touch');
    const memo = new ObjectMemo<ClassInfo, number>();
    let computed = 0;
    assert.equal(memo.get(cls, m1, () => ++computed), 1);
    assert.equal(memo.get(cls, m1, () => ++computed), 1);
    assert.equal(memo.peek(cls, m2), undefined);
    assert.equal(memo.get(cls, m2, () => ++computed), 2);
    memo.set(cls, m2, 7);
    assert.deepEqual(memo.peek(cls, m2)?.v, 7);
    assert.equal(memo.get(cls, m1, () => ++computed), 1);
  });

  it('a check keeps the last few files it analysed that fewer than two files import, and the files imports loaded', () => {
    const files = new Map<string, string>([
      ['/p/shared.py', 'def helper():\n    return 1\n'],
      ['/p/once.py', 'def helper():\n    return 2\n'],
      ['/p/loaded.py', 'def helper():\n    return 3\n'],
    ]);
    const scripts = ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7'];
    for (const [i, s] of scripts.entries()) {
      const imports = [i < 2 ? 'from shared import helper' : '', i === 2 ? 'from once import helper' : '', i === 3 ? 'from loaded import helper' : ''].filter(Boolean);
      // (an import is read when a rule needs what it binds: here, what `helper()` runs)
      files.set(`/p/${s}.py`, `${imports.join('\n')}\nimport torch\n\ntorch.manual_seed(0)\nfor x in range(${i}):\n    helper()\n`);
    }
    const an = new Analyzer({ host: { readFile: (p) => files.get(p) }, maxCachedFiles: 256, fastParse: true, stableHost: true });
    const check = (p: string): void => void an.analyze({ path: p, text: files.get(p) as string, stage: 2 });
    check('/p/shared.py');
    check('/p/once.py');
    for (const s of scripts) check(`/p/${s}.py`);
    const kept = (p: string): boolean => an.dependencies(p) !== undefined;
    assert.ok(kept('/p/s7.py') && kept('/p/s4.py'), 'the last four checked');
    assert.ok(!kept('/p/s0.py') && !kept('/p/s3.py'), 'older checked files no other file imports');
    assert.ok(!kept('/p/once.py'), 'a checked file one other file imports');
    assert.ok(kept('/p/shared.py'), 'a checked file two others import');
    assert.ok(kept('/p/loaded.py'), 'a file an import loaded and no check asked for yet');
    // a file dropped and asked for again is read again, with the same findings
    const again = an.analyze({ path: '/p/s2.py', text: files.get('/p/s2.py') as string, stage: 2 });
    const fresh = new Analyzer({ host: { readFile: (p) => files.get(p) } }).analyze({ path: '/p/s2.py', text: files.get('/p/s2.py') as string, stage: 2 });
    assert.deepEqual(again, fresh);
  });

  it('an Analyzer with no bound keeps every file (the editor)', () => {
    const files = new Map<string, string>(Array.from({ length: 10 }, (_, i) => [`/p/s${i}.py`, `print(${i})\n`]));
    const an = new Analyzer({ host: { readFile: (p) => files.get(p) }, fastParse: true });
    for (const [p, text] of files) an.analyze({ path: p, text, stage: 2 });
    for (const p of files.keys()) assert.ok(an.dependencies(p) !== undefined, p);
  });

  it("own: a part of a text, equal to the part, whatever its length", () => {
    const text = 'x = 1\n' + 'def train_one_epoch_with_a_long_name(model):\n    pass\n'.repeat(3);
    for (const [from, to] of [[0, 1], [10, 41], [4, 4], [0, text.length]]) assert.equal(own(text.slice(from, to)), text.slice(from, to));
  });

  it("an editor session keeps no earlier version alive: neither its text (names and strings are copies, not slices of it) nor its module (through classOf's carried memo)", function () {
    this.timeout(120_000);
    // 80 edits of a 5,000-line script, each of another statement, the worker idle in between: the heap after the last
    // edit against after the tenth. Each version's text is ~165 KB: kept by the statements parsed from it, the heap
    // grew by ~186 KB an edit; with each version's module kept by `classOf`'s memo of a module-level name, ~600 KB;
    // now by ~17 KB (the answers kept for the new statements)
    const out = execFileSync(process.execPath, ['--expose-gc', '-r', 'tsx/cjs', 'test/unit/helpers/edit-memory.ts', '5000', '10', '80'], { encoding: 'utf8' });
    const { first, last, edits, textBytes } = JSON.parse(out) as { first: number; last: number; edits: number; textBytes: number };
    assert.equal(edits, 80);
    const perEdit = (last - first) / (edits - 10);
    assert.ok(perEdit < textBytes / 2 / 4, `the heap grew by ${Math.round(perEdit)} bytes an edit`);
  });
});

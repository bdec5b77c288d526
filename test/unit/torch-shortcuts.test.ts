// The questions put to every call of a file ask a cheap one first where it settles the answer: `mayHoldInstance`
// before `instanceOf` (lossCall, instanceMethod) and `modelOf` (forwardOf). They must give the answers the full
// questions give, for every call.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { Analyzer } from '../../src/engine';
import { pythonFilesUnder } from '../../scripts/lib/python-files';
import { mayHoldInstance } from '../../src/engine/python/torch';
import { modelOf } from '../../src/engine/python/facts-eval';
import { generateProject } from '../../scripts/lib/corpus';
import type { Expr } from '../../src/engine/python/ir';

describe('shortcuts before instanceOf', () => {
  it('a name mayHoldInstance turns down has no instance and is no model, for every callee and receiver of the fixtures, the example and a generated project', () => {
    const files: Record<string, string> = {};
    for (const p of [...pythonFilesUnder('test/fixtures'), ...pythonFilesUnder('examples')]) files['/' + p] = readFileSync(p, 'utf8');
    for (const f of generateProject({ lines: 3000, seed: 9 })) if (f.path.endsWith('.py')) files['/gen/' + f.path] = f.text;
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    let turnedDown = 0;
    let asked = 0;
    for (const path of Object.keys(files)) {
      const m = a.pythonModule(path, files[path]).module;
      for (const s of m.callSites) {
        const fn = s.call.fn;
        const names: Expr[] = [fn, ...(fn.k === 'attr' ? [fn.obj] : []), ...s.call.args];
        for (const e of names) {
          if (e.k !== 'name') continue;
          asked++;
          if (mayHoldInstance(m, e, s.scope)) continue;
          turnedDown++;
          assert.equal(m.instanceOf(e, s.scope), undefined, `${path}: ${e.id} at ${e.from}`);
          assert.equal(modelOf(m, e, s.scope), undefined, `${path}: model ${e.id} at ${e.from}`);
        }
      }
    }
    // (most names a file calls or hands over are functions, classes, imports and builtins)
    assert.ok(turnedDown > 1000 && turnedDown < asked, `${turnedDown} of ${asked} names turned down`);
  });
});

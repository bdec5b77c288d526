// Invariants every rule must keep: the contract, its docs examples, generated docs in sync, fix safety.
import { strict as assert } from 'assert';
import { RULES, applyEdits, fixAll, Analyzer, type ProjectHost } from '../../src/engine';
import { staleFiles } from '../../scripts/gen-docs';
import { syntaxErrorCount } from '../support/rule-tester';

function examplePath(r: (typeof RULES)[number]): string {
  if (r.docs.examplePath) return `/project/${r.docs.examplePath}`;
  const lang = r.docs.exampleLanguage ?? r.languages[0];
  return lang === 'typescript' ? '/project/train.ts' : lang === 'javascript' ? '/project/train.js' : lang === 'yaml' ? '/project/config.yaml' : lang === 'json' ? '/project/config.json' : '/project/train.py';
}

/** Serves the rule's `docs.exampleFiles` beside the example, for rules that look at other project files. */
function hostFor(r: (typeof RULES)[number], path: string, text: string): ProjectHost {
  const files: Record<string, string> = { [path]: text };
  for (const [k, v] of Object.entries(r.docs.exampleFiles ?? {})) files[`/project/${k}`] = v;
  return { readFile: (p) => files[p] };
}

function stageFor(r: (typeof RULES)[number]): number | undefined {
  return r.docs.exampleStage ?? r.activeInStages?.[0];
}

describe('rule metadata', () => {
  it('codes are unique, sorted, and the stage is the hundreds digit', () => {
    const codes = RULES.map((r) => r.code);
    assert.deepEqual(codes, [...new Set(codes)].sort());
    for (const r of RULES) assert.equal(Number(r.code[2]), r.stage, r.code);
  });
  it('names are unique kebab-case', () => {
    const names = RULES.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    for (const n of names) assert.match(n, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });
  it('every rule names a recipe tip of its stage or an earlier one', () => {
    for (const r of RULES) assert.match(r.tip, /^[1-6]\.(\d+|M\d)$/, r.code);
  });
  it('generated docs and the README rule table are up to date (run `npm run docs`)', () => {
    assert.deepEqual(staleFiles(), []);
  });
});

describe('every rule: the bad example fires, the good one does not, fixes are sound', () => {
  for (const r of RULES) {
    describe(`${r.code} ${r.name}`, () => {
      const path = examplePath(r);
      const stage = stageFor(r);
      it('reports the bad example', () => {
        const res = new Analyzer({ host: hostFor(r, path, r.docs.bad) }).analyze({ path, text: r.docs.bad, stage });
        assert.ok(res.findings.some((f) => f.code === r.code), `${r.code} did not fire on its bad example: ${JSON.stringify(res.findings.map((f) => f.code))}`);
      });
      it('is quiet on the good example', () => {
        const res = new Analyzer({ host: hostFor(r, path, r.docs.good) }).analyze({ path, text: r.docs.good, stage });
        assert.deepEqual(res.findings.filter((f) => f.code === r.code).map((f) => f.message), []);
      });
      it('offers a fix exactly when it declares one, and fixes re-parse', () => {
        const res = new Analyzer({ host: hostFor(r, path, r.docs.bad) }).analyze({ path, text: r.docs.bad, stage });
        const mine = res.findings.filter((f) => f.code === r.code);
        for (const f of mine) {
          if (r.fixSafety === 'none') assert.equal(f.fixes.length, 0, 'declares no fix but offers one');
          for (const fix of f.fixes.filter((x) => !x.path)) {
            const out = applyEdits(r.docs.bad, fix.edits);
            assert.ok(syntaxErrorCount(path, out) <= syntaxErrorCount(path, r.docs.bad), `fix "${fix.title}" breaks the syntax`);
          }
        }
        if (r.fixSafety !== 'none') assert.ok(mine.some((f) => f.fixes.length > 0), 'declares a fix but offers none on its bad example');
      });
      it('fix-all converges: a second run changes nothing', () => {
        const run = (t: string) => new Analyzer({ host: hostFor(r, path, t) }).analyze({ path, text: t, stage });
        const once = fixAll(r.docs.bad, run, ['safe', 'unsafe']);
        assert.ok(once.converged);
        const twice = fixAll(once.text, run, ['safe', 'unsafe']);
        assert.equal(twice.applied, 0);
        assert.equal(twice.text, once.text);
      });
    });
  }
});

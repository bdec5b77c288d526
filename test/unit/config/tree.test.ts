// The config tree: exact ranges for YAML and JSON, comments, several documents, recovery, malformed files.
import { strict as assert } from 'assert';
import { Analyzer } from '../../../src/engine';
import { type CScalar, at, isComment, isIntLiteral, keyPath, parseConfig, stringOf } from '../../../src/engine/config/tree';
import { isPyyamlString, pyyamlFloat } from '../../../src/engine/config/edits';

describe('config tree', () => {
  it('YAML: values keep their exact source range, keys their own span', () => {
    const text = 'optimizer:\n  _target_: torch.optim.Adam  # the baseline\n  lr: 3e-4\n';
    const doc = parseConfig(text, 'yaml');
    const lr = at(doc.roots[0], 'optimizer', 'lr');
    assert.ok(lr && lr.k === 'scalar');
    assert.equal(text.slice(lr.from, lr.to), '3e-4');
    assert.equal(lr.value, 3e-4);
    assert.ok(lr.plain);
    assert.deepEqual(keyPath(lr), ['optimizer', 'lr']);
    const target = at(doc.roots[0], 'optimizer', '_target_');
    assert.equal(target && text.slice(target.from, target.to), 'torch.optim.Adam');
    assert.equal(lr.pair && text.slice(lr.pair.keySpan.from, lr.pair.keySpan.to), 'lr');
  });

  it('YAML: quoted and tagged scalars are not plain; 1 and 1.0 are told apart', () => {
    const doc = parseConfig('a: "3e-4"\nb: !!str 3e-4\nc: 1\nd: 1.0\n', 'yaml');
    const r = doc.roots[0];
    assert.equal((at(r, 'a') as CScalar).plain, false);
    assert.equal((at(r, 'b') as CScalar).plain, false);
    assert.ok(isIntLiteral(at(r, 'c')));
    assert.ok(!isIntLiteral(at(r, 'd')));
  });

  it('YAML: comments are found by the lexer, not in quotes or block scalars', () => {
    const text = 'a: "x # not a comment"\nb: |\n  # text\nc: 1 # real\n# whole line\n';
    const doc = parseConfig(text, 'yaml');
    assert.ok(!isComment(doc, text.indexOf('# not')));
    assert.ok(!isComment(doc, text.indexOf('# text')));
    assert.ok(isComment(doc, text.indexOf('# real')));
    assert.ok(isComment(doc, text.indexOf('# whole')));
  });

  it('YAML: every document of a multi-document file', () => {
    const doc = parseConfig('a: 1\n---\nb: 2\n', 'yaml');
    assert.equal(doc.roots.length, 2);
    assert.deepEqual(doc.errors, []);
    assert.equal(stringOf(at(doc.roots[1], 'b')), undefined);
  });

  it('JSON/JSONC: comments, trailing commas, recovery after a missing comma', () => {
    const text = '{\n  // note\n  "a": 1\n  "b": [1, 2],\n  "c": 2.0,\n}\n';
    const doc = parseConfig(text, 'json');
    assert.equal(doc.errors.length, 1);
    assert.equal(doc.errors[0].message, 'comma expected');
    assert.ok(at(doc.roots[0], 'b'), 'parsing went on after the missing comma');
    assert.ok(isComment(doc, text.indexOf('// note') + 3));
    const c = at(doc.roots[0], 'c');
    assert.equal(c && text.slice(c.from, c.to), '2.0');
  });

  it('PyYAML spelling of exponent floats', () => {
    for (const [src, str] of [['3e-4', true], ['1e5', true], ['1.0e5', true], ['-2E-3', true], ['1.e-3', false], ['3.0e-4', false], ['1.0e+5', false], ['.5e-3', false], ['0.001', false], ['10', false]] as const) {
      assert.equal(isPyyamlString(src), str, src);
    }
    assert.equal(pyyamlFloat('3e-4'), '3.0e-4');
    assert.equal(pyyamlFloat('1e5'), '1.0e+5');
    assert.equal(pyyamlFloat('1.5E5'), '1.5E+5');
    assert.equal(pyyamlFloat('-2e-3'), '-2.0e-3');
    assert.equal(pyyamlFloat('1.e5'), '1.0e+5');
    assert.equal(pyyamlFloat('3.0e-4'), '3.0e-4');
  });
});

describe('malformed configs', () => {
  const check = (path: string, text: string) => new Analyzer().analyze({ path, text, stage: 3 });
  it('a broken Hydra config: one clear syntax error, no findings, no crash', () => {
    const r = check('/p/conf/config.yaml', 'optimizer:\n  _target_: torch.optim.SGD\n  lr: [0.1\nseed_everything: false\n');
    assert.equal(r.syntaxErrors.length, 1);
    assert.deepEqual(r.findings, []);
    assert.equal(r.internalErrors, undefined);
  });
  it('a broken sweep in JSON: one syntax error, no findings', () => {
    const r = check('/p/sweep.json', '{"method": "grid" "parameters": {"a": {"values": [1, 2]}, "b": {"values": [3, 4]}}}');
    assert.equal(r.syntaxErrors.length, 1);
    assert.equal(r.syntaxErrors[0].range.start.line, 0);
    assert.deepEqual(r.findings, []);
  });
  it('a broken YAML file that is nobody’s training config: not applicable, no error', () => {
    const r = check('/p/notes.yaml', 'a: [1, 2\nb: 3\n');
    assert.deepEqual(r.syntaxErrors, []);
    assert.ok(r.notApplicable);
  });
  it('garbage of every kind does not crash', () => {
    for (const text of ['', '---\n---\n', '{', ']]]', '- - - -', 'a: *undefined_alias\n', '? complex key\n: v\n', '\ttab: 1', 'a: !!binary AAAA\n', '{"a": {"b": {"c": ' + '['.repeat(200)]) {
      for (const path of ['/p/conf/c.yaml', '/p/conf/c.json', '/p/sweep.yaml']) {
        const r = check(path, text);
        assert.equal(r.internalErrors, undefined, `${path}: ${JSON.stringify(text)}`);
        assert.deepEqual(r.findings, []);
      }
    }
  });
});

describe('suppression comments in configs', () => {
  const sweep = 'method: grid  # nn-recipe: ignore[NR501]\nparameters:\n  lr: {values: [0.1, 0.01]}\n  bs: {values: [32, 64]}\n';
  it('a YAML comment suppresses the finding on its line', () => {
    assert.deepEqual(new Analyzer().analyze({ path: '/p/sweep.yaml', text: sweep }).findings, []);
    const unsuppressed = sweep.replace('  # nn-recipe: ignore[NR501]', '');
    assert.deepEqual(new Analyzer().analyze({ path: '/p/sweep.yaml', text: unsuppressed }).findings.map((f) => f.code), ['NR501']);
  });
  it('the same text inside a quoted value is not a comment', () => {
    const text = 'trainer: {limit_val_batches: 0.25, logger: "# nn-recipe: ignore"}\nmodel: {x: 1}\n';
    assert.deepEqual(new Analyzer().analyze({ path: '/p/config.yaml', text }).findings.map((f) => f.code), ['NR203']);
  });
});

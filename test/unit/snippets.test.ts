// Proof for the contributed snippets (issue 5): the JSON is well formed, the expander follows the snippet
// syntax, every Python snippet runs with real PyTorch and passes its own assertions, the YAML and TypeScript
// snippets parse, and our analyser finds nothing in any snippet in the stages it is meant for.

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree } from 'jsonc-parser';
import ts from 'typescript';
import YAML from 'yaml';
import {
  SNIPPETS,
  type SnippetInfo,
  describeSnippet,
  expandSnippet,
  parseSnippet,
  snippetForTip,
  tipsOfDescription,
} from '../../src/engine/snippets';
import { analyze } from '../../src/engine';

const ROOT = path.resolve(__dirname, '../..');
const HARNESS_DIR = path.join(ROOT, 'test/snippets');
const PYTHON = process.env.NN_RECIPE_PYTHON ?? '/usr/bin/python3';
const INSTALL_HINT =
  'apt-get install python3-torch python3-matplotlib (Debian\'s /usr/bin/python3, not the python3 first on PATH; ' +
  'or point NN_RECIPE_PYTHON at a Python with torch and matplotlib)';

/** Number of tips per stage in the recipe (docs: recipe stages 1-6). */
const TIPS_PER_STAGE: Record<number, number> = { 1: 4, 2: 13, 3: 4, 4: 13, 5: 2, 6: 2 };

/** The stages each snippet is meant for: it must be clean in every one of them. */
const STAGES: Record<string, number[]> = {
  'nr-seed': [2, 3, 4, 5, 6],
  'nr-skeleton': [2, 3],
  'nr-loss-at-init': [2],
  'nr-bias-init': [2, 3],
  'nr-overfit-batch': [2, 3],
  'nr-zero-input-baseline': [2],
  'nr-show-batch': [2],
  'nr-dependency-check': [2],
  'nr-early-stopping': [4, 5, 6],
  'nr-adamw': [4, 5, 6],
  'nr-conv-block': [4, 5, 6],
  'nr-random-search': [5],
  'nr-wandb-sweep': [5],
  'nr-lightning-skeleton': [2],
  'nr-hydra-adam': [2, 3],
  'nr-tfjs-skeleton': [2, 3, 4],
};

/** Where each snippet would live, for the analyser (config kinds are told apart by path). */
function analysisPaths(s: SnippetInfo): string[] {
  switch (s.language) {
    case 'python':
      return ['train.py'];
    case 'typescript':
      return ['train.ts', 'train.js'];
    case 'yaml':
      return [{ 'nr-wandb-sweep': 'sweep.yaml', 'nr-hydra-adam': 'conf/optimizer/adam.yaml' }[s.prefix] ?? 'config.yaml'];
  }
}

const byLanguage = (language: SnippetInfo['language']): SnippetInfo[] => SNIPPETS.filter((s) => s.language === language);

/** The editor's view of an inserted snippet: every default accepted, tabs as 4 spaces (Python) or 2 (others). */
function expanded(s: SnippetInfo, values?: Record<number, string>): string {
  return expandSnippet(s.body, { values, indentUnit: s.language === 'python' ? '    ' : '  ' });
}

describe('snippet expander', () => {
  it('expands tab stops, placeholders, choices and the final $0', () => {
    assert.equal(expandSnippet('a $1 b ${2} c ${3:three} d ${4|x,y|} e $0'), 'a  b  c three d x e ');
  });

  it('mirrors a bare $n to the default given for the same index, wherever it is', () => {
    assert.equal(expandSnippet('$1 = ${1:model}; $1.train()'), 'model = model; model.train()');
    assert.equal(expandSnippet('${2|a,b|} and $2'), 'a and a');
  });

  it('expands nested placeholders, and a typed value replaces the nested ones', () => {
    const body = 'f(${1:x, ${2:y}}) $2';
    assert.equal(expandSnippet(body), 'f(x, y) y');
    assert.equal(expandSnippet(body, { values: { 1: 'z' } }), 'f(z) y');
    assert.equal(expandSnippet(body, { values: { 2: 'w' } }), 'f(x, w) w');
  });

  it('handles escapes: \\$, \\}, \\\\ in text and \\, \\| in choices', () => {
    assert.equal(expandSnippet('cost \\$1 \\\\ ${1:a\\}b}'), 'cost $1 \\ a}b');
    assert.equal(expandSnippet('${1|a\\,b,c\\|d|}'), 'a,b');
    assert.deepEqual(describeSnippet('${1|a\\,b,c\\|d|}').tabstops[0].options, ['a,b', 'c|d']);
  });

  it('keeps a $ or } that starts no construct as text, like VS Code', () => {
    assert.equal(expandSnippet('x = {"a": 1}; y = $ 5; ${ z }'), 'x = {"a": 1}; y = $ 5; ${ z }');
  });

  it('expands variables to their value, else their default, else their name', () => {
    assert.equal(expandSnippet('$TM_FILENAME ${NOPE:dflt} $NOPE', { variables: { TM_FILENAME: 'a.py' } }), 'a.py dflt NOPE');
  });

  it('rejects an unterminated placeholder or choice', () => {
    assert.throws(() => parseSnippet('${1:abc'), /unterminated placeholder/);
    assert.throws(() => parseSnippet('${1|a,b'), /unterminated choice/);
  });

  it('re-indents like the editor: leading tabs to the indent unit, later lines to the insertion indent', () => {
    const body = ['def f():', '\treturn ${1:1}', '', 'f()'];
    assert.equal(expandSnippet(body, { indentUnit: '    ', baseIndent: '  ' }), 'def f():\n      return 1\n\n  f()');
  });

  it('describes each tab stop occurrence with its default text', () => {
    const { tabstops, variables } = describeSnippet('${1:a ${2:b}} $1 ${3|c,d|} $0 $X');
    assert.deepEqual(
      tabstops.map((t) => [t.index, t.kind, t.defaultText]),
      [
        [1, 'tabstop', 'a b'],
        [2, 'tabstop', 'b'],
        [1, 'tabstop', undefined],
        [3, 'choice', 'c'],
        [0, 'tabstop', undefined],
      ],
    );
    assert.deepEqual(variables, ['X']);
  });
});

describe('snippet JSON', () => {
  const files = ['snippets/python.json', 'snippets/yaml.json', 'snippets/typescript.json'];

  it('has no duplicate snippet names in a file (JSON.parse would silently keep the last)', () => {
    for (const file of files) {
      const tree = parseTree(fs.readFileSync(path.join(ROOT, file), 'utf8'));
      assert.ok(tree && tree.type === 'object', `${file} is not a JSON object`);
      const names = (tree.children ?? []).map((property) => String(property.children?.[0].value));
      assert.equal(new Set(names).size, names.length, `${file} repeats a snippet name`);
      assert.ok(names.length > 0, `${file} has no snippets`);
    }
  });

  it('gives every snippet a prefix, a body and a description naming recipe tips', () => {
    for (const s of SNIPPETS) {
      assert.ok(/^nr-[a-z0-9]+(-[a-z0-9]+)*$/.test(s.prefix), `${s.name}: prefix ${s.prefix} must be nr-kebab-case`);
      assert.ok(Array.isArray(s.body) && s.body.length > 0, `${s.prefix}: empty body`);
      assert.ok(s.body.every((line) => typeof line === 'string'), `${s.prefix}: body lines must be strings`);
      const tips = tipsOfDescription(s.description);
      assert.ok(tips && tips.length > 0, `${s.prefix}: description must start "Recipe <tip>: ", got ${s.description}`);
      for (const tip of tips) {
        const [stage, n] = tip.split('.').map(Number);
        assert.ok(n >= 1 && n <= (TIPS_PER_STAGE[stage] ?? 0), `${s.prefix}: no recipe tip ${tip}`);
      }
      assert.equal(new Set(tips).size, tips.length, `${s.prefix}: repeats a tip`);
    }
  });

  it('uses unique prefixes across all files', () => {
    const prefixes = SNIPPETS.map((s) => s.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length, `duplicate prefixes in ${prefixes.join(', ')}`);
  });

  it('numbers placeholders consistently: 1..N in order of first use, one default per number, one final $0', () => {
    for (const s of SNIPPETS) {
      const { tabstops, variables } = describeSnippet(s.body);
      assert.deepEqual(variables, [], `${s.prefix}: uses snippet variables (an unescaped $?)`);
      const firsts = [...new Set(tabstops.map((t) => t.index).filter((i) => i !== 0))];
      assert.deepEqual(firsts, firsts.map((_, i) => i + 1), `${s.prefix}: tab stops ${firsts.join(',')} not numbered 1..N`);
      for (const index of firsts) {
        const defaults = new Set(tabstops.filter((t) => t.index === index && t.defaultText !== undefined).map((t) => t.defaultText));
        assert.equal(defaults.size, 1, `${s.prefix}: $${index} has ${defaults.size} different defaults`);
      }
      const finals = tabstops.filter((t) => t.index === 0);
      assert.equal(finals.length, 1, `${s.prefix}: needs exactly one $0`);
      assert.equal(finals[0].defaultText, undefined, `${s.prefix}: $0 takes no default`);
      for (const choice of tabstops.filter((t) => t.kind === 'choice')) {
        assert.ok((choice.options?.length ?? 0) >= 2, `${s.prefix}: choice $${choice.index} offers one option`);
      }
    }
  });

  it('expands every body with its defaults, leaving no snippet syntax behind', () => {
    for (const s of SNIPPETS) {
      const text = expanded(s);
      assert.ok(text.trim().length > 0, s.prefix);
      assert.ok(!text.includes('$'), `${s.prefix}: a $ survived expansion`);
      assert.ok(!/\t/.test(text), `${s.prefix}: a tab survived expansion`);
    }
  });

  it('has a test entry (stages) for every snippet', () => {
    assert.deepEqual(SNIPPETS.map((s) => s.prefix).filter((p) => !STAGES[p]), []);
    assert.deepEqual(Object.keys(STAGES).filter((p) => !SNIPPETS.some((s) => s.prefix === p)), []);
  });
});

describe('snippetForTip', () => {
  it('maps each snippet\'s own tip, in its language, back to it', () => {
    for (const s of SNIPPETS) {
      assert.deepEqual(snippetForTip(s.tips[0], s.language), { prefix: s.prefix, language: s.language });
    }
  });

  it('picks the snippet for the document language; JavaScript uses the TypeScript snippets', () => {
    assert.deepEqual(snippetForTip('2.1', 'python'), { prefix: 'nr-seed', language: 'python' });
    assert.deepEqual(snippetForTip('2.1', 'yaml'), { prefix: 'nr-lightning-skeleton', language: 'yaml' });
    assert.deepEqual(snippetForTip('2.1', 'javascript'), { prefix: 'nr-tfjs-skeleton', language: 'typescript' });
    assert.deepEqual(snippetForTip('2.1'), { prefix: 'nr-seed', language: 'python' });
    assert.equal(snippetForTip('2.1', 'json'), undefined);
  });

  it('falls back to a snippet that follows the tip without implementing it, and to nothing', () => {
    assert.deepEqual(snippetForTip('3.2', 'python'), { prefix: 'nr-skeleton', language: 'python' });
    assert.deepEqual(snippetForTip('3.2', 'yaml'), { prefix: 'nr-hydra-adam', language: 'yaml' });
    assert.equal(snippetForTip('1.2'), undefined);
    assert.equal(snippetForTip('4.9', 'yaml'), undefined);
  });
});

interface CaseResult {
  name: string;
  ok: boolean;
  output: string;
}

/** The harness program for a Python snippet: its test file with the snippet inserted at `# {{snippet}}`. */
function harnessSource(s: SnippetInfo): string {
  const file = path.join(HARNESS_DIR, `${s.prefix}.py`);
  const harness = fs.readFileSync(file, 'utf8');
  const marker = /^([ \t]*)# \{\{snippet\}\}[ \t]*$/m;
  const match = marker.exec(harness);
  assert.ok(match, `${file} has no "# {{snippet}}" line`);
  const indent = match[1];
  const text = expandSnippet(s.body, { indentUnit: '    ', baseIndent: indent });
  return harness.slice(0, match.index) + indent + text + harness.slice(match.index + match[0].length);
}

function runPython(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, {
      cwd: HARNESS_DIR,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', OMP_NUM_THREADS: '1', MPLBACKEND: 'Agg' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

let pythonRun: Promise<Map<string, CaseResult>> | undefined;

/** Runs every Python snippet's harness in one Python process (once, shared by the tests below). */
function pythonResults(): Promise<Map<string, CaseResult>> {
  pythonRun ??= (async () => {
    if (!fs.existsSync(PYTHON)) throw new Error(`${PYTHON} not found. Install it with: ${INSTALL_HINT}`);
    const probe = await runPython(['-c', 'import torch, matplotlib'], '');
    if (probe.code !== 0) throw new Error(`${PYTHON} cannot import torch/matplotlib (${probe.stderr.trim()}). Install: ${INSTALL_HINT}`);
    const cases = byLanguage('python').map((s) => ({ name: `${s.prefix}.py`, source: harnessSource(s) }));
    const run = await runPython(['run.py'], JSON.stringify(cases));
    if (run.code !== 0) throw new Error(`test/snippets/run.py failed (exit ${run.code}):\n${run.stderr}`);
    const results = JSON.parse(run.stdout) as CaseResult[];
    return new Map(results.map((r) => [r.name, r]));
  })();
  return pythonRun;
}

describe('Python snippets, executed with PyTorch', function () {
  this.timeout(300_000);

  for (const s of byLanguage('python')) {
    it(`${s.prefix} runs and passes its own checks (test/snippets/${s.prefix}.py)`, async () => {
      const result = (await pythonResults()).get(`${s.prefix}.py`);
      assert.ok(result, `no result for ${s.prefix}`);
      assert.ok(result.ok, `${s.prefix} failed:\n${result.output}`);
    });
  }

  it('has a harness for every Python snippet and no harness without a snippet', () => {
    const harnesses = fs.readdirSync(HARNESS_DIR).filter((f) => /^nr-.*\.py$/.test(f));
    assert.deepEqual(harnesses.sort(), byLanguage('python').map((s) => `${s.prefix}.py`).sort());
  });

  it('reports a failing program as failed (the harness can fail)', async () => {
    const run = await runPython(['run.py'], JSON.stringify([{ name: 'bad.py', source: 'assert 1 == 2, "boom"' }]));
    const [result] = JSON.parse(run.stdout) as CaseResult[];
    assert.equal(result.ok, false);
    assert.match(result.output, /AssertionError: boom/);
  });
});

/**
 * Numbers that YAML 1.2 reads as floats but PyYAML (YAML 1.1, used by W&B and jsonargparse) reads as strings:
 * its floats need a dot and a signed exponent, so `1e-4` and `1.0e4` are strings there.
 */
function stringsForPyYaml(doc: YAML.Document, text: string): string[] {
  const bad: string[] = [];
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'number' || node.type !== 'PLAIN' || !node.range) return;
      const source = text.slice(node.range[0], node.range[1]);
      if (/[eE]/.test(source) && !/^[-+]?\d[\d_]*\.\d*[eE][-+]\d+$/.test(source)) bad.push(source);
    },
  });
  return bad;
}

describe('YAML snippets parse', () => {
  /** Expansions with the defaults and with every other option of every choice. */
  function variants(s: SnippetInfo): string[] {
    const choices = describeSnippet(s.body).tabstops.filter((t) => t.kind === 'choice');
    return [expanded(s), ...choices.flatMap((c) => (c.options ?? []).slice(1).map((o) => expanded(s, { [c.index]: o })))];
  }

  for (const s of byLanguage('yaml')) {
    it(`${s.prefix} parses, with every number written so that PyYAML (YAML 1.1) reads a number too`, () => {
      for (const text of variants(s)) {
        const doc = YAML.parseDocument(text);
        assert.deepEqual(doc.errors.map((e) => e.message), [], `${s.prefix}:\n${text}`);
        assert.deepEqual(stringsForPyYaml(doc, text), [], `${s.prefix}: PyYAML reads these as strings (write 1.0e-4)`);
      }
    });
  }

  it('the PyYAML number check catches 1e-4 and 1.0e4 and accepts 1.0e-4, 3 and 0.5', () => {
    const text = 'a: 1e-4\nb: 1.0e4\nc: 1.0e-4\nd: 3\ne: 0.5\n';
    assert.deepEqual(stringsForPyYaml(YAML.parseDocument(text), text), ['1e-4', '1.0e4']);
  });

  it('nr-wandb-sweep searches randomly or by Bayes, never by grid, over log-uniform rates', () => {
    const s = SNIPPETS.find((x) => x.prefix === 'nr-wandb-sweep');
    assert.ok(s);
    const sweeps = variants(s).map((text) => YAML.parse(text) as { method: string; parameters: { lr: Record<string, unknown> } });
    assert.deepEqual(sweeps.map((x) => x.method), ['random', 'bayes']);
    assert.deepEqual(sweeps[0].parameters.lr, { distribution: 'log_uniform_values', min: 1e-5, max: 1e-2 });
  });

  it('nr-lightning-skeleton seeds, is deterministic and overfits batches', () => {
    const s = SNIPPETS.find((x) => x.prefix === 'nr-lightning-skeleton');
    assert.ok(s);
    const config = YAML.parse(expanded(s)) as { seed_everything: unknown; trainer: Record<string, unknown> };
    assert.equal(typeof config.seed_everything, 'number');
    assert.equal(config.trainer.deterministic, true);
    assert.equal(config.trainer.overfit_batches, 1);
  });

  it('nr-hydra-adam configures a partial torch.optim.Adam at 3e-4', () => {
    const s = SNIPPETS.find((x) => x.prefix === 'nr-hydra-adam');
    assert.ok(s);
    assert.deepEqual(YAML.parse(expanded(s)), { _target_: 'torch.optim.Adam', _partial_: true, lr: 3e-4 });
  });
});

describe('TypeScript snippets parse', () => {
  function syntaxErrors(text: string, fileName: string): string[] {
    const out = ts.transpileModule(text, {
      fileName,
      reportDiagnostics: true,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, allowJs: true },
    });
    return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it('the syntax check catches errors, including TypeScript-only syntax in a .js file', () => {
    assert.notDeepEqual(syntaxErrors('const x = (;', 'a.ts'), []);
    assert.notDeepEqual(syntaxErrors('const x: number = 1;', 'a.js'), []);
  });

  for (const s of byLanguage('typescript')) {
    it(`${s.prefix} has no syntax errors as TypeScript or as JavaScript`, () => {
      for (const fileName of ['train.ts', 'train.js']) {
        assert.deepEqual(syntaxErrors(expanded(s), fileName), [], `${s.prefix} as ${fileName}`);
      }
    });
  }
});

describe('our analyser finds nothing in the snippets', () => {
  for (const s of SNIPPETS) {
    it(`${s.prefix} is clean in stage ${(STAGES[s.prefix] ?? []).join(', ')}`, () => {
      const stages = STAGES[s.prefix];
      assert.ok(stages && stages.length > 0, `${s.prefix}: no stages listed`);
      const text = expanded(s);
      for (const file of analysisPaths(s)) {
        for (const stage of stages) {
          const { findings } = analyze({ path: file, text, stage });
          const shown = findings.map((f) => `${f.code} ${f.name} line ${f.range.start.line + 1}: ${f.message}`);
          assert.deepEqual(shown, [], `${s.prefix} as ${file} in stage ${stage}`);
        }
      }
    });
  }
});

// False-positive guard: every rule over look-alikes of well-known public training code (the PyTorch MNIST,
// ImageNet and DCGAN examples, a nanoGPT-style trainer with its model in another file, a Hugging Face
// `no_trainer` GLUE script, a CIFAR one-cycle trainer). The fixtures are our own code (test/fixtures/realistic).
// Every finding on them was judged by hand; a new finding here is either a false positive to fix or a true one
// to add below with a reason.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join, relative } from 'path';
import { runCli } from '../../src/cli/main';
import { Analyzer } from '../../src/engine';
import { pythonFilesUnder } from '../../scripts/lib/python-files';

const ROOT = join(__dirname, '..', 'fixtures', 'realistic');

/** file → `CODE:line` of every finding, and why each one is right. */
const EXPECTED: Record<string, string[]> = {
  // nn.Dropout(0.25) on the max-pooled conv feature maps: the rule's case, an info-level suggestion of Dropout2d.
  'mnist/train.py': ['NR401:26'],
  'imagenet/main.py': [],
  'nanogpt/model.py': [],
  'nanogpt/train.py': [],
  'glue/run_glue_no_trainer.py': [],
  'dcgan/main.py': [],
  'cifar/model.py': [],
  'cifar/train.py': [],
};

const read = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

describe('realistic training code: exact findings of every rule', () => {
  const files = [...pythonFilesUnder(ROOT)].map((p) => relative(ROOT, p).split('\\').join('/'));

  it('covers every fixture', () => {
    assert.deepEqual([...files].sort(), Object.keys(EXPECTED).sort());
  });

  const analyzer = new Analyzer({ host: { readFile: read } });
  for (const file of Object.keys(EXPECTED)) {
    it(file, () => {
      const path = join(ROOT, file).split('\\').join('/');
      const res = analyzer.analyze({ path, text: read(path) ?? '' });
      assert.deepEqual(res.internalErrors ?? [], []);
      assert.deepEqual(res.syntaxErrors, []);
      assert.deepEqual(
        res.findings.map((f) => `${f.code}:${f.range.start.line + 1}`),
        EXPECTED[file],
        res.findings.map((f) => `${f.code} ${f.message}`).join('\n'),
      );
    });
  }

  it('the CLI over the folder reports the same', async () => {
    let out = '';
    await runCli(['check', '.', '--format', 'json', '--no-project-file'], { stdout: (s) => (out += s), stderr: () => undefined, cwd: ROOT });
    const got = (JSON.parse(out) as { findings: { file: string; code: string; location: { line: number } }[] }).findings.map((f) => `${f.file} ${f.code}:${f.location.line}`).sort();
    const want = Object.entries(EXPECTED)
      .flatMap(([file, list]) => list.map((x) => `${file} ${x}`))
      .sort();
    assert.deepEqual(got, want);
  });
});

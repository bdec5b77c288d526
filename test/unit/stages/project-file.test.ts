import { strict as assert } from 'assert';
import { PROJECT_FILE_TEMPLATE, loadProjectFile, setPinnedStage, setTipTick } from '../../../src/engine/project-file';

const FILE = `# nn-recipe settings for the team
select: [NR2, NR4]   # the rules we care about

severity:
  NR204: error # gradients must be cleared

# where we are
stage: 2

ticks:
  "1.1": {note: looked at 300 images, date: 2024-04-30}
  2.10: true
ignore:
  - NR209
`;

function ok(r: ReturnType<typeof setPinnedStage>): string {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.text;
}

/** The top-level keys in file order. */
const keys = (text: string): string[] => text.split('\n').filter((l) => /^[A-Za-z"0-9]/.test(l)).map((l) => l.slice(0, l.indexOf(':')));
const comments = (text: string): string[] => text.split('\n').filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#')));

describe('project file: reading', () => {
  it('reads settings, the pinned stage and ticks, tip ids as written (2.10 is not 2.1)', () => {
    const p = loadProjectFile(FILE);
    assert.deepEqual(p.problems, []);
    assert.equal(p.stage, 2);
    assert.deepEqual(p.settings, { select: ['NR2', 'NR4'], ignore: ['NR209'], severity: { NR204: 'error' } });
    assert.deepEqual(p.ticks, { '1.1': { note: 'looked at 300 images', date: '2024-04-30' }, '2.10': {} });
  });

  it('reports problems with their ranges', () => {
    const p = loadProjectFile('select: [NR2]\nstage: seven\nticks:\n  "9.9": true\n');
    assert.deepEqual(
      p.problems.map((x) => [x.range.start.line, x.message]),
      [
        [1, '`stage` must be a whole number from 1 to 6'],
        [3, 'unknown tip 9.9: tips are numbered as in the recipe (1.1 … 6.2, 2.M1 … 2.M7)'],
      ],
    );
  });

  it('reports malformed YAML and does not guess', () => {
    const p = loadProjectFile('stage: [2\n');
    assert.equal(p.stage, undefined);
    assert.equal(p.problems.length > 0, true);
    assert.equal(p.problems[0].range.start.line, 1);
  });

  it('the template reads without problems and pins nothing', () => {
    const p = loadProjectFile(PROJECT_FILE_TEMPLATE);
    assert.deepEqual([p.problems, p.stage, p.ticks], [[], undefined, {}]);
  });
});

describe('project file: writing keeps comments and key order', () => {
  it('pins a stage in place', () => {
    const out = ok(setPinnedStage(FILE, 4));
    assert.equal(loadProjectFile(out).stage, 4);
    assert.deepEqual(keys(out), keys(FILE));
    assert.deepEqual(comments(out), comments(FILE));
    assert.ok(out.includes('# where we are\nstage: 4\n'));
    // everything else reads the same
    assert.deepEqual(loadProjectFile(out).settings, loadProjectFile(FILE).settings);
    assert.deepEqual(loadProjectFile(out).ticks, loadProjectFile(FILE).ticks);
  });

  it('adds a pin at the end when there is none, and removes it again', () => {
    const without = ok(setPinnedStage(FILE, undefined));
    assert.equal(loadProjectFile(without).stage, undefined);
    assert.deepEqual(keys(without), ['select', 'severity', 'ticks', 'ignore']);
    const again = ok(setPinnedStage(without, 5));
    assert.deepEqual(keys(again), ['select', 'severity', 'ticks', 'ignore', 'stage']);
    assert.deepEqual(comments(again).filter((c) => c !== '# where we are'), comments(FILE).filter((c) => c !== '# where we are'));
  });

  it('ticks with a note and a date, on one line; re-ticking replaces; unticking removes', () => {
    const ticked = ok(setTipTick(FILE, '2.8', { note: 'loss 0.001 after 300 steps', date: '2024-05-01' }));
    assert.ok(ticked.includes('  "2.8": {note: loss 0.001 after 300 steps, date: 2024-05-01}\n'), ticked);
    assert.deepEqual(loadProjectFile(ticked).ticks['2.8'], { note: 'loss 0.001 after 300 steps', date: '2024-05-01' });
    assert.deepEqual(comments(ticked), comments(FILE));
    const again = ok(setTipTick(ticked, '2.8', {}));
    assert.deepEqual(loadProjectFile(again).ticks['2.8'], {});
    assert.ok(again.includes('  "2.8": true\n'));
    // the unquoted 2.10 key is found as the tip 2.10 and removed, not duplicated
    const unticked = ok(setTipTick(again, '2.10', undefined));
    assert.deepEqual(Object.keys(loadProjectFile(unticked).ticks), ['1.1', '2.8']);
    const none = ok(setTipTick(ok(setTipTick(unticked, '1.1', undefined)), '2.8', undefined));
    assert.ok(!none.includes('ticks'), 'an empty ticks mapping is removed');
    assert.deepEqual(keys(none), ['select', 'severity', 'stage', 'ignore']);
  });

  it('creates the file content from nothing', () => {
    assert.equal(ok(setPinnedStage('', 3)), 'stage: 3\n');
    assert.equal(ok(setTipTick('', '1.1', {})), 'ticks:\n  "1.1": true\n');
    const fromTemplate = ok(setPinnedStage(PROJECT_FILE_TEMPLATE, 3));
    assert.ok(fromTemplate.startsWith(PROJECT_FILE_TEMPLATE.split('\n')[0]));
    assert.equal(loadProjectFile(fromTemplate).stage, 3);
  });

  it("keeps the file's indentation and line breaks", () => {
    const crlf = 'severity:\r\n    NR204: error\r\nignore:\r\n    - NR209\r\n';
    assert.equal(ok(setPinnedStage(crlf, 2)), crlf + 'stage: 2\r\n');
    const compact = 'severity:\n  NR204: error\nignore:\n- NR209\n';
    assert.equal(ok(setPinnedStage(compact, 2)), compact + 'stage: 2\n');
  });
});

describe('project file: a malformed file is never overwritten', () => {
  const cases: [string, string, RegExp][] = [
    ['a syntax error', 'select: [NR2\nstage: 2\n', /has a problem \(line \d+/],
    ['not a mapping', '- NR204\n- NR209\n', /must be a mapping/],
    ['an invalid value', 'stage: 2\nseverity: loud\n', /severity/],
    ['an unknown tip', 'ticks:\n  "7.1": true\n', /unknown tip 7\.1/],
  ];
  for (const [name, text, reason] of cases) {
    it(`refuses to write a file with ${name}, and says why`, () => {
      for (const r of [setPinnedStage(text, 3), setPinnedStage(text, undefined), setTipTick(text, '2.1', {}), setTipTick(text, '2.1', undefined)]) {
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.match(r.reason, reason);
          assert.match(r.reason, /never overwrites/);
        }
      }
    });
  }

  it('refuses an invalid stage or tip without touching the file', () => {
    const s = setPinnedStage(FILE, 7);
    assert.equal(s.ok, false);
    const t = setTipTick(FILE, '2.99', {});
    assert.deepEqual(t, { ok: false, reason: 'unknown tip 2.99' });
  });
});

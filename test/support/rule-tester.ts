// A table-driven rule tester in the style of typescript-eslint's RuleTester: valid cases must produce no
// finding of the rule, invalid cases must produce exactly the expected ones; every fix is applied and the
// result re-parsed (no new syntax errors) and, where given, compared with the expected output.
import { strict as assert } from 'assert';
import { Analyzer, applyEdits, type AnalysisResult, type Finding, type ProjectHost } from '../../src/engine';

export interface CaseBase {
  /** Shown in the test title. */
  name?: string;
  code: string;
  /** File name (default `train.py`); its extension picks the language. */
  path?: string;
  stage?: number;
  /** Other files of the project, by path relative to the project root (for cross-file cases). */
  files?: Record<string, string>;
  /** The host also lists folders, as the CLI's and the editor's do (config checks read the folders around a config). */
  listing?: boolean;
}

export interface ExpectedFinding {
  /** 1-based line and column of the range start, as editors show them. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** A substring the message must contain. */
  message?: string;
  /** The exact source text the finding's range covers. */
  text?: string;
  /** The 1-based lines of its related locations (in the same file), in order. */
  relatedLines?: number[];
}

export interface InvalidCase extends CaseBase {
  errors: ExpectedFinding[];
  /** The file after applying the first fix of every finding (edits in this file). Omit when the rule has no fix here. */
  output?: string;
  /** Expected text of another file after applying fixes that target it (cross-file fixes). */
  outputFiles?: Record<string, string>;
}

const ROOT = '/project';

export function analyzeCase(c: CaseBase): { result: AnalysisResult; path: string; host: ProjectHost } {
  const path = `${ROOT}/${c.path ?? 'train.py'}`;
  const files: Record<string, string> = {};
  for (const [p, t] of Object.entries(c.files ?? {})) files[`${ROOT}/${p}`] = t;
  files[path] = c.code;
  const readFile = (p: string): string | undefined => files[p];
  const listDir = (dir: string): string[] | undefined => {
    const names = new Set<string>();
    for (const f of Object.keys(files)) if (f.startsWith(`${dir}/`)) names.add(f.slice(dir.length + 1).replace(/\/.*/s, '/'));
    return names.size ? [...names].sort() : undefined;
  };
  const host: ProjectHost = c.listing ? ({ readFile, listDir } as ProjectHost) : { readFile };
  const result = new Analyzer({ host }).analyze({ path, text: c.code, stage: c.stage });
  return { result, path, host };
}

function title(c: CaseBase, i: number): string {
  return c.name ?? `#${i + 1}: ${c.code.split('\n').find((l) => l.trim() && !l.startsWith('import') && !l.startsWith('from')) ?? ''}`.slice(0, 90);
}

/** Re-parses text in the same language and returns how many syntax errors it has. */
export function syntaxErrorCount(path: string, text: string): number {
  return new Analyzer().analyze({ path, text }).syntaxErrors.length;
}

export function ruleTester(code: string, cases: { valid: (CaseBase | string)[]; invalid: InvalidCase[] }): void {
  describe(code, () => {
    describe('valid', () => {
      cases.valid.forEach((v, i) => {
        const c: CaseBase = typeof v === 'string' ? { code: v } : v;
        it(title(c, i), () => {
          const { result } = analyzeCase(c);
          assert.deepEqual(result.internalErrors ?? [], [], 'rule crashed');
          const mine = result.findings.filter((f) => f.code === code);
          assert.deepEqual(mine.map(describeFinding), [], 'expected no finding');
        });
      });
    });
    describe('invalid', () => {
      cases.invalid.forEach((c, i) => {
        it(title(c, i), () => {
          const { result, path } = analyzeCase(c);
          assert.deepEqual(result.internalErrors ?? [], [], 'rule crashed');
          const mine = result.findings.filter((f) => f.code === code);
          assert.equal(mine.length, c.errors.length, `expected ${c.errors.length} finding(s), got: ${JSON.stringify(mine.map(describeFinding))}`);
          c.errors.forEach((e, j) => checkFinding(mine[j], e, c.code));
          const before = syntaxErrorCount(path, c.code);
          // Every fix of every finding applies cleanly and re-parses without new syntax errors.
          for (const f of mine)
            for (const fix of f.fixes) {
              const target = fix.path ? (c.files ?? {})[fix.path.slice(ROOT.length + 1)] : c.code;
              assert.ok(target !== undefined, `fix targets unknown file ${fix.path}`);
              const fixed = applyEdits(target, fix.edits);
              assert.notEqual(fixed, target, `fix "${fix.title}" changes nothing`);
              assert.ok(syntaxErrorCount(fix.path ?? path, fixed) <= (fix.path ? syntaxErrorCount(fix.path, target) : before), `fix "${fix.title}" introduces a syntax error:\n${fixed}`);
            }
          if (c.output !== undefined) {
            const edits = mine.flatMap((f) => (f.fixes[0] && !f.fixes[0].path ? f.fixes[0].edits : []));
            assert.equal(applyEdits(c.code, edits), c.output);
          } else {
            assert.ok(mine.every((f) => f.fixes.filter((x) => !x.path).length === 0), 'a fix exists: give the expected `output`');
          }
          for (const [p, expected] of Object.entries(c.outputFiles ?? {})) {
            const full = `${ROOT}/${p}`;
            const edits = mine.flatMap((f) => f.fixes.filter((x) => x.path === full).slice(0, 1).flatMap((x) => x.edits));
            assert.ok(edits.length, `no fix targets ${p}`);
            assert.equal(applyEdits((c.files ?? {})[p], edits), expected);
          }
        });
      });
    });
  });
}

function describeFinding(f: Finding): string {
  return `${f.code} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`;
}

function checkFinding(f: Finding, e: ExpectedFinding, code: string): void {
  if (e.line !== undefined) assert.equal(f.range.start.line + 1, e.line, 'line');
  if (e.column !== undefined) assert.equal(f.range.start.character + 1, e.column, 'column');
  if (e.endLine !== undefined) assert.equal(f.range.end.line + 1, e.endLine, 'endLine');
  if (e.endColumn !== undefined) assert.equal(f.range.end.character + 1, e.endColumn, 'endColumn');
  if (e.message !== undefined) assert.ok(f.message.includes(e.message), `message "${f.message}" should contain "${e.message}"`);
  if (e.text !== undefined) assert.equal(code.slice(f.offsets.start, f.offsets.end), e.text, 'range text');
  if (e.relatedLines !== undefined) assert.deepEqual(f.related.map((r) => r.range.start.line + 1), e.relatedLines, 'related locations');
}

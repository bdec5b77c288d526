// Rule tables for the TensorFlow.js checks. A rule whose metadata lists TypeScript goes through the shared
// rule tester (the whole engine: severities, stages, suppressions). A rule whose metadata does not list it yet
// (its file belongs to another part of the work) runs its tfjs check directly through the tfjs runner, with
// the same assertions: exact findings, every fix applied and re-parsed, the expected output.
import { strict as assert } from 'assert';
import { RULES, applyEdits } from '../../../src/engine';
import type { LanguageRun } from '../../../src/engine/language-runner';
import type { ReportInput } from '../../../src/engine/rules/rule';
import { LineIndex } from '../../../src/engine/text';
import { runTfjs } from '../../../src/engine/tfjs';
import { type CaseBase, type InvalidCase, ruleTester } from '../../support/rule-tester';

export function tfjsRuleTester(code: string, cases: { valid: (CaseBase | string)[]; invalid: InvalidCase[] }): void {
  const withTs = (c: CaseBase | string): CaseBase => (typeof c === 'string' ? { code: c, path: 'train.ts' } : { path: 'train.ts', ...c });
  const tables = { valid: cases.valid.map(withTs), invalid: cases.invalid.map((c) => ({ path: 'train.ts', ...c })) };
  if (RULES.find((r) => r.code === code)?.languages.includes('typescript')) ruleTester(code, tables);
  else directTester(code, tables);
}

/** Runs the tfjs runner with only `code` enabled. */
export function runCheck(code: string, text: string, path = 'train.ts', stage?: number): { reports: ReportInput[]; syntaxErrors: number; internalErrors: string[] } {
  const reports: ReportInput[] = [];
  const internalErrors: string[] = [];
  const run: LanguageRun = {
    path: `/project/${path}`,
    language: /\.[cm]?jsx?$/.test(path) ? 'javascript' : 'typescript',
    text,
    lines: new LineIndex(text),
    stage,
    host: undefined,
    isEnabled: (c) => c === code,
    report: (c, r) => {
      if (c === code) reports.push(r);
    },
    internalError: (c, err) => internalErrors.push(`${c}: ${String(err)}`),
  };
  const out = runTfjs(run);
  reports.sort((a, b) => a.span.from - b.span.from);
  return { reports, syntaxErrors: out.syntaxErrors.length, internalErrors };
}

function directTester(code: string, cases: { valid: CaseBase[]; invalid: InvalidCase[] }): void {
  describe(`${code} (tfjs check)`, () => {
    describe('valid', () => {
      cases.valid.forEach((c, i) => {
        it(c.name ?? `#${i + 1}`, () => {
          const { reports, internalErrors } = runCheck(code, c.code, c.path, c.stage);
          assert.deepEqual(internalErrors, []);
          assert.deepEqual(reports.map((r) => r.message), [], 'expected no finding');
        });
      });
    });
    describe('invalid', () => {
      cases.invalid.forEach((c, i) => {
        it(c.name ?? `#${i + 1}`, () => {
          const { reports, internalErrors, syntaxErrors } = runCheck(code, c.code, c.path, c.stage);
          assert.deepEqual(internalErrors, []);
          assert.equal(reports.length, c.errors.length, `expected ${c.errors.length} finding(s), got: ${JSON.stringify(reports.map((r) => r.message))}`);
          const lines = new LineIndex(c.code);
          c.errors.forEach((e, j) => {
            const r = reports[j];
            const start = lines.position(r.span.from);
            if (e.line !== undefined) assert.equal(start.line + 1, e.line, 'line');
            if (e.column !== undefined) assert.equal(start.character + 1, e.column, 'column');
            if (e.message !== undefined) assert.ok(r.message.includes(e.message), `message "${r.message}" should contain "${e.message}"`);
            if (e.text !== undefined) assert.equal(c.code.slice(r.span.from, r.span.to), e.text, 'range text');
          });
          for (const r of reports)
            for (const fix of r.fixes ?? []) {
              const fixed = applyEdits(c.code, fix.edits);
              assert.notEqual(fixed, c.code, `fix "${fix.title}" changes nothing`);
              assert.ok(runCheck(code, fixed, c.path, c.stage).syntaxErrors <= syntaxErrors, `fix "${fix.title}" introduces a syntax error:\n${fixed}`);
            }
          if (c.output !== undefined) assert.equal(applyEdits(c.code, reports.flatMap((r) => r.fixes?.[0]?.edits ?? [])), c.output);
          else assert.ok(reports.every((r) => !r.fixes?.length), 'a fix exists: give the expected `output`');
        });
      });
    });
  });
}

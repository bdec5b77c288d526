// The TensorFlow.js analyser: parse with the TypeScript compiler, build the semantic layer and the tfjs
// facts, run the checks of the enabled rules. This module (and the compiler) is loaded lazily by ./index.ts,
// from its own bundle (dist/tfjs.js), only when a file imports TensorFlow.js.
import type ts from 'typescript';
import type { LanguageRunner } from '../language-runner';
import { TFJS_CHECKS } from './checks';
import type { TfjsCheckContext } from './checks';
import { TfFacts } from './facts';
import { NOT_TFJS } from './index';
import { isComment, parseFile, syntaxProblems } from './parse';
import { TfModule } from './semantic';
import { tfjsEvidenceOf } from './evidence';
import type { RawEvidence } from '../stages/python-evidence';

/** The semantic layer of each kept tree: an unchanged file (re-checked for other reasons) is not rebuilt. */
const models = new WeakMap<ts.SourceFile, { m: TfModule; tf: TfFacts }>();

function modelOf(path: string, text: string, language: 'typescript' | 'javascript'): { sf: ts.SourceFile; m: TfModule; tf: TfFacts } {
  const sf = parseFile(path, text, language);
  let model = models.get(sf);
  if (!model) {
    const m = new TfModule(sf);
    models.set(sf, (model = { m, tf: new TfFacts(m) }));
  }
  return { sf, ...model };
}

/** The stage report's evidence in a TensorFlow.js file, and whether it trains a model. */
export function tfjsEvidence(path: string, text: string, language: 'typescript' | 'javascript'): { training: boolean; evidence: RawEvidence[] } {
  const { m, tf } = modelOf(path, text, language);
  return tfjsEvidenceOf(m, tf, text);
}

export const analyzeTfjs: LanguageRunner = (run) => {
  const language = run.language === 'javascript' ? 'javascript' : 'typescript';
  const { sf, m, tf } = modelOf(run.path, run.text, language);
  if (!m.importsTfjs) return { syntaxErrors: [], isComment: () => false, notApplicable: NOT_TFJS };
  const errors = syntaxProblems(sf);
  for (const [code, check] of Object.entries(TFJS_CHECKS)) {
    if (!run.isEnabled(code)) continue;
    const ctx: TfjsCheckContext = {
      path: run.path,
      text: run.text,
      lines: run.lines,
      stage: run.stage,
      sf,
      m,
      tf,
      report: (r) => run.report(code, r),
      hasSyntaxErrorIn: (at) => {
        if (!at) return errors.length > 0;
        const from = 'from' in at ? at.from : at.getStart(sf);
        const to = 'to' in at ? at.to : at.end;
        return errors.some((e) => e.from < to && e.to >= from);
      },
    };
    try {
      check(ctx);
    } catch (err) {
      run.internalError(code, err);
    }
  }
  return { syntaxErrors: errors, isComment: (offset) => isComment(sf, offset) };
};

// Applying every fix of a file until nothing changes (the CLI's --fix and the editor's fix-all).
import { editsOverlap, applyEdits } from './fix';
import type { AnalysisResult, FixSafety, TextEdit } from './types';

export interface FixAllResult {
  text: string;
  /** Number of fixes applied, over all rounds. */
  applied: number;
  /** Whether another round would still change the text (it did not converge in the round limit). */
  converged: boolean;
}

/**
 * Repeatedly analyses and applies the fixes of the allowed safeties (first fix of each finding, edits in this
 * file only, skipping fixes that overlap one already chosen) until a round applies nothing.
 */
export function fixAll(text: string, analyse: (text: string) => AnalysisResult, allowed: readonly FixSafety[] = ['safe'], maxRounds = 10): FixAllResult {
  let applied = 0;
  for (let round = 0; round < maxRounds; round++) {
    const result = analyse(text);
    const chosen: TextEdit[][] = [];
    for (const f of result.findings) {
      const fix = f.fixes.find((x) => !x.path && allowed.includes(x.safety));
      if (!fix || fix.edits.length === 0) continue;
      if (chosen.some((c) => editsOverlap(c, fix.edits))) continue;
      chosen.push(fix.edits);
    }
    if (!chosen.length) return { text, applied, converged: true };
    const next = applyEdits(text, chosen.flat());
    if (next === text) return { text, applied, converged: true };
    text = next;
    applied += chosen.length;
  }
  return { text, applied, converged: false };
}

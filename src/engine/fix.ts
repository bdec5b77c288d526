// Applying edits. Edits are UTF-16 offset replacements into the original text; they must not overlap.
import type { TextEdit } from './types';

/** Applies non-overlapping edits (any order). Overlapping edits throw: a rule bug, caught in tests. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let last = 0;
  for (const e of sorted) {
    if (e.start < last) throw new Error(`overlapping edits at ${e.start}`);
    if (e.start > text.length || e.end > text.length || e.end < e.start) throw new Error(`edit out of range ${e.start}-${e.end}`);
    out += text.slice(last, e.start) + e.newText;
    last = e.end;
  }
  return out + text.slice(last);
}

/** Whether two edit lists touch overlapping spans (so they cannot be applied in one pass). */
export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  for (const x of a) for (const y of b) if (x.start < y.end && y.start < x.end) return true;
  for (const x of a) for (const y of b) if (x.start === y.start && x.end === x.start && y.end === y.start) return true;
  return false;
}

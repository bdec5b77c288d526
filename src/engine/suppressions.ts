// Suppression comments:
//   `# nn-recipe: ignore[NR204, NR209]` or bare `# nn-recipe: ignore` on the line of a finding,
//   `# nn-recipe: ignore-file[NR201]` (or bare `ignore-file`) anywhere in the file,
//   `# noqa: NR204` and bare `# noqa`, as Ruff and flake8 users write them.
// Only real comments count: the language's parser confirms each candidate (a `# noqa` inside a string is text).
import { lineCommentPrefix } from './language';
import type { LineIndex } from './text';
import type { Language, TextEdit } from './types';

export interface Suppressions {
  isSuppressed(code: string, line: number): boolean;
}

const ALL = '*';

/** Parses a code list `NR204, NR209` (also space-separated); an empty list means all codes. */
function codes(list: string | undefined): string[] {
  if (list === undefined) return [ALL];
  const items = list.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase());
  return items.length ? items : [ALL];
}

/**
 * Finds suppressions in `text`. `isComment(offset)` says whether the character at `offset` is inside a comment
 * according to the parser.
 */
export function findSuppressions(text: string, lines: LineIndex, isComment: (offset: number) => boolean): Suppressions {
  const byLine = new Map<number, string[]>();
  const fileWide: string[] = [];
  const add = (line: number, cs: string[]): void => {
    byLine.set(line, [...(byLine.get(line) ?? []), ...cs]);
  };
  for (let at = text.indexOf('nn-recipe:'); at >= 0; at = text.indexOf('nn-recipe:', at + 1)) {
    if (!isComment(at)) continue;
    const rest = text.slice(at + 'nn-recipe:'.length, lines.lineEnd(lines.position(at).line));
    const m = /^\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?/.exec(rest);
    if (!m) continue;
    if (m[1] === 'ignore-file') fileWide.push(...codes(m[2]));
    else add(lines.position(at).line, codes(m[2]));
  }
  for (let at = text.indexOf('noqa'); at >= 0; at = text.indexOf('noqa', at + 1)) {
    if (!isComment(at)) continue;
    const lineNo = lines.position(at).line;
    const before = text.slice(lines.lineStart(lineNo), at);
    if (!/#\s*$/.test(before)) continue; // `# noqa` must start the comment (or follow another `#`)
    const rest = text.slice(at + 4, lines.lineEnd(lineNo));
    const m = /^:\s*([A-Za-z]+\d+(?:[\s,]+[A-Za-z]+\d+)*)/.exec(rest);
    if (m) add(lineNo, codes(m[1]));
    else if (!/^\s*:/.test(rest)) add(lineNo, [ALL]);
  }
  const matches = (list: readonly string[], code: string): boolean => list.some((c) => c === ALL || c === code);
  return {
    isSuppressed(code, line) {
      if (matches(fileWide, code)) return true;
      const l = byLine.get(line);
      return l !== undefined && matches(l, code);
    },
  };
}

/**
 * The edit for "Ignore NRxxx on this line": appends `# nn-recipe: ignore[NRxxx]` (or adds the code to an
 * existing one). Undefined for languages without line comments (JSON).
 */
export function suppressionEdit(lines: LineIndex, language: Language, line: number, code: string): TextEdit | undefined {
  const prefix = lineCommentPrefix(language);
  if (!prefix) return undefined;
  const end = lines.lineEnd(line);
  const lineText = lines.lineText(line);
  const existing = /nn-recipe:\s*ignore\[([^\]]*)\]/.exec(lineText);
  if (existing) {
    const listEnd = lines.lineStart(line) + existing.index + existing[0].length - 1;
    const list = existing[1].trim();
    return { start: listEnd, end: listEnd, newText: list ? `, ${code}` : code };
  }
  const sep = lineText.trim() === '' ? '' : '  ';
  return { start: end, end, newText: `${sep}${prefix} nn-recipe: ignore[${code}]` };
}

// Offsets, positions and line handling. JavaScript strings are UTF-16, so offsets into them are already
// UTF-16 code units: the unit VS Code's positions use.
import type { Position, Range } from './types';

export class LineIndex {
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  /** Where each line starts, found when first asked (most files checked have nothing to report, and need none). */
  private get starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const text = this.text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    return (this.lineStarts = starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offset(pos: Position): number {
    return Math.min(this.lineStart(pos.line) + pos.character, this.lineEnd(pos.line));
  }

  range(from: number, to: number): Range {
    return { start: this.position(from), end: this.position(to) };
  }

  /** The line break the file uses most ("\r\n" or "\n"), for edits that insert lines. */
  eol(): string {
    const crlf = this.text.indexOf('\r\n');
    return crlf >= 0 ? '\r\n' : '\n';
  }

  /** Leading whitespace of a line. */
  indentOf(line: number): string {
    const t = this.lineText(line);
    return /^[ \t]*/.exec(t)?.[0] ?? '';
  }
}

/** The index of the first item (of a list ordered by start) that starts at or after `at`: a binary search. */
export function firstStartingAt<T>(items: readonly T[], start: (x: T) => number, at: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (start(items[mid]) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether an offset falls in one of the spans (ordered, not overlapping; `to` excluded). */
export function inSpans(spans: readonly { from: number; to: number }[], at: number): boolean {
  const i = firstStartingAt(spans, (s) => s.from, at + 1) - 1;
  return i >= 0 && at < spans[i].to;
}

const MAX_SNIPPET = 60;

/** Source text of a span on one line, shortened: for evidence messages. */
export function snippet(text: string, span: { from: number; to: number }): string {
  const s = text.slice(span.from, span.to).replace(/\s+/g, ' ').trim();
  return s.length > MAX_SNIPPET ? s.slice(0, MAX_SNIPPET - 1) + '…' : s;
}

/** "a, b and c" */
export function sentence(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

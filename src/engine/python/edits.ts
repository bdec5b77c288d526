// Edits on Python source that keep the user's formatting: insert a statement, add a keyword argument,
// replace an expression. Every edit is derived from IR spans and the file's own indentation and line breaks.
import type { LineIndex } from '../text';
import type { TextEdit } from '../types';
import type { Block, Expr, Span, Stmt } from './ir';
import type { CallExpr } from './semantic';

/** Inserts `code` (one or more lines, no indentation) as statements just before `stmt`, at its indentation. */
export function insertBefore(lines: LineIndex, stmt: Span, code: string): TextEdit | undefined {
  const pos = lines.position(stmt.from);
  const lineStart = lines.lineStart(pos.line);
  const before = lines.text.slice(lineStart, stmt.from);
  if (before.trim() !== '') return undefined; // stmt does not start its line (`a; b`): no safe place
  const eol = lines.eol();
  const text = code
    .split('\n')
    .map((l) => (l ? before + l : l))
    .join(eol);
  return { start: lineStart, end: lineStart, newText: text + eol };
}

/** Inserts `code` (one or more lines, no indentation) as statements just after `stmt`, at its indentation. */
export function insertAfter(lines: LineIndex, stmt: Span, code: string): TextEdit | undefined {
  const pos = lines.position(stmt.from);
  const before = lines.text.slice(lines.lineStart(pos.line), stmt.from);
  if (before.trim() !== '') return undefined; // stmt does not start its line (`a; b`): no safe place
  let end = stmt.to;
  while (end > stmt.from && /\s/.test(lines.text[end - 1])) end--; // a span may run past its last line break
  const at = lines.lineEnd(lines.position(end).line);
  const eol = lines.eol();
  return { start: at, end: at, newText: code.split('\n').map((l) => eol + (l ? before + l : l)).join('') };
}

/** Inserts statements at the top of an indented block. */
export function insertAtBlockStart(lines: LineIndex, block: Block, code: string): TextEdit | undefined {
  const first = block.stmts[0];
  if (!first || block.inline) return undefined;
  return insertBefore(lines, first, code);
}

/** Adds `name=value` to a call's arguments, after the last argument, keeping its layout. */
export function addKeyword(lines: LineIndex, call: CallExpr, name: string, value: string): TextEdit {
  const text = lines.text;
  const close = call.argsTo - 1; // the ')'
  const inner = text.slice(call.argsFrom + 1, close);
  if (inner.trim() === '') return { start: call.argsFrom + 1, end: close, newText: `${name}=${value}` };
  // Find the last argument's end (before a trailing comma, whitespace or comment).
  const lastArg = [...call.args, ...call.kwargs].reduce((m, a) => Math.max(m, a.to), call.argsFrom + 1);
  const between = text.slice(lastArg, close);
  const trailingComma = between.trimStart().startsWith(',');
  if (trailingComma) {
    // multi-line with trailing comma: put the new argument on its own line, like the others
    const commaAt = lastArg + between.indexOf(',');
    const lastLine = lines.position(lastArg).line;
    if (lines.position(close).line > lastLine) {
      const indent = lines.indentOf(lastLine);
      return { start: commaAt + 1, end: commaAt + 1, newText: `${lines.eol()}${indent}${name}=${value},` };
    }
    return { start: commaAt + 1, end: commaAt + 1, newText: ` ${name}=${value}` };
  }
  return { start: lastArg, end: lastArg, newText: `, ${name}=${value}` };
}

/** Replaces an expression's text. */
export function replace(span: Span, newText: string): TextEdit {
  return { start: span.from, end: span.to, newText };
}

/** Offset just after the module's leading imports (and docstring, `from __future__`), at a line start. */
export function afterImports(lines: LineIndex, stmts: Stmt[]): number {
  let lastImport: Stmt | undefined;
  for (const s of stmts) {
    if (s.k === 'import' || s.k === 'from') lastImport = s;
    else if (s.k === 'expr' && s.expr.k === 'str' && !lastImport) continue; // module docstring
    else break;
  }
  if (!lastImport) {
    const first = stmts[0];
    if (first && first.k === 'expr' && first.expr.k === 'str') return lines.lineStart(lines.position(first.to).line + 1);
    return 0;
  }
  const line = lines.position(lastImport.to).line;
  return line + 1 >= lines.lineCount ? lines.text.length : lines.lineStart(line + 1);
}

/** Removes an element of a list of call arguments (e.g. a layer of nn.Sequential), with its comma. */
export function removeArgument(text: string, call: CallExpr, index: number): TextEdit {
  const items: Expr[] = call.args;
  const item = items[index];
  if (index > 0) {
    const prev = items[index - 1];
    // from the end of the previous item (its comma) to the end of this one
    return { start: prev.to, end: item.to, newText: '' };
  }
  const next = items[index + 1];
  if (next) return { start: item.from, end: next.from, newText: '' };
  void text;
  return { start: item.from, end: item.to, newText: '' };
}

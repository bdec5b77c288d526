// Edits on TypeScript/JavaScript source that keep the user's layout: add a property to an object literal or an
// argument to a call, replace a node, add a statement at the end of a block.
import ts from 'typescript';
import type { LineIndex } from '../text';
import type { TextEdit } from '../types';

export function replaceNode(sf: ts.SourceFile, node: ts.Node, newText: string): TextEdit {
  return { start: node.getStart(sf), end: node.end, newText };
}

/** Adds `prop` (`seed: 42`) after the last property of an object literal, on its own line when the literal is multi-line. */
export function addProperty(sf: ts.SourceFile, lines: LineIndex, obj: ts.ObjectLiteralExpression, prop: string): TextEdit {
  return appendItem(sf, lines, obj, obj.properties, prop);
}

/** Adds an element at the end of an array literal. */
export function addElement(sf: ts.SourceFile, lines: LineIndex, arr: ts.ArrayLiteralExpression, item: string): TextEdit {
  return appendItem(sf, lines, arr, arr.elements, item);
}

function appendItem(sf: ts.SourceFile, lines: LineIndex, container: ts.Node, items: ts.NodeArray<ts.Node>, item: string): TextEdit {
  const open = container.getStart(sf);
  const close = container.end - 1;
  const last = items[items.length - 1];
  if (!last) return { start: open + 1, end: close, newText: ts.isObjectLiteralExpression(container) ? ` ${item} ` : item };
  const comma = items.hasTrailingComma ? sf.text.indexOf(',', last.end) : -1;
  const after = comma >= 0 ? comma + 1 : last.end;
  const lastLine = lines.position(last.getStart(sf)).line;
  if (lines.position(close).line > lastLine) {
    const indent = lines.indentOf(lastLine);
    return { start: after, end: after, newText: `${comma >= 0 ? '' : ','}${lines.eol()}${indent}${item}${comma >= 0 ? ',' : ''}` };
  }
  return { start: after, end: after, newText: comma >= 0 ? ` ${item},` : `, ${item}` };
}

/** Appends arguments to a call: `f(a)` → `f(a, b)`. */
export function addArguments(sf: ts.SourceFile, call: ts.CallExpression, args: string[]): TextEdit {
  const list = call.arguments;
  const last = list[list.length - 1];
  if (!last) {
    const open = sf.text.indexOf('(', call.expression.end);
    return { start: open + 1, end: open + 1, newText: args.join(', ') };
  }
  return { start: last.end, end: last.end, newText: `, ${args.join(', ')}` };
}

/** Removes a property of an object literal with its comma. */
export function removeProperty(sf: ts.SourceFile, obj: ts.ObjectLiteralExpression, prop: ts.ObjectLiteralElementLike): TextEdit {
  const props = obj.properties;
  const i = props.indexOf(prop);
  if (i > 0) return { start: props[i - 1].end, end: prop.end, newText: '' };
  const next = props[i + 1];
  if (next) return { start: prop.getStart(sf), end: next.getStart(sf), newText: '' };
  const end = props.hasTrailingComma ? sf.text.indexOf(',', prop.end) + 1 : prop.end;
  return { start: prop.getStart(sf), end, newText: '' };
}

/** Adds a statement after the last statement of a block, at the indentation of `like`. */
export function appendStatement(sf: ts.SourceFile, lines: LineIndex, block: ts.Block, like: ts.Statement, code: string): TextEdit {
  const last = block.statements[block.statements.length - 1];
  const indent = lines.indentOf(lines.position(like.getStart(sf)).line);
  return { start: last.end, end: last.end, newText: `${lines.eol()}${indent}${code}` };
}

const quotes = new WeakMap<ts.SourceFile, string>();

/** The quote character the file uses for strings (the first string literal's), `'` by default. */
export function quoteOf(sf: ts.SourceFile, near?: ts.Node): string {
  if (near && ts.isStringLiteral(near)) return sf.text[near.getStart(sf)];
  const known = quotes.get(sf);
  if (known) return known;
  let quote: string | undefined;
  const find = (n: ts.Node): void => {
    if (quote) return;
    if (ts.isStringLiteral(n) && !ts.isImportDeclaration(n.parent)) quote = sf.text[n.getStart(sf)];
    else ts.forEachChild(n, find);
  };
  find(sf);
  quotes.set(sf, quote ?? "'");
  return quote ?? "'";
}

export function quoted(text: string, quote: string): string {
  return `${quote}${text}${quote}`;
}

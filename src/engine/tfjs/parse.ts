// Parsing TypeScript/JavaScript with the TypeScript compiler (syntax only, no type checker). The last tree of
// each file is kept so that an edit re-parses incrementally (`ts.updateSourceFile`), which reuses the nodes
// outside the edited region.
import ts from 'typescript';

export interface SyntaxProblem {
  from: number;
  to: number;
  message: string;
}

/** Trees kept for incremental re-parsing, most recently used last. */
const MAX_CACHED = 32;
const trees = new Map<string, { sf: ts.SourceFile; kind: ts.ScriptKind }>();

export function scriptKind(path: string, language: 'typescript' | 'javascript'): ts.ScriptKind {
  const ext = /\.[^./\\]+$/.exec(path)?.[0].toLowerCase();
  switch (ext) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
    default:
      return language === 'javascript' ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  }
}

function fresh(path: string, text: string, kind: ts.ScriptKind): ts.SourceFile {
  return ts.createSourceFile(path, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, kind);
}

/** The change between two texts as one replaced span (common prefix and suffix left out). */
export function changeRange(before: string, after: string): ts.TextChangeRange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return ts.createTextChangeRange(ts.createTextSpan(start, before.length - start - end), after.length - start - end);
}

/**
 * Parses a file, reusing its previous tree when the edit is small. The previous tree of the path must not be
 * used afterwards (the incremental parser takes its nodes over).
 */
export function parseFile(path: string, text: string, language: 'typescript' | 'javascript'): ts.SourceFile {
  const kind = scriptKind(path, language);
  const kept = trees.get(path);
  const prev = kept?.kind === kind ? kept.sf : undefined;
  let sf: ts.SourceFile | undefined;
  if (prev && prev.text === text) sf = prev;
  else if (prev) {
    const change = changeRange(prev.text, text);
    // incremental parsing pays for small edits; a rewritten file is parsed afresh
    if (change.newLength + change.span.length < text.length / 4) {
      try {
        sf = ts.updateSourceFile(prev, text, change, false);
      } catch {
        sf = undefined;
      }
    }
  }
  sf ??= fresh(path, text, kind);
  trees.delete(path);
  trees.set(path, { sf, kind });
  if (trees.size > MAX_CACHED) trees.delete(trees.keys().next().value as string);
  return sf;
}

/** The parser's own diagnostics (syntax errors it recovered from). Not in the public typings, but a stable field. */
export function syntaxProblems(sf: ts.SourceFile): SyntaxProblem[] {
  const diags = (sf as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diags.map((d) => {
    const from = d.start ?? 0;
    return { from, to: from + (d.length ?? 0), message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
  });
}

/** Whether the character at an offset is inside a comment: finds the token whose leading trivia holds the offset. */
export function isComment(sf: ts.SourceFile, offset: number): boolean {
  let node: ts.Node = sf;
  for (;;) {
    const child = node.getChildren(sf).find((c) => c.pos <= offset && offset < c.end);
    if (!child) return false;
    const start = child.getStart(sf);
    if (offset < start) return triviaHasComment(sf, child.pos, start, offset);
    if (child.getChildCount(sf) === 0) return false; // inside a token: a string, template or identifier
    node = child;
  }
}

function triviaHasComment(sf: ts.SourceFile, from: number, to: number, offset: number): boolean {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sf.languageVariant, sf.text, undefined, from, to - from);
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    const s = scanner.getTokenStart();
    if (offset < s) return false;
    if ((k === ts.SyntaxKind.SingleLineCommentTrivia || k === ts.SyntaxKind.MultiLineCommentTrivia) && offset < scanner.getTokenEnd()) return true;
  }
  return false;
}

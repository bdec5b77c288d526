// Engine values to VS Code values. The engine's ranges and offsets are 0-based UTF-16, like VS Code's.
import * as vscode from 'vscode';
import { LineIndex, type Finding, type Fix, type Range, type Severity } from '../engine';
import { type DocumentHost, uriForPath } from './documents';

export const SOURCE = 'nn-recipe';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** A command URI that opens a rule's documentation shipped with the extension (works offline). */
export function docsUri(code: string): vscode.Uri {
  return vscode.Uri.parse(`command:nnRecipe.showRuleDocs?${encodeURIComponent(JSON.stringify([code]))}`);
}

export function toDiagnostic(f: Finding, uri: vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.source = SOURCE;
  d.code = { value: f.code, target: docsUri(f.code) };
  if (f.related.length) {
    d.relatedInformation = f.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uriForPath(r.path, uri), toRange(r.range)), r.message),
    );
  }
  if (f.tags.length) {
    d.tags = f.tags.map((t) => (t === 'unnecessary' ? vscode.DiagnosticTag.Unnecessary : vscode.DiagnosticTag.Deprecated));
  }
  return d;
}

/**
 * A fix as a workspace edit. Offsets are into `doc` (its text at analysis time) or, for a fix in another
 * file, into that file's current text as the engine host sees it.
 */
export function fixToWorkspaceEdit(fix: Fix, doc: vscode.TextDocument, host: DocumentHost): vscode.WorkspaceEdit | undefined {
  const edit = new vscode.WorkspaceEdit();
  if (!fix.path || uriForPath(fix.path, doc.uri).toString() === doc.uri.toString()) {
    for (const e of fix.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
    return edit;
  }
  const text = host.readFile(fix.path);
  if (text === undefined) return undefined;
  const lines = new LineIndex(text);
  const uri = uriForPath(fix.path, doc.uri);
  for (const e of fix.edits) edit.replace(uri, toRange(lines.range(e.start, e.end)), e.newText);
  return edit;
}

/** The smallest single replacement that turns `before` into `after` (keeps cursors and undo tidy). */
export function minimalEdit(doc: vscode.TextDocument, after: string): vscode.TextEdit | undefined {
  const before = doc.getText();
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  // Never split a "\r\n" or a surrogate pair: positions cannot point inside them.
  const splitsPair = (s: string, i: number) =>
    i > 0 && i < s.length && ((s[i - 1] === '\r' && s[i] === '\n') || (/[\uD800-\uDBFF]/.test(s[i - 1]) && /[\uDC00-\uDFFF]/.test(s[i])));
  while (splitsPair(before, start) || splitsPair(after, start)) start--;
  while (splitsPair(before, endB) || splitsPair(after, endA)) {
    endB++;
    endA++;
  }
  return vscode.TextEdit.replace(new vscode.Range(doc.positionAt(start), doc.positionAt(endB)), after.slice(start, endA));
}

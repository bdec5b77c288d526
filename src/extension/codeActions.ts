// Quick fixes for findings (the rule's fixes, "ignore on this line", "show documentation") and
// `source.fixAll.nn-recipe` for editor.codeActionsOnSave: safe fixes only, applied until none is left.
import * as vscode from 'vscode';
import { suppressionEdit, type Finding, type FixSafety } from '../engine';
import { fixToWorkspaceEdit, minimalEdit, SOURCE } from './convert';
import type { DiagnosticsController } from './diagnostics';
import { enginePath, servedLanguage } from './documents';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('nn-recipe');

const SAFETY_SUFFIX: Record<FixSafety, string> = { safe: '', unsafe: ' (unsafe)', suggestion: ' (suggestion)' };

function sameFinding(d: vscode.Diagnostic, f: Finding): boolean {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return (
    code === f.code &&
    d.range.start.line === f.range.start.line &&
    d.range.start.character === f.range.start.character &&
    d.range.end.line === f.range.end.line &&
    d.range.end.character === f.range.end.character
  );
}

export class NnRecipeCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly diagnostics: DiagnosticsController) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (context.only && FIX_ALL_KIND.intersects(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) {
      const all = await this.fixAllAction(doc);
      return all ? [all] : [];
    }
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) return [];
    const ours = context.diagnostics.filter((d) => d.source === SOURCE);
    if (!ours.length) return [];
    const result = await this.diagnostics.resultFor(doc);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    const extras: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const diagnostic of ours) {
      const finding = result.findings.find((f) => sameFinding(diagnostic, f));
      if (!finding) continue;
      finding.fixes.forEach((fix, i) => {
        const edit = fixToWorkspaceEdit(fix, doc, this.diagnostics.host);
        if (!edit) return;
        const action = new vscode.CodeAction(`${fix.title}${SAFETY_SUFFIX[fix.safety]} (${finding.code})`, vscode.CodeActionKind.QuickFix);
        action.edit = edit;
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.safety === 'safe' && i === finding.fixes.findIndex((f) => f.safety === 'safe');
        actions.push(action);
      });
      const line = finding.range.start.line;
      const language = servedLanguage(doc);
      const e = language && !seen.has(`ignore:${finding.code}:${line}`) && suppressionEdit(doc.getText(), language, line, finding.code);
      if (e) {
        seen.add(`ignore:${finding.code}:${line}`);
        const action = new vscode.CodeAction(`Ignore ${finding.code} on this line`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
        action.diagnostics = [diagnostic];
        extras.push(action);
      }
      if (!seen.has(`docs:${finding.code}`)) {
        seen.add(`docs:${finding.code}`);
        const action = new vscode.CodeAction(`Show documentation for ${finding.code}`, vscode.CodeActionKind.QuickFix);
        action.command = { title: action.title, command: 'nnRecipe.showRuleDocs', arguments: [finding.code] };
        extras.push(action);
      }
    }
    return [...actions, ...extras];
  }

  /** One action that applies every safe fix, or none when there is nothing to fix. */
  async fixAllAction(doc: vscode.TextDocument): Promise<vscode.CodeAction | undefined> {
    const edit = await fixAllEdit(doc, this.diagnostics);
    if (!edit) return undefined;
    const action = new vscode.CodeAction('Fix all safe NN Recipe problems', FIX_ALL_KIND);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.set(doc.uri, [edit]);
    return action;
  }
}

/**
 * The edit that applies every safe fix to a document, round after round until none is left (so applying it
 * again changes nothing), or undefined when nothing changes (or the document changed meanwhile). Computed on
 * the analysis worker, with a separate analyzer there: the editor's parse cache keeps the real text only.
 */
export async function fixAllEdit(doc: vscode.TextDocument, diagnostics: DiagnosticsController): Promise<vscode.TextEdit | undefined> {
  const settings = await diagnostics.activeSettings(doc);
  if (!settings) return undefined;
  // The document can change while the worker computes (an edit that reached this thread late, a revert): the fixes
  // are then computed again for the new text, a few times at most, rather than silently dropped (a save that
  // should fix and does not).
  for (let attempt = 0; attempt < 3; attempt++) {
    const version = doc.version;
    const options = { path: enginePath(doc.uri), text: doc.getText(), settings: settings.rules, stage: settings.stage, languageId: doc.languageId };
    const fixed = await diagnostics.analysis.request({ kind: 'fixAll', options });
    if (doc.isClosed) return undefined;
    if (fixed && doc.version === version) return minimalEdit(doc, fixed.text);
    const why = `fix-all of ${doc.uri.fsPath}: ${fixed ? 'the document changed meanwhile' : 'no answer from the analysis'}`;
    if (attempt < 2) diagnostics.log.debug(`${why}; computing it again`);
    else diagnostics.log.warn(`${why}; giving up (nothing was changed)`);
  }
  return undefined;
}

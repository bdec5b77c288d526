// Helpers for the integration suite: open fixtures, poll for state (never fixed sleeps), reset settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RULES } from '../../../src/engine/rules';

export const EXTENSION_ID = 'nn-recipe.nn-recipe';
// Generous: CI machines are shared and slow at times; polling returns as soon as the state is reached.
const DEFAULT_TIMEOUT = 30_000;

/** Polls `probe` until it returns a value other than undefined/false, or fails with `what` after `timeout` ms. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeout = DEFAULT_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: Error | undefined;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e instanceof Error ? e : new Error(String(e));
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need the fixture workspace open');
  return folder.uri;
}

export function fixture(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), rel);
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Rules whose findings depend on the stage the whole workspace is in (sweeps/sweep.yaml puts the fixture workspace
 * in stage 5): tests of other rules leave them out; stages.test.ts checks them.
 */
const STAGE_AWARE = new Set(RULES.filter((r) => r.activeInStages).map((r) => r.code));

/** Our diagnostics for a URI, without the stage-aware rules'. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nn-recipe' && !STAGE_AWARE.has(codeOf(d) ?? ''));
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

export function codes(uri: vscode.Uri): string[] {
  return ours(uri).map(codeOf).filter((c): c is string => !!c).sort();
}

/** Waits until the URI's codes equal `expected` (sorted), returning the diagnostics. */
export async function waitForCodes(uri: vscode.Uri, expected: string[], timeout?: number): Promise<vscode.Diagnostic[]> {
  const want = [...expected].sort().join(',');
  await waitFor(() => codes(uri).join(',') === want, `diagnostics [${want}] on ${uri.path} (have [${codes(uri).join(',')}])`, timeout);
  return ours(uri);
}

export function rangeOf(d: vscode.Diagnostic): [number, number, number, number] {
  return [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
}

/** Quick fixes offered for a diagnostic, as the editor asks for them. */
export async function quickFixes(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    d.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // A plain Command has a string `command`; a CodeAction's `command` is an object, if any.
  return (actions ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `action "${action.title}" has an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `edit of "${action.title}" applied`);
}

const SETTINGS = ['enable', 'run', 'select', 'ignore', 'severity', 'exclude', 'configurationPreference'];

/** Resets every nnRecipe setting at workspace level. */
export async function resetSettings(): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('nnRecipe');
  for (const key of SETTINGS) {
    if (cfg.inspect(key)?.workspaceValue !== undefined) await cfg.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('nnRecipe').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Reverts unsaved changes (also in documents without an editor) and closes all editors, without prompts. */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await waitFor(() => !vscode.workspace.textDocuments.some((d) => d.isDirty), 'unsaved changes to be reverted');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

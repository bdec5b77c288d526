// Language status item: whether the active file was checked, how many findings it has, and a busy state
// while a workspace check runs.
import * as vscode from 'vscode';
import type { CheckResult, DiagnosticsController, ScanProgress } from './diagnostics';
import { SELECTOR } from './documents';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('nnRecipe.status', SELECTOR);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private progress: ScanProgress | undefined;

  constructor(private readonly diagnostics: DiagnosticsController) {
    this.item.name = 'NN Recipe';
    this.item.command = { title: 'Show Output', command: 'nnRecipe.showOutput' };
    this.disposables.push(
      diagnostics.onDidCheck((r) => {
        if (r.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update();
      }),
      diagnostics.onDidChangeScanning((busy) => {
        this.item.busy = busy;
        this.progress = undefined;
        this.update();
      }),
      diagnostics.onDidScanProgress((p) => {
        this.progress = p;
        this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    // The last result, even of an older version: a newer one is on its way and updates the item.
    const result: CheckResult | undefined = doc && this.diagnostics.peek(doc.uri);
    if (this.item.busy) {
      this.item.text = this.progress ? `NN Recipe: checking workspace ${this.progress.done}/${this.progress.total}` : 'NN Recipe: checking workspace…';
      this.item.detail = undefined;
    } else if (!result) {
      this.item.text = 'NN Recipe';
      this.item.detail = 'not checked (disabled, excluded or not a served file)';
    } else if (result.skipped || result.notApplicable) {
      this.item.text = result.skipped ? 'NN Recipe: skipped' : 'NN Recipe: not a training file';
      this.item.detail = result.skipped ?? result.notApplicable;
    } else {
      const n = result.findings.length;
      this.item.text = n ? `$(warning) NN Recipe: ${n} finding${n === 1 ? '' : 's'}` : '$(check) NN Recipe';
      this.item.detail = `checked in ${result.ms.toFixed(0)} ms`;
    }
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

// The VS Code adapter over the engine: the only code that imports `vscode`. Activated by the languages it
// serves and by its commands; activation only wires things up, files are checked as they are opened.
import * as vscode from 'vscode';
import { NnRecipeCodeActions } from './codeActions';
import { registerCommands } from './commands';
import { DiagnosticsController } from './diagnostics';
import { SELECTOR } from './documents';
import { NnRecipeHover } from './hover';
import { SettingsService } from './settings';
import { registerStages, type StagesApi } from './stages';
import { StatusItem } from './status';

/** What `activate` returns: read by the integration tests and the editor benchmark. */
export interface NnRecipeApi {
  /** Milliseconds `activate` took. */
  activationMs: number;
  /** The last check of a file: document version (-1 when checked from disk), analysis time, finding count. */
  lastCheck(uri: vscode.Uri): { version: number; ms: number; findings: number } | undefined;
  /** The stages sidebar. */
  stages: StagesApi;
  /** Where the engine runs: the thread id that answered the last request (0: the extension host's own thread). */
  analysis: { threadId(): number | undefined; inProcess(): boolean; terminateWorker(): Promise<number> };
  /** Runs a workspace check (the command without its progress UI), cancellable. */
  checkWorkspace(token?: vscode.CancellationToken): Promise<{ files: number; findings: number; cancelled: boolean }>;
  /** Fires as a workspace check goes through the files. */
  onDidScanProgress: vscode.Event<{ done: number; total: number }>;
}

export function activate(context: vscode.ExtensionContext): NnRecipeApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('NN Recipe', { log: true });
  const settings = new SettingsService(log);
  const diagnostics = new DiagnosticsController(settings, log);
  context.subscriptions.push(
    log,
    settings,
    diagnostics,
    new StatusItem(diagnostics),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new NnRecipeCodeActions(diagnostics), NnRecipeCodeActions.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new NnRecipeHover(diagnostics)),
  );
  registerCommands(context, diagnostics, log);
  const stages = registerStages(context, diagnostics, settings, log);
  const activationMs = performance.now() - t0;
  const { version } = context.extension.packageJSON as { version: string };
  log.info(`NN Recipe ${version} activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    lastCheck: (uri) => {
      const r = diagnostics.peek(uri);
      return r && { version: r.version, ms: r.ms, findings: r.findings.length };
    },
    stages,
    analysis: {
      threadId: () => diagnostics.analysis.lastThreadId,
      inProcess: () => diagnostics.analysis.inProcess,
      terminateWorker: () => diagnostics.analysis.terminateWorker(),
    },
    checkWorkspace: (token) => diagnostics.checkWorkspace(token),
    onDidScanProgress: diagnostics.onDidScanProgress,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

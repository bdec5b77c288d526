// Diagnostics: checks documents as they are opened and edited (debounced per document; results for an
// outdated version are dropped), clears them when a document is closed or its file deleted, and checks
// the whole workspace on request. The engine runs on a worker thread (./worker): the extension host only
// sends texts and receives findings.
import * as vscode from 'vscode';
import { DEFAULT_MAX_LENGTH, detectLanguage, type AnalysisResult, type Finding } from '../engine';
import { toDiagnostic } from './convert';
import { DocumentHost, enginePath, isProjectFile, isUserScheme, readTextFile, servedLanguage, statFile } from './documents';
import type { EffectiveSettings, SettingsService } from './settings';
import { AnalysisClient, type Priority } from './worker/client';
import type { DocsUpdate } from './worker/protocol';

/** Version used for results of files checked from disk (not open in an editor). */
const ON_DISK = -1;
// The analysis runs on the worker thread and a newer edit replaces a queued check, so the debounce only saves
// work that would be thrown away: short, growing a little with the file's last analysis time.
const MIN_DELAY_MS = 100;
const MAX_DELAY_MS = 400;
export const MAX_SCAN_FILES = 5000;
export const MAX_SCAN_BYTES = 1024 * 1024;
/** Files of a workspace check under way at once: one analysed, the others read and queued behind it. */
export const SCAN_LANES = 4;
export const SCAN_INCLUDE = '**/*.{py,pyi,ts,mts,cts,js,mjs,cjs,yaml,yml,json}';
export const SCAN_EXCLUDE = '{**/node_modules/**,**/.git/**,**/.venv/**,**/venv/**,**/site-packages/**,**/__pycache__/**,**/.tox/**}';

export interface CheckResult {
  uri: vscode.Uri;
  version: number;
  findings: Finding[];
  diagnostics: vscode.Diagnostic[];
  ms: number;
  /** Why the file was not analysed, when it was not. */
  skipped?: string;
  /** Why a file of a served language is not one nn-recipe checks (a YAML file that is no training config). */
  notApplicable?: string;
}

/** Progress of a workspace check: `done` of `total` files looked at. */
export interface ScanProgress {
  done: number;
  total: number;
}

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('nn-recipe');
  /** Reads other files for cross-file fix edits (the analysis itself reads them in the worker). */
  readonly host = new DocumentHost();
  /** The engine on its worker thread; shared with the stages sidebar, so a file is parsed once for both. */
  readonly analysis: AnalysisClient;
  /** The open documents' versions the worker has, by engine path. */
  private readonly mirrored = new Map<string, number>();
  /** The project's inferred stage for a file (the stages sidebar's assessment); a pinned stage wins over it. */
  private inferredStage: (uri: vscode.Uri) => number | undefined = () => undefined;
  private readonly results = new Map<string, CheckResult>();
  /** Settings last used per document, so a stale result can be refreshed synchronously. */
  private readonly lastSettings = new Map<string, EffectiveSettings>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The check under way per document, so callers asking for the same version share it. */
  private readonly inflight = new Map<string, { version: number; result: Promise<CheckResult | undefined> }>();
  private readonly checked = new vscode.EventEmitter<CheckResult | { uri: vscode.Uri; cleared: true }>();
  private readonly scanning = new vscode.EventEmitter<boolean>();
  private readonly scanProgress = new vscode.EventEmitter<ScanProgress>();
  private scan: Promise<{ files: number; findings: number }> | undefined;
  private readonly lastInternalError = new Map<string, string>();
  /** Bumped when a document's diagnostics are cleared, so a check already under way does not bring them back. */
  private readonly clears = new Map<string, number>();
  private recheckTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.checked, this.scanning, this.scanProgress];
  /** Fires after a document was checked or its diagnostics cleared. */
  readonly onDidCheck = this.checked.event;
  /** Fires with true when a workspace check starts and false when it ends. */
  readonly onDidChangeScanning = this.scanning.event;
  /** Fires as a workspace check goes through the files. */
  readonly onDidScanProgress = this.scanProgress.event;

  constructor(
    private readonly settings: SettingsService,
    readonly log: vscode.LogOutputChannel,
    workerScript?: string,
  ) {
    this.analysis = new AnalysisClient({
      script: workerScript,
      // In a virtual workspace engine paths are not local paths: only open documents can be read.
      disk: () => (vscode.workspace.workspaceFolders ?? []).every((f) => f.uri.scheme === 'file'),
      docs: (fresh) => this.docsUpdate(fresh),
      log: (level, message) => log[level](message),
    });
    this.disposables.push({ dispose: () => this.analysis.dispose() });
    const deleted = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.disposables.push(
      deleted,
      deleted.onDidDelete((uri) => this.clearUnder(uri)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((uri) => this.clearUnder(uri))),
      vscode.workspace.onDidOpenTextDocument((doc) => {
        this.schedule(doc, 0);
        this.scheduleDependents(doc, MIN_DELAY_MS);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length) return;
        const delay = this.delayFor(e.document);
        if (this.lastSettings.get(e.document.uri.toString())?.run !== 'onSave') this.schedule(e.document, delay);
        this.scheduleDependents(e.document, delay * 2);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.lastSettings.get(doc.uri.toString())?.run === 'onSave') this.schedule(doc, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.clear(doc.uri);
        this.scheduleDependents(doc, MIN_DELAY_MS); // its text on disk may differ from what others saw
      }),
      // An editor tab closing is when users expect a file's problems to go; the document itself may
      // stay loaded a while longer.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
          if (uri && !this.hasTab(uri)) this.clear(uri);
        }
        for (const tab of e.opened) {
          const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
          const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          if (doc && !this.results.has(doc.uri.toString())) this.schedule(doc, 0);
        }
      }),
      settings.onDidChange(() => this.recheckAllSoon()),
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** Findings of the document's current version, checking it now if the last result is outdated. */
  async resultFor(doc: vscode.TextDocument): Promise<CheckResult | undefined> {
    const key = doc.uri.toString();
    const cached = this.results.get(key);
    if (cached?.version === doc.version) return cached;
    const settings = this.lastSettings.get(key);
    // In onSave mode the text being typed is not checked until it is saved.
    return settings?.run === 'onType' ? this.analyzeNow(doc, settings, true) : undefined;
  }

  /** The open documents the worker has not seen in their current version (their unsaved text counts). */
  private docsUpdate(fresh: boolean): DocsUpdate {
    if (fresh) this.mirrored.clear();
    const set: [string, string][] = [];
    const open = new Set<string>();
    for (const doc of vscode.workspace.textDocuments) {
      if (!isUserScheme(doc.uri)) continue;
      const path = enginePath(doc.uri);
      if (!detectLanguage(path, doc.languageId)) continue;
      open.add(path);
      if (this.mirrored.get(path) === doc.version) continue;
      this.mirrored.set(path, doc.version);
      const text = doc.getText();
      if (text.length <= DEFAULT_MAX_LENGTH) set.push([path, text]);
    }
    const drop = [...this.mirrored.keys()].filter((p) => !open.has(p));
    for (const p of drop) this.mirrored.delete(p);
    return { set, drop };
  }

  /** The last result for a URI, without checking anything. */
  peek(uri: vscode.Uri): CheckResult | undefined {
    return this.results.get(uri.toString());
  }

  /** The document's settings, or undefined when it is not checked (not served, disabled or excluded). */
  async activeSettings(doc: vscode.TextDocument): Promise<EffectiveSettings | undefined> {
    if (!servedLanguage(doc)) return undefined;
    const settings = await this.settings.forUri(doc.uri);
    return settings.enable && !this.isExcluded(doc, settings) ? settings : undefined;
  }

  /** Stage-aware rules run in the stage `source` gives for a file, unless the project file pins one. */
  useInferredStage(source: (uri: vscode.Uri) => number | undefined): void {
    this.inferredStage = source;
  }

  /** Checks a document now (bypassing the debounce) and returns its result. */
  async check(doc: vscode.TextDocument): Promise<CheckResult | undefined> {
    this.cancel(doc.uri);
    const key = doc.uri.toString();
    const version = doc.version;
    const cleared = this.clears.get(key);
    const settings = await this.activeSettings(doc);
    // Outdated (a newer check is scheduled) or cleared meanwhile (closed, deleted): drop it.
    if (doc.isClosed || doc.version !== version || this.clears.get(key) !== cleared) return undefined;
    if (!settings) {
      this.clear(doc.uri);
      return undefined;
    }
    this.lastSettings.set(key, settings);
    return this.analyzeNow(doc, settings);
  }

  /**
   * Checks every training file in the workspace; open documents use their editor text. The files are analysed
   * on the worker thread one after the other, behind any file being edited; `progress` follows them. A second
   * call while one runs joins it.
   */
  checkWorkspace(token?: vscode.CancellationToken): Promise<{ files: number; findings: number; cancelled: boolean }> {
    const run = (this.scan ??= this.scanWorkspace(token).finally(() => (this.scan = undefined)));
    return run.then((r) => ({ ...r, cancelled: !!token?.isCancellationRequested }));
  }

  private async scanWorkspace(token?: vscode.CancellationToken): Promise<{ files: number; findings: number }> {
    this.scanning.fire(true);
    const t0 = Date.now();
    let files = 0;
    let findings = 0;
    try {
      const uris = await vscode.workspace.findFiles(SCAN_INCLUDE, SCAN_EXCLUDE, MAX_SCAN_FILES, token);
      const progress: ScanProgress = { done: 0, total: uris.length };
      this.scanProgress.fire({ ...progress });
      // Lanes: while the worker analyses one file, the next ones are read and sent, so that the worker always has
      // one waiting (with two, replies handled late by a busy extension host let the sidebar's assessment in between).
      let next = 0;
      const lane = async () => {
        while (next < uris.length && !token?.isCancellationRequested) {
          const result = await this.checkUri(uris[next++], 'background');
          progress.done++;
          this.scanProgress.fire({ ...progress });
          if (result) {
            files++;
            findings += result.findings.length;
          }
        }
      };
      await Promise.all(Array.from({ length: SCAN_LANES }, lane));
      const how = token?.isCancellationRequested ? ' (cancelled)' : '';
      this.log.info(`workspace check${how}: ${files} file(s), ${findings} finding(s) in ${Date.now() - t0} ms`);
    } catch (e) {
      this.log.error(`workspace check failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      this.scanning.fire(false);
    }
    return { files, findings };
  }

  private async checkUri(uri: vscode.Uri, priority: Priority = 'interactive'): Promise<CheckResult | undefined> {
    if (isProjectFile(uri)) return undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.check(open);
    const path = enginePath(uri);
    if (!detectLanguage(path)) return undefined;
    const settings = await this.settings.forUri(uri);
    if (!settings.enable || this.isExcluded(uri, settings)) return undefined;
    // gone since it was listed, or unreadable: nothing to report (the scan goes on)
    const stat = await statFile(uri);
    if (!stat || stat.size > MAX_SCAN_BYTES) return undefined;
    const text = await readTextFile(uri);
    if (text === undefined) return undefined;
    // forget: keep no parse tree for files nobody is editing
    return this.run(uri, ON_DISK, path, text, settings, undefined, priority);
  }

  /**
   * Checks a document's current text. `share`: a check of the same version already under way will do (hover, code
   * actions); a check because settings or other files changed always runs.
   */
  private analyzeNow(doc: vscode.TextDocument, settings: EffectiveSettings, share = false): Promise<CheckResult | undefined> {
    const key = doc.uri.toString();
    const running = this.inflight.get(key);
    if (share && running?.version === doc.version) return running.result;
    const result = this.run(doc.uri, doc.version, enginePath(doc.uri), doc.getText(), settings, doc.languageId).finally(() => {
      if (this.inflight.get(key)?.result === result) this.inflight.delete(key);
    });
    this.inflight.set(key, { version: doc.version, result });
    return result;
  }

  private async run(uri: vscode.Uri, version: number, path: string, text: string, settings: EffectiveSettings, languageId?: string, priority: Priority = 'interactive'): Promise<CheckResult | undefined> {
    const key = uri.toString();
    const cleared = this.clears.get(key);
    // Stage-aware rules follow a pinned stage; the inferred one only when the user opts in (it is a guess).
    const stage = settings.stage ?? (settings.inferredStageRules ? this.inferredStage(uri) : undefined);
    const onDisk = version === ON_DISK;
    // An open document is edited: `editing` keeps Lezer's tree for incremental re-parsing (a file from disk gets
    // the fast parse path).
    const options = { path, text, settings: settings.rules, stage, languageId, editing: !onDisk };
    const answer = await this.analysis.request({ kind: 'analyze', options, forget: onDisk }, priority, onDisk ? undefined : key);
    if (!answer) return undefined; // replaced by a newer check, or failed (logged)
    // Outdated meanwhile (edited: a newer check is scheduled) or cleared (closed, deleted): drop it.
    if (this.clears.get(key) !== cleared) return undefined;
    if (!onDisk) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      if (!doc || doc.isClosed || doc.version !== version) return undefined;
    }
    const { result: analysis, ms } = answer;
    return this.publish(uri, version, path, analysis, ms);
  }

  private publish(uri: vscode.Uri, version: number, path: string, analysis: AnalysisResult, ms: number): CheckResult {
    const diagnostics = analysis.findings.map((f) => toDiagnostic(f, uri));
    const result: CheckResult = { uri, version, findings: analysis.findings, diagnostics, ms, skipped: analysis.skipped, notApplicable: analysis.notApplicable };
    this.results.set(uri.toString(), result);
    this.collection.set(uri, diagnostics);
    const summary = analysis.skipped ? `skipped (${analysis.skipped})` : `${analysis.findings.length} finding(s)`;
    this.log.debug(`checked ${path} v${version} in ${ms.toFixed(1)} ms: ${summary}`);
    // A rule that threw is a bug in nn-recipe: logged when it first appears, never shown as a notification.
    const internal = (analysis.internalErrors ?? []).join('; ');
    if (internal && this.lastInternalError.get(path) !== internal) this.log.error(`internal error checking ${path}: ${internal}`);
    this.lastInternalError.set(path, internal);
    this.checked.fire(result);
    return result;
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!servedLanguage(doc)) return;
    this.cancel(doc.uri);
    const key = doc.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(doc).catch((e) => this.log.error(`checking ${doc.uri.toString()} failed: ${String(e)}`));
      }, delay),
    );
  }

  /**
   * Findings can depend on other files (the model a training script imports), so when a document is opened,
   * edited or closed the other checked documents of its language are re-checked too, a little later.
   */
  private scheduleDependents(changed: vscode.TextDocument, delay: number): void {
    if (!servedLanguage(changed)) return;
    for (const other of vscode.workspace.textDocuments) {
      const key = other.uri.toString();
      if (other !== changed && other.languageId === changed.languageId && this.lastSettings.get(key)?.run === 'onType' && !this.timers.has(key)) {
        this.schedule(other, delay);
      }
    }
  }

  /** Debounce grows with how long the file took last time, so big files are not re-checked per keystroke. */
  private delayFor(doc: vscode.TextDocument): number {
    const last = this.results.get(doc.uri.toString())?.ms ?? 0;
    return Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, last / 2));
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  /** `nnRecipe.exclude` globs, relative to the file's workspace folder (absolute path outside one). */
  isExcluded(target: vscode.TextDocument | vscode.Uri, settings: EffectiveSettings): boolean {
    if (!settings.exclude.length) return false;
    // languages.match only reads a document's uri and languageId, so a file on disk can be matched too.
    const doc = target instanceof vscode.Uri ? ({ uri: target, languageId: '' } as vscode.TextDocument) : target;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    return settings.exclude.some((glob) => vscode.languages.match({ pattern: folder ? new vscode.RelativePattern(folder, glob) : glob }, doc) > 0);
  }

  private hasTab(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
    );
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancel(uri);
    const had = this.results.delete(key);
    this.clears.set(key, (this.clears.get(key) ?? 0) + 1);
    this.collection.delete(uri);
    this.lastSettings.delete(key);
    void this.analysis.request({ kind: 'forget', path: enginePath(uri) });
    this.lastInternalError.delete(enginePath(uri));
    if (had) this.checked.fire({ uri, cleared: true });
  }

  /** Clears a deleted file, or every file under a deleted folder. */
  private clearUnder(uri: vscode.Uri): void {
    const prefix = uri.toString() + '/';
    for (const key of [...this.results.keys()]) {
      if (key === uri.toString() || key.startsWith(prefix)) this.clear(vscode.Uri.parse(key));
    }
  }

  /**
   * After a settings or stage change: re-checks open documents, and the files a workspace check found problems in.
   */
  recheckAllSoon(): void {
    clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => {
      for (const doc of vscode.workspace.textDocuments) {
        if (this.hasTab(doc.uri) || this.lastSettings.has(doc.uri.toString())) this.schedule(doc, 0);
      }
      const onDisk = [...this.results.values()].filter((r) => r.version === ON_DISK);
      for (const r of onDisk) if (!r.findings.length) this.clear(r.uri);
      void (async () => {
        for (const r of onDisk.filter((x) => x.findings.length)) {
          const again = await this.checkUri(r.uri, 'background').catch((e) => this.log.error(`checking ${r.uri.toString()} failed: ${String(e)}`));
          if (!again) this.clear(r.uri); // now excluded, disabled or gone
        }
      })();
    }, 50);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    clearTimeout(this.recheckTimer);
    for (const d of this.disposables) d.dispose();
  }
}

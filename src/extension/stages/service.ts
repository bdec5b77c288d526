// Where each workspace folder stands in the recipe: the engine's `assessProject` over the folder's files, run
// on the analysis worker with the Analyzer diagnostics use (a file is parsed once for diagnostics and stages
// alike, an unchanged file is not parsed again, and the extension host never waits for an assessment). File texts are kept by mtime and size, so a re-assessment reads only what changed;
// open documents count with their editor text, like in diagnostics. A file watcher triggers it, debounced: the
// stage follows saved work, and typing never waits for a whole-project assessment.
import * as vscode from 'vscode';
import { loadProjectFile, PROJECT_FILE, type ProjectFile, type RuleSettings, type SourceFile, type StageReport } from '../../engine';
import { type DiagnosticsController, MAX_SCAN_BYTES, MAX_SCAN_FILES, SCAN_EXCLUDE, SCAN_INCLUDE } from '../diagnostics';
import { enginePath, isProjectFile, readTextFile, statFile } from '../documents';
import type { SettingsService } from '../settings';

const MIN_DELAY_MS = 300;
const MAX_DELAY_MS = 5000;
/** Folders a workspace check skips (SCAN_EXCLUDE), for the watcher's events. */
const SKIPPED = /\/(node_modules|\.git|\.venv|venv|site-packages|__pycache__|\.tox)\//;

export interface FolderStage {
  folder: vscode.WorkspaceFolder;
  report: StageReport;
  /** Whether the folder has a `.nn-recipe.yaml`. */
  hasProjectFile: boolean;
}

/** No training code and no project file: the sidebar shows its welcome view. */
export function isEmpty(s: FolderStage): boolean {
  return !s.report.trainingFiles.length && !s.hasProjectFile;
}

export class StageService implements vscode.Disposable {
  private readonly states = new Map<string, FolderStage>();
  /** Texts of files on disk: `mtime:size` → text. */
  private readonly texts = new Map<string, { stamp: string; text: string }>();
  /** The files of each folder, listed once and kept current by the watcher. */
  private readonly listed = new Map<string, Set<string>>();
  /** The texts the analysis worker was last sent, per folder. */
  private readonly sent = new Map<string, Map<string, string>>();
  /** Files the watcher saw change since they were read. */
  private readonly stale = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private rescan = false;
  /** How long the last assessment took: the debounce grows with it, so big workspaces are not assessed back to back. */
  private lastMs = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly stageChanged = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.stageChanged];
  /** Fires after an assessment. */
  readonly onDidChange = this.changed.event;
  /** Fires when a folder's stage (pinned or inferred) changed: stage-aware rules must run again. */
  readonly onDidChangeStage = this.stageChanged.event;

  constructor(
    private readonly diagnostics: DiagnosticsController,
    private readonly settings: SettingsService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(SCAN_INCLUDE);
    const touched = (uri: vscode.Uri, created: boolean) => {
      if (SKIPPED.test(uri.path) || isProjectFile(uri)) return; // the project file comes through settings
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (created && folder) this.listed.get(folder.uri.toString())?.add(uri.toString());
      this.stale.add(uri.toString());
      this.schedule(this.delay());
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => touched(uri, true)),
      watcher.onDidChange((uri) => touched(uri, false)),
      // a deleted folder is one event: drop everything under it
      vscode.workspace.createFileSystemWatcher('**/*', true, true, false).onDidDelete((uri) => {
        if (SKIPPED.test(uri.path)) return;
        const key = uri.toString();
        const under = (k: string) => k === key || k.startsWith(key + '/');
        for (const files of this.listed.values()) for (const k of [...files]) if (under(k)) files.delete(k);
        for (const k of [...this.texts.keys()]) if (under(k)) this.texts.delete(k);
        this.schedule(this.delay());
      }),
      // a document closed with unsaved edits goes back to its text on disk
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.isListed(doc.uri)) this.schedule(this.delay());
      }),
      settings.onDidChange(() => this.schedule(this.delay())),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.listed.clear();
        this.schedule(0);
      }),
    );
    this.schedule(0);
  }

  /** The assessment of a folder, once one ran. */
  stateOf(folder: vscode.WorkspaceFolder): FolderStage | undefined {
    return this.states.get(folder.uri.toString());
  }

  /** The stage the code of a file's folder shows (the pin is applied by the settings). */
  inferredStageFor(uri: vscode.Uri): number | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.stateOf(folder)?.report.inferred;
  }

  private delay(): number {
    return Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, 2 * this.lastMs));
  }

  /** Assesses again soon (debounced). */
  schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(false), delay);
  }

  /** Lists and re-reads every file, then assesses: resolves when the result is in. */
  refresh(): Promise<void> {
    clearTimeout(this.timer);
    return this.run(true);
  }

  /** Resolves when an assessment that covers everything up to now has finished. */
  private run(rescan: boolean): Promise<void> {
    this.rescan ||= rescan;
    this.again = true;
    this.running ??= (async () => {
      try {
        while (this.again) {
          this.again = false;
          const full = this.rescan;
          this.rescan = false;
          try {
            await this.assessAll(full);
          } catch (e) {
            this.log.error(`stages: assessment failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
          }
        }
      } finally {
        this.running = undefined; // in the same step as the last check of `again`: no request is lost
      }
    })();
    return this.running;
  }

  private async assessAll(rescan: boolean): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const started = performance.now();
    let stageMoved = false;
    for (const folder of folders) {
      const t0 = performance.now();
      const key = folder.uri.toString();
      const settings = await this.settings.forUri(folder.uri);
      const files: SourceFile[] = [];
      for (const uri of await this.list(folder, rescan)) {
        if (this.diagnostics.isExcluded(uri, settings)) continue;
        const text = await this.textOf(uri, rescan);
        if (text !== undefined) files.push({ path: enginePath(uri), text });
      }
      const projectFile = await readProjectFile(folder);
      const report = await this.assess(key, files, projectFile, settings.rules);
      if (!report) continue; // the worker failed (logged) or was stopped: keep the last assessment
      const before = this.states.get(key)?.report;
      if (!before || before.stage !== report.stage || before.inferred !== report.inferred) stageMoved = true;
      this.states.set(key, { folder, report, hasProjectFile: projectFile !== undefined });
      this.log.debug(`stages: ${folder.name}: stage ${report.stage}${report.pinned ? ' (pinned)' : ''}, ${files.length} file(s) in ${(performance.now() - t0).toFixed(0)} ms`);
    }
    for (const key of [...this.states.keys()]) if (!folders.some((f) => f.uri.toString() === key)) this.states.delete(key);
    this.lastMs = performance.now() - started;
    this.changed.fire();
    if (stageMoved) this.stageChanged.fire();
  }

  /**
   * The engine's assessment, on the analysis worker (so the extension host never waits for it). Texts the worker
   * already has for a path are not sent again. The worker assesses a step at a time (a few tens of milliseconds):
   * each step is a request of its own, so the checks of the files being edited go in between.
   */
  private async assess(folder: string, files: SourceFile[], projectFile: ProjectFile | undefined, settings: RuleSettings): Promise<StageReport | undefined> {
    const sent = this.sent.get(folder) ?? new Map<string, string>();
    const key = `assess:${folder}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const request = files.map((f) => (sent.get(f.path) === f.text ? { path: f.path } : f));
      let answer = await this.diagnostics.analysis.request({ kind: 'assess', scope: folder, files: request, projectFile, settings }, 'idle', key);
      while (answer && 'more' in answer) answer = await this.diagnostics.analysis.request({ kind: 'assess', scope: folder, resume: true }, 'idle', key);
      if (!answer) return undefined;
      if ('report' in answer) {
        this.sent.set(folder, new Map(files.map((f) => [f.path, f.text])));
        return answer.report;
      }
      sent.clear(); // a new worker: send every text
    }
    return undefined;
  }

  private async list(folder: vscode.WorkspaceFolder, rescan: boolean): Promise<vscode.Uri[]> {
    const key = folder.uri.toString();
    let files = this.listed.get(key);
    if (!files || rescan) {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SCAN_INCLUDE), SCAN_EXCLUDE, MAX_SCAN_FILES);
      files = new Set(found.filter((u) => !isProjectFile(u)).map((u) => u.toString()));
      this.listed.set(key, files);
    }
    return [...files].map((k) => vscode.Uri.parse(k));
  }

  private isListed(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return !!folder && !!this.listed.get(folder.uri.toString())?.has(uri.toString());
  }

  /** An open document's text, else the file's text on disk, read again only when its mtime or size changed. */
  private async textOf(uri: vscode.Uri, restat: boolean): Promise<string | undefined> {
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (doc) return doc.getText();
    const cached = this.texts.get(key);
    if (cached && !restat && !this.stale.has(key)) return cached.text;
    this.stale.delete(key); // a change seen from here on marks it again
    const stat = await statFile(uri);
    const stamp = stat && stat.size <= MAX_SCAN_BYTES ? `${stat.mtime}:${stat.size}` : undefined;
    if (stamp !== undefined && cached?.stamp === stamp) return cached.text;
    const text = stamp === undefined ? undefined : await readTextFile(uri);
    if (stamp === undefined || text === undefined) {
      this.texts.delete(key); // gone, unreadable or too big
      return undefined;
    }
    this.texts.set(key, { stamp, text });
    return text;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The folder's project file as saved (what the settings read too), or undefined when there is none. */
async function readProjectFile(folder: vscode.WorkspaceFolder): Promise<ProjectFile | undefined> {
  try {
    return loadProjectFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, PROJECT_FILE))));
  } catch {
    return undefined;
  }
}

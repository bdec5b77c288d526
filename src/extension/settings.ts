// Editor settings (`nnRecipe.*`) and the project file (`.nn-recipe.yaml` at a workspace folder's root),
// combined per `nnRecipe.configurationPreference`:
//   projectFileFirst (default): the project file wins; editor settings fill what it leaves unset.
//   editorFirst: editor settings win; the project file fills what they leave unset.
//   projectFileOnly: rule settings come from the project file alone; editor rule settings are ignored.
// enable, run and exclude are editor behaviour and always come from the editor settings.
import * as vscode from 'vscode';
import { loadProjectFile, mergeSettings, type RuleSettings, type SeveritySetting } from '../engine';
import { PROJECT_FILE } from './documents';

export type RunMode = 'onType' | 'onSave';
export type ConfigurationPreference = 'projectFileFirst' | 'editorFirst' | 'projectFileOnly';

export interface EffectiveSettings {
  enable: boolean;
  run: RunMode;
  exclude: string[];
  rules: RuleSettings;
  /** Stage pinned in the project file, if any. */
  stage?: number;
  /** `nnRecipe.stageAwareRules: inferredStage`: stage-aware rules also run in the inferred stage, not only a pinned one. */
  inferredStageRules: boolean;
  /** The project file that contributed, if any. */
  projectFile?: vscode.Uri;
}

interface ProjectFileState {
  uri: vscode.Uri;
  settings?: RuleSettings;
  stage?: number;
}

const nonEmpty = <T>(v: T[] | undefined): T[] | undefined => (v && v.length ? v : undefined);

/** The rule settings the user actually set in the editor (defaults count as unset). */
function editorRuleSettings(cfg: vscode.WorkspaceConfiguration): RuleSettings {
  const severity = cfg.get<Record<string, SeveritySetting>>('severity') ?? {};
  return {
    select: nonEmpty(cfg.get<string[]>('select')),
    ignore: nonEmpty(cfg.get<string[]>('ignore')),
    severity: Object.keys(severity).length ? severity : undefined,
  };
}

export class SettingsService implements vscode.Disposable {
  /** Project files by workspace folder URI; a pending promise while one is being read. */
  private readonly projectFiles = new Map<string, Promise<ProjectFileState>>();
  private readonly projectProblems = vscode.languages.createDiagnosticCollection('nn-recipe-project');
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.projectProblems, this.changed];
  /** Fires when editor settings or a project file change: everything should be re-checked. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${PROJECT_FILE}`);
    const reload = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder || vscode.Uri.joinPath(folder.uri, PROJECT_FILE).toString() !== uri.toString()) return;
      this.projectFiles.delete(folder.uri.toString());
      this.changed.fire();
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidSaveTextDocument((d) => reload(d.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.projectFiles.clear();
        this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nnRecipe')) this.changed.fire();
      }),
    );
  }

  /** Settings for a document, or for the workspace folder a URI is in. */
  async forUri(uri: vscode.Uri): Promise<EffectiveSettings> {
    const cfg = vscode.workspace.getConfiguration('nnRecipe', uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const project = folder ? await this.projectFile(folder) : undefined;
    const editor = editorRuleSettings(cfg);
    const preference = cfg.get<ConfigurationPreference>('configurationPreference', 'projectFileFirst');
    let rules: RuleSettings;
    if (preference === 'projectFileOnly') rules = mergeSettings(project?.settings);
    else if (preference === 'editorFirst') rules = mergeSettings(project?.settings, editor);
    else rules = mergeSettings(editor, project?.settings);
    return {
      enable: cfg.get<boolean>('enable', true),
      run: cfg.get<RunMode>('run', 'onType'),
      exclude: cfg.get<string[]>('exclude', []),
      rules,
      stage: project?.stage,
      inferredStageRules: cfg.get<string>('stageAwareRules', 'pinnedStage') === 'inferredStage',
      projectFile: project?.settings ? project.uri : undefined,
    };
  }

  private projectFile(folder: vscode.WorkspaceFolder): Promise<ProjectFileState> {
    const key = folder.uri.toString();
    let state = this.projectFiles.get(key);
    if (!state) {
      state = this.readProjectFile(vscode.Uri.joinPath(folder.uri, PROJECT_FILE));
      this.projectFiles.set(key, state);
    }
    return state;
  }

  private async readProjectFile(uri: vscode.Uri): Promise<ProjectFileState> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.projectProblems.delete(uri);
      return { uri }; // no project file
    }
    try {
      const { settings, stage, problems } = loadProjectFile(text);
      this.projectProblems.set(
        uri,
        problems.map((p) => {
          const d = new vscode.Diagnostic(
            new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character),
            p.message,
            vscode.DiagnosticSeverity.Warning,
          );
          d.source = 'nn-recipe';
          return d;
        }),
      );
      this.log.info(`project file ${uri.fsPath}: ${problems.length ? `${problems.length} problem(s)` : 'loaded'}`);
      return { uri, settings, stage };
    } catch (e) {
      this.log.error(`project file ${uri.fsPath} could not be read: ${String(e)}`);
      return { uri };
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

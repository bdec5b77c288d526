import * as vscode from 'vscode';
import { closeAll, fixture, open, ours, resetSettings, setSetting, waitFor, waitForCodes } from './helpers';

const { Error: E, Warning: W, Hint: H } = vscode.DiagnosticSeverity;

async function waitForSeverity(uri: vscode.Uri, severity: vscode.DiagnosticSeverity): Promise<void> {
  await waitFor(() => ours(uri)[0]?.severity === severity, `severity ${vscode.DiagnosticSeverity[severity]} (have ${ours(uri).map((d) => vscode.DiagnosticSeverity[d.severity]).join(',') || 'none'})`);
}

describe('settings take effect without a reload', () => {
  const projectFile = () => fixture('.nn-recipe.yaml');

  afterEach(async () => {
    await resetSettings();
    await vscode.workspace.fs.delete(projectFile()).then(undefined, () => undefined);
    await closeAll();
  });

  it('per-rule severity, by code or by name, including off', async () => {
    const { document } = await open('train.py');
    await waitForSeverity(document.uri, W);
    await setSetting('severity', { NR204: 'error' });
    await waitForSeverity(document.uri, E);
    await setSetting('severity', { 'missing-zero-grad': 'off' });
    await waitForCodes(document.uri, []);
    await resetSettings();
    await waitForSeverity(document.uri, W);
  });

  it('ignore and select lists, with prefixes', async () => {
    const { document } = await open('train.py');
    await waitForCodes(document.uri, ['NR204']);
    await setSetting('ignore', ['NR2']);
    await waitForCodes(document.uri, []);
    await setSetting('ignore', []);
    await waitForCodes(document.uri, ['NR204']);
    await setSetting('select', ['NR209']);
    await waitForCodes(document.uri, []);
    await setSetting('select', ['NR20']);
    await waitForCodes(document.uri, ['NR204']);
  });

  it('the project file wins by default; configurationPreference changes who wins', async () => {
    const { document } = await open('train.py');
    await waitForSeverity(document.uri, W);
    await setSetting('severity', { NR204: 'hint' });
    await waitForSeverity(document.uri, H);
    await vscode.workspace.fs.writeFile(projectFile(), new TextEncoder().encode('severity:\n  NR204: error\n'));
    await waitForSeverity(document.uri, E); // projectFileFirst
    await setSetting('configurationPreference', 'editorFirst');
    await waitForSeverity(document.uri, H);
    await setSetting('configurationPreference', 'projectFileOnly');
    await setSetting('ignore', ['NR204']); // ignored: only the project file counts
    await waitForSeverity(document.uri, E);
    await setSetting('configurationPreference', 'projectFileFirst');
    await waitForCodes(document.uri, []); // the editor's ignore fills a gap the project file leaves
    await setSetting('ignore', []);
    await waitForSeverity(document.uri, E);
    await vscode.workspace.fs.delete(projectFile());
    await waitForSeverity(document.uri, H); // back to the editor setting
  });

  it('reports problems in the project file on the project file', async () => {
    await vscode.workspace.fs.writeFile(projectFile(), new TextEncoder().encode('severity:\n  NR204: loud\n'));
    const { document } = await open('train.py');
    await waitForCodes(document.uri, ['NR204']);
    await waitFor(
      () => vscode.languages.getDiagnostics(projectFile()).some((d) => d.source === 'nn-recipe' && /NR204/.test(d.message)),
      'a problem reported on .nn-recipe.yaml',
    );
  });
});

// A tip's documentation, shown offline in a Markdown preview: the tip, its stage, the rules that check it (with
// links to their docs shipped in the extension), the snippets that implement it, and a link to the recipe post.
// Built from the engine's data, so it never drifts from what the tree and the rules say.
import * as vscode from 'vscode';
import { allRules, DOCS_BASE, PROJECT_FILE, RECIPE_URL, stageInfo, tipInfo } from '../../engine';
import { SNIPPETS } from '../../engine/snippets';

export const TIP_DOCS_SCHEME = 'nn-recipe-tip';

export function tipDocsUri(tipId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TIP_DOCS_SCHEME, path: `/${tipId}.md` });
}

/**
 * A read-only file system of tip documents (`nn-recipe-tip:/2.7.md`): the workbench treats them as files, so the
 * Markdown preview can stat and read them like the rule docs on disk.
 */
export class TipDocsFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly mtime = Date.now();

  constructor(private readonly extensionUri: vscode.Uri) {}

  private text(uri: vscode.Uri): Uint8Array {
    const markdown = tipMarkdown(uri.path.replace(/^\//, '').replace(/\.md$/, ''), this.extensionUri);
    if (markdown === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return new TextEncoder().encode(markdown);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: this.mtime, mtime: this.mtime, size: 0 };
    return { type: vscode.FileType.File, ctime: this.mtime, mtime: this.mtime, size: this.text(uri).length, permissions: vscode.FilePermission.Readonly };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.text(uri);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined); // the documents never change
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

export function tipMarkdown(tipId: string, extensionUri: vscode.Uri): string | undefined {
  const tip = tipInfo(tipId);
  const stage = tip && stageInfo(tip.stage);
  if (!tip || !stage) return undefined;
  const out = [`# ${tip.id} · ${tip.title}`, '', `*Stage ${stage.id} · ${stage.title}*`, '', tip.text, ''];
  if (tip.mistake) out.push('This is one of the common mistakes listed with the skeleton stage.', '');
  if (tip.checkable) out.push(`Tick it in the NN Recipe sidebar when it is done: the tick (with the date) goes into \`${PROJECT_FILE}\`, so your team sees it too.`, '');
  const rules = allRules().filter((r) => r.tip === tip.id);
  if (rules.length) {
    out.push('## Rules that check it', '');
    for (const r of rules) {
      const docs = vscode.Uri.joinPath(extensionUri, DOCS_BASE, `${r.code}.md`).toString();
      const when = r.activeInStages ? ` (stage${r.activeInStages.length > 1 ? 's' : ''} ${r.activeInStages.join(', ')})` : '';
      out.push(`- [${r.code}](${docs}) \`${r.name}\`${when}: ${r.docs.summary}`);
    }
    out.push('');
  }
  const snippets = SNIPPETS.filter((s) => s.tips.includes(tip.id));
  if (snippets.length) {
    out.push('## Snippets', '', 'Type the prefix in an editor, or use *Insert Snippet for This Tip* on the tip in the sidebar.', '');
    for (const s of snippets) out.push(`- \`${s.prefix}\` (${s.language}): ${s.name}`);
    out.push('');
  }
  out.push(
    '## In the recipe',
    '',
    `${stage.summary} This tip summarises part of stage ${stage.id} of Andrej Karpathy's [A Recipe for Training Neural Networks](${RECIPE_URL}) (2019): read the post for the reasoning behind it.`,
    '',
  );
  return out.join('\n');
}

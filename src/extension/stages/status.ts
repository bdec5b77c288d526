// The status bar item "Recipe: 3 · Overfit": the stage of the folder the sidebar shows; a click reveals the tree.
import * as vscode from 'vscode';
import { PROJECT_FILE, stageInfo } from '../../engine';
import { type FolderStage, isEmpty } from './service';

const MAX_GAPS = 5;

export class StageStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nnRecipe.stage', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'NN Recipe Stage';
    this.item.command = { title: 'Show Recipe Stages', command: 'nnRecipe.showStages' };
  }

  get text(): string | undefined {
    return this.item.text || undefined;
  }

  update(state: FolderStage | undefined): void {
    if (!state || isEmpty(state)) {
      this.item.text = '';
      this.item.hide();
      return;
    }
    const { report } = state;
    const name = stageInfo(report.stage)?.name ?? '';
    this.item.text = `Recipe: ${report.stage} · ${name}`;
    const pinned = report.pinned !== undefined;
    const md = new vscode.MarkdownString(`**NN Recipe: stage ${report.stage} · ${stageInfo(report.stage)?.title ?? name}**${pinned ? ` (pinned in \`${PROJECT_FILE}\`)` : ''}\n\n`);
    md.appendMarkdown(pinned ? `The code shows stage ${report.inferred}: ${report.reason}` : report.reason);
    if (report.gaps.length) {
      md.appendMarkdown(`\n\n${report.gaps.slice(0, MAX_GAPS).map((g) => `- ${g.message}`).join('\n')}`);
      if (report.gaps.length > MAX_GAPS) md.appendMarkdown(`\n- and ${report.gaps.length - MAX_GAPS} more`);
    }
    md.appendMarkdown('\n\nClick to show the recipe stages.');
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Recipe stage ${report.stage}, ${name}${pinned ? ', pinned' : ''}. ${report.gaps.length} gaps.` };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

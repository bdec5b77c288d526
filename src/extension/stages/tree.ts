// The stages tree: a thin adapter over the engine's StageReport. The six stages (the current one marked and
// expanded, done ones checked), their tips with a state icon, a one-line description and the tip's explanation
// as tooltip, and under each tip the evidence or findings that decided it (a click opens the file at the range).
// Tips only the user can judge have a checkbox: ticking writes the project file.
import * as vscode from 'vscode';
import { PROJECT_FILE, type Evidence, type Finding, type Severity, type StageState, type StageStatus, type TipState, type TipStatus, stageMark } from '../../engine';
import { snippetForTip } from '../../engine/snippets';
import { toRange } from '../convert';
import { uriForPath } from '../documents';
import { projectFileUri } from './projectFile';
import { type FolderStage, isEmpty } from './service';

export type NodeKind = 'stage' | 'reason' | 'gaps' | 'gap' | 'tip' | 'evidence' | 'finding' | 'more';

export interface StageTreeNode {
  kind: NodeKind;
  item: vscode.TreeItem;
  children: StageTreeNode[];
  parent?: StageTreeNode;
  folder: vscode.WorkspaceFolder;
  /** Set on stage nodes. */
  stage?: StageStatus;
  /** Set on tip nodes, and on gap nodes (the tip the gap is about). */
  tip?: TipStatus;
}

/** Evidence and findings shown per tip; the rest are counted in a last row. */
const MAX_PROOF = 50;
/** Up to this many gaps are shown expanded under the current stage. */
const OPEN_GAPS = 8;

const color = (id: string) => new vscode.ThemeColor(id);
const STAGE_ICON: Record<StageState, vscode.ThemeIcon> = {
  current: new vscode.ThemeIcon('target', color('charts.blue')),
  done: new vscode.ThemeIcon('pass-filled', color('testing.iconPassed')),
  incomplete: new vscode.ThemeIcon('circle-large-outline', color('list.warningForeground')),
  upcoming: new vscode.ThemeIcon('circle-large-outline'),
};
const TIP_ICON: Record<TipState, vscode.ThemeIcon> = {
  done: new vscode.ThemeIcon('pass', color('testing.iconPassed')),
  violated: new vscode.ThemeIcon('warning', color('list.warningForeground')),
  ticked: new vscode.ThemeIcon('check', color('testing.iconPassed')),
  open: new vscode.ThemeIcon('circle-large-outline'),
};
const SEVERITY_ICON: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', color('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', color('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', color('problemsInfoIcon.foreground')),
  hint: new vscode.ThemeIcon('lightbulb'),
};
const KIND_TEXT: Record<TipStatus['kind'], string> = {
  S: 'nn-recipe checks this in the code',
  'S/P': 'nn-recipe checks this in the code, partly',
  P: 'nn-recipe finds some evidence of this; tick it when you did it another way',
  C: 'only you can judge this one: tick it when it is done',
  'C/P': 'mostly yours to judge: tick it when it is done',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export class StagesTree implements vscode.TreeDataProvider<StageTreeNode> {
  private roots: StageTreeNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  /** Shows a folder's assessment (nothing, so the welcome view shows, when it has no training code). */
  show(state: FolderStage | undefined): void {
    this.roots = state && !isEmpty(state) ? buildTree(state) : [];
    this.changed.fire();
  }

  /** Redraws the same nodes (a checkbox the user clicked goes back to what the file says). */
  redraw(): void {
    this.changed.fire();
  }

  getChildren(node?: StageTreeNode): StageTreeNode[] {
    return node ? node.children : this.roots;
  }

  getTreeItem(node: StageTreeNode): vscode.TreeItem {
    return node.item;
  }

  getParent(node: StageTreeNode): StageTreeNode | undefined {
    return node.parent;
  }

  /** The first node, depth first, that matches. */
  find(match: (n: StageTreeNode) => boolean, nodes = this.roots): StageTreeNode | undefined {
    for (const n of nodes) {
      if (match(n)) return n;
      const inner = this.find(match, n.children);
      if (inner) return inner;
    }
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function node(kind: NodeKind, item: vscode.TreeItem, folder: vscode.WorkspaceFolder, children: StageTreeNode[] = [], extra: Partial<StageTreeNode> = {}): StageTreeNode {
  const n: StageTreeNode = { kind, item, children, folder, ...extra };
  for (const c of children) c.parent = n;
  if (!children.length && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) item.collapsibleState = vscode.TreeItemCollapsibleState.None;
  return n;
}

function buildTree(state: FolderStage): StageTreeNode[] {
  const { report, folder } = state;
  return report.stages.map((s) => {
    const current = s.state === 'current';
    const tips = s.tips.filter((t) => !t.mistake || t.state === 'violated').map((t) => tipNode(t, folder));
    const children = current ? [...currentStageHeader(state), ...tips] : tips;
    // The state is part of the id, so a stage that becomes current opens even if the user had closed it before.
    const item = new vscode.TreeItem(`${s.id} · ${s.name}`, current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${folder.uri.toString()}#stage:${s.id}:${s.state}`;
    const gaps = report.gaps.filter((g) => g.stage === s.id);
    item.description = current ? (report.pinned !== undefined ? 'current · pinned' : 'current') : s.state === 'done' ? stageMark(s) : s.state === 'incomplete' ? plural(gaps.length, 'gap') : undefined;
    item.iconPath = STAGE_ICON[s.state];
    const md = new vscode.MarkdownString(`**Stage ${s.id} · ${s.title}**\n\n${s.summary}`);
    if (current) md.appendMarkdown(`\n\n${report.pinned !== undefined ? `Pinned in \`${PROJECT_FILE}\`; the code shows stage ${report.inferred}.` : report.reason}`);
    if (gaps.length) md.appendMarkdown(`\n\n${gaps.map((g) => `- ${g.message}`).join('\n')}`);
    item.tooltip = md;
    item.contextValue = report.pinned === s.id ? 'stage-pinned' : 'stage';
    item.accessibilityInformation = { label: `Stage ${s.id}, ${s.name}, ${item.description ?? s.state}` };
    return node('stage', item, folder, children, { stage: s });
  });
}

/** Under the current stage: why it is current (with the evidence), then the gaps earlier stages left. */
function currentStageHeader(state: FolderStage): StageTreeNode[] {
  const { report, folder } = state;
  const id = (s: string) => `${folder.uri.toString()}#${s}`;
  let reason: StageTreeNode;
  if (report.pinned !== undefined) {
    const item = new vscode.TreeItem(`Pinned in ${PROJECT_FILE}`);
    item.id = id('reason');
    item.description = report.inferred === report.pinned ? 'the code agrees' : `the code shows stage ${report.inferred}`;
    item.iconPath = new vscode.ThemeIcon('pinned');
    item.tooltip = `${report.reason}\n\nUnpin to follow the code again.`;
    item.command = { command: 'vscode.open', title: 'Open Project File', arguments: [projectFileUri(folder)] };
    reason = node('reason', item, folder);
  } else {
    const item = new vscode.TreeItem(report.reason, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = id('reason');
    item.iconPath = new vscode.ThemeIcon('info');
    item.tooltip = report.reason;
    reason = node('reason', item, folder, proofNodes(report.because, [], folder, id('because')));
  }
  if (!report.gaps.length) return [reason];
  // "You are tuning (stage 5), but the random seed is not fixed (2.1)." in the tooltip; the row says what is missing.
  const tipById = new Map(report.stages.flatMap((s) => s.tips).map((t) => [t.id, t]));
  const gaps = report.gaps.map((g) => {
    const tip = tipById.get(g.tip);
    const n = tip?.findings.length ?? 0;
    const missing = g.state === 'open' ? tip?.gap : undefined;
    const item = new vscode.TreeItem(missing ? missing.charAt(0).toUpperCase() + missing.slice(1) : tip?.title ?? g.tip);
    item.id = id(`gap:${g.tip}`);
    item.description = g.state === 'violated' ? `${g.tip} · ${plural(n, 'finding')}` : g.tip;
    item.iconPath = new vscode.ThemeIcon('warning', color('list.warningForeground'));
    item.tooltip = g.message;
    item.command = { command: 'nnRecipe.revealTip', title: 'Show the Tip', arguments: [g.tip] };
    return node('gap', item, folder, [], { tip });
  });
  const group = new vscode.TreeItem(`${plural(gaps.length, 'gap')} in earlier stages`, gaps.length <= OPEN_GAPS ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  group.id = id(`gaps:${gaps.length}`);
  group.iconPath = new vscode.ThemeIcon('warning', color('list.warningForeground'));
  group.tooltip = new vscode.MarkdownString(report.gaps.map((g) => `- ${g.message}`).join('\n'));
  return [reason, node('gaps', group, folder, gaps)];
}

function tipNode(t: TipStatus, folder: vscode.WorkspaceFolder): StageTreeNode {
  const base = `${folder.uri.toString()}#tip:${t.id}`;
  const children = proofNodes(t.evidence, t.findings, folder, base);
  const item = new vscode.TreeItem(`${t.id} ${t.title}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = base;
  item.description = tipDescription(t);
  item.iconPath = TIP_ICON[t.state];
  item.tooltip = tipTooltip(t);
  if (t.checkable) {
    item.checkboxState = {
      state: t.tick ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
      tooltip: t.tick ? `Untick (removes it from ${PROJECT_FILE})` : `Tick when done (writes ${PROJECT_FILE})`,
    };
  }
  const flags = ['tip', t.state === 'violated' && 'violated', snippetForTip(t.id) && 'snippet', t.checkable && (t.tick ? 'ticked' : 'unticked')];
  item.contextValue = flags.filter(Boolean).join(' ');
  item.accessibilityInformation = { label: `Tip ${t.id}, ${t.title}, ${t.state}${item.description ? `, ${String(item.description)}` : ''}` };
  return node('tip', item, folder, children, { tip: t });
}

function tipDescription(t: TipStatus): string | undefined {
  switch (t.state) {
    case 'done':
      return t.evidence.length > 1 ? `${t.evidence[0].message} (+${t.evidence.length - 1})` : t.evidence[0]?.message;
    case 'violated':
      return `${plural(t.findings.length, 'finding')} · ${[...new Set(t.findings.map((f) => f.code))].join(', ')}`;
    case 'ticked':
      return ['ticked', t.tick?.date, t.tick?.note].filter(Boolean).join(' · ');
    case 'open':
      return t.essential ? 'essential' : undefined;
  }
}

function tipTooltip(t: TipStatus): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`**${t.id} · ${t.title}**\n\n${t.text}\n\n_${KIND_TEXT[t.kind]}${t.essential ? '; later stages build on it' : ''}._`);
  if (t.state === 'done') md.appendMarkdown(`\n\nDone: ${t.evidence.length > 1 ? `${t.evidence.length} places show it` : t.evidence[0].message}.`);
  if (t.state === 'violated') md.appendMarkdown(`\n\n${plural(t.findings.length, 'finding')}: ${[...new Set(t.findings.map((f) => f.code))].join(', ')}.`);
  if (t.tick) md.appendMarkdown(`\n\nTicked by hand${t.tick.date ? ` on ${t.tick.date}` : ''}${t.tick.note ? `: ${t.tick.note}` : ''}.`);
  return md;
}

/** Evidence and findings as rows that open the file at the range. */
function proofNodes(evidence: readonly Evidence[], findings: readonly Finding[], folder: vscode.WorkspaceFolder, base: string): StageTreeNode[] {
  const seen = new Set<string>();
  const out: StageTreeNode[] = [];
  const add = (kind: 'evidence' | 'finding', key: string, path: string, range: Evidence['range'], label: string, detail: string, icon: vscode.ThemeIcon) => {
    const id = `${base}/${kind}:${key}:${path}:${range.start.line}:${range.start.character}`;
    if (seen.has(id)) return;
    seen.add(id);
    const uri = uriForPath(path, folder.uri);
    const where = `${vscode.workspace.asRelativePath(uri, false)}:${range.start.line + 1}`;
    const item = new vscode.TreeItem(label);
    item.id = id;
    item.description = detail ? `${detail} · ${where}` : where;
    item.iconPath = icon;
    item.tooltip = `${label}\n${where}:${range.start.character + 1}`;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: toRange(range), preview: true }] };
    out.push(node(kind, item, folder));
  };
  for (const e of evidence) add('evidence', e.kind, e.path, e.range, e.message, '', new vscode.ThemeIcon('go-to-file'));
  for (const f of findings) add('finding', f.code, f.path, f.range, f.message, f.code, SEVERITY_ICON[f.severity]);
  if (out.length <= MAX_PROOF) return out;
  const more = new vscode.TreeItem(`${out.length - MAX_PROOF} more…`);
  more.id = `${base}/more`;
  more.tooltip = 'The Problems panel lists every finding; a workspace check fills it.';
  return [...out.slice(0, MAX_PROOF), node('more', more, folder)];
}

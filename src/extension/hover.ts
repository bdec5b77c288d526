// Hover on a finding: the recipe tip behind the rule, in a few sentences, with a link to its docs.
import * as vscode from 'vscode';
import { getRule } from '../engine';
import { docsUri, SOURCE, toRange } from './convert';
import type { DiagnosticsController } from './diagnostics';

const MAX_SENTENCES = 3;

function firstSentences(markdown: string, n: number): string {
  const sentences = markdown.replace(/\s+/g, ' ').trim().split(/(?<=[.!?])\s+(?=[A-Z`*_(])/);
  return sentences.slice(0, n).join(' ');
}

export class NnRecipeHover implements vscode.HoverProvider {
  constructor(private readonly diagnostics: DiagnosticsController) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    // Only where one of our diagnostics is shown: hovering elsewhere never triggers a check.
    if (!vscode.languages.getDiagnostics(doc.uri).some((d) => d.source === SOURCE && d.range.contains(position))) return undefined;
    const findings = (await this.diagnostics.resultFor(doc))?.findings.filter((f) => toRange(f.range).contains(position)) ?? [];
    const seen = new Set<string>();
    const parts: string[] = [];
    let range: vscode.Range | undefined;
    for (const f of findings) {
      if (seen.has(f.code)) continue;
      seen.add(f.code);
      const rule = getRule(f.code);
      if (!rule) continue;
      range = range ? range.union(toRange(f.range)) : toRange(f.range);
      parts.push(
        `**NN Recipe ${rule.code}** \`${rule.name}\` · recipe stage ${rule.stage}, tip ${rule.tip}\n\n` +
          `${firstSentences(rule.docs.why, MAX_SENTENCES)}\n\n` +
          `[Rule documentation](${docsUri(rule.code).toString()})`,
      );
    }
    if (!parts.length) return undefined;
    const md = new vscode.MarkdownString(parts.join('\n\n---\n\n'));
    md.isTrusted = { enabledCommands: ['nnRecipe.showRuleDocs'] };
    return new vscode.Hover(md, range);
  }
}

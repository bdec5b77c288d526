// SARIF 2.1.0 output, as GitHub code scanning accepts it: rule metadata with help text and links,
// results with 1-based regions in UTF-16 code units, related locations, and fixes.
import { type Finding, type RuleMeta, ruleDocsUrl, ruleHelpMarkdown } from '../engine';

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function toSarif(findings: { finding: Finding; uri: string }[], rules: RuleMeta[], version: string, uriFor: (absPath: string) => string): object {
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const region = (r: Finding['range']): object => ({
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nn-recipe',
            version,
            semanticVersion: version,
            informationUri: ruleDocsUrl(''),
            rules: rules.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.docs.summary },
              fullDescription: { text: r.docs.why },
              helpUri: ruleDocsUrl(r.code),
              help: { text: `${r.docs.summary}\n\n${r.docs.why}`, markdown: ruleHelpMarkdown(r) },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              properties: { tags: ['training-recipe', `stage-${r.stage}`], precision: 'high', recipeTip: r.tip },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
        results: findings.map(({ finding: f, uri }) => ({
          ruleId: f.code,
          ruleIndex: index.get(f.code) ?? -1,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: region(f.range) } }],
          ...(f.related.length
            ? {
                relatedLocations: f.related.map((rel, i) => ({
                  id: i + 1,
                  message: { text: rel.message },
                  physicalLocation: { artifactLocation: { uri: uriFor(rel.path), uriBaseId: '%SRCROOT%' }, region: region(rel.range) },
                })),
              }
            : {}),
          ...(f.fixes.length
            ? {
                fixes: f.fixes
                  .filter((x) => !x.path)
                  .map((x) => ({
                    description: { text: `${x.title} (${x.safety})` },
                    artifactChanges: [
                      {
                        artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
                        replacements: x.edits.map((e) => ({ deletedRegion: { charOffset: e.start, charLength: e.end - e.start }, insertedContent: { text: e.newText } })),
                      },
                    ],
                  })),
              }
            : {}),
        })),
      },
    ],
  };
}

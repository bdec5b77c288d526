// Rule documentation as Markdown, from the rules' metadata: the same text serves docs/rules/*.md,
// `nn-recipe rule NRxxx`, SARIF help and the extension's hover.
import type { RuleMeta } from './rules/rule';

/** The recipe post the rules cite. */
export const RECIPE_URL = 'https://karpathy.github.io/2019/04/25/recipe/';

/** Where the docs are published: the repository's docs folder. */
export const DOCS_URL_BASE = 'https://github.com/nn-recipe/nn-recipe/blob/main/docs/rules/';

export function ruleDocsUrl(code: string): string {
  return code ? `${DOCS_URL_BASE}${code}.md` : DOCS_URL_BASE;
}

const STAGE_NAMES = ['', 'Become one with the data', 'Training/evaluation skeleton and dumb baselines', 'Overfit', 'Regularize', 'Tune', 'Squeeze out the juice'];

export function stageName(stage: number): string {
  return STAGE_NAMES[stage] ?? '';
}

export function ruleHelpMarkdown(r: RuleMeta): string {
  const lang = r.docs.exampleLanguage ?? r.languages[0];
  const fence = lang === 'typescript' || lang === 'javascript' ? lang : lang === 'yaml' ? 'yaml' : lang === 'json' ? 'json' : 'python';
  const stages = r.activeInStages ? `Active in stage${r.activeInStages.length > 1 ? 's' : ''} ${r.activeInStages.join(', ')} only (stage-aware).` : 'Active in every stage.';
  return [
    `# ${r.code}: ${r.name}`,
    '',
    `**${r.docs.summary}**`,
    '',
    `| | |`,
    `|---|---|`,
    `| Stage | ${r.stage} · ${stageName(r.stage)} |`,
    `| Recipe tip | ${r.tip} |`,
    `| Languages | ${r.languages.join(', ')} |`,
    `| Default severity | ${r.defaultSeverity} |`,
    `| Fix | ${r.fixSafety === 'none' ? 'none' : r.fixSafety} |`,
    '',
    stages,
    '',
    '## Why',
    '',
    r.docs.why,
    '',
    '## Example',
    '',
    'Reported:',
    '',
    '```' + fence,
    r.docs.bad.replace(/\n$/, ''),
    '```',
    '',
    'Better:',
    '',
    '```' + fence,
    r.docs.good.replace(/\n$/, ''),
    '```',
    '',
    ...(r.docs.fix ? ['## Fix', '', r.docs.fix, ''] : []),
    '## Suppressing',
    '',
    `Add \`# nn-recipe: ignore[${r.code}]\` (or \`# noqa: ${r.code}\`) at the end of the line, or \`# nn-recipe: ignore-file[${r.code}]\` anywhere in the file. In TypeScript use \`//\` comments. To turn the rule off for a project, add it to \`ignore\` in \`.nn-recipe.yaml\`.`,
    '',
    `See the recipe: [A Recipe for Training Neural Networks](${RECIPE_URL}).`,
    '',
  ].join('\n');
}

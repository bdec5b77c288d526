// The snippets contributed in `snippets/*.json`, read at build time, and the map from a recipe tip to the
// snippet that implements it (used by the sidebar's tip menu and by quick fixes that have no direct edit).
// A snippet names its tips in its description: "Recipe 2.3, 2.1: ...". The first tip is the one it implements;
// the others are tips it also follows.

import type { Language } from '../types';
import python from '../../../snippets/python.json';
import typescript from '../../../snippets/typescript.json';
import yaml from '../../../snippets/yaml.json';

export { expandSnippet, describeSnippet, parseSnippet, joinBody } from './expand';
export type { SnippetNode, SnippetBody, ExpandOptions, TabstopOccurrence } from './expand';

/** The language a snippet file is contributed for (`typescript` covers JavaScript too). */
export type SnippetLanguage = 'python' | 'yaml' | 'typescript';

export interface SnippetRef {
  prefix: string;
  language: SnippetLanguage;
}

export interface SnippetInfo extends SnippetRef {
  /** The key of the snippet in its JSON file (the title VS Code shows). */
  name: string;
  description: string;
  body: readonly string[];
  /** Tip ids from the description, the implemented tip first. Empty when the description names none. */
  tips: string[];
}

interface SnippetJson {
  prefix: string;
  description: string;
  body: string[];
}

/** Parses the tip list of a description such as "Recipe 2.3, 2.1: ..."; undefined when it has none. */
export function tipsOfDescription(description: string): string[] | undefined {
  const match = /^Recipe (\d+\.\d+(?:, \d+\.\d+)*): /.exec(description);
  return match ? match[1].split(', ') : undefined;
}

function load(language: SnippetLanguage, file: Record<string, SnippetJson>): SnippetInfo[] {
  return Object.entries(file).map(([name, s]) => ({
    name,
    prefix: s.prefix,
    language,
    description: s.description,
    body: s.body,
    tips: tipsOfDescription(s.description) ?? [],
  }));
}


export const SNIPPETS: readonly SnippetInfo[] = [
  ...load('python', python),
  ...load('yaml', yaml),
  ...load('typescript', typescript),
];

/** The snippet language serving a document language, if any. */
export function snippetLanguageOf(language: Language): SnippetLanguage | undefined {
  switch (language) {
    case 'python':
      return 'python';
    case 'yaml':
      return 'yaml';
    case 'typescript':
    case 'javascript':
      return 'typescript';
    case 'json':
      return undefined;
  }
}

/**
 * The snippet that implements a tip, preferring one whose first tip it is.
 * With a document language, only snippets usable in that language are considered.
 */
export function snippetForTip(tipId: string, language?: Language): SnippetRef | undefined {
  const wanted = language === undefined ? undefined : snippetLanguageOf(language);
  if (language !== undefined && wanted === undefined) return undefined;
  const candidates = SNIPPETS.filter((s) => (wanted === undefined || s.language === wanted) && s.tips.includes(tipId));
  const best = candidates.find((s) => s.tips[0] === tipId) ?? candidates[0];
  return best && { prefix: best.prefix, language: best.language };
}

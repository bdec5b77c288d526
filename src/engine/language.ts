// Which analyser a file goes to, by its name (and the editor's language id when there is one).
import type { Language } from './types';

const BY_EXTENSION: Record<string, Language> = {
  '.py': 'python',
  '.pyi': 'python',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.jsonc': 'json',
};

const BY_LANGUAGE_ID: Record<string, Language> = {
  python: 'python',
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  yaml: 'yaml',
  json: 'json',
  jsonc: 'json',
};

export function detectLanguage(path: string, languageId?: string): Language | undefined {
  if (languageId && BY_LANGUAGE_ID[languageId]) return BY_LANGUAGE_ID[languageId];
  const base = path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot >= 0 ? BY_EXTENSION[base.slice(dot)] : undefined;
}

/** The comment that starts a suppression in a language, or undefined where the language has none (JSON). */
export function lineCommentPrefix(language: Language): string | undefined {
  switch (language) {
    case 'python':
    case 'yaml':
      return '#';
    case 'typescript':
    case 'javascript':
      return '//';
    default:
      return undefined;
  }
}

/** A JavaScript/TypeScript test file: `*.test.ts`, `*.spec.js`, files under `__tests__/`. */
export function isJsTestFile(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(p) || /(^|\/)__tests__\//.test(p);
}

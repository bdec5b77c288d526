// Minimal edits to configs that keep the user's formatting and comments: a scalar is replaced within its own
// range; a new key goes on its own line after a sibling, with the sibling's indentation (and, in JSON, the commas
// jsonc-parser's `modify` would write). Numbers written into YAML are spelt so that every YAML loader reads a
// float: PyYAML (YAML 1.1) reads `3e-4` as a string, `3.0e-4` as a number.
import type { LineIndex } from '../text';
import type { TextEdit } from '../types';
import type { CPair, CScalar, ConfigDoc, ConfigLanguage } from './tree';

export function replaceScalar(node: CScalar, newText: string): TextEdit {
  return { start: node.from, end: node.to, newText };
}

/** PyYAML's (YAML 1.1) float pattern, from its resolver: a dot is required, and an exponent needs a sign. */
const PYYAML_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const EXPONENT = /^([-+]?)(\d[\d_]*)?(?:\.(\d[\d_]*)?)?([eE])([-+]?)(\d+)$/;

/** A number with an exponent that YAML 1.2 (OmegaConf, the `yaml` package) reads as a float and PyYAML reads as a string. */
export function isPyyamlString(source: string): boolean {
  return EXPONENT.test(source) && !PYYAML_FLOAT.test(source);
}

/** The same number spelt so that PyYAML reads a float: `3e-4` → `3.0e-4`, `1e5` → `1.0e+5`, `.5e-3` → `0.5e-3`. */
export function pyyamlFloat(source: string): string {
  const m = EXPONENT.exec(source);
  if (!m || PYYAML_FLOAT.test(source)) return source;
  const [, sign, int, frac, e, expSign, exp] = m;
  return `${sign}${int ?? '0'}.${frac ?? '0'}${e}${expSign || '+'}${exp}`;
}

/** A number as it should be written into a config of this language. */
export function numberText(language: ConfigLanguage, source: string): string {
  return language === 'yaml' ? pyyamlFloat(source) : source;
}

function keyText(doc: ConfigDoc, key: string): string {
  return doc.language === 'json' ? JSON.stringify(key) : key;
}

/** Whether only whitespace, a comma and a comment follow `offset` on its line. */
function restOfLineIsTrivia(doc: ConfigDoc, lines: LineIndex, offset: number): boolean {
  const line = lines.position(offset).line;
  const rest = doc.text.slice(offset, lines.lineEnd(line));
  return /^\s*,?\s*(#.*|\/\/.*|\/\*.*\*\/\s*)?$/.test(rest);
}

/** Whether a pair starts its own line (only indentation before it). */
function startsLine(doc: ConfigDoc, lines: LineIndex, p: CPair): boolean {
  const line = lines.position(p.from).line;
  return doc.text.slice(lines.lineStart(line), p.from).trim() === '';
}

/** Inserts `key: value` as a new line after a pair of a block map (YAML) or a multi-line object (JSON). */
export function insertPairAfter(doc: ConfigDoc, lines: LineIndex, after: CPair, key: string, valueText: string): TextEdit[] | undefined {
  if ((doc.language === 'yaml' && after.map.flow) || !startsLine(doc, lines, after) || !restOfLineIsTrivia(doc, lines, after.to)) return undefined;
  const line = lines.position(after.to).line;
  const indent = doc.text.slice(lines.lineStart(lines.position(after.from).line), after.from);
  const at = lines.lineEnd(line);
  const eol = lines.eol();
  if (doc.language === 'yaml') return [{ start: at, end: at, newText: `${eol}${indent}${key}: ${valueText}` }];
  const isLast = after.map.pairs[after.map.pairs.length - 1] === after;
  const edits: TextEdit[] = [];
  if (isLast) edits.push({ start: after.to, end: after.to, newText: ',' });
  edits.push({ start: at, end: at, newText: `${eol}${indent}${keyText(doc, key)}: ${valueText}${isLast ? '' : ','}` });
  return edits;
}

/** Replaces one pair by several (`values: [...]` by `distribution`, `min`, `max`), one per line when it had its own line. */
export function replacePair(doc: ConfigDoc, lines: LineIndex, p: CPair, entries: [string, string][]): TextEdit | undefined {
  const own = startsLine(doc, lines, p) && restOfLineIsTrivia(doc, lines, p.to);
  if (doc.language === 'yaml' && !own && !p.map.flow) return undefined;
  const indent = doc.text.slice(lines.lineStart(lines.position(p.from).line), p.from);
  const sep = own ? (doc.language === 'json' ? ',' : '') + lines.eol() + indent : ', ';
  const text = entries.map(([k, v]) => `${keyText(doc, k)}: ${v}`).join(sep);
  return { start: p.from, end: p.to, newText: text };
}

/** A string value written in the config's language. */
export function stringText(language: ConfigLanguage, s: string): string {
  return language === 'json' ? JSON.stringify(s) : s;
}

// One small tree for YAML and JSON configs, with exact ranges: maps, sequences and scalars. YAML is parsed with
// the `yaml` package (every document of a multi-document file; errors do not stop it), JSON and JSONC with
// `jsonc-parser` (which recovers after a missing comma). Checks see this tree only, never the parsers' nodes.
import { type ParseError, type Node as JsonNode, createScanner, parseTree, printParseErrorCode, SyntaxKind } from 'jsonc-parser';
import { type Node as YamlNode, Parser, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Span } from '../python/ir';

export type ConfigLanguage = 'yaml' | 'json';
export type ScalarValue = string | number | boolean | null;

interface NodeBase extends Span {
  /** The pair whose value this node is, when it is a map value. */
  pair: CPair | undefined;
  /** The collection holding the node (its map for map values), undefined for a document root. */
  parent: CMap | CSeq | undefined;
}

export interface CScalar extends NodeBase {
  k: 'scalar';
  value: ScalarValue;
  /** The scalar as written (with quotes when quoted). */
  source: string;
  /** Unquoted, untagged YAML plain scalar, or a JSON number/boolean/null: its type comes from how it is written. */
  plain: boolean;
}

export interface CMap extends NodeBase {
  k: 'map';
  pairs: CPair[];
  /** `{…}` in YAML; every JSON object. */
  flow: boolean;
}

export interface CSeq extends NodeBase {
  k: 'seq';
  items: CNode[];
  flow: boolean;
}

export type CNode = CScalar | CMap | CSeq;

export interface CPair extends Span {
  key: string;
  keySpan: Span;
  /** Undefined for an alias or a missing value. */
  value: CNode | undefined;
  map: CMap;
}

export interface ConfigDoc {
  language: ConfigLanguage;
  text: string;
  /** One root per YAML document (a JSON file has one). */
  roots: CNode[];
  errors: { from: number; to: number; message: string }[];
  /** Spans of comments, for suppression comments. */
  comments: Span[];
}

export function parseConfig(text: string, language: ConfigLanguage): ConfigDoc {
  return language === 'yaml' ? parseYaml(text) : parseJson(text);
}

export function isComment(doc: ConfigDoc, offset: number): boolean {
  return doc.comments.some((c) => c.from <= offset && offset < c.to);
}

// ------------------------------------------------------------------ queries

export function pairOf(map: CNode | undefined, key: string): CPair | undefined {
  return map?.k === 'map' ? map.pairs.find((p) => p.key === key) : undefined;
}

export function valueOf(map: CNode | undefined, key: string): CNode | undefined {
  return pairOf(map, key)?.value;
}

/** The value at a path of keys: `at(root, 'trainer', 'callbacks')`. */
export function at(node: CNode | undefined, ...keys: string[]): CNode | undefined {
  let n = node;
  for (const k of keys) n = valueOf(n, k);
  return n;
}

export function numberOf(n: CNode | undefined): number | undefined {
  return n?.k === 'scalar' && typeof n.value === 'number' && Number.isFinite(n.value) ? n.value : undefined;
}

export function stringOf(n: CNode | undefined): string | undefined {
  return n?.k === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}

export function boolOf(n: CNode | undefined): boolean | undefined {
  return n?.k === 'scalar' && typeof n.value === 'boolean' ? n.value : undefined;
}

/** A number written without a fraction or exponent: `1`, not `1.0` (Lightning reads 1 as one batch, 1.0 as all). */
export function isIntLiteral(n: CNode | undefined): boolean {
  return numberOf(n) !== undefined && n?.k === 'scalar' && /^[-+]?\d[\d_]*$/.test(n.source);
}

/** Every map in the tree, depth first. */
export function maps(root: CNode): CMap[] {
  const out: CMap[] = [];
  walk(root, (n) => {
    if (n.k === 'map') out.push(n);
  });
  return out;
}

export function walk(n: CNode, fn: (n: CNode) => void): void {
  fn(n);
  if (n.k === 'map') {
    for (const p of n.pairs) if (p.value) walk(p.value, fn);
  } else if (n.k === 'seq') for (const i of n.items) walk(i, fn);
}

/** Keys from the root to a node: ['trainer', 'callbacks', '0'] (sequence items by index). */
export function keyPath(n: CNode): string[] {
  const out: string[] = [];
  for (let c: CNode | undefined = n; c && c.parent; c = c.parent) {
    if (c.pair) out.unshift(c.pair.key);
    else if (c.parent.k === 'seq') out.unshift(String(c.parent.items.indexOf(c)));
  }
  return out;
}

// ------------------------------------------------------------------ YAML

function parseYaml(text: string): ConfigDoc {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, keepSourceTokens: false });
  const list = Array.isArray(docs) ? docs : [];
  const roots: CNode[] = [];
  const errors: ConfigDoc['errors'] = [];
  for (const d of list) {
    for (const e of d.errors) errors.push({ from: e.pos[0], to: Math.max(e.pos[1], e.pos[0]), message: firstLine(e.message) });
    const root = d.contents ? fromYaml(d.contents, text, undefined, undefined) : undefined;
    if (root) roots.push(root);
  }
  return { language: 'yaml', text, roots, errors, comments: yamlComments(text) };
}

function fromYaml(n: YamlNode, text: string, parent: CMap | CSeq | undefined, pair: CPair | undefined): CNode | undefined {
  if (isAlias(n) || !n.range) return undefined;
  const [from, to] = n.range;
  if (isScalar(n)) {
    const v = n.value;
    const value: ScalarValue = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : null;
    const source = text.slice(from, to);
    return { k: 'scalar', from, to, value, source, plain: n.type === 'PLAIN' && !n.tag, parent, pair };
  }
  if (isMap(n)) {
    const map: CMap = { k: 'map', from, to, pairs: [], flow: !!n.flow, parent, pair };
    for (const item of n.items) {
      const key = item.key as YamlNode | null;
      if (!key || !isScalar(key) || !key.range) continue;
      const keySpan = { from: key.range[0], to: key.range[1] };
      const p: CPair = { key: String(key.value), keySpan, value: undefined, map, from: keySpan.from, to: keySpan.to };
      const value = item.value as YamlNode | null;
      if (value) {
        p.value = fromYaml(value, text, map, p);
        if (p.value) p.to = p.value.to;
      }
      map.pairs.push(p);
    }
    return map;
  }
  if (isSeq(n)) {
    const seq: CSeq = { k: 'seq', from, to, items: [], flow: !!n.flow, parent, pair };
    for (const item of n.items) {
      const c = item ? fromYaml(item as YamlNode, text, seq, undefined) : undefined;
      if (c) seq.items.push(c);
    }
    return seq;
  }
  return undefined;
}

/** Comments from the lexer: a `#` starts one only where the YAML grammar says so (not inside quotes or block scalars). */
function yamlComments(text: string): Span[] {
  const out: Span[] = [];
  // The CST keeps every source token with its offset; comments are tokens of type 'comment'.
  const visit = (t: unknown): void => {
    if (Array.isArray(t)) {
      for (const x of t) visit(x);
      return;
    }
    if (!t || typeof t !== 'object') return;
    const tok = t as { type?: unknown; offset?: unknown; source?: unknown };
    if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') {
      out.push({ from: tok.offset, to: tok.offset + tok.source.length });
      return;
    }
    for (const v of Object.values(t)) if (v && typeof v === 'object') visit(v);
  };
  for (const token of new Parser().parse(text)) visit(token);
  return out;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

// ------------------------------------------------------------------ JSON

function parseJson(text: string): ConfigDoc {
  const errs: ParseError[] = [];
  const tree = parseTree(text, errs, { allowTrailingComma: true, disallowComments: false });
  const root = tree ? fromJson(tree, text, undefined, undefined) : undefined;
  const errors = errs.map((e) => ({ from: e.offset, to: e.offset + e.length, message: jsonMessage(printParseErrorCode(e.error)) }));
  return { language: 'json', text, roots: root ? [root] : [], errors, comments: jsonComments(text) };
}

function jsonMessage(code: string): string {
  // 'CommaExpected' → 'comma expected'
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function fromJson(n: JsonNode, text: string, parent: CMap | CSeq | undefined, pair: CPair | undefined): CNode | undefined {
  const from = n.offset;
  const to = n.offset + n.length;
  switch (n.type) {
    case 'object': {
      const map: CMap = { k: 'map', from, to, pairs: [], flow: true, parent, pair };
      for (const prop of n.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || k.type !== 'string') continue;
        const keySpan = { from: k.offset, to: k.offset + k.length };
        const p: CPair = { key: String(k.value), keySpan, value: undefined, map, from: keySpan.from, to: keySpan.to };
        if (v) {
          p.value = fromJson(v, text, map, p);
          if (p.value) p.to = p.value.to;
        }
        map.pairs.push(p);
      }
      return map;
    }
    case 'array': {
      const seq: CSeq = { k: 'seq', from, to, items: [], flow: true, parent, pair };
      for (const c of n.children ?? []) {
        const item = fromJson(c, text, seq, undefined);
        if (item) seq.items.push(item);
      }
      return seq;
    }
    case 'string':
    case 'number':
    case 'boolean':
    case 'null': {
      const v: unknown = n.value;
      const value: ScalarValue = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
      return { k: 'scalar', from, to, value, source: text.slice(from, to), plain: n.type !== 'string', parent, pair };
    }
    default:
      return undefined;
  }
}

function jsonComments(text: string): Span[] {
  const out: Span[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      out.push({ from: scanner.getTokenOffset(), to: scanner.getTokenOffset() + scanner.getTokenLength() });
    }
  }
  return out;
}

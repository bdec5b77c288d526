// A small parser and expander for the TextMate/VS Code snippet syntax:
//   $1  ${1}  ${1:default, may nest ${2:more}}  ${1|one,two|}  $0  $VAR  ${VAR:default}
// Escapes: `\$`, `\}` and `\\` in text; `\,`, `\|` and `\\` inside choices.
// A `$` that starts none of the forms above is literal text, as in VS Code.
// Variable transforms (`${VAR/regex/format/}`) are not supported and raise an error.

export type SnippetNode =
  | { kind: 'text'; value: string }
  /** `$1`, `${1}` (no children) or `${1:...}` (children are the default). */
  | { kind: 'tabstop'; index: number; children: SnippetNode[] | undefined }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children: SnippetNode[] | undefined };

export class SnippetSyntaxError extends Error {}

const INT = /^[0-9]+/;
const VAR = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/** Parses a snippet body (the lines joined with `\n`). */
export function parseSnippet(body: string): SnippetNode[] {
  let pos = 0;

  function parseSeq(inside: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1])) {
        text += body[pos + 1];
        pos += 2;
      } else if (ch === '}' && inside) {
        break;
      } else if (ch === '$') {
        const node = parseDollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += ch;
          pos += 1;
        }
      } else {
        text += ch;
        pos += 1;
      }
    }
    flush();
    return nodes;
  }

  /** At a `$`: parses a tabstop, placeholder, choice or variable, or returns undefined (literal `$`). */
  function parseDollar(): SnippetNode | undefined {
    const rest = body.slice(pos + 1);
    const bareInt = INT.exec(rest);
    if (bareInt) {
      pos += 1 + bareInt[0].length;
      return { kind: 'tabstop', index: Number(bareInt[0]), children: undefined };
    }
    const bareVar = VAR.exec(rest);
    if (bareVar) {
      pos += 1 + bareVar[0].length;
      return { kind: 'variable', name: bareVar[0], children: undefined };
    }
    if (rest[0] !== '{') return undefined;
    const inner = rest.slice(1);
    const int = INT.exec(inner);
    const name = int ? undefined : VAR.exec(inner);
    const head = int ?? name;
    if (!head) return undefined;
    const start = pos;
    pos += 2 + head[0].length;
    const next = body[pos];
    if (next === '}') {
      pos += 1;
      return int
        ? { kind: 'tabstop', index: Number(head[0]), children: undefined }
        : { kind: 'variable', name: head[0], children: undefined };
    }
    if (next === ':') {
      pos += 1;
      const children = parseSeq(true);
      expectClose(start);
      return int
        ? { kind: 'tabstop', index: Number(head[0]), children }
        : { kind: 'variable', name: head[0], children };
    }
    if (next === '|' && int) {
      pos += 1;
      const options = parseChoiceOptions(start);
      return { kind: 'choice', index: Number(head[0]), options };
    }
    if (next === '/' && name) {
      throw new SnippetSyntaxError(`variable transforms are not supported (offset ${start})`);
    }
    // Not a snippet construct: the `$` is literal text.
    pos = start;
    return undefined;
  }

  function parseChoiceOptions(start: number): string[] {
    const options: string[] = [];
    let current = '';
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\' && pos + 1 < body.length && ',|\\'.includes(body[pos + 1])) {
        current += body[pos + 1];
        pos += 2;
      } else if (ch === ',') {
        options.push(current);
        current = '';
        pos += 1;
      } else if (ch === '|' && body[pos + 1] === '}') {
        options.push(current);
        pos += 2;
        return options;
      } else {
        current += ch;
        pos += 1;
      }
    }
    throw new SnippetSyntaxError(`unterminated choice starting at offset ${start}`);
  }

  function expectClose(start: number): void {
    if (body[pos] !== '}') throw new SnippetSyntaxError(`unterminated placeholder starting at offset ${start}`);
    pos += 1;
  }

  return parseSeq(false);
}

/** A snippet body as stored in snippet JSON: one string or an array of lines. */
export type SnippetBody = string | readonly string[];

export function joinBody(body: SnippetBody): string {
  return typeof body === 'string' ? body : body.join('\n');
}

export interface ExpandOptions {
  /** Text typed for a tab stop; wins over its default (and over nested placeholders inside it). */
  values?: Readonly<Record<number, string>>;
  /** Values of variables such as TM_FILENAME. Unknown variables expand to their default, else their name (as VS Code does). */
  variables?: Readonly<Record<string, string>>;
  /** Replaces each leading tab of a line: the editor's indentation unit (VS Code does this when inserting). */
  indentUnit?: string;
  /** Indentation of the line the snippet is inserted on; VS Code adds it to every line after the first. */
  baseIndent?: string;
}

/**
 * Expands a snippet the way the editor inserts it when the user accepts every default:
 * a placeholder gives its default, a choice its first option, and a bare `$n` mirrors the default given
 * for the same index elsewhere in the body.
 */
export function expandSnippet(body: SnippetBody, options: ExpandOptions = {}): string {
  const nodes = parseSnippet(joinBody(body));
  const text = renderer(nodes, options)(nodes);
  const { indentUnit, baseIndent = '' } = options;
  if (indentUnit === undefined && !baseIndent) return text;
  return text
    .split('\n')
    .map((line, i) => {
      const indented = indentUnit === undefined ? line : line.replace(/^\t+/, (tabs) => indentUnit.repeat(tabs.length));
      return i > 0 && indented ? baseIndent + indented : indented;
    })
    .join('\n');
}

/** One occurrence of a tab stop in a body, with the default text it carries (undefined for a bare `$n`). */
export interface TabstopOccurrence {
  index: number;
  kind: 'tabstop' | 'choice';
  /** Default as inserted (nested placeholders and mirrors expanded), or undefined for a bare `$n`. */
  defaultText: string | undefined;
  options: string[] | undefined;
}

/** Every tab stop occurrence in document order (outer before nested), and the variables used. */
export function describeSnippet(body: SnippetBody): { tabstops: TabstopOccurrence[]; variables: string[] } {
  const nodes = parseSnippet(joinBody(body));
  const render = renderer(nodes, {});
  const tabstops: TabstopOccurrence[] = [];
  const variables: string[] = [];
  const walk = (list: SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'tabstop') {
        const defaultText = node.children ? render(node.children) : undefined;
        tabstops.push({ index: node.index, kind: 'tabstop', defaultText, options: undefined });
        if (node.children) walk(node.children);
      } else if (node.kind === 'choice') {
        tabstops.push({ index: node.index, kind: 'choice', defaultText: node.options[0], options: node.options });
      } else if (node.kind === 'variable') {
        variables.push(node.name);
        if (node.children) walk(node.children);
      }
    }
  };
  walk(nodes);
  return { tabstops, variables };
}

/** Builds a function that renders nodes of `whole`, resolving each index to its first default in `whole`. */
function renderer(whole: SnippetNode[], options: ExpandOptions): (nodes: SnippetNode[]) => string {
  const defaults = new Map<number, SnippetNode[] | string>();
  const collect = (list: SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'tabstop' && node.children) {
        if (!defaults.has(node.index)) defaults.set(node.index, node.children);
        collect(node.children);
      } else if (node.kind === 'choice') {
        if (!defaults.has(node.index)) defaults.set(node.index, node.options[0] ?? '');
      } else if (node.kind === 'variable' && node.children) {
        collect(node.children);
      }
    }
  };
  collect(whole);

  const render = (list: SnippetNode[], active: ReadonlySet<number>): string =>
    list.map((node) => renderNode(node, active)).join('');
  const renderIndex = (index: number, active: ReadonlySet<number>): string => {
    const typed = options.values?.[index];
    if (typed !== undefined) return typed;
    const value = defaults.get(index);
    if (value === undefined) return '';
    if (typeof value === 'string') return value;
    if (active.has(index)) throw new SnippetSyntaxError(`placeholder $${index} contains itself`);
    return render(value, new Set([...active, index]));
  };
  const renderNode = (node: SnippetNode, active: ReadonlySet<number>): string => {
    switch (node.kind) {
      case 'text':
        return node.value;
      case 'tabstop':
      case 'choice':
        return renderIndex(node.index, active);
      case 'variable': {
        const value = options.variables?.[node.name];
        if (value !== undefined) return value;
        return node.children ? render(node.children, active) : node.name;
      }
    }
  };
  return (nodes) => render(nodes, new Set());
}

// Parsing Python with @lezer/python: error-recovering, incremental.
//
// Lezer 1.1.19 mis-tokenises float literals with a trailing dot: `0.` becomes `0` `.`, and `1.e-3` becomes
// `1 .e - 3`. Python itself never allows a member access directly after an integer literal (`1.real` is a
// syntax error), so a MemberExpression whose object is a Number followed at once by `.` is always one of these
// floats. We find them in the tree, patch the text to a float of the same length that Lezer reads correctly
// (`1.e-3` → `1e-03`, `0.` → `0 `, `5.j` → `5j `) and re-parse only those spots incrementally. Offsets stay
// the same, so every range still points into the user's text, and number values are read from the original.
import { parser } from '@lezer/python';
import { TreeFragment, type ChangedRange, type PartialParse, type SyntaxNode, type Tree } from '@lezer/common';
import { fastParse } from './fastparse';
import { IrBuilder, ModuleIrCache, type Span, type Stmt, shiftSpans } from './ir';
import { isAsciiNameChar } from './lexical';
import { firstStartingAt, inSpans } from '../text';

/** The span of text that differs between two versions, by common prefix and suffix. */
export function diffRange(oldText: string, newText: string): ChangedRange | undefined {
  if (oldText === newText) return undefined;
  const max = Math.min(oldText.length, newText.length);
  // Binary search over slices: the engine compares whole runs of text at once, much faster than a loop over
  // characters on a big file. Invariant: the first `start` characters (the last `end`) are equal.
  let start = 0;
  for (let hi = max; start < hi; ) {
    const mid = (start + hi + 1) >> 1;
    if (oldText.slice(start, mid) === newText.slice(start, mid)) start = mid;
    else hi = mid - 1;
  }
  let end = 0;
  for (let hi = max - start; end < hi; ) {
    const mid = (end + hi + 1) >> 1;
    if (oldText.slice(oldText.length - mid, oldText.length - end) === newText.slice(newText.length - mid, newText.length - end)) end = mid;
    else hi = mid - 1;
  }
  return { fromA: start, toA: oldText.length - end, fromB: start, toB: newText.length - end };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

interface Patch {
  from: number;
  to: number;
  text: string;
}

/**
 * Per top-level statement caches, keyed by the statement's node type and text: the trailing-dot float spots
 * (offsets relative to the statement) and the syntax error spans. A statement with the same text parses the same
 * way, so after an edit only the changed statements are walked again.
 */
interface TopLevelCache {
  /** Per statement: the spots to patch (see `Spots`). */
  floats: Map<string, Spots>;
  errors: Map<string, ErrorSpan[]>;
}

/** Offsets (relative to a top-level statement) of the text to patch before Lezer reads it. */
interface Spots {
  /** Number tokens Lezer split off a trailing-dot float. */
  floats: number[];
  /** `as` keywords of `with` headers that Lezer 1.1.19 cannot read (made `or`, see `withAsSpots`). */
  ases: number[];
}

/** An error node's span; `benign` when it is one of Lezer's errors in valid Python (see `isBenignError`). */
interface ErrorSpan {
  from: number;
  to: number;
  benign?: true;
}

export interface ParsedPython {
  /** The user's text. */
  text: string;
  /** The comments filling a line of their own, blanked in `base` (see `lezerInput`): not in the tree. */
  lineComments: Span[];
  /** What Lezer reads of `text` (see `lezerBase`: form feeds of blank lines, a whitespace-only last line), same length. */
  base: string;
  /** The text Lezer parsed: `base` with trailing-dot floats patched, same length. */
  parsedText: string;
  tree: Tree;
  /** The raw tree of `base`, kept for the next incremental parse. */
  rawTree: Tree;
  /** Error spans of `tree` (Lezer recovered around them), without the ones Lezer 1.1.19 reports in valid Python. */
  errors: { from: number; to: number }[];
  /**
   * Whether the tree has any error node, those in valid Python included. The tree is then not reused for the next
   * parse, nor its statements' IR, as after any error recovery.
   */
  recovered: boolean;
  cache: TopLevelCache;
  /** An incremental parse that found errors, kept as it is (`keepIncrementalErrors`): it may differ from a fresh one. */
  unverified?: true;
  /**
   * The IR of the top-level statements the check of an incremental parse built (`sameAsFresh`), by where each starts:
   * the IR cache takes them (once) instead of building them again.
   */
  builtIr?: Map<number, Stmt[]>;
}

/** Walks the subtree of one top-level node (nodes within its span only). */
function iterateWithin(tree: Tree, top: SyntaxNode, enter: (name: string, from: number, to: number, node: () => SyntaxNode, isError: boolean) => void): void {
  tree.iterate({
    from: top.from,
    to: top.to,
    enter(n) {
      if (n.from < top.from || n.to > top.to) return n.from <= top.from && n.to >= top.to ? undefined : false;
      if (n.from === n.to && (n.from === top.from || n.from === top.to) && !withinTop(n.node, top)) return false; // a neighbour's empty node
      enter(n.name, n.from, n.to, () => n.node, n.type.isError);
      return undefined;
    },
  });
}

/** Whether a node lies inside the top-level statement `top` (an empty node at a boundary may belong to a neighbour). */
function withinTop(node: SyntaxNode, top: SyntaxNode): boolean {
  let a = node;
  while (a.parent?.parent) a = a.parent;
  return a.from === top.from && a.to === top.to && a.name === top.name;
}

/**
 * One walk over a top-level statement: the offsets (relative to the statement) of Number tokens that Lezer split
 * off a trailing-dot float, and the statement's error spans.
 */
function scanTop(text: string, tree: Tree, top: SyntaxNode): { spots: Spots; errors: ErrorSpan[] } {
  const spots: Spots = { floats: [], ases: [] };
  const errors: ErrorSpan[] = [];
  const withs: number[] = [];
  iterateWithin(tree, top, (name, from, _to, node, isError) => {
    if (isError) errors.push(errorSpan(node(), top.from));
    if (name === 'with' && node().parent?.name === 'WithStatement') withs.push(from);
    if (name !== 'MemberExpression') return;
    const num = node().firstChild;
    if (!num || num.name !== 'Number') return;
    if (text.charCodeAt(num.to) !== 46 /* . */) return;
    // Only a plain integer literal can be the first half of a split float (not 0x1 or 1.5).
    for (let i = num.from; i < num.to; i++) {
      const c = text.charCodeAt(i);
      if (!isDigit(c) && c !== 95) return;
    }
    spots.floats.push(num.from - top.from);
  });
  // `with` headers only where Lezer reported errors: a header it reads needs nothing
  if (errors.length) for (const w of withs) for (const at of withAsSpots(text, w + 4)) spots.ases.push(at - top.from);
  return { spots, errors };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12;
}

/** The end of a string literal starting at `i` (its quote), or of the line for a comment. */
function skipLiteral(text: string, i: number): number {
  const q = text[i];
  if (q === '#') {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length : nl;
  }
  const triple = text.startsWith(q + q + q, i);
  const close = triple ? q + q + q : q;
  for (let j = i + close.length; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (!triple && text[j] === '\n') return j;
    else if (text.startsWith(close, j)) return j + close.length;
  }
  return text.length;
}

/**
 * The `as` keywords of a `with` header (from `from`, just after `with`, to the colon) that Lezer 1.1.19 cannot read:
 * every one inside parenthesized context managers (Python 3.10: `with (open(a) as f, open(b) as g):`), and one whose
 * target is not a plain name (`as (out, err)`, `as self.x`, `as x[0]`). Made `or` (same length), the header is an
 * expression Lezer reads; the IR turns each `x or y` whose operator is `as` in the user's text back into an item and
 * its target (ir.ts, `withItems`).
 */
export function withAsSpots(text: string, from: number): number[] {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const parenthesized = text.charCodeAt(i) === 40;
  const out: number[] = [];
  let depth = 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    const c = text.charCodeAt(i);
    if (ch === '"' || ch === "'" || ch === '#') {
      i = skipLiteral(text, i) - 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (depth === 0 && (ch === ':' || c === 10)) break;
    else if (ch === '\\') i++;
    else if (ch === 'a' && text.charCodeAt(i + 1) === 115 && !isAsciiNameChar(text.charCodeAt(i - 1)) && !isAsciiNameChar(text.charCodeAt(i + 2))) {
      if (parenthesized ? depth === 1 : depth === 0 && !plainTarget(text, i + 2)) out.push(i);
    }
  }
  return out;
}

/** Offsets of backslashes that end a line followed by a blank or comment-only line, outside string literals. */
function continuationsEndingLine(text: string, tree: Tree): number[] {
  const out: number[] = [];
  for (let at = text.indexOf('\\'); at >= 0; at = text.indexOf('\\', at + 1)) {
    // a backslash at the end of a line (`lezerBase` put the backslash of a CRLF right before the `\n`)
    if (text.charCodeAt(at + 1) !== 10) continue;
    let k = at + 2;
    while (isSpace(text.charCodeAt(k))) k++;
    // before a blank line, or a line of only a comment (Python joins it, and the comment ends the line)
    if (k < text.length && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13 && text.charCodeAt(k) !== 35) continue;
    let literal = false;
    for (let n: SyntaxNode | null = tree.resolveInner(at, 1); n && !literal; n = n.parent) literal = n.name === 'String' || n.name === 'FormatString' || n.name === 'Comment';
    if (!literal) out.push(at);
  }
  return out;
}

/** Whether the target after an `as` is one name followed by `,` or `:` (what Lezer reads). */
function plainTarget(text: string, i: number): boolean {
  while (isSpace(text.charCodeAt(i))) i++;
  const start = i;
  while (isAsciiNameChar(text.charCodeAt(i)) || text.charCodeAt(i) > 127) i++;
  if (i === start) return false;
  while (isSpace(text.charCodeAt(i))) i++;
  return text[i] === ',' || text[i] === ':' || text[i] === '#';
}

/**
 * Error nodes that Lezer 1.1.19 puts in valid Python, where the tree around them is still Python's:
 * - a bare `yield` (`yield`, `x = yield`, `(yield)`; common in `@contextmanager` functions): an empty error where it
 *   expects the value;
 * - a class pattern without arguments (`case Point():`), and an empty sequence pattern (`case []:`, `case ():`, the
 *   usual way to match an empty list or tuple): an empty error inside the empty brackets;
 * - an empty mapping pattern (`case {}:`, any mapping): an error around its closing brace.
 * They are not syntax errors to report.
 */
export function isBenignError(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  // Python 3 reads `print >> log, text` (Python 2's print to a file) and `print > x` as expressions: a shift or a
  // comparison, then a tuple. Lezer reads a print statement and errs on the operator and on the comma after it.
  if (parent.name === 'PrintStatement' && node.firstChild?.name === 'CompareOp' && printsWithOperator(parent)) return true;
  if (node.firstChild?.name === ',' && !node.firstChild.nextSibling && node.prevSibling?.name === 'PrintStatement' && printsWithOperator(node.prevSibling)) return true;
  if (parent.name === 'MappingPattern') {
    // `{` then the error holding only `}`: the pattern's whole text is `{}` (spaces or comments aside)
    const only = node.firstChild;
    let open = node.prevSibling;
    while (open?.name === 'Comment') open = open.prevSibling;
    return only?.name === '}' && !only.nextSibling && open?.name === '{' && !open.prevSibling && !node.nextSibling;
  }
  if (node.from !== node.to || node.firstChild) return false;
  if (parent.name === 'YieldStatement' || parent.name === 'YieldExpression') {
    if (node.nextSibling) return false;
    for (let s = node.prevSibling; s; s = s.prevSibling) if (s.name !== 'yield' && s.name !== 'Comment') return false;
    return true;
  }
  if (parent.name === 'LiteralPattern' && !node.prevSibling && !node.nextSibling && parent.from === parent.to) {
    const before = parent.prevSibling;
    const after = parent.nextSibling;
    const brackets = parent.parent?.name === 'PatternArgList' || parent.parent?.name === 'SequencePattern';
    const open = before?.name;
    return brackets && (open === '(' || open === '[') && !before?.prevSibling && after?.name === (open === '(' ? ')' : ']') && !after.nextSibling;
  }
  return false;
}

/**
 * What Lezer reads of the user's text, same length: form feeds of blank lines made spaces (`blankFormFeeds`), and a
 * last line of only spaces or tabs, without a newline, made newlines. Python ignores such a line; Lezer 1.1.19 reads it
 * as an indent when it is deeper than the block before it and reports an error at the end of the file (files saved
 * with the editor's indentation on their last line).
 */
export function lezerBase(text: string): string {
  return lezerInput(text, true).base;
}

/**
 * What Lezer reads of `text` (see `lezerBase`) and, with `blank`, the comments that fill a line of their own, made
 * spaces in it (same length). Lezer 1.1.19 reuses nothing of its previous tree after an edit when such a comment
 * follows an indented block (a notebook exported as a script, `# %%` cells): every keystroke parsed the rest of the
 * file again (33 ms at 5,200 lines, 1.2 ms with the comments blanked). Whether an offset is in a comment is then
 * answered from `lineComments` as well as from the tree (suppression comments).
 */
function lezerInput(text: string, blank: boolean): { base: string; lineComments: Span[] } {
  let base = crlfContinuations(blankFormFeeds(text));
  const lineComments = blank ? wholeLineComments(base) : [];
  if (lineComments.length) {
    const parts: string[] = [];
    let last = 0;
    for (const c of lineComments) {
      parts.push(base.slice(last, c.from), ' '.repeat(c.to - c.from));
      last = c.to;
    }
    parts.push(base.slice(last));
    base = parts.join('');
  }
  // a last line of only blanks (a blanked comment too), without a line break: blank lines
  let i = base.length;
  while (i > 0 && (base.charCodeAt(i - 1) === 32 || base.charCodeAt(i - 1) === 9)) i--;
  if (i < base.length && (i === 0 || base.charCodeAt(i - 1) === 10)) base = base.slice(0, i) + '\n'.repeat(base.length - i);
  return { base, lineComments };
}

/**
 * The comments that fill a line of their own (only blanks before the `#`), outside string literals: a scan that knows
 * single- and triple-quoted strings, their escapes, and continuation lines. Where it reads a string otherwise than
 * Lezer does (Python 3.12's f-strings with nested quotes of their own kind), `parseSteps` finds a blanked line inside
 * a string of the tree and parses the text again without blanking.
 */
export function wholeLineComments(text: string): Span[] {
  const out: Span[] = [];
  const n = text.length;
  // the characters that matter (comments, quotes, escapes and continuations); the rest is skipped natively
  const next = /[#'"\\]/g;
  let i = 0;
  while (i < n) {
    next.lastIndex = i;
    const m = next.exec(text);
    if (!m) break;
    i = m.index;
    const c = text.charCodeAt(i);
    if (c === 35) {
      let end = i;
      while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      // only blanks before it on its line, and that line does not go on from the one before (a continuation)
      let b = i - 1;
      while (b >= 0 && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9 || text.charCodeAt(b) === 12)) b--;
      const lineStart = b < 0 || text.charCodeAt(b) === 10 || text.charCodeAt(b) === 13;
      if (lineStart && !continued(text, b)) out.push({ from: i, to: end });
      i = end;
    } else if (c === 92) {
      // a backslash outside a string: a continuation (or an error); the next character is not special
      i += 2;
    } else {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      let j = i + (triple ? 3 : 1);
      for (;;) {
        if (j >= n) break;
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === c && (!triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) {
          j += triple ? 3 : 1;
          break;
        } else if (!triple && (d === 10 || d === 13)) break;
        else j++;
      }
      i = j;
    }
  }
  return out;
}

/** Whether the line break at `at` (`\n`, or the `\n` of a CRLF) ends a line that goes on: a backslash before it. */
function continued(text: string, at: number): boolean {
  if (at < 0) return false;
  let b = at - 1;
  if (text.charCodeAt(at) === 10 && text.charCodeAt(b) === 13) b--;
  return b >= 0 && text.charCodeAt(b) === 92;
}

/**
 * Whether a blanked comment lies in a string literal of the tree (the scan read a string otherwise than Lezer). After
 * an incremental parse only the top-level statements the change touches are looked at: one that it does not touch
 * has the text it had, and was looked at when that text was new (a statement is read the same alone or in the file).
 */
function blankedInString(tree: Tree, lineComments: Span[], change: ChangedRange | undefined): boolean {
  const inString = (c: Span): boolean => {
    for (let node: SyntaxNode | null = tree.resolveInner(c.from, 1); node; node = node.parent) {
      if (node.name === 'String' || node.name === 'FormatString') return true;
    }
    return false;
  };
  if (!change) return lineComments.some(inString);
  for (let top = tree.topNode.firstChild; top; top = top.nextSibling) {
    if (top.to < change.fromB) continue;
    if (top.from > change.toB) break;
    // the blanked comments inside this statement
    for (let i = firstStartingAt(lineComments, (c) => c.from, top.from); i < lineComments.length && lineComments[i].from < top.to; i++) if (inString(lineComments[i])) return true;
  }
  return false;
}

/** Whether an offset is in a comment of a parse: a node of its tree, or a comment blanked before Lezer read the text. */
export function commentAt(p: ParsedPython, at: number): boolean {
  return p.tree.resolveInner(at, 1).name === 'Comment' || inSpans(p.lineComments, at);
}

/**
 * `text` with each backslash before a CRLF moved after the `\r` (`\\\r\n` → ` \\\n`, same length). Lezer 1.1.19
 * reads a backslash and a `\r` as an escape or a continuation of their own, and the `\n` after them as the end of
 * the line: a string continued over a CRLF line break (`"…and \\` then `more"`) was an error, with the rest of the
 * file read wrongly. Moved, the backslash and the `\n` are what they are with LF endings: a continuation in code or
 * in a string, the end of a comment. String values are read from the user's text.
 */
function crlfContinuations(text: string): string {
  return text.includes('\\\r\n') ? text.replace(/\\\r\n/g, ' \\\n') : text;
}

/**
 * `text` with the form feeds of blank and comment-only lines turned into spaces (same length). Python takes such a
 * line (a page break, `^L`, as in the standard library's sources) as blank; Lezer 1.1.19 reports an error and, inside
 * a block, ends the block there. Form feeds anywhere else are left alone.
 */
export function blankFormFeeds(text: string): string {
  if (!text.includes('\f')) return text;
  let out = '';
  let last = 0;
  for (let line = 0; line < text.length; ) {
    let i = line;
    let feeds = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 12) feeds = true;
      else if (c !== 32 && c !== 9) break;
    }
    const c = text.charCodeAt(i);
    if (feeds && (i >= text.length || c === 10 || c === 13 || c === 35)) {
      out += text.slice(last, line) + text.slice(line, i).replace(/\f/g, ' ');
      last = i;
    }
    const end = text.indexOf('\n', i);
    if (end < 0) break;
    line = end + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * A print statement whose `print` is followed by Lezer's errors on an operator, then an operand (`print >> log`,
 * `print > x`; not `print >>` alone, which Python 3 rejects too).
 */
function printsWithOperator(stmt: SyntaxNode): boolean {
  const kw = stmt.firstChild;
  const next = kw?.nextSibling;
  const last = stmt.lastChild;
  return kw?.name === 'print' && !!next && next.type.isError && next.firstChild?.name === 'CompareOp' && !!last && !last.type.isError;
}

function errorSpan(node: SyntaxNode, base: number): ErrorSpan {
  const span: ErrorSpan = { from: node.from - base, to: node.to - base };
  if (isBenignError(node)) span.benign = true;
  return span;
}

function* topLevel<T>(tree: Tree, text: string, cache: Map<string, T>, next: Map<string, T>, compute: (top: SyntaxNode, key: string) => T, each: (value: T, top: SyntaxNode) => void): Generator<typeof PAUSE, void, unknown> {
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) {
    const key = c.name + '\0' + text.slice(c.from, c.to);
    let v = next.get(key) ?? cache.get(key);
    if (v === undefined) {
      v = compute(c, key);
      // a statement walked: a point where a parse run in slices may stop
      yield PAUSE;
    }
    next.set(key, v);
    each(v, c);
  }
}

function patchAt(text: string, from: number): Patch {
  let dot = from;
  while (dot < text.length && text.charCodeAt(dot) !== 46) dot++;
  // Digits, then '.', then maybe an exponent or a complex suffix.
  const after = text.charCodeAt(dot + 1);
  if (after === 101 || after === 69) {
    // e or E: "1.e-3" → "1e-03" (drop the dot, pad the exponent with a zero so the length is kept)
    let i = dot + 2;
    let sign = '';
    if (text[i] === '+' || text[i] === '-') sign = text[i++];
    const expStart = i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    if (i > expStart) {
      const replaced = text.slice(from, dot) + text[dot + 1] + sign + '0' + text.slice(expStart, i);
      return { from, to: i, text: replaced };
    }
  }
  if ((after === 106 || after === 74) && !isAsciiNameChar(text.charCodeAt(dot + 2))) {
    // 5.j → "5j "
    return { from, to: dot + 2, text: text.slice(from, dot) + text[dot + 1] + ' ' };
  }
  // 0. → "0 "
  return { from, to: dot + 1, text: text.slice(from, dot) + ' ' };
}

/**
 * Parse `text`, reusing `previous` (the last parse of the same file) where the text did not change.
 */
export function parsePython(text: string, previous?: ParsedPython, keepIncrementalErrors = false): ParsedPython {
  const steps = parseSteps(text, previous, keepIncrementalErrors);
  let step = steps.next();
  while (!step.done) step = steps.next(step.value === PAUSE ? undefined : parser.parse(step.value.input, step.value.fragments));
  return step.value;
}

/** A parse `parseSteps` asks Lezer for: the input and the fragments of an earlier tree to reuse. */
interface ParseRequest {
  input: string;
  fragments?: readonly TreeFragment[];
}

/** What `parseSteps` yields between two pieces of its own work: a parse run in slices may stop there. */
const PAUSE = 0;
type ParseStep = ParseRequest | typeof PAUSE;

/**
 * A fresh parse run a slice at a time, for idle work (`Analyzer.prepareForEdits`): the same result as
 * `parsePython(text)`, with Lezer's parses advanced until a deadline and resumed by the next call. What runs
 * between the parses (finding the spots to patch, the errors) is not sliced; it is a small part of the whole.
 */
export class ParseJob {
  private readonly steps: Generator<ParseStep, ParsedPython, Tree | undefined>;
  private step: IteratorResult<ParseStep, ParsedPython>;
  private partial: PartialParse | undefined;

  /** `previous`: an earlier parse of the file to parse on from, as `parsePython` does (a fresh parse without it). */
  constructor(
    readonly text: string,
    readonly previous?: ParsedPython,
  ) {
    this.steps = parseSteps(text, previous);
    this.step = this.steps.next();
  }

  /** Works until `deadline` (a `performance.now()` time) or the end: the parse when it is done. */
  advance(deadline: number): ParsedPython | undefined {
    for (;;) {
      if (this.step.done) return this.step.value;
      if (this.step.value === PAUSE) {
        // past the pause first: every call makes progress, whatever its budget
        this.step = this.steps.next();
        if (performance.now() >= deadline) return undefined;
        continue;
      }
      this.partial ??= parser.startParse(this.step.value.input, this.step.value.fragments);
      let tree: Tree | null;
      // Lezer advances a token or so per call: the clock is read every 256 calls
      for (let n = 1; !(tree = this.partial.advance()); n++) if ((n & 255) === 0 && performance.now() >= deadline) return undefined;
      this.partial = undefined;
      this.step = this.steps.next(tree);
    }
  }
}

/** `parsePython` as steps: Lezer's parses are asked for (yielded), so that they can be run in slices (`ParseJob`). */
function* parseSteps(text: string, previous?: ParsedPython, keepIncrementalErrors = false, blank = true): Generator<ParseStep, ParsedPython, Tree | undefined> {
  if (previous && previous.text === text) return previous;
  // What Lezer reads: the text with form feeds on blank lines and comments filling a line made spaces (same length:
  // offsets stay the same).
  const { base, lineComments } = lezerInput(text, blank);
  const change = previous ? diffRange(previous.base, base) : undefined;
  // Lezer's incremental parse can diverge from a fresh parse around syntax errors (seen with 1.1.19 after an
  // indentation error), and a diverged tree would stay wrong for every later edit. So the incremental path is
  // only taken between error-free versions; anything else is parsed afresh (see the end of this function).
  const incremental = previous !== undefined && change !== undefined && !previous.recovered;
  const rawTree = (yield { input: base, fragments: incremental ? TreeFragment.applyChanges(TreeFragment.addTree(previous.rawTree), [change]) : undefined }) as Tree;
  const cache: TopLevelCache = { floats: new Map(), errors: new Map() };
  const patches: Patch[] = [];
  const reuse = incremental ? previous : undefined;
  // The errors of the raw tree, by statement: they are the final ones when nothing needs patching.
  const rawErrors = new Map<string, ErrorSpan[]>();
  yield* topLevel(
    rawTree,
    base,
    reuse?.cache.floats ?? new Map<string, Spots>(),
    cache.floats,
    (top, key) => {
      const scan = scanTop(base, rawTree, top);
      rawErrors.set(key, scan.errors);
      return scan.spots;
    },
    (spots, top) => {
      for (const rel of spots.floats) patches.push(patchAt(base, top.from + rel));
      for (const rel of spots.ases) patches.push({ from: top.from + rel, to: top.from + rel + 2, text: 'or' });
    },
  );
  // A line continuation before a blank line, or before a line of only a comment, ends the statement in Python and is
  // an error to Lezer: the backslash becomes a space (only where Lezer reported errors, and not inside a string literal)
  if ([...rawErrors.values()].some((l) => l.length)) for (const at of continuationsEndingLine(base, rawTree)) patches.push({ from: at, to: at + 1, text: ' ' });
  patches.sort((a, b) => a.from - b.from);
  let parsedText = base;
  if (patches.length) {
    parsedText = '';
    let last = 0;
    for (const p of patches) {
      parsedText += base.slice(last, p.from) + p.text;
      last = p.to;
    }
    parsedText += base.slice(last);
  }
  // The patched tree: on the incremental path, the previous patched tree re-read where the text changed;
  // otherwise a fresh parse of the patched text.
  let tree = rawTree;
  if (patches.length) {
    const prevPatched = incremental ? diffRange(previous.parsedText, parsedText) : undefined;
    if (incremental && !prevPatched) tree = previous.tree;
    else if (incremental && prevPatched) tree = (yield { input: parsedText, fragments: TreeFragment.applyChanges(TreeFragment.addTree(previous.tree), [prevPatched]) }) as Tree;
    // Afresh, not re-reading the raw tree at the patched spots: Lezer 1.1.19 was seen to merge the classes that
    // follow a patched spot into one ClassDefinition that way (scipy's _basinhopping.py), with no error to show.
    else tree = (yield { input: parsedText }) as Tree;
  }
  const errors: { from: number; to: number }[] = [];
  let recovered = false;
  yield* topLevel(
    tree,
    parsedText,
    reuse?.cache.errors ?? new Map<string, ErrorSpan[]>(),
    cache.errors,
    (top, key) => {
      const known = patches.length ? undefined : rawErrors.get(key);
      if (known) return known;
      const list: ErrorSpan[] = [];
      iterateWithin(tree, top, (_name, _from, _to, node, isError) => {
        if (isError) list.push(errorSpan(node(), top.from));
      });
      return list;
    },
    (list, top) => {
      for (const e of list) {
        recovered = true;
        if (!e.benign) errors.push({ from: top.from + e.from, to: top.from + e.to });
      }
    },
  );
  if (incremental && recovered && !keepIncrementalErrors) return yield* parseSteps(text);
  // an error-free incremental tree is checked where the text changed; a fresh parse where it went wrong
  // a comment blanked where Lezer reads a string: the whole text again, as it is
  if (lineComments.length && blankedInString(tree, lineComments, incremental ? change : undefined)) return yield* parseSteps(text, undefined, keepIncrementalErrors, false);
  const builtIr = new Map<number, Stmt[]>();
  if (incremental && !recovered && !sameAsFresh(previous, text, tree, parsedText, builtIr, base)) return yield* parseSteps(text, undefined, keepIncrementalErrors, blank);
  return { text, lineComments, base, parsedText, tree, rawTree, errors, recovered, cache, ...(incremental && recovered ? { unverified: true } : {}), ...(builtIr.size ? { builtIr } : {}) };
}

/**
 * A version being typed, read around its syntax error: the top-level statements the text changed in since the last
 * error-free version (`good`) are parsed alone, as a stretch of the file; the statements before and after them are
 * those of `good`, unchanged. So an error is confined to the statements it is typed in (an unclosed bracket in one
 * function does not swallow the functions after it, as it does in Lezer's recovery of the whole file), and a
 * keystroke costs a parse of that stretch instead of the whole file.
 */
export interface SplicedParse {
  good: ParsedPython;
  /** The stretch parsed alone, in the new text from `start`; in `good`'s text it was [start, endOld). */
  start: number;
  endOld: number;
  /** How far the statements after the stretch moved. */
  delta: number;
  slice: ParsedPython;
  /** The stretch's syntax errors, in the new text. */
  errors: { from: number; to: number }[];
  isComment: (offset: number) => boolean;
}

/** Where a change falls in a file's top-level statements: see `stretchAround`. */
export interface Stretch {
  /** The stretch is [start, endOld) in the earlier text and [start, endNew) in the new one. */
  start: number;
  endOld: number;
  endNew: number;
  /** How far the statements after the stretch moved. */
  delta: number;
}

/**
 * The stretch of top-level statements of `good` (an error-free parse) that a change touches, widened to whole
 * statements that start a line (see `stretchAround`). Undefined when it is the whole file.
 */
function stretchOf(good: ParsedPython, text: string, change: ChangedRange): Stretch | undefined {
  // statements at the start of a line, not comments: where a stretch may begin or end
  const tops: SyntaxNode[] = [];
  for (let c = good.tree.topNode.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') tops.push(c);
  return stretchAround(tops, good.base, text, change);
}

/**
 * The stretch of an error-free text's top-level statements (`tops`, in order, comments not among them) that a change
 * touches, widened to whole statements that start a line: [start, endOld) in the earlier text `old`, [start, endNew)
 * in the new `text`. The text before the stretch, and the text from its end on, are the same in both; the
 * statements before it end before it, and the one at its end starts a line. Undefined when it is the whole file.
 */
export function stretchAround(tops: readonly Span[], old: string, text: string, change: ChangedRange): Stretch | undefined {
  const lineStart = (at: number): number => old.lastIndexOf('\n', at - 1) + 1;
  const boundary = (n: Span): boolean => lineStart(n.from) === n.from;
  // the first statement the change touches (or the one after it), then back to one that starts a line, with no
  // statement before it reaching into the stretch and not indented code right after a statement (its body)
  // (`to` grows with `from`: the statements do not overlap)
  let k = firstStartingAt(tops, (n) => n.to, change.fromA);
  let start = Math.min(k < tops.length ? tops[k].from : old.length, lineStart(change.fromA));
  while (k > 0 && (tops[k - 1].to > start || (k < tops.length && !boundary(tops[k])) || indentedAt(text, start))) {
    k--;
    start = Math.min(tops[k].from, start);
  }
  if (k === 0) start = 0;
  let j = firstStartingAt(tops, (n) => n.from, change.toA + 1);
  while (j < tops.length && !boundary(tops[j])) j++;
  const endOld = j < tops.length ? tops[j].from : old.length;
  if (start === 0 && endOld === old.length) return undefined;
  const delta = text.length - old.length;
  return { start, endOld, endNew: endOld + delta, delta };
}

/**
 * Whether an incremental parse of error-free text has the structure a fresh parse would give where the text
 * changed: the nodes of the changed stretch (see `stretchOf`) against a fresh parse of the stretch alone. Lezer
 * 1.1.19's incremental parse was seen to merge the statements after an edit inside a docstring into one class,
 * without an error (pytorch/examples' gcn/main.py): such a tree must not be used.
 */
export function sameAsFresh(previous: ParsedPython, text: string, tree: Tree, parsedText: string, built?: Map<number, Stmt[]>, base = lezerBase(text)): boolean {
  const change = diffRange(previous.base, base);
  if (!change) return true;
  const at = stretchOf(previous, text, change);
  if (!at) return false;
  const { start, endOld, endNew, delta } = at;
  // outside the stretch, the previous version's top-level statements, moved by the edit (Lezer was also seen to merge
  // statements far after an edit, where the text had not changed: bentrevett's seq2seq train.py)
  const outside = (t: Tree, end: number, shift: number): string => {
    let out = '';
    for (let c = t.topNode.firstChild; c; c = c.nextSibling) {
      if (c.to <= start) out += `${c.type.id}:${c.from}:${c.to};`;
      else if (c.from >= end) out += `${c.type.id}:${c.from + shift}:${c.to + shift};`;
    }
    return out;
  };
  if (outside(tree, endNew, 0) !== outside(previous.tree, endOld, delta)) return false;
  // no statement reaches across the stretch's ends (the failure seen: a class swallowing the statements after it)
  const inside: SyntaxNode[] = [];
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) {
    if (c.to <= start || c.from >= endNew) continue;
    if (c.from < start || c.to > endNew) return false;
    inside.push(c);
  }
  // and, unless the stretch is big (one huge class: a parse of it on every keystroke), the same nodes inside it
  if (endNew - start > MAX_CHECKED_STRETCH) return true;
  // First the fast parser's reading of the stretch (several times cheaper than Lezer's; a keystroke in a long function
  // used to cost a parse of the function): the same IR as the tree's means the tree reads the stretch as a fresh parse
  // does, the fast path and Lezer's being the same IR for every text the fast path takes (test/unit/fastparse.test.ts).
  if (fastReadsAlike(inside, text, parsedText, start, endNew, built)) return true;
  const alone = parser.parse(parsedText.slice(start, endNew));
  const got: number[] = [];
  for (const c of inside) flatten(c, start, got);
  const want: number[] = [];
  for (let c = alone.topNode.firstChild; c; c = c.nextSibling) flatten(c, 0, want);
  if (got.length !== want.length) return false;
  for (let i = 0; i < got.length; i++) if (got[i] !== want[i]) return false;
  return true;
}

/**
 * Whether the fast parser takes the stretch and reads it as the tree's nodes in it give (IR spans included). Then
 * `built` gets the IR built of those nodes (by where each starts), as `ModuleIrCache` would build it.
 */
function fastReadsAlike(inside: SyntaxNode[], text: string, parsedText: string, start: number, end: number, built?: Map<number, Stmt[]>): boolean {
  const fast = fastParse(text.slice(start, end));
  if (!fast) return false;
  const builder = new IrBuilder(text, parsedText);
  const byNode: [number, Stmt[]][] = [];
  for (const c of inside) {
    if (c.name === 'Comment') continue;
    const stmts: Stmt[] = [];
    builder.stmtsOf(c, stmts);
    byNode.push([c.from, stmts]);
  }
  for (const st of fast.stmts) shiftSpans(st, start);
  if (!sameValue(byNode.flatMap(([, stmts]) => stmts), fast.stmts)) return false;
  for (const [at, stmts] of byNode) built?.set(at, stmts);
  return true;
}

/** Deep equality of plain data (the IR): the same keys with equal values, arrays item by item. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!(k in y) || !sameValue(x[k], y[k])) return false;
  return true;
}

/** Above this many characters a changed stretch is checked for its ends only (a fresh parse of it costs ~1 ms per 2.5 KB). */
const MAX_CHECKED_STRETCH = 32_768;

/** A subtree as (node type, from, to) triples, positions relative to `offset`. */
function flatten(node: SyntaxNode, offset: number, out: number[]): void {
  const c = node.cursor();
  const walk = (): void => {
    out.push(c.type.id, c.from - offset, c.to - offset);
    if (c.firstChild()) {
      do walk();
      while (c.nextSibling());
      c.parent();
    }
  };
  walk();
}

/**
 * Reads `text` as `good` (an error-free parse of an earlier version) with the statements around the change parsed
 * alone (see `SplicedParse`). Undefined when that does not apply: `good` had errors, the change spans the whole
 * file, or the stretch parses without errors (the error is not where the text changed: parse the file afresh).
 */
export function spliceParse(good: ParsedPython, text: string): SplicedParse | undefined {
  const at = goodStretch(good, text);
  return at && spliceAt(good, text, at);
}

/** The stretch of `good`'s statements a new text changes (see `stretchOf`); undefined where `spliceParse` does not apply. */
function goodStretch(good: ParsedPython, text: string): Stretch | undefined {
  if (good.recovered) return undefined;
  const change = diffRange(good.base, lezerBase(text));
  return change && stretchOf(good, text, change);
}

/**
 * `spliceParse` without parsing the whole text first, where it is known to have a syntax error: the stretch the change
 * touches does not parse alone, and joined to the statement before it and the one after it (which parse alone) it
 * does not parse either. A stretch that reads only with its neighbours (an `else:` after an `if`, a decorator typed
 * above blank lines before a function) may be valid in the file, as may one that ends in a line continuation: those,
 * and code the fast parser leaves to Lezer, go the usual way (undefined). Lezer's parse of a whole long file with an
 * error is most of a keystroke's parse, and its recovery can nest the rest of the file thousands of levels deep.
 */
export function spliceIfBroken(good: ParsedPython, text: string): SplicedParse | undefined {
  const at = goodStretch(good, text);
  if (!at || continuedAt(text, at.start) || continuedAt(text, at.endNew) || fastParse(text.slice(at.start, at.endNew))) return undefined;
  // code the fast parser leaves to Lezer (`async`, `match`): its failing says nothing of an error
  if (!fastTakes(good, at.start, at.endOld)) return undefined;
  let before: SyntaxNode | undefined;
  let after: SyntaxNode | undefined;
  for (let c = good.tree.topNode.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Comment') continue;
    if (c.to <= at.start) before = c;
    else if (c.from >= at.endOld) {
      after = c;
      break;
    }
  }
  const from = before ? text.lastIndexOf('\n', before.from - 1) + 1 : at.start;
  const eol = after ? text.indexOf('\n', after.to + at.delta) : -1;
  const to = !after ? at.endNew : eol < 0 ? text.length : eol + 1;
  if (before && !fastParse(text.slice(from, at.start))) return undefined;
  if (after && !fastParse(text.slice(at.endNew, to))) return undefined;
  if (fastParse(text.slice(from, to))) return undefined;
  return spliceAt(good, text, at);
}

const takenByFast = new WeakMap<ParsedPython, Map<string, boolean>>();

/** Whether the fast parser reads [from, to) of an error-free parse's text (asked again on every keystroke in a stretch). */
function fastTakes(good: ParsedPython, from: number, to: number): boolean {
  let known = takenByFast.get(good);
  if (!known) takenByFast.set(good, (known = new Map<string, boolean>()));
  const key = `${from}:${to}`;
  let v = known.get(key);
  if (v === undefined) known.set(key, (v = fastParse(good.text.slice(from, to)) !== undefined));
  return v;
}

/** Whether the text just before `end` is a line continuation (a backslash, then the line break). */
export function continuedAt(text: string, end: number): boolean {
  return text.charCodeAt(end - 1) === 10 && continued(text, end - 1);
}

function spliceAt(good: ParsedPython, text: string, at: Stretch): SplicedParse | undefined {
  const { start, endOld, endNew, delta } = at;
  const slice = parsePython(text.slice(start, endNew));
  if (!slice.errors.length) return undefined;
  return {
    good,
    start,
    endOld,
    delta,
    slice,
    errors: errorsOfPiece(slice, start),
    isComment: (at) => (at < start ? commentAt(good, at) : at < endNew ? commentAt(slice, at - start) : commentAt(good, at - delta)),
  };
}

/**
 * The errors of a piece of a text parsed alone (starting at `offset`), in the text: an error at the end of the piece (an
 * unclosed bracket or string) is shown after its last character, not on the line of the statement that follows it.
 */
function errorsOfPiece(p: ParsedPython, offset: number): Span[] {
  const last = p.text.trimEnd().length;
  return p.errors.map((e) => ({ from: Math.min(e.from, last) + offset, to: Math.min(e.to, last) + offset }));
}

/** Whether the first line at `at` that is not blank or a comment is indented (code of the statement before it). */
function indentedAt(text: string, at: number): boolean {
  let i = at;
  while (i < text.length) {
    let j = i;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f')) j++;
    const c = text[j];
    if (c === '\n' || c === '\r') {
      i = j + 1;
      continue;
    }
    if (c === '#') {
      const nl = text.indexOf('\n', j);
      if (nl < 0) return false;
      i = nl + 1;
      continue;
    }
    return j > i;
  }
  return false;
}

/**
 * Offsets where a top-level statement may start, for reading a file a piece at a time (`readInPieces`): the start of
 * the text, and line starts at no indentation, outside string literals and comments, not after a line continuation,
 * whose first character can start a statement (not `else:` and the like). Inside brackets (an unclosed one being
 * typed) only where a `def`, a `class`, a decorator or an import starts, which no bracket can hold.
 */
export function topLevelStarts(text: string): number[] {
  const out = [0];
  const n = text.length;
  let depth = 0;
  // after a decorator, its function or class (or the next decorator) is the same statement
  let decorated = text.charCodeAt(0) === 64;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      if (i < n && startsStatement(text, i, depth > 0)) {
        if (!decorated) out.push(i);
        decorated = text.charCodeAt(i) === 64;
        depth = 0;
      }
    } else if (c === 35 || c === 34 || c === 39) i = skipLiteral(text, i);
    else if (c === 92) i += text.charCodeAt(i + 1) === 13 ? 3 : 2; // a continuation: the line goes on
    else {
      if (c === 40 || c === 91 || c === 123) depth++;
      else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
      i++;
    }
  }
  return out;
}

/** Whether the line at `i` (no indentation) starts a statement; `bracketed`: inside brackets, only one no bracket holds. */
function startsStatement(text: string, i: number, bracketed: boolean): boolean {
  const c = text.charCodeAt(i);
  if (!(c === 64 || c > 127 || (isAsciiNameChar(c) && !isDigit(c)))) return false;
  const head = text.slice(i, i + 9);
  if (/^(?:else|elif|except|finally)\b/.test(head)) return false;
  return !bracketed || /^(?:@|(?:def|class|async|import|from)\b)/.test(head);
}

/** A text read a piece at a time (`readInPieces`): the IR, the syntax errors and the comments of the whole. */
export interface PiecewiseRead {
  stmts: Stmt[];
  errors: Span[];
  isComment: (at: number) => boolean;
}

/**
 * Reads a text with syntax errors a top-level piece at a time (see `topLevelStarts`): each piece by the fast path, or
 * by Lezer with its errors, so that an error stays in its piece. For text Lezer 1.1.19 cannot read whole: an unclosed
 * bracket early in a long file makes its recovery nest the rest of the file thousands of levels deep, and the tree it
 * builds then has corrupt buffers (walking it throws) or is too deep to walk. A piece that cannot be read even so is
 * one syntax error on its first line, with no statements.
 */
export function readInPieces(text: string): PiecewiseRead {
  const starts = topLevelStarts(text);
  const stmts: Stmt[] = [];
  const errors: Span[] = [];
  const comments: ((at: number) => boolean)[] = [];
  for (let k = 0; k < starts.length; k++) {
    const a = starts[k];
    const b = k + 1 < starts.length ? starts[k + 1] : text.length;
    const piece = text.slice(a, b);
    const fast = fastParse(piece);
    if (fast) {
      for (const st of fast.stmts) {
        shiftSpans(st, a);
        stmts.push(st);
      }
      comments.push((at) => inSpans(fast.comments, at - a));
      continue;
    }
    try {
      const p = parsePython(piece);
      for (const st of new ModuleIrCache().build(p.tree, piece, p.parsedText, p.recovered)) {
        shiftSpans(st, a);
        stmts.push(st);
      }
      errors.push(...errorsOfPiece(p, a));
      comments.push((at) => commentAt(p, at - a));
    } catch (err) {
      if (!isUnreadable(err)) throw err;
      const eol = piece.indexOf('\n');
      errors.push({ from: a, to: a + (eol < 0 ? piece.length : eol) });
      comments.push(() => false);
    }
  }
  return { stmts, errors, isComment: (at) => comments[firstStartingAt(starts, (x) => x, at + 1) - 1]?.(at) ?? false };
}

/** What reading a tree Lezer 1.1.19 built wrongly throws: a corrupt buffer (`TypeError`), a tree too deep (`RangeError`). */
export function isUnreadable(err: unknown): boolean {
  return err instanceof TypeError || err instanceof RangeError;
}

/** Error nodes (⚠) in the tree, as spans. Lezer recovers around them. */
export function syntaxErrors(tree: Tree, limit = 50): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  tree.iterate({
    enter(n) {
      if (out.length >= limit) return false;
      if (n.type.isError) out.push({ from: n.from, to: n.to });
      return undefined;
    },
  });
  return out;
}

export type { SyntaxNode, Tree };

// A fast path for parsing whole files that have no syntax errors: a hand-written tokenizer and recursive-descent
// parser that builds the same IR as the Lezer tree gives through `IrBuilder` (ir.ts), with the same spans, for the
// code it understands. Anything else — a syntax error, a lone `\r`, tabs and spaces mixed inconsistently, `async`, `match`,
// `print x`, `;`, decorators that are not dotted names, … — makes it give up (`undefined`), and the file goes
// through Lezer as before. Lezer stays the parser of record (error recovery, incremental re-parsing in the editor);
// this path is ~10x faster on a cold file. Equality with Lezer's IR is tested over generated projects and the
// test fixtures (test/unit/fastparse.test.ts).
import { type Block, type Expr, type Kwarg, type Param, type Stmt, numberExpr, own, stringValue, withItems } from './ir';
import { badEscape, isHex, isPythonIdentifier } from './lexical';
import { badTargets, markClean, misorderedArguments, misorderedParams, walrusTarget } from './rejectable';

const enum T {
  Name,
  Number,
  String,
  FString,
  Op,
  Newline,
  Indent,
  Dedent,
  EOF,
}

interface Tok {
  t: T;
  from: number;
  to: number;
  /** A comment comes right before this token (inside brackets: Lezer makes it a child of the node around it). */
  afterComment?: boolean;
  /** Name or operator text. */
  v: string;
  /** Number tokens: the IR span and value (trailing-dot floats keep Lezer's reading: see numberToken). */
  num?: { from: number; to: number; raw: string };
  /** F-strings: escapes and replacement fields in order. */
  parts?: FPart[];
}

type FPart = { esc: true; from: number; to: number } | Field;

interface Field {
  esc?: undefined;
  from: number;
  to: number;
  /** Tokens of the expression list, ending with an EOF token. */
  toks: Tok[];
  selfDoc?: { from: number; to: number };
  conv?: { from: number; to: number };
  spec?: { from: number; to: number; fields: Field[] };
}

/** Every token has the same shape (fast property access in the parser). */
function tok(t: T, from: number, to: number, v: string): Tok {
  return { t, from, to, v, afterComment: false, num: undefined, parts: undefined };
}

/** Thrown to give up: the caller falls back to Lezer. One instance, no stack trace captured per give-up. */
class GiveUp extends Error {}
const BAIL = new GiveUp('the fast parse path does not handle this file');

function bail(): never {
  throw BAIL;
}

export interface FastParse {
  stmts: Stmt[];
  /** Comment spans, in order. */
  comments: { from: number; to: number }[];
}

/** The IR of a file without syntax errors, or undefined when the fast path does not handle the file. */
export function fastParse(text: string): FastParse | undefined {
  // CRLF line endings (Windows). Lezer ends the line at the `\r` and reads the `\n` as a blank line after it: the
  // tokens are read from the text with each `\r\n` made two newlines (same length: offsets and spans stay those
  // of the text); string values come from the text itself (the Parser's). A lone `\r` is left to Lezer.
  // Mixed line endings are left to Lezer too.
  let lexed = text;
  const crlf = text.includes('\r');
  if (crlf) {
    if (/\r(?!\n)|(?<!\r)\n/.test(text)) return undefined;
    // a backslash before a CRLF is moved after the `\r`, as parse.ts has Lezer read it (`lezerBase`)
    lexed = text.replace(/\\\r\n/g, ' \\\n').replace(/\r\n/g, '\n\n');
  }
  try {
    const lexer = new Lexer(lexed);
    const toks = lexer.tokenize();
    const stmts = new Parser(text, toks).module();
    return { stmts, comments: lexer.comments };
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

/** Operators by their first character, longest first. */
const OPS: (string[] | undefined)[] = [];
for (const op of ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '**', '//', '>>', '<<', '<=', '>=', '==', '!=', '<>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', ...'+-*/%@&|^~<>()[]{},:.;=']) {
  (OPS[op.charCodeAt(0)] ??= []).push(op);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0xa1;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

class Lexer {
  readonly comments: { from: number; to: number }[] = [];
  private pos = 0;

  constructor(private readonly s: string) {}

  tokenize(): Tok[] {
    const s = this.s;
    const out: Tok[] = [];
    const indents = [0];
    /** The indentation's length in characters, per level of `indents` (see the TabError check below). */
    const widths = [0];
    let depth = 0;
    let lineStart = true;
    let commented = false;
    for (;;) {
      if (lineStart && depth === 0) {
        const start = this.pos;
        // the column with tabs to the next multiple of 8 (as Lezer and Python count), and the number of characters:
        // Python rejects indentation whose comparisons differ between the two (TabError), and so does this path
        let col = 0;
        let chars = 0;
        while (this.pos < s.length) {
          const c = s.charCodeAt(this.pos);
          if (c === 32) {
            col++;
            chars++;
          } else if (c === 9) {
            col += 8 - (col % 8);
            chars++;
          } else if (c === 12) {
            // form feeds: on a blank or comment-only line they do not count (parse.ts makes Lezer read such form
            // feeds as spaces); in indentation, leave the file to Lezer
            let k = this.pos;
            while (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9 || s.charCodeAt(k) === 12) k++;
            if (k < s.length && s.charCodeAt(k) !== 10 && s.charCodeAt(k) !== 35) bail();
            this.pos = k;
            break;
          } else break;
          this.pos++;
        }
        if (this.pos >= s.length) break;
        const c = s.charCodeAt(this.pos);
        if (c === 10) {
          this.pos++;
          continue; // blank line
        }
        if (c === 35) {
          this.comment();
          if (this.pos < s.length) this.pos++; // the newline
          continue;
        }
        if (c === 92) bail(); // a line starting with a continuation
        const top = indents[indents.length - 1];
        if (col > top) {
          if (!out.length) bail(); // unexpected indent
          if (chars <= widths[widths.length - 1]) bail(); // tabs and spaces inconsistently
          indents.push(col);
          widths.push(chars);
          out.push(tok(T.Indent, this.pos, this.pos, ''));
        } else if (col < top) {
          while (col < indents[indents.length - 1]) {
            indents.pop();
            widths.pop();
            out.push(tok(T.Dedent, start, start, ''));
          }
          if (col !== indents[indents.length - 1]) bail(); // inconsistent dedent
          if (chars !== widths[widths.length - 1]) bail(); // tabs and spaces inconsistently
        } else if (chars !== widths[widths.length - 1]) bail();
        lineStart = false;
      }
      if (this.pos >= s.length) break;
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 12) {
        this.pos++;
      } else if (c === 10) {
        if (depth === 0) {
          out.push(tok(T.Newline, this.pos, this.pos + 1, ''));
          lineStart = true;
        }
        this.pos++;
      } else if (c === 35) {
        this.comment();
        commented = true;
      } else if (c === 92) {
        if (s.charCodeAt(this.pos + 1) !== 10) bail();
        // (with CRLF endings, the backslash was moved after the `\r`: one newline here too)
        const after = this.pos + 2;
        let k = after;
        while (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9) k++;
        if (k >= s.length || s.charCodeAt(k) === 10 || s.charCodeAt(k) === 35) {
          // before a blank line, or a line of only a comment, a continuation ends the statement (parse.ts makes it a
          // space for Lezer)
          this.pos++;
          continue;
        }
        this.pos = after;
      } else {
        const tok = this.token();
        if (commented) {
          tok.afterComment = true;
          commented = false;
        }
        if (tok.t === T.Op) {
          const v = tok.v;
          if (v === '(' || v === '[' || v === '{') depth++;
          else if (v === ')' || v === ']' || v === '}') {
            if (--depth < 0) bail();
          }
        }
        out.push(tok);
      }
    }
    if (depth !== 0) bail();
    const end = s.length;
    if (out.length && out[out.length - 1].t !== T.Newline && out[out.length - 1].t !== T.Dedent) out.push(tok(T.Newline, end, end, ''));
    for (let i = 1; i < indents.length; i++) out.push(tok(T.Dedent, end, end, ''));
    out.push(tok(T.EOF, end, end, ''));
    return out;
  }

  private comment(): void {
    const s = this.s;
    const from = this.pos;
    let i = s.indexOf('\n', from);
    if (i < 0) i = s.length;
    this.comments.push({ from, to: i });
    this.pos = i;
  }

  /** One token of code (not whitespace, newline or comment). */
  token(): Tok {
    const s = this.s;
    const from = this.pos;
    const c = s.charCodeAt(from);
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(from + 1)))) return this.number();
    if (c === 34 || c === 39) return this.string(from, from);
    if (isIdentStart(c)) {
      let i = from + 1;
      let wide = c > 127;
      for (let d = s.charCodeAt(i); i < s.length && isIdentChar(d); d = s.charCodeAt(++i)) if (d > 127) wide = true;
      const q = s.charCodeAt(i);
      if ((q === 34 || q === 39) && i - from <= 2 && /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/.test(s.slice(from, i))) return this.string(from, i);
      this.pos = i;
      const name = own(s.slice(from, i));
      // beyond ASCII: a name Python takes (`print（x）` is one word to this lexer, an invalid character to Python)
      if (wide && !isPythonIdentifier(name)) bail();
      return tok(T.Name, from, i, name);
    }
    const ops = OPS[c];
    if (ops) {
      for (const op of ops) {
        if (op.length === 1 || s.startsWith(op, from)) {
          this.pos = from + op.length;
          return tok(T.Op, from, from + op.length, op);
        }
      }
    }
    return bail();
  }

  /**
   * A number, as Lezer reads it after parse.ts's patching: `1.e-3` is one number; `0.` is the number `0` (the dot
   * is patched to a space); `5.j` is the number `5.` in the text (patched to `5j `).
   */
  private number(): Tok {
    const s = this.s;
    const from = this.pos;
    let i = from;
    const digits = (): void => {
      while (i < s.length && (isDigit(s.charCodeAt(i)) || s.charCodeAt(i) === 95)) i++;
    };
    const c1 = s.charCodeAt(i + 1);
    if (s.charCodeAt(i) === 48 && (c1 === 120 || c1 === 88 || c1 === 111 || c1 === 79 || c1 === 98 || c1 === 66)) {
      i += 2;
      // the digits of the base (`0o8`, a bare `0x`: errors, as to Lezer)
      const base = c1 === 120 || c1 === 88 ? 16 : c1 === 111 || c1 === 79 ? 8 : 2;
      const start = i;
      while (i < s.length && (isHex(s.charCodeAt(i)) || s.charCodeAt(i) === 95)) i++;
      const body = s.slice(start, i).replace(/_/g, '');
      if (!body.length || [...body].some((d) => parseInt(d, 16) >= base)) bail();
      return this.endNumber(from, i, from, i);
    }
    digits();
    let irTo: number | undefined;
    if (s.charCodeAt(i) === 46) {
      if (isDigit(s.charCodeAt(i + 1))) {
        i++;
        digits();
      } else {
        // a trailing-dot float
        const after = s.charCodeAt(i + 1);
        if (after === 101 || after === 69) {
          i++; // `1.e-3`: one number over the whole text
        } else if (after === 106 || after === 74) {
          bail(); // `5.j`: how the engine reads it depends on what follows; rare, leave to Lezer
        } else {
          i++; // `0.`: Lezer's number is `0`
          irTo = i - 1;
        }
      }
    }
    if (irTo === undefined) {
      const e = s.charCodeAt(i);
      if (e === 101 || e === 69) {
        let j = i + 1;
        if (s.charCodeAt(j) === 43 || s.charCodeAt(j) === 45) j++;
        if (!isDigit(s.charCodeAt(j))) bail();
        i = j;
        digits();
      }
      const j = s.charCodeAt(i);
      if (j === 106 || j === 74) i++;
    }
    return this.endNumber(from, i, from, irTo ?? i);
  }

  private endNumber(from: number, to: number, irFrom: number, irTo: number): Tok {
    const s = this.s;
    const next = s.charCodeAt(to);
    if (isIdentChar(next) || next === 46) bail(); // `1if`, `1..real`: leave to Lezer
    this.pos = to;
    // The token ends where Lezer's does: a patched trailing dot is blank space to it.
    const t = tok(T.Number, from, irTo, '');
    t.num = { from: irFrom, to: irTo, raw: s.slice(irFrom, irTo) };
    return t;
  }

  /** A string literal starting at `from` with its quote at `q`. */
  private string(from: number, q: number): Tok {
    const s = this.s;
    const prefix = s.slice(from, q).toLowerCase();
    const raw = prefix.includes('r');
    const format = prefix.includes('f');
    const quote = s.charCodeAt(q);
    const long = s.charCodeAt(q + 1) === quote && s.charCodeAt(q + 2) === quote;
    let i = q + (long ? 3 : 1);
    const parts: FPart[] = [];
    for (;;) {
      if (i >= s.length) bail();
      const c = s.charCodeAt(i);
      if (c === quote && (!long || (s.charCodeAt(i + 1) === quote && s.charCodeAt(i + 2) === quote))) {
        i += long ? 3 : 1;
        break;
      }
      if (c === 10 && !long) bail();
      if (c === 92) {
        if (raw) {
          if (format && (s.charCodeAt(i + 1) === 123 || s.charCodeAt(i + 1) === 125)) bail(); // `rf"\{x}"`: a field after a backslash
          i += 2;
          continue;
        }
        if (badEscape(s, i, prefix.includes('b'))) bail(); // `"C:\Users"`: python/lexical.ts says so
        const escFrom = i;
        i = skipEscape(s, i);
        if (format) parts.push({ esc: true, from: escFrom, to: i });
        continue;
      }
      if (format && c === 125) {
        // `}}` is a brace; a single one is an error (python/lexical.ts says so)
        if (s.charCodeAt(i + 1) !== 125) bail();
        i += 2;
        continue;
      }
      if (format && c === 123) {
        if (s.charCodeAt(i + 1) === 123) {
          i += 2;
          continue;
        }
        const field = this.field(i);
        parts.push(field);
        i = field.to;
        continue;
      }
      i++;
    }
    this.pos = i;
    const t = tok(format ? T.FString : T.String, from, i, '');
    if (format) t.parts = parts;
    return t;
  }

  /** A replacement field `{expr=!r:spec}` starting at `{`. */
  private field(open: number): Field {
    const s = this.s;
    const sub = new Lexer(s);
    sub.pos = open + 1;
    const toks: Tok[] = [];
    let depth = 0;
    const field: Field = { from: open, to: open, toks };
    for (;;) {
      if (sub.pos >= s.length) bail();
      const c = s.charCodeAt(sub.pos);
      if (c === 32 || c === 9 || c === 10) {
        sub.pos++;
        continue;
      }
      if (c === 35 || c === 92) bail(); // comments and continuations inside a field: leave to Lezer
      if (depth === 0) {
        if (c === 125) break;
        if (c === 33 && s.charCodeAt(sub.pos + 1) !== 61) break; // `!r`
        if (c === 58) break; // `:spec`, `{x:=^10}` too: a walrus needs parentheses in a field
        if (c === 61 && s.charCodeAt(sub.pos + 1) !== 61) break; // `=` self-documenting (`==` is a comparison)
      }
      const tok = sub.token();
      if (tok.t === T.Op) {
        if (tok.v === '(' || tok.v === '[' || tok.v === '{') depth++;
        else if (tok.v === ')' || tok.v === ']' || tok.v === '}') depth--;
      }
      toks.push(tok);
    }
    if (!toks.length) bail();
    toks.push(tok(T.EOF, sub.pos, sub.pos, ''));
    let i = sub.pos;
    if (s.charCodeAt(i) === 61) {
      field.selfDoc = { from: i, to: i + 1 };
      i++;
    }
    if (s.charCodeAt(i) === 33) {
      const k = s.charCodeAt(i + 1);
      if (k !== 115 && k !== 114 && k !== 97) bail();
      field.conv = { from: i, to: i + 2 };
      i += 2;
    }
    if (s.charCodeAt(i) === 58) {
      const spec: NonNullable<Field['spec']> = { from: i, to: i, fields: [] };
      i++;
      for (;;) {
        if (i >= s.length) bail();
        const c = s.charCodeAt(i);
        if (c === 125) break;
        if (c === 123) {
          const nested = this.field(i);
          spec.fields.push(nested);
          i = nested.to;
          continue;
        }
        if (c === 10 || c === 34 || c === 39 || c === 92) bail();
        i++;
      }
      spec.to = i;
      field.spec = spec;
    }
    if (s.charCodeAt(i) !== 125) bail();
    field.to = i + 1;
    return field;
  }
}

/** Lezer's escape: a backslash, the next character, and the digits of \o, \x, \u, \U or the name of \N{…}. */
function skipEscape(s: string, i: number): number {
  i++;
  if (i >= s.length) return i;
  const ch = s.charCodeAt(i);
  i++;
  if (ch === 111) {
    for (let k = 0; k < 2 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 55; k++) i++;
  } else if (ch === 120) {
    for (let k = 0; k < 2 && isHex(s.charCodeAt(i)); k++) i++;
  } else if (ch === 117) {
    for (let k = 0; k < 4 && isHex(s.charCodeAt(i)); k++) i++;
  } else if (ch === 85) {
    for (let k = 0; k < 8 && isHex(s.charCodeAt(i)); k++) i++;
  } else if (ch === 78 && s.charCodeAt(i) === 123) {
    i++;
    while (i < s.length && ![125, 39, 34, 10].includes(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) === 125) i++;
  }
  return i;
}

// ---------------------------------------------------------------------------------------------------------------
// Syntax

/** Words the grammar reserves: never a variable name. */
const KEYWORDS = new Set([
  'async', 'def', 'class', 'if', 'elif', 'else', 'while', 'for', 'in', 'with', 'as', 'try', 'except', 'finally', 'lambda', 'not', 'and', 'or',
  'is', 'None', 'True', 'False', 'del', 'pass', 'break', 'continue', 'return', 'yield', 'from', 'raise', 'import', 'global', 'nonlocal', 'assert', 'await',
]);
const COMPARE = new Set(['<', '>', '==', '>=', '<=', '!=', '<>']);
const UPDATE = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '@=', '&=', '|=', '^=', '<<=', '>>=', '**=']);
const EMPTY: Expr[] = [];

/** A node of a comma-separated list as Lezer has it: an expression, or a `*` or `,` token. */
type ListNode = { e: Expr; from: number; to: number } | { star: true; from: number; to: number } | { comma: true; from: number; to: number };

class Parser {
  private i = 0;
  /** End of the last token with text: a node ends there (Lezer leaves empty tokens and skipped text out). */
  private lastEnd = 0;
  /**
   * The span of a parenthesized expression with its parentheses: its IR is the inner expression, but the nodes
   * around it (a binary expression, a call, an argument) span the parentheses too.
   */
  private readonly outer = new Map<Expr, { from: number; to: number }>();
  /**
   * Set when a node of the current top-level statement fails one of the tests of code Python rejects (rejectable.ts):
   * a statement built without is marked clean, and `pythonRejects` does not walk it again.
   */
  private suspect = false;

  private S(e: Expr): number {
    return this.outer.get(e)?.from ?? e.from;
  }
  private E(e: Expr): number {
    return this.outer.get(e)?.to ?? e.to;
  }

  constructor(
    private readonly s: string,
    private readonly toks: Tok[],
  ) {}

  // ---- token helpers ----

  private peek(k = 0): Tok {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)];
  }
  private next(): Tok {
    const t = this.toks[this.i++];
    if (t.to > t.from) this.lastEnd = t.to;
    return t;
  }
  private isOp(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === T.Op && t.v === v;
  }
  private isKw(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === T.Name && t.v === v;
  }
  private op(v: string): Tok {
    const t = this.next();
    if (t.t !== T.Op || t.v !== v) bail();
    return t;
  }
  private kw(v: string): Tok {
    const t = this.next();
    if (t.t !== T.Name || t.v !== v) bail();
    return t;
  }
  private name(): Tok {
    const t = this.next();
    if (t.t !== T.Name || KEYWORDS.has(t.v)) bail();
    return t;
  }
  private newline(): Tok {
    const t = this.next();
    if (t.t !== T.Newline) bail();
    return t;
  }
  /** Whether a simple statement ends here: the end of the line, or a `;` before the next one. */
  private endsSimple(): boolean {
    const t = this.peek();
    return t.t === T.Newline || (t.t === T.Op && t.v === ';');
  }
  private prevTo(): number {
    return this.toks[this.i - 1].to;
  }

  // ---- statements ----

  module(): Stmt[] {
    const out: Stmt[] = [];
    while (this.peek().t !== T.EOF) {
      if (this.peek().t !== T.Name && this.peek().t !== T.Op && this.peek().t !== T.Number && this.peek().t !== T.String && this.peek().t !== T.FString) bail();
      const first = out.length;
      this.suspect = false;
      this.statement(out);
      if (!this.suspect) for (let j = first; j < out.length; j++) markClean(out[j]);
    }
    return out;
  }

  /** One statement, or the simple statements of a line joined by `;` (each its own statement, as Lezer's IR has them). */
  private statement(out: Stmt[]): void {
    const c = this.compound();
    if (c) out.push(c);
    else this.simpleLine(out);
  }

  /** Simple statements up to the end of the line: `a = 1`, `a = 1; b = 2`, `a = 1;`. */
  private simpleLine(out: Stmt[]): void {
    for (;;) {
      out.push(this.simple());
      if (!this.isOp(';')) break;
      this.next();
      if (this.peek().t === T.Newline) break;
    }
    this.newline();
  }

  /** A compound statement; undefined at a simple one. */
  private compound(): Stmt | undefined {
    const t = this.peek();
    if (t.t === T.Op && t.v === '@') return this.decorated();
    if (t.t === T.Name) {
      switch (t.v) {
        case 'if':
          return this.ifStmt();
        case 'while':
          return this.whileStmt();
        case 'for':
          return this.forStmt();
        case 'try':
          return this.tryStmt();
        case 'with':
          return this.withStmt();
        case 'def':
          return this.def([], undefined);
        case 'class':
          return this.classDef([], undefined);
      }
    }
    return undefined;
  }

  /** Names Lezer reads as keywords in some places, at the start of a simple statement: only their plain uses. */
  private softKeyword(t: Tok): void {
    switch (t.v) {
      case 'async':
      case 'await':
        return bail();
      case 'match':
      case 'case':
      case 'type':
      case 'print': {
        // soft keywords and Python 2's print: only plain uses of the name (`match = …`, `print(…)`)
        const n = this.peek(1);
        if (!(n.t === T.Op && ['=', '.', '(', '[', ',', ')'].includes(n.v)) && !(n.t === T.Op && UPDATE.has(n.v)) && n.t !== T.Newline) bail();
        // (`print = pprint` is Python 3 rebinding the builtin: Lezer reads a print statement there and errs)
        if (t.v === 'print' && n.t === T.Op && n.v !== '(' && n.v !== '.' && n.v !== '=' && !UPDATE.has(n.v)) bail();
      }
    }
  }

  private simple(): Stmt {
    const t = this.peek();
    const from = t.from;
    if (t.t === T.Name) {
      this.softKeyword(t);
      switch (t.v) {
        case 'pass':
        case 'break':
        case 'continue':
          this.next();
          return { from, to: t.to, k: t.v, exprs: EMPTY };
        case 'return': {
          this.next();
          if (this.endsSimple()) return { from, to: t.to, k: 'return', value: undefined };
          if (this.isOp('*')) bail();
          const nodes = this.exprList(() => this.test(), false);
          return { from, to: this.prevTo(), k: 'return', value: group(nodes) };
        }
        case 'raise': {
          this.next();
          const exprs: Expr[] = [];
          if (!this.endsSimple()) {
            exprs.push(this.test());
            if (this.isKw('from')) {
              this.next();
              exprs.push(this.test());
            }
            if (this.isOp(',')) bail();
          }
          return { from, to: this.prevTo(), k: 'raise', exprs };
        }
        case 'del': {
          this.next();
          const exprs = this.plainList(() => this.expression());
          return { from, to: this.prevTo(), k: 'other', exprs };
        }
        case 'global':
        case 'nonlocal': {
          this.next();
          const exprs = this.plainList(() => {
            const n = this.name();
            return { from: n.from, to: n.to, k: 'name', id: n.v };
          });
          return { from, to: this.prevTo(), k: 'other', exprs };
        }
        case 'assert': {
          this.next();
          const exprs = this.plainList(() => this.test());
          return { from, to: this.prevTo(), k: 'other', exprs };
        }
        case 'yield': {
          const y = this.yieldExpr();
          return { from, to: y.to, k: 'other', exprs: y.k === 'other' ? y.parts : EMPTY };
        }
        case 'import':
        case 'from':
          return this.importStmt();
      }
    }
    // assignment, augmented assignment or expression
    if (this.isOp('*')) bail();
    const first = this.exprList(() => this.test(), true);
    const n = this.peek();
    if (n.t === T.Op && UPDATE.has(n.v)) {
      this.next();
      if (this.isKw('yield') || this.isOp('*')) bail();
      const values = this.plainList(() => this.test());
      const target = first.find((x): x is { e: Expr; from: number; to: number } => 'e' in x);
      if (!target || first.length !== 1) bail(); // `a, b += 1` is an error
      return this.targets({ from, to: this.prevTo(), k: 'augassign', target: target.e, op: n.v, value: values[0] });
    }
    if (n.t === T.Op && (n.v === '=' || n.v === ':')) {
      let annotation: Expr | undefined;
      if (n.v === ':') {
        this.next();
        annotation = this.test();
      }
      const groups: ListNode[][] = [first];
      while (this.isOp('=')) {
        this.next();
        if (this.isKw('yield')) {
          const y = this.yieldExpr();
          groups.push([{ e: y, from: this.S(y), to: this.E(y) }]);
          if (!(this.peek().t === T.Newline)) bail();
        } else groups.push(this.exprList(() => this.test(), true));
      }
      const current = groups.pop() as ListNode[];
      const targets = groups.map(group);
      return this.targets({ from, to: this.prevTo(), k: 'assign', targets, value: group(current), annotation });
    }
    const e = first[0];
    if (!('e' in e)) bail();
    return { from, to: this.prevTo(), k: 'expr', expr: e.e };
  }

  /** A statement with targets, noted when one cannot be assigned to (see `suspect`). */
  private targets(s: Stmt): Stmt {
    if (badTargets(s)) this.suspect = true;
    return s;
  }

  /** `a, *b, c,` as Lezer's children: expressions, `*` and `,` tokens. */
  private exprList(item: () => Expr, star: boolean): ListNode[] {
    const out: ListNode[] = [];
    for (;;) {
      if (star && this.isOp('*')) {
        const st = this.next();
        out.push({ star: true, from: st.from, to: st.to });
        const e = this.expression();
        out.push({ e, from: this.S(e), to: this.E(e) });
      } else {
        const e = item();
        out.push({ e, from: this.S(e), to: this.E(e) });
      }
      if (!this.isOp(',')) break;
      const c = this.next();
      out.push({ comma: true, from: c.from, to: c.to });
      if (this.endsList()) break;
    }
    return out;
  }

  /** Whether the token after a comma ends the list (a trailing comma). */
  private endsList(): boolean {
    const t = this.peek();
    return t.t === T.Newline || (t.t === T.Op && (t.v === '=' || t.v === ';' || t.v === ')' || t.v === ']' || t.v === '}' || t.v === ':' || UPDATE.has(t.v))) || (t.t === T.Name && t.v === 'in');
  }

  /** A comma-separated list of one kind of item, no stars: the items. */
  private plainList(item: () => Expr): Expr[] {
    const out = [item()];
    while (this.isOp(',')) {
      this.next();
      if (this.endsList()) break;
      out.push(item());
    }
    return out;
  }

  private yieldExpr(): Expr {
    const y = this.kw('yield');
    const parts: Expr[] = [];
    if (this.isKw('from')) {
      this.next();
      parts.push(this.test());
    } else if (this.peek().t === T.Newline || this.peek().t === T.EOF || this.isOp(')')) {
      // a bare `yield` (Lezer 1.1.19 puts an empty error node after it, which parse.ts does not report; a comment
      // before the end of the line is inside its node)
      const end = this.peek();
      if (end.afterComment || (end.t === T.Newline && this.s.slice(y.to, end.from).includes('#'))) bail();
      return { from: y.from, to: y.to, k: 'other', node: 'YieldExpression', parts };
    } else {
      if (this.isOp('=') || this.isOp('*')) bail();
      parts.push(...this.plainList(() => this.test()));
    }
    return { from: y.from, to: this.prevTo(), k: 'other', node: 'YieldExpression', parts };
  }

  private importStmt(): Stmt {
    const first = this.next();
    const from = first.from;
    if (first.v === 'import') {
      const names: { module: string; alias: string | undefined }[] = [];
      do {
        if (names.length) this.next();
        const module = this.dotted();
        let alias: string | undefined;
        if (this.isKw('as')) {
          this.next();
          alias = this.name().v;
        }
        names.push({ module, alias });
      } while (this.isOp(','));
      return { from, to: this.prevTo(), k: 'import', names };
    }
    let level = 0;
    let module = '';
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        level++;
      } else if (this.isOp('...')) {
        this.next();
        level += 3;
      } else break;
    }
    if (!this.isKw('import')) module = this.dotted();
    // `from import x`: a module or a dot is required
    else if (level === 0) bail();
    this.kw('import');
    const names: { name: string; alias: string | undefined }[] = [];
    if (this.isOp('*')) {
      this.next();
      names.push({ name: '*', alias: undefined });
      return { from, to: this.prevTo(), k: 'from', module, level, names };
    }
    const paren = this.isOp('(');
    if (paren) this.next();
    for (;;) {
      const n = this.name();
      if (this.isOp('.')) bail(); // `from a import b.c`
      let alias: string | undefined;
      if (this.isKw('as')) {
        this.next();
        alias = this.name().v;
      }
      names.push({ name: n.v, alias });
      if (!this.isOp(',')) break;
      this.next();
      if (paren && this.isOp(')')) break;
    }
    if (paren) this.op(')');
    return { from, to: this.prevTo(), k: 'from', module, level, names };
  }

  private dotted(): string {
    let out = this.name().v;
    while (this.isOp('.')) {
      this.next();
      out += '.' + this.name().v;
    }
    return out;
  }

  private body(): Block {
    const colon = this.op(':');
    const stmts: Stmt[] = [];
    if (this.peek().t === T.Newline) {
      this.next();
      if (this.next().t !== T.Indent) bail();
      while (this.peek().t !== T.Dedent) {
        if (this.peek().t === T.EOF) bail();
        this.statement(stmts);
      }
      const to = this.lastEnd;
      this.next();
      return { from: colon.from, to, stmts, inline: false };
    }
    this.simpleLine(stmts);
    const inline = !this.s.slice(colon.to, stmts[0].from).includes('\n');
    return { from: colon.from, to: this.lastEnd, stmts, inline };
  }

  private ifStmt(): Stmt {
    const from = this.kw('if').from;
    const branches: { test: Expr | undefined; body: Block }[] = [];
    let test: Expr | undefined = this.testNamed();
    let body = this.body();
    branches.push({ test, body });
    while (this.isKw('elif')) {
      this.next();
      test = this.testNamed();
      body = this.body();
      branches.push({ test, body });
    }
    if (this.isKw('else')) {
      this.next();
      body = this.body();
      branches.push({ test: undefined, body });
    }
    return { from, to: body.to, k: 'if', branches };
  }

  private whileStmt(): Stmt {
    const from = this.kw('while').from;
    const test = this.testNamed();
    const body = this.body();
    let orelse: Block | undefined;
    if (this.isKw('else')) {
      this.next();
      orelse = this.body();
    }
    return { from, to: (orelse ?? body).to, k: 'while', test, body, orelse };
  }

  private forStmt(): Stmt {
    const from = this.kw('for').from;
    const targets: ListNode[] = [];
    for (;;) {
      if (this.isOp('*')) {
        const st = this.next();
        targets.push({ star: true, from: st.from, to: st.to });
      }
      const e = this.expression();
      targets.push({ e, from: this.S(e), to: this.E(e) });
      if (!this.isOp(',')) break;
      const c = this.next();
      targets.push({ comma: true, from: c.from, to: c.to });
      if (this.isKw('in')) break;
    }
    this.kw('in');
    const iter = this.exprList(() => this.test(), false);
    const body = this.body();
    let orelse: Block | undefined;
    if (this.isKw('else')) {
      this.next();
      orelse = this.body();
    }
    return this.targets({ from, to: (orelse ?? body).to, k: 'for', target: group(targets), iter: group(iter), body, orelse });
  }

  private tryStmt(): Stmt {
    const from = this.kw('try').from;
    const blocks = [this.body()];
    // `except` and `except*` not mixed, `except*` with a type, `else` only after an `except`: the rest is Lezer's
    let star: boolean | undefined;
    while (this.isKw('except')) {
      this.next();
      const group = this.isOp('*');
      if (group) this.next();
      if (star !== undefined && star !== group) bail();
      star = group;
      if (!this.isOp(':')) {
        this.test();
        if (this.isKw('as')) {
          this.next();
          this.name();
        } else if (this.isOp(',')) bail();
      } else if (group) bail();
      blocks.push(this.body());
    }
    if (this.isKw('else')) {
      if (star === undefined) bail();
      this.next();
      blocks.push(this.body());
    }
    if (this.isKw('finally')) {
      this.next();
      blocks.push(this.body());
    }
    if (blocks.length === 1) bail();
    return { from, to: blocks[blocks.length - 1].to, k: 'try', blocks };
  }

  private withStmt(): Stmt {
    const from = this.kw('with').from;
    const items: { expr: Expr; alias: Expr | undefined }[] = [];
    // parenthesized context managers with targets (Python 3.10): `with (open(a) as f, open(b) as g):`
    const parenthesized = this.parenthesizedWithItems();
    if (parenthesized) this.op('(');
    for (;;) {
      if (parenthesized && this.isOp(')')) break;
      const expr = this.test();
      let alias: Expr | undefined;
      if (this.isKw('as')) {
        // where parse.ts makes the `as` an `or` for Lezer, a conditional or `not` item would read differently: leave it
        const patched = parenthesized || !this.plainTargetNext(1);
        if (patched && ((expr.k === 'other' && (expr.node === 'ConditionalExpression' || expr.node === 'lambda')) || expr.k === 'unary')) bail();
        this.next();
        alias = this.withTarget();
      }
      items.push({ expr, alias });
      if (!this.isOp(',')) break;
      this.next();
    }
    if (parenthesized) this.op(')');
    const body = this.body();
    return this.targets({ from, to: body.to, k: 'with', items: withItems(items), body });
  }

  /** Whether the tokens at `k` are a plain `with` target: a name, then `,`, `:` or `)`. */
  private plainTargetNext(k: number): boolean {
    const t = this.peek(k);
    const after = this.peek(k + 1);
    return t.t === T.Name && after.t === T.Op && (after.v === ',' || after.v === ':' || after.v === ')');
  }

  /** A `with` target: a name, or what Lezer reads through parse.ts's patch (`as (out, err)`, `as self.x`, `as x[0]`). */
  private withTarget(): Expr {
    if (this.plainTargetNext(0)) {
      const n = this.name();
      return { from: n.from, to: n.to, k: 'name', id: n.v };
    }
    // after a patched `as` Lezer reads the target as the right operand of `or`: an or-test, no conditional
    return this.orTest();
  }

  /** Whether a `with` header is parenthesized items with an `as` inside: `(` … `as` … `)` then `:`. */
  private parenthesizedWithItems(): boolean {
    if (!this.isOp('(')) return false;
    let depth = 0;
    let as = false;
    for (let k = this.i; k < this.toks.length; k++) {
      const t = this.toks[k];
      if (t.t === T.EOF || t.t === T.Newline) return false;
      if (t.t === T.Op && (t.v === '(' || t.v === '[' || t.v === '{')) depth++;
      else if (t.t === T.Op && (t.v === ')' || t.v === ']' || t.v === '}')) {
        if (--depth === 0) {
          const next = this.toks[k + 1];
          return as && next.t === T.Op && next.v === ':';
        }
      } else if (depth === 1 && t.t === T.Name && t.v === 'as') as = true;
    }
    return false;
  }

  private decorated(): Stmt {
    const from = this.peek().from;
    const decorators: Expr[] = [];
    while (this.isOp('@')) {
      const at = this.next();
      const first = this.name();
      let e: Expr = { k: 'name', id: first.v, from: first.from, to: first.to };
      while (this.isOp('.')) {
        this.next();
        const p = this.name();
        e = { k: 'attr', obj: e, attr: p.v, attrFrom: p.from, from: at.from + 1, to: p.to };
      }
      if (this.isOp('(')) e = this.call(e, at.from + 1);
      this.newline();
      decorators.push(e);
    }
    let s: Stmt;
    if (this.isKw('def')) s = this.def(decorators, from);
    else if (this.isKw('class')) s = this.classDef(decorators, from);
    else return bail();
    return s;
  }

  /**
   * The type parameters of a generic function or class (Python 3.12: `[T, N: int, *Ts, **P]`; 3.13: with defaults,
   * `[T = int]`, which Lezer 1.1.19 reports as an error): read and dropped, as Lezer's IR drops them. (`type` alias
   * statements are left to Lezer, whose IR keeps their parameters.)
   */
  private typeParams(): void {
    this.op('[');
    let defaults = false;
    for (;;) {
      const star = this.isOp('*') || this.isOp('**');
      if (star) this.next();
      this.name();
      if (this.isOp(':')) {
        if (star) bail();
        this.next();
        this.test();
      }
      if (this.isOp('=')) {
        this.next();
        if (this.isOp('*')) this.next();
        this.test();
        defaults = true;
      } else if (defaults) bail(); // a parameter without a default after one with
      if (!this.isOp(',')) break;
      this.next();
      if (this.isOp(']')) break;
    }
    this.op(']');
  }

  private def(decorators: Expr[], decoratedFrom: number | undefined): Stmt {
    const from = this.kw('def').from;
    const n = this.name();
    if (this.isOp('[')) this.typeParams();
    const params = this.params();
    if (misorderedParams(params)) this.suspect = true;
    if (this.isOp('->')) {
      this.next();
      this.test();
    }
    const body = this.body();
    return { from: decoratedFrom ?? from, to: body.to, k: 'def', name: n.v, nameFrom: n.from, nameTo: n.to, params, body, decorators };
  }

  private classDef(decorators: Expr[], decoratedFrom: number | undefined): Stmt {
    const from = this.kw('class').from;
    const n = this.name();
    if (this.isOp('[')) this.typeParams();
    const bases: Expr[] = [];
    if (this.isOp('(')) {
      this.next();
      while (!this.isOp(')')) {
        if (this.isOp('*') || this.isOp('**')) {
          this.next();
          bases.push(this.test());
        } else if (this.peek().t === T.Name && this.isOp('=', 1)) {
          const k = this.name();
          this.next();
          bases.push({ from: k.from, to: k.to, k: 'name', id: k.v }, this.test());
        } else {
          bases.push(this.test());
          if (this.isKw('for') || this.isKw('async')) bail();
        }
        if (!this.isOp(',')) break;
        this.next();
      }
      this.op(')');
    }
    const body = this.body();
    return { from: decoratedFrom ?? from, to: body.to, k: 'class', name: n.v, nameFrom: n.from, nameTo: n.to, bases, body, decorators };
  }

  /** `(a, b: int = 1, *args, c, **kw)`, as IrBuilder.params reads Lezer's ParamList. */
  private params(): Param[] {
    this.op('(');
    const out: Param[] = [];
    while (!this.isOp(')')) {
      if (this.isOp('/')) this.next();
      else {
        let kind: Param['kind'] = 'normal';
        if (this.isOp('*')) {
          this.next();
          kind = 'star';
        } else if (this.isOp('**')) {
          this.next();
          kind = 'kwstar';
        }
        if (kind !== 'star' || this.peek().t === T.Name) {
          const n = this.name();
          const p: Param = { name: n.v, kind, from: n.from, to: n.to };
          if (this.isOp(':')) {
            this.next();
            this.test();
          }
          if (this.isOp('=')) {
            if (kind !== 'normal') bail();
            this.next();
            const d = this.test();
            p.default = d;
            p.to = this.E(d);
          }
          out.push(p);
        }
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    this.op(')');
    return out;
  }

  // ---- expressions ----

  private testNamed(): Expr {
    const e = this.test();
    if (!this.isOp(':=')) return e;
    const op = this.next();
    const v = this.test();
    const named: Expr = { from: this.S(e), to: this.E(v), k: 'other', node: 'NamedExpression', parts: [e, { from: op.from, to: op.to, k: 'other', node: 'AssignOp', parts: EMPTY }, v] };
    if (walrusTarget(named)) this.suspect = true;
    return named;
  }

  test(): Expr {
    if (this.isKw('lambda')) return this.lambda(() => this.test());
    const e = this.orTest();
    if (!this.isKw('if')) return e;
    this.next();
    const cond = this.orTest();
    this.kw('else');
    const other = this.test();
    return { from: this.S(e), to: this.E(other), k: 'other', node: 'ConditionalExpression', parts: [e, cond, other] };
  }

  private testNoCond(): Expr {
    if (this.isKw('lambda')) return this.lambda(() => this.testNoCond());
    return this.orTest();
  }

  private lambda(body: () => Expr): Expr {
    const l = this.kw('lambda');
    const params: Param[] = [];
    let kind: Param['kind'] = 'normal';
    let slash = false;
    while (!this.isOp(':')) {
      // `lambda a, /, b: …` (positional-only, as in a def's parameters)
      if (this.isOp('/') && params.length && !params.some((p) => p.kind !== 'normal') && !slash) {
        this.next();
        slash = true;
      } else if (this.isOp('*')) {
        this.next();
        kind = 'star';
      } else if (this.isOp('**')) {
        this.next();
        kind = 'kwstar';
      }
      if (this.peek().t === T.Name) {
        const n = this.name();
        const p: Param = { name: n.v, kind, from: n.from, to: n.to };
        if (kind === 'normal' && this.isOp('=')) {
          this.next();
          const d = this.test();
          p.default = d;
          p.to = this.E(d);
        }
        params.push(p);
      }
      if (!this.isOp(',')) break;
      this.next();
      kind = 'normal';
    }
    this.op(':');
    const b = body();
    if (misorderedParams(params)) this.suspect = true;
    return { from: l.from, to: this.E(b), k: 'other', node: 'lambda', parts: [b], params };
  }

  private orTest(): Expr {
    let e = this.andTest();
    while (this.isKw('or')) {
      const op = this.next();
      const r = this.andTest();
      e = { from: this.S(e), to: this.E(r), k: 'binop', op: op.v, left: e, right: r };
    }
    return e;
  }

  private andTest(): Expr {
    let e = this.notTest();
    while (this.isKw('and')) {
      const op = this.next();
      const r = this.notTest();
      e = { from: this.S(e), to: this.E(r), k: 'binop', op: op.v, left: e, right: r };
    }
    return e;
  }

  /**
   * `not`: Lezer's grammar lets `not` take the whole `and`/`or` chain after it (`not a and b` is `not (a and b)`
   * in its tree, unlike Python); the IR follows the tree.
   */
  private notTest(): Expr {
    if (this.isKw('not')) {
      const op = this.next();
      if (this.peek().afterComment) bail();
      const arg = this.orTest();
      return { from: op.from, to: this.E(arg), k: 'unary', op: 'not', arg };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    let e = this.expression();
    for (;;) {
      const t = this.peek();
      if (t.t === T.Op && COMPARE.has(t.v)) {
        this.next();
        const r = this.expression();
        e = { from: this.S(e), to: this.E(r), k: 'binop', op: t.v, left: e, right: r };
      } else if (t.t === T.Name && (t.v === 'in' || t.v === 'is')) {
        this.next();
        if (t.v === 'is' && this.isKw('not')) {
          this.next();
          const r = this.expression();
          e = { from: this.S(e), to: this.E(r), k: 'other', node: 'BinaryExpression', parts: [e, r] };
        } else {
          const r = this.expression();
          e = { from: this.S(e), to: this.E(r), k: 'binop', op: t.v, left: e, right: r };
        }
      } else if (t.t === T.Name && t.v === 'not' && this.isKw('in', 1)) {
        this.next();
        this.next();
        const r = this.expression();
        e = { from: this.S(e), to: this.E(r), k: 'other', node: 'BinaryExpression', parts: [e, r] };
      } else return e;
    }
  }

  /** Lezer's `expression`: the bitwise and arithmetic operators, unary ones, powers and trailers. */
  private expression(): Expr {
    return this.binary(0);
  }

  private binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return this.unary();
    let e = this.binary(level + 1);
    const ops = BINARY_LEVELS[level];
    for (;;) {
      const t = this.peek();
      if (t.t !== T.Op || !ops.has(t.v)) return e;
      this.next();
      const r = this.binary(level + 1);
      e = { from: this.S(e), to: this.E(r), k: 'binop', op: t.v, left: e, right: r };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.t === T.Op && (t.v === '-' || t.v === '+' || t.v === '~')) {
      this.next();
      if (this.peek().afterComment) bail();
      const arg = this.unary();
      return { from: t.from, to: this.E(arg), k: 'unary', op: t.v, arg };
    }
    if (t.t === T.Name && t.v === 'await') bail();
    const base = this.primary();
    if (!this.isOp('**')) return base;
    const op = this.next();
    const r = this.unary();
    return { from: this.S(base), to: this.E(r), k: 'binop', op: op.v, left: base, right: r };
  }

  private primary(): Expr {
    let e = this.atom();
    for (;;) {
      if (this.isOp('(')) e = this.call(e, this.S(e));
      else if (this.isOp('[')) e = this.subscript(e);
      else if (this.isOp('.')) {
        const dot = this.next();
        const p = this.next();
        if (p.t !== T.Name || dot.afterComment || p.afterComment) bail(); // Lezer's tree differs around comments there
        e = { from: this.S(e), to: p.to, k: 'attr', obj: e, attr: p.v, attrFrom: p.from };
      } else return e;
    }
  }

  private atom(): Expr {
    const t = this.peek();
    switch (t.t) {
      case T.Name: {
        this.next();
        if (t.v === 'None' || t.v === 'True' || t.v === 'False') return { from: t.from, to: t.to, k: 'const', value: t.v };
        if (KEYWORDS.has(t.v)) bail();
        return { from: t.from, to: t.to, k: 'name', id: t.v };
      }
      case T.Number: {
        this.next();
        const n = t.num as NonNullable<Tok['num']>;
        return numberExpr(n.raw, n.from, n.to);
      }
      case T.String:
      case T.FString:
        return this.strings();
      case T.Op:
        switch (t.v) {
          case '(':
            return this.paren();
          case '[':
            return this.list();
          case '{':
            return this.brace();
          case '...':
            this.next();
            return { from: t.from, to: t.to, k: 'const', value: 'Ellipsis' };
        }
        return bail();
      default:
        return bail();
    }
  }

  private strings(): Expr {
    const first = this.peek();
    const list: Tok[] = [];
    while (this.peek().t === T.String || this.peek().t === T.FString) list.push(this.next());
    const last = list[list.length - 1];
    if (list.length === 1) {
      if (first.t === T.String) return { from: first.from, to: first.to, k: 'str', value: stringValue(this.s.slice(first.from, first.to)) };
      return this.fstring(first);
    }
    // the IR of a concatenation keeps no f-string parts, but their fields must be valid Python all the same
    for (const x of list) if (x.t === T.FString) this.fstring(x);
    const value = list
      .filter((x) => x.t === T.String)
      .map((x) => stringValue(this.s.slice(x.from, x.to)))
      .join('');
    return { from: first.from, to: last.to, k: 'str', value };
  }

  private fstring(t: Tok): Expr {
    const parts = (t.parts ?? []).map((p): Expr => (p.esc ? { from: p.from, to: p.to, k: 'other', node: 'Escape', parts: EMPTY } : this.field(p)));
    return { from: t.from, to: t.to, k: 'other', node: 'FormatString', parts };
  }

  private field(f: Field): Expr {
    const sub = new Parser(this.s, f.toks);
    const parts: Expr[] = [];
    if (sub.isKw('yield')) parts.push(sub.yieldExpr());
    else {
      for (;;) {
        if (sub.isOp('*')) sub.next();
        parts.push(sub.test());
        if (!sub.isOp(',')) break;
        sub.next();
        if (sub.peek().t === T.EOF) break;
      }
    }
    if (sub.peek().t !== T.EOF) bail();
    if (f.selfDoc) parts.push({ from: f.selfDoc.from, to: f.selfDoc.to, k: 'other', node: 'FormatSelfDoc', parts: EMPTY });
    if (f.conv) parts.push({ from: f.conv.from, to: f.conv.to, k: 'other', node: 'FormatConversion', parts: EMPTY });
    if (f.spec) parts.push({ from: f.spec.from, to: f.spec.to, k: 'other', node: 'FormatSpec', parts: f.spec.fields.map((n) => this.field(n)) });
    return { from: f.from, to: f.to, k: 'other', node: 'FormatReplacement', parts };
  }

  /** `*x` in a display (its IR is `x`: Lezer's `*` is punctuation), else `item`. */
  private starredOr(item: () => Expr): Expr {
    if (!this.isOp('*')) return item();
    this.next();
    return this.expression();
  }

  /** `(…)`: a parenthesized expression (its IR is the inner one), a tuple, a generator, `(yield …)`. */
  private paren(): Expr {
    const open = this.op('(');
    if (this.isOp(')')) {
      const close = this.next();
      return { from: open.from, to: close.to, k: 'seq', kind: 'tuple', items: [] };
    }
    if (this.isKw('yield')) {
      const y = this.yieldExpr();
      const close = this.op(')');
      this.outer.set(y, { from: open.from, to: close.to });
      return y;
    }
    const first = this.starredOr(() => this.testNamed());
    if (this.isKw('for') || this.isKw('async')) {
      const parts = [first, ...this.compFor()];
      const close = this.op(')');
      return { from: open.from, to: close.to, k: 'other', node: 'ComprehensionExpression', parts };
    }
    if (this.isOp(')')) {
      const close = this.next();
      this.outer.set(first, { from: open.from, to: close.to });
      return first;
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(')')) break;
      items.push(this.starredOr(() => this.testNamed()));
    }
    const close = this.op(')');
    return { from: open.from, to: close.to, k: 'seq', kind: 'tuple', items };
  }

  private list(): Expr {
    const open = this.op('[');
    const items: Expr[] = [];
    if (!this.isOp(']')) {
      const first = this.starredOr(() => this.testNamed());
      if (this.isKw('for') || this.isKw('async')) {
        const parts = [first, ...this.compFor()];
        const close = this.op(']');
        return { from: open.from, to: close.to, k: 'other', node: 'ArrayComprehensionExpression', parts };
      }
      items.push(first);
      while (this.isOp(',')) {
        this.next();
        if (this.isOp(']')) break;
        items.push(this.starredOr(() => this.testNamed()));
      }
    }
    const close = this.op(']');
    return { from: open.from, to: close.to, k: 'seq', kind: 'list', items };
  }

  private brace(): Expr {
    const open = this.op('{');
    if (this.isOp('}')) {
      const close = this.next();
      return { from: open.from, to: close.to, k: 'dict', entries: [] };
    }
    // a dict: `k: v` and `**m` entries
    const entry = (): { key: Expr | undefined; value: Expr } => {
      if (this.isOp('**')) {
        this.next();
        return { key: undefined, value: this.expression() };
      }
      const key = this.test();
      this.op(':');
      return { key, value: this.test() };
    };
    if (this.isOp('**') || this.isDictStart()) {
      const first = entry();
      if (first.key && (this.isKw('for') || this.isKw('async'))) {
        const parts = [first.key, first.value, ...this.compFor()];
        const close = this.op('}');
        return { from: open.from, to: close.to, k: 'other', node: 'DictionaryComprehensionExpression', parts };
      }
      if (!first.key && (this.isKw('for') || this.isKw('async'))) bail();
      const entries = [first];
      while (this.isOp(',')) {
        this.next();
        if (this.isOp('}')) break;
        entries.push(entry());
      }
      const close = this.op('}');
      return { from: open.from, to: close.to, k: 'dict', entries };
    }
    const first = this.starredOr(() => this.test());
    if (this.isKw('for') || this.isKw('async')) {
      const parts = [first, ...this.compFor()];
      const close = this.op('}');
      return { from: open.from, to: close.to, k: 'other', node: 'SetComprehensionExpression', parts };
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp('}')) break;
      items.push(this.starredOr(() => this.test()));
    }
    const close = this.op('}');
    return { from: open.from, to: close.to, k: 'seq', kind: 'set', items };
  }

  /** Whether the brace holds a dict: a `:` at depth 0 before the first `,`, `for` or the closing brace. */
  private isDictStart(): boolean {
    let depth = 0;
    for (let k = this.i; k < this.toks.length; k++) {
      const t = this.toks[k];
      if (t.t === T.Op) {
        if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
        else if (t.v === ')' || t.v === ']' || t.v === '}') {
          if (depth === 0) return false;
          depth--;
        } else if (depth === 0 && (t.v === ':' || t.v === ',')) return t.v === ':';
      } else if (depth === 0 && t.t === T.Name && (t.v === 'for' || t.v === 'lambda')) return false;
      else if (t.t === T.EOF) return false;
    }
    return false;
  }

  /** `for a, b in it if c for …`: the expressions, in order. */
  private compFor(): Expr[] {
    const parts: Expr[] = [];
    for (;;) {
      if (this.isKw('async')) bail();
      this.kw('for');
      for (;;) {
        // `[id for id, *_ in pairs]`: a starred target, which Lezer 1.1.19 reports as an error
        parts.push(this.isOp('*') ? this.starred() : this.expression());
        if (!this.isOp(',')) break;
        this.next();
        if (this.isKw('in')) break;
      }
      this.kw('in');
      parts.push(this.orTest());
      while (this.isKw('if')) {
        this.next();
        parts.push(this.testNoCond());
      }
      if (!this.isKw('for') && !this.isKw('async')) return parts;
    }
  }

  /** `*expr` where Python takes a starred item and Lezer's IR would have one: `starred` around the expression. */
  private starred(): Expr {
    const st = this.op('*');
    const e = this.expression();
    return { k: 'other', node: 'starred', parts: [e], from: st.from, to: this.E(e) };
  }

  private subscript(obj: Expr): Expr {
    this.op('[');
    const index: Expr[] = [];
    const steps: number[] = [];
    let slice = false;
    for (;;) {
      // `tuple[*Ts]`, `x[*idx, 0]` (Python 3.11): Lezer 1.1.19 reports an error
      if (this.isOp('*')) {
        index.push(this.starred());
        if (this.isOp(':')) bail(); // not in a slice
      } else if (!this.isOp(':')) index.push(this.testNamed());
      if (this.isOp(':')) {
        slice = true;
        this.next();
        if (!this.isOp(':') && !this.isOp(',') && !this.isOp(']')) index.push(this.testNamed());
        if (this.isOp(':')) {
          this.next();
          if (!this.isOp(',') && !this.isOp(']')) {
            steps.push(index.length);
            index.push(this.testNamed());
          }
        }
      }
      if (!this.isOp(',')) break;
      this.next();
      if (this.isOp(']')) break;
    }
    const close = this.op(']');
    const sub: Expr = { from: this.S(obj), to: close.to, k: 'subscript', obj, index };
    if (slice) sub.slice = true;
    if (steps.length) sub.steps = steps;
    return sub;
  }

  /** A call's argument list, as IrBuilder.callFrom reads Lezer's ArgList. */
  private call(fn: Expr, from: number): Expr {
    const open = this.op('(');
    const args: Expr[] = [];
    const kwargs: Kwarg[] = [];
    let star = false;
    const starred: Expr[] = [];
    while (!this.isOp(')')) {
      if (this.isOp('*') || this.isOp('**')) {
        this.next();
        starred.push(this.test());
        star = true;
      } else if (this.peek().t === T.Name && this.isOp('=', 1)) {
        const k = this.name();
        this.next();
        const v = this.test();
        if (this.isKw('for') || this.isKw('async')) bail();
        kwargs.push({ name: k.v, value: v, from: k.from, to: this.E(v) });
      } else if (this.peek().t === T.Name && this.isOp(':=', 1)) {
        return bail();
      } else {
        const e = this.test();
        if (this.isKw('for') || this.isKw('async')) {
          if (args.length || kwargs.length || star) bail();
          const parts = [e, ...this.compFor()];
          if (this.isOp(',')) bail();
          const close = this.op(')');
          return { k: 'call', fn, args: [{ k: 'other', node: 'generator', parts, from: open.from, to: close.to }], kwargs: [], argsFrom: open.from, argsTo: close.to, star: false, starred: [], from, to: close.to };
        }
        args.push(e);
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.op(')');
    const c: Extract<Expr, { k: 'call' }> = { k: 'call', fn, args, kwargs, argsFrom: open.from, argsTo: close.to, star, starred, from, to: close.to };
    if (misorderedArguments(c)) this.suspect = true;
    return c;
  }
}

/** Binary operator levels of Lezer's `expression`, loosest first (power and unary operators are in `unary`). */
const BINARY_LEVELS = [new Set(['|']), new Set(['^']), new Set(['&']), new Set(['<<', '>>']), new Set(['+', '-']), new Set(['*', '@', '/', '%', '//'])];

/** IrBuilder.group: comma-separated nodes without brackets form a tuple; `*x` items are kept as `starred`. */
function group(nodes: ListNode[]): Expr {
  const items: Expr[] = [];
  let star: number | undefined;
  let hasComma = false;
  for (const n of nodes) {
    if ('star' in n) star = n.from;
    else if ('comma' in n) hasComma = true;
    else {
      items.push(star === undefined ? n.e : { k: 'other', node: 'starred', parts: [n.e], from: star, to: n.e.to });
      star = undefined;
    }
  }
  if (items.length === 1 && !hasComma) return items[0];
  const from = nodes[0]?.from ?? 0;
  const to = nodes[nodes.length - 1]?.to ?? from;
  return { k: 'seq', kind: 'tuple', items, from, to };
}

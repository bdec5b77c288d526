// Errors CPython's tokenizer reports on its own, found by reading the text as it does: strings left open, lines
// indented where no block starts (or not indented where one does), dedents to a column no enclosing block has, a
// `try:` block not followed by its `except` or `finally`, brackets that do not match, a single `}` in an f-string's
// text, and characters no identifier may hold (`print（x）` typed with a full-width bracket,
// a no-break space pasted from a web page).
//
// Lezer 1.1.19 reads some of these without an error node (it closes a string at the end of the line, takes an
// unexpected indent as a block), and the fast parser gives them up to Lezer; the analysis would then read the file as
// Lezer misread it, with no syntax error shown and the rules' findings on code that is not what Python runs. So this
// is asked where the parsers report nothing. A false syntax error is worse than a missed one: anything this reader is
// not sure of (tabs and spaces mixed, f-strings that only Python 3.12 reads, a character Unicode may yet make a
// letter) makes it answer nothing.
import type { Span } from './ir';

export interface LexicalError extends Span {
  /** CPython's message, without the line it names. */
  message: string;
}

/** Thrown where the reader is not sure: the answer is then "no error known". */
const UNSURE = new Error('not sure');

const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;
const STARTS = /^[\p{XID_Start}_]$/u;
const CONTINUES = /^\p{XID_Continue}$/u;
/** Punctuation, symbols and spaces: no Unicode version makes these letters or digits (unassigned code points could). */
const NEVER_IN_NAMES = /^[\p{P}\p{S}\p{Z}]$/u;

/**
 * Whether Python takes a name with characters beyond ASCII: its tokenizer checks the name as written (XID_Start, then
 * XID_Continue), before the parser normalizes it to NFKC; so `x²` is an error and `ﬁle` is `file`.
 */
export function isPythonIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * The first character of a run of name characters that Python rejects, with its message; undefined where that
 * character is not punctuation, a symbol or a space (a letter of a newer Unicode than this one, maybe).
 */
function invalidCharacter(run: string, at: number): LexicalError | undefined {
  let i = 0;
  for (const ch of run) {
    if (!(i === 0 ? STARTS : CONTINUES).test(ch)) {
      if (!NEVER_IN_NAMES.test(ch)) return undefined;
      const code = (ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
      const message = /\p{Z}/u.test(ch) ? `invalid non-printable character U+${code}` : `invalid character '${ch}' (U+${code})`;
      return { from: at + i, to: at + i + ch.length, message };
    }
    i += ch.length;
  }
  return undefined;
}

/** A hexadecimal digit's character code. */
export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * The error of a backslash escape at `at` in a string that is not raw, if Python rejects it as written: `\x` without
 * two hex digits; in text (not bytes) `\u` without four, `\U` without eight or beyond U+10FFFF, `\N` without its
 * `{name}` (a Windows path in a plain string, `"C:\Users\me"`, is the usual way to write one). An unknown name in
 * `\N{…}` is an error too, not known here.
 */
export function badEscape(text: string, at: number, bytes: boolean): LexicalError | undefined {
  const c = text[at + 1];
  const digits = (n: number): boolean => {
    for (let k = 0; k < n; k++) if (!isHex(text.charCodeAt(at + 2 + k))) return false;
    return true;
  };
  let message: string | undefined;
  let to = at + 2;
  if (c === 'x' && !digits(2)) message = bytes ? '(value error) invalid \\x escape' : '(unicode error) truncated \\xXX escape';
  else if (bytes) return undefined;
  else if (c === 'u' && !digits(4)) message = '(unicode error) truncated \\uXXXX escape';
  else if (c === 'U' && !digits(8)) message = '(unicode error) truncated \\UXXXXXXXX escape';
  else if (c === 'U' && parseInt(text.slice(at + 2, at + 10), 16) > 0x10ffff) {
    message = '(unicode error) illegal Unicode character';
    to = at + 10;
  } else if (c === 'N' && !/^\{[^'"\\\r\n{}]+\}/.test(text.slice(at + 2, at + 100))) message = '(unicode error) malformed \\N character escape';
  return message ? { from: at, to, message } : undefined;
}

const OPENERS = '([{';
const CLOSERS = ')]}';
const PREFIX = /^(?:[rRbBuUfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;

function isNewline(c: number): boolean {
  return c === 10 || c === 13;
}

/** A letter, digit or underscore of ASCII: what a name holds before characters beyond ASCII. */
export function isAsciiNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Past the line break at `i` (`\n`, `\r\n` or a lone `\r`). */
function pastNewline(text: string, i: number): number {
  return text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
}

function lineEnd(text: string, i: number): number {
  while (i < text.length && !isNewline(text.charCodeAt(i))) i++;
  return i;
}

class Reader {
  private i = 0;
  private readonly brackets: number[] = [];
  /** The last character of code on the logical line so far (0: none). */
  private last = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  read(): LexicalError | undefined {
    const { text } = this;
    const n = text.length;
    const indents = [0];
    /** The same columns with a tab counted as one: where the two orders disagree, Python reports a TabError. */
    const alts = [0];
    let opensBlock = false;
    /** The columns of the `try:` statements whose `except` or `finally` has not come yet. */
    const tries: number[] = [];
    while (this.i < n) {
      // the first line of a logical line: its indentation
      let col = 0;
      let alt = 0;
      let j = this.i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === 32) {
          col++;
          alt++;
        } else if (c === 9) {
          col = col - (col % 8) + 8;
          alt++;
        } else if (c === 12) col = alt = 0;
        else break;
      }
      if (j >= n) break;
      const c = text.charCodeAt(j);
      if (c === 35 || isNewline(c)) {
        // a blank line, or a comment alone on its line: no indentation to Python
        const end = lineEnd(text, j);
        this.i = end < n ? pastNewline(text, end) : n;
        continue;
      }
      if (c === 92) throw UNSURE; // a line continuation alone on a line
      const top = indents[indents.length - 1];
      if (col > top) {
        if (alt <= alts[alts.length - 1]) throw UNSURE;
        if (!opensBlock) return { from: j, to: lineEnd(text, j), message: 'unexpected indent' };
        indents.push(col);
        alts.push(alt);
      } else {
        if (opensBlock) return { from: j, to: lineEnd(text, j), message: 'expected an indented block' };
        while (col < indents[indents.length - 1]) {
          indents.pop();
          alts.pop();
        }
        if (col !== indents[indents.length - 1]) return { from: j, to: lineEnd(text, j), message: 'unindent does not match any outer indentation level' };
        if (alt !== alts[alts.length - 1]) throw UNSURE;
      }
      // a `try:` block ends where a line comes back to its column: that line must be its `except` or `finally`
      while (tries.length && col <= tries[tries.length - 1]) {
        if (col === tries[tries.length - 1] && (this.keywordAt(j, 'except') || this.keywordAt(j, 'finally'))) tries.pop();
        else return { from: j, to: lineEnd(text, j), message: "expected 'except' or 'finally' block" };
      }
      if (this.keywordAt(j, 'try') && /^[ \t\f]*:/.test(text.slice(j + 3, j + 40))) tries.push(col);
      this.i = j;
      this.last = 0;
      const error = this.logicalLine();
      if (error) return error;
      opensBlock = this.last === 58; // `:`
    }
    if (this.brackets.length) {
      const at = this.brackets[this.brackets.length - 1];
      return { from: at, to: at + 1, message: `'${text[at]}' was never closed` };
    }
    if (opensBlock) return { from: n, to: n, message: 'expected an indented block' };
    if (tries.length) return { from: n, to: n, message: "expected 'except' or 'finally' block" };
    return undefined;
  }

  /** Whether the keyword starts at `at` (and is not the start of a longer name). */
  private keywordAt(at: number, word: string): boolean {
    const c = this.text.charCodeAt(at + word.length);
    return this.text.startsWith(word, at) && !isAsciiNameChar(c) && !(c >= 128);
  }

  /** Reads to the end of a logical line (past its line break). */
  private logicalLine(): LexicalError | undefined {
    const { text, brackets } = this;
    const n = text.length;
    while (this.i < n) {
      const i = this.i;
      const c = text.charCodeAt(i);
      if (isNewline(c)) {
        this.i = pastNewline(text, i);
        if (!brackets.length) return undefined;
        continue;
      }
      if (c === 32 || c === 9 || c === 12) {
        this.i++;
        continue;
      }
      if (c === 35) {
        this.i = lineEnd(text, i);
        continue;
      }
      if (c === 92) {
        const next = text.charCodeAt(i + 1);
        if (isNewline(next)) {
          this.i = pastNewline(text, i + 1);
          continue;
        }
        if (i + 1 >= n) throw UNSURE;
        return { from: i, to: i + 1, message: 'unexpected character after line continuation character' };
      }
      if (c === 34 || c === 39) {
        const error = this.string(i, i);
        if (error) return error;
        continue;
      }
      if (c >= 48 && c <= 57) {
        // a number: its digits, letters (`0x1F`, `1e`, `2j`) and dots; what it holds is the parsers' business
        let k = i + 1;
        while (k < n && (isAsciiNameChar(text.charCodeAt(k)) || text.charCodeAt(k) === 46)) k++;
        this.i = k;
        this.last = 48;
        continue;
      }
      if (isAsciiNameChar(c) || c >= 128) {
        // CPython takes every character beyond ASCII as a possible name character, then checks the name
        let k = i + 1;
        let wide = c >= 128;
        for (; k < n; k++) {
          const d = text.charCodeAt(k);
          if (d >= 128) wide = true;
          else if (!isAsciiNameChar(d)) break;
        }
        const q = text.charCodeAt(k);
        if ((q === 34 || q === 39) && PREFIX.test(text.slice(i, k))) {
          const error = this.string(i, k);
          if (error) return error;
          continue;
        }
        if (wide) {
          const error = invalidCharacter(text.slice(i, k), i);
          if (error) return error;
        }
        this.i = k;
        this.last = 97;
        continue;
      }
      const open = OPENERS.indexOf(text[i]);
      if (open >= 0) brackets.push(i);
      const close = CLOSERS.indexOf(text[i]);
      if (close >= 0) {
        const at = brackets.pop();
        if (at === undefined) return { from: i, to: i + 1, message: `unmatched '${text[i]}'` };
        if (OPENERS.indexOf(text[at]) !== close) return { from: i, to: i + 1, message: `closing parenthesis '${text[i]}' does not match opening parenthesis '${text[at]}'` };
      }
      this.last = c;
      this.i = i + 1;
    }
    return undefined;
  }

  /** A string literal whose prefix starts at `start` and quote at `quote`; `this.i` ends past it. */
  private string(start: number, quote: number): LexicalError | undefined {
    const end = this.stringEnd(start, quote, false);
    if (typeof end !== 'number') return end;
    this.i = end;
    this.last = 34;
    return undefined;
  }

  /**
   * Where a string literal ends, or its error. F-strings (and 3.14's t-strings): the replacement fields are followed
   * as far as Python 3.8–3.11 and 3.12+ read them alike; a quote, backslash, comment or line break inside a field that
   * the two read differently makes the reader unsure. `nested`: a string inside a replacement field, whose own
   * errors are not reported (unsure instead).
   */
  private stringEnd(start: number, quote: number, nested: boolean): number | LexicalError {
    const { text } = this;
    const n = text.length;
    const q = text.charCodeAt(quote);
    const prefix = text.slice(start, quote).toLowerCase();
    const formatted = prefix.includes('f') || prefix.includes('t');
    const raw = prefix.includes('r');
    const triple = text.charCodeAt(quote + 1) === q && text.charCodeAt(quote + 2) === q;
    let k = quote + (triple ? 3 : 1);
    let depth = 0;
    const unterminated = (): LexicalError => {
      if (nested) throw UNSURE;
      const what = `${triple ? 'triple-quoted ' : ''}${formatted ? (prefix.includes('t') ? 't-' : 'f-') : ''}string literal`;
      return { from: start, to: triple ? quote + 3 : lineEnd(text, quote), message: `unterminated ${what}` };
    };
    while (k < n) {
      const c = text.charCodeAt(k);
      if (depth > 0) {
        // inside a replacement field
        if (c === 92 || c === 35 || (!triple && isNewline(c))) throw UNSURE;
        if (c === 34 || c === 39) {
          if (c === q && (!triple || (text.charCodeAt(k + 1) === q && text.charCodeAt(k + 2) === q))) throw UNSURE;
          let p = k;
          while (p > 0 && isAsciiNameChar(text.charCodeAt(p - 1))) p--;
          const inner = this.stringEnd(PREFIX.test(text.slice(p, k)) ? p : k, k, true);
          k = inner as number;
          continue;
        }
        if (c === 123) depth++;
        else if (c === 125) depth--;
        k++;
        continue;
      }
      if (c === 92) {
        const bad = raw ? undefined : badEscape(text, k, prefix.includes('b'));
        if (bad) {
          if (nested) throw UNSURE;
          return bad;
        }
        const next = text.charCodeAt(k + 1);
        if (formatted && (next === 123 || next === 125)) k++; // a brace after a backslash is still a brace
        // `\N{NAME}`: a character's name, not a replacement field (`badEscape` saw its closing brace)
        else if (formatted && !raw && next === 78) k = text.indexOf('}', k + 3) + 1;
        else k += next === 13 && text.charCodeAt(k + 2) === 10 ? 3 : 2;
        continue;
      }
      if (formatted && c === 123) {
        if (text.charCodeAt(k + 1) === 123) k += 2;
        else {
          depth = 1;
          k++;
        }
        continue;
      }
      if (formatted && c === 125) {
        if (text.charCodeAt(k + 1) !== 125) {
          if (nested) throw UNSURE;
          return { from: k, to: k + 1, message: "f-string: single '}' is not allowed" };
        }
        k += 2;
        continue;
      }
      if (c === q) {
        if (!triple) return k + 1;
        if (text.charCodeAt(k + 1) === q && text.charCodeAt(k + 2) === q) return k + 3;
      } else if (!triple && isNewline(c)) return unterminated();
      k++;
    }
    if (depth > 0) throw UNSURE;
    return unterminated();
  }
}

/**
 * The first error CPython's tokenizer would report in the text, where this reader is sure of it; undefined where
 * there is none or it is not sure.
 */
export function lexicalError(text: string): LexicalError | undefined {
  try {
    return new Reader(text).read();
  } catch (err) {
    if (err === UNSURE) return undefined;
    throw err;
  }
}

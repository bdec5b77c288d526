// Parsing Python with @lezer/python: error-recovering, incremental.
//
// Lezer 1.1.19 mis-tokenises float literals with a trailing dot: `0.` becomes `0` `.`, and `1.e-3` becomes
// `1 .e - 3`. Python itself never allows a member access directly after an integer literal (`1.real` is a
// syntax error), so a MemberExpression whose object is a Number followed at once by `.` is always one of these
// floats. We find them in the tree, patch the text to a float of the same length that Lezer reads correctly
// (`1.e-3` → `1e-03`, `0.` → `0 `, `5.j` → `5j `) and re-parse only those spots incrementally. Offsets stay
// the same, so every range still points into the user's text, and number values are read from the original.
import { parser } from '@lezer/python';
import { TreeFragment, type ChangedRange, type SyntaxNode, type Tree } from '@lezer/common';

export interface ParsedPython {
  /** The user's text. */
  text: string;
  /** The text Lezer parsed: `text` with trailing-dot floats patched, same length. */
  parsedText: string;
  tree: Tree;
  /** The raw tree of `text`, kept for the next incremental parse. */
  rawTree: Tree;
}

/** The span of text that differs between two versions, by common prefix and suffix. */
export function diffRange(oldText: string, newText: string): ChangedRange | undefined {
  if (oldText === newText) return undefined;
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { fromA: start, toA: oldEnd, fromB: start, toB: newEnd };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

interface Patch {
  from: number;
  to: number;
  text: string;
}

/** Same-length replacements for trailing-dot floats that Lezer split. */
function floatPatches(text: string, tree: Tree): Patch[] {
  const patches: Patch[] = [];
  tree.iterate({
    enter(n) {
      if (n.name !== 'MemberExpression') return;
      const num = n.node.firstChild;
      if (!num || num.name !== 'Number') return;
      const dot = num.to;
      if (text.charCodeAt(dot) !== 46 /* . */) return;
      // Only a plain integer literal can be the first half of a split float (not 0x1 or 1.5).
      for (let i = num.from; i < num.to; i++) {
        const c = text.charCodeAt(i);
        if (!isDigit(c) && c !== 95) return;
      }
      patches.push(patchAt(text, num.from, dot));
    },
  });
  return patches;
}

function patchAt(text: string, from: number, dot: number): Patch {
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
  if ((after === 106 || after === 74) && !isIdentChar(text.charCodeAt(dot + 2))) {
    // 5.j → "5j "
    return { from, to: dot + 2, text: text.slice(from, dot) + text[dot + 1] + ' ' };
  }
  // 0. → "0 "
  return { from, to: dot + 1, text: text.slice(from, dot) + ' ' };
}

/**
 * Parse `text`, reusing `previous` (the last parse of the same file) where the text did not change.
 */
export function parsePython(text: string, previous?: ParsedPython): ParsedPython {
  let rawTree: Tree;
  if (previous) {
    const change = diffRange(previous.text, text);
    if (!change) return previous;
    const fragments = TreeFragment.applyChanges(TreeFragment.addTree(previous.rawTree), [change]);
    rawTree = parser.parse(text, fragments);
  } else {
    rawTree = parser.parse(text);
  }
  const patches = floatPatches(text, rawTree);
  if (patches.length === 0) return { text, parsedText: text, tree: rawTree, rawTree };
  let parsedText = '';
  let last = 0;
  for (const p of patches) {
    parsedText += text.slice(last, p.from) + p.text;
    last = p.to;
  }
  parsedText += text.slice(last);
  const changes: ChangedRange[] = patches.map((p) => ({ fromA: p.from, toA: p.to, fromB: p.from, toB: p.to }));
  const tree = parser.parse(parsedText, TreeFragment.applyChanges(TreeFragment.addTree(rawTree), changes));
  return { text, parsedText, tree, rawTree };
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

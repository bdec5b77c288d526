// What the scripts that edit real code at random share (edit-stress.ts, syntax-fuzz.ts): the seeded generator, so
// that a run can be repeated, and the edits that break the syntax as typing does.

/** A random integer below `n` from a seeded generator (Park–Miller): the same seed, the same sequence. */
export function seededRandom(seed: number): (n: number) => number {
  let s = seed;
  return (n) => (s = (s * 16807) % 2147483647) % n;
}

/** Reads `--seed N` out of the arguments (default 1). */
export function seedArgument(args: string[]): number {
  const at = args.indexOf('--seed');
  return at >= 0 ? Number(args.splice(at, 2)[1]) : 1;
}

/** Characters and snippets inserted while typing that break the syntax: brackets, quotes, colons, f-string braces, newlines and indentation. */
export const BREAKING_EDITS = ['', 'x', ' ', '\n', '(', ')', '"""', "'", ':', '\n    ', 'def f(', '[', '{', '#', '\\', 'optimizer.zero_grad()\n', 'print(f"{x', '\t'];

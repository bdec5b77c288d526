// Command-line argument walking shared by the subcommands: `--flag value`, `--flag=value` and positionals.

export class UsageError extends Error {}

/**
 * Calls `each(flag, value, raw)` for every argument. `value()` takes the flag's value (inline after `=`, or the
 * next argument) and throws a UsageError when there is none.
 */
export function forEachArg(args: readonly string[], each: (flag: string, value: () => string, raw: string) => void): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    each(
      flag,
      () => {
        const v = inline ?? args[++i];
        if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
        return v;
      },
      a,
    );
  }
}

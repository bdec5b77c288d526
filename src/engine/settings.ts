// Rule selection and severities: one vocabulary for the CLI, the editor settings and the project file.
import type { RuleMeta } from './rules/rule';
import type { RuleSettings, Severity, SeveritySetting } from './types';

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

export function isSeveritySetting(v: unknown): v is SeveritySetting {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

/** Length of the longest selector that matches a rule (`ALL`, a code prefix like `NR2`, or the rule's name); -1 if none. */
function matchLength(selectors: readonly string[] | undefined, rule: Pick<RuleMeta, 'code' | 'name'>): number {
  let best = -1;
  for (const raw of selectors ?? []) {
    const s = raw.trim();
    if (s.toUpperCase() === 'ALL') best = Math.max(best, 0);
    else if (s === rule.name) best = Math.max(best, rule.code.length);
    else if (rule.code.startsWith(s.toUpperCase())) best = Math.max(best, s.length);
  }
  return best;
}

/**
 * The severity a rule runs with, or `off`. Like Ruff: with no `select` every rule is on; the more specific of
 * a matching `select` and `ignore` wins, and `ignore` wins a tie. A per-rule severity override applies last.
 */
export function effectiveSeverity(rule: Pick<RuleMeta, 'code' | 'name' | 'defaultSeverity'>, settings: RuleSettings | undefined): SeveritySetting {
  const sel = settings?.select?.length ? matchLength(settings.select, rule) : 0;
  const ign = matchLength(settings?.ignore, rule);
  if (sel < 0 || ign >= sel) return 'off';
  const override = settings?.severity?.[rule.code] ?? settings?.severity?.[rule.name];
  return override ?? rule.defaultSeverity;
}

/** Combines setting layers; a later layer's `select`/`ignore` replace earlier ones, severities merge per rule. */
export function mergeSettings(...layers: (RuleSettings | undefined)[]): RuleSettings {
  const out: RuleSettings = {};
  for (const l of layers) {
    if (!l) continue;
    if (l.select) out.select = [...l.select];
    if (l.ignore) out.ignore = [...l.ignore];
    if (l.severity) out.severity = { ...(out.severity ?? {}), ...l.severity };
  }
  return out;
}

/** Checks selectors against known rules, for clear messages on typos (`--select NR9`). */
export function unknownSelectors(selectors: readonly string[], rules: readonly Pick<RuleMeta, 'code' | 'name'>[]): string[] {
  return selectors.filter((s) => s.toUpperCase() !== 'ALL' && !rules.some((r) => matchLength([s], r) >= 0));
}

export type { Severity };

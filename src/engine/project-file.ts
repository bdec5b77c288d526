// The project file `.nn-recipe.yaml` at the workspace root: rule settings a team shares, the pinned stage.
// Read with the `yaml` package; problems are reported with ranges, never thrown.
import { LineCounter, parseDocument } from 'yaml';
import { isSeveritySetting } from './settings';
import type { ParseProblem, RuleSettings, SeveritySetting } from './types';

export const PROJECT_FILE = '.nn-recipe.yaml';

export interface ProjectFile {
  settings: RuleSettings;
  /** The stage the user pinned (1-6). */
  stage?: number;
  /** Tips ticked by hand: id → note and date. */
  ticks: Record<string, { note?: string; date?: string }>;
  problems: ParseProblem[];
}

export function loadProjectFile(text: string): ProjectFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const out: ProjectFile = { settings: {}, ticks: {}, problems: [] };
  const at = (offset: number): { line: number; character: number } => {
    const p = lc.linePos(offset);
    return { line: p.line - 1, character: p.col - 1 };
  };
  for (const e of doc.errors) out.problems.push({ range: { start: at(e.pos[0]), end: at(e.pos[1]) }, message: e.message.split('\n')[0] });
  if (out.problems.length) return out;
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return out;
  const problem = (msg: string): void => {
    out.problems.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: msg });
  };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problem(`${PROJECT_FILE} must be a mapping of keys (select, ignore, severity, stage, ticks)`);
    return out;
  }
  const d = data as Record<string, unknown>;
  const list = (key: string): string[] | undefined => {
    const v = d[key];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
    problem(`\`${key}\` must be a list of rule codes or prefixes`);
    return undefined;
  };
  const select = list('select');
  const ignore = list('ignore');
  if (select) out.settings.select = select;
  if (ignore) out.settings.ignore = ignore;
  if (d.severity !== undefined && d.severity !== null) {
    if (typeof d.severity !== 'object' || Array.isArray(d.severity)) problem('`severity` must map rule codes to error, warning, info, hint or off');
    else {
      const sev: Record<string, SeveritySetting> = {};
      for (const [k, v] of Object.entries(d.severity as Record<string, unknown>)) {
        if (isSeveritySetting(v)) sev[k] = v;
        else problem(`severity of ${k} must be one of error, warning, info, hint, off`);
      }
      out.settings.severity = sev;
    }
  }
  if (d.stage !== undefined && d.stage !== null) {
    if (typeof d.stage === 'number' && Number.isInteger(d.stage) && d.stage >= 1 && d.stage <= 6) out.stage = d.stage;
    else problem('`stage` must be a whole number from 1 to 6');
  }
  if (d.ticks && typeof d.ticks === 'object' && !Array.isArray(d.ticks)) {
    for (const [k, v] of Object.entries(d.ticks as Record<string, unknown>)) {
      if (v === true || v === null) out.ticks[k] = {};
      else if (typeof v === 'object' && v) {
        const t = v as Record<string, unknown>;
        out.ticks[k] = { ...(typeof t.note === 'string' ? { note: t.note } : {}), ...(t.date !== undefined ? { date: String(t.date) } : {}) };
      }
    }
  }
  return out;
}

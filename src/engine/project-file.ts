// The project file `.nn-recipe.yaml` at the workspace root: rule settings a team shares, the pinned stage and
// the tips ticked by hand. Read with the `yaml` package; problems are reported with ranges, never thrown.
// Written back through the yaml Document API, so the user's comments and key order survive; the writers are
// pure (text in, text out) and refuse, saying why, to touch a file they cannot read: a malformed file is never
// overwritten.
import { type Document, LineCounter, type Node, type YAMLMap, isMap, isScalar, parseDocument } from 'yaml';
import { isSeveritySetting } from './settings';
import { STAGES, isStage, tipInfo } from './stages/recipe';
import type { ParseProblem, Range, RuleSettings, SeveritySetting } from './types';

export const PROJECT_FILE = '.nn-recipe.yaml';

export interface Tick {
  note?: string;
  /** As written in the file, e.g. "2024-05-01". */
  date?: string;
}

export interface ProjectFile {
  settings: RuleSettings;
  /** The stage the user pinned (1-6). */
  stage?: number;
  /** Tips ticked by hand: id → note and date. */
  ticks: Record<string, Tick>;
  problems: ParseProblem[];
}

/** What a new project file says, for "create the project file". */
export const PROJECT_FILE_TEMPLATE = `# nn-recipe project file: shared by the editor extension and the \`nn-recipe\` command line.
# https://karpathy.github.io/2019/04/25/recipe/

# The recipe stage the project is in (1-6). Without it the stage is inferred from the code.
# Stage-aware rules (augmentation while building the skeleton, no weight decay while regularizing…) use it.
# stage: 2

# Rules to run and to turn off: codes, code prefixes or names (NR2, NR204, missing-zero-grad).
# select: [ALL]
# ignore: []

# Severity per rule: error, warning, info, hint or off.
# severity:
#   NR201: error

# Tips done by hand (the sidebar writes these when you tick a tip), with an optional note and date.
# ticks:
#   "1.1": {note: looked through 500 images, date: 2024-05-01}
`;

type Positioned = { range?: [number, number, number] | null };

function parse(text: string): { doc: Document; lc: LineCounter } {
  const lc = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lc, prettyErrors: false }), lc };
}

function rangeAt(lc: LineCounter, from: number, to: number): Range {
  const at = (offset: number): { line: number; character: number } => {
    const p = lc.linePos(offset);
    return { line: p.line - 1, character: p.col - 1 };
  };
  return { start: at(from), end: at(to) };
}

/**
 * A mapping key as the user wrote it: `2.10:` is the number 2.1 to YAML but the tip "2.10" to the user, so
 * plain numeric keys are read from their source text.
 */
function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const v = key.value;
  if (typeof v === 'number' && key.source !== undefined) return key.source;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export function loadProjectFile(text: string): ProjectFile {
  const { doc, lc } = parse(text);
  const out: ProjectFile = { settings: {}, ticks: {}, problems: [] };
  for (const e of doc.errors) out.problems.push({ range: rangeAt(lc, e.pos[0], e.pos[1]), message: e.message.split('\n')[0] });
  if (out.problems.length) return out;
  const root = doc.contents;
  if (root === null || root === undefined) return out;
  const problem = (node: Positioned | null | undefined, msg: string): void => {
    const r = node?.range;
    out.problems.push({ range: r ? rangeAt(lc, r[0], r[1]) : rangeAt(lc, 0, 0), message: msg });
  };
  if (!isMap(root)) {
    problem(root, `${PROJECT_FILE} must be a mapping of keys (select, ignore, severity, stage, ticks)`);
    return out;
  }
  const data = doc.toJS() as Record<string, unknown>;
  const nodeOf = (key: string): Positioned | undefined => root.get(key, true) ?? undefined;
  const list = (key: string): string[] | undefined => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
    problem(nodeOf(key), `\`${key}\` must be a list of rule codes or prefixes`);
    return undefined;
  };
  const select = list('select');
  const ignore = list('ignore');
  if (select) out.settings.select = select;
  if (ignore) out.settings.ignore = ignore;
  if (data.severity !== undefined && data.severity !== null) {
    if (typeof data.severity !== 'object' || Array.isArray(data.severity)) problem(nodeOf('severity'), '`severity` must map rule codes to error, warning, info, hint or off');
    else {
      const sev: Record<string, SeveritySetting> = {};
      for (const [k, v] of Object.entries(data.severity as Record<string, unknown>)) {
        if (isSeveritySetting(v)) sev[k] = v;
        else problem(nodeOf('severity'), `severity of ${k} must be one of error, warning, info, hint, off`);
      }
      out.settings.severity = sev;
    }
  }
  if (data.stage !== undefined && data.stage !== null) {
    if (isStage(data.stage)) out.stage = data.stage;
    else problem(nodeOf('stage'), `\`stage\` must be a whole number from 1 to ${STAGES.length}`);
  }
  const ticks = root.get('ticks', true) as Node | null | undefined;
  if (ticks !== undefined && ticks !== null && !(isScalar(ticks) && ticks.value === null)) {
    if (!isMap(ticks)) problem(ticks, '`ticks` must map tip ids ("2.1") to true or to {note, date}');
    else
      for (const pair of ticks.items) {
        const id = keyText(pair.key);
        const v = pair.value as Node | null;
        if (!id || !tipInfo(id)) {
          problem(pair.key as Positioned, `unknown tip ${id ?? ''}: tips are numbered as in the recipe (1.1 … 6.2, 2.M1 … 2.M7)`);
          continue;
        }
        const js: unknown = v === null ? null : v.toJSON();
        if (js === true || js === null) out.ticks[id] = {};
        else if (js === false) continue;
        else if (typeof js === 'object' && !Array.isArray(js)) {
          const t = js as Record<string, unknown>;
          out.ticks[id] = { ...(typeof t.note === 'string' ? { note: t.note } : {}), ...(typeof t.date === 'string' || typeof t.date === 'number' ? { date: String(t.date) } : {}) };
        } else problem(v, `tick ${id} must be true or {note, date}`);
      }
  }
  return out;
}

// ------------------------------------------------------------------ writing

export type ProjectFileEdit = { ok: true; text: string } | { ok: false; reason: string };

/** Pins the project's stage (`stage: N`), or removes the pin with `undefined`. */
export function setPinnedStage(text: string, stage: number | undefined): ProjectFileEdit {
  if (stage !== undefined && !isStage(stage)) return { ok: false, reason: `stage must be a whole number from 1 to ${STAGES.length}, not ${String(stage)}` };
  return edit(text, (doc, root) => {
    if (stage === undefined) {
      if (root) root.delete('stage');
      return;
    }
    const existing = root?.get('stage', true);
    if (isScalar(existing)) existing.value = stage; // keeps the pair, its comments and its place
    else doc.set('stage', stage);
  });
}

/** Ticks a tip by hand (with an optional note and date), or unticks it with `undefined`. */
export function setTipTick(text: string, tipId: string, tick: Tick | undefined): ProjectFileEdit {
  if (!tipInfo(tipId)) return { ok: false, reason: `unknown tip ${tipId}` };
  return edit(text, (doc, root) => {
    const ticks = root?.get('ticks', true) as Node | null | undefined;
    const map = isMap(ticks) ? ticks : undefined;
    if (ticks !== undefined && ticks !== null && !map && !(isScalar(ticks) && ticks.value === null)) return '`ticks` is not a mapping of tip ids';
    const pair = map?.items.find((p) => keyText(p.key) === tipId);
    if (tick === undefined) {
      if (!map || !pair) return;
      map.items.splice(map.items.indexOf(pair), 1);
      if (!map.items.length && !map.commentBefore && !map.comment) root?.delete('ticks');
      return;
    }
    // `"2.7": true`, or `"2.7": {note: …, date: …}` on one line
    const plain = tick.note === undefined && tick.date === undefined;
    const value = plain ? doc.createNode(true) : doc.createNode({ ...(tick.note !== undefined ? { note: tick.note } : {}), ...(tick.date !== undefined ? { date: tick.date } : {}) }, { flow: true });
    if (pair) pair.value = value;
    else if (map) map.add(doc.createPair(tipId, value));
    else {
      const fresh = doc.createNode({}) as YAMLMap;
      fresh.add(doc.createPair(tipId, value));
      doc.set('ticks', fresh);
    }
  });
}

/**
 * Applies a change to the document and prints it back in the file's own indentation and line breaks. The
 * change may return a reason to refuse. The result is re-read: if it does not read back cleanly nothing is written.
 */
function edit(text: string, change: (doc: Document, root: YAMLMap | undefined) => string | void): ProjectFileEdit {
  const before = loadProjectFile(text);
  const syntax = parse(text).doc.errors.length > 0;
  if (syntax || before.problems.length) {
    const p = before.problems[0];
    const where = p ? ` (line ${p.range.start.line + 1}: ${p.message})` : '';
    return { ok: false, reason: `the project file has a problem${where}; fix it first: nn-recipe never overwrites a file it cannot read` };
  }
  const { doc } = parse(text);
  const root = isMap(doc.contents) ? (doc.contents) : undefined;
  const refused = change(doc, root);
  if (refused) return { ok: false, reason: `${refused}; the file was not changed` };
  const style = styleOf(text);
  let out = doc.toString({ indent: style.indent, indentSeq: style.indentSeq, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false });
  if (out === '\n' || out === '{}\n') out = '';
  if (style.eol === '\r\n') out = out.replace(/\r?\n/g, '\r\n');
  const after = loadProjectFile(out);
  if (after.problems.length) return { ok: false, reason: `the change would not read back (${after.problems[0].message}); the file was not changed` };
  return { ok: true, text: out };
}

/** The indentation, sequence style and line break a YAML text uses. */
function styleOf(text: string): { indent: number; indentSeq: boolean; eol: string } {
  const lines = text.split(/\r?\n/);
  let indent = 0;
  let indentSeq = true;
  for (let i = 1; i < lines.length; i++) {
    const m = /^( +)\S/.exec(lines[i]);
    const prev = lines[i - 1];
    if (!prev.trimEnd().endsWith(':') || /^\s*#/.test(lines[i])) continue;
    const prevIndent = /^ */.exec(prev)?.[0].length ?? 0;
    const isSeq = /^\s*- /.test(lines[i]);
    const own = m ? m[1].length : 0;
    if (isSeq && own === prevIndent) indentSeq = false;
    else if (own > prevIndent && !indent && !isSeq) indent = own - prevIndent;
  }
  return { indent: indent >= 2 && indent <= 8 ? indent : 2, indentSeq, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

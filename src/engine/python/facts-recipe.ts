// Recipe facts over the semantic layer: what a training script shows of the recipe's stages. Whether a file is
// training code, where seeds are fixed, which transforms augment, what regularises (dropout, weight decay, early
// stopping, pretrained weights), hyper-parameter searches and ensembles. The stage evidence detectors
// (stages/python-evidence.ts) and the stage-aware rules share these queries; neither walks syntax itself.
import type { Expr, Span, Stmt } from './ir';
import { type Assignment, type CallExpr, assignedValue, type CallSite, type ClassInfo, type ClassRef, type FunctionInfo, type LoopInfo, type PyModule, type Scope, ModuleMemo, ObjectMemo, allStatements, callSitesNamed, memoByName, forEachBlock, argument, argumentFor, builtinCall, contains, perModule, perStatement, kwarg, sitesWhere, unpackedFrom, walkExpr, walkStmts } from './semantic';
import { isNoGradContext, runsWithoutGrad, sourceKey, stmtExprs, underNoGrad } from './facts-autograd';
import { entryReach, isMainGuard, optionDest, trainsWhenRun, unnamedFunctions, unreachable } from './facts-entry';
import { SPLIT_DATA, dataLoaders, drawnFrom, modelOf, indexedOver, isBuiltin, isEvaluationFunction, runsBackward, siteOf, statementsAfter, walkStmtExprs, isEvaluationName, isRangeCall, loopRole, nameTokens, objectKey, roleOfName, valuesOf } from './facts-eval';
import { DROPOUT_FUNCTIONS, DROPOUT_MODULES } from './facts-layers';
import { gridLoops } from './facts-search';
import { constantFlag, constantNumber, constantString } from './facts-values';
import { snippet } from '../text';
import { canonical, closureStep, functionContents, gradCall, isModuleBase, lastName, loopContents, perLoop, siteInstanceMethod, siteLossCall, stepTally, trainingLoops as allTrainingLoops } from './torch';

// ------------------------------------------------------------------ small helpers

/** (`null`: no name; one look-up tells it from no answer) */
const qnames = new ModuleMemo<Map<CallExpr, string | null>>();

/** The qualified (canonical) name of what a call calls: `torchvision.transforms.RandomCrop`. Computed once per call. */
export function calleeQName(m: PyModule, call: CallExpr, scope: Scope): string | undefined {
  let byCall = qnames.get(m);
  if (!byCall) qnames.set(m, (byCall = new Map<CallExpr, string | null>()));
  const kept = byCall.get(call);
  if (kept !== undefined) return kept ?? undefined;
  const q = m.calleeName(call, scope);
  const out = q ? canonical(q) : undefined;
  byCall.set(call, out ?? null);
  return out;
}

/** `calleeQName` of a call site's own call (asked once per site and analysis: `PyModule.siteCallee`). */
export function siteQName(m: PyModule, site: CallSite): string | undefined {
  return m.siteCalleeNormalized(site, canonical) || undefined;
}

export function lastSegment(q: string): string {
  return q.slice(q.lastIndexOf('.') + 1);
}

/** The name a callee is spelled with, without its qualifier: `utils.EarlyStopping` → `EarlyStopping`. */
export function calleeShortName(call: CallExpr): string | undefined {
  const fn = call.fn;
  return fn.k === 'name' ? fn.id : fn.k === 'attr' ? fn.attr : undefined;
}

/** A constant number (facts-values), with `True`/`False` as 1/0. */
export function numberValue(m: PyModule, e: Expr | undefined, scope: Scope): number | undefined {
  if (!e) return undefined;
  if (e.k === 'const' && (e.value === 'True' || e.value === 'False')) return e.value === 'True' ? 1 : 0;
  return constantNumber(m, e, scope);
}

/** `True`/`False`/`None` literal (directly or through a name bound once), else undefined. */
export function constValue(m: PyModule, e: Expr | undefined, scope: Scope): 'True' | 'False' | 'None' | undefined {
  if (!e) return undefined;
  const v = m.resolve(e, scope)?.expr ?? e;
  return v.k === 'const' && v.value !== 'Ellipsis' ? v.value : undefined;
}

/** Lower-case words of every identifier, attribute and string in an expression: `self.val_loader` → self, val, loader. */
export function wordsOf(e: Expr): string[] {
  const out: string[] = [];
  walkExpr(e, (x) => {
    if (x.k === 'name') out.push(...splitWords(x.id));
    else if (x.k === 'attr') out.push(...splitWords(x.attr));
    else if (x.k === 'str' && x.value.length < 40) out.push(...splitWords(x.value));
  });
  return out;
}

export function splitWords(id: string): string[] {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+|(?<=[a-z])(?=\d)/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Which split a list of words names (facts-eval's vocabulary): `val_loader` → eval, `train_set` → train. */
export function roleOfWords(words: readonly string[]): 'train' | 'eval' | undefined {
  return roleOfName(words.join('_'));
}

// ------------------------------------------------------------------ conditional code

export interface CondRegion extends Span {
  test: Expr | undefined;
  /** Code that runs when `test` is true: the first branch of an `if`, an `elif`, the value before a conditional's `if`. */
  whenTrue: boolean;
}

/**
 * What one top-level statement contributes to `regions`: the branch bodies and conditional parts as IR nodes (their
 * positions are read when a version of the module puts the list together: an unchanged statement's nodes move with it).
 */
const regionParts = perStatement((st: Stmt): { span: Span; test: Expr | undefined; whenTrue: boolean }[] => {
  const out: { span: Span; test: Expr | undefined; whenTrue: boolean }[] = [];
  allStatements([st], (s) => {
    // (the body of `if __name__ == "__main__":` is what running the script runs, not a choice made at run time)
    if (s.k === 'if' && !(s.branches.length === 1 && isMainGuard(s.branches[0].test))) {
      const first = s.branches[0]?.test;
      // (an `elif` runs when its own test is true; an `else` when the first one is false)
      s.branches.forEach((b, i) => out.push({ span: b.body, test: b.test ?? first, whenTrue: i === 0 || b.test !== undefined }));
    }
    for (const e of stmtExprs(s))
      walkExpr(e, (x) => {
        if (x.k === 'other' && x.node === 'ConditionalExpression' && x.parts.length === 3) {
          out.push({ span: x.parts[0], test: x.parts[1], whenTrue: true });
          out.push({ span: x.parts[2], test: x.parts[1], whenTrue: false });
        }
      });
  });
  return out;
});

/** The branch bodies of the file's `if` statements (not `if __name__ == "__main__":`) and the parts of its conditional expressions, outer before inner. */
export const regions = perModule((m: PyModule): CondRegion[] => {
  const out: CondRegion[] = [];
  for (let i = 0; i < m.stmts.length; i++) for (const { span, test, whenTrue } of regionParts(m, i)) out.push({ from: span.from, to: span.to, test, whenTrue });
  return out;
});

/**
 * The regions around a span (`from <= span.from && span.to <= to`), in the order of `regions(m)` (outer before inner):
 * what the facts below ask for every call they look at. Branch bodies and the parts of conditional expressions lie
 * within their top-level statement, so the regions around a span inside a top-level statement are among that
 * statement's parts (kept with the statement while the file is edited): no list of the file's regions is made for it.
 * A span that is not inside one top-level statement is looked up in the whole list.
 */
export function regionsAround(m: PyModule, span: Span): CondRegion[] {
  const i = m.topIndexAt(span.from);
  const st = i >= 0 ? m.stmts[i] : undefined;
  if (!st || span.to > st.to) return regions(m).filter((r) => r.from <= span.from && span.to <= r.to);
  const out: CondRegion[] = [];
  for (const { span: r, test, whenTrue } of regionParts(m, i)) if (r.from <= span.from && span.to <= r.to) out.push({ from: r.from, to: r.to, test, whenTrue });
  return out;
}

/**
 * The command-line options the file declares (`parser.add_argument('--weight-decay', …)`), by the name `parse_args()`
 * gives them (`dest=`, else the long option with `-` as `_`), in order.
 */
export const commandLineOptions = perModule((m: PyModule): { name: string; site: CallSite }[] => {
  const out: { name: string; site: CallSite }[] = [];
  for (const site of callSitesNamed(m, 'add_argument')) {
    const fn = site.call.fn;
    if (fn.k !== 'attr' || site.call.star) continue;
    const name = optionDest(site.call);
    if (name) out.push({ name, site });
  }
  return out;
});

/**
 * Command-line options of the file whose default is falsy (by their `dest`): `add_argument('--augment',
 * action='store_true')`, or a `default` of False, 0 or None (`if args.augment:` is then false), with whether that
 * default is None (`if args.seed is not None:` is then false too). Options whose default is truthy, or cannot be read,
 * are not in it.
 */
const optionsOffByDefault = perModule((m: PyModule): Map<string, { none: boolean }> => {
  const out = new Map<string, { none: boolean }>();
  for (const { name, site } of commandLineOptions(m)) {
    const dflt = kwarg(site.call, 'default')?.value;
    const action = kwarg(site.call, 'action')?.value;
    if (dflt) {
      if (dflt.k === 'const' && (dflt.value === 'False' || dflt.value === 'None')) out.set(name, { none: dflt.value === 'None' });
      else if (dflt.k === 'num' && dflt.value === 0) out.set(name, { none: false });
    } else if (action?.k !== 'str' || action.value === 'store') out.set(name, { none: true });
    else if (action.value === 'store_true') out.set(name, { none: false });
  }
  return out;
});

/** The number each command-line option of the file defaults to (`add_argument('--wd', type=float, default=1e-4)`), by its `dest`; options declared twice are left out. */
const optionNumbers = perModule((m: PyModule): Map<string, OptionDefault | undefined> => {
  const out = new Map<string, OptionDefault | undefined>();
  for (const { name, site } of commandLineOptions(m)) {
    const dflt = kwarg(site.call, 'default')?.value;
    const v = dflt && (dflt.k === 'num' || dflt.k === 'unary') ? numberValue(m, dflt, site.scope) : undefined;
    out.set(name, out.has(name) || !dflt || v === undefined ? undefined : { value: v, expr: dflt, text: m.text.slice(dflt.from, dflt.to) });
  }
  return out;
});

/** A command-line option's default: its value, the expression (in the module that declares the option) and its text. */
export interface OptionDefault {
  value: number;
  expr: Expr;
  text: string;
}

/**
 * The default of the command-line option an expression reads, when it is a number: `args.weight_decay` with
 * `add_argument('--weight_decay', default=1e-4)`, where `args` holds what `parse_args()` returned (or is a parameter
 * named `args`, `opt` or `opts` whose caller the analysis cannot follow). The value a run gets unless told otherwise.
 */
export function optionDefault(m: PyModule, e: Expr, scope: Scope): OptionDefault | undefined {
  if (e.k !== 'attr' || e.obj.k !== 'name') return undefined;
  const v = optionNumbers(m).get(e.attr);
  if (v === undefined) {
    // `from options import args`: the options another module of the project parses (BERT4Rec; review 120)
    const other = optionsModule(m, e.obj, scope);
    return other ? optionNumbers(other).get(e.attr) : undefined;
  }
  const base = m.resolve(e.obj, scope)?.expr;
  if (base?.k === 'call') return calleeShortName(base) === 'parse_args' ? v : undefined;
  const a = m.reachingAssignment(e.obj.id, scope, e.obj.from);
  return a?.via === 'param' && /^(args|opts?)$/.test(e.obj.id) ? v : undefined;
}

/**
 * The project module whose parsed command-line options a name imports: `from options import args`, with `args =
 * parser.parse_args()` at the top of `options.py`.
 */
function optionsModule(m: PyModule, name: Expr, scope: Scope): PyModule | undefined {
  if (name.k !== 'name') return undefined;
  const binds = m.assignmentsOf(name.id, scope);
  // `args = parser.parse_args()` with `from opts import parser` (TSM's main.py; review 122)
  const parsed = binds.map((a) => (a.via === 'assign' && a.value?.k === 'call' && calleeShortName(a.value) === 'parse_args' && a.value.fn.k === 'attr' ? importedFrom(m, a.value.fn.obj, a.scope) : undefined));
  if (binds.length && parsed.every((x) => x !== undefined && x.module === parsed[0]?.module)) return parsed[0]?.module;
  const imported = importedFrom(m, name, scope);
  if (!imported) return undefined;
  const other = imported.module;
  const assigned = other.assignmentsOf(imported.name, other.scope);
  return assigned.length > 0 && assigned.every((a) => a.via === 'assign' && a.value?.k === 'call' && calleeShortName(a.value) === 'parse_args') ? other : undefined;
}

/** The project module a name is imported from, and its name there (`from options import args`); bound only by the import. */
function importedFrom(m: PyModule, name: Expr, scope: Scope): { module: PyModule; name: string } | undefined {
  if (name.k !== 'name' || m.assignmentsOf(name.id, scope).some((a) => a.via !== 'import')) return undefined;
  const q = m.qualify(name, scope);
  const dot = q ? q.lastIndexOf('.') : -1;
  if (!q || dot < 0) return undefined;
  const other = m.linker?.moduleOf?.(m, q.slice(0, dot) || '.');
  return other && other !== m ? { module: other, name: q.slice(dot + 1) } : undefined;
}

/** The command-line option whose default is falsy that an expression reads (`args.weight_decay` with `default=0`). */
function optionRead(m: PyModule, e: Expr): { none: boolean } | undefined {
  if (e.k !== 'attr' || e.obj.k !== 'name') return undefined;
  const own = optionsOffByDefault(m).get(e.attr);
  if (own || commandLineOptions(m).length) return own;
  // (the options another module of the project parses: `from options import args`)
  const other = optionsModule(m, e.obj, m.scope);
  return other ? optionsOffByDefault(other).get(e.attr) : undefined;
}

/** Whether an expression reads a command-line option whose default is falsy (`args.weight_decay` with `default=0`). */
export function optionOffByDefault(m: PyModule, e: Expr): boolean {
  return optionRead(m, e) !== undefined;
}

/**
 * Whether a name is a parameter that is false unless a caller says otherwise: `h_flip=False` (or None) and no call
 * of its function in the file passing it anything but False or None (DreamBooth's `if h_flip:`).
 */
function paramOffByDefault(m: PyModule, e: Expr, scope: Scope): boolean {
  if (e.k !== 'name') return false;
  const a = m.reachingAssignment(e.id, scope, e.from);
  const param = a?.via === 'param' ? a.param : undefined;
  const fn = param && a ? m.functionOf(a.scope) : undefined;
  // (or a constant of the project that is: `pretrained=CFG.pretrained` with `pretrained = False` in `config.py`; review 142)
  const off = (x: Expr | undefined): boolean => {
    if (!x) return false;
    const v = x.k === 'const' ? x.value : constantFlag(m, x, scope);
    return v === 'False' || v === 'None';
  };
  if (!param || !fn || !off(param.default)) return false;
  // (a method's callers are its class's constructions when it is __init__)
  const cls = fn.name === '__init__' ? fn.cls : undefined;
  const callers = cls
    ? m.callSites.filter((s) => {
        const ref = m.siteClass(s);
        return ref?.kind === 'local' && ref.cls === cls;
      })
    : m.callersOf(fn);
  return callers.every((c) => {
    const arg = argumentFor(fn, param, c.call);
    return !c.call.star && (!arg || off(arg));
  });
}

/**
 * What `x is not None` tests (`x`), or undefined for any other expression. The IR keeps an `is`/`is not` comparison
 * as its two operands; the operator is the source between them.
 */
export function notNoneOperand(m: PyModule, e: Expr): Expr | undefined {
  if (e.k !== 'other' || e.node !== 'BinaryExpression' || e.parts.length !== 2) return undefined;
  const [x, none] = e.parts;
  return none.k === 'const' && none.value === 'None' && /^\s*is\s+not\s*$/.test(m.text.slice(x.to, none.from)) ? x : undefined;
}

/**
 * The switches around a span that are parameters of its function, off by default (`if early_stopping:` with
 * `early_stopping=None`, `if val_loader is not None:`), when nothing in the file calls the function (its callers are
 * in other files): by its name as callers call it (the class's for `__init__`), the parameter and its position among
 * the arguments a call passes (after `self`). What runs under them runs only if a caller passes that argument.
 */
export function optionalParameterGates(m: PyModule, span: Span): { callee: string; param: string; index: number }[] {
  const out: { callee: string; param: string; index: number }[] = [];
  for (const r of regions(m)) {
    // (the switch's own test too: a stop found at `if early_stopping is not None:` around its `break`)
    if (!r.whenTrue || !r.test || !((r.from <= span.from && span.to <= r.to) || (r.test.from === span.from && r.test.to === span.to))) continue;
    const t = r.test;
    const name = t.k === 'name' ? t : notNoneOperand(m, t);
    if (name?.k !== 'name') continue;
    const scope = scopeAt(m, t);
    const a = m.reachingAssignment(name.id, scope, name.from);
    const param = a?.via === 'param' ? a.param : undefined;
    const fn = param && a ? m.functionOf(a.scope) : undefined;
    if (!param || !fn || !(param.default?.k === 'const' && (param.default.value === 'None' || param.default.value === 'False'))) continue;
    const cls = fn.name === '__init__' ? fn.cls : undefined;
    const local = cls ? m.callSites.some((s) => m.siteClass(s)?.kind === 'local' && (m.siteClass(s) as { cls: ClassInfo }).cls === cls) : m.callersOf(fn).length > 0;
    if (local) continue;
    const params = fn.stmt.params.filter((p) => p.kind === 'normal');
    const index = params.indexOf(param) - (fn.cls && params[0]?.name === 'self' ? 1 : 0);
    out.push({ callee: cls ? cls.name : fn.name, param: param.name, index });
  }
  return out;
}

/**
 * Whether code runs only when a command-line option that is off by default is given: in the body of `if args.augment:`
 * (or `if opt.augment and …:`) where the file's parser declares `--augment` with `action='store_true'`, or of `if
 * args.seed is not None:` where `--seed` has no default.
 */
export function behindFlagOffByDefault(m: PyModule, span: Span): boolean {
  const option = (e: Expr): { none: boolean } | undefined => optionRead(m, e);
  const off = (e: Expr | undefined): boolean => {
    if (!e) return false;
    if (option(e) || paramOffByDefault(m, e, scopeAt(m, span))) return true;
    if (e.k === 'binop' && e.op === 'and') return off(e.left) || off(e.right);
    // a constant of the file: `EARLY_STOP = False` then `if EARLY_STOP:` or `elif EARLY_STOP == True:`;
    // `random_seed = None` (or 0) then `if random_seed:` (PPO-PyTorch)
    // (one the code sets to something else too is no constant: `eval_fs = True` if the config names a few-shot set,
    // `False` otherwise; yinboc's few-shot-meta-baseline, review 126)
    const settable = (x: Expr): boolean => x.k === 'name' && new Set(m.assignmentsOf(x.id, scopeAt(m, span)).map((a) => (a.value ? sourceKey(m, a.value) : a.via))).size > 1;
    const constant = (x: Expr): string | undefined => (x.k === 'name' && !settable(x) ? constValue(m, x, scopeAt(m, span)) : undefined);
    if (constant(e) === 'False' || constant(e) === 'None' || (e.k === 'name' && !settable(e) && numberValue(m, e, scopeAt(m, span)) === 0)) return true;
    if (e.k === 'binop' && e.op === '==' && e.right.k === 'const' && e.right.value === 'True' && constant(e.left) === 'False') return true;
    // `if args.seed > 0:` (or `>= 0`) with `--seed` defaulting to -1 (pytorch-ddpg)
    if (e.k === 'binop' && (e.op === '>' || e.op === '>=') && e.right.k === 'num') {
      const d = optionDefault(m, e.left, scopeAt(m, span))?.value;
      if (d !== undefined && (e.op === '>' ? d <= e.right.value : d < e.right.value)) return true;
    }
    // `args.seed is not None` (read as a comparison of two parts), `args.seed != None`
    const tested = e.k === 'binop' && e.op === '!=' && e.right.k === 'const' && e.right.value === 'None' ? e.left : notNoneOperand(m, e);
    // (or a constant of the file that is None: `seed = None` then `if seed != None:`, PPO-for-Beginners; review 137)
    return !!tested && (!!option(tested)?.none || constant(tested) === 'None');
  };
  return regionsAround(m, span).some((r) => r.whenTrue && off(r.test));
}

/**
 * Whether code runs only when no GPU is there: in the `else` of `if torch.cuda.is_available():`, or under
 * `if not torch.cuda.is_available():` (zylo117's EfficientDet seeds the CPU generator there only; review 135).
 */
export function onlyWithoutCuda(m: PyModule, span: Span): boolean {
  const cuda = (e: Expr | undefined): boolean => e?.k === 'call' && /^torch\.cuda\.is_available$/.test(canonical(m.qualify(e.fn, scopeAt(m, e)) ?? ''));
  return regionsAround(m, span).some((r) => (!r.whenTrue && cuda(r.test)) || (r.whenTrue && r.test?.k === 'unary' && r.test.op === 'not' && cuda(r.test.arg)));
}

/** Tests of the `if` branches and conditional expressions a span lies in (innermost last). */
export function conditionsAround(m: PyModule, span: Span): (Expr | undefined)[] {
  return regionsAround(m, span).map((r) => r.test);
}

/**
 * Whether the code at a span runs, as far as the tests of the `if` branches around it can be decided from constants of
 * the file: `false` when one of them compares a constant string and leaves the span out (`else:` of `if opt.optimizer
 * == 'sgd':` with `optimizer = 'sgd'` in the config class), `true` when every one does so and lets it in, else undefined.
 */
export function branchTaken(m: PyModule, span: Span): boolean | undefined {
  let all = true;
  for (const r of regionsAround(m, span)) {
    const v = r.test ? stringTest(m, r.test, scopeAt(m, r.test)) : undefined;
    if (v === undefined) {
      all = false;
      continue;
    }
    if (v !== r.whenTrue) return false;
  }
  return all ? true : undefined;
}

/** The value of `x == 'a'`, `x != 'a'`, `x in ('a', 'b')`, `x not in …` for an `x` holding a constant string. */
function stringTest(m: PyModule, test: Expr, scope: Scope): boolean | undefined {
  if (test.k !== 'binop' || !/^(==|!=|in|not in)$/.test(test.op)) return undefined;
  const strings = (e: Expr): string[] | undefined => (e.k === 'str' ? [e.value] : e.k === 'seq' && e.items.length && e.items.every((x) => x.k === 'str') ? e.items.map((x) => (x).value) : undefined);
  const lit = strings(test.right);
  const value = lit ? constantString(m, test.left, scope) : undefined;
  if (!lit || value === undefined || ((test.op === '==' || test.op === '!=') && lit.length !== 1)) return undefined;
  const hit = lit.includes(value);
  return test.op === '==' || test.op === 'in' ? hit : !hit;
}

/**
 * Whether code runs only under a condition other than the training split being selected: behind a flag (`if
 * args.augment:`), or in the branch for the other splits (`else:` of `if is_train:`). The branch of `if is_train:`,
 * `if split == "train":`, `if mode == 'training':` is where a training pipeline is built, not a switch.
 */
export function behindSwitch(m: PyModule, span: Span): boolean {
  return regionsAround(m, span).some((r) => !(r.whenTrue && selectsTrainingSplit(r.test)) && !choosesDataset(r.test));
}

/**
 * Whether a test picks the dataset, not whether to augment: `dataset == 'cifar10'`, `args.dataset in ('cifar10',
 * 'cifar100')` (lsq-net's and network-slimming's loaders). Every branch of such a choice is a run's pipeline.
 */
function choosesDataset(test: Expr | undefined): boolean {
  if (!test) return false;
  if (test.k === 'binop' && (test.op === 'and' || test.op === 'or')) return choosesDataset(test.left) && choosesDataset(test.right);
  const sides = test.k === 'binop' && /^(==|!=|in|not in)$/.test(test.op) ? [test.left, test.right] : test.k === 'other' && test.node === 'BinaryExpression' && test.parts.length === 2 ? test.parts : undefined;
  if (!sides) return false;
  const literal = (e: Expr): boolean => e.k === 'str' || (e.k === 'seq' && e.items.length > 0 && e.items.every((x) => x.k === 'str'));
  const named = (e: Expr): boolean => /^(dataset|dataset_name|data_name|data_set|dset|data)$/i.test(lastName(e) ?? '');
  return sides.some(literal) && sides.some(named);
}

/**
 * Whether what a call builds is used only behind a switch: held in a name that is read only where a conditional
 * expression picks it on a flag (`transform = train_tf if (augm_flag and train) else test_tf`, Laplace's CIFAR helper),
 * or only handed to a call whose result is (`RandomChoice([train_tf, test_tf])`, then that behind the flag). Not for
 * names also read elsewhere.
 */
export function onlyUsedBehindSwitch(m: PyModule, call: CallExpr, depth = 0): boolean {
  const site = siteOf(m, call);
  if (!site || depth > 3) return false;
  const st = site.stmt;
  if (st.k !== 'assign' || st.targets.length !== 1 || st.targets[0].k !== 'name') return false;
  // the call is the value, or an argument (or a list item of one) of the value: follow the value
  const value = st.value;
  if (value !== call) return value?.k === 'call' && handedTo(value, call) && onlyUsedBehindSwitch(m, value, depth + 1);
  const name = st.targets[0].id;
  // its reads (a read after the name is rebound holds the new value; one the analysis cannot resolve may be this one)
  const uses: Expr[] = [];
  const bound = new Set<Expr>();
  allStatements(site.scope.body, (x) => {
    if (x.k === 'assign') for (const t of x.targets) bound.add(t);
    else if (x.k === 'augassign' || x.k === 'for') bound.add(x.target);
  });
  let unsure = false;
  walkStmtExprs(site.scope.body, (e) => {
    if (e.k !== 'name' || e.id !== name || e.from <= st.to || bound.has(e)) return;
    const held = m.resolve(e, site.scope)?.expr;
    if (held === call) uses.push(e);
    else if (!held) unsure = true;
  });
  if (!uses.length || unsure) return false;
  // the conditional expressions of the scope (`a if flag else b`): a read in the first part of one whose test is a
  // switch, with no read in its other part, happens only when the switch is on (not so for `if`/`else` statements,
  // whose branches often both hand the pipeline on: `if is_instance: A(transform=tf) else: B(transform=tf)`)
  const picks: Extract<Expr, { k: 'other' }>[] = [];
  walkStmtExprs(site.scope.body, (e) => {
    if (e.k === 'other' && e.node === 'ConditionalExpression' && e.parts.length === 3) picks.push(e);
  });
  const switched = (u: Expr): boolean =>
    picks.some((p) => contains(p.parts[0], u) && !selectsTrainingSplit(p.parts[1]) && !uses.some((v) => contains(p.parts[2], v)));
  return uses.every((u) => {
    if (switched(u)) return true;
    const holder = m.callSites.find((c) => c.scope === site.scope && c.stmt.k === 'assign' && c.stmt.value === c.call && handedTo(c.call, u));
    return !!holder && onlyUsedBehindSwitch(m, holder.call, depth + 1);
  });
}

/**
 * Whether a call lies in a class of the file that the file builds only behind a switch: `class MixupCollator:` whose
 * `__init__` builds `MixUp(…)`, instantiated only under `if args.mixup:` (or in `MixupCollator(…) if args.mixup else
 * None`). Not when the file names the class anywhere else (handed on as a class, subclassed), nor when it builds none.
 */
export function classBuiltOnlyBehindSwitch(m: PyModule, call: CallExpr): boolean {
  const site = siteOf(m, call);
  // (the class of the method it is in, or of a method a helper function it is in is nested in)
  let cls: ClassInfo | undefined;
  for (let sc = site?.scope; !cls && sc; sc = sc.parent) cls = m.functionOf(sc)?.cls;
  const own = cls;
  return !!own && switchedClasses.get(own, m, () => classBuiltBehindSwitch(m, own));
}

/** `classBuiltOnlyBehindSwitch`'s answers by class, for one version of a module. */
const switchedClasses = new ObjectMemo<ClassInfo, boolean>();

function classBuiltBehindSwitch(m: PyModule, own: ClassInfo): boolean {
  const builds = m.callSites.filter((c) => {
    const ref = m.siteClass(c);
    return ref?.kind === 'local' && ref.cls === own && !contains(own.stmt, c.call);
  });
  if (!builds.length) return false;
  // (every mention of its name, in any function: each must be one of those builds)
  let named = 0;
  allStatements(m.stmts, (st) => {
    for (const e of stmtExprs(st)) walkExpr(e, (x) => x.k === 'name' && x.id === own.name && named++);
  });
  if (named !== builds.length) return false;
  return builds.every((b) => behindSwitch(m, b.call) || onlyUsedBehindSwitch(m, b.call));
}

/** Whether a call is handed an expression as an argument, or as an item of a list argument (`RandomChoice([a, b])`). */
function handedTo(call: CallExpr, e: Expr): boolean {
  return call.args.some((a) => a === e || (a.k === 'seq' && a.items.includes(e)));
}

/** A test that names the training split (`is_train`, `train`), or compares with it (`split == "train"`). */
function selectsTrainingSplit(test: Expr | undefined): boolean {
  if (!test) return false;
  if (test.k === 'name' || test.k === 'attr') return roleOfName(test.k === 'name' ? test.id : test.attr) === 'train';
  if (test.k === 'binop' && test.op === '==') return [test.left, test.right].some((x) => x.k === 'str' && roleOfName(x.value) === 'train');
  return false;
}

/** Whether code runs only under some condition (an `if` branch or `a if c else b`). */
export function isConditional(m: PyModule, span: Span): boolean {
  return conditionsAround(m, span).length > 0;
}

/** Comprehension nodes of the IR; a generator that is a call's only argument is built as `generator`. */
export function isComprehension(node: string): boolean {
  return node === 'generator' || /ComprehensionExpression$/.test(node);
}

/** Spans of comprehensions (`[f(p) for p in paths]`), which loop like a `for`. */
const comprehensions = perModule((m: PyModule): Span[] => {
  const out: Span[] = [];
  allStatements(m.stmts, (s) => {
    for (const e of stmtExprs(s))
      walkExpr(e, (x) => {
        if (x.k === 'other' && isComprehension(x.node)) out.push(x);
      });
  });
  return out;
});

/** Whether a call runs once per element of something: in a `for`/`while` or a comprehension. */
export function isRepeated(m: PyModule, site: CallSite): boolean {
  return site.loops.length > 0 || comprehensions(m).some((c) => c.from <= site.call.from && site.call.to <= c.to);
}

// ------------------------------------------------------------------ training code

/** torch.ts's training loops, computed once per module. */
export const trainingLoops = perModule(allTrainingLoops);

/** Lightning's `Trainer`, also built from parsed command-line options (`pl.Trainer.from_argparse_args(args)`, Lightning 1.x). */
const LIGHTNING_TRAINER = /^lightning(\.pytorch)?(\.trainer(\.trainer)?)?\.Trainer(\.from_argparse_args)?$/;
const HF_TRAINER = /^(transformers|trl)(\.[A-Za-z_]+)*\.[A-Za-z]*Trainer$/;

/** Whether a call builds a Lightning `Trainer`. */
export function isLightningTrainer(q: string | undefined): boolean {
  return q !== undefined && LIGHTNING_TRAINER.test(q);
}

/** `trainer.fit(...)` on a Lightning Trainer, `trainer.train()` on a Hugging Face one. */
export const trainerRuns = perModule((m: PyModule): CallSite[] =>
  callSitesNamed(m, 'fit', 'train').filter((s) => {
    const fn = s.call.fn;
    if (fn.k !== 'attr') return false;
    const inst = m.instanceOf(fn.obj, s.scope);
    if (inst?.ref.kind !== 'external') return false;
    const q = canonical(inst.ref.qname);
    return fn.attr === 'fit' ? isLightningTrainer(q) : HF_TRAINER.test(q);
  }),
);

/**
 * Random draws a Hugging Face Trainer's own seed comes too late for: made before the Trainer is built, in the scope
 * that builds it. The Trainer seeds when it is built (`set_seed(args.seed)` in its `__init__`), so a classification
 * head drawn by `from_pretrained(…, num_labels=2)`, a model built from a config, LoRA adapters drawn by
 * `get_peft_model`, or a dataset shuffled or split without a seed before that differ on every run (transformers'
 * docs for `TrainingArguments.seed`; alpaca-lora, review 127).
 */
export function drawsBeforeTrainer(m: PyModule, run: CallSite): CallSite | undefined {
  const fn = run.call.fn;
  if (fn.k !== 'attr') return undefined;
  const built = m.instanceOf(fn.obj, run.scope);
  if (!built || built.scope.module !== m) return undefined;
  return m.callsIn(built.scope).find((s) => s.call.from < built.call.from && drawsRandomly(m, s));
}

function drawsRandomly(m: PyModule, s: CallSite): boolean {
  const fn = s.call.fn;
  const q = siteQName(m, s) ?? '';
  if (/^peft(\.[\w.]+)?\.get_peft_model$/.test(q)) return true;
  if (/^transformers\..*\.from_config$/.test(q)) return true;
  if (/^transformers\..*For\w*Classification\.from_pretrained$/.test(q) && kwarg(s.call, 'num_labels')) return true;
  // a `datasets` shuffle or split without a seed (`ds["train"].shuffle()`, `train_test_split(test_size=0.1)`)
  if (fn.k === 'attr' && (fn.attr === 'shuffle' || fn.attr === 'train_test_split') && !q.startsWith('random.') && !q.startsWith('numpy.')) {
    return fn.attr === 'shuffle' ? !s.call.args.length && !s.call.kwargs.length : !kwarg(s.call, 'seed') && !s.call.star;
  }
  return false;
}

/**
 * Whether a Lightning `fit` validates: validation data or a datamodule passed, or a model whose class has a
 * validation step. A model the analysis cannot see validates unless the file's LightningModules all do not.
 */
export function fitValidates(m: PyModule, run: CallSite): boolean {
  const c = run.call;
  if (c.star || c.args.length >= 3 || ['val_dataloaders', 'datamodule'].some((k) => kwarg(c, k))) return true;
  const model = c.args[0] ?? kwarg(c, 'model')?.value;
  const inst = model && m.instanceOf(model, run.scope);
  if (!inst || inst.ref.kind !== 'local') return !lightningModules(m).length || lightningModules(m).some((cls) => hasValidation(m, cls));
  const cls = inst.ref.cls;
  const mod = cls.module;
  if (!hasValidation(mod, cls)) return false;
  // a `validation_step` runs only on validation data: the model's own `val_dataloader`, or data given to `fit`. A
  // training loader alone (`fit(model, train_loader)`, `fit(model)`) validates nothing; a data module handed in its
  // place (`fit(model, dm)`) may, and so may anything the analysis cannot tell apart from one
  if (mod.method(cls, 'val_dataloader')) return true;
  const second = c.args[1] ?? kwarg(c, 'train_dataloaders')?.value;
  if (!second) return false;
  const v = m.resolve(second, run.scope)?.expr;
  return !(v?.k === 'call' && dataLoaders(m).some((l) => l.call === v));
}

/** Whether a LightningModule validates: a `validation_step` or its own `val_dataloader`. */
export function hasValidation(m: PyModule, cls: ClassInfo): boolean {
  return ['validation_step', 'val_dataloader'].some((name) => m.method(cls, name) !== undefined);
}

const LIGHTNING_MODULE = (q: string): boolean => /^lightning(\.pytorch)?(\.core(\.module)?)?\.LightningModule$/.test(canonical(q));

/** LightningModule subclasses of the file. */
export const lightningModules = perModule((m: PyModule): ClassInfo[] => m.classes.filter((c) => m.derivesFrom(c, LIGHTNING_MODULE)));

/**
 * Whether the file trains through a method of a project class, defined here or in another file: `Trainer(model,
 * train_dl, valid_dl, …).fit(10)` where `Trainer.fit` runs a training loop itself or through a method of its own it
 * calls (`self.train_one_epoch()`).
 */
export const trainsThroughProjectMethod = perModule((m: PyModule): boolean =>
  m.callSites.some((s) => {
    const fn = s.call.fn;
    if (fn.k !== 'attr') return false;
    const inst = m.instanceOf(fn.obj, s.scope);
    if (inst?.ref.kind !== 'local') return false;
    const cls = inst.ref.cls;
    const mod = cls.module;
    const method = mod.method(cls, fn.attr);
    if (!method) return false;
    const scopes = new Set([method.scope]);
    for (const c of mod.callsIn(method.scope)) {
      const f = c.call.fn.k === 'attr' && c.call.fn.obj.k === 'name' && c.call.fn.obj.id === 'self' ? mod.method(cls, c.call.fn.attr) : undefined;
      if (f) scopes.add(f.scope);
    }
    return allTrainingLoops(mod).some((l) => scopes.has(l.scope));
  }),
);

/** Whether a file trains a model: a loop with backward and an optimizer step, `trainer.fit`, or a LightningModule's training_step. */
export const isTrainingCode = perModule(
  (m: PyModule): boolean =>
    trainingLoops(m).length > 0 ||
    trainerRuns(m).length > 0 ||
    lightningModules(m).some((c) => m.method(c, 'training_step') !== undefined),
);

/**
 * Whether a file trains, as the stage assessment lists training files: `isTrainingCode`, or what the rules cannot
 * follow step by step but plainly trains — a backward pass in a loop (an optimizer built by a helper, a DeepSpeed
 * engine's `backward`), a trainer run (`trainer.fit`, `trainer.train()`, `trainer.run` of Ignite, a trainer built by
 * `hydra.utils.instantiate(cfg.trainer)` or `Trainer.from_argparse_args(args)`), `LightningCLI(...)`, a run of another
 * framework (`frameworkRuns`: Poutyne, torchbearer, torchtnt, …). Not for the rules,
 * whose absence checks need to be sure what the file's training is.
 */
export const trainsSomehow = perModule(
  (m: PyModule): boolean =>
    isTrainingCode(m) ||
    frameworkRuns(m).length > 0 ||
    stepFunctions(m).length > 0 ||
    stepsWithAutogradGrad(m) ||
    m.callSites.some((s) => {
      const name = calleeShortName(s.call) ?? '';
      // (a single `optimizer.step(closure)` of L-BFGS: a PINN's whole training run)
      if (name === 'step' && closureStep(m, s)) return true;
      if (name === 'backward' && s.loops.length) return true;
      if (name === 'LightningCLI' || name === 'create_supervised_trainer') return true;
      if (s.call.fn.k !== 'attr') return false;
      if ((name === 'fit' || name === 'train' || name === 'run') && wordsOf(s.call.fn.obj).includes('trainer')) return true;
      // OpenMMLab's runner: `runner = Runner.from_cfg(cfg)`, then `runner.train()` (mmdetection's tools/train.py; review 118)
      if (name === 'train' && /^mmengine\.runner\.(runner\.)?Runner(\.from_cfg)?$/.test(builtBy(m, s.call.fn.obj, s.scope) ?? '')) return true;
      if (!FRAMEWORK_FITS.has(name)) return false;
      // fastai's own methods, on a learner from `from fastai.vision.all import *` (a star import names nothing)
      if (frameworkObject(m, s.call.fn.obj, s.scope)) return true;
      if (!importsFastai(m)) return false;
      const built = m.resolve(s.call.fn.obj, s.scope)?.expr;
      return FASTAI_FITS.has(name) || (built?.k === 'call' && /^(Learner|\w+_learner|TS(Classifier|Regressor|Forecaster))$/.test(lastName(built.fn) ?? ''));
    }),
);

/**
 * Whether a loop of the file updates the weights by hand: gradients taken with `torch.autograd.grad` (in the loop or a
 * function of the project it calls) and the parameters changed in place through `.data` (`param.data.sub_(lr * grad)`),
 * as MAML-style meta-learning and Per-FedAvg write their SGD step (review 143).
 */
function stepsWithAutogradGrad(m: PyModule): boolean {
  if (!callSitesNamed(m, 'sub_', 'add_').some((s) => s.call.fn.k === 'attr')) return false;
  return m.loops.some((loop) => {
    const calls = loopContents(m, loop).calls.map((c) => c.site);
    const grads = calls.some((c) => siteQName(c.scope.module, c) === 'torch.autograd.grad');
    const update = calls.some((c) => c.call.fn.k === 'attr' && (c.call.fn.attr === 'sub_' || c.call.fn.attr === 'add_') && c.call.fn.obj.k === 'attr' && c.call.fn.obj.attr === 'data');
    return grads && update;
  });
}

/**
 * Functions and methods of a file that run one training step, a backward pass and an optimizer step (in their body or
 * in the project functions they call), whoever calls them: LightGCN's `BPRLoss.stageOne(users, pos, neg)`, a DDPG
 * agent's `update()`, MAML's `Meta.forward` — training code even when the loop that calls them holds the object in a
 * parameter the analysis cannot follow to its class.
 */
export const stepFunctions = perModule((m: PyModule): FunctionInfo[] => {
  if (!callSitesNamed(m, 'backward').some((s) => s.call.fn.k === 'attr')) return [];
  return m.functions.filter((fn) => {
    const t = stepTally(functionContents(m, fn));
    return t.backward && (t.step || updatesByHand(fn));
  });
});

/**
 * Whether a function updates parameters by hand from their gradients, SGD written out (the PyTorch char-RNN tutorial:
 * `for p in rnn.parameters(): p.data.add_(p.grad.data, alpha=-learning_rate)`; `p.data -= lr * p.grad`).
 */
function updatesByHand(fn: FunctionInfo): boolean {
  const readsGrad = (e: Expr): boolean => {
    let found = false;
    walkExpr(e, (x) => {
      if (x.k === 'attr' && x.attr === 'grad') found = true;
    });
    return found;
  };
  let found = false;
  allStatements(fn.stmt.body.stmts, (st) => {
    if (found) return;
    if (st.k === 'expr' && st.expr.k === 'call' && st.expr.fn.k === 'attr' && (st.expr.fn.attr === 'add_' || st.expr.fn.attr === 'sub_') && [...st.expr.args, ...st.expr.kwargs.map((k) => k.value)].some(readsGrad)) found = true;
    else if (st.k === 'augassign' && st.op === '-=' && readsGrad(st.value)) found = true;
  });
  return found;
}

/**
 * Whether what a call builds (a model, an optimizer) stays in code that trains nothing: a file with no training code
 * whose function, or `if __name__ == "__main__":` block, builds it into a name and only looks at it: calls it or its
 * methods (`net(x)`, `net.parameters()`), prints or counts it, hands it to a library (`torch.optim.SGD(…)`) or to a
 * class or function of the file (an LR scheduler of its own), and never returns it, stores it elsewhere or hands it
 * to a function of another project file; and is used so (not one built and not used yet: code being written). SimSiam's `lr_scheduler.py` plotting its schedule over an untrained
 * `resnet50()`, a parameter count in a model file's `test()` (review 113).
 */
export function staysUntrained(m: PyModule, site: CallSite): boolean {
  const st = site.stmt;
  if (st.k !== 'assign' || st.value !== site.call || st.targets.length !== 1 || st.targets[0].k !== 'name') return false;
  const id = st.targets[0].id;
  let body: Stmt[] | undefined;
  if (site.scope.kind === 'function') body = m.functionOf(site.scope)?.stmt.body.stmts;
  else if (site.scope === m.scope) {
    const guard = m.stmts.find((x) => x.k === 'if' && isMainGuard(x.branches[0]?.test) && contains(x, st));
    body = guard?.k === 'if' ? guard.branches[0].body.stmts : undefined;
  }
  if (!body || trainsSomehow(m)) return false;
  const allowed = new Set<Expr>([st.targets[0]]);
  const names: Expr[] = [];
  let nested = false;
  allStatements(body, (x) => {
    if (x.k === 'def' || x.k === 'class') nested = true;
    for (const e of stmtExprs(x))
      walkExpr(e, (y) => {
        if (y.k === 'name' && y.id === id) names.push(y);
        else if (y.k === 'other' && y.node === 'lambda') nested = true;
        if (y.k !== 'call') return;
        if (y.fn.k === 'name' && y.fn.id === id) allowed.add(y.fn);
        if (y.fn.k === 'attr' && y.fn.obj.k === 'name' && y.fn.obj.id === id) allowed.add(y.fn.obj);
        const handed = [...y.args, ...y.kwargs.map((k) => k.value)].filter((a) => a.k === 'name' && a.id === id);
        if (handed.length && looksOnly(m, y, site.scope)) for (const a of handed) allowed.add(a);
      });
  });
  // (and is used: one built and not used yet is code being written, `optimizer = SGD(…)` before its loop)
  return !nested && names.length > 1 && names.every((n) => allowed.has(n));
}

/** A call that cannot train what it is handed, in a file with no training code: a builtin that prints or counts, a library's, or one of the file's own. */
function looksOnly(m: PyModule, call: CallExpr, scope: Scope): boolean {
  const fn = call.fn;
  if (isBuiltin(m, fn, scope) || m.localCallee(call, scope)) return true;
  const ref = m.classOf(fn, scope);
  if (ref?.kind === 'local') return ref.cls.module === m;
  const q = m.qualify(fn, scope);
  if (!q || m.projectCallee(call, scope) || m.linker?.resolve(m, q)) return false;
  // (a name the file imports: `torch.optim.SGD`, also through an alias, `optim.SGD` after `import torch.optim as optim`)
  let root = fn;
  while (root.k === 'attr') root = root.obj;
  return root.k === 'name' && m.reachingAssignment(root.id, scope, call.from)?.via === 'import';
}

const FASTAI_FITS = new Set(['fine_tune', 'fit_one_cycle', 'fit_flat_cos', 'fit_sgdr']);

// (and tsai, built on fastai: `from tsai.all import *`, then `TSForecaster(…).fit_one_cycle(50, 1e-3)`; review 114)
const importsFastai = perModule((m: PyModule): boolean =>
  m.stmts.some((st) => (st.k === 'from' && st.level === 0 && /^(fastai|tsai)(\.|$)/.test(st.module)) || (st.k === 'import' && st.names.some((n) => /^(fastai|tsai)(\.|$)/.test(n.module)))),
);

/** Methods that train a framework's model: fastai's learners, skorch's nets, Catalyst's runners, pytorch_tabular. */
const FRAMEWORK_FITS = new Set(['fit', 'train', ...FASTAI_FITS]);
const FRAMEWORKS_THAT_TRAIN = ['fastai.', 'skorch.', 'catalyst.', 'pytorch_tabular.'];

/** Whether an object was built by one of those frameworks (`learn = vision_learner(dls, resnet34)`, `NeuralNetClassifier(…)`). */
function frameworkObject(m: PyModule, e: Expr, scope: Scope): boolean {
  const ref = m.instanceOf(e, scope)?.ref;
  return ref?.kind === 'external' && FRAMEWORKS_THAT_TRAIN.some((p) => canonical(ref.qname).startsWith(p));
}

/**
 * timm's `NativeScaler` and its copies (DeiT, MAE, ConvNeXt): `loss_scaler(loss, optimizer, …)` runs the backward pass
 * and the optimizer step inside. Training code to the stage assessment; the rules that read gradients step by step
 * (zero_grad, accumulation) do not take it for a step, since its `update_grad=` decides that at run time.
 */


/** Training loops not nested in another training loop: the epoch loops, or the only loop. */
export const outerTrainingLoops = perModule((m: PyModule): LoopInfo[] => {
  const loops = trainingLoops(m);
  return loops.filter((l) => !loops.some((o) => o !== l && o.stmt.from <= l.stmt.from && l.stmt.to <= o.stmt.to));
});

/**
 * Whether an epoch loop evaluates on held-out data each time round (so there is a validation loss to stop on): it
 * calls an evaluation (`evaluate(…)`, `validate(…)`, `test(…)`, here or in a helper it calls), has a
 * `torch.no_grad()` block of its own over held-out data (`val_loader`, `X_val`; an RL agent's rollouts run under
 * no_grad too), or loops over validation data. A GAN's or an RL agent's loop, or a
 * pre-training loop, with no validation has nothing to stop on: that is another gap than early stopping. Not
 * evidence: `model.eval()` alone (also used to save a checkpoint), `no_grad` inside helpers (`accuracy()`).
 */
export function validatesEachEpoch(m: PyModule, loop: LoopInfo): boolean {
  for (const { site } of loopContents(m, loop).calls) {
    if (callsEvaluation(site)) return true;
    if (site.scope === loop.scope && contains(loop.stmt, site.call) && site.withs.some((w) => w.stmt.items.some((i) => isNoGradContext(w.scope.module, i.expr, w.scope)) && namesHeldOut(w.stmt.body.stmts))) return true;
  }
  return m.loopsWithin(loop.stmt.from, loop.stmt.to).some((l) => l !== loop && loopRole(m, l) === 'eval');
}

/**
 * How an epoch loop validates, for advice to stop on the validation loss (NR405): `every`, an evaluation that runs on
 * every epoch (not under an `if` within the loop: `if epoch % 10 == 0:` validates some epochs, `if epoch == n - 1:`
 * only the last) and is not only on the test split; `test`, every unconditional evaluation names the test split and
 * none a validation split (`test(model, test_loader)`: there is no validation data, and stopping on the test set
 * would pick the model on it); `sometimes`, evaluations only under conditions; undefined, none (`validatesEachEpoch`).
 */
export function epochValidation(m: PyModule, loop: LoopInfo): 'every' | 'test' | 'sometimes' | undefined {
  const body = loop.stmt.body;
  // (or after an `if …: continue` of the loop's body, which skips it on some epochs: `if epoch % 2 == 0: continue`)
  const skips = body.stmts.filter((st) => st.k === 'if' && st.branches.some((b) => b.body.stmts[b.body.stmts.length - 1]?.k === 'continue'));
  const conditional = (span: Span): boolean =>
    skips.some((st) => st.to <= span.from) || regionsAround(m, span).some((r) => r.from >= body.from && r.to <= body.to);
  const entries: { anchor: Span; names: string[]; args?: { exprs: Expr[]; scope: Scope }; sometimes?: true }[] = [];
  for (const { site, via } of loopContents(m, loop).calls) {
    if (callsEvaluation(site)) {
      const args = [...site.call.args, ...site.call.kwargs.map((k) => k.value), ...(via ? [...via.call.args, ...via.call.kwargs.map((k) => k.value)] : [])];
      const names = [lastName(site.call.fn) ?? '', ...args.flatMap(identifiersOf)];
      // what a function of the project evaluates on (`def test(epoch): … accuracy_on(val_loader)`)
      const fn = site.scope.module.siteLocalCallee(site);
      // (a function switched off by a `return` at its top evaluates nothing: jacobgil's pruning `test()`)
      if (fn && returnsAtOnce(fn.stmt.body.stmts)) continue;
      // (made in a helper the loop calls, under a condition there: `if early_phase or late_phase: self.val()` in
      // monodepth2's `run_epoch()`, every so many steps)
      // … or under a condition at the top of the helper itself, on what the loop hands it (3DGS's `training_report(…)`:
      // `if iteration in testing_iterations:`, a few iterations of a run; review 144)
      const sometimes = (via && isConditional(site.scope.module, site.call)) || (fn && guardedByParameter(fn)) ? ({ sometimes: true } as const) : {};
      entries.push({ anchor: (via ?? site).call, names: fn ? [...names, ...identifiersIn(fn.stmt.body.stmts)] : names, args: { exprs: args, scope: site.scope }, ...sometimes });
    } else if (site.scope === loop.scope && contains(loop.stmt, site.call)) {
      for (const w of site.withs)
        if (w.stmt.items.some((i) => isNoGradContext(w.scope.module, i.expr, w.scope)) && namesHeldOut(w.stmt.body.stmts.filter((st) => !guardedHelperCall(w.scope.module, st, w.scope)))) entries.push({ anchor: w.stmt, names: identifiersIn(w.stmt.body.stmts) });
    }
  }
  for (const l of m.loopsWithin(loop.stmt.from, loop.stmt.to)) if (l !== loop && loopRole(m, l) === 'eval' && l.stmt.k === 'for') entries.push({ anchor: l.stmt, names: identifiersOf(l.stmt.iter) });
  if (!entries.length) return undefined;
  const every = entries.filter((e) => !e.sometimes && !conditional(e.anchor));
  if (!every.length) return 'sometimes';
  // a loader named for the test split that reads the validation split (torchvision's references: `data_loader_test`
  // over `os.path.join(args.data_path, "val")`) is validation data
  const readsValidation = (e: (typeof entries)[number]): boolean => !!e.args && e.args.exprs.some((a) => namesBehind(m, a, e.args?.scope as Scope).some(namesValidationSplit));
  return every.every((e) => e.names.some(namesTestSplit) && !e.names.some(namesValidationSplit) && !readsValidation(e)) ? 'test' : 'every';
}

/**
 * Whether everything a function does is under `if` statements without an `else` that test its parameters: `if
 * iteration in testing_iterations:`, `if epoch % args.eval_every == 0:` (assignments of constants before them aside).
 */
function guardedByParameter(fn: FunctionInfo): boolean {
  const params = new Set(fn.stmt.params.map((p) => p.name));
  const stmts = fn.stmt.body.stmts.filter((st) => !(st.k === 'expr' && st.expr.k === 'str'));
  const ifs = stmts.filter((st) => st.k === 'if');
  const guard = (st: Stmt): boolean => {
    if (st.k !== 'if' || st.branches.some((b) => !b.test)) return false;
    // (a comparison, not a test that the data is there: `if val_loader:`, `if val_loader is not None:` run every time)
    if (st.branches.some((b) => b.test?.k === 'name' || (b.test?.k === 'other' && b.test.parts.some((x) => x.k === 'const' && x.value === 'None')))) return false;
    let reads = false;
    for (const b of st.branches) if (b.test) walkExpr(b.test, (x) => void (reads ||= x.k === 'name' && params.has(x.id)));
    return reads;
  };
  return ifs.length > 0 && ifs.every(guard) && stmts.every((st) => st.k === 'if' || (st.k === 'assign' && (st.value?.k === 'num' || st.value?.k === 'const' || st.value?.k === 'str')));
}

/** A statement that only calls a function of the project whose work is all under a test of its parameters (`guardedByParameter`). */
function guardedHelperCall(m: PyModule, st: Stmt, scope: Scope): boolean {
  if (st.k !== 'expr' || st.expr.k !== 'call') return false;
  const fn = m.projectCallee(st.expr, scope);
  return !!fn && guardedByParameter(fn);
}

/** Whether a function body returns before doing anything (after its docstring): `def test(self): return` then dead code. */
function returnsAtOnce(stmts: Stmt[]): boolean {
  const first = stmts.find((st) => !(st.k === 'expr' && st.expr.k === 'str'));
  return first?.k === 'return' && (!first.value || first.value.k === 'const' || first.value.k === 'num') && stmts.indexOf(first) < stmts.length - 1;
}

/** Names and short strings of an expression and of the values its names hold, a few assignments deep. */
function namesBehind(m: PyModule, e: Expr, scope: Scope, depth = 0, seen = new Set<Expr>()): string[] {
  const out = identifiersOf(e);
  if (depth >= 3) return out;
  walkExpr(e, (x) => {
    if (x.k !== 'name' || seen.has(x)) return;
    seen.add(x);
    const r = m.resolve(x, scope);
    if (r && r.expr !== x) out.push(...namesBehind(r.scope.module, r.expr, r.scope, depth + 1, seen));
    else for (const u of unpackedFrom(m, x, scope)) out.push(...namesBehind(u.scope.module, u.call, u.scope, depth + 1, seen));
  });
  return out;
}

/** `identifiersOf` every expression of some statements and the statements nested in them. */
function identifiersIn(stmts: Stmt[]): string[] {
  const out: string[] = [];
  allStatements(stmts, (st) => {
    for (const e of stmtExprs(st)) out.push(...identifiersOf(e));
  });
  return out;
}

/** Names, attributes and short strings of an expression, whole (`val_loader`, `eval`, `"valid"`). */
function identifiersOf(e: Expr): string[] {
  const out: string[] = [];
  walkExpr(e, (x) => {
    if (x.k === 'name') out.push(x.id);
    else if (x.k === 'attr') out.push(x.attr);
    else if (x.k === 'str' && x.value.length < 40) out.push(x.value);
  });
  return out;
}

const TEST_STEMS = 'test|testing|tst';
const VALIDATION_STEMS = 'val|vali|valid|validate|validation|dev|holdout';
const TEST_WORD = new RegExp(`^(${TEST_STEMS})(${SPLIT_DATA})?s?$`);
const VALIDATION_WORD = new RegExp(`^(${VALIDATION_STEMS})(${SPLIT_DATA})?s?$`);
/** A split's name alone (`test`, `val`), with no data word after it. */
const BARE_SPLIT = new RegExp(`^(${TEST_STEMS}|${VALIDATION_STEMS})$`);
const DATA_WORD = new RegExp(`^(${SPLIT_DATA})$`);

/** A name of the test split: `test_loader`, `X_test`, `testset`, `test` (a function's name). */
function namesTestSplit(id: string): boolean {
  return nameTokens(id).some((t) => TEST_WORD.test(t));
}

/**
 * A name of a validation split: `val_loader`, `X_valid`, `dev_set`, `validate`, and `eval` with data (`eval_loader`,
 * `evalset`), not alone (`model.eval()`).
 */
function namesValidationSplit(id: string): boolean {
  const t = nameTokens(id);
  if (t.some((x) => VALIDATION_WORD.test(x) || /^eval(uation)?(loader|dataloader|set|data|dataset|ds|dl|iter|split)s?$/.test(x))) return true;
  return t.some((x) => x === 'eval' || x === 'evaluation') && t.some((x) => DATA_WORD.test(x));
}

/** A helper named for computing a score: `check_accuracy`, `calculate_accuracy`, `compute_dice`, `get_iou`. */
const SCORING_HELPER = /^(check|calc|calculate|compute|get|measure|eval)_?(accuracy|acc|dice|iou|miou|metrics?|scores?|f1|auc|psnr)$/i;

/**
 * A call of an evaluation by its name (`evaluate(…)`, `trainer.validate(…)`), not a mode switch (`model.eval()`), nor
 * a layer or a class named for what it computes: a submodule called in a method (`self.prediction_head(z)`, BYOL's and
 * SimSiam's predictor) or a class built (`SimSiamPredictionHead(…)`, by the capital of its name).
 */
function callsEvaluation(site: CallSite): boolean {
  const fn = site.call.fn;
  const n = lastName(fn);
  // (not a mode switch, `model.eval()`; but a project's own `eval(self, valid_loader)` method handed data, Noise2Noise)
  const ownEval = fn.k === 'attr' && fn.attr === 'eval' && site.call.args.length > 0 && (site.scope.module.siteProjectCallee(site)?.stmt.params.length ?? 0) > 1;
  if (!n || (fn.k === 'attr' && (fn.attr === 'eval' || fn.attr === 'train') && !ownEval)) return false;
  // (or a scoring helper handed held-out data: `check_accuracy(val_loader, model)`, `compute_dice(model, test_loader)`;
  // review 129. Not a metric of a batch, `accuracy(output, target)` in the training loop)
  if (!isEvaluationName(n) && !(SCORING_HELPER.test(n) && [...site.call.args, ...site.call.kwargs.map((k) => k.value)].some((a) => (a.k === 'name' || a.k === 'attr') && wordsOf(a).some((w) => roleOfName(w) === 'eval')))) return false;
  if (/^[A-Z]/.test(n)) return false;
  // a function of the project that only renders the model's output (a NeRF's `test()` writing novel views)
  const callee = site.scope.module.siteProjectCallee(site);
  if (callee && rendersOnly(callee)) return false;
  // a prediction on a fixed sample (`predict_seq2seq(net, "i'm home .", …)`, printed every few epochs) looks at the
  // model, it does not validate it: a text argument that names no held-out split, and no argument that does
  const args = [...site.call.args, ...site.call.kwargs.map((k) => k.value)];
  const namesSplit = (a: Expr): boolean => wordsOf(a).some((w) => roleOfName(w) === 'eval');
  if (site.call.args.some((a) => a.k === 'str' && !namesSplit(a)) && !args.some(namesSplit)) return false;
  const cls = site.scope.cls;
  if (fn.k === 'attr' && fn.obj.k === 'name' && fn.obj.id === 'self' && cls) {
    const m = site.scope.module;
    return !!m.method(cls, n) || !m.attrAssignments(cls, n).length;
  }
  return true;
}

/** Calls that write or show pictures: what a pass that only renders does with the model's output. */
const RENDER_CALLS = /^(imsave|imwrite|save_image|save_images|imshow|savefig|add_image|add_images|add_figure|mimwrite|mimsave|write_video|write_gif)$/;
/** Words of a score: a pass whose code names one computes something to judge the model by. */
const SCORE_WORDS = new Set(['loss', 'losses', 'acc', 'accuracy', 'metric', 'metrics', 'score', 'scores', 'psnr', 'ssim', 'lpips', 'mse', 'mae', 'rmse', 'error', 'err', 'errors', 'f1', 'auc', 'iou', 'miou', 'precision', 'recall', 'ppl', 'perplexity', 'bleu', 'correct', 'criterion', 'compare', 'diff']);
const rendersOnlyMemo = new WeakMap<Stmt, boolean>();

/**
 * Whether a function of the project only renders what the model outputs (a NeRF's `test()` that writes held-out
 * views to PNG files, review 83): it writes or shows pictures (`plt.imsave`, `save_image`), and computes nothing to
 * judge the model by: no score named in it (`loss`, `psnr`, `acc`), no comparison, nothing added up or returned.
 * Such a pass over held-out data is no validation: there is nothing to stop on.
 */
export function rendersOnly(fn: FunctionInfo): boolean {
  const known = rendersOnlyMemo.get(fn.stmt);
  if (known !== undefined) return known;
  const m = fn.scope.module;
  const body = fn.stmt.body.stmts;
  const out = m.callsWithin(fn.stmt.from, fn.stmt.to).some((s) => RENDER_CALLS.test(lastName(s.call.fn) ?? '')) && !returnsValue(body) && !judgesModel(body, false);
  rendersOnlyMemo.set(fn.stmt, out);
  return out;
}

/** Whether code names held-out data (`val_loader`, `X_test`, `valid_ds`): a no-grad block that does is an evaluation, not an RL rollout. */
function namesHeldOut(stmts: Stmt[]): boolean {
  let found = false;
  allStatements(stmts, (st) => {
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        if ((x.k === 'name' && roleOfName(x.id) === 'eval') || (x.k === 'attr' && roleOfName(x.attr) === 'eval')) found = true;
      });
  });
  return found;
}

/**
 * Whether a file's training is judged on held-out data: an epoch loop validates (`validatesEachEpoch`), or the file
 * defines or calls an evaluation, or builds a loader of validation data, or a LightningModule has a
 * `validation_step`. Advice phrased on validation (regularize while validation improves) has no ground in a GAN's, an
 * RL agent's or a style-transfer script that never validates.
 */
export const validates = perModule(
  (m: PyModule): boolean =>
    dataLoaders(m).some((l) => l.role === 'eval' && !neverRead(m, l.site)) ||
    lightningModules(m).some((c) => m.method(c, 'validation_step') !== undefined) ||
    // `for phase in ['train', 'val']:` around a loop over `dataloaders[phase]`
    m.loops.some((l) => evalPhase(m, l) !== undefined) ||
    // an evaluation known by its name only counts in a file that names held-out data (`val_loader`, `X_test`): an
    // `evaluate()` that decodes a random training pair for display (practical-pytorch's seq2seq) validates nothing
    (namesHeldOutData(m) && (outerTrainingLoops(m).some((l) => validatesEachEpoch(m, l)) || evaluatesByName(m))) ||
    // the model run on a whole held-out tensor and scored (`criterion(model(X_val), y_val)` under no_grad; review 153)
    wholeTensorEvaluations(m).length > 0,
);

/**
 * Whether a call's value goes to a name nothing in the file reads again: `test_loader = DataLoader(test_dataset)` built
 * and never used validates nothing (BERT_FineTune.py; review 127).
 */
function neverRead(m: PyModule, site: CallSite): boolean {
  const st = site.stmt;
  if (st.k !== 'assign' || st.value !== site.call || st.targets.length !== 1 || st.targets[0].k !== 'name') return false;
  const target = st.targets[0];
  let read = false;
  allStatements(m.stmts, (s) => {
    if (!read) for (const e of stmtExprs(s)) walkExpr(e, (x) => void (read ||= x.k === 'name' && x.id === target.id && x !== target));
  });
  return !read;
}

/**
 * An evaluation known by its name: a call of one, or a function named for one. In a file that trains when run, not
 * in a function nothing names (`def score(self, X, y): return loss(y, self.predict(X))` that nothing calls): the
 * file's training is then never judged.
 */
function evaluatesByName(m: PyModule): boolean {
  let unnamed: Set<FunctionInfo> | undefined;
  const dead = (scope: Scope): boolean => {
    unnamed ??= trainsWhenRun(m) ? unnamedFunctions(m) : new Set();
    for (let s: Scope | undefined = scope; s && unnamed.size; s = s.parent) {
      const f = m.functionOf(s);
      if (f && unnamed.has(f)) return true;
    }
    return false;
  };
  return m.callSites.some((s) => callsEvaluation(s) && !dead(s.scope)) || m.functions.some((f) => isEvaluationFunction(f) && !rendersOnly(f) && !dead(f.scope));
}

/**
 * Whether a file names held-out data anywhere: a variable or parameter that names a validation or a test split and
 * data or a score (`val_loader`, `X_test`, `testloader`, `val_acc`), or a split's name as text (`"dev"`). Not
 * `model.eval()`, nor a model kept for a smoke test (`encoder_test`).
 */
const namesHeldOutData = perModule((m: PyModule): boolean => {
  let found = false;
  const split = (t: string): boolean => TEST_WORD.test(t) || VALIDATION_WORD.test(t);
  const heldOut = (id: string): boolean => {
    const t = nameTokens(id);
    return t.some((x) => split(x) && !BARE_SPLIT.test(x)) || (t.some(split) && t.some((x) => HELD_OUT_PARTNER.has(x)));
  };
  allStatements(m.stmts, (st) => {
    if (found) return;
    if (st.k === 'def' && st.params.some((p) => heldOut(p.name))) found = true;
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        if (found) return;
        if (x.k === 'name') found = heldOut(x.id);
        else if (x.k === 'attr') found = heldOut(x.attr);
        else if (x.k === 'str' && x.value.length < 40) found = nameTokens(x.value).some(split);
      });
  });
  return found;
});

/** Words that, next to a split's name, make it held-out data or its score (`X_test`, `val_pairs`, `val_acc`). */
const HELD_OUT_PARTNER = new Set(['x', 'y', 'loader', 'dataloader', 'data', 'dataset', 'set', 'ds', 'dl', 'iter', 'images', 'imgs', 'pairs', 'samples', 'examples', 'batches', 'sentences', 'texts', 'labels', 'targets', 'inputs', 'features', 'df', 'idx', 'indices', 'mask', 'split', 'loss', 'losses', 'acc', 'accuracy', 'score', 'scores', 'metric', 'metrics', 'error', 'perplexity', 'ppl', 'files', 'list']);

/** Lightning `Trainer(...)` constructions. */
export const lightningTrainers = sitesWhere((m, s) => isLightningTrainer(siteQName(m, s)));

/** Where the file trains: the outermost training loops, trainer runs, training_step methods. */
export function trainingSpans(m: PyModule): { span: Span; what: string }[] {
  const out: { span: Span; what: string }[] = [];
  for (const l of outerTrainingLoops(m)) out.push({ span: loopHeader(l.stmt), what: 'a training loop (backward and optimizer step)' });
  for (const s of trainerRuns(m)) out.push({ span: s.call, what: s.call.fn.k === 'attr' && s.call.fn.attr === 'fit' ? 'Lightning trainer.fit' : 'trainer.train' });
  for (const r of frameworkRuns(m)) out.push({ span: r.site.call, what: `a training run of ${r.framework}: ${snippet(m.text, r.site.call.fn)}` });
  for (const c of lightningModules(m)) {
    const step = m.method(c, 'training_step');
    if (step && step.scope.module === m) out.push({ span: { from: step.stmt.nameFrom, to: step.stmt.nameTo }, what: `${c.name}.training_step` });
  }
  return out;
}

/** Training frameworks besides Lightning and Hugging Face: what builds the trainer, and the methods that run it. */
const FRAMEWORKS: { name: string; builder: RegExp; runs: string[] }[] = [
  { name: 'ignite', builder: /^ignite\.engine(\.[\w.]+)?\.(create_supervised_trainer|Engine)$/, runs: ['run'] },
  { name: 'Poutyne', builder: /^poutyne(\.[\w.]+)?\.Model$/, runs: ['fit', 'fit_generator', 'fit_dataset'] },
  { name: 'torchbearer', builder: /^torchbearer(\.[\w.]+)?\.Trial$/, runs: ['run'] },
  { name: 'fastai', builder: /^fastai(\.[\w.]+)?\.(Learner|\w+_learner)$/, runs: ['fit', 'fit_one_cycle', 'fine_tune', 'fit_flat_cos', 'fit_sgdr'] },
  { name: 'skorch', builder: /^skorch(\.[\w.]+)?\.NeuralNet\w*$/, runs: ['fit', 'partial_fit'] },
  { name: 'Catalyst', builder: /^catalyst(\.[\w.]+)?\.\w*Runner$/, runs: ['train'] },
];
const FRAMEWORK_METHODS = new Set(FRAMEWORKS.flatMap((f) => f.runs));
/** Functions of a framework that run a training: torchtnt's `fit(unit, train_dataloader=…)`. */
const FRAMEWORK_FUNCTIONS = /^torchtnt\.framework(\.[\w.]+)?\.(fit|train)$/;

/**
 * What a call is a method of, by the call that built the object: the object followed to its value, then through a
 * chain of methods called on it (`Trial(model, …).to(device).with_generators(…)`) to the first call. A name the file
 * binds nowhere, in a file with star imports of one library (`from fastai.vision.all import *`), is taken from it.
 */
function builtBy(m: PyModule, obj: Expr, scope: Scope): string | undefined {
  let e: Expr = m.resolve(obj, scope)?.expr ?? obj;
  while (e.k === 'call' && e.fn.k === 'attr' && e.fn.obj.k === 'call') e = e.fn.obj;
  if (e.k !== 'call') return undefined;
  const q = m.qualify(e.fn, scope);
  if (q) return canonical(q);
  if (e.fn.k !== 'name' || m.assignmentsOf(e.fn.id, scope).length) return undefined;
  const stars = m.starImports().filter((x) => !x.startsWith('.'));
  return stars.length === 1 ? `${stars[0]}.${e.fn.id}` : undefined;
}

/**
 * Training that a framework runs (ignite's `trainer.run(loader, max_epochs=…)`, Poutyne's `model.fit_dataset(…)`,
 * torchbearer's `trial.run(epochs=…)`, fastai's `learn.fit_one_cycle(…)`, skorch's `net.fit(X, y)`, Catalyst's
 * `runner.train(…)`, torchtnt's `fit(unit, …)`). An ignite `Engine` runs training only when its step function steps an
 * optimizer or calls `backward()` (an evaluator's does neither).
 */
export const frameworkRuns = perModule((m: PyModule): { site: CallSite; framework: string }[] =>
  frameworkRunSites(m).map((site) => ({ site, framework: frameworkRun(m, site) as string })),
);

const frameworkRunSites = sitesWhere((m, site) => frameworkRun(m, site) !== undefined);

/** The framework a call runs training with, if it is such a run (see `frameworkRuns`). */
function frameworkRun(m: PyModule, site: CallSite): string | undefined {
  const fn = site.call.fn;
  if (fn.k !== 'attr') return fn.k === 'name' && (fn.id === 'fit' || fn.id === 'train') && FRAMEWORK_FUNCTIONS.test(siteQName(m, site) ?? '') ? 'torchtnt' : undefined;
  // (a model's `train()` switch is no run: Catalyst's `runner.train(model=…, loaders=…)` takes keywords)
  if (!FRAMEWORK_METHODS.has(fn.attr) || (fn.attr === 'train' && !site.call.kwargs.length)) return undefined;
  const q = builtBy(m, fn.obj, site.scope);
  const match = q && FRAMEWORKS.find((f) => f.runs.includes(fn.attr) && f.builder.test(q));
  if (!match || (q.endsWith('.Engine') && !enginesTrain(m, fn.obj, site.scope))) return undefined;
  return match.name;
}

/** Whether an ignite `Engine(step)` steps an optimizer or calls `backward()` in its step function. */
function enginesTrain(m: PyModule, obj: Expr, scope: Scope): boolean {
  const built = m.resolve(obj, scope);
  const step = built?.expr.k === 'call' ? built.expr.args[0] : undefined;
  // (the step function named as the callee of a call: what `projectCallee` resolves)
  const helper = built && step && m.projectCallee({ ...(built.expr as CallExpr), fn: step, args: [] }, built.scope);
  if (!helper) return false;
  return helper.scope.module.callsIn(helper.scope).some((c) => c.call.fn.k === 'attr' && (c.call.fn.attr === 'backward' || (c.call.fn.attr === 'step' && c.call.args.length === 0)));
}

/** The header of a loop statement: `for epoch in range(10)`. */
export function loopHeader(s: Extract<Stmt, { k: 'for' | 'while' }>): Span {
  return { from: s.from, to: Math.max(s.from, s.k === 'for' ? s.iter.to : s.test.to) };
}

// ------------------------------------------------------------------ seeds

/**
 * Seeds of generators other than PyTorch's CPU one, which draws the weights' initialisation and a DataLoader's
 * shuffling: Python's, NumPy's and the CUDA generators. Alone, they leave a PyTorch run unfixed.
 */
export const PARTIAL_SEEDS: ReadonlyMap<string, string> = new Map([
  ['random.seed', "Python's"],
  ['numpy.random.seed', "NumPy's"],
  ['torch.cuda.manual_seed', 'the CUDA'],
  ['torch.cuda.manual_seed_all', 'the CUDA'],
]);

/** Which generator a partial seed fixes ("Python's", "NumPy's", "the CUDA"), when a call is one (`PARTIAL_SEEDS`). */
export function partialSeed(m: PyModule, site: CallSite): string | undefined {
  return PARTIAL_SEEDS.get(canonical(m.qualify(site.call.fn, site.scope) ?? ''));
}

/** Library functions that fix a global random seed. */
export const SEED_FUNCTIONS = new Set([
  'torch.manual_seed',
  'torch.random.manual_seed',
  'torch.cuda.manual_seed',
  'torch.cuda.manual_seed_all',
  'random.seed',
  'numpy.random.seed',
  'lightning.seed_everything',
  'lightning.pytorch.seed_everything',
  'lightning.fabric.seed_everything',
  'lightning.pytorch.utilities.seed.seed_everything',
  'transformers.set_seed',
  'transformers.enable_full_determinism',
  'accelerate.utils.set_seed',
  'tensorflow.random.set_seed',
  'keras.utils.set_random_seed',
  'monai.utils.set_determinism',
  'monai.utils.misc.set_determinism',
  'ignite.utils.manual_seed',
  'torchtnt.utils.seed',
  'torchtnt.utils.env.seed',
  // libzero (the yandex-research tabular DL repos): seeds `random`, NumPy and PyTorch
  'zero.set_randomness',
  'zero.random.set_randomness',
  'delu.random.seed',
  'delu.random.init',
  'delu.improve_reproducibility',
]);

/** Lightning's `seed_everything`, wherever it is imported from (`pytorch_lightning.trainer.seed_everything`). */
const LIGHTNING_SEED = /^lightning\.(.*\.)?seed_everything$/;

/** Lightning's `seed_everything()` called without a seed (or with `None`): it draws one at random on every run. */
export function drawsLightningSeed(m: PyModule, site: CallSite): boolean {
  return LIGHTNING_SEED.test(canonical(m.qualify(site.call.fn, site.scope) ?? '')) && !site.call.star && !librarySeed(m, site);
}

/** Whether a canonical qualified name is a library's seeding function (`SEED_FUNCTIONS`, Lightning's `seed_everything`). */
export function isSeedFunction(qname: string): boolean {
  return SEED_FUNCTIONS.has(qname) || LIGHTNING_SEED.test(qname);
}

/**
 * A call of a library function that fixes the global seed (`SEED_FUNCTIONS`), not one that turns seeding off: MONAI's
 * `set_determinism(seed=None)` (its default seed fixes one), `random.seed()` or `np.random.seed(None)` (a seed drawn
 * from the system on every run).
 */
export function librarySeed(m: PyModule, site: CallSite): boolean {
  const q = m.qualify(site.call.fn, site.scope);
  if (!q) return false;
  const c = canonical(q);
  if (!isSeedFunction(c)) return false;
  const lightning = LIGHTNING_SEED.test(c);
  const seed = argument(site.call, 0, c === 'random.seed' ? 'a' : 'seed');
  // Lightning's `seed_everything()` without a seed draws one at random (unless `PL_GLOBAL_SEED` is set)
  if (lightning) return !!seed && constValue(m, seed, site.scope) !== 'None';
  // `random.seed()`, `random.seed(None)`, `np.random.seed(seed=None)` draw a seed from the system on every run
  if (c === 'random.seed' || c === 'numpy.random.seed') return !!seed && !site.call.star && constValue(m, seed, site.scope) !== 'None';
  if (!c.startsWith('monai.')) return true;
  return !seed || constValue(m, seed, site.scope) !== 'None';
}

/** Calls that fix a global random seed (library seeding functions, or helpers named for it). */
export const seedCalls = perModule((m: PyModule): CallSite[] =>
  m.callSites.filter((s) => {
    if (librarySeed(m, s)) return true;
    // (Lightning's own, without a seed, fixes none: not a helper of the project named for seeding)
    if (LIGHTNING_SEED.test(canonical(m.qualify(s.call.fn, s.scope) ?? ''))) return false;
    // `LightningCLI(Model, seed_everything_default=42)`: the CLI seeds with that number (True draws one at random)
    const cliSeed = calleeShortName(s.call) === 'LightningCLI' ? kwarg(s.call, 'seed_everything_default')?.value : undefined;
    if (cliSeed) return cliSeed.k === 'num' && !cliSeed.isFloat;
    const name = calleeShortName(s.call) ?? '';
    if (name === 'manual_seed' && s.call.fn.k === 'attr') {
      // torch.Generator().manual_seed(0) seeds one generator, which counts for a DataLoader but not globally; so does
      // `g = torch.Generator()` then `g.manual_seed(seed)`
      const obj = s.call.fn.obj;
      const built = obj.k === 'call' ? obj : m.resolve(obj, s.scope)?.expr;
      return built?.k !== 'call';
    }
    return SEED_HELPERS.test(name);
  }),
);

/**
 * Helpers named for fixing the seed, of libraries and of projects: `seed_everything`, `set_seed`, `seed_all`,
 * `set_random_seed`, `fix_seed`, timm's `random_seed` (often through `from timm.utils import *`), YOLOv5's
 * `init_seeds`, `setup_seed`, `same_seeds`, `seed_torch`. Not a bare `seed()` method (a generator's own).
 */
const SEED_HELPERS = /^(set|init|fix|setup|same)_?(random_|global_|all_|torch_)?seeds?$|^random_seed$|^seed_(everything|all|torch)$/i;

/** Calls whose value differs on every run: a seed drawn from them is not a fixed one. */
const NONDETERMINISTIC = new Set([
  'random.randint', 'random.random', 'random.randrange', 'random.getrandbits', 'numpy.random.randint', 'numpy.random.rand',
  'numpy.random.random', 'time.time', 'time.time_ns', 'time.perf_counter', 'torch.seed', 'torch.initial_seed', 'torch.randint',
  'os.urandom', 'os.getpid', 'secrets.randbelow', 'secrets.randbits', 'secrets.token_hex',
]);

export function isRandomDraw(m: PyModule, e: Expr, scope: Scope, depth = 0): boolean {
  if (depth > 4) return false;
  if (e.k === 'binop') return isRandomDraw(m, e.left, scope, depth + 1) || isRandomDraw(m, e.right, scope, depth + 1);
  if (e.k !== 'call') return false;
  const q = m.calleeName(e, scope);
  if (q && NONDETERMINISTIC.has(canonical(q))) return true;
  // int(time.time()), hash(...)
  return e.fn.k === 'name' && (e.fn.id === 'int' || e.fn.id === 'abs' || e.fn.id === 'hash') && e.args.length > 0 && isRandomDraw(m, e.args[0], scope, depth + 1);
}

/**
 * Whether a seeding call's seed may be drawn at random on each run: its name or attribute is assigned a random draw
 * in the call's scope or at module level (`if opt.manualSeed is None: opt.manualSeed = random.randint(1, 10000)` before
 * `torch.manual_seed(opt.manualSeed)`, PyTorch's DCGAN example; `seed = int(time.time())`). Such a run is seeded, and
 * can be repeated from a logged seed, but the seed is not fixed.
 */
export function seedDrawnAtRandom(m: PyModule, site: CallSite): boolean {
  return seedDraw(m, site) !== undefined;
}

/** The assignment that draws a seed at random (`manualSeed = random.randint(1, 10000)`), for `seedDrawnAtRandom`. */
export function seedDraw(m: PyModule, site: CallSite): Stmt | undefined {
  const arg = argument(site.call, 0, 'seed');
  if (!arg || (arg.k !== 'name' && arg.k !== 'attr')) return undefined;
  const key = objectKey(arg);
  const draws = (st: Stmt): boolean => st.k === 'assign' && !!st.value && isRandomDraw(m, st.value, site.scope);
  if (key === undefined) {
    // (an attribute of something without a key, `f().seed`: the scan, where targets without a key match it)
    let drawn: Stmt | undefined;
    const look = (stmts: Stmt[]): void =>
      allStatements(stmts, (st) => {
        if (!drawn && st.k === 'assign' && st.targets.some((t) => objectKey(t) === key) && draws(st)) drawn = st;
      });
    look(site.scope.body);
    if (site.scope !== m.scope && !drawn) look(m.scope.body);
    return drawn;
  }
  // the first assignment to the key in the call's scope (nested bodies too), else in the file, in statement order
  const named = assignmentsByName(m).get(arg.k === 'name' ? arg.id : arg.attr);
  const candidates = named?.filter((st) => st.k === 'assign' && st.targets.some((t) => objectKey(t) === key));
  if (!candidates?.length) return undefined;
  if (site.scope === m.scope) return candidates.find(draws);
  const body = site.scope.body;
  const [from, to] = body.length ? [body[0].from, body[body.length - 1].to] : [1, 0];
  return candidates.find((st) => st.from >= from && st.to <= to && draws(st)) ?? candidates.find(draws);
}

/**
 * The file's assignments with a value, in the order `allStatements` visits them, by the last name of each of their
 * targets (`manualSeed` for `manualSeed` and `opt.manualSeed`; the object key of a target, when it has one, ends in
 * it): what `seedDraw` looks for, for every seeding call of the file.
 */
const assignmentsByName = perModule((m: PyModule): Map<string, Stmt[]> => {
  const out = new Map<string, Stmt[]>();
  allStatements(m.scope.body, (st) => {
    if (st.k !== 'assign' || !st.value) return;
    for (const t of st.targets) {
      const n = t.k === 'name' ? t.id : t.k === 'attr' ? t.attr : undefined;
      if (n === undefined) continue;
      const list = out.get(n);
      if (!list) out.set(n, [st]);
      else if (list[list.length - 1] !== st) list.push(st);
    }
  });
  return out;
});

// ------------------------------------------------------------------ augmentation and transform pipelines

const TORCHVISION_RANDOM = new Set([
  'RandomCrop', 'RandomResizedCrop', 'RandomHorizontalFlip', 'RandomVerticalFlip', 'RandomRotation', 'RandomAffine',
  'RandomPerspective', 'ColorJitter', 'RandomGrayscale', 'RandomErasing', 'RandAugment', 'AutoAugment', 'TrivialAugmentWide',
  'AugMix', 'RandomApply', 'RandomChoice', 'RandomOrder', 'ElasticTransform', 'RandomInvert', 'RandomPosterize',
  'RandomSolarize', 'RandomAdjustSharpness', 'RandomAutocontrast', 'RandomEqualize', 'RandomPhotometricDistort',
  'RandomZoomOut', 'RandomIoUCrop', 'ScaleJitter', 'RandomShortestSize', 'RandomResize', 'MixUp', 'CutMix',
  'RandomChannelPermutation', 'GaussianNoise',
]);
const ALBUMENTATIONS_RANDOM = new Set([
  'HorizontalFlip', 'VerticalFlip', 'Flip', 'Transpose', 'ShiftScaleRotate', 'Rotate', 'SafeRotate', 'Affine', 'ColorJitter',
  'HueSaturationValue', 'RGBShift', 'GaussNoise', 'GaussianBlur', 'MotionBlur', 'MedianBlur', 'Blur', 'CLAHE', 'CoarseDropout',
  'Cutout', 'GridDistortion', 'ElasticTransform', 'OpticalDistortion', 'Perspective', 'ToGray', 'ChannelShuffle', 'ISONoise',
  'Sharpen', 'Emboss', 'ImageCompression', 'Downscale', 'OneOf', 'SomeOf', 'GridDropout', 'ChannelDropout', 'Posterize',
  'Solarize', 'Equalize', 'InvertImg', 'PiecewiseAffine', 'RandomGridShuffle',
]);
/** Hand-written point-cloud augmentation by name: `rotate_point_cloud`, `jitter_point_cloud`, `random_scale_point_cloud`, `translate_pointcloud`, `random_point_dropout`. */
const POINT_CLOUD_AUGMENT = /^(random_)?(rotate|rotation|jitter|scale|shift|translate|perturb|flip|shuffle)_(perturbation_)?(point_?cloud|pc|points)(_\w+)?$|^random_point_dropout$/i;
const KORNIA_RANDOM = new Set(['ColorJitter', 'ColorJiggle', 'RandAugment', 'AutoAugment', 'TrivialAugment']);

/** `POINT_CLOUD_AUGMENT` of a callee's name, kept per name (asked of every call of a file at each version). */
const pointCloudAugment = memoByName(10_000, (name) => POINT_CLOUD_AUGMENT.test(name));

/** What a call builds, when it is a random augmentation that is switched on: its display name ("RandomCrop"). */
export function augmentationOf(m: PyModule, call: CallExpr, scope: Scope, site?: CallSite): string | undefined {
  // `site`: the call site of `call`
  const q = site ? siteQName(m, site) : calleeQName(m, call, scope);
  // point clouds are augmented by functions of the project (PointNet++'s `provider.rotate_point_cloud(batch)`,
  // `random_point_dropout`, DGCNN's `translate_pointcloud`; review 125)
  const called = q ? lastSegment(q) : calleeShortName(call);
  if (called && pointCloudAugment(called)) return called;
  if (!q) return undefined;
  const name = lastSegment(q);
  let random = false;
  if (q.startsWith('torchvision.transforms.')) random = TORCHVISION_RANDOM.has(name);
  else if (q.startsWith('albumentations.')) random = name.startsWith('Random') || ALBUMENTATIONS_RANDOM.has(name);
  else if (q.startsWith('kornia.augmentation.')) random = name.startsWith('Random') || KORNIA_RANDOM.has(name);
  // MONAI's random transforms (`RandFlipd`, `RandRotate90`, `RandGaussianNoise`); its random crops sample patches of
  // volumes too large to train on whole, which the skeleton needs as much as the final run
  else if (q.startsWith('monai.transforms.')) random = /^Rand[A-Z0-9]/.test(name) && !/Crop|Lambda/.test(name);
  else if (q === 'torchaudio.transforms.FrequencyMasking' || q === 'torchaudio.transforms.TimeMasking' || q === 'torchaudio.transforms.SpecAugment') random = true;
  // audiomentations and torch-audiomentations: every transform is a random one, applied with probability `p`
  else if (/^(audiomentations|torch_audiomentations)\./.test(q)) random = /^[A-Z]/.test(name) && !/^(Compose|SomeOf|OneOf|Identity)$/.test(name);
  else if (q === 'timm.data.Mixup' || q === 'timm.data.mixup.Mixup') random = true;
  else if (/^timm\.data(\.transforms_factory)?\.create_transform$/.test(q)) {
    const training = kwarg(call, 'is_training')?.value ?? call.args[1];
    random = constValue(m, training, scope) === 'True';
  }
  if (!random) return undefined;
  // Switched off: p=0 (MONAI's `prob=0`), or ColorJitter() with no argument (it changes nothing).
  const p = kwarg(call, q.startsWith('monai.') ? 'prob' : 'p')?.value;
  if (p && numberValue(m, p, scope) === 0) return undefined;
  if (name === 'ColorJitter' && !call.args.length && !call.kwargs.length && !call.star) return undefined;
  if (q.startsWith('torchvision.transforms.') && fixedRotation(m, call, name, scope)) return undefined;
  return name;
}

/**
 * A rotation by one angle: `RandomRotation(degrees=(r, r))`, `RandomAffine((r, r))` with nothing else random (a
 * rotated-MNIST task's fixed rotation, the same for every image, is not augmentation).
 */
function fixedRotation(m: PyModule, call: CallExpr, name: string, scope: Scope): boolean {
  if ((name !== 'RandomRotation' && name !== 'RandomAffine') || call.star) return false;
  if (name === 'RandomAffine' && ['translate', 'scale', 'shear'].some((k, i) => argument(call, i + 1, k) !== undefined)) return false;
  const degrees = argument(call, 0, 'degrees');
  if (degrees?.k !== 'seq' || degrees.items.length !== 2) return false;
  const [a, b] = degrees.items;
  if (a.k === 'name' && b.k === 'name') return a.id === b.id;
  const x = numberValue(m, a, scope);
  return x !== undefined && x === numberValue(m, b, scope);
}

export interface TransformPipeline {
  /** The Compose call. */
  call: CallExpr;
  site: CallSite;
  /** Random augmentations in it, with their calls. */
  augmentations: { call: CallExpr; name: string }[];
  /** Whether every element is a transform of a known library (so "no augmentation" can be said with certainty). */
  allKnown: boolean;
  /** What the pipeline is for, from its name and where it is used. */
  role: 'train' | 'eval' | 'unknown';
}

const COMPOSE = new Set(['torchvision.transforms.Compose', 'torchvision.transforms.v2.Compose', 'albumentations.Compose', 'albumentations.core.composition.Compose', 'albumentations.ReplayCompose', 'albumentations.core.composition.ReplayCompose', 'kornia.augmentation.AugmentationSequential', 'kornia.augmentation.container.AugmentationSequential', 'monai.transforms.Compose', 'monai.transforms.compose.Compose']);
const TRANSFORM_MODULES = ['torchvision.transforms.', 'albumentations.', 'kornia.augmentation.'];

/**
 * Transform pipelines of a file (torchvision/albumentations/MONAI Compose, kornia AugmentationSequential). MONAI's
 * transforms are not in `TRANSFORM_MODULES`: a MONAI pipeline is never taken as all known, so NR407 says nothing of it.
 */
export const transformPipelines = perModule((m: PyModule): TransformPipeline[] => {
  const out: TransformPipeline[] = [];
  for (const site of composeSites(m)) {
    const q = canonical(m.siteCallee(site) as string);
    const first = site.call.args[0];
    const items = q.startsWith('kornia') ? site.call.args : first?.k === 'seq' ? first.items : undefined;
    const augmentations: { call: CallExpr; name: string }[] = [];
    // every augmentation inside the pipeline's arguments, nested ones included (RandomApply([ColorJitter()]))
    for (const s of m.callsWithin(site.call.argsFrom, site.call.argsTo)) {
      const name = augmentationOf(m, s.call, s.scope, s);
      if (name) augmentations.push({ call: s.call, name });
    }
    const allKnown =
      !!items &&
      !site.call.star &&
      items.every((it) => {
        if (it.k !== 'call') return false;
        const iq = calleeQName(m, it, site.scope);
        return !!iq && TRANSFORM_MODULES.some((p) => iq.startsWith(p)) && !/\.Lambda$/.test(iq);
      });
    out.push({ call: site.call, site, augmentations, allKnown, role: pipelineRole(m, site) });
  }
  return out;
});

/**
 * A single transform handed to a training dataset of torchvision without a pipeline around it
 * (`datasets.MNIST(root, train=True, transform=transforms.ToTensor())`): the whole of its training transforms. Only
 * deterministic ones of a known library, on a dataset whose split says training (`train=True`, `split="train"`).
 */
export const bareTrainingTransforms = perModule((m: PyModule): CallExpr[] => {
  const out: CallExpr[] = [];
  for (const site of m.callSites) {
    const q = m.siteCallee(site);
    if (!q || !canonical(q).startsWith('torchvision.datasets.') || splitOf(m, site.call, site.scope) !== 'train') continue;
    const arg = kwarg(site.call, 'transform')?.value;
    const t = arg && (m.resolve(arg, site.scope)?.expr ?? arg);
    if (t?.k !== 'call') continue;
    const tq = calleeQName(m, t, site.scope);
    if (!tq || !TRANSFORM_MODULES.some((p) => tq.startsWith(p)) || COMPOSE.has(canonical(tq)) || /\.Lambda$/.test(tq) || augmentationOf(m, t, site.scope)) continue;
    out.push(t);
  }
  return out;
});

/**
 * Whether a pipeline is one half of a weak/strong pair of views, as semi-supervised consistency training builds them
 * (FixMatch, UDA, FlexMatch: the weak view of an unlabelled image makes the pseudo-label the strong view is trained
 * against): its name says weak (or strong) and the file builds a pipeline whose name says the other (`weak_transforms`
 * and `strong_transforms` of review 82's FixMatch `config.py`). There the augmentations are the method.
 */
export function weakStrongView(m: PyModule, pipeline: TransformPipeline): boolean {
  const side = (p: TransformPipeline): 'weak' | 'strong' | undefined => {
    const words = contextWords(m, p.site, p.call);
    const weak = words.includes('weak');
    const strong = words.includes('strong');
    return weak === strong ? undefined : weak ? 'weak' : 'strong';
  };
  const own = side(pipeline);
  return !!own && transformPipelines(m).some((p) => p !== pipeline && side(p) !== undefined && side(p) !== own);
}

/** The words naming where a value goes: the assignment target, a dict key, the enclosing function. */
function contextWords(m: PyModule, site: CallSite, value: Span): string[] {
  const words: string[] = [];
  const s = site.stmt;
  if (s.k === 'assign' && s.value && s.value.from <= value.from && value.to <= s.value.to) {
    for (const t of s.targets) words.push(...wordsOf(t));
    // {"train": Compose(...), "val": Compose(...)}
    if (s.value.k === 'dict') {
      const entry = s.value.entries.find((en) => en.value.from <= value.from && value.to <= en.value.to);
      if (entry?.key) return wordsOf(entry.key);
    }
  }
  if (s.k === 'return' || words.length === 0) {
    const fn = m.functionOf(site.scope);
    if (fn) words.push(...splitWords(fn.name));
  }
  return words;
}

/** Whether a dataset/loader call says it is the training or the evaluation split (`train=True`, `split="val"`). */
function splitOf(m: PyModule, call: CallExpr, scope: Scope): 'train' | 'eval' | undefined {
  const train = kwarg(call, 'train')?.value;
  const c = constValue(m, train, scope);
  if (c === 'True') return 'train';
  if (c === 'False') return 'eval';
  const split = kwarg(call, 'split')?.value ?? kwarg(call, 'subset')?.value;
  return split?.k === 'str' ? roleOfName(split.value) : undefined;
}

/**
 * Whether a pipeline is only tried out, in a file that trains nothing and has no `DataLoader` (an augmentation demo):
 * applied to a sample where it is built (`transform(image=img)`), handed to nothing, with no `Dataset` class in the
 * file; or handed only to datasets the file's module-level code builds and then only looks at (`onlyLookedAt`). A
 * data module's pipelines are handed to datasets it leaves for the script that imports them, or to nothing.
 */
export function onlyDemonstrated(m: PyModule, pipeline: TransformPipeline): boolean {
  if (trainsSomehow(m) || dataLoaders(m).length) return false;
  const uses = callsPassing(m).get(pipeline.call) ?? [];
  if (uses.length) return uses.every((use) => onlyLookedAt(m, use));
  if (m.classes.some((c) => m.method(c, '__getitem__'))) return false;
  const st = pipeline.site.stmt;
  if (st.k !== 'assign' || st.value !== pipeline.call || st.targets.length !== 1 || st.targets[0].k !== 'name') return false;
  const name = st.targets[0].id;
  return m.callSites.some((s) => s.call.fn.k === 'name' && s.call.fn.id === name && m.resolve(s.call.fn, s.scope)?.expr === pipeline.call);
}

/**
 * Whether a pipeline only makes a second view of a batch in a loop, for a consistency loss (UDA, FixMatch's strong
 * view applied by hand): every use of it is a call in a loop on a name the loop also reads elsewhere, without
 * rebinding it (`p_aug = model(strong(u))` next to `model(u)`), also through a parameter of a function of the file it is
 * handed to, and it is handed to no dataset or other code. There the augmentation
 * is the method, not a regulariser. A batch augmented on the GPU and trained on (`x = aug(x)`, `out = model(aug(x))`
 * with `x` read nowhere else) is one view.
 */
export function secondView(m: PyModule, pipeline: TransformPipeline): boolean {
  // handed only to functions of the file (`train(…, unsuptransform)`), where its parameter is followed to its uses
  if ((callsPassing(m).get(pipeline.call) ?? []).some((h) => !m.siteLocalCallee(h))) return false;
  const uses = m.callSites.filter((s) => s.call.fn.k === 'name' && m.resolve(s.call.fn, s.scope)?.expr === pipeline.call);
  return (
    uses.length > 0 &&
    uses.every((s) => {
      const x = s.call.args[0];
      const loop = s.loops[s.loops.length - 1];
      if (!loop || x?.k !== 'name' || s.call.args.length !== 1) return false;
      const st = s.stmt;
      if ((st.k === 'assign' && st.targets.some((t) => mentions(t, x.id))) || (st.k === 'augassign' && mentions(st.target, x.id))) return false;
      let elsewhere = false;
      walkStmtExprs(loop.stmt.body.stmts, (e) => {
        if (e.k === 'name' && e.id === x.id && e !== x && !contains(s.call, e)) elsewhere = true;
      });
      return elsewhere;
    })
  );
}

/** What a demo does with a dataset besides iterating it: `len(ds)`, `print(ds[0])`, `for i, (x, y) in enumerate(ds)`. */
const LOOKS = new Set(['len', 'print', 'enumerate', 'iter', 'next', 'list', 'tqdm']);

/**
 * A dataset the pipeline is handed to, built by the module-level code of the file and only looked at there: iterated
 * by a module-level loop (`for x, y in dataset: print(x.shape)`, albumentations' tutorial), handed to no call but
 * `LOOKS`. A module that builds datasets for other files to import does not iterate them when it is imported.
 */
function onlyLookedAt(m: PyModule, use: CallSite): boolean {
  const st = use.stmt;
  if (use.scope !== m.scope || st.k !== 'assign' || st.value !== use.call || st.targets.length !== 1 || st.targets[0].k !== 'name') return false;
  const lookedAt = (s: CallSite): boolean => s.call.fn.k === 'name' && LOOKS.has(s.call.fn.id);
  if (!(callsPassing(m).get(use.call) ?? []).every(lookedAt)) return false;
  const dataset = (e: Expr): boolean => m.resolve(e, m.scope)?.expr === use.call;
  return m.loops.some(({ stmt, scope }) => {
    if (scope !== m.scope || stmt.k !== 'for') return false;
    const it = stmt.iter;
    return dataset(it) || (it.k === 'call' && it.fn.k === 'name' && LOOKS.has(it.fn.id) && it.args.length > 0 && dataset(it.args[0]));
  });
}

/**
 * The calls each value is handed to as an argument, directly (`f(Compose(…))`) or through a name that resolves to it
 * (`tf = Compose(…)`, then `f(transform=tf)`), by the value's expression, in call-site order: made once per module
 * version, so that finding the uses of every pipeline is not a scan of the file per pipeline.
 */
const callsPassing = perModule((m: PyModule): Map<Expr, CallSite[]> => {
  const out = new Map<Expr, CallSite[]>();
  const add = (value: Expr, use: CallSite): void => {
    const list = out.get(value);
    if (!list) out.set(value, [use]);
    else if (list[list.length - 1] !== use) list.push(use);
  };
  for (const use of m.callSites) {
    for (const a of [...use.call.args, ...use.call.kwargs.map((k) => k.value)]) {
      if (a.k === 'call') add(a, use);
      else if (a.k === 'name') {
        const r = m.resolve(a, use.scope);
        if (r) add(r.expr, use);
      }
    }
  }
  return out;
});

function pipelineRole(m: PyModule, site: CallSite): TransformPipeline['role'] {
  const words = contextWords(m, site, site.call);
  const own = roleOfWords(words);
  if (own) return own;
  // a test-time augmentation for predictions (`get_inference_transforms()`, `tta_transforms`): no training pipeline
  if (words.some((w) => INFERENCE_WORDS.has(w.toLowerCase()))) return 'eval';
  // a pipeline a helper of the file builds, and that the file asks for only where predictions are made (in `def
  // infer():` or under `torch.no_grad()` outside training: `heavy_transforms = get_heavy_transforms()`, a TTA for the
  // submission; cassava-kqu7, review 131)
  const builder = m.functionOf(site.scope);
  const asked = builder ? m.callersOf(builder) : [];
  if (asked.length && asked.every((c) => evaluationFunctionName(m, c.scope) || (underNoGrad(c) && !inTrainingCode(m, c)))) return 'eval';
  // Where it is used: CIFAR10(root, train=True, transform=tf), train_set = ImageFolder(dir, tf)
  let role: TransformPipeline['role'] = 'unknown';
  for (const use of callsPassing(m).get(site.call) ?? []) {
    const split = splitOf(m, use.call, use.scope) ?? roleOfWords(contextWords(m, use, use.call));
    if (split === 'train') return 'train';
    if (split === 'eval') role = 'eval';
  }
  return role;
}

/** Words of a pipeline made for predictions: test-time augmentation, a submission's inference. */
const INFERENCE_WORDS = new Set(['inference', 'infer', 'tta', 'predict', 'prediction', 'predictions', 'submission', 'submit']);

/**
 * Whether code is in a transform class of the project, one that derives from a library's transform base (`class
 * ColourJitter(T2.Transform)` whose `__init__` builds a `T2.ColorJitter` and whose `forward` applies it): a new
 * transform, a building block like the library's own, not a pipeline. (A plain class with `__call__` that builds a
 * pipeline, `TrainTransform()`, is left to the rule: it is usually the pipeline itself.)
 */
function inTransformClass(m: PyModule, scope: Scope): boolean {
  const cls = scope.cls;
  if (!cls || m.method(cls, '__getitem__')) return false;
  if (m.derivesFrom(cls, (q) => /^(torchvision\.transforms|albumentations|monai\.transforms)\./.test(canonical(q)))) return true;
  // a module named for the transform it is (`class RandomPhotometricDistort(nn.Module)`, torchvision's detection
  // references): a building block too; a model that augments inside its forward is named for the model
  return TRANSFORM_CLASS_NAME.test(cls.name) && m.derivesFrom(cls, isModuleBase) && !!m.method(cls, 'forward');
}

const TRANSFORM_CLASS_NAME = /^Random|Transform$|Augment(ation)?$|Distort$|Jitter$|Flip$|Crop$/;

/** Whether a call runs in training: in a training loop of the file, or under a condition naming training or augmentation. */
function pointCloudTraining(m: PyModule, site: CallSite): boolean {
  if (inTrainingLoop(m, site)) return true;
  return conditionsAround(m, site.call).some((c) => !!c && wordsOf(c).some((w) => w === 'train' || w === 'training' || w === 'augment' || w === 'augmentation'));
}

/** Whether a scope is a function named for evaluation or inference (`infer`, `predict_tta`, `validate`). */
function evaluationFunctionName(m: PyModule, scope: Scope): boolean {
  const fn = m.functionOf(scope);
  return !!fn && isEvaluationName(fn.name);
}

/** Whether a call is in a training loop of the file or in a function named for training (`training_step`). */
function inTrainingCode(m: PyModule, site: CallSite): boolean {
  const fn = m.functionOf(site.scope);
  return inTrainingLoop(m, site) || (!!fn && roleOfName(fn.name) === 'train');
}

/** The statements of the file's training loops, once per version. */
const trainingLoopStmts = perModule((m: PyModule): ReadonlySet<Stmt> => new Set(trainingLoops(m).map((l) => l.stmt)));

/** Whether a call is in a training loop of the file. */
function inTrainingLoop(m: PyModule, site: CallSite): boolean {
  const training = trainingLoopStmts(m);
  return site.loops.some((l) => training.has(l.stmt));
}

/** The calls of a module that compose transforms into a pipeline (see `sitesWhere`). */
const composeSites = sitesWhere((m, site) => {
  const raw = m.siteCallee(site);
  return !!raw && COMPOSE.has(canonical(raw));
});

/** The calls of a module that build or apply an augmentation (see `sitesWhere`). */
const augmentationSites = sitesWhere((m, site) => augmentationOf(m, site.call, site.scope, site) !== undefined);

/** Augmentations in the file that are not part of an evaluation pipeline, with the pipeline they belong to. */
export function trainingAugmentations(m: PyModule): { call: CallExpr; name: string; pipeline: TransformPipeline | undefined; site: CallSite }[] {
  // a file that trains nothing and only evaluates the loaders it builds (a post-training quantization's calibration
  // pass over `calib_loader` under `torch.no_grad()`; review 146): its pipelines feed no training
  if (!trainsSomehow(m)) {
    const loaders = dataLoaders(m);
    if (loaders.length && loaders.every((l) => l.uses.size === 1 && l.uses.has('eval'))) return [];
  }
  const pipes = transformPipelines(m);
  const out: { call: CallExpr; name: string; pipeline: TransformPipeline | undefined; site: CallSite }[] = [];
  for (const site of augmentationSites(m)) {
    const name = augmentationOf(m, site.call, site.scope, site);
    if (!name || inTransformClass(m, site.scope)) continue;
    const pipeline = pipes.find((p) => p.augmentations.some((a) => a.call === site.call));
    const role = pipeline ? pipeline.role : roleOfWords(contextWords(m, site, site.call));
    if (role === 'eval') continue;
    // (a test-time augmentation applied where predictions are made: with gradients off, or in a function named for
    // inference, `def infer(…)`, `_img = RandGaussianNoised(…)(data)` under `torch.no_grad()`; MONAI's challenge
    // baseline, review 129)
    // (not a GPU augmentation under `no_grad` in a training loop or a `training_step`)
    if (!pipeline && role === undefined && (evaluationFunctionName(m, site.scope) || (underNoGrad(site) && !inTrainingCode(m, site)))) continue;
    // (a point cloud's augmentation by a function of the project counts where it trains: in a training loop, or under
    // a condition that says so, `if self.partition == 'train':`; a rotation of the test points for voting does not)
    if (POINT_CLOUD_AUGMENT.test(name) && !pointCloudTraining(m, site)) continue;
    out.push({ call: site.call, name, pipeline, site });
  }
  return out;
}

/** Random draws of the standard libraries: Python's `random`, NumPy's, torch's. */
const RANDOM_DRAW = /^(random\.(random|randint|uniform|choice|randrange|getrandbits)|numpy\.random\.(rand|random|randint|uniform|choice|random_sample)|torch\.(rand|randint))$/;
/** Geometric operations an augmentation written by hand applies: flips, quarter turns. */
const FLIP_CALLS = new Set(['flip', 'fliplr', 'flipud', 'rot90', 'hflip', 'vflip']);

/** Whether an expression draws a random number, itself or through a name assigned one (`aug = random.randint(0, 7)`). */
function drawsRandom(m: PyModule, e: Expr, scope: Scope, depth = 0): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (found) return;
    if (x.k === 'call') found = RANDOM_DRAW.test(canonical(m.qualify(x.fn, scope) ?? ''));
    else if (x.k === 'name' && depth < 2) {
      const a = m.reachingAssignment(x.id, scope, x.from);
      if (a?.via === 'assign' && a.value) found = drawsRandom(m, a.value, a.scope, depth + 1);
    }
  });
  return found;
}

/**
 * Augmentation written by hand: a branch on a random draw that flips or turns the data (`if random.random() < 0.5:
 * img = img[:, ::-1]`, `aug = random.randint(0, 7)` then `if aug == 1: inp, tar = inp.flip(1), tar.flip(1)`, the
 * restoration models' paired flips, MPRNet's and RDN's). Not in a function named for evaluation; test-time flips draw
 * nothing.
 */
export const handWrittenAugmentations = perModule((m: PyModule): { span: Span; what: string }[] => {
  const out: { span: Span; what: string }[] = [];
  allStatements(m.stmts, (st) => {
    if (st.k !== 'if') return;
    const first = st.branches[0]?.test;
    const scope = scopeAt(m, st);
    if (!first || !drawsRandom(m, first, scope)) return;
    const fn = m.functionOf(scope);
    if (fn && (isEvaluationName(fn.name) || (fn.cls && isEvaluationName(fn.cls.name)))) return;
    let op: string | undefined;
    for (const b of st.branches)
      walkStmts(b.body.stmts, (x) => {
        for (const e of stmtExprs(x))
          walkExpr(e, (y) => {
            if (op) return;
            if (y.k === 'call' && FLIP_CALLS.has(lastName(y.fn) ?? '')) op = lastName(y.fn);
            else if (y.k === 'subscript' && y.steps?.some((i) => numberValue(m, y.index[i], scope) === -1)) op = 'reversed axis (`::-1`)';
          });
      });
    if (op) out.push({ span: first, what: `a random ${op} written by hand` });
  });
  return out;
});

/**
 * Whether a dataset of the file makes its input from its target and returns both (super-resolution's `lr_image =
 * self.lr_transform(hr_image)`, denoising's `noisy = clean + noise`, then `return lr_image, hr_image`): there a random
 * crop of the target is how training patches are sampled from images too large to train on whole, not augmentation.
 */
export const inputMadeFromTarget = perModule((m: PyModule): boolean =>
  m.classes.some((cls) => {
    const get = cls.methods.get('__getitem__');
    if (!get) return false;
    const values = new Map<string, Expr>();
    let pair = false;
    walkStmts(get.stmt.body.stmts, (st) => {
      if (st.k === 'assign' && st.value && st.targets.length === 1 && st.targets[0].k === 'name') values.set(st.targets[0].id, st.value);
      if (st.k !== 'return' || st.value?.k !== 'seq') return;
      const names = st.value.items.flatMap((x) => (x.k === 'name' ? [x.id] : []));
      // (the target is what a transform made, a call; the input is made from it)
      pair ||= names.some((x) => values.get(x)?.k === 'call' && names.some((y) => y !== x && values.get(y) !== undefined && mentions(values.get(y) as Expr, x)));
    });
    return pair;
  }),
);

// ------------------------------------------------------------------ dropout

const DROPOUT_KWARGS = new Set(['feat_drop', 'attn_drop', 'dropout', 'drop_rate', 'drop_path_rate', 'dropout_rate', 'dropout_prob', 'hidden_dropout_prob', 'attention_probs_dropout_prob', 'attn_dropout', 'hidden_dropout', 'attention_dropout', 'resid_pdrop', 'embd_pdrop', 'attn_pdrop']);

/**
 * Whether a rate is a parameter that is 0 unless a caller of the file says otherwise: `dropout: float = 0.0` and no
 * caller passing another number, followed through helpers that hand it on (`self._build(…, dropout)` in `__init__`).
 * A parameter without a default, or passed a value the analysis cannot read, may be anything: false.
 */
export function zeroByDefault(m: PyModule, e: Expr, scope: Scope, depth = 0): boolean {
  if (e.k === 'num') return e.value === 0;
  // (a constant: `dropout = cfg["model"]["dropout"]` of a settings dict, handed down through the builders; review 129)
  if (e.k === 'name' || e.k === 'subscript') {
    const n = numberValue(m, e, scope);
    if (n !== undefined) return n === 0;
  }
  if (depth > 4) return false;
  // `self.droprate`, every assignment of which in the class is zero by default (TRADES' WideResNet: `self.droprate =
  // dropRate` with `dropRate=0.0`), and a command-line option whose default is 0 (`--dropout`, `default=0`: SGC;
  // reviews 112, 115)
  if (e.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'self') {
    const cls = scope.cls;
    const assigned = cls ? m.attrAssignments(cls, e.attr) : [];
    return assigned.length > 0 && assigned.every((a) => a.value !== undefined && a.index === undefined && zeroByDefault(a.scope.module, a.value, a.scope, depth + 1));
  }
  // (and a class attribute of a config, `cfg.weight_decay` with `weight_decay: float = 0.0` in a dataclass of another
  // file; review 127)
  if (e.k === 'attr') return optionDefault(m, e, scope)?.value === 0 || numberValue(m, e, scope) === 0;
  if (e.k !== 'name') return false;
  const a = m.reachingAssignment(e.id, scope, e.from);
  const param = a?.via === 'param' ? a.param : undefined;
  const fn = param && a ? m.functionOf(a.scope) : undefined;
  if (!param || !fn || !a) return false;
  // (for `__init__`, the calls of the file that build its class: `st_gcn(in_channels, out_channels, dropout=0.1)`)
  const cls = fn.name === '__init__' ? fn.cls : undefined;
  // (every call of the function, or of the class, in the file: beyond the expression's statement)
  m.noteOutsideRead();
  const callers = cls
    ? m.callSites.filter((c) => {
        const r = m.siteClass(c);
        return r?.kind === 'local' && r.cls === cls;
      })
    : m.callersOf(fn);
  if (!callers.length) return !!param.default && zeroByDefault(m, param.default, a.scope, depth + 1);
  return callers.every((c) => {
    const arg = argumentFor(fn, param, c.call);
    if (arg) return zeroByDefault(m, arg, c.scope, depth + 1);
    return !!param.default && zeroByDefault(m, param.default, a.scope, depth + 1);
  });
}

/** PyTorch's recurrent layers, whose `dropout` applies between stacked layers. */
const RECURRENT_LAYERS = new Set(['torch.nn.RNN', 'torch.nn.LSTM', 'torch.nn.GRU']);

/**
 * Whether a layer is built into an attribute of `self` that nothing in the file reads (`self.dropout = nn.Dropout(0.5)`
 * in `__init__`, with a `forward` that never calls `self.dropout`): no attribute of that name is read on any object,
 * nor named in a string (`getattr(self, "dropout")`). Built, registered, never run.
 */
function unreadLayer(m: PyModule, s: CallSite): boolean {
  const st = s.stmt;
  if (st.k !== 'assign' || st.value !== s.call || st.targets.length !== 1) return false;
  const t = st.targets[0];
  if (t.k !== 'attr' || t.obj.k !== 'name' || t.obj.id !== 'self') return false;
  const uses = attributeUses(m);
  return !uses.strings.has(t.attr) && (uses.all.get(t.attr) ?? 0) <= (uses.assigned.get(t.attr) ?? 0);
}

/** How often each attribute name appears in a module, how often as the whole target of an assignment, and its strings. */
const attributeUses = perModule((m: PyModule): { all: Map<string, number>; assigned: Map<string, number>; strings: Set<string> } => {
  const all = new Map<string, number>();
  const assigned = new Map<string, number>();
  const strings = new Set<string>();
  allStatements(m.stmts, (x) => {
    if (x.k === 'assign') for (const t of x.targets) if (t.k === 'attr') assigned.set(t.attr, (assigned.get(t.attr) ?? 0) + 1);
    for (const e of stmtExprs(x))
      walkExpr(e, (y) => {
        if (y.k === 'attr') all.set(y.attr, (all.get(y.attr) ?? 0) + 1);
        else if (y.k === 'str') strings.add(y.value);
      });
  });
  return { all, assigned, strings };
});

/** Dropout in the file: layers, functional calls, and dropout rates passed to library models; rate 0 does not count. */
export const dropouts = perModule((m: PyModule): { call: CallExpr; what: string }[] => {
  const out: { call: CallExpr; what: string }[] = [];
  for (const s of m.callSites) {
    const q = siteQName(m, s);
    if (q && (DROPOUT_MODULES.has(q) || DROPOUT_FUNCTIONS.has(q))) {
      const isFn = DROPOUT_FUNCTIONS.has(q);
      const p = argument(s.call, isFn ? 1 : 0, 'p');
      if (p && (numberValue(m, p, s.scope) === 0 || zeroByDefault(m, p, s.scope))) continue;
      if (isFn && constValue(m, kwarg(s.call, 'training')?.value, s.scope) === 'False') continue;
      if (!isFn && unreadLayer(m, s)) continue;
      out.push({ call: s.call, what: lastSegment(q) });
      continue;
    }
    for (const k of s.call.kwargs) {
      if (!DROPOUT_KWARGS.has(k.name)) continue;
      const v = numberValue(m, k.value, s.scope);
      // (a recurrent layer drops out between its layers only: with one layer, `nn.GRU(32, 64, dropout=0.3)`, PyTorch
      // warns and drops nothing)
      if (q && RECURRENT_LAYERS.has(q) && k.name === 'dropout') {
        const layers = argument(s.call, 2, 'num_layers');
        if (!layers || numberValue(m, layers, s.scope) === 1) continue;
      }
      if (v !== undefined && v > 0) out.push({ call: s.call, what: `${k.name}=${v}` });
    }
  }
  return out;
});

// ------------------------------------------------------------------ optimizers and weight decay

/** Positional index of `weight_decay` in torch.optim constructors. */
const WEIGHT_DECAY_INDEX: Record<string, number> = {
  'torch.optim.SGD': 4,
  'torch.optim.Adam': 4,
  'torch.optim.AdamW': 4,
  // Hugging Face's own AdamW (deprecated, in every BERT fine-tuning tutorial of 2019-2022): `weight_decay=0.0` by default
  'transformers.AdamW': 4,
  'transformers.optimization.AdamW': 4,
  'torch.optim.RMSprop': 4,
  'torch.optim.Adagrad': 3,
  'torch.optim.Adadelta': 4,
  'torch.optim.Adamax': 4,
  'torch.optim.NAdam': 4,
  'torch.optim.RAdam': 4,
  'torch.optim.ASGD': 5,
};
/** Constructors whose default weight decay is not zero. */
const DEFAULT_DECAY: Record<string, number> = { 'torch.optim.AdamW': 0.01 };

export interface OptimizerBuild {
  site: CallSite;
  /** `torch.optim.Adam` */
  qname: string;
}

/**
 * The learning rates an optimizer's parameter groups set themselves (`SGD([{'params': body, 'lr': lr}, {'params':
 * head, 'lr': lr * 10}], lr=lr)`), the groups given inline or through a name: 'all' when every group of every value
 * the argument may hold sets one (the constructor's `lr` then sets nothing), 'some', or 'none'.
 */
export function groupRates(m: PyModule, o: OptimizerBuild): 'all' | 'some' | 'none' {
  const params = argument(o.site.call, 0, 'params');
  if (!params) return 'none';
  const lists = params.k === 'seq' ? [params] : valuesOf(m, params, o.site.scope).map((v) => v.expr);
  const groups = lists.flatMap((l) => (l.k === 'seq' ? l.items : []));
  const setting = groups.filter((g) => groupRate(g) !== undefined).length;
  if (!setting) return 'none';
  return setting === groups.length && lists.every((l) => l.k === 'seq') ? 'all' : 'some';
}

/** The rate a parameter group sets: `{'params': p, 'lr': 1e-4}`, `dict(params=p, lr=1e-4)`. */
function groupRate(g: Expr): Expr | undefined {
  if (g.k === 'dict') return g.entries.find((e) => e.key?.k === 'str' && e.key.value === 'lr')?.value;
  return g.k === 'call' && g.fn.k === 'name' && g.fn.id === 'dict' && !g.star ? kwarg(g, 'lr')?.value : undefined;
}

/**
 * The rate of an optimizer built over one parameter group written in the call that sets its own rate and no `lr` of
 * the constructor (`Adam([dict(params=model.parameters(), lr=1e-4)])`, SMP's examples): the training's rate.
 */
export function singleGroupRate(o: OptimizerBuild): Expr | undefined {
  const call = o.site.call;
  const params = argument(call, 0, 'params');
  if (call.star || argument(call, 1, 'lr') || params?.k !== 'seq' || params.items.length !== 1) return undefined;
  return groupRate(params.items[0]);
}

/** An embedding built with sparse gradients (`nn.EmbeddingBag(n, d, sparse=True)`) among the calls. */
function sparseEmbedding(m: PyModule, sites: readonly CallSite[]): boolean {
  return sites.some((s) => {
    const q = siteQName(m, s);
    return (q === 'torch.nn.Embedding' || q === 'torch.nn.EmbeddingBag') && constValue(m, kwarg(s.call, 'sparse')?.value, s.scope) === 'True';
  });
}

/**
 * Whether an optimizer gets sparse gradients: the file, or the class of the model whose parameters it is given (in
 * this file or another of the project), builds an embedding with `sparse=True`. Only SGD, SparseAdam and Adagrad take
 * them; Adam, AdamW and weight decay fail on the first step ("Adam does not support sparse gradients").
 */
export function sparseGradients(m: PyModule, o: OptimizerBuild): boolean {
  if (fileSparseEmbedding(m)) return true;
  const params = o.site.call.args[0];
  if (params?.k !== 'call' || params.fn.k !== 'attr' || params.fn.attr !== 'parameters') return false;
  const inst = m.instanceOf(params.fn.obj, o.site.scope);
  if (inst?.ref.kind !== 'local') return false;
  const cls = inst.ref.cls;
  return classSparse.get(cls, cls.module, () => [...cls.methods.values()].some((f) => sparseEmbedding(cls.module, cls.module.callsIn(f.scope))));
}

/** `sparseEmbedding` over the whole file, once per version (every optimizer of the file asks). */
const fileSparseEmbedding = perModule((m: PyModule): boolean => sparseEmbedding(m, m.callSites));
/** `sparseEmbedding` over a model class's methods, per class and version of its module. */
const classSparse = new ObjectMemo<ClassInfo, boolean>();

/**
 * An optimizer over tensors rather than a model's parameters: `optim.SGD([x_adv], lr=1e-3)` zeroing an adversarial
 * input's gradient in a PGD attack, `optim.Adam([w], lr=0.01)` over a Carlini–Wagner perturbation, an image optimised
 * in style transfer. A list of names or attributes, no `.parameters()` and no parameter groups: not a training
 * optimizer, and the baseline and regularisation advice is not for it.
 */
export function optimizesTensors(o: OptimizerBuild): boolean {
  return tensorParams(o.site.call.args[0]);
}

/** An optimizer's parameters given as a list of tensors (`[z]`, `[self.delta]`), not a model's `parameters()`. */
export function tensorParams(params: Expr | undefined): boolean {
  return params?.k === 'seq' && params.kind !== 'set' && params.items.length > 0 && params.items.every((i) => i.k === 'name' || i.k === 'attr');
}

/** Words of a loss object: `criterion_cent`, `center_loss`, `loss_func`, `CenterLoss(…)`. */
const LOSS_WORDS = new Set(['loss', 'criterion', 'center', 'centers', 'proxy', 'proxies']);

/**
 * Whether an optimizer optimizes only the parameters of a loss (`RMSprop(criterion_cent.parameters(), …)` for
 * `criterion_cent = CenterLoss(…)`): the object's name or its class's name speaks of a loss.
 */
export function optimizesLoss(m: PyModule, o: OptimizerBuild): boolean {
  const params = o.site.call.args[0];
  if (params?.k !== 'call' || params.fn.k !== 'attr' || params.fn.attr !== 'parameters') return false;
  const obj = params.fn.obj;
  const name = obj.k === 'name' ? obj.id : obj.k === 'attr' ? obj.attr : '';
  const cls = m.instanceOf(obj, o.site.scope)?.ref;
  const clsName = cls?.kind === 'local' ? cls.cls.name : cls?.kind === 'external' ? lastSegment(cls.qname) : '';
  return [...nameTokens(name), ...nameTokens(clsName)].some((w) => LOSS_WORDS.has(w));
}

/**
 * Whether an optimizer held in a name of a function is only ever asked to clear gradients (`optimizer.zero_grad()`,
 * never stepped, handed on or returned): built for its `zero_grad()`, as PyCIL's EWC does to estimate the Fisher
 * information. It trains nothing, and the advice on a training optimizer is not for it.
 */
export function neverSteps(o: OptimizerBuild): boolean {
  const st = o.site.stmt;
  const scope = o.site.scope;
  if (scope.kind !== 'function' || st.k !== 'assign' || st.value !== o.site.call || st.targets.length !== 1 || st.targets[0].k !== 'name') return false;
  // (it reads only the function's own code: kept with the statement, which an edit of another statement leaves as it is)
  const known = neverStepping.get(st);
  if (known !== undefined) return known;
  const id = st.targets[0].id;
  let reads = 0;
  let clears = 0;
  walkStmts(scope.body, (x) => {
    for (const e of stmtExprs(x))
      walkExpr(e, (y) => {
        if (y.k === 'name' && y.id === id && y !== st.targets[0]) reads++;
        else if (y.k === 'call' && y.fn.k === 'attr' && y.fn.attr === 'zero_grad' && y.fn.obj.k === 'name' && y.fn.obj.id === id) clears++;
      });
  });
  const out = clears > 0 && reads === clears;
  neverStepping.set(st, out);
  return out;
}

const neverStepping = new WeakMap<Stmt, boolean>();

/**
 * Whether statements write a learning rate into parameter groups: `for g in opt.param_groups: g["lr"] = rate`, or
 * `opt.param_groups[0]["lr"] = rate` (not a key of a settings dict, `cfg["lr"] = 0.1`).
 */
function writesLr(stmts: Stmt[]): boolean {
  const w = lrWrites(stmts);
  return w.direct || w.written.some((n) => w.groupNames.includes(n));
}

/**
 * What statements show of rates written into parameter groups: the names their loops give the groups (`for g in
 * opt.param_groups`), the names they write an `"lr"` key of (`g["lr"] = …`), and whether they write one of a
 * `param_groups` subscript directly.
 */
function lrWrites(stmts: Stmt[]): { groupNames: string[]; written: string[]; direct: boolean } {
  const groups = (e: Expr): boolean => (e.k === 'attr' && e.attr === 'param_groups') || (e.k === 'subscript' && groups(e.obj));
  const groupNames: string[] = [];
  const written: string[] = [];
  let direct = false;
  allStatements(stmts, (st) => {
    if (st.k === 'for' && st.target.k === 'name' && groups(st.iter)) groupNames.push(st.target.id);
    if (st.k !== 'assign') return;
    for (const t of st.targets) {
      if (t.k !== 'subscript' || t.index.length !== 1 || t.index[0].k !== 'str' || t.index[0].value !== 'lr') continue;
      if (t.obj.k === 'name') written.push(t.obj.id);
      if (groups(t.obj)) direct = true;
    }
  });
  return { groupNames, written, direct };
}

/** `lrWrites` of each top-level statement, kept with it while the file is edited. */
const statementLrWrites = perStatement((st: Stmt) => lrWrites([st]));

/**
 * Whether the rate an optimizer is built with is not the rate it trains at: `lr=0` (a placeholder), the file writing
 * rates into parameter groups, a project class the optimizer is handed to doing so (a Noam warm-up wrapper,
 * `CustomSchedule(d_model, optimizer=opt)`), a `LambdaLR`/`MultiplicativeLR` multiplying it, or a `OneCycleLR`/
 * `CyclicLR` that sets the groups' rates from its own when it is built (`max_lr / div_factor`, `base_lr`).
 */
export function rateSetElsewhere(m: PyModule, o: OptimizerBuild, lr: number): boolean {
  if (lr === 0 || fileWritesLr(m)) return true;
  const name = optimizerName(o);
  if (!name) return false;
  return callsPassingName(m, name).some((s) => {
    const q = siteQName(m, s) ?? '';
    if (/lr_scheduler\.(LambdaLR|MultiplicativeLR|OneCycleLR|CyclicLR)$/.test(q)) return true;
    const ref = m.siteClass(s);
    return ref?.kind === 'local' && classWritesLr(ref.cls.stmt);
  });
}

/** The name an optimizer is held in where it is built (`optimizer = …`, `self.optimizer = …`: `optimizer`). */
function optimizerName(o: OptimizerBuild): string | undefined {
  const target = o.site.stmt.k === 'assign' ? o.site.stmt.targets[0] : undefined;
  return target?.k === 'name' ? target.id : target?.k === 'attr' ? target.attr : undefined;
}

/**
 * Whether an optimizer drives an LR range test: it is handed to torch_lr_finder's `LRFinder(model, optimizer,
 * criterion)` (or ignite's `FastaiLRFinder`, or a class of the project named for one, a copy of the library), which
 * sweeps the rate itself. Such an optimizer trains no baseline.
 */
export function drivesRangeTest(m: PyModule, o: OptimizerBuild): boolean {
  const name = optimizerName(o);
  if (!name) return false;
  return callsPassingName(m, name).some((s) => {
    const ref = m.siteClass(s);
    if (ref?.kind === 'local') return /LRFinder$/i.test(ref.cls.name);
    return /^(torch_lr_finder|ignite\.handlers)(\.[\w.]+)?\.(LRFinder|FastaiLRFinder)$/.test(siteQName(m, s) ?? '');
  });
}

/** `writesLr` of the whole file, once per version (every optimizer of the file asks), from its statements' parts. */
const fileWritesLr = perModule((m: PyModule): boolean => {
  const groupNames = new Set<string>();
  const written: string[] = [];
  for (let i = 0; i < m.stmts.length; i++) {
    const w = statementLrWrites(m, i);
    if (w.direct) return true;
    for (const n of w.groupNames) groupNames.add(n);
    for (const n of w.written) written.push(n);
  }
  return written.some((n) => groupNames.has(n));
});

/** `writesLr` of a class's body, kept per statement (an unchanged statement is the same IR object in the next version). */
const classWritesLrMemo = new WeakMap<Stmt, boolean>();
function classWritesLr(cls: Stmt & { k: 'class' }): boolean {
  let v = classWritesLrMemo.get(cls);
  if (v === undefined) classWritesLrMemo.set(cls, (v = writesLr(cls.body.stmts)));
  return v;
}

/** The call sites of a top-level statement by the names they are handed (`f(opt)`, `g(optimizer=self.opt)`: `opt`, `opt`). */
const statementCallsPassing = perStatement((_st: Stmt, sites: readonly CallSite[]): Map<string, CallSite[]> => {
  const out = new Map<string, CallSite[]>();
  for (const s of sites) {
    const names = new Set<string>();
    for (const a of s.call.args) if (a.k === 'name' || a.k === 'attr') names.add(a.k === 'name' ? a.id : a.attr);
    for (const k of s.call.kwargs) if (k.value.k === 'name' || k.value.k === 'attr') names.add(k.value.k === 'name' ? k.value.id : k.value.attr);
    for (const n of names) {
      let list = out.get(n);
      if (!list) out.set(n, (list = []));
      list.push(s);
    }
  }
  return out;
});

const callsPassingMemo = new ModuleMemo<{ parts: Map<string, CallSite[]>[]; byName: Map<string, CallSite[]> }>();

/** The call sites of the file handed a name, in the order of the file's sites (from its statements' parts, once per name and version). */
function callsPassingName(m: PyModule, name: string): CallSite[] {
  let memo = callsPassingMemo.get(m);
  if (!memo) callsPassingMemo.set(m, (memo = { parts: m.stmts.map((_, i) => statementCallsPassing(m, i)), byName: new Map() }));
  let out = memo.byName.get(name);
  if (!out) {
    out = [];
    for (const part of memo.parts) for (const s of part.get(name) ?? []) out.push(s);
    memo.byName.set(name, out);
  }
  return out;
}

/** torch.optim optimizers the file builds. */
export const optimizerBuilds = perModule((m: PyModule): OptimizerBuild[] => optimizerSites(m).map((site) => ({ site, qname: siteQName(m, site) as string })));

const optimizerSites = sitesWhere((m, site) => {
  const q = siteQName(m, site);
  return !!q && q in WEIGHT_DECAY_INDEX;
});

/**
 * Whether an optimizer built into a name or an attribute of `self` is replaced before anything uses it: `self.optimizer
 * = AdamW(…)` in `__init__`, then `self.optimizer = Adam(…)` at the top of the method that trains, before its `step()`.
 * Every read of the name (the class's, for an attribute; the function's, for a local name) must come after a rebinding
 * to another optimizer that the function it lies in makes unconditionally (a statement of its body) before the read.
 */
export function replacedBeforeUse(m: PyModule, o: OptimizerBuild): boolean {
  // (asked by NR301, NR404 and the stage's evidence of each build; a build is made once per module version)
  let v = replaced.get(o);
  if (v === undefined) replaced.set(o, (v = replacedBeforeUseUncached(m, o)));
  return v;
}

const replaced = new WeakMap<OptimizerBuild, boolean>();

function replacedBeforeUseUncached(m: PyModule, o: OptimizerBuild): boolean {
  const st = o.site.stmt;
  if (st.k !== 'assign' || st.value !== o.site.call || st.targets.length !== 1) return false;
  const target = st.targets[0];
  const onSelf = target.k === 'attr' && target.obj.k === 'name' && target.obj.id === 'self';
  if (target.k !== 'name' && !onSelf) return false;
  const key = sourceKey(m, target);
  // where it can be read: the class's methods, for an attribute; the function, for a local name
  const cls = onSelf ? m.functionOf(o.site.scope)?.cls : undefined;
  if (onSelf && !cls) return false;
  if (!onSelf && o.site.scope.kind !== 'function') return false;
  const region: Stmt[] = cls ? cls.stmt.body.stmts : o.site.scope.body;
  // (only where the same name is bound to another optimizer in that region: most builds have none, and cost nothing)
  // (a statement lies in the region when it lies within the span of its statements, which nest: no look at each one)
  const lo = region.length ? region[0].from : 0;
  const hi = region.length ? region[region.length - 1].to : -1;
  const others = rebuiltKeys(m).get(key)?.filter((x) => x !== st && x.from >= lo && x.to <= hi);
  if (!others?.length) return false;
  // the unconditional rebindings to another optimizer, by the body they are statements of
  const rebinds: { body: Stmt[]; stmt: Stmt }[] = [];
  for (const x of others) {
    const fn = m.functions.find((f) => f.stmt.body.stmts.includes(x));
    if (fn) rebinds.push({ body: fn.stmt.body.stmts, stmt: x });
  }
  const reads: Expr[] = [];
  // (a read has the target's last name: looked at before the source text, which most names and attributes do not need)
  const last = target.k === 'name' ? target.id : target.attr;
  allStatements(region, (x) => {
    for (const top of stmtExprs(x))
      walkExpr(top, (e) => {
        if ((e.k === 'name' ? e.id : e.k === 'attr' ? e.attr : undefined) !== last || sourceKey(m, e) !== key) return;
        if (e === target || rebinds.some((r) => r.stmt.k === 'assign' && r.stmt.targets[0] === e)) return;
        reads.push(e);
      });
  });
  if (!rebinds.length || !reads.length) return false;
  // (a rebinding that comes before the build itself, in the same body, is overridden by it)
  return reads.every((e) => rebinds.some((r) => r.stmt.to <= e.from && r.body.some((b) => contains(b, e)) && !(r.stmt.to <= st.from && r.body.some((b) => contains(b, st)))));
}

/** The assignments that bind an optimizer build to a name or an attribute, by the target's source text (`self.optimizer`). */
const rebuiltKeys = perModule((m: PyModule): Map<string, Stmt[]> => {
  const out = new Map<string, Stmt[]>();
  for (const b of optimizerBuilds(m)) {
    const st = b.site.stmt;
    if (st.k !== 'assign' || st.value !== b.site.call || st.targets.length !== 1) continue;
    const key = sourceKey(m, st.targets[0]);
    const l = out.get(key);
    if (l) l.push(st);
    else out.set(key, [st]);
  }
  return out;
});

/**
 * Whether an optimizer of class `qname` is built in one branch of an option's choice between optimizers (`if
 * args.optimizer == "adam": Adam(…) elif …: SGD(…)`): the build is conditional and the file builds another optimizer
 * (one of class `other`, when given).
 */
export function pickedAmongOptimizers(m: PyModule, call: CallExpr, qname: string, other?: string): boolean {
  return optimizerBuilds(m).some((x) => (other === undefined ? x.qname !== qname : x.qname === other)) && isConditional(m, call);
}

export type WeightDecay =
  /**
   * Set in the call or in a parameter group; `value` undefined when it is not a literal. `scope`: where `span` is read,
   * when not the optimizer's (a group a helper of the file builds, `get_optimizer_params(model, weight_decay=…)`).
   */
  | { kind: 'explicit'; value: number | undefined; span: Span; scope?: Scope; option?: string }
  /** Not set: the constructor's default applies. */
  | { kind: 'default'; value: number }
  /** Cannot be read (`**kwargs`, parameter groups built elsewhere). */
  | { kind: 'unknown' };

/** The weight decay an optimizer is built with. */
export function weightDecayOf(m: PyModule, o: OptimizerBuild): WeightDecay {
  const call = o.site.call;
  const scope = o.site.scope;
  if (call.star) return { kind: 'unknown' };
  const wd = argument(call, WEIGHT_DECAY_INDEX[o.qname], 'weight_decay');
  const groups = paramGroups(m, call.args[0] ?? kwarg(call, 'params')?.value, scope);
  if (groups === 'unknown') return { kind: 'unknown' };
  const decays: { value: number | undefined; span: Span; scope?: Scope }[] = [];
  if (wd) decays.push({ value: numberValue(m, wd, scope), span: wd });
  for (const g of groups) {
    const entry = g.dict.entries.find((en) => en.key?.k === 'str' && en.key.value === 'weight_decay');
    if (entry) decays.push({ value: numberValue(g.scope.module, entry.value, g.scope), span: entry.value, ...(g.scope !== scope ? { scope: g.scope } : {}) });
  }
  if (!decays.length) return { kind: 'default', value: DEFAULT_DECAY[o.qname] ?? 0 };
  // (the default of the command-line option a group reads, `'weight_decay': args.weight_decay` with `default=4e-4`,
  // FlowNetPytorch's groups; review 147), when every group's decay can be read so
  if (groups.length && decays.some((d) => d.value === undefined)) {
    const read = decays.map((d) => (d.value !== undefined ? d : { ...d, ...optionValue(optionDefault(m, d.span as Expr, d.scope ?? scope)) }));
    if (read.every((d) => d.value !== undefined)) {
      const best = read.reduce((a, b) => ((b.value as number) > (a.value as number) ? b : a));
      return { kind: 'explicit', value: best.value, span: best.span, ...(best.scope ? { scope: best.scope } : {}), ...('option' in best && best.option ? { option: best.option as string } : {}) };
    }
  }
  // the strongest decay any group gets; a non-literal one counts as set
  const unknown = decays.find((d) => d.value === undefined);
  if (unknown) return { kind: 'explicit', value: undefined, span: unknown.span, ...(unknown.scope ? { scope: unknown.scope } : {}) };
  const best = decays.reduce((a, b) => ((b.value as number) > (a.value as number) ? b : a));
  return { kind: 'explicit', value: best.value, span: best.span, ...(best.scope ? { scope: best.scope } : {}) };
}

/** An option's default as a decay's value and the text it shows (`optionDefault`). */
function optionValue(d: OptionDefault | undefined): { value?: number; option?: string } {
  return d ? { value: d.value, option: d.text } : {};
}

type ParamGroup = { dict: Extract<Expr, { k: 'dict' }>; scope: Scope };

/** The parameter-group dicts an optimizer's first argument holds; [] for plain parameters; 'unknown' when unreadable. */
function paramGroups(m: PyModule, e: Expr | undefined, scope: Scope, depth = 0): ParamGroup[] | 'unknown' {
  if (!e || depth > 4) return 'unknown';
  if (e.k === 'call') {
    const name = calleeShortName(e);
    if (name === 'parameters' || name === 'named_parameters') return [];
    if ((name === 'filter' || name === 'list') && e.args.length) return paramGroups(m, e.args[e.args.length - 1], scope, depth + 1);
    // the groups a helper of the file returns (`get_optimizer_params(model, lr, weight_decay=CFG.weight_decay)`,
    // Kaggle's DeBERTa notebooks; review 131)
    const f = m.projectCallee(e, scope);
    if (!f || f.scope.module !== m) return 'unknown';
    const returns = m.returns(f);
    if (!returns.length) return 'unknown';
    const out: ParamGroup[] = [];
    for (const r of returns) {
      const g = paramGroups(m, r, f.scope, depth + 1);
      if (g === 'unknown') return 'unknown';
      out.push(...g);
    }
    return out;
  }
  if (e.k === 'other' && isComprehension(e.node)) return e.parts[0]?.k === 'dict' ? 'unknown' : [];
  // `list(model.parameters()) + list(predictor.parameters())`: the groups of both parts (OGB's link prediction; review 132)
  if (e.k === 'binop' && e.op === '+') {
    const left = paramGroups(m, e.left, scope, depth + 1);
    const right = left === 'unknown' ? 'unknown' : paramGroups(m, e.right, scope, depth + 1);
    return left === 'unknown' || right === 'unknown' ? 'unknown' : [...left, ...right];
  }
  if (e.k === 'seq') {
    const dicts: ParamGroup[] = [];
    for (const it of e.items) {
      if (it.k !== 'dict' || it.entries.some((en) => !en.key)) return 'unknown';
      dicts.push({ dict: it, scope });
    }
    return dicts;
  }
  if (e.k === 'name' || e.k === 'attr') {
    const r = m.resolve(e, scope);
    if (!r || r.expr === e) return 'unknown';
    return paramGroups(r.scope.module, r.expr, r.scope, depth + 1);
  }
  return 'unknown';
}

/**
 * Names of weight decay, or of an L2 penalty added to the loss by hand: `weight_decay`, `wd`, `l2_reg`, `l2_lambda`,
 * `lambda_l2`, `l2_emb` (SASRec's penalty on its embeddings), `l2_penalty`, `l2_weight`.
 */
const DECAY_NAME = /^(weight_?decay|wd|l2_?(reg\w*|lambda|lam|penalty|emb\w*|weight|coef\w*|decay|norm_weight)|(lambda|lam|reg)_?l2)$/i;

/**
 * Whether the file sets weight decay in some way the analysis does not follow: a key (`group["weight_decay"] = …`, a
 * dict of settings), or a name, attribute, keyword or parameter called so — decay applied by hand after each step
 * (`do_weight_decay(model, wd)`, as MixMatch and FixMatch do), an L2 penalty added to the loss
 * (`loss += args.l2_emb * torch.norm(p)`), a setting passed on to a builder.
 */
export const mentionsWeightDecay = perModule((m: PyModule): boolean => {
  let found = false;
  // the optimizers' own `weight_decay=` is read where they are built (`weightDecayOf`)
  const inBuilds = new Set<Expr>();
  for (const o of optimizerBuilds(m)) walkExpr(o.site.call, (x) => inBuilds.add(x));
  const look = (e: Expr): void =>
    walkExpr(e, (x) => {
      if (found) return;
      if (x.k === 'str') found = x.value === 'weight_decay' || x.value === 'wd';
      else if (inBuilds.has(x)) return;
      else if (x.k === 'name') found = DECAY_NAME.test(x.id);
      else if (x.k === 'attr') found = DECAY_NAME.test(x.attr);
      else if (x.k === 'call') found = x.kwargs.some((k) => k.name !== undefined && DECAY_NAME.test(k.name));
    });
  allStatements(m.stmts, (s) => {
    if (found) return;
    if (s.k === 'def') found = s.params.some((p) => DECAY_NAME.test(p.name));
    for (const e of stmtExprs(s)) look(e);
  });
  if (found) return true;
  // an L2 penalty by its shape, here or in a class of the project the file builds (NGCF's `create_bpr_loss` in NGCF.py)
  if (squaredNorms(m.stmts)) return true;
  const classes = new Set<ClassInfo>();
  for (const site of m.callSites) {
    const ref = m.siteClass(site);
    if (ref?.kind === 'local' && ref.cls.module !== m) classes.add(ref.cls);
  }
  return [...classes].some((c) => squaredNorms(c.stmt.body.stmts));
});

/** The power of a weight penalty's norm: 2 (L2), 3 (N3). */
function penaltyPower(e: Expr | undefined): boolean {
  return e?.k === 'num' && (e.value === 2 || e.value === 3);
}

/**
 * A squared norm, as an L2 penalty on weights or embeddings is written: `torch.norm(u) ** 2`, `w.norm(2) ** 2`,
 * `x.norm().pow(2)`; or a cubed one, the N3 penalty of knowledge-graph embeddings (`emb.norm(p=3) ** 3`, RotatE's
 * and ComplEx-N3's `--regularization`). Not a squared difference (`(pred - y) ** 2` is a loss).
 */
function squaredNorms(stmts: Stmt[]): boolean {
  // (of weights, not of gradients: `p.grad.norm() ** 2` sums a gradient norm for clipping or logging)
  const isNorm = (e: Expr): boolean => e.k === 'call' && calleeShortName(e) === 'norm' && !wordsOf(e).includes('grad');
  let found = false;
  allStatements(stmts, (st) => {
    if (found) return;
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        if (found) return;
        if (x.k === 'binop' && x.op === '**' && isNorm(x.left) && penaltyPower(x.right)) found = true;
        else if (x.k === 'call' && x.fn.k === 'attr' && x.fn.attr === 'pow' && isNorm(x.fn.obj) && penaltyPower(x.args[0])) found = true;
      });
  });
  return found;
}

// ------------------------------------------------------------------ early stopping and best checkpoints

export interface EarlyStoppingFact {
  span: Span;
  kind: 'callback' | 'checkpoint' | 'loop';
  what: string;
  /** For callbacks: the patience, when it is known (from the call, or the default of a project class). */
  patience?: { value: number; span: Span };
  /**
   * Hand-written, on what is not a validation metric: a training metric (`if train_acc > best_train_acc:`), or a
   * count (`if iter_num > max_iters:`). Not evidence of early stopping on validation; the rules that leave a file with
   * any stopping rule alone still do.
   */
  notValidation?: true;
  /**
   * Hand-written, on a metric of the test split: the comparison names it (`if test_acc > best_acc:`), or the function it
   * is in evaluates the test split and no validation split (pytorch-cifar's `test(epoch)` over `testloader`). Picks the
   * model on the test set; set with `notValidation`.
   */
  onTest?: true;
  /**
   * Hand-written, on a score named for validation but computed on the training data (`val_loss = run_epoch(train_loader,
   * False)` then `if val_loss < best_loss:`): keeps the best of the training loss; set with `notValidation`.
   */
  onTrainingData?: true;
  /** Written by hand in the file's own code (`if val_loss < best: torch.save(…)`, a patience counter), not a library's. */
  handWritten?: true;
  /**
   * Hand-written under a switch a configuration key turns on, whose default is off: `if self.mnt_mode != "off":` with
   * `self.monitor = cfg_trainer.get("monitor", "off")` (pytorch-template's trainer). The key, `monitor`: it holds only in
   * a project whose configuration files set that key to something other than `off`.
   */
  needsConfig?: string;
}

const STOP_WORDS = new Set(['patience', 'improve', 'improved', 'improvement', 'stale', 'early', 'stop', 'stopping', 'plateau', 'best', 'bad', 'wait', 'since']);
const METRIC_WORDS = new Set(['best', 'val', 'vali', 'valid', 'validation', 'loss', 'acc', 'accuracy', 'metric', 'score', 'f1', 'auc', 'min', 'max']);
const SAVE_CALLS = new Set(['save', 'save_checkpoint', 'save_pretrained', 'save_model', 'save_state_dict', 'save_weights']);
/** Whether a copy's paths say it copies a checkpoint (`model_best.pth.tar`, `best_ckpt`), not a log or a picture. */
function checkpointCopy(text: string): boolean {
  return /best|ckpt|checkpoint|\.pth|\.pt\b|\.bin\b|weights|model/i.test(text) && !/\.(txt|log|json|csv|ya?ml|png|jpe?g|html)\b/i.test(text);
}

/** Early stopping and best-checkpoint saving on a validation metric. */
export const earlyStopping = perModule((m: PyModule): EarlyStoppingFact[] => {
  const out: EarlyStoppingFact[] = [];
  // stopping helpers of the file fed the test split's or the training's score: the best they keep is not a
  // validation split's (`early_stopping(test_loss, model)`, `es.early_stop(current_loss=np.mean(train_loss))`)
  const fed = new Map<string, { cls: ClassInfo; split: 'test' | 'train' }>();
  for (const s of m.callSites) {
    const ref = m.siteClass(s);
    if (ref?.kind !== 'local' || !STOPPER_CLASS.test(ref.cls.name)) continue;
    const f = fedSplit(m, s);
    if (f) fed.set(f.key, { cls: ref.cls, split: f.split });
  }
  /** The helper a call builds or calls (`EarlyStopper(…)` assigned to a judged name, `es.early_stop(…)`, `early_stopping(…)`). */
  const fedHelper = (s: CallSite): { split: 'test' | 'train' } | undefined => {
    const st = s.stmt;
    const ref = m.siteClass(s);
    if (ref?.kind === 'local' && STOPPER_CLASS.test(ref.cls.name))
      return st.k === 'assign' && st.value === s.call && st.targets.length === 1 ? fed.get(objectKey(st.targets[0]) ?? '') : undefined;
    return helperCalled(s.call.fn, fed);
  };
  const flagsOf = (split: 'test' | 'train'): Partial<EarlyStoppingFact> =>
    split === 'test' ? { handWritten: true, notValidation: true, onTest: true } : { handWritten: true, notValidation: true };
  const reportedFeed = new Set<object>();
  for (const s of m.callSites) {
    const name = calleeShortName(s.call) ?? '';
    const q = siteQName(m, s) ?? '';
    // a callback class of the project deriving from the library's (`class DelayedEvalCheckpoint(ModelCheckpoint)`)
    const ref = m.siteClass(s);
    const derives = (base: RegExp): boolean => ref?.kind === 'local' && ref.cls.module.derivesFrom(ref.cls, (b) => base.test(b));
    const helper = fedHelper(s);
    if (helper) {
      // (once, at the first call that feeds it, not at its construction)
      const split = helper.split;
      if (!reportedFeed.has(helper) && s.call.args.length + s.call.kwargs.length > 0 && !(s.stmt.k === 'assign' && s.stmt.value === s.call && ref?.kind === 'local')) {
        reportedFeed.add(helper);
        out.push({ span: s.call, kind: 'callback', what: `${name} fed the ${split === 'test' ? 'test split' : 'training'}'s score`, ...flagsOf(split) });
      }
    } else if (/^early_?stop/i.test(name) || /EarlyStopping(Callback)?$/.test(q) || derives(/(^|\.)EarlyStopping(Callback)?$/)) {
      out.push({ span: s.call, kind: 'callback', what: name || lastSegment(q), patience: patienceOf(m, s) });
    } else if ((name === 'ModelCheckpoint' || /\.ModelCheckpoint$/.test(q) || derives(/(^|\.)ModelCheckpoint$/)) && (monitorSet(m, s) || constValue(m, kwarg(s.call, 'save_best_only')?.value, s.scope) === 'True')) {
      // (on the training loss it keeps the best fit of the training data, not the model that generalises best)
      const monitor = kwarg(s.call, 'monitor')?.value;
      const onTraining = monitor?.k === 'str' && /train/i.test(monitor.value);
      out.push({ span: s.call, kind: 'checkpoint', what: `${name === 'ModelCheckpoint' ? name : `${name} (a ModelCheckpoint)`} on a monitored metric`, ...(onTraining ? { notValidation: true as const } : {}) });
    } else if (constValue(m, kwarg(s.call, 'load_best_model_at_end')?.value, s.scope) === 'True') {
      // (the Trainer evaluates on its `eval_dataset`: the test split's, `eval_dataset=ds["test"]` on IMDB, picks the
      // model on the test set; rabbitredux, review 127)
      out.push({ span: kwarg(s.call, 'load_best_model_at_end') as Span, kind: 'checkpoint', what: 'load_best_model_at_end=True', ...(trainerEvaluatesOnTest(m) ? { notValidation: true, onTest: true } : {}) });
    }
  }
  // hand-written: `if bad_epochs >= patience: break` inside a loop; `if val_loss < best: torch.save(...)` anywhere
  // (in the epoch loop, or in the `test(epoch)` function it calls each epoch)
  const inLoop = new Map<Stmt, LoopInfo>();
  for (const loop of m.loops) walkStmts(loop.stmt.body.stmts, (x) => void inLoop.set(x, loop));
  allStatements(m.stmts, (x) => {
    if (x.k !== 'if') return;
    for (const [i, branch] of x.branches.entries()) {
      // (the `else` of `if valid_acc <= best_valid_acc: bad += 1 else: … torch.save(…)` keeps the best on the same
      // comparison; gcommands' run.py, review 121)
      const elseOf = !branch.test && i === 1 && x.branches.length === 2 ? x.branches[0].test : undefined;
      const b = elseOf ? { ...branch, test: elseOf } : branch;
      if (!b.test) continue;
      const words = wordsOf(b.test);
      const onTraining = (words.some((w) => w === 'train' || w === 'training') && !words.some((w) => VALIDATION_WORDS.has(w) || w === 'test')) || comparesBackwardLoss(m, b.test, x);
      // (a cap compared with a count, `count > self.stop_after` in a data prefetcher, is no stop on a metric either)
      const cap = comparesOrder(b.test) && words.every((w) => !(METRIC_WORDS.has(w) || STOP_WORDS.has(w)) || w === 'stop');
      const count = cap || !words.some((w) => (METRIC_WORDS.has(w) || STOP_WORDS.has(w)) && w !== 'min' && w !== 'max') || flagSetOnCount(m, b.test, x);
      const flag = onTraining || count ? { notValidation: true as const } : {};
      const loop = inLoop.get(x);
      if (loop && words.some((w) => STOP_WORDS.has(w)) && breaksOut(b.body.stmts)) {
        // (`if early_stopping.early_stop: break`, or `if stop: break` after `stop = es.early_stop(…)`, of a helper fed
        // the test split's or the training's score stops on that)
        const helper = fed.size ? stopsOnHelper(m, b.test, fed) : undefined;
        const data = !onTraining && !count && patienceOnTraining(m, loop, b.test);
        const test = !helper && !onTraining && !data && !count && patienceOnTest(m, loop, b.test) ? { notValidation: true as const, onTest: true as const } : undefined;
        const flagged = data ? { notValidation: true as const, onTrainingData: true as const } : flag;
        out.push({ span: b.test, kind: 'loop', what: 'a loop that stops when the validation metric stops improving', handWritten: true, ...(helper ? flagsOf(helper) : (test ?? flagged)) });
      }
      // (a save in a loop inside the branch is a training's own, under a flag: `if not val_only: for epoch in …: torch.save(…)`)
      // (nor a period with its switch, `if opt.val_intervals > 0 and epoch % opt.val_intervals == 0:`, CenterNet's
      // every-few-epochs save: no best is kept; review 118)
      else if (words.some((w) => METRIC_WORDS.has(w)) && !periodic(b.test) && !bestNeverKept(m, b.test, x) && !flagNeverSet(m, b.test, x) && (savesCheckpoint(m, b.body, 0, true) || flagsSave(m, b.body.stmts, x) || keepsWeights(m, b.body.stmts))) {
        // a best is kept by comparing a metric with it (`val_loss < best`): not a flag (`if save_best:`, `if
        // args.no_val:`), a missing loader (`elif valid_dataloader is None:`) or a period (`step % VAL_FREQ == 0`)
        const compares = comparesOrder(b.test) || keepsBest(m, b.test, x) || comparedFlag(m, b.test, x);
        const data = compares && !onTraining && !count && scoredOnTrainingData(m, b.test, x);
        const test = data ? { notValidation: true as const, onTrainingData: true as const } : compares && !onTraining && !count && onTestSplit(m, b.test, x) ? { notValidation: true as const, onTest: true as const } : undefined;
        const saved = savesCheckpoint(m, b.body, 0, true) || flagsSave(m, b.body.stmts, x);
        out.push({ span: b.test, kind: 'checkpoint', what: saved ? 'the best checkpoint saved on a validation metric' : 'the best weights kept on a validation metric', handWritten: true, ...(test ?? (compares ? flag : { notValidation: true as const })) });
      }
    }
  });
  // (the best the helper's own code keeps is on what it is fed)
  const inFed = (f: EarlyStoppingFact): boolean => f.handWritten === true && !f.notValidation && [...fed.values()].some(({ cls }) => cls.module === m && contains(cls.stmt, f.span));
  const switched = offSwitches(m);
  for (const f of out) {
    if (!f.handWritten || !switched.length) continue;
    // in the block, or on a flag the block alone sets (`if best: torch.save(…)` after `best = True` in the block)
    const within = (span: Span): string | undefined => switched.find((w) => contains(w.body, span))?.key;
    let key = within(f.span);
    const flag = f.span as Expr;
    if (!key && flag.k === 'name') {
      const sets = m.assignmentsOf(flag.id, scopeAt(m, flag)).filter((a) => !(a.via === 'assign' && a.value?.k === 'const' && a.value.value === 'False'));
      const keys = sets.map((a) => (a.via === 'assign' && a.target ? within(a.target) : undefined));
      if (keys.length && keys.every((k) => k !== undefined)) key = keys[0];
    }
    if (key) f.needsConfig = key;
  }
  return dedupe(out.filter((f) => !inFed(f)));
});

/**
 * Blocks that run only when a setting is not `"off"` (`if self.mnt_mode != "off":`, or the `else` of `if … == "off":`),
 * in a module that reads a configuration key defaulting to `"off"` (`cfg_trainer.get("monitor", "off")`): the key of
 * each block. A module with no such read has none (its switch comes from somewhere the analysis does not follow).
 */
function offSwitches(m: PyModule): { body: Span; key: string }[] {
  const keys: string[] = [];
  for (const s of m.callSites) {
    const c = s.call;
    const [k, d] = c.args;
    if (c.fn.k === 'attr' && c.fn.attr === 'get' && c.args.length === 2 && k.k === 'str' && d.k === 'str' && d.value === 'off') keys.push(k.value);
  }
  if (keys.length !== 1) return [];
  const isOff = (e: Expr | undefined): boolean => e?.k === 'str' && e.value === 'off';
  const out: { body: Span; key: string }[] = [];
  allStatements(m.stmts, (st) => {
    if (st.k !== 'if') return;
    const [first, second] = st.branches;
    const t = first.test;
    if (t?.k !== 'binop' || !(isOff(t.right) || isOff(t.left))) return;
    const body = t.op === '!=' ? first.body : t.op === '==' && second && !second.test ? second.body : undefined;
    if (body) out.push({ body, key: keys[0] });
  });
  return out;
}

/**
 * The comparisons a patience stop counts epochs without improvement on: every comparison in the loop whose branches
 * reset or count its counter (`if test_loss < best_loss: … epochs_no_improve = 0 else: epochs_no_improve += 1`).
 */
function patienceComparisons(loop: LoopInfo, stopTest: Expr): { test: Expr; at: Stmt }[] {
  const counters = new Set<string>();
  walkExpr(stopTest, (e) => e.k === 'name' && wordsOf(e).some((w) => STOP_WORDS.has(w)) && counters.add(e.id));
  if (!counters.size) return [];
  const sets = (stmts: Stmt[]): boolean => {
    let found = false;
    walkStmts(stmts, (st) => {
      const targets = st.k === 'assign' ? st.targets : st.k === 'augassign' ? [st.target] : [];
      for (const t of targets) walkExpr(t, (e) => e.k === 'name' && counters.has(e.id) && (found = true));
    });
    return found;
  };
  const out: { test: Expr; at: Stmt }[] = [];
  walkStmts(loop.stmt.body.stmts, (st) => {
    const first = st.k === 'if' ? st.branches[0]?.test : undefined;
    if (st.k === 'if' && first && comparesOrder(first) && st.branches.some((b) => sets(b.body.stmts))) out.push({ test: first, at: st });
  });
  return out;
}

/** Whether a patience stop counts epochs without improvement on the test split (`onTestSplit`) alone, and there is one. */
function patienceOnTest(m: PyModule, loop: LoopInfo, stopTest: Expr): boolean {
  const all = patienceComparisons(loop, stopTest);
  return all.length > 0 && all.every((c) => onTestSplit(m, c.test, c.at));
}

/** Whether a patience stop counts epochs without improvement on a score of the training data alone (`scoredOnTrainingData`). */
function patienceOnTraining(m: PyModule, loop: LoopInfo, stopTest: Expr): boolean {
  const all = patienceComparisons(loop, stopTest);
  return all.length > 0 && all.every((c) => scoredOnTrainingData(m, c.test, c.at));
}

const VALIDATION_WORDS = new Set(['val', 'vali', 'valid', 'validation', 'dev']);

/** A name of the training split's data: `train_loader`, `trainloader`, `X_train`, `training_set`. */
function namesTrainingData(id: string): boolean {
  const t = nameTokens(id);
  return t.some((x) => new RegExp(`^(train|training|trn)(${SPLIT_DATA})s?$`).test(x)) || (t.some((x) => /^(train|training|trn)$/.test(x)) && t.some((x) => DATA_WORD.test(x)));
}

/**
 * Whether the score a comparison orders was computed on the training data, whatever it is called: every compared name
 * that a call assigned (`val_loss, val_acc = run_model(net, train_loader, criterion, optimizer, False)`) was handed
 * the training split's data and nothing of a held-out split's (kefth's fashion-mnist, review 153).
 */
function scoredOnTrainingData(m: PyModule, test: Expr, at: Stmt): boolean {
  const scope = scopeAt(m, at);
  let training = 0;
  let other = 0;
  walkExpr(test, (e) => {
    if (e.k !== 'name') return;
    const a = m.reachingAssignment(e.id, scope, e.from);
    if (a?.via !== 'assign' || a.value?.k !== 'call') return;
    const names = [...a.value.args, ...a.value.kwargs.map((k) => k.value)].flatMap((x) => (x.k === 'name' ? [x.id] : x.k === 'attr' ? [x.attr] : []));
    if (names.some(namesTrainingData) && !names.some((n) => namesTestSplit(n) || namesValidationSplit(n) || roleOfName(n) === 'eval')) training++;
    else other++;
  });
  return training > 0 && other === 0;
}

/**
 * Whether a comparison that keeps a best is on the test split: its own names say so (`test_acc > best_acc`), or the
 * function around it names the test split and no validation split (`def test(epoch):` over `testloader`).
 */
function onTestSplit(m: PyModule, test: Expr, at: Stmt, depth = 0): boolean {
  const own = identifiersOf(test);
  if (own.some(namesValidationSplit)) return false;
  // a flag handed in by the callers, `def save_checkpoint(state, is_best): if is_best:` called with `is_best = prec1 >
  // best_prec1` after `prec1 = test()`: on the test split when every caller's flag is (network-slimming; review 146)
  if (test.k === 'name' && depth < 2) {
    const a = m.reachingAssignment(test.id, scopeAt(m, at), test.from);
    const fn = a?.via === 'param' && a.param ? m.functionOf(a.scope) : undefined;
    if (fn && a?.param) {
      const param = a.param;
      const passed = m.callersOf(fn).map((c) => ({ arg: argumentFor(fn, param, c.call), stmt: c.stmt }));
      if (passed.length && passed.every((p) => p.arg)) return passed.every((p) => onTestSplit(m, p.arg as Expr, p.stmt, depth + 1));
    }
  }
  // what the compared values were computed from, a few assignments back: the evaluation split's (`local_avg_score =
  // eval_metrics_object['roc_auc']`, computed from `eval_pred_logits` in a Hugging Face `compute_metrics`), not the test's
  const behind = namesBehind(m, test, scopeAt(m, test));
  if (behind.some((n) => namesValidationSplit(n) || /^eval_[a-z]/i.test(n)) && !behind.some(namesTestSplit)) return false;
  // (the split named closest to the score, the compared names themselves aside: `test_loss = eval_fn(valid_data_loader,
  // model)` scores the validation loader, whatever the score is called and whatever the loader's data was called when
  // `train_test_split` made it, `valid_dataset = EntityDataset(test_sentences)`; bert-entity-extraction, review 119)
  const closest = behind.find((n) => !own.includes(n) && (namesValidationSplit(n) || namesTestSplit(n)));
  if (closest && namesValidationSplit(closest)) return false;
  let fn: FunctionInfo | undefined;
  for (const f of m.functions) if (f.stmt.from <= at.from && at.to <= f.stmt.to && (!fn || f.stmt.from >= fn.stmt.from)) fn = f;
  // at module level, the comparison's own names and what it compares was assigned from (`acc = test(epoch)`)
  // (or what a flag compared, `is_best = test_loss < best_loss` then `if is_best:`; sgrvinod's SSD, review 135)
  if (!fn) return own.some(namesTestSplit) || comparesTestResult(m, test) || (test.k === 'name' && behind.some(namesTestSplit) && !behind.some(namesValidationSplit));
  // the data the function is handed says its split (`test_loader = DataLoader(VideoDataSet(subset="validation"))` handed
  // to `test_BMN(test_loader, …)`: the validation split, whatever the loader and the function are called; BMN, review 122)
  if (handedValidationSplit(m, fn)) return false;
  const devices = deviceNames(fn.stmt.body.stmts);
  // (nor is a value's name a validation split: `pred_val = np.argmax(…)`, `max_val`)
  const names: string[] = [fn.name, ...fn.stmt.params.map((p) => p.name), ...identifiersIn(fn.stmt.body.stmts)].filter((n) => !devices.has(n) && !/^(pred|preds|max|min|true|gt|ret|new|old|init|abs|mean|std|sum|cur|curr|raw|norm)_val$/i.test(n));
  // (nor is a period named for validation a split: `if iter_ % args.valid_freq == 0:` around a best kept on
  // `test(model, test_loader)`, Lottery Ticket's main.py; review 126)
  const period = (n: string): boolean => nameTokens(n).some((t) => /^(freq|frequency|interval|every|period)$/.test(t));
  // a validation split named around it (`test_acc = validate(val_loader, …)`, RepDistiller): not the test split
  if (names.some((n) => namesValidationSplit(n) && !period(n))) return false;
  return own.some(namesTestSplit) || names.some(namesTestSplit);
}

/**
 * Whether every caller of a function hands it data built from a string naming a validation split
 * (`VideoDataSet(subset="validation")`, `load_dataset(…, split="val")`, through a `DataLoader` and a name or two), and
 * none a string naming the test split.
 */
function handedValidationSplit(m: PyModule, fn: FunctionInfo): boolean {
  const callers = m.callersOf(fn);
  if (!callers.length) return false;
  let validation = 0;
  for (const site of callers) {
    const words: string[] = [];
    const collect = (e: Expr, scope: Scope, depth: number): void => {
      const r = e.k === 'name' ? m.resolve(e, scope) : undefined;
      const x = r?.expr ?? e;
      const xs = r?.scope ?? scope;
      if (x.k === 'str') words.push(x.value);
      else if (x.k === 'call' && depth < 3) for (const a of [...x.args, ...x.kwargs.map((k) => k.value)]) collect(a, xs, depth + 1);
    };
    for (const a of [...site.call.args, ...site.call.kwargs.map((k) => k.value)]) collect(a, site.scope, 0);
    const splits = words.filter((w) => /^[A-Za-z_]+$/.test(w));
    if (splits.some(namesTestSplit)) return false;
    if (splits.some(namesValidationSplit)) validation++;
  }
  return validation === callers.length;
}

/** A test that is, or is joined by `and` with, a period: `epoch % n == 0`. */
function periodic(test: Expr): boolean {
  if (test.k !== 'binop') return false;
  if (test.op === 'and') return periodic(test.left) || periodic(test.right);
  return (test.op === '==' || test.op === '!=') && [test.left, test.right].some((x) => x.k === 'binop' && x.op === '%');
}

/**
 * Whether a branch keeps a copy of the weights in memory: `best_ckpt_info = (epoch, loss, deepcopy(policy.state_dict()))`
 * (ACT, review 144), `best_model_wts = copy.deepcopy(model.state_dict())` (MoleDetector, review 141), `best = {k:
 * v.clone() for k, v in model.state_dict().items()}`: the best epoch's weights, to save or load after the loop.
 */
function keepsWeights(m: PyModule, branch: Stmt[]): boolean {
  let kept = false;
  for (const st of branch) {
    if (st.k !== 'assign' || !st.value) continue;
    let stateDict = false;
    let copied = false;
    // (the weights a name of the function holds: `state = self.model.state_dict()` before `copy_state(state)`, Demucs)
    const scope = scopeAt(m, st);
    const fromStateDict = (e: Expr): boolean => {
      if (e.k !== 'name') return false;
      const a = m.reachingAssignment(e.id, scope, st.from);
      return a?.via === 'assign' && a.value?.k === 'call' && lastName(a.value.fn) === 'state_dict';
    };
    walkExpr(st.value, (x) => {
      if (x.k !== 'call') return;
      const n = lastName(x.fn) ?? '';
      if (n === 'state_dict') stateDict = true;
      // (a copy by a helper of the project's, `states.copy_state(state)`, Demucs's, or `copy_weights(…)`)
      else if (n === 'deepcopy' || n === 'clone' || /^copy_(state|state_dict|weights|params|model)$/.test(n)) {
        copied = true;
        if (x.args.some(fromStateDict)) stateDict = true;
      }
    });
    if (stateDict && copied) kept = true;
  }
  return kept;
}

/**
 * Whether a branch sets a flag that a later `if` of its block saves a checkpoint under: `save_model = True` when the
 * score beats the best, then `if save_model: torch.save(…)` (pytorch-maml's train.py).
 */
function flagsSave(m: PyModule, branch: Stmt[], at: Stmt): boolean {
  const flags = new Set<string>();
  for (const st of branch) if (st.k === 'assign' && st.value?.k === 'const' && st.value.value === 'True') for (const t of st.targets) if (t.k === 'name') flags.add(t.id);
  if (!flags.size) return false;
  // (and reset when the score does not beat it, `else: save_model = False`: without that, once set it saves every epoch)
  let reset = false;
  allStatements(scopeAt(m, at).body, (st) => {
    if (st.k === 'assign' && st.value?.k === 'const' && st.value.value === 'False' && st.targets.some((t) => t.k === 'name' && flags.has(t.id))) reset = true;
  });
  const after = statementsAfter(scopeAt(m, at).body, at) ?? [];
  return reset && after.some((st) => st.k === 'if' && st.branches[0].test?.k === 'name' && flags.has(st.branches[0].test.id) && savesCheckpoint(m, st.branches[0].body, 0, true));
}

/**
 * Names the statements bind to a device (`weight_dev = param.device`, `dev = torch.device("cuda")`, `dev = "cuda:0"`, `"cuda"
 * if … else "cpu"`):
 * their `dev` is no development split.
 */
function deviceNames(stmts: Stmt[]): Set<string> {
  const out = new Set<string>();
  const device = (e: Expr): boolean =>
    (e.k === 'attr' && e.attr === 'device') ||
    (e.k === 'call' && lastName(e.fn) === 'device') ||
    (e.k === 'str' && /^(cuda|cpu|mps)(:\d+)?$/.test(e.value)) ||
    (e.k === 'other' && e.node === 'ConditionalExpression' && e.parts.some(device));
  allStatements(stmts, (st) => {
    if (st.k === 'assign' && st.value && device(st.value)) for (const t of st.targets) if (t.k === 'name') out.add(t.id);
  });
  return out;
}

/**
 * Whether a module-level comparison orders what an evaluation of the test split returned, and nothing of a validation
 * split: `acc = test(epoch)` or `acc = evaluate(net, testloader)` in the epoch loop, then `if acc > best_acc:`
 * (pytorch-cifar's best checkpoint, kept in the loop instead of in `test()`). The names of the assigned value count,
 * and those of the function it calls when it is one of the file (`def test(loader):` over `val_loader` is none).
 */
function comparesTestResult(m: PyModule, test: Expr): boolean {
  let onTest = false;
  let onValidation = false;
  walkExpr(test, (e) => {
    const names = e.k === 'name' ? evaluatedNames(m, e, m.scope) : undefined;
    if (names?.some(namesValidationSplit)) onValidation = true;
    else if (names?.some(namesTestSplit)) onTest = true;
  });
  return onTest && !onValidation;
}

/**
 * The names of what a name was assigned from when that is a call (`acc = test(epoch)`, `loss = evaluate(model,
 * test_loader)`): the call's own, and those of the function it calls when it is one of the file.
 */
function evaluatedNames(m: PyModule, e: Extract<Expr, { k: 'name' }>, scope: Scope): string[] | undefined {
  const a = m.reachingAssignment(e.id, scope, e.from);
  if (a?.via !== 'assign' || a.value?.k !== 'call') return undefined;
  const names = identifiersOf(a.value);
  const callee = m.localCallee(a.value, a.scope);
  if (callee) names.push(...callee.stmt.params.map((p) => p.name), ...identifiersIn(callee.stmt.body.stmts));
  return names;
}

/**
 * Whether every Hugging Face Trainer the file builds with an `eval_dataset` evaluates on the test split: its names
 * (`eval_dataset=ds["test"]`, `eval_dataset=test_ds`, or the value such a name was assigned) name the test split and
 * none a validation split.
 */
function trainerEvaluatesOnTest(m: PyModule): boolean {
  const evals = m.callSites.flatMap((s) => {
    const e = HF_TRAINER.test(canonical(siteQName(m, s) ?? '')) ? kwarg(s.call, 'eval_dataset')?.value : undefined;
    if (!e) return [];
    const r = e.k === 'name' ? m.resolve(e, s.scope) : undefined;
    const value = r && r.expr !== e ? r.expr : e;
    // only a split a dataset library defines, `load_dataset("imdb")["test"]` or `load_dataset(…, split="test")`: the
    // "test" part of a split the script makes (`ds["train"].train_test_split(test_size=0.1)["test"]`, alpaca-lora's
    // `val_data = train_val["test"]`; sklearn's `train_test_split` wrapped into a `DatasetDict`, review 139) is its
    // held-out validation split
    if (!libraryTestSplit(m, value, r?.scope ?? s.scope)) return [[]];
    return [[...identifiersOf(e), ...(value !== e ? identifiersOf(value) : [])]];
  });
  return evals.length > 0 && evals.every((names) => names.some(namesTestSplit) && !names.some(namesValidationSplit));
}

/** Whether a dataset is a split a dataset library defines: `load_dataset(…)[key]` or `load_dataset(…, split=…)`. */
function libraryTestSplit(m: PyModule, e: Expr, scope: Scope): boolean {
  const loaded = (x: Expr, sc: Scope): boolean => {
    const v = x.k === 'name' ? (m.resolve(x, sc)?.expr ?? x) : x;
    return v.k === 'call' && /^datasets\.(load\.)?load_dataset$/.test(canonical(m.qualify(v.fn, sc) ?? ''));
  };
  if (e.k === 'subscript') return loaded(e.obj, scope);
  return loaded(e, scope) && e.k === 'call' && !!kwarg(e, 'split');
}

/** The identifiers of the arguments of the call a name was assigned from (`vali(test_data, test_loader)`: its data). */
function evaluatedData(m: PyModule, e: Extract<Expr, { k: 'name' }>, scope: Scope): string[] {
  const a = m.reachingAssignment(e.id, scope, e.from);
  if (a?.via !== 'assign' || a.value?.k !== 'call') return [];
  return [...a.value.args, ...a.value.kwargs.map((k) => k.value)].flatMap(identifiersOf);
}

/**
 * Whether a stop tests a flag the code sets only when a count runs out (`if step == num_steps_to_finish:
 * should_stop = True`, then `if should_stop: break`): a step budget, no stop on a metric.
 */
function flagSetOnCount(m: PyModule, test: Expr, at: Stmt): boolean {
  const flag = test.k === 'name' ? test : test.k === 'unary' && test.arg.k === 'name' ? test.arg : undefined;
  if (!flag) return false;
  const fn = m.functionOf(scopeAt(m, at));
  const body = fn ? fn.stmt.body.stmts : m.stmts;
  let sets = 0;
  let onCount = 0;
  const visit = (stmts: Stmt[], cond: Expr | undefined): void => {
    for (const st of stmts) {
      if (st.k === 'assign' && st.value?.k === 'const' && st.value.value === 'True' && st.targets.some((t) => t.k === 'name' && t.id === flag.id)) {
        sets++;
        // (under a condition that names no metric and no stopping rule: `step == num_steps_to_finish`)
        if (cond && !wordsOf(cond).some((x) => METRIC_WORDS.has(x) || STOP_WORDS.has(x))) onCount++;
      }
      if (st.k === 'if') for (const br of st.branches) visit(br.body.stmts, br.test ?? cond);
      else forEachBlock(st, (blk) => visit(blk.stmts, cond));
    }
  };
  visit(body, undefined);
  return sets > 0 && onCount === sets;
}

/** A stopping helper of the project, by its class's name (`EarlyStopping`, `EarlyStopper`, `early_stopper`). */
const STOPPER_CLASS = /^early_?stop/i;

/**
 * What a stopping helper of the project is fed (`early_stopping = EarlyStopping(patience=7)`, then
 * `early_stopping(test_loss, model)` or `es.early_stop(current_loss=np.mean(train_loss))`): the test split's score,
 * or the training's, when every call on it gives one and none gives a validation split's (the first argument's names,
 * or those of the evaluation it was assigned from).
 */
function fedSplit(m: PyModule, site: CallSite): { key: string; split: 'test' | 'train' } | undefined {
  const st = site.stmt;
  if (st.k !== 'assign' || st.value !== site.call || st.targets.length !== 1) return undefined;
  const key = objectKey(st.targets[0]);
  if (!key) return undefined;
  const feeds = m.callSites.filter((c) => calledObjects(c.call.fn).includes(key) && c.call.args.length + c.call.kwargs.length > 0);
  if (!feeds.length) return undefined;
  const splits = feeds.map((c) => {
    const score = c.call.args[0] ?? c.call.kwargs[0].value;
    const names = identifiersOf(score);
    // (the data the score was computed on names its split before the evaluation's own name does: Informer's
    // `test_loss = self.vali(test_data, test_loader, criterion)` scores the test split; review 130)
    const own = [...names];
    const data: string[] = [];
    walkExpr(score, (x) => void (x.k === 'name' && data.push(...evaluatedData(m, x, c.scope))));
    if (!own.some(namesValidationSplit) && data.some(namesTestSplit) && !data.some(namesValidationSplit)) return 'test';
    walkExpr(score, (x) => void (x.k === 'name' && names.push(...(evaluatedNames(m, x, c.scope) ?? []))));
    if (names.some(namesValidationSplit)) return undefined;
    if (names.some(namesTestSplit)) return 'test';
    // fed in the batch loop that steps the optimizer: the training batch's loss (`check_early_stopping(loss.item())`
    // after `optimizer.step()`, accelerate's early-stopping example)
    const inner = c.loops[c.loops.length - 1];
    if (inner && m.callsInLoop(inner.stmt).some((x) => x.loops[x.loops.length - 1] === inner && gradCall(m, x)?.kind === 'step')) return 'train';
    return names.some((n) => roleOfName(n) === 'train') ? 'train' : undefined;
  });
  const first = splits[0];
  return first && splits.every((x) => x === first) ? { key, split: first } : undefined;
}

/**
 * The split of the helper a stop tests (`early_stopping.early_stop`, or a name assigned from a call on the helper,
 * `stop = es.early_stop(…)`), when it is one fed the test split's or the training's score.
 */
function stopsOnHelper(m: PyModule, test: Expr, fed: ReadonlyMap<string, { split: 'test' | 'train' }>): 'test' | 'train' | undefined {
  let split: 'test' | 'train' | undefined;
  walkExpr(test, (x) => {
    // (`early_stopping.early_stop`: an attribute of the helper)
    const f = x.k === 'attr' ? fed.get(objectKey(x.obj) ?? '') : undefined;
    if (f) split = f.split;
    if (x.k !== 'name') return;
    const a = m.reachingAssignment(x.id, scopeAt(m, x), x.from);
    const called = a?.via === 'assign' && a.value?.k === 'call' ? helperCalled(a.value.fn, fed) : undefined;
    if (called) split = called.split;
    // a flag set under a test that calls the helper (`if callback.check_early_stopping(loss.item()): stop = True`)
    for (const b of m.assignmentsOf(x.id, scopeAt(m, x))) {
      if (b.via !== 'assign' || b.value?.k !== 'const' || b.value.value !== 'True') continue;
      for (const c of conditionsAround(m, { from: b.from, to: b.from }))
        if (c)
          walkExpr(c, (y) => {
            const h = y.k === 'call' ? helperCalled(y.fn, fed) : undefined;
            if (h) split = h.split;
          });
    }
  });
  return split;
}

/** The objects a callee calls: itself (`early_stopping(…)`) and, for a method, its object (`es.early_stop(…)`). */
function calledObjects(fn: Expr): string[] {
  const keys = [objectKey(fn), fn.k === 'attr' ? objectKey(fn.obj) : undefined];
  return keys.filter((k): k is string => k !== undefined);
}

/** The stopping helper of `fed` a callee calls, if any. */
function helperCalled<T>(fn: Expr, fed: ReadonlyMap<string, T>): T | undefined {
  for (const k of calledObjects(fn)) {
    const f = fed.get(k);
    if (f) return f;
  }
  return undefined;
}

/**
 * Tests that check a running best rather than order two values: a flag named for it (`if is_best:`, `if best:`, set
 * by a comparison somewhere), or an equality with a best, a running maximum or minimum (`best_fitness == fi`,
 * `max_accuracy == acc1` after `max_accuracy = max(max_accuracy, acc1)`, `cur_loss == losses[-1]` after `cur_loss =
 * min(…)`).
 */
function keepsBest(m: PyModule, test: Expr, at: Stmt): boolean {
  const bestWord = (e: Expr): boolean => wordsOf(e).some((w) => w === 'best' || w === 'max' || w === 'min');
  // (`if is_best and 'state_dict' in states:`)
  const operands = (e: Expr): Expr[] => (e.k === 'binop' && e.op === 'and' ? [...operands(e.left), ...operands(e.right)] : [e]);
  if (operands(test).some((o) => (o.k === 'name' || o.k === 'attr') && bestWord(o))) return true;
  let found = false;
  walkExpr(test, (x) => {
    if (found || x.k !== 'binop' || x.op !== '==') return;
    found = [x.left, x.right].some((side) => {
      if (bestWord(side)) return true;
      if (side.k !== 'name') return false;
      const a = m.reachingAssignment(side.id, scopeAt(m, at), side.from);
      return a?.via === 'assign' && !!a.value && comparesOrder(a.value);
    });
  });
  return found;
}

/**
 * Whether a comparison with a best is made against a name the code never updates: `if eval_score > best_eval_score:`
 * with `best_eval_score = 0` its only binding, so every epoch that scores above it saves (bottom-up-attention-vqa,
 * review 142). Not when the name is a parameter, a global a function writes, or bound anywhere else.
 */
function bestNeverKept(m: PyModule, test: Expr, at: Stmt): boolean {
  if (test.k !== 'binop' || !/^(<|>|<=|>=)$/.test(test.op)) return false;
  const scope = scopeAt(m, at);
  return [test.left, test.right].some((side) => {
    if (side.k !== 'name' || !wordsOf(side).includes('best')) return false;
    const all = m.assignmentsOf(side.id, scope);
    if (all.length !== 1 || all[0].via !== 'assign' || all[0].value?.k !== 'num' && !(all[0].value?.k === 'unary' && all[0].value.arg.k === 'num') && !(all[0].value?.k === 'call' && /^(float|int)$/.test(lastName(all[0].value.fn) ?? ''))) return false;
    // (nor written by a function through `global` or `nonlocal`, nor in another scope under the same name)
    return !m.functions.some((f) => f.scope.assigns.has(side.id));
  });
}

/**
 * Whether a comparison keeps the best of the loss the code trains on: a name it compares (or that the flag it tests
 * was computed from, `is_best = loss < best_loss`) has `backward()` called on it in the same function, `if loss.item() <
 * best_loss:` after `loss.backward()` (a PINN's checkpoint on its training loss; review 148).
 */
function comparesBackwardLoss(m: PyModule, test: Expr, at: Stmt): boolean {
  const scope = scopeAt(m, at);
  // (the value compared is the one backpropagated: the same assignment reaches both, not a validation `loss` of the
  // same name computed after the training steps, EfficientDet's)
  const compared = new Map<string, Assignment | undefined>();
  const collect = (e: Expr): void =>
    walkExpr(e, (x) => {
      if (x.k === 'name' && !wordsOf(x).includes('best')) compared.set(x.id, m.reachingAssignment(x.id, scope, x.from));
    });
  collect(test);
  if (test.k === 'name') {
    const a = m.reachingAssignment(test.id, scope, test.from);
    if (a?.via === 'assign' && a.value && comparesOrder(a.value)) collect(a.value);
  }
  if (!compared.size) return false;
  return m.callsIn(scope).some((s) => {
    const obj = s.call.fn.k === 'attr' && s.call.fn.attr === 'backward' ? s.call.fn.obj : undefined;
    if (obj?.k !== 'name' || !compared.has(obj.id)) return false;
    const reaching = compared.get(obj.id);
    return !!reaching && m.reachingAssignment(obj.id, scope, obj.from) === reaching;
  });
}

/**
 * Whether a flag is a parameter every caller of its function passes `False` (or `None`, `0`) for: `if is_best:` in a
 * `save_checkpoint(state, is_best)` only ever called with `False` (pytorch_stacked_hourglass; review 147).
 */
function flagNeverSet(m: PyModule, test: Expr, at: Stmt): boolean {
  if (test.k !== 'name') return false;
  const a = m.reachingAssignment(test.id, scopeAt(m, at), test.from);
  const fn = a?.via === 'param' && a.param ? m.functionOf(a.scope) : undefined;
  if (!fn || !a?.param) return false;
  const param = a.param;
  const callers = m.callersOf(fn);
  const off = (e: Expr | undefined): boolean => !!e && ((e.k === 'const' && (e.value === 'False' || e.value === 'None')) || (e.k === 'num' && e.value === 0));
  return callers.length > 0 && callers.every((c) => !c.call.star && off(argumentFor(fn, param, c.call) ?? param.default));
}

/** `is_best = val_acc > best_acc` then `if is_best:`: a name the file sets from an ordering, in the test's scope. */
function comparedFlag(m: PyModule, test: Expr, at: Stmt | Span, depth = 0): boolean {
  if (test.k !== 'name' || depth > 3) return false;
  const scope = scopeAt(m, at);
  const a = m.reachingAssignment(test.id, scope, test.from);
  if (a?.via === 'assign') return !!a.value && comparesOrder(a.value);
  // `def save_checkpoint(state, is_best):` called with `acc > best_acc` or a name set so
  const fn = a?.via === 'param' ? m.functionOf(a.scope) : undefined;
  if (!fn || !a?.param) return false;
  const param = a.param;
  return m.callersOf(fn).some((site) => {
    const arg = argumentFor(fn, param, site.call);
    return !!arg && (comparesOrder(arg) || comparedFlag(m, arg, arg, depth + 1));
  });
}

/** Whether a test orders two values (`<`, `>`, `<=`, `>=`, also inside `and`/`or`/`not` and `max(…) == x`). */
function comparesOrder(test: Expr): boolean {
  let found = false;
  walkExpr(test, (x) => {
    if (x.k === 'binop' && (x.op === '<' || x.op === '>' || x.op === '<=' || x.op === '>=')) found = true;
    // `acc == max(accs)`, `best_acc == acc` after `best_acc = max(best_acc, acc)`
    else if (x.k === 'call' && x.fn.k === 'name' && (x.fn.id === 'max' || x.fn.id === 'min')) found = true;
  });
  return found;
}

/**
 * Model selection on a validation metric without a checkpoint: `if val_acc > best_val_acc:` whose body records
 * the best value or what goes with it (`best_val_acc = val_acc`, `test_acc = tmp_test_acc`, `best_epoch = epoch`), so
 * the result reported is the best validation epoch's, not the last one's (PyG's examples); or the best validation epoch picked after the loop from
 * the scores kept each epoch (`np.argmax(valid_curve)`, OGB's examples). Not early stopping, but the recipe's point of it.
 */
export const selectsOnValidation = perModule((m: PyModule): boolean => {
  let found = false;
  allStatements(m.stmts, (x) => {
    if (found || x.k !== 'if') return;
    for (const b of x.branches) {
      if (!b.test) continue;
      const words = wordsOf(b.test);
      if (!words.includes('best') || !words.some((w) => VALIDATION_WORDS.has(w))) continue;
      const tested = new Set<string>();
      walkExpr(b.test, (e) => {
        if (e.k === 'name') tested.add(e.id);
      });
      // (or only the best score itself, `best_acc = val_acc`: the score of the best validation epoch, as `max(val_accs)`)
      const records = b.body.stmts.some((st) => st.k === 'assign' && st.targets.some((t) => t.k === 'name'));
      if (records) found = true;
    }
  });
  if (found) return true;
  // after the loop, the epoch with the best validation score picked from the scores kept each epoch (OGB's examples:
  // `best_val_epoch = np.argmax(np.array(valid_curve))`, then `test_curve[best_val_epoch]`; `val_accs.index(max(val_accs))`),
  // or its score (`max(accuracies["eval"])`, the Hopfield layers' experiments, whose eval split is held out of training)
  const namesValidation = (e: Expr): boolean => wordsOf(e).some((w) => VALIDATION_WORDS.has(w));
  const namesHeldOutScores = (e: Expr): boolean => wordsOf(e).some((w) => VALIDATION_WORDS.has(w) || w === 'eval');
  allStatements(m.stmts, (x) => {
    if (found) return;
    for (const e of stmtExprs(x))
      walkExpr(e, (c) => {
        if (found || c.k !== 'call') return;
        const name = calleeShortName(c) ?? '';
        const of = c.fn.k === 'attr' ? [c.fn.obj, ...c.args] : c.args;
        if (/^(nan)?arg(max|min)$/.test(name) && of.some(namesValidation)) found = true;
        else if (/^(nan|a)?(max|min)$/.test(name) && (c.fn.k === 'name' || /^(numpy|torch)\.\w+$/.test(m.qualify(c.fn, m.scope) ?? '')) && c.args.length === 1 && !c.kwargs.length && namesHeldOutScores(c.args[0])) found = true;
        else if (name === 'index' && c.fn.k === 'attr' && namesValidation(c.fn.obj) && c.args[0]?.k === 'call' && /^(max|min)$/.test(calleeShortName(c.args[0]) ?? '')) found = true;
      });
  });
  if (found) return true;
  // the row of the best epoch picked by one column of the scores kept each epoch and another column read at it: OGB's
  // Logger, `argmax = result[:, 1].argmax()` then `result[argmax, 2]` (the test score at the best validation epoch),
  // in this file or in a method of a project class this file calls (`logger.print_statistics(run)`)
  if (picksRowByColumn(m, m.stmts)) return true;
  if (m.callSites.some((site) => {
    const method = siteInstanceMethod(m, site);
    if (!method) return false;
    let picks = rowPickers.get(method);
    if (picks === undefined) rowPickers.set(method, (picks = picksRowByColumn(method.scope.module, method.stmt.body.stmts)));
    return picks;
  })) return true;
  // a running best of a validation score (`max_accuracy = max(max_accuracy, val_acc)`), or of what an evaluation over
  // validation data returns (`test_stats = evaluate(data_loader_val, …)`, then `max(max_accuracy, test_stats["acc1"])`:
  // DeiT's and MAE's fine-tuning loops)
  return callSitesNamed(m, 'max', 'min').some((site) => {
    const c = site.call;
    const st = site.stmt;
    if (c.fn.k !== 'name' || c.args.length !== 2 || st.k !== 'assign' || st.value !== c) return false;
    const t = st.targets.length === 1 && st.targets[0].k === 'name' ? st.targets[0].id : undefined;
    const kept = c.args.findIndex((a) => a.k === 'name' && a.id === t);
    if (!t || kept < 0) return false;
    const v = c.args[1 - kept];
    if (namesHeldOutScores(v)) return true;
    let root = v;
    while (root.k === 'subscript' || root.k === 'attr') root = root.obj;
    if (root.k !== 'name') return false;
    const a = m.reachingAssignment(root.id, site.scope, root.from);
    return a?.via === 'assign' && a.value?.k === 'call' && [...a.value.args, ...a.value.kwargs.map((k) => k.value)].some(namesValidation);
  });
});

/** Per method of a project class: whether it picks a row by a column (`picksRowByColumn`). */
const rowPickers = new WeakMap<FunctionInfo, boolean>();

/**
 * `result[best, 2]` where `best` is the best row of another column of `result` (`best = result[:, 1].argmax().item()`,
 * or the call itself as the index): a table of scores kept per epoch, one epoch picked by one score, another read there.
 */
function picksRowByColumn(m: PyModule, stmts: Stmt[]): boolean {
  // the column a call picks the best row of: `result[:, 1].argmax()`, `.argmax().item()`, `torch.argmax(result[:, 1])`
  const bestOf = (e: Expr | undefined): { table: string; column: number } | undefined => {
    if (e?.k === 'call' && e.fn.k === 'attr' && e.fn.attr === 'item' && !e.args.length) e = e.fn.obj;
    if (e?.k !== 'call' || !/^(nan)?arg(max|min)$/.test(calleeShortName(e) ?? '')) return undefined;
    const col = e.fn.k === 'attr' && e.fn.obj.k === 'subscript' ? e.fn.obj : e.args[0];
    if (col?.k !== 'subscript' || !col.slice || col.obj.k !== 'name' || col.index.length !== 1 || col.index[0].k !== 'num') return undefined;
    // (`[:, 1]`, a column; not `[1:]`, rows)
    if (m.text.slice(col.obj.to, col.index[0].from).replace(/\s/g, '') !== '[:,') return undefined;
    return { table: col.obj.id, column: col.index[0].value };
  };
  const picked = new Map<string, { table: string; column: number }>();
  let found = false;
  allStatements(stmts, (st) => {
    if (st.k === 'assign' && st.targets.length === 1 && st.targets[0].k === 'name') {
      const b = bestOf(st.value);
      if (b) picked.set(st.targets[0].id, b);
    }
  });
  allStatements(stmts, (st) => {
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        if (found || x.k !== 'subscript' || x.slice || x.obj.k !== 'name' || x.index.length !== 2 || x.index[1].k !== 'num') return;
        const row = x.index[0];
        const b = row.k === 'name' ? picked.get(row.id) : bestOf(row);
        if (b && b.table === x.obj.id && b.column !== x.index[1].value) found = true;
      });
  });
  return found;
}

function dedupe(list: EarlyStoppingFact[]): EarlyStoppingFact[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const k = `${f.span.from}:${f.span.to}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const STOPPING_IDENTIFIER = /patience|early_?stop|earlystop|best_?(model|ckpt|checkpoint|weights|state|epoch)|save_?best|load_best|is_?best|best\.(pt|pth|ckpt|bin)$/i;

/**
 * The patience of a learning-rate scheduler that lowers the rate on a plateau, not of early stopping: timm's
 * `--patience-epochs` (DeiT, Swin: `patience_epochs`), and argparse help that speaks of the plateau scheduler.
 */
const SCHEDULER_PATIENCE = /^(--)?patience[-_]epochs$|plateau/i;
/** A scheduler that lowers the rate on a plateau: its `patience=` is the scheduler's (`ReduceLROnPlateau(opt, patience=5)`). */
const PLATEAU_SCHEDULER = /(ReduceLROnPlateau|PlateauLRScheduler)$/;

/**
 * Whether any identifier or string of the file speaks of early stopping or a best checkpoint (`patience = cfg.patience`).
 * The patience of a plateau scheduler (above) does not: it lowers the rate, it stops nothing.
 */
export const mentionsEarlyStopping = perModule((m: PyModule): boolean => {
  let found = false;
  const check = (s: string): void => {
    if (!found && STOPPING_IDENTIFIER.test(s) && !SCHEDULER_PATIENCE.test(s)) found = true;
  };
  allStatements(m.stmts, (s) => {
    if (s.k === 'def') {
      check(s.name);
      for (const p of s.params) check(p.name);
    } else if (s.k === 'class') check(s.name);
    for (const e of stmtExprs(s))
      walkExpr(e, (x) => {
        if (x.k === 'name') check(x.id);
        else if (x.k === 'attr') check(x.attr);
        else if (x.k === 'str' && x.value.length < 80) check(x.value);
        else if (x.k === 'call') {
          const plateau = PLATEAU_SCHEDULER.test(calleeShortName(x) ?? '');
          for (const k of x.kwargs) if (!(plateau && k.name === 'patience')) check(k.name);
        }
      });
  });
  return found;
});

/** A `break` that leaves the loop these statements are in (not one of a nested loop). */
function breaksOut(stmts: Stmt[]): boolean {
  for (const s of stmts) {
    if (s.k === 'break') return true;
    if (s.k === 'if' && s.branches.some((b) => breaksOut(b.body.stmts))) return true;
    if ((s.k === 'with' || s.k === 'try') && (s.k === 'with' ? breaksOut(s.body.stmts) : s.blocks.some((b) => breaksOut(b.stmts)))) return true;
  }
  return false;
}

/** Whether code saves a checkpoint: a save call, directly or in a function of the project it calls (`model_save(path)`). */
export function savesCheckpoint(m: PyModule, body: { from: number; to: number }, depth = 0, outsideLoops = false): boolean {
  return m.callsWithin(body.from, body.to).some((s) => {
    // (`outsideLoops`: not in a loop inside the body, which runs a training of its own rather than picking a checkpoint)
    if (outsideLoops && s.loops.some((l) => l.stmt.from >= body.from && l.stmt.to <= body.to)) return false;
    if (SAVE_CALLS.has(calleeShortName(s.call) ?? '')) return true;
    // a checkpoint file copied as the best one (`shutil.copyfile(filename, 'model_best.pth.tar')`, PyTorch's ImageNet
    // example and TSM; review 122)
    if (/^shutil\.(copyfile|copy2?|move)$/.test(siteQName(m, s) ?? '') && checkpointCopy(m.text.slice(s.call.from, s.call.to))) return true;
    // through helpers of this file or of another file of the project (`utils.save_on_master(checkpoint, path)`)
    const f = depth < 3 ? m.siteProjectCallee(s) : undefined;
    return !!f && savesCheckpoint(f.scope.module, f.stmt.body, depth + 1);
  });
}

function monitorSet(m: PyModule, s: CallSite): boolean {
  const mon = kwarg(s.call, 'monitor')?.value;
  return !!mon && constValue(m, mon, s.scope) !== 'None';
}

/** The patience of an early-stopping call: its argument, or the default of a project class's `__init__`. */
function patienceOf(m: PyModule, s: CallSite): { value: number; span: Span } | undefined {
  const arg = kwarg(s.call, 'patience') ?? kwarg(s.call, 'early_stopping_patience');
  if (arg) {
    const v = numberValue(m, arg.value, s.scope);
    return v === undefined ? undefined : { value: v, span: arg };
  }
  const ref = m.siteClass(s);
  if (ref?.kind === 'local') {
    const init = ref.cls.module.method(ref.cls, '__init__');
    const param = init?.stmt.params.find((p) => p.name === 'patience');
    if (!param) return undefined;
    const index = init ? init.stmt.params.indexOf(param) - 1 : -1;
    if (index >= 0 && s.call.args[index]) {
      const v = numberValue(m, s.call.args[index], s.scope);
      return v === undefined ? undefined : { value: v, span: s.call.args[index] };
    }
    if (param.default?.k === 'num') return { value: param.default.value, span: s.call };
  }
  return undefined;
}

// ------------------------------------------------------------------ library models and pretrained weights

export interface LibraryModel {
  site: CallSite;
  library: 'torchvision' | 'timm' | 'transformers' | 'torch.hub' | 'segmentation_models_pytorch';
  /** The model's name, for messages ("resnet50"). */
  name: string;
  pretrained: 'yes' | 'no' | 'unknown';
  /** The argument that says there are no weights (`weights=None`, `pretrained=False`), for fixes. */
  off?: { kwarg: string; span: Span; value: Span };
}

/** segmentation_models_pytorch's architectures and its factory. */
const SMP_MODEL = /^segmentation_models_pytorch\.(Unet|UnetPlusPlus|MAnet|Linknet|FPN|PSPNet|DeepLabV3|DeepLabV3Plus|PAN|UPerNet|Segformer|DPT|create_model)$/;
const TORCHVISION_NOT_MODELS = new Set(['get_model_weights', 'get_weight', 'list_models', 'get_model_builder']);
const TORCHVISION_SUBMODULES = new Set(['', 'detection', 'segmentation', 'video', 'quantization', 'optical_flow']);

/** A keyword argument of a model's call that says whether it loads weights (`pretrained=True`, `weights=None`). */
interface ModelFlag {
  kwarg: string;
  span: Span;
  value: Expr;
  c: ReturnType<typeof constValue>;
}

function modelFlag(m: PyModule, site: CallSite, k: string): ModelFlag | undefined {
  const kw = kwarg(site.call, k);
  return kw ? { kwarg: k, span: kw, value: kw.value, c: constValue(m, kw.value, site.scope) } : undefined;
}

/** Models built from torchvision, timm, Hugging Face transformers, torch.hub or segmentation_models_pytorch, and whether they load pretrained weights. */
export const libraryModels = perModule((m: PyModule): LibraryModel[] => {
  const out: LibraryModel[] = [];
  for (const site of m.callSites) {
    const call = site.call;
    const q = siteQName(m, site);
    if (!q) continue;
    const name = lastSegment(q);
    if (q.startsWith('torchvision.models.')) {
      const sub = q.slice('torchvision.models.'.length, q.length - name.length - 1);
      if (!TORCHVISION_SUBMODULES.has(sub) || !/^[a-z]/.test(name) || name.startsWith('_') || TORCHVISION_NOT_MODELS.has(name)) continue;
      const modelName = name === 'get_model' && call.args[0]?.k === 'str' ? call.args[0].value : name;
      const weights = modelFlag(m, site, 'weights');
      const legacy = modelFlag(m, site, 'pretrained');
      const backbone = modelFlag(m, site, 'weights_backbone');
      let pretrained: LibraryModel['pretrained'];
      let off: LibraryModel['off'];
      if (call.star) pretrained = 'unknown';
      else if (weights) {
        pretrained = weights.c === 'None' ? 'no' : isWeightsEnum(m, weights.value, site.scope) ? 'yes' : 'unknown';
        if (pretrained === 'no') off = weights;
      } else if (legacy) {
        pretrained = legacy.c === 'True' ? 'yes' : legacy.c === 'False' ? 'no' : 'unknown';
        if (pretrained === 'no') off = legacy;
      } else if (call.args.length > (name === 'get_model' ? 1 : 0)) {
        const c = constValue(m, call.args[name === 'get_model' ? 1 : 0], site.scope);
        pretrained = c === 'True' ? 'yes' : 'unknown';
      } else pretrained = 'no';
      // detection and segmentation models load an ImageNet backbone unless told not to
      if (pretrained === 'no' && (sub === 'detection' || sub === 'segmentation') && (!backbone || backbone.c !== 'None')) pretrained = 'yes';
      // a backbone's weights named (`weights_backbone=ResNet50_Weights.IMAGENET1K_V1`, also through `get_model`), or
      // given as a value the analysis cannot read (`weights_backbone=args.weights_backbone`): maybe pretrained
      else if (pretrained === 'no' && backbone && backbone.c !== 'None') pretrained = isWeightsEnum(m, backbone.value, site.scope) ? 'yes' : 'unknown';
      out.push({ site, library: 'torchvision', name: modelName, pretrained, off });
    } else if (/^timm(\.models(\._factory|\.factory)?)?\.create_model$/.test(q)) {
      const pre = modelFlag(m, site, 'pretrained');
      const positional = call.args[1];
      const modelName = call.args[0]?.k === 'str' ? call.args[0].value : 'timm model';
      let pretrained: LibraryModel['pretrained'];
      if (call.star || kwarg(call, 'checkpoint_path') || kwarg(call, 'pretrained_cfg_overlay')) pretrained = 'unknown';
      else if (pre) pretrained = pre.c === 'True' ? 'yes' : pre.c === 'False' ? 'no' : 'unknown';
      else if (positional) pretrained = constValue(m, positional, site.scope) === 'True' ? 'yes' : constValue(m, positional, site.scope) === 'False' ? 'no' : 'unknown';
      else pretrained = 'no';
      out.push({ site, library: 'timm', name: modelName, pretrained, off: pre && pretrained === 'no' ? pre : undefined });
    } else if (q.startsWith('transformers.') || q.startsWith('pytorch_pretrained_bert.') || q.startsWith('pytorch_transformers.')) {
      // (and Hugging Face's earlier package names, `pytorch_pretrained_bert` and `pytorch_transformers`; review 134)
      const parts = q.split('.');
      const method = parts[parts.length - 1];
      const cls = method === 'from_pretrained' || method === 'from_config' ? parts[parts.length - 2] : method;
      // models: `BertModel`, `GPT2LMHeadModel`, `BertForSequenceClassification`, `AutoModelForCausalLM`; not the
      // other classes named like them (`DataCollatorForSeq2Seq`, `Seq2SeqTrainer`, `ModelCard`)
      if (!/Model|For[A-Z]/.test(cls) || /Config$|Tokenizer|Processor|Output|Collator|Trainer|Arguments|Callback|Pipeline|ModelCard/.test(cls)) continue;
      if (method === 'from_pretrained') out.push({ site, library: 'transformers', name: call.args[0]?.k === 'str' ? call.args[0].value : cls, pretrained: 'yes' });
      // (the backbone a `BertPreTrainedModel` subclass declares from its config, `self.bert = BertModel(config)`, gets
      // the checkpoint's weights when the subclass is built with `from_pretrained`, as Hugging Face's own heads do)
      else if (method === 'from_config' || /^[A-Z]/.test(method)) out.push({ site, library: 'transformers', name: cls, pretrained: call.star || inPretrainedModel(m, site) ? 'unknown' : 'no' });
    } else if (SMP_MODEL.test(q)) {
      // segmentation_models_pytorch's architectures load an ImageNet encoder unless told not to (`encoder_weights`
      // defaults to "imagenet"; `encoder_weights=None` trains from scratch; review 129)
      const w = kwarg(call, 'encoder_weights');
      const c = w ? constValue(m, w.value, site.scope) : undefined;
      const text = w ? (m.resolve(w.value, site.scope)?.expr ?? w.value) : undefined;
      const pretrained: LibraryModel['pretrained'] = call.star && !w ? 'unknown' : !w ? 'yes' : c === 'None' ? 'no' : text?.k === 'str' ? 'yes' : 'unknown';
      const arch = name === 'create_model' ? (call.args[0]?.k === 'str' ? call.args[0].value : 'smp model') : name;
      out.push({ site, library: 'segmentation_models_pytorch', name: arch, pretrained, off: pretrained === 'no' && w ? { kwarg: 'encoder_weights', span: w, value: w.value } : undefined });
    } else if (q === 'torch.hub.load') {
      const entry = call.args[1] ?? kwarg(call, 'model')?.value;
      const repo = call.args[0] ?? kwarg(call, 'repo_or_dir')?.value;
      // (a loss fetched from the hub is no model: `criterion = torch.hub.load("adeelh/pytorch-multi-class-focal-loss",
      // model="focal_loss", …)`, MoleDetector; review 141)
      const target = site.stmt.k === 'assign' && site.stmt.value === call ? site.stmt.targets.flatMap((t) => wordsOf(t)) : [];
      const loss = [entry, repo].some((x) => x?.k === 'str' && /loss/i.test(x.value)) || target.some((w) => w === 'loss' || w === 'criterion');
      if (loss) continue;
      const pre = modelFlag(m, site, 'pretrained') ?? modelFlag(m, site, 'weights');
      const pretrained = pre ? (pre.c === 'False' || pre.c === 'None' ? 'no' : 'yes') : 'unknown';
      out.push({ site, library: 'torch.hub', name: entry?.k === 'str' ? entry.value : 'hub model', pretrained });
    }
  }
  return out;
});

/** `ResNet50_Weights.DEFAULT`, `"IMAGENET1K_V2"`, `"DEFAULT"`: a torchvision weights value. */
function isWeightsEnum(m: PyModule, e: Expr, scope: Scope): boolean {
  const v = m.resolve(e, scope)?.expr ?? e;
  if (v.k === 'str') return true;
  if (v.k === 'attr') {
    const q = m.qualify(v, scope);
    return (q !== undefined && q.startsWith('torchvision.models.')) || /_Weights$/.test(v.obj.k === 'name' ? v.obj.id : v.obj.k === 'attr' ? v.obj.attr : '');
  }
  if (v.k === 'call') return /get_weight$/.test(m.qualify(v.fn, scope) ?? '');
  return false;
}

/** Whether the file loads weights from a checkpoint somewhere (so a model built without weights may still get some). */
export const loadsCheckpoint = perModule((m: PyModule): boolean =>
  m.callSites.some((s) => {
    const name = calleeShortName(s.call);
    // (`model.load_from(np.load(path))`: ViT-pytorch's pretrained weights; also `weights=`, TransUNet)
    return name === 'load_state_dict' || name === 'load_from_checkpoint' || name === 'load_checkpoint' || (name === 'load_from' && (s.call.args.length > 0 || s.call.kwargs.length > 0)) || siteQName(m, s) === 'torch.load';
  }),
);

// ------------------------------------------------------------------ hyper-parameter search

export interface SearchFact {
  span: Span;
  tool: string;
  method: 'random' | 'grid' | 'bayesian' | 'unknown';
}

const HPARAM_NAMES = /^(lr|learning_rate|wd|weight_decay|dropout|drop_rate|batch_size|momentum|hidden_size|hidden_dim|num_layers|n_layers|warmup_steps|label_smoothing)$/i;
const RANDOM_DRAWS = new Set(['uniform', 'loguniform', 'log_uniform', 'choice', 'randint', 'sample']);
/** A search space of a tool that picks the values itself (`hp.loguniform('lr', …)` for hyperopt's TPE): not a draw. */
const SEARCH_SPACES = /^(hyperopt|optuna|skopt|nevergrad|ax)\./;

/** Hyper-parameter searches: optuna, Ray Tune, W&B sweeps, scikit-learn searches, hyperopt, keras-tuner, hand-written loops. */
export const hyperparameterSearches = perModule((m: PyModule): SearchFact[] => {
  const out: SearchFact[] = [];
  const usesGrid = m.callSites.some((s) => /^ray\.tune(\.search)?\.grid_search$/.test(siteQName(m, s) ?? ''));
  for (const s of m.callSites) {
    const q = siteQName(m, s);
    if (!q) continue;
    const at = (tool: string, method: SearchFact['method']): void => void out.push({ span: s.call, tool, method });
    if (q === 'optuna.create_study') {
      const sampler = kwarg(s.call, 'sampler')?.value;
      const sq = sampler?.k === 'call' ? calleeQName(m, sampler, s.scope) ?? '' : '';
      at('optuna', /RandomSampler$/.test(sq) ? 'random' : /GridSampler$/.test(sq) ? 'grid' : 'bayesian');
    } else if (/^ray\.tune(\.tune)?\.(run|Tuner)$/.test(q)) {
      const searchAlg = kwarg(s.call, 'search_alg') ?? kwarg(s.call, 'tune_config');
      at('Ray Tune', searchAlg ? 'unknown' : usesGrid ? 'grid' : 'random');
    } else if (q === 'wandb.sweep') {
      const cfg = s.call.args[0] ?? kwarg(s.call, 'sweep')?.value;
      const dict = cfg ? m.resolve(cfg, s.scope)?.expr : undefined;
      const method = dict?.k === 'dict' ? dict.entries.find((e) => e.key?.k === 'str' && e.key.value === 'method')?.value : undefined;
      const mv = method?.k === 'str' ? method.value : '';
      at('W&B sweep', mv === 'random' ? 'random' : mv === 'grid' ? 'grid' : mv === 'bayes' ? 'bayesian' : 'unknown');
    } else if (/^sklearn\.model_selection\.(Halving)?(Grid|Randomized)SearchCV$/.test(q)) at('scikit-learn', /Grid/.test(q) ? 'grid' : 'random');
    else if (q === 'skopt.BayesSearchCV' || q === 'skopt.gp_minimize') at('scikit-optimize', 'bayesian');
    else if (q === 'hyperopt.fmin') {
      const algo = kwarg(s.call, 'algo')?.value;
      at('hyperopt', algo && /rand/.test(m.qualify(algo, s.scope) ?? '') ? 'random' : 'bayesian');
    } else if (/^(keras_tuner|kerastuner)(\.tuners)?\.(RandomSearch|BayesianOptimization|Hyperband|GridSearch)$/.test(q)) {
      at('keras-tuner', /RandomSearch$/.test(q) ? 'random' : /GridSearch$/.test(q) ? 'grid' : 'bayesian');
    } else if (/^ax(\.service\.ax_client)?\.(AxClient|optimize)$/.test(q) || q.startsWith('nevergrad.optimizers.')) at(q.startsWith('ax') ? 'Ax' : 'nevergrad', 'bayesian');
  }
  // Hand-written random search: hyper-parameters drawn at random ({"lr": 10 ** rng.uniform(-5, -2)}, lr = random.choice([...]))
  const spaces = new Set<Expr>(m.callSites.filter((s) => SEARCH_SPACES.test(siteQName(m, s) ?? '')).map((s) => s.call));
  allStatements(m.stmts, (s) => {
    const draws = (e: Expr): boolean => {
      let found = false;
      walkExpr(e, (x) => {
        if (x.k === 'call' && RANDOM_DRAWS.has(calleeShortName(x) ?? '') && !spaces.has(x)) found = true;
      });
      return found;
    };
    const named: Span[] = [];
    if (s.k === 'assign' && s.value && s.targets.some((t) => t.k === 'name' && HPARAM_NAMES.test(t.id)) && draws(s.value)) named.push(s);
    for (const e of stmtExprs(s))
      walkExpr(e, (x) => {
        if (x.k === 'dict' && x.entries.filter((en) => en.key?.k === 'str' && HPARAM_NAMES.test(en.key.value) && draws(en.value)).length >= 1) named.push(x);
      });
    if (named.length) out.push({ span: named[0], tool: 'random search', method: 'random' });
  });
  // Hand-written grid: nested loops over lists of hyper-parameter values that train (facts-search)
  for (const g of gridLoops(m)) if (g.outer.stmt.k === 'for') out.push({ span: loopHeader(g.outer.stmt), tool: 'grid search', method: 'grid' });
  // one finding per search: tool calls inside the hand-written patterns' spans are the same search
  return out.filter((f, i) => !out.some((g, j) => j < i && g.span.from <= f.span.from && f.span.to <= g.span.to));
});

// ------------------------------------------------------------------ ensembles

/** Ensembles of checkpoints and weight averaging (SWA). */
export const ensembles = perModule((m: PyModule): { span: Span; what: string }[] => {
  const out: { span: Span; what: string }[] = [];
  for (const s of m.callSites) {
    const q = siteQName(m, s) ?? '';
    if (/^torch\.optim\.(swa_utils\.)?AveragedModel$/.test(q) || /StochasticWeightAveraging$/.test(q)) out.push({ span: s.call, what: 'weight averaging of checkpoints (SWA)' });
    else if (q === 'torch.func.stack_module_state' || q === 'functorch.combine_state_for_ensemble') out.push({ span: s.call, what: 'a vectorised ensemble of models' });
  }
  // several checkpoints loaded in a loop or comprehension, and predictions averaged in the same function
  const loads = m.callSites.filter((s) => {
    const name = calleeShortName(s.call);
    const loads = name === 'load_from_checkpoint' || name === 'load_state_dict' || name === 'from_pretrained' || siteQName(m, s) === 'torch.load';
    return loads && isRepeated(m, s) && !s.loops.some((l) => l.stmt.k === 'for' && wordsOf(l.stmt.iter).some((w) => w === 'loader' || w === 'batch' || w === 'epoch'));
  });
  for (const load of loads) {
    // an average over the models: along the first axis (`torch.stack(outs).mean(0)`, `np.mean(preds, axis=0)`), not a
    // metric's mean (`np.mean((p - t) ** 2)`, an RMSE)
    const averages = m.callsIn(load.scope).some((s) => {
      const q = siteQName(m, s) ?? '';
      const method = !q.startsWith('torch.') && !q.startsWith('numpy.') && calleeShortName(s.call) === 'mean';
      if (q !== 'torch.mean' && q !== 'numpy.mean' && !method) return false;
      const axis = argument(s.call, method ? 0 : 1, q === 'numpy.mean' ? 'axis' : 'dim') ?? kwarg(s.call, 'axis')?.value ?? kwarg(s.call, 'dim')?.value;
      return axis?.k === 'num' && axis.value === 0;
    });
    if (averages) {
      out.push({ span: load.call, what: 'an ensemble: several checkpoints loaded and their predictions averaged' });
      break;
    }
  }
  for (const c of m.classes) if (/ensemble/i.test(c.name)) out.push({ span: { from: c.stmt.nameFrom, to: c.stmt.nameTo }, what: `an ensemble class (${c.name})` });
  for (const f of m.functions) if (/ensemble/i.test(f.name)) out.push({ span: { from: f.stmt.nameFrom, to: f.stmt.nameTo }, what: `an ensemble function (${f.name})` });
  return out;
});

// ------------------------------------------------------------------ skeleton checks (stage 2)

/** Calls that only keep or report what a loop sees: list and dict methods, logging, printing, random draws. */
const BOOKKEEPING = new Set(['append', 'extend', 'insert', 'update', 'items', 'keys', 'values', 'print', 'len', 'range', 'enumerate', 'zip', 'format', 'add_scalar', 'add_scalars', 'log', 'log_dict', 'info', 'debug', 'write', 'set_description', 'set_postfix', 'str', 'int', 'float', 'round']);

function bookkeeping(m: PyModule, call: Expr, scope: Scope): boolean {
  if (call.k !== 'call') return false;
  const q = m.qualify(call.fn, scope) ?? '';
  return BOOKKEEPING.has(calleeShortName(call) ?? '') || q.startsWith('random.') || q.startsWith('numpy.random.');
}

const PATH_MODULES = /^(os|os\.path|pathlib|glob|shutil|re|json|posixpath|ntpath)\./;
const TEXT_METHODS = new Set(['join', 'split', 'rsplit', 'strip', 'rstrip', 'lstrip', 'replace', 'lower', 'upper', 'startswith', 'endswith', 'open', 'basename', 'dirname', 'splitext', 'exists']);

/** A call that builds a path or a piece of text (`os.path.join(root, each)`, `name.strip()`), not one that evaluates. */
function pathOrText(m: PyModule, call: Expr, scope: Scope): boolean {
  if (call.k !== 'call') return false;
  const q = m.qualify(call.fn, scope);
  if (q !== undefined) return PATH_MODULES.test(q) || q === 'open';
  return TEXT_METHODS.has(calleeShortName(call) ?? '');
}

/** `metrics.items()`, `.keys()`, `.values()`: a dict's entries, not data; also as a list (`list(obs.values())`). */
function dictView(e: Expr): boolean {
  if (e.k !== 'call') return false;
  if (e.fn.k === 'name' && /^(list|tuple|sorted)$/.test(e.fn.id) && e.args.length === 1) return dictView(e.args[0]);
  return e.fn.k === 'attr' && (e.fn.attr === 'items' || e.fn.attr === 'keys' || e.fn.attr === 'values') && e.args.length === 0;
}

/**
 * Whether statements leave their function or loop before the end: a `return` at any depth of blocks, or a `raise`
 * that is not under a condition (`else: raise ValueError('Invalid kd mode')` guards against a bad setting: the loop
 * goes on over every batch when the settings are right).
 */
function leavesEarly(stmts: Stmt[], conditional = false): boolean {
  return stmts.some((s) => {
    if (s.k === 'return' || (s.k === 'raise' && !conditional)) return true;
    if (s.k === 'if') return s.branches.some((b) => leavesEarly(b.body.stmts, true));
    if (s.k === 'with' || s.k === 'for' || s.k === 'while') return leavesEarly(s.body.stmts, conditional);
    return s.k === 'try' && s.blocks.some((b, i) => leavesEarly(b.stmts, conditional || i > 0));
  });
}

/** Names of lists of the run's helpers (`val_loggers`, `eval_callbacks`, `valid_metrics`, `val_hooks`): no data to evaluate on. */
const NOT_DATA_LISTS = /(^|_)(loggers|callbacks|hooks|writers|handlers|meters|metrics|monitors|reporters|schedulers|optimizers)$/i;

/**
 * Whether a loop's iterable is not a collection of data: a literal list of constants (`for w in [0.0, 0.5, 2.0]`,
 * task names), the keys of a dict it indexes (`for k in batch: batch[k]`), or the results an evaluation returned
 * (`name_values, perf = val_dataset.evaluate(…)`, then `for name_value in name_values`).
 */
function notData(m: PyModule, loop: Extract<Stmt, { k: 'for' }>, iter: Expr, scope: Scope): boolean {
  const v = m.resolve(iter, scope)?.expr ?? iter;
  if (v.k === 'seq' && v.items.every((x) => x.k === 'str' || x.k === 'num' || x.k === 'const')) return true;
  // the lines of a text file (`val_f = open(val_file)`, `f.readlines()`, `csv.reader(f)`): a label list read, no batches
  const readsText = (c: Expr): boolean => c.k === 'call' && (builtinCall(m, c, 'open', scope) || (c.fn.k === 'attr' && /^(readlines|read_text|splitlines)$/.test(c.fn.attr)) || /^(csv\.(reader|DictReader)|io\.open|codecs\.open)$/.test(m.calleeName(c, scope) ?? ''));
  if (readsText(v)) return true;
  // … also made into a list of its lines (`eval_lines = [l.rstrip() for l in codecs.open(scoref, 'r', 'utf8')]`: a
  // score file's lines; zhixiuye's NER, review 134)
  if (v.k === 'other' && isComprehension(v.node) && v.parts.slice(1).some(readsText)) return true;
  // a list of the run's helpers, not of batches: `for logger in self.val_loggers: logger.complete(**log_data)` (BERT4Rec)
  const last = lastName(iter);
  if (last && NOT_DATA_LISTS.test(last)) return true;
  // a list of callables, not of batches: `for valid_add_metric in self.valid_add_metrics: valid_add_metric(preds, targets)`
  if (loop.target.k === 'name') {
    const id = loop.target.id;
    let called = false;
    allStatements(loop.body.stmts, (st) => {
      for (const e of stmtExprs(st)) walkExpr(e, (x) => void (x.k === 'call' && x.fn.k === 'name' && x.fn.id === id && (called = true)));
    });
    if (called) return true;
  }
  if (loop.target.k === 'name') {
    const key = loop.target.id;
    const source = objectKey(iter);
    let indexes = false;
    allStatements(loop.body.stmts, (st) => {
      for (const e of stmtExprs(st))
        walkExpr(e, (x) => {
          if (x.k === 'subscript' && x.index.length === 1 && x.index[0].k === 'name' && x.index[0].id === key && source !== undefined && objectKey(x.obj) === source) indexes = true;
        });
    });
    if (indexes) return true;
  }
  if (iter.k === 'name') {
    const a = m.reachingAssignment(iter.id, scope, iter.from);
    const made = a?.via === 'assign' && a.value?.k === 'call' ? lastName(a.value.fn) : undefined;
    if (made && /^(evaluate|validate|evaluation|run_evaluation|run_validation|compute_metrics)$/.test(made)) return true;
  }
  return false;
}

/**
 * The call that runs a training loop's function over the held-out split in its evaluation mode: the loop's data is a
 * parameter, and a caller in the file hands it data named for the held-out split (`run(net, test_loader,
 * train=False)`) while switching the training off: a literal `False` or `None`, a string naming the split (`'val'`),
 * or fewer arguments than a call that hands it the training data (the optimizer left out).
 */
function evaluationCallOf(m: PyModule, iter: Expr, scope: Scope): CallExpr | undefined {
  if (iter.k !== 'name') return undefined;
  const a = m.reachingAssignment(iter.id, scope, iter.from);
  const fn = a?.via === 'param' ? m.functionOf(a.scope) : undefined;
  if (!fn || !a?.param) return undefined;
  const calls = m.callersOf(fn).map((site) => {
    const arg = argumentFor(fn, a.param!, site.call);
    return { site, role: arg && roleOfWords(dataWords(m, arg, site.scope, 1)) };
  });
  const argCount = (c: CallExpr): number => c.args.length + c.kwargs.length;
  const trainArgs = Math.max(-1, ...calls.filter((c) => c.role === 'train').map((c) => argCount(c.site.call)));
  const off = (e: Expr): boolean => (e.k === 'const' && (e.value === 'False' || e.value === 'None')) || (e.k === 'str' && roleOfName(e.value) === 'eval');
  return calls.find(({ site, role }) => role === 'eval' && ([...site.call.args, ...site.call.kwargs.map((k) => k.value)].some(off) || argCount(site.call) < trainArgs))?.site.call;
}

/** Methods of lists, dicts and sets: copying batches or items into a container evaluates nothing. */
function containerOp(call: CallExpr): boolean {
  return call.fn.k === 'attr' && /^(append|extend|insert|get|setdefault|update|add|pop|items|keys|values|copy)$/.test(call.fn.attr);
}

/**
 * Whether a loop writes or shows pictures and computes nothing to judge the model by (no score named in its body, no
 * comparison): a NeRF's `render_path` over the test poses, writing each frame to a PNG file.
 */
function loopRendersOnly(m: PyModule, loop: Extract<Stmt, { k: 'for' }>): boolean {
  return m.callsInLoop(loop).some((c) => RENDER_CALLS.test(lastName(c.call.fn) ?? '')) && !judgesModel(loop.body.stmts, true);
}

/** Whether a loop over `enumerate(…)` skips iterations by their index (`if idx % 10 != 0: continue`). */
function skipsByIndex(loop: Extract<Stmt, { k: 'for' }>): boolean {
  const t = loop.target;
  const counter = t.k === 'seq' && t.items[0]?.k === 'name' && loop.iter.k === 'call' && calleeShortName(loop.iter) === 'enumerate' ? t.items[0].id : undefined;
  if (!counter) return false;
  return loop.body.stmts.some((st) => st.k === 'if' && st.branches.length === 1 && st.branches[0].body.stmts.length === 1 && st.branches[0].body.stmts[0].k === 'continue' && !!st.branches[0].test && mentions(st.branches[0].test, counter));
}

/** Whether a loader is built with `drop_last=True` (through a name it is bound to). */
function dropsLast(m: PyModule, e: Expr, scope: Scope): boolean {
  const v = e.k === 'name' ? (m.resolve(e, scope) ?? { expr: e, scope }) : { expr: e, scope };
  return v.expr.k === 'call' && constValue(v.scope.module, kwarg(v.expr, 'drop_last')?.value, v.scope) === 'True';
}

/** Whether a `val_dataloader()` method of the file returns a loader that drops its last batch. */
function dropsLastValidationBatch(m: PyModule): boolean {
  return m.classes.some((c) => {
    const f = c.methods.get('val_dataloader');
    return !!f && m.returns(f).some((r) => dropsLast(m, r, f.scope));
  });
}

/** `judgesModel` over a whole module, once per version. */
const judgedInModule = perModule((m: PyModule): boolean => judgesModel(m.stmts, true));

/**
 * A model run on a whole held-out tensor at once, with gradients off, and judged (`test_preds = model(X_test)` then
 * `criterion(test_preds, y_test)` under `torch.no_grad()`): small tabular data, or a test set scored in one pass, is
 * rarely batched (reviews 150, 153). The tensor is named for a held-out split (`X_val`, `x_test`) or handed so by every
 * caller of the function; not bound by a loop (a batch), and not a slice of the split (`X_val[:64]`, `X_test =
 * X_test[:500]`).
 */
const wholeTensorEvaluations = perModule((m: PyModule): { span: Span; what: string }[] => {
  const out: { span: Span; what: string }[] = [];
  const heldOut = (id: string): boolean => roleOfName(id) === 'eval' && (namesTestSplit(id) || namesValidationSplit(id));
  for (const site of m.callSites) {
    const call = site.call;
    if (call.args.length !== 1 || call.kwargs.length || call.starred.length || call.star || call.args[0].k !== 'name') continue;
    const arg = call.args[0];
    if (!runsWithoutGrad(m, call, site.scope) || unreachable(m).has(site.stmt)) continue;
    const a = m.reachingAssignment(arg.id, site.scope, arg.from);
    if (!a || a.via === 'for' || a.via === 'with' || a.via === 'augassign') continue;
    // (the split itself, or a parameter every call of the function hands it: `reconstruction_errors(model, X_test)`)
    // (or a parameter named so that only other files pass, `def train(model, X_train, y_train, X_test, y_test, …)`)
    let held = heldOut(arg.id) ? arg.id : undefined;
    const fn = a.via === 'param' ? m.functionOf(a.scope) : undefined;
    const callers = fn ? m.callersOf(fn) : [];
    if (fn && a.param && callers.length) {
      const param = a.param;
      const passed = callers.map((c) => argumentFor(fn, param, c.call));
      held = passed.every((x) => x?.k === 'name' && heldOut(x.id)) ? [...new Set(passed.map((x) => (x?.k === 'name' ? x.id : '')))].join(', ') : undefined;
    }
    if (!held) continue;
    // (a slice of a split, kept under its name or another: `X_test = X_test[:500]`, `x_val = X_val[:64]`)
    const sliced = m.assignmentsOf(arg.id, a.scope).some((x) => {
      const value = x.via === 'assign' ? assignedValue(x) : undefined;
      return value?.k === 'subscript' && value.slice;
    });
    if (sliced || !(modelOf(m, call.fn, site.scope) || switchedParam(m, call.fn, site.scope))) continue;
    // (what it computes is judged from there on, `rmse = np.sqrt(mean_squared_error(y_test, preds))` after the `with`,
    // or handed back, `return ((model(X) - X) ** 2).mean(dim=1)`)
    if (site.stmt.k !== 'return' && !judgesModel([site.stmt, ...restOf(site.scope.body, site.stmt)], true)) continue;
    out.push({ span: call, what: `the model run on the whole of ${held} at once` });
  }
  return out;
});

/** The statements that run after a statement in a body: the rest of its own block, then of each block around it. */
function restOf(body: Stmt[], stmt: Stmt): Stmt[] {
  for (const [i, s] of body.entries()) {
    if (s === stmt) return body.slice(i + 1);
    if (s.k === 'def' || s.k === 'class' || !(s.from <= stmt.from && stmt.to <= s.to)) continue;
    let inner: Stmt[] | undefined;
    forEachBlock(s, (b) => void (inner ??= b.stmts.some((x) => x.from <= stmt.from && stmt.to <= x.to) ? restOf(b.stmts, stmt) : undefined));
    return [...(inner ?? []), ...body.slice(i + 1)];
  }
  return [];
}

/** A parameter the function switches to evaluation mode (`def evaluate(model, X_test, y_test): model.eval()`): a model, whoever passes it. */
function switchedParam(m: PyModule, e: Expr, scope: Scope): boolean {
  if (e.k !== 'name' || m.reachingAssignment(e.id, scope, e.from)?.via !== 'param') return false;
  return m.callsIn(scope).some((c) => c.call.fn.k === 'attr' && c.call.fn.attr === 'eval' && c.call.fn.obj.k === 'name' && c.call.fn.obj.id === e.id && !c.call.args.length);
}

/**
 * Whether something judges the model where a loop runs: in its body, or in the rest of its function (a metric of the
 * predictions gathered, `accuracy_score(labels, preds)` after the loop), or in the module for a loop at its top level.
 */
function judgedAround(m: PyModule, loop: LoopInfo): boolean {
  return judgesModel(loop.stmt.body.stmts, true) || judgedIn(m, loop.scope);
}

/** Whether the function of a scope judges the model, or hands what it computed back to its caller (the module for its top level). */
function judgedIn(m: PyModule, scope: Scope): boolean {
  const fn = m.functionOf(scope);
  if (!fn) return judgedInModule(m);
  // (or hands what it gathered back to its caller, which judges it: bert-sentiment's `return outputs`)
  return returnsValue(fn.stmt.body.stmts) || judgesModel(fn.stmt.body.stmts, true);
}

/** Whether statements return something other than None (nested functions' returns included). */
function returnsValue(stmts: Stmt[]): boolean {
  let returns = false;
  allStatements(stmts, (st) => void (returns ||= st.k === 'return' && !!st.value && !(st.value.k === 'const' && st.value.value === 'None')));
  return returns;
}

/**
 * Whether statements compute something to judge a model by: something added up (`+=`), a comparison, or a name of a
 * score (`loss`, `psnr`, `acc`; with `plurals`, also `psnrs`, `losses` of any score).
 */
function judgesModel(stmts: Stmt[], plurals: boolean): boolean {
  let judges = false;
  // (names only bound, not read: NeRF's `rgb, disp, acc, _ = render(…)`, whose `acc` is the accumulated opacity, never
  // used; review 125)
  const bound = new Set<Expr>();
  allStatements(stmts, (st) => {
    if (st.k === 'assign') for (const t of st.targets) walkExpr(t, (x) => void (x.k === 'name' && bound.add(x)));
  });
  allStatements(stmts, (st) => {
    if (st.k === 'augassign') judges = true;
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        if (bound.has(x)) return;
        // (a comparison with a number is a threshold, `torch.sigmoid(model(x)) > 0.5` making a mask to save, not a
        // judgement; review 129)
        if (x.k === 'binop' && /^(==|!=|<|>|<=|>=)$/.test(x.op) && x.left.k !== 'num' && x.right.k !== 'num') judges = true;
        else if ((x.k === 'name' || x.k === 'attr') && nameTokens(x.k === 'name' ? x.id : x.attr).some((t) => SCORE_WORDS.has(t) || (plurals && SCORE_WORDS.has(t.replace(/s$/, ''))))) judges = true;
      });
  });
  return judges;
}

/**
 * Whether a scope is an evaluation function (no backward pass) that some call of the file hands held-out data: kronfluence's
 * `evaluate_model(model, dataset)`, called on the training split for its loss and on the validation split (review 127).
 */
function someCallerHandsHeldOut(m: PyModule, scope: Scope): boolean {
  const fn = m.functionOf(scope);
  if (!fn || !isEvaluationFunction(fn) || runsBackward(fn)) return false;
  return m.callersOf(fn).some((site) => roleOfWords([...site.call.args, ...site.call.kwargs.map((k) => k.value)].flatMap((a) => (a.k === 'name' || a.k === 'attr' || a.k === 'subscript' ? wordsOf(a) : []))) === 'eval');
}

/**
 * Whether a loop's data is a parameter of an evaluation function (`def eval_fn(data_loader, model, device)`) that no
 * code of its file calls: its callers are in the other files of the project.
 */
function handedToEvaluation(m: PyModule, iter: Expr, scope: Scope): boolean {
  const fn = m.functionOf(scope);
  if (!fn || !isEvaluationFunction(fn) || runsBackward(fn) || m.callersOf(fn).length) return false;
  if (iter.k === 'name') return m.reachingAssignment(iter.id, scope, iter.from)?.via === 'param';
  // … or kept in `self` from a parameter of the constructor, when the file builds no object of the class: a federated
  // server's `self.dataloader`, handed in by the script (`Server(model, DataLoader(test_set))`; fedavg.pytorch, review 143)
  const cls = scope.cls;
  if (iter.k !== 'attr' || iter.obj.k !== 'name' || iter.obj.id !== 'self' || !cls) return false;
  const kept = m.attrAssignments(cls, iter.attr);
  if (!kept.length || !kept.every((a) => a.scope.name === '__init__' && a.value?.k === 'name' && a.scope.module.reachingAssignment(a.value.id, a.scope, a.value.from)?.via === 'param')) return false;
  // (not the data the class also trains on: a client's `self.dataloader`, trained on by `train()` and scored by `test()`)
  const attr = iter.attr;
  const same = (e: Expr): boolean => {
    let found = false;
    walkExpr(e, (x) => void (found ||= x.k === 'attr' && x.attr === attr && x.obj.k === 'name' && x.obj.id === 'self'));
    return found;
  };
  if (trainingLoops(m).some((l) => l.scope.cls === cls && l.stmt.k === 'for' && same(l.stmt.iter))) return false;
  return !m.callSites.some((s) => {
    const ref = m.siteClass(s);
    return ref?.kind === 'local' && ref.cls === cls;
  });
}

/** Tensor methods that move or reshape a batch without reading a part of it. */
const TENSOR_MOVES = new Set(['to', 'cuda', 'cpu', 'float', 'half', 'double', 'long', 'permute', 'unsqueeze', 'squeeze', 'view', 'reshape', 'contiguous', 'type']);
/** Calls that only convert, reshape or move a tensor (its moves, conversions and constructors): no model, loss or metric runs in them. */
const TENSOR_PLUMBING = new Set([...TENSOR_MOVES, 'int', 'bool', 'item', 'tolist', 'numpy', 'detach', 'clone', 'transpose', 'flatten', 'tensor', 'from_numpy', 'array', 'asarray', 'as_tensor', 'FloatTensor', 'LongTensor', 'Tensor', 'astype']);

/**
 * Whether a loop only runs the model over unlabelled inputs (a submission's predictions: `for pic in loader_test:
 * preds.append(model(pic).argmax(1))`): its target is one name that is never taken apart beyond its first part (no
 * `x, y = batch`, `batch[1]`, `batch["labels"]`, `batch.y`, `model(**batch)`), so there is no label to score against.
 */
function inferenceOnly(loop: Extract<Stmt, { k: 'for' }>): boolean {
  if (loop.target.k !== 'name') return false;
  const id = loop.target.id;
  const isT = (e: Expr): boolean => e.k === 'name' && e.id === id;
  let takenApart = false;
  allStatements(loop.body.stmts, (st) => {
    if (st.k === 'assign' && st.value && st.targets.some((t) => t.k === 'seq') && mentions(st.value, id)) takenApart = true;
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        // (`pic = pic[0]`: the input of a one-tensor batch, no label)
        if (x.k === 'subscript' && isT(x.obj) && !(x.index.length === 1 && x.index[0].k === 'num' && x.index[0].value === 0)) takenApart = true;
        else if (x.k === 'attr' && isT(x.obj) && !TENSOR_MOVES.has(x.attr)) takenApart = true;
        else if (x.k === 'call' && x.starred.some((a) => mentions(a, id))) takenApart = true;
      });
  });
  return !takenApart;
}

/**
 * The collection a range loop reads item by item: `for k in range(len(data))` indexing `data[k]` (`indexedOver`), or
 * `for k in range(0, n, batch_size)` reading slices that start at the loop's variable, `data[k:k + batch_size]`.
 */
function indexedItems(m: PyModule, loop: LoopInfo): Extract<Expr, { k: 'name' }> | undefined {
  const over = indexedOver(m, loop);
  if (over) return over.k === 'name' ? over : undefined;
  const s = loop.stmt;
  if (s.k !== 'for' || s.target.k !== 'name' || s.iter.k !== 'call' || s.iter.args.length !== 3 || s.iter.args[0].k !== 'num' || s.iter.args[0].value !== 0) return undefined;
  const k = s.target.id;
  let read: Extract<Expr, { k: 'name' }> | undefined;
  walkStmtExprs(s.body.stmts, (x) => {
    if (!read && x.k === 'subscript' && x.slice && x.obj.k === 'name' && x.index[0]?.k === 'name' && x.index[0].id === k) read = x.obj;
    // … or sliced by a helper handed the data and the index (`data, targets = get_batch(data_source, i)`, PyTorch's
    // word language model and AWD-LSTM; review 134)
    if (!read && x.k === 'call' && x.args.length === 2 && x.args[0].k === 'name' && x.args[1].k === 'name' && x.args[1].id === k) read = x.args[0];
  });
  return read;
}

/**
 * Whether a loop over unlabelled batches scores the model's output against the batch itself, as denoising and
 * reconstruction do (`imgn_val = img_val + noise`, `out_val = model(imgn_val)`, then `batch_PSNR(out_val, img_val)`):
 * a call handed both something made from the batch and something made from the model's output.
 */
function scoredAgainstItself(loop: Extract<Stmt, { k: 'for' }>): boolean {
  if (loop.target.k !== 'name') return false;
  // (names made from the batch, `imgn_val = img_val + noise`, and names made from the model's output)
  const fromInput = new Set([loop.target.id]);
  const fromModel = new Set<string>();
  const reads = (e: Expr, names: Set<string>): boolean => [...names].some((n) => mentions(e, n));
  let scored = false;
  walkStmts(loop.body.stmts, (st) => {
    if (st.k === 'assign' && st.value && st.targets.length === 1 && st.targets[0].k === 'name') {
      let model = reads(st.value, fromModel);
      walkExpr(st.value, (x) => {
        if (x.k === 'call' && x.fn.k === 'name' && /model|net/i.test(x.fn.id) && x.args.some((a) => reads(a, fromInput))) model = true;
      });
      if (model) fromModel.add(st.targets[0].id);
      else if (reads(st.value, fromInput)) fromInput.add(st.targets[0].id);
    }
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        if (x.k === 'call' && x.args.some((a) => a.k === 'name' && fromInput.has(a.id)) && x.args.some((a) => a.k === 'name' && fromModel.has(a.id))) scored = true;
      });
  });
  return scored;
}

/** Whether an expression reads the name `id` anywhere in it. */
export function mentions(e: Expr, id: string): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.k === 'name' && x.id === id) found = true;
  });
  return found;
}

/** Loops that run over a whole validation/test set: no break, not a training loop, over evaluation data. */
/**
 * The phase a loop over a dict of loaders runs for the held-out split (PyTorch's transfer-learning tutorial: `for phase
 * in ['train', 'val']:` around `for inputs, labels in dataloaders[phase]:`, training in one phase and evaluating in
 * the other): the split's name, when the loop iterates a subscript by the target of an enclosing loop over literal
 * strings, one of which names a held-out split.
 */
export function evalPhase(m: PyModule, loop: LoopInfo): string | undefined {
  const s = loop.stmt;
  if (s.k !== 'for') return undefined;
  let it = s.iter;
  while (it.k === 'call' && /^(tqdm|enumerate|iter)$/.test(calleeShortName(it) ?? '') && it.args[0]) it = it.args[0];
  if (it.k !== 'subscript' || it.index.length !== 1 || it.index[0].k !== 'name') return undefined;
  const phase = it.index[0].id;
  // (the loop over the phases is in the same function)
  for (const outer of m.loopsIn(loop.scope)) {
    const o = outer.stmt;
    if (o === s || o.k !== 'for' || o.target.k !== 'name' || o.target.id !== phase || !contains(o.body, s)) continue;
    if (o.iter.k !== 'seq' || !o.iter.items.length || !o.iter.items.every((x) => x.k === 'str')) return undefined;
    const names = o.iter.items.map((x) => (x.k === 'str' ? x.value : ''));
    return names.find((n) => roleOfName(n) === 'eval');
  }
  return undefined;
}

/**
 * The held-out array a `while` loop evaluates whole, batch by batch, by slicing it at an index (InsightFace's
 * `Learner.evaluate`; review 145): `while idx + bs <= len(carray): batch = carray[idx:idx + bs] … idx += bs`, then the
 * rest after the loop (`if idx < len(carray): batch = carray[idx:]`), or `while idx < len(carray):` alone; in an
 * evaluation function whose callers hand it held-out data (or data named for it), under no_grad or in eval mode.
 */
function slicedWhole(m: PyModule, loop: LoopInfo): string | undefined {
  const s = loop.stmt;
  if (s.k !== 'while' || breaksOut(s.body.stmts) || leavesEarly(s.body.stmts) || unreachable(m).has(s) || trainingLoopStmts(m).has(s)) return undefined;
  const t = s.test;
  if (t.k !== 'binop' || (t.op !== '<' && t.op !== '<=')) return undefined;
  const len = t.right;
  if (len.k !== 'call' || len.fn.k !== 'name' || len.fn.id !== 'len' || len.args.length !== 1 || len.args[0].k !== 'name') return undefined;
  const data = len.args[0].id;
  const index = t.left.k === 'name' ? t.left : t.left.k === 'binop' && t.left.op === '+' && t.left.left.k === 'name' ? t.left.left : undefined;
  if (!index || index.k !== 'name') return undefined;
  const idx = index.id;
  // `idx < len(x)` runs to the end; `idx + bs <= len(x)` stops before a partial batch, which the code after it must take
  if (t.left.k === 'binop' ? t.op !== '<=' : t.op !== '<') return undefined;
  let steps = false;
  let sliced = false;
  walkStmts(s.body.stmts, (st) => {
    if (st.k === 'augassign' && st.op === '+=' && st.target.k === 'name' && st.target.id === idx) steps = true;
    for (const e of stmtExprs(st)) walkExpr(e, (x) => void (sliced ||= x.k === 'subscript' && x.obj.k === 'name' && x.obj.id === data && !!x.slice && x.index.some((i) => mentions(i, idx))));
  });
  if (!steps || !sliced) return undefined;
  if (t.left.k === 'binop') {
    // (in the loop's own block, a `with torch.no_grad():` one too)
    const after = statementsAfter(loop.scope.body, s) ?? [];
    const rest = after.some((st) => st.k === 'if' && st.branches[0].test?.k === 'binop' && st.branches[0].test.op === '<' && mentions(st.branches[0].test, idx) && mentions(st.branches[0].test, data));
    if (!rest) return undefined;
  }
  // the model runs on the batches, and the data is held out: named so, or handed so by the evaluation function's callers
  if (!m.callsInLoop(s).some((c) => !bookkeeping(m, c.call, c.scope) && !containerOp(c.call))) return undefined;
  const held = roleOfName(data) === 'eval' || handedToEvaluation(m, len.args[0], loop.scope) || someCallerHandsHeldOut(m, loop.scope);
  return held ? data : undefined;
}

/**
 * Whether a loop overwrites a total it should add to: a name bound to a number before the loop (`total_mae = 0`),
 * assigned in the loop's body from an expression that does not read it, never added to there (`+=`), and read after
 * the loop (`return total_mae / len(loader.dataset)`).
 */
function overwritesTotal(m: PyModule, loop: LoopInfo): boolean {
  const s = loop.stmt;
  const inLoop = new Map<string, boolean>();
  walkStmts(s.body.stmts, (st) => {
    if (st.k === 'augassign' && st.target.k === 'name') inLoop.set(st.target.id, false);
    else if (st.k === 'assign' && st.value && st.targets.length === 1 && st.targets[0].k === 'name') {
      const id = st.targets[0].id;
      if (!mentions(st.value, id) && inLoop.get(id) !== false) inLoop.set(id, true);
      else inLoop.set(id, false);
    }
  });
  for (const [id, overwritten] of inLoop) {
    if (!overwritten) continue;
    const all = m.assignmentsOf(id, loop.scope);
    const started = all.some((a) => a.via === 'assign' && a.from < s.from && (a.value?.k === 'num' || (a.value?.k === 'call' && /^(float|int)$/.test(lastName(a.value.fn) ?? '') )));
    if (!started) continue;
    const after = (statementsAfter(loop.scope.body, s) ?? []).some((st) => stmtExprs(st).some((e) => mentions(e, id)));
    if (after) return true;
  }
  return false;
}

/**
 * Whether every running total a loop adds up (`val_loss += loss.item()`, started before the loop) is thrown away:
 * nothing reads it but its own updates (`val_loss = val_loss / (i + 1)` after the loop, then never used). What the
 * evaluation reports is something else, as Tacotron 2's `validate`, which averages the loss over the whole set and
 * then prints and logs `reduced_val_loss`, the last batch's (review 151).
 */
function totalThrownAway(m: PyModule, loop: LoopInfo): boolean {
  const s = loop.stmt;
  if (loop.scope.kind !== 'function') return false;
  const totals = new Set<string>();
  walkStmts(s.body.stmts, (st) => {
    if (st.k === 'augassign' && st.op === '+=' && st.target.k === 'name') totals.add(st.target.id);
  });
  if (!totals.size) return false;
  for (const id of totals) {
    if (!m.assignmentsOf(id, loop.scope).some((a) => a.via === 'assign' && a.from < s.from)) return false;
    let read = false;
    allStatements(loop.scope.body, (st) => {
      // (its own updates read it only to rebind it: `id = id / n`; and a `+=` is read for its value alone)
      if (read || (st.k === 'assign' && st.targets.length === 1 && st.targets[0].k === 'name' && st.targets[0].id === id)) return;
      for (const e of st.k === 'augassign' ? [st.value] : stmtExprs(st)) walkExpr(e, (x) => (read ||= x.k === 'name' && x.id === id));
    });
    if (read) return false;
  }
  return true;
}

/**
 * An evaluation loop that adds a per-batch value into a total nothing reads, and whose value after the loop is what
 * the code reports (`reduced_val_loss = loss.item()`, `val_loss += reduced_val_loss`, then `print(…,
 * reduced_val_loss)` after the loop: Tacotron 2's `validate`, the last batch's loss). `reads`: the value's reads after
 * the loop; `averaged`: the total is divided after the loop (`val_loss = val_loss / (i + 1)`), so it is the mean the
 * reads meant.
 */
export function lastBatchReported(m: PyModule, loop: LoopInfo): { total: string; value: string; reads: Expr[]; averaged: boolean } | undefined {
  const s = loop.stmt;
  if (s.k !== 'for' || !totalThrownAway(m, loop)) return undefined;
  const assignedInLoop = new Set<string>();
  const added: [string, string][] = [];
  walkStmts(s.body.stmts, (st) => {
    if (st.k === 'assign') for (const t of st.targets) if (t.k === 'name') assignedInLoop.add(t.id);
    if (st.k === 'augassign' && st.op === '+=' && st.target.k === 'name' && st.value.k === 'name') added.push([st.target.id, st.value.id]);
  });
  const after = (x: Span): boolean => x.from > s.to;
  for (const [total, value] of added) {
    if (!assignedInLoop.has(value)) continue;
    const reads: Expr[] = [];
    let averaged = false;
    let rebound = false;
    allStatements(loop.scope.body, (st) => {
      if (!after(st)) return;
      if (st.k === 'assign' && st.targets.some((t) => t.k === 'name' && t.id === value)) rebound = true;
      if (st.k === 'assign' && st.targets.length === 1 && st.targets[0].k === 'name' && st.targets[0].id === total && st.value?.k === 'binop' && st.value.op === '/' && mentions(st.value.left, total)) averaged = true;
      for (const e of stmtExprs(st)) walkExpr(e, (x) => x.k === 'name' && x.id === value && !(st.k === 'assign' && st.targets.includes(x)) && reads.push(x));
    });
    if (reads.length && !rebound) return { total, value, reads, averaged };
  }
  return undefined;
}

export const fullSetEvaluations = perModule((m: PyModule): { span: Span; what: string }[] => {
  const out: { span: Span; what: string }[] = [];
  const training = new Set(trainingLoops(m).map((l) => l.stmt));
  for (const loop of m.loops) {
    const s = loop.stmt;
    if (s.k === 'while') {
      const data = slicedWhole(m, loop);
      if (data) out.push({ span: loopHeader(s), what: `a loop over every batch of ${data}, sliced by its index` });
      continue;
    }
    // (a loop that returns from its first batch is a benchmark or a peek, not a pass over the set)
    if (s.k !== 'for' || breaksOut(s.body.stmts) || leavesEarly(s.body.stmts) || unreachable(m).has(s)) continue;
    // a loop over `dataloaders[phase]` that trains in one phase and evaluates in the other
    const phase = evalPhase(m, loop);
    if (phase) {
      out.push({ span: loopHeader(s), what: `a loop over every batch of ${m.text.slice(s.iter.from, s.iter.to)} (its '${phase}' phase)` });
      continue;
    }
    const iter = unwrapIter(m, s.iter, loop.scope);
    if (!iter) continue;
    // a helper shared by training and evaluation, `run(net, loader, optimizer=None, train=True)`, that the file also
    // calls on the held-out split in its evaluation mode (`run(net, test_loader, train=False)`)
    const evalCall = training.has(s) ? evaluationCallOf(m, iter, loop.scope) : undefined;
    if (evalCall) {
      if (!breaksOut(s.body.stmts) && !notData(m, s, iter, loop.scope))
        out.push({ span: loopHeader(s), what: `a loop over every batch of ${m.text.slice(iter.from, iter.to)}, which ${snippet(m.text, evalCall)} runs on the held-out split` });
      continue;
    }
    if (training.has(s)) continue;
    // every batch of a held-out loader drawn with `next()`: `for i in range(len(val_loader)): x = next(val_iter)` with
    // `val_iter = iter(val_loader)` (crnn.pytorch's layout with the whole loader; reviews 116, 121)
    const drawn = drawnFrom(m, loop);
    if (drawn) {
      const r = m.resolve(drawn.count, loop.scope);
      const c = r?.expr ?? drawn.count;
      const whole = c.k === 'call' && c.fn.k === 'name' && c.fn.id === 'len' && c.args.length === 1 && objectKey(c.args[0]) !== undefined && objectKey(c.args[0]) === objectKey(drawn.data);
      if (whole && loopRole(m, loop) === 'eval' && m.callsInLoop(s).some((x) => !bookkeeping(m, x.call, x.scope) && !containerOp(x.call)))
        out.push({ span: loopHeader(s), what: `a loop over every batch of ${m.text.slice(drawn.data.from, drawn.data.to)}, drawn with next()` });
      continue;
    }
    // every item of a held-out set by its index: `for k in range(len(dataset_val)): img_val = dataset_val[k]` (DnCNN)
    const indexed = isRangeCall(m, iter, loop.scope) ? indexedItems(m, loop) : undefined;
    if (indexed) {
      // (and runs a model on them: not `for k in range(len(test_preds)): rows.append(test_preds[k])`)
      if ((roleOfName(indexed.id) ?? roleOfWords(dataWords(m, indexed, loop.scope, 0))) === 'eval' && m.callsInLoop(s).some((c) => !bookkeeping(m, c.call, c.scope) && /model|net|predict|forward/i.test(lastName(c.call.fn) ?? '')))
        out.push({ span: loopHeader(s), what: `a loop over every item of ${indexed.id}, by its index` });
      continue;
    }
    // `for k in range(eval_iters): x, y = get_batch('val')` counts batches drawn at random (nanoGPT): not every batch
    if (isRangeCall(m, iter, loop.scope) || dictView(iter) || notData(m, s, iter, loop.scope) || (inferenceOnly(s) && !scoredAgainstItself(s))) continue;
    // (a loader's own name says its split first: `test_loader = DataLoader(…, Normalize(TRAIN_MEAN, TRAIN_STD))` is the
    // test split normalised by the training set's statistics)
    const role = (iter.k === 'name' && roleOfName(iter.id)) || roleOfWords(dataWords(m, iter, loop.scope, 0));
    // (an evaluation function of an engine module, `eval_fn(data_loader, model, device)`, whose callers are in the
    // training script: the loader it is handed is not named here, and it evaluates whatever it is handed whole)
    if (role !== 'eval' && !(role === undefined && (handedToEvaluation(m, iter, loop.scope) || someCallerHandsHeldOut(m, loop.scope)))) continue;
    // something is evaluated: not only the batches copied into lists or a dict (`test_data[user].append(item)`,
    // LightGCN's test dict), or metrics logged; nor only pictures rendered with no score (a NeRF's `render_path`)
    if (!m.callsInLoop(s).some((c) => !bookkeeping(m, c.call, c.scope) && !containerOp(c.call)) || loopRendersOnly(m, s)) continue;
    // (nor predictions gathered for a submission with nothing judged, in the loop or around it: `for img, img_filename
    // in test_dataloader:` then `to_csv('submission.csv')`; cassava-kqu7, review 131)
    if (!judgedAround(m, loop)) continue;
    // (nor one that skips batches by their index: `for idx, (x, y) in enumerate(val_iter): if idx % 10 != 0: continue`;
    // review 134)
    if (skipsByIndex(s)) continue;
    // (nor a loader that drops its last batch: `DataLoader(valid_ds, batch_size=8, drop_last=True)`)
    if (dropsLast(m, iter, loop.scope)) continue;
    // (nor a total started at 0 and overwritten by each batch, `total_mae = (out - y).abs().sum()` where `+=` was meant:
    // the score is the last batch's; PyG's qm9_dimenet, review 148)
    if (overwritesTotal(m, loop)) continue;
    // (nor one whose totals nothing reads: the average computed and thrown away, the last batch's loss reported)
    if (totalThrownAway(m, loop)) continue;
    out.push({ span: loopHeader(s), what: `a loop over every batch of ${m.text.slice(iter.from, iter.to)}` });
  }
  out.push(...wholeTensorEvaluations(m));
  /** A key that names a split itself: `loaders['valid']`, `data["test"]`, `splits['val_loader']`. */
  const SPLIT_KEY = /^(val|vali|valid|validation|dev|test|eval|heldout|holdout)(_?(loader|dataloader|data|set|dataset|ds|dl|iter))?$/i;
  // sum(criterion(model(x), y).item() for x, y in val_loader): a comprehension over the evaluation data (not over what
  // a loop around it makes on each of its iterations, the items of one batch: `val_labels_list =
  // decollate_batch(batch["label"])` then `[post_label(x) for x in val_labels_list]` in a validation loop)
  const perIteration = (it: Expr, scope: Scope): boolean => {
    let found = false;
    walkExpr(it, (x) => {
      if (found || x.k !== 'name') return;
      const a = m.reachingAssignment(x.id, scope, x.from);
      // (bound in the loop's body, or by the loop itself: `for batch in val_loader:`)
      if (a && a.via !== 'param') found = m.loops.some((l) => l.scope === scope && contains(l.stmt, { from: a.from, to: a.from }) && contains(l.stmt.body, it));
    });
    return found;
  };
  allStatements(m.stmts, (st) => {
    for (const e of stmtExprs(st))
      walkExpr(e, (x) => {
        if (x.k !== 'other' || !isComprehension(x.node) || x.parts.length < 2) return;
        // the element's call: itself, or the first call of an arithmetic on it (`criterion(model(xb), yb).item() * len(xb)`)
        const element = x.parts[0].k === 'binop' ? x.parts[0].left : x.parts[0];
        if (element.k !== 'call') return;
        const scope = scopeAt(m, x);
        if (bookkeeping(m, element, scope) || pathOrText(m, element, scope)) return;
        // (a function mapping itself over a structure's items, `[ensure_serializable(item) for item in obj]`)
        const fn = m.functionOf(scope);
        if (fn && element.fn.k === 'name' && element.fn.id === fn.name) return;
        // (the comprehension's own variables, which the element uses, are not the data: `[val.tolist() for val in …]`)
        const used = new Set<string>();
        walkExpr(x.parts[0], (n) => void (n.k === 'name' && used.add(n.id)));
        const variable = (p: Expr): boolean => (p.k === 'name' ? used.has(p.id) : p.k === 'seq' && p.items.length > 0 && p.items.every(variable));
        // (nor a conversion of each item, `[x.item() for x in is_valid_list]`: a method of the variable itself, with no
        // arguments, evaluates nothing; SwinUNETR's distributed gather, review 116)
        const converted = element.fn.k === 'attr' && element.fn.obj.k === 'name' && !element.args.length && !element.kwargs.length ? element.fn.obj.id : undefined;
        if (converted && x.parts.slice(1).some((p) => p.k === 'name' && p.id === converted)) return;
        // (nor items only reshaped into a batch, `torch.cat([d[0].unsqueeze(0) for d in data])`: learn2learn's MAML
        // stacking one sampled task; review 126)
        let plumbing = true;
        walkExpr(x.parts[0], (c) => void (c.k === 'call' && !TENSOR_PLUMBING.has(lastName(c.fn) ?? '') && (plumbing = false)));
        if (plumbing) return;
        // (nor objects built for each split, `[DataLoader(ds, batch_size=10) for ds in test_splits]`: a class called is
        // no evaluation; FedAvg's loaders, review 143)
        if (/^[A-Z]/.test(lastName(element.fn) ?? '')) return;
        const data = x.parts.slice(1).find((p) => {
          if (variable(p)) return false;
          // (a field of an item named by a string, `entry['valid_answers']`, is not a split unless the key names one,
          // `loaders['valid']`: VQA's answer words mapped to ids; review 142)
          if (p.k === 'subscript' && p.index.length === 1 && p.index[0].k === 'str' && !SPLIT_KEY.test(p.index[0].value)) return false;
          const it = unwrapIter(m, p, scope);
          return !!it && !isRangeCall(m, it, scope) && !dictView(it) && !perIteration(it, scope) && roleOfWords(dataWords(m, it, scope, 0)) === 'eval';
        });
        if (data) out.push({ span: x, what: `a pass over every batch of ${m.text.slice(data.from, data.to)}` });
      });
  });
  // full-batch training scores every node of the held-out split at once: `accuracy(output[idx_val], labels[idx_val])`
  if (fullBatchTraining(m)) {
    // (also inside the arguments, `evaluator.eval({'y_pred': y_pred[split_idx['valid']], …})`, or as the receiver,
    // `out[data.val_mask].argmax(-1) == data.y[data.val_mask]`: an accuracy or an OGB metric over the split; review 132)
    const heldOut = (e: Expr): boolean => {
      let found = false;
      walkExpr(e, (x) => void (found ||= indexedBySplit(x, 'eval')));
      return found;
    };
    const scored = m.callSites.find((s) => (s.call.args.some((a) => indexedBySplit(a, 'eval')) || [...s.call.args, ...s.call.kwargs.map((k) => k.value)].some((a) => a.k === 'dict' && heldOut(a)) || (s.call.fn.k === 'attr' && indexedBySplit(s.call.fn.obj, 'eval'))) && !bookkeeping(m, s.call, s.scope));
    if (scored) out.push({ span: scored.call, what: `every node of the held-out split at once, in full-batch training: ${snippet(m.text, scored.call)}` });
  }
  // Lightning runs validation_step over the whole validation set unless limit_val_batches says otherwise
  const limits = (key: string): boolean =>
    m.callSites.some((s) => {
      const lim = kwarg(s.call, key)?.value;
      return lim !== undefined && numberValue(m, lim, s.scope) !== 1;
    });
  const limited = limits('limit_val_batches');
  // (`trainer.test()` with `limit_test_batches=n`: n batches of the test set)
  const testLimited = limits('limit_test_batches');
  // the file's `fit` calls, when it has some, say whether validation runs at all (`fit(model, train_loader)` does not)
  const fits = trainerRuns(m).filter((r) => r.call.fn.k === 'attr' && r.call.fn.attr === 'fit');
  // (a validation loader that drops its last batch, `val_dataloader()` returning `DataLoader(…, drop_last=True)`,
  // leaves some of the set out; seti's baseline, review 131)
  if (!limited && !dropsLastValidationBatch(m)) {
    for (const c of fits.length && !fits.some((r) => fitValidates(m, r)) ? [] : lightningModules(m)) {
      const v = c.methods.get('validation_step');
      if (v) out.push({ span: { from: v.stmt.nameFrom, to: v.stmt.nameTo }, what: `${c.name}.validation_step (Lightning evaluates the whole validation set)` });
    }
    // validation data handed to `fit` for a model of a library (pytorch-forecasting's `TemporalFusionTransformer`),
    // whose `validation_step` is the library's (a class of the file speaks for itself above)
    for (const r of fits) {
      const model = r.call.args[0] ?? kwarg(r.call, 'model')?.value;
      const inst = model && m.instanceOf(model, r.scope);
      const val = kwarg(r.call, 'val_dataloaders')?.value ?? r.call.args[2];
      if (!val || !model || inst?.ref.kind === 'local') continue;
      out.push({ span: r.call, what: `trainer.fit(…) with validation data (Lightning evaluates the whole validation set)` });
    }
    for (const s of callSitesNamed(m, 'validate', 'test', 'evaluate')) {
      const fn = s.call.fn;
      if (fn.k !== 'attr' || (fn.attr === 'test' && testLimited)) continue;
      const inst = m.instanceOf(fn.obj, s.scope);
      const q = inst?.ref.kind === 'external' ? canonical(inst.ref.qname) : '';
      if (isLightningTrainer(q) || HF_TRAINER.test(q) || (fn.attr === 'evaluate' && hfTrainerSubclass(m, fn.obj, s.scope))) out.push({ span: s.call, what: `trainer.${fn.attr}() over the whole set` });
    }
    // a Hugging Face Trainer handed an `eval_dataset` with arguments that evaluate during training
    // (`eval_strategy="steps"`): it evaluates the whole eval_dataset each time (alpaca-lora; review 127)
    const periodic = periodicTrainerEvaluation(m);
    if (periodic) out.push({ span: periodic, what: `the Trainer evaluates its whole eval_dataset (${m.text.slice(periodic.from, periodic.to)})` });
  }
  return out;
});

/** Hugging Face's training arguments (`TrainingArguments`, `Seq2SeqTrainingArguments`) and trl's configs (`SFTConfig`). */
export const HF_TRAINING_ARGUMENTS = /(^transformers\.(\w+\.)*\w*TrainingArguments|^trl\.(\w+\.)*\w*Config)$/;

/**
 * The `eval_strategy` (or `evaluation_strategy`) of a file's Hugging Face training arguments that evaluates during
 * training (a string other than "no", or a conditional that may give one: `"steps" if val_set_size > 0 else "no"`),
 * when the file also builds a Trainer with an `eval_dataset`.
 */
function periodicTrainerEvaluation(m: PyModule): Span | undefined {
  const hasEvalData = m.callSites.some((s) => HF_TRAINER.test(canonical(siteQName(m, s) ?? '')) && kwarg(s.call, 'eval_dataset'));
  if (!hasEvalData) return undefined;
  for (const s of m.callSites) {
    if (!HF_TRAINING_ARGUMENTS.test(canonical(siteQName(m, s) ?? ''))) continue;
    const k = kwarg(s.call, 'eval_strategy') ?? kwarg(s.call, 'evaluation_strategy');
    if (!k) continue;
    const v = m.resolve(k.value, s.scope)?.expr ?? k.value;
    const strings: string[] = [];
    walkExpr(v, (x) => void (x.k === 'str' && strings.push(x.value)));
    const evaluates = v.k === 'str' ? v.value !== 'no' : v.k === 'other' && v.node === 'ConditionalExpression' && strings.some((x) => x !== 'no');
    if (evaluates) return k;
  }
  return undefined;
}

/**
 * Whether an object is built from a project's subclass of Hugging Face's `Trainer`, in this file or another, also
 * through a name that holds one of several such classes (`trainer_cls = ExtractionTrainer`, or `BaseTrainer` under an
 * `if`, then `trainer = trainer_cls(…)`, FastIE).
 */
function hfTrainerSubclass(m: PyModule, obj: Expr, scope: Scope): boolean {
  const derives = (ref: ClassRef | undefined): boolean =>
    ref?.kind === 'local' ? ref.cls.module.derivesFrom(ref.cls, (b) => HF_TRAINER.test(canonical(b))) : ref?.kind === 'external' && HF_TRAINER.test(canonical(ref.qname));
  const inst = m.instanceOf(obj, scope);
  if (inst) return derives(inst.ref);
  if (obj.k !== 'name') return false;
  const a = m.reachingAssignment(obj.id, scope, obj.from);
  const built = a?.via === 'assign' && a.value?.k === 'call' ? a.value : undefined;
  if (!built || !a) return false;
  const classes = valuesOf(m, built.fn, a.scope);
  return classes.length > 0 && classes.every((v) => derives(v.scope.module.classOf(v.expr, v.scope)));
}

/** The innermost function scope a span lies in (for expressions that are not calls). */
function scopeAt(m: PyModule, span: Span): Scope {
  let best: Scope = m.scope;
  for (const f of m.functions) if (f.stmt.from <= span.from && span.to <= f.stmt.to && (best === m.scope || (best.stmt && best.stmt.from <= f.stmt.from))) best = f.scope;
  return best;
}

/** The data a `for` iterates: through enumerate()/tqdm(); undefined when it is cut short (islice, a slice, zip with range). */
function unwrapIter(m: PyModule, e: Expr, scope: Scope): Expr | undefined {
  if (e.k === 'call') {
    const name = calleeShortName(e);
    if (name === 'enumerate' || name === 'iter' || isProgressBar(m, e, scope)) return e.args[0] && unwrapIter(m, e.args[0], scope);
    if (name === 'islice' || name === 'zip' || name === 'take') return undefined;
    return e;
  }
  // (a loader of a dict by its split's key, `loaders['valid']`, Udacity's layout, is that loader; a slice or an index is
  // a part of something; review 140)
  if (e.k === 'subscript') return !e.slice && e.index.length === 1 && e.index[0].k === 'str' ? e : undefined;
  // `with tqdm(val_loader, desc="val") as pbar: for x, y in pbar:` iterates the loader the bar wraps
  if (e.k === 'name') {
    const a = m.reachingAssignment(e.id, scope, e.from);
    if (a?.via === 'with' && a.value?.k === 'call' && isProgressBar(m, a.value, a.scope)) return unwrapIter(m, a.value, a.scope);
    // … and `bar = tqdm(enumerate(dataloader), total=len(dataloader))` then `for step, data in bar:` (review 131)
    if (a?.via === 'assign' && a.index === undefined && a.value?.k === 'call' && isProgressBar(m, a.value, a.scope)) return unwrapIter(m, a.value, a.scope);
  }
  // `tqdm(enumerate(loader)) if show_bar else enumerate(loader)`: the loader both branches iterate (kozodoi's RANZCR)
  if (e.k === 'other' && e.node === 'ConditionalExpression' && e.parts.length === 3) {
    const [yes, , no] = e.parts;
    const a = unwrapIter(m, yes, scope);
    const b = unwrapIter(m, no, scope);
    return a && b && objectKey(a) !== undefined && objectKey(a) === objectKey(b) ? a : undefined;
  }
  return e;
}

/** `tqdm(…)`, by any import of it. */
function isProgressBar(m: PyModule, call: CallExpr, scope: Scope): boolean {
  const q = calleeQName(m, call, scope) ?? '';
  return calleeShortName(call) === 'tqdm' || q === 'tqdm.tqdm' || q === 'tqdm.auto.tqdm';
}

/** Words naming some data: its own names and, through assignments and parameters, where it comes from. */
function dataWords(m: PyModule, e: Expr, scope: Scope, depth: number): string[] {
  const words = wordsOf(e);
  // the text a call is handed through a name: `metric_logger.log_every(data_loader, 10, header)` with
  // `header = "Test:"` (DETR's, MAE's evaluation loops), `tqdm(loader, desc=desc)`
  if (e.k === 'call')
    for (const a of [...e.args, ...e.kwargs.map((k) => k.value)]) {
      if (a.k !== 'name') continue;
      const v = m.resolve(a, scope)?.expr;
      if (v?.k === 'str' && v.value.length < 40) words.push(...splitWords(v.value));
      // the arrays a batch generator is handed, through the parameters of the function it runs in (LSTNet's
      // `data.get_batches(X, Y, batch_size, False)` in `evaluate(Data, Data.valid[0], Data.valid[1], …)`)
      else if (depth < 2 && m.reachingAssignment(a.id, scope, a.from)?.via === 'param') words.push(...dataWords(m, a, scope, depth + 1));
    }
  if (depth > 3 || e.k !== 'name') return words;
  const a = m.reachingAssignment(e.id, scope, e.from);
  if (!a) return words;
  if (a.via === 'param') {
    const fn = m.functionOf(a.scope);
    if (!fn || !a.param) return words;
    const param = a.param;
    for (const site of m.callersOf(fn)) {
      const arg = argumentFor(fn, param, site.call);
      if (arg) words.push(...dataWords(m, arg, site.scope, depth + 1));
    }
    // (not for one of several names unpacked from a call, `train_loader, valid_loader, test_loader = get_loaders(trainset,
    // …)`: the call's words are those of every part, not of this one)
  } else if (a.via === 'assign') {
    const v = assignedValue(a);
    if (v) words.push(...dataWords(m, v, a.scope, depth + 1));
  }
  return words;
}

/** Whether a call is in a class deriving from Hugging Face's `PreTrainedModel` (`class JointBERT(BertPreTrainedModel)`). */
function inPretrainedModel(m: PyModule, site: CallSite): boolean {
  const cls = site.scope.cls;
  return !!cls && m.derivesFrom(cls, (b) => canonical(b).startsWith('transformers.') && /PreTrainedModel$/.test(b));
}

/** Outputs or labels picked by a split's index or mask: `output[idx_train]`, `out[data.val_mask]`. */
function indexedBySplit(e: Expr, role: 'train' | 'eval'): boolean {
  return e.k === 'subscript' && !e.slice && e.index.length === 1 && identifiersOf(e.index[0]).some((id) => roleOfName(id) === role);
}

/** Calls that draw a batch at random or from an iterator: a counted loop calling one trains on mini-batches. */
const DRAWS_BATCH = /^(next|get_batch|sample|sample_batch|randint|randperm|choice|permutation)$/;

/** A graph's whole structure as PyTorch Geometric keeps it: `data.edge_index`, `data.adj_t`. */
const GRAPH_STRUCTURE = new Set(['edge_index', 'adj_t']);

/**
 * Full-batch training (transductive node classification: pygcn, pyGAT, GCNII, PyG's Cora examples): every training
 * loop of the file counts epochs and draws no batch, and a loss is computed on the outputs picked by the training
 * split's index or mask (`F.nll_loss(output[idx_train], labels[idx_train])`, `out[data.train_mask]`), or the model is
 * handed the whole graph (full-batch link prediction). Each epoch is one optimizer step, so a run is a few hundred steps.
 */

export const fullBatchTraining = perModule((m: PyModule): boolean => {
  const loops = allTrainingLoops(m);
  if (!loops.length) return false;
  let masked = false;
  for (const loop of loops) {
    const part = fullBatchLoop(m, loop);
    if (part === 'no') return false;
    if (part === 'masked') masked = true;
  }
  return masked;
});

/**
 * What a training loop says of full-batch training: `no` when it counts no epochs or draws a batch, `masked` when a
 * loss picks the training split's outputs or the model is handed the whole graph. Kept with the loop's contents.
 */
const fullBatchLoop = perLoop((_m, loop, contents): 'no' | 'masked' | 'plain' => {
  if (loop.stmt.k !== 'for' || !isCountedLoop(loop.stmt)) return 'no';
  let masked = false;
  for (const { site } of contents.calls) {
    if (DRAWS_BATCH.test(calleeShortName(site.call) ?? '')) return 'no';
    // (the whole graph handed to the model, `model.encode(train_data.x, train_data.edge_index)`: full-batch link
    // prediction, whose loss is over every training edge and sampled negatives; PyG's link_pred.py, review 132)
    if (site.call.args.some((a) => a.k === 'attr' && GRAPH_STRUCTURE.has(a.attr) && a.obj.k === 'name')) masked = true;
    // (a loss of the training nodes, `criterion(out[data.train_mask], y[data.train_mask])`; the syntax asked first:
    // whether a call is a loss may follow a parameter into the callers, which would keep the answer from being carried)
    if (!masked && (site.call.args.some((a) => indexedBySplit(a, 'train')) || sameFixedIndex(site, loop)) && siteLossCall(site.scope.module, site)) masked = true;
  }
  return masked ? 'masked' : 'plain';
});

/**
 * A loss on the outputs and the labels picked by the same index, one that does not change from one epoch to the next
 * (DGL's GAT: `mask = torch.ByteTensor(data.train_mask)` before the loop, then `F.nll_loss(logp[mask], labels[mask])`):
 * assigned before the loop in the loop's own function, or, in a function the loop calls, never assigned there but as a
 * parameter.
 */
function sameFixedIndex(site: CallSite, loop: LoopInfo): boolean {
  const [p, t] = site.call.args;
  if (p?.k !== 'subscript' || t?.k !== 'subscript' || p.slice || t.slice || p.index.length !== 1 || t.index.length !== 1) return false;
  const i = p.index[0];
  const j = t.index[0];
  if (i.k !== 'name' || j.k !== 'name' || i.id !== j.id) return false;
  const inLoop = site.scope === loop.scope;
  return site.scope.module.assignmentsOf(i.id, site.scope).every((a) => (inLoop ? a.from < loop.stmt.from || a.from > loop.stmt.to : a.via === 'param'));
}

/** Overfitting one batch: Lightning's overfit_batches, or a training loop over one fixed batch. */
export const overfitOneBatch = perModule((m: PyModule): { span: Span; what: string }[] => {
  const out: { span: Span; what: string }[] = [];
  for (const s of m.callSites) {
    const k = kwarg(s.call, 'overfit_batches');
    if (k && numberValue(m, k.value, s.scope) !== 0) out.push({ span: k, what: `Lightning ${m.text.slice(k.from, k.to)}` });
  }
  for (const loop of trainingLoops(m)) {
    const s = loop.stmt;
    if (iteratesData(s)) continue;
    // an epoch loop around a loop over the data is ordinary training, whatever else it computes
    if (m.loopsWithin(s.from, s.to).some((l) => l.stmt !== s && iteratesData(l.stmt))) continue;
    const fn = m.functionOf(loop.scope);
    const named = fn && /overfit/i.test(fn.name);
    // (not a function of the project that trains nothing: a sampling or plotting helper handed fixed images to look at)
    const fixed = m.callsInLoop(s).some((c) => c.call.args.some((a) => fromFixedBatch(m, a, c.scope, 0, s)) && trainsOn(m, c));
    if (named || fixed) out.push({ span: loopHeader(s), what: named ? `${fn?.name}(): a training loop over one fixed batch` : 'a training loop over one fixed batch (next(iter(loader)))' });
  }
  return out;
});

/** `for epoch in range(n)`, also through tqdm()/trange()/enumerate(). */
export function isCountedLoop(s: Extract<Stmt, { k: 'for' | 'while' }>): boolean {
  return countedRange(s) !== undefined;
}

/** The `range(…)`/`trange(…)` call a counted loop iterates (see `isCountedLoop`). */
export function countedRange(s: Extract<Stmt, { k: 'for' | 'while' }>): CallExpr | undefined {
  if (s.k !== 'for') return undefined;
  let it = s.iter;
  while (it.k === 'call' && /^(tqdm|enumerate)$/.test(calleeShortName(it) ?? '') && it.args[0]) it = it.args[0];
  return it.k === 'call' && /^(range|trange)$/.test(calleeShortName(it) ?? '') ? it : undefined;
}

/** A `for` over something else than a count: a loader, a dataset, a list. */
function iteratesData(s: Extract<Stmt, { k: 'for' | 'while' }>): boolean {
  return s.k === 'for' && !isCountedLoop(s);
}

/**
 * Whether a call may train on what it is handed: any call but one of a function of the project that runs no backward
 * pass (`generate_samples(fixed_images, model, args)` looks at them).
 */
function trainsOn(m: PyModule, c: CallSite): boolean {
  const fn = m.siteProjectCallee(c);
  return !fn || runsBackward(fn);
}

/**
 * Whether a tensor comes from one batch taken once: `next(iter(loader))`, sliced or moved to a device. Not one taken
 * inside the training loop (`x, _ = next(iter(loader))` in its body builds a new iterator, a new batch, every step).
 */
function fromFixedBatch(m: PyModule, e: Expr, scope: Scope, depth: number, loop?: Stmt): boolean {
  if (depth > 5) return false;
  if (e.k === 'call') {
    if (calleeShortName(e) === 'next' && e.args[0]?.k === 'call' && calleeShortName(e.args[0]) === 'iter') return !(loop && contains(loop, e) && scope.module === m);
    if (e.fn.k === 'attr' && ['to', 'cuda', 'float', 'long', 'half', 'contiguous'].includes(e.fn.attr)) return fromFixedBatch(m, e.fn.obj, scope, depth + 1, loop);
    return false;
  }
  if (e.k === 'subscript') return fromFixedBatch(m, e.obj, scope, depth + 1, loop);
  if (e.k !== 'name') return false;
  const a = priorAssignment(m, e.id, scope, e.from);
  if (!a) return false;
  if (a.via === 'param') {
    const fn = m.functionOf(a.scope);
    if (!fn || !a.param) return false;
    const param = a.param;
    const callers = m.callersOf(fn);
    return callers.length > 0 && callers.every((site) => {
      const arg = argumentFor(fn, param, site.call);
      return !!arg && fromFixedBatch(m, arg, site.scope, depth + 1, loop);
    });
  }
  if (a.via !== 'assign' || !a.value) return false;
  // `x, y = x[:4], y[:4]` binds element by element; `x, y = next(iter(loader))` unpacks the batch
  const value = a.index !== undefined && a.value.k === 'seq' ? a.value.items[a.index] : a.value;
  return !!value && fromFixedBatch(m, value, a.scope, depth + 1, loop);
}

/** The binding of a name a use sees: the last one before it, not the statement the use is part of (`x = x[:4]`). */
function priorAssignment(m: PyModule, id: string, scope: Scope, at: number): Assignment | undefined {
  let best: Assignment | undefined;
  for (const a of m.assignmentsOf(id, scope)) {
    if (a.from >= at || (a.value && a.value.from <= at && at < a.value.to)) continue;
    if (!best || a.from > best.from) best = a;
  }
  return best;
}

const BASELINE_WORDS = new Set(['zero', 'zeros', 'zeroed', 'blind', 'baseline', 'independent', 'ablate', 'ablation', 'dumb']);

/** Inputs zeroed behind a flag (an input-independent baseline): `torch.zeros_like(x) if ZERO_INPUTS else x`. */
export const zeroInputBaselines = perModule((m: PyModule): { span: Span; what: string }[] => {
  const out: { span: Span; what: string }[] = [];
  for (const s of m.callSites) {
    const q = siteQName(m, s) ?? '';
    const name = calleeShortName(s.call);
    const zeroes = q === 'torch.zeros_like' || q === 'numpy.zeros_like' || (name === 'zero_' && s.call.fn.k === 'attr') || (name === 'mul_' && numberValue(m, s.call.args[0], s.scope) === 0);
    if (!zeroes) continue;
    const flag = conditionsAround(m, s.call).find((t) => t && wordsOf(t).some((w) => BASELINE_WORDS.has(w)));
    if (flag) out.push({ span: s.call, what: `inputs zeroed behind \`${m.text.slice(flag.from, flag.to)}\`` });
  }
  return out;
});

const CLASS_WORDS = new Set(['class', 'classes', 'nclass', 'nclasses', 'vocab', 'categories', 'labels', 'c']);
// (a check named for what it does: `check_loss_at_init`, `verify_initial_loss`, `init_loss_sanity`; a bare `init_loss`,
// `__init_loss` or `initial_loss` is as often a method that builds the criterion: MoleDetector's, review 141)
const INIT_CHECK_NAME = /loss_at_init|(check|verify|test|assert|sanity)_*(the_)?init(ial)?_loss|init(ial)?_loss_+(check|test|sanity)/i;

/** A loss-at-initialisation check: the loss compared with ln(C), or a function named for it. */
export const lossAtInitChecks = perModule((m: PyModule): { span: Span; what: string }[] => {
  const out: { span: Span; what: string }[] = [];
  for (const s of m.callSites) {
    const q = siteQName(m, s) ?? '';
    if (q !== 'math.log' && q !== 'numpy.log' && q !== 'torch.log') continue;
    const arg = s.call.args[0];
    if (!arg || !wordsOf(arg).some((w) => CLASS_WORDS.has(w) || /^(num|n)?_?classes$/.test(w))) continue;
    const scopeCalls = m.callsIn(s.scope);
    const computesLoss = scopeCalls.some((c) => siteLossCall(m, c) || /loss|criterion/i.test(calleeShortName(c.call) ?? ''));
    if (computesLoss) out.push({ span: s.call, what: `the loss compared with ${m.text.slice(s.call.from, s.call.to)}` });
  }
  for (const f of m.functions) if (INIT_CHECK_NAME.test(f.name)) out.push({ span: { from: f.stmt.nameFrom, to: f.stmt.nameTo }, what: `${f.name}()` });
  return out;
});

const EXPLORATION = new Set(['matplotlib.pyplot.hist', 'matplotlib.pyplot.imshow', 'matplotlib.pyplot.bar', 'seaborn.histplot', 'seaborn.countplot', 'seaborn.displot', 'seaborn.kdeplot', 'collections.Counter', 'numpy.bincount', 'torch.bincount',
  // a graph of the dataset drawn (`nx.draw(to_networkx(dataset[0]))`): how graph learning looks at its examples
  'networkx.draw', 'networkx.draw_networkx', 'networkx.draw_spring', 'networkx.draw_kamada_kawai', 'networkx.draw_spectral', 'networkx.draw_circular']);

/** Words of what a model made: plotting them shows results, not the data. */
const RESULT_WORDS = new Set(['pred', 'preds', 'prediction', 'predictions', 'predicted', 'output', 'outputs', 'logits', 'cam', 'gradcam', 'heatmap', 'saliency', 'attention', 'generated', 'fake', 'fakes', 'sample', 'samples', 'recon', 'reconstruction', 'reconstructed', 'error', 'errors', 'residual', 'residuals', 'loss', 'losses', 'confusion', 'result', 'results', 'vote', 'votes', 'ensemble']);
const LOADS_WEIGHTS = new Set(['load_state_dict', 'load_from_checkpoint', 'from_pretrained', 'load_model']);

/** Data exploration in a file that does not train: class counts, histograms, sample grids. */
/** A module of general helpers by its name or folder: `utils.py`, `helpers.py`, `ddpm/utils.py`, `utils/plot.py`. */
const UTILITY_MODULE = /(^|\/)(utils?|helpers?|tools|common|misc|functions)(\.py$|\/)/i;

/**
 * Whether a call shows a parameter of the function it is in, and running the file does not run that function (nothing
 * calls it, or only helpers that nothing calls: abarankab's `show_video` → `preprocess_image`).
 */
function showsParameterOfUncalled(m: PyModule, s: CallSite, shown: Expr[]): boolean {
  const fn = m.functionOf(s.scope);
  // (in a module of utilities the training scripts call, `utils.py`, `helpers.py`, `utils/`: a module of its own for
  // visualising, `visualize.py` with `def visualize_graph(graph)`, is there to look at the data; review 92)
  if (!fn || !UTILITY_MODULE.test(m.path.replace(/\\/g, '/')) || entryReach(m, false).has(s.scope)) return false;
  let param = false;
  for (const a of shown) walkExpr(a, (x) => void (param ||= x.k === 'name' && m.reachingAssignment(x.id, s.scope, x.from)?.via === 'param'));
  return param;
}

/** Plots, at module level, of a batch drawn from a loader of the data (`images, labels = next(iter(train_loader))`). */
function batchesLookedAt(m: PyModule): { span: Span; what: string; histogram: boolean }[] {
  const out: { span: Span; what: string; histogram: boolean }[] = [];
  const drawn = (e: Expr, scope: Scope): boolean => {
    let yes = false;
    walkExpr(e, (x) => {
      if (yes || x.k !== 'name') return;
      const a = m.reachingAssignment(x.id, scope, x.from);
      const v = a?.via === 'assign' ? a.value : undefined;
      if (!v || !builtinCall(m, v, 'next', scope) || v.k !== 'call' || !v.args[0]) return;
      const it = builtinCall(m, v.args[0], 'iter', scope) && v.args[0].k === 'call' ? v.args[0].args[0] : v.args[0];
      yes = !!it && dataLoaders(m).some((l) => l.role !== undefined && m.resolve(it, scope)?.expr === l.call);
    });
    return yes;
  };
  for (const s of m.callSites) {
    if (s.scope !== m.scope || !/^matplotlib\.pyplot\.imshow$/.test(siteQName(m, s) ?? '')) continue;
    const shown = [...s.call.args, ...s.call.kwargs.map((k) => k.value)];
    if (shown.some((a) => wordsOf(a).some((w) => RESULT_WORDS.has(w))) || !shown.some((a) => drawn(a, s.scope))) continue;
    out.push({ span: s.call, what: 'imshow', histogram: false });
  }
  return out;
}

/** Calls that show what they are handed: printed, logged, plotted, tabulated. */
const SHOWS = /^(print|pprint|display|log|info|debug|warning|write|bar|barh|plot|pie|hist|countplot|barplot|histplot|DataFrame|Series|tabulate|echo|add_scalar|add_text)$/;

/**
 * Whether counts are shown: the count made inside a call that shows it (`print(Counter(labels))`), as a statement of
 * its own (a notebook's cell), or held in a name that such a call or a statement of its own reads.
 */
function countsShown(m: PyModule, s: CallSite): boolean {
  const st = s.stmt;
  if (st.k === 'expr') return true;
  let shown = false;
  const showsIn = (e: Expr, what: (x: Expr) => boolean): void =>
    walkExpr(e, (x) => {
      if (shown || x.k !== 'call' || !SHOWS.test(lastName(x.fn) ?? '')) return;
      for (const a of [...x.args, ...x.kwargs.map((k) => k.value), ...x.starred]) walkExpr(a, (y) => void (shown ||= what(y)));
    });
  for (const e of stmtExprs(st)) showsIn(e, (y) => y === s.call);
  if (shown) return true;
  const target = st.k === 'assign' && st.targets.length === 1 && st.targets[0].k === 'name' ? st.targets[0].id : undefined;
  if (!target) return !(st.k === 'assign' || st.k === 'augassign');
  const body = s.scope === m.scope ? m.stmts : (m.functionOf(s.scope)?.stmt.body.stmts ?? []);
  const reads = (y: Expr): boolean => y.k === 'name' && y.id === target;
  walkStmts(body, (x) => {
    if (shown) return;
    // (a notebook's cell showing it: `word_freq`, `word_freq.most_common(20)`; not `word_freq.update(tokens)`)
    if (x.k === 'expr') {
      const e = x.expr;
      const viewed = e.k === 'call' && e.fn.k === 'attr' && /^(most_common|items|keys|values|total)$/.test(e.fn.attr) ? e.fn.obj : e.k === 'subscript' ? e.obj : e;
      shown ||= reads(viewed);
    }
    for (const e of stmtExprs(x)) showsIn(e, reads);
  });
  return shown;
}

/** Whether a module imports matplotlib (its Axes' methods are then plots). */
const usesMatplotlib = perModule((m: PyModule): boolean => [...m.scope.imports.values()].some((q) => q === 'matplotlib' || q.startsWith('matplotlib.')));

export const dataExploration = perModule((m: PyModule): { span: Span; what: string; histogram: boolean }[] => {
  // (in a file that trains, only a look at a batch drawn from the training or evaluation data, `images, labels =
  // next(iter(train_loader))` then `plt.imshow(make_grid(images))`, the tutorials' way; review 140)
  if (isTrainingCode(m) || m.classes.some((c) => m.derivesFrom(c, isModuleBase))) return batchesLookedAt(m);
  // a script that loads trained weights plots what the model does (predictions, errors, saliency), not the data
  if (m.callSites.some((s) => LOADS_WEIGHTS.has(calleeShortName(s.call) ?? '') || siteQName(m, s) === 'torch.load')) return [];
  const out: { span: Span; what: string; histogram: boolean }[] = [];
  for (const s of m.callSites) {
    const q = siteQName(m, s) ?? '';
    const name = calleeShortName(s.call) ?? '';
    // (and an Axes' own `imshow`, `ax.imshow(img)` in a grid of `plt.subplots`, in a file that uses matplotlib; review 143)
    const method = s.call.fn.k === 'attr' && (name === 'value_counts' || name === 'hist' || (name === 'imshow' && usesMatplotlib(m)));
    if (!EXPLORATION.has(q) && !method) continue;
    // (a method of a class counts what the class needs, a `Dataset` building its vocabulary with `Counter`: not a look
    // through the data)
    if (s.scope.cls) continue;
    const shown = [...s.call.args, ...s.call.kwargs.map((k) => k.value), ...(method && s.call.fn.k === 'attr' ? [s.call.fn.obj] : [])];
    if (shown.some((a) => wordsOf(a).some((w) => RESULT_WORDS.has(w)))) continue;
    // (a helper that plots what it is handed, and that nothing in the file calls, shows whatever its callers in other
    // files hand it: the model's samples as often as the data; `def plot_images(images): plt.imshow(…)` called with
    // `sampled_images`, Diffusion-Models-pytorch; review 128)
    if (showsParameterOfUncalled(m, s, shown)) continue;
    // (counts only used to build something, `word_freq = Counter()` then a vocabulary of the frequent words: counted for
    // the code, not shown to anyone; sgrvinod's captioning, review 142)
    if ((q === 'collections.Counter' || q === 'numpy.bincount' || q === 'torch.bincount') && !countsShown(m, s)) continue;
    out.push({ span: s.call, what: name, histogram: name === 'hist' || name === 'histplot' || name === 'displot' });
  }
  return out;
});

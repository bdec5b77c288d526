// The semantic layer rules query: scopes, imports and qualified names, values followed through assignments
// (also `self.x` attributes and function parameters bound at call sites), classes and their methods, loops,
// `with` blocks and every call site with the loops and blocks around it. Built in one pass over the IR.
import type { Block, Expr, Kwarg, Param, Span, Stmt } from './ir';
import { firstStartingAt } from '../text';

export type CallExpr = Extract<Expr, { k: 'call' }>;
export type DefStmt = Extract<Stmt, { k: 'def' }>;
export type ClassStmt = Extract<Stmt, { k: 'class' }>;
export type LoopStmt = Extract<Stmt, { k: 'for' | 'while' }>;
export type WithStmt = Extract<Stmt, { k: 'with' }>;

export interface Assignment {
  name: string;
  /** The assigned expression; for `a, b = rhs` it is `rhs` and `index` says which element. */
  value: Expr | undefined;
  index?: number;
  /** Where the binding takes effect (after the assigned value is computed). */
  from: number;
  via: 'assign' | 'augassign' | 'for' | 'with' | 'param' | 'import' | 'def' | 'class' | 'other';
  scope: Scope;
  target: Expr | undefined;
  /** For `via: 'param'`: the parameter. */
  param?: Param;
}

/** The value an assignment gives its target: the whole value, or for `a, b = x, y` the element at its index (unknown when the value is not a literal sequence). */
export function assignedValue(a: Assignment): Expr | undefined {
  if (a.index === undefined) return a.value;
  return a.value?.k === 'seq' ? a.value.items[a.index] : undefined;
}

/** `self.x = None` in `__init__`: a placeholder for the value a method assigns later. */
function initPlaceholder(a: Assignment): boolean {
  return a.via === 'assign' && a.value?.k === 'const' && a.value.value === 'None' && a.scope.stmt?.k === 'def' && a.scope.stmt.name === '__init__';
}

/**
 * The call a target was unpacked from (`train_ds, val_ds = random_split(...)`, also into `self.x` attributes): the
 * call's element at the target's index is unknown, but what the call is says what its elements are.
 */
export function unpackedFrom(m: PyModule, e: Expr, scope: Scope): { call: CallExpr; scope: Scope }[] {
  const list =
    e.k === 'name'
      ? [m.reachingAssignment(e.id, scope, e.from)]
      : e.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'self' && scope.cls
        ? m.attrAssignments(scope.cls, e.attr)
        : [];
  const out: { call: CallExpr; scope: Scope }[] = [];
  // (`self.train_ds = None` in `__init__`, a placeholder until `setup()` unpacks the split into it)
  for (const a of list.length > 1 && e.k === 'attr' ? list.filter((x) => !(x && initPlaceholder(x))) : list) {
    if (!a || a.via !== 'assign' || a.index === undefined || a.value?.k !== 'call') return [];
    out.push({ call: a.value, scope: a.scope });
  }
  return out;
}

export interface Scope {
  kind: 'module' | 'function' | 'class';
  name: string;
  parent: Scope | undefined;
  module: PyModule;
  stmt: DefStmt | ClassStmt | undefined;
  body: Stmt[];
  /** alias → qualified name, for imports made in this scope. */
  imports: Map<string, string>;
  assigns: Map<string, Assignment[]>;
  /** The class a method belongs to. */
  cls: ClassInfo | undefined;
  functions: Map<string, FunctionInfo>;
  classes: Map<string, ClassInfo>;
}

export interface FunctionInfo {
  name: string;
  stmt: DefStmt;
  scope: Scope;
  cls: ClassInfo | undefined;
}

export interface ClassInfo {
  name: string;
  stmt: ClassStmt;
  scope: Scope;
  module: PyModule;
  methods: Map<string, FunctionInfo>;
  /** `self.x = …` assignments in any method, by attribute name. */
  attrs: Map<string, Assignment[]>;
}

export interface LoopInfo {
  stmt: LoopStmt;
  scope: Scope;
  parent: LoopInfo | undefined;
}

export interface WithInfo {
  stmt: WithStmt;
  scope: Scope;
}

export interface CallSite {
  call: CallExpr;
  scope: Scope;
  /** Enclosing loops in the same function, outermost first. */
  loops: LoopInfo[];
  withs: WithInfo[];
  /** The statement the call is part of. */
  stmt: Stmt;
  /** `siteClass` / `siteCallee` answers (see `SiteMemo`). */
  memo?: SiteMemo;
}

/**
 * What `classOf` and `calleeName` answered for a call site's callee, kept for one analysis (a linker generation) of
 * one version of the module: within it both are functions of the site (the module's own memos plus the linker's
 * answers, which it keeps for the generation). Several rules ask both for every call site.
 *
 * Those two answers (and `normalized`, and the facts of slots made with a `carry` test) are also carried into a later
 * analysis of the version and into the next version of the module when the module scope binds the same way and the
 * site's statement is unchanged (`PyModule.carries`), unless working them out asked the linker about a name a project
 * file could hold (`linkReads`): then they read only the site's own statement and the module scope's bindings, which
 * the next version shares (a class of the file is bound by its object; a function by its name only, hence the slots'
 * `carry` test that it is still one of the module's).
 */
interface SiteMemo {
  /** The module version's `id` (a number: a memo must not keep an old version alive). */
  m: number;
  gen: number;
  /** Which of `cls` (1), `callee` (2) and `normalized` (4) the next version may take over (see above). */
  carried: number;
  /** The same for `facts`, a bit per slot: those of slots made with a `carry` test (`siteSlot`) that it passed. */
  carriedFacts: number;
  /**
   * Which answers read beyond the site's statement and the module scope's bindings while they were worked out (any of
   * `outsideReadCount`'s counts): `cls` (1) and `callee` (2), and a bit per slot in `factsOutside`. Whoever is handed a
   * kept answer reads what it read (see `outsideReadCount`).
   */
  outside: number;
  factsOutside: number;
  /** `null`: not asked yet. */
  cls: ClassRef | undefined | null;
  callee: string | undefined | null;
  /** `siteCallee` as `normalized` gives it (the library aliases made one spelling: `canonical` in torch.ts). */
  normalized: string | undefined | null;
  /** Later layers' facts about the site (`siteSlot`, `PyModule.siteFact`), `UNSET` until asked. */
  facts: unknown[] | undefined;
}

const UNSET: unknown = Symbol('unset');
let siteSlots = 0;

/**
 * A slot for a fact of a later layer about call sites (facts-eval's `forwardOf`, torch.ts's `gradCall`): kept with the
 * site's other answers for a version (`PyModule.siteFact`), in place, where a map per version would cost a look-up
 * table of every site of the file, made again at every keystroke.
 */
export function siteSlot(carry?: (m: PyModule, v: unknown) => boolean, local = false): number {
  // (the slots' bits in a memo are bits of a number)
  if (siteSlots > 30) throw new Error('siteSlot: too many slots');
  slotCarry.push(carry);
  slotLocal.push(local);
  return siteSlots++;
}

/**
 * Per slot, whether a carried answer must also have read nothing beyond the site's statement and the module scope
 * (`outsideReadCount`), not only asked the linker nothing: for facts that read other statements' objects through
 * what they are handed (a factory's returns, a parameter's callers), which an edit may change with the bindings
 * kept.
 */
const slotLocal: boolean[] = [];

/**
 * Per slot, whether its answers may be carried as `SiteMemo`'s are (asked no linker about a project name), and then
 * whether an answer still holds in the version `m` (a function of the project: still one of `m`'s; an edit of its body
 * makes another, while the module scope binds its name the same way).
 */
const slotCarry: (((m: PyModule, v: unknown) => boolean) | undefined)[] = [];

/** `carry` for a slot whose answers are functions of the project: one the module still has, or none. */
export const liveFunction = (m: PyModule, v: unknown): boolean => v === undefined || (v as FunctionInfo).scope.module === m;

const LOCAL_CALLEE = siteSlot(liveFunction);
const PROJECT_CALLEE = siteSlot(liveFunction);
const localCalleeOf = (m: PyModule, site: CallSite): FunctionInfo | undefined => m.localCallee(site.call, site.scope);
const projectCalleeOf = (m: PyModule, site: CallSite): FunctionInfo | undefined => m.projectCallee(site.call, site.scope);

export interface ResolvedValue {
  expr: Expr;
  scope: Scope;
}

/** What a class reference resolves to: a class of this project, or a qualified name of a library. */
export type ClassRef = { kind: 'local'; cls: ClassInfo } | { kind: 'external'; qname: string };

/** Finds a class or function of another module of the same project, for cross-file analysis. */
export interface ModuleLinker {
  /** `qname` is what an import resolved to: `model.Net`, or `.models.Net` for relative imports. */
  resolve(from: PyModule, qname: string): { module: PyModule; name: string } | undefined;
  /** The project module a dotted module name names (`.unet_parts`), for star imports. */
  moduleOf?(from: PyModule, dotted: string): PyModule | undefined;
  /** Changes whenever `resolve`'s answers may change (the Analyzer's generation: one per public call). */
  readonly linkGeneration?: number;
  /** Whether a module it linked has a syntax error within a span (true when it does not know the module). */
  syntaxErrorIn?(m: PyModule, span: { from: number; to: number }): boolean;
  /** Whether `resolve` answers nothing for `qname` whatever the project's files hold (a library's name: `torch.nn.Linear`). */
  neverLinks?(qname: string): boolean;
}

const MAX_DEPTH = 6;

let moduleVersions = 0;

/**
 * What one top-level statement contributes to a module: everything the build of the module makes from it, kept so
 * that the next version of the module (after an edit elsewhere) adopts it instead of visiting the statement again.
 * The IR of an unchanged statement is the same object from one parse to the next (only its spans move), and nothing
 * in a summary depends on the rest of the module: the module scope is only written (the `effects`, replayed in order).
 */
interface StmtSummary {
  /** The statement's `from` when the positions copied into `assigns` were taken. */
  from: number;
  callSites: CallSite[];
  loops: LoopInfo[];
  withs: WithInfo[];
  functions: FunctionInfo[];
  classes: ClassInfo[];
  /** The scopes made for the statement's functions and classes (at any depth). */
  scopes: Scope[];
  /** Every assignment made, in any scope (their `from` is a copied position). */
  assigns: Assignment[];
  /** Writes to the module scope, in the order the statement makes them. */
  effects: ModuleEffect[];
  /** The statement's part of the module's call indexes (made when the summary is first added). */
  index?: SummaryIndex;
}

interface SummaryIndex {
  byLoop: [LoopStmt, CallSite[]][];
  /** Calls made directly in the statement's functions and classes, and (`top`) in the module scope. */
  nested: [Scope, CallSite[]][];
  top: CallSite[];
  /** By callee name (`f`, or `self.f`). */
  byCallee: [string, CallSite[]][];
}

type ModuleEffect =
  | { k: 'import'; alias: string; q: string }
  | { k: 'assign'; a: Assignment }
  | { k: 'function'; name: string; info: FunctionInfo }
  | { k: 'class'; name: string; cls: ClassInfo };

/** What `classOf` finds in the module itself, before linking: a class of this file, a qualified name, an alias to follow. */
type ClassStep = { k: 'class'; cls: ClassInfo } | { k: 'qname'; q: string } | { k: 'alias'; value: Expr; scope: Scope } | undefined;

/** `self.<attr>.cuda()`, `self.<attr>.to(device).train()`: the same attribute's object, through methods that return it. */
export function movesItself(v: Expr, attr: string): boolean {
  const x = beforeSelfReturning(v);
  return x !== v && x.k === 'attr' && x.attr === attr && x.obj.k === 'name' && x.obj.id === 'self';
}

/** What a chain of module methods that return the module itself is called on: `nn.CTCLoss().to(device)` → `nn.CTCLoss()`. */
export function beforeSelfReturning(v: Expr): Expr {
  let x = v;
  while (x.k === 'call' && x.fn.k === 'attr' && RETURNS_SELF.has(x.fn.attr)) x = x.fn.obj;
  return x;
}

/** Methods of torch.nn.Module that return the module itself, so `Net().to(device)` is still a `Net`. */
const RETURNS_SELF = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'train', 'eval', 'requires_grad_', 'share_memory', 'to_empty', 'apply']);

/** `ModuleMemo` slots handed out so far. */
let memoSlots = 0;

/**
 * Facts kept per module version, in the module itself (`PyModule.memos`), where a WeakMap keyed by the module would
 * keep them apart: V8's young-generation collections (scavenges) hold every value of a WeakMap that has reached the
 * old generation alive, whatever its key, until a full collection. A value that reaches another module's objects
 * kept that module, and every module linked from it, alive and copied them into the old generation (the benchmark
 * project's cold check: see docs/performance.md).
 */
export class ModuleMemo<V> {
  private readonly slot = memoSlots++;
  get(m: PyModule): V | undefined {
    return m.memos[this.slot] as V | undefined;
  }
  set(m: PyModule, v: V): void {
    m.memos[this.slot] = v;
  }
}

/** `Carried` slots handed out so far, and the property that holds an object's. */
let carriedSlots = 0;
const CARRIED = Symbol('carried');

/**
 * Answers kept with the object they are about (a loop, a class, a call expression, a statement's call sites), for as
 * long as the object lives: the versions of a file being edited share the objects of the statements an edit did not
 * touch, and the answers go with them (an answer that depends on the version says which one it was made for). Kept
 * in the object, not in a WeakMap keyed by it, for the reason `ModuleMemo` gives. The property is a symbol's and not
 * enumerable: a copy of the object (`{ ...call }`) and a comparison of IR by its keys do not see it.
 */
export class Carried<K extends object, V> {
  private readonly slot = carriedSlots++;
  get(k: K): V | undefined {
    return (k as { [CARRIED]?: unknown[] })[CARRIED]?.[this.slot] as V | undefined;
  }
  set(k: K, v: V): void {
    let kept = (k as { [CARRIED]?: unknown[] })[CARRIED];
    if (!kept) Object.defineProperty(k, CARRIED, { value: (kept = []) });
    kept[this.slot] = v;
  }
}

export class PyModule {
  readonly scope: Scope;
  readonly callSites: CallSite[] = [];
  readonly loops: LoopInfo[] = [];
  readonly withs: WithInfo[] = [];
  readonly functions: FunctionInfo[] = [];
  readonly classes: ClassInfo[] = [];
  /** Other files this module's analysis read (path → text, or undefined when absent): when one changes, rebuild. */
  readonly deps = new Map<string, string | undefined>();
  /** Other modules whose classes and functions this module's analysis reached through links. */
  readonly linked = new Set<PyModule>();
  private readonly callsByScope = new Map<Scope, CallSite[]>();
  private readonly callsOfFunction = new Map<string, CallSite[]>();
  private readonly callsByLoop = new Map<LoopStmt, CallSite[]>();
  /** Made on first use: loops and with blocks per scope; loops and call sites in source order. */
  private loopsByScope: Map<Scope, LoopInfo[]> | undefined;
  private withsByScope: Map<Scope, WithInfo[]> | undefined;
  private withsByStmt: Map<Stmt, WithInfo> | undefined;
  private loopsByPos: readonly LoopInfo[] | undefined;
  /** (`null`: no qualified name; one look-up tells it from no answer) */
  private qualified = new Map<Expr, string | null>();
  /**
   * `resolve`'s answers. Kept for the next version: those that read nothing outside the expression's own top-level
   * statement (names followed only through assignments of the function they are used in, and functions around it;
   * expressions of a function or class that resolve to themselves): an edit elsewhere cannot change them.
   */
  private readonly resolved = new SplitMemo<ResolvedValue>();
  /** Counts the steps of `resolve` that read beyond the statement (see `resolved`). */
  private nonLocalReads = 0;
  private readonly constructors = new Map<ClassInfo, CallSite[] | undefined>();
  /**
   * `instanceOf`'s answers. Kept for the next version while the module scope binds the same way (as `qualified` is):
   * those that read only the expression's own statement (as `resolved`'s kept ones) and the module scope's bindings,
   * of a library's class, a class of this file found by name, or of none; not those that read a function of the
   * project (a factory's body may change while its name is bound the same way), or anything another file could answer.
   */
  private readonly instances = new SplitMemo<Instance>();
  /**
   * Counts the steps of `classOf` and `instanceOf` that read a function of the project, or asked the linker (a class
   * of this file found by name is not counted: the module scope binds it by the class object).
   * Counted where the answer is worked out (`projectCallee`, `classNamed`): what `instanceOf` asks on the way must be
   * asked of those, not of a memo of their answers (`siteProjectCallee`, facts-eval's `helperOf`), which counts nothing.
   */
  private projectReads = 0;
  /**
   * Counts the questions to the linker about a name a project file could hold (`classNamed`, `projectCallee`): an
   * answer worked out without one read only its own statement and the module scope (see `SiteMemo`).
   */
  private linkReads = 0;
  /** Kept answers handed out that read beyond their statement when worked out (see `outsideReadCount`). */
  private replayed = 0;
  /** `classOf`'s work inside this module, per callee (links to other files are asked afresh: they may change). */
  private classSteps = new Map<Expr, { scope: Scope; step: ClassStep }>();
  /**
   * `classSteps`' answers that no later version could use: in the module scope (a new object in each version) or an
   * alias to a module-scope value. Kept for this version only: in the carried map they would keep the version they
   * name alive (its module scope, and through it the whole module) until the expression is asked about again.
   */
  private classStepsHere = new Map<Expr, { scope: Scope; step: ClassStep }>();
  /**
   * The module scope's bindings as a flat list, in the order they are made: for each, what it binds, how, the value
   * (by identity), the class, and the index of the top-level statement that makes it. Two versions with equal lists
   * have module scopes that answer `lookupImport`, `reachingAssignment` and `findClass` alike for expressions of
   * the statements they share.
   */
  private readonly bindings: unknown[] = [];
  /** Per top-level statement, what it contributed (see `StmtSummary`). */
  private readonly summaries = new Map<Stmt, StmtSummary>();
  /** The summary being filled while a statement is visited. */
  private cur: StmtSummary = emptySummary(0);
  /** Where each top-level statement's call sites start in `callSites` (and, last, their count). */
  private readonly siteStarts: number[] = [];
  /** Whether this version keeps its statements' summaries (and `bindings`) for the next one. */
  private readonly keep: boolean;
  /**
   * Set when a newer version of this module adopted its statements' summaries: their scopes, call sites and classes
   * now belong to that version. Whoever kept facts about this module's objects must build them again.
   */
  retired = false;
  /** `starImports()`, once asked. */
  private stars: string[] | undefined;
  /** Unique per module version (memos on objects that versions share name it). */
  readonly id = ++moduleVersions;
  /** Facts kept for this version by `ModuleMemo`s, one slot each. */
  readonly memos: unknown[] = [];
  /**
   * The `id` of the last version, when this one takes over its call sites' carried answers (see `SiteMemo`): same
   * module-scope bindings, no star imports (`qualifiedKept`). The sites of statements an edit changed are new objects.
   */
  private carriesSitesOf = 0;
  /**
   * Whether this version has the classes nested in functions that the last one had, the same objects (none changed,
   * none added or removed), when it takes over the last one's call sites' answers (`carriesSitesOf`). The classes of
   * the module scope are in its bindings; a nested one comes and goes with an edit of its function, and a question
   * about a class's subclasses in the file (`subclassesInFile`) reads them all.
   */
  readonly nestedClassesKept: boolean = false;

  /**
   * `prev`: an earlier version of the same file (same path). The summaries of top-level statements that are the
   * same IR objects are adopted from it (their positions moved to where the statements are now) and `prev` is
   * retired; the module is the same as one built from scratch.
   */
  constructor(
    readonly path: string,
    readonly stmts: Stmt[],
    readonly text: string,
    public linker?: ModuleLinker,
    prev?: PyModule,
  ) {
    this.scope = newScope('module', '<module>', undefined, this, undefined, stmts);
    // Summaries are kept from the second version of a file on (an edit): a file checked once pays nothing for them.
    this.keep = prev !== undefined;
    // (a version that keeps nothing for the next has no use for telling local answers from the rest: one memo each)
    if (!this.keep) {
      this.resolved.single();
      this.instances.single();
    }
    const old = prev && prev.keep && !prev.retired && prev.path === path ? prev.summaries : undefined;
    const scratch = emptySummary(0);
    const sums: StmtSummary[] = [];
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      let sum = old?.get(s);
      if (sum && !this.summaries.has(s)) {
        old?.delete(s);
        this.adopt(s, sum);
        if (prev) prev.retired = true;
      } else {
        sum = this.cur = this.keep ? emptySummary(s.from) : clearSummary(scratch);
        this.visitStmt(s, this.scope, [], []);
      }
      if (this.keep && !this.summaries.has(s)) this.summaries.set(s, sum);
      this.siteStarts.push(this.callSites.length);
      this.addSummary(sum, i);
      if (this.keep) sums.push(sum);
    }
    this.siteStarts.push(this.callSites.length);
    this.cur = scratch;
    // `qualify`'s and `classOf`'s memos hold for the expressions of unchanged statements when the module scope binds
    // the same way (an edit inside a function body): keep them. Their entries for statements that are gone are
    // never asked again; the memos start afresh once those outnumber the live ones. (Not in a file with star imports:
    // a name it does not bind is qualified through another file, which may have changed.)
    const qualifiedKept = !!old && !!prev && sameItems(prev.bindings, this.bindings) && prev.classSteps.size + prev.qualified.size < 8 * this.callSites.length + 4096 && !this.starImports().length;
    this.nestedClassesKept = qualifiedKept && !!prev && sameItems(nestedClasses(prev.classes), nestedClasses(this.classes));
    if (qualifiedKept && prev) {
      this.qualified = prev.qualified;
      this.classSteps = prev.classSteps;
      this.instances.kept = prev.instances.kept;
      this.carriesSitesOf = prev.id;
    }
    // `resolve`'s local answers hold whatever the module scope binds (see `resolved`)
    const resolvedKept = !!old && !!prev && prev.resolved.kept.size < 8 * this.callSites.length + 4096;
    if (resolvedKept && prev) this.resolved.kept = prev.resolved.kept;
    if (old && (qualifiedKept || resolvedKept)) {
      // the statements that are gone: their entries would keep their scopes (and the versions those belong to) alive
      for (const gone of old.keys()) {
        forEachExprIn(gone, (e) => {
          if (qualifiedKept) {
            this.qualified.delete(e);
            this.classSteps.delete(e);
            this.instances.kept.delete(e);
          }
          if (resolvedKept) this.resolved.kept.delete(e);
        });
      }
    }
    if (old) this.indexFromSummaries(sums);
    else this.indexCalls();
  }

  /** The call indexes (`callsInLoop`, `callsIn`, `callersOf`) of a module built from scratch. */
  private indexCalls(): void {
    for (const site of this.callSites) {
      for (const loop of site.loops) {
        const l = this.callsByLoop.get(loop.stmt);
        if (l) l.push(site);
        else this.callsByLoop.set(loop.stmt, [site]);
      }
      const list = this.callsByScope.get(site.scope);
      if (list) list.push(site);
      else this.callsByScope.set(site.scope, [site]);
      const key = calleeKey(site);
      if (key === undefined) continue;
      const l = this.callsOfFunction.get(key);
      if (l) l.push(site);
      else this.callsOfFunction.set(key, [site]);
    }
  }

  /**
   * The same indexes for a module that adopted statements: from each statement's part (made once per statement,
   * and shared by the versions that share the statement).
   */
  private indexFromSummaries(sums: StmtSummary[]): void {
    const top: CallSite[] = [];
    const shared = new Set<CallSite[]>();
    for (const sum of sums) {
      const ix = (sum.index ??= indexOf(sum.callSites));
      for (const [k, v] of ix.byLoop) this.callsByLoop.set(k, v);
      for (const [k, v] of ix.nested) this.callsByScope.set(k, v);
      for (const x of ix.top) top.push(x);
      for (const [k, v] of ix.byCallee) {
        let l = this.callsOfFunction.get(k);
        if (!l) {
          this.callsOfFunction.set(k, v);
          shared.add(v);
          continue;
        }
        if (shared.has(l)) {
          shared.delete(l);
          this.callsOfFunction.set(k, (l = l.slice()));
        }
        for (const x of v) l.push(x);
      }
    }
    if (top.length) this.callsByScope.set(this.scope, top);
  }

  // ---------------------------------------------------------------- building

  /** Takes over a summary made by an earlier version of this module: module pointers and moved positions. */
  private adopt(s: Stmt, sum: StmtSummary): void {
    const delta = s.from - sum.from;
    if (delta !== 0) {
      for (const a of sum.assigns) a.from += delta;
      sum.from = s.from;
    }
    for (const sc of sum.scopes) {
      sc.module = this;
      if (sc.parent?.kind === 'module') sc.parent = this.scope;
    }
    for (const c of sum.classes) c.module = this;
    for (const a of sum.assigns) if (a.scope.kind === 'module') a.scope = this.scope;
    for (const x of sum.callSites) if (x.scope.kind === 'module') x.scope = this.scope;
    for (const x of sum.loops) if (x.scope.kind === 'module') x.scope = this.scope;
    for (const x of sum.withs) if (x.scope.kind === 'module') x.scope = this.scope;
  }

  /** Appends a statement's contribution to the module (in statement order, as one pass over the IR would). */
  private addSummary(sum: StmtSummary, index: number): void {
    for (const x of sum.callSites) this.callSites.push(x);
    for (const x of sum.loops) this.loops.push(x);
    for (const x of sum.withs) this.withs.push(x);
    for (const x of sum.functions) this.functions.push(x);
    for (const x of sum.classes) this.classes.push(x);
    const scope = this.scope;
    const b = this.keep ? this.bindings : undefined;
    for (const e of sum.effects) {
      if (e.k === 'import') {
        scope.imports.set(e.alias, e.q);
        b?.push('import', e.alias, e.q, index);
      } else if (e.k === 'assign') {
        addAssign(scope, e.a);
        b?.push(e.a.via, e.a.name, e.a.index, e.a.value, index);
      } else if (e.k === 'function') scope.functions.set(e.name, e.info);
      else {
        scope.classes.set(e.name, e.cls);
        b?.push('class', e.name, e.cls, index);
      }
    }
  }

  private newScope(kind: Scope['kind'], name: string, parent: Scope, stmt: Scope['stmt'], body: Stmt[]): Scope {
    const sc = newScope(kind, name, parent, this, stmt, body);
    this.cur.scopes.push(sc);
    return sc;
  }

  private assign(scope: Scope, a: Assignment): void {
    this.cur.assigns.push(a);
    if (scope === this.scope) this.cur.effects.push({ k: 'assign', a });
    else addAssign(scope, a);
  }

  private setImport(scope: Scope, alias: string, q: string): void {
    if (scope === this.scope) this.cur.effects.push({ k: 'import', alias, q });
    else scope.imports.set(alias, q);
  }

  private visitBlock(stmts: Stmt[], scope: Scope, loops: LoopInfo[], withs: WithInfo[]): void {
    for (const s of stmts) this.visitStmt(s, scope, loops, withs);
  }

  private visitStmt(s: Stmt, scope: Scope, loops: LoopInfo[], withs: WithInfo[]): void {
    switch (s.k) {
      case 'assign':
        this.calls(s.value, s, scope, loops, withs);
        for (const t of s.targets) {
          this.bindTarget(t, s.value, undefined, scope, 'assign', s.to); // bound once the value is computed
          if (t.k !== 'name') this.calls(t, s, scope, loops, withs);
        }
        return;
      case 'augassign':
        // `d[k()] += v()`: the target's calls run first
        if (s.target.k !== 'name') this.calls(s.target, s, scope, loops, withs);
        this.calls(s.value, s, scope, loops, withs);
        this.bindTarget(s.target, s.value, undefined, scope, 'augassign', s.to);
        return;
      case 'expr':
        this.calls(s.expr, s, scope, loops, withs);
        return;
      case 'return':
        this.calls(s.value, s, scope, loops, withs);
        return;
      case 'for': {
        this.calls(s.iter, s, scope, loops, withs);
        this.bindTarget(s.target, undefined, undefined, scope, 'for', s.iter.to);
        const loop: LoopInfo = { stmt: s, scope, parent: loops[loops.length - 1] };
        this.cur.loops.push(loop);
        const inLoop = [...loops, loop];
        // `for t[i()] in …`: the target's calls run on each iteration
        if (s.target.k !== 'name') this.calls(s.target, s, scope, inLoop, withs);
        this.visitBlock(s.body.stmts, scope, inLoop, withs);
        if (s.orelse) this.visitBlock(s.orelse.stmts, scope, loops, withs);
        return;
      }
      case 'while': {
        this.calls(s.test, s, scope, loops, withs);
        const loop: LoopInfo = { stmt: s, scope, parent: loops[loops.length - 1] };
        this.cur.loops.push(loop);
        this.visitBlock(s.body.stmts, scope, [...loops, loop], withs);
        if (s.orelse) this.visitBlock(s.orelse.stmts, scope, loops, withs);
        return;
      }
      case 'if':
        for (const b of s.branches) {
          this.calls(b.test, s, scope, loops, withs);
          this.visitBlock(b.body.stmts, scope, loops, withs);
        }
        return;
      case 'with': {
        const info: WithInfo = { stmt: s, scope };
        this.cur.withs.push(info);
        for (const item of s.items) {
          this.calls(item.expr, s, scope, loops, withs);
          if (!item.alias) continue;
          this.bindTarget(item.alias, item.expr, undefined, scope, 'with', item.alias.to);
          // `with … as t[i()]`: the target's calls run once the context is entered
          if (item.alias.k !== 'name') this.calls(item.alias, s, scope, loops, [...withs, info]);
        }
        this.visitBlock(s.body.stmts, scope, loops, [...withs, info]);
        return;
      }
      case 'try':
        for (const b of s.blocks) this.visitBlock(b.stmts, scope, loops, withs);
        return;
      case 'def': {
        for (const d of s.decorators) this.calls(d, s, scope, loops, withs);
        for (const p of s.params) if (p.default) this.calls(p.default, s, scope, loops, withs);
        const fscope = this.newScope('function', s.name, scope, s, s.body.stmts);
        const info: FunctionInfo = { name: s.name, stmt: s, scope: fscope, cls: scope.kind === 'class' ? scope.cls : undefined };
        fscope.cls = info.cls;
        this.cur.functions.push(info);
        if (scope === this.scope) this.cur.effects.push({ k: 'function', name: s.name, info });
        else scope.functions.set(s.name, info);
        if (scope.kind === 'class' && scope.cls) scope.cls.methods.set(s.name, info);
        this.assign(scope, { name: s.name, value: undefined, from: s.from, via: 'def', scope, target: undefined });
        for (const p of s.params) this.assign(fscope, { name: p.name, value: p.default, from: p.from, via: 'param', scope: fscope, target: undefined, param: p });
        this.visitBlock(s.body.stmts, fscope, [], []);
        return;
      }
      case 'class': {
        for (const d of s.decorators) this.calls(d, s, scope, loops, withs);
        for (const b of s.bases) this.calls(b, s, scope, loops, withs);
        const cscope = this.newScope('class', s.name, scope, s, s.body.stmts);
        const cls: ClassInfo = { name: s.name, stmt: s, scope: cscope, module: this, methods: new Map(), attrs: new Map() };
        cscope.cls = cls;
        this.cur.classes.push(cls);
        if (scope === this.scope) this.cur.effects.push({ k: 'class', name: s.name, cls });
        else scope.classes.set(s.name, cls);
        this.assign(scope, { name: s.name, value: undefined, from: s.from, via: 'class', scope, target: undefined });
        this.visitBlock(s.body.stmts, cscope, [], []);
        return;
      }
      case 'import':
        for (const n of s.names) {
          if (n.alias) this.setImport(scope, n.alias, n.module);
          else {
            const head = n.module.split('.')[0];
            this.setImport(scope, head, head);
          }
          this.assign(scope, { name: n.alias ?? n.module.split('.')[0], value: undefined, from: s.from, via: 'import', scope, target: undefined });
        }
        return;
      case 'from': {
        const base = '.'.repeat(s.level) + s.module;
        for (const n of s.names) {
          if (n.name === '*') continue;
          const q = s.level > 0 && !s.module ? base + n.name : base + '.' + n.name;
          this.setImport(scope, n.alias ?? n.name, q);
          this.assign(scope, { name: n.alias ?? n.name, value: undefined, from: s.from, via: 'import', scope, target: undefined });
        }
        return;
      }
      default:
        for (const e of s.exprs) this.calls(e, s, scope, loops, withs);
    }
  }

  private bindTarget(t: Expr, value: Expr | undefined, index: number | undefined, scope: Scope, via: Assignment['via'], from: number): void {
    if (t.k === 'name') {
      this.assign(scope, { name: t.id, value, index, from, via, scope, target: t });
    } else if (t.k === 'seq') {
      t.items.forEach((item, i) => {
        if (item.k === 'name') this.assign(scope, { name: item.id, value, index: i, from, via, scope, target: item });
        else if (item.k === 'attr') this.bindTarget(item, value, i, scope, via, from);
        else if (item.k === 'seq') this.bindTarget(item, undefined, undefined, scope, via, from);
      });
    } else if (t.k === 'attr' && t.obj.k === 'name' && t.obj.id === 'self' && scope.cls) {
      let list = scope.cls.attrs.get(t.attr);
      if (!list) scope.cls.attrs.set(t.attr, (list = []));
      const a: Assignment = { name: 'self.' + t.attr, value: via === 'assign' ? value : undefined, index, from, via, scope, target: t };
      this.cur.assigns.push(a);
      list.push(a);
    }
  }

  /** Every call in an expression, in `walkExpr`'s order (pre-order), as call sites of the statement. */
  private calls(e: Expr | undefined, stmt: Stmt, scope: Scope, loops: LoopInfo[], withs: WithInfo[]): void {
    if (!e) return;
    switch (e.k) {
      case 'attr':
        this.calls(e.obj, stmt, scope, loops, withs);
        return;
      case 'call':
        this.cur.callSites.push({ call: e, scope, loops, withs, stmt, memo: undefined });
        this.calls(e.fn, stmt, scope, loops, withs);
        for (const a of e.args) this.calls(a, stmt, scope, loops, withs);
        for (const k of e.kwargs) this.calls(k.value, stmt, scope, loops, withs);
        for (const x of e.starred) this.calls(x, stmt, scope, loops, withs);
        return;
      case 'seq':
        for (const i of e.items) this.calls(i, stmt, scope, loops, withs);
        return;
      case 'dict':
        for (const en of e.entries) {
          this.calls(en.key, stmt, scope, loops, withs);
          this.calls(en.value, stmt, scope, loops, withs);
        }
        return;
      case 'subscript':
        this.calls(e.obj, stmt, scope, loops, withs);
        for (const i of e.index) this.calls(i, stmt, scope, loops, withs);
        return;
      case 'binop':
        this.calls(e.left, stmt, scope, loops, withs);
        this.calls(e.right, stmt, scope, loops, withs);
        return;
      case 'unary':
        this.calls(e.arg, stmt, scope, loops, withs);
        return;
      case 'other':
        for (const p of e.parts) this.calls(p, stmt, scope, loops, withs);
        return;
      default:
        return;
    }
  }

  // ---------------------------------------------------------------- queries

  /** Every call made directly in a scope (not in nested functions). */
  callsIn(scope: Scope): CallSite[] {
    return this.callsByScope.get(scope) ?? [];
  }

  /** Every call made inside a loop's body (at any depth, not in nested functions). */
  callsInLoop(loop: LoopStmt): CallSite[] {
    return this.callsByLoop.get(loop) ?? [];
  }

  /** Every loop made directly in a scope (not in nested functions), in source order. */
  loopsIn(scope: Scope): LoopInfo[] {
    this.loopsByScope ??= byScope(this.loops);
    return this.loopsByScope.get(scope) ?? [];
  }

  /** Every `with` block made directly in a scope (not in nested functions), in source order. */
  withsIn(scope: Scope): WithInfo[] {
    this.withsByScope ??= byScope(this.withs);
    return this.withsByScope.get(scope) ?? [];
  }

  /** The `with` block of a `with` statement of this module. */
  withOf(stmt: Stmt): WithInfo | undefined {
    this.withsByStmt ??= new Map(this.withs.map((w) => [w.stmt, w]));
    return this.withsByStmt.get(stmt);
  }

  /** Every loop whose statement lies within `from`–`to` (in any scope), in source order. */
  loopsWithin(from: number, to: number): LoopInfo[] {
    this.loopsByPos ??= sortedByFrom(this.loops, (l) => l.stmt.from);
    return within(this.loopsByPos, (l) => l.stmt, from, to);
  }

  /**
   * Every call site whose call lies within `from`–`to` (in any scope), ordered by where the call starts. Read from the
   * top-level statements the span meets, each with its sites in source order (kept with the statement, `perStatement`:
   * an edit moves them all alike), where one list of the file's sites sorted again in each version was.
   */
  callsWithin(from: number, to: number): CallSite[] {
    const out: CallSite[] = [];
    const n = this.stmts.length;
    for (let i = Math.max(0, this.topIndexAt(from)); i < n && this.stmts[i].from <= to; i++) {
      const sorted = sitesByPosition(this, i);
      if (sorted.length) for (const s of within(sorted, (x) => x.call, from, to)) out.push(s);
    }
    return out;
  }

  /** Call sites that call the function `fn` of this module (by name, or `self.name` for methods). */
  callersOf(fn: FunctionInfo): CallSite[] {
    const key = fn.cls ? 'self.' + fn.name : fn.name;
    return (this.callsOfFunction.get(key) ?? []).filter((s) => (fn.cls ? s.scope.cls === fn.cls : true));
  }

  /**
   * The modules the file star-imports (`from .unet_parts import *`, at module level, also in its `if`/`try` blocks),
   * as the base of a qualified name (`.unet_parts`), in order.
   */
  starImports(): readonly string[] {
    if (this.stars) return this.stars;
    const out: string[] = [];
    const visit = (stmts: Stmt[]): void => {
      for (const st of stmts) {
        if (st.k === 'from' && st.names.some((n) => n.name === '*')) out.push('.'.repeat(st.level) + st.module);
        else if (st.k !== 'def' && st.k !== 'class') forEachBlock(st, (b) => visit(b.stmts));
      }
    };
    visit(this.stmts);
    return (this.stars = out);
  }

  /**
   * A name no statement of the file binds, taken from a project module it star-imports (`DoubleConv` after `from
   * .unet_parts import *`): its qualified name there (`.unet_parts.DoubleConv`), the last such import first, as
   * Python binds them. Undefined for names of the libraries' star imports (`from torch.nn import *`): not followed.
   */
  private starImported(id: string, scope: Scope, depth = 0): string | undefined {
    const bases = this.starImports();
    if (!bases.length || !this.linker || BUILTINS.has(id) || this.assignmentsOf(id, scope).length) return undefined;
    for (let i = bases.length - 1; i >= 0; i--) {
      const q = starName(bases[i], id);
      if (this.linker.resolve(this, q)) return q;
      // a name the star-imported module imports itself (`nn` of its `import torch.nn as nn`): what it names there,
      // also through the star imports of that module (`from data import *` where data.py does `from conf import *`
      // and conf.py `import torch`); only names of libraries, which mean the same from every file
      const target = this.linker.moduleOf?.(this, bases[i]);
      if (!target || target === this) continue;
      const imported = target.scope.imports.get(id) ?? (depth < 3 ? target.starImported(id, target.scope, depth + 1) : undefined);
      if (imported && !imported.startsWith('.')) return imported;
    }
    return undefined;
  }

  /** The qualified name of an expression through imports: `nn.CrossEntropyLoss` → `torch.nn.CrossEntropyLoss`. */
  qualify(e: Expr, scope: Scope): string | undefined {
    if (e.k === 'name') return lookupImport(e.id, scope) ?? this.starImported(e.id, scope);
    if (e.k !== 'attr') return undefined;
    const kept = this.qualified.get(e);
    if (kept !== undefined) return kept ?? undefined;
    const base = this.qualify(e.obj, scope);
    const q = base ? base + '.' + e.attr : undefined;
    this.qualified.set(e, q ?? null);
    return q;
  }

  /** The name `id` as bound in `scope` or its enclosing scopes (class scopes are skipped, as in Python). */
  assignmentsOf(id: string, scope: Scope): Assignment[] {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.kind === 'class' && s !== scope) continue;
      const list = s.assigns.get(id);
      if (list?.length) return list;
    }
    return [];
  }

  /** The definition of `id` that reaches position `at` in `scope`, when there is exactly one candidate. */
  reachingAssignment(id: string, scope: Scope, at: number): Assignment | undefined {
    const list = this.assignmentsOf(id, scope);
    if (!list.length) return undefined;
    const sameScope = list[0].scope === scope;
    if (sameScope) {
      let best: Assignment | undefined;
      for (const a of list) if (a.from < at && (!best || a.from > best.from)) best = a;
      if (best) return best;
      // Used before any assignment in this scope (a loop-carried value): give up unless there is only one.
      return list.length === 1 ? list[0] : undefined;
    }
    if (list.length === 1) return list[0];
    // A module-level name used inside a function: the last top-level binding before the use, if any.
    let best: Assignment | undefined;
    for (const a of list) if (a.from < at && (!best || a.from > best.from)) best = a;
    // (a function the module defines after that binding is what the name holds when the function runs)
    let def: Assignment | undefined;
    for (const a of list) if (a.via === 'def' && (!best || a.from > best.from) && (!def || a.from > def.from)) def = a;
    return def ?? best ?? list[list.length - 1];
  }

  /**
   * Follows an expression to the value it holds: names through assignments, `self.x` through the class's
   * assignments, parameters through the call sites of their function. Stops at calls, literals, and where
   * the value is not certain (several different assignments).
   */
  resolve(e: Expr, scope: Scope, depth = 0): ResolvedValue | undefined {
    if (depth > 0) return this.resolveUncached(e, scope, depth);
    const memo = this.resolved;
    if (memo.has(e)) {
      // (an answer that read beyond its statement makes whatever asked it do so too)
      if (memo.fromRest) this.nonLocalReads++;
      return memo.value;
    }
    const before = this.nonLocalReads;
    const r = this.resolveUncached(e, scope, 0);
    // (an answer in the module scope names this version's scope object: the next version has its own)
    memo.set(e, r, this.nonLocalReads === before && r?.scope.kind !== 'module');
    return r;
  }

  private resolveUncached(e: Expr, scope: Scope, depth: number): ResolvedValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (e.k === 'name') {
      const a = this.reachingAssignment(e.id, scope, e.from);
      // (a binding of the module or a class, or none: other statements may bind the name too, or start to)
      if (!a || a.scope.kind !== 'function') this.nonLocalReads++;
      if (!a) return undefined;
      if (a.via === 'param') {
        // (the values the function's callers hand it)
        this.nonLocalReads++;
        return this.resolveParam(a, depth);
      }
      if (a.via === 'import' || a.via === 'def' || a.via === 'class') return { expr: e, scope };
      if ((a.via !== 'assign' && a.via !== 'with') || !a.value) return undefined;
      const v = assignedValue(a);
      return v ? this.resolve(v, a.scope, depth + 1) ?? { expr: v, scope: a.scope } : undefined;
    }
    if (e.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'self' && scope.cls) {
      // (the class's methods, which are in the expression's own top-level statement (the class around it), else its
      // base classes, which are not)
      const own = scope.cls.attrs.get(e.attr);
      if (!own?.length) this.nonLocalReads++;
      const list = own?.length ? own : this.attrAssignments(scope.cls, e.attr);
      const all = list.map((a) => ({ a, v: assignedValue(a) }));
      // `self.model = self.model.cuda()` (or `.to(device)`) moves the object the other assignments build
      // and `self.train_ds = None` in `__init__` is a placeholder until a method (`setup()`) assigns the value
      const values = all.filter(({ a, v }) => !(v && movesItself(v, e.attr)) && !(all.length > 1 && initPlaceholder(a)));
      if (!values.length || values.some((x) => !x.v)) return undefined;
      const resolved = values.map(({ a, v }) => this.resolve(v as Expr, a.scope, depth + 1) ?? { expr: v as Expr, scope: a.scope });
      if (resolved.length === 1) return resolved[0];
      // (several values are told apart by what builds them: classes and imports of the module scope)
      this.nonLocalReads++;
      return allSame(resolved, (r) => this.valueKey(r)) ? resolved[0] : undefined;
    }
    return { expr: e, scope };
  }

  /** `self.x` assignments of a class and its base classes of the project. */
  attrAssignments(cls: ClassInfo, attr: string, depth = 0): Assignment[] {
    const own = cls.attrs.get(attr);
    if (own?.length) return own;
    if (depth > 4) return [];
    for (const base of this.baseClasses(cls)) {
      if (base.kind === 'local') {
        const found = base.cls.module.attrAssignments(base.cls, attr, depth + 1);
        if (found.length) return found;
      }
    }
    return [];
  }

  /**
   * An answer about a parameter that follows it into its function's callers (`resolve`'s, `valuesOf`'s), kept with the
   * parameter's binding in `kept`, per depth (the depth limit may cut an answer short). For this version and link
   * generation, whoever asks again is handed it and counts the reads the first asker counted (`outsideReadCount`).
   * Carried into a later version that binds the module scope the same way (`carries`) when, while it was worked out,
   * it counted no read at all (no other file, no binding of a class, no parameter of a caller followed into its own
   * callers), names no module scope (made anew for each version: `inModuleScope`), and the callers `compute` read
   * (`undefined`: not carried; `__init__`'s constructor calls depend on the file's subclasses) are the same call sites:
   * a site is the same object only while its statement is unchanged, and the answer then names only objects of those
   * statements, of the module scope's bindings and of the parameter's function.
   */
  paramFact<T>(kept: Carried<Assignment, (KeptParam<T> | undefined)[]>, a: Assignment, depth: number, compute: () => { value: T; callers: CallSite[] | undefined }, inModuleScope: (v: T) => boolean): T {
    const gen = this.linker?.linkGeneration ?? 0;
    let perDepth = kept.get(a);
    const entry = perDepth?.[depth];
    if (entry) {
      if (entry.m === this.id && entry.gen === gen) {
        this.nonLocalReads += entry.nonLocal;
        this.projectReads += entry.project;
        this.linkReads += entry.link;
        this.replayed += entry.replayed;
        return entry.value;
      }
      if (entry.callers && this.carries(entry.m)) {
        const fn = this.functionOf(a.scope);
        if (fn && sameItems(this.callersOf(fn), entry.callers)) {
          entry.m = this.id;
          entry.gen = gen;
          return entry.value;
        }
      }
    }
    const [nonLocal, project, link, replayed] = [this.nonLocalReads, this.projectReads, this.linkReads, this.replayed];
    const { value, callers } = compute();
    const made: KeptParam<T> = {
      m: this.id,
      gen,
      value,
      nonLocal: this.nonLocalReads - nonLocal,
      project: this.projectReads - project,
      link: this.linkReads - link,
      replayed: this.replayed - replayed,
      callers: undefined,
    };
    if (!made.nonLocal && !made.project && !made.link && !made.replayed && !inModuleScope(value)) made.callers = callers;
    if (!perDepth) kept.set(a, (perDepth = []));
    perDepth[depth] = made;
    return value;
  }

  /** The value the callers of a parameter's function hand it, when all hand the same kind of thing (see `paramFact`). */
  private resolveParam(a: Assignment, depth: number): ResolvedValue | undefined {
    return this.paramFact(paramsResolved, a, depth, () => this.resolveParamUncached(a, depth), (v) => v?.scope.kind === 'module');
  }

  private resolveParamUncached(a: Assignment, depth: number): { value: ResolvedValue | undefined; callers: CallSite[] | undefined } {
    const fnScope = a.scope;
    const fn = this.functionOf(a.scope);
    if (!fn || !a.param) return { value: undefined, callers: undefined };
    const param = a.param;
    const results: ResolvedValue[] = [];
    const ctor = fn.name === '__init__' && fn.cls;
    const callers = ctor ? this.constructorCalls(ctor) : this.callersOf(fn);
    const out = (value: ResolvedValue | undefined): { value: ResolvedValue | undefined; callers: CallSite[] | undefined } => ({ value, callers: ctor ? undefined : callers });
    if (!callers) return out(undefined);
    for (const site of callers) {
      const arg = argumentFor(fn, param, site.call);
      if (!arg) {
        // (`Net(**cfg.net_params)` may set it: not the default, whatever it is; review 131)
        if (site.call.star) return out(undefined);
        if (a.param.default) results.push(this.resolve(a.param.default, fnScope, depth + 1) ?? { expr: a.param.default, scope: fnScope });
        else return out(undefined);
        continue;
      }
      const r = this.resolve(arg, site.scope, depth + 1);
      if (!r) return out(undefined);
      results.push(r);
    }
    if (!results.length) return out(undefined);
    return out(allSame(results, (r) => this.valueKey(r)) ? results[0] : undefined);
  }

  /**
   * The calls of this module that build an instance of a class (`Trainer(model, loader)`), whose arguments are
   * `__init__`'s; none known (undefined) when a class of the module derives from it, as its `super().__init__(…)`
   * hands `__init__` values of its own.
   */
  private constructorCalls(cls: ClassInfo): CallSite[] | undefined {
    if (this.constructors.has(cls)) return this.constructors.get(cls);
    const subclassed = this.classes.some((c) => c !== cls && this.baseClasses(c).some((b) => b.kind === 'local' && b.cls === cls));
    const calls = subclassed
      ? undefined
      : (this.callsOfFunction.get(cls.name) ?? []).filter((site) => {
          const c = this.classOf(site.call.fn, site.scope);
          return c?.kind === 'local' && c.cls === cls;
        });
    this.constructors.set(cls, calls);
    return calls;
  }

  /** A key that says whether two resolved values are "the same kind of thing" (the same constructor). */
  private valueKey(r: ResolvedValue): string {
    if (r.expr.k === 'call') {
      const c = this.classOf(r.expr.fn, r.scope);
      if (c) return c.kind === 'local' ? 'local:' + c.cls.module.path + ':' + c.cls.name : 'ext:' + c.qname;
      return 'call@' + r.scope.module.path + ':' + r.expr.from;
    }
    return r.expr.k + '@' + r.scope.module.path + ':' + r.expr.from;
  }

  /** What a callee names as a class: a class of the project (this file or an imported one), or a library class. */
  classOf(fn: Expr, scope: Scope, depth = 0): ClassRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const step = depth === 0 ? this.classStepMemo(fn, scope) : this.classStep(fn, scope);
    if (!step) return undefined;
    // (a class found by name is bound in the module scope or in the expression's own statement: no project read)
    if (step.k === 'class') return { kind: 'local', cls: step.cls };
    if (step.k === 'alias') return this.classOf(step.value, step.scope, depth + 1);
    return this.classNamed(step.q);
  }

  /** The class a qualified name names: one of the project (a module of it the linker finds), else a library's. */
  classNamed(q: string): ClassRef {
    if (this.linker && !this.linker.neverLinks?.(q)) {
      this.projectReads++;
      this.linkReads++;
    }
    const linked = this.linker?.resolve(this, q);
    if (linked) {
      const cls = linked.module.classes.find((c) => c.name === linked.name && c.scope.parent === linked.module.scope);
      if (cls) return { kind: 'local', cls };
    }
    return { kind: 'external', qname: q };
  }

  private classStepMemo(fn: Expr, scope: Scope): ClassStep {
    const known = scope.kind === 'module' ? this.classStepsHere.get(fn) : (this.classSteps.get(fn) ?? this.classStepsHere.get(fn));
    // (an alias step kept from an earlier version may name that version's module scope: not used)
    if (known?.scope === scope && (known.step?.k !== 'alias' || known.step.scope.module === this)) return known.step;
    const step = this.classStep(fn, scope);
    if (scope.kind === 'module' || (step?.k === 'alias' && step.scope.kind === 'module')) {
      this.classStepsHere.set(fn, { scope, step });
      // (a carried answer it replaces would be asked first again)
      if (scope.kind !== 'module') this.classSteps.delete(fn);
    } else this.classSteps.set(fn, { scope, step });
    return step;
  }

  private classStep(fn: Expr, scope: Scope): ClassStep {
    if (fn.k === 'name') {
      const a = this.reachingAssignment(fn.id, scope, fn.from);
      if (a?.via === 'class') {
        const cls = findClass(a.scope, fn.id);
        return cls ? { k: 'class', cls } : undefined;
      }
      if (a?.via === 'import') {
        const q = lookupImport(fn.id, scope);
        return q ? { k: 'qname', q } : undefined;
      }
      if (!a) {
        const q = this.starImported(fn.id, scope);
        return q ? { k: 'qname', q } : undefined;
      }
      if (a?.via === 'assign' && a.value && (a.value.k === 'name' || a.value.k === 'attr')) return { k: 'alias', value: a.value, scope: a.scope };
      return undefined;
    }
    if (fn.k === 'attr') {
      const q = this.qualify(fn, scope);
      return q ? { k: 'qname', q } : undefined;
    }
    return undefined;
  }

  /** The class of the object an expression holds, when it was built by calling a class. */
  instanceOf(e: Expr, scope: Scope, depth = 0): Instance | undefined {
    if (depth === 0) {
      const memo = this.instances;
      if (memo.has(e)) {
        // (an answer that read more makes whatever asked it do so too)
        if (memo.fromRest) this.projectReads++;
        return memo.value;
      }
      const reads = this.nonLocalReads;
      const project = this.projectReads;
      const v = this.instanceOf(e, scope, 1);
      // (a class of this file found by name: bound in the module scope, which binds by the class object, or in the
      // expression's own statement; kept while the module scope binds the same way, as the memo is)
      const local = this.nonLocalReads === reads && this.projectReads === project && (!v || v.scope.kind !== 'module');
      memo.set(e, v, local);
      return v;
    }
    const r = this.resolve(e, scope);
    // (one of several values a function of the project returns, unpacked: `trainer, model, _ = build_tft(config)`
    // with `return trainer, tft, dm`; m5-comp, review 130)
    if (!r && e.k === 'name' && depth < MAX_DEPTH) {
      const a = this.reachingAssignment(e.id, scope, e.from);
      if (a?.via === 'assign' && a.index !== undefined && a.value?.k === 'call') {
        this.projectReads++;
        return unpackedProduct(a.scope.module, a.value, a.index, a.scope, depth);
      }
    }
    if (!r || r.expr.k !== 'call') return undefined;
    const fn = r.expr.fn;
    // `Net().to(device)`, `model.cuda()`: methods of nn.Module that return the module itself
    if (fn.k === 'attr' && RETURNS_SELF.has(fn.attr) && depth < MAX_DEPTH) {
      const inner = r.scope.module.instanceOf(fn.obj, r.scope, depth + 1);
      if (inner) return inner;
    }
    // `model = torch.compile(model)`: the compiled module runs the model's methods (and answers its attributes)
    if (r.expr.args.length && depth < MAX_DEPTH && r.scope.module.qualify(fn, r.scope) === 'torch.compile') {
      const inner = r.scope.module.instanceOf(r.expr.args[0], r.scope, depth + 1);
      if (inner) return inner;
    }
    const ref = this.classOf(r.expr.fn, r.scope);
    // a factory of the project (`model = get_net(cfg, is_train=True)`): what every one of its returns builds
    if ((!ref || ref.kind === 'external') && depth < MAX_DEPTH) {
      const made = factoryProduct(r.scope.module, r.expr, r.scope, depth);
      if (made) return made;
    }
    return ref ? { ref, call: r.expr, scope: r.scope } : undefined;
  }

  /** Qualified name of the function or class a call calls (through imports and simple aliases). */
  calleeName(call: CallExpr, scope: Scope): string | undefined {
    // An external class's name is the callee's qualified name, except through an alias (`DL = DataLoader`): only
    // then does the answer depend on `classOf` (and its links to other files).
    if (call.fn.k === 'name' && this.classStepMemo(call.fn, scope)?.k === 'alias') {
      const ref = this.classOf(call.fn, scope);
      if (ref?.kind === 'external') return ref.qname;
    }
    return this.qualify(call.fn, scope);
  }

  /** Whether this version keeps its statements' summaries for the next (from the second version of a file on: an edit). */
  get keepsForNext(): boolean {
    return this.keep;
  }

  /**
   * Whether an answer worked out in version `id` of this module still holds in this version (or in a later analysis of
   * it) when it read only its own top-level statement and the module scope's bindings, asked the linker about no name
   * a project file could hold (`linkReadCount` unchanged while it was worked out), and names only objects this version
   * still has (see `SiteMemo`).
   */
  carries(id: number): boolean {
    return id === this.id || id === this.carriesSitesOf;
  }

  /** How many times the linker was asked about a name a project file could hold (see `carries`). */
  get linkReadCount(): number {
    return this.linkReads;
  }

  /**
   * Grows whenever an answer reads beyond its own top-level statement and the module scope's bindings: a binding of
   * the module or a class read by `resolve`, callers' arguments, a function of the project (`projectCallee`, a
   * factory's returns), the linker, and every kept answer handed out that read such a thing when worked out (the
   * memos of `resolve`, `instanceOf`, `baseClasses` and the call sites'). A fact worked out while it stays the same
   * read only its own statement (and, through the answers it was handed, the functions those name, and the module
   * scope): in the next version that binds the same way, it holds for the statement when those functions are still
   * the module's.
   */
  get outsideReadCount(): number {
    return this.nonLocalReads + this.projectReads + this.linkReads + this.replayed;
  }

  /**
   * Counts a read beyond a statement that the counts above do not see: a kept fact handed out that made one when worked
   * out, or a question about the whole file (the callers of a function, in `valuesOf`). See `outsideReadCount`.
   */
  noteOutsideRead(): void {
    this.replayed++;
  }

  /** `classOf(site.call.fn, site.scope)`, asked once per call site and analysis. */
  siteClass(site: CallSite): ClassRef | undefined {
    const memo = this.siteMemo(site);
    if (!memo) return this.classOf(site.call.fn, site.scope);
    if (memo.cls === null) {
      const reads = this.linkReads;
      const outside = this.outsideReadCount;
      memo.cls = this.classOf(site.call.fn, site.scope);
      if (this.linkReads === reads) memo.carried |= 1;
      if (this.outsideReadCount !== outside) memo.outside |= 1;
    } else if (memo.outside & 1) this.replayed++;
    return memo.cls;
  }

  /** `calleeName(site.call, site.scope)`, asked once per call site and analysis. */
  siteCallee(site: CallSite): string | undefined {
    const memo = this.siteMemo(site);
    if (!memo) return this.calleeName(site.call, site.scope);
    if (memo.callee === null) {
      const reads = this.linkReads;
      const outside = this.outsideReadCount;
      memo.callee = this.calleeName(site.call, site.scope);
      if (this.linkReads === reads) memo.carried |= 2;
      if (this.outsideReadCount !== outside) memo.outside |= 2;
    } else if (memo.outside & 2) this.replayed++;
    return memo.callee;
  }

  /** `siteCallee` made one spelling by `normalize` (always the same function: torch.ts's `canonical`), kept as that is. */
  siteCalleeNormalized(site: CallSite, normalize: (q: string) => string): string | undefined {
    const memo = this.siteMemo(site);
    if (!memo) {
      const q = this.calleeName(site.call, site.scope);
      return q === undefined ? q : normalize(q);
    }
    if (memo.normalized === null) {
      const q = this.siteCallee(site);
      memo.normalized = q === undefined ? q : normalize(q);
      // (carried with the name it is made of)
      if (memo.carried & 2) memo.carried |= 4;
    } else if (memo.outside & 2) this.replayed++;
    return memo.normalized;
  }

  /** The index of the top-level statement starting last at or before an offset (the one it lies in, if any); -1 if none. */
  topIndexAt(offset: number): number {
    return firstStartingAt(this.stmts, (s) => s.from, offset + 1) - 1;
  }

  /**
   * The call sites of the top-level statement `stmts[i]`, at any depth. When the module keeps its statements'
   * summaries (a file being edited), this is the summary's own list: the same array in every version that shares
   * the statement, which is what `perStatement` keys its answers by.
   */
  topSites(i: number): readonly CallSite[] {
    // (looked up once per statement and version: the file-wide facts ask for every statement's, many times)
    const lists = (this.topLists ??= []);
    let list = lists[i];
    if (list) return list;
    const sum = this.keep ? this.summaries.get(this.stmts[i]) : undefined;
    // (else the same list each time within this version: `perStatement`'s parts are keyed by it)
    list = sum ? sum.callSites : this.callSites.slice(this.siteStarts[i], this.siteStarts[i + 1]);
    lists[i] = list;
    return list;
  }

  /** `topSites` per statement, made once per version. */
  private topLists: (readonly CallSite[])[] | undefined;

  private siteMemo(site: CallSite): SiteMemo | undefined {
    if (site.scope.module !== this) return undefined;
    const gen = this.linker?.linkGeneration ?? 0;
    let memo = site.memo;
    if (!memo) site.memo = memo = { m: this.id, gen, carried: 0, carriedFacts: 0, outside: 0, factsOutside: 0, cls: null, callee: null, normalized: null, facts: undefined };
    else if (memo.m !== this.id || memo.gen !== gen) {
      // reset in place: no garbage per site and analysis; the answers that do not depend on the analysis's links are
      // kept, in a later analysis of this version or in the next version (see `SiteMemo`)
      const carries = this.carries(memo.m);
      const carried = carries ? memo.carried : 0;
      memo.m = this.id;
      memo.gen = gen;
      memo.carried = carried;
      // (a carried answer read what it read: its bit stays)
      memo.outside &= carried;
      if (!(carried & 1)) memo.cls = null;
      if (!(carried & 2)) memo.callee = null;
      if (!(carried & 4)) memo.normalized = null;
      const facts = memo.facts;
      if (facts) {
        let kept = carries ? memo.carriedFacts : 0;
        for (let i = 0; i < facts.length; i++) {
          if (kept & (1 << i) && (slotCarry[i] as (m: PyModule, v: unknown) => boolean)(this, facts[i])) continue;
          kept &= ~(1 << i);
          facts[i] = UNSET;
        }
        memo.carriedFacts = kept;
        memo.factsOutside &= kept;
      }
    }
    return memo;
  }

  /**
   * A fact of a later layer about a call site (`slot` from `siteSlot`), computed once per site and version of this
   * module; `compute` must depend on nothing but the site and this version. A site of another module is not kept.
   */
  siteFact<T>(site: CallSite, slot: number, compute: (m: PyModule, site: CallSite) => T): T {
    const memo = this.siteMemo(site);
    if (!memo) return compute(this, site);
    const facts = (memo.facts ??= new Array<unknown>(siteSlots).fill(UNSET));
    // (a slot made after the array was: not asked yet)
    let v = slot < facts.length ? facts[slot] : UNSET;
    if (v === UNSET) {
      const reads = this.linkReads;
      const outside = this.outsideReadCount;
      facts[slot] = v = compute(this, site);
      if (slotCarry[slot] && this.linkReads === reads && (!slotLocal[slot] || this.outsideReadCount === outside)) memo.carriedFacts |= 1 << slot;
      if (this.outsideReadCount !== outside) memo.factsOutside |= 1 << slot;
    } else if (memo.factsOutside & (1 << slot)) this.replayed++;
    return v as T;
  }

  /**
   * The classes a class names as its bases (those `classOf` finds). Kept per class for its module's version and the
   * analysis's links (`method` asks it of every `self.x(…)` that is no method of the class itself, `derivesFrom` of
   * every question about a model class). Not to be changed by the caller. A kept answer that asked the linker counts
   * its question again (`linkReads`, `projectReads`): what reads it reads another file.
   */
  baseClasses(cls: ClassInfo): readonly ClassRef[] {
    const mod = cls.module;
    const gen = mod.linker?.linkGeneration ?? 0;
    const kept = bases.get(cls);
    if (kept && kept.m === mod.id && kept.gen === gen) {
      // (what asked again reads what the first asker read: the linker's answers, as `classNamed` counts them)
      if (kept.linked) {
        mod.projectReads++;
        mod.linkReads++;
      }
      return kept.refs;
    }
    const reads = mod.linkReads;
    const out: ClassRef[] = [];
    for (const b of cls.stmt.bases) {
      const ref = mod.classOf(b, cls.scope.parent ?? mod.scope);
      if (ref) out.push(ref);
    }
    bases.set(cls, { m: mod.id, gen, refs: out, linked: mod.linkReads !== reads });
    return out;
  }

  /** Whether a class derives (through project classes) from a library class whose name `test` accepts. */
  derivesFrom(cls: ClassInfo, test: (qname: string) => boolean, depth = 0): boolean {
    if (depth > 8) return false;
    for (const b of cls.module.baseClasses(cls)) {
      if (b.kind === 'external' && test(b.qname)) return true;
      if (b.kind === 'local' && b.cls !== cls && b.cls.module.derivesFrom(b.cls, test, depth + 1)) return true;
    }
    return false;
  }

  /** A method of a class or of its project base classes. */
  method(cls: ClassInfo, name: string, depth = 0): FunctionInfo | undefined {
    const own = cls.methods.get(name);
    if (own || depth > 8) return own;
    for (const b of cls.module.baseClasses(cls)) {
      if (b.kind === 'local' && b.cls !== cls) {
        const m = b.cls.module.method(b.cls, name, depth + 1);
        if (m) return m;
      }
    }
    return undefined;
  }

  /** Values returned by a function (every `return` with a value, not in nested functions). */
  returns(fn: FunctionInfo): Expr[] {
    const out: Expr[] = [];
    const visit = (stmts: Stmt[]): void => {
      for (const s of stmts) {
        if (s.k === 'return') {
          if (s.value) out.push(s.value);
        } else forEachBlock(s, (b) => visit(b.stmts));
      }
    };
    visit(fn.stmt.body.stmts);
    return out;
  }

  /** The function whose body directly contains a scope's statements. */
  functionOf(scope: Scope): FunctionInfo | undefined {
    if (scope.kind !== 'function' || !scope.stmt || scope.stmt.k !== 'def') return undefined;
    return scope.parent?.functions.get(scope.stmt.name);
  }

  /**
   * The function a call calls, when it is a function or method of this module (`train_one_epoch(...)`,
   * `self.validate(...)`).
   */
  localCallee(call: CallExpr, scope: Scope): FunctionInfo | undefined {
    return this.localFunction(call.fn, scope);
  }

  /** The function of this module an expression names: `closure`, `self.validate` (what `localCallee` calls). */
  localFunction(e: Expr, scope: Scope): FunctionInfo | undefined {
    if (e.k === 'name') {
      const a = this.reachingAssignment(e.id, scope, e.from);
      if (a?.via === 'def') return a.scope.functions.get(e.id);
      return undefined;
    }
    if (e.k === 'attr' && e.obj.k === 'name' && e.obj.id === 'self' && scope.cls) {
      return this.method(scope.cls, e.attr);
    }
    return undefined;
  }
  /** `localCallee` of a call site, kept with the site's other answers for this version (asked by many rules per site). */
  siteLocalCallee(site: CallSite): FunctionInfo | undefined {
    return this.siteFact(site, LOCAL_CALLEE, localCalleeOf);
  }

  /** `projectCallee` of a call site, kept as `siteLocalCallee`. */
  siteProjectCallee(site: CallSite): FunctionInfo | undefined {
    return this.siteFact(site, PROJECT_CALLEE, projectCalleeOf);
  }

  /** The project function a call calls: one of this file (`localCallee`), or one imported from another project file. */
  projectCallee(call: CallExpr, scope: Scope): FunctionInfo | undefined {
    const local = this.localCallee(call, scope);
    if (local) {
      // (a function of the project: its code may change while the module scope binds the same way)
      this.projectReads++;
      return local;
    }
    // `train(…)` imported by name, or `engine.train(…)` with `import engine` (a module of the project)
    const base = call.fn.k === 'name' ? call.fn : call.fn.k === 'attr' && call.fn.obj.k === 'name' ? call.fn.obj : undefined;
    if (!base) return undefined;
    const a = this.reachingAssignment(base.id, scope, base.from);
    if (a ? a.via !== 'import' : !this.starImports().length) return undefined;
    const q = this.qualify(call.fn, scope);
    if (q && this.linker && !this.linker.neverLinks?.(q)) {
      this.projectReads++;
      this.linkReads++;
    }
    const linked = q ? this.linker?.resolve(this, q) : undefined;
    return linked?.module.scope.functions.get(linked.name);
  }

}

/** `baseClasses`' answers (see there), kept with the class: the module version's `id`, not the module (an entry must not keep it alive). */
const bases = new Carried<ClassInfo, { m: number; gen: number; refs: readonly ClassRef[]; linked: boolean }>();

/**
 * `compute` kept per argument, for functions of a string asked for the same few names over and over (`canonical`, a
 * dotted module name): up to `limit` answers, then started afresh. `compute` never answers undefined.
 */
export function memoByName<V>(limit: number, compute: (name: string) => V): (name: string) => V {
  const kept = new Map<string, V>();
  return (name) => {
    let v = kept.get(name);
    if (v === undefined) {
      if (kept.size >= limit) kept.clear();
      kept.set(name, (v = compute(name)));
    }
    return v;
  };
}

/**
 * A memo of facts about a module's objects (call sites, loops, classes). A newer version of a module adopts the
 * objects of unchanged statements: an entry made for another version is not used (`owner` is the object's module;
 * the entries are kept in it, by `ModuleMemo`, and go with it).
 */
export class ObjectMemo<K extends object, V> {
  /** Per module version (see `ModuleMemo`): an entry made for another version is not used. */
  private readonly store = new ModuleMemo<Map<K, { v: V; outside: boolean }>>();
  /**
   * The value for this version of the module, worked out once. A value whose working out read beyond its statement
   * (`PyModule.outsideReadCount`) is counted so again for each asker, as the call sites' kept answers are.
   */
  get(key: K, owner: PyModule, compute: () => V): V {
    const e = this.store.get(owner)?.get(key);
    if (e) {
      if (e.outside) owner.noteOutsideRead();
      return e.v;
    }
    const before = owner.outsideReadCount;
    const v = compute();
    this.set(key, owner, v, owner.outsideReadCount !== before);
    return v;
  }
  /** The value, when one was stored for this version of the module (counted as `get` counts it). */
  peek(key: K, owner: PyModule): { v: V } | undefined {
    const e = this.store.get(owner)?.get(key);
    if (e?.outside) owner.noteOutsideRead();
    return e;
  }
  /** Stores a value worked out by the caller; `outside`: whether that read beyond its statement. */
  set(key: K, owner: PyModule, v: V, outside = false): void {
    let entries = this.store.get(owner);
    if (!entries) this.store.set(owner, (entries = new Map<K, { v: V; outside: boolean }>()));
    entries.set(key, { v, outside });
  }
}

/** The key of `callersOf`'s index: the callee's name, or `self.name` for a method called on `self`. */
function calleeKey(site: CallSite): string | undefined {
  const fn = site.call.fn;
  if (fn.k === 'name') return fn.id;
  if (fn.k === 'attr' && fn.obj.k === 'name' && fn.obj.id === 'self') return 'self.' + fn.attr;
  return undefined;
}

/** A statement's part of the call indexes (`callsInLoop`, `callsIn`, `callersOf`), in call order. */
function indexOf(sites: CallSite[]): SummaryIndex {
  const byLoop = new Map<LoopStmt, CallSite[]>();
  const nested = new Map<Scope, CallSite[]>();
  const top: CallSite[] = [];
  const byCallee = new Map<string, CallSite[]>();
  const add = <K>(map: Map<K, CallSite[]>, k: K, site: CallSite): void => {
    const l = map.get(k);
    if (l) l.push(site);
    else map.set(k, [site]);
  };
  for (const site of sites) {
    for (const loop of site.loops) add(byLoop, loop.stmt, site);
    if (site.scope.kind === 'module') top.push(site);
    else add(nested, site.scope, site);
    const key = calleeKey(site);
    if (key !== undefined) add(byCallee, key, site);
  }
  return { byLoop: [...byLoop], nested: [...nested], top, byCallee: [...byCallee] };
}

function byScope<T extends { scope: Scope }>(items: T[]): Map<Scope, T[]> {
  const map = new Map<Scope, T[]>();
  for (const x of items) {
    const l = map.get(x.scope);
    if (l) l.push(x);
    else map.set(x.scope, [x]);
  }
  return map;
}

/** `items` ordered by `from` (the list itself when it already is: loops are made in source order). */
function sortedByFrom<T>(items: readonly T[], from: (x: T) => number): readonly T[] {
  for (let i = 1; i < items.length; i++) if (from(items[i]) < from(items[i - 1])) return items.slice().sort((a, b) => from(a) - from(b));
  return items;
}

/** The items of a list ordered by start whose span lies within `from`–`to`: a binary search, then a scan of the starts in range. */
function within<T>(sorted: readonly T[], span: (x: T) => Span, from: number, to: number): T[] {
  const out: T[] = [];
  for (let i = firstStartingAt(sorted, (x) => span(x).from, from); i < sorted.length; i++) {
    const sp = span(sorted[i]);
    if (sp.from > to) break;
    if (sp.to <= to) out.push(sorted[i]);
  }
  return out;
}

/**
 * A memo of answers per expression in two parts: `kept`, the answers the next version of the module may take over,
 * and the others. `has` leaves the answer in `value`, and whether it came from the others in `fromRest` (no object
 * made per look-up: these are asked tens of thousands of times an edit). A version that keeps nothing for the next
 * uses one map for both (`single`).
 */
class SplitMemo<V> {
  /** (an answer `undefined` is kept as `NONE`: one look-up tells a kept `undefined` from no answer) */
  kept = new Map<Expr, V | typeof NONE>();
  private rest = new Map<Expr, V | typeof NONE>();
  value: V | undefined = undefined;
  fromRest = false;
  single(): void {
    this.rest = this.kept;
  }
  has(e: Expr): boolean {
    const k = this.kept.get(e);
    if (k !== undefined) {
      this.value = k === NONE ? undefined : k;
      this.fromRest = false;
      return true;
    }
    if (this.rest === this.kept) return false;
    const r = this.rest.get(e);
    if (r === undefined) return false;
    this.value = r === NONE ? undefined : r;
    this.fromRest = true;
    return true;
  }
  set(e: Expr, v: V | undefined, keep: boolean): void {
    (keep ? this.kept : this.rest).set(e, v === undefined ? NONE : v);
  }
}

/** `PyModule.resolveParam`'s answers (see `PyModule.paramFact`). */
const paramsResolved = new Carried<Assignment, (KeptParam<ResolvedValue | undefined> | undefined)[]>();

/** An answer about a parameter, kept with its binding (see `PyModule.paramFact`). */
export interface KeptParam<T> {
  /** The version and link generation it was worked out or last handed out for. */
  m: number;
  gen: number;
  value: T;
  /** The reads it counted (see `outsideReadCount`), counted again for whoever is handed it in the same version. */
  nonLocal: number;
  project: number;
  link: number;
  replayed: number;
  /** The function's callers it read, when it may be carried into a later version. */
  callers: CallSite[] | undefined;
}

/** `SplitMemo`'s kept `undefined`. */
const NONE: unique symbol = Symbol('none');

/** The classes of a list defined in a function or another class, not in the module scope. */
function nestedClasses(classes: readonly ClassInfo[]): ClassInfo[] {
  return classes.filter((c) => c.scope.parent?.kind !== 'module');
}

function sameItems(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Empties a summary for the next statement (a module that keeps no summaries uses one for all). */
function clearSummary(sum: StmtSummary): StmtSummary {
  sum.callSites.length = sum.loops.length = sum.withs.length = sum.functions.length = sum.classes.length = 0;
  sum.scopes.length = sum.assigns.length = sum.effects.length = 0;
  return sum;
}

function emptySummary(from: number): StmtSummary {
  return { from, callSites: [], loops: [], withs: [], functions: [], classes: [], scopes: [], assigns: [], effects: [] };
}

function newScope(kind: Scope['kind'], name: string, parent: Scope | undefined, module: PyModule, stmt: Scope['stmt'], body: Stmt[]): Scope {
  return { kind, name, parent, module, stmt, body, imports: new Map(), assigns: new Map(), cls: parent?.cls, functions: new Map(), classes: new Map() };
}

function addAssign(scope: Scope, a: Assignment): void {
  let list = scope.assigns.get(a.name);
  if (!list) scope.assigns.set(a.name, (list = []));
  list.push(a);
}

/** What `instanceOf` answers: the class, the call that built the object, and the scope of that call. */
export type Instance = { ref: ClassRef; call: CallExpr; scope: Scope };

/**
 * What a call of a project function builds, when every `return` of the function returns an instance of the same class
 * (`def get_net(cfg): model = Net(cfg); …; return model`): that instance, as `instanceOf` gives it. Undefined for a
 * function with no return, or returns of different classes or of something else.
 */
function factoryProduct(m: PyModule, call: CallExpr, scope: Scope, depth: number): Instance | undefined {
  return sameProduct(m, call, scope, depth, (ret) => ret);
}

/**
 * What a call of a project function builds at one position of the tuple it returns (`trainer, tft = build_tft(…)`),
 * when every `return` of the function returns a tuple whose item there is an instance of the same class.
 */
function unpackedProduct(m: PyModule, call: CallExpr, index: number, scope: Scope, depth: number): Instance | undefined {
  return sameProduct(m, call, scope, depth, (ret) => (ret.k === 'seq' && ret.items.length > index && !ret.items.some((x) => x.k === 'other' && x.node === 'starred') ? ret.items[index] : undefined));
}

/** The instance of one class that what `pick` takes of every `return` of the called project function builds. */
function sameProduct(m: PyModule, call: CallExpr, scope: Scope, depth: number, pick: (ret: Expr) => Expr | undefined): Instance | undefined {
  const f = m.projectCallee(call, scope);
  if (!f) return undefined;
  const mod = f.scope.module;
  const returns = mod.returns(f);
  if (!returns.length) return undefined;
  let first: Instance | undefined;
  for (const ret of returns) {
    const item = pick(ret);
    const made = item && mod.instanceOf(item, f.scope, depth + 1);
    if (!made) return undefined;
    const same = !first || (made.ref.kind === 'local' ? first.ref.kind === 'local' && first.ref.cls === made.ref.cls : first.ref.kind === 'external' && first.ref.qname === made.ref.qname);
    if (!same) return undefined;
    first ??= made;
  }
  return first;
}

/** Python's builtins that code calls most: never looked for in a star-imported module. */
const BUILTINS = new Set(['print', 'len', 'range', 'int', 'float', 'str', 'list', 'dict', 'tuple', 'set', 'super', 'isinstance', 'enumerate', 'zip', 'min', 'max', 'sum', 'abs', 'round', 'sorted', 'open', 'getattr', 'setattr', 'hasattr', 'type', 'map', 'filter', 'any', 'all', 'iter', 'next', 'bool', 'object', 'Exception', 'ValueError', 'NotImplementedError', 'self', 'True', 'False', 'None']);

function lookupImport(id: string, scope: Scope): string | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.kind === 'class' && s !== scope) continue;
    // A local assignment shadows a module import of the same name.
    const local = s.assigns.get(id);
    const imp = s.imports.get(id);
    if (imp !== undefined) return imp;
    if (local?.length) return undefined;
  }
  return undefined;
}

function findClass(scope: Scope, name: string): ClassInfo | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const c = s.classes.get(name);
    if (c) return c;
  }
  return undefined;
}

function allSame<T>(items: T[], key: (t: T) => string): boolean {
  const first = key(items[0]);
  return items.every((i) => key(i) === first);
}

/** Calls `fn` for every expression in a tree (pre-order), descending into calls, attributes, operands. */
export function walkExpr(e: Expr, fn: (e: Expr) => void): void {
  fn(e);
  switch (e.k) {
    case 'attr':
      walkExpr(e.obj, fn);
      return;
    case 'call':
      walkExpr(e.fn, fn);
      for (const a of e.args) walkExpr(a, fn);
      for (const k of e.kwargs) walkExpr(k.value, fn);
      for (const x of e.starred) walkExpr(x, fn);
      return;
    case 'seq':
      for (const i of e.items) walkExpr(i, fn);
      return;
    case 'dict':
      for (const en of e.entries) {
        if (en.key) walkExpr(en.key, fn);
        walkExpr(en.value, fn);
      }
      return;
    case 'subscript':
      walkExpr(e.obj, fn);
      for (const i of e.index) walkExpr(i, fn);
      return;
    case 'binop':
      walkExpr(e.left, fn);
      walkExpr(e.right, fn);
      return;
    case 'unary':
      walkExpr(e.arg, fn);
      return;
    case 'other':
      for (const p of e.parts) walkExpr(p, fn);
      return;
    default:
      return;
  }
}

/** Every expression of a statement and of everything nested in it, function and class bodies included. */
export function forEachExprIn(s: Stmt, fn: (e: Expr) => void): void {
  allStatements([s], (x) => ownExprs(x, fn));
}

/**
 * The expressions of a statement itself, not of the statements nested in it: a `def`'s decorators and parameter
 * defaults, a `class`'s decorators and bases. (No closure or array per statement: every fact that reads a whole file
 * goes through here or `walkStmts`.)
 */
function ownExprs(s: Stmt, fn: (e: Expr) => void): void {
  switch (s.k) {
    case 'assign':
      for (const t of s.targets) walkExpr(t, fn);
      if (s.value) walkExpr(s.value, fn);
      if (s.annotation) walkExpr(s.annotation, fn);
      return;
    case 'augassign':
      walkExpr(s.target, fn);
      walkExpr(s.value, fn);
      return;
    case 'expr':
      walkExpr(s.expr, fn);
      return;
    case 'return':
      if (s.value) walkExpr(s.value, fn);
      return;
    case 'for':
      walkExpr(s.target, fn);
      walkExpr(s.iter, fn);
      return;
    case 'while':
      walkExpr(s.test, fn);
      return;
    case 'if':
      for (const b of s.branches) if (b.test) walkExpr(b.test, fn);
      return;
    case 'with':
      for (const i of s.items) {
        walkExpr(i.expr, fn);
        if (i.alias) walkExpr(i.alias, fn);
      }
      return;
    case 'def':
      for (const d of s.decorators) walkExpr(d, fn);
      for (const p of s.params) if (p.default) walkExpr(p.default, fn);
      return;
    case 'class':
      for (const d of s.decorators) walkExpr(d, fn);
      for (const b of s.bases) walkExpr(b, fn);
      return;
    case 'try':
    case 'import':
    case 'from':
      return;
    default:
      for (const e of s.exprs) if (e) walkExpr(e, fn);
  }
}

/** Calls `fn` for each nested block of a statement (loop bodies, branches, with/try bodies; not defs/classes). */
export function forEachBlock(s: Stmt, fn: (b: Block) => void): void {
  switch (s.k) {
    case 'for':
    case 'while':
      fn(s.body);
      if (s.orelse) fn(s.orelse);
      return;
    case 'if':
      for (const b of s.branches) fn(b.body);
      return;
    case 'with':
      fn(s.body);
      return;
    case 'try':
      for (const b of s.blocks) fn(b);
      return;
    default:
      return;
  }
}

/** Every statement in a list and its nested blocks (not descending into functions and classes). */
export function walkStmts(stmts: Stmt[], fn: (s: Stmt) => void): void {
  // (one closure per list of statements, not per statement)
  const inner = (b: Block): void => walkStmts(b.stmts, fn);
  for (const s of stmts) {
    fn(s);
    forEachBlock(s, inner);
  }
}

/** Every statement, in function and class bodies too. */
export function allStatements(stmts: Stmt[], fn: (s: Stmt) => void): void {
  walkStmts(stmts, (s) => {
    fn(s);
    if (s.k === 'def' || s.k === 'class') allStatements(s.body.stmts, fn);
  });
}

/** A call of Python's builtin `name` (`open(…)`, `exit(0)`), not of a name the file binds in the call's scope. */
export function builtinCall(m: PyModule, call: Expr, name: string, scope: Scope): boolean {
  return call.k === 'call' && call.fn.k === 'name' && call.fn.id === name && !m.assignmentsOf(name, scope).length;
}

/** The qualified name of `name` in a module a file star-imports, from the import's base (`.parts`, or `.` for `from . import *`). */
export function starName(base: string, name: string): string {
  return base.endsWith('.') ? base + name : `${base}.${name}`;
}

/** A keyword argument by name. */
export function kwarg(call: CallExpr, name: string): Kwarg | undefined {
  return call.kwargs.find((k) => k.name === name);
}

/** Whether a function of a class receives the instance as its first parameter (a method, not a `@staticmethod`). */
export function takesSelf(fn: FunctionInfo): boolean {
  return fn.cls !== undefined && !fn.stmt.decorators.some((d) => d.k === 'name' && d.id === 'staticmethod');
}

/**
 * The argument a call of a function of the project passes for one of its parameters: by keyword, or by position (a
 * method's `self` is not among the call's arguments, a static method has none; nothing after `*args` or a bare `*` is
 * positional).
 */
export function argumentFor(fn: FunctionInfo, param: Param, call: CallExpr): Expr | undefined {
  const kw = kwarg(call, param.name);
  if (kw) return kw.value;
  const params = fn.stmt.params;
  const at = params.indexOf(param);
  if (param.kind !== 'normal' || at < 0 || params.slice(0, at).some((p) => p.kind !== 'normal')) return undefined;
  const idx = at - (takesSelf(fn) ? 1 : 0);
  return idx >= 0 ? call.args[idx] : undefined;
}

/** The argument at a position or by keyword. */
export function argument(call: CallExpr, index: number, name: string): Expr | undefined {
  return kwarg(call, name)?.value ?? (index >= 0 ? call.args[index] : undefined);
}

/** Caches a per-module fact: a module is rebuilt when its text changes, so a memo of the module version is exact. */
export function perModule<T>(compute: (m: PyModule) => T): (m: PyModule) => T {
  const cache = new ModuleMemo<T>();
  return (m) => {
    let v = cache.get(m);
    if (v === undefined) cache.set(m, (v = compute(m)));
    return v;
  };
}

/**
 * A fact of one top-level statement, read from its own code only: the statement's IR and the syntax of its call sites
 * (their callee's spelling, arguments, the statement each is in), never positions, bindings, other statements or
 * files. The versions of a file being edited share the IR and the call sites of the statements an edit did not
 * touch, and the answers are kept with those: after an edit only the statements it touched are read again, so a
 * file-wide fact made of these parts costs one look-up per statement. Answers must not be `undefined`.
 */
export function perStatement<T>(part: (s: Stmt, sites: readonly CallSite[]) => T): (m: PyModule, i: number) => T {
  const cache = new Carried<readonly CallSite[], T>();
  return (m, i) => {
    const sites = m.topSites(i);
    let v = cache.get(sites);
    if (v === undefined) cache.set(sites, (v = part(m.stmts[i], sites)));
    return v;
  };
}

/**
 * The call sites of a module that pass `test`, in the order of `callSites`, for the scans that test every site of the
 * file with a question of the semantic layer (`siteClass`, `siteQName`, …). Each top-level statement's sites that pass
 * are kept with its sites (as `perStatement`'s parts) for the version and analysis, and carried into a later version
 * that binds the module scope the same way (`PyModule.carries`) when testing them read nothing beyond the statement and
 * the module scope's bindings (`outsideReadCount` unchanged): after an edit, only the statements it touched and those
 * whose test read further are tested again. `test` must depend on nothing but the site and the module's version. A
 * question about every statement of the file: counted as a read beyond any statement. Make one per test, at module
 * level; the list is not to be changed by the caller.
 */
export function sitesWhere(test: (m: PyModule, site: CallSite) => boolean): (m: PyModule) => readonly CallSite[] {
  const kept = new Carried<readonly CallSite[], { m: number; gen: number; local: boolean; sites: readonly CallSite[] }>();
  const perVersion = new ModuleMemo<{ gen: number; sites: readonly CallSite[] }>();
  return (m) => {
    m.noteOutsideRead();
    const gen = m.linker?.linkGeneration ?? 0;
    const made = perVersion.get(m);
    if (made?.gen === gen) return made.sites;
    const out: CallSite[] = [];
    for (let i = 0; i < m.stmts.length; i++) {
      const sites = m.topSites(i);
      if (!sites.length) continue;
      let part = kept.get(sites);
      if (part && ((part.m === m.id && part.gen === gen) || (part.local && m.carries(part.m)))) {
        part.m = m.id;
        part.gen = gen;
      } else {
        const before = m.outsideReadCount;
        const passed = sites.filter((s) => test(m, s));
        kept.set(sites, (part = { m: m.id, gen, local: m.outsideReadCount === before, sites: passed.length ? passed : NO_SITES }));
      }
      for (const s of part.sites) out.push(s);
    }
    perVersion.set(m, { gen, sites: out });
    return out;
  };
}

const NO_SITES: readonly CallSite[] = [];

/**
 * A fact about an object of one top-level statement (a class, a function), worked out from that statement and the
 * module scope's bindings, kept with the object: for the version and analysis (whoever is handed one that read beyond
 * the statement counts a read too), and carried into a later version that binds the module scope the same way when
 * working it out read nothing beyond (`outsideReadCount` unchanged) and the answer names no module scope
 * (`inModuleScope`: made anew for each version). The object is the same in the next version while its statement is
 * unchanged. `compute` must read the statement only through the object, and anything else through the semantic
 * layer's questions, which count what they read.
 */
export function perObject<K extends object, T>(compute: (m: PyModule, k: K) => T, inModuleScope: (v: T) => boolean = () => false): (m: PyModule, k: K) => T {
  const kept = new Carried<K, { m: number; gen: number; local: boolean; v: T }>();
  return (m, k) => {
    const gen = m.linker?.linkGeneration ?? 0;
    const e = kept.get(k);
    if (e && ((e.m === m.id && e.gen === gen) || (e.local && m.carries(e.m)))) {
      if (!e.local) m.noteOutsideRead();
      e.m = m.id;
      e.gen = gen;
      return e.v;
    }
    const before = m.outsideReadCount;
    const v = compute(m, k);
    kept.set(k, { m: m.id, gen, local: m.outsideReadCount === before && !inModuleScope(v), v });
    return v;
  };
}

/** A top-level statement's call sites ordered by where the call starts (`PyModule.callsWithin`). */
const sitesByPosition = perStatement((_st, sites): readonly CallSite[] => sortedByFrom(sites, (s) => s.call.from));

/**
 * The call sites of a module whose callee is spelled with one of `names` (`fit` for `fit(…)` and `trainer.fit(…)`), in
 * the order of `callSites`. One look-up per top-level statement (each statement's sites by name are kept with it,
 * `perStatement`), where a scan of `callSites` reads every site of the file: for the facts that look for a method by
 * its name.
 */
export function callSitesNamed(m: PyModule, ...names: string[]): readonly CallSite[] {
  let byName = namedSites.get(m);
  if (!byName) namedSites.set(m, (byName = new Map<string, CallSite[]>()));
  const key = names.length === 1 ? names[0] : names.join(' ');
  let out = byName.get(key);
  if (!out) {
    out = [];
    const n = m.stmts.length;
    for (let i = 0; i < n; i++) {
      const part = sitesByName(m, i);
      let found: readonly CallSite[] | undefined;
      let several = false;
      for (const name of names) {
        const list = part.get(name);
        if (!list) continue;
        several = found !== undefined;
        found = list;
      }
      if (several) {
        // (sites of several of the names in one statement: in the statement's order)
        for (const s of m.topSites(i)) if (names.includes(lastName(s.call.fn) ?? '')) out.push(s);
      } else if (found) for (const s of found) out.push(s);
    }
    byName.set(key, out);
  }
  return out;
}

/** The last identifier of an expression: `self.optimizer` → `optimizer` (of a callee: `fit` for `trainer.fit`). */
export function lastName(e: Expr): string | undefined {
  if (e.k === 'name') return e.id;
  if (e.k === 'attr') return e.attr;
  return undefined;
}

const namedSites = new ModuleMemo<Map<string, CallSite[]>>();

const sitesByName = perStatement((_st, sites): ReadonlyMap<string, readonly CallSite[]> => {
  const map = new Map<string, CallSite[]>();
  for (const s of sites) {
    const name = lastName(s.call.fn);
    if (name === undefined) continue;
    const list = map.get(name);
    if (list) list.push(s);
    else map.set(name, [s]);
  }
  return map;
});

/** Whether `inner` lies within `outer`. */
export function contains(outer: Span, inner: Span): boolean {
  return inner.from >= outer.from && inner.to <= outer.to;
}

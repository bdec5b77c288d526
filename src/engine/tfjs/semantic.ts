// The semantic layer over a TypeScript/JavaScript syntax tree (TypeScript compiler API, no type checker):
// scopes and bindings, every call with the loops and function around it, and the two queries rules build on:
// `qualify(expr)` (the TensorFlow.js name an expression denotes, through every import form) and
// `valueOf(expr)` (the expression that produced a value, following variables within their scope).
import ts from 'typescript';

export interface Span {
  from: number;
  to: number;
}

/** The packages whose namespace is TensorFlow.js, canonicalised as `tf`. */
export const TFJS_MODULES: ReadonlySet<string> = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);

export type BindingKind = 'const' | 'let' | 'var' | 'param' | 'function' | 'class' | 'import' | 'other';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The identifier that declares it. */
  id: ts.Identifier;
  /** VariableDeclaration, ParameterDeclaration, FunctionDeclaration, ImportSpecifier, … */
  decl: ts.Node;
  scope: Scope;
  /** Initial value of a variable; for destructuring, of the whole pattern (see `path`). */
  init?: ts.Expression;
  /** Property path inside `init` of a destructured variable: `const {layers: l} = tf` → ['layers']. */
  path?: string[];
  /** Qualified TensorFlow.js name of an import: 'tf', 'tf.layers'. */
  tf?: string;
  /** Values assigned after the declaration; `undefined` for writes the analysis cannot read (`x += 1`, loop variables). */
  writes: (ts.Expression | undefined)[];
  /** A property of the value is written or deleted (`cfg.lr = 1`): its object literal does not describe it. */
  mutated: boolean;
  /** Identifiers that read the binding. */
  refs: ts.Identifier[];
}

export interface Scope {
  node: ts.Node;
  parent: Scope | undefined;
  /** A function or the file: where `var` declarations go. */
  isFunction: boolean;
  bindings: Map<string, Binding>;
}

export interface CallSite {
  call: ts.CallExpression;
  /** The innermost function around the call; undefined at the top level of the file. */
  fn: ts.SignatureDeclaration | undefined;
  /** Loops around the call within that function, outermost first. */
  loops: ts.IterationStatement[];
}

interface Ctx {
  fn: ts.SignatureDeclaration | undefined;
  loops: ts.IterationStatement[];
}

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/** Parentheses, type assertions, `!` and `await` do not change which value an expression denotes. */
export function strip(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    else return e;
  }
}

/** The name and receiver of a method call `recv.name(...)`. */
export function methodOf(call: ts.CallExpression): { receiver: ts.Expression; name: string } | undefined {
  const f = call.expression;
  if (ts.isPropertyAccessExpression(f) && ts.isIdentifier(f.name)) return { receiver: f.expression, name: f.name.text };
  return undefined;
}

/** The module a `require('x')` or `import('x')` call loads. */
function loadedModule(call: ts.CallExpression): string | undefined {
  const f = call.expression;
  const isLoad = (ts.isIdentifier(f) && f.text === 'require') || f.kind === ts.SyntaxKind.ImportKeyword;
  const a = call.arguments[0];
  return isLoad && a && ts.isStringLiteralLike(a) ? a.text : undefined;
}

export function isFunctionNode(n: ts.Node): n is FunctionNode {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n);
}

function isAssignmentOperator(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

export class TfModule {
  readonly root: Scope;
  readonly calls: CallSite[] = [];
  readonly loops: ts.IterationStatement[] = [];
  /** Whether the file imports or requires TensorFlow.js, or uses the browser's global `tf` (see `usesGlobalTf`). */
  importsTfjs = false;
  /**
   * A page script that uses the global `tf` a `<script src=".../tf.min.js">` tag defines: `tf` is declared nowhere
   * in the file (no import, require, variable or parameter of that name) and is used for TensorFlow.js's own API
   * (`tf.sequential()`, `tf.layers.dense(…)`, `tf.train.adam(…)`, …).
   */
  usesGlobalTf = false;
  /** Names of the properties the file writes (`model.stopTraining = true` → 'stopTraining'). */
  readonly writtenProperties = new Set<string>();
  private readonly scopes = new Map<ts.Node, Scope>();
  private readonly declared = new Map<ts.Identifier, Binding>();
  private readonly resolved = new Map<ts.Identifier, Binding>();
  private readonly callSites = new Map<ts.CallExpression, CallSite>();
  private readonly values = new Map<Binding, ts.Expression | undefined>();
  private readonly callees = new Map<ts.CallExpression, string | undefined>();
  private readonly returns = new Map<FunctionNode, ts.Expression[]>();
  private readonly pendingRefs: { id: ts.Identifier; scope: Scope }[] = [];
  private readonly pendingWrites: { id: ts.Identifier; scope: Scope; value: ts.Expression | undefined }[] = [];
  private readonly pendingMutations: { id: ts.Identifier; scope: Scope }[] = [];

  constructor(readonly sf: ts.SourceFile) {
    this.root = this.scope(sf, undefined, true);
    this.visitChildren(sf, this.root, { fn: undefined, loops: [] });
    for (const { id, scope } of this.pendingRefs) {
      const b = lookup(scope, id.text);
      if (b) {
        b.refs.push(id);
        this.resolved.set(id, b);
      } else if (id.text === 'tf' && !this.usesGlobalTf && isGlobalTfUse(id)) this.usesGlobalTf = this.importsTfjs = true;
    }
    for (const w of this.pendingWrites) {
      const b = lookup(w.scope, w.id.text);
      if (b) b.writes.push(w.value);
    }
    for (const w of this.pendingMutations) {
      const b = lookup(w.scope, w.id.text);
      if (b) b.mutated = true;
    }
  }

  /** Source span of a node, without its leading trivia. */
  span(n: ts.Node): Span {
    return { from: n.getStart(this.sf), to: n.end };
  }

  source(n: ts.Node): string {
    return this.sf.text.slice(n.getStart(this.sf), n.end);
  }

  callSite(call: ts.CallExpression): CallSite | undefined {
    return this.callSites.get(call);
  }

  /** The binding an identifier reads or declares. */
  bindingOf(id: ts.Identifier): Binding | undefined {
    return this.resolved.get(id) ?? this.declared.get(id);
  }

  /** The binding a name has at a node (to check that an inserted reference means what the fix wants). */
  lookupAt(node: ts.Node, name: string): Binding | undefined {
    return lookup(this.scopeOf(node), name);
  }

  /** Every binding of the file, in declaration order. */
  bindings(): Binding[] {
    return [...this.declared.values()];
  }

  scopeOf(node: ts.Node): Scope {
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      const s = this.scopes.get(n);
      if (s) return s;
    }
    return this.root;
  }

  /**
   * The expression that produced a value: follows variables with a single value, properties of unmodified object
   * literals and calls of same-file functions called once. Undefined when the value comes from outside what the
   * analysis sees (a parameter, an import, a loop variable, several assignments).
   */
  valueOf(e: ts.Expression, depth = 0): ts.Expression | undefined {
    if (depth > 16) return undefined;
    const s = strip(e);
    if (ts.isIdentifier(s)) {
      const b = this.bindingOf(s);
      if (!b) return undefined;
      if (this.values.has(b)) return this.values.get(b);
      this.values.set(b, undefined); // a cycle (`a = b; b = a`) resolves to nothing
      const bv = this.bindingValue(b, depth);
      const v = bv && this.valueOf(bv, depth + 1);
      this.values.set(b, v);
      return v;
    }
    const name = propertyName(s);
    if (name !== undefined && (ts.isPropertyAccessExpression(s) || ts.isElementAccessExpression(s))) {
      const obj = this.valueOf(s.expression, depth + 1);
      if (obj && ts.isObjectLiteralExpression(obj)) {
        const p = property(obj, name);
        return p.kind === 'found' && !this.isMutated(s.expression) ? this.valueOf(p.value, depth + 1) : undefined;
      }
      return s;
    }
    if (ts.isCallExpression(s)) {
      const fn = this.functionOf(s.expression);
      if (fn && this.calledOnce(fn)) {
        const returned = this.returned(fn);
        if (returned.length === 1) return this.valueOf(returned[0], depth + 1);
      }
    }
    return s;
  }

  /** The single value of a variable (its initializer or its only assignment), before following it further. */
  bindingValue(b: Binding, depth = 0): ts.Expression | undefined {
    if (b.kind !== 'const' && b.kind !== 'let' && b.kind !== 'var') return undefined;
    const values = b.init ? [b.init, ...b.writes] : b.writes;
    if (values.length !== 1 || !values[0]) return undefined;
    if (!b.path) return values[0];
    let v: ts.Expression | undefined = values[0];
    for (const key of b.path) {
      v = v && this.valueOf(v, depth + 1);
      if (!v) return undefined;
      if (ts.isObjectLiteralExpression(v)) {
        const p = property(v, key);
        v = p.kind === 'found' ? p.value : undefined;
      } else if (ts.isArrayLiteralExpression(v) && /^\d+$/.test(key)) {
        const item: ts.Expression | undefined = v.elements[Number(key)];
        v = item && !v.elements.slice(0, Number(key) + 1).some(ts.isSpreadElement) ? item : undefined;
      } else return undefined;
    }
    return v;
  }

  /** Whether the object behind an expression may be modified (a property written or deleted). */
  isMutated(e: ts.Expression): boolean {
    const s = strip(e);
    if (ts.isIdentifier(s)) {
      const b = this.bindingOf(s);
      if (!b) return true;
      if (b.mutated) return true;
      const v = this.bindingValue(b);
      return v !== undefined && !ts.isObjectLiteralExpression(strip(v)) && this.isMutated(v);
    }
    if (ts.isPropertyAccessExpression(s) || ts.isElementAccessExpression(s)) return this.isMutated(s.expression);
    return false;
  }

  /**
   * The TensorFlow.js name an expression denotes: `tf.layers.dense` for `tf.layers.dense` with
   * `import * as tf from '@tensorflow/tfjs'`, for `layers.dense` with `import {layers} from …`, for `L.dense`
   * with `const L = tf.layers`, and so on. The namespace itself is `tf`.
   */
  qualify(e: ts.Expression, depth = 0): string | undefined {
    if (depth > 16) return undefined;
    const s = strip(e);
    if (ts.isIdentifier(s)) {
      const b = this.bindingOf(s);
      if (!b) return this.usesGlobalTf && s.text === 'tf' ? 'tf' : undefined;
      if (b.tf) return b.tf;
      if (b.kind !== 'const' && b.kind !== 'let' && b.kind !== 'var') return undefined;
      const values = b.init ? [b.init, ...b.writes] : b.writes;
      if (values.length !== 1 || !values[0]) return undefined;
      const base = this.qualify(values[0], depth + 1);
      return base && b.path ? [base, ...b.path].join('.') : base;
    }
    const name = propertyName(s);
    if (name !== undefined && (ts.isPropertyAccessExpression(s) || ts.isElementAccessExpression(s))) {
      const base = this.qualify(s.expression, depth + 1);
      if (!base) return undefined;
      return base === 'tf' && name === 'default' ? 'tf' : `${base}.${name}`;
    }
    if (ts.isCallExpression(s)) {
      const mod = loadedModule(s);
      return mod && TFJS_MODULES.has(mod) ? 'tf' : undefined;
    }
    return undefined;
  }

  /** The TensorFlow.js function a call calls (`tf.layers.dense`), if any. */
  tfCallee(call: ts.CallExpression): string | undefined {
    if (this.callees.has(call)) return this.callees.get(call);
    const q = this.qualify(call.expression);
    const name = q?.startsWith('tf.') ? q : undefined;
    this.callees.set(call, name);
    return name;
  }

  /** What a function returns (cached `returnedExpressions`). */
  returned(fn: FunctionNode): ts.Expression[] {
    let r = this.returns.get(fn);
    if (!r) this.returns.set(fn, (r = returnedExpressions(fn)));
    return r;
  }

  /** The same-file function an expression denotes: a function declaration or a variable holding a function. */
  functionOf(e: ts.Expression): FunctionNode | undefined {
    const s = strip(e);
    if (ts.isFunctionExpression(s) || ts.isArrowFunction(s)) return s;
    if (!ts.isIdentifier(s)) return undefined;
    const b = this.bindingOf(s);
    if (!b) return undefined;
    if (b.kind === 'function' && ts.isFunctionDeclaration(b.decl)) return b.decl;
    const v = this.bindingValue(b);
    const f = v && strip(v);
    return f && (ts.isFunctionExpression(f) || ts.isArrowFunction(f)) ? f : undefined;
  }

  /** The binding that names a same-file function (`function f` or `const f = () => …`). */
  functionBinding(fn: FunctionNode): Binding | undefined {
    if (ts.isFunctionDeclaration(fn) && fn.name) return this.declared.get(fn.name);
    const p = fn.parent;
    if (p && ts.isVariableDeclaration(p) && p.initializer === fn && ts.isIdentifier(p.name)) return this.declared.get(p.name);
    if (ts.isFunctionExpression(fn) && fn.name) return this.declared.get(fn.name);
    return undefined;
  }

  /** Whether a same-file function is referenced exactly once, as the callee of a call. */
  calledOnce(fn: FunctionNode): boolean {
    const b = this.functionBinding(fn);
    if (!b || b.refs.length !== 1) return false;
    const r = b.refs[0];
    return ts.isCallExpression(r.parent) && r.parent.expression === r;
  }

  /** Every call inside a node, nested functions included. `calls` is in tree order, so they are one slice of it. */
  callsWithin(node: ts.Node): CallSite[] {
    const calls = this.calls;
    let lo = 0;
    let hi = calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (calls[mid].call.pos < node.pos) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < calls.length && calls[end].call.pos < node.end) end++;
    return calls.slice(lo, end).filter((c) => within(c.call, node));
  }

  // ---- building ----

  private scope(node: ts.Node, parent: Scope | undefined, isFunction: boolean): Scope {
    const s: Scope = { node, parent, isFunction, bindings: new Map() };
    this.scopes.set(node, s);
    return s;
  }

  private declare(scope: Scope, id: ts.Identifier, kind: BindingKind, decl: ts.Node, extra: Partial<Binding> = {}): Binding {
    const b: Binding = { name: id.text, kind, id, decl, scope, writes: [], mutated: false, refs: [], ...extra };
    scope.bindings.set(id.text, b);
    this.declared.set(id, b);
    return b;
  }

  /** Declares the names of a binding pattern; `path` is the property path of each name inside the value. */
  private declarePattern(scope: Scope, name: ts.BindingName, kind: BindingKind, decl: ts.Node, init: ts.Expression | undefined, path: string[], ctx: Ctx, unknown: boolean): void {
    if (ts.isIdentifier(name)) {
      const b = this.declare(scope, name, kind, decl, init && !unknown ? { init, ...(path.length ? { path } : {}) } : {});
      if (unknown) b.writes.push(undefined);
      return;
    }
    name.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      let key: string | undefined;
      if (ts.isObjectBindingPattern(name)) {
        const pn = el.propertyName ?? (ts.isIdentifier(el.name) ? el.name : undefined);
        key = pn && (ts.isIdentifier(pn) || ts.isStringLiteral(pn)) ? pn.text : undefined;
      } else key = String(i);
      if (el.initializer) this.visit(el.initializer, scope, ctx);
      const opaque = unknown || key === undefined || !!el.dotDotDotToken || !!el.initializer;
      this.declarePattern(scope, el.name, kind, decl, init, key === undefined ? path : [...path, key], ctx, opaque);
    });
  }

  private functionScope(scope: Scope): Scope {
    let s = scope;
    while (!s.isFunction && s.parent) s = s.parent;
    return s;
  }

  private visitFunction(fn: ts.SignatureDeclaration, scope: Scope): void {
    const inner = this.scope(fn, scope, true);
    const ctx: Ctx = { fn, loops: [] };
    if (ts.isFunctionExpression(fn) && fn.name) this.declare(inner, fn.name, 'function', fn);
    for (const p of fn.parameters) {
      if (p.initializer) this.visit(p.initializer, inner, ctx);
      this.declarePattern(inner, p.name, 'param', p, undefined, [], ctx, true);
    }
    const body = (fn as ts.FunctionLikeDeclarationBase).body;
    if (!body) return;
    if (ts.isBlock(body)) this.visitChildren(body, inner, ctx);
    else this.visit(body, inner, ctx);
  }

  // The scope and context of the children being visited: one callback for the whole walk, not one per node.
  private childScope!: Scope;
  private childCtx!: Ctx;
  private readonly visitChild = (c: ts.Node): undefined => {
    this.visit(c, this.childScope, this.childCtx);
    return undefined;
  };

  private visitChildren(node: ts.Node, scope: Scope, ctx: Ctx): void {
    const outerScope = this.childScope;
    const outerCtx = this.childCtx;
    this.childScope = scope;
    this.childCtx = ctx;
    ts.forEachChild(node, this.visitChild);
    this.childScope = outerScope;
    this.childCtx = outerCtx;
  }

  private visit(node: ts.Node, scope: Scope, ctx: Ctx): void {
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    switch (node.kind) {
      case ts.SyntaxKind.InterfaceDeclaration:
      case ts.SyntaxKind.TypeAliasDeclaration:
        return;
      case ts.SyntaxKind.ImportDeclaration:
        return this.visitImport(node as ts.ImportDeclaration, scope);
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const d = node as ts.ImportEqualsDeclaration;
        const ref = d.moduleReference;
        const mod = ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression) ? ref.expression.text : undefined;
        const tf = mod && TFJS_MODULES.has(mod) ? 'tf' : undefined;
        if (tf) this.importsTfjs = true;
        this.declare(scope, d.name, 'import', d, tf ? { tf } : {});
        return;
      }
      case ts.SyntaxKind.VariableDeclaration: {
        const d = node as ts.VariableDeclaration;
        const list = d.parent;
        const flags = ts.isVariableDeclarationList(list) ? list.flags : ts.NodeFlags.None;
        const kind: BindingKind = flags & ts.NodeFlags.Const ? 'const' : flags & (ts.NodeFlags.Let | ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing) ? 'let' : 'var';
        const target = kind === 'var' ? this.functionScope(scope) : scope;
        // `for (const x of xs)`: a new value every iteration
        const loopVar = !!list && (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent)) && list.parent.initializer === list;
        if (d.initializer) this.visit(d.initializer, scope, ctx);
        this.declarePattern(target, d.name, kind, d, d.initializer, [], ctx, loopVar);
        return;
      }
      case ts.SyntaxKind.FunctionDeclaration: {
        const f = node as ts.FunctionDeclaration;
        if (f.name) this.declare(scope, f.name, 'function', f);
        return this.visitFunction(f, scope);
      }
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression: {
        const c = node as ts.ClassLikeDeclaration;
        if (c.name && ts.isClassDeclaration(c)) this.declare(scope, c.name, 'class', c);
        return this.visitChildren(c, scope, ctx);
      }
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor: {
        const f = node as ts.SignatureDeclaration;
        if (f.name && ts.isComputedPropertyName(f.name)) this.visit(f.name, scope, ctx);
        return this.visitFunction(f, scope);
      }
      case ts.SyntaxKind.Block:
      case ts.SyntaxKind.CaseBlock:
        return this.visitChildren(node, this.scope(node, scope, false), ctx);
      case ts.SyntaxKind.CatchClause: {
        const c = node as ts.CatchClause;
        const inner = this.scope(c, scope, false);
        if (c.variableDeclaration) this.declarePattern(inner, c.variableDeclaration.name, 'let', c.variableDeclaration, undefined, [], ctx, true);
        return this.visit(c.block, inner, ctx);
      }
      case ts.SyntaxKind.ForStatement: {
        const f = node as ts.ForStatement;
        const inner = this.scope(f, scope, false);
        this.loops.push(f);
        if (f.initializer) this.visit(f.initializer, inner, ctx);
        const loopCtx = { fn: ctx.fn, loops: [...ctx.loops, f] };
        for (const c of [f.condition, f.incrementor, f.statement]) if (c) this.visit(c, inner, loopCtx);
        return;
      }
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement: {
        const f = node as ts.ForOfStatement | ts.ForInStatement;
        const inner = this.scope(f, scope, false);
        this.loops.push(f);
        this.visit(f.expression, scope, ctx);
        this.visit(f.initializer, inner, ctx);
        // `for (x of xs)` with an outer x: assigned every iteration
        if (ts.isIdentifier(f.initializer)) this.pendingWrites.push({ id: f.initializer, scope: inner, value: undefined });
        this.visit(f.statement, inner, { fn: ctx.fn, loops: [...ctx.loops, f] });
        return;
      }
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement: {
        const w = node as ts.WhileStatement | ts.DoStatement;
        this.loops.push(w);
        return this.visitChildren(w, scope, { fn: ctx.fn, loops: [...ctx.loops, w] });
      }
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        const site: CallSite = { call, fn: ctx.fn, loops: ctx.loops };
        this.calls.push(site);
        this.callSites.set(call, site);
        const mod = loadedModule(call);
        if (mod && TFJS_MODULES.has(mod)) this.importsTfjs = true;
        // `callbacks.push(es)`: the array literal it was declared with no longer says what it holds
        if (ts.isPropertyAccessExpression(call.expression) && ARRAY_MUTATORS.has(call.expression.name.text)) {
          let target = strip(call.expression.expression);
          while (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) target = strip(target.expression);
          if (ts.isIdentifier(target)) this.pendingMutations.push({ id: target, scope });
        }
        return this.visitChildren(node, scope, ctx);
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        if (isAssignmentOperator(b.operatorToken.kind)) {
          this.recordWrite(b.left, b.operatorToken.kind === ts.SyntaxKind.EqualsToken ? b.right : undefined, scope);
          if (!ts.isIdentifier(b.left)) this.visit(b.left, scope, ctx);
          return this.visit(b.right, scope, ctx);
        }
        return this.visitChildren(node, scope, ctx);
      }
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression: {
        const u = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
        if (u.operator === ts.SyntaxKind.PlusPlusToken || u.operator === ts.SyntaxKind.MinusMinusToken) this.recordWrite(u.operand, undefined, scope);
        return this.visitChildren(node, scope, ctx);
      }
      case ts.SyntaxKind.DeleteExpression:
        this.recordWrite((node as ts.DeleteExpression).expression, undefined, scope);
        return this.visitChildren(node, scope, ctx);
      case ts.SyntaxKind.Identifier:
        if (isReference(node as ts.Identifier)) this.pendingRefs.push({ id: node as ts.Identifier, scope });
        return;
      default:
        return this.visitChildren(node, scope, ctx);
    }
  }

  private visitImport(d: ts.ImportDeclaration, scope: Scope): void {
    const mod = ts.isStringLiteral(d.moduleSpecifier) ? d.moduleSpecifier.text : undefined;
    const clause = d.importClause;
    if (!clause || clause.isTypeOnly) return;
    const isTf = mod !== undefined && TFJS_MODULES.has(mod);
    if (isTf) this.importsTfjs = true;
    const tfName = (name: string | undefined): Partial<Binding> => (isTf ? { tf: name ? `tf.${name}` : 'tf' } : {});
    if (clause.name) this.declare(scope, clause.name, 'import', clause, tfName(undefined));
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) this.declare(scope, nb.name, 'import', nb, tfName(undefined));
    else if (nb)
      for (const spec of nb.elements) {
        if (spec.isTypeOnly) continue;
        const imported = (spec.propertyName ?? spec.name).text;
        this.declare(scope, spec.name, 'import', spec, tfName(imported === 'default' ? undefined : imported));
      }
  }

  private recordWrite(target: ts.Expression, value: ts.Expression | undefined, scope: Scope): void {
    const t = strip(target);
    if (ts.isIdentifier(t)) this.pendingWrites.push({ id: t, scope, value });
    else if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) {
      const name = propertyName(t);
      if (name !== undefined) this.writtenProperties.add(name);
      const root = rootIdentifier(t);
      if (root) this.pendingMutations.push({ id: root, scope });
    } else if (ts.isObjectLiteralExpression(t) || ts.isArrayLiteralExpression(t)) {
      // destructuring assignment `[a, b] = …`: every target gets a value the analysis does not read
      const each = (n: ts.Node): void => {
        if (ts.isIdentifier(n) && isReference(n)) this.pendingWrites.push({ id: n, scope, value: undefined });
        else ts.forEachChild(n, each);
      };
      each(t);
    }
  }
}

function lookup(scope: Scope | undefined, name: string): Binding | undefined {
  for (let s = scope; s; s = s.parent) {
    const b = s.bindings.get(name);
    if (b) return b;
  }
  return undefined;
}

/** Array methods that change the array in place. */
const ARRAY_MUTATORS = new Set(['push', 'unshift', 'splice', 'pop', 'shift', 'fill', 'copyWithin', 'reverse', 'sort']);

/** `a` in `a.b.c` or `a[0].b`. */
function rootIdentifier(e: ts.Expression): ts.Identifier | undefined {
  let s = strip(e);
  while (ts.isPropertyAccessExpression(s) || ts.isElementAccessExpression(s) || ts.isCallExpression(s)) s = strip(s.expression);
  return ts.isIdentifier(s) ? s : undefined;
}

/** The property a member access reads: `a.b` → 'b', `a['b']` → 'b'. */
export function propertyName(e: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(e)) return ts.isIdentifier(e.name) ? e.name.text : undefined;
  if (ts.isElementAccessExpression(e)) {
    const a = e.argumentExpression;
    return ts.isStringLiteralLike(a) || ts.isNumericLiteral(a) ? a.text : undefined;
  }
  return undefined;
}

export type Prop = { kind: 'found'; node: ts.ObjectLiteralElementLike; value: ts.Expression } | { kind: 'absent' } | { kind: 'unknown' };

/**
 * A property as the literal writes it, a spread after it aside (`{ validationSplit: 0.2, ...options }` with
 * `options = {}` by default): what the code sets unless a caller says otherwise. For evidence, not for fixes.
 */
export function writtenProperty(obj: ts.ObjectLiteralExpression, name: string): Prop {
  return property(obj, name, true);
}

/**
 * A property of an object literal: found (the last one written wins), absent, or unknown (a spread may set it; with
 * `spreadsAside`, spreads are passed over).
 */
export function property(obj: ts.ObjectLiteralExpression, name: string, spreadsAside = false): Prop {
  let result: Prop = { kind: 'absent' };
  for (const p of obj.properties) {
    if (ts.isSpreadAssignment(p)) {
      if (!spreadsAside) result = { kind: 'unknown' };
      continue;
    }
    const n = p.name;
    let key: string | undefined;
    if (n && (ts.isIdentifier(n) || ts.isStringLiteralLike(n) || ts.isNumericLiteral(n))) key = n.text;
    else if (n && ts.isComputedPropertyName(n) && ts.isStringLiteralLike(n.expression)) key = n.expression.text;
    else {
      result = { kind: 'unknown' };
      continue;
    }
    if (key !== name) continue;
    if (ts.isPropertyAssignment(p)) result = { kind: 'found', node: p, value: p.initializer };
    else if (ts.isShorthandPropertyAssignment(p)) result = { kind: 'found', node: p, value: p.name };
    else result = { kind: 'unknown' };
  }
  return result;
}

/** Members of the `tf` namespace that only TensorFlow.js's global has, in the way a page script uses them. */
const GLOBAL_TF_API: ReadonlySet<string> = new Set(['sequential', 'model', 'layers', 'train', 'loadLayersModel', 'loadGraphModel', 'tidy', 'tensor1d', 'tensor2d', 'tensor3d', 'tensor4d', 'oneHot', 'losses', 'callbacks']);

/** A free `tf` read as `tf.sequential`, `tf.layers`, … (the caller checked that no binding of the file is named `tf`). */
function isGlobalTfUse(id: ts.Identifier): boolean {
  const p = id.parent;
  return ts.isPropertyAccessExpression(p) && p.expression === id && GLOBAL_TF_API.has(p.name.text);
}

/** Whether an identifier reads a variable (not a property name, a declaration's name or a label). */
export function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  switch (p.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
      return (p as ts.PropertyAccessExpression).expression === id;
    case ts.SyntaxKind.PropertyAssignment:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.EnumMember:
    case ts.SyntaxKind.PropertySignature:
    case ts.SyntaxKind.MethodSignature:
      return (p as ts.NamedDeclaration).name !== id;
    case ts.SyntaxKind.BindingElement:
      return (p as ts.BindingElement).name !== id && (p as ts.BindingElement).propertyName !== id;
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.EnumDeclaration:
    case ts.SyntaxKind.ModuleDeclaration:
      return (p as ts.NamedDeclaration).name !== id;
    case ts.SyntaxKind.ImportSpecifier:
    case ts.SyntaxKind.ImportClause:
    case ts.SyntaxKind.NamespaceImport:
    case ts.SyntaxKind.ImportEqualsDeclaration:
    case ts.SyntaxKind.LabeledStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
    case ts.SyntaxKind.QualifiedName:
    case ts.SyntaxKind.MetaProperty:
    case ts.SyntaxKind.JsxAttribute:
    case ts.SyntaxKind.TypeParameter:
    case ts.SyntaxKind.NamespaceExport:
      return false;
    case ts.SyntaxKind.ExportSpecifier:
      return (p as ts.ExportSpecifier).propertyName === id || !(p as ts.ExportSpecifier).propertyName;
    default:
      return true;
  }
}

/** The expressions a function returns (its expression body, or its `return x` statements outside nested functions). */
export function returnedExpressions(fn: FunctionNode): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const out: ts.Expression[] = [];
  const walk = (n: ts.Node): void => {
    if (isFunctionNode(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(body, walk);
  return out;
}

/** The function a node is in (undefined at the top level). */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

export function within(node: ts.Node, outer: ts.Node): boolean {
  return node.pos >= outer.pos && node.end <= outer.end;
}

/** A number an expression evaluates to when it is a literal (possibly negated). */
export function numberLiteral(e: ts.Expression | undefined): number | undefined {
  if (!e) return undefined;
  const s = strip(e);
  if (ts.isNumericLiteral(s)) return Number(s.text);
  if (ts.isPrefixUnaryExpression(s) && ts.isNumericLiteral(s.operand)) {
    if (s.operator === ts.SyntaxKind.MinusToken) return -Number(s.operand.text);
    if (s.operator === ts.SyntaxKind.PlusToken) return Number(s.operand.text);
  }
  return undefined;
}

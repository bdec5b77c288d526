// A small intermediate representation of Python built from the Lezer tree: statements and expressions with
// their spans. Rules never see Lezer nodes; they query the semantic layer (semantic.ts) built over this.
//
// The IR of each top-level statement is cached by its source text, so re-analysing a file after an edit only
// rebuilds the statements that changed and shifts the spans of the others.
import type { SyntaxNode, Tree } from '@lezer/common';
import { isPythonIdentifier } from './lexical';

export interface Span {
  from: number;
  to: number;
}

export type Expr =
  | (Span & { k: 'name'; id: string })
  | (Span & { k: 'attr'; obj: Expr; attr: string; attrFrom: number })
  | (Span & {
      k: 'call';
      fn: Expr;
      /** Positional arguments, not `*x` or `**x` (see `starred`): after one of those their positions are unknown, see `star`. */
      args: Expr[];
      kwargs: Kwarg[];
      argsFrom: number;
      argsTo: number;
      /** Whether the call has `*x` or `**x` arguments (positions and keywords beyond `args`/`kwargs` are unknown). */
      star: boolean;
      /** The expressions after `*` and `**`, in source order: not arguments one can name or count, but code that runs. */
      starred: Expr[];
    })
  | (Span & { k: 'num'; value: number; isFloat: boolean })
  | (Span & { k: 'str'; value: string })
  | (Span & { k: 'const'; value: 'True' | 'False' | 'None' | 'Ellipsis' })
  | (Span & { k: 'seq'; kind: 'list' | 'tuple' | 'set'; items: Expr[] })
  | (Span & { k: 'dict'; entries: { key: Expr | undefined; value: Expr }[] })
  | (Span & {
      k: 'subscript';
      obj: Expr;
      index: Expr[];
      /** Set when the index has a `:` (`x[1:]`, `x[:, 0]`). */
      slice?: boolean;
      /** Which items of `index` are the steps of slices (`x[:, ::-1]`: the `-1`, item 0), when there are any. */
      steps?: number[];
    })
  | (Span & { k: 'binop'; op: string; left: Expr; right: Expr })
  | (Span & { k: 'unary'; op: string; arg: Expr })
  | (Span & { k: 'other'; node: string; parts: Expr[]; params?: Param[] });

export interface Kwarg extends Span {
  name: string;
  value: Expr;
}

export interface Param extends Span {
  name: string;
  kind: 'normal' | 'star' | 'kwstar';
  default?: Expr;
}

export interface Block extends Span {
  /** Statements of an indented block; `inline` when written on the header's line (`for x in y: pass`). */
  stmts: Stmt[];
  inline: boolean;
}

export type Stmt =
  | (Span & { k: 'assign'; targets: Expr[]; value: Expr | undefined; annotation?: Expr })
  | (Span & { k: 'augassign'; target: Expr; op: string; value: Expr })
  | (Span & { k: 'expr'; expr: Expr })
  | (Span & { k: 'return'; value: Expr | undefined })
  | (Span & { k: 'for'; target: Expr; iter: Expr; body: Block; orelse?: Block })
  | (Span & { k: 'while'; test: Expr; body: Block; orelse?: Block })
  | (Span & { k: 'if'; branches: { test: Expr | undefined; body: Block }[] })
  | (Span & { k: 'with'; items: { expr: Expr; alias: Expr | undefined }[]; body: Block })
  | (Span & { k: 'try'; blocks: Block[] })
  | (Span & { k: 'def'; name: string; nameFrom: number; nameTo: number; params: Param[]; body: Block; decorators: Expr[] })
  | (Span & { k: 'class'; name: string; nameFrom: number; nameTo: number; bases: Expr[]; body: Block; decorators: Expr[] })
  | (Span & { k: 'import'; names: { module: string; alias: string | undefined }[] })
  | (Span & { k: 'from'; module: string; level: number; names: { name: string; alias: string | undefined }[]; rejected?: Span })
  | (Span & { k: 'break' | 'continue' | 'pass' | 'raise' | 'other'; exprs: Expr[]; rejected?: SyntaxSpanLike });

/** Code Python rejects that the parser read without an error, with CPython's message. */
type SyntaxSpanLike = Span & { message?: string };

const EMPTY: Expr[] = [];

type WithItem = { expr: Expr; alias: Expr | undefined };

/**
 * The items of a `with` statement. Parenthesized context managers (Python 3.10: `with (torch.no_grad(),
 * torch.autocast("cuda")):`) read as one tuple item in both parsers' trees; Python enters each element (a tuple is
 * no context manager), so they are separate items, as `with a, b:` gives.
 */
export function withItems(items: WithItem[]): WithItem[] {
  const only = items.length === 1 ? items[0] : undefined;
  if (!only || only.alias || only.expr.k !== 'seq' || only.expr.kind !== 'tuple' || !only.expr.items.length) return items;
  return only.expr.items.map((expr) => ({ expr, alias: undefined }));
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', '*', '**', '⚠', 'Comment']);

/** Builds IR from a Lezer tree. `orig` is the user's text, `parsed` the text Lezer saw (same length). */
export class IrBuilder {
  constructor(
    private readonly orig: string,
    private readonly parsed: string,
  ) {}

  private slice(n: { from: number; to: number }): string {
    return own(this.parsed.slice(n.from, n.to));
  }

  stmt(node: SyntaxNode): Stmt | undefined {
    const span = { from: node.from, to: node.to };
    switch (node.name) {
      case 'AssignStatement':
        return this.assign(node);
      case 'UpdateStatement': {
        const cs = children(node);
        const opIdx = cs.findIndex((c) => c.name === 'UpdateOp');
        if (opIdx < 1) return { from: span.from, to: span.to, k: 'other', exprs: this.exprs(cs) };
        const value = cs.slice(opIdx + 1).find((c) => !PUNCT.has(c.name));
        return {
          from: span.from,
          to: span.to,
          k: 'augassign',
          // `a, b += 1` (an error: python/targets.ts reports the tuple)
          target: opIdx > 1 ? this.group(cs.slice(0, opIdx)) : this.expr(cs[0]),
          op: this.slice(cs[opIdx]),
          value: value ? this.expr(value) : this.missing(node.to),
        };
      }
      case 'ExpressionStatement': {
        const first = node.firstChild;
        return first ? { from: span.from, to: span.to, k: 'expr', expr: this.expr(first) } : undefined;
      }
      case 'ReturnStatement': {
        const v = children(node).find((c) => c.name !== 'return' && !PUNCT.has(c.name));
        return { from: span.from, to: span.to, k: 'return', value: v ? this.exprOrTuple(node, v) : undefined };
      }
      case 'ForStatement':
        return this.forStmt(node);
      case 'WhileStatement': {
        const cs = children(node);
        const bodies = cs.filter((c) => c.name === 'Body');
        const test = cs.find((c) => c.name !== 'while' && c.name !== 'Body' && c.name !== 'else' && !PUNCT.has(c.name));
        return {
          from: span.from,
          to: span.to,
          k: 'while',
          test: test ? this.expr(test) : this.missing(node.from),
          body: this.block(bodies[0], node.to),
          orelse: bodies[1] ? this.block(bodies[1], node.to) : undefined,
        };
      }
      case 'IfStatement': {
        const branches: { test: Expr | undefined; body: Block }[] = [];
        let test: Expr | undefined;
        let expectTest = false;
        for (const c of children(node)) {
          if (c.name === 'if' || c.name === 'elif') {
            expectTest = true;
            test = undefined;
          } else if (c.name === 'else') {
            expectTest = false;
            test = undefined;
          } else if (c.name === 'Body') {
            branches.push({ test, body: this.block(c, node.to) });
            expectTest = false;
          } else if (expectTest && !PUNCT.has(c.name)) {
            test = this.expr(c);
          }
        }
        return { from: span.from, to: span.to, k: 'if', branches };
      }
      case 'MatchStatement':
        return this.match(node) ?? { from: span.from, to: span.to, k: 'other', exprs: this.exprs(children(node)) };
      case 'WithStatement': {
        const items: { expr: Expr; alias: Expr | undefined }[] = [];
        let body: Block | undefined;
        let pendingAlias = false;
        for (const c of children(node)) {
          if (c.name === 'with' || c.name === 'async' || c.name === ',' || c.name === '(' || c.name === ')') continue;
          if (c.name === 'as') pendingAlias = true;
          else if (c.name === 'Body') body = this.block(c, node.to);
          else if (!PUNCT.has(c.name)) {
            if (pendingAlias && items.length) items[items.length - 1].alias = this.expr(c);
            else items.push({ expr: this.expr(c), alias: undefined });
            pendingAlias = false;
          }
        }
        // `x or y` where the user wrote `x as y` (parse.ts patches the `as` Lezer cannot read): an item and its target
        const asItems = withItems(items).map((item) => {
          const e = item.expr;
          if (item.alias || e.k !== 'binop' || e.op !== 'or' || !/^[\s)]*as[\s(]*$/.test(this.orig.slice(e.left.to, e.right.from))) return item;
          return { expr: e.left, alias: e.right };
        });
        return { from: span.from, to: span.to, k: 'with', items: asItems, body: body ?? this.emptyBlock(node.to) };
      }
      case 'TryStatement':
        return { from: span.from, to: span.to, k: 'try', blocks: children(node).filter((c) => c.name === 'Body').map((b) => this.block(b, node.to)) };
      case 'FunctionDefinition':
        return this.def(node, []);
      case 'ClassDefinition':
        return this.classDef(node, []);
      case 'DecoratedStatement': {
        const decorators: Expr[] = [];
        let inner: SyntaxNode | undefined;
        for (const c of children(node)) {
          if (c.name === 'Decorator') {
            const parts = children(c).filter((d) => d.name !== 'At' && d.name !== 'Comment');
            decorators.push(this.decorator(parts, c));
          } else if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition') inner = c;
        }
        if (!inner) return { from: span.from, to: span.to, k: 'other', exprs: decorators };
        const s = inner.name === 'FunctionDefinition' ? this.def(inner, decorators) : this.classDef(inner, decorators);
        s.from = node.from; // the decorators belong to the statement
        return s;
      }
      case 'ImportStatement':
        return this.importStmt(node);
      case 'BreakStatement':
        return { from: span.from, to: span.to, k: 'break', exprs: EMPTY };
      case 'ContinueStatement':
        return { from: span.from, to: span.to, k: 'continue', exprs: EMPTY };
      case 'PassStatement':
        return { from: span.from, to: span.to, k: 'pass', exprs: EMPTY };
      case 'RaiseStatement':
        return { from: span.from, to: span.to, k: 'raise', exprs: this.exprs(children(node)) };
      case 'Comment':
      case 'Body':
      case ':':
        return undefined;
      default: {
        // assert, del, global, match, print, ⚠ … : keep their expressions so calls inside are still seen.
        if (node.type.isError && !node.firstChild) return undefined;
        const exprs = this.exprs(children(node));
        // Python 2's `print "done"` / `print x`, which Lezer reads: Python 3 rejects it (`print -1`, `print [0]`, `print if
        // …` would be expressions of Python 3, and are not said to be errors)
        const printed = node.name === 'PrintStatement' ? node.firstChild?.nextSibling : undefined;
        if (printed && /^(String|FormatString|Number|VariableName|CallExpression|MemberExpression|BinaryExpression)$/.test(printed.name) && printable(this.orig.charAt(printed.from))) {
          return { from: span.from, to: span.to, k: 'other', exprs, rejected: { from: span.from, to: span.to, message: "Missing parentheses in call to 'print'" } };
        }
        return { from: span.from, to: span.to, k: 'other', exprs };
      }
    }
  }

  private decorator(parts: SyntaxNode[], dec: SyntaxNode): Expr {
    // Decorator children: names and dots (a.b.c) then maybe an ArgList.
    let e: Expr | undefined;
    for (const p of parts) {
      if (p.name === 'VariableName' || p.name === 'PropertyName') {
        e = e ? { k: 'attr', obj: e, attr: this.slice(p), attrFrom: p.from, from: dec.from + 1, to: p.to } : { k: 'name', id: this.slice(p), from: p.from, to: p.to };
      } else if (p.name === 'ArgList' && e) {
        e = this.callFrom(e, p, dec.from + 1);
      }
    }
    return e ?? this.missing(dec.from);
  }

  private assign(node: SyntaxNode): Stmt {
    const cs = children(node);
    const targets: Expr[] = [];
    let current: SyntaxNode[] = [];
    let annotation: Expr | undefined;
    const groups: SyntaxNode[][] = [];
    for (const c of cs) {
      if (c.name === 'AssignOp') {
        groups.push(current);
        current = [];
      } else if (c.name === 'TypeDef') {
        const t = children(c).find((x) => !PUNCT.has(x.name));
        if (t) annotation = this.expr(t);
      } else if (c.name !== 'Comment') current.push(c);
    }
    for (const g of groups) targets.push(this.group(g));
    const value = current.length ? this.group(current) : undefined;
    return { from: node.from, to: node.to, k: 'assign', targets, value, annotation };
  }

  /** Comma-separated expressions without brackets form a tuple (`a, b = …`, `return x, y`). */
  private group(nodes: SyntaxNode[]): Expr {
    const items: Expr[] = [];
    let star: number | undefined;
    for (const n of nodes) {
      if (n.name === '*') star = n.from;
      else if (!PUNCT.has(n.name) && n.name !== 'Comment') {
        const e = this.expr(n);
        // `*rest` in `b, *rest = x`: kept as a starred item so positions after it are not misread
        items.push(star === undefined ? e : { k: 'other', node: 'starred', parts: [e], from: star, to: e.to });
        star = undefined;
      }
    }
    const hasComma = nodes.some((n) => n.name === ',');
    if (items.length === 1 && !hasComma) return items[0];
    const from = nodes[0]?.from ?? 0;
    const to = nodes[nodes.length - 1]?.to ?? from;
    return { k: 'seq', kind: 'tuple', items, from, to };
  }

  private exprOrTuple(parent: SyntaxNode, first: SyntaxNode): Expr {
    const rest: SyntaxNode[] = [];
    for (let c: SyntaxNode | null = first; c; c = c.nextSibling) rest.push(c);
    void parent;
    return this.group(rest);
  }

  private forStmt(node: SyntaxNode): Stmt {
    const cs = children(node);
    const inIdx = cs.findIndex((c) => c.name === 'in');
    const bodies = cs.filter((c) => c.name === 'Body');
    const targetNodes = cs.slice(0, inIdx < 0 ? 0 : inIdx).filter((c) => c.name !== 'for' && c.name !== 'async');
    const iterNodes = inIdx < 0 ? [] : cs.slice(inIdx + 1).filter((c) => c.name !== 'Body' && c.name !== 'else');
    return {
      from: node.from,
      to: node.to,
      k: 'for',
      target: targetNodes.length ? this.group(targetNodes) : this.missing(node.from),
      iter: iterNodes.length ? this.group(iterNodes) : this.missing(node.from),
      body: this.block(bodies[0], node.to),
      orelse: bodies[1] ? this.block(bodies[1], node.to) : undefined,
    };
  }

  private def(node: SyntaxNode, decorators: Expr[]): Stmt {
    const nameNode = node.getChild('VariableName');
    const paramList = node.getChild('ParamList');
    const body = node.getChild('Body');
    return {
      from: node.from,
      to: node.to,
      k: 'def',
      name: nameNode ? this.slice(nameNode) : '',
      nameFrom: nameNode?.from ?? node.from,
      nameTo: nameNode?.to ?? node.from,
      params: paramList ? this.params(paramList) : [],
      body: this.block(body ?? undefined, node.to),
      decorators,
    };
  }

  private params(list: SyntaxNode): Param[] {
    const out: Param[] = [];
    let kind: Param['kind'] = 'normal';
    let expectDefault = false;
    for (const c of children(list)) {
      if (c.name === '*') kind = 'star';
      else if (c.name === '**') kind = 'kwstar';
      else if (c.name === ',') kind = 'normal';
      else if (c.name === 'AssignOp') expectDefault = true;
      else if (c.name === 'VariableName' && !expectDefault) {
        out.push({ name: this.slice(c), kind, from: c.from, to: c.to });
      } else if (expectDefault && !PUNCT.has(c.name) && c.name !== 'TypeDef') {
        if (out.length) {
          out[out.length - 1].default = this.expr(c);
          out[out.length - 1].to = c.to;
        }
        expectDefault = false;
      }
    }
    return out;
  }

  private classDef(node: SyntaxNode, decorators: Expr[]): Stmt {
    const nameNode = node.getChild('VariableName');
    const args = node.getChild('ArgList');
    const body = node.getChild('Body');
    const bases = args ? children(args).filter((c) => !PUNCT.has(c.name) && c.name !== 'AssignOp').map((c) => this.expr(c)) : [];
    return {
      from: node.from,
      to: node.to,
      k: 'class',
      name: nameNode ? this.slice(nameNode) : '',
      nameFrom: nameNode?.from ?? node.from,
      nameTo: nameNode?.to ?? node.from,
      bases,
      body: this.block(body ?? undefined, node.to),
      decorators,
    };
  }

  private importStmt(node: SyntaxNode): Stmt {
    const cs = children(node).filter((c) => c.name !== 'Comment');
    const span = { from: node.from, to: node.to };
    if (cs[0]?.name === 'from') {
      let level = 0;
      let module = '';
      let i = 1;
      for (; i < cs.length && cs[i].name !== 'import'; i++) {
        const c = cs[i];
        if (c.name === '.' && module === '') level++;
        else if (c.name === 'Ellipsis' && module === '') level += 3;
        else if (c.name === 'VariableName') module += (module && !module.endsWith('.') ? '.' : '') + this.slice(c);
      }
      const names: { name: string; alias: string | undefined }[] = [];
      // what Lezer 1.1.19 reads without an error and Python rejects: a dotted name imported (`from a import b.c`, a
      // dot typed by mistake), a trailing comma without parentheses (`from a import b,`, typed on the way to the next)
      let rejected: Span | undefined;
      const parenthesized = cs[i + 1]?.name === '(';
      for (i++; i < cs.length; i++) {
        const c = cs[i];
        if (c.name === 'VariableName') {
          if (cs[i - 1]?.name === 'as' && names.length) names[names.length - 1].alias = this.slice(c);
          else names.push({ name: this.slice(c), alias: undefined });
        } else if (c.name === '*') names.push({ name: '*', alias: undefined });
        else if (c.name === '.' || (c.name === ',' && !parenthesized && i === cs.length - 1)) rejected ??= { from: c.from, to: c.to };
      }
      return { from: span.from, to: span.to, k: 'from', module, level, names, ...(rejected ? { rejected } : {}) };
    }
    // import a.b.c as d, e
    const names: { module: string; alias: string | undefined }[] = [];
    let cur: string[] = [];
    let alias: string | undefined;
    let inAlias = false;
    const flush = (): void => {
      if (cur.length) names.push({ module: cur.join('.'), alias });
      cur = [];
      alias = undefined;
      inAlias = false;
    };
    for (const c of cs.slice(1)) {
      if (c.name === ',') flush();
      else if (c.name === 'as') inAlias = true;
      else if (c.name === 'VariableName') {
        if (inAlias) alias = this.slice(c);
        else cur.push(this.slice(c));
      }
    }
    flush();
    return { from: span.from, to: span.to, k: 'import', names };
  }

  /**
   * `match subject:` with its cases, as an `if` over them: one branch per case, whose test holds the case's pattern
   * and guard (and, in the first, the subject, evaluated once before any case), and whose body is the case's block.
   * The statements in the cases are then statements like any other (assignments bind, loops are loops); names a
   * pattern captures are not bound. Without a case (an error), undefined.
   */
  private match(node: SyntaxNode): Stmt | undefined {
    const cs = children(node);
    const subject = cs.find((c) => c.name !== 'match' && c.name !== 'MatchBody' && !PUNCT.has(c.name));
    const body = cs.find((c) => c.name === 'MatchBody');
    const branches: { test: Expr | undefined; body: Block }[] = [];
    for (const clause of body ? children(body) : []) {
      if (clause.name !== 'MatchClause') continue;
      const parts: Expr[] = [];
      if (!branches.length && subject) parts.push(this.expr(subject));
      let block: SyntaxNode | undefined;
      for (const c of children(clause)) {
        if (c.name === 'case' || PUNCT.has(c.name)) continue;
        if (c.name === 'Body') block = c;
        else if (c.name === 'Guard') parts.push(...this.exprs(children(c).filter((g) => g.name !== 'if')));
        else parts.push(this.expr(c));
      }
      const from = Math.min(clause.from, parts[0]?.from ?? clause.from);
      branches.push({ test: { from, to: block?.from ?? clause.to, k: 'other', node: 'MatchCase', parts }, body: this.block(block, clause.to) });
    }
    return branches.length ? { from: node.from, to: node.to, k: 'if', branches } : undefined;
  }

  /**
   * The statements of a node, added to `out`: its statement, or each statement of a `StatementGroup` (`a = 1; b = 2`
   * is two statements, run in turn, as in Python: an import or an assignment in a group binds its names).
   */
  stmtsOf(node: SyntaxNode, out: Stmt[]): void {
    if (node.name !== 'StatementGroup') {
      const s = this.stmt(node);
      if (s) out.push(s);
      return;
    }
    for (const c of children(node)) {
      if (c.name === ';') continue;
      const s = this.stmt(c);
      if (s) out.push(s);
    }
  }

  block(body: SyntaxNode | undefined, fallback: number): Block {
    if (!body) return this.emptyBlock(fallback);
    const stmts: Stmt[] = [];
    let colon: SyntaxNode | undefined;
    for (const c of children(body)) {
      if (c.name === ':' && !colon) {
        colon = c;
        continue;
      }
      this.stmtsOf(c, stmts);
    }
    const inline = stmts.length > 0 && colon !== undefined && !this.orig.slice(colon.to, stmts[0].from).includes('\n');
    return { from: body.from, to: body.to, stmts, inline };
  }

  private emptyBlock(at: number): Block {
    return { from: at, to: at, stmts: [], inline: false };
  }

  private exprs(nodes: SyntaxNode[]): Expr[] {
    return nodes.filter((n) => !PUNCT.has(n.name) && !isKeyword(n.name)).map((n) => this.expr(n));
  }

  private missing(at: number): Expr {
    return { k: 'other', node: 'missing', parts: EMPTY, from: at, to: at };
  }

  private callFrom(fn: Expr, argList: SyntaxNode, from: number): Expr {
    const args: Expr[] = [];
    const kwargs: Kwarg[] = [];
    let star = false;
    const starred: Expr[] = [];
    const cs = children(argList);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (PUNCT.has(c.name) && c.name !== '*' && c.name !== '**') continue;
      if (c.name === '*' || c.name === '**') {
        star = true;
        // the splatted expression: kept apart from the arguments, whose positions it would make unknown
        const x = cs[i + 1];
        if (x && !PUNCT.has(x.name)) {
          starred.push(this.expr(x));
          i++;
        }
        continue;
      }
      if (c.name === 'VariableName' && cs[i + 1]?.name === 'AssignOp' && cs[i + 2]) {
        const op = cs[i + 1];
        const v = cs[i + 2];
        i += 2;
        // `f(b := 2)` is a positional argument (a walrus), not the keyword `b`
        if (this.slice(op) === ':=') {
          const parts: Expr[] = [this.expr(c), { from: op.from, to: op.to, k: 'other', node: 'AssignOp', parts: EMPTY }, this.expr(v)];
          args.push({ from: c.from, to: v.to, k: 'other', node: 'NamedExpression', parts });
        } else kwargs.push({ name: this.slice(c), value: this.expr(v), from: c.from, to: v.to });
        continue;
      }
      if (c.name === 'for' || c.name === 'in' || c.name === 'if') {
        // a generator argument: f(x for x in y)
        const parts = cs.slice(0, cs.length).filter((n) => !PUNCT.has(n.name) && !isKeyword(n.name)).map((n) => this.expr(n));
        return { k: 'call', fn, args: [{ k: 'other', node: 'generator', parts, from: argList.from, to: argList.to }], kwargs: [], argsFrom: argList.from, argsTo: argList.to, star: false, starred: [], from, to: argList.to };
      }
      args.push(this.expr(c));
    }
    return { k: 'call', fn, args, kwargs, argsFrom: argList.from, argsTo: argList.to, star, starred, from, to: argList.to };
  }

  expr(node: SyntaxNode): Expr {
    const span = { from: node.from, to: node.to };
    switch (node.name) {
      case 'VariableName':
        return { from: span.from, to: span.to, k: 'name', id: this.slice(node) };
      case 'self':
        return { from: span.from, to: span.to, k: 'name', id: 'self' };
      case 'MemberExpression': {
        const cs = children(node);
        const obj = cs[0];
        if (cs[1]?.name === '.') {
          const prop = cs[2];
          const base = obj ? this.expr(obj) : this.missing(node.from);
          if (!prop || prop.name !== 'PropertyName') return { from: span.from, to: span.to, k: 'other', node: 'member', parts: [base] };
          return { from: span.from, to: span.to, k: 'attr', obj: base, attr: this.slice(prop), attrFrom: prop.from };
        }
        // subscript x[...]: its items, and which of them are slice steps (an item after two `:` of one slice)
        const index: Expr[] = [];
        const steps: number[] = [];
        let colons = 0;
        for (const c of cs.slice(1)) {
          if (c.name === ',') colons = 0;
          else if (c.name === ':') colons++;
          else if (!PUNCT.has(c.name)) {
            if (colons === 2) steps.push(index.length);
            index.push(this.expr(c));
          }
        }
        const sub: Expr = { from: span.from, to: span.to, k: 'subscript', obj: obj ? this.expr(obj) : this.missing(node.from), index };
        if (cs.some((c) => c.name === ':')) sub.slice = true;
        if (steps.length) sub.steps = steps;
        return sub;
      }
      case 'CallExpression': {
        const cs = children(node);
        const argList = cs.find((c) => c.name === 'ArgList');
        const fn = cs[0] && cs[0] !== argList ? this.expr(cs[0]) : this.missing(node.from);
        if (!argList) return { from: span.from, to: span.to, k: 'other', node: 'call', parts: [fn] };
        return this.callFrom(fn, argList, node.from);
      }
      case 'Number':
        // a trailing-dot float that parse.ts patched is read from the user's text: the patch has the same length
        return numberExpr(this.orig.slice(node.from, node.to), span.from, span.to);
      case 'String':
        return { from: span.from, to: span.to, k: 'str', value: stringValue(this.orig.slice(node.from, node.to)) };
      case 'ContinuedString': {
        const value = children(node)
          .filter((c) => c.name === 'String')
          .map((c) => stringValue(this.orig.slice(c.from, c.to)))
          .join('');
        return { from: span.from, to: span.to, k: 'str', value };
      }
      case 'Boolean':
      case 'None':
        return { from: span.from, to: span.to, k: 'const', value: this.slice(node) as 'True' | 'False' | 'None' };
      case 'Ellipsis':
        return { from: span.from, to: span.to, k: 'const', value: 'Ellipsis' };
      case 'ArrayExpression':
      case 'TupleExpression':
      case 'SetExpression': {
        const cs = children(node);
        const items = cs.filter((c) => !PUNCT.has(c.name)).map((c) => this.expr(c));
        if (node.name === 'TupleExpression' && items.length === 1 && !cs.some((c) => c.name === ',')) return items[0];
        const kind = node.name === 'ArrayExpression' ? 'list' : node.name === 'SetExpression' ? 'set' : 'tuple';
        return { from: span.from, to: span.to, k: 'seq', kind, items };
      }
      case 'ParenthesizedExpression': {
        const inner = children(node).find((c) => !PUNCT.has(c.name));
        return inner ? this.expr(inner) : this.missing(node.from);
      }
      case 'DictionaryExpression': {
        const entries: { key: Expr | undefined; value: Expr }[] = [];
        const cs = children(node).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',' && c.name !== 'Comment');
        for (let i = 0; i < cs.length; i++) {
          if (cs[i].name === '**') {
            if (cs[i + 1]) entries.push({ key: undefined, value: this.expr(cs[i + 1]) });
            i++;
          } else if (cs[i + 1]?.name === ':' && cs[i + 2]) {
            entries.push({ key: this.expr(cs[i]), value: this.expr(cs[i + 2]) });
            i += 2;
          }
        }
        return { from: span.from, to: span.to, k: 'dict', entries };
      }
      case 'BinaryExpression': {
        const cs = children(node).filter((c) => c.name !== 'Comment');
        if (cs.length === 3) {
          return { from: span.from, to: span.to, k: 'binop', op: this.slice(cs[1]), left: this.expr(cs[0]), right: this.expr(cs[2]) };
        }
        return { from: span.from, to: span.to, k: 'other', node: node.name, parts: this.exprs(cs) };
      }
      case 'UnaryExpression': {
        const cs = children(node);
        if (cs.length === 2) return { from: span.from, to: span.to, k: 'unary', op: this.slice(cs[0]), arg: this.expr(cs[1]) };
        return { from: span.from, to: span.to, k: 'other', node: node.name, parts: this.exprs(cs) };
      }
      case 'LambdaExpression': {
        const pl = node.getChild('ParamList');
        const bodyNodes = children(node).filter((c) => c.name !== 'lambda' && c.name !== 'ParamList' && !PUNCT.has(c.name));
        return { from: span.from, to: span.to, k: 'other', node: 'lambda', parts: bodyNodes.map((c) => this.expr(c)), params: pl ? this.params(pl) : [] };
      }
      default:
        // Comprehensions, conditional expressions, f-strings, await, yield, slices, starred …
        return { from: span.from, to: span.to, k: 'other', node: node.name, parts: this.exprs(children(node)) };
    }
  }
}

/** A character that can start what Python 2's print statement prints: a quote, a digit, a name (not `（`, an invalid character). */
function printable(c: string): boolean {
  return /^["'\w]$/.test(c) || (c > '\u007f' && isPythonIdentifier(c));
}

function isKeyword(name: string): boolean {
  return /^[a-z]+$/.test(name) && name !== 'self';
}

/** A number literal's IR from its source text (underscores allowed). */
export function numberExpr(source: string, from: number, to: number): Expr {
  // (most numbers of a file are small decimal integers, `0`, `64`: read without the rest's rewriting)
  if (PLAIN_INT.test(source)) return { from, to, k: 'num', value: Number(source), isFloat: false };
  const raw = source.replace(/_/g, '');
  return { from, to, k: 'num', value: parseNumber(raw), isFloat: /[.eE]/.test(raw) && !/^0[xXoObB]/.test(raw) };
}

const PLAIN_INT = /^(?:0|[1-9]\d*)$/;

function parseNumber(raw: string): number {
  const r = raw.toLowerCase();
  if (r.endsWith('j')) return NaN;
  if (/^0[xob]/.test(r)) return Number(r);
  if (/^0+\d/.test(r) && !/[.e]/.test(r)) return Number(r); // 00
  return Number(r.endsWith('.') ? r.slice(0, -1) : r);
}

/**
 * A string taken out of a file's text that does not hold on to the text. V8 makes a part of 13 characters or more a
 * slice of the whole string, which then lives as long as the part: a name or string literal of a statement an edit did
 * not touch would keep the text of the version it was parsed in alive, one whole text per version an edit parsed a
 * statement of (~0.3 MB a keystroke in a 10,000-line file). A copy holds only itself.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Value of a (non-f) string literal, with the usual escapes. Prefixes r/b/u are handled. */
export function stringValue(src: string): string {
  // (read by hand, as `/^([rRbBuUfF]{0,2})('''|"""|'|")([\s\S]*?)(?:\2)?$/` would: every string literal of every file
  // goes through here, docstrings included; test/unit/ir-strings.test.ts holds the two to the same answers)
  let i = 0;
  let raw = false;
  while (i < 2 && i < src.length && STRING_PREFIX.includes(src[i])) {
    if (src[i] === 'r' || src[i] === 'R') raw = true;
    i++;
  }
  const c = src[i];
  if (c !== "'" && c !== '"') return src;
  const triple = c === "'" ? "'''" : '"""';
  const q = src.startsWith(triple, i) ? triple : c;
  const start = i + q.length;
  // the closing quotes, when the text ends with them after the opening ones
  const end = src.length - q.length >= start && src.endsWith(q) ? src.length - q.length : src.length;
  const body = src.slice(start, end);
  if (raw || !body.includes('\\')) return own(body);
  // a backslash before a line break (LF or CRLF) joins the lines
  return own(body).replace(/\\(n|t|r|\\|'|"|\r?\n)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '\n' || c === '\r\n' ? '' : c));
}

const STRING_PREFIX = 'rRbBuUfF';

/** Top-level statements' IR by node name and text, with where each is now. */
type CacheEntries = Map<string, { stmts: Stmt[]; from: number }>;

/** Top-level statements of a module, reusing cached IR for statements whose text did not change. */
export class ModuleIrCache {
  private cache: CacheEntries = new Map();

  /**
   * `hasErrors`: whether the tree has syntax errors. Then every statement is built afresh and the cache is left as it
   * was: after Lezer's error recovery the same text can have another tree, even without an error in it (the
   * indentation it tracks from an error further up), so only statements of error-free trees are reused.
   */
  build(tree: Tree, orig: string, parsed: string, hasErrors = false, built?: Map<number, Stmt[]>): Stmt[] {
    const builder = new IrBuilder(orig, parsed);
    const out: Stmt[] = [];
    if (hasErrors) {
      for (let c = tree.topNode.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') builder.stmtsOf(c, out);
      return out;
    }
    const next: CacheEntries = new Map();
    for (let c = tree.topNode.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') this.take(c, parsed, builder, 0, next, out, built);
    this.cache = next;
    return out;
  }

  /**
   * Takes the IR another parser built of the same text (the fast path's, `stmts`) as if `build` had built it from
   * `tree` (Lezer's tree of that text, without errors): the next version reuses those statements where their text
   * did not change. False, and the cache left as it was, where the two do not line up statement by statement.
   */
  seed(tree: Tree, parsed: string, stmts: readonly Stmt[]): boolean {
    const next: CacheEntries = new Map();
    let i = 0;
    for (let c = tree.topNode.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Comment') continue;
      const start = i;
      if (c.name === 'StatementGroup') {
        // its statements, one per statement of the group (see `IrBuilder.stmtsOf`)
        while (i < stmts.length && stmts[i].from >= c.from && stmts[i].to <= c.to) i++;
        if (i === start) return false;
      } else {
        const s = stmts[i++] as Stmt | undefined;
        if (!s || s.from !== c.from || s.to !== c.to) return false;
      }
      const key = c.name + '\0' + parsed.slice(c.from, c.to);
      // the same text twice: only the first is kept, as `take` keeps it
      if (!next.has(key)) next.set(key, { stmts: stmts.slice(start, i), from: c.from });
    }
    if (i !== stmts.length) return false;
    this.cache = next;
    return true;
  }

  /**
   * The statements `moved` (top-level statements of the cache's last version) were moved by `delta` in place, by an
   * edit read without a tree (`Analyzer`'s stretch path): their entries follow, so that the next version built from a
   * tree reuses them from where they are now. Other entries (statements of older versions, or replaced by the edit)
   * stay as they are: their objects did not move.
   */
  moved(moved: ReadonlySet<Stmt>, delta: number): void {
    if (delta) for (const entry of this.cache.values()) if (moved.has(entry.stmts[0])) entry.from += delta;
  }

  /**
   * A top-level statement of a tree without errors, at `c.from + shift` in the new text: its IR from the cache when a
   * statement of the same text was built before (moved to where it is now), else built (and moved); kept in `next`.
   */
  private take(c: SyntaxNode, parsed: string, builder: IrBuilder, shift: number, next: CacheEntries, out: Stmt[], built?: Map<number, Stmt[]>): void {
    const key = c.name + '\0' + parsed.slice(c.from, c.to);
    let entry = this.cache.get(key) ?? next.get(key);
    if (entry && next.has(key)) entry = undefined; // the same text twice: build each separately
    const at = c.from + shift;
    if (entry) {
      if (entry.from !== at) for (const s of entry.stmts) shiftSpans(s, at - entry.from);
      entry.from = at;
      this.cache.delete(key);
    } else {
      // built already by the parse's check (see `ParsedPython.builtIr`; only ever with `shift` 0), taken once
      const ready = built?.get(c.from);
      built?.delete(c.from);
      const stmts: Stmt[] = ready ?? [];
      if (!ready) builder.stmtsOf(c, stmts);
      if (!stmts.length) return;
      if (shift) for (const s of stmts) shiftSpans(s, shift);
      entry = { stmts, from: at };
    }
    if (!next.has(key)) next.set(key, entry);
    for (const s of entry.stmts) out.push(s);
  }

  /**
   * The IR of a version read by `spliceParse`: the statements of the last error-free version (`good`) before
   * `start` and from `endOld` on (moved by `delta`), reused from the cache as `build` reuses them, and the statements
   * of the stretch parsed alone (`slice`, which starts at `start`), built afresh (its tree has errors). The cache
   * keeps the reused statements, at their new positions, for the next version.
   */
  buildSpliced(good: { tree: Tree; text: string; parsedText: string }, start: number, endOld: number, delta: number, slice: { tree: Tree; text: string; parsedText: string }): Stmt[] {
    const goodBuilder = new IrBuilder(good.text, good.parsedText);
    const sliceBuilder = new IrBuilder(slice.text, slice.parsedText);
    const out: Stmt[] = [];
    const next: CacheEntries = new Map();
    const reuse = (c: SyntaxNode, shift: number): void => this.take(c, good.parsedText, goodBuilder, shift, next, out);
    for (let c = good.tree.topNode.firstChild; c && c.from < start; c = c.nextSibling) if (c.name !== 'Comment') reuse(c, 0);
    const sliced: Stmt[] = [];
    for (let c = slice.tree.topNode.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') sliceBuilder.stmtsOf(c, sliced);
    for (const stmt of sliced) {
      shiftSpans(stmt, start);
      out.push(stmt);
    }
    for (let c = good.tree.topNode.firstChild; c; c = c.nextSibling) if (c.from >= endOld && c.name !== 'Comment') reuse(c, delta);
    this.cache = next;
    return out;
  }
}

/**
 * Moves every span in the IR of a statement by `delta`: every position field of every node (`from`, `to`,
 * `attrFrom`, `argsFrom`, `argsTo`, `nameFrom`, `nameTo`), following the node types above.
 */
export function shiftSpans(s: Stmt, delta: number): void {
  s.from += delta;
  s.to += delta;
  switch (s.k) {
    case 'assign':
      shiftAll(s.targets, delta);
      if (s.value) shiftExpr(s.value, delta);
      if (s.annotation) shiftExpr(s.annotation, delta);
      return;
    case 'augassign':
      shiftExpr(s.target, delta);
      shiftExpr(s.value, delta);
      return;
    case 'expr':
      shiftExpr(s.expr, delta);
      return;
    case 'return':
      if (s.value) shiftExpr(s.value, delta);
      return;
    case 'for':
      shiftExpr(s.target, delta);
      shiftExpr(s.iter, delta);
      shiftBlock(s.body, delta);
      if (s.orelse) shiftBlock(s.orelse, delta);
      return;
    case 'while':
      shiftExpr(s.test, delta);
      shiftBlock(s.body, delta);
      if (s.orelse) shiftBlock(s.orelse, delta);
      return;
    case 'if':
      for (const b of s.branches) {
        if (b.test) shiftExpr(b.test, delta);
        shiftBlock(b.body, delta);
      }
      return;
    case 'with':
      for (const item of s.items) {
        shiftExpr(item.expr, delta);
        if (item.alias) shiftExpr(item.alias, delta);
      }
      shiftBlock(s.body, delta);
      return;
    case 'try':
      for (const b of s.blocks) shiftBlock(b, delta);
      return;
    case 'def':
      s.nameFrom += delta;
      s.nameTo += delta;
      shiftParams(s.params, delta);
      shiftBlock(s.body, delta);
      shiftAll(s.decorators, delta);
      return;
    case 'class':
      s.nameFrom += delta;
      s.nameTo += delta;
      shiftAll(s.bases, delta);
      shiftBlock(s.body, delta);
      shiftAll(s.decorators, delta);
      return;
    case 'import':
    case 'from':
      return;
    default:
      shiftAll(s.exprs, delta);
  }
}

function shiftBlock(b: Block, delta: number): void {
  b.from += delta;
  b.to += delta;
  for (const s of b.stmts) shiftSpans(s, delta);
}

function shiftParams(ps: Param[], delta: number): void {
  for (const p of ps) {
    p.from += delta;
    p.to += delta;
    if (p.default) shiftExpr(p.default, delta);
  }
}

function shiftAll(es: Expr[], delta: number): void {
  for (let i = 0; i < es.length; i++) shiftExpr(es[i], delta);
}

function shiftExpr(e: Expr, delta: number): void {
  e.from += delta;
  e.to += delta;
  switch (e.k) {
    case 'attr':
      e.attrFrom += delta;
      shiftExpr(e.obj, delta);
      return;
    case 'call':
      e.argsFrom += delta;
      e.argsTo += delta;
      shiftExpr(e.fn, delta);
      shiftAll(e.args, delta);
      for (const k of e.kwargs) {
        k.from += delta;
        k.to += delta;
        shiftExpr(k.value, delta);
      }
      shiftAll(e.starred, delta);
      return;
    case 'seq':
      shiftAll(e.items, delta);
      return;
    case 'dict':
      for (const en of e.entries) {
        if (en.key) shiftExpr(en.key, delta);
        shiftExpr(en.value, delta);
      }
      return;
    case 'subscript':
      shiftExpr(e.obj, delta);
      shiftAll(e.index, delta);
      return;
    case 'binop':
      shiftExpr(e.left, delta);
      shiftExpr(e.right, delta);
      return;
    case 'unary':
      shiftExpr(e.arg, delta);
      return;
    case 'other':
      shiftAll(e.parts, delta);
      if (e.params) shiftParams(e.params, delta);
      return;
    default:
      return; // name, num, str, const
  }
}

// The incremental semantic layer: a module rebuilt after an edit adopts what unchanged top-level statements made
// in the previous version. It must be the same model a build from scratch makes (scopes, bindings with their
// positions, call sites, loops, classes), own all of its objects, and give the same findings — also for edits
// that add, remove or rename top-level definitions, imports and module-level assignments, and for edits in a
// file that another file imports.
import { strict as assert } from 'assert';
import { Analyzer, type AnalysisResult } from '../../src/engine';
import { type Assignment, type CallSite, type ClassInfo, type PyModule, type Scope, callSitesNamed, perObject, perStatement, sitesWhere } from '../../src/engine/python/semantic';
import { rng } from '../../scripts/lib/generate';
import { fullBatchTraining, siteQName } from '../../src/engine/python/facts-recipe';
import { canonical, gradCall, loopContents, siteInstanceMethod, siteLossCall, trainingLoops } from '../../src/engine/python/torch';
import { classModeDependent, dataLoaders, forwardOf, helperOf, modeAt, stepLoops, valuesOf } from '../../src/engine/python/facts-eval';
import { generateScript } from '../../scripts/lib/generate';
import { generateProject } from '../../scripts/lib/corpus';

const findings = (r: AnalysisResult): string[] => r.findings.map((f) => `${f.code}@${f.offsets.start}-${f.offsets.end}:${f.message}:${JSON.stringify(f.fixes)}:${JSON.stringify(f.related)}`);

const showResolved = (v: ReturnType<PyModule['resolve']>): string => (v ? `${v.expr.k} ${v.expr.k === 'call' && v.expr.fn.k === 'name' ? v.expr.fn.id : ''} ${v.expr.from}-${v.expr.to} ${v.scope.kind}:${v.scope.name}` : '-');

const showInstance = (v: ReturnType<PyModule['instanceOf']>): string => (v ? `${showRef(v.ref)} ${v.call.from}-${v.call.to} ${v.scope.kind}:${v.scope.name}` : '-');

const showRef = (ref: ReturnType<PyModule['classOf']>): string => (ref ? (ref.kind === 'local' ? `local ${ref.cls.module.path}:${ref.cls.name}@${ref.cls.stmt.from}` : `external ${ref.qname}`) : '-');

/** A text dump of everything the semantic layer built, with positions, and a check that the module owns it all. */
function dump(m: PyModule): string[] {
  const out: string[] = [];
  const names = new Map<Scope, string>();
  const scopeName = (s: Scope): string => {
    let n = names.get(s);
    if (n === undefined) {
      n = (s.parent ? scopeName(s.parent) + '/' : '') + `${s.kind}:${s.name}@${s.stmt?.from ?? 0}`;
      names.set(s, n);
    }
    return n;
  };
  const own = (s: Scope, what: string): void => {
    assert.equal(s.module, m, `${what}: scope ${scopeName(s)} belongs to another module`);
    let root = s;
    while (root.parent) root = root.parent;
    assert.equal(root, m.scope, `${what}: scope ${scopeName(s)} is not under this module's scope`);
  };
  const span = (e: { from: number; to: number } | undefined): string => (e ? `${e.from}-${e.to}` : '-');
  const assignment = (a: Assignment): string => {
    own(a.scope, `assignment ${a.name}`);
    return `${a.name}:${a.via}@${a.from}[${a.index ?? ''}]=${span(a.value)} t=${span(a.target)} in ${scopeName(a.scope)}`;
  };
  const scopes = [m.scope, ...m.functions.map((f) => f.scope), ...m.classes.map((c) => c.scope)];
  for (const s of scopes) {
    own(s, 'scope');
    out.push(`scope ${scopeName(s)} cls=${s.cls?.name ?? ''} body=${s.body.length}`);
    out.push(`  imports ${[...s.imports].map(([k, v]) => k + '=' + v).join(',')}`);
    for (const [k, list] of s.assigns) out.push(`  ${k}: ${list.map(assignment).join(' | ')}`);
    out.push(`  functions ${[...s.functions.keys()].join(',')} classes ${[...s.classes.keys()].join(',')}`);
    out.push(`  calls ${m.callsIn(s).map((c) => span(c.call)).join(',')}`);
  }
  for (const f of m.functions) out.push(`fn ${f.name}@${f.stmt.from} cls=${f.cls?.name ?? ''} callers=${m.callersOf(f).map((c) => span(c.call)).join(',')}`);
  for (const c of m.classes) {
    assert.equal(c.module, m, `class ${c.name} belongs to another module`);
    out.push(`class ${c.name}@${c.stmt.from} methods=${[...c.methods.keys()].join(',')}`);
    for (const [k, list] of c.attrs) out.push(`  .${k}: ${list.map(assignment).join(' | ')}`);
  }
  for (const l of m.loops) {
    own(l.scope, 'loop');
    out.push(`loop ${span(l.stmt)} parent=${span(l.parent?.stmt)} in ${scopeName(l.scope)} calls ${m.callsInLoop(l.stmt).map((c) => span(c.call)).join(',')}`);
  }
  for (const w of m.withs) {
    own(w.scope, 'with');
    out.push(`with ${span(w.stmt)} in ${scopeName(w.scope)}`);
  }
  for (const c of m.callSites) {
    own(c.scope, 'call site');
    out.push(`call ${span(c.call)} stmt=${span(c.stmt)} loops=${c.loops.map((l) => span(l.stmt)).join(',')} withs=${c.withs.map((w) => span(w.stmt)).join(',')} in ${scopeName(c.scope)} -> ${m.calleeName(c.call, c.scope) ?? ''} ${showRef(m.classOf(c.call.fn, c.scope))} callers=${m.functionOf(c.scope) ? m.callersOf(m.functionOf(c.scope) as never).length : ''}`);
  }
  return out;
}

/** Top-level statements an edit may add: definitions, imports, aliases and names that shadow others. */
const TOP_LEVEL = [
  'import torch.nn as nn\n',
  'from torch.utils.data import DataLoader as DL\n',
  'DataLoader = DL\n',
  'nn = None\n',
  'def make_loader_0(n=1):\n    return DataLoader(TensorDataset(torch.randn(n, 3)), batch_size=4)\n',
  'class Net0(nn.Module):\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n',
  'criterion = nn.CrossEntropyLoss()\n',
  'model = Net1()\noptimizer = optim.Adam(model.parameters(), lr=1e-3)\n',
  'for epoch in range(2):\n    for xb, yb in DataLoader(ds):\n        loss = criterion(model(xb), yb)\n        loss.backward()\n        optimizer.step()\n',
  'torch.manual_seed(0)\n',
  'helper(1)\n',
  'y = helper(2) + helper(3)\n',
];
/** Top of the scripts the edits start from: a function called from several top-level statements. */
const HELPER = 'def helper(x):\n    return x\n\nhelper(0)\n';
const SMALL = ['x', '(', ')', '\n', '    ', ':', '#', '"', 'optimizer.zero_grad()\n', 'F.softmax(out, dim=1)', '_v2'];

/** A random edit: a few characters, a deleted run, a top-level statement added or removed, a definition renamed. */
/** The first call of `m` whose callee is the name `callee`. */
function siteCalling(m: PyModule, callee: string): CallSite {
  const site = m.callSites.find((s) => s.call.fn.k === 'name' && s.call.fn.id === callee);
  assert.ok(site, callee);
  return site;
}

type Counted = 'calleeName' | 'classOf' | 'localCallee' | 'projectCallee' | 'instanceOf';

/** Counts from now on the calls of some of a module's methods (its own calls of them too: they go through the object). */
function countCalls<K extends Counted>(m: PyModule, names: K[]): Record<K, number> {
  const asked = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  for (const n of names) {
    const f = (m[n] as (...args: unknown[]) => unknown).bind(m);
    Object.assign(m, { [n]: (...args: unknown[]) => (asked[n]++, f(...args)) });
  }
  return asked;
}

function edit(text: string, r: () => number): string {
  const at = Math.floor(r() * text.length);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const roll = r();
  if (roll < 0.3) return text.slice(0, at) + SMALL[Math.floor(r() * SMALL.length)] + text.slice(at);
  if (roll < 0.45) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 20));
  if (roll < 0.7) {
    // a top-level statement at the start of a top-level line (or inside a block, as an indentation error)
    return text.slice(0, lineStart) + TOP_LEVEL[Math.floor(r() * TOP_LEVEL.length)] + text.slice(lineStart);
  }
  if (roll < 0.85) {
    // remove a whole top-level statement: from a line starting at column 0 to the next such line
    const starts: number[] = [];
    for (let i = 0; i < text.length; i = text.indexOf('\n', i) + 1 || text.length) if (/[a-z@]/.test(text[i] ?? '')) starts.push(i);
    const k = Math.floor(r() * Math.max(1, starts.length - 1));
    return starts.length > 1 ? text.slice(0, starts[k]) + text.slice(starts[k + 1]) : text;
  }
  // rename a definition or a module-level name everywhere it is defined (not where it is used)
  const defs = [...text.matchAll(/^(def|class) (\w+)|^(\w+) = /gm)];
  if (!defs.length) return text;
  const d = defs[Math.floor(r() * defs.length)];
  const name = d[2] ?? d[3];
  const pos = (d.index ?? 0) + d[0].indexOf(name);
  return text.slice(0, pos) + name + 'X' + text.slice(pos + name.length);
}

/**
 * A fact kept per call site in a carried slot (`siteSlot(carry, true)`) over the versions of a file that an editor
 * reads: `text(variant, other)` with the first variant and three bodies of another function, then the second variant.
 * The `kept` site's answer must be taken over by the edits of the other function and by the change of variant (the
 * same answer object), and every answer must be a fresh module's. Gives the answers of the second and last versions.
 */
function localSlot<T>(o: {
  text: (variant: string, other: string) => string;
  variants: [string, string];
  sites: (m: PyModule) => { kept: CallSite; read: CallSite };
  ask: (m: PyModule, site: CallSite) => T;
  show: (v: T) => string;
}): { first: { kept: T; read: T }; last: { kept: T; read: T } } {
  const a = new Analyzer();
  const answers = (t: string): { kept: T; read: T } => {
    const m = a.pythonModule('/p/t.py', t).module;
    const fresh = new Analyzer().pythonModule('/p/t.py', t).module;
    const [got, want] = [o.sites(m), o.sites(fresh)];
    const out = { kept: o.ask(m, got.kept), read: o.ask(m, got.read) };
    assert.deepEqual([o.show(out.kept), o.show(out.read)], [o.show(o.ask(fresh, want.kept)), o.show(o.ask(fresh, want.read))], t);
    return out;
  };
  answers(o.text(o.variants[0], '0'));
  const first = answers(o.text(o.variants[0], '1'));
  // an edit of another function: the answer is taken over, the same object
  assert.equal(answers(o.text(o.variants[0], '2')).kept, first.kept);
  const last = answers(o.text(o.variants[1], '2'));
  assert.equal(last.kept, first.kept);
  return { first, last };
}

describe('incremental semantic layer', () => {
  it('after random edits (top-level statements added, removed, renamed), the module equals one built from scratch', function () {
    this.timeout(120_000);
    const r = rng(7);
    let text = HELPER + generateScript(500, 11);
    const inc = new Analyzer();
    let prev = inc.pythonModule('/p/train.py', text).module;
    let adopted = 0;
    let good = text; // the last version without syntax errors: an edit that breaks the syntax is undone by the next
    for (let i = 0; i < 150; i++) {
      text = edit(good, r);
      const m = inc.pythonModule('/p/train.py', text).module;
      assert.notEqual(m, prev);
      if (prev.retired) adopted++; // the new version took over statements of the previous one
      const { module: fresh, errors } = new Analyzer().pythonModule('/p/train.py', text);
      if (!errors.length) good = text;
      assert.equal(JSON.stringify(m.stmts), JSON.stringify(fresh.stmts), `IR after edit ${i}`);
      assert.deepEqual(dump(m), dump(fresh), `edit ${i}`);
      prev = m;
    }
    assert.ok(adopted > 50, `${adopted} of 150 versions adopted statements of the previous one`);
  });

  it('the IR after edits through lasting syntax errors equals a fresh build', function () {
    // (after error recovery the same statement text can get another tree: nothing is reused while errors last)
    this.timeout(120_000);
    const r = rng(7);
    let text = HELPER + generateScript(500, 11);
    const inc = new Analyzer();
    inc.pythonModule('/p/train.py', text);
    for (let i = 0; i < 150; i++) {
      text = edit(text, r);
      const a = inc.pythonModule('/p/train.py', text).module;
      const b = new Analyzer().pythonModule('/p/train.py', text).module;
      assert.equal(JSON.stringify(a.stmts), JSON.stringify(b.stmts), `IR after edit ${i}`);
    }
  });

  it('facts made of statement parts (conditional regions, calls handed a name, lambdas, layers read) follow edits of other statements', () => {
    // each version edits one statement; the finding that depends on it comes and goes, in the file being edited
    const head = 'import random\nimport numpy as np\nimport torch\nimport torch.nn as nn\n\nSEED_ON = False\n\n\n';
    const model = 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n        self.drop = nn.Dropout(0.5)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n';
    const seed = 'def setup():\n    if SEED_ON:\n        torch.manual_seed(0)\n\n\n';
    const train =
      'def main(loader, val_loader):\n    setup()\n    model = Net()\n    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)\n    for epoch in range(5):\n        model.train()\n        for x, y in loader:\n            optimizer.zero_grad()\n            nn.functional.cross_entropy(model(x), y).backward()\n            optimizer.step()\n        for x, y in val_loader:\n            print(model(x))\n\n\nmain(train_loader, val_loader)\n';
    const versions = [
      head + model + seed + train,
      head + model + seed.replace('if SEED_ON:', 'if True:') + train,
      head.replace('SEED_ON = False', 'SEED_ON = True') + model + seed + train,
      head + model.replace('return self.fc(x)', 'return self.drop(self.fc(x))') + seed + train,
      head + model + seed + train + 'scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 0.1)\n',
      head + model + seed + train + 'loader = torch.utils.data.DataLoader(ds, worker_init_fn=lambda w: torch.manual_seed(w))\n',
      '# moved\n' + head + model + seed + train,
      head + model + seed + train,
    ];
    const inc = new Analyzer();
    const seen = new Set<string>();
    for (const [i, text] of versions.entries()) {
      for (const stage of [2, 6]) {
        const a = inc.analyze({ path: '/p/train.py', text, stage, editing: true });
        const b = new Analyzer().analyze({ path: '/p/train.py', text, stage });
        assert.deepEqual(findings(a), findings(b), `version ${i}, stage ${stage}`);
        seen.add(a.findings.map((f) => f.code).sort().join(','));
      }
    }
    // the edits changed what is reported (the versions do exercise the facts)
    assert.ok(seen.size >= 6 && [...seen].some((x) => x.includes('NR205')), [...seen].join(' | '));
  });

  it('after random edits, findings equal a fresh analysis', function () {
    this.timeout(120_000);
    const r = rng(3);
    let text = HELPER + generateScript(700, 5);
    const inc = new Analyzer();
    inc.analyze({ path: '/p/train.py', text, stage: 2 });
    let good = text; // as above: syntax errors come and go
    for (let i = 0; i < 120; i++) {
      text = edit(r() < 0.2 ? text : good, r);
      const a = inc.analyze({ path: '/p/train.py', text, stage: 2 });
      const b = new Analyzer().analyze({ path: '/p/train.py', text, stage: 2 });
      if (!b.syntaxErrors.length) good = text;
      assert.deepEqual(findings(a), findings(b), `after edit ${i}`);
      assert.deepEqual(a.syntaxErrors, b.syntaxErrors, `syntax errors after edit ${i}`);
    }
  });

  it('edits of imported files: the importers\' findings equal a fresh analysis (also when the editor text is not the host\'s)', function () {
    this.timeout(120_000);
    const project = generateProject({ lines: 3000, seed: 5 }).filter((f) => f.path.endsWith('.py'));
    const files: Record<string, string> = Object.fromEntries(project.map((f) => ['/ws/' + f.path, f.text]));
    const host = { readFile: (p: string): string | undefined => files[p] };
    // a training script and the project files it imports (found through the analyzer's own links)
    const train = Object.keys(files).find((p) => p.endsWith('/train.py') && /^from \.?model import/m.test(files[p])) as string;
    assert.ok(train, 'a train.py that imports its model');
    const probe = new Analyzer({ host });
    probe.analyze({ path: train, text: files[train], stage: 2 });
    const imported = [...probe.pythonModule(train, files[train]).module.deps].filter(([, t]) => t !== undefined).map(([p]) => p);
    assert.ok(imported.length >= 2, `train.py imports project files (${imported.join(', ')})`);
    const r = rng(9);
    const inc = new Analyzer({ host });
    inc.analyze({ path: train, text: files[train], stage: 2 });
    for (let i = 0; i < 60; i++) {
      const target = imported[Math.floor(r() * imported.length)];
      const next = edit(files[target], r);
      if (r() < 0.7) {
        // saved edit: the host sees it too
        files[target] = next;
        inc.analyze({ path: target, text: next, stage: 2 });
      } else {
        // unsaved edit: the editor's text differs from the host's, then the importer reads the host's
        inc.analyze({ path: target, text: next, stage: 2 });
      }
      const a = inc.analyze({ path: train, text: files[train], stage: 2 });
      const b = new Analyzer({ host }).analyze({ path: train, text: files[train], stage: 2 });
      assert.deepEqual(findings(a), findings(b), `importer after edit ${i} of ${target}`);
      const c = inc.analyze({ path: target, text: files[target], stage: 2 });
      const d = new Analyzer({ host }).analyze({ path: target, text: files[target], stage: 2 });
      assert.deepEqual(findings(c), findings(d), `imported file after edit ${i} of ${target}`);
    }
  });

  it('facts kept per call site, loop or class are not carried into the next version of the module', () => {
    // the loop is the same statement in both versions; what `opt` is comes from another statement
    const loop = 'def train(model, loader):\n    for x, y in loader:\n        loss = model(x).sum()\n        loss.backward()\n        opt.step()\n';
    const optimizer = 'import torch\nopt = torch.optim.SGD(params, lr=0.1)\n' + loop;
    const loader = 'import torch\nopt = torch.utils.data.DataLoader(data)\n' + loop;
    // the class is the same statement in both versions; its base class is another one
    // (the layer used in forward: a layer no method uses does not make a model mode-dependent)
    const base = (layer: string): string => `import torch.nn as nn\nclass Base(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.d = nn.${layer}\n\n    def forward(self, x):\n        return self.d(x)\n`;
    const model = 'class Net(Base):\n    pass\n\ndef fit(loader):\n    net = Net()\n    net.train()\n    for x in loader:\n        net(x).sum().backward()\n    evaluate(net)\n\ndef evaluate(net):\n    for x in loader:\n        net(x)\n';
    // the training function is the same statement in both versions; the helper it calls after each epoch is another
    // (it switches the model to eval mode in one version only: the calls it makes are asked again of the new version)
    const helper = (body: string): string =>
      `import torch\nimport torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.d = nn.Dropout(0.5)\n        self.fc = nn.Linear(3, 3)\n\n    def forward(self, x):\n        return self.fc(self.d(x))\n\ndef evaluate(net):\n    ${body}\n\ndef fit(loader):\n    net = Net()\n    opt = torch.optim.SGD(net.parameters(), lr=0.1)\n    net.train()\n    for epoch in range(3):\n        for x in loader:\n            opt.zero_grad()\n            net(x).sum().backward()\n            opt.step()\n        evaluate(net)\n`;
    for (const [a, b] of [
      [optimizer, loader],
      [base('Dropout(0.5)') + model, base('Linear(3, 3)') + model],
      [helper('net.eval()'), helper('print(net)')],
    ]) {
      // (as a file being edited too: its versions share the call sites of unchanged statements)
      for (const editing of [false, true]) {
        const inc = new Analyzer();
        for (const text of [a, b, a, b]) {
          assert.deepEqual(findings(inc.analyze({ path: '/p/t.py', text, stage: 2, editing })), findings(new Analyzer().analyze({ path: '/p/t.py', text, stage: 2 })));
        }
      }
      assert.notDeepEqual(findings(new Analyzer().analyze({ path: '/p/t.py', text: a, stage: 2 })), findings(new Analyzer().analyze({ path: '/p/t.py', text: b, stage: 2 })), 'the two versions differ');
    }
  });

  it('an importer whose facts reach into a file that was since re-analysed with other text is rebuilt', () => {
    // model.py's class statement is the same in the editor's text and on disk; the module-level name `F` is not
    const NET = 'class Net(nn.Module):\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n';
    const files: Record<string, string> = {
      '/p/model.py': 'import torch.nn as nn\nimport torch.nn.functional as F\n' + NET,
      '/p/train.py': 'from torch import nn\nfrom model import Net\nnet = Net()\nloss = nn.CrossEntropyLoss()(net(x), y)\n',
    };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const train = (): string[] => findings(a.analyze({ path: '/p/train.py', text: files['/p/train.py'] }));
    const fresh = findings(new Analyzer({ host: { readFile: (p) => files[p] } }).analyze({ path: '/p/train.py', text: files['/p/train.py'] }));
    assert.equal(fresh.length, 1);
    // model.py edited in the editor and back: its module keeps per-statement summaries from its second version on
    a.analyze({ path: '/p/model.py', text: files['/p/model.py'] + '\n' });
    a.analyze({ path: '/p/model.py', text: files['/p/model.py'] });
    assert.deepEqual(train(), fresh);
    // unsaved edit of model.py: the editor analyses its text, the host still gives the file on disk
    const linked = a.pythonModule('/p/model.py', files['/p/model.py']).module;
    a.analyze({ path: '/p/model.py', text: 'import torch.nn as nn\nF = None\n' + NET });
    assert.ok(linked.retired, 'the new version took over the class statement');
    assert.deepEqual(train(), fresh);
  });

  it('siteClass, siteCallee, siteQName, siteLocalCallee, siteProjectCallee and the facts kept with a site (forwardOf, gradCall) answer what a fresh analysis answers, for every call site, across edits and files', () => {
    const project = generateProject({ lines: 2000, seed: 3 }).filter((f) => f.path.endsWith('.py'));
    const files: Record<string, string> = Object.fromEntries(project.map((f) => ['/ws/' + f.path, f.text]));
    const a = new Analyzer({ host: { readFile: (p: string) => files[p] } });
    const r = rng(4);
    const paths = Object.keys(files).filter((p) => /train\.py$|model\.py$/.test(p)).slice(0, 12);
    let sites = 0;
    let forwards = 0;
    let callees = 0;
    let grads = 0;
    const showForward = (f: ReturnType<typeof forwardOf>): string => (f ? `${f.obj.from}-${f.obj.to} ${f.model.initial} ${f.model.modeDependent} ${f.model.call.from}` : '-');
    const showGrad = (g: ReturnType<typeof gradCall>): string => (g ? `${g.kind} ${g.site.call.from} ${g.target ? `${g.target.from}-${g.target.to}` : '-'}` : '-');
    for (let round = 0; round < 3; round++) {
      for (const p of paths) {
        a.analyze({ path: p, text: files[p], stage: 2, editing: true }); // fills the site memos through the rules (editing: the next version reuses the sites of unchanged statements)
        const m = a.pythonModule(p, files[p]).module;
        const fresh = new Analyzer({ host: { readFile: (f: string) => files[f] } }).pythonModule(p, files[p]).module;
        const freshSites = new Map(fresh.callSites.map((s) => [s.call.from, { m: fresh, s }]));
        for (const s of m.callSites) {
          // within one analysis: the memo; fresh: the queries themselves
          assert.equal(showRef(m.siteClass(s)), showRef(m.classOf(s.call.fn, s.scope)), `${p} ${s.call.from}`);
          assert.equal(m.siteCallee(s), m.calleeName(s.call, s.scope), `${p} ${s.call.from}`);
          assert.equal(m.siteLocalCallee(s), m.localCallee(s.call, s.scope), `${p} ${s.call.from}`);
          assert.equal(m.siteProjectCallee(s), m.projectCallee(s.call, s.scope), `${p} ${s.call.from}`);
          if (m.siteProjectCallee(s)) callees++;
          const q = m.calleeName(s.call, s.scope);
          assert.equal(siteQName(m, s), q ? canonical(q) : undefined, `${p} ${s.call.from}`);
          // facts of later layers kept with the site (`siteFact`): what a fresh analysis of the same text answers
          const other = freshSites.get(s.call.from);
          assert.ok(other, `${p} ${s.call.from}: the fresh analysis has the site`);
          assert.equal(showForward(forwardOf(m, s)), showForward(forwardOf(other.m, other.s)), `${p} ${s.call.from}`);
          assert.equal(showGrad(gradCall(m, s)), showGrad(gradCall(other.m, other.s)), `${p} ${s.call.from}`);
          if (forwardOf(m, s)) forwards++;
          if (gradCall(m, s)) grads++;
          sites++;
        }
      }
      for (const p of paths) files[p] = edit(files[p], r);
    }
    assert.ok(sites > 500, `${sites} call sites compared`);
    assert.ok(forwards > 20 && grads > 20 && callees > 20, `${forwards} forward passes, ${grads} gradient calls and ${callees} project callees compared`);
  });

  it("resolve's answers kept from the last version (those that read only their own statement) are what a fresh module answers, across random edits", function () {
    this.timeout(120_000);
    const r = rng(12);
    let text = HELPER + 'def f(model):\n    m = model\n    return m\n\nf(Net1())\n' + generateScript(400, 5);
    const inc = new Analyzer();
    let good = text;
    let compared = 0;
    let instances = 0;
    for (let i = 0; i < 80; i++) {
      text = edit(good, r);
      const m = inc.pythonModule('/p/train.py', text).module;
      const { module: fresh, errors } = new Analyzer().pythonModule('/p/train.py', text);
      if (!errors.length) good = text;
      const freshSites = new Map(fresh.callSites.map((s) => [`${s.call.from}-${s.call.to}`, s]));
      for (const s of m.callSites) {
        const o = freshSites.get(`${s.call.from}-${s.call.to}`);
        if (!o) continue;
        const exprs = [s.call.fn, ...s.call.args, ...s.call.kwargs.map((k) => k.value)];
        const others = [o.call.fn, ...o.call.args, ...o.call.kwargs.map((k) => k.value)];
        exprs.forEach((e, k) => {
          const v = m.resolve(e, s.scope);
          assert.equal(showResolved(v), showResolved(fresh.resolve(others[k], o.scope)), `edit ${i}: ${text.slice(e.from, e.to)} at ${e.from}`);
          // the answer's objects are this version's (the module scope is made anew for each version)
          if (v) assert.ok(v.scope.module === m, `edit ${i}: ${text.slice(e.from, e.to)} at ${e.from}: a scope of another version`);
          if (v?.scope.kind === 'module') assert.ok(v.scope === m.scope, `edit ${i}: ${text.slice(e.from, e.to)} at ${e.from}: another version's module scope`);
          // and `instanceOf`, whose answers of a library's class are kept the same way
          const inst = m.instanceOf(e, s.scope);
          assert.equal(showInstance(inst), showInstance(fresh.instanceOf(others[k], o.scope)), `edit ${i}: instanceOf ${text.slice(e.from, e.to)} at ${e.from}`);
          if (inst) assert.ok(inst.scope.module === m && (inst.ref.kind === 'external' || inst.ref.cls.module === m), `edit ${i}: instanceOf ${text.slice(e.from, e.to)} at ${e.from}: objects of another version`);
          if (inst) instances++;
          compared++;
        });
      }
    }
    assert.ok(compared > 10_000, `${compared} answers compared`);
    assert.ok(instances > 1_000, `${instances} instances compared`);
  });

  it("resolve's answers that read other statements are asked again after an edit: module names, parameters, a class's attributes", () => {
    const a = new Analyzer();
    const answer = (text: string, needle: string): string => {
      const m = a.pythonModule('/p/t.py', text).module;
      const at = text.indexOf('use(' + needle) + 4;
      const site = m.callSites.find((s) => s.call.args.some((x) => x.from === at));
      assert.ok(site, needle);
      return showResolved(m.resolve(site.call.args.find((x) => x.from === at) as never, site.scope));
    };
    // (two versions first: a file keeps answers for the next version from its third version on)
    answer('def fit():\n    use(x)\n', 'x)');
    answer('def fit():\n    use(y)\n', 'y)');
    const fn = 'def fit():\n    local = crit\n    use(local)\n\n';
    const v1 = 'crit = CrossEntropyLoss()\n\n' + fn;
    const v2 = 'crit = MSELoss()\n\n' + fn;
    assert.match(answer(v1, 'local)'), /^call CrossEntropyLoss/);
    assert.match(answer(v2, 'local)'), /^call MSELoss/, 'a module binding edited in another statement');
    const p1 = 'def fit(net):\n    use(net)\n\nfit(A())\n';
    assert.match(answer(p1, 'net)'), /^call A/);
    assert.match(answer(p1.replace('A()', 'B()'), 'net)'), /^call B/, "a caller's argument edited");
    const c1 = 'class Base:\n    def __init__(self):\n        self.net = A()\n\nclass T(Base):\n    def go(self):\n        use(self.net)\n';
    assert.match(answer(c1, 'self.net)'), /^call A/);
    assert.match(answer(c1.replace('A()', 'B()'), 'self.net)'), /^call B/, 'a base class edited');
    const u1 = 'def fit():\n    use(later)\n';
    assert.equal(answer(u1, 'later)'), '-');
    assert.match(answer('later = A()\n' + u1, 'later)'), /^call A/, 'a name bound by a new statement');
    // and one that reads only its own statement is the same answer in the next version
    const l1 = 'x = 1\n\ndef fit():\n    net = A()\n    use(net)\n';
    assert.match(answer(l1, 'net)'), /^call A/);
    assert.match(answer(l1.replace('x = 1', 'x = 2'), 'net)'), /^call A/);
  });

  it("a parameter's value is carried while its function's callers are the same sites in functions whose arguments read only their statements; worked out again when a caller is edited, added or removed, or reads the module scope", () => {
    const files: Record<string, string> = { '/p/models.py': 'class Net:\n    pass\n', '/p/other.py': 'from models import Net\n' };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const value = (text: string): { shown: string; v: ReturnType<PyModule['resolve']>; counted: number[]; m: PyModule } => {
      const m = a.pythonModule('/p/t.py', text).module;
      const site = siteCalling(m, 'use');
      // asked twice in the version, through two uses of the parameter (from two rules, say): the second is handed the
      // first answer and counts the reads it counted
      const counted: number[] = [];
      const again = siteCalling(m, 'again');
      let v: ReturnType<PyModule['resolve']>;
      for (const [arg, scope] of [[site.call.args[0], site.scope], [again.call.args[0], again.scope]] as const) {
        const before = m.outsideReadCount;
        const answer = m.resolve(arg, scope);
        counted.push(m.outsideReadCount - before);
        v ??= answer;
        assert.equal(showResolved(answer), showResolved(v));
      }
      assert.ok(counted[0] > 0 && counted[0] === counted[1], `the reads counted again: ${counted.join()}`);
      // (an answer names objects of this version: its module scope is made anew for each, a call of an edited
      // statement is another object)
      if (v?.scope.kind === 'module') assert.equal(v.scope, m.scope, 'a module scope of another version');
      assert.ok(v?.expr.k !== 'call' || m.callSites.some((c) => c.call === v.expr), 'a call of another version');
      return { shown: showResolved(v), v, counted, m };
    };
    const evaluate = 'class A:\n    pass\n\nclass B:\n    pass\n\nclass C:\n    pass\n\ndef evaluate(model):\n    use(model)\n    again(model)\n\n';
    const main = (net: string): string => `def main():\n    net = ${net}\n    evaluate(net)\n\n`;
    const v1 = evaluate + main('A()') + 'def other():\n    return 0\n';
    value(v1);
    value(v1.replace('return 0', 'return 1'));
    const first = value(v1);
    assert.match(first.shown, /^call A/);
    // an edit of another function: the same answer, carried (the same object, not one worked out again)
    const kept = value(v1.replace('return 0', 'return 2'));
    assert.equal(kept.v, first.v, 'carried into the next version');
    assert.ok(kept.counted[0] > 0, 'still a read beyond the statement for whoever asks');
    // the caller's argument edited
    assert.match(value(v1.replace('A()', 'B()')).shown, /^call B/);
    // a caller added with another class's instance, then one with the same class's, then removed
    assert.equal(value(v1.replace('return 0', 'evaluate(C())')).shown, '-');
    assert.match(value(v1.replace('return 0', 'evaluate(A())')).shown, /^call A/);
    assert.match(value(v1).shown, /^call A/);
    value(v1.replace('return 0', 'return 3'));
    assert.equal(value(v1.replace('return 0', 'evaluate(C())')).shown, '-', 'a caller added after the answer was carried');
    // a caller at module level: the answer names the module scope, made anew for each version
    const t1 = v1 + 'evaluate(A())\n';
    assert.match(value(t1).shown, /^call A .* function:main$/);
    assert.match(value(t1.replace('return 0', 'return 1')).shown, /^call A .* function:main$/);
    const t2 = evaluate + 'def other():\n    return 0\n\nevaluate(A())\n';
    assert.match(value(t2).shown, /^call A .* module:/);
    assert.match(value(t2.replace('return 0', 'return 1')).shown, /^call A .* module:/);
    // a caller whose argument is a module binding: not carried past an edit of it
    const m1 = evaluate + 'NET = A()\n\ndef main():\n    evaluate(NET)\n';
    const m1Value = value(m1);
    assert.match(m1Value.shown, /^call A/);
    assert.ok(m1Value.counted[0] > first.counted[0], `the module binding read is counted: ${m1Value.counted.join()} against ${first.counted.join()}`);
    assert.match(value(m1.replace('NET = A()', 'NET = B()')).shown, /^call B/);
    assert.match(value(m1 + 'def other():\n    return 1\n').shown, /^call A/);
    assert.match(value(m1 + 'def other():\n    return 2\n').shown, /^call A/);
    // callers handing instances of classes of another file, the same class there until that file changes
    const x1 = (n: number): string => `import models\nimport other\n\n${evaluate}def main():\n    evaluate(models.Net())\n\ndef side():\n    evaluate(other.Net())\n\ndef other():\n    return ${n}\n`;
    assert.match(value(x1(0)).shown, /^call {2}\d+-\d+ function:main$/);
    assert.match(value(x1(1)).shown, /^call {2}\d+-\d+ function:main$/);
    files['/p/other.py'] = 'class Net:\n    pass\n';
    assert.equal(value(x1(2)).shown, '-', 'another file changed what a caller hands');
    // a default the function gives, read from the module scope: the same
    const d1 = 'class A:\n    pass\n\nDEFAULT = A()\n\ndef evaluate(model=DEFAULT):\n    use(model)\n    again(model)\n\ndef main():\n    evaluate()\n';
    assert.match(value(d1).shown, /^call A/);
    assert.match(value(d1.replace('DEFAULT = A()', 'DEFAULT = B()')).shown, /^call B/);
  });

  it("every value a parameter may hold (valuesOf) is carried the same way; followed again when a caller is edited, added or removed", () => {
    const a = new Analyzer();
    const values = (text: string): { shown: string; vs: readonly unknown[] } => {
      const m = a.pythonModule('/p/t.py', text).module;
      const site = siteCalling(m, 'use');
      const before = m.outsideReadCount;
      const vs = valuesOf(m, site.call.args[0], site.scope);
      assert.ok(m.outsideReadCount > before, 'the callers read, counted for whoever asks');
      for (const v of vs) {
        if (v.scope.kind === 'module') assert.equal(v.scope, m.scope, 'a module scope of another version');
        // (the objects of this version: an answer kept past an edit of its statement would name the old call)
        assert.ok(v.expr.k !== 'call' || m.callSites.some((c) => c.call === v.expr), `${text.slice(v.expr.from, v.expr.to)}: a call of another version`);
      }
      return { shown: vs.map((v) => text.slice(v.expr.from, v.expr.to)).join(' '), vs };
    };
    const v1 = 'def evaluate(loader):\n    use(loader)\n\ndef main():\n    dl = make(1)\n    evaluate(dl)\n\ndef other():\n    return 0\n';
    values(v1);
    values(v1.replace('return 0', 'return 1'));
    const first = values(v1);
    assert.equal(first.shown, 'make(1)');
    assert.equal(values(v1.replace('return 0', 'return 2')).vs, first.vs, 'carried into the next version');
    assert.equal(values(v1.replace('make(1)', 'make(2)')).shown, 'make(2)');
    assert.equal(values(v1.replace('return 0', 'evaluate(make(3))')).shown, 'make(1) make(3)');
    assert.equal(values(v1).shown, 'make(1)');
    // a caller handing a module binding, and one at module level: their values name the module scope, made anew for
    // each version
    const b1 = v1.replace('dl = make(1)', 'dl = LOADER') + '\nLOADER = make(7)\n';
    values(b1);
    assert.equal(values(b1.replace('return 0', 'return 1')).shown, 'make(7)');
    assert.equal(values(b1.replace('return 0', 'return 2')).shown, 'make(7)');
    const m1 = v1.replace('def other():\n    return 0\n', 'evaluate(make(4))\n');
    values(m1);
    assert.equal(values(m1 + '\ndef other():\n    return 0\n').shown, 'make(1) make(4)');
    assert.equal(values(m1 + '\ndef other():\n    return 1\n').shown, 'make(1) make(4)');
    // a caller handing one of its own parameters: followed into that function's callers
    const p1 = 'def evaluate(loader):\n    use(loader)\n\ndef run(data):\n    evaluate(data)\n\ndef main():\n    run(make(5))\n\ndef other():\n    return 0\n';
    assert.equal(values(p1).shown, 'make(5)');
    assert.equal(values(p1.replace('return 0', 'return 1')).shown, 'make(5)');
    assert.equal(values(p1.replace('make(5)', 'make(6)')).shown, 'make(6)');
  });

  it("resolve's answers for `self.x` assigned once in the class around it are kept; several values, told apart by the module's classes, are asked again", () => {
    const a = new Analyzer();
    const ask = (text: string): ReturnType<PyModule['resolve']> => {
      const m = a.pythonModule('/p/t.py', text).module;
      const site = m.callSites.find((s) => s.call.fn.k === 'name' && s.call.fn.id === 'use');
      assert.ok(site);
      return m.resolve(site.call.args[0], site.scope);
    };
    const one = (other: string): string => `class T:\n    def __init__(self):\n        self.net = A()\n\n    def go(self):\n        use(self.net)\n\ndef other():\n    return ${other}\n`;
    ask(one('0'));
    const first = ask(one('1'));
    assert.match(showResolved(first), /^call A/);
    const next = ask(one('2'));
    assert.equal(next, first, 'the kept answer itself');
    // two assignments of the attribute: one value when both build the same class, as the module's imports say
    const two = (b: string, other: string): string =>
      `from lib import X as A\nfrom lib import ${b} as B\n\nclass T:\n    def __init__(self):\n        self.net = A()\n\n    def reset(self):\n        self.net = B()\n\n    def go(self):\n        use(self.net)\n\ndef other():\n    return ${other}\n`;
    ask(two('X', '0'));
    assert.match(showResolved(ask(two('X', '1'))), /^call A/);
    assert.equal(showResolved(ask(two('Y', '1'))), '-', 'an import of another statement edited: two classes now');
  });

  it("instanceOf's answers that read a function or class of the project are asked again after an edit, here or in another file", () => {
    const files: Record<string, string> = {
      '/p/model.py': 'import torch.nn as nn\n\nclass Net(nn.Module):\n    pass\n',
      '/p/train.py': 'import torch.nn as nn\nfrom model import Net\n\ndef make():\n    return nn.Linear(1, 1)\n\ndef fit():\n    a = make()\n    b = Net()\n    c = nn.Dropout(0.1)\n    use(a, b, c)\n',
    };
    const an = new Analyzer({ host: { readFile: (p) => files[p] } });
    const classes = (): string[] => {
      const m = an.pythonModule('/p/train.py', files['/p/train.py']).module;
      const site = m.callSites.find((s) => s.call.fn.k === 'name' && s.call.fn.id === 'use');
      assert.ok(site);
      return site.call.args.map((x) => showInstance(m.instanceOf(x, site.scope)).split(' ').slice(0, 2).join(' '));
    };
    assert.deepEqual(classes(), ['external torch.nn.Linear', 'local /p/model.py:Net@23', 'external torch.nn.Dropout']);
    // (a second version: answers are kept from a file's third version on, the first keeps nothing for the next)
    files['/p/train.py'] += '\nx = 1\n';
    assert.deepEqual(classes(), ['external torch.nn.Linear', 'local /p/model.py:Net@23', 'external torch.nn.Dropout']);
    // a factory of the file edited: the module scope binds the same names (a `def` binds its name whatever its body)
    files['/p/train.py'] = files['/p/train.py'].replace('nn.Linear(1, 1)', 'nn.Conv2d(1, 1, 3)');
    assert.deepEqual(classes(), ['external torch.nn.Conv2d', 'local /p/model.py:Net@23', 'external torch.nn.Dropout']);
    // the imported class goes away in its file (train.py's text is the same)
    files['/p/model.py'] = 'import torch.nn as nn\n';
    assert.deepEqual(classes(), ['external torch.nn.Conv2d', 'external model.Net', 'external torch.nn.Dropout']);
    files['/p/model.py'] = 'import torch.nn as nn\n\nclass Net(nn.Module):\n    pass\n';
    assert.deepEqual(classes(), ['external torch.nn.Conv2d', 'local /p/model.py:Net@23', 'external torch.nn.Dropout']);
    // an object built at the module's top level: its scope is the module scope of the version asked (answers are kept
    // from a file's third version on: the first version of a file keeps nothing for the next)
    const top = (text: string): void => {
      const m = an.pythonModule('/p/top.py', text).module;
      const site = m.callSites.find((s) => s.call.fn.k === 'name' && s.call.fn.id === 'use');
      assert.ok(site);
      const inst = m.instanceOf(site.call.args[0], site.scope);
      assert.equal(showInstance(inst).split(' ').slice(0, 2).join(' '), 'external torch.nn.Linear');
      assert.ok(inst?.scope === m.scope, 'the module scope of this version');
    };
    top('import torch.nn as nn\n\nuse(nn.Linear(1, 1))\n\ndef f():\n    return 1\n');
    top('import torch.nn as nn\n\nuse(nn.Linear(1, 1))\n\ndef f():\n    return 2\n');
    top('import torch.nn as nn\n\nuse(nn.Linear(1, 1))\n\ndef f():\n    return 3\n');
  });

  it("instanceOf's answers of a class of the file are kept across an edit elsewhere, and asked again when the class or its name changes", () => {
    const an = new Analyzer();
    const src = (layer: string, other: string, extra = ''): string =>
      `import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l = nn.${layer}\n${extra}\ndef fit():\n    class Inner:\n        pass\n    a = Net()\n    b = Inner()\n    use(a, b)\n\ndef other():\n    return ${other}\n`;
    const ask = (text: string) => {
      const m = an.pythonModule('/p/t.py', text).module;
      const site = m.callSites.find((s) => s.call.fn.k === 'name' && s.call.fn.id === 'use');
      assert.ok(site);
      const asked = countCalls(m, ['classOf']);
      const answers = site.call.args.map((x) => {
        const inst = m.instanceOf(x, site.scope);
        // (the class object is this version's)
        const ref = inst?.ref;
        if (ref?.kind === 'local') assert.equal(ref.cls.module, m, 'a class of this version');
        return showInstance(inst).split(' ').slice(0, 2).join(' ');
      });
      return { answers, m, computed: asked.classOf };
    };
    const both = ['local /p/t.py:Net@23', 'local /p/t.py:Inner@145'];
    ask(src('Linear(1, 1)', '0'));
    assert.deepEqual(ask(src('Linear(1, 1)', '1')).answers, both);
    // an edit of another function: both kept
    const kept = ask(src('Linear(1, 1)', '2'));
    assert.deepEqual(kept.answers, both);
    assert.equal(kept.computed, 0, 'answered from the kept answers');
    // the class edited (another layer, same length): the module scope binds `Net` to another class object
    const edited = ask(src('Conv1d(1, 1)', '2'));
    assert.deepEqual(edited.answers, both);
    assert.ok(edited.computed > 0);
    // `Net` bound anew after the class (a module-level alias of a library class): the answer changes
    const rebound = ask(src('Conv1d(1, 1)', '2', '\nNet = nn.Linear\n'));
    assert.deepEqual(rebound.answers, ['external torch.nn.Linear', 'local /p/t.py:Inner@162']);
  });

  it('a site memo is not used in a later analysis: what a call links to may have changed', () => {
    const files: Record<string, string> = {
      '/p/model.py': 'import torch.nn as nn\nclass Net(nn.Module):\n    pass\n',
      '/p/train.py': 'from model import Net\nnet = Net()\n',
    };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const m = a.pythonModule('/p/train.py', files['/p/train.py']).module;
    const site = m.callSites[0];
    assert.equal(m.siteClass(site)?.kind, 'local');
    assert.equal(m.siteClass(site)?.kind, 'local');
    files['/p/model.py'] = 'import torch.nn as nn\nclass Other(nn.Module):\n    pass\n';
    a.pythonModule('/p/model.py', files['/p/model.py']); // a new analysis; train.py's module is not rebuilt by it
    assert.equal(m.classOf(site.call.fn, site.scope)?.kind, 'external');
    assert.equal(m.siteClass(site)?.kind, 'external');
  });
  it('perStatement: a part is read once per statement, and again only for the statements an edit touched', () => {
    const read: string[] = [];
    const names = perStatement((s) => {
      read.push(s.k === 'def' ? s.name : s.k);
      return s.k === 'def' ? s.name : s.k;
    });
    const all = (m: PyModule): string => m.stmts.map((_, i) => names(m, i)).join(',');
    const a = new Analyzer();
    const v1 = 'import torch\n\n\ndef f(x):\n    return x\n\n\ndef g(x):\n    return x\n';
    const v2 = v1.replace('def g(x):\n    return x', 'def h(x):\n    return x + 1');
    a.pythonModule('/p/t.py', v1);
    assert.equal(all(a.pythonModule('/p/t.py', v1 + '\n').module), 'import,f,g');
    read.length = 0;
    // the next version adopts the first two statements: only the edited one is read
    assert.equal(all(a.pythonModule('/p/t.py', v2).module), 'import,f,h');
    assert.deepEqual(read, ['h']);
    read.length = 0;
    assert.equal(all(a.pythonModule('/p/t.py', v1).module), 'import,f,g');
    assert.deepEqual(read, ['g']);
    // a module checked once (no summaries kept) reads every statement, and gets the same answers
    read.length = 0;
    assert.equal(all(new Analyzer().pythonModule('/p/t.py', v2).module), 'import,f,h');
    assert.deepEqual(read, ['import', 'f', 'h']);
  });

  it('callSitesNamed: the sites whose callee is spelled so, in the order of callSites (several names in one statement too), across edits', () => {
    const a = new Analyzer();
    const text = (g: string): string =>
      `import torch\n\n\ndef f(trainer, model):\n    trainer.fit(model)\n    fit(model.train(), trainer.fit(model))\n    x = max(min(1, 2), 3)\n\n\ndef g(trainer):\n    ${g}\n\n\nclass T:\n    def fit(self):\n        return self.train()\n`;
    /** callSitesNamed's answer, checked against a scan of callSites; as the callees' source with their lines. */
    const named = (m: PyModule, ...names: string[]): string[] => {
      const got = callSitesNamed(m, ...names);
      const scan = m.callSites.filter((s) => names.includes(s.call.fn.k === 'name' ? s.call.fn.id : s.call.fn.k === 'attr' ? s.call.fn.attr : ''));
      assert.deepEqual(got, scan, names.join(','));
      assert.equal(callSitesNamed(m, ...names), got, 'kept for the version');
      return got.map((s) => `${m.text.slice(s.call.fn.from, s.call.fn.to)}@${m.text.slice(0, s.call.from).split('\n').length}`);
    };
    const check = (t: string): string[][] => {
      const m = a.pythonModule('/p/t.py', t).module;
      const got = [named(m, 'fit'), named(m, 'fit', 'train'), named(m, 'min', 'max'), named(m, 'step')];
      const fresh = new Analyzer().pythonModule('/p/t.py', t).module;
      assert.deepEqual(got, [named(fresh, 'fit'), named(fresh, 'fit', 'train'), named(fresh, 'min', 'max'), named(fresh, 'step')]);
      return got;
    };
    check(text('pass'));
    const v1 = check(text('return 0'));
    assert.deepEqual(v1[0], ['trainer.fit@5', 'fit@6', 'trainer.fit@6']);
    assert.equal(v1[1].length, 5);
    assert.equal(v1[2].length, 2);
    assert.deepEqual(v1[3], []);
    // an edit adds calls to another statement: the sites of the statements before and after are kept, in order
    const v2 = check(text('trainer.fit(1)\n    trainer.step()'));
    assert.deepEqual(v2[0], ['trainer.fit@5', 'fit@6', 'trainer.fit@6', 'trainer.fit@11']);
    assert.deepEqual(v2[3], ['trainer.step@12']);
    assert.deepEqual(check(text('return 1'))[0], v1[0]);
  });

  it('sitesWhere: the sites that pass a test, in the order of callSites; each statement tested again only when an edit touched it, or its test read beyond it, or the module scope binds otherwise', () => {
    const tested: string[] = [];
    // (a test that reads the module scope's bindings only, and one that asks what a name holds: beyond the statement)
    const sequentials = sitesWhere((m, s) => {
      tested.push(m.text.slice(s.call.from, s.call.to));
      const ref = m.siteClass(s);
      return ref?.kind === 'external' && ref.qname === 'torch.nn.Sequential';
    });
    const built = sitesWhere((m, s) => s.call.fn.k === 'name' && m.resolve(s.call.fn, s.scope)?.expr.k === 'call');
    const a = new Analyzer();
    const text = (g: string, head = 'import torch.nn as nn'): string =>
      `${head}

make = nn.Sequential


def f():
    return nn.Sequential(nn.Linear(1, 1))


def g():
    ${g}


def h():
    return make()
`;
    const check = (t: string): { sites: string[]; built: string[]; tested: string[] } => {
      const m = a.pythonModule('/p/t.py', t).module;
      const show = (list: readonly CallSite[]): string[] => list.map((s) => `${m.text.slice(s.call.from, s.call.to)}@${m.text.slice(0, s.call.from).split('\n').length}`);
      tested.length = 0;
      const got = sequentials(m);
      const testedHere = [...tested];
      assert.deepEqual(got, m.callSites.filter((s) => { const r = m.siteClass(s); return r?.kind === 'external' && r.qname === 'torch.nn.Sequential'; }), 'a scan of callSites');
      assert.equal(sequentials(m), got, 'kept for the version');
      const fresh = new Analyzer().pythonModule('/p/t.py', t).module;
      assert.deepEqual(show(got), show(sequentials(fresh)), 'a fresh module');
      assert.deepEqual(show(built(m)), show(built(fresh)), 'a fresh module');
      return { sites: show(got), built: show(built(m)), tested: testedHere };
    };
    check(text('pass'));
    assert.equal(check(text('return 0')).tested.length, 3, 'a module that kept nothing: every site');
    const v1 = check(text('return 1'));
    assert.deepEqual(v1.sites, ['nn.Sequential(nn.Linear(1, 1))@7', 'make()@15']);
    // only the edited statement's sites are tested again
    assert.deepEqual(v1.tested, []);
    const v2 = check(text('return nn.Sequential()'));
    assert.deepEqual(v2.sites, ['nn.Sequential(nn.Linear(1, 1))@7', 'nn.Sequential()@11', 'make()@15']);
    assert.deepEqual(v2.tested, ['nn.Sequential()']);
    // the module scope binds otherwise: every statement is tested again
    const v3 = check(text('return 1', 'import torch.nn as nn\nimport torch'));
    assert.deepEqual(v3.sites, ['nn.Sequential(nn.Linear(1, 1))@8', 'make()@16']);
    assert.equal(v3.tested.length, 3);
    assert.deepEqual(check(text('return 1', 'from torch import optim as nn')).sites, []);
    // a test that read beyond the statement (what a parameter is handed): tested again in each version
    const b1 = text('h(nn.Sequential())').replace('def h():\n    return make()', 'def h(factory):\n    return factory()');
    check(b1);
    assert.deepEqual(check(b1.replace('h(nn', 'h( nn')).built, ['factory()@15']);
    assert.deepEqual(check(b1.replace('h(nn.Sequential())', 'h(nn.Sequential)')).built, []);
  });

  it('perObject: a fact of a class kept with it, worked out again when its statement, the module scope or what it read beyond changes', () => {
    const worked: string[] = [];
    // what the class's first method hands `use(…)`, resolved: inside the class, or a module binding, or a parameter
    // (and what `use` names through the imports: the module scope's bindings)
    const used = perObject(
      (m: PyModule, cls: ClassInfo): { v: ReturnType<PyModule['resolve']>; q: string | undefined } => {
        worked.push(cls.name);
        const fn = [...cls.methods.values()][0];
        const site = m.callsIn(fn.scope).find((s) => s.call.fn.k === 'name' && s.call.fn.id === 'use');
        return { v: site && m.resolve(site.call.args[0], site.scope), q: site && m.qualify(site.call.fn, site.scope) };
      },
      (x) => x.v?.scope.kind === 'module',
    );
    // an answer that names the module scope (the scope around a class of the module)
    const home = perObject(
      (_m: PyModule, cls: ClassInfo) => cls.scope.parent,
      (sc) => sc?.kind === 'module',
    );
    const a = new Analyzer();
    const text = (other: string, head = 'import torch'): string =>
      `${head}\n\nNET = Net()\n\nclass A:\n    def go(self):\n        net = Net()\n        use(net)\n\nclass B:\n    def go(self):\n        use(NET)\n\nclass C:\n    def go(self, model):\n        use(model)\n\n    def run(self):\n        self.go(Net())\n\ndef other():\n    return ${other}\n`;
    const ask = (t: string): string[] => {
      const m = a.pythonModule('/p/t.py', t).module;
      worked.length = 0;
      const got = m.classes.map((c) => {
        const x = used(m, c);
        assert.equal(used(m, c), x, 'kept for the version');
        const v = x.v;
        if (v?.scope.kind === 'module') assert.equal(v.scope, m.scope, 'a module scope of another version');
        assert.ok(v?.expr.k !== 'call' || m.callSites.some((s) => s.call === v.expr), 'a call of another version');
        assert.equal(home(m, c), m.scope, 'the module scope of another version');
        return `${c.name}:${showResolved(v)} ${x.q ?? '-'}`;
      });
      const fresh = new Analyzer().pythonModule('/p/t.py', t).module;
      assert.deepEqual(got, fresh.classes.map((c) => `${c.name}:${showResolved(used(fresh, c).v)} ${used(fresh, c).q ?? '-'}`));
      return [...new Set(worked.slice(0, worked.length - fresh.classes.length))];
    };
    ask(text('0'));
    ask(text('1'));
    // an edit of another statement: only the answers that read beyond their class (a module binding, a parameter's
    // callers) are worked out again
    assert.deepEqual(ask(text('2')), ['B', 'C']);
    assert.deepEqual(ask(text('3')), ['B', 'C']);
    // an edit of a class: its answer
    assert.deepEqual(ask(text('3').replace('net = Net()', 'net = Net(1)')), ['A', 'B', 'C']);
    // the module scope binds otherwise: all
    assert.deepEqual(ask(text('3', 'import torch\nfrom tools import use')), ['A', 'B', 'C']);
    assert.deepEqual(ask(text('4', 'import torch\nfrom tools import use')), ['B', 'C']);
    assert.deepEqual(ask(text('4', 'import torch')), ['A', 'B', 'C']);
  });

  it("a call site's callee name and class are carried into the next version when they read only the site's statement and the module's bindings", () => {
    const files: Record<string, string> = { '/p/model.py': 'import torch.nn as nn\n\nclass Net(nn.Module):\n    pass\n' };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    /** The module of a version of train.py, with counts of the callee questions worked out from then on. */
    const version = (text: string) => {
      const m = a.pythonModule('/p/train.py', text).module;
      return { m, asked: countCalls(m, ['calleeName', 'classOf']) };
    };
    const text = (layer: string, other: string): string =>
      `import torch.nn as nn\nfrom model import Net\n\nLayer = nn.${layer}\nAlias = Net\n\ndef build():\n    return Layer(1, 1), Net(), Alias()\n\ndef other():\n    return ${other}\n`;
    // (a file's first version keeps nothing for the next: its call sites are shared from the second on)
    version(text('Linear', '0'));
    const v1 = version(text('Linear', '1'));
    assert.equal(v1.m.siteCallee(siteCalling(v1.m, 'Layer')), 'torch.nn.Linear');
    assert.equal(showRef(v1.m.siteClass(siteCalling(v1.m, 'Layer'))), 'external torch.nn.Linear');
    assert.equal(showRef(v1.m.siteClass(siteCalling(v1.m, 'Net'))), 'local /p/model.py:Net@23');
    // (an alias of a class of the project has no library name: the linker is asked whether it is one)
    assert.equal(v1.m.siteCallee(siteCalling(v1.m, 'Alias')), undefined);
    assert.equal(siteQName(v1.m, siteCalling(v1.m, 'Alias')), undefined);
    // an edit of another function: the same site, its answers taken over without being worked out again
    const v2 = version(text('Linear', '2'));
    assert.equal(siteCalling(v2.m, 'Layer'), siteCalling(v1.m, 'Layer'), 'the unchanged statement keeps its call sites');
    assert.equal(v2.m.siteCallee(siteCalling(v2.m, 'Layer')), 'torch.nn.Linear');
    assert.equal(showRef(v2.m.siteClass(siteCalling(v2.m, 'Layer'))), 'external torch.nn.Linear');
    assert.deepEqual(v2.asked, { calleeName: 0, classOf: 0 });
    // (a class of the project, found by the linker in another file: worked out for each version)
    assert.equal(showRef(v2.m.siteClass(siteCalling(v2.m, 'Net'))), 'local /p/model.py:Net@23');
    assert.ok(v2.asked.classOf > 0);
    assert.equal(v2.m.siteCallee(siteCalling(v2.m, 'Alias')), undefined);
    assert.equal(siteQName(v2.m, siteCalling(v2.m, 'Alias')), undefined);
    assert.ok(v2.asked.calleeName > 0);
    // the class the linker found in another file is asked again (that file may have changed: here it has)
    files['/p/model.py'] = 'import torch.nn as nn\n\nclass Other(nn.Module):\n    pass\n';
    const v3 = version(text('Linear', '3'));
    assert.equal(siteCalling(v3.m, 'Net'), siteCalling(v1.m, 'Net'));
    assert.equal(showRef(v3.m.siteClass(siteCalling(v3.m, 'Net'))), 'external model.Net');
    assert.ok(v3.asked.classOf > 0, 'the class of the imported name was worked out again');
    assert.equal(v3.m.siteCallee(siteCalling(v3.m, 'Layer')), 'torch.nn.Linear');
    assert.equal(v3.asked.calleeName, 0);
    assert.equal(siteQName(v3.m, siteCalling(v3.m, 'Alias')), 'model.Net');
    assert.equal(v3.m.siteCallee(siteCalling(v3.m, 'Alias')), 'model.Net');
    // the module scope binds another way (`Layer` holds another class): every answer is worked out again
    const v4 = version(text('Conv2d', '3'));
    assert.equal(v4.m.siteCallee(siteCalling(v4.m, 'Layer')), 'torch.nn.Conv2d');
    assert.equal(showRef(v4.m.siteClass(siteCalling(v4.m, 'Layer'))), 'external torch.nn.Conv2d');
    assert.ok(v4.asked.calleeName > 0);
    // and the editor's analyses of the versions find what fresh ones do
    for (const t of [text('Conv2d', '4'), text('Linear', '4'), text('Linear', '5')]) {
      const fresh = new Analyzer({ host: { readFile: (p) => files[p] } });
      assert.deepEqual(findings(a.analyze({ path: '/p/train.py', text: t, stage: 2, editing: true })), findings(fresh.analyze({ path: '/p/train.py', text: t, stage: 2 })));
    }
  });

  it("a call site's function of the project is carried into the next version while the module still has it, and asked again after an edit of its body or of its file", () => {
    const files: Record<string, string> = { '/p/model.py': 'def make():\n    return 1\n' };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const version = (text: string) => {
      const m = a.pythonModule('/p/train.py', text).module;
      return { m, asked: countCalls(m, ['localCallee', 'projectCallee', 'classOf']) };
    };
    const fn = (m: PyModule, name: string) => m.functions.find((f) => f.name === name);
    const text = (h: string, other: string): string =>
      `from model import make\n\nclass Local:\n    pass\n\ndef helper():\n    return ${h}\n\ndef build():\n    return helper(), make(), Local()\n\ndef other():\n    return ${other}\n`;
    version(text('1', '0'));
    const v1 = version(text('1', '1'));
    assert.equal(v1.m.siteLocalCallee(siteCalling(v1.m, 'helper')), fn(v1.m, 'helper'));
    assert.equal(v1.m.siteProjectCallee(siteCalling(v1.m, 'helper')), fn(v1.m, 'helper'));
    // (the mode walks' own memo of the same question, per call)
    const helper = (m: PyModule, callee: string) => helperOf(m, siteCalling(m, callee).call, siteCalling(m, callee).scope);
    assert.equal(helper(v1.m, 'helper'), fn(v1.m, 'helper'));
    assert.equal(helper(v1.m, 'make')?.name, 'make');
    assert.equal(v1.m.siteProjectCallee(siteCalling(v1.m, 'make'))?.scope.module.path, '/p/model.py');
    assert.equal(showRef(v1.m.siteClass(siteCalling(v1.m, 'Local'))), 'local /p/train.py:Local@24');
    // an edit of another function: the answers about `helper` and `Local` are taken over
    const v2 = version(text('1', '2'));
    assert.equal(fn(v2.m, 'helper'), fn(v1.m, 'helper'), 'the unchanged function is the same object');
    assert.equal(v2.m.siteLocalCallee(siteCalling(v2.m, 'helper')), fn(v2.m, 'helper'));
    assert.equal(v2.m.siteProjectCallee(siteCalling(v2.m, 'helper')), fn(v2.m, 'helper'));
    assert.equal(helper(v2.m, 'helper'), fn(v2.m, 'helper'));
    assert.equal(showRef(v2.m.siteClass(siteCalling(v2.m, 'Local'))), 'local /p/train.py:Local@24');
    assert.deepEqual(v2.asked, { localCallee: 0, projectCallee: 0, classOf: 0 });
    // a function of another file: asked again (the linker's answer may change)
    assert.equal(v2.m.siteProjectCallee(siteCalling(v2.m, 'make'))?.scope.module.path, '/p/model.py');
    assert.ok(v2.asked.projectCallee > 0);
    const asked = v2.asked.projectCallee;
    assert.equal(helper(v2.m, 'make')?.name, 'make');
    assert.ok(v2.asked.projectCallee > asked);
    // an edit of `helper`'s body: its name is bound as before, but the function is another object
    const v3 = version(text('2', '2'));
    assert.notEqual(fn(v3.m, 'helper'), fn(v2.m, 'helper'));
    assert.equal(v3.m.siteLocalCallee(siteCalling(v3.m, 'helper')), fn(v3.m, 'helper'));
    assert.equal(v3.m.siteProjectCallee(siteCalling(v3.m, 'helper')), fn(v3.m, 'helper'));
    assert.equal(helper(v3.m, 'helper'), fn(v3.m, 'helper'));
    assert.equal(v3.m.siteProjectCallee(siteCalling(v3.m, 'make'))?.scope.module.path, '/p/model.py');
    // the other file no longer defines `make`
    files['/p/model.py'] = 'def make_other():\n    return 1\n';
    const v4 = version(text('2', '3'));
    assert.equal(v4.m.siteProjectCallee(siteCalling(v4.m, 'make')), undefined);
    assert.equal(v4.m.siteLocalCallee(siteCalling(v4.m, 'helper')), fn(v4.m, 'helper'));
    // and a name it did not define before: the same question has another answer now
    const late = (other: string): string => text('2', other).replace('from model import make\n', 'from model import make, late\n').replace('make(), Local()', 'make(), Local(), late()');
    version(late('4'));
    const v5 = version(late('5'));
    assert.equal(v5.m.siteProjectCallee(siteCalling(v5.m, 'late')), undefined);
    assert.equal(helper(v5.m, 'late'), undefined);
    files['/p/model.py'] = 'def make_other():\n    return 1\n\ndef late():\n    return 2\n';
    const v6 = version(late('6'));
    assert.equal(v6.m.siteProjectCallee(siteCalling(v6.m, 'late'))?.name, 'late');
    assert.equal(helper(v6.m, 'late')?.name, 'late');
    assert.equal(v6.m.siteLocalCallee(siteCalling(v6.m, 'helper')), fn(v6.m, 'helper'));
    assert.equal(helper(v6.m, 'helper'), fn(v6.m, 'helper'));
    // the module scope binds `helper` another way (a statement after the def): the function it held is no answer
    const v7 = version(late('7').replace('\ndef build', '\nhelper = make\n\ndef build'));
    assert.ok(fn(v7.m, 'helper'), 'the def is still there');
    assert.equal(v7.m.siteLocalCallee(siteCalling(v7.m, 'helper')), undefined);
    assert.equal(helper(v7.m, 'helper'), undefined);
    for (const t of [text('3', '3'), text('3', '4')]) {
      const fresh = new Analyzer({ host: { readFile: (p) => files[p] } });
      assert.deepEqual(findings(a.analyze({ path: '/p/train.py', text: t, stage: 2, editing: true })), findings(fresh.analyze({ path: '/p/train.py', text: t, stage: 2 })));
    }
  });

  it("a loop's contents are carried into the next version when they read only the loop and the functions it runs; asked again when those change, or what they read beyond them", () => {
    const a = new Analyzer();
    /** The first loop of the function `fit`, with its contents as callee texts, in the editor's version and a fresh one. */
    const contents = (text: string, before?: (m: PyModule) => void) => {
      const shown = (m: PyModule): { loop: PyModule['loops'][number]; calls: string[]; c: ReturnType<typeof loopContents> } => {
        const loop = m.loops.find((l) => m.functionOf(l.scope)?.name === 'fit');
        assert.ok(loop);
        before?.(m);
        const c = loopContents(m, loop);
        return { loop, c, calls: c.calls.map(({ site, via }) => `${text.slice(site.call.fn.from, site.call.fn.to)}${via ? '<' + text.slice(via.call.fn.from, via.call.fn.to) : ''}`) };
      };
      const got = shown(a.pythonModule('/p/t.py', text).module);
      assert.deepEqual(got.calls, shown(new Analyzer().pythonModule('/p/t.py', text).module).calls, text);
      return got;
    };
    // an edit of another function: the same loop, the same contents (not worked out again)
    const text = (other: string, helper = 'log(x)', make = 'return []'): string =>
      `import torch\n\n\ndef log(x):\n    print(x)\n\n\ndef step(x):\n    ${helper}\n\n\ndef make():\n    ${make}\n\n\ndef fit(loader):\n    h = make()\n    for x in loader:\n        step(x)\n        h.append(x)\n\n\ndef other():\n    return ${other}\n`;
    contents(text('0'));
    const v1 = contents(text('1'));
    assert.deepEqual(v1.calls, ['step', 'log<step', 'print<step', 'h.append']);
    const v2 = contents(text('2'));
    assert.equal(v2.loop, v1.loop, 'the unchanged loop is the same object');
    assert.equal(v2.c, v1.c, 'its contents are taken over');
    // an edit of the function the loop runs: its new body's calls
    const v3 = contents(text('2', 'log(x)\n    torch.save(x, "x.pt")'));
    assert.deepEqual(v3.calls, ['step', 'log<step', 'print<step', 'torch.save<step', 'h.append']);
    // a class of the file with a method of a library method's name (`append`), nested in another function: the
    // library method's call is followed into it now (what `make` returns)
    const nested = 'class Hist:\n        def append(self, x):\n            log(x)\n\n    return Hist()';
    contents(text('3'));
    const v4 = contents(text('3', 'log(x)', nested));
    assert.deepEqual(v4.calls, ['step', 'log<step', 'print<step', 'h.append', 'log<h.append']);
    // what a call reads beyond the loop's functions (the optimizer a factory builds), asked first by another question
    // (`gradCall`, kept per call site): the contents are asked again when the factory builds another object
    const stepper = (made: string, other: string): string =>
      `import torch\n\n\nclass Stepper:\n    def step(self):\n        print(1)\n\n\ndef make_opt(p):\n    return ${made}\n\n\ndef fit(loader, p):\n    opt = make_opt(p)\n    for x in loader:\n        opt.step()\n\n\ndef other():\n    return ${other}\n`;
    const gradFirst = (m: PyModule): void => {
      for (const s of m.callSites) gradCall(m, s);
    };
    contents(stepper('torch.optim.SGD(p, lr=0.1)', '0'), gradFirst);
    assert.deepEqual(contents(stepper('torch.optim.SGD(p, lr=0.1)', '1'), gradFirst).calls, ['opt.step']);
    assert.deepEqual(contents(stepper('Stepper()', '1'), gradFirst).calls, ['opt.step', 'print<opt.step']);
  });

  it("a method call's method of a project class is carried into the next version when it read only the site's statement; asked again after an edit of the class or of what a parameter is handed", () => {
    const a = new Analyzer();
    const version = (text: string) => {
      const m = a.pythonModule('/p/t.py', text).module;
      return { m, asked: countCalls(m, ['instanceOf']) };
    };
    const methodAt = (m: PyModule, obj: string): string | undefined => {
      const site = m.callSites.find((s) => s.call.fn.k === 'attr' && s.call.fn.obj.k === 'name' && s.call.fn.obj.id === obj);
      assert.ok(site, obj);
      const got = siteInstanceMethod(m, site);
      const fresh = new Analyzer().pythonModule('/p/t.py', m.text).module;
      const again = fresh.callSites.find((s) => s.call.from === site.call.from);
      assert.ok(again);
      const shown = (f: typeof got): string | undefined => f && `${f.cls?.name}.${f.name}@${f.stmt.from}`;
      assert.equal(shown(got), shown(siteInstanceMethod(fresh, again)));
      return shown(got);
    };
    const text = (o: { fit?: string; handed?: string; other?: string }): string =>
      `class Trainer:\n    def fit(self):\n        ${o.fit ?? 'return 1'}\n\n\nclass Tester:\n    def fit(self):\n        return 2\n\n\ndef run():\n    t = Trainer()\n    t.fit()\n\n\ndef go(p):\n    p.fit()\n\n\ndef main():\n    go(${o.handed ?? 'Trainer()'})\n\n\ndef other():\n    return ${o.other ?? '0'}\n`;
    version(text({}));
    const v1 = version(text({ other: '1' }));
    assert.equal(methodAt(v1.m, 't'), 'Trainer.fit@19');
    assert.equal(methodAt(v1.m, 'p'), 'Trainer.fit@19');
    // an edit of another function: the method built in the site's own function is taken over, the parameter's asked again
    const v2 = version(text({ other: '2' }));
    assert.equal(methodAt(v2.m, 't'), 'Trainer.fit@19');
    assert.equal(v2.asked.instanceOf, 0);
    assert.equal(methodAt(v2.m, 'p'), 'Trainer.fit@19');
    assert.ok(v2.asked.instanceOf > 0);
    // the caller hands another class's object
    const v3 = version(text({ other: '2', handed: 'Tester()' }));
    assert.equal(methodAt(v3.m, 'p'), 'Tester.fit@71');
    // an edit of the method's body: another object, asked again
    const v4 = version(text({ other: '2', handed: 'Tester()', fit: 'return 3' }));
    assert.equal(methodAt(v4.m, 't'), 'Trainer.fit@19');
    assert.ok(v4.asked.instanceOf > 0);
  });

  it("a mode walk of a function is carried into the next version; walked again when a helper it entered, a caller's argument it read or the class changes", () => {
    const a = new Analyzer();
    const text = (o: { prep?: string; epochs?: string; freeze?: string; other?: string }): string =>
      `import torch\nimport torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.d = nn.Dropout(0.5)\n\n    def forward(self, x):\n        return self.d(x)\n\n    def lock(self):\n        ${o.freeze ?? 'pass'}\n\n\ndef prep(model):\n    ${o.prep ?? 'print(model)'}\n\n\ndef evaluate(loader, epochs):\n    model = Net()\n    prep(model)\n    for e in range(epochs):\n        model.train()\n    model.lock()\n    for x in loader:\n        model(x)\n\n\ndef main(loader):\n    evaluate(loader, ${o.epochs ?? '1'})\n\n\ndef other():\n    return ${o.other ?? '0'}\n`;
    /** The modes of `model` at `model(x)` in the editor's version (and the same from a fresh analysis), with the origin of `train`. */
    const modes = (t: string): { modes: string; train: object | undefined } => {
      const at = (m: PyModule): ReturnType<typeof modeAt> => {
        const site = m.callSites.find((s) => s.call.fn.k === 'name' && s.call.fn.id === 'model');
        assert.ok(site);
        return modeAt(m, site, site.call.fn);
      };
      const got = at(a.pythonModule('/p/t.py', t).module);
      const shown = (ms: ReturnType<typeof modeAt>): string => [...ms.keys()].sort().join(',');
      assert.equal(shown(got), shown(at(new Analyzer().pythonModule('/p/t.py', t).module)), t);
      return { modes: shown(got), train: got.get('train')?.inner };
    };
    modes(text({}));
    const v1 = modes(text({ other: '1' }));
    assert.equal(v1.modes, 'train');
    // an edit of another function: the walk is taken over (its origins are the same objects)
    const v2 = modes(text({ other: '2' }));
    assert.equal(v2.modes, 'train');
    assert.ok(v1.train && v2.train === v1.train, 'the walk of evaluate is carried');
    // the caller's argument the loop's count was read from: the loop may not run (the model is built in training mode)
    const v3 = modes(text({ other: '2', epochs: '0' }));
    assert.equal(v3.modes, 'train');
    assert.notEqual(v3.train, v1.train, 'walked again');
    // the helper it entered switches the model to eval mode now
    const v4 = modes(text({ other: '2', epochs: '0', prep: 'model.eval()' }));
    assert.equal(v4.modes, 'eval,train');
    modes(text({ other: '3', epochs: '0', prep: 'model.eval()' }));
    assert.equal(modes(text({ other: '3', epochs: '0', prep: 'print(model)' })).modes, 'train');
    // a method of the model's class that switches modes: unknown from there on
    assert.equal(modes(text({ other: '3', epochs: '0', freeze: 'self.eval()' })).modes, 'unknown');
    assert.equal(modes(text({ other: '4', epochs: '0', freeze: 'self.eval()' })).modes, 'unknown');
    assert.equal(modes(text({ other: '4', epochs: '0' })).modes, 'train');
  });

  it("whether a loop runs a training step (each iteration, or somewhere inside) is carried with its contents; asked again when telling it read a factory", () => {
    const a = new Analyzer();
    // a loss scaler handed the optimizer (timm's `loss_scaler(loss, optimizer)`): a step when that is an optimizer;
    // the epoch loop around the second one trains too (`trainingLoops`), though not on each of its own iterations
    const text = (made: string, other: string): string =>
      `import torch\n\n\ndef make_opt(p):\n    return ${made}\n\n\ndef fit(loader, p, model):\n    opt = make_opt(p)\n    sgd = torch.optim.SGD(p, lr=0.1)\n    loss_scaler = NativeScaler()\n    for x in loader:\n        loss_scaler(model(x).sum(), opt)\n    for epoch in range(3):\n        for x in loader:\n            loss_scaler(model(x).sum(), sgd)\n\n\ndef other():\n    return ${other}\n`;
    /** Per loop: runs a step on each of its iterations (`stepLoops`), and trains (`trainingLoops`). */
    const steps = (t: string): string[] => {
      const shown = (m: PyModule): string[] => m.loops.map((l) => `${stepLoops(m).has(l.stmt)}/${trainingLoops(m).includes(l)}`);
      const got = shown(a.pythonModule('/p/t.py', t).module);
      assert.deepEqual(got, shown(new Analyzer().pythonModule('/p/t.py', t).module), t);
      return got;
    };
    steps(text('torch.optim.SGD(p, lr=0.1)', '0'));
    assert.deepEqual(steps(text('torch.optim.SGD(p, lr=0.1)', '1')), ['true/true', 'false/true', 'true/true']);
    assert.deepEqual(steps(text('torch.optim.SGD(p, lr=0.1)', '2')), ['true/true', 'false/true', 'true/true']);
    assert.deepEqual(steps(text('object()', '2')), ['false/false', 'false/true', 'true/true']);
    // the step made in a helper the loop calls, which an edit takes out: the loop's contents change, and so does the answer
    const helper = (last: string, other: string): string =>
      `import torch\n\n\ndef train_step(model, x, p):\n    o = torch.optim.SGD(p, lr=0.1)\n    model(x).sum().backward()\n    ${last}\n\n\ndef fit(loader, p, model):\n    for x in loader:\n        train_step(model, x, p)\n\n\ndef other():\n    return ${other}\n`;
    steps(helper('o.step()', '0'));
    assert.deepEqual(steps(helper('o.step()', '1')), ['true/true']);
    assert.deepEqual(steps(helper('print(o)', '1')), ['false/false']);
  });

  it("a call site's gradient call is carried when it read only the site's statement and the module scope; asked again when it read a factory", () => {
    const text = (made: string, other: string): string =>
      `import torch\n\n\nclass Stepper:\n    def step(self):\n        print(1)\n\n\ndef make_opt(p):\n    return ${made}\n\n\ndef fit(loader, p):\n    opt = torch.optim.SGD(p, lr=0.1)\n    built = make_opt(p)\n    for x in loader:\n        opt.step()\n        built.step()\n\n\ndef other():\n    return ${other}\n`;
    const stepOf = (m: PyModule, obj: string): CallSite => {
      const s = m.callSites.find((c) => c.call.fn.k === 'attr' && c.call.fn.attr === 'step' && c.call.fn.obj.k === 'name' && c.call.fn.obj.id === obj);
      assert.ok(s, obj);
      return s;
    };
    // the optimizer built in the site's function is kept; the factory builds another object after the last edit
    const { first, last } = localSlot({ text, variants: ['torch.optim.SGD(p, lr=0.1)', 'Stepper()'], sites: (m) => ({ kept: stepOf(m, 'opt'), read: stepOf(m, 'built') }), ask: gradCall, show: (g) => g?.kind ?? '-' });
    assert.deepEqual([first.kept?.kind, first.read?.kind, last.read?.kind], ['step', 'step', undefined]);
  });

  it("a forward pass's model is carried when it read only the site's statement, its class and the module scope; asked again after a factory's edit or a subclass nested in another function", () => {
    const a = new Analyzer();
    // `Net` builds a dropout that its forward does not use (no mode-dependent layer), unless a subclass uses it
    const text = (made: string, other: string): string =>
      `import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(3, 3)\n        self.drop = nn.Dropout(0.5)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\ndef make():\n    return ${made}\n\n\ndef fit(loader):\n    net = Net()\n    built = make()\n    for x in loader:\n        net(x)\n        built(x)\n\n\ndef other():\n    ${other}\n`;
    const forwards = (t: string): { net: ReturnType<typeof forwardOf>; built: ReturnType<typeof forwardOf> } => {
      const m = a.pythonModule('/p/t.py', t).module;
      const fresh = new Analyzer().pythonModule('/p/t.py', t).module;
      const at = (mod: PyModule, name: string): ReturnType<typeof forwardOf> => forwardOf(mod, siteCalling(mod, name));
      const shown = (f: ReturnType<typeof forwardOf>): string => (f ? `${f.model.initial} ${f.model.modeDependent}` : '-');
      for (const name of ['net', 'built']) assert.equal(shown(at(m, name)), shown(at(fresh, name)), `${name} in ${t}`);
      return { net: at(m, 'net'), built: at(m, 'built') };
    };
    forwards(text('Net()', 'return 0'));
    const v1 = forwards(text('Net()', 'return 1'));
    assert.equal(v1.net?.model.modeDependent, false);
    assert.equal(v1.built?.model.modeDependent, false);
    // an edit of another function: the answer for the class built in the site's function is taken over
    const v2 = forwards(text('Net()', 'return 2'));
    assert.equal(v2.net, v1.net);
    // the factory builds another model: asked again
    const v3 = forwards(text('nn.Dropout(0.1)', 'return 2'));
    assert.equal(v3.net, v1.net);
    assert.equal(v3.built?.model.modeDependent, true);
    // a subclass nested in another function uses the dropout: `Net` is mode-dependent now
    const v4 = forwards(text('nn.Dropout(0.1)', 'class Sub(Net):\n        def forward(self, x):\n            return self.drop(x)\n\n    return Sub()'));
    assert.equal(v4.net?.model.modeDependent, true);
    // the class's layer is a class of another file, whose dependence was asked first by another question
    // (`classModeDependent`, kept per class): the forward pass's answer read that file too, and is asked again after
    // it changed
    const files: Record<string, string> = {};
    const block = (layer: string): string => `import torch.nn as nn\n\n\nclass Block(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l = nn.${layer}\n\n    def forward(self, x):\n        return self.l(x)\n`;
    const host = { readFile: (p: string) => files[p] };
    const linked = new Analyzer({ host });
    const body = (other: string): string =>
      `import torch.nn as nn\nfrom blocks import Block\n\n\nclass Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = Block()\n\n    def forward(self, x):\n        return self.body(x)\n\n\ndef fit(loader):\n    net = Model()\n    for x in loader:\n        net(x)\n\n\ndef other():\n    return ${other}\n`;
    const dependent = (t: string): boolean | undefined => {
      const m = linked.pythonModule('/p/t.py', t).module;
      const model = m.classes.find((c) => c.name === 'Model');
      assert.ok(model);
      classModeDependent(model);
      const f = forwardOf(m, siteCalling(m, 'net'));
      const fm = new Analyzer({ host }).pythonModule('/p/t.py', t).module;
      assert.equal(f?.model.modeDependent, forwardOf(fm, siteCalling(fm, 'net'))?.model.modeDependent, t);
      return f?.model.modeDependent;
    };
    files['/p/blocks.py'] = block('Linear(3, 3)');
    dependent(body('0'));
    assert.equal(dependent(body('1')), false);
    files['/p/blocks.py'] = block('Dropout(0.5)');
    assert.equal(dependent(body('2')), true);
    // a model called inside a class whose base class is in another file: a layer of a model (no forward pass of its
    // own) while that base is a module; the second call's answer reads the base through the first's question
    files['/p/base.py'] = 'import torch.nn as nn\n\n\nclass Base(nn.Module):\n    pass\n';
    const inside = (other: string): string =>
      `import torch.nn as nn\nfrom base import Base\n\n\nclass Helper(Base):\n    def __init__(self):\n        super().__init__()\n        self.net = nn.Dropout(0.5)\n\n    def run(self, x):\n        self.net(x)\n        return self.net(x)\n\n\ndef other():\n    return ${other}\n`;
    const calls = (t: string): string[] => {
      const shown = (m: PyModule): string[] => m.callSites.filter((c) => c.call.fn.k === 'attr' && c.call.fn.attr === 'net').map((c) => String(forwardOf(m, c)?.model.modeDependent));
      const got = shown(linked.pythonModule('/p/h.py', t).module);
      assert.deepEqual(got, shown(new Analyzer({ host }).pythonModule('/p/h.py', t).module), t);
      return got;
    };
    calls(inside('0'));
    assert.deepEqual(calls(inside('1')), ['undefined', 'undefined']);
    files['/p/base.py'] = 'class Base:\n    pass\n';
    assert.deepEqual(calls(inside('2')), ['true', 'true']);
  });

  it("a call site's loss is carried when it read only the site's statement and the module scope; asked again when it read a caller's argument", () => {
    const text = (loss: string, other: string): string =>
      `import torch.nn as nn\n\n\ndef fit(model, loader, criterion):\n    ce = nn.CrossEntropyLoss()\n    for x, y in loader:\n        ce(model(x), y)\n        criterion(model(x), y)\n\n\ndef main(model, loader):\n    fit(model, loader, nn.${loss}())\n\n\ndef other():\n    return ${other}\n`;
    // the loss built in the site's function is kept; the caller hands another loss after the last edit
    const { first, last } = localSlot({ text, variants: ['CrossEntropyLoss', 'NLLLoss'], sites: (m) => ({ kept: siteCalling(m, 'ce'), read: siteCalling(m, 'criterion') }), ask: siteLossCall, show: (l) => l?.kind ?? '-' });
    assert.deepEqual([first.kept?.kind, first.read?.kind, last.read?.kind], ['cross_entropy', 'cross_entropy', 'nll']);
  });

  it("a loader's own facts, what an evaluation call is handed and what a loop iterates are carried; asked again when they read a caller's argument or the module scope changes", () => {
    const a = new Analyzer();
    const text = (o: { handed?: string; fed?: string; data?: string; other?: string }): string =>
      `from torch.utils.data import DataLoader\n\nheld_data = ${o.data ?? 'make()'}\n\n\ndef fit(model, opt, data):\n    train_ds = data.subset()\n    loader = DataLoader(train_ds, batch_size=8)\n    for x in loader:\n        model(x).sum().backward()\n        opt.step()\n\n\ndef test(model):\n    held = DataLoader(held_data)\n    evaluate(model, held)\n\n\ndef check(model, l):\n    evaluate(model, l)\n\n\ndef validate(model, batches):\n    for b in batches:\n        model(b)\n\n\ndef main(model, opt, data):\n    fit(model, opt, data)\n    check(model, ${o.handed ?? 'DataLoader(data)'})\n    validate(model, ${o.fed ?? 'DataLoader(data)'})\n\n\ndef other():\n    return ${o.other ?? '0'}\n`;
    /** Each loader's name (or its line), role and uses in the editor's version, checked against a fresh analysis; the names whose reaching assignment was asked. */
    const version = (t: string): { roles: string; asked: string } => {
      const m = a.pythonModule('/p/t.py', t).module;
      const asked = new Set<string>();
      const f = m.reachingAssignment.bind(m);
      Object.assign(m, { reachingAssignment: (id: string, scope: Scope, at: number) => (asked.add(id), f(id, scope, at)) });
      const shown = (mm: PyModule): string => dataLoaders(mm).map((l) => `${l.name ?? mm.text.slice(0, l.call.from).split('\n').length}:${l.role ?? '-'}:${[...l.uses].sort().join('+')}`).join(' ');
      const roles = shown(m);
      assert.equal(roles, shown(new Analyzer().pythonModule('/p/t.py', t).module), t);
      return { roles, asked: [...asked].sort().join(',') };
    };
    const v0 = version(text({}));
    assert.equal(v0.roles, 'loader:train:train held:eval:eval 30:eval:eval 31:eval:eval');
    // (the first version of a document keeps nothing for the next: see `keepsForNext`)
    const v1 = version(text({ other: '1' }));
    assert.equal(v1.asked, 'DataLoader,batches,check,data,evaluate,fit,held,held_data,l,loader,make,model,opt,train_ds,validate');
    // an edit of another function: only what read a caller's argument is asked again (the parameters `model` and
    // `l` handed to `evaluate`, `batches` iterated by `validate`'s loop, and `opt`, whose step the training loop asks
    // of `gradCall`)
    const v2 = version(text({ other: '2' }));
    assert.equal(v2.roles, v0.roles);
    assert.equal(v2.asked, 'batches,l,model,opt');
    // the caller hands another loader: the evaluation call handed a parameter sees the new one
    assert.equal(version(text({ other: '2', handed: 'DataLoader(data, batch_size=4)' })).roles, v0.roles);
    // and the evaluation loop iterating a parameter sees the new loader it is handed
    assert.equal(version(text({ other: '2', handed: 'DataLoader(data, batch_size=4)', fed: 'DataLoader(data, batch_size=2)' })).roles, v0.roles);
    // the module-level dataset now names its split: the loader built from it is asked again
    assert.equal(version(text({ other: '2', handed: 'DataLoader(data, batch_size=4)', fed: 'DataLoader(data, batch_size=2)', data: 'make(train=True)' })).roles, 'loader:train:train held:train:eval 30:eval:eval 31:eval:eval');
  });

  it("whether a class behaves differently in training and evaluation is carried; asked again when the class, a binding it reads or a cycle's order changes", () => {
    const a = new Analyzer();
    const text = (o: { layer?: string; fwd?: string; other?: string }): string =>
      `import torch.nn as nn\n\nLayer = nn.${o.layer ?? 'Dropout'}\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.d = Layer(0.5)\n\n    def forward(self, x):\n        return ${o.fwd ?? 'self.d(x)'}\n\n\nclass A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b = B()\n\n    def forward(self, x):\n        return self.b(x)\n\n\nclass B(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = A()\n        self.d = nn.Dropout(0.1)\n\n    def forward(self, x):\n        return self.d(self.a(x))\n\n\ndef other():\n    return ${o.other ?? '0'}\n`;
    /** The answers for the classes named, asked in that order, in the editor's version and a fresh one; and how many classes' bases were read. */
    const ask = (t: string, order: string[]): { got: string; bases: number } => {
      const shown = (m: PyModule): string => order.map((n) => `${n}:${classModeDependent(m.classes.find((c) => c.name === n) as ClassInfo)}`).join(' ');
      const m = a.pythonModule('/p/t.py', t).module;
      let bases = 0;
      const f = m.baseClasses.bind(m);
      Object.assign(m, { baseClasses: (c: ClassInfo) => (bases++, f(c)) });
      const got = shown(m);
      assert.equal(got, shown(new Analyzer().pythonModule('/p/t.py', t).module), `${order.join(',')} in ${t}`);
      return { got, bases };
    };
    ask(text({}), ['Net']);
    const v1 = ask(text({ other: '1' }), ['Net']);
    assert.equal(v1.got, 'Net:true');
    assert.ok(v1.bases > 0);
    // an edit of another function: taken over, the class's bases not read again
    assert.deepEqual(ask(text({ other: '2' }), ['Net']), { got: 'Net:true', bases: 0 });
    // the module binds the layer's name to another class: asked again
    assert.equal(ask(text({ other: '2', layer: 'Linear' }), ['Net']).got, 'Net:false');
    assert.equal(ask(text({ other: '3', layer: 'Linear' }), ['Net']).got, 'Net:false');
    // the class's own code changes: another class object, asked again
    assert.equal(ask(text({ other: '3', fwd: 'x' }), ['Net']).got, 'Net:false');
    // two classes holding each other: what the one asked first says depends on the order; never carried in the other
    const first = ask(text({ other: '4' }), ['A', 'B']).got;
    ask(text({ other: '5' }), ['A', 'B']);
    assert.equal(first, 'A:true B:true');
    assert.equal(ask(text({ other: '6' }), ['B', 'A']).got, 'B:true A:false');
    assert.equal(ask(text({ other: '7' }), ['A', 'B']).got, first);
    // asked while the module binds otherwise and not asked in that version: not taken from the version before
    ask(text({ other: '8' }), ['Net']);
    ask(text({ other: '8', layer: 'Linear' }), []);
    assert.equal(ask(text({ other: '9', layer: 'Linear' }), ['Net']).got, 'Net:false');
    // a chain of base classes longer than the depth followed: an answer worked out from deeper down (cut short) is
    // not part of an answer carried into the next version
    const chain = (other: string): string =>
      'import torch.nn as nn\n\n\n' +
      [1, 2, 3, 4, 5, 6, 7].map((i) => `class C${i}(C${i + 1}):\n    pass\n\n\n`).join('') +
      'class C8(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.d = nn.Dropout(0.5)\n\n    def forward(self, x):\n        return self.d(x)\n\n\n' +
      'class X(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = C4()\n\n    def forward(self, x):\n        return self.c(x)\n\n\n' +
      `def other():\n    return ${other}\n`;
    ask(chain('0'), ['C1', 'X']);
    ask(chain('1'), ['C1', 'X']);
    assert.equal(ask(chain('2'), ['X']).got, 'X:true');
  });

  it('full-batch training, told per training loop, is carried with the loop; asked again when the loop or a helper it runs changes', () => {
    const a = new Analyzer();
    const text = (o: { loss?: string; draw?: string; other?: string }): string =>
      `import torch\nimport torch.nn.functional as F\n\n\ndef objective(output, labels, idx_train):\n    return ${o.loss ?? 'F.nll_loss(output[idx_train], labels[idx_train])'}\n\n\ndef train(features, adj, labels, idx_train):\n    model = torch.nn.Linear(3, 3)\n    opt = torch.optim.Adam(model.parameters())\n    for epoch in range(200):\n        opt.zero_grad()\n        ${o.draw ?? 'pass'}\n        output = model(features, adj)\n        loss = objective(output, labels, idx_train)\n        loss.backward()\n        opt.step()\n\n\ndef other():\n    return ${o.other ?? '0'}\n`;
    const full = (t: string): boolean => {
      const got = fullBatchTraining(a.pythonModule('/p/t.py', t).module);
      assert.equal(got, fullBatchTraining(new Analyzer().pythonModule('/p/t.py', t).module), t);
      return got;
    };
    full(text({}));
    assert.equal(full(text({ other: '1' })), true);
    assert.equal(full(text({ other: '2' })), true);
    // the helper the loop runs computes the loss on every output: not picked by the training split
    assert.equal(full(text({ other: '2', loss: 'F.nll_loss(output, labels)' })), false);
    assert.equal(full(text({ other: '3', loss: 'F.nll_loss(output, labels)' })), false);
    assert.equal(full(text({ other: '3' })), true);
    // the loop draws a batch
    assert.equal(full(text({ other: '3', draw: 'batch = next(it)' })), false);
    assert.equal(full(text({ other: '4' })), true);
  });

  it("the kept answers hand their reads beyond the statement on: whoever is handed one counts them (outsideReadCount)", () => {
    const text = (other: string): string => `def helper():\n    return 1\n\n\ndef fit():\n    helper()\n    print(1)\n\n\ndef other():\n    return ${other}\n`;
    const a = new Analyzer();
    // (the third version takes the second's answers over: `carries`)
    for (const other of ['0', '1', '2']) {
      const m = a.pythonModule('/p/t.py', text(other)).module;
      const counted = (ask: () => unknown): number => {
        const before = m.outsideReadCount;
        ask();
        return m.outsideReadCount - before;
      };
      const helper = siteCalling(m, 'helper');
      const print = siteCalling(m, 'print');
      // a function of the project read (its body is what a walk enters), asked twice: counted both times
      assert.ok(counted(() => helperOf(m, helper.call, helper.scope)) > 0, `first, version ${other}`);
      assert.ok(counted(() => helperOf(m, helper.call, helper.scope)) > 0, `kept, version ${other}`);
      assert.ok(counted(() => m.siteProjectCallee(helper)) > 0);
      assert.ok(counted(() => m.siteProjectCallee(helper)) > 0);
      // a builtin: nothing read beyond the statement
      assert.equal(counted(() => helperOf(m, print.call, print.scope)), 0);
      assert.equal(counted(() => helperOf(m, print.call, print.scope)), 0);
    }
  });

  it("a method looked up in a base class of another file is asked again when that file changes, also when the base classes were asked first by another question", () => {
    const files: Record<string, string> = { '/p/base.py': 'class Base:\n    def other(self):\n        return 1\n' };
    const a = new Analyzer({ host: { readFile: (p) => files[p] } });
    const text = (other: string): string => `from base import Base\n\nclass T(Base):\n    def go(self):\n        self.foo()\n\ndef other():\n    return ${other}\n`;
    const ask = (t: string): { m: PyModule; callee: ReturnType<PyModule['siteLocalCallee']> } => {
      const m = a.pythonModule('/p/t.py', t).module;
      const cls = m.classes.find((c) => c.name === 'T');
      assert.ok(cls);
      // (another question reads the base classes first: `baseClasses` keeps them for the version)
      m.derivesFrom(cls, () => false);
      const site = m.callSites.find((s) => s.call.fn.k === 'attr' && s.call.fn.attr === 'foo');
      assert.ok(site);
      return { m, callee: m.siteLocalCallee(site) };
    };
    ask(text('0'));
    assert.equal(ask(text('1')).callee, undefined);
    assert.equal(ask(text('2')).callee, undefined);
    files['/p/base.py'] = 'class Base:\n    def foo(self):\n        return 1\n';
    const after = ask(text('3'));
    assert.equal(after.callee?.name, 'foo');
    assert.equal(after.callee?.scope.module.path, '/p/base.py');
  });
});

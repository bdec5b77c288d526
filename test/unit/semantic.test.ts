import { strict as assert } from 'assert';
import { Analyzer } from '../../src/engine';
import { type CallSite, type PyModule, walkStmts } from '../../src/engine/python/semantic';
import { activationOf, isOptimizer, loopContents, lossCall, trainingLoops } from '../../src/engine/python/torch';

function mod(text: string, files: Record<string, string> = {}): PyModule {
  const all: Record<string, string> = { '/p/train.py': text };
  for (const [k, v] of Object.entries(files)) all[`/p/${k}`] = v;
  return new Analyzer({ host: { readFile: (p) => all[p] } }).pythonModule('/p/train.py', text).module;
}

/** The call site whose source text is exactly `src` (the last one when repeated). */
function site(m: PyModule, src: string): CallSite {
  const found = m.callSites.filter((s) => m.text.slice(s.call.from, s.call.to) === src);
  assert.ok(found.length, `no call ${src}`);
  return found[found.length - 1];
}

describe('semantic layer', () => {
  describe('qualified names through every import form', () => {
    const forms: [string, string][] = [
      ['import torch as T\nT.nn.CrossEntropyLoss()\n', 'T.nn.CrossEntropyLoss()'],
      ['import torch.nn as nn\nnn.CrossEntropyLoss()\n', 'nn.CrossEntropyLoss()'],
      ['from torch import nn, optim\nnn.CrossEntropyLoss()\n', 'nn.CrossEntropyLoss()'],
      ['from torch.nn import CrossEntropyLoss as CE\nCE()\n', 'CE()'],
      ['import torch\ntorch.nn.CrossEntropyLoss()\n', 'torch.nn.CrossEntropyLoss()'],
      ['import torch.nn\ntorch.nn.CrossEntropyLoss()\n', 'torch.nn.CrossEntropyLoss()'],
      ['def f():\n    from torch import nn\n    return nn.CrossEntropyLoss()\n', 'nn.CrossEntropyLoss()'],
      // imports joined by a semicolon bind their names as on lines of their own
      ['import os; import torch.nn as nn\nnn.CrossEntropyLoss()\n', 'nn.CrossEntropyLoss()'],
      ['def f():\n    import os; from torch import nn; return nn.CrossEntropyLoss()\n', 'nn.CrossEntropyLoss()'],
    ];
    for (const [src, call] of forms) {
      it(src.split('\n')[0], () => {
        const m = mod(src);
        const s = site(m, call);
        assert.equal(m.calleeName(s.call, s.scope), 'torch.nn.CrossEntropyLoss');
      });
    }
    it('F.softmax through `from torch.nn import functional as F`', () => {
      const m = mod('from torch.nn import functional as F\nF.softmax(x, dim=1)\n');
      const s = site(m, 'F.softmax(x, dim=1)');
      assert.equal(m.qualify(s.call.fn, s.scope), 'torch.nn.functional.softmax');
    });
    it('a local variable shadows an import of the same name', () => {
      const m = mod('import torch.nn as nn\ndef f(nn):\n    return nn.CrossEntropyLoss()\n');
      const s = site(m, 'nn.CrossEntropyLoss()');
      assert.equal(m.qualify(s.call.fn, s.scope), undefined);
    });
  });

  describe('values followed through assignments', () => {
    it('criterion = nn.CrossEntropyLoss() then criterion(out, y)', () => {
      const m = mod('import torch.nn as nn\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(out, y)\n');
      const s = site(m, 'criterion(out, y)');
      assert.equal(lossCall(m, s.call, s.scope)?.kind, 'cross_entropy');
    });
    it('statements joined by semicolons: each assignment is followed, on both parse paths', () => {
      const text = 'import torch.nn as nn; import torch.nn.functional as F\ncriterion = nn.CrossEntropyLoss(); out = F.softmax(model(x), dim=1); loss = criterion(out, y)\n';
      const m = mod(text);
      const s = site(m, 'criterion(out, y)');
      assert.equal(lossCall(m, s.call, s.scope)?.kind, 'cross_entropy');
      for (const fastParse of [false, true]) {
        const r = new Analyzer({ fastParse }).analyze({ path: '/p/train.py', text });
        assert.deepEqual(
          r.findings.map((f) => f.code),
          ['NR208'],
          `softmax into CrossEntropyLoss (fastParse: ${fastParse})`,
        );
      }
    });
    it('match statements: the statements of each case are statements like any other', () => {
      const loop = (zero: boolean) =>
        `import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Linear(2, 2)\nmatch compute(mode):\n    case "train" | "fit" if ready(model):\n        opt = torch.optim.Adam(model.parameters(), lr=3e-4)\n        for x, y in loader:\n${zero ? '            opt.zero_grad()\n' : ''}            loss = nn.functional.mse_loss(model(x), y)\n            loss.backward()\n            opt.step()\n    case Point(x=0):\n        pass\n    case _:\n        print("no")\n`;
      for (const fastParse of [false, true]) {
        const a = new Analyzer({ fastParse });
        const missing = a.analyze({ path: '/p/train.py', text: loop(false), stage: 2 });
        assert.deepEqual(missing.syntaxErrors, []);
        assert.deepEqual(missing.findings.map((f) => f.code), ['NR204'], 'the loop in a case has no zero_grad');
        assert.deepEqual(a.analyze({ path: '/p/train.py', text: loop(true), stage: 2 }).findings, [], 'with zero_grad: nothing');
      }
      // the subject and the guard are evaluated: their calls are call sites
      const m = mod(loop(true));
      site(m, 'compute(mode)');
      site(m, 'ready(model)');
    });
    it('opt = optim.Adam(...) then opt.step()', () => {
      const m = mod('from torch import optim\nopt = optim.Adam(params)\nopt.step()\n');
      const s = site(m, 'opt.step()');
      assert.ok(s.call.fn.k === 'attr' && isOptimizer(m, s.call.fn.obj, s.scope));
    });
    it('self.x set in __init__ is seen in other methods', () => {
      const m = mod('import torch\nclass T:\n    def __init__(self):\n        self.opt = torch.optim.SGD(p, lr=0.1)\n    def fit(self):\n        self.opt.step()\n');
      const s = site(m, 'self.opt.step()');
      const inst = s.call.fn.k === 'attr' ? m.instanceOf(s.call.fn.obj, s.scope) : undefined;
      assert.equal(inst?.ref.kind === 'external' && inst.ref.qname, 'torch.optim.SGD');
    });
    it('self.x unpacked from a tuple takes its element; unpacked from a call, it stays unknown', () => {
      const m = mod(
        'import torch\nclass T:\n    def __init__(self):\n        self.opt, self.sched = torch.optim.SGD(p, lr=0.1), make_sched()\n        self.a, self.b = build()\n    def fit(self):\n        self.opt.step()\n        self.a.step()\n',
      );
      const opt = site(m, 'self.opt.step()');
      const inst = opt.call.fn.k === 'attr' ? m.instanceOf(opt.call.fn.obj, opt.scope) : undefined;
      assert.equal(inst?.ref.kind === 'external' && inst.ref.qname, 'torch.optim.SGD');
      const a = site(m, 'self.a.step()');
      // not the whole `build()` call: its element is unknown
      assert.equal(a.call.fn.k === 'attr' ? m.resolve(a.call.fn.obj, a.scope) : 'no attr', undefined);
    });
    it("a factory of the project: `model = get_net(cfg)` holds what every return of get_net builds", () => {
      const cls = (text: string, files: Record<string, string> = {}): string | undefined => {
        const m = mod(text, files);
        const s = site(m, 'model.train()');
        const inst = s.call.fn.k === 'attr' ? m.instanceOf(s.call.fn.obj, s.scope) : undefined;
        return inst?.ref.kind === 'local' ? inst.ref.cls.name : inst?.ref.kind === 'external' ? inst.ref.qname : undefined;
      };
      const NET = 'import torch.nn as nn\n\n\nclass Net(nn.Module):\n    pass\n\n\nclass Other(nn.Module):\n    pass\n\n\n';
      assert.equal(cls(NET + 'def get_net(cfg, is_train):\n    model = Net()\n    if is_train:\n        model.init_weights()\n    return model\n\n\nmodel = get_net(cfg, True).to(device)\nmodel.train()\n'), 'Net');
      assert.equal(cls('import torch\nfrom models.pose import get_pose_net\n\nmodel = get_pose_net(cfg, is_train=True)\nmodel.train()\n', { 'models/pose.py': NET + 'def get_pose_net(cfg, is_train):\n    return Net()\n' }), 'Net', 'in another file');
      assert.equal(cls(NET + 'import torchvision\n\n\ndef build():\n    return torchvision.models.resnet18(weights=None)\n\n\nmodel = build()\nmodel.train()\n'), 'torchvision.models.resnet18', 'a library model');
      // hard negatives: returns of different classes, a return of something else, no return
      assert.equal(cls(NET + 'def get_net(kind):\n    if kind == "a":\n        return Net()\n    return Other()\n\n\nmodel = get_net(k)\nmodel.train()\n'), undefined);
      assert.equal(cls(NET + 'def get_net(kind):\n    if kind == "a":\n        return Net()\n    return registry[kind]()\n\n\nmodel = get_net(k)\nmodel.train()\n'), undefined);
      assert.equal(cls(NET + 'def get_net(kind):\n    print(kind)\n\n\nmodel = get_net(k)\nmodel.train()\n'), undefined);
    });
    it('the reaching definition wins: a later reassignment does not leak backwards', () => {
      const m = mod('import torch.nn.functional as F\np = F.softmax(z, 1)\nuse(p)\np = head(x)\nuse(p)\n');
      const calls = m.callSites.filter((c) => m.text.slice(c.call.from, c.call.to) === 'use(p)');
      assert.equal(activationOf(m, calls[0].call.args[0], calls[0].scope)?.kind, 'softmax');
      assert.equal(activationOf(m, calls[1].call.args[0], calls[1].scope), undefined);
    });
    it('a parameter is bound through the call sites of its function', () => {
      const m = mod('import torch.nn as nn\ndef run(crit):\n    crit(a, b)\nrun(nn.NLLLoss())\n');
      const s = site(m, 'crit(a, b)');
      assert.equal(lossCall(m, s.call, s.scope)?.kind, 'nll');
    });
    it('call sites that disagree leave a parameter unknown', () => {
      const m = mod('import torch.nn as nn\ndef run(crit):\n    crit(a, b)\nrun(nn.NLLLoss())\nrun(nn.CrossEntropyLoss())\n');
      const s = site(m, 'crit(a, b)');
      assert.equal(lossCall(m, s.call, s.scope), undefined);
    });
    it("a call with `**kwargs` may set a parameter it does not name: not the parameter's default (review 131)", () => {
      const m = mod('import torch.nn as nn\ndef run(crit=nn.NLLLoss()):\n    crit(a, b)\nrun(**options)\n');
      const s = site(m, 'crit(a, b)');
      assert.equal(lossCall(m, s.call, s.scope), undefined);
      const plain = mod('import torch.nn as nn\ndef run(crit=nn.NLLLoss()):\n    crit(a, b)\nrun()\n');
      const p = site(plain, 'crit(a, b)');
      assert.equal(lossCall(plain, p.call, p.scope)?.kind, 'nll');
    });
    describe("__init__'s parameters through the calls that build the class", () => {
      const TRAINER = 'import torch.nn as nn\nclass Trainer:\n    def __init__(self, model, crit=None):\n        self.crit = crit\n    def step(self):\n        self.crit(a, b)\n';
      const critKind = (text: string): string | undefined => {
        const m = mod(text);
        const s = site(m, 'self.crit(a, b)');
        return lossCall(m, s.call, s.scope)?.kind;
      };
      it('positional and keyword arguments, and calls that agree', () => {
        assert.equal(critKind(TRAINER + 'Trainer(net, nn.NLLLoss())\n'), 'nll');
        assert.equal(critKind(TRAINER + 'Trainer(net, crit=nn.NLLLoss())\nt = Trainer(other, nn.NLLLoss())\n'), 'nll');
      });
      it('unknown: calls that disagree, a call that leaves the default (None), arguments by unpacking, no call', () => {
        assert.equal(critKind(TRAINER + 'Trainer(net, nn.NLLLoss())\nTrainer(net, nn.CrossEntropyLoss())\n'), undefined);
        assert.equal(critKind(TRAINER + 'Trainer(net, nn.NLLLoss())\nTrainer(net)\n'), undefined);
        assert.equal(critKind(TRAINER + 'Trainer(*args)\n'), undefined);
        assert.equal(critKind(TRAINER), undefined);
      });
      it('unknown when a class of the module derives from it (its super().__init__ hands values of its own)', () => {
        assert.equal(critKind(TRAINER + 'class Sub(Trainer):\n    def __init__(self):\n        super().__init__(net, nn.CrossEntropyLoss())\nTrainer(net, nn.NLLLoss())\n'), undefined);
      });
      it('a call of another class of the same name (in a function) is not one of its calls', () => {
        assert.equal(critKind(TRAINER + 'def f():\n    class Trainer:\n        def __init__(self, a, b): pass\n    Trainer(net, nn.CrossEntropyLoss())\nTrainer(net, nn.NLLLoss())\n'), 'nll');
      });
    });
  });

  describe('a module-level name used inside a function', () => {
    /** What `name(…)` inside `val()` is bound to: 'def', 'assign', … */
    const via = (text: string): string | undefined => {
      const m = mod(text);
      const s = site(m, 'checkpoint(acc)');
      return m.reachingAssignment('checkpoint', s.scope, s.call.from)?.via;
    };
    it('a function the module defines after a variable of the same name is what the call calls (cs-kd: checkpoint = torch.load(…) in a resume branch, def checkpoint(…) later)', () => {
      const m = mod('import torch\nif resume:\n    checkpoint = torch.load("ckpt.t7")\n\n\ndef val(acc):\n    checkpoint(acc)\n\n\ndef checkpoint(acc):\n    torch.save(acc, "best.pt")\n');
      const s = site(m, 'checkpoint(acc)');
      assert.equal(m.reachingAssignment('checkpoint', s.scope, s.call.from)?.via, 'def');
      assert.equal(m.localCallee(s.call, s.scope)?.name, 'checkpoint');
    });
    it('hard negatives: a variable bound after the function, or the only binding before the use, is kept', () => {
      assert.equal(via('import torch\n\n\ndef checkpoint(acc):\n    pass\n\n\ncheckpoint = torch.load("c.pt")\n\n\ndef val(acc):\n    checkpoint(acc)\n'), 'assign');
      assert.equal(via('import torch\ncheckpoint = torch.load("c.pt")\n\n\ndef val(acc):\n    checkpoint(acc)\n\n\nother = 1\n'), 'assign');
    });
  });

  describe('model classes and forward()', () => {
    const NET = 'import torch.nn as nn\nimport torch.nn.functional as F\nclass Net(nn.Module):\n    def forward(self, x):\n        h = self.body(x)\n        return F.log_softmax(h, dim=-1)\n';
    it('out = model(x) holds what forward() returns', () => {
      const m = mod(NET + 'model = Net()\nout = model(x)\nuse(out)\n');
      const s = site(m, 'use(out)');
      assert.equal(activationOf(m, s.call.args[0], s.scope)?.kind, 'log_softmax');
    });
    it('Net().to(device) and model.cuda() are still the model', () => {
      const m = mod(NET + 'model = Net().to(device)\nm2 = model.cuda()\nuse(m2(x))\n');
      const s = site(m, 'use(m2(x))');
      assert.equal(activationOf(m, s.call.args[0], s.scope)?.kind, 'log_softmax');
    });
    it('the class is found across files, and subclasses inherit forward()', () => {
      const m = mod('from model import Big\nm = Big()\nuse(m(x))\n', { 'model.py': NET + 'class Big(Net):\n    pass\n' });
      const s = site(m, 'use(m(x))');
      const a = activationOf(m, s.call.args[0], s.scope);
      assert.equal(a?.kind, 'log_softmax');
      assert.equal(a?.module.path, '/p/model.py');
    });
    it('derivesFrom sees nn.Module through a project base class', () => {
      const m = mod(NET + 'class Big(Net):\n    pass\n');
      const big = m.classes.find((c) => c.name === 'Big');
      assert.ok(big && m.derivesFrom(big, (q) => q === 'torch.nn.Module'));
    });
  });

  describe('loops, with blocks and helpers', () => {
    const SRC =
      'import torch\nopt = torch.optim.Adam(p)\ndef step(x):\n    loss = f(x)\n    loss.backward()\n    opt.step()\nfor epoch in range(3):\n    for x in loader:\n        step(x)\n    with torch.no_grad():\n        evaluate()\n';
    it('records loop nesting for each call', () => {
      const m = mod(SRC);
      assert.equal(site(m, 'step(x)').loops.length, 2);
      assert.equal(site(m, 'evaluate()').loops.length, 1);
    });
    it('records with blocks around calls', () => {
      const m = mod(SRC);
      const w = site(m, 'evaluate()').withs;
      assert.equal(w.length, 1);
      const item = w[0].stmt.items[0].expr;
      assert.equal(item.k === 'call' && m.qualify(item.fn, m.scope), 'torch.no_grad');
    });
    it('a loop that calls a helper doing backward and step is a training loop', () => {
      const m = mod(SRC);
      const loops = trainingLoops(m);
      assert.deepEqual(loops.map((l) => m.text.slice(l.stmt.from, l.stmt.body.from)).sort(), ['for epoch in range(3)', 'for x in loader']);
    });
    /** A class of the file whose method runs the training step, and a model class overriding `train(mode)`. */
    const TRAINER =
      'import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n    def train(self, mode=True):\n        super().train(mode)\n        self.bn.eval()\n        return self\n\nclass Trainer:\n    def __init__(self, model):\n        self.model = model\n        self.opt = torch.optim.Adam(model.parameters())\n\n    def fit_step(self, x):\n        self.opt.zero_grad()\n        self.model(x).sum().backward()\n        self.opt.step()\n\n';
    it('a loop that calls a method of an object of a class of the file doing backward and step is a training loop', () => {
      const m = mod(TRAINER + 'net = Net()\ntrainer = Trainer(net)\nfor x in loader:\n    net.train()\n    trainer.fit_step(x)\n');
      const loops = trainingLoops(m);
      assert.deepEqual(loops.map((l) => m.text.slice(l.stmt.from, l.stmt.body.from)), ['for x in loader']);
      const calls = loopContents(m, loops[0]).calls.map(({ site: s }) => m.text.slice(s.call.from, s.call.to));
      assert.ok(calls.includes('self.opt.step()'), calls.join(', '));
      // hard negative: the model's override of train(mode) is how nn.Module sets a mode, not a step of the loop
      assert.ok(!calls.includes('self.bn.eval()'), calls.join(', '));
    });
    it('hard negative: a method of the same name on an object of a library class is not followed', () => {
      const m = mod(TRAINER + 'trainer = lib.Trainer(Net())\nfor x in loader:\n    trainer.fit_step(x)\n');
      assert.deepEqual(trainingLoops(m), []);
    });
  });
  describe('call sites in assignment targets', () => {
    const m = mod(
      [
        'import torch',
        'for x in loader:',
        '    stats[key(x)] += loss_fn(x)',
        '    for out[slot(x)] in pairs(x):',
        '        pass',
        '    with torch.no_grad() as ctx[pick(x)]:',
        '        pass',
        'cache[k()] = v()',
        '',
      ].join('\n'),
    );
    const names = (s: CallSite): string => m.text.slice(s.call.from, s.call.to);
    it('an augmented assignment: the target\'s calls, then the value\'s, in the loop around them', () => {
      assert.deepEqual(site(m, 'key(x)').loops.length, 1);
      assert.ok(m.callSites.indexOf(site(m, 'key(x)')) < m.callSites.indexOf(site(m, 'loss_fn(x)')));
    });
    it('a for loop\'s target: its calls run on each iteration, inside the loop', () => {
      assert.deepEqual(site(m, 'slot(x)').loops.map((l) => m.text.slice(l.stmt.from, l.stmt.body.from).trim()), ['for x in loader', 'for out[slot(x)] in pairs(x)']);
      assert.equal(site(m, 'pairs(x)').loops.length, 1);
    });
    it('a with block\'s target: its calls run inside the context', () => {
      assert.equal(site(m, 'pick(x)').withs.length, 1);
      assert.equal(site(m, 'torch.no_grad()').withs.length, 0);
    });
    it('every call of the file is a call site, once', () => {
      assert.deepEqual(m.callSites.map(names).sort(), ['k()', 'key(x)', 'loss_fn(x)', 'pairs(x)', 'pick(x)', 'slot(x)', 'torch.no_grad()', 'v()']);
    });
  });

  describe('calls inside star arguments', () => {
    const m = mod(['import torch', 'for x in loader:', '    print(*report(model(x)), sep=", ", **fmt(x))', 'y = f(a, *g(), k=h(), **{"z": i()})', ''].join('\n'));
    it('are call sites, in the loop around them', () => {
      for (const c of ['report(model(x))', 'model(x)', 'fmt(x)']) assert.equal(site(m, c).loops.length, 1, c);
      assert.deepEqual(m.callSites.map((s) => m.text.slice(s.call.from, s.call.to)).sort(), ['f(a, *g(), k=h(), **{"z": i()})', 'fmt(x)', 'g()', 'h()', 'i()', 'model(x)', 'print(*report(model(x)), sep=", ", **fmt(x))', 'report(model(x))']);
    });
    it('are kept apart from the arguments, whose positions they make unknown', () => {
      const call = site(m, 'f(a, *g(), k=h(), **{"z": i()})').call;
      assert.equal(call.star, true);
      assert.deepEqual(call.args.map((a) => m.text.slice(a.from, a.to)), ['a']);
      assert.deepEqual(call.kwargs.map((k) => k.name), ['k']);
      assert.deepEqual(call.starred.map((a) => m.text.slice(a.from, a.to)), ['g()', '{"z": i()}']);
    });
  });

  describe('indexes by scope and by position', () => {
    // nested functions, a class, lambdas, comprehensions, calls inside calls, chained calls and a call in an
    // assignment's target: call sites are not made in order of position, and loops and with blocks sit in several scopes
    const SRC = [
      'import torch',
      'def outer(loader):',
      '    for x in loader:',
      '        with torch.no_grad():',
      '            y = f(g(x)).h(k(x))',
      '        def inner(z):',
      '            while z:',
      '                z = step(z)',
      '            with open(z) as fh:',
      '                return [p(i) for i in fh]',
      '        for j in range(3):',
      '            inner(lambda: q(j))',
      '    cache[key(x)] = a.b(c(1))(d())',
      '    return cache',
      'class Net:',
      '    def forward(self, x):',
      '        for t in x:',
      '            x = self.l(t)',
      '        return x',
      'for e in range(2):',
      '    outer(e)',
      '',
    ].join('\n');
    const m = mod(SRC);
    const spans = (xs: { from: number; to: number }[]): string[] => xs.map((x) => `${x.from}-${x.to}`);
    it('loops and with blocks per scope are the scans they replace', () => {
      const scopes = [m.scope, ...m.functions.map((f) => f.scope), ...m.classes.map((c) => c.scope)];
      assert.equal(scopes.length, 5);
      for (const scope of scopes) {
        assert.deepEqual(m.loopsIn(scope), m.loops.filter((l) => l.scope === scope));
        assert.deepEqual(m.withsIn(scope), m.withs.filter((w) => w.scope === scope));
      }
      assert.equal(m.loopsIn(m.scope).length, 1);
      for (const w of m.withs) assert.equal(m.withOf(w.stmt), w);
      assert.equal(m.withOf(m.stmts[0]), undefined);
    });
    it('loops and calls within a span are the scans they replace, for every statement and call of the file', () => {
      const bounds: { from: number; to: number }[] = [{ from: 0, to: SRC.length }];
      walkStmts(m.stmts, (st) => void bounds.push(st));
      for (const s of m.callSites) bounds.push(s.call);
      for (const b of bounds) {
        const calls = m.callSites.filter((s) => s.call.from >= b.from && s.call.to <= b.to);
        assert.deepEqual(spans(m.callsWithin(b.from, b.to).map((s) => s.call)).sort(), spans(calls.map((s) => s.call)).sort(), `calls in ${b.from}-${b.to}`);
        assert.deepEqual(m.loopsWithin(b.from, b.to), m.loops.filter((l) => l.stmt.from >= b.from && l.stmt.to <= b.to));
      }
      assert.equal(m.callsWithin(0, SRC.length).length, m.callSites.length);
      // the hard case: the value's calls are made before the target's, so the sites are not in order of position
      assert.ok(m.callSites.some((s, i) => i > 0 && s.call.from < m.callSites[i - 1].call.from));
      // a call that starts where the span starts but ends after it is not within it
      const chained = site(m, 'f(g(x)).h(k(x))');
      assert.ok(!m.callsWithin(chained.call.from, site(m, 'f(g(x))').call.to).includes(chained));
    });
    it('calls within a span come in order of position, across statements and decorators, also in a later version of an edited file', () => {
      const text = (pad: string): string => `import torch\n${pad}\n\n@torch.no_grad()\ndef f(x):\n    return a(b(x)).c(d(x))\n\n\nq = e(f(1))\n\n\n@deco(g())\nclass K:\n    y = h(2)\n`;
      const a = new Analyzer();
      for (const t of [text('x = 1'), text('x = 1'), text('x = 12345'), text('')]) {
        const mm = a.pythonModule('/p/t.py', t).module;
        const byPos = [...mm.callSites].sort((p, q) => p.call.from - q.call.from);
        const shown = (xs: CallSite[]): string[] => xs.map((x) => t.slice(x.call.from, x.call.to));
        assert.deepEqual(shown(mm.callsWithin(0, t.length)), shown(byPos), t);
        for (const st of mm.stmts) assert.deepEqual(shown(mm.callsWithin(st.from, st.to)), shown(byPos.filter((x) => x.call.from >= st.from && x.call.to <= st.to)), t);
        // a span from inside one statement into the next, and one over a decorator only
        const k = mm.stmts[mm.stmts.length - 1];
        assert.deepEqual(shown(mm.callsWithin(t.indexOf('e(f(1))') + 2, t.indexOf('y = h'))), ['f(1)', 'deco(g())', 'g()']);
        assert.deepEqual(shown(mm.callsWithin(k.from, t.indexOf('class K'))), ['deco(g())', 'g()']);
      }
    });
  });
});

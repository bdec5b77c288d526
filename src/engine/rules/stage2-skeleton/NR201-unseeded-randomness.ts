import { afterImports, insertAfter } from '../../python/edits';
import { behindFlagOffByDefault, partialSeed, drawsLightningSeed, isSeedFunction, conditionsAround, optionDefault, optionOffByDefault, seedDraw, frameworkRuns, isLightningTrainer, librarySeed } from '../../python/facts-recipe';
import { entryReach, importTimeCalls, uncalledHelper, workerInitHelper } from '../../python/facts-entry';
import type { Expr, Span, Stmt } from '../../python/ir';
import { type CallExpr, type CallSite, type FunctionInfo, ModuleMemo, ObjectMemo, callSitesNamed, perStatement, type PyModule, type Scope, walkExpr } from '../../python/semantic';
import { canonical, closureStep, trainingLoops } from '../../python/torch';
import { defineRule } from '../rule';
import type { TextEdit } from '../../types';
import { sentence } from '../../text';

/**
 * A call that fixes a seed, or one the analysis cannot see into that says it does (`set_seed(cfg.seed)`). `strict`, for
 * code of other files the script runs: a generator's own seed (`torch.Generator().manual_seed(0)` for a split,
 * `np.random.default_rng(0)`) does not count there; in the script itself it is taken as a choice about seeding.
 */
function seeds(m: PyModule, site: CallSite, strict = false): boolean {
  if (librarySeed(m, site)) return true;
  // a library's seeding function told to draw the seed (`random.seed(None)`) seeds nothing fixed
  if (isSeedFunction(canonical(m.qualify(site.call.fn, site.scope) ?? ''))) return false;
  const fn = site.call.fn;
  const name = fn.k === 'name' ? fn.id : fn.k === 'attr' ? fn.attr : '';
  if (name === 'seed_everything') return true;
  if (name === 'manual_seed' || name === 'default_rng') return !strict;
  // an environment's own seed (`env.seed(0)`, `env.action_space.seed(0)`) seeds the episodes, not the weights or batches
  if (fn.k === 'attr' && name === 'seed' && seedsEnvironment(m, fn.obj, site.scope)) return false;
  const callee = m.siteLocalCallee(site);
  if (callee) return seedsIn(callee, strict);
  // A helper from elsewhere named for seeding (`utils.seed_all()`, `set_seed(42)`): trust its name.
  return !callee && /seed/i.test(name);
}

/** `seed_everything()` → `seed_everything(0, workers=True)`; `seed_everything(None)`, `seed_everything(seed=None)` → the seed 0. */
function lightningSeedEdit(call: CallExpr, open: number): TextEdit {
  const seed = call.args[0] ?? call.kwargs.find((k) => k.name === 'seed')?.value;
  if (seed) return { start: seed.from, end: seed.to, newText: '0' };
  return { start: open + 1, end: open + 1, newText: call.args.length || call.kwargs.length ? '0, ' : '0, workers=True' };
}

/**
 * Whether an object is a reinforcement-learning environment or one of its spaces: named so (`env`, `train_envs`,
 * `self.env`, `env.action_space`) or built by `gym.make(…)` / `gymnasium.make(…)`.
 */
function seedsEnvironment(m: PyModule, obj: Expr, scope: Scope): boolean {
  for (let e: Expr = obj; ; e = e.obj) {
    const id = e.k === 'name' ? e.id : e.k === 'attr' ? e.attr : undefined;
    if (id && (/(^|_)envs?(_|$)|^(action|observation)_space$/i.test(id) || /Env$/.test(id))) return true;
    if (e.k !== 'attr') break;
  }
  const v = m.resolve(obj, scope)?.expr;
  return v?.k === 'call' && /^(gym|gymnasium)\.(make|vector\.make)$/.test(canonical(m.qualify(v.fn, scope) ?? ''));
}

/**
 * Whether the file itself switches a seed off: under a condition that is false by default and reads no command-line
 * option of the file's parser (`random_seed = 0`, then `if random_seed:`). A seed behind an option (`if args.seed is not
 * None:`, as PyTorch's ImageNet example and Hugging Face's scripts do) is the user's choice at each run: it counts.
 */
function offByDefault(m: PyModule, s: CallSite): boolean {
  if (!behindFlagOffByDefault(m, s.call)) return false;
  let option = false;
  for (const c of conditionsAround(m, s.call))
    if (c)
      walkExpr(c, (x) => {
        if (optionOffByDefault(m, x) || optionDefault(m, x, s.scope) !== undefined) option = true;
      });
  return !option;
}

/** Whether a seeding call is handed a seed drawn at random on every run (not only when an option leaves it unset). */
function drawnEachRun(m: PyModule, s: CallSite): boolean {
  const st = seedDraw(m, s);
  return !!st && !conditionsAround(m, st).length;
}

/** Whether a seeding call is made in a lambda handed to a DataLoader as its `worker_init_fn` (`lambda x: np.random.seed(x)`). */
function inWorkerLambda(m: PyModule, s: CallSite): boolean {
  // (a lambda around the call is in the top-level statement the call is in)
  const i = m.topIndexAt(s.call.from);
  if (i < 0) return false;
  for (const v of workerLambdas(m, i)) if (v.from <= s.call.from && s.call.to <= v.to) return true;
  return false;
}

/** The lambdas a top-level statement hands to a DataLoader as its `worker_init_fn` (kept with the statement while the file is edited). */
const workerLambdas = perStatement((_st, sites): Expr[] => {
  const out: Expr[] = [];
  for (const c of sites) for (const k of c.call.kwargs) if (k.name === 'worker_init_fn' && k.value.k === 'other' && /lambda/i.test(k.value.node)) out.push(k.value);
  return out;
});

/** The name a module is imported under at the top of a file (`np` for numpy), if any. */
function aliasOf(m: PyModule, q: string): string | undefined {
  return [...m.scope.imports].find(([, v]) => v === q)?.[0];
}

/** Whether calling a function of the project seeds, through the helpers it calls (each looked into once). */
function seedsIn(fn: FunctionInfo, strict: boolean): boolean {
  const memo = strict ? strictSeeders : seeders;
  const mod = fn.scope.module;
  return memo.get(fn, mod, () => {
    memo.set(fn, mod, false); // while it is looked into: a recursive helper does not seed by calling itself
    // (not a seed the file switches off: `if random_seed:` with `random_seed = 0`)
    // (nor one in a lambda handed to a DataLoader as its `worker_init_fn`: it seeds the worker processes)
    return mod.callsIn(fn.scope).some((s) => seeds(mod, s, strict) && !offByDefault(mod, s) && !drawnEachRun(mod, s) && !inWorkerLambda(mod, s));
  });
}

const seeders = new ObjectMemo<FunctionInfo, boolean>();
const strictSeeders = new ObjectMemo<FunctionInfo, boolean>();

/**
 * Whether importing the project files a module imports at its top runs a seeding call: their module-level code (not
 * under `if __name__ == "__main__":`) and, the same way, that of the files they import (`from simclr import SimCLR`
 * where simclr.py starts with `torch.manual_seed(0)`).
 */
function seedsOnImport(m: PyModule, depth = 0, seen = new Set<PyModule>()): boolean {
  if (depth > 3 || seen.has(m)) return false;
  seen.add(m);
  // `import common.seeding` binds `common` but runs common/seeding.py too; `from model import *` runs model.py
  const names = new Set(m.scope.imports.values());
  for (const st of m.stmts) if (st.k === 'import') for (const n of st.names) names.add(n.module);
  for (const base of m.starImports()) names.add(base);
  for (const q of names) {
    const t = importedModule(m, q);
    if (!t || seen.has(t)) continue;
    // (Python's or NumPy's seed alone, `random.seed(0)` at the top of a data module, leaves PyTorch's generator unseeded)
    if (importTimeCalls(t).some((site) => seeds(t, site, true) && !partialSeed(t, site))) return true;
    if (seedsOnImport(t, depth + 1, seen)) return true;
  }
  return false;
}

/**
 * The project file an import runs: the one defining the class or function imported, or the module imported itself
 * (`import setup_run`, `import common.seeding`), or the one a name of it is imported from (`from setup_run import
 * data`, a variable).
 */
function importedModule(m: PyModule, q: string): PyModule | undefined {
  const linker = m.linker;
  if (!linker) return undefined;
  const defining = linker.resolve(m, q)?.module;
  if (defining || !linker.moduleOf) return defining;
  const cut = q.lastIndexOf('.');
  const parent = cut > 0 ? q.slice(0, cut) : '';
  return linker.moduleOf(m, q) ?? (/[^.]/.test(parent) ? linker.moduleOf(m, parent) : undefined);
}

/**
 * Scopes of a module that run training: a training loop, a Lightning `Trainer.fit`, or a run of another framework
 * (`runs`: ignite's `trainer.run(…)`, Poutyne's `model.fit(…)`, fastai's `learn.fit_one_cycle(…)`, …).
 */
const trainingScopes = new ModuleMemo<{ fits: CallSite[]; runs: CallSite[]; scopes: Set<Scope> }>();

function trainingIn(m: PyModule): { fits: CallSite[]; runs: CallSite[]; scopes: Set<Scope> } {
  let t = trainingScopes.get(m);
  if (!t) {
    const fits = callSitesNamed(m, 'fit').filter((s) => {
      if (s.call.fn.k !== 'attr') return false;
      const inst = m.instanceOf(s.call.fn.obj, s.scope);
      return inst?.ref.kind === 'external' && isLightningTrainer(canonical(inst.ref.qname));
    });
    // (and an optimizer's `step(closure)` outside any training loop, L-BFGS training a PINN in one call)
    const inLoops = new Set(trainingLoops(m));
    const closures = callSitesNamed(m, 'step').filter((s) => s.call.fn.k === 'attr' && !s.loops.some((l) => inLoops.has(l)) && closureStep(m, s));
    const runs = [...frameworkRuns(m).map((r) => r.site), ...closures];
    t = { fits, runs, scopes: new Set([...trainingLoops(m).map((l) => l.scope), ...fits.map((f) => f.scope), ...runs.map((r) => r.scope)]) };
    trainingScopes.set(m, t);
  }
  return t;
}

export default defineRule({
  code: 'NR201',
  name: 'unseeded-randomness',
  stage: 2,
  tip: '2.1',
  languages: ['python', 'typescript', 'javascript', 'yaml', 'json'],
  defaultSeverity: 'warning',
  fixSafety: 'unsafe',
  docs: {
    summary: 'A training script that never fixes a random seed.',
    why:
      'Without a fixed seed two runs of the same code give different results, so you cannot tell whether a change ' +
      'helped or the dice rolled differently. The recipe fixes the seed first, while building the skeleton, so every ' +
      'later comparison is a fair one. Training is a training loop, a Lightning `Trainer.fit`, or a run of another ' +
      'framework (ignite\'s `trainer.run(…)`, Poutyne\'s `model.fit(…)`, torchbearer\'s `trial.run(…)`, fastai\'s ' +
      '`learn.fit_one_cycle(…)`, skorch\'s `net.fit(…)`, Catalyst\'s `runner.train(…)`, torchtnt\'s `fit(…)`), reported at the run, ' +
      'or an optimizer\'s `step(closure)` whose closure runs the backward pass (L-BFGS training a PINN in one call, reported at the step); ' +
      'the frameworks\' own seeding helpers count (`ignite.utils.manual_seed`, `torchtnt.utils.seed`). The rule looks at what running the file runs (its module-level code and the ' +
      'functions and classes that code uses, in other project files too; not what comes after a `return`, a `raise` or ' +
      '`exit(0)`/`sys.exit()` in the same block, which never runs; building an object of a class of the project with no ' +
      'library base runs its `__init__`, and its other methods run when that code names them, `client.localUpdate(…)`): a module of training helpers that nothing in ' +
      'it calls is a library, and the script that calls it is where the seed belongs, so that is where a missing seed ' +
      'is reported. A seed fixed by the module-level code of a project file the script imports (`from setup_run import ' +
      'data`, `import common.seeding`, `from model import *`) counts: importing the file runs it; Python\'s or NumPy\'s seed fixed in a method of a class of another file (a dataset\'s `random.seed(1234)` before it shuffles its file list) is the class\'s own and does not, nor does a helper module\'s `def worker_init_fn(worker_id):` that nothing in it names (the DataLoader\'s workers\' seed). A generator seeded for one split (`torch.Generator().manual_seed(0)`) in another file does not seed ' +
      'the run, and neither does a seeding helper the training script defines and nothing in it calls or names (`def ' +
      'set_seed(seed): …` never called): the message says so; nor does a helper it only hands to a `DataLoader` as ' +
      "its `worker_init_fn`, which seeds the loader's worker processes, not the training process. A script that " +
      "seeds Python's, NumPy's or the CUDA generators (`random.seed(1)`, `np.random.seed(1)`, `torch.cuda.manual_seed(1)`) but never PyTorch's CPU generator, and trains a " +
      'PyTorch model, is reported at its last seed, whose fix seeds PyTorch with the same value: the weights, dropout ' +
      'masks and shuffling torch draws still differ on every run. ' +
      'A seed the file itself switches off (`if random_seed:` with `random_seed = 0`) is reported with that condition: ' +
      'by default the run draws its seed; a seed behind a command-line option (`if args.seed is not None:`, as PyTorch\'s ' +
      'ImageNet example and Hugging Face\'s scripts do) is the user\'s choice at each run and counts. ' +
      'An environment\'s own seed (`env.seed(0)`, `env.action_space.seed(0)`) seeds its episodes, not PyTorch, and does not count; ' +
      'nor does a seed drawn at random on every run (`manualSeed = random.randint(1, 10000)`, unless the draw only fills in an ' +
      'option left unset: `if opt.manualSeed is None:`), nor Lightning\'s `seed_everything()` without a seed (it draws one; ' +
      'the fix gives it `0`), nor a lambda handed to a DataLoader as its `worker_init_fn`. ' +
      'libzero\'s `zero.set_randomness(seed)` counts. ' +
      'TensorFlow.js has no global seed: every initializer, random op and `dataset.shuffle` takes its own `seed` ' +
      '(except that `Math.seedrandom(…)`, from the seedrandom library, seeds the initializers and random ops, which draw ' +
      'their seeds from `Math.random`; a dataset\'s shuffle still needs its own). It reports them where they run once per ' +
      'run: at the top level, in a function called once (also the page-ready idiom, called in one branch and handed to ' +
      "`addEventListener('DOMContentLoaded', …)` in the other) or exported (`export function`, `export default build;`, " +
      '`module.exports = { build }`); a function nothing calls or exports is dead code. An initializer seeded with a ' +
      'number drawn on every run (`heNormal({ seed: Math.random() })`, `Date.now()`) is reported too, with a fixed seed as the fix.',
    bad: `import torch\nfrom torch import nn\n\nmodel = nn.Linear(10, 2)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    opt.zero_grad()\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    opt.step()\n`,
    good: `import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nmodel = nn.Linear(10, 2)\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor x, y in loader:\n    opt.zero_grad()\n    loss = nn.functional.cross_entropy(model(x), y)\n    loss.backward()\n    opt.step()\n`,
    fix: 'Inserts seeding calls after the imports: `torch.manual_seed(0)`, and `random.seed(0)` / `np.random.seed(0)` when the script imports those modules; for Lightning, `seed_everything(0, workers=True)`. Unsafe: it changes which random numbers the run draws.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    if (ctx.hasSyntaxErrorIn()) return; // the seed might be in the part the parser could not read
    // Only what running this file runs: a module of training helpers that nothing in it calls is a library, and the
    // script that calls them is where the seed belongs (and is reported, at that call, when it has none).
    // What running this file runs, first within it (following imports reads other files: only when needed).
    const own = entryReach(m, false);
    const loops = trainingLoops(m).filter((l) => own.has(l.scope));
    const fit = trainingIn(m).fits.find((s) => own.has(s.scope));
    const run = trainingIn(m).runs.find((s) => own.has(s.scope));
    const runAt = fit ?? run;
    const trains = loops.length > 0 || !!runAt;
    // (training loops of this file, or training that running it runs in another file: kuc2477's EWC `main.py` seeds
    // NumPy and calls `train(…)` from `train.py`)
    const trainsElsewhere = (): boolean => [...entryReach(m)].some(([scope, via]) => via && trainingIn(scope.module).scopes.has(scope));
    // A file that runs no training, of its own or in another file (a module of models or helpers): nothing to report,
    // whatever it seeds (asked first: most files of a project are such modules, and their seeds cost a look at every call)
    if (!trains && !trainsElsewhere()) return;
    // the seeds the file fixes, but for those in a helper of its own that nothing in it calls, and those of a DataLoader's
    // `worker_init_fn`, which seed its worker processes only
    // (not those the file switches off: `if random_seed:` with `random_seed = 0`; by default the run draws its seed)
    const seededAll = m.callSites.filter((s) => seeds(m, s));
    // (nor those handed a seed drawn at random on every run: `manualSeed = random.randint(1, 10000)  # fix seed`,
    // pointnet.pytorch; unless the draw only fills in an option left unset, `if opt.manualSeed is None:`)
    const drawn = seededAll.filter((s) => drawnEachRun(m, s));
    const optional = seededAll.filter((s) => offByDefault(m, s) || drawn.includes(s));
    const seeded = optional.length ? seededAll.filter((s) => !optional.includes(s)) : seededAll;
    const inWorkers = seeded.length ? seeded.filter((s) => workerInitHelper(m, s) || inWorkerLambda(m, s)) : seeded;
    const mainSeeds = inWorkers.length ? seeded.filter((s) => !inWorkers.includes(s)) : seeded;
    const live = trains && mainSeeds.length ? mainSeeds.filter((s) => !uncalledHelper(m, s)) : mainSeeds;
    if (live.length && (trains || trainsElsewhere())) {
      // `random.seed(1)` and `np.random.seed(1)` alone, in a script whose training loops train PyTorch models: the
      // weights torch draws, its dropout and its shuffling still differ on every run (graphsage-simple, review 92)
      // (by the seeding calls themselves, not the calls of the file's functions that make them: `run()`)
      const leaves = seeded.filter((x) => !m.siteLocalCallee(x));
      const kinds = leaves.map((x) => partialSeed(m, x));
      const partialOnly = leaves.length > 0 && kinds.every((k) => k !== undefined);
      const torch = aliasOf(m, 'torch');
      if (!partialOnly || !torch || !(loops.length || trainsElsewhere()) || seedsOnImport(m)) return;
      if ([...entryReach(m)].some(([scope, via]) => via && scope.module.callsIn(scope).some((x) => seeds(scope.module, x, true) && !partialSeed(scope.module, x)))) return;
      // (the last that always runs: not `np.random.seed(0)` under `if pytest:` in a helper, nerf-pytorch)
      const always = leaves.filter((x) => !conditionsAround(m, x.call).length);
      const last = (always.length ? always : leaves).reduce((a, b) => (a.call.from >= b.call.from ? a : b));
      const arg = last.call.args[0] ?? last.call.kwargs[0]?.value;
      const st = last.stmt;
      const edit = st.k === 'expr' && st.expr === last.call && arg ? insertAfter(ctx.lines, st, `${torch}.manual_seed(${ctx.source(arg)})`) : undefined;
      ctx.report({
        span: last.call,
        message: `This training script seeds ${sentence([...new Set(kinds)] as string[])} generator${new Set(kinds).size > 1 || kinds.includes('the CUDA') ? 's' : ''} but never PyTorch's CPU generator (\`torch.manual_seed\`): the weights torch initialises, its dropout masks on the CPU and a DataLoader's shuffling differ on every run, so two runs cannot be compared (recipe 2.1).`,
        fixes: edit ? [{ title: `Seed PyTorch too: ${torch}.manual_seed(${ctx.source(arg)})`, edits: [edit] }] : [],
      });
      return;
    }
    const reach = entryReach(m);
    let remote: Expr | undefined;
    const remoteScopes: Scope[] = [];
    for (const [scope, via] of reach) {
      if (!via) continue;
      remoteScopes.push(scope);
      if (trainingIn(scope.module).scopes.has(scope) && (!remote || via.from < remote.from)) remote = via;
    }
    if (!trains && (!remote || live.length)) return;
    // (not Python's or NumPy's seed fixed in a method of a class, a dataset's `random.seed(1234)` before it shuffles its
    // file list: MelGAN's `AudioDataset.__init__`; review 117)
    // (nor, when the training is PyTorch's, Python's or NumPy's seed alone in a helper it runs: a sampler process's
    // `np.random.seed(SEED)`, SASRec; review 120)
    const ownSeed = (scope: Scope, s: CallSite): boolean => (!!scope.cls || !!aliasOf(m, 'torch')) && partialSeed(scope.module, s) !== undefined;
    // (nor a worker_init_fn of a helper module, which seeds the DataLoader's worker processes only)
    if (remoteScopes.some((scope) => scope.module.callsIn(scope).some((s) => seeds(scope.module, s, true) && !ownSeed(scope, s) && !workerInitHelper(scope.module, s)))) return;
    if (seedsOnImport(m)) return;
    let span: Span;
    if (loops.length) {
      const first = loops.reduce((a, b) => (a.stmt.from <= b.stmt.from ? a : b));
      // the loop header, `for epoch in range(10)`
      span = { from: first.stmt.from, to: Math.max(first.stmt.from, first.stmt.body.from) };
    } else if (runAt) {
      span = runAt.call;
    } else {
      // the call into the training code of another file: `fit(model, loader, …)`
      const via = remote as Expr;
      span = m.callSites.find((s) => s.call.fn === via)?.call ?? via;
    }
    const lines: string[] = [];
    let newImports = '';
    if (fit && !loops.length) {
      const l = aliasOf(m, 'lightning') ?? aliasOf(m, 'pytorch_lightning') ?? aliasOf(m, 'lightning.pytorch');
      if (l) lines.push(`${l}.seed_everything(0, workers=True)`);
      else {
        const pkg = [...m.scope.imports.values()].some((v) => v.startsWith('pytorch_lightning')) ? 'pytorch_lightning' : 'lightning.pytorch';
        newImports += `from ${pkg} import seed_everything\n`;
        lines.push('seed_everything(0, workers=True)');
      }
    } else {
      const r = aliasOf(m, 'random');
      if (r) lines.push(`${r}.seed(0)`);
      const np = aliasOf(m, 'numpy');
      if (np) lines.push(`${np}.random.seed(0)`);
      let t = aliasOf(m, 'torch');
      if (!t) {
        newImports += 'import torch\n';
        t = 'torch';
      }
      lines.push(`${t}.manual_seed(0)`);
    }
    const at = afterImports(ctx.lines, m.stmts);
    const eol = ctx.lines.eol();
    const needsBreak = at === ctx.text.length && at > 0 && !/[\r\n]$/.test(ctx.text);
    const block = (newImports + '\n' + lines.join('\n') + '\n').replace(/\n/g, eol);
    const envSeed = callSitesNamed(m, 'seed').find((x) => x.call.fn.k === 'attr' && seedsEnvironment(m, x.call.fn.obj, x.scope));
    // Lightning's `seed_everything()` without a seed, in what running the file runs: it draws one on every run, and
    // a seed inserted above it would be drawn over; give it the seed instead
    const lightningDraw = m.callSites.find((x) => own.has(x.scope) && drawsLightningSeed(m, x));
    const open = lightningDraw ? ctx.text.indexOf('(', lightningDraw.call.fn.to) : -1;
    ctx.report({
      span,
      message: mainSeeds.length
        ? `This training script never fixes a random seed: \`${uncalledHelper(m, mainSeeds[0])?.name}()\` would, but nothing in the file calls it. Two runs cannot be compared (recipe 2.1).`
        : inWorkers.length
          ? `This training script never fixes a random seed: ${workerInitHelper(m, inWorkers[0]) ? `\`${workerInitHelper(m, inWorkers[0])?.name}()\`` : `\`${ctx.source(inWorkers[0].call)}\`, in a lambda,`} seeds only the DataLoader's worker processes (\`worker_init_fn\`), not the weights' initialisation or the shuffling order. Two runs cannot be compared (recipe 2.1).`
          : drawn.length && drawn.length === optional.length
            ? `This training script seeds with a number drawn at random on every run (\`${ctx.source(seedDraw(m, drawn[0]) as Stmt)}\`), so two runs cannot be compared. Fix the seed (recipe 2.1).`
            : optional.length
            ? `This training script fixes a seed only when \`${ctx.source(conditionsAround(m, optional[0].call).find((c) => c) ?? optional[0].call)}\` holds, which is off by default: by default every run draws its own seed, so two runs cannot be compared. Make it seed by default (recipe 2.1).`
            : envSeed
            ? `This training script never fixes a random seed: \`${ctx.source(envSeed.call)}\` seeds the environment's episodes only, not the weights' initialisation or the agent's sampling. Two runs cannot be compared (recipe 2.1).`
            : lightningDraw
            ? `This training script never fixes a random seed: \`${ctx.source(lightningDraw.call)}\` without a seed draws one at random on every run (unless \`PL_GLOBAL_SEED\` is set), so two runs cannot be compared (recipe 2.1).`
            : 'This training script never fixes a random seed, so two runs cannot be compared (recipe 2.1).',
      fixes:
        lightningDraw && open > 0 && open < lightningDraw.call.to
          ? [{ title: 'Give seed_everything a fixed seed', edits: [lightningSeedEdit(lightningDraw.call, open)] }]
          : [{ title: 'Fix the random seed after the imports', edits: [{ start: at, end: at, newText: (needsBreak ? eol : '') + block }] }],
    });
  },
});

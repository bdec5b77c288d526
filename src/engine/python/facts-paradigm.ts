// Training outside supervised learning. The recipe's regularisation and baseline advice (weight decay, augmentation,
// Adam at 3e-4, pretrained weights) is written for a network fit to labelled data and judged on a validation set.
// Reinforcement learning, adversarial training (GANs), self-supervised multi-view training and diffusion models
// follow other recipes: the stage-aware rules that would give them supervised advice ask these facts first.
import type { Expr, Stmt } from './ir';
import { type CallSite, type ClassInfo, type PyModule, allStatements, perModule, perStatement, walkExpr, walkStmts } from './semantic';
import { nameTokens, walkStmtExprs } from './facts-eval';
import { stmtExprs } from './facts-autograd';
import { calleeShortName, isComprehension } from './facts-recipe';
import { lastName } from './torch';

export type Paradigm = 'reinforcement' | 'adversarial' | 'multi-view' | 'diffusion' | 'reconstruction';

/** Environments and agents: an import of one of these is reinforcement learning. */
const RL_LIBRARIES = new Set(['gym', 'gymnasium', 'stable_baselines3', 'sb3_contrib', 'pettingzoo', 'envpool', 'dm_control', 'procgen', 'minigrid', 'ale_py', 'torchrl', 'rlkit', 'tianshou', 'd4rl', 'metaworld']);

/** The training paradigms a file shows evidence of (empty: supervised, or nothing to say). */
export const paradigms: (m: PyModule) => ReadonlySet<Paradigm> = perModule(compute);

/** The paradigms with no validation loss of the supervised kind (all but `reconstruction`). */
export const SUPERVISED_ELSEWHERE: readonly Paradigm[] = ['reinforcement', 'adversarial', 'multi-view', 'diffusion'];

/** Whether a file trains in a way the recipe's supervised advice does not fit (by default, the paradigms above). */
export function outsideSupervised(m: PyModule, which: readonly Paradigm[] = SUPERVISED_ELSEWHERE): boolean {
  const p = paradigms(m);
  return which.some((x) => p.has(x));
}

/** Self-supervised learning libraries that build the augmented views themselves. */
const SSL_LIBRARIES = new Set(['byol_pytorch', 'lightly', 'solo', 'vissl', 'mmselfsup', 'simclr', 'moco', 'dino']);

function compute(m: PyModule): Set<Paradigm> {
  const out = new Set<Paradigm>();
  const { flags, rlNames, viewSites } = fileParts(m);
  if (importsFrom(m, RL_LIBRARIES) || flags & ENV_STEP || rlNames.size >= 2) out.add('reinforcement');
  // a discriminator, defined or built (`Discriminator()`, `NLayerDiscriminator(…)`), or the DCGAN pair `netD` / `netG`
  if (m.classes.some((c) => /discriminator/i.test(c.name)) || flags & DISCRIMINATOR || (flags & (NET_D | NET_G)) === (NET_D | NET_G)) out.add('adversarial');
  // a diffusion model's library, or a class named like one, defined or built
  if (importsFrom(m, DIFFUSION_LIBRARIES) || m.classes.some((c) => DIFFUSION_NAME.test(c.name)) || flags & DIFFUSION) out.add('diffusion');
  if (hasMultiViewTransform(m, viewSites) || importsFrom(m, SSL_LIBRARIES)) out.add('multi-view');
  if (m.classes.some((c) => AUTOENCODER_NAME.test(c.name)) || flags & AUTOENCODER || (flags & (MU | LOG_VAR)) === (MU | LOG_VAR)) out.add('reconstruction');
  return out;
}

/**
 * An autoencoder or a VAE trained to reconstruct its input (not `'reconstruction'` in `outsideSupervised`'s default
 * list: a validation loss to stop on is there): a class named like one (`VAE`, `ConvAutoencoder`, `BetaVAE`), defined
 * or built, or a VAE's latent statistics unpacked from the model (`recon, mu, log_var = vae(x)`).
 */
const AUTOENCODER_NAME = /VAE|[Aa]uto[Ee]ncoder/;

// What each top-level statement shows, read from its own code (`perStatement`: kept with the statement while a file
// is edited). The bits:
/** A call of a class named like an autoencoder or a VAE (`ConvAutoencoder(…)`). */
const AUTOENCODER = 1;
/** A call of a discriminator (`NLayerDiscriminator(…)`). */
const DISCRIMINATOR = 2;
/** A call of a diffusion model (`GaussianDiffusion(…)`). */
const DIFFUSION = 4;
/** An environment stepped (`stepsEnvironment`). */
const ENV_STEP = 8;
/** Module-level code assigning `mu` / `log_var` (a VAE's latent statistics), `netD` / `netG` (the DCGAN pair). */
const MU = 16;
const LOG_VAR = 32;
const NET_D = 64;
const NET_G = 128;

interface StatementPart {
  flags: number;
  /** Names of `RL_NAME` the statement uses (`speaksRl`). */
  rlNames: string[];
  /** Calls named for making views or for a self-supervised method (`hasMultiViewTransform`). */
  viewSites: CallSite[];
}

const statementPart = perStatement((st: Stmt, sites: readonly CallSite[]): StatementPart => {
  let flags = 0;
  const viewSites: CallSite[] = [];
  for (const s of sites) {
    const name = calleeShortName(s.call) ?? '';
    if (AUTOENCODER_NAME.test(name)) flags |= AUTOENCODER;
    if (/discriminator/i.test(name)) flags |= DISCRIMINATOR;
    if (DIFFUSION_NAME.test(name) || DIFFUSION_FACTORY.test(name)) flags |= DIFFUSION;
    if (VIEWS_NAME.test(name) || SSL_NAME.test(name)) viewSites.push(s);
    if (stepsEnvironment(s)) flags |= ENV_STEP;
  }
  walkStmts([st], (x) => {
    if (x.k !== 'assign') return;
    for (const t of x.targets) {
      const id = lastName(t);
      if (id === 'netD') flags |= NET_D;
      else if (id === 'netG') flags |= NET_G;
      walkExpr(t, (y) => {
        if (y.k !== 'name') return;
        if (y.id === 'mu') flags |= MU;
        else if (/^log_?var$/.test(y.id)) flags |= LOG_VAR;
      });
    }
  });
  return { flags, rlNames: rlNamesIn(st), viewSites };
});

/** The statements' parts, put together for the file. */
function fileParts(m: PyModule): { flags: number; rlNames: Set<string>; viewSites: CallSite[] } {
  let flags = 0;
  const rlNames = new Set<string>();
  const viewSites: CallSite[] = [];
  for (let i = 0; i < m.stmts.length; i++) {
    const part = statementPart(m, i);
    flags |= part.flags;
    for (const n of part.rlNames) rlNames.add(n);
    for (const s of part.viewSites) viewSites.push(s);
  }
  return { flags, rlNames, viewSites };
}

/** `import gymnasium as gym`, `from stable_baselines3 import PPO`, `from byol_pytorch import BYOL`, anywhere in the file (not relative imports). */
export function importsFrom(m: PyModule, libraries: ReadonlySet<string>): boolean {
  for (const r of importRoots(m)) if (libraries.has(r)) return true;
  return false;
}

/** The top-level packages a file imports, at module level or in its functions (not relative imports). */
const importRoots = perModule((m: PyModule): Set<string> => {
  const out = new Set<string>();
  for (const s of [m.scope, ...m.functions.map((f) => f.scope)]) for (const q of s.imports.values()) out.add(q.startsWith('.') ? '' : q.split('.')[0]);
  return out;
});

/**
 * An environment stepped, as a gym-style loop does with an environment passed in (no library imported):
 * `next_state, reward, done, info = env.step(action)`, the result of a `step(…)` method unpacked into three names or
 * more. An optimizer's or a scheduler's `step()` returns nothing to unpack.
 */
function stepsEnvironment({ call, stmt }: CallSite): boolean {
  if (stmt.k !== 'assign' || stmt.value !== call || call.fn.k !== 'attr' || call.fn.attr !== 'step') return false;
  return stmt.targets.some((t) => t.k === 'seq' && t.items.length >= 3 && t.items.every((i) => i.k === 'name'));
}

/**
 * Names only reinforcement-learning code uses: rollout buffers, advantages, an actor-critic's log-probabilities and
 * value predictions, PPO's clip parameter and losses, TD targets, Q-values (also TD3's and DDPG's `target_Q`,
 * `current_Q1`), target networks (`critic_target`) and `not_done` masks.
 */
const RL_NAME = /^(rollouts?|rollout_buffer|replay_(buffer|memory)|advantages|(old_)?action_log_probs\w*|old_log_probs\w*|actor_critic|value_preds\w*|dist_entropy|clip_param|policy_loss|value_loss|action_loss|td_(target|error)s?|(next_|target_)?q_values|gae_lambda|epsilon_greedy|target_Q\d?|current_Q\d?|(actor|critic)_target|not_done)$/;

/**
 * The update step of an RL agent in a file that neither imports an environment library nor steps an environment (a
 * PPO class's `update(self, rollouts)`, given the rollouts by the script that steps): two names of `RL_NAME` or more
 * in the file, as variables, attributes or parameters. These are a statement's.
 */
function rlNamesIn(st: Stmt): string[] {
  const seen = new Set<string>();
  const look = (id: string): void => {
    if (RL_NAME.test(id)) seen.add(id);
  };
  allStatements([st], (x) => {
    if (x.k === 'def') for (const p of x.params) look(p.name);
    for (const e of stmtExprs(x))
      walkExpr(e, (y) => {
        if (y.k === 'name') look(y.id);
        else if (y.k === 'attr') look(y.attr);
      });
  });
  return [...seen];
}

/** Diffusion model libraries: their schedulers and pipelines. */
const DIFFUSION_LIBRARIES = new Set(['diffusers', 'denoising_diffusion_pytorch', 'k_diffusion', 'imagen_pytorch']);
/** Classes named for a diffusion model: `DDPM`, `GaussianDiffusion`, `DiffusionModel`, `DDIMSampler`. */
const DIFFUSION_NAME = /DDPM|DDIM|Diffusion/;
/** Functions that build one: `get_diffusion_from_args(args)`, guided-diffusion's `create_model_and_diffusion(…)`. */
const DIFFUSION_FACTORY = /(^|_)diffusion(_|$)/;

/**
 * A multi-view (self-supervised) transform: a class whose `__call__` hands its input to two or more transforms, or to
 * one in a loop or comprehension, and returns the views (DINO's `DataAugmentationDINO`, MoCo's `TwoCropsTransform`,
 * SimCLR's view generator). Defined in the file, or a project class the file instantiates.
 */
function hasMultiViewTransform(m: PyModule, viewSites: readonly CallSite[]): boolean {
  if (m.classes.some((c) => isMultiView(c) || SSL_NAME.test(c.name))) return true;
  // a module-level function named for a self-supervised method (BYOL's `get_simclr_data_transforms` in data/transforms.py)
  if (m.functions.some((f) => !f.cls && SSL_NAME.test(f.name))) return true;
  // a class the analysis cannot see into, named for making views or for a self-supervised method (`viewSites`)
  for (const s of viewSites) {
    const ref = m.siteClass(s);
    if (ref?.kind !== 'local' || ref.cls.module === m) return true;
  }
  for (const s of m.callSites) {
    const ref = m.siteClass(s);
    if (ref?.kind === 'local' && ref.cls.module !== m && isMultiView(ref.cls)) return true;
  }
  return false;
}

/** `TwoCropTransform`, `TwoCropsTransform`, `MultiCropTransform`, `ContrastiveLearningViewGenerator`, `DataAugmentationDINO`. */
const VIEWS_NAME = /^(Two|Multi|N)_?Crops?_?Transform|ViewGenerator$|^DataAugmentation(DINO|iBOT)$/i;
/** Classes named for a self-supervised method: `ResNetSimCLR`, `BYOL`, `MoCo`, `SimSiam`, `BarlowTwins`, `VICReg`, `SwAV`. */
const SSL_NAME = /simclr|byol|moco(v\d)?$|simsiam|barlow_?twins|vicreg|swav/i;

const multiViewMemo = new WeakMap<ClassInfo, boolean>();

function isMultiView(cls: ClassInfo): boolean {
  let v = multiViewMemo.get(cls);
  if (v === undefined) multiViewMemo.set(cls, (v = isMultiViewUncached(cls)));
  return v;
}

function isMultiViewUncached(cls: ClassInfo): boolean {
  return callMakesViews(cls) || itemMakesViews(cls);
}

/** A transform whose `__call__` applies several transforms (or one several times) to its input. */
function callMakesViews(cls: ClassInfo): boolean {
  const call = cls.methods.get('__call__');
  const param = call?.stmt.params[1];
  if (!call || !param || param.kind !== 'normal') return false;
  const input = param.name;
  const body = call.stmt.body.stmts;
  // `x = self.resize(x); x = self.crop(x)` is one pipeline applied in steps, not views of the same input: a call
  // whose result goes back into the input is a step (BYOL's optional consistent flip before its views is one too)
  const steps = new Set<Expr>();
  walkStmts(body, (st) => {
    if (st.k === 'assign' && st.value && st.targets.some((t) => t.k === 'name' && t.id === input)) steps.add(st.value);
  });
  const takesInput = (e: Expr): boolean => e.k === 'call' && !steps.has(e) && e.args.length >= 1 && e.args[0].k === 'name' && e.args[0].id === input;
  return countViews(body, takesInput) >= 2 && returnsViews(body);
}

/**
 * A dataset whose `__getitem__` applies the same transform of its own (`self.transform`) to the same image several
 * times and returns the results (SimCLR's `CIFAR10Pair`: `pos_1 = self.transform(img)`, `pos_2 = self.transform(img)`,
 * `return pos_1, pos_2, target`), or a weak and a strong transform of its own to the same image (FixMatch). Two other
 * different transforms of one image (an image and its mask, a tensor kept for display) are not views.
 */
function itemMakesViews(cls: ClassInfo): boolean {
  const item = cls.methods.get('__getitem__');
  if (!item) return false;
  const body = item.stmt.body.stmts;
  const counts = new Map<string, number>();
  const applied = (e: Expr): string | undefined => {
    if (e.k !== 'call' || e.args.length < 1 || e.args[0].k !== 'name' || e.fn.k !== 'attr' || e.fn.obj.k !== 'name' || e.fn.obj.id !== 'self') return undefined;
    return `${e.fn.attr} ${e.args[0].id}`;
  };
  for (const key of new Set(collectCalls(body, applied))) {
    const input = key.split(' ')[1];
    const same = (e: Expr): boolean => applied(e) === key;
    // `img = self.transform(img)` twice is one pipeline applied in steps (`img = Image.fromarray(img)` before the views
    // only prepares the input)
    if (assignsTo(body, input, same)) continue;
    counts.set(key, countViews(body, same));
  }
  if ([...counts.values()].some((n) => n >= 2) && returnsViews(body)) return true;
  // FixMatch's pair: a weak and a strong transform of its own applied to the same image (`return self.weak(img),
  // self.strong(img)`), where a mask or a tensor kept for display is not named so
  const sides = new Map<string, Set<string>>();
  for (const key of counts.keys()) {
    const [attr, input] = key.split(' ');
    const words = nameTokens(attr);
    const side = words.includes('weak') ? 'weak' : words.includes('strong') ? 'strong' : undefined;
    if (side) sides.set(input, (sides.get(input) ?? new Set()).add(side));
  }
  return [...sides.values()].some((s) => s.size === 2) && returnsViews(body);
}

/** The keys `key` gives the calls of the statements (those it gives one for). */
function collectCalls(stmts: Stmt[], key: (e: Expr) => string | undefined): string[] {
  const out: string[] = [];
  walkStmtExprs(stmts, (e) => {
    const k = key(e);
    if (k !== undefined) out.push(k);
  });
  return out;
}

/** Whether the statements assign to a name (with `value`: from a value it picks, `x = self.t(x)`). */
function assignsTo(stmts: Stmt[], name: string, value?: (e: Expr) => boolean): boolean {
  let reassigned = false;
  walkStmts(stmts, (st) => {
    if (st.k !== 'assign' && st.k !== 'augassign' && st.k !== 'for') return;
    if (value && (st.k !== 'assign' || !st.value || !value(st.value))) return;
    for (const t of st.k === 'assign' ? st.targets : [st.target]) walkExpr(t, (x) => (reassigned ||= x.k === 'name' && x.id === name));
  });
  return reassigned;
}

/** How many views the calls `takes` picks make: one each, several in a comprehension or a loop. */
function countViews(stmts: Stmt[], takes: (e: Expr) => boolean): number {
  let views = 0;
  walkStmtExprs(stmts, (e) => {
    if (takes(e)) views++;
    // a call in a comprehension makes several views
    if (e.k === 'other' && isComprehension(e.node))
      walkExpr(e, (x) => {
        if (x !== e && takes(x)) views++;
      });
  });
  // and so does one in a loop
  walkStmts(stmts, (st) => {
    if (st.k === 'for' || st.k === 'while') walkStmtExprs(st.body.stmts, (e) => (views += takes(e) ? 2 : 0));
  });
  return views;
}

/** Whether the statements return what they made (a list, a tuple, or a variable holding them), not one tensor. */
function returnsViews(stmts: Stmt[]): boolean {
  let out = false;
  walkStmts(stmts, (st) => {
    if (st.k !== 'return' || !st.value) return;
    const r = st.value;
    if (r.k === 'seq' || r.k === 'name' || (r.k === 'other' && isComprehension(r.node))) out = true;
  });
  return out;
}

import { outsideSupervised } from '../../python/facts-paradigm';
import { type OptimizerBuild, type WeightDecay, calleeShortName, hasValidation, isTrainingCode, optionDefault, lightningModules, mentionsWeightDecay, optimizerBuilds, neverSteps, optimizesLoss, optimizesTensors, replacedBeforeUse, sparseGradients, trainsThroughProjectMethod, validates, weightDecayOf, lastSegment } from '../../python/facts-recipe';
import { nameTokens } from '../../python/facts-eval';
import type { Expr } from '../../python/ir';
import type { PyModule } from '../../python/semantic';
import { stageLabel } from '../../stages/recipe';
import { defineRule } from '../rule';

/** Libraries of Bayesian layers, whose weights have a prior (Bayes by Backprop and the like). */
const BAYESIAN_LIBRARIES = ['torchbnn', 'blitz', 'bayesian_torch', 'pyro', 'tyxe'];

/**
 * Whether the file trains weights with a prior: a loss named for the evidence lower bound (`metrics.ELBO(len(trainset))`,
 * `elbo_loss(…)`, PyTorch-BayesianCNN) or a library of Bayesian layers imported. The ELBO's KL term to the prior is
 * the weight penalty, and decay on a posterior's scale parameters would pull them away from the prior.
 */
function bayesianWeights(m: PyModule): boolean {
  if ([...m.scope.imports.values()].some((q) => BAYESIAN_LIBRARIES.includes(q.split('.')[0]))) return true;
  return m.callSites.some((s) => {
    const name = calleeShortName(s.call);
    return !!name && nameTokens(name).includes('elbo');
  });
}

/**
 * The decay an optimizer is built with, a command-line option's default standing for it when the call reads one
 * (`weight_decay=args.l2` with `add_argument('--l2', default=0.0)`, Conv-TasNet): what a run gets unless told otherwise.
 */
function decayOf(m: PyModule, o: OptimizerBuild): WeightDecay {
  const wd = weightDecayOf(m, o);
  if (wd.kind !== 'explicit' || wd.value !== undefined) return wd;
  const d = optionDefault(m, wd.span as Expr, wd.scope ?? o.site.scope);
  return d ? { ...wd, value: d.value, option: d.text } : wd;
}

/** A decay below this regularises nothing (`1e-8`, `1e-16`): there to be there, as NR403 says too. */
const NEGLIGIBLE = 1e-6;

export default defineRule({
  code: 'NR404',
  name: 'no-weight-decay',
  stage: 4,
  tip: '4.10',
  languages: ['python', 'yaml', 'json'],
  defaultSeverity: 'info',
  fixSafety: 'none',
  activeInStages: [4, 5, 6],
  docs: {
    summary: 'From stage 4 (regularize) on, the training script builds its optimizer without weight decay.',
    why:
      'Weight decay is one of the recipe\'s standard regularisers: a small penalty on the weights trades a little ' +
      'training loss for validation loss. Once the model overfits (stage 3 done), turn it on and increase it. AdamW ' +
      'decays by default and is left alone. A decay read from a command-line option (`weight_decay=args.l2`) is judged by ' +
      'the option\'s default, the value a run gets unless told otherwise (`add_argument("--l2", default=0.0)` is no decay), also when another module of the project parses the options (`from options import args`). Left alone are optimizers whose settings come from a config the analysis cannot ' +
      'read (`**cfg`), parameter groups built elsewhere, files that set `weight_decay` some other way (on the groups, ' +
      'through a builder, decay applied by hand after each step, an L2 penalty added to the loss, by name or by its ' +
      'shape, `torch.norm(w) ** 2` or the N3 penalty `emb.norm(p=3) ** 3` of knowledge-graph embeddings, also in the model\'s class in another file), optimizers over an input or a ' +
      'perturbation rather than a model\'s parameters, models with sparse gradients, files ' +
      'with syntax errors, files where another optimizer decays its weights (the rest are for something else: a ' +
      'test-time adaptation\'s few steps, a temperature), and files whose training is never judged on validation data (no evaluation, no validation ' +
      'loader or `validation_step`, or only evaluation helpers that nothing in the script calls, or only a pass over held-out data that renders pictures and computes no score, as a NeRF\'s `test()` writing novel views: a GAN, an RL agent or a ' +
      'style transfer has no validation loss to regularize against), ' +
      'including GANs, RL agents and diffusion models that evaluate something (a discriminator in the file, an ' +
      'environment library imported, an environment stepped, or an agent\'s update written with rollouts, advantages or ' +
      'Q-values; a diffusion model class or library), and Bayesian neural networks (a loss named for the ELBO, or a library of ' +
      'Bayesian layers such as torchbnn or blitz imported), whose KL term to the prior already penalises the weights. A script that trains through a class of the project (`Trainer(model, ' +
      'train_dl, valid_dl, optimizer, …).fit(10)`, the class in another file running the training loop) is judged like one ' +
      'with the loop in it. An optimizer of a loss\'s own parameters (center loss\'s class centers, `RMSprop(criterion_cent.parameters(), …)`; ' +
      'Proxy-NCA\'s proxies) is not told to decay them: decay would pull them to the origin, against the loss. A decay under 1e-6 (`1e-8`, an option\'s `default=1e-16`) regularises nothing and is reported as none.',
    bad: `import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\nfor epoch in range(50):\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    print(evaluate(model, val_loader))\n`,
    good: `import torch\n\noptimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)\nfor epoch in range(50):\n    for x, y in loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    print(evaluate(model, val_loader))\n`,
    exampleStage: 4,
  },
  checkPython(ctx) {
    const m = ctx.module;
    // absence: only where it can be sure, in a file that trains and that the parser read completely
    // and only where training is judged on validation data: a GAN's, an RL agent's or a style transfer's optimizers
    // have no validation to regularize against
    if (ctx.hasSyntaxErrorIn() || !(isTrainingCode(m) || trainsThroughProjectMethod(m)) || mentionsWeightDecay(m) || !validates(m) || outsideSupervised(m, ['reinforcement', 'adversarial', 'diffusion']) || bayesianWeights(m)) return;
    const stage = stageLabel(ctx.stage ?? 4);
    // one optimizer of the file decays its weights: the others are for something else (a test-time adaptation's
    // few steps, a temperature, a head trained apart), and the file knows about weight decay
    // (not one replaced before anything uses it: `self.optimizer = AdamW(…)` in `__init__`, then `Adam(…)` where it trains)
    if (optimizerBuilds(m).some((o) => {
      if (replacedBeforeUse(m, o)) return false;
      const wd = decayOf(m, o);
      return wd.kind !== 'unknown' && wd.value !== 0 && !(wd.value !== undefined && wd.value < NEGLIGIBLE);
    })) return;
    for (const o of optimizerBuilds(m)) {
      // sparse gradients (an embedding built with sparse=True): weight decay and AdamW fail on them
      if (sparseGradients(m, o) || optimizesTensors(o) || neverSteps(o) || replacedBeforeUse(m, o)) continue;
      // the parameters of a loss (center loss's class centers, Proxy-NCA's proxies, an ArcFace loss's weights): decay
      // would pull them to the origin, against the loss
      if (optimizesLoss(m, o)) continue;
      // a LightningModule's optimizer, when that module never validates (a notebook with several models)
      const cls = o.site.scope.cls;
      if (cls && lightningModules(m).includes(cls) && !hasValidation(m, cls)) continue;
      const wd = decayOf(m, o);
      const short = lastSegment(o.qname);
      if (wd.kind === 'default' && wd.value === 0) {
        ctx.report({
          span: o.site.call.fn,
          // (Adam's own weight_decay is an L2 penalty its scaling weakens, NR403: the decay goes to AdamW)
          message:
            short === 'Adam'
              ? `In ${stage}, add weight decay: this Adam optimizer has none. Switch to AdamW with a \`weight_decay\` (Adam's own is an L2 penalty its scaling weakens) and increase it while validation improves (recipe 4.10).`
              : `In ${stage}, add weight decay: this ${short} optimizer has none${short === 'AdamW' ? " (Hugging Face's AdamW defaults to 0)" : ''}. Set \`weight_decay\`${short === 'AdamW' ? '' : ' (or use AdamW)'} and increase it while validation improves (recipe 4.10).`,
        });
      } else if (wd.kind === 'explicit' && wd.value === 0) {
        ctx.report({
          span: wd.span,
          message: wd.option
            ? `In ${stage}, add weight decay: \`${ctx.source(wd.span)}\` is ${wd.option} by default, so a run has none. Increase it while validation improves (recipe 4.10).`
            : `In ${stage}, add weight decay: it is set to 0 here. Increase it while validation improves (recipe 4.10).`,
        });
      } else if (wd.kind === 'explicit' && wd.value !== undefined && wd.value > 0 && wd.value < NEGLIGIBLE) {
        // (1e-16, a placeholder that regularises nothing; review 148)
        ctx.report({
          span: wd.span,
          message: wd.option
            ? `In ${stage}, add weight decay: \`${ctx.source(wd.span)}\` is ${wd.option} by default, which regularises nothing. Increase it while validation improves (recipe 4.10).`
            : `In ${stage}, add weight decay: ${ctx.source(wd.span)} regularises nothing. Increase it while validation improves (recipe 4.10).`,
        });
      }
    }
  },
});

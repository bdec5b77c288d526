// NR201 in configs: Lightning CLI's `seed_everything: false`. The CLI seeds by default (`seed_everything: true`,
// since Lightning 2.2 a fixed seed 0 unless PL_GLOBAL_SEED is set), so a config without the key, or with `true` or
// an integer, is seeded; `false` turns seeding off. Hugging Face TrainingArguments always seed (`seed` defaults
// to 42 and the Trainer applies it), so their configs are never reported. A script near the config that seeds
// itself before starting the CLI makes `false` deliberate: then the config is left alone.
import { seedCalls } from '../../python/facts-recipe';
import type { PyModule } from '../../python/semantic';
import type { ConfigCheck } from '../context';
import { replaceScalar } from '../edits';
import { boolOf, pairOf } from '../tree';

const LIGHTNING_CLI = /(^|\.)LightningCLI$/;

function seedsAroundCli(m: PyModule): boolean {
  const usesCli = m.callSites.some((s) => LIGHTNING_CLI.test(m.siteCallee(s) ?? '')) || m.classes.some((c) => m.derivesFrom(c, (q) => LIGHTNING_CLI.test(q)));
  return usesCli && seedCalls(m).length > 0;
}

export const checkNR201: ConfigCheck = (ctx) => {
  if (!ctx.kinds.has('lightning')) return;
  for (const root of ctx.doc.roots) {
    const p = pairOf(root, 'seed_everything');
    if (!p?.value || p.value.k !== 'scalar' || boolOf(p.value) !== false) continue;
    if (ctx.scripts().some(seedsAroundCli)) continue;
    ctx.report({
      span: p.value,
      message: '`seed_everything: false` turns off the seed Lightning CLI sets by default, so two runs of this config draw different random numbers and cannot be compared (recipe 2.1). Set a fixed seed.',
      fixes: [{ title: 'Fix the seed: seed_everything: 0', edits: [replaceScalar(p.value, '0')] }],
    });
  }
};

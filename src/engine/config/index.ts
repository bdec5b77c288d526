// Training-config analysis (YAML/JSON): parse once, recognise the kind of training config (Hydra, Lightning CLI,
// Hugging Face arguments, W&B sweep, a plain config the project loads), run the config checks of the enabled
// rules. Other YAML/JSON files are not applicable and get no findings; a malformed training config gets its
// first syntax error and no findings.
import type { LanguageRunner } from '../language-runner';
import type { PyModule } from '../python/semantic';
import { CONFIG_CHECKS } from './checks';
import type { ConfigCheckContext } from './context';
import { excludedByName, inConfigFolder, recognise } from './kinds';
import { type YamlLoad, loadsOf, pyyamlLoads } from './loaders';
import { scriptsNear } from './python';
import { isComment, parseConfig } from './tree';

export const NOT_A_TRAINING_CONFIG = 'not a training config (Hydra/OmegaConf, Lightning CLI, Hugging Face TrainingArguments, W&B sweep, or a config the project loads)';

export const runConfig: LanguageRunner = (run) => {
  const path = run.path.replace(/\\/g, '/');
  const excluded = excludedByName(path);
  if (excluded) return { syntaxErrors: [], isComment: () => false, notApplicable: excluded };
  const doc = parseConfig(run.text, run.language === 'json' ? 'json' : 'yaml');
  const comment = (offset: number): boolean => isComment(doc, offset);
  const { kinds, other } = recognise(doc, path);
  if (other) return { syntaxErrors: [], isComment: comment, notApplicable: `the file is ${other}, not a training config` };
  if (doc.errors.length) {
    // Only a file that is a training config by what could be read, or by where it is, gets the error.
    if (!kinds.size && !inConfigFolder(path)) return { syntaxErrors: [], isComment: comment, notApplicable: NOT_A_TRAINING_CONFIG };
    return { syntaxErrors: [doc.errors[0]], isComment: comment };
  }
  let scripts: PyModule[] | undefined;
  let loads: YamlLoad[] | undefined;
  const ctx: Omit<ConfigCheckContext, 'report'> = {
    path,
    text: run.text,
    lines: run.lines,
    stage: run.stage,
    host: run.host,
    doc,
    kinds,
    scripts: () => (scripts ??= scriptsNear(run.host, path)),
    yamlLoads: () => (loads ??= doc.language === 'yaml' ? loadsOf(path, pyyamlLoads(ctx.scripts())) : []),
  };
  // A plain YAML file is a training config when a script of the project loads it with PyYAML.
  if (!kinds.size && run.isEnabled('NR216') && ctx.yamlLoads().length) kinds.add('training');
  if (!kinds.size) return { syntaxErrors: [], isComment: comment, notApplicable: NOT_A_TRAINING_CONFIG };
  for (const [code, check] of Object.entries(CONFIG_CHECKS)) {
    if (!run.isEnabled(code)) continue;
    try {
      check({ ...ctx, report: (r) => run.report(code, r) });
    } catch (err) {
      run.internalError(code, err);
    }
  }
  return { syntaxErrors: [], isComment: comment };
};

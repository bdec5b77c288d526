// Which training config a YAML/JSON file is, by its content and location: Hydra/OmegaConf, Lightning CLI,
// Hugging Face TrainingArguments, W&B sweeps, or a plain training config in a config folder. Files that are
// known not to be training configs (package.json, CI workflows, compose files, manifests, …) are recognised
// first, by name or by their own unmistakable keys, and are never checked.
import { type CMap, type CNode, type ConfigDoc, maps, pairOf, stringOf, valueOf } from './tree';

export type ConfigKind = 'hydra' | 'lightning' | 'hf' | 'sweep' | 'training';

/** Files that are never training configs, by name (lower case). */
const NOT_CONFIG_NAME =
  /^(package(-lock)?\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|composer\.json|[tj]sconfig(\..*)?\.json|\.eslintrc(\..*)?|\.prettierrc(\..*)?|\.babelrc(\.json)?|lerna\.json|tslint\.json|\.markdownlint.*|renovate\.json5?|\.?codecov\.ya?ml|\.travis\.yml|appveyor\.ya?ml|\.gitlab-ci\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|(docker-)?compose(\..*)?\.ya?ml|mkdocs\.ya?ml|\.pre-commit-(config|hooks)\.ya?ml|environment(-[\w.-]+)?\.ya?ml|\.?readthedocs\.ya?ml|dependabot\.ya?ml|chart\.ya?ml|pubspec\.ya?ml|_config\.ya?ml|\.nn-recipe\.ya?ml|\.yamllint(\.ya?ml)?|cspell\.json|vercel\.json|devcontainer\.json|(launch|tasks|settings|extensions)\.json)$/;

/** Folders of tool settings, dependencies, and configs that runs wrote (Hydra's `.hydra/`, Lightning's `hparams.yaml`). */
const TOOL_FOLDERS = new Set(['.github', '.gitlab', '.vscode', '.devcontainer', '.circleci', '.buildkite', '.idea', '.git', '.husky', '.venv', '.tox', '.nox', 'node_modules', 'site-packages', '.hydra', 'lightning_logs', 'mlruns']);

function inToolFolder(parts: string[]): boolean {
  return parts.slice(0, -1).some((p) => TOOL_FOLDERS.has(p));
}

/** Why a file is not a training config, judged by its name and folder alone; undefined when it may be one. */
export function excludedByName(path: string): string | undefined {
  const parts = path.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1].toLowerCase();
  if (NOT_CONFIG_NAME.test(base)) return `${base} is not a training config`;
  if (inToolFolder(parts)) return 'files in tool folders (.github, .vscode, …) are not training configs';
  return undefined;
}

/** Documents that are something else by their own keys: Kubernetes manifests, compose files, conda environments, CI workflows. */
function otherFormat(root: CMap): string | undefined {
  const has = (k: string): boolean => pairOf(root, k) !== undefined;
  if (has('apiVersion') && has('kind')) return 'a Kubernetes manifest';
  if (has('services') && (has('version') || has('volumes') || has('networks') || root.pairs.length <= 4)) return 'a compose file';
  if (has('dependencies') && (has('channels') || has('name'))) return 'a conda environment';
  if (has('jobs') && (has('on') || has('name'))) return 'a CI workflow';
  if (has('repos') && root.pairs.length <= 3) return 'a pre-commit configuration';
  return undefined;
}

const LIGHTNING_SIBLINGS = ['model', 'data', 'optimizer', 'lr_scheduler', 'seed_everything', 'ckpt_path'];

/** Keys only Hugging Face TrainingArguments (and the example scripts' data arguments) use. */
const HF_KEYS = new Set([
  'per_device_train_batch_size', 'per_device_eval_batch_size', 'num_train_epochs', 'evaluation_strategy', 'eval_strategy',
  'save_strategy', 'logging_strategy', 'load_best_model_at_end', 'metric_for_best_model', 'lr_scheduler_type',
  'gradient_accumulation_steps', 'do_train', 'do_eval', 'overwrite_output_dir', 'max_eval_samples', 'max_train_samples',
  'save_total_limit', 'warmup_ratio', 'greater_is_better',
]);

const TRAINING_KEYS = new Set([
  'lr', 'learning_rate', 'batch_size', 'epochs', 'num_epochs', 'max_epochs', 'optimizer', 'weight_decay', 'momentum',
  'dropout', 'seed', 'scheduler', 'lr_scheduler', 'warmup_steps', 'num_workers', 'train', 'training', 'model', 'loss',
]);

/** Config folders of Hydra and of most projects. */
const CONFIG_FOLDERS = new Set(['conf', 'config', 'configs', 'cfg', 'cfgs', 'hparams']);

export interface Recognition {
  kinds: Set<ConfigKind>;
  /** Set when the file is of another format (a Kubernetes manifest, …). */
  other?: string;
}

export function recognise(doc: ConfigDoc, path: string): Recognition {
  const kinds = new Set<ConfigKind>();
  for (const root of doc.roots) {
    if (root.k !== 'map') continue;
    const other = otherFormat(root);
    if (other) return { kinds: new Set(), other };
    const keys = new Set(root.pairs.map((p) => p.key));
    const method = stringOf(valueOf(root, 'method'));
    if (method && /^(grid|random|bayes)$/.test(method) && valueOf(root, 'parameters')?.k === 'map') kinds.add('sweep');
    const trainer = valueOf(root, 'trainer')?.k === 'map';
    if ((trainer && LIGHTNING_SIBLINGS.some((k) => keys.has(k))) || (keys.has('seed_everything') && (trainer || keys.has('model') || keys.has('data')))) kinds.add('lightning');
    if (valueOf(root, 'defaults')?.k === 'seq' || valueOf(root, 'hydra')?.k === 'map' || maps(root).some((m) => pairOf(m, '_target_'))) kinds.add('hydra');
    if ([...keys].filter((k) => HF_KEYS.has(k)).length >= 2) kinds.add('hf');
    if (!kinds.size && trainingKeys(root) >= 2) kinds.add('training');
  }
  if (!kinds.size && /^\s*#\s*@package\b/m.test(doc.text.slice(0, 200))) kinds.add('hydra');
  if (!kinds.size && doc.roots.some((r) => r.k === 'map') && inConfigFolder(path)) kinds.add('training');
  return { kinds };
}

/**
 * Whether a config is a debugging override a run opts into (lightning-hydra-template's `configs/debug/limit.yaml`,
 * `python train.py debug=limit`; a `debug.yaml`): its one epoch and its few validation batches are a smoke test's, not
 * the run's budget.
 */
export function debugOverride(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1].toLowerCase();
  return /^debug(ging)?([_.-][\w.-]*)?\.(ya?ml|json)$/.test(base) || /^debug(ging)?$/i.test(parts[parts.length - 2] ?? '');
}

/** Whether one of the three folders around the file is a config folder (`conf/`, `configs/experiment/`). */
export function inConfigFolder(path: string): boolean {
  return path.replace(/\\/g, '/').split('/').slice(-4, -1).some((p) => CONFIG_FOLDERS.has(p.toLowerCase()));
}

/** Training-looking keys at the top two levels. */
function trainingKeys(root: CMap): number {
  let n = 0;
  for (const p of root.pairs) {
    if (TRAINING_KEYS.has(p.key)) n++;
    const v: CNode | undefined = p.value;
    if (v?.k === 'map') n += v.pairs.filter((q) => TRAINING_KEYS.has(q.key)).length;
  }
  return n;
}

// Evidence in training configs (YAML/JSON), by simple parsing with the `yaml` package: keys such as `seed: 42`,
// `weight_decay: 0.05`, `overfit_batches: 1`, Lightning CLI `class_path` and Hydra `_target_` entries, W&B sweep
// files. Kept in this one small file until the config analyser lands; it then moves onto that analyser's model.
import { type Document, type Node, type Pair, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Span } from '../python/ir';
import type { RawEvidence } from './python-evidence';

/** Files never read as training configs. */
export function isConfigCandidate(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1].toLowerCase();
  if (!/\.(ya?ml|json)$/.test(base)) return false;
  if (base === '.nn-recipe.yaml' || /^(package(-lock)?|tsconfig.*|jsconfig|composer|\.eslintrc.*|\.prettierrc.*|environment|docker-compose|mkdocs|\.pre-commit-config|codecov|renovate)\.(ya?ml|json)$/.test(base)) return false;
  return !parts.slice(0, -1).some((p) => p.startsWith('.') && p !== '.' && p !== '..');
}

const DROPOUT_KEYS = /^(dropout|drop_rate|drop_path_rate|dropout_rate|dropout_prob|hidden_dropout_prob|attention_probs_dropout_prob|attn_dropout|hidden_dropout|attention_dropout|resid_pdrop|embd_pdrop|attn_pdrop|[a-z_]*_dropout)$/;
const AUGMENT_KEYS = /^(augment|augmentation|augmentations|data_augmentation|use_augmentation|auto_augment|autoaugment|randaugment|rand_augment|trivial_augment|mixup|cutmix|mixup_alpha|cutmix_alpha|color_jitter|hflip|random_erasing|reprob|random_crop|random_flip|horizontal_flip)$/;
const RANDOM_TRANSFORM = /\.(Random[A-Za-z]+|ColorJitter|RandAugment|AutoAugment|TrivialAugmentWide|AugMix|HorizontalFlip|VerticalFlip|ShiftScaleRotate|MixUp|CutMix)$/;

type Value = Node | null | undefined;

function num(v: Value): number | undefined {
  return isScalar(v) && typeof v.value === 'number' ? v.value : undefined;
}

function str(v: Value): string | undefined {
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

/** true, a positive number, a non-empty string other than none/off/false, or a non-empty map/list. */
function truthy(v: Value): boolean {
  if (isScalar(v)) {
    if (typeof v.value === 'boolean') return v.value;
    if (typeof v.value === 'number') return v.value > 0;
    if (typeof v.value === 'string') return !/^(|none|null|off|false|no|0)$/i.test(v.value.trim());
    return false;
  }
  // a settings block that says whether it is on (`ensemble: {enabled: false, n_models: 3}`) is what that says
  if (isMap(v)) {
    const flag = v.items.find((p) => /^(enabled?|use|active|on)$/.test(keyOf(p) ?? ''));
    if (flag) return truthy(flag.value as Value);
  }
  return (isMap(v) || isSeq(v)) && v.items.length > 0;
}

/**
 * Whether a settings block is switched off by a flag next to it (`use_swa: False` beside `swa: {swa_start: 10}`,
 * `swa_enabled: false`, `enable_swa: no`).
 */
function switchedOff(parent: unknown, key: string): boolean {
  if (!isMap(parent)) return false;
  const flags = new Set([`use_${key}`, `${key}_enabled`, `enable_${key}`, `${key}_on`]);
  const flag = parent.items.find((q) => flags.has(keyOf(q) ?? ''));
  return !!flag && !truthy(flag.value as Value);
}

function keyOf(p: Pair): string | undefined {
  const k = p.key;
  if (!isScalar(k)) return undefined;
  return String((k).value).toLowerCase().replace(/-/g, '_');
}

/** A sibling value in the mapping a pair belongs to (`patience` next to `class_path`, or in its `init_args`). */
function sibling(parent: unknown, name: string): Value {
  if (!isMap(parent)) return undefined;
  const direct = parent.get(name, true) as Value;
  if (direct !== undefined) return direct;
  const init = parent.get('init_args', true);
  return isMap(init) ? (init.get(name, true)) : undefined;
}

/**
 * Sections whose `seed` is not the training's: an Optuna sampler's (`hparams_search/optuna.yaml`: `sampler: {seed:
 * 12345}`), a sweeper's, a dataset mixture's or split's shuffle.
 */
const OTHER_SEEDS = /sampler|sweeper|optuna|hparams_search|dataset|^data$|datamodule|split|shuffle|mixture/i;

/**
 * The scalar settings of a configuration file, as references (`config:monitor=min val_loss`, keys as `keyOf` gives
 * them, values in lower case): evidence of a Python file that a key switches on (`needsConfig`) holds when one is set.
 * At most a thousand, short ones only (a config is settings, not data).
 */
export function configReferences(text: string, parsed?: Document.Parsed): string[] {
  const doc = parsed ?? parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const out = new Set<string>();
  visit(doc, {
    Pair(_key, pair) {
      if (out.size >= 1000) return visit.BREAK;
      if (!isPair(pair) || !isScalar(pair.value)) return;
      const key = keyOf(pair);
      const v = pair.value.value;
      if (key && key.length <= 40 && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && String(v).length <= 80) out.add(`config:${key}=${String(v).toLowerCase()}`);
    },
  });
  return [...out];
}

/** A configuration file's evidence and its settings as references (`configEvidence`, `configReferences`), from one parse. */
export function configFacts(text: string): { evidence: RawEvidence[]; references: string[] } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  return { evidence: configEvidence(text, doc), references: configReferences(text, doc) };
}

export function configEvidence(text: string, parsed?: Document.Parsed): RawEvidence[] {
  const doc = parsed ?? parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const out: RawEvidence[] = [];
  const root = doc.contents;
  const spanOf = (p: Pair): Span => {
    const k = p.key as Node;
    const v = p.value as Node | null;
    const from = k.range?.[0] ?? 0;
    const to = isScalar(v) && v.range ? v.range[1] : k.range?.[1] ?? from;
    return { from, to };
  };
  const line = (p: Pair): string => text.slice(spanOf(p).from, spanOf(p).to).replace(/\s+/g, ' ');
  const add = (kind: RawEvidence['kind'], tips: string[], stage: number | undefined, message: string, p: Pair): void => {
    out.push({ kind, tips, ...(stage ? { stage } : {}), message, span: spanOf(p) });
  };

  // A W&B sweep file: method + parameters at the top.
  const method = str(root.get('method', true));
  if (method && isMap(root.get('parameters', true))) {
    const pair = root.items.find((p) => keyOf(p) === 'method') as Pair;
    const tips = method === 'random' ? ['5.1'] : method === 'bayes' ? ['5.2'] : [];
    add('hparam-search', tips, 5, `hyper-parameter search: W&B sweep (${method})`, pair);
  }

  visit(doc, {
    Pair(_key, pair, path) {
      if (!isPair(pair)) return;
      const p = pair;
      const key = keyOf(p);
      if (!key) return;
      const v = p.value as Value;
      const parent = path[path.length - 1];
      // inside a settings block switched off next to it (`augmentation: {hflip: 0.5}` with `use_augmentation: false`)
      if (path.some((x, i) => i > 0 && isPair(x) && switchedOff(path[i - 1], keyOf(x) ?? ''))) return;
      const n = num(v);
      if (/^(seed|random_seed|manual_seed|seed_everything|global_seed)$/.test(key) && n !== undefined && Number.isInteger(n)) {
        // the seed of a search's sampler, or of a data split or shuffle, is not the training's
        if (!path.some((x) => isPair(x) && OTHER_SEEDS.test(keyOf(x) ?? ''))) add('seed', ['2.1'], 2, `seed fixed: ${line(p)}`, p);
      }
      else if (key === 'overfit_batches' && n !== undefined && n > 0) add('overfit-one-batch', ['2.8', '2.M6'], 2, `overfit one batch: ${line(p)}`, p);
      else if (/^(zero_inputs?|input_independent(_baseline)?|blind_baseline)$/.test(key) && isScalar(v) && typeof v.value === 'boolean') add('zero-input-baseline', ['2.7'], 2, `input-independent baseline flag: ${line(p)}`, p);
      else if (DROPOUT_KEYS.test(key) && n !== undefined && n > 0) add('dropout', ['4.9'], 4, `dropout: ${line(p)}`, p);
      else if (/^(weight_decay|wd|l2|l2_penalty)$/.test(key) && n !== undefined && n >= 1e-6) add('weight-decay', ['4.10'], 4, `weight decay: ${line(p)}`, p);
      else if (/^(early_stopping|early_stop|use_early_stopping)$/.test(key) && truthy(v) && !switchedOff(parent, key)) add('early-stopping', ['4.11'], 4, `early stopping: ${line(p)}`, p);
      else if (key === 'early_stopping_patience' && n !== undefined) {
        add('early-stopping', ['4.11'], 4, `early stopping: ${line(p)}`, p);
        if (n >= 10) add('patience', ['6.2'], undefined, `patient early stopping: ${line(p)}`, p);
      } else if (key === 'load_best_model_at_end' && truthy(v)) add('early-stopping', ['4.11'], 4, `best checkpoint: ${line(p)}`, p);
      else if (AUGMENT_KEYS.test(key) && truthy(v) && !switchedOff(parent, key)) add('augmentation', ['4.2'], 4, `augmentation: ${line(p)}`, p);
      else if ((key === 'pretrained' && isScalar(v) && v.value === true) || (key === 'weights' && /^(DEFAULT|IMAGENET)/.test(str(v) ?? '')) || (/^(pretrained_model_name_or_path|model_name_or_path|pretrained_weights)$/.test(key) && str(v)) || (key === 'base_model' && /^[\w.-]+\/[\w.-]+$/.test(str(v) ?? ''))) {
        add('pretrained', ['4.4'], 4, `pretrained weights: ${line(p)}`, p);
      } else if (/^(ensemble|swa|stochastic_weight_averaging|use_swa)$/.test(key) && truthy(v) && !switchedOff(parent, key)) add('ensemble', ['6.1'], 6, `ensemble / weight averaging: ${line(p)}`, p);
      else if ((key.includes('hydra/sweeper') || key === 'sweeper') && truthy(v)) {
        const target = isMap(v) ? str(v.get('_target_', true)) ?? '' : str(v) ?? '';
        const bayes = /optuna|ax|nevergrad/i.test(target);
        add('hparam-search', bayes ? ['5.2'] : [], 5, `hyper-parameter search: Hydra sweeper${target ? ` (${target})` : ''}`, p);
      } else if (key === 'class_path' || key === '_target_') {
        const target = str(v) ?? '';
        if (/EarlyStopping$/.test(target)) {
          add('early-stopping', ['4.11'], 4, `early stopping: ${target}`, p);
          const patience = num(sibling(parent, 'patience'));
          if (patience !== undefined && patience >= 10) add('patience', ['6.2'], undefined, `patient early stopping (patience ${patience})`, p);
        } else if (/ModelCheckpoint$/.test(target) && truthy(sibling(parent, 'monitor'))) add('early-stopping', ['4.11'], 4, `best checkpoint: ${target}`, p);
        else if (RANDOM_TRANSFORM.test(target)) add('augmentation', ['4.2'], 4, `augmentation: ${target}`, p);
        else if (/StochasticWeightAveraging$/.test(target)) add('ensemble', ['6.1'], 6, `weight averaging: ${target}`, p);
        // AdamW built without `weight_decay` decays by its default, 0.01, as in Python (rdk31's template; review 133)
        else if (/^torch\.optim\.(adamw\.)?AdamW$/.test(target) && sibling(parent, 'weight_decay') === undefined) add('weight-decay', ['4.10'], undefined, `weight decay: AdamW's default of 0.01 (${target})`, p);
      }
    },
  });
  return out;
}

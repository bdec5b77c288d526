// What a training config builds: components (a class and its arguments: Hydra `_target_` maps, Lightning CLI
// `class_path`/`init_args` maps and their short forms), optimizers, schedulers, callbacks, Lightning trainers and
// Hugging Face arguments. The config checks query these; none of them walks the tree itself.
import { canonical, isOptimizerClass } from '../python/torch';
import type { ConfigKind } from './kinds';
import { type CMap, type CNode, type CScalar, type ConfigDoc, boolOf, maps, stringOf, valueOf } from './tree';

export interface Component {
  /** The scalar that names the class: the `_target_` or `class_path` value, or a short form's value. */
  cls: CScalar;
  /** Canonical qualified name: `torch.optim.Adam`. */
  qname: string;
  /** The map its arguments are in (the map itself for Hydra, `init_args` for Lightning); undefined when there is none. */
  args: CMap | undefined;
  /** The map that holds the class name (`_target_`/`class_path`), undefined for a short form. */
  owner: CMap | undefined;
}

/** Default modules of short class names, by the key they appear under (Lightning CLI resolves these). */
const SHORT_NAME_MODULES: Record<string, string> = {
  optimizer: 'torch.optim.',
  lr_scheduler: 'torch.optim.lr_scheduler.',
  callbacks: 'lightning.pytorch.callbacks.',
};

function contextKey(n: CNode): string | undefined {
  for (let c: CNode | undefined = n; c; c = c.parent) if (c.pair && c.pair.key !== 'init_args' && c.pair.key !== 'class_path') return c.pair.key;
  return undefined;
}

function qualify(name: string, at: CNode): string {
  if (name.includes('.')) return canonical(name);
  const prefix = SHORT_NAME_MODULES[contextKey(at) ?? ''];
  return prefix ? canonical(prefix + name) : name;
}

const cache = new WeakMap<ConfigDoc, Component[]>();

/** Every component of the config. */
export function components(doc: ConfigDoc): Component[] {
  let out = cache.get(doc);
  if (out) return out;
  out = [];
  for (const root of doc.roots) {
    for (const m of maps(root)) {
      const target = valueOf(m, '_target_');
      const classPath = valueOf(m, 'class_path');
      const named = target ?? classPath;
      if (named?.k === 'scalar' && typeof named.value === 'string') {
        const init = valueOf(m, 'init_args');
        const args = target ? m : init?.k === 'map' ? init : undefined;
        out.push({ cls: named, qname: qualify(named.value, named), args, owner: m });
      }
      // Lightning CLI short forms at the top of a CLI config: `optimizer: Adam`, `lr_scheduler: StepLR`
      if (m !== root || valueOf(m, 'trainer')?.k !== 'map') continue;
      for (const key of ['optimizer', 'lr_scheduler']) {
        const v = valueOf(m, key);
        if (v?.k === 'scalar' && typeof v.value === 'string' && /^[A-Za-z_][\w.]*$/.test(v.value) && /[A-Z]/.test(v.value)) {
          out.push({ cls: v, qname: qualify(v.value, v), args: undefined, owner: undefined });
        }
      }
    }
  }
  cache.set(doc, out);
  return out;
}

export function optimizers(doc: ConfigDoc): Component[] {
  return components(doc).filter((c) => c.qname.startsWith('torch.optim.') && isOptimizerClass(c.qname));
}

export function schedulers(doc: ConfigDoc): Component[] {
  return components(doc).filter((c) => c.qname.startsWith('torch.optim.lr_scheduler.'));
}

export function callbacksNamed(doc: ConfigDoc, name: string): Component[] {
  return components(doc).filter((c) => c.qname.slice(c.qname.lastIndexOf('.') + 1) === name);
}

/** An argument of a component: `lr` of an optimizer. */
export function argOf(c: Component, name: string): CNode | undefined {
  return valueOf(c.args, name);
}

const TRAINER = /^lightning(\.pytorch)?(\.trainer(\.trainer)?)?\.Trainer$/;

/**
 * Lightning Trainer settings: the CLI's top-level `trainer` map (also in Hydra configs), Hydra maps that build a
 * Trainer, and the top of a Hydra `trainer/` config-group file.
 */
export function trainerSettings(doc: ConfigDoc, kinds: ReadonlySet<ConfigKind>, path: string): CMap[] {
  const out = new Set<CMap>();
  const parts = path.split('/');
  const inTrainerGroup = kinds.has('hydra') || kinds.has('training') ? parts[parts.length - 2] === 'trainer' : false;
  for (const root of doc.roots) {
    const t = valueOf(root, 'trainer');
    if ((kinds.has('lightning') || kinds.has('hydra')) && t?.k === 'map') out.add(t);
    if (inTrainerGroup && root.k === 'map') out.add(root);
  }
  for (const c of components(doc)) if (c.owner && TRAINER.test(c.qname)) out.add(c.owner);
  return [...out];
}

/** The top-level map of Hugging Face TrainingArguments. */
export function hfArguments(doc: ConfigDoc, kinds: ReadonlySet<ConfigKind>): CMap | undefined {
  if (!kinds.has('hf')) return undefined;
  return doc.roots.find((r): r is CMap => r.k === 'map');
}

/** Keys that name pretrained weights to start from. */
const PRETRAINED_KEY = /^(pretrained|use_pretrained|pretrained_(weights|model|path|checkpoint|backbone)|(encoder|backbone)_weights|weights|init_(checkpoint|weights|from)|(pretrained_)?model_name_or_path|from_pretrained|load_from|finetune_from)$/i;

/**
 * Whether the config starts from pretrained weights: `pretrained: true`, `weights: imagenet`, `encoder_weights:
 * imagenet`, `model_name_or_path: bert-base-uncased`, `init_checkpoint: …` (a value that is not false, null, empty or
 * `none`), or a `from_pretrained` target.
 */
export function loadsPretrained(doc: ConfigDoc): boolean {
  for (const root of doc.roots) {
    for (const m of maps(root)) {
      for (const p of m.pairs) {
        const v = p.value;
        if (v?.k === 'scalar' && typeof v.value === 'string' && /\.from_pretrained$/.test(v.value)) return true;
        if (!PRETRAINED_KEY.test(p.key) || v?.k !== 'scalar') continue;
        if (v.value === true || (typeof v.value === 'string' && v.value.trim() !== '' && !/^(none|null|false|no|random|scratch)$/i.test(v.value.trim()))) return true;
      }
    }
  }
  return false;
}

/** Whether the config mentions early stopping or a best checkpoint in any way (keys, class names, values). */
export function mentionsEarlyStopping(doc: ConfigDoc): boolean {
  if (components(doc).some((c) => /EarlyStopping$/.test(c.qname))) return true;
  for (const root of doc.roots) {
    for (const m of maps(root)) {
      for (const p of m.pairs) {
        if (/early_?stop|patience/i.test(p.key) || (p.key === 'load_best_model_at_end' && boolOf(p.value) === true)) return true;
        const v = stringOf(p.value);
        if (v && /EarlyStopping/.test(v)) return true;
      }
    }
  }
  return false;
}

/** A ModelCheckpoint that monitors a metric (keeps the best weights). */
export function monitoredCheckpoints(doc: ConfigDoc): Component[] {
  return callbacksNamed(doc, 'ModelCheckpoint').filter((c) => {
    const monitor = argOf(c, 'monitor');
    return monitor !== undefined && stringOf(monitor) !== undefined;
  });
}

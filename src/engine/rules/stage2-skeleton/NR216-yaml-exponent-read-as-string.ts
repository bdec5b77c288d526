// A config rule: the check lives in src/engine/config/checks/NR216.ts (it needs the project's scripts to find
// the code that loads the YAML file with PyYAML).
import { defineRule } from '../rule';

export default defineRule({
  code: 'NR216',
  name: 'yaml-exponent-read-as-string',
  stage: 2,
  tip: '2.10',
  languages: ['yaml'],
  defaultSeverity: 'warning',
  fixSafety: 'safe',
  docs: {
    summary: 'A number like `3e-4` (an exponent without a dot) in a YAML file the project loads with plain PyYAML, which reads it as a string.',
    why:
      'PyYAML implements YAML 1.1, where a float needs a dot and a signed exponent: `yaml.safe_load` reads `lr: 3e-4` as ' +
      "the string '3e-4' (OmegaConf and Hydra read a float). The training code then gets a string where it expects a " +
      'number: an optimizer fails on it at best, and at worst it silently compares, formats or multiplies as text. The ' +
      'recipe builds the skeleton so that what goes into training is exactly what you think it is. The rule looks for ' +
      'the loading code in the project (`yaml.safe_load`/`yaml.load` on the file, through helpers, globs over its ' +
      'folder, argparse defaults, `HfArgumentParser.parse_yaml_file`); files read by OmegaConf/Hydra, projects ' +
      "that patch PyYAML's float resolver, and keys whose value the code converts itself (`float(cfg['lr'])`, " +
      "`eval(config['weight_decay'])`, where a float written in the file would make `eval()` fail) are left alone.",
    bad: `# read by train.py: yaml.safe_load(open("configs/train.yaml"))\noptimizer:\n  lr: 3e-4\n  weight_decay: 1e-2\n`,
    good: `# read by train.py: yaml.safe_load(open("configs/train.yaml"))\noptimizer:\n  lr: 3.0e-4\n  weight_decay: 1.0e-2\n`,
    exampleLanguage: 'yaml',
    examplePath: 'configs/train.yaml',
    fix: 'Writes the number so that every YAML loader reads a float: `3e-4` → `3.0e-4`, `1e5` → `1.0e+5`. Safe: only the mistaken type changes.',
    // The loading code the examples need (proposed `RuleDocs.exampleFiles`: other project files for the examples).
    exampleFiles: { 'train.py': 'import yaml\n\nwith open("configs/train.yaml") as f:\n    cfg = yaml.safe_load(f)\n' },
  },
});

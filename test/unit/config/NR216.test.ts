// NR216: exponent floats without a dot in YAML files the project loads with plain PyYAML.
import { strict as assert } from 'assert';
import { ruleTester } from '../../support/rule-tester';
import { analyzeIn } from './support';

const CONFIG = '# training settings\noptimizer:\n  lr: 3e-4  # Karpathy constant\n  weight_decay: 1e-2\nepochs: 10\n';
const FIXED = '# training settings\noptimizer:\n  lr: 3.0e-4  # Karpathy constant\n  weight_decay: 1.0e-2\nepochs: 10\n';
const LOADS = (stream: string): string => `import yaml\n\nwith open(${stream}) as f:\n    cfg = yaml.safe_load(f)\n`;

describe('configs', () => {
  ruleTester('NR216', {
    valid: [
      { name: 'no script loads it', path: 'configs/train.yaml', code: CONFIG },
      { name: 'loaded with OmegaConf (YAML 1.2 floats)', path: 'configs/train.yaml', code: CONFIG, files: { 'train.py': 'from omegaconf import OmegaConf\n\ncfg = OmegaConf.load("configs/train.yaml")\n' } },
      { name: 'a Hydra config', path: 'conf/config.yaml', code: CONFIG, files: { 'train.py': 'import hydra\n\n@hydra.main(version_base=None, config_path="conf", config_name="config")\ndef main(cfg):\n    pass\n' } },
      { name: 'numbers already spelt for PyYAML, and quoted strings', path: 'configs/train.yaml', code: 'lr: 3.0e-4\nwd: 1.0e+5\nname: "1e-3"\nsteps: 1000\n', files: { 'train.py': LOADS('"configs/train.yaml"') } },
      { name: 'the script loads another file', path: 'configs/train.yaml', code: CONFIG, files: { 'train.py': LOADS('"configs/eval.yaml"') } },
      { name: "the project patches PyYAML's float resolver", path: 'configs/train.yaml', code: CONFIG, files: { 'train.py': 'import re\nimport yaml\n\nyaml.SafeLoader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile("..."), list("-+0123456789."))\ncfg = yaml.safe_load(open("configs/train.yaml"))\n' } },
      { name: 'a custom Loader', path: 'configs/train.yaml', code: CONFIG, files: { 'train.py': 'import yaml\nfrom myproject import FloatLoader\n\ncfg = yaml.load(open("configs/train.yaml"), Loader=FloatLoader)\n' } },
      { name: 'a path the analysis cannot name', path: 'configs/train.yaml', code: CONFIG, files: { 'train.py': 'import sys\nimport yaml\n\ncfg = yaml.safe_load(open(sys.argv[1]))\n' } },
      {
        name: "the code turns the value into a number itself (`eval(config['weight_decay'])`, MolCLR: a float in the file would make eval() fail)",
        path: 'config_finetune.yaml',
        code: 'epochs: 100\ninit_lr: 0.0005\nweight_decay: 1e-6\n',
        files: { 'train.py': 'import yaml\nimport torch\n\nconfig = yaml.load(open("config_finetune.yaml", "r"), Loader=yaml.FullLoader)\noptimizer = torch.optim.Adam(model.parameters(), config["init_lr"], weight_decay=eval(config["weight_decay"]))\n' },
      },
      { name: 'a JSON config (no YAML 1.1 there)', path: 'configs/train.json', code: '{"lr": 3e-4, "batch_size": 32}', files: { 'train.py': 'import json\n\ncfg = json.load(open("configs/train.json"))\n' } },
    ],
    invalid: [
      {
        name: 'hard negative: the code converts another key (`float(config.get("init_lr", 1))`), and reads this one as it comes',
        path: 'config_finetune.yaml',
        code: 'init_lr: 5e-4\nweight_decay: 1e-6\n',
        files: { 'train.py': 'import yaml\nimport torch\n\nconfig = yaml.load(open("config_finetune.yaml", "r"), Loader=yaml.FullLoader)\noptimizer = torch.optim.Adam(model.parameters(), float(config.get("init_lr", 1)), weight_decay=config["weight_decay"])\n' },
        errors: [{ line: 2, text: '1e-6' }],
        output: 'init_lr: 5e-4\nweight_decay: 1.0e-6\n',
      },
      {
        name: 'with open(...) as f: yaml.safe_load(f)',
        path: 'configs/train.yaml',
        code: CONFIG,
        files: { 'train.py': LOADS('"configs/train.yaml"') },
        errors: [
          { line: 3, text: '3e-4', message: "`train.py` loads this file with PyYAML (`yaml.safe_load`), which reads `3e-4` as the string '3e-4'" },
          { line: 4, text: '1e-2', message: 'Write `1.0e-2`' },
        ],
        output: FIXED,
      },
      {
        name: 'a loader helper in another module, called with the path',
        path: 'configs/train.yaml',
        code: 'lr: 1e-3\n',
        files: {
          'utils.py': 'import yaml\n\ndef load_config(path):\n    with open(path) as f:\n        return yaml.safe_load(f)\n',
          'train.py': 'from utils import load_config\n\ncfg = load_config("configs/train.yaml")\n',
        },
        errors: [{ message: '`utils.py` loads this file with PyYAML' }],
        output: 'lr: 1.0e-3\n',
      },
      {
        name: 'a glob over the config folder',
        path: 'configs/experiments/big.yaml',
        code: 'lr: 5e-5\n',
        files: { 'run.py': 'import glob\nimport yaml\n\nfor path in sorted(glob.glob("configs/experiments/*.yaml")):\n    cfg = yaml.load(open(path), Loader=yaml.FullLoader)\n' },
        errors: [{ text: '5e-5', message: '(`yaml.load`)' }],
        output: 'lr: 5.0e-5\n',
      },
      {
        name: 'an argparse default, pathlib and Path.read_text',
        path: 'configs/default.yaml',
        code: 'optim:\n  lr: 2e-4\n',
        files: { 'main.py': 'import argparse\nfrom pathlib import Path\nimport yaml\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--config", default="configs/default.yaml")\nargs = parser.parse_args()\ncfg = yaml.safe_load(Path(args.config).read_text())\n' },
        errors: [{ text: '2e-4' }],
        output: 'optim:\n  lr: 2.0e-4\n',
      },
      {
        name: 'relative to the script: os.path.join(os.path.dirname(__file__), ...) and an f-string',
        path: 'configs/mnist.yaml',
        code: 'lr: 1e-3\n',
        files: { 'train.py': 'import os\nimport yaml\n\nHERE = os.path.dirname(os.path.abspath(__file__))\n\ndef load(name):\n    return yaml.safe_load(open(os.path.join(HERE, "configs", f"{name}.yaml")))\n\ncfg = load("mnist")\n' },
        errors: [{ text: '1e-3' }],
        output: 'lr: 1.0e-3\n',
      },
      {
        name: 'Hugging Face HfArgumentParser.parse_yaml_file (yaml.safe_load inside)',
        path: 'args.yaml',
        code: 'output_dir: out\nnum_train_epochs: 3\nlearning_rate: 2e-5\n',
        files: { 'train.py': 'import sys\nfrom transformers import HfArgumentParser, TrainingArguments\n\nparser = HfArgumentParser(TrainingArguments)\n(training_args,) = parser.parse_yaml_file("args.yaml")\n' },
        errors: [{ text: '2e-5', message: '(`HfArgumentParser.parse_yaml_file`)' }],
        output: 'output_dir: out\nnum_train_epochs: 3\nlearning_rate: 2.0e-5\n',
      },
    ],
  });

  it('points at the loading call as related information', () => {
    const r = analyzeIn({ 'configs/train.yaml': CONFIG, 'train.py': LOADS('"configs/train.yaml"') }, 'configs/train.yaml');
    const f = r.findings.find((x) => x.code === 'NR216');
    assert.ok(f);
    assert.equal(f.related[0].path, '/project/train.py');
    assert.equal(f.related[0].range.start.line, 3);
    assert.equal(f.fixes[0].safety, 'safe');
  });

  it('with a host that lists folders, any script is found (src/cli.py)', () => {
    const files = { 'configs/train.yaml': 'lr: 3e-4\n', 'src/cli.py': 'import yaml\n\ncfg = yaml.safe_load(open("configs/train.yaml"))\n' };
    assert.deepEqual(analyzeIn(files, 'configs/train.yaml').findings.map((x) => x.code), [], 'cli.py is not a usual entry point');
    assert.deepEqual(analyzeIn(files, 'configs/train.yaml', { listing: true }).findings.map((x) => x.code), ['NR216']);
  });

  it('a plain YAML file loaded with PyYAML is a training config; unloaded, it is not applicable', () => {
    const files = { 'settings.yaml': 'threshold: 1e-3\n', 'train.py': 'import yaml\ncfg = yaml.safe_load(open("settings.yaml"))\n' };
    assert.equal(analyzeIn(files, 'settings.yaml').notApplicable, undefined);
    assert.ok(analyzeIn({ 'settings.yaml': 'threshold: 1e-3\n' }, 'settings.yaml').notApplicable);
  });
});

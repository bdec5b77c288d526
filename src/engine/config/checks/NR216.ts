// NR216: numbers with an exponent but no dot (`lr: 3e-4`) in a YAML file the project loads with plain PyYAML.
// PyYAML implements YAML 1.1, whose float needs a dot and a signed exponent: `yaml.safe_load` returns the string
// '3e-4' (OmegaConf/Hydra, YAML 1.2 and the `yaml` package read a float). The loading code is found in the
// project's scripts (./loaders.ts); a project that patches PyYAML's float resolver is left alone.
import type { ConfigCheck } from '../context';
import { isPyyamlString, pyyamlFloat, replaceScalar } from '../edits';
import { walk } from '../tree';

export const checkNR216: ConfigCheck = (ctx) => {
  if (ctx.doc.language !== 'yaml') return;
  const [load] = ctx.yamlLoads();
  if (!load) return;
  const script = load.module.path.slice(load.module.path.lastIndexOf('/') + 1);
  for (const root of ctx.doc.roots) {
    walk(root, (n) => {
      if (n.k !== 'scalar' || !n.plain || typeof n.value !== 'number' || !isPyyamlString(n.source)) return;
      const fixed = pyyamlFloat(n.source);
      ctx.report({
        span: n,
        message: `\`${script}\` loads this file with PyYAML (\`${load.fn}\`), which reads \`${n.source}\` as the string '${n.source}', not a number: YAML 1.1 needs a dot and a signed exponent. Write \`${fixed}\`.`,
        fixes: [{ title: `Write ${fixed}`, edits: [replaceScalar(n, fixed)] }],
        related: [{ module: { path: load.module.path, text: load.module.text }, span: load.call, message: `loaded with ${load.fn} here` }],
      });
    });
  }
};

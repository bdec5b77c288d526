// NR216: numbers with an exponent but no dot (`lr: 3e-4`) in a YAML file the project loads with plain PyYAML.
// PyYAML implements YAML 1.1, whose float needs a dot and a signed exponent: `yaml.safe_load` returns the string
// '3e-4' (OmegaConf/Hydra, YAML 1.2 and the `yaml` package read a float). The loading code is found in the
// project's scripts (./loaders.ts); a project that patches PyYAML's float resolver is left alone.
import type { Expr } from '../../python/ir';
import type { PyModule } from '../../python/semantic';
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
      // the code turns the string into a number itself (`eval(config['weight_decay'])`, MolCLR): no trap, and a
      // float written in the file would make `eval()` fail
      if (n.pair && convertedInCode(ctx.scripts(), n.pair.key)) return;
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

/** Python's and NumPy's conversions of a string to a number. */
const CONVERSIONS = /^(eval|float|int|ast\.literal_eval|numpy\.(float\d*|double|int\d*))$/;

/**
 * Whether the project's code converts the value of a settings key to a number where it reads it: a conversion of
 * `config['key']`, `config.get('key', …)` or `config.key` (`float(cfg['lr'])`, `eval(self.config['weight_decay'])`).
 */
function convertedInCode(modules: PyModule[], key: string): boolean {
  const readsKey = (e: Expr): boolean =>
    (e.k === 'subscript' && e.index.length === 1 && e.index[0].k === 'str' && e.index[0].value === key) ||
    (e.k === 'call' && e.fn.k === 'attr' && e.fn.attr === 'get' && e.args[0]?.k === 'str' && e.args[0].value === key) ||
    (e.k === 'attr' && e.attr === key);
  return modules.some((m) =>
    m.callSites.some((s) => {
      const arg = s.call.args[0];
      if (!arg || s.call.args.length !== 1 || !readsKey(arg)) return false;
      const q = s.call.fn.k === 'name' ? s.call.fn.id : m.qualify(s.call.fn, s.scope);
      return !!q && CONVERSIONS.test(q);
    }),
  );
}

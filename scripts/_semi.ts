import { parser } from '@lezer/python';
import { lezerReading } from './lib/lezer-reading';
for (const t of ['x = 1; y = 2\nz = 3\n', 'x = 1;\n', 'def f():\n    a = 1; b = 2\n    return a\n', 'if a: x = 1; y = 2\n', 'import os; import sys\n', 'x = 1 ;y=2 # c\n']) {
  const out: string[] = [];
  parser.parse(t).iterate({ enter: (n) => { out.push(`${n.name}[${n.from},${n.to}]`); } });
  console.log(JSON.stringify(t), out.join(' '));
  console.log('   ', JSON.stringify(lezerReading(t).stmts.map((s) => [s.k, s.from, s.to])), lezerReading(t).errors);
}
console.log(JSON.stringify(lezerReading('import torch; import numpy as np\ntorch.manual_seed(0); np.random.seed(0)\n').stmts));

// Per-rule cost of a one-character edit, as the editor's worker calls the engine (one Analyzer, `editing: true`, the
// text alternating between two versions). Prints figures; asserts nothing.
//   npx tsx scripts/bench-rules.ts [lines=10000] [edits=40] [stage=2]
// Before/after comparisons on a shared machine: bundle this file in both trees and run them interleaved in one
// process, which moves with the machine's load alike (`scripts/bench-rules-ab.cjs`):
//   npx esbuild scripts/bench-rules.ts --bundle --platform=node --format=cjs --main-fields=module,main \
//     --define:NN_RECIPE_VERSION='"0"' --define:NN_RECIPE_BUILD='"x"' --outfile=/tmp/after.js   (and /tmp/before.js)
//   node scripts/bench-rules-ab.cjs /tmp/before.js /tmp/after.js [lines] [pairs] [edits per pair] [stage]
import { performance } from 'perf_hooks';
import { Analyzer, RULES } from '../src/engine';
import type { Rule } from '../src/engine/rules/rule';
import { generateScript } from './lib/generate';

type Check = NonNullable<Rule['checkPython']> & { timed?: true };

/** An editor session on a generated script, with every rule's time added up in `times` (ms, all edits). */
export function makeBench(lines: number, stage: number): { times: Map<string, number>; edit(): number } {
  const times = new Map<string, number>();
  for (const rule of RULES) {
    const r = rule as { checkPython?: Check; code: string };
    const f = r.checkPython;
    if (!f || f.timed) continue;
    const timed: Check = (ctx) => {
      const t = performance.now();
      try {
        f.call(rule, ctx);
      } finally {
        times.set(r.code, (times.get(r.code) ?? 0) + performance.now() - t);
      }
    };
    timed.timed = true;
    r.checkPython = timed;
  }
  const text = generateScript(lines, lines);
  const path = `/bench/train_${lines}.py`;
  const a = new Analyzer({ fastParse: true });
  a.analyze({ path, text, stage, editing: true });
  a.prepareForEdits();
  const at = text.indexOf('lr=', Math.floor(text.length / 2));
  const edited = text.slice(0, at) + 'lr =' + text.slice(at + 3);
  let i = 0;
  return {
    times,
    edit(): number {
      const t = i++ % 2 ? text : edited;
      const t0 = performance.now();
      a.analyze({ path, text: t, stage, editing: true });
      return performance.now() - t0;
    },
  };
}

if (require.main === module) {
  const [lines, n, stage] = [Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 40), Number(process.argv[4] ?? 2)];
  const b = makeBench(lines, stage);
  for (let w = 0; w < 6; w++) b.edit();
  b.times.clear();
  const total: number[] = [];
  for (let k = 0; k < n; k++) total.push(b.edit());
  total.sort((x, y) => x - y);
  console.log(`one-character edit, ${lines} lines, stage ${stage}: median ${total[n >> 1].toFixed(1)} ms over ${n} edits`);
  console.log([...b.times].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join('  '));
}

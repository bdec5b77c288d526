// `npm run bench:worker`: the extension's analysis worker while the stages sidebar assesses a project. Prints
// figures; asserts nothing.
// - The assessment of a generated project (~20,000 lines) as the sidebar runs it (a request, then one per step the
//   worker asks for): its wall time, its steps, and the longest of its requests (from sending to the answer, so it
//   includes waiting for a check queued before it).
// - Meanwhile, the checks of a 1,000-line file being edited, one every 40 ms (interactive requests, as a keystroke
//   sends them): from request to answer, median and max. Behind an assessment done in one step they wait for all
//   of it.
// Uses the bundled worker (dist/analysis-worker.js, built by `npm run build`), as the extension does.
import { existsSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { AnalysisClient } from '../src/extension/worker/client';
import type { Results } from '../src/extension/worker/protocol';
import { generateProject } from './lib/corpus';
import { generateScript } from './lib/generate';

const script = join(__dirname, '..', 'dist', 'analysis-worker.js');
if (!existsSync(script)) {
  console.error(`${script} is missing: run npm run build first`);
  process.exit(2);
}
const runs = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function once(round: number): Promise<string> {
  const client = new AnalysisClient({ script, disk: () => false, docs: () => undefined, log: (level, m) => console.error(`${level}: ${m}`) });
  try {
    const files = generateProject({ lines: 20_000, seed: 4 }).map((f) => ({ path: `/w/${f.path}`, text: f.text }));
    const edited = generateScript(1_000, 1_000 + round);
    // warm the worker up (loading, compiling) as a long-running extension's worker is, then the same checks alone
    await client.request({ kind: 'analyze', options: { path: '/w/warm.py', text: edited, stage: 2 } });
    let version = 0;
    const alone: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await client.request({ kind: 'analyze', options: { path: '/w/edited.py', text: `${edited}# ${version++}\n`, stage: 2, editing: true } }, 'interactive', 'edited');
      alone.push(performance.now() - t);
    }
    const steps: number[] = [];
    const timed = async <T>(f: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const v = await f();
      steps.push(performance.now() - t);
      return v;
    };
    const t0 = performance.now();
    let done = false;
    const assessing = (async () => {
      let answer: Results['assess'] | undefined = await timed(() => client.request({ kind: 'assess', scope: 'w', files }, 'idle', 'assess'));
      while (answer && 'more' in answer) answer = await timed(() => client.request({ kind: 'assess', scope: 'w', resume: true }, 'idle', 'assess'));
      done = true;
      return answer;
    })();
    const waits: number[] = [];
    while (!done) {
      await new Promise((r) => setTimeout(r, 40));
      if (done) break;
      const t = performance.now();
      // a keystroke: a new version of the edited file
      await client.request({ kind: 'analyze', options: { path: '/w/edited.py', text: `${edited}# ${version++}\n`, stage: 2, editing: true } }, 'interactive', 'edited');
      waits.push(performance.now() - t);
    }
    const answer = await assessing;
    const wall = performance.now() - t0;
    if (!answer || !('report' in answer)) throw new Error('the assessment failed');
    const longest = Math.max(...steps);
    const meanwhile = waits.length ? `median ${median(waits).toFixed(0)} ms, max ${Math.max(...waits).toFixed(0)} ms` : 'none';
    return (
      `assessment of ${files.length} files: ${wall.toFixed(0)} ms in ${steps.length} step(s) (longest request ${longest.toFixed(0)} ms); ` +
      `checks of the edited 1,000-line file: alone median ${median(alone).toFixed(0)} ms, during the assessment ${waits.length}, ${meanwhile}`
    );
  } finally {
    client.dispose();
  }
}

void (async () => {
  for (let i = 0; i < runs; i++) console.log(await once(i));
})();

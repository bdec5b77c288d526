// `npm run bench:marginal`: what each rule adds to a cold check of the benchmark corpus. A CPU profile charges a fact
// that several rules ask to whichever asks first; leaving one rule out (`--ignore NRxxx`) and comparing with the full
// check, interleaved in the same run so that the machine's load hits both alike, charges a rule only for the work no
// other rule would do anyway. Prints figures; asserts nothing.
//
//   npm run bench:marginal                          every Python rule, 5 rounds
//   npm run bench:marginal -- NR201 NR206 --runs 9  those rules, 9 rounds
//
// Environment: BENCH_CORPUS (folder, default bench-corpus/, generated when missing).
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { loadavg } from 'os';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { RULES } from '../src/engine';
import { DEFAULT_CORPUS_DIR, writeCorpus } from './gen-corpus';
import { generateProject } from './lib/corpus';
import { median } from './lib/stats';

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CORPUS = resolve(process.env.BENCH_CORPUS ?? DEFAULT_CORPUS_DIR);

function parseArgs(argv: string[]): { codes: string[]; runs: number } {
  const codes: string[] = [];
  let runs = 5;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Math.max(1, Number(argv[++i]) || runs);
    else codes.push(argv[i].toUpperCase());
  }
  const python = RULES.filter((r) => r.checkPython && r.languages.includes('python')).map((r) => r.code);
  const unknown = codes.filter((c) => !python.includes(c));
  if (unknown.length) throw new Error(`not a Python rule: ${unknown.join(', ')} (rules: ${python.join(' ')})`);
  return { codes: codes.length ? codes : python, runs };
}

/** Wall time of one cold check, in seconds (exit code 1 means findings: still a complete check). */
function check(extra: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'check', CORPUS, '--format', 'json', ...extra], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`nn-recipe check failed (${r.status}): ${r.stderr?.toString().slice(0, 500)}`);
  return s;
}

function main(): void {
  const { codes, runs } = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm run bench:marginal\` does)`);
  if (!existsSync(CORPUS)) writeCorpus(CORPUS, generateProject());
  console.log(`cold check of ${CORPUS}, ${runs} rounds; load average at the start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  check([]); // (the file system's caches warm for every configuration alike)
  const full: number[] = [];
  const without = new Map<string, number[]>(codes.map((c) => [c, []]));
  for (let round = 0; round < runs; round++) {
    full.push(check([]));
    for (const c of codes) without.get(c)?.push(check(['--ignore', c]));
    process.stdout.write(`  round ${round + 1}: full check ${full[round].toFixed(2)} s\n`);
  }
  const all = median(full);
  console.log(`\nfull check: ${all.toFixed(2)} s (median; ${Math.min(...full).toFixed(2)}–${Math.max(...full).toFixed(2)} s)`);
  console.log('rule     without it   what it adds (median of the rounds\' differences)');
  const rows = codes.map((c) => {
    const w = without.get(c) ?? [];
    return { c, w: median(w), adds: median(w.map((x, i) => full[i] - x)) };
  });
  for (const r of rows.sort((a, b) => b.adds - a.adds)) console.log(`${r.c.padEnd(8)} ${r.w.toFixed(2).padStart(7)} s   ${(r.adds >= 0 ? '+' : '') + r.adds.toFixed(3)} s`);
  console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (differences under ~0.1 s are within this machine's spread)`);
}

main();

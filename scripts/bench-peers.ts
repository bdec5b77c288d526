// `npm run bench:peers`: nn-recipe next to the Python linters people already run, on the same generated
// project (scripts/gen-corpus.ts, written to bench-corpus/ when missing), measured in the same run:
//   - whole-process wall time of `nn-recipe check`, `flake8` and `pylint` (median of several runs, interleaved so
//     that changes in machine load hit every tool alike), lines per second, CPU time, peak memory (the resident
//     memory of the process and its children, sampled from /proc, or the largest process as GNU time reports it),
//     and each tool's time as a multiple of nn-recipe's;
//   - editor latency, engine-level as the extension calls it: one Analyzer, the same path, edited text.
// Prints figures and the targets they meet; asserts nothing. Installs nothing: a missing tool is skipped with the
// command that installs it.
//
// Options (environment): BENCH_RUNS (nn-recipe and flake8 runs, default 7), BENCH_PYLINT_RUNS (default 1: pylint
// takes minutes on 50,000 lines), BENCH_CORPUS (folder, default bench-corpus/), BENCH_SKIP (comma-separated tools).
import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'os';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { Analyzer } from '../src/engine';
import { walk } from '../src/cli/walk';
import { DEFAULT_CORPUS_DIR, writeCorpus } from './gen-corpus';
import { generateProject } from './lib/corpus';
import { generateScript } from './lib/generate';
import { median } from './lib/stats';

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PYLINT_RUNS = Number(process.env.BENCH_PYLINT_RUNS ?? 1);
const CORPUS = resolve(process.env.BENCH_CORPUS ?? DEFAULT_CORPUS_DIR);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const GNU_TIME = '/usr/bin/time';

interface Tool {
  name: string;
  /** Shown in the table: how it was run. */
  command: string[];
  runs: number;
  /** Exit codes that mean "checked" (findings included). */
  ok: (code: number) => boolean;
  install?: string;
  /** Before a run and after it (the cache rows change a file of the corpus for their runs, then put it back). */
  before?: (run: number) => void;
  after?: () => void;
}

interface Run {
  wall: number;
  cpu?: number;
  rss: number;
}

const mb = (kb: number): string => `${Math.round(kb / 1024)} MB`;
const secs = (ms: number): string => (ms < 10_000 ? (ms / 1000).toFixed(2) : (ms / 1000).toFixed(1)) + ' s';

function available(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return (r.stdout || r.stderr).trim().split('\n')[0];
}

/** Resident memory (kB) of a process and all its descendants, from /proc; 0 where /proc cannot tell. */
function treeRss(pid: number, skipRoot: boolean): number {
  let total = 0;
  const visit = (p: number, root: boolean): void => {
    if (!root || !skipRoot) {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
        if (m) total += Number(m[1]);
      } catch {
        return;
      }
    }
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let kids = '';
      try {
        kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const k of kids.split(/\s+/).filter(Boolean)) visit(Number(k), false);
    }
  };
  visit(pid, true);
  return total;
}

/** One whole-process run: wall time, CPU time and peak memory (via GNU time when present, and /proc sampling). */
let runsStarted = 0;
async function runOnce(tool: Tool): Promise<Run> {
  tool.before?.(runsStarted++);
  try {
    return await runProcess(tool);
  } finally {
    tool.after?.();
  }
}

function runProcess(tool: Tool): Promise<Run> {
  const timed = existsSync(GNU_TIME);
  const dir = mkdtempSync(join(tmpdir(), 'nnr-bench-'));
  const out = join(dir, 'time.txt');
  const [cmd, ...args] = timed ? [GNU_TIME, '-f', '%U %S %M', '-o', out, ...tool.command] : tool.command;
  return new Promise((resolveRun, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    let peak = 0;
    const sampler = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRss(child.pid, timed));
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - start;
      clearInterval(sampler);
      let cpu: number | undefined;
      if (timed && existsSync(out)) {
        const line = readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
        const [u, s, maxKb] = line.split(' ').map(Number);
        if (!Number.isNaN(u)) cpu = (u + s) * 1000;
        if (!Number.isNaN(maxKb)) peak = Math.max(peak, maxKb);
      }
      rmSync(dir, { recursive: true, force: true });
      if (!tool.ok(code ?? -1)) reject(new Error(`${tool.name} exited with ${code}: ${stderr.slice(0, 500)}`));
      else resolveRun({ wall, cpu, rss: peak });
    });
  });
}

function corpusStats(dir: string): { files: number; lines: number } {
  let lines = 0;
  const files = walk(dir).filter((f) => f.endsWith('.py'));
  for (const f of files) lines += readFileSync(f, 'utf8').split('\n').length - 1;
  return { files: files.length, lines };
}

/** Editor latency: analysis after each edit with one Analyzer, as the extension does on every change. */
function editorLatency(lines: number): { open: number; prepare: number; valid: number[]; typing: number[] } {
  const text = generateScript(lines, lines);
  const path = `/project/train_${lines}.py`;
  // As the extension's worker: the fast path for a file's first version, Lezer's tree built when idle.
  const a = new Analyzer({ fastParse: true });
  // Warm the engine on another file first, as a running extension is.
  a.analyze({ path: '/project/warm.py', text: generateScript(lines, lines + 1), stage: 2, editing: true });
  a.prepareForEdits();
  let t = performance.now();
  a.analyze({ path, text, stage: 2, editing: true });
  const open = performance.now() - t;
  t = performance.now();
  a.prepareForEdits();
  const prepare = performance.now() - t;
  // A one-character edit that keeps the file valid (a learning rate changed), back and forth.
  const at = text.indexOf('lr=', Math.floor(text.length / 2)) + 3;
  const edited = text.slice(0, at) + '9' + text.slice(at);
  const valid: number[] = [];
  for (let i = 0; i < 2 * RUNS + 1; i++) {
    t = performance.now();
    a.analyze({ path, text: i % 2 ? text : edited, stage: 2, editing: true });
    valid.push(performance.now() - t);
  }
  // Typing a new line into a loop body, one character at a time (the file has syntax errors half way through).
  const line = '        print(f"loss {loss.item():.4f}")\n';
  const where = text.indexOf('        loss.backward()\n', Math.floor(text.length / 2));
  const typing: number[] = [];
  for (let n = 1; n <= line.length; n++) {
    const next = text.slice(0, where) + line.slice(0, n) + text.slice(where);
    t = performance.now();
    a.analyze({ path, text: next, stage: 2, editing: true });
    typing.push(performance.now() - t);
  }
  return { open, prepare, valid, typing };
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) {
    console.error('dist/cli.js is missing: run `npm run build` first (`npm run bench:peers` does).');
    process.exit(2);
  }
  if (!existsSync(join(CORPUS, 'visionlab'))) {
    const w = writeCorpus(CORPUS, generateProject());
    console.log(`generated the corpus: ${w.files} files, ${w.lines} lines in ${CORPUS}`);
  }
  const { files, lines } = corpusStats(CORPUS);
  const load0 = loadavg();
  console.log(`nn-recipe peer benchmark — ${new Date().toISOString().slice(0, 10)}`);
  console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), node ${process.version}, load average ${load0.map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`corpus: ${CORPUS} — ${files} Python files, ${lines.toLocaleString('en-US')} lines (scripts/gen-corpus.ts, fixed seed)\n`);

  // The result cache (`--cache`), each row with its own cache folder, filled by its warm-up run: nothing changed
  // since; one training script changed before each run (its learning rate); a package module that many files import
  // changed before each run. The changed file is put back after the run, so the other rows see the corpus as it is.
  const cacheRoot = mkdtempSync(join(tmpdir(), 'nnr-bench-cache-'));
  const cached = (name: string, changed?: string): Tool[] => {
    const command = ['node', CLI, 'check', CORPUS, '--cache-dir', join(cacheRoot, name.replace(/\W+/g, '-'))];
    if (!changed) return [{ name, command, runs: RUNS, ok: (c) => c === 0 || c === 1 }];
    const path = join(CORPUS, changed);
    if (!existsSync(path)) return []; // another corpus (BENCH_CORPUS)
    const original = readFileSync(path, 'utf8');
    return [
      {
        name,
        command,
        runs: RUNS,
        ok: (c) => c === 0 || c === 1,
        before: (run) => writeFileSync(path, original + `\n\ndef _bench_edit():\n    return ${run}\n`),
        after: () => writeFileSync(path, original),
      },
    ];
  };
  const tools: Tool[] = [
    { name: 'nn-recipe', command: ['node', CLI, 'check', CORPUS], runs: RUNS, ok: (c) => c === 0 || c === 1 },
    ...cached('nn-recipe --cache'),
    ...cached('  1 script changed', 'experiments/exp_000/train.py'),
    ...cached('  1 module changed', 'visionlab/utils/seed.py'),
    // the default picks the thread count by project size; this row shows two threads on the same corpus
    { name: 'nn-recipe --jobs 2', command: ['node', CLI, 'check', CORPUS, '--jobs', '2'], runs: RUNS, ok: (c) => c === 0 || c === 1 },
    { name: 'flake8', command: ['flake8', CORPUS], runs: RUNS, ok: (c) => c === 0 || c === 1, install: 'sudo apt-get install flake8   (or: pipx install flake8)' },
    // -j 0: one process per core, as flake8 does by default; pylint's default is one process.
    { name: 'pylint', command: ['pylint', '--recursive=y', '-j', '0', CORPUS], runs: PYLINT_RUNS, ok: (c) => (c & (1 | 32)) === 0, install: 'sudo apt-get install pylint   (or: pipx install pylint)' },
  ];
  const active: Tool[] = [];
  for (const t of tools) {
    if (SKIP.has(t.name)) continue;
    const ours = t.command[0] === 'node';
    const version = ours ? 'dist/cli.js' : available(t.command[0], ['--version']);
    if (!version) {
      console.log(`${t.name}: not installed, skipped. Install: ${t.install ?? '-'}`);
      continue;
    }
    if (!ours) console.log(`${t.name}: ${version}`);
    active.push(t);
  }
  console.log(`\nruns: ${RUNS} for nn-recipe and flake8, ${PYLINT_RUNS} for pylint (it takes minutes here), interleaved, after one warm-up run of each fast tool (page cache)`);

  for (const t of active) if (t.runs > 1) await runOnce(t);
  const runs = new Map<Tool, Run[]>(active.map((t) => [t, []]));
  for (let round = 0; round < Math.max(...active.map((t) => t.runs)); round++) {
    for (const t of active) {
      if (round >= t.runs) continue;
      const r = await runOnce(t);
      (runs.get(t) as Run[]).push(r);
      process.stdout.write(`  round ${round + 1}: ${t.name} ${secs(r.wall)}\n`);
    }
  }

  rmSync(cacheRoot, { recursive: true, force: true });
  const base = active.find((t) => t.name === 'nn-recipe');
  const baseWall = base ? median((runs.get(base) as Run[]).map((r) => r.wall)) : NaN;
  console.log('\ntool                  wall (median)   min       lines/s     CPU (median)   peak memory   time vs nn-recipe');
  const ratios = new Map<string, number>();
  for (const t of active) {
    const rs = runs.get(t) as Run[];
    const wall = median(rs.map((r) => r.wall));
    const cpu = rs.every((r) => r.cpu !== undefined) ? median(rs.map((r) => r.cpu as number)) : undefined;
    const ratio = wall / baseWall;
    ratios.set(t.name, ratio);
    console.log(
      `${t.name.padEnd(20)}  ${secs(wall).padStart(9)}   ${secs(Math.min(...rs.map((r) => r.wall))).padStart(8)}   ${Math.round(lines / (wall / 1000)).toLocaleString('en-US').padStart(9)}   ${(cpu === undefined ? '-' : secs(cpu)).padStart(10)}     ${mb(Math.max(...rs.map((r) => r.rss))).padStart(8)}      ${t === base ? '1x' : ratio.toFixed(1) + 'x'}${rs.length < RUNS ? `  (${rs.length} run${rs.length === 1 ? '' : 's'})` : ''}`,
    );
  }

  console.log('\neditor latency (engine-level, as the extension\'s worker: one Analyzer, same path, edited text; stage 2; ms)');
  console.log('lines    open file   tree built when idle   1-char edit (median / max)   typing a line (median / max)');
  const latency: Record<number, { valid: number; typing: number }> = {};
  for (const n of [1_000, 10_000]) {
    const l = editorLatency(n);
    latency[n] = { valid: median(l.valid), typing: median(l.typing) };
    console.log(`${String(n).padStart(6)}   ${l.open.toFixed(1).padStart(8)}   ${l.prepare.toFixed(1).padStart(20)}   ${median(l.valid).toFixed(1).padStart(12)} / ${Math.max(...l.valid).toFixed(1).padEnd(12)}   ${median(l.typing).toFixed(1).padStart(12)} / ${Math.max(...l.typing).toFixed(1)}`);
  }

  const load1 = loadavg();
  console.log(`\nload average at the end: ${load1.map((x) => x.toFixed(2)).join(' ')} (on ${availableParallelism()} cores: above that, tools wait for a core and wall times grow)`);
  console.log('\ntargets');
  const mark = (ok: boolean): string => (ok ? 'met    ' : 'NOT met');
  if (base) {
    const baseRss = Math.max(...(runs.get(base) as Run[]).map((r) => r.rss));
    console.log(`  ${mark(baseWall < 2000)}  cold check of the corpus under 2 s: ${secs(baseWall)}`);
    console.log(`  ${mark(baseRss < 300 * 1024)}  memory under 300 MB: ${mb(baseRss)}`);
    const f = ratios.get('flake8');
    if (f !== undefined) {
      console.log(`  ${mark(f >= 10)}  at least 10x faster than flake8: ${f.toFixed(1)}x`);
      const withCache = ['nn-recipe --cache', '  1 script changed', '  1 module changed'].map((n) => [n.trim(), ratios.get(n)] as const).filter(([, r]) => r !== undefined);
      if (withCache.length)
        console.log(`           with the result cache, a check that is not cold (flake8 keeps none): ${withCache.map(([n, r]) => `${n} ${(f / (r as number)).toFixed(1)}x`).join(', ')}`);
    }
    const p = ratios.get('pylint');
    if (p !== undefined) console.log(`  ${mark(p >= 50)}  at least 50x faster than pylint: ${p.toFixed(1)}x`);
  }
  console.log(`  ${mark(latency[10_000].valid < 10)}  re-analysis after a one-character edit of a 10,000-line file under 10 ms: ${latency[10_000].valid.toFixed(1)} ms`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});

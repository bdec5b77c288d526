// `npm test`: build, type-check, lint, docs check, unit tests, integration tests in a real VS Code.
// Streams each step's output and ends with one line `N passed, N failed` (tests counted; a failing
// build/type-check/lint/docs step counts as one failed test so that it can never pass silently).
import { spawn } from 'child_process';
import { readFileSync } from 'fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const only = process.argv.slice(2);

function run(cmd, args, { parse } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, counts: parse ? parse(out) : undefined }));
    child.on('error', (err) => {
      process.stderr.write(`${cmd}: ${err.message}\n`);
      resolve({ code: 1 });
    });
  });
}

/** Mocha's spec reporter summary: "  12 passing", "  1 failing", "  2 pending". */
function mochaCounts(out) {
  const n = (re) => Number(re.exec(out)?.[1] ?? 0);
  return { passed: n(/^\s+(\d+) passing/m), failed: n(/^\s+(\d+) failing/m), skipped: n(/^\s+(\d+) pending/m) };
}

/** The integration launcher's closing line "integration: N passed, N failed". */
function integrationCounts(out) {
  const m = /^integration: (\d+) passed, (\d+) failed/m.exec(out);
  return m ? { passed: Number(m[1]), failed: Number(m[2]), skipped: 0 } : undefined;
}

const steps = [
  { name: 'build', cmd: 'node', args: ['scripts/build.mjs'] },
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', '.', '--noEmit'] },
  { name: 'lint', cmd: 'npx', args: ['eslint', '.', '--max-warnings', '0'] },
  { name: 'docs', cmd: 'npx', args: ['tsx', 'scripts/gen-docs.ts', '--check'] },
  { name: 'unit', cmd: 'npx', args: ['mocha'], parse: mochaCounts },
];
if (pkg.scripts['test:integration']) steps.push({ name: 'integration', cmd: 'npm', args: ['run', '--silent', 'test:integration'], parse: integrationCounts });

let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];
for (const s of steps) {
  if (only.length && !only.includes(s.name)) continue;
  process.stdout.write(`\n=== ${s.name}: ${s.cmd} ${s.args.join(' ')}\n`);
  const started = Date.now();
  const r = await run(s.cmd, s.args, { parse: s.parse });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (s.parse) {
    const c = r.counts ?? { passed: 0, failed: 0, skipped: 0 };
    // A runner that crashed before its summary, or exited non-zero with no failure counted, is one failure.
    const extra = r.code !== 0 && c.failed === 0 ? 1 : 0;
    if (!r.counts && r.code === 0) {
      failed++;
      summary.push(`${s.name}: no test summary found (counted as failed) ${secs}s`);
      continue;
    }
    passed += c.passed;
    failed += c.failed + extra;
    skipped += c.skipped;
    summary.push(`${s.name}: ${c.passed} passed, ${c.failed + extra} failed${c.skipped ? `, ${c.skipped} skipped` : ''} (${secs}s)`);
  } else if (r.code !== 0) {
    failed++;
    summary.push(`${s.name}: FAILED (exit ${r.code}, ${secs}s)`);
  } else summary.push(`${s.name}: ok (${secs}s)`);
}
process.stdout.write(`\n${summary.join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed ? 1 : 0;

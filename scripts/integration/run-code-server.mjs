// Offline integration launcher: runs test/integration/suite inside a real VS Code extension host served by
// code-server (installed from the npm registry), driven by Debian's Chromium through playwright-core.
// See /work/shared/vscode-host.md. Exits with the suite's exit code; always stops the server and browser.
//
//   node scripts/integration/run-code-server.mjs [--no-build] [--screenshots] [--bench] [--verbose] [--timeout 600] [--grep re]
//                                                [--vsix nn-recipe-0.1.0.vsix]   (test the packaged extension)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ensureCodeServer, entryJs } from './install-code-server.mjs';
import {
  buildAll, buildTests, copyWorkspace, extensionFolder, extensionTestsPath, log, makeTempRoot, makeUserData, parseArgs, root, screenshotsDir, testEnv,
} from './common.mjs';

const CHROMIUM = process.env.NN_RECIPE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];
/** Printed by test/integration/suite/index.ts when mocha starts; workbench chatter before it is not echoed. */
const SUITE_START = '[nn-recipe] integration suite starting';
const SCREENSHOT_REQUEST = /^\[nn-recipe:screenshot\] ([\w-]+)(?: \| (.+))?$/;
/** Harmless offline noise (see vscode-host.md): gallery lookups and the missing vsda files. */
const NOISE = [/open-vsx\.org|gallery|ENOTFOUND|vsda|marketplace/i, /Failed to load resource/];
const logsDir = path.join(root, '.vscode-test', 'logs', 'code-server');

const opts = parseArgs(process.argv.slice(2));
const cleanups = [];
let finished = false;

async function cleanup() {
  while (cleanups.length) {
    try { await cleanups.pop()(); } catch (e) { console.error(`[integration] cleanup: ${e.message}`); }
  }
}

let exitCode = 0;
async function finish(code, reason) {
  if (finished) return;
  finished = true;
  exitCode = code;
  if (reason) log(reason);
  await cleanup();
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => finish(130, `interrupted by ${sig}`));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, server, deadline) {
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited early with code ${server.exitCode} (see ${path.relative(root, logsDir)}/server.log)`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('code-server did not answer /healthz in time');
}

/** Stops a detached process group: SIGTERM, then SIGKILL if it is still there after a grace period. */
async function killGroup(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const timer = new Promise((r) => setTimeout(() => r('timeout'), graceMs));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    await exited;
  }
}

async function main() {
  const overallDeadline = Date.now() + opts.timeout * 1000;
  const overallTimer = setTimeout(
    () => finish(124, `FAILED: timed out after ${opts.timeout} s (raise it with --timeout); no result from the suite`),
    opts.timeout * 1000,
  );
  overallTimer.unref();

  ensureCodeServer();
  if (opts.build && !opts.vsix) await buildAll();
  else if (opts.build) await buildTests();
  if (!fs.existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: build the tests first`);

  const tmp = makeTempRoot('nn-recipe-it-');
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const workspace = copyWorkspace(tmp);
  // Kept in the logs folder: the servers' logs, the extension's own (its output channel), and after a failure the
  // workspace as the tests left it.
  cleanups.push(() => {
    const userLogs = path.join(tmp, 'user-data', 'logs');
    if (fs.existsSync(userLogs)) fs.cpSync(userLogs, path.join(logsDir, 'user-data'), { recursive: true });
    if (exitCode !== 0) fs.cpSync(workspace, path.join(logsDir, 'workspace'), { recursive: true });
  });
  const extensionPath = extensionFolder(opts, tmp);
  if (opts.vsix) log(`testing the package ${path.relative(root, opts.vsix)}`);
  fs.rmSync(logsDir, { recursive: true, force: true });
  fs.mkdirSync(logsDir, { recursive: true });
  const handshakeDir = path.join(tmp, 'screenshots');
  if (opts.screenshots) {
    fs.mkdirSync(handshakeDir);
    fs.mkdirSync(screenshotsDir, { recursive: true });
  }

  // Keep code-server and Chromium away from the real home folder: config, caches and profiles go to tmp.
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  const isolatedEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const serverLog = fs.createWriteStream(path.join(logsDir, 'server.log'));
  const server = spawn(process.execPath, [
    entryJs,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--config', path.join(tmp, 'code-server.yaml'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', makeUserData(tmp),
    '--extensions-dir', path.join(tmp, 'extensions'),
    workspace,
  ], {
    cwd: tmp,
    detached: true, // own process group, so the extension host dies with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...isolatedEnv,
      ...testEnv(opts, opts.screenshots ? { NN_RECIPE_SCREENSHOT_HANDSHAKE: handshakeDir } : {}),
    },
  });
  cleanups.push(() => killGroup(server));
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);
  if (opts.verbose) {
    server.stdout.on('data', (d) => process.stdout.write(`[code-server] ${d}`));
    server.stderr.on('data', (d) => process.stdout.write(`[code-server] ${d}`));
  }

  await waitForHealth(`${origin}/healthz`, server, Math.min(overallDeadline, Date.now() + 60_000));
  log(`code-server ${port} ready after ${Date.now() - t0} ms`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, env: isolatedEnv });
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();

  let resolveExit;
  const exited = new Promise((r) => { resolveExit = r; });
  let suiteStarted = false;
  const windowLog = fs.createWriteStream(path.join(logsDir, 'window.log'));
  cleanups.push(() => new Promise((r) => windowLog.end(r)));

  /** Waits for `selector` (the state the test set up is rendered), then captures the whole workbench. */
  async function takeScreenshot(name, selector) {
    const file = path.join(screenshotsDir, `${name}.png`);
    if (selector) await page.locator(selector).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.screenshot({ path: file });
    log(`screenshot ${path.relative(root, file)}`);
    fs.writeFileSync(path.join(handshakeDir, `${name}.done`), '');
  }

  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // The extension host forwards console calls with their arguments (mocha uses printf-style formats).
    const text = format(...(Array.isArray(args) ? args : [args]));
    windowLog.write(`[${type}] ${text}\n`);
    if (text.startsWith(SUITE_START)) suiteStarted = true;
    const shot = opts.screenshots && SCREENSHOT_REQUEST.exec(text);
    if (shot) {
      takeScreenshot(shot[1], shot[2]).catch((e) => log(`screenshot ${shot[1]} failed: ${e.message}`));
      return;
    }
    const noisy = NOISE.some((re) => re.test(text));
    if (opts.verbose || (suiteStarted && !noisy)) {
      (type === 'error' ? console.error : console.log)(type === 'error' || type === 'warn' ? `[${type}] ${text}` : text);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
      const file = path.join(logsDir, 'workbench', relativePath);
      if (!file.startsWith(logsDir)) continue;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, contents);
    }
    resolveExit(code);
  });
  page.on('crash', () => finish(1, 'FAILED: the workbench page crashed'));
  browser.on('disconnected', () => finish(1, 'FAILED: the browser went away'));
  server.on('exit', (code, signal) => finish(1, `FAILED: code-server exited (${code ?? signal}) before the suite finished`));

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(extensionTestsPath)],
  ];
  const url = `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);

  const code = await exited;
  log(`extension host exited with ${code}; server start to exit ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!suiteStarted) log(`the suite never started: see ${path.relative(root, logsDir)}/`);
  await finish(typeof code === 'number' ? code : 1);
}

main().catch((e) => finish(1, `FAILED: ${e.stack ?? e}`));

// Shared by both integration launchers: build the bundles, copy the fixture workspace, parse options.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const testsOutDir = path.join(root, 'out', 'test', 'integration');
/** The module whose `run()` the extension host calls. */
export const extensionTestsPath = path.join(testsOutDir, 'suite', 'index.js');
export const fixtureWorkspace = path.join(root, 'test', 'integration', 'fixtures', 'workspace');
export const screenshotsDir = path.join(root, 'media', 'screenshots');

/** Bundles `test/integration/suite/*.ts` (one output per file; `vscode` and `mocha` stay external). */
export async function buildTests() {
  const suiteDir = path.join(root, 'test', 'integration', 'suite');
  const entryPoints = fs.readdirSync(suiteDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(suiteDir, f));
  fs.rmSync(testsOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: path.join(testsOutDir, 'suite'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    mainFields: ['module', 'main'], // as scripts/build.mjs: jsonc-parser's UMD main cannot be bundled
    logLevel: 'warning',
  });
}

/** Builds the extension bundle (the project build) and the test bundles. */
export async function buildAll() {
  const t0 = Date.now();
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  await buildTests();
  log(`built extension and tests in ${Date.now() - t0} ms`);
}

/**
 * The folder to load the extension from: the repository, or with `--vsix` the unpacked package (so the
 * suite tests exactly what ships).
 */
export function extensionFolder(opts, tmpRoot) {
  if (!opts.vsix) return root;
  const dest = path.join(tmpRoot, 'vsix');
  execFileSync('unzip', ['-q', opts.vsix, 'extension/*', '-d', dest]);
  return path.join(dest, 'extension');
}

/** A fresh copy of the fixture workspace in a temporary folder, so tests may edit and save files. */
export function copyWorkspace(tmpRoot) {
  const dest = path.join(tmpRoot, 'workspace');
  fs.cpSync(fixtureWorkspace, dest, { recursive: true });
  return dest;
}

export function makeTempRoot(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh user-data folder with quiet settings: no welcome page or tips, telemetry off. */
export function makeUserData(tmpRoot) {
  const dir = path.join(tmpRoot, 'user-data');
  fs.mkdirSync(path.join(dir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    // VS Code for the web (code-server) saves dirty files after a second by default (desktop VS Code does not): a test
    // that leaves an edit unsaved for longer, as on a loaded machine, found it saved to disk (and the fixture changed
    // for the tests after it), and an automatic save before the test's own one skipped the fix-all on explicit save.
    'files.autoSave': 'off',
  };
  fs.writeFileSync(path.join(dir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return dir;
}

export function log(message) {
  console.log(`[integration] ${message}`);
}

/** `--flag`, `--key value`, `--key=value` */
export function parseArgs(argv) {
  const opts = { build: true, screenshots: false, bench: false, timeout: 600, grep: undefined, verbose: false, vsix: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (key) {
      case '--no-build': opts.build = false; break;
      case '--screenshots': opts.screenshots = true; break;
      case '--bench': opts.bench = true; break;
      case '--verbose': opts.verbose = true; break;
      case '--timeout': opts.timeout = Number(value()); break;
      case '--grep': opts.grep = value(); break;
      case '--vsix': opts.vsix = path.resolve(value()); break;
      default: throw new Error(`unknown option ${argv[i]}\nusage: [--no-build] [--screenshots] [--bench] [--verbose] [--timeout seconds] [--grep pattern] [--vsix file]`);
    }
  }
  if (!(opts.timeout > 0)) throw new Error('--timeout must be a positive number of seconds');
  return opts;
}

/** Environment for the extension host: read by test/integration/suite/index.ts. */
export function testEnv(opts, extra = {}) {
  return {
    NN_RECIPE_TEST_GREP: opts.grep ?? '',
    NN_RECIPE_BENCH: opts.bench ? '1' : '',
    ...extra,
  };
}

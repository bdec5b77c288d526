// Integration launcher for machines that can download VS Code (or have it installed): the same suite as
// run-code-server.mjs, run by @vscode/test-electron in a desktop VS Code.
//
//   node scripts/integration/run-electron.mjs [--no-build] [--timeout 600] [--grep re]
//   VSCODE_EXECUTABLE=/path/to/code node scripts/integration/run-electron.mjs   # use an installed VS Code
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { runTests } from '@vscode/test-electron';
import { buildAll, buildTests, copyWorkspace, extensionFolder, extensionTestsPath, log, makeTempRoot, makeUserData, parseArgs, testEnv } from './common.mjs';

const opts = parseArgs(process.argv.slice(2));
if (opts.screenshots) throw new Error('--screenshots needs the code-server launcher (npm run test:integration -- --screenshots)');

const tmp = makeTempRoot('nn-recipe-it-');
let code = 1;
const timer = setTimeout(() => {
  log(`FAILED: timed out after ${opts.timeout} s`);
  // Stop the VS Code this process started (our direct children, by parent id).
  try { execFileSync('pkill', ['-TERM', '-P', String(process.pid)]); } catch { /* none left */ }
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(124);
}, opts.timeout * 1000);
try {
  if (opts.build && !opts.vsix) await buildAll();
  else if (opts.build) await buildTests();
  const workspace = copyWorkspace(tmp);
  const t0 = Date.now();
  code = await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: extensionFolder(opts, tmp),
    extensionTestsPath,
    extensionTestsEnv: testEnv(opts),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir', makeUserData(tmp),
    ],
  });
  log(`VS Code exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (e) {
  log(`FAILED: ${e.message ?? e}`);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|download/i.test(String(e.message ?? e))) {
    log('VS Code could not be downloaded: set VSCODE_EXECUTABLE to an installed VS Code, or run the offline launcher (npm run test:integration)');
  }
  code = typeof e.code === 'number' && e.code !== 0 ? e.code : 1;
} finally {
  clearTimeout(timer);
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);

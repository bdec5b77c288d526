// Entry point the extension host calls (`extensionTestsPath`), under both launchers: code-server
// (scripts/integration/run-code-server.mjs) and @vscode/test-electron (scripts/integration/run-electron.mjs).
// Runs every `*.test.js` next to this file with mocha and ends with one summary line the test runner parses:
//   integration: N passed, N failed
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 90_000, reporter: 'spec' });
  const grep = process.env.NN_RECIPE_TEST_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  // --bench runs the editor benchmark instead of the tests; --screenshots adds the README screenshots.
  const files = process.env.NN_RECIPE_BENCH ? ['bench.js'] : fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  if (process.env.NN_RECIPE_SCREENSHOT_HANDSHAKE) files.push('screenshots.js');
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  console.log(`[nn-recipe] integration suite starting: ${files.length} file(s), VS Code ${vscode.version}`);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        console.log(`integration: ${passed} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (passed === 0) reject(new Error('no integration tests ran (check NN_RECIPE_TEST_GREP)'));
        else resolve();
      });
    } catch (e) {
      console.log('integration: 0 passed, 1 failed');
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

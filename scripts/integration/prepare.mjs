// For the "Integration Tests (desktop)" launch configuration: builds the extension and the tests, and puts a
// fresh copy of the fixture workspace at .vscode-test/workspace (the tests edit and save files in it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildAll, fixtureWorkspace, log, root } from './common.mjs';

await buildAll();
const dest = path.join(root, '.vscode-test', 'workspace');
fs.rmSync(dest, { recursive: true, force: true });
fs.cpSync(fixtureWorkspace, dest, { recursive: true });
log(`fixture workspace copied to ${path.relative(root, dest)}`);

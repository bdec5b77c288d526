// `npm start`, step 2: the checker on the bundled example project. Findings are expected (exit code 1);
// only a usage or I/O error (exit code 2) fails the command.
import { spawnSync } from 'child_process';

const r = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples/'], { stdio: 'inherit' });
if (r.status !== 0 && r.status !== 1) process.exit(r.status ?? 2);

// Installs code-server (which embeds a full VS Code build) from the npm registry into a cache folder,
// without its postinstall (which downloads from GitHub, needs root-hostile steps). See
// /work/shared/vscode-host.md. Idempotent: an intact install is reused.
//
//   node scripts/integration/install-code-server.mjs [--force]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const installDir = path.join(root, '.vscode-test', 'code-server');
const pkgDir = path.join(installDir, 'node_modules', 'code-server');
const vscodeDir = path.join(pkgDir, 'lib', 'vscode');
const marker = path.join(installDir, '.installed');
export const entryJs = path.join(pkgDir, 'out', 'node', 'entry.js');

/** Files whose absence means the install is incomplete or damaged. */
const requiredFiles = [
  entryJs,
  path.join(vscodeDir, 'out', 'server-main.js'),
  path.join(vscodeDir, 'node_modules.asar'),
  // native addons that must have been built (argon2 is hoisted next to code-server)
  path.join(installDir, 'node_modules', 'argon2', 'lib', 'binding', 'napi-v3', 'argon2.node'),
  path.join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
  path.join(vscodeDir, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
  path.join(vscodeDir, 'node_modules', 'native-watchdog', 'build', 'Release', 'watchdog.node'),
  path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
  path.join(vscodeDir, 'extensions', 'node_modules'),
];

export function isInstalled() {
  try {
    if (fs.readFileSync(marker, 'utf8').trim() !== CODE_SERVER_VERSION) return false;
  } catch {
    return false;
  }
  return requiredFiles.every((f) => fs.existsSync(f));
}

function run(cmd, args, cwd) {
  console.log(`[install-code-server] ${cwd ? `(${path.relative(root, cwd) || '.'}) ` : ''}${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

function which(bin) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

export function ensureCodeServer({ force = false } = {}) {
  if (!force && isInstalled()) return;
  const t0 = Date.now();
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) not found on PATH: install the Debian package "ripgrep"');
  fs.rmSync(installDir, { recursive: true, force: true });
  fs.mkdirSync(installDir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  run(npm, ['install', '--ignore-scripts', ...quiet, '--prefix', installDir, `code-server@${CODE_SERVER_VERSION}`]);
  run(npm, ['rebuild', '--prefix', installDir, 'argon2']);
  run(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], vscodeDir);
  // node-pty (terminals only) is left unbuilt on purpose.
  run(npm, ['rebuild', 'kerberos', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher'], vscodeDir);
  const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgBin, { recursive: true });
  fs.rmSync(path.join(rgBin, 'rg'), { force: true });
  fs.symlinkSync(rg, path.join(rgBin, 'rg'));
  fs.rmSync(path.join(vscodeDir, 'node_modules.asar'), { force: true });
  fs.symlinkSync('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  run(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], path.join(vscodeDir, 'extensions'));
  const missing = requiredFiles.filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(`code-server install incomplete, missing:\n  ${missing.join('\n  ')}`);
  fs.writeFileSync(marker, CODE_SERVER_VERSION + '\n');
  console.log(`[install-code-server] code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureCodeServer({ force: process.argv.includes('--force') });
  console.log(`[install-code-server] ready: ${path.relative(root, installDir)}`);
}

// @ts-check
/**
 * Builds the web pages (web/ → dist/web) with Vite, in a child process so the server that starts after it
 * does not carry the bundler in memory. `npm run build:web` (and `prepare`, run by `npm install`) always
 * builds; `npm start` builds only when dist/web is missing or older than any file under web/ or the lock file.
 * Without Vite (an install that left out devDependencies) an existing build is served as it is.
 * Plain JavaScript, so it runs before anything is built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = join(ROOT, 'web');
const BUILT = join(ROOT, 'dist', 'web', 'index.html');

/**
 * Newest modification time of the web sources (and the lock file: a dependency update rebuilds).
 * @param {string} [dir]
 * @returns {number}
 */
function newestSource(dir = SOURCES) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return dir === SOURCES ? Math.max(newest, existsSync(join(ROOT, 'package-lock.json')) ? statSync(join(ROOT, 'package-lock.json')).mtimeMs : 0) : newest;
}

/**
 * Whether dist/web is missing or older than its sources.
 * @returns {boolean}
 */
export function webBuildIsStale() {
  return !existsSync(BUILT) || statSync(BUILT).mtimeMs < newestSource();
}

/**
 * Builds when asked (`force`) or stale; returns false (with a message on stderr) when it could not.
 * @param {{ force?: boolean; log?: (line: string) => void }} [opts]
 * @returns {boolean}
 */
export function ensureWebBuilt(opts = {}) {
  const log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
  if (!opts.force && !webBuildIsStale()) return true;
  /** @type {string} */
  let vite;
  try {
    vite = join(createRequire(import.meta.url).resolve('vite/package.json'), '..', 'bin', 'vite.js');
  } catch {
    if (existsSync(BUILT)) {
      log('网页构建工具未安装（npm install 时跳过了 devDependencies），使用已有的 dist/web。');
      return true;
    }
    log('无法构建网页：未安装 Vite。请在项目目录运行 npm install（不要加 --omit=dev），它会同时构建网页。');
    return false;
  }
  log('正在构建网页（web/ → dist/web）…');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(SOURCES, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    log('网页构建失败，见上方输出。');
    return false;
  }
  return true;
}

// `node scripts/web-build.mjs [--force]`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(ensureWebBuilt({ force: process.argv.includes('--force') }) ? 0 : 1);
}

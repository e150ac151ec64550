// @ts-check
/**
 * Compiles the server (src/ → dist/server) to JavaScript with esbuild: one .js file (with its source map) per
 * .ts file, same layout, so paths computed from `import.meta.url` hold in both places; other files under src/
 * (the playground page) are copied beside them. Plain JavaScript, so it runs before anything is built.
 *
 * `npm install` (prepare) and `npm run build:server` always build; `npm start` and `npm run pufa` build only when
 * stale: a fingerprint of every source file (path, size, modification time), the lock file, tsconfig.json and
 * this script is kept in dist/server/.build-stamp and compared (a few milliseconds). The new build is written
 * beside the old one and swapped in, so a process starting meanwhile never sees half a build.
 * Type checking is not done here (esbuild only strips types): `npx tsc --noEmit` and CI do it.
 * Without esbuild (an install that left out devDependencies) an existing build is used as it is.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
/** Where the compiled server goes (the entry points are dist/server/main.js and dist/server/cli/main.js). */
export const SERVER_DIR = join(DIST, 'server');
const STAMP = '.build-stamp';
/** Files outside src/ whose change makes the build stale. */
const EXTRA_INPUTS = ['package-lock.json', 'tsconfig.json', 'scripts/server-build.mjs'];

/**
 * Every file under `dir`, relative to the project root, sorted.
 * @param {string} dir
 * @param {string[]} out
 * @returns {string[]}
 */
function filesUnder(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, out);
    else if (entry.isFile()) out.push(relative(ROOT, path));
  }
  return out;
}

/**
 * The fingerprint of the inputs: which files there are, their sizes and modification times.
 * @returns {string}
 */
export function sourceFingerprint() {
  const hash = createHash('sha256');
  for (const rel of [...filesUnder(SOURCES).sort(), ...EXTRA_INPUTS]) {
    const path = join(ROOT, rel);
    if (!existsSync(path)) continue;
    const s = statSync(path);
    hash.update(`${rel}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/**
 * Whether dist/server is missing or was built from other sources than the ones here now.
 * @returns {boolean}
 */
export function serverBuildIsStale() {
  const stamp = join(SERVER_DIR, STAMP);
  return !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== sourceFingerprint();
}

/**
 * Compiles src/ into a fresh directory and swaps it in for dist/server.
 * @param {typeof import('esbuild')} esbuild
 */
async function compile(esbuild) {
  const fingerprint = sourceFingerprint();
  const files = filesUnder(SOURCES);
  const tmp = join(DIST, `.server-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    await esbuild.build({
      entryPoints: files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => join(ROOT, f)),
      outdir: tmp,
      outbase: SOURCES,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      sourcesContent: false,
      logLevel: 'warning',
    });
    for (const f of files.filter((f) => !f.endsWith('.ts'))) {
      const to = join(tmp, relative(SOURCES, join(ROOT, f)));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(join(ROOT, f), to);
    }
    writeFileSync(join(tmp, STAMP), `${fingerprint}\n`);
    const old = join(DIST, `.server-old-${process.pid}`);
    if (existsSync(SERVER_DIR)) renameSync(SERVER_DIR, old);
    try {
      renameSync(tmp, SERVER_DIR);
    } catch (err) {
      // Another process swapped in its build of the same sources first: keep that one.
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOTEMPTY' && /** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Builds when asked (`force`) or stale; returns false (with a message on stderr) when it could not.
 * @param {{ force?: boolean; log?: (line: string) => void }} [opts]
 * @returns {Promise<boolean>}
 */
export async function ensureServerBuilt(opts = {}) {
  const log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
  if (!opts.force && !serverBuildIsStale()) return true;
  /** @type {typeof import('esbuild')} */
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    if (existsSync(join(SERVER_DIR, 'main.js'))) {
      log('编译工具 esbuild 未安装（npm install 时跳过了 devDependencies），使用已有的 dist/server。');
      return true;
    }
    log('无法编译服务程序：未安装 esbuild。请在项目目录运行 npm install（不要加 --omit=dev），它会同时完成编译。');
    return false;
  }
  mkdirSync(DIST, { recursive: true });
  try {
    await compile(esbuild);
  } catch (err) {
    log(`服务程序编译失败（src/ → dist/server）：${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
  return true;
}

// `node scripts/server-build.mjs [--force]`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit((await ensureServerBuilt({ force: process.argv.includes('--force') })) ? 0 : 1);
}

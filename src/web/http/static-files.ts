/**
 * Serves the built pages (dist/web, from `npm run build:web`): hashed files under /assets/ are cached for a
 * year (`immutable`: their name changes with their content), the HTML shell is `no-cache` (always checked, so
 * a new build is seen at once). Text assets are gzipped once and kept in memory. No CDN: bureaus run on
 * intranets, so every byte the pages need comes from here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context } from 'koa';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};
const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json']);

export interface StaticFiles {
  /** Whether the pages have been built (dist/web/index.html exists). */
  readonly built: () => boolean;
  /** Sends /assets/<file> (or another top-level file of the build); false when there is no such file. */
  serveAsset(ctx: Context): boolean;
  /** Sends the HTML shell of the single-page app (no-cache). */
  serveShell(ctx: Context): void;
}

interface Cached {
  readonly body: Buffer;
  readonly gzip?: Buffer;
}

export function createStaticFiles(distDir: string): StaticFiles {
  const root = normalize(distDir + sep);
  const cache = new Map<string, Cached | null>();

  function load(rel: string): Cached | null {
    let hit = cache.get(rel);
    if (hit !== undefined) return hit;
    const file = normalize(join(root, rel));
    // Never outside the build directory (../ in the path).
    if (!file.startsWith(root) || !existsSync(file)) hit = null;
    else {
      const body = readFileSync(file);
      hit = { body, gzip: COMPRESSIBLE.has(extname(file)) && body.length > 1024 ? gzipSync(body) : undefined };
    }
    // The shell is re-read on every request (a rebuild while running is served at once); assets are immutable.
    if (rel !== 'index.html') cache.set(rel, hit);
    return hit;
  }

  function send(ctx: Context, rel: string, f: Cached, cacheControl: string): void {
    ctx.type = TYPES[extname(rel)] ?? 'application/octet-stream';
    ctx.set('Cache-Control', cacheControl);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.vary('Accept-Encoding');
    if (f.gzip && ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = f.gzip;
    } else ctx.body = f.body;
  }

  return {
    built: () => existsSync(join(root, 'index.html')),
    serveAsset(ctx) {
      const rel = decodeURIComponent(ctx.path).replace(/^\/+/, '');
      if (!rel || rel.includes('\0') || rel === 'index.html') return false;
      const f = load(rel);
      if (!f) return false;
      send(ctx, rel, f, rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      return true;
    },
    serveShell(ctx) {
      const f = load('index.html');
      if (!f) {
        ctx.status = 503;
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = '网页尚未构建：请在项目目录运行 npm install（或 npm run build:web）后重新启动。';
        return;
      }
      send(ctx, 'index.html', f, 'no-cache');
      // The shell runs only our own scripts; Vant and ECharts set inline styles.
      ctx.set(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'self'",
      );
      ctx.set('Referrer-Policy', 'same-origin');
    },
  };
}

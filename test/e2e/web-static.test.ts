/**
 * The built pages as the bot serves them (no CDN): hashed assets cached a year and gzipped, the HTML shell never
 * cached and under a strict CSP, nothing outside dist/web reachable, page paths answered with the shell.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { projectRoot } from '../../src/web/mount.js';
import { startWebServer } from '../helpers/web.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

test('assets: a year, immutable, gzipped on request; the shell: no-cache with a CSP; no way out of dist/web', async () => {
  const s = await startWebServer();
  closers.push(s.close);
  const js = readdirSync(join(projectRoot(), 'dist', 'web', 'assets')).find((f) => f.startsWith('index-') && f.endsWith('.js'))!;
  const asset = await fetch(`${s.url}/assets/${js}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(asset.headers.get('content-type')).toContain('text/javascript');
  expect(asset.headers.get('content-encoding')).toBe('gzip');
  expect((await asset.text()).length).toBeGreaterThan(1000); // fetch un-gzips it
  for (const path of ['/dash', '/dash/departments/fzk', '/signin']) {
    const shell = await fetch(`${s.url}${path}`);
    expect(shell.status).toBe(200);
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    expect(shell.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await shell.text()).toContain(`/assets/${js}`);
  }
  for (const path of ['/assets/..%2F..%2Fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/nope.js']) {
    expect((await fetch(`${s.url}${path}`)).status, path).toBe(404);
  }
  expect((await fetch(`${s.url}/dashboard-not-a-page`)).status).toBe(404);
});

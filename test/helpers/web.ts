/**
 * Test helpers for the web app: a server that listens before the deps are built (so PUBLIC_URL can be its
 * real address, as the WeCom redirect and the login links need), a cookie jar over fetch, and signing in
 * with a one-time link as a browser would (GET the page, POST the form).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import type { Deps } from '../../src/deps.js';
import { type TestDepsOptions, makeTestDeps } from './test-deps.js';

/** Starts a server on 127.0.0.1, then builds deps with PUBLIC_URL set to it. */
export async function startWebServer(opts: TestDepsOptions & { env?: Record<string, string> } = {}) {
  let handler: ((req: any, res: any) => void) | undefined;
  const server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const made = await makeTestDeps({ ...opts, env: { PUBLIC_URL: url, ...opts.env } });
  handler = buildApp(made.deps).callback();
  return {
    ...made,
    url,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A browser's cookies for one origin: kept from Set-Cookie, sent with every request. */
export function cookieJar() {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  return {
    cookies,
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    async fetch(url: string, init: RequestInit = {}): Promise<Response> {
      const headers = new Headers(init.headers);
      if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      const res = await fetch(url, { ...init, headers, redirect: 'manual' });
      keep(res);
      return res;
    },
  };
}

export type CookieJar = ReturnType<typeof cookieJar>;

/** Issues a login link for a person and signs the jar in with it (GET the confirmation, POST it). Returns the CSRF token. */
export async function signInByLink(deps: Deps, url: string, jar: CookieJar, personId: string): Promise<string> {
  const person = (await deps.store.getPerson(personId))!;
  const link = await deps.auth.issueLink(person, 'cli');
  const path = new URL(link.url).pathname;
  const page = await jar.fetch(`${url}${path}`);
  if (page.status !== 200) throw new Error(`login page answered ${page.status}`);
  const done = await jar.fetch(`${url}${path}`, { method: 'POST' });
  if (done.status !== 303) throw new Error(`login POST answered ${done.status}`);
  const me = (await (await jar.fetch(`${url}/api/me`)).json()) as { csrf: string };
  return me.csrf;
}

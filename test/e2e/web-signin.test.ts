/**
 * Web sign-in end to end (issue 16): one-time login links from the command line and the chat (`后台`), the
 * confirmation GET that uses nothing up, the POST that signs in, the session cookie's attributes, a new
 * session id at every sign-in, logout, expiry, and the issuance throttle. The real server on a random port.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import { runBot } from '../../src/core/bot.js';
import type { InboundMessage } from '../../src/core/message.js';
import { cookieJar, signInByLink, startWebServer } from '../helpers/web.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function server() {
  const s = await startWebServer();
  closers.push(s.close);
  return s;
}

/** `npm run pufa -- login-link <who>` in-process; the printed lines. */
async function loginLinkCommand(s: Awaited<ReturnType<typeof server>>, who: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCommand(['login-link', who], { config: s.deps.config, deps: s.deps, io: { out: (l) => lines.push(l) } });
  return { code, lines };
}

const say = (userId: string, text: string, group = false): InboundMessage => ({
  channel: 'playground',
  messageId: `m-${Math.random()}`,
  sentAt: new Date('2026-11-24T02:00:00Z'),
  sender: { userId },
  conversation: { id: group ? 'g1' : userId, kind: group ? 'group' : 'direct' },
  text,
  replyTo: { channel: 'playground', kind: 'user', id: userId },
});

describe('one-time login link', () => {
  test('the command prints the URL as its last word, on PUBLIC_URL; GET shows whom it signs in and uses nothing', async () => {
    const s = await server();
    const { code, lines } = await loginLinkCommand(s, '李科长');
    expect(code).toBe(0);
    const url = lines.join(' ').trim().split(/\s+/).at(-1)!;
    expect(url.startsWith(`${s.url}/l/`)).toBe(true);
    const jar = cookieJar();
    for (let i = 0; i < 2; i++) {
      const page = await jar.fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('same-origin');
      const html = await page.text();
      expect(html).toContain('李科长');
      expect(html).toContain('method="post"');
    }
    expect(jar.cookies.size).toBe(0);
    // Still unused after two GETs: the POST signs in.
    const done = await jar.fetch(url, { method: 'POST' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/dash');
    const me = await (await jar.fetch(`${s.url}/api/me`)).json();
    expect(me).toMatchObject({ signedIn: true, person: { id: 'likz', name: '李科长', department: '法制科' }, roles: ['leader'] });
  });

  test('the session cookie is HttpOnly, SameSite=Lax and signed; the store keeps only hashes', async () => {
    const s = await server();
    const jar = cookieJar();
    const person = (await s.store.getPerson('likz'))!;
    const { url } = await s.deps.auth.issueLink(person, 'cli');
    const res = await jar.fetch(url, { method: 'POST' });
    const lines = res.headers.getSetCookie();
    const sid = lines.find((l) => l.startsWith('pufa_sid='))!;
    expect(sid).toMatch(/httponly/i);
    expect(sid).toMatch(/samesite=lax/i);
    expect(sid).toMatch(/path=\//i);
    expect(lines.some((l) => l.startsWith('pufa_sid.sig='))).toBe(true);
    const value = jar.cookies.get('pufa_sid')!;
    expect(await s.deps.webAuthStore.getSession(value)).toBeUndefined();
    // A tampered cookie (signature no longer matches) is no session.
    jar.cookies.set('pufa_sid', `${value.slice(0, -2)}xx`);
    expect((await (await jar.fetch(`${s.url}/api/me`)).json()).signedIn).toBe(false);
  });

  test('a link is used once; a second POST, an expired or an unknown link get a page saying so', async () => {
    const s = await server();
    const person = (await s.store.getPerson('likz'))!;
    const first = await s.deps.auth.issueLink(person, 'cli');
    const jar = cookieJar();
    expect((await jar.fetch(first.url, { method: 'POST' })).status).toBe(303);
    const again = await cookieJar().fetch(first.url, { method: 'POST' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('已经使用过');
    const second = await s.deps.auth.issueLink(person, 'cli');
    s.clock.advance(10 * 60_000);
    const late = await cookieJar().fetch(second.url, { method: 'POST' });
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('已过期');
    expect((await cookieJar().fetch(`${s.url}/l/not-a-token`)).status).toBe(404);
  });

  test('signing in again gives a new session id and ends the old one; logout ends the session', async () => {
    const s = await server();
    const jar = cookieJar();
    const csrf = await signInByLink(s.deps, s.url, jar, 'likz');
    const firstSid = jar.cookies.get('pufa_sid')!;
    const stale = cookieJar();
    stale.cookies.set('pufa_sid', firstSid);
    stale.cookies.set('pufa_sid.sig', jar.cookies.get('pufa_sid.sig')!);
    expect((await (await stale.fetch(`${s.url}/api/me`)).json()).signedIn).toBe(true);
    await signInByLink(s.deps, s.url, jar, 'likz');
    expect(jar.cookies.get('pufa_sid')).not.toBe(firstSid);
    expect((await (await stale.fetch(`${s.url}/api/me`)).json()).signedIn).toBe(false);
    // Logout is a POST: it needs the CSRF token of the (new) session.
    const csrfNow = (await (await jar.fetch(`${s.url}/api/me`)).json()).csrf;
    expect(csrfNow).not.toBe(csrf);
    expect((await jar.fetch(`${s.url}/auth/logout`, { method: 'POST' })).status).toBe(403);
    expect((await jar.fetch(`${s.url}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': csrfNow } })).status).toBe(204);
    expect((await (await jar.fetch(`${s.url}/api/me`)).json()).signedIn).toBe(false);
    expect((await jar.fetch(`${s.url}/api/dash/overview`)).status).toBe(401);
  });

  test('a session ends after WEB_SESSION_HOURS, and at once for a person who is deactivated', async () => {
    const s = await server();
    const jar = cookieJar();
    await signInByLink(s.deps, s.url, jar, 'likz');
    s.clock.advance(7 * 3600_000);
    expect((await jar.fetch(`${s.url}/api/dash/overview`)).status).toBe(200);
    s.clock.advance(3600_000);
    expect((await jar.fetch(`${s.url}/api/dash/overview`)).status).toBe(401);
    const other = cookieJar();
    await signInByLink(s.deps, s.url, other, 'wangjz');
    const wang = (await s.store.getPerson('wangjz'))!;
    await s.store.savePeople([{ ...wang, active: false, leftOn: s.deps.stats.today() }]);
    expect((await other.fetch(`${s.url}/api/dash/overview`)).status).toBe(401);
  });

  test('at most 5 links an hour per person; a new link closes the older unused one', async () => {
    const s = await server();
    const first = await loginLinkCommand(s, 'likz');
    for (let i = 0; i < 4; i++) expect((await loginLinkCommand(s, 'likz')).code).toBe(0);
    const refused = await loginLinkCommand(s, 'likz');
    expect(refused.code).toBe(1);
    expect(refused.lines.join('')).toContain('5 次');
    const oldUrl = first.lines.at(-1)!;
    expect((await cookieJar().fetch(oldUrl, { method: 'POST' })).status).toBe(410);
    s.clock.advance(3600_000 + 1000);
    expect((await loginLinkCommand(s, 'likz')).code).toBe(0);
  });

  test('the command refuses an unknown or deactivated person, and names what it could not find', async () => {
    const s = await server();
    const unknown = await loginLinkCommand(s, '没有这个人');
    expect(unknown.code).toBe(1);
    expect(unknown.lines.join('')).toContain('没有找到人员');
    const wang = (await s.store.getPerson('wangwu'))!;
    await s.store.savePeople([{ ...wang, active: false, leftOn: s.deps.stats.today() }]);
    expect((await loginLinkCommand(s, 'wangwu')).code).toBe(1);
  });
});

describe('后台 in chat', () => {
  test('a leader gets a link in a 1:1 chat; a member and a group chat are refused', async () => {
    const s = await server();
    const [leader] = await runBot(s.deps.handler, say('likz', '后台'));
    expect(leader?.kind === 'text' && leader.text).toContain('网页后台登录链接');
    const url = leader?.kind === 'text' ? leader.text.match(/https?:\/\/\S+/)![0] : '';
    expect((await cookieJar().fetch(url, { method: 'POST' })).status).toBe(303);
    const [member] = await runBot(s.deps.handler, say('zhangsan', '后台'));
    expect(member?.kind === 'text' && member.text).toContain('仅供部门领导和管理员');
    const [group] = await runBot(s.deps.handler, say('likz', '后台', true));
    expect(group?.kind === 'text' && group.text).toContain('私聊');
  });
});

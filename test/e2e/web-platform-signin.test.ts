/**
 * In-client sign-in against the fake platforms (web-signin.md §1, §2, §3.6): WeCom OAuth2 网页授权 (a page
 * opened in WeCom without a session → our /auth/wecom → the authorize URL → back with a code → the code
 * exchanged at auth/getuserinfo → a session and a clean URL), with the state check, one retry on a stale code
 * (40029), non-members refused; DingTalk 免登 (the page posts requestAuthCode's code; 40078 for a used or
 * expired one). The app's API clients run against the fakes; nothing here reaches a real platform.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createDingtalkApi } from '../../src/channels/dingtalk/api.js';
import { dingtalkIdentity } from '../../src/channels/dingtalk/web-identity.js';
import { createWecomApi } from '../../src/channels/wecom/api.js';
import { wecomIdentity } from '../../src/channels/wecom/web-identity.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { startFakeDingtalk } from '../fakes/fake-dingtalk.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { type CookieJar, cookieJar, startWebServer } from '../helpers/web.js';

const NOW = '2026-11-24T02:00:00Z';
const CORP = 'wwpufa0000000001';
const WXWORK_UA = 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36 wxwork/4.1.20 MicroMessenger/7.0.1';
const DINGTALK_UA = 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile/15E148 AliApp(DingTalk/7.6.0) DingTalk/7.6.0';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function wecomSetup(opts: { trustedDomain?: (serverHost: string) => string } = {}) {
  // The fake's codes expire on the server's clock (known once the server is up); its 可信域名 is the server's host.
  const clock = fixedClock(NOW);
  let serverNow = () => clock.now().getTime();
  const fake = await startFakeWecomApi({ corpId: CORP, secret: 'app-secret', now: () => serverNow() });
  closers.push(fake.close);
  const api = createWecomApi({ apiBase: fake.url, corpId: CORP, secret: 'app-secret', clock, logger: createMemoryLogger(), sleep: async () => {} });
  const s = await startWebServer({
    now: NOW,
    env: { WECOM_OAUTH_URL: `${fake.url}/connect/oauth2/authorize` },
    webSignIn: { wecom: { corpId: CORP, agentId: 1000002, exchange: wecomIdentity(api) } },
  });
  closers.push(s.close);
  serverNow = () => s.clock.now().getTime();
  fake.oauth.settings.trustedDomain = opts.trustedDomain ? opts.trustedDomain(new URL(s.url).host) : new URL(s.url).host;
  const likz = (await s.store.getPerson('likz'))!;
  await s.store.savePeople([{ ...likz, identities: { ...likz.identities, wecom: 'LiKeZhang' } }]);
  return { fake, ...s };
}

/** Follows redirects by hand as the WeCom webview would (the fragment is not sent), keeping cookies. */
async function follow(jar: CookieJar, start: string, ua = WXWORK_UA, max = 8): Promise<{ res: Response; trail: string[] }> {
  const trail: string[] = [];
  let url = start;
  for (let i = 0; i < max; i++) {
    trail.push(url);
    const res = await jar.fetch(url.split('#')[0]!, { headers: { 'user-agent': ua } });
    const next = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !next) return { res, trail };
    url = new URL(next, url).toString();
  }
  throw new Error(`too many redirects: ${trail.join(' → ')}`);
}

describe('WeCom OAuth2 网页授权', () => {
  test('a page opened inside WeCom without a session goes through OAuth and lands signed in on a clean URL', async () => {
    const s = await wecomSetup();
    s.fake.oauth.client.user = { userid: 'LiKeZhang' };
    const jar = cookieJar();
    const { res, trail } = await follow(jar, `${s.url}/dash?period=本月`);
    expect(trail[1]).toBe(`${s.url}/auth/wecom?returnTo=${encodeURIComponent(`/dash?period=${encodeURIComponent('本月')}`)}`);
    const authorize = new URL(trail[2]!);
    expect(trail[2]!.endsWith('#wechat_redirect')).toBe(true);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      appid: CORP,
      redirect_uri: `${s.url}/auth/wecom/callback`,
      response_type: 'code',
      scope: 'snsapi_base',
      agentid: '1000002',
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[0-9a-f]{32}$/);
    expect(trail[3]).toContain('/auth/wecom/callback?code=');
    expect(new URL(trail.at(-1)!).pathname + new URL(trail.at(-1)!).search).toBe('/dash?period=%E6%9C%AC%E6%9C%88');
    expect(res.status).toBe(200);
    const me = await (await jar.fetch(`${s.url}/api/me`)).json();
    expect(me).toMatchObject({ signedIn: true, person: { id: 'likz' } });
    expect(s.fake.callsTo('auth/getuserinfo').map((c) => c.outcome)).toEqual(['ok']);
  });

  test('a stale code (40029) restarts the flow once; a second failure shows a page; a wrong state is refused', async () => {
    const s = await wecomSetup();
    s.fake.oauth.client.user = { userid: 'LiKeZhang' };
    const used = s.fake.oauth.mint({ userid: 'LiKeZhang' });
    const first = cookieJar();
    const start = await first.fetch(`${s.url}/auth/wecom?returnTo=/dash/laws`);
    const state = new URL(start.headers.get('location')!.split('#')[0]!).searchParams.get('state')!;
    await follow(first, `${s.url}/auth/wecom/callback?code=${used}&state=${state}`);
    expect((await (await first.fetch(`${s.url}/api/me`)).json()).signedIn).toBe(true);

    // The same code again (a reload of the callback URL): 40029 → back through OAuth once → signed in.
    const second = cookieJar();
    const start2 = await second.fetch(`${s.url}/auth/wecom?returnTo=/dash/laws`);
    const state2 = new URL(start2.headers.get('location')!.split('#')[0]!).searchParams.get('state')!;
    const { trail } = await follow(second, `${s.url}/auth/wecom/callback?code=${used}&state=${state2}`);
    expect(trail[1]).toContain('/auth/wecom?retry=1');
    expect(new URL(trail.at(-1)!).pathname).toBe('/dash/laws');
    expect((await (await second.fetch(`${s.url}/api/me`)).json()).signedIn).toBe(true);
    expect(s.fake.callsTo('auth/getuserinfo').map((c) => c.outcome)).toEqual(['ok', 'errcode 40029', 'ok']);

    // After the retry, a stale code again is a page, not a loop.
    const third = cookieJar();
    const start3 = await third.fetch(`${s.url}/auth/wecom?retry=1&returnTo=/dash`);
    const state3 = new URL(start3.headers.get('location')!.split('#')[0]!).searchParams.get('state')!;
    const stale = await third.fetch(`${s.url}/auth/wecom/callback?code=${used}&state=${state3}`);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('登录码无效或已过期');

    // A state that is not ours: 400, and the code is not even exchanged.
    const calls = s.fake.callsTo('auth/getuserinfo').length;
    const forged = cookieJar();
    await forged.fetch(`${s.url}/auth/wecom?returnTo=/dash`);
    const bad = await forged.fetch(`${s.url}/auth/wecom/callback?code=${s.fake.oauth.mint({ userid: 'LiKeZhang' })}&state=0123456789abcdef0123456789abcdef`);
    expect(bad.status).toBe(400);
    expect(s.fake.callsTo('auth/getuserinfo')).toHaveLength(calls);
    expect((await (await forged.fetch(`${s.url}/api/me`)).json()).signedIn).toBe(false);
  });

  test('a WeChat user who is not a member gets no session', async () => {
    const s = await wecomSetup();
    s.fake.oauth.client.user = { openid: 'oWeChatUser1' };
    const jar = cookieJar();
    const { res } = await follow(jar, `${s.url}/dash`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('仅限本单位企业微信成员');
    expect(jar.cookies.has('pufa_sid')).toBe(false);
  });

  test('a code older than 5 minutes is refused (40029) like a used one', async () => {
    const s = await wecomSetup();
    const code = s.fake.oauth.mint({ userid: 'LiKeZhang' });
    s.clock.advance(5 * 60_000);
    const jar = cookieJar();
    const start = await jar.fetch(`${s.url}/auth/wecom?retry=1&returnTo=/dash`);
    const state = new URL(start.headers.get('location')!.split('#')[0]!).searchParams.get('state')!;
    expect((await jar.fetch(`${s.url}/auth/wecom/callback?code=${code}&state=${state}`)).status).toBe(400);
    expect(s.fake.callsTo('auth/getuserinfo').at(-1)?.outcome).toBe('errcode 40029');
  });

  test('a PUBLIC_URL that is not the app’s 可信域名 stops at WeCom’s error page (as the real client does)', async () => {
    const s = await wecomSetup({ trustedDomain: () => 'pufa.example.gov.cn' });
    s.fake.oauth.client.user = { userid: 'LiKeZhang' };
    const { res } = await follow(cookieJar(), `${s.url}/dash`);
    expect(await res.text()).toContain('redirect_uri需使用应用可信域名');
  });

  test('outside WeCom the page is served as it is (no OAuth): the page itself explains how to sign in', async () => {
    const s = await wecomSetup();
    const res = await cookieJar().fetch(`${s.url}/dash`, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<div id="app">');
  });
});

describe('DingTalk H5 免登', () => {
  async function dingtalkSetup() {
    const clock = fixedClock(NOW);
    const fake = await startFakeDingtalk({ now: () => clock.now() });
    closers.push(fake.close);
    const api = createDingtalkApi({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      robotCode: fake.clientId,
      apiBase: fake.url,
      oapiBase: fake.url,
      clock,
    });
    const s = await startWebServer({
      now: NOW,
      env: { DINGTALK_CORP_ID: 'dingcorp01' },
      webSignIn: { dingtalk: { clientId: fake.clientId, exchange: dingtalkIdentity(api) } },
    });
    closers.push(s.close);
    const lisi = (await s.store.getPerson('lisi'))!;
    await s.store.savePeople([{ ...lisi, identities: { ...lisi.identities, dingtalk: 'dt-lisi' } }]);
    return { fake, ...s, fakeClock: clock };
  }
  const post = (jar: CookieJar, url: string, body: unknown) =>
    jar.fetch(`${url}/auth/dingtalk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': DINGTALK_UA },
      body: JSON.stringify(body),
    });

  test('the page tells what 免登 needs; a code from requestAuthCode signs the member in; a reused code gets 40078 → 400', async () => {
    const s = await dingtalkSetup();
    const jar = cookieJar();
    const before = await (await jar.fetch(`${s.url}/api/me`, { headers: { 'user-agent': DINGTALK_UA } })).json();
    expect(before).toEqual({
      signedIn: false,
      client: 'dingtalk',
      signIn: { wecom: false, dingtalk: { clientId: s.fake.clientId, corpId: 'dingcorp01' }, zhengding: false },
    });
    const page = await jar.fetch(`${s.url}/dash`, { headers: { 'user-agent': DINGTALK_UA } });
    expect(page.status).toBe(200);
    const code = s.fake.authCode('dt-lisi');
    const ok = await post(jar, s.url, { code, returnTo: '/dash/people/lisi' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ returnTo: '/dash/people/lisi' });
    expect((await (await jar.fetch(`${s.url}/api/me`)).json()).person.id).toBe('lisi');
    const again = await post(cookieJar(), s.url, { code });
    expect(again.status).toBe(400);
    expect((await again.json()).error.code).toBe('auth.bad_code');
  });

  test('an expired code, a missing code, a foreign origin and an open redirect are refused', async () => {
    const s = await dingtalkSetup();
    const code = s.fake.authCode('dt-lisi');
    s.fakeClock.advance(5 * 60_000);
    expect((await post(cookieJar(), s.url, { code })).status).toBe(400);
    expect((await post(cookieJar(), s.url, {})).status).toBe(400);
    const foreign = await cookieJar().fetch(`${s.url}/auth/dingtalk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ code: s.fake.authCode('dt-lisi') }),
    });
    expect(foreign.status).toBe(403);
    const jar = cookieJar();
    const r = await post(jar, s.url, { code: s.fake.authCode('dt-lisi'), returnTo: '//evil.example/x' });
    expect(await r.json()).toEqual({ returnTo: '/dash' });
  });
});

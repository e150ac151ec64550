/**
 * Issue 11 item 1: no date can hang or exhaust the server. The inputs that spun forever (9999-12-31) or
 * blocked for a minute (0001-01-01~9999-12-30) get a Chinese reply in chat, a 400 with the rule from the
 * admin API and a Chinese error with exit code 2 from the command line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const TOKEN = 'test-admin-token-0123456789';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function setup() {
  const t = await makeTestDeps({ env: { ADMIN_TOKEN: TOKEN } });
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const say = async (userId: string, text: string): Promise<string> => {
    const r = await fetch(`${srv.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text }),
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as { replies: Array<{ text: string }> }).replies.map((x) => x.text).join('\n');
  };
  const api = async (query: string) => {
    const r = await fetch(`${srv.url}/api/reports/departments?${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: r.status, body: (await r.json()) as { error?: { code: string; rule: string; message: string } } };
  };
  return { ...t, say, api };
}

describe('dates in chat', () => {
  test.each([
    ['排行榜 9999-12-31~9999-12-31', 'zhangsan', /超出范围：只能查询 2000-01-01 至 2100-12-31/],
    ['排行榜 0001-01-01~9999-12-30', 'zhangsan', /超出范围/],
    ['排行榜 2026-02-30~2026-03-01', 'zhangsan', /2026-02-30 不是真实存在的日期（2026 年 2 月只有 28 天）/],
    ['排行榜 2026-11-20~2026-11-01', 'zhangsan', /开始日期 2026-11-20 晚于结束日期 2026-11-01/],
    ['排行榜 2025-01-01~2026-11-01', 'zhangsan', /一次最多查询 366 天/],
    ['参学率 9999-12-31~9999-12-31', 'likz', /超出范围/],
    ['参学率 2026-11-20~2026-11-01', 'admin', /晚于结束日期/],
    ['薄弱法条 9999-12-31~9999-12-31', 'admin', /超出范围/],
    ['薄弱法条 0001-01-01~9999-12-30', 'admin', /超出范围/],
  ])('%s (from %s) is answered with the rule it breaks', async (text, userId, reason) => {
    const { say } = await setup();
    const reply = await say(userId, text);
    expect(reply).toMatch(reason);
    expect(reply).toContain('可查看：');
  });

  test('a valid range and a single day still work', async () => {
    const { say } = await setup();
    expect(await say('zhangsan', '排行榜 2026-11-01~2026-11-24')).toContain('2026-11-01 至 2026-11-24');
    expect(await say('zhangsan', '排行榜 2026-11-24')).toContain('2026-11-24');
  });
});

test('over WeCom, the poison range is answered at once in the passive reply (encrypted and signed as WeCom does)', async () => {
  const NOW = '2026-11-24T02:00:00Z';
  const env = {
    WECOM_CORP_ID: 'wwdates',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'dates-secret',
    WECOM_TOKEN: 'datestoken',
    WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  };
  const api = await startFakeWecomApi({ corpId: env.WECOM_CORP_ID, secret: env.WECOM_SECRET });
  closers.push(api.close);
  const channel = createWecomChannel(wecomConfigFromEnv(WecomEnvSchema.parse({ ...env, WECOM_API_BASE: api.url, WECOM_CARDS: 'false' }))!, {
    clock: fixedClock(NOW),
    logger: createMemoryLogger(),
    sleep: async () => {},
  });
  const t = await makeTestDeps({
    now: NOW,
    seedAsReal: true,
    receivers: [{ path: WECOM_CALLBACK_PATH, receiver: channel.receiver }],
    senders: new Map([['wecom', channel.sender]]),
  });
  const zhangsan = (await t.store.getPerson('zhangsan'))!;
  await t.store.savePeople([{ ...zhangsan, identities: { wecom: 'zhangsan' } }]);
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const client = createFakeWecomClient({
    url: srv.url,
    token: env.WECOM_TOKEN,
    encodingAesKey: env.WECOM_ENCODING_AES_KEY,
    corpId: env.WECOM_CORP_ID,
    agentId: 1000002,
    clock: t.clock,
  });
  const r = await client.userSays('zhangsan', '排行榜 9999-12-31~9999-12-31');
  expect(r.status).toBe(200);
  expect(r.reply?.content).toMatch(/超出范围：只能查询 2000-01-01 至 2100-12-31/);
  expect((await client.userSays('zhangsan', '排行榜 0001-01-01~9999-12-30')).reply?.content).toMatch(/超出范围/);
});

describe('dates on the admin API', () => {
  test.each([
    ['to=9999-12-31', 'date.out_of_range', 'to: '],
    ['from=0001-01-01&to=9999-12-30', 'date.out_of_range', 'to: '],
    ['from=2026-02-30', 'date.not_a_date', 'from: '],
    ['from=2026-11-20&to=2026-11-01', 'range.reversed', '开始日期'],
    ['from=2025-01-01&to=2026-11-01', 'range.too_long', '366'],
  ])('%s → 400 %s', async (query, rule, text) => {
    const { api } = await setup();
    const r = await api(query);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'input.invalid', rule });
    expect(r.body.error!.message).toContain(text);
  });

  test('a year is accepted', async () => {
    const { api } = await setup();
    expect((await api('from=2026-01-01&to=2026-12-31')).status).toBe(200);
  });
});

describe('dates on the command line', () => {
  const cli = async (deps: Awaited<ReturnType<typeof setup>>['deps'], ...argv: string[]) => {
    const out: string[] = [];
    const code = await runCommand(argv, { config: deps.config, deps, io: { out: (l) => out.push(l) } });
    return { code, out: out.join('\n') };
  };

  test.each([
    ['9999-12-31~9999-12-31', /超出范围/],
    ['0001-01-01~9999-12-30', /超出范围/],
    ['2026-02-30~2026-03-01', /不是真实存在的日期/],
    ['2026-11-20~2026-11-01', /晚于结束日期/],
  ])('report --period %s exits 2 with the rule', async (period, reason) => {
    const { deps } = await setup();
    const outFile = join(mkdtempSync(join(tmpdir(), 'pufa-dates-')), 'r.xlsx');
    const r = await cli(deps, 'report', '--period', period, '--format', 'xlsx', '--out', outFile);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(reason);
    expect(r.out).toContain('2000-01-01 至 2100-12-31');
  });

  test.each([
    ['9999-12-31', /超出范围/],
    ['2026-02-30', /不是真实存在的日期/],
    ['tomorrow', /不是日期/],
  ])('run-job --date %s exits 2 with the rule', async (date, reason) => {
    const { deps } = await setup();
    const r = await cli(deps, 'run-job', 'daily-push', '--date', date);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(reason);
  });

  test('seed-demo refuses sizes that would loop without end', async () => {
    const { deps } = await setup();
    const r = await cli(deps, 'seed-demo', '--users', '1000000000', '--days', '100000');
    expect(r.code).toBe(2);
    expect(r.out).toContain('--users 须为 1 到 100000 之间的整数');
    expect(r.out).toContain('--days 须为 0 到 366 之间的整数');
  });
});

/**
 * Left means left (issue 20) on WeCom, through the fake WeCom client (signed, encrypted callbacks) and the fake
 * WeCom API: 甲 starts the day's quiz, the roster import marks 甲 离职, then 甲 taps the question card and types
 * answers and commands. Each is refused in Chinese with whom to ask (the tapped card is updated to say so);
 * nothing is graded or recorded, and the reports count 甲's day nowhere.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';
import { currentAnswer } from '../helpers/quiz-answers.js';
import { importRosterCommand, rosterFile } from '../helpers/roster.js';

const NOW = '2026-11-24T01:00:00Z';
const TOKEN = 'test-admin-token-0123456789';
const ENV = {
  WECOM_CORP_ID: 'wwpufa0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
  WECOM_TOKEN: 'pufaToken2026',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const REFUSAL =
  '甲，您好：您的账号自 2026-11-24 起已不在普法学习名单中（离职或已停用），不能再答题、查看成绩或参加考试，本条消息不作记录。如您仍在岗或名单有误，请联系本单位管理员：乙（办公室）。';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const api = await startFakeWecomApi({ corpId: ENV.WECOM_CORP_ID, secret: ENV.WECOM_SECRET });
  closers.push(api.close);
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...ENV, WECOM_API_BASE: api.url, WECOM_CARDS: 'true' }))!;
  const channel = createWecomChannel(config, {
    clock: fixedClock(NOW),
    logger: createMemoryLogger(),
    sleep: async () => {},
    api: { timeoutMs: 5000, backoffMs: 1 },
  });
  const t = await makeTestDeps({
    now: NOW,
    demo: false,
    env: { ADMIN_TOKEN: TOKEN },
    receivers: [{ path: WECOM_CALLBACK_PATH, receiver: channel.receiver }],
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
    contacts: new Map([['wecom', channel.contacts]]),
  });
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const client = createFakeWecomClient({
    url: srv.url,
    token: ENV.WECOM_TOKEN,
    encodingAesKey: ENV.WECOM_ENCODING_AES_KEY,
    corpId: ENV.WECOM_CORP_ID,
    agentId: 1000002,
    clock: t.clock,
  });
  return { ...t, api, client, url: srv.url };
}

describe('a person deactivated by the roster (WeCom)', () => {
  test('a card tap, typed answers and commands are refused with whom to ask; nothing is graded or recorded', async () => {
    const { deps, store, api, client, url } = await setup();
    expect(await importRosterCommand(deps, rosterFile('在职'))).toContain('新增人员 5 人');
    expect((await store.getPerson('jia'))?.identities.wecom).toBe('jia');

    // 甲 starts today's quiz while still listed: the first question arrives as a card.
    expect((await client.userSays('jia', '答题')).reply?.content).toContain('今日答题共 5 题');
    const cards = () => api.okCalls('message/send').filter((c) => c.body.msgtype === 'template_card' && c.body.touser === 'jia');
    await api.waitUntil(() => cards().length === 1);
    const card = cards()[0]!.body.template_card;
    const answer = await currentAnswer(deps, 'jia');

    expect(await importRosterCommand(deps, rosterFile('离职'))).toContain('停用 1 人');

    // The tap on the card served before leaving: the card is updated with the refusal, no answer is taken.
    const tap = card.card_type === 'button_interaction' ? { eventKey: answer === '对' ? 'A' : 'B' } : { eventKey: 'submit', optionIds: [...answer] };
    expect(await client.tapsCard({ userId: 'jia', taskId: card.task_id, cardType: card.card_type, responseCode: 'rc-left', ...tap })).toMatchObject({
      status: 200,
    });
    const [update] = await api.waitFor('message/update_template_card', 1);
    expect(update!.body).toMatchObject({
      userids: ['jia'],
      response_code: 'rc-left',
      template_card: { main_title: { title: '⛔ 账号已不在学习名单' }, sub_title_text: REFUSAL },
    });

    // Typed answers and every command get the same passive reply.
    for (const text of [answer, '答题', '我的', '错题', '排行榜']) {
      const r = await client.userSays('jia', text);
      expect(r.status).toBe(200);
      expect(r.reply?.content, text).toBe(REFUSAL);
    }
    const day = deps.quiz.today();
    expect(await store.answersOf('jia', day)).toEqual([]);
    expect(await store.dayStats('jia', day)).toMatchObject({ answered: 0, completed: false });
    expect(cards()).toHaveLength(1); // no next question was sent

    const people = (await (await fetch(`${url}/api/reports/people?from=${day}&to=${day}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
      people: Array<{ id: string; active: boolean; answered: number; points: number; daysExpected: number }>;
    };
    expect(people.people.find((p) => p.id === 'jia')).toMatchObject({ active: false, answered: 0, points: 0, daysExpected: 0 });
  });
});

/**
 * WeCom end to end: the real server on a random port (makeTestDeps + startServer), driven by a fake WeCom
 * client that encrypts and signs with its own crypto, and a fake WeCom API server on 127.0.0.1 that records
 * gettoken / message/send / update_template_card calls. Waits are on recorded calls, never on sleeps.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { type FakeWecomApi, type RecordedCall, startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { type FakeWecomClient, createFakeWecomClient, wxEncrypt } from '../fakes/fake-wecom-client.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';
import { currentAnswer } from '../helpers/quiz-answers.js';
import type { QuizDay } from '../../src/core/quiz-day.js';

const NOW = '2026-11-24T02:00:00Z';
const ENV = {
  WECOM_CORP_ID: 'wwpufa0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
  WECOM_TOKEN: 'pufaToken2026',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup(opts: { cards: boolean }) {
  const api = await startFakeWecomApi({ corpId: ENV.WECOM_CORP_ID, secret: ENV.WECOM_SECRET });
  closers.push(api.close);
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...ENV, WECOM_API_BASE: api.url, WECOM_CARDS: String(opts.cards) }))!;
  const channelLogger = createMemoryLogger();
  const channel = createWecomChannel(config, { clock: fixedClock(NOW), logger: channelLogger, sleep: async () => {}, api: { timeoutMs: 5000, backoffMs: 1 } });
  const { deps, store, logger, clock } = await makeTestDeps({
    now: NOW,
    // People on a real platform are real people (as after a roster import).
    seedAsReal: true,
    receivers: [{ path: WECOM_CALLBACK_PATH, receiver: channel.receiver }],
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
    contacts: new Map([['wecom', channel.contacts]]),
  });
  // 张三 of 法制科 is known on WeCom under the same userid.
  const zhangsan = (await store.getPerson('zhangsan'))!;
  await store.savePeople([{ ...zhangsan, identities: { ...zhangsan.identities, wecom: 'zhangsan' } }]);
  const srv = await startServer(deps);
  closers.push(srv.close);
  const client = createFakeWecomClient({
    url: srv.url,
    token: ENV.WECOM_TOKEN,
    encodingAesKey: ENV.WECOM_ENCODING_AES_KEY,
    corpId: ENV.WECOM_CORP_ID,
    agentId: 1000002,
    clock,
  });
  return { api, client, deps, store, logger, channelLogger, url: srv.url };
}

/** Waits for the n-th successful message/send and returns it. */
async function nthSend(api: FakeWecomApi, n: number): Promise<RecordedCall> {
  return (await api.waitFor('message/send', n))[n - 1]!;
}

async function expectOkWithReply(client: FakeWecomClient, userId: string, text: string) {
  const r = await client.userSays(userId, text);
  expect(r.status).toBe(200);
  expect(r.reply?.signatureOk).toBe(true);
  expect(r.reply?.toUser).toBe(userId);
  return r.reply!.content;
}

describe('WeCom end to end', () => {
  test('URL verification answers the bare echostr plaintext', async () => {
    const { client } = await setup({ cards: true });
    const r = await client.verifyUrl('6758291034851920374');
    expect(r).toEqual({ status: 200, body: '6758291034851920374', contentType: 'text/plain; charset=utf-8' });
    expect((await client.verifyUrl('1', { signature: 'f'.repeat(40) })).status).toBe(401);
  });

  test('a whole daily quiz by text: passive replies carry the results, message/send the next questions', async () => {
    const { api, client, deps } = await setup({ cards: false });
    expect(await expectOkWithReply(client, 'zhangsan', '答题')).toContain('今日答题共 5 题');
    expect((await nthSend(api, 1)).body).toMatchObject({
      touser: 'zhangsan',
      agentid: 1000002,
      msgtype: 'text',
      text: { content: expect.stringContaining('【今日答题 1/5】') },
    });
    for (let i = 0; i < 5; i++) {
      const result = await expectOkWithReply(client, 'zhangsan', await currentAnswer(deps, 'zhangsan', i !== 2));
      expect(result).toMatch(i !== 2 ? /^✅ 回答正确/ : /^❌ 回答错误。正确答案：/);
      const next = (await nthSend(api, i + 2)).body.text.content as string;
      expect(next).toContain(i < 4 ? `【今日答题 ${i + 2}/5】` : '今日答题完成');
    }
    expect(await deps.store.dayStats('zhangsan', deps.quiz.today())).toMatchObject({ answered: 5, correct: 4, completed: true });
    expect(api.callsTo('gettoken')).toHaveLength(1);
  });

  test('a whole quiz by cards: taps are graded, each card is updated with the verdict and 解析; text answers still work', async () => {
    const { api, client, deps } = await setup({ cards: true });
    expect(await expectOkWithReply(client, 'zhangsan', '答题')).toContain('今日答题共 5 题');
    const lastCard = () =>
      api
        .okCalls('message/send')
        .filter((c) => c.body.msgtype === 'template_card')
        .at(-1)!.body.template_card;
    for (let i = 0; i < 5; i++) {
      await api.waitUntil(() => api.okCalls('message/send').filter((c) => c.body.msgtype === 'template_card').length === i + 1);
      const card = lastCard();
      expect(card.main_title.title).toContain(`今日答题 ${i + 1}/5`);
      const answer = await currentAnswer(deps, 'zhangsan', i !== 1);
      if (i === 3) {
        // the same question answered by typing instead of tapping
        expect(await expectOkWithReply(client, 'zhangsan', answer)).toMatch(/^✅ 回答正确/);
        continue;
      }
      const tap = card.card_type === 'button_interaction' ? { eventKey: answer === '对' ? 'A' : 'B' } : { eventKey: 'submit', optionIds: [...answer] };
      const r = await client.tapsCard({ userId: 'zhangsan', taskId: card.task_id, cardType: card.card_type, responseCode: `cb-rc-${i}`, ...tap });
      expect(r).toMatchObject({ status: 200, body: '' });
      const update = (await api.waitFor('message/update_template_card', i < 3 ? i + 1 : i))[i < 3 ? i : i - 1]!.body;
      expect(update).toMatchObject({
        userids: ['zhangsan'],
        response_code: `cb-rc-${i}`,
        template_card: { main_title: { title: i !== 1 ? '✅ 回答正确' : '❌ 回答错误' }, sub_title_text: expect.stringContaining('解析：') },
      });
    }
    await api.waitUntil(() => api.okCalls('message/send').some((c) => c.body.msgtype === 'text' && c.body.text.content.includes('今日答题完成')));
    expect(await deps.store.dayStats('zhangsan', deps.quiz.today())).toMatchObject({ answered: 5, correct: 4, completed: true });

    // tapping an old card again changes nothing and says so
    const sendsBefore = api.okCalls('message/send').length;
    await client.tapsCard({
      userId: 'zhangsan',
      taskId: lastCard().task_id,
      cardType: 'vote_interaction',
      eventKey: 'submit',
      optionIds: ['A'],
      responseCode: 'cb-rc-again',
    });
    await api.waitFor('message/send', sendsBefore + 1);
    expect(api.okCalls('message/send').at(-1)!.body.text.content).toContain('再次作答不计分');
    expect(await deps.store.dayStats('zhangsan', deps.quiz.today())).toMatchObject({ answered: 5, correct: 4 });
  });

  test('four deliveries of one message are scored once and answered once', async () => {
    const { api, client, deps } = await setup({ cards: false });
    await client.userSays('zhangsan', '答题');
    await nthSend(api, 1);
    const delivery = client.deliveryOf(client.textXml('zhangsan', await currentAnswer(deps, 'zhangsan')));
    const results = await Promise.all([1, 2, 3, 4].map(() => client.send(delivery)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.filter((r) => r.reply).map((r) => r.reply!.content)).toEqual([expect.stringMatching(/^✅ 回答正确/)]);
    expect(results.filter((r) => !r.reply).map((r) => r.body)).toEqual(['', '', '']);
    await nthSend(api, 2);
    expect(await deps.store.answersOf('zhangsan', deps.quiz.today())).toHaveLength(1);
    // a fifth, late redelivery after everything settled is still a duplicate
    expect((await client.send(delivery)).body).toBe('');
    expect(api.okCalls('message/send')).toHaveLength(2);
  });

  test('four deliveries of one card tap update the card once', async () => {
    const { api, client, deps } = await setup({ cards: true });
    await client.userSays('zhangsan', '答题');
    const cards = () => api.okCalls('message/send').filter((c) => c.body.msgtype === 'template_card');
    await api.waitUntil(() => cards().length === 1);
    const card = cards()[0]!.body.template_card;
    const answer = await currentAnswer(deps, 'zhangsan');
    const xml = client.cardXml({
      userId: 'zhangsan',
      taskId: card.task_id,
      cardType: card.card_type,
      responseCode: 'cb-rc-dup',
      ...(card.card_type === 'button_interaction' ? { eventKey: answer === '对' ? 'A' : 'B' } : { eventKey: 'submit', optionIds: [...answer] }),
    });
    const delivery = client.deliveryOf(xml);
    for (let i = 0; i < 4; i++) expect((await client.send(delivery)).status).toBe(200);
    await api.waitUntil(() => cards().length === 2);
    expect(api.okCalls('message/update_template_card')).toHaveLength(1);
    expect(await deps.store.answersOf('zhangsan', deps.quiz.today())).toHaveLength(1);
  });

  test('the daily push reaches WeCom members as a card; tapping 开始答题 starts the quiz', async () => {
    const { api, client, deps } = await setup({ cards: true });
    expect(await deps.runner.run('daily-push', '2026-11-24' as QuizDay)).toMatchObject({ status: 'ran' });
    const push = (await api.waitFor('message/send', 1)).find((c) => c.body.touser?.split('|').includes('zhangsan'))!.body;
    expect(push).toMatchObject({
      msgtype: 'template_card',
      enable_duplicate_check: 1,
      template_card: { card_type: 'button_interaction', button_list: [{ text: '开始答题' }] },
    });
    const tap = await client.tapsCard({
      userId: 'zhangsan',
      taskId: push.template_card.task_id,
      cardType: 'button_interaction',
      eventKey: push.template_card.button_list[0].key,
      responseCode: 'cb-push',
    });
    expect(tap).toMatchObject({ status: 200, body: '' });
    await api.waitUntil(() => api.okCalls('message/send').some((c) => c.body.touser === 'zhangsan' && c.body.text?.content.includes('今日答题共 5 题')));
    await api.waitUntil(() =>
      api
        .okCalls('message/send')
        .some((c) => c.body.touser === 'zhangsan' && c.body.msgtype === 'template_card' && c.body.template_card.task_id.startsWith('pq_')),
    );
  });

  test('first contact: enter_agent welcomes; the department comes from user/get, else the person binds one', async () => {
    const { api, client, store } = await setup({ cards: false });
    api.org.addDepartment({ id: 7, name: '执法大队' });
    api.org.addMember({ userid: 'wangxm', name: '王小明', departments: [7], main: 7 });
    const welcome = await client.entersApp('wangxm');
    expect(welcome.reply?.content).toContain('使用帮助');
    expect(await store.findPersonByIdentity('wecom', 'wangxm')).toMatchObject({ name: '王小明', departmentId: 'zfdd' });

    expect(await expectOkWithReply(client, 'newbie', '答题')).toMatch(/请先绑定所在部门[\s\S]*法制科/);
    expect(await expectOkWithReply(client, 'newbie', '绑定 法制科')).toContain('已绑定部门：法制科');
    expect(await expectOkWithReply(client, 'newbie', '答题')).toContain('今日答题共 5 题');
  });

  test('a picture gets a polite passive reply and nothing is stored', async () => {
    const { client, store } = await setup({ cards: false });
    const r = await client.sendsImage('zhangsan');
    expect(r.reply?.content).toContain('只能识别文字消息');
    expect(await store.getQuiz('zhangsan', '2026-11-24' as never)).toBeUndefined();
  });

  test('outbound failures: 42001 refreshes the token once; 60020 is logged plainly while passive replies still work', async () => {
    const { api, client, channelLogger, deps } = await setup({ cards: false });
    await client.userSays('zhangsan', '答题');
    await nthSend(api, 1);
    api.expireTokens();
    await client.userSays('zhangsan', await currentAnswer(deps, 'zhangsan'));
    expect((await nthSend(api, 2)).body.text.content).toContain('【今日答题 2/5】');
    expect(api.callsTo('message/send').map((c) => c.outcome)).toEqual(['ok', 'errcode 42001', 'ok']);
    expect(api.callsTo('gettoken')).toHaveLength(2);

    api.failNext('message/send', { errcode: 60020, errmsg: 'not allow to access from your ip, from ip: 203.0.113.9' });
    const r = await client.userSays('zhangsan', await currentAnswer(deps, 'zhangsan'));
    expect(r.reply?.content).toMatch(/^✅ 回答正确/);
    await api.waitUntil(() => api.callsTo('message/send').some((c) => c.outcome === 'errcode 60020'));
    await api.waitUntil(() => channelLogger.lines.some((l) => l.errcode === 60020));
    expect(String(channelLogger.lines.find((l) => l.errcode === 60020)!.fix)).toContain('企业可信IP');
  });
});

describe('WeCom bad input: 4xx, no body detail, an operator hint, nothing stored', () => {
  test.each([
    ['a wrong signature', 401, (c: FakeWecomClient, xml: string) => c.deliveryOf(xml, { signature: '0'.repeat(40) }), 'WECOM_TOKEN'],
    ['a stale timestamp', 401, (c: FakeWecomClient, xml: string) => c.deliveryOf(xml, { timestamp: String(Date.parse(NOW) / 1000 - 3600) }), 'NTP'],
    ['a wrong receive id', 400, (c: FakeWecomClient, xml: string) => c.deliveryOf(xml, { receiveId: 'wwsomeoneelse' }), 'WECOM_CORP_ID'],
    ['an undecryptable payload', 400, (c: FakeWecomClient) => c.deliveryFor(Buffer.alloc(96, 3).toString('base64')), 'WECOM_ENCODING_AES_KEY'],
    [
      'another AES key',
      400,
      (c: FakeWecomClient, xml: string) => c.deliveryFor(wxEncrypt('ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210abcdefg', xml, ENV.WECOM_CORP_ID)),
      'WECOM_ENCODING_AES_KEY',
    ],
    [
      'malformed XML inside',
      400,
      (c: FakeWecomClient) => c.deliveryFor(wxEncrypt(ENV.WECOM_ENCODING_AES_KEY, '<xml><Content>答题', ENV.WECOM_CORP_ID)),
      'malformed',
    ],
    // The signature is checked first, over the Encrypt value found by a scan: an envelope that does not carry
    // the signed value is a 401 before any parser runs; a correctly signed but broken envelope is a 400.
    [
      'an envelope without the signed value',
      401,
      (c: FakeWecomClient, xml: string) => ({ ...c.deliveryOf(xml), body: '<xml><Encrypt>abc</Encrypt>' }),
      'WECOM_TOKEN',
    ],
    [
      'a malformed envelope',
      400,
      (c: FakeWecomClient, xml: string) => {
        const d = c.deliveryOf(xml);
        return { ...d, body: d.body.replace('</xml>', '') };
      },
      'malformed',
    ],
    [
      'a DTD in the envelope',
      400,
      (c: FakeWecomClient, xml: string) => {
        const d = c.deliveryOf(xml);
        return { ...d, body: `<!DOCTYPE x [<!ENTITY a "b">]>${d.body}` };
      },
      'DTD',
    ],
    ['an empty body', 400, (c: FakeWecomClient, xml: string) => ({ ...c.deliveryOf(xml), body: '' }), 'empty'],
    ['an oversized body', 413, (c: FakeWecomClient, xml: string) => ({ ...c.deliveryOf(xml), body: `<xml>${' '.repeat(40 * 1024)}</xml>` }), 'too large'],
    ['no query parameters', 401, (c: FakeWecomClient, xml: string) => ({ ...c.deliveryOf(xml), query: {} }), '接收消息'],
  ] as const)('%s → %i', async (_n, status, build, hint) => {
    const { api, client, store, logger } = await setup({ cards: false });
    const msgId = '9100000000000000001';
    const r = await client.send(build(client, client.textXml('zhangsan', '答题', msgId)));
    expect(r.status).toBe(status);
    expect(r.body).toBe('');
    const line = logger.lines.find((l) => l.msg === 'request rejected')!;
    expect(`${String(line.reason)} ${String(line.check)}`).toContain(hint);
    // nothing stored: the message id was never claimed, no quiz was started, nothing was sent
    expect(await store.claimMessage('wecom', msgId, new Date(NOW))).toBe(true);
    expect(await store.getQuiz('zhangsan', '2026-11-24' as never)).toBeUndefined();
    expect(api.calls).toHaveLength(0);
  });
});

/**
 * The Sender contract against the fake WeCom API: destinations (user, card session, department, robot),
 * questions as cards or text, card results updating the tapped card (text fallback), long texts split,
 * action prompts as button cards, per-member pacing at 30/min.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { OutboundMessage, QuestionCard } from '../../../src/core/message.js';
import { ROBOT_DESTINATION, createWecomChannel } from '../../../src/channels/wecom/index.js';
import { commandFromKey, refFromTaskId } from '../../../src/channels/wecom/cards.js';
import { cardSession } from '../../../src/channels/wecom/inbound.js';
import { type FakeWecomApi, startFakeWecomApi } from '../../fakes/fake-wecom-api.js';

let fake: FakeWecomApi;
afterEach(async () => {
  await fake?.close();
});

const CORP = 'wwpufa0001';
const card: QuestionCard = {
  ref: '2026-11-24.1',
  title: '今日答题 2/5 · 判断题',
  stem: '行政机关可以委托其他组织实施行政处罚。',
  kind: 'judge',
  options: [
    { key: 'A', text: '对' },
    { key: 'B', text: '错' },
  ],
};
const question: OutboundMessage = { kind: 'question', text: '【今日答题 2/5】判断题\n…\n请回复“对”或“错”作答。', card };

async function setup(opts: { cards?: boolean; webhookKey?: string } = {}) {
  fake = await startFakeWecomApi({ corpId: CORP, secret: 's', webhookKey: 'rk' });
  const clock = fixedClock('2026-11-24T02:00:00Z');
  const logger = createMemoryLogger();
  const sleeps: number[] = [];
  let n = 0;
  const channel = createWecomChannel(
    {
      corpId: CORP,
      agentId: 1000002,
      secret: 's',
      token: 't',
      encodingAesKey: 'a'.repeat(43),
      apiBase: fake.url,
      cards: opts.cards ?? true,
      webhookKey: opts.webhookKey,
    },
    {
      clock,
      logger,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
      api: { timeoutMs: 5000, backoffMs: 1 },
      uniqueId: () => `u${++n}`,
    },
  );
  return { sender: channel.sender, clock, logger, sleeps };
}

const user = { channel: 'wecom' as const, kind: 'user' as const, id: 'zhangsan' };

describe('WeCom sender', () => {
  test('a question goes as a template card when cards are on, as text when off', async () => {
    const on = await setup({ cards: true });
    await on.sender.send(user, question);
    const body = fake.callsTo('message/send')[0]!.body;
    expect(body).toMatchObject({
      touser: 'zhangsan',
      agentid: 1000002,
      msgtype: 'template_card',
      template_card: { card_type: 'button_interaction', task_id: expect.stringMatching(/^pq_/) },
    });
    expect(refFromTaskId(body.template_card.task_id)).toBe('2026-11-24.1');
    await fake.close();
    const off = await setup({ cards: false });
    await off.sender.send(user, question);
    expect(fake.callsTo('message/send')[0]!.body).toMatchObject({ msgtype: 'text', text: { content: question.text } });
  });

  test('a question too long for a card sends its text first, then the card', async () => {
    const { sender } = await setup();
    await sender.send(user, { ...question, card: { ...card, stem: '长'.repeat(200) } });
    expect(fake.callsTo('message/send').map((c) => c.body.msgtype)).toEqual(['text', 'template_card']);
  });

  test('a card result updates the tapped card with the callback response code', async () => {
    const { sender } = await setup();
    await sender.send(cardSession('zhangsan', 'RC-7'), { kind: 'card-result', text: '✅ 回答正确！\n解析：…', questionRef: 'r', verdict: '✅ 回答正确' });
    const upd = fake.callsTo('message/update_template_card')[0]!.body;
    expect(upd).toMatchObject({
      userids: ['zhangsan'],
      response_code: 'RC-7',
      agentid: 1000002,
      template_card: { main_title: { title: '✅ 回答正确' }, sub_title_text: '✅ 回答正确！\n解析：…', replace_text: '✅ 回答正确' },
    });
    expect(fake.callsTo('message/send')).toHaveLength(0);
  });

  test('when the card cannot be updated (code used or expired), the result is sent as text', async () => {
    const { sender, logger } = await setup();
    fake.failNext('message/update_template_card', { errcode: 40008, errmsg: 'invalid response_code' });
    await sender.send(cardSession('zhangsan', 'RC-old'), { kind: 'card-result', text: '❌ 回答错误。正确答案：B', questionRef: 'r', verdict: '❌ 回答错误' });
    expect(fake.callsTo('message/send')[0]!.body).toMatchObject({ touser: 'zhangsan', text: { content: '❌ 回答错误。正确答案：B' } });
    expect(logger.lines.some((l) => l.msg.includes('card update failed'))).toBe(true);
  });

  test('other replies to a card session go to the member; departments get toparty; the robot gets group posts', async () => {
    const { sender } = await setup({ webhookKey: 'rk' });
    await sender.send(cardSession('zhangsan', 'RC'), { kind: 'text', text: '这道题已经作答过了' });
    await sender.send({ channel: 'wecom', kind: 'group', id: '3' }, { kind: 'markdown', title: '排行', markdown: '**排行榜**' });
    await sender.send(ROBOT_DESTINATION, { kind: 'markdown', title: '排行', markdown: '**排行榜**' });
    expect(fake.callsTo('message/send').map((c) => [c.body.touser, c.body.toparty, c.body.msgtype])).toEqual([
      ['zhangsan', undefined, 'text'],
      [undefined, '3', 'markdown'],
    ]);
    expect(fake.callsTo('webhook/send')[0]!.body).toEqual({ msgtype: 'markdown', markdown: { content: '**排行榜**' } });
  });

  test('no robot configured, or a foreign destination → a clear error', async () => {
    const { sender } = await setup();
    await expect(sender.send(ROBOT_DESTINATION, { kind: 'text', text: 'x' })).rejects.toThrow(/WECOM_WEBHOOK_KEY/);
    await expect(sender.send({ channel: 'dingtalk', kind: 'user', id: 'x' }, { kind: 'text', text: 'x' })).rejects.toThrow();
  });

  test('an action prompt is a button card whose keys carry the commands; as text when cards are off', async () => {
    const { sender } = await setup();
    const action: OutboundMessage = { kind: 'action', title: '每日一学', text: '今日答题已就绪', actions: [{ label: '开始答题', command: '答题' }] };
    await sender.send(user, action);
    const tc = fake.callsTo('message/send')[0]!.body.template_card;
    expect(tc).toMatchObject({
      card_type: 'button_interaction',
      task_id: expect.stringMatching(/^pa_/),
      main_title: { title: '每日一学' },
      sub_title_text: '今日答题已就绪',
    });
    expect(commandFromKey(tc.button_list[0].key)).toBe('答题');
    await fake.close();
    const off = await setup({ cards: false });
    await off.sender.send(user, action);
    expect(fake.callsTo('message/send')[0]!.body.text.content).toBe('今日答题已就绪\n回复“答题”（开始答题）');
  });

  test('texts over 2048 bytes are split at line breaks', async () => {
    const { sender } = await setup();
    await sender.send(user, { kind: 'text', text: Array.from({ length: 40 }, (_, i) => `第${i}行：${'法'.repeat(20)}`).join('\n') });
    const parts = fake.callsTo('message/send').map((c) => c.body.text.content as string);
    expect(parts.length).toBe(2);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048);
    expect(parts.join('\n')).toContain('第39行');
  });

  test('more than 30 messages a minute to one member wait for the window; other members do not', async () => {
    const { sender, sleeps } = await setup();
    for (let i = 0; i < 31; i++) await sender.send(user, { kind: 'text', text: `m${i}` });
    expect(sleeps).toEqual([60_000]);
    await sender.send({ ...user, id: 'lisi' }, { kind: 'text', text: 'x' });
    expect(sleeps).toHaveLength(1);
  });
});

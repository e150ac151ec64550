/**
 * A short annual exam taken in WeCom chat, end to end: the real server, the fake WeCom client (encrypting and
 * signing with its own crypto) and the fake WeCom API. 张三 taps cards and passes, 李四 types wrong answers and
 * fails, 王五 runs out of time and nobody calls back (the sweep grades him and tells him through the outbox),
 * 陈七 never starts: the admin's 考试情况 and the results match what this test works out, and 考试提醒 reaches
 * 陈七 once.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { type FakeWecomApi, startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { activeAttempt, answerFor, createExam, examFile } from '../helpers/exam.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-12-01T02:00:00Z';
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

async function setup() {
  const api = await startFakeWecomApi({ corpId: ENV.WECOM_CORP_ID, secret: ENV.WECOM_SECRET });
  closers.push(api.close);
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...ENV, WECOM_API_BASE: api.url, WECOM_CARDS: 'true' }))!;
  // One clock for the bot and the channel's timestamp check, so the test can move time on.
  let botClock: Clock | undefined;
  const clock: Clock = { now: () => (botClock ? botClock.now() : new Date(NOW)) };
  const channel = createWecomChannel(config, { clock, logger: createMemoryLogger(), sleep: async () => {}, api: { timeoutMs: 5000, backoffMs: 1 } });
  const t = await makeTestDeps({
    now: NOW,
    seedAsReal: true, // platform people are real: their notices and reminders go through the real outbox
    receivers: [{ path: WECOM_CALLBACK_PATH, receiver: channel.receiver }],
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
  });
  botClock = t.clock;
  for (const id of ['zhangsan', 'lisi', 'wangwu', 'chenqi', 'admin']) {
    const p = (await t.store.getPerson(id))!;
    await t.store.savePeople([{ ...p, identities: { wecom: id } }]);
  }
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const client = createFakeWecomClient({
    url: srv.url,
    token: ENV.WECOM_TOKEN,
    encodingAesKey: ENV.WECOM_ENCODING_AES_KEY,
    corpId: ENV.WECOM_CORP_ID,
    agentId: 1000002,
    clock,
  });
  return { api, client, ...t };
}

const sendsTo = (api: FakeWecomApi, user: string) => api.okCalls('message/send').filter((c) => String(c.body.touser).split('|').includes(user));
const cardsTo = (api: FakeWecomApi, user: string) => sendsTo(api, user).filter((c) => c.body.msgtype === 'template_card');
const textsTo = (api: FakeWecomApi, user: string) => sendsTo(api, user).flatMap((c) => (c.body.msgtype === 'text' ? [c.body.text.content as string] : []));

describe('the annual exam in WeCom chat', () => {
  test('pass by taps, fail by typing, time out with nobody calling back, never start; 考试情况 and 考试提醒', async () => {
    const { api, client, deps, clock } = await setup();
    const id = await createExam(
      deps,
      examFile({
        passMark: 8,
        attempts: 1,
        durationMinutes: 20,
        audience: { departments: ['法制科', '执法大队', '公共法律服务科'], tracks: ['全员', '执法人员'] },
        paper: { counts: { single: 4, multi: 3, judge: 3 }, points: { single: 1, multi: 2, judge: 1 } },
      }),
    );
    const says = async (user: string, text: string) => {
      const r = await client.userSays(user, text);
      expect([r.status, r.reply?.signatureOk]).toEqual([200, true]);
      return r.reply!.content;
    };

    // 张三: every question by tapping its card; the card is updated to “已记录”, never right or wrong
    expect(await says('zhangsan', '考试')).toContain('共 10 题，满分 13 分，8 分及格；限时 20 分钟');
    const zs = await activeAttempt(deps, id, 'zhangsan');
    for (let i = 0; i < 10; i++) {
      await api.waitUntil(() => cardsTo(api, 'zhangsan').length === i + 1);
      const card = cardsTo(api, 'zhangsan')[i]!.body.template_card;
      expect(card.main_title.title).toContain(`考试 ${i + 1}/10`);
      const answer = answerFor(zs, i, true);
      const tap = card.card_type === 'button_interaction' ? { eventKey: answer === '对' ? 'A' : 'B' } : { eventKey: 'submit', optionIds: [...answer] };
      const r = await client.tapsCard({ userId: 'zhangsan', taskId: card.task_id, cardType: card.card_type, responseCode: `rc-${i}`, ...tap });
      expect(r.status).toBe(200);
      const update = (await api.waitFor('message/update_template_card', i + 1))[i]!.body;
      expect(update.template_card.main_title.title).toBe('✅ 已记录');
      expect(JSON.stringify(update)).not.toMatch(/正确|错误|解析/);
    }
    await api.waitUntil(() => textsTo(api, 'zhangsan').some((t) => t.includes('全部 10 题已作答')));
    expect(await says('zhangsan', '交卷')).toMatch(/【交卷成功】[\s\S]*得分：13 分（满分 13 分，8 分及格）✅ 通过/);
    await api.waitUntil(() => textsTo(api, 'zhangsan').some((t) => t.includes('全部答对')));

    // 李四: types every answer, all wrong but the first two
    await says('lisi', '考试');
    const ls = await activeAttempt(deps, id, 'lisi');
    let lsPoints = 0;
    for (let i = 0; i < 10; i++) {
      expect(await says('lisi', answerFor(ls, i, i < 2))).toMatch(new RegExp(`^已记录第 ${i + 1} 题`));
      if (i < 2) lsPoints += ls.paper[i]!.points;
    }
    expect(await says('lisi', '交卷')).toMatch(new RegExp(`得分：${lsPoints} 分[\\s\\S]*❌ 未通过`));
    await api.waitUntil(() => textsTo(api, 'lisi').some((t) => t.startsWith('【错题解析】共 8 题')));

    // 王五: two answers, then silence; the sweep grades him at the deadline and tells him
    await says('wangwu', '考试');
    const ww = await activeAttempt(deps, id, 'wangwu');
    await says('wangwu', answerFor(ww, 0, true));
    await says('wangwu', answerFor(ww, 1, true));
    const wwPoints = ww.paper[0]!.points + ww.paper[1]!.points;
    clock.advance(20 * 60_000);
    expect(await deps.exam.service.sweep()).toBe(1);
    await api.waitUntil(() => textsTo(api, 'wangwu').some((t) => t.startsWith('【考试时间到，已自动交卷】')));
    expect(textsTo(api, 'wangwu').find((t) => t.startsWith('【考试时间到'))).toContain(`${wwPoints} 分（8 分及格），未通过`);
    // a late answer no longer counts: it goes to the daily quiz, not the exam
    expect(await says('wangwu', 'A')).toContain('还没有开始答题');

    // the admin's view: 应考 4, 参考 3, 通过 1; 陈七 has not taken it
    const overview = await says('admin', '考试情况');
    const avg = ((13 + lsPoints + wwPoints) / 3).toFixed(1);
    expect(overview).toContain(`合计：应考 4，参考 3（75.0%），通过 1（25.0%），平均 ${avg} 分`);
    expect(overview).toContain('县司法局/执法大队：应考 2，参考 2（100.0%），通过 0（0.0%）');
    expect(overview).toContain('未参考名单（1 人）：陈七');
    expect(await says('zhangsan', '考试情况')).toContain('仅供部门领导和管理员查看');

    // 考试提醒: only 陈七, once a day whoever asks
    const remind = await says('admin', '考试提醒');
    expect(remind).toBe('已提醒 1 位未参考的同事，全部送达。');
    await api.waitUntil(() => textsTo(api, 'chenqi').length + cardsTo(api, 'chenqi').length === 1);
    const card = cardsTo(api, 'chenqi')[0]?.body.template_card;
    expect(card?.main_title?.title ?? '').toContain('考试提醒');
    expect(await says('admin', '考试提醒')).toBe('没有需要提醒的同事（1 人今天已提醒过）。');
    expect(await deps.runner.run('exam-remind', '2026-12-01' as QuizDay)).toMatchObject({ status: 'ran', sent: 0, skipped: { alreadySent: 1, finished: 3 } });
  });
});

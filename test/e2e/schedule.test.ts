import { describe, expect, test } from 'vitest';
import { chineseWorkCalendar } from '../../src/core/calendar.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { InboundMessage } from '../../src/core/message.js';
import { runBot } from '../../src/core/bot.js';
import { makeTestDeps } from '../helpers/test-deps.js';
import { currentAnswer } from '../helpers/quiz-answers.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const ALL = ['wangjz', 'admin', 'zhaoliu', 'likz', 'zhangsan', 'lisi', 'wangwu', 'chenqi'];

function msg(userId: string, text: string): InboundMessage {
  return {
    channel: 'playground',
    messageId: `${userId}-${text}-${Math.random()}`,
    sentAt: new Date(),
    sender: { userId },
    conversation: { id: userId, kind: 'direct' },
    text,
    replyTo: { channel: 'playground', kind: 'user', id: userId },
  };
}

async function setup(now: string) {
  const t = await makeTestDeps({ now, calendar: chineseWorkCalendar, sleep: async () => {} });
  const say = async (userId: string, text: string) => (await runBot(t.deps.handler, msg(userId, text))).map((r) => ('text' in r ? r.text : r.markdown));
  return { ...t, say, inbox: t.deps.playgroundInbox! };
}

describe('the daily rhythm on the Chinese working calendar', () => {
  test.each([
    ['2026-11-24T01:00:00Z', '2026-11-24', 'a normal Tuesday', true],
    ['2026-10-01T01:00:00Z', '2026-10-01', 'National Day', false],
    ['2026-11-29T01:00:00Z', '2026-11-29', 'a Sunday', false],
    ['2026-10-10T01:00:00Z', '2026-10-10', 'the 调休 working Saturday', true],
  ])('daily-push at 09:00 on %s (%s, %s) fires: %s', async (now, day, _label, fires) => {
    const { deps, inbox } = await setup(now);
    const outcome = await deps.runner.run('daily-push', day as QuizDay);
    expect(outcome.status).toBe(fires ? 'ran' : 'not-a-study-day');
    expect([...inbox.sent.keys()].sort()).toEqual(fires ? [...ALL].sort() : []);
    if (fires) expect(inbox.sent.get('zhangsan')?.[0]).toMatch(/【每日一学】\d+月\d+日（周.）[\s\S]*回复“答题”/);
  });

  test('reminders reach exactly the people who have not finished today, naming their streak', async () => {
    const { deps, say, inbox } = await setup('2026-11-24T08:00:00Z');
    await say('zhangsan', '答题');
    for (let i = 0; i < 5; i++) await say('zhangsan', await currentAnswer(deps, 'zhangsan'));
    await say('lisi', '答题'); // started but not finished: still reminded
    await say('lisi', await currentAnswer(deps, 'lisi'));
    const outcome = await deps.runner.run('remind', '2026-11-24' as QuizDay);
    expect(outcome).toMatchObject({ status: 'ran', sent: ALL.length - 1, skipped: { finished: 1 }, run: { delivered: ALL.length - 1 } });
    expect([...inbox.sent.keys()].sort()).toEqual(ALL.filter((id) => id !== 'zhangsan').sort());
    expect(inbox.sent.get('lisi')?.[0]).toContain('还未完成');
    expect(inbox.groupPosts[0]).toMatch(/法制科：参学率 50\.0%（已学 1\/应学 2）/);
    expect(inbox.groupPosts[0]).toContain('@lisi');
    expect(inbox.groupPosts[0]).not.toContain('@zhangsan');
    // A second run the same day sends nothing new.
    expect(await deps.runner.run('remind', '2026-11-24' as QuizDay)).toMatchObject({ status: 'ran', sent: 0, skipped: { alreadySent: ALL.length - 1 } });
    expect(inbox.sent.get('lisi')?.length).toBe(1);
    expect(inbox.groupPosts).toHaveLength(1);
  });

  test('a missed 09:00 run is caught up at 10:30 once, and not again at 11:00 or after a restart', async () => {
    const { deps, inbox, clock, store } = await setup('2026-11-24T02:30:00Z'); // 10:30 Beijing
    expect(await deps.scheduler.catchUp()).toEqual(['daily-push']);
    expect(inbox.sent.get('zhangsan')?.length).toBe(1);
    clock.set('2026-11-24T03:00:00Z');
    expect(await deps.scheduler.catchUp()).toEqual([]);
    const restarted = await makeTestDeps({ store, demo: false, now: '2026-11-24T03:00:00Z', calendar: chineseWorkCalendar });
    expect(await restarted.deps.scheduler.catchUp()).toEqual([]);
    expect(restarted.deps.playgroundInbox!.sent.size).toBe(0);
  });

  test('a run cut off by a crash before it finished planning is caught up after the restart', async () => {
    const { deps, inbox, store } = await setup('2026-11-24T02:30:00Z');
    await store.saveJobRun({ job: 'daily-push', day: '2026-11-24' as QuizDay, startedAt: '2026-11-24T01:00:00.000Z' });
    expect(await deps.scheduler.catchUp()).toEqual(['daily-push']);
    expect(inbox.sent.size).toBe(ALL.length);
  });

  test('no catch-up outside the window or on a holiday', async () => {
    const late = await setup('2026-11-24T07:30:00Z'); // 15:30: 09:00 is 6.5 h ago, beyond 180 min
    expect(await late.deps.scheduler.catchUp()).toEqual([]);
    const holiday = await setup('2026-10-01T02:30:00Z');
    expect(await holiday.deps.scheduler.catchUp()).toEqual([]);
    expect(holiday.inbox.sent.size).toBe(0);
  });

  test('the Monday leaderboard posts the department board to groups and each person their own place', async () => {
    const { deps, inbox } = await setup('2026-11-30T01:30:00Z');
    expect((await deps.runner.run('leaderboard', '2026-11-30' as QuizDay)).status).toBe('ran');
    expect(inbox.groupPosts[0]).toContain('部门参学排行榜 · 上周');
    // Nobody studied last week: no one is told they are first; each is told they have no place yet.
    expect(inbox.sent.get('zhangsan')?.[0]).toMatch(/您本期积分为 0，在法制科（共 \d 人）暂不排名/);
  });

  test('the monthly report goes to leaders on the first study day of the month only', async () => {
    const { deps, inbox } = await setup('2026-12-01T02:00:00Z');
    expect((await deps.runner.run('monthly-report', '2026-12-01' as QuizDay)).status).toBe('ran');
    expect([...inbox.sent.keys()].sort()).toEqual(['admin', 'likz', 'wangjz']);
    expect(inbox.sent.get('likz')?.[0]).toContain('未全勤学习');
    const second = await setup('2026-12-02T02:00:00Z');
    await expect((await second.deps.runner.run('monthly-report', '2026-12-02' as QuizDay)).status).toBe('not-due');
    expect(second.inbox.sent.size).toBe(0);
  });
});

describe('study topics', () => {
  test('a topic pushed to two departments reaches exactly their members, with the cited article quoted', async () => {
    const { say, inbox } = await setup('2026-11-24T02:00:00Z');
    const reply = await say('admin', '发布 @法制科 @执法大队 处罚时效\n请学习《行政处罚法》第三十六条，掌握二年、五年的期限。');
    expect(reply[0]).toBe('已发布“处罚时效”，推送给 4 人（@法制科 @执法大队）。');
    expect([...inbox.sent.keys()].sort()).toEqual(['likz', 'lisi', 'wangwu', 'zhangsan']);
    expect(inbox.sent.get('lisi')?.[0]).toContain('【法条原文】《行政处罚法》第三十六条\n违法行为在二年内未被发现的');
  });

  test('a non-admin 发布 is refused and nothing is sent', async () => {
    const { say, inbox, store } = await setup('2026-11-24T02:00:00Z');
    expect((await say('zhangsan', '发布 学习通知\n正文'))[0]).toBe('仅管理员可以发布学习内容。');
    expect(inbox.sent.size).toBe(0);
    expect(await store.listTopics()).toEqual([]);
    expect(await store.pendingOutbox()).toEqual([]);
  });

  test('unknown @targets are refused before anything is sent', async () => {
    const { say, inbox } = await setup('2026-11-24T02:00:00Z');
    expect((await say('admin', '发布 @不存在科 标题\n正文'))[0]).toContain('没有找到：@不存在科');
    expect(inbox.sent.size).toBe(0);
  });

  test('学习计划 queues topics for the next study days; 学习 shows the queued topic that day, else the track article', async () => {
    const { deps, say, clock } = await setup('2026-11-27T02:00:00Z'); // Friday
    const planned = await say('admin', '学习计划\n行政许可期限：《行政许可法》第四十二条\n复议期限：《行政复议法》第二十条');
    expect(planned[0]).toContain('2026-11-30  行政许可期限');
    expect(planned[0]).toContain('2026-12-01  复议期限');
    expect((await say('lisi', '学习'))[0]).toMatch(/^【每日一学】《(行政处罚法|行政许可法|行政强制法|行政复议法|行政诉讼法|国家赔偿法|治安管理处罚法)》第/);
    clock.set('2026-11-30T02:00:00Z');
    expect((await say('lisi', '学习'))[0]).toContain('【学习专题】行政许可期限');
    expect((await say('lisi', '学习'))[0]).toContain('【法条原文】《行政许可法》第四十二条');
    void deps;
  });

  test('an admin 提醒 runs the reminder for their scope once a day', async () => {
    const { say, inbox } = await setup('2026-11-24T06:00:00Z');
    expect((await say('likz', '提醒'))[0]).toBe('已提醒 2 位今天还未完成答题的同事，全部送达。');
    expect([...inbox.sent.keys()].sort()).toEqual(['likz', 'zhangsan']);
    expect((await say('likz', '提醒'))[0]).toBe('没有需要提醒的同事：2 人今天已提醒过（不再重复发送）。');
    expect((await say('zhangsan', '提醒'))[0]).toContain('仅管理员和部门领导');
  });
});

describe('each person is reminded at most once a day', () => {
  /** A store whose enqueue waits (a few turns of the event loop) for a second run to read the outbox first. */
  class RacyStore extends MemoryStore {
    reads = 0;
    override async outboxRecords(reason?: string) {
      this.reads++;
      return super.outboxRecords(reason);
    }
    override async enqueue(items: Parameters<MemoryStore['enqueue']>[0]) {
      for (let turn = 0; turn < 50 && this.reads < 2; turn++) await new Promise((r) => setImmediate(r));
      return super.enqueue(items);
    }
  }

  test('two runs for different scopes at the same moment, then the cron: one reminder each', async () => {
    const store = new RacyStore();
    const { deps } = await makeTestDeps({ store, now: '2026-11-24T08:00:00Z', calendar: chineseWorkCalendar });
    const inbox = deps.playgroundInbox!;
    const everyone = await store.listPeople();
    const fzk = everyone.filter((p) => p.departmentId === 'fzk');
    const [all, some] = await Promise.all([
      deps.runner.run('remind', '2026-11-24' as QuizDay, { scope: everyone }),
      deps.runner.run('remind', '2026-11-24' as QuizDay, { scope: fzk }),
    ]);
    expect(all).toMatchObject({ sent: ALL.length });
    expect(some).toMatchObject({ sent: 0, skipped: { alreadySent: fzk.length } });
    expect(await deps.runner.run('remind', '2026-11-24' as QuizDay)).toMatchObject({ status: 'ran', sent: 0, skipped: { alreadySent: ALL.length } });
    expect([...inbox.sent.values()].map((texts) => texts.filter((t) => t.includes('【答题提醒】')).length)).toEqual(ALL.map(() => 1));
  });
});

describe('the node-cron adapter', () => {
  test('a timed firing runs the job for the day in BOT_TIMEZONE, and a switched-off job has no task', async () => {
    const { deps, inbox } = await setup('2026-11-23T16:30:00Z'); // 00:30 on Tuesday 2026-11-24 in Beijing, still Monday in UTC
    await deps.scheduler.fireNow('daily-push');
    expect(await deps.store.getJobRun('daily-push', '2026-11-24' as QuizDay)).toBeDefined();
    expect(await deps.store.getJobRun('daily-push', '2026-11-23' as QuizDay)).toBeUndefined();
    expect(inbox.sent.get('zhangsan')?.[0]).toContain('11月24日（周二）');
    const off = await makeTestDeps({ env: { JOB_REMIND_CRON: 'off' } });
    await expect(off.deps.scheduler.fireNow('remind')).rejects.toThrow('switched off');
    expect(off.deps.scheduler.nextRuns().remind).toBeNull();
  });
});

import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { endOfDay } from '../../../src/delivery/day-end.js';
import { countsText } from '../../../src/delivery/format.js';
import { outboxListing, splitReason } from '../../../src/delivery/listing.js';
import { allReached, countStates, groupCounts, personState, recipientStates } from '../../../src/delivery/outbox-status.js';
import type { OutboxRecord, Person } from '../../../src/core/model.js';

const users = (...userIds: string[]) => ({ kind: 'users' as const, userIds });
const rec = (r: Partial<OutboxRecord> & Pick<OutboxRecord, 'id' | 'state'>): OutboxRecord => ({
  reason: 'daily-push:2026-11-24',
  channel: 'wecom',
  attempts: 1,
  ...r,
});

describe('end of a study day', () => {
  test.each([
    ['2026-11-24', 'Asia/Shanghai', '2026-11-24T16:00:00.000Z'],
    ['2026-12-31', 'Asia/Shanghai', '2026-12-31T16:00:00.000Z'],
    ['2026-11-24', 'UTC', '2026-11-25T00:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-09T04:00:00.000Z'], // the day daylight saving starts
    ['2026-11-01', 'America/New_York', '2026-11-02T05:00:00.000Z'], // the day it ends
  ])('%s in %s ends at %s', (day, tz, end) => {
    expect(endOfDay(day as QuizDay, tz).toISOString()).toBe(end);
  });
});

describe('recipient states from outbox records', () => {
  const records: OutboxRecord[] = [
    rec({ id: 'a', state: 'delivered', to: users('u1', 'u2', 'u3', 'u4'), invalid: ['u2'], moved: ['u3', 'u4'] }),
    rec({ id: 'a:r1', state: 'pending', to: users('u3', 'u4') }),
    rec({ id: 'b', state: 'failed', to: users('u5') }),
    rec({ id: 'c', state: 'delivered', channel: 'dingtalk', to: users('u5') }),
    rec({ id: 'g', state: 'pending', to: { kind: 'group', id: 'robot' } }),
    { id: 'legacy', reason: '', state: 'delivered', attempts: 0, at: '2026-11-20T01:00:00.000Z' },
  ];

  test('moved recipients count in their follow-up; invalid ones apart; groups apart; legacy ids ignored', () => {
    const states = recipientStates(records);
    expect(Object.fromEntries(states)).toEqual({
      'wecom:u1': 'delivered',
      'wecom:u2': 'invalid',
      'wecom:u3': 'pending',
      'wecom:u4': 'pending',
      'wecom:u5': 'failed',
      'dingtalk:u5': 'delivered',
    });
    expect(countStates(states.values())).toEqual({ people: 6, delivered: 2, invalid: 1, pending: 2, failed: 1 });
    expect(groupCounts(records)).toEqual({ posted: 0, pending: 1, failed: 0 });
    expect(allReached(countStates(states.values()))).toBe(false);
    expect(allReached({ people: 2, delivered: 2, invalid: 0, pending: 0, failed: 0 }, { posted: 1, pending: 0, failed: 0 })).toBe(true);
  });

  test('a person on two platforms counts once, by the better state', () => {
    const p = { identities: { wecom: 'u5', dingtalk: 'u5' } } as unknown as Person;
    expect(personState(p, recipientStates(records))).toBe('delivered');
    expect(personState({ identities: { wecom: 'nobody' } } as unknown as Person, recipientStates(records))).toBeUndefined();
  });

  test('counts in Chinese: zeros left out in chat, all shown on the command line', () => {
    const c = { people: 300, delivered: 297, invalid: 1, pending: 2, failed: 0 };
    expect(countsText(c)).toBe('送达 297 人，待重试 2 人（今天内自动重试），账号无效 1 人（平台拒收，请核对通讯录）');
    expect(countsText(c, { all: true })).toBe('送达 297 人，失败 0 人，待重试 2 人，账号无效 1 人');
  });
});

describe('the outbox listing', () => {
  test('pending and given-up deliveries per job and day, with attempts, next try, deadline, error and who', () => {
    const lines = outboxListing(
      [
        rec({
          id: 'p1',
          state: 'pending',
          to: users('u1', 'u2'),
          attempts: 7,
          at: '2026-11-24T02:32:00.000Z',
          deadline: '2026-11-24T16:00:00.000Z',
          error: 'message/send: HTTP 502',
        }),
        rec({ id: 'f1', reason: 'remind:2026-11-23', state: 'failed', to: users('u9', 'u8'), at: '2026-11-23T16:00:00.000Z', error: 'message/send: HTTP 502' }),
        rec({ id: 'ok', reason: 'leaderboard:2026-11-23', state: 'delivered', to: users('u1') }),
      ],
      { timeZone: 'Asia/Shanghai', label: (job) => ({ 'daily-push': '每日答题推送', remind: '未学提醒' })[job] },
    );
    expect(lines).toEqual([
      '【daily-push 2026-11-24 每日答题推送】送达 0 人，失败 0 人，待重试 2 人，账号无效 0 人',
      '  待重试：1 条消息（2 人），已尝试 7 次，下次重试 2026/11/24 10:32:00，截止 2026/11/25 00:00:00，最近错误：message/send: HTTP 502',
      '【remind 2026-11-23 未学提醒】送达 0 人，失败 2 人，待重试 0 人，账号无效 0 人',
      '  已放弃：1 条消息（2 人），时间 2026/11/24 00:00:00，原因：message/send: HTTP 502',
      '  未送达：u8、u9',
      '  再次运行该任务（npm run pufa -- run-job <任务> --date <日期>，或在聊天中发送“推送”/“提醒”）只补发未送达的部分。',
    ]);
    expect(splitReason('topic:abc')).toEqual({ job: 'topic' });
  });
});

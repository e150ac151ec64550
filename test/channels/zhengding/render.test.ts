/** 工作通知 cards (zhengding.md §5): an action_card to the quiz page, chat instructions left out, ≤ 2,048 bytes, the day named. */
import { describe, expect, test } from 'vitest';
import { ZZD_MSG_MAX_BYTES, workNoticeMsg } from '../../../src/channels/zhengding/render.js';
import { bizMsgIdOf } from '../../../src/channels/zhengding/work-notice.js';

const NOW = new Date('2026-11-24T17:30:00Z'); // 01:30 on 11-25 in China
const card = (m: Parameters<typeof workNoticeMsg>[0]['message']) =>
  JSON.parse(workNoticeMsg({ message: m, publicUrl: 'https://pufa.example.gov.cn', now: NOW })) as {
    msgtype: string;
    action_card: { title: string; markdown: string; single_title: string; single_url: string };
  };

describe('workNoticeMsg', () => {
  test('the daily push: the quiz page for the China day, chat commands dropped, the day in the text', () => {
    const c = card({
      kind: 'action',
      title: '每日一学 · 11月25日（周三）',
      text: '【每日一学】11月25日（周三）\n今日答题已就绪（5 题），答完即时讲解并给出法律依据。\n发送“学习”阅读今日法条。',
      actions: [{ label: '开始答题', command: '答题' }],
    });
    expect(c.msgtype).toBe('action_card');
    expect(c.action_card).toMatchObject({
      title: '每日一学 · 11月25日（周三）',
      single_title: '开始答题',
      single_url: 'https://pufa.example.gov.cn/quiz?day=2026-11-25',
    });
    expect(c.action_card.markdown).toContain('今日答题已就绪');
    expect(c.action_card.markdown).not.toContain('发送');
    expect(c.action_card.markdown.endsWith('11月25日（周三）')).toBe(true);
  });

  test('a message with a link (the exam notice) opens that link', () => {
    const c = card({ kind: 'text', text: '【考试提醒】《2026 年度学法考试》将于 12月1日 18:00 截止。请打开考试页面作答：https://pufa.example.gov.cn/exams' });
    expect(c.action_card).toMatchObject({ title: '考试提醒', single_title: '打开', single_url: 'https://pufa.example.gov.cn/exams' });
    expect(c.action_card.markdown).not.toContain('https://');
  });

  test('a long leaderboard is cut to fit 2,048 bytes (JSON escapes counted)', () => {
    const board = Array.from({ length: 200 }, (_, i) => `${i + 1}. "某某单位第${i}科室" 参学率 99%`).join('\n');
    const msg = workNoticeMsg({
      message: { kind: 'markdown', title: '上周部门参学排行榜', markdown: board },
      publicUrl: 'https://pufa.example.gov.cn',
      now: NOW,
    });
    expect(Buffer.byteLength(msg, 'utf8')).toBeLessThanOrEqual(ZZD_MSG_MAX_BYTES);
    expect(Buffer.byteLength(msg, 'utf8')).toBeGreaterThan(ZZD_MSG_MAX_BYTES - 200);
    const c = JSON.parse(msg) as { action_card: { markdown: string } };
    expect(c.action_card.markdown).toContain('…');
    expect(c.action_card.markdown).toContain('11月25日');
  });
});

describe('bizMsgIdOf', () => {
  const m = { kind: 'text', text: 'x' } as const;
  test('from the outbox item: readable job and day, the same for the same item, different for another batch or day', () => {
    const a = bizMsgIdOf(['1'], m, '2026-11-24', { key: 'daily-push:2026-11-24:zhengding:abc:def' });
    expect(a).toMatch(/^pufa-daily-push-2026-11-24-[0-9a-f]{24}$/);
    expect(bizMsgIdOf(['2'], m, '2026-11-24', { key: 'daily-push:2026-11-24:zhengding:abc:def' })).toBe(a);
    expect(bizMsgIdOf(['1'], m, '2026-11-24', { key: 'daily-push:2026-11-24:zhengding:abc:xyz' })).not.toBe(a);
    expect(bizMsgIdOf(['1'], m, '2026-11-24', { key: 'daily-push:2026-11-25:zhengding:abc:def' })).not.toBe(a);
  });
  test('without an item: from the recipients, the message and the day', () => {
    const a = bizMsgIdOf(['2', '1'], m, '2026-11-24');
    expect(bizMsgIdOf(['1', '2'], m, '2026-11-24')).toBe(a);
    expect(bizMsgIdOf(['1', '2'], m, '2026-11-25')).not.toBe(a);
  });
});

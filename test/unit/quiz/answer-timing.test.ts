import { describe, expect, test } from 'vitest';
import { type AnswerContext, sentBeforeShown } from '../../../src/quiz/answer-timing.js';
import type { AnswerRecord } from '../../../src/store/model.js';

const shownAt = '2026-11-24T02:00:10.000Z';
const by = (sentAt: string, channel = 'wecom'): AnswerRecord => ({
  personId: 'p',
  day: '2026-11-24' as never,
  index: 0,
  questionId: 'q',
  chosen: 'A',
  correct: true,
  points: 1,
  answeredAt: shownAt,
  elapsedMs: 1,
  messageKey: `${channel}:1`,
  sentAt,
});
const ctx = (sentAt: string, receivedAt?: string, channel: AnswerContext['channel'] = 'wecom'): AnswerContext => ({
  messageKey: `${channel}:2`,
  channel,
  sentAt: new Date(sentAt),
  receivedAt: receivedAt ? new Date(receivedAt) : undefined,
});

describe('an answer sent before its question was shown', () => {
  test.each([
    ['received together with the previous answer (our clock)', ctx('2026-11-24T02:00:10Z', '2026-11-24T02:00:10.040Z'), by('2026-11-24T02:00:10Z'), true],
    ['received 0.9 s after the question was produced', ctx('2026-11-24T02:00:11Z', '2026-11-24T02:00:10.900Z'), undefined, true],
    [
      'a quick answer 1.5 s after the question, the next whole second',
      ctx('2026-11-24T02:00:11Z', '2026-11-24T02:00:11.500Z'),
      by('2026-11-24T02:00:10Z'),
      false,
    ],
    [
      'reached us late but sent in the same whole second as the previous answer',
      ctx('2026-11-24T02:00:10Z', '2026-11-24T02:00:25Z'),
      by('2026-11-24T02:00:10Z'),
      true,
    ],
    [
      'reached us late, sent a second later (may be up to 2 s: not certain)',
      ctx('2026-11-24T02:00:11Z', '2026-11-24T02:00:25Z'),
      by('2026-11-24T02:00:10Z'),
      false,
    ],
    [
      'millisecond platform times 400 ms apart',
      ctx('2026-11-24T02:00:10.500Z', '2026-11-24T02:00:25Z', 'dingtalk'),
      by('2026-11-24T02:00:10.100Z', 'dingtalk'),
      true,
    ],
    [
      'millisecond platform times 1.2 s apart',
      ctx('2026-11-24T02:00:11.300Z', '2026-11-24T02:00:25Z', 'dingtalk'),
      by('2026-11-24T02:00:10.100Z', 'dingtalk'),
      false,
    ],
    [
      'platform times of different channels are never compared',
      ctx('2026-11-24T02:00:10Z', '2026-11-24T02:00:25Z', 'dingtalk'),
      by('2026-11-24T02:00:10Z'),
      false,
    ],
    ['a platform clock far behind ours does not refuse a late answer', ctx('2026-11-24T01:59:00Z', '2026-11-24T02:00:30Z'), by('2026-11-24T01:58:40Z'), false],
  ] as const)('%s → %s', (_name, answer, previous, expected) => {
    expect(sentBeforeShown(answer, shownAt, previous, 1000)).toBe(expected);
  });

  test('with ANSWER_MIN_MS=0 only an answer received before the question was produced is refused', () => {
    expect(sentBeforeShown(ctx('2026-11-24T02:00:10Z', shownAt), shownAt, by('2026-11-24T02:00:10Z'), 0)).toBe(false);
    expect(sentBeforeShown(ctx('2026-11-24T02:00:09Z', '2026-11-24T02:00:09.999Z'), shownAt, undefined, 0)).toBe(true);
  });
});

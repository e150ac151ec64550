/**
 * The compact journal lines (store format 3) decode to exactly the events written, fall back to a JSON object
 * for anything that does not fit, and keep an answer on the message path to a few dozen bytes.
 */
import { describe, expect, test } from 'vitest';
import { storeMessage } from '../../../src/core/message.js';
import { JournalDecoder, JournalEncoder } from '../../../src/store/journal-codec.js';

type Ev = { readonly t: string } & Record<string, unknown>;

function roundTrip(events: readonly Ev[], encoder = new JournalEncoder()): { text: string; decoded: Ev[] } {
  const text = events.map((e) => encoder.encode(e)).join('');
  const decoder = new JournalDecoder();
  const decoded = text
    .split('\n')
    .filter((l) => l.length > 0)
    .flatMap((l) => decoder.decode(l) ?? []);
  return { text, decoded };
}

const direct = (id: string, text: string, at: string) =>
  storeMessage({
    channel: 'wecom',
    messageId: id,
    sentAt: new Date(Date.parse(at) - 800),
    receivedAt: new Date(at),
    sender: { userId: 'w-b' },
    conversation: { id: 'w-b', kind: 'direct' },
    text,
    replyTo: { channel: 'wecom', kind: 'user', id: 'w-b' },
  });

const answer = (over: Record<string, unknown> = {}) => ({
  personId: 'b',
  day: '2026-11-24',
  index: 0,
  questionId: 'xianfa-33-1',
  chosen: 'C',
  correct: false,
  order: [0, 1, 2, 3],
  points: 0,
  answeredAt: '2026-11-24T01:31:00.800Z',
  elapsedMs: 60_800,
  law: '宪法',
  article: '第三十三条',
  departmentId: 'd2',
  messageKey: 'wecom:10924865006303555425',
  sentAt: '2026-11-24T01:31:00.000Z',
  ...over,
});

describe('journal codec', () => {
  test('the message path (claim, attempt, quiz, answer, finish, day done) decodes to the events written', () => {
    const at = '2026-11-24T01:31:00.800Z';
    const events: Ev[] = [
      { t: 'msg', k: 'wecom:10924865006303555425', at, m: direct('10924865006303555425', 'C', at) },
      { t: 'try', k: 'wecom:10924865006303555425' },
      {
        t: 'quiz',
        quiz: {
          personId: 'b',
          day: '2026-11-24',
          items: [
            { questionId: 'xianfa-33-1', order: [0, 1, 2, 3] },
            { questionId: 'q2', order: [], review: true },
          ],
          servedAt: '2026-11-24T01:30:00.000Z',
          round: '2026-11-20',
        },
      },
      { t: 'answer', a: answer({ review: { due: '2026-11-25T02:00:00.000Z', dueDay: '2026-11-25', stability: 1.2 } }) },
      { t: 'answer', a: answer({ index: 1, correct: true, messageKey: undefined, sentAt: undefined, law: undefined, order: undefined }) },
      { t: 'fin', k: 'wecom:10924865006303555425' },
      { t: 'msg', k: 'dingtalk:evt-1', at: '2026-11-24T01:32:00.000Z' },
      { t: 'unmsg', k: 'dingtalk:evt-1' },
      { t: 'done', p: 'b', d: '2026-11-24', bonus: 2 },
    ];
    const { text, decoded } = roundTrip(events);
    expect(decoded).toEqual(events);
    // Every event went compact.
    expect(text.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
  });

  test('what does not fit the compact form exactly is written as a JSON object and decodes unchanged', () => {
    const at = '2026-11-24T01:31:00.800Z';
    const card = {
      ...direct('m9', 'A', at),
      replyTo: { channel: 'wecom', kind: 'session', id: 'card|w-b|X', expiresAt: '2026-11-24T02:31:00.000Z' },
      card: { questionRef: 'b.2026-11-24.0', handle: 'X' },
    };
    const events: Ev[] = [
      { t: 'msg', k: 'wecom:m9', at, m: card }, // a card click: the payload is kept whole (in a compact line)
      { t: 'msg', k: 'wecom:m10', at: '2026-11-24T01:31:00Z', m: direct('m10', 'B', at) }, // not toISOString()
      { t: 'answer', a: answer({ extra: 'a field the codec does not know' }) },
      { t: 'answer', a: answer({ day: '2026-02-30' }) }, // not a calendar day
      { t: 'done', p: 'b', d: '2026-11-24', bonus: 2, note: 'x' },
      { t: 'try', k: 'wecom:not-claimed-in-this-segment' },
      { t: 'job', run: { job: 'remind', day: '2026-11-24', startedAt: at } },
      { t: 'quiz', quiz: { personId: 'b', day: '2026-11-24', items: [{ questionId: 'q', order: [], review: 'yes' }], servedAt: at } },
    ];
    const { text, decoded } = roundTrip(events);
    expect(decoded).toEqual(events);
    expect(text.split('\n').filter((l) => l.startsWith('{')).length).toBe(7);
  });

  test('after a write that may not have reached the file, the next compact line resets the reader', () => {
    const encoder = new JournalEncoder();
    const at = '2026-11-24T01:31:00.800Z';
    const first = encoder.encode({ t: 'done', p: 'b', d: '2026-11-24', bonus: 1 });
    encoder.reset(); // the write of `lost` failed
    encoder.encode({ t: 'done', p: 'zz', d: '2026-11-24', bonus: 1 });
    encoder.reset();
    const after = encoder.encode({ t: 'msg', k: 'wecom:m1', at, m: direct('m1', 'A', at) });
    expect(after.startsWith('["!"]\n')).toBe(true);
    const decoder = new JournalDecoder();
    const lines = `${first}${after}`.split('\n').filter(Boolean);
    const decoded = lines.flatMap((l) => decoder.decode(l) ?? []);
    expect(decoded).toEqual([
      { t: 'done', p: 'b', d: '2026-11-24', bonus: 1 },
      { t: 'msg', k: 'wecom:m1', at, m: direct('m1', 'A', at) },
    ]);
  });

  test('a line naming a string that was never defined is refused', () => {
    expect(() => new JournalDecoder().decode('["d",3,20416,1]')).toThrow(SyntaxError);
  });

  test('an answer on the message path costs under 130 bytes before compression (about 1,000 as JSON objects)', () => {
    const encoder = new JournalEncoder();
    let bytes = 0;
    let json = 0;
    for (let i = 0; i < 5; i++) {
      const at = new Date(Date.parse('2026-11-24T01:31:00.000Z') + i * 7_123).toISOString();
      const id = String(10924865006303555425n + BigInt(i) * 7_919_000_123n);
      const events: Ev[] = [
        { t: 'msg', k: `wecom:${id}`, at, m: direct(id, 'ABCD'[i % 4]!, at) },
        { t: 'try', k: `wecom:${id}` },
        { t: 'answer', a: answer({ index: i, answeredAt: at, messageKey: `wecom:${id}`, sentAt: new Date(Date.parse(at) - 800).toISOString() }) },
        { t: 'fin', k: `wecom:${id}` },
      ];
      for (const e of events) {
        if (i > 0) bytes += Buffer.byteLength(encoder.encode(e));
        else encoder.encode(e); // the first answer interns the day's strings
        json += Buffer.byteLength(`${JSON.stringify(e)}\n`);
      }
    }
    expect(bytes / 4).toBeLessThan(130);
    expect(json / 5).toBeGreaterThan(700);
  });
});

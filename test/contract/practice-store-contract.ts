/**
 * The practice port's contract (quiz/practice-store.ts): review cards carried by answers, answers by law,
 * rounds carried by quizzes, `复习` sittings. Every store runs it; where the store persists, everything
 * survives a clean reopen and a crash (the journal replayed over an older snapshot).
 */
import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { PracticeStore, ReviewCard, ReviewSession } from '../../src/quiz/practice-store.js';
import type { AnswerRecord } from '../../src/store/model.js';
import type { Store } from '../../src/store/store.js';

type PracticeCapable = Store & PracticeStore;
const day = '2026-11-24' as QuizDay;

export const card = (dueDay: string, extra: Partial<ReviewCard> = {}): ReviewCard => ({
  due: `${dueDay}T02:00:00.000Z`,
  dueDay: dueDay as QuizDay,
  stability: 0.212,
  difficulty: 6.4133,
  scheduledDays: 1,
  reps: 1,
  lapses: 0,
  state: 2,
  lastReview: '2026-11-24T02:00:00.000Z',
  lastOrder: [2, 0, 3, 1],
  ...extra,
});

const answer = (personId: string, index: number, questionId: string, law: string, correct: boolean, review?: ReviewCard): AnswerRecord => ({
  personId,
  day,
  index,
  questionId,
  chosen: correct ? 'B' : 'A',
  correct,
  points: correct ? 1 : 0,
  answeredAt: `${day}T02:0${index}:00.000Z`,
  elapsedMs: 1000,
  law,
  article: '第一条',
  ...(review ? { review } : {}),
});

const session = (personId: string, id = `${day}.1`): ReviewSession => ({
  personId,
  id,
  day,
  items: [
    { questionId: 'q1', order: [1, 0, 2, 3], review: true },
    { questionId: 'q2', order: [], review: true },
  ],
  startedAt: `${day}T03:00:00.000Z`,
  answered: 0,
  correct: 0,
  open: true,
});

/** Writes one of everything the practice state holds for person `a` (and a little for `b`). */
async function fill(store: PracticeCapable): Promise<void> {
  await store.saveQuiz({
    personId: 'a',
    day,
    servedAt: `${day}T01:00:00.000Z`,
    round: '2026-11-20' as QuizDay,
    items: [{ questionId: 'q1', order: [0, 1, 2, 3] }],
  });
  await store.recordAnswer(answer('a', 0, 'q1', '行政处罚法', false, card('2026-11-25')));
  await store.recordAnswer(answer('a', 1, 'q2', '行政处罚法', true));
  await store.recordAnswer(answer('a', 2, 'q3', '宪法', true));
  await store.recordAnswer(answer('b', 0, 'q1', '宪法', false, card('2026-11-26', { lastOrder: undefined })));
  await store.startReviewSession(session('a'));
  await store.recordReview({
    personId: 'a',
    sessionId: `${day}.1`,
    index: 0,
    questionId: 'q1',
    chosen: 'B',
    correct: true,
    answeredAt: `${day}T03:01:00.000Z`,
    card: card('2026-11-28', { reps: 2, scheduledDays: 3 }),
    messageId: 'm-1',
  });
}

async function expectFilled(store: PracticeCapable): Promise<void> {
  expect([...(await store.reviewCards('a'))]).toEqual([['q1', card('2026-11-28', { reps: 2, scheduledDays: 3 })]]);
  expect(await store.reviewCard('b', 'q1')).toEqual(card('2026-11-26', { lastOrder: undefined }));
  expect(await store.reviewCard('a', 'q9')).toBeUndefined();
  expect(Object.fromEntries(await store.lawCounts('a'))).toEqual({ 行政处罚法: { answered: 2, correct: 1 }, 宪法: { answered: 1, correct: 1 } });
  expect(await store.roundStart('a')).toBe('2026-11-20');
  expect(await store.roundStart('b')).toBeUndefined();
  expect(await store.reviewSession('a')).toMatchObject({ id: `${day}.1`, answered: 1, correct: 1, open: true, lastMessageId: 'm-1' });
}

export function describePracticeStoreContract(
  name: string,
  open: () => Promise<{ store: PracticeCapable; reopen?: () => Promise<PracticeCapable>; crashCopy?: () => Promise<PracticeCapable> }>,
) {
  describe(`Practice store contract: ${name}`, () => {
    test('an answer carrying a schedule puts the question in the queue (replacing an older card); law counts and rounds follow the quiz', async () => {
      const { store } = await open();
      await fill(store);
      await expectFilled(store);
      expect((await store.reviewCards('nobody')).size).toBe(0);
      expect((await store.lawCounts('nobody')).size).toBe(0);
      await store.close();
    });

    test('a 复习 sitting: only its current question is graded, once; leaving it closes it; a new one replaces it', async () => {
      const { store } = await open();
      await store.startReviewSession(session('a'));
      const first = {
        personId: 'a',
        sessionId: `${day}.1`,
        index: 0,
        questionId: 'q1',
        chosen: 'A',
        correct: false,
        answeredAt: `${day}T03:01:00.000Z`,
        card: card('2026-11-25'),
      };
      expect(await store.recordReview(first)).toBe('recorded');
      expect(await store.recordReview(first)).toBe('already-answered');
      expect(await store.recordReview({ ...first, index: 1, sessionId: `${day}.9` })).toBe('already-answered');
      expect(await store.reviewSession('a')).toMatchObject({ answered: 1, correct: 0, open: true });
      // a skipped (withdrawn) question advances the sitting without touching any card
      expect(await store.recordReview({ ...first, index: 1, questionId: 'q2', card: undefined })).toBe('recorded');
      expect(await store.reviewSession('a')).toMatchObject({ answered: 2, open: false });
      expect((await store.reviewCards('a')).has('q2')).toBe(false);
      await store.startReviewSession(session('a', `${day}.2`));
      await store.closeReviewSession('a', `${day}.1`);
      expect((await store.reviewSession('a'))?.open).toBe(true);
      await store.closeReviewSession('a', `${day}.2`);
      expect((await store.reviewSession('a'))?.open).toBe(false);
      expect(await store.recordReview({ ...first, sessionId: `${day}.2` })).toBe('already-answered');
      await store.close();
    });

    test('everything survives a reopen and a crash (where the store persists)', async () => {
      const { store, reopen, crashCopy } = await open();
      await fill(store);
      if (crashCopy) {
        const crashed = await crashCopy();
        await expectFilled(crashed);
        await crashed.close();
      }
      await store.close();
      if (!reopen) return;
      const again = await reopen();
      await expectFilled(again);
      // and the reopened store keeps going: the sitting continues where it was
      expect(
        await again.recordReview({
          personId: 'a',
          sessionId: `${day}.1`,
          index: 1,
          questionId: 'q2',
          chosen: '对',
          correct: true,
          answeredAt: `${day}T03:02:00.000Z`,
          card: card('2026-11-27'),
        }),
      ).toBe('recorded');
      await again.close();
      const third = await reopen();
      expect(await third.reviewSession('a')).toMatchObject({ answered: 2, correct: 2, open: false });
      expect((await third.reviewCards('a')).get('q2')?.dueDay).toBe('2026-11-27');
      await third.close();
    });
  });
}

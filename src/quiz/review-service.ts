/**
 * `复习`: the person's due reviews, taken now, outside the daily quiz. Graded and explained as in the daily
 * quiz and each answer moves the question's FSRS schedule, but nothing is added to the day's points, answer
 * counts or 参学 (the daily quiz stays the one measure of a study day). A sitting is journaled, so a restart
 * continues it; `答题` leaves it (its unanswered reviews stay due).
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { TYPE_LABELS } from '../bank/question-schema.js';
import type { Clock } from '../core/clock.js';
import type { createKeyedQueue } from '../core/keyed-queue.js';
import type { OutboundMessage } from '../core/message.js';
import { type QuizDay, quizDayOf } from '../core/quiz-day.js';
import type { Person, QuizItem } from '../store/model.js';
import type { Store } from '../store/store.js';
import { parseAnswer } from './answer-parse.js';
import { displayedOptions, howToAnswer, resultText } from './format.js';
import { grade } from './grade.js';
import { reviewOrder } from './pick.js';
import type { PracticeStore, ReviewSession } from './practice-store.js';
import type { QuestionBank } from './question-bank.js';
import { dueReviews, queueSummary, reviewNote } from './review-queue.js';
import type { ReviewScheduler } from './review-schedule.js';

export interface ReviewServiceDeps {
  readonly store: Pick<Store, 'getQuiz'>;
  readonly practice: PracticeStore;
  readonly bank: QuestionBank;
  /** The person's eligible pool: the quiz service's, so both filter in one place. */
  readonly pool: (person: Person) => readonly LoadedQuestion[];
  readonly clock: Clock;
  readonly timeZone: string;
  readonly review: ReviewScheduler;
  /** Most reviews in one sitting (REVIEW_SESSION_SIZE). */
  readonly sessionSize: number;
  readonly serial: ReturnType<typeof createKeyedQueue>;
}

export type ReviewAnswerResult =
  | { readonly kind: 'graded'; readonly replies: OutboundMessage[] }
  | { readonly kind: 'not-an-answer'; readonly hint: string }
  /** No open sitting, or the text names a daily-quiz card: the daily quiz's turn. */
  | { readonly kind: 'pass' };

const REF_PREFIX = 'rv:';

/** Whether a card reference belongs to a `复习` question (the daily quiz's are `<day>.<index>`). */
export function isReviewRef(ref: string | undefined): boolean {
  return ref?.startsWith(REF_PREFIX) ?? false;
}

export function createReviewService(deps: ReviewServiceDeps) {
  const { practice, bank, serial } = deps;
  const today = () => quizDayOf(deps.clock.now(), deps.timeZone);
  const ref = (s: ReviewSession, index: number) => `${REF_PREFIX}${s.id}.${index}`;

  const title = (s: ReviewSession, index: number) => `复习 ${index + 1}/${s.items.length} · 复习题`;

  function questionText(s: ReviewSession, index: number): string {
    const item = s.items[index]!;
    const q = bank.get(item.questionId)!;
    const options = q.type === 'judge' ? [] : displayedOptions(q, item.order).map((o) => `${o.key}. ${o.text}`);
    return [`【${title(s, index)}】${TYPE_LABELS[q.type]}`, q.stem, ...options, howToAnswer(q)].join('\n');
  }

  function questionMessage(s: ReviewSession, index: number): OutboundMessage {
    const item = s.items[index]!;
    const q = bank.get(item.questionId)!;
    const card = {
      ref: ref(s, index),
      title: `${title(s, index)} · ${TYPE_LABELS[q.type]}`,
      stem: q.stem,
      kind: q.type,
      options: displayedOptions(q, item.order),
    };
    return { kind: 'question', text: questionText(s, index), card };
  }

  /** Skips questions withdrawn since the sitting began (nothing graded, the schedule untouched). */
  async function next(person: Person, s: ReviewSession): Promise<OutboundMessage[]> {
    const served = new Set(deps.pool(person).map((q) => q.id));
    let cur = s;
    while (cur.answered < cur.items.length && !served.has(cur.items[cur.answered]!.questionId)) {
      const item = cur.items[cur.answered]!;
      const answeredAt = deps.clock.now().toISOString();
      await practice.recordReview({
        personId: person.id,
        sessionId: cur.id,
        index: cur.answered,
        questionId: item.questionId,
        chosen: '',
        correct: false,
        answeredAt,
      });
      cur = (await practice.reviewSession(person.id))!;
    }
    if (cur.answered < cur.items.length) return [questionMessage(cur, cur.answered)];
    return [{ kind: 'text', text: await finishText(person, cur) }];
  }

  async function finishText(person: Person, s: ReviewSession): Promise<string> {
    const day = today();
    const left = queueSummary(await practice.reviewCards(person.id), deps.pool(person), day);
    const lines = [`复习完成：答对 ${s.correct}/${s.answered} 题（复习不计入今日积分）。`];
    if (left.dueToday > 0) lines.push(`还有 ${left.dueToday} 道到期的复习题，发送“复习”继续。`);
    else if (left.nextDue) lines.push(`下一次复习：${left.nextDue}。`);
    return lines.join('\n');
  }

  /** `复习`: continues an open sitting, or starts one with the due reviews not in today's daily quiz. */
  function start(person: Person): Promise<OutboundMessage[]> {
    return serial(person.id, async () => {
      const day = today();
      const open = await practice.reviewSession(person.id);
      if (open?.open && open.day === day) {
        return [{ kind: 'text', text: `继续复习（已答 ${open.answered}/${open.items.length} 题）。` }, ...(await next(person, open))];
      }
      if (open?.open) await practice.closeReviewSession(person.id, open.id);
      const pool = new Map(deps.pool(person).map((q) => [q.id, q]));
      const inQuiz = new Set((await deps.store.getQuiz(person.id, day))?.items.map((i) => i.questionId) ?? []);
      const cards = await practice.reviewCards(person.id);
      const due = dueReviews(cards, day)
        .filter((r) => pool.has(r.questionId) && !inQuiz.has(r.questionId))
        .slice(0, deps.sessionSize);
      if (due.length === 0) {
        const s = queueSummary(cards, [...pool.values()], day);
        if (s.queued === 0) return [{ kind: 'text', text: '您的复习队列是空的：答错的题会自动加入复习，按遗忘规律安排再练。' }];
        const when = s.dueToday > 0 ? '今日到期的题已在今日答题中。' : `下一次复习：${s.nextDue}。`;
        return [{ kind: 'text', text: `暂无到期的复习题（复习队列共 ${s.queued} 题）。${when}` }];
      }
      const items = due.map(
        (r): QuizItem => ({ questionId: r.questionId, order: reviewOrder(person.id, day, pool.get(r.questionId)!, r.lastOrder), review: true }),
      );
      const n = open?.day === day ? Number(open.id.split('.')[1] ?? 0) + 1 : 1;
      const session: ReviewSession = {
        personId: person.id,
        id: `${day}.${n}`,
        day,
        items,
        startedAt: deps.clock.now().toISOString(),
        answered: 0,
        correct: 0,
        open: true,
      };
      await practice.startReviewSession(session);
      const intro = `开始复习：${items.length} 道到期的错题（选项顺序已重新打乱；复习不计入今日积分）。`;
      return [{ kind: 'text', text: intro }, questionMessage(session, 0)];
    });
  }

  /**
   * Grades `text` as the answer to the open sitting's current question (`ref`: the card tapped, if any). The same
   * message handled twice (recovered after a crash) is not graded again as the next question's answer.
   */
  function answer(person: Person, text: string, cardRef?: string, messageId?: string): Promise<ReviewAnswerResult> {
    return serial(person.id, async () => {
      if (cardRef !== undefined && !isReviewRef(cardRef)) return { kind: 'pass' };
      const s = await practice.reviewSession(person.id);
      if (messageId !== undefined && s?.lastMessageId === messageId) return { kind: 'graded', replies: [] };
      if (!s?.open || s.day !== today()) {
        if (cardRef === undefined) return { kind: 'pass' };
        return { kind: 'graded', replies: [{ kind: 'text', text: '这次复习已经结束。发送“复习”查看到期的复习题。' }] };
      }
      const index = s.answered;
      if (cardRef !== undefined && cardRef !== ref(s, index)) {
        return { kind: 'graded', replies: [{ kind: 'text', text: '这道复习题已经作答过了，请回答当前题目。' }, questionMessage(s, index)] };
      }
      const item = s.items[index]!;
      const q = deps.pool(person).find((x) => x.id === item.questionId);
      if (!q) return { kind: 'graded', replies: await next(person, s) };
      const parsed = parseAnswer(text, q.type, q.options?.length ?? 2);
      if (!parsed) return { kind: 'not-an-answer', hint: questionText(s, index) };
      const g = grade(q, item.order, parsed);
      const now = deps.clock.now();
      const card = deps.review.after(await practice.reviewCard(person.id, q.id), g.correct, now, item.order);
      const answeredAt = now.toISOString();
      const recorded = await practice.recordReview({
        personId: person.id,
        sessionId: s.id,
        index,
        questionId: q.id,
        chosen: g.chosen,
        correct: g.correct,
        answeredAt,
        ...(card ? { card } : {}),
        ...(messageId !== undefined ? { messageId } : {}),
      });
      if (recorded === 'already-answered') return { kind: 'graded', replies: [] };
      const result = [resultText(q, item.order, g.correct), ...(card ? [reviewNote(card, g.correct)] : [])].join('\n');
      const first: OutboundMessage =
        cardRef === undefined
          ? { kind: 'text', text: result }
          : { kind: 'card-result', text: result, questionRef: cardRef, verdict: g.correct ? '✅ 回答正确' : '❌ 回答错误' };
      return { kind: 'graded', replies: [first, ...(await next(person, (await practice.reviewSession(person.id))!))] };
    });
  }

  /** Leaves an open sitting (the person turned to the daily quiz); its unanswered reviews stay due. */
  function leave(person: Person): Promise<void> {
    return serial(person.id, async () => {
      const s = await practice.reviewSession(person.id);
      if (s?.open) await practice.closeReviewSession(person.id, s.id);
    });
  }

  /** For `我的`: the queue, what is due today. */
  async function summary(person: Person, day: QuizDay) {
    return queueSummary(await practice.reviewCards(person.id), deps.pool(person), day);
  }

  return { start, answer, leave, summary, today };
}

export type ReviewService = ReturnType<typeof createReviewService>;

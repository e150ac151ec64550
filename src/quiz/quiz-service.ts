/**
 * The daily quiz for one person: start or continue, grade an answer, finish with a summary.
 * Orchestrates the pure parts (pick, parse, grade, points, format) over the quiz log. Knows no channel.
 */
import type { StudyCalendar } from '../core/calendar.js';
import type { Clock } from '../core/clock.js';
import { createKeyedQueue } from '../core/keyed-queue.js';
import type { OutboundMessage } from '../core/message.js';
import { type QuizDay, quizDayOf } from '../core/quiz-day.js';
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { AnswerRecord, DailyQuiz, Person } from '../core/model.js';
import type { QuizLog } from '../core/ports/quiz-log.js';
import type { StudyStats } from '../core/ports/study-stats.js';
import { type ParsedAnswer, parseAnswer, readAnswer } from './answer-parse.js';
import { type AnswerContext, sentBeforeShown } from './answer-timing.js';
import { type ReviewItem, questionCard, questionText, resultText, summaryText, type Summary } from './format.js';
import { grade } from './grade.js';
import { type PickRules, optionOrder, pickDailyQuiz } from './pick.js';
import { type PointsRules, answerPoints, dayPoints, streakAt, streakBonus } from './points.js';
import type { PracticeStore } from '../core/ports/practice-store.js';
import type { QuestionBank } from './question-bank.js';
import { dueReviews, reviewNote } from './review-queue.js';
import type { ReviewScheduler } from './review-schedule.js';

export interface Standing {
  readonly monthPoints: number;
  readonly rank?: Summary['rank'];
}

export interface QuizServiceDeps {
  /** The quiz log, and the day stats for progress and streaks. */
  readonly store: QuizLog & Pick<StudyStats, 'dayStats'>;
  readonly bank: QuestionBank;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly quizSize: number;
  /** Least time from showing a question to a typed answer to it (see answer-timing.ts). */
  readonly answerMinMs?: number;
  readonly points: PointsRules;
  readonly calendar: StudyCalendar;
  /** The person's month points and department rank (from the stats module). */
  readonly standing: (person: Person, day: QuizDay) => Promise<Standing>;
  /** Review queues, answers by law and rounds (spaced review and 精准普法). */
  readonly practice: PracticeStore;
  readonly review: ReviewScheduler;
  readonly pickRules: Omit<PickRules, 'size'>;
  /** Per-person turns, shared with the `复习` service so one person's messages never interleave. */
  readonly serial?: ReturnType<typeof createKeyedQueue>;
}

export type AnswerResult =
  | { readonly kind: 'graded'; readonly replies: OutboundMessage[] }
  /** `problem`: why an answer-like text cannot be graded (several letters to a 单选, a letter not on offer…). */
  | { readonly kind: 'not-an-answer'; readonly hint: string; readonly problem?: string }
  | { readonly kind: 'no-quiz' }
  | { readonly kind: 'done'; readonly replies: OutboundMessage[] };

export function createQuizService(deps: QuizServiceDeps) {
  const { store, bank, clock } = deps;
  const serial = deps.serial ?? createKeyedQueue();
  const today = () => quizDayOf(clock.now(), deps.timeZone);
  const cardRef = (quiz: DailyQuiz, index: number) => `${quiz.day}.${index}`;

  /**
   * The questions that may be served to the person, daily or in review: the one place the pool is filtered
   * (withdrawn, held and disabled-bank questions are already out of the bank's eligible lists).
   */
  function pool(person: Person): readonly LoadedQuestion[] {
    return bank.eligible(person.track);
  }

  async function todaysQuiz(person: Person, day: QuizDay): Promise<DailyQuiz | undefined> {
    const existing = await store.getQuiz(person.id, day);
    if (existing) return existing;
    const eligible = pool(person);
    if (eligible.length === 0) return undefined;
    const { practice } = deps;
    const picked = pickDailyQuiz(
      {
        personId: person.id,
        track: person.track,
        day,
        pool: eligible,
        lastSeen: await store.lastSeen(person.id),
        round: await practice.roundStart(person.id),
        due: dueReviews(await practice.reviewCards(person.id), day),
        lawCounts: await practice.lawCounts(person.id),
      },
      { ...deps.pickRules, size: deps.quizSize },
    );
    const round = picked.round ? { round: picked.round } : {};
    return store.saveQuiz({ personId: person.id, day, items: picked.items, servedAt: clock.now().toISOString(), ...round });
  }

  function questionMessage(quiz: DailyQuiz, index: number): OutboundMessage {
    const item = quiz.items[index]!;
    const q = bank.get(item.questionId)!;
    return {
      kind: 'question',
      text: questionText(q, item.order, index, quiz.items.length, item.review),
      card: questionCard(cardRef(quiz, index), q, item.order, index, quiz.items.length, item.review),
    };
  }

  /** The day's figures once it is complete: correct answers, points, streak, month points and department rank. */
  async function summaryOf(person: Person, day: QuizDay, quiz: DailyQuiz): Promise<Summary> {
    const stats = await store.dayStats(person.id, day);
    const streak = await streakAt(day, async (d) => (await store.dayStats(person.id, d)).completed, deps.calendar);
    const standing = await deps.standing(person, day);
    return {
      correct: stats.correct,
      total: quiz.items.length,
      points: dayPoints(stats, deps.points),
      streak,
      monthPoints: standing.monthPoints,
      rank: standing.rank,
    };
  }

  async function summary(person: Person, day: QuizDay, quiz: DailyQuiz): Promise<string> {
    return summaryText(await summaryOf(person, day, quiz));
  }

  /**
   * Moves past questions withdrawn from the bank after the quiz was drawn (each recorded as a skip with no
   * points, rather than blocking the person's day) from `index`, and completes the day (with its streak bonus)
   * once every question is answered. Returns the next question to answer (the quiz's length when done) and the
   * indexes skipped. Run it in the person's turn.
   */
  async function advance(person: Person, quiz: DailyQuiz, day: QuizDay, index: number): Promise<{ index: number; skipped: number[] }> {
    const skipped: number[] = [];
    for (; index < quiz.items.length && !bank.get(quiz.items[index]!.questionId); index++) {
      const now = clock.now().toISOString();
      await store.recordAnswer({
        personId: person.id,
        day,
        index,
        questionId: quiz.items[index]!.questionId,
        chosen: '',
        correct: false,
        points: 0,
        answeredAt: now,
        elapsedMs: 0,
      });
      skipped.push(index);
    }
    if (index >= quiz.items.length) {
      const streak = await streakAt(day, async (d) => d === day || (await store.dayStats(person.id, d)).completed, deps.calendar);
      await store.completeDay(person.id, day, streakBonus(streak, deps.points));
    }
    return { index, skipped };
  }

  /** What follows once `index` questions are answered: the next question, or the day's completion with its summary. */
  async function next(person: Person, quiz: DailyQuiz, day: QuizDay, index: number): Promise<OutboundMessage[]> {
    const moved = await advance(person, quiz, day, index);
    const notes: OutboundMessage[] = moved.skipped.map((i) => ({ kind: 'text', text: `第 ${i + 1} 题已被管理员下线，已跳过。` }));
    if (moved.index < quiz.items.length) return [...notes, questionMessage(quiz, moved.index)];
    return [...notes, { kind: 'text', text: await summary(person, day, quiz) }];
  }

  /** `答题`: starts today's quiz, or continues where the person left off, or shows today's result. */
  function start(person: Person): Promise<OutboundMessage[]> {
    return serial(person.id, async () => {
      const day = today();
      const quiz = await todaysQuiz(person, day);
      if (!quiz) return [{ kind: 'text', text: '题库暂无适合您的题目，请联系管理员。' }];
      const answered = (await store.answersOf(person.id, day)).length;
      if (answered >= quiz.items.length) {
        return [{ kind: 'text', text: `今日答题已完成，明天再来！\n\n${await summary(person, day, quiz)}` }];
      }
      const intro = answered === 0 ? `今日答题共 ${quiz.items.length} 题，开始吧！` : `继续今日答题（已答 ${answered}/${quiz.items.length} 题）。`;
      return [{ kind: 'text', text: intro }, ...(await next(person, quiz, day, answered))];
    });
  }

  /** The result of an answer and what follows, for a message already graded (a replay after a crash). */
  async function replay(person: Person, quiz: DailyQuiz, day: QuizDay, done: AnswerRecord, answered: number, ref?: string): Promise<AnswerResult> {
    const item = quiz.items[done.index]!;
    const q = bank.get(done.questionId);
    const replies: OutboundMessage[] = [];
    if (q) {
      const result = resultText(q, item.order, done.correct);
      replies.push(
        ref === undefined
          ? { kind: 'text', text: result }
          : { kind: 'card-result', text: result, questionRef: ref, verdict: done.correct ? '✅ 回答正确' : '❌ 回答错误' },
      );
    }
    replies.push(...(await next(person, quiz, day, answered)));
    return { kind: 'graded', replies };
  }

  /**
   * Grades a parsed answer to question `index` (the person's current one) and records it with its points, its
   * legal basis, the person's department and the question's new review schedule. Run it in the person's turn.
   */
  async function gradeAndRecord(person: Person, quiz: DailyQuiz, index: number, parsed: ParsedAnswer, shownAt: string, context?: AnswerContext) {
    const item = quiz.items[index]!;
    const q = bank.get(item.questionId)!;
    const g = grade(q, item.order, parsed);
    const now = clock.now();
    const review = deps.review.after(await deps.practice.reviewCard(person.id, q.id), g.correct, now, item.order);
    const record: AnswerRecord = {
      personId: person.id,
      day: quiz.day,
      index,
      questionId: q.id,
      chosen: g.chosen,
      correct: g.correct,
      order: item.order,
      points: answerPoints(q, g.correct, deps.points),
      answeredAt: now.toISOString(),
      elapsedMs: Math.max(0, now.getTime() - Date.parse(shownAt)),
      law: q.basis.law,
      article: q.basis.articles[0],
      departmentId: person.departmentId,
      ...(context ? { messageKey: context.messageKey, sentAt: context.sentAt.toISOString() } : {}),
      ...(review ? { review } : {}),
    };
    await store.recordAnswer(record);
    return { record, review };
  }

  /**
   * Grades `text` as the answer to the person's current question (`ref` names the card tapped, if any).
   * With the message's context, the answer is keyed by the message (a replay never grades twice) and a
   * typed answer sent before the current question was shown is not applied to it.
   */
  function answer(person: Person, text: string, ref?: string, context?: AnswerContext): Promise<AnswerResult> {
    return serial(person.id, async () => {
      const day = today();
      const quiz = await store.getQuiz(person.id, day);
      if (!quiz) return { kind: 'no-quiz' };
      const answers = await store.answersOf(person.id, day);
      const index = answers.length;
      const already = context && answers.find((a) => a.messageKey === context.messageKey);
      if (already) return replay(person, quiz, day, already, index, ref);
      if (index >= quiz.items.length) {
        if (!parseAnswer(text, 'multiple', 8) && !parseAnswer(text, 'judge', 2)) return { kind: 'no-quiz' };
        return { kind: 'done', replies: [{ kind: 'text', text: '今日答题已完成，再次作答不计分。发送“我的”查看成绩。' }] };
      }
      if (ref !== undefined && ref !== cardRef(quiz, index)) {
        return { kind: 'done', replies: [{ kind: 'text', text: '这道题已经作答过了，请回答当前题目。' }, questionMessage(quiz, index)] };
      }
      const item = quiz.items[index]!;
      const q = bank.get(item.questionId);
      if (!q) return { kind: 'graded', replies: await next(person, quiz, day, index) };
      const reading = readAnswer(text, q.type, q.options?.length ?? 2);
      if (reading.kind !== 'answer') {
        return {
          kind: 'not-an-answer',
          hint: questionText(q, item.order, index, quiz.items.length),
          ...(reading.kind === 'retry' ? { problem: reading.problem } : {}),
        };
      }
      const parsed = reading.answer;
      const shownAt = index === 0 ? quiz.servedAt : answers[index - 1]!.answeredAt;
      if (ref === undefined && context && sentBeforeShown(context, shownAt, answers[index - 1], deps.answerMinMs ?? 0)) {
        const n = index + 1;
        return {
          kind: 'done',
          replies: [
            { kind: 'text', text: `您的回答“${text}”是在看到第 ${n} 题之前发出的，没有计入第 ${n} 题。请看清第 ${n} 题后再作答：` },
            questionMessage(quiz, index),
          ],
        };
      }

      const { record: g, review } = await gradeAndRecord(person, quiz, index, parsed, shownAt, context);
      const result = [resultText(q, item.order, g.correct), ...(review ? [reviewNote(review, g.correct)] : [])].join('\n');
      const replies: OutboundMessage[] = [
        ref === undefined
          ? { kind: 'text', text: result }
          : { kind: 'card-result', text: result, questionRef: ref, verdict: g.correct ? '✅ 回答正确' : '❌ 回答错误' },
      ];
      replies.push(...(await next(person, quiz, day, index + 1)));
      return { kind: 'graded', replies };
    });
  }

  /**
   * `错题`: the person's latest wrong answers with the option order they saw: kept with the answer, else the
   * stored quiz of that day, else re-derived (the shuffle is deterministic per person, day and question).
   * Questions withdrawn from the bank are left out.
   */
  async function wrongBook(person: Person, limit: number): Promise<ReviewItem[]> {
    const out: ReviewItem[] = [];
    for (const w of await store.wrongAnswers(person.id, limit * 2)) {
      const q = bank.get(w.questionId);
      if (!q) continue;
      const stored = (await store.getQuiz(person.id, w.day))?.items.find((it) => it.questionId === q.id)?.order;
      const order = [w.order, stored].find((o) => o !== undefined && isOrderOf(q.options?.length ?? 0, o)) ?? optionOrder(person.id, w.day, q);
      out.push({ q, order, chosen: w.chosen, day: w.day });
      if (out.length === limit) break;
    }
    return out;
  }

  return {
    start,
    answer,
    today,
    wrongBook,
    pool,
    /** The steps the web page's quiz (quiz-page.ts) shares with the chat; each but `turn` must run inside `turn`. */
    steps: { turn: serial, todaysQuiz, advance, gradeAndRecord, summaryOf },
  };
}

/** Whether `order` is a permutation of the `n` options (a question edited since may no longer fit it). */
function isOrderOf(n: number, order: readonly number[]): boolean {
  return order.length === n && new Set(order).size === n && order.every((i) => Number.isInteger(i) && i >= 0 && i < n);
}

export type QuizService = ReturnType<typeof createQuizService>;

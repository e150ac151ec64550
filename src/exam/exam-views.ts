/**
 * What a taker sees, as plain JSON for the exam page (and the chat texts): the paper without keys, results,
 * and the review with keys and explanations (only when the exam allows it). Pure.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { TYPE_LABELS } from '../bank/question-schema.js';
import { citation, displayedOptions } from '../quiz/format.js';
import { toDisplayLetters } from '../quiz/grade.js';
import { type Attempt, type Exam, type PaperItem, counts } from './exam-model.js';
import { bestAttempt, canStart, effectiveDeadline, openWindow, timeUsedMs, windows } from './rules.js';

export interface OptionView {
  readonly key: string;
  readonly text: string;
}

export interface QuestionView {
  readonly index: number;
  readonly type: PaperItem['type'];
  readonly typeLabel: string;
  readonly points: number;
  readonly stem: string;
  /** Choices as this person sees them; 判断 has 对 and 错. The answer is the chosen keys joined ('AC', '对'). */
  readonly options: readonly OptionView[];
  /** The saved answer in the person's own letters, or null. */
  readonly answer: string | null;
}

export interface PaperView {
  readonly examId: string;
  readonly examName: string;
  /** Which attempt this is (send it back with every answer). */
  readonly attempt: number;
  readonly status: 'active';
  readonly startedAt: string;
  readonly deadline: string;
  /** The server's time; the page's timer counts `deadline − now`, never the phone's clock. */
  readonly now: string;
  readonly remainingSeconds: number;
  readonly questionCount: number;
  readonly totalPoints: number;
  readonly passMark: number;
  readonly answered: number;
  readonly unanswered: number;
  readonly questions: readonly QuestionView[];
}

const JUDGE_OPTIONS: readonly OptionView[] = [
  { key: '对', text: '对' },
  { key: '错', text: '错' },
];

/** A stand-in for a question deleted from the bank after the paper was drawn (still graded by its recorded key). */
function missingQuestion(item: PaperItem): LoadedQuestion {
  const options = item.order.map((_, i) => `选项 ${i + 1}`);
  return {
    id: item.questionId,
    type: item.type,
    stem: `（题目 ${item.questionId} 已从题库删除）`,
    ...(item.type === 'judge' ? {} : { options }),
    answer: item.key,
    explanation: '（已删除）',
    basis: { law: '—', articles: ['第一条'] },
    tracks: ['全员'],
    topic: '—',
    difficulty: 1,
    bank: '—',
    file: '—',
  };
}

export function questionOf(item: PaperItem, get: (id: string) => LoadedQuestion | undefined): LoadedQuestion {
  return get(item.questionId) ?? missingQuestion(item);
}

/** A saved answer (bank letters or 对/错) in the letters this person saw. */
export function shownAnswer(item: PaperItem, chosen: string | null | undefined): string | null {
  if (!chosen) return null;
  return item.type === 'judge' ? chosen : toDisplayLetters(chosen, item.order);
}

export function optionsOf(q: LoadedQuestion, item: PaperItem): OptionView[] {
  return item.type === 'judge' ? [...JUDGE_OPTIONS] : displayedOptions(q, item.order);
}

export function unansweredIndexes(a: Attempt): number[] {
  return a.answers.flatMap((c, i) => (c ? [] : [i]));
}

export function paperView(exam: Exam, a: Attempt, get: (id: string) => LoadedQuestion | undefined, now: Date): PaperView {
  const deadline = effectiveDeadline(a, exam);
  const open = unansweredIndexes(a).length;
  return {
    examId: exam.id,
    examName: exam.name,
    attempt: a.n,
    status: 'active',
    startedAt: a.startedAt,
    deadline,
    now: now.toISOString(),
    remainingSeconds: Math.max(0, Math.floor((Date.parse(deadline) - now.getTime()) / 1000)),
    questionCount: a.paper.length,
    totalPoints: exam.totalPoints,
    passMark: exam.passMark,
    answered: a.paper.length - open,
    unanswered: open,
    questions: a.paper.map((item, index) => {
      const q = questionOf(item, get);
      return {
        index,
        type: item.type,
        typeLabel: TYPE_LABELS[item.type],
        points: item.points,
        stem: q.stem,
        options: optionsOf(q, item),
        answer: shownAnswer(item, a.answers[index]),
      };
    }),
  };
}

export interface AttemptSummary {
  readonly attempt: number;
  /** 0 = the exam, k = the k-th 补考. */
  readonly window: number;
  readonly status: Attempt['status'];
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly timeUsedSeconds: number | null;
  readonly score: number | null;
  readonly passed: boolean | null;
  readonly answered: number;
  readonly voided: { readonly reason: string; readonly at: string } | null;
}

export function attemptSummary(a: Attempt): AttemptSummary {
  return {
    attempt: a.n,
    window: a.window,
    status: a.status,
    startedAt: a.startedAt,
    finishedAt: a.finishedAt ?? null,
    timeUsedSeconds: a.finishedAt ? Math.round(timeUsedMs(a) / 1000) : null,
    score: a.score ?? null,
    passed: a.passed ?? null,
    answered: a.answers.filter(Boolean).length,
    voided: a.void ? { reason: a.void.reason, at: a.void.at } : null,
  };
}

export interface ReviewItem extends QuestionView {
  readonly correctAnswer: string;
  readonly earned: number;
  readonly explanation: string;
  /** 《行政处罚法》第三十六条 */
  readonly basis: string;
}

/** Each question of attempt `a` with the person's answer, the key as they saw it, the points earned and the 解析. */
export function reviewOf(a: Attempt, get: (id: string) => LoadedQuestion | undefined): ReviewItem[] {
  return a.paper.map((item, index) => {
    const q = questionOf(item, get);
    return {
      index,
      type: item.type,
      typeLabel: TYPE_LABELS[item.type],
      points: item.points,
      stem: q.stem,
      options: optionsOf(q, item),
      answer: shownAnswer(item, a.answers[index]),
      correctAnswer: shownAnswer(item, item.key)!,
      earned: a.itemPoints?.[index] ?? 0,
      explanation: q.explanation,
      basis: citation(q),
    };
  });
}

/** The person's standing at an exam: the best attempt that counts and every attempt. */
export function standingOf(attempts: readonly Attempt[]) {
  const best = bestAttempt(attempts);
  return {
    best: best ? attemptSummary(best) : null,
    passed: best?.passed === true,
    attempts: attempts.map(attemptSummary),
    counted: attempts.filter(counts).length,
  };
}

/** Exams up to this many questions can also be taken in chat. */
export const CHAT_MAX_QUESTIONS = 30;

/** An exam as a person sees it now: its windows, what they can do, their best result (`member`: in its audience and the study list). */
export function examCard(exam: Exam, attempts: readonly Attempt[], member: boolean, now: Date) {
  const active = attempts.find((a) => a.status === 'active');
  const check = canStart(exam, attempts, now);
  const standing = standingOf(attempts);
  const status = active ? 'in-progress' : openWindow(exam, now) ? 'open' : check.ok === false && check.reason === 'upcoming' ? 'upcoming' : 'closed';
  return {
    id: exam.id,
    name: exam.name,
    status,
    windows: windows(exam).map((x) => ({ index: x.index, from: x.from, to: x.to, attempts: x.attempts })),
    durationMinutes: exam.durationMinutes,
    questionCount: exam.questionCount,
    totalPoints: exam.totalPoints,
    passMark: exam.passMark,
    /** Short exams can also be taken in chat (`考试`). */
    chat: exam.questionCount <= CHAT_MAX_QUESTIONS,
    active: active ? { attempt: active.n, startedAt: active.startedAt, deadline: effectiveDeadline(active, exam) } : null,
    canStart: !active && member && check.ok,
    attemptsLeft: check.ok ? check.left : 0,
    best: standing.best,
    passed: standing.passed,
    attemptsUsed: standing.counted,
    now: now.toISOString(),
  };
}

export type ExamCard = ReturnType<typeof examCard>;

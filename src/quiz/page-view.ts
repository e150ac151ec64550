/**
 * What the web page's daily quiz shows (quiz-page.ts), as plain JSON-ready data. Pure. The same texts as the
 * chat: the question as the person sees it (their option order and letters), and after an answer the verdict
 * with the right answer, the explanation and the legal basis (`citation`, 《法》第X条), and the review note.
 * A question not yet answered never carries its key.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { TYPE_LABELS } from '../bank/question-schema.js';
import type { AnswerRecord, QuizItem } from '../core/model.js';
import type { QuizDay } from '../core/quiz-day.js';
import { type Summary, citation, displayedAnswer, displayedChoice, displayedOptions, summaryText } from './format.js';
import { reviewNote } from './review-queue.js';

/** The question to answer, without its key. */
export interface PageQuestion {
  readonly index: number;
  readonly type: LoadedQuestion['type'];
  readonly typeLabel: string;
  readonly stem: string;
  /** As displayed: A, B, … in the person's shuffled order; 判断: A 对, B 错 (the page sends 对/错). */
  readonly options: ReadonlyArray<{ readonly key: string; readonly text: string }>;
  /** A question the person got wrong before, served again for review (复习题). */
  readonly review: boolean;
  /** How to answer it, in Chinese. */
  readonly howTo: string;
}

/** An answered question: what was chosen, the verdict, the explanation and its legal basis. */
export interface PageVerdict {
  readonly index: number;
  /** Withdrawn from the bank after the quiz was drawn: skipped with no points (nothing else is known). */
  readonly skipped: boolean;
  readonly type: LoadedQuestion['type'] | null;
  readonly typeLabel: string | null;
  readonly stem: string | null;
  readonly options: ReadonlyArray<{ readonly key: string; readonly text: string }>;
  /** What the person chose as they saw it ('B', 'AC', '对'). */
  readonly chosen: string;
  readonly correct: boolean;
  /** The right answer as the person saw it. */
  readonly correctAnswer: string | null;
  /** Points of this answer before the daily cap. */
  readonly points: number;
  readonly explanation: string | null;
  /** 《行政处罚法》第三十六条第一款 */
  readonly basis: string | null;
  /** When the question comes back for review (a wrong answer enters the queue). */
  readonly reviewNote: string | null;
}

/** The day's summary once every question is answered: the chat's figures and its text. */
export interface PageSummary extends Summary {
  readonly text: string;
}

/** The person's daily quiz as the page shows it. */
export interface PageQuiz {
  readonly day: QuizDay;
  /** Whether the day is a study day (on other days answering is voluntary and still counts). */
  readonly studyDay: boolean;
  readonly total: number;
  /** Questions answered (a withdrawn question counts as answered once skipped). */
  readonly answered: number;
  /** The day's points so far (answer points within the daily cap, plus the streak bonus once complete). */
  readonly points: number;
  readonly done: boolean;
  /** The question to answer now; null once the day is done. */
  readonly current: PageQuestion | null;
  readonly verdicts: readonly PageVerdict[];
  readonly summary: PageSummary | null;
}

const HOW_TO: Readonly<Record<LoadedQuestion['type'], string>> = {
  single: '单选题：选择一个正确选项。',
  multiple: '多选题：选择全部正确选项（全部选对才得分）。',
  judge: '判断题：判断这句话对还是错。',
};

export function pageQuestion(q: LoadedQuestion, item: QuizItem, index: number): PageQuestion {
  return {
    index,
    type: q.type,
    typeLabel: TYPE_LABELS[q.type],
    stem: q.stem,
    options: displayedOptions(q, item.order),
    review: item.review === true,
    howTo: HOW_TO[q.type],
  };
}

/** The verdict of an answer record; `q` undefined when the question has left the bank. */
export function pageVerdict(q: LoadedQuestion | undefined, item: QuizItem, a: AnswerRecord): PageVerdict {
  const skipped = a.chosen === '' && a.points === 0 && !a.correct && a.order === undefined;
  if (!q) {
    const none = { type: null, typeLabel: null, stem: null, options: [], correctAnswer: null, explanation: null, basis: null, reviewNote: null };
    return { index: a.index, skipped, chosen: '', correct: a.correct, points: a.points, ...none };
  }
  const order = a.order ?? item.order;
  return {
    index: a.index,
    skipped,
    type: q.type,
    typeLabel: TYPE_LABELS[q.type],
    stem: q.stem,
    options: displayedOptions(q, order),
    chosen: a.chosen ? displayedChoice(q, order, a.chosen) : '',
    correct: a.correct,
    correctAnswer: displayedAnswer(q, order),
    points: a.points,
    explanation: q.explanation,
    basis: citation(q),
    reviewNote: a.review ? reviewNote(a.review, a.correct) : null,
  };
}

export function pageSummary(s: Summary): PageSummary {
  return { ...s, text: summaryText(s) };
}

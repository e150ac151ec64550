/**
 * The quiz log reducer of the history state: each person's quizzes and answers of the recent days, the day
 * each question was last served (a Uint16 day number per person and question) and the latest wrong answers.
 * Older quizzes and answers live only in the journal; what is kept here costs O(1) per event.
 */
import type { AnswerRecord, DailyQuiz, WrongAnswer } from '../core/model.js';
import { type QuizDay, dayFromNumber, dayNumber } from '../core/quiz-day.js';
import type { Interner } from './interner.js';

export type QuizLogEvent = { readonly t: 'quiz'; readonly quiz: DailyQuiz } | { readonly t: 'answer'; readonly a: AnswerRecord };

const WRONG_KEPT = 50;

export interface QuizLogSnapshot {
  readonly questions: readonly string[];
  readonly seen: readonly string[];
  readonly wrong: Readonly<Record<string, readonly WrongAnswer[]>>;
  readonly quizzes: readonly DailyQuiz[];
  readonly answers: readonly AnswerRecord[];
}

export class QuizLogState {
  private readonly questions: Interner;
  private seen: Uint16Array[] = [];
  private readonly wrong = new Map<string, WrongAnswer[]>();
  private readonly quizzes = new Map<string, DailyQuiz>();
  private readonly answers = new Map<string, AnswerRecord[]>();

  /** `people` is shared with the study stats (one person numbering in the snapshot). */
  constructor(
    private readonly people: Interner,
    questions: Interner,
  ) {
    this.questions = questions;
  }

  /** Applies an event; false when it changed nothing (a quiz already served, an index already answered). */
  apply(e: QuizLogEvent): boolean {
    if (e.t === 'quiz') {
      const key = `${e.quiz.personId}|${e.quiz.day}`;
      if (this.quizzes.has(key)) return false;
      this.quizzes.set(key, e.quiz);
      const p = this.people.id(e.quiz.personId);
      const n = dayNumber(e.quiz.day) + 1;
      for (const item of e.quiz.items) {
        const q = this.questions.id(item.questionId);
        this.seenRow(p, q)[q] = n;
      }
      return true;
    }
    const key = `${e.a.personId}|${e.a.day}`;
    const list = this.answers.get(key) ?? [];
    if (list.some((x) => x.index === e.a.index)) return false;
    list.push(e.a);
    this.answers.set(key, list);
    if (!e.a.correct) {
      const w = this.wrong.get(e.a.personId) ?? [];
      w.unshift({ questionId: e.a.questionId, chosen: e.a.chosen, day: e.a.day, ...(e.a.order ? { order: e.a.order } : {}) });
      if (w.length > WRONG_KEPT) w.length = WRONG_KEPT;
      this.wrong.set(e.a.personId, w);
    }
    return true;
  }

  quiz(personId: string, day: QuizDay): DailyQuiz | undefined {
    return this.quizzes.get(`${personId}|${day}`);
  }

  answersOf(personId: string, day: QuizDay): readonly AnswerRecord[] {
    return this.answers.get(`${personId}|${day}`) ?? [];
  }

  lastSeen(personId: string): Map<string, QuizDay> {
    const out = new Map<string, QuizDay>();
    const i = this.people.find(personId);
    const row = i === undefined ? undefined : this.seen[i];
    if (!row) return out;
    for (let q = 0; q < row.length; q++) if (row[q]! > 0) out.set(this.questions.values[q]!, dayFromNumber(row[q]! - 1));
    return out;
  }

  wrongAnswers(personId: string, limit: number): readonly WrongAnswer[] {
    return (this.wrong.get(personId) ?? []).slice(0, limit);
  }

  /** Drops quizzes and answers of days before `cutoff`. */
  prune(cutoff: QuizDay): void {
    for (const [key, quiz] of this.quizzes) if (quiz.day < cutoff) this.quizzes.delete(key);
    for (const [key, list] of this.answers) if (list[0] && list[0].day < cutoff) this.answers.delete(key);
  }

  private seenRow(p: number, q: number): Uint16Array {
    let row = this.seen[p];
    if (!row || row.length <= q) {
      const grown = new Uint16Array(Math.max(64, (q + 1) * 2));
      if (row) grown.set(row);
      row = grown;
      this.seen[p] = row;
    }
    return row;
  }

  snapshot(): QuizLogSnapshot {
    return {
      questions: [...this.questions.values],
      // Rows grow by doubling; only the questions known so far are written.
      seen: Array.from(this.seen, (row) =>
        row ? Buffer.from(row.buffer, row.byteOffset, Math.min(row.length, this.questions.size) * row.BYTES_PER_ELEMENT).toString('base64') : '',
      ),
      wrong: Object.fromEntries(this.wrong),
      quizzes: [...this.quizzes.values()],
      answers: [...this.answers.values()].flat(),
    };
  }

  static restore(s: QuizLogSnapshot, people: Interner, questions: Interner): QuizLogState {
    const log = new QuizLogState(people, questions);
    for (const q of s.questions) questions.id(q);
    log.seen = s.seen.map((b64) => {
      const buf = Buffer.from(b64 ?? '', 'base64');
      return new Uint16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    });
    for (const [p, list] of Object.entries(s.wrong)) log.wrong.set(p, [...list]);
    for (const q of s.quizzes) log.quizzes.set(`${q.personId}|${q.day}`, q);
    for (const a of s.answers) {
      const key = `${a.personId}|${a.day}`;
      log.answers.set(key, [...(log.answers.get(key) ?? []), a]);
    }
    return log;
  }
}

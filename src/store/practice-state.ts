/**
 * The practice state: review queues (FSRS cards), each person's answers by law, their no-repeat round and
 * their `复习` sittings. An event-applying state machine beside HistoryState, journaled and snapshotted with it
 * by the same stores; every event costs O(1) (a card write is a scan of one person's queue).
 *
 * It reads two of the history's own events (`observe`): an answer carrying `review` sets that card, and a quiz
 * carrying `round` moves the person's round, so a daily answer and its schedule are one durable step.
 */
import type { QuizDay } from '../core/quiz-day.js';
import type { LawCount, ReviewAnswer, ReviewCard, ReviewSession } from '../quiz/practice-store.js';
import type { HistoryEvent } from './history-state.js';
import { CardTable, type CardTableSnapshot } from './review-cards.js';

export type PracticeEvent =
  | { readonly t: 'rvs'; readonly s: ReviewSession }
  | { readonly t: 'rva'; readonly a: ReviewAnswer }
  | { readonly t: 'rvc'; readonly p: string; readonly id: string };

const PRACTICE_EVENTS: ReadonlySet<string> = new Set(['rvs', 'rva', 'rvc']);

export function isPracticeEvent(e: { readonly t: string }): e is PracticeEvent {
  return PRACTICE_EVENTS.has(e.t);
}

/** answered × 2^22 + correct (as in law-tally.ts). */
const SHIFT = 4_194_304;

export interface PracticeSnapshot {
  readonly questions: readonly string[];
  readonly cards: Readonly<Record<string, CardTableSnapshot>>;
  readonly laws: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>>;
  readonly rounds: Readonly<Record<string, QuizDay>>;
  readonly sessions: readonly ReviewSession[];
}

export class PracticeState {
  private readonly questionIndex = new Map<string, number>();
  private readonly questions: string[] = [];
  private readonly cards = new Map<string, CardTable>();
  private readonly laws = new Map<string, Map<string, number>>();
  private readonly rounds = new Map<string, QuizDay>();
  private readonly sessions = new Map<string, ReviewSession>();

  /** Applies a practice event (a `复习` sitting started, answered or left). */
  apply(e: PracticeEvent): void {
    switch (e.t) {
      case 'rvs':
        this.sessions.set(e.s.personId, e.s);
        return;
      case 'rva': {
        const s = this.sessions.get(e.a.personId);
        if (!s?.open || s.id !== e.a.sessionId || s.answered !== e.a.index) return;
        const answered = s.answered + 1;
        const lastMessageId = e.a.messageId ?? s.lastMessageId;
        this.sessions.set(s.personId, {
          ...s,
          answered,
          correct: s.correct + (e.a.correct ? 1 : 0),
          open: answered < s.items.length,
          ...(lastMessageId ? { lastMessageId } : {}),
        });
        if (e.a.card) this.setCard(e.a.personId, e.a.questionId, e.a.card);
        return;
      }
      case 'rvc': {
        const s = this.sessions.get(e.p);
        if (s && s.id === e.id && s.open) this.sessions.set(e.p, { ...s, open: false });
        return;
      }
    }
  }

  /** Reads the daily quiz's events: answers (law counts, schedule) and quizzes (round). */
  observe(e: HistoryEvent): void {
    if (e.t === 'quiz' && e.quiz.round) {
      const current = this.rounds.get(e.quiz.personId);
      if (!current || current < e.quiz.round) this.rounds.set(e.quiz.personId, e.quiz.round);
    } else if (e.t === 'answer') {
      const a = e.a;
      if (a.law) {
        let m = this.laws.get(a.personId);
        if (!m) {
          m = new Map();
          this.laws.set(a.personId, m);
        }
        m.set(a.law, (m.get(a.law) ?? 0) + SHIFT + (a.correct ? 1 : 0));
      }
      if (a.review) this.setCard(a.personId, a.questionId, a.review);
    }
  }

  reviewCards(personId: string): Map<string, ReviewCard> {
    const out = new Map<string, ReviewCard>();
    for (const [q, card] of this.cards.get(personId)?.entries() ?? []) out.set(this.questions[q]!, card);
    return out;
  }

  reviewCard(personId: string, questionId: string): ReviewCard | undefined {
    const q = this.questionIndex.get(questionId);
    return q === undefined ? undefined : this.cards.get(personId)?.get(q);
  }

  lawCounts(personId: string): Map<string, LawCount> {
    const out = new Map<string, LawCount>();
    for (const [law, v] of this.laws.get(personId) ?? []) out.set(law, { answered: Math.floor(v / SHIFT), correct: v % SHIFT });
    return out;
  }

  roundStart(personId: string): QuizDay | undefined {
    return this.rounds.get(personId);
  }

  reviewSession(personId: string): ReviewSession | undefined {
    return this.sessions.get(personId);
  }

  private setCard(personId: string, questionId: string, card: ReviewCard): void {
    let q = this.questionIndex.get(questionId);
    if (q === undefined) {
      q = this.questions.length;
      this.questions.push(questionId);
      this.questionIndex.set(questionId, q);
    }
    let table = this.cards.get(personId);
    if (!table) {
      table = new CardTable();
      this.cards.set(personId, table);
    }
    table.set(q, card);
  }

  snapshot(): PracticeSnapshot {
    return {
      questions: [...this.questions],
      cards: Object.fromEntries([...this.cards].map(([p, t]) => [p, t.snapshot()])),
      laws: Object.fromEntries([...this.laws].map(([p, m]) => [p, [...m]])),
      rounds: Object.fromEntries(this.rounds),
      sessions: [...this.sessions.values()],
    };
  }

  static restore(s: PracticeSnapshot | undefined): PracticeState {
    const st = new PracticeState();
    if (!s) return st;
    for (const q of s.questions) {
      st.questionIndex.set(q, st.questions.length);
      st.questions.push(q);
    }
    for (const [p, t] of Object.entries(s.cards)) st.cards.set(p, CardTable.restore(t));
    for (const [p, pairs] of Object.entries(s.laws)) st.laws.set(p, new Map(pairs));
    for (const [p, d] of Object.entries(s.rounds)) st.rounds.set(p, d);
    for (const x of s.sessions) st.sessions.set(x.personId, x);
    return st;
  }
}

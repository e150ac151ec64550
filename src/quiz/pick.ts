/**
 * Draws a person's daily quiz. Pure: same (person, day, history, bank) → same quiz; drawn once a day and stored.
 *
 * 1. **Reviews first.** Up to `reviewSlots` due reviews (most overdue first) open the quiz, with an option
 *    order drawn afresh for the day (never the one shown last time, where the question has options to move).
 * 2. **No repeats within a round.** New questions come only from those not served since the person's round
 *    began; when those run out the round restarts that day, the gap filled with the least recently seen.
 *    Reviews are the one deliberate exception.
 * 3. **Coverage.** `c = min(new slots, ceil(L / coverQuizzes))` of the new questions go to the laws served
 *    longest ago (L: laws that still have a question unserved this round; laws reviewed today count as
 *    served). Whatever else is drawn, a law that is not served moves at least `c` places up that order each
 *    quiz, so every such law is in at least one of any `ceil(L / c)` consecutive quizzes (≤ coverQuizzes).
 * 4. **精准普法.** The other new questions are a weighted sample (Efraimidis–Spirakis keys from a hash of
 *    person, day and question): a law's weight is (its smoothed error rate / the person's own) ^ lean,
 *    clamped to [1/4, 4], times `trackWeight` for questions written for the person's own track.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { Track } from '../bank/question-schema.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { QuizItem } from '../store/model.js';
import type { LawCount } from './practice-store.js';
import { createRandom, seedOf, seedsFor, shuffled } from './seeded-random.js';

/** How the daily quiz mixes reviews, coverage and leaning (config: REVIEW_PER_QUIZ, PRACTICE_*). */
export interface PickRules {
  readonly size: number;
  /** Most due reviews in one daily quiz. */
  readonly reviewSlots: number;
  /** Every law is served within this many quizzes (see 3. above); 0 turns coverage off. */
  readonly coverQuizzes: number;
  /** Strength of the lean towards a person's weak laws; 0 turns it off. */
  readonly lean: number;
  /** Weight of questions written for the person's own track (领导干部, 执法人员); 1 turns it off. */
  readonly trackWeight: number;
}

/** A review due for the person (already known to be due on the day). */
export interface DueReview {
  readonly questionId: string;
  readonly dueDay: QuizDay;
  readonly lastOrder?: readonly number[];
}

export interface PickInput {
  readonly personId: string;
  readonly track: Track;
  readonly day: QuizDay;
  /** The person's eligible pool (the only questions that may be served, reviews included). */
  readonly pool: readonly LoadedQuestion[];
  readonly lastSeen: ReadonlyMap<string, QuizDay>;
  /** Start of the person's current round (undefined: the first round). */
  readonly round?: QuizDay;
  readonly due: readonly DueReview[];
  readonly lawCounts: ReadonlyMap<string, LawCount>;
}

export interface PickedQuiz {
  readonly items: QuizItem[];
  /** The round the quiz belongs to (today when it restarted the round). */
  readonly round?: QuizDay;
}

const MIN_WEIGHT = 0.25;
const MAX_WEIGHT = 4;
/** Pseudo-answers at the person's own error rate that every law starts with (smoothing). */
const PRIOR_ANSWERS = 4;

export function pickDailyQuiz(input: PickInput, rules: PickRules): PickedQuiz {
  const { personId, day, pool } = input;
  const tieOf = seedsFor(personId, day);
  // Only reviews need the pool by id (most quizzes have none due).
  const inPool = input.due.length > 0 ? new Map(pool.map((q) => [q.id, q])) : new Map<string, LoadedQuestion>();
  const reviews = input.due
    .filter((r) => inPool.has(r.questionId))
    .map((r) => ({ r, tie: tieOf(r.questionId) }))
    .sort((a, b) => (a.r.dueDay < b.r.dueDay ? -1 : a.r.dueDay > b.r.dueDay ? 1 : a.tie - b.tie))
    .slice(0, Math.max(0, Math.min(rules.reviewSlots, rules.size)))
    .map(({ r }) => r);
  const reviewIds = new Set(reviews.map((r) => r.questionId));
  const servedToday = new Set(reviews.map((r) => inPool.get(r.questionId)!.basis.law));
  const slots = rules.size - reviews.length;

  const isFresh = (q: LoadedQuestion) => {
    const seen = input.lastSeen.get(q.id);
    return seen === undefined || (input.round !== undefined && seen < input.round);
  };
  const fresh = pool.filter((q) => !reviewIds.has(q.id) && isFresh(q));
  const weightOf = questionWeights(input, rules);
  const picked = drawNew(fresh, Math.min(slots, fresh.length), input, rules, weightOf, servedToday, tieOf);
  let round = input.round;
  if (picked.length < slots) {
    // The round is used up: it restarts today, and the gap is filled with the least recently seen.
    round = day;
    const taken = new Set([...reviewIds, ...picked.map((q) => q.id)]);
    const rest = pool
      .filter((q) => !taken.has(q.id))
      .map((q) => ({ q, seen: input.lastSeen.get(q.id) ?? '', tie: tieOf(q.id) }))
      .sort((a, b) => (a.seen < b.seen ? -1 : a.seen > b.seen ? 1 : a.tie - b.tie));
    picked.push(...rest.slice(0, slots - picked.length).map((x) => x.q));
  }
  const positionOf = seedsFor('position', personId, day);
  const newItems = picked
    .map((q) => ({ q, tie: positionOf(q.id) }))
    .sort((a, b) => a.tie - b.tie)
    .map(({ q }): QuizItem => ({ questionId: q.id, order: optionOrder(personId, day, q) }));
  const reviewItems = reviews.map((r): QuizItem => {
    const q = inPool.get(r.questionId)!;
    return { questionId: q.id, order: reviewOrder(personId, day, q, r.lastOrder), review: true };
  });
  return { items: [...reviewItems, ...newItems], ...(round ? { round } : {}) };
}

/** Coverage picks (the laws served longest ago), then a weighted sample of the rest. */
function drawNew(
  candidates: readonly LoadedQuestion[],
  count: number,
  input: PickInput,
  rules: PickRules,
  weightOf: (q: LoadedQuestion) => number,
  servedToday: ReadonlySet<string>,
  tieOf: (id: string) => number,
): LoadedQuestion[] {
  if (count <= 0) return [];
  // One exponential draw per question; dividing it by a weight gives the weighted-sampling key. Indexed by
  // position (no per-question objects): this runs over the whole pool for each person's first 答题 of the day.
  const n = candidates.length;
  const draw = new Float64Array(n);
  const byLaw = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const q = candidates[i]!;
    draw[i] = -Math.log((tieOf(q.id) + 0.5) / 4294967296);
    const list = byLaw.get(q.basis.law);
    if (list) list.push(i);
    else byLaw.set(q.basis.law, [i]);
  }
  const taken = new Uint8Array(n);
  const chosen: LoadedQuestion[] = [];
  if (rules.coverQuizzes > 0) {
    const lastServed = new Map<string, string>();
    for (const q of input.pool) {
      const seen = servedToday.has(q.basis.law) ? input.day : (input.lastSeen.get(q.id) ?? '');
      if (seen > (lastServed.get(q.basis.law) ?? '')) lastServed.set(q.basis.law, seen);
    }
    const c = Math.min(count, Math.ceil(byLaw.size / rules.coverQuizzes));
    const lawTie = seedsFor('law', input.personId, input.day);
    const oldest = [...byLaw.keys()]
      .map((law) => ({ law, last: lastServed.get(law) ?? '', tie: lawTie(law) }))
      .sort((a, b) => (a.last < b.last ? -1 : a.last > b.last ? 1 : a.tie - b.tie))
      .slice(0, c);
    for (const { law } of oldest) {
      let best = -1;
      let bestKey = Number.POSITIVE_INFINITY;
      for (const i of byLaw.get(law)!) {
        const key = draw[i]! / trackWeightOf(candidates[i]!, input, rules);
        if (key < bestKey) {
          best = i;
          bestKey = key;
        }
      }
      taken[best] = 1;
      chosen.push(candidates[best]!);
    }
  }
  // The rest: the smallest keys, kept in order in a short list (count is a handful; no sort of the pool).
  const want = count - chosen.length;
  const top: Array<{ i: number; k: number }> = [];
  for (let i = 0; i < n && want > 0; i++) {
    if (taken[i]) continue;
    const k = draw[i]! / weightOf(candidates[i]!);
    if (top.length === want && k >= top[want - 1]!.k) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.k > k) at--;
    top.splice(at, 0, { i, k });
    if (top.length > want) top.pop();
  }
  return [...chosen, ...top.map((t) => candidates[t.i]!)];
}

/** Per-question weight: the law's lean times the track's. */
function questionWeights(input: PickInput, rules: PickRules): (q: LoadedQuestion) => number {
  let answered = 0;
  let wrong = 0;
  for (const c of input.lawCounts.values()) {
    answered += c.answered;
    wrong += c.answered - c.correct;
  }
  const own = (wrong + 1) / (answered + 2);
  const lawWeight = new Map<string, number>();
  const lawOf = (law: string) => {
    let w = lawWeight.get(law);
    if (w === undefined) {
      const c = input.lawCounts.get(law) ?? { answered: 0, correct: 0 };
      const err = (c.answered - c.correct + PRIOR_ANSWERS * own) / (c.answered + PRIOR_ANSWERS);
      w = rules.lean > 0 ? Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, (err / own) ** rules.lean)) : 1;
      lawWeight.set(law, w);
    }
    return w;
  };
  return (q) => lawOf(q.basis.law) * trackWeightOf(q, input, rules);
}

function trackWeightOf(q: LoadedQuestion, input: PickInput, rules: PickRules): number {
  return input.track !== '全员' && q.tracks.includes(input.track) ? rules.trackWeight : 1;
}

/** Per-person option order; true/false keeps 对 before 错. */
export function optionOrder(personId: string, day: QuizDay, q: LoadedQuestion): number[] {
  const n = q.options?.length ?? 0;
  const identity = Array.from({ length: n }, (_, i) => i);
  return n === 0 ? [] : shuffled(identity, createRandom(seedOf('options', personId, day, q.id)));
}

/** A review's option order: drawn for the day, turned by one if it would repeat the order shown last time. */
export function reviewOrder(personId: string, day: QuizDay, q: LoadedQuestion, last: readonly number[] | undefined): number[] {
  const order = optionOrder(personId, day, q);
  const same = last !== undefined && order.length > 1 && last.length === order.length && order.every((x, i) => x === last[i]);
  return same ? [...order.slice(1), order[0]!] : order;
}

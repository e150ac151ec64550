/**
 * One person's review queue, packed into typed arrays (60 bytes a card) so a year of wrong answers for
 * 10,000 people stays around a hundred megabytes, not the gigabyte plain objects would take. Cards are read
 * back, exactly as written, as ReviewCard objects one person at a time.
 */
import { type QuizDay, dayFromNumber, dayNumber } from '../core/quiz-day.js';
import type { ReviewCard } from '../quiz/practice-store.js';

/** Option orders (up to 8 options) are packed into one Uint32; 0xffffffff marks "none". */
const NO_ORDER = 0xffffffff;
const F = 4;
const U = 6;

export interface CardTableSnapshot {
  readonly n: number;
  readonly q: string;
  readonly f: string;
  readonly u: string;
}

export class CardTable {
  private n = 0;
  /** Question index (interned by the owner). */
  private q = new Uint32Array(4);
  /** stability, difficulty, lastReview and due (epoch ms) */
  private f = new Float64Array(4 * F);
  /** dueDay number, scheduledDays, reps, lapses, state, lastOrder */
  private u = new Uint32Array(4 * U);

  /** Slot of a question index, or -1. A linear scan: a queue holds hundreds of cards at most. */
  private slot(question: number): number {
    for (let i = 0; i < this.n; i++) if (this.q[i] === question) return i;
    return -1;
  }

  set(question: number, card: ReviewCard): void {
    let i = this.slot(question);
    if (i < 0) {
      i = this.n++;
      if (i >= this.q.length) this.grow();
      this.q[i] = question;
    }
    this.f[i * F] = card.stability;
    this.f[i * F + 1] = card.difficulty;
    this.f[i * F + 2] = Date.parse(card.lastReview);
    this.f[i * F + 3] = Date.parse(card.due);
    const u = i * U;
    this.u[u] = dayNumber(card.dueDay);
    this.u[u + 1] = card.scheduledDays;
    this.u[u + 2] = card.reps;
    this.u[u + 3] = card.lapses;
    this.u[u + 4] = card.state;
    this.u[u + 5] = packOrder(card.lastOrder);
  }

  get(question: number): ReviewCard | undefined {
    const i = this.slot(question);
    return i < 0 ? undefined : this.card(i);
  }

  /** Every card, with the question index it belongs to. */
  *entries(): Generator<[number, ReviewCard]> {
    for (let i = 0; i < this.n; i++) yield [this.q[i]!, this.card(i)];
  }

  get size(): number {
    return this.n;
  }

  private card(i: number): ReviewCard {
    const u = i * U;
    const last = this.f[i * F + 2]!;
    const scheduledDays = this.u[u + 1]!;
    const order = unpackOrder(this.u[u + 5]!);
    return {
      due: new Date(this.f[i * F + 3]!).toISOString(),
      dueDay: dayFromNumber(this.u[u]!) as QuizDay,
      stability: this.f[i * F]!,
      difficulty: this.f[i * F + 1]!,
      scheduledDays,
      reps: this.u[u + 2]!,
      lapses: this.u[u + 3]!,
      state: this.u[u + 4]!,
      lastReview: new Date(last).toISOString(),
      ...(order ? { lastOrder: order } : {}),
    };
  }

  private grow(): void {
    const cap = this.q.length * 2;
    const q = new Uint32Array(cap);
    q.set(this.q);
    const f = new Float64Array(cap * F);
    f.set(this.f);
    const u = new Uint32Array(cap * U);
    u.set(this.u);
    this.q = q;
    this.f = f;
    this.u = u;
  }

  snapshot(): CardTableSnapshot {
    const b64 = (a: Uint32Array | Float64Array, len: number) => Buffer.from(a.buffer, a.byteOffset, len * a.BYTES_PER_ELEMENT).toString('base64');
    return { n: this.n, q: b64(this.q, this.n), f: b64(this.f, this.n * F), u: b64(this.u, this.n * U) };
  }

  static restore(s: CardTableSnapshot): CardTable {
    const t = new CardTable();
    const buf = (b64: string) => {
      const b = Buffer.from(b64, 'base64');
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    };
    t.n = s.n;
    const cap = Math.max(4, s.n);
    t.q = new Uint32Array(cap);
    t.q.set(new Uint32Array(buf(s.q)));
    t.f = new Float64Array(cap * F);
    t.f.set(new Float64Array(buf(s.f)));
    t.u = new Uint32Array(cap * U);
    t.u.set(new Uint32Array(buf(s.u)));
    return t;
  }
}

function packOrder(order: readonly number[] | undefined): number {
  if (!order || order.length === 0 || order.length > 8 || order.some((x) => x < 0 || x > 7)) return NO_ORDER;
  // 3 bits an index (options 0–7) after a 4-bit length: at most 4 + 24 = 28 bits.
  let v = order.length;
  order.forEach((x, i) => {
    v += x * 2 ** (4 + 3 * i);
  });
  return v;
}

function unpackOrder(v: number): number[] | undefined {
  if (v === NO_ORDER) return undefined;
  const len = v % 16;
  return Array.from({ length: len }, (_, i) => Math.floor(v / 2 ** (4 + 3 * i)) % 8);
}

/**
 * The compact journal line format (store format 3): the frequent events (quiz served, answer, day completed,
 * message claimed, attempt, finished, released) as JSON arrays with interned ids, day numbers and time deltas,
 * so an answer costs tens of bytes instead of hundreds. Every other event, and any event whose values do not
 * fit the compact form exactly, is written as before: one JSON object per line. Both kinds mix in a segment,
 * so segments written before this format are read unchanged (no rewrite is needed to open an old directory).
 *
 * Lines of the compact form, decoded in order from the start of a segment (the state below is per segment):
 * - `["!"]` resets the state (written when appending to a segment another process or run started);
 * - `["=", s, …]` interns strings: each gets the next number, and compact lines name strings by number;
 * - times are milliseconds since the previous time of the segment (the first since 1970), so only canonical
 *   ISO-8601 UTC strings (`toISOString()`) are compacted; days are day numbers (core/quiz-day.ts);
 * - a message is named by its distance back among the segment's claims (0: the latest claim).
 *
 * Encoding is lossless: decoding a compact line gives an object equal to the event written (absent optional
 * fields stay absent); test/unit/store/journal-codec.test.ts checks it.
 */
import { type QuizDay, dayFromNumber, dayNumber } from '../core/quiz-day.js';
import type { AnswerRecord, DailyQuiz, QuizItem } from '../core/model.js';
import type { StoredMessage } from '../core/message.js';

type Ev = { readonly t: string } & Record<string, unknown>;
type Row = unknown[];

const QUIZ_KEYS = new Set(['personId', 'day', 'items', 'servedAt', 'round']);
const ITEM_KEYS = new Set(['questionId', 'order', 'review']);
const ANSWER_KEYS = new Set([
  'personId',
  'day',
  'index',
  'questionId',
  'chosen',
  'correct',
  'order',
  'points',
  'answeredAt',
  'elapsedMs',
  'law',
  'article',
  'departmentId',
  'messageKey',
  'sentAt',
  'review',
]);
const MESSAGE_KEYS = new Set(['channel', 'messageId', 'sentAt', 'sender', 'conversation', 'text', 'replyTo', 'receivedAt']);
const DONE_KEYS = new Set(['t', 'p', 'd', 'bonus']);
const KEY_EVENT_KEYS = new Set(['t', 'k']);
const MSG_EVENT_KEYS = new Set(['t', 'k', 'at', 'm']);
const SENDER_KEYS = new Set(['userId']);
const CONVERSATION_KEYS = new Set(['id', 'kind']);
const REPLY_KEYS = new Set(['channel', 'kind', 'id']);
const KEY_TAGS: Record<string, string> = { try: 't', fin: 'f', unmsg: 'u' };
const TAG_KEYS: Record<string, string> = { t: 'try', f: 'fin', u: 'unmsg' };

/** Thrown inside the encoder when a value does not fit the compact form: the event is written as an object. */
class NoFit extends Error {}

/** Keys whose value is not undefined, all within `allowed`. */
function fits(o: object, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (!allowed.has(k) && (o as Record<string, unknown>)[k] !== undefined) return false;
  return true;
}

function isDay(s: unknown): s is QuizDay {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return dayFromNumber(dayNumber(s as QuizDay)) === s;
}

/** Encodes journal events to lines; one encoder per open segment. */
export class JournalEncoder {
  private ids = new Map<string, number>();
  private msgs = new Map<string, number>();
  private msgCount = 0;
  private lastT = 0;
  private pendingIds: string[] = [];

  /** `resume`: the segment already has lines (of an earlier run): the first compact line resets the state. */
  constructor(private needsReset = false) {}

  /**
   * Forgets the state: for a new, empty segment (`mark` false), or after a write that may not have reached
   * the file (the next compact line then starts with a reset, so a reader forgets it too).
   */
  reset(mark = true): void {
    this.ids.clear();
    this.msgs.clear();
    this.msgCount = 0;
    this.lastT = 0;
    this.needsReset = mark;
  }

  /** The event as one or more lines, each ending in a newline. */
  encode(e: Ev): string {
    const saved = { ids: this.ids.size, t: this.lastT, msgCount: this.msgCount };
    this.pendingIds = [];
    let row: Row | undefined;
    try {
      row = this.row(e);
    } catch (err) {
      if (!(err instanceof NoFit)) throw err;
      row = undefined;
    }
    if (!row) {
      // Undo interning and time of the failed attempt.
      for (const s of this.pendingIds) this.ids.delete(s);
      this.lastT = saved.t;
      this.msgCount = saved.msgCount;
      this.pendingIds = [];
      return `${JSON.stringify(e)}\n`;
    }
    let out = '';
    if (this.needsReset) {
      out += '["!"]\n';
      this.needsReset = false;
    }
    if (this.pendingIds.length > 0) out += `${JSON.stringify(['=', ...this.pendingIds])}\n`;
    return `${out}${JSON.stringify(row)}\n`;
  }

  private id(s: unknown): number {
    if (typeof s !== 'string') throw new NoFit();
    let n = this.ids.get(s);
    if (n === undefined) {
      n = this.ids.size;
      this.ids.set(s, n);
      this.pendingIds.push(s);
    }
    return n;
  }

  private optId(s: unknown): number | null {
    return s === undefined ? null : this.id(s);
  }

  private time(s: unknown): number {
    if (typeof s !== 'string') throw new NoFit();
    const ms = Date.parse(s);
    if (!Number.isFinite(ms) || new Date(ms).toISOString() !== s) throw new NoFit();
    const d = ms - this.lastT;
    this.lastT = ms;
    return d;
  }

  private optTime(s: unknown): number | null {
    return s === undefined ? null : this.time(s);
  }

  private day(s: unknown): number {
    if (!isDay(s)) throw new NoFit();
    return dayNumber(s);
  }

  private row(e: Ev): Row | undefined {
    switch (e.t) {
      case 'quiz':
        return this.quiz(e.quiz as DailyQuiz);
      case 'answer':
        return this.answer(e.a as AnswerRecord);
      case 'done':
        if (!fits(e, DONE_KEYS) || typeof e.bonus !== 'number') return undefined;
        return ['d', this.id(e.p), this.day(e.d), e.bonus];
      case 'msg':
        return this.msg(e);
      case 'try':
      case 'fin':
      case 'unmsg': {
        const seq = typeof e.k === 'string' && fits(e, KEY_EVENT_KEYS) ? this.msgs.get(e.k) : undefined;
        return seq === undefined ? undefined : [KEY_TAGS[e.t], this.msgCount - 1 - seq];
      }
      default:
        return undefined;
    }
  }

  private quiz(q: DailyQuiz): Row | undefined {
    if (!fits(q, QUIZ_KEYS) || !Array.isArray(q.items)) return undefined;
    const items = q.items.map((it: QuizItem) => {
      if (!fits(it, ITEM_KEYS) || !Array.isArray(it.order) || (it.review !== undefined && it.review !== true)) throw new NoFit();
      return it.review ? [this.id(it.questionId), it.order, 1] : [this.id(it.questionId), it.order];
    });
    const row: Row = ['q', this.id(q.personId), this.day(q.day), this.time(q.servedAt), items];
    if (q.round !== undefined) row.push(this.day(q.round));
    return row;
  }

  private answer(a: AnswerRecord): Row | undefined {
    if (!fits(a, ANSWER_KEYS)) return undefined;
    if (typeof a.index !== 'number' || typeof a.chosen !== 'string' || typeof a.correct !== 'boolean') return undefined;
    if (typeof a.points !== 'number' || typeof a.elapsedMs !== 'number') return undefined;
    if (a.order !== undefined && !Array.isArray(a.order)) return undefined;
    let ref: number | string | null = null;
    if (a.messageKey !== undefined) {
      if (typeof a.messageKey !== 'string') return undefined;
      const seq = this.msgs.get(a.messageKey);
      ref = seq === undefined ? a.messageKey : this.msgCount - 1 - seq;
    }
    const row: Row = [
      'a',
      this.id(a.personId),
      this.day(a.day),
      a.index,
      this.id(a.questionId),
      a.chosen,
      a.correct ? 1 : 0,
      a.order ?? null,
      a.points,
      this.time(a.answeredAt),
      a.elapsedMs,
      this.optId(a.law),
      this.optId(a.article),
      this.optId(a.departmentId),
      ref,
      this.optTime(a.sentAt),
      a.review ?? null,
    ];
    while (row.at(-1) === null) row.pop();
    return row;
  }

  private msg(e: Ev): Row | undefined {
    const k = e.k;
    if (typeof k !== 'string' || !fits(e, MSG_EVENT_KEYS)) return undefined;
    const colon = k.indexOf(':');
    if (colon <= 0) return undefined;
    const channel = k.slice(0, colon);
    const messageId = k.slice(colon + 1);
    const m = e.m as StoredMessage | undefined;
    if (m !== undefined && (m.channel !== channel || m.messageId !== messageId)) return undefined;
    const row: Row = ['m', this.id(channel), messageId, this.time(e.at)];
    if (m !== undefined) row.push(this.message(m, e.at as string));
    this.msgs.set(k, this.msgCount++);
    return row;
  }

  /** A direct text message in the usual shape as `[sender, text, sentAt]` (+1: no receivedAt); others as stored. */
  private message(m: StoredMessage, at: string): unknown {
    const userId = m.sender?.userId;
    const plain =
      fits(m, MESSAGE_KEYS) &&
      typeof userId === 'string' &&
      typeof m.text === 'string' &&
      fits(m.sender, SENDER_KEYS) &&
      m.conversation?.id === userId &&
      m.conversation.kind === 'direct' &&
      fits(m.conversation, CONVERSATION_KEYS) &&
      m.replyTo?.channel === m.channel &&
      m.replyTo.kind === 'user' &&
      m.replyTo.id === userId &&
      fits(m.replyTo, REPLY_KEYS) &&
      (m.receivedAt === undefined || m.receivedAt === at);
    if (!plain) return m;
    const row: Row = [this.id(userId), m.text, this.time(m.sentAt)];
    if (m.receivedAt === undefined) row.push(1);
    return row;
  }
}

/** Decodes the lines of one segment, in order. */
export class JournalDecoder {
  private ids: string[] = [];
  private keys: string[] = [];
  private lastT = 0;

  /** The event of a line, or undefined for a line that only carries state (interned strings, a reset). */
  decode(line: string): Ev | undefined {
    const v: unknown = JSON.parse(line);
    if (!Array.isArray(v)) return v as Ev;
    switch (v[0]) {
      case '!':
        this.ids = [];
        this.keys = [];
        this.lastT = 0;
        return undefined;
      case '=':
        for (let i = 1; i < v.length; i++) this.ids.push(v[i] as string);
        return undefined;
      case 'q':
        return { t: 'quiz', quiz: this.quiz(v) };
      case 'a':
        return { t: 'answer', a: this.answer(v) };
      case 'd':
        return { t: 'done', p: this.str(v[1]), d: dayFromNumber(v[2] as number), bonus: v[3] as number };
      case 'm':
        return this.msg(v);
      case 't':
      case 'f':
      case 'u':
        return { t: TAG_KEYS[v[0]]!, k: this.key(v[1]) };
      default:
        throw new SyntaxError(`unknown journal line tag ${JSON.stringify(v[0])}`);
    }
  }

  private str(n: unknown): string {
    const s = this.ids[n as number];
    if (s === undefined) throw new SyntaxError(`journal line names string ${String(n)}, which is not defined`);
    return s;
  }

  private time(d: unknown): string {
    this.lastT += d as number;
    return new Date(this.lastT).toISOString();
  }

  private key(back: unknown): string {
    const k = this.keys[this.keys.length - 1 - (back as number)];
    if (k === undefined) throw new SyntaxError(`journal line names message ${String(back)} back, which is not in the segment`);
    return k;
  }

  private quiz(v: unknown[]): DailyQuiz {
    const personId = this.str(v[1]);
    const day = dayFromNumber(v[2] as number);
    const servedAt = this.time(v[3]);
    const items = (v[4] as unknown[][]).map((it) =>
      it[2] === 1
        ? { questionId: this.str(it[0]), order: it[1] as number[], review: true as const }
        : { questionId: this.str(it[0]), order: it[1] as number[] },
    );
    return v.length > 5 ? { personId, day, items, servedAt, round: dayFromNumber(v[5] as number) } : { personId, day, items, servedAt };
  }

  private answer(v: unknown[]): AnswerRecord {
    const a: Record<string, unknown> = {
      personId: this.str(v[1]),
      day: dayFromNumber(v[2] as number),
      index: v[3],
      questionId: this.str(v[4]),
      chosen: v[5],
      correct: v[6] === 1,
    };
    if (v[7] != null) a.order = v[7];
    a.points = v[8];
    a.answeredAt = this.time(v[9]);
    a.elapsedMs = v[10];
    if (v[11] != null) a.law = this.str(v[11]);
    if (v[12] != null) a.article = this.str(v[12]);
    if (v[13] != null) a.departmentId = this.str(v[13]);
    if (v[14] != null) a.messageKey = typeof v[14] === 'string' ? v[14] : this.key(v[14]);
    if (v[15] != null) a.sentAt = this.time(v[15]);
    if (v[16] != null) a.review = v[16];
    return a as unknown as AnswerRecord;
  }

  private msg(v: unknown[]): Ev {
    const channel = this.str(v[1]);
    const messageId = v[2] as string;
    const k = `${channel}:${messageId}`;
    const at = this.time(v[3]);
    this.keys.push(k);
    const raw = v[4];
    if (raw === undefined) return { t: 'msg', k, at };
    if (!Array.isArray(raw)) return { t: 'msg', k, at, m: raw as StoredMessage };
    const userId = this.str(raw[0]);
    const m: StoredMessage = {
      channel: channel as StoredMessage['channel'],
      messageId,
      sentAt: this.time(raw[2]),
      sender: { userId },
      conversation: { id: userId, kind: 'direct' },
      text: raw[1] as string,
      replyTo: { channel: channel as StoredMessage['channel'], kind: 'user', id: userId },
      ...(raw[3] === 1 ? {} : { receivedAt: at }),
    };
    return { t: 'msg', k, at, m };
  }
}

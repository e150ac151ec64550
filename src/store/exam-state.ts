/**
 * The exam part of the history: exams, attempts and saved answers, rebuilt from journaled events like the rest
 * of HistoryState (which holds one of these and hands it the exam events). Each event costs O(paper length).
 * Exams are few and attempts a few per person a year, so everything is kept (reports and re-derivation need it).
 */
import type { Attempt, AttemptResult, AttemptVoid, Exam } from '../exam/exam-model.js';

export type ExamEvent =
  | { readonly t: 'exam'; readonly exam: Exam }
  /** An attempt started (its answers start empty). */
  | { readonly t: 'xstart'; readonly a: Omit<Attempt, 'answers' | 'status'> }
  /** An answer saved (null clears it). */
  | { readonly t: 'xans'; readonly id: string; readonly i: number; readonly c: string | null; readonly at: string }
  | { readonly t: 'xend'; readonly id: string; readonly r: AttemptResult }
  | { readonly t: 'xvoid'; readonly id: string; readonly v: AttemptVoid };

const EXAM_EVENTS: ReadonlySet<string> = new Set(['exam', 'xstart', 'xans', 'xend', 'xvoid']);

export function isExamEvent(e: { readonly t: string }): e is ExamEvent {
  return EXAM_EVENTS.has(e.t);
}

/**
 * An attempt as the snapshot keeps it: its paper, answers and points packed into space-separated strings, so a
 * snapshot of thousands of 60-question papers is a few thousand short strings to write rather than millions of
 * small values (JSON.stringify of the unpacked form blocked the event loop for seconds at 5,000 papers).
 */
type PackedAttempt = Omit<Attempt, 'paper' | 'answers' | 'itemPoints'> & {
  /** Question ids, types (s/m/j), option orders (digits; '-' for none), points, keys. */
  readonly q: string;
  readonly t: string;
  readonly o: string;
  readonly p: string;
  readonly k: string;
  /** Answers ('_' = none) and points earned. */
  readonly a: string;
  readonly ip?: string;
};

export interface ExamSnapshot {
  readonly exams: readonly Exam[];
  readonly attempts: readonly (PackedAttempt | Attempt)[];
}

const TYPE_CODE = { single: 's', multiple: 'm', judge: 'j' } as const;
const CODE_TYPE = { s: 'single', m: 'multiple', j: 'judge' } as const;

/** A value packing can carry (no separator, not a placeholder). */
const packable = (v: string) => v !== '' && v !== '_' && v !== '-' && !v.includes(' ');

/** The paper's part of a packed attempt (a paper never changes, so it is packed once and kept); undefined when it cannot be packed. */
function packPaper(paper: Attempt['paper']): Pick<PackedAttempt, 'q' | 't' | 'o' | 'p' | 'k'> | undefined {
  if (!paper.every((x) => packable(x.questionId) && packable(x.key) && x.order.every((i) => Number.isInteger(i) && i >= 0 && i <= 9))) return undefined;
  return {
    q: paper.map((x) => x.questionId).join(' '),
    t: paper.map((x) => TYPE_CODE[x.type]).join(''),
    o: paper.map((x) => (x.order.length ? x.order.join('') : '-')).join(' '),
    p: paper.map((x) => x.points).join(' '),
    k: paper.map((x) => x.key).join(' '),
  };
}

function unpack(x: PackedAttempt | Attempt): Attempt {
  if ('paper' in x) return x;
  const { q, t, o, p, k, a, ip, ...rest } = x;
  const ids = q.split(' ');
  const orders = o.split(' ');
  const points = p.split(' ');
  const keys = k.split(' ');
  const paper = ids.map((questionId, i) => ({
    questionId,
    type: CODE_TYPE[t[i] as keyof typeof CODE_TYPE],
    order: orders[i] === '-' ? [] : [...orders[i]!].map(Number),
    points: Number(points[i]),
    key: keys[i]!,
  }));
  const answers = a.split(' ').map((c) => (c === '_' ? null : c));
  return { ...rest, paper, answers, ...(ip !== undefined ? { itemPoints: ip.split(' ').map(Number) } : {}) };
}

export class ExamState {
  private readonly exams = new Map<string, Exam>();
  private readonly attempts = new Map<string, Attempt>();
  private readonly byPerson = new Map<string, string[]>();
  private readonly byExam = new Map<string, string[]>();
  /** Active attempt id per `<examId>|<personId>`. */
  private readonly active = new Map<string, string>();
  /** Packed papers (for snapshots), by attempt id. */
  private readonly packed = new Map<string, Pick<PackedAttempt, 'q' | 't' | 'o' | 'p' | 'k'> | undefined>();

  apply(e: ExamEvent): void {
    switch (e.t) {
      case 'exam':
        this.exams.set(e.exam.id, e.exam);
        return;
      case 'xstart': {
        const key = `${e.a.examId}|${e.a.personId}`;
        if (this.attempts.has(e.a.id) || this.active.has(key)) return;
        this.put({ ...e.a, answers: e.a.paper.map(() => null), status: 'active' });
        this.active.set(key, e.a.id);
        return;
      }
      case 'xans': {
        const a = this.attempts.get(e.id);
        if (a?.status !== 'active' || !Number.isInteger(e.i) || e.i < 0 || e.i >= a.answers.length) return;
        const answers = [...a.answers];
        answers[e.i] = e.c;
        this.attempts.set(a.id, { ...a, answers });
        return;
      }
      case 'xend': {
        const a = this.attempts.get(e.id);
        if (a?.status !== 'active') return;
        this.attempts.set(a.id, { ...a, status: e.r.status, finishedAt: e.r.at, score: e.r.score, passed: e.r.passed, itemPoints: e.r.itemPoints });
        this.active.delete(`${a.examId}|${a.personId}`);
        return;
      }
      case 'xvoid': {
        const a = this.attempts.get(e.id);
        if (!a || a.status === 'active' || a.void) return;
        this.attempts.set(a.id, { ...a, void: e.v });
        return;
      }
    }
  }

  exam(id: string): Exam | undefined {
    return this.exams.get(id);
  }

  allExams(): Exam[] {
    return [...this.exams.values()];
  }

  attempt(id: string): Attempt | undefined {
    return this.attempts.get(id);
  }

  activeOf(examId: string, personId: string): Attempt | undefined {
    const id = this.active.get(`${examId}|${personId}`);
    return id === undefined ? undefined : this.attempts.get(id);
  }

  attemptsOf(examId: string, personId: string): Attempt[] {
    return (this.byPerson.get(`${examId}|${personId}`) ?? []).map((id) => this.attempts.get(id)!);
  }

  examAttempts(examId: string): Attempt[] {
    return (this.byExam.get(examId) ?? []).map((id) => this.attempts.get(id)!);
  }

  activeAttempts(): Attempt[] {
    return [...this.active.values()].map((id) => this.attempts.get(id)!);
  }

  snapshot(): ExamSnapshot {
    const attempts: (PackedAttempt | Attempt)[] = [];
    for (const att of this.attempts.values()) {
      const { paper, answers, itemPoints, ...rest } = att;
      if (!this.packed.has(att.id)) this.packed.set(att.id, packPaper(paper));
      const packed = this.packed.get(att.id);
      // Anything packing cannot carry (not written by the exam service) is kept as it is.
      if (!packed || !answers.every((c) => c === null || packable(c))) {
        attempts.push(att);
        continue;
      }
      attempts.push({ ...rest, ...packed, a: answers.map((c) => c ?? '_').join(' '), ...(itemPoints ? { ip: itemPoints.join(' ') } : {}) });
    }
    return { exams: [...this.exams.values()], attempts };
  }

  static restore(s: ExamSnapshot | undefined): ExamState {
    const state = new ExamState();
    for (const exam of s?.exams ?? []) state.exams.set(exam.id, exam);
    for (const x of s?.attempts ?? []) {
      const a = unpack(x);
      state.put(a);
      if (a.status === 'active') state.active.set(`${a.examId}|${a.personId}`, a.id);
    }
    return state;
  }

  private put(a: Attempt): void {
    this.attempts.set(a.id, a);
    const key = `${a.examId}|${a.personId}`;
    this.byPerson.set(key, [...(this.byPerson.get(key) ?? []), a.id]);
    const list = this.byExam.get(a.examId);
    if (list) list.push(a.id);
    else this.byExam.set(a.examId, [a.id]);
  }
}

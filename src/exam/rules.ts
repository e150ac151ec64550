/**
 * The exam's rules over time, pure functions of an exam, a person's attempts and `now`: windows, who may start,
 * deadlines, the best attempt, when answers may be shown.
 */
import { type Attempt, type Exam, counts } from './exam-model.js';

/** One window of the exam: 0 = the main one, k = the k-th 补考 (ends early when the exam was closed). */
export interface Window {
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly attempts: number;
}

const earlier = (a: string, b: string | undefined) => (b !== undefined && b < a ? b : a);

export function windows(exam: Exam): Window[] {
  const list: Window[] = [
    { index: 0, ...exam.window, attempts: exam.attempts },
    ...exam.retakes.map((r, i) => ({ index: i + 1, from: r.from, to: r.to, attempts: r.attempts })),
  ];
  return list.map((w) => ({ ...w, to: earlier(w.to, exam.closedAt) })).filter((w) => w.from < w.to || w.index === 0);
}

/** The window open at `now`, if any. */
export function openWindow(exam: Exam, now: Date): Window | undefined {
  const t = now.toISOString();
  return windows(exam).find((w) => w.from <= t && t < w.to);
}

/** When the exam's last window ends. */
export function examEnd(exam: Exam): string {
  let end = '';
  for (const w of windows(exam)) if (w.to > end) end = w.to;
  return end;
}

/** Not over yet (including before it opens): its questions are kept out of daily practice. */
export function isLive(exam: Exam, now: Date): boolean {
  return now.toISOString() < examEnd(exam);
}

/** The deadline of an attempt started at `startedAt` in window `w`. */
export function deadlineFor(exam: Exam, w: Window, startedAt: Date): string {
  return earlier(new Date(startedAt.getTime() + exam.durationMinutes * 60_000).toISOString(), w.to);
}

/** The deadline in force: the one set at the start, brought forward if the exam was closed since. */
export function effectiveDeadline(a: Attempt, exam: Exam): string {
  return earlier(a.deadline, exam.closedAt);
}

/** Whether an active attempt has run out of time at `now` (it is then graded with what was saved). */
export function isOverdue(a: Attempt, exam: Exam, now: Date): boolean {
  return a.status === 'active' && effectiveDeadline(a, exam) <= now.toISOString();
}

/** The best attempt that counts: highest score, then the quickest, then the earliest. */
export function bestAttempt(attempts: readonly Attempt[]): Attempt | undefined {
  let best: Attempt | undefined;
  for (const a of attempts) {
    if (!counts(a)) continue;
    if (!best || a.score! > best.score! || (a.score === best.score && timeUsedMs(a) < timeUsedMs(best))) best = a;
  }
  return best;
}

export function timeUsedMs(a: Attempt): number {
  return a.finishedAt ? Math.max(0, Date.parse(a.finishedAt) - Date.parse(a.startedAt)) : 0;
}

/** Attempts that use up a window's allowance: every attempt started in it, except voided ones given back. */
function used(attempts: readonly Attempt[], window: number): number {
  return attempts.filter((a) => a.window === window && !a.void?.refund).length;
}

export type StartCheck =
  | { readonly ok: true; readonly window: Window; readonly left: number }
  | { readonly ok: false; readonly reason: 'upcoming'; readonly opensAt: string }
  | { readonly ok: false; readonly reason: 'closed' }
  | { readonly ok: false; readonly reason: 'no-attempts-left'; readonly window: Window }
  /** A 补考 window is for those who failed or missed; this person has passed. */
  | { readonly ok: false; readonly reason: 'passed' };

/** Whether a person with these attempts may start one now (an active attempt is resumed before this is asked). */
export function canStart(exam: Exam, attempts: readonly Attempt[], now: Date): StartCheck {
  const w = openWindow(exam, now);
  if (!w) {
    const t = now.toISOString();
    const next = windows(exam).find((x) => x.from > t);
    return next ? { ok: false, reason: 'upcoming', opensAt: next.from } : { ok: false, reason: 'closed' };
  }
  if (w.index > 0 && attempts.some((a) => counts(a) && a.passed && a.window < w.index)) return { ok: false, reason: 'passed' };
  const left = w.attempts - used(attempts, w.index);
  if (left <= 0) return { ok: false, reason: 'no-attempts-left', window: w };
  return { ok: true, window: w, left };
}

/** Answer keys and explanations may be shown: after a submission, or (by the exam's choice) once it is over. */
export function mayReview(exam: Exam, now: Date): boolean {
  return exam.explanations === 'after-submit' || !isLive(exam, now);
}

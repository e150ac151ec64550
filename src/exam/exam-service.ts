/**
 * Taking the exam, for the web page (api/exam-routes.ts) and the chat (exam-chat.ts): list my exams, start or
 * resume (one active attempt per person), the paper without keys, save an answer as it is given, submit (交卷),
 * results. The timer is the server's: an attempt past its deadline is graded with what was saved, lazily on the
 * person's next request and by the background sweep (`sweep`, `startSweeping`), whichever comes first.
 * Requests of one person take turns, so a save never races the submit or the sweep.
 */
import { createKeyedQueue } from '../core/keyed-queue.js';
import { startLoop } from './loop.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import { studyAccess } from '../core/membership.js';
import type { QuestionBank } from '../quiz/question-bank.js';
import type { Department, Person } from '../core/model.js';
import { audienceMatcher } from './audience.js';
import { shortExamTime } from './date-time.js';
import { type Attempt, type Exam, attemptId } from './exam-model.js';
import type { ExamStore } from './exam-store.js';
import { type ExamCard, type PaperView, examCard, paperView, questionOf, reviewOf, shownAnswer, standingOf, unansweredIndexes } from './exam-views.js';
import { resultOf, toChosen } from './grade.js';
import { drawPaper, poolIds } from './paper.js';
import { canStart, deadlineFor, effectiveDeadline, isLive, isOverdue, mayReview, examEnd } from './rules.js';

export type RefusalCode =
  | 'not-found'
  | 'left'
  | 'not-in-audience'
  | 'upcoming'
  | 'closed'
  | 'no-attempts-left'
  | 'passed'
  | 'paper-unavailable'
  | 'no-active-attempt'
  | 'attempt-over'
  | 'bad-index'
  | 'bad-answer';

/** Why something was refused: a code for the page, a Chinese sentence for people. */
export interface Refusal {
  readonly kind: 'refused';
  readonly code: RefusalCode;
  readonly message: string;
}

export interface ExamServiceDeps {
  readonly exams: ExamStore;
  readonly directory: { listDepartments(): Promise<readonly Department[]> };
  readonly bank: Pick<QuestionBank, 'get'>;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly logger: Logger;
  /** Tells a chat taker their attempt was submitted at the deadline (the sweep; best effort). */
  readonly notifyTimeout?: (a: Attempt, exam: Exam) => Promise<void>;
}

const refuse = (code: RefusalCode, message: string): Refusal => ({ kind: 'refused', code, message });

export function createExamService(deps: ExamServiceDeps) {
  const { exams, clock } = deps;
  const serial = createKeyedQueue();
  const get = (id: string) => deps.bank.get(id);
  let cache: readonly Exam[] = [];
  let held: { key: string; ids: ReadonlySet<string> } | undefined;

  /** Re-reads the exams (after one is created or changed). */
  async function refresh(): Promise<void> {
    cache = await exams.listExams();
    held = undefined;
  }

  /** Questions of live exams (created and not over): kept out of daily practice. Synchronous (the bank filter). */
  function heldQuestionIds(): ReadonlySet<string> {
    const now = clock.now();
    const live = cache.filter((e) => isLive(e, now));
    const key = live.map((e) => `${e.id}@${examEnd(e)}`).join(',');
    if (held?.key !== key) held = { key, ids: new Set(live.flatMap(poolIds)) };
    return held.ids;
  }

  /** Grades an overdue active attempt with what was saved; returns the attempt as it now stands. */
  async function settle(a: Attempt, exam: Exam): Promise<Attempt> {
    if (!isOverdue(a, exam, clock.now())) return a;
    const finished = await exams.finishAttempt(a.id, resultOf(a, exam, 'timed-out', effectiveDeadline(a, exam)));
    deps.logger.info('exam attempt submitted at its deadline', { exam: exam.id, person: a.personId, attempt: a.n, score: finished?.score });
    return finished ?? a;
  }

  /** The person's attempts at the exam, any overdue one graded first. */
  async function attemptsNow(exam: Exam, personId: string): Promise<Attempt[]> {
    const out: Attempt[] = [];
    for (const a of await exams.attemptsOf(exam.id, personId)) out.push(await settle(a, exam));
    return out;
  }

  async function inAudience(exam: Exam, p: Person): Promise<boolean> {
    return audienceMatcher(exam.audience, await deps.directory.listDepartments())(p);
  }

  async function examFor(id: string): Promise<Exam | Refusal> {
    return (await exams.getExam(id)) ?? refuse('not-found', `没有考试 ${id}`);
  }

  /** The exams a person is in (now) or has taken, newest first. */
  async function myExams(person: Person) {
    const departments = await deps.directory.listDepartments();
    const out: ExamCard[] = [];
    for (const exam of [...cache].sort((a, b) => (a.window.from < b.window.from ? 1 : -1))) {
      const member = audienceMatcher(exam.audience, departments)(person) && studyAccess(person).allowed;
      const attempts = await serial(person.id, () => attemptsNow(exam, person.id));
      if (member || attempts.length > 0) out.push(examCard(exam, attempts, member, clock.now()));
    }
    return out;
  }

  type Started = { readonly kind: 'started' | 'resumed'; readonly exam: Exam; readonly attempt: Attempt };

  /** Starts an attempt, or resumes the active one. */
  function start(person: Person, examId: string, via: Attempt['via']): Promise<Started | Refusal> {
    return serial(person.id, async () => {
      const exam = await examFor(examId);
      if ('kind' in exam) return exam;
      if (!studyAccess(person).allowed) return refuse('left', '您的账号已不在普法学习名单中，不能参加考试。如有疑问请联系管理员。');
      const attempts = await attemptsNow(exam, person.id);
      const active = attempts.find((a) => a.status === 'active');
      if (active) return { kind: 'resumed', exam, attempt: active };
      if (!(await inAudience(exam, person))) return refuse('not-in-audience', `《${exam.name}》不在您的考试范围内。`);
      const now = clock.now();
      const check = canStart(exam, attempts, now);
      if (!check.ok) {
        if (check.reason === 'upcoming') return refuse('upcoming', `《${exam.name}》将于 ${shortExamTime(check.opensAt, deps.timeZone)} 开始。`);
        if (check.reason === 'closed') return refuse('closed', `《${exam.name}》已经结束。`);
        if (check.reason === 'passed') return refuse('passed', `您已通过《${exam.name}》，无需补考。`);
        return refuse('no-attempts-left', `《${exam.name}》${check.window.index > 0 ? '本次补考' : ''}的 ${check.window.attempts} 次考试机会已用完。`);
      }
      const n = attempts.length + 1;
      const drawn = drawPaper(exam, person.id, n, get);
      if (!drawn.ok) {
        deps.logger.error('exam paper cannot be drawn: questions deleted from the bank', { exam: exam.id, missing: drawn.missing });
        return refuse('paper-unavailable', '题库有变动，暂时无法组卷，请联系管理员。');
      }
      const { attempt, created } = await exams.startAttempt({
        id: attemptId(exam.id, n, person.id),
        examId: exam.id,
        personId: person.id,
        n,
        window: check.window.index,
        startedAt: now.toISOString(),
        deadline: deadlineFor(exam, check.window, now),
        via,
        ...(person.departmentId ? { departmentId: person.departmentId } : {}),
        paper: drawn.paper,
        answers: drawn.paper.map(() => null),
        status: 'active',
      });
      if (created) deps.logger.info('exam attempt started', { exam: exam.id, person: person.id, attempt: n, via });
      return { kind: created ? 'started' : 'resumed', exam, attempt };
    });
  }

  /** The active attempt (graded first if its time is up), or why there is none. */
  async function activeOf(person: Person, examId: string): Promise<{ exam: Exam; attempt: Attempt } | Refusal> {
    const exam = await examFor(examId);
    if ('kind' in exam) return exam;
    const attempts = await attemptsNow(exam, person.id);
    const active = attempts.find((a) => a.status === 'active');
    if (active) return { exam, attempt: active };
    const last = attempts.at(-1);
    return last?.status === 'timed-out'
      ? refuse('attempt-over', '考试时间已到，已按已保存的答案自动交卷。')
      : refuse('no-active-attempt', '您当前没有进行中的考试。');
  }

  function paper(person: Person, examId: string): Promise<PaperView | Refusal> {
    return serial(person.id, async () => {
      const r = await activeOf(person, examId);
      return 'kind' in r ? r : paperView(r.exam, r.attempt, get, clock.now());
    });
  }

  /** Saves (or clears, with null) the answer to question `index` of attempt `attempt`. */
  function save(person: Person, examId: string, input: { attempt: number; index: number; answer: string | null }) {
    return serial(person.id, async () => {
      const r = await activeOf(person, examId);
      if ('kind' in r) return r;
      const { exam, attempt } = r;
      if (attempt.n !== input.attempt) return refuse('attempt-over', `第 ${input.attempt} 次作答已结束，当前是第 ${attempt.n} 次。`);
      const item = attempt.paper[input.index];
      if (!item) return refuse('bad-index', `没有第 ${input.index + 1} 题（共 ${attempt.paper.length} 题）。`);
      let chosen: string | null = null;
      if (input.answer !== null && input.answer.trim() !== '') {
        chosen = toChosen(questionOf(item, get), item, input.answer) ?? null;
        if (chosen === null) return refuse('bad-answer', `“${input.answer}”不是第 ${input.index + 1} 题的有效答案。`);
      }
      const now = clock.now();
      const outcome = await exams.saveExamAnswer(attempt.id, input.index, chosen, now.toISOString());
      if (outcome !== 'saved') return refuse('attempt-over', '本次作答已结束。');
      const saved = (await exams.getAttempt(attempt.id))!;
      const open = unansweredIndexes(saved);
      const deadline = effectiveDeadline(saved, exam);
      return {
        kind: 'saved' as const,
        attempt: saved.n,
        index: input.index,
        answer: shownAnswer(item, chosen),
        answered: saved.paper.length - open.length,
        unanswered: open.length,
        unansweredIndexes: open,
        deadline,
        now: now.toISOString(),
        remainingSeconds: Math.max(0, Math.floor((Date.parse(deadline) - now.getTime()) / 1000)),
      };
    });
  }

  /** 交卷: grades the active attempt `attempt` with its saved answers. Submitting twice returns the same result. */
  function submit(person: Person, examId: string, attemptNo: number) {
    return serial(person.id, async () => {
      const exam = await examFor(examId);
      if ('kind' in exam) return exam;
      const attempts = await attemptsNow(exam, person.id);
      const a = attempts.find((x) => x.n === attemptNo);
      if (!a) return refuse('no-active-attempt', `没有第 ${attemptNo} 次作答。`);
      const unanswered = unansweredIndexes(a).length;
      const done = a.status === 'active' ? await exams.finishAttempt(a.id, resultOf(a, exam, 'submitted', clock.now().toISOString())) : a;
      if (a.status === 'active') deps.logger.info('exam attempt submitted', { exam: exam.id, person: person.id, attempt: a.n, score: done?.score });
      return { kind: 'submitted' as const, unansweredAtSubmit: unanswered, alreadyFinished: a.status !== 'active', ...(await resultView(exam, person)) };
    });
  }

  async function resultView(exam: Exam, person: Person, attemptNo?: number) {
    const attempts = await exams.attemptsOf(exam.id, person.id);
    const standing = standingOf(attempts);
    const now = clock.now();
    const reviewable = mayReview(exam, now);
    const target = attemptNo !== undefined ? attempts.find((a) => a.n === attemptNo) : attempts.filter((a) => a.status !== 'active').at(-1);
    const check = canStart(exam, attempts, now);
    return {
      examId: exam.id,
      examName: exam.name,
      passMark: exam.passMark,
      totalPoints: exam.totalPoints,
      ...standing,
      attemptsLeft: check.ok && !attempts.some((a) => a.status === 'active') ? check.left : 0,
      review: reviewable && target && target.status !== 'active' ? { attempt: target.n, items: reviewOf(target, get) } : null,
      /** When the review opens, for an exam that shows answers only once it is over. */
      reviewFrom: reviewable ? null : examEnd(exam),
    };
  }

  function result(person: Person, examId: string, attemptNo?: number) {
    return serial(person.id, async () => {
      const exam = await examFor(examId);
      if ('kind' in exam) return exam;
      await attemptsNow(exam, person.id);
      return { kind: 'result' as const, ...(await resultView(exam, person, attemptNo)) };
    });
  }

  /** Grades every attempt past its deadline (nobody needs to call back); returns how many. */
  async function sweep(): Promise<number> {
    let n = 0;
    for (const a of await exams.activeAttempts()) {
      const exam = await exams.getExam(a.examId);
      if (!exam || !isOverdue(a, exam, clock.now())) continue;
      const done = await serial(a.personId, async () => {
        const current = await exams.getAttempt(a.id);
        return current ? settle(current, exam) : undefined;
      });
      if (done?.status !== 'timed-out') continue;
      n++;
      if (done.via === 'chat' && deps.notifyTimeout) {
        await deps.notifyTimeout(done, exam).catch((err) => deps.logger.warn('exam time-out notice not sent', { attempt: done.id, err }));
      }
    }
    return n;
  }

  /** The background sweep of the running server: every `everyMs` (default 15 s) until stopped. */
  function startSweeping(opts: { everyMs?: number; sleep?: (ms: number) => Promise<void> } = {}) {
    return startLoop(sweep, { everyMs: opts.everyMs ?? 15_000, sleep: opts.sleep, onError: (err) => deps.logger.error('exam deadline sweep failed', { err }) });
  }

  return { refresh, heldQuestionIds, myExams, start, activeOf, paper, save, submit, result, sweep, startSweeping, serial, settle, cached: () => cache };
}

export { CHAT_MAX_QUESTIONS } from './exam-views.js';

export type ExamService = ReturnType<typeof createExamService>;

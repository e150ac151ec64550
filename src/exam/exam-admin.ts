/**
 * Running exams, for the `exam` commands: create from a file's JSON (all-or-nothing: every issue named, nothing
 * written unless there are none), close, add a 补考 window, void an attempt (audited: who, when, why, logged and
 * kept with the attempt), and re-derive every recorded score. Admin changes take turns.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { createKeyedQueue } from '../core/keyed-queue.js';
import type { Logger } from '../core/log.js';
import { findPerson } from '../directory/admin/find.js';
import type { QuestionBank } from '../quiz/question-bank.js';
import type { Department, Person } from '../core/model.js';
import { parseExamTime } from './date-time.js';
import { type ExamIssue, parseExamFile } from './exam-file.js';
import { type Attempt, type Exam, counts } from './exam-model.js';
import type { ExamService } from './exam-service.js';
import type { ExamStore } from './exam-store.js';
import { rederive } from './grade.js';
import { checkRetake, planExam } from './plan-exam.js';
import { examEnd } from './rules.js';

export interface ExamAdminDeps {
  readonly exams: ExamStore;
  readonly directory: { listDepartments(): Promise<readonly Department[]>; listPeople(): Promise<readonly Person[]> };
  readonly bank: Pick<QuestionBank, 'all' | 'get'>;
  readonly service: ExamService;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly logger: Logger;
  /** A fresh secret seed per exam (default: 16 random bytes). */
  readonly newSeed?: () => string;
}

export type AdminOutcome<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly issues: readonly ExamIssue[] };

const problem = (path: string, message: string): { ok: false; issues: ExamIssue[] } => ({ ok: false, issues: [{ path, message }] });

export function createExamAdmin(deps: ExamAdminDeps) {
  const { exams, clock } = deps;
  const turns = createKeyedQueue();
  const exclusive = <T>(task: () => Promise<T>) => turns('exam-admin', task);
  const newSeed = deps.newSeed ?? (() => randomBytes(16).toString('hex'));

  async function examOrIssue(id: string): Promise<Exam | { ok: false; issues: ExamIssue[] }> {
    return (await exams.getExam(id)) ?? problem('id', `没有考试 ${id}（npm run pufa -- exam list 查看）`);
  }

  /** Creates an exam from the exam file's JSON value; its id is `exam-<n>`. */
  function create(value: unknown, createdBy: string): Promise<AdminOutcome<{ exam: Exam; notes: string[] }>> {
    return exclusive(async () => {
      const parsed = parseExamFile(value, deps.timeZone);
      if (!parsed.ok) return { ok: false, issues: parsed.issues };
      const existing = await exams.listExams();
      const plan = planExam(parsed.spec, {
        id: `exam-${existing.length + 1}`,
        seed: newSeed(),
        now: clock.now(),
        createdBy,
        timeZone: deps.timeZone,
        bank: deps.bank,
        departments: await deps.directory.listDepartments(),
        exams: existing,
      });
      if (!plan.ok) return { ok: false, issues: plan.issues };
      await exams.saveExam(plan.exam);
      await deps.service.refresh();
      deps.logger.info('exam created', { exam: plan.exam.id, name: plan.exam.name, by: createdBy, questions: plan.exam.questionCount });
      return { ok: true, exam: plan.exam, notes: plan.notes };
    });
  }

  /** Ends every window now: active attempts are graded with what they saved (by the sweep, or at once here). */
  function close(id: string, by: string): Promise<AdminOutcome<{ exam: Exam; graded: number }>> {
    return exclusive(async () => {
      const exam = await examOrIssue(id);
      if ('ok' in exam) return exam;
      const now = clock.now().toISOString();
      if (examEnd(exam) <= now) return problem('id', `考试 ${id} 已经结束`);
      const closed: Exam = { ...exam, closedAt: now };
      await exams.saveExam(closed);
      await deps.service.refresh();
      const graded = await deps.service.sweep();
      deps.logger.info('exam closed', { exam: id, by, graded });
      return { ok: true, exam: closed, graded };
    });
  }

  /** Adds a 补考 window for those who failed or missed the exam. */
  function retake(id: string, r: { from?: string; to?: string; attempts?: number }, by: string): Promise<AdminOutcome<{ exam: Exam }>> {
    return exclusive(async () => {
      const exam = await examOrIssue(id);
      if ('ok' in exam) return exam;
      const from = r.from === undefined ? undefined : parseExamTime(r.from, deps.timeZone, 'start');
      const to = r.to === undefined ? undefined : parseExamTime(r.to, deps.timeZone, 'end');
      if (r.from !== undefined && !from) return problem('--from', `“${r.from}”不是有效的时间，请写成 2026-12-20 09:00`);
      if (r.to !== undefined && !to) return problem('--to', `“${r.to}”不是有效的时间，请写成 2026-12-25 18:00`);
      const attempts = r.attempts ?? 1;
      const issues = checkRetake(
        exam,
        { from, to, attempts },
        { now: clock.now(), timeZone: deps.timeZone, exams: await exams.listExams(), departments: await deps.directory.listDepartments() },
      );
      if (issues.length > 0) return { ok: false, issues };
      const next: Exam = {
        ...exam,
        retakes: [...exam.retakes, { from: from!.toISOString(), to: to!.toISOString(), attempts, addedAt: clock.now().toISOString() }],
      };
      await exams.saveExam(next);
      await deps.service.refresh();
      deps.logger.info('exam retake window added', { exam: id, by, from: from!.toISOString(), to: to!.toISOString(), attempts });
      return { ok: true, exam: next };
    });
  }

  /**
   * Voids a person's attempt (the latest that counts, or number `attempt`) with a reason: it no longer counts;
   * with `refund` the attempt is given back. Logged and kept with the attempt (who, when, why).
   */
  function voidAttempt(
    id: string,
    who: string,
    v: { reason: string; by: string; attempt?: number; refund?: boolean },
  ): Promise<AdminOutcome<{ attempt: Attempt; person: Person }>> {
    return exclusive(async () => {
      const exam = await examOrIssue(id);
      if ('ok' in exam) return exam;
      if (v.reason.trim().length < 2) return problem('--reason', '请写明作废原因，如 --reason "考试期间网络故障"');
      const found = findPerson(who, await deps.directory.listPeople());
      if (!found.ok) return problem('person', found.reason);
      const person = found.value;
      const attempts = await deps.service.serial(person.id, async () => {
        for (const a of await exams.attemptsOf(id, person.id)) await deps.service.settle(a, exam);
        return exams.attemptsOf(id, person.id);
      });
      const target = v.attempt !== undefined ? attempts.find((a) => a.n === v.attempt) : attempts.filter(counts).at(-1);
      if (!target) return problem('--attempt', v.attempt !== undefined ? `${person.name} 没有第 ${v.attempt} 次作答` : `${person.name} 没有可作废的作答`);
      if (target.status === 'active') return problem('--attempt', `${person.name} 的第 ${target.n} 次作答还在进行中，交卷后才能作废`);
      if (target.void) return problem('--attempt', `${person.name} 的第 ${target.n} 次作答已于 ${target.void.at} 作废`);
      const at = clock.now().toISOString();
      const voided = (await exams.voidAttempt(target.id, { reason: v.reason.trim(), by: v.by, at, refund: v.refund === true }))!;
      deps.logger.info('exam attempt voided', {
        exam: id,
        person: person.id,
        attempt: target.n,
        score: target.score,
        reason: v.reason,
        by: v.by,
        refund: v.refund === true,
      });
      return { ok: true, attempt: voided, person };
    });
  }

  /** Re-derives every finished attempt's score from its recorded paper and answers; notes questions whose key changed since. */
  async function verify(id: string) {
    const exam = await exams.getExam(id);
    if (!exam) return undefined;
    await deps.service.sweep();
    const attempts = await exams.examAttempts(id);
    const { checked, mismatches } = rederive(exam, attempts);
    const changedKeys = new Set<string>();
    for (const a of attempts)
      for (const item of a.paper) if (deps.bank.get(item.questionId) && deps.bank.get(item.questionId)!.answer !== item.key) changedKeys.add(item.questionId);
    return { exam, checked, mismatches, changedKeys: [...changedKeys].sort() };
  }

  return { create, close, retake, voidAttempt, verify };
}

export type ExamAdmin = ReturnType<typeof createExamAdmin>;

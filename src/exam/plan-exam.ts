/**
 * From a parsed exam file to an Exam, checked against the bank, the org chart and the other exams; and the
 * checks of a 补考 window. Pure: every problem comes back as an issue naming its field, and nothing is created
 * unless there are none.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { QUESTION_TYPES, type QuestionType, TYPE_LABELS } from '../bank/question-schema.js';
import type { Department } from '../core/model.js';
import { audienceQuestions, audiencesMeet, resolveDepartments } from './audience.js';
import { formatExamTime } from './date-time.js';
import type { Exam, PaperSpec, PerType } from './exam-model.js';
import type { ExamIssue, ExamSpec } from './exam-file.js';
import { buildPool, poolIds } from './paper.js';
import { type Window, windows } from './rules.js';

export interface PlanContext {
  readonly id: string;
  readonly seed: string;
  readonly now: Date;
  readonly createdBy: string;
  readonly timeZone: string;
  /** The questions that may be served (all()) and every question by id (get()). */
  readonly bank: { all(): readonly LoadedQuestion[]; get(id: string): LoadedQuestion | undefined };
  readonly departments: readonly Department[];
  readonly exams: readonly Exam[];
}

export type PlanResult = { readonly ok: true; readonly exam: Exam; readonly notes: string[] } | { readonly ok: false; readonly issues: ExamIssue[] };

const FILE_KEY: Readonly<Record<QuestionType, string>> = { single: 'single', multiple: 'multi', judge: 'judge' };

export function planExam(spec: ExamSpec, ctx: PlanContext): PlanResult {
  const issues: ExamIssue[] = [];
  const { ids: departmentIds, issues: deptIssues } = resolveDepartments(spec.audience.departments, ctx.departments);
  issues.push(...deptIssues);
  const audience = { departmentIds, tracks: [...new Set(spec.audience.tracks)] };
  const eligible = audienceQuestions(ctx.bank.all(), audience.tracks);

  let paper: PaperSpec | undefined;
  const perType: Record<QuestionType, number> = { single: 0, multiple: 0, judge: 0 };
  if (spec.paper.questions) {
    const seen = new Set<string>();
    spec.paper.questions.forEach((id, i) => {
      const q = ctx.bank.get(id);
      if (seen.has(id)) issues.push({ path: `paper.questions[${i}]`, message: `题目 ${id} 重复` });
      else if (!q) issues.push({ path: `paper.questions[${i}]`, message: `题库中没有题目 ${id}` });
      else perType[q.type]++;
      seen.add(id);
    });
    paper = { kind: 'fixed', questionIds: [...seen] };
  } else {
    for (const t of QUESTION_TYPES) perType[t] = spec.paper.counts?.[t] ?? 0;
    if (QUESTION_TYPES.every((t) => perType[t] === 0)) issues.push({ path: 'paper.counts', message: '试卷至少要有一道题' });
    const pool = buildPool(spec.paper, eligible, ctx.seed);
    issues.push(...pool.issues);
    paper = { kind: 'drawn', buckets: pool.buckets };
  }
  const points: Record<QuestionType, number> = { single: 0, multiple: 0, judge: 0 };
  for (const t of QUESTION_TYPES) {
    const p = spec.paper.points[t];
    if (perType[t] > 0 && p === undefined) issues.push({ path: `paper.points.${FILE_KEY[t]}`, message: `试卷含${TYPE_LABELS[t]}，请给出每题分值` });
    points[t] = p ?? 0;
  }
  const questionCount = QUESTION_TYPES.reduce((s, t) => s + perType[t], 0);
  const totalPoints = Math.round(QUESTION_TYPES.reduce((s, t) => s + perType[t] * points[t], 0) * 100) / 100;
  if (spec.passMark > totalPoints && questionCount > 0) issues.push({ path: 'passMark', message: `及格线 ${spec.passMark} 分高于试卷总分 ${totalPoints} 分` });
  if (spec.to.getTime() <= ctx.now.getTime()) issues.push({ path: 'to', message: `结束时间 ${formatExamTime(spec.to, ctx.timeZone)} 已经过去` });
  const window = { from: spec.from.toISOString(), to: spec.to.toISOString() };
  issues.push(...overlaps({ index: 0, ...window, attempts: spec.attempts }, audience, ctx.exams, ctx.departments, ctx.timeZone, 'from'));
  if (issues.length > 0 || !paper) return { ok: false, issues };

  const exam: Exam = {
    id: ctx.id,
    name: spec.name,
    createdAt: ctx.now.toISOString(),
    createdBy: ctx.createdBy,
    window,
    durationMinutes: spec.durationMinutes,
    passMark: spec.passMark,
    attempts: spec.attempts,
    audience,
    paper,
    points: points as PerType,
    questionCount,
    totalPoints,
    partialCredit: spec.partialCredit,
    explanations: spec.explanations,
    shuffle: spec.paper.shuffle,
    seed: ctx.seed,
    retakes: [],
    ...(spec.issuer ? { issuer: spec.issuer } : {}),
  };
  const notes: string[] = [];
  const held = poolIds(exam).length;
  notes.push(`考试题池 ${held} 道（适合该考试对象的题目共 ${eligible.length} 道）：考试结束前不出现在每日答题中`);
  const windowMinutes = (spec.to.getTime() - spec.from.getTime()) / 60_000;
  if (windowMinutes < spec.durationMinutes)
    notes.push(`提示：考试窗口只有 ${Math.round(windowMinutes)} 分钟，短于考试时长 ${spec.durationMinutes} 分钟，交卷截止以窗口结束为准`);
  return { ok: true, exam, notes };
}

/** Issues for windows of other exams that overlap `w` while their audiences could share a person. */
function overlaps(
  w: Window,
  audience: Exam['audience'],
  exams: readonly Exam[],
  departments: readonly Department[],
  timeZone: string,
  path: string,
): ExamIssue[] {
  const out: ExamIssue[] = [];
  for (const other of exams) {
    for (const ow of windows(other)) {
      if (!(ow.from < w.to && w.from < ow.to) || !audiencesMeet(audience, other.audience, departments)) continue;
      const label = ow.index === 0 ? '' : `第 ${ow.index} 次补考`;
      out.push({
        path,
        message: `与考试 ${other.id}《${other.name}》${label}（${formatExamTime(ow.from, timeZone)} 至 ${formatExamTime(ow.to, timeZone)}）时间重叠，且考试对象有交集`,
      });
    }
  }
  return out;
}

/**
 * Checks a 补考 window for `exam`: after the main window (and any earlier 补考), not yet over, and not
 * overlapping another exam with an audience in common.
 */
export function checkRetake(
  exam: Exam,
  r: { from?: Date; to?: Date; attempts: number },
  ctx: { now: Date; timeZone: string; exams: readonly Exam[]; departments: readonly Department[] },
): ExamIssue[] {
  if (!r.from) return [{ path: '--from', message: '请给出补考开始时间，如 --from "2026-12-20 09:00"' }];
  if (!r.to) return [{ path: '--to', message: '请给出补考结束时间，如 --to "2026-12-25 18:00"' }];
  const issues: ExamIssue[] = [];
  if (r.from.getTime() >= r.to.getTime()) issues.push({ path: '--to', message: '补考结束时间必须晚于开始时间' });
  if (r.to.getTime() <= ctx.now.getTime()) issues.push({ path: '--to', message: `补考结束时间 ${formatExamTime(r.to, ctx.timeZone)} 已经过去` });
  if (!Number.isInteger(r.attempts) || r.attempts < 1 || r.attempts > 10) issues.push({ path: '--attempts', message: '补考次数应为 1 到 10 的整数' });
  const last = windows(exam).at(-1)!;
  if (r.from.toISOString() < last.to) {
    issues.push({
      path: '--from',
      message: `补考须在${last.index === 0 ? '考试' : `第 ${last.index} 次补考`}结束（${formatExamTime(last.to, ctx.timeZone)}）之后开始`,
    });
  }
  const w = { index: exam.retakes.length + 1, from: r.from.toISOString(), to: r.to.toISOString(), attempts: r.attempts };
  issues.push(
    ...overlaps(
      w,
      exam.audience,
      ctx.exams.filter((e) => e.id !== exam.id),
      ctx.departments,
      ctx.timeZone,
      '--from',
    ),
  );
  return issues;
}

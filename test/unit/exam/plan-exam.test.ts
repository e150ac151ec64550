import { describe, expect, test } from 'vitest';
import { parseExamFile } from '../../../src/exam/exam-file.js';
import type { Exam } from '../../../src/exam/exam-model.js';
import { checkRetake, planExam } from '../../../src/exam/plan-exam.js';
import type { Department } from '../../../src/core/model.js';
import { examFile, syntheticBank } from '../../helpers/exam.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-30T02:00:00Z');
const DEPARTMENTS: Department[] = [
  { id: 'sfj', name: '县司法局' },
  { id: 'fzk', name: '法制科', parentId: 'sfj' },
  { id: 'zfdd', name: '执法大队', parentId: 'sfj' },
  { id: 'yd', name: '一队', parentId: 'zfdd' },
  { id: 'yd2', name: '一队', parentId: 'fzk' },
];

function plan(value: Record<string, unknown>, opts: { exams?: Exam[]; bank?: ReturnType<typeof syntheticBank> } = {}) {
  const parsed = parseExamFile(value, TZ);
  if (!parsed.ok) return { ok: false as const, issues: parsed.issues };
  return planExam(parsed.spec, {
    id: 'exam-9',
    seed: 's1',
    now: NOW,
    createdBy: 'cli',
    timeZone: TZ,
    bank: opts.bank ?? syntheticBank(20),
    departments: DEPARTMENTS,
    exams: opts.exams ?? [],
  });
}

const paths = (r: ReturnType<typeof plan>) => (r.ok ? [] : r.issues.map((i) => i.path));
const created = (r: ReturnType<typeof plan>): Exam => {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.exam;
};

describe('the exam file', () => {
  test('a good file: times in the bot time zone, multi → multiple, defaults filled in', () => {
    const e = created(plan(examFile({ to: '2026-12-15' })));
    expect(e.window).toEqual({ from: '2026-12-01T01:00:00.000Z', to: '2026-12-15T16:00:00.000Z' }); // a date alone for `to` = the whole day
    expect(e).toMatchObject({
      questionCount: 20,
      totalPoints: 25,
      points: { single: 1, multiple: 2, judge: 1 },
      partialCredit: 0,
      explanations: 'after-submit',
    });
    expect(e.audience).toEqual({ departmentIds: [], tracks: [] });
  });

  test.each([
    ['from not before to', { from: '2026-12-15 18:00', to: '2026-12-01 09:00' }, 'to'],
    ['from equal to to', { from: '2026-12-01 09:00', to: '2026-12-01 09:00' }, 'to'],
    ['a date that does not exist', { from: '2026-02-30 09:00' }, 'from'],
    ['an unknown track', { audience: { tracks: ['局长'] } }, 'audience.tracks[0]'],
    ['an unknown key (a typo)', { pasMark: 60 }, '(文件)'],
    ['no duration', { durationMinutes: undefined }, 'durationMinutes'],
    ['zero attempts', { attempts: 0 }, 'attempts'],
    ['both a list and counts', { paper: { questions: ['s-xf-1'], counts: { single: 1 }, points: { single: 1 } } }, 'paper.questions'],
    ['a negative count', { paper: { counts: { single: -1 }, points: { single: 1 } } }, 'paper.counts.single'],
  ])('%s is refused naming the field', (_name, change, path) => {
    expect(paths(plan(examFile(change)))).toContain(path);
  });

  test('messages are Chinese, also the ones zod writes', () => {
    const r = plan(examFile({ attempts: 0, durationMinutes: 'x' }));
    expect(r.ok).toBe(false);
    for (const i of r.ok ? [] : r.issues) expect(i.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('planning against the bank, the org chart and other exams', () => {
  test('unknown and duplicate question ids in a fixed paper', () => {
    const r = plan(examFile({ paper: { questions: ['s-xf-1', 'nope-1', 's-xf-1'], points: { single: 1 } }, passMark: 1 }));
    expect(r.ok ? [] : r.issues).toEqual([
      { path: 'paper.questions[1]', message: '题库中没有题目 nope-1' },
      { path: 'paper.questions[2]', message: '题目 s-xf-1 重复' },
    ]);
  });

  test('a fixed paper needs points for each type it has', () => {
    expect(paths(plan(examFile({ paper: { questions: ['s-xf-1', 'j-xf-1'], points: { single: 1 } }, passMark: 1 })))).toEqual(['paper.points.judge']);
  });

  test('impossible counts: more than the bank holds for the audience', () => {
    // 2 laws × 20 = 40 multiple-choice questions for 全员
    const r = plan(examFile({ paper: { counts: { single: 10, multi: 41 }, points: { single: 1, multi: 2 } } }));
    expect(r.ok ? [] : r.issues).toEqual([{ path: 'paper.counts.multi', message: '多选题需要 41 道，题库中适合该考试对象的只有 40 道' }]);
  });

  test('the audience decides which questions count: a 执法人员 exam also has their own questions, everyone else only 全员 ones', () => {
    const shared = syntheticBank(5);
    const own = syntheticBank(5, { 行政强制法: 'qz' }, ['执法人员']);
    const bank = { all: () => [...shared.list, ...own.list], get: (id: string) => shared.get(id) ?? own.get(id) };
    const paper = { counts: { single: 15 }, points: { single: 1 } };
    expect(plan(examFile({ paper, passMark: 10, audience: { tracks: ['执法人员'] } }), { bank: bank as never }).ok).toBe(true);
    expect(paths(plan(examFile({ paper, passMark: 10 }), { bank: bank as never }))).toEqual(['paper.counts.single']);
  });

  test('per-law quotas: the law must exist, each quota must fit, the rest must fit outside the quota laws', () => {
    const counts = { single: 10, multi: 5, judge: 5 };
    const points = { single: 1, multi: 2, judge: 1 };
    expect(paths(plan(examFile({ paper: { counts, points, quotas: [{ law: '《刑法》', single: 2 }] } })))).toEqual(['paper.quotas[0].law']);
    expect(paths(plan(examFile({ paper: { counts, points, quotas: [{ law: '宪法', single: 21 }] } })))).toEqual(['paper.counts.single']);
    expect(paths(plan(examFile({ paper: { counts: { ...counts, single: 30 }, points, quotas: [{ law: '宪法', single: 5 }] } })))).toEqual([
      'paper.counts.single',
    ]);
    const e = created(plan(examFile({ paper: { counts, points, quotas: [{ law: '《宪法》', single: 4 }], poolFactor: 2 } })));
    if (e.paper.kind !== 'drawn') throw new Error('drawn');
    expect(e.paper.buckets.map((b) => [b.type, b.law ?? '', b.take, b.ids.length])).toEqual([
      ['single', '宪法', 4, 8],
      ['single', '', 6, 12],
      ['multiple', '', 5, 10],
      ['judge', '', 5, 10],
    ]);
    // the rest of the singles comes from the other law only
    expect(e.paper.buckets[1]!.ids.every((id) => id.startsWith('s-cf-'))).toBe(true);
  });

  test('a pass mark above the total, and a window already over', () => {
    expect(plan(examFile({ passMark: 26 })).ok ? [] : (plan(examFile({ passMark: 26 })) as { issues: unknown[] }).issues).toEqual([
      { path: 'passMark', message: '及格线 26 分高于试卷总分 25 分' },
    ]);
    expect(paths(plan(examFile({ from: '2026-11-01 09:00', to: '2026-11-20 18:00' })))).toEqual(['to']);
  });

  test('departments by name or path; unknown and ambiguous ones are issues', () => {
    expect(created(plan(examFile({ audience: { departments: ['执法大队', '县司法局/法制科'] } }))).audience.departmentIds).toEqual(['zfdd', 'fzk']);
    expect(paths(plan(examFile({ audience: { departments: ['执法大队', '财务科', '一队'] } })))).toEqual([
      'audience.departments[1]',
      'audience.departments[2]',
    ]);
    expect(created(plan(examFile({ audience: { departments: ['执法大队/一队'] } }))).audience.departmentIds).toEqual(['yd']);
  });

  test('overlapping windows are refused when the audiences can share a person, allowed when they cannot', () => {
    const first = created(plan(examFile({ audience: { departments: ['执法大队'] } })));
    const later = { from: '2026-12-10 09:00', to: '2026-12-20 18:00' };
    const r = plan(examFile({ ...later, audience: { departments: ['执法大队/一队'] } }), { exams: [first] });
    expect(r.ok ? [] : r.issues).toEqual([
      { path: 'from', message: '与考试 exam-9《2026年度学法考试》（2026-12-01 09:00 至 2026-12-15 18:00）时间重叠，且考试对象有交集' },
    ]);
    expect(paths(plan(examFile({ ...later, audience: { tracks: ['领导干部'] } }), { exams: [first] }))).toEqual(['from']); // tracks alone can meet anyone
    expect(plan(examFile({ ...later, audience: { departments: ['法制科'] } }), { exams: [first] }).ok).toBe(true);
    expect(plan(examFile({ from: '2026-12-15 18:00', to: '2026-12-20 18:00', audience: { departments: ['执法大队/一队'] } }), { exams: [first] }).ok).toBe(
      true,
    );
    // a closed exam no longer holds the rest of its window
    const closed = { ...first, closedAt: '2026-12-05T00:00:00.000Z' };
    expect(plan(examFile({ ...later, audience: { departments: ['执法大队/一队'] } }), { exams: [closed] }).ok).toBe(true);
  });

  test('a 补考 window: after the exam, not over, and not overlapping another exam of the same people', () => {
    const e = created(plan(examFile()));
    const ctx = { now: NOW, timeZone: TZ, exams: [e], departments: DEPARTMENTS };
    const at = (s: string) => new Date(s);
    expect(checkRetake(e, { from: at('2026-12-16T01:00:00Z'), to: at('2026-12-17T10:00:00Z'), attempts: 1 }, ctx)).toEqual([]);
    expect(checkRetake(e, { from: at('2026-12-10T01:00:00Z'), to: at('2026-12-17T10:00:00Z'), attempts: 1 }, ctx).map((i) => i.path)).toEqual(['--from']);
    expect(checkRetake(e, { from: at('2026-12-17T01:00:00Z'), to: at('2026-12-16T10:00:00Z'), attempts: 1 }, ctx).map((i) => i.path)).toContain('--to');
    expect(checkRetake(e, { to: at('2026-12-16T10:00:00Z'), attempts: 1 }, ctx).map((i) => i.path)).toEqual(['--from']);
    const other = created(plan(examFile({ from: '2026-12-16 09:00', to: '2026-12-18 18:00', name: '另一场考试' })));
    const clash = checkRetake(
      e,
      { from: at('2026-12-17T01:00:00Z'), to: at('2026-12-19T10:00:00Z'), attempts: 1 },
      { ...ctx, exams: [e, { ...other, id: 'exam-2' }] },
    );
    expect(clash.map((i) => i.message)).toEqual([expect.stringContaining('与考试 exam-2《另一场考试》')]);
  });
});

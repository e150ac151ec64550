import { describe, expect, test } from 'vitest';
import { certificateCode, certificateHtml, normaliseCode } from '../../../src/exam/certificate.js';
import { formatExamTime, parseExamTime } from '../../../src/exam/date-time.js';
import { parseExamFile } from '../../../src/exam/exam-file.js';
import type { Attempt, Exam, PaperItem } from '../../../src/exam/exam-model.js';
import { gradePaper, rederive, scoreItem, toChosen } from '../../../src/exam/grade.js';
import { drawPaper, poolIds } from '../../../src/exam/paper.js';
import { planExam } from '../../../src/exam/plan-exam.js';
import { examFile, question, syntheticBank } from '../../helpers/exam.js';

const bank = syntheticBank(30);

function exam(extra: Record<string, unknown> = {}): Exam {
  const parsed = parseExamFile(examFile(extra), 'Asia/Shanghai');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = planExam(parsed.spec, {
    id: 'exam-1',
    seed: 'seed-1',
    now: new Date('2026-11-30T00:00:00Z'),
    createdBy: 'cli',
    timeZone: 'Asia/Shanghai',
    bank,
    departments: [],
    exams: [],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.exam;
}

describe('papers: 卷卷不同, deterministic, from the reserved pool', () => {
  test('the same (exam, person, attempt) draws the same paper; other people and other attempts differ', () => {
    const e = exam();
    const a = drawPaper(e, 'zhangsan', 1, bank.get);
    const again = drawPaper(e, 'zhangsan', 1, bank.get);
    const b = drawPaper(e, 'lisi', 1, bank.get);
    const retry = drawPaper(e, 'zhangsan', 2, bank.get);
    if (!a.ok || !again.ok || !b.ok || !retry.ok) throw new Error('drawn');
    expect(again.paper).toEqual(a.paper);
    expect(b.paper.map((x) => x.questionId)).not.toEqual(a.paper.map((x) => x.questionId));
    expect(retry.paper.map((x) => x.questionId)).not.toEqual(a.paper.map((x) => x.questionId));
  });

  test('grouped 单选, 多选, 判断 with the counts asked; every question from the pool, no repeats; options a permutation', () => {
    const e = exam();
    const pool = new Set(poolIds(e));
    expect(pool.size).toBe(60); // poolFactor 3 × (10 + 5 + 5)
    const r = drawPaper(e, 'wangwu', 1, bank.get);
    if (!r.ok) throw new Error('drawn');
    expect(r.paper.map((x) => x.type)).toEqual([...Array(10).fill('single'), ...Array(5).fill('multiple'), ...Array(5).fill('judge')]);
    expect(new Set(r.paper.map((x) => x.questionId)).size).toBe(20);
    for (const item of r.paper) {
      expect(pool.has(item.questionId)).toBe(true);
      expect([...item.order].sort()).toEqual(item.type === 'judge' ? [] : [0, 1, 2, 3]);
      expect(item.key).toBe(bank.get(item.questionId)!.answer);
      expect(item.points).toBe(item.type === 'multiple' ? 2 : 1);
    }
    // option orders vary between people
    const orders = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((p) => JSON.stringify((drawPaper(e, p, 1, bank.get) as { paper: PaperItem[] }).paper[0]!.order)));
    expect(orders.size).toBeGreaterThan(1);
  });

  test('a per-law quota gives every paper exactly that many questions of the law', () => {
    const e = exam({
      paper: { counts: { single: 10, multi: 5, judge: 5 }, points: { single: 1, multi: 2, judge: 1 }, quotas: [{ law: '宪法', single: 4, judge: 2 }] },
    });
    for (const p of ['a', 'b', 'c']) {
      const r = drawPaper(e, p, 1, bank.get);
      if (!r.ok) throw new Error('drawn');
      const law = (t: string) => r.paper.filter((x) => x.type === t && bank.get(x.questionId)!.basis.law === '宪法').length;
      expect([law('single'), law('judge')]).toEqual([4, 2]);
    }
  });

  test('a fixed paper: the same questions for all, options shuffled; not shuffled within a type when the exam says so', () => {
    const ids = ['j-xf-1', 's-xf-1', 's-xf-2', 'm-xf-1'];
    const e = exam({ paper: { questions: ids, points: { single: 1, multi: 2, judge: 1 }, shuffle: false }, passMark: 3 });
    const r = drawPaper(e, 'a', 1, bank.get);
    if (!r.ok) throw new Error('drawn');
    expect(r.paper.map((x) => x.questionId)).toEqual(['s-xf-1', 's-xf-2', 'm-xf-1', 'j-xf-1']);
  });

  test('questions deleted from the bank since: a paper that cannot be filled is not drawn', () => {
    const e = exam({ paper: { counts: { single: 2 }, points: { single: 1 }, poolFactor: 1 }, passMark: 1 });
    const gone = poolIds(e)[0]!;
    expect(drawPaper(e, 'a', 1, (id) => (id === gone ? undefined : bank.get(id)))).toEqual({ ok: false, missing: 1 });
  });
});

describe('grading as in the daily quiz', () => {
  const items: PaperItem[] = [
    { questionId: 's', type: 'single', order: [1, 0, 2, 3], points: 1, key: 'B' },
    { questionId: 'm', type: 'multiple', order: [0, 1, 2, 3], points: 2, key: 'ACD' },
    { questionId: 'j', type: 'judge', order: [], points: 1, key: '错' },
  ];

  test.each([
    [['B', 'ACD', '错'], 0, 4],
    [['A', 'ACD', '错'], 0, 3],
    [['B', 'AC', '错'], 0, 2], // 多选 all-or-nothing
    [['B', 'AC', '错'], 0.5, 3], // partial credit: a correct subset earns half
    [['B', 'AB', '错'], 0.5, 2], // a wrong option earns nothing
    [[null, null, null], 0.5, 0],
  ])('%j with partial credit %s scores %s', (answers, partialCredit, score) => {
    expect(gradePaper(items, answers, { partialCredit, passMark: 3 }).score).toBe(score);
  });

  test('pass at the pass mark exactly', () => {
    expect(gradePaper(items, ['A', 'ACD', '错'], { partialCredit: 0, passMark: 3 }).passed).toBe(true);
    expect(gradePaper(items, ['A', 'AC', '错'], { partialCredit: 0, passMark: 3 }).passed).toBe(false);
    expect(scoreItem(items[1]!, 'CDA', 0)).toBe(0); // stored letters are always ascending; anything else is not the key
  });

  test('what the person typed, in their shuffled letters, maps to the bank letters; a 单选 with two letters is no answer', () => {
    const q = question('s', 'single');
    expect(toChosen(q, items[0]!, 'a')).toBe('B'); // shown A = bank option 1 = B
    expect(toChosen(q, items[0]!, 'Ｂ')).toBe('A');
    expect(toChosen(q, items[0]!, 'AB')).toBeUndefined();
    expect(toChosen(question('j', 'judge'), items[2]!, '×')).toBe('错');
    expect(toChosen(question('j', 'judge'), items[2]!, 'B')).toBeUndefined();
    expect(toChosen(question('m', 'multiple'), items[1]!, 'D, A、C')).toBe('ACD');
  });

  test('re-derivation finds a recorded score that does not follow from the paper and the answers', () => {
    const e = exam();
    const a = (score: number): Attempt => ({
      id: `x${score}`,
      examId: e.id,
      personId: 'p',
      n: 1,
      window: 0,
      startedAt: 't',
      deadline: 't',
      via: 'web',
      paper: items,
      answers: ['B', 'ACD', null],
      status: 'submitted',
      score,
      passed: score >= 3,
      itemPoints: [],
    });
    expect(rederive({ ...e, passMark: 3 }, [a(3)]).mismatches).toEqual([]);
    expect(rederive({ ...e, passMark: 3 }, [a(3), a(4)]).mismatches).toEqual([{ attemptId: 'x4', recorded: 4, derived: 3 }]);
  });
});

describe('times and certificates', () => {
  test('wall-clock times in the bot time zone', () => {
    expect(parseExamTime('2026-12-01 09:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseExamTime('2026-12-01T09:00:30', 'Asia/Shanghai')?.toISOString()).toBe('2026-12-01T01:00:30.000Z');
    expect(parseExamTime('2026-12-01T09:00:00+00:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(parseExamTime('2026-12-01', 'Asia/Shanghai', 'end')?.toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(parseExamTime('2026-13-01 09:00', 'Asia/Shanghai')).toBeUndefined();
    expect(parseExamTime('下周一', 'Asia/Shanghai')).toBeUndefined();
    expect(formatExamTime('2026-12-01T01:00:00.000Z', 'Asia/Shanghai')).toBe('2026-12-01 09:00');
  });

  test('a code is stable per (exam, person), differs between people, and reads back however it is typed', () => {
    const code = certificateCode({ id: 'exam-1', seed: 's' }, 'zhangsan');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(certificateCode({ id: 'exam-1', seed: 's' }, 'zhangsan')).toBe(code);
    expect(certificateCode({ id: 'exam-1', seed: 's' }, 'lisi')).not.toBe(code);
    expect(certificateCode({ id: 'exam-1', seed: 'other' }, 'zhangsan')).not.toBe(code);
    expect(normaliseCode(code.toLowerCase().replace('-', ' '))).toBe(code);
    expect(normaliseCode('<script>')).toBeUndefined();
  });

  test('the certificate page escapes what it prints', () => {
    const html = certificateHtml({
      issuer: '县司法局',
      name: '<b>张三</b>',
      department: '法制科',
      examName: '2026年度学法考试',
      score: 92.5,
      totalPoints: 100,
      passedOn: '2026年12月5日',
      code: 'ABCDE-12345',
      verifyAt: '/exam/certificates/ABCDE-12345',
    });
    expect(html).toContain('&lt;b&gt;张三&lt;/b&gt;');
    expect(html).toContain('成绩<b>92.5</b>分');
    expect(html).toContain('@page { size: A4 landscape');
  });
});

/**
 * The `exam` commands, run in-process as the CLI runs them: create prints the id last, bad files are refused
 * with every issue named and nothing created, list, retake and close checks, usage.
 */
import { describe, expect, test } from 'vitest';
import { createExam, examFile, pufa, writeExamFile } from '../helpers/exam.js';
import { makeTestDeps } from '../helpers/test-deps.js';

const NOW = '2026-11-30T02:00:00Z';

describe('npm run pufa -- exam', () => {
  test('create prints the new id as the last word; list shows it; a second exam for other people gets the next id', async () => {
    const { deps } = await makeTestDeps({ now: NOW });
    const r = await pufa(deps, ['exam', 'create', writeExamFile(examFile({ audience: { departments: ['执法大队'] } }))]);
    expect(r.code).toBe(0);
    expect(r.out.at(-1)).toBe('已创建考试 exam-1');
    expect(r.out.join('\n')).toContain('每人随机抽题：单选 10 题 × 1 分，多选 5 题 × 2 分，判断 5 题 × 1 分；共 20 题，满分 25 分，12 分及格');
    expect(await createExam(deps, examFile({ name: '领导干部学法考试', audience: { departments: ['办公室'] } }))).toBe('exam-2');
    const list = await pufa(deps, ['exam', 'list']);
    expect(list.out.join('\n')).toMatch(/exam-1 {2}《2026年度学法考试》 未开始 {2}参考 0 人\n {4}考试：2026-12-01 09:00 至 2026-12-15 18:00，每人 2 次/);
    expect(list.out.join('\n')).toContain('exam-2  《领导干部学法考试》');
  });

  test('a bad file: every problem with its field, exit 1, nothing created', async () => {
    const { deps } = await makeTestDeps({ now: NOW });
    await createExam(deps, examFile());
    const bad = examFile({
      passMark: 200,
      audience: { departments: ['财务科'], tracks: ['执法人员'] },
      paper: { counts: { single: 10, multi: 5, judge: 5 }, points: { single: 1, multi: 2, judge: 1 }, quotas: [{ law: '刑法', single: 30 }] },
    });
    const r = await pufa(deps, ['exam', 'create', writeExamFile(bad)]);
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/^未创建考试：\d+ 处错误/);
    const text = r.out.join('\n');
    for (const field of [
      'audience.departments[0]：没有找到部门“财务科”',
      'paper.counts.single：单选题共 10 道，少于各法律配额之和 30 道',
      'passMark：及格线 200 分高于试卷总分 25 分',
      'from：与考试 exam-1',
    ]) {
      expect(text).toContain(field);
    }
    expect((await deps.exam.store.listExams()).map((e) => e.id)).toEqual(['exam-1']);
    expect((await pufa(deps, ['exam', 'create', writeExamFile('{"name": "x",')])).out[0]).toMatch(/^未创建考试：无法读取/);
    expect((await pufa(deps, ['exam', 'create', '/nonexistent/exam.json'])).code).toBe(1);
    expect((await deps.exam.store.listExams()).length).toBe(1);
  });

  test('retake, close and void check their input; unknown ids and usage', async () => {
    const { deps } = await makeTestDeps({ now: NOW });
    const id = await createExam(deps, examFile());
    const retake = await pufa(deps, ['exam', 'retake', id, '--from', '2026-12-10 09:00', '--to', 'someday']);
    expect(retake).toMatchObject({ code: 1, out: ['未添加补考：', '  --to：“someday”不是有效的时间，请写成 2026-12-25 18:00'] });
    expect((await pufa(deps, ['exam', 'retake', id, '--from', '2026-12-10 09:00', '--to', '2026-12-11 18:00'])).out[1]).toContain(
      '补考须在考试结束（2026-12-15 18:00）之后开始',
    );
    expect((await pufa(deps, ['exam', 'retake', id, '--from', '2026-12-16 09:00', '--to', '2026-12-17 18:00', '--attempts', '2'])).code).toBe(0);
    expect((await deps.exam.store.getExam(id))!.retakes).toEqual([
      { from: '2026-12-16T01:00:00.000Z', to: '2026-12-17T10:00:00.000Z', attempts: 2, addedAt: '2026-11-30T02:00:00.000Z' },
    ]);
    expect((await pufa(deps, ['exam', 'close', 'exam-7'])).out.join('')).toContain('没有考试 exam-7');
    expect((await pufa(deps, ['exam', 'close', id])).code).toBe(0);
    expect((await pufa(deps, ['exam', 'close', id])).out.join('')).toContain('已经结束');
    expect((await pufa(deps, ['exam', 'report', id])).code).toBe(2);
    expect((await pufa(deps, ['exam', 'frobnicate', id])).code).toBe(2);
    expect((await pufa(deps, ['exam'])).out[0]).toMatch(/^用法：\n {2}npm run pufa -- exam create <file.json>/);
  });
});

describe('the README', () => {
  test('its example exam file creates an exam as shown', async () => {
    const { readFileSync } = await import('node:fs');
    const { ROOT } = await import('../helpers/test-deps.js');
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('## 年度学法考试'));
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!);
    const { deps } = await makeTestDeps({ now: NOW });
    const r = await pufa(deps, ['exam', 'create', writeExamFile(example)]);
    expect(r.out.at(-1)).toBe('已创建考试 exam-1');
    expect(r.out.join('\n')).toContain('共 60 题，满分 80 分，60 分及格');
  });
});

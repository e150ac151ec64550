/**
 * The exam service over the memory store with a fixed clock: one active attempt, the server's timer (lazy and
 * by the sweep, also its background loop), closing, attempts and the best one, voiding, access, explanations
 * after the close, and daily practice keeping away from a live exam's questions.
 */
import { describe, expect, test } from 'vitest';
import type { Person } from '../../../src/core/model.js';
import { activeAttempt, answerFor, createExam, examFile, pufa } from '../../helpers/exam.js';
import { makeTestDeps } from '../../helpers/test-deps.js';

// 2026-12-01 10:00 in Beijing; the exam file's window is 12-01 09:00 to 12-15 18:00.
const NOW = '2026-12-01T02:00:00Z';
const MIN = 60_000;

async function setup(file: Record<string, unknown> = {}) {
  const t = await makeTestDeps({ now: NOW });
  const id = await createExam(t.deps, examFile(file));
  const person = async (pid: string) => (await t.store.getPerson(pid))!;
  return { ...t, id, person, service: t.deps.exam.service };
}

describe('taking an exam', () => {
  test('one active attempt per person: starting again resumes it, with the same paper and what was saved', async () => {
    const { service, id, person } = await setup();
    const zs = await person('zhangsan');
    const first = await service.start(zs, id, 'web');
    expect(first.kind).toBe('started');
    const saved = await service.save(zs, id, { attempt: 1, index: 3, answer: 'B' });
    expect(saved).toMatchObject({ kind: 'saved', answered: 1, unanswered: 19 });
    const again = await service.start(zs, id, 'chat');
    expect(again.kind).toBe('resumed');
    if (first.kind === 'refused' || again.kind === 'refused') throw new Error('refused');
    expect(again.attempt.paper).toEqual(first.attempt.paper);
    const paper = await service.paper(zs, id);
    if ('kind' in paper) throw new Error(paper.message);
    expect(paper.questions[3]!.answer).toBe('B');
    // no keys before submission
    for (const q of paper.questions) expect(Object.keys(q).sort()).toEqual(['answer', 'index', 'options', 'points', 'stem', 'type', 'typeLabel']);
    expect(JSON.stringify(paper)).not.toMatch(/explanation|correctAnswer|questionId|basis/);
  });

  test('answers: changed and cleared; a wrong attempt number, a bad position or a non-answer is refused and changes nothing', async () => {
    const { service, id, person, deps } = await setup();
    const zs = await person('zhangsan');
    await service.start(zs, id, 'web');
    const a = await activeAttempt(deps, id, 'zhangsan');
    const judge = a.paper.findIndex((x) => x.type === 'judge');
    const single = a.paper.findIndex((x) => x.type === 'single');
    expect(await service.save(zs, id, { attempt: 1, index: judge, answer: '对' })).toMatchObject({ kind: 'saved', answer: '对' });
    expect(await service.save(zs, id, { attempt: 1, index: judge, answer: null })).toMatchObject({ kind: 'saved', answer: null, answered: 0 });
    expect(await service.save(zs, id, { attempt: 2, index: single, answer: 'A' })).toMatchObject({ kind: 'refused', code: 'attempt-over' });
    expect(await service.save(zs, id, { attempt: 1, index: 20, answer: 'A' })).toMatchObject({ kind: 'refused', code: 'bad-index' });
    expect(await service.save(zs, id, { attempt: 1, index: single, answer: 'AB' })).toMatchObject({ kind: 'refused', code: 'bad-answer' });
    expect(await service.save(zs, id, { attempt: 1, index: judge, answer: 'A' })).toMatchObject({ kind: 'refused', code: 'bad-answer' });
    expect((await activeAttempt(deps, id, 'zhangsan')).answers.every((x) => x === null)).toBe(true);
  });

  test('the deadline, lazily: past it the attempt is graded with what was saved, and nothing more is taken', async () => {
    const { service, id, person, deps, clock } = await setup();
    const zs = await person('zhangsan');
    await service.start(zs, id, 'web');
    const a = await activeAttempt(deps, id, 'zhangsan');
    for (const i of [0, 1, 2]) await service.save(zs, id, { attempt: 1, index: i, answer: answerFor(a, i, true) });
    clock.advance(30 * MIN);
    expect(await service.save(zs, id, { attempt: 1, index: 3, answer: answerFor(a, 3, true) })).toMatchObject({ kind: 'refused', code: 'attempt-over' });
    const [done] = await deps.exam.store.attemptsOf(id, 'zhangsan');
    const expected = a.paper.slice(0, 3).reduce((s, x) => s + x.points, 0);
    expect(done).toMatchObject({ status: 'timed-out', score: expected, finishedAt: '2026-12-01T02:30:00.000Z' });
    expect(done!.answers.filter(Boolean)).toHaveLength(3);
  });

  test('the deadline with nobody calling back: the sweep grades it', async () => {
    const { service, id, person, deps, clock } = await setup();
    await service.start(await person('zhangsan'), id, 'web');
    await service.start(await person('lisi'), id, 'web');
    clock.advance(29 * MIN);
    expect(await service.sweep()).toBe(0);
    clock.advance(MIN);
    expect(await service.sweep()).toBe(2);
    expect((await deps.exam.store.examAttempts(id)).map((a) => a.status)).toEqual(['timed-out', 'timed-out']);
    expect(await service.sweep()).toBe(0);
  });

  test('the background sweep of the running server grades overdue attempts on its own', async () => {
    const { service, id, person, deps, clock } = await setup();
    await service.start(await person('zhangsan'), id, 'web');
    let sleeps = 0;
    let second: () => void = () => {};
    const reached = new Promise<void>((r) => (second = r));
    const loop = service.startSweeping({
      everyMs: 15 * MIN,
      sleep: async (ms) => {
        clock.advance(ms);
        if (++sleeps === 3) second();
        return new Promise<void>((r) => setImmediate(r));
      },
    });
    await reached;
    await loop.stop();
    expect((await deps.exam.store.attemptsOf(id, 'zhangsan'))[0]).toMatchObject({ status: 'timed-out', finishedAt: '2026-12-01T02:30:00.000Z' });
  });

  test('the deadline never passes the window end; closing the exam grades running attempts at once', async () => {
    const { service, id, person, deps, clock } = await setup({ to: '2026-12-01 10:20' });
    await service.start(await person('zhangsan'), id, 'web');
    expect((await activeAttempt(deps, id, 'zhangsan')).deadline).toBe('2026-12-01T02:20:00.000Z');
    clock.advance(5 * MIN);
    const closed = await pufa(deps, ['exam', 'close', id]);
    expect(closed.out.join('\n')).toContain('1 份进行中的作答已按已保存的答案评分');
    expect((await deps.exam.store.attemptsOf(id, 'zhangsan'))[0]).toMatchObject({ status: 'timed-out', finishedAt: '2026-12-01T02:05:00.000Z' });
    expect(await service.start(await person('lisi'), id, 'web')).toMatchObject({ kind: 'refused', code: 'closed' });
  });

  test('attempts: the best counts, the allowance is kept; a void with --refund gives one back (audited)', async () => {
    const { service, id, person, deps, logger } = await setup();
    const zs = await person('zhangsan');
    const take = async (right: number) => {
      await service.start(zs, id, 'web');
      const a = await activeAttempt(deps, id, 'zhangsan');
      for (let i = 0; i < a.paper.length; i++) await service.save(zs, id, { attempt: a.n, index: i, answer: answerFor(a, i, i < right) });
      return service.submit(zs, id, a.n);
    };
    expect(await take(20)).toMatchObject({ kind: 'submitted', best: { score: 25, passed: true }, attemptsLeft: 1 });
    expect(await take(0)).toMatchObject({ kind: 'submitted', best: { attempt: 1, score: 25 }, attemptsLeft: 0 });
    expect(await service.start(zs, id, 'web')).toMatchObject({ kind: 'refused', code: 'no-attempts-left' });
    const voided = await pufa(deps, ['exam', 'void', id, '张三', '--attempt', '2', '--reason', '考试期间网络故障', '--refund', '--by', '管理员']);
    expect(voided.code).toBe(0);
    expect(voided.out[0]).toContain('已作废 张三 的第 2 次作答（原得分 0 分），原因：考试期间网络故障；已退还这次考试机会');
    expect(logger.lines.some((r) => r.msg === 'exam attempt voided' && r.reason === '考试期间网络故障' && r.by === '管理员')).toBe(true);
    expect((await service.start(zs, id, 'web')).kind).toBe('started');
    // a void without a reason (an empty --reason is a usage error: exit 2), of a running attempt, or of nobody is refused
    expect((await pufa(deps, ['exam', 'void', id, '张三', '--reason', ''])).code).toBe(2);
    expect((await pufa(deps, ['exam', 'void', id, '张三', '--reason', '  '])).code).toBe(1);
    expect((await pufa(deps, ['exam', 'void', id, '张三', '--attempt', '3', '--reason', '测试原因'])).out.join('')).toContain('还在进行中');
    expect((await pufa(deps, ['exam', 'void', id, '无此人', '--reason', '测试原因'])).out.join('')).toContain('没有找到人员');
    // every score re-derives from the recorded papers and answers
    const verify = await pufa(deps, ['exam', 'verify', id]);
    expect(verify).toMatchObject({ code: 0 });
    expect(verify.out.join('\n')).toMatch(/复核《2026年度学法考试》2 份答卷[\s\S]*全部一致/);
  });

  test('who may take it: the audience only, and nobody who has left the study list', async () => {
    const { service, id, person, deps } = await setup({ audience: { departments: ['执法大队'] } });
    expect(await service.start(await person('zhangsan'), id, 'web')).toMatchObject({ kind: 'refused', code: 'not-in-audience' });
    const lisi = await person('lisi');
    const left: Person = { ...lisi, active: false, leftOn: '2026-11-30' as never };
    await deps.store.savePeople([left]);
    expect(await service.start(left, id, 'web')).toMatchObject({ kind: 'refused', code: 'left' });
    expect((await service.myExams(left)).length).toBe(0);
    expect((await service.myExams(await person('wangwu'))).map((e) => [e.id, e.status, e.canStart])).toEqual([[id, 'open', true]]);
  });

  test('explanations after the close: no keys in the result until the exam is over', async () => {
    const { service, id, person, clock } = await setup({ explanations: 'after-close', to: '2026-12-02 18:00' });
    const zs = await person('zhangsan');
    await service.start(zs, id, 'web');
    const r = await service.submit(zs, id, 1);
    expect(r).toMatchObject({ kind: 'submitted', review: null, reviewFrom: '2026-12-02T10:00:00.000Z' });
    expect(JSON.stringify(r)).not.toMatch(/correctAnswer|explanation/);
    clock.set('2026-12-02T10:00:00Z');
    const after = await service.result(zs, id);
    expect(after).toMatchObject({ kind: 'result', reviewFrom: null, review: { attempt: 1 } });
    if (after.kind !== 'result') throw new Error('result');
    expect(after.review!.items).toHaveLength(20);
    expect(after.review!.items[0]).toMatchObject({
      correctAnswer: expect.any(String),
      explanation: expect.any(String),
      basis: expect.stringMatching(/^《.+》第/),
    });
  });

  test('daily practice keeps away from the questions of a live exam, and gets them back when it is over', async () => {
    const { deps, clock, id } = await setup({
      paper: { counts: { single: 10, multi: 5, judge: 5 }, points: { single: 1, multi: 2, judge: 1 }, poolFactor: 20 },
    });
    const exam = (await deps.exam.store.getExam(id))!;
    if (exam.paper.kind !== 'drawn') throw new Error('drawn');
    const held = new Set(exam.paper.buckets.flatMap((b) => b.ids));
    expect(held.size).toBeGreaterThan(300);
    for (const pid of ['zhangsan', 'lisi', 'wangwu', 'chenqi', 'zhaoliu', 'likz', 'wangjz', 'admin']) {
      await deps.quiz.start((await deps.store.getPerson(pid))!);
      const quiz = (await deps.store.getQuiz(pid, deps.quiz.today()))!;
      expect(quiz.items.filter((x) => held.has(x.questionId))).toEqual([]);
    }
    const before = deps.exam.practiceBank.eligible('全员').length;
    clock.set('2026-12-15T10:00:00Z');
    expect(deps.exam.practiceBank.eligible('全员').length).toBeGreaterThan(before + 300);
  });

  test('reminders only while a window is open, only to those who have not taken it, once a day', async () => {
    const t = await makeTestDeps({ now: '2026-11-30T02:00:00Z' });
    const id = await createExam(t.deps, examFile({ audience: { departments: ['执法大队'] } }));
    const day = (s: string) => s as never;
    expect(await t.deps.runner.run('exam-remind', day('2026-11-30'))).toEqual({ status: 'not-due' }); // not open yet
    t.clock.set(NOW);
    const lisi = (await t.store.getPerson('lisi'))!;
    await t.deps.exam.service.start(lisi, id, 'web');
    await t.deps.exam.service.submit(lisi, id, 1);
    const first = await t.deps.runner.run('exam-remind', day('2026-12-01'));
    expect(first).toMatchObject({ status: 'ran', sent: 1, skipped: { finished: 1 } });
    const sent = (await t.store.outboxRecords('exam-remind:2026-12-01')).flatMap((r) => (r.to?.kind === 'users' ? r.to.userIds : []));
    expect(sent).toEqual(['wangwu']);
    expect(await t.deps.runner.run('exam-remind', day('2026-12-01'))).toMatchObject({ sent: 0, skipped: { alreadySent: 1 } });
    t.clock.set('2026-12-16T02:00:00Z');
    expect(await t.deps.runner.run('exam-remind', day('2026-12-16'))).toEqual({ status: 'not-due' }); // over
  });
});

/**
 * Test helpers for the annual exam: a small synthetic bank, an exam file, creating an exam through the command
 * line in-process, and an oracle that knows the right (or a wrong) answer to a question of a person's paper.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { LoadedQuestion } from '../../src/bank/check-bank.js';
import type { QuestionType, Track } from '../../src/bank/question-schema.js';
import { runCommand } from '../../src/cli/run-command.js';
import type { Deps } from '../../src/deps.js';
import type { Attempt } from '../../src/exam/exam-model.js';
import { shownAnswer } from '../../src/exam/exam-views.js';

/** A bank question for pure tests. */
export function question(id: string, type: QuestionType, law = '宪法', tracks: Track[] = ['全员']): LoadedQuestion {
  return {
    id,
    type,
    stem: `题干 ${id}`,
    ...(type === 'judge' ? {} : { options: ['甲', '乙', '丙', '丁'] }),
    answer: type === 'judge' ? '对' : type === 'single' ? 'B' : 'AC',
    explanation: `解析 ${id}`,
    basis: { law, articles: ['第一条'] },
    tracks,
    topic: '测试',
    difficulty: 1,
    bank: 'builtin',
    file: 'test.json',
  };
}

/** `n` questions of each type for each law: ids like `s-宪法-1` become `s-xf-1` style ascii. */
export function syntheticBank(perTypeAndLaw: number, laws: Record<string, string> = { 宪法: 'xf', 行政处罚法: 'cf' }, tracks: Track[] = ['全员']) {
  const list: LoadedQuestion[] = [];
  for (const [law, code] of Object.entries(laws)) {
    for (const [type, t] of [
      ['single', 's'],
      ['multiple', 'm'],
      ['judge', 'j'],
    ] as const) {
      for (let i = 1; i <= perTypeAndLaw; i++) list.push(question(`${t}-${code}-${i}`, type, law, tracks));
    }
  }
  const byId = new Map(list.map((q) => [q.id, q]));
  return { all: () => list, get: (id: string) => byId.get(id), list };
}

/** An exam file value (override any field). */
export function examFile(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '2026年度学法考试',
    from: '2026-12-01 09:00',
    to: '2026-12-15 18:00',
    durationMinutes: 30,
    passMark: 12,
    attempts: 2,
    paper: { counts: { single: 10, multi: 5, judge: 5 }, points: { single: 1, multi: 2, judge: 1 } },
    ...extra,
  };
}

export function writeExamFile(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pufa-exam-')), 'exam.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

/** `npm run pufa -- <argv>` in-process: exit code and printed lines. */
export async function pufa(deps: Deps, argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runCommand(argv, { config: deps.config, deps, io: { out: (l) => out.push(l) } });
  return { code, out };
}

/** Creates an exam through `exam create` and returns its id (the last word printed). */
export async function createExam(deps: Deps, value: unknown): Promise<string> {
  const r = await pufa(deps, ['exam', 'create', writeExamFile(value)]);
  expect(r.code, r.out.join('\n')).toBe(0);
  return r.out.join(' ').trim().split(/\s+/).at(-1)!;
}

/** The answer (as the person sees it) to question `index` of an attempt: right, or a wrong one. */
export function answerFor(a: Attempt, index: number, right: boolean): string {
  const item = a.paper[index]!;
  const key = shownAnswer(item, item.key)!;
  if (right) return key;
  if (item.type === 'judge') return key === '对' ? '错' : '对';
  if (item.type === 'multiple') return key === 'AB' ? 'CD' : 'AB';
  return key === 'A' ? 'B' : 'A';
}

/** The person's active attempt at the exam (the test's view into the store). */
export async function activeAttempt(deps: Deps, examId: string, personId: string): Promise<Attempt> {
  const a = (await deps.exam.store.attemptsOf(examId, personId)).find((x) => x.status === 'active');
  if (!a) throw new Error(`no active attempt for ${personId}`);
  return a;
}

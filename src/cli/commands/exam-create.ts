/**
 * `exam create <file.json>`: a new exam from its file. All-or-nothing: every problem is printed with the field it
 * is in, and nothing is created unless there are none. The last word printed is the new exam's id.
 */
import { readFile } from 'node:fs/promises';
import { formatExamTime } from '../../exam/date-time.js';
import type { Exam } from '../../exam/exam-model.js';
import type { CommandIO } from '../commands.js';
import type { Deps } from '../../deps.js';

const TYPE_NAMES = { single: '单选', multiple: '多选', judge: '判断' } as const;

/** One line per type: '单选 30 题 × 1 分'. */
export function paperLine(exam: Exam): string {
  const counts = { single: 0, multiple: 0, judge: 0 };
  if (exam.paper.kind === 'drawn') for (const b of exam.paper.buckets) counts[b.type] += b.take;
  const parts = (Object.keys(counts) as Array<keyof typeof counts>).flatMap((t) => {
    const n = exam.paper.kind === 'drawn' ? counts[t] : undefined;
    return n === 0 ? [] : [`${TYPE_NAMES[t]}${n !== undefined ? ` ${n} 题` : ''} × ${exam.points[t]} 分`];
  });
  return `${exam.paper.kind === 'fixed' ? '固定试题' : '每人随机抽题'}：${parts.join('，')}；共 ${exam.questionCount} 题，满分 ${exam.totalPoints} 分，${exam.passMark} 分及格`;
}

export async function examCreate(file: string | undefined, deps: Deps, io: CommandIO): Promise<number> {
  if (!file) {
    io.out('用法：exam create <考试文件.json>（格式见 README“年度学法考试”）');
    return 2;
  }
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    io.out(`未创建考试：无法读取 ${file}：${(err as Error).message}`);
    return 1;
  }
  const r = await deps.exam.admin.create(value, 'cli');
  if (!r.ok) {
    io.out(`未创建考试：${r.issues.length} 处错误，请修改后重新创建`);
    for (const i of r.issues) io.out(`  ${i.path}：${i.message}`);
    return 1;
  }
  const e = r.exam;
  const tz = deps.config.timeZone;
  io.out(`《${e.name}》`);
  io.out(
    `时间：${formatExamTime(e.window.from, tz)} 至 ${formatExamTime(e.window.to, tz)}（${tz}），限时 ${e.durationMinutes} 分钟，每人 ${e.attempts} 次机会`,
  );
  io.out(paperLine(e));
  for (const note of r.notes) io.out(note);
  io.out(`已创建考试 ${e.id}`);
  return 0;
}

/**
 * `exam report <id> --format xlsx --out <file>` (the 成绩汇总表) and `exam certificates <id> --out <dir>` (one
 * printable 合格证书 per person who passed, as HTML pages to print from a browser).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certificateHtml } from '../../exam/certificate.js';
import { writeExamReport } from '../../exam/exam-report-xlsx.js';
import type { Deps } from '../../deps.js';
import type { CommandIO, ParsedArgs } from '../commands.js';
import { pct } from '../../stats/format.js';

export async function examReport(id: string, args: ParsedArgs, deps: Deps, io: CommandIO): Promise<number> {
  if ((args.flags.format ?? 'xlsx') !== 'xlsx' || typeof args.flags.out !== 'string') {
    io.out('用法：exam report <考试编号> --format xlsx --out <文件.xlsx>');
    return 2;
  }
  const r = await deps.exam.reports.results(id);
  if (!r) {
    io.out(`没有考试 ${id}（exam list 查看）`);
    return 1;
  }
  await writeExamReport(args.flags.out, {
    exam: r.exam,
    summary: r.summary,
    people: r.people,
    departments: r.departments,
    timeZone: deps.config.timeZone,
    generatedAt: deps.clock.now(),
  });
  const total = r.summary[0]!;
  io.out(
    `已写入 ${args.flags.out}：应考 ${total.expected} 人，参考 ${total.took} 人（${pct(total.tookRate)}），通过 ${total.passed} 人（${pct(total.passRate)}）`,
  );
  return 0;
}

export async function examCertificates(id: string, args: ParsedArgs, deps: Deps, io: CommandIO): Promise<number> {
  if (typeof args.flags.out !== 'string') {
    io.out('用法：exam certificates <考试编号> --out <目录>');
    return 2;
  }
  if (!(await deps.exam.store.getExam(id))) {
    io.out(`没有考试 ${id}（exam list 查看）`);
    return 1;
  }
  const list = await deps.exam.reports.certificates(id);
  await mkdir(args.flags.out, { recursive: true });
  for (const c of list) await writeFile(join(args.flags.out, `${c.code}-${c.name.replace(/[\\/:*?"<>|\s]/g, '')}.html`), certificateHtml(c));
  io.out(`已写入 ${list.length} 份合格证书到 ${args.flags.out}（用浏览器打开后打印，A4 横向）`);
  return 0;
}

/**
 * `npm run pufa -- exam …`: the annual exam (年度学法考试). `create` prints the new exam's id as its last word;
 * every other subcommand takes that id.
 */
import { formatExamTime } from '../../exam/date-time.js';
import type { ExamIssue } from '../../exam/exam-file.js';
import { counts } from '../../exam/exam-model.js';
import { examEnd, openWindow, windows } from '../../exam/rules.js';
import type { Deps } from '../../deps.js';
import type { CommandIO, CommandSpec, ParsedArgs } from '../commands.js';
import { examCreate, paperLine } from './exam-create.js';
import { examCertificates, examReport } from './exam-report.js';

const USAGE = [
  'exam create <file.json>',
  'exam list',
  'exam close <id>',
  'exam retake <id> --from "YYYY-MM-DD HH:mm" --to "YYYY-MM-DD HH:mm" [--attempts 1]',
  'exam report <id> --format xlsx --out <file.xlsx>',
  'exam void <id> <人员> --reason <原因> [--attempt N] [--refund] [--by 操作人]',
  'exam verify <id>',
  'exam certificates <id> --out <dir>',
];

const str = (args: ParsedArgs, name: string) => (typeof args.flags[name] === 'string' ? (args.flags[name] as string) : undefined);

function printIssues(io: CommandIO, what: string, issues: readonly ExamIssue[]): number {
  io.out(`${what}：`);
  for (const i of issues) io.out(`  ${i.path}：${i.message}`);
  return 1;
}

async function list(deps: Deps, io: CommandIO): Promise<number> {
  const exams = await deps.exam.store.listExams();
  if (exams.length === 0) {
    io.out('还没有考试。用 exam create <file.json> 创建。');
    return 0;
  }
  const tz = deps.config.timeZone;
  const now = deps.clock.now();
  for (const e of exams) {
    const attempts = await deps.exam.store.examAttempts(e.id);
    const took = new Set(attempts.filter(counts).map((a) => a.personId)).size;
    const active = attempts.filter((a) => a.status === 'active').length;
    const status = e.closedAt ? '已关闭' : openWindow(e, now) ? '进行中' : examEnd(e) <= now.toISOString() ? '已结束' : '未开始';
    io.out(`${e.id}  《${e.name}》 ${status}  参考 ${took} 人${active ? `，正在考试 ${active} 人` : ''}`);
    for (const w of windows(e))
      io.out(`    ${w.index === 0 ? '考试' : `补考${w.index}`}：${formatExamTime(w.from, tz)} 至 ${formatExamTime(w.to, tz)}，每人 ${w.attempts} 次`);
    io.out(`    ${paperLine(e)}；限时 ${e.durationMinutes} 分钟`);
  }
  return 0;
}

export const examCommand: CommandSpec = {
  usage: 'exam create|list|close|retake|report|void|verify|certificates …',
  summary: '年度学法考试：创建（打印考试编号）、列出、关闭、补考、成绩报表、作废作答、复核得分、合格证书',
  needsStore: true,
  english: 'the annual law exam: create, list, close, retake, report, void, verify, certificates',
  flags: {
    out: { value: '<文件或目录>', path: true, help: 'report：成绩报表文件（.xlsx）；certificates：证书目录' },
    format: { value: 'xlsx', help: 'report 的文件格式，只支持 xlsx' },
    from: { value: '"YYYY-MM-DD HH:mm"', help: 'retake：补考开始时间' },
    to: { value: '"YYYY-MM-DD HH:mm"', help: 'retake：补考结束时间' },
    attempts: { value: '<次数>', help: 'retake：补考每人可考次数（默认 1）' },
    attempt: { value: '<N>', help: 'void：作废第 N 次作答（默认最近一次）' },
    reason: { value: '<原因>', help: 'void：作废原因（必填，记入审计）' },
    refund: { help: 'void：作废后退还一次考试机会' },
    by: { value: '<操作人>', help: 'void：操作人（默认 cli）' },
  },
  maxArgs: 3,
  pathWords: (words) => (words[0] === 'create' ? [1] : []),
  async run(args, { deps, io }) {
    const [verb, id, ...rest] = args.positional;
    const d = deps!;
    if (verb === 'create') return examCreate(id, d, io);
    if (verb === 'list') return list(d, io);
    if (!verb || !id || !USAGE.some((u) => u.startsWith(`exam ${verb} `))) {
      io.out(['用法：', ...USAGE.map((u) => `  npm run pufa -- ${u}`)].join('\n'));
      return 2;
    }
    if (verb === 'report') return examReport(id, args, d, io);
    if (verb === 'certificates') return examCertificates(id, args, d, io);
    if (verb === 'close') {
      const r = await d.exam.admin.close(id, 'cli');
      if (!r.ok) return printIssues(io, '未关闭', r.issues);
      io.out(`已关闭考试 ${id}《${r.exam.name}》${r.graded ? `；${r.graded} 份进行中的作答已按已保存的答案评分` : ''}`);
      return 0;
    }
    if (verb === 'retake') {
      const attempts = str(args, 'attempts');
      const r = await d.exam.admin.retake(
        id,
        { from: str(args, 'from'), to: str(args, 'to'), attempts: attempts === undefined ? undefined : Number(attempts) },
        'cli',
      );
      if (!r.ok) return printIssues(io, '未添加补考', r.issues);
      const w = windows(r.exam).at(-1)!;
      const tz = d.config.timeZone;
      io.out(
        `已添加《${r.exam.name}》第 ${w.index} 次补考：${formatExamTime(w.from, tz)} 至 ${formatExamTime(w.to, tz)}，未通过或未参考的人员每人 ${w.attempts} 次机会`,
      );
      return 0;
    }
    if (verb === 'void') {
      const who = rest.join(' ');
      const attempt = str(args, 'attempt');
      const r = await d.exam.admin.voidAttempt(id, who, {
        reason: str(args, 'reason') ?? '',
        by: str(args, 'by') ?? 'cli',
        ...(attempt !== undefined ? { attempt: Number(attempt) } : {}),
        refund: args.flags.refund === true,
      });
      if (!r.ok) return printIssues(io, '未作废', r.issues);
      io.out(
        `已作废 ${r.person.name} 的第 ${r.attempt.n} 次作答（原得分 ${r.attempt.score} 分），原因：${r.attempt.void!.reason}${r.attempt.void!.refund ? '；已退还这次考试机会' : ''}`,
      );
      return 0;
    }
    if (verb === 'verify') {
      const r = await d.exam.admin.verify(id);
      if (!r) {
        io.out(`没有考试 ${id}（exam list 查看）`);
        return 1;
      }
      io.out(`复核《${r.exam.name}》${r.checked} 份答卷：按每份试卷记录的题目、选项顺序、分值和答案重新评分`);
      for (const m of r.mismatches) io.out(`  不一致：${m.attemptId} 记录 ${m.recorded} 分，重新评分 ${m.derived} 分`);
      if (r.changedKeys.length > 0) io.out(`提示：${r.changedKeys.length} 道题的答案在题库中已修改（评分以出卷时记录的答案为准）：${r.changedKeys.join('、')}`);
      io.out(r.mismatches.length === 0 ? '全部一致。' : `${r.mismatches.length} 份不一致。`);
      return r.mismatches.length === 0 ? 0 : 1;
    }
    io.out(['用法：', ...USAGE.map((u) => `  npm run pufa -- ${u}`)].join('\n'));
    return 2;
  },
};

/**
 * `exam report <id> --format xlsx`: the exam's 成绩汇总表 (exceljs, the same print layout as the study report):
 * 汇总 (per department, sub-departments rolled up: 应考, 参考, 参考率, 通过, 通过率, 平均分), 明细 (per person:
 * 姓名, 部门, 得分, 是否通过, 用时, 次数), 未参考名单, and 作废记录 when an attempt was voided. Pure but for exceljs.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../xlsx/exceljs.js';
import { type Col, addTable, departmentOrder } from '../stats/report-xlsx.js';
import type { Department } from '../core/model.js';
import { durationText, formatExamTime } from './date-time.js';
import type { Exam } from './exam-model.js';
import { type ExamDepartmentRow, type PersonResult, notTaken } from './exam-results.js';
import { timeUsedMs, windows } from './rules.js';

export const EXAM_SUMMARY_SHEET = '汇总';
export const EXAM_DETAIL_SHEET = '明细';
export const EXAM_MISSING_SHEET = '未参考名单';
export const EXAM_VOID_SHEET = '作废记录';
export const EXAM_SUMMARY_HEADERS = ['部门', '应考', '参考', '参考率', '通过', '通过率', '平均分'] as const;
export const EXAM_DETAIL_HEADERS = ['姓名', '部门', '得分', '是否通过', '用时', '次数', '备注'] as const;

const num = (width: number, numFmt: string): Col => ({ width, numFmt });
const text = (width: number): Col => ({ width, align: 'left' });
const NO_DEPARTMENT = '未分配部门';

export interface ExamReportInput {
  readonly exam: Exam;
  readonly summary: readonly ExamDepartmentRow[];
  readonly people: readonly PersonResult[];
  readonly departments: readonly Department[];
  readonly timeZone: string;
  readonly generatedAt: Date;
}

/** Points as shown: whole numbers plain, halves with one decimal. */
const points = (x: number) => Math.round(x * 100) / 100;

export async function buildExamWorkbook(input: ExamReportInput): Promise<ExcelJS.Workbook> {
  const { exam, timeZone } = input;
  const order = departmentOrder(input.departments);
  const pathOf = (id: string | undefined) => (id !== undefined ? (order.get(id)?.path ?? NO_DEPARTMENT) : NO_DEPARTMENT);
  const when = windows(exam)
    .map((w) => `${w.index === 0 ? '考试' : `第 ${w.index} 次补考`} ${formatExamTime(w.from, timeZone)} 至 ${formatExamTime(w.to, timeZone)}`)
    .join('；');
  const head = `${when}；满分 ${exam.totalPoints} 分，${exam.passMark} 分及格，每人 ${exam.attempts} 次机会取最好成绩。统计时间 ${formatExamTime(input.generatedAt, timeZone)}。`;
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'pufa-bot';

  addTable(
    wb,
    EXAM_SUMMARY_SHEET,
    `《${exam.name}》成绩汇总表`,
    `${head}应考：考试对象中在册的人员（及已参加考试的人员）；参考：至少有一次有效作答；参考率 = 参考 ÷ 应考；通过率 = 通过 ÷ 应考；平均分为参考人员最好成绩的平均。上级部门含其下属部门。`,
    EXAM_SUMMARY_HEADERS,
    [text(34), num(8, '0'), num(8, '0'), num(10, '0.0%'), num(8, '0'), num(10, '0.0%'), num(10, '0.0')],
    input.summary.map((r) => [r.label, r.expected, r.took, r.expected ? r.tookRate : '—', r.passed, r.expected ? r.passRate : '—', r.took ? r.average : '—']),
  );

  const byName = new Intl.Collator('zh');
  const people = input.people
    .filter((r) => r.expected)
    .sort(
      (a, b) =>
        (order.get(a.departmentId ?? '')?.index ?? Infinity) - (order.get(b.departmentId ?? '')?.index ?? Infinity) ||
        (b.best?.score ?? -1) - (a.best?.score ?? -1) ||
        byName.compare(a.person.name, b.person.name),
    );
  addTable(
    wb,
    EXAM_DETAIL_SHEET,
    `《${exam.name}》个人成绩明细表`,
    `${head}得分、用时为最好一次的成绩；次数为有效作答次数（作废的不计）。`,
    EXAM_DETAIL_HEADERS,
    [text(12), text(30), num(8, '0.##'), { width: 10, align: 'center' }, { width: 12, align: 'center' }, num(8, '0'), text(30)],
    people.map((r) => [
      r.person.name,
      pathOf(r.departmentId),
      r.best ? points(r.best.score!) : '—',
      r.best ? (r.passed ? '通过' : '未通过') : '未参考',
      r.best ? durationText(timeUsedMs(r.best)) : '—',
      r.attempts,
      remark(r),
    ]),
  );

  addTable(
    wb,
    EXAM_MISSING_SHEET,
    `《${exam.name}》未参考名单`,
    `${head}应考而还没有有效作答的人员。`,
    ['姓名', '部门', '工号', '备注'],
    [text(12), text(34), text(14), text(24)],
    notTaken(input.people, input.departments).map((r) => [r.person.name, pathOf(r.departmentId), r.person.employeeNo ?? '', r.active ? '正在考试' : '']),
  );

  const voided = input.people.flatMap((r) => r.voided.map((a) => ({ r, a })));
  if (voided.length > 0) {
    addTable(
      wb,
      EXAM_VOID_SHEET,
      `《${exam.name}》作废记录`,
      '管理员作废的作答：不计入成绩；“退还次数”为是的，不占用考试机会。',
      ['作废时间', '姓名', '部门', '第几次', '原得分', '原因', '操作人', '退还次数'],
      [text(18), text(12), text(30), num(8, '0'), num(8, '0.##'), text(30), text(12), { width: 10, align: 'center' }],
      voided.map(({ r, a }) => [
        formatExamTime(a.void!.at, timeZone),
        r.person.name,
        pathOf(r.departmentId),
        a.n,
        points(a.score ?? 0),
        a.void!.reason,
        a.void!.by,
        a.void!.refund ? '是' : '否',
      ]),
    );
  }
  return wb;
}

function remark(r: PersonResult): string {
  const notes: string[] = [];
  if (r.best && r.best.window > 0) notes.push(r.passed ? '补考通过' : '补考');
  if (r.best?.status === 'timed-out') notes.push('到时自动交卷');
  if (r.active) notes.push('正在考试');
  if (r.voided.length > 0) notes.push(`作废 ${r.voided.length} 次`);
  if (!r.person.active) notes.push('已离职/停用');
  return notes.join('；');
}

export async function writeExamReport(file: string, input: ExamReportInput): Promise<void> {
  await (await buildExamWorkbook(input)).xlsx.writeFile(file);
}

export async function examReportBuffer(input: ExamReportInput): Promise<Buffer> {
  return Buffer.from(await (await buildExamWorkbook(input)).xlsx.writeBuffer());
}

/**
 * The Excel report (exceljs), in the 成绩汇总表 layout units file: a 汇总 sheet with one row per department
 * and a 明细 sheet with one row per person, formatted to print (A4 landscape, fit to width, header row
 * repeated and frozen, percentages as 0.0%). Built from the pure leaderboard rows; no store access here
 * except in collectReportInput.
 *
 * Definitions (also printed under the title):
 * - 应学人数: people expected (在册) on at least one study day of the period; 已学人数: of those, people who
 *   completed at least one study day. 应学人次/已学人次 count person × study day.
 * - 参学率: the mean over study days of (completed ÷ expected that day), as on the chat boards.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../xlsx/exceljs.js';
import { type StudyCalendar, studyDaysBetween } from '../core/calendar.js';
import { NO_PROGRESS, type Progress } from '../core/progress.js';
import { addDays } from '../core/quiz-day.js';
import type { Department, Person } from '../core/model.js';
import type { DepartmentRow, PersonRow } from './leaderboard.js';
import type { Period } from './period.js';
import type { StatsService } from './stats-service.js';

export interface ReportInput {
  readonly period: Period;
  readonly departmentRows: readonly DepartmentRow[];
  readonly personRows: readonly PersonRow[];
  /** All departments, for paths and tree order. */
  readonly departments: readonly Department[];
  /** Study days in the period, printed in the note. */
  readonly studyDays?: number;
}

export const SUMMARY_SHEET = '汇总';
export const DETAIL_SHEET = '明细';
export const SUMMARY_HEADERS = ['同级名次', '部门', '应学人数', '已学人数', '应学人次', '已学人次', '参学率', '正确率', '人均积分'] as const;
export const DETAIL_HEADERS = ['姓名', '部门', '学习天数', '应学天数', '答题数', '正确率', '积分', '备注'] as const;
const HEADER_ROW = 3;
const NO_DEPARTMENT = '未分配部门';
const byName = new Intl.Collator('zh');

/** A column of a report table: width, number format, alignment. */
export interface Col {
  readonly width: number;
  readonly numFmt?: string;
  readonly align?: 'left' | 'center' | 'right';
}
const SUMMARY_COLS: readonly Col[] = [
  { width: 6, align: 'center' },
  { width: 30, align: 'left' },
  { width: 10, numFmt: '0' },
  { width: 10, numFmt: '0' },
  { width: 10, numFmt: '0' },
  { width: 10, numFmt: '0' },
  { width: 10, numFmt: '0.0%' },
  { width: 10, numFmt: '0.0%' },
  { width: 10, numFmt: '0.0' },
];
const DETAIL_COLS: readonly Col[] = [
  { width: 12, align: 'left' },
  { width: 30, align: 'left' },
  { width: 10, numFmt: '0' },
  { width: 10, numFmt: '0' },
  { width: 10, numFmt: '0' },
  { width: 10, numFmt: '0.0%' },
  { width: 10, numFmt: '0' },
  { width: 22, align: 'left' },
];
const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * Department id → full path ('县司法局/执法大队') and position in a depth-first walk of the tree; siblings in
 * `siblingOrder` when given (the 汇总 sheet lists them by their 名次, so the column reads 1, 2, 3 under each unit).
 */
export function departmentOrder(
  departments: readonly Department[],
  siblingOrder?: (a: Department, b: Department) => number,
): Map<string, { path: string; index: number }> {
  const ids = new Set(departments.map((d) => d.id));
  const children = new Map<string | undefined, Department[]>();
  for (const d of departments) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  if (siblingOrder) for (const list of children.values()) list.sort(siblingOrder);
  const out = new Map<string, { path: string; index: number }>();
  const walk = (parent: string | undefined, prefix: string) => {
    for (const d of children.get(parent) ?? []) {
      if (out.has(d.id)) continue;
      const path = prefix ? `${prefix}/${d.name}` : d.name;
      out.set(d.id, { path, index: out.size });
      walk(d.id, path);
    }
  };
  walk(undefined, '');
  return out;
}

/**
 * 排名 among sibling departments (same parent) by 参学率, then 正确率, then 人均积分; ties share a place.
 * A department without siblings in the report has no rank.
 */
export function siblingRanks(rows: readonly DepartmentRow[]): Map<string, { readonly place: number; readonly of: number }> {
  const groups = new Map<string | undefined, DepartmentRow[]>();
  const ids = new Set(rows.map((r) => r.department.id));
  for (const r of rows) {
    const parent = r.department.parentId && ids.has(r.department.parentId) ? r.department.parentId : undefined;
    groups.set(parent, [...(groups.get(parent) ?? []), r]);
  }
  const ranks = new Map<string, { place: number; of: number }>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const cmp = (a: DepartmentRow, b: DepartmentRow) => b.rate - a.rate || b.accuracy - a.accuracy || b.pointsPerPerson - a.pointsPerPerson;
    const sorted = [...group].sort(cmp);
    for (const [i, r] of sorted.entries()) {
      const place = i > 0 && cmp(sorted[i - 1]!, r) === 0 ? ranks.get(sorted[i - 1]!.department.id)!.place : i + 1;
      ranks.set(r.department.id, { place, of: group.length });
    }
  }
  return ranks;
}

/** A ratio, or a dash when there is nothing to divide by. */
const ratio = (value: number, defined: boolean) => (defined ? value : '—');

/** A print-ready table sheet (title, note, frozen header, borders, A4 landscape); the exam report uses it too. */
export function addTable(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  note: string,
  headers: readonly string[],
  cols: readonly Col[],
  rows: readonly (readonly (string | number)[])[],
) {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  ws.columns = cols.map((c) => ({ width: c.width }));
  const last = headers.length;
  ws.mergeCells(1, 1, 1, last);
  ws.mergeCells(2, 1, 2, last);
  Object.assign(ws.getCell(1, 1), { value: title, font: { bold: true, size: 14 }, alignment: { horizontal: 'center', vertical: 'middle' } });
  Object.assign(ws.getCell(2, 1), { value: note, font: { size: 9, color: { argb: 'FF555555' } }, alignment: { wrapText: true, vertical: 'top' } });
  ws.getRow(1).height = 24;
  ws.getRow(2).height = 30;
  const header = ws.getRow(HEADER_ROW);
  header.values = [...headers];
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
    cell.border = BORDER;
  });
  for (const values of rows) {
    const row = ws.addRow([...values]);
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = BORDER;
      if (c.numFmt && typeof cell.value === 'number') cell.numFmt = c.numFmt;
      cell.alignment = { horizontal: typeof cell.value === 'string' && !c.align ? 'center' : (c.align ?? 'right'), vertical: 'middle' };
    });
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: last } };
  return ws;
}

/** The workbook: 汇总 (departments in tree order) and 明细 (people by department, then points). */
export async function buildReportWorkbook(input: ReportInput): Promise<ExcelJS.Workbook> {
  const { period } = input;
  const ranks = siblingRanks(input.departmentRows);
  const rankOf = (d: Department) => ranks.get(d.id)?.place ?? Number.POSITIVE_INFINITY;
  const order = departmentOrder(input.departments, (a, b) => rankOf(a) - rankOf(b) || byName.compare(a.name, b.name));
  const place = (id: string | undefined) => (id !== undefined ? order.get(id) : undefined);
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'pufa-bot';
  const range = `${period.from} 至 ${period.to}`;
  const span = period.label === range ? range : `${period.label}：${range}`;
  const days = input.studyDays !== undefined ? `，期间共 ${input.studyDays} 个学习日` : '';

  const depts = [...input.departmentRows].sort((a, b) => (place(a.department.id)?.index ?? Infinity) - (place(b.department.id)?.index ?? Infinity));
  addTable(
    wb,
    SUMMARY_SHEET,
    `普法学习情况汇总表（${span}）`,
    `参学率 = 各学习日“已学人数 ÷ 应学人数”的平均值（学习日按国家法定工作日计，含调休上班日${days}）。应学人数：期间内在册的人员；已学人数：其中至少完成一个学习日的人员；人次 = 人 × 学习日。上级部门的数字含其下属部门；同级名次：同一上级的部门之间按参学率（相同时按正确率、人均积分）的名次，写作“名次/同级部门数”，同级部门按名次排列；最上级单位是合计，不排名。`,
    SUMMARY_HEADERS,
    SUMMARY_COLS,
    depts.map((r) => [
      ranks.has(r.department.id) ? `${ranks.get(r.department.id)!.place}/${ranks.get(r.department.id)!.of}` : '',
      place(r.department.id)?.path ?? r.department.name,
      r.expectedPeople,
      r.studiedPeople,
      r.expected,
      r.studied,
      ratio(r.rate, r.expected > 0),
      ratio(r.accuracy, r.answered > 0),
      r.pointsPerPerson,
    ]),
  );

  const people = [...input.personRows].sort(
    (a, b) =>
      (place(a.person.departmentId)?.index ?? Infinity) - (place(b.person.departmentId)?.index ?? Infinity) ||
      b.points - a.points ||
      byName.compare(a.person.name, b.person.name),
  );
  addTable(
    wb,
    DETAIL_SHEET,
    `普法学习个人明细表（${span}）`,
    `学习天数：完成当日答题的学习日数；应学天数：在册期间的学习日数${days}。积分、答题数含在册期间的全部答题（含节假日自愿学习），离职/停用后的答题不计；每日答题积分有上限。`,
    DETAIL_HEADERS,
    DETAIL_COLS,
    people.map((r) => [
      r.person.name,
      place(r.person.departmentId)?.path ?? NO_DEPARTMENT,
      r.daysStudied,
      r.daysExpected,
      r.answered,
      ratio(r.accuracy, r.answered > 0),
      r.points,
      remark(r.person, period),
    ]),
  );
  return wb;
}

function remark(p: Person, period: Period): string {
  const notes: string[] = [];
  if (p.joinedOn > period.from && p.joinedOn <= period.to) notes.push(`${p.joinedOn} 起应学`);
  if (p.leftOn !== undefined && p.leftOn <= period.to) notes.push(`${p.leftOn} 离职/停用`);
  else if (!p.active) notes.push('已停用');
  for (const t of p.earlierTerms ?? []) if (t.leftOn > period.from && t.joinedOn <= period.to) notes.push(`${t.joinedOn} 至 ${addDays(t.leftOn, -1)} 曾在册`);
  return notes.join('；');
}

/** The workbook as .xlsx bytes (for `GET /api/reports/export.xlsx`). */
export async function reportBuffer(input: ReportInput): Promise<Buffer> {
  return Buffer.from(await (await buildReportWorkbook(input)).xlsx.writeBuffer());
}

/** Writes the workbook to `file` (for `report --format xlsx --out <file>`). */
export async function writeReport(file: string, input: ReportInput): Promise<void> {
  await (await buildReportWorkbook(input)).xlsx.writeFile(file);
}

/** Rows and workbook bytes for a period in one call: fits the admin API's `GET /api/reports/export.xlsx` hook. */
export async function exportReportXlsx(src: ReportSources, period: Period): Promise<Buffer> {
  return reportBuffer(await collectReportInput(src, period));
}

export interface ReportSources {
  /** The real world's statistics: demo people never appear in a report once real people exist. */
  readonly stats: Pick<StatsService, 'departmentBoard' | 'peopleBoard' | 'departments' | 'people'>;
  readonly calendar: StudyCalendar;
}

/** Sources narrowed to a viewer's departments and people (a leader's workbook). */
export function scopedSources(src: ReportSources, departments: readonly Department[], people: readonly Person[]): ReportSources {
  return {
    calendar: src.calendar,
    stats: {
      departmentBoard: (period, ds) => src.stats.departmentBoard(period, ds),
      peopleBoard: (period, ps) => src.stats.peopleBoard(period, ps),
      departments: async () => departments,
      people: async () => people,
    },
  };
}

/** The report's rows for a period: every department (sub-departments too); every person expected in it or with answers in it. */
export async function collectReportInput(src: ReportSources, period: Period, progress: Progress = NO_PROGRESS): Promise<ReportInput> {
  const [departments, people] = [await src.stats.departments(), await src.stats.people()];
  progress.step('统计部门和人员', 2);
  const departmentRows = await src.stats.departmentBoard(period, departments);
  progress.update(1);
  const personRows = (await src.stats.peopleBoard(period, people)).filter((r) => r.daysExpected > 0 || r.answered > 0);
  progress.update(2);
  return { period, departmentRows, personRows, departments, studyDays: studyDaysBetween(src.calendar, period.from, period.to).length };
}

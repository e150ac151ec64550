/**
 * The Excel report read back with exceljs: sheet names, headers, every number, formats and print setup.
 * History over the 2026 National Day holiday and its 调休 Saturday (2026-10-10), with the real calendar.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { chineseWorkCalendar } from '../../../src/core/calendar.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { periodFor } from '../../../src/stats/period.js';
import {
  DETAIL_HEADERS,
  DETAIL_SHEET,
  SUMMARY_HEADERS,
  SUMMARY_SHEET,
  buildReportWorkbook,
  collectReportInput,
  exportReportXlsx,
  reportBuffer,
  siblingRanks,
  writeReport,
} from '../../../src/stats/report-xlsx.js';
import type { DepartmentRow } from '../../../src/stats/leaderboard.js';
import type { Person } from '../../../src/core/model.js';
import type { Store } from '../../../src/core/ports/store.js';
import { makeTestDeps } from '../../helpers/test-deps.js';

const d = (s: string) => s as QuizDay;
const person = (id: string, name: string, departmentId: string, extra: Partial<Person> = {}): Person => ({
  id,
  name,
  departmentId,
  roles: ['member'],
  track: '全员',
  identities: { playground: id },
  active: true,
  joinedOn: d('2026-09-01'),
  ...extra,
});

/** One quiz day: `answers` correct/incorrect, 2 points per correct answer, completed with `bonus`. */
async function study(store: Store, personId: string, day: string, correct: number, bonus = 0) {
  const q = d(day);
  await store.saveQuiz({ personId, day: q, servedAt: `${day}T01:00:00.000Z`, items: [0, 1, 2, 3, 4].map((i) => ({ questionId: `q${i}`, order: [] })) });
  for (let index = 0; index < 5; index++) {
    const ok = index < correct;
    await store.recordAnswer({
      personId,
      day: q,
      index,
      questionId: `q${index}`,
      chosen: ok ? 'A' : 'B',
      correct: ok,
      points: ok ? 2 : 0,
      answeredAt: `${day}T01:0${index}:00.000Z`,
      elapsedMs: 20_000,
    });
  }
  await store.completeDay(personId, q, bonus);
}

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}
const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

let wb: ExcelJS.Workbook;
let buffer: Buffer;
let input: Awaited<ReturnType<typeof collectReportInput>>;
let exported: Buffer;

beforeAll(async () => {
  const { deps, store } = await makeTestDeps({ now: '2026-10-12T02:00:00Z', calendar: chineseWorkCalendar, demo: false });
  await store.saveDepartments([
    { id: 'sfj', name: '县司法局' },
    { id: 'fzk', name: '法制科', parentId: 'sfj' },
    { id: 'zfdd', name: '执法大队', parentId: 'sfj' },
    { id: 'ggfw', name: '公共法律服务科', parentId: 'sfj' },
  ]);
  await store.savePeople([
    person('zs', '张三', 'fzk'),
    person('ls', '李四', 'fzk', { joinedOn: d('2026-10-08') }),
    person('ww', '王五', 'zfdd', { active: false, leftOn: d('2026-10-08') }),
    person('zl', '赵六', 'zfdd'),
  ]);
  for (const day of ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']) await study(store, 'zs', day, 4);
  await study(store, 'ls', '2026-10-10', 5, 1); // 10 points (the daily cap) + 1 bonus
  await study(store, 'ww', '2026-09-28', 3);
  for (const day of ['2026-10-02', '2026-10-08', '2026-10-09', '2026-10-10']) await study(store, 'zl', day, 5); // 10-02 is a holiday
  const period = periodFor('2026-09-28~2026-10-11', d('2026-10-12'))!;
  input = await collectReportInput(deps, period);
  buffer = await reportBuffer(input);
  wb = await readBack(buffer);
  exported = await exportReportXlsx(deps, period);
});

describe('report workbook', () => {
  test('has a 汇总 and a 明细 sheet with titles naming the period and the agreed headers', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([SUMMARY_SHEET, DETAIL_SHEET]);
    expect([SUMMARY_SHEET, DETAIL_SHEET]).toEqual(['汇总', '明细']);
    const summary = wb.getWorksheet('汇总')!;
    expect(summary.getCell('A1').value).toBe('普法学习情况汇总表（2026-09-28 至 2026-10-11）');
    expect(String(summary.getCell('A2').value)).toContain('期间共 6 个学习日');
    expect(rowValues(summary, 3)).toEqual([...SUMMARY_HEADERS]);
    expect(SUMMARY_HEADERS).toEqual(['同级名次', '部门', '应学人数', '已学人数', '应学人次', '已学人次', '参学率', '正确率', '人均积分']);
    expect(rowValues(wb.getWorksheet('明细')!, 3)).toEqual(['姓名', '部门', '学习天数', '应学天数', '答题数', '正确率', '积分', '备注']);
    expect(DETAIL_HEADERS).toHaveLength(8);
  });

  test('汇总: one row per department in tree order, every number right on the holiday and 调休 days', () => {
    const ws = wb.getWorksheet('汇总')!;
    const rows = [4, 5, 6, 7].map((n) => rowValues(ws, n));
    expect(ws.rowCount).toBe(7);
    const close = (v: unknown, x: number) => expect(v as number).toBeCloseTo(x, 10);
    // 县司法局 rolls up: 2/3, 1/3, 1/3, 2/3, 2/3, 3/3 over the six study days.
    expect(rows[0]!.slice(0, 6)).toEqual(['', '县司法局', 4, 4, 18, 11]);
    close(rows[0]![6], 11 / 18);
    close(rows[0]![7], 52 / 60);
    close(rows[0]![8], 105 / 4); // 人均积分 = points over the 4 people expected in the period
    // 法制科: 1, 1, 1, then 1/2, 1/2 (李四 joins 10-08), 2/2 on the 调休 Saturday.
    expect(rows[1]!.slice(0, 6)).toEqual(['1/3', '县司法局/法制科', 2, 2, 9, 7]);
    close(rows[1]![6], 5 / 6);
    close(rows[1]![7], 29 / 35);
    close(rows[1]![8], 59 / 2);
    // 执法大队: 1/2, 0/2, 0/2 (王五 leaves 10-08), then 1/1 ×3; points over the 2 people expected.
    expect(rows[2]!.slice(0, 6)).toEqual(['2/3', '县司法局/执法大队', 2, 2, 9, 4]);
    close(rows[2]![6], 7 / 12);
    close(rows[2]![7], 23 / 25);
    close(rows[2]![8], 23);
    expect(rows[3]).toEqual(['3/3', '县司法局/公共法律服务科', 0, 0, 0, 0, '—', '—', 0]);
  });

  test('明细: one row per person, by department then points, with joiners and leavers noted', () => {
    const ws = wb.getWorksheet('明细')!;
    expect(ws.rowCount).toBe(7);
    expect([4, 5, 6, 7].map((n) => rowValues(ws, n))).toEqual(
      [
        ['张三', '县司法局/法制科', 6, 6, 30, 0.8, 48],
        ['李四', '县司法局/法制科', 1, 3, 5, 1, 11, '2026-10-08 起应学'],
        ['赵六', '县司法局/执法大队', 3, 6, 20, 1, 40], // the holiday's 10 points count, not its study day
        ['王五', '县司法局/执法大队', 1, 3, 5, 0.6, 6, '2026-10-08 离职/停用'],
      ].map((r) => (r.length === 7 ? [...r, ''] : r)),
    );
  });

  test('formats: percentages 0.0%, frozen header, widths, print setup for A4 landscape', () => {
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
      expect(ws.getColumn(2).width).toBe(30);
      expect(ws.getCell('A3').font?.bold).toBe(true);
    }
    const summary = wb.getWorksheet('汇总')!;
    expect(['G4', 'H4', 'G6', 'H6'].map((a) => summary.getCell(a).numFmt)).toEqual(['0.0%', '0.0%', '0.0%', '0.0%']);
    expect(summary.getCell('I4').numFmt).toBe('0.0');
    expect(wb.getWorksheet('明细')!.getCell('F4').numFmt).toBe('0.0%');
  });

  test('writeReport writes the same workbook to a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pufa-report-'));
    try {
      await writeReport(join(dir, 'r.xlsx'), input);
      const fromFile = new ExcelJS.Workbook();
      await fromFile.xlsx.readFile(join(dir, 'r.xlsx'));
      expect(rowValues(fromFile.getWorksheet('明细')!, 4)).toEqual(rowValues(wb.getWorksheet('明细')!, 4));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an empty directory still gives both sheets with headers only', async () => {
    const empty = await buildReportWorkbook({ period: input.period, departmentRows: [], personRows: [], departments: [] });
    const back = await readBack(Buffer.from(await empty.xlsx.writeBuffer()));
    expect(back.worksheets.map((ws) => [ws.name, ws.rowCount])).toEqual([
      ['汇总', 3],
      ['明细', 3],
    ]);
  });

  test('exportReportXlsx (the admin API hook) gives the same numbers', async () => {
    const back = await readBack(exported);
    for (const name of ['汇总', '明细']) {
      const [a, b] = [wb, back].map((w) => [4, 5, 6, 7].map((n) => rowValues(w.getWorksheet(name)!, n)));
      expect(b).toEqual(a);
    }
  });

  test('排名 is among sibling departments; ties share a place; a lone department has none', () => {
    const row = (id: string, parentId: string | undefined, rate: number, accuracy = 0.5): DepartmentRow => ({
      department: { id, name: id, ...(parentId ? { parentId } : {}) },
      members: 1,
      studied: 1,
      expected: 1,
      expectedPeople: 1,
      studiedPeople: 1,
      rate,
      answered: 2,
      correct: 1,
      accuracy,
      pointsPerPerson: 3,
      rank: 0,
    });
    const ranks = siblingRanks([
      row('root', undefined, 0.5),
      row('a', 'root', 0.9),
      row('b', 'root', 0.9),
      row('c', 'root', 0.8),
      row('c1', 'c', 1),
      row('d', 'root', 0.9, 0.4),
    ]);
    expect(Object.fromEntries([...ranks].map(([id, r]) => [id, `${r.place}/${r.of}`]))).toEqual({ a: '1/4', b: '1/4', d: '3/4', c: '4/4' });
  });

  test('汇总 lists siblings by their 名次 under each unit, so the column reads down the page; the unit itself (a total) has none', async () => {
    const row = (id: string, parentId: string | undefined, rate: number): DepartmentRow => ({
      department: { id, name: id, ...(parentId ? { parentId } : {}) },
      members: 1,
      studied: 1,
      expected: 1,
      expectedPeople: 1,
      studiedPeople: 1,
      rate,
      answered: 2,
      correct: 1,
      accuracy: 0.5,
      pointsPerPerson: 3,
      rank: 0,
    });
    const rows = [
      row('县司法局', undefined, 0.5),
      row('办公室', '县司法局', 0.2),
      row('执法大队', '县司法局', 0.9),
      row('一队', '执法大队', 0.3),
      row('二队', '执法大队', 0.8),
      row('法制科', '县司法局', 0.6),
    ];
    const book = await buildReportWorkbook({
      period: { label: '本月', from: '2026-11-01' as QuizDay, to: '2026-11-30' as QuizDay },
      departmentRows: rows,
      personRows: [],
      departments: rows.map((r) => r.department),
    });
    const sheet = book.getWorksheet('汇总')!;
    const listed = [4, 5, 6, 7, 8, 9].map((n) => rowValues(sheet, n).slice(0, 2));
    expect(listed).toEqual([
      ['', '县司法局'],
      ['1/3', '县司法局/执法大队'],
      ['1/2', '县司法局/执法大队/二队'],
      ['2/2', '县司法局/执法大队/一队'],
      ['2/3', '县司法局/法制科'],
      ['3/3', '县司法局/办公室'],
    ]);
    expect(String(sheet.getCell('A2').value)).toContain('最上级单位是合计，不排名');
  });
});

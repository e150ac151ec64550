/**
 * The leaders' dashboard (issue 16): one function per page, each scoped to the viewer on the server (focus.ts)
 * and answering plain JSON-ready data. Reads the same running aggregates as the chat's boards (the packed day
 * columns and the 精准普法 tallies), so the figures agree with 排行榜, 参学率 and the Excel report.
 */
import type { StudyCalendar } from '../../core/calendar.js';
import { daysBetween } from '../../core/quiz-day.js';
import type { LoadedQuestion } from '../../bank/check-bank.js';
import { personState, recipientStates } from '../../delivery/outbox-status.js';
import { citation } from '../../quiz/format.js';
import { type PointsRules, dayPoints } from '../../quiz/points.js';
import type { JobRunner } from '../../schedule/job-runner.js';
import { type PersonRow, subtreeIds } from '../../stats/leaderboard.js';
import type { Period } from '../../stats/period.js';
import { collectReportInput, reportBuffer, scopedSources } from '../../stats/report-xlsx.js';
import type { StatsService } from '../../stats/stats-service.js';
import { monthsOf, weakPoints } from '../../stats/weak-points.js';
import type { Department } from '../../core/model.js';
import type { DirectoryStore } from '../../core/ports/directory-store.js';
import type { OutboxStore } from '../../core/ports/outbox-store.js';
import type { QuizLog } from '../../core/ports/quiz-log.js';
import type { StudyStats } from '../../core/ports/study-stats.js';
import { type Viewer, canSeePerson } from '../auth/viewer.js';
import { scanDays } from './day-scan.js';
import { type Focus, focusOf, groupIndex } from './focus.js';
import { type TrendGranularity, totals, trend } from './trend.js';
import { boardFromScan, heatmapOf } from './board.js';

export interface DashboardDeps {
  readonly store: Pick<DirectoryStore, 'listDepartments' | 'listPeople' | 'getPerson'> &
    Pick<StudyStats, 'dayMatrix' | 'lawTally'> &
    Pick<QuizLog, 'wrongAnswers'> &
    Pick<OutboxStore, 'outboxRecords'>;
  readonly stats: StatsService;
  readonly calendar: StudyCalendar;
  readonly bank: { get(id: string): LoadedQuestion | undefined };
  readonly runner: JobRunner;
  readonly points: PointsRules;
}

/** A page's data, or why the viewer cannot have it (the HTTP layer maps status to the response). */
export type Answer<T> = { readonly ok: true; readonly body: T } | { readonly ok: false; readonly status: 400 | 403; readonly message: string };

const dept = (d: Department | null) => (d ? { id: d.id, name: d.name } : null);
const periodJson = (p: Period) => ({ label: p.label, from: p.from, to: p.to });

function personRow(r: PersonRow, names: ReadonlyMap<string, string>) {
  return {
    id: r.person.id,
    name: r.person.name,
    department: names.get(r.person.departmentId ?? '') ?? null,
    active: r.person.active,
    points: r.points,
    daysStudied: r.daysStudied,
    daysExpected: r.daysExpected,
    answered: r.answered,
    accuracy: r.accuracy,
    rank: r.rank,
  };
}

export function createDashboard(deps: DashboardDeps) {
  const { store, stats } = deps;

  async function withFocus<T>(
    viewer: Viewer,
    departmentId: string | undefined,
    f: (focus: Focus, all: readonly Department[]) => Promise<T>,
  ): Promise<Answer<T>> {
    const [all, people] = [await store.listDepartments(), await store.listPeople()];
    const r = focusOf(viewer, all, people, departmentId);
    if (!r.ok) return r;
    return { ok: true, body: await f(r.focus, all) };
  }

  /** The overview: KPIs, the 参学率/正确率 trend, the board of the focus's units and their department × day heat map, from one scan. */
  function overview(viewer: Viewer, q: { period: Period; departmentId?: string; by: TrendGranularity }) {
    return withFocus(viewer, q.departmentId, async (focus, all) => {
      const days = daysBetween(q.period.from, q.period.to);
      const groups = groupIndex(focus, all);
      const tables = await store.dayMatrix(days);
      const scan = scanDays(focus.people, days, (d) => deps.calendar.isStudyDay(d), tables, groups.rows.length, groups.of, deps.points);
      const today = stats.today();
      const isStudyDay = deps.calendar.isStudyDay(today);
      const sum = totals(scan, scan.total);
      return {
        period: periodJson(q.period),
        by: q.by,
        department: dept(focus.department),
        breadcrumb: focus.breadcrumb.map(dept),
        kpi: {
          rate: sum.rate,
          accuracy: sum.accuracy,
          expected: sum.expected,
          completed: sum.completed,
          answered: sum.answered,
          people: focus.people.filter((p) => p.active).length,
          today,
          unstudiedToday: isStudyDay ? (await stats.notStudied(focus.people, today)).length : 0,
          isStudyDay,
        },
        trend: trend(scan, scan.total, q.by, today),
        board: boardFromScan(scan, focus.children, all),
        heatmap: heatmapOf(scan, groups.rows, q.by),
      };
    });
  }

  /** A department's people (drill-down): its subtree, or its direct members only. */
  function people(viewer: Viewer, q: { period: Period; departmentId?: string; direct?: boolean }) {
    return withFocus(viewer, q.departmentId, async (focus, all) => {
      const list = q.direct && focus.department ? focus.people.filter((p) => p.departmentId === focus.department!.id) : focus.people;
      const names = new Map(all.map((d) => [d.id, d.name]));
      const rows = await stats.peopleBoard(q.period, list);
      return {
        period: periodJson(q.period),
        department: dept(focus.department),
        breadcrumb: focus.breadcrumb.map(dept),
        children: focus.children.map(dept),
        people: rows.map((r) => personRow(r, names)),
      };
    });
  }

  /** One person's history: each day of the period, their totals and recent wrong answers with the legal basis. */
  async function person(viewer: Viewer, personId: string, period: Period): Promise<Answer<unknown>> {
    const p = await store.getPerson(personId);
    if (!p) return { ok: false, status: 400, message: `no person ${personId}` };
    if (!canSeePerson(viewer, p.id)) return { ok: false, status: 403, message: 'this person is outside your scope' };
    const departments = await store.listDepartments();
    const days = daysBetween(period.from, period.to);
    const tables = await store.dayMatrix(days);
    const slot = tables.slotOf(p.id);
    const [row] = await stats.peopleBoard(period, [p]);
    const wrong = (await store.wrongAnswers(p.id, 10)).flatMap((w) => {
      const q = deps.bank.get(w.questionId);
      return q ? [{ day: w.day, questionId: w.questionId, stem: q.stem, basis: citation(q) }] : [];
    });
    return {
      ok: true,
      body: {
        period: periodJson(period),
        person: { id: p.id, name: p.name, department: dept(departments.find((d) => d.id === p.departmentId) ?? null), active: p.active },
        totals: row ? personRow(row, new Map(departments.map((d) => [d.id, d.name]))) : null,
        days: days.map((day, i) => {
          const s = tables.get(i, slot);
          return {
            day,
            studyDay: deps.calendar.isStudyDay(day),
            answered: s?.answered ?? 0,
            correct: s?.correct ?? 0,
            completed: s?.completed ?? false,
            points: s ? dayPoints(s, deps.points) : 0,
          };
        }),
        wrong,
      },
    };
  }

  /** 未学名单: people in focus expected today who have not finished today's quiz, and whether they were reminded today. */
  function unstudied(viewer: Viewer, q: { departmentId?: string }) {
    return withFocus(viewer, q.departmentId, async (focus, all) => {
      const today = stats.today();
      const studyDay = deps.calendar.isStudyDay(today);
      const missing = studyDay ? await stats.notStudied(focus.people, today) : [];
      const reminded = recipientStates(await store.outboxRecords(`remind:${today}`));
      const names = new Map(all.map((d) => [d.id, d.name]));
      return {
        day: today,
        isStudyDay: studyDay,
        department: dept(focus.department),
        people: missing.map((p) => ({
          id: p.id,
          name: p.name,
          department: names.get(p.departmentId ?? '') ?? null,
          reminded: personState(p, reminded) ?? null,
        })),
      };
    });
  }

  /**
   * Reminds people (the `remind` job for them, through the outbox): each person at most once a day, whoever
   * asks; only people in the viewer's scope (403 for anyone else, nothing sent).
   */
  async function remind(viewer: Viewer, personIds: readonly string[]): Promise<Answer<unknown>> {
    const wanted = new Set(personIds);
    const found = (await store.listPeople()).filter((p) => wanted.has(p.id));
    if (found.length !== wanted.size) return { ok: false, status: 400, message: 'unknown person id' };
    if (found.some((p) => !canSeePerson(viewer, p.id))) {
      return { ok: false, status: 403, message: 'a person is outside your scope' };
    }
    const outcome = await deps.runner.run('remind', stats.today(), { scope: found });
    if (outcome.status !== 'ran') return { ok: true, body: { status: outcome.status } };
    return { ok: true, body: { status: 'ran', sent: outcome.sent, skipped: outcome.skipped, delivery: outcome.run } };
  }

  /** 薄弱法条 (精准普法) of the focus, by law and by article, weakest first, over the whole months the period touches. */
  function laws(viewer: Viewer, q: { period: Period; departmentId?: string }) {
    return withFocus(viewer, q.departmentId, async (focus, all) => {
      const ids =
        focus.department || !viewer.scope.all ? new Set(focus.department ? subtree(focus, all) : viewer.scope.departments.map((d) => d.id)) : undefined;
      const months = monthsOf(q.period);
      return { period: periodJson(q.period), months, department: dept(focus.department), ...weakPoints(await store.lawTally(months), ids, 5) };
    });
  }

  /** The Excel report (汇总 + 明细) of the focus only. */
  function exportXlsx(viewer: Viewer, q: { period: Period; departmentId?: string }) {
    return withFocus(viewer, q.departmentId, async (focus, all) => {
      const ids = new Set(focus.department ? subtree(focus, all) : viewer.scope.all ? all.map((d) => d.id) : viewer.scope.departments.map((d) => d.id));
      const src = scopedSources(
        { stats, calendar: deps.calendar },
        all.filter((d) => ids.has(d.id)),
        focus.people,
      );
      return reportBuffer(await collectReportInput(src, q.period));
    });
  }

  return { overview, people, person, unstudied, remind, laws, exportXlsx };
}

function subtree(focus: Focus, all: readonly Department[]): string[] {
  return [...subtreeIds(focus.department!, all)];
}

export type Dashboard = ReturnType<typeof createDashboard>;

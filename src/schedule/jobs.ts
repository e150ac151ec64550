/**
 * The daily rhythm as data: each job names who it addresses on a day and what each person gets. The
 * runner (job-runner.ts) turns that into outbox items, skipping whoever already got it that day.
 */
import { type StudyCalendar, studyDaysBetween } from '../core/calendar.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Logger } from '../core/log.js';
import type { ChannelId, OutboundMessage } from '../core/message.js';
import { START_WORDS } from '../quiz/handlers.js';
import { departmentBoardText, ownPlaceText, pct } from '../stats/format.js';
import { scopeBoard } from '../stats/scope-board.js';
import { periodFor } from '../stats/period.js';
import type { StatsService } from '../stats/stats-service.js';
import type { Person } from '../core/model.js';
import type { DirectoryStore } from '../core/ports/directory-store.js';
import type { StudyService } from '../study/study-service.js';
import { isExpected } from '../stats/leaderboard.js';

/**
 * Who a job addresses on a day and what each gets. The runner skips whoever already got it that day
 * (from any trigger), so each person gets each job's message at most once a day.
 */
export interface JobAudience {
  /** People the job addresses (within the scope), before those already sent that day are skipped. */
  readonly people: readonly Person[];
  /** People of the scope left out because they already finished that day's quiz. */
  readonly finished: number;
  message(p: Person): OutboundMessage;
  /** The post for each channel's group robots; only whole-organisation runs post to groups. */
  group?(channel: ChannelId): OutboundMessage | undefined;
}

export interface Job {
  readonly name: JobName;
  readonly description: string;
  /** Days the job acts on beyond being a study day (e.g. the first study day of a month). */
  appliesOn?(day: QuizDay): boolean;
  /** Who the job addresses on `day` within `scope` (everyone when undefined). */
  audience(day: QuizDay, scope?: readonly Person[]): Promise<JobAudience>;
}

export const JOB_NAMES = ['daily-push', 'remind', 'leaderboard', 'study-night', 'monthly-report', 'exam-remind'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobDeps {
  readonly store: Pick<DirectoryStore, 'listDepartments' | 'listPeople'>;
  readonly stats: StatsService;
  readonly study: StudyService;
  readonly calendar: StudyCalendar;
  readonly logger: Logger;
  readonly quizSize: number;
  /** The exam reminder (exam/remind-job.ts): defined beside the exams, run like every other job. */
  readonly examRemind: Job;
}

const WEEKDAYS = '日一二三四五六';
/** '11月26日（周四）': makes each day's text unique (DingTalk drops identical work notices). */
export function dayLabel(day: QuizDay): string {
  const d = new Date(`${day}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日（周${WEEKDAYS[d.getUTCDay()]}）`;
}

export function createJobs(deps: JobDeps): Record<JobName, Job> {
  const { store, stats } = deps;
  const expected = async (day: QuizDay, scope?: readonly Person[]) =>
    (scope ?? (await store.listPeople())).filter((p) => p.active && p.departmentId && isExpected(p, day));

  const dailyPush: Job = {
    name: 'daily-push',
    description: '每日答题推送（学习日 09:00；今天已完成答题的人不推送）',
    async audience(day, scope) {
      const people = await expected(day, scope);
      const missing = await stats.notStudied(people, day);
      const message: OutboundMessage = {
        kind: 'action',
        title: `每日一学 · ${dayLabel(day)}`,
        text: `【每日一学】${dayLabel(day)}\n今日答题已就绪（${deps.quizSize} 题），答完即时讲解并给出法律依据。\n发送“学习”阅读今日法条。`,
        actions: [{ label: '开始答题', command: START_WORDS[0]! }],
      };
      return { people: missing, finished: people.length - missing.length, message: () => message };
    },
  };

  const remind: Job = {
    name: 'remind',
    description: '未学提醒（学习日 16:00，只提醒当天未完成答题的人，每人每天至多一次）',
    async audience(day, scope) {
      const people = await expected(day, scope);
      const missing = await stats.notStudied(people, day);
      const streaks = new Map<string, number>();
      for (const p of missing) streaks.set(p.id, await stats.streak(p, day));
      const period = periodFor('今日', day)!;
      const rows = await stats.departmentBoard(period);
      const groupText = [
        `【今日参学情况】${dayLabel(day)}`,
        ...rows.map((r) => `${r.department.name}：参学率 ${pct(r.rate)}（已学 ${r.studied}/应学 ${r.expected}）`),
        missing.length ? `以下同事今天还未完成答题，请抓紧：` : '全部同事已完成今日答题 👍',
      ].join('\n');
      return {
        people: missing,
        finished: people.length - missing.length,
        message: (p) => {
          const s = streaks.get(p.id) ?? 0;
          const stake = s > 0 ? `您已连续学习 ${s} 天，完成今天的答题就能保持连续记录！` : '今天完成答题，开始您的连续学习记录！';
          return {
            kind: 'action',
            title: `答题提醒 · ${dayLabel(day)}`,
            text: `【答题提醒】${dayLabel(day)}\n您今天的普法答题还未完成。${stake}`,
            actions: [{ label: '开始答题', command: START_WORDS[0]! }],
          };
        },
        group: (channel) => ({
          kind: 'text',
          text: groupText,
          mentionUserIds: missing.flatMap((p) => (p.identities[channel] ? [p.identities[channel]!] : [])),
        }),
      };
    },
  };

  const leaderboard: Job = {
    name: 'leaderboard',
    description: '上周排行榜（周一 09:30：部门榜发到群，个人名次私发）',
    async audience(day, scope) {
      const period = periodFor('上周', day)!;
      const rows = await stats.departmentBoard(period);
      const board = departmentBoardText(period, rows);
      const people = await expected(day, scope);
      const departments = new Map((await store.listDepartments()).map((d) => [d.id, d]));
      const byDept = new Map<string, Person[]>();
      for (const p of await expected(day)) byDept.set(p.departmentId!, [...(byDept.get(p.departmentId!) ?? []), p]);
      const places = new Map<string, string>();
      for (const [deptId, members] of byDept) {
        const personRows = await stats.peopleBoard(period, members);
        for (const r of personRows) places.set(r.person.id, ownPlaceText(r, personRows.length, departments.get(deptId)?.name ?? ''));
      }
      return {
        people,
        finished: 0,
        message: (p) => ({
          kind: 'text',
          text: `【上周学习情况】${period.from} 至 ${period.to}\n${places.get(p.id) ?? ''}\n${board.split('\n').slice(0, 5).join('\n')}`,
        }),
        group: () => ({ kind: 'markdown', title: '上周部门参学排行榜', markdown: board }),
      };
    },
  };

  const studyNight: Job = {
    name: 'study-night',
    description: '周一夜学（周一 19:30：本周学习专题和自测题）',
    async audience(day, scope) {
      const people = await expected(day, scope);
      const night = await deps.study.nightStudy(day);
      const questions = night.questions.map(
        (q, i) => `${i + 1}. ${q.stem}${q.options ? `\n${q.options.map((o, k) => `   ${'ABCDEFGH'[k]}. ${o}`).join('\n')}` : '（对/错）'}`,
      );
      const text = [`【周一夜学】${dayLabel(day)} · ${night.title}`, night.text, '—— 自测题 ——', ...questions, '发送“夜学答案”查看答案和解析。'].join('\n\n');
      return { people, finished: 0, message: () => ({ kind: 'text', text }) };
    },
  };

  const monthlyReport: Job = {
    name: 'monthly-report',
    description: '月度报告（每月第一个学习日：领导收到本单位上月参学情况和未学名单）',
    appliesOn: (day) => studyDaysBetween(deps.calendar, `${day.slice(0, 8)}01` as QuizDay, day)[0] === day,
    async audience(day, scope) {
      const period = periodFor('上月', day)!;
      const leaders = (scope ?? (await store.listPeople())).filter((p) => p.active && (p.roles.includes('leader') || p.roles.includes('admin')));
      const texts = new Map<string, string>();
      for (const leader of leaders) {
        const s = await stats.scopeOf(leader);
        const board = await scopeBoard(stats, period, s.departments, `上月（${period.from.slice(0, 7)}）`);
        const people = await stats.peopleBoard(
          period,
          s.people.filter((p) => p.active),
        );
        const lagging = people.filter((r) => r.daysExpected > 0 && r.daysStudied < r.daysExpected);
        texts.set(
          leader.id,
          [
            board,
            lagging.length
              ? `\n未全勤学习（${lagging.length} 人）：\n${lagging.map((r) => `${r.person.name} ${r.daysStudied}/${r.daysExpected} 天`).join('、')}`
              : '\n上月全部人员全勤学习 👍',
          ].join('\n'),
        );
      }
      return { people: leaders, finished: 0, message: (p) => ({ kind: 'text', text: texts.get(p.id)! }) };
    },
  };

  return { 'daily-push': dailyPush, remind, leaderboard, 'study-night': studyNight, 'monthly-report': monthlyReport, 'exam-remind': deps.examRemind };
}

/**
 * Chat: `我的` (personal stats), `排行榜 [本周|本月|…]` (departments, plus the person's own place privately),
 * `参学率` / `统计` / `未学名单` for leaders and admins (their units, and who has not studied today).
 */
import { type BotContext, type Handler, command, compose } from '../core/bot.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Store } from '../store/store.js';
import { type PointsRules, dayPoints } from '../quiz/points.js';
import { ownPlaceText, pct } from './format.js';
import { type Period, parsePeriod, periodFor } from './period.js';
import { MESSAGE_BYTES, atMostTwo, shortDepartmentBoard, shortPersonBoard, shortUnstudied } from './short-board.js';
import { monthsOf, personWeakLaws, personWeakLawsText, weakPoints, weakPointsText } from './weak-points.js';
import type { StatsService } from './stats-service.js';
import type { PracticeStore } from '../quiz/practice-store.js';
import type { QueueSummary } from '../quiz/review-queue.js';
import type { Person } from '../store/model.js';

/** Usage lines of the period words, per command. */
const BOARD_USAGE = '可查看：排行榜 今日 / 本周 / 上周 / 本月 / 上月 / 本季度 / 本年，或 排行榜 2026-11-01~2026-11-26（最长 366 天）';
const RATE_USAGE =
  '可查看：参学率 今日 / 本周 / 本月 / 本季度 / 本年，或 参学率 2026-11-01~2026-11-26（最长 366 天）；加“个人”列出管辖范围内每个人，如：参学率 个人 本月';
const WEAK_USAGE = '可查看：薄弱法条 本月 / 上月 / 本季度 / 本年（按月统计），或 薄弱法条 2026-09-01~2026-11-30';

/** The period a member asked for, or undefined after replying why it cannot be used (a broken date rule, or the usage). */
function askedPeriod(ctx: BotContext, text: string, today: QuizDay, usage: string): Period | undefined {
  const p = parsePeriod(text, today);
  if (p.ok) return p.period;
  ctx.reply(p.problem ? `${p.problem.message}\n${usage}` : usage);
  return undefined;
}

/** What `我的` adds about spaced review and weak laws (absent: those lines are left out). */
export interface PracticeView {
  readonly practice: Pick<PracticeStore, 'lawCounts'>;
  readonly review: { summary(person: Person, day: QuizDay): Promise<QueueSummary> };
}

/** The dashboard's period parameter for a chat period: its word (本月) or its range. */
export function periodParam(p: Period): string {
  return encodeURIComponent(/^\d{4}-/.test(p.label) ? `${p.from}~${p.to}` : p.label);
}

/**
 * `pageUrl(path)`: the web page's full URL (PUBLIC_URL + path), for the links under long boards. Boards and
 * lists stay within 2 messages of at most 2,048 bytes each, whatever the size of the unit (short-board.ts).
 */
export function statsHandlers(stats: StatsService, store: Store, points: PointsRules, practice?: PracticeView, pageUrl?: (path: string) => string): Handler {
  const link = (path: string) => pageUrl?.(path);
  const mine = command(['我的', '我的成绩', '成绩', '积分'], async (ctx) => {
    if (ctx.msg.conversation.kind === 'group') return ctx.reply('个人学习情况请私聊机器人发送“我的”查看。');
    const person = ctx.person!;
    const day = stats.today();
    const todayStats = await store.dayStats(person.id, day);
    const month = periodFor('本月', day)!;
    const [row] = await stats.peopleBoard(month, [person]);
    const standing = await stats.standing(person, day);
    const lines = [
      `【${person.name} 的学习情况】`,
      todayStats.completed
        ? `今日：已完成，答对 ${todayStats.correct}/${todayStats.answered} 题，积分 +${dayPoints(todayStats, points)}`
        : `今日：${todayStats.answered > 0 ? `已答 ${todayStats.answered} 题，未完成` : '未学习'}（发送“答题”开始）`,
      `连续学习：${await stats.streak(person, day)} 天`,
      `本月：学习 ${row?.daysStudied ?? 0}/${row?.daysExpected ?? 0} 天，积分 ${standing.monthPoints}，正确率 ${pct(row?.accuracy ?? 0)}`,
    ];
    if (standing.rank) lines.push(`部门排名：${standing.rank.department} 第 ${standing.rank.place} 名（共 ${standing.rank.of} 人）`);
    if (practice) {
      const q = await practice.review.summary(person, day);
      lines.push(
        q.queued === 0
          ? '复习：复习队列为空（答错的题会自动加入）'
          : `复习：队列 ${q.queued} 题，今日到期 ${q.dueToday} 题${q.dueToday > 0 ? '（发送“复习”）' : q.nextDue ? `，下次 ${q.nextDue}` : ''}`,
        ...personWeakLawsText(personWeakLaws(await practice.practice.lawCounts(person.id))),
      );
    }
    ctx.reply(lines.join('\n'));
  });

  const board = command(['排行榜', '排行', '榜单'], async (ctx) => {
    const period = askedPeriod(ctx, ctx.args, stats.today(), BOARD_USAGE);
    if (!period) return;
    const rows = await stats.departmentBoard(period);
    const parts = [shortDepartmentBoard(period, rows, link(`/dash?period=${periodParam(period)}`))];
    const person = ctx.person!;
    if (ctx.msg.conversation.kind === 'direct' && person.departmentId) {
      const dept = (await store.listDepartments()).find((d) => d.id === person.departmentId);
      const colleagues = (await store.listPeople()).filter((p) => p.departmentId === person.departmentId && (p.active || p.id === person.id));
      const people = await stats.peopleBoard(period, colleagues);
      parts.push(
        ownPlaceText(
          people.find((r) => r.person.id === person.id),
          people.length,
          dept?.name ?? '本部门',
        ),
      );
    } else if (ctx.msg.conversation.kind === 'group') {
      parts.push('个人排名请私聊机器人发送“排行榜”查看。');
    }
    // One message when it fits, else two: the board, then the person's own place (or the group hint).
    for (const m of atMostTwo(parts.filter(Boolean))) ctx.reply(m);
  });

  const participation = command(['参学率', '统计', '未学名单', '未学'], async (ctx) => {
    const person = ctx.person!;
    if (!person.roles.includes('leader') && !person.roles.includes('admin')) {
      ctx.reply('参学率和未学名单仅供部门领导和管理员查看。发送“我的”查看个人学习情况。');
      return;
    }
    if (ctx.msg.conversation.kind === 'group') return ctx.reply('未学名单涉及个人信息，请私聊机器人查看。群内可发送“排行榜”查看各部门参学率。');
    const scope = await stats.scopeOf(person);
    const day = stats.today();
    // `参学率 个人 本月`: 个人 adds everyone in the person's scope (a leader's whole subtree, an admin's everyone).
    const wantsPeople = /个人/.test(ctx.args);
    const periodWords = ctx.args.replace(/个人/g, '').trim();
    const period = askedPeriod(ctx, ctx.command === '未学名单' || ctx.command === '未学' ? '今日' : periodWords || '今日', day, RATE_USAGE);
    if (!period) return;
    const rows = await stats.departmentBoard(period, scope.departments);
    const missing = await stats.notStudied(scope.people, day);
    const deptName = new Map(scope.departments.map((d) => [d.id, d.name]));
    // One message when it fits, else two: the board of the scope, then 未学名单 (and with 个人, the people's board).
    const boardText = shortDepartmentBoard({ ...period, label: `${period.label}（您的管辖范围）` }, rows, link(`/dash?period=${periodParam(period)}`));
    const named = missing.map((p) => ({ name: p.name, department: deptName.get(p.departmentId ?? '') ?? '未绑定' }));
    if (!wantsPeople) {
      for (const m of atMostTwo([boardText, shortUnstudied(day, named, link('/dash/unstudied'))])) ctx.reply(m);
      return;
    }
    const first = shortUnstudied(day, named, link('/dash/unstudied'), 800);
    const listed = scope.people.filter((p) => p.active || p.leftOn !== undefined);
    const board = shortPersonBoard(
      `个人情况（${period.label}，管辖范围内共 ${listed.length} 人）`,
      await stats.peopleBoard(period, listed),
      link(`/dash?period=${periodParam(period)}`),
      MESSAGE_BYTES - Buffer.byteLength(first, 'utf8') - 2,
    );
    for (const m of atMostTwo([boardText, `${first}\n\n${board}`])) ctx.reply(m);
  });

  const weak = command(['薄弱法条', '精准普法', '易错法条'], async (ctx) => {
    const person = ctx.person!;
    if (!person.roles.includes('leader') && !person.roles.includes('admin')) {
      ctx.reply('薄弱法条分析仅供部门领导和管理员查看。发送“错题”复习自己做错的题。');
      return;
    }
    const period = askedPeriod(ctx, ctx.args || '本月', stats.today(), WEAK_USAGE);
    if (!period) return;
    const scope = await stats.scopeOf(person);
    const ids = person.roles.includes('admin') ? undefined : new Set(scope.departments.map((d) => d.id));
    const label = ids
      ? `（${scope.departments
          .map((d) => d.name)
          .slice(0, 3)
          .join('、')}${scope.departments.length > 3 ? ' 等' : ''}）`
      : '（全单位）';
    ctx.reply(weakPointsText(period, label, weakPoints(await store.lawTally(monthsOf(period)), ids)));
  });

  return compose([mine, board, participation, weak]);
}

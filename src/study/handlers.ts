/**
 * Chat: `学习`/`每日一学` (today's study item), and for admins `发布` (push a topic now), `学习计划`
 * (queue topics for the coming study days); for admins and leaders `推送`/`提醒` (run the job now for
 * their scope: each person still gets it at most once a day, whoever asks); `夜学答案` (answers to this
 * week's 周一夜学 questions).
 */
import { type Handler, command, compose } from '../core/bot.js';
import { type QuizDay, addDays } from '../core/quiz-day.js';
import { citation } from '../quiz/format.js';
import { countsText, skippedParts } from '../delivery/format.js';
import type { RunOutcome } from '../delivery/run-outcome.js';
import type { StatsService } from '../stats/stats-service.js';
import type { Person } from '../core/model.js';
import type { StudyService, Targets } from './study-service.js';
import { missingCitations } from './study-items.js';
import { type AuditLog, personActor } from '../core/audit.js';

const isAdmin = (p: Person) => p.roles.includes('admin');

/** Splits `发布 @法制科 @执法人员 标题\n正文…` into targets, title and body lines (raw text keeps its lines). */
export function parsePublish(raw: string): { targets: string[]; title: string; lines: string[] } {
  const [first = '', ...rest] = raw.replace(/\r/g, '').split('\n');
  const words = first.normalize('NFKC').trim().split(/\s+/).slice(1);
  const targets = words
    .filter((w) => w.startsWith('@'))
    .map((w) => w.slice(1))
    .filter(Boolean);
  const title = words.filter((w) => !w.startsWith('@')).join(' ');
  return { targets, title, lines: rest.map((l) => l.trim()).filter(Boolean) };
}

/** The reply to `推送`/`提醒`: how many were reached (counted from the outbox) and who was skipped, and why. */
export function runReply(job: 'daily-push' | 'remind', o: Extract<RunOutcome, { status: 'ran' }>): string {
  const skipped = skippedParts(job, o.skipped);
  if (o.sent === 0) {
    const none = job === 'remind' ? '没有需要提醒的同事' : '没有需要推送的同事';
    return skipped.length ? `${none}：${skipped.join('，')}。` : `${none}。`;
  }
  const all = o.run.delivered === o.sent;
  const head = all
    ? `${job === 'remind' ? `已提醒 ${o.sent} 位今天还未完成答题的同事` : `已向 ${o.sent} 人推送今日答题`}，全部送达。`
    : `${job === 'remind' ? '答题提醒' : '今日答题推送'} ${o.sent} 人：${countsText(o.run)}。`;
  return `${head}${skipped.length ? `跳过 ${skipped.join('，')}。` : ''}`;
}

/** Runs the push or the reminder now for a scope (schedule/job-runner.ts implements it). */
export interface JobTrigger {
  run(job: 'daily-push' | 'remind', day: QuizDay, opts: { readonly scope: readonly Person[] }): Promise<RunOutcome>;
}

/** Audits the admin commands (发布, 学习计划, 推送, 提醒) into the console's audit log. */
export function studyHandlers(study: StudyService, runner: JobTrigger, stats: StatsService, audit?: AuditLog): Handler {
  const log = (p: Person, action: string, summary: string, details?: Record<string, unknown>) =>
    audit?.record(personActor(p), 'chat', action, summary, details) ?? Promise.resolve();
  const targetsOf = async (names: string[], reply: (t: string) => void): Promise<Targets | undefined> => {
    const targets = await study.resolveTargets(names);
    if (targets.unknown.length > 0) {
      reply(`没有找到：${targets.unknown.map((n) => `@${n}`).join(' ')}。可以 @部门名称 或 @全员 @领导干部 @执法人员。`);
      return undefined;
    }
    return targets;
  };

  const item = command(['学习', '每日一学', '今日学习'], async (ctx) => {
    ctx.reply(await study.itemFor(ctx.person!));
  });

  const publish = command(['发布'], async (ctx) => {
    if (!isAdmin(ctx.person!)) return ctx.reply('仅管理员可以发布学习内容。');
    const { targets, title, lines } = parsePublish(ctx.msg.text);
    if (!title) return ctx.reply('格式：发布 [@部门 @执法人员] 标题\n正文（可引用《行政处罚法》第三十六条，推送时自动附上条文原文）');
    const missing = missingCitations(`${title}\n${lines.join('\n')}`, study.laws);
    if (missing.length > 0) {
      return ctx.reply(`未发布：没有找到 ${missing.join('、')} 的条文。请核对法律名称和条号后重新发布。`);
    }
    const t = await targetsOf(targets, (m) => ctx.reply(m));
    if (!t) return;
    const { topic, reached } = await study.publish(ctx.person!, title, lines.join('\n'), t);
    await log(ctx.person!, 'publish.confirm', `发布“${title}”，推送给 ${reached} 人`, { topicId: topic.id, targets, reached });
    ctx.reply(`已发布“${title}”，推送给 ${reached} 人${targets.length ? `（${targets.map((n) => `@${n}`).join(' ')}）` : '（全体人员）'}。`);
  });

  const plan = command(['学习计划'], async (ctx) => {
    if (!isAdmin(ctx.person!)) return ctx.reply('仅管理员可以安排学习计划。');
    const { targets, lines } = parsePublish(ctx.msg.text);
    if (lines.length === 0) {
      const upcoming = await study.upcoming();
      return ctx.reply(
        upcoming.length === 0
          ? '暂无已安排的学习专题。\n格式：学习计划 [@部门]\n每行一个专题：标题：正文（可引用《法律》第X条），依次安排到接下来的学习日。'
          : ['【学习计划】', ...upcoming.map((t) => `${t.day}  ${t.title}`)].join('\n'),
      );
    }
    const t = await targetsOf(targets, (m) => ctx.reply(m));
    if (!t) return;
    const queued = await study.queuePlan(ctx.person!, lines, t);
    await log(ctx.person!, 'study.plan', `安排学习计划 ${queued.length} 个专题`, { topics: queued.map((x) => ({ day: x.day, title: x.title })), targets });
    ctx.reply(['已安排学习计划：', ...queued.map((x) => `${x.day}  ${x.title}`)].join('\n'));
  });

  const runNow = command(['推送', '提醒'], async (ctx) => {
    const person = ctx.person!;
    if (!isAdmin(person) && !person.roles.includes('leader')) return ctx.reply('仅管理员和部门领导可以发起推送或提醒。');
    const scope = (await stats.scopeOf(person)).people;
    const job = ctx.command === '提醒' ? 'remind' : 'daily-push';
    const outcome = await runner.run(job, study.today(), { scope });
    if (outcome.status !== 'ran') return ctx.reply('今天不是学习日，不推送。');
    await log(person, `job.run.${job}`, `${ctx.command}：${outcome.sent} 人`, { job, sent: outcome.sent });
    ctx.reply(runReply(job, outcome));
  });

  const nightAnswers = command(['夜学答案'], async (ctx) => {
    let monday = study.today();
    while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, -1);
    const night = await study.nightStudy(monday);
    ctx.reply(
      [`【周一夜学答案】${monday}`, ...night.questions.map((q, i) => `${i + 1}. 答案：${q.answer}\n   解析：${q.explanation}\n   依据：${citation(q)}`)].join(
        '\n',
      ),
    );
  });

  return compose([item, publish, plan, runNow, nightAnswers]);
}

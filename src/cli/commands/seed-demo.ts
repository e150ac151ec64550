/** `seed-demo`: synthetic departments, people and quiz history, all marked demo (directory/seed-history.ts). */
import { MAX_RANGE_DAYS } from '../../core/date-rules.js';
import { NO_PROGRESS } from '../../core/progress.js';
import { seedHistory } from '../../directory/seed-history.js';
import type { CommandSpec, ParsedArgs } from '../commands.js';

/** Most synthetic people `seed-demo` creates (a large bureau several times over). */
const SEED_MAX_USERS = 100_000;

/** A whole-number flag within min..max (loops over people and days stay bounded); the Chinese reason when not. */
function intFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number | string {
  const v = args.flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) return `--${name} 须为 ${min} 到 ${max} 之间的整数（收到 ${String(v).slice(0, 20)}）`;
  return n;
}

export const seedDemoCommand: CommandSpec = {
  usage: 'seed-demo [--users N] [--days D] [--departments K]',
  summary: '生成演示用的部门、人员和 D 天的答题记录（全部标记为演示数据，demo clear 可删除）',
  english: 'synthetic departments, users and quiz history for demos',
  flags: {
    users: { value: '<人数>', help: `人数（默认 100，最多 ${SEED_MAX_USERS}）` },
    days: { value: '<天数>', help: `过去多少天的答题记录（默认 30，最多 ${MAX_RANGE_DAYS}）` },
    departments: { value: '<部门数>', help: '部门数（默认每 100 人一个）' },
  },
  maxArgs: 0,
  needsStore: true,
  async run(args, { deps, io }) {
    const users = intFlag(args, 'users', 100, 1, SEED_MAX_USERS);
    const days = intFlag(args, 'days', 30, 0, MAX_RANGE_DAYS);
    const departments = intFlag(args, 'departments', Math.max(1, Math.ceil((typeof users === 'number' ? users : 1) / 100)), 1, SEED_MAX_USERS);
    if (typeof users === 'string' || typeof days === 'string' || typeof departments === 'string') {
      io.out([users, days, departments].filter((x) => typeof x === 'string').join('\n'));
      return 2;
    }
    const r = await seedHistory(deps!, { users, days, departments }, io.progress ?? NO_PROGRESS);
    io.out(`已生成演示数据：${r.departments} 个部门 ${r.people} 人，${r.studyDays} 个学习日中完成答题 ${r.quizDays} 人次`);
    return 0;
  },
};

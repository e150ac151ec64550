/**
 * The whole configuration, one zod schema over the environment (and .env). Every variable is documented
 * in .env.example. A wrong value stops the start with the variable's name and how to fix it.
 */
import cron from 'node-cron';
import { z } from 'zod';
import { PLATFORM_ENV_SHAPE, refinePlatformEnv } from '../channels/registry.js';
import { DEFAULT_LEADER_TITLES } from '../directory/sync/leaders.js';
import { WEB_ENV_SHAPE } from '../web/config.js';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const list = z.string().transform((s) =>
  s
    .split(/[,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean),
);
/** A cron expression, or `off` to switch the job off. */
const cronOrOff = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((s) => s === 'off' || cron.validate(s), 'must be a cron expression such as "0 9 * * *" or off')
    .transform((s) => (s === 'off' ? undefined : s));
const num = (min: number, max: number) => z.coerce.number({ error: 'must be a number' }).min(min).max(max);
const int = (min: number, max: number) => z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(min).max(max);

export const EnvSchema = z
  .object({
    PORT: int(0, 65535).default(3000),
    /** Default: 127.0.0.1 when only the playground runs, 0.0.0.0 when a platform is configured (config/load.ts). */
    HOST: z.string().min(1).optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    QUESTIONS_DIR: z.string().min(1).default('./questions'),
    LAWS_DIR: z.string().min(1).default('./laws'),
    CALENDAR_FILE: z.string().min(1).optional(),
    BOT_TIMEZONE: z
      .string()
      .default('Asia/Shanghai')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as Asia/Shanghai'),
    // A person's day is packed into one Int32 with 4 bits for answered/correct (store/history-state.ts): at most 15.
    QUIZ_SIZE: int(1, 15).default(5),
    MESSAGE_TIMEOUT_MS: int(1000, 600_000).default(30_000),
    ANSWER_MIN_MS: int(0, 10_000).default(1000),
    /** Spaced review (FSRS) and 精准普法 picking: see quiz/pick.ts and quiz/review-schedule.ts. */
    REVIEW_PER_QUIZ: int(0, 14).default(2),
    REVIEW_SESSION_SIZE: int(1, 50).default(10),
    REVIEW_RETENTION: num(0.7, 0.97).default(0.9),
    PRACTICE_COVER_QUIZZES: int(0, 60).default(15),
    PRACTICE_LEAN: num(0, 3).default(1),
    PRACTICE_TRACK_WEIGHT: num(1, 5).default(2),
    ADMIN_USERS: list.default([]),
    ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    PLAYGROUND: bool.optional(),
    PLAYGROUND_PUBLIC: bool.default(false),
    PLAYGROUND_RATE_LIMIT: int(1, 100_000).default(120),
    PLAYGROUND_MAX_PEOPLE: int(1, 100_000).default(200),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    POINTS_SINGLE: int(0, 100).default(1),
    POINTS_MULTIPLE: int(0, 100).default(2),
    POINTS_JUDGE: int(0, 100).default(1),
    POINTS_HARD_BONUS: int(0, 100).default(1),
    POINTS_DAILY_CAP: int(1, 200).default(10),
    JOB_DAILY_PUSH_CRON: cronOrOff('0 9 * * *'),
    JOB_REMIND_CRON: cronOrOff('0 16 * * *'),
    JOB_LEADERBOARD_CRON: cronOrOff('30 9 * * 1'),
    JOB_STUDY_NIGHT_CRON: cronOrOff('30 19 * * 1'),
    JOB_MONTHLY_REPORT_CRON: cronOrOff('0 10 * * *'),
    JOB_CATCHUP_MINUTES: int(0, 24 * 60).default(180),
    /** Nightly 通讯录同步 (every day, not only study days); runs only when a platform is configured. */
    CONTACT_SYNC_CRON: cronOrOff('30 2 * * *'),
    /** 职务 in the roster that make a person a leader of their department (a regular expression). */
    LEADER_TITLE_PATTERN: z
      .string()
      .default(DEFAULT_LEADER_TITLES)
      .refine((s) => {
        try {
          new RegExp(s);
          return true;
        } catch {
          return false;
        }
      }, 'must be a regular expression such as (局长|科长|主任)$'),
    POINTS_STREAK_BONUS: z
      .string()
      .default('3:1,7:2')
      .transform((s, ctx) => {
        const tiers = s
          .split(',')
          .filter(Boolean)
          .map((pair) => pair.split(':').map(Number));
        if (tiers.some((t) => t.length !== 2 || t.some((n) => !Number.isInteger(n) || n < 0))) {
          ctx.addIssue({ code: 'custom', message: 'must be days:bonus pairs such as 3:1,7:2' });
          return z.NEVER;
        }
        return tiers.map(([minDays, bonus]) => ({ minDays: minDays!, bonus: bonus! }));
      }),
    ...PLATFORM_ENV_SHAPE,
    ...WEB_ENV_SHAPE,
  })
  .superRefine((e, ctx) => {
    if (e.REVIEW_PER_QUIZ >= e.QUIZ_SIZE) {
      ctx.addIssue({ code: 'custom', path: ['REVIEW_PER_QUIZ'], message: `must be less than QUIZ_SIZE (${e.QUIZ_SIZE}), so every quiz has a new question` });
    }
    refinePlatformEnv(e, ctx);
  });

export type Env = z.infer<typeof EnvSchema>;

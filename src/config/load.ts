/**
 * Loads the configuration once at start-up: `.env` (if present) under the real environment, parsed with
 * the zod schema. The only module that reads process.env is main.ts, which passes it in here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { AppError } from '../core/errors.js';
import type { PointsRules } from '../quiz/points.js';
import type { ScheduleConfig } from '../schedule/scheduler.js';
import { EnvSchema } from './schema.js';
import { type WecomConfig, wecomConfigFromEnv } from '../channels/wecom/config.js';
import { type DingtalkConfig, dingtalkConfigFromEnv } from '../channels/dingtalk/config.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly questionsDir: string;
  readonly lawsDir: string;
  /** `CALENDAR_FILE`: holidays and 调休 workdays merged over the chinese-days calendar (core/calendar-file.ts). */
  readonly calendarFile?: string;
  readonly timeZone: string;
  readonly quizSize: number;
  readonly adminUsers: readonly string[];
  readonly adminToken?: string;
  readonly playground: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly points: PointsRules;
  readonly jobs: ScheduleConfig;
  /** 通讯录同步: the nightly sync's cron (undefined = off) and the roster's leader-title pattern. */
  readonly contacts: { readonly syncCron?: string; readonly leaderTitles: string };
  /** The annual exam: the web exam page and the bot's public address (for links in chat). */
  readonly exam: { readonly pageUrl?: string; readonly publicUrl?: string };
  /** Present when the WeCom app settings are configured. */
  readonly wecom?: WecomConfig;
  /** Present when the DingTalk app settings are configured. */
  readonly dingtalk?: DingtalkConfig;
}

/** Parses KEY=value lines (comments and blank lines skipped, optional quotes). */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Reads `.env` in `cwd` if there is one; real environment variables win. */
export function withDotEnv(env: Record<string, string | undefined>, cwd: string): Record<string, string | undefined> {
  const file = resolve(cwd, '.env');
  return existsSync(file) ? { ...parseDotEnv(readFileSync(file, 'utf8')), ...env } : env;
}

/** Validates the environment; throws AppError('config.invalid') naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message} (see .env.example)`);
    throw new AppError('config.invalid', `invalid configuration:\n${lines.join('\n')}`, { variables: parsed.error.issues.map((i) => i.path[0]) });
  }
  const e = parsed.data;
  const wecom = wecomConfigFromEnv(e);
  const dingtalk = dingtalkConfigFromEnv(e);
  const platformConfigured = wecom !== undefined || dingtalk !== undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    questionsDir: e.QUESTIONS_DIR,
    lawsDir: e.LAWS_DIR,
    calendarFile: e.CALENDAR_FILE,
    timeZone: e.BOT_TIMEZONE,
    quizSize: e.QUIZ_SIZE,
    adminUsers: e.ADMIN_USERS,
    adminToken: e.ADMIN_TOKEN,
    playground: e.PLAYGROUND ?? !platformConfigured,
    logLevel: e.LOG_LEVEL,
    points: {
      single: e.POINTS_SINGLE,
      multiple: e.POINTS_MULTIPLE,
      judge: e.POINTS_JUDGE,
      hardBonus: e.POINTS_HARD_BONUS,
      dailyCap: e.POINTS_DAILY_CAP,
      streakTiers: e.POINTS_STREAK_BONUS,
    },
    jobs: {
      crons: {
        'daily-push': e.JOB_DAILY_PUSH_CRON,
        remind: e.JOB_REMIND_CRON,
        leaderboard: e.JOB_LEADERBOARD_CRON,
        'study-night': e.JOB_STUDY_NIGHT_CRON,
        'monthly-report': e.JOB_MONTHLY_REPORT_CRON,
        'exam-remind': e.JOB_EXAM_REMIND_CRON,
      },
      catchUpMinutes: e.JOB_CATCHUP_MINUTES,
      timeZone: e.BOT_TIMEZONE,
    },
    contacts: { syncCron: e.CONTACT_SYNC_CRON, leaderTitles: e.LEADER_TITLE_PATTERN },
    exam: { pageUrl: e.EXAM_PAGE_URL, publicUrl: e.PUBLIC_URL },
    wecom,
    dingtalk,
  };
}

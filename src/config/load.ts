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
import { type PlatformConfigs, platformConfigsFromEnv } from '../channels/registry.js';
import { type WebConfig, webConfigFromEnv } from '../web/config.js';

/** The app's settings; each configured platform's under its id (`wecom`, `dingtalk`: channels/registry.ts). */
export interface Config extends PlatformConfigs {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly questionsDir: string;
  readonly lawsDir: string;
  /** `CALENDAR_FILE`: holidays and 调休 workdays merged over the chinese-days calendar (core/calendar-file.ts). */
  readonly calendarFile?: string;
  readonly timeZone: string;
  readonly quizSize: number;
  /** Time budget of one attempt at handling a message; a message that fails or times out twice is parked. */
  readonly messageTimeoutMs: number;
  /**
   * Least time between the bot showing a question and an answer to it (round trip plus reading): a typed
   * answer that arrives sooner was sent before the person saw the question and is not applied to it.
   */
  readonly answerMinMs: number;
  readonly adminUsers: readonly string[];
  readonly adminToken?: string;
  readonly playground: boolean;
  /** The playground's guard rails (issue 11 item 9). */
  readonly playgroundLimits: {
    /** With a platform configured, answer clients other than this machine too (PLAYGROUND_PUBLIC). */
    readonly public: boolean;
    /** Requests per client and minute. */
    readonly ratePerMinute: number;
    /** Most demo people; new playground ids beyond it are refused. */
    readonly maxPeople: number;
  };
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly points: PointsRules;
  /** Spaced review and 精准普法 picking. */
  readonly practice: PracticeConfig;
  readonly jobs: ScheduleConfig;
  /** 通讯录同步: the nightly sync's cron (undefined = off) and the roster's leader-title pattern. */
  readonly contacts: { readonly syncCron?: string; readonly leaderTitles: string };
  /** The web app: PUBLIC_URL, sessions, in-client sign-in (src/web/config.ts). */
  readonly web: WebConfig;
}

export interface PracticeConfig {
  /** REVIEW_PER_QUIZ: most due reviews mixed into one daily quiz (before its new questions). */
  readonly reviewSlots: number;
  /** REVIEW_SESSION_SIZE: most reviews in one `复习` sitting. */
  readonly sessionSize: number;
  /** REVIEW_RETENTION: FSRS requested retention. */
  readonly retention: number;
  /** PRACTICE_COVER_QUIZZES: every law within this many daily quizzes (0 = off). */
  readonly coverQuizzes: number;
  /** PRACTICE_LEAN: strength of the lean towards a person's weak laws (0 = off). */
  readonly lean: number;
  /** PRACTICE_TRACK_WEIGHT: weight of questions written for the person's track (1 = off). */
  readonly trackWeight: number;
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
  const platforms = platformConfigsFromEnv(e);
  const platformConfigured = Object.keys(platforms).length > 0;
  return {
    port: e.PORT,
    // The playground alone listens on this machine only; platform callbacks need every interface.
    host: e.HOST ?? (platformConfigured ? '0.0.0.0' : '127.0.0.1'),
    dataDir: e.DATA_DIR,
    questionsDir: e.QUESTIONS_DIR,
    lawsDir: e.LAWS_DIR,
    calendarFile: e.CALENDAR_FILE,
    timeZone: e.BOT_TIMEZONE,
    quizSize: e.QUIZ_SIZE,
    messageTimeoutMs: e.MESSAGE_TIMEOUT_MS,
    answerMinMs: e.ANSWER_MIN_MS,
    adminUsers: e.ADMIN_USERS,
    adminToken: e.ADMIN_TOKEN,
    playground: e.PLAYGROUND ?? !platformConfigured,
    playgroundLimits: { public: e.PLAYGROUND_PUBLIC, ratePerMinute: e.PLAYGROUND_RATE_LIMIT, maxPeople: e.PLAYGROUND_MAX_PEOPLE },
    logLevel: e.LOG_LEVEL,
    points: {
      single: e.POINTS_SINGLE,
      multiple: e.POINTS_MULTIPLE,
      judge: e.POINTS_JUDGE,
      hardBonus: e.POINTS_HARD_BONUS,
      dailyCap: e.POINTS_DAILY_CAP,
      streakTiers: e.POINTS_STREAK_BONUS,
    },
    practice: {
      reviewSlots: e.REVIEW_PER_QUIZ,
      sessionSize: e.REVIEW_SESSION_SIZE,
      retention: e.REVIEW_RETENTION,
      coverQuizzes: e.PRACTICE_COVER_QUIZZES,
      lean: e.PRACTICE_LEAN,
      trackWeight: e.PRACTICE_TRACK_WEIGHT,
    },
    jobs: {
      crons: {
        'daily-push': e.JOB_DAILY_PUSH_CRON,
        remind: e.JOB_REMIND_CRON,
        leaderboard: e.JOB_LEADERBOARD_CRON,
        'study-night': e.JOB_STUDY_NIGHT_CRON,
        'monthly-report': e.JOB_MONTHLY_REPORT_CRON,
      },
      catchUpMinutes: e.JOB_CATCHUP_MINUTES,
      timeZone: e.BOT_TIMEZONE,
    },
    contacts: { syncCron: e.CONTACT_SYNC_CRON, leaderTitles: e.LEADER_TITLE_PATTERN },
    ...platforms,
    web: webConfigFromEnv(e, e.PORT),
  };
}

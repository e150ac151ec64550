import { describe, expect, test } from 'vitest';
import { loadConfig, parseDotEnv } from '../../../src/config/load.js';
import { isAppError } from '../../../src/core/errors.js';

const fails = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (isAppError(err, 'config.invalid')) return err;
    throw err;
  }
  throw new Error('expected config.invalid');
};

describe('config', () => {
  test('defaults: port 3000, Asia/Shanghai, 5 questions, playground on without a platform', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, timeZone: 'Asia/Shanghai', quizSize: 5, dataDir: './data', questionsDir: './questions', playground: true });
    expect(c.jobs.crons['daily-push']).toBe('0 9 * * *');
    expect(c.points.streakTiers).toEqual([
      { minDays: 3, bonus: 1 },
      { minDays: 7, bonus: 2 },
    ]);
  });

  test('the playground alone listens on 127.0.0.1; with a platform every interface; HOST wins', () => {
    const wecom = {
      WECOM_CORP_ID: 'ww1436e0e65a779aee',
      WECOM_AGENT_ID: '1',
      WECOM_SECRET: 's',
      WECOM_TOKEN: 't',
      WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    };
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', playground: true, playgroundLimits: { public: false, ratePerMinute: 120, maxPeople: 200 } });
    expect(loadConfig(wecom)).toMatchObject({ host: '0.0.0.0', playground: false });
    expect(loadConfig({ ...wecom, PLAYGROUND: 'true' }).playground).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ PLAYGROUND_PUBLIC: 'true', PLAYGROUND_RATE_LIMIT: '30', PLAYGROUND_MAX_PEOPLE: '50' }).playgroundLimits).toEqual({
      public: true,
      ratePerMinute: 30,
      maxPeople: 50,
    });
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ BOT_TIMEZONE: 'Mars/Olympus' }, 'BOT_TIMEZONE'],
    [{ QUIZ_SIZE: '0' }, 'QUIZ_SIZE'],
    [{ QUIZ_SIZE: '16' }, 'QUIZ_SIZE'], // a day's record counts at most 15 answers
    [{ PLAYGROUND: 'maybe' }, 'PLAYGROUND'],
    [{ JOB_REMIND_CRON: 'at four' }, 'JOB_REMIND_CRON'],
    [{ POINTS_STREAK_BONUS: '3-1' }, 'POINTS_STREAK_BONUS'],
    [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN'],
    [{ WECOM_ENCODING_AES_KEY: 'tooshort' }, 'WECOM_ENCODING_AES_KEY'],
    [{ WECOM_CORP_ID: 'ww1436e0e65a779aee' }, 'WECOM_SECRET'],
    [{ DINGTALK_CLIENT_ID: 'dingabc' }, 'DINGTALK_CLIENT_SECRET'],
    [{ DINGTALK_MODE: 'socket' }, 'DINGTALK_MODE'],
    [{ CONTACT_SYNC_CRON: 'nightly' }, 'CONTACT_SYNC_CRON'],
    [{ LEADER_TITLE_PATTERN: '(局长|科长' }, 'LEADER_TITLE_PATTERN'],
    [{ WECOM_CONTACT_TOKEN: 'tok' }, 'WECOM_CONTACT_AES_KEY'],
    [{ JOB_EXAM_REMIND_CRON: 'daily' }, 'JOB_EXAM_REMIND_CRON'],
    [{ EXAM_PAGE_URL: 'exam.example.gov.cn' }, 'EXAM_PAGE_URL'],
    [{ PUBLIC_URL: 'ftp://pufa.example.gov.cn' }, 'PUBLIC_URL'],
    [{ PLAYGROUND_RATE_LIMIT: '0' }, 'PLAYGROUND_RATE_LIMIT'],
    [{ PLAYGROUND_MAX_PEOPLE: 'many' }, 'PLAYGROUND_MAX_PEOPLE'],
    [{ PLAYGROUND_PUBLIC: 'sometimes' }, 'PLAYGROUND_PUBLIC'],
    [{ REVIEW_PER_QUIZ: '5' }, 'REVIEW_PER_QUIZ'], // not less than QUIZ_SIZE (5): no room for a new question
    [{ QUIZ_SIZE: '2', REVIEW_PER_QUIZ: '2' }, 'REVIEW_PER_QUIZ'],
    [{ REVIEW_RETENTION: '0.99' }, 'REVIEW_RETENTION'],
    [{ PRACTICE_LEAN: 'strong' }, 'PRACTICE_LEAN'],
    [{ PRACTICE_TRACK_WEIGHT: '0.5' }, 'PRACTICE_TRACK_WEIGHT'],
    [{ PRACTICE_COVER_QUIZZES: '-1' }, 'PRACTICE_COVER_QUIZZES'],
  ])('%j is refused, naming %s and pointing to .env.example', (env, variable) => {
    const err = fails(env);
    expect(err.message).toContain(variable);
    expect(err.message).toContain('.env.example');
  });

  test('spaced review and 精准普法: 2 reviews a quiz, sittings of 10, 90% retention, every law within 15 quizzes', () => {
    expect(loadConfig({}).practice).toEqual({ reviewSlots: 2, sessionSize: 10, retention: 0.9, coverQuizzes: 15, lean: 1, trackWeight: 2 });
    expect(loadConfig({ REVIEW_PER_QUIZ: '0', PRACTICE_LEAN: '0', PRACTICE_COVER_QUIZZES: '0', PRACTICE_TRACK_WEIGHT: '1' }).practice).toMatchObject({
      reviewSlots: 0,
      lean: 0,
      coverQuizzes: 0,
      trackWeight: 1,
    });
  });

  test('a configured platform turns the playground off unless asked for', () => {
    const wecom = {
      WECOM_CORP_ID: 'ww1436e0e65a779aee',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 's',
      WECOM_TOKEN: 't',
      WECOM_ENCODING_AES_KEY: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
    };
    expect(loadConfig(wecom)).toMatchObject({ playground: false, wecom: { corpId: 'ww1436e0e65a779aee' } });
    expect(loadConfig({ ...wecom, PLAYGROUND: 'true' }).playground).toBe(true);
    expect(loadConfig({ JOB_REMIND_CRON: 'off' }).jobs.crons.remind).toBeUndefined();
  });

  test('通讯录同步: nightly at 02:30 unless off; the leader titles; the 通讯录同步 callback keys', () => {
    expect(loadConfig({}).contacts).toMatchObject({ syncCron: '30 2 * * *' });
    expect(new RegExp(loadConfig({}).contacts.leaderTitles).test('副局长')).toBe(true);
    expect(loadConfig({ CONTACT_SYNC_CRON: 'off' }).contacts.syncCron).toBeUndefined();
    expect(loadConfig({ LEADER_TITLE_PATTERN: '首席$' }).contacts.leaderTitles).toBe('首席$');
  });

  test('the exam: reminders at 10:00 unless off; the page and public addresses', () => {
    expect(loadConfig({}).jobs.crons['exam-remind']).toBe('0 10 * * *');
    expect(loadConfig({ JOB_EXAM_REMIND_CRON: 'off' }).jobs.crons['exam-remind']).toBeUndefined();
    expect(loadConfig({ EXAM_PAGE_URL: 'https://exam.example.gov.cn/', PUBLIC_URL: 'https://pufa.example.gov.cn/' }).exam).toEqual({
      pageUrl: 'https://exam.example.gov.cn/',
      publicUrl: 'https://pufa.example.gov.cn',
    });
    // the exam page is the bot's own web page, linked only when the pages can be reached
    const platform = {
      WECOM_CORP_ID: 'ww1436e0e65a779aee',
      WECOM_AGENT_ID: '1',
      WECOM_SECRET: 's',
      WECOM_TOKEN: 't',
      WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    };
    expect(loadConfig({ ...platform, PUBLIC_URL: 'https://pufa.example.gov.cn' }).exam).toEqual({
      pageUrl: 'https://pufa.example.gov.cn/exams',
      publicUrl: 'https://pufa.example.gov.cn',
    });
    expect(loadConfig(platform).exam).toEqual({ pageUrl: undefined, publicUrl: undefined });
    expect(loadConfig({ PORT: '4100' }).exam).toEqual({ pageUrl: 'http://localhost:4100/exams', publicUrl: 'http://localhost:4100' });
  });

  test('.env parsing: comments, quotes, export', () => {
    expect(parseDotEnv('# c\nPORT=4000\nexport HOST="127.0.0.1"\nADMIN_USERS=a, b\n\nBAD LINE')).toEqual({
      PORT: '4000',
      HOST: '127.0.0.1',
      ADMIN_USERS: 'a, b',
    });
    expect(loadConfig({ ADMIN_USERS: 'a, b，c' }).adminUsers).toEqual(['a', 'b', 'c']);
  });

  test('.env parsing: an inline comment after a value is cut off; a # inside quotes or without a space before it stays', () => {
    expect(parseDotEnv('PORT=4311 # 端口\nHOST=127.0.0.1\t# 本机\nWECOM_SECRET=ab#cd\nADMIN_TOKEN="x # y" # 令牌\nLOG_LEVEL=\n')).toEqual({
      PORT: '4311',
      HOST: '127.0.0.1',
      WECOM_SECRET: 'ab#cd',
      ADMIN_TOKEN: 'x # y',
      LOG_LEVEL: '',
    });
    expect(loadConfig(parseDotEnv('PORT=4311 # 端口')).port).toBe(4311);
  });

  test('ADMIN_USERS: 、，, ； and spaces all separate entries (names as typed in Chinese text)', () => {
    expect(loadConfig({ ADMIN_USERS: '张三，李四、王五,赵六；钱七 孙八' }).adminUsers).toEqual(['张三', '李四', '王五', '赵六', '钱七', '孙八']);
  });

  test('errors are Chinese: the variable, what it is, the value given (never a secret) and the real limit', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected a configuration error');
    };
    expect(message({ QUIZ_SIZE: '50' })).toContain('QUIZ_SIZE（每人每天的题数）：须为 1 到 15 之间的整数；当前为 "50"。');
    expect(message({ QUIZ_SIZE: '2.5' })).toContain('须为 1 到 15 之间的整数');
    expect(message({ PORT: 'abc' })).toMatch(/PORT（HTTP 端口）：须为 \d+ 到 \d+ 之间的整数/);
    const secret = message({ WECOM_ENCODING_AES_KEY: 'tooshort-secret' });
    expect(secret).toContain('WECOM_ENCODING_AES_KEY（企业微信接收消息 EncodingAESKey）：须为接收消息的 EncodingAESKey：43 位字母和数字；已填写。');
    expect(secret).not.toContain('tooshort-secret');
    expect(message({ LOG_LEVEL: 'verbose' })).not.toMatch(/[A-Za-z]+ [a-z]+ [a-z]+ [a-z]+/); // no English sentence
  });
});

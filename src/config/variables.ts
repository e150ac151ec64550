/**
 * What each configuration variable is, in Chinese (for error messages), which ones hold secrets (never
 * echoed), and the warnings about variables the bot does not know: a misspelt `WECOM_CORPID` passes zod
 * (unknown keys are dropped), so it is named here with the nearest known name. Pure.
 */
import { EnvSchema } from './schema.js';

/** Short Chinese descriptions, shown beside the variable's name in configuration errors. */
export const VARIABLE_LABELS: Readonly<Record<string, string>> = {
  PORT: 'HTTP 端口',
  HOST: '监听地址',
  DATA_DIR: '数据目录',
  QUESTIONS_DIR: '内置题库目录',
  LAWS_DIR: '法律文本目录',
  CALENDAR_FILE: '节假日日历文件',
  BOT_TIMEZONE: '时区',
  QUIZ_SIZE: '每人每天的题数',
  MESSAGE_TIMEOUT_MS: '每条消息单次处理的时限（毫秒）',
  ANSWER_MIN_MS: '题目发出后最短的作答时间（毫秒）',
  REVIEW_PER_QUIZ: '每日答题中的复习题数',
  REVIEW_SESSION_SIZE: '一次“复习”的最多题数',
  REVIEW_RETENTION: '复习的目标记忆保持率',
  PRACTICE_COVER_QUIZZES: '覆盖每部法律的答题次数',
  PRACTICE_LEAN: '偏向薄弱法律的程度',
  PRACTICE_TRACK_WEIGHT: '本人类别题目的权重',
  ADMIN_USERS: '管理员',
  ADMIN_TOKEN: '管理接口令牌',
  PLAYGROUND: '本地体验',
  PLAYGROUND_PUBLIC: '本地体验是否对其他电脑开放',
  PLAYGROUND_RATE_LIMIT: '本地体验每分钟请求上限',
  PLAYGROUND_MAX_PEOPLE: '演示人员上限',
  LOG_LEVEL: '日志级别',
  POINTS_SINGLE: '单选题答对得分',
  POINTS_MULTIPLE: '多选题答对得分',
  POINTS_JUDGE: '判断题答对得分',
  POINTS_HARD_BONUS: '较难题额外得分',
  POINTS_DAILY_CAP: '每日答题积分上限',
  POINTS_STREAK_BONUS: '连续学习奖励',
  JOB_DAILY_PUSH_CRON: '每日答题推送时间',
  JOB_REMIND_CRON: '未学提醒时间',
  JOB_LEADERBOARD_CRON: '排行榜推送时间',
  JOB_STUDY_NIGHT_CRON: '周一夜学推送时间',
  JOB_MONTHLY_REPORT_CRON: '月度报告推送时间',
  JOB_EXAM_REMIND_CRON: '考试提醒推送时间（考试窗口开放的学习日）',
  EXAM_PAGE_URL: '考试页面地址（默认 PUBLIC_URL/exams）',
  JOB_CATCHUP_MINUTES: '错过的推送补发时限（分钟）',
  CONTACT_SYNC_CRON: '通讯录同步时间',
  LEADER_TITLE_PATTERN: '领导职务的匹配规则',
  WECOM_CORP_ID: '企业微信企业ID',
  WECOM_AGENT_ID: '企业微信自建应用 AgentId',
  WECOM_SECRET: '企业微信自建应用 Secret',
  WECOM_TOKEN: '企业微信接收消息 Token',
  WECOM_ENCODING_AES_KEY: '企业微信接收消息 EncodingAESKey',
  WECOM_API_BASE: '企业微信接口地址',
  WECOM_WEBHOOK_KEY: '企业微信群机器人 key',
  WECOM_CARDS: '企业微信题目卡片',
  WECOM_CONTACT_TOKEN: '企业微信通讯录同步回调 Token',
  WECOM_CONTACT_AES_KEY: '企业微信通讯录同步回调 EncodingAESKey',
  DINGTALK_CLIENT_ID: '钉钉应用 Client ID',
  DINGTALK_CLIENT_SECRET: '钉钉应用 Client Secret',
  DINGTALK_ROBOT_CODE: '钉钉机器人 robotCode',
  DINGTALK_MODE: '钉钉消息接收方式',
  DINGTALK_API_BASE: '钉钉接口地址',
  DINGTALK_OAPI_BASE: '钉钉旧版接口地址',
  DINGTALK_WEBHOOK_TOKEN: '钉钉群机器人 access_token',
  DINGTALK_WEBHOOK_SECRET: '钉钉群机器人加签密钥',
  DINGTALK_EVENT_TOKEN: '钉钉事件订阅 token',
  DINGTALK_EVENT_AES_KEY: '钉钉事件订阅 aes_key',
  PUBLIC_URL: '网页后台的访问地址',
  TRUST_PROXY: '是否信任反向代理转发的协议和地址',
  WEB_SESSION_HOURS: '网页登录有效时长（小时）',
  DINGTALK_CORP_ID: '钉钉企业 corpId（网页免登）',
  ZZD_APP_KEY: '浙政钉应用 AppKey',
  ZZD_APP_SECRET: '浙政钉应用 AppSecret',
  ZZD_TENANT_ID: '浙政钉租户 ID（tenantId）',
  ZZD_API_BASE: '浙政钉开放平台网关地址',
  ZZD_WEBHOOK_TOKEN: '浙政钉群机器人 access_token',
  ZZD_WEBHOOK_SECRET: '浙政钉群机器人加签密钥',
  WECOM_OAUTH_URL: '企业微信网页授权地址',
};

/** Values never echoed back in messages. */
export function isSecret(name: string): boolean {
  return /(SECRET|TOKEN|AES_KEY|WEBHOOK_KEY)$/.test(name);
}

/** Every variable the configuration reads. */
export function knownVariables(): readonly string[] {
  return Object.keys(EnvSchema.shape);
}

/**
 * Prefixes that are ours: a variable with one of them in the real environment is meant for the bot (the
 * environment has many other variables; only names in `.env` are all checked).
 */
const OUR_PREFIXES = ['WECOM_', 'DINGTALK_', 'ZZD_', 'PLAYGROUND', 'POINTS_', 'JOB_', 'REVIEW_', 'PRACTICE_', 'QUIZ_', 'ADMIN_', 'CONTACT_', 'LEADER_', 'BOT_'];
/** Common variables of Node and the shell that may sit in a .env file without meaning anything to the bot. */
const GENERAL = new Set(['NODE_ENV', 'NODE_OPTIONS', 'TZ', 'LANG', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']);

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known variable `name` most likely meant, if one is close (underscores and case ignored first). */
export function nearestVariable(name: string, known: readonly string[] = knownVariables()): string | undefined {
  const squash = (s: string) => s.toUpperCase().replace(/_/g, '');
  const exact = known.find((k) => squash(k) === squash(name));
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = distance(name.toUpperCase(), k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 5)) ? best : undefined;
}

/**
 * Warnings (Chinese) about variables the bot does not read: every unknown name from `.env` (`fromFile`), and
 * unknown names with one of our prefixes from the real environment. Each says the variable is ignored and,
 * when a known name is close, which one was probably meant.
 */
export function unknownVariableWarnings(env: Readonly<Record<string, string | undefined>>, fromFile: ReadonlySet<string> = new Set()): string[] {
  const known = knownVariables();
  const knownSet = new Set(known);
  const out: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (knownSet.has(name) || GENERAL.has(name)) continue;
    if (!fromFile.has(name) && !OUR_PREFIXES.some((p) => name.toUpperCase().startsWith(p))) continue;
    const near = nearestVariable(name, known);
    const where = fromFile.has(name) ? '.env 中' : '环境变量中';
    out.push(
      near
        ? `${where}的 ${name} 不是 pufa-bot 的配置变量，已忽略。您是不是想写 ${near}（${VARIABLE_LABELS[near] ?? near}）？`
        : `${where}的 ${name} 不是 pufa-bot 的配置变量，已忽略（可用的变量见 .env.example）。`,
    );
  }
  return out;
}

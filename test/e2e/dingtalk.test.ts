/**
 * DingTalk end to end, in both modes: the real server (makeTestDeps + startServer) and the DingTalk channel
 * against a fake DingTalk on 127.0.0.1 (Stream gateway, sessionWebhook, OpenAPI, contacts).
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type DingtalkChannel, createDingtalkChannel } from '../../src/channels/dingtalk/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { quizDayOf } from '../../src/core/quiz-day.js';
import { type FakeDingtalk, type SayOptions, type Sent, startFakeDingtalk, tapTargets } from '../fakes/fake-dingtalk.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
const DAY = quizDayOf(new Date(NOW), 'Asia/Shanghai');
type Mode = 'http' | 'stream';

interface World {
  fake: FakeDingtalk;
  channel: DingtalkChannel;
  channelLog: ReturnType<typeof createMemoryLogger>;
  t: Awaited<ReturnType<typeof makeTestDeps>>;
  server: Awaited<ReturnType<typeof startServer>>;
  /** A person writes to the robot (HTTP: signed POST, Stream: a CALLBACK frame). */
  say(text: string, o?: Partial<SayOptions>): Promise<void>;
  /** Waits for the next message (after the last one waited for) that matches. */
  reply(match: (m: Sent) => boolean, what: string): Promise<Sent>;
}

async function setUp(mode: Mode): Promise<World> {
  const clock = fixedClock(NOW);
  const fake = await startFakeDingtalk({ now: () => clock.now(), disconnectCloseMs: 100 });
  const channelLog = createMemoryLogger();
  const channel = createDingtalkChannel(
    { clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: fake.clientId, mode, apiBase: fake.url, oapiBase: fake.url },
    { clock, logger: channelLog, streamTuning: { baseDelayMs: 10, maxDelayMs: 200, watchdogIntervalMs: 1_000 }, random: () => 0 },
  );
  const t = await makeTestDeps({
    // People on a real platform are real people (as after a roster import).
    seedAsReal: true,
    receivers: channel.receiver ? [{ path: '/dingtalk/callback', receiver: channel.receiver }] : [],
    senders: new Map([['dingtalk', channel.sender]]),
    contacts: new Map([['dingtalk', channel.contacts]]),
  });
  const zhangsan = (await t.store.getPerson('zhangsan'))!;
  await t.store.savePeople([{ ...zhangsan, identities: { ...zhangsan.identities, dingtalk: 'zhangsan' } }]);
  const server = await startServer(t.deps);
  if (channel.stream) {
    channel.stream.start(t.deps.pipeline);
    await fake.waitFor(() => channel.stream!.health().connected, 'stream connection');
  }
  let seen = 0;
  return {
    fake,
    channel,
    channelLog,
    t,
    server,
    async say(text, o = {}) {
      const body = fake.payload({ userId: 'zhangsan', text, ...o });
      if (mode === 'stream') return void fake.pushCallback(body);
      const res = await fake.postCallback(`${server.url}/dingtalk/callback`, body);
      expect(res).toEqual({ status: 200, body: '' });
    },
    async reply(match, what) {
      const m = await fake.waitFor(() => fake.sent.slice(seen).find(match), what);
      seen = fake.sent.indexOf(m, seen) + 1;
      return m;
    },
  };
}

const toZhangsan = (re: RegExp) => (m: Sent) => m.to === 'zhangsan' && re.test(m.text);

/** Plays today's questions from `from` on; by tap where a question offers taps, else typed. */
async function playQuiz(w: World, by: 'text' | 'tap', from = 1, beforeAnswer?: (n: number) => Promise<void>) {
  let q = await w.reply(toZhangsan(new RegExp(`今日答题 ${from}/5`)), `question ${from}`);
  const questions: Sent[] = [];
  let taps = 0;
  for (let n = from; n <= 5; n++) {
    questions.push(q);
    const targets = tapTargets(q.text);
    const typed = q.text.includes('判断题') ? '对' : q.text.includes('多选题') ? 'AB' : 'A';
    const tap = by === 'tap' && targets.length > 0;
    if (tap) taps++;
    await beforeAnswer?.(n);
    await w.say(tap ? targets[0]! : typed);
    q = await w.reply(toZhangsan(n < 5 ? new RegExp(`今日答题 ${n + 1}/5`) : /今日答题完成/), n < 5 ? `question ${n + 1}` : 'summary');
  }
  return { taps, questions };
}

describe.each<Mode>(['http', 'stream'])('DingTalk %s mode', (mode) => {
  let w: World;
  beforeEach(async () => {
    w = await setUp(mode);
  });
  afterEach(async () => {
    await w.channel.stream?.stop();
    await w.server.close();
    await w.fake.close();
  });

  test('a whole daily quiz by typed answers, replies through the sessionWebhook', async () => {
    await w.say('答题');
    const { questions } = await playQuiz(w, 'text');
    expect(questions.map((q) => q.msgtype)).toEqual(Array(5).fill('markdown'));
    expect(await w.t.store.answersOf('zhangsan', DAY)).toHaveLength(5);
    expect((await w.t.store.dayStats('zhangsan', DAY)).completed).toBe(true);
    expect(new Set(w.fake.sent.map((s) => s.via))).toEqual(new Set(['session']));
    expect(w.fake.protocolErrors).toEqual([]);
  });

  test('a whole daily quiz by tap (dtmd buttons send the option as the person)', async () => {
    await w.say('答题');
    const { taps } = await playQuiz(w, 'tap');
    expect(taps).toBeGreaterThan(0);
    expect(await w.t.store.answersOf('zhangsan', DAY)).toHaveLength(5);
  });

  test('the same msgId delivered twice is scored once', async () => {
    await w.say('答题');
    const q1 = await w.reply(toZhangsan(/今日答题 1\/5/), 'question 1');
    // An answer that fits the question drawn (the draw depends on the day's seed, not on this test).
    const typed = q1.text.includes('判断题') ? '对' : q1.text.includes('多选题') ? 'AB' : 'A';
    await w.say(typed, { msgId: 'msg-dup-1' });
    await w.reply(toZhangsan(/今日答题 2\/5/), 'question 2');
    await w.say(typed, { msgId: 'msg-dup-1' });
    await w.say('帮助');
    await w.reply(toZhangsan(/使用帮助/), 'help');
    expect(await w.t.store.answersOf('zhangsan', DAY)).toHaveLength(1);
    expect(w.fake.sent.filter((s) => /今日答题 3\/5/.test(s.text))).toHaveLength(0);
  });

  test('in a group: 排行榜 answers the group; 答题 points to the 1:1 chat', async () => {
    await w.say('排行榜', { group: true });
    const board = await w.reply((m) => m.to === 'cidGroupFaZhiKe==', 'group leaderboard');
    expect(board.text).toContain('个人排名请私聊');
    await w.say('答题', { group: true });
    const hint = await w.reply((m) => m.to === 'cidGroupFaZhiKe==', 'group quiz hint');
    expect(hint.text).toContain('单聊');
    await w.say('帮助', { group: true });
    await w.reply((m) => m.to === 'cidGroupFaZhiKe==' && m.text.includes('使用帮助'), 'group help');
    expect(w.fake.sent.filter((s) => s.to === 'cidGroupFaZhiKe==' && /今日答题 \d\/5/.test(s.text))).toEqual([]);
  });

  test('an expired sessionWebhook: replies go through oToMessages/batchSend', async () => {
    await w.say('我的', { sessionTtlMs: -1_000 });
    const m = await w.reply(toZhangsan(/学习情况/), 'stats reply');
    expect(m.via).toBe('batchSend');
  });

  test('a new DingTalk user gets a department from the contact API', async () => {
    w.fake.org.addDepartment({ id: 77, name: '执法大队' });
    w.fake.org.addMember({ userid: 'wangxiao', name: '王小', departments: [1, 77] });
    await w.say('我的', { userId: 'wangxiao' });
    const m = await w.reply((s) => s.to === 'wangxiao', 'reply to a new user');
    expect(m.text).toContain('王小');
    expect((await w.t.store.findPersonByIdentity('dingtalk', 'wangxiao'))?.departmentId).toBe('zfdd');
  });
});

describe('DingTalk http mode: bad input is refused before anything is stored', () => {
  let w: World;
  beforeEach(async () => {
    w = await setUp('http');
  });
  afterEach(async () => {
    await w.server.close();
    await w.fake.close();
  });

  test.each([
    ['missing sign', { sign: null }, undefined, 401, 'channel.bad_signature'],
    ['bad sign', { secret: 'not-the-secret' }, undefined, 401, 'channel.bad_signature'],
    ['stale timestamp', { timestamp: String(new Date(NOW).getTime() - 3_600_001) }, undefined, 401, 'channel.stale_request'],
    ['malformed JSON', {}, '{"msgId": "bad-1", ', 400, 'channel.bad_payload'],
    ['unknown msgtype', {}, 'hologram', 400, 'channel.bad_payload'],
  ] as const)('%s → %i', async (_name, sign, body, status, code) => {
    const people = (await w.t.store.listPeople()).length;
    const payload = w.fake.payload({ userId: 'intruder', text: '答题', msgId: 'bad-1', msgtype: body === 'hologram' ? 'hologram' : 'text' });
    const res = await w.fake.postCallback(`${w.server.url}/dingtalk/callback`, typeof body === 'string' && body !== 'hologram' ? body : payload, sign);
    expect(res.status).toBe(status);
    expect(res.body).toBe('');
    expect(w.t.logger.lines.some((l) => l.msg === 'request rejected' && l.code === code && typeof l.check === 'string')).toBe(true);
    expect((await w.t.store.listPeople()).length).toBe(people);
    expect(await w.t.store.claimMessage('dingtalk', 'bad-1', new Date(NOW))).toBe(true); // never claimed before
    expect(w.fake.sent).toEqual([]);
  });
});

describe('DingTalk stream mode: connection trouble and bad frames', () => {
  let w: World;
  beforeEach(async () => {
    w = await setUp('stream');
  });
  afterEach(async () => {
    await w.channel.stream?.stop();
    await w.server.close();
    await w.fake.close();
  });

  test('the gateway drops the connection and later says disconnect mid-quiz: the quiz goes on, nothing lost, no storm', async () => {
    await w.say('答题');
    await playQuiz(w, 'text', 1, async (n) => {
      if (n === 3) w.fake.dropConnection(); // the answer to question 3 is sent while we are disconnected
      if (n === 5) {
        w.fake.sendDisconnect();
        await w.fake.waitFor(() => w.fake.state.connectionAttempts === 3, 'reconnect after disconnect');
      }
    });
    expect(await w.t.store.answersOf('zhangsan', DAY)).toHaveLength(5);
    expect(w.fake.state.connectionAttempts).toBe(3);
    expect(w.fake.pendingCallbacks()).toBe(0);
    expect(w.channel.health()).toMatchObject({ mode: 'stream', stream: { state: 'open', connected: true, connectionAttempts: 3 } });
    expect(w.fake.protocolErrors).toEqual([]);
  });

  test.each([
    ['malformed JSON', '{"msgId": "bad-2", '],
    ['unknown msgtype', 'hologram'],
  ])('%s: acked, logged and skipped, nothing stored', async (_name, data) => {
    const people = (await w.t.store.listPeople()).length;
    const body = data === 'hologram' ? w.fake.payload({ userId: 'intruder', text: '答题', msgId: 'bad-2', msgtype: 'hologram' }) : data;
    const frameId = w.fake.pushCallback(body);
    await w.fake.waitFor(() => w.fake.acks.some((a) => a.messageId === frameId), 'ack');
    await w.fake.waitFor(
      () => w.t.logger.lines.find((l) => l.msg === 'request rejected' && l.channel === 'dingtalk' && l.code === 'channel.bad_payload'),
      'skip log',
    );
    expect((await w.t.store.listPeople()).length).toBe(people);
    expect(await w.t.store.claimMessage('dingtalk', 'bad-2', new Date(NOW))).toBe(true);
    expect(w.fake.sent).toEqual([]);
  });
});

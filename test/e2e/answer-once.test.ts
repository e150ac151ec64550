/**
 * One answer per message, even across a crash; and an answer sent before the person saw the next question
 * is not applied to it. WeCom end to end (signed, encrypted callbacks against a fake WeCom API), a store
 * that dies between the answer and the message's completion, and a real child process killed with SIGKILL.
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { InboundMessage, OutboundMessage } from '../../src/core/message.js';
import { plainText } from '../../src/core/message.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { JournalEvent } from '../../src/store/state-store.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { answerAt, currentAnswer } from '../helpers/quiz-answers.js';
import { ROOT, makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
const ENV = {
  WECOM_CORP_ID: 'wwpufa0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
  WECOM_TOKEN: 'pufaToken2026',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const NOT_SEEN = /是在看到第 (\d) 题之前发出的，没有计入第 \1 题/;

async function wecomWorld() {
  const api = await startFakeWecomApi({ corpId: ENV.WECOM_CORP_ID, secret: ENV.WECOM_SECRET });
  closers.push(api.close);
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...ENV, WECOM_API_BASE: api.url, WECOM_CARDS: 'false' }))!;
  const channel = createWecomChannel(config, {
    clock: fixedClock(NOW),
    logger: createMemoryLogger(),
    sleep: async () => {},
    api: { timeoutMs: 5000, backoffMs: 1 },
  });
  const { deps, store, clock } = await makeTestDeps({
    now: NOW,
    env: { ANSWER_MIN_MS: '1000' },
    receivers: [{ path: WECOM_CALLBACK_PATH, receiver: channel.receiver }],
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
  });
  const zhangsan = (await store.getPerson('zhangsan'))!;
  await store.savePeople([{ ...zhangsan, identities: { ...zhangsan.identities, wecom: 'zhangsan' } }]);
  const srv = await startServer(deps);
  closers.push(srv.close);
  const client = createFakeWecomClient({
    url: srv.url,
    token: ENV.WECOM_TOKEN,
    encodingAesKey: ENV.WECOM_ENCODING_AES_KEY,
    corpId: ENV.WECOM_CORP_ID,
    agentId: 1000002,
    clock,
  });
  return { api, deps, store, clock, client };
}

describe('an answer sent before its question was shown', () => {
  test('WeCom: two answers sent at once grade one question; the other is asked to answer the shown one; a quick answer after seeing it counts', async () => {
    const { deps, store, clock, client, api } = await wecomWorld();
    const day = deps.quiz.today();
    expect((await client.userSays('zhangsan', '答题')).reply?.content).toContain('今日答题共 5 题');
    clock.advance(8_000); // reading question 1
    const first = await answerAt(deps, 'zhangsan', 0);
    const second = await answerAt(deps, 'zhangsan', 1);
    const [a, b] = await Promise.all([client.userSays('zhangsan', first), client.userSays('zhangsan', second)]);
    const replies = [a.reply?.content ?? '', b.reply?.content ?? ''];
    expect(replies.filter((r) => NOT_SEEN.test(r))).toHaveLength(1);
    expect(replies.find((r) => NOT_SEEN.test(r))).toMatch(/第 2 题/);
    expect(await store.answersOf('zhangsan', day)).toHaveLength(1);
    // The person is shown question 2 again, after the refusal.
    await api.waitUntil(() => api.okCalls('message/send').filter((c) => String(c.body.text?.content).includes('【今日答题 2/5】')).length === 2);

    clock.advance(1_500); // a quick reader, well after question 2 reached them
    expect((await client.userSays('zhangsan', await currentAnswer(deps, 'zhangsan'))).reply?.content).toMatch(/^✅ 回答正确/);
    expect((await store.answersOf('zhangsan', day)).map((x) => x.index)).toEqual([0, 1]);
  });

  test('WeCom: an answer that reaches us late (a platform retry) but was sent in the same second as the previous one is not applied', async () => {
    const { deps, store, clock, client } = await wecomWorld();
    const day = deps.quiz.today();
    await client.userSays('zhangsan', '答题');
    clock.advance(8_000);
    // Both typed in the same second; the second reaches us 10 s later (WeCom redelivers it after our restart).
    const late = client.textXml('zhangsan', await answerAt(deps, 'zhangsan', 1));
    expect((await client.userSays('zhangsan', await answerAt(deps, 'zhangsan', 0))).reply?.content).toMatch(/^✅/);
    clock.advance(10_000);
    expect((await client.send(client.deliveryOf(late))).reply?.content).toMatch(NOT_SEEN);
    expect(await store.answersOf('zhangsan', day)).toHaveLength(1);
  });
});

/** A store that "dies" right after the answer event: every later write fails, as if the process was killed. */
class DyingStore extends MemoryStore {
  armed = false;
  dead = false;
  protected override async persist(e: JournalEvent): Promise<void> {
    if (this.dead) throw new Error('the process died');
    if (this.armed && e.t === 'answer') this.dead = true;
  }
}

const playgroundMessage = (id: string, text: string): InboundMessage => ({
  channel: 'playground',
  messageId: id,
  sentAt: new Date(NOW),
  sender: { userId: 'zhangsan' },
  conversation: { id: 'zhangsan', kind: 'direct' },
  text,
  replyTo: { channel: 'playground', kind: 'user', id: 'zhangsan' },
});

describe('one answer per message across a crash', () => {
  test('the process dies between the answer and the message finishing: the restart replays the result, the next question is not graded', async () => {
    const store = new DyingStore();
    const before = await makeTestDeps({ store, now: NOW });
    await before.deps.dispatcher.dispatch(playgroundMessage('m-start', '答题'));
    const text = await currentAnswer(before.deps, 'zhangsan');
    store.armed = true;
    await expect(before.deps.dispatcher.dispatch(playgroundMessage('m-answer', text))).rejects.toThrow('the process died');

    store.dead = false; // restart: the state is what was written before the crash
    const after = await makeTestDeps({ store, now: NOW, demo: false });
    const sent: OutboundMessage[][] = [];
    expect(await after.deps.dispatcher.recover(async (_m, r) => void sent.push([...r]))).toBe(1);
    expect((await store.answersOf('zhangsan', after.deps.quiz.today())).map((a) => a.index)).toEqual([0]);
    expect(plainText(sent[0]![0]!)).toMatch(/^✅ 回答正确/);
    expect(plainText(sent[0]![1]!)).toContain('【今日答题 2/5】');
    // Replaying it again (a second crash) still grades nothing.
    expect(
      (
        await after.deps.quiz.answer((await store.getPerson('zhangsan'))!, text, undefined, {
          messageKey: 'playground:m-answer',
          channel: 'playground',
          sentAt: new Date(NOW),
        })
      ).kind,
    ).toBe('graded');
    expect(await store.answersOf('zhangsan', after.deps.quiz.today())).toHaveLength(1);
  });

  test('a real process killed with SIGKILL after the answer: an immediate restart recovers the message and grades it once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-answer-crash-'));
    const store = await LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    const { deps } = await makeTestDeps({ store, now: NOW, env: { DATA_DIR: dataDir } });
    await deps.dispatcher.dispatch(playgroundMessage('m-start', '答题'));
    const text = await currentAnswer(deps, 'zhangsan');
    await store.close();

    const child = fork(join(ROOT, 'test/fixtures/answer-child.ts'), [dataDir, ROOT, NOW, text], { execArgv: ['--import', 'tsx'], stdio: 'pipe' });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    let answered = false;
    await new Promise<void>((resolve, reject) => {
      child.on('message', (m) => {
        if (m !== 'answered') return;
        answered = true;
        child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    expect({ answered, stderr }).toEqual({ answered: true, stderr: '' });

    const logger = createMemoryLogger();
    const again = await LowdbStore.open({ dataDir, logger }); // at once: the dead holder's lock is taken over
    closers.push(() => again.close());
    expect(logger.lines.some((l) => l.msg.startsWith('taking over the lock'))).toBe(true);
    const restarted = await makeTestDeps({ store: again, now: NOW, demo: false, env: { DATA_DIR: dataDir } });
    expect((await again.pendingMessages()).map((m) => m.messageId)).toEqual(['answer-1']);
    const sent: OutboundMessage[][] = [];
    expect(await restarted.deps.dispatcher.recover(async (_m, r) => void sent.push([...r]))).toBe(1);
    expect((await again.answersOf('zhangsan', restarted.deps.quiz.today())).map((a) => [a.index, a.messageKey])).toEqual([[0, 'playground:answer-1']]);
    expect(plainText(sent[0]![1]!)).toContain('【今日答题 2/5】');
    expect(await again.pendingMessages()).toEqual([]);
  }, 60_000);
});

/** The Stream client against the fake gateway: acks, ping, disconnect, backoff without a storm, watchdog. */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StreamClient, createStreamClient } from '../../../src/channels/dingtalk/stream-client.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { type FakeDingtalk, startFakeDingtalk } from '../../fakes/fake-dingtalk.js';

let fake: FakeDingtalk;
let client: StreamClient;
let logger: ReturnType<typeof createMemoryLogger>;
let received: Array<{ data: string; messageId: string }>;
const clock = fixedClock('2026-11-24T02:00:00Z');

function makeClient(tuning = {}): StreamClient {
  return createStreamClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    apiBase: fake.url,
    clock,
    logger,
    random: () => 0,
    deliver: async (frame) => {
      received.push({ data: frame.data, messageId: String(frame.headers.messageId) });
    },
    tuning: { baseDelayMs: 10, maxDelayMs: 200, watchdogIntervalMs: 1_000, silentTicks: 3, stableTicks: 1_000, ...tuning },
  });
}
const connected = () => fake.waitFor(() => client.health().connected && fake.openSockets() > 0, 'connection');
const scheduledDelays = () => logger.lines.filter((l) => l.msg === 'stream reconnect scheduled').map((l) => l.delayMs);

beforeEach(async () => {
  fake = await startFakeDingtalk({ now: () => clock.now(), disconnectCloseMs: 100 });
  logger = createMemoryLogger();
  received = [];
});
afterEach(async () => {
  await client?.stop();
  await fake.close();
});

describe('stream client', () => {
  test('hands a CALLBACK over, then acks it with its messageId and {"response":null}', async () => {
    client = makeClient();
    client.start();
    await connected();
    const id = fake.pushCallback({ hello: 'world' });
    const ack = await fake.waitFor(() => fake.acks.find((a) => a.messageId === id), 'ack');
    expect(JSON.parse(ack.data)).toEqual({ response: null });
    await vi.waitFor(() => expect(received).toEqual([{ data: '{"hello":"world"}', messageId: id }]));
    expect(fake.protocolErrors).toEqual([]);
    expect(client.health()).toMatchObject({ state: 'open', connected: true, connectionAttempts: 1, callbacksReceived: 1 });
  });

  test('EVENT frames: subscribed only with events; acked SUCCESS once delivered; a failed delivery stays pending and comes again', async () => {
    const events: string[] = [];
    let failOnce = true;
    client = createStreamClient({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      apiBase: fake.url,
      clock,
      logger,
      random: () => 0,
      events: true,
      deliver: async (frame) => {
        if (frame.type !== 'EVENT') return;
        if (failOnce) {
          failOnce = false;
          throw new Error('store unavailable');
        }
        events.push(`${String(frame.headers.eventType)} ${frame.data}`);
      },
      tuning: { baseDelayMs: 10, maxDelayMs: 200, watchdogIntervalMs: 1_000, silentTicks: 3, stableTicks: 1_000 },
    });
    client.start();
    await connected();
    const id = fake.pushEvent('user_leave_org', { userId: ['u1'] }, 'ev-1');
    await fake.waitFor(() => logger.lines.some((l) => l.msg === 'stream frame not accepted; left unacknowledged for redelivery'), 'failure log');
    expect(fake.acks.some((a) => a.messageId === id)).toBe(false);
    fake.dropConnection();
    await fake.waitFor(() => fake.acks.some((a) => a.messageId === id), 'ack after redelivery');
    expect(JSON.parse(fake.acks.find((a) => a.messageId === id)!.data)).toMatchObject({ status: 'SUCCESS' });
    expect(events).toEqual([`user_leave_org ${JSON.stringify({ timeStamp: String(clock.now().getTime()), userId: ['u1'] })}`]);
    expect(fake.protocolErrors).toEqual([]);
  });

  test('without events no EVENT subscription is made (the gateway sends no events)', async () => {
    client = makeClient();
    client.start();
    await connected();
    const id = fake.pushEvent('user_add_org', { userId: ['u1'] });
    fake.pushCallback({ after: 'event' });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(fake.acks.some((a) => a.messageId === id)).toBe(false);
    expect(fake.pendingCallbacks()).toBe(1);
  });

  test('echoes a SYSTEM ping', async () => {
    client = makeClient();
    client.start();
    await connected();
    const ack = await fake.ping('op-123');
    expect(JSON.parse(ack.data)).toEqual({ opaque: 'op-123' });
    expect(fake.protocolErrors).toEqual([]);
  });

  test('SYSTEM disconnect: reconnects at once, nothing counted as a failure, deliveries continue', async () => {
    client = makeClient();
    client.start();
    await connected();
    fake.sendDisconnect();
    await fake.waitFor(() => fake.state.connectionAttempts === 2 && fake.openSockets() >= 1 && client.health().connected, 'second connection');
    expect(scheduledDelays()).toEqual([0]);
    const id = fake.pushCallback({ n: 2 });
    await fake.waitFor(() => fake.acks.some((a) => a.messageId === id), 'ack on the new socket');
    await fake.waitFor(() => fake.openSockets() === 1, 'old socket closed');
    expect(client.health().consecutiveFailures).toBe(0);
    expect(fake.state.connectionAttempts).toBe(2);
  });

  test('refused opens and rejected handshakes back off exponentially on one path (no storm)', async () => {
    fake.state.refuseOpen = 2;
    fake.state.rejectUpgrade = 2;
    client = makeClient();
    client.start();
    await connected();
    // 2 refused opens + 2 rejected upgrades (ws emits both error and close for these) + 1 success.
    expect(fake.state.connectionAttempts).toBe(5);
    expect(fake.state.upgrades).toBe(3);
    expect(scheduledDelays()).toEqual([10, 20, 40, 80]);
    const id = fake.pushCallback({ ok: true });
    await fake.waitFor(() => fake.acks.some((a) => a.messageId === id), 'ack');
    expect(fake.state.connectionAttempts).toBe(5);
  });

  test('a dropped connection is reopened and unacked callbacks are redelivered', async () => {
    client = makeClient();
    client.start();
    await connected();
    fake.dropConnection();
    const id = fake.pushCallback({ during: 'outage' });
    // At least once: a frame that reached the dying socket is delivered but its ack is lost, so it comes again
    // on the new connection (the inbound pipeline dedupes it by the message's msgId).
    await fake.waitFor(() => fake.acks.some((a) => a.messageId === id) && fake.pendingCallbacks() === 0, 'redelivered and acked');
    expect(new Set(received.map((r) => r.data))).toEqual(new Set(['{"during":"outage"}']));
    expect(received.every((r) => r.messageId === id)).toBe(true);
    expect(fake.state.connectionAttempts).toBe(2);
  });

  test('watchdog: a silent socket (no frames, no pongs) is treated as dead', async () => {
    client = makeClient({ watchdogIntervalMs: 20 });
    client.start();
    await connected();
    fake.state.silent = true;
    await fake.waitFor(() => fake.state.connectionAttempts >= 2, 'reconnect after silence');
    fake.state.silent = false;
    await connected();
    expect(logger.lines.some((l) => l.msg.includes('silent'))).toBe(true);
  });

  test('every CALLBACK is handed over whatever its topic or data (the Stream receiver judges them) and acked; the connection stays', async () => {
    client = makeClient();
    client.start();
    await connected();
    const odd = fake.pushCallback('not json at all', '/v1.0/unknown/topic');
    const id = fake.pushCallback({ fine: 1 });
    await vi.waitFor(() => expect(received.map((r) => r.messageId)).toEqual([odd, id]));
    await fake.waitFor(() => fake.acks.some((a) => a.messageId === odd) && fake.acks.some((a) => a.messageId === id), 'acks');
    expect(fake.state.connectionAttempts).toBe(1);
    expect(fake.protocolErrors).toEqual([]);
  });

  test('stop closes the socket and does not reconnect', async () => {
    client = makeClient();
    client.start();
    await connected();
    await client.stop();
    expect(client.health().state).toBe('stopped');
    await fake.waitFor(() => fake.openSockets() === 0, 'socket closed');
    expect(fake.state.connectionAttempts).toBe(1);
  });
});

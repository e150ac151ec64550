/** DingTalk's encrypted event subscription: URL check and people leaving the organisation. */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { createDingtalkEventsReceiver } from '../../src/channels/dingtalk/events-receiver.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const TOKEN = 'eventtoken';
const AES = 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7';
const APP = 'dingtestapp';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** How DingTalk encrypts and signs an event (written here independently of the project's crypto). */
function dingtalkEvent(plain: object, opts: { token?: string } = {}) {
  const key = Buffer.from(`${AES}=`, 'base64');
  const msg = Buffer.from(JSON.stringify(plain));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const raw = Buffer.concat([randomBytes(16), len, msg, Buffer.from(APP)]);
  const pad = 32 - (raw.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const encrypt = Buffer.concat([cipher.update(Buffer.concat([raw, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  const timestamp = String(Date.now());
  const nonce = 'n0nce123';
  const signature = createHash('sha1')
    .update([opts.token ?? TOKEN, timestamp, nonce, encrypt].sort().join(''))
    .digest('hex');
  return { query: new URLSearchParams({ msg_signature: signature, timestamp, nonce }), body: JSON.stringify({ encrypt }) };
}

test('check_url is answered with the encrypted success; user_leave_org deactivates the people; a bad signature is 401', async () => {
  const receiver = createDingtalkEventsReceiver({ token: TOKEN, aesKey: AES, ownerKey: APP });
  const { deps, store } = await makeTestDeps({ receivers: [{ path: '/dingtalk/events', receiver }] });
  const lisi = (await store.getPerson('lisi'))!;
  await store.savePeople([{ ...lisi, identities: { dingtalk: 'ding-lisi' } }]);
  const srv = await startServer(deps);
  closers.push(srv.close);
  const post = (e: { query: URLSearchParams; body: string }) =>
    fetch(`${srv.url}/dingtalk/events?${e.query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: e.body });

  const check = await post(dingtalkEvent({ EventType: 'check_url' }));
  expect(check.status).toBe(200);
  expect(Object.keys((await check.json()) as object).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);

  const leave = await post(dingtalkEvent({ EventType: 'user_leave_org', UserId: ['ding-lisi', 'someone-unknown'], CorpId: 'dingcorp' }));
  expect(leave.status).toBe(200);
  await deps.contacts.drain();
  expect(await store.getPerson('lisi')).toMatchObject({ active: false, leftOn: deps.quiz.today() });

  const forged = await post(dingtalkEvent({ EventType: 'user_leave_org', UserId: ['zhangsan'] }, { token: 'wrong' }));
  expect(forged.status).toBe(401);
  expect(await forged.text()).toBe('');
  expect((await store.getPerson('zhangsan'))!.active).toBe(true);
});

/**
 * Chat stays short (issue 16): for a large unit, `参学率`, `未学名单` and `排行榜` each send at most 2 messages of
 * at most 2,048 UTF-8 bytes (WeCom's text limit): the top and the bottom of the board, the counts, and a link to
 * the dashboard. A small unit still gets everything in one message.
 */
import { describe, expect, test } from 'vitest';
import { runBot } from '../../src/core/bot.js';
import type { InboundMessage, OutboundMessage } from '../../src/core/message.js';
import type { Department, Person } from '../../src/store/model.js';
import { makeTestDeps } from '../helpers/test-deps.js';

const PUBLIC = 'https://pufa.example.gov.cn';
const say = (userId: string, text: string, group = false): InboundMessage => ({
  channel: 'playground',
  messageId: `m-${Math.random()}`,
  sentAt: new Date('2026-11-24T02:00:00Z'),
  sender: { userId },
  conversation: { id: group ? 'g1' : userId, kind: group ? 'group' : 'direct' },
  text,
  replyTo: { channel: 'playground', kind: 'user', id: userId },
});
const texts = (replies: OutboundMessage[]) => replies.map((r) => (r.kind === 'text' ? r.text : ''));
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** A bureau of 3,000 people in 60 divisions (the 140,000-character 参学率 of the issue, at a smaller scale). */
async function bigUnit() {
  const t = await makeTestDeps({ demo: false, env: { PUBLIC_URL: PUBLIC, ADMIN_USERS: 'boss' } });
  const departments: Department[] = [{ id: 'root', name: '市司法局' }];
  for (let d = 0; d < 60; d++) departments.push({ id: `d${d}`, name: `第${d + 1}执法大队`, parentId: 'root' });
  const people: Person[] = [];
  for (let i = 0; i < 3000; i++) {
    people.push({
      id: `p${i}`,
      name: `干部${i}`,
      departmentId: `d${i % 60}`,
      roles: ['member'],
      track: '全员',
      identities: { playground: `p${i}` },
      active: true,
      joinedOn: '2026-10-01' as never,
    });
  }
  people.push({
    id: 'boss',
    name: '局长',
    departmentId: 'root',
    roles: ['leader'],
    track: '领导干部',
    identities: { playground: 'boss' },
    active: true,
    joinedOn: '2026-10-01' as never,
  });
  await t.store.saveDepartments(departments);
  await t.store.savePeople(people);
  return t;
}

function expectShort(replies: string[]) {
  expect(replies.length).toBeGreaterThan(0);
  expect(replies.length).toBeLessThanOrEqual(2);
  for (const r of replies) expect(bytes(r)).toBeLessThanOrEqual(2048);
}

describe('a 3,000-person unit', () => {
  test('参学率: two messages at most, the top and bottom of the board, counts and the dashboard link', async () => {
    const { deps } = await bigUnit();
    const replies = texts(await runBot(deps.handler, say('boss', '参学率 本月')));
    expectShort(replies);
    const all = replies.join('\n');
    expect(all).toContain('共 61 个部门'); // the bureau and its 60 divisions: the leader's scope
    expect(all).toMatch(/^1\. /m);
    expect(all).toMatch(/……（中间 \d+ 个部门略）/);
    expect(all).toMatch(/^60\. |^\d+\. 第\d+执法大队/m);
    expect(all).toContain(`${PUBLIC}/dash?period=${encodeURIComponent('本月')}`);
    expect(all).toContain('共 3001 人');
    expect(all).toContain(`${PUBLIC}/dash/unstudied`);
  });

  test('未学名单: the count, the departments with most, as many names as fit, and the link', async () => {
    const { deps } = await bigUnit();
    const replies = texts(await runBot(deps.handler, say('boss', '未学名单')));
    expectShort(replies);
    const list = replies.at(-1)!;
    expect(list).toMatch(/未学名单（2026-11-24，共 3001 人）/);
    expect(list).toContain('按部门：');
    expect(list).toMatch(/干部0、干部1、/);
    expect(list).toContain('……等 3001 人');
  });

  test('参学率 个人: the people board joins 未学名单 in the second message, still within the limit', async () => {
    const { deps } = await bigUnit();
    const replies = texts(await runBot(deps.handler, say('boss', '参学率 个人 本月')));
    expectShort(replies);
    expect(replies.join('\n')).toMatch(/个人情况（本月，管辖范围内共 3001 人）/);
    expect(replies.join('\n')).toMatch(/……（中间 \d+ 人略）/);
  });

  test('排行榜 in a 1:1 chat and in a group', async () => {
    const { deps } = await bigUnit();
    const direct = texts(await runBot(deps.handler, say('p7', '排行榜 本周')));
    expectShort(direct);
    expect(direct.join('\n')).toContain('您在第8执法大队排第');
    const group = texts(await runBot(deps.handler, say('p7', '排行榜', true)));
    expectShort(group);
    expect(group.join('\n')).toContain('个人排名请私聊');
  });
});

test('a small unit gets every row in one message, with the link when PUBLIC_URL is set', async () => {
  const { deps } = await makeTestDeps({ env: { PUBLIC_URL: PUBLIC } });
  const replies = texts(await runBot(deps.handler, say('admin', '参学率')));
  expect(replies).toHaveLength(1);
  for (const name of ['办公室', '法制科', '执法大队', '公共法律服务科']) expect(replies[0]).toContain(name);
  expect(replies[0]).not.toContain('略）');
  expect(replies[0]).toContain(`${PUBLIC}/dash`);
});

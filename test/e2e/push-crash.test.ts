import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { BulkSender } from '../../src/core/ports/sender.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { Person } from '../../src/store/model.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { ROOT, makeTestDeps } from '../helpers/test-deps.js';

test('a crash halfway through a 5,000-person push, then a restart: every message delivered exactly once', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-crash-'));
  const record = join(dataDir, 'delivered.txt');
  const people: Person[] = Array.from({ length: 5000 }, (_, i) => ({
    id: `p${i}`,
    name: `人员${i}`,
    departmentId: 'd1',
    roles: ['member'],
    track: '全员',
    identities: { wecom: `w${String(i).padStart(4, '0')}` },
    active: true,
    joinedOn: '2026-11-01' as QuizDay,
  }));
  let store = await LowdbStore.open({ dataDir, logger: createMemoryLogger(), lockStaleMs: 2000 });
  await store.saveDepartments([{ id: 'd1', name: '法制科' }]);
  await store.savePeople(people);
  await store.close();

  // The child pushes 40 batches of 50 (2,000 people), then dies in the middle of the 41st call.
  const child = fork(join(ROOT, 'test/fixtures/push-child.ts'), [dataDir, record, '40', ROOT], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m) => {
      if (m === 'crashing') {
        child.kill('SIGKILL');
      }
    });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  const beforeRestart = readFileSync(record, 'utf8').split('\n').filter(Boolean);
  expect(beforeRestart.length).toBe(2000);

  // Restart: the lock of the killed process goes stale, the journal is replayed, the outbox resumes.
  store = await openWhenStale(dataDir);
  const delivered: string[] = [];
  let calls = 0;
  const sender: BulkSender = {
    channel: 'wecom',
    maxBatch: 50,
    groups: [],
    async sendToUsers(ids) {
      calls++;
      delivered.push(...ids);
      return { delivered: [...ids], invalid: [], failed: [] };
    },
    async sendToGroup() {},
  };
  const { deps } = await makeTestDeps({
    store,
    demo: false,
    now: '2026-11-24T01:30:00Z',
    env: { PLAYGROUND: 'false' },
    bulkSenders: new Map([['wecom', sender]]),
  });
  // Running the job again that day sends exactly the undelivered ones (the batch cut off by the crash and
  // those never tried), counted from the outbox; a third run sends nothing.
  expect(await deps.runner.run('daily-push', '2026-11-24' as QuizDay)).toMatchObject({
    status: 'ran',
    sent: 3000,
    run: { people: 3000, delivered: 3000, pending: 0, failed: 0 },
    day: { people: 5000, delivered: 5000, pending: 0, failed: 0 },
  });
  expect(await deps.runner.run('daily-push', '2026-11-24' as QuizDay)).toMatchObject({ status: 'ran', sent: 0, skipped: { alreadySent: 5000 } });
  await store.close();

  const all = [...beforeRestart, ...delivered];
  expect(all.length).toBe(5000);
  expect(new Set(all).size).toBe(5000);
  expect(calls).toBe(60);
  expect(existsSync(join(dataDir, 'journal'))).toBe(true);
}, 60_000);

/** Opens the store once the killed process's lock has gone stale (2 s without a refresh). */
async function openWhenStale(dataDir: string): Promise<LowdbStore> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await LowdbStore.open({ dataDir, logger: createMemoryLogger(), lockStaleMs: 2000 });
    } catch (err) {
      if (attempt >= 40 || (err as { code?: string }).code !== 'store.locked') throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { LOCK_DIR, LOCK_OWNER_FILE, type LockOwner, type ProcessIdentity, currentProcess, holderGone, lockIdOf } from '../../../src/store/data-lock.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { ROOT } from '../../helpers/test-deps.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Starts a real process that opens the store and stays alive; resolves with its report. */
function holder(dataDir: string, people = 0): Promise<{ child: ChildProcess; report: { open?: boolean; error?: string } }> {
  const child = fork(join(ROOT, 'test/fixtures/store-holder.ts'), [dataDir, String(people)], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (report) => resolve({ child, report: report as { open?: boolean; error?: string } }));
    child.once('error', reject);
  });
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

describe('the data directory lock', () => {
  test('a live process is refused; after kill -9 the next start takes over at once (no wait for the lock to go stale)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-lock-'));
    const { child, report } = await holder(dataDir);
    expect(report).toEqual({ open: true });

    const refused = await LowdbStore.open({ dataDir, logger: createMemoryLogger() }).catch((e) => e);
    expect(isAppError(refused, 'store.locked')).toBe(true);
    expect(refused.details).toMatchObject({ ownerPid: child.pid });
    // A second live process is refused the same way.
    const second = await holder(dataDir);
    expect(second.report).toEqual({ error: 'store.locked' });

    child.kill('SIGKILL');
    await exited(child);
    const logger = createMemoryLogger();
    const store = await LowdbStore.open({ dataDir, logger, lockStaleMs: 60_000 });
    expect(logger.lines.find((l) => l.msg.startsWith('taking over the lock'))).toMatchObject({
      level: 'warn',
      ownerPid: child.pid,
      reason: `process ${child.pid} is no longer running`,
    });
    await store.close();
  }, 60_000);

  test('a lock copied with the data directory from another machine is taken over at once, with a warning', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-lock-copy-'));
    mkdirSync(join(dataDir, LOCK_DIR));
    const owner: LockOwner = {
      pid: 4242,
      host: 'old-server',
      bootId: '00000000-0000-0000-0000-000000000000',
      lockId: lockIdOf(statSync(join(dataDir, LOCK_DIR))),
      lockedAt: '2026-11-20T01:00:00.000Z',
    };
    writeFileSync(join(dataDir, LOCK_OWNER_FILE), JSON.stringify(owner));
    const logger = createMemoryLogger();
    const store = await LowdbStore.open({ dataDir, logger, lockStaleMs: 60_000 });
    expect(String(logger.lines.find((l) => l.msg.startsWith('taking over the lock'))?.reason)).toContain('another machine (old-server)');
    await store.close();
  });

  test('a lock without an owner record (an older version) is refused while fresh and taken over once stale', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-lock-old-'));
    mkdirSync(join(dataDir, LOCK_DIR));
    const fresh = await LowdbStore.open({ dataDir, logger: createMemoryLogger(), lockStaleMs: 60_000 }).catch((e) => e);
    expect(isAppError(fresh, 'store.locked')).toBe(true);
    const old = new Date('2026-11-01T00:00:00Z');
    utimesSync(join(dataDir, LOCK_DIR), old, old);
    const logger = createMemoryLogger();
    const store = await LowdbStore.open({ dataDir, logger, lockStaleMs: 60_000 });
    expect(String(logger.lines.find((l) => l.msg.startsWith('taking over the lock'))?.reason)).toMatch(/not refreshed for \d+ s/);
    await store.close();
  });

  describe('whether a holder is gone', () => {
    const self: ProcessIdentity = { pid: 100, host: 'bot-1', bootId: 'boot-a', pidNs: 'pid:[1]', startTicks: '500' };
    const owner = (extra: Partial<LockOwner>): LockOwner => ({
      pid: 200,
      host: 'bot-1',
      bootId: 'boot-a',
      pidNs: 'pid:[1]',
      startTicks: '400',
      lockId: 'x',
      lockedAt: 'x',
      ...extra,
    });
    const alive = () => true;
    test.each([
      ['another boot (copied, or the machine restarted)', owner({ bootId: 'boot-b' }), true],
      ['another host name where there is no boot id', owner({ bootId: undefined, host: 'bot-2' }), true],
      ['the same container restarted (same host, new pid namespace)', owner({ pidNs: 'pid:[2]' }), true],
      ['another container on this machine: cannot be seen, not judged gone', owner({ pidNs: 'pid:[2]', host: 'bot-2' }), false],
      ['its pid is ours (a restart in a container)', owner({ pid: 100 }), true],
      ['a live process on this machine', owner({}), false],
    ] as const)('%s → %s', (_name, o, gone) => {
      expect(holderGone(o, self, alive) !== undefined).toBe(gone);
    });
    test('a pid that is gone; a pid now used by a process started at another time', () => {
      expect(holderGone(owner({}), self, () => false)).toBe('process 200 is no longer running');
      const me = currentProcess();
      if (me.startTicks === undefined) return; // no /proc here: pid reuse cannot be told
      expect(holderGone({ ...me, pid: process.pid + 0, lockId: 'x', lockedAt: 'x' }, { ...me, pid: 1 }, alive)).toBeUndefined();
      expect(holderGone({ ...me, startTicks: '1', lockId: 'x', lockedAt: 'x' }, { ...me, pid: 1 }, alive)).toBe(
        `process id ${process.pid} now belongs to another program`,
      );
    });
  });
});

import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../src/core/log.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { describePracticeStoreContract } from './practice-store-contract.js';
import { describeStoreContract } from './store-contract.js';
import { describeWebAuthContract } from './web-auth-contract.js';
import { describeAdminStoreContract } from './admin-store-contract.js';
import type { AdminStore } from '../../src/core/admin-store.js';

describeStoreContract('memory', async () => ({ store: createMemoryStore() }));

describeStoreContract('lowdb on a temp dir', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-store-'));
  const open = () => LowdbStore.open({ dataDir, logger: createMemoryLogger() });
  return { store: await open(), reopen: open };
});

describePracticeStoreContract('memory', async () => ({ store: createMemoryStore() }));

describePracticeStoreContract('lowdb on a temp dir', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-practice-'));
  const open = (dir = dataDir) => LowdbStore.open({ dataDir: dir, logger: createMemoryLogger() });
  // A crash: the files as they are while the store is open (journal written, no snapshot since), opened elsewhere.
  const crashCopy = async () => {
    const copy = mkdtempSync(join(tmpdir(), 'pufa-practice-crash-'));
    cpSync(dataDir, copy, { recursive: true, filter: (src) => !src.endsWith('.lock') });
    return open(copy);
  };
  return { store: await open(), reopen: () => open(), crashCopy };
});

describeWebAuthContract('memory', async () => ({ store: createMemoryStore() }));

describeWebAuthContract(
  'lowdb on a temp dir',
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-auth-'));
    const open = () => LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    return { store: await open(), reopen: open };
  },
  { durable: true },
);

const adminOf = async <S extends { adminStore(): AdminStore; close(): Promise<void> }>(s: S) => Object.assign(s.adminStore(), { close: () => s.close() });
describeAdminStoreContract('memory', async () => ({ store: await adminOf(createMemoryStore()) }));
describeAdminStoreContract('lowdb on a temp dir', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-admin-'));
  const open = async () => adminOf(await LowdbStore.open({ dataDir, logger: createMemoryLogger() }));
  return { store: await open(), reopen: open, dataDir };
});

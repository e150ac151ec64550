import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../src/core/log.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { MapStore } from '../fakes/map-store.js';
import { describePracticeStoreContract } from './practice-store-contract.js';
import { describeStoreContract } from './store-contract.js';
import { describeExamStoreContract } from './exam-store-contract.js';
import { describeWebAuthContract } from './web-auth-contract.js';
import { describeAdminStoreContract } from './admin-store-contract.js';
import type { AdminStore } from '../../src/core/admin-store.js';

describeStoreContract('memory', async () => ({ store: createMemoryStore() }));

// The independent implementation: a logic bug shared by the two stores above shows up as a disagreement here.
describeStoreContract('map (independent)', async () => ({ store: new MapStore() }));

describeStoreContract('lowdb on a temp dir', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-store-'));
  const open = () => LowdbStore.open({ dataDir, logger: createMemoryLogger() });
  return { store: await open(), reopen: open };
});

describeExamStoreContract('memory', async () => {
  const store = createMemoryStore();
  return { exams: store.exams, close: () => store.close() };
});

describeExamStoreContract('lowdb on a temp dir', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-exam-store-'));
  const open = () => LowdbStore.open({ dataDir, logger: createMemoryLogger() });
  const store = await open();
  const wrap = (s: LowdbStore) => ({ exams: s.exams, close: () => s.close() });
  return {
    ...wrap(store),
    reopen: async () => wrap(await open()),
    // A killed process: copy the data directory while the store is open (nothing snapshotted since), open the copy.
    crashCopy: async () => {
      const copy = mkdtempSync(join(tmpdir(), 'pufa-exam-crash-'));
      cpSync(dataDir, copy, { recursive: true, filter: (src) => !src.endsWith('.lock') });
      return wrap(await LowdbStore.open({ dataDir: copy, logger: createMemoryLogger() }));
    },
  };
});

describePracticeStoreContract('memory', async () => ({ store: createMemoryStore() }));

describePracticeStoreContract('map (independent)', async () => ({ store: new MapStore() }));

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

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../src/core/log.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { describeStoreContract } from './store-contract.js';
import { describeWebAuthContract } from './web-auth-contract.js';

describeStoreContract('memory', async () => ({ store: createMemoryStore() }));

describeStoreContract('lowdb on a temp dir', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-store-'));
  const open = () => LowdbStore.open({ dataDir, logger: createMemoryLogger() });
  return { store: await open(), reopen: open };
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

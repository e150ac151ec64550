/**
 * A data directory written before the compact journal (test/fixtures/store-v1) opens with the current store and
 * answers through its ports exactly what the store that wrote it answered; after the store has written its
 * own format (compact lines, sealed segments compressed) it still does, and a rebuild from the whole journal
 * (both formats mixed) gives the same answers.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createMemoryLogger } from '../../../src/core/log.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { dumpFixtureStore } from '../../fixtures/store-v1/dump.js';
import { ROOT } from '../../helpers/test-deps.js';

const FIXTURE = join(ROOT, 'test/fixtures/store-v1');
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as Record<string, unknown>;
const open = (dataDir: string) => LowdbStore.open({ dataDir, logger: createMemoryLogger() });

function copyOfFixture(): string {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'pufa-v1-')), 'data');
  cpSync(join(FIXTURE, 'data'), dataDir, { recursive: true });
  return dataDir;
}

/** The dump without its last part: the claims it makes are writes, so a second dump answers them differently. */
function withoutClaims(dump: unknown): Record<string, unknown> {
  const { claims: _claims, ...rest } = dump as Record<string, unknown>;
  return rest;
}

describe('opening a data directory of the earlier store format', () => {
  test('answers what the store that wrote it answered, before and after the store has rewritten it', async () => {
    const dataDir = copyOfFixture();
    const store = await open(dataDir);
    expect(await dumpFixtureStore(store)).toEqual(expected);
    await store.close();
    // Closing snapshots: the old segments are sealed and compressed, new events are compact lines.
    const files = readdirSync(join(dataDir, 'journal'));
    expect(files).toContain('000000.jsonl.gz');
    expect(files).toContain('000001.jsonl.gz');

    const again = await open(dataDir);
    const second = (await dumpFixtureStore(again)) as Record<string, unknown>;
    expect(withoutClaims(second)).toEqual(withoutClaims(expected));
    expect(second.claims).toEqual([false, false, false, false, false]); // every claim of the first dump was kept
    await again.close();
  });

  test('rebuilt from the whole journal (old object lines and compact lines, compressed), it answers the same', async () => {
    const dataDir = copyOfFixture();
    const store = await open(dataDir);
    await dumpFixtureStore(store);
    await store.close();
    rmSync(join(dataDir, 'snapshot.json'));
    rmSync(join(dataDir, 'store.json'));
    expect(existsSync(join(dataDir, 'journal', '000000.jsonl.gz'))).toBe(true);
    const rebuilt = await open(dataDir);
    const dump = (await dumpFixtureStore(rebuilt)) as Record<string, unknown>;
    expect(withoutClaims(dump)).toEqual(withoutClaims(expected));
    await rebuilt.close();
  });
});

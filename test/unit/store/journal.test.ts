import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { Journal } from '../../../src/store/journal.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { writeFileSync } from 'node:fs';

describe('journal', () => {
  test('a torn last line from a crash mid-write is cut off, saying what was cut; the rest replays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pufa-journal-'));
    const j = Journal.open(dir, 0);
    j.append({ n: 1 });
    j.append({ n: 2 });
    j.close();
    appendFileSync(join(dir, Journal.name(0)), '{"n":3,"half');
    expect(Journal.repairTail(dir, 0)).toMatchObject({ segment: 0, bytesCut: 12, partialStart: '{"n":3,"half' });
    expect(Journal.repairTail(dir, 0)).toBeUndefined();
    const again = Journal.open(dir, 0);
    expect([...Journal.read<{ n: number }>(dir, 0)].map((e) => e.n)).toEqual([1, 2]);
    again.append({ n: 3 });
    again.close();
    expect(readFileSync(join(dir, Journal.name(0)), 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  test('rotation starts a new segment; reading from a segment skips older ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pufa-journal-'));
    const j = Journal.open(dir, 0);
    j.append({ n: 1 });
    expect(j.rotate()).toBe(1);
    j.append({ n: 2 });
    j.close();
    expect([...Journal.read<{ n: number }>(dir, 1)].map((e) => e.n)).toEqual([2]);
    expect(Journal.segments(dir)).toEqual([0, 1]);
  });

  test('a corrupt store file stops the start with store.corrupt, and a second process is refused with store.locked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pufa-store-'));
    const store = await LowdbStore.open({ dataDir: dir, logger: createMemoryLogger() });
    const second = await LowdbStore.open({ dataDir: dir, logger: createMemoryLogger() }).catch((e) => e);
    expect(isAppError(second, 'store.locked')).toBe(true);
    await store.close();
    writeFileSync(join(dir, 'store.json'), '{"version": 1, "departments": [');
    const corrupt = await LowdbStore.open({ dataDir: dir, logger: createMemoryLogger() }).catch((e) => e);
    expect(isAppError(corrupt, 'store.corrupt')).toBe(true);
  });
});

/**
 * snapshot.json is written compactly (no indentation, pure ASCII, packed arrays trimmed to their use) and reopens
 * to the same state; a snapshot written the old way (lowdb's indented UTF-8 JSON) still opens.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { asciiJson } from '../../../src/store/snapshot-file.js';
import { answer, person, quiz } from '../../contract/store-contract.js';

const day = '2026-11-24' as QuizDay;
const open = (dataDir: string) => LowdbStore.open({ dataDir, logger: createMemoryLogger() });

/** A store with Chinese law names in its tallies, a wrong answer and a quiz served. */
async function populated(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-snapfile-'));
  const store = await open(dataDir);
  await store.saveDepartments([{ id: 'd1', name: '法制科' }]);
  await store.savePeople([person('a'), person('b')]);
  await store.saveQuiz(quiz('a'));
  await store.recordAnswer({ ...answer('a', 0, true), law: '中华人民共和国行政处罚法', article: '第三十六条', departmentId: 'd1' });
  await store.recordAnswer({ ...answer('a', 1, false), law: '中华人民共和国行政处罚法', article: '第三十六条', departmentId: 'd1' });
  await store.completeDay('a', day, 1);
  await store.close();
  return dataDir;
}

/** What the public methods say about the populated store. */
async function observed(store: LowdbStore) {
  return {
    people: (await store.listPeople()).map((p) => p.id),
    departments: await store.listDepartments(),
    quiz: await store.getQuiz('a', day),
    answers: await store.answersOf('a', day),
    stats: await store.dayStats('a', day),
    statsB: await store.dayStats('b', day),
    table: [...(await store.dayTable(day))],
    lastSeen: [...(await store.lastSeen('a'))],
    wrong: await store.wrongAnswers('a', 10),
    tally: await store.lawTally(['2026-11']),
    lawCounts: [...(await store.lawCounts('a'))],
  };
}

describe('snapshot.json', () => {
  test('written compactly in ASCII; reopening gives the same state through every read', async () => {
    const dataDir = await populated();
    const bytes = readFileSync(join(dataDir, 'snapshot.json'));
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(bytes.toString('latin1')).not.toContain('\n');
    const text = bytes.toString('latin1');
    expect(JSON.parse(text).state.laws.articles).toEqual([['中华人民共和国行政处罚法', '第三十六条']]);

    const first = await open(dataDir);
    const before = await observed(first);
    expect(before.tally).toEqual([{ departmentId: 'd1', law: '中华人民共和国行政处罚法', article: '第三十六条', answered: 2, correct: 1 }]);
    expect(before.wrong).toHaveLength(1);
    expect(before.stats).toMatchObject({ answered: 2, correct: 1, completed: true });
    await first.snapshot(); // written again from the restored (trimmed) arrays
    await first.close();
    const again = await open(dataDir);
    expect(await observed(again)).toEqual(before);
    // The trimmed arrays still grow: a new person and a new question after the reopen.
    await again.savePeople([person('c')]);
    await again.saveQuiz({ ...quiz('c'), items: [{ questionId: 'q9', order: [] }] });
    await again.recordAnswer({ ...answer('c', 0, true), questionId: 'q9' });
    expect(await again.dayStats('c', day)).toMatchObject({ answered: 1, correct: 1 });
    expect([...(await again.lastSeen('c'))]).toEqual([['q9', day]]);
    await again.close();
  });

  test('a snapshot written by earlier versions (indented UTF-8 JSON) opens with the same state', async () => {
    const dataDir = await populated();
    const current = await open(dataDir);
    const expected = await observed(current);
    await current.close();
    const path = join(dataDir, 'snapshot.json');
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify(doc, null, 2), 'utf8');
    expect(readFileSync(path).every((b) => b < 0x80)).toBe(false);
    const old = await open(dataDir);
    expect(await observed(old)).toEqual(expected);
    await old.close();
  });

  test('asciiJson escapes every non-ASCII character and parses back to the same value', () => {
    const value = { law: '《中华人民共和国宪法》', emoji: '学法😀', plain: 'a"b\\c', n: [1, 2.5, null] };
    const text = asciiJson(value);
    expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
  });
});

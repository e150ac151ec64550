/**
 * Missing or damaged files are never silently replaced: each is rebuilt exactly from what is intact (with a
 * warning saying so) or the start is refused naming the file. And a directory change is one journal append.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { type AppError, isAppError } from '../../../src/core/errors.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { seedDemo } from '../../../src/directory/demo-seed.js';
import { Journal } from '../../../src/store/journal.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { answer, person, quiz } from '../../contract/store-contract.js';
import { ROOT } from '../../helpers/test-deps.js';

const day = '2026-11-24' as QuizDay;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

const open = (dataDir: string, logger = createMemoryLogger()) => LowdbStore.open({ dataDir, logger });
const refusal = async (dataDir: string): Promise<AppError> => {
  const err = await open(dataDir).catch((e) => e);
  if (!isAppError(err)) throw new Error(`expected the start to be refused, got ${String(err)}`);
  return err;
};
const segmentsOf = (dataDir: string) => Journal.segments(join(dataDir, 'journal'));

/** A data directory with people and answers, opened and closed `sessions` times (each close snapshots). */
async function populated(sessions = 1): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-files-'));
  for (let s = 0; s < sessions; s++) {
    const store = await open(dataDir);
    if (s === 0) {
      await store.saveDepartments([{ id: 'd1', name: '法制科' }]);
      await store.savePeople([person('a'), person('b')]);
      await store.saveQuiz(quiz('a'));
      await store.recordAnswer(answer('a', 0, true));
    } else {
      await store.savePeople([person(`s${s}`)]);
    }
    await store.close();
  }
  return dataDir;
}

async function expectIntact(store: LowdbStore, extraPeople: string[] = []) {
  expect((await store.listPeople()).map((p) => p.id)).toEqual(['a', 'b', ...extraPeople]);
  expect((await store.listDepartments()).map((d) => d.name)).toEqual(['法制科']);
  expect(await store.dayStats('a', day)).toMatchObject({ answered: 1, correct: 1 });
  expect(await store.recordAnswer(answer('a', 0, false))).toBe('already-answered');
}

describe('store.json (the directory)', () => {
  test('deleted while the journal holds data: rebuilt from the journal, saying so; the demo people are not seeded again', async () => {
    const dataDir = await populated(2);
    rmSync(join(dataDir, 'store.json'));
    const logger = createMemoryLogger();
    const store = await open(dataDir, logger);
    await expectIntact(store, ['s1']);
    expect(logger.lines.find((l) => l.msg.startsWith('store.json was missing'))).toMatchObject({ level: 'warn', people: 3, departments: 1 });
    expect(await seedDemo(store, fixedClock('2026-11-24T02:00:00Z'), 'Asia/Shanghai')).toBe(false);
    expect(JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8'))).toMatchObject({ version: 2 });
    await store.close();
  });

  test('an old directory (version 1, rewritten per change) is migrated on open; until then a deleted store.json is refused', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-files-v1-'));
    const v1 = { version: 1, departments: [{ id: 'd1', name: '法制科' }], people: [person('a'), person('b')], topics: [] };
    writeFileSync(join(dataDir, 'store.json'), JSON.stringify(v1, null, 2));
    mkdirSync(join(dataDir, 'journal'));
    writeFileSync(
      join(dataDir, 'journal', Journal.name(0)),
      `${JSON.stringify({ t: 'quiz', quiz: quiz('a') })}\n${JSON.stringify({ t: 'answer', a: answer('a', 0, true) })}\n`,
    );
    const backup = join(dataDir, 'store.json.bak');
    copyFileSync(join(dataDir, 'store.json'), backup);

    rmSync(join(dataDir, 'store.json'));
    const err = await refusal(dataDir);
    expect(err.code).toBe('store.missing');
    expect(err.message).toContain('store.json');
    expect(err.message).toContain('Restore store.json from a backup');
    expect(existsSync(join(dataDir, 'store.json'))).toBe(false); // nothing was replaced

    copyFileSync(backup, join(dataDir, 'store.json'));
    const store = await open(dataDir);
    await expectIntact(store);
    expect(JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8'))).toMatchObject({ version: 2 });
    await store.close();
    // From now on the journal holds the whole directory: a lost store.json is rebuilt.
    rmSync(join(dataDir, 'store.json'));
    const rebuilt = await open(dataDir);
    await expectIntact(rebuilt);
    await rebuilt.close();
  });

  test('damaged (a broken hand edit): refused with the reason, the file left as it is', async () => {
    const dataDir = await populated();
    writeFileSync(join(dataDir, 'store.json'), '{"version": 2, "departments": [');
    const err = await refusal(dataDir);
    expect(err.code).toBe('store.corrupt');
    expect(err.message).toMatch(/store\.json .* is damaged: not valid JSON/);
    expect(readFileSync(join(dataDir, 'store.json'), 'utf8')).toBe('{"version": 2, "departments": [');
  });
});

describe('snapshot.json (the aggregates)', () => {
  test('deleted: rebuilt by replaying the whole journal, saying so', async () => {
    const dataDir = await populated(3);
    rmSync(join(dataDir, 'snapshot.json'));
    const logger = createMemoryLogger();
    const store = await open(dataDir, logger);
    await expectIntact(store, ['s1', 's2']);
    expect(logger.lines.some((l) => l.level === 'warn' && l.msg.startsWith('snapshot.json is missing'))).toBe(true);
    await store.close();
  });

  test('damaged: kept aside and rebuilt from the journal', async () => {
    const dataDir = await populated(2);
    writeFileSync(join(dataDir, 'snapshot.json'), '{"version": 1, "replayFrom": ');
    const logger = createMemoryLogger();
    const store = await open(dataDir, logger);
    await expectIntact(store, ['s1']);
    const aside = readdirSync(dataDir).find((f) => f.startsWith('snapshot.json.damaged-'));
    expect(aside && readFileSync(join(dataDir, aside), 'utf8')).toBe('{"version": 1, "replayFrom": ');
    expect(logger.lines.some((l) => l.level === 'warn' && l.msg.includes(`kept aside as ${aside}`))).toBe(true);
    await store.close();
  });

  test('missing while the first journal segment is gone too: refused, naming the file', async () => {
    const dataDir = await populated(2);
    rmSync(join(dataDir, 'snapshot.json'));
    rmSync(join(dataDir, 'journal', Journal.name(0)));
    const err = await refusal(dataDir);
    expect(err.code).toBe('store.missing');
    expect(err.message).toContain('snapshot.json');
    expect(err.details).toMatchObject({ missingSegments: [0] });
  });
});

describe('journal segments', () => {
  test('a segment missing where replay starts (an older snapshot.json restored from a backup): refused, naming the segment', async () => {
    const dataDir = await populated(1);
    const oldSnapshot = readFileSync(join(dataDir, 'snapshot.json'), 'utf8'); // replays from segment 1
    const store = await open(dataDir);
    await store.savePeople([person('late')]);
    await store.close(); // now segments 0, 1, 2
    writeFileSync(join(dataDir, 'snapshot.json'), oldSnapshot);
    rmSync(join(dataDir, 'journal', Journal.name(1)));
    const err = await refusal(dataDir);
    expect(err.code).toBe('store.missing');
    expect(err.message).toContain('journal/000001.jsonl');
    expect(err.details).toMatchObject({ missingSegments: [1] });
  });

  test('an old segment (before the snapshot) missing: opens, with a warning that the answer record is incomplete', async () => {
    const dataDir = await populated(3);
    rmSync(join(dataDir, 'journal', Journal.name(1)));
    const logger = createMemoryLogger();
    const store = await open(dataDir, logger);
    await expectIntact(store, ['s1', 's2']);
    expect(logger.lines.find((l) => l.msg.startsWith('old journal segments are missing'))).toMatchObject({ level: 'warn', missing: ['000001.jsonl'] });
    await store.close();
  });

  test('the journal folder deleted: refused', async () => {
    const dataDir = await populated(1);
    rmSync(join(dataDir, 'journal'), { recursive: true });
    expect((await refusal(dataDir)).code).toBe('store.missing');
  });

  test('a torn last line from a crash is cut with a warning saying what was cut', async () => {
    const dataDir = await populated(1);
    const last = segmentsOf(dataDir).at(-1)!;
    appendFileSync(join(dataDir, 'journal', Journal.name(last)), '{"t":"answer","a":{"personId":"b"');
    const logger = createMemoryLogger();
    const store = await open(dataDir, logger);
    expect(logger.lines.find((l) => l.msg.startsWith('journal: cut an unfinished last line'))).toMatchObject({
      level: 'warn',
      segment: last,
      bytesCut: 33,
      partialStart: '{"t":"answer","a":{"personId":"b"',
    });
    await expectIntact(store);
    await store.close();
  });
});

describe('directory changes are journal appends', () => {
  test('adding people one at a time appends a line each; store.json is not rewritten until the snapshot', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-files-append-'));
    const store = await open(dataDir);
    const storeJson = readFileSync(join(dataDir, 'store.json'), 'utf8');
    const journal = join(dataDir, 'journal', Journal.name(segmentsOf(dataDir).at(-1)!));
    const sizes: number[] = [];
    for (let i = 0; i < 200; i++) {
      await store.savePeople([person(`p${i}`)]);
      sizes.push(statSync(journal).size);
    }
    expect(readFileSync(join(dataDir, 'store.json'), 'utf8')).toBe(storeJson);
    const growth = sizes.slice(1).map((s, i) => s - sizes[i]!);
    expect(Math.max(...growth)).toBeLessThan(400); // one small line per person, whatever the directory's size
    expect(Math.max(...growth) - Math.min(...growth)).toBeLessThanOrEqual(9); // only the id's digits grow: "p1" → "p199"
    await store.close();
    expect(JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8')).people).toHaveLength(200);
  });

  test('people added by a process killed with SIGKILL before any snapshot are there after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-files-kill-'));
    const child = fork(join(ROOT, 'test/fixtures/store-holder.ts'), [dataDir, '50'], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
    children.push(child);
    expect(await new Promise((r) => child.once('message', r))).toEqual({ open: true });
    child.kill('SIGKILL');
    await new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
    const store = await open(dataDir);
    expect(await store.listPeople()).toHaveLength(50);
    expect((await store.findPersonByIdentity('wecom', 'w49'))?.id).toBe('p49');
    await store.close();
  }, 60_000);
});

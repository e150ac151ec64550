import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importBank, listBanks, loadAllBanks, setBankEnabled } from '../../../../src/bank/bank-registry.js';
import { checkBank } from '../../../../src/bank/check-bank.js';
import { createQuestionBank } from '../../../../src/quiz/question-bank.js';
import { FIXTURES, ROOT, laws, tmpDir } from './bank-fixtures.js';

const questionsDir = join(ROOT, 'questions');
const messages = (issues: ReadonlyArray<{ message: string }>) => issues.map((e) => e.message);
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, any>;

describe('importBank', () => {
  test('stores a good file as <dataDir>/banks/<bank>.json, enabled, and re-importing updates by id', async () => {
    const dataDir = await tmpDir();
    const first = await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws, questionsDir, now: new Date('2026-03-01T08:00:00Z') });
    expect(first).toMatchObject({ bank: 'good', written: true, rows: 5, imported: 5, updated: 0, unchanged: 0, skipped: 0, total: 5, errors: [] });
    const stored = await readJson(join(dataDir, 'banks', 'good.json'));
    expect(stored).toMatchObject({ bank: 'good', source: 'good.csv', importedAt: '2026-03-01T08:00:00.000Z' });
    expect(stored.questions).toHaveLength(5);
    expect(Object.keys(stored.citations)).toEqual(expect.arrayContaining(['行政处罚法|第三十六条', '行政许可法|第四十二条']));
    expect(await readJson(join(dataDir, 'banks', 'banks.json'))).toEqual({
      banks: { good: { enabled: true, source: 'good.csv', importedAt: '2026-03-01T08:00:00.000Z', questions: 5 } },
    });
    expect((await readdir(join(dataDir, 'banks'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const again = await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws });
    expect(again).toMatchObject({ written: true, imported: 0, updated: 0, unchanged: 5, total: 5 });

    const edited = join(dataDir, 'good.csv');
    const text = await readFile(join(FIXTURES, 'good.csv'), 'utf8');
    await writeFile(edited, text.replace('处罚时效,CF-001', '时效,CF-001'));
    const third = await importBank(edited, { dataDir, laws, bankName: 'good' });
    expect(third).toMatchObject({ written: true, imported: 0, updated: 1, unchanged: 4, total: 5 });
    expect((await readJson(join(dataDir, 'banks', 'good.json'))).questions[0].topic).toBe('时效');
  });

  test('all-or-nothing: a file with errors imports nothing unless skipInvalid', async () => {
    const dataDir = await tmpDir();
    const refused = await importBank(join(FIXTURES, 'broken.csv'), { dataDir, laws });
    expect(refused).toMatchObject({ written: false, imported: 0, total: 0 });
    expect(refused.errors).toHaveLength(9);
    await expect(readdir(join(dataDir, 'banks'))).rejects.toThrow();

    const skipped = await importBank(join(FIXTURES, 'broken.csv'), { dataDir, laws, skipInvalid: true });
    expect(skipped).toMatchObject({ written: true, imported: 2, skipped: 8, total: 2 });
    expect(skipped.errors).toHaveLength(9);
  });

  test('a file-level error imports nothing, even with skipInvalid', async () => {
    const dataDir = await tmpDir();
    const file = join(dataDir, 'wrong.csv');
    await writeFile(file, '题目名称,答案,依据\n某题,B,《行政处罚法》第九条\n');
    const r = await importBank(file, { dataDir, laws, skipInvalid: true });
    expect(r.written).toBe(false);
    expect(messages(r.errors)).toEqual([expect.stringContaining('缺少必需的列：题干')]);
  });

  test('ids of the shipped bank and of other banks are reserved', async () => {
    const dataDir = await tmpDir();
    const file = join(dataDir, 'clash.json');
    const shipped = (await readJson(join(questionsDir, 'xianfa.json'))).questions[0];
    await writeFile(file, JSON.stringify({ bank: 'clash', questions: [{ ...shipped, stem: `${shipped.stem}（导入）` }] }));
    const r = await importBank(file, { dataDir, laws, questionsDir });
    expect(r.written).toBe(false);
    expect(messages(r.errors)).toEqual([`第 1 行：编号 ${shipped.id} 已被题库「builtin」使用，请改用其他编号`]);

    await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws, bankName: 'first' });
    const copy = await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws, bankName: 'second' });
    expect(copy).toMatchObject({ written: true, imported: 5 });
    const stored = await readJson(join(dataDir, 'banks', 'second.json'));
    expect(stored.questions.map((q: { id: string }) => q.id)).toContain('second-cf-001');
  });

  test('reserved and unusable bank names are refused', async () => {
    const dataDir = await tmpDir();
    for (const bankName of ['builtin', 'banks', '../escape', 'a/b']) {
      const r = await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws, bankName });
      expect(r.written).toBe(false);
      expect(r.errors[0]!.message).toContain('题库名称');
    }
  });
});

describe('enabling, listing and loading banks', () => {
  test('setBankEnabled and listBanks', async () => {
    const dataDir = await tmpDir();
    expect(await listBanks(dataDir)).toEqual([{ name: 'builtin', builtin: true, enabled: true }]);
    await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws, bankName: '执法资格题库' });
    expect(await setBankEnabled(dataDir, '执法资格题库', false)).toMatchObject({ name: '执法资格题库', enabled: false, builtin: false });
    await setBankEnabled(dataDir, 'builtin', false);
    expect((await listBanks(dataDir)).map((b) => [b.name, b.enabled, b.questions])).toEqual([
      ['builtin', false, undefined],
      ['执法资格题库', false, 5],
    ]);
    await expect(setBankEnabled(dataDir, 'nope', true)).rejects.toThrow('没有名为「nope」的导入题库');
    const reimport = await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws, bankName: '执法资格题库' });
    expect(reimport.written).toBe(true);
    expect((await listBanks(dataDir))[1]!.enabled).toBe(false);
  });

  test('loadAllBanks: shipped + imported banks; disabled banks are not served but still resolve by id', async () => {
    const dataDir = await tmpDir();
    await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws, bankName: 'good' });
    await importBank(join(FIXTURES, 'numbered.txt'), { dataDir, laws, bankName: 'paper' });
    await setBankEnabled(dataDir, 'paper', false);
    const loaded = await loadAllBanks({ questionsDir, dataDir, laws });
    expect(loaded.report.errors).toEqual([]);
    expect(loaded.refused).toEqual([]);
    expect(loaded.disabledBanks).toEqual(['paper']);
    const shipped = loaded.report.questions.filter((q) => q.bank === 'builtin').length;
    expect(shipped).toBeGreaterThanOrEqual(500);
    expect(loaded.report.questions.filter((q) => q.bank === 'good')).toHaveLength(5);
    const bank = createQuestionBank(loaded.report.questions, { exclude: loaded.report.needsReview, disabledBanks: loaded.disabledBanks });
    expect(bank.size).toBe(shipped + 5);
    const paperId = loaded.report.questions.find((q) => q.bank === 'paper')!.id;
    expect(bank.get(paperId)?.bank).toBe('paper');
    expect(bank.all().some((q) => q.id === paperId)).toBe(false);
    expect(loaded.report.warnings.some((w) => w.file === 'banks/good.json' && w.field === 'basis.law')).toBe(true);
  });

  test('an imported bank that no longer checks is left out, not fatal; the shipped bank still loads', async () => {
    const dataDir = await tmpDir();
    await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws, bankName: 'stale' });
    const path = join(dataDir, 'banks', 'stale.json');
    const stored = await readJson(path);
    stored.questions[0].basis.articles = ['第九百条'];
    await writeFile(path, JSON.stringify(stored));
    const loaded = await loadAllBanks({ questionsDir, dataDir, laws });
    expect(loaded.report.errors).toEqual([]);
    expect(loaded.refused.map((r) => [r.bank, r.errors.map((e) => e.field)])).toEqual([['stale', ['basis.articles']]]);
    expect(loaded.report.questions.some((q) => q.bank === 'stale')).toBe(false);
  });
});

describe('checkBank on imported banks', () => {
  const base = {
    id: 'zfzg-1',
    type: 'single',
    stem: '违法行为在多长时间内未被发现的，不再给予行政处罚？',
    options: ['一年', '二年', '三年', '五年'],
    answer: 'B',
    explanation: '第三十六条。',
    basis: { law: '行政处罚法', articles: ['第三十六条'] },
    tracks: ['全员'],
    topic: '时效',
    difficulty: 1,
  };
  const run = (bank: string, q: object, citations?: object) =>
    checkBank([{ name: 'f.json', content: { bank, questions: [q], ...(citations ? { citations } : {}) } }], laws);

  test('a missing version is an error in the shipped bank only; an imported one is held for review', () => {
    expect(run('builtin', base).errors.map((e) => e.field)).toEqual(['basis.version']);
    const imported = run('zfzg', base);
    expect(imported.errors).toEqual([]);
    expect(imported.needsReview).toEqual(['zfzg-1']);
  });
  test('a law the project does not carry is a warning for an imported bank', () => {
    const q = { ...base, basis: { law: '某市示例规定', articles: ['第三条'] } };
    expect(run('builtin', q).errors.map((e) => e.field)).toEqual(['basis.law']);
    expect(run('zfzg', q).errors).toEqual([]);
    expect(run('zfzg', q).warnings.map((w) => w.field)).toEqual(['basis.law']);
  });
  test("an imported bank's own citations lock notices a changed article", () => {
    const q = { ...base, basis: { ...base.basis, version: '2021-01-22' } };
    expect(run('zfzg', q, { '行政处罚法|第三十六条': laws.article('行政处罚法', '第三十六条')!.hash }).needsReview).toEqual([]);
    expect(run('zfzg', q, { '行政处罚法|第三十六条': 'older' }).needsReview).toEqual(['zfzg-1']);
  });
});

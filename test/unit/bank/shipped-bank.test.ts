import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { balanceFindings, bankBalance, questionRuleFindings } from '../../../src/bank/bank-rules.js';
import { checkBank, missingKeyFacts } from '../../../src/bank/check-bank.js';
import { formatIssue, loadBank, readBankFiles } from '../../../src/bank/load-bank.js';
import { loadStatuteLibrary } from '../../../src/statutes/statute-library.js';
import { ROOT } from '../../helpers/test-deps.js';

const laws = await loadStatuteLibrary(join(ROOT, 'laws'));

describe('the shipped question bank', async () => {
  const report = await loadBank(join(ROOT, 'questions'), laws);

  test('has no errors (schema, citations, versions, duplicates)', () => {
    expect(report.errors.map(formatIssue)).toEqual([]);
  });
  test('has no questions held for review and no key-fact warnings', () => {
    expect(report.needsReview).toEqual([]);
    expect(report.warnings.map(formatIssue)).toEqual([]);
  });
  test('covers at least 500 questions over at least 15 laws, weighted to the 执法资格 core', () => {
    const byLaw = new Map<string, number>();
    for (const q of report.questions) byLaw.set(q.basis.law, (byLaw.get(q.basis.law) ?? 0) + 1);
    expect(report.questions.length).toBeGreaterThanOrEqual(500);
    expect(byLaw.size).toBeGreaterThanOrEqual(15);
    const core = ['行政处罚法', '行政许可法', '行政强制法', '行政复议法', '行政诉讼法', '国家赔偿法'].reduce((n, l) => n + (byLaw.get(l) ?? 0), 0);
    expect(core).toBeGreaterThanOrEqual(200);
  });
  test('keeps the structural rules of questions/README.md, question by question and across the bank', () => {
    const findings = report.questions.flatMap((q) => questionRuleFindings(q).map((f) => `${q.id} · ${f.field}: ${f.message}`));
    expect(findings).toEqual([]);
    expect(
      balanceFindings(
        bankBalance(report.questions),
        laws.statutes.map((s) => s.shortTitle),
      ),
    ).toEqual([]);
  });
  test('mixes types: about half single, a quarter multiple, a quarter judge', () => {
    const share = (t: string) => report.questions.filter((q) => q.type === t).length / report.questions.length;
    expect(share('single')).toBeGreaterThan(0.4);
    expect(share('multiple')).toBeGreaterThan(0.15);
    expect(share('judge')).toBeGreaterThan(0.15);
  });
});

describe('checkBank', () => {
  const good = {
    id: 'xingzheng-chufa-fa-36-9',
    type: 'single',
    stem: '违法行为在多长时间内未被发现的，不再给予行政处罚？',
    options: ['一年', '二年', '三年', '五年'],
    answer: 'B',
    explanation: '第三十六条。',
    basis: { law: '行政处罚法', articles: ['第三十六条'], paragraph: 1, version: '2021-01-22' },
    tracks: ['全员'],
    topic: '时效',
    difficulty: 1,
  };
  const run = (questions: unknown[], lock = {}) => checkBank([{ name: 'f.json', content: { bank: 'builtin', questions } }], laws, lock);

  test.each([
    [{ answer: 'E' }, 'answer'],
    [{ answer: 'BA', type: 'multiple' }, 'answer'],
    [{ basis: { ...good.basis, law: '不存在法' } }, 'basis.law'],
    [{ basis: { ...good.basis, articles: ['第九百条'] } }, 'basis.articles'],
    [{ basis: { ...good.basis, version: '2017-09-01' } }, 'basis.version'],
    [{ basis: { ...good.basis, paragraph: 5 } }, 'basis.paragraph'],
    [{ tracks: ['群众'] }, 'tracks.0'],
    [{ options: undefined }, 'options'],
  ])('refuses %j at field %s', (patch, field) => {
    const r = run([{ ...good, ...patch }]);
    expect(r.errors.map((e) => e.field)).toContain(field);
  });
  test('duplicate ids and near-duplicate stems are errors', () => {
    expect(run([good, good]).errors.some((e) => e.message.startsWith('编号重复'))).toBe(true);
    expect(run([good, { ...good, id: 'x-2', stem: `${good.stem}。` }]).errors.some((e) => e.message.includes('几乎相同'))).toBe(true);
  });
  test('a number in the correct answer missing from the article is a warning', () => {
    expect(run([{ ...good, options: ['一年', '七年', '三年', '五年'] }]).warnings[0]?.message).toContain('七年');
  });
  test('a changed cited article holds the question back for review', () => {
    const r = run([good], { '行政处罚法|第三十六条': 'an-older-hash' });
    expect(r.needsReview).toEqual(['xingzheng-chufa-fa-36-9']);
    expect(r.errors).toEqual([]);
  });
  test('an unchanged article with an older version date is only a warning', () => {
    const article = laws.article('行政处罚法', '第三十六条')!;
    const r = run([{ ...good, basis: { ...good.basis, version: '2017-09-01' } }], { '行政处罚法|第三十六条': article.hash });
    expect(r.errors).toEqual([]);
    expect(r.warnings[0]?.field).toBe('basis.version');
  });
  test('a version named in a true statement is not taken for a fact the article must contain', () => {
    const judge = { type: 'judge' as const, answer: '对', stem: '根据2025年修订的《治安管理处罚法》，询问查证的时间不得超过八小时。' };
    expect(missingKeyFacts(judge, '询问查证的时间不得超过八小时')).toEqual([]);
    expect(missingKeyFacts({ ...judge, stem: '根据《治安管理处罚法》，询问查证的时间不得超过十二小时。' }, '询问查证的时间不得超过八小时')).toEqual([
      '十二小时',
    ]);
  });
  test('malformed JSON files are reported, not half-loaded', async () => {
    const { files, parseErrors } = await readBankFiles(join(ROOT, 'questions'));
    expect(parseErrors).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(15);
  });
});

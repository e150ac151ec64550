import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT, makeTestDeps } from '../helpers/test-deps.js';

test('a newer statute text holds back exactly the questions whose cited article changed, until reviewed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pufa-amend-'));
  cpSync(join(ROOT, 'laws'), join(dir, 'laws'), { recursive: true });
  cpSync(join(ROOT, 'questions'), join(dir, 'questions'), { recursive: true });
  const file = join(dir, 'laws', 'xingzheng-chufa-fa.md');
  // A hypothetical amendment: a new version date, and 第三十六条 now says 三年 instead of 二年.
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace('version_date: 2021-01-22', 'version_date: 2030-01-01')
      .replace('违法行为在二年内未被发现的', '违法行为在三年内未被发现的'),
  );

  const { deps, logger } = await makeTestDeps({ env: { LAWS_DIR: join(dir, 'laws'), QUESTIONS_DIR: join(dir, 'questions') } });
  const held = deps.bankReport.needsReview;
  expect(held.length).toBeGreaterThan(0);
  for (const id of held) {
    const q = deps.bank.get(id)!;
    expect(q.basis.law).toBe('行政处罚法');
    expect(q.basis.articles).toContain('第三十六条');
    expect(deps.bank.eligible('执法人员').some((x) => x.id === id)).toBe(false); // not served
  }
  // Questions on unchanged articles of the same law are still served, with a warning to update the version.
  const other = deps.bank.all().find((q) => q.basis.law === '行政处罚法' && !q.basis.articles.includes('第三十六条'));
  expect(other).toBeDefined();
  expect(deps.bankReport.warnings.some((w) => w.field === 'basis.version')).toBe(true);
  expect(logger.lines.some((l) => l.msg.includes('held back for review'))).toBe(true);
});

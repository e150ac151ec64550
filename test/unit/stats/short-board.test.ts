import { describe, expect, test } from 'vitest';
import { MESSAGE_BYTES, atMostTwo, cutToBytes, fitRows, shortUnstudied } from '../../../src/stats/short-board.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const rows = (n: number, width = 20) => Array.from({ length: n }, (_, i) => `${i + 1}. ${'部'.repeat(width)}`);

describe('fitRows', () => {
  test('every row when they fit; the top and bottom with the elision when not, as many as fit', () => {
    expect(fitRows(['头'], rows(3), ['尾'], (n) => `略 ${n}`)).toBe(['头', ...rows(3), '尾'].join('\n'));
    for (const n of [40, 41, 200, 5000]) {
      const text = fitRows(['【标题】', '第二行'], rows(n), ['链接 https://x'], (m) => `……（中间 ${m} 个部门略）`);
      expect(bytes(text)).toBeLessThanOrEqual(MESSAGE_BYTES);
      const lines = text.split('\n');
      const k = lines.findIndex((l) => l.startsWith('……')) - 2;
      expect(lines[2]).toBe('1. ' + '部'.repeat(20));
      expect(lines.at(-2)).toBe(`${n}. ${'部'.repeat(20)}`);
      expect(lines.filter((l) => /^\d+\. /.test(l))).toHaveLength(2 * k);
      // One more row each side would not fit: the budget is used, not wasted.
      expect(bytes(text) + 2 * (bytes(rows(1)[0]!) + 1)).toBeGreaterThan(MESSAGE_BYTES);
    }
  });

  test('a budget smaller than the header cuts on a character boundary', () => {
    const text = fitRows(['很长的标题'.repeat(100)], rows(10), [], (n) => `略 ${n}`, 100);
    expect(bytes(text)).toBeLessThanOrEqual(100);
    expect(text.endsWith('…')).toBe(true);
    expect(cutToBytes('法律法规', 7)).toBe('法…');
  });
});

test('atMostTwo joins what fits and splits what does not', () => {
  expect(atMostTwo(['a', 'b', 'c'])).toEqual(['a\n\nb\n\nc']);
  const big = '字'.repeat(600);
  expect(atMostTwo([big, big, 'x'])).toEqual([big, `${big}\n\nx`]);
  expect(atMostTwo([])).toEqual([]);
});

test('shortUnstudied lists everyone when it fits, else counts and as many names as fit', () => {
  expect(shortUnstudied('2026-11-24', [])).toContain('全部已学');
  const few = shortUnstudied('2026-11-24', [{ name: '张三', department: '法制科' }], 'https://x/dash/unstudied');
  expect(few).toBe('未学名单（2026-11-24，共 1 人）：\n张三（法制科）\n完整名单和一键提醒：https://x/dash/unstudied');
  const many = Array.from({ length: 2000 }, (_, i) => ({ name: `人员${i}`, department: `部门${i % 7}` }));
  const text = shortUnstudied('2026-11-24', many, 'https://x/dash/unstudied');
  expect(bytes(text)).toBeLessThanOrEqual(MESSAGE_BYTES);
  expect(text).toContain('……等 2000 人');
  expect(text).toContain('按部门：部门0 286 人');
  expect(text.endsWith('https://x/dash/unstudied')).toBe(true);
});

/**
 * Chinese article numerals (第三十六条, 第一千二百六十条) to and from integers.
 * Pure; used by the statute parser, the bank checker and citation parsing.
 */

const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** Parses 一 … 九千九百九十九 (as used in article numbers); returns undefined for anything else. */
export function parseChineseNumber(text: string): number | undefined {
  if (text.length === 0) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit: number | undefined;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch];
    } else if (ch in UNITS) {
      total += (digit ?? 1) * UNITS[ch]!;
      digit = undefined;
    } else {
      return undefined;
    }
  }
  return total + (digit ?? 0);
}

/** Formats 1 … 9999 the way statutes number articles: 10 → 十, 110 → 一百一十, 1260 → 一千二百六十. */
export function formatChineseNumber(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n > 9999) throw new RangeError(`cannot format ${n}`);
  const names = '零一二三四五六七八九';
  const parts: Array<[number, string]> = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ];
  let out = '';
  let pendingZero = false;
  for (const [value, unit] of parts) {
    const d = Math.floor(n / value) % 10;
    if (d === 0) {
      if (out.length > 0) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += (d === 1 && value === 10 && out.length === 0 ? '' : names[d]) + unit;
  }
  return out;
}

/** '第三十六条' → 36; also accepts '36', '第36条'. */
export function parseArticleLabel(label: string): number | undefined {
  const m = /^第?([零〇一二两三四五六七八九十百千\d]+)条?$/.exec(label.trim());
  return m ? parseChineseNumber(m[1]!) : undefined;
}

/** 36 → '第三十六条'. */
export function articleLabel(n: number): string {
  return `第${formatChineseNumber(n)}条`;
}

/**
 * Date-times of exam windows, written as wall-clock times in the bot's time zone ('2026-12-01 09:00') and
 * stored as instants. Pure (Intl only).
 */
import { instantOfWallClock, wallClockParts as parts } from '../core/zone-time.js';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads '2026-12-01 09:00', '2026-12-01T09:00:00' (wall clock in `timeZone`), an ISO time with an offset, or a
 * date alone: its start, or with `dateMeans: 'end'` its end (the next midnight), so `"to": "2026-12-15"`
 * includes that whole day. Undefined when the text is none of these or not a real date.
 */
export function parseExamTime(text: string, timeZone: string, dateMeans: 'start' | 'end' = 'start'): Date | undefined {
  const t = text.trim();
  if (WITH_OFFSET.test(t)) {
    const at = Date.parse(t);
    return Number.isNaN(at) ? undefined : new Date(at);
  }
  const m = LOCAL.exec(t);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const dateOnly = m[4] === undefined;
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== s) {
    return undefined;
  }
  const wall = Date.UTC(y, mo - 1, d + (dateOnly && dateMeans === 'end' ? 1 : 0), h, mi, s);
  return instantOfWallClock(wall, timeZone);
}

/** '2026-12-01 09:00' in `timeZone`. */
export function formatExamTime(at: string | Date, timeZone: string): string {
  const p = parts(new Date(at).getTime(), timeZone);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** '12月15日 18:00' in `timeZone` (chat). */
export function shortExamTime(at: string | Date, timeZone: string): string {
  const p = parts(new Date(at).getTime(), timeZone);
  return `${p.month}月${p.day}日 ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** '23分05秒' or '1小时02分'. */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}小时${String(m).padStart(2, '0')}分`;
  return `${m}分${String(s % 60).padStart(2, '0')}秒`;
}

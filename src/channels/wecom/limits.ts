/**
 * WeCom's byte limits (wecom.md §3, §4): text 2048 bytes, markdown 2048 (app) / 4096 (robot) bytes, UTF-8.
 * Pure helpers that cut or split on character (and preferably line) boundaries.
 */

/** The text cut to at most `max` UTF-8 bytes, ending in '…' when cut. */
export function cutBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  return `${headBytes(s, max - 3)}…`; // '…' is 3 bytes
}

/** The longest prefix of `s` within `max` UTF-8 bytes (whole characters). */
function headBytes(s: string, max: number): string {
  let out = '';
  let size = 0;
  for (const ch of s) {
    size += Buffer.byteLength(ch, 'utf8');
    if (size > max) break;
    out += ch;
  }
  return out;
}

/** Splits text into parts of at most `max` UTF-8 bytes, at line breaks where possible. */
export function splitBytes(s: string, max: number): string[] {
  if (Buffer.byteLength(s, 'utf8') <= max) return [s];
  const parts: string[] = [];
  let current = '';
  for (const line of s.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (Buffer.byteLength(candidate, 'utf8') <= max) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    current = line;
    while (Buffer.byteLength(current, 'utf8') > max) {
      const head = headBytes(current, max);
      parts.push(head);
      current = current.slice(head.length);
    }
  }
  if (current) parts.push(current);
  return parts;
}

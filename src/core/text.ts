/** Forgiving input: full-width to half-width (NFKC), spaces collapsed, trimmed. */
export function normaliseInput(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** The first word of a message and the rest ('排行榜 本月' → ['排行榜', '本月']). */
export function splitCommand(s: string): [string, string] {
  const t = normaliseInput(s);
  const i = t.indexOf(' ');
  return i < 0 ? [t, ''] : [t.slice(0, i), t.slice(i + 1).trim()];
}

/** A mainland mobile number as 11 digits ('+86 138-0000-0000' → '13800000000'); undefined when it is not one. */
export function normaliseMobile(s: string | undefined): string | undefined {
  const digits = (s ?? '')
    .normalize('NFKC')
    .replace(/[\s\-()]/g, '')
    .replace(/^(\+?86)/, '');
  return /^1\d{10}$/.test(digits) ? digits : undefined;
}

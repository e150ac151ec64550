/**
 * The printable 合格证书 of a person who passed (a server-rendered HTML page styled for A4 landscape print), its
 * verification code, and the public verification page. Pure.
 *
 * The code is derived from the exam's secret seed and the person (HMAC-SHA256, 10 characters of Crockford
 * base32), so it cannot be guessed from public facts, stays the same when a better attempt comes later, and
 * needs no storage: checking it recomputes the codes of the people who passed.
 */
import { createHmac } from 'node:crypto';
import type { Exam } from './exam-model.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 'K3QZ8-1MW4T': the certificate's verification code. */
export function certificateCode(exam: Pick<Exam, 'id' | 'seed'>, personId: string): string {
  const digest = createHmac('sha256', exam.seed).update(`certificate\u0000${exam.id}\u0000${personId}`).digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[digest[i]! % 32];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** A typed code in any case, with or without the dash or look-alike letters (O→0, I/L→1). */
export function normaliseCode(text: string): string | undefined {
  const t = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{10}$/.test(t) ? `${t.slice(0, 5)}-${t.slice(5)}` : undefined;
}

export interface CertificateData {
  /** The issuing unit. */
  readonly issuer: string;
  readonly name: string;
  readonly department: string;
  readonly examName: string;
  readonly score: number;
  readonly totalPoints: number;
  /** '2026年12月5日' */
  readonly passedOn: string;
  readonly code: string;
  /** Where the code can be checked (path or URL). */
  readonly verifyAt: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fmt = (x: number) => String(Math.round(x * 100) / 100);

const STYLE = `
  @page { size: A4 landscape; margin: 0; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Songti SC", "SimSun", "STSong", "Noto Serif CJK SC", serif; color: #222; background: #eee; }
  .sheet { width: 297mm; height: 210mm; margin: 0 auto; padding: 14mm; background: #fff; }
  .frame { height: 100%; border: 3mm double #b22222; padding: 14mm 24mm; display: flex; flex-direction: column; }
  h1 { text-align: center; font-size: 44pt; letter-spacing: 0.5em; color: #b22222; margin: 4mm 0 12mm; }
  .body { font-size: 19pt; line-height: 2.1; text-indent: 2em; flex: 1; }
  .body b { font-weight: normal; border-bottom: 1px solid #222; padding: 0 0.3em; }
  .foot { display: flex; justify-content: space-between; align-items: flex-end; font-size: 13pt; }
  .issuer { text-align: center; font-size: 17pt; line-height: 1.8; }
  .code { color: #555; line-height: 1.7; }
  @media print { body { background: #fff; } .sheet { margin: 0; } .noprint { display: none; } }
  .noprint { text-align: center; padding: 8px; font-family: sans-serif; }
`;

/** The certificate page (print with the browser: A4 landscape, one page). */
export function certificateHtml(c: CertificateData): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>合格证书 · ${escapeHtml(c.name)} · ${escapeHtml(c.examName)}</title><style>${STYLE}</style></head>
<body>
<div class="noprint"><button onclick="window.print()">打印证书</button></div>
<div class="sheet"><div class="frame">
<h1>合格证书</h1>
<div class="body">
<b>${escapeHtml(c.department)}</b><b>${escapeHtml(c.name)}</b>同志参加<b>${escapeHtml(c.issuer)}</b>组织的《${escapeHtml(c.examName)}》，成绩<b>${fmt(c.score)}</b>分（满分 ${fmt(c.totalPoints)} 分），考试合格，特发此证。
</div>
<div class="foot">
<div class="code">证书编号（验证码）：${escapeHtml(c.code)}<br>验证：${escapeHtml(c.verifyAt)}</div>
<div class="issuer">${escapeHtml(c.issuer)}<br>${escapeHtml(c.passedOn)}</div>
</div>
</div></div>
</body></html>`;
}

/** The public verification page for a code: valid (who, which exam, score, date) or not found. */
export function verificationHtml(code: string, c: CertificateData | undefined): string {
  const body = c
    ? `<p class="ok">✅ 证书有效</p><table>
<tr><th>姓名</th><td>${escapeHtml(c.name)}</td></tr><tr><th>部门</th><td>${escapeHtml(c.department)}</td></tr>
<tr><th>考试</th><td>《${escapeHtml(c.examName)}》</td></tr><tr><th>成绩</th><td>${fmt(c.score)} 分（满分 ${fmt(c.totalPoints)} 分），合格</td></tr>
<tr><th>日期</th><td>${escapeHtml(c.passedOn)}</td></tr><tr><th>发证单位</th><td>${escapeHtml(c.issuer)}</td></tr></table>`
    : `<p class="no">❌ 没有找到验证码为 ${escapeHtml(code)} 的合格证书</p>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>证书验证</title>
<style>body{font-family:sans-serif;max-width:560px;margin:24px auto;padding:0 12px}th{text-align:left;padding:4px 12px 4px 0;color:#555}.ok{color:#1a7f37;font-size:20px}.no{color:#b22222;font-size:18px}</style>
</head><body><h2>合格证书验证</h2><p>验证码：${escapeHtml(code)}</p>${body}</body></html>`;
}

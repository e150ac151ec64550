// The blind second-reader check of the shipped bank (issue 7).
//   npx tsx scripts/blind-check.ts packets <outDir> <parts>   writes packet-N.json: questions + cited article texts, no answers
//   npx tsx scripts/blind-check.ts compare <outDir>           reads answers-N.json ({id: answer}) and reports disagreements
// A reader who is given only a packet answers every question from the article text alone; every question where
// the reader's answer differs from the bank's is fixed or dropped.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBank } from '../src/bank/load-bank.js';
import { loadStatuteLibrary } from '../src/statutes/statute-library.js';

const root = new URL('..', import.meta.url).pathname;
const [mode, dir, partsArg] = process.argv.slice(2);
const laws = await loadStatuteLibrary(join(root, 'laws'));
const report = await loadBank(join(root, 'questions'), laws);

if (mode === 'packets') {
  const parts = Number(partsArg ?? 5);
  mkdirSync(dir!, { recursive: true });
  const packets: unknown[][] = Array.from({ length: parts }, () => []);
  report.questions.forEach((q, i) => {
    packets[i % parts]!.push({
      id: q.id,
      type: {
        single: '单选（只有一个正确答案，回答一个字母）',
        multiple: '多选（两个或以上正确答案，回答全部正确字母，如 ACD）',
        judge: '判断（回答 对 或 错）',
      }[q.type],
      stem: q.stem,
      options: q.options?.map((o, k) => `${'ABCDEFGH'[k]}. ${o}`),
      articles: q.basis.articles.map((a) => `《${q.basis.law}》${a}：${laws.article(q.basis.law, a)?.text ?? '(missing)'}`),
    });
  });
  for (const [n, p] of packets.entries()) writeFileSync(join(dir!, `packet-${n + 1}.json`), JSON.stringify(p, null, 1));
  console.log(`${report.questions.length} questions in ${parts} packets under ${dir}`);
} else if (mode === 'compare') {
  const given = new Map<string, { answer: string; note?: string }>();
  for (const f of readdirSync(dir!).filter((f) => /^answers-\d+\.json$/.test(f))) {
    const json = JSON.parse(readFileSync(join(dir!, f), 'utf8')) as Record<string, string | { answer: string; note?: string }>;
    for (const [id, v] of Object.entries(json)) given.set(id, typeof v === 'string' ? { answer: v } : v);
  }
  const norm = (s: string) =>
    s
      .replace(/[\s,，、]/g, '')
      .toUpperCase()
      .split('')
      .sort()
      .join('');
  let agree = 0;
  const disagree: string[] = [];
  const missing: string[] = [];
  for (const q of report.questions) {
    const g = given.get(q.id);
    if (!g) {
      missing.push(q.id);
      continue;
    }
    if (norm(g.answer) === norm(q.answer)) agree++;
    else disagree.push(`${q.id}: bank ${q.answer}, reader ${g.answer}${g.note ? ` — ${g.note}` : ''}`);
  }
  console.log(
    `questions ${report.questions.length}; answered by reader ${given.size}; agree ${agree}; disagree ${disagree.length}; unanswered ${missing.length}`,
  );
  for (const d of disagree) console.log(`  DISAGREE ${d}`);
  if (missing.length) console.log(`  unanswered: ${missing.join(', ')}`);
}

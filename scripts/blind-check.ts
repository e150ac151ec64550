// The blind second-reader check of the shipped bank.
//   npx tsx scripts/blind-check.ts packets <outDir> <parts> [--since <git-ref>] [--root <checkout>]
//       writes packet-N.json (questions + cited article texts, no answers, no explanations) and ids.json;
//       with --since, only the questions that are new or whose stem, options, answer or basis changed since <git-ref>
//   npx tsx scripts/blind-check.ts compare <outDir> [--root <checkout>]
//       reads answers-N.json ({id: answer} or {id: {answer, note}}) and reports agreement over the ids in ids.json
// A reader who is given only a packet answers every question from the article text alone; every question where
// the reader's answer differs from the bank's is fixed or dropped.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBank } from '../src/bank/load-bank.js';
import { loadStatuteLibrary } from '../src/statutes/statute-library.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const root = flag('root') ?? new URL('..', import.meta.url).pathname;
const since = flag('since');
const [mode, dir, partsArg] = args;
const laws = await loadStatuteLibrary(join(root, 'laws'));
const report = await loadBank(join(root, 'questions'), laws);

/** What a reader's answer depends on: a change here needs a new blind reading. */
const essence = (q: { stem: unknown; options?: unknown; answer: unknown; basis: unknown; type: unknown }) =>
  JSON.stringify([q.type, q.stem, q.options ?? null, q.answer, q.basis]);

function changedSince(ref: string): Set<string> {
  const before = new Map<string, string>();
  const files = execFileSync('git', ['-C', root, 'ls-tree', '--name-only', ref, 'questions/'], { encoding: 'utf8' }).split('\n');
  for (const f of files.filter((f) => f.endsWith('.json') && !f.endsWith('citations.lock.json'))) {
    const json = JSON.parse(execFileSync('git', ['-C', root, 'show', `${ref}:${f}`], { encoding: 'utf8', maxBuffer: 64 << 20 })) as {
      questions: Array<{ id: string; stem: string; answer: string; basis: unknown; type: string }>;
    };
    for (const q of json.questions) before.set(q.id, essence(q));
  }
  return new Set(report.questions.filter((q) => before.get(q.id) !== essence(q)).map((q) => q.id));
}

if (mode === 'packets') {
  const parts = Number(partsArg ?? 5);
  mkdirSync(dir!, { recursive: true });
  const selected = since ? changedSince(since) : undefined;
  const questions = report.questions.filter((q) => !selected || selected.has(q.id));
  const packets: unknown[][] = Array.from({ length: parts }, () => []);
  for (const [i, q] of questions.entries()) {
    packets[i % parts]!.push({
      id: q.id,
      type: {
        single: '单选（只有一个正确答案，回答一个字母）',
        multiple: '多选（两个或以上正确答案，可能全部正确；回答全部正确字母，如 ACD）',
        judge: '判断（回答 对 或 错）',
      }[q.type],
      stem: q.stem,
      options: q.options?.map((o, k) => `${'ABCDEFGH'[k]}. ${o}`),
      articles: q.basis.articles.map((a) => `《${q.basis.law}》${a}：${laws.article(q.basis.law, a)?.text ?? '(missing)'}`),
    });
  }
  for (const [n, p] of packets.entries()) writeFileSync(join(dir!, `packet-${n + 1}.json`), JSON.stringify(p, null, 1));
  writeFileSync(join(dir!, 'ids.json'), JSON.stringify(questions.map((q) => q.id)));
  console.log(`${questions.length} questions in ${parts} packets under ${dir}`);
} else if (mode === 'compare') {
  const given = new Map<string, { answer: string; note?: string }>();
  for (const f of readdirSync(dir!).filter((f) => /^answers-\d+\.json$/.test(f))) {
    const json = JSON.parse(readFileSync(join(dir!, f), 'utf8')) as Record<string, string | { answer: string; note?: string }>;
    for (const [id, v] of Object.entries(json)) given.set(id, typeof v === 'string' ? { answer: v } : v);
  }
  let ids: Set<string> | undefined;
  try {
    ids = new Set(JSON.parse(readFileSync(join(dir!, 'ids.json'), 'utf8')) as string[]);
  } catch {
    ids = undefined;
  }
  const norm = (s: string) =>
    s
      .replace(/[\s,，、]/g, '')
      .toUpperCase()
      .split('')
      .sort()
      .join('');
  let agree = 0;
  let checked = 0;
  const disagree: string[] = [];
  const missing: string[] = [];
  const notes: string[] = [];
  for (const q of report.questions) {
    if (ids && !ids.has(q.id)) continue;
    checked++;
    const g = given.get(q.id);
    if (!g) {
      missing.push(q.id);
      continue;
    }
    if (norm(g.answer) === norm(q.answer)) {
      agree++;
      if (g.note) notes.push(`${q.id}: ${g.note}`);
    } else disagree.push(`${q.id}: bank ${q.answer}, reader ${g.answer}${g.note ? ` — ${g.note}` : ''}`);
  }
  console.log(`questions checked ${checked}; answered by reader ${given.size}; agree ${agree}; disagree ${disagree.length}; unanswered ${missing.length}`);
  for (const d of disagree) console.log(`  DISAGREE ${d}`);
  for (const n of notes) console.log(`  NOTE ${n}`);
  if (missing.length) console.log(`  unanswered: ${missing.join(', ')}`);
}

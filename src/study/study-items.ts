/**
 * "每日一学": the day's study item. An admin's queued topic for the day when there is one (with the statute
 * articles it cites quoted in full), else one article of a key law for the person's track, rotating through
 * the track's laws so people move through them over time. Pure given the statute library and bank.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { Track } from '../bank/question-schema.js';
import { type QuizDay, dayNumber } from '../core/quiz-day.js';
import type { Person, StudyTopic } from '../core/model.js';
import type { StatuteLibrary } from '../statutes/statute-library.js';

/** Key laws per track, in the order the rotation visits them. */
export const TRACK_LAWS: Readonly<Record<Track, readonly string[]>> = {
  全员: ['宪法', '民法典', '公务员法', '保守国家秘密法', '个人信息保护法', '反电信网络诈骗法', '安全生产法', '未成年人保护法'],
  执法人员: ['行政处罚法', '行政许可法', '行政强制法', '行政复议法', '行政诉讼法', '国家赔偿法', '治安管理处罚法'],
  领导干部: ['宪法', '监察法', '公务员法', '行政复议法', '行政诉讼法', '信访工作条例', '优化营商环境条例', '安全生产法'],
};

const CITATION = /《([^》]+)》((?:第[零〇一二两三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?[、和及,，]?)+)/g;

/** `《行政处罚法》第三十六条、第三十七条` → [['行政处罚法','第三十六条'], ['行政处罚法','第三十七条']]. */
export function findCitations(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const m of text.matchAll(CITATION)) {
    for (const a of m[2]!.match(/第[零〇一二两三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?/g) ?? []) out.push([m[1]!, a]);
  }
  return out;
}

/** Citations in `text` the statute library does not have, as `《法》第X条` (a 发布 naming one is refused). */
export function missingCitations(text: string, laws: StatuteLibrary): string[] {
  const missing = findCitations(text)
    .filter(([law, label]) => !laws.article(law, label))
    .map(([law, label]) => `《${law}》${label}`);
  return [...new Set(missing)];
}

/** The cited articles' own text, for a topic's readers. Unknown citations are listed as such. */
export function expandCitations(text: string, laws: StatuteLibrary): string[] {
  return findCitations(text).map(([law, label]) => {
    const article = laws.article(law, label);
    return article ? `【法条原文】《${law}》${label}\n${article.text}` : `（未找到《${law}》${label}的条文）`;
  });
}

export function topicApplies(topic: StudyTopic, person: Person): boolean {
  const deptOk = topic.departmentIds.length === 0 || (person.departmentId !== undefined && topic.departmentIds.includes(person.departmentId));
  const trackOk = topic.tracks.length === 0 || topic.tracks.includes(person.track);
  return deptOk && trackOk;
}

export function topicText(topic: StudyTopic, laws: StatuteLibrary): string {
  return [`【学习专题】${topic.title}`, topic.body, ...expandCitations(`${topic.title}\n${topic.body}`, laws)].filter(Boolean).join('\n\n');
}

/** The articles the bank tests, per law, in article order: the rotation reads what people are examined on. */
export function rotationFor(track: Track, laws: StatuteLibrary, questions: readonly LoadedQuestion[]): Array<[string, string]> {
  const perLaw = TRACK_LAWS[track].map((law) => {
    const statute = laws.find(law);
    const cited = new Set(questions.filter((q) => q.basis.law === law).flatMap((q) => q.basis.articles));
    return (statute?.order ?? []).filter((label) => cited.has(label)).map((label) => [law, label] as [string, string]);
  });
  const out: Array<[string, string]> = [];
  for (let i = 0; perLaw.some((l) => i < l.length); i++) for (const l of perLaw) if (i < l.length) out.push(l[i]!);
  return out;
}

/** The article for `day`: the same for everyone on a track that day, advancing one per day. */
export function articleOfDay(day: QuizDay, rotation: ReadonlyArray<[string, string]>, laws: StatuteLibrary): string {
  if (rotation.length === 0) return '今日暂无学习内容。';
  const [law, label] = rotation[dayNumber(day) % rotation.length]!;
  const article = laws.article(law, label)!;
  return `【每日一学】《${law}》${label}\n${article.text}\n\n发送“答题”完成今日答题。`;
}

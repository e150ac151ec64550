/**
 * The bank as daily practice sees it while exams run: the questions of a live exam (its reserved pool, or its
 * fixed list) are not drawn until the exam is over. `get` still finds them (quizzes already served keep
 * working). The filtered lists are cached per (held set, track).
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { Track } from '../bank/question-schema.js';
import type { QuestionBank } from '../quiz/question-bank.js';

export function withExamQuestionsHeld(bank: QuestionBank, held: () => ReadonlySet<string>): QuestionBank {
  let lastHeld: ReadonlySet<string> | undefined;
  let lastAll: readonly LoadedQuestion[] | undefined;
  const byTrack = new Map<Track, { source: readonly LoadedQuestion[]; list: readonly LoadedQuestion[] }>();
  let all: readonly LoadedQuestion[] = [];
  const sync = (ids: ReadonlySet<string>) => {
    if (ids === lastHeld && bank.all() === lastAll) return;
    lastHeld = ids;
    lastAll = bank.all();
    byTrack.clear();
    all = ids.size === 0 ? bank.all() : bank.all().filter((q) => !ids.has(q.id));
  };
  return {
    get size() {
      sync(held());
      return all.length;
    },
    get: (id) => bank.get(id),
    all() {
      sync(held());
      return all;
    },
    eligible(track) {
      const ids = held();
      sync(ids);
      const source = bank.eligible(track);
      const cached = byTrack.get(track);
      if (cached?.source === source) return cached.list;
      const list = ids.size === 0 ? source : source.filter((q) => !ids.has(q.id));
      byTrack.set(track, { source, list });
      return list;
    },
  };
}

/**
 * The bank as the quiz sees it: the questions that may be served, by id, filtered by audience track.
 * Built once from a checked BankReport; questions flagged for review (changed article) are left out.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { Track } from '../bank/question-schema.js';

export interface QuestionBank {
  readonly size: number;
  get(id: string): LoadedQuestion | undefined;
  /** Questions for a person on `track`: 全员 questions plus the track's own. */
  eligible(track: Track): readonly LoadedQuestion[];
  all(): readonly LoadedQuestion[];
}

export function createQuestionBank(
  questions: readonly LoadedQuestion[],
  opts: { exclude?: readonly string[]; disabledBanks?: readonly string[] } = {},
): QuestionBank {
  const excluded = new Set(opts.exclude ?? []);
  const disabled = new Set(opts.disabledBanks ?? []);
  const served = questions.filter((q) => !excluded.has(q.id) && !disabled.has(q.bank));
  const byId = new Map(questions.map((q) => [q.id, q]));
  const byTrack = new Map<Track, LoadedQuestion[]>();
  const eligible = (track: Track) => {
    let list = byTrack.get(track);
    if (!list) {
      list = served.filter((q) => q.tracks.includes('全员') || q.tracks.includes(track));
      byTrack.set(track, list);
    }
    return list;
  };
  return { size: served.length, get: (id) => byId.get(id), eligible, all: () => served };
}

/** A bank whose contents can be replaced while the server runs (after `import-bank` or `banks enable`). */
export interface ReloadableBank extends QuestionBank {
  replace(next: QuestionBank): void;
}

export function createReloadableBank(initial: QuestionBank): ReloadableBank {
  let current = initial;
  return {
    get size() {
      return current.size;
    },
    get: (id) => current.get(id),
    eligible: (track) => current.eligible(track),
    all: () => current.all(),
    replace(next) {
      current = next;
    },
  };
}

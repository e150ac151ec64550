/**
 * Who is in the study list, and when. Pure.
 *
 * A person counts as 应学 (expected to study) on the days of their membership: from `joinedOn` until the day
 * before `leftOn` while they are listed, plus any earlier term they left and came back from. Only listed
 * (active) people may be served, graded or recorded anything: `studyAccess` is that one rule, checked where a
 * message enters the bot (directory/handlers.ts) and meant for every feature behind it (quiz, card taps, exams).
 */
import type { Person } from '../store/model.js';
import type { QuizDay } from './quiz-day.js';

/** Whether the person counts as 应学 (expected to study) on `day`; their answers count in reports only on such days. */
export function isExpected(p: Person, day: QuizDay): boolean {
  // Only people in a department: someone who only said hello and never bound one is nobody's 应学.
  if (p.departmentId === undefined) return false;
  if (p.joinedOn <= day && (p.leftOn === undefined ? p.active : day < p.leftOn)) return true;
  return p.earlierTerms?.some((t) => t.joinedOn <= day && day < t.leftOn) ?? false;
}

/** Whether a person may use the study features now; `since` is the day they left, when known. */
export type StudyAccess = { readonly allowed: true } | { readonly allowed: false; readonly reason: 'left'; readonly since?: QuizDay };

/** The one check before anything is served, graded or recorded for a person: only people in the study list. */
export function studyAccess(p: Person): StudyAccess {
  return p.active ? { allowed: true } : { allowed: false, reason: 'left', since: p.leftOn };
}

/**
 * The person listed again from `today` (roster 在职 after 离职, or a platform rejoin). The term they left is
 * kept in `earlierTerms`, so their study before leaving still counts, with the days they were 应学 then.
 */
export function rejoined(p: Person, today: QuizDay): Person {
  if (p.active) return p;
  const { leftOn, ...rest } = p;
  const closed = leftOn !== undefined && p.joinedOn < leftOn ? [{ joinedOn: p.joinedOn, leftOn }] : [];
  const earlierTerms = [...(p.earlierTerms ?? []), ...closed];
  return { ...rest, active: true, joinedOn: today, ...(earlierTerms.length > 0 ? { earlierTerms } : {}) };
}

/**
 * The outbox of the demo world (issue 11 item 9): everything a demo admin publishes, pushes or reminds goes to
 * the playground inbox and nowhere else. People are addressed by their playground id only, group posts only to
 * the playground group, so no item for a real platform can even be planned, whatever identities a record
 * carries. Draining is the shared outbox's (one queue, one sender per channel).
 */
import type { Person } from '../store/model.js';
import type { Outbox } from './outbox.js';

/** A person as the sandbox may reach them: by their playground id alone. */
const playgroundOnly = (p: Person): Person => ({ ...p, identities: p.identities.playground ? { playground: p.identities.playground } : {} });

/** Wraps the shared outbox so that only playground deliveries are planned. */
export function sandboxOutbox(outbox: Outbox): Outbox {
  return {
    ...outbox,
    addressOf: (p) => outbox.addressOf(playgroundOnly(p)),
    plan: (key, people, messageFor) => outbox.plan(key, people.map(playgroundOnly), messageFor).filter((item) => item.channel === 'playground'),
    planGroups: (key, messageFor) => outbox.planGroups(key, (channel) => (channel === 'playground' ? messageFor(channel) : undefined)),
  };
}

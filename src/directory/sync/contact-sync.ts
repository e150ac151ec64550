/**
 * 通讯录同步: keeps departments and people in step with the platforms' contact APIs.
 * - `sync`: a full read of each platform, planned against the directory (plan-sync.ts) and written at once.
 * - `accept`: a platform event (DirectoryChange). It is claimed durably by its event id (a redelivery is
 *   skipped), then applied by re-fetching the ids it names, before the platform is answered when that is quick
 *   (a failure is then an error answer and the platform delivers it again), else in the background (a failure
 *   releases the claim for a redelivery, and the nightly sync repairs anything missed).
 * - `adopt`: first contact with someone the directory does not know: their member record and departments
 *   (with every parent) are fetched and added.
 * Writes run one at a time (the platform reads happen outside that queue), so an event never interleaves
 * with a sync's write.
 */
import type { Clock } from '../../core/clock.js';
import type { ContactChannel, ContactFailure, ContactSource, DirectoryChange, PlatformDepartment, PlatformMember } from '../../core/ports/platform-lookup.js';
import { createKeyedQueue } from '../../core/keyed-queue.js';
import type { Logger } from '../../core/log.js';
import { quizDayOf } from '../../core/quiz-day.js';
import type { Person } from '../../store/model.js';
import type { Store } from '../../store/store.js';
import { linkIndex, linkKey } from './links.js';
import { type SyncPlan, isEmptyPlan, planDepartmentRemoval, planLeave, planSync } from './plan-sync.js';

export interface ContactSyncDeps {
  readonly store: Store;
  readonly sources: ReadonlyMap<ContactChannel, ContactSource>;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly logger: Logger;
  /** How long the platform's answer waits for an event to be applied (default 2 s; the rest goes on in the background). */
  readonly answerWithinMs?: number;
}

/** One platform's full sync, for the command line and the job log. */
export interface SyncReport {
  readonly channel: ContactChannel;
  readonly plan: SyncPlan;
  readonly applied: boolean;
  readonly departmentsRead: number;
  readonly membersRead: number;
  readonly treeComplete: boolean;
  readonly failures: readonly ContactFailure[];
  readonly calls: number;
  readonly ms: number;
}

export interface SyncOptions {
  readonly channel?: ContactChannel;
  readonly dryRun?: boolean;
  /** Deactivate even past the 10 % brake. */
  readonly force?: boolean;
}

export function createContactSync(deps: ContactSyncDeps) {
  const { store } = deps;
  const log = deps.logger.child({ part: 'contact-sync' });
  const serial = createKeyedQueue();
  const inFlight = new Set<Promise<unknown>>();
  const today = () => quizDayOf(deps.clock.now(), deps.timeZone);
  /** The last full sync per platform, for /healthz. */
  const last = new Map<ContactChannel, { at: string; complete: boolean; failures: number; members: number; departments: number }>();
  const current = async () => ({ departments: await store.listDepartments(), people: await store.listPeople() });

  async function write(plan: SyncPlan): Promise<void> {
    if (plan.saveDepartments.length > 0) await store.saveDepartments(plan.saveDepartments);
    if (plan.savePeople.length > 0) await store.savePeople(plan.savePeople);
    if (plan.removeDepartments.length > 0) await store.removeDepartments(plan.removeDepartments);
  }

  /** Plans against the directory as it is now and writes, inside the write queue. */
  const commit = (make: (dir: Awaited<ReturnType<typeof current>>) => SyncPlan, dryRun = false) =>
    serial('directory', async () => {
      const plan = make(await current());
      if (!dryRun && !isEmptyPlan(plan)) await write(plan);
      return plan;
    });

  async function sync(opts: SyncOptions = {}): Promise<SyncReport[]> {
    const reports: SyncReport[] = [];
    for (const [channel, source] of deps.sources) {
      if (opts.channel && opts.channel !== channel) continue;
      const startedAt = deps.clock.now();
      const started = startedAt.getTime();
      const read = await source.readOrg();
      const plan = await commit((dir) => planSync(dir, read, { today: today(), sweep: true, force: opts.force }), opts.dryRun);
      const report: SyncReport = {
        channel,
        plan,
        applied: !opts.dryRun,
        departmentsRead: read.departments.length,
        membersRead: read.members.length,
        treeComplete: read.treeComplete,
        failures: read.failures,
        calls: read.calls,
        ms: deps.clock.now().getTime() - started,
      };
      log.info('contact sync', {
        channel,
        dryRun: !!opts.dryRun,
        departments: read.departments.length,
        members: read.members.length,
        failures: read.failures.length,
        calls: read.calls,
        ...plan.counts,
      });
      for (const f of read.failures.slice(0, 20)) log.warn('contact sync call failed', { channel, ...f });
      if (!opts.dryRun) {
        last.set(channel, {
          at: startedAt.toISOString(),
          complete: read.treeComplete && read.failures.length === 0,
          failures: read.failures.length,
          members: read.members.length,
          departments: read.departments.length,
        });
      }
      reports.push(report);
    }
    return reports;
  }

  /** A department and its parents up to the root (or to one the directory already links), parents first. */
  async function chain(source: ContactSource, ids: readonly string[]): Promise<PlatformDepartment[]> {
    const links = linkIndex(await store.listDepartments());
    const found = new Map<string, PlatformDepartment>();
    for (const start of ids) {
      for (let id: string | undefined = start, n = 0; id !== undefined && !found.has(id) && n < 30; n++) {
        const d: PlatformDepartment | null = await source.getDepartment(id).catch((err) => {
          log.warn('department fetch failed', { channel: source.channel, department: id, err });
          return null;
        });
        if (!d) break;
        found.set(id, d);
        if (links.has(linkKey(source.channel, id)) && d.parentId !== undefined && links.has(linkKey(source.channel, d.parentId))) {
          // Its parent is known too: fetch that one for a possible move, no further.
          const parent = await source.getDepartment(d.parentId).catch(() => null);
          if (parent) found.set(parent.id, parent);
          break;
        }
        id = d.parentId;
      }
    }
    return [...found.values()];
  }

  /** Adds or updates one member (and their departments) from the platform. */
  async function upsertMember(source: ContactSource, m: PlatformMember): Promise<SyncPlan> {
    const departments = await chain(source, m.departmentIds);
    return commit((dir) =>
      planSync(dir, { channel: source.channel, departments, members: [m], treeComplete: false, unlistedDepartments: [] }, { today: today(), sweep: false }),
    );
  }

  async function applyUser(source: ContactSource, change: DirectoryChange): Promise<SyncPlan[]> {
    const plans: SyncPlan[] = [];
    let ids = change.ids;
    if (change.newUserId) {
      const [from, to] = [change.ids[0]!, change.newUserId];
      plans.push(await commit((dir) => renameAccount(dir.people, source.channel, from, to)));
      ids = [to];
    }
    for (const id of ids) {
      let member: PlatformMember | null | undefined;
      try {
        member = await source.getMember(id);
      } catch (err) {
        // Cannot tell: a removal is taken at its word, anything else waits for a redelivery or the nightly sync.
        if (!change.removed) throw err;
        log.warn('member fetch failed; applying the removal as reported', { channel: source.channel, userId: id, err });
        member = null;
      }
      if (member === null || member === undefined || (change.removed && !member.active)) {
        plans.push(await commit((dir) => planLeave(dir, source.channel, [id], today())));
      } else plans.push(await upsertMember(source, member));
    }
    return plans;
  }

  async function applyDepartment(source: ContactSource, change: DirectoryChange): Promise<SyncPlan[]> {
    const plans: SyncPlan[] = [];
    for (const id of change.ids) {
      let dept: PlatformDepartment | null;
      try {
        dept = await source.getDepartment(id);
      } catch (err) {
        if (!change.removed) throw err;
        dept = null;
      }
      if (!dept) {
        plans.push(await commit((dir) => planDepartmentRemoval(dir, source.channel, [id])));
        continue;
      }
      const departments = await chain(source, [id]);
      plans.push(
        await commit((dir) =>
          planSync(dir, { channel: source.channel, departments, members: [], treeComplete: false, unlistedDepartments: [] }, { today: today(), sweep: false }),
        ),
      );
    }
    return plans;
  }

  /** Applies one event now (re-fetching what it names). */
  async function apply(change: DirectoryChange): Promise<SyncPlan[]> {
    const source = deps.sources.get(change.channel);
    if (!source) {
      // No contact API to ask: only a removal can be applied as reported.
      if (change.what === 'user' && change.removed) return [await commit((dir) => planLeave(dir, change.channel, change.ids, today()))];
      log.warn('contact event not applied: no contact API for the channel', { channel: change.channel, what: change.what });
      return [];
    }
    return change.what === 'user' ? applyUser(source, change) : applyDepartment(source, change);
  }

  /**
   * Takes an event: claims it durably (false for a redelivery), then applies it. An event applied within
   * `answerWithinMs` (most are: a removal, or one re-fetch) resolves after it is written; a failure in that time
   * releases the claim and throws, so the platform is answered with an error and delivers the event again. One
   * that takes longer goes on in the background (the platform is answered in time); if it then fails, the claim is
   * released for a redelivery and the nightly sync repairs it.
   */
  async function accept(change: DirectoryChange): Promise<boolean> {
    const key = `contact:${change.eventId}`;
    // One claim at a time per event id: two deliveries racing each other must not both look unclaimed.
    if (!(await serial(key, () => store.claimMessage(change.channel, key, deps.clock.now())))) {
      log.info('duplicate contact event skipped', { channel: change.channel, eventId: change.eventId });
      return false;
    }
    let answered = false;
    const work = apply(change).then(
      (plans) => {
        const counts = plans.map((p) => p.counts);
        log.info('contact event applied', { channel: change.channel, what: change.what, removed: change.removed, ids: change.ids.length, counts });
      },
      async (err) => {
        await store.releaseMessage(change.channel, key).catch(() => undefined);
        if (!answered) throw err;
        log.error('contact event failed; left for a redelivery and the nightly sync', { channel: change.channel, eventId: change.eventId, err });
      },
    );
    const tracked = work.catch(() => undefined);
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deps.answerWithinMs ?? 2_000);
      timer.unref();
    });
    try {
      await Promise.race([work, late]);
    } finally {
      answered = true;
      clearTimeout(timer);
    }
    return true;
  }

  /** First contact: the person for a platform user the directory does not know, from the contact API. */
  async function adopt(channel: ContactChannel, userId: string): Promise<Person | undefined> {
    const source = deps.sources.get(channel);
    if (!source) return undefined;
    try {
      const member = await source.getMember(userId);
      if (!member?.active) return undefined;
      await upsertMember(source, member);
      return store.findPersonByIdentity(channel, userId);
    } catch (err) {
      log.warn('member lookup failed; the person will be asked to bind a department', { channel, userId, err });
      return undefined;
    }
  }

  return {
    /** The platforms whose contacts can be read. */
    channels: [...deps.sources.keys()],
    sync,
    accept,
    apply,
    adopt,
    /** Runs a directory edit (roster import, an admin's change) in the same write queue as syncs and events. */
    exclusive: <T>(task: () => Promise<T>): Promise<T> => serial('directory', task),
    /** The platforms that can be read and each one's last full sync (for /healthz). */
    status: () => ({ channels: [...deps.sources.keys()], lastSync: Object.fromEntries(last) }),
    /** Resolves when every accepted event has been applied. */
    async drain(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

export type ContactSync = ReturnType<typeof createContactSync>;

/** WeCom update_user with NewUserID: the person keeps their record under the new userid. */
function renameAccount(people: readonly Person[], channel: ContactChannel, from: string, to: string): SyncPlan {
  const plan: SyncPlan = {
    channel,
    saveDepartments: [],
    removeDepartments: [],
    savePeople: [],
    counts: {
      departmentsCreated: 0,
      departmentsRenamed: 0,
      departmentsMoved: 0,
      departmentsRemoved: 0,
      peopleCreated: 0,
      peopleUpdated: 0,
      peopleMoved: 0,
      peopleDeactivated: 0,
      peopleReactivated: 0,
    },
    notes: [],
  };
  const p = people.find((x) => x.identities[channel] === from);
  if (!p || people.some((x) => x.identities[channel] === to)) return plan;
  return { ...plan, savePeople: [{ ...p, identities: { ...p.identities, [channel]: to } }], counts: { ...plan.counts, peopleUpdated: 1 } };
}

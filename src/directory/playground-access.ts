/**
 * Who the playground may act for (issue 11 item 9). Every id the playground is sent is a demo person: one that
 * exists, or a new one created on first use, up to `maxPeople` demo people in all (then refused, so ids sent
 * in a loop cannot grow the directory without end). With a platform configured the playground is a sandbox:
 * a real person's id (the real admin's, say) is refused, the people list and inboxes are demo people's only.
 * Without a platform the playground is the installation's only channel and may act for anyone in it.
 */
import { AppError } from '../core/errors.js';
import type { Person } from '../store/model.js';
import type { Store } from '../store/store.js';
import { isDemo } from './demo-data.js';

export interface PlaygroundAccessDeps {
  /** The whole store (people of both worlds). */
  readonly store: Store;
  /** A platform is configured: act for demo people only. */
  readonly sandboxed: boolean;
  /** Most demo people there may be (seeded and seed-demo ones count too). */
  readonly maxPeople: number;
}

export interface PlaygroundAccess {
  /** Lets a message from `userId` through (a new id takes a place under the cap of demo people); throws AppError when refused. */
  admit(userId: string): Promise<void>;
  /** Whether the pushes of `userId` may be read (a sandbox serves demo people only). */
  mayReadInbox(userId: string): Promise<boolean>;
  /** The people the page offers (at most `limit`). */
  people(limit: number): Promise<readonly Person[]>;
}

export function createPlaygroundAccess(d: PlaygroundAccessDeps): PlaygroundAccess {
  const find = async (userId: string) => (await d.store.findPersonByIdentity('playground', userId)) ?? (await d.store.getPerson(userId));
  // Admissions run one at a time, so the cap holds exactly under concurrent first messages.
  let chain: Promise<unknown> = Promise.resolve();
  const reserved = new Set<string>();

  async function admitOne(userId: string): Promise<void> {
    const known = await find(userId);
    if (known) {
      if (d.sandboxed && !isDemo(known)) {
        throw new AppError('auth.forbidden', '本地体验是演示沙盒，只能以演示人员的身份使用，不能代替真实人员操作。', { userId });
      }
      return;
    }
    // Ids admitted whose first message is still on its way to the directory count toward the cap until they exist.
    for (const id of reserved) if (await find(id)) reserved.delete(id);
    const demoPeople = (await d.store.listPeople()).filter(isDemo).length + reserved.size;
    if (demoPeople >= d.maxPeople) {
      throw new AppError(
        'input.quota_exceeded',
        `演示人员已达上限（${d.maxPeople} 人），不能再新建。请选择已有的演示人员，或由管理员运行 demo clear 后重试。`,
        {
          maxPeople: d.maxPeople,
        },
      );
    }
    // The directory creates the person when the message is handled (so the first reply can say where they were
    // placed, e.g. 未分组); until then the id holds a place under the cap.
    reserved.add(userId);
  }

  return {
    admit(userId) {
      const run = chain.then(() => admitOne(userId));
      chain = run.catch(() => undefined);
      return run;
    },
    async mayReadInbox(userId) {
      if (!d.sandboxed) return true;
      const known = await find(userId);
      return known === undefined || isDemo(known);
    },
    async people(limit) {
      const all = (await d.store.listPeople()).filter((p) => p.active && p.departmentId && (!d.sandboxed || isDemo(p)));
      return all.slice(0, limit);
    },
  };
}

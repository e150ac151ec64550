/**
 * Department lookup for the directory (wecom.md §5): `user/get` gives the member's name and department ids
 * (main department first), `department/get` their names. Cached; any failure (no contact permission,
 * outside the 可见范围, 60020) yields undefined so the person is asked to bind a department instead.
 */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { PlatformLookup, PlatformProfile } from '../../directory/directory-service.js';
import type { WecomApi } from './api.js';

/** Clock and logger for the lookup cache. */
export interface WecomLookupOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long answers are reused (default 24 h). */
  readonly ttlMs?: number;
}

/** Creates the `lookups.wecom` function for createDeps. */
export function createWecomLookup(api: WecomApi, o: WecomLookupOptions): PlatformLookup {
  const ttlMs = o.ttlMs ?? 24 * 3600_000;
  const users = new Map<string, { at: number; profile: PlatformProfile }>();
  const departments = new Map<number, { at: number; name: string }>();
  const fresh = (at: number) => o.clock.now().getTime() - at < ttlMs;

  async function departmentName(id: number): Promise<string | undefined> {
    const hit = departments.get(id);
    if (hit && fresh(hit.at)) return hit.name;
    const json = await api.call('GET', 'department/get', { query: { id: String(id) } });
    const name = (json.department as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string') return undefined;
    departments.set(id, { at: o.clock.now().getTime(), name });
    return name;
  }

  return async (userId) => {
    const hit = users.get(userId);
    if (hit && fresh(hit.at)) return hit.profile;
    try {
      const json = await api.call('GET', 'user/get', { query: { userid: userId } });
      const ids = Array.isArray(json.department) ? json.department.map(Number).filter(Number.isInteger) : [];
      const main = Number(json.main_department);
      const ordered = Number.isInteger(main) && ids.includes(main) ? [main, ...ids.filter((d) => d !== main)] : ids;
      const names: string[] = [];
      for (const id of ordered) {
        const n = await departmentName(id);
        if (n) names.push(n);
      }
      const profile: PlatformProfile = { name: typeof json.name === 'string' && json.name ? json.name : userId, departmentNames: names };
      users.set(userId, { at: o.clock.now().getTime(), profile });
      return profile;
    } catch (err) {
      o.logger.warn('WeCom member lookup failed; the person will be asked to bind a department', { userId, err });
      return undefined;
    }
  };
}

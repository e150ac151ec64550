/**
 * Department lookup for people the roster does not know (dingtalk.md §7): topapi/v2/user/get → dept_id_list →
 * topapi/v2/department/get names. Cached (every call counts against QPS and the monthly quota). Without the
 * contact permissions the lookup answers undefined and the person is asked to `绑定 部门`.
 */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { DingtalkApi } from './api.js';

/** Same shape as directory's PlatformLookup (channels import only from core). */
export type DingtalkLookup = (userId: string) => Promise<{ name: string; departmentNames: readonly string[] } | undefined>;

/** The root department (the organisation itself) goes last so a real department wins a name match. */
const ROOT_DEPT = 1;

export function createDingtalkLookup(
  api: Pick<DingtalkApi, 'getUser' | 'getDepartment'>,
  deps: { clock: Clock; logger: Logger; ttlMs?: number },
): DingtalkLookup {
  const ttl = deps.ttlMs ?? 6 * 60 * 60_000;
  const users = new Map<string, { at: number; value: Promise<{ name: string; departmentNames: readonly string[] } | undefined> }>();
  const depts = new Map<number, { at: number; value: Promise<string | undefined> }>();
  const fresh = (at: number) => deps.clock.now().getTime() - at < ttl;

  function department(id: number): Promise<string | undefined> {
    const hit = depts.get(id);
    if (hit && fresh(hit.at)) return hit.value;
    const value = api.getDepartment(id).then(
      (d) => d.name,
      (err) => {
        depts.delete(id);
        deps.logger.warn('dingtalk department lookup failed', { deptId: id, err, check: 'grant 通讯录部门信息读权限 (qyapi_get_department_list)' });
        return undefined;
      },
    );
    depts.set(id, { at: deps.clock.now().getTime(), value });
    return value;
  }

  return (userId) => {
    const hit = users.get(userId);
    if (hit && fresh(hit.at)) return hit.value;
    const value = (async () => {
      try {
        const user = await api.getUser(userId);
        const ids = [...user.deptIds.filter((d) => d !== ROOT_DEPT), ...user.deptIds.filter((d) => d === ROOT_DEPT)];
        const names = await Promise.all(ids.map(department));
        return { name: user.name, departmentNames: names.filter((n): n is string => n !== undefined) };
      } catch (err) {
        users.delete(userId);
        deps.logger.warn('dingtalk user lookup failed; the person will be asked to bind a department', {
          userId,
          err,
          check: 'grant 成员信息读权限 (qyapi_get_member) to the app',
        });
        return undefined;
      }
    })();
    users.set(userId, { at: deps.clock.now().getTime(), value });
    return value;
  };
}

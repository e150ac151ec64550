/**
 * `people [find <关键词> | move <人员> <部门> | role <人员> <成员|领导|管理员…> [--leads 部门,部门] |
 * deactivate <人员> | activate <人员>] [--dry-run]`. A person is named by id, platform account, 工号 or a
 * unique name; what an admin sets here is kept by later contact syncs.
 */
import { findDepartment, findPerson, searchPeople } from '../../directory/admin/find.js';
import { type PersonEdit, activatePerson, deactivatePerson, describePerson, movePerson, setRoles } from '../../directory/admin/people-ops.js';
import type { Department } from '../../core/model.js';
import type { CommandSpec } from '../commands.js';
import { UsageError, outcomeLine, switchFlag } from './shared.js';

const USAGE = 'people [find <关键词> | move <人员> <部门> | role <人员> <成员|领导|管理员> [--leads 部门,…] | deactivate <人员> | activate <人员>] [--dry-run]';

export const peopleCommand: CommandSpec = {
  usage: USAGE,
  summary: '查找人员；调整部门、设置角色（领导及其负责部门）、停用/恢复，均可 --dry-run 试运行',
  english: 'find people; move, set roles, deactivate or activate',
  flags: {
    'dry-run': { help: '只报告将做的修改，不保存' },
    leads: { value: '<部门,部门>', help: '（role 领导）负责的部门' },
  },
  maxArgs: 12,
  needsStore: true,
  async run(args, { deps, io }) {
    const [verb, who, ...rest] = args.positional;
    try {
      const dryRun = switchFlag(args, 'dry-run');
      const store = deps!.store;
      if (verb === 'find') {
        if (!who) throw new UsageError('用法：people find <姓名、账号、工号或手机号>');
        const departments = new Map((await store.listDepartments()).map((d) => [d.id, d]));
        const hits = searchPeople([who, ...rest].join(' '), await store.listPeople());
        for (const p of hits.slice(0, 50)) io.out(describePerson(p, departments));
        io.out(hits.length > 50 ? `共 ${hits.length} 人，只列出前 50 人` : `共 ${hits.length} 人`);
        return 0;
      }
      if (!verb || !who) throw new UsageError(`用法：${USAGE}`);
      const result = await deps!.contacts.exclusive(async (): Promise<PersonEdit> => {
        const list = await store.listDepartments();
        const departments = new Map(list.map((d) => [d.id, d]));
        const found = findPerson(who, await store.listPeople());
        if (!found.ok) throw new UsageError(found.reason);
        const dept = (text: string | undefined): Department => {
          if (!text) throw new UsageError(`用法：${USAGE}`);
          const f = findDepartment(text, list);
          if (!f.ok) throw new UsageError(f.reason);
          return f.value;
        };
        const today = deps!.stats.today();
        let r: PersonEdit;
        if (verb === 'move') r = movePerson(found.value, dept(rest[0]), departments);
        else if (verb === 'role') {
          const leadsFlag = args.flags.leads;
          const leads =
            typeof leadsFlag === 'string'
              ? leadsFlag
                  .split(/[,，、]/)
                  .filter(Boolean)
                  .map(dept)
              : undefined;
          r = setRoles(found.value, rest.flatMap((w) => w.split(/[,，、]/)).filter(Boolean), departments, leads);
        } else if (verb === 'deactivate') r = deactivatePerson(found.value, today);
        else if (verb === 'activate') r = activatePerson(found.value, today);
        else throw new UsageError(`用法：${USAGE}`);
        if (r.ok && !dryRun) await store.savePeople([r.person]);
        return r;
      });
      if (!result.ok) {
        io.out(result.reason);
        return 1;
      }
      io.out(result.summary);
      io.out(outcomeLine(dryRun));
      return 0;
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.out(err.message);
      return 2;
    }
  },
};

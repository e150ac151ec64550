/**
 * `departments [list | rename <部门> <新名称> | move <部门> <新上级>|--top | merge <部门> <并入部门>] [--dry-run]`.
 * A department is named by its id, its path (县司法局/法制科) or a name only one department has.
 */
import { type DirectoryEdit, type EditResult, mergeDepartments, moveDepartment, renameDepartment, renderTree } from '../../directory/admin/department-ops.js';
import { findDepartment } from '../../directory/admin/find.js';
import type { CommandSpec } from '../commands.js';
import { UsageError, outcomeLine, switchFlag } from './shared.js';

const USAGE = 'departments [list | rename <部门> <新名称> | move <部门> <新上级>|--top | merge <部门> <并入部门>] [--dry-run]';

export const departmentsCommand: CommandSpec = {
  usage: USAGE,
  summary: '部门树（人数、负责人、平台对应）；改名、调整上级、合并，均可 --dry-run 试运行',
  english: 'department tree; rename, move or merge departments',
  flags: {
    'dry-run': { help: '只报告将做的修改，不保存' },
    top: { help: '（move）移到最上级' },
  },
  maxArgs: 3,
  needsStore: true,
  async run(args, { deps, io }) {
    const [verb = 'list', a, b] = args.positional;
    try {
      const dryRun = switchFlag(args, 'dry-run');
      const top = switchFlag(args, 'top');
      if (verb === 'list') {
        for (const line of renderTree(await deps!.store.listDepartments(), await deps!.store.listPeople())) io.out(line);
        return 0;
      }
      const result = await deps!.contacts.exclusive(async (): Promise<EditResult> => {
        const departments = await deps!.store.listDepartments();
        const people = await deps!.store.listPeople();
        const need = (text: string | undefined) => {
          if (!text) throw new UsageError(`用法：${USAGE}`);
          const f = findDepartment(text, departments);
          if (!f.ok) throw new UsageError(f.reason);
          return f.value;
        };
        let r: EditResult;
        if (verb === 'rename') {
          if (!b) throw new UsageError('用法：departments rename <部门> <新名称> [--dry-run]');
          r = renameDepartment(need(a), b, departments);
        } else if (verb === 'move') {
          const d = need(a);
          if (!top && !b) throw new UsageError('用法：departments move <部门> <新上级>|--top [--dry-run]');
          r = moveDepartment(d, top ? undefined : need(b), departments);
        } else if (verb === 'merge') {
          r = mergeDepartments(need(a), need(b), departments, people);
        } else throw new UsageError(`用法：${USAGE}`);
        if (r.ok && !dryRun) await write(deps!.store, r.edit);
        return r;
      });
      if (!result.ok) {
        io.out(result.reason);
        return 1;
      }
      io.out(result.edit.summary);
      io.out(outcomeLine(dryRun));
      return 0;
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.out(err.message);
      return 2;
    }
  },
};

/** Writes an edit: departments, then people, then removals. */
export async function write(
  store: {
    saveDepartments: (d: DirectoryEdit['saveDepartments']) => Promise<void>;
    savePeople: (p: DirectoryEdit['savePeople']) => Promise<void>;
    removeDepartments: (ids: readonly string[]) => Promise<void>;
  },
  edit: DirectoryEdit,
): Promise<void> {
  if (edit.saveDepartments.length > 0) await store.saveDepartments(edit.saveDepartments);
  if (edit.savePeople.length > 0) await store.savePeople(edit.savePeople);
  if (edit.removeDepartments.length > 0) await store.removeDepartments(edit.removeDepartments);
}

/** A sync's report as Chinese lines for the admin (command line, logs). Pure. */
import type { SyncReport } from './contact-sync.js';

const PLATFORM = { wecom: '企业微信', dingtalk: '钉钉', zhengding: '浙政钉' } as const;

export function formatSyncReport(r: SyncReport): string[] {
  const c = r.plan.counts;
  const lines = [
    `${PLATFORM[r.channel]}：读取部门 ${r.departmentsRead} 个、成员 ${r.membersRead} 人（接口调用 ${r.calls} 次，用时 ${(r.ms / 1000).toFixed(1)} 秒）`,
    `  部门：新建 ${c.departmentsCreated}，改名 ${c.departmentsRenamed}，调整上级 ${c.departmentsMoved}，删除 ${c.departmentsRemoved}`,
    `  人员：新增 ${c.peopleCreated}，更新 ${c.peopleUpdated}（其中调整部门 ${c.peopleMoved}），停用 ${c.peopleDeactivated}，恢复在职 ${c.peopleReactivated}`,
  ];
  if (r.failures.length > 0) {
    lines.push(`  部分读取失败（${r.failures.length} 处），已同步的数据保持不变：`);
    // The same error on many departments is one line with a count.
    const byCode = new Map<string, { meaning: string; calls: Set<string>; targets: string[] }>();
    for (const f of r.failures) {
      const g = byCode.get(f.code) ?? { meaning: f.meaning, calls: new Set(), targets: [] };
      g.calls.add(f.call);
      if (f.target) g.targets.push(f.target);
      byCode.set(f.code, g);
    }
    for (const [code, g] of byCode) {
      const where = g.targets.length > 0 ? `，涉及 ${g.targets.slice(0, 5).join('、')}${g.targets.length > 5 ? ` 等 ${g.targets.length} 处` : ''}` : '';
      lines.push(`    错误 ${code}（${[...g.calls].join('、')}${where}）：${g.meaning}`);
    }
  }
  for (const n of r.plan.notes) lines.push(`  说明：${n}`);
  const nothing = r.plan.saveDepartments.length + r.plan.savePeople.length + r.plan.removeDepartments.length === 0;
  lines.push(nothing ? '  没有需要修改的内容。' : r.applied ? '  已保存。' : '  试运行：未保存。');
  return lines;
}

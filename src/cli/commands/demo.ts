/**
 * `demo [clear]`: the demo data (directory/demo-data.ts). Without an argument it lists what is demo data;
 * `demo clear` removes the demo people, departments and topics, keeping (and no longer marking demo) any
 * demo department real people were put in, and says exactly what it removed.
 */
import { type DemoClearPlan, planDemoClear } from '../../directory/demo-data.js';
import type { Department } from '../../store/model.js';
import type { CommandSpec } from '../commands.js';

const names = (list: readonly { name: string }[], max = 8) =>
  list.length === 0
    ? ''
    : `（${list
        .slice(0, max)
        .map((x) => x.name)
        .join('、')}${list.length > max ? ' 等' : ''}）`;

function describe(plan: DemoClearPlan): string {
  return `演示人员 ${plan.people.length} 人${names(plan.people)}、演示部门 ${plan.departments.length} 个${names(plan.departments)}、演示学习专题 ${plan.topics.length} 个`;
}

export const demoCommand: CommandSpec = {
  usage: 'demo [clear]',
  summary: 'list the demo data (playground people and departments, seed-demo); `demo clear` removes it',
  needsStore: true,
  async run(args, { deps, io }) {
    const [verb] = args.positional;
    if (verb !== undefined && verb !== 'clear' && verb !== 'list') {
      io.out('用法：demo（查看演示数据）或 demo clear（删除演示数据）');
      return 2;
    }
    const store = deps!.store;
    const plan = planDemoClear({ departments: await store.listDepartments(), people: await store.listPeople(), topics: await store.listTopics() });
    const nothing = plan.people.length + plan.departments.length + plan.kept.length + plan.topics.length === 0;
    if (verb !== 'clear') {
      io.out(nothing ? '没有演示数据。' : `演示数据：${describe(plan)}。删除请运行 demo clear。`);
      return 0;
    }
    if (nothing) {
      io.out('没有演示数据，无需删除。');
      return 0;
    }
    await store.removeFromDirectory({
      people: plan.people.map((p) => p.id),
      departments: plan.departments.map((d) => d.id),
      topics: plan.topics.map((t) => t.id),
    });
    if (plan.kept.length > 0) {
      await store.saveDepartments(plan.kept.map(({ demo: _demo, ...d }): Department => d));
    }
    io.out(`已删除${describe(plan)}。`);
    if (plan.kept.length > 0) io.out(`保留 ${plan.kept.length} 个已有真实人员的部门${names(plan.kept)}，不再标记为演示。`);
    return 0;
  },
};

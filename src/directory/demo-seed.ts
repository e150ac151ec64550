/**
 * Demo departments and people, seeded on first start when the playground is on and the store is empty,
 * so the playground can be tried at once (a bureau's first demo to its leaders). All marked `demo: true`
 * (directory/demo-data.ts): they never count once real people exist; `demo clear` removes them.
 */
import type { Clock } from '../core/clock.js';
import { addDays, quizDayOf } from '../core/quiz-day.js';
import type { Department, Person } from '../store/model.js';
import type { Store } from '../store/store.js';

export const DEMO_DEPARTMENTS: readonly Department[] = [
  { id: 'sfj', name: '县司法局', demo: true },
  { id: 'bgs', name: '办公室', parentId: 'sfj', demo: true },
  { id: 'fzk', name: '法制科', parentId: 'sfj', demo: true },
  { id: 'zfdd', name: '执法大队', parentId: 'sfj', demo: true },
  { id: 'ggfw', name: '公共法律服务科', parentId: 'sfj', demo: true },
];

/** Seeds the demo directory if the store has no departments yet; returns whether it did. */
export async function seedDemo(store: Store, clock: Clock, timeZone: string): Promise<boolean> {
  if ((await store.listDepartments()).length > 0) return false;
  const joinedOn = addDays(quizDayOf(clock.now(), timeZone), -30);
  const person = (id: string, name: string, departmentId: string, extra: Partial<Person> = {}): Person => ({
    id,
    name,
    departmentId,
    roles: ['member'],
    track: '全员',
    identities: { playground: id },
    active: true,
    joinedOn,
    demo: true,
    ...extra,
  });
  await store.saveDepartments(DEMO_DEPARTMENTS);
  await store.savePeople([
    person('wangjz', '王局长', 'sfj', { roles: ['leader'], track: '领导干部' }),
    person('admin', '管理员', 'bgs', { roles: ['admin'] }),
    person('zhaoliu', '赵六', 'bgs'),
    person('likz', '李科长', 'fzk', { roles: ['leader'], track: '领导干部' }),
    person('zhangsan', '张三', 'fzk'),
    person('lisi', '李四', 'zfdd', { track: '执法人员' }),
    person('wangwu', '王五', 'zfdd', { track: '执法人员' }),
    person('chenqi', '陈七', 'ggfw'),
  ]);
  return true;
}

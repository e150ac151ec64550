/**
 * One organisation chart both fake platforms serve their contact APIs from (fake-wecom-api.ts with WeCom's
 * shapes, fake-dingtalk.ts with DingTalk's): departments in a tree (root 1), members in one or more
 * departments with a title, leader flags and a status. Tests change it (move, rename, leave) and then send
 * the platform's event, exactly as an admin's edit in the console would.
 */

export interface OrgDepartment {
  id: number;
  name: string;
  /** Undefined for the root (1). */
  parentId?: number;
  order: number;
  /** 部门负责人 (WeCom department_leader, DingTalk dept_manager_userid_list). */
  leaders: string[];
}

export interface OrgMember {
  userid: string;
  name: string;
  departments: number[];
  main?: number;
  /** 职务 / 职位 */
  position?: string;
  /** Departments where the member is 上级 / 主管. */
  leaderIn: number[];
  /** WeCom status: 1 active, 2 disabled, 4 not yet activated, 5 left. */
  status: 1 | 2 | 4 | 5;
  mobile?: string;
  jobNumber?: string;
}

export interface FakeOrg {
  readonly departments: Map<number, OrgDepartment>;
  readonly members: Map<string, OrgMember>;
  /** The app's 可见范围 (department ids whose subtrees are visible); empty = everything. */
  readonly visible: Set<number>;
  addDepartment(d: Partial<OrgDepartment> & { id: number; name: string }): OrgDepartment;
  addMember(m: Partial<OrgMember> & { userid: string; name: string; departments: number[] }): OrgMember;
  children(id: number): OrgDepartment[];
  /** Members directly in a department. */
  membersOf(id: number): OrgMember[];
  isVisible(departmentId: number): boolean;
  /** Whether a member is in a visible department. */
  memberVisible(m: OrgMember): boolean;
}

export function createFakeOrg(rootName = '县司法局'): FakeOrg {
  const departments = new Map<number, OrgDepartment>();
  const members = new Map<string, OrgMember>();
  const visible = new Set<number>();
  const org: FakeOrg = {
    departments,
    members,
    visible,
    addDepartment(d) {
      const dept: OrgDepartment = { order: 0, leaders: [], ...d, ...(d.id === 1 ? { parentId: undefined } : { parentId: d.parentId ?? 1 }) };
      departments.set(dept.id, dept);
      return dept;
    },
    addMember(m) {
      const member: OrgMember = { leaderIn: [], status: 1, ...m };
      members.set(member.userid, member);
      return member;
    },
    children: (id) => [...departments.values()].filter((d) => d.parentId === id),
    membersOf: (id) => [...members.values()].filter((m) => m.departments.includes(id) && m.status !== 5),
    isVisible(id) {
      if (visible.size === 0) return departments.has(id);
      for (let at: number | undefined = id, n = 0; at !== undefined && n < 50; at = departments.get(at)?.parentId, n++) if (visible.has(at)) return true;
      return false;
    },
    memberVisible: (m) => m.departments.some((d) => org.isVisible(d)),
  };
  org.addDepartment({ id: 1, name: rootName });
  return org;
}

/**
 * A 3-level tree: the root, `bureaus` units under it, `sections` sections under each, and `perSection`
 * members in each section (the head of each section flagged as its leader, titled 科长). Member ids are
 * u00001…; department ids 2… in creation order. One member also belongs to a second section.
 */
export function buildTree(org: FakeOrg, o: { bureaus: number; sections: number; perSection: number }): { departments: number; members: number } {
  let nextDept = 2;
  let nextUser = 1;
  for (let b = 0; b < o.bureaus; b++) {
    const bureau = org.addDepartment({ id: nextDept++, name: `第${b + 1}分局`, parentId: 1 });
    for (let s = 0; s < o.sections; s++) {
      const section = org.addDepartment({ id: nextDept++, name: `${bureau.name}第${s + 1}科`, parentId: bureau.id });
      for (let m = 0; m < o.perSection; m++) {
        const userid = `u${String(nextUser++).padStart(5, '0')}`;
        const head = m === 0;
        org.addMember({
          userid,
          name: `成员${userid.slice(1)}`,
          departments: [section.id],
          main: section.id,
          position: head ? '科长' : '科员',
          leaderIn: head ? [section.id] : [],
          jobNumber: `E${userid.slice(1)}`,
        });
        if (head) section.leaders.push(userid);
      }
    }
  }
  const first = org.members.get('u00002');
  if (first && org.departments.has(4)) first.departments.push(4);
  return { departments: org.departments.size, members: org.members.size };
}

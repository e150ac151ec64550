/**
 * The contacts port (通讯录): what a platform's contact API says about its departments and members, in a
 * neutral shape. WeCom and DingTalk implement `ContactSource` (channels/wecom/contacts.ts,
 * channels/dingtalk/contacts.ts); directory/sync consumes it. Platform ids are strings here (WeCom and
 * DingTalk department ids are numbers on the wire). Protocol notes: /work/shared/platforms/contacts.md.
 */
import type { ChannelId } from '../message.js';

/** The platforms with a contact API. */
export type ContactChannel = Extract<ChannelId, 'wecom' | 'dingtalk' | 'zhengding'>;

export interface PlatformDepartment {
  readonly id: string;
  readonly name: string;
  /** Undefined for the root (the organisation itself). */
  readonly parentId?: string;
  /** userids the platform lists as the department's heads (WeCom department_leader, DingTalk dept_manager_userid_list). */
  readonly leaderUserIds?: readonly string[];
}

export interface PlatformMember {
  readonly userId: string;
  readonly name: string;
  /** Departments the member belongs to (directly). */
  readonly departmentIds: readonly string[];
  /** The platform's main department, when it names one (WeCom main_department). */
  readonly mainDepartmentId?: string;
  /** 职务 / 职位, free text (WeCom position, DingTalk title). */
  readonly title?: string;
  /** Departments whose head the member is (WeCom is_leader_in_dept, DingTalk leader / leader_in_dept). */
  readonly leaderOf: readonly string[];
  /** False when the platform says the member is disabled or has left (WeCom status 2 or 5). */
  readonly active: boolean;
  readonly mobile?: string;
  /** 工号 (DingTalk job_number). */
  readonly employeeNo?: string;
}

/** One call that failed during a read, with what it means for the operator (Chinese). */
export interface ContactFailure {
  /** The API, e.g. 'user/list'. */
  readonly call: string;
  /** The department or user it was about. */
  readonly target?: string;
  /** errcode, HTTP status or 'network'. */
  readonly code: string;
  readonly meaning: string;
}

/** Everything one full read of the organisation returned. */
export interface OrgSnapshot {
  readonly channel: ContactChannel;
  readonly departments: readonly PlatformDepartment[];
  readonly members: readonly PlatformMember[];
  /** True when the department tree was read completely (a department missing from it was really removed). */
  readonly treeComplete: boolean;
  /** Departments whose member listing failed: their members are kept as they are. */
  readonly unlistedDepartments: readonly string[];
  readonly failures: readonly ContactFailure[];
  /** API calls made (for the operator and the benchmark). */
  readonly calls: number;
}

/**
 * A platform's contact API. `readOrg` never throws for a failed call (it records it in `failures`);
 * `getMember` / `getDepartment` answer null when the platform says the id does not exist (left, deleted)
 * and throw AppError('platform.*') when they cannot tell.
 */
export interface ContactSource {
  readonly channel: ContactChannel;
  readOrg(): Promise<OrgSnapshot>;
  getMember(userId: string): Promise<PlatformMember | null>;
  getDepartment(id: string): Promise<PlatformDepartment | null>;
}

/**
 * A change the platform reported by event (WeCom change_contact, DingTalk 通讯录事件). Only the ids are
 * trusted: the directory re-fetches them through the API (event payloads may omit every other field).
 */
export interface DirectoryChange {
  readonly channel: ContactChannel;
  /** The platform's event id, or a key built from the event: the dedupe key. */
  readonly eventId: string;
  readonly what: 'user' | 'department';
  readonly ids: readonly string[];
  /** The event says these were removed (a member left, a department was deleted). */
  readonly removed: boolean;
  /** WeCom update_user with NewUserID: the member's new userid. */
  readonly newUserId?: string;
}

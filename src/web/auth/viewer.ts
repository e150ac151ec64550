/**
 * Who is asking, and what they may see (web-signin.md §3.5): admins everything; leaders the departments they
 * head with everything below them; everyone else only themselves. The scope is the same one the chat uses
 * (stats.scopeOf), computed on the server for every request; nothing the browser says widens it.
 */
import type { Department, Person, Role } from '../../store/model.js';

export interface ViewerScope {
  /** Admins (and the admin token): every department and person. */
  readonly all: boolean;
  /** Departments in scope (with their sub-departments), and the people in them. */
  readonly departments: readonly Department[];
  readonly people: readonly Person[];
}

/** A signed-in person, or a script with the admin token. */
export interface Viewer {
  readonly kind: 'session' | 'token';
  /** Absent for the admin token. */
  readonly person?: Person;
  readonly roles: readonly Role[];
  readonly scope: ViewerScope;
  /** The session's anti-CSRF token (sessions only). */
  readonly csrf?: string;
}

/** The person with `admin` added when ADMIN_USERS names them (by id or platform userid), as the chat does. */
export function withAdminUsers(person: Person, adminUsers: readonly string[]): Person {
  if (person.roles.includes('admin')) return person;
  const ids = [person.id, ...Object.values(person.identities)];
  return ids.some((id) => id !== undefined && adminUsers.includes(id)) ? { ...person, roles: [...person.roles, 'admin'] } : person;
}

export const hasRole = (viewer: Viewer, roles: readonly Role[]): boolean => roles.some((r) => viewer.roles.includes(r));

export function canSeeDepartment(viewer: Viewer, departmentId: string): boolean {
  return viewer.scope.all || viewer.scope.departments.some((d) => d.id === departmentId);
}

export function canSeePerson(viewer: Viewer, personId: string): boolean {
  return viewer.scope.all || viewer.scope.people.some((p) => p.id === personId) || viewer.person?.id === personId;
}

/**
 * The top departments of a scope: those whose parent is outside it (a leader of two units gets both; an
 * admin gets the roots of the tree).
 */
export function scopeRoots(departments: readonly Department[]): Department[] {
  const ids = new Set(departments.map((d) => d.id));
  return departments.filter((d) => !d.parentId || !ids.has(d.parentId));
}

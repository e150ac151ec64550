/**
 * The directory port: departments and people (the organisation chart the roster, the platforms' 通讯录 and
 * admins keep). One of the narrow store ports (core/ports/store.ts lists them all); every method is one atomic
 * step, and what it returns is plain data that later writes never change.
 */
import type { ChannelId } from '../message.js';
import type { Department, Person } from '../model.js';

export interface DirectoryStore {
  listDepartments(): Promise<readonly Department[]>;
  /** Upserts by id in one write. */
  saveDepartments(departments: readonly Department[]): Promise<void>;
  /** Deletes departments by id (merged away, or removed on the platform); people are not touched. */
  removeDepartments(ids: readonly string[]): Promise<void>;
  listPeople(): Promise<readonly Person[]>;
  getPerson(id: string): Promise<Person | undefined>;
  /** The person holding a platform identity; when two claim one, the one saved first as a new person loses. */
  findPersonByIdentity(channel: ChannelId, userId: string): Promise<Person | undefined>;
  /** Upserts by id in one write. */
  savePeople(people: readonly Person[]): Promise<void>;
  /**
   * Removes people, departments and study topics by id in one write (`demo clear`): the one step that spans
   * the directory and its topics. History stays; reports never show it, as they list people from here.
   */
  removeFromDirectory(ids: {
    readonly people?: readonly string[];
    readonly departments?: readonly string[];
    readonly topics?: readonly string[];
  }): Promise<void>;
}

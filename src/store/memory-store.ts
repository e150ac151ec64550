/** A Store that keeps everything in memory: for tests and demos. Same behaviour as the lowdb store. */
import { type JournalEvent, StateStore } from './state-store.js';

export class MemoryStore extends StateStore {
  protected async persist(_e: JournalEvent): Promise<void> {}
  protected async persistWebAuth(): Promise<void> {}
  protected async persistAdmin(): Promise<void> {}
  async close(): Promise<void> {}
}

export function createMemoryStore(): MemoryStore {
  return new MemoryStore();
}

/** A Store that keeps everything in memory: for tests and demos. Same behaviour as the lowdb store. */
import { StateStore } from './state-store.js';

export class MemoryStore extends StateStore {
  protected async persist(): Promise<void> {}
  protected async persistDirectory(): Promise<void> {}
  protected async persistWebAuth(): Promise<void> {}
  async close(): Promise<void> {}
}

export function createMemoryStore(): MemoryStore {
  return new MemoryStore();
}

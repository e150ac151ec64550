/**
 * An optional store capability for bulk loads (`seed-demo`): the writes made inside `fn` may be grouped into
 * large writes instead of one durable write each. A crash mid-way can lose the ungrouped tail, so it is only
 * for writes no person was told about yet (synthetic history). Stores without it write one by one.
 */
export interface BulkWrites {
  bulk<T>(fn: () => Promise<T>): Promise<T>;
}

/** Runs `fn` in the store's bulk mode when it has one. */
export function inBulk<T>(store: object, fn: () => Promise<T>): Promise<T> {
  const b = (store as Partial<BulkWrites>).bulk;
  return typeof b === 'function' ? (b.call(store, fn) as Promise<T>) : fn();
}

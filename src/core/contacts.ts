/**
 * The contacts port moved to core/ports/platform-lookup.ts; this name is kept for the command line's
 * imports (src/cli is changed on its own branch) and re-exports it unchanged.
 */
export type * from './ports/platform-lookup.js';

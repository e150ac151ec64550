import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The files share their worker's module graph instead of importing src/ afresh for each of the 125 files
    // (importing was most of a file's time). Safe because nothing in src/ or test/ keeps module-level state
    // (no singletons, no process.env writes, no fake timers): each test builds its own deps.
    isolate: false,
  },
});

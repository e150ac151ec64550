/**
 * Test wiring: a Config with test defaults, deps over a MemoryStore (or a given store), a fixed clock,
 * a calendar where every day is a study day unless given, and a server on a random port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config/load.js';
import { type StudyCalendar, everyDayCalendar } from '../../src/core/calendar.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { type CreateDepsOptions, type Deps, createDeps } from '../../src/deps.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import type { PracticeStore } from '../../src/quiz/practice-store.js';
import { seedDemo } from '../../src/directory/demo-seed.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

export function testConfig(env: Record<string, string> = {}): Config {
  // ANSWER_MIN_MS=0: the tests' clock stands still, so a question and its answer share one instant; the
  // tests of answers sent before their question was shown set it and move the clock.
  return loadConfig({ QUESTIONS_DIR: `${ROOT}questions`, LAWS_DIR: `${ROOT}laws`, DATA_DIR: '/nonexistent', ANSWER_MIN_MS: '0', ...env });
}

export interface TestDepsOptions extends Partial<Omit<CreateDepsOptions, 'config' | 'clock' | 'logger' | 'store' | 'calendar'>> {
  readonly env?: Record<string, string>;
  readonly store?: Store & PracticeStore;
  readonly now?: string;
  /** The study calendar (default: every day); 'from-config' builds the real one from the config (CALENDAR_FILE). */
  readonly calendar?: StudyCalendar | 'from-config';
  /** Seed the demo departments and people (default true). */
  readonly demo?: boolean;
  /**
   * Seed them as the bureau's real directory instead (as a roster import would leave it): for tests of
   * real platforms, whose people are real. Default false: seeded people are demo people.
   */
  readonly seedAsReal?: boolean;
}

/** Drops the demo mark from every department and person: the seed becomes a real directory. */
export async function markReal(store: Store): Promise<void> {
  await store.saveDepartments((await store.listDepartments()).map(({ demo: _demo, ...d }) => d));
  await store.savePeople((await store.listPeople()).map(({ demo: _demo, ...p }) => p));
}

export async function makeTestDeps(opts: TestDepsOptions = {}) {
  const clock = fixedClock(opts.now ?? '2026-11-24T02:00:00Z');
  const logger = createMemoryLogger();
  const store = opts.store ?? createMemoryStore();
  if (opts.demo ?? true) await seedDemo(store, clock, 'Asia/Shanghai');
  if (opts.seedAsReal) await markReal(store);
  const calendar = opts.calendar === 'from-config' ? undefined : (opts.calendar ?? everyDayCalendar);
  const deps = await createDeps({ ...opts, config: testConfig(opts.env), clock, logger, store, calendar });
  return { deps, clock, logger, store };
}

/** Starts buildApp(deps) on 127.0.0.1 with a random port. */
export async function startServer(deps: Deps): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(buildApp(deps).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((r) => server.close(() => r())) };
}

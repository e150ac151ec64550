/**
 * Starts the bot on a data directory: opens (and locks) the store, wires everything, listens, then handles
 * the messages accepted before a restart in the background. main.ts calls it with the environment's
 * config; tests and the reliability scripts call it in-process or in a child, with injected faults.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { createPlatformChannels } from './channels/platforms.js';
import { startControlServer } from './cli/control.js';
import type { Config } from './config/load.js';
import type { Handler } from './core/bot.js';
import type { Clock } from './core/clock.js';
import type { Deadline } from './core/dispatcher.js';
import type { Logger } from './core/log.js';
import { type Deps, createDeps } from './deps.js';
import { seedDemo } from './directory/demo-seed.js';
import { periodFor } from './stats/period.js';
import { LowdbStore } from './store/lowdb-store.js';
import { adminEntryProblems, adminProblemText } from './directory/admin-users.js';

/** ADMIN_USERS entries that grant nothing (no such person, or a name several people share), at start-up. */
async function warnAdminEntries(config: Config, store: LowdbStore, logger: Logger): Promise<void> {
  if (config.adminUsers.length === 0) return;
  const departments = new Map((await store.listDepartments()).map((d) => [d.id, d.name]));
  for (const p of adminEntryProblems(config.adminUsers, await store.listPeople())) {
    logger.warn(p.kind === 'unknown' ? 'ADMIN_USERS entry matches nobody' : 'ADMIN_USERS name is ambiguous', {
      entry: p.entry,
      fix: adminProblemText(p, (id) => (id === undefined ? undefined : departments.get(id))),
    });
  }
}

/** How long stop() lets requests in flight finish before it closes their connections. */
const HTTP_DRAIN_MS = 10_000;

/** Closes the listener and resolves when every connection has ended (forcing those left after `graceMs`). */
function closeHttp(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

export interface StartOptions {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Fault injection for tests and scripts (see CreateDepsOptions). */
  readonly wrapHandler?: (handler: Handler) => Handler;
  readonly deadline?: (ms: number) => Deadline;
}

export interface RunningBot {
  readonly deps: Deps;
  readonly server: Server;
  /** Where it listens, e.g. http://127.0.0.1:3000 (the real port when PORT=0). */
  readonly url: string;
  /** Resolves when the messages accepted before this start have been handled (or parked). */
  readonly recovered: Promise<number>;
  /** Stops taking messages, drains the work in flight and closes the store. */
  stop(): Promise<void>;
}

export async function startBot(opts: StartOptions): Promise<RunningBot> {
  const { config, clock, logger } = opts;
  const store = await LowdbStore.open({ dataDir: config.dataDir, logger, clock });
  try {
    if (config.playground && (await seedDemo(store, clock, config.timeZone))) logger.info('seeded demo departments and people for the playground');
    await warnAdminEntries(config, store, logger);
    const channels = createPlatformChannels(config, { clock, logger, publicUrl: config.web.publicUrl, leaderTitles: new RegExp(config.contacts.leaderTitles) });
    const deps = await createDeps({
      config,
      clock,
      logger,
      store,
      receivers: channels.receivers,
      senders: channels.senders,
      bulkSenders: channels.bulkSenders,
      contacts: channels.contacts,
      channelHealth: channels.health,
      webSignIn: channels.webSignIn,
      wrapHandler: opts.wrapHandler,
      deadline: opts.deadline,
    });
    const server = createServer(buildApp(deps).callback());
    const control = await startControlServer(deps);
    // Pending pushes (left by a previous process or a failed attempt) are retried until the end of their day.
    const retries = deps.outbox.startRetrying();
    // Exam attempts past their deadline are graded with what was saved, even when nobody calls back.
    const examSweep = deps.exam.service.startSweeping();
    // One board at start-up compiles the report code paths, so the first 排行榜 is as fast as the rest.
    void deps.stats.departmentBoard(periodFor('本月', deps.stats.today())!).catch(() => undefined);
    await deps.scheduler.start();
    await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
    const { port } = server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
    const url = `http://${host}:${port}`;
    logger.info('pufa-bot listening', { url: `${url}/`, questions: deps.bank.size, playground: config.playground, channels: [...channels.senders.keys()] });
    // Messages accepted before a crash are handled now, in the background: none of them can keep the server
    // from listening (each has a time budget, and one that failed twice is parked).
    const recovered = deps.dispatcher.recover(deps.sendLater).then(
      (n) => {
        if (n > 0) logger.info('messages accepted before the restart handled', { count: n });
        return n;
      },
      (err) => {
        logger.error('recovering messages failed', { err });
        return 0;
      },
    );
    channels.start(deps.pipeline);
    return {
      deps,
      server,
      url,
      recovered,
      async stop() {
        // Stop taking requests; those in flight get their answers (idle keep-alive connections close now).
        await closeHttp(server, HTTP_DRAIN_MS);
        await deps.scheduler.stop(); // no new job runs; the ones running finish their pass
        await retries.stop();
        await examSweep.stop();
        await channels.stop();
        await control.close();
        await deps.pipeline.drain(); // messages still being handled (past their reply deadline) finish, late replies go out
        await deps.outbox.repliesSent(); // replies being sent go out (what fails stays pending for the next start)
        await store.close(); // snapshot and release the data directory's lock
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/**
 * Start-up: the only place that reads process.env, opens the store, listens and handles SIGTERM.
 */
import { createServer } from 'node:http';
import { buildApp } from './app.js';
import { loadConfig, withDotEnv } from './config/load.js';
import { systemClock } from './core/clock.js';
import { isAppError } from './core/errors.js';
import { createLogger } from './core/log.js';
import { createDeps } from './deps.js';
import { periodFor } from './stats/period.js';
import { createPlatformChannels } from './channels/platforms.js';
import { seedDemo } from './directory/demo-seed.js';
import { startControlServer } from './cli/control.js';
import { LowdbStore } from './store/lowdb-store.js';

async function main(): Promise<void> {
  const config = loadConfig(withDotEnv(process.env, process.cwd()));
  const logger = createLogger({ level: config.logLevel });
  const clock = systemClock;
  const store = await LowdbStore.open({ dataDir: config.dataDir, logger });
  try {
    if (config.playground && (await seedDemo(store, clock, config.timeZone))) logger.info('seeded demo departments and people for the playground');
    const channels = createPlatformChannels(config, { clock, logger });
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
    });
    const server = createServer(buildApp(deps).callback());
    const control = await startControlServer(deps);
    // Pending pushes (left by a previous process or a failed attempt) are retried until the end of their day.
    const retries = deps.outbox.startRetrying();
    // Exam attempts past their deadline are graded with what was saved, even when nobody calls back.
    const examSweep = deps.exam.service.startSweeping();
    await deps.dispatcher.recover(async (msg, replies) => {
      const sender = deps.senders.get(msg.channel);
      for (const r of replies) await sender?.send(msg.replyTo, r);
    });
    channels.start(deps.dispatcher, async (change) => {
      await deps.contacts.accept(change);
    });
    // One board at start-up compiles the report code paths, so the first 排行榜 is as fast as the rest.
    void deps.stats.departmentBoard(periodFor('本月', deps.stats.today())!).catch(() => undefined);
    await deps.scheduler.start();
    await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
    const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`;
    logger.info('pufa-bot listening', { url: where, questions: deps.bank.size, playground: config.playground, channels: [...channels.senders.keys()] });
    if (config.playground) process.stdout.write(`\n  普法答题机器人已启动。本地体验（Playground）：${where}\n\n`);

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('shutting down', { signal });
      server.close();
      await deps.scheduler.stop();
      await retries.stop();
      await examSweep.stop();
      await channels.stop();
      await control.close();
      await deps.dispatcher.drain();
      await store.close();
      logger.info('stopped');
      process.exit(0);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
  } catch (err) {
    await store.close();
    throw err;
  }
}

main().catch((err) => {
  if (isAppError(err)) {
    process.stderr.write(`pufa-bot cannot start [${err.code}]: ${err.message}\n`);
  } else {
    process.stderr.write(`pufa-bot cannot start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});

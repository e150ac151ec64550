/**
 * Start-up: the only place that reads process.env; starts the bot (server.ts) and stops it on SIGTERM or SIGINT:
 * no new requests, the work in flight finished, the store snapshotted and unlocked, then exit 0 (1 if stopping
 * failed). Run compiled: `node dist/server/main.js` (what `npm start` runs after building, scripts/start.mjs).
 */
import { loadConfig, withDotEnv } from './config/load.js';
import { systemClock } from './core/clock.js';
import { isAppError } from './core/errors.js';
import { createLogger } from './core/log.js';
import { type RunningBot, startBot } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig(withDotEnv(process.env, process.cwd()));
  const logger = createLogger({ level: config.logLevel });
  let bot: RunningBot | undefined;
  let requested: string | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (!bot) {
      // Still starting (store opening, bank loading): stop as soon as it is up, so nothing is left half-open.
      requested ??= signal;
      logger.info('stop requested while starting', { signal });
      return;
    }
    if (stopping) {
      logger.warn('already stopping: finishing the work in flight', { signal });
      return;
    }
    stopping = true;
    logger.info('shutting down', { signal });
    try {
      await bot.stop();
    } catch (err) {
      logger.error('stopping failed', { err });
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  bot = await startBot({ config, clock: systemClock, logger });
  if (requested) return shutdown(requested);
  if (config.playground) process.stdout.write(`\n  普法答题机器人已启动。本地体验（Playground）：${bot.url}/\n\n`);
}

main().catch((err) => {
  if (isAppError(err)) {
    process.stderr.write(`pufa-bot cannot start [${err.code}]: ${err.message}\n`);
  } else {
    process.stderr.write(`pufa-bot cannot start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});

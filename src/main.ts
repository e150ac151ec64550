/**
 * Start-up: the only place that reads process.env; starts the bot (server.ts) and handles SIGTERM.
 */
import { loadConfig, withDotEnv } from './config/load.js';
import { systemClock } from './core/clock.js';
import { isAppError } from './core/errors.js';
import { createLogger } from './core/log.js';
import { startBot } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig(withDotEnv(process.env, process.cwd()));
  const logger = createLogger({ level: config.logLevel });
  const bot = await startBot({ config, clock: systemClock, logger });
  if (config.playground) process.stdout.write(`\n  普法答题机器人已启动。本地体验（Playground）：${bot.url}/\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    await bot.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  if (isAppError(err)) {
    process.stderr.write(`pufa-bot cannot start [${err.code}]: ${err.message}\n`);
  } else {
    process.stderr.write(`pufa-bot cannot start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});

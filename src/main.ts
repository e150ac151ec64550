/**
 * Start-up: the only place that reads process.env; starts the bot (server.ts) and handles SIGTERM.
 */
import { describeError, errorLine } from './cli/error-text.js';
import { loadConfig, readEnvironment } from './config/load.js';
import { systemClock } from './core/clock.js';
import { createLogger } from './core/log.js';
import { startBot } from './server.js';

async function main(): Promise<void> {
  const environment = readEnvironment(process.env, process.cwd());
  for (const w of environment.warnings) process.stderr.write(`提示：${w}\n`);
  const config = loadConfig(environment.env);
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
  // One Chinese line with the code; the stack only for an internal error (nothing better can be said).
  const described = describeError(err);
  process.stderr.write(`普法答题机器人未能启动。${errorLine(described)}\n`);
  if (described.internal) process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});

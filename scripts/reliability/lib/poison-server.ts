/**
 * The real start-up (server.ts, as main.ts runs it) with one injected fault, for poison-restart.ts: a
 * message whose text starts with ☠ makes the handler hang forever (as an awaited call that never returns
 * would). No real input is poison any more (dates are bounded), so the poison comes through the handler seam.
 */
import { loadConfig, withDotEnv } from '../../../src/config/load.js';
import type { Handler } from '../../../src/core/bot.js';
import { systemClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/log.js';
import { startBot } from '../../../src/server.js';

const config = loadConfig(withDotEnv(process.env, process.cwd()));
const logger = createLogger({ level: config.logLevel });
const wrapHandler =
  (h: Handler): Handler =>
  async (ctx, next) => {
    if (ctx.msg.text.startsWith('☠')) {
      logger.warn('poison message: hanging', { messageId: ctx.msg.messageId });
      return new Promise<void>(() => {});
    }
    return h(ctx, next);
  };
const bot = await startBot({ config, clock: systemClock, logger, wrapHandler });
process.on('SIGTERM', () => {
  void bot.stop().then(() => process.exit(0));
});

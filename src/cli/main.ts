/**
 * `npm run pufa -- <command>`: runs a command. Commands that touch the store go to the running server over
 * its control socket when one is up; otherwise this process opens (and locks) the store itself.
 */
import { loadConfig, withDotEnv } from '../config/load.js';
import { systemClock } from '../core/clock.js';
import { isAppError } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { createDeps } from '../deps.js';
import { createPlatformChannels } from '../channels/platforms.js';
import { LowdbStore } from '../store/lowdb-store.js';
import { resolve } from 'node:path';
import { COMMANDS, parseArgs } from './commands.js';
import { askServer } from './control.js';
import { runCommand } from './run-command.js';

/** The server runs commands in its own working directory: file arguments must be absolute. */
function absolutePaths(argv: string[]): string[] {
  const spec = argv[0] ? COMMANDS[argv[0]] : undefined;
  const files = new Set(spec?.paths?.(parseArgs(argv.slice(1))) ?? []);
  return argv.map((a) => (files.has(a) ? resolve(a) : a));
}

async function main(argv: string[]): Promise<number> {
  const config = loadConfig(withDotEnv(process.env, process.cwd()));
  const io = { out: (line: string) => process.stdout.write(`${line}\n`) };
  const spec = argv[0] ? COMMANDS[argv[0]] : undefined;
  if (!spec?.needsStore) return runCommand(argv, { config, io });

  const remote = await askServer(config.dataDir, absolutePaths(argv));
  if (remote) {
    for (const line of remote.output) io.out(line);
    return remote.code;
  }
  const logger = createLogger({ level: 'warn' });
  const store = await LowdbStore.open({ dataDir: config.dataDir, logger });
  try {
    // Pushes made by this process (run-job) go out through the configured platforms, as from the server.
    const channels = createPlatformChannels(config, { clock: systemClock, logger });
    const deps = await createDeps({
      config,
      clock: systemClock,
      logger,
      store,
      senders: channels.senders,
      bulkSenders: channels.bulkSenders,
      contacts: channels.contacts,
    });
    return await runCommand(argv, { config, deps, io });
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(isAppError(err) ? `[${err.code}] ${err.message}\n` : `${(err as Error).stack}\n`);
    process.exit(1);
  },
);

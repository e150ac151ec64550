/**
 * `npm run pufa -- <command>`: runs a command. Commands that touch the store go to the running server over
 * its control socket when one is up; otherwise this process opens (and locks) the store itself.
 */
import { loadConfig, withDotEnv } from '../config/load.js';
import { systemClock } from '../core/clock.js';
import { isAppError } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { createDeps } from '../deps.js';
import { LowdbStore } from '../store/lowdb-store.js';
import { COMMANDS } from './commands.js';
import { askServer } from './control.js';
import { runCommand } from './run-command.js';

async function main(argv: string[]): Promise<number> {
  const config = loadConfig(withDotEnv(process.env, process.cwd()));
  const io = { out: (line: string) => process.stdout.write(`${line}\n`) };
  const spec = argv[0] ? COMMANDS[argv[0]] : undefined;
  if (!spec?.needsStore) return runCommand(argv, { config, io });

  const remote = await askServer(config.dataDir, argv);
  if (remote) {
    for (const line of remote.output) io.out(line);
    return remote.code;
  }
  const logger = createLogger({ level: 'warn' });
  const store = await LowdbStore.open({ dataDir: config.dataDir, logger });
  try {
    const deps = await createDeps({ config, clock: systemClock, logger, store });
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

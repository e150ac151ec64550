/**
 * `npm run pufa -- <command>`: the command line (src/cli/cli.ts) on the real process. npm runs this in the
 * project folder and passes the directory the command was typed in as INIT_CWD.
 */
import { runCli } from './cli.js';

runCli(process.argv.slice(2), { env: process.env, projectDir: process.cwd(), stdout: process.stdout, stderr: process.stderr }).then((code) =>
  process.exit(code),
);

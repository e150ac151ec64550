// @ts-check
/**
 * `npm run pufa -- <command>`: compiles the server when its build is stale (scripts/server-build.mjs; checking
 * takes a few milliseconds), then runs the compiled command line (src/cli/main.ts → dist/server/cli/main.js) in
 * this same process. Plain JavaScript: nothing has to be compiled to run it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_DIR, ensureServerBuilt } from './server-build.mjs';

if (!(await ensureServerBuilt())) process.exit(1);
process.setSourceMapsEnabled(true);
await import(pathToFileURL(join(SERVER_DIR, 'cli', 'main.js')).href);

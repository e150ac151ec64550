// @ts-check
/**
 * `npm start`: compiles the server (src/ → dist/server, scripts/server-build.mjs) and builds the web pages
 * (web/ → dist/web, scripts/web-build.mjs) when they are missing or stale, then runs the compiled server in this
 * same process, so SIGTERM and SIGINT reach it directly. Plain JavaScript: nothing has to be compiled to run it.
 * In production run the compiled entry itself (`node dist/server/main.js`, see deploy/pufa-bot.service).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_DIR, ensureServerBuilt } from './server-build.mjs';
import { ensureWebBuilt } from './web-build.mjs';

if (!(await ensureServerBuilt()) || !ensureWebBuilt()) process.exit(1);
process.setSourceMapsEnabled(true);
await import(pathToFileURL(join(SERVER_DIR, 'main.js')).href);

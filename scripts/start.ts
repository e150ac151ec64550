/**
 * `npm start`: builds the web pages first when dist/web is missing or older than web/ (scripts/web-build.ts),
 * then starts the server in this same process (src/main.ts), so SIGTERM reaches it directly.
 */
import { ensureWebBuilt } from './web-build.js';

if (!ensureWebBuilt()) process.exit(1);
await import('../src/main.js');

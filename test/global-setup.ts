/** Before the suite: the web pages are built when dist/web is missing or older than web/ (the page tests serve them). */
import { ensureWebBuilt } from '../scripts/web-build.mjs';

export default function setup(): void {
  if (!ensureWebBuilt()) throw new Error('the web pages could not be built (npm run build:web)');
}

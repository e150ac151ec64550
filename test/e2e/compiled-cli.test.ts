/**
 * The operator's command line runs compiled code (issue 14): `npm run pufa -- …` builds dist/server when stale and
 * runs dist/server/cli/main.js, which must find the project's files (laws/, questions/) from there.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { serverBuildIsStale } from '../../scripts/server-build.mjs';
import { ROOT } from '../helpers/test-deps.js';

const run = promisify(execFile);

test('npm run pufa -- check-bank runs the compiled command line and checks the shipped bank against laws/', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-compiled-cli-'));
  const { stdout } = await run('npm', ['run', '--silent', 'pufa', '--', 'check-bank'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'error' },
  });
  // execFile rejects on a non-zero exit: the bank checked clean, per law as read from laws/.
  expect(stdout).toContain('行政处罚法');
  // The launcher left a build that matches the sources: the next command starts without compiling.
  expect(serverBuildIsStale()).toBe(false);
});

/**
 * The data directory's lock: one process writes a data directory at a time.
 *
 * `DATA_DIR/.lock` is a proper-lockfile lock (an atomic mkdir whose mtime the holder refreshes every few
 * seconds). Beside it, `DATA_DIR/.lock-owner.json` says who holds it: pid, host name, the kernel's boot id,
 * the pid namespace and the process's start time (Linux /proc), and the identity of the lock directory it
 * belongs to. When the lock is taken, the owner record decides at once whether the holder is gone:
 * - another boot id (or, without one, another host name): the lock was copied with the data directory from
 *   another machine, or the machine restarted; its holder cannot be running here;
 * - the same container restarted (same host name, new pid namespace), or the holder's pid is our own;
 * - the pid no longer exists, or now belongs to a process started at another time (pid reuse).
 * Otherwise (a live holder, or one we cannot see: another container on this machine) the lock is refused
 * unless it has not been refreshed for `staleMs` (proper-lockfile's own rule). A lock without an owner
 * record (an older version) follows the staleness rule too. Two live processes are always refused.
 *
 * Taking over is race-safe: the dead lock is renamed aside first (only one process can), and put back if it
 * turns out a new holder refreshed it in the meantime. Data directories shared between machines over a
 * network file system are not supported (the boot id rule would take over a live lock there).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';

export const LOCK_DIR = '.lock';
export const LOCK_OWNER_FILE = '.lock-owner.json';

/** Who holds a data directory's lock (written beside the lock when it is taken). */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly bootId?: string;
  readonly pidNs?: string;
  /** Process start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  readonly startTicks?: string;
  /** `ino:birthtime` of the lock directory this record belongs to. */
  readonly lockId: string;
  readonly lockedAt: string;
}

/** The identity of this process, as an owner record would describe it. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  readonly bootId?: string;
  readonly pidNs?: string;
  readonly startTicks?: string;
}

const NEVER_STALE = Number.MAX_SAFE_INTEGER;

/** Data directories locked by this process (a second open in the same process is refused, not taken over). */
const heldHere = new Set<string>();

export interface LockOptions {
  readonly logger: Logger;
  readonly clock: Clock;
  /** A lock not refreshed for this long is stale whoever holds it (default 15 s). */
  readonly staleMs?: number;
  /** This process as seen by the owner check (tests describe other machines and processes here). */
  readonly self?: ProcessIdentity;
}

/** Locks `dataDir`; resolves to the release function. Throws AppError('store.locked') when a live process holds it. */
export async function lockDataDir(dataDir: string, opts: LockOptions): Promise<() => Promise<void>> {
  const dir = resolve(dataDir);
  const lockPath = join(dir, LOCK_DIR);
  const ownerPath = join(dir, LOCK_OWNER_FILE);
  const staleMs = opts.staleMs ?? 15_000;
  const self = opts.self ?? currentProcess();
  if (heldHere.has(dir)) throw locked(dir, 'this process already has it open');
  for (let attempt = 0; ; attempt++) {
    try {
      // proper-lockfile's own staleness rule is switched off (it would take over silently); judgeHolder applies it.
      const release = await lockfile.lock(dir, { lockfilePath: lockPath, stale: NEVER_STALE, update: Math.min(5_000, staleMs / 2), retries: 0 });
      const owner: LockOwner = { ...self, lockId: lockIdOf(statSync(lockPath)), lockedAt: opts.clock.now().toISOString() };
      writeFileSync(ownerPath, `${JSON.stringify(owner)}\n`);
      heldHere.add(dir);
      return async () => {
        heldHere.delete(dir);
        rmSync(ownerPath, { force: true });
        await release();
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      if (attempt >= 2) throw locked(dir, 'the lock changed hands while starting', err);
      const verdict = judgeHolder(lockPath, ownerPath, self, staleMs, opts.clock.now().getTime());
      if (verdict.kind === 'gone') continue; // removed meanwhile: try again
      if (verdict.kind === 'live') throw locked(dir, verdict.reason, err, verdict.owner);
      opts.logger.warn('taking over the lock of a pufa-bot process that is no longer running', {
        dataDir: dir,
        reason: verdict.reason,
        ownerPid: verdict.owner?.pid,
        ownerHost: verdict.owner?.host,
      });
      takeOver(lockPath, verdict.mtimeMs, dir);
    }
  }
}

type Verdict = { kind: 'gone' } | { kind: 'live'; reason: string; owner?: LockOwner } | { kind: 'dead'; reason: string; owner?: LockOwner; mtimeMs: number };

function judgeHolder(lockPath: string, ownerPath: string, self: ProcessIdentity, staleMs: number, nowMs: number): Verdict {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(lockPath);
  } catch {
    return { kind: 'gone' };
  }
  const owner = readOwner(ownerPath, lockIdOf(st));
  const gone = owner ? holderGone(owner, self) : undefined;
  if (gone) return { kind: 'dead', reason: gone, owner, mtimeMs: st.mtimeMs };
  const idleMs = nowMs - st.mtimeMs;
  if (idleMs > staleMs) return { kind: 'dead', reason: `the lock was not refreshed for ${Math.round(idleMs / 1000)} s`, owner, mtimeMs: st.mtimeMs };
  return owner
    ? { kind: 'live', reason: `process ${owner.pid} on ${owner.host} holds it`, owner }
    : { kind: 'live', reason: 'another process holds it (the lock was refreshed moments ago)' };
}

/** Why the holder cannot be running any more, or undefined when it may be. */
export function holderGone(owner: LockOwner, self: ProcessIdentity, alive: (pid: number) => boolean = pidAlive): string | undefined {
  if (owner.bootId && self.bootId) {
    if (owner.bootId !== self.bootId) return `the lock was taken on another machine (${owner.host}) or before this machine restarted`;
  } else if (owner.host !== self.host) {
    return `the lock was taken on another machine (${owner.host})`;
  }
  if (owner.pidNs && self.pidNs && owner.pidNs !== self.pidNs) {
    // Another pid namespace on this kernel: our own container restarted, or another container we cannot see.
    return owner.host === self.host ? 'the container restarted (same host name, new process namespace)' : undefined;
  }
  if (owner.pid === self.pid) return `its process id ${owner.pid} is this process now (a restart)`;
  if (!alive(owner.pid)) return `process ${owner.pid} is no longer running`;
  if (owner.startTicks && self.startTicks) {
    const start = processStartTicks(owner.pid);
    if (start !== undefined && start !== owner.startTicks) return `process id ${owner.pid} now belongs to another program`;
  }
  return undefined;
}

function takeOver(lockPath: string, judgedMtimeMs: number, dir: string): void {
  const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // someone else moved it first; the next lock attempt decides
  }
  if (statSync(aside).mtimeMs !== judgedMtimeMs) {
    // A new holder refreshed it after we judged it: put it back and refuse.
    try {
      renameSync(aside, lockPath);
    } catch {
      // the new holder will notice its lock is compromised
    }
    throw locked(dir, 'another process took the lock over at the same moment');
  }
  rmSync(aside, { recursive: true, force: true });
}

function locked(dir: string, reason: string, cause?: unknown, owner?: LockOwner): AppError {
  return new AppError(
    'store.locked',
    `the data directory ${dir} is in use by another pufa-bot process (${reason}); stop that process first, or let the command line talk to the running server`,
    { dataDir: dir, reason, ownerPid: owner?.pid, ownerHost: owner?.host },
    { cause },
  );
}

function readOwner(path: string, lockId: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && owner.lockId === lockId ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** The identity of a lock directory (an owner record belongs to one lock, not to whatever lock is there later). */
export function lockIdOf(st: { ino: number; birthtimeMs: number }): string {
  return `${st.ino}:${Math.round(st.birthtimeMs)}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat (start time), parsed after the command name (which may contain spaces). */
function processStartTicks(pid: number | 'self'): string | undefined {
  const stat = readTrimmed(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** This process's identity (Linux adds boot id, pid namespace and start time; elsewhere pid and host only). */
export function currentProcess(): ProcessIdentity {
  let pidNs: string | undefined;
  try {
    pidNs = readlinkSync('/proc/self/ns/pid');
  } catch {
    pidNs = undefined;
  }
  return {
    pid: process.pid,
    host: hostname(),
    bootId: readTrimmed('/proc/sys/kernel/random/boot_id'),
    pidNs,
    startTicks: processStartTicks('self'),
  };
}

/**
 * Writes snapshot.json compactly: no indentation (lowdb's JSONFile indents by two spaces, which made a year of
 * 3,000 people 89 MB instead of 49) and every character outside ASCII written as a `\uXXXX` escape, so the file
 * is pure ASCII and reading it back takes the fast one-byte string path (decoding the two-byte UTF-8 of a few
 * Chinese law names cost a second on start-up). The layout is unchanged: any JSON reader, and older versions of
 * this code, read it as before. Written aside, synced and renamed, so a crash leaves the old file or the new one.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

const NON_ASCII = /[\u0080-\uffff]/g;

/** JSON text with no whitespace and only ASCII characters (non-ASCII as `\uXXXX`; surrogate pairs as two). */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Replaces `path` atomically with `value` as compact ASCII JSON (temp file, fsync, rename). */
export function writeJsonAtomic(path: string, value: unknown): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, asciiJson(value), null, 'latin1');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/**
 * Structured logs: one JSON object per line on stdout (errors on stderr), with a level, a message and fields.
 * Secrets never go in fields. Tests pass a silent or recording logger.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function serialise(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, code: (v as { code?: unknown }).code } : v;
  }
  return out;
}

export function createLogger(opts: { level?: LogLevel; write?: (line: string, level: LogLevel) => void; base?: LogFields } = {}): Logger {
  const min = RANK[opts.level ?? 'info'];
  const write = opts.write ?? ((line, level) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`));
  const make = (base: LogFields): Logger => {
    const log =
      (level: LogLevel) =>
      (msg: string, fields: LogFields = {}) => {
        if (RANK[level] < min) return;
        write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...serialise(fields) }), level);
      };
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (f) => make({ ...base, ...f }) };
  };
  return make(opts.base ?? {});
}

/** A logger that keeps lines in memory (tests assert on them). */
export function createMemoryLogger(): Logger & { lines: Array<{ level: LogLevel; msg: string } & LogFields> } {
  const lines: Array<{ level: LogLevel; msg: string } & LogFields> = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) });
  return Object.assign(logger, { lines });
}

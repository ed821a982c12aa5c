/**
 * Logger factory (pino). One JSON line per event. Failures carry `err` = a stable SW_ERR_* code
 * from errors.ts. Secrets never reach the log: the redact paths below cover every field name the
 * gateway could put a secret under, and callers never log SASL bytes or passwords at all.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authBytes',
  '*.authBytes',
  'saslBytes',
  '*.saslBytes',
  'secret',
  '*.secret',
  'key',
  '*.key',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'credentials',
  '*.credentials',
];

export interface LogOptions {
  level?: string;
  /** Where lines go (default stdout). Tests pass a stream that collects lines. */
  destination?: DestinationStream;
  name?: string;
}

export function createLogger(opts: LogOptions = {}): Logger {
  return pino(
    {
      name: opts.name ?? 'streamward',
      level: opts.level ?? process.env.STREAMWARD_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger whose lines are kept in memory as parsed objects (for tests and the demo). */
export function createMemoryLogger(level = 'debug'): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination: DestinationStream = {
    write(chunk: string) {
      for (const l of chunk.split('\n')) if (l.trim()) lines.push(JSON.parse(l));
    },
  };
  return { log: createLogger({ level, destination }), lines };
}

import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs, one object per line. Each request gets a child logger that
 * carries its `requestId` (also sent back in the `X-Request-Id` header), so every
 * line about a request can be found from a client's report.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger: Logger = pino({ level: 'silent' });

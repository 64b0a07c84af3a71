import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs, one object per line. Each request gets a child logger that
 * carries its `requestId` (also sent back in the `X-Request-Id` header), so every
 * line about a request can be found from a client's report.
 */
export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? stdoutDestination(),
  );
}

/**
 * stdout for the logs, written synchronously (as Node writes to pipes and files anyway),
 * so no line is lost at exit and nothing is left to flush. pino's default asynchronous
 * stream flushes at exit with a loop that retries a failed write every 100 ms and never
 * gives up on EPIPE: a service whose log reader had gone never exited after SIGTERM.
 * Here a write that fails stops the logging for good; the service keeps serving, and
 * stops when told.
 */
export function stdoutDestination(fd = 1): pino.DestinationStream {
  const stream = pino.destination({ dest: fd, sync: true });
  stream.on('error', (error: NodeJS.ErrnoException) => {
    stream.write = () => true;
    // The reader going away is normal (a closed terminal, `| head`); anything else is worth one line.
    if (error.code !== 'EPIPE')
      process.stderr.write(`logging stopped: ${error.message}\n`, () => undefined);
  });
  return stream;
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger: Logger = pino({ level: 'silent' });

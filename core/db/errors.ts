/** libSQL reports a lock held by another connection as SQLITE_BUSY (or a variant). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const extended = (error as { extendedCode?: unknown } | null)?.extendedCode;
  return (
    (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) ||
    (typeof extended === 'string' && extended.startsWith('SQLITE_BUSY'))
  );
}

/** A CHECK, UNIQUE or FOREIGN KEY constraint refused a write. */
export function constraintName(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (
      typeof code === 'string' &&
      code.startsWith('SQLITE_CONSTRAINT') &&
      typeof message === 'string'
    ) {
      return message;
    }
    e = cause;
  }
  return undefined;
}

/** The database stayed locked by another process for longer than we are willing to wait. */
export class DatabaseBusyError extends Error {
  constructor(cause: unknown) {
    super('the database is busy', { cause });
    this.name = 'DatabaseBusyError';
  }
}

import { validationFailed } from './errors.js';

/*
 * Page cursors: the sort key of a page's last row, opaque to clients (base64url of a
 * JSON array), so that the next page starts right after it however rows come and go.
 */

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key of `cursor`, of `parts` strings; a cursor we did not write is a bad field (`cursor`). */
export function decodeCursor(cursor: string | undefined, parts: number): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string'))
      return key as string[];
  } catch {
    // fall through
  }
  throw validationFailed([{ path: 'cursor', code: 'invalid_value' }]);
}

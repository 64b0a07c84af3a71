import type { Context } from 'hono';
import { ServiceError } from '../services/errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The request body as JSON, or `invalid_json`. Empty bodies read as `{}` so that
 * action routes (`/reverse`, `/release`) may be posted without one. Broken UTF-8 and
 * JSON nested deeper than the parser's stack are refused, not crashed on.
 */
export async function readJson(c: Context): Promise<unknown> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) return {};
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new ServiceError('invalid_json', {
      params: { reason: 'not UTF-8' },
      details: { reason: 'encoding' },
    });
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof RangeError ? 'nested too deeply' : 'syntax';
    throw new ServiceError('invalid_json', { params: { reason }, details: { reason } });
  }
}

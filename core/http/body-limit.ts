import type { Context, MiddlewareHandler } from 'hono';
import { ServiceError } from '../services/errors.js';
import type { AppEnv } from './env.js';
import { errorResponse } from './errors.js';

/** How much of a refused body is read and thrown away so the client can read the 413. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * Refuses a body over `maxSize` bytes with `413 payload_too_large`, whether it says its
 * length or comes chunked. The refused body is read to its end (up to 64 MiB or 10 s)
 * before the answer, and the answer closes the connection: a client still sending
 * would otherwise be cut off mid-write (EPIPE, ECONNRESET) and never see the 413, and
 * the rest of its body would be read as its next request.
 */
export function bodyLimit(maxSize: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const stream = c.req.raw.body;
    if (!stream) return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) <= maxSize) return next();
      await drain(stream.getReader());
      return tooLarge(c, maxSize);
    }
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxSize) {
        await drain(reader);
        return tooLarge(c, maxSize);
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: concat(chunks, size) });
    return next();
  };
}

function tooLarge(c: Context<AppEnv>, limit: number): Response {
  c.header('Connection', 'close');
  return errorResponse(c, new ServiceError('payload_too_large', { params: { limit } }));
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const deadline = Date.now() + DRAIN_MS;
  let read = 0;
  try {
    while (read <= DRAIN_BYTES && Date.now() < deadline) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.length;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to answer.
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkContract,
  startServerProcess,
  type ServerProcess,
} from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/**
 * A body over the limit, over a real socket to the real service process: the client
 * must read the whole 413, the connection must end cleanly (FIN, not a reset, and no
 * EPIPE while the client is still sending), and it must say so (`Connection: close`),
 * so a client's next request goes on a new connection and succeeds.
 */
const TOKEN = 'payload-too-large-token';
const MiB = 1024 * 1024;
let dir: ReturnType<typeof tempDir>;
let server: ServerProcess;

beforeAll(async () => {
  dir = tempDir();
  server = await startServerProcess({
    DATABASE_URL: `file:${join(dir.dir, 'big.db')}`,
    INVENTORY_BOOTSTRAP_TOKEN: TOKEN,
  });
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

interface RawAnswer {
  head: string;
  body: string;
  /** How the socket ended: 'end' (a clean close) or the error code. */
  ended: string;
  writeError: string | undefined;
}

/** Sends a request whose body is written as fast as the socket takes it, and reads until the server closes. */
function rawPost(head: string, chunks: Buffer[]): Promise<RawAnswer> {
  return new Promise((resolveAnswer) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let ended = '';
    let writeError: string | undefined;
    socket.on('data', (d: Buffer) => (received = Buffer.concat([received, d])));
    socket.on('end', () => (ended ||= 'end'));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') writeError = e.code;
      else ended ||= e.code ?? e.message;
    });
    socket.on('close', () => {
      const text = received.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      resolveAnswer({ head: text.slice(0, split), body: text.slice(split + 4), ended, writeError });
    });
    socket.on('connect', async () => {
      socket.write(head);
      for (const chunk of chunks) {
        if (socket.destroyed || !socket.writable) break;
        await new Promise<void>((done) => socket.write(chunk, () => done()));
      }
      // A keep-alive client would send its next request now, on the same connection.
      if (socket.writable) socket.write('GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n');
    });
  });
}

function expectClean413(answer: RawAnswer) {
  expect(answer.head).toMatch(/^HTTP\/1\.1 413 /);
  expect(answer.head.toLowerCase()).toContain('connection: close');
  // Exactly one answer: the next request was not read out of the refused body.
  expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  expect(answer.ended).toBe('end');
  expect(answer.writeError).toBeUndefined();
}

describe('a body over the limit', () => {
  it('is answered 413 in full, says Connection: close, and ends the connection cleanly (declared length)', async () => {
    const size = 6 * MiB;
    const head = `POST /api/v1/movements HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\nConnection: keep-alive\r\n\r\n`;
    const chunks = Array.from({ length: size / (256 * 1024) }, () =>
      Buffer.alloc(256 * 1024, 0x20),
    );
    expectClean413(await rawPost(head, chunks));
  });

  it('does the same for a chunked body', async () => {
    const head = `POST /api/v1/movements HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const piece = Buffer.alloc(256 * 1024, 0x20);
    const chunks = [
      ...Array.from({ length: 12 }, () =>
        Buffer.concat([
          Buffer.from(`${piece.length.toString(16)}\r\n`),
          piece,
          Buffer.from('\r\n'),
        ]),
      ),
      Buffer.from('0\r\n\r\n'),
    ];
    expectClean413(await rawPost(head, chunks));
  });

  it('never costs a fetch client its answer or its next request', async () => {
    const outcomes: string[] = [];
    for (const size of [2, 6, 10, 2, 6, 10]) {
      const path = '/api/v1/movements';
      try {
        const res = await fetch(server.url + path, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: Buffer.alloc(size * MiB, 0x20),
        });
        const text = await res.text();
        await checkContract(server.url, {
          method: 'POST',
          url: path,
          status: res.status,
          headers: res.headers,
          text,
        });
        const next = await fetch(`${server.url}/api/v1/locations`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        outcomes.push(`${size} MiB: ${res.status}, next ${next.status}`);
        await next.text();
      } catch (error) {
        outcomes.push(
          `${size} MiB: ${(error as { cause?: { code?: string } }).cause?.code ?? String(error)}`,
        );
      }
    }
    expect(outcomes).toEqual([2, 6, 10, 2, 6, 10].map((size) => `${size} MiB: 413, next 200`));
  });
});

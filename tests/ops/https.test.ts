import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

let dir: ReturnType<typeof tempDir>;
let server: ServerProcess;
let httpsPort: number;

beforeAll(async () => {
  dir = tempDir();
  const cert = join(dir.dir, 'localhost.crt');
  const key = join(dir.dir, 'localhost.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  httpsPort = await freePort();
  server = await startServerProcess({
    DATABASE_URL: `file:${join(dir.dir, 'https.db')}`,
    HTTPS_PORT: String(httpsPort),
    HTTPS_CERT: cert,
    HTTPS_KEY: key,
  });
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

function fetchTls(path: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(
      {
        host: '127.0.0.1',
        port: httpsPort,
        path,
        ca,
        servername: 'localhost',
        checkServerIdentity: () => undefined,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    ).on('error', reject);
  });
}

describe('HTTPS for the add-in', () => {
  it('serves the same app over HTTPS when a certificate exists, and keeps plain HTTP', async () => {
    const ca = readFileSync(join(dir.dir, 'localhost.crt'));
    expect(await fetchTls('/healthz', ca)).toEqual({ status: 200, body: '{"ok":true}' });
    expect((await fetchTls('/openapi.json', ca)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output()).toContain(`also serving HTTPS on https://127.0.0.1:${httpsPort}`);
  });
});

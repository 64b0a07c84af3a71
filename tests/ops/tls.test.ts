import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/*
 * A real certificate, as a shop gets one (Let's Encrypt, a Chinese CA): issued for the
 * shop's name by an intermediate CA, installed as a full chain (HTTPS_CERT) with its key
 * (HTTPS_KEY), checked by a client that trusts only the root, by name. Renewed
 * certificates are taken in on SIGHUP, without a restart.
 */

const NAME = 'inventory.example.cn';
let dir: ReturnType<typeof tempDir>;
let server: ServerProcess;
let port: number;
const file = (name: string) => join(dir.dir, name);
const openssl = (...args: string[]) =>
  execFileSync('openssl', args, { cwd: dir.dir, stdio: 'pipe' });

/** A leaf certificate for NAME from the intermediate, written as the full chain a web server wants. */
function issue(serial: string): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${NAME}`,
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
  );
  writeFileSync(
    file('leaf.ext'),
    `subjectAltName=DNS:${NAME}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'inter.crt',
    '-CAkey',
    'inter.key',
    '-set_serial',
    serial,
    '-days',
    '2',
    '-extfile',
    'leaf.ext',
    '-out',
    'leaf.crt',
  );
  writeFileSync(
    file('fullchain.pem'),
    readFileSync(file('leaf.crt'), 'utf8') + readFileSync(file('inter.crt'), 'utf8'),
  );
}

function fetchTls(servername: string): Promise<{ status: number; serial: string }> {
  return new Promise((resolve, reject) => {
    get(
      {
        host: '127.0.0.1',
        port,
        path: '/healthz',
        ca: readFileSync(file('root.crt')),
        servername,
        agent: false,
      },
      (res) => {
        const serial = (
          res.socket as unknown as { getPeerCertificate(): { serialNumber: string } }
        ).getPeerCertificate().serialNumber;
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, serial }));
      },
    ).on('error', reject);
  });
}

beforeAll(async () => {
  dir = tempDir();
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Test Root CA',
    '-keyout',
    'root.key',
    '-out',
    'root.crt',
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=Test Intermediate CA',
    '-keyout',
    'inter.key',
    '-out',
    'inter.csr',
  );
  writeFileSync(
    file('inter.ext'),
    'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'inter.csr',
    '-CA',
    'root.crt',
    '-CAkey',
    'root.key',
    '-set_serial',
    '100',
    '-days',
    '2',
    '-extfile',
    'inter.ext',
    '-out',
    'inter.crt',
  );
  issue('0x1001');
  port = await freePort();
  server = await startServerProcess({
    DATABASE_URL: `file:${file('tls.db')}`,
    HTTPS_PORT: String(port),
    HTTPS_CERT: file('fullchain.pem'),
    HTTPS_KEY: file('leaf.key'),
  });
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

describe('HTTPS with a certificate from a CA', () => {
  it('serves the full chain, so a client trusting only the root verifies the shop by name', async () => {
    expect(await fetchTls(NAME)).toEqual({ status: 200, serial: '1001' });
    await expect(fetchTls('other.example.cn')).rejects.toThrow(/altnames|does not match/i);
  });

  it('takes a renewed certificate on SIGHUP, and keeps the old one when the new files are broken', async () => {
    issue('0x1002');
    server.child.kill('SIGHUP');
    await expect.poll(async () => (await fetchTls(NAME)).serial).toBe('1002');
    expect(server.output()).toContain(`certificate reloaded from ${file('fullchain.pem')}`);

    writeFileSync(file('fullchain.pem'), 'not a certificate');
    server.child.kill('SIGHUP');
    await expect
      .poll(() => server.output())
      .toContain('certificate reload failed; the previous one stays');
    expect(await fetchTls(NAME)).toEqual({ status: 200, serial: '1002' });
  });
});

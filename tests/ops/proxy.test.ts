import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/*
 * Behind a reverse proxy (nginx, Caddy) that ends TLS for inventory.example.cn and
 * passes X-Forwarded-For/-Proto/-Host: believed from the configured proxy only. The
 * proxy here does what docs/deployment.md's nginx block does: it appends the client's
 * address to X-Forwarded-For and says the client used https on the public name. Its
 * clients are "at" 203.0.113.9 (on loopback everything is 127.0.0.1).
 */

const CLIENT = '203.0.113.9';
let dir: ReturnType<typeof tempDir>;
let behind: ServerProcess;
let direct: ServerProcess;
let proxy: Server;
let proxyUrl: string;
let httpsPort: number;

beforeAll(async () => {
  dir = tempDir();
  httpsPort = await freePort();
  behind = await startServerProcess({
    DATABASE_URL: `file:${join(dir.dir, 'behind.db')}`,
    TRUSTED_PROXIES: '127.0.0.1,::1',
    HTTPS_PORT: String(httpsPort),
    CORS_ORIGINS: 'https://addin.example.cn',
  });
  direct = await startServerProcess({
    DATABASE_URL: `file:${join(dir.dir, 'direct.db')}`,
    TRUSTED_PROXIES: '10.0.0.0/8',
    HTTPS_PORT: String(httpsPort),
  });
  const target = new URL(behind.url);
  proxy = createServer((req, res) => {
    const forwardedFor = [req.headers['x-forwarded-for'], CLIENT].filter(Boolean).join(', ');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          'x-forwarded-for': forwardedFor,
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'inventory.example.cn',
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await behind?.stop();
  await direct?.stop();
  dir?.cleanup();
});

/** The `ip` of the request log lines for `path`. */
const loggedIps = (s: ServerProcess, path: string) =>
  s
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"msg":"request"'))
    .map((l) => JSON.parse(l))
    .filter((l) => l.path === path)
    .map((l) => l.ip);

const origins = (xml: string) => [
  ...new Set([...xml.matchAll(/https:\/\/[^/"<\s]+/g)].map((m) => m[0])),
];

describe('behind a trusted reverse proxy', () => {
  it('logs the client, not the proxy, and ignores what the client itself claims', async () => {
    const res = await fetch(`${proxyUrl}/healthz?who`, {
      headers: { 'x-forwarded-for': '6.6.6.6' },
    });
    expect(res.status).toBe(200);
    await expect.poll(() => loggedIps(behind, '/healthz')).toContain(CLIENT);
    expect(loggedIps(behind, '/healthz')).not.toContain('6.6.6.6');
  });

  it('serves the add-in manifest for the public name the proxy answers to', async () => {
    const xml = await (await fetch(`${proxyUrl}/addin/manifest.xml`)).text();
    expect(origins(xml)).toEqual(['https://inventory.example.cn']);
  });
});

describe('from a peer that is not a configured proxy', () => {
  it('believes no X-Forwarded header: the manifest stays local and the log has the real peer', async () => {
    const headers = {
      'x-forwarded-for': '6.6.6.6',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
    };
    const xml = await (await fetch(`${direct.url}/addin/manifest.xml`, { headers })).text();
    expect(origins(xml)).toEqual([`https://localhost:${httpsPort}`]);
    await expect.poll(() => loggedIps(direct, '/addin/manifest.xml')).toEqual(['127.0.0.1']);
  });

  it('with PUBLIC_URL, always that address', async () => {
    const fixed = await startServerProcess({
      DATABASE_URL: `file:${join(dir.dir, 'fixed.db')}`,
      PUBLIC_URL: 'https://stock.example.com',
      TRUSTED_PROXIES: '127.0.0.1',
    });
    try {
      const xml = await (
        await fetch(`${fixed.url}/addin/manifest.xml`, {
          headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
        })
      ).text();
      expect(origins(xml)).toEqual(['https://stock.example.com']);
    } finally {
      await fixed.stop();
    }
  });
});

describe('CORS', () => {
  it('lets the configured add-in origin call the API, and no other', async () => {
    const preflight = (origin: string) =>
      fetch(`${behind.url}/api/v1/me`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    expect(
      (await preflight('https://addin.example.cn')).headers.get('access-control-allow-origin'),
    ).toBe('https://addin.example.cn');
    expect(
      (await preflight('https://evil.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
    const answer = await fetch(`${behind.url}/api/v1/healthz`, {
      headers: { origin: 'https://addin.example.cn' },
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://addin.example.cn');
    expect(answer.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(
      (
        await fetch(`${direct.url}/api/v1/healthz`, {
          headers: { origin: 'https://addin.example.cn' },
        })
      ).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });
});

describe('a wrong setting', () => {
  it('stops the start with every problem named', async () => {
    const failed = startServerProcess({
      DATABASE_URL: `file:${join(dir.dir, 'bad.db')}`,
      TRUSTED_PROXIES: '127.0.0.1,nginx',
      PUBLIC_URL: 'http://inventory.example.cn/app',
    });
    const error = await failed.then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).toContain('TRUSTED_PROXIES: "nginx" is not an IP address or a CIDR range');
    expect(error).toContain('PUBLIC_URL: "http://inventory.example.cn/app" must be https');
    expect(error).toContain('must be an origin only, without a path');
    expect(error).not.toMatch(/\bat \S+ \(/); // a message, not a stack
  });
});

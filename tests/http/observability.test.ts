import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../core/http/app.js';
import { createLogger } from '../../core/observability/logger.js';
import { bootstrapAdmin } from '../../core/services/users/bootstrap-admin.js';
import { tempDatabase, type TempDatabase } from '../helpers/temp-db.js';
import { checkedAgainstContract } from '../helpers/test-app.js';

const TOKEN = 'observability-token-1';
let temp: TempDatabase;
let lines: Array<Record<string, any>>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  temp = await tempDatabase();
  await bootstrapAdmin(temp.database, TOKEN);
  lines = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  app = checkedAgainstContract(
    createApp({
      database: temp.database,
      logger: createLogger({ level: 'info', destination: sink }),
      metricsToken: 'scrape-me',
    }),
  );
});
afterAll(() => temp.cleanup());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function scrape(): Promise<string> {
  const res = await app.request('/metrics', { headers: { authorization: 'Bearer scrape-me' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('structured logs', () => {
  it('writes one JSON line per request, carrying the request id sent back in the header', async () => {
    const res = await call('GET', '/api/v1/me', undefined, { 'x-client': 'excel' });
    const requestId = res.headers.get('x-request-id');
    const line = lines.find((l) => l['requestId'] === requestId && l['msg'] === 'request');
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/api/v1/me',
      route: '/api/v1/me',
      status: 200,
      actor: 'admin',
      client: 'excel',
    });
    expect(typeof line!['ms']).toBe('number');
    expect(typeof line!['time']).toBe('string');
  });

  it('logs unexpected errors with the request id, and answers without internals', async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const broken = createApp({
      database: temp.database,
      logger: createLogger({ destination: sink }),
    });
    broken.get('/boom-for-test', () => {
      throw new Error('kaboom internals');
    });
    const res = await broken.request('/boom-for-test', { headers: { 'x-request-id': 'boom-1' } });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('kaboom');
    const error = lines.find((l) => l['requestId'] === 'boom-1' && l['level'] === 'error');
    expect(error?.['err']?.['message']).toBe('kaboom internals');
  });
});

describe('GET /metrics', () => {
  it('counts requests, latency, postings and refusals by code, in Prometheus text', async () => {
    const before = await scrape();
    await call('POST', '/api/v1/locations', { code: 'S1', name: 'S', kind: 'store' });
    await call('POST', '/api/v1/items', { sku: 'A', name: 'A' });
    for (let i = 0; i < 3; i++)
      await call('POST', '/api/v1/movements', {
        type: 'receipt',
        sku: 'A',
        quantity: 1,
        location: 'S1',
      });
    await call('POST', '/api/v1/movements', {
      type: 'issue',
      sku: 'A',
      quantity: 99,
      location: 'S1',
    });
    await call('POST', '/api/v1/movements', {
      type: 'issue',
      sku: 'A',
      quantity: 'lots',
      location: 'S1',
    });
    await call('POST', '/api/v1/movements/batch', {
      rows: [{ type: 'issue', sku: 'A', quantity: 1, location: 'S1' }],
      atomic: false,
    });
    const after = await scrape();

    const delta = (series: string) => value(after, series) - value(before, series);
    expect(delta('http_requests_total{method="POST",route="/api/v1/movements",status="201"}')).toBe(
      3,
    );
    expect(delta('http_requests_total{method="POST",route="/api/v1/movements",status="409"}')).toBe(
      1,
    );
    expect(delta('http_requests_total{method="POST",route="/api/v1/movements",status="400"}')).toBe(
      1,
    );
    expect(
      delta('http_request_duration_seconds_count{method="POST",route="/api/v1/movements"}'),
    ).toBe(5);
    expect(after).toContain(
      'http_request_duration_seconds_bucket{method="POST",route="/api/v1/movements",le="+Inf"}',
    );
    expect(delta('ledger_postings_total{type="receipt"}')).toBe(3);
    expect(delta('ledger_postings_total{type="issue"}')).toBe(1);
    expect(delta('ledger_postings_rejected_total{code="insufficient_stock"}')).toBe(1);
    expect(delta('ledger_postings_rejected_total{code="validation_failed"}')).toBe(1);
    expect(after).toMatch(/# TYPE http_request_duration_seconds histogram/);
  });

  it('wants the metrics token when one is set', async () => {
    expect((await app.request('/metrics')).status).toBe(401);
  });
});

import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../core/http/app.js';
import { type Contract, contractOf, type Exchange } from '../helpers/contract.js';
import { api, checkedAgainstContract, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let contract: Contract;
beforeAll(async () => {
  t = await testApp();
  contract = contractOf(await (await t.app.request('/openapi.json')).text());
});
afterAll(() => t.cleanup());

const headers = (extra: Record<string, string> = {}) =>
  new Headers({ 'content-type': 'application/json', 'x-request-id': 'req-1', ...extra });
const exchange = (
  method: string,
  url: string,
  status: number,
  body: unknown,
  extra?: Record<string, string>,
): Exchange => ({
  method,
  url,
  status,
  headers: headers(extra),
  text: body === undefined ? '' : JSON.stringify(body),
});
const error = (code: string) => ({ error: { code, message: 'm' } });

// The checker every HTTP test goes through (tests/helpers/test-app.ts): each break it
// must catch, on the served document, and what its message points at.
describe('the response contract check', () => {
  it('accepts what the document describes', () => {
    contract.check(exchange('GET', api('/locations'), 200, { items: [] }));
    contract.check(exchange('POST', api('/locations'), 409, error('idempotency_key_reused')));
    contract.check(exchange('POST', api('/locations'), 503, error('busy'), { 'retry-after': '1' }));
    contract.check(exchange('GET', api('/nowhere'), 404, error('not_found')));
    contract.check(
      exchange('GET', '/addin/taskpane.html', 200, undefined, { 'content-type': 'text/html' }),
    );
  });

  it('refuses a status the operation does not document, naming the operation', () => {
    expect(() => contract.check(exchange('GET', api('/locations'), 418, error('busy')))).toThrow(
      /GET \/api\/v1\/locations \(getLocations\)[\s\S]*status 418 is not documented \(documented: 200, 401, 500, 503\)/,
    );
  });

  it('refuses a body its schema does not accept, with the instance path and the schema path', () => {
    expect(() =>
      contract.check(exchange('GET', api('/locations'), 200, { items: [{ code: 7 }] })),
    ).toThrow(
      /→ 200[\s\S]*body\/items\/0[\s\S]*~1api~1v1~1locations\/get\/responses\/200\/content\/application~1json\/schema/,
    );
  });

  it('refuses an error code the status does not document for the operation', () => {
    expect(() =>
      contract.check(exchange('POST', api('/locations'), 409, error('insufficient_stock'))),
    ).toThrow(
      /POST \/api\/v1\/locations \(postLocations\) → 409[\s\S]*body\/error\/code: must be equal to one of the allowed values/,
    );
  });

  it('refuses a missing required header and an undocumented one', () => {
    const missing = exchange('GET', api('/locations'), 200, { items: [] });
    missing.headers.delete('x-request-id');
    expect(() => contract.check(missing)).toThrow(/header X-Request-Id is required but missing/);
    expect(() => contract.check(exchange('POST', api('/locations'), 503, error('busy')))).toThrow(
      /header Retry-After is required but missing/,
    );
    expect(() =>
      contract.check(
        exchange('GET', api('/locations'), 200, { items: [] }, { 'retry-after': '1' }),
      ),
    ).toThrow(/header retry-after was sent but is not documented/);
  });

  it('refuses an answer other than the 404 on a path no operation documents', () => {
    expect(() => contract.check(exchange('DELETE', api('/locations'), 200, { ok: true }))).toThrow(
      /no operation documents DELETE/,
    );
  });

  it('is what the test app runs: a response the document does not describe makes the request throw', async () => {
    // An app that serves the real document but answers what it does not say.
    const document = contract.document;
    const app = new Hono();
    app.get('/openapi.json', (c) => c.json(document));
    app.get(api('/locations'), (c) =>
      c.json({ items: 'not a list' }, 200, { 'x-request-id': 'req-1' }),
    );
    const checked = checkedAgainstContract(app as unknown as App);
    await expect(checked.request(api('/locations'))).rejects.toThrow(
      /breaks the OpenAPI document: GET \/api\/v1\/locations \(getLocations\) → 200/,
    );
  });
});

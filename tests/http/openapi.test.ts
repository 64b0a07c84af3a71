import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.cleanup());

const CONTRACT: Array<[method: string, path: string]> = [
  ['post', '/api/v1/locations'],
  ['get', '/api/v1/locations'],
  ['post', '/api/v1/items'],
  ['get', '/api/v1/items'],
  ['get', '/api/v1/items/{sku}'],
  ['get', '/api/v1/barcodes/{code}'],
  ['post', '/api/v1/users'],
  ['post', '/api/v1/movements'],
  ['post', '/api/v1/movements/batch'],
  ['post', '/api/v1/movements/{id}/reverse'],
  ['get', '/api/v1/movements'],
  ['get', '/api/v1/stock'],
  ['get', '/api/v1/stock/{location}/{sku}'],
  ['post', '/api/v1/reservations'],
  ['post', '/api/v1/reservations/{id}/commit'],
  ['post', '/api/v1/reservations/{id}/release'],
  ['get', '/api/v1/audit'],
  ['get', '/api/v1/admin/verify'],
  ['post', '/api/v1/transfers'],
  ['get', '/api/v1/transfers'],
  ['get', '/api/v1/transfers/{id}'],
  ...['submit', 'approve', 'reject', 'cancel', 'ship', 'receive', 'close'].map(
    (a) => ['post', `/api/v1/transfers/{id}/${a}`] as [string, string],
  ),
  ['post', '/api/v1/purchase-orders'],
  ['get', '/api/v1/purchase-orders'],
  ['get', '/api/v1/purchase-orders/{id}'],
  ...['submit', 'approve', 'reject', 'cancel', 'receive'].map(
    (a) => ['post', `/api/v1/purchase-orders/{id}/${a}`] as [string, string],
  ),
  ['post', '/api/v1/suppliers'],
  ['get', '/api/v1/suppliers'],
  ['get', '/api/v1/approvals'],
  ['get', '/api/v1/approval-policies'],
  ['put', '/api/v1/approval-policies'],
];

describe('GET /openapi.json', () => {
  it('documents every route of the contract as OpenAPI 3.1, without a token', async () => {
    const res = await t.call('GET', '/openapi.json', undefined, { token: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const [method, path] of CONTRACT)
      expect(res.body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect((await t.call('GET', api('/openapi.json'), undefined, { token: null })).body).toEqual(
      res.body,
    );
  });

  it('uses the validating schemas: the movement body lists the types and the quantity limit', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const ref =
      doc.paths['/api/v1/movements'].post.requestBody.content['application/json'].schema.$ref;
    const schema = doc.components.schemas[ref.split('/').pop()];
    expect(schema.properties.type.enum).toEqual([
      'receipt',
      'issue',
      'adjustment',
      'move',
      'scrap',
      'return',
    ]);
    // A whole number, or its digits as text.
    expect(schema.properties.quantity.anyOf[0].maximum).toBe(1e12);
    expect(schema.properties.quantity.anyOf[1].type).toBe('string');
    expect(schema.additionalProperties).toBe(false);
    expect(doc.paths['/api/v1/movements'].post.responses['409']).toBeDefined();
    expect(
      doc.paths['/api/v1/movements/batch'].post.requestBody.content['application/json'].schema
        .properties.rows.maxItems,
    ).toBe(10000);
  });

  it('has no dangling references', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const refs = [
      ...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ].map((m) => m[1]!);
    for (const name of refs) expect(doc.components.schemas[name], name).toBeDefined();
  });

  it("passes Redocly's recommended lint, errors and warnings alike", async () => {
    const res = await t.call('GET', '/openapi.json', undefined, { token: null });
    // A private service has no licence to state, and /healthz and this document take no
    // input and no token, so they have no 4XX to give; every other recommended rule applies.
    const config = await createConfig({
      extends: ['recommended'],
      rules: { 'info-license': 'off', 'operation-4xx-response': 'off' },
    });
    const problems = await lintFromString({
      source: JSON.stringify(res.body),
      absoluteRef: '/openapi.json',
      config,
    });
    const found = problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`,
    );
    expect(found).toEqual([]);
  });

  it('lists the fields of a named query schema as parameters, and no unused component for it', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const names = doc.paths['/api/v1/alert-rules'].delete.parameters.map(
      (p: { name: string; in: string }) => `${p.in} ${p.name}`,
    );
    expect(names).toEqual(expect.arrayContaining(['query sku', 'query location']));
  });
});

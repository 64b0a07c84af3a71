import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionLink, fullListLink } from '../../core/services/links/links.js';
import { deliverDue, fanOut } from '../../core/services/webhooks/deliver.js';
import { post } from '../helpers/fixtures.js';
import { startReceiver } from '../helpers/receiver.js';
import { ROBOT_ANSWERS } from '../helpers/robots.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * The served pages over HTTP (the real app, in process): a GET changes nothing, the
 * form posts back to itself and is refused from another site, every refusal is a 4xx
 * page in the reader's language, and the full-list pages open only with their own link.
 */

let t: TestApp;
const tok: Record<string, string> = {};
const PUBLIC = 'http://localhost';

beforeAll(async () => {
  t = await testApp();
  for (const [code, name, kind] of [
    ['W1', '杭州中心仓', 'warehouse'],
    ['S1', '西湖店', 'store'],
  ] as const)
    await t.call('POST', api('/locations'), { code, name, kind });
  const settings = await t.call('GET', api('/settings'));
  const put = await t.call('PUT', api('/settings'), {
    version: settings.body.version,
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  });
  expect(put.status).toBe(200);
  await t.call('POST', api('/items'), { sku: 'LJ-250', name: '西湖龙井 250g' });
  await post(t, { type: 'receipt', sku: 'LJ-250', quantity: 540, location: 'W1' });
  tok['clerk'] = await t.user('张伟', 'clerk', ['S1']);
  tok['manager'] = await t.user('王芳', 'manager', ['W1', 'S1']);
  await t.call('PUT', api('/approval-policies'), {
    policies: [{ documentType: 'transfer', levels: [{ minQuantity: 1, role: 'manager' }] }],
  });
});
afterAll(() => t.cleanup());

async function transferLink(language: 'en' | 'zh-CN' = 'zh-CN') {
  const created = await t.call(
    'POST',
    api('/transfers'),
    { from: 'W1', to: 'S1', lines: [{ sku: 'LJ-250', quantity: 60 }] },
    { token: tok['clerk']! },
  );
  expect(created.status).toBe(201);
  const url = await decisionLink(
    t.database,
    { documentType: 'transfer', documentId: created.body.id, version: created.body.version },
    { publicUrl: PUBLIC, now: t.clock.now, language },
  );
  return { id: created.body.id as number, path: new URL(url).pathname };
}

const page = async (path: string, init: RequestInit = {}) => {
  const res = await t.app.request(path, init);
  return { status: res.status, html: await res.text(), headers: res.headers };
};
const nonceOf = (html: string) => /name="nonce" value="([^"]+)"/.exec(html)![1]!;
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('the approval page', () => {
  it('shows the document with names, codes, currency and the shop’s time, and changes nothing', async () => {
    const { id, path } = await transferLink('zh-CN');
    const before = (await t.call('GET', api(`/transfers/${id}`))).body;
    const shown = await page(path);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
    expect(shown.html).toContain('<html lang="zh-CN">');
    expect(shown.html).toContain('杭州中心仓（W1） → 西湖店（S1）');
    expect(shown.html).toContain('西湖龙井 250g（LJ-250）');
    expect(shown.html).toContain('申请人</dt><dd>张伟');
    expect(shown.html).toMatch(/2026-11-01 16:00 GMT\+8/);
    expect(shown.html).toContain('杭州中心仓（W1） 可用');
    expect(shown.html).not.toMatch(/<script|https?:\/\//);
    const after = (await t.call('GET', api(`/transfers/${id}`))).body;
    expect(after).toEqual(before);
    // The switch: the same page in English.
    const en = await page(`${path}?lang=en`);
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('杭州中心仓 (W1) → 西湖店 (S1)');
    expect(en.html).toContain('Requested by</dt><dd>张伟');
  });

  it('refuses a form from another site, a bad token in the approver’s language, and decides once', async () => {
    const { id, path } = await transferLink('en');
    const { html } = await page(path);
    const fields = {
      decision: 'approve',
      version: /name="version" value="(\d+)"/.exec(html)![1]!,
      nonce: nonceOf(html),
      lang: 'en',
      credential: tok['manager']!,
    };
    const crossSite = await t.app.request(path, {
      ...form(fields),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(crossSite.status).toBe(403);
    const wrong = await page(path, form({ ...fields, credential: 'inv_nobody-has-this-token' }));
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('That token is not valid');
    const clerk = await page(path, form({ ...fields, credential: tok['clerk']! }));
    expect(clerk.status).toBe(403);
    expect((await t.call('GET', api(`/transfers/${id}`))).body.status).toBe('pending_approval');
    const done = await page(path, form(fields));
    expect(done.status).toBe(200);
    expect(done.html).toContain('Done: approved by 王芳');
    expect((await t.call('GET', api(`/transfers/${id}`))).body.status).toBe('approved');
    const again = await page(path, form(fields));
    expect(again.status).toBe(410);
    expect(again.html).toContain('This link has already been used: approved by 王芳');
    const reopened = await page(`${path}?lang=zh-CN`);
    expect(reopened.status).toBe(410);
    expect(reopened.html).toContain('此链接已被使用：王芳');
  });

  it('answers a stale page "reload", an unknown link 404 and an expired one 410, never 5xx', async () => {
    const { id, path } = await transferLink('zh-CN');
    const { html } = await page(path);
    const version = Number(/name="version" value="(\d+)"/.exec(html)![1]);
    const stale = await page(
      path,
      form({
        decision: 'reject',
        version: String(version - 1),
        nonce: nonceOf(html),
        credential: tok['manager']!,
        lang: 'zh-CN',
      }),
    );
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('打开本页后单据已被修改');
    expect((await t.call('GET', api(`/transfers/${id}`))).body.status).toBe('pending_approval');
    expect((await page('/pages/approve/nothing-like-a-token-at-all-here')).status).toBe(404);
    t.clock.now += 24 * 3600_000;
    try {
      const expired = await page(`${path}?lang=en`);
      expect(expired.status).toBe(410);
      expect(expired.html).toContain('This link expired at 2026-11-02');
    } finally {
      t.clock.now -= 24 * 3600_000;
    }
  });
});

describe('the full-list pages', () => {
  it('open every line of a document and an item’s stock with their own link only', async () => {
    const { id } = await transferLink();
    const url = await fullListLink(
      t.database,
      { kind: 'document', type: 'transfer', id },
      { publicUrl: PUBLIC, now: t.clock.now, language: 'en' },
    );
    const { pathname, search } = new URL(url);
    const shown = await page(pathname + search);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('Lines (1)');
    expect(shown.html).not.toContain('<form');
    // The token of one document opens no other, and no stock page.
    const token = new URL(url).searchParams.get('t')!;
    expect((await page(`/pages/documents/transfer/${id + 100}?t=${token}`)).status).toBe(404);
    expect((await page(`/pages/stock?sku=LJ-250&t=${token}`)).status).toBe(404);
    expect((await page(`/pages/documents/transfer/${id}`)).status).toBe(404);

    const stock = new URL(
      await fullListLink(
        t.database,
        { kind: 'stock', sku: 'LJ-250' },
        { publicUrl: PUBLIC, now: t.clock.now, language: 'zh-CN' },
      ),
    );
    const stockPage = await page(stock.pathname + stock.search);
    expect(stockPage.status).toBe(200);
    expect(stockPage.html).toContain('西湖龙井 250g（LJ-250） 的库存');
    expect(stockPage.html).toContain('杭州中心仓（W1）');
    t.clock.now += 7 * 24 * 3600_000;
    try {
      expect((await page(stock.pathname + stock.search)).status).toBe(410);
    } finally {
      t.clock.now -= 7 * 24 * 3600_000;
    }
  });
});

describe('approval requests to chat robots', () => {
  it('carry a decision link for people in a group chat, none for machines or a decided request', async () => {
    const robot = await startReceiver((req) => ({
      status: 200,
      body: req.url.startsWith('/feishu') ? ROBOT_ANSWERS.feishu.ok : {},
    }));
    try {
      const events = ['approval.requested'];
      for (const [kind, path] of [
        ['feishu', '/feishu'],
        ['generic', '/generic'],
      ] as const)
        expect(
          (
            await t.call('POST', api('/subscriptions'), {
              kind,
              url: `${robot.url}${path}`,
              language: 'zh-CN',
              events,
            })
          ).status,
        ).toBe(201);
      const run = async () => {
        await fanOut(t.database, t.clock.now);
        await deliverDue(t.database, {
          now: t.clock.now,
          pages: { publicUrl: 'https://inventory.example.cn' },
        });
      };
      await run(); // what the tests above queued
      robot.received.length = 0;
      const waiting = await t.call(
        'POST',
        api('/transfers'),
        { from: 'W1', to: 'S1', lines: [{ sku: 'LJ-250', quantity: 3 }] },
        { token: tok['clerk']! },
      );
      const decided = await t.call(
        'POST',
        api('/transfers'),
        { from: 'W1', to: 'S1', lines: [{ sku: 'LJ-250', quantity: 4 }] },
        { token: tok['clerk']! },
      );
      await t.call(
        'POST',
        api(`/transfers/${decided.body.id}/approve`),
        { version: decided.body.version },
        { token: tok['manager']! },
      );
      await run();
      const feishu = robot.received
        .filter((r) => r.url === '/feishu')
        .map((r) => (JSON.parse(r.body) as { content: { text: string } }).content.text)
        .join('\n');
      expect(feishu).toMatch(
        new RegExp(
          `#${waiting.body.id} [^\\n]*\\n审批（批准或驳回）: https://inventory\\.example\\.cn/pages/approve/[\\w-]{43}`,
        ),
      );
      expect(feishu).toContain(`#${decided.body.id} `);
      expect(feishu.match(/pages\/approve/g)).toHaveLength(1);
      const generic = robot.received.filter((r) => r.url === '/generic').map((r) => r.body);
      expect(generic.length).toBeGreaterThan(0);
      expect(generic.join('')).not.toContain('/pages/approve');
    } finally {
      await robot.close();
    }
  });
});

describe('a stocktake on the approval page', () => {
  it('shows each difference and its value with their signs and labels', async () => {
    await t.call('POST', api('/items'), { sku: 'BLC-100', name: '碧螺春 100g' });
    await post(t, {
      type: 'receipt',
      sku: 'BLC-100',
      quantity: 50,
      location: 'S1',
      unitCost: 36.5,
    });
    await t.call('PUT', api('/approval-policies'), {
      policies: [
        { documentType: 'stocktake_variance', levels: [{ minQuantity: 1, role: 'manager' }] },
      ],
    });
    const opened = await t.call('POST', api('/stocktakes'), { location: 'S1', skus: ['BLC-100'] });
    expect(opened.status).toBe(201);
    const id = opened.body.id as number;
    await t.call('POST', api(`/stocktakes/${id}/counts`), {
      lines: [{ sku: 'BLC-100', quantity: 47, mode: 'set' }],
    });
    const submitted = await t.call('POST', api(`/stocktakes/${id}/submit`), {});
    expect(submitted.body.status).toBe('submitted');
    const url = await decisionLink(
      t.database,
      { documentType: 'stocktake_variance', documentId: id, version: submitted.body.version },
      { publicUrl: PUBLIC, now: t.clock.now, language: 'zh-CN' },
    );
    const zh = await page(new URL(url).pathname);
    expect(zh.status).toBe(200);
    expect(zh.html).toContain(`盘点单 #${id}（西湖店（S1））：差异待审批`);
    expect(zh.html).toContain('差异金额（净额）</dt><dd>-¥109.50');
    expect(zh.html).toContain('差异金额（不计正负）</dt><dd>¥109.50');
    expect(zh.html).toMatch(
      /碧螺春 100g（BLC-100）<\/td><td class="n">47<\/td><td class="n">50<\/td><td class="n"><span class="neg">-3<\/span>/,
    );
    const en = await page(`${new URL(url).pathname}?lang=en`);
    expect(en.html).toContain('Value of the difference (net)</dt><dd>-CN¥109.50');
  });
});

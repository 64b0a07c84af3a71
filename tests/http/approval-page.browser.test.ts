import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCjkFont, launchChromium, screenshot } from '../helpers/browser.js';
import { startReceiver } from '../helpers/receiver.js';
import { ROBOT_ANSWERS } from '../helpers/robots.js';
import {
  freePort,
  request,
  startServerProcess,
  type ServerProcess,
} from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/*
 * A WeCom and a DingTalk group robot (local receivers answering as the real ones do) get
 * the real service's approval requests; the link in each message opens the approval page
 * in headless Chromium, where the approver decides with their own token. Screenshots go
 * to tests/artifacts/screenshots, or to docs/screenshots with `npm run screenshots`.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, process.env['SCREENSHOTS_DIR'] ?? 'tests/artifacts/screenshots');
const ADMIN = 'page-admin-token-0001';
let dir: ReturnType<typeof tempDir>;
let server: ServerProcess;
let browser: Browser;
let httpsPort: number;
let wecom: Awaited<ReturnType<typeof startReceiver>>;
let dingtalk: Awaited<ReturnType<typeof startReceiver>>;
const tok: Record<string, string> = {};

const api = async (method: string, path: string, body?: unknown, token = ADMIN) => {
  const res = await request(server.url, method, `/api/v1${path}`, token, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
};

/** The decision link the robot's message for this transfer carries (markdown `[…](url)`). */
async function linkFor(robot: typeof wecom, id: number): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(() => {
      for (const r of robot.received) {
        const body = JSON.parse(r.body) as { markdown: { content?: string; text?: string } };
        const text = body.markdown.content ?? body.markdown.text ?? '';
        if (!text.includes(`#${id} `)) continue;
        if (process.env['SHOW_ROBOTS']) console.log(text);
        found = /\]\((http[^)]+\/pages\/approve\/[\w-]+)\)/.exec(text)?.[1];
        if (found) return found;
      }
      return undefined;
    })
    .toBeDefined();
  return found!;
}

async function transferOf(quantity: number): Promise<number> {
  const created = await api(
    'POST',
    '/transfers',
    {
      from: 'W1',
      to: 'S1',
      lines: [
        { sku: 'LJ-250', quantity },
        { sku: 'BLC-100', quantity: 12 },
      ],
    },
    tok['clerk'],
  );
  return created.id as number;
}

async function open(url: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 420, height: 1180 },
    ignoreHTTPSErrors: true,
  });
  const page = await context.newPage();
  await installCjkFont(page);
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = tempDir();
  wecom = await startReceiver(() => ({ status: 200, body: ROBOT_ANSWERS.wecom.ok }));
  dingtalk = await startReceiver(() => ({ status: 200, body: ROBOT_ANSWERS.dingtalk.ok }));
  // PUBLIC_URL is https (the service insists): the page is served on its HTTPS listener,
  // with a certificate made for the test.
  const cert = join(dir.dir, 'page.crt');
  const key = join(dir.dir, 'page.key');
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
      '/CN=127.0.0.1',
    ].concat(['-keyout', key, '-out', cert]),
    { stdio: 'ignore' },
  );
  httpsPort = await freePort();
  server = await startServerProcess({
    HTTPS_PORT: String(httpsPort),
    HTTPS_CERT: cert,
    HTTPS_KEY: key,
    PUBLIC_URL: `https://127.0.0.1:${httpsPort}`,
    DATABASE_URL: `file:${join(dir.dir, 'pages.db')}`,
    INVENTORY_BOOTSTRAP_TOKEN: ADMIN,
    WEBHOOK_INTERVAL_MS: '100',
  });
  const settings = await api('GET', '/settings');
  await api('PUT', '/settings', {
    version: settings.version,
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  });
  await api('POST', '/locations', { code: 'W1', name: '杭州中心仓', kind: 'warehouse' });
  await api('POST', '/locations', { code: 'S1', name: '西湖店', kind: 'store' });
  await api('POST', '/items', { sku: 'LJ-250', name: '西湖龙井 明前特级 250g' });
  await api('POST', '/items', { sku: 'BLC-100', name: '碧螺春 100g' });
  for (const [sku, quantity, unitCost] of [
    ['LJ-250', 540, 128],
    ['BLC-100', 80, 36.5],
  ] as const)
    await api('POST', '/movements', { type: 'receipt', sku, quantity, location: 'W1', unitCost });
  tok['clerk'] = (
    await api('POST', '/users', { name: '张伟', role: 'clerk', locations: ['S1'] })
  ).token;
  tok['manager'] = (
    await api('POST', '/users', { name: '王芳', role: 'manager', locations: ['W1', 'S1'] })
  ).token;
  await api('PUT', '/approval-policies', {
    policies: [{ documentType: 'transfer', levels: [{ minQuantity: 1, role: 'manager' }] }],
  });
  const events = ['approval.requested', 'approval.decided'];
  await api('POST', '/subscriptions', {
    kind: 'wecom',
    url: `${wecom.url}/cgi-bin/webhook/send?key=k1`,
    language: 'zh-CN',
    events,
  });
  await api('POST', '/subscriptions', {
    kind: 'dingtalk',
    url: `${dingtalk.url}/robot/send?access_token=t1`,
    language: 'en',
    events,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await wecom?.close();
  await dingtalk?.close();
  dir?.cleanup();
});

describe('the approval page a chat robot links to', () => {
  it('approves from the WeCom message in Chinese; the link then refuses, also the DingTalk one', async () => {
    const id = await transferOf(60);
    const link = await linkFor(wecom, id);
    expect(link.startsWith(`https://127.0.0.1:${httpsPort}/pages/approve/`)).toBe(true);
    const page = await open(link);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe(`调拨单 #${id}：杭州中心仓（W1） → 西湖店（S1）`);
    const text = (await page.textContent('main'))!;
    expect(text).toContain('西湖龙井 明前特级 250g（LJ-250）');
    expect(text).toContain('申请人张伟');
    expect(text).toContain('¥8,118.00'); // 60 × 128 + 12 × 36.5
    expect(text).toContain('GMT+8');
    expect(text).toContain('杭州中心仓（W1） 可用');
    await page.fill('#credential', tok['manager']!);
    await page.fill('#comment', '周末促销，同意');
    await screenshot(page, join(SHOTS, 'approval-page-zh.png'));
    await page.click('button.approve');
    await expect
      .poll(() => page.locator('.note.ok').textContent())
      .toContain('已完成：王芳 已批准');

    const decided = await api('GET', `/transfers/${id}`);
    expect(decided).toMatchObject({
      status: 'approved',
      approvals: [
        expect.objectContaining({
          status: 'approved',
          decidedBy: '王芳',
          comment: '周末促销，同意',
        }),
      ],
    });

    // The same link again: used, said in the link's language, and a 4xx.
    const again = await open(link);
    const answer = await again.request.get(link);
    expect(answer.status()).toBe(410);
    expect(await again.locator('.note.bad').textContent()).toContain('此链接已被使用：王芳');
    // The DingTalk group's link to the same request: decided elsewhere.
    const other = await open(await linkFor(dingtalk, id));
    expect(await other.locator('.note.bad').textContent()).toContain(
      'This document has been decided elsewhere',
    );
  });

  it('rejects with a comment from the DingTalk message in English, after a wrong token', async () => {
    const id = await transferOf(400);
    const page = await open(await linkFor(dingtalk, id));
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe(`Transfer #${id}: 杭州中心仓 (W1) → 西湖店 (S1)`);
    // The requester's own token cannot decide: the page says so and keeps the form.
    await page.fill('#credential', tok['clerk']!);
    await page.click('button.reject');
    await expect.poll(() => page.locator('.note.bad').count()).toBe(1);
    expect((await api('GET', `/transfers/${id}`)).status).toBe('pending_approval');

    await page.fill('#credential', tok['manager']!);
    await page.fill('#comment', 'Too much for one store: send 200');
    await page.locator('.note.bad').evaluate((n) => n.remove());
    await screenshot(page, join(SHOTS, 'approval-page-en.png'));
    await page.click('button.reject');
    await expect
      .poll(() => page.locator('.note.ok').textContent())
      .toContain('Done: rejected by 王芳');
    expect(await api('GET', `/transfers/${id}`)).toMatchObject({
      status: 'rejected',
      approvals: [
        expect.objectContaining({
          status: 'rejected',
          decidedBy: '王芳',
          comment: 'Too much for one store: send 200',
        }),
      ],
    });
    // Switch the language of the refused page.
    const again = await open(page.url());
    await again.click('a.lang');
    await expect.poll(() => again.locator('.note.bad').textContent()).toContain('此链接已被使用');
  });
});

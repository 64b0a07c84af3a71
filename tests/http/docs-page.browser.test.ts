import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCjkFont, launchChromium, screenshot } from '../helpers/browser.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/*
 * GET /docs: the API reference rendered from /openapi.json by Swagger UI, bundled from
 * its npm package. In headless Chromium against the real server: it draws every
 * operation, and the page asks nothing of any other host.
 */

const SHOTS = resolve(import.meta.dirname, '../artifacts/screenshots');
let dir: ReturnType<typeof tempDir>;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  dir = tempDir();
  server = await startServerProcess({
    DATABASE_URL: `file:${join(dir.dir, 'docs.db')}`,
    INVENTORY_BOOTSTRAP_TOKEN: 'docs-token',
  });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  dir?.cleanup();
});

describe('the API reference at /docs', () => {
  it('renders every operation of the OpenAPI document, from this server only', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string }>>;
    };
    const operations = Object.values(document.paths).flatMap((item) =>
      Object.keys(item).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)),
    );
    expect(operations.length).toBeGreaterThan(50);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await installCjkFont(page);
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      // The test's own CJK font is answered in the browser (the machine may have none).
      if (!url.startsWith(server.url) && !url.startsWith('data:')) elsewhere.push(url);
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/docs');

    await expect
      .poll(() => page.locator('.opblock').count(), { timeout: 30_000 })
      .toBe(operations.length);
    expect(await page.locator('.opblock-summary-path').allTextContents()).toContain(
      '/api/v1/movements',
    );
    expect(await page.textContent('header')).toContain('库存台账 API');
    await screenshot(page, join(SHOTS, 'api-reference.png'));
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

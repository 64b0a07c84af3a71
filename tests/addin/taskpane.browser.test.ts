import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';
import { startReceiver } from '../helpers/receiver.js';
import { installCjkFont, launchChromium, screenshot } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { openDatabase } from '../../core/db/client.js';
import { createApp } from '../../core/http/app.js';

/*
 * The task pane in real headless Chromium (installed, or the one inside the
 * @sparticuz/chromium npm package: see tests/helpers/browser.ts), against the real server, with
 * Office.js replaced by a fake Excel host (tests/addin/fake-office.js) served where
 * Microsoft's CDN would be. Screenshots go to tests/artifacts/screenshots, or to
 * docs/screenshots for the docs with `npm run screenshots`.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'addin-admin-token-1';
// `npm run screenshots` writes them into docs/screenshots; a plain test run keeps them out of the tree.
const SHOTS = resolve(ROOT, process.env['SCREENSHOTS_DIR'] ?? 'tests/artifacts/screenshots');
let dir: ReturnType<typeof tempDir>;
let server: ServerProcess;
let browser: Browser;

const api = (method: string, path: string, body?: unknown) =>
  request(server.url, method, `/api/v1${path}`, TOKEN, body);
const movementCount = async () =>
  (await api('GET', '/movements?limit=1000')).body.items.length as number;

async function openPane(language = 'en-US'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
  await installCjkFont(page);
  await page.addInitScript(
    (lang) => ((window as unknown as { __officeLanguage: string }).__officeLanguage = lang),
    language,
  );
  await page.route('https://appsforoffice.microsoft.com/**', (route) =>
    route.fulfill({
      contentType: 'application/javascript',
      body: readFileSync(join(ROOT, 'tests/addin/fake-office.js'), 'utf8'),
    }),
  );
  await page.goto(`${server.url}/addin/taskpane.html`);
  return page;
}

async function signIn(page: Page, token = TOKEN) {
  await page.fill('#token', token);
  await page.click('#signin-button');
}

/** The headline of an action's outcome, shown under its buttons. */
const headline = (page: Page, area: string) => page.textContent(`#result-${area} .headline`);
const problemLines = (page: Page, area: string) =>
  page.$$eval(`#result-${area} li`, (items) => items.map((li) => li.textContent));

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-addin.mjs')], { cwd: ROOT });
  mkdirSync(SHOTS, { recursive: true });
  dir = tempDir();
  server = await startServerProcess({
    DATABASE_URL: `file:${join(dir.dir, 'addin.db')}`,
    INVENTORY_BOOTSTRAP_TOKEN: TOKEN,
  });
  await api('POST', '/locations', { code: 'S1', name: '门店一', kind: 'store' });
  await api('POST', '/items', { sku: 'TEA-1', name: '龙井 Longjing', barcodes: ['6901234567892'] });
  await api('POST', '/items', { sku: 'CUP-9', name: '=HYPERLINK("http://x","cup")' });
  await api('POST', '/movements', { type: 'receipt', sku: 'TEA-1', quantity: 20, location: 'S1' });
  await api('POST', '/movements', { type: 'receipt', sku: 'CUP-9', quantity: 3, location: 'S1' });
  await api('PUT', '/alert-rules', { rules: [{ sku: 'CUP-9', location: 'S1', min: 5 }] });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  dir?.cleanup();
});

describe('the task pane in headless Chromium', () => {
  it('explains a wrong token and an unreachable server', async () => {
    const page = await openPane();
    await signIn(page, 'not-a-valid-token');
    await expect.poll(() => page.textContent('#status')).toContain('The token was not accepted');
    await page.fill('#url', 'http://127.0.0.1:9');
    await signIn(page);
    await expect
      .poll(() => page.textContent('#status'))
      .toContain('Cannot reach the server at http://127.0.0.1:9');
    await page.close();
  });

  it('signs in, refreshes stock, checks and posts the Movements sheet exactly once', async () => {
    const page = await openPane();
    await screenshot(page, join(SHOTS, 'taskpane-sign-in.png'));
    await signIn(page);
    await expect
      .poll(() => page.textContent('#who'))
      .toContain('Signed in as admin (admin, all locations)');

    await page.click('#refresh');
    await expect.poll(() => headline(page, 'stock')).toBe('2 of 2 rows');
    const stock = await page.evaluate(() => (window as any).__workbook.table('InventoryStock'));
    expect(stock.header).toEqual([
      'SKU',
      'Name',
      'Location',
      'On hand',
      'Reserved',
      'Available',
      'Min',
      'Status',
    ]);
    expect(stock.rows).toEqual([
      ['CUP-9', `'=HYPERLINK("http://x","cup")`, 'S1', 3, 0, 3, 5, 'Below min'],
      ['TEA-1', '龙井 Longjing', 'S1', 20, 0, 20, '', 'OK'],
    ]);
    expect(stock.fills['0:*']).toBeDefined();

    // Nothing appears by itself: "New Movements sheet" makes the sheet, saying what to type.
    expect(await page.evaluate(() => (window as any).__workbook.table('InventoryMovements'))).toBe(
      undefined,
    );
    await page.click('#new-movements');
    await expect
      .poll(() => headline(page, 'movements'))
      .toMatch(/^The Movements sheet is ready\. One row per movement: Type \(from the list\)/);
    const movements = await page.evaluate(() =>
      (window as any).__workbook.table('InventoryMovements'),
    );
    expect(movements.header).toEqual([
      'Date',
      'Type',
      'SKU or barcode',
      'Quantity',
      'Location',
      'From',
      'To',
      'Reason',
      'Reference',
      'Status',
      'Movement',
      'Key',
    ]);
    // Above the table: what to type (row 1) and an example (row 2, not in the table).
    expect(movements.sheet).toBe('Movements');
    expect(movements.headerRow).toBe(2);
    const tab = await page.evaluate(() => (window as any).__workbook.sheet('Movements'));
    expect(tab.cells['A1'].values[0][0]).toMatch(/^One row per movement/);
    expect(tab.cells['A2:L2']).toMatchObject({
      values: [['', 'receipt', 'CUP-9', 10, 'S1', '', '', '', 'example']],
      italic: true,
    });
    // Drop-down lists: types in the user's language, location codes and skus from the ledger.
    const lists = await page.evaluate(() => (window as any).__workbook.sheet('Inventory lists'));
    expect(lists.visibility).toBe('Hidden');
    expect(lists.cells['A1:A7'].values.flat()).toEqual([
      'Types',
      'receipt',
      'issue',
      'adjustment',
      'move',
      'scrap',
      'return',
    ]);
    expect(lists.cells['B1:B2'].values.flat()).toEqual(['Location codes', 'S1']);
    expect(lists.cells['C1:C3'].values.flat()).toEqual(['SKUs', 'CUP-9', 'TEA-1']);
    expect(movements.validation[1]).toMatchObject({
      rule: { list: { source: "='Inventory lists'!$A$2:$A$7" } },
      errorAlert: { showAlert: true },
    });
    // A barcode may be typed where the skus are offered.
    expect(movements.validation[2]).toMatchObject({
      rule: { list: { source: "='Inventory lists'!$C$2:$C$3" } },
      errorAlert: { showAlert: false },
    });
    expect(movements.validation[4].rule.list.source).toBe("='Inventory lists'!$B$2:$B$2");
    expect(movements.numberFormats).toEqual({ 2: '@', 4: '@', 5: '@', 6: '@', 8: '@' });
    await page.click('#check');
    await expect
      .poll(() => headline(page, 'movements'))
      .toMatch(/^The Movements table has no rows yet\. One row per movement/);

    await page.evaluate(() =>
      (window as any).__workbook.setRows('InventoryMovements', [
        [46327.5, 'issue', 'TEA-1', 2, 'S1', '', '', '', 'till-1', '', '', ''],
        ['', '销售', '6901234567892', '3', 'S1', '', '', '', '', '', '', ''],
        ['', 'issue', 'CUP-9', 99, 'S1', '', '', '', '', '', '', ''],
      ]),
    );
    const before = await movementCount();
    await page.click('#check');
    await expect.poll(() => headline(page, 'movements')).toBe('2 OK, 1 refused');
    // Next to the button: the problem with its row on the sheet (header on row 3), and a link to it.
    expect(await problemLines(page, 'movements')).toEqual([
      'Row 6: Not enough stock of =HYPERLINK("http://x","cup") (CUP-9) at 门店一: 99 requested, 3 available. Go to row',
    ]);
    await page.click('#result-movements a.go-to-row');
    await expect
      .poll(() => page.evaluate(() => (window as any).__workbook.selected))
      .toEqual({ table: 'InventoryMovements', row: 2, col: 3 });
    let sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryMovements'));
    expect(sheet.rows.map((r: unknown[]) => r[9])).toEqual([
      'OK',
      'OK',
      // Names, with the code beside them (the item's name is formula-looking text on purpose).
      'Not enough stock of =HYPERLINK("http://x","cup") (CUP-9) at 门店一: 99 requested, 3 available.',
    ]);
    expect(sheet.fills['2:3']).toBeDefined();
    expect(await movementCount()).toBe(before);
    await screenshot(page, join(SHOTS, 'taskpane-check.png'));

    // Posting a sheet with a bad row posts nothing (one atomic batch), and says so on every row.
    await page.click('#post');
    await expect
      .poll(() => headline(page, 'movements'))
      .toBe('Nothing posted: 1 refused, 2 more wait for them. Fix the marked rows and Post again.');
    expect(await movementCount()).toBe(before);
    sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryMovements'));
    expect(sheet.rows.map((r: unknown[]) => r[9])).toEqual([
      'Not posted: another row was refused',
      'Not posted: another row was refused',
      'Not enough stock of =HYPERLINK("http://x","cup") (CUP-9) at 门店一: 99 requested, 3 available.',
    ]);

    await page.evaluate(() => (window as any).__workbook.setCell('InventoryMovements', 2, 3, 1));
    await page.click('#post');
    await expect.poll(() => headline(page, 'movements')).toBe('3 posted, 0 posted earlier');
    expect(await problemLines(page, 'movements')).toEqual([]);
    expect(await movementCount()).toBe(before + 3);
    sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryMovements'));
    expect(sheet.rows.map((r: unknown[]) => r[9])).toEqual(['Posted', 'Posted', 'Posted']);
    expect(
      sheet.rows.every(
        (r: unknown[]) =>
          typeof r[10] === 'number' && typeof r[11] === 'string' && (r[11] as string).length > 10,
      ),
    ).toBe(true);
    expect(sheet.hidden).toEqual([11]);
    expect(sheet.locked).toEqual([0, 1, 2]);
    const posted = (await api('GET', `/movements?afterSeq=${before}`)).body.items;
    expect(posted[0]).toMatchObject({
      type: 'issue',
      sku: 'TEA-1',
      quantity: 2,
      reference: 'till-1',
      occurredAt: expect.any(String),
    });
    expect(posted[1]).toMatchObject({ sku: 'TEA-1', quantity: 3 });
    await screenshot(page, join(SHOTS, 'taskpane-posted.png'));

    // Post again: nothing left to post.
    await page.click('#post');
    await expect.poll(() => headline(page, 'movements')).toBe('No rows to post.');
    // The answer was lost (no movement ids written), the keys were kept: no duplicate.
    await page.evaluate(() => {
      const wb = (window as any).__workbook;
      for (let r = 0; r < 3; r++) wb.setCell('InventoryMovements', r, 10, '');
    });
    await page.click('#post');
    await expect.poll(() => headline(page, 'movements')).toBe('0 posted, 3 posted earlier');
    sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryMovements'));
    expect(sheet.rows.map((r: unknown[]) => r[9])).toEqual([
      'Posted earlier',
      'Posted earlier',
      'Posted earlier',
    ]);
    expect(await movementCount()).toBe(before + 3);
    await page.close();
  });

  it('answers =INV.STOCK(), =INV.AVAILABLE() and =INV.BELOWMIN(), batched, and streams changes', async () => {
    const page = await openPane();
    await page.addInitScript(() => ((window as unknown as { __pollMs: number }).__pollMs = 100));
    await page.reload();
    const queries: string[] = [];
    page.on('request', (r) => r.url().includes('/stock/query') && queries.push(r.postData() ?? ''));
    await signIn(page);
    await expect.poll(() => page.textContent('#who')).toContain('admin');

    // Three cells in one tick: one request answers them all.
    await page.evaluate(() => {
      const w = window as any;
      w.__results = { stock: [], available: [], all: [] };
      const cell = (list: unknown[]) => ({
        setResult: (v: unknown) => list.push(v),
        onCanceled: undefined,
      });
      w.__functions.STOCK('TEA-1', 'S1', cell(w.__results.stock));
      w.__functions.AVAILABLE('TEA-1', 'S1', cell(w.__results.available));
      w.__functions.STOCK('TEA-1', undefined, cell(w.__results.all));
    });
    const onHand = (await api('GET', '/stock/S1/TEA-1')).body.onHand;
    // (Each cell may already have refreshed once: the first look at the ledger head does.)
    await expect.poll(() => page.evaluate(() => (window as any).__results.stock[0])).toBe(onHand);
    await expect
      .poll(() => page.evaluate(() => (window as any).__results.available[0]))
      .toBe(onHand);
    await expect.poll(() => page.evaluate(() => (window as any).__results.all[0])).toBe(onHand);
    // (Later requests are the refreshes of the streaming cells.)
    // STOCK and AVAILABLE of one item at one place share a line.
    expect(JSON.parse(queries[0]!).lines).toEqual([
      { sku: 'TEA-1', location: 'S1' },
      { sku: 'TEA-1', location: null },
    ]);

    // The ledger changes: the streaming cells follow.
    await api('POST', '/movements', { type: 'issue', sku: 'TEA-1', quantity: 1, location: 'S1' });
    await expect
      .poll(() => page.evaluate(() => (window as any).__results.stock.at(-1)), { timeout: 5000 })
      .toBe(onHand - 1);

    const below = await page.evaluate(() => (window as any).__functions.BELOWMIN('S1'));
    expect(below).toEqual([['CUP-9', 'S1', 2, 5]]); // 3 received, 1 sold by the sheet above
    // (Polled, not a fixed wait: under a loaded CI machine the answer may take a while.)
    await page.evaluate(() => {
      const w = window as any;
      w.__unknown = [];
      w.__functions.STOCK('NOPE', 'S1', { setResult: (v: any) => w.__unknown.push(v) });
    });
    await expect
      .poll(() => page.evaluate(() => (window as any).__unknown.map((v: any) => v.code)))
      .toEqual(['#N/A']);
    await page.close();
  });

  it('imports the Items sheet in one batch, with a status per row', async () => {
    const page = await openPane();
    await signIn(page);
    await expect.poll(() => page.textContent('#who')).toContain('admin');
    await page.click('#import-items');
    await expect
      .poll(() => headline(page, 'items'))
      .toMatch(/^The Items sheet is ready\. One row per item: SKU, Name, Unit, Barcodes/);
    await page.evaluate(() =>
      (window as any).__workbook.setRows('InventoryItems', [
        ['NEW-1', 'New tea', 'box', '0012345，0012346', ''],
        ['TEA-1', '龙井 Longjing', '', '', ''],
      ]),
    );
    await page.click('#import-items');
    await expect.poll(() => headline(page, 'items')).toBe('2 OK, 0 with problems');
    const sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryItems'));
    expect(sheet.rows.map((r: unknown[]) => r[4])).toEqual(['Created', 'Unchanged']);
    expect((await api('GET', '/items/NEW-1')).body).toMatchObject({
      unit: 'box',
      barcodes: [{ code: '0012345' }, { code: '0012346' }],
    });
    await page.close();
  });

  it('sends transfer requests once, and charts the selected item over 90 days, with its demand next to the forecast', async () => {
    await api('POST', '/locations', { code: 'S2', name: '门店二', kind: 'store' });
    const page = await openPane();
    await signIn(page);
    await expect.poll(() => page.textContent('#who')).toContain('admin');
    await page.click('#request-transfers');
    await expect
      .poll(() => headline(page, 'transfers'))
      .toMatch(/^The Transfer request sheet is ready\. One row per item to move/);
    await page.evaluate(() =>
      (window as any).__workbook.setRows('InventoryTransfers', [
        ['S1', 'S2', 'TEA-1', 2, 'weekend', '', '', ''],
        ['S1', 'S2', 'CUP-9', 1, '', '', '', ''],
      ]),
    );
    await page.click('#request-transfers');
    await expect.poll(() => headline(page, 'transfers')).toBe('2 OK, 0 with problems');
    const sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryTransfers'));
    const id = sheet.rows[0][6];
    expect(sheet.rows.map((r: unknown[]) => r[5])).toEqual([
      `#${id}: approved`,
      `#${id}: approved`,
    ]);
    expect((await api('GET', `/transfers/${id}`)).body).toMatchObject({
      from: 'S1',
      to: 'S2',
      note: 'weekend',
      lines: [
        { sku: 'TEA-1', quantity: 2 },
        { sku: 'CUP-9', quantity: 1 },
      ],
    });
    // The answer lost, the key kept: sending again finds the same transfer.
    await page.evaluate(() => {
      const wb = (window as any).__workbook;
      wb.setCell('InventoryTransfers', 0, 6, '');
      wb.setCell('InventoryTransfers', 1, 6, '');
    });
    await page.click('#request-transfers');
    await expect
      .poll(() =>
        page.evaluate(() => (window as any).__workbook.table('InventoryTransfers').rows[0][6]),
      )
      .toBe(id);
    expect((await api('GET', '/transfers')).body.items).toHaveLength(1);

    await page.click('#refresh');
    await expect.poll(() => headline(page, 'stock')).toMatch(/rows$/);
    await page.click('#chart');
    await expect.poll(() => headline(page, 'stock')).toBe('Select a row of the Stock sheet first.');
    await page.evaluate(() => (window as any).__workbook.select('InventoryStock', 1)); // TEA-1 at S1
    await page.click('#chart');
    await expect.poll(() => headline(page, 'stock')).toBe('TEA-1 @ S1');
    const [chart, demand] = await page.evaluate(() => (window as any).__workbook.charts.slice(-2));
    expect(chart).toMatchObject({ sheet: 'Chart', type: 'Line', title: { text: 'TEA-1 @ S1' } });
    expect(chart.data.values).toHaveLength(91);
    expect(chart.data.values[0]).toEqual(['Date', 'On hand']);
    const onHand = (await api('GET', '/stock/S1/TEA-1')).body.onHand;
    expect(chart.data.values.at(-1)[1]).toBe(onHand);
    // Beside it (from column D): each day's demand and what the forecast said, as the API answers.
    expect(demand).toMatchObject({
      sheet: 'Chart',
      type: 'Line',
      title: { text: 'TEA-1 @ S1: demand and forecast' },
    });
    // 90 days, and 14 ahead once the worker has fitted a forecast (when it runs is the
    // worker's business): as many rows as the API answers.
    const forecast = (await api('GET', '/forecasts/S1/TEA-1?days=90&ahead=14')).body;
    expect(demand.data.address).toBe(`D1:F${forecast.days.length + 1}`);
    expect(demand.data.values[0]).toEqual(['Date', 'Demand (sold + refused)', 'Forecast']);
    expect(demand.data.values.slice(1)).toEqual(
      forecast.days.map((d: { date: string; demand: number; forecast: number | null }) => [
        d.date,
        d.demand,
        d.forecast,
      ]),
    );
    await page.close();
  });

  it('gives a one-time code that links the Teams account through the bot of the same server', async () => {
    const page = await openPane();
    await signIn(page);
    await expect.poll(() => page.textContent('#who')).toContain('admin');
    await page.click('#link-teams');
    await expect
      .poll(() => headline(page, 'account'))
      .toMatch(/^Send the Teams bot: link \d{6,} {2}\(valid until \d\d:\d\d/);
    const code = /link (\d+)/.exec((await headline(page, 'account'))!)![1];
    await page.close();

    // The bot (development mode, loopback serviceUrl) answers like Teams would see it.
    const teams = await startReceiver(() => ({ status: 200, body: { id: 'sent-1' } }));
    try {
      const activity = (text: string, id: string) => ({
        type: 'message',
        id,
        text,
        locale: 'en-US',
        channelId: 'msteams',
        serviceUrl: `${teams.url}/`,
        from: { id: '29:ann', aadObjectId: 'aad-ann', name: 'Ann' },
        conversation: { id: 'conv-ann', tenantId: 'tenant-1', conversationType: 'personal' },
        recipient: { id: '28:bot', name: 'Inventory' },
      });
      const say = (text: string, id: string) =>
        fetch(`${server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity(text, id)),
        });
      expect((await say(`link ${code}`, 'a-1')).status).toBe(200);
      expect(JSON.parse(teams.received.at(-1)!.body).text).toContain('admin');
      expect((await say(`link ${code}`, 'a-2')).status).toBe(200); // once only
      expect(JSON.parse(teams.received.at(-1)!.body).text).not.toContain('admin');
    } finally {
      await teams.close();
    }
  });

  it('opens a stocktake as a sheet and sends its counts as "set", so sending twice never doubles them', async () => {
    const created = await api('POST', '/stocktakes', { location: 'S1', skus: ['TEA-1', 'CUP-9'] });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const page = await openPane();
    await signIn(page);
    await expect.poll(() => page.textContent('#who')).toContain('admin');
    await page.click('#open-stocktake');
    await expect.poll(() => headline(page, 'stocktake')).toBe('Enter the stocktake number first.');
    await page.fill('#stocktake-id', `#${id}`);
    await page.click('#open-stocktake');
    await expect
      .poll(() => headline(page, 'stocktake'))
      .toBe(`Stocktake #${id} at S1: 2 lines (open). Type what is on the shelf in Counted.`);
    const book = (await api('GET', '/stock/S1/TEA-1')).body.onHand;
    const cupBook = (await api('GET', '/stock/S1/CUP-9')).body.onHand;
    let sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryStocktake'));
    expect(sheet.header).toEqual(['SKU', 'Name', 'Book', 'Counted', 'Variance', 'Status']);
    // Book is the figure at the moment of counting: empty until a line is counted.
    expect(sheet.rows.map((r: unknown[]) => [r[0], r[2], r[3]])).toEqual([
      ['CUP-9', '', ''],
      ['TEA-1', '', ''],
    ]);

    await page.evaluate(() => {
      const wb = (window as any).__workbook;
      wb.setCell('InventoryStocktake', 0, 3, 'two');
      wb.setCell('InventoryStocktake', 1, 3, 7);
    });
    await page.click('#send-counts');
    await expect.poll(() => headline(page, 'stocktake')).toBe('0 OK, 1 with problems');
    expect(await problemLines(page, 'stocktake')).toEqual([
      'Row 2: Count "two" must be a whole number, 0 or more Go to row',
    ]);
    expect((await api('GET', `/stocktakes/${id}`)).body.totals.counted).toBe(0);
    await page.evaluate(() => (window as any).__workbook.setCell('InventoryStocktake', 0, 3, 1));
    for (let i = 0; i < 2; i++) {
      await page.click('#send-counts');
      await expect.poll(() => headline(page, 'stocktake')).toBe('2 OK, 0 with problems');
      await page.evaluate(() => document.getElementById('result-stocktake')!.replaceChildren());
    }
    const counted = (await api('GET', `/stocktakes/${id}`)).body;
    expect(
      counted.lines.map((l: { sku: string; counted: number; variance: number }) => [
        l.sku,
        l.counted,
        l.variance,
      ]),
    ).toEqual([
      ['CUP-9', 1, 1 - cupBook],
      ['TEA-1', 7, 7 - book],
    ]);
    sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryStocktake'));
    expect(sheet.rows.map((r: unknown[]) => [r[0], r[2], r[3], r[4], r[5]])).toEqual([
      ['CUP-9', cupBook, 1, 1 - cupBook, 'Counted'],
      ['TEA-1', book, 7, 7 - book, 'Counted'],
    ]);
    await page.close();
  });

  it('speaks Chinese when Office does', async () => {
    const page = await openPane('zh-CN');
    expect(await page.textContent('#signin-button')).toBe('登录');
    await signIn(page);
    await expect
      .poll(() => page.textContent('#who'))
      .toContain('已登录：admin（管理员，全部库位）');
    await screenshot(page, join(SHOTS, 'taskpane-zh.png'));
    await page.close();
  });

  it("sends the Opening stock sheet once, however often it is sent, with each row's cost", async () => {
    const page = await openPane();
    await signIn(page);
    await expect.poll(() => page.textContent('#who')).toContain('admin');
    await page.click('#send-opening');
    await expect
      .poll(() => headline(page, 'opening'))
      .toMatch(/^The Opening stock sheet is ready\./);
    const sheet = () => page.evaluate(() => (window as any).__workbook.table('InventoryOpening'));
    expect((await sheet()).header).toEqual([
      'SKU',
      'Location',
      'Quantity',
      'Unit cost',
      'Lot',
      'Expiry',
      'Status',
      'Movement',
      'Key',
    ]);
    await page.evaluate(() =>
      (window as any).__workbook.setRows('InventoryOpening', [
        ['TEA-1', 'S1', 5, 12.5, '', '', '', '', ''],
        ['CUP-9', 'S1', '2', '3', '', '', '', '', ''],
      ]),
    );
    const before = await movementCount();
    await page.click('#send-opening');
    await expect.poll(() => headline(page, 'opening')).toBe('2 OK, 0 with problems');
    const sent = await sheet();
    expect(sent.rows.map((r: unknown[]) => r[6])).toEqual(['Posted', 'Posted']);
    const ids = sent.rows.map((r: unknown[]) => r[7]);
    expect(await movementCount()).toBe(before + 2);

    // Sent again: posted rows are skipped. The answer lost (movement cells empty, keys kept): the same movements come back.
    await page.click('#send-opening');
    await expect.poll(() => headline(page, 'opening')).toBe('No rows to post.');
    await page.evaluate(() => {
      const wb = (window as any).__workbook;
      for (const row of [0, 1])
        for (const col of [6, 7]) wb.setCell('InventoryOpening', row, col, '');
    });
    await page.click('#send-opening');
    await expect.poll(() => headline(page, 'opening')).toBe('2 OK, 0 with problems');
    expect((await sheet()).rows.map((r: unknown[]) => r[7])).toEqual(ids);
    expect(await movementCount()).toBe(before + 2);
    const value = (await api('GET', '/reports/stock-value/items?location=S1')).body.items;
    expect(value.find((r: { sku: string }) => r.sku === 'CUP-9')).toMatchObject({ unitCost: 3 });
    await page.close();
  });

  it('keeps every outcome next to its button and in view at 320 × 560, in both languages, nothing wider than the pane', async () => {
    for (const language of ['en-US', 'zh-CN']) {
      const page = await browser.newPage({ viewport: { width: 320, height: 560 } });
      await installCjkFont(page);
      await page.addInitScript(
        (lang) => ((window as unknown as { __officeLanguage: string }).__officeLanguage = lang),
        language,
      );
      await page.route('https://appsforoffice.microsoft.com/**', (route) =>
        route.fulfill({
          contentType: 'application/javascript',
          body: readFileSync(join(ROOT, 'tests/addin/fake-office.js'), 'utf8'),
        }),
      );
      await page.goto(`${server.url}/addin/taskpane.html`);
      await signIn(page);
      await expect.poll(() => page.textContent('#who')).toContain('admin');
      await page.click('#new-movements');
      await expect.poll(() => headline(page, 'movements')).toBeTruthy();
      await page.evaluate(() =>
        (window as any).__workbook.setRows('InventoryMovements', [
          ['', 'issue', 'TEA-1', 1, 'S1', '', '', '', '', '', '', ''],
          ['', 'nonsense', 'TEA-1', 'two', 'S1', '', '', '', '', '', '', ''],
        ]),
      );
      const inView = (area: string) =>
        page.$eval(`#result-${area}`, (el) => {
          const r = el.getBoundingClientRect();
          return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
        });
      const widest = () =>
        page.evaluate(() =>
          Math.max(
            document.documentElement.scrollWidth,
            ...[...document.querySelectorAll('#work *, #signin *')].map(
              (e) => e.getBoundingClientRect().right,
            ),
          ),
        );
      for (const [button, area] of [
        ['#check', 'movements'],
        ['#refresh', 'stock'],
        ['#import-items', 'items'],
        ['#request-transfers', 'transfers'],
        ['#send-opening', 'opening'],
        ['#open-stocktake', 'stocktake'],
        ['#post', 'movements'],
      ] as const) {
        await page.evaluate(() =>
          document.querySelectorAll('.result').forEach((r) => r.replaceChildren()),
        );
        await page.click(button);
        await expect.poll(() => headline(page, area), { message: button }).toBeTruthy();
        await expect.poll(() => inView(area), { message: `${button} in view` }).toBe(true);
        expect(await widest(), `${language} ${button}`).toBeLessThanOrEqual(320);
      }
      // The movements' problems, with their row numbers, are in view too.
      expect(await problemLines(page, 'movements')).toHaveLength(1);
      if (language === 'zh-CN') {
        expect(await headline(page, 'movements')).toBe(
          '未过账：1 行被拒，另有 1 行等待。请修改标出的行后重新过账。',
        );
        await screenshot(page, join(SHOTS, 'taskpane-narrow-zh.png'));
      } else await screenshot(page, join(SHOTS, 'taskpane-narrow.png'));
      await page.close();
    }
  });

  it('marks a row refused because the stock moved since Check with the figure now', async () => {
    const page = await openPane();
    await signIn(page);
    await expect.poll(() => page.textContent('#who')).toContain('admin');
    await page.click('#new-movements');
    await expect.poll(() => headline(page, 'movements')).toBeTruthy();
    const available = (await api('GET', '/stock/S1/TEA-1')).body.available as number;
    await page.evaluate(
      (q) =>
        (window as any).__workbook.setRows('InventoryMovements', [
          ['', 'issue', 'TEA-1', q, 'S1', '', '', '', '', '', '', ''],
        ]),
      available,
    );
    await page.click('#check');
    await expect.poll(() => headline(page, 'movements')).toBe('1 OK, 0 refused');
    // Someone sells one meanwhile.
    await api('POST', '/movements', { type: 'issue', sku: 'TEA-1', quantity: 1, location: 'S1' });
    const before = await movementCount();
    await page.click('#post');
    await expect
      .poll(() => headline(page, 'movements'))
      .toBe('Nothing posted: 1 refused, 0 more wait for them. Fix the marked rows and Post again.');
    const status = await page.evaluate(
      () => (window as any).__workbook.table('InventoryMovements').rows[0][9],
    );
    expect(status).toBe(
      `Stock moved since Check: available now ${available - 1}. Not enough stock of 龙井 Longjing (TEA-1) at 门店一: ${available} requested, ${available - 1} available.`,
    );
    expect(await problemLines(page, 'movements')).toEqual([`Row 4: ${status} Go to row`]);
    expect(await movementCount()).toBe(before);
    await page.close();
  });

  it('keeps rows typed while the server is down, with their keys, and posts them once on the next Post', async () => {
    const page = await openPane();
    await signIn(page);
    await expect.poll(() => page.textContent('#who')).toContain('admin');
    await page.click('#new-movements');
    await expect.poll(() => headline(page, 'movements')).toBeTruthy();
    await page.evaluate(() =>
      (window as any).__workbook.setRows('InventoryMovements', [
        ['', 'receipt', 'TEA-1', 4, 'S1', '', '', '', 'offline-1', '', '', ''],
        ['', 'receipt', 'CUP-9', 2, 'S1', '', '', '', 'offline-2', '', '', ''],
      ]),
    );
    await page.click('#check');
    await expect.poll(() => headline(page, 'movements')).toBe('2 OK, 0 refused');
    const before = await movementCount();

    // The server goes away between Check and Post.
    const port = server.port;
    await server.stop();
    await page.click('#post');
    await expect
      .poll(() => headline(page, 'movements'))
      .toBe(
        `Cannot reach the server at ${server.url}. Check the address and your network. 2 rows were not sent; they stay in the sheet with their keys and go with the next Post, once.`,
      );
    let sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryMovements'));
    expect(sheet.rows.map((r: unknown[]) => r[9])).toEqual([
      'Not sent: the server could not be reached. It goes with the next Post (its key is kept).',
      'Not sent: the server could not be reached. It goes with the next Post (its key is kept).',
    ]);
    const keys = sheet.rows.map((r: unknown[]) => r[11]);
    expect(keys.every((k: unknown) => typeof k === 'string' && k.length > 10)).toBe(true);
    expect(sheet.rows.map((r: unknown[]) => r[10])).toEqual(['', '']);

    // Back again, on the same address: the next Post sends them, once.
    server = await startServerProcess(
      { DATABASE_URL: `file:${join(dir.dir, 'addin.db')}`, INVENTORY_BOOTSTRAP_TOKEN: TOKEN },
      { port },
    );
    await page.click('#post');
    await expect.poll(() => headline(page, 'movements')).toBe('2 posted, 0 posted earlier');
    sheet = await page.evaluate(() => (window as any).__workbook.table('InventoryMovements'));
    expect(sheet.rows.map((r: unknown[]) => r[11])).toEqual(keys);
    expect(await movementCount()).toBe(before + 2);
    const posted = (await api('GET', `/movements?afterSeq=${before}`)).body.items;
    expect(posted.map((m: { reference: string }) => m.reference)).toEqual([
      'offline-1',
      'offline-2',
    ]);
    // Once: posting again finds nothing new.
    await page.click('#post');
    await expect.poll(() => headline(page, 'movements')).toBe('No rows to post.');
    expect(await movementCount()).toBe(before + 2);
    await page.close();
  });

  // Last: it replaces the ledger under the running server.
  it('reads every formula and the Stock sheet again when the ledger is restored, even at a seq it saw before', async () => {
    const page = await openPane();
    await page.addInitScript(() => ((window as unknown as { __pollMs: number }).__pollMs = 100));
    await page.reload();
    await signIn(page);
    await expect.poll(() => page.textContent('#who')).toContain('admin');
    await page.click('#refresh');
    await expect.poll(() => headline(page, 'stock')).toMatch(/^(\d+) of \1 rows$/);
    await page.evaluate(() => {
      const w = window as any;
      w.__restored = [];
      w.__functions.STOCK('TEA-1', 'S1', { setResult: (v: unknown) => w.__restored.push(v) });
    });
    const x = (await api('GET', '/stock/S1/TEA-1')).body.onHand as number;
    await expect.poll(() => page.evaluate(() => (window as any).__restored.at(-1))).toBe(x);

    // A backup, and another history grown from it apart from this server: 5 received.
    const live = { DATABASE_URL: `file:${join(dir.dir, 'addin.db')}` };
    const b0 = join(dir.dir, 'restore-b0.db');
    expect((await runCli('backup', [b0], live)).code).toBe(0);
    const otherFile = join(dir.dir, 'restore-other.db');
    copyFileSync(b0, otherFile);
    const other = await openDatabase({ url: `file:${otherFile}` });
    const received = await createApp({ database: other }).request('/api/v1/movements', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'receipt', sku: 'TEA-1', quantity: 5, location: 'S1' }),
    });
    expect(received.status).toBe(201);
    await other.close();
    const b1 = join(dir.dir, 'restore-b1.db');
    expect((await runCli('backup', [b1], { DATABASE_URL: `file:${otherFile}` })).code).toBe(0);

    // Here one is sold instead: the same seq, another figure.
    await api('POST', '/movements', { type: 'issue', sku: 'TEA-1', quantity: 1, location: 'S1' });
    await expect.poll(() => page.evaluate(() => (window as any).__restored.at(-1))).toBe(x - 1);
    const before = (await api('GET', '/ledger/head')).body;

    const restored = await runCli('restore', [b1, '--force'], live);
    expect(restored.code, restored.out).toBe(0);
    const after = (await api('GET', '/ledger/head')).body;
    expect(after.seq).toBe(before.seq);
    expect(after.epoch).not.toBe(before.epoch);
    // Only the epoch tells: the cell and the Stock sheet are read again.
    await expect.poll(() => page.evaluate(() => (window as any).__restored.at(-1))).toBe(x + 5);
    await expect
      .poll(() => page.textContent('#status'))
      .toContain('The ledger was restored from a backup');
    const stock = await page.evaluate(() => (window as any).__workbook.table('InventoryStock'));
    expect(stock.rows.find((r: unknown[]) => r[0] === 'TEA-1')[3]).toBe(x + 5);
    await page.close();
  });
});

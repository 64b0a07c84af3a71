import { ApiProblem, type ApiClient } from '../api-client.js';
import { t, type AddinLang } from '../i18n/strings.js';
import {
  createEntrySheet,
  protectRows,
  readTable,
  replaceTable,
  selectedRow,
  showLineCharts,
  updateCells,
  type CellUpdate,
  type TableData,
} from '../office/excel.js';
import { isBlank } from '../sheet/cells.js';
import {
  ENTRY_TABLES,
  entryHint,
  entrySheet,
  entrySheetName,
  type Choices,
  type EntryKind,
} from '../sheet/entry-sheets.js';
import { info, type Outcome } from '../sheet/outcome.js';
import { demandSeries, stockSeries } from '../sheet/stock-chart.js';
import { prepareTransfers, TRANSFER_COLUMNS } from '../sheet/transfer-sheet.js';
import {
  columnsOf,
  outcomes,
  prepareMovements,
  type PreparedBatch,
} from '../sheet/movements-sheet.js';
import { itemStatuses, prepareItems } from '../sheet/items-sheet.js';
import { chunkRows, stockHeaders, stockRows, type StockLine } from '../sheet/stock-sheet.js';
import {
  prepareCounts,
  STOCKTAKE_COLUMNS,
  stocktakeHeaders,
  stocktakeRows,
  type StocktakeLine,
} from '../sheet/stocktake-sheet.js';

export const STOCK = { table: 'InventoryStock', sheet: 'Stock' };
export const MOVEMENTS = ENTRY_TABLES.movements;
export const ITEMS = ENTRY_TABLES.items;
export const TRANSFERS = ENTRY_TABLES.transfers;
export const STOCKTAKE = { table: 'InventoryStocktake', sheet: 'Stocktake' };

export interface StockFilters {
  location?: string;
  skuContains?: string;
  belowMin?: boolean;
}

/** Reads stock from the ledger page by page and writes the Stock table in chunks. */
export async function refreshStock(
  api: ApiClient,
  lang: AddinLang,
  filters: StockFilters,
  options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<number> {
  const lines: StockLine[] = [];
  let cursor: string | null = null;
  do {
    const query = {
      withItem: 'true' as const,
      limit: 5000,
      ...(filters.location ? { location: filters.location } : {}),
      ...(filters.belowMin ? { belowMin: 'true' as const } : {}),
      ...(cursor ? { cursor } : {}),
    };
    const page: { items: StockLine[]; nextCursor: string | null } = await api.get('/stock', {
      query,
    });
    const needle = filters.skuContains?.trim().toLowerCase();
    lines.push(...page.items.filter((l) => !needle || l.sku.toLowerCase().includes(needle)));
    cursor = page.nextCursor;
    if (options.signal?.aborted) break;
  } while (cursor);
  const { values, belowMin } = stockRows(lines, lang);
  return replaceTable(STOCK.table, STOCK.sheet, stockHeaders(lang), chunkRows(values), {
    highlight: belowMin,
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (done) => options.onProgress?.(done, values.length),
  });
}

/** What the ledger offers for the sheets' drop-down lists: owned location codes, skus. */
async function choices(api: ApiClient): Promise<Choices> {
  const [locations, items] = await Promise.all([
    api.get('/locations'),
    api.get('/items', { query: { limit: 1000 } }),
  ]);
  return {
    locations: locations.items.map((l) => l.code).filter((c) => !c.startsWith('@')),
    skus: items.items.map((i) => i.sku),
  };
}

/**
 * "New … sheet": the entry sheet with its header, what to type, an example row and
 * drop-down lists; when it is there already, it is only shown.
 */
export async function newEntrySheet(
  api: ApiClient,
  lang: AddinLang,
  kind: EntryKind,
): Promise<Outcome> {
  const created = await createEntrySheet(entrySheet(kind, lang, await choices(api)));
  const sheet = entrySheetName(kind, lang);
  return info(
    created
      ? t('sheetCreated', lang, { sheet, hint: entryHint(kind, lang) })
      : t('sheetExists', lang, { sheet }),
  );
}

/**
 * The entry table, read; when there is none yet, it is created (as "New … sheet" does)
 * and the answer says what to type instead.
 */
export async function entryTable(
  api: ApiClient,
  lang: AddinLang,
  kind: EntryKind,
): Promise<TableData | Outcome> {
  const data = await readTable(ENTRY_TABLES[kind].table);
  if (data) return data;
  return newEntrySheet(api, lang, kind);
}

/** An empty table: say what to type rather than "nothing to post". */
export function emptyOr(kind: EntryKind, lang: AddinLang, data: TableData): Outcome {
  const typed = data.values.some((r) => r.some((v) => !isBlank(v)));
  return info(
    typed
      ? t('nothingToPost', lang)
      : t('emptySheet', lang, { sheet: entrySheetName(kind, lang), hint: entryHint(kind, lang) }),
  );
}

function withTable(outcome: Omit<Outcome, 'table' | 'firstRow'>, kind: EntryKind, data: TableData) {
  return { ...outcome, table: ENTRY_TABLES[kind].table, firstRow: data.firstRow };
}

/** Check: every row against the server, nothing posted; status column and marks written. */
export function checkMovements(
  api: ApiClient,
  lang: AddinLang,
  newKey: () => string,
): Promise<Outcome> {
  return run(api, lang, newKey, true);
}

/**
 * Post: one atomic batch, an idempotency key per row saved in the sheet before
 * sending, so pressing Post twice or retrying after a lost connection posts nothing
 * twice. Posted rows get their movement id and are locked. When the server cannot be
 * reached the rows say so and keep their keys: the next Post sends them, once.
 */
export function postMovements(
  api: ApiClient,
  lang: AddinLang,
  newKey: () => string,
): Promise<Outcome> {
  return run(api, lang, newKey, false);
}

async function run(
  api: ApiClient,
  lang: AddinLang,
  newKey: () => string,
  dryRun: boolean,
): Promise<Outcome> {
  const data = await entryTable(api, lang, 'movements');
  if (!('values' in data)) return data;
  const col = columnsOf(data.header);
  const batch = prepareMovements(data.header, data.values, data.text, {
    lang,
    timezoneOffsetMinutes: new Date().getTimezoneOffset(),
    newKey,
  });
  if (batch.rows.length === 0 && batch.problems.length === 0)
    return emptyOr('movements', lang, data);
  // Keys first: a retry after a lost answer must send the same keys.
  if (batch.newKeys.length > 0)
    await updateCells(
      MOVEMENTS.table,
      batch.newKeys.map((k) => ({ row: k.row, col: col.key!, value: k.key })),
    );

  let results: Parameters<typeof outcomes>[1] = [];
  if (batch.problems.length === 0 || dryRun) {
    let res: Awaited<ReturnType<typeof sendBatch>>;
    try {
      res = await sendBatch(api, batch, dryRun);
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.kind !== 'unreachable') throw error;
      return offline(lang, batch, col, dryRun, error, data);
    }
    results = answerToResults(batch, res.status, res.body);
  } else {
    // Not sent: the rows the add-in found nothing wrong with wait for the others.
    results = batch.rows.map((_, index) => ({ index, status: 'valid' as const }));
  }
  const okText = t('ok', lang);
  const rows = outcomes(batch, results, lang, {
    posting: !dryRun,
    checkedBefore: (row) =>
      col.status !== undefined && String(data.values[row]?.[col.status] ?? '') === okText,
  });
  const updates: CellUpdate[] = [];
  for (const r of rows) {
    updates.push({ row: r.row, col: col.status!, value: r.status });
    if (r.movementId !== undefined && col.movement !== undefined)
      updates.push({ row: r.row, col: col.movement, value: r.movementId });
    for (const field of ['type', 'code', 'quantity', 'location', 'from', 'to', 'date'] as const) {
      if (col[field] !== undefined)
        updates.push({ row: r.row, col: col[field]!, bad: r.badFields.includes(field) });
    }
  }
  await updateCells(MOVEMENTS.table, updates);
  if (!dryRun && col.key !== undefined) {
    const posted = data.values.flatMap((v, i) =>
      v[col.movement!] !== '' && v[col.movement!] != null ? [i] : [],
    );
    await protectRows(MOVEMENTS.table, col.key, [
      ...posted,
      ...rows.filter((r) => r.movementId !== undefined).map((r) => r.row),
    ]);
  }
  const count = (state: (typeof rows)[number]['state']) =>
    rows.filter((r) => r.state === state).length;
  const refused = count('refused');
  const problems = rows
    .filter((r) => r.state === 'refused')
    .map((r) => ({
      row: r.row,
      col: r.badFields.map((f) => col[f]).find((c) => c !== undefined) ?? col.status!,
      message: r.status,
    }));
  const headline = dryRun
    ? t('checkSummary', lang, { ok: count('valid'), refused })
    : refused > 0
      ? t('postRefused', lang, { refused, held: count('held') })
      : t('postSummary', lang, { posted: count('posted'), replayed: count('replayed') });
  return withTable(
    { kind: refused > 0 ? 'problems' : 'ok', headline, problems },
    'movements',
    data,
  );
}

function sendBatch(api: ApiClient, batch: PreparedBatch, dryRun: boolean) {
  return api.post('/movements/batch', {
    rows: batch.rows.map((r) => r.body),
    atomic: true,
    dryRun,
  });
}

/**
 * The server could not be reached. Nothing was sent, or nothing is known to have been:
 * on Post, each row says it waits, and keeps its key, so the next Post sends it and a
 * row the server did get is answered "Posted earlier", never posted twice.
 */
async function offline(
  lang: AddinLang,
  batch: PreparedBatch,
  col: ReturnType<typeof columnsOf>,
  dryRun: boolean,
  error: ApiProblem,
  data: TableData,
): Promise<Outcome> {
  if (!dryRun && col.status !== undefined)
    await updateCells(
      MOVEMENTS.table,
      batch.rows.map((r) => ({ row: r.row, col: col.status!, value: t('waiting', lang) })),
    );
  return withTable(
    {
      kind: 'error',
      headline: `${error.message} ${t(dryRun ? 'notCheckedOffline' : 'notSentOffline', lang, { rows: batch.rows.length })}`,
      problems: [],
    },
    'movements',
    data,
  );
}

/** The batch answer as per-row results: posted, checked, refused as a whole, or malformed rows. */
function answerToResults(
  batch: PreparedBatch,
  status: number,
  body: { results?: unknown; error?: { code: string; message?: string; details?: unknown } },
) {
  if (status === 200) return body.results as Parameters<typeof outcomes>[1];
  if (body.error?.code === 'batch_rejected')
    return (body.error.details as { results: Parameters<typeof outcomes>[1] }).results;
  if (body.error?.code === 'validation_failed' && Array.isArray(body.error.details)) {
    const byRow = new Map<number, Array<{ path: string; message: string }>>();
    for (const d of body.error.details as Array<{ path: string; message: string }>) {
      const m = /^rows\.(\d+)\.(.*)$/.exec(d.path);
      if (m)
        byRow.set(Number(m[1]), [
          ...(byRow.get(Number(m[1])) ?? []),
          { path: m[2]!, message: d.message },
        ]);
    }
    return batch.rows.map((_, index) =>
      byRow.has(index)
        ? {
            index,
            status: 'rejected' as const,
            error: { code: 'validation_failed', message: '', details: byRow.get(index) },
          }
        : { index, status: 'valid' as const },
    );
  }
  return batch.rows.map((_, index) => ({
    index,
    status: 'rejected' as const,
    error: { code: body.error?.code ?? 'error', message: body.error?.message ?? `HTTP ${status}` },
  }));
}

/** Counts and problems of a sheet sent row by row: `ok` rows done, the others listed. */
export function summary(
  lang: AddinLang,
  kind: EntryKind,
  data: TableData,
  rows: ReadonlyArray<{ row: number; ok: boolean; status: string; col?: number }>,
  statusCol: number,
): Outcome {
  const ok = rows.filter((r) => r.ok).length;
  const problems = rows
    .filter((r) => !r.ok)
    .map((r) => ({ row: r.row, col: r.col ?? statusCol, message: r.status }));
  return withTable(
    {
      kind: problems.length > 0 ? 'problems' : 'ok',
      headline: t('summary', lang, { ok, bad: problems.length }),
      problems,
    },
    kind,
    data,
  );
}

/** Import items: every row of the Items table created or updated in one batch, a status per row. */
export async function importItems(api: ApiClient, lang: AddinLang): Promise<Outcome> {
  const data = await entryTable(api, lang, 'items');
  if (!('values' in data)) return data;
  const prepared = prepareItems(data.values, data.text);
  if (prepared.rows.length === 0) return emptyOr('items', lang, data);
  const res = await api.post('/items/batch', {
    rows: prepared.rows.map((r) => r.body),
    atomic: true,
  });
  // The document leaves error details open; batch_rejected's are the rows' results.
  const results = (
    res.status === 200
      ? res.body.results
      : (res.body.error.details as { results?: unknown } | undefined)?.results
  ) as Parameters<typeof itemStatuses>[1] | undefined;
  const rows = results
    ? itemStatuses(prepared, results, lang)
    : prepared.rows.map((r) => ({
        row: r.row,
        ok: false,
        status: res.status === 200 ? '' : (res.body.error?.message ?? `HTTP ${res.status}`),
      }));
  await updateCells(
    ITEMS.table,
    rows.flatMap((r) => [
      { row: r.row, col: 4, value: r.status },
      { row: r.row, col: 0, bad: !r.ok },
    ]),
  );
  return summary(lang, 'items', data, rows, 4);
}

/**
 * Transfer requests: one transfer per source and target from the rows not yet sent.
 * The group's idempotency key is saved in the sheet first, so sending twice creates
 * one transfer.
 */
export async function requestTransfers(
  api: ApiClient,
  lang: AddinLang,
  newKey: () => string,
): Promise<Outcome> {
  const data = await entryTable(api, lang, 'transfers');
  if (!('values' in data)) return data;
  const { requests, problems, newKeys } = prepareTransfers(data.values, data.text, {
    lang,
    newKey,
  });
  if (requests.length === 0 && problems.length === 0) return emptyOr('transfers', lang, data);
  const c = TRANSFER_COLUMNS;
  await updateCells(
    TRANSFERS.table,
    newKeys.map((k) => ({ row: k.row, col: c.key, value: k.key })),
  );
  const updates: CellUpdate[] = problems.map((p) => ({
    row: p.row,
    col: c.status,
    value: p.message,
    bad: true,
  }));
  const rows: Array<{ row: number; ok: boolean; status: string }> = problems.map((p) => ({
    row: p.row,
    ok: false,
    status: p.message,
  }));
  for (const request of requests) {
    const res = await api.post('/transfers', request.body, {
      headers: { 'idempotency-key': request.key },
    });
    const created = res.status === 201;
    for (const row of request.rows) {
      const status = created
        ? `#${res.body.id}: ${res.body.status}`
        : (res.body.error?.message ?? `HTTP ${res.status}`);
      rows.push({ row, ok: created, status });
      updates.push({ row, col: c.status, value: status, bad: !created });
      if (created) updates.push({ row, col: c.transfer, value: res.body.id! });
    }
  }
  await updateCells(TRANSFERS.table, updates);
  return summary(
    lang,
    'transfers',
    data,
    rows.sort((a, b) => a.row - b.row),
    c.status,
  );
}

/**
 * Two charts of the selected stock row's item at its location: on hand over the last 90
 * days, and daily demand (sold + refused) next to the forecast, with two weeks ahead.
 */
export async function chartSelectedItem(
  api: ApiClient,
  lang: AddinLang,
  today = new Date(),
): Promise<string> {
  const row = await selectedRow(STOCK.table);
  if (!row) return t('selectStockRow', lang);
  const cellCode = (v: unknown) => String(v ?? '').replace(/^'/, '');
  const sku = cellCode(row[0]);
  const location = cellCode(row[2]);
  const stock = await api.get('/stock/{location}/{sku}', { path: { location, sku } });
  const daily = await api.get('/reports/daily', { query: { sku, location, days: 90 } });
  const forecast = await api.get('/forecasts/{location}/{sku}', {
    path: { location, sku },
    query: { days: 90, ahead: 14 },
  });
  const series = stockSeries(stock.onHand, daily.items, 90, today.toISOString().slice(0, 10));
  await showLineCharts('Chart', [
    {
      title: `${sku} @ ${location}`,
      header: [t('chartDate', lang), t('chartOnHand', lang)],
      rows: series,
    },
    {
      title: t('chartDemandTitle', lang, { sku, location }),
      header: [t('chartDate', lang), t('chartDemand', lang), t('chartForecast', lang)],
      rows: demandSeries(forecast),
    },
  ]);
  return `${sku} @ ${location}`;
}

interface StocktakeAnswer {
  id: number;
  location: string;
  status: string;
  lines: StocktakeLine[];
  error?: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

/** Opens a stocktake as the Stocktake sheet: its lines, with book figures when the user may see them. */
export async function openStocktake(api: ApiClient, lang: AddinLang, id: number): Promise<string> {
  const s: StocktakeAnswer = await api.get('/stocktakes/{id}', { path: { id } });
  await replaceTable(
    STOCKTAKE.table,
    STOCKTAKE.sheet,
    stocktakeHeaders(lang),
    [stocktakeRows(s.lines)],
    {},
  );
  return t('stocktakeOpened', lang, {
    id: s.id,
    location: s.location,
    lines: s.lines.length,
    status: s.status,
  });
}

/**
 * Sends the Counted column as one batch of `set` counts: all or nothing, each bad
 * row marked with the server's message. The sheet is then rewritten from the answer.
 */
export async function sendCounts(api: ApiClient, lang: AddinLang, id: number): Promise<Outcome> {
  const data = await readTable(STOCKTAKE.table);
  if (!data) return info(t('openStocktakeFirst', lang));
  const { lines, problems } = prepareCounts(data.values, data.text, lang);
  const c = STOCKTAKE_COLUMNS;
  const counts = (
    bad: ReadonlyArray<readonly [number, string]>,
    ok: number,
    headline = t('summary', lang, { ok, bad: bad.length }),
  ): Outcome => ({
    kind: bad.length > 0 ? 'problems' : 'ok',
    headline,
    problems: bad.map(([row, message]) => ({ row, col: c.counted, message })),
    table: STOCKTAKE.table,
    firstRow: data.firstRow,
  });
  if (problems.length > 0 || lines.length === 0) {
    await updateCells(
      STOCKTAKE.table,
      problems.map((p) => ({ row: p.row, col: c.status, value: p.message, bad: true })),
    );
    return problems.length > 0
      ? counts(
          problems.map((p) => [p.row, p.message] as const),
          0,
        )
      : info(t('noCounts', lang));
  }
  const res = await api.post(
    '/stocktakes/{id}/counts',
    { lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, mode: 'set' as const })) },
    { path: { id } },
  );
  if (res.status !== 200) {
    const byRow = new Map<number, string>();
    // validation_failed details: one {path, message} per problem (docs/api.md).
    for (const d of (res.body.error.details ?? []) as Array<{ path: string; message: string }>) {
      const m = /^lines\.(\d+)\./.exec(d.path);
      if (m) byRow.set(lines[Number(m[1])]!.row, d.message);
    }
    const bad =
      byRow.size > 0
        ? [...byRow]
        : lines.map((l) => [l.row, res.body.error?.message ?? `HTTP ${res.status}`] as const);
    await updateCells(
      STOCKTAKE.table,
      bad.map(([row, message]) => ({ row, col: c.status, value: message, bad: true })),
    );
    return counts(bad, 0, res.body.error?.message ?? `HTTP ${res.status}`);
  }
  const counted = new Set(lines.map((l) => l.sku));
  const rows = stocktakeRows(res.body.lines).map((r) => {
    if (counted.has(String(r[0]))) r[c.status] = t('counted', lang);
    return r;
  });
  await replaceTable(STOCKTAKE.table, STOCKTAKE.sheet, stocktakeHeaders(lang), [rows], {});
  return counts([], lines.length);
}

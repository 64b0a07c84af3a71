import type { ApiClient } from '../api-client.js';
import { t, type AddinLang } from '../i18n/strings.js';
import { ensureTable, readTable, updateCells } from '../office/excel.js';
import {
  OPENING_COLUMNS,
  openingHeaders,
  openingOutcome,
  prepareOpening,
} from '../sheet/opening-sheet.js';
import type { RunSummary } from './actions.js';

export const OPENING = { table: 'InventoryOpening', sheet: 'Opening stock' };

/**
 * Sends the Opening stock sheet's rows not yet posted as one atomic request. Its
 * idempotency key is written to the sheet first, so sending twice (or again after a
 * lost answer) posts the stock once; a refusal marks every row it names.
 */
export async function sendOpeningStock(
  api: ApiClient,
  lang: AddinLang,
  newKey: () => string,
): Promise<RunSummary> {
  const c = OPENING_COLUMNS;
  await ensureTable(OPENING.table, OPENING.sheet, openingHeaders(lang), [c.sku, c.location, c.lot]);
  const data = await readTable(OPENING.table);
  const { request, problems, newKeys } = prepareOpening(data?.values ?? [], data?.text, {
    lang,
    newKey,
  });
  if (problems.length > 0) {
    await updateCells(
      OPENING.table,
      problems.map((p) => ({ row: p.row, col: c.status, value: p.message, bad: true })),
    );
    return {
      ok: 0,
      bad: problems.length,
      message: t('summary', lang, { ok: 0, bad: problems.length }),
    };
  }
  if (!request) return { ok: 0, bad: 0, message: t('nothingToPost', lang) };
  await updateCells(
    OPENING.table,
    newKeys.map((k) => ({ row: k.row, col: c.key, value: k.key })),
  );
  const res = await api.post('/stock/opening', request.body, {
    headers: { 'idempotency-key': request.key },
  });
  await updateCells(OPENING.table, openingOutcome(request, res, lang));
  const ok = res.status === 201 ? request.rows.length : 0;
  return {
    ok,
    bad: request.rows.length - ok,
    message: t('summary', lang, { ok, bad: request.rows.length - ok }),
  };
}

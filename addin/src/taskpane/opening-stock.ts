import type { ApiClient } from '../api-client.js';
import type { AddinLang } from '../i18n/strings.js';
import { updateCells } from '../office/excel.js';
import { ENTRY_TABLES } from '../sheet/entry-sheets.js';
import type { Outcome } from '../sheet/outcome.js';
import { OPENING_COLUMNS, openingOutcome, prepareOpening } from '../sheet/opening-sheet.js';
import { emptyOr, entryTable, summary } from './actions.js';

export const OPENING = ENTRY_TABLES.opening;

/**
 * Sends the Opening stock sheet's rows not yet posted as one atomic request. Its
 * idempotency key is written to the sheet first, so sending twice (or again after a
 * lost answer) posts the stock once; a refusal marks every row it names.
 */
export async function sendOpeningStock(
  api: ApiClient,
  lang: AddinLang,
  newKey: () => string,
): Promise<Outcome> {
  const c = OPENING_COLUMNS;
  const data = await entryTable(api, lang, 'opening');
  if (!('values' in data)) return data;
  const { request, problems, newKeys } = prepareOpening(data.values, data.text, {
    lang,
    newKey,
  });
  if (problems.length > 0) {
    await updateCells(
      OPENING.table,
      problems.map((p) => ({ row: p.row, col: c.status, value: p.message, bad: true })),
    );
    return summary(
      lang,
      'opening',
      data,
      problems.map((p) => ({ row: p.row, ok: false, status: p.message })),
      c.status,
    );
  }
  if (!request) return emptyOr('opening', lang, data);
  await updateCells(
    OPENING.table,
    newKeys.map((k) => ({ row: k.row, col: c.key, value: k.key })),
  );
  const res = await api.post('/stock/opening', request.body, {
    headers: { 'idempotency-key': request.key },
  });
  const updates = openingOutcome(request, res, lang);
  await updateCells(OPENING.table, updates);
  const ok = res.status === 201;
  return summary(
    lang,
    'opening',
    data,
    updates
      .filter((u) => u.col === c.status)
      .map((u) => ({ row: u.row, ok, status: String(u.value) })),
    c.status,
  );
}

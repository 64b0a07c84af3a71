import type { AddinLang } from '../i18n/strings.js';
import { t } from '../i18n/strings.js';
import { itemHeaders } from './items-sheet.js';
import { movementHeaders } from './movements-sheet.js';
import { openingHeaders } from './opening-sheet.js';
import { transferHeaders } from './transfer-sheet.js';

/*
 * The entry sheets the pane posts from, as the "New … sheet" actions create them: the
 * table's header, a line saying what to type, an example row above the table (never
 * posted: it is not in the table), and drop-down lists of movement types in the user's
 * language, the ledger's location codes and skus. Pure: excel.ts writes them.
 */

/** A drop-down list on a column of an entry table. */
export interface ColumnList {
  col: number;
  /** Which of `listValues`. */
  list: number;
  /** false: the list is offered, anything else may still be typed (a barcode in the SKU column). */
  strict: boolean;
}

export interface EntrySheet {
  table: string;
  sheet: string;
  header: string[];
  /** Codes typed into these columns stay text (leading zeros, long barcodes). */
  textColumns: number[];
  /** Row 1: what to type. */
  hint: string;
  /** Row 2, above the header, in grey: an example row. */
  example: Array<string | number>;
  lists: ColumnList[];
  /** The hidden lists sheet's columns: a title and the values. */
  listValues: Array<{ title: string; values: string[] }>;
  listAlert: { title: string; message: string };
}

/** What the ledger offers to choose from. */
export interface Choices {
  locations: string[];
  skus: string[];
}

export type EntryKind = 'movements' | 'items' | 'transfers' | 'opening';

export const ENTRY_TABLES: Record<EntryKind, { table: string }> = {
  movements: { table: 'InventoryMovements' },
  items: { table: 'InventoryItems' },
  transfers: { table: 'InventoryTransfers' },
  opening: { table: 'InventoryOpening' },
};

/** The movement types offered in the Type column, as the user's language writes them. */
export function movementTypeWords(lang: AddinLang): string[] {
  return lang === 'zh-CN'
    ? ['收货', '销售', '调整', '移库', '报废', '退货']
    : ['receipt', 'issue', 'adjustment', 'move', 'scrap', 'return'];
}

const LIST = { types: 0, locations: 1, skus: 2 } as const;

/** The sheet's name in the user's language, for the messages about it. */
export function entrySheetName(kind: EntryKind, lang: AddinLang): string {
  return t(
    (
      {
        movements: 'sheetMovements',
        items: 'sheetItems',
        transfers: 'sheetTransfers',
        opening: 'sheetOpening',
      } as const
    )[kind],
    lang,
  );
}

/** What to type into the sheet (its first row, and what an empty sheet says). */
export function entryHint(kind: EntryKind, lang: AddinLang): string {
  return t(
    (
      {
        movements: 'hintMovements',
        items: 'hintItems',
        transfers: 'hintTransfers',
        opening: 'hintOpening',
      } as const
    )[kind],
    lang,
  );
}

export function entrySheet(kind: EntryKind, lang: AddinLang, choices: Choices): EntrySheet {
  const sku = choices.skus[0] ?? 'TEA-1';
  const [here = 'S1', there = 'W1'] = choices.locations;
  const types = movementTypeWords(lang);
  const listValues = [
    { title: t('listTypes', lang), values: types },
    { title: t('listLocations', lang), values: choices.locations },
    { title: t('listSkus', lang), values: choices.skus },
  ];
  const base = {
    table: ENTRY_TABLES[kind].table,
    // The tab in the user's language; the table's name is what the pane finds it by.
    sheet: entrySheetName(kind, lang),
    hint: entryHint(kind, lang),
    listValues,
    listAlert: { title: t('listAlertTitle', lang), message: t('listAlertMessage', lang) },
  };
  switch (kind) {
    case 'movements':
      // Date, Type, SKU or barcode, Quantity, Location, From, To, Reason, Reference, Status, Movement, Key
      return {
        ...base,
        header: movementHeaders(lang),
        textColumns: [2, 4, 5, 6, 8],
        example: ['', types[0]!, sku, 10, here, '', '', '', t('exampleReference', lang)],
        lists: [
          { col: 1, list: LIST.types, strict: true },
          { col: 2, list: LIST.skus, strict: false },
          { col: 4, list: LIST.locations, strict: true },
          { col: 5, list: LIST.locations, strict: true },
          { col: 6, list: LIST.locations, strict: true },
        ],
      };
    case 'items':
      return {
        ...base,
        header: itemHeaders(lang),
        textColumns: [0, 3],
        example: ['TEA-2', t('exampleItemName', lang), t('exampleUnit', lang), '6901234567892'],
        lists: [],
      };
    case 'transfers':
      return {
        ...base,
        header: transferHeaders(lang),
        textColumns: [0, 1, 2],
        example: [there, here, sku, 5, t('exampleNote', lang)],
        lists: [
          { col: 0, list: LIST.locations, strict: true },
          { col: 1, list: LIST.locations, strict: true },
          { col: 2, list: LIST.skus, strict: true },
        ],
      };
    case 'opening':
      return {
        ...base,
        header: openingHeaders(lang),
        textColumns: [0, 1, 4],
        example: [sku, here, 20, 12.5],
        lists: [
          { col: 0, list: LIST.skus, strict: true },
          { col: 1, list: LIST.locations, strict: true },
        ],
      };
  }
}

import { OfficeMockObject } from 'office-addin-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  columnLetter,
  createEntrySheet,
  readTable,
  selectCell,
  updateCells,
} from '../../addin/src/office/excel.js';
import { entrySheet } from '../../addin/src/sheet/entry-sheets.js';

/*
 * The Office.js edge against office-addin-mock: it checks that the module loads what
 * it reads and syncs before reading, as Excel demands.
 */

function excelWith(table: Record<string, unknown> | null, more: Record<string, unknown> = {}) {
  const mock = new OfficeMockObject({
    context: {
      workbook: {
        ...more,
        tables: {
          table: table ?? { isNullObject: true },
          getItemOrNullObject: function (this: Record<string, unknown>) {
            return this['table'];
          },
          getItem: function (this: Record<string, unknown>) {
            return this['table'];
          },
        },
      },
    },
    run: async function (
      this: Record<string, unknown>,
      callback: (context: unknown) => Promise<unknown>,
    ) {
      return callback(this['context']);
    },
  }) as unknown as Record<string, any>;
  // Office makes `isNullObject` readable after any sync; the mock wants it loaded.
  const t = mock['context'].workbook.tables.table;
  t.load('isNullObject');
  if (more['worksheets']) mock['context'].workbook.worksheets.sheet.load('isNullObject');
  void t.sync();
  (globalThis as Record<string, unknown>)['Excel'] = mock;
  return mock;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>)['Excel'];
});

describe('the Excel edge', () => {
  it('reads a table: header, values and displayed text', async () => {
    excelWith({
      isNullObject: false,
      header: { values: [['Date', 'Type', 'SKU or barcode']], rowIndex: 2 },
      body: { values: [[46327, 'receipt', 1234]], text: [['2026/11/1', 'receipt', '001234']] },
      getHeaderRowRange: function (this: Record<string, unknown>) {
        return this['header'];
      },
      getDataBodyRange: function (this: Record<string, unknown>) {
        return this['body'];
      },
    });
    expect(await readTable('InventoryMovements')).toEqual({
      header: ['Date', 'Type', 'SKU or barcode'],
      values: [[46327, 'receipt', 1234]],
      text: [['2026/11/1', 'receipt', '001234']],
      firstRow: 4, // the header on row 3, as "New … sheet" puts it
    });
  });

  it('answers null when the table does not exist', async () => {
    excelWith(null);
    expect(await readTable('Missing')).toBeNull();
  });

  it('writes values and marks problem cells', async () => {
    const excel = excelWith({
      isNullObject: false,
      body: {
        cell: {
          values: [['']],
          format: {
            fill: {
              color: '',
              clear: function (this: Record<string, unknown>) {
                this['color'] = 'none';
              },
            },
          },
        },
        getCell: function (this: Record<string, unknown>, row: number, col: number) {
          this['asked'] = `${row}:${col}`;
          return this['cell'];
        },
      },
      getDataBodyRange: function (this: Record<string, unknown>) {
        return this['body'];
      },
    });
    await updateCells('InventoryMovements', [{ row: 2, col: 9, value: 'Posted', bad: true }]);
    const body = excel.context.workbook.tables.table.body;
    expect(body.asked).toBe('2:9');
    expect(body.cell.values).toEqual([['Posted']]);
    expect(body.cell.format.fill.color).toBe('#F8D7DA');
    await updateCells('InventoryMovements', [{ row: 2, col: 3, bad: false }]);
    expect(body.cell.format.fill.color).toBe('none');
  });

  it('names columns the way Excel does', () => {
    expect([0, 11, 25, 26, 27, 51, 52].map(columnLetter)).toEqual([
      'A',
      'L',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
    ]);
  });
});

describe('the Excel edge: entry sheets and "go to row"', () => {
  it('selects the cell of a problem and shows its sheet', async () => {
    const excel = excelWith({
      isNullObject: false,
      worksheet: {
        active: false,
        activate: function (this: Record<string, unknown>) {
          this['active'] = true;
        },
      },
      body: {
        cell: {
          selected: false,
          select: function (this: Record<string, unknown>) {
            this['selected'] = true;
          },
        },
        getCell: function (this: Record<string, unknown>, row: number, col: number) {
          this['asked'] = `${row}:${col}`;
          return this['cell'];
        },
      },
      getDataBodyRange: function (this: Record<string, unknown>) {
        return this['body'];
      },
    });
    await selectCell('InventoryMovements', 4, 3);
    const table = excel.context.workbook.tables.table;
    expect(table.body.asked).toBe('4:3');
    expect(table.body.cell.selected).toBe(true);
    expect(table.worksheet.active).toBe(true);
  });

  it('leaves an existing entry table as it is and only shows it', async () => {
    const excel = excelWith(
      {
        isNullObject: false,
        worksheet: {
          active: false,
          activate: function (this: Record<string, unknown>) {
            this['active'] = true;
          },
        },
      },
      {
        worksheets: {
          sheet: { isNullObject: true },
          getItemOrNullObject: function (this: Record<string, unknown>) {
            return this['sheet'];
          },
          add: () => {
            throw new Error('no sheet may be added');
          },
        },
      },
    );
    const workbook = excel.context.workbook;
    const created = await createEntrySheet(
      entrySheet('movements', 'en', { locations: ['S1'], skus: ['TEA-1'] }),
    );
    expect(created).toBe(false);
    expect(workbook.tables.table.worksheet.active).toBe(true);
  });
});

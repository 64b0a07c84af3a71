import { OfficeMockObject } from 'office-addin-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { columnLetter, readTable, updateCells } from '../../addin/src/office/excel.js';

/*
 * The Office.js edge against office-addin-mock: it checks that the module loads what
 * it reads and syncs before reading, as Excel demands.
 */

function excelWith(table: Record<string, unknown> | null) {
  const mock = new OfficeMockObject({
    context: {
      workbook: {
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
      header: { values: [['Date', 'Type', 'SKU or barcode']] },
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

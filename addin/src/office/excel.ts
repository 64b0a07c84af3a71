/// <reference types="office-js" />
import type { EntrySheet } from '../sheet/entry-sheets.js';
/**
 * The add-in's only Office.js code: tables in, tables out. Everything that decides
 * what goes into a cell lives in `../sheet/` as pure functions.
 */

export interface TableData {
  header: unknown[];
  values: unknown[][];
  text: string[][];
  /** The sheet row number (1-based, as Excel shows it) of the body's first row. */
  firstRow: number;
}

const LIGHT_RED = '#F8D7DA';
const LIGHT_YELLOW = '#FFF3CD';

/** The table's header, values and displayed text, or null when there is no such table. */
export async function readTable(name: string): Promise<TableData | null> {
  return Excel.run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(name);
    await context.sync();
    if (table.isNullObject) return null;
    const header = table.getHeaderRowRange().load(['values', 'rowIndex']);
    const body = table.getDataBodyRange().load(['values', 'text']);
    await context.sync();
    return {
      header: header.values[0] ?? [],
      values: body.values,
      text: body.text,
      firstRow: header.rowIndex + 2,
    };
  });
}

const LISTS_SHEET = 'Inventory lists';
const GREY = '#605E5C';

/**
 * Creates an entry sheet: the hint, the example row, the table's header with drop-down
 * lists (their values on a hidden sheet, so a list may be longer than Excel's 255
 * characters of inline list), and activates it. Answers false when the table exists
 * (then it is only activated).
 */
export async function createEntrySheet(spec: EntrySheet): Promise<boolean> {
  return Excel.run(async (context) => {
    const existing = context.workbook.tables.getItemOrNullObject(spec.table);
    let lists = context.workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
    let target = context.workbook.worksheets.getItemOrNullObject(spec.sheet);
    await context.sync();
    if (!existing.isNullObject) {
      existing.worksheet.activate();
      await context.sync();
      return false;
    }
    if (lists.isNullObject) {
      lists = context.workbook.worksheets.add(LISTS_SHEET);
      lists.visibility = Excel.SheetVisibility.hidden;
    }
    spec.listValues.forEach((l, i) => {
      const letter = columnLetter(i);
      lists.getRange(`${letter}:${letter}`).clear();
      lists.getRange(`${letter}1:${letter}${l.values.length + 1}`).values = [
        [l.title],
        ...l.values.map((v) => [v]),
      ];
    });
    if (target.isNullObject) target = context.workbook.worksheets.add(spec.sheet);
    const last = columnLetter(spec.header.length - 1);
    target.getRange('A1').values = [[spec.hint]];
    const example = target.getRange(`A2:${last}2`);
    example.values = [spec.example];
    example.format.font.italic = true;
    example.format.font.color = GREY;
    const table = target.tables.add(`A3:${last}3`, true);
    table.name = spec.table;
    table.getHeaderRowRange().values = [spec.header];
    for (const col of spec.textColumns)
      table.columns.getItemAt(col).getDataBodyRange().numberFormat = [['@']];
    for (const l of spec.lists) {
      const values = spec.listValues[l.list]!.values;
      if (values.length === 0) continue;
      const letter = columnLetter(l.list);
      const validation = table.columns.getItemAt(l.col).getDataBodyRange().dataValidation;
      validation.clear();
      validation.rule = {
        list: {
          inCellDropDown: true,
          source: `='${LISTS_SHEET}'!$${letter}$2:$${letter}$${values.length + 1}`,
        },
      };
      validation.errorAlert = {
        showAlert: l.strict,
        style: Excel.DataValidationAlertStyle.warning,
        title: spec.listAlert.title,
        message: spec.listAlert.message,
      };
    }
    target.activate();
    await context.sync();
    return true;
  });
}

/** Selects one cell of a table's body (the "go to row" of a problem) and shows its sheet. */
export async function selectCell(name: string, row: number, col: number): Promise<void> {
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(name);
    table.worksheet.activate();
    table.getDataBodyRange().getCell(row, col).select();
    await context.sync();
  });
}

/**
 * Replaces a table's rows, one chunk per sync, reporting progress; stops between
 * chunks when `signal` is aborted (what was written stays).
 */
export async function replaceTable(
  name: string,
  sheetName: string,
  header: string[],
  chunks: ReadonlyArray<Array<Array<string | number>>>,
  options: { onProgress?: (done: number) => void; signal?: AbortSignal; highlight?: number[] } = {},
): Promise<number> {
  return Excel.run(async (context) => {
    const old = context.workbook.tables.getItemOrNullObject(name);
    let sheet = context.workbook.worksheets.getItemOrNullObject(sheetName);
    await context.sync();
    if (!old.isNullObject) old.delete();
    if (sheet.isNullObject) sheet = context.workbook.worksheets.add(sheetName);
    sheet.getRange().clear();
    const table = sheet.tables.add(`A1:${columnLetter(header.length - 1)}1`, true);
    table.name = name;
    table.getHeaderRowRange().values = [header];
    await context.sync();
    let done = 0;
    for (const chunk of chunks) {
      if (options.signal?.aborted) break;
      table.rows.add(undefined, chunk);
      await context.sync();
      done += chunk.length;
      options.onProgress?.(done);
    }
    const body = table.getDataBodyRange();
    for (const row of options.highlight ?? [])
      if (row < done) body.getRow(row).format.fill.color = LIGHT_YELLOW;
    sheet.activate();
    await context.sync();
    return done;
  });
}

export interface CellUpdate {
  row: number;
  col: number;
  value?: string | number;
  /** true: mark as a problem; false: clear the mark. */
  bad?: boolean;
}

/** Writes values and problem marks into a table's body. */
export async function updateCells(name: string, updates: readonly CellUpdate[]): Promise<void> {
  await Excel.run(async (context) => {
    const body = context.workbook.tables.getItem(name).getDataBodyRange();
    for (const u of updates) {
      const cell = body.getCell(u.row, u.col);
      if (u.value !== undefined) cell.values = [[u.value]];
      if (u.bad === true) cell.format.fill.color = LIGHT_RED;
      if (u.bad === false) cell.format.fill.clear();
    }
    await context.sync();
  });
}

/** Hides a column (the idempotency keys) and locks posted rows against editing. */
export async function protectRows(
  name: string,
  hiddenColumn: number,
  lockedRows: readonly number[],
): Promise<void> {
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(name);
    const sheet = table.worksheet;
    sheet.protection.load('protected');
    await context.sync();
    if (sheet.protection.protected) sheet.protection.unprotect();
    table.columns.getItemAt(hiddenColumn).getRange().columnHidden = true;
    sheet.getRange().format.protection.locked = false;
    const body = table.getDataBodyRange();
    for (const row of lockedRows) body.getRow(row).format.protection.locked = true;
    sheet.protection.protect({
      allowInsertRows: true,
      allowFormatCells: true,
      allowAutoFilter: true,
      allowSort: true,
    });
    await context.sync();
  });
}

export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The values of the table row under the user's selection, or null when the selection is elsewhere. */
export async function selectedRow(name: string): Promise<unknown[] | null> {
  return Excel.run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(name);
    const selection = context.workbook.getSelectedRange().load('rowIndex');
    await context.sync();
    if (table.isNullObject) return null;
    const header = table.getHeaderRowRange().load('rowIndex');
    const body = table.getDataBodyRange().load('values');
    await context.sync();
    return body.values[selection.rowIndex - header.rowIndex - 1] ?? null;
  });
}

export interface LineChart {
  title: string;
  /** The first column is the x axis, each other one a line. */
  header: string[];
  /** A null cell is left empty: the line has a gap there. */
  rows: Array<Array<string | number | null>>;
}

/** Writes each series side by side on its own sheet (a blank column between) and draws each as a line chart. */
export async function showLineCharts(sheetName: string, charts: LineChart[]): Promise<void> {
  await Excel.run(async (context) => {
    const old = context.workbook.worksheets.getItemOrNullObject(sheetName);
    await context.sync();
    if (!old.isNullObject) old.delete();
    const sheet = context.workbook.worksheets.add(sheetName);
    let column = 0;
    for (const c of charts) {
      const last = column + c.header.length - 1;
      const range = sheet.getRange(
        `${columnName(column)}1:${columnName(last)}${c.rows.length + 1}`,
      );
      range.values = [c.header, ...c.rows] as unknown as (string | number)[][];
      const chart = sheet.charts.add(Excel.ChartType.line, range, Excel.ChartSeriesBy.columns);
      chart.title.text = c.title;
      column = last + 2;
    }
    sheet.activate();
    await context.sync();
  });
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/*
 * A stand-in for Office.js in the browser tests: `Office.onReady`, `Office.context`
 * and the part of the Excel object model the add-in uses, over an in-memory workbook
 * the test reads and edits through `window.__workbook`. Operations apply at once;
 * `load` and `sync` only keep the Office.js shape.
 */
(() => {
  const tables = new Map();
  const sheets = new Map();
  const workbook = {
    tables,
    sheets,
    charts: [],
    selection: { rowIndex: 0 },
    /** The cell the add-in selected last: { table, row, col } (row in the table's body). */
    selected: null,
    /** Selects a body row of a table. */
    select(name, row) {
      this.selection.rowIndex = (tables.get(name)?.headerRow ?? 0) + row + 1;
    },
    /** A sheet's cells written outside tables (by address), its visibility and validation. */
    sheet(name) {
      const s = sheets.get(name);
      return s && { cells: { ...(s.ranges ?? {}) }, visibility: s.visibility ?? 'Visible' };
    },
    table(name) {
      const t = tables.get(name);
      return (
        t && {
          header: t.header,
          rows: t.rows.map((r) => [...r]),
          fills: { ...t.fills },
          locked: [...t.locked],
          hidden: [...t.hidden],
          sheet: t.sheet,
          headerRow: t.headerRow,
          validation: { ...t.validation },
          numberFormats: { ...t.numberFormats },
        }
      );
    },
    setRows(name, rows) {
      tables.get(name).rows = rows.map((r) => [...r]);
    },
    setCell(name, row, col, value) {
      tables.get(name).rows[row][col] = value;
    },
  };
  window.__workbook = workbook;

  const sheetOf = (name) => {
    if (!sheets.has(name)) sheets.set(name, { name, protected: false });
    const s = sheets.get(name);
    return {
      isNullObject: false,
      name,
      tables: { add: (address, hasHeaders) => newTable(name, address, hasHeaders) },
      set visibility(v) {
        s.visibility = v;
      },
      getRange: (address) => ({
        clear() {
          if (!address) {
            s.ranges = {};
            return;
          }
          if (s.ranges)
            for (const k of Object.keys(s.ranges))
              if (k.startsWith(address.split(':')[0])) delete s.ranges[k];
        },
        format: {
          protection: { set locked(_v) {} },
          font: {
            set italic(v) {
              s.ranges ??= {};
              s.ranges[address] = { ...(s.ranges[address] ?? {}), italic: v };
            },
            set color(_v) {},
          },
        },
        set values(v) {
          s.cells = { address, values: v };
          s.ranges ??= {};
          s.ranges[address] = { ...(s.ranges[address] ?? {}), values: v };
        },
      }),
      delete() {
        sheets.delete(name);
      },
      charts: {
        add(type, _range, seriesBy) {
          const chart = { sheet: name, type, seriesBy, data: s.cells, title: { text: '' } };
          workbook.charts.push(chart);
          return chart;
        },
      },
      activate() {},
      protection: {
        get protected() {
          return s.protected;
        },
        load() {},
        protect() {
          s.protected = true;
        },
        unprotect() {
          s.protected = false;
        },
      },
    };
  };

  function newTable(sheet, address) {
    const columns = address
      .split(':')[1]
      .replace(/\d+/g, '')
      .split('')
      .reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const t = {
      name: '',
      sheet,
      headerRow: Number(/\d+/.exec(address)[0]) - 1,
      validation: {},
      numberFormats: {},
      header: new Array(columns).fill(''),
      rows: [],
      fills: {},
      locked: new Set(),
      hidden: new Set(),
    };
    return proxy(t);
  }

  function body(t) {
    return {
      get values() {
        return t.rows.map((r) => [...r]);
      },
      get text() {
        return t.rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))));
      },
      load() {
        return this;
      },
      getCell(r, c) {
        return {
          select() {
            workbook.selected = { table: t.name, row: r, col: c };
          },
          set values(v) {
            t.rows[r][c] = v[0][0];
          },
          format: {
            fill: {
              set color(v) {
                t.fills[`${r}:${c}`] = v;
              },
              clear() {
                delete t.fills[`${r}:${c}`];
              },
            },
          },
        };
      },
      getRow(r) {
        return {
          format: {
            fill: {
              set color(v) {
                t.fills[`${r}:*`] = v;
              },
            },
            protection: {
              set locked(v) {
                if (v) t.locked.add(r);
              },
            },
          },
        };
      },
    };
  }

  function proxy(t) {
    return {
      isNullObject: false,
      get worksheet() {
        return sheetOf(t.sheet);
      },
      get name() {
        return t.name;
      },
      set name(n) {
        t.name = n;
        tables.set(n, t);
      },
      delete() {
        tables.delete(t.name);
      },
      getHeaderRowRange() {
        return {
          rowIndex: t.headerRow,
          get values() {
            return [t.header];
          },
          set values(v) {
            t.header = [...v[0]];
          },
          load() {
            return this;
          },
        };
      },
      getDataBodyRange: () => body(t),
      rows: {
        add(_index, values) {
          t.rows.push(...values.map((r) => [...r]));
        },
      },
      columns: {
        getItemAt(i) {
          return {
            getDataBodyRange: () => ({
              set numberFormat(v) {
                t.numberFormats[i] = v[0][0];
              },
              dataValidation: {
                clear() {
                  delete t.validation[i];
                },
                set rule(v) {
                  t.validation[i] = { ...(t.validation[i] ?? {}), rule: v };
                },
                set errorAlert(v) {
                  t.validation[i] = { ...(t.validation[i] ?? {}), errorAlert: v };
                },
              },
            }),
            getRange: () => ({
              set columnHidden(v) {
                if (v) t.hidden.add(i);
              },
            }),
          };
        },
      },
    };
  }

  const context = {
    workbook: {
      tables: {
        getItemOrNullObject: (name) =>
          tables.has(name) ? proxy(tables.get(name)) : { isNullObject: true },
        getItem: (name) => proxy(tables.get(name)),
      },
      getSelectedRange: () => ({
        get rowIndex() {
          return workbook.selection.rowIndex;
        },
        load() {
          return this;
        },
      }),
      worksheets: {
        add: (name) => sheetOf(name),
        getItemOrNullObject: (name) => (sheets.has(name) ? sheetOf(name) : { isNullObject: true }),
      },
    },
    sync: async () => {},
  };

  window.Excel = {
    run: async (fn) => fn(context),
    ChartType: { line: 'Line' },
    SheetVisibility: { hidden: 'Hidden', visible: 'Visible' },
    DataValidationAlertStyle: { warning: 'Warning', stop: 'Stop', information: 'Information' },
    ChartSeriesBy: { columns: 'Columns' },
  };

  // Custom functions: Excel would call what the add-in associates; the test calls it.
  const registry = {};
  window.__functions = registry;
  class CustomFunctionsError {
    constructor(code, message) {
      this.code = code;
      this.message = message;
    }
  }
  window.CustomFunctions = {
    associate: (id, fn) => (registry[id] = fn),
    Error: CustomFunctionsError,
    ErrorCode: { notAvailable: '#N/A', invalidValue: '#VALUE!' },
  };
  window.Office = {
    context: {
      displayLanguage: window.__officeLanguage || 'en-US',
      partitionKey: 'test-partition:',
    },
    onReady(callback) {
      const go = () => callback({ host: 'Excel', platform: 'OfficeOnline' });
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go);
      else go();
      return Promise.resolve({ host: 'Excel' });
    },
  };
})();

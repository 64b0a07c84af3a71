import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** `../shared/data/online-retail-france.csv`: a real year of invoice lines (see its README). */
export const SALES_CSV = resolve(
  import.meta.dirname,
  '../../../shared/data/online-retail-france.csv',
);

export interface SaleLine {
  invoice: string;
  sku: string;
  description: string;
  quantity: number;
  at: number;
}

/** Parses the data set's CSV (quoted fields may hold commas). Postage and charges are left out. */
export function readSales(path = SALES_CSV): SaleLine[] {
  const [, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  return lines.flatMap((line) => {
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        fields.push(field);
        field = '';
      } else field += ch;
    }
    fields.push(field);
    const [invoice = '', sku = '', description = '', quantity = '', date = ''] = fields;
    if (!/^\d{5}[A-Za-z]*$/.test(sku)) return [];
    const [d = '', time = '0:00'] = date.split(' ');
    const [month, day, year] = d.split('/').map(Number);
    const [hour, minute] = time.split(':').map(Number);
    return [
      {
        invoice,
        sku,
        description: description.trim(),
        quantity: Number(quantity),
        at: Date.UTC(year!, month! - 1, day!, hour!, minute!),
      },
    ];
  });
}

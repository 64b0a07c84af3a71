import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { isAdmin } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import {
  CSV_ENCODINGS,
  decodeCsv,
  exportCode,
  parseCsv,
  parseLocalTime,
} from '../../domain/csv.js';
import { channels } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { futureToleranceOf, withTransaction, type ServiceContext } from '../context.js';
import { occurredInFuture } from '../../domain/movement.js';
import { forbidden, ServiceError, validationFailed } from '../errors.js';
import { loadChannel } from './channels.js';
import { cancelOrder } from './cancel-order.js';
import { findOrder } from './order-record.js';
import { isSameOrder, orderIdTaken, placeOrder } from './place-order.js';
import { returnOrder } from './return-order.js';
import { shipOrder } from './ship-order.js';
import { shopZone } from '../settings/read-settings.js';

const Column = z.string().min(1).max(200);
const ORDER_STATES = ['paid', 'shipped', 'cancelled', 'returned', 'ignore'] as const;

export const CsvMappingInput = z
  .strictObject({
    /** Column headers, exactly as in the export's first line. */
    orderId: Column,
    productCode: Column,
    quantity: Column,
    status: Column.nullish(),
    time: Column.nullish(),
    /** The export's status texts → what they mean here; a status not listed is an error. */
    statuses: z.record(z.string().max(100), z.enum(ORDER_STATES)).default({}),
    /** Without a `status` column: what every row means (a till's export: `shipped`, sold and gone). */
    defaultStatus: z.enum(['paid', 'shipped']).default('paid'),
    delimiter: z.enum([',', ';', '\t']).nullish(),
    /**
     * The time zone of the `time` column as a fixed offset in minutes east of UTC (480:
     * UTC+8). Unset: the shop's time zone (`GET /settings`), summer time included.
     */
    timezoneOffsetMinutes: z.number().int().min(-720).max(840).nullish(),
    /** How files sent as `csvBase64` are encoded; `auto`: a byte order mark, else valid UTF-8, else GB18030 (GBK). */
    encoding: z.enum(CSV_ENCODINGS).default('auto'),
  })
  .meta({ id: 'CsvMapping' });
export type CsvMappingInput = z.infer<typeof CsvMappingInput>;

export const CsvImportInput = z
  .strictObject({
    /** The file as text (already decoded by the client). */
    csv: z
      .string()
      .min(1)
      .max(10 * 1024 * 1024)
      .optional(),
    /** The file's bytes as base64, as exported (UTF-8 or GBK: see the mapping's `encoding`). */
    csvBase64: z
      .base64()
      .min(1)
      .max(14 * 1024 * 1024)
      .optional(),
  })
  .meta({ id: 'CsvImportInput', description: 'Exactly one of `csv` and `csvBase64`' });
export type CsvImportInput = z.infer<typeof CsvImportInput>;

export const CsvImportResult = z
  .object({
    results: z.array(
      z.object({
        row: z.number().int().describe('Line of the file (the header is line 1)'),
        orderId: z.string().nullable(),
        status: z.enum([
          'held',
          'shipped',
          'cancelled',
          'returned',
          'unchanged',
          'skipped',
          'rejected',
        ]),
        error: z.unknown().optional(),
      }),
    ),
  })
  .meta({ id: 'CsvImportResult' });

type RowResult = {
  row: number;
  orderId: string | null;
  status: 'held' | 'shipped' | 'cancelled' | 'returned' | 'unchanged' | 'skipped' | 'rejected';
  error?: ServiceError;
};

export async function putCsvMapping({
  ctx,
  code,
  input,
}: {
  ctx: ServiceContext;
  code: string;
  input: CsvMappingInput;
}): Promise<CsvMappingInput> {
  if (!isAdmin(ctx.actor) && ctx.actor.role !== 'manager') throw forbidden('admin_or_manager_only');
  return withTransaction(ctx, async (tx) => {
    const channel = await loadChannel(tx, code);
    await tx
      .update(channels)
      .set({ csvMapping: JSON.stringify(input) })
      .where(eq(channels.id, channel.id));
    await audit(tx, ctx, {
      action: 'channel.csv_mapping',
      entity: 'channel',
      entityId: code,
      before: channel.csvMapping ? JSON.parse(channel.csvMapping) : null,
      after: input,
    });
    return input;
  });
}

/**
 * Imports a marketplace's order export: rows grouped by order id, each order brought
 * to the state its rows say (paid → held, shipped, cancelled, returned) through the
 * same services as the API, so every step is idempotent: importing the same file again
 * reports every order `unchanged` and changes nothing. One transaction for the file; an
 * order that cannot be taken (unknown product, not enough stock) is rolled back alone
 * (a savepoint) and its rows report why.
 */
export async function importOrdersCsv({
  ctx,
  code,
  input,
}: {
  ctx: ServiceContext;
  code: string;
  input: CsvImportInput;
}): Promise<{ results: RowResult[] }> {
  return withTransaction(ctx, async (tx) => {
    const channel = await loadChannel(tx, code);
    if (!channel.csvMapping)
      throw validationFailed([
        { path: 'csv', code: 'csv_mapping_missing', params: { channel: code } },
      ]);
    const mapping = CsvMappingInput.parse(JSON.parse(channel.csvMapping));
    const zone = await shopZone(tx.raw);
    const { header, rows } = readExport(input, mapping);
    const column = (name: string | null | undefined, field: string, issues: Issue[]) => {
      if (!name) return undefined;
      const i = header.indexOf(name);
      if (i < 0)
        issues.push({
          path: `mapping.${field}`,
          code: 'csv_column_missing',
          params: { column: name },
        });
      return i;
    };
    const issues: Issue[] = [];
    const col = {
      orderId: column(mapping.orderId, 'orderId', issues),
      productCode: column(mapping.productCode, 'productCode', issues),
      quantity: column(mapping.quantity, 'quantity', issues),
      status: column(mapping.status, 'status', issues),
      time: column(mapping.time, 'time', issues),
    };
    if (issues.length > 0) throw validationFailed(issues);

    const results: RowResult[] = [];
    const orders = new Map<
      string,
      {
        rows: number[];
        lines: Array<{ productCode: string; quantity: number }>;
        state: (typeof ORDER_STATES)[number];
        placedAt?: string | undefined;
      }
    >();
    rows.forEach((cells, i) => {
      const row = i + 2;
      const cell = (index: number | undefined) =>
        index === undefined ? '' : (cells[index] ?? '').trim();
      const order = exportCode(cell(col.orderId));
      const product = exportCode(cell(col.productCode));
      const orderId = order.code;
      const productCode = product.code;
      const quantity = Number(cell(col.quantity).replace(/,/g, ''));
      const statusText = cell(col.status);
      const state = col.status === undefined ? mapping.defaultStatus : mapping.statuses[statusText];
      const timeText = cell(col.time);
      const placedAt = timeText
        ? parseLocalTime(timeText, mapping.timezoneOffsetMinutes ?? zone)
        : undefined;
      const bad: Issue[] = [];
      if (timeText && placedAt === undefined)
        bad.push({
          path: `rows.${row}.${mapping.time}`,
          code: 'invalid_format',
          params: { format: 'YYYY-MM-DD HH:mm[:ss]' },
        });
      const ahead = placedAt
        ? occurredInFuture(
            `rows.${row}.${mapping.time}`,
            Date.parse(placedAt),
            ctx.now(),
            futureToleranceOf(ctx),
          )
        : undefined;
      if (ahead) bad.push(ahead);
      if (!orderId) bad.push({ path: `rows.${row}.${mapping.orderId}`, code: 'required' });
      else if (order.mangled)
        bad.push({
          path: `rows.${row}.${mapping.orderId}`,
          code: 'order_id_mangled',
          params: { value: orderId },
        });
      if (!productCode) bad.push({ path: `rows.${row}.${mapping.productCode}`, code: 'required' });
      else if (product.mangled)
        bad.push({
          path: `rows.${row}.${mapping.productCode}`,
          code: 'product_code_mangled',
          params: { value: productCode },
        });
      if (!Number.isInteger(quantity) || quantity <= 0)
        bad.push({ path: `rows.${row}.${mapping.quantity}`, code: 'quantity_must_be_positive' });
      if (!state)
        bad.push({
          path: `rows.${row}.${mapping.status}`,
          code: 'csv_status_unknown',
          params: { status: statusText },
        });
      if (bad.length > 0) {
        results.push({
          row,
          orderId: (!order.mangled && orderId) || null,
          status: 'rejected',
          error: validationFailed(bad),
        });
        return;
      }
      const entry = orders.get(orderId) ?? { rows: [], lines: [], state: state! };
      entry.rows.push(row);
      entry.lines.push({ productCode, quantity });
      entry.state = state!; // the last row of an order says where it stands
      entry.placedAt ??= placedAt;
      orders.set(orderId, entry);
    });

    for (const [orderId, order] of orders) {
      if (order.state === 'ignore') {
        for (const row of order.rows) results.push({ row, orderId, status: 'skipped' });
        continue;
      }
      await tx.raw.execute('SAVEPOINT csv_order');
      try {
        const status = await bringTo(
          tx,
          ctx,
          code,
          channel.id,
          orderId,
          order.lines,
          order.state,
          order.placedAt,
        );
        await tx.raw.execute('RELEASE csv_order');
        for (const row of order.rows) results.push({ row, orderId, status });
      } catch (error) {
        await tx.raw.execute('ROLLBACK TO csv_order');
        await tx.raw.execute('RELEASE csv_order');
        if (!(error instanceof ServiceError)) throw error;
        const refused = inFileTerms(error, order.rows, mapping);
        for (const row of order.rows)
          results.push({ row, orderId, status: 'rejected', error: refused });
      }
    }
    results.sort((a, b) => a.row - b.row);
    await audit(tx, ctx, {
      action: 'channel.import',
      entity: 'channel',
      entityId: code,
      after: {
        rows: rows.length,
        orders: orders.size,
        rejected: results.filter((r) => r.status === 'rejected').length,
      },
    });
    return { results };
  });
}

/** An order's refusal names the file's row and column (`rows.6.商家编码`), not the API's `lines.0.productCode`. */
function inFileTerms(error: ServiceError, rows: number[], mapping: CsvMappingInput): ServiceError {
  if (error.code !== 'validation_failed' || !Array.isArray(error.details)) return error;
  const columns: Record<string, string> = {
    productCode: mapping.productCode,
    quantity: mapping.quantity,
  };
  return validationFailed(
    (error.details as Issue[]).map((issue) => {
      const m = /^lines\.(\d+)\.(\w+)$/.exec(issue.path);
      const row = m ? rows[Number(m[1])] : undefined;
      return m && row !== undefined
        ? { ...issue, path: `rows.${row}.${columns[m[2]!] ?? m[2]}` }
        : issue;
    }),
  );
}

/**
 * The file's header and rows: `csv` as given, `csvBase64` decoded as the mapping says.
 * A header that names none of the mapping's columns is refused as a whole, with a hint
 * at the encoding: a GBK file read as UTF-8 (or the other way round) matches nothing.
 */
function readExport(
  input: CsvImportInput,
  mapping: CsvMappingInput,
): { header: string[]; rows: string[][] } {
  const given = [input.csv !== undefined, input.csvBase64 !== undefined].filter(Boolean).length;
  if (given !== 1) {
    throw validationFailed([
      given === 0
        ? { path: 'csv', code: 'required' }
        : { path: 'csvBase64', code: 'fields_exclusive', params: { field: 'csv' } },
    ]);
  }
  const wanted = [
    mapping.orderId,
    mapping.productCode,
    mapping.quantity,
    mapping.status,
    mapping.time,
  ].filter((c): c is string => Boolean(c));
  const matches = (header: string[]) => wanted.some((c) => header.includes(c));
  const parse = (text: string) => parseCsv(text, mapping.delimiter ?? undefined);
  if (input.csv !== undefined) {
    const parsed = parse(input.csv);
    if (!matches(parsed.header)) throw headerUnrecognised('csv', 'utf-8', parsed.header);
    return parsed;
  }
  const bytes = Buffer.from(input.csvBase64!, 'base64');
  const decoded = decodeCsv(bytes, mapping.encoding);
  const parsed = parse(decoded.text);
  if (matches(parsed.header)) return parsed;
  if (mapping.encoding === 'auto') {
    // Short GBK text can be valid UTF-8 by chance: try the other reading before refusing.
    const other = parse(decodeCsv(bytes, decoded.encoding === 'utf-8' ? 'gb18030' : 'utf-8').text);
    if (matches(other.header)) return other;
  }
  throw headerUnrecognised('csvBase64', decoded.encoding, parsed.header);
}

function headerUnrecognised(path: string, encoding: string, header: string[]): ServiceError {
  return validationFailed([
    {
      path,
      code: 'csv_header_unrecognised',
      params: {
        encoding: encoding.toUpperCase(),
        header: header.slice(0, 5).join(', ').slice(0, 200),
      },
    },
  ]);
}

/** Takes an order to the state its export rows say, each step idempotent; `unchanged` when nothing was left to do. */
async function bringTo(
  tx: Tx,
  ctx: ServiceContext,
  code: string,
  channelId: number,
  orderId: string,
  lines: Array<{ productCode: string; quantity: number }>,
  state: Exclude<(typeof ORDER_STATES)[number], 'ignore'>,
  placedAt: string | undefined,
): Promise<RowResult['status']> {
  const inner = { ...ctx, tx };
  const existing = await findOrder(tx, channelId, orderId);
  // Rows that differ from the stored order are another order under its id: never "unchanged".
  if (existing && !isSameOrder(existing, lines, placedAt)) throw orderIdTaken(existing, orderId);
  if (state === 'cancelled') {
    const cancelled = await cancelOrder({ ctx: inner, code, orderId });
    return cancelled.replayed ? 'unchanged' : 'cancelled';
  }
  // An order already known (held, shipped, returned) answers its place as a replay.
  const placed = await placeOrder({
    ctx: inner,
    code,
    input: { orderId, lines, ...(placedAt ? { placedAt } : {}) },
  });
  let changed = !placed.replayed;
  if (state === 'paid') return changed ? 'held' : 'unchanged';
  if (placed.status === 'held') {
    const shipped = await shipOrder({ ctx: inner, code, orderId });
    changed = changed || !shipped.replayed;
  }
  if (state === 'shipped') return changed ? 'shipped' : 'unchanged';
  const returned = await returnOrder({ ctx: inner, code, orderId, input: { inspect: false } });
  return changed || !returned.replayed ? 'returned' : 'unchanged';
}

import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { STOCKTAKE_STATUSES, type StocktakeStatus } from '../../domain/documents.js';
import { absE4, fromE4, sumE4, valueE4 } from '../../domain/money.js';
import { accuracy, lineVariance, seesBook } from '../../domain/stocktake.js';
import { items, locations, stocktakeLines, stocktakes, users } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import { stepsOf, type ApprovalSubject, type StepRecord } from '../approvals/engine.js';
import { ApprovalStepDto, toStepDto } from '../approvals/step-dto.js';
import { notFound } from '../errors.js';
import type { LocationRef } from '../refs.js';

export interface StocktakeLineRecord {
  id: number;
  itemId: number;
  sku: string;
  name: string;
  counted: number | null;
  bookAtCount: number | null;
  countedAt: number | null;
  countedBy: string | null;
  /** Fixed on submit; until then computed from the count. */
  variance: number | null;
  /** The cost the line is valued at: fixed on submit, the item's moving average before. */
  unitCostE4: number | null;
}

export interface StocktakeRecord {
  type: 'stocktake_variance';
  id: number;
  location: LocationRef;
  status: StocktakeStatus;
  blind: boolean;
  scope: 'all' | 'list';
  note: string | null;
  version: number;
  requestedBy: number;
  requestedByName: string;
  submittedBy: number | null;
  createdAt: number;
  updatedAt: number;
  submittedAt: number | null;
  postedAt: number | null;
  lines: StocktakeLineRecord[];
  steps: StepRecord[];
}

const requester = alias(users, 'requester');
const counter = alias(users, 'counter');

export async function loadStocktake(q: Queryable, id: number): Promise<StocktakeRecord> {
  const [row] = await q
    .select({ s: stocktakes, code: locations.code, requester: requester.name })
    .from(stocktakes)
    .innerJoin(locations, eq(locations.id, stocktakes.locationId))
    .innerJoin(requester, eq(requester.id, stocktakes.requestedBy))
    .where(eq(stocktakes.id, id));
  if (!row) throw notFound('stocktake', id);
  const lines = await q
    .select({
      id: stocktakeLines.id,
      itemId: stocktakeLines.itemId,
      sku: items.sku,
      name: items.name,
      counted: stocktakeLines.counted,
      bookAtCount: stocktakeLines.bookAtCount,
      countedAt: stocktakeLines.countedAt,
      countedBy: counter.name,
      variance: stocktakeLines.variance,
      unitCostE4: stocktakeLines.unitCostE4,
      avgUnitCostE4: items.avgUnitCostE4,
    })
    .from(stocktakeLines)
    .innerJoin(items, eq(items.id, stocktakeLines.itemId))
    .leftJoin(counter, eq(counter.id, stocktakeLines.countedBy))
    .where(eq(stocktakeLines.stocktakeId, id))
    .orderBy(asc(items.sku));
  const { s } = row;
  const fixed = s.submittedAt !== null && s.status !== 'open';
  return {
    type: 'stocktake_variance',
    id: s.id,
    location: { id: s.locationId, code: row.code, isVirtual: false },
    status: s.status as StocktakeStatus,
    blind: s.blind,
    scope: s.scope,
    note: s.note,
    version: s.version,
    requestedBy: s.requestedBy,
    requestedByName: row.requester,
    submittedBy: s.submittedBy,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    submittedAt: s.submittedAt,
    postedAt: s.postedAt,
    lines: lines.map(({ avgUnitCostE4, ...l }) => ({
      ...l,
      variance: fixed
        ? l.variance
        : l.counted === null || l.bookAtCount === null
          ? null
          : l.counted - l.bookAtCount,
      unitCostE4: fixed ? l.unitCostE4 : avgUnitCostE4,
    })),
    steps: await stepsOf(q, { type: 'stocktake_variance', id }),
  };
}

function counted(
  s: StocktakeRecord,
): Array<StocktakeLineRecord & { counted: number; bookAtCount: number; variance: number }> {
  return s.lines.filter(
    (l): l is StocktakeLineRecord & { counted: number; bookAtCount: number; variance: number } =>
      l.counted !== null && l.bookAtCount !== null && l.variance !== null,
  );
}

/**
 * The stocktake as the approval engine sees it: judged line by line (a level applies
 * when one line's difference is over it), totals as sizes of the differences.
 */
export function stocktakeSubject(s: StocktakeRecord): ApprovalSubject {
  const lines = counted(s).map((l) => ({
    quantity: l.variance,
    valueE4: Number(valueE4(l.variance, l.unitCostE4)),
    percent: lineVariance(l).percent,
  }));
  return {
    type: 'stocktake_variance',
    id: s.id,
    version: s.version,
    status: s.status,
    requestedBy: s.submittedBy ?? s.requestedBy,
    locationIds: [s.location.id],
    quantity: lines.reduce((sum, l) => sum + Math.abs(l.quantity), 0),
    valueE4: Number(sumE4(counted(s).map((l) => absE4(valueE4(l.variance, l.unitCostE4))))),
    lines,
  };
}

const Figure = z.number().int().nullable();

export const StocktakeLineDto = z
  .object({
    sku: z.string(),
    name: z.string(),
    counted: Figure,
    countedAt: z.string().nullable(),
    countedBy: z.string().nullable(),
    book: Figure.describe(
      'On hand when the line was last counted; null before counting, and for counters of a blind stocktake',
    ),
    variance: Figure.describe('counted − book'),
    variancePercent: z
      .number()
      .nullable()
      .describe('variance as a percentage of book; null when book is 0 or hidden'),
    unitCost: z.number().nullable(),
    varianceValue: z.number().nullable(),
  })
  .meta({ id: 'StocktakeLine' });

export const StocktakeDto = z
  .object({
    id: z.number().int(),
    location: z.string(),
    status: z.enum(STOCKTAKE_STATUSES),
    version: z.number().int(),
    blind: z.boolean(),
    scope: z.enum(['all', 'list']),
    note: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: z.string(),
    submittedAt: z.string().nullable(),
    postedAt: z.string().nullable(),
    bookVisible: z
      .boolean()
      .describe('False for counters of a blind stocktake: book figures are null'),
    totals: z.object({
      lines: z.number().int(),
      counted: z.number().int(),
      uncounted: z.number().int(),
      withVariance: z.number().int().nullable(),
      varianceQuantity: z.number().int().nullable().describe('Net: Σ variance'),
      varianceValue: z.number().nullable().describe('Net: Σ variance × unit cost'),
      absoluteVarianceValue: z.number().nullable(),
      accuracyPercent: z
        .number()
        .nullable()
        .describe('Counted lines with no difference, in percent'),
      quantityAccuracyPercent: z
        .number()
        .nullable()
        .describe('1 − Σ|variance| / Σ book, in percent'),
    }),
    lines: z.array(StocktakeLineDto),
    approvals: z.array(ApprovalStepDto),
  })
  .meta({ id: 'Stocktake' });
export type StocktakeDto = z.infer<typeof StocktakeDto>;

/** The stocktake as `actor` may see it: counters of a blind stocktake get no book figures. */
export function toStocktakeDto(s: StocktakeRecord, actor: Pick<Actor, 'role'>): StocktakeDto {
  const visible = seesBook(actor.role, s.blind);
  const done = counted(s);
  const acc = accuracy(done);
  const value = (l: { variance: number; unitCostE4: number | null }) =>
    valueE4(l.variance, l.unitCostE4);
  const hide = <T>(v: T): T | null => (visible ? v : null);
  return {
    id: s.id,
    location: s.location.code,
    status: s.status,
    version: s.version,
    blind: s.blind,
    scope: s.scope,
    note: s.note,
    requestedBy: s.requestedByName,
    createdAt: iso(s.createdAt)!,
    submittedAt: iso(s.submittedAt),
    postedAt: iso(s.postedAt),
    bookVisible: visible,
    totals: {
      lines: s.lines.length,
      counted: done.length,
      uncounted: s.lines.length - done.length,
      withVariance: hide(done.filter((l) => l.variance !== 0).length),
      varianceQuantity: hide(done.reduce((sum, l) => sum + l.variance, 0)),
      varianceValue: hide(fromE4(sumE4(done.map(value)))),
      absoluteVarianceValue: hide(fromE4(sumE4(done.map((l) => absE4(value(l)))))),
      accuracyPercent: hide(acc.lines),
      quantityAccuracyPercent: hide(acc.quantity),
    },
    lines: s.lines.map((l) => {
      const known = l.counted !== null && l.bookAtCount !== null && l.variance !== null;
      return {
        sku: l.sku,
        name: l.name,
        counted: l.counted,
        countedAt: iso(l.countedAt),
        countedBy: l.countedBy,
        book: hide(l.bookAtCount),
        variance: known ? hide(l.variance) : null,
        variancePercent: known
          ? hide(lineVariance({ counted: l.counted!, bookAtCount: l.bookAtCount! }).percent)
          : null,
        unitCost: l.unitCostE4 === null ? null : hide(fromE4(l.unitCostE4)),
        varianceValue: known
          ? hide(fromE4(value({ variance: l.variance!, unitCostE4: l.unitCostE4 })))
          : null,
      };
    }),
    approvals: s.steps.map(toStepDto),
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

import { z } from 'zod';
import { MAX_AMOUNT, toE4 } from '../domain/money.js';
import { RESULT_CODES } from '../domain/codes.js';

/*
 * Field schemas shared by several verbs, so that a sku or a location code is the same
 * thing everywhere (and in the OpenAPI document).
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to refuse control characters
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

/** Free text a person types: a name, a reason. Returned verbatim. */
export const Text = (max: number) => z.string().min(1).max(max).regex(NO_CONTROL_CHARS);

export const Sku = z
  .string()
  .min(1)
  .max(64)
  .regex(/^\S(.*\S)?$/, 'no leading or trailing spaces')
  .regex(NO_CONTROL_CHARS);
export const BarcodeCode = z.string().min(1).max(64).regex(/^\S+$/, 'no spaces');
/** A location code as clients send it; `@…` codes name virtual locations. */
/** A lot code as printed on the pack. */
export const LotCode = z
  .string()
  .min(1)
  .max(64)
  .regex(/^\S(.*\S)?$/, 'no leading or trailing spaces')
  .regex(NO_CONTROL_CHARS);
/** A calendar day, `YYYY-MM-DD`. */
export const IsoDay = z.iso.date();
export const LocationCode = z.string().min(1).max(64).regex(/^\S+$/, 'no spaces');
export const Reference = z.string().max(200).regex(NO_CONTROL_CHARS);
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IdempotencyKey = z.string().min(1).max(200);
export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * An amount of money in currency units: at least 0, at most `max` (by default the
 * largest amount the ledger keeps exactly), at most 4 decimals. Services turn it into
 * 1/10,000 units with `toE4`, which cannot fail on a value this schema accepted.
 */
export const Money = (max: number = MAX_AMOUNT, what = 'Currency units') =>
  z
    .number()
    .min(0)
    .max(max)
    // Only the decimals: a number out of range is reported by min/max alone.
    .refine((v) => Math.abs(v) > MAX_AMOUNT || toE4(v) !== undefined, {
      params: { code: 'at_most_4_decimals' },
    })
    .describe(
      `${what}, at most 4 decimals, at most ${max.toLocaleString('en')}: the ledger keeps money in 1/10,000 units, exact up to ${MAX_AMOUNT.toLocaleString('en')}.`,
    );

/** Query-string numbers arrive as text. */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(RESULT_CODES),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

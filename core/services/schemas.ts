import { z } from 'zod';
import { MAX_AMOUNT, toE4 } from '../domain/money.js';
import { RESULT_CODES } from '../domain/codes.js';

/*
 * Field schemas shared by several verbs, so that a sku or a location code is the same
 * thing everywhere (and in the OpenAPI document).
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to refuse control characters
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

/*
 * Codes and names arrive the way clerks type them: scanners add a newline, pasted
 * cells a space or a tab. Surrounding whitespace (full-width spaces too) is trimmed
 * before any other rule; what is left must not be empty.
 */

/** Free text a person types: a name, a reason. Surrounding whitespace trimmed. */
export const Text = (max: number) => z.string().trim().min(1).max(max).regex(NO_CONTROL_CHARS);

export const Sku = z.string().trim().min(1).max(64).regex(NO_CONTROL_CHARS);
export const BarcodeCode = z.string().trim().min(1).max(64).regex(/^\S+$/, 'no spaces');
/** A lot code as printed on the pack. */
export const LotCode = z.string().trim().min(1).max(64).regex(NO_CONTROL_CHARS);
/** A calendar day, `YYYY-MM-DD`. */
export const IsoDay = z.iso.date();
/** A location code as clients send it; `@…` codes name virtual locations. */
export const LocationCode = z.string().trim().min(1).max(64).regex(/^\S+$/, 'no spaces');

/** What a quantity may look like as text: digits (full-width too), an optional sign, spaces around. */
export const QUANTITY_TEXT = '^\\s*[+\\-－＋]?[0-9０-９]+\\s*$';

/** `１２`, ` 12 `, `"12"` → 12; anything else as it came. */
export function quantityFromText(value: string): number | undefined {
  const ascii = value
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/^[－−]/, '-')
    .replace(/^＋/, '+');
  return /^[+-]?\d+$/.test(ascii) ? Number(ascii) : undefined;
}

/** Number schemas wrapped by `Quantity`, for the OpenAPI document (integer or digit string). */
export const QUANTITY_INPUTS = new WeakMap<z.ZodType, z.ZodNumber>();

/**
 * A quantity of base units as clerks type it: a whole number, or digits as text
 * (`"12"`, full-width `"１２"`, spaces around). `"12件"` and `1.5` are refused with the
 * expected form (`invalid_type`, `expected: 'int'`, the value `given`). `number` holds
 * the bounds (`z.number().int().positive().max(MAX_QUANTITY)`).
 */
export function Quantity(number: z.ZodNumber) {
  const schema = z.preprocess((value, ctx) => {
    if (typeof value === 'string') {
      const parsed = quantityFromText(value);
      if (parsed !== undefined) return parsed;
    }
    if (typeof value === 'string' || (typeof value === 'number' && !Number.isInteger(value))) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'invalid_type', expected: 'int', origin: 'quantity', given: String(value) },
      });
      return z.NEVER;
    }
    return value;
  }, number);
  QUANTITY_INPUTS.set(schema, number);
  return schema;
}
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

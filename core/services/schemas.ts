import { z } from 'zod';

/*
 * Field schemas shared by several verbs, so that a sku or a location code is the same
 * thing everywhere (and in the OpenAPI document).
 */

const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

/** Free text a person types: a name, a reason. Returned verbatim. */
export const Text = (max: number) => z.string().min(1).max(max).regex(NO_CONTROL_CHARS);

export const Sku = z.string().min(1).max(64).regex(/^\S(.*\S)?$/, 'no leading or trailing spaces').regex(NO_CONTROL_CHARS);
export const BarcodeCode = z.string().min(1).max(64).regex(/^\S+$/, 'no spaces');
/** A location code as clients send it; `@…` codes name virtual locations. */
/** A lot code as printed on the pack. */
export const LotCode = z.string().min(1).max(64).regex(/^\S(.*\S)?$/, 'no leading or trailing spaces').regex(NO_CONTROL_CHARS);
/** A calendar day, `YYYY-MM-DD`. */
export const IsoDay = z.iso.date();
export const LocationCode = z.string().min(1).max(64).regex(/^\S+$/, 'no spaces');
export const Reference = z.string().max(200).regex(NO_CONTROL_CHARS);
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IdempotencyKey = z.string().min(1).max(200);
export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Query-string numbers arrive as text. */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

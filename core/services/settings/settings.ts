import { z } from 'zod';
import { isAdmin } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import { canonicalCurrency } from '../../domain/settings.js';
import { canonicalTimeZone } from '../../domain/time.js';
import { audit } from '../audit.js';
import { rawReader, withTransaction, type ServiceContext } from '../context.js';
import { forbidden, staleVersion, validationFailed } from '../errors.js';
import { readSettings, type StoredSettings } from './read-settings.js';
import { rebuildDays, REBUILD_IN_REQUEST_LIMIT, type RebuildResult } from './rebuild-days.js';

export const SettingsDto = z
  .object({
    timeZone: z
      .string()
      .describe(
        'IANA time zone, e.g. `Asia/Shanghai`: every day (per-day figures, reports, alerts, forecasts, CSV times without an offset) is a local date there',
      ),
    currency: z.string().describe('ISO 4217 code money is shown in, e.g. `CNY`'),
    skuCaseInsensitive: z.boolean().describe('Whether sku lookups ignore upper and lower case'),
    version: z.number().int().describe('Send it back with `PUT /settings`'),
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Settings' });
export type SettingsDto = z.infer<typeof SettingsDto>;

export const UpdateSettingsInput = z
  .strictObject({
    /** The version the change was made on: a change over someone else's is refused. */
    version: z.number().int().positive(),
    timeZone: z.string().min(1).max(64).optional(),
    currency: z.string().min(1).max(16).optional(),
    skuCaseInsensitive: z.boolean().optional(),
  })
  .meta({ id: 'UpdateSettingsInput' });
export type UpdateSettingsInput = z.infer<typeof UpdateSettingsInput>;

export const SettingsChange = SettingsDto.extend({
  days: z
    .object({
      rebuilt: z.boolean(),
      movements: z.number().int(),
      command: z.string().optional(),
    })
    .optional()
    .describe(
      `Only when the time zone changed: the per-day figures were rebuilt in the new zone in the same transaction (up to ${REBUILD_IN_REQUEST_LIMIT.toLocaleString('en')} movements), or \`rebuilt: false\` with the command an operator runs to rebuild them`,
    ),
}).meta({ id: 'SettingsChange' });
export type SettingsChange = z.infer<typeof SettingsChange>;

function toDto(s: StoredSettings): SettingsDto {
  return {
    timeZone: s.timeZone,
    currency: s.currency,
    skuCaseInsensitive: s.skuCaseInsensitive,
    version: s.version,
    updatedAt: s.updatedAt === null ? null : new Date(s.updatedAt).toISOString(),
  };
}

export async function getSettings({ ctx }: { ctx: ServiceContext }): Promise<SettingsDto> {
  return toDto(await readSettings(rawReader(ctx)));
}

/**
 * Changes some of the shop's settings (admins). Names the version it was made on, like
 * a document edit. A new time zone rebuilds the per-day figures from the movements in
 * the same transaction when the ledger is small enough; a larger ledger keeps its
 * figures until an operator runs `npm run admin -- rebuild-days` (the answer says so).
 */
export async function updateSettings({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UpdateSettingsInput;
}): Promise<SettingsChange> {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  const issues: Issue[] = [];
  const timeZone = input.timeZone === undefined ? undefined : canonicalTimeZone(input.timeZone);
  if (input.timeZone !== undefined && timeZone === null)
    issues.push({
      path: 'timeZone',
      code: 'unknown_time_zone',
      params: { value: input.timeZone, example: 'Asia/Shanghai' },
    });
  const currency = input.currency === undefined ? undefined : canonicalCurrency(input.currency);
  if (input.currency !== undefined && currency === null)
    issues.push({
      path: 'currency',
      code: 'unknown_currency',
      params: { value: input.currency, example: 'CNY' },
    });
  if (issues.length > 0) throw validationFailed(issues);

  return withTransaction(ctx, async (tx) => {
    const before = await readSettings(tx.raw);
    if (before.version !== input.version)
      throw staleVersion('settings', { status: 'current', version: before.version });
    const after: StoredSettings = {
      timeZone: timeZone ?? before.timeZone,
      currency: currency ?? before.currency,
      skuCaseInsensitive: input.skuCaseInsensitive ?? before.skuCaseInsensitive,
      version: before.version + 1,
      updatedAt: ctx.now(),
    };
    const { rowsAffected } = await tx.raw.execute({
      sql: `INSERT INTO shop_settings (id, time_zone, currency, sku_case_insensitive, version, updated_at, updated_by)
            VALUES (1, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, currency = excluded.currency,
              sku_case_insensitive = excluded.sku_case_insensitive, version = excluded.version,
              updated_at = excluded.updated_at, updated_by = excluded.updated_by
            WHERE shop_settings.version = ?`,
      args: [
        after.timeZone,
        after.currency,
        after.skuCaseInsensitive ? 1 : 0,
        after.version,
        after.updatedAt,
        ctx.actor.id,
        before.version,
      ],
    });
    if (rowsAffected !== 1)
      throw staleVersion('settings', { status: 'current', version: before.version });
    let days: RebuildResult | undefined;
    if (after.timeZone !== before.timeZone)
      days = await rebuildDays(tx.raw, after.timeZone, { limit: REBUILD_IN_REQUEST_LIMIT });
    await audit(tx, ctx, {
      action: 'settings.update',
      entity: 'settings',
      entityId: 'shop',
      before: toDto(before),
      after: { ...toDto(after), ...(days ? { days } : {}) },
    });
    return { ...toDto(after), ...(days ? { days } : {}) };
  });
}

import { z } from 'zod';
import { DEFAULT_RULE } from '../../domain/alerts.js';
import { rawReader, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { RefResolver } from '../refs.js';
import { LocationCode, Sku } from '../schemas.js';
import {
  RULE_FIELDS,
  RULE_SCOPES,
  ruleFieldSql,
  ruleSourceSql,
  type RuleField,
} from './rule-scope.js';

export const EffectiveRuleQuery = z.strictObject({ sku: Sku, location: LocationCode });
export type EffectiveRuleQuery = z.infer<typeof EffectiveRuleQuery>;

const Field = z.object({
  value: z.union([z.number(), z.boolean()]).nullable(),
  from: z
    .enum([...RULE_SCOPES, 'built_in'])
    .nullable()
    .describe(
      "The rule the value comes from: `item_location`, `item`, `location` or `default`; `built_in` for the service's own default; null when nothing sets it",
    ),
});

export const EffectiveRule = z
  .object({
    sku: z.string(),
    location: z.string(),
    fields: z.object(
      Object.fromEntries(RULE_FIELDS.map((f) => [f, Field])) as Record<RuleField, typeof Field>,
    ),
  })
  .meta({
    id: 'EffectiveAlertRule',
    description:
      'The rule that applies to one item at one location, field by field, and where each field comes from',
  });
export type EffectiveRule = z.infer<typeof EffectiveRule>;

/** The resolved rule of one item at one location, with the scope each field came from. */
export async function effectiveRule({
  ctx,
  query,
}: {
  ctx: ServiceContext;
  query: EffectiveRuleQuery;
}): Promise<EffectiveRule> {
  const refs = await new RefResolver(rawReader(ctx)).load({
    skus: [query.sku],
    locations: [query.location],
  });
  const item = refs.item(query.sku);
  if (!item) throw notFound('item', query.sku);
  const location = refs.location(query.location);
  if (!location) throw notFound('location', query.location);
  const { rows } = await rawReader(ctx).execute({
    sql: `SELECT ${RULE_FIELDS.map((f) => `${ruleFieldSql(f, '?1', '?2')} AS "${f}", ${ruleSourceSql(f, '?1', '?2')} AS "${f}_from"`).join(', ')}`,
    args: [item.id, location.id],
  });
  const row = rows[0]!;
  const fields = Object.fromEntries(
    RULE_FIELDS.map((f) => {
      const raw = row[f] as number | null;
      if (raw === null) {
        const builtIn = (DEFAULT_RULE as Partial<Record<RuleField, number | boolean>>)[f];
        return [
          f,
          builtIn === undefined
            ? { value: null, from: null }
            : { value: builtIn, from: 'built_in' },
        ];
      }
      return [
        f,
        {
          value: f === 'zeroStock' ? Boolean(raw) : Number(raw),
          from: row[`${f}_from`] as (typeof RULE_SCOPES)[number],
        },
      ];
    }),
  ) as EffectiveRule['fields'];
  return { sku: item.sku, location: location.code, fields };
}

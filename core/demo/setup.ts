import { putAlertRules, PutAlertRulesInput } from '../services/alerts/alert-rules.js';
import { putPolicies, PutApprovalPoliciesInput } from '../services/approvals/policies.js';
import { upsertItems, UpsertItemsInput } from '../services/items/upsert-items.js';
import { createLocation, CreateLocationInput } from '../services/locations/create-location.js';
import { CreateSupplierInput, createSupplier } from '../services/suppliers/suppliers.js';
import { insertUser } from '../services/users/create-user.js';
import { DEMO_ITEMS, DEMO_LOCATIONS, DEMO_PEOPLE, DEMO_SUPPLIERS, eanFor } from './catalogue.js';
import type { DemoWorld } from './world.js';
import { getSettings, updateSettings } from '../services/settings/settings.js';

/** Units a store sells of an item on an average day. */
export const storeDemand = (perDay: number, traffic: number) => perDay * traffic;
export const STORES = DEMO_LOCATIONS.filter((l) => l.kind === 'store');
const ALL_STORES_TRAFFIC = STORES.reduce((sum, s) => sum + s.traffic, 0);
/** Units the whole shop sells of an item on an average day. */
export const shopDemand = (perDay: number) => perDay * ALL_STORES_TRAFFIC;

/**
 * The shop as its owner sets it up on the first day: the admin, the locations, the
 * staff (with the demo's fixed tokens), suppliers, the catalogue with each item's unit
 * and case barcodes, the min/max rules the add-in's Stock sheet shows, and the
 * approval rules that put documents in the managers' inboxes.
 */
export async function setUpShop(world: DemoWorld, day: number): Promise<void> {
  const when = world.at(day, 9);
  const system = { actor: null, now: () => when, requestId: 'demo-setup', client: 'cli' as const };
  const [owner, ...staff] = DEMO_PEOPLE;
  await world.database.write((tx) =>
    insertUser(tx, system, { name: owner!.name, role: owner!.role, locations: [] }, owner!.token),
  );
  await world.signIn();
  const admin = world.as('admin', when);
  // A shop in Hangzhou: its days are Beijing's.
  const settings = await getSettings({ ctx: admin });
  await updateSettings({
    ctx: admin,
    input: { version: settings.version, timeZone: 'Asia/Shanghai', currency: 'CNY' },
  });
  for (const { code, name, kind } of DEMO_LOCATIONS)
    await createLocation({ ctx: admin, input: CreateLocationInput.parse({ code, name, kind }) });
  await world.database.write(async (tx) => {
    for (const p of staff)
      await insertUser(tx, system, { name: p.name, role: p.role, locations: p.locations }, p.token);
  });
  await world.signIn();

  for (const supplier of DEMO_SUPPLIERS)
    await createSupplier({ ctx: admin, input: CreateSupplierInput.parse(supplier) });
  const results = await upsertItems({
    ctx: admin,
    input: UpsertItemsInput.parse({
      rows: DEMO_ITEMS.map((item, i) => ({
        sku: item.sku,
        name: item.name,
        unit: item.unit,
        barcodes: [eanFor(i + 1), { code: eanFor(i + 1, 1), multiplier: item.caseSize }],
        lotTracked: item.shelfLifeDays !== undefined,
      })),
    }),
  });
  const refused = results.find((r) => r.status === 'rejected');
  if (refused) throw new Error(`demo item ${refused.index} refused`);

  // Stores: alert below 5 days of sales, overstock above 40. The warehouse: below 10 days of the whole shop's sales.
  // Tea lots: an alert 30 days before they expire; 3 refused sales in a day is worth a look.
  const rules = [
    { expiryDays: 30, refusedPerDay: 3 },
    ...DEMO_ITEMS.flatMap((item) => [
      ...STORES.map((s) => ({
        sku: item.sku,
        location: s.code,
        min: Math.max(1, Math.round(storeDemand(item.perDay, s.traffic) * 5)),
        max: Math.max(4, Math.round(storeDemand(item.perDay, s.traffic) * 40)),
        expiryDays: item.shelfLifeDays === undefined ? null : 30,
      })),
      {
        sku: item.sku,
        location: 'W1',
        min: Math.max(2, Math.round(shopDemand(item.perDay) * 10)),
        expiryDays: item.shelfLifeDays === undefined ? null : 30,
      },
    ]),
  ];
  await putAlertRules({ ctx: admin, input: PutAlertRulesInput.parse({ rules }) });

  // Transfers of 100 units or more need the store manager; orders over ¥5,000 the
  // warehouse manager, over ¥20,000 the owner too.
  await putPolicies({
    ctx: admin,
    input: PutApprovalPoliciesInput.parse({
      policies: [
        { documentType: 'transfer', levels: [{ minQuantity: 100, role: 'manager' }] },
        {
          documentType: 'purchase_order',
          levels: [
            { minValue: 5000, role: 'manager' },
            { minValue: 20000, role: 'admin' },
          ],
        },
      ],
    }),
  });
}

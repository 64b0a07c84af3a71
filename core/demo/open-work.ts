import {
  ChannelInput,
  ListingsInput,
  putChannel,
  putListings,
} from '../services/channels/channels.js';
import { placeOrder, PlaceOrderInput } from '../services/channels/place-order.js';
import { shipOrder } from '../services/channels/ship-order.js';
import { createTransfer, CreateTransferInput } from '../services/transfers/create-transfer.js';
import { DEMO_ITEMS } from './catalogue.js';
import type { Random } from './random.js';
import { DAY_MS, type DemoWorld } from './world.js';

const MINUTE_MS = 60_000;

/**
 * What waits on the morning the demo opens: transfers and purchase orders in the
 * managers' and the owner's inboxes, a transfer on the road, a marketplace with
 * orders held and shipped.
 */
export async function openWork(
  world: DemoWorld,
  rng: Random,
  forgotten: readonly string[],
): Promise<void> {
  const ago = (minutes: number) => world.now - minutes * MINUTE_MS;

  // Two stores ask for more than 100 units: the store manager must approve.
  await createTransfer({
    ctx: world.as('李娜', ago(130)),
    input: CreateTransferInput.parse({
      from: 'W1',
      to: 'S1',
      note: '周末活动备货',
      lines: [
        { sku: 'LJ-100', quantity: 60 },
        { sku: 'MLH-100', quantity: 40 },
        { sku: 'GW-WHITE', quantity: 12 },
      ],
    }),
  });
  await createTransfer({
    ctx: world.as('陈静', ago(45)),
    input: CreateTransferInput.parse({
      from: 'W1',
      to: 'S3',
      note: '补货',
      lines: [
        { sku: 'PE-XG-10', quantity: 30 },
        { sku: 'MDC-20', quantity: 50 },
        { sku: 'GHWL-100', quantity: 30 },
      ],
    }),
  });
  // A small one, under the approval threshold: approved at once and shipped, arriving later today.
  await world.requestTransfer(
    'W1',
    'S2',
    [
      { sku: 'AJBC-100', quantity: 8 },
      { sku: 'BLB-400', quantity: 6 },
    ],
    ago(200),
    '临时补货',
  );

  // The forgotten items: an order the warehouse manager has to approve…
  const costOf = new Map(DEMO_ITEMS.map((i) => [i.sku, i]));
  const lines = forgotten.map((sku) => ({
    sku,
    quantity:
      Math.ceil(12_000 / forgotten.length / costOf.get(sku)!.cost / costOf.get(sku)!.caseSize) *
      costOf.get(sku)!.caseSize,
  }));
  for (const supplier of new Set(forgotten.map((sku) => costOf.get(sku)!.supplier))) {
    await world.orderStock(
      supplier,
      lines.filter((l) => costOf.get(l.sku)!.supplier === supplier),
      ago(90),
      false,
    );
  }
  // …and a big pu'er order the warehouse manager approved, now waiting for the owner.
  const puer = DEMO_ITEMS.filter((i) => i.supplier === 2).map((i) => ({
    sku: i.sku,
    quantity: i.caseSize * 20,
  }));
  const big = await world.orderStock(2, puer, ago(300), false);
  await world.approvePurchaseOrderStep(big, '张伟', ago(240));

  // The marketplace shop sells from the warehouse: 80 % of its stock, never the last two.
  const admin = world.as('admin', ago(600));
  await putChannel({
    ctx: admin,
    input: ChannelInput.parse({
      code: 'taobao',
      name: '淘宝旗舰店',
      kind: 'marketplace',
      locations: ['W1'],
      percent: 80,
      safetyFloor: 2,
    }),
  });
  const listed = DEMO_ITEMS.filter((i) => i.perDay >= 1.5);
  await putListings({
    ctx: admin,
    code: 'taobao',
    input: ListingsInput.parse({
      listings: [
        ...listed.map((i, n) => ({ productCode: `TB-${6100 + n}`, sku: i.sku })),
        {
          productCode: 'TB-GIFT-LJ',
          parts: [
            { sku: 'LJ-100', quantity: 2 },
            { sku: 'GW-WHITE', quantity: 1 },
          ],
        },
      ],
    }),
  });
  for (let n = 0; n < 8; n++) {
    const listing = n === 3 ? 'TB-GIFT-LJ' : `TB-${6100 + rng.int(0, listed.length - 1)}`;
    const placedAt = ago(480 - n * 50);
    const orderId = `TB${20_000_000 + Math.floor((world.now - world.dayZero) / DAY_MS) * 100 + n}`;
    const ctx = world.as('赵磊', placedAt + MINUTE_MS);
    await placeOrder({
      ctx,
      code: 'taobao',
      input: PlaceOrderInput.parse({
        orderId,
        lines: [{ productCode: listing, quantity: rng.int(1, 2) }],
        placedAt: new Date(placedAt).toISOString(),
      }),
    });
    // The morning's orders have left; the later ones are held, waiting to be packed.
    if (n < 3) await shipOrder({ ctx: world.as('赵磊', ago(120)), code: 'taobao', orderId });
  }
}

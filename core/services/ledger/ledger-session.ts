import { failpoint } from '../../db/failpoints.js';
import { localDay } from '../../domain/time.js';
import { availableOf, mayLeaveQuarantine } from '../../domain/stock.js';
import { metrics } from '../../observability/metrics.js';
import { evaluateAlerts, type BalanceChange } from '../alerts/evaluate-alerts.js';
import { foldCosts } from './costs.js';
import { recordDayStats } from './day-stats.js';
import type { Tx } from '../../db/types.js';
import { ServiceError } from '../errors.js';
import { audit } from '../audit.js';
import { shopZone } from '../settings/read-settings.js';
import { expireDueHolds } from './holds.js';
import { LotLedger, lotExpired } from './lot-ledger.js';
import type { ItemRef, LocationRef } from '../refs.js';
import {
  insufficientStock,
  locationQuarantined,
  placeholders,
  type PostedMovement,
  type Posting,
  type PostingContext,
} from './posting.js';

interface BalanceState {
  itemId: number;
  locationId: number;
  sku: string;
  code: string;
  isVirtual: boolean;
  /** A quarantine: on hand, never available (core/domain/stock.ts). */
  quarantined: boolean;
  /** As loaded, for the alert rules (before → after). */
  start: { onHand: number; available: number };
  /** Outgoing movements with what was on hand before each, for the anomaly rules. */
  outflows: Array<{ quantity: number; onHandBefore: number }>;
  /** The day of the last change (of its movement's occurredAt). */
  day: number;
  touched: boolean;
  onHand: number;
  /** Reserved as of now: holds past their expiry no longer count. */
  reserved: number;
  /** Quantity of holds past expiry, still stored as reserved until flushed. */
  due: number;
  deltaOnHand: number;
  deltaReserved: number;
}

/** Rows per multi-row statement: 13 columns × 200 stays far below SQLite's parameter limit. */
const CHUNK = 200;

/** What one flush wrote, as the effects that follow it read it. */
interface Flushed {
  tx: Tx;
  ctx: PostingContext;
  zone: string;
  posted: readonly PostedMovement[];
  /** The store and warehouse balances it changed: before and after, available by the one rule. */
  changes: ReadonlyArray<BalanceChange & { quarantined: boolean; quiet: boolean }>;
}

/**
 * What follows every flush, in this order, in the same transaction, once the movements,
 * balances and lots are written. A new consequence of posting is one more entry here.
 */
const AFTER_FLUSH: ReadonlyArray<{ name: string; run: (f: Flushed) => Promise<void> }> = [
  {
    name: 'day figures',
    run: ({ tx, posted, zone }) => recordDayStats(tx, posted, zone),
  },
  {
    name: 'unreferenced returns audited',
    run: ({ tx, ctx, posted }) =>
      audit(
        tx,
        {
          actor: { id: ctx.actorId },
          now: () => ctx.now,
          requestId: ctx.requestId,
          client: ctx.client,
        },
        posted.flatMap((m) =>
          m.unreferenced
            ? [
                {
                  action: 'return.unreferenced',
                  entity: 'movement',
                  entityId: m.seq,
                  after: {
                    sku: m.item.sku,
                    location: m.target.code,
                    quantity: m.quantity,
                    unreferenced: true,
                    ...(m.document ? { document: m.document } : {}),
                  },
                },
              ]
            : [],
        ),
      ),
  },
  {
    // A quarantine is never alerted on: nothing there is for sale; nor is an item being merged away.
    name: 'alerts',
    run: ({ tx, ctx, changes }) =>
      evaluateAlerts(
        tx,
        { now: ctx.now, requestId: ctx.requestId },
        changes.filter((c) => !c.quarantined && !c.quiet),
      ),
  },
  {
    name: 'metrics',
    run: async ({ posted }) => {
      for (const m of posted) metrics.postings.inc({ type: m.type });
    },
  },
];

/**
 * The write path of the ledger, for one transaction.
 *
 * `load` reads the balances a request will touch (one query per 300 pairs). `post`,
 * `hold` and `release` then check each change against those figures, in order, and
 * either refuse it (`insufficient_stock`, nothing recorded) or apply it in memory.
 * `flush` writes the movements and the net balance changes with a few multi-row
 * statements. A 10,000-row batch is thus ~60 statements instead of 30,000; libSQL
 * prepares every statement afresh, so statement count is what costs.
 *
 * Why this is as safe as a guarded `UPDATE … WHERE on_hand - reserved >= q`: the
 * session lives inside a write transaction, which SQLite begins IMMEDIATE, so no
 * other writer (in this process or any other) can change a balance between `load`
 * and `flush`. The CHECK constraints on `balances` (0 ≤ reserved ≤ on hand for
 * internal locations) remain the database's own guard: a bug here aborts the
 * transaction instead of overselling.
 */

export class LedgerSession {
  readonly #tx: Tx;
  readonly #ctx: PostingContext;
  readonly #actorId: number;
  readonly #now: number;
  readonly #balances = new Map<string, BalanceState>();
  readonly #pending: Posting[] = [];
  readonly #quiet = new Set<number>();
  readonly #lots: LotLedger;
  /** The shop's time zone, read once per session (its transaction) by the first `load`. */
  #zone: string | undefined;

  constructor(tx: Tx, ctx: PostingContext) {
    this.#tx = tx;
    this.#ctx = ctx;
    this.#actorId = ctx.actorId;
    this.#now = ctx.now;
    this.#lots = new LotLedger(tx, ctx.now);
  }

  /** Reads the balances of these (item, location) pairs, if not read already. */
  async load(pairs: Iterable<{ item: ItemRef; location: LocationRef }>): Promise<this> {
    this.#zone ??= await shopZone(this.#tx.raw);
    const zone = this.#zone;
    const wanted = new Map<string, { itemId: number; sku: string; location: LocationRef }>();
    const pairsList = [...pairs];
    for (const { item, location } of pairsList) {
      const key = balanceKey(item.id, location.id);
      if (!this.#balances.has(key)) wanted.set(key, { itemId: item.id, sku: item.sku, location });
    }
    const list = [...wanted.values()];
    const quarantines = new Set<number>();
    const locationIds = [...new Set(list.map((p) => p.location.id))];
    for (let i = 0; i < locationIds.length; i += CHUNK) {
      const chunk = locationIds.slice(i, i + CHUNK);
      const { rows } = await this.#tx.raw.execute({
        sql: `SELECT id FROM locations WHERE kind = 'quarantine' AND id IN (${chunk.map(() => '?').join(', ')})`,
        args: chunk,
      });
      for (const r of rows) quarantines.add(Number(r['id']));
    }
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      const { rows } = await this.#tx.raw.execute({
        sql: `SELECT b.item_id, b.location_id, b.on_hand, b.reserved,
                coalesce((SELECT sum(r.quantity) FROM reservations r
                   WHERE r.item_id = b.item_id AND r.location_id = b.location_id AND r.status = 'pending'
                     AND r.expires_at IS NOT NULL AND r.expires_at <= ?), 0) AS due
              FROM balances b WHERE (b.item_id, b.location_id) IN (VALUES ${placeholders(chunk.length, 2)})`,
        args: [this.#now, ...chunk.flatMap((p) => [p.itemId, p.location.id])],
      });
      const found = new Map(
        rows.map((r) => [balanceKey(r['item_id'] as number, r['location_id'] as number), r]),
      );
      for (const p of chunk) {
        const key = balanceKey(p.itemId, p.location.id);
        const row = found.get(key);
        const due = (row?.['due'] as number | undefined) ?? 0;
        const onHand = (row?.['on_hand'] as number | undefined) ?? 0;
        const reserved = ((row?.['reserved'] as number | undefined) ?? 0) - due;
        this.#balances.set(key, {
          itemId: p.itemId,
          locationId: p.location.id,
          sku: p.sku,
          code: p.location.code,
          isVirtual: p.location.isVirtual,
          quarantined: quarantines.has(p.location.id),
          start: { onHand, available: onHand - reserved },
          outflows: [],
          day: localDay(this.#now, zone),
          touched: false,
          onHand,
          reserved,
          due,
          deltaOnHand: 0,
          deltaReserved: 0,
        });
      }
    }
    await this.#lots.load([...pairsList], zone);
    // Alerts judge what can be sold: the rule of available, expired lots and quarantine left out.
    for (const key of wanted.keys()) {
      const b = this.#balances.get(key)!;
      b.start = { onHand: b.onHand, available: this.#sellableOf(b) };
    }
    return this;
  }

  /** No alerts are evaluated for this item's balances (an item being merged away). */
  withoutAlertsFor(itemId: number): this {
    this.#quiet.add(itemId);
    return this;
  }

  /**
   * What can be promised from an internal balance: the one rule of available
   * (`availableOf`, core/domain/stock.ts): on hand, less holds in force, less stock in
   * expired lots; nothing in a quarantine.
   */
  sellable(item: ItemRef, location: LocationRef): number {
    return this.#sellableOf(this.#state(item, location));
  }

  #sellableOf(b: BalanceState): number {
    if (b.isVirtual) return b.onHand - b.reserved;
    const item = { id: b.itemId, sku: b.sku };
    const location = { id: b.locationId, code: b.code, isVirtual: b.isVirtual };
    return availableOf({
      onHand: b.onHand,
      reserved: b.reserved,
      expired: this.#lots.expiredOnHand(item, location),
      quarantined: b.quarantined,
    });
  }

  /** What can still be taken from an internal balance. */
  available(item: ItemRef, location: LocationRef): number {
    const b = this.#state(item, location);
    return b.onHand - b.reserved;
  }

  /**
   * Queues a movement, or throws `insufficient_stock` having changed nothing. The
   * source and target balances must have been loaded.
   */
  post(posting: Posting): void {
    const source = this.#state(posting.item, posting.source);
    const target = this.#state(posting.item, posting.target);
    const q = posting.quantity;
    if (source.quarantined && !mayLeaveQuarantine(posting.type, posting.document))
      throw locationQuarantined(posting.item, posting.source);
    if (!posting.source.isVirtual) {
      if (posting.consumesReserved !== undefined) {
        if (source.reserved < posting.consumesReserved || source.onHand < q) {
          throw new Error(
            `hold of ${posting.consumesReserved} is not reserved on ${posting.item.sku}@${posting.source.code}`,
          );
        }
      } else if (source.onHand - source.reserved < q) {
        throw insufficientStock(posting.item, posting.source, q, source.onHand - source.reserved);
      }
    }
    // Figures stay exact JavaScript integers (and within the CHECK on balances).
    if (!Number.isSafeInteger(target.onHand + q) || !Number.isSafeInteger(source.onHand - q)) {
      throw new ServiceError('quantity_limit_exceeded', {
        details: { sku: posting.item.sku, location: posting.target.code },
      });
    }
    // Every check (the lots' too) passes before anything changes.
    const lots = this.#lots.split(posting);
    if (lots) this.#lots.apply(posting, lots);
    if (posting.consumesReserved !== undefined) this.#change(source, 0, -posting.consumesReserved);
    if (!source.isVirtual) source.outflows.push({ quantity: q, onHandBefore: source.onHand });
    source.day = target.day = localDay(posting.occurredAt, this.#zone!);
    this.#change(source, -q, 0);
    this.#change(target, q, 0);
    this.#pending.push(lots ? { ...posting, lots } : posting);
  }

  /** Lot-tracked items need a lot on every receipt: callers check before posting. */
  isLotTracked(item: ItemRef): boolean {
    return this.#lots.isTracked(item);
  }

  /** reserved += quantity if that much is available, else `insufficient_stock`. */
  hold(item: ItemRef, location: LocationRef, quantity: number): void {
    const b = this.#state(item, location);
    if (b.quarantined) throw locationQuarantined(item, location);
    if (b.onHand - b.reserved < quantity)
      throw insufficientStock(item, location, quantity, b.onHand - b.reserved);
    // Lot-tracked: expired lots are on hand but cannot be sold, so they cannot be held.
    const sellable = this.#sellableOf(b);
    if (sellable < quantity)
      throw lotExpired(
        { item, source: location },
        this.#lots.expiredLots(item, location),
        sellable,
      );
    this.#change(b, 0, quantity);
  }

  release(item: ItemRef, location: LocationRef, quantity: number): void {
    this.#change(this.#state(item, location), 0, -quantity);
  }

  /**
   * Writes everything queued: expires the holds found due, appends the movements
   * (their seqs are assigned in the order they were posted) and applies each
   * balance's net change. Returns the posted movements in posting order.
   */
  async flush(): Promise<PostedMovement[]> {
    for (const b of this.#balances.values()) {
      if (b.due > 0) {
        await expireDueHolds(this.#tx, b.itemId, b.locationId, {
          actor: null,
          now: () => this.#now,
          requestId: this.#ctx.requestId,
          client: 'system',
        });
        b.due = 0;
      }
    }
    const pending = this.#pending.splice(0);
    // Before the balances change: the average weighs what was owned before each receipt.
    await foldCosts(this.#tx.raw, pending);
    const posted = await this.#insertMovements(pending);
    await failpoint('ledger.flush');
    await this.#writeBalances();
    await this.#lots.flush(posted);
    const changes = [...this.#balances.values()].filter((b) => b.touched && !b.isVirtual);
    const flushed: Flushed = {
      tx: this.#tx,
      ctx: this.#ctx,
      zone: this.#zone ?? (await shopZone(this.#tx.raw)),
      posted,
      changes: changes.map((b) => ({
        item: { id: b.itemId, sku: b.sku },
        location: { id: b.locationId, code: b.code },
        before: b.start,
        after: { onHand: b.onHand, available: this.#sellableOf(b) },
        outflows: b.outflows,
        day: b.day,
        quarantined: b.quarantined,
        quiet: this.#quiet.has(b.itemId),
      })),
    };
    for (const effect of AFTER_FLUSH) await effect.run(flushed);
    for (const b of changes) {
      b.start = { onHand: b.onHand, available: this.#sellableOf(b) };
      b.outflows = [];
      b.touched = false;
    }
    return posted;
  }

  async #insertMovements(postings: Posting[]): Promise<PostedMovement[]> {
    const posted: PostedMovement[] = [];
    for (let i = 0; i < postings.length; i += CHUNK) {
      const chunk = postings.slice(i, i + CHUNK);
      const result = await this.#tx.raw.execute({
        sql: `INSERT INTO movements (type, item_id, source_id, target_id, quantity, occurred_at, posted_at, actor_id,
                reason, reference, reservation_id, reverses_seq, request_id, client, document_type, document_id,
                unit_cost_e4) VALUES ${placeholders(chunk.length, 17)}`,
        args: chunk.flatMap((p) => [
          p.type,
          p.item.id,
          p.source.id,
          p.target.id,
          p.quantity,
          p.occurredAt,
          this.#now,
          this.#actorId,
          p.reason ?? null,
          p.reference ?? null,
          p.reservationId ?? null,
          p.reversesSeq ?? null,
          this.#ctx.requestId,
          this.#ctx.client,
          p.document?.type ?? null,
          p.document?.id ?? null,
          p.unitCostE4 ?? null,
        ]),
      });
      // One INSERT under the write lock gives its rows consecutive seqs in VALUES
      // order (AUTOINCREMENT: each is the largest so far + 1), ending at the last rowid.
      const last = Number(result.lastInsertRowid);
      chunk.forEach((p, j) =>
        posted.push({
          ...p,
          seq: last - chunk.length + 1 + j,
          postedAt: this.#now,
          actorId: this.#actorId,
        }),
      );
    }
    return posted;
  }

  async #writeBalances(): Promise<void> {
    const changed = [...this.#balances.values()].filter(
      (b) => b.deltaOnHand !== 0 || b.deltaReserved !== 0,
    );
    for (let i = 0; i < changed.length; i += CHUNK) {
      const chunk = changed.slice(i, i + CHUNK);
      // Final figures, not deltas: SQLite checks the CHECK constraints on the row to
      // insert before it finds the conflict, so a delta row (-30) would fail. They
      // were computed from this transaction's own reads under the write lock.
      await this.#tx.raw.execute({
        sql: `INSERT INTO balances (item_id, location_id, is_virtual, on_hand, reserved) VALUES ${placeholders(chunk.length, 5)}
              ON CONFLICT (item_id, location_id) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved`,
        args: chunk.flatMap((b) => [
          b.itemId,
          b.locationId,
          b.isVirtual ? 1 : 0,
          b.onHand,
          b.reserved,
        ]),
      });
    }
    for (const b of changed) {
      b.deltaOnHand = 0;
      b.deltaReserved = 0;
    }
  }

  #state(item: ItemRef, location: LocationRef): BalanceState {
    const b = this.#balances.get(balanceKey(item.id, location.id));
    if (!b) throw new Error(`balance ${item.sku}@${location.code} was not loaded`);
    return b;
  }

  #change(b: BalanceState, onHand: number, reserved: number): void {
    b.touched = true;
    b.onHand += onHand;
    b.reserved += reserved;
    b.deltaOnHand += onHand;
    b.deltaReserved += reserved;
  }
}

function balanceKey(itemId: number, locationId: number): string {
  return `${itemId}:${locationId}`;
}

/** Posts a single movement on a transaction: load, check, flush. */
export async function postOne(
  tx: Tx,
  ctx: PostingContext,
  posting: Posting,
): Promise<PostedMovement> {
  const session = await new LedgerSession(tx, ctx).load([
    { item: posting.item, location: posting.source },
    { item: posting.item, location: posting.target },
  ]);
  session.post(posting);
  const [posted] = await session.flush();
  return posted!;
}

/** Posts movements on a transaction in one session: load both ends of each, check in order, flush. */
export async function postAll(
  tx: Tx,
  ctx: PostingContext,
  postings: readonly Posting[],
): Promise<PostedMovement[]> {
  const session = await new LedgerSession(tx, ctx).load(
    postings.flatMap((p) => [
      { item: p.item, location: p.source },
      { item: p.item, location: p.target },
    ]),
  );
  for (const p of postings) session.post(p);
  return session.flush();
}

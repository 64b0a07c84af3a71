import type { ServiceContext } from '../../core/services/context.js';
import { ServiceError } from '../../core/services/errors.js';
import { createItem } from '../../core/services/items/create-item.js';
import { createLocation } from '../../core/services/locations/create-location.js';
import { MovementInput } from '../../core/services/movements/prepare-movement.js';
import { postMovement } from '../../core/services/movements/post-movement.js';
import { getStock } from '../../core/services/stock/get-stock.js';
import { bootstrapAdmin } from '../../core/services/users/bootstrap-admin.js';
import { createUser, CreateUserInput } from '../../core/services/users/create-user.js';
import { tempDatabase, type TempDatabase } from './temp-db.js';

/**
 * A shop on a real temp-file database for service-level tests: the services are
 * called directly (no HTTP), as the admin, on a clock the test moves.
 */
export interface ServiceWorld {
  temp: TempDatabase;
  clock: { now: number };
  ctx: ServiceContext;
  /** Receives `quantity` of `sku` at `location`. */
  receive(sku: string, location: string, quantity: number): Promise<void>;
  /** Sells (issues) from `location`; the movement's id. */
  sell(sku: string, location: string, quantity: number): Promise<number>;
  available(sku: string, location: string): Promise<number>;
  /** A new user's context (same clock and database). */
  as(role: 'clerk' | 'manager' | 'admin', name: string): Promise<ServiceContext>;
  cleanup(): Promise<void>;
}

export async function serviceWorld(
  shape: { locations?: Array<[string, 'store' | 'warehouse']>; items?: string[] } = {},
): Promise<ServiceWorld> {
  const temp = await tempDatabase();
  await bootstrapAdmin(temp.database, 'service-token-1');
  const clock = { now: Date.parse('2026-11-02T02:00:00Z') };
  const ctx: ServiceContext = {
    database: temp.database,
    actor: { id: 1, name: 'admin', role: 'admin', locationIds: null },
    requestId: 'service-test',
    client: 'api',
    now: () => clock.now,
  };
  for (const [code, kind] of shape.locations ?? [
    ['W1', 'warehouse'],
    ['S1', 'store'],
  ])
    await createLocation({ ctx, input: { code, name: `Shop ${code}`, kind } });
  for (const sku of shape.items ?? ['TEA'])
    await createItem({
      ctx,
      input: { sku, name: `Item ${sku}`, unit: 'pcs', barcodes: [], lotTracked: false },
    });
  const post = (input: Record<string, unknown>) =>
    postMovement({ ctx, input: MovementInput.parse(input) });
  return {
    temp,
    clock,
    ctx,
    async receive(sku, location, quantity) {
      await post({ type: 'receipt', sku, location, quantity });
    },
    async sell(sku, location, quantity) {
      return (await post({ type: 'issue', sku, location, quantity })).id;
    },
    async available(sku, location) {
      return (await getStock({ ctx, sku, location })).available;
    },
    async as(role, name) {
      const u = await createUser({ ctx, input: CreateUserInput.parse({ name, role }) });
      return { ...ctx, actor: { id: u.id, name: u.name, role, locationIds: null } };
    },
    cleanup: () => temp.cleanup(),
  };
}

/** The ServiceError a call is refused with (fails the test when it is not refused). */
export async function refusal(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

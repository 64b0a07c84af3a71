import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  putPolicies,
  PutApprovalPoliciesInput,
} from '../../../core/services/approvals/policies.js';
import type { ServiceContext } from '../../../core/services/context.js';
import {
  createTransfer,
  CreateTransferInput,
} from '../../../core/services/transfers/create-transfer.js';
import { decideTransfer } from '../../../core/services/transfers/decide-transfer.js';
import { getTransfer } from '../../../core/services/transfers/list-transfers.js';
import {
  ReceiveLinesInput,
  receiveTransfer,
} from '../../../core/services/transfers/receive-transfer.js';
import { shipTransfer, ShipTransferInput } from '../../../core/services/transfers/ship-transfer.js';
import { cancelTransfer } from '../../../core/services/transfers/transfer-lifecycle.js';
import { refusal, serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/* The rules transfers/ owns, called directly: holds, approval, shipping, receiving, their states. */
let w: ServiceWorld;
let manager: ServiceContext;
beforeAll(async () => {
  w = await serviceWorld();
  manager = await w.as('manager', 'Wang Fang');
  await w.receive('TEA', 'W1', 20);
});
afterAll(() => w.cleanup());

const request = (quantity: number, submit = true) =>
  CreateTransferInput.parse({ from: 'W1', to: 'S1', lines: [{ sku: 'TEA', quantity }], submit });

describe('transfers', () => {
  it('hold their stock at the source from the start, and move it through transit on ship and receive', async () => {
    const t = await createTransfer({ ctx: w.ctx, input: request(5) });
    expect(t.status).toBe('approved');
    expect(await w.available('TEA', 'W1')).toBe(15);
    const shipped = await shipTransfer({
      ctx: w.ctx,
      id: t.id,
      input: ShipTransferInput.parse({}),
    });
    expect(shipped.status).toBe('in_transit');
    const part = await receiveTransfer({
      ctx: w.ctx,
      id: t.id,
      input: ReceiveLinesInput.parse({ lines: [{ sku: 'TEA', quantity: 2 }] }),
    });
    expect(part.status).toBe('partially_received');
    expect(await w.available('TEA', 'S1')).toBe(2);
    const all = await receiveTransfer({
      ctx: w.ctx,
      id: t.id,
      input: ReceiveLinesInput.parse({ lines: [{ sku: 'TEA', quantity: 3 }] }),
    });
    expect(all.status).toBe('received');
    expect(await w.available('TEA', 'S1')).toBe(5);
  });

  it('refuse what their state machine does not allow, naming the state', async () => {
    const t = await createTransfer({ ctx: w.ctx, input: request(1) });
    await shipTransfer({ ctx: w.ctx, id: t.id, input: ShipTransferInput.parse({}) });
    const e = await refusal(cancelTransfer({ ctx: w.ctx, id: t.id }));
    expect(e).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'transfer', status: 'in_transit' },
    });
  });

  it('refuse a change made on a version someone else has changed since', async () => {
    const t = await createTransfer({ ctx: w.ctx, input: request(1) });
    const e = await refusal(
      shipTransfer({
        ctx: w.ctx,
        id: t.id,
        input: ShipTransferInput.parse({ version: t.version + 7 }),
      }),
    );
    expect(e).toMatchObject({ code: 'invalid_state', details: { reason: 'stale_version' } });
    expect((await getTransfer({ ctx: w.ctx, id: t.id })).status).toBe('approved');
  });

  it('give the held stock back when their approval is rejected', async () => {
    await putPolicies({
      ctx: w.ctx,
      input: PutApprovalPoliciesInput.parse({
        policies: [{ documentType: 'transfer', levels: [{ minQuantity: 3, role: 'manager' }] }],
      }),
    });
    const before = await w.available('TEA', 'W1');
    const t = await createTransfer({ ctx: w.ctx, input: request(4) });
    expect(t.status).toBe('pending_approval');
    expect(await w.available('TEA', 'W1')).toBe(before - 4);
    const rejected = await decideTransfer({
      ctx: manager,
      id: t.id,
      approve: false,
      input: { version: t.version, comment: 'not this week' },
    });
    expect(rejected).toMatchObject({ status: 'rejected', decided: { decision: 'rejected' } });
    expect(await w.available('TEA', 'W1')).toBe(before);
    const twice = await refusal(
      decideTransfer({ ctx: manager, id: t.id, approve: true, input: { version: t.version } }),
    );
    expect(twice.code).toBe('invalid_state');
  });
});

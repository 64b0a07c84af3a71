import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  putPolicies,
  PutApprovalPoliciesInput,
} from '../../../core/services/approvals/policies.js';
import type { ServiceContext } from '../../../core/services/context.js';
import { InboxInput, listInbox } from '../../../core/services/documents/inbox.js';
import {
  createTransfer,
  CreateTransferInput,
} from '../../../core/services/transfers/create-transfer.js';
import { decideTransfer } from '../../../core/services/transfers/decide-transfer.js';
import { refusal, serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/* The rules approvals/ owns, called directly: levels in order, who may decide, the inbox. */
let w: ServiceWorld;
let clerk: ServiceContext;
let manager: ServiceContext;
let owner: ServiceContext;
beforeAll(async () => {
  w = await serviceWorld();
  clerk = await w.as('clerk', 'Zhao Lei');
  manager = await w.as('manager', 'Chen Jing');
  owner = await w.as('admin', 'Sun Li');
  await w.receive('TEA', 'W1', 50);
  await putPolicies({
    ctx: w.ctx,
    input: PutApprovalPoliciesInput.parse({
      policies: [
        {
          documentType: 'transfer',
          combineLevels: false,
          levels: [
            { minQuantity: 1, role: 'manager' },
            { minQuantity: 10, role: 'admin' },
          ],
        },
      ],
    }),
  });
});
afterAll(() => w.cleanup());

const inbox = (ctx: ServiceContext) => listInbox({ ctx, input: InboxInput.parse({}) });

describe('approvals', () => {
  it('ask each level in order; the requester never decides their own document', async () => {
    const t = await createTransfer({
      ctx: clerk,
      input: CreateTransferInput.parse({
        from: 'W1',
        to: 'S1',
        lines: [{ sku: 'TEA', quantity: 12 }],
      }),
    });
    expect(t.status).toBe('pending_approval');
    expect((await inbox(manager)).map((i) => [i.documentId, i.level])).toEqual([[t.id, 0]]);
    // An admin outranks the manager's level: theirs to decide too.
    expect((await inbox(owner)).map((i) => [i.documentId, i.level])).toEqual([[t.id, 0]]);

    const own = await refusal(
      decideTransfer({ ctx: clerk, id: t.id, approve: true, input: { version: t.version } }),
    );
    expect(own).toMatchObject({ code: 'forbidden', details: { reason: 'own_document' } });

    const first = await decideTransfer({
      ctx: manager,
      id: t.id,
      approve: true,
      input: { version: t.version },
    });
    expect(first).toMatchObject({
      status: 'pending_approval',
      decided: { decision: 'approved', levels: [0] },
    });
    expect((await inbox(owner)).map((i) => [i.documentId, i.level])).toEqual([[t.id, 1]]);
    expect(await inbox(manager)).toEqual([]);

    const stale = await refusal(
      decideTransfer({ ctx: owner, id: t.id, approve: true, input: { version: t.version } }),
    );
    expect(stale).toMatchObject({ code: 'invalid_state', details: { reason: 'stale_version' } });
    const last = await decideTransfer({
      ctx: owner,
      id: t.id,
      approve: true,
      input: { version: first.version },
    });
    expect(last).toMatchObject({ status: 'approved', decided: { levels: [1] } });
    expect(await inbox(owner)).toEqual([]);
  });
});

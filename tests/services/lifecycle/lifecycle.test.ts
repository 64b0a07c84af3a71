import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVAL_KINDS, DOCUMENT_KINDS } from '../../../core/domain/documents.js';
import { withTransaction } from '../../../core/services/context.js';
import { assertCan, transition } from '../../../core/services/lifecycle/lifecycle.js';
import {
  createTransfer,
  CreateTransferInput,
} from '../../../core/services/transfers/create-transfer.js';
import { refusal, serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/*
 * The one lifecycle: every document kind's descriptor names a real table with the
 * columns the compare-and-set writes, and the one assertCan / transition answer as
 * each document's refusals always did.
 */
let w: ServiceWorld;
beforeAll(async () => {
  w = await serviceWorld();
  await w.receive('TEA', 'W1', 10);
});
afterAll(() => w.cleanup());

describe('document descriptors', () => {
  it('name tables that have the status, version and updated_at the lifecycle writes', async () => {
    for (const [kind, d] of Object.entries(DOCUMENT_KINDS)) {
      const { rows } = await w.temp.database.client.execute(`PRAGMA table_info(${d.table})`);
      const columns = rows.map((r) => String(r['name']));
      expect(columns, kind).toEqual(
        expect.arrayContaining(['id', 'status', 'version', 'updated_at']),
      );
    }
  });

  it('send every approval to a document whose machine has its statuses', () => {
    for (const [type, a] of Object.entries(APPROVAL_KINDS)) {
      const machine = DOCUMENT_KINDS[a.document].machine as Record<
        string,
        { from: readonly string[]; to: readonly string[] }
      >;
      const reached = new Set(Object.values(machine).flatMap((s) => [...s.from, ...s.to]));
      for (const status of [a.waiting, a.approved, a.rejected])
        expect(reached, type).toContain(status);
    }
  });
});

describe('assertCan and transition', () => {
  const doc = { id: 1, status: 'shipped', version: 3 };

  it('refuses an action the machine does not start from the status: invalid_state with entity and status', () => {
    let thrown: unknown;
    try {
      assertCan('sales_order', doc, 'cancel');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'sales_order', status: 'shipped' },
    });
    expect(() => assertCan('sales_order', doc, 'pay')).not.toThrow();
  });

  it('refuses a stale version with reason stale_version', () => {
    expect(() => assertCan('sales_order', doc, 'pay', 2)).toThrow(
      expect.objectContaining({
        code: 'invalid_state',
        details: expect.objectContaining({ reason: 'stale_version', version: 3 }),
      }),
    );
  });

  it('moves a document once: a second move from the state it read is refused, nothing changed', async () => {
    const t = await createTransfer({
      ctx: w.ctx,
      input: CreateTransferInput.parse({
        from: 'W1',
        to: 'S1',
        lines: [{ sku: 'TEA', quantity: 2 }],
        submit: false,
      }),
    });
    expect(t.status).toBe('draft');
    const read = { id: t.id, status: t.status, version: t.version };
    await withTransaction(w.ctx, (tx) =>
      transition(tx, 'transfer', read, 'submit', 'approved', w.clock.now),
    );
    const again = await refusal(
      withTransaction(w.ctx, (tx) =>
        transition(tx, 'transfer', read, 'submit', 'approved', w.clock.now),
      ),
    );
    expect(again).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'transfer', status: 'draft' },
    });
    const { rows } = await w.temp.database.client.execute({
      sql: 'SELECT status, version FROM transfers WHERE id = ?',
      args: [t.id],
    });
    expect(rows[0]).toMatchObject({ status: 'approved', version: t.version + 1 });
  });

  it('refuses an outcome the action cannot end in (a programming error, not a user one)', async () => {
    await expect(
      withTransaction(w.ctx, (tx) =>
        transition(
          tx,
          'transfer',
          { id: 1, status: 'draft', version: 1 },
          'submit',
          'received',
          w.clock.now,
        ),
      ),
    ).rejects.toThrow('transfer submit cannot end in received');
  });
});

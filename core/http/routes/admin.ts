import { z } from 'zod';
import { isAdmin } from '../../domain/actor.js';
import { AuditPage, listAudit, ListAuditInput } from '../../services/admin/list-audit.js';
import { verifyLedger } from '../../services/admin/verify-ledger.js';
import { forbidden } from '../../services/errors.js';
import type { Api } from '../route.js';

const Mismatch = z.object({
  rule: z.string(),
  sku: z.string(),
  location: z.string().optional(),
  expected: z.number(),
  actual: z.number(),
});

export function adminRoutes(api: Api): void {
  api.add({
    method: 'get',
    path: '/audit',
    tag: 'admin',
    summary: 'Who changed what, when, from where (admin, manager)',
    query: ListAuditInput,
    success: { status: 200, description: 'Audit records in the order written', schema: AuditPage },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, query }) => listAudit({ ctx, input: query }),
  });
  api.add({
    method: 'get',
    path: '/admin/verify',
    tag: 'admin',
    summary: 'Replay every movement and compare with balances and holds (admin)',
    success: {
      status: 200,
      description: 'ok is false when any invariant fails; each mismatch is listed',
      schema: z.object({
        ok: z.boolean(),
        movements: z.number(),
        balances: z.number(),
        mismatches: z.array(Mismatch),
      }),
    },
    errors: ['forbidden'],
    handler: async ({ ctx }) => {
      if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
      return verifyLedger(ctx.database.client);
    },
  });
}

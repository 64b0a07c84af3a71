import { z } from 'zod';
import type { Api } from '../route.js';

/** The service's own routes under the API base, documented like the rest. */
export function serviceRoutes(api: Api, document: () => unknown): void {
  api.add({
    method: 'get',
    path: '/healthz',
    tag: 'service',
    auth: false,
    summary: 'Whether the service answers (also at /healthz)',
    success: { status: 200, description: 'It does', schema: z.object({ ok: z.literal(true) }) },
    handler: async () => ({ ok: true }),
  });
  api.add({
    method: 'get',
    path: '/openapi.json',
    tag: 'service',
    auth: false,
    summary: 'This document (also at /openapi.json)',
    success: {
      status: 200,
      description: 'The OpenAPI 3.1 document',
      schema: z.record(z.string(), z.unknown()),
    },
    handler: async () => document(),
  });
}

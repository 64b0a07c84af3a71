import { z } from 'zod';
import {
  AlertRuleDto,
  AlertRulesAnswer,
  deleteAlertRule,
  listAlertRules,
  putAlertRules,
  PutAlertRulesInput,
  RuleKey,
} from '../../services/alerts/alert-rules.js';
import {
  EffectiveRule,
  effectiveRule,
  EffectiveRuleQuery,
} from '../../services/alerts/effective-rule.js';
import {
  acknowledgeAlert,
  AlertDto,
  listAlerts,
  ListAlertsInput,
} from '../../services/alerts/alerts.js';
import { Id } from '../../services/schemas.js';
import {
  createSubscription,
  CreateSubscriptionInput,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  SubscriptionDto,
} from '../../services/webhooks/subscriptions.js';
import type { Api } from '../route.js';

export function alertRoutes(api: Api): void {
  api.add({
    method: 'get',
    path: '/alerts',
    tag: 'alerts',
    summary: 'Stock alerts, oldest first',
    query: ListAlertsInput,
    success: { status: 200, description: 'Alerts', schema: z.object({ items: z.array(AlertDto) }) },
    errors: ['not_found'],
    handler: async ({ ctx, query }) => ({ items: await listAlerts({ ctx, input: query }) }),
  });
  api.add({
    method: 'post',
    path: '/alerts/:id/acknowledge',
    tag: 'alerts',
    summary: 'Say someone is on it (open → acknowledged)',
    params: z.object({ id: Id }),
    body: z.strictObject({}),
    success: { status: 200, description: 'The alert', schema: AlertDto },
    errors: ['forbidden', 'not_found', 'invalid_state'],
    handler: ({ ctx, params }) => acknowledgeAlert({ ctx, id: params.id }),
  });
  api.add({
    method: 'get',
    path: '/alert-rules',
    tag: 'alerts',
    summary: 'Alert rules (item × location, item, location, default)',
    success: {
      status: 200,
      description: 'Rules',
      schema: z.object({ items: z.array(AlertRuleDto) }),
    },
    handler: async ({ ctx }) => ({ items: await listAlertRules({ ctx }) }),
  });
  api.add({
    method: 'put',
    path: '/alert-rules',
    tag: 'alerts',
    summary:
      'Set or remove the rules of the scopes given (admin, manager); alerts follow the new rules at once',
    description:
      'Each field a rule leaves out comes from the next broader rule that sets it (item × location, item, location, default). The alerts of the balances in each changed scope are evaluated in the same transaction; a scope of more than 1,000 balances continues in the background (`evaluation.continuing`).',
    body: PutAlertRulesInput,
    success: {
      status: 200,
      description: 'All rules, and how many balances were evaluated',
      schema: AlertRulesAnswer,
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, body }) => putAlertRules({ ctx, input: body }),
  });
  api.add({
    method: 'delete',
    path: '/alert-rules',
    tag: 'alerts',
    summary:
      'Delete the rule of one scope: `?sku=&location=` (either or both omitted for the broader scopes)',
    query: RuleKey,
    success: {
      status: 200,
      description: 'The rules left, and how many balances were evaluated',
      schema: AlertRulesAnswer,
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, query }) => deleteAlertRule({ ctx, key: query }),
  });
  api.add({
    method: 'get',
    path: '/alert-rules/effective',
    tag: 'alerts',
    summary:
      'The rule that applies to an item at a location, field by field, and which rule each field comes from',
    query: EffectiveRuleQuery,
    success: { status: 200, description: 'The resolved rule', schema: EffectiveRule },
    errors: ['not_found'],
    handler: ({ ctx, query }) => effectiveRule({ ctx, query }),
  });
  api.add({
    method: 'post',
    path: '/subscriptions',
    tag: 'alerts',
    summary: 'Deliver events to a webhook: generic (signed JSON), wecom, dingtalk, feishu, slack',
    body: CreateSubscriptionInput,
    success: {
      status: 201,
      description: 'The subscription, with its secret (shown once)',
      schema: SubscriptionDto,
      location: '/subscriptions/{id}',
    },
    errors: ['forbidden'],
    handler: ({ ctx, body }) => createSubscription({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/subscriptions',
    tag: 'alerts',
    summary: 'Active webhook subscriptions',
    success: {
      status: 200,
      description: 'Subscriptions',
      schema: z.object({ items: z.array(SubscriptionDto) }),
    },
    handler: async ({ ctx }) => ({ items: await listSubscriptions({ ctx }) }),
  });
  api.add({
    method: 'get',
    path: '/subscriptions/:id',
    tag: 'alerts',
    summary:
      'A webhook subscription and whether its target takes our messages (last error, failing since)',
    params: z.object({ id: Id }),
    success: {
      status: 200,
      description: 'The subscription with its delivery health',
      schema: SubscriptionDto,
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, params }) => getSubscription({ ctx, id: params.id }),
  });
  api.add({
    method: 'delete',
    path: '/subscriptions/:id',
    tag: 'alerts',
    summary: 'Stop delivering to a webhook',
    params: z.object({ id: Id }),
    success: {
      status: 200,
      description: 'The subscription, now inactive',
      schema: SubscriptionDto,
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, params }) => deleteSubscription({ ctx, id: params.id }),
  });
}

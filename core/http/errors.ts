import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Issue, ResultCode } from '../domain/codes.js';
import { errorMessage, issueMessage } from '../i18n/error-messages.js';
import type { Lang } from '../i18n/language.js';
import type { MessageContext } from '../i18n/render.js';
import { ServiceError } from '../services/errors.js';
import { resultsContext } from '../services/names.js';
import type { Database } from '../services/context.js';
import type { AppEnv } from './env.js';

/** The one place where result codes become HTTP statuses. */
export const STATUS: Record<ResultCode, ContentfulStatusCode> = {
  invalid_json: 400,
  payload_too_large: 413,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  already_exists: 409,
  idempotency_key_reused: 409,
  invalid_state: 409,
  already_returned: 409,
  insufficient_stock: 409,
  lot_expired: 409,
  location_quarantined: 409,
  quantity_limit_exceeded: 409,
  batch_rejected: 409,
  busy: 503,
  internal_error: 500,
};

export interface ErrorJson {
  code: ResultCode;
  message: string;
  details?: unknown;
}

/** An error as clients get it: stable code, message in their language, details as data. */
export function renderError(
  error: ServiceError,
  lang: Lang,
  context: MessageContext = {},
): ErrorJson {
  // An unknown sku that matches an item in another case: the message and details suggest it.
  const suggestion =
    error.code === 'not_found' && error.params['entity'] === 'item'
      ? context.suggestions?.[String(error.params['key'])]
      : undefined;
  const params = suggestion ? { ...error.params, suggestion } : error.params;
  const json: ErrorJson = {
    code: error.code,
    message: errorMessage(error.code, params, lang, context),
  };
  if (suggestion && error.details && typeof error.details === 'object')
    json.details = { ...(error.details as object), suggestion };
  if (error.code === 'validation_failed' && Array.isArray(error.details)) {
    json.details = (error.details as Issue[]).map((raw) => {
      const issue = suggested(raw, context);
      return { ...issue, message: issueMessage(issue, lang, context) };
    });
  } else if (error.code === 'batch_rejected') {
    json.details = renderResults(error.details, lang, context);
  } else if (error.details !== undefined && json.details === undefined) {
    json.details = error.details;
  }
  return json;
}

/** An `unknown_sku` issue with the sku it matches in another case, if there is one. */
function suggested(issue: Issue, context: MessageContext): Issue {
  const sku = issue.params?.['sku'];
  const suggestion =
    issue.code === 'unknown_sku' && typeof sku === 'string'
      ? context.suggestions?.[sku]
      : undefined;
  return suggestion ? { ...issue, params: { ...issue.params, suggestion } } : issue;
}

/**
 * Batch row results carry ServiceErrors; render each one. A row's message is its real
 * reason (the problems themselves, not "1 problem, see details"), because a sheet or an
 * import report shows one message per row.
 */
export function renderResults(details: unknown, lang: Lang, context: MessageContext = {}): unknown {
  const { results } = details as { results: Array<{ error?: unknown }> };
  return {
    results: results.map((r) => {
      if (!(r.error instanceof ServiceError)) return r;
      const error = renderError(r.error, lang, context);
      if (error.code === 'validation_failed' && Array.isArray(error.details)) {
        error.message = (error.details as Array<{ message: string }>)
          .map((d) => d.message)
          .join(lang === 'zh-CN' ? '；' : '; ');
      }
      return { ...r, error };
    }),
  };
}

/** `renderResults` with the names the rows refer to looked up first. */
export async function named(
  ctx: { database: Database },
  details: { results: unknown[] },
  lang: Lang,
): Promise<unknown> {
  return renderResults(details, lang, await resultsContext(ctx.database, details.results));
}

export function errorResponse(
  c: Context<AppEnv>,
  error: ServiceError,
  context: MessageContext = {},
): Response {
  const lang = c.get('lang') ?? 'en';
  if (error.code === 'unauthenticated') c.header('WWW-Authenticate', 'Bearer');
  if (error.code === 'busy') c.header('Retry-After', '1');
  return c.json({ error: renderError(error, lang, context) }, STATUS[error.code]);
}

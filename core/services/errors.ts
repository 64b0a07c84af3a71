import { constraintName, DatabaseBusyError } from '../db/errors.js';
import type { Issue, ResultCode } from '../domain/codes.js';

export type ErrorParams = Record<string, string | number>;

/**
 * A refusal with a stable code. Services throw it; each transport turns the code into
 * its own answer (an HTTP status and a localized message, a bot reply). `params` fill
 * the message; `details` go to the client as they are.
 */
export class ServiceError extends Error {
  readonly code: ResultCode;
  readonly params: ErrorParams;
  readonly details: unknown;

  constructor(code: ResultCode, options: { params?: ErrorParams; details?: unknown } = {}) {
    super(code);
    this.name = 'ServiceError';
    this.code = code;
    this.params = options.params ?? {};
    this.details = options.details;
  }
}

export function validationFailed(issues: Issue[]): ServiceError {
  return new ServiceError('validation_failed', {
    params: { count: issues.length },
    details: issues,
  });
}

export function notFound(entity: string, key: string | number): ServiceError {
  return new ServiceError('not_found', {
    params: { entity, key: String(key) },
    details: { entity, key },
  });
}

export function forbidden(reason: string): ServiceError {
  return new ServiceError('forbidden', { params: { reason }, details: { reason } });
}

export function alreadyExists(entity: string, key: string): ServiceError {
  return new ServiceError('already_exists', { params: { entity, key }, details: { entity, key } });
}

export function invalidState(entity: string, status: string): ServiceError {
  return new ServiceError('invalid_state', {
    params: { entity, status },
    details: { entity, status },
  });
}

/**
 * A change that names a document version other than the current one: someone changed
 * the document since the caller read it. The same code as a wrong state (the change
 * cannot happen now), with `reason: 'stale_version'` and the current version.
 */
export function staleVersion(
  entity: string,
  doc: { status: string; version: number },
): ServiceError {
  const details = { entity, status: doc.status, version: doc.version, reason: 'stale_version' };
  return new ServiceError('invalid_state', { params: details, details });
}

/**
 * Anything thrown that is not a `ServiceError` yet has a meaning for the client:
 * a busy database, a balance that would overflow. Everything else is a bug.
 */
export function toServiceError(error: unknown, requestId: string): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof DatabaseBusyError) return new ServiceError('busy');
  if (constraintName(error)?.includes('balances_safe_integer'))
    return new ServiceError('quantity_limit_exceeded');
  return new ServiceError('internal_error', { params: { requestId } });
}

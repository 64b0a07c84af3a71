import { describe, expect, it } from 'vitest';
import { RESULT_CODES } from '../../core/domain/codes.js';
import { DatabaseBusyError } from '../../core/db/errors.js';
import { STATUS, renderError } from '../../core/http/errors.js';
import { toServiceError } from '../../core/services/errors.js';
import { ServiceError } from '../../core/services/errors.js';

describe('error mapping', () => {
  it("gives every result code a 4xx, except the service's own 5xx", () => {
    for (const code of RESULT_CODES) {
      const status = STATUS[code];
      if (code === 'busy') expect(status).toBe(503);
      else if (code === 'internal_error') expect(status).toBe(500);
      else expect(status, code).toBeGreaterThanOrEqual(400), expect(status, code).toBeLessThan(500);
    }
  });

  it('maps a busy database to 503 busy and an overflowing balance to quantity_limit_exceeded', () => {
    expect(toServiceError(new DatabaseBusyError(new Error('locked')), 'r1').code).toBe('busy');
    const constraint = Object.assign(new Error('x'), {
      cause: {
        code: 'SQLITE_CONSTRAINT',
        message: 'CHECK constraint failed: balances_safe_integer',
      },
    });
    expect(toServiceError(constraint, 'r1').code).toBe('quantity_limit_exceeded');
  });

  it('hides a bug behind internal_error with the request id, never its message', () => {
    const mapped = toServiceError(new TypeError('secret internals'), 'req-42');
    expect(mapped.code).toBe('internal_error');
    const json = renderError(mapped, 'en');
    expect(json.message).toContain('req-42');
    expect(JSON.stringify(json)).not.toContain('secret internals');
    expect(toServiceError(new ServiceError('forbidden'), 'r').code).toBe('forbidden');
  });
});

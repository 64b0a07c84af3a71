import type { Issue } from '../domain/codes.js';
import { ServiceError, validationFailed } from './errors.js';
import { joinPath } from './validation.js';

/** Reference fields by the entity `not_found` names: the issue code and its parameter. */
const UNKNOWN: Record<string, { code: string; param: string }> = {
  item: { code: 'unknown_sku', param: 'sku' },
  barcode: { code: 'unknown_barcode', param: 'barcode' },
  location: { code: 'unknown_location', param: 'location' },
  lot: { code: 'unknown_lot', param: 'lot' },
};

type Entry = { path: string; issue: Issue } | { path: string; error: ServiceError };

/**
 * Every problem of one request, collected instead of thrown at the first, so that the
 * answer lists them all: the shape of the body, what it refers to, the stock. Checks
 * run through `at(path, check)`, which records a refusal under the field or line it is
 * about (`lines.3`) and goes on.
 *
 * `throwIfAny` answers by one rule, the same for every route:
 * - only shortages: `insufficient_stock`, every short line in `details.lines`;
 * - a single refusal (an unknown location, a lot past expiry): that refusal as it is;
 * - anything else: `validation_failed` whose `details` has every problem as an issue at
 *   its path, refusals included under their own codes (`unknown_sku`, `insufficient_stock`,
 *   `lot_expired`, `forbidden`, …).
 *
 * @example
 * const problems = new Problems();
 * const lines = input.lines.map((l, i) => problems.at(`lines.${i}`, () => resolve(l)));
 * problems.throwIfAny();
 */
export class Problems {
  readonly #entries: Entry[] = [];

  get empty(): boolean {
    return this.#entries.length === 0;
  }

  /** Records issues whose paths are already complete. */
  add(...issues: Issue[]): this {
    for (const issue of issues) this.#entries.push({ path: issue.path, issue });
    return this;
  }

  /** Records a refusal about the field or line at `path`. */
  refuse(path: string, error: ServiceError): this {
    if (error.code === 'validation_failed') {
      for (const issue of error.details as Issue[])
        this.add({ ...issue, path: joinPath(path, issue.path) });
    } else {
      this.#entries.push({ path, error });
    }
    return this;
  }

  /** Takes in every problem another collector recorded. */
  refuseAll(other: Problems): this {
    this.#entries.push(...other.#entries);
    return this;
  }

  /** Runs `check`; a refusal is recorded under `path` (and undefined returned) instead of thrown. */
  at<T>(path: string, check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ServiceError) || !COLLECTED.has(error.code)) throw error;
      this.refuse(path, error);
      return undefined;
    }
  }

  /** `at` for checks that wait on the database. */
  async atAsync<T>(path: string, check: () => Promise<T>): Promise<T | undefined> {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ServiceError) || !COLLECTED.has(error.code)) throw error;
      this.refuse(path, error);
      return undefined;
    }
  }

  /** Every problem as issues at their paths (refusals under their own codes). */
  issues(): Issue[] {
    return this.#entries.flatMap((e) => ('issue' in e ? [e.issue] : issuesOf(e.error, e.path)));
  }

  /** The one answer for everything recorded (see the class), or nothing when all is well. */
  answer(): ServiceError | undefined {
    const entries = this.#entries;
    if (entries.length === 0) return undefined;
    const errors = entries.flatMap((e) => ('error' in e ? [e] : []));
    if (
      errors.length === entries.length &&
      errors.every((e) => e.error.code === 'insufficient_stock')
    ) {
      const lines = errors.flatMap((e) =>
        shortLines(e.error).map((l) => ({ ...l, path: joinPath(e.path, 'quantity') })),
      );
      return new ServiceError('insufficient_stock', {
        params: lines[0]!,
        details: { ...lines[0], lines },
      });
    }
    if (entries.length === 1 && errors.length === 1) return errors[0]!.error;
    return validationFailed(this.issues());
  }

  throwIfAny(): void {
    const error = this.answer();
    if (error) throw error;
  }
}

/** Refusals a request can have several of, one per field or line; anything else stops it at once. */
const COLLECTED = new Set<string>([
  'validation_failed',
  'not_found',
  'insufficient_stock',
  'lot_expired',
  'forbidden',
  'already_exists',
  'invalid_state',
]);

/** A refusal as the issues it stands for, under `path`. */
export function issuesOf(error: ServiceError, path: string): Issue[] {
  switch (error.code) {
    case 'validation_failed':
      return (error.details as Issue[]).map((issue) => ({
        ...issue,
        path: joinPath(path, issue.path),
      }));
    case 'not_found': {
      const { entity, key } = error.details as { entity: string; key: string | number };
      const unknown = UNKNOWN[entity];
      return unknown
        ? [{ path, code: unknown.code, params: { [unknown.param]: String(key) } }]
        : [{ path, code: 'not_found', params: { entity, key: String(key) } }];
    }
    case 'insufficient_stock':
      return shortLines(error).map((line) => ({
        path: joinPath(path, 'quantity'),
        code: 'insufficient_stock',
        params: line,
      }));
    default:
      return [{ path, code: error.code, params: error.params }];
  }
}

function shortLines(error: ServiceError): Array<Record<string, string | number>> {
  const details = error.details as { lines?: Array<Record<string, string | number>> } & Record<
    string,
    string | number
  >;
  if (Array.isArray(details.lines)) return details.lines.map(({ path: _path, ...line }) => line);
  return [details];
}

/**
 * Runs `check` on every line and answers once for all of them (see `Problems`): every
 * short line, every lot missing, not only the first.
 */
export function everyLine<T>(
  lines: readonly T[],
  check: (line: T, index: number) => void,
  pathOf = (index: number) => `lines.${index}`,
): void {
  const problems = new Problems();
  lines.forEach((line, i) => problems.at(pathOf(i), () => check(line, i)));
  problems.throwIfAny();
}

import type { z } from 'zod';
import type { Issue } from '../domain/codes.js';
import { validationFailed } from './errors.js';

/**
 * Parses `input` with `schema`, or throws `validation_failed` listing every problem,
 * each with a dotted path (`rows.3.quantity`) under `pathPrefix`.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  pathPrefix = '',
): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw validationFailed(zodIssues(result.error, pathPrefix));
  return result.data;
}

/** zod's issues as ledger issues: a code per broken rule and the numbers it needs. */
export function zodIssues(error: z.ZodError, pathPrefix = ''): Issue[] {
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    const path = joinPath(pathPrefix, issue.path.map(String).join('.'));
    switch (issue.code) {
      case 'invalid_type':
        issues.push(
          issue.input === undefined
            ? { path, code: 'required' }
            : { path, code: 'invalid_type', params: { expected: issue.expected } },
        );
        break;
      case 'too_small':
        issues.push({
          path,
          code: 'too_small',
          params: { minimum: Number(issue.minimum), origin: issue.origin },
        });
        break;
      case 'too_big':
        issues.push({
          path,
          code: 'too_big',
          params: { maximum: Number(issue.maximum), origin: issue.origin },
        });
        break;
      case 'invalid_format':
        issues.push({ path, code: 'invalid_format', params: { format: issue.format } });
        break;
      case 'invalid_value':
        issues.push(
          issue.input === undefined
            ? { path, code: 'required', params: { allowed: issue.values.map(String).join(', ') } }
            : {
                path,
                code: 'invalid_value',
                params: { allowed: issue.values.map(String).join(', ') },
              },
        );
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys)
          issues.push({ path: joinPath(path, key), code: 'unrecognized_keys' });
        break;
      case 'custom': {
        const { code, ...params } = (issue.params ?? {}) as Record<string, string | number>;
        issues.push({ path, code: String(code ?? 'invalid_value'), params });
        break;
      }
      default:
        issues.push({ path, code: 'invalid_value' });
    }
  }
  return issues;
}

export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return `${prefix}.${path}`;
}

/**
 * Adds request rules that look at several fields (one of sku or barcode; the location a
 * movement type needs) to an object schema, so that they are checked in the same pass
 * as the shape: a body with a wrong type and a missing field reports both. The rules
 * run even when some fields failed, on what was sent: they must check types themselves
 * (`typeof`), and say nothing about a field the shape already refused.
 */
export function withRules<S extends z.ZodObject>(
  schema: S,
  rules: (value: Readonly<Record<string, unknown>>) => Issue[],
) {
  return schema.superRefine(
    (value, ctx) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
      for (const issue of rules(value as Record<string, unknown>)) {
        ctx.addIssue({
          code: 'custom',
          path: issue.path ? issue.path.split('.') : [],
          params: { ...issue.params, code: issue.code },
        });
      }
    },
    { when: () => true },
  );
}

/** One element of a list checked on its own: its value, or its problems and what was sent. */
export type ParsedRow<T> =
  | { index: number; value: T }
  | { index: number; issues: Issue[]; raw: unknown };

/**
 * Parses each element of a list on its own, so that a bad row does not hide the other
 * rows' problems (an unknown sku, a shortage): the caller checks the good rows further
 * and answers once for all of them.
 */
export function parseRows<S extends z.ZodType>(
  schema: S,
  rows: readonly unknown[],
): Array<ParsedRow<z.output<S>>> {
  return rows.map((raw, index) => {
    const result = schema.safeParse(raw, { reportInput: true });
    return result.success
      ? { index, value: result.data }
      : { index, issues: zodIssues(result.error), raw };
  });
}

/** A text field of a row whose shape was refused, if it is text: its references can still be checked. */
export function textField(raw: unknown, key: string): string | undefined {
  const value =
    raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Issues of one row, under its path (`lines.3`). */
export function prefixed(issues: readonly Issue[], prefix: string): Issue[] {
  return issues.map((issue) => ({ ...issue, path: joinPath(prefix, issue.path) }));
}

import type { z } from 'zod';
import type { Issue } from '../domain/codes.js';
import { validationFailed } from './errors.js';

/**
 * Parses `input` with `schema`, or throws `validation_failed` listing every problem,
 * each with a dotted path (`rows.3.quantity`) under `pathPrefix`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, pathPrefix = ''): z.output<S> {
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
        issues.push({ path, code: 'too_small', params: { minimum: Number(issue.minimum), origin: issue.origin } });
        break;
      case 'too_big':
        issues.push({ path, code: 'too_big', params: { maximum: Number(issue.maximum), origin: issue.origin } });
        break;
      case 'invalid_format':
        issues.push({ path, code: 'invalid_format', params: { format: issue.format } });
        break;
      case 'invalid_value':
        issues.push(
          issue.input === undefined
            ? { path, code: 'required', params: { allowed: issue.values.map(String).join(', ') } }
            : { path, code: 'invalid_value', params: { allowed: issue.values.map(String).join(', ') } },
        );
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) issues.push({ path: joinPath(path, key), code: 'unrecognized_keys' });
        break;
      case 'custom':
        issues.push({ path, code: String(issue.params?.['code'] ?? 'invalid_value'), params: issue.params ?? {} });
        break;
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

import { createHash, randomBytes } from 'node:crypto';

/** A new personal access token: `inv_` and 32 random bytes, URL-safe. */
export function newToken(): string {
  return `inv_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are stored only as their SHA-256; a stolen database does not leak them. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

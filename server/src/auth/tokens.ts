import { createHash, randomBytes } from 'node:crypto';

/** A secret for a cookie or a link: 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the store keeps instead of the secret: whoever reads the store (a backup, a Redis
 * MONITOR) cannot turn it into a working session or link.
 */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Tokens are 43 URL-safe characters; anything else is refused before touching the store. */
export function isTokenShaped(value: string | undefined): value is string {
  return !!value && /^[A-Za-z0-9_-]{43}$/.test(value);
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../common/uuid.js';

/**
 * Links that grant something once (accept an invitation, reset a password). The token names its row
 * (one or more uuids, packed) and carries 256 random bits; only the SHA-256 of those bits is stored,
 * so a database reader cannot use a link, and the row is found by key, never by scanning hashes.
 */
const SECRET_BYTES = 32;
const UUID_CHARS = 22; // 16 bytes, base64url
const SECRET_CHARS = 43; // 32 bytes, base64url

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function mintToken(ids: string[]): { token: string; secretHash: string } {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  const packed = ids.map((id) => Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url')).join('');
  return { token: packed + secret, secretHash: hashSecret(secret) };
}

/** The ids and secret of a well-formed token, or null (anything else: wrong length, alphabet, ids). */
export function parseToken(token: unknown, idCount: number): { ids: string[]; secret: string } | null {
  if (typeof token !== 'string' || token.length !== idCount * UUID_CHARS + SECRET_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const ids: string[] = [];
  for (let i = 0; i < idCount; i++) {
    const hex = Buffer.from(token.slice(i * UUID_CHARS, (i + 1) * UUID_CHARS), 'base64url').toString('hex');
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    if (!isUuid(id)) return null;
    ids.push(id);
  }
  return { ids, secret: token.slice(idCount * UUID_CHARS) };
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

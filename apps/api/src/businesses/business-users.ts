import type { EntityManager } from 'typeorm';
import type { BusinessRole } from '#contracts';
import { isUniqueViolation } from '../common/database-errors.js';
import { DomainError } from '../common/domain-error.js';

export const emailTaken = (): DomainError => new DomainError(409, 'email_taken', 'An account with this e-mail address already exists');

export { isUniqueViolation };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates a business user account and its membership inside the caller's transaction. Business
 * accounts are always new here (owner at business creation, team invite): an e-mail that already
 * has an account is 409 `email_taken` — we never attach an existing person to a business silently.
 * The password arrives already hashed: argon2 runs before the transaction, not while holding it.
 */
export async function insertMember(
  em: EntityManager,
  businessId: string,
  input: { name: string; email: string; passwordHash: string; role: BusinessRole },
): Promise<{ userId: string; name: string; email: string; role: BusinessRole; joinedAt: Date }> {
  let userId: string;
  try {
    [{ id: userId }] = await em.query(`INSERT INTO users (email, name, kind, password_hash) VALUES ($1, $2, 'business', $3) RETURNING id`, [
      input.email,
      input.name,
      input.passwordHash,
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
  const [{ created_at }] = await em.query(`INSERT INTO memberships (business_id, user_id, role) VALUES ($1, $2, $3) RETURNING created_at`, [businessId, userId, input.role]);
  return { userId, name: input.name, email: input.email, role: input.role, joinedAt: new Date(created_at) };
}
